/* catalog.c: reading MSysObjects into table definitions (see catalog.h). */
#include "catalog.h"

#include <string.h>

#include "byte_order.h"

/* MSysObjects' fixed columns, as ESE defines them (rgcdescMSO in _cat.cxx, fidMSO_* in
 * cat.hxx). Every catalog ESE has written uses this one layout: a column added by a newer
 * Windows comes after the older ones, and rows written before it simply end earlier
 * (their last fixed fid is smaller), so that the column reads as null there. */
enum {
    MSO_OBJID_TABLE = 1,
    MSO_TYPE = 2,
    MSO_ID = 3,
    MSO_COLTYP_OR_PGNO_FDP = 4,
    MSO_SPACE_USAGE = 5,
    MSO_FLAGS = 6,
    MSO_PAGES_OR_LOCALE = 7,
    MSO_ROOT_FLAG = 8,
    MSO_RECORD_OFFSET = 9,
    MSO_LCMAP_FLAGS = 10,
    MSO_KEY_MOST = 11,
    MSO_LV_CHUNK_MAX = 12,
    MSO_PGNO_FDP_LAST_SET_TIME = CATALOG_FID_PGNO_FDP_LAST_SET_TIME,
    MSO_FIXED_LAST = MSO_PGNO_FDP_LAST_SET_TIME
};
/* Offset and size of each: ESE's ErrCATIInitCatalogTDB puts them one after the other from
 * the end of the record header (offset 4) in fid order, each as large as its type
 * (Long 4, Short 2, Bit 1, UnsignedShort 2, DateTime 8); catalog_self_offsets below
 * computes the same from the sizes. */
static const struct { uint8_t ib, cb; } k_mso_fixed[MSO_FIXED_LAST + 1] = {
    {0, 0}, {4, 4}, {8, 2}, {10, 4}, {14, 4}, {18, 4}, {22, 4}, {26, 4}, {30, 1}, {31, 2}, {33, 4}, {37, 2}, {39, 4},
    {43, 8},
};
enum {
    MSO_NAME = 128,
    MSO_STATS = 129,
    MSO_TEMPLATE_TABLE = 130,
    MSO_DEFAULT_VALUE = 131,
    MSO_KEY_FLD_IDS = 132,
    MSO_CONDITIONAL_COLUMNS = 134,
    MSO_VERSION = 136,
    MSO_SORT_ID = 137,
    MSO_LOCALE_NAME = 261
};

#define IDXSEG_DESCENDING 0x40u
#define IDXSEG_TEMPLATE_COLUMN 0x80u
#define IDXSEG_MUST_BE_NULL 0x20u
#define COLUMNID_TEMPLATE RECORD_COLUMNID_TEMPLATE

/* A fixed MSysObjects column as an unsigned number (0 when null or absent). */
static JET_ERR mso_fixed(const record_view *rv, uint32_t fid, uint32_t *out)
{
    JET_ERR err = JET_errSuccess;
    record_state st;
    record_value v;

    *out = 0;
    CHECK(record_fixed(rv, fid, k_mso_fixed[fid].ib, k_mso_fixed[fid].cb, &st, &v));
    if (st != RECORD_VALUE) goto done;
    *out = (uint32_t)byte_order_get_le_n(v.pb, v.cb);
done:
    return err;
}

static JET_ERR dup_bytes(const uint8_t *pb, uint32_t cb, uint32_t extra_zero, uint8_t **out)
{
    uint8_t *p = compat_malloc((size_t)cb + extra_zero);
    if (p == NULL) return JET_errOutOfMemory;
    if (cb != 0) memcpy(p, pb, cb);
    memset(p + cb, 0, extra_zero);
    *out = p;
    return JET_errSuccess;
}

/* A variable column as a NUL-terminated string (NULL when absent). */
static JET_ERR mso_string(const record_view *rv, uint32_t fid, char **out)
{
    JET_ERR err = JET_errSuccess;
    record_state st;
    record_value v;

    *out = NULL;
    CHECK(record_variable(rv, fid, &st, &v));
    if (st != RECORD_VALUE) goto done;
    CHECK(dup_bytes(v.pb, v.cb, 1, (uint8_t **)out));
done:
    return err;
}

static JET_ERR grow(void **arr, uint32_t count, size_t elem)
{
    void *p;
    /* capacity: 4, then doubled whenever count reaches a power of two */
    if (count != 0 && (count < 4u || (count & (count - 1u)) != 0)) return JET_errSuccess;
    p = compat_realloc(*arr, (size_t)(count == 0 ? 4u : 2u * count) * elem);
    if (p == NULL) return JET_errOutOfMemory;
    *arr = p;
    return JET_errSuccess;
}

