// Backup and restore through the public API (docs/log-format.md, "Backup and restore"):
// an external backup while another thread commits, restored into a fresh folder; JetBackup
// and JetRestore; the error codes of misuse (ESE's backup.cxx, logutil.cxx).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "compat.h"
#include "esent.h"

namespace {

const uint32_t kPage = 4096; // JET_paramDatabasePageSize's default

// A buffer on a page boundary, as ErrBKReadFile wants.
struct Aligned {
    std::vector<uint8_t> raw;
    uint8_t *p;
    explicit Aligned(size_t cb) : raw(cb + 4096)
    {
        uintptr_t a = reinterpret_cast<uintptr_t>(raw.data());
        p = raw.data() + ((4096 - a % 4096) % 4096);
    }
};

struct Backup : ::testing::Test {
    std::string root, live, bak, rst, db;
    JET_INSTANCE inst = 0, inst2 = 0;
    JET_SESID ses = 0;
    JET_DBID dbid = 0;
    JET_TABLEID tab = 0;
    JET_COLUMNID col = 0, fill = 0;

    void SetUp() override
    {
        char cwd[1024];
        ASSERT_EQ(COMPAT_OK, compat_current_dir(cwd, sizeof cwd));
        const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
        root = std::string(cwd) + "backup_" + info->name() + compat_path_separator(); // cwd ends with one
        remove_tree();
        live = root + "live" + compat_path_separator();
        bak = root + "bak" + compat_path_separator();
        rst = root + "rst" + compat_path_separator();
        ASSERT_EQ(COMPAT_OK, compat_dir_create_parents(live.c_str()));
        ASSERT_EQ(COMPAT_OK, compat_dir_create_parents(bak.c_str()));
        ASSERT_EQ(COMPAT_OK, compat_dir_create_parents(rst.c_str()));
        db = live + "live.edb";
    }
    void TearDown() override
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermDirty);
        if (inst2 != 0) JetTerm2(inst2, JET_bitTermDirty);
        remove_tree();
    }
    static void remove_dir(const std::string &dir)
    {
        std::string d = dir;
        if (!d.empty() && (d.back() == '/' || d.back() == '\\')) d.pop_back();
        compat_dir_list(
            d.c_str(),
            [](void *ctx, const char *name) {
                std::string p = *static_cast<std::string *>(ctx) + compat_path_separator() + name;
                compat_path_delete(p.c_str());
                return true;
            },
            &d);
        compat_dir_remove(d.c_str());
    }
    void remove_tree()
    {
        for (const char *sub : {"live", "bak", "rst"}) remove_dir(root + sub);
        remove_dir(root);
    }
    // An instance logging into folder (its log, checkpoint and temporary database there).
    void make_instance(JET_INSTANCE *pi, const char *name, const std::string &folder, bool log)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(pi, name));
        // the log is on by default; "off" turns it off
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(pi, 0, JET_paramRecovery, 0, log ? "on" : "off"));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(pi, 0, JET_paramLogFilePath, 0, folder.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(pi, 0, JET_paramSystemPath, 0, folder.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(pi, 0, JET_paramTempPath, 0, folder.c_str()));
        // small generations, so that a backup spans several
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(pi, 0, JET_paramLogFileSize, 256, nullptr));
    }
    void start(bool log = true)
    {
        make_instance(&inst, "live", live, log);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &ses, nullptr, nullptr));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(ses, dbid, "t", 0, 100, &tab));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "id", &cd, nullptr, 0, &col));
        cd.coltyp = JET_coltypBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "fill", &cd, nullptr, 0, &fill));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(ses, tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        // opened again without the creation's exclusive lock: other sessions use it too
        ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses, dbid, "t", nullptr, 0, 0, &tab));
    }
    static JET_ERR insert(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, JET_COLUMNID f, int32_t id)
    {
        uint8_t filler[200];
        memset(filler, id & 0xff, sizeof filler);
        JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err >= 0) err = JetSetColumn(s, t, c, &id, sizeof id, 0, nullptr);
        if (err >= 0) err = JetSetColumn(s, t, f, filler, sizeof filler, 0, nullptr);
        if (err >= 0) err = JetUpdate(s, t, nullptr, 0, nullptr);
        return err;
    }
    void commit_row(int32_t id)
    {
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
        ASSERT_EQ(JET_errSuccess, insert(ses, tab, col, fill, id));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(ses, 0));
    }
    // Restores bak into the fresh folder rst with a new instance, starts it and opens the
    // restored database.
    void restore_and_open(JET_SESID *s2, JET_TABLEID *t2)
    {
        make_instance(&inst2, "restored", rst, true);
        ASSERT_EQ(JET_errSuccess, JetRestoreInstanceA(inst2, bak.c_str(), rst.c_str(), nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst2));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst2, s2, nullptr, nullptr));
        std::string path = rst + "live.edb";
        // the restored database is clean: it attaches without a warning
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(*s2, path.c_str(), 0));
        JET_DBID d2 = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(*s2, path.c_str(), nullptr, &d2, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(*s2, d2, "t", nullptr, 0, 0, t2));
    }
    bool has_row(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
        return JetSeek(s, t, JET_bitSeekEQ) == JET_errSuccess;
    }
    // Copies a file through JetOpenFile/JetReadFile into bak, chunk pages at a time
    // (each_chunk runs between reads).
    template <typename F> void copy_file(const char *path, uint32_t chunk, F each_chunk)
    {
        JET_HANDLE h = 0;
        uint32_t lo = 0, hi = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenFileInstanceA(inst, path, &h, &lo, &hi));
        uint64_t cb = (uint64_t)hi << 32 | lo;
        const char *name = path + strlen(path);
        while (name > path && name[-1] != '/' && name[-1] != '\\') name--;
        std::string dest = bak + name;
        compat_file *out = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_file_open(dest.c_str(), COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE, &out));
        Aligned buf(16 * kPage);
        uint64_t at = 0;
        bool first = true;
        while (at < cb) {
            uint32_t got = 0;
            uint32_t ask = (first ? 4u : chunk) * kPage;
            ASSERT_EQ(JET_errSuccess, JetReadFileInstance(inst, h, buf.p, ask, &got));
            ASSERT_GT(got, 0u);
            ASSERT_EQ(COMPAT_OK, compat_file_write_at(out, buf.p, got, at));
            at += got;
            first = false;
            each_chunk();
        }
        EXPECT_EQ(cb, at);
        ASSERT_EQ(COMPAT_OK, compat_file_close(out));
        ASSERT_EQ(JET_errSuccess, JetCloseFileInstance(inst, h));
    }
};

