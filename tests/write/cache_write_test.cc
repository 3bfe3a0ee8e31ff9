// The buffer cache's write side: dirty pages reach the file with a checksum that
// verifies, a page pinned elsewhere is copied rather than changed under its reader, new
// pages need no read, eviction writes dirty pages back, discard forgets them.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "cache.h"
#include "page_checksum.h"
}

namespace {

constexpr uint32_t kPage = 8192;

class CacheWrite : public ::testing::Test {
protected:
    void SetUp() override
    {
        char path[1024];
        ASSERT_EQ(COMPAT_OK, compat_temp_file(nullptr, path, sizeof path, &file_));
        path_ = path;
    }
    void TearDown() override
    {
        if (c_ != nullptr) {
            cache_detach_file(c_, ifile_);
            cache_destroy(c_);
        }
        if (file_ != nullptr) compat_file_close(file_);
        compat_path_delete(path_.c_str());
    }
    void Open(uint32_t pages)
    {
        ASSERT_EQ(JET_errSuccess, cache_create(kPage, pages, &c_));
        ASSERT_EQ(JET_errSuccess, cache_attach_file(c_, file_, &ifile_));
    }
    // Writes a new page whose body is filled with `fill`.
    void NewPage(uint32_t pgno, uint8_t fill)
    {
        cache_page pg;
        uint8_t *data = nullptr;
        ASSERT_EQ(JET_errSuccess, cache_new_page(c_, ifile_, pgno, &pg, &data));
        for (uint32_t i = 0; i < kPage; i++) EXPECT_EQ(0, data[i]);
        std::memset(data + 40, fill, kPage - 40);
        cache_release(c_, &pg);
    }
    std::vector<uint8_t> ReadFilePage(uint32_t pgno)
    {
        std::vector<uint8_t> buf(kPage);
        size_t done = 0;
        EXPECT_EQ(COMPAT_OK, compat_file_read_at(file_, buf.data(), kPage, (uint64_t)(pgno + 1) * kPage, &done));
        EXPECT_EQ(kPage, done);
        return buf;
    }

    compat_file *file_ = nullptr;
    std::string path_;
    cache *c_ = nullptr;
    uint32_t ifile_ = 0;
};

TEST_F(CacheWrite, NewPagesReachTheFileWithValidChecksums)
{
    Open(16);
    for (uint32_t pgno = 1; pgno <= 5; pgno++) NewPage(pgno, (uint8_t)(0x10 + pgno));
    cache_stats st;
    cache_get_stats(c_, &st);
    EXPECT_EQ(5u, st.frames_dirty);
    ASSERT_EQ(JET_errSuccess, cache_flush(c_, ifile_));
    cache_get_stats(c_, &st);
    EXPECT_EQ(0u, st.frames_dirty);
    EXPECT_EQ(5u, st.writes);
    for (uint32_t pgno = 1; pgno <= 5; pgno++) {
        std::vector<uint8_t> p = ReadFilePage(pgno);
        EXPECT_EQ(JET_errSuccess, page_checksum_verify(p.data(), kPage, pgno, nullptr)) << pgno;
        EXPECT_EQ(0x10 + pgno, p[100]);
    }
    // A second flush has nothing to write.
    ASSERT_EQ(JET_errSuccess, cache_flush(c_, ifile_));
    cache_get_stats(c_, &st);
    EXPECT_EQ(5u, st.writes);
}

TEST_F(CacheWrite, WritingAPagePinnedElsewhereCopiesIt)
{
    Open(16);
    NewPage(3, 0xaa);
    cache_page reader, writer;
    ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, 3, &reader));
    ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, 3, &writer));
    uint8_t *data = nullptr;
    ASSERT_EQ(JET_errSuccess, cache_write(c_, &writer, &data));
    EXPECT_NE(reader.data, writer.data);
    EXPECT_EQ(data, writer.data);
    data[100] = 0xbb;
    EXPECT_EQ(0xaa, reader.data[100]);      // the reader's bytes did not change
    EXPECT_TRUE(cache_page_stale(&reader));
    EXPECT_FALSE(cache_page_stale(&writer));
    cache_release(c_, &writer);
    // A new reader sees the new version.
    cache_page again;
    ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, 3, &again));
    EXPECT_EQ(0xbb, again.data[100]);
    cache_release(c_, &again);
    // Writing through a stale pin is refused.
    EXPECT_EQ(JET_errInvalidParameter, cache_write(c_, &reader, &data));
    cache_release(c_, &reader);
    cache_stats st;
    cache_get_stats(c_, &st);
    EXPECT_EQ(1u, st.copies);
    EXPECT_EQ(0u, st.frames_pinned);
    ASSERT_EQ(JET_errSuccess, cache_flush(c_, ifile_));
    EXPECT_EQ(0xbb, ReadFilePage(3)[100]);
}

