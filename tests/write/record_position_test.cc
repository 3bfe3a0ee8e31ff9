// JetGotoPosition (the fraction of the index it lands on, close on a many-page tree) and
// JetIndexRecordCount2 (counting from the current entry), on the table of
// numbered_table.h.
#include "numbered_table.h"

namespace {

class RecordPosition : public NumberedTable {};

TEST_F(RecordPosition, GotoPositionLandsOnTheFraction)
{
    JET_TABLEID t = 0;
    MakeTable(100, &t); // 100 short records: one leaf page, so the fraction is exact
    JET_RECPOS pos{};
    pos.cbStruct = sizeof pos;
    pos.centriesLT = 50;
    pos.centriesTotal = 100;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(50, CurrentId(t));
    pos.centriesLT = 0;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(0, CurrentId(t));
    pos.centriesLT = 100;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(99, CurrentId(t));
    pos.centriesLT = 1;
    pos.centriesTotal = 4;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(25, CurrentId(t));
    // the moves go on from there
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveNext, 0));
    EXPECT_EQ(26, CurrentId(t));
    // JET_RECPOS2: the 64-bit counts, the 32-bit ones must be 0
    JET_RECPOS2 p2{};
    p2.cbStruct = sizeof p2;
    p2.centriesLT = 3;
    p2.centriesTotal = 4;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, reinterpret_cast<JET_RECPOS *>(&p2)));
    EXPECT_EQ(75, CurrentId(t));
    p2.centriesLTDeprecated = 1;
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t, reinterpret_cast<JET_RECPOS *>(&p2)));
    // argument checks
    pos.centriesLT = 5;
    pos.centriesTotal = 4;
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t, &pos));
    pos.cbStruct = sizeof pos - 1;
    pos.centriesLT = 1;
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t, nullptr));
    // on a secondary index: the fraction of the index's entries (grp 0..9, ten each)
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "bygrp"));
    pos.cbStruct = sizeof pos;
    pos.centriesLT = 1;
    pos.centriesTotal = 2;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    int32_t g = -1;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, grp_, &g, 4, &cb, 0, nullptr));
    EXPECT_EQ(5, g);
    // an empty table: JET_errRecordNotFound, no current record
    JET_TABLEID e = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "empty", 0, 0, &e));
    pos.centriesLT = 0;
    pos.centriesTotal = 0;
    EXPECT_EQ(JET_errRecordNotFound, JetGotoPosition(s_, e, &pos));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, e, 0, 0));
}

TEST_F(RecordPosition, GotoPositionOnAManyPageTreeIsClose)
{
    JET_TABLEID t = 0;
    MakeTable(3000, &t);
    JET_RECPOS pos{};
    pos.cbStruct = sizeof pos;
    pos.centriesTotal = 1000;
    for (uint32_t lt : {0u, 250u, 500u, 900u, 1000u}) {
        pos.centriesLT = lt;
        ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
        // ESE's estimate assumes balanced pages: close to the fraction, not exact
        EXPECT_NEAR(3.0 * lt, CurrentId(t), 3000 * 0.1) << lt;
    }
    pos.centriesLT = 1000;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(2999, CurrentId(t));
}

TEST_F(RecordPosition, IndexRecordCount2CountsFromTheCurrentEntry)
{
    JET_TABLEID t = 0;
    MakeTable(100, &t);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    uint64_t n = 0;
    // a cursor just opened counts from the first record, and then stands on it
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(100u, n);
    EXPECT_EQ(0, CurrentId(t));
    ASSERT_EQ(JET_errSuccess, Seek(t, 30));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(70u, n);
    EXPECT_EQ(30, CurrentId(t)); // back where it was
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 5));
    EXPECT_EQ(5u, n);
    // an index range ends the count, and is gone afterwards (ESE resets it)
    int32_t upper = 39;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &upper, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(10u, n);
    int moved = 0;
    while (JetMove(s_, t, JET_MoveNext, 0) == JET_errSuccess) moved++;
    EXPECT_EQ(69, moved); // past 39: the range was removed
    // after the last record: no current record
    EXPECT_EQ(JET_errNoCurrentRecord, JetIndexRecordCount2(s_, t, &n, 0));
    // a secondary index counts its entries from the current one
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "bygrp"));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(100u, n);
    int32_t g = 7;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &g, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(30u, n);
    EXPECT_EQ(JET_errInvalidParameter, JetIndexRecordCount2(s_, t, nullptr, 0));
    // an empty table counts 0
    JET_TABLEID e = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "empty", 0, 0, &e));
    n = 99;
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, e, &n, 0));
    EXPECT_EQ(0u, n);
}

} // namespace
