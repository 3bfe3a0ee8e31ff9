// The log's encodings (native/format/log_record.c): the CRC-32C every record carries, and
// LOG_PAGE_DELTA's runs that turn one image of a page into the next, with their checks
// when applied.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "byte_order.h"
#include "log_record.h"

namespace {

constexpr uint32_t kPage = 8192;

// The standard check value of CRC-32C, and agreement with a bit-at-a-time reference on
// every length and alignment (the sliced loop and its byte tail).
TEST(LogCrc, MatchesTheCastagnoliReference)
{
    EXPECT_EQ(0xE3069283u, log_record_crc32c(0, "123456789", 9));
    auto reference = [](const uint8_t *p, size_t cb) {
        uint32_t crc = ~0u;
        while (cb--) {
            crc ^= *p++;
            for (int k = 0; k < 8; k++) crc = (crc & 1u) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    };
    std::mt19937 rng(3);
    std::vector<uint8_t> data(100);
    for (auto &b : data) b = static_cast<uint8_t>(rng());
    for (size_t at = 0; at < 8; at++)
        for (size_t cb = 0; cb + at <= data.size(); cb++)
            ASSERT_EQ(reference(data.data() + at, cb), log_record_crc32c(0, data.data() + at, cb)) << at << " " << cb;
    // a CRC continued over two pieces is the CRC of the whole
    uint32_t part = log_record_crc32c(0, data.data(), 37);
    EXPECT_EQ(log_record_crc32c(0, data.data(), 100), log_record_crc32c(part, data.data() + 37, 63));
}

TEST(LogDelta, RoundTripsChangesOfEverySize)
{
    std::mt19937 rng(7);
    for (int trial = 0; trial < 200; trial++) {
        std::vector<uint8_t> before(kPage), after;
        for (auto &b : before) b = static_cast<uint8_t>(rng());
        after = before;
        int changes = static_cast<int>(rng() % 20u);
        for (int k = 0; k < changes; k++) {
            uint32_t at = rng() % kPage, len = 1u + rng() % 64u;
            for (uint32_t i = at; i < at + len && i < kPage; i++) after[i] = static_cast<uint8_t>(rng());
        }
        std::vector<uint8_t> delta(kPage / 2u), page = before;
        uint32_t cb = log_record_delta(delta.data(), before.data(), after.data(), kPage, kPage / 2u);
        if (before == after) {
            EXPECT_EQ(0u, cb);
            continue;
        }
        ASSERT_GT(cb, 0u) << trial;
        ASSERT_TRUE(log_record_apply_delta(page.data(), kPage, delta.data(), cb)) << trial;
        EXPECT_EQ(after, page) << trial;
    }
}

TEST(LogDelta, ALargeChangeIsNotWorthADelta)
{
    std::vector<uint8_t> before(kPage, 0), after(kPage, 1);
    std::vector<uint8_t> delta(kPage / 2u);
    EXPECT_EQ(0u, log_record_delta(delta.data(), before.data(), after.data(), kPage, kPage / 2u));
    after.assign(kPage, 0);
    after[0] = 1;
    after[kPage - 1] = 1; // two one-byte runs, at both ends of the page
    uint32_t cb = log_record_delta(delta.data(), before.data(), after.data(), kPage, kPage / 2u);
    EXPECT_EQ(2u * (4u + 1u), cb);
    EXPECT_EQ(0u, log_record_delta(delta.data(), before.data(), after.data(), kPage, cb - 1u));
}

TEST(LogDelta, AMalformedDeltaChangesNothing)
{
    std::vector<uint8_t> page(kPage, 0x5a), orig = page;
    uint8_t run[4 + 8];
    memset(run + 4, 1, 8);
    // past the end of the page
    byte_order_put_le16(run, static_cast<uint16_t>(kPage - 4u));
    byte_order_put_le16(run + 2, 8);
    EXPECT_FALSE(log_record_apply_delta(page.data(), kPage, run, sizeof run));
    // longer than the bytes that follow
    byte_order_put_le16(run, 0);
    byte_order_put_le16(run + 2, 9);
    EXPECT_FALSE(log_record_apply_delta(page.data(), kPage, run, sizeof run));
    // an empty run, and a header cut short (a valid first run before it)
    uint8_t two[4 + 8 + 4];
    byte_order_put_le16(two, 0);
    byte_order_put_le16(two + 2, 8);
    memset(two + 4, 1, 8);
    byte_order_put_le16(two + 12, 100);
    byte_order_put_le16(two + 14, 0);
    EXPECT_FALSE(log_record_apply_delta(page.data(), kPage, two, sizeof two));
    EXPECT_FALSE(log_record_apply_delta(page.data(), kPage, two, sizeof two - 2u));
    EXPECT_EQ(orig, page);
    // the first run alone is fine
    EXPECT_TRUE(log_record_apply_delta(page.data(), kPage, two, 12));
    EXPECT_EQ(1, page[0]);
}

}  // namespace
