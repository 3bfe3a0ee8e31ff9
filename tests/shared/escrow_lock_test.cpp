// Escrow updates (JetEscrowUpdate) and record locks (JetGetLock) through the public API:
// locks shared and exclusive between two sessions and released by commit and rollback,
// escrow deltas that commute between sessions while replaces and deletes conflict with
// them, what readers see of other sessions' deltas, pvOld, JET_bitEscrowNoRollback,
// JET_bitColumnDeleteOnZero, the argument checks, and many threads escrowing at once.
// Written against esent.h only, so the same tests can run against ESENT.dll.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

extern "C" {
#include "compat.h"
}

namespace {

class EscrowLock : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("escrow", "escrow.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        JetSetSystemParameterA(&inst_, 0, JET_paramMaxVerPages, 4096, nullptr);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s1_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2_, "", ""));
        JET_DBID db = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s1_, path_.c_str(), nullptr, &db, 0));
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s1_, db, "t", 0, 0, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "id", &def, nullptr, 0, &id_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "v", &def, nullptr, 0, &v_));
        int32_t zero = 0;
        int64_t zero64 = 0;
        def.grbit = JET_bitColumnEscrowUpdate;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "cnt", &def, &zero, 4, &cnt_));
        def.grbit = JET_bitColumnEscrowUpdate | JET_bitColumnDeleteOnZero;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "refs", &def, &zero, 4, &refs_));
        def.coltyp = JET_coltypLongLong;
        def.grbit = JET_bitColumnEscrowUpdate;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "big", &def, &zero64, 8, &big_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db, "t", nullptr, 0, 0, &t1_));
        db1_ = db;
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2_, path_.c_str(), nullptr, &db2_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2_));
        for (int32_t id = 1; id <= 3; id++) ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, id, 10 * id, 1));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    JET_ERR Insert(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v, int32_t refs)
    {
        JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err < 0) return err;
        JetSetColumn(s, t, id_, &id, 4, 0, nullptr);
        JetSetColumn(s, t, v_, &v, 4, 0, nullptr);
        JetSetColumn(s, t, refs_, &refs, 4, 0, nullptr);
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    JET_ERR Seek(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        JET_ERR err = JetMakeKey(s, t, &id, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s, t, JET_bitSeekEQ);
    }
    // Column col (4 bytes) of record id as session s sees it; INT32_MIN: no record.
    int32_t Get(JET_SESID s, JET_TABLEID t, int32_t id, JET_COLUMNID col)
    {
        int32_t v = 0;
        uint32_t cb = 0;
        if (Seek(s, t, id) < 0) return INT32_MIN;
        if (JetRetrieveColumn(s, t, col, &v, 4, &cb, 0, nullptr) < 0) return INT32_MIN + 1;
        return v;
    }
    JET_ERR Escrow(JET_SESID s, JET_TABLEID t, int32_t id, int32_t delta, int32_t *old = nullptr,
                   JET_COLUMNID col = 0, JET_GRBIT grbit = 0)
    {
        JET_ERR err = Seek(s, t, id);
        if (err < 0) return err;
        return JetEscrowUpdate(s, t, col ? col : cnt_, &delta, 4, old, old ? 4 : 0, nullptr, grbit);
    }
    JET_ERR Lock(JET_SESID s, JET_TABLEID t, int32_t id, JET_GRBIT grbit)
    {
        JET_ERR err = Seek(s, t, id);
        return err < 0 ? err : JetGetLock(s, t, grbit);
    }
    JET_ERR Replace(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v)
    {
        JET_ERR err = Seek(s, t, id);
        if (err < 0) return err;
        err = JetPrepareUpdate(s, t, JET_prepReplaceNoLock);
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

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s1_ = 0, s2_ = 0;
    JET_DBID db1_ = 0, db2_ = 0;
    JET_TABLEID t1_ = 0, t2_ = 0;
    JET_COLUMNID id_ = 0, v_ = 0, cnt_ = 0, refs_ = 0, big_ = 0;
};

// ---- locks ----

