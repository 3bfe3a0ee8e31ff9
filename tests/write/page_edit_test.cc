// Page editing (page_edit.c): formatted pages read back through the page layer for all
// four sizes; inserts, replaces and deletes keep cbFree/ibMicFree as ESE keeps them (free
// bytes = page - header - tag data - tags); fragmented space is compacted when needed;
// a node that does not fit is refused and changes nothing.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" {
#include "page.h"
}

namespace {

typedef std::vector<uint8_t> bytes;

uint32_t tag_bytes(const page_view &pv)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < pv.ctag; i++) {
        page_line line;
        EXPECT_EQ(JET_errSuccess, page_get_tag(&pv, i, &line));
        sum += line.cb;
    }
    return sum;
}

void expect_accounting(const bytes &page)
{
    page_view pv;
    ASSERT_EQ(JET_errSuccess, page_open(page.data(), (uint32_t)page.size(), &pv));
    EXPECT_EQ(pv.cb_page - pv.cb_header - tag_bytes(pv) - 4u * pv.ctag, pv.cb_free);
    EXPECT_EQ(0u, pv.cb_uncommitted_free);
    EXPECT_EQ(1u, pv.ctag_reserved);
    EXPECT_EQ(0, byte_order_get_le16(page.data() + 34) >> 12) << "ctagReserved bits are written as 0";
}

TEST(PageEdit, FormatInsertReplaceDeleteOnEveryPageSize)
{
    for (uint32_t cb_page : {4096u, 8192u, 16384u, 32768u}) {
        SCOPED_TRACE(cb_page);
        bytes page(cb_page);
        ASSERT_EQ(JET_errSuccess, page_format(page.data(), cb_page, 77, 9, PAGE_FLAG_ROOT | PAGE_FLAG_LEAF, 1234));
        page_view pv;
        ASSERT_EQ(JET_errSuccess, page_open(page.data(), cb_page, &pv));
        EXPECT_EQ(1234u, pv.dbtime_dirtied);
        EXPECT_EQ(9u, pv.objid_fdp);
        EXPECT_EQ(PAGE_FLAG_ROOT | PAGE_FLAG_LEAF | PAGE_FLAG_NEW_RECORD_FORMAT | PAGE_FLAG_NEW_CHECKSUM, pv.flags);
        EXPECT_EQ(1u, pv.ctag);
        EXPECT_EQ(0u, pv.ib_mic_free);
        EXPECT_EQ(cb_page - pv.cb_header - 4u, pv.cb_free);
        if (cb_page > 8192) {
            EXPECT_EQ(77u, byte_order_get_le32(page.data() + 64));
        }
        expect_accounting(page);

        uint8_t sph[16] = {1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0};
        ASSERT_EQ(JET_errSuccess, page_set_external_header(page.data(), cb_page, sph, 16));
        std::vector<std::pair<bytes, bytes>> model;
        std::mt19937 rng(cb_page);
        // Insert at random positions until full, with node flags that must come back.
        for (;;) {
            bytes key(1 + rng() % 30), data(rng() % 100);
            for (auto &b : key) b = (uint8_t)rng();
            for (auto &b : data) b = (uint8_t)rng();
            uint32_t pos = model.empty() ? 0 : rng() % (model.size() + 1);
            JET_ERR err = page_insert_node(page.data(), cb_page, pos, key.data(), (uint32_t)key.size(), data.data(),
                                           (uint32_t)data.size(), NODE_FLAG_VERSION);
            if (err == JET_errRecordTooBig) break;
            ASSERT_EQ(JET_errSuccess, err);
            model.insert(model.begin() + pos, {key, data});
        }
        expect_accounting(page);
        // Replace and delete at random: the free bytes fragment and must be compacted.
        for (int step = 0; step < 2000; step++) {
            uint32_t i = rng() % model.size();
            if (rng() % 3 == 0 && model.size() > 2) {
                ASSERT_EQ(JET_errSuccess, page_delete_node(page.data(), cb_page, i));
                model.erase(model.begin() + i);
            } else {
                bytes data(rng() % 120);
                for (auto &b : data) b = (uint8_t)rng();
                JET_ERR err = page_replace_node(page.data(), cb_page, i, model[i].first.data(), (uint32_t)model[i].first.size(),
                                                data.data(), (uint32_t)data.size(), 0);
                if (err == JET_errRecordTooBig) continue;
                ASSERT_EQ(JET_errSuccess, err);
                model[i].second = data;
            }
            if (step % 100 == 0) expect_accounting(page);
        }
        expect_accounting(page);
        ASSERT_EQ(JET_errSuccess, page_open(page.data(), cb_page, &pv));
        ASSERT_EQ(model.size(), page_line_count(&pv));
        for (uint32_t i = 0; i < model.size(); i++) {
            page_node node;
            ASSERT_EQ(JET_errSuccess, page_get_node(&pv, i, &node));
            EXPECT_EQ(model[i].first, bytes(node.suffix, node.suffix + node.cb_suffix));
            EXPECT_EQ(model[i].second, bytes(node.data, node.data + node.cb_data));
        }
        page_line ext;
        ASSERT_EQ(JET_errSuccess, page_external_header(&pv, &ext));
        EXPECT_EQ(bytes(sph, sph + 16), bytes(ext.pb, ext.pb + ext.cb));
        // Delete everything: an empty page starts over at offset 0.
        ASSERT_EQ(JET_errSuccess, page_set_external_header(page.data(), cb_page, nullptr, 0));
        while (!model.empty()) {
            ASSERT_EQ(JET_errSuccess, page_delete_node(page.data(), cb_page, 0));
            model.erase(model.begin());
        }
        ASSERT_EQ(JET_errSuccess, page_open(page.data(), cb_page, &pv));
        EXPECT_EQ(0u, pv.ib_mic_free);
        EXPECT_EQ(cb_page - pv.cb_header - 4u, pv.cb_free);
    }
}

