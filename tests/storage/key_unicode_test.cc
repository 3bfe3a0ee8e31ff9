// key_unicode_test.cc: Unicode-text index keys (native/record/key.c with compat's ICU
// collation): the segment layout (prefix, ICU key, cut, complement, null and empty
// values, legacy 128-character rule), the collator cache, the sort stamps that tell our
// indexes from Windows' ones, an index's locale as the catalog gives it, and the
// Unicode indexes of the Windows-made index.edb (their keys are not ours to make unless
// a collator is given). Skips when the system has no ICU.
// May call: native/record/key.h, storage_reader.h, GoogleTest, the C++ standard library.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "storage_reader.h"

extern "C" {
#include "key.h"
}

namespace {

typedef std::vector<uint8_t> Bytes;

// A key_collators for one test, skipping it when ICU is absent.
class UnicodeKey : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_EQ(JET_errSuccess, key_collators_create(&kc_));
        JET_ERR err = key_collators_get(kc_, "en-US", COMPAT_LCMAP_DEFAULT, &en_);
        if (err == JET_errFeatureNotAvailable) GTEST_SKIP() << "no ICU on this system";
        ASSERT_EQ(JET_errSuccess, err);
    }
    void TearDown() override { key_collators_free(kc_); }

    key_segment_def def(compat_collator *coll, bool descending = false) const
    {
        key_segment_def d = {};
        d.coltyp = JET_coltypText;
        d.codepage = 1200;
        d.descending = descending;
        d.collator = coll;
        return d;
    }

    // The segment of a UTF-16 value (little-endian bytes, as records hold it).
    Bytes seg(const key_segment_def &d, const std::u16string &s, uint32_t avail = 255, uint32_t key_most = 255,
              bool *truncated = nullptr, uint32_t *ib_delim = nullptr, JET_ERR want = JET_errSuccess)
    {
        Bytes in;
        for (char16_t c : s) {
            in.push_back(uint8_t(c & 0xff));
            in.push_back(uint8_t(c >> 8));
        }
        return raw(d, in, avail, key_most, truncated, ib_delim, want);
    }
    Bytes raw(const key_segment_def &d, const Bytes &in, uint32_t avail = 255, uint32_t key_most = 255,
              bool *truncated = nullptr, uint32_t *ib_delim = nullptr, JET_ERR want = JET_errSuccess)
    {
        Bytes out(KEY_BUFFER_MAX + 32, 0xEE);
        uint32_t cb = 0;
        bool tr = false;
        EXPECT_EQ(want, key_normalize(&d, in.empty() ? nullptr : in.data(), uint32_t(in.size()), true, avail,
                                      key_most, out.data(), &cb, &tr, ib_delim));
        if (truncated != nullptr) *truncated = tr;
        out.resize(cb);
        return out;
    }
    // ICU's own key of s, for comparison.
    Bytes icu(compat_collator *c, const std::u16string &s)
    {
        size_t full = 0;
        EXPECT_EQ(COMPAT_OK, compat_collator_sort_key(c, reinterpret_cast<const uint16_t *>(s.data()), s.size(),
                                                      nullptr, 0, &full));
        Bytes k(full);
        EXPECT_EQ(COMPAT_OK, compat_collator_sort_key(c, reinterpret_cast<const uint16_t *>(s.data()), s.size(),
                                                      k.data(), k.size(), &full));
        return k;
    }

    key_collators *kc_ = nullptr;
    compat_collator *en_ = nullptr;
};

TEST_F(UnicodeKey, SegmentIsPrefixThenIcuKey)
{
    Bytes k = seg(def(en_), u"Hello");
    Bytes want = { KEY_PREFIX_DATA };
    Bytes ik = icu(en_, u"Hello");
    want.insert(want.end(), ik.begin(), ik.end());
    EXPECT_EQ(want, k);
    EXPECT_EQ(0u, k.back()); // ICU's terminator is kept, as Windows keeps LCMapStringEx's
}

