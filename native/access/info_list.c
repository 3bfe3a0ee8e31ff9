/* info_list.c: the list levels of the information functions (see info_list.h): the rows of
 * JET_ColInfoList, JET_IdxInfoList and JET_ObjInfoList collected from the catalog, then
 * the temporary table ESE's info.cxx would make of them (same columns, types, key columns
 * and order, same JET_COLUMNLIST / JET_INDEXLIST / JET_OBJECTLIST), filled through the
 * cursor as JetPrepareUpdate, JetSetColumn and JetUpdate fill a temporary table. */
#include "info_list.h"
#include "name.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "autoincrement.h"
#include "catalog_report.h"
#include "copy_buffer.h"
#include "cursor_table.h"
#include "temp_table.h"
#include "update.h"

#define COUNTRY_DEFAULT 1u          /* ESE's countryDefault */
#define LANGID_DEFAULT 0x0409u      /* the default locale's language, en-US */
#define CP_UNICODE 1200u            /* usUniCodePage */
#define CB_KEY_MOST_OLD 255u        /* JET_cbKeyMost_OLD: the lists' key and VarSegMac */
#define COLINFO_GRBIT_COMPACTING 0x10000000u /* JET_ColInfoGrbitCompacting */
#define COLUMN_PLACEHOLDER 0x00010000u       /* JET_bitColumnRenameConvertToPrimaryIndexPlaceholder */
#define ROW_MARK 0xffu
#define INDEXLIST_CB_NEW 4u         /* cbIDXLISTNewMembersSinceOriginalFormat: columnidLCMapFlags */

/* One column of a list's temporary table. */
typedef struct list_coldef {
    uint32_t coltyp;
    uint32_t grbit;
} list_coldef;

#define FIXED JET_bitColumnFixed
#define KEY JET_bitColumnTTKey

/* rgcolumndefGetColumnInfo (info.cxx): presentation order and name make the key. */
enum {
    CL_PORDER, CL_NAME, CL_ID, CL_TYPE, CL_COUNTRY, CL_LANGID, CL_CP, CL_COLLATE, CL_SIZE, CL_GRBIT, CL_DEFAULT,
    CL_TABLE_NAME, CL_COLUMN_NAME, CL_COUNT
};
static const list_coldef k_column_list[CL_COUNT] = {
    { JET_coltypLong, FIXED | KEY }, { JET_coltypText, KEY },       { JET_coltypLong, FIXED },
    { JET_coltypLong, FIXED },       { JET_coltypShort, FIXED },    { JET_coltypShort, FIXED },
    { JET_coltypShort, FIXED },      { JET_coltypShort, FIXED },    { JET_coltypLong, FIXED },
    { JET_coltypLong, FIXED },       { JET_coltypLongBinary, 0 },   { JET_coltypText, 0 },
    { JET_coltypText, 0 },
};
/* rgcolumndefGetColumnInfoCompact: no key (rows stay in column order), a short default. */
static const list_coldef k_column_list_compact[CL_COUNT] = {
    { JET_coltypLong, FIXED },  { JET_coltypText, 0 },    { JET_coltypLong, FIXED },  { JET_coltypLong, FIXED },
    { JET_coltypShort, FIXED }, { JET_coltypShort, FIXED }, { JET_coltypShort, FIXED }, { JET_coltypShort, FIXED },
    { JET_coltypLong, FIXED },  { JET_coltypLong, FIXED },  { JET_coltypBinary, 0 },  { JET_coltypText, 0 },
    { JET_coltypText, 0 },
};

/* rgcolumndefGetIndexInfo: index name and segment number make the key. */
enum {
    IL_NAME, IL_GRBIT, IL_CKEY, IL_CENTRY, IL_CPAGE, IL_CCOL, IL_ICOL, IL_COLID, IL_COLTYP, IL_COUNTRY, IL_LANGID,
    IL_CP, IL_COLLATE, IL_COLBITS, IL_COLNAME, IL_LCMAP_FLAGS, IL_COUNT
};
static const list_coldef k_index_list[IL_COUNT] = {
    { JET_coltypText, KEY },     { JET_coltypLong, FIXED },  { JET_coltypLong, FIXED },  { JET_coltypLong, FIXED },
    { JET_coltypLong, FIXED },   { JET_coltypLong, FIXED },  { JET_coltypLong, FIXED | KEY },
    { JET_coltypLong, FIXED },   { JET_coltypLong, FIXED },  { JET_coltypShort, FIXED }, { JET_coltypShort, FIXED },
    { JET_coltypShort, FIXED },  { JET_coltypShort, FIXED }, { JET_coltypLong, FIXED },  { JET_coltypText, 0 },
    { JET_coltypLong, FIXED },
};

