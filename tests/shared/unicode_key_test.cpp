// Keys of Unicode text and GUID indexes: JET_bitPartialColumnEndLimit bounds every text
// with a prefix (FLDISetPartialColumnLimitOnTextColumn cuts the sort key where its base
// characters end); a text longer than the key gives the same truncated key stored and
// made (ErrRECIRetrieveKey reads more of a value until its key is full), so JetSeek finds
// the first record with it; JET_bitIndexDisallowTruncation refuses such a key with
// JET_errKeyTruncated; JET_bitIndexDotNetGuid sorts GUIDs as .NET's Guid.CompareTo does.
// Written against esent.h only.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

// An index over Unicode text needs a collator: without one (Wine has no ICU) the engine
// answers JET_errFeatureNotAvailable and the test has nothing to check.
#define CREATE_UNICODE_INDEX(expr)                                                                 \
    do {                                                                                           \
        JET_ERR e_ = (expr);                                                                       \
        if (e_ == JET_errFeatureNotAvailable) GTEST_SKIP() << "no Unicode collation on this system"; \
        ASSERT_EQ(JET_errSuccess, e_);                                                             \
    } while (0)

class UnicodeKeys : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("ukey", "u.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLongText;
        def.cp = 1200;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "key", &def, nullptr, 0, &key_));
        def.coltyp = JET_coltypLong;
        def.cp = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "data", &def, nullptr, 0, &data_));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    JET_ERR Insert(const std::u16string &k, int32_t d)
    {
        JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepInsert);
        if (err >= 0) err = JetSetColumn(s_, t_, key_, k.data(), (uint32_t)(k.size() * 2), 0, nullptr);
        if (err >= 0) err = JetSetColumn(s_, t_, data_, &d, 4, 0, nullptr);
        if (err >= 0) err = JetUpdate(s_, t_, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s_, t_, JET_prepCancel);
        return err;
    }
    JET_ERR MakeKey(const std::u16string &k, JET_GRBIT grbit)
    {
        return JetMakeKey(s_, t_, k.data(), (uint32_t)(k.size() * 2), JET_bitNewKey | grbit);
    }
    std::u16string Current()
    {
        std::vector<char16_t> buf(8192);
        uint32_t cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, key_, buf.data(), (uint32_t)(buf.size() * 2), &cb, 0, nullptr));
        return std::u16string(buf.data(), cb / 2);
    }
    int32_t Data()
    {
        int32_t d = -1;
        uint32_t cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, data_, &d, 4, &cb, 0, nullptr));
        return d;
    }
    // The keys from the cursor to the end of its range.
    std::vector<std::u16string> Rest()
    {
        std::vector<std::u16string> out;
        JET_ERR err = JET_errSuccess;
        do {
            out.push_back(Current());
            err = JetMove(s_, t_, JET_MoveNext, 0);
        } while (err >= 0);
        EXPECT_EQ(JET_errNoCurrentRecord, err);
        return out;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID key_ = 0, data_ = 0;
};

TEST_F(UnicodeKeys, PartialEndLimitBoundsAPrefix)
{
    CREATE_UNICODE_INDEX(JetCreateIndexA(s_, t_, "primary", JET_bitIndexPrimary, "+key\0", 6, 100));
    int32_t i = 0;
    for (const char16_t *k : { u"foo", u"bar", u"baz", u"ba", u"bb", u"b" }) ASSERT_EQ(JET_errSuccess, Insert(k, i++));
    ASSERT_EQ(JET_errSuccess, MakeKey(u"ba", 0));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekGE));
    ASSERT_EQ(JET_errSuccess, MakeKey(u"ba", JET_bitPartialColumnEndLimit));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t_, JET_bitRangeInclusive | JET_bitRangeUpperLimit));
    uint32_t n = 0;
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(3u, n); // ba, bar, baz; not bb
    // the start limit the same way: "b*" from below
    ASSERT_EQ(JET_errSuccess, MakeKey(u"b", JET_bitPartialColumnStartLimit));
    ASSERT_EQ(JET_wrnSeekNotEqual, JetSeek(s_, t_, JET_bitSeekGE));
    ASSERT_EQ(JET_errSuccess, MakeKey(u"b", JET_bitPartialColumnEndLimit));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t_, JET_bitRangeInclusive | JET_bitRangeUpperLimit));
    EXPECT_EQ((std::vector<std::u16string>{ u"b", u"ba", u"bar", u"baz", u"bb" }), Rest());
}

TEST_F(UnicodeKeys, WildcardRanges)
{
    CREATE_UNICODE_INDEX(JetCreateIndexA(s_, t_, "primary", JET_bitIndexPrimary, "+key\0", 6, 100));
    int32_t i = 0;
    for (const char16_t *k : { u"A", u"ANT", u"B", u"BAT", u"C", u"CAT", u"D", u"DOG" })
        ASSERT_EQ(JET_errSuccess, Insert(k, i++));
    // [A, C*]
    ASSERT_EQ(JET_errSuccess, MakeKey(u"A", 0));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekGE));
    ASSERT_EQ(JET_errSuccess, MakeKey(u"C", JET_bitPartialColumnEndLimit));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t_, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    EXPECT_EQ((std::vector<std::u16string>{ u"A", u"ANT", u"B", u"BAT", u"C", u"CAT" }), Rest());
    // (A*, C*]
    ASSERT_EQ(JET_errSuccess, MakeKey(u"A", JET_bitPartialColumnEndLimit));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekGT));
    ASSERT_EQ(JET_errSuccess, MakeKey(u"C", JET_bitPartialColumnEndLimit));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t_, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    EXPECT_EQ((std::vector<std::u16string>{ u"B", u"BAT", u"C", u"CAT" }), Rest());
}

