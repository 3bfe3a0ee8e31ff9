// Indexes over multi-valued columns through the public API: one index entry per value
// (ESE's KeySequence and ErrRECIEnumerateKeys), kept in step by insert, replace and
// delete, built for the records already there by JetCreateIndex, restored by a rollback,
// cross-product indexes, unique ones; every file ends clean by the integrity check.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
#include "integrity.h"
}

namespace {

struct scratch_db {
    std::string dir, path;
    scratch_db()
    {
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        static int n;
        dir = std::string(tmp) + "esent-mvindex-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir.c_str());
        path = dir + "/test.edb";
    }
    ~scratch_db()
    {
        compat_path_delete(path.c_str());
        compat_dir_remove(dir.c_str());
    }
};

// The normalised key of a Long segment (0x7f, then big-endian with the sign bit flipped).
std::string long_key(int32_t v)
{
    uint32_t u = (uint32_t)v ^ 0x80000000u;
    std::string k(1, '\x7f');
    for (int s = 24; s >= 0; s -= 8) k += (char)(uint8_t)(u >> s);
    return k;
}

typedef std::vector<std::pair<std::string, int32_t>> entries; // (key, id) in index order

class MultiValueIndex : public ::testing::Test {
protected:
    void SetUp() override
    {
        static int n;
        std::string name = "mv-index-" + std::to_string(++n);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db_.path.c_str(), nullptr, &dbid_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "t", 0, 0, &t_));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "id", &def, nullptr, 0, &id_));
        def.grbit = JET_bitColumnTagged | JET_bitColumnMultiValued;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "nums", &def, nullptr, 0, &nums_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "more", &def, nullptr, 0, &more_));
        def.coltyp = JET_coltypText;
        def.cp = 1252;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "words", &def, nullptr, 0, &words_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm(inst_);
    }

    void Index(const char *name, JET_GRBIT grbit, const char *key, size_t cb)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, name, grbit, key, (uint32_t)cb, 100));
    }

    static void Add(JET_SESID s, JET_TABLEID t, JET_COLUMNID col, const void *pv, uint32_t cb)
    {
        JET_SETINFO si{};
        si.cbStruct = sizeof si;
        si.itagSequence = 0; // a new value after the others
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, col, pv, cb, 0, &si));
    }

    JET_ERR Insert(int32_t id, const std::vector<int32_t> &nums, const std::vector<int32_t> &more = {},
                   const std::vector<std::string> &words = {})
    {
        JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepInsert);
        if (err < 0) return err;
        JetSetColumn(s_, t_, id_, &id, 4, 0, nullptr);
        for (int32_t v : nums) Add(s_, t_, nums_, &v, 4);
        for (int32_t v : more) Add(s_, t_, more_, &v, 4);
        for (const std::string &w : words) Add(s_, t_, words_, w.data(), (uint32_t)w.size());
        err = JetUpdate(s_, t_, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s_, t_, JET_prepCancel);
        return err;
    }

    // Positions t_ on record id (primary index), leaving the primary index current.
    void GoTo(int32_t id)
    {
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, nullptr));
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &id, 4, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    }

    // The values of column nums of record id, in itagSequence order.
    std::vector<int32_t> Values(int32_t id, JET_COLUMNID col)
    {
        std::vector<int32_t> out;
        GoTo(id);
        for (uint32_t i = 1;; i++) {
            int32_t v = 0;
            uint32_t cb = 0;
            JET_RETINFO ri{};
            ri.cbStruct = sizeof ri;
            ri.itagSequence = i;
            JET_ERR err = JetRetrieveColumn(s_, t_, col, &v, 4, &cb, 0, &ri);
            if (err == JET_wrnColumnNull) break;
            EXPECT_EQ(JET_errSuccess, err);
            if (err != JET_errSuccess) break;
            out.push_back(v);
        }
        return out;
    }

    // Every entry of index name, in order.
    entries Entries(const char *name)
    {
        entries out;
        EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, name));
        JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0);
        while (err == JET_errSuccess) {
            uint8_t key[JET_cbKeyMostMost];
            uint32_t cb = 0, cbid = 0;
            int32_t id = 0;
            EXPECT_EQ(JET_errSuccess, JetRetrieveKey(s_, t_, key, sizeof key, &cb, 0));
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, id_, &id, 4, &cbid, 0, nullptr));
            out.emplace_back(std::string((const char *)key, cb), id);
            err = JetMove(s_, t_, JET_MoveNext, 0);
        }
        EXPECT_EQ(JET_errNoCurrentRecord, err);
        return out;
    }

    // The ids JetSeek finds for value v in the single-column Long index name.
    std::vector<int32_t> Find(const char *name, int32_t v)
    {
        std::vector<int32_t> ids;
        EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, name));
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &v, 4, JET_bitNewKey));
        JET_ERR err = JetSeek(s_, t_, JET_bitSeekEQ | JET_bitSetIndexRange);
        while (err >= 0) {
            int32_t id = 0;
            uint32_t cb = 0;
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, id_, &id, 4, &cb, 0, nullptr));
            ids.push_back(id);
            err = JetMove(s_, t_, JET_MoveNext, 0);
        }
        EXPECT_EQ(JET_errNoCurrentRecord, err == JET_errRecordNotFound ? JET_errNoCurrentRecord : err);
        return ids;
    }

    // Closes everything and checks the file with the engine's integrity check; every index
    // (the multi-valued ones included) must have been compared with the records.
    void DetachAndCheck(uint32_t indexes_expected)
    {
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
        t_ = 0;
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db_.path.c_str()));
        JetEndSession(s_, 0);
        JetTerm(inst_);
        inst_ = 0;
        integrity_report r;
        JET_ERR err = integrity_check_file(db_.path.c_str(), &r);
        std::string s;
        for (uint32_t i = 0; i < r.problems_kept; i++) s += std::string("\n  ") + r.problem[i];
        EXPECT_EQ(JET_errSuccess, err) << r.problems << " problems" << s;
        EXPECT_EQ(0u, r.problems) << s;
        EXPECT_EQ(0u, r.indexes_not_checked);
        EXPECT_GE(r.indexes_checked, indexes_expected);
    }

    scratch_db db_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID dbid_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID id_ = 0, nums_ = 0, more_ = 0, words_ = 0;
};

