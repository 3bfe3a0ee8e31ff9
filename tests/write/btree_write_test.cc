// B+-tree writes (btree_write.c) on a real file: random and ascending loads read back in
// order and by seek with the read-side cursor, deletes (pages freed return to the tree's
// space), replaces that grow and shrink nodes, keys of 1..255 bytes and nodes of
// btree_tree_node_max, all four page sizes; after a flush every page written verifies and
// the space of the tree adds up (owned = in the tree + space trees + available, nothing
// both in the tree and available).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include "btree.h"
#include "cache.h"
#include "page.h"
#include "page_checksum.h"
#include "space.h"
}

namespace {

typedef std::vector<uint8_t> bytes;

// A database file in the temp directory with its cache and space state.
struct test_db {
    compat_file *file = nullptr;
    std::string path;
    cache *c = nullptr;
    space_db db{};

    JET_ERR open(uint32_t cb_page, uint32_t cache_pages, uint32_t cpg_initial = 64)
    {
        char buf[1024];
        if (compat_temp_file(nullptr, buf, sizeof buf, &file) != COMPAT_OK) return JET_errDiskIO;
        path = buf;
        JET_ERR err = cache_create(cb_page, cache_pages, &c);
        if (err < 0) return err;
        db.c = c;
        db.cb_page = cb_page;
        err = cache_attach_file(c, file, &db.ifile);
        if (err < 0) return err;
        return space_create_database(&db, cpg_initial);
    }
    // Writes every dirty page and sizes the file to pgno_last.
    JET_ERR flush()
    {
        JET_ERR err = cache_flush(c, db.ifile);
        if (err < 0) return err;
        if (compat_file_set_size(file, (uint64_t)(db.pgno_last + 2u) * db.cb_page) != COMPAT_OK) return JET_errDiskIO;
        return JET_errSuccess;
    }
    ~test_db()
    {
        if (c != nullptr) {
            cache_discard(c, db.ifile);
            cache_detach_file(c, db.ifile);
            cache_destroy(c);
        }
        if (file != nullptr) compat_file_close(file);
        if (!path.empty()) compat_path_delete(path.c_str());
    }
};

bytes be_key(uint32_t v, uint32_t width = 4)
{
    bytes k(width, 0);
    for (uint32_t i = 0; i < width && i < 4; i++) k[i] = (uint8_t)(v >> (8 * (3 - i)));
    for (uint32_t i = 4; i < width; i++) k[i] = (uint8_t)(v * 31u + i);
    return k;
}

bytes value_for(const bytes &key, uint32_t size)
{
    bytes v(size);
    for (uint32_t i = 0; i < size; i++) v[i] = (uint8_t)(key[i % key.size()] ^ (i * 7u));
    return v;
}

// Reads the whole tree forward and backward and checks it equals the model.
void expect_tree(test_db &t, uint32_t root, const std::map<bytes, bytes> &model)
{
    btree_cursor cur;
    ASSERT_EQ(JET_errSuccess, btree_open(&cur, t.c, t.db.ifile, root));
    auto it = model.begin();
    JET_ERR err = btree_move_first(&cur);
    size_t n = 0;
    while (err >= 0) {
        ASSERT_NE(model.end(), it) << "more nodes than inserted";
        ASSERT_EQ(it->first, bytes(cur.key, cur.key + cur.cb_key)) << n;
        ASSERT_EQ(it->second, bytes(cur.data, cur.data + cur.cb_data)) << n;
        ++it;
        ++n;
        err = btree_move_next(&cur);
    }
    EXPECT_TRUE(err == JET_errNoCurrentRecord || (err == JET_errRecordNotFound && model.empty())) << err;
    EXPECT_EQ(model.size(), n);
    // Backwards too: the prev links must hold.
    n = 0;
    auto rit = model.rbegin();
    err = btree_move_last(&cur);
    while (err >= 0) {
        ASSERT_NE(model.rend(), rit);
        ASSERT_EQ(rit->first, bytes(cur.key, cur.key + cur.cb_key));
        ++rit;
        ++n;
        err = btree_move_prev(&cur);
    }
    EXPECT_EQ(model.size(), n);
    btree_close(&cur);
}

// Seeks every stride-th key exactly and just above it.
void expect_seeks(test_db &t, uint32_t root, const std::map<bytes, bytes> &model, size_t stride)
{
    btree_cursor cur;
    ASSERT_EQ(JET_errSuccess, btree_open(&cur, t.c, t.db.ifile, root));
    size_t i = 0;
    for (auto it = model.begin(); it != model.end(); ++it, ++i) {
        if (i % stride != 0) continue;
        ASSERT_EQ(JET_errSuccess, btree_seek(&cur, it->first.data(), (uint32_t)it->first.size()));
        ASSERT_EQ(it->first, bytes(cur.key, cur.key + cur.cb_key));
        ASSERT_EQ(it->second, bytes(cur.data, cur.data + cur.cb_data));
        bytes above = it->first;
        above.push_back(0);
        auto next = std::next(it);
        JET_ERR err = btree_seek(&cur, above.data(), (uint32_t)above.size());
        if (next == model.end()) {
            EXPECT_EQ(JET_errRecordNotFound, err);
        } else {
            ASSERT_EQ(JET_errSuccess, err);
            ASSERT_EQ(next->first, bytes(cur.key, cur.key + cur.cb_key));
        }
    }
    btree_close(&cur);
}

// Extents of a one-page space tree.
std::vector<std::pair<uint32_t, uint32_t>> read_extents(test_db &t, uint32_t pgno)
{
    std::vector<std::pair<uint32_t, uint32_t>> out;
    cache_page pg;
    page_view pv;
    EXPECT_EQ(JET_errSuccess, cache_get(t.c, t.db.ifile, pgno, &pg));
    EXPECT_EQ(JET_errSuccess, page_open(pg.data, t.db.cb_page, &pv));
    EXPECT_TRUE(pv.flags & PAGE_FLAG_SPACE_TREE);
    for (uint32_t i = 0; i < page_line_count(&pv); i++) {
        page_node node;
        EXPECT_EQ(JET_errSuccess, page_get_node(&pv, i, &node));
        EXPECT_EQ(4u, node.cb_suffix);
        EXPECT_EQ(4u, node.cb_data);
        uint32_t last = (uint32_t)node.suffix[0] << 24 | node.suffix[1] << 16 | node.suffix[2] << 8 | node.suffix[3];
        uint32_t cpg = byte_order_get_le32(node.data);
        out.emplace_back(last - cpg + 1, cpg);
    }
    cache_release(t.c, &pg);
    return out;
}

uint32_t space_oe_of(test_db &t, uint32_t fdp)
{
    cache_page pg;
    page_view pv;
    page_line ext;
    EXPECT_EQ(JET_errSuccess, cache_get(t.c, t.db.ifile, fdp, &pg));
    EXPECT_EQ(JET_errSuccess, page_open(pg.data, t.db.cb_page, &pv));
    EXPECT_EQ(JET_errSuccess, page_external_header(&pv, &ext));
    EXPECT_EQ(16u, ext.cb);
    uint32_t oe = (byte_order_get_le32(ext.pb + 8) & 1u) ? byte_order_get_le32(ext.pb + 12) : 0u;
    cache_release(t.c, &pg);
    return oe;
}

// Pages of the tree, by walking every level from the root; checks the level flags and
// the sibling chain of each level on the way.
std::set<uint32_t> tree_pages(test_db &t, uint32_t root)
{
    std::set<uint32_t> pages;
    std::vector<uint32_t> level{root};
    bool leaf_level = false;
    while (!level.empty() && !leaf_level) {
        std::vector<uint32_t> next;
        for (size_t k = 0; k < level.size(); k++) {
            uint32_t pgno = level[k];
            EXPECT_TRUE(pages.insert(pgno).second) << "page twice in the tree: " << pgno;
            cache_page pg;
            page_view pv;
            EXPECT_EQ(JET_errSuccess, cache_get(t.c, t.db.ifile, pgno, &pg));
            EXPECT_EQ(JET_errSuccess, page_open(pg.data, t.db.cb_page, &pv));
            if (pgno != root) {
                EXPECT_EQ(k == 0 ? 0u : level[k - 1], pv.pgno_prev) << pgno;
                EXPECT_EQ(k + 1 == level.size() ? 0u : level[k + 1], pv.pgno_next) << pgno;
                EXPECT_FALSE(pv.flags & PAGE_FLAG_ROOT);
                EXPECT_GT(page_line_count(&pv), 0u) << "empty non-root page " << pgno;
            }
            if (pv.flags & PAGE_FLAG_LEAF) {
                leaf_level = true;
            } else {
                for (uint32_t i = 0; i < page_line_count(&pv); i++) {
                    page_node node;
                    EXPECT_EQ(JET_errSuccess, page_get_node(&pv, i, &node));
                    EXPECT_EQ(4u, node.cb_data);
                    if (i + 1 == page_line_count(&pv)) {
                        EXPECT_EQ(0u, node.cb_prefix + node.cb_suffix);
                    }
                    next.push_back(byte_order_get_le32(node.data));
                }
            }
            cache_release(t.c, &pg);
        }
        level.swap(next);
    }
    return pages;
}

// owned = tree pages + OwnExt/AvailExt pages + available; nothing both used and available.
void expect_space_adds_up(test_db &t, uint32_t root)
{
    uint32_t owned = 0, avail = 0;
    ASSERT_EQ(JET_errSuccess, space_counts(&t.db, root, &owned, &avail));
    uint32_t oe = space_oe_of(t, root);
    ASSERT_NE(0u, oe);
    std::set<uint32_t> used = tree_pages(t, root);
    used.insert(oe);
    used.insert(oe + 1);
    std::set<uint32_t> owned_pages, avail_pages;
    for (auto &e : read_extents(t, oe))
        for (uint32_t p = e.first; p < e.first + e.second; p++) EXPECT_TRUE(owned_pages.insert(p).second);
    for (auto &e : read_extents(t, oe + 1))
        for (uint32_t p = e.first; p < e.first + e.second; p++) EXPECT_TRUE(avail_pages.insert(p).second);
    EXPECT_EQ(owned, owned_pages.size());
    EXPECT_EQ(avail, avail_pages.size());
    for (uint32_t p : used) {
        EXPECT_TRUE(owned_pages.count(p)) << "page " << p << " used but not owned";
        EXPECT_FALSE(avail_pages.count(p)) << "page " << p << " used and available";
    }
    for (uint32_t p : avail_pages) EXPECT_TRUE(owned_pages.count(p));
    EXPECT_EQ(owned, used.size() + avail) << "pages lost";
}

// Every page of the file that was ever written verifies (checksum, and the page layer
// accepts it); returns how many were checked.
uint32_t expect_file_verifies(test_db &t)
{
    EXPECT_EQ(JET_errSuccess, t.flush());
    std::vector<uint8_t> buf(t.db.cb_page);
    uint32_t checked = 0;
    for (uint32_t pgno = 1; pgno <= t.db.pgno_last; pgno++) {
        size_t done = 0;
        EXPECT_EQ(COMPAT_OK, compat_file_read_at(t.file, buf.data(), buf.size(), (uint64_t)(pgno + 1) * t.db.cb_page, &done));
        if (page_checksum_is_blank(buf.data(), t.db.cb_page)) continue;
        EXPECT_EQ(JET_errSuccess, page_checksum_verify(buf.data(), t.db.cb_page, pgno, nullptr)) << pgno;
        page_view pv;
        EXPECT_EQ(JET_errSuccess, page_open(buf.data(), t.db.cb_page, &pv)) << pgno;
        for (uint32_t i = 0; i < page_line_count(&pv); i++) {
            page_node node;
            EXPECT_EQ(JET_errSuccess, page_get_node(&pv, i, &node)) << pgno;
        }
        checked++;
    }
    return checked;
}

struct tree_fixture {
    test_db t;
    btree_tree tree{};
    // flags: the tree's page flags, which its root and every page split from it carry
    JET_ERR create(uint32_t cb_page, uint32_t cache_pages, uint32_t flags = 0)
    {
        JET_ERR err = t.open(cb_page, cache_pages);
        if (err < 0) return err;
        tree.db = &t.db;
        tree.objid = 8;
        tree.page_flags = flags;
        err = space_create_object(&t.db, SPACE_PGNO_ROOT, tree.objid, 4, flags, 0, &tree.pgno_root);
        return err;
    }
};

const uint32_t k_page_sizes[] = {4096, 8192, 16384, 32768};

TEST(BtreeWrite, RandomKeysReadBackInOrderThenHalfDeleted)
{
    for (uint32_t cb_page : k_page_sizes) {
        SCOPED_TRACE(cb_page);
        tree_fixture f;
        ASSERT_EQ(JET_errSuccess, f.create(cb_page, 256));
        std::mt19937 rng(cb_page);
        std::map<bytes, bytes> model;
        const size_t count = cb_page == 8192 ? 100000 : 30000;
        while (model.size() < count) {
            bytes key = be_key(rng(), 4 + rng() % 12);
            bytes val = value_for(key, rng() % 40);
            JET_ERR err = btree_insert(&f.tree, key.data(), (uint32_t)key.size(), val.data(), (uint32_t)val.size());
            if (model.count(key)) {
                ASSERT_EQ(JET_errKeyDuplicate, err);
            } else {
                ASSERT_EQ(JET_errSuccess, err);
                model[key] = val;
            }
        }
        // A duplicate changes nothing.
        bytes dup = model.begin()->first;
        ASSERT_EQ(JET_errKeyDuplicate, btree_insert(&f.tree, dup.data(), (uint32_t)dup.size(), nullptr, 0));
        expect_tree(f.t, f.tree.pgno_root, model);
        expect_seeks(f.t, f.tree.pgno_root, model, 97);
        expect_space_adds_up(f.t, f.tree.pgno_root);

        std::vector<bytes> keys;
        for (auto &kv : model) keys.push_back(kv.first);
        std::shuffle(keys.begin(), keys.end(), rng);
        for (size_t i = 0; i < keys.size() / 2; i++) {
            ASSERT_EQ(JET_errSuccess, btree_delete(&f.tree, keys[i].data(), (uint32_t)keys[i].size())) << i;
            model.erase(keys[i]);
        }
        ASSERT_EQ(JET_errRecordNotFound, btree_delete(&f.tree, keys[0].data(), (uint32_t)keys[0].size()));
        expect_tree(f.t, f.tree.pgno_root, model);
        expect_seeks(f.t, f.tree.pgno_root, model, 89);
        expect_space_adds_up(f.t, f.tree.pgno_root);
        EXPECT_GT(expect_file_verifies(f.t), 10u);
        cache_stats st;
        cache_get_stats(f.t.c, &st);
        EXPECT_EQ(0u, st.frames_pinned);
    }
}

TEST(BtreeWrite, MillionAscendingKeysFillPages)
{
    tree_fixture f;
    ASSERT_EQ(JET_errSuccess, f.create(8192, 512));
    const uint32_t count = 1000000;
    uint8_t val[8];
    for (uint32_t i = 0; i < count; i++) {
        bytes key = be_key(i);
        std::memcpy(val, key.data(), 4);
        std::memcpy(val + 4, key.data(), 4);
        ASSERT_EQ(JET_errSuccess, btree_insert(&f.tree, key.data(), 4, val, 8)) << i;
    }
    btree_cursor cur;
    ASSERT_EQ(JET_errSuccess, btree_open(&cur, f.t.c, f.t.db.ifile, f.tree.pgno_root));
    JET_ERR err = btree_move_first(&cur);
    uint32_t n = 0;
    while (err >= 0) {
        ASSERT_EQ(4u, cur.cb_key);
        ASSERT_EQ(be_key(n), bytes(cur.key, cur.key + 4));
        ASSERT_EQ(8u, cur.cb_data);
        n++;
        err = btree_move_next(&cur);
    }
    EXPECT_EQ(count, n);
    for (uint32_t i = 0; i < count; i += 9973) {
        bytes key = be_key(i);
        ASSERT_EQ(JET_errSuccess, btree_seek(&cur, key.data(), 4));
        ASSERT_EQ(key, bytes(cur.key, cur.key + 4));
    }
    btree_close(&cur);
    // Append splits leave full pages: a node takes 4 + 2 + 4 + 8 bytes, so about 450 fit
    // on an 8 KiB page; the leaves are at least 95% full.
    std::set<uint32_t> pages = tree_pages(f.t, f.tree.pgno_root);
    uint32_t per_page = (8192 - 40 - 4) / 18;
    EXPECT_LT(pages.size(), (size_t)(count / per_page * 1.06 + 10)) << pages.size();
    expect_space_adds_up(f.t, f.tree.pgno_root);
    // Geometric extents: few of them.
    EXPECT_LT(read_extents(f.t, space_oe_of(f.t, f.tree.pgno_root)).size(), 60u);
    EXPECT_GT(expect_file_verifies(f.t), pages.size());
}

TEST(BtreeWrite, DeletingEverythingFreesThePagesAndEmptiesTheRoot)
{
    tree_fixture f;
    ASSERT_EQ(JET_errSuccess, f.create(4096, 64));
    uint32_t owned0 = 0, avail0 = 0;
    ASSERT_EQ(JET_errSuccess, space_counts(&f.t.db, f.tree.pgno_root, &owned0, &avail0));
    std::map<bytes, bytes> model;
    for (uint32_t i = 0; i < 20000; i++) {
        bytes key = be_key(i * 2654435761u, 8);
        bytes val = value_for(key, 30);
        ASSERT_EQ(JET_errSuccess, btree_insert(&f.tree, key.data(), 8, val.data(), 30));
        model[key] = val;
    }
    uint32_t owned1 = 0, avail1 = 0;
    ASSERT_EQ(JET_errSuccess, space_counts(&f.t.db, f.tree.pgno_root, &owned1, &avail1));
    EXPECT_GT(owned1 - avail1, 100u);
    // In key order, so whole pages empty one after the other.
    for (auto &kv : model) ASSERT_EQ(JET_errSuccess, btree_delete(&f.tree, kv.first.data(), (uint32_t)kv.first.size()));
    model.clear();
    expect_tree(f.t, f.tree.pgno_root, model);
    uint32_t owned2 = 0, avail2 = 0;
    ASSERT_EQ(JET_errSuccess, space_counts(&f.t.db, f.tree.pgno_root, &owned2, &avail2));
    EXPECT_EQ(owned1, owned2);
    EXPECT_EQ(owned2 - 3u, avail2) << "every page but the root and its space trees is available again";
    EXPECT_EQ(tree_pages(f.t, f.tree.pgno_root).size(), 1u);
    expect_space_adds_up(f.t, f.tree.pgno_root);
    // The empty tree takes keys again.
    bytes key = be_key(7);
    ASSERT_EQ(JET_errSuccess, btree_insert(&f.tree, key.data(), 4, key.data(), 4));
    model[key] = key;
    expect_tree(f.t, f.tree.pgno_root, model);
    expect_file_verifies(f.t);
}

TEST(BtreeWrite, ReplaceGrowsAndShrinksNodes)
{
    for (uint32_t cb_page : k_page_sizes) {
        SCOPED_TRACE(cb_page);
        tree_fixture f;
        ASSERT_EQ(JET_errSuccess, f.create(cb_page, 64));
        std::mt19937 rng(7);
        std::map<bytes, bytes> model;
        for (uint32_t i = 0; i < 3000; i++) {
            bytes key = be_key(i * 7919u, 6);
            bytes val = value_for(key, 10);
            ASSERT_EQ(JET_errSuccess, btree_insert(&f.tree, key.data(), 6, val.data(), 10));
            model[key] = val;
        }
        uint32_t max = btree_tree_node_max(&f.tree);
        for (int round = 0; round < 3; round++) {
            for (auto &kv : model) {
                uint32_t size = rng() % 4 == 0 ? rng() % (max / 4) : rng() % 60;
                bytes val = value_for(kv.first, size);
                ASSERT_EQ(JET_errSuccess, btree_replace(&f.tree, kv.first.data(), (uint32_t)kv.first.size(), val.data(), size));
                kv.second = val;
            }
            expect_tree(f.t, f.tree.pgno_root, model);
        }
        bytes missing = be_key(1, 5);
        EXPECT_EQ(JET_errRecordNotFound, btree_replace(&f.tree, missing.data(), 5, nullptr, 0));
        bytes k0 = model.begin()->first;
        ASSERT_EQ(JET_errSuccess, btree_replace(&f.tree, k0.data(), (uint32_t)k0.size(), nullptr, 0));
        std::vector<uint8_t> huge(max + 1);
        EXPECT_EQ(JET_errRecordTooBig, btree_replace(&f.tree, k0.data(), (uint32_t)k0.size(), huge.data(), max + 1 - (uint32_t)k0.size()));
        model[k0] = bytes();
        expect_tree(f.t, f.tree.pgno_root, model);
        expect_space_adds_up(f.t, f.tree.pgno_root);
        expect_file_verifies(f.t);
    }
}

TEST(BtreeWrite, KeysOfEverySizeAndNodesAtTheMaximum)
{
    for (uint32_t cb_page : k_page_sizes) {
        SCOPED_TRACE(cb_page);
        tree_fixture f;
        ASSERT_EQ(JET_errSuccess, f.create(cb_page, 64));
        uint32_t max = btree_tree_node_max(&f.tree);
        ASSERT_GT(max, cb_page / 2 - 100);
        std::map<bytes, bytes> model;
        std::mt19937 rng(cb_page);
        // Keys of 1..255 bytes sharing long prefixes (separators must still tell them apart).
        for (uint32_t len = 1; len <= 255; len++) {
            for (uint32_t v = 0; v < 8; v++) {
                bytes key(len, (uint8_t)'a');
                key[len - 1] = (uint8_t)('a' + v);
                bytes val = value_for(key, rng() % 50);
                if (model.count(key)) continue;
                ASSERT_EQ(JET_errSuccess, btree_insert(&f.tree, key.data(), len, val.data(), (uint32_t)val.size()));
                model[key] = val;
            }
        }
        // Nodes of exactly the maximum, between the others.
        for (uint32_t i = 0; i < 40; i++) {
            bytes key = be_key(i * 104729u, 4 + i % 200);
            bytes val = value_for(key, max - (uint32_t)key.size());
            ASSERT_EQ(JET_errSuccess, btree_insert(&f.tree, key.data(), (uint32_t)key.size(), val.data(), (uint32_t)val.size())) << i;
            model[key] = val;
        }
        bytes big = be_key(5, 10);
        std::vector<uint8_t> over(max - 9);
        EXPECT_EQ(JET_errRecordTooBig, btree_insert(&f.tree, big.data(), 10, over.data(), (uint32_t)over.size()));
        expect_tree(f.t, f.tree.pgno_root, model);
        expect_seeks(f.t, f.tree.pgno_root, model, 1);
        // Delete the big ones again: their pages leave the tree.
        for (uint32_t i = 0; i < 40; i++) {
            bytes key = be_key(i * 104729u, 4 + i % 200);
            ASSERT_EQ(JET_errSuccess, btree_delete(&f.tree, key.data(), (uint32_t)key.size()));
            model.erase(key);
        }
        expect_tree(f.t, f.tree.pgno_root, model);
        expect_space_adds_up(f.t, f.tree.pgno_root);
        expect_file_verifies(f.t);
    }
}

TEST(BtreeWrite, NonUniqueTreesKeepDuplicatesOrderedByData)
{
    tree_fixture f;
    ASSERT_EQ(JET_errSuccess, f.create(4096, 64, PAGE_FLAG_NON_UNIQUE_KEYS | PAGE_FLAG_INDEX));
    std::set<std::pair<bytes, bytes>> model;
    std::mt19937 rng(3);
    for (uint32_t i = 0; i < 15000; i++) {
        bytes key = {0x7f, (uint8_t)(rng() % 3), 0};
        bytes data = be_key(rng(), 4);
        JET_ERR err = btree_insert_dup(&f.tree, key.data(), 3, data.data(), 4);
        if (model.count({key, data})) {
            ASSERT_EQ(JET_errKeyDuplicate, err);
        } else {
            ASSERT_EQ(JET_errSuccess, err) << i;
            model.insert({key, data});
        }
    }
    auto check = [&]() {
        btree_cursor cur;
        ASSERT_EQ(JET_errSuccess, btree_open(&cur, f.t.c, f.t.db.ifile, f.tree.pgno_root));
        JET_ERR err = btree_move_first(&cur);
        auto it = model.begin();
        while (err >= 0) {
            ASSERT_NE(model.end(), it);
            ASSERT_EQ(it->first, bytes(cur.key, cur.key + cur.cb_key));
            ASSERT_EQ(it->second, bytes(cur.data, cur.data + cur.cb_data));
            ++it;
            err = btree_move_next(&cur);
        }
        EXPECT_EQ(model.end(), it);
        // A seek by key lands on the key's first duplicate.
        for (uint8_t k = 0; k < 3; k++) {
            bytes key = {0x7f, k, 0};
            auto first = model.lower_bound({key, bytes()});
            if (first == model.end() || first->first != key) continue;
            ASSERT_EQ(JET_errSuccess, btree_seek(&cur, key.data(), 3));
            EXPECT_EQ(first->second, bytes(cur.data, cur.data + cur.cb_data));
        }
        btree_close(&cur);
    };
    check();
    std::vector<std::pair<bytes, bytes>> all(model.begin(), model.end());
    std::shuffle(all.begin(), all.end(), rng);
    for (size_t i = 0; i < all.size() / 2; i++) {
        ASSERT_EQ(JET_errSuccess, btree_delete_dup(&f.tree, all[i].first.data(), 3, all[i].second.data(), 4));
        model.erase(all[i]);
    }
    EXPECT_EQ(JET_errRecordNotFound, btree_delete_dup(&f.tree, all[0].first.data(), 3, all[0].second.data(), 4));
    check();
    expect_space_adds_up(f.t, f.tree.pgno_root);
    expect_file_verifies(f.t);
}

// Long-value trees take nodes that fill a page alone (ESE's chunks of page - 82 bytes):
// random inserts between such nodes split a page at the new node's position so it goes
// alone on a page, replaces that grow a small node to the maximum isolate it likewise,
// and deleting everything gives every page back. Objects with one primary page (single
// extent, converted when they grow) and with three behave the same.
TEST(BtreeWrite, LongValueTreesTakeNodesAloneOnAPage)
{
    for (uint32_t cb_page : k_page_sizes) {
        for (uint32_t cpg_primary : {1u, 3u}) {
            SCOPED_TRACE(cb_page);
            SCOPED_TRACE(cpg_primary);
            test_db t;
            ASSERT_EQ(JET_errSuccess, t.open(cb_page, 64));
            btree_tree tree{};
            tree.db = &t.db;
            tree.objid = 9;
            tree.page_flags = PAGE_FLAG_LONG_VALUE;
            ASSERT_EQ(JET_errSuccess,
                      space_create_object(&t.db, SPACE_PGNO_ROOT, 9, cpg_primary, PAGE_FLAG_LONG_VALUE, 0, &tree.pgno_root));
            uint32_t max = btree_tree_node_max(&tree);
            EXPECT_GT(max, btree_node_max(cb_page));
            EXPECT_GE(max, cb_page <= 8192 ? cb_page - 82u + 8u : 8150u + 8u);
            std::map<bytes, bytes> model;
            std::mt19937 rng(cb_page + cpg_primary);
            std::vector<uint32_t> lids;
            for (uint32_t lid = 1; lid <= 40; lid++) lids.push_back(lid);
            std::shuffle(lids.begin(), lids.end(), rng);
            for (uint32_t lid : lids) {
                bytes root = be_key(lid);
                bytes rv = value_for(root, 8);
                ASSERT_EQ(JET_errSuccess, btree_insert(&tree, root.data(), 4, rv.data(), 8)) << lid;
                model[root] = rv;
                uint32_t chunks = 1 + rng() % 3;
                for (uint32_t c = 0; c < chunks; c++) {
                    bytes key = root;
                    for (int b = 3; b >= 0; b--) key.push_back((uint8_t)((c * 4014u) >> (8 * b)));
                    uint32_t cb = (rng() % 3 == 0) ? 1 + rng() % 200 : max - 8;
                    bytes val = value_for(key, cb);
                    ASSERT_EQ(JET_errSuccess, btree_insert(&tree, key.data(), 8, val.data(), cb)) << lid << " " << c;
                    model[key] = val;
                }
            }
            bytes over_key = be_key(999, 8);
            std::vector<uint8_t> over(max - 7);
            EXPECT_EQ(JET_errRecordTooBig, btree_insert(&tree, over_key.data(), 8, over.data(), (uint32_t)over.size()));
            expect_tree(t, tree.pgno_root, model);
            expect_seeks(t, tree.pgno_root, model, 1);
            // Small nodes grow to the maximum in place of themselves, big ones shrink.
            for (auto &kv : model) {
                if (kv.first.size() != 8) continue;
                uint32_t cb = kv.second.size() < 300 ? max - 8 : 1 + rng() % 100;
                bytes val = value_for(kv.first, cb);
                ASSERT_EQ(JET_errSuccess, btree_replace(&tree, kv.first.data(), 8, val.data(), cb));
                kv.second = val;
            }
            expect_tree(t, tree.pgno_root, model);
            expect_space_adds_up(t, tree.pgno_root);
            std::vector<bytes> keys;
            for (auto &kv : model) keys.push_back(kv.first);
            std::shuffle(keys.begin(), keys.end(), rng);
            for (size_t i = 0; i < keys.size(); i++) {
                ASSERT_EQ(JET_errSuccess, btree_delete(&tree, keys[i].data(), (uint32_t)keys[i].size())) << i;
                model.erase(keys[i]);
                if (i == keys.size() / 2) expect_tree(t, tree.pgno_root, model);
            }
            expect_tree(t, tree.pgno_root, model);
            expect_space_adds_up(t, tree.pgno_root);
            uint32_t owned = 0, avail = 0;
            ASSERT_EQ(JET_errSuccess, space_counts(&t.db, tree.pgno_root, &owned, &avail));
            EXPECT_EQ(owned, avail + 3u) << "root, OwnExt and AvailExt are all that is in use";
            expect_file_verifies(t);
        }
    }
}

// Key-prefix compression, as ESE writes it: every page that is neither a root nor a
// space-tree page gets a prefix (tag 0) when it is refilled, and nodes sharing more than
// two bytes of it are compressed.
struct prefix_census {
    uint32_t pages = 0, pages_with_prefix = 0, leaves = 0, leaves_with_prefix = 0;
    uint32_t nodes = 0, compressed = 0, branch_compressed = 0;
};

prefix_census census(test_db &t, uint32_t root)
{
    prefix_census c;
    for (uint32_t pgno : tree_pages(t, root)) {
        cache_page pg;
        page_view pv;
        page_line ext;
        EXPECT_EQ(JET_errSuccess, cache_get(t.c, t.db.ifile, pgno, &pg));
        EXPECT_EQ(JET_errSuccess, page_open(pg.data, t.db.cb_page, &pv));
        EXPECT_EQ(JET_errSuccess, page_external_header(&pv, &ext));
        c.pages++;
        if (!(pv.flags & PAGE_FLAG_ROOT) && ext.cb != 0) c.pages_with_prefix++;
        if (!(pv.flags & PAGE_FLAG_ROOT) && (pv.flags & PAGE_FLAG_LEAF)) {
            c.leaves++;
            if (ext.cb != 0) c.leaves_with_prefix++;
        }
        for (uint32_t i = 0; i < page_line_count(&pv); i++) {
            page_node node;
            EXPECT_EQ(JET_errSuccess, page_get_node(&pv, i, &node));
            c.nodes++;
            if (node.flags & NODE_FLAG_COMPRESSED) {
                EXPECT_FALSE(pv.flags & PAGE_FLAG_ROOT) << "roots keep their space header in tag 0";
                EXPECT_GT(node.cb_prefix, PAGE_PREFIX_OVERHEAD) << "a prefix must save bytes";
                EXPECT_LE(node.cb_prefix, ext.cb);
                c.compressed++;
                if (!(pv.flags & PAGE_FLAG_LEAF)) c.branch_compressed++;
            } else {
                EXPECT_EQ(0u, node.cb_prefix);
            }
        }
        cache_release(t.c, &pg);
    }
    return c;
}

bytes customer_key(uint32_t i)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "customer-%06u", i);
    return bytes(buf, buf + std::strlen(buf));
}

