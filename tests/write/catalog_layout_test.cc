// catalog_layout_test.cc: the catalog layout of Windows 11 24H2 (MSysObjects' fixed column
// 13, PgnoFDPLastSetTime, after LVChunkMax) and a fixed catalog column newer still. The
// databases are made at run time by the engine's own writer: the system objects with
// catalog_create_system_layout (native/record/catalog.h), then tables, indexes and long
// values through the API, which stamps their catalog rows as that Windows does. Read back
// through the API, the catalog's own columns come from the offsets their definitions imply
// (the rows say RecordOffset 4 for all of them), not from the record's first bytes.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "btree.h"
#include "byte_order.h"
#include "cache.h"
#include "catalog.h"
#include "compat.h"
#include "dbfile.h"
#include "integrity.h"
#include "page.h"
#include "record_build.h"
#include "key.h"
}

namespace {

int64_t filetime_now()
{
    return compat_clock_wall_ns() / 100 + 116444736000000000LL;
}

struct scratch_file {
    std::string dir, path;
    scratch_file()
    {
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        static int n;
        dir = std::string(tmp) + "esent-layout-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir.c_str());
        path = dir + "/newer.edb";
    }
    ~scratch_file()
    {
        compat_path_delete(path.c_str());
        compat_dir_remove(dir.c_str());
    }
};

// The system objects of a new database of the given layout, written by the engine's
// writer with a clean header (what JetCreateDatabase then JetDetachDatabase leave).
JET_ERR make_database(const std::string &path, uint32_t cb_page, catalog_layout layout)
{
    compat_file *f = nullptr;
    cache *c = nullptr;
    uint32_t ifile = 0, objid_last = 0;
    bool attached = false;
    JET_ERR err = JET_errSuccess;
    if (compat_file_open(path.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE,
                         &f) != COMPAT_OK)
        return JET_errFileNotFound;
    dbfile df;
    memset(&df, 0, sizeof df);
    err = cache_create(cb_page, 256, &c);
    if (err >= 0) err = cache_attach_file(c, f, &ifile);
    attached = err >= 0;
    if (err >= 0) {
        df.file = f;
        df.cb_page = cb_page;
        dbfile_new_header(&df.hdr, cb_page);
        df.space.c = c;
        df.space.ifile = ifile;
        df.space.cb_page = cb_page;
        err = space_create_database(&df.space, DBFILE_CPG_INITIAL);
    }
    if (err >= 0) err = catalog_create_system_layout(&df.space, layout, &objid_last);
    if (err >= 0) {
        df.hdr.objid_last = objid_last;
        err = dbfile_flush(&df, true);
    }
    if (attached) cache_detach_file(c, ifile);
    cache_destroy(c);
    compat_file_close(f);
    return err;
}

class CatalogLayout : public ::testing::Test {
protected:
    void SetUp() override
    {
        static int n;
        std::string name = "catalog-layout-" + std::to_string(++n);
        JET_API_PTR cb = 0;
        ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramDatabasePageSize, &cb, nullptr, 0));
        cb_page_ = (uint32_t)cb;
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        JetSetSystemParameterA(&inst_, 0, JET_paramMaxTemporaryTables, 0, nullptr);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm(inst_);
    }

    // Table "t": id (Long, primary), name (Text, secondary index), tags (multi-valued
    // Long), blob (LongBinary, values larger than a page: the table gets an LV tree).
    void Fill(const std::string &path)
    {
        JET_DBID dbid = 0;
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid, "t", 0, 0, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        def.grbit = JET_bitColumnFixed;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &def, nullptr, 0, &id_));
        def.coltyp = JET_coltypText;
        def.grbit = 0;
        def.cp = 1252;
        def.cbMax = 64;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &def, nullptr, 0, &name_));
        def.coltyp = JET_coltypLong;
        def.cp = 0;
        def.cbMax = 0;
        def.grbit = JET_bitColumnTagged | JET_bitColumnMultiValued;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "tags", &def, nullptr, 0, &tags_));
        def.coltyp = JET_coltypLongBinary;
        def.grbit = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "blob", &def, nullptr, 0, &blob_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "byname", 0, "+name\0", 7, 100));
        for (int32_t i = 1; i <= kRecords; i++) {
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
            std::string name = "row " + std::to_string(i);
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &i, 4, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, name_, name.data(), (uint32_t)name.size(), 0, nullptr));
            for (int32_t k = 0; k < i % 3; k++) {
                int32_t tag = i * 10 + k;
                JET_SETINFO si{sizeof(JET_SETINFO), 0, 0};
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, tags_, &tag, 4, 0, &si));
            }
            std::vector<uint8_t> b = Blob(i);
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, blob_, b.data(), (uint32_t)b.size(), 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path.c_str()));
    }

    std::vector<uint8_t> Blob(int32_t i) const
    {
        std::vector<uint8_t> b(cb_page_ + 100u * (uint32_t)i);
        for (size_t k = 0; k < b.size(); k++) b[k] = (uint8_t)(k * 13 + (size_t)i);
        return b;
    }

    // Every record of t reads back as Fill wrote it.
    void ExpectRecords(JET_DBID dbid)
    {
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "t", nullptr, 0, JET_bitTableReadOnly, &t));
        int32_t seen = 0;
        for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, t, JET_MoveNext, 0)) {
            int32_t id = 0;
            uint32_t cb = 0;
            ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id_, &id, 4, &cb, 0, nullptr));
            EXPECT_EQ(++seen, id);
            char name[64];
            ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, name_, name, sizeof name, &cb, 0, nullptr));
            EXPECT_EQ("row " + std::to_string(id), std::string(name, cb));
            for (int32_t k = 0; k < 3; k++) {
                int32_t tag = 0;
                JET_RETINFO ri{sizeof(JET_RETINFO), 0, (uint32_t)k + 1u, 0};
                JET_ERR r = JetRetrieveColumn(s_, t, tags_, &tag, 4, &cb, 0, &ri);
                if (k < id % 3) {
                    EXPECT_EQ(JET_errSuccess, r);
                    EXPECT_EQ(id * 10 + k, tag);
                } else {
                    EXPECT_EQ(JET_wrnColumnNull, r);
                }
            }
            std::vector<uint8_t> want = Blob(id), got(want.size() + 10);
            ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, blob_, got.data(), (uint32_t)got.size(), &cb, 0, nullptr));
            got.resize(cb);
            EXPECT_EQ(want, got);
        }
        EXPECT_EQ(kRecords, seen);
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }

    // A catalog column's value in the current row of MSysObjects (or its shadow); empty
    // and *null when it is null.
    std::vector<uint8_t> Value(JET_TABLEID mso, const char *column, bool *null)
    {
        JET_COLUMNDEF def{};
        std::vector<uint8_t> v(300);
        uint32_t cb = 0;
        *null = true;
        EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, mso, column, &def, sizeof def, JET_ColInfo)) << column;
        JET_ERR e = JetRetrieveColumn(s_, mso, def.columnid, v.data(), (uint32_t)v.size(), &cb, 0, nullptr);
        EXPECT_TRUE(e == JET_errSuccess || e == JET_wrnColumnNull) << column << " " << e;
        *null = e == JET_wrnColumnNull;
        v.resize(e == JET_errSuccess ? cb : 0);
        return v;
    }
    uint32_t U32(JET_TABLEID mso, const char *column)
    {
        bool null = false;
        std::vector<uint8_t> v = Value(mso, column, &null);
        return null ? 0xffffffffu : (uint32_t)byte_order_get_le_n(v.data(), (uint32_t)v.size());
    }

    // Walks MSysObjects or its shadow: each table, index and LV row of the database has
    // PgnoFDPLastSetTime, a FILETIME between before and after; column rows do not; the
    // other fixed columns read as their rows were written. Returns the rows of "t".
    int CheckStamps(JET_DBID dbid, const char *catalog_table, int64_t before, int64_t after, bool future_column)
    {
        JET_TABLEID mso = 0;
        EXPECT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, catalog_table, nullptr, 0, JET_bitTableReadOnly, &mso));
        JET_COLUMNDEF def{};
        EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, mso, "PgnoFDPLastSetTime", &def, sizeof def, JET_ColInfo));
        EXPECT_EQ((uint32_t)JET_coltypDateTime, def.coltyp);
        EXPECT_EQ(13u, def.columnid);
        uint32_t objid_t = 0;
        int rows_t = 0, stamped = 0;
        for (JET_ERR e = JetMove(s_, mso, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, mso, JET_MoveNext, 0)) {
            uint32_t type = U32(mso, "Type") & 0xffffu, objid_table = U32(mso, "ObjidTable");
            bool null = false;
            std::vector<uint8_t> name = Value(mso, "Name", &null);
            std::string sname(name.begin(), name.end());
            std::vector<uint8_t> ft = Value(mso, "PgnoFDPLastSetTime", &null);
            if (type == 1 && sname == "t") objid_t = U32(mso, "Id");
            if (objid_table == objid_t && objid_t != 0) rows_t++;
            if (type == 2) {
                EXPECT_TRUE(null) << sname;
                // t's fixed column is the record's first: offset 4; a variable one has none
                if (objid_table == objid_t && sname == "id") {
                    EXPECT_EQ(4u, U32(mso, "RecordOffset"));
                }
                if (objid_table == objid_t && sname == "name") {
                    EXPECT_EQ(0xffffffffu, U32(mso, "RecordOffset"));
                }
                continue;
            }
            // tables, indexes, LV trees
            EXPECT_FALSE(null) << catalog_table << " row " << sname << " type " << type;
            if (null || ft.size() != 8) continue;
            stamped++;
            int64_t when = (int64_t)byte_order_get_le64(ft.data());
            EXPECT_GE(when, before) << sname;
            EXPECT_LE(when, after) << sname;
            // the column before it: LVChunkMax, null in every row written here
            EXPECT_EQ(0xffffffffu, U32(mso, "LVChunkMax")) << sname;
            // and the first ones, which the old reading confused it with
            EXPECT_EQ(type, U32(mso, "Type") & 0xffffu);
            if (type == 1) {
                EXPECT_EQ(objid_table, U32(mso, "Id")) << sname;
            }
            if (future_column && type == 1 && sname == "t") {
                EXPECT_EQ(0x600dcafeu, U32(mso, "FutureFixed14"));
            }
        }
        EXPECT_GE(stamped, 4 + 2 + 1 + 2 + 1); // 4 system tables, their 6 indexes; t, its 2 indexes and LV tree
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, mso));
        return rows_t;
    }

    static constexpr int32_t kRecords = 40;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    uint32_t cb_page_ = 0;
    JET_COLUMNID id_ = 0, name_ = 0, tags_ = 0, blob_ = 0;
};

