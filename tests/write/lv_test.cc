// lv_test.cc: separated long values (native/record/lv.c) written into an LV tree of a new
// database and read back with record.c's reader; a prepared record whose long value is
// too large to stay in it sends the value to the tree.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "btree.h"
#include "cache.h"
#include "lv.h"
#include "record.h"
#include "record_build.h"
#include "space.h"
}

namespace {

struct lv_fixture : ::testing::Test {
    compat_file *file = nullptr;
    cache *c = nullptr;
    uint32_t ifile = 0;
    space_db s;
    btree_tree tree{};
    btree_cursor rd;
    std::string path;

    void SetUp() override
    {
        const char *dir = std::getenv("TMPDIR");
        path = std::string(dir != nullptr && dir[0] != '\0' ? dir : "/tmp") + "/lv_test_" +
               std::to_string(static_cast<long long>(compat_clock_monotonic_ns())) + ".edb";
        ASSERT_EQ(compat_file_open(path.c_str(),
                                   COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE, &file),
                  COMPAT_OK);
        ASSERT_EQ(cache_create(4096, 256, &c), JET_errSuccess);
        ASSERT_EQ(cache_attach_file(c, file, &ifile), JET_errSuccess);
        memset(&s, 0, sizeof s);
        s.c = c;
        s.ifile = ifile;
        s.cb_page = 4096;
        ASSERT_EQ(space_create_database(&s, 64), JET_errSuccess);
        uint32_t pgno = 0;
        ASSERT_EQ(space_create_object(&s, 1, 9, 3, PAGE_FLAG_LONG_VALUE, 0, &pgno), JET_errSuccess);
        tree.db = &s;
        tree.pgno_root = pgno;
        tree.objid = 9;
        tree.page_flags = PAGE_FLAG_LONG_VALUE;
        memset(&rd, 0, sizeof rd);
        ASSERT_EQ(btree_open(&rd, c, ifile, pgno), JET_errSuccess);
    }
    void TearDown() override
    {
        btree_close(&rd);
        if (c != nullptr) {
            cache_discard(c, ifile);
            cache_detach_file(c, ifile);
            cache_destroy(c);
        }
        if (file != nullptr) compat_file_close(file);
        compat_path_delete(path.c_str());
    }
    std::string read(const uint8_t *lid)
    {
        uint32_t size = 0;
        EXPECT_EQ(record_lv_read(&rd, lid, 4, 0, nullptr, 0, &size, nullptr), JET_errSuccess);
        std::string out(size, '\0');
        uint32_t got = 0;
        EXPECT_EQ(record_lv_read(&rd, lid, 4, 0, reinterpret_cast<uint8_t *>(&out[0]), size, &got, nullptr),
                  JET_errSuccess);
        EXPECT_EQ(got, size);
        return out;
    }
};

std::string pattern(size_t n, unsigned seed)
{
    std::string s(n, '\0');
    for (size_t i = 0; i < n; i++) s[i] = static_cast<char>((i * 31u + seed) & 0xff);
    return s;
}

const uint8_t *bytes(const std::string &s)
{
    return reinterpret_cast<const uint8_t *>(s.data());
}

TEST(LongValues, ChunkSizeIsEses)
{
    EXPECT_EQ(lv_chunk_size(4096), 4014u);
    EXPECT_EQ(lv_chunk_size(8192), 8110u);
    EXPECT_EQ(lv_chunk_size(16384), 4050u);
    EXPECT_EQ(lv_chunk_size(32768), 8150u);
}

TEST_F(lv_fixture, CreateNumbersFromTheLastLidAndReadsBack)
{
    std::string a = pattern(10, 1), b = pattern(5000, 2), d = pattern(20000, 3);
    uint8_t la[4], lb[4], ld[4];
    ASSERT_EQ(lv_create(&tree, &rd, bytes(a), 10, false, la), JET_errSuccess);
    ASSERT_EQ(lv_create(&tree, &rd, bytes(b), 5000, false, lb), JET_errSuccess);
    ASSERT_EQ(lv_create(&tree, &rd, bytes(d), 20000, false, ld), JET_errSuccess);
    EXPECT_EQ(byte_order_get_le32(la), 1u);
    EXPECT_EQ(byte_order_get_le32(lb), 2u);
    EXPECT_EQ(byte_order_get_le32(ld), 3u);
    EXPECT_EQ(read(la), a);
    EXPECT_EQ(read(lb), b);
    EXPECT_EQ(read(ld), d);
    uint32_t refs = 0, size = 0;
    ASSERT_EQ(lv_root(&rd, ld, 4, &refs, &size), JET_errSuccess);
    EXPECT_EQ(refs, 1u);
    EXPECT_EQ(size, 20000u);
    record_lv_stats st;
    ASSERT_EQ(record_lv_stat(&rd, ld, 4, &st), JET_errSuccess);
    EXPECT_EQ(st.cb_physical, 20000u);
    EXPECT_GE(st.cchunks, 5u);
}

// Chunks are written at ESE's size, one a page as Windows lays them out (4014 bytes on
// 4 KiB pages), also when a value is rewritten in the middle of the tree.
TEST_F(lv_fixture, ChunksAreEsesSizeOneAPage)
{
    std::string a = pattern(10000, 5), b = pattern(9000, 6), c = pattern(4014, 7);
    uint8_t la[4], lb[4], lc[4];
    ASSERT_EQ(lv_create(&tree, &rd, bytes(a), 10000, false, la), JET_errSuccess);
    ASSERT_EQ(lv_create(&tree, &rd, bytes(b), 9000, false, lb), JET_errSuccess);
    ASSERT_EQ(lv_create(&tree, &rd, bytes(c), 4014, false, lc), JET_errSuccess);
    std::string a2 = pattern(12100, 8);
    ASSERT_EQ(lv_replace(&tree, &rd, la, 4, bytes(a2), 12100), JET_errSuccess);
    EXPECT_EQ(read(la), a2);
    EXPECT_EQ(read(lb), b);
    EXPECT_EQ(read(lc), c);
    // Walk the tree: the chunks of each value are 4014 bytes but the last, and no leaf
    // holds two of them.
    std::vector<uint32_t> sizes;
    uint32_t pgno_prev = 0, chunks_on_page = 0, max_on_page = 0;
    JET_ERR err = btree_move_first(&rd);
    while (err >= 0) {
        if (rd.cb_key == 8) {
            sizes.push_back(rd.cb_data);
            uint32_t pgno = rd.page.pgno;
            chunks_on_page = pgno == pgno_prev ? chunks_on_page + 1 : 1;
            pgno_prev = pgno;
            if (chunks_on_page > max_on_page) max_on_page = chunks_on_page;
        }
        err = btree_move_next(&rd);
    }
    EXPECT_EQ(err, JET_errNoCurrentRecord);
    std::vector<uint32_t> want = {4014, 4014, 4014, 58, 4014, 4014, 972, 4014};
    EXPECT_EQ(sizes, want);
    EXPECT_EQ(max_on_page, 1u);
}

TEST_F(lv_fixture, ChangesInPlace)
{
    std::string v = pattern(9000, 4);
    uint8_t lid[4];
    ASSERT_EQ(lv_create(&tree, &rd, bytes(v), (uint32_t)v.size(), false, lid), JET_errSuccess);
    std::string more = pattern(3000, 5);
    ASSERT_EQ(lv_append(&tree, &rd, lid, 4, bytes(more), (uint32_t)more.size()), JET_errSuccess);
    v += more;
    EXPECT_EQ(read(lid), v);
    ASSERT_EQ(lv_overwrite(&tree, &rd, lid, 4, 100, bytes(std::string("XYZ")), 3, false), JET_errSuccess);
    v.replace(100, 3, "XYZ");
    EXPECT_EQ(read(lid), v);
    EXPECT_EQ(lv_overwrite(&tree, &rd, lid, 4, (uint32_t)v.size() + 1, bytes(std::string("x")), 1, false),
              JET_errColumnNoChunk);
    ASSERT_EQ(lv_overwrite(&tree, &rd, lid, 4, 50, bytes(std::string("end")), 3, true), JET_errSuccess);
    v = v.substr(0, 50) + "end";
    EXPECT_EQ(read(lid), v);
    ASSERT_EQ(lv_resize(&tree, &rd, lid, 4, 6000), JET_errSuccess);
    v.resize(6000, '\0');
    EXPECT_EQ(read(lid), v);
    std::string r = pattern(100, 6);
    ASSERT_EQ(lv_replace(&tree, &rd, lid, 4, bytes(r), 100), JET_errSuccess);
    EXPECT_EQ(read(lid), r);
    record_lv_stats st;
    ASSERT_EQ(record_lv_stat(&rd, lid, 4, &st), JET_errSuccess);
    EXPECT_EQ(st.cchunks, 1u); // the chunks past the new end are gone
}

TEST_F(lv_fixture, ReferenceCountsAndDelete)
{
    std::string v = pattern(7000, 7);
    uint8_t lid[4], other[4];
    ASSERT_EQ(lv_create(&tree, &rd, bytes(v), (uint32_t)v.size(), false, lid), JET_errSuccess);
    ASSERT_EQ(lv_create(&tree, &rd, bytes(v), 10, false, other), JET_errSuccess);
    ASSERT_EQ(lv_add_ref(&tree, &rd, lid, 4), JET_errSuccess);
    uint32_t refs = 0, size = 0;
    ASSERT_EQ(lv_root(&rd, lid, 4, &refs, &size), JET_errSuccess);
    EXPECT_EQ(refs, 2u);
    ASSERT_EQ(lv_release(&tree, &rd, lid, 4), JET_errSuccess);
    EXPECT_EQ(read(lid), v);
    ASSERT_EQ(lv_release(&tree, &rd, lid, 4), JET_errSuccess);
    uint32_t got = 0;
    EXPECT_EQ(record_lv_read(&rd, lid, 4, 0, nullptr, 0, &got, nullptr), JET_errLVCorrupted);
    EXPECT_EQ(lv_root(&rd, lid, 4, &refs, &size), JET_errLVCorrupted);
    // the neighbour is untouched; a new value still numbers from the last LID
    EXPECT_EQ(read(other), v.substr(0, 10));
    uint8_t next[4];
    ASSERT_EQ(lv_create(&tree, &rd, bytes(v), 5, false, next), JET_errSuccess);
    EXPECT_EQ(byte_order_get_le32(next), 3u);
}

TEST_F(lv_fixture, RecordSendsLargeValuesToTheTree)
{
    record_column cols[2];
    memset(cols, 0, sizeof cols);
    cols[0].columnid = 1;
    cols[0].coltyp = JET_coltypLong;
    cols[0].cb_max = 4;
    cols[0].ib_record_offset = 4;
    cols[0].name = const_cast<char *>("id");
    cols[1].columnid = 256;
    cols[1].coltyp = JET_coltypLongBinary;
    cols[1].name = const_cast<char *>("data");
    catalog_table t;
    memset(&t, 0, sizeof t);
    t.columns = cols;
    t.ccolumns = 2;
    record_build rb;
    ASSERT_EQ(record_build_init_insert(&rb, &t, 4096, record_build_max_size(4096, 255)), JET_errSuccess);
    std::string big = pattern(5000, 8), small = pattern(600, 9);
    ASSERT_EQ(record_build_set(&rb, &cols[1], big.data(), 5000, 0, 0, 0, nullptr), JET_errSuccess);
    ASSERT_EQ(record_build_set(&rb, &cols[1], small.data(), 600, 0, 0, 0, nullptr), JET_errSuccess);
    EXPECT_TRUE(record_build_needs_lv(&rb));
    uint8_t *pb = nullptr;
    uint32_t cb = 0;
    ASSERT_EQ(record_build_encode(&rb, &tree, &rd, &pb, &cb), JET_errSuccess);
    EXPECT_EQ(rb.ccreated, 1u);
    record_view rv;
    ASSERT_EQ(record_open(pb, cb, false, &rv), JET_errSuccess);
    record_state st;
    record_value v;
    uint32_t n = 0;
    ASSERT_EQ(record_tagged(&rv, 256, 1, &n, &st, &v), JET_errSuccess);
    EXPECT_EQ(n, 2u);
    ASSERT_TRUE(v.separated);
    EXPECT_EQ(read(v.pb), big);
    ASSERT_EQ(record_tagged(&rv, 256, 2, &n, &st, &v), JET_errSuccess);
    EXPECT_FALSE(v.separated);
    EXPECT_EQ(std::string(reinterpret_cast<const char *>(v.pb), v.cb), small);
    // loaded back, the separated value is a reference; changing it reads it from the tree
    record_build again;
    ASSERT_EQ(record_build_load(&again, &t, 4096, record_build_max_size(4096, 255), &rv, false), JET_errSuccess);
    ASSERT_EQ(record_build_set(&again, &cols[1], "!", 1, JET_bitSetAppendLV, 1, 0, &rd), JET_errSuccess);
    EXPECT_EQ(again.creleased, 1u); // the old value is the caller's to release after the update
    uint8_t *pb2 = nullptr;
    uint32_t cb2 = 0;
    ASSERT_EQ(record_build_encode(&again, &tree, &rd, &pb2, &cb2), JET_errSuccess);
    record_view rv2;
    ASSERT_EQ(record_open(pb2, cb2, false, &rv2), JET_errSuccess);
    ASSERT_EQ(record_tagged(&rv2, 256, 1, &n, &st, &v), JET_errSuccess);
    ASSERT_TRUE(v.separated);
    EXPECT_EQ(read(v.pb), big + "!");
    compat_free(pb);
    compat_free(pb2);
    record_build_free(&rb);
    record_build_free(&again);
}

} // namespace