TEST(BtreeWrite, PagesCarryPrefixesAndCompressedNodes)
{
    for (uint32_t cb_page : k_page_sizes) {
        SCOPED_TRACE(cb_page);
        // The same count of keys of the same length, once sharing "customer-00...", once
        // random: the first tree must take fewer pages.
        tree_fixture shared, plain;
        ASSERT_EQ(JET_errSuccess, shared.create(cb_page, 256));
        ASSERT_EQ(JET_errSuccess, plain.create(cb_page, 256));
        const uint32_t count = cb_page == 4096 ? 60000 : 20000;
        std::mt19937 rng(cb_page);
        std::map<bytes, bytes> model, model_plain;
        for (uint32_t i = 0; i < count; i++) {
            bytes key = customer_key(i);
            bytes val = value_for(key, 24);
            ASSERT_EQ(JET_errSuccess, btree_insert(&shared.tree, key.data(), (uint32_t)key.size(), val.data(), 24)) << i;
            model[key] = val;
            bytes rkey(key.size());
            for (auto &b : rkey) b = (uint8_t)rng();
            if (model_plain.count(rkey)) continue;
            ASSERT_EQ(JET_errSuccess, btree_insert(&plain.tree, rkey.data(), (uint32_t)rkey.size(), val.data(), 24)) << i;
            model_plain[rkey] = val;
        }
        expect_tree(shared.t, shared.tree.pgno_root, model);
        expect_seeks(shared.t, shared.tree.pgno_root, model, 97);
        expect_tree(plain.t, plain.tree.pgno_root, model_plain);
        prefix_census c = census(shared.t, shared.tree.pgno_root);
        // Every leaf has a prefix, the last one (made by an append split) too; a branch
        // page gets one when it is split.
        EXPECT_EQ(c.leaves, c.leaves_with_prefix);
        EXPECT_GT(c.leaves, 10u);
        EXPECT_GE(c.pages_with_prefix + 1 + (cb_page == 4096 ? 1 : 0), c.pages);
        EXPECT_GT(c.compressed, c.nodes * 95 / 100) << c.compressed << " of " << c.nodes;
        if (cb_page == 4096) {
            EXPECT_GT(c.branch_compressed, 0u) << "separators share the prefix of their branch page too";
        }
        // A leaf node takes 4 + 2 + 15 + 24 bytes uncompressed and about 10 fewer compressed.
        std::set<uint32_t> pages_shared = tree_pages(shared.t, shared.tree.pgno_root);
        std::set<uint32_t> pages_plain = tree_pages(plain.t, plain.tree.pgno_root);
        EXPECT_LT(pages_shared.size() * 100, pages_plain.size() * 88) << pages_shared.size() << " vs " << pages_plain.size();
        EXPECT_LE(shared.t.db.pgno_last, plain.t.db.pgno_last) << "the file is not larger";
        if (cb_page == 4096) {
            EXPECT_LT(shared.t.db.pgno_last, plain.t.db.pgno_last) << "the file is smaller";
        }
        expect_space_adds_up(shared.t, shared.tree.pgno_root);
        expect_file_verifies(shared.t);
    }
}