TEST_F(MultiValueIndex, EveryValueHasItsEntryInOrder)
{
    Index("bynum", JET_bitIndexIgnoreAnyNull, "+nums\0", 7);
    ASSERT_EQ(JET_errSuccess, Insert(1, {30, 10, 20}));
    ASSERT_EQ(JET_errSuccess, Insert(2, {20, 40}));
    ASSERT_EQ(JET_errSuccess, Insert(3, {}));  // no value: no entry (IgnoreAnyNull)
    ASSERT_EQ(JET_errSuccess, Insert(4, {50}));

    entries want = {{long_key(10), 1}, {long_key(20), 1}, {long_key(20), 2}, {long_key(30), 1},
                    {long_key(40), 2}, {long_key(50), 4}};
    EXPECT_EQ(want, Entries("bynum"));
    EXPECT_EQ(std::vector<int32_t>({1}), Find("bynum", 10));
    EXPECT_EQ(std::vector<int32_t>({1, 2}), Find("bynum", 20));
    EXPECT_EQ(std::vector<int32_t>({1}), Find("bynum", 30));
    EXPECT_EQ(std::vector<int32_t>({2}), Find("bynum", 40));
    EXPECT_EQ(std::vector<int32_t>({}), Find("bynum", 25));

    uint32_t count = 0;
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "bynum"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &count, 0));
    EXPECT_EQ(6u, count);

    // JetGotoBookmark on the index lands on the record's entry of its first value
    // (ESE's ErrRECIGotoBookmark: itagSequence 1), here 30 although 10 sorts first.
    int32_t v = 10;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &v, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    uint8_t bm[64];
    uint32_t cb_bm = 0;
    ASSERT_EQ(JET_errSuccess, JetGetBookmark(s_, t_, bm, sizeof bm, &cb_bm));
    ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s_, t_, bm, cb_bm));
    uint8_t key[32];
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveKey(s_, t_, key, sizeof key, &cb, 0));
    EXPECT_EQ(long_key(30), std::string((const char *)key, cb));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveKey(s_, t_, key, sizeof key, &cb, 0));
    EXPECT_EQ(long_key(40), std::string((const char *)key, cb));
    DetachAndCheck(1);
}

TEST_F(MultiValueIndex, NullRulesAndEmptyRecords)
{
    Index("all", 0, "+nums\0", 7);                          // null keys kept
    Index("some", JET_bitIndexIgnoreNull, "+id\0+nums\0", 11); // only all-null keys left out
    ASSERT_EQ(JET_errSuccess, Insert(1, {}));
    ASSERT_EQ(JET_errSuccess, Insert(2, {7, 8}));
    std::string null_seg(1, '\0');
    EXPECT_EQ((entries{{null_seg, 1}, {long_key(7), 2}, {long_key(8), 2}}), Entries("all"));
    EXPECT_EQ((entries{{long_key(1) + null_seg, 1}, {long_key(2) + long_key(7), 2}, {long_key(2) + long_key(8), 2}}),
              Entries("some"));
    DetachAndCheck(2);
}

