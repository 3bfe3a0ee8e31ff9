// JET_prepInsertCopyDeleteOriginal and JET_prepInsertCopyReplaceOriginal (changing a
// record's primary key: undone by a rollback, long values kept and shared safely, the
// autoincrement kept or taken anew, the rules and the record lock), and
// JET_TblInfoRetrieveAndReserveAutoIncrement, on the table of two_session_table.h.
// docs/semantics.md, "Seek uniqueness, fixed-text keys, insert-copy with delete, table
// locks".
#include "two_session_table.h"

namespace {

class InsertCopy : public TwoSessionTable {};
class Autoincrement : public TwoSessionTable {};

// ---- JET_prepInsertCopyDeleteOriginal / JET_prepInsertCopyReplaceOriginal ----

TEST_F(InsertCopy, InsertCopyDeleteOriginalChangesThePrimaryKey)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 30, 300));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    int32_t auto_old = Long(s1_, t1_, auto_);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    int32_t id = 20, grp = 200;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, grp_, &grp, 4, 0, nullptr));
    uint8_t bm[64];
    uint32_t cb_bm = 0;
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, bm, sizeof bm, &cb_bm));
    // the cursor stays on the deleted original
    EXPECT_EQ(JET_errRecordDeleted, JetRetrieveColumn(s1_, t1_, id_, &id, 4, nullptr, 0, nullptr));
    EXPECT_EQ((std::vector<int32_t>{ 20, 30 }), Ids(s1_, t1_));
    // the bookmark is the new record's; it has a new autoincrement value
    ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s1_, t1_, bm, cb_bm));
    EXPECT_EQ(20, Long(s1_, t1_, id_));
    EXPECT_EQ(200, Long(s1_, t1_, grp_));
    EXPECT_GT(Long(s1_, t1_, auto_), auto_old);
    // the secondary index follows
    EXPECT_EQ(JET_errRecordNotFound, SeekGrp(s1_, t1_, 100, JET_bitSeekEQ));
    EXPECT_EQ(JET_errSuccess, SeekGrp(s1_, t1_, 200, JET_bitSeekEQ));
    EXPECT_EQ(20, Long(s1_, t1_, id_));
    // another session sees the original until the commit
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    EXPECT_EQ((std::vector<int32_t>{ 10, 30 }), Ids(s2_, t2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 20, 30 }), Ids(s2_, t2));
}

TEST_F(InsertCopy, InsertCopyDeleteOriginalIsUndoneByRollback)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100, Big('a', 9000)));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    int32_t id = 11;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    EXPECT_EQ((std::vector<int32_t>{ 11 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 10 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    EXPECT_EQ(100, Long(s1_, t1_, grp_));
    EXPECT_EQ(Big('a', 9000), Data(s1_, t1_));
}

TEST_F(InsertCopy, InsertCopyDeleteOriginalKeepsTheLongValues)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 1, Big('x', 20000)));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 2, Big('y', 20000)));
    // outside a transaction: the long value goes with the copy
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    int32_t id = 5;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 5));
    EXPECT_EQ(Big('x', 20000), Data(s1_, t1_));
    // a changed long value replaces the original's
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    id = 6;
    std::string z = Big('z', 15000);
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, data_, z.data(), (uint32_t)z.size(), 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    EXPECT_EQ((std::vector<int32_t>{ 5, 6 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 6));
    EXPECT_EQ(z, Data(s1_, t1_));
    // deleting the copies leaves a database that still reads (and detaches) cleanly
    ASSERT_EQ(JET_errSuccess, JetDelete(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 5));
    EXPECT_EQ(Big('x', 20000), Data(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetDelete(s1_, t1_));
    EXPECT_TRUE(Ids(s1_, t1_).empty());
}

TEST_F(InsertCopy, InsertCopySharesTheLongValueSafely)
{
    // a plain insert-copy keeps the original: each record keeps its long value when the
    // other goes
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 1, Big('q', 20000)));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopy));
    int32_t id = 2;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, JetDelete(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2));
    EXPECT_EQ(Big('q', 20000), Data(s1_, t1_));
}

