// The log through the public API: JetCommitTransaction2's rules and commit ids, log files
// where the parameters say, data back after a restart (docs/log-format.md).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "compat.h"
#include "esent.h"

namespace {

struct LogApi : ::testing::Test {
    std::string dir, db;
    JET_INSTANCE inst = 0;
    JET_SESID ses = 0;
    JET_DBID dbid = 0;
    JET_TABLEID tab = 0;
    JET_COLUMNID col = 0;

    void SetUp() override
    {
        char cwd[1024];
        ASSERT_EQ(COMPAT_OK, compat_current_dir(cwd, sizeof cwd));
        const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir = std::string(cwd) + compat_path_separator() + "logapi_" + info->name();
        remove_dir();
        ASSERT_EQ(COMPAT_OK, compat_dir_create(dir.c_str()));
        dir += compat_path_separator();
        db = dir + "log.edb";
    }
    void TearDown() override
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermAbrupt);
        remove_dir();
    }
    void remove_dir()
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
    void start(const char *recovery)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "logapi"));
        if (recovery != nullptr) {
            ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, recovery));
        }
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, dir.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, dir.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, dir.c_str()));
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
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(ses, tab, "id", &cd, nullptr, 0, &col));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(ses, tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    }
    void insert(int32_t id)
    {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(ses, tab, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(ses, tab, col, &id, sizeof id, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(ses, tab, nullptr, 0, nullptr));
    }
    void stop()
    {
        ASSERT_EQ(JET_errSuccess, JetEndSession(ses, 0));
        ASSERT_EQ(JET_errSuccess, JetTerm(inst));
        inst = 0;
    }
    // A new instance on the same folder (recovery runs), the table open again.
    void restart()
    {
        start("on");
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(ses, db.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(ses, db.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(ses, dbid, "t", nullptr, 0, 0, &tab));
    }
    bool exists(const std::string &name)
    {
        bool is_dir = false;
        return compat_path_exists((dir + name).c_str(), &is_dir) == COMPAT_OK;
    }
};

// ErrDIRCommitTransaction: a timeout for a commit that is durable anyway is refused, and
// the transaction stays open.
TEST_F(LogApi, DurableCommitWithTimeoutIsInvalidParameter)
{
    start("on");
    create();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
    insert(1);
    JET_COMMIT_ID id;
    EXPECT_EQ(JET_errInvalidParameter, JetCommitTransaction2(ses, 0, 10, &id));
    EXPECT_EQ(JET_errSuccess, JetRollback(ses, 0));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(ses, 0));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction2(ses, JET_bitWaitAllLevel0Commit, 0, nullptr));
}

TEST_F(LogApi, CommitIdsNameTheLogAndGrow)
{
    start("on");
    create();
    JET_COMMIT_ID a, b;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
    insert(1);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction2(ses, 0, 0, &a));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
    insert(2);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction2(ses, JET_bitCommitLazyFlush, 50, &b));
    EXPECT_NE(0u, a.signLog.ulRandom);
    EXPECT_EQ(a.signLog.ulRandom, b.signLog.ulRandom);
    EXPECT_GT(a.commitId, 0);
    EXPECT_GT(b.commitId, a.commitId);
    EXPECT_TRUE(exists("edb.log"));
    EXPECT_TRUE(exists("edb.chk"));
}

TEST_F(LogApi, WithoutALogTheCommitIdStaysEmptyAndNoLogIsMade)
{
    start("off");
    create();
    JET_COMMIT_ID id;
    std::memset(&id, 0x5a, sizeof id);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
    insert(1);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction2(ses, 0, 0, &id));
    EXPECT_EQ(0u, id.signLog.ulRandom);
    EXPECT_EQ(0, id.commitId);
    EXPECT_FALSE(exists("edb.log"));
}

