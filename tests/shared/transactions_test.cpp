// Transactions through the public API: levels and their codes, rollback of inserts,
// replaces and deletes (secondary indexes and long values included) seen from another
// session and after a restart, snapshot isolation, first-writer-wins conflicts, cursors
// closed by a rollback, read-only transactions, and JetEndSession rolling back. Written
// against esent.h only, so the same tests can run against ESENT.dll.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

extern "C" {
#include "compat.h"
}

namespace {

class Trx : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("trx", "trx.edb", &dir_, &path_, &name_);
        Start();
        JET_DBID db = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s1_, path_.c_str(), nullptr, &db, 0));
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s1_, db, "t", 0, 0, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "id", &def, nullptr, 0, &id_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "v", &def, nullptr, 0, &v_));
        def.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "blob", &def, nullptr, 0, &blob_));
        def.coltyp = JET_coltypLong;
        def.grbit = JET_bitColumnEscrowUpdate;
        int32_t zero = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "cnt", &def, &zero, 4, &cnt_));
        def.grbit = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "byv", 0, "+v\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s1_, db, 0));
        OpenBoth();
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
        JetSetSystemParameterA(&inst_, 0, JET_paramMaxVerPages, 4096, nullptr);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s1_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2_, "", ""));
    }
    void OpenBoth()
    {
        JetAttachDatabaseA(s1_, path_.c_str(), 0);
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s1_, path_.c_str(), nullptr, &db1_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2_, path_.c_str(), nullptr, &db2_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0, &t1_));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2_));
    }
    // Closes everything, terminates, starts again and reopens: what is on disk.
    void Restart()
    {
        ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
        inst_ = 0;
        Start();
        OpenBoth();
    }
    JET_ERR Insert(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v, size_t blob = 0)
    {
        JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err < 0) return err;
        std::vector<uint8_t> b(blob, (uint8_t)id);
        JetSetColumn(s, t, id_, &id, 4, 0, nullptr);
        JetSetColumn(s, t, v_, &v, 4, 0, nullptr);
        if (blob) JetSetColumn(s, t, blob_, b.data(), (uint32_t)blob, 0, nullptr);
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    JET_ERR Seek(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        JET_ERR err = JetSetCurrentIndexA(s, t, "pk");
        if (err >= 0) err = JetMakeKey(s, t, &id, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s, t, JET_bitSeekEQ);
    }
    // The value of v of record id as session s sees it (-1: no such record).
    int32_t ValueOf(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        int32_t v = -1;
        uint32_t cb = 0;
        if (Seek(s, t, id) < 0) return -1;
        if (JetRetrieveColumn(s, t, v_, &v, 4, &cb, 0, nullptr) < 0) return -2;
        return v;
    }
    JET_ERR Replace(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v, uint32_t prep = JET_prepReplace)
    {
        JET_ERR err = Seek(s, t, id);
        if (err < 0) return err;
        err = JetPrepareUpdate(s, t, prep);
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
    // Records in order of index (ids), as s sees them.
    std::vector<int32_t> Scan(JET_SESID s, JET_TABLEID t, const char *index = "pk", JET_COLUMNID col = 0)
    {
        std::vector<int32_t> out;
        JetSetCurrentIndexA(s, t, index);
        for (JET_ERR err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
            int32_t x = 0;
            uint32_t cb = 0;
            JetRetrieveColumn(s, t, col ? col : id_, &x, 4, &cb, 0, nullptr);
            out.push_back(x);
        }
        return out;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s1_ = 0, s2_ = 0;
    JET_DBID db1_ = 0, db2_ = 0;
    JET_TABLEID t1_ = 0, t2_ = 0;
    JET_COLUMNID id_ = 0, v_ = 0, blob_ = 0, cnt_ = 0;

    int32_t CountOf(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        int32_t v = -1;
        uint32_t cb = 0;
        if (Seek(s, t, id) < 0) return -1;
        if (JetRetrieveColumn(s, t, cnt_, &v, 4, &cb, 0, nullptr) < 0) return -2;
        return v;
    }
};

using V = std::vector<int32_t>;

TEST_F(Trx, LevelsAndTheirCodes)
{
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s1_, 0));
    // The wait and force bits stand alone, and need no transaction (ErrIsamCommitTransaction).
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s1_, JET_bitWaitLastLevel0Commit));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s1_, JET_bitWaitAllLevel0Commit));
    EXPECT_EQ(JET_errInvalidGrbit, JetCommitTransaction(s1_, JET_bitWaitAllLevel0Commit | JET_bitCommitLazyFlush));
    EXPECT_EQ(JET_errInvalidGrbit, JetCommitTransaction(s1_, 0x4000));
    EXPECT_EQ(JET_errInvalidGrbit, JetRollback(s1_, 0x2));
    for (int i = 0; i < 7; i++) ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s1_, 0x40 /* dropped */)) << i;
    EXPECT_EQ(JET_errTransTooDeep, JetBeginTransaction(s1_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s1_, JET_bitCommitLazyFlush));
    EXPECT_EQ(JET_errSuccess, JetRollback(s1_, JET_bitRollbackAll));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s1_, 0));
}

