// JetSetCursorFilter (ErrIsamSetCursorFilter, ErrRECICheckCursorFilter): JetMove and JetSeek
// on the clustered order pass over the records failing the conditions; what else refuses
// to work with conditions set (JET_errFilteredMoveNotSupported); the argument checks of
// ErrRECIValidateOneMoveFilter. Written against esent.h only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class CursorFilter : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("curfilter", "f.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 100, &t_));
        key_ = Add("key", JET_coltypLong);
        data_ = Add("data", JET_coltypLong);
        text_ = Add("text", JET_coltypText);
        bin_ = Add("bin", JET_coltypBinary);
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "pk", JET_bitIndexPrimary, "+key\0", 6, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "bydata", 0, "+data\0", 7, 100));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    JET_COLUMNID Add(const char *name, JET_COLTYP coltyp)
    {
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = coltyp;
        d.cp = coltyp == JET_coltypText ? 1252 : 0;
        JET_COLUMNID id = 0;
        EXPECT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, name, &d, nullptr, 0, &id));
        return id;
    }
    void Insert(int32_t key, int32_t data, const char *bin = nullptr)
    {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, key_, &key, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, data_, &data, 4, 0, nullptr));
        if (bin != nullptr) {
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, bin_, bin, (uint32_t)std::string(bin).size(), 0, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    int32_t Key()
    {
        int32_t k = -1;
        uint32_t cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, key_, &k, 4, &cb, 0, nullptr));
        return k;
    }
    JET_INDEX_COLUMN Cond(JET_COLUMNID col, JET_RELOP relop, const int32_t *v)
    {
        JET_INDEX_COLUMN c{};
        c.columnid = col;
        c.relop = relop;
        c.pv = const_cast<int32_t *>(v);
        c.cb = v ? 4 : 0;
        return c;
    }
    JET_ERR Filter(std::vector<JET_INDEX_COLUMN> conds)
    {
        return JetSetCursorFilter(s_, t_, conds.empty() ? nullptr : conds.data(), (uint32_t)conds.size(), 0);
    }
    // The keys JetMove visits from the first to the end.
    std::vector<int32_t> Walk()
    {
        std::vector<int32_t> out;
        for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t_, JET_MoveNext, 0))
            out.push_back(Key());
        return out;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID key_ = 0, data_ = 0, text_ = 0, bin_ = 0;
};

TEST_F(CursorFilter, MovesSkipFailingRecords)
{
    for (int32_t k = 1; k <= 6; k++) Insert(k, k * 10);
    int32_t v = 35;
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(data_, JET_relopGreaterThan, &v) }));
    EXPECT_EQ((std::vector<int32_t>{ 4, 5, 6 }), Walk());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    EXPECT_EQ(6, Key());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, -2, 0));
    EXPECT_EQ(4, Key());
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MovePrevious, 0));
    // several conditions: all must hold
    int32_t lo = 20, hi = 50;
    ASSERT_EQ(JET_errSuccess,
              Filter({ Cond(data_, JET_relopGreaterThanOrEqual, &lo), Cond(data_, JET_relopLessThan, &hi) }));
    EXPECT_EQ((std::vector<int32_t>{ 2, 3, 4 }), Walk());
    // no conditions: every record again
    ASSERT_EQ(JET_errSuccess, Filter({}));
    EXPECT_EQ((std::vector<int32_t>{ 1, 2, 3, 4, 5, 6 }), Walk());
}

TEST_F(CursorFilter, SignedOrderAndBitmasks)
{
    Insert(1, 10);
    Insert(2, -260);
    Insert(3, 20);
    Insert(4, 15);
    int32_t v = 15;
    // numbers compare as numbers (the key normalisation), not as bytes
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(data_, JET_relopLessThan, &v) }));
    EXPECT_EQ((std::vector<int32_t>{ 1, 2 }), Walk());
    int32_t mask = 1;
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(data_, JET_relopBitmaskNotEqualsZero, &mask) }));
    EXPECT_EQ((std::vector<int32_t>{ 4 }), Walk());
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(data_, JET_relopBitmaskEqualsZero, &mask) }));
    EXPECT_EQ((std::vector<int32_t>{ 1, 2, 3 }), Walk());
    int32_t ten = 10;
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(data_, JET_relopNotEquals, &ten) }));
    EXPECT_EQ((std::vector<int32_t>{ 2, 3, 4 }), Walk());
}