// Committed rows come back after a restart; a rolled-back one does not; the log goes on
// in a new generation.
TEST_F(LogApi, RestartRecoversAndContinuesTheLog)
{
    start("on");
    create();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
    insert(7);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(ses, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
    insert(8);
    ASSERT_EQ(JET_errSuccess, JetRollback(ses, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(ses, dbid, 0));
    stop();
    restart();
    for (int32_t k : {7, 8}) {
        ASSERT_EQ(JET_errSuccess, JetMakeKey(ses, tab, &k, sizeof k, JET_bitNewKey));
        EXPECT_EQ(k == 7 ? JET_errSuccess : JET_errRecordNotFound, JetSeek(ses, tab, JET_bitSeekEQ)) << k;
    }
    EXPECT_TRUE(exists("edb00001.log"));
}

// JET_paramCommitDefault (SetCommitDefault): a session takes its instance's default when it
// begins; JetSetSystemParameter with a session changes that session's; the lazy bit makes
// a commit lazy, which ErrDIRCommitTransaction's timeout rule shows.
TEST_F(LogApi, CommitDefaultMakesCommitsLazy)
{
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "logapi"));
    ASSERT_EQ(JET_errInvalidParameter, JetSetSystemParameterA(&inst, 0, JET_paramCommitDefault, 0x4, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "on"));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, dir.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, dir.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, dir.c_str()));
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &ses, nullptr, nullptr));
    create();
    JET_GRBIT grbit = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(ses, JET_sesparamCommitDefault, &grbit, sizeof grbit, &cb));
    EXPECT_EQ(JET_GRBIT(JET_bitCommitLazyFlush), grbit);
    JET_COMMIT_ID id{};
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
    insert(1);
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction2(ses, 0, 1000, &id)); // lazy by default
    // the session's own default, through JetSetSystemParameter with the session
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, ses, JET_paramCommitDefault, 0, nullptr));
    JET_API_PTR v = 99;
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst, ses, JET_paramCommitDefault, &v, nullptr, 0));
    EXPECT_EQ(0u, v);
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst, 0, JET_paramCommitDefault, &v, nullptr, 0));
    EXPECT_EQ(JET_API_PTR(JET_bitCommitLazyFlush), v); // the instance's stays
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
    insert(2);
    EXPECT_EQ(JET_errInvalidParameter, JetCommitTransaction2(ses, 0, 1000, &id)); // durable now
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction2(ses, 0, 0, &id));
}

// Durable commits from several threads at once (the group commit: one leader flushes while
// the others wait for it) all succeed, and every row is there after a restart.
TEST_F(LogApi, ConcurrentDurableCommitsAllSurviveARestart)
{
    constexpr int kThreads = 4, kCommits = 25;
    start("on");
    create();
    ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
    std::vector<std::thread> threads;
    std::vector<JET_ERR> first_error(kThreads, JET_errSuccess);
    for (int w = 0; w < kThreads; w++) {
        threads.emplace_back([&, w] {
            JET_SESID s = 0;
            JET_DBID d = 0;
            JET_TABLEID t = 0;
            JET_ERR e = JetBeginSessionA(inst, &s, nullptr, nullptr);
            if (e >= 0) e = JetOpenDatabaseA(s, db.c_str(), nullptr, &d, 0);
            if (e >= 0) e = JetOpenTableA(s, d, "t", nullptr, 0, 0, &t);
            for (int i = 0; i < kCommits && e >= 0; i++) {
                int32_t id = 1000 * (w + 1) + i;
                e = JetBeginTransaction(s);
                if (e >= 0) e = JetPrepareUpdate(s, t, JET_prepInsert);
                if (e >= 0) e = JetSetColumn(s, t, col, &id, sizeof id, 0, nullptr);
                if (e >= 0) e = JetUpdate(s, t, nullptr, 0, nullptr);
                if (e >= 0) e = JetCommitTransaction(s, 0);
            }
            first_error[w] = e < 0 ? e : JET_errSuccess;
            if (s != 0) JetEndSession(s, 0);
        });
    }
    for (auto &t : threads) t.join();
    for (int w = 0; w < kThreads; w++) EXPECT_EQ(JET_errSuccess, first_error[w]) << w;
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(ses, dbid, 0));
    stop();
    restart();
    for (int w = 0; w < kThreads; w++) {
        for (int i = 0; i < kCommits; i++) {
            int32_t id = 1000 * (w + 1) + i;
            ASSERT_EQ(JET_errSuccess, JetMakeKey(ses, tab, &id, sizeof id, JET_bitNewKey));
            EXPECT_EQ(JET_errSuccess, JetSeek(ses, tab, JET_bitSeekEQ)) << id;
        }
    }
}

}  // namespace