TEST_F(MultiValueIndex, ReplaceAddsAndRemovesEntries)
{
    Index("bynum", JET_bitIndexIgnoreAnyNull, "+nums\0", 7);
    ASSERT_EQ(JET_errSuccess, Insert(1, {10, 20}));
    ASSERT_EQ(JET_errSuccess, Insert(2, {20}));

    // drop the first value (10), add 30
    GoTo(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    JET_SETINFO si{};
    si.cbStruct = sizeof si;
    si.itagSequence = 1;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, nums_, nullptr, 0, 0, &si));
    int32_t v = 30;
    Add(s_, t_, nums_, &v, 4);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    EXPECT_EQ(std::vector<int32_t>({20, 30}), Values(1, nums_));
    EXPECT_EQ((entries{{long_key(20), 1}, {long_key(20), 2}, {long_key(30), 1}}), Entries("bynum"));
    EXPECT_EQ(std::vector<int32_t>({}), Find("bynum", 10));
    EXPECT_EQ(std::vector<int32_t>({1}), Find("bynum", 30));

    // a replace that does not touch the column leaves the entries as they are
    GoTo(2);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    int32_t w = 5;
    Add(s_, t_, more_, &w, 4);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    EXPECT_EQ((entries{{long_key(20), 1}, {long_key(20), 2}, {long_key(30), 1}}), Entries("bynum"));

    // every value gone: no entry left for the record
    GoTo(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, nums_, nullptr, 0, 0, &si));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, nums_, nullptr, 0, 0, &si));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    EXPECT_EQ(std::vector<int32_t>({}), Values(1, nums_));
    EXPECT_EQ((entries{{long_key(20), 2}}), Entries("bynum"));
    DetachAndCheck(1);
}

TEST_F(MultiValueIndex, DeleteRemovesEveryEntry)
{
    Index("bynum", 0, "+nums\0", 7);
    ASSERT_EQ(JET_errSuccess, Insert(1, {1, 2, 3, 4, 5}));
    ASSERT_EQ(JET_errSuccess, Insert(2, {3}));
    GoTo(1);
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ((entries{{long_key(3), 2}}), Entries("bynum"));
    GoTo(2);
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ(entries{}, Entries("bynum"));
    DetachAndCheck(1);
}

TEST_F(MultiValueIndex, UniqueIndexOverValues)
{
    Index("unum", JET_bitIndexUnique | JET_bitIndexIgnoreAnyNull, "+nums\0", 7);
    Index("uword", JET_bitIndexUnique | JET_bitIndexIgnoreAnyNull, "+words\0", 8);
    ASSERT_EQ(JET_errSuccess, Insert(1, {1, 2}));
    // another record with a value record 1 has: the second value's entry clashes
    EXPECT_EQ(JET_errKeyDuplicate, Insert(2, {3, 2}));
    // nothing of the failed insert stays (its first entry, 3, was taken out again)
    EXPECT_EQ((entries{{long_key(1), 1}, {long_key(2), 1}}), Entries("unum"));
    ASSERT_EQ(JET_errSuccess, Insert(2, {3, 4}));
    // values one record holds twice, or that normalise to the same key ("abc", "ABC"),
    // make one entry: ESE acts once on a key (CleanActionList), so neither
    // JET_errKeyDuplicate nor JET_errMultiValuedIndexViolation
    ASSERT_EQ(JET_errSuccess, Insert(3, {5, 5}, {}, {"abc", "ABC"}));
    EXPECT_EQ((entries{{long_key(1), 1}, {long_key(2), 1}, {long_key(3), 2}, {long_key(4), 2}, {long_key(5), 3}}),
              Entries("unum"));
    EXPECT_EQ(1u, Entries("uword").size());
    // a replace keeping a value of its own does not clash with itself; one taking
    // another record's value does, and changes nothing
    GoTo(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    int32_t v = 7;
    Add(s_, t_, nums_, &v, 4);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    GoTo(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    v = 4;
    Add(s_, t_, nums_, &v, 4);
    EXPECT_EQ(JET_errKeyDuplicate, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
    EXPECT_EQ(std::vector<int32_t>({1, 2, 7}), Values(1, nums_));
    EXPECT_EQ((entries{{long_key(1), 1},
                       {long_key(2), 1},
                       {long_key(3), 2},
                       {long_key(4), 2},
                       {long_key(5), 3},
                       {long_key(7), 1}}),
              Entries("unum"));
    DetachAndCheck(2);
}

TEST_F(MultiValueIndex, CrossProductAndFirstMultiValuedSegment)
{
    // default: only the first multi-valued segment varies, "more" gives its first value
    Index("plain", 0, "+nums\0+more\0", 13);
    Index("cross", JET_bitIndexCrossProduct, "+nums\0+more\0", 13);
    ASSERT_EQ(JET_errSuccess, Insert(1, {2, 1}, {30, 10, 20}));
    EXPECT_EQ((entries{{long_key(1) + long_key(30), 1}, {long_key(2) + long_key(30), 1}}), Entries("plain"));
    entries want;
    for (int32_t a : {1, 2})
        for (int32_t b : {10, 20, 30}) want.emplace_back(long_key(a) + long_key(b), 1);
    EXPECT_EQ(want, Entries("cross"));

    // the flag is in the index's description
    alignas(8) uint8_t buf[4096];
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t_, "cross", buf, sizeof buf, JET_IdxInfoCreateIndex));
    JET_INDEXCREATE_A ic;
    memcpy(&ic, buf, sizeof ic);
    EXPECT_NE(0u, ic.grbit & JET_bitIndexCrossProduct);
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t_, "plain", buf, sizeof buf, JET_IdxInfoCreateIndex));
    memcpy(&ic, buf, sizeof ic);
    EXPECT_EQ(0u, ic.grbit & JET_bitIndexCrossProduct);

    // a record with no value in the second segment: (a, null) for every a
    ASSERT_EQ(JET_errSuccess, Insert(2, {5, 6}, {}));
    std::string null_seg(1, '\0');
    entries cross = Entries("cross");
    EXPECT_EQ(8u, cross.size());
    EXPECT_NE(cross.end(), std::find(cross.begin(), cross.end(), std::make_pair(long_key(5) + null_seg, 2)));
    EXPECT_NE(cross.end(), std::find(cross.begin(), cross.end(), std::make_pair(long_key(6) + null_seg, 2)));

    // replace and delete keep both in step
    GoTo(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    JET_SETINFO si{};
    si.cbStruct = sizeof si;
    si.itagSequence = 2; // drop 10
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, more_, nullptr, 0, 0, &si));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    EXPECT_EQ(6u, Entries("cross").size());
    GoTo(2);
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ((entries{{long_key(1) + long_key(20), 1},
                       {long_key(1) + long_key(30), 1},
                       {long_key(2) + long_key(20), 1},
                       {long_key(2) + long_key(30), 1}}),
              Entries("cross"));
    DetachAndCheck(2);
}