// JetCommitTransactionEx's mask and JetRollbackEx take the redo-callback bit (0x20,
// ESE's JET_bitCommitRedoCallback / JET_bitRollbackRedoCallback); JetRollbackEx enters
// with fIgnoreStopService: a rollback works after JetStopService, a commit does not.
TEST_F(Trx, RedoCallbackBitsAndRollbackAfterStopService)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0x20));
    EXPECT_EQ(JET_errSuccess, JetRollback(s1_, 0x20));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s1_, 0x20 | JET_bitRollbackAll));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetStopServiceInstance(inst_));
    EXPECT_EQ(JET_errClientRequestToStopJetService, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, JetRollback(s1_, JET_bitRollbackAll));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s1_, 0));
}

TEST_F(Trx, UncommittedWorkIsInvisibleToOthersUntilCommit)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 10));
    EXPECT_EQ(10, ValueOf(s1_, t1_, 1)); // its own work is visible to it
    EXPECT_EQ(-1, ValueOf(s2_, t2_, 1));
    EXPECT_EQ(V{}, Scan(s2_, t2_));
    EXPECT_EQ(V{}, Scan(s2_, t2_, "byv", v_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(10, ValueOf(s2_, t2_, 1));
    EXPECT_EQ(V{10}, Scan(s2_, t2_, "byv", v_));
}

TEST_F(Trx, SnapshotSeesTheDatabaseAsOfItsBegin)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 10));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 20));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(10, ValueOf(s2_, t2_, 1));
    // s1 changes, deletes and inserts outside any transaction (each commits at once).
    ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, 1, 11));
    ASSERT_EQ(JET_errSuccess, Delete(s1_, t1_, 2));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 3, 30));
    EXPECT_EQ(10, ValueOf(s2_, t2_, 1));
    EXPECT_EQ(20, ValueOf(s2_, t2_, 2));
    EXPECT_EQ(-1, ValueOf(s2_, t2_, 3));
    EXPECT_EQ((V{1, 2}), Scan(s2_, t2_));
    EXPECT_EQ((V{10, 20}), Scan(s2_, t2_, "byv", v_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ((V{1, 3}), Scan(s2_, t2_));
    EXPECT_EQ((V{11, 30}), Scan(s2_, t2_, "byv", v_));
}

TEST_F(Trx, RollbackUndoesEveryKindOfChange)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 10, 5000));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 20));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 3, 30, 7000));
    ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, 1, 15));
    ASSERT_EQ(JET_errSuccess, Delete(s1_, t1_, 2));
    EXPECT_EQ((V{1, 3}), Scan(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ((V{1, 2}), Scan(s1_, t1_));
    EXPECT_EQ((V{10, 20}), Scan(s1_, t1_, "byv", v_));
    EXPECT_EQ((V{10, 20}), Scan(s2_, t2_, "byv", v_));
    std::vector<uint8_t> b(8000);
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, Seek(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, t1_, blob_, b.data(), (uint32_t)b.size(), &cb, 0, nullptr));
    EXPECT_EQ(5000u, cb);
    Restart();
    EXPECT_EQ((V{1, 2}), Scan(s1_, t1_));
    EXPECT_EQ((V{10, 20}), Scan(s1_, t1_, "byv", v_));
}

TEST_F(Trx, NestedLevels)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 20));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 3, 30));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0)); // level 3: 3 goes
    EXPECT_EQ((V{1, 2}), Scan(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0)); // level 2 into level 1
    EXPECT_EQ(V{}, Scan(s2_, t2_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0)); // level 1: everything goes
    EXPECT_EQ(V{}, Scan(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 4, 40));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 5, 50));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ((V{4, 5}), Scan(s2_, t2_));
}

TEST_F(Trx, FirstWriterWins)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, 1, 11, JET_prepReplaceNoLock));
    // s2 may not touch the record s1 changed and has not committed.
    EXPECT_EQ(JET_errWriteConflict, Replace(s2_, t2_, 1, 12, JET_prepReplaceNoLock));
    EXPECT_EQ(JET_errWriteConflict, Delete(s2_, t2_, 1));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    // committed after s2 began: still a conflict for s2
    EXPECT_EQ(JET_errWriteConflict, Replace(s2_, t2_, 1, 12, JET_prepReplaceNoLock));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errSuccess, Replace(s2_, t2_, 1, 12, JET_prepReplaceNoLock));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ(12, ValueOf(s1_, t1_, 1));
    // a rolled-back change stops blocking at once
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, 1, 13, JET_prepReplaceNoLock));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, Replace(s2_, t2_, 1, 14, JET_prepReplaceNoLock));
    // an insert of a key another session inserted and has not committed is a duplicate
    // key (ErrBTInsert turns the write conflict into JET_errKeyDuplicate)
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 7, 70));
    EXPECT_EQ(JET_errKeyDuplicate, Insert(s2_, t2_, 7, 71));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errKeyDuplicate, Insert(s2_, t2_, 7, 71));
}

