// JetInit3 with JET_RSTINFO: recovery puts a database the log names at the path the
// JET_RSTMAP gives (LOG::ErrBuildRstmapForSoftRecovery, IrstmapSearchNewName), making it
// again from the log when it is missing there (the log holds a database created under it
// whole: LOG_CREATE), and tells pfnStatus the replay's begin and end.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "compat.h"
#include "esent.h"
#include "crash_files.h"

namespace {

std::vector<JET_SNT> status_seen;

JET_ERR JET_API on_status(JET_SESID, JET_SNP snp, JET_SNT snt, void *data)
{
    if (snp == JET_snpRestore && data != nullptr && static_cast<JET_SNPROG *>(data)->cbStruct == sizeof(JET_SNPROG))
        status_seen.push_back(snt);
    return JET_errSuccess;
}

struct Init3Map : ::testing::Test {
    std::string dir, db, moved;
    JET_INSTANCE inst = 0;
    JET_SESID ses = 0;
    JET_DBID dbid = 0;
    JET_TABLEID tab = 0;
    JET_COLUMNID col = 0;

    bool exists(const std::string &path)
    {
        bool is_dir = false;
        return compat_path_exists(path.c_str(), &is_dir) == COMPAT_OK;
    }
    void SetUp() override
    {
        ASSERT_NO_FATAL_FAILURE(FreshTestFolder("init3_", "", &dir));
        db = dir + "old.edb";
        moved = dir + "new.edb";
        status_seen.clear();
    }
    void TearDown() override
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermAbrupt);
        RemoveFolder(dir);
    }
    void params()
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "init3"));
        ASSERT_NO_FATAL_FAILURE(LogIntoFolder(&inst, dir));
    }
    void start()
    {
        params();
        ASSERT_EQ(JET_errSuccess, JetInit(&inst));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &ses, nullptr, nullptr));
    }
    // JetInit3A mapping from to to, with the status callback.
    JET_ERR start_mapped(const char *from, const char *to)
    {
        params();
        JET_RSTMAP_A map{};
        map.szDatabaseName = const_cast<char *>(from);
        map.szNewDatabaseName = const_cast<char *>(to);
        JET_RSTINFO_A info{};
        info.cbStruct = sizeof info;
        info.rgrstmap = &map;
        info.crstmap = 1;
        info.pfnStatus = on_status;
        return JetInit3A(&inst, &info, 0);
    }
    void stop()
    {
        if (ses != 0) {
            ASSERT_EQ(JET_errSuccess, JetEndSession(ses, 0));
        }
        ses = 0;
        ASSERT_EQ(JET_errSuccess, JetTerm(inst));
        inst = 0;
    }
    // A database of rows 1..n, created under the log, each row committed durably.
    void create_rows(int32_t n)
    {
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(ses, dbid, "t", 0, 100, &tab));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "id", &cd, nullptr, 0, &col));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(ses, tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(ses, 0));
        for (int32_t id = 1; id <= n; id++) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(ses, tab, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col, &id, sizeof id, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(ses, tab, nullptr, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(ses, 0));
        }
    }
    // Every row 1..n is in the database at path (attached read-only by a new instance).
    void expect_rows(const std::string &path, int32_t n)
    {
        start();
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(ses, path.c_str(), JET_bitDbReadOnly));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(ses, path.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses, dbid, "t", nullptr, 0, JET_bitTableReadOnly, &tab));
        for (int32_t k = 1; k <= n; k++) {
            ASSERT_EQ(JET_errSuccess, JetMakeKey(ses, tab, &k, sizeof k, JET_bitNewKey));
            EXPECT_EQ(JET_errSuccess, JetSeek(ses, tab, JET_bitSeekEQ)) << k;
        }
        ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(ses, dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(ses, path.c_str()));
        stop();
    }
};

// The database and the checkpoint are gone; the whole log is replayed and the database,
// created under it, is made again at the new path only (ManagedEsent's
// AlternatePathRecoveryWithJetInit3).
TEST_F(Init3Map, MissingDatabaseIsMadeAgainAtTheNewPath)
{
    start();
    create_rows(5);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(ses, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(ses, db.c_str()));
    stop();
    ASSERT_EQ(COMPAT_OK, compat_path_delete(db.c_str()));
    ASSERT_EQ(COMPAT_OK, compat_path_delete((dir + "edb.chk").c_str()));
    ASSERT_EQ(JET_errSuccess, start_mapped(db.c_str(), moved.c_str()));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    inst = 0;
    EXPECT_TRUE(exists(moved));
    EXPECT_FALSE(exists(db));
    ASSERT_EQ(2u, status_seen.size());
    EXPECT_EQ(JET_sntBegin, status_seen[0]);
    EXPECT_EQ(JET_sntComplete, status_seen[1]);
    expect_rows(moved, 5);
}

