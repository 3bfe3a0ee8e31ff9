// Space (space.c): a new database's root, OwnExt and AvailExt as Windows lays them out;
// system objects at the pages Windows uses; single-extent objects and their bitmap
// (converted to space trees when full); pages allocated and freed; the file grows when
// the root runs out; a deleted object's extents return to its parent; space trees that
// outgrow their page become two-level trees and shrink back to one page.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include "cache.h"
#include "catalog.h"
#include "dbheader.h"
#include "integrity.h"
#include "page.h"
#include "space.h"
}

namespace {

struct space_file {
    compat_file *file = nullptr;
    std::string path;
    cache *c = nullptr;
    space_db db{};
    JET_ERR open(uint32_t cb_page, uint32_t cpg)
    {
        char buf[1024];
        if (compat_temp_file(nullptr, buf, sizeof buf, &file) != COMPAT_OK) return JET_errDiskIO;
        path = buf;
        JET_ERR err = cache_create(cb_page, 64, &c);
        if (err < 0) return err;
        db.c = c;
        db.cb_page = cb_page;
        err = cache_attach_file(c, file, &db.ifile);
        return err < 0 ? err : space_create_database(&db, cpg);
    }
    ~space_file()
    {
        if (c != nullptr) {
            cache_discard(c, db.ifile);
            cache_detach_file(c, db.ifile);
            cache_destroy(c);
        }
        if (file != nullptr) compat_file_close(file);
        if (!path.empty()) compat_path_delete(path.c_str());
    }
    // The root page's flags and external header.
    void root(uint32_t pgno, uint32_t *flags, uint8_t sph[16])
    {
        cache_page pg;
        page_view pv;
        page_line ext;
        ASSERT_EQ(JET_errSuccess, cache_get(c, db.ifile, pgno, &pg));
        ASSERT_EQ(JET_errSuccess, page_open(pg.data, db.cb_page, &pv));
        ASSERT_EQ(JET_errSuccess, page_external_header(&pv, &ext));
        ASSERT_EQ(16u, ext.cb);
        memcpy(sph, ext.pb, 16);
        *flags = pv.flags;
        cache_release(c, &pg);
    }
};

TEST(Space, NewDatabaseAndSystemObjectsWhereWindowsPutsThem)
{
    space_file f;
    ASSERT_EQ(JET_errSuccess, f.open(4096, 256));
    EXPECT_EQ(256u, f.db.pgno_last);
    uint32_t owned, avail, flags;
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, 1, &owned, &avail));
    EXPECT_EQ(256u, owned);
    EXPECT_EQ(253u, avail);
    uint8_t sph[16];
    f.root(1, &flags, sph);
    EXPECT_EQ(256u, byte_order_get_le32(sph));
    EXPECT_EQ(0u, byte_order_get_le32(sph + 4));
    EXPECT_EQ(1u, byte_order_get_le32(sph + 8));
    EXPECT_EQ(2u, byte_order_get_le32(sph + 12));
    EXPECT_EQ(PAGE_FLAG_ROOT | PAGE_FLAG_LEAF, flags & 0xff);

    uint32_t msys = 0, name = 0, root_objects = 0, shadow = 0, objids = 0;
    ASSERT_EQ(JET_errSuccess, space_create_object(&f.db, 1, 2, 20, 0, 4, &msys));
    EXPECT_EQ(4u, msys);
    ASSERT_EQ(JET_errSuccess, space_create_object(&f.db, msys, 4, 3, PAGE_FLAG_INDEX, 7, &name));
    EXPECT_EQ(7u, name);
    ASSERT_EQ(JET_errSuccess, space_create_object(&f.db, msys, 5, 3, PAGE_FLAG_INDEX, 10, &root_objects));
    EXPECT_EQ(10u, root_objects);
    ASSERT_EQ(JET_errSuccess, space_create_object(&f.db, 1, 3, 5, 0, 24, &shadow));
    EXPECT_EQ(24u, shadow);
    f.root(7, &flags, sph);
    EXPECT_EQ(3u, byte_order_get_le32(sph));
    EXPECT_EQ(4u, byte_order_get_le32(sph + 4));
    EXPECT_EQ(8u, byte_order_get_le32(sph + 12));
    EXPECT_EQ(PAGE_FLAG_ROOT | PAGE_FLAG_LEAF | PAGE_FLAG_INDEX, flags & 0xff);
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, msys, &owned, &avail));
    EXPECT_EQ(20u, owned);
    EXPECT_EQ(20u - 3u - 6u, avail);

    // A one-page object: single extent, empty bitmap; it converts when it needs a page.
    ASSERT_EQ(JET_errSuccess, space_create_object(&f.db, 1, 6, 1, 0, 0, &objids));
    f.root(objids, &flags, sph);
    EXPECT_EQ(0u, byte_order_get_le32(sph + 8));
    EXPECT_EQ(0u, byte_order_get_le32(sph + 12));
    uint32_t pg = 0;
    ASSERT_EQ(JET_errSuccess, space_alloc_page(&f.db, objids, &pg));
    f.root(objids, &flags, sph);
    EXPECT_EQ(1u, byte_order_get_le32(sph + 8) & 1u) << "multiple extent after the conversion";
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, objids, &owned, &avail));
    EXPECT_EQ(owned, 1u + 2u + 1u + avail) << "root + OwnExt/AvailExt + the page taken + available";
    ASSERT_EQ(JET_errSuccess, space_free_page(&f.db, objids, pg));
    EXPECT_EQ(JET_errSPAvailExtCorrupted, space_free_page(&f.db, objids, pg)) << "freed twice";

    // A two-page single-extent object: its bitmap gives its one spare page.
    uint32_t small = 0;
    ASSERT_EQ(JET_errSuccess, space_create_object(&f.db, 1, 9, 2, 0, 0, &small));
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, small, &owned, &avail));
    EXPECT_EQ(2u, owned);
    EXPECT_EQ(1u, avail);
    ASSERT_EQ(JET_errSuccess, space_alloc_page(&f.db, small, &pg));
    EXPECT_EQ(small + 1u, pg);

    // Deleting objects gives their extents back to the database.
    uint32_t root_avail_before;
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, 1, &owned, &root_avail_before));
    ASSERT_EQ(JET_errSuccess, space_free_object(&f.db, small));
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, 1, &owned, &avail));
    EXPECT_EQ(root_avail_before + 2u, avail);
    EXPECT_EQ(JET_errInvalidParameter, space_free_object(&f.db, 1));
}

