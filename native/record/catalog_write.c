/* catalog_write.c: writing the rows of MSysObjects, its indexes (Name, RootObjects) and
 * its shadow, the rows of MSysObjids, and keeping the loaded catalog in step (see
 * catalog.h, "writing"). Rows are formed with record_build over a built-in definition
 * of the catalog's columns; keys with key_normalize. What Windows writes for the system
 * objects was read off basic.edb (docs/records-writing.md lists it). */
#include "catalog.h"

#include <string.h>

#include "byte_order.h"
#include "key.h"
#include "page.h"
#include "record_build.h"

/* The system objects of a new database (cat.hxx's constants, as basic.edb shows). */
#define PGNO_NAME_INDEX 7u
#define PGNO_ROOT_OBJECTS 10u
#define PGNO_OBJIDS 29u
#define PGNO_LOCALES 30u
#define OBJID_NAME_INDEX 4u
#define OBJID_ROOT_OBJECTS 5u
#define OBJID_OBJIDS 6u
#define OBJID_LOCALES 7u
#define LCMAP_DEFAULT 0x00030401u
#define CODEPAGE_ASCII 1252u

#define COL(id, typ, cb, ib, name) {(id), (typ), (cb), 0, 0, (ib), (char *)(name), NULL, 0, false}

/* MSysObjects' columns as its rows are formed (the fixed offsets are the built-in ones,
 * catalog.c's k_mso_fixed). PgnoFDPLastSetTime (13) is written only into a catalog of the
 * layout that describes it (catalog.has_pgno_fdp_last_set_time); it is in this list so
 * that a row changed in place keeps the value a newer Windows wrote there. */
static const record_column k_mso_cols[] = {
    COL(1, JET_coltypLong, 4, 4, "ObjidTable"),
    COL(2, JET_coltypShort, 2, 8, "Type"),
    COL(3, JET_coltypLong, 4, 10, "Id"),
    COL(4, JET_coltypLong, 4, 14, "ColtypOrPgnoFDP"),
    COL(5, JET_coltypLong, 4, 18, "SpaceUsage"),
    COL(6, JET_coltypLong, 4, 22, "Flags"),
    COL(7, JET_coltypLong, 4, 26, "PagesOrLocale"),
    COL(8, JET_coltypBit, 1, 30, "RootFlag"),
    COL(9, JET_coltypShort, 2, 31, "RecordOffset"),
    COL(10, JET_coltypLong, 4, 33, "LCMapFlags"),
    COL(11, JET_coltypUnsignedShort, 2, 37, "KeyMost"),
    COL(12, JET_coltypLong, 4, 39, "LVChunkMax"),
    COL(13, JET_coltypDateTime, 8, 43, "PgnoFDPLastSetTime"),
    COL(128, JET_coltypText, 255, 0, "Name"),
    COL(129, JET_coltypBinary, 255, 0, "Stats"),
    COL(130, JET_coltypText, 255, 0, "TemplateTable"),
    COL(131, JET_coltypBinary, 255, 0, "DefaultValue"),
    COL(132, JET_coltypBinary, 255, 0, "KeyFldIDs"),
    COL(133, JET_coltypBinary, 255, 0, "VarSegMac"),
    COL(134, JET_coltypBinary, 255, 0, "ConditionalColumns"),
    COL(135, JET_coltypBinary, 255, 0, "TupleLimits"),
    COL(136, JET_coltypBinary, 255, 0, "Version"),
    COL(137, JET_coltypBinary, 255, 0, "SortID"),
    COL(256, JET_coltypLongBinary, 0, 0, "CallbackData"),
    COL(257, JET_coltypLongBinary, 0, 0, "CallbackDependencies"),
    COL(258, JET_coltypLongBinary, 0, 0, "SeparateLV"),
    COL(259, JET_coltypLongBinary, 0, 0, "SpaceHints"),
    COL(260, JET_coltypLongBinary, 0, 0, "SpaceDeferredLVHints"),
    COL(261, JET_coltypLongBinary, 0, 0, "LocaleName"),
};
#define MSO_NCOLS (sizeof k_mso_cols / sizeof k_mso_cols[0])
/* The Flags each of those columns' own rows carry (ffieldNotNull: the key columns and Name). */
static const uint8_t k_mso_col_flags[MSO_NCOLS] = {1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1};

/* MSysObjids: the object id of every tree, its table and its type. */
static const record_column k_objids_cols[] = {
    COL(256, JET_coltypLong, 4, 0, "objid"),
    COL(257, JET_coltypLong, 4, 0, "objidTable"),
    COL(258, JET_coltypShort, 2, 0, "type"),
};

/* MSysLocales: ESE's schema version entries (Type 1) and its consistency flag (Type 2). */
static const uint8_t k_zero4[4] = {0, 0, 0, 0};
static const record_column k_locales_cols[] = {
    {1, JET_coltypUnsignedByte, 1, JET_bitColumnFixed | JET_bitColumnNotNULL, 0, 4, (char *)"Type", NULL, 0, false},
    {2, JET_coltypLong, 4, JET_bitColumnFixed | JET_bitColumnEscrowUpdate, 0, 5, (char *)"iValue",
     (uint8_t *)k_zero4, 4, false},
    {128, JET_coltypBinary, 255, 0, 0, 0, (char *)"Key", NULL, 0, false},
};
static const struct {
    const char *key;
    uint8_t type;
    uint32_t value;
} k_locale_rows[] = {
    {".Schema\\External\\Major", 1, 1}, {".Schema\\External\\Minor", 1, 0}, {".Schema\\External\\Update", 1, 0},
    {".Schema\\Internal\\Major", 1, 1}, {".Schema\\Internal\\Minor", 1, 0}, {".Schema\\Internal\\Update", 1, 0},
    {"MSysLocalesConsistent", 2, 1},
};

/* "en-US" in UTF-16LE: the LocaleName of every index row Windows writes. */
static const uint8_t k_en_us[10] = {'e', 0, 'n', 0, '-', 0, 'U', 0, 'S', 0};

/* Now as a FILETIME (100 ns units since 1601-01-01 UTC), as ESE's UtilGetCurrentFileTime. */
static int64_t catalog_filetime_now(void)
{
    return compat_clock_wall_ns() / 100 + 116444736000000000LL;
}

static void table_def(catalog_table *t, const record_column *cols, uint32_t n)
{
    memset(t, 0, sizeof *t);
    t->columns = (record_column *)cols;
    t->ccolumns = n;
}

/* ---- one catalog row ---- */

#define ROW_UNSET 0xffffffffu

/* One column of MSysObjects to set in a stored row: fid, value (NULL: null). */
struct row_change {
    uint32_t fid;
    const void *pv;
    uint32_t cb;
};

typedef struct mso_row {
    uint32_t objid_table, type, id;
    uint32_t fdp_or_coltyp, space_usage, flags, pages_or_locale;
    bool root_flag;
    uint32_t record_offset;   /* ROW_UNSET: not set */
    uint32_t lcmap_flags;     /* ROW_UNSET: not set */
    uint32_t key_most;        /* ROW_UNSET: not set */
    uint32_t var_seg_mac;     /* ROW_UNSET: not set */
    const char *name;
    const char *template_table; /* TemplateTable: a derived table's template, NULL: none */
    const uint8_t *default_value;
    uint32_t cb_default;
    const uint8_t *key_fld_ids;
    uint32_t cb_key_fld_ids;
    uint8_t conditional[4u * 16u]; /* ConditionalColumns, cb_conditional bytes */
    uint32_t cb_conditional;
    const uint8_t *locale_name;
    uint32_t cb_locale_name;
    const uint8_t *version;   /* 8 bytes, with sort_id: an index's sort stamp */
    const uint8_t *sort_id;   /* 16 bytes */
    bool stamp_time;          /* PgnoFDPLastSetTime: now (a table, index or LV row of the newer layout) */
} mso_row;

static void row_init(mso_row *r, uint32_t objid_table, uint32_t type, uint32_t id, const char *name)
{
    memset(r, 0, sizeof *r);
    r->objid_table = objid_table;
    r->type = type;
    r->id = id;
    r->name = name;
    r->record_offset = r->lcmap_flags = r->key_most = r->var_seg_mac = ROW_UNSET;
}

static JET_ERR set_u32(record_build *rb, const catalog_table *def, uint32_t fid, uint32_t v, uint32_t cb)
{
    uint8_t b[4];
    JET_ERR err;
    byte_order_put_le32(b, v);
    err = record_build_set(rb, catalog_column_by_id(def, fid), b, cb, 0, 1, 0, NULL);
    return err < 0 ? err : JET_errSuccess;
}

static JET_ERR set_bytes(record_build *rb, const catalog_table *def, uint32_t fid, const void *pb, uint32_t cb)
{
    JET_ERR err = record_build_set(rb, catalog_column_by_id(def, fid), pb, cb, cb == 0 ? JET_bitSetZeroLength : 0, 1, 0,
                                   NULL);
    return err < 0 ? err : JET_errSuccess;
}

