// page_test.cc: the page layout on synthetic pages, for what the samples do not show:
// more than one reserved tag (Windows 11 24H2 writes that), node flags kept in the node
// on large pages, prefix compression from the external header, and every way a tag or a
// node can point outside where it should (an error, never a read out of bounds).
// Also decompression of random bytes (an error or a value, never a crash).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "storage_reader.h"

namespace {

struct builder {
    std::vector<uint8_t> page;
    uint32_t cb_page, cb_header, ib = 0, ntags = 0;
    bool large;

    explicit builder(uint32_t cb) : page(cb), cb_page(cb), cb_header(cb > 8192 ? 80 : 40), large(cb > 8192) {}

    // appends a line and its tag; small pages keep the flags in the tag
    void add(const std::vector<uint8_t> &line, uint32_t flags = 0)
    {
        std::memcpy(&page[cb_header + ib], line.data(), line.size());
        uint32_t at = cb_page - 4 * (ntags + 1);
        byte_order_put_le16(&page[at], static_cast<uint16_t>(line.size()));
        byte_order_put_le16(&page[at + 2], static_cast<uint16_t>(ib | (large ? 0 : flags << 13)));
        ib += static_cast<uint32_t>(line.size());
        ntags++;
    }
    void finish(uint32_t page_flags, uint32_t reserved_field)
    {
        byte_order_put_le32(&page[36], page_flags);
        byte_order_put_le16(&page[34], static_cast<uint16_t>(reserved_field << 12 | ntags));
        byte_order_put_le16(&page[32], static_cast<uint16_t>(ib));
    }
};

std::vector<uint8_t> node(const std::string &suffix, const std::string &data, int prefix = -1, uint32_t large_flags = 0)
{
    std::vector<uint8_t> n;
    if (prefix >= 0) n.push_back(0), n.push_back(0);
    n.push_back(0), n.push_back(0);
    size_t at = prefix >= 0 ? 2 : 0;
    if (prefix >= 0) byte_order_put_le16(&n[0], static_cast<uint16_t>(prefix));
    byte_order_put_le16(&n[at], static_cast<uint16_t>(suffix.size()));
    n.insert(n.end(), suffix.begin(), suffix.end());
    n.insert(n.end(), data.begin(), data.end());
    if (large_flags != 0) byte_order_put_le16(&n[0], static_cast<uint16_t>(byte_order_get_le16(&n[0]) | large_flags << 13));
    return n;
}

std::string key_of(const page_node &nd)
{
    return std::string(reinterpret_cast<const char *>(nd.prefix), nd.cb_prefix) +
           std::string(reinterpret_cast<const char *>(nd.suffix), nd.cb_suffix);
}

TEST(Page, ThreeReservedTagsAndPrefixCompression)
{
    builder b(4096);
    b.add({'c', 'o', 'm', 'm', 'o', 'n'}); // tag 0: the key prefix
    b.add({1, 2, 3});                      // tags 1 and 2: reserved, not nodes
    b.add({4});
    b.add(node("A", "data0", 4), NODE_FLAG_COMPRESSED);
    b.add(node("plain", "d1"));
    b.add(node("", "gone", 6), NODE_FLAG_COMPRESSED | NODE_FLAG_DELETED);
    b.finish(PAGE_FLAG_LEAF, 3);
    page_view pv;
    ASSERT_EQ(JET_errSuccess, page_open(b.page.data(), 4096, &pv));
    EXPECT_EQ(3u, pv.ctag_reserved);
    ASSERT_EQ(3u, page_line_count(&pv));
    page_node nd;
    ASSERT_EQ(JET_errSuccess, page_get_node(&pv, 0, &nd));
    EXPECT_EQ("commA", key_of(nd));
    EXPECT_EQ("data0", std::string(reinterpret_cast<const char *>(nd.data), nd.cb_data));
    EXPECT_EQ(NODE_FLAG_COMPRESSED, nd.flags);
    EXPECT_EQ(0, page_node_compare(&nd, reinterpret_cast<const uint8_t *>("commA"), 5));
    EXPECT_LT(page_node_compare(&nd, reinterpret_cast<const uint8_t *>("commB"), 5), 0);
    EXPECT_GT(page_node_compare(&nd, reinterpret_cast<const uint8_t *>("comm"), 4), 0);
    EXPECT_GT(page_node_compare(&nd, reinterpret_cast<const uint8_t *>("co"), 2), 0);
    ASSERT_EQ(JET_errSuccess, page_get_node(&pv, 1, &nd));
    EXPECT_EQ("plain", key_of(nd));
    ASSERT_EQ(JET_errSuccess, page_get_node(&pv, 2, &nd));
    EXPECT_EQ("common", key_of(nd));
    EXPECT_EQ(NODE_FLAG_COMPRESSED | NODE_FLAG_DELETED, nd.flags);
    EXPECT_EQ(JET_errPageTagCorrupted, page_get_node(&pv, 3, &nd));
    // legacy field 0: one reserved tag, so the "reserved" lines become nodes
    b.finish(PAGE_FLAG_LEAF, 0);
    ASSERT_EQ(JET_errSuccess, page_open(b.page.data(), 4096, &pv));
    EXPECT_EQ(1u, pv.ctag_reserved);
    EXPECT_EQ(5u, page_line_count(&pv));
}

TEST(Page, LargePagesKeepNodeFlagsInTheNode)
{
    builder b(16384);
    b.add({'p', 'r', 'e'});
    b.add(node("fix", "v", 3, NODE_FLAG_COMPRESSED | NODE_FLAG_VERSION));
    b.add(node("x", "w", -1, NODE_FLAG_DELETED));
    b.finish(PAGE_FLAG_LEAF, 0);
    page_view pv;
    ASSERT_EQ(JET_errSuccess, page_open(b.page.data(), 16384, &pv));
    EXPECT_TRUE(pv.large);
    EXPECT_EQ(80u, pv.cb_header);
    page_node nd;
    ASSERT_EQ(JET_errSuccess, page_get_node(&pv, 0, &nd));
    EXPECT_EQ(NODE_FLAG_COMPRESSED | NODE_FLAG_VERSION, nd.flags);
    EXPECT_EQ("prefix", key_of(nd));
    EXPECT_EQ("v", std::string(reinterpret_cast<const char *>(nd.data), nd.cb_data));
    ASSERT_EQ(JET_errSuccess, page_get_node(&pv, 1, &nd));
    EXPECT_EQ(NODE_FLAG_DELETED, nd.flags);
    EXPECT_EQ("x", key_of(nd));
}

TEST(Page, EveryOutOfPlaceOffsetIsAnError)
{
    builder b(4096);
    b.add({'a', 'b'});
    b.add(node("key", "data", 2), NODE_FLAG_COMPRESSED);
    b.finish(PAGE_FLAG_LEAF, 0);
    page_view pv;
    page_node nd;
    ASSERT_EQ(JET_errSuccess, page_open(b.page.data(), 4096, &pv));
    ASSERT_EQ(JET_errSuccess, page_get_node(&pv, 0, &nd));

    std::vector<uint8_t> bad = b.page;
    byte_order_put_le16(&bad[34], 0x0fff); // more tags than the page holds
    EXPECT_EQ(JET_errPageTagCorrupted, page_open(bad.data(), 4096, &pv));

    bad = b.page;
    byte_order_put_le16(&bad[4096 - 8 + 2], 4060); // node's tag runs into the tag array
    ASSERT_EQ(JET_errSuccess, page_open(bad.data(), 4096, &pv));
    EXPECT_EQ(JET_errPageTagCorrupted, page_get_node(&pv, 0, &nd));

    bad = b.page;
    byte_order_put_le16(&bad[40 + 2 + 2], 200); // suffix longer than the node
    ASSERT_EQ(JET_errSuccess, page_open(bad.data(), 4096, &pv));
    EXPECT_EQ(JET_errNodeCorrupted, page_get_node(&pv, 0, &nd));

    bad = b.page;
    byte_order_put_le16(&bad[40 + 2], 3); // prefix longer than the external header
    ASSERT_EQ(JET_errSuccess, page_open(bad.data(), 4096, &pv));
    EXPECT_EQ(JET_errNodeCorrupted, page_get_node(&pv, 0, &nd));

    bad = b.page;
    byte_order_put_le32(&bad[36], PAGE_FLAG_LEAF | PAGE_FLAG_ROOT); // roots have no key prefix
    ASSERT_EQ(JET_errSuccess, page_open(bad.data(), 4096, &pv));
    EXPECT_EQ(JET_errNodeCorrupted, page_get_node(&pv, 0, &nd));

    bad = b.page;
    byte_order_put_le16(&bad[4096 - 8], 1); // a node of one byte cannot hold its key length
    ASSERT_EQ(JET_errSuccess, page_open(bad.data(), 4096, &pv));
    EXPECT_EQ(JET_errNodeCorrupted, page_get_node(&pv, 0, &nd));

    EXPECT_EQ(JET_errInvalidParameter, page_open(b.page.data(), 3000, &pv));
}

TEST(Compress, RandomBytesNeverCrash)
{
    uint32_t x = 777;
    auto rnd = [&x]() {
        x = x * 1103515245u + 12345u;
        return x >> 8;
    };
    std::vector<uint8_t> out(70000);
    int ok = 0;
    for (int iter = 0; iter < 20000; iter++) {
        std::vector<uint8_t> in(1 + rnd() % 64);
        for (uint8_t &v : in) v = static_cast<uint8_t>(rnd());
        static const uint8_t schemes[] = {1, 2, 3, 7}; // 7-bit ASCII and Unicode, XPRESS, LZ4
        in[0] = static_cast<uint8_t>(schemes[rnd() % 4] << 3 | (rnd() & 7));
        uint32_t size = 0;
        JET_ERR err = compress_size(in.data(), (uint32_t)in.size(), &size);
        if (err < 0) continue;
        uint32_t got = 0;
        err = compress_decompress(in.data(), (uint32_t)in.size(), out.data(), (uint32_t)out.size(), &got);
        if (err >= 0) {
            ok++;
            EXPECT_EQ(size, got);
        } else {
            EXPECT_EQ(JET_errDecompressionFailed, err);
        }
    }
    EXPECT_GT(ok, 0);
    // 7-bit: "Hi" packed into 14 bits -> header 0x08 | (6 - 1), bytes 0x48 | 0x69 << 7
    const uint8_t hi[] = {0x0d, 0xc8, 0x34};
    uint8_t buf[4] = {};
    uint32_t got = 0;
    ASSERT_EQ(JET_errSuccess, compress_decompress(hi, sizeof hi, buf, sizeof buf, &got));
    EXPECT_EQ(2u, got);
    EXPECT_EQ(0, std::memcmp(buf, "Hi", 2));
    EXPECT_EQ(JET_wrnBufferTruncated, compress_decompress(hi, sizeof hi, buf, 1, &got));
    EXPECT_EQ('H', buf[0]);
    const uint8_t xpress9[] = {0x28, 1, 0, 0, 0};
    EXPECT_EQ(JET_errDecompressionFailed, compress_decompress(xpress9, sizeof xpress9, buf, sizeof buf, &got));
}

// An LZ4 block as the format defines it (greedy, matches of 4 or more within 64 KiB),
// with ESE's Lz4Header before it: enough to check the reader on varied data.
std::vector<uint8_t> Lz4Compress(const std::vector<uint8_t> &in)
{
    std::vector<uint8_t> out = {0x38, static_cast<uint8_t>(in.size()), static_cast<uint8_t>(in.size() >> 8)};
    auto length = [&out](size_t n) {
        for (; n >= 255; n -= 255) out.push_back(255);
        out.push_back(static_cast<uint8_t>(n));
    };
    size_t anchor = 0, i = 0;
    while (i < in.size()) {
        size_t best = 0, dist = 0;
        for (size_t back = 1; back <= i && back <= 300; back++) {
            size_t n = 0;
            while (i + n < in.size() && in[i + n] == in[i + n - back]) n++;
            if (n > best) best = n, dist = back;
        }
        if (best < 4) {
            i++;
            continue;
        }
        size_t lit = i - anchor, m = best - 4;
        out.push_back(static_cast<uint8_t>((lit < 15 ? lit : 15) << 4 | (m < 15 ? m : 15)));
        if (lit >= 15) length(lit - 15);
        out.insert(out.end(), in.begin() + (long)anchor, in.begin() + (long)i);
        out.push_back(static_cast<uint8_t>(dist));
        out.push_back(static_cast<uint8_t>(dist >> 8));
        if (m >= 15) length(m - 15);
        i += best;
        anchor = i;
    }
    size_t lit = in.size() - anchor;
    out.push_back(static_cast<uint8_t>((lit < 15 ? lit : 15) << 4));
    if (lit >= 15) length(lit - 15);
    out.insert(out.end(), in.begin() + (long)anchor, in.end());
    return out;
}

TEST(Compress, Lz4BlocksAsLaterFormatsWriteThem)
{
    // "abc", then 9 bytes from 3 back (overlapping), then "X"
    const uint8_t small[] = {0x38, 13, 0, 0x35, 'a', 'b', 'c', 3, 0, 0x10, 'X'};
    uint8_t buf[16] = {};
    uint32_t got = 0;
    ASSERT_EQ(JET_errSuccess, compress_decompress(small, sizeof small, buf, sizeof buf, &got));
    EXPECT_EQ(13u, got);
    EXPECT_EQ(0, std::memcmp(buf, "abcabcabcabcX", 13));
    uint32_t size = 0;
    ASSERT_EQ(JET_errSuccess, compress_size(small, sizeof small, &size));
    EXPECT_EQ(13u, size);
    // too small a buffer: the size, and a warning (the caller asks again with room)
    EXPECT_EQ(JET_wrnBufferTruncated, compress_decompress(small, sizeof small, buf, 5, &got));
    EXPECT_EQ(13u, got);

    uint32_t x = 4242;
    auto rnd = [&x]() {
        x = x * 1103515245u + 12345u;
        return x >> 8;
    };
    for (int iter = 0; iter < 200; iter++) {
        // runs of repeated words and random bytes: short and long literals and matches
        std::vector<uint8_t> data;
        size_t want = rnd() % 6000;
        while (data.size() < want) {
            if (rnd() % 2) {
                size_t n = 1 + rnd() % 40;
                for (size_t k = 0; k < n; k++) data.push_back(static_cast<uint8_t>(rnd()));
            } else {
                size_t n = 1 + rnd() % (rnd() % 8 == 0 ? 700 : 30), period = 1 + rnd() % 5;
                for (size_t k = 0; k < n; k++) data.push_back(static_cast<uint8_t>('a' + k % period));
            }
        }
        std::vector<uint8_t> packed = Lz4Compress(data), out(data.size() + 1, 0xee);
        ASSERT_EQ(JET_errSuccess, compress_decompress(packed.data(), (uint32_t)packed.size(), out.data(),
                                                      (uint32_t)out.size(), &got))
            << "iteration " << iter;
        ASSERT_EQ(data.size(), got);
        ASSERT_TRUE(std::equal(data.begin(), data.end(), out.begin())) << "iteration " << iter;
        EXPECT_EQ(0xee, out[data.size()]); // nothing written past the value
    }

    // corrupt blocks: never more than the size, never before the output's start
    const std::vector<std::vector<uint8_t>> bad = {
        {0x38, 13, 0, 0x35, 'a', 'b', 'c', 0, 0, 0x10, 'X'},  // offset 0
        {0x38, 13, 0, 0x35, 'a', 'b', 'c', 4, 0, 0x10, 'X'},  // offset before the start
        {0x38, 14, 0, 0x35, 'a', 'b', 'c', 3, 0, 0x10, 'X'},  // one byte short of the size
        {0x38, 12, 0, 0x35, 'a', 'b', 'c', 3, 0, 0x10, 'X'},  // one byte past it
        {0x38, 13, 0, 0x35, 'a', 'b', 'c', 3},                // offset cut short
        {0x38, 13, 0, 0x3f, 'a', 'b', 'c', 3, 0},             // match length cut short
        {0x38, 13, 0, 0x45, 'a', 'b', 'c'},                   // literals cut short
        {0x38, 13, 0},                                        // no sequence at all
        {0x38, 3, 0, 0xf0, 255, 255, 255, 255, 255, 255},     // literal length past the size
    };
    for (size_t k = 0; k < bad.size(); k++) {
        std::memset(buf, 0, sizeof buf);
        EXPECT_EQ(JET_errDecompressionFailed,
                  compress_decompress(bad[k].data(), (uint32_t)bad[k].size(), buf, sizeof buf, &got))
            << "block " << k;
    }
}

} // namespace