static JET_ERR parse_key_columns(const record_view *rv, record_index *idx)
{
    JET_ERR err = JET_errSuccess;
    record_state st;
    record_value v;
    uint32_t i, n;

    CHECK(record_variable(rv, MSO_KEY_FLD_IDS, &st, &v));
    if (st != RECORD_VALUE) goto done;
    if (idx->idx_flags & IDX_EXTENDED_COLUMNS) {
        if (v.cb % 4u != 0) FAIL(JET_errCatalogCorrupted);
        n = v.cb / 4u;
        if (n > sizeof idx->segments / sizeof idx->segments[0]) FAIL(JET_errCatalogCorrupted);
        for (i = 0; i < n; i++) {
            uint8_t flags = v.pb[4u * i];
            idx->segments[i].columnid = byte_order_get_le16(v.pb + 4u * i + 2u) |
                                        ((flags & IDXSEG_TEMPLATE_COLUMN) ? COLUMNID_TEMPLATE : 0u);
            idx->segments[i].descending = (flags & IDXSEG_DESCENDING) != 0;
        }
    } else {
        /* the old form: signed 16-bit fids, negative for descending */
        if (v.cb % 2u != 0) FAIL(JET_errCatalogCorrupted);
        n = v.cb / 2u;
        if (n > sizeof idx->segments / sizeof idx->segments[0]) FAIL(JET_errCatalogCorrupted);
        for (i = 0; i < n; i++) {
            int16_t s = (int16_t)byte_order_get_le16(v.pb + 2u * i);
            idx->segments[i].descending = s < 0;
            idx->segments[i].columnid = (uint32_t)(s < 0 ? -(int32_t)s : s);
        }
    }
    idx->csegments = n;
done:
    return err;
}

/* ConditionalColumns: IDXSEGs as KeyFldIDs holds them, fIDXSEGMustBeNull for
 * JET_bitIndexColumnMustBeNull (the old form: 2-byte fids, negative for must-be-null). */
static JET_ERR parse_conditions(const record_view *rv, record_index *idx)
{
    JET_ERR err = JET_errSuccess;
    record_state st;
    record_value v;
    uint32_t i, n;
    bool extended = (idx->idx_flags & IDX_EXTENDED_COLUMNS) != 0;

    CHECK(record_variable(rv, MSO_CONDITIONAL_COLUMNS, &st, &v));
    if (st != RECORD_VALUE) goto done;
    if (v.cb % (extended ? 4u : 2u) != 0) FAIL(JET_errCatalogCorrupted);
    n = v.cb / (extended ? 4u : 2u);
    if (n > sizeof idx->conditions / sizeof idx->conditions[0]) FAIL(JET_errCatalogCorrupted);
    for (i = 0; i < n; i++) {
        if (extended) {
            uint8_t flags = v.pb[4u * i];
            idx->conditions[i].columnid = byte_order_get_le16(v.pb + 4u * i + 2u) |
                                          ((flags & IDXSEG_TEMPLATE_COLUMN) ? COLUMNID_TEMPLATE : 0u);
            idx->conditions[i].must_be_null = (flags & IDXSEG_MUST_BE_NULL) != 0;
        } else {
            int16_t s = (int16_t)byte_order_get_le16(v.pb + 2u * i);
            idx->conditions[i].must_be_null = s < 0;
            idx->conditions[i].columnid = (uint32_t)(s < 0 ? -(int32_t)s : s);
        }
    }
    idx->cconditions = n;
done:
    return err;
}

static void free_column(record_column *c)
{
    compat_free(c->name);
    compat_free(c->default_value);
}

static void free_index(record_index *x)
{
    compat_free(x->name);
    compat_free(x->locale_name);
}

static void free_table(catalog_table *t)
{
    uint32_t i;
    compat_free(t->name);
    compat_free(t->template_name);
    for (i = 0; i < t->ccolumns; i++) free_column(&t->columns[i]);
    for (i = 0; i < t->cindexes; i++) free_index(&t->indexes[i]);
    compat_free(t->columns);
    compat_free(t->indexes);
}

void catalog_free(catalog *cat)
{
    uint32_t i;
    if (cat == NULL) return;
    for (i = 0; i < cat->ctables; i++) free_table(&cat->tables[i]);
    compat_free(cat->tables);
    /* what catalog_write.c replaced or removed, kept for pointers handed out before */
    for (i = 0; i < cat->cretired; i++) compat_free(cat->retired[i]);
    compat_free(cat->retired);
    compat_free(cat);
}

static JET_ERR add_table(catalog *cat, const record_view *rv, uint32_t objid)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t;

    if (cat->ctables != 0 && cat->tables[cat->ctables - 1u].objid >= objid) FAIL(JET_errCatalogCorrupted);
    CHECK(grow((void **)&cat->tables, cat->ctables, sizeof *cat->tables));
    t = &cat->tables[cat->ctables];
    memset(t, 0, sizeof *t);
    cat->ctables++;
    t->objid = objid;
    CHECK(mso_fixed(rv, MSO_COLTYP_OR_PGNO_FDP, &t->pgno_fdp));
    CHECK(mso_fixed(rv, MSO_PAGES_OR_LOCALE, &t->pages));
    CHECK(mso_fixed(rv, MSO_FLAGS, &t->flags));
    CHECK(mso_fixed(rv, MSO_SPACE_USAGE, &t->density));
    CHECK(mso_string(rv, MSO_NAME, &t->name));
    CHECK(mso_string(rv, MSO_TEMPLATE_TABLE, &t->template_name));
    if (t->name == NULL || t->pgno_fdp == 0) FAIL(JET_errCatalogCorrupted);
