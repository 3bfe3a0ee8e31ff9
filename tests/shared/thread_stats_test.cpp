// JetGetThreadStats: the calling thread's counters of pages referenced, read, dirtied and
// dirtied again, changes logged, and cache misses, as ESE's JetGetThreadStatsEx hands
// them out: buffer sizes, cbStruct, counters that move with the work this thread does and
// not with another thread's. Written against esent.h only.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class ThreadStats : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("threadstats", "ts.edb", &dir_, &path_, &name_);
        Start();
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 0, &t_));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "data", &def, nullptr, 0, &col_));
        std::vector<unsigned char> data(20000, 0x5a);
        for (int i = 0; i < 20; i++) ASSERT_EQ(JET_errSuccess, Insert(data));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    void Start()
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    // A new instance: nothing of the database is in its cache.
    void Restart()
    {
        ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
        inst_ = 0;
        Start();
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t_));
    }
    JET_ERR Insert(const std::vector<unsigned char> &data)
    {
        JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepInsert);
        if (err >= 0) err = JetSetColumn(s_, t_, col_, data.data(), (uint32_t)data.size(), 0, nullptr);
        if (err >= 0) err = JetUpdate(s_, t_, nullptr, 0, nullptr);
        return err;
    }
    static JET_THREADSTATS2 Now()
    {
        JET_THREADSTATS2 ts;
        std::memset(&ts, 0xcc, sizeof ts);
        EXPECT_EQ(JET_errSuccess, JetGetThreadStats(&ts, sizeof ts));
        return ts;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID col_ = 0;
};

TEST_F(ThreadStats, BufferSizes)
{
    unsigned char buf[sizeof(JET_THREADSTATS2) + 16];
    std::memset(buf, 0xcc, sizeof buf);
    EXPECT_EQ(JET_errBufferTooSmall, JetGetThreadStats(buf, sizeof(JET_THREADSTATS) - 1));
    EXPECT_EQ(0xcc, buf[0]);
    // JET_THREADSTATS: just that much, cbStruct says so
    ASSERT_EQ(JET_errSuccess, JetGetThreadStats(buf, sizeof(JET_THREADSTATS)));
    JET_THREADSTATS ts;
    std::memcpy(&ts, buf, sizeof ts);
    EXPECT_EQ(sizeof(JET_THREADSTATS), ts.cbStruct);
    EXPECT_EQ(0xcc, buf[sizeof(JET_THREADSTATS)]);
    // a larger buffer gets JET_THREADSTATS2 and no more
    std::memset(buf, 0xcc, sizeof buf);
    ASSERT_EQ(JET_errSuccess, JetGetThreadStats(buf, sizeof buf));
    JET_THREADSTATS2 ts2;
    std::memcpy(&ts2, buf, sizeof ts2);
    EXPECT_EQ(sizeof(JET_THREADSTATS2), ts2.cbStruct);
    EXPECT_EQ(0xcc, buf[sizeof(JET_THREADSTATS2)]);
}

TEST_F(ThreadStats, ReadingFromAColdCacheCountsReadsAndMisses)
{
    Restart();
    JET_THREADSTATS2 before = Now();
    int n = 0;
    for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t_, JET_MoveNext, 0)) {
        std::vector<unsigned char> got(20000);
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, col_, got.data(), 20000, &cb, 0, nullptr));
        ASSERT_EQ(20000u, cb);
        n++;
    }
    ASSERT_EQ(20, n);
    JET_THREADSTATS2 after = Now();
    // 20 records of 20000 bytes: many long-value pages, each read once at least
    EXPECT_GE(after.cPageRead - before.cPageRead, 20u);
    EXPECT_GE(after.cPageReferenced - before.cPageReferenced, after.cPageRead - before.cPageRead);
    EXPECT_EQ(after.cPageRead - before.cPageRead, after.cPageCacheMiss - before.cPageCacheMiss);
    EXPECT_GE(after.cusecPageCacheMiss - before.cusecPageCacheMiss, (uint64_t)(after.cPageRead - before.cPageRead));
    // reading changes nothing
    EXPECT_EQ(before.cPageDirtied, after.cPageDirtied);
    EXPECT_EQ(before.cLogRecord, after.cLogRecord);
    // a second pass finds the pages in the cache
    JET_THREADSTATS2 again = Now();
    for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t_, JET_MoveNext, 0)) {}
    JET_THREADSTATS2 end = Now();
    EXPECT_EQ(again.cPageRead, end.cPageRead);
    EXPECT_GT(end.cPageReferenced, again.cPageReferenced);
}

TEST_F(ThreadStats, UpdatesCountDirtiedPagesAndLogRecords)
{
    Restart();
    JET_THREADSTATS2 before = Now();
    std::vector<unsigned char> data(3000, 0x11);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, Insert(data));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, col_, data.data(), 100, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    JET_THREADSTATS2 after = Now();
    EXPECT_GT(after.cPageDirtied, before.cPageDirtied);
    EXPECT_GT(after.cPageRedirtied, before.cPageRedirtied); // the same page changed twice
    EXPECT_GE(after.cLogRecord - before.cLogRecord, 2u);     // an insert and a replace at least
    EXPECT_GE(after.cbLogRecord - before.cbLogRecord, 3000u);
}

TEST_F(ThreadStats, EachThreadCountsItsOwn)
{
    Restart();
    JET_THREADSTATS2 mine = Now();
    JET_THREADSTATS2 other_before{}, other_after{};
    // another thread reads the whole table with its own session
    std::thread th([&] {
        JET_SESID s = 0;
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        other_before = Now();
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s, "", ""));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, path_.c_str(), nullptr, &db, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, db, "t", nullptr, 0, 0, &t));
        for (JET_ERR err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
            unsigned char b[100];
            uint32_t cb = 0;
            JetRetrieveColumn(s, t, col_, b, sizeof b, &cb, 0, nullptr);
        }
        other_after = Now();
        JetEndSession(s, 0);
    });
    th.join();
    EXPECT_GT(other_after.cPageReferenced, other_before.cPageReferenced);
    JET_THREADSTATS2 mine_after = Now();
    EXPECT_EQ(mine.cPageReferenced, mine_after.cPageReferenced);
    EXPECT_EQ(mine.cPageRead, mine_after.cPageRead);
}

TEST_F(ThreadStats, NullBuffer)
{
    EXPECT_EQ(JET_errInvalidParameter, JetGetThreadStats(nullptr, sizeof(JET_THREADSTATS)));
}

} // namespace
