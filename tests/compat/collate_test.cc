// collate_test.cc: the collation service (ICU sort keys): order and equality per
// locale and LCMapFlags, truncation reporting, ill-formed and very long input, the
// LCID table, argument errors and use from several threads. Skips when the system has
// no ICU (Windows before 10 1903, Wine).
// May call: compat.h, GoogleTest, the C++ standard library.
#include <algorithm>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace {

typedef std::vector<uint8_t> Key;

const uint32_t kDefault = COMPAT_LCMAP_DEFAULT;

// Opens a collator, skipping the test when ICU is absent.
#define OPEN_OR_SKIP(var, locale, flags)                                          \
    compat_collator *var = nullptr;                                               \
    do {                                                                          \
        compat_err open_err_ = compat_collator_open((locale), (flags), &var);     \
        if (open_err_ == COMPAT_ENOTSUP) GTEST_SKIP() << "no ICU on this system"; \
        ASSERT_EQ(COMPAT_OK, open_err_);                                          \
        ASSERT_NE(nullptr, var);                                                  \
    } while (0)

// Closes a collator at the end of the scope, so an assertion cannot leak it.
struct Closer {
    compat_collator *c;
    ~Closer() { compat_collator_close(c); }
};

Key sort_key(compat_collator *c, const std::u16string &s)
{
    size_t full = 0;
    EXPECT_EQ(COMPAT_OK, compat_collator_sort_key(c, reinterpret_cast<const uint16_t *>(s.data()), s.size(),
                                                  nullptr, 0, &full));
    Key k(full);
    size_t again = 0;
    EXPECT_EQ(COMPAT_OK, compat_collator_sort_key(c, reinterpret_cast<const uint16_t *>(s.data()), s.size(),
                                                  k.data(), k.size(), &again));
    EXPECT_EQ(full, again);
    return k;
}

TEST(Collate, EnUsDefaultFlagsIgnoreCaseKeepAccents)
{
    OPEN_OR_SKIP(c, "en-US", kDefault);
    Closer closer{ c };
    EXPECT_EQ(sort_key(c, u"abc"), sort_key(c, u"ABC"));
    EXPECT_EQ(sort_key(c, u"Hello World"), sort_key(c, u"hELLO wORLD"));
    EXPECT_LT(sort_key(c, u"a"), sort_key(c, u"B"));
    EXPECT_LT(sort_key(c, u"B"), sort_key(c, u"c"));
    EXPECT_LT(sort_key(c, u"e"), sort_key(c, u"\u00e9"));      // é after e ...
    EXPECT_LT(sort_key(c, u"\u00e9"), sort_key(c, u"f"));      // ... and before f
    EXPECT_NE(sort_key(c, u"resume"), sort_key(c, u"r\u00e9sum\u00e9"));
    EXPECT_LT(sort_key(c, u"ab"), sort_key(c, u"abc"));        // a prefix sorts first
    EXPECT_LT(sort_key(c, u""), sort_key(c, u"a"));
}

TEST(Collate, KeysEndWithOneZeroByte)
{
    OPEN_OR_SKIP(c, "en-US", 0);
    Closer closer{ c };
    for (const std::u16string &s : { std::u16string(u""), std::u16string(u"x"), std::u16string(u"Zebra \u00e9t\u00e9") }) {
        Key k = sort_key(c, s);
        ASSERT_FALSE(k.empty());
        EXPECT_EQ(0u, k.back());
        EXPECT_EQ(k.end() - 1, std::find(k.begin(), k.end(), 0));
    }
}

TEST(Collate, NoFlagsCaseAndWidthCount)
{
    OPEN_OR_SKIP(c, "en-US", 0);
    Closer closer{ c };
    EXPECT_NE(sort_key(c, u"abc"), sort_key(c, u"ABC"));
    EXPECT_LT(sort_key(c, u"a"), sort_key(c, u"A"));  // case is a tertiary difference: ...
    EXPECT_LT(sort_key(c, u"A"), sort_key(c, u"b"));  // ... letters still come first
    EXPECT_NE(sort_key(c, u"A"), sort_key(c, u"\uff21")); // fullwidth A
}

TEST(Collate, IgnoreNonSpace)
{
    {
        OPEN_OR_SKIP(c, "en-US", COMPAT_LCMAP_SORTKEY | COMPAT_NORM_IGNORENONSPACE | COMPAT_NORM_IGNORECASE);
        Closer closer{ c };
        EXPECT_EQ(sort_key(c, u"resume"), sort_key(c, u"R\u00c9SUM\u00c9"));
    }
    {
        // accents ignored, case kept
        OPEN_OR_SKIP(c, "en-US", COMPAT_LCMAP_SORTKEY | COMPAT_NORM_IGNORENONSPACE);
        Closer closer{ c };
        EXPECT_EQ(sort_key(c, u"resume"), sort_key(c, u"r\u00e9sum\u00e9"));
        EXPECT_NE(sort_key(c, u"resume"), sort_key(c, u"Resume"));
    }
}