done:
    return err;
}

/* ESE's persisted field flags (tdb.hxx) and the JET_bitColumn* bit each one is reported
 * as (info.cxx ErrINFOGetTableColumnInfo; fcreate.cxx sets them from the grbit). */
static const struct { uint32_t ffield, grbit; } k_field_flags[] = {
    { 0x0001u, JET_bitColumnNotNULL },        /* ffieldNotNull */
    { 0x0002u, JET_bitColumnVersion },        /* ffieldVersion */
    { 0x0004u, JET_bitColumnAutoincrement },  /* ffieldAutoincrement */
    { 0x0008u, JET_bitColumnMultiValued },    /* ffieldMultivalued */
    { 0x0020u, JET_bitColumnEscrowUpdate },   /* ffieldEscrowUpdate */
    { 0x0040u, JET_bitColumnFinalize },       /* ffieldFinalize */
    { 0x0080u, JET_bitColumnUserDefinedDefault }, /* ffieldUserDefinedDefault */
    { 0x0200u, JET_bitColumnDeleteOnZero },   /* ffieldDeleteOnZero */
    { 0x0800u, 0x00010000u },                 /* ffieldPrimaryIndexPlaceholder:
                                                 JET_bitColumnRenameConvertToPrimaryIndexPlaceholder */
    { 0x1000u, JET_bitColumnCompressed },     /* ffieldCompressed */
    { 0x2000u, 0x00100000u },                 /* ffieldEncrypted: JET_bitColumnEncrypted */
};
#define FFIELD_DEFAULT 0x0010u /* ffieldDefault: the column has a default value */

uint32_t catalog_column_grbit_from_flags(uint32_t flags, uint32_t columnid)
{
    uint32_t fid = columnid & 0xffffu, grbit = 0;
    for (size_t i = 0; i < sizeof k_field_flags / sizeof k_field_flags[0]; i++)
        if (flags & k_field_flags[i].ffield) grbit |= k_field_flags[i].grbit;
    if (fid >= FID_TAGGED_FIRST) grbit |= JET_bitColumnTagged;
    else if (fid <= FID_FIXED_LAST) grbit |= JET_bitColumnFixed;
    return grbit;
}

uint32_t catalog_column_flags_from_grbit(uint32_t grbit, bool has_default)
{
    uint32_t flags = has_default || (grbit & JET_bitColumnUserDefinedDefault) ? FFIELD_DEFAULT : 0u;
    for (size_t i = 0; i < sizeof k_field_flags / sizeof k_field_flags[0]; i++)
        if (grbit & k_field_flags[i].grbit) flags |= k_field_flags[i].ffield;
    return flags;
}

static JET_ERR add_column(catalog_table *t, const record_view *rv, uint32_t id)
{
    JET_ERR err = JET_errSuccess;
    record_column *c;
    record_state st;
    record_value v;

    if (id == 0 || id > FID_TAGGED_LAST) FAIL(JET_errCatalogCorrupted);
    if (t->ccolumns != 0 && t->columns[t->ccolumns - 1u].columnid >= id) FAIL(JET_errCatalogCorrupted);
    CHECK(grow((void **)&t->columns, t->ccolumns, sizeof *t->columns));
    c = &t->columns[t->ccolumns];
    memset(c, 0, sizeof *c);
    t->ccolumns++;
    c->columnid = id;
    CHECK(mso_fixed(rv, MSO_COLTYP_OR_PGNO_FDP, &c->coltyp));
    CHECK(mso_fixed(rv, MSO_SPACE_USAGE, &c->cb_max));
    CHECK(mso_fixed(rv, MSO_FLAGS, &c->grbit));
    c->grbit = catalog_column_grbit_from_flags(c->grbit, id);
    CHECK(mso_fixed(rv, MSO_PAGES_OR_LOCALE, &c->codepage));
    CHECK(mso_fixed(rv, MSO_RECORD_OFFSET, &c->ib_record_offset));
    CHECK(mso_string(rv, MSO_NAME, &c->name));
    if (c->name == NULL) FAIL(JET_errCatalogCorrupted);
    if (c->coltyp == JET_coltypNil) {
        /* a deleted column (JetDeleteColumn): kept for its fid and its place in the
         * records, never found by name or id, no default, no constraints */
        c->grbit &= JET_bitColumnFixed | JET_bitColumnTagged;
        goto done;
    }
    CHECK(record_variable(rv, MSO_DEFAULT_VALUE, &st, &v));
    if (st == RECORD_VALUE) {
        CHECK(dup_bytes(v.pb, v.cb, 0, &c->default_value));
        c->cb_default = v.cb;
    }
done:
    return err;
}

