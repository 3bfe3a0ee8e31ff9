// cache_test.cc: the buffer cache: every sample reads the same through a cache of 8 pages
// or 4 (evicting all the time) as through a large one; pinned pages are never evicted and a
// full cache says JET_errOutOfBuffers; damaged pages give JET_errReadVerifyFailure (or are
// ECC-corrected when one bit flipped), read failures JET_errDiskIO, pages past the end
// JET_errFileIOBeyondEOF, and never a crash; several threads share one cache.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "storage_reader.h"

extern "C" {
#include "cursor.h"
#include "page_checksum.h"
}

namespace {

const char *const k_samples[] = {"basic", "binary", "default", "index", "multi", "text", "test", "decompress_test"};

std::string export_sample(const std::string &path, uint32_t max_pages, cache_stats *stats = nullptr)
{
    reader_db db;
    std::string out;
    JET_ERR err = db.open(path, max_pages);
    if (err >= 0) err = export_all_tables(db, &out);
    if (err < 0) return "error " + std::to_string(err);
    if (stats != nullptr) cache_get_stats(db.c, stats);
    return out;
}

TEST(Cache, EightAndFourPagesReadEverythingAsALargeCache)
{
    for (const char *name : k_samples) {
        SCOPED_TRACE(name);
        std::string path = storage_sample_path(std::string(name) + ".edb");
        cache_stats big{}, eight{}, tiny{};
        std::string a = export_sample(path, 1024, &big);
        std::string b = export_sample(path, 8, &eight);
        std::string c = export_sample(path, CACHE_PAGES_MIN, &tiny);
        ASSERT_EQ(0u, a.rfind("== ", 0)) << a;
        EXPECT_EQ(a, b);
        EXPECT_EQ(a, c);
        EXPECT_LE(eight.frames_allocated, 8u);
        EXPECT_LE(tiny.frames_allocated, CACHE_PAGES_MIN);
        EXPECT_EQ(0u, eight.frames_pinned);
        EXPECT_GT(tiny.evictions, 0u);
        EXPECT_EQ(0u, tiny.frames_pinned);
        EXPECT_EQ(0u, big.evictions);
        EXPECT_EQ(0u, big.frames_pinned);
    }
}

TEST(Cache, BadArguments)
{
    cache *c = nullptr;
    EXPECT_EQ(JET_errInvalidParameter, cache_create(3000, 64, &c));
    EXPECT_EQ(JET_errInvalidParameter, cache_create(4096, 3, &c));
    EXPECT_EQ(nullptr, c);
    ASSERT_EQ(JET_errSuccess, cache_create(4096, 8, &c));
    cache_page pg;
    EXPECT_EQ(JET_errInvalidParameter, cache_get(c, 0, 4, &pg)); // no file attached
    EXPECT_EQ(nullptr, pg.data);
    cache_release(c, &pg); // a cleared page: nothing happens
    cache_destroy(c);
}

class CacheFile : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_EQ(COMPAT_OK, compat_file_open(storage_sample_path("basic.edb").c_str(), COMPAT_FILE_READ, &file_));
        ASSERT_EQ(JET_errSuccess, cache_create(4096, 4, &c_));
        ASSERT_EQ(JET_errSuccess, cache_attach_file(c_, file_, &ifile_));
    }
    void TearDown() override
    {
        compat_fault_disarm_all();
        if (c_ != nullptr) {
            EXPECT_EQ(JET_errSuccess, cache_detach_file(c_, ifile_));
            cache_destroy(c_);
        }
        if (file_ != nullptr) compat_file_close(file_);
    }
    compat_file *file_ = nullptr;
    cache *c_ = nullptr;
    uint32_t ifile_ = 0;
};

TEST_F(CacheFile, PinnedPagesStayAndAFullCacheSaysOutOfBuffers)
{
    cache_page p[5];
    for (uint32_t i = 0; i < 4; i++) ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, 4 + i, &p[i]));
    EXPECT_EQ(JET_errOutOfBuffers, cache_get(c_, ifile_, 24, &p[4]));
    EXPECT_EQ(nullptr, p[4].data);
    // a page already cached is still served, pinned twice
    cache_page again;
    ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, 5, &again));
    EXPECT_EQ(p[1].data, again.data);
    cache_release(c_, &again);
    EXPECT_EQ(JET_errInvalidParameter, cache_detach_file(c_, ifile_)); // pages pinned
    // the page bytes are what the file holds
    std::vector<uint8_t> raw(4096);
    size_t done = 0;
    ASSERT_EQ(COMPAT_OK, compat_file_read_at(file_, raw.data(), raw.size(), 5u * 4096u, &done));
    EXPECT_EQ(0, std::memcmp(raw.data(), p[0].data, 4096));
    cache_release(c_, &p[2]);
    ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, 24, &p[4]));
    EXPECT_EQ(24u, p[4].pgno);
    cache_stats st;
    cache_get_stats(c_, &st);
    EXPECT_EQ(1u, st.evictions);
    EXPECT_EQ(4u, st.frames_pinned);
    for (cache_page &pg : p) cache_release(c_, &pg);
    cache_get_stats(c_, &st);
    EXPECT_EQ(0u, st.frames_pinned);
}