TEST(Space, TheFileGrowsGeometricallyWhenTheRootRunsOut)
{
    space_file f;
    ASSERT_EQ(JET_errSuccess, f.open(8192, 16));
    uint32_t fdp = 0, owned, avail;
    ASSERT_EQ(JET_errSuccess, space_create_object(&f.db, 1, 8, 4, 0, 0, &fdp));
    std::set<uint32_t> pages;
    for (int i = 0; i < 5000; i++) {
        uint32_t pg = 0;
        ASSERT_EQ(JET_errSuccess, space_alloc_page(&f.db, fdp, &pg));
        EXPECT_TRUE(pages.insert(pg).second) << "page handed out twice: " << pg;
        EXPECT_LE(pg, f.db.pgno_last);
        EXPECT_GT(pg, fdp + 2u);
    }
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, fdp, &owned, &avail));
    EXPECT_EQ(owned, 3u + 5000u + avail);
    EXPECT_LT(avail, owned / 4u) << "extents grow by about an eighth";
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, 1, &owned, &avail));
    EXPECT_EQ(f.db.pgno_last, owned);
    EXPECT_LT(f.db.pgno_last, 5000u * 5u / 4u + 64u);
    for (uint32_t pg : pages) ASSERT_EQ(JET_errSuccess, space_free_page(&f.db, fdp, pg));
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, fdp, &owned, &avail));
    EXPECT_EQ(owned - 3u, avail);
    EXPECT_EQ(JET_errSPOwnExtCorrupted, space_free_page(&f.db, fdp, 2u)) << "page 2 belongs to the database root";
}

