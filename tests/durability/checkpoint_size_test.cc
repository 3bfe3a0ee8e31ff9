// A database file keeps the size its space says across a checkpoint and a crash: the
// checkpoint moves recovery past the log's record of the file's size, so the file itself
// must hold every page the database root owns; and a file left shorter than that (as the
// crash harness once found: a later JetUpdate failed with JET_errBadParentPageLink)
// attaches and grows again (ESE's ErrDBSetLastPage takes the size from the space tree).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "compat.h"
#include "esent.h"
#include "crash_files.h"

namespace {

constexpr uint32_t kValue = 3000;      // bytes of each row's long value
constexpr uint32_t kRowsPerCommit = 5;

struct CheckpointSize : ::testing::Test {
    std::string dir, crash, db;
    JET_INSTANCE inst = 0;
    JET_SESID ses = 0;
    JET_DBID dbid = 0;
    JET_TABLEID tab = 0;
    JET_COLUMNID col_id = 0, col_val = 0;
    int32_t next_id = 1;
    uint64_t cb_page = 0;

    void SetUp() override
    {
        ASSERT_NO_FATAL_FAILURE(FreshTestFolder("ckpsize_", "", &dir));
        ASSERT_NO_FATAL_FAILURE(FreshTestFolder("ckpsize_", "_crash", &crash));
        db = dir + "size.edb";
        JET_API_PTR v = 0;
        ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramDatabasePageSize, &v, nullptr, 0));
        cb_page = v;
    }
    void TearDown() override
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermAbrupt);
        RemoveFolder(dir);
        RemoveFolder(crash);
    }
    // Every file of folder from copied into folder to as it stands: what a process killed
    uint64_t file_pages(const std::string &path)
    {
        compat_file *f = nullptr;
        uint64_t size = 0;
        EXPECT_EQ(COMPAT_OK, compat_file_open(path.c_str(), COMPAT_FILE_READ, &f));
        if (f == nullptr) return 0;
        EXPECT_EQ(COMPAT_OK, compat_file_size(f, &size));
        EXPECT_EQ(COMPAT_OK, compat_file_close(f));
        return size / cb_page - 2u; // less the two header pages
    }
    // An instance on dir with the log on; depth 1: every call that logs something ends
    // with a checkpoint (durability_after_call), which is the instant that matters here.
    void start()
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "ckpsize"));
        ASSERT_NO_FATAL_FAILURE(LogIntoFolder(&inst, dir));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramCheckpointDepthMax, 1, nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &ses, nullptr, nullptr));
    }
    void create()
    {
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(ses, dbid, "t", 0, 100, &tab));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "id", &cd, nullptr, 0, &col_id));
        cd.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "val", &cd, nullptr, 0, &col_val));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(ses, tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    }
    void open()
    {
        JET_COLUMNDEF cd{};
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(ses, db.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses, dbid, "t", nullptr, 0, 0, &tab));
        ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(ses, tab, "id", &cd, sizeof cd, JET_ColInfo));
        col_id = cd.columnid;
        ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(ses, tab, "val", &cd, sizeof cd, JET_ColInfo));
        col_val = cd.columnid;
    }
    void stop()
    {
        ASSERT_EQ(JET_errSuccess, JetEndSession(ses, 0));
        ASSERT_EQ(JET_errSuccess, JetTerm(inst));
        inst = 0;
    }
    // One durable transaction of kRowsPerCommit new rows.
    void commit_rows()
    {
        std::vector<uint8_t> val(kValue);
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
        for (uint32_t k = 0; k < kRowsPerCommit; k++, next_id++) {
            std::memset(val.data(), next_id & 0xff, val.size());
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(ses, tab, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col_id, &next_id, sizeof next_id, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col_val, val.data(), kValue, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(ses, tab, nullptr, 0, nullptr)) << next_id;
        }
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(ses, 0));
    }
    uint32_t owned()
    {
        uint32_t n = 0;
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseInfoA(ses, dbid, &n, sizeof n, JET_DbInfoSpaceOwned));
        return n;
    }
    uint32_t available()
    {
        uint32_t n = 0;
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseInfoA(ses, dbid, &n, sizeof n, JET_DbInfoSpaceAvailable));
        return n;
    }
    // Every row 1..next_id-1 there with its value.
    void expect_rows()
    {
        std::vector<uint8_t> got(kValue + 1u);
        for (int32_t id = 1; id < next_id; id++) {
            uint32_t cb = 0;
            ASSERT_EQ(JET_errSuccess, JetMakeKey(ses, tab, &id, sizeof id, JET_bitNewKey));
            ASSERT_EQ(JET_errSuccess, JetSeek(ses, tab, JET_bitSeekEQ)) << id;
            ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(ses, tab, col_val, got.data(), (uint32_t)got.size(), &cb, 0, nullptr));
            ASSERT_EQ(kValue, cb) << id;
            ASSERT_EQ(id & 0xff, got[0]) << id;
        }
    }
};