/* rgcolumndefGetObjectInfo: container and object name make the key; the two dates are
 * never set. */
enum { OL_CONTAINER, OL_NAME, OL_OBJTYP, OL_DT_CREATE, OL_DT_UPDATE, OL_CRECORD, OL_CPAGE, OL_GRBIT, OL_FLAGS, OL_COUNT };
static const list_coldef k_object_list[OL_COUNT] = {
    { JET_coltypText, KEY },      { JET_coltypText, KEY },      { JET_coltypLong, FIXED },
    { JET_coltypDateTime, FIXED }, { JET_coltypDateTime, FIXED }, { JET_coltypLong, FIXED },
    { JET_coltypLong, FIXED },    { JET_coltypLong, FIXED },    { JET_coltypLong, FIXED },
};

#undef FIXED
#undef KEY

/* ---- the row stream ---- */

void info_list_init(info_list *r)
{
    memset(r, 0, sizeof *r);
}

void info_list_free(info_list *r)
{
    compat_free(r->buf);
    memset(r, 0, sizeof *r);
}

static JET_ERR append(info_list *r, const void *pv, size_t cb)
{
    if (r->cap - r->cb < cb) {
        size_t cap = r->cap == 0 ? 1024u : r->cap;
        uint8_t *p;
        while (cap - r->cb < cb) cap *= 2u;
        p = compat_realloc(r->buf, cap);
        if (p == NULL) return JET_errOutOfMemory;
        r->buf = p;
        r->cap = cap;
    }
    if (cb > 0) memcpy(r->buf + r->cb, pv, cb);
    r->cb += cb;
    return JET_errSuccess;
}

static JET_ERR row_begin(info_list *r)
{
    uint8_t mark = ROW_MARK;
    JET_ERR err = append(r, &mark, 1);
    if (err >= 0) r->crows++;
    return err;
}

/* A value of column icol of the list: its index, its size, its bytes. */
static JET_ERR put(info_list *r, uint32_t icol, const void *pv, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    uint8_t col = (uint8_t)icol;
    CHECK(append(r, &col, 1));
    CHECK(append(r, &cb, sizeof cb));
    CHECK(append(r, pv, cb));
done:
    return err;
}

static JET_ERR put_u32(info_list *r, uint32_t icol, uint32_t v)
{
    return put(r, icol, &v, sizeof v);
}

static JET_ERR put_u16(info_list *r, uint32_t icol, uint32_t v)
{
    uint16_t s = (uint16_t)v;
    return put(r, icol, &s, sizeof s);
}

/* A name without its terminator: the catalog's 8-bit text, or as UTF-16 for the W
 * functions (ESE's ErrOSSTRAsciiToUnicode). */
static JET_ERR put_name(info_list *r, uint32_t icol, const char *name)
{
    JET_ERR err = JET_errSuccess;
    uint16_t w[JET_cbNameMost + 1];
    size_t n = 0;
    compat_err e;
    if (!r->w) return put(r, icol, name, (uint32_t)strlen(name));
    e = compat_utf8_to_utf16(name, SIZE_MAX, w, sizeof w / sizeof w[0], &n);
    /* a catalog name longer than JET_cbNameMost or not text (ESE: JET_errCatalogCorrupted) */
    if (e != COMPAT_OK || n == 0) FAIL(JET_errCatalogCorrupted);
    err = put(r, icol, w, (uint32_t)((n - 1u) * sizeof w[0]));
done:
    return err;
}

/* ---- key order ----
 * The collectors emit rows in the order of the list's key (for 8-bit names ESE's ASCII
 * key: a-z upper-cased, compared bytewise), so that a list whose Unicode key cannot be
 * made here (no collator: Wine, old Windows) can keep its rows in that order without a
 * key (info_list_build). */

