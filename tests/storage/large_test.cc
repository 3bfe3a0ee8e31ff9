// large_test.cc: large.edb (32 KiB pages: 80-byte page headers, four checksum blocks,
// 15-bit tags, tagged values always with a header byte; a table of 64994 columns). The
// sample is gzipped, so this runs only when large_vs_esedbinfo.sh (Linux) has unpacked it
// and put esedbinfo's output beside it: ESENT_STORAGE_LARGE and ESENT_STORAGE_LARGE_INFO
// name the two files. Otherwise the test is skipped.
#include <gtest/gtest.h>

#include <cstdlib>

#include "storage_reader.h"

namespace {

TEST(Large, CatalogMatchesEsedbinfoAndEveryTableReadsInAnyCacheSize)
{
    const char *path = std::getenv("ESENT_STORAGE_LARGE");
    const char *info = std::getenv("ESENT_STORAGE_LARGE_INFO");
    if (path == nullptr || info == nullptr) GTEST_SKIP() << "large.edb not unpacked (see large_vs_esedbinfo.sh)";
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(path, 64));
    EXPECT_EQ(32768u, db.cb_page);
    std::string expected;
    ASSERT_TRUE(storage_read_text(info, &expected));
    EXPECT_EQ(expected, format_catalog_like_esedbinfo(db.cat));
    std::string all, tiny_all;
    ASSERT_EQ(JET_errSuccess, export_all_tables(db, &all));
    reader_db tiny;
    ASSERT_EQ(JET_errSuccess, tiny.open(path, CACHE_PAGES_MIN));
    ASSERT_EQ(JET_errSuccess, export_all_tables(tiny, &tiny_all));
    EXPECT_EQ(all, tiny_all);
    // The user table: record k (Id k) sets the 4096 columns Column(4096(k-1)) to
    // Column(4096k - 1) (fewer in the last one), each to its own number.
    const catalog_table *t = catalog_find_table(db.cat, "large");
    ASSERT_NE(nullptr, t);
    std::string out;
    ASSERT_EQ(JET_errSuccess, export_table_like_esedbexport(db, t, &out));
    size_t rows = 0, values = 0;
    for (size_t pos = out.find('\n') + 1; pos < out.size(); pos = out.find('\n', pos) + 1) {
        std::string line = out.substr(pos, out.find('\n', pos) - pos);
        long id = std::strtol(line.c_str(), nullptr, 10);
        EXPECT_EQ(static_cast<long>(rows + 1), id);
        size_t start = line.find('\t') + 1, n = 0;
        for (long col = 0; start != 0; col++) {
            size_t tab = line.find('\t', start);
            std::string cell = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
            if (!cell.empty()) {
                EXPECT_EQ(std::to_string(col), cell);
                EXPECT_EQ(static_cast<long>(rows), col / 4096);
                n++;
            }
            start = tab == std::string::npos ? 0 : tab + 1;
        }
        values += n;
        rows++;
    }
    EXPECT_EQ(t->ccolumns - 1u, values); // every Column<n> is set in exactly one record
    EXPECT_GT(rows, 0u);
    std::printf("large.edb: %zu records, %zu values in table large\n", rows, values);
}

} // namespace