void expect_integrity(const std::string &path)
{
    integrity_report r;
    JET_ERR err = integrity_check_file(path.c_str(), &r);
    std::string s;
    for (uint32_t i = 0; i < r.problems_kept; i++) s += std::string("\n  ") + r.problem[i];
    EXPECT_EQ(JET_errSuccess, err) << path << ": " << r.problems << " problems" << s;
}

TEST_F(CatalogLayout, Windows11CatalogReadsAtTheOffsetsItsDefinitionsImply)
{
    scratch_file f;
    int64_t before = filetime_now();
    ASSERT_EQ(JET_errSuccess, make_database(f.path, cb_page_, CATALOG_LAYOUT_WIN11_24H2));
    Fill(f.path);
    int64_t after = filetime_now();

    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, f.path.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, f.path.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
    // 1 table row + 4 columns + 2 indexes + 1 LV row
    EXPECT_EQ(8, CheckStamps(dbid, "MSysObjects", before, after, false));
    EXPECT_EQ(8, CheckStamps(dbid, "MSysObjectsShadow", before, after, false));
    ExpectRecords(dbid);
    // JetGetColumnInfo gives the catalog column's place as computed
    JET_COLUMNBASE_A base{};
    ASSERT_EQ(JET_errSuccess, JetGetColumnInfoA(s_, dbid, "MSysObjects", "PgnoFDPLastSetTime", &base, sizeof base,
                                                JET_ColInfoBase));
    EXPECT_EQ((uint32_t)JET_coltypDateTime, base.coltyp);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, f.path.c_str()));
    expect_integrity(f.path);
}

