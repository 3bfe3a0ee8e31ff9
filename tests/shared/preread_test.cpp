// JetPrereadKeys and JetPrereadIndexRanges (ErrIsamPrereadKeys, ErrIsamIPrereadIndexRanges):
// the pages of the keys, ranges and long values asked for are read into the cache
// (JetGetThreadStats counts them as preread) so that reading the records afterwards reads
// no page from the file; the argument checks. Written against esent.h only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class Preread : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("preread", "p.edb", &dir_, &path_, &name_);
        Start();
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "key", &d, nullptr, 0, &key_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "other", &d, nullptr, 0, &other_));
        d.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "lv", &d, nullptr, 0, &lv_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "pk", JET_bitIndexPrimary, "+key\0", 6, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "byother", 0, "+other\0", 8, 100));
        std::vector<unsigned char> big(3000, 0x77);
        for (int32_t k = 0; k < 400; k++) {
            int32_t o = 400 - k;
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, key_, &k, 4, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, other_, &o, 4, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, lv_, big.data(), (uint32_t)big.size(), 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
        // a new instance: nothing in its cache
        ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
        inst_ = 0;
        Start();
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t_));
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
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    static JET_THREADSTATS Stats()
    {
        JET_THREADSTATS ts{};
        EXPECT_EQ(JET_errSuccess, JetGetThreadStats(&ts, sizeof ts));
        return ts;
    }
    JET_INDEX_COLUMN Col(int32_t *v)
    {
        JET_INDEX_COLUMN c{};
        c.columnid = key_;
        c.relop = JET_relopEquals;
        c.pv = v;
        c.cb = 4;
        return c;
    }
    // Reads key and lv of the records lo..hi; how many pages it read from the file.
    uint32_t ReadRange(int32_t lo, int32_t hi)
    {
        JET_THREADSTATS before = Stats();
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &lo, 4, JET_bitNewKey));
        EXPECT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
        for (int32_t k = lo; k <= hi; k++) {
            std::vector<unsigned char> buf(3000);
            uint32_t cb = 0;
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, lv_, buf.data(), 3000, &cb, 0, nullptr));
            EXPECT_EQ(3000u, cb);
            if (k < hi) {
                EXPECT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
            }
        }
        return Stats().cPageRead - before.cPageRead;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID key_ = 0, other_ = 0, lv_ = 0;
};

TEST_F(Preread, RangesAndTheirLongValuesAreReadAhead)
{
    int32_t lo = 100, hi = 180;
    JET_INDEX_COLUMN start = Col(&lo), end = Col(&hi);
    JET_INDEX_RANGE r{ &start, 1, &end, 1 };
    JET_THREADSTATS before = Stats();
    uint32_t done = 0;
    ASSERT_EQ(JET_errSuccess, JetPrereadIndexRanges(s_, t_, &r, 1, &done, &lv_, 1, JET_bitPrereadForward));
    EXPECT_EQ(1u, done);
    JET_THREADSTATS after = Stats();
    EXPECT_GT(after.cPagePreread - before.cPagePreread, 20u); // the records' leaves and 81 long values
    // Only the long-value tree's root is read in the ordinary way: ESE reads the root of
    // a tree it prereads (ErrPrereadBookmarkRanges' csrRoot) and prereads what is below
    // it; the table's root is in the cache since JetOpenTable.
    EXPECT_LE(after.cPageRead - before.cPageRead, 1u);
    // everything the range needs is in the cache now
    EXPECT_EQ(0u, ReadRange(100, 180));
    // a range not preread is read page by page
    EXPECT_GT(ReadRange(300, 380), 20u);
}

TEST_F(Preread, FirstPageOnlyAndNoLongValues)
{
    int32_t lo = 10, hi = 20;
    JET_INDEX_COLUMN start = Col(&lo), end = Col(&hi);
    JET_INDEX_RANGE r{ &start, 1, &end, 1 };
    JET_THREADSTATS before = Stats();
    ASSERT_EQ(JET_errSuccess, JetPrereadIndexRanges(s_, t_, &r, 1, nullptr, nullptr, 0, JET_bitPrereadForward));
    JET_THREADSTATS mid = Stats();
    EXPECT_GE(mid.cPagePreread - before.cPagePreread, 1u);
    EXPECT_LT(mid.cPagePreread - before.cPagePreread, 5u); // no long value was read
    ASSERT_EQ(JET_errSuccess, JetPrereadIndexRanges(s_, t_, &r, 1, nullptr, &lv_, 1,
                                                    JET_bitPrereadForward | JET_bitPrereadFirstPage));
    EXPECT_GT(Stats().cPagePreread - mid.cPagePreread, 5u);
}