TEST_F(EscrowLock, GetLockArgumentChecks)
{
    ASSERT_EQ(JET_errSuccess, Seek(s1_, t1_, 1));
    // NotInTransaction comes before the grbit check
    EXPECT_EQ(JET_errNotInTransaction, JetGetLock(s1_, t1_, JET_bitReadLock));
    EXPECT_EQ(JET_errNotInTransaction, JetGetLock(s1_, t1_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    EXPECT_EQ(JET_errInvalidGrbit, JetGetLock(s1_, t1_, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetGetLock(s1_, t1_, JET_bitReadLock | JET_bitWriteLock));
    EXPECT_EQ(JET_errInvalidTableId, JetGetLock(s1_, (JET_TABLEID)0x1234567, JET_bitReadLock));
    // off a record
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, t1_, JET_MoveLast, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s1_, t1_, JET_MoveNext, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetGetLock(s1_, t1_, JET_bitWriteLock));
    EXPECT_EQ(JET_errNoCurrentRecord, JetGetLock(s1_, t1_, JET_bitReadLock));
    // deleted through the cursor
    ASSERT_EQ(JET_errSuccess, Delete(s1_, t1_, 3));
    EXPECT_EQ(JET_errRecordDeleted, JetGetLock(s1_, t1_, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));

    // a read-only transaction: read locks only
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s1_, JET_bitTransactionReadOnly));
    ASSERT_EQ(JET_errSuccess, Seek(s1_, t1_, 1));
    EXPECT_EQ(JET_errTransReadOnly, JetGetLock(s1_, t1_, JET_bitWriteLock));
    EXPECT_EQ(JET_errSuccess, JetGetLock(s1_, t1_, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));

    // a read-only cursor: JET_errPermissionDenied for a write lock
    JET_TABLEID ro = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableReadOnly, &ro));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, Seek(s2_, ro, 2));
    EXPECT_EQ(JET_errPermissionDenied, JetGetLock(s2_, ro, JET_bitWriteLock));
    EXPECT_EQ(JET_errSuccess, JetGetLock(s2_, ro, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
}

TEST_F(EscrowLock, ReadLocksAreShared)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errSuccess, Lock(s1_, t1_, 1, JET_bitReadLock));
    EXPECT_EQ(JET_errSuccess, Lock(s2_, t2_, 1, JET_bitReadLock));
    EXPECT_EQ(JET_errSuccess, Lock(s1_, t1_, 1, JET_bitReadLock)); // again: nothing new
    // reading is not blocked by locks
    EXPECT_EQ(10, Get(s2_, t2_, 1, v_));
    // neither may upgrade while the other holds its read lock
    EXPECT_EQ(JET_errWriteConflict, Lock(s1_, t1_, 1, JET_bitWriteLock));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 1, JET_bitWriteLock));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2_, 0));
    // alone now: a session's write lock goes with its own read lock
    EXPECT_EQ(JET_errSuccess, Lock(s1_, t1_, 1, JET_bitWriteLock));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
}