static int name_order(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'a' && ca <= 'z') ca -= 'a' - 'A';
        if (cb >= 'a' && cb <= 'z') cb -= 'a' - 'A';
        if (ca != cb) return ca < cb ? -1 : 1;
        if (ca == 0) return 0;
    }
}

static int column_by_name(const void *a, const void *b)
{
    return name_order((*(const record_column *const *)a)->name, (*(const record_column *const *)b)->name);
}

static int index_by_name(const void *a, const void *b)
{
    return name_order((*(const record_index *const *)a)->name, (*(const record_index *const *)b)->name);
}

static int table_by_name(const void *a, const void *b)
{
    return name_order((*(const catalog_table *const *)a)->name, (*(const catalog_table *const *)b)->name);
}

/* n pointers for a sorted view of a catalog array (none when n is 0). */
static JET_ERR pointers(uint32_t n, const void ***out)
{
    *out = NULL;
    if (n == 0) return JET_errSuccess;
    *out = compat_malloc((size_t)n * sizeof **out);
    return *out == NULL ? JET_errOutOfMemory : JET_errSuccess;
}

/* ---- columns ---- */

/* ErrINFOSetTableColumnInfoList: one row. */
static JET_ERR column_row(info_list *r, const catalog_table *t, const record_column *col, bool updatable)
{
    JET_ERR err = JET_errSuccess;
    uint32_t grbit = catalog_report_column_grbit(col, updatable);
    CHECK(row_begin(r));
    if (r->grbit & JET_ColInfoGrbitSortByColumnid) CHECK(put_u32(r, CL_PORDER, col->columnid));
    CHECK(put_name(r, CL_NAME, col->name));
    CHECK(put_u32(r, CL_ID, col->columnid));
    if (r->grbit & JET_ColInfoGrbitMinimalInfo) goto done;
    CHECK(put_u32(r, CL_TYPE, col->coltyp));
    CHECK(put_u16(r, CL_COUNTRY, COUNTRY_DEFAULT));
    CHECK(put_u16(r, CL_LANGID, LANGID_DEFAULT));
    CHECK(put_u16(r, CL_CP, col->codepage));
    CHECK(put_u32(r, CL_SIZE, col->cb_max));
    CHECK(put_u32(r, CL_GRBIT, grbit));
    CHECK(put_u16(r, CL_COLLATE, 0));
    /* a callback's default is no value of the column */
    if (col->cb_default > 0 && col->default_value != NULL && !(col->grbit & JET_bitColumnUserDefinedDefault))
        CHECK(put(r, CL_DEFAULT, col->default_value, col->cb_default));
    CHECK(put_name(r, CL_TABLE_NAME, t->name));
    CHECK(put_name(r, CL_COLUMN_NAME, col->name));
done:
    return err;
}

JET_ERR info_list_collect_columns(const catalog_view *viewer, const catalog_table *t, bool updatable, uint32_t level,
                                  bool w, info_list *r)
{
    JET_ERR err = JET_errSuccess;
    uint32_t base = level & 0x0fffffffu, grbit = level & 0xf0000000u, n = 0;
    const void **cols = NULL;
    bool *visible = NULL;
    if (base == JET_ColInfoListSortColumnid) grbit |= JET_ColInfoGrbitSortByColumnid;
    if (base == JET_ColInfoListCompact) grbit |= COLINFO_GRBIT_COMPACTING;
    r->kind = INFO_LIST_COLUMNS;
    r->w = w;
    r->grbit = grbit;
    /* a derived table's template columns first (ErrINFOGetTableColumnInfo walks the
     * template's TDB before the table's; JET_ColInfoGrbitNonDerivedColumnsOnly leaves them
     * out), then fixed, variable and tagged columns, each by columnid: the catalog's order */
    CHECK(pointers(t->ccolumns, &cols));
    /* the columns as the catalog's lookups see them: not deleted, not waiting for a
     * deletion, not added by another session's open transaction */
    if (t->ccolumns > 0) {
        visible = compat_malloc((size_t)t->ccolumns * sizeof *visible);
        if (visible == NULL) FAIL(JET_errOutOfMemory);
        CHECK(catalog_columns_seen_by_name(t, viewer, visible));
    }
    for (uint32_t k = 0; k < 2u * t->ccolumns; k++) {
        uint32_t i = k % t->ccolumns;
        const record_column *col = &t->columns[i];
        if ((k < t->ccolumns) != col->inherited) continue;
        if (!visible[i]) continue;
        if (col->inherited && (grbit & JET_ColInfoGrbitNonDerivedColumnsOnly)) continue;
        if ((grbit & COLINFO_GRBIT_COMPACTING) && (col->grbit & COLUMN_PLACEHOLDER)) continue;
        cols[n++] = col;
    }
    /* the key: (presentation order, name); the order is null unless sorting by columnid */
    if (!(grbit & (JET_ColInfoGrbitSortByColumnid | COLINFO_GRBIT_COMPACTING)) && n > 1)
        qsort(cols, n, sizeof cols[0], column_by_name);
    for (uint32_t i = 0; i < n; i++) CHECK(column_row(r, t, cols[i], updatable));
done:
    compat_free(cols);
    compat_free(visible);
    if (err < 0) r->kind = INFO_LIST_NONE;
    return err;
}