TEST_F(CursorFilter, NullsAndBinaryPrefixes)
{
    Insert(1, 1, "abc");
    Insert(2, 2, "abd");
    Insert(3, 3, "xyz");
    Insert(4, 4);
    JET_INDEX_COLUMN c{};
    c.columnid = bin_;
    c.relop = JET_relopPrefixEquals;
    c.pv = const_cast<char *>("ab");
    c.cb = 2;
    ASSERT_EQ(JET_errSuccess, Filter({ c }));
    EXPECT_EQ((std::vector<int32_t>{ 1, 2 }), Walk());
    // a null condition value: Equals finds the nulls
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(bin_, JET_relopEquals, nullptr) }));
    EXPECT_EQ((std::vector<int32_t>{ 4 }), Walk());
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(bin_, JET_relopNotEquals, nullptr) }));
    EXPECT_EQ((std::vector<int32_t>{ 1, 2, 3 }), Walk());
}

TEST_F(CursorFilter, SeeksLandOnPassingRecords)
{
    Insert(1, 300);
    Insert(2, 100);
    Insert(3, 200);
    int32_t v = 250;
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(data_, JET_relopLessThanOrEqual, &v) }));
    int32_t k = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    EXPECT_EQ(JET_wrnSeekNotEqual, JetSeek(s_, t_, JET_bitSeekGE));
    EXPECT_EQ(2, Key());
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    EXPECT_EQ(JET_errRecordNotFound, JetSeek(s_, t_, JET_bitSeekEQ));
    k = 3;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    EXPECT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(3, Key());
    int32_t none = 1000;
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(data_, JET_relopGreaterThan, &none) }));
    k = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    EXPECT_EQ(JET_errRecordNotFound, JetSeek(s_, t_, JET_bitSeekGE));
}

TEST_F(CursorFilter, MoveKeyNE)
{
    for (int32_t k = 1; k <= 4; k++) Insert(k, k);
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    int32_t two = 2;
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(key_, JET_relopNotEquals, &two) }));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, JET_bitMoveKeyNE));
    EXPECT_EQ(3, Key());
}

TEST_F(CursorFilter, WhatConditionsRefuse)
{
    Insert(1, 1);
    int32_t v = 1;
    ASSERT_EQ(JET_errSuccess, Filter({ Cond(data_, JET_relopEquals, &v) }));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errFilteredMoveNotSupported, JetMove(s_, t_, 0, 0));
    EXPECT_EQ(JET_errFilteredMoveNotSupported, JetSetCurrentIndexA(s_, t_, "bydata"));
    uint32_t n = 0;
    EXPECT_EQ(JET_errFilteredMoveNotSupported, JetIndexRecordCount(s_, t_, &n, 0));
    JET_RECPOS pos{};
    pos.cbStruct = sizeof pos;
    EXPECT_EQ(JET_errFilteredMoveNotSupported, JetGetRecordPosition(s_, t_, &pos, sizeof pos));
    EXPECT_EQ(JET_errFilteredMoveNotSupported, JetGotoPosition(s_, t_, &pos));
    ASSERT_EQ(JET_errSuccess, Filter({}));
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "bydata"));
    // a secondary index cannot be filtered
    EXPECT_EQ(JET_errFilteredMoveNotSupported, Filter({ Cond(data_, JET_relopEquals, &v) }));
}

TEST_F(CursorFilter, ArgumentChecks)
{
    int32_t v = 1;
    JET_INDEX_COLUMN c = Cond(data_, JET_relopEquals, &v);
    EXPECT_EQ(JET_errInvalidGrbit, JetSetCursorFilter(s_, t_, &c, 1, 1));
    // text columns are not filtered
    JET_INDEX_COLUMN text = Cond(text_, JET_relopEquals, &v);
    EXPECT_EQ(JET_errFilteredMoveNotSupported, JetSetCursorFilter(s_, t_, &text, 1, 0));
    // a fixed column's value is its size
    JET_INDEX_COLUMN shortv = Cond(data_, JET_relopEquals, &v);
    shortv.cb = 2;
    EXPECT_EQ(JET_errInvalidParameter, JetSetCursorFilter(s_, t_, &shortv, 1, 0));
    // a prefix only on binary columns; a bitmask needs a value
    JET_INDEX_COLUMN prefix = Cond(data_, JET_relopPrefixEquals, &v);
    EXPECT_EQ(JET_errInvalidParameter, JetSetCursorFilter(s_, t_, &prefix, 1, 0));
    JET_INDEX_COLUMN mask = Cond(data_, JET_relopBitmaskEqualsZero, nullptr);
    EXPECT_EQ(JET_errInvalidParameter, JetSetCursorFilter(s_, t_, &mask, 1, 0));
    JET_INDEX_COLUMN unknown = Cond(0x1234, JET_relopEquals, &v);
    EXPECT_EQ(JET_errColumnNotFound, JetSetCursorFilter(s_, t_, &unknown, 1, 0));
    // a refused call leaves no conditions
    Insert(1, 5);
    Insert(2, 6);
    EXPECT_EQ((std::vector<int32_t>{ 1, 2 }), Walk());
}

} // namespace
