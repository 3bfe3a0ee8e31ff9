// JetIntersectIndexes (ErrIsamIntersectIndexes): the bookmarks of the records that lie in
// every cursor's index range, in a temporary table of one binary key column; the checks
// of ErrRECICheckIndexrangesForUniqueness. Written against esent.h only.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class Intersect : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("intersect", "i.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 100, &t));
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &d, nullptr, 0, &id_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "a", &d, nullptr, 0, &a_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "b", &d, nullptr, 0, &b_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "bya", 0, "+a\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "byb", 0, "+b\0", 4, 100));
        // a 10 x 10 grid: id = 10a + b
        for (int32_t a = 0; a < 10; a++)
            for (int32_t b = 0; b < 10; b++) {
                int32_t id = 10 * a + b;
                ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &id, 4, 0, nullptr));
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, a_, &a, 4, 0, nullptr));
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, b_, &b, 4, 0, nullptr));
                ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
            }
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    // A cursor on index with the range [lo, hi].
    JET_TABLEID Range(const char *index, int32_t lo, int32_t hi)
    {
        JET_TABLEID t = 0;
        EXPECT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t));
        EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, index));
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s_, t, &lo, 4, JET_bitNewKey));
        EXPECT_LE(0, JetSeek(s_, t, JET_bitSeekGE));
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s_, t, &hi, 4, JET_bitNewKey));
        EXPECT_EQ(JET_errSuccess, JetSetIndexRange(s_, t, JET_bitRangeInclusive | JET_bitRangeUpperLimit));
        return t;
    }
    // The ids of the records the list's bookmarks name.
    std::set<int32_t> Ids(const JET_RECORDLIST &rl)
    {
        std::set<int32_t> out;
        JET_TABLEID t = 0;
        EXPECT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t));
        for (JET_ERR err = JetMove(s_, rl.tableid, JET_MoveFirst, 0); err >= 0;
             err = JetMove(s_, rl.tableid, JET_MoveNext, 0)) {
            unsigned char bm[256];
            uint32_t cb = 0;
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, rl.tableid, rl.columnidBookmark, bm, sizeof bm, &cb, 0, nullptr));
            EXPECT_EQ(JET_errSuccess, JetGotoBookmark(s_, t, bm, cb));
            int32_t id = -1;
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id_, &id, 4, &cb, 0, nullptr));
            out.insert(id);
        }
        JetCloseTable(s_, t);
        return out;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_COLUMNID id_ = 0, a_ = 0, b_ = 0;
};

TEST_F(Intersect, TheRecordsInEveryRange)
{
    JET_INDEXRANGE r[2] = {};
    r[0].cbStruct = sizeof r[0];
    r[0].tableid = Range("bya", 4, 6);
    r[0].grbit = JET_bitRecordInIndex;
    r[1] = r[0];
    r[1].tableid = Range("byb", 1, 3);
    JET_RECORDLIST rl{};
    rl.cbStruct = sizeof rl;
    ASSERT_EQ(JET_errSuccess, JetIntersectIndexes(s_, r, 2, &rl, 0));
    EXPECT_EQ(9u, rl.cRecord);
    EXPECT_EQ((std::set<int32_t>{ 41, 42, 43, 51, 52, 53, 61, 62, 63 }), Ids(rl));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, rl.tableid));
    // the call walked each cursor past its range (ErrRECIInsertBookmarksIntoSort): none to
    // start from now
    EXPECT_EQ(JET_errNoCurrentRecord, JetIntersectIndexes(s_, r + 1, 1, &rl, 0));
    EXPECT_EQ(JET_tableidNil, rl.tableid);
    // one range alone: all of it
    r[1].tableid = Range("byb", 9, 9);
    ASSERT_EQ(JET_errSuccess, JetIntersectIndexes(s_, r + 1, 1, &rl, 0));
    EXPECT_EQ(10u, rl.cRecord);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, rl.tableid));
}

TEST_F(Intersect, NoRecordInEveryRangeGivesAnEmptyList)
{
    // the only record with a = 1 and b = 1 goes
    JET_TABLEID t = 0;
    int32_t id = 11;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &id, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t));
    JET_INDEXRANGE r[2] = {};
    r[0].cbStruct = sizeof r[0];
    r[0].tableid = Range("bya", 1, 1);
    r[0].grbit = JET_bitRecordInIndex;
    r[1] = r[0];
    r[1].tableid = Range("byb", 1, 1);
    JET_RECORDLIST rl{};
    rl.cbStruct = sizeof rl;
    ASSERT_EQ(JET_errSuccess, JetIntersectIndexes(s_, r, 2, &rl, 0));
    EXPECT_EQ(0u, rl.cRecord);
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, rl.tableid, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, rl.tableid));
}

TEST_F(Intersect, ArgumentChecks)
{
    JET_INDEXRANGE r[2] = {};
    r[0].cbStruct = sizeof r[0];
    r[0].tableid = Range("bya", 1, 2);
    r[0].grbit = JET_bitRecordInIndex;
    r[1] = r[0];
    JET_RECORDLIST rl{};
    rl.cbStruct = sizeof rl;
    // the same index twice
    r[1].tableid = Range("bya", 1, 2);
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, r, 2, &rl, 0));
    // the primary index
    JET_TABLEID primary = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &primary));
    r[1].tableid = primary;
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, r, 2, &rl, 0));
    // JET_bitRecordNotInIndex is not taken (ESE left it out)
    r[1].tableid = Range("byb", 1, 2);
    r[1].grbit = JET_bitRecordNotInIndex;
    EXPECT_EQ(JET_errInvalidGrbit, JetIntersectIndexes(s_, r, 2, &rl, 0));
    // the structure and the count
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, r, 0, &rl, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, r, 65, &rl, 0));
    JET_RECORDLIST bad{};
    bad.cbStruct = 4;
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, r, 1, &bad, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, r, 1, nullptr, 0));
}

} // namespace