/* ---- indexes ---- */

static bool index_visible(const catalog_view *viewer, const catalog_table *t, const record_index *x)
{
    return x->name != NULL && catalog_find_index_for(t, x->name, viewer) == x;
}

/* One row per key segment of x; statistics from the catalog row JetComputeStats wrote
 * (the table's row for the primary index: ErrSTATSRetrieveIndexStats). */
static JET_ERR index_rows(info_list *r, const database_desc *d, const catalog_table *t, const record_index *x)
{
    JET_ERR err = JET_errSuccess;
    catalog_row_extras st;
    bool primary = (x->idb_flags & IDB_PRIMARY) != 0;
    uint32_t grbit = catalog_report_index_grbit(x), langid = catalog_report_index_lcid(x) & 0xffffu;

    memset(&st, 0, sizeof st);
    err = catalog_read_row_extras(d->c, d->ifile, t->objid, primary ? CATALOG_TYPE_TABLE : CATALOG_TYPE_INDEX,
                                  primary ? t->objid : x->objid, &st);
    if (err == JET_errObjectNotFound) memset(&st, 0, sizeof st), err = JET_errSuccess;
    CHECK(err);
    for (uint32_t i = 0; i < x->csegments && i < sizeof x->segments / sizeof x->segments[0]; i++) {
        const record_column *col = catalog_column_by_id(t, x->segments[i].columnid);
        if (col == NULL || col->name == NULL) FAIL(JET_errCatalogCorrupted);
        CHECK(row_begin(r));
        CHECK(put_name(r, IL_NAME, x->name));
        CHECK(put_u32(r, IL_GRBIT, grbit));
        CHECK(put_u32(r, IL_CKEY, st.stats_keys));
        CHECK(put_u32(r, IL_CENTRY, st.stats_items));
        CHECK(put_u32(r, IL_CPAGE, st.stats_pages));
        CHECK(put_u32(r, IL_CCOL, x->csegments));
        CHECK(put_u32(r, IL_ICOL, i));
        CHECK(put_u32(r, IL_COLID, col->columnid));
        CHECK(put_u32(r, IL_COLTYP, col->coltyp));
        CHECK(put_u16(r, IL_COUNTRY, COUNTRY_DEFAULT));
        CHECK(put_u16(r, IL_LANGID, langid));
        CHECK(put_u32(r, IL_LCMAP_FLAGS, x->lcmap_flags));
        CHECK(put_u16(r, IL_CP, col->codepage));
        CHECK(put_u16(r, IL_COLLATE, 0));
        CHECK(put_u32(r, IL_COLBITS, x->segments[i].descending ? JET_bitKeyDescending : JET_bitKeyAscending));
        CHECK(put_name(r, IL_COLNAME, col->name));
    }
done:
    return err;
}