TEST_F(CacheFile, ReadErrorsAreDiskIOAndLeaveNothingBehind)
{
    cache_page pg;
    compat_fault_arm(COMPAT_FAULT_READ, 1);
    EXPECT_EQ(JET_errDiskIO, cache_get(c_, ifile_, 4, &pg));
    EXPECT_EQ(nullptr, pg.data);
    ASSERT_EQ(JET_errSuccess, cache_get(c_, ifile_, 4, &pg)); // read again, fine now
    cache_release(c_, &pg);
    EXPECT_EQ(JET_errFileIOBeyondEOF, cache_get(c_, ifile_, 100000, &pg));
    // page numbers come from the file: one outside 1..PAGE_PGNO_MAX is corruption
    EXPECT_EQ(JET_errDatabaseCorrupted, cache_get(c_, ifile_, 0, &pg));
    EXPECT_EQ(JET_errDatabaseCorrupted, cache_get(c_, ifile_, PAGE_PGNO_MAX + 1u, &pg));
    EXPECT_EQ(JET_errDatabaseCorrupted, cache_get(c_, ifile_, 0x80000000u, &pg));
    EXPECT_EQ(JET_errDatabaseCorrupted, cache_get(c_, ifile_, 0xffffffffu, &pg));
    EXPECT_EQ(JET_errFileIOBeyondEOF, cache_get(c_, ifile_, PAGE_PGNO_MAX, &pg));
    EXPECT_EQ(nullptr, pg.data);
}

TEST(CacheDamage, ABadPageIsReadVerifyFailureEverywhereItIsRead)
{
    sample_copy copy("basic.edb");
    ASSERT_TRUE(copy.ok());
    // page 31 is the root and only page of table "basic"; page 4 MSysObjects' root
    for (uint32_t pgno : {31u, 4u}) {
        SCOPED_TRACE(pgno);
        std::vector<uint8_t> page = copy.read_page(pgno, 4096), bad = page;
        ASSERT_FALSE(page.empty());
        for (uint32_t i = 0; i < 63; i++) bad[200 + 37 * i] ^= static_cast<uint8_t>(1 + i * 13); // beyond the ECC
        ASSERT_TRUE(copy.write_page(pgno, 4096, bad));
        reader_db db;
        JET_ERR err = db.open(copy.path(), 16);
        if (pgno == 4) {
            EXPECT_EQ(JET_errReadVerifyFailure, err);
        } else {
            ASSERT_EQ(JET_errSuccess, err);
            std::string out;
            EXPECT_EQ(JET_errReadVerifyFailure, export_table_like_esedbexport(db, catalog_find_table(db.cat, "basic"), &out));
            cache_page pg;
            EXPECT_EQ(JET_errReadVerifyFailure, cache_get(db.c, db.ifile, pgno, &pg));
        }
        ASSERT_TRUE(copy.write_page(pgno, 4096, page));
    }
}

TEST(CacheDamage, OneFlippedBitIsCorrectedByTheECC)
{
    sample_copy copy("basic.edb");
    ASSERT_TRUE(copy.ok());
    std::string good = export_sample(storage_sample_path("basic.edb"), 64);
    std::vector<uint8_t> page = copy.read_page(31, 4096);
    ASSERT_FALSE(page.empty());
    page[1000] ^= 0x10;
    ASSERT_TRUE(copy.write_page(31, 4096, page));
    cache_stats st{};
    EXPECT_EQ(good, export_sample(copy.path(), 64, &st));
    EXPECT_EQ(1u, st.corrected);
}