TEST(Collate, CanonicallyEquivalentFormsAreEqual)
{
    OPEN_OR_SKIP(c, "en-US", 0);
    Closer closer{ c };
    EXPECT_EQ(sort_key(c, u"caf\u00e9"), sort_key(c, u"cafe\u0301"));
    EXPECT_EQ(sort_key(c, u"\u1e69"), sort_key(c, u"s\u0323\u0307")); // s, dot below, dot above
    EXPECT_EQ(sort_key(c, u"\u1e69"), sort_key(c, u"s\u0307\u0323")); // marks in the other order
}

TEST(Collate, SwedishAndGermanPlaceAUmlautDifferently)
{
    OPEN_OR_SKIP(sv, "sv-SE", kDefault);
    Closer csv{ sv };
    OPEN_OR_SKIP(de, "de-DE", kDefault);
    Closer cde{ de };
    EXPECT_LT(sort_key(sv, u"z"), sort_key(sv, u"\u00e4"));   // Swedish: ä after z
    EXPECT_LT(sort_key(sv, u"zz"), sort_key(sv, u"\u00e4a"));
    EXPECT_LT(sort_key(de, u"a"), sort_key(de, u"\u00e4"));   // German: ä next to a ...
    EXPECT_LT(sort_key(de, u"\u00e4"), sort_key(de, u"b"));   // ... well before z
    EXPECT_LT(sort_key(de, u"\u00e4a"), sort_key(de, u"z"));
}

TEST(Collate, WidthAndKanaFlags)
{
    {
        OPEN_OR_SKIP(c, "ja-JP", kDefault); // IGNORECASE | IGNOREKANATYPE | IGNOREWIDTH
        Closer closer{ c };
        EXPECT_EQ(sort_key(c, u"A"), sort_key(c, u"\uff21"));         // fullwidth
        EXPECT_EQ(sort_key(c, u"\u30a2"), sort_key(c, u"\uff71"));    // halfwidth katakana a
        EXPECT_EQ(sort_key(c, u"\u3042"), sort_key(c, u"\u30a2"));    // hiragana a = katakana a
        EXPECT_LT(sort_key(c, u"\u3042"), sort_key(c, u"\u3044"));    // a before i
    }
    {
        OPEN_OR_SKIP(c, "ja-JP", COMPAT_LCMAP_SORTKEY);
        Closer closer{ c };
        // (ICU's Japanese order never tells widths apart; en-US does: NoFlagsCaseAndWidthCount)
        EXPECT_NE(sort_key(c, u"\u3042"), sort_key(c, u"\u30a2"));
        EXPECT_LT(sort_key(c, u"\u30a2"), sort_key(c, u"\u3044"));    // kana type only breaks ties
    }
}

TEST(Collate, IgnoreSymbolsAndDigitsAsNumbers)
{
    {
        OPEN_OR_SKIP(c, "en-US", kDefault | COMPAT_NORM_IGNORESYMBOLS);
        Closer closer{ c };
        EXPECT_EQ(sort_key(c, u"coop"), sort_key(c, u"co-op"));
        EXPECT_EQ(sort_key(c, u"ab"), sort_key(c, u"a b!$"));
    }
    {
        OPEN_OR_SKIP(c, "en-US", kDefault);
        Closer closer{ c };
        EXPECT_NE(sort_key(c, u"coop"), sort_key(c, u"co-op"));
        EXPECT_LT(sort_key(c, u"a10"), sort_key(c, u"a9"));
    }
    {
        OPEN_OR_SKIP(c, "en-US", kDefault | COMPAT_SORT_DIGITSASNUMBERS);
        Closer closer{ c };
        EXPECT_LT(sort_key(c, u"a9"), sort_key(c, u"a10"));
    }
}

TEST(Collate, AcceptedFlagsWithoutEffect)
{
    OPEN_OR_SKIP(a, "en-US", kDefault);
    Closer ca{ a };
    OPEN_OR_SKIP(b, "en-US", kDefault | COMPAT_SORT_STRINGSORT | COMPAT_NORM_LINGUISTIC_CASING);
    Closer cb{ b };
    EXPECT_EQ(sort_key(a, u"it's a co-op"), sort_key(b, u"it's a co-op"));
}

