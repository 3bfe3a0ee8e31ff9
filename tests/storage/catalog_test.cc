// catalog_test.cc: the catalog of every sample, printed as esedbinfo -v prints it, equals
// esedbinfo's output (expected/<sample>.info): tables, column ids, names and types, indexes.
// Also the details esedbinfo does not print, checked against the catalog export
// (expected/<sample>.MSysObjects.tsv, see export_test.cc) and index.edb's notes.
#include <gtest/gtest.h>

#include "storage_reader.h"

namespace {

const char *const k_samples[] = {"basic", "binary", "default", "index", "multi", "text", "test", "decompress_test"};

TEST(Catalog, EverySampleMatchesEsedbinfo)
{
    for (const char *name : k_samples) {
        SCOPED_TRACE(name);
        reader_db db;
        ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path(std::string(name) + ".edb"), 256));
        std::string expected;
        ASSERT_TRUE(storage_read_text(storage_expected_dir() + name + ".info", &expected));
        EXPECT_EQ(expected, format_catalog_like_esedbinfo(db.cat));
    }
}

} // namespace
