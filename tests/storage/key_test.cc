// key_test.cc: key normalisation (native/record/key.c) against the keys Windows stored in
// index.edb: for every index of every table, every entry's key is recomputed from the
// record its bookmark leads to and must equal the stored bytes (Unicode-text indexes
// excepted: Windows sort keys), and every record's primary key is recomputed too. Plus
// the documented layouts of each type on hand-made values.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "storage_reader.h"

extern "C" {
#include "cursor.h"
#include "key.h"
}

namespace {

std::vector<uint8_t> norm(uint32_t coltyp, const void *pv, uint32_t cb, bool descending = false, uint32_t codepage = 1252,
                          bool fixed = true, uint32_t avail = 255)
{
    key_segment_def def = {};
    def.coltyp = coltyp;
    def.codepage = codepage;
    def.fixed_column = fixed;
    def.descending = descending;
    std::vector<uint8_t> out(KEY_BUFFER_MAX + 32);
    uint32_t cb_out = 0;
    bool trunc = false;
    JET_ERR err = key_normalize(&def, static_cast<const uint8_t *>(pv), cb, pv != nullptr, avail, 255, out.data(), &cb_out,
                                &trunc, nullptr);
    EXPECT_EQ(JET_errSuccess, err);
    out.resize(cb_out);
    return out;
}

bool uses_unicode(const catalog_table *t, const record_index *idx)
{
    for (uint32_t i = 0; i < idx->csegments; i++) {
        const record_column *col = catalog_column_by_id(t, idx->segments[i].columnid);
        if (col != nullptr && col->codepage == 1200 &&
            (col->coltyp == JET_coltypText || col->coltyp == JET_coltypLongText))
            return true;
    }
    return false;
}

TEST(Key, DocumentedLayouts)
{
    int32_t l = -13371337;
    EXPECT_EQ((std::vector<uint8_t>{0x7f, 0x7f, 0x33, 0xf8, 0x37}), norm(JET_coltypLong, &l, 4));
    const char bin[] = "test binary data";
    std::vector<uint8_t> want = {0x7f};
    want.insert(want.end(), bin, bin + 8);
    want.push_back(9);
    want.insert(want.end(), bin + 8, bin + 16);
    want.push_back(8);
    EXPECT_EQ(want, norm(JET_coltypBinary, bin, 16, false, 0, false));
    const char txt[] = "simple ascii text";
    std::vector<uint8_t> t = norm(JET_coltypText, txt, sizeof txt - 1, false, 1252, false);
    std::string s(t.begin() + 1, t.end() - 1);
    EXPECT_EQ(0x7f, t[0]);
    EXPECT_EQ("SIMPLE ASCII TEXT", s);
    EXPECT_EQ(0, t.back());
    uint8_t bit = 1;
    EXPECT_EQ((std::vector<uint8_t>{0x80, 0x00}), norm(JET_coltypBit, &bit, 1, true));
    EXPECT_EQ((std::vector<uint8_t>{0x00}), norm(JET_coltypLong, nullptr, 0));
    EXPECT_EQ((std::vector<uint8_t>{0xff}), norm(JET_coltypLong, nullptr, 0, true));
    // three bytes: one zero-padded chunk, then its length
    EXPECT_EQ((std::vector<uint8_t>{0x7f, 'a', 'b', 'c', 0, 0, 0, 0, 0, 3}), norm(JET_coltypBinary, "abc", 3, false, 0, false));
    double neg = -1.0, pos = 1.0;
    std::vector<uint8_t> kn = norm(JET_coltypIEEEDouble, &neg, 8), kp = norm(JET_coltypIEEEDouble, &pos, 8);
    EXPECT_LT(kn, kp);
    uint8_t guid[16];
    for (int i = 0; i < 16; i++) guid[i] = static_cast<uint8_t>(i);
    EXPECT_EQ((std::vector<uint8_t>{0x7f, 10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3}), norm(JET_coltypGUID, guid, 16));
    // Unicode text needs Windows sort keys
    key_segment_def def = {};
    def.coltyp = JET_coltypText;
    def.codepage = 1200;
    uint8_t out[64];
    uint32_t cb = 0;
    bool tr = false;
    EXPECT_EQ(JET_errFeatureNotAvailable, key_normalize(&def, (const uint8_t *)"a\0", 2, true, 255, 255, out, &cb, &tr, nullptr));
}

TEST(Key, TruncationAtKeyMost)
{
    // ASCII text cut by the space left: the last kept byte is upper-cased by subtracting 0x20
    std::vector<uint8_t> t = norm(JET_coltypText, "abcdef", 6, false, 1252, false, 4);
    EXPECT_EQ((std::vector<uint8_t>{0x7f, 'A', 'B', 'C'}), t);
    // variable binary cut inside a chunk
    std::vector<uint8_t> b = norm(JET_coltypBinary, "0123456789", 10, false, 0, false, 12);
    EXPECT_EQ((std::vector<uint8_t>{0x7f, '0', '1', '2', '3', '4', '5', '6', '7', 9, '8', '9'}), b);
}

// Every stored key of a sample recomputed from its record: (reproduced, compared) per
// table.index, and the number of Unicode-text indexes left out.
void verify_keys_at(const std::string &path, std::map<std::string, std::pair<int, int>> &per_index, int &unicode_skipped)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(path, 64));
    for (uint32_t it = 0; it < db.cat->ctables; it++) {
        const catalog_table *t = &db.cat->tables[it];
        btree_cursor prim, lv;
        ASSERT_EQ(JET_errSuccess, btree_open(&prim, db.c, db.ifile, t->pgno_fdp));
        bool lv_open = false;
        if (t->pgno_lv != 0) {
            ASSERT_EQ(JET_errSuccess, btree_open(&lv, db.c, db.ifile, t->pgno_lv));
            lv_open = true;
        }
        for (uint32_t ix = 0; ix < t->cindexes; ix++) {
            const record_index *idx = &t->indexes[ix];
            if (uses_unicode(t, idx)) {
                unicode_skipped++;
                continue;
            }
            bool primary = (idx->idb_flags & IDB_PRIMARY) != 0;
            btree_cursor sec;
            ASSERT_EQ(JET_errSuccess, btree_open(&sec, db.c, db.ifile, primary ? t->pgno_fdp : idx->pgno_fdp));
            std::pair<int, int> &score = per_index[t->name + std::string(".") + idx->name];
            for (JET_ERR e = btree_move_first(&sec); e >= 0; e = btree_move_next(&sec)) {
                std::vector<uint8_t> stored(sec.key, sec.key + sec.cb_key);
                const uint8_t *rec = sec.data;
                uint32_t cb_rec = sec.cb_data;
                if (!primary) {
                    ASSERT_EQ(JET_errSuccess, btree_seek(&prim, sec.data, sec.cb_data));
                    ASSERT_EQ(sec.cb_data, prim.cb_key);
                    rec = prim.data;
                    cb_rec = prim.cb_data;
                }
                record_view rv;
                ASSERT_EQ(JET_errSuccess, record_open(rec, cb_rec, db.cb_page > 8192, &rv));
                std::vector<uint8_t> key(KEY_BUFFER_MAX);
                uint32_t cb = 0;
                ASSERT_EQ(JET_errSuccess, key_from_record(t, idx, &rv, lv_open ? &lv : nullptr, key.data(), &cb));
                key.resize(cb);
                score.second++;
                if (key == stored) {
                    score.first++;
                } else {
                    ADD_FAILURE() << t->name << "." << idx->name << ": key differs";
                }
            }
            btree_close(&sec);
        }
        if (lv_open) btree_close(&lv);
        btree_close(&prim);
    }
}