TEST_F(UnicodeKey, OrderAndCaseInsensitiveEquality)
{
    key_segment_def d = def(en_);
    EXPECT_EQ(seg(d, u"apple"), seg(d, u"APPLE"));
    EXPECT_LT(seg(d, u"a"), seg(d, u"B"));
    EXPECT_LT(seg(d, u"B"), seg(d, u"c"));
    EXPECT_LT(seg(d, u"e"), seg(d, u"\u00e9"));
    EXPECT_LT(seg(d, u"\u00e9"), seg(d, u"f"));
    EXPECT_LT(seg(d, u"ab"), seg(d, u"abc"));
    key_segment_def desc = def(en_, true);
    EXPECT_GT(seg(desc, u"a"), seg(desc, u"B"));
    EXPECT_GT(seg(desc, u"B"), seg(desc, u"c"));
    Bytes up = seg(d, u"Zebra"), down = seg(desc, u"Zebra");
    ASSERT_EQ(up.size(), down.size());
    for (size_t i = 0; i < up.size(); i++) EXPECT_EQ(uint8_t(~up[i]), down[i]);
}

TEST_F(UnicodeKey, LocaleAndFlagsOfTheCollator)
{
    compat_collator *sv = nullptr, *de = nullptr, *exact = nullptr;
    ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, "sv-SE", COMPAT_LCMAP_DEFAULT, &sv));
    ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, "de-DE", COMPAT_LCMAP_DEFAULT, &de));
    ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, "en-US", COMPAT_LCMAP_SORTKEY, &exact));
    EXPECT_LT(seg(def(sv), u"z"), seg(def(sv), u"\u00e4"));
    EXPECT_LT(seg(def(de), u"\u00e4"), seg(def(de), u"z"));
    EXPECT_NE(seg(def(exact), u"apple"), seg(def(exact), u"APPLE"));
}

TEST_F(UnicodeKey, NullEmptyAndNoCollator)
{
    key_segment_def d = def(en_);
    Bytes out(64);
    uint32_t cb = 0;
    bool tr = false;
    ASSERT_EQ(JET_errSuccess, key_normalize(&d, nullptr, 0, false, 255, 255, out.data(), &cb, &tr, nullptr));
    EXPECT_EQ(1u, cb);
    EXPECT_EQ(KEY_PREFIX_NULL, out[0]);
    ASSERT_EQ(JET_errSuccess, key_normalize(&d, nullptr, 0, true, 255, 255, out.data(), &cb, &tr, nullptr));
    EXPECT_EQ(1u, cb);
    EXPECT_EQ(KEY_PREFIX_ZERO_LENGTH, out[0]);
    d.sort_nulls_high = true;
    ASSERT_EQ(JET_errSuccess, key_normalize(&d, nullptr, 0, false, 255, 255, out.data(), &cb, &tr, nullptr));
    EXPECT_EQ(KEY_PREFIX_NULL_HIGH, out[0]);
    // without a collator (a Windows-made index) values cannot be keyed; nulls still can
    key_segment_def none = def(nullptr);
    seg(none, u"abc", 255, 255, nullptr, nullptr, JET_errFeatureNotAvailable);
    ASSERT_EQ(JET_errSuccess, key_normalize(&none, nullptr, 0, false, 255, 255, out.data(), &cb, &tr, nullptr));
    EXPECT_EQ(KEY_PREFIX_NULL, out[0]);
    // ASCII text is untouched by all this
    key_segment_def ascii = def(en_);
    ascii.codepage = 1252;
    EXPECT_EQ((Bytes{ 0x7f, 'A', 'B', 0 }), raw(ascii, Bytes{ 'a', 'b' }));
}

TEST_F(UnicodeKey, CutToTheSpaceLeft)
{
    key_segment_def d = def(en_);
    std::u16string s = u"The quick brown fox jumps over the lazy dog";
    Bytes whole = seg(d, s);
    bool tr = true;
    seg(d, s, uint32_t(whole.size()), 255, &tr);
    EXPECT_FALSE(tr);
    for (uint32_t avail : { 1u, 2u, 10u, uint32_t(whole.size() - 1) }) {
        Bytes part = seg(d, s, avail, 255, &tr);
        EXPECT_TRUE(tr) << avail;
        ASSERT_EQ(avail, part.size());
        EXPECT_TRUE(std::equal(part.begin(), part.end(), whole.begin())) << avail;
    }
    Bytes part = seg(def(en_, true), s, 10, 255, &tr);
    ASSERT_EQ(10u, part.size());
    for (size_t i = 0; i < part.size(); i++) EXPECT_EQ(uint8_t(~whole[i]), part[i]);
}