JET_ERR info_list_collect_indexes(const database_desc *d, const catalog_table *t, const char *index_name,
                                  const void *pv, uint32_t cb, bool w, info_list *r)
{
    JET_ERR err = JET_errSuccess;
    char checked[JET_cbNameMost + 1];
    bool named = index_name != NULL && index_name[0] != '\0';
    const void **xs = NULL;
    uint32_t n = 0;
    r->kind = INFO_LIST_INDEXES;
    r->w = w;
    r->cb_out = cb;
    if (named) CHECK(name_check(index_name, checked));
    if (pv == NULL) FAIL(JET_errInvalidParameter);
    if (named) {
        const record_index *x = catalog_find_index_for(t, checked, d->viewer);
        if (x == NULL) FAIL(JET_errIndexNotFound);
        CHECK(index_rows(r, d, t, x));
    } else {
        /* the key: (index name, segment) */
        CHECK(pointers(t->cindexes, &xs));
        for (uint32_t i = 0; i < t->cindexes; i++)
            if (index_visible(d->viewer, t, &t->indexes[i])) xs[n++] = &t->indexes[i];
        if (n > 1) qsort(xs, n, sizeof xs[0], index_by_name);
        for (uint32_t i = 0; i < n; i++) CHECK(index_rows(r, d, t, xs[i]));
    }
done:
    compat_free(xs);
    if (err < 0) r->kind = INFO_LIST_NONE;
    return err;
}

/* ---- objects ---- */

JET_ERR info_list_collect_objects(const database_desc *d, uint32_t objtyp, bool stats, bool w, info_list *r)
{
    JET_ERR err = JET_errSuccess;
    static const char container[] = "Tables";
    uint32_t grbit = JET_bitTableInfoBookmark | JET_bitTableInfoRollback, n = 0;
    const void **ts = NULL;
    r->kind = INFO_LIST_OBJECTS;
    r->w = w;
    /* only tables are objects; another type lists nothing */
    if (objtyp != JET_objtypNil && objtyp != JET_objtypTable) goto done;
    if (!d->read_only) grbit |= JET_bitTableInfoUpdatable;
    CHECK(pointers(d->cat->ctables, &ts));
    for (uint32_t i = 0; i < d->cat->ctables; i++) {
        const catalog_table *t = &d->cat->tables[i];
        /* the catalog as this session sees it: a table another session is deleting is
         * still there (JET_errTableLocked), one it made and has not committed is not */
        if (t->name == NULL || catalog_table_visible(t, d->viewer) == JET_errObjectNotFound) continue;
        ts[n++] = t;
    }
    /* the key: (container, name) */
    if (n > 1) qsort(ts, n, sizeof ts[0], table_by_name);
    for (uint32_t i = 0; i < n; i++) {
        const catalog_table *t = ts[i];
        catalog_row_extras st;
        memset(&st, 0, sizeof st);
        if (stats) {
            err = catalog_read_row_extras(d->c, d->ifile, t->objid, CATALOG_TYPE_TABLE, t->objid, &st);
            if (err == JET_errObjectNotFound) memset(&st, 0, sizeof st), err = JET_errSuccess;
            CHECK(err);
        }
        CHECK(row_begin(r));
        CHECK(put_name(r, OL_CONTAINER, container));
        CHECK(put_u32(r, OL_OBJTYP, JET_objtypTable));
        CHECK(put_name(r, OL_NAME, t->name));
        CHECK(put_u32(r, OL_FLAGS, t->flags));
        CHECK(put_u32(r, OL_CRECORD, st.stats_items));
        CHECK(put_u32(r, OL_CPAGE, st.stats_pages));
        CHECK(put_u32(r, OL_GRBIT, grbit));
    }
done:
    compat_free(ts);
    if (err < 0) r->kind = INFO_LIST_NONE;
    return err;
}

/* ---- the temporary table ---- */

/* JetPrepareUpdate(JET_prepInsert) on the list's cursor. */
static JET_ERR prepare_row(db_table *t)
{
    JET_ERR err = JET_errSuccess;
    cursor_table_refresh(t);
    CHECK(copy_buffer_prepare_insert(t));
    CHECK(autoincrement_set(t));
done:
    return err;
}

/* JetUpdate of the row prepared (a sort drops a record whose key it has already). */
static JET_ERR insert_row(db_table *t)
{
    JET_ERR err = JET_errSuccess;
    uint8_t pk[UPDATE_BOOKMARK_MAX];
    uint32_t cb_pk = 0;
    bool dropped = false;

    CHECK(copy_buffer_check_updatable(t));
    if (t->prep == JET_prepCancel) FAIL(JET_errUpdateNotPrepared);
    CHECK(copy_buffer_update(t, pk, &cb_pk, &dropped));
done:
    return err;
}