static JET_ERR row_record(space_db *db, const mso_row *r, uint8_t **pb, uint32_t *cb)
{
    JET_ERR err = JET_errSuccess;
    catalog_table def;
    record_build rb;
    bool open = false;

    table_def(&def, k_mso_cols, MSO_NCOLS);
    CHECK(record_build_init_insert(&rb, &def, db->cb_page, record_build_max_size(db->cb_page, KEY_LEGACY_MOST)));
    open = true;
    CHECK(set_u32(&rb, &def, 1, r->objid_table, 4));
    CHECK(set_u32(&rb, &def, 2, r->type, 2));
    CHECK(set_u32(&rb, &def, 3, r->id, 4));
    CHECK(set_u32(&rb, &def, 4, r->fdp_or_coltyp, 4));
    CHECK(set_u32(&rb, &def, 5, r->space_usage, 4));
    CHECK(set_u32(&rb, &def, 6, r->flags, 4));
    CHECK(set_u32(&rb, &def, 7, r->pages_or_locale, 4));
    if (r->root_flag) CHECK(set_u32(&rb, &def, 8, 0xff, 1));
    if (r->record_offset != ROW_UNSET) CHECK(set_u32(&rb, &def, 9, r->record_offset, 2));
    if (r->lcmap_flags != ROW_UNSET) CHECK(set_u32(&rb, &def, 10, r->lcmap_flags, 4));
    if (r->key_most != ROW_UNSET) CHECK(set_u32(&rb, &def, 11, r->key_most, 2));
    if (r->stamp_time) {
        uint8_t ft[8];
        byte_order_put_le64(ft, (uint64_t)catalog_filetime_now());
        CHECK(set_bytes(&rb, &def, CATALOG_FID_PGNO_FDP_LAST_SET_TIME, ft, sizeof ft));
    }
    CHECK(set_bytes(&rb, &def, 128, r->name, (uint32_t)strlen(r->name)));
    if (r->template_table != NULL)
        CHECK(set_bytes(&rb, &def, 130, r->template_table, (uint32_t)strlen(r->template_table)));
    if (r->default_value != NULL) CHECK(set_bytes(&rb, &def, 131, r->default_value, r->cb_default));
    if (r->key_fld_ids != NULL) CHECK(set_bytes(&rb, &def, 132, r->key_fld_ids, r->cb_key_fld_ids));
    if (r->cb_conditional != 0) CHECK(set_bytes(&rb, &def, 134, r->conditional, r->cb_conditional));
    if (r->var_seg_mac != ROW_UNSET) {
        uint8_t le[2];
        byte_order_put_le16(le, (uint16_t)r->var_seg_mac);
        CHECK(set_bytes(&rb, &def, 133, le, 2));
    }
    if (r->version != NULL) CHECK(set_bytes(&rb, &def, 136, r->version, 8));
    if (r->sort_id != NULL) CHECK(set_bytes(&rb, &def, 137, r->sort_id, 16));
    if (r->locale_name != NULL) CHECK(set_bytes(&rb, &def, 261, r->locale_name, r->cb_locale_name));
    CHECK(record_build_encode(&rb, NULL, NULL, pb, cb));
done:
    if (open) record_build_free(&rb);
    return err;
}

/* Appends one normalised segment to key (at *cb, at most KEY_BUFFER_MAX). */
static JET_ERR key_add(uint8_t *key, uint32_t *cb, uint32_t coltyp, uint32_t codepage, bool fixed, const void *pv,
                       uint32_t cv)
{
    key_segment_def def;
    uint8_t seg[KEY_BUFFER_MAX + 17u];
    uint32_t n = 0;
    bool truncated = false;
    JET_ERR err;

    memset(&def, 0, sizeof def);
    def.coltyp = coltyp;
    def.codepage = codepage;
    def.fixed_column = fixed;
    err = key_normalize(&def, pv, cv, pv != NULL && cv == 0, KEY_LEGACY_MOST - *cb, KEY_LEGACY_MOST, seg, &n, &truncated,
                        NULL);
    if (err < 0) return err;
    if (*cb + n > KEY_BUFFER_MAX) return JET_errKeyTruncated;
    memcpy(key + *cb, seg, n);
    *cb += n;
    return JET_errSuccess;
}

/* The keys of a row: primary (ObjidTable, Type, Id), Name (ObjidTable, Type, Name) and
 * RootObjects (RootFlag, Name; tables only). */
typedef struct row_keys {
    uint8_t primary[KEY_BUFFER_MAX], name[KEY_BUFFER_MAX], root[KEY_BUFFER_MAX];
    uint32_t cb_primary, cb_name, cb_root;
} row_keys;

static JET_ERR row_keys_of(const mso_row *r, row_keys *k)
{
    JET_ERR err = JET_errSuccess;
    uint8_t b4[4], b2[2], bit = 0xff;

    memset(k, 0, sizeof *k);
    byte_order_put_le32(b4, r->objid_table);
    byte_order_put_le16(b2, (uint16_t)r->type);
    CHECK(key_add(k->primary, &k->cb_primary, JET_coltypLong, 0, true, b4, 4));
    CHECK(key_add(k->primary, &k->cb_primary, JET_coltypShort, 0, true, b2, 2));
    memcpy(k->name, k->primary, k->cb_primary);
    k->cb_name = k->cb_primary;
    byte_order_put_le32(b4, r->id);
    CHECK(key_add(k->primary, &k->cb_primary, JET_coltypLong, 0, true, b4, 4));
    CHECK(key_add(k->name, &k->cb_name, JET_coltypText, CODEPAGE_ASCII, false, r->name, (uint32_t)strlen(r->name)));
    if (r->root_flag) {
        CHECK(key_add(k->root, &k->cb_root, JET_coltypBit, 0, true, &bit, 1));
        CHECK(key_add(k->root, &k->cb_root, JET_coltypText, CODEPAGE_ASCII, false, r->name, (uint32_t)strlen(r->name)));
    }
done:
    return err;
}

static void tree_of(space_db *db, btree_tree *t, uint32_t pgno, uint32_t objid, uint32_t flags)
{
    memset(t, 0, sizeof *t); /* the catalog's own trees are not versioned (no hooks) */
    t->db = db;
    t->pgno_root = pgno;
    t->objid = objid;
    t->page_flags = flags;
}

/* Writes a row to MSysObjects, its Name and RootObjects indexes and the shadow. */
static JET_ERR row_insert(space_db *db, const mso_row *r)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *pb = NULL;
    uint32_t cb = 0;
    row_keys k;
    btree_tree t;

    CHECK(row_keys_of(r, &k));
    CHECK(row_record(db, r, &pb, &cb));
    tree_of(db, &t, CATALOG_PGNO_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_insert(&t, k.primary, k.cb_primary, pb, cb));
    tree_of(db, &t, PGNO_NAME_INDEX, OBJID_NAME_INDEX, PAGE_FLAG_INDEX | PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_insert(&t, k.name, k.cb_name, k.primary, k.cb_primary));
    if (k.cb_root != 0) {
        tree_of(db, &t, PGNO_ROOT_OBJECTS, OBJID_ROOT_OBJECTS, PAGE_FLAG_INDEX | PAGE_FLAG_NEW_RECORD_FORMAT);
        CHECK(btree_insert(&t, k.root, k.cb_root, k.primary, k.cb_primary));
    }
    tree_of(db, &t, CATALOG_PGNO_MSYSOBJECTS_SHADOW, CATALOG_OBJID_MSYSOBJECTS_SHADOW, PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_insert(&t, k.primary, k.cb_primary, pb, cb));
done:
    compat_free(pb);
    return err;
}

static JET_ERR row_delete(space_db *db, const mso_row *r)
{
    JET_ERR err = JET_errSuccess;
    row_keys k;
    btree_tree t;

    CHECK(row_keys_of(r, &k));
    tree_of(db, &t, CATALOG_PGNO_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_delete(&t, k.primary, k.cb_primary));
    tree_of(db, &t, PGNO_NAME_INDEX, OBJID_NAME_INDEX, PAGE_FLAG_INDEX | PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_delete(&t, k.name, k.cb_name));
    if (k.cb_root != 0) {
        tree_of(db, &t, PGNO_ROOT_OBJECTS, OBJID_ROOT_OBJECTS, PAGE_FLAG_INDEX | PAGE_FLAG_NEW_RECORD_FORMAT);
        CHECK(btree_delete(&t, k.root, k.cb_root));
    }
    tree_of(db, &t, CATALOG_PGNO_MSYSOBJECTS_SHADOW, CATALOG_OBJID_MSYSOBJECTS_SHADOW, PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_delete(&t, k.primary, k.cb_primary));
done:
    return err;
}

/* The MSysObjids row of an object. */
static JET_ERR objids_key(uint32_t objid, uint8_t *key, uint32_t *cb)
{
    uint8_t b4[4];
    byte_order_put_le32(b4, objid);
    *cb = 0;
    return key_add(key, cb, JET_coltypLong, 0, false, b4, 4);
}