void verify_sample_keys(const std::string &sample, std::map<std::string, std::pair<int, int>> &per_index,
                        int &unicode_skipped)
{
    verify_keys_at(storage_sample_path(sample), per_index, unicode_skipped);
}

TEST(Key, IndexEdbKeysReproduced)
{
    std::map<std::string, std::pair<int, int>> per_index; // name -> (reproduced, compared)
    int unicode_skipped = 0;
    verify_sample_keys("index.edb", per_index, unicode_skipped);
    int total = 0;
    for (auto &kv : per_index) {
        EXPECT_EQ(kv.second.first, kv.second.second) << kv.first;
        if (kv.first.rfind("index.", 0) == 0) {
            EXPECT_GT(kv.second.second, 0) << kv.first;
        }
        total += kv.second.first;
        std::printf("[ keys     ] %-28s %d/%d reproduced\n", kv.first.c_str(), kv.second.first, kv.second.second);
    }
    std::printf("[ keys     ] %d keys reproduced byte for byte; %d Unicode-text indexes not compared\n", total, unicode_skipped);
    EXPECT_EQ(2, unicode_skipped);
}

// The same on the other samples (their catalogs and whatever indexes they have).
TEST(Key, OtherSamplesKeysReproduced)
{
    for (const char *name : {"basic.edb", "binary.edb", "default.edb", "multi.edb", "text.edb", "test.edb",
                             "decompress_test.edb"}) {
        std::map<std::string, std::pair<int, int>> per_index;
        int unicode_skipped = 0, total = 0, compared = 0;
        verify_sample_keys(name, per_index, unicode_skipped);
        for (auto &kv : per_index) {
            EXPECT_EQ(kv.second.first, kv.second.second) << name << " " << kv.first;
            total += kv.second.first;
            compared += kv.second.second;
        }
        std::printf("[ keys     ] %-20s %d/%d keys reproduced in %zu indexes; %d Unicode-text indexes not compared\n",
                    name, total, compared, per_index.size(), unicode_skipped);
    }
}

