// page_checksum_test.cc: page checksums in every format: every page of every sample
// verifies, the writer's function reproduces what Windows stored, synthetic pages of
// every size match values computed independently with edbcheck.py, and damage is caught
// (and single-bit damage located and corrected, as ESE's ECC does).
#include <gtest/gtest.h>

#include <cstring>

#include "format_testdata.h"

namespace {

// The same generator as the Python script that produced the expected values below.
std::vector<uint8_t> synthetic_page(uint32_t cb, uint32_t pgno, bool new_format)
{
    std::vector<uint8_t> p(cb);
    uint32_t x = 0x12345678u + pgno;
    for (uint32_t i = 0; i < cb; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = static_cast<uint8_t>(x >> 24);
    }
    byte_order_put_le32(&p[36], new_format ? 0x2802u : 0x0802u);
    if (cb > 8192) {
        byte_order_put_le32(&p[64], pgno);
        std::memset(&p[68], 0, 12);
    }
    if (!new_format) byte_order_put_le32(&p[4], pgno);
    return p;
}

void flip(std::vector<uint8_t> &p, uint32_t bit)
{
    p[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
}

TEST(PageChecksum, EveryPageOfEverySampleVerifies)
{
    for (size_t s = 0; s < k_sample_count; s++) {
        const sample_db &db = k_samples[s];
        SCOPED_TRACE(db.name);
        const std::vector<uint8_t> data = read_file(sample_path(db.name));
        ASSERT_EQ(db.cb_file, data.size());
        const uint32_t pages = static_cast<uint32_t>(data.size() / db.cb_page) - 2;
        uint32_t verified = 0, blank = 0;
        for (uint32_t pgno = 1; pgno <= pages; pgno++) {
            const uint8_t *page = &data[static_cast<size_t>(pgno + 1) * db.cb_page];
            page_verify_info info;
            const JET_ERR err = page_checksum_verify(page, db.cb_page, pgno, &info);
            if (err == JET_errPageNotInitialized) {
                blank++;
                continue;
            }
            EXPECT_EQ(JET_errSuccess, err) << "pgno " << pgno;
            EXPECT_TRUE(info.new_format) << "pgno " << pgno;
            if (err == JET_errSuccess) verified++;
        }
        EXPECT_EQ(db.checksummed, verified);
        EXPECT_EQ(pages - db.checksummed, blank);
    }
}

TEST(PageChecksum, WriterReproducesWhatWindowsStored)
{
    for (size_t s = 0; s < k_sample_count; s++) {
        const sample_db &db = k_samples[s];
        SCOPED_TRACE(db.name);
        const std::vector<uint8_t> data = read_file(sample_path(db.name));
        ASSERT_EQ(db.cb_file, data.size());
        const uint32_t pages = static_cast<uint32_t>(data.size() / db.cb_page) - 2;
        for (uint32_t pgno = 1; pgno <= pages; pgno++) {
            const uint8_t *orig = &data[static_cast<size_t>(pgno + 1) * db.cb_page];
            if (page_checksum_is_blank(orig, db.cb_page)) continue;
            std::vector<uint8_t> page(orig, orig + db.cb_page);
            std::memset(page.data(), 0, 8); // forget the stored checksum
            page_checksum_set(page.data(), db.cb_page, pgno);
            EXPECT_EQ(0, std::memcmp(page.data(), orig, db.cb_page)) << "pgno " << pgno;
        }
    }
}

TEST(PageChecksum, WrongPageNumberFails)
{
    const std::vector<uint8_t> data = read_file(sample_path("basic.edb"));
    ASSERT_EQ(1048576u, data.size());
    const uint8_t *page = &data[2 * 4096]; // pgno 1
    EXPECT_EQ(JET_errSuccess, page_checksum_verify(page, 4096, 1, nullptr));
    EXPECT_EQ(JET_errReadVerifyFailure, page_checksum_verify(page, 4096, 2, nullptr));
}

struct synthetic_case {
    uint32_t cb, pgno;
    uint64_t expected[4];
};

// Computed with edbcheck.py's ecc_new over the same synthetic pages, blocks 1..3 stored
// before block 0 as the large-page format requires.
const synthetic_case k_synthetic[] = {
    {2048, 11, {0x5e3fa1958709edull, 0, 0, 0}},
    {4096, 3, {0x3cf1430e7c04d1bfull, 0, 0, 0}},
    {8192, 5, {0x95a295a2e6d39d9bull, 0, 0, 0}},
    {16384, 7, {0x71570ea8b46980feull, 0x262e59d1ae9f8528ull, 0x553e2ac1ffd77899ull, 0x15af15af401f034cull}},
    {32768, 9, {0x0e69f19663ba93f3ull, 0x64556455937559cdull, 0xb43c4bc304260e2dull, 0x84ba84baf714befbull}},
};

TEST(PageChecksum, SyntheticPagesOfEverySizeMatchAnIndependentImplementation)
{
    for (const synthetic_case &c : k_synthetic) {
        SCOPED_TRACE(c.cb);
        std::vector<uint8_t> page = synthetic_page(c.cb, c.pgno, true);
        page_checksum_set(page.data(), c.cb, c.pgno);
        page_checksum stored;
        page_checksum_stored(page.data(), c.cb, &stored);
        for (int i = 0; i < 4; i++) EXPECT_EQ(c.expected[i], stored.block[i]) << "block " << i;
        EXPECT_EQ(JET_errSuccess, page_checksum_verify(page.data(), c.cb, c.pgno, nullptr));
    }
}

TEST(PageChecksum, OldXorFormat)
{
    // edbcheck.py: xor_old over the synthetic 4 KiB page 3 and 32 KiB page 9 (the latter
    // with its three extra checksum slots zero: an old-format page has no use for them).
    const struct { uint32_t cb, pgno, xor_expected; } cases[] = {{4096, 3, 0xf5af3c50u}, {32768, 9, 0xbec2d539u}};
    for (const auto &c : cases) {
        SCOPED_TRACE(c.cb);
        std::vector<uint8_t> page = synthetic_page(c.cb, c.pgno, false);
        if (c.cb > 8192) std::memset(&page[40], 0, 24);
        EXPECT_EQ(c.xor_expected, page_checksum_xor(page.data(), c.cb));
        byte_order_put_le32(&page[0], c.xor_expected);
        EXPECT_FALSE(page_checksum_is_new(page.data()));
        EXPECT_EQ(JET_errSuccess, page_checksum_verify(page.data(), c.cb, c.pgno, nullptr));
        // The page number is part of the old checksum too.
        EXPECT_EQ(JET_errReadVerifyFailure, page_checksum_verify(page.data(), c.cb, c.pgno + 1, nullptr));
        page_verify_info info;
        flip(page, 8 * 100 + 3);
        EXPECT_EQ(JET_errReadVerifyFailure, page_checksum_verify(page.data(), c.cb, c.pgno, &info));
        EXPECT_FALSE(info.correctable); // XOR alone cannot locate a bit
    }
    // A large page in the old format with something in the extra slots does not verify:
    // ESE compares all four stored values.
    std::vector<uint8_t> page = synthetic_page(32768, 9, false);
    byte_order_put_le32(&page[0], page_checksum_xor(page.data(), 32768));
    EXPECT_EQ(JET_errReadVerifyFailure, page_checksum_verify(page.data(), 32768, 9, nullptr));
}

TEST(PageChecksum, BlankPageIsNotInitialized)
{
    for (uint32_t cb = 2048; cb <= 32768; cb *= 2) {
        std::vector<uint8_t> page(cb, 0);
        EXPECT_EQ(JET_errPageNotInitialized, page_checksum_verify(page.data(), cb, 1, nullptr));
        page[cb - 1] = 1;
        EXPECT_EQ(JET_errReadVerifyFailure, page_checksum_verify(page.data(), cb, 1, nullptr));
    }
}

TEST(PageChecksum, LargePageWithAnotherPageNumber)
{
    for (uint32_t cb : {16384u, 32768u}) {
        std::vector<uint8_t> page = synthetic_page(cb, 7, true);
        byte_order_put_le32(&page[64], 8); // the page says it is page 8
        page_checksum_set(page.data(), cb, 7);
        EXPECT_EQ(JET_errReadPgnoVerifyFailure, page_checksum_verify(page.data(), cb, 7, nullptr));
    }
}

// Every sampled single-bit flip is caught; the ECC locates it unless it hits the stored
// checksum itself or the format flag, and the correction restores the page exactly.
void check_single_bit_flips(const std::vector<uint8_t> &good, uint32_t cb, uint32_t pgno, uint32_t stride)
{
    const uint32_t flag_bit = 36 * 8 + 13;
    for (uint32_t bit = 0; bit < 8 * cb; bit += stride) {
        std::vector<uint8_t> page = good;
        flip(page, bit);
        page_verify_info info;
        ASSERT_EQ(JET_errReadVerifyFailure, page_checksum_verify(page.data(), cb, pgno, &info)) << "bit " << bit;
        if (bit < 64 || bit == flag_bit) {
            EXPECT_FALSE(info.correctable) << "bit " << bit;
            EXPECT_EQ(JET_errReadVerifyFailure, page_checksum_correct(page.data(), cb, pgno, &info));
            continue;
        }
        ASSERT_TRUE(info.correctable) << "bit " << bit;
        EXPECT_EQ(static_cast<int32_t>(bit), info.bit_corrupted);
        EXPECT_EQ(JET_errSuccess, page_checksum_correct(page.data(), cb, pgno, &info)) << "bit " << bit;
        EXPECT_TRUE(page == good) << "bit " << bit;
    }
}

TEST(PageChecksum, SingleBitFlipsInSamplePages)
{
    for (const char *name : {"basic.edb", "decompress_test.edb"}) {
        SCOPED_TRACE(name);
        const std::vector<uint8_t> data = read_file(sample_path(name));
        ASSERT_FALSE(data.empty());
        const uint32_t cb = byte_order_get_le32(&data[236]);
        const std::vector<uint8_t> page(data.begin() + 2 * cb, data.begin() + 3 * cb); // pgno 1
        check_single_bit_flips(page, cb, 1, 37);
    }
}

TEST(PageChecksum, SingleBitFlipsInLargePages)
{
    for (uint32_t cb : {16384u, 32768u}) {
        SCOPED_TRACE(cb);
        std::vector<uint8_t> page = synthetic_page(cb, 7, true);
        page_checksum_set(page.data(), cb, 7);
        check_single_bit_flips(page, cb, 7, 151);
        // The block checksums kept in the header (bytes 40..63) are covered by block 0.
        for (uint32_t bit = 40 * 8; bit < 64 * 8; bit += 5) {
            std::vector<uint8_t> bad = page;
            flip(bad, bit);
            page_verify_info info;
            ASSERT_EQ(JET_errReadVerifyFailure, page_checksum_verify(bad.data(), cb, 7, &info));
            ASSERT_TRUE(info.correctable) << "bit " << bit;
            EXPECT_EQ(JET_errSuccess, page_checksum_correct(bad.data(), cb, 7, &info));
            EXPECT_TRUE(bad == page);
        }
    }
}

TEST(PageChecksum, TwoFlippedBits)
{
    // In one block: detected, not correctable.
    std::vector<uint8_t> page = synthetic_page(8192, 5, true);
    page_checksum_set(page.data(), 8192, 5);
    std::vector<uint8_t> bad = page;
    flip(bad, 1000);
    flip(bad, 50000);
    page_verify_info info;
    EXPECT_EQ(JET_errReadVerifyFailure, page_checksum_verify(bad.data(), 8192, 5, &info));
    EXPECT_FALSE(info.correctable);

    // In two blocks of a large page: each block corrects its own bit, as ESE does.
    std::vector<uint8_t> big = synthetic_page(32768, 9, true);
    page_checksum_set(big.data(), 32768, 9);
    bad = big;
    flip(bad, 8 * 9000 + 1);   // block 1
    flip(bad, 8 * 30000 + 6);  // block 3
    EXPECT_EQ(JET_errReadVerifyFailure, page_checksum_verify(bad.data(), 32768, 9, &info));
    ASSERT_TRUE(info.correctable);
    EXPECT_EQ(8 * 9000 + 1, info.bit_corrupted);
    EXPECT_EQ(JET_errSuccess, page_checksum_correct(bad.data(), 32768, 9, &info));
    EXPECT_TRUE(bad == big);
}

TEST(PageChecksum, SizesAndBlocks)
{
    EXPECT_FALSE(page_size_valid(1024));
    EXPECT_FALSE(page_size_valid(12288));
    EXPECT_TRUE(page_size_valid(2048));
    EXPECT_TRUE(page_size_valid(32768));
    EXPECT_EQ(8192u, page_checksum_block_size(8192));
    EXPECT_EQ(4096u, page_checksum_block_size(16384));
    EXPECT_EQ(8192u, page_checksum_block_size(32768));
    EXPECT_FALSE(page_is_large(8192));
    EXPECT_TRUE(page_is_large(16384));
}

} // namespace