static JET_ERR add_index(catalog_table *t, const record_view *rv, uint32_t id)
{
    JET_ERR err = JET_errSuccess;
    record_index *x;
    record_state st;
    record_value v;
    uint32_t flags = 0, count = 0;

    CHECK(grow((void **)&t->indexes, t->cindexes, sizeof *t->indexes));
    x = &t->indexes[t->cindexes];
    memset(x, 0, sizeof *x);
    t->cindexes++;
    x->objid = id;
    CHECK(mso_fixed(rv, MSO_COLTYP_OR_PGNO_FDP, &x->pgno_fdp));
    CHECK(mso_fixed(rv, MSO_FLAGS, &flags));
    x->idb_flags = flags & 0xffffu;
    x->idx_flags = flags >> 16;
    CHECK(mso_fixed(rv, MSO_PAGES_OR_LOCALE, &x->lcid));
    CHECK(mso_fixed(rv, MSO_LCMAP_FLAGS, &x->lcmap_flags));
    CHECK(mso_fixed(rv, MSO_KEY_MOST, &x->key_most));
    CHECK(mso_fixed(rv, MSO_SPACE_USAGE, &x->density));
    CHECK(mso_string(rv, MSO_NAME, &x->name));
    if (x->name == NULL) FAIL(JET_errCatalogCorrupted);
    CHECK(parse_key_columns(rv, x));
    CHECK(parse_conditions(rv, x));
    CHECK(record_variable(rv, MSO_VERSION, &st, &v));
    if (st == RECORD_VALUE && v.cb == 8) {
        record_state st_id;
        record_value id;
        CHECK(record_variable(rv, MSO_SORT_ID, &st_id, &id));
        if (st_id == RECORD_VALUE && id.cb == 16) {
            x->has_sort_stamp = true;
            x->sort_version = byte_order_get_le64(v.pb);
            memcpy(x->sort_id, id.pb, 16);
        }
    }
    CHECK(record_tagged(rv, MSO_LOCALE_NAME, 1, &count, &st, &v));
    if (st == RECORD_VALUE && !v.separated && !v.compressed) {
        uint8_t *p = NULL;
        uint32_t i, n = v.cb / 2u;
        CHECK(dup_bytes(v.pb, n * 2u, 2, &p));
        x->locale_name = compat_malloc(((size_t)n + 1u) * sizeof(uint16_t));
        if (x->locale_name == NULL) {
            compat_free(p);
            FAIL(JET_errOutOfMemory);
        }
        for (i = 0; i <= n; i++) x->locale_name[i] = byte_order_get_le16(p + 2u * i);
        compat_free(p);
    }
done:
    return err;
}

/* The size a fixed column takes in the record: its type's, or SpaceUsage for the fixed
 * text and binary types (ESE's UlCATColumnSize). */
static uint32_t fixed_size(const record_column *c)
{
    uint32_t cb = record_type_size(c->coltyp);
    return cb != 0 ? cb : c->cb_max;
}

/* The rows describing the catalog's own fixed columns (MSysObjects and its shadow) all say
 * RecordOffset 4: ErrCATPopulateCatalog leaves the offset "to be calculated at catalog open
 * time". As ESE's ErrCATIInitCatalogTDB does, the offsets are computed instead: one column
 * after the other from offset 4 in column-id order, each as large as its definition -
 * ESE's own definition for the columns it knows (k_mso_fixed: 1..13, whether the catalog
 * has a row for them or not, as an older Windows' catalog lacks the newer ones), the row's
 * type for any fixed column a newer Windows adds beyond them. */
static void catalog_self_offsets(catalog_table *t)
{
    uint32_t ib = RECORD_HEADER_CB, fid_next = FID_FIXED_FIRST;
    for (uint32_t c = 0; c < t->ccolumns; c++) {
        record_column *col = &t->columns[c];
        uint32_t fid = col->columnid;
        if (fid < FID_FIXED_FIRST || fid > FID_FIXED_LAST) continue;
        for (; fid_next < fid && fid_next <= MSO_FIXED_LAST; fid_next++) ib += k_mso_fixed[fid_next].cb;
        col->ib_record_offset = ib;
        ib += fid <= MSO_FIXED_LAST ? k_mso_fixed[fid].cb : fixed_size(col);
        fid_next = fid + 1u;
    }
}