TEST(Collate, IllFormedUtf16IsCollatedNotRejected)
{
    OPEN_OR_SKIP(c, "en-US", kDefault);
    Closer closer{ c };
    Key lone_high = sort_key(c, std::u16string(1, u'\xd800'));
    Key lone_low = sort_key(c, std::u16string(1, u'\xdc00'));
    EXPECT_GT(lone_high.size(), 1u);
    EXPECT_EQ(lone_high, sort_key(c, std::u16string(1, u'\xd800')));  // deterministic
    EXPECT_NE(lone_high, lone_low);
    EXPECT_NE(lone_high, sort_key(c, u""));
    std::u16string reversed_pair = u"a";
    reversed_pair += u'\xdc00';
    reversed_pair += u'\xd800';
    EXPECT_GT(sort_key(c, reversed_pair).size(), sort_key(c, u"a").size());
}

TEST(Collate, TruncationReportsTheFullSize)
{
    OPEN_OR_SKIP(c, "en-US", 0);
    Closer closer{ c };
    const std::u16string s = u"The quick brown fox jumps over the lazy dog";
    Key whole = sort_key(c, s);
    ASSERT_GT(whole.size(), 20u);
    for (size_t cap : { size_t(1), size_t(7), whole.size() - 1 }) {
        Key part(cap + 4, 0xAB);
        size_t full = 0;
        ASSERT_EQ(COMPAT_OK, compat_collator_sort_key(c, reinterpret_cast<const uint16_t *>(s.data()), s.size(),
                                                      part.data(), cap, &full));
        EXPECT_EQ(whole.size(), full);
        EXPECT_TRUE(std::equal(whole.begin(), whole.begin() + cap, part.begin())) << "cap " << cap;
        for (size_t i = cap; i < part.size(); i++) EXPECT_EQ(0xAB, part[i]) << "wrote past cap " << cap;
    }
}

TEST(Collate, VeryLongString)
{
    OPEN_OR_SKIP(c, "en-US", kDefault);
    Closer closer{ c };
    std::u16string a(200000, u'x'), b(200000, u'x');
    a += u'a';
    b += u'B';
    Key ka = sort_key(c, a), kb = sort_key(c, b);
    EXPECT_GT(ka.size(), 200000u);
    EXPECT_LT(ka, kb);
    size_t full = 0;
    uint8_t small[300];
    ASSERT_EQ(COMPAT_OK, compat_collator_sort_key(c, reinterpret_cast<const uint16_t *>(a.data()), a.size(), small,
                                                  sizeof small, &full));
    EXPECT_EQ(ka.size(), full);
    EXPECT_EQ(0, memcmp(small, ka.data(), sizeof small));
}

TEST(Collate, Errors)
{
    compat_collator *c = nullptr;
    compat_err probe = compat_collator_open("en-US", kDefault, &c);
    if (probe == COMPAT_ENOTSUP) GTEST_SKIP() << "no ICU on this system";
    ASSERT_EQ(COMPAT_OK, probe);
    Closer closer{ c };
    compat_collator *other = reinterpret_cast<compat_collator *>(1);
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_open("en-US", 0x00000200u /* LCMAP_UPPERCASE */, &other));
    EXPECT_EQ(nullptr, other);
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_open("en-US", 0x80000000u, &other));
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_open("en US", kDefault, &other));
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_open("-en", kDefault, &other));
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_open(std::string(100, 'a').c_str(), kDefault, &other));
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_open(nullptr, kDefault, &other));
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_open("en-US", kDefault, nullptr));
    size_t full = 99;
    uint8_t buf[8];
    const uint16_t text[1] = { 'a' };
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_sort_key(nullptr, text, 1, buf, sizeof buf, &full));
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_sort_key(c, nullptr, 1, buf, sizeof buf, &full));
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_sort_key(c, text, 1, nullptr, sizeof buf, &full));
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_sort_key(c, text, size_t(INT32_MAX) + 1u, buf, sizeof buf, &full));
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_sort_key(c, text, 1, buf, sizeof buf, nullptr));
    EXPECT_EQ(COMPAT_OK, compat_collator_sort_key(c, nullptr, 0, buf, sizeof buf, &full));
    EXPECT_GE(full, 1u); // the empty string still has its terminator
    compat_collator_close(nullptr);
}

TEST(Collate, UnknownButWellFormedLocaleFallsBack)
{
    OPEN_OR_SKIP(c, "xx-YY", kDefault);
    Closer closer{ c };
    OPEN_OR_SKIP(root, "", kDefault);
    Closer croot{ root };
    EXPECT_EQ(sort_key(root, u"abc \u00e4"), sort_key(c, u"abc \u00e4"));
}

