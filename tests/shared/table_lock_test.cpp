// JetOpenTable's table locks between two sessions (deny read, deny write, permit DDL; how
// long a lock lasts: the cursor, the session, the transaction of a cursor that wrote),
// its grbits, and JetCreateTable's exclusive open, on the table of two_session_table.h.
// docs/semantics.md, "Seek uniqueness, fixed-text keys, insert-copy with delete, table
// locks".
#include "two_session_table.h"

namespace {

class TableLock : public TwoSessionTable {};

// ---- JetOpenTable's table locks ----

TEST_F(TableLock, DenyReadKeepsOtherSessionsOut)
{
    JET_TABLEID x = 0, t2 = 0, own = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableReadOnly, &t2));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableDenyRead, &t2));
    // the owner opens more cursors, exclusive ones too
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &own));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, own));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    // released at JetCloseTable
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    // now the other session's cursor keeps the lock from being taken
    EXPECT_EQ(JET_errTableInUse, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
}

TEST_F(TableLock, TableLocksEndWithTheSessionAndTheRollback)
{
    JET_SESID s3 = 0;
    JET_DBID db3 = 0;
    JET_TABLEID x = 0, t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s3, "", ""));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s3, path_.c_str(), nullptr, &db3, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s3, db3, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s3, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
    // a cursor opened in a transaction is closed by its rollback, and its lock goes
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
}

// ESE's ErrFILECloseTable defers the close of a cursor that changed the table inside a
// transaction (FUCBSetDeferClose), and the deferred cursor keeps its table lock: until the
// commit or rollback to level 0, or the rollback of the level the cursor was opened at.
TEST_F(TableLock, TableLockOfACursorThatWroteLastsToLevel0)
{
    JET_TABLEID x = 0, t2 = 0;
    auto others_open = [&](JET_GRBIT grbit) {
        JET_ERR err = JetOpenTableA(s2_, db2_, "t", nullptr, 0, grbit, &t2);
        if (err >= 0) JetCloseTable(s2_, t2);
        return err;
    };
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1_));
    // wrote, closed, committed
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s1_, x, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errTableLocked, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0)); // to level 1 only
    EXPECT_EQ(JET_errTableLocked, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errSuccess, others_open(0));
    // read only, closed: the lock goes with the cursor
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, x, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    EXPECT_EQ(JET_errSuccess, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    // opened at level 2: that level's rollback releases it
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyWrite, &x));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 2, 2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    EXPECT_EQ(JET_errTableLocked, others_open(JET_bitTableUpdatable));
    EXPECT_EQ(JET_errSuccess, others_open(JET_bitTableReadOnly));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, others_open(JET_bitTableUpdatable));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    // opened at level 0: only the end of level 0 releases it
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 3, 3));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errTableLocked, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, others_open(0));
    // the session's end
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 4, 4));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    EXPECT_EQ(JET_errTableLocked, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s1_, 0));
    s1_ = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    EXPECT_EQ((std::vector<int32_t>{ 1 }), Ids(s2_, t2));
}

// ErrFILEISetMode: JET_bitTablePermitDDL with deny read is refused while the table has
// versions, even when no other cursor is open on it.
TEST_F(TableLock, PermitDdlWantsATableWithoutVersions)
{
    JET_TABLEID x = 0, t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, Insert(s2_, t2, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
    EXPECT_EQ(JET_errTableInUse,
              JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead | JET_bitTablePermitDDL, &x));
    // deny read alone looks only at cursors
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    // committed versions count until they are cleaned up (JetIdle cleans them)
    ASSERT_GE(JetIdle(s1_, JET_bitIdleCompact), JET_errSuccess);
    ASSERT_EQ(JET_errSuccess,
              JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead | JET_bitTablePermitDDL, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
}

TEST_F(TableLock, DenyWriteKeepsOutUpdatableOpens)
{
    JET_TABLEID x = 0, t2 = 0, r2 = 0, y = 0;
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1_));
    // another session's updatable cursor keeps the lock from being taken; a read-only one not
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    EXPECT_EQ(JET_errTableInUse, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyWrite, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableReadOnly, &r2));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyWrite, &x));
    // others may read; an open asking for JET_bitTableUpdatable is locked out
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableUpdatable, &t2));
    EXPECT_EQ(JET_errTableInUse, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableDenyWrite, &t2));
    ASSERT_EQ(JET_errSuccess, SeekId(s2_, r2, 1));
    EXPECT_EQ(1, Long(s2_, r2, grp_));
    // a second deny-write lock, even the owner's: JET_errTableInUse
    EXPECT_EQ(JET_errTableInUse, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyWrite, &y));
    // the owner writes through it
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 2, 2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableUpdatable, &t2));
    ASSERT_EQ(JET_errSuccess, Insert(s2_, t2, 3, 3));
    EXPECT_EQ((std::vector<int32_t>{ 1, 2, 3 }), Ids(s2_, t2));
}

TEST_F(TableLock, OpenTableGrbits)
{
    JET_TABLEID x = 0;
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTablePermitDDL, &x));
    EXPECT_EQ(JET_errInvalidGrbit,
              JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead | JET_bitTableReadOnly, &x));
    EXPECT_EQ(JET_errInvalidGrbit,
              JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableReadOnly | JET_bitTableUpdatable, &x));
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0x10000000, &x));
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0x20000000, &x));
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0x40000000, &x));
    // the grbits are checked before the name
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "nosuch", nullptr, 0, JET_bitTablePermitDDL, &x));
    // hints are accepted
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0,
                                            JET_bitTableNoCache | JET_bitTablePreread | JET_bitTableSequential |
                                                JET_bitTableOpportuneRead,
                                            &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead | JET_bitTablePermitDDL, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    // the W function takes the same path
    const char16_t name[] = u"t";
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableW(s1_, db1_, (const WCHAR *)name, nullptr, 0, JET_bitTablePermitDDL, &x));
}

TEST_F(TableLock, CreateTableOpensItExclusively)
{
    JET_TABLEID n = 0, t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s1_, db1_, "fresh", 0, 0, &n));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "fresh", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, n));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "fresh", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
}

} // namespace