TEST_F(InsertCopy, InsertCopyDeleteOriginalWithoutKeyChange)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    int32_t grp = 101;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, grp_, &grp, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 10 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    EXPECT_EQ(101, Long(s1_, t1_, grp_));
}

TEST_F(InsertCopy, InsertCopyReplaceOriginalKeepsTheAutoincrement)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 11, 100));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    int32_t auto_old = Long(s1_, t1_, auto_);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyReplaceOriginal));
    int32_t v = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, t1_, auto_, &v, 4, &cb, JET_bitRetrieveCopy, nullptr));
    EXPECT_EQ(auto_old, v);
    int32_t id = 12;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 11, 12 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 12));
    EXPECT_EQ(auto_old, Long(s1_, t1_, auto_));
}

TEST_F(InsertCopy, InsertCopyDeleteOriginalFailureLeavesTheOriginal)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 20, 200));
    for (int level = 0; level < 2; level++) {
        if (level) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
        }
        ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
        int32_t id = 20;
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
        EXPECT_EQ(JET_errKeyDuplicate, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
        // still prepared; the original is there
        EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepCancel));
        EXPECT_EQ((std::vector<int32_t>{ 10, 20 }), Ids(s1_, t1_));
        ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
        EXPECT_EQ(100, Long(s1_, t1_, grp_));
        if (level) {
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
        }
    }
}

TEST_F(InsertCopy, InsertCopyDeleteOriginalRules)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    EXPECT_EQ(JET_errAlreadyPrepared, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyReplaceOriginal));
    // a delete does not cancel it
    EXPECT_EQ(JET_errAlreadyPrepared, JetDelete(s1_, t1_));
    EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepCancel));
    // no current record
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, t1_, JET_MoveLast, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s1_, t1_, JET_MoveNext, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    // a read-only cursor
    JET_TABLEID ro = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableReadOnly, &ro));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, ro, 10));
    EXPECT_EQ(JET_errPermissionDenied, JetPrepareUpdate(s1_, ro, JET_prepInsertCopyReplaceOriginal));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, ro));
}

TEST_F(InsertCopy, InsertCopyDeleteOriginalLocksTheRecord)
{
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    // the prepare took the write lock: the other session conflicts
    ASSERT_EQ(JET_errSuccess, SeekId(s2_, t2, 10));
    EXPECT_EQ(JET_errWriteConflict, JetPrepareUpdate(s2_, t2, JET_prepInsertCopyDeleteOriginal));
    EXPECT_EQ(JET_errWriteConflict, JetPrepareUpdate(s2_, t2, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2_, 0));
    int32_t id = 11;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 11 }), Ids(s2_, t2));
}

// ---- autoincrement values ----

// JetGetTableInfo's JET_TblInfoRetrieveAndReserveAutoIncrement (16; ESE's
// ErrRECRetrieveAndReserveAutoInc): the value an insert would take, never handed out again.
TEST_F(Autoincrement, RetrieveAndReserveAutoIncrement)
{
    const uint32_t level = 16;
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 100));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 1));
    const int32_t first = Long(s1_, t1_, auto_);
    int32_t reserved = 0;
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s1_, t1_, &reserved, sizeof reserved, level));
    EXPECT_EQ(first + 1, reserved);
    int64_t wide = 0;
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetTableInfoA(s1_, t1_, &wide, sizeof wide, level));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableInfoA(s1_, t1_, nullptr, 4, level));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 100));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2));
    EXPECT_EQ(reserved + 1, Long(s1_, t1_, auto_)) << "the reserved value is skipped";

    // a read-only cursor, and a table without an autoincrement column
    JET_TABLEID ro = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableReadOnly, &ro));
    EXPECT_EQ(JET_errPermissionDenied, JetGetTableInfoA(s2_, ro, &reserved, sizeof reserved, level));
    JET_TABLEID plain = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s2_, db2_, "plain", 0, 0, &plain));
    EXPECT_EQ(JET_errInvalidOperation, JetGetTableInfoA(s2_, plain, &reserved, sizeof reserved, level));
}

} // namespace