TEST(Collate, Version)
{
    OPEN_OR_SKIP(a, "en-US", kDefault);
    Closer ca{ a };
    OPEN_OR_SKIP(b, "en-US", 0);
    Closer cb{ b };
    uint8_t va[4] = {}, vb[4] = {};
    uint32_t pa = 0, pb = 0;
    ASSERT_EQ(COMPAT_OK, compat_collator_version(a, va, &pa));
    ASSERT_EQ(COMPAT_OK, compat_collator_version(b, vb, &pb));
    EXPECT_NE(0u, pa);
    EXPECT_EQ(pa, pb);
    EXPECT_EQ(0, memcmp(va, vb, 4));
    EXPECT_EQ((uint32_t(va[0]) << 24) | (uint32_t(va[1]) << 16) | (uint32_t(va[2]) << 8) | va[3], pa);
    EXPECT_EQ(COMPAT_EINVAL, compat_collator_version(nullptr, va, &pa));
}

TEST(Collate, OneCollatorManyThreads)
{
    OPEN_OR_SKIP(c, "de-DE", kDefault);
    Closer closer{ c };
    const std::u16string words[] = { u"Stra\u00dfe", u"\u00c4pfel", u"zebra", u"Apfel", u"\u00fcber" };
    std::vector<Key> expected;
    for (const auto &w : words) expected.push_back(sort_key(c, w));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; t++) {
        threads.emplace_back([&, t]() {
            for (int i = 0; i < 2000; i++) {
                const auto &w = words[(i + t) % 5];
                uint8_t buf[64];
                size_t full = 0;
                if (compat_collator_sort_key(c, reinterpret_cast<const uint16_t *>(w.data()), w.size(), buf,
                                             sizeof buf, &full) != COMPAT_OK ||
                    full != expected[(i + t) % 5].size() ||
                    memcmp(buf, expected[(i + t) % 5].data(), full) != 0)
                    mismatches[t]++;
            }
        });
    }
    for (auto &th : threads) th.join();
    for (int t = 0; t < 4; t++) EXPECT_EQ(0, mismatches[t]);
}

TEST(Collate, LcidTable)
{
    char buf[32];
    ASSERT_EQ(COMPAT_OK, compat_locale_from_lcid(0x409, buf, sizeof buf));
    EXPECT_STREQ("en-US", buf);
    ASSERT_EQ(COMPAT_OK, compat_locale_from_lcid(0, buf, sizeof buf));
    EXPECT_STREQ("en-US", buf);
    ASSERT_EQ(COMPAT_OK, compat_locale_from_lcid(0x7f, buf, sizeof buf));
    EXPECT_STREQ("", buf);
    const struct { uint32_t lcid; const char *name; } cases[] = {
        { 0x809, "en-GB" }, { 0x407, "de-DE" }, { 0x40c, "fr-FR" }, { 0x41d, "sv-SE" }, { 0x411, "ja-JP" },
        { 0x804, "zh-CN" }, { 0x419, "ru-RU" }, { 0x410, "it-IT" }, { 0x40a, "es-ES" }, { 0xc0a, "es-ES" },
        { 0x413, "nl-NL" }, { 0x416, "pt-BR" }, { 0x412, "ko-KR" },
    };
    for (const auto &k : cases) {
        ASSERT_EQ(COMPAT_OK, compat_locale_from_lcid(k.lcid, buf, sizeof buf)) << k.lcid;
        EXPECT_STREQ(k.name, buf);
    }
    EXPECT_EQ(COMPAT_ENOENT, compat_locale_from_lcid(0x1234, buf, sizeof buf));
    EXPECT_EQ(COMPAT_ERANGE, compat_locale_from_lcid(0x409, buf, 5));
    EXPECT_EQ(COMPAT_OK, compat_locale_from_lcid(0x409, buf, 6));
    EXPECT_EQ(COMPAT_EINVAL, compat_locale_from_lcid(0x409, nullptr, 6));
    uint32_t lcid = 0;
    ASSERT_EQ(COMPAT_OK, compat_lcid_from_locale("sv-se", &lcid));
    EXPECT_EQ(0x41du, lcid);
    ASSERT_EQ(COMPAT_OK, compat_lcid_from_locale("en_GB", &lcid));
    EXPECT_EQ(0x809u, lcid);
    ASSERT_EQ(COMPAT_OK, compat_lcid_from_locale("es-ES", &lcid));
    EXPECT_EQ(0xc0au, lcid);
    ASSERT_EQ(COMPAT_OK, compat_lcid_from_locale("", &lcid));
    EXPECT_EQ(0x7fu, lcid);
    EXPECT_EQ(COMPAT_ENOENT, compat_lcid_from_locale("en-ZZ", &lcid));
    EXPECT_EQ(COMPAT_EINVAL, compat_lcid_from_locale(nullptr, &lcid));
}

} // namespace