TEST_F(CacheWrite, AnUnsharedPinIsWrittenInPlace)
{
    Open(16);
    NewPage(2, 0x01);
    ASSERT_EQ(JET_errSuccess, cache_flush(c_, ifile_));
    cache_page pg;
    ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, 2, &pg));
    const uint8_t *before = pg.data;
    uint8_t *data = nullptr;
    ASSERT_EQ(JET_errSuccess, cache_write(c_, &pg, &data));
    EXPECT_EQ(before, data);
    data[200] = 0x02;
    cache_release(c_, &pg);
    cache_stats st;
    cache_get_stats(c_, &st);
    EXPECT_EQ(0u, st.copies);
    EXPECT_EQ(1u, st.frames_dirty);
}

TEST_F(CacheWrite, EvictionWritesDirtyPagesBack)
{
    Open(4);
    for (uint32_t pgno = 1; pgno <= 12; pgno++) NewPage(pgno, (uint8_t)pgno);
    // Only 4 frames: the first pages were written when their frames were reused.
    for (uint32_t pgno = 1; pgno <= 12; pgno++) {
        cache_page pg;
        ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, pgno, &pg)) << pgno;
        EXPECT_EQ(pgno, pg.data[500]);
        cache_release(c_, &pg);
    }
    cache_stats st;
    cache_get_stats(c_, &st);
    EXPECT_LE(st.frames_allocated, 4u);
    EXPECT_GE(st.writes, 8u);
}

TEST_F(CacheWrite, EveryFramePinnedGivesOutOfBuffersAndChangesNothing)
{
    Open(4);
    cache_page pins[4];
    uint8_t *data = nullptr;
    for (uint32_t i = 0; i < 4; i++) ASSERT_EQ(JET_errSuccess, cache_new_page(c_, ifile_, i + 1, &pins[i], &data));
    cache_page extra;
    EXPECT_EQ(JET_errOutOfBuffers, cache_new_page(c_, ifile_, 9, &extra, &data));
    EXPECT_EQ(nullptr, extra.data);
    cache_page second;
    ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, 1, &second));
    EXPECT_EQ(JET_errOutOfBuffers, cache_write(c_, &second, &data)); // a copy needs a frame
    EXPECT_EQ(pins[0].data, second.data);
    cache_release(c_, &second);
    for (auto &p : pins) cache_release(c_, &p);
}

TEST_F(CacheWrite, DiscardForgetsDirtyPages)
{
    Open(16);
    NewPage(1, 0x33);
    cache_discard(c_, ifile_);
    cache_stats st;
    cache_get_stats(c_, &st);
    EXPECT_EQ(0u, st.frames_dirty);
    ASSERT_EQ(JET_errSuccess, cache_flush(c_, ifile_));
    uint64_t size = 0;
    ASSERT_EQ(COMPAT_OK, compat_file_size(file_, &size));
    EXPECT_EQ(0u, size);
}

TEST_F(CacheWrite, FailedWriteKeepsThePageDirty)
{
    Open(16);
    NewPage(1, 0x44);
    compat_fault_arm(COMPAT_FAULT_WRITE, 1);
    EXPECT_EQ(JET_errDiskIO, cache_flush(c_, ifile_));
    compat_fault_disarm_all();
    cache_stats st;
    cache_get_stats(c_, &st);
    EXPECT_EQ(1u, st.frames_dirty);
    ASSERT_EQ(JET_errSuccess, cache_flush(c_, ifile_));
    EXPECT_EQ(0x44, ReadFilePage(1)[300]);
}

} // namespace