// Every path of a multi-string list.
std::vector<std::string> paths_of(const char *list)
{
    std::vector<std::string> v;
    for (const char *p = list; *p != '\0'; p += strlen(p) + 1) v.emplace_back(p);
    return v;
}

// An external backup while another session commits: the database file is read while
// pages change, and the restore holds every commit acknowledged before JetGetLogInfo
// rolled the log (ESE's backup set ends there), and nothing that was rolled back.
TEST_F(Backup, ExternalBackupWhileCommittingRestoresEveryAcknowledgedCommit)
{
    start();
    for (int32_t id = 1; id <= 300; id++) commit_row(id);
    // a transaction open across the backup, rolled back after it: not in the restore
    JET_SESID open_ses = 0;
    JET_TABLEID open_tab = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &open_ses, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(open_ses));
    JET_DBID open_db = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(open_ses, db.c_str(), nullptr, &open_db, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(open_ses, open_db, "t", nullptr, 0, 0, &open_tab));
    ASSERT_EQ(JET_errSuccess, insert(open_ses, open_tab, col, fill, 1000000));

    std::atomic<int32_t> acked{300};
    std::atomic<bool> stop{false};
    std::atomic<JET_ERR> writer_err{JET_errSuccess};
    struct Joiner {
        std::atomic<bool> &stop;
        std::thread &t;
        ~Joiner()
        {
            stop.store(true);
            if (t.joinable()) t.join();
        }
    };
    std::thread writer([&] {
        JET_SESID s = 0;
        JET_DBID d = 0;
        JET_TABLEID t = 0;
        JET_ERR err = JetBeginSessionA(inst, &s, nullptr, nullptr);
        if (err >= 0) err = JetOpenDatabaseA(s, db.c_str(), nullptr, &d, 0);
        if (err >= 0) err = JetOpenTableA(s, d, "t", nullptr, 0, 0, &t);
        for (int32_t id = 301; err >= 0 && !stop.load(); id++) {
            err = JetBeginTransaction(s);
            if (err >= 0) err = insert(s, t, col, fill, id);
            if (err >= 0) err = JetCommitTransaction(s, 0); // durable
            if (err >= 0) acked.store(id);
        }
        writer_err.store(err);
        if (s != 0) JetEndSession(s, 0);
    });
    Joiner joiner{stop, writer};
    // waits until the writer acknowledged another commit (no time limit: it always does
    // unless it failed)
    auto wait_commit = [&] {
        int32_t seen = acked.load();
        while (acked.load() == seen && writer_err.load() >= 0) std::this_thread::yield();
    };

    ASSERT_EQ(JET_errSuccess, JetBeginExternalBackupInstance(inst, 0));
    char list[4096];
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetGetAttachInfoInstanceA(inst, list, sizeof list, &cb));
    auto dbs = paths_of(list);
    ASSERT_EQ(1u, dbs.size());
    EXPECT_EQ(db, dbs[0]);
    EXPECT_EQ(dbs[0].size() + 2, cb);
    // the file read a page at a time, a commit landing between reads
    copy_file(dbs[0].c_str(), 1, wait_commit);
    wait_commit();
    int32_t before_logs = acked.load();
    JET_LOGINFO_A li{};
    li.cbSize = sizeof li;
    // the size first: the list grows with the generations written meanwhile
    ASSERT_EQ(JET_errSuccess, JetGetLogInfoInstance2A(inst, nullptr, 0, &cb, &li));
    std::vector<char> big(cb);
    ASSERT_EQ(JET_errSuccess, JetGetLogInfoInstance2A(inst, big.data(), cb, &cb, &li));
    auto logs = paths_of(big.data());
    ASSERT_FALSE(logs.empty());
    EXPECT_EQ(li.ulGenHigh - li.ulGenLow + 1, logs.size());
    EXPECT_STREQ("edb", li.szBaseName);
    for (const auto &l : logs) copy_file(l.c_str(), 8, [] {});
    // the truncate list names generations before the first one copied at most
    ASSERT_EQ(JET_errSuccess, JetGetTruncateLogInfoInstanceA(inst, nullptr, 0, &cb));
    big.resize(cb);
    ASSERT_EQ(JET_errSuccess, JetGetTruncateLogInfoInstanceA(inst, big.data(), cb, &cb));
    ASSERT_EQ(JET_errSuccess, JetTruncateLogInstance(inst));
    for (const auto &l : paths_of(big.data())) {
        bool is_dir = false;
        EXPECT_NE(COMPAT_OK, compat_path_exists(l.c_str(), &is_dir)) << l;
    }
    ASSERT_EQ(JET_errSuccess, JetEndExternalBackupInstance(inst));
    stop.store(true);
    writer.join();
    ASSERT_EQ(JET_errSuccess, writer_err.load());
    int32_t last = acked.load();
    ASSERT_GT(before_logs, 300);
    ASSERT_EQ(JET_errSuccess, JetRollback(open_ses, 0));
    ASSERT_EQ(JET_errSuccess, JetEndSession(open_ses, 0));
    // the live instance keeps working
    commit_row(last + 1);

    JET_SESID s2 = 0;
    JET_TABLEID t2 = 0;
    restore_and_open(&s2, &t2);
    for (int32_t id = 1; id <= before_logs; id++) ASSERT_TRUE(has_row(s2, t2, id)) << id;
    EXPECT_FALSE(has_row(s2, t2, 1000000));
    EXPECT_FALSE(has_row(s2, t2, last + 1));
    // the rows are whole
    int32_t id = 150, got = 0;
    uint32_t cb_got = 0;
    ASSERT_TRUE(has_row(s2, t2, id));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s2, t2, col, &got, sizeof got, &cb_got, 0, nullptr));
    EXPECT_EQ(id, got);
}