JET_ERR catalog_load(cache *c, uint32_t ifile, catalog **out)
{
    JET_ERR err = JET_errSuccess;
    catalog *cat = NULL;
    btree_cursor cur;
    bool open = false;
    bool large = page_is_large(cache_page_size(c));

    memset(&cur, 0, sizeof cur);
    if (out == NULL) return JET_errInvalidParameter;
    *out = NULL;
    cat = compat_calloc(1, sizeof *cat);
    if (cat == NULL) FAIL(JET_errOutOfMemory);
    CHECK(btree_open(&cur, c, ifile, CATALOG_PGNO_MSYSOBJECTS));
    open = true;
    if (cur.objid != CATALOG_OBJID_MSYSOBJECTS) FAIL(JET_errCatalogCorrupted);
    err = btree_move_first(&cur);
    if (err == JET_errRecordNotFound) FAIL(JET_errCatalogCorrupted);
    CHECK(err);
    for (;;) {
        record_view rv;
        uint32_t objid_table, type, id;
        catalog_table *t = cat->ctables != 0 ? &cat->tables[cat->ctables - 1u] : NULL;

        CHECK(record_open(cur.data, cur.cb_data, large, &rv));
        CHECK(mso_fixed(&rv, MSO_OBJID_TABLE, &objid_table));
        CHECK(mso_fixed(&rv, MSO_TYPE, &type));
        CHECK(mso_fixed(&rv, MSO_ID, &id));
        if (type == CATALOG_TYPE_TABLE) {
            if (id != objid_table) FAIL(JET_errCatalogCorrupted);
            CHECK(add_table(cat, &rv, objid_table));
        } else if (type == CATALOG_TYPE_COLUMN || type == CATALOG_TYPE_INDEX || type == CATALOG_TYPE_LONG_VALUE) {
            /* rows are in (ObjidTable, Type, Id) order: the table's row came first */
            if (t == NULL || t->objid != objid_table) FAIL(JET_errCatalogCorrupted);
            if (type == CATALOG_TYPE_COLUMN) {
                CHECK(add_column(t, &rv, id));
            } else if (type == CATALOG_TYPE_INDEX) {
                CHECK(add_index(t, &rv, id));
            } else {
                t->objid_lv = id;
                CHECK(mso_fixed(&rv, MSO_COLTYP_OR_PGNO_FDP, &t->pgno_lv));
            }
        }
        err = btree_move_next(&cur);
        if (err == JET_errNoCurrentRecord) {
            err = JET_errSuccess;
            break;
        }
        CHECK(err);
    }
    /* a template table's columns carry the template bit in their ids (ESE's
     * ColumnidOfFid( fid, fTemplateTable )); the flag of their rows says it once more */
    for (uint32_t i = 0; i < cat->ctables; i++) {
        catalog_table *t = &cat->tables[i];
        for (uint32_t k = 0; k < t->ccolumns; k++)
            if (catalog_is_template(t)) t->columns[k].columnid |= COLUMNID_TEMPLATE;
    }
    /* then derived tables take their template's columns; one whose template is missing
     * keeps its own only (opening it fails, as in ESE) */
    for (uint32_t i = 0; i < cat->ctables; i++) {
        if (!catalog_is_derived(&cat->tables[i])) continue;
        err = catalog_inherit_columns(cat, cat->tables[i].objid);
        if (err == JET_errDDLNotInheritable) err = JET_errSuccess;
        CHECK(err);
    }
    for (uint32_t i = 0; i < cat->ctables; i++) {
        catalog_table *t = &cat->tables[i];
        if (t->objid != CATALOG_OBJID_MSYSOBJECTS && t->objid != CATALOG_OBJID_MSYSOBJECTS_SHADOW) continue;
        catalog_self_offsets(t);
        if (t->objid == CATALOG_OBJID_MSYSOBJECTS &&
            catalog_column_by_id(t, CATALOG_FID_PGNO_FDP_LAST_SET_TIME) != NULL)
            cat->has_pgno_fdp_last_set_time = true;
    }
    *out = cat;
    cat = NULL;
done:
    if (open) btree_close(&cur);
    catalog_free(cat);
    return err;
}

static bool name_equal(const char *a, const char *b)
{
    for (;; a++, b++) {
        char ca = *a, cb = *b;
        if (ca >= 'a' && ca <= 'z') ca = (char)(ca - 'a' + 'A');
        if (cb >= 'a' && cb <= 'z') cb = (char)(cb - 'a' + 'A');
        if (ca != cb) return false;
        if (ca == '\0') return true;
    }
}

static bool hidden(const catalog_table *t, uint32_t kind, uint32_t id)
{
    const catalog_pending *p = t->pending;
    if (p == NULL) return false;
    for (uint32_t i = 0; i < p->chidden; i++)
        if (p->hidden[i].kind == kind && p->hidden[i].id == id) return true;
    return false;
}

/* Whether a change committed at time when is in snapshot (0: no snapshot, all is). */
static bool committed_for(uint64_t when, uint64_t snapshot)
{
    return snapshot == 0 || when <= snapshot;
}

/* Whether v sees the column (CATALOG_NEW_COLUMN) or index (CATALOG_NEW_INDEX) id: not
 * one that another owner's open transaction added, or that was committed after v's
 * snapshot began; not a column v's own transaction is deleting. */
static bool seen(const catalog_table *t, uint32_t kind, uint32_t id, const catalog_view *v)
{
    const catalog_pending *p = t->pending;
    if (p == NULL) return true;
    for (uint32_t i = 0; i < p->chidden; i++) {
        const catalog_hidden *h = &p->hidden[i];
        if (h->id != id) continue;
        if (h->kind == kind && !(h->owner != NULL ? h->owner == v->owner : committed_for(h->committed, v->snapshot)))
            return false;
        if (kind == CATALOG_NEW_COLUMN && h->kind == CATALOG_HIDE_COLUMN && h->owner == v->owner) return false;
    }
    return true;
}

