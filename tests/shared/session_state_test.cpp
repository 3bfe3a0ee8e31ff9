// What a session and its cursors keep for the application: JetSetSessionParameter /
// JetGetSessionParameter (ErrIsamSetSessionParameter / ErrIsamGetSessionParameter: sizes,
// ids, read-only ones) and JetSetLS / JetGetLS (ErrIsamSetLS / ErrIsamGetLS: a cursor's
// or a table's local storage, handed to JET_paramRuntimeCallback when its cursor goes).
// Written against esent.h only.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

// Ids jethdr.w has beyond Windows' esent.h.
constexpr uint32_t kCommitGenericContext = 4098, kCachePriority = 4102, kClientComponentDesc = 4103;

struct Freed {
    JET_CBTYP cbtyp;
    JET_LS ls;
    JET_SESID sesid;
    JET_TABLEID tableid;
};
std::vector<Freed> g_freed;

JET_ERR JET_API RuntimeCallback(JET_SESID sesid, JET_DBID, JET_TABLEID tableid, JET_CBTYP cbtyp, void *arg1, void *,
                                void *, JET_API_PTR)
{
    g_freed.push_back({ cbtyp, (JET_LS)arg1, sesid, tableid });
    return JET_errSuccess;
}

class SessionState : public ::testing::Test {
protected:
    void SetUp() override
    {
        g_freed.clear();
        MakeScratch("sesstate", "s.edb", &dir_, &path_, &name_);
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    void Start(bool callback)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        if (callback) {
            ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramRuntimeCallback,
                                                             (JET_API_PTR)&RuntimeCallback, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 100, &t_));
    }
    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
};

TEST_F(SessionState, CommitDefaultAndTransactionLevel)
{
    Start(false);
    JET_GRBIT g = 0x1234;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, JET_sesparamCommitDefault, &g, sizeof g, &cb));
    EXPECT_EQ(0u, g);
    EXPECT_EQ(sizeof g, cb);
    JET_GRBIT lazy = JET_bitCommitLazyFlush;
    ASSERT_EQ(JET_errSuccess, JetSetSessionParameter(s_, JET_sesparamCommitDefault, &lazy, sizeof lazy));
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, JET_sesparamCommitDefault, &g, sizeof g, nullptr));
    EXPECT_EQ(lazy, g);
    EXPECT_EQ(JET_errInvalidBufferSize, JetSetSessionParameter(s_, JET_sesparamCommitDefault, &lazy, 2));
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetSessionParameter(s_, JET_sesparamCommitDefault, &g, 8, nullptr));
    // the size alone
    cb = 0;
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, JET_sesparamCommitDefault, nullptr, 0, &cb));
    EXPECT_EQ(4u, cb);
    EXPECT_EQ(JET_errInvalidParameter, JetGetSessionParameter(s_, JET_sesparamCommitDefault, nullptr, 0, nullptr));
    // the level, read only
    int32_t level = -1;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, JET_sesparamTransactionLevel, &level, 4, nullptr));
    EXPECT_EQ(2, level);
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, JET_bitRollbackAll));
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, JET_sesparamTransactionLevel, &level, 4, nullptr));
    EXPECT_EQ(0, level);
    EXPECT_EQ(JET_errFeatureNotAvailable, JetSetSessionParameter(s_, JET_sesparamTransactionLevel, &level, 4));
    // unknown ids
    EXPECT_EQ(JET_errInvalidSesparamId, JetSetSessionParameter(s_, 4200, &level, 4));
    EXPECT_EQ(JET_errInvalidSesparamId, JetGetSessionParameter(s_, 17, &level, 4, nullptr));
    EXPECT_EQ(JET_errInvalidParameter, JetSetSessionParameter(s_, JET_sesparamCommitDefault, nullptr, 4));
}