TEST_F(Trx, RollbackClosesTheCursorsOfItsLevel)
{
    JET_TABLEID t = 0, dup = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetDupCursor(s1_, t1_, &dup, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s1_, t, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s1_, dup, JET_MoveFirst, 0));
    EXPECT_NE(JET_errInvalidTableId, JetMove(s1_, t1_, JET_MoveFirst, 0)); // opened before
}

TEST_F(Trx, ReadOnlyTransactionRefusesUpdates)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s1_, JET_bitTransactionReadOnly));
    EXPECT_EQ(JET_errTransReadOnly, JetPrepareUpdate(s1_, t1_, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 1));
}

TEST_F(Trx, EndSessionRollsBackEveryLevelAndClosesCursors)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 10));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 20, 3000));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 3, 30));
    // Another session's transaction, open across all of this, is not touched.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, Insert(s2_, t2_, 50, 500));
    for (int level = 1; level <= 7; level++) {
        JET_SESID s = 0;
        JET_DBID db = 0;
        JET_TABLEID t = 0, dup = 0, tmp = 0;
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s, "", ""));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, path_.c_str(), nullptr, &db, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, db, "t", nullptr, 0, 0, &t));
        for (int i = 0; i < level; i++) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
            ASSERT_EQ(JET_errSuccess, Insert(s, t, 100 + i, i, i == 0 ? 6000 : 0));
        }
        ASSERT_EQ(JET_errSuccess, Replace(s, t, 1, 99));
        ASSERT_EQ(JET_errSuccess, Delete(s, t, 2));
        ASSERT_EQ(JET_errSuccess, Seek(s, t, 3));
        int32_t delta = 5;
        ASSERT_EQ(JET_errSuccess, JetEscrowUpdate(s, t, cnt_, &delta, 4, nullptr, 0, nullptr, 0));
        ASSERT_EQ(JET_errSuccess, JetDupCursor(s, t, &dup, 0));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        def.grbit = JET_bitColumnTTKey;
        JET_COLUMNID tcol = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s, &def, 1, JET_bitTTIndexed | JET_bitTTUpdatable, &tmp, &tcol));
        ASSERT_EQ(JET_errSuccess, JetEndSession(s, 0));
        EXPECT_EQ(JET_errInvalidSesid, JetMove(s, t, JET_MoveFirst, 0));
        // A new session may be given the same slot: the old handles must still be dead.
        JET_SESID s3 = 0;
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s3, "", ""));
        EXPECT_EQ(JET_errInvalidTableId, JetMove(s3, t, JET_MoveFirst, 0));
        EXPECT_EQ(JET_errInvalidTableId, JetMove(s3, dup, JET_MoveFirst, 0));
        EXPECT_EQ(JET_errInvalidTableId, JetMove(s3, tmp, JET_MoveFirst, 0));
        ASSERT_EQ(JET_errSuccess, JetEndSession(s3, 0));
        EXPECT_EQ((V{1, 2, 3}), Scan(s1_, t1_)) << level;
        EXPECT_EQ(10, ValueOf(s1_, t1_, 1)) << level;
        EXPECT_EQ(0, CountOf(s1_, t1_, 3)) << level;
        // s2's own uncommitted insert is still there, for s2 only.
        EXPECT_EQ((V{1, 2, 3, 50}), Scan(s2_, t2_)) << level;
    }
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    Restart();
    EXPECT_EQ((V{1, 2, 3, 50}), Scan(s2_, t2_));
    EXPECT_EQ(10, ValueOf(s2_, t2_, 1));
    EXPECT_EQ(0, CountOf(s2_, t2_, 3));
    std::vector<uint8_t> b(4000);
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, Seek(s2_, t2_, 2));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s2_, t2_, blob_, b.data(), (uint32_t)b.size(), &cb, 0, nullptr));
    EXPECT_EQ(3000u, cb);
}

} // namespace


namespace {
TEST_F(Trx, OtherRecordsCommittedMeanwhileDoNotConflict)
{
    for (int32_t i = 1; i <= 4; i++) ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, i, i * 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, Replace(s2_, t2_, 2, 21));
    ASSERT_EQ(JET_errSuccess, Replace(s2_, t2_, 3, 31));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ(JET_errSuccess, Replace(s1_, t1_, 1, 11));
    EXPECT_EQ(JET_errSuccess, Replace(s1_, t1_, 4, 41));
    EXPECT_EQ(JET_errWriteConflict, Replace(s1_, t1_, 2, 22));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
}
}
