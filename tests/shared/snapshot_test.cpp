// The volume snapshot functions (JetOSSnapshot*; ESE's io.cxx, CESESnapshotSession): the
// order of the calls and the errors of a wrong one, the instances a freeze lists, the
// writes a freeze holds until the thaw (the files do not change meanwhile, and a copy of
// them taken then recovers to the state of the freeze), abort, log truncation, and the
// exclusion of external backups, attach and detach; docs/semantics.md, "Snapshots".
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

typedef std::map<std::string, std::vector<uint8_t>> Files;

struct Snapshot : ::testing::Test {
    std::string dir, db, name;
    JET_INSTANCE inst = 0;
    JET_SESID ses = 0;
    JET_DBID dbid = 0;
    JET_TABLEID tab = 0;
    JET_COLUMNID col = 0, fill = 0;

    void SetUp() override
    {
        MakeScratch("snap", "snap.edb", &dir, &db, &name);
        char abs[1024];
        ASSERT_EQ(COMPAT_OK, compat_path_absolute(dir.c_str(), abs, sizeof abs));
        dir = std::string(abs) + compat_path_separator();
        db = dir + "snap.edb";
    }
    void TearDown() override
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermDirty);
        clear_folder();
        RemoveScratch(dir, "");
    }
    void clear_folder()
    {
        std::vector<std::string> names;
        compat_dir_list(
            dir.c_str(),
            [](void *ctx, const char *n) {
                static_cast<std::vector<std::string> *>(ctx)->push_back(n);
                return true;
            },
            &names);
        for (const auto &n : names) compat_path_delete((dir + n).c_str());
    }
    void make_instance()
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, name.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, dir.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, dir.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, dir.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramLogFileSize, 128, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramMaxTemporaryTables, 0, nullptr));
    }
    void start()
    {
        make_instance();
        ASSERT_EQ(JET_errSuccess, JetInit(&inst));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &ses, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(ses, dbid, "t", 0, 100, &tab));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "id", &cd, nullptr, 0, &col));
        cd.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "fill", &cd, nullptr, 0, &fill));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(ses, tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses, dbid, "t", nullptr, 0, 0, &tab));
    }
    static JET_ERR commit_row(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, JET_COLUMNID f, int32_t id, size_t cb_fill)
    {
        std::vector<uint8_t> filler(cb_fill, (uint8_t)id);
        JET_ERR err = JetBeginTransaction(s);
        if (err >= 0) err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err >= 0) err = JetSetColumn(s, t, c, &id, sizeof id, 0, nullptr);
        if (err >= 0 && cb_fill) err = JetSetColumn(s, t, f, filler.data(), (uint32_t)cb_fill, 0, nullptr);
        if (err >= 0) err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err >= 0) err = JetCommitTransaction(s, 0);
        else JetRollback(s, 0);
        return err;
    }
    bool has_row(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
        return JetSeek(s, t, JET_bitSeekEQ) == JET_errSuccess;
    }
    // Every file of the folder but the reserve logs (kept locked) and the temporary
    // database, with its bytes.
    Files read_folder()
    {
        std::vector<std::string> names;
        compat_dir_list(
            dir.c_str(),
            [](void *ctx, const char *n) {
                static_cast<std::vector<std::string> *>(ctx)->push_back(n);
                return true;
            },
            &names);
        Files out;
        for (const auto &n : names) {
            if (n.size() > 4 && (n.compare(n.size() - 4, 4, ".jrs") == 0 || n == "tmp.edb")) continue;
            compat_file *f = nullptr;
            if (compat_file_open((dir + n).c_str(), COMPAT_FILE_READ, &f) != COMPAT_OK) continue;
            uint64_t cb = 0;
            size_t got = 0;
            EXPECT_EQ(COMPAT_OK, compat_file_size(f, &cb));
            std::vector<uint8_t> bytes((size_t)cb);
            if (cb) {
                EXPECT_EQ(COMPAT_OK, compat_file_read_at(f, bytes.data(), bytes.size(), 0, &got));
            }
            compat_file_close(f);
            out[n] = bytes;
        }
        return out;
    }
    int archived_logs()
    {
        int n = 0;
        compat_dir_list(
            dir.c_str(),
            [](void *ctx, const char *f) {
                size_t len = strlen(f);
                // edbXXXXX.log: "edb", 5 or 8 hex digits, ".log"
                if (len > 8 && strncmp(f, "edb", 3) == 0 && strcmp(f + len - 4, ".log") == 0 && len != 7)
                    ++*static_cast<int *>(ctx);
                return true;
            },
            &n);
        return n;
    }
};