TEST_F(EscrowLock, ReadLockBlocksWritersOfOtherSessions)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Lock(s1_, t1_, 2, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 2, JET_bitWriteLock));
    EXPECT_EQ(JET_errWriteConflict, Replace(s2_, t2_, 2, 99));
    EXPECT_EQ(JET_errWriteConflict, Delete(s2_, t2_, 2));
    EXPECT_EQ(JET_errWriteConflict, Escrow(s2_, t2_, 2, 1));
    ASSERT_EQ(JET_errSuccess, Seek(s2_, t2_, 2));
    EXPECT_EQ(JET_errWriteConflict, JetPrepareUpdate(s2_, t2_, JET_prepReplace));
    // other records are free
    EXPECT_EQ(JET_errSuccess, Replace(s2_, t2_, 3, 33));
    // the holder itself may change the record
    EXPECT_EQ(JET_errSuccess, Replace(s1_, t1_, 2, 21));
    EXPECT_EQ(21, Get(s1_, t1_, 2, v_));
    EXPECT_EQ(20, Get(s2_, t2_, 2, v_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(21, Get(s2_, t2_, 2, v_));
    EXPECT_EQ(33, Get(s1_, t1_, 3, v_));
}

TEST_F(EscrowLock, WriteLockBlocksReadAndWriteLocks)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Lock(s1_, t1_, 1, JET_bitWriteLock));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 1, JET_bitReadLock));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 1, JET_bitWriteLock));
    EXPECT_EQ(JET_errWriteConflict, Replace(s2_, t2_, 1, 5));
    EXPECT_EQ(JET_errWriteConflict, Escrow(s2_, t2_, 1, 5));
    // the holder reads and locks its record as it likes
    EXPECT_EQ(JET_errSuccess, Lock(s1_, t1_, 1, JET_bitReadLock));
    EXPECT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 5));
    EXPECT_EQ(5, Get(s1_, t1_, 1, cnt_));
    EXPECT_EQ(0, Get(s2_, t2_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2_, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(5, Get(s2_, t2_, 1, cnt_));
}

TEST_F(EscrowLock, LocksLastUntilCommit)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Lock(s1_, t1_, 1, JET_bitWriteLock));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    // a transaction begun after the commit takes the lock
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errSuccess, Lock(s2_, t2_, 1, JET_bitWriteLock));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));

    // ...but, as in ESE, one begun before the commit still conflicts with it
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Lock(s1_, t1_, 2, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 2, JET_bitWriteLock));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2_, 0));
}

TEST_F(EscrowLock, RollbackOfTheLevelReleasesItsLocks)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Lock(s1_, t1_, 1, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Lock(s1_, t1_, 2, JET_bitWriteLock));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 2, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0)); // level 2 only
    EXPECT_EQ(JET_errSuccess, Lock(s2_, t2_, 2, JET_bitWriteLock));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 1, JET_bitWriteLock)); // level 1's lock stays
    ASSERT_EQ(JET_errSuccess, JetRollback(s2_, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errSuccess, Lock(s2_, t2_, 1, JET_bitWriteLock));
    EXPECT_EQ(JET_errSuccess, Replace(s2_, t2_, 1, 11));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ(11, Get(s1_, t1_, 1, v_));
}

TEST_F(EscrowLock, PrepareReplaceLocksInATransaction)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Seek(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 1, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepCancel));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, Lock(s2_, t2_, 1, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
}

// ---- escrow ----

