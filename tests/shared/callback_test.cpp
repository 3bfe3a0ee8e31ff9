// JetRegisterCallback / JetUnregisterCallback (fcb.cxx: ErrIsamRegisterCallback; recupd.cxx:
// ErrRECCallback): callbacks kept on the table, for every cursor of every session, called
// before and after inserts, replaces and deletes; a Before callback that fails stops the
// change. Written against esent.h only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

struct Call {
    JET_SESID sesid;
    JET_TABLEID tableid;
    JET_CBTYP cbtyp;
    int32_t value;             // the copy buffer's (inserts, replaces), -1 otherwise
};

struct Recorder {
    std::vector<Call> calls;
    JET_COLUMNID column = 0;
    JET_ERR fail_with = JET_errSuccess;
    JET_CBTYP fail_on = 0;
};

JET_ERR JET_API Record(JET_SESID sesid, JET_DBID, JET_TABLEID tableid, JET_CBTYP cbtyp, void *, void *,
                       void *ctx, JET_API_PTR)
{
    auto *r = static_cast<Recorder *>(ctx);
    int32_t v = -1;
    uint32_t cb = 0;
    if (cbtyp & (JET_cbtypBeforeInsert | JET_cbtypBeforeReplace))
        JetRetrieveColumn(sesid, tableid, r->column, &v, sizeof v, &cb, JET_bitRetrieveCopy, nullptr);
    r->calls.push_back({sesid, tableid, cbtyp, v});
    return (cbtyp & r->fail_on) ? r->fail_with : JET_errSuccess;
}

class Callbacks : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("callbacks", "cb.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "k", &d, nullptr, 0, &k_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "v", &d, nullptr, 0, &v_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t_));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &look_));
        rec_.column = k_;
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    JET_ERR Insert(JET_SESID s, JET_TABLEID t, int32_t k)
    {
        EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s, t, k_, &k, 4, 0, nullptr));
        return JetUpdate(s, t, nullptr, 0, nullptr);
    }
    bool Seek(JET_SESID s, JET_TABLEID t, int32_t k)
    {
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s, t, &k, 4, JET_bitNewKey));
        return JetSeek(s, t, JET_bitSeekEQ) == JET_errSuccess;
    }
    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0, look_ = 0; // look_: a cursor to look with
    JET_COLUMNID k_ = 0, v_ = 0;
    Recorder rec_;
};

TEST_F(Callbacks, InsertsFireBeforeAndAfterWithTheCursorAndTheCopyBuffer)
{
    JET_HANDLE h = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetRegisterCallback(s_, t_, JET_cbtypNull, Record, &rec_, &h));
    EXPECT_EQ(JET_errInvalidParameter, JetRegisterCallback(s_, t_, JET_cbtypBeforeInsert, nullptr, &rec_, &h));
    EXPECT_EQ(JET_errInvalidParameter, JetRegisterCallback(s_, t_, JET_cbtypBeforeInsert, Record, &rec_, nullptr));
    ASSERT_EQ(JET_errSuccess,
              JetRegisterCallback(s_, t_, JET_cbtypBeforeInsert | JET_cbtypAfterInsert, Record, &rec_, &h));
    ASSERT_EQ(JET_errSuccess, Insert(s_, t_, 7));
    ASSERT_EQ(2u, rec_.calls.size());
    EXPECT_EQ(s_, rec_.calls[0].sesid);
    EXPECT_EQ(t_, rec_.calls[0].tableid);
    EXPECT_EQ((JET_CBTYP)JET_cbtypBeforeInsert, rec_.calls[0].cbtyp);
    EXPECT_EQ(7, rec_.calls[0].value);
    EXPECT_EQ((JET_CBTYP)JET_cbtypAfterInsert, rec_.calls[1].cbtyp);
    EXPECT_EQ(t_, rec_.calls[1].tableid);

    // registered on the table: another cursor, of another session, fires it too
    JET_SESID s2 = 0;
    JET_DBID db2 = 0;
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2, "", ""));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2, path_.c_str(), nullptr, &db2, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2, db2, "t", nullptr, 0, 0, &t2));
    rec_.calls.clear();
    ASSERT_EQ(JET_errSuccess, Insert(s2, t2, 8));
    ASSERT_EQ(2u, rec_.calls.size());
    EXPECT_EQ(s2, rec_.calls[0].sesid);
    EXPECT_EQ(t2, rec_.calls[0].tableid);
    EXPECT_EQ(8, rec_.calls[0].value);

    // unregistered: no more calls
    ASSERT_EQ(JET_errSuccess, JetUnregisterCallback(s_, t_, JET_cbtypBeforeInsert | JET_cbtypAfterInsert, h));
    rec_.calls.clear();
    ASSERT_EQ(JET_errSuccess, Insert(s2, t2, 9));
    ASSERT_EQ(JET_errSuccess, Insert(s_, t_, 10));
    EXPECT_TRUE(rec_.calls.empty());
    JetEndSession(s2, 0);
}