const catalog_table *catalog_find_table_any(const catalog *cat, const char *name)
{
    uint32_t i;
    for (i = 0; i < cat->ctables; i++)
        if (name_equal(cat->tables[i].name, name)) return &cat->tables[i];
    return NULL;
}

const catalog_table *catalog_find_table(const catalog *cat, const char *name)
{
    const catalog_table *t = catalog_find_table_any(cat, name);
    return t != NULL && t->pending != NULL && t->pending->deleted_by != NULL ? NULL : t;
}

JET_ERR catalog_table_visible(const catalog_table *t, const catalog_view *v)
{
    const catalog_pending *p = t->pending;
    if (p == NULL) return JET_errSuccess;
    if (p->deleted_by != NULL) return p->deleted_by == v->owner ? JET_errObjectNotFound : JET_errTableLocked;
    if (p->created_by != NULL && p->created_by != v->owner) return JET_errObjectNotFound;
    if (p->created_by == NULL && p->created != 0 && !committed_for(p->created, v->snapshot))
        return JET_errObjectNotFound;
    return JET_errSuccess;
}

const record_column *catalog_find_column_any(const catalog_table *t, const char *name)
{
    uint32_t i;
    for (i = 0; i < t->ccolumns; i++)
        if (t->columns[i].coltyp != JET_coltypNil && name_equal(t->columns[i].name, name)) return &t->columns[i];
    return NULL;
}

const record_column *catalog_find_column(const catalog_table *t, const char *name)
{
    const record_column *c = catalog_find_column_any(t, name);
    return c != NULL && hidden(t, CATALOG_HIDE_COLUMN, c->columnid) ? NULL : c;
}

const record_column *catalog_column_by_id(const catalog_table *t, uint32_t columnid)
{
    uint32_t lo = 0, hi = t->ccolumns;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if (t->columns[mid].columnid < columnid) lo = mid + 1u;
        else hi = mid;
    }
    /* a deleted column (coltyp Nil) is not found, as ESE answers JET_errColumnNotFound */
    return lo < t->ccolumns && t->columns[lo].columnid == columnid && t->columns[lo].coltyp != JET_coltypNil
               ? &t->columns[lo]
               : NULL;
}

bool catalog_is_template(const catalog_table *t)
{
    return (t->flags & JET_bitObjectTableTemplate) != 0;
}

bool catalog_is_derived(const catalog_table *t)
{
    return t->template_name != NULL && !catalog_is_template(t);
}

const record_column *catalog_column_by_fid(const catalog_table *t, uint32_t fid, bool derived_entry)
{
    const record_column *c;
    if (fid < FID_TAGGED_FIRST) {
        c = catalog_column_by_id(t, fid);
        return c != NULL ? c : catalog_column_by_id(t, fid | COLUMNID_TEMPLATE);
    }
    /* tagged: the derived bit names an inherited column; in a template table's own
     * records its columns are stored without it (TAGFLD::FTemplateColumn) */
    if (derived_entry || catalog_is_template(t)) return catalog_column_by_id(t, fid | COLUMNID_TEMPLATE);
    return catalog_column_by_id(t, fid);
}

JET_ERR catalog_inherit_columns(catalog *cat, uint32_t objid_table)
{
    JET_ERR err = JET_errSuccess;
    catalog_table *t = NULL;
    const catalog_table *tmpl = NULL;
    record_column *cols = NULL;
    uint32_t n = 0, own = 0;

    for (uint32_t i = 0; i < cat->ctables && t == NULL; i++)
        if (cat->tables[i].objid == objid_table) t = &cat->tables[i];
    if (t == NULL) FAIL(JET_errObjectNotFound);
    if (!catalog_is_derived(t)) goto done;
    tmpl = catalog_find_table_any(cat, t->template_name);
    if (tmpl == NULL || !catalog_is_template(tmpl)) FAIL(JET_errDDLNotInheritable);
    own = t->ccolumns;
    cols = compat_calloc((size_t)own + tmpl->ccolumns + 1u, sizeof *cols);
    if (cols == NULL) FAIL(JET_errOutOfMemory);
    if (own != 0) memcpy(cols, t->columns, own * sizeof *cols);
    for (n = 0; n < tmpl->ccolumns; n++) {
        record_column *c = &cols[own + n];
        *c = tmpl->columns[n];
        c->name = NULL;
        c->default_value = NULL;
        c->inherited = true;
        c->columnid |= COLUMNID_TEMPLATE;
        CHECK(dup_bytes((const uint8_t *)tmpl->columns[n].name, (uint32_t)strlen(tmpl->columns[n].name), 1,
                        (uint8_t **)&c->name));
        if (tmpl->columns[n].default_value != NULL)
            CHECK(dup_bytes(tmpl->columns[n].default_value, tmpl->columns[n].cb_default, 0, &c->default_value));
    }
    /* the template's ids carry the template bit: they sort after the table's own */
    compat_free(t->columns);
    t->columns = cols;
    t->ccolumns = own + n;
    t->cap_columns = 0;
    cols = NULL;
done:
    if (cols != NULL) {
        /* the copies made so far (the rest are zero) */
        for (uint32_t k = own; k < own + tmpl->ccolumns; k++) free_column(&cols[k]);
        compat_free(cols);
    }
    return err;
}