// What a walk of one space tree finds: its levels, the pages below its root, its extents.
struct tree_shape {
    uint32_t depth = 0;                  // levels of pages, the root's included
    uint32_t root_flags = 0;
    std::vector<uint32_t> pages;         // below the root
    std::vector<std::pair<uint32_t, uint32_t>> extents;  // {first, cpg} in key order
    bool ok = true;
    std::string why;
};

void walk_space_tree(cache *c, uint32_t ifile, uint32_t cb_page, uint32_t pgno, uint32_t level, uint32_t prev_expect,
                     tree_shape &out, std::vector<uint32_t> &last_at_level)
{
    cache_page pg;
    page_view pv;
    if (level > 8 || cache_get(c, ifile, pgno, &pg) < 0) {
        out.ok = false;
        out.why = "unreadable page " + std::to_string(pgno);
        return;
    }
    std::vector<uint8_t> copy(pg.data, pg.data + cb_page);
    cache_release(c, &pg);
    if (page_open(copy.data(), cb_page, &pv) < 0 || !(pv.flags & PAGE_FLAG_SPACE_TREE)) {
        out.ok = false;
        out.why = "not a space tree page " + std::to_string(pgno);
        return;
    }
    (void)prev_expect;
    if (level == 0) out.root_flags = pv.flags;
    if (level + 1 > out.depth) out.depth = level + 1;
    if (last_at_level.size() <= level) last_at_level.resize(level + 1, 0);
    if (level > 0 && pv.pgno_prev != last_at_level[level]) {
        out.ok = false;
        out.why = "page " + std::to_string(pgno) + " links back to " + std::to_string(pv.pgno_prev);
    }
    last_at_level[level] = pgno;
    for (uint32_t i = 0; i < page_line_count(&pv); i++) {
        page_node n;
        if (page_get_node(&pv, i, &n) < 0 || n.cb_data != 4) {
            out.ok = false;
            out.why = "bad node";
            return;
        }
        uint8_t key[16];
        uint32_t cb = n.cb_prefix + n.cb_suffix;
        if (cb > sizeof key) {
            out.ok = false;
            return;
        }
        if (n.cb_prefix != 0) memcpy(key, n.prefix, n.cb_prefix);
        if (n.cb_suffix != 0) memcpy(key + n.cb_prefix, n.suffix, n.cb_suffix);
        if (pv.flags & PAGE_FLAG_LEAF) {
            if (cb != 4) continue;
            uint32_t last = (uint32_t)key[0] << 24 | (uint32_t)key[1] << 16 | (uint32_t)key[2] << 8 | key[3];
            uint32_t cpg = byte_order_get_le32(n.data);
            if (!out.extents.empty() && out.extents.back().first + out.extents.back().second > last - cpg + 1) {
                out.ok = false;
                out.why = "extents out of order at page " + std::to_string(pgno);
            }
            out.extents.push_back({last - cpg + 1, cpg});
        } else {
            if (cb == 0 && i + 1 != page_line_count(&pv)) {
                out.ok = false;
                out.why = "empty separator before the last node";
            }
            if (cb != 0 && i + 1 == page_line_count(&pv)) {
                out.ok = false;
                out.why = "last branch node with a key";
            }
            uint32_t child = byte_order_get_le32(n.data);
            out.pages.push_back(child);
            walk_space_tree(c, ifile, cb_page, child, level + 1, 0, out, last_at_level);
        }
    }
}

tree_shape space_tree_shape(space_file &f, uint32_t pgno_root)
{
    tree_shape s;
    std::vector<uint32_t> last;
    walk_space_tree(f.c, f.db.ifile, f.db.cb_page, pgno_root, 0, 0, s, last);
    return s;
}