TEST_F(SessionState, ContextsAndDescriptions)
{
    Start(false);
    // the generic commit context: any bytes up to 30000
    std::string ctx = "commit context bytes";
    ASSERT_EQ(JET_errSuccess, JetSetSessionParameter(s_, kCommitGenericContext, &ctx[0], (uint32_t)ctx.size()));
    char buf[64] = {};
    uint32_t cb = 0;
    EXPECT_EQ(JET_errBufferTooSmall, JetGetSessionParameter(s_, kCommitGenericContext, buf, 4, &cb));
    EXPECT_EQ(ctx.size(), cb);
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, kCommitGenericContext, buf, sizeof buf, &cb));
    EXPECT_EQ(ctx, std::string(buf, cb));
    std::vector<char> big(30001);
    EXPECT_EQ(JET_errInvalidBufferSize, JetSetSessionParameter(s_, kCommitGenericContext, big.data(), 30001));
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, kCommitGenericContext, buf, sizeof buf, &cb));
    EXPECT_EQ(0u, cb); // a refused one empties it
    // the operation context (a new session's user is OCUSER_UNINIT) and correlation id
    JET_OPERATIONCONTEXT oc{ 77, 1, 2, 3, 4 }, back{};
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, JET_sesparamOperationContext, &back, sizeof back, nullptr));
    EXPECT_EQ(0x80000000u, back.ulUserID);
    EXPECT_EQ(0, back.nOperationID);
    ASSERT_EQ(JET_errSuccess, JetSetSessionParameter(s_, JET_sesparamOperationContext, &oc, sizeof oc));
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, JET_sesparamOperationContext, &back, sizeof back, nullptr));
    EXPECT_EQ(0, std::memcmp(&oc, &back, sizeof oc));
    uint32_t id = 0xabcdef, id_back = 0;
    ASSERT_EQ(JET_errSuccess, JetSetSessionParameter(s_, JET_sesparamCorrelationID, &id, 4));
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, JET_sesparamCorrelationID, &id_back, 4, nullptr));
    EXPECT_EQ(id, id_back);
    // the cache priority: 100 by default, 0..1000
    uint32_t pri = 0;
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, kCachePriority, &pri, 4, nullptr));
    EXPECT_EQ(100u, pri);
    pri = 1001;
    EXPECT_EQ(JET_errInvalidParameter, JetSetSessionParameter(s_, kCachePriority, &pri, 4));
    // a description longer than 31 characters is cut with "..."
    std::string desc(40, 'd');
    EXPECT_EQ(JET_wrnBufferTruncated, JetSetSessionParameter(s_, kClientComponentDesc, &desc[0], 40));
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(s_, kClientComponentDesc, buf, sizeof buf, &cb));
    EXPECT_EQ(std::string(28, 'd') + "...", std::string(buf));
    // another session has its own values
    JET_SESID other = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &other, "", ""));
    ASSERT_EQ(JET_errSuccess, JetGetSessionParameter(other, JET_sesparamCorrelationID, &id_back, 4, nullptr));
    EXPECT_EQ(0u, id_back);
    ASSERT_EQ(JET_errSuccess, JetEndSession(other, 0));
}

TEST_F(SessionState, LocalStorageNeedsTheRuntimeCallback)
{
    Start(false);
    EXPECT_EQ(JET_errLSCallbackNotSpecified, JetSetLS(s_, t_, 8, JET_bitLSCursor));
    JET_LS ls = 0;
    EXPECT_EQ(JET_errLSNotSet, JetGetLS(s_, t_, &ls, JET_bitLSCursor));
    EXPECT_EQ(JET_LSNil, ls);
}

TEST_F(SessionState, CursorLocalStorage)
{
    Start(true);
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, t_, 8, JET_bitLSCursor));
    JET_LS ls = 0;
    ASSERT_EQ(JET_errSuccess, JetGetLS(s_, t_, &ls, JET_bitLSCursor));
    EXPECT_EQ(8u, ls);
    EXPECT_EQ(JET_errLSAlreadySet, JetSetLS(s_, t_, 9, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetSetLS(s_, t_, 9, JET_bitLSCursor | JET_bitLSTable));
    // another cursor on the table has none
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetDupCursor(s_, t_, &t2, 0));
    EXPECT_EQ(JET_errLSNotSet, JetGetLS(s_, t2, &ls, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t2));
    EXPECT_TRUE(g_freed.empty());
    // closing the cursor hands the value to the callback, once
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
    ASSERT_EQ(1u, g_freed.size());
    EXPECT_EQ((JET_CBTYP)JET_cbtypFreeCursorLS, g_freed[0].cbtyp);
    EXPECT_EQ(8u, g_freed[0].ls);
    EXPECT_EQ(JET_sesidNil, g_freed[0].sesid);
    EXPECT_EQ(JET_tableidNil, g_freed[0].tableid);
}

TEST_F(SessionState, ResetTakesTheValueWithoutTheCallback)
{
    Start(true);
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, t_, 5, 0));
    JET_LS ls = 0;
    ASSERT_EQ(JET_errSuccess, JetGetLS(s_, t_, &ls, JET_bitLSReset));
    EXPECT_EQ(5u, ls);
    ASSERT_EQ(JET_errSuccess, JetGetLS(s_, t_, &ls, JET_bitLSReset)); // a cursor's: no error
    EXPECT_EQ(JET_LSNil, ls);
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, t_, 6, 0));
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, t_, 0, JET_bitLSReset)); // cleared, not handed over
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
    EXPECT_TRUE(g_freed.empty());
}