TEST_F(Callbacks, AFailingBeforeInsertStopsTheInsertAndLeavesItPrepared)
{
    JET_HANDLE h = 0;
    ASSERT_EQ(JET_errSuccess, JetRegisterCallback(s_, t_, JET_cbtypBeforeInsert, Record, &rec_, &h));
    rec_.fail_on = JET_cbtypBeforeInsert;
    rec_.fail_with = JET_errCallbackFailed;
    EXPECT_EQ(JET_errCallbackFailed, Insert(s_, t_, 1));
    EXPECT_FALSE(Seek(s_, look_, 1));
    // still prepared: once the callback agrees, the same update goes in
    rec_.fail_on = 0;
    EXPECT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    EXPECT_TRUE(Seek(s_, look_, 1));
    // a warning does not stop it
    rec_.fail_on = JET_cbtypBeforeInsert;
    rec_.fail_with = JET_wrnColumnNull;
    EXPECT_EQ(JET_errSuccess, Insert(s_, t_, 2));
    EXPECT_TRUE(Seek(s_, t_, 2));
}

TEST_F(Callbacks, ReplacesAndDeletes)
{
    ASSERT_EQ(JET_errSuccess, Insert(s_, t_, 1));
    ASSERT_EQ(JET_errSuccess, Insert(s_, t_, 2));
    JET_HANDLE h = 0;
    ASSERT_EQ(JET_errSuccess,
              JetRegisterCallback(s_, t_,
                                  JET_cbtypBeforeReplace | JET_cbtypAfterReplace | JET_cbtypBeforeDelete |
                                      JET_cbtypAfterDelete | JET_cbtypBeforeInsert,
                                  Record, &rec_, &h));
    // a second registration on another cursor of the table: both fire, newest first
    JET_TABLEID other = 0;
    rec_.column = v_;
    Recorder second;
    second.column = v_;
    JET_HANDLE h2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &other));
    ASSERT_EQ(JET_errSuccess, JetRegisterCallback(s_, other, JET_cbtypAfterReplace, Record, &second, &h2));

    ASSERT_TRUE(Seek(s_, t_, 1));
    int32_t v = 5;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, v_, &v, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(2u, rec_.calls.size());
    EXPECT_EQ((JET_CBTYP)JET_cbtypBeforeReplace, rec_.calls[0].cbtyp);
    EXPECT_EQ(5, rec_.calls[0].value);
    EXPECT_EQ((JET_CBTYP)JET_cbtypAfterReplace, rec_.calls[1].cbtyp);
    ASSERT_EQ(1u, second.calls.size());
    EXPECT_EQ(t_, second.calls[0].tableid);

    // a failing BeforeDelete keeps the record
    rec_.calls.clear();
    rec_.fail_on = JET_cbtypBeforeDelete;
    rec_.fail_with = JET_errCallbackFailed;
    ASSERT_TRUE(Seek(s_, t_, 2));
    EXPECT_EQ(JET_errCallbackFailed, JetDelete(s_, t_));
    EXPECT_TRUE(Seek(s_, look_, 2));
    rec_.fail_on = 0;
    EXPECT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_FALSE(Seek(s_, look_, 2));
    ASSERT_EQ(3u, rec_.calls.size());
    EXPECT_EQ((JET_CBTYP)JET_cbtypBeforeDelete, rec_.calls[0].cbtyp);
    EXPECT_EQ((JET_CBTYP)JET_cbtypBeforeDelete, rec_.calls[1].cbtyp);
    EXPECT_EQ((JET_CBTYP)JET_cbtypAfterDelete, rec_.calls[2].cbtyp);
    EXPECT_EQ(JET_errSuccess, JetUnregisterCallback(s_, other, 0, h2));
}

}  // namespace