static JET_ERR objids_insert(space_db *db, uint32_t objid, uint32_t objid_table, uint32_t type)
{
    JET_ERR err = JET_errSuccess;
    catalog_table def;
    record_build rb;
    bool open = false;
    uint8_t key[KEY_BUFFER_MAX], *pb = NULL, b[4];
    uint32_t cb_key = 0, cb = 0;
    btree_tree t;

    table_def(&def, k_objids_cols, 3);
    CHECK(record_build_init_insert(&rb, &def, db->cb_page, record_build_max_size(db->cb_page, KEY_LEGACY_MOST)));
    open = true;
    byte_order_put_le32(b, objid);
    CHECK(record_build_set(&rb, &k_objids_cols[0], b, 4, 0, 1, 0, NULL));
    byte_order_put_le32(b, objid_table);
    CHECK(record_build_set(&rb, &k_objids_cols[1], b, 4, 0, 1, 0, NULL));
    byte_order_put_le16(b, (uint16_t)type);
    CHECK(record_build_set(&rb, &k_objids_cols[2], b, 2, 0, 1, 0, NULL));
    CHECK(record_build_encode(&rb, NULL, NULL, &pb, &cb));
    CHECK(objids_key(objid, key, &cb_key));
    tree_of(db, &t, PGNO_OBJIDS, OBJID_OBJIDS, PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_insert(&t, key, cb_key, pb, cb));
done:
    if (open) record_build_free(&rb);
    compat_free(pb);
    return err;
}

static JET_ERR objids_delete(space_db *db, uint32_t objid)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[KEY_BUFFER_MAX];
    uint32_t cb_key = 0;
    btree_tree t;

    CHECK(objids_key(objid, key, &cb_key));
    tree_of(db, &t, PGNO_OBJIDS, OBJID_OBJIDS, PAGE_FLAG_NEW_RECORD_FORMAT);
    err = btree_delete(&t, key, cb_key);
    if (err == JET_errRecordNotFound) err = JET_errSuccess; /* databases from elsewhere may lack it */
done:
    return err;
}

static JET_ERR locales_insert(space_db *db, const char *name, uint8_t type, uint32_t value)
{
    JET_ERR err = JET_errSuccess;
    catalog_table def;
    record_build rb;
    bool open = false;
    uint8_t key[KEY_BUFFER_MAX], *pb = NULL, w[128], b[4];
    uint32_t cb_key = 0, cb = 0, n = 0, i;
    btree_tree t;

    /* the key is the name in UTF-16 with its terminating NUL */
    for (i = 0; name[i] != '\0' && n + 4u <= sizeof w; i++) {
        w[n++] = (uint8_t)name[i];
        w[n++] = 0;
    }
    w[n++] = 0;
    w[n++] = 0;
    table_def(&def, k_locales_cols, 3);
    CHECK(record_build_init_insert(&rb, &def, db->cb_page, record_build_max_size(db->cb_page, KEY_LEGACY_MOST)));
    open = true;
    CHECK(record_build_set(&rb, &k_locales_cols[0], &type, 1, 0, 1, 0, NULL));
    byte_order_put_le32(b, value);
    CHECK(record_build_set(&rb, &k_locales_cols[1], b, 4, 0, 1, 0, NULL));
    CHECK(record_build_set(&rb, &k_locales_cols[2], w, n, 0, 1, 0, NULL));
    CHECK(record_build_encode(&rb, NULL, NULL, &pb, &cb));
    CHECK(key_add(key, &cb_key, JET_coltypBinary, 0, false, w, n));
    tree_of(db, &t, PGNO_LOCALES, OBJID_LOCALES, PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_insert(&t, key, cb_key, pb, cb));
done:
    if (open) record_build_free(&rb);
    compat_free(pb);
    return err;
}

/* ---- the system objects ---- */

static JET_ERR system_table_row(space_db *db, uint32_t objid, uint32_t fdp, uint32_t density, uint32_t flags,
                                uint32_t pages, const char *name, bool newer)
{
    mso_row r;
    row_init(&r, objid, CATALOG_TYPE_TABLE, objid, name);
    r.stamp_time = newer;
    r.fdp_or_coltyp = fdp;
    r.space_usage = density;
    r.flags = flags;
    r.pages_or_locale = pages;
    r.root_flag = true;
    return row_insert(db, &r);
}

static JET_ERR system_column_row(space_db *db, uint32_t objid_table, const record_column *c, uint32_t flags,
                                 uint32_t codepage, uint32_t record_offset)
{
    mso_row r;
    row_init(&r, objid_table, CATALOG_TYPE_COLUMN, c->columnid, c->name);
    r.fdp_or_coltyp = c->coltyp;
    r.space_usage = c->cb_max;
    r.flags = flags;
    r.pages_or_locale = codepage;
    if (c->columnid <= FID_FIXED_LAST) r.record_offset = record_offset;
    r.default_value = c->default_value;
    r.cb_default = c->cb_default;
    return row_insert(db, &r);
}

static JET_ERR system_index_row(space_db *db, uint32_t objid_table, uint32_t id, uint32_t fdp, uint32_t density,
                                uint32_t flags, const char *name, const uint8_t *fld, uint32_t cb_fld, bool newer)
{
    mso_row r;
    row_init(&r, objid_table, CATALOG_TYPE_INDEX, id, name);
    r.stamp_time = newer;
    r.fdp_or_coltyp = fdp;
    r.space_usage = density;
    r.flags = flags;
    r.lcmap_flags = LCMAP_DEFAULT;
    r.key_fld_ids = fld;
    r.cb_key_fld_ids = cb_fld;
    r.locale_name = k_en_us;
    r.cb_locale_name = sizeof k_en_us;
    return row_insert(db, &r);
}

/* The catalog's description of itself (MSysObjects and its shadow share it); the newer
 * layout describes PgnoFDPLastSetTime too, as ErrCATPopulateCatalog writes every column
 * of rgcdescMSO. */
static JET_ERR catalog_self_rows(space_db *db, uint32_t objid_table, bool newer)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i;
    for (i = 0; i < MSO_NCOLS; i++) {
        const record_column *c = &k_mso_cols[i];
        if (c->columnid == CATALOG_FID_PGNO_FDP_LAST_SET_TIME && !newer) continue;
        uint32_t flags = i < sizeof k_mso_col_flags ? k_mso_col_flags[i] : 0;
        /* the catalog's rows about its own fixed columns all say RecordOffset 4 */
        CHECK(system_column_row(db, objid_table, c, flags, CODEPAGE_ASCII, 4));
    }
done:
    return err;
}

JET_ERR catalog_create_system(space_db *db, uint32_t *objid_last)
{
    return catalog_create_system_layout(db, CATALOG_LAYOUT_WIN8, objid_last);
}