TEST_F(SessionState, TableLocalStorageIsShared)
{
    Start(true);
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, t_, 42, JET_bitLSTable));
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t2));
    JET_LS ls = 0;
    ASSERT_EQ(JET_errSuccess, JetGetLS(s_, t2, &ls, JET_bitLSTable));
    EXPECT_EQ(42u, ls);
    EXPECT_EQ(JET_errLSAlreadySet, JetSetLS(s_, t2, 43, JET_bitLSTable));
    EXPECT_EQ(JET_errLSNotSet, JetGetLS(s_, t2, &ls, JET_bitLSCursor));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
    EXPECT_TRUE(g_freed.empty()); // the table's stays with the table
    ASSERT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
    inst_ = 0;
    ASSERT_EQ(1u, g_freed.size());
    EXPECT_EQ((JET_CBTYP)JET_cbtypFreeTableLS, g_freed[0].cbtyp);
    EXPECT_EQ(42u, g_freed[0].ls);
}

TEST_F(SessionState, RollbackAndEndSessionHandCursorsValuesOver)
{
    Start(true);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_TABLEID inner = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &inner));
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, inner, 1, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0)); // closes the cursor opened inside
    ASSERT_EQ(1u, g_freed.size());
    EXPECT_EQ(1u, g_freed[0].ls);
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, t_, 2, 0));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    ASSERT_EQ(2u, g_freed.size());
    EXPECT_EQ(2u, g_freed[1].ls);
}

// JetGetInstanceInfo lists the databases of an instance that logs (ESE: FLogOn), with
// their full paths as file and display names; none when recovery is off.
TEST_F(SessionState, InstanceInfoListsTheDatabases)
{
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramLogFilePath, 0, (dir_ + "/").c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramSystemPath, 0, (dir_ + "/").c_str()));
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    std::string second = dir_ + "/second.edb";
    JET_DBID db2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, second.c_str(), nullptr, &db2, 0));
    uint32_t n = 0;
    JET_INSTANCE_INFO_A *info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetGetInstanceInfoA(&n, &info));
    const JET_INSTANCE_INFO_A *mine = nullptr;
    for (uint32_t i = 0; i < n; i++)
        if (info[i].szInstanceName != nullptr && name_ == info[i].szInstanceName) mine = &info[i];
    ASSERT_NE(nullptr, mine);
    ASSERT_EQ(2u, mine->cDatabases);
    char full[1024];
    ASSERT_EQ(COMPAT_OK, compat_path_absolute(path_.c_str(), full, sizeof full));
    EXPECT_STREQ(full, mine->szDatabaseFileName[0]);
    EXPECT_STREQ(full, mine->szDatabaseDisplayName[0]);
    EXPECT_EQ(nullptr, mine->szDatabaseSLVFileName[0]);
    ASSERT_EQ(COMPAT_OK, compat_path_absolute(second.c_str(), full, sizeof full));
    EXPECT_STREQ(full, mine->szDatabaseFileName[1]);
    ASSERT_EQ(JET_errSuccess, JetFreeBuffer(reinterpret_cast<char *>(info)));
    // the W form says the same
    uint32_t nw = 0;
    JET_INSTANCE_INFO_W *infow = nullptr;
    ASSERT_EQ(JET_errSuccess, JetGetInstanceInfoW(&nw, &infow));
    ASSERT_EQ(n, nw);
    size_t total = 0;
    for (uint32_t i = 0; i < nw; i++) total += infow[i].cDatabases;
    EXPECT_GE(total, 2u);
    ASSERT_EQ(JET_errSuccess, JetFreeBuffer(reinterpret_cast<char *>(infow)));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db2, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, second.c_str()));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    compat_path_delete(second.c_str());
}

TEST_F(SessionState, InstanceInfoWithRecoveryOffListsNoDatabase)
{
    Start(false); // recovery off, one database
    uint32_t n = 0;
    JET_INSTANCE_INFO_A *info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetGetInstanceInfoA(&n, &info));
    bool found = false;
    for (uint32_t i = 0; i < n; i++) {
        if (info[i].szInstanceName == nullptr || name_ != info[i].szInstanceName) continue;
        found = true;
        EXPECT_EQ(0u, info[i].cDatabases);
    }
    EXPECT_TRUE(found);
    JetFreeBuffer(reinterpret_cast<char *>(info));
}

} // namespace