TEST_F(CatalogLayout, TheEngineReadsTheLayoutFromTheCatalog)
{
    scratch_file f;
    ASSERT_EQ(JET_errSuccess, make_database(f.path, cb_page_, CATALOG_LAYOUT_WIN11_24H2));
    compat_file *file = nullptr;
    ASSERT_EQ(COMPAT_OK, compat_file_open(f.path.c_str(), COMPAT_FILE_READ, &file));
    cache *c = nullptr;
    uint32_t ifile = 0;
    ASSERT_EQ(JET_errSuccess, cache_create(cb_page_, 64, &c));
    ASSERT_EQ(JET_errSuccess, cache_attach_file(c, file, &ifile));
    catalog *cat = nullptr;
    ASSERT_EQ(JET_errSuccess, catalog_load(c, ifile, &cat));
    EXPECT_TRUE(cat->has_pgno_fdp_last_set_time);
    // every fixed column of MSysObjects and its shadow at ESE's built-in offset
    static const uint32_t ib[14] = {0, 4, 8, 10, 14, 18, 22, 26, 30, 31, 33, 37, 39, 43};
    for (const char *name : {"MSysObjects", "MSysObjectsShadow"}) {
        const catalog_table *t = catalog_find_table(cat, name);
        ASSERT_NE(nullptr, t);
        for (uint32_t fid = 1; fid <= 13; fid++) {
            const record_column *col = catalog_column_by_id(t, fid);
            ASSERT_NE(nullptr, col) << name << " " << fid;
            EXPECT_EQ(ib[fid], col->ib_record_offset) << name << " " << fid;
        }
    }
    catalog_row_extras x;
    ASSERT_EQ(JET_errSuccess, catalog_read_row_extras(c, ifile, CATALOG_OBJID_MSYSOBJECTS, CATALOG_TYPE_TABLE,
                                                      CATALOG_OBJID_MSYSOBJECTS, &x));
    EXPECT_TRUE(x.has_pgno_fdp_last_set_time);
    EXPECT_EQ(0u, x.lv_chunk_max);
    catalog_free(cat);
    cache_detach_file(c, ifile);
    cache_destroy(c);
    compat_file_close(file);

    // the layout JetCreateDatabase writes (Windows 8 to 10) has no column 13
    scratch_file g;
    ASSERT_EQ(JET_errSuccess, make_database(g.path, cb_page_, CATALOG_LAYOUT_WIN8));
    ASSERT_EQ(COMPAT_OK, compat_file_open(g.path.c_str(), COMPAT_FILE_READ, &file));
    ASSERT_EQ(JET_errSuccess, cache_create(cb_page_, 64, &c));
    ASSERT_EQ(JET_errSuccess, cache_attach_file(c, file, &ifile));
    ASSERT_EQ(JET_errSuccess, catalog_load(c, ifile, &cat));
    EXPECT_FALSE(cat->has_pgno_fdp_last_set_time);
    EXPECT_EQ(nullptr, catalog_column_by_id(catalog_find_table(cat, "MSysObjects"), 13));
    ASSERT_EQ(JET_errSuccess, catalog_read_row_extras(c, ifile, CATALOG_OBJID_MSYSOBJECTS, CATALOG_TYPE_TABLE,
                                                      CATALOG_OBJID_MSYSOBJECTS, &x));
    EXPECT_FALSE(x.has_pgno_fdp_last_set_time);
    catalog_free(cat);
    cache_detach_file(c, ifile);
    cache_destroy(c);
    compat_file_close(file);
}