// Prepare needs a running instance; every later call wants its turn, a known id and no
// stray grbit; an ended session's id is unknown.
TEST_F(Snapshot, SequenceAndItsErrors)
{
    JET_OSSNAPID id = 0;
    make_instance();
    EXPECT_EQ(JET_errNotInitialized, JetOSSnapshotPrepare(&id, 0));
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    EXPECT_EQ(JET_errInvalidGrbit, JetOSSnapshotPrepare(&id, 0x100));
    EXPECT_EQ(JET_errInvalidParameter, JetOSSnapshotPrepare(nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    EXPECT_NE((JET_OSSNAPID)0, id);
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotThaw(id + 1000, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotThaw(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotTruncateLog(id, 0));
    uint32_t c = 7;
    JET_INSTANCE_INFO_A *info = nullptr;
    EXPECT_EQ(JET_errInvalidGrbit, JetOSSnapshotFreezeA(id, &c, &info, 1));
    EXPECT_EQ(JET_errInvalidParameter, JetOSSnapshotFreezeA(id, nullptr, &info, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info, 0));
    JetFreeBuffer((char *)info);
    info = nullptr;
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotFreezeA(id, &c, &info, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotEnd(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotTruncateLog(id, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetOSSnapshotThaw(id, 1));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotThaw(id, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetOSSnapshotTruncateLog(id, 2));
    EXPECT_EQ(JET_errInvalidGrbit, JetOSSnapshotEnd(id, 2));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotEnd(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotAbort(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotFreezeA(id, &c, &info, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotGetFreezeInfoA(id, &c, &info, 0));
    // a prepared session ends as it is; abort wants no grbit
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetOSSnapshotAbort(id, 1));
    EXPECT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotEnd(id, 0));
}

// Without JET_bitContinueAfterThaw the thaw ends the session.
TEST_F(Snapshot, ThawEndsTheSessionUnlessContinued)
{
    start();
    JET_OSSNAPID id = 0;
    uint32_t c = 0;
    JET_INSTANCE_INFO_W *info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeW(id, &c, &info, 0));
    JetFreeBuffer((char *)info);
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotEnd(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotTruncateLog(id, 0));
}

// The freeze lists the instance with its database (full path), in A and W, and so does
// JetOSSnapshotGetFreezeInfo; both are freed with JetFreeBuffer.
TEST_F(Snapshot, FreezeListsTheInstanceAndItsDatabase)
{
    start();
    JET_OSSNAPID id = 0;
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotGetFreezeInfoA(id, &c, &info, 0));
    ASSERT_EQ(1u, c);
    JetFreeBuffer((char *)info);
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info, 0));
    ASSERT_EQ(1u, c);
    ASSERT_NE(nullptr, info);
    EXPECT_EQ(inst, info[0].hInstanceId);
    ASSERT_EQ(1, (int)info[0].cDatabases);
    EXPECT_EQ(db, std::string(info[0].szDatabaseFileName[0]));
    EXPECT_STREQ(name.c_str(), info[0].szInstanceName);
    JetFreeBuffer((char *)info);
    JET_INSTANCE_INFO_W *winfo = nullptr;
    EXPECT_EQ(JET_errInvalidGrbit, JetOSSnapshotGetFreezeInfoW(id, &c, &winfo, 1));
    EXPECT_EQ(JET_errInvalidParameter, JetOSSnapshotGetFreezeInfoW(id, nullptr, &winfo, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotGetFreezeInfoW(id, &c, &winfo, 0));
    ASSERT_EQ(1u, c);
    ASSERT_EQ(1, (int)winfo[0].cDatabases);
    std::string back;
    for (const WCHAR *w = winfo[0].szDatabaseFileName[0]; *w; w++) back += (char)*w;
    EXPECT_EQ(db, back);
    JetFreeBuffer((char *)winfo);
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
}

// JET_bitExplicitPrepare freezes only the instances added; an instance joins one session
// once, and only before the freeze.
TEST_F(Snapshot, ExplicitPrepareFreezesTheInstancesAdded)
{
    start();
    JET_OSSNAPID id = 0, other = 0;
    uint32_t c = 9;
    JET_INSTANCE_INFO_A *info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw | JET_bitExplicitPrepare));
    EXPECT_EQ(JET_errInvalidGrbit, JetOSSnapshotPrepareInstance(id, inst, 1));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepareInstance(id, inst, 0));
    EXPECT_EQ(JET_errOSSnapshotNotAllowed, JetOSSnapshotPrepareInstance(id, inst, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&other, JET_bitExplicitPrepare));
    EXPECT_EQ(JET_errOSSnapshotNotAllowed, JetOSSnapshotPrepareInstance(other, inst, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(other, &c, &info, 0));
    EXPECT_EQ(0u, c); // nothing joined it
    JetFreeBuffer((char *)info);
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(other, 0)); // and ends it
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info, 0));
    ASSERT_EQ(1u, c);
    EXPECT_EQ(inst, info[0].hInstanceId);
    JetFreeBuffer((char *)info);
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotPrepareInstance(id, inst, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotTruncateLogInstance(id, inst, JET_bitAllDatabasesSnapshot));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
}