TEST_F(MultiValueIndex, CreateIndexOverExistingRecords)
{
    ASSERT_EQ(JET_errSuccess, Insert(1, {4, 2}, {1}));
    ASSERT_EQ(JET_errSuccess, Insert(2, {3}, {1, 2}));
    ASSERT_EQ(JET_errSuccess, Insert(3, {}, {}));
    Index("bynum", JET_bitIndexIgnoreAnyNull, "+nums\0", 7);
    Index("cross", JET_bitIndexCrossProduct | JET_bitIndexIgnoreAnyNull, "-more\0+nums\0", 13);
    EXPECT_EQ((entries{{long_key(2), 1}, {long_key(3), 2}, {long_key(4), 1}}), Entries("bynum"));
    // -more (descending: 2 before 1), then +nums
    auto desc = [](int32_t v) {
        std::string k = long_key(v);
        for (char &c : k) c = (char)~c;
        return k;
    };
    EXPECT_EQ((entries{{desc(2) + long_key(3), 2},
                       {desc(1) + long_key(2), 1},
                       {desc(1) + long_key(3), 2},
                       {desc(1) + long_key(4), 1}}),
              Entries("cross"));
    // a unique index that the existing values break cannot be made
    ASSERT_EQ(JET_errSuccess, Insert(4, {3}));
    EXPECT_EQ(JET_errKeyDuplicate,
              JetCreateIndexA(s_, t_, "unum", JET_bitIndexUnique | JET_bitIndexIgnoreAnyNull, "+nums\0", 7, 100));
    DetachAndCheck(2);
}

TEST_F(MultiValueIndex, RollbackRestoresEntries)
{
    Index("bynum", JET_bitIndexIgnoreAnyNull, "+nums\0", 7);
    ASSERT_EQ(JET_errSuccess, Insert(1, {1, 2}));
    const entries before = {{long_key(1), 1}, {long_key(2), 1}};

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, Insert(2, {3, 4, 5}));
    EXPECT_EQ(5u, Entries("bynum").size());
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(before, Entries("bynum"));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    GoTo(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    JET_SETINFO si{};
    si.cbStruct = sizeof si;
    si.itagSequence = 1;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, nums_, nullptr, 0, 0, &si));
    int32_t v = 9;
    Add(s_, t_, nums_, &v, 4);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    EXPECT_EQ((entries{{long_key(2), 1}, {long_key(9), 1}}), Entries("bynum"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(before, Entries("bynum"));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    GoTo(1);
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ(entries{}, Entries("bynum"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(before, Entries("bynum"));

    // committed work stays
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, Insert(3, {0, 6}));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ((entries{{long_key(0), 3}, {long_key(1), 1}, {long_key(2), 1}, {long_key(6), 3}}), Entries("bynum"));
    DetachAndCheck(1);
}

} // namespace