// JetBackup into a folder and JetRestore into a fresh one: the databases clean, every
// commit before the backup there, the later ones not.
TEST_F(Backup, BackupAndRestoreRoundTrip)
{
    start();
    for (int32_t id = 1; id <= 500; id++) commit_row(id);
    ASSERT_EQ(JET_errSuccess, JetBackupInstanceA(inst, bak.c_str(), 0, nullptr));
    bool is_dir = false;
    EXPECT_EQ(COMPAT_OK, compat_path_exists((bak + "live.edb").c_str(), &is_dir));
    // a second full backup wants an empty folder
    EXPECT_EQ(JET_errBackupDirectoryNotEmpty, JetBackupInstanceA(inst, bak.c_str(), 0, nullptr));
    for (int32_t id = 501; id <= 600; id++) commit_row(id);

    JET_SESID s2 = 0;
    JET_TABLEID t2 = 0;
    restore_and_open(&s2, &t2);
    for (int32_t id = 1; id <= 500; id++) ASSERT_TRUE(has_row(s2, t2, id)) << id;
    for (int32_t id = 501; id <= 600; id++) ASSERT_FALSE(has_row(s2, t2, id)) << id;
}

// An incremental backup after a full one adds the logs since: the restore of the folder
// holds the commits of both.
TEST_F(Backup, IncrementalBackupAddsTheLaterLogs)
{
    start();
    for (int32_t id = 1; id <= 200; id++) commit_row(id);
    ASSERT_EQ(JET_errSuccess, JetBackupInstanceA(inst, bak.c_str(), 0, nullptr));
    for (int32_t id = 201; id <= 400; id++) commit_row(id);
    ASSERT_EQ(JET_errSuccess, JetBackupInstanceA(inst, bak.c_str(), JET_bitBackupIncremental, nullptr));
    for (int32_t id = 401; id <= 450; id++) commit_row(id);

    JET_SESID s2 = 0;
    JET_TABLEID t2 = 0;
    restore_and_open(&s2, &t2);
    for (int32_t id = 1; id <= 400; id++) ASSERT_TRUE(has_row(s2, t2, id)) << id;
    for (int32_t id = 401; id <= 450; id++) ASSERT_FALSE(has_row(s2, t2, id)) << id;
}