JET_ERR catalog_create_system_layout(space_db *db, catalog_layout layout, uint32_t *objid_last)
{
    const bool newer = layout == CATALOG_LAYOUT_WIN11_24H2;
    JET_ERR err = JET_errSuccess;
    uint32_t pgno = 0, i;
    static const uint8_t fld_id[12] = {0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0};
    static const uint8_t fld_name[12] = {0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0x80, 0};
    static const uint8_t fld_root[8] = {0, 0, 8, 0, 0, 0, 0x80, 0};
    static const uint8_t fld_objids[4] = {0, 0, 0, 1};
    static const uint8_t fld_locales[4] = {0, 0, 0x80, 0};

    if (db == NULL || objid_last == NULL) return JET_errInvalidParameter;
    /* the trees, at the pages Windows puts them */
    CHECK(space_create_object(db, SPACE_PGNO_ROOT, CATALOG_OBJID_MSYSOBJECTS, 20, PAGE_FLAG_NEW_RECORD_FORMAT,
                              CATALOG_PGNO_MSYSOBJECTS, &pgno));
    if (pgno != CATALOG_PGNO_MSYSOBJECTS) FAIL(JET_errCatalogCorrupted);
    CHECK(space_create_object(db, CATALOG_PGNO_MSYSOBJECTS, OBJID_NAME_INDEX, 3,
                              PAGE_FLAG_INDEX | PAGE_FLAG_NEW_RECORD_FORMAT, PGNO_NAME_INDEX, &pgno));
    if (pgno != PGNO_NAME_INDEX) FAIL(JET_errCatalogCorrupted);
    CHECK(space_create_object(db, CATALOG_PGNO_MSYSOBJECTS, OBJID_ROOT_OBJECTS, 3,
                              PAGE_FLAG_INDEX | PAGE_FLAG_NEW_RECORD_FORMAT, PGNO_ROOT_OBJECTS, &pgno));
    if (pgno != PGNO_ROOT_OBJECTS) FAIL(JET_errCatalogCorrupted);
    CHECK(space_create_object(db, SPACE_PGNO_ROOT, CATALOG_OBJID_MSYSOBJECTS_SHADOW, 5, PAGE_FLAG_NEW_RECORD_FORMAT,
                              CATALOG_PGNO_MSYSOBJECTS_SHADOW, &pgno));
    if (pgno != CATALOG_PGNO_MSYSOBJECTS_SHADOW) FAIL(JET_errCatalogCorrupted);
    CHECK(space_create_object(db, SPACE_PGNO_ROOT, OBJID_OBJIDS, 1, PAGE_FLAG_NEW_RECORD_FORMAT, PGNO_OBJIDS, &pgno));
    if (pgno != PGNO_OBJIDS) FAIL(JET_errCatalogCorrupted);
    CHECK(space_create_object(db, SPACE_PGNO_ROOT, OBJID_LOCALES, 1, PAGE_FLAG_NEW_RECORD_FORMAT, PGNO_LOCALES, &pgno));
    if (pgno != PGNO_LOCALES) FAIL(JET_errCatalogCorrupted);

    /* MSysObjects */
    CHECK(system_table_row(db, CATALOG_OBJID_MSYSOBJECTS, CATALOG_PGNO_MSYSOBJECTS, CATALOG_DENSITY_DEFAULT,
                           0xc0000000u, 20, "MSysObjects", newer));
    CHECK(catalog_self_rows(db, CATALOG_OBJID_MSYSOBJECTS, newer));
    CHECK(system_index_row(db, CATALOG_OBJID_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, CATALOG_PGNO_MSYSOBJECTS,
                           CATALOG_DENSITY_DEFAULT, 0x00010031u, "Id", fld_id, sizeof fld_id, newer));
    CHECK(system_index_row(db, CATALOG_OBJID_MSYSOBJECTS, OBJID_NAME_INDEX, PGNO_NAME_INDEX, CATALOG_DENSITY_DEFAULT,
                           0x00010011u, "Name", fld_name, sizeof fld_name, newer));
    CHECK(system_index_row(db, CATALOG_OBJID_MSYSOBJECTS, OBJID_ROOT_OBJECTS, PGNO_ROOT_OBJECTS, CATALOG_DENSITY_DEFAULT,
                           0x00010009u, "RootObjects", fld_root, sizeof fld_root, newer));
    /* MSysObjectsShadow */
    CHECK(system_table_row(db, CATALOG_OBJID_MSYSOBJECTS_SHADOW, CATALOG_PGNO_MSYSOBJECTS_SHADOW, CATALOG_DENSITY_DEFAULT,
                           0xc0000000u, 5, "MSysObjectsShadow", newer));
    CHECK(catalog_self_rows(db, CATALOG_OBJID_MSYSOBJECTS_SHADOW, newer));
    CHECK(system_index_row(db, CATALOG_OBJID_MSYSOBJECTS_SHADOW, CATALOG_OBJID_MSYSOBJECTS_SHADOW,
                           CATALOG_PGNO_MSYSOBJECTS_SHADOW, CATALOG_DENSITY_DEFAULT, 0x00010031u, "Id", fld_id,
                           sizeof fld_id, newer));
    /* MSysObjids */
    CHECK(system_table_row(db, OBJID_OBJIDS, PGNO_OBJIDS, 100, 0xc8000000u, 0, "MSysObjids", newer));
    for (i = 0; i < 3; i++) CHECK(system_column_row(db, OBJID_OBJIDS, &k_objids_cols[i], 0, 0, 0));
    CHECK(system_index_row(db, OBJID_OBJIDS, OBJID_OBJIDS, PGNO_OBJIDS, 100, 0x0001002fu, "primary", fld_objids,
                           sizeof fld_objids, newer));
    /* MSysLocales */
    CHECK(system_table_row(db, OBJID_LOCALES, PGNO_LOCALES, 92, 0x88000000u, 0, "MSysLocales", newer));
    for (i = 0; i < 3; i++)
        CHECK(system_column_row(db, OBJID_LOCALES, &k_locales_cols[i],
                                catalog_column_flags_from_grbit(k_locales_cols[i].grbit, k_locales_cols[i].cb_default != 0),
                                0, k_locales_cols[i].ib_record_offset));
    CHECK(system_index_row(db, OBJID_LOCALES, OBJID_LOCALES, PGNO_LOCALES, 92, 0x0001402fu, "KeyPrimary", fld_locales,
                           sizeof fld_locales, newer));
    for (i = 0; i < sizeof k_locale_rows / sizeof k_locale_rows[0]; i++)
        CHECK(locales_insert(db, k_locale_rows[i].key, k_locale_rows[i].type, k_locale_rows[i].value));
    /* every tree's object id */
    CHECK(objids_insert(db, CATALOG_OBJID_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, CATALOG_TYPE_TABLE));
    CHECK(objids_insert(db, CATALOG_OBJID_MSYSOBJECTS_SHADOW, CATALOG_OBJID_MSYSOBJECTS_SHADOW, CATALOG_TYPE_TABLE));
    CHECK(objids_insert(db, OBJID_NAME_INDEX, CATALOG_OBJID_MSYSOBJECTS, CATALOG_TYPE_INDEX));
    CHECK(objids_insert(db, OBJID_ROOT_OBJECTS, CATALOG_OBJID_MSYSOBJECTS, CATALOG_TYPE_INDEX));
    CHECK(objids_insert(db, OBJID_OBJIDS, OBJID_OBJIDS, CATALOG_TYPE_TABLE));
    CHECK(objids_insert(db, OBJID_LOCALES, OBJID_LOCALES, CATALOG_TYPE_TABLE));
    *objid_last = OBJID_LOCALES;
done:
    return err;
}

/* ---- the in-memory catalog ---- */

static JET_ERR retire(catalog *cat, void *p)
{
    if (p == NULL) return JET_errSuccess;
    if (cat->cretired == cat->cap_retired) {
        uint32_t ncap = cat->cap_retired ? 2u * cat->cap_retired : 16u;
        void **q = compat_realloc(cat->retired, (size_t)ncap * sizeof *q);
        if (q == NULL) return JET_errOutOfMemory;
        cat->retired = q;
        cat->cap_retired = ncap;
    }
    cat->retired[cat->cretired++] = p;
    return JET_errSuccess;
}

static JET_ERR dup_string(const char *s, char **out)
{
    size_t n = strlen(s);
    char *p = compat_malloc(n + 1u);
    if (p == NULL) return JET_errOutOfMemory;
    memcpy(p, s, n + 1u);
    *out = p;
    return JET_errSuccess;
}

/* A copy of the array (count elements of elem bytes) with one slot free at `at`, room for
 * twice as many; the old array is retired so that pointers into it stay readable. */
/* Makes room for one element at position at. An append that fits the array's capacity
 * (*cap) happens in place: no element moves, so pointers to them stay right. Otherwise
 * the array is copied to one twice as large and the old one retired (it stays readable
 * for the pointers handed out into it). Growing geometrically keeps the retired copies
 * to about the size of the array itself. */
static JET_ERR array_insert(catalog *cat, void **arr, uint32_t count, size_t elem, uint32_t at, uint32_t *cap)
{
    uint32_t n = count < 4u ? 8u : 2u * count;
    uint8_t *p, *old = *arr;
    if (at == count && *cap > count && old != NULL) {
        memset(old + (size_t)count * elem, 0, elem);
        return JET_errSuccess;
    }
    p = compat_calloc(n, elem);
    if (p == NULL) return JET_errOutOfMemory;
    if (retire(cat, old) < 0) {
        compat_free(p);
        return JET_errOutOfMemory;
    }
    if (at != 0) memcpy(p, old, at * elem);
    if (count > at) memcpy(p + (at + 1u) * elem, old + at * elem, (count - at) * elem);
    *arr = p;
    *cap = n;
    return JET_errSuccess;
}

static JET_ERR array_remove(catalog *cat, void **arr, uint32_t count, size_t elem, uint32_t at, uint32_t *cap)
{
    uint8_t *p = compat_calloc(count > 1u ? count - 1u : 1u, elem), *old = *arr;
    *cap = 0; /* exactly full: the next append copies */
    if (p == NULL) return JET_errOutOfMemory;
    if (retire(cat, old) < 0) {
        compat_free(p);
        return JET_errOutOfMemory;
    }
    if (at != 0) memcpy(p, old, at * elem);
    if (count > at + 1u) memcpy(p + at * elem, old + (at + 1u) * elem, (count - at - 1u) * elem);
    *arr = p;
    return JET_errSuccess;
}

static catalog_table *table_by_objid(catalog *cat, uint32_t objid, uint32_t *at)
{
    uint32_t i;
    for (i = 0; i < cat->ctables; i++)
        if (cat->tables[i].objid == objid) {
            if (at != NULL) *at = i;
            return &cat->tables[i];
        }
    return NULL;
}

const catalog_table *catalog_table_by_objid(const catalog *cat, uint32_t objid)
{
    return table_by_objid((catalog *)cat, objid, NULL);
}

JET_ERR catalog_add_table(space_db *db, catalog *cat, const char *name, uint32_t objid, uint32_t pgno_fdp,
                          uint32_t pages, uint32_t density, uint32_t flags, catalog_table **out)
{
    return catalog_add_table_from(db, cat, name, objid, pgno_fdp, pages, density, flags, NULL, out);
}