// Key-prefix compression: on a page that is neither a root nor a space-tree page, a node
// whose key shares more than two bytes with the prefix in tag 0 is written compressed
// (its flags kept: in the tag on small pages, in the node on large ones); others, and
// every node of roots and space-tree pages, are written whole.
TEST(PageEdit, NodesSharingThePagePrefixAreCompressed)
{
    const std::string prefix = "customer-000";
    for (uint32_t cb_page : {4096u, 8192u, 16384u, 32768u}) {
        SCOPED_TRACE(cb_page);
        bytes page(cb_page);
        ASSERT_EQ(JET_errSuccess, page_format(page.data(), cb_page, 7, 9, PAGE_FLAG_LEAF, 1));
        ASSERT_EQ(JET_errSuccess, page_set_external_header(page.data(), cb_page, (const uint8_t *)prefix.data(),
                                                           (uint32_t)prefix.size()));
        page_view pv;
        ASSERT_EQ(JET_errSuccess, page_open(page.data(), cb_page, &pv));
        const std::string k_full = "customer-000123", k_three = "cus", k_two = "cuX", k_exact = "customer-000",
                          k_longer = "customer-0001234567";
        EXPECT_EQ(12u, page_prefix_share(&pv, (const uint8_t *)k_full.data(), 15));
        EXPECT_EQ(3u, page_prefix_share(&pv, (const uint8_t *)k_three.data(), 3));
        EXPECT_EQ(0u, page_prefix_share(&pv, (const uint8_t *)k_two.data(), 3)) << "two shared bytes do not pay";
        EXPECT_EQ(page_node_cb_compressed(3, 5), page_node_cb_on(&pv, (const uint8_t *)k_full.data(), 15, 5));
        EXPECT_EQ(page_node_cb(3, 5), page_node_cb_on(&pv, (const uint8_t *)k_two.data(), 3, 5));

        struct want {
            std::string key;
            uint32_t cb_prefix;
            uint32_t flags;
        };
        std::vector<want> wants = {{k_two, 0, NODE_FLAG_VERSION},
                                   {k_three, 3, NODE_FLAG_DELETED},
                                   {k_exact, 12, 0},
                                   {k_full, 12, NODE_FLAG_DELETED | NODE_FLAG_VERSION},
                                   {k_longer, 12, 0},
                                   {"", 0, 0}};
        uint32_t used = 0;
        for (uint32_t i = 0; i < wants.size(); i++) {
            const want &w = wants[i];
            // NODE_FLAG_COMPRESSED passed in is not trusted: the page decides.
            ASSERT_EQ(JET_errSuccess, page_insert_node(page.data(), cb_page, i, (const uint8_t *)w.key.data(),
                                                       (uint32_t)w.key.size(), (const uint8_t *)"DATA!", 5,
                                                       w.flags | NODE_FLAG_COMPRESSED));
            used += w.cb_prefix != 0 ? page_node_cb_compressed((uint32_t)w.key.size() - w.cb_prefix, 5)
                                     : page_node_cb((uint32_t)w.key.size(), 5);
        }
        expect_accounting(page);
        ASSERT_EQ(JET_errSuccess, page_open(page.data(), cb_page, &pv));
        EXPECT_EQ(cb_page - pv.cb_header - 4u * 7u - (uint32_t)prefix.size() - used, pv.cb_free);
        auto check = [&](const char *when) {
            SCOPED_TRACE(when);
            ASSERT_EQ(JET_errSuccess, page_open(page.data(), cb_page, &pv));
            for (uint32_t i = 0; i < wants.size(); i++) {
                page_node node;
                ASSERT_EQ(JET_errSuccess, page_get_node(&pv, i, &node));
                EXPECT_EQ(wants[i].cb_prefix, node.cb_prefix) << i;
                uint32_t flags = wants[i].flags | (wants[i].cb_prefix != 0 ? NODE_FLAG_COMPRESSED : 0u);
                EXPECT_EQ(flags, node.flags) << i;
                bytes key(node.prefix, node.prefix + node.cb_prefix);
                key.insert(key.end(), node.suffix, node.suffix + node.cb_suffix);
                EXPECT_EQ(bytes(wants[i].key.begin(), wants[i].key.end()), key) << i;
                EXPECT_EQ(0, page_node_compare(&node, key.data(), (uint32_t)key.size()));
                EXPECT_EQ(5u, node.cb_data);
                EXPECT_EQ(0, std::memcmp(node.data, "DATA!", 5));
            }
        };
        check("inserted");
        // Replacing compresses the same way; compaction moves tag 0 and keeps the nodes.
        for (int round = 0; round < 50; round++) {
            for (uint32_t i = 0; i < wants.size(); i++) {
                bytes data(round % 2 == 0 ? 200 + i : 5, 'z');
                if (round % 2 != 0) std::memcpy(data.data(), "DATA!", 5);
                ASSERT_EQ(JET_errSuccess, page_replace_node(page.data(), cb_page, i, (const uint8_t *)wants[i].key.data(),
                                                            (uint32_t)wants[i].key.size(), data.data(),
                                                            (uint32_t)data.size(), wants[i].flags));
            }
        }
        expect_accounting(page);
        check("replaced");
        ASSERT_EQ(JET_errSuccess, page_reorganize(page.data(), cb_page));
        check("reorganized");

        // Roots (tag 0 is the space header) and space-tree pages never compress.
        for (uint32_t flags : {PAGE_FLAG_ROOT | PAGE_FLAG_LEAF, PAGE_FLAG_SPACE_TREE | PAGE_FLAG_LEAF}) {
            bytes other(cb_page);
            ASSERT_EQ(JET_errSuccess, page_format(other.data(), cb_page, 8, 9, flags, 1));
            ASSERT_EQ(JET_errSuccess, page_set_external_header(other.data(), cb_page, (const uint8_t *)prefix.data(),
                                                               (uint32_t)prefix.size()));
            ASSERT_EQ(JET_errSuccess, page_insert_node(other.data(), cb_page, 0, (const uint8_t *)k_full.data(), 15,
                                                       nullptr, 0, 0));
            ASSERT_EQ(JET_errSuccess, page_open(other.data(), cb_page, &pv));
            page_node node;
            ASSERT_EQ(JET_errSuccess, page_get_node(&pv, 0, &node));
            EXPECT_EQ(0u, node.cb_prefix);
            EXPECT_EQ(0u, node.flags);
            EXPECT_EQ(15u, node.cb_suffix);
            EXPECT_EQ(0u, page_prefix_share(&pv, (const uint8_t *)k_full.data(), 15));
        }
    }
}