TEST_F(EscrowLock, EscrowArgumentChecks)
{
    int32_t d = 1, old = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, Seek(s1_, t1_, 1));
    EXPECT_EQ(JET_errNotInTransaction, JetEscrowUpdate(s1_, t1_, cnt_, &d, 4, nullptr, 0, nullptr, 0));
    EXPECT_EQ(JET_errNotInTransaction, JetEscrowUpdate(s1_, t1_, v_, &d, 3, nullptr, 0, nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    EXPECT_EQ(JET_errBadColumnId, JetEscrowUpdate(s1_, t1_, 0, &d, 4, nullptr, 0, nullptr, 0));
    EXPECT_EQ(JET_errColumnNotFound, JetEscrowUpdate(s1_, t1_, 100, &d, 4, nullptr, 0, nullptr, 0));
    EXPECT_EQ(JET_errInvalidBufferSize, JetEscrowUpdate(s1_, t1_, cnt_, &d, 8, nullptr, 0, nullptr, 0));
    EXPECT_EQ(JET_errInvalidBufferSize, JetEscrowUpdate(s1_, t1_, cnt_, &d, 4, &old, 2, nullptr, 0));
    EXPECT_EQ(JET_errInvalidBufferSize, JetEscrowUpdate(s1_, t1_, big_, &d, 4, nullptr, 0, nullptr, 0));
    // a column without JET_bitColumnEscrowUpdate
    EXPECT_EQ(JET_errInvalidOperation, JetEscrowUpdate(s1_, t1_, v_, &d, 4, nullptr, 0, nullptr, 0));
    // an update prepared on the cursor comes first
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepReplace));
    EXPECT_EQ(JET_errAlreadyPrepared, JetEscrowUpdate(s1_, t1_, cnt_, &d, 4, nullptr, 0, nullptr, 0));
    EXPECT_EQ(JET_errAlreadyPrepared, JetEscrowUpdate(s1_, t1_, v_, &d, 3, nullptr, 0, nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepCancel));
    // off a record
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, t1_, JET_MoveLast, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s1_, t1_, JET_MoveNext, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetEscrowUpdate(s1_, t1_, cnt_, &d, 4, nullptr, 0, nullptr, 0));
    // nothing changed so far
    EXPECT_EQ(0, Get(s1_, t1_, 1, cnt_));
    // pvOld NULL with a size is fine; pcbOldActual gets the column's size
    ASSERT_EQ(JET_errSuccess, Seek(s1_, t1_, 1));
    EXPECT_EQ(JET_errSuccess, JetEscrowUpdate(s1_, t1_, cnt_, &d, 4, nullptr, 4, &cb, 0));
    EXPECT_EQ(4u, cb);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s1_, JET_bitTransactionReadOnly));
    ASSERT_EQ(JET_errSuccess, Seek(s1_, t1_, 1));
    EXPECT_EQ(JET_errTransReadOnly, JetEscrowUpdate(s1_, t1_, cnt_, &d, 4, nullptr, 0, nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));

    JET_TABLEID ro = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableReadOnly, &ro));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, Seek(s2_, ro, 1));
    EXPECT_EQ(JET_errPermissionDenied, JetEscrowUpdate(s2_, ro, cnt_, &d, 4, nullptr, 0, nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ(1, Get(s2_, t2_, 1, cnt_));
}

// The example of the JetEscrowUpdate reference page, step by step.
TEST_F(EscrowLock, ReferencePageExample)
{
    int32_t old = -99;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_)); // A
    EXPECT_EQ(0, Get(s1_, t1_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 4, &old));
    EXPECT_EQ(0, old);
    EXPECT_EQ(4, Get(s1_, t1_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_)); // B
    EXPECT_EQ(0, Get(s2_, t2_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, Escrow(s2_, t2_, 1, 3, &old));
    EXPECT_EQ(4, old); // the stored value: A's uncommitted delta included
    EXPECT_EQ(3, Get(s2_, t2_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 2, &old));
    EXPECT_EQ(7, old);
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, -7, &old));
    EXPECT_EQ(9, old);
    EXPECT_EQ(3, Get(s2_, t2_, 1, cnt_));
    EXPECT_EQ(-1, Get(s1_, t1_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2_, 0));
    EXPECT_EQ(-1, Get(s1_, t1_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(-1, Get(s2_, t2_, 1, cnt_));
    // the stored value says the same
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, Escrow(s2_, t2_, 1, 0, &old));
    EXPECT_EQ(-1, old);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
}