// ESE's codes for the backup functions misused.
TEST_F(Backup, MisuseCodes)
{
    start();
    commit_row(1);
    char list[4096];
    uint32_t cb = 0, lo = 0, hi = 0;
    JET_HANDLE h = 0;
    Aligned buf(4 * kPage);

    // no backup under way
    EXPECT_EQ(JET_errNoBackup, JetGetAttachInfoInstanceA(inst, list, sizeof list, &cb));
    EXPECT_EQ(JET_errNoBackup, JetOpenFileInstanceA(inst, db.c_str(), &h, &lo, &hi));
    EXPECT_EQ(JET_errNoBackup, JetReadFileInstance(inst, 0, buf.p, kPage, &cb));
    EXPECT_EQ(JET_errNoBackup, JetCloseFileInstance(inst, 0));
    EXPECT_EQ(JET_errNoBackup, JetGetLogInfoInstanceA(inst, list, sizeof list, &cb));
    EXPECT_EQ(JET_errNoBackup, JetGetTruncateLogInfoInstanceA(inst, list, sizeof list, &cb));
    EXPECT_EQ(JET_errNoBackup, JetTruncateLogInstance(inst));
    EXPECT_EQ(JET_errNoBackup, JetEndExternalBackupInstance(inst));
    // bad grbits; an incremental backup before any full one
    EXPECT_EQ(JET_errInvalidGrbit, JetBeginExternalBackupInstance(inst, 0x8000));
    EXPECT_EQ(JET_errMissingFullBackup, JetBeginExternalBackupInstance(inst, JET_bitBackupIncremental));
    EXPECT_EQ(JET_errInvalidParameter, JetEndExternalBackupInstance2(inst, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetEndExternalBackupInstance2(inst, JET_bitBackupEndNormal | JET_bitBackupEndAbort));

    ASSERT_EQ(JET_errSuccess, JetBeginExternalBackupInstance(inst, 0));
    EXPECT_EQ(JET_errBackupInProgress, JetBeginExternalBackupInstance(inst, 0));
    EXPECT_EQ(JET_errBackupInProgress, JetBackupInstanceA(inst, bak.c_str(), 0, nullptr));
    // the A list: no buffer gives the size, a small one JET_errBufferTooSmall
    ASSERT_EQ(JET_errSuccess, JetGetAttachInfoInstanceA(inst, nullptr, 0, &cb));
    EXPECT_EQ(db.size() + 2, cb);
    EXPECT_EQ(JET_errBufferTooSmall, JetGetAttachInfoInstanceA(inst, list, 4, &cb));
    // the W list: the bytes that fit
    WCHAR wlist[8];
    ASSERT_EQ(JET_errSuccess, JetGetAttachInfoInstanceW(inst, wlist, sizeof wlist, &cb));
    EXPECT_EQ((db.size() + 2) * sizeof(WCHAR), cb);
    EXPECT_EQ((WCHAR)db[0], wlist[0]);
    // a file that is not an attached database, before the logs
    std::string other = live + "edb.chk";
    EXPECT_EQ(JET_errDatabaseNotFound, JetOpenFileInstanceA(inst, other.c_str(), &h, &lo, &hi));
    EXPECT_EQ(JET_errInvalidParameter, JetOpenFileInstanceA(inst, "", &h, &lo, &hi));
    ASSERT_EQ(JET_errSuccess, JetOpenFileInstanceA(inst, db.c_str(), &h, &lo, &hi));
    EXPECT_EQ(0u, ((uint64_t)hi << 32 | lo) % kPage);
    // bad handles, buffers and sizes
    EXPECT_EQ(JET_errInvalidParameter, JetReadFileInstance(inst, h + 1, buf.p, 4 * kPage, &cb));
    EXPECT_EQ(JET_errInvalidParameter, JetReadFileInstance(inst, h, buf.p + 1, 4 * kPage, &cb));
    EXPECT_EQ(JET_errInvalidParameter, JetReadFileInstance(inst, h, buf.p, 4 * kPage - 1, &cb));
    EXPECT_EQ(JET_errInvalidParameter, JetReadFileInstance(inst, h, buf.p, 2 * kPage, &cb));
    EXPECT_EQ(JET_errInvalidParameter, JetCloseFileInstance(inst, h + 1));
    // the log list wants every file closed
    EXPECT_EQ(JET_errInvalidBackupSequence, JetGetLogInfoInstanceA(inst, list, sizeof list, &cb));
    ASSERT_EQ(JET_errSuccess, JetReadFileInstance(inst, h, buf.p, 4 * kPage, &cb));
    EXPECT_EQ(4 * kPage, cb);
    ASSERT_EQ(JET_errSuccess, JetCloseFileInstance(inst, h));
    // the truncate wants the log list first, then every log read whole
    EXPECT_EQ(JET_errInvalidBackupSequence, JetTruncateLogInstance(inst));
    ASSERT_EQ(JET_errSuccess, JetGetLogInfoInstanceA(inst, list, sizeof list, &cb));
    EXPECT_EQ(JET_errLogFileNotCopied, JetTruncateLogInstance(inst));
    // databases no more once the logs are listed
    EXPECT_EQ(JET_errInvalidBackupSequence, JetOpenFileInstanceA(inst, db.c_str(), &h, &lo, &hi));
    std::string missing = live + "edbFFFFF.log";
    EXPECT_EQ(JET_errMissingFileToBackup, JetOpenFileInstanceA(inst, missing.c_str(), &h, &lo, &hi));
    ASSERT_EQ(JET_errSuccess, JetEndExternalBackupInstance2(inst, JET_bitBackupEndAbort));
    EXPECT_EQ(JET_errNoBackup, JetEndExternalBackupInstance(inst));
    // an instance without a log
    ASSERT_EQ(JET_errSuccess, JetEndSession(ses, 0));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    inst = 0;
    JET_INSTANCE plain = 0;
    make_instance(&plain, "plain", rst, false);
    ASSERT_EQ(JET_errSuccess, JetInit(&plain));
    EXPECT_EQ(JET_errLoggingDisabled, JetBeginExternalBackupInstance(plain, 0));
    EXPECT_EQ(JET_errLoggingDisabled, JetBackupInstanceA(plain, bak.c_str(), 0, nullptr));
    EXPECT_EQ(JET_errNoBackup, JetEndExternalBackupInstance(plain));
    // a restore on an instance that runs
    EXPECT_EQ(JET_errAlreadyInitialized, JetRestoreInstanceA(plain, bak.c_str(), nullptr, nullptr));
    EXPECT_EQ(JET_errSuccess, JetTerm(plain));
}

// While a restore runs, calls on its instance answer JET_errRestoreInProgress (ESE's
// fAPIRestoring); the status callback runs inside the restore.
JET_INSTANCE g_restoring = 0;
JET_ERR g_codes[3];
bool g_called = false;

JET_ERR JET_API on_status(JET_SESID, JET_SNP snp, JET_SNT snt, void *)
{
    if (snp == JET_snpRestore && snt == JET_sntBegin) {
        JET_INSTANCE i = g_restoring;
        g_codes[0] = JetInit(&i);
        g_codes[1] = JetBeginExternalBackupInstance(g_restoring, 0);
        g_codes[2] = JetTerm(g_restoring);
        g_called = true;
    }
    return JET_errSuccess;
}

TEST_F(Backup, CallsDuringRestoreAnswerRestoreInProgress)
{
    start();
    commit_row(1);
    ASSERT_EQ(JET_errSuccess, JetBackupInstanceA(inst, bak.c_str(), 0, nullptr));
    make_instance(&inst2, "restored", rst, true);
    g_restoring = inst2;
    ASSERT_EQ(JET_errSuccess, JetRestoreInstanceA(inst2, bak.c_str(), rst.c_str(), on_status));
    ASSERT_TRUE(g_called);
    EXPECT_EQ(JET_errRestoreInProgress, g_codes[0]);
    EXPECT_EQ(JET_errRestoreInProgress, g_codes[1]);
    EXPECT_EQ(JET_errRestoreInProgress, g_codes[2]);
    // afterwards the instance starts normally
    EXPECT_EQ(JET_errSuccess, JetInit(&inst2));
    // a restore from a folder without logs
    JET_INSTANCE other = 0;
    make_instance(&other, "other", root, true);
    std::string nowhere = root + "nowhere";
    EXPECT_EQ(JET_errFileNotFound, JetRestoreInstanceA(other, nowhere.c_str(), nullptr, nullptr));
    EXPECT_EQ(JET_errSuccess, JetTerm(other));
}

} // namespace