// A fixed catalog column newer than any ESE this project has read (id 14, a Long after
// PgnoFDPLastSetTime): its row in MSysObjects and its shadow says RecordOffset 4 as the
// others do, and rows carrying it hold it after the 8 bytes of column 13. Written here
// below the API: the column's row with catalog_add_column, the value into t's table row
// with record_build over the catalog's own definition of itself.
JET_ERR add_future_column(const std::string &path, uint32_t cb_page)
{
    compat_file *file = nullptr;
    cache *c = nullptr;
    uint32_t ifile = 0;
    catalog *cat = nullptr;
    JET_ERR err = JET_errSuccess;
    if (compat_file_open(path.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE, &file) != COMPAT_OK) return JET_errFileNotFound;
    dbheader_image *img = new dbheader_image();
    dbfile df;
    memset(&df, 0, sizeof df);
    err = dbheader_read(file, img);
    if (err >= 0) err = cache_create(cb_page, 256, &c);
    if (err >= 0) err = cache_attach_file(c, file, &ifile);
    if (err >= 0) {
        uint64_t size = 0;
        compat_file_size(file, &size);
        df.file = file;
        df.cb_page = cb_page;
        df.hdr = img->hdr;
        df.space.c = c;
        df.space.ifile = ifile;
        df.space.cb_page = cb_page;
        df.space.dbtime = img->hdr.dbtime_dirtied;
        df.space.pgno_last = (uint32_t)(size / cb_page - 2u);
        err = catalog_load(c, ifile, &cat);
    }
    for (uint32_t objid : {CATALOG_OBJID_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS_SHADOW}) {
        record_column def;
        memset(&def, 0, sizeof def);
        def.columnid = 14;
        def.coltyp = JET_coltypLong;
        def.cb_max = 4;
        def.codepage = 1252;
        def.ib_record_offset = 4; // as Windows writes the catalog's own fixed columns
        def.name = const_cast<char *>("FutureFixed14");
        if (err >= 0) err = catalog_add_column(&df.space, cat, objid, &def, nullptr);
    }
    // t's table row in both trees, with column 14 set
    catalog_free(cat);
    cat = nullptr;
    if (err >= 0) err = catalog_load(c, ifile, &cat); // the offsets computed for column 14
    const catalog_table *mso = cat != nullptr ? catalog_find_table(cat, "MSysObjects") : nullptr;
    const catalog_table *t = cat != nullptr ? catalog_find_table(cat, "t") : nullptr;
    if (err >= 0 && (mso == nullptr || t == nullptr)) err = JET_errObjectNotFound;
    if (err >= 0) {
        const record_column *col = catalog_column_by_id(mso, 14);
        if (col == nullptr || col->ib_record_offset != 51) err = JET_errColumnNotFound;
    }
    for (uint32_t pgno : {CATALOG_PGNO_MSYSOBJECTS, CATALOG_PGNO_MSYSOBJECTS_SHADOW}) {
        if (err < 0) break;
        uint8_t key[KEY_BUFFER_MAX];
        uint32_t cb_key = 0;
        btree_cursor cur;
        memset(&cur, 0, sizeof cur);
        // the row's key: ObjidTable, Type 1, Id, as the catalog's primary index forms it
        uint8_t b4[4], b2[2];
        bool truncated = false;
        key_segment_def seg;
        memset(&seg, 0, sizeof seg);
        seg.fixed_column = true;
        uint32_t n = 0;
        seg.coltyp = JET_coltypLong;
        byte_order_put_le32(b4, t->objid);
        key_normalize(&seg, b4, 4, false, KEY_LEGACY_MOST, KEY_LEGACY_MOST, key, &n, &truncated, nullptr);
        cb_key = n;
        seg.coltyp = JET_coltypShort;
        byte_order_put_le16(b2, 1);
        key_normalize(&seg, b2, 2, false, KEY_LEGACY_MOST, KEY_LEGACY_MOST, key + cb_key, &n, &truncated, nullptr);
        cb_key += n;
        seg.coltyp = JET_coltypLong;
        key_normalize(&seg, b4, 4, false, KEY_LEGACY_MOST, KEY_LEGACY_MOST, key + cb_key, &n, &truncated, nullptr);
        cb_key += n;
        err = btree_open(&cur, c, ifile, pgno);
        if (err >= 0) err = btree_seek(&cur, key, cb_key);
        record_view rv;
        record_build rb;
        bool rb_open = false;
        if (err >= 0) err = record_open(cur.data, cur.cb_data, page_is_large(cb_page), &rv);
        if (err >= 0) err = record_build_load(&rb, mso, cb_page, record_build_max_size(cb_page, KEY_LEGACY_MOST), &rv, false);
        rb_open = err >= 0;
        btree_close(&cur);
        uint8_t v[4];
        byte_order_put_le32(v, 0x600dcafeu);
        if (err >= 0) err = record_build_set(&rb, catalog_column_by_id(mso, 14), v, 4, 0, 1, 0, nullptr);
        uint8_t *pb = nullptr;
        uint32_t cb = 0;
        if (err >= 0) err = record_build_encode(&rb, nullptr, nullptr, &pb, &cb);
        if (rb_open) record_build_free(&rb);
        btree_tree tree;
        memset(&tree, 0, sizeof tree);
        tree.db = &df.space;
        tree.pgno_root = pgno;
        tree.objid = pgno == CATALOG_PGNO_MSYSOBJECTS ? CATALOG_OBJID_MSYSOBJECTS : CATALOG_OBJID_MSYSOBJECTS_SHADOW;
        tree.page_flags = PAGE_FLAG_NEW_RECORD_FORMAT;
        if (err >= 0) err = btree_replace(&tree, key, cb_key, pb, cb);
        compat_free(pb);
    }
    if (err >= 0) err = dbfile_flush(&df, true);
    catalog_free(cat);
    cache_detach_file(c, ifile);
    cache_destroy(c);
    compat_file_close(file);
    delete img;
    return err;
}