TEST_F(EscrowLock, EscrowConflictsWithReplaceAndDeleteOnly)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 5));
    EXPECT_EQ(JET_errSuccess, Escrow(s2_, t2_, 1, 6));
    EXPECT_EQ(JET_errWriteConflict, Replace(s2_, t2_, 1, 1));
    EXPECT_EQ(JET_errWriteConflict, Delete(s2_, t2_, 1));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 1, JET_bitWriteLock));
    EXPECT_EQ(JET_errWriteConflict, Lock(s2_, t2_, 1, JET_bitReadLock));
    // nor may the first session replace while the other's delta is there
    EXPECT_EQ(JET_errWriteConflict, Replace(s1_, t1_, 1, 1));
    EXPECT_EQ(5, Get(s1_, t1_, 1, cnt_));
    EXPECT_EQ(6, Get(s2_, t2_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    // B committed after A's snapshot: A still does not see B's delta, and may not replace
    EXPECT_EQ(5, Get(s1_, t1_, 1, cnt_));
    EXPECT_EQ(JET_errWriteConflict, Replace(s1_, t1_, 1, 1));
    EXPECT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 1));
    EXPECT_EQ(6, Get(s1_, t1_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(12, Get(s2_, t2_, 1, cnt_));
    EXPECT_EQ(12, Get(s1_, t1_, 1, cnt_));

    // a replace of a record with an uncommitted delta of its own session is fine, and
    // carries the delta
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 2, 3));
    ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, 2, 22));
    EXPECT_EQ(3, Get(s1_, t1_, 2, cnt_));
    EXPECT_EQ(0, Get(s2_, t2_, 2, cnt_));
    EXPECT_EQ(20, Get(s2_, t2_, 2, v_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(0, Get(s1_, t1_, 2, cnt_));
    EXPECT_EQ(20, Get(s1_, t1_, 2, v_));
}

TEST_F(EscrowLock, EscrowAfterAnUncommittedReplaceConflicts)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, 3, 31));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errWriteConflict, Escrow(s2_, t2_, 3, 1));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 3, 2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    // committed after s2's snapshot: still a conflict for s2
    EXPECT_EQ(JET_errWriteConflict, Escrow(s2_, t2_, 3, 1));
    EXPECT_EQ(0, Get(s2_, t2_, 3, cnt_));
    EXPECT_EQ(30, Get(s2_, t2_, 3, v_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ(2, Get(s2_, t2_, 3, cnt_));
    EXPECT_EQ(31, Get(s2_, t2_, 3, v_));
}

TEST_F(EscrowLock, RollbackTakesTheDeltaBackOnly)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 100));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 10));
    ASSERT_EQ(JET_errSuccess, Escrow(s2_, t2_, 1, 1));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 20));
    EXPECT_EQ(130, Get(s1_, t1_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0)); // level 2: the 10 and the 20
    EXPECT_EQ(100, Get(s1_, t1_, 1, cnt_));
    EXPECT_EQ(1, Get(s2_, t2_, 1, cnt_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(1, Get(s1_, t1_, 1, cnt_));
    int32_t old = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 0, &old));
    EXPECT_EQ(1, old);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
}

TEST_F(EscrowLock, NoRollbackKeepsTheDelta)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 7, nullptr, 0, JET_bitEscrowNoRollback));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(7, Get(s1_, t1_, 1, cnt_));
    EXPECT_EQ(7, Get(s2_, t2_, 1, cnt_));
}

TEST_F(EscrowLock, LongLongColumn)
{
    int64_t d = (int64_t)1 << 40, old = -1;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Seek(s1_, t1_, 2));
    ASSERT_EQ(JET_errSuccess, JetEscrowUpdate(s1_, t1_, big_, &d, 8, &old, 8, &cb, 0));
    EXPECT_EQ(0, old);
    EXPECT_EQ(8u, cb);
    ASSERT_EQ(JET_errSuccess, JetEscrowUpdate(s1_, t1_, big_, &d, 8, &old, 8, &cb, 0));
    EXPECT_EQ((int64_t)1 << 40, old);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    int64_t v = 0;
    ASSERT_EQ(JET_errSuccess, Seek(s2_, t2_, 2));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s2_, t2_, big_, &v, 8, &cb, 0, nullptr));
    EXPECT_EQ((int64_t)1 << 41, v);
}

// ---- delete on zero ----

TEST_F(EscrowLock, DeleteOnZeroAfterCommit)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 0, 2));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 10, -1, nullptr, refs_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(1, Get(s2_, t2_, 10, refs_));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_)); // a snapshot from before the delete
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 10, -1, nullptr, refs_));
    EXPECT_EQ(0, Get(s1_, t1_, 10, refs_)); // still there until the commit
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(INT32_MIN, Get(s1_, t1_, 10, refs_));
    EXPECT_EQ(1, Get(s2_, t2_, 10, refs_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ(INT32_MIN, Get(s2_, t2_, 10, refs_));
    // a column without the option stays at zero
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 1, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(0, Get(s2_, t2_, 1, cnt_));
}

TEST_F(EscrowLock, DeleteOnZeroWaitsForOtherSessionsDeltas)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 0, 1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 10, -1, nullptr, refs_)); // 0
    ASSERT_EQ(JET_errSuccess, Escrow(s2_, t2_, 10, 1, nullptr, refs_));  // 1
    ASSERT_EQ(JET_errSuccess, Escrow(s2_, t2_, 10, -1, nullptr, refs_)); // 0
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(0, Get(s1_, t1_, 10, refs_)); // s2's deltas are still open
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ(INT32_MIN, Get(s1_, t1_, 10, refs_));

    // a rolled-back decrement deletes nothing
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 11, 0, 1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Escrow(s1_, t1_, 11, -1, nullptr, refs_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(1, Get(s2_, t2_, 11, refs_));
}