JET_ERR catalog_add_table_from(space_db *db, catalog *cat, const char *name, uint32_t objid, uint32_t pgno_fdp,
                               uint32_t pages, uint32_t density, uint32_t flags, const char *template_name,
                               catalog_table **out)
{
    JET_ERR err = JET_errSuccess;
    catalog_table nt;
    mso_row r;
    uint32_t at;

    memset(&nt, 0, sizeof nt);
    if (db == NULL || cat == NULL || name == NULL || name[0] == '\0') return JET_errInvalidParameter;
    if (catalog_find_table_any(cat, name) != NULL) return JET_errTableDuplicate;
    row_init(&r, objid, CATALOG_TYPE_TABLE, objid, name);
    r.template_table = template_name;
    r.fdp_or_coltyp = pgno_fdp;
    r.space_usage = density != 0 ? density : CATALOG_DENSITY_DEFAULT;
    r.flags = flags;
    r.pages_or_locale = pages;
    r.root_flag = true;
    r.stamp_time = cat->has_pgno_fdp_last_set_time;
    CHECK(row_insert(db, &r));
    CHECK(objids_insert(db, objid, objid, CATALOG_TYPE_TABLE));
    nt.objid = objid;
    nt.pgno_fdp = pgno_fdp;
    nt.pages = pages;
    nt.flags = flags;
    nt.density = r.space_usage;
    CHECK(dup_string(name, &nt.name));
    if (template_name != NULL) CHECK(dup_string(template_name, &nt.template_name));
    for (at = cat->ctables; at > 0 && cat->tables[at - 1u].objid > objid; at--) {}
    CHECK(array_insert(cat, (void **)&cat->tables, cat->ctables, sizeof nt, at, &cat->cap_tables));
    cat->tables[at] = nt;
    nt.name = NULL;
    nt.template_name = NULL;
    cat->ctables++;
    if (out != NULL) *out = &cat->tables[at];
done:
    compat_free(nt.name);
    compat_free(nt.template_name);
    return err;
}

static void column_row(const record_column *c, uint32_t objid_table, mso_row *r)
{
    row_init(r, objid_table, CATALOG_TYPE_COLUMN, c->columnid & 0xffffu, c->name);
    r->fdp_or_coltyp = c->coltyp;
    r->space_usage = c->cb_max;
    /* a template table's column says so (ESE's ffieldTemplateColumnESE98: its tagged values
     * carry the derived bit in the records of derived tables) */
    r->flags = catalog_column_flags_from_grbit(c->grbit, c->cb_default != 0) |
               ((c->columnid & RECORD_COLUMNID_TEMPLATE) ? CATALOG_COLUMN_FLAG_TEMPLATE : 0u);
    r->pages_or_locale = c->codepage;
    if ((c->columnid & 0xffffu) <= FID_FIXED_LAST) r->record_offset = c->ib_record_offset;
    r->default_value = c->default_value;
    r->cb_default = c->cb_default;
}

JET_ERR catalog_add_column(space_db *db, catalog *cat, uint32_t objid_table, const record_column *def,
                           record_column **out)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t;
    record_column nc;
    mso_row r;
    uint32_t at;

    memset(&nc, 0, sizeof nc);
    if (db == NULL || cat == NULL || def == NULL || def->name == NULL) return JET_errInvalidParameter;
    t = table_by_objid(cat, objid_table, NULL);
    if (t == NULL) return JET_errObjectNotFound;
    if (catalog_find_column_any(t, def->name) != NULL || catalog_column_by_id(t, def->columnid) != NULL)
        return JET_errColumnDuplicate;
    column_row(def, objid_table, &r);
    CHECK(row_insert(db, &r));
    nc = *def;
    nc.name = NULL;
    nc.default_value = NULL;
    CHECK(dup_string(def->name, &nc.name));
    if (def->default_value != NULL) {
        nc.default_value = compat_malloc(def->cb_default != 0 ? def->cb_default : 1u);
        if (nc.default_value == NULL) FAIL(JET_errOutOfMemory);
        memcpy(nc.default_value, def->default_value, def->cb_default);
    }
    for (at = t->ccolumns; at > 0 && t->columns[at - 1u].columnid > def->columnid; at--) {}
    CHECK(array_insert(cat, (void **)&t->columns, t->ccolumns, sizeof nc, at, &t->cap_columns));
    t->columns[at] = nc;
    memset(&nc, 0, sizeof nc);
    t->ccolumns++;
    if (out != NULL) *out = &t->columns[at];
done:
    compat_free(nc.name);
    compat_free(nc.default_value);
    return err;
}

/* KeyFldIDs in the 4-byte form (fIDXExtendedColumns): flags, 0, fid. */
static void key_fld_ids(const record_index *x, uint8_t *out, uint32_t *cb)
{
    uint32_t i;
    for (i = 0; i < x->csegments && i < 16u; i++) {
        out[4u * i] = (uint8_t)((x->segments[i].descending ? 0x40u : 0u) |
                                ((x->segments[i].columnid & 0x80000000u) ? 0x80u : 0u));
        out[4u * i + 1u] = 0;
        byte_order_put_le16(out + 4u * i + 2u, (uint16_t)(x->segments[i].columnid & 0xffffu));
    }
    *cb = 4u * i;
}

/* ConditionalColumns in the same form, fIDXSEGMustBeNull (0x20) for must-be-null. */
static void conditional_columns(const record_index *x, uint8_t *out, uint32_t *cb)
{
    uint32_t i;
    for (i = 0; i < x->cconditions && i < 16u; i++) {
        out[4u * i] = (uint8_t)((x->conditions[i].must_be_null ? 0x20u : 0u) |
                                ((x->conditions[i].columnid & 0x80000000u) ? 0x80u : 0u));
        out[4u * i + 1u] = 0;
        byte_order_put_le16(out + 4u * i + 2u, (uint16_t)(x->conditions[i].columnid & 0xffffu));
    }
    *cb = 4u * i;
}

/* The bytes of an index's LocaleName (UTF-16LE, no terminator): its own, else en-US. */
static void locale_bytes(const record_index *x, uint8_t *buf, uint32_t cap, const uint8_t **pb, uint32_t *cb)
{
    uint32_t n = 0;
    if (x->locale_name == NULL) {
        *pb = k_en_us;
        *cb = sizeof k_en_us;
        return;
    }
    while (x->locale_name[n] != 0 && 2u * (n + 1u) <= cap) {
        byte_order_put_le16(buf + 2u * n, x->locale_name[n]);
        n++;
    }
    *pb = buf;
    *cb = 2u * n;
}

#define LOCALE_BYTES_MAX 172u /* LOCALE_NAME_MAX_LENGTH (85) UTF-16 units */

static JET_ERR index_row(const record_index *x, uint32_t objid_table, uint8_t *fld, uint8_t *version, uint8_t *locale,
                         mso_row *r)
{
    uint32_t cb_fld = 0;
    row_init(r, objid_table, CATALOG_TYPE_INDEX, x->objid, x->name);
    r->fdp_or_coltyp = x->pgno_fdp;
    r->space_usage = x->density != 0 ? x->density : CATALOG_DENSITY_DEFAULT;
    r->flags = x->idb_flags | (x->idx_flags | IDX_EXTENDED_COLUMNS) << 16;
    /* ErrCATAddTableIndex: VarSegMac only when it is less than the key's most */
    if (x->var_seg_mac != 0 && x->var_seg_mac < (x->key_most != 0 ? x->key_most : 255u)) r->var_seg_mac = x->var_seg_mac;
    r->pages_or_locale = x->lcid;
    r->lcmap_flags = x->lcmap_flags != 0 ? x->lcmap_flags : LCMAP_DEFAULT;
    if (x->key_most != 0) r->key_most = x->key_most;
    key_fld_ids(x, fld, &cb_fld);
    r->key_fld_ids = fld;
    r->cb_key_fld_ids = cb_fld;
    conditional_columns(x, r->conditional, &r->cb_conditional);
    locale_bytes(x, locale, LOCALE_BYTES_MAX, &r->locale_name, &r->cb_locale_name);
    if (x->has_sort_stamp) {
        byte_order_put_le64(version, x->sort_version);
        r->version = version;
        r->sort_id = x->sort_id;
    }
    return JET_errSuccess;
}