// Without a map, a database that is missing is made again where the log names it.
TEST_F(Init3Map, MissingDatabaseIsMadeAgainInPlaceWithoutAMap)
{
    start();
    create_rows(3);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(ses, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(ses, db.c_str()));
    stop();
    ASSERT_EQ(COMPAT_OK, compat_path_delete(db.c_str()));
    ASSERT_EQ(COMPAT_OK, compat_path_delete((dir + "edb.chk").c_str()));
    start();
    stop();
    expect_rows(db, 3);
}

// A database that is there under its new name (moved after a crash) is recovered there:
// the rows the log holds reach that file.
TEST_F(Init3Map, MovedDirtyDatabaseIsRecoveredAtItsNewPath)
{
    start();
    create_rows(4);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(ses, dbid, 0));
    // the crash: the database stays attached, dirty; the process ends without a term
    // (an abrupt term of a dirty-kept instance: JET_bitTermDirty writes nothing clean)
    std::vector<uint8_t> bytes;
    {
        compat_file *f = nullptr;
        uint64_t size = 0;
        size_t got = 0;
        ASSERT_EQ(COMPAT_OK, compat_file_open(db.c_str(), COMPAT_FILE_READ, &f));
        ASSERT_EQ(COMPAT_OK, compat_file_size(f, &size));
        bytes.resize(size);
        ASSERT_EQ(COMPAT_OK, compat_file_read_at(f, bytes.data(), size, 0, &got));
        ASSERT_EQ(COMPAT_OK, compat_file_close(f));
    }
    std::vector<std::pair<std::string, std::vector<uint8_t>>> logs;
    for (const auto &n : FolderNames(dir.substr(0, dir.size() - 1))) {
        if (n.size() < 4 || (n.substr(n.size() - 4) != ".log" && n.substr(n.size() - 4) != ".chk")) continue;
        compat_file *f = nullptr;
        uint64_t size = 0;
        size_t got = 0;
        std::vector<uint8_t> b;
        ASSERT_EQ(COMPAT_OK, compat_file_open((dir + n).c_str(), COMPAT_FILE_READ, &f));
        ASSERT_EQ(COMPAT_OK, compat_file_size(f, &size));
        b.resize(size);
        ASSERT_EQ(COMPAT_OK, compat_file_read_at(f, b.data(), size, 0, &got));
        ASSERT_EQ(COMPAT_OK, compat_file_close(f));
        logs.emplace_back(n, std::move(b));
    }
    JetTerm2(inst, JET_bitTermAbrupt);
    inst = 0;
    ses = 0;
    // what the crash left: the logs and checkpoint as they were, the database under its
    // new name only
    for (const auto &l : logs) {
        compat_file *f = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_file_open((dir + l.first).c_str(), COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &f));
        ASSERT_EQ(COMPAT_OK, compat_file_set_size(f, 0));
        ASSERT_EQ(COMPAT_OK, compat_file_write_at(f, l.second.data(), l.second.size(), 0));
        ASSERT_EQ(COMPAT_OK, compat_file_close(f));
    }
    ASSERT_EQ(COMPAT_OK, compat_path_delete(db.c_str()));
    {
        compat_file *f = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_file_open(moved.c_str(), COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &f));
        ASSERT_EQ(COMPAT_OK, compat_file_write_at(f, bytes.data(), bytes.size(), 0));
        ASSERT_EQ(COMPAT_OK, compat_file_close(f));
    }
    ASSERT_EQ(JET_errSuccess, start_mapped(db.c_str(), moved.c_str()));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    inst = 0;
    EXPECT_FALSE(exists(db));
    expect_rows(moved, 4);
}

// CAutoRSTMAP2W / ErrBuildRstmapForSoftRecovery: an entry without a new name is
// JET_errDatabaseInvalidName, and the instance is left as it was (JetInit then works).
TEST_F(Init3Map, EntryWithoutNewNameIsRefused)
{
    EXPECT_EQ(JET_errDatabaseInvalidName, start_mapped(db.c_str(), nullptr));
    EXPECT_TRUE(status_seen.empty());
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    inst = 0;
}

}  // namespace