TEST_F(CatalogLayout, AFixedCatalogColumnNewerStillReadsAfterTheOthers)
{
    scratch_file f;
    int64_t before = filetime_now();
    ASSERT_EQ(JET_errSuccess, make_database(f.path, cb_page_, CATALOG_LAYOUT_WIN11_24H2));
    Fill(f.path);
    int64_t after = filetime_now();
    ASSERT_EQ(JET_errSuccess, add_future_column(f.path, cb_page_));

    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, f.path.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, f.path.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
    EXPECT_EQ(8, CheckStamps(dbid, "MSysObjects", before, after, true));
    EXPECT_EQ(8, CheckStamps(dbid, "MSysObjectsShadow", before, after, true));
    ExpectRecords(dbid);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, f.path.c_str()));
    expect_integrity(f.path);
}

// Writing into such a catalog keeps what Windows wrote: a renamed table keeps its
// PgnoFDPLastSetTime (the row is changed in place, as ErrCATRenameTable does), a new
// table gets one.
TEST_F(CatalogLayout, RenamingAndAddingKeepTheLayout)
{
    scratch_file f;
    int64_t before = filetime_now();
    ASSERT_EQ(JET_errSuccess, make_database(f.path, cb_page_, CATALOG_LAYOUT_WIN11_24H2));
    Fill(f.path);
    int64_t after = filetime_now();

    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, f.path.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, f.path.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetRenameTableA(s_, dbid, "t", "t2"));
    ASSERT_EQ(JET_errSuccess, JetRenameTableA(s_, dbid, "t2", "t"));
    JET_TABLEID u = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid, "u", 0, 0, &u));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, u));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, f.path.c_str()));
    int64_t after_u = filetime_now();

    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, f.path.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, f.path.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
    // t's rows still carry the times of Fill; u's is later
    EXPECT_EQ(8, CheckStamps(dbid, "MSysObjects", before, after_u, false));
    JET_TABLEID mso = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "MSysObjects", nullptr, 0, JET_bitTableReadOnly, &mso));
    int found = 0;
    for (JET_ERR e = JetMove(s_, mso, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, mso, JET_MoveNext, 0)) {
        bool null = false;
        std::vector<uint8_t> name = Value(mso, "Name", &null);
        if ((U32(mso, "Type") & 0xffffu) != 1) continue;
        std::string sname(name.begin(), name.end());
        std::vector<uint8_t> ft = Value(mso, "PgnoFDPLastSetTime", &null);
        ASSERT_EQ(8u, ft.size()) << sname;
        int64_t when = (int64_t)byte_order_get_le64(ft.data());
        if (sname == "t") {
            EXPECT_LE(when, after);
            found++;
        } else if (sname == "u") {
            EXPECT_GE(when, after);
            EXPECT_LE(when, after_u);
            found++;
        }
    }
    EXPECT_EQ(2, found);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, mso));
    ExpectRecords(dbid);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, f.path.c_str()));
    expect_integrity(f.path);
}

} // namespace