TEST_F(UnicodeKey, LegacyKeyMostLooksAt128Characters)
{
    compat_collator *exact = nullptr;
    ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, "en-US", COMPAT_LCMAP_SORTKEY | COMPAT_NORM_IGNORESYMBOLS, &exact));
    key_segment_def d = def(exact);
    // symbols are ignored: 200 of them make no key bytes, so the cut is in the text
    std::u16string a(200, u'-'), b(200, u'-');
    a[100] = u'a';
    b[100] = u'a';
    a[150] = u'x';
    b[150] = u'y';
    EXPECT_EQ(seg(d, a, 255, 255), seg(d, b, 255, 255));    // past 128 characters: not seen
    EXPECT_NE(seg(d, a, 255, 1000), seg(d, b, 255, 1000));  // larger key-most: seen
}

TEST_F(UnicodeKey, OddByteAndIllFormedText)
{
    key_segment_def d = def(en_);
    Bytes even = { 'a', 0, 'b', 0 }, odd = { 'a', 0, 'b', 0, 'c' };
    EXPECT_EQ(raw(d, even), raw(d, odd));
    Bytes lone = { 0x00, 0xd8 }; // an unpaired high surrogate: collated, not refused
    Bytes k = raw(d, lone);
    EXPECT_GT(k.size(), 2u);
    Bytes one = { 'x' }; // less than a character: a value whose text is empty
    Bytes want = { KEY_PREFIX_DATA };
    Bytes empty = icu(en_, u"");
    want.insert(want.end(), empty.begin(), empty.end());
    EXPECT_EQ(want, raw(d, one));
}

TEST_F(UnicodeKey, PrimaryEndForPartialLimits)
{
    key_segment_def d = def(en_);
    uint32_t ib = 0;
    Bytes k = seg(d, u"abc", 255, 255, nullptr, &ib);
    ASSERT_GT(ib, 1u);
    ASSERT_LT(ib, k.size());
    EXPECT_EQ(0x01u, k[ib]);
    for (uint32_t i = 1; i < ib; i++) EXPECT_NE(0x01u, k[i]);
    // the primary part of a prefix starts the primary part of the whole
    uint32_t ib2 = 0;
    Bytes k2 = seg(d, u"abcdef", 255, 255, nullptr, &ib2);
    EXPECT_TRUE(std::equal(k.begin(), k.begin() + ib, k2.begin()));
}

TEST_F(UnicodeKey, CollatorCache)
{
    compat_collator *a = nullptr, *b = nullptr, *c = nullptr;
    ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, "en-US", COMPAT_LCMAP_DEFAULT, &a));
    EXPECT_EQ(en_, a);
    ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, "en-US", COMPAT_LCMAP_SORTKEY, &b));
    EXPECT_NE(a, b);
    ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, "fr-FR", COMPAT_LCMAP_DEFAULT, &c));
    EXPECT_NE(a, c);
    for (int i = 0; i < 10; i++) {
        char name[16];
        snprintf(name, sizeof name, "de-%c%c", 'A' + i, 'A' + i);
        ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, name, 0x401, &c)); // grows past its first block
    }
    ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, "en-US", COMPAT_LCMAP_DEFAULT, &c));
    EXPECT_EQ(a, c);
    EXPECT_EQ(JET_errInvalidLanguageId, key_collators_get(kc_, "en US", COMPAT_LCMAP_DEFAULT, &c));
    EXPECT_EQ(nullptr, c);
    EXPECT_EQ(JET_errInvalidLCMapStringFlags, key_collators_get(kc_, "en-US", 0x200 /* LCMAP_UPPERCASE */, &c));
    EXPECT_EQ(JET_errInvalidParameter, key_collators_get(nullptr, "en-US", 0, &c));
    key_collators_free(nullptr);
}