// A node that fits only compressed is taken; the same node on a page without the prefix
// is refused.
TEST(PageEdit, CompressionDecidesWhetherANodeFits)
{
    const uint32_t cb_page = 4096;
    bytes key(100, 'k');
    bytes page(cb_page);
    ASSERT_EQ(JET_errSuccess, page_format(page.data(), cb_page, 7, 9, PAGE_FLAG_LEAF, 1));
    ASSERT_EQ(JET_errSuccess, page_set_external_header(page.data(), cb_page, key.data(), 90));
    page_view pv;
    ASSERT_EQ(JET_errSuccess, page_open(page.data(), cb_page, &pv));
    // Leave room for a node of 4 + 10 + data bytes and its tag, but not 2 + 100 + data.
    uint32_t cb_data = pv.cb_free - 4u - page_node_cb_compressed(10, 0);
    bytes data(cb_data, 'd');
    bytes plain(cb_page);
    ASSERT_EQ(JET_errSuccess, page_format(plain.data(), cb_page, 7, 9, PAGE_FLAG_LEAF, 1));
    bytes filler(90, 'x');
    ASSERT_EQ(JET_errSuccess, page_set_external_header(plain.data(), cb_page, filler.data(), 90));
    bytes before = plain;
    EXPECT_EQ(JET_errRecordTooBig, page_insert_node(plain.data(), cb_page, 0, key.data(), 100, data.data(), cb_data, 0));
    EXPECT_EQ(before, plain);
    ASSERT_EQ(JET_errSuccess, page_insert_node(page.data(), cb_page, 0, key.data(), 100, data.data(), cb_data, 0));
    ASSERT_EQ(JET_errSuccess, page_open(page.data(), cb_page, &pv));
    EXPECT_EQ(0u, pv.cb_free);
    page_node node;
    ASSERT_EQ(JET_errSuccess, page_get_node(&pv, 0, &node));
    EXPECT_EQ(90u, node.cb_prefix);
    EXPECT_EQ(10u, node.cb_suffix);
    expect_accounting(page);
}

TEST(PageEdit, RefusesWhatDoesNotFitAndBadArguments)
{
    bytes page(4096);
    ASSERT_EQ(JET_errSuccess, page_format(page.data(), 4096, 5, 1, PAGE_FLAG_LEAF, 1));
    bytes big(4096);
    bytes before = page;
    EXPECT_EQ(JET_errRecordTooBig, page_insert_node(page.data(), 4096, 0, big.data(), 10, big.data(), 4050, 0));
    EXPECT_EQ(before, page);
    EXPECT_EQ(JET_errInvalidParameter, page_insert_node(page.data(), 4096, 1, big.data(), 1, nullptr, 0, 0));
    EXPECT_EQ(JET_errInvalidParameter, page_delete_node(page.data(), 4096, 0));
    EXPECT_EQ(JET_errInvalidParameter, page_format(page.data(), 1000, 5, 1, 0, 1));
    // A page whose tag count runs past the tag array is refused, not written through.
    bytes bad = page;
    byte_order_put_le16(bad.data() + 34, 0xfff);
    EXPECT_EQ(JET_errPageTagCorrupted, page_insert_node(bad.data(), 4096, 0, big.data(), 1, nullptr, 0, 0));
}

}  // namespace