TEST(BtreeWrite, CompressedPagesTakeRandomInsertsDeletesAndReplaces)
{
    for (uint32_t cb_page : k_page_sizes) {
        SCOPED_TRACE(cb_page);
        tree_fixture f;
        ASSERT_EQ(JET_errSuccess, f.create(cb_page, 128));
        std::mt19937 rng(cb_page + 1);
        std::map<bytes, bytes> model;
        std::vector<uint32_t> order(12000);
        for (uint32_t i = 0; i < order.size(); i++) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        for (uint32_t i : order) {
            // Some keys leave the shared prefix early, some are a prefix of others.
            bytes key = customer_key(i % 3 == 0 ? i : i / 10);
            if (i % 7 == 0) key.resize(3 + i % 9);
            if (i % 11 == 0) key.push_back((uint8_t)i);
            if (model.count(key)) continue;
            bytes val = value_for(key, rng() % 40);
            ASSERT_EQ(JET_errSuccess, btree_insert(&f.tree, key.data(), (uint32_t)key.size(), val.data(), (uint32_t)val.size()));
            model[key] = val;
        }
        expect_tree(f.t, f.tree.pgno_root, model);
        expect_seeks(f.t, f.tree.pgno_root, model, 1);
        EXPECT_GT(census(f.t, f.tree.pgno_root).compressed, (uint32_t)model.size() / 2);
        // Grow and shrink the nodes: pages split and are refilled around compressed nodes.
        uint32_t max = btree_tree_node_max(&f.tree);
        for (auto &kv : model) {
            uint32_t size = rng() % 8 == 0 ? rng() % (max / 6) : rng() % 50;
            bytes val = value_for(kv.first, size);
            ASSERT_EQ(JET_errSuccess, btree_replace(&f.tree, kv.first.data(), (uint32_t)kv.first.size(), val.data(), size));
            kv.second = val;
        }
        expect_tree(f.t, f.tree.pgno_root, model);
        std::vector<bytes> keys;
        for (auto &kv : model) keys.push_back(kv.first);
        std::shuffle(keys.begin(), keys.end(), rng);
        for (size_t i = 0; i < keys.size() * 3 / 4; i++) {
            ASSERT_EQ(JET_errSuccess, btree_delete(&f.tree, keys[i].data(), (uint32_t)keys[i].size()));
            model.erase(keys[i]);
        }
        expect_tree(f.t, f.tree.pgno_root, model);
        expect_seeks(f.t, f.tree.pgno_root, model, 1);
        // Put them back: inserts into pages with prefixes.
        for (size_t i = 0; i < keys.size() * 3 / 4; i++) {
            bytes val = value_for(keys[i], 5);
            ASSERT_EQ(JET_errSuccess, btree_insert(&f.tree, keys[i].data(), (uint32_t)keys[i].size(), val.data(), 5));
            model[keys[i]] = val;
        }
        expect_tree(f.t, f.tree.pgno_root, model);
        expect_space_adds_up(f.t, f.tree.pgno_root);
        expect_file_verifies(f.t);
    }
}