TEST_F(UnicodeKey, SortStamps)
{
    key_sort_stamp s = {};
    ASSERT_EQ(JET_errSuccess, key_sort_stamp_for(kc_, "en-US", COMPAT_LCMAP_DEFAULT, &s));
    const uint8_t ours[16] = KEY_SORT_ID_BYTES;
    EXPECT_EQ(0, memcmp(ours, s.sort_id, 16));
    EXPECT_EQ(uint64_t(KEY_SORT_REVISION), s.version & 0xffffffffu);
    uint32_t icu = 0;
    ASSERT_EQ(COMPAT_OK, compat_collator_version(en_, nullptr, &icu));
    EXPECT_EQ(uint64_t(icu), s.version >> 32);
    EXPECT_NE(0u, s.version >> 32); // ESE takes an NLS version of 0 for "none"

    record_index idx = {};
    std::u16string name = u"en-US";
    std::vector<uint16_t> wname(name.begin(), name.end());
    wname.push_back(0);
    idx.locale_name = wname.data();
    idx.lcmap_flags = COMPAT_LCMAP_DEFAULT;
    compat_collator *coll = reinterpret_cast<compat_collator *>(1);
    key_collation_state st = KEY_COLLATION_CURRENT;
    ASSERT_EQ(JET_errSuccess, key_collator_for_index(kc_, &idx, &s, &coll, &st));
    EXPECT_EQ(KEY_COLLATION_CURRENT, st);
    EXPECT_EQ(en_, coll);
    // no stamp, or Windows' (a SortID from its NLS): not ours to key
    ASSERT_EQ(JET_errSuccess, key_collator_for_index(kc_, &idx, nullptr, &coll, &st));
    EXPECT_EQ(KEY_COLLATION_FOREIGN, st);
    EXPECT_EQ(nullptr, coll);
    key_sort_stamp windows = {};
    windows.version = 0x000603d1000603d1ull;
    const uint8_t win_id[16] = { 0x48, 0, 0, 0, 0xa8, 0x30, 0, 0, 0x86, 0xae, 0, 0, 0, 0, 0xa8, 0x2a };
    memcpy(windows.sort_id, win_id, 16);
    ASSERT_EQ(JET_errSuccess, key_collator_for_index(kc_, &idx, &windows, &coll, &st));
    EXPECT_EQ(KEY_COLLATION_FOREIGN, st);
    EXPECT_EQ(nullptr, coll);
    // ours, but from another ICU version or key revision: rebuild
    key_sort_stamp old = s;
    old.version ^= uint64_t(1) << 40;
    ASSERT_EQ(JET_errSuccess, key_collator_for_index(kc_, &idx, &old, &coll, &st));
    EXPECT_EQ(KEY_COLLATION_STALE, st);
    EXPECT_EQ(nullptr, coll);
    old = s;
    old.version += 1;
    ASSERT_EQ(JET_errSuccess, key_collator_for_index(kc_, &idx, &old, &coll, nullptr));
    EXPECT_EQ(nullptr, coll);
    // the stamp is per collation: sv-SE's equals en-US's only if ICU says so, and the
    // flags do not enter it (they are stored on their own)
    key_sort_stamp s2 = {};
    ASSERT_EQ(JET_errSuccess, key_sort_stamp_for(kc_, "en-US", COMPAT_LCMAP_SORTKEY, &s2));
    EXPECT_EQ(s.version, s2.version);
    EXPECT_EQ(JET_errInvalidLanguageId, key_sort_stamp_for(kc_, "??", 0, &s2));
}

TEST_F(UnicodeKey, IndexLocaleFromTheCatalog)
{
    record_index idx = {};
    char loc[85];
    uint32_t flags = 0;
    idx.lcid = 0x41d;
    ASSERT_EQ(JET_errSuccess, key_index_locale(&idx, loc, sizeof loc, &flags));
    EXPECT_STREQ("sv-SE", loc);
    EXPECT_EQ(COMPAT_LCMAP_DEFAULT, flags); // none stored: ESE's default
    std::vector<uint16_t> wname = { 'd', 'e', '-', 'D', 'E', 0 };
    idx.locale_name = wname.data();
    idx.lcmap_flags = COMPAT_LCMAP_SORTKEY;
    ASSERT_EQ(JET_errSuccess, key_index_locale(&idx, loc, sizeof loc, &flags));
    EXPECT_STREQ("de-DE", loc); // the name wins over the LCID
    EXPECT_EQ(COMPAT_LCMAP_SORTKEY, flags);
    idx.locale_name = nullptr;
    idx.lcid = 0;
    ASSERT_EQ(JET_errSuccess, key_index_locale(&idx, loc, sizeof loc, &flags));
    EXPECT_STREQ("", loc); // neither: the invariant locale
    idx.lcid = 0x1234;
    EXPECT_EQ(JET_errInvalidLanguageId, key_index_locale(&idx, loc, sizeof loc, &flags));
    std::vector<uint16_t> bad = { 'e', 0xd800, 0 };
    idx.locale_name = bad.data();
    EXPECT_EQ(JET_errInvalidLanguageId, key_index_locale(&idx, loc, sizeof loc, &flags));
}