// Right after a checkpoint the file holds every page the root owns, as the file grows
// (before: the pages were written without the size, so the file ended at the last page
// written); a crash then, and recovery, leave a database that takes more rows.
TEST_F(CheckpointSize, FileHoldsItsSpaceAfterEachCheckpointAndACrashThere)
{
    start();
    create();
    uint32_t owned_at_start = owned(), grown = 0;
    for (int round = 0; round < 200 && grown < 2; round++) {
        ASSERT_NO_FATAL_FAILURE(commit_rows());
        uint32_t now = owned();
        ASSERT_LE(now, file_pages(db)) << "after commit " << round;
        if (now > owned_at_start) {
            grown++;
            owned_at_start = now;
        }
    }
    ASSERT_EQ(2u, grown); // the file grew twice on the way
    // the crash: the files as they are now, recovered by a new instance
    CopyFiles(dir, crash);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
    stop();
    RemoveFolder(dir);
    ASSERT_EQ(COMPAT_OK, compat_dir_create(dir.substr(0, dir.size() - 1).c_str()));
    CopyFiles(crash, dir);
    start();
    open();
    expect_rows();
    for (int round = 0; round < 60; round++) ASSERT_NO_FATAL_FAILURE(commit_rows());
    expect_rows();
    ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
    stop();
}

// A file that ends before the pages its root owns (what the checkpoint used to leave):
// attach takes the size from the space, the free pages past the end are used, and
// detach writes the file whole.
TEST_F(CheckpointSize, FileShorterThanItsSpaceAttachesAndGrows)
{
    start();
    create();
    uint32_t total = owned();
    // fill until the root has free pages at its end (a growth not yet used up)
    for (int round = 0; round < 200 && (owned() == total || available() < 4u); round++)
        ASSERT_NO_FATAL_FAILURE(commit_rows());
    uint32_t own = owned(), avail = available();
    ASSERT_GT(own, total);
    ASSERT_GE(avail, 4u);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(ses, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(ses, db.c_str()));
    ASSERT_EQ(own, file_pages(db));
    {
        // the free pages at the end cut off: pages were handed out from the start, so the
        // root's available pages are its last ones
        compat_file *f = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_file_open(db.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f));
        ASSERT_EQ(COMPAT_OK, compat_file_set_size(f, (uint64_t)(own - avail + 2u) * cb_page));
        ASSERT_EQ(COMPAT_OK, compat_file_close(f));
    }
    open();
    ASSERT_EQ(own, owned());
    for (uint32_t round = 0; round < avail; round++) ASSERT_NO_FATAL_FAILURE(commit_rows()); // more rows than the cut pages hold
    expect_rows();
    ASSERT_LE(owned(), file_pages(db));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(ses, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(ses, db.c_str()));
    EXPECT_GE(file_pages(db), own);
    stop();
}

} // namespace
