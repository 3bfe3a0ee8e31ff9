// btree_test.cc: B+-tree traversal on the samples: forward and backward walks agree, keys
// come back whole (prefix compression undone) and strictly increasing, seeks land on the
// first key >= the one asked for, and secondary-index keys are the normalised keys
// EDB-NOTES.md gives for index.edb.
#include <gtest/gtest.h>

#include "storage_reader.h"

namespace {

typedef std::vector<uint8_t> bytes;

std::vector<bytes> walk(btree_cursor *cur, bool forward)
{
    std::vector<bytes> keys;
    JET_ERR err = forward ? btree_move_first(cur) : btree_move_last(cur);
    while (err >= 0) {
        keys.emplace_back(cur->key, cur->key + cur->cb_key);
        err = forward ? btree_move_next(cur) : btree_move_prev(cur);
    }
    EXPECT_TRUE(err == JET_errNoCurrentRecord || err == JET_errRecordNotFound) << err;
    return keys;
}

TEST(Btree, WalksAgreeAndSeeksLandOnTheFirstKeyNotBelow)
{
    for (const char *name : {"basic", "index", "multi", "text", "test", "decompress_test"}) {
        SCOPED_TRACE(name);
        reader_db db;
        ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path(std::string(name) + ".edb"), 8));
        btree_cursor cur;
        ASSERT_EQ(JET_errSuccess, btree_open(&cur, db.c, db.ifile, CATALOG_PGNO_MSYSOBJECTS));
        std::vector<bytes> fwd = walk(&cur, true), bwd = walk(&cur, false);
        ASSERT_GT(fwd.size(), 50u); // the catalog spans several pages
        std::vector<bytes> rev(bwd.rbegin(), bwd.rend());
        EXPECT_EQ(fwd, rev);
        for (size_t i = 1; i < fwd.size(); i++) EXPECT_LT(fwd[i - 1], fwd[i]) << i;
        for (size_t i = 0; i < fwd.size(); i++) {
            ASSERT_EQ(JET_errSuccess, btree_seek(&cur, fwd[i].data(), (uint32_t)fwd[i].size()));
            EXPECT_EQ(fwd[i], bytes(cur.key, cur.key + cur.cb_key));
            bytes after = fwd[i];
            after.push_back(0); // just above this key, below the next
            JET_ERR err = btree_seek(&cur, after.data(), (uint32_t)after.size());
            if (i + 1 < fwd.size()) {
                ASSERT_EQ(JET_errSuccess, err);
                EXPECT_EQ(fwd[i + 1], bytes(cur.key, cur.key + cur.cb_key));
            } else {
                EXPECT_EQ(JET_errRecordNotFound, err);
                EXPECT_FALSE(btree_positioned(&cur));
                EXPECT_EQ(JET_errNoCurrentRecord, btree_move_next(&cur));
            }
        }
        ASSERT_EQ(JET_errSuccess, btree_seek(&cur, nullptr, 0));
        EXPECT_EQ(fwd[0], bytes(cur.key, cur.key + cur.cb_key));
        EXPECT_EQ(JET_errNoCurrentRecord, btree_move_prev(&cur)); // stays on the first
        EXPECT_EQ(fwd[0], bytes(cur.key, cur.key + cur.cb_key));
        btree_close(&cur);
        cache_stats st;
        cache_get_stats(db.c, &st);
        EXPECT_EQ(0u, st.frames_pinned);
    }
}

// The key of the only record in each of index.edb's secondary indexes (EDB-NOTES.md 1.8).
TEST(Btree, SecondaryIndexKeysOfIndexEdb)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("index.edb"), 16));
    const catalog_table *t = catalog_find_table(db.cat, "index");
    ASSERT_NE(nullptr, t);
    struct {
        const char *index;
        bytes key;
    } cases[] = {
        {"IxLong", {0x7f, 0x7f, 0x33, 0xf8, 0x37}},
        {"IxBinary", {0x7f, 't', 'e', 's', 't', ' ', 'b', 'i', 'n', 0x09, 'a', 'r', 'y', ' ', 'd', 'a', 't', 'a', 0x08}},
        {"IxASCII", {0x7f, 'S', 'I', 'M', 'P', 'L', 'E', ' ', 'A', 'S', 'C', 'I', 'I', ' ', 'T', 'E', 'X', 'T', 0x00}},
    };
    const record_index *primary = catalog_primary_index(t);
    ASSERT_NE(nullptr, primary);
    EXPECT_EQ(t->pgno_fdp, primary->pgno_fdp);
    for (auto &c : cases) {
        SCOPED_TRACE(c.index);
        const record_index *x = catalog_find_index(t, c.index);
        ASSERT_NE(nullptr, x);
        EXPECT_EQ(1u, x->csegments);
        btree_cursor cur;
        ASSERT_EQ(JET_errSuccess, btree_open(&cur, db.c, db.ifile, x->pgno_fdp));
        std::vector<bytes> keys = walk(&cur, true);
        ASSERT_EQ(1u, keys.size());
        EXPECT_EQ(c.key, keys[0]);
        // the data of a secondary-index entry is the primary key: Id 1 -> 7f 80 00 00 01
        ASSERT_EQ(JET_errSuccess, btree_move_first(&cur));
        EXPECT_EQ(bytes({0x7f, 0x80, 0x00, 0x00, 0x01}), bytes(cur.data, cur.data + cur.cb_data));
        btree_close(&cur);
    }
}

TEST(Btree, IndexDefinitionsFromTheCatalog)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("index.edb"), 16));
    const catalog_table *t = catalog_find_table(db.cat, "INDEX"); // names compare case-insensitively
    ASSERT_NE(nullptr, t);
    EXPECT_EQ(19u, t->cindexes);
    const record_index *x = catalog_find_index(t, "IxUnicode");
    ASSERT_NE(nullptr, x);
    EXPECT_EQ(0x30401u, x->lcmap_flags);
    EXPECT_EQ(0u, x->lcid); // Windows stores the locale by name (LocaleName) here
    const record_column *col = catalog_column_by_id(t, x->segments[0].columnid);
    ASSERT_NE(nullptr, col);
    EXPECT_STREQ("Unicode", col->name);
    EXPECT_EQ(1200u, col->codepage);
    EXPECT_EQ(static_cast<uint32_t>(JET_coltypText), col->coltyp);
    ASSERT_NE(nullptr, x->locale_name);
    std::string locale;
    for (const uint16_t *p = x->locale_name; *p != 0; p++) locale += static_cast<char>(*p);
    EXPECT_EQ("en-US", locale);
    const catalog_table *cat = catalog_find_table(db.cat, "MSysObjects");
    ASSERT_NE(nullptr, cat);
    const record_index *name = catalog_find_index(cat, "Name");
    ASSERT_NE(nullptr, name);
    ASSERT_EQ(3u, name->csegments);
    EXPECT_EQ(1u, name->segments[0].columnid);
    EXPECT_EQ(2u, name->segments[1].columnid);
    EXPECT_EQ(128u, name->segments[2].columnid);
    EXPECT_FALSE(name->segments[0].descending);
    EXPECT_EQ(7u, name->pgno_fdp);
}

} // namespace