TEST(BtreeWrite, NonUniqueTreesCompressKeysOnly)
{
    tree_fixture f;
    // The pages carry the flags, as an index's do: readers learn the order from them.
    ASSERT_EQ(JET_errSuccess, f.create(8192, 64, PAGE_FLAG_NON_UNIQUE_KEYS | PAGE_FLAG_INDEX));
    // Non-unique trees order their nodes by key and data as one byte string.
    struct stream_less {
        bool operator()(const std::pair<bytes, bytes> &a, const std::pair<bytes, bytes> &b) const
        {
            bytes x = a.first, y = b.first;
            x.insert(x.end(), a.second.begin(), a.second.end());
            y.insert(y.end(), b.second.begin(), b.second.end());
            return x < y;
        }
    };
    std::set<std::pair<bytes, bytes>, stream_less> model;
    std::mt19937 rng(11);
    for (uint32_t i = 0; i < 20000; i++) {
        // Keys of different lengths, so that key-and-data order is not key order.
        bytes key = customer_key(rng() % 50);
        key.resize(key.size() - rng() % 3);
        bytes data = be_key(rng(), 4);
        if (model.count({key, data})) continue;
        ASSERT_EQ(JET_errSuccess, btree_insert_dup(&f.tree, key.data(), (uint32_t)key.size(), data.data(), 4)) << i;
        model.insert({key, data});
    }
    btree_cursor cur;
    ASSERT_EQ(JET_errSuccess, btree_open(&cur, f.t.c, f.t.db.ifile, f.tree.pgno_root));
    JET_ERR err = btree_move_first(&cur);
    auto it = model.begin();
    while (err >= 0) {
        ASSERT_NE(model.end(), it);
        ASSERT_EQ(it->first, bytes(cur.key, cur.key + cur.cb_key));
        ASSERT_EQ(it->second, bytes(cur.data, cur.data + cur.cb_data));
        ++it;
        err = btree_move_next(&cur);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, err);
    EXPECT_EQ(model.end(), it);
    btree_close(&cur);
    EXPECT_GT(census(f.t, f.tree.pgno_root).compressed, (uint32_t)model.size() * 9 / 10);
    expect_space_adds_up(f.t, f.tree.pgno_root);
    expect_file_verifies(f.t);
}