// index.edb was made by Windows: its Unicode indexes hold LCMapStringEx keys. Without a
// collator their keys cannot be made (as before); with one, every record still yields
// an ICU key, and only the Unicode segments use it.
TEST_F(UnicodeKey, WindowsMadeIndexes)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("index.edb"), 64));
    int unicode_indexes = 0, keyed = 0;
    for (uint32_t it = 0; it < db.cat->ctables; it++) {
        const catalog_table *t = &db.cat->tables[it];
        for (uint32_t ix = 0; ix < t->cindexes; ix++) {
            const record_index *idx = &t->indexes[ix];
            bool unicode = false;
            for (uint32_t s = 0; s < idx->csegments; s++) {
                key_segment_def d;
                ASSERT_EQ(JET_errSuccess, key_segment_of_collated(t, idx, s, en_, &d));
                bool u = d.codepage == 1200 && (d.coltyp == JET_coltypText || d.coltyp == JET_coltypLongText);
                EXPECT_EQ(u ? en_ : nullptr, d.collator);
                ASSERT_EQ(JET_errSuccess, key_segment_of(t, idx, s, &d));
                EXPECT_EQ(nullptr, d.collator);
                unicode = unicode || u;
            }
            if (!unicode) continue;
            unicode_indexes++;
            // no stamp of ours on a Windows index (the catalog's Version/SortID are Windows')
            compat_collator *coll = reinterpret_cast<compat_collator *>(1);
            key_collation_state st;
            ASSERT_EQ(JET_errSuccess, key_collator_for_index(kc_, idx, nullptr, &coll, &st));
            EXPECT_EQ(KEY_COLLATION_FOREIGN, st);
            EXPECT_EQ(nullptr, coll);
            btree_cursor prim, lv;
            ASSERT_EQ(JET_errSuccess, btree_open(&prim, db.c, db.ifile, t->pgno_fdp));
            bool lv_open = t->pgno_lv != 0 && btree_open(&lv, db.c, db.ifile, t->pgno_lv) == JET_errSuccess;
            for (JET_ERR e = btree_move_first(&prim); e >= 0; e = btree_move_next(&prim)) {
                record_view rv;
                Bytes key(KEY_BUFFER_MAX);
                uint32_t cb = 0;
                EXPECT_EQ(JET_errSuccess, record_open(prim.data, prim.cb_data, db.cb_page > 8192, &rv));
                JET_ERR plain = key_from_record(t, idx, &rv, lv_open ? &lv : nullptr, key.data(), &cb);
                JET_ERR ours = key_from_record_collated(t, idx, en_, &rv, lv_open ? &lv : nullptr, key.data(), &cb);
                EXPECT_EQ(JET_errSuccess, ours);
                if (ours == JET_errSuccess && cb >= 1 && key[0] == KEY_PREFIX_DATA) {
                    EXPECT_EQ(JET_errFeatureNotAvailable, plain);
                    keyed++;
                }
            }
            if (lv_open) btree_close(&lv);
            btree_close(&prim);
        }
    }
    EXPECT_EQ(2, unicode_indexes);
    EXPECT_GT(keyed, 0);
}

// What a collator costs: opened per key versus taken from the cache (printed for the
// record; asserted only loosely, so a slow machine does not fail it).
TEST_F(UnicodeKey, CostOfOpeningPerCall)
{
    const int n = 200;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; i++) {
        compat_collator *c = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_collator_open("de-DE", COMPAT_LCMAP_DEFAULT, &c));
        compat_collator_close(c);
    }
    auto t1 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; i++) {
        compat_collator *c = nullptr;
        ASSERT_EQ(JET_errSuccess, key_collators_get(kc_, "de-DE", COMPAT_LCMAP_DEFAULT, &c));
    }
    auto t2 = std::chrono::steady_clock::now();
    double open_us = std::chrono::duration<double, std::micro>(t1 - t0).count() / n;
    double cached_us = std::chrono::duration<double, std::micro>(t2 - t1).count() / n;
    RecordProperty("open_us", std::to_string(open_us));
    RecordProperty("cached_us", std::to_string(cached_us));
    std::printf("[ collator ] open+close %.1f us, cached lookup %.2f us\n", open_us, cached_us);
    EXPECT_GT(open_us, 0.0);
}

} // namespace