bool write_clean_header(compat_file *file, uint32_t cb_page, uint64_t dbtime, uint32_t objid_last)
{
    db_header h;
    memset(&h, 0, sizeof h);
    h.magic = DBHEADER_MAGIC;
    h.version = DBHEADER_VERSION;
    h.dbtime_dirtied = dbtime;
    h.sign_db.random = 0x7654321u;
    h.sign_db.create.year = 126;
    h.sign_db.create.month = 1;
    h.sign_db.create.day = 1;
    h.dbstate = DBSTATE_CLEAN_SHUTDOWN;
    h.logtime_consistent = h.sign_db.create;
    h.dbid = 1;
    h.objid_last = objid_last;
    h.update_major = 0x14;
    h.cb_page_size = cb_page;
    h.create_version = DBHEADER_VERSION;
    h.create_update = 0x14;
    h.filetype = JET_filetypeDatabase;
    std::vector<uint8_t> page(cb_page);
    dbheader_encode(&h, page.data(), cb_page);
    return compat_file_write_at(file, page.data(), cb_page, 0) == COMPAT_OK &&
           compat_file_write_at(file, page.data(), cb_page, cb_page) == COMPAT_OK && compat_file_flush(file) == COMPAT_OK;
}

// Checks the database as a whole: integrity_check finds only pages the test holds
// (allocated, in no tree) leaked, nothing when it holds none; edbcheck.py accepts the file.
void expect_whole_file_ok(space_file &f, uint32_t objid_last, const std::set<uint32_t> &held)
{
    ASSERT_EQ(JET_errSuccess, cache_flush(f.c, f.db.ifile));
    // The file holds every page the root owns, as the engine extends it.
    ASSERT_EQ(COMPAT_OK, compat_file_set_size(f.file, (uint64_t)(f.db.pgno_last + 2u) * f.db.cb_page));
    ASSERT_TRUE(write_clean_header(f.file, f.db.cb_page, f.db.dbtime, objid_last));
    integrity_report r;
    JET_ERR err = integrity_check(f.c, f.db.ifile, f.db.pgno_last, &r);
    std::string text;
    for (uint32_t i = 0; i < r.problems_kept; i++) text += std::string("\n  ") + r.problem[i];
    if (held.empty()) {
        EXPECT_EQ(JET_errSuccess, err) << r.problems << " problems" << text;
    } else {
        // The check names at most a few problems per object: they must all be held pages.
        EXPECT_EQ(std::min<size_t>(held.size(), 4u), (size_t)r.problems) << text;
        for (uint32_t i = 0; i < r.problems_kept; i++) {
            EXPECT_NE(nullptr, std::strstr(r.problem[i], "leaked")) << r.problem[i];
            EXPECT_EQ(1u, held.count((uint32_t)std::strtoul(r.problem[i] + 5, nullptr, 10))) << r.problem[i];
        }
    }
    if (std::getenv("WINEPREFIX") == nullptr) {
        std::string cmd = std::string("python3 ") + EDBCHECK_PY + " " + f.path + " > /dev/null 2>&1";
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
    }
}

// owned = root + OwnExt and AvailExt (their roots and the pages below) + held + available.
void expect_counts(space_file &f, uint32_t fdp, size_t held, const tree_shape &oe, const tree_shape &ae)
{
    uint32_t owned = 0, avail = 0, ae_pages = 0;
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, fdp, &owned, &avail));
    for (auto &e : ae.extents) ae_pages += e.second;
    EXPECT_EQ(ae_pages, avail);
    EXPECT_EQ((size_t)owned, 3u + oe.pages.size() + ae.pages.size() + held + avail);
}