// large.edb (32 KiB pages, a catalog of some 130,000 rows: multi-level index trees), when
// large_vs_esedbinfo.sh has unpacked it (ESENT_STORAGE_LARGE; it runs the Large.* tests);
// skipped otherwise. Then seeks through the multi-level Name index of the catalog.
TEST(Large, EveryStoredKeyReproducedAndSeeksAcrossLevels)
{
    const char *path = std::getenv("ESENT_STORAGE_LARGE");
    if (path == nullptr) GTEST_SKIP() << "large.edb not unpacked (see large_vs_esedbinfo.sh)";
    std::map<std::string, std::pair<int, int>> per_index;
    int unicode_skipped = 0, total = 0, compared = 0;
    verify_keys_at(path, per_index, unicode_skipped);
    for (auto &kv : per_index) {
        EXPECT_EQ(kv.second.first, kv.second.second) << kv.first;
        total += kv.second.first;
        compared += kv.second.second;
    }
    std::printf("[ keys     ] large.edb %d/%d keys reproduced in %zu indexes\n", total, compared, per_index.size());

    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(path, 64));
    const catalog_table *t = catalog_find_table(db.cat, "MSysObjects");
    ASSERT_NE(nullptr, t);
    table_cursor cur;
    ASSERT_EQ(JET_errSuccess, cursor_open(&cur, db.c, db.ifile, t, "Name"));
    std::vector<std::vector<uint8_t>> keys;
    for (JET_ERR e = cursor_move(&cur, JET_MoveFirst); e >= 0; e = cursor_move(&cur, 1)) {
        const uint8_t *pb;
        uint32_t cb;
        ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
        keys.emplace_back(pb, pb + cb);
    }
    ASSERT_GT(keys.size(), 10000u);
    for (size_t i = 0; i < keys.size(); i += 997) {
        const uint8_t *pb;
        uint32_t cb;
        const std::vector<uint8_t> &k = keys[i];
        ASSERT_EQ(JET_errSuccess, cursor_seek(&cur, k.data(), (uint32_t)k.size(), CURSOR_SEEK_EQ));
        ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
        EXPECT_EQ(k, std::vector<uint8_t>(pb, pb + cb));
        if (i + 1 < keys.size()) {
            ASSERT_EQ(JET_errSuccess, cursor_seek(&cur, k.data(), (uint32_t)k.size(), CURSOR_SEEK_GT));
            ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
            EXPECT_EQ(keys[i + 1], std::vector<uint8_t>(pb, pb + cb));
        }
        if (i > 0) {
            ASSERT_EQ(JET_errSuccess, cursor_seek(&cur, k.data(), (uint32_t)k.size(), CURSOR_SEEK_LT));
            ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
            EXPECT_EQ(keys[i - 1], std::vector<uint8_t>(pb, pb + cb));
        }
    }
    cursor_close(&cur);
}