JET_ERR catalog_add_index(space_db *db, catalog *cat, uint32_t objid_table, const record_index *def,
                          record_index **out)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t;
    record_index nx;
    mso_row r;
    uint8_t fld[64], version[8], locale_row[LOCALE_BYTES_MAX];
    uint16_t *locale = NULL;

    memset(&nx, 0, sizeof nx);
    if (db == NULL || cat == NULL || def == NULL || def->name == NULL || def->csegments > 16u)
        return JET_errInvalidParameter;
    t = table_by_objid(cat, objid_table, NULL);
    if (t == NULL) return JET_errObjectNotFound;
    if (catalog_find_index_any(t, def->name) != NULL) return JET_errIndexDuplicate;
    CHECK(index_row(def, objid_table, fld, version, locale_row, &r));
    r.stamp_time = cat->has_pgno_fdp_last_set_time;
    CHECK(row_insert(db, &r));
    if (def->objid != objid_table) CHECK(objids_insert(db, def->objid, objid_table, CATALOG_TYPE_INDEX));
    nx = *def;
    nx.name = NULL;
    nx.locale_name = NULL;
    nx.idx_flags |= IDX_EXTENDED_COLUMNS;
    if (nx.lcmap_flags == 0) nx.lcmap_flags = LCMAP_DEFAULT;
    CHECK(dup_string(def->name, &nx.name));
    {
        uint32_t i, n = 0;
        if (def->locale_name != NULL)
            while (def->locale_name[n] != 0 && n < LOCALE_BYTES_MAX / 2u) n++;
        else
            n = 5u;
        locale = compat_malloc(((size_t)n + 1u) * sizeof *locale);
        if (locale == NULL) FAIL(JET_errOutOfMemory);
        for (i = 0; i < n; i++) locale[i] = def->locale_name != NULL ? def->locale_name[i] : k_en_us[2u * i];
        locale[n] = 0;
    }
    nx.locale_name = locale;
    locale = NULL;
    CHECK(array_insert(cat, (void **)&t->indexes, t->cindexes, sizeof nx, t->cindexes, &t->cap_indexes));
    t->indexes[t->cindexes] = nx;
    memset(&nx, 0, sizeof nx);
    if (out != NULL) *out = &t->indexes[t->cindexes];
    t->cindexes++;
done:
    compat_free(nx.name);
    compat_free(nx.locale_name);
    compat_free(locale);
    return err;
}

static void lv_row(uint32_t objid_table, uint32_t objid_lv, uint32_t pgno_lv, mso_row *r)
{
    row_init(r, objid_table, CATALOG_TYPE_LONG_VALUE, objid_lv, "LV");
    r->fdp_or_coltyp = pgno_lv;
    r->space_usage = 100;
    r->pages_or_locale = 1;
}

JET_ERR catalog_add_lv(space_db *db, catalog *cat, uint32_t objid_table, uint32_t objid_lv, uint32_t pgno_lv)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t;
    mso_row r;

    if (db == NULL || cat == NULL) return JET_errInvalidParameter;
    t = table_by_objid(cat, objid_table, NULL);
    if (t == NULL) return JET_errObjectNotFound;
    if (t->pgno_lv != 0) return JET_errInvalidParameter;
    lv_row(objid_table, objid_lv, pgno_lv, &r);
    r.stamp_time = cat->has_pgno_fdp_last_set_time;
    CHECK(row_insert(db, &r));
    CHECK(objids_insert(db, objid_lv, objid_table, CATALOG_TYPE_LONG_VALUE));
    t->objid_lv = objid_lv;
    t->pgno_lv = pgno_lv;
done:
    return err;
}

JET_ERR catalog_create_lv_tree(space_db *db, catalog *cat, catalog_table *t, uint32_t *objid_last)
{
    JET_ERR err = JET_errSuccess;
    uint32_t pgno = 0, objid;

    if (db == NULL || cat == NULL || t == NULL || objid_last == NULL) return JET_errInvalidParameter;
    if (t->pgno_lv != 0) return JET_errSuccess;
    objid = *objid_last + 1u;
    CHECK(space_create_object(db, t->pgno_fdp, objid, 3, PAGE_FLAG_LONG_VALUE, 0, &pgno));
    *objid_last = objid;
    CHECK(catalog_add_lv(db, cat, t->objid, objid, pgno));
    /* the caller may hold a retired copy of t: keep it in step too */
    if (t->pgno_lv == 0) {
        t->pgno_lv = pgno;
        t->objid_lv = objid;
    }
done:
    return err;
}

/* ---- deleting and renaming ---- */

static JET_ERR catalog_remove_column_row(space_db *db, catalog *cat, uint32_t objid_table, uint32_t columnid);

JET_ERR catalog_delete_index(space_db *db, catalog *cat, uint32_t objid_table, uint32_t objid_index)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t = table_by_objid(cat, objid_table, NULL);
    mso_row r;
    uint8_t fld[64], version[8], locale_row[LOCALE_BYTES_MAX];
    uint32_t at;

    if (t == NULL) return JET_errObjectNotFound;
    for (at = 0; at < t->cindexes && t->indexes[at].objid != objid_index; at++) {}
    if (at == t->cindexes) return JET_errIndexNotFound;
    CHECK(index_row(&t->indexes[at], objid_table, fld, version, locale_row, &r));
    CHECK(row_delete(db, &r));
    if (objid_index != objid_table) CHECK(objids_delete(db, objid_index));
    CHECK(retire(cat, t->indexes[at].name));
    CHECK(retire(cat, t->indexes[at].locale_name));
    CHECK(array_remove(cat, (void **)&t->indexes, t->cindexes, sizeof *t->indexes, at, &t->cap_indexes));
    t->cindexes--;
done:
    return err;
}

JET_ERR catalog_delete_table(space_db *db, catalog *cat, uint32_t objid_table)
{
    JET_ERR err = JET_errSuccess;
    uint32_t at = 0;
    catalog_table *t = table_by_objid(cat, objid_table, &at);
    mso_row r;

    if (t == NULL) return JET_errObjectNotFound;
    while (t->cindexes != 0) CHECK(catalog_delete_index(db, cat, objid_table, t->indexes[t->cindexes - 1u].objid));
    while (t->ccolumns != 0)
        CHECK(catalog_remove_column_row(db, cat, objid_table, t->columns[t->ccolumns - 1u].columnid));
    if (t->pgno_lv != 0) {
        lv_row(objid_table, t->objid_lv, t->pgno_lv, &r);
        CHECK(row_delete(db, &r));
        CHECK(objids_delete(db, t->objid_lv));
    }
    row_init(&r, objid_table, CATALOG_TYPE_TABLE, objid_table, t->name);
    r.root_flag = true;
    CHECK(row_delete(db, &r));
    CHECK(objids_delete(db, objid_table));
    CHECK(retire(cat, t->name));
    CHECK(retire(cat, t->template_name));
    CHECK(retire(cat, t->columns));
    CHECK(retire(cat, t->indexes));
    CHECK(array_remove(cat, (void **)&cat->tables, cat->ctables, sizeof *cat->tables, at, &cat->cap_tables));
    cat->ctables--;
done:
    return err;
}

static JET_ERR row_change_in(space_db *db, uint32_t pgno, uint32_t objid, const uint8_t *key, uint32_t cb_key,
                             const struct row_change *ch, uint32_t nch);

/* Renames a row (ErrCATRenameTable, ErrCATRenameColumn): its Name is replaced in the
 * catalog and its shadow, every other column kept as stored (those this writer does not
 * form too, such as a newer Windows' PgnoFDPLastSetTime, TemplateTable or SpaceHints);
 * the Name and RootObjects index entries move to the new key. */
static JET_ERR row_rename(space_db *db, mso_row *r, const char *name)
{
    JET_ERR err = JET_errSuccess;
    row_keys old_keys, new_keys;
    struct row_change ch;
    btree_tree tree;

    CHECK(row_keys_of(r, &old_keys));
    r->name = name;
    CHECK(row_keys_of(r, &new_keys));
    ch.fid = 128;
    ch.pv = name;
    ch.cb = (uint32_t)strlen(name);
    CHECK(row_change_in(db, CATALOG_PGNO_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, old_keys.primary, old_keys.cb_primary,
                        &ch, 1));
    tree_of(db, &tree, PGNO_NAME_INDEX, OBJID_NAME_INDEX, PAGE_FLAG_INDEX | PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_delete(&tree, old_keys.name, old_keys.cb_name));
    CHECK(btree_insert(&tree, new_keys.name, new_keys.cb_name, new_keys.primary, new_keys.cb_primary));
    if (old_keys.cb_root != 0) {
        tree_of(db, &tree, PGNO_ROOT_OBJECTS, OBJID_ROOT_OBJECTS, PAGE_FLAG_INDEX | PAGE_FLAG_NEW_RECORD_FORMAT);
        CHECK(btree_delete(&tree, old_keys.root, old_keys.cb_root));
        CHECK(btree_insert(&tree, new_keys.root, new_keys.cb_root, new_keys.primary, new_keys.cb_primary));
    }
    CHECK(row_change_in(db, CATALOG_PGNO_MSYSOBJECTS_SHADOW, CATALOG_OBJID_MSYSOBJECTS_SHADOW, old_keys.primary,
                        old_keys.cb_primary, &ch, 1));
done:
    return err;
}

JET_ERR catalog_rename_table(space_db *db, catalog *cat, uint32_t objid_table, const char *name)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t = table_by_objid(cat, objid_table, NULL);
    const catalog_table *other;
    char *nn = NULL;
    mso_row r;

    if (t == NULL) return JET_errObjectNotFound;
    if (name == NULL || name[0] == '\0') return JET_errInvalidParameter;
    other = catalog_find_table_any(cat, name);
    if (other != NULL && other != t) return JET_errTableDuplicate;
    row_init(&r, objid_table, CATALOG_TYPE_TABLE, objid_table, t->name);
    r.fdp_or_coltyp = t->pgno_fdp;
    r.space_usage = t->density;
    r.flags = t->flags;
    r.pages_or_locale = t->pages;
    r.root_flag = true;
    CHECK(dup_string(name, &nn));
    CHECK(row_rename(db, &r, nn));
    CHECK(retire(cat, t->name));
    t->name = nn;
    nn = NULL;
