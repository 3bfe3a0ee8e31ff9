// export_test.cc: every record of every table of every sample (the catalog's own tables
// too), printed as esedbexport prints it, equals expected/<sample>.<table>.tsv.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "storage_reader.h"

namespace {

const char *const k_samples[] = {"basic", "binary", "default", "index", "multi", "text", "test", "decompress_test"};

TEST(Export, EveryTableOfEverySampleMatchesEsedbexport)
{
    for (const char *name : k_samples) {
        SCOPED_TRACE(name);
        reader_db db;
        ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path(std::string(name) + ".edb"), 256));
        for (uint32_t i = 0; i < db.cat->ctables; i++) {
            const catalog_table *t = &db.cat->tables[i];
            SCOPED_TRACE(t->name);
            std::string got, expected;
            ASSERT_EQ(JET_errSuccess, export_table_like_esedbexport(db, t, &got));
            ASSERT_TRUE(storage_read_text(storage_expected_dir() + name + "." + t->name + ".tsv", &expected));
            EXPECT_EQ(expected, got);
            // STORAGE_DUMP_DIR: where to write what was read, for diffing by hand.
            if (const char *dump = std::getenv("STORAGE_DUMP_DIR")) {
                std::string path = std::string(dump) + "/" + name + "." + t->name + ".tsv";
                if (FILE *f = std::fopen(path.c_str(), "wb")) {
                    std::fwrite(got.data(), 1, got.size(), f);
                    std::fclose(f);
                }
            }
        }
    }
}

} // namespace
