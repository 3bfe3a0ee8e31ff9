// catalog_write_test.cc: catalog rows (native/record/catalog_write.c). A new database gets the
// system objects, compared node for node with the ones Windows wrote in basic.edb; then
// user tables, columns, indexes and an LV tree are added, deleted and renamed, the file
// is flushed with a clean header, read back by catalog_load and checked by edbcheck.py
// and esedbinfo.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "btree.h"
#include "cache.h"
#include "catalog.h"
#include "dbheader.h"
#include "space.h"
}

namespace {

std::string sample(const std::string &name)
{
    const char *env = std::getenv("ESENT_TESTDATA");
    std::string dir = env != nullptr && env[0] != '\0' ? env : "../shared/testdata";
    return dir + "/edb/" + name;
}

std::string hex(const uint8_t *pb, uint32_t cb)
{
    static const char *d = "0123456789abcdef";
    std::string s;
    for (uint32_t i = 0; i < cb; i++) {
        s += d[pb[i] >> 4];
        s += d[pb[i] & 15];
    }
    return s;
}

// The nodes of a tree as "key data" lines; rows of MSysObjects and its shadow only for
// objid_table <= objid_max.
std::vector<std::string> tree_nodes(cache *c, uint32_t ifile, uint32_t pgno, uint32_t objid_max)
{
    std::vector<std::string> out;
    btree_cursor cur;
    memset(&cur, 0, sizeof cur);
    EXPECT_EQ(btree_open(&cur, c, ifile, pgno), JET_errSuccess);
    for (JET_ERR e = btree_move_first(&cur); e >= 0; e = btree_move_next(&cur)) {
        if ((pgno == 4 || pgno == 24 || pgno == 7) && cur.cb_key >= 5) {
            uint32_t o = (uint32_t)cur.key[1] << 24 | (uint32_t)cur.key[2] << 16 | (uint32_t)cur.key[3] << 8 | cur.key[4];
            if ((o ^ 0x80000000u) > objid_max) continue;
        }
        if (pgno == 10 && cur.cb_data >= 5) {
            uint32_t o = (uint32_t)cur.data[1] << 24 | (uint32_t)cur.data[2] << 16 | (uint32_t)cur.data[3] << 8 | cur.data[4];
            if ((o ^ 0x80000000u) > objid_max) continue;
        }
        if (pgno == 29 && cur.cb_key == 5) {
            uint32_t o = (uint32_t)cur.key[1] << 24 | (uint32_t)cur.key[2] << 16 | (uint32_t)cur.key[3] << 8 | cur.key[4];
            if ((o ^ 0x80000000u) > objid_max) continue;
        }
        out.push_back(hex(cur.key, cur.cb_key) + " " + hex(cur.data, cur.cb_data));
    }
    btree_close(&cur);
    return out;
}

struct file_db {
    compat_file *file = nullptr;
    cache *c = nullptr;
    uint32_t ifile = 0;
    bool attached = false;
    JET_ERR open(const std::string &path, uint32_t cb_page, bool create)
    {
        uint32_t flags = create ? (COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE)
                                : COMPAT_FILE_READ;
        if (compat_file_open(path.c_str(), flags, &file) != COMPAT_OK) return JET_errFileNotFound;
        JET_ERR err = cache_create(cb_page, 512, &c);
        if (err < 0) return err;
        err = cache_attach_file(c, file, &ifile);
        attached = err >= 0;
        return err;
    }
    ~file_db()
    {
        if (attached) cache_detach_file(c, ifile);
        if (c != nullptr) cache_destroy(c);
        if (file != nullptr) compat_file_close(file);
    }
};

// Test helper (the database layer will own this): a clean header on pages 0 and 1.
bool write_clean_header(compat_file *f, uint32_t cb_page, uint64_t dbtime, uint32_t objid_last)
{
    db_header h;
    memset(&h, 0, sizeof h);
    h.magic = DBHEADER_MAGIC;
    h.version = DBHEADER_VERSION;
    h.dbtime_dirtied = dbtime;
    h.sign_db.random = 0x1234567u;
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
    return compat_file_write_at(f, page.data(), cb_page, 0) == COMPAT_OK &&
           compat_file_write_at(f, page.data(), cb_page, cb_page) == COMPAT_OK && compat_file_flush(f) == COMPAT_OK;
}

std::string temp_path(const char *name)
{
    const char *dir = std::getenv("TMPDIR");
    return std::string(dir != nullptr && dir[0] != '\0' ? dir : "/tmp") + "/catalog_write_" +
           std::to_string(static_cast<long long>(compat_clock_monotonic_ns())) + "_" + name;
}

TEST(CatalogWrite, SystemObjectsAsWindowsWritesThem)
{
    std::string path = temp_path("system.edb");
    uint32_t objid_last = 0;
    {
        file_db db;
        ASSERT_EQ(db.open(path, 4096, true), JET_errSuccess);
        space_db s;
        memset(&s, 0, sizeof s);
        s.c = db.c;
        s.ifile = db.ifile;
        s.cb_page = 4096;
        ASSERT_EQ(space_create_database(&s, 256), JET_errSuccess);
        ASSERT_EQ(catalog_create_system(&s, &objid_last), JET_errSuccess);
        EXPECT_EQ(objid_last, 7u);
        ASSERT_EQ(cache_flush(db.c, db.ifile), JET_errSuccess);
        ASSERT_TRUE(write_clean_header(db.file, 4096, s.dbtime, objid_last));

        file_db win;
        ASSERT_EQ(win.open(sample("basic.edb"), 4096, false), JET_errSuccess);
        for (uint32_t pgno : {4u, 7u, 10u, 24u, 29u, 30u}) {
            std::vector<std::string> ours = tree_nodes(db.c, db.ifile, pgno, 7);
            std::vector<std::string> theirs = tree_nodes(win.c, win.ifile, pgno, 7);
            EXPECT_EQ(ours.size(), theirs.size()) << "tree " << pgno;
            for (size_t i = 0; i < ours.size() && i < theirs.size(); i++)
                EXPECT_EQ(ours[i], theirs[i]) << "tree " << pgno << " node " << i;
        }
        catalog *cat = nullptr;
        ASSERT_EQ(catalog_load(db.c, db.ifile, &cat), JET_errSuccess);
        EXPECT_EQ(cat->ctables, 4u);
        EXPECT_NE(catalog_find_table(cat, "MSysObjects"), nullptr);
        EXPECT_NE(catalog_find_table(cat, "msysobjectsshadow"), nullptr);
        catalog_free(cat);
    }
    // edbcheck.py runs where Python does (not under Wine)
    std::string cmd = std::string("python3 ") + EDBCHECK_PY + " " + path + " > /dev/null 2>&1";
    if (std::getenv("WINEPREFIX") == nullptr) {
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    compat_path_delete(path.c_str());
}

record_column column_def(uint32_t id, uint32_t coltyp, uint32_t cb_max, uint32_t ib, const char *name)
{
    record_column c;
    memset(&c, 0, sizeof c);
    c.columnid = id;
    c.coltyp = coltyp;
    c.cb_max = cb_max;
    c.ib_record_offset = ib;
    c.codepage = coltyp == JET_coltypText || coltyp == JET_coltypLongText ? 1252 : 0;
    c.grbit = id <= 127 ? JET_bitColumnFixed : id >= 256 ? JET_bitColumnTagged : 0;
    c.name = const_cast<char *>(name);
    return c;
}

TEST(CatalogWrite, UserObjectsReadBackAndOtherReadersAgree)
{
    std::string path = temp_path("user.edb");
    uint32_t objid_last = 0;
    {
        file_db db;
        ASSERT_EQ(db.open(path, 4096, true), JET_errSuccess);
        space_db s;
        memset(&s, 0, sizeof s);
        s.c = db.c;
        s.ifile = db.ifile;
        s.cb_page = 4096;
        ASSERT_EQ(space_create_database(&s, 256), JET_errSuccess);
        ASSERT_EQ(catalog_create_system(&s, &objid_last), JET_errSuccess);
        catalog *cat = nullptr;
        ASSERT_EQ(catalog_load(db.c, db.ifile, &cat), JET_errSuccess);

        uint32_t pgno = 0;
        catalog_table *t = nullptr;
        ASSERT_EQ(space_create_object(&s, 1, ++objid_last, 4, PAGE_FLAG_NEW_RECORD_FORMAT, 0, &pgno), JET_errSuccess);
        ASSERT_EQ(catalog_add_table(&s, cat, "People", objid_last, pgno, 4, 80, 0, &t), JET_errSuccess);
        const catalog_table *people_before = t;
        EXPECT_EQ(catalog_add_table(&s, cat, "people", objid_last + 1, pgno, 4, 80, 0, nullptr), JET_errTableDuplicate);
        uint32_t people = objid_last;
        record_column cols[] = {column_def(1, JET_coltypLong, 4, 4, "Id"), column_def(2, JET_coltypShort, 2, 8, "Age"),
                                column_def(128, JET_coltypText, 100, 0, "Name"),
                                column_def(256, JET_coltypLongBinary, 0, 0, "Photo")};
        uint8_t def_age[2] = {18, 0};
        cols[1].default_value = def_age;
        cols[1].cb_default = 2;
        record_column *first = nullptr;
        for (auto &c : cols) {
            record_column *added = nullptr;
            ASSERT_EQ(catalog_add_column(&s, cat, people, &c, &added), JET_errSuccess) << c.name;
            if (first == nullptr) first = added;
        }
        EXPECT_EQ(catalog_add_column(&s, cat, people, &cols[0], nullptr), JET_errColumnDuplicate);
        // pointers handed out earlier stay readable
        EXPECT_STREQ(first->name, "Id");
        EXPECT_STREQ(people_before->name, "People");

        record_index x;
        memset(&x, 0, sizeof x);
        x.name = const_cast<char *>("PK");
        x.pgno_fdp = pgno;
        x.objid = people;
        x.idb_flags = IDB_UNIQUE | IDB_PRIMARY | IDB_NO_NULL_SEG;
        x.csegments = 1;
        x.segments[0].columnid = 1;
        ASSERT_EQ(catalog_add_index(&s, cat, people, &x, nullptr), JET_errSuccess);
        uint32_t pgno_ix = 0;
        ASSERT_EQ(space_create_object(&s, pgno, ++objid_last, 1, PAGE_FLAG_INDEX, 0, &pgno_ix), JET_errSuccess);
        memset(&x, 0, sizeof x);
        x.name = const_cast<char *>("ByName");
        x.pgno_fdp = pgno_ix;
        x.objid = objid_last;
        x.idb_flags = IDB_ALLOW_ALL_NULLS | IDB_ALLOW_SOME_NULLS;
        x.csegments = 2;
        x.segments[0].columnid = 128;
        x.segments[1].columnid = 2;
        x.segments[1].descending = true;
        ASSERT_EQ(catalog_add_index(&s, cat, people, &x, nullptr), JET_errSuccess);
        uint32_t objid_ix = objid_last;
        ASSERT_EQ(catalog_create_lv_tree(&s, cat, const_cast<catalog_table *>(catalog_table_by_objid(cat, people)),
                                         &objid_last),
                  JET_errSuccess);

        // a second table, renamed, and one removed again
        ASSERT_EQ(space_create_object(&s, 1, ++objid_last, 1, PAGE_FLAG_NEW_RECORD_FORMAT, 0, &pgno), JET_errSuccess);
        ASSERT_EQ(catalog_add_table(&s, cat, "Temp", objid_last, pgno, 1, 80, 0, nullptr), JET_errSuccess);
        uint32_t temp = objid_last;
        record_column tc = column_def(1, JET_coltypLong, 4, 4, "X");
        ASSERT_EQ(catalog_add_column(&s, cat, temp, &tc, nullptr), JET_errSuccess);
        ASSERT_EQ(space_create_object(&s, 1, ++objid_last, 1, PAGE_FLAG_NEW_RECORD_FORMAT, 0, &pgno), JET_errSuccess);
        ASSERT_EQ(catalog_add_table(&s, cat, "Orders", objid_last, pgno, 1, 80, 0, nullptr), JET_errSuccess);
        ASSERT_EQ(catalog_rename_table(&s, cat, objid_last, "Invoices"), JET_errSuccess);
        ASSERT_EQ(catalog_delete_table(&s, cat, temp), JET_errSuccess);
        ASSERT_EQ(catalog_rename_column(&s, cat, people, 2, "Years"), JET_errSuccess);
        ASSERT_EQ(catalog_delete_index(&s, cat, people, objid_ix), JET_errSuccess);
        EXPECT_EQ(catalog_delete_index(&s, cat, people, objid_ix), JET_errIndexNotFound);

        ASSERT_EQ(cache_flush(db.c, db.ifile), JET_errSuccess);
        ASSERT_TRUE(write_clean_header(db.file, 4096, s.dbtime, objid_last));

        // what the catalog says in memory is what catalog_load reads
        catalog *back = nullptr;
        ASSERT_EQ(catalog_load(db.c, db.ifile, &back), JET_errSuccess);
        EXPECT_EQ(back->ctables, cat->ctables);
        const catalog_table *bp = catalog_find_table(back, "People");
        ASSERT_NE(bp, nullptr);
        EXPECT_EQ(catalog_find_table(back, "Temp"), nullptr);
        EXPECT_NE(catalog_find_table(back, "Invoices"), nullptr);
        EXPECT_EQ(catalog_find_table(back, "Orders"), nullptr);
        ASSERT_EQ(bp->ccolumns, 4u);
        const catalog_table *mp = catalog_find_table(cat, "People");
        for (uint32_t i = 0; i < 4; i++) {
            EXPECT_EQ(bp->columns[i].columnid, mp->columns[i].columnid);
            EXPECT_STREQ(bp->columns[i].name, mp->columns[i].name);
            EXPECT_EQ(bp->columns[i].coltyp, mp->columns[i].coltyp);
            EXPECT_EQ(bp->columns[i].cb_max, mp->columns[i].cb_max);
            EXPECT_EQ(bp->columns[i].ib_record_offset, mp->columns[i].ib_record_offset);
            EXPECT_EQ(bp->columns[i].cb_default, mp->columns[i].cb_default);
        }
        EXPECT_STREQ(bp->columns[1].name, "Years");
        ASSERT_EQ(bp->cindexes, 1u);
        EXPECT_STREQ(bp->indexes[0].name, "PK");
        EXPECT_EQ(bp->indexes[0].csegments, 1u);
        EXPECT_EQ(bp->indexes[0].idb_flags, (uint32_t)(IDB_UNIQUE | IDB_PRIMARY | IDB_NO_NULL_SEG));
        EXPECT_NE(bp->pgno_lv, 0u);
        EXPECT_EQ(bp->pgno_lv, mp->pgno_lv);
        catalog_free(back);
        catalog_free(cat);
    }
    std::string cmd = std::string("python3 ") + EDBCHECK_PY + " " + path + " > /dev/null 2>&1";
    bool wine = std::getenv("WINEPREFIX") != nullptr;
    if (!wine) {
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    std::string info = path + ".info";
    cmd = "esedbinfo -v " + path + " > " + info + " 2>&1";
    if (!wine && std::system("command -v esedbinfo > /dev/null 2>&1") == 0) {
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
        FILE *f = std::fopen(info.c_str(), "rb");
        ASSERT_NE(f, nullptr);
        std::string text;
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
        std::fclose(f);
        EXPECT_NE(text.find("People"), std::string::npos) << text;
        EXPECT_NE(text.find("Invoices"), std::string::npos) << text;
        EXPECT_NE(text.find("Years"), std::string::npos) << text;
        EXPECT_NE(text.find("PK"), std::string::npos) << text;
        EXPECT_EQ(text.find("\tTemp ("), std::string::npos) << text;
        compat_path_delete(info.c_str());
    }
    compat_path_delete(path.c_str());
}

} // namespace