TEST_F(UnicodeKeys, LongTextsShareTheirTruncatedKey)
{
    JET_INDEXCREATE_A ic{};
    ic.cbStruct = sizeof ic;
    ic.szIndexName = const_cast<char *>("secondary");
    ic.szKey = const_cast<char *>("+key\0");
    ic.cbKey = 6;
    ic.grbit = JET_bitIndexKeyMost;
    JET_API_PTR key_most = 0;
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst_, 0, JET_paramKeyMost, &key_most, nullptr, 0));
    ic.cbKeyMost = (uint32_t)key_most;
    CREATE_UNICODE_INDEX(JetCreateIndex2A(s_, t_, &ic, 1));
    std::u16string prefix(4096, u'x');
    int32_t i = 0;
    for (const char16_t *k : { u"a", u"b", u"c", u"d" }) ASSERT_EQ(JET_errSuccess, Insert(prefix + k, i++));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "secondary"));
    // the key made from the whole text is the key stored for each of them: the first
    ASSERT_EQ(JET_errSuccess, MakeKey(prefix + u"d", 0));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(prefix + u"a", Current());
    // all four fall in the range of that one key
    ASSERT_EQ(JET_errSuccess, MakeKey(prefix + u"d", 0));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t_, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    uint32_t n = 0;
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(4u, n);
    // a text that differs early is elsewhere
    ASSERT_EQ(JET_errSuccess, MakeKey(u"foo", 0));
    EXPECT_EQ(JET_errRecordNotFound, JetSeek(s_, t_, JET_bitSeekEQ));
}

TEST_F(UnicodeKeys, DisallowTruncationRefusesALongKey)
{
    CREATE_UNICODE_INDEX(JetCreateIndexA(s_, t_, "notrunc", JET_bitIndexDisallowTruncation, "+key\0", 6, 100));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errKeyTruncated, Insert(std::u16string(4096, u'X'), 1));
    ASSERT_EQ(JET_errSuccess, Insert(u"short", 2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    // nothing of the refused record is left
    uint32_t n = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(1u, n);
    // a replace that makes the key too long is refused too
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    std::u16string longer(4096, u'Y');
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, key_, longer.data(), (uint32_t)(longer.size() * 2), 0, nullptr));
    EXPECT_EQ(JET_errKeyTruncated, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
    EXPECT_EQ(u"short", Current());
}

TEST_F(UnicodeKeys, DotNetGuidOrder)
{
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypGUID;
    JET_COLUMNID g = 0, ng = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "g", &def, nullptr, 0, &g));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "ng", &def, nullptr, 0, &ng));
    JET_INDEXCREATE_A ic[2] = {};
    ic[0].cbStruct = sizeof ic[0];
    ic[0].szIndexName = const_cast<char *>("dotnet");
    ic[0].szKey = const_cast<char *>("+g\0");
    ic[0].cbKey = 4;
    ic[0].grbit = JET_bitIndexDotNetGuid;
    ic[1] = ic[0];
    ic[1].szIndexName = const_cast<char *>("native");
    ic[1].szKey = const_cast<char *>("+ng\0");
    ic[1].cbKey = 5;
    ic[1].grbit = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateIndex2A(s_, t_, ic, 2));
    // GUIDs as the record stores them (Data1..3 little-endian, then the 8 bytes)
    std::vector<std::array<uint8_t, 16>> guids;
    uint32_t seed = 12345;
    for (int i = 0; i < 40; i++) {
        std::array<uint8_t, 16> a;
        for (auto &b : a) {
            seed = seed * 1103515245u + 12345u;
            b = (uint8_t)(seed >> 16);
        }
        guids.push_back(a);
    }
    for (size_t i = 0; i < guids.size(); i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, g, guids[i].data(), 16, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, ng, guids[i].data(), 16, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    // .NET's Guid.CompareTo: Data1, Data2, Data3 as unsigned numbers, then bytes 8..15
    auto dotnet_less = [](const std::array<uint8_t, 16> &a, const std::array<uint8_t, 16> &b) {
        auto num = [](const std::array<uint8_t, 16> &x, int at, int n) {
            uint32_t v = 0;
            for (int k = n - 1; k >= 0; k--) v = v << 8 | x[at + k];
            return v;
        };
        if (num(a, 0, 4) != num(b, 0, 4)) return num(a, 0, 4) < num(b, 0, 4);
        if (num(a, 4, 2) != num(b, 4, 2)) return num(a, 4, 2) < num(b, 4, 2);
        if (num(a, 6, 2) != num(b, 6, 2)) return num(a, 6, 2) < num(b, 6, 2);
        return std::memcmp(a.data() + 8, b.data() + 8, 8) < 0;
    };
    auto expected = guids;
    std::sort(expected.begin(), expected.end(), dotnet_less);
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "dotnet"));
    std::vector<std::array<uint8_t, 16>> got;
    for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t_, JET_MoveNext, 0)) {
        std::array<uint8_t, 16> a{};
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, g, a.data(), 16, &cb, 0, nullptr));
        got.push_back(a);
    }
    EXPECT_EQ(expected, got);
    // the index says what it is
    JET_INDEXCREATE_A out[4];
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t_, "dotnet", out, sizeof out, JET_IdxInfoCreateIndex));
    EXPECT_NE(0u, out[0].grbit & JET_bitIndexDotNetGuid);
    // without the flag the order differs (ESE's own: bytes 10..15, 8, 9, 6, 7, 4, 5, 0..3)
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "native"));
    std::vector<std::array<uint8_t, 16>> native;
    for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t_, JET_MoveNext, 0)) {
        std::array<uint8_t, 16> a{};
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, ng, a.data(), 16, &cb, 0, nullptr));
        native.push_back(a);
    }
    EXPECT_NE(expected, native);
}

} // namespace
