// Page deltas (docs/log-format.md, LOG_PAGE_DELTA): a durable one-row commit logs the bytes
// its pages changed, not their whole images, and recovery rebuilds the pages from a
// whole image and the deltas after it, across checkpoints that restart the chains.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "crash_files.h"
#include "esent.h"

namespace {

struct PageDelta : ::testing::Test {
    std::string dir, crash, db;
    JET_INSTANCE inst = 0;
    JET_SESID ses = 0;
    JET_DBID dbid = 0;
    JET_TABLEID tab = 0;
    JET_COLUMNID col_id = 0, col_n = 0, col_text = 0;

    void SetUp() override
    {
        ASSERT_NO_FATAL_FAILURE(FreshTestFolder("pagedelta_", "", &dir));
        ASSERT_NO_FATAL_FAILURE(FreshTestFolder("pagedelta_", "_crash", &crash));
        db = dir + "delta.edb";
    }
    void TearDown() override
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermAbrupt);
        RemoveFolder(dir);
        RemoveFolder(crash);
    }
    // 1 MiB generations; checkpoint_depth bytes of log between checkpoints (0: the default).
    void start(JET_API_PTR checkpoint_depth)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "pagedelta"));
        ASSERT_NO_FATAL_FAILURE(LogIntoFolder(&inst, dir));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramLogFileSize, 1024, nullptr));
        if (checkpoint_depth != 0) {
            ASSERT_EQ(JET_errSuccess,
                      JetSetSystemParameterA(&inst, 0, JET_paramCheckpointDepthMax, checkpoint_depth, nullptr));
        }
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
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "n", &cd, nullptr, 0, &col_n));
        cd.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "text", &cd, nullptr, 0, &col_text));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(ses, tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(ses, tab, "by_n", 0, "+n\0", 4, 100));
    }
    // Row 0, whose n every commit_one sets.
    void insert_row_zero()
    {
        int32_t zero = 0;
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(ses, tab, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col_id, &zero, sizeof zero, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col_n, &zero, sizeof zero, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(ses, tab, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(ses, 0));
    }
    static void text_of(int32_t id, uint8_t *text)
    {
        for (int i = 0; i < 100; i++) text[i] = static_cast<uint8_t>(id * 31 + i);
    }
    bool seek(int32_t id)
    {
        EXPECT_EQ(JET_errSuccess, JetMakeKey(ses, tab, &id, sizeof id, JET_bitNewKey));
        return JetSeek(ses, tab, JET_bitSeekEQ) == JET_errSuccess;
    }
    // One durable transaction: row id inserted, row 0's n set to id.
    void commit_one(int32_t id)
    {
        uint8_t text[100];
        text_of(id, text);
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(ses, tab, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col_id, &id, sizeof id, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col_n, &id, sizeof id, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col_text, text, sizeof text, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(ses, tab, nullptr, 0, nullptr));
        ASSERT_TRUE(seek(0));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(ses, tab, JET_prepReplace));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col_n, &id, sizeof id, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(ses, tab, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(ses, 0));
    }
    // The instance stopped, the crash image put in its place, recovered and reopened.
    void recover_crash_image()
    {
        ASSERT_EQ(JET_errSuccess, JetTerm2(inst, JET_bitTermAbrupt));
        inst = 0;
        RemoveFolder(dir);
        ASSERT_EQ(COMPAT_OK, compat_dir_create(dir.substr(0, dir.size() - 1).c_str()));
        CopyFiles(crash, dir);
        start(0);
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(ses, db.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses, dbid, "t", nullptr, 0, 0, &tab));
    }
    void expect_rows(int32_t last)
    {
        for (int32_t id = 1; id <= last; id++) {
            uint8_t text[100], want[100];
            uint32_t cb = 0;
            ASSERT_TRUE(seek(id)) << id;
            ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(ses, tab, col_text, text, sizeof text, &cb, 0, nullptr));
            text_of(id, want);
            ASSERT_EQ(sizeof want, cb);
            EXPECT_EQ(0, memcmp(want, text, cb)) << id;
        }
        EXPECT_FALSE(seek(last + 1));
        int32_t n = -1;
        uint32_t cb = 0;
        ASSERT_TRUE(seek(0));
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(ses, tab, col_n, &n, sizeof n, &cb, 0, nullptr));
        EXPECT_EQ(last, n);
        // the secondary index agrees: row 0 is found by its n
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(ses, tab, "by_n"));
        ASSERT_EQ(JET_errSuccess, JetMakeKey(ses, tab, &last, sizeof last, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(ses, tab, JET_bitSeekEQ));
    }
    bool exists(const std::string &name)
    {
        bool is_dir = false;
        return compat_path_exists((dir + name).c_str(), &is_dir) == COMPAT_OK;
    }
};

// 300 durable commits, each changing a leaf of the table and two of the index, fit in the
// first 1 MiB generation (whole images would take 300 x 3 pages, over 7 MiB at 8 KiB);
// a crash image taken then recovers every one of them.
TEST_F(PageDelta, DurableCommitsLogTheirChangesAndRecoverFromThem)
{
    constexpr int32_t kCommits = 300;
    start(0);
    create();
    ASSERT_NO_FATAL_FAILURE(insert_row_zero());
    for (int32_t id = 1; id <= kCommits; id++) ASSERT_NO_FATAL_FAILURE(commit_one(id));
    EXPECT_FALSE(exists("edb00001.log")); // still in generation 1
    CopyFiles(dir, crash);
    ASSERT_NO_FATAL_FAILURE(recover_crash_image());
    expect_rows(kCommits);
}

// With a checkpoint every 16 KiB of log, pages are written to the file and their chains of
// deltas begin again with a whole image many times; a crash image taken at the end
// recovers from the last checkpoint.
TEST_F(PageDelta, ChainsBeginAgainAfterEachCheckpoint)
{
    constexpr int32_t kCommits = 200;
    start(16 * 1024);
    create();
    ASSERT_NO_FATAL_FAILURE(insert_row_zero());
    for (int32_t id = 1; id <= kCommits; id++) ASSERT_NO_FATAL_FAILURE(commit_one(id));
    CopyFiles(dir, crash);
    ASSERT_NO_FATAL_FAILURE(recover_crash_image());
    expect_rows(kCommits);
}

}  // namespace