/* Inserts the collected rows. The caller holds the temporary database exclusively. */
static JET_ERR fill(db_table *t, const info_list *r, const JET_COLUMNID *ids, uint32_t ncols)
{
    JET_ERR err = JET_errSuccess;
    size_t pos = 0;
    bool prepared = false;
    while (pos < r->cb) {
        uint8_t col = r->buf[pos++];
        uint32_t cb;
        if (col == ROW_MARK) {
            if (prepared) CHECK(insert_row(t));
            prepared = true;
            CHECK(prepare_row(t));
            continue;
        }
        if (col >= ncols || r->cb - pos < sizeof cb) FAIL(JET_errInternalError);
        memcpy(&cb, r->buf + pos, sizeof cb);
        pos += sizeof cb;
        if (r->cb - pos < cb) FAIL(JET_errInternalError);
        CHECK(copy_buffer_set_column(t, ids[col], r->buf + pos, cb, 0, NULL));
        pos += cb;
    }
    if (prepared) {
        prepared = false;
        CHECK(insert_row(t));
    }
done:
    if (prepared) cursor_table_cancel_update(t);
    return err;
}

/* JetMove(JET_MoveFirst) on the list's cursor: an empty list is no failure. */
static JET_ERR move_first(db_table *t)
{
    JET_ERR err = JET_errSuccess;
    t->on_deleted = false;
    cursor_table_cancel_update(t);
    CHECK(temp_table_before_move(t, (int32_t)JET_MoveFirst));
    err = cursor_move(&t->cur, (int32_t)JET_MoveFirst);
    if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
    CHECK(err);
    err = JET_errSuccess;
done:
    return err;
}

/* The caller's JET_COLUMNLIST / JET_INDEXLIST / JET_OBJECTLIST naming the table's columns. */
static void fill_out(const info_list *r, JET_TABLEID tid, const JET_COLUMNID *ids, void *pv)
{
    if (r->kind == INFO_LIST_COLUMNS) {
        JET_COLUMNLIST l;
        memset(&l, 0, sizeof l);
        l.cbStruct = sizeof l;
        l.tableid = tid;
        l.cRecord = r->crows;
        l.columnidPresentationOrder = ids[CL_PORDER];
        l.columnidcolumnname = ids[CL_NAME];
        l.columnidcolumnid = ids[CL_ID];
        l.columnidcoltyp = ids[CL_TYPE];
        l.columnidCountry = ids[CL_COUNTRY];
        l.columnidLangid = ids[CL_LANGID];
        l.columnidCp = ids[CL_CP];
        l.columnidCollate = ids[CL_COLLATE];
        l.columnidcbMax = ids[CL_SIZE];
        l.columnidgrbit = ids[CL_GRBIT];
        l.columnidDefault = ids[CL_DEFAULT];
        l.columnidBaseTableName = ids[CL_TABLE_NAME];
        l.columnidBaseColumnName = ids[CL_COLUMN_NAME];
        l.columnidDefinitionName = ids[CL_NAME];
        memcpy(pv, &l, sizeof l);
    } else if (r->kind == INFO_LIST_INDEXES) {
        JET_INDEXLIST l;
        /* a buffer without room for columnidLCMapFlags gets the older, shorter structure */
        bool full = r->cb_out >= sizeof l;
        uint32_t cb_struct = (uint32_t)sizeof l - (full ? 0u : INDEXLIST_CB_NEW);
        size_t cb_copy = full ? sizeof l : offsetof(JET_INDEXLIST, columnidLCMapFlags);
        memset(&l, 0, sizeof l);
        l.cbStruct = cb_struct;
        l.tableid = tid;
        l.cRecord = r->crows;
        l.columnidindexname = ids[IL_NAME];
        l.columnidgrbitIndex = ids[IL_GRBIT];
        l.columnidcKey = ids[IL_CKEY];
        l.columnidcEntry = ids[IL_CENTRY];
        l.columnidcPage = ids[IL_CPAGE];
        l.columnidcColumn = ids[IL_CCOL];
        l.columnidiColumn = ids[IL_ICOL];
        l.columnidcolumnid = ids[IL_COLID];
        l.columnidcoltyp = ids[IL_COLTYP];
        l.columnidCountry = ids[IL_COUNTRY];
        l.columnidLangid = ids[IL_LANGID];
        l.columnidCp = ids[IL_CP];
        l.columnidCollate = ids[IL_COLLATE];
        l.columnidgrbitColumn = ids[IL_COLBITS];
        l.columnidcolumnname = ids[IL_COLNAME];
        l.columnidLCMapFlags = ids[IL_LCMAP_FLAGS];
        memcpy(pv, &l, cb_copy);
    } else {
        JET_OBJECTLIST l;
        memset(&l, 0, sizeof l);
        l.cbStruct = sizeof l;
        l.tableid = tid;
        l.cRecord = r->crows;
        l.columnidcontainername = ids[OL_CONTAINER];
        l.columnidobjectname = ids[OL_NAME];
        l.columnidobjtyp = ids[OL_OBJTYP];
        /* ESE leaves these two unset; the columns exist and are always null */
        l.columniddtCreate = ids[OL_DT_CREATE];
        l.columniddtUpdate = ids[OL_DT_UPDATE];
        l.columnidgrbit = ids[OL_GRBIT];
        l.columnidflags = ids[OL_FLAGS];
        l.columnidcRecord = ids[OL_CRECORD];
        l.columnidcPage = ids[OL_CPAGE];
        memcpy(pv, &l, sizeof l);
    }
}