TEST(BtreeWrite, ArgumentsAreChecked)
{
    tree_fixture f;
    ASSERT_EQ(JET_errSuccess, f.create(8192, 16));
    uint8_t k = 1;
    EXPECT_EQ(JET_errInvalidParameter, btree_insert(nullptr, &k, 1, nullptr, 0));
    EXPECT_EQ(JET_errInvalidParameter, btree_insert(&f.tree, nullptr, 3, nullptr, 0));
    EXPECT_EQ(JET_errRecordNotFound, btree_delete(&f.tree, &k, 1));
    EXPECT_EQ(JET_errRecordNotFound, btree_replace(&f.tree, &k, 1, &k, 1));
    // An empty key is a key like any other.
    EXPECT_EQ(JET_errSuccess, btree_insert(&f.tree, nullptr, 0, &k, 1));
    EXPECT_EQ(JET_errKeyDuplicate, btree_insert(&f.tree, nullptr, 0, &k, 1));
    EXPECT_EQ(JET_errSuccess, btree_delete(&f.tree, nullptr, 0));
    // A tree of another objid is not this one.
    btree_tree other = f.tree;
    other.objid = 99;
    EXPECT_EQ(JET_errBadParentPageLink, btree_insert(&other, &k, 1, &k, 1));
    EXPECT_EQ(0u, btree_node_max(1000));
}

}  // namespace
