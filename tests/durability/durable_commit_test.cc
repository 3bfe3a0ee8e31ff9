// JetCommitTransaction2's cmsecDurableCommit and JET_paramDurableCommitCallback: a lazy
// commit given a duration becomes durable without any further call, on the instance's own
// flusher thread, which then tells the callback (ESE's ErrLGScheduleWrite and
// LGLazyCommit_); the rows are then in the log, so a crash right after the callback loses
// nothing. No assertion here measures time: waits have a generous bound only.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "compat.h"
#include "esent.h"
#include "crash_files.h"

namespace {

// What the callback saw, shared with the flusher thread.
struct Seen {
    std::mutex m;
    std::condition_variable cv;
    int64_t last = 0;         // the last commit id reported
    bool in_order = true;     // every report at or past the one before
    JET_SIGNATURE sign{};
    std::thread::id thread;   // of the last report
    int calls = 0;
};
Seen seen;

JET_ERR JET_API on_durable(JET_INSTANCE, JET_COMMIT_ID *id, JET_GRBIT)
{
    std::lock_guard<std::mutex> g(seen.m);
    if (id->commitId < seen.last) seen.in_order = false;
    seen.last = id->commitId;
    seen.sign = id->signLog;
    seen.thread = std::this_thread::get_id();
    seen.calls++;
    seen.cv.notify_all();
    return JET_errSuccess;
}

struct DurableCommit : ::testing::Test {
    std::string dir, crash, db;
    JET_INSTANCE inst = 0;
    JET_SESID ses = 0;
    JET_DBID dbid = 0;
    JET_TABLEID tab = 0;
    JET_COLUMNID col = 0;

    void SetUp() override
    {
        ASSERT_NO_FATAL_FAILURE(FreshTestFolder("durcommit_", "", &dir));
        ASSERT_NO_FATAL_FAILURE(FreshTestFolder("durcommit_", "_crash", &crash));
        db = dir + "dc.edb";
        std::lock_guard<std::mutex> g(seen.m);
        seen.last = 0;
        seen.in_order = true;
        seen.calls = 0;
        seen.thread = std::thread::id();
    }
    void TearDown() override
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermAbrupt);
        RemoveFolder(dir);
        RemoveFolder(crash);
    }
    void start(bool with_callback)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "durcommit"));
        ASSERT_NO_FATAL_FAILURE(LogIntoFolder(&inst, dir));
        if (with_callback) {
            ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramDurableCommitCallback,
                                                             (JET_API_PTR)&on_durable, nullptr));
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
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(ses, dbid, "t", 0, 100, &tab));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "id", &cd, nullptr, 0, &col));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(ses, tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(ses, 0)); // durable: the table survives any crash
    }
    void insert(int32_t id)
    {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(ses, tab, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col, &id, sizeof id, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(ses, tab, nullptr, 0, nullptr));
    }
    // One lazy transaction of rows, to be durable within cmsec.
    JET_COMMIT_ID commit_lazy(std::initializer_list<int32_t> ids, unsigned long cmsec)
    {
        JET_COMMIT_ID id{};
        EXPECT_EQ(JET_errSuccess, JetBeginTransaction(ses));
        for (int32_t k : ids) insert(k);
        EXPECT_EQ(JET_errSuccess, JetCommitTransaction2(ses, JET_bitCommitLazyFlush, cmsec, &id));
        return id;
    }
    // Waits (a minute at most: no test depends on how long it takes) until the callback
    // has reported a commit id past id; whether it did.
    bool wait_reported_past(int64_t id)
    {
        std::unique_lock<std::mutex> g(seen.m);
        return seen.cv.wait_for(g, std::chrono::seconds(60), [&] { return seen.last > id; });
    }
    // The files as they stand now become the folder (the instance is gone), as a crash
    // would leave them; then a new instance recovers them.
    void crash_now_and_restart()
    {
        CopyFiles(dir, crash);
        ASSERT_EQ(JET_errSuccess, JetTerm2(inst, JET_bitTermAbrupt));
        inst = 0;
        RemoveFolder(dir);
        ASSERT_EQ(COMPAT_OK, compat_dir_create(dir.substr(0, dir.size() - 1).c_str()));
        CopyFiles(crash, dir);
        start(false);
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(ses, db.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses, dbid, "t", nullptr, 0, 0, &tab));
    }
    JET_ERR seek(int32_t k)
    {
        JET_ERR err = JetMakeKey(ses, tab, &k, sizeof k, JET_bitNewKey);
        return err < 0 ? err : JetSeek(ses, tab, JET_bitSeekEQ);
    }
};

// The deadline passes with the application idle: the callback arrives from another thread
// with a commit id past the commit's and the log's signature, and the rows are in the log
// (a crash right then, with no other call made, loses none of them).
TEST_F(DurableCommit, LazyCommitWithDurationIsReportedWithoutAnotherCall)
{
    start(true);
    create();
    JET_COMMIT_ID id = commit_lazy({1, 2, 3}, 50);
    ASSERT_NE(0, id.commitId);
    ASSERT_TRUE(wait_reported_past(id.commitId));
    {
        std::lock_guard<std::mutex> g(seen.m);
        EXPECT_NE(std::this_thread::get_id(), seen.thread);
        EXPECT_EQ(0, std::memcmp(&id.signLog, &seen.sign, sizeof id.signLog));
        EXPECT_TRUE(seen.in_order);
    }
    crash_now_and_restart();
    for (int32_t k : {1, 2, 3}) EXPECT_EQ(JET_errSuccess, seek(k)) << k;
}

// A later lazy commit with a nearer deadline brings the flush forward, and that flush
// covers the earlier commit whose own deadline (an hour) is far away: both are reported
// and both survive a crash.
TEST_F(DurableCommit, NearerDeadlineFlushesEveryLazyCommitBeforeIt)
{
    start(true);
    create();
    JET_COMMIT_ID first = commit_lazy({10, 11}, 3600u * 1000u);
    JET_COMMIT_ID second = commit_lazy({12}, 20);
    ASSERT_GT(second.commitId, first.commitId);
    ASSERT_TRUE(wait_reported_past(second.commitId));
    crash_now_and_restart();
    for (int32_t k : {10, 11, 12}) EXPECT_EQ(JET_errSuccess, seek(k)) << k;
}

// JetTerm with a lazy commit whose deadline is an hour away ends at once (the flusher is
// stopped and joined), and the commit is durable after it.
TEST_F(DurableCommit, TermStopsTheFlusherAndKeepsThePendingCommit)
{
    start(true);
    create();
    (void)commit_lazy({31}, 3600u * 1000u);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
    ASSERT_EQ(JET_errSuccess, JetEndSession(ses, 0));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    inst = 0;
    start(false);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(ses, db.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses, dbid, "t", nullptr, 0, 0, &tab));
    EXPECT_EQ(JET_errSuccess, seek(31));
}

// A durable commit is reported before JetCommitTransaction2 returns (ESE's log writer tells
// the callback before it wakes the committer), even while the flusher reports lazy
// commits of other sessions: the reports arrive in order.
TEST_F(DurableCommit, DurableCommitIsReportedBeforeItReturns)
{
    start(true);
    create();
    for (int round = 0; round < 20; round++) {
        (void)commit_lazy({100 + round * 2}, 1);
        JET_COMMIT_ID id{};
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
        insert(101 + round * 2);
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction2(ses, 0, 0, &id));
        std::lock_guard<std::mutex> g(seen.m);
        EXPECT_GT(seen.last, id.commitId) << round;
    }
    std::lock_guard<std::mutex> g(seen.m);
    EXPECT_TRUE(seen.in_order);
}

}  // namespace