JET_ERR info_list_build(jet_session *s, info_list *r, void *pv)
{
    JET_ERR err = JET_errSuccess;
    const list_coldef *defs;
    uint32_t ncols;
    JET_COLUMNDEF cd[IL_COUNT];
    JET_COLUMNID ids[IL_COUNT];
    temp_table_spec spec;
    JET_TABLEID tid = JET_tableidNil;
    db_table *t = NULL;
    database_writer w;
    bool writing = false;

    switch (r->kind) {
    case INFO_LIST_COLUMNS:
        defs = (r->grbit & COLINFO_GRBIT_COMPACTING) ? k_column_list_compact : k_column_list;
        ncols = CL_COUNT;
        break;
    case INFO_LIST_INDEXES:
        defs = k_index_list;
        ncols = IL_COUNT;
        break;
    case INFO_LIST_OBJECTS:
        defs = k_object_list;
        ncols = OL_COUNT;
        break;
    default:
        return JET_errSuccess;
    }
    memset(cd, 0, sizeof cd);
    memset(ids, 0, sizeof ids);
    for (uint32_t i = 0; i < ncols; i++) {
        cd[i].cbStruct = sizeof cd[i];
        cd[i].coltyp = defs[i].coltyp;
        cd[i].grbit = defs[i].grbit;
        if (defs[i].coltyp == JET_coltypText && r->w) cd[i].cp = CP_UNICODE;
    }
    /* ErrIsamOpenTempTable(..., JET_bitTTScrollable | JET_bitTTIndexed, JET_cbKeyMost_OLD,
     * JET_cbKeyMost_OLD): it counts against JET_paramMaxTemporaryTables */
    memset(&spec, 0, sizeof spec);
    spec.columns = cd;
    spec.ccolumns = ncols;
    spec.grbit = JET_bitTTScrollable | JET_bitTTIndexed;
    spec.columnids = ids;
    spec.cb_key_most = CB_KEY_MOST_OLD;
    spec.cb_var_seg_mac = CB_KEY_MOST_OLD;
    err = temp_table_open(s, &spec, &tid);
    if (err == JET_errFeatureNotAvailable && r->w) {
        /* no Unicode collation on this system for the UTF-16 key: the rows were collected
         * in the key's order, so a table without a key keeps them in it */
        for (uint32_t i = 0; i < ncols; i++) cd[i].grbit &= ~(uint32_t)JET_bitColumnTTKey;
        err = temp_table_open(s, &spec, &tid);
    }
    CHECK(err);
    CHECK(cursor_table_lookup(s, tid, &t));
    CHECK(database_write_begin(s, t->idb, &w));
    writing = true;
    CHECK(fill(t, r, ids, ncols));
    CHECK(move_first(t));
    fill_out(r, tid, ids, pv);
    t = NULL;
done:
    if (t != NULL) {
        /* JetCloseTable: the table's space goes with its last cursor, under the lock */
        if (!writing && database_write_begin(s, t->idb, &w) >= 0) writing = true;
        if (writing) temp_table_close(s, t);
        else cursor_table_close(s, t);
    }
    if (writing) database_write_end(&w);
    return err;
}