const record_index *catalog_find_index_any(const catalog_table *t, const char *name)
{
    uint32_t i;
    for (i = 0; i < t->cindexes; i++)
        if (name_equal(t->indexes[i].name, name)) return &t->indexes[i];
    return NULL;
}

const record_index *catalog_find_index(const catalog_table *t, const char *name)
{
    const record_index *x = catalog_find_index_any(t, name);
    return x != NULL && hidden(t, CATALOG_HIDE_INDEX, x->objid) ? NULL : x;
}

bool catalog_has_open_ddl(const catalog_table *t)
{
    const catalog_pending *p = t->pending;
    if (p == NULL) return false;
    if (p->created_by != NULL || p->deleted_by != NULL) return true;
    for (uint32_t i = 0; i < p->chidden; i++)
        if (p->hidden[i].owner != NULL || p->hidden[i].committed == 0) return true;
    return false;
}

const void *catalog_column_deleter(const catalog_table *t, uint32_t columnid)
{
    const catalog_pending *p = t->pending;
    for (uint32_t i = 0; p != NULL && i < p->chidden; i++)
        if (p->hidden[i].kind == CATALOG_HIDE_COLUMN && p->hidden[i].id == columnid) return p->hidden[i].owner;
    return NULL;
}

const record_column *catalog_column_for(const catalog_table *t, uint32_t columnid, const catalog_view *v)
{
    const record_column *c = catalog_column_by_id(t, columnid);
    return c != NULL && seen(t, CATALOG_NEW_COLUMN, c->columnid, v) ? c : NULL;
}

const record_column *catalog_find_column_for(const catalog_table *t, const char *name, const catalog_view *v)
{
    const record_column *c = catalog_find_column_any(t, name);
    return c != NULL && seen(t, CATALOG_NEW_COLUMN, c->columnid, v) ? c : NULL;
}

bool catalog_column_seen_by(const catalog_table *t, const record_column *c, const catalog_view *v)
{
    return c->coltyp != JET_coltypNil && seen(t, CATALOG_NEW_COLUMN, c->columnid, v);
}

/* Orders columns a and b of cols by name as name_equal compares them, then by index. */
static int column_name_order(const record_column *cols, uint32_t a, uint32_t b)
{
    const char *x = cols[a].name, *y = cols[b].name;
    for (;; x++, y++) {
        unsigned cx = (unsigned char)*x, cy = (unsigned char)*y;
        if (cx >= 'a' && cx <= 'z') cx -= 'a' - 'A';
        if (cy >= 'a' && cy <= 'z') cy -= 'a' - 'A';
        if (cx != cy) return cx < cy ? -1 : 1;
        if (cx == 0) break;
    }
    return a < b ? -1 : a > b ? 1 : 0;
}

JET_ERR catalog_columns_seen_by_name(const catalog_table *t, const catalog_view *v, bool *visible)
{
    JET_ERR err = JET_errSuccess;
    uint32_t n = 0, *ix = NULL, *tmp = NULL;

    for (uint32_t i = 0; i < t->ccolumns; i++) visible[i] = false;
    if (t->ccolumns == 0) return JET_errSuccess;
    ix = compat_malloc((size_t)t->ccolumns * sizeof *ix);
    tmp = compat_malloc((size_t)t->ccolumns * sizeof *tmp);
    if (ix == NULL || tmp == NULL) FAIL(JET_errOutOfMemory);
    /* the columns a name lookup considers (catalog_find_column_any) */
    for (uint32_t i = 0; i < t->ccolumns; i++)
        if (t->columns[i].coltyp != JET_coltypNil && t->columns[i].name != NULL) ix[n++] = i;
    /* bottom-up merge sort by (name, index) */
    for (uint32_t w = 1; w < n; w *= 2u) {
        uint32_t *swap;
        for (uint32_t lo = 0; lo < n; lo += 2u * w) {
            uint32_t mid = n - lo > w ? lo + w : n, hi = n - lo > 2u * w ? lo + 2u * w : n;
            uint32_t a = lo, b = mid, o = lo;
            while (a < mid && b < hi) tmp[o++] = column_name_order(t->columns, ix[a], ix[b]) <= 0 ? ix[a++] : ix[b++];
            while (a < mid) tmp[o++] = ix[a++];
            while (b < hi) tmp[o++] = ix[b++];
        }
        swap = ix;
        ix = tmp;
        tmp = swap;
    }
    /* of the columns sharing a name, the lookup finds the first */
    for (uint32_t k = 0; k < n; k++) {
        const record_column *c = &t->columns[ix[k]];
        if (k > 0 && name_equal(t->columns[ix[k - 1u]].name, c->name)) continue;
        visible[ix[k]] = seen(t, CATALOG_NEW_COLUMN, c->columnid, v);
    }
done:
    compat_free(ix);
    compat_free(tmp);
    return err;
}