TEST_F(Preread, KeysAreReadAhead)
{
    // normalised keys of the primary index: those JetRetrieveKey gives
    std::vector<std::vector<unsigned char>> keys;
    for (int32_t k : { 5, 150, 390 }) {
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
        unsigned char buf[16];
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveKey(s_, t_, buf, sizeof buf, &cb, JET_bitRetrieveCopy));
        keys.emplace_back(buf, buf + cb);
    }
    const void *pv[3] = { keys[0].data(), keys[1].data(), keys[2].data() };
    uint32_t cb[3] = { (uint32_t)keys[0].size(), (uint32_t)keys[1].size(), (uint32_t)keys[2].size() };
    JET_THREADSTATS before = Stats();
    int32_t done = 0;
    ASSERT_EQ(JET_errSuccess, JetPrereadKeys(s_, t_, pv, cb, 3, &done, JET_bitPrereadForward));
    EXPECT_EQ(3, done);
    EXPECT_GE(Stats().cPagePreread - before.cPagePreread, 3u);
    // out of order, backward
    EXPECT_EQ(JET_errInvalidParameter, JetPrereadKeys(s_, t_, pv, cb, 3, &done, JET_bitPrereadBackward));
    EXPECT_EQ(JET_errInvalidGrbit, JetPrereadKeys(s_, t_, pv, cb, 3, &done, JET_bitPrereadForward | JET_bitPrereadFirstPage));
    EXPECT_EQ(JET_errInvalidParameter, JetPrereadKeys(s_, t_, pv, cb, 0, &done, JET_bitPrereadForward));
    uint32_t zero[1] = { 0 };
    EXPECT_EQ(JET_errInvalidBufferSize, JetPrereadKeys(s_, t_, pv, zero, 1, &done, JET_bitPrereadForward));
}

TEST_F(Preread, RangeArgumentChecks)
{
    int32_t a = 10, b = 20, c = 15, d = 30;
    JET_INDEX_COLUMN s1 = Col(&a), e1 = Col(&b), s2 = Col(&c), e2 = Col(&d);
    JET_INDEX_RANGE r[2] = { { &s1, 1, &e1, 1 }, { &s2, 1, &e2, 1 } };
    uint32_t done = 0;
    EXPECT_EQ(JET_errInvalidGrbit, JetPrereadIndexRanges(s_, t_, r, 1, &done, nullptr, 0, 0));
    // a range's ends the wrong way round for the direction
    EXPECT_EQ(JET_errInvalidParameter, JetPrereadIndexRanges(s_, t_, r, 1, &done, nullptr, 0, JET_bitPrereadBackward));
    // overlapping ranges
    EXPECT_EQ(JET_errInvalidParameter, JetPrereadIndexRanges(s_, t_, r, 2, nullptr, nullptr, 0, JET_bitPrereadForward));
    // only Equals (and PrefixEquals last) make keys
    JET_INDEX_COLUMN gt = Col(&a);
    gt.relop = JET_relopGreaterThan;
    JET_INDEX_RANGE bad{ &gt, 1, &e1, 1 };
    EXPECT_EQ(JET_errInvalidParameter, JetPrereadIndexRanges(s_, t_, &bad, 1, &done, nullptr, 0, JET_bitPrereadForward));
    // long values: tagged long-value columns, on the clustered index only
    EXPECT_EQ(JET_errMustBeSeparateLongValue,
              JetPrereadIndexRanges(s_, t_, r, 1, &done, &key_, 1, JET_bitPrereadForward));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "byother"));
    EXPECT_EQ(JET_errInvalidPreread, JetPrereadIndexRanges(s_, t_, r, 1, &done, &lv_, 1, JET_bitPrereadForward));
}

} // namespace