namespace {

// The log is on by default (JET_paramRecovery "on", as ESENT's): with only the folders set,
// JetInit makes the checkpoint, the first generation (JET_paramLogFileSize bytes, as ESE's)
// and the two reserve logs; a committed row survives a restart.
TEST_F(LogApi, LogIsOnByDefault)
{
    start(nullptr);
    char value[16] = {};
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst, 0, JET_paramRecovery, nullptr, value, sizeof value));
    EXPECT_STREQ("on", value);
    EXPECT_TRUE(exists("edb.chk"));
    EXPECT_TRUE(exists("edb.log"));
    EXPECT_TRUE(exists("edbres00001.jrs"));
    EXPECT_TRUE(exists("edbres00002.jrs"));
    compat_file *f = nullptr;
    uint64_t size = 0;
    ASSERT_EQ(COMPAT_OK, compat_file_open((dir + "edb.log").c_str(), COMPAT_FILE_READ, &f));
    EXPECT_EQ(COMPAT_OK, compat_file_size(f, &size));
    compat_file_close(f);
    EXPECT_EQ(5120u * 1024u, size); // JET_paramLogFileSize's default, in KiB
    JET_SIGNATURE sign;
    std::memset(&sign, 0, sizeof sign);
    ASSERT_EQ(JET_errSuccess, JetGetInstanceMiscInfo(inst, &sign, sizeof sign, JET_InstanceMiscInfoLogSignature));
    EXPECT_NE(0u, sign.ulRandom);
    create();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(ses));
    insert(5);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(ses, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(ses, tab));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(ses, dbid, 0));
    stop();
    restart();
    int32_t k = 5;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(ses, tab, &k, sizeof k, JET_bitNewKey));
    EXPECT_EQ(JET_errSuccess, JetSeek(ses, tab, JET_bitSeekEQ));
}

// Any value but "on" or "repair" (in any case) keeps no log (INST::FComputeLogDisabled).
TEST_F(LogApi, OnlyOnOrRepairKeepALog)
{
    for (const char *v : {"off", "OFF", "", "true", "repairs"}) {
        start(v);
        EXPECT_FALSE(exists("edb.log")) << v;
        stop();
    }
    for (const char *v : {"ON", "Repair"}) {
        start(v);
        EXPECT_TRUE(exists("edb.log")) << v;
        stop();
    }
}

// JetGetInstanceMiscInfo (JetGetInstanceMiscInfoEx): the level, then the size; without a
// log the signature is zeros.
TEST_F(LogApi, InstanceMiscInfo)
{
    start("off");
    JET_SIGNATURE sign;
    std::memset(&sign, 0x5a, sizeof sign);
    EXPECT_EQ(JET_errInvalidParameter, JetGetInstanceMiscInfo(inst, &sign, sizeof sign, 7));
    EXPECT_EQ(JET_errBufferTooSmall, JetGetInstanceMiscInfo(inst, &sign, sizeof sign - 1, JET_InstanceMiscInfoLogSignature));
    ASSERT_EQ(JET_errSuccess, JetGetInstanceMiscInfo(inst, &sign, sizeof sign, JET_InstanceMiscInfoLogSignature));
    EXPECT_EQ(0u, sign.ulRandom);
    EXPECT_EQ(JET_errInvalidInstance, JetGetInstanceMiscInfo(12345, &sign, sizeof sign, 0));
}