done:
    compat_free(nn);
    return err;
}

JET_ERR catalog_rename_column(space_db *db, catalog *cat, uint32_t objid_table, uint32_t columnid, const char *name)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t = table_by_objid(cat, objid_table, NULL);
    record_column *c = NULL;
    const record_column *other;
    char *nn = NULL;
    mso_row r;
    uint32_t i;

    if (t == NULL) return JET_errObjectNotFound;
    if (name == NULL || name[0] == '\0') return JET_errInvalidParameter;
    for (i = 0; i < t->ccolumns; i++)
        if (t->columns[i].columnid == columnid) c = &t->columns[i];
    if (c == NULL) return JET_errColumnNotFound;
    other = catalog_find_column_any(t, name);
    if (other != NULL && other != c) return JET_errColumnDuplicate;
    column_row(c, objid_table, &r);
    CHECK(dup_string(name, &nn));
    CHECK(row_rename(db, &r, nn));
    CHECK(retire(cat, c->name));
    c->name = nn;
    nn = NULL;
done:
    compat_free(nn);
    return err;
}

/* ---- changing columns of one row in place (stats, deleted columns, defaults) ---- */

/* One column of MSysObjects to set: fid, value (NULL: null). */
typedef struct row_change row_change;

/* Rewrites the record with primary key (key, cb_key) in the tree rooted at pgno (MSysObjects
 * or its shadow) with the changes applied; the other columns stay as stored, which is why
 * this reads the row rather than forming it anew. */
static JET_ERR row_change_in(space_db *db, uint32_t pgno, uint32_t objid, const uint8_t *key, uint32_t cb_key,
                             const row_change *ch, uint32_t nch)
{
    JET_ERR err = JET_errSuccess;
    catalog_table def;
    record_build rb;
    record_view rv;
    btree_cursor cur;
    btree_tree t;
    bool rb_open = false, cur_open = false;
    uint8_t *pb = NULL;
    uint32_t cb = 0, i;

    table_def(&def, k_mso_cols, MSO_NCOLS);
    CHECK(btree_open(&cur, db->c, db->ifile, pgno));
    cur_open = true;
    err = btree_seek(&cur, key, cb_key);
    if (err == JET_errRecordNotFound) FAIL(JET_errObjectNotFound);
    CHECK(err);
    if (cur.cb_key != cb_key || memcmp(cur.key, key, cb_key) != 0) FAIL(JET_errObjectNotFound);
    CHECK(record_open(cur.data, cur.cb_data, page_is_large(db->cb_page), &rv));
    CHECK(record_build_load(&rb, &def, db->cb_page, record_build_max_size(db->cb_page, KEY_LEGACY_MOST), &rv, false));
    rb_open = true;
    /* the record's bytes are copied: the leaf may be changed now */
    btree_close(&cur);
    cur_open = false;
    for (i = 0; i < nch; i++) {
        const record_column *col = catalog_column_by_id(&def, ch[i].fid);
        if (col == NULL) FAIL(JET_errInvalidParameter);
        err = record_build_set(&rb, col, ch[i].pv, ch[i].pv != NULL ? ch[i].cb : 0,
                               ch[i].pv != NULL && ch[i].cb == 0 ? JET_bitSetZeroLength : 0, 1, 0, NULL);
        CHECK(err);
        err = JET_errSuccess;
    }
    CHECK(record_build_encode(&rb, NULL, NULL, &pb, &cb));
    tree_of(db, &t, pgno, objid, PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_replace(&t, key, cb_key, pb, cb));
done:
    if (cur_open) btree_close(&cur);
    if (rb_open) record_build_free(&rb);
    compat_free(pb);
    return err;
}

JET_ERR catalog_set_stats(space_db *db, uint32_t objid_table, uint32_t type, uint32_t id, uint32_t items,
                          uint32_t keys, uint32_t pages, double when)
{
    JET_ERR err = JET_errSuccess;
    mso_row r;
    row_keys k;
    row_change ch;
    uint8_t sr[CATALOG_STATS_CB];

    if (db == NULL) return JET_errInvalidParameter;
    row_init(&r, objid_table, type, id, "");
    CHECK(row_keys_of(&r, &k));
    byte_order_put_le32(sr, items);
    byte_order_put_le32(sr + 4, keys);
    byte_order_put_le32(sr + 8, pages);
    memcpy(sr + 12, &when, 8); /* JET_DATESERIAL as stored: the double's little-endian bytes */
    ch.fid = 129;
    ch.pv = sr;
    ch.cb = sizeof sr;
    /* ESE (ErrCATStats) writes statistics to MSysObjects only, not to the shadow */
    CHECK(row_change_in(db, CATALOG_PGNO_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, k.primary, k.cb_primary, &ch, 1));
done:
    return err;
}

JET_ERR catalog_delete_column(space_db *db, catalog *cat, uint32_t objid_table, uint32_t columnid)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t = table_by_objid(cat, objid_table, NULL);
    record_column *c = NULL;
    mso_row r;
    row_keys old_keys, new_keys;
    row_change ch[2];
    btree_tree tree;
    uint8_t coltyp[4];
    char stub[CATALOG_STUB_NAME_MAX];
    char *nn = NULL;
    uint32_t i;

    if (t == NULL) return JET_errObjectNotFound;
    for (i = 0; i < t->ccolumns; i++)
        if (t->columns[i].columnid == columnid && t->columns[i].coltyp != JET_coltypNil) c = &t->columns[i];
    if (c == NULL) return JET_errColumnNotFound;
    catalog_stub_name(objid_table, columnid & 0xffffu, stub);
    column_row(c, objid_table, &r);
    CHECK(row_keys_of(&r, &old_keys));
    r.name = stub;
    CHECK(row_keys_of(&r, &new_keys));
    /* ErrCATIDeleteTableColumn: the row stays (its fid is never given out again) with
     * coltyp Nil and the name JetStub_<objidTable>_<fid>, in the catalog and its shadow */
    byte_order_put_le32(coltyp, JET_coltypNil);
    ch[0].fid = 4;
    ch[0].pv = coltyp;
    ch[0].cb = 4;
    ch[1].fid = 128;
    ch[1].pv = stub;
    ch[1].cb = (uint32_t)strlen(stub);
    CHECK(row_change_in(db, CATALOG_PGNO_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, old_keys.primary, old_keys.cb_primary,
                        ch, 2));
    tree_of(db, &tree, PGNO_NAME_INDEX, OBJID_NAME_INDEX, PAGE_FLAG_INDEX | PAGE_FLAG_NEW_RECORD_FORMAT);
    CHECK(btree_delete(&tree, old_keys.name, old_keys.cb_name));
    CHECK(btree_insert(&tree, new_keys.name, new_keys.cb_name, new_keys.primary, new_keys.cb_primary));
    CHECK(row_change_in(db, CATALOG_PGNO_MSYSOBJECTS_SHADOW, CATALOG_OBJID_MSYSOBJECTS_SHADOW, old_keys.primary,
                        old_keys.cb_primary, ch, 2));
    /* in memory: kept for its place in the record (offset, size), otherwise inert */
    CHECK(dup_string(stub, &nn));
    CHECK(retire(cat, c->name));
    CHECK(retire(cat, c->default_value));
    c->name = nn;
    nn = NULL;
    c->coltyp = JET_coltypNil;
    c->default_value = NULL;
    c->cb_default = 0;
    c->grbit &= JET_bitColumnFixed | JET_bitColumnTagged;
done:
    compat_free(nn);
    return err;
}

/* The row of a deleted column goes for good only with its table. */
static JET_ERR catalog_remove_column_row(space_db *db, catalog *cat, uint32_t objid_table, uint32_t columnid)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t = table_by_objid(cat, objid_table, NULL);
    mso_row r;
    uint32_t at;

    if (t == NULL) return JET_errObjectNotFound;
    for (at = 0; at < t->ccolumns && t->columns[at].columnid != columnid; at++) {}
    if (at == t->ccolumns) return JET_errColumnNotFound;
    /* an inherited column has no row of this table (its template's row stays) */
    if (!t->columns[at].inherited) {
        column_row(&t->columns[at], objid_table, &r);
        CHECK(row_delete(db, &r));
    }
    CHECK(retire(cat, t->columns[at].name));
    CHECK(retire(cat, t->columns[at].default_value));
    CHECK(array_remove(cat, (void **)&t->columns, t->ccolumns, sizeof *t->columns, at, &t->cap_columns));
    t->ccolumns--;
done:
    return err;
}

