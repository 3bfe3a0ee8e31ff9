// Detaching a database takes its versions with it: the next database attached or created
// (which may get the same cache file slot) reads and writes its own records, also for a
// session whose snapshot is older than the detached database's last commits. A detach
// while a transaction still has uncommitted changes of the database is
// JET_errDatabaseInUse (ESE's ErrIsamDetachDatabase: versions it cannot clean). Written
// against esent.h only.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class DetachVersions : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("detachver", "first.edb", &dir_, &first_, &name_);
        second_ = dir_ + "/second.edb";
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &a_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &c_, "", ""));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch("", second_);
        RemoveScratch(dir_, first_);
    }
    // A new database at path holding table "t" (id, v; primary index on id) with the
    // record (1, v1), left open in s: every database made so gets the same objids.
    void Create(JET_SESID s, const std::string &path, int32_t v1, JET_DBID *db, JET_TABLEID *t)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s, path.c_str(), nullptr, db, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s, *db, "t", 0, 0, t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s, *t, "id", &def, nullptr, 0, &id_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s, *t, "v", &def, nullptr, 0, &v_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s, *t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, Insert(s, *t, 1, v1));
    }
    void Close(JET_SESID s, JET_DBID db, JET_TABLEID t)
    {
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s, db, 0));
    }
    JET_ERR Insert(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v)
    {
        JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err < 0) return err;
        JetSetColumn(s, t, id_, &id, 4, 0, nullptr);
        JetSetColumn(s, t, v_, &v, 4, 0, nullptr);
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    JET_ERR Seek(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        JET_ERR err = JetMakeKey(s, t, &id, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s, t, JET_bitSeekEQ);
    }
    // v of record id as s sees it (-1: no such record).
    int32_t ValueOf(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        int32_t v = -1;
        uint32_t cb = 0;
        if (Seek(s, t, id) < 0) return -1;
        if (JetRetrieveColumn(s, t, v_, &v, 4, &cb, 0, nullptr) < 0) return -2;
        return v;
    }
    JET_ERR Replace(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v)
    {
        JET_ERR err = Seek(s, t, id);
        if (err < 0) return err;
        err = JetPrepareUpdate(s, t, JET_prepReplace);
        if (err < 0) return err;
        JetSetColumn(s, t, v_, &v, 4, 0, nullptr);
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    JET_ERR Delete(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        JET_ERR err = Seek(s, t, id);
        return err < 0 ? err : JetDelete(s, t);
    }
    // first.edb made by a, then changed by a while c holds a snapshot from before the
    // changes (record 1 replaced, record 2 deleted, record 3 inserted): the versions of
    // those changes are still needed by c's snapshot when first.edb is detached.
    void ChangeFirstUnderSnapshot()
    {
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        Create(a_, first_, 100, &db, &t);
        ASSERT_EQ(JET_errSuccess, Insert(a_, t, 2, 102));
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(c_));
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_));
        ASSERT_EQ(JET_errSuccess, Replace(a_, t, 1, 101));
        ASSERT_EQ(JET_errSuccess, Delete(a_, t, 2));
        ASSERT_EQ(JET_errSuccess, Insert(a_, t, 3, 103));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(a_, 0));
        Close(a_, db, t);
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(a_, first_.c_str()));
    }

    std::string dir_, first_, second_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID a_ = 0, c_ = 0;
    JET_COLUMNID id_ = 0, v_ = 0;
};

// second.edb, made before and attached again after first.edb's detach, holds its own
// records for c, whose snapshot is older than first.edb's last commit (second.edb's
// records are older still), and c changes them without conflicts.
TEST_F(DetachVersions, AttachedDatabaseHasNoneOfTheDetachedOnesVersions)
{
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    Create(a_, second_, 200, &db, &t);
    ASSERT_EQ(JET_errSuccess, Insert(a_, t, 2, 202));
    Close(a_, db, t);
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(a_, second_.c_str()));

    ChangeFirstUnderSnapshot();

    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(c_, second_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(c_, second_.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(c_, db, "t", nullptr, 0, 0, &t));
    EXPECT_EQ(200, ValueOf(c_, t, 1));
    EXPECT_EQ(202, ValueOf(c_, t, 2));
    EXPECT_EQ(-1, ValueOf(c_, t, 3));
    EXPECT_EQ(JET_errSuccess, Replace(c_, t, 1, 201));
    EXPECT_EQ(JET_errSuccess, Delete(c_, t, 2));
    EXPECT_EQ(JET_errSuccess, Insert(c_, t, 3, 203));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(c_, 0));
    EXPECT_EQ(201, ValueOf(c_, t, 1));
    EXPECT_EQ(-1, ValueOf(c_, t, 2));
    EXPECT_EQ(203, ValueOf(c_, t, 3));
    Close(c_, db, t);
}

// second.edb, created by c inside its transaction after first.edb's detach with the same
// objects: c's inserts of the keys first.edb's last commit changed are no duplicates.
TEST_F(DetachVersions, CreatedDatabaseHasNoneOfTheDetachedOnesVersions)
{
    ChangeFirstUnderSnapshot();

    JET_DBID db = 0;
    JET_TABLEID t = 0;
    Create(c_, second_, 200, &db, &t);
    EXPECT_EQ(JET_errSuccess, Insert(c_, t, 2, 202));
    EXPECT_EQ(JET_errSuccess, Insert(c_, t, 3, 203));
    EXPECT_EQ(200, ValueOf(c_, t, 1));
    EXPECT_EQ(202, ValueOf(c_, t, 2));
    EXPECT_EQ(203, ValueOf(c_, t, 3));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(c_, 0));
    EXPECT_EQ(200, ValueOf(c_, t, 1));
    EXPECT_EQ(202, ValueOf(c_, t, 2));
    EXPECT_EQ(203, ValueOf(c_, t, 3));
    Close(c_, db, t);
}

// A transaction that changed a database it has closed since still needs its versions to
// roll back: the database stays attached until it ends, and its rollback is on disk.
TEST_F(DetachVersions, UncommittedChangesKeepTheDatabaseAttached)
{
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    Create(a_, first_, 100, &db, &t);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_));
    ASSERT_EQ(JET_errSuccess, Replace(a_, t, 1, 101));
    ASSERT_EQ(JET_errSuccess, Insert(a_, t, 2, 102));
    Close(a_, db, t);
    EXPECT_EQ(JET_errDatabaseInUse, JetDetachDatabaseA(c_, first_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetRollback(a_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(c_, first_.c_str()));

    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(c_, first_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(c_, first_.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(c_, db, "t", nullptr, 0, 0, &t));
    EXPECT_EQ(100, ValueOf(c_, t, 1));
    EXPECT_EQ(-1, ValueOf(c_, t, 2));
    Close(c_, db, t);
}

} // namespace