// While frozen, a second session's durable commit does not return, and no file of the
// instance changes; after the thaw the commit returns and its row is there. A copy of the
// files taken during the freeze recovers to the rows committed before it.
TEST_F(Snapshot, WritesWaitForTheThaw)
{
    start();
    for (int32_t id = 1; id <= 50; id++) ASSERT_EQ(JET_errSuccess, commit_row(ses, tab, col, fill, id, 300));
    JET_SESID ses2 = 0;
    JET_DBID db2 = 0;
    JET_TABLEID tab2 = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &ses2, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(ses2, db.c_str(), nullptr, &db2, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses2, db2, "t", nullptr, 0, 0, &tab2));

    JET_OSSNAPID id = 0;
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info, 0));
    JetFreeBuffer((char *)info);
    Files frozen = read_folder();
    ASSERT_TRUE(frozen.count("snap.edb"));

    std::atomic<bool> starting{false}, thawing{false}, thawed_first{false};
    std::atomic<JET_ERR> result{1};
    std::thread writer([&] {
        starting = true;
        JET_ERR err = commit_row(ses2, tab2, col, fill, 1000, 3000);
        thawed_first = thawing.load();
        result = err;
    });
    while (!starting) std::this_thread::yield();
    // the writer's commit gets every chance to finish now, if the freeze let it
    for (int i = 0; i < 50 && result == 1; i++) compat_sleep_ms(2);
    EXPECT_EQ(1, result.load());
    // a reader is not held
    EXPECT_TRUE(has_row(ses, tab, 7));
    EXPECT_TRUE(frozen == read_folder());
    thawing = true;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    writer.join();
    EXPECT_EQ(JET_errSuccess, result.load());
    EXPECT_TRUE(thawed_first.load());
    EXPECT_TRUE(has_row(ses, tab, 1000));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));

    // the copy: the instance gone (dirty), its files replaced by those of the freeze,
    // recovery brings back the rows committed before the freeze and not the later one
    ASSERT_EQ(JET_errDirtyShutdown, JetTerm2(inst, JET_bitTermDirty));
    inst = 0;
    clear_folder();
    for (const auto &f : frozen) {
        compat_file *out = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_file_open((dir + f.first).c_str(), COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &out));
        if (!f.second.empty()) {
            ASSERT_EQ(COMPAT_OK, compat_file_write_at(out, f.second.data(), f.second.size(), 0));
        }
        ASSERT_EQ(COMPAT_OK, compat_file_close(out));
    }
    make_instance();
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &ses, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(ses, db.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses, dbid, "t", nullptr, 0, 0, &tab));
    for (int32_t id2 = 1; id2 <= 50; id2++) EXPECT_TRUE(has_row(ses, tab, id2)) << id2;
    EXPECT_FALSE(has_row(ses, tab, 1000));
}