// A cursor on a secondary index: entries in key order, each leading to its record; a
// bookmark (primary key) brings the cursor back onto the same entry; seeks land where
// the ordered keys say.
TEST(Key, SecondaryCursorOrderSeekBookmark)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("index.edb"), 64));
    const catalog_table *t = catalog_find_table(db.cat, "MSysObjects");
    ASSERT_NE(nullptr, t);
    table_cursor cur;
    ASSERT_EQ(JET_errSuccess, cursor_open(&cur, db.c, db.ifile, t, nullptr));
    EXPECT_EQ(JET_errIndexNotFound, cursor_set_index(&cur, "NoSuch"));
    ASSERT_EQ(JET_errSuccess, cursor_set_index(&cur, "Name"));
    std::vector<std::vector<uint8_t>> keys, bookmarks;
    for (JET_ERR e = cursor_move(&cur, JET_MoveFirst); e >= 0; e = cursor_move(&cur, 1)) {
        const uint8_t *pb;
        uint32_t cb;
        ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
        keys.emplace_back(pb, pb + cb);
        ASSERT_EQ(JET_errSuccess, cursor_bookmark(&cur, &pb, &cb));
        bookmarks.emplace_back(pb, pb + cb);
        std::vector<uint8_t> k(KEY_BUFFER_MAX);
        uint32_t cbk = 0;
        ASSERT_EQ(JET_errSuccess, key_from_record(t, cur.index, &cur.rv, nullptr, k.data(), &cbk));
        k.resize(cbk);
        EXPECT_EQ(keys.back(), k);
    }
    ASSERT_EQ(112u, keys.size());
    for (size_t i = 1; i < keys.size(); i++) EXPECT_LT(keys[i - 1], keys[i]);
    for (size_t i = 0; i < keys.size(); i += 7) {
        const uint8_t *pb;
        uint32_t cb;
        ASSERT_EQ(JET_errSuccess, cursor_goto_bookmark(&cur, bookmarks[i].data(), (uint32_t)bookmarks[i].size()));
        ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
        EXPECT_EQ(keys[i], std::vector<uint8_t>(pb, pb + cb));
        // exact, greater-than and less-than seeks around this key
        EXPECT_EQ(JET_errSuccess, cursor_seek(&cur, keys[i].data(), (uint32_t)keys[i].size(), CURSOR_SEEK_EQ));
        ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
        EXPECT_EQ(keys[i], std::vector<uint8_t>(pb, pb + cb));
        JET_ERR e = cursor_seek(&cur, keys[i].data(), (uint32_t)keys[i].size(), CURSOR_SEEK_GT);
        if (i + 1 < keys.size()) {
            ASSERT_EQ(JET_errSuccess, e);
            ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
            EXPECT_EQ(keys[i + 1], std::vector<uint8_t>(pb, pb + cb));
        } else {
            EXPECT_EQ(JET_errRecordNotFound, e);
        }
        e = cursor_seek(&cur, keys[i].data(), (uint32_t)keys[i].size(), CURSOR_SEEK_LT);
        if (i > 0) {
            ASSERT_EQ(JET_errSuccess, e);
            ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
            EXPECT_EQ(keys[i - 1], std::vector<uint8_t>(pb, pb + cb));
        } else {
            EXPECT_EQ(JET_errRecordNotFound, e);
        }
        // a key between this one and the next: GE lands on the next with the warning
        std::vector<uint8_t> between = keys[i];
        between.push_back(0xff);
        e = cursor_seek(&cur, between.data(), (uint32_t)between.size(), CURSOR_SEEK_GE);
        if (i + 1 < keys.size()) {
            EXPECT_EQ(JET_wrnSeekNotEqual, e);
        }
        EXPECT_EQ(JET_errRecordNotFound, cursor_seek(&cur, between.data(), (uint32_t)between.size(), CURSOR_SEEK_EQ));
        EXPECT_EQ(JET_wrnSeekNotEqual, cursor_seek(&cur, between.data(), (uint32_t)between.size(), CURSOR_SEEK_LE));
        ASSERT_EQ(JET_errSuccess, cursor_key(&cur, &pb, &cb));
        EXPECT_EQ(keys[i], std::vector<uint8_t>(pb, pb + cb));
    }
    std::vector<uint8_t> absent = bookmarks[0];
    absent.back() ^= 0x55;
    EXPECT_EQ(JET_errRecordDeleted, cursor_goto_bookmark(&cur, absent.data(), (uint32_t)absent.size()));
    // an upper range: the moves stop at its end and it goes away
    ASSERT_EQ(JET_errSuccess, cursor_move(&cur, JET_MoveFirst));
    EXPECT_EQ(JET_errSuccess, cursor_set_range(&cur, keys[2].data(), (uint32_t)keys[2].size(), true, true));
    EXPECT_EQ(JET_errSuccess, cursor_move(&cur, 2));
    EXPECT_EQ(JET_errNoCurrentRecord, cursor_move(&cur, 1));
    EXPECT_FALSE(cur.range);
    cursor_close(&cur);
}

} // namespace
