// utf_test.cc: strict UTF-8 <-> UTF-16 conversion: valid input of every length,
// every kind of ill-formed input, short buffers, length-only and NUL-terminated modes.
// May call: compat.h, GoogleTest, the C++ standard library.
#include <cstring>
#include <string>
#include <vector>

#include "test_support.h"

namespace {

typedef std::vector<uint16_t> U16;

// Converts with an exactly sized buffer, checking that length-only agrees.
compat_err to16(const std::string &s, U16 *out)
{
    size_t need = 12345;
    compat_err err = compat_utf8_to_utf16(s.data(), s.size(), nullptr, 0, &need);
    out->clear();
    if (err != COMPAT_OK)
        return err;
    out->assign(need, 0xFFFF);
    size_t got = 0;
    err = compat_utf8_to_utf16(s.data(), s.size(), out->data(), out->size(), &got);
    EXPECT_EQ(got, need);
    return err;
}

compat_err to8(const U16 &s, std::string *out)
{
    size_t need = 12345;
    compat_err err = compat_utf16_to_utf8(s.data(), s.size(), nullptr, 0, &need);
    out->clear();
    if (err != COMPAT_OK)
        return err;
    out->assign(need, '\x7F');
    size_t got = 0;
    err = compat_utf16_to_utf8(s.data(), s.size(), &(*out)[0], out->size(), &got);
    EXPECT_EQ(got, need);
    return err;
}

struct Valid {
    const char *utf8;
    U16 utf16;
};

TEST(CompatUtf, ValidOneToFourBytesRoundTrip)
{
    const Valid cases[] = {
        {"", {}},
        {"A", {0x41}},
        {"\x7F", {0x7F}},                               // last 1-byte
        {"\xC2\x80", {0x80}},                           // first 2-byte
        {"\xC3\xA9", {0xE9}},                           // e-acute
        {"\xDF\xBF", {0x7FF}},                          // last 2-byte
        {"\xE0\xA0\x80", {0x800}},                      // first 3-byte
        {"\xE2\x82\xAC", {0x20AC}},                     // euro sign
        {"\xED\x9F\xBF", {0xD7FF}},                     // just below the surrogates
        {"\xEE\x80\x80", {0xE000}},                     // just above them
        {"\xEF\xBF\xBD", {0xFFFD}},                     // replacement character
        {"\xEF\xBF\xBF", {0xFFFF}},                     // last 3-byte
        {"\xF0\x90\x80\x80", {0xD800, 0xDC00}},         // first 4-byte
        {"\xF0\x9F\x98\x80", {0xD83D, 0xDE00}},         // emoji
        {"\xF4\x8F\xBF\xBF", {0xDBFF, 0xDFFF}},         // U+10FFFF, the last
        {"a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z", {0x61, 0xE9, 0x20AC, 0xD83D, 0xDE00, 0x7A}},
    };
    for (const Valid &c : cases) {
        std::string s(c.utf8);
        U16 got16;
        ASSERT_EQ(to16(s, &got16), COMPAT_OK) << s;
        EXPECT_EQ(got16, c.utf16) << s;
        std::string got8;
        ASSERT_EQ(to8(c.utf16, &got8), COMPAT_OK) << s;
        EXPECT_EQ(got8, s);
    }
}

TEST(CompatUtf, EmbeddedNulWithExplicitLength)
{
    std::string s("a\0b", 3);
    U16 got;
    ASSERT_EQ(to16(s, &got), COMPAT_OK);
    EXPECT_EQ(got, (U16{0x61, 0, 0x62}));
    std::string back;
    ASSERT_EQ(to8(got, &back), COMPAT_OK);
    EXPECT_EQ(back, s);
}

TEST(CompatUtf, IllFormedUtf8IsRejected)
{
    const char *const bad[] = {
        "\x80",                 // lone continuation byte
        "\xBF",                 // lone continuation byte
        "a\x80z",               // continuation byte in the middle
        "\xC0\x80",             // overlong NUL
        "\xC0\xAF",             // overlong '/'
        "\xC1\xBF",             // overlong 0x7F
        "\xE0\x80\x80",         // overlong 3-byte
        "\xE0\x9F\xBF",         // overlong U+07FF
        "\xF0\x80\x80\x80",     // overlong 4-byte
        "\xF0\x8F\xBF\xBF",     // overlong U+FFFF
        "\xED\xA0\x80",         // surrogate U+D800
        "\xED\xBF\xBF",         // surrogate U+DFFF
        "\xED\xA0\xBD\xED\xB8\x80", // CESU-8 pair
        "\xF4\x90\x80\x80",     // U+110000
        "\xF5\x80\x80\x80",     // lead byte beyond U+10FFFF
        "\xF7\xBF\xBF\xBF",     // U+1FFFFF
        "\xF8\x88\x80\x80\x80", // 5-byte form
        "\xFC\x84\x80\x80\x80\x80", // 6-byte form
        "\xFE",                 // never valid
        "\xFF",                 // never valid
        "\xC3",                 // truncated 2-byte
        "\xE2\x82",             // truncated 3-byte
        "\xF0\x9F\x98",         // truncated 4-byte
        "ab\xF0\x9F",           // truncated at the end after good text
        "\xC3\x41",             // bad continuation
        "\xE2\x41\xAC",         // bad continuation
        "\xF0\x9F\x41\x80",     // bad continuation
        "\xC3\xC3\xA9",         // lead byte where a continuation belongs
    };
    for (const char *b : bad) {
        std::string s(b);
        size_t len = 99;
        EXPECT_EQ(compat_utf8_to_utf16(s.data(), s.size(), nullptr, 0, &len), COMPAT_EILSEQ) << testing::PrintToString(s);
        EXPECT_EQ(len, 0u);
        uint16_t buf[16] = {0x1234};
        EXPECT_EQ(compat_utf8_to_utf16(s.data(), s.size(), buf, 16, &len), COMPAT_EILSEQ);
        EXPECT_EQ(buf[0], 0x1234) << "written on failure";
    }
    // A sequence cut by src_len is truncated even if the bytes go on.
    const char *cut = "\xE2\x82\xAC";
    size_t len;
    EXPECT_EQ(compat_utf8_to_utf16(cut, 2, nullptr, 0, &len), COMPAT_EILSEQ);
    EXPECT_EQ(compat_utf8_to_utf16(cut, 3, nullptr, 0, &len), COMPAT_OK);
    EXPECT_EQ(len, 1u);
}

TEST(CompatUtf, IllFormedUtf16IsRejected)
{
    const U16 bad[] = {
        {0xD800},                 // high surrogate alone
        {0xDBFF},                 // high surrogate alone
        {0xDC00},                 // low surrogate alone
        {0xDFFF},                 // low surrogate alone
        {0xD800, 0x0041},         // high then not a low
        {0x0041, 0xD83D},         // high at the end
        {0xDE00, 0xD83D},         // reversed pair
        {0xD83D, 0xD83D, 0xDE00}, // high then high
        {0x0041, 0xDC00, 0x0042}, // low in the middle
    };
    for (const U16 &b : bad) {
        size_t len = 99;
        EXPECT_EQ(compat_utf16_to_utf8(b.data(), b.size(), nullptr, 0, &len), COMPAT_EILSEQ)
            << testing::PrintToString(b);
        EXPECT_EQ(len, 0u);
        char buf[16] = {'#'};
        EXPECT_EQ(compat_utf16_to_utf8(b.data(), b.size(), buf, 16, &len), COMPAT_EILSEQ);
        EXPECT_EQ(buf[0], '#') << "written on failure";
    }
    // A pair cut by src_len is unpaired.
    const uint16_t pair[] = {0xD83D, 0xDE00};
    size_t len;
    EXPECT_EQ(compat_utf16_to_utf8(pair, 1, nullptr, 0, &len), COMPAT_EILSEQ);
    EXPECT_EQ(compat_utf16_to_utf8(pair, 2, nullptr, 0, &len), COMPAT_OK);
    EXPECT_EQ(len, 4u);
}

TEST(CompatUtf, ShortBufferIsErange)
{
    const std::string s = "h\xC3\xA9llo\xF0\x9F\x98\x80"; // 5 + 2 units
    uint16_t buf16[8];
    for (auto &u : buf16)
        u = 0xAAAA;
    size_t len = 0;
    EXPECT_EQ(compat_utf8_to_utf16(s.data(), s.size(), buf16, 6, &len), COMPAT_ERANGE);
    EXPECT_EQ(len, 7u); // what is needed
    EXPECT_EQ(buf16[0], 0xAAAA) << "written on failure";
    EXPECT_EQ(compat_utf8_to_utf16(s.data(), s.size(), buf16, 0, &len), COMPAT_ERANGE);
    ASSERT_EQ(compat_utf8_to_utf16(s.data(), s.size(), buf16, 7, &len), COMPAT_OK);
    EXPECT_EQ(len, 7u);
    EXPECT_EQ(buf16[7], 0xAAAA) << "wrote past the end";

    char buf8[16];
    std::memset(buf8, '#', sizeof buf8);
    ASSERT_EQ(s.size(), 10u);
    EXPECT_EQ(compat_utf16_to_utf8(buf16, 7, buf8, 9, &len), COMPAT_ERANGE);
    EXPECT_EQ(len, 10u);
    EXPECT_EQ(buf8[0], '#');
    ASSERT_EQ(compat_utf16_to_utf8(buf16, 7, buf8, 10, &len), COMPAT_OK);
    EXPECT_EQ(std::string(buf8, len), s);
    EXPECT_EQ(buf8[10], '#');

    // Ill-formed beats too small, even where the error lies beyond the buffer.
    const std::string bad = "abcdef\xC0\x80";
    EXPECT_EQ(compat_utf8_to_utf16(bad.data(), bad.size(), buf16, 2, &len), COMPAT_EILSEQ);
}

TEST(CompatUtf, LengthOnlyAndNulTerminated)
{
    size_t len = 0;
    // dst == NULL ignores dst_cap.
    ASSERT_EQ(compat_utf8_to_utf16("\xF0\x9F\x98\x80", 4, nullptr, 0, &len), COMPAT_OK);
    EXPECT_EQ(len, 2u);
    ASSERT_EQ(compat_utf8_to_utf16("\xF0\x9F\x98\x80", 4, nullptr, 1000, &len), COMPAT_OK);
    EXPECT_EQ(len, 2u);

    // SIZE_MAX: up to and including the NUL, which is written and counted.
    ASSERT_EQ(compat_utf8_to_utf16("ab\xC3\xA9", SIZE_MAX, nullptr, 0, &len), COMPAT_OK);
    EXPECT_EQ(len, 4u);
    uint16_t w[8];
    for (auto &u : w)
        u = 0xAAAA;
    ASSERT_EQ(compat_utf8_to_utf16("ab\xC3\xA9", SIZE_MAX, w, 8, &len), COMPAT_OK);
    EXPECT_EQ(len, 4u);
    EXPECT_EQ((U16(w, w + 5)), (U16{0x61, 0x62, 0xE9, 0, 0xAAAA}));
    EXPECT_EQ(compat_utf8_to_utf16("ab\xC3\xA9", SIZE_MAX, w, 3, &len), COMPAT_ERANGE);
    EXPECT_EQ(len, 4u);
    ASSERT_EQ(compat_utf8_to_utf16("", SIZE_MAX, w, 1, &len), COMPAT_OK);
    EXPECT_EQ(len, 1u);
    EXPECT_EQ(w[0], 0);

    const uint16_t src[] = {0x61, 0xD83D, 0xDE00, 0, 0x62};
    ASSERT_EQ(compat_utf16_to_utf8(src, SIZE_MAX, nullptr, 0, &len), COMPAT_OK);
    EXPECT_EQ(len, 6u);
    char c[8];
    std::memset(c, '#', sizeof c);
    ASSERT_EQ(compat_utf16_to_utf8(src, SIZE_MAX, c, sizeof c, &len), COMPAT_OK);
    EXPECT_EQ(len, 6u);
    EXPECT_EQ(std::string(c, 7), std::string("a\xF0\x9F\x98\x80\0#", 7));
    EXPECT_EQ(compat_utf16_to_utf8(src, SIZE_MAX, c, 5, &len), COMPAT_ERANGE);
    EXPECT_EQ(len, 6u);

    // Ill-formed before the NUL is still ill-formed.
    EXPECT_EQ(compat_utf8_to_utf16("a\xFF", SIZE_MAX, nullptr, 0, &len), COMPAT_EILSEQ);

    // Empty input; out_len may be NULL; NULL src only with length 0.
    ASSERT_EQ(compat_utf8_to_utf16(nullptr, 0, nullptr, 0, &len), COMPAT_OK);
    EXPECT_EQ(len, 0u);
    EXPECT_EQ(compat_utf8_to_utf16("abc", 3, w, 8, nullptr), COMPAT_OK);
    EXPECT_EQ(compat_utf8_to_utf16(nullptr, 3, nullptr, 0, &len), COMPAT_EINVAL);
    EXPECT_EQ(compat_utf16_to_utf8(nullptr, 3, nullptr, 0, &len), COMPAT_EINVAL);
}

TEST(CompatUtf, EveryScalarValueRoundTrips)
{
    // All of U+0000..U+10FFFF except the surrogates, through both directions.
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        U16 w;
        if (cp >= 0x10000)
            w = {static_cast<uint16_t>(0xD800 + ((cp - 0x10000) >> 10)),
                 static_cast<uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF))};
        else
            w = {static_cast<uint16_t>(cp)};
        char u8[4];
        size_t n8 = 0;
        ASSERT_EQ(compat_utf16_to_utf8(w.data(), w.size(), u8, 4, &n8), COMPAT_OK) << cp;
        ASSERT_EQ(n8, cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u) << cp;
        uint16_t back[2];
        size_t n16 = 0;
        ASSERT_EQ(compat_utf8_to_utf16(u8, n8, back, 2, &n16), COMPAT_OK) << cp;
        ASSERT_EQ(U16(back, back + n16), w) << cp;
    }
}

} // namespace