// ErrCheckUniquePath: two instances that log may not share the system folder
// (JET_errSystemPathInUse, asked first) or the log folder (JET_errLogFilePathInUse); one
// that keeps no log shares anything. A failed JetInit frees the instance.
TEST_F(LogApi, TwoInstancesMayNotShareTheirLogFolders)
{
    start(nullptr);
    std::string other = dir + "other";
    ASSERT_EQ(COMPAT_OK, compat_dir_create(other.c_str()));
    other += compat_path_separator();
    auto second = [&](const char *recovery, const std::string &sys, const std::string &log) {
        JET_INSTANCE i2 = 0;
        EXPECT_EQ(JET_errSuccess, JetCreateInstanceA(&i2, "second"));
        if (recovery != nullptr) JetSetSystemParameterA(&i2, 0, JET_paramRecovery, 0, recovery);
        JetSetSystemParameterA(&i2, 0, JET_paramSystemPath, 0, sys.c_str());
        JetSetSystemParameterA(&i2, 0, JET_paramLogFilePath, 0, log.c_str());
        JetSetSystemParameterA(&i2, 0, JET_paramTempPath, 0, other.c_str());
        JET_ERR err = JetInit(&i2);
        if (err >= 0) EXPECT_EQ(JET_errSuccess, JetTerm(i2));
        else EXPECT_EQ(0u, (unsigned long long)i2);
        return err;
    };
    EXPECT_EQ(JET_errSystemPathInUse, second(nullptr, dir, dir));
    EXPECT_EQ(JET_errSystemPathInUse, second("on", dir, other));
    EXPECT_EQ(JET_errLogFilePathInUse, second("on", other, dir));
    EXPECT_EQ(JET_errSuccess, second("off", dir, dir));
    EXPECT_EQ(JET_errSuccess, second("on", other, other));
    // the folders are free again once the first instance ended
    stop();
    EXPECT_EQ(JET_errSuccess, second("on", dir, dir));
    // the remains of the second instance's log
    std::string d = other;
    d.pop_back();
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

// JetStopBackupInstance (BKSetStopBackup): the backup under way answers
// JET_errBackupAbortByServer, its end is an abort that succeeds; the next backup runs.
TEST_F(LogApi, StopBackupStopsTheBackupUnderWay)
{
    start(nullptr);
    create();
    EXPECT_EQ(JET_errSuccess, JetStopBackupInstance(inst)); // none under way: nothing to do
    ASSERT_EQ(JET_errSuccess, JetBeginExternalBackupInstance(inst, 0));
    EXPECT_EQ(JET_errSuccess, JetStopBackupInstance(inst));
    char list[4096];
    uint32_t cb = 0;
    EXPECT_EQ(JET_errBackupAbortByServer, JetGetAttachInfoInstanceA(inst, list, sizeof list, &cb));
    EXPECT_EQ(JET_errBackupAbortByServer, JetGetLogInfoInstanceA(inst, list, sizeof list, &cb));
    EXPECT_EQ(JET_errSuccess, JetEndExternalBackupInstance(inst));
    EXPECT_EQ(JET_errNoBackup, JetEndExternalBackupInstance(inst));
    ASSERT_EQ(JET_errSuccess, JetBeginExternalBackupInstance(inst, 0));
    EXPECT_EQ(JET_errSuccess, JetGetAttachInfoInstanceA(inst, list, sizeof list, &cb));
    EXPECT_EQ(JET_errSuccess, JetEndExternalBackupInstance2(inst, JET_bitBackupEndAbort));
    EXPECT_EQ(JET_errInvalidInstance, JetStopBackupInstance(12345));
}

// Every allocation of JetInit and JetTerm with the log on fails once in turn (every fifth,
// to keep it quick): each gives JET_errOutOfMemory or succeeds, and the folder stays
// usable (a failed start never leaves a checkpoint naming a generation it lacks).
TEST_F(LogApi, FaultWalkOverLogInit)
{
    int fired = 0;
    for (uint64_t nth = 1; nth < 400; nth += 5) {
        JET_INSTANCE i = 0;
        compat_fault_arm(COMPAT_FAULT_ALLOC, nth);
        JET_ERR err = JetCreateInstanceA(&i, "walk");
        if (err < 0) i = 0;
        if (err >= 0) err = JetSetSystemParameterA(&i, 0, JET_paramLogFileSize, 128, nullptr);
        if (err >= 0) err = JetSetSystemParameterA(&i, 0, JET_paramLogFilePath, 0, dir.c_str());
        if (err >= 0) err = JetSetSystemParameterA(&i, 0, JET_paramSystemPath, 0, dir.c_str());
        if (err >= 0) err = JetInit(&i);
        JET_ERR term = i != 0 ? JetTerm(i) : JET_errSuccess;
        bool hit = compat_fault_fired(COMPAT_FAULT_ALLOC);
        compat_fault_disarm_all();
        if (!hit) break;
        fired++;
        EXPECT_TRUE(err == JET_errSuccess || err == JET_errOutOfMemory) << nth << ": " << err;
        EXPECT_TRUE(term == JET_errSuccess || term == JET_errOutOfMemory) << nth << ": " << term;
        i = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&i, "walk"));
        JetSetSystemParameterA(&i, 0, JET_paramLogFileSize, 128, nullptr);
        JetSetSystemParameterA(&i, 0, JET_paramLogFilePath, 0, dir.c_str());
        JetSetSystemParameterA(&i, 0, JET_paramSystemPath, 0, dir.c_str());
        ASSERT_EQ(JET_errSuccess, JetInit(&i)) << "after " << nth;
        ASSERT_EQ(JET_errSuccess, JetTerm(i));
    }
    EXPECT_GT(fired, 10);
}

} // namespace