// Damage inside pages whose checksum is then made valid again: the structure itself is
// wrong, so the read path must catch it by bounds checks. Any error is fine, a crash or a
// sanitizer report is not. multi.edb: the catalog, the table and its LV tree, read whole;
// index.edb: the table read through each of its 19 secondary indexes with the cursor.
JET_ERR read_through_indexes(reader_db &db)
{
    const catalog_table *t = catalog_find_table(db.cat, "index");
    if (t == nullptr) return JET_errObjectNotFound;
    for (uint32_t x = 0; x < t->cindexes; x++) {
        table_cursor cur;
        JET_ERR err = cursor_open(&cur, db.c, db.ifile, t, t->indexes[x].name);
        while (err >= 0 && (err = cursor_move(&cur, JET_MoveNext)) >= 0) {
            for (uint32_t c = 0; c < t->ccolumns && err >= 0; c++) {
                uint8_t buf[64];
                uint32_t cb = 0;
                err = cursor_retrieve(&cur, t->columns[c].columnid, 1, 3, buf, sizeof buf, &cb, 0);
            }
        }
        cursor_close(&cur);
        if (err < 0 && err != JET_errNoCurrentRecord) return err;
    }
    return JET_errSuccess;
}

TEST(CacheDamage, StructuralDamageNeverCrashes)
{
    // STORAGE_FUZZ_ITERATIONS: more rounds, for a longer run by hand
    const char *env = std::getenv("STORAGE_FUZZ_ITERATIONS");
    const int iterations = env != nullptr ? std::atoi(env) : 400;
    uint32_t x = 12345;
    auto rnd = [&x]() {
        x = x * 1103515245u + 12345u;
        return x >> 8;
    };
    for (const char *sample : {"multi.edb", "index.edb"}) {
        SCOPED_TRACE(sample);
        sample_copy copy(sample);
        ASSERT_TRUE(copy.ok());
        bool multi = std::string(sample) == "multi.edb";
        int errors = 0;
        for (int iter = 0; iter < iterations; iter++) {
            // multi.edb: catalog 4-6, table 31, LV tree 32-35; index.edb: table 31, indexes 32-58
            static const uint32_t multi_pages[] = {4, 5, 6, 31, 32, 33, 34, 35};
            uint32_t pgno = multi ? multi_pages[rnd() % 8] : 31 + rnd() % 28;
            std::vector<uint8_t> page = copy.read_page(pgno, 4096), bad = page;
            ASSERT_FALSE(page.empty());
            uint32_t n = 1 + rnd() % 8;
            for (uint32_t i = 0; i < n; i++) {
                uint32_t where = rnd() % 3;
                uint32_t off = where == 0 ? 16 + rnd() % 24           // header fields
                             : where == 1 ? 4096 - 4 - rnd() % 64     // tag array
                                          : 40 + rnd() % 1000;        // node data
                bad[off] = static_cast<uint8_t>(rnd());
            }
            page_checksum_set(bad.data(), 4096, pgno);
            ASSERT_TRUE(copy.write_page(pgno, 4096, bad));
            reader_db db;
            std::string out;
            JET_ERR err = db.open(copy.path(), 8);
            if (err >= 0) err = multi ? export_all_tables(db, &out) : read_through_indexes(db);
            if (err < 0) errors++;
            ASSERT_TRUE(copy.write_page(pgno, 4096, page));
        }
        EXPECT_GT(errors, 0);
    }
}

struct thread_job {
    reader_db *db;
    std::string out;
    JET_ERR err;
};

void export_job(void *arg)
{
    thread_job *job = static_cast<thread_job *>(arg);
    for (int i = 0; i < 5 && job->err >= 0; i++) job->err = export_all_tables(*job->db, &job->out);
}

TEST(CacheThreads, FourThreadsShareASixteenPageCache)
{
    std::string expected = export_sample(storage_sample_path("text.edb"), 1024);
    reader_db db;
    // each thread pins at most 3 frames at once (its table cursor's leaf, the sibling it
    // moves to, a page of the LV tree), so 16 frames never run out
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("text.edb"), 16));
    thread_job jobs[4];
    compat_thread *threads[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].db = &db;
        jobs[i].err = JET_errSuccess;
        ASSERT_EQ(COMPAT_OK, compat_thread_start(&threads[i], export_job, &jobs[i]));
    }
    for (int i = 0; i < 4; i++) ASSERT_EQ(COMPAT_OK, compat_thread_join(threads[i]));
    for (int i = 0; i < 4; i++) {
        EXPECT_EQ(JET_errSuccess, jobs[i].err);
        EXPECT_EQ(expected, jobs[i].out);
    }
    cache_stats st;
    cache_get_stats(db.c, &st);
    EXPECT_EQ(0u, st.frames_pinned);
}

} // namespace
