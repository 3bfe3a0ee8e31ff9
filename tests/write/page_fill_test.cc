// page_fill_test.cc: how many records a sequential load puts on a page, as ESE fills them
// (docs/format.md, "Filling pages"): past the last record of the last page a record goes
// to a new page when it would leave less than (100 - density) % of the page free
// (FBTIAppend), and the first split of a root leaf moves every record with the new one
// to one page (BTISelectVerticalSplit). Counted by JetComputeStats (leaf pages) and read
// back; the files pass edbcheck.py.
#include "numbered_table.h"

namespace {

class PageFill : public NumberedTable {
protected:
    // The page size is the process's: 4 KiB for these counts, the one before restored.
    void SetUp() override
    {
        JET_API_PTR cb = 0;
        ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramDatabasePageSize, &cb, nullptr, 0));
        saved_page_ = cb;
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 4096, nullptr));
        NumberedTable::SetUp();
    }
    void TearDown() override
    {
        NumberedTable::TearDown();
        JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, saved_page_, nullptr);
    }
    JET_API_PTR saved_page_ = 0;

    // Table `name` of density `density` (0: the default, 80): a long key and a 1180-byte
    // binary value kept in the record; n records appended in key order. Returns the leaf
    // pages JetComputeStats counts.
    uint32_t Load(const char *name, uint32_t density, int n)
    {
        JET_TABLEID t = 0;
        JET_COLUMNDEF def{};
        JET_COLUMNID id = 0, data = 0;
        unsigned char value[1180];
        EXPECT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, name, 0, density, &t));
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        EXPECT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &def, nullptr, 0, &id));
        def.coltyp = JET_coltypLongBinary;
        EXPECT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "data", &def, nullptr, 0, &data));
        EXPECT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        for (int i = 0; i < n; i++) {
            memset(value, i & 0xff, sizeof value);
            EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
            EXPECT_EQ(JET_errSuccess, JetSetColumn(s_, t, id, &i, 4, 0, nullptr));
            EXPECT_EQ(JET_errSuccess, JetSetColumn(s_, t, data, value, sizeof value, JET_bitSetIntrinsicLV, nullptr));
            EXPECT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        }
        EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
        EXPECT_EQ(JET_errSuccess, JetComputeStats(s_, t));
        JET_OBJECTINFO oi{};
        EXPECT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, &oi, sizeof oi, JET_TblInfo));
        EXPECT_EQ((uint32_t)n, oi.cRecord);
        // every record reads back whole, in order
        int k = 0;
        for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s_, t, JET_MoveNext, 0), k++) {
            int got = -1;
            uint32_t cb = 0;
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id, &got, 4, &cb, 0, nullptr));
            EXPECT_EQ(k, got);
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, data, value, sizeof value, &cb, 0, nullptr));
            EXPECT_EQ((uint32_t)sizeof value, cb);
            EXPECT_EQ((unsigned char)(k & 0xff), value[sizeof value - 1]);
        }
        EXPECT_EQ(n, k);
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        return oi.cPage;
    }
};

// A record of about 1.2 KB (key, 1180-byte value, headers) on 4 KiB pages:
// three fit a page, but at density 80 an append must leave 819 bytes free, so a page
// takes two. The first page takes three: the root's two and the one its vertical split
// carries along. At 100 the pages are full: three a page.
TEST_F(PageFill, SequentialLoadLeavesTheDensityFree)
{
    EXPECT_EQ(20u, Load("dense80", 80, 41));   // 3 + 19 * 2
    EXPECT_EQ(20u, Load("default", 0, 41));    // 0 stands for 80
    EXPECT_EQ(14u, Load("dense100", 100, 41)); // 13 * 3 + 2
}

// An insert past the end of a full last page is an append split: the new record starts a
// page of its own and the full page keeps its records (ESE's splittypeAppend). Rolled
// back, the new page goes again; committed, it stays with that one record. Either way
// every record reads back in order and the file passes the checkers.
TEST_F(PageFill, AppendsPastAFullPageRolledBackOrKept)
{
    ASSERT_EQ(20u, Load("churn", 80, 41));
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0, data = 0;
    JET_COLUMNDEF def{};
    unsigned char value[1180];
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid_, "churn", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, "id", &def, sizeof def, JET_ColInfo));
    id = def.columnid;
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, "data", &def, sizeof def, JET_ColInfo));
    data = def.columnid;
    auto append = [&](int i) {
        memset(value, i & 0xff, sizeof value);
        EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s_, t, id, &i, 4, 0, nullptr));
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s_, t, data, value, sizeof value, JET_bitSetIntrinsicLV, nullptr));
        EXPECT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    };
    auto check = [&](int n, uint32_t pages) {
        JET_OBJECTINFO oi{};
        EXPECT_EQ(JET_errSuccess, JetComputeStats(s_, t));
        EXPECT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, &oi, sizeof oi, JET_TblInfo));
        EXPECT_EQ((uint32_t)n, oi.cRecord);
        EXPECT_EQ(pages, oi.cPage);
        int k = 0;
        for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s_, t, JET_MoveNext, 0), k++) {
            int got = -1;
            uint32_t cb = 0;
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id, &got, 4, &cb, 0, nullptr));
            EXPECT_EQ(k, got);
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, data, value, sizeof value, &cb, 0, nullptr));
            EXPECT_EQ((uint32_t)sizeof value, cb);
            EXPECT_EQ((unsigned char)(k & 0xff), value[0]);
        }
        EXPECT_EQ(n, k);
    };
    for (int round = 0; round < 5; round++) {
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        append(41);
        ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    }
    check(41, 20);
    // kept: the last page (two records, at density 80 full) stays, a page with the one
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    append(41);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    check(42, 21);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
#ifdef EDBCHECK_PY
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    std::string cmd = std::string("python3 ") + EDBCHECK_PY + " '" + path_ + "' >/dev/null 2>&1";
    if (std::getenv("WINEPREFIX") == nullptr) {
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
    }
#endif
}

TEST_F(PageFill, FilesPassTheCheckers)
{
    (void)Load("dense80", 80, 60);
    (void)Load("dense100", 100, 60);
#ifdef EDBCHECK_PY
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    std::string cmd = std::string("python3 ") + EDBCHECK_PY + " '" + path_ + "' >/dev/null 2>&1";
    if (std::getenv("WINEPREFIX") == nullptr) {
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
    }
#endif
}

} // namespace
