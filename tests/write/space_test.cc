// Space (space.c): a new database's root, OwnExt and AvailExt as Windows lays them out;
// system objects at the pages Windows uses; single-extent objects and their bitmap
// (converted to space trees when full); pages allocated and freed; the file grows when
// the root runs out; a deleted object's extents return to its parent.
#include <gtest/gtest.h>

#include <set>
#include <string>

extern "C" {
#include "cache.h"
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
    EXPECT_EQ(256u, le32_get(sph));
    EXPECT_EQ(0u, le32_get(sph + 4));
    EXPECT_EQ(1u, le32_get(sph + 8));
    EXPECT_EQ(2u, le32_get(sph + 12));
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
    EXPECT_EQ(3u, le32_get(sph));
    EXPECT_EQ(4u, le32_get(sph + 4));
    EXPECT_EQ(8u, le32_get(sph + 12));
    EXPECT_EQ(PAGE_FLAG_ROOT | PAGE_FLAG_LEAF | PAGE_FLAG_INDEX, flags & 0xff);
    ASSERT_EQ(JET_errSuccess, space_counts(&f.db, msys, &owned, &avail));
    EXPECT_EQ(20u, owned);
    EXPECT_EQ(20u - 3u - 6u, avail);

    // A one-page object: single extent, empty bitmap; it converts when it needs a page.
    ASSERT_EQ(JET_errSuccess, space_create_object(&f.db, 1, 6, 1, 0, 0, &objids));
    f.root(objids, &flags, sph);
    EXPECT_EQ(0u, le32_get(sph + 8));
    EXPECT_EQ(0u, le32_get(sph + 12));
    uint32_t pg = 0;
    ASSERT_EQ(JET_errSuccess, space_alloc_page(&f.db, objids, &pg));
    f.root(objids, &flags, sph);
    EXPECT_EQ(1u, le32_get(sph + 8) & 1u) << "multiple extent after the conversion";
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

}  // namespace