// An abort of a frozen session lets the writes go and ends it.
TEST_F(Snapshot, AbortThawsAndEnds)
{
    start();
    JET_OSSNAPID id = 0;
    uint32_t c = 0;
    // both lists kept to the end: a replay compares where each one was allocated
    JET_INSTANCE_INFO_A *info = nullptr, *info2 = nullptr;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitCopySnapshot));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotAbort(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotThaw(id, 0));
    EXPECT_EQ(JET_errSuccess, commit_row(ses, tab, col, fill, 1, 10));
    // after an abort of a thawed session, a new one runs
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info2, 0));
    JetFreeBuffer((char *)info2);
    JetFreeBuffer((char *)info);
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, JET_bitAbortSnapshot));
    EXPECT_EQ(JET_errSuccess, commit_row(ses, tab, col, fill, 2, 10));
}

// After a normal thaw, JET_bitAllDatabasesSnapshot truncates the generations the
// checkpoint made unneeded; without it nothing goes; a copy snapshot never truncates.
TEST_F(Snapshot, TruncateLogDeletesUnneededGenerations)
{
    start();
    for (int32_t id = 1; id <= 40; id++) ASSERT_EQ(JET_errSuccess, commit_row(ses, tab, col, fill, id, 20000));
    int before = archived_logs();
    ASSERT_GT(before, 2);
    JET_OSSNAPID id = 0;
    uint32_t c = 0;
    // the three freezes' arrays are freed at the end: a freed one's address, reused by the
    // next, would make the differential replay see the same buffer where the host's
    // allocator gives another
    JET_INSTANCE_INFO_A *info[3] = {nullptr, nullptr, nullptr};

    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw | JET_bitCopySnapshot));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info[0], 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotTruncateLog(id, JET_bitAllDatabasesSnapshot));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    int after_copy = archived_logs();
    EXPECT_GE(after_copy, before);

    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info[1], 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotTruncateLog(id, 0));
    EXPECT_GE(archived_logs(), after_copy);
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));

    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info[2], 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotTruncateLog(id, JET_bitAllDatabasesSnapshot));
    EXPECT_LE(archived_logs(), 1);
    // a second truncate (of each instance in turn) is allowed and finds nothing left
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotTruncateLog(id, JET_bitAllDatabasesSnapshot));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    EXPECT_TRUE(has_row(ses, tab, 40));
    for (JET_INSTANCE_INFO_A *i : info) JetFreeBuffer((char *)i);
}

// From the freeze to the end a snapshot is a backup of the instance: no external backup,
// attach or detach; a snapshot does not freeze an instance under an external backup.
TEST_F(Snapshot, ExcludesExternalBackupAttachAndDetach)
{
    start();
    JET_OSSNAPID id = 0;
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info, 0));
    JetFreeBuffer((char *)info);
    EXPECT_EQ(JET_errBackupInProgress, JetBeginExternalBackupInstance(inst, 0));
    EXPECT_EQ(JET_errBackupInProgress, JetDetachDatabaseA(ses, db.c_str()));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    EXPECT_EQ(JET_errBackupInProgress, JetAttachDatabaseA(ses, db.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));

    ASSERT_EQ(JET_errSuccess, JetBeginExternalBackupInstance(inst, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    EXPECT_EQ(JET_errOSSnapshotNotAllowed, JetOSSnapshotFreezeA(id, &c, &info, 0));
    EXPECT_EQ(0u, c);
    ASSERT_EQ(JET_errSuccess, JetEndExternalBackupInstance2(inst, JET_bitBackupEndAbort));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info, 0));
    EXPECT_EQ(1u, c);
    JetFreeBuffer((char *)info);
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
}

// JetTerm of a frozen instance thaws it and takes it out of its session.
TEST_F(Snapshot, TermLeavesTheSession)
{
    start();
    JET_OSSNAPID id = 0;
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreezeA(id, &c, &info, 0));
    JetFreeBuffer((char *)info);
    ASSERT_EQ(JET_errSuccess, JetEndSession(ses, 0));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    inst = 0;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotGetFreezeInfoA(id, &c, &info, 0));
    EXPECT_EQ(0u, c);
    JetFreeBuffer((char *)info);
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
}

} // namespace