const record_index *catalog_find_index_for(const catalog_table *t, const char *name, const catalog_view *v)
{
    const record_index *x = catalog_find_index(t, name);
    return x != NULL && seen(t, CATALOG_NEW_INDEX, x->objid, v) ? x : NULL;
}

const record_index *catalog_primary_index(const catalog_table *t)
{
    uint32_t i;
    for (i = 0; i < t->cindexes; i++)
        if (t->indexes[i].idb_flags & IDB_PRIMARY) return &t->indexes[i];
    return NULL;
}

/* ---- for the information functions ---- */

#define MSO_VAR_SEG_MAC 133u

JET_ERR catalog_read_row_extras(cache *c, uint32_t ifile, uint32_t objid_table, uint32_t type, uint32_t id,
                                catalog_row_extras *out)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur;
    bool open = false;
    bool large = page_is_large(cache_page_size(c));

    memset(&cur, 0, sizeof cur);
    memset(out, 0, sizeof *out);
    CHECK(btree_open(&cur, c, ifile, CATALOG_PGNO_MSYSOBJECTS));
    open = true;
    /* the catalog is small: walk it (rows are in ObjidTable, Type, Id order) */
    err = btree_move_first(&cur);
    for (; err >= 0; err = btree_move_next(&cur)) {
        record_view rv;
        record_state st;
        record_value v;
        uint32_t o = 0, t = 0, i = 0;
        CHECK(record_open(cur.data, cur.cb_data, large, &rv));
        CHECK(mso_fixed(&rv, MSO_OBJID_TABLE, &o));
        CHECK(mso_fixed(&rv, MSO_TYPE, &t));
        CHECK(mso_fixed(&rv, MSO_ID, &i));
        if (o > objid_table) break;
        if (o != objid_table || t != type || i != id) continue;
        CHECK(mso_fixed(&rv, MSO_SPACE_USAGE, &out->space_usage));
        CHECK(mso_fixed(&rv, MSO_PAGES_OR_LOCALE, &out->pages));
        CHECK(mso_fixed(&rv, MSO_KEY_MOST, &out->key_most));
        CHECK(mso_fixed(&rv, MSO_LV_CHUNK_MAX, &out->lv_chunk_max));
        CHECK(record_fixed(&rv, MSO_PGNO_FDP_LAST_SET_TIME, k_mso_fixed[MSO_PGNO_FDP_LAST_SET_TIME].ib,
                           k_mso_fixed[MSO_PGNO_FDP_LAST_SET_TIME].cb, &st, &v));
        if (st == RECORD_VALUE && v.cb == 8) {
            out->has_pgno_fdp_last_set_time = true;
            out->pgno_fdp_last_set_time = (int64_t)byte_order_get_le64(v.pb);
        }
        CHECK(record_variable(&rv, MSO_VAR_SEG_MAC, &st, &v));
        if (st == RECORD_VALUE && v.cb >= 2) out->var_seg_mac = byte_order_get_le16(v.pb);
        CHECK(record_variable(&rv, MSO_STATS, &st, &v));
        if (st == RECORD_VALUE && v.cb >= CATALOG_STATS_CB - 8u) {
            out->has_stats = true;
            out->stats_items = byte_order_get_le32(v.pb);
            out->stats_keys = byte_order_get_le32(v.pb + 4);
            out->stats_pages = byte_order_get_le32(v.pb + 8);
        }
        CHECK(mso_fixed(&rv, MSO_FLAGS, &out->flags));
        CHECK(record_fixed(&rv, MSO_PAGES_OR_LOCALE, k_mso_fixed[MSO_PAGES_OR_LOCALE].ib,
                           k_mso_fixed[MSO_PAGES_OR_LOCALE].cb, &st, &v));
        out->has_locale = st == RECORD_VALUE;
        {
            uint32_t count = 0;
            CHECK(record_tagged(&rv, MSO_LOCALE_NAME, 1, &count, &st, &v));
            if (st == RECORD_VALUE) out->has_locale = true;
        }
        CHECK(record_variable(&rv, MSO_VERSION, &st, &v));
        if (st == RECORD_VALUE) {
            out->cb_sort_version = v.cb;
            if (v.cb != 0) memcpy(out->sort_version, v.pb, v.cb < 16u ? v.cb : 16u);
        }
        CHECK(record_variable(&rv, MSO_SORT_ID, &st, &v));
        if (st == RECORD_VALUE) {
            out->cb_sort_id = v.cb;
            if (v.cb != 0) memcpy(out->sort_id, v.pb, v.cb < 16u ? v.cb : 16u);
        }
        goto done;
    }
    if (err < 0 && err != JET_errNoCurrentRecord && err != JET_errRecordNotFound) goto done;
    err = JET_errObjectNotFound;
done:
    if (open) btree_close(&cur);
    return err;
}