void fragment_and_refill(uint32_t cb_page)
{
    space_file f;
    ASSERT_EQ(JET_errSuccess, f.open(cb_page, 256));
    uint32_t objid_last = 0, fdp = 0;
    ASSERT_EQ(JET_errSuccess, catalog_create_system(&f.db, &objid_last));
    catalog *cat = nullptr;
    ASSERT_EQ(JET_errSuccess, catalog_load(f.c, f.db.ifile, &cat));
    ASSERT_EQ(JET_errSuccess, space_create_object(&f.db, 1, ++objid_last, 4, PAGE_FLAG_NEW_RECORD_FORMAT, 0, &fdp));
    ASSERT_EQ(JET_errSuccess, catalog_add_table(&f.db, cat, "Scattered", objid_last, fdp, 4, 80, 0, nullptr));
    catalog_free(cat);
    uint8_t sph[16];
    uint32_t flags;
    f.root(fdp, &flags, sph);
    const uint32_t pgno_oe = byte_order_get_le32(sph + 12), pgno_ae = pgno_oe + 1;

    std::vector<uint32_t> pages;
    std::set<uint32_t> held;
    for (int i = 0; i < 3000; i++) {
        uint32_t pg = 0;
        ASSERT_EQ(JET_errSuccess, space_alloc_page(&f.db, fdp, &pg));
        ASSERT_TRUE(held.insert(pg).second) << pg;
        pages.push_back(pg);
    }
    tree_shape oe = space_tree_shape(f, pgno_oe), ae = space_tree_shape(f, pgno_ae);
    ASSERT_TRUE(oe.ok && ae.ok) << oe.why << ae.why;
    EXPECT_EQ(1u, ae.depth);
    expect_counts(f, fdp, held.size(), oe, ae);

    // Every other page back: AvailExt lists ~1500 single pages on several leaves.
    std::sort(pages.begin(), pages.end());
    for (size_t i = 0; i < pages.size(); i += 2) {
        ASSERT_EQ(JET_errSuccess, space_free_page(&f.db, fdp, pages[i])) << i;
        held.erase(pages[i]);
    }
    oe = space_tree_shape(f, pgno_oe);
    ae = space_tree_shape(f, pgno_ae);
    ASSERT_TRUE(oe.ok && ae.ok) << oe.why << ae.why;
    EXPECT_EQ(2u, ae.depth);
    EXPECT_EQ(PAGE_FLAG_ROOT | PAGE_FLAG_PARENT_OF_LEAF | PAGE_FLAG_SPACE_TREE,
              ae.root_flags & (PAGE_FLAG_ROOT | PAGE_FLAG_LEAF | PAGE_FLAG_PARENT_OF_LEAF | PAGE_FLAG_SPACE_TREE));
    EXPECT_GE(ae.extents.size(), 1500u);
    EXPECT_GE(ae.pages.size(), cb_page == 4096 ? 6u : 3u);
    for (auto &e : ae.extents)
        for (uint32_t p = e.first; p < e.first + e.second; p++) {
            EXPECT_EQ(0u, held.count(p)) << "held page " << p << " available";
            for (uint32_t q : ae.pages) EXPECT_NE(p, q) << "a tree page is available";
        }
    expect_counts(f, fdp, held.size(), oe, ae);
    expect_whole_file_ok(f, objid_last, held);
    EXPECT_EQ(JET_errInvalidParameter, space_free_page(&f.db, fdp, ae.pages[0])) << "a space tree page is not freed";

    // All of them taken again: the tree shrinks back to its root.
    while (held.size() < 3000) {
        uint32_t pg = 0;
        ASSERT_EQ(JET_errSuccess, space_alloc_page(&f.db, fdp, &pg));
        ASSERT_TRUE(held.insert(pg).second) << pg;
    }
    oe = space_tree_shape(f, pgno_oe);
    ae = space_tree_shape(f, pgno_ae);
    ASSERT_TRUE(oe.ok && ae.ok) << oe.why << ae.why;
    EXPECT_EQ(1u, ae.depth);
    EXPECT_TRUE(ae.root_flags & PAGE_FLAG_LEAF);
    EXPECT_LE(ae.extents.size(), 2u);
    expect_counts(f, fdp, held.size(), oe, ae);
    expect_whole_file_ok(f, objid_last, held);

    // Everything back: the file holds together with no page unaccounted for.
    for (uint32_t p : held) ASSERT_EQ(JET_errSuccess, space_free_page(&f.db, fdp, p)) << p;
    held.clear();
    oe = space_tree_shape(f, pgno_oe);
    ae = space_tree_shape(f, pgno_ae);
    ASSERT_TRUE(oe.ok && ae.ok) << oe.why << ae.why;
    EXPECT_EQ(1u, ae.depth);
    expect_counts(f, fdp, 0, oe, ae);
    expect_whole_file_ok(f, objid_last, held);
}

TEST(Space, AvailExtOverSeveralPagesAndBackOn4KiBPages)
{
    fragment_and_refill(4096);
}

TEST(Space, AvailExtOverSeveralPagesAndBackOn8KiBPages)
{
    fragment_and_refill(8192);
}

}  // namespace
