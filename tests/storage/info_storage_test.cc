// info_storage_test.cc: the engine helpers behind the information functions
// (native/api/api_info.c): catalog_read_row_extras (density, initial pages, statistics of a
// catalog row; index.edb's catalog export shows SpaceUsage 80 and PagesOrLocale 4 for the
// table "index"), record_tagged_at (the tagged array of multi.edb's first record: 21
// columns, 256-276, two values for Bit/UnsignedLong/UnsignedShort, multi-values for the
// others, long-value columns flagged) and record_lv_stat (a separated value's size agrees
// with record_lv_read).
#include <gtest/gtest.h>

#include "storage_reader.h"

namespace {

TEST(InfoStorage, CatalogRowExtras)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("index.edb"), 256));
    const catalog_table *t = catalog_find_table(db.cat, "index");
    ASSERT_NE(nullptr, t);
    catalog_row_extras x{};
    ASSERT_EQ(JET_errSuccess, catalog_read_row_extras(db.c, db.ifile, t->objid, CATALOG_TYPE_TABLE, t->objid, &x));
    EXPECT_EQ(80u, x.space_usage);
    EXPECT_EQ(4u, x.pages);
    EXPECT_FALSE(x.has_stats);
    const record_index *ix = catalog_find_index(t, "IxUnicode");
    ASSERT_NE(nullptr, ix);
    ASSERT_EQ(JET_errSuccess, catalog_read_row_extras(db.c, db.ifile, t->objid, CATALOG_TYPE_INDEX, ix->objid, &x));
    EXPECT_EQ(80u, x.space_usage);
    EXPECT_EQ(JET_errObjectNotFound, catalog_read_row_extras(db.c, db.ifile, t->objid, CATALOG_TYPE_INDEX, 9999, &x));
    EXPECT_EQ(JET_errObjectNotFound, catalog_read_row_extras(db.c, db.ifile, 9999, CATALOG_TYPE_TABLE, 9999, &x));
}

TEST(InfoStorage, TaggedEntriesAndLongValues)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("multi.edb"), 256));
    const catalog_table *t = catalog_find_table(db.cat, "multi");
    ASSERT_NE(nullptr, t);
    btree_cursor cur{};
    ASSERT_EQ(JET_errSuccess, btree_open(&cur, db.c, db.ifile, t->pgno_fdp));
    ASSERT_EQ(JET_errSuccess, btree_move_first(&cur));
    record_view rv{};
    ASSERT_EQ(JET_errSuccess, record_open(cur.data, cur.cb_data, db.cb_page > 8192, &rv));
    ASSERT_EQ(21u, rv.ctagged);
    btree_cursor lv{};
    ASSERT_EQ(JET_errSuccess, btree_open(&lv, db.c, db.ifile, t->pgno_lv));
    int separated = 0;
    for (uint32_t i = 0; i < rv.ctagged; i++) {
        record_tagged_entry te{};
        ASSERT_EQ(JET_errSuccess, record_tagged_at(&rv, i, &te));
        EXPECT_EQ(256u + i, te.fid);
        EXPECT_FALSE(te.derived);
        EXPECT_FALSE(te.null);
        EXPECT_TRUE(te.has_header);
        const bool two = te.fid == 256 || te.fid == 273 || te.fid == 276;
        EXPECT_EQ(two, (te.header & TAGGED_TWO_VALUES) != 0) << te.fid;
        EXPECT_NE(0u, te.header & TAGGED_MULTI_VALUES) << te.fid;
        for (uint32_t k = 1; k <= 3; k++) {
            uint32_t n = 0;
            record_state st;
            record_value v{};
            ASSERT_EQ(JET_errSuccess, record_tagged(&rv, te.fid, k, &n, &st, &v));
            if (st != RECORD_VALUE || !v.separated) continue;
            separated++;
            record_lv_stats s{};
            uint32_t size = 0;
            ASSERT_EQ(JET_errSuccess, record_lv_stat(&lv, v.pb, v.cb, &s));
            ASSERT_EQ(JET_errSuccess, record_lv_read(&lv, v.pb, v.cb, 0, nullptr, 0, &size, nullptr));
            EXPECT_EQ(size, s.cb_logical);
            EXPECT_GE(s.cchunks, 1u);
            EXPECT_EQ(v.cb, s.cb_root_key);
        }
    }
    EXPECT_EQ(18, separated);
    record_tagged_entry te{};
    EXPECT_EQ(JET_errInvalidParameter, record_tagged_at(&rv, rv.ctagged, &te));
    btree_close(&lv);
    btree_close(&cur);
}

} // namespace