JET_ERR catalog_set_column_default(space_db *db, catalog *cat, uint32_t objid_table, uint32_t columnid,
                                   const void *pv, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t = table_by_objid(cat, objid_table, NULL);
    record_column *c = NULL;
    mso_row r;
    row_keys k;
    row_change ch;
    uint8_t *copy = NULL;
    uint32_t i;

    if (t == NULL) return JET_errObjectNotFound;
    if ((pv == NULL) != (cb == 0)) return JET_errInvalidParameter;
    for (i = 0; i < t->ccolumns; i++)
        if (t->columns[i].columnid == columnid && t->columns[i].coltyp != JET_coltypNil) c = &t->columns[i];
    if (c == NULL) return JET_errColumnNotFound;
    column_row(c, objid_table, &r);
    CHECK(row_keys_of(&r, &k));
    if (cb != 0) {
        copy = compat_malloc(cb);
        if (copy == NULL) FAIL(JET_errOutOfMemory);
        memcpy(copy, pv, cb);
    }
    ch.fid = 131;
    ch.pv = pv; /* NULL: the column is set null, no default */
    ch.cb = cb;
    /* ErrCATChangeColumnDefaultValue: the catalog and its shadow */
    CHECK(row_change_in(db, CATALOG_PGNO_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, k.primary, k.cb_primary, &ch, 1));
    CHECK(row_change_in(db, CATALOG_PGNO_MSYSOBJECTS_SHADOW, CATALOG_OBJID_MSYSOBJECTS_SHADOW, k.primary, k.cb_primary,
                        &ch, 1));
    CHECK(retire(cat, c->default_value));
    c->default_value = copy;
    c->cb_default = cb;
    copy = NULL;
done:
    compat_free(copy);
    return err;
}

JET_ERR catalog_set_index_tree(space_db *db, catalog *cat, uint32_t objid_table, const record_index *def)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t = table_by_objid(cat, objid_table, NULL);
    record_index *x = NULL;
    mso_row r;
    row_keys k;
    row_change ch[3];
    uint8_t fld[64], version[8], locale_row[LOCALE_BYTES_MAX], pgno[4], stamp[8];

    if (t == NULL) return JET_errObjectNotFound;
    for (uint32_t i = 0; i < t->cindexes; i++)
        if (t->indexes[i].objid == def->objid) x = &t->indexes[i];
    if (x == NULL) return JET_errIndexNotFound;
    INVARIANT(def->has_sort_stamp);
    CHECK(index_row(x, objid_table, fld, version, locale_row, &r));
    CHECK(row_keys_of(&r, &k));
    byte_order_put_le32(pgno, def->pgno_fdp);
    byte_order_put_le64(stamp, def->sort_version);
    ch[0].fid = 4; /* ColtypOrPgnoFDP */
    ch[0].pv = pgno;
    ch[0].cb = sizeof pgno;
    ch[1].fid = 136; /* Version */
    ch[1].pv = stamp;
    ch[1].cb = sizeof stamp;
    ch[2].fid = 137; /* SortID */
    ch[2].pv = def->sort_id;
    ch[2].cb = sizeof def->sort_id;
    CHECK(row_change_in(db, CATALOG_PGNO_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, k.primary, k.cb_primary, ch, 3));
    CHECK(row_change_in(db, CATALOG_PGNO_MSYSOBJECTS_SHADOW, CATALOG_OBJID_MSYSOBJECTS_SHADOW, k.primary, k.cb_primary,
                        ch, 3));
    x->pgno_fdp = def->pgno_fdp;
    x->has_sort_stamp = true;
    x->sort_version = def->sort_version;
    memcpy(x->sort_id, def->sort_id, sizeof x->sort_id);
    x->collator = def->collator;
done:
    return err;
}

/* ---- marks of uncommitted DDL (catalog_pending) ---- */

/* The table's pending record, made on first use; it and its arrays are only ever retired,
 * so every copy of the table's entry may keep pointing at it. */
static JET_ERR pending_of(catalog *cat, uint32_t objid_table, catalog_pending **out)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t = table_by_objid(cat, objid_table, NULL);
    catalog_pending *p;
    *out = NULL;
    if (t == NULL) return JET_errObjectNotFound;
    if (t->pending == NULL) {
        p = compat_calloc(1, sizeof *p);
        if (p == NULL) return JET_errOutOfMemory;
        if ((err = retire(cat, p)) < 0) {
            compat_free(p);
            return err;
        }
        t->pending = p;
    }
    *out = t->pending;
    return JET_errSuccess;
}

JET_ERR catalog_mark_created(catalog *cat, uint32_t objid_table, const void *owner)
{
    catalog_pending *p = NULL;
    JET_ERR err = pending_of(cat, objid_table, &p);
    if (err >= 0) p->created_by = owner;
    return err;
}

JET_ERR catalog_mark_deleted(catalog *cat, uint32_t objid_table, const void *owner)
{
    catalog_pending *p = NULL;
    JET_ERR err = pending_of(cat, objid_table, &p);
    if (err >= 0) p->deleted_by = owner;
    return err;
}

/* Adds (on) or removes the mark (kind, id) of the table's pending record. */
static JET_ERR pending_mark(catalog *cat, uint32_t objid_table, uint32_t kind, uint32_t id, const void *owner, bool on)
{
    JET_ERR err = JET_errSuccess;
    catalog_pending *p = NULL;
    uint32_t i;

    CHECK(pending_of(cat, objid_table, &p));
    for (i = 0; i < p->chidden; i++)
        if (p->hidden[i].kind == kind && p->hidden[i].id == id) break;
    if (!on) {
        /* the array is shifted in place: readers hold the database lock the caller holds */
        if (i < p->chidden) {
            memmove(&p->hidden[i], &p->hidden[i + 1u], (size_t)(p->chidden - i - 1u) * sizeof *p->hidden);
            p->chidden--;
        }
        goto done;
    }
    if (i < p->chidden) {
        p->hidden[i].owner = owner;
        p->hidden[i].committed = 0;
        goto done;
    }
    if (p->chidden == p->cap_hidden) {
        uint32_t ncap = p->cap_hidden ? 2u * p->cap_hidden : 8u;
        catalog_hidden *q = compat_malloc((size_t)ncap * sizeof *q);
        if (q == NULL) FAIL(JET_errOutOfMemory);
        if ((err = retire(cat, q)) < 0) {
            compat_free(q);
            goto done;
        }
        if (p->chidden) memcpy(q, p->hidden, (size_t)p->chidden * sizeof *q);
        p->hidden = q; /* the old array is already retired */
        p->cap_hidden = ncap;
    }
    p->hidden[p->chidden].kind = kind;
    p->hidden[p->chidden].id = id;
    p->hidden[p->chidden].owner = owner;
    p->hidden[p->chidden].committed = 0;
    p->chidden++;
done:
    return err;
}

JET_ERR catalog_hide(catalog *cat, uint32_t objid_table, uint32_t kind, uint32_t id, const void *owner)
{
    return pending_mark(cat, objid_table, kind, id, owner, owner != NULL);
}

JET_ERR catalog_mark_new(catalog *cat, uint32_t objid_table, uint32_t kind, uint32_t id, const void *owner)
{
    return pending_mark(cat, objid_table, kind, id, owner, owner != NULL);
}

JET_ERR catalog_commit_created(catalog *cat, uint32_t objid_table, uint64_t when)
{
    catalog_pending *p = NULL;
    JET_ERR err = pending_of(cat, objid_table, &p);
    if (err >= 0) {
        p->created_by = NULL;
        p->created = when;
    }
    return err;
}

JET_ERR catalog_commit_new(catalog *cat, uint32_t objid_table, uint32_t kind, uint32_t id, uint64_t when)
{
    catalog_pending *p = NULL;
    JET_ERR err = pending_mark(cat, objid_table, kind, id, NULL, true);
    if (err >= 0) err = pending_of(cat, objid_table, &p);
    for (uint32_t i = 0; err >= 0 && i < p->chidden; i++)
        if (p->hidden[i].kind == kind && p->hidden[i].id == id) p->hidden[i].committed = when;
    return err;
}

void catalog_forget_commits(catalog *cat, uint64_t oldest)
{
    for (uint32_t t = 0; t < cat->ctables; t++) {
        catalog_pending *p = cat->tables[t].pending;
        uint32_t j = 0;
        if (p == NULL) continue;
        if (p->created != 0 && (oldest == 0 || p->created <= oldest)) p->created = 0;
        /* shifted in place: readers hold the database lock the caller holds */
        for (uint32_t i = 0; i < p->chidden; i++) {
            const catalog_hidden *h = &p->hidden[i];
            bool kept = h->owner != NULL || h->committed == 0 || (oldest != 0 && h->committed > oldest);
            if (kept) p->hidden[j++] = *h;
        }
        p->chidden = j;
    }
}

void catalog_stub_name(uint32_t objid_table, uint32_t fid, char *out)
{
    static const char prefix[] = "JetStub_";
    char digits[2][12];
    uint32_t v[2], i, n = 0;

    v[0] = objid_table;
    v[1] = fid;
    memcpy(out, prefix, sizeof prefix - 1u);
    n = (uint32_t)(sizeof prefix - 1u);
    for (i = 0; i < 2u; i++) {
        uint32_t len = 0, x = v[i];
        do {
            digits[i][len++] = (char)('0' + x % 10u);
            x /= 10u;
        } while (x != 0);
        while (len > 0) out[n++] = digits[i][--len];
        if (i == 0) out[n++] = '_';
    }
    out[n] = '\0';
}