// ---- many threads ----

// Writers move amounts between records with escrow updates (+d on one, -d on another, in
// one transaction), committing most and rolling back some: no write conflict ever, the
// final values are the committed deltas, and every snapshot sees the total unchanged.
TEST_F(EscrowLock, ThreadsEscrowWithoutConflicts)
{
    const int writers = 4, rounds = 150, records = 3;
    std::atomic<int64_t> committed[records + 1];
    for (auto &c : committed) c = 0;
    std::atomic<int> failures{0}, running{writers};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; w++) {
        threads.emplace_back([&, w] {
            JET_SESID s = 0;
            JET_DBID db = 0;
            JET_TABLEID t = 0;
            std::mt19937 rng(1234u + (unsigned)w);
            if (JetBeginSessionA(inst_, &s, "", "") < 0 || JetOpenDatabaseA(s, path_.c_str(), nullptr, &db, 0) < 0 ||
                JetOpenTableA(s, db, "t", nullptr, 0, 0, &t) < 0) {
                failures++;
                running--;
                return;
            }
            for (int r = 0; r < rounds; r++) {
                int32_t a = 1 + (int32_t)(rng() % records), b = 1 + (int32_t)(rng() % records);
                int32_t d = 1 + (int32_t)(rng() % 100);
                bool commit = rng() % 4 != 0;
                if (JetBeginTransaction(s) < 0) failures++;
                if (Escrow(s, t, a, d) != JET_errSuccess) failures++;
                if (Escrow(s, t, b, -d) != JET_errSuccess) failures++;
                // the session sees its own deltas
                if (a == b && Get(s, t, a, cnt_) == INT32_MIN) failures++;
                if (commit) {
                    if (JetCommitTransaction(s, 0) < 0) failures++;
                    committed[a] += d;
                    committed[b] -= d;
                } else if (JetRollback(s, 0) < 0) {
                    failures++;
                }
            }
            JetEndSession(s, 0);
            running--;
        });
    }
    // a reader in snapshot transactions: the total never moves, and a record reads the
    // same twice in one transaction
    threads.emplace_back([&] {
        JET_SESID s = 0;
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        if (JetBeginSessionA(inst_, &s, "", "") < 0 || JetOpenDatabaseA(s, path_.c_str(), nullptr, &db, 0) < 0 ||
            JetOpenTableA(s, db, "t", nullptr, 0, 0, &t) < 0) {
            failures++;
            return;
        }
        int checks = 0;
        while (running > 0 || checks < 3) {
            int64_t total = 0;
            int32_t first = 0;
            if (JetBeginTransaction(s) < 0) failures++;
            for (int32_t id = 1; id <= records; id++) {
                int32_t v = Get(s, t, id, cnt_);
                if (id == 1) first = v;
                total += v;
            }
            std::this_thread::yield();
            if (Get(s, t, 1, cnt_) != first) failures++;
            if (total != 0) failures++;
            if (JetCommitTransaction(s, 0) < 0) failures++;
            checks++;
        }
        JetEndSession(s, 0);
    });
    for (auto &th : threads) th.join();
    EXPECT_EQ(0, failures.load());
    int64_t total = 0;
    for (int32_t id = 1; id <= records; id++) {
        EXPECT_EQ(committed[id].load(), (int64_t)Get(s1_, t1_, id, cnt_)) << "record " << id;
        total += Get(s1_, t1_, id, cnt_);
    }
    EXPECT_EQ(0, total);
}

} // namespace
