/* ddl.c: tables, columns and indexes (see ddl.h).
 * May call: common.h, catalog.h, space.h, btree.h, record.h, key.h, update.h, compat. */
#include "ddl.h"

#include <string.h>

#include "update.h"

#define DENSITY_DEFAULT 80u

static bool name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n != 0 && n <= JET_cbNameMost && name[0] != ' ';
}

JET_ERR ddl_create_table(dbfile *df, catalog *cat, const char *name, uint32_t pages, uint32_t density,
                         const catalog_table **out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t objid, pgno_fdp = 0;
    catalog_table *t = NULL;

    if (!name_ok(name)) FAIL(JET_errInvalidName);
    if (density != 0 && (density < 20 || density > 100)) FAIL(JET_errDensityInvalid);
    if (catalog_find_table(cat, name) != NULL) FAIL(JET_errTableDuplicate);
    if (pages == 0) pages = 1;
    objid = df->hdr.objid_last + 1u;
    CHECK(space_create_object(&df->space, SPACE_PGNO_ROOT, objid, pages < 3u ? 3u : pages, 0, 0, &pgno_fdp));
    df->hdr.objid_last = objid;
    CHECK(catalog_add_table(&df->space, cat, name, objid, pgno_fdp, pages, density ? density : DENSITY_DEFAULT, 0, &t));
    *out = t;
done:
    return err;
}

/* The size of a fixed-size type, 0 for the others. */
static uint32_t fixed_size(uint32_t coltyp)
{
    switch (coltyp) {
    case JET_coltypBit:
    case JET_coltypUnsignedByte: return 1;
    case JET_coltypShort:
    case JET_coltypUnsignedShort: return 2;
    case JET_coltypLong:
    case JET_coltypUnsignedLong:
    case JET_coltypIEEESingle: return 4;
    case JET_coltypCurrency:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
    case JET_coltypLongLong:
    case JET_coltypUnsignedLongLong: return 8;
    case JET_coltypGUID: return 16;
    default: return 0;
    }
}

JET_ERR ddl_add_column(dbfile *df, catalog *cat, const catalog_table *t, const char *name, const JET_COLUMNDEF *def,
                       const void *pv_default, uint32_t cb_default, JET_COLUMNID *out)
{
    JET_ERR err = JET_errSuccess;
    record_column col;
    record_column *added = NULL;
    uint32_t coltyp = def->coltyp, grbit = def->grbit, size = fixed_size(coltyp), fid_last = 0, ib = 4;
    bool long_value = coltyp == JET_coltypLongText || coltyp == JET_coltypLongBinary;
    bool text = coltyp == JET_coltypText || coltyp == JET_coltypLongText;
    enum { FIXED, VARIABLE, TAGGED } kind;

    memset(&col, 0, sizeof col);
    if (!name_ok(name)) FAIL(JET_errInvalidName);
    if (coltyp == JET_coltypNil || coltyp == JET_coltypSLV || coltyp >= JET_coltypMax) FAIL(JET_errInvalidColumnType);
    if (catalog_find_column(t, name) != NULL) FAIL(JET_errColumnDuplicate);
    /* ErrFILEIAddColumn's rules: tagged and fixed exclude each other; multi-valued and
     * escrow need their kind; autoincrement is a (long) long; version a long. */
    if ((grbit & JET_bitColumnTagged) && (grbit & JET_bitColumnFixed)) FAIL(JET_errInvalidParameter);
    if ((grbit & JET_bitColumnAutoincrement) && coltyp != JET_coltypLong && coltyp != JET_coltypCurrency &&
        coltyp != JET_coltypLongLong)
        FAIL(JET_errInvalidColumnType);
    if ((grbit & JET_bitColumnVersion) && coltyp != JET_coltypLong) FAIL(JET_errInvalidColumnType);
    if ((grbit & JET_bitColumnEscrowUpdate) && coltyp != JET_coltypLong && coltyp != JET_coltypLongLong)
        FAIL(JET_errInvalidColumnType);
    if (long_value || (grbit & (JET_bitColumnTagged | JET_bitColumnMultiValued))) kind = TAGGED;
    else if (size != 0 || (grbit & JET_bitColumnFixed)) kind = FIXED;
    else kind = VARIABLE;
    if (kind == FIXED && size == 0) size = def->cbMax ? def->cbMax : JET_cbColumnMost;
    if (kind == FIXED && size > JET_cbColumnMost) FAIL(JET_errInvalidParameter);
    if (kind == VARIABLE && def->cbMax > JET_cbColumnMost) FAIL(JET_errInvalidParameter);
    for (uint32_t i = 0; i < t->ccolumns; i++) {
        const record_column *c = &t->columns[i];
        uint32_t fid = c->columnid;
        if (kind == FIXED && fid <= FID_FIXED_LAST) {
            if (fid > fid_last) {
                fid_last = fid;
                ib = c->ib_record_offset + c->cb_max;
            }
        } else if (kind == VARIABLE && fid >= FID_VAR_FIRST && fid <= FID_VAR_LAST) {
            if (fid > fid_last) fid_last = fid;
        } else if (kind == TAGGED && fid >= FID_TAGGED_FIRST) {
            if (fid > fid_last) fid_last = fid;
        }
    }
    if (kind == FIXED) col.columnid = fid_last + 1u;
    else if (kind == VARIABLE) col.columnid = fid_last ? fid_last + 1u : FID_VAR_FIRST;
    else col.columnid = fid_last ? fid_last + 1u : FID_TAGGED_FIRST;
    if ((kind == FIXED && col.columnid > FID_FIXED_LAST) || (kind == VARIABLE && col.columnid > FID_VAR_LAST) ||
        col.columnid > 0xfffeu)
        FAIL(JET_errTooManyColumns);
    col.coltyp = coltyp;
    col.cb_max = kind == FIXED ? size : def->cbMax;
    col.grbit = grbit;
    if (kind == TAGGED) col.grbit |= JET_bitColumnTagged;
    if (kind == FIXED) col.grbit |= JET_bitColumnFixed;
    col.codepage = text ? (def->cp == 1200 ? 1200u : 1252u) : 0u;
    col.ib_record_offset = kind == FIXED ? ib : 0;
    col.name = (char *)name;
    col.default_value = (uint8_t *)pv_default;
    col.cb_default = pv_default ? cb_default : 0;
    CHECK(catalog_add_column(&df->space, cat, t->objid, &col, &added));
    if (out) *out = added->columnid;
done:
    return err;
}

JET_ERR ddl_create_lv_tree(dbfile *df, catalog *cat, const catalog_table *t)
{
    JET_ERR err = JET_errSuccess;
    uint32_t objid = df->hdr.objid_last + 1u, pgno = 0;
    CHECK(space_create_object(&df->space, t->pgno_fdp, objid, 3, PAGE_FLAG_LONG_VALUE, 0, &pgno));
    df->hdr.objid_last = objid;
    CHECK(catalog_add_lv(&df->space, cat, t->objid, objid, pgno));
done:
    return err;
}

/* Parses "+a\0-b\0\0" into segments. */
static JET_ERR parse_key(const catalog_table *t, const char *key, uint32_t cb_key, record_index *x)
{
    uint32_t i = 0;
    if (key == NULL || cb_key < 2 || key[cb_key - 1] != '\0' || key[cb_key - 2] != '\0') return JET_errInvalidParameter;
    while (i < cb_key && key[i] != '\0') {
        const char *seg = key + i;
        size_t n = 0;
        while (i + n < cb_key && seg[n] != '\0') n++;
        bool desc = seg[0] == '-';
        const char *colname = (seg[0] == '-' || seg[0] == '+') ? seg + 1 : seg;
        const record_column *col = catalog_find_column(t, colname);
        if (col == NULL) return JET_errColumnNotFound;
        if (x->csegments == JET_ccolKeyMost) return JET_errIndexInvalidDef;
        for (uint32_t k = 0; k < x->csegments; k++)
            if (x->segments[k].columnid == col->columnid) return JET_errIndexInvalidDef;
        x->segments[x->csegments].columnid = col->columnid;
        x->segments[x->csegments].descending = desc;
        x->csegments++;
        i += (uint32_t)n + 1u;
    }
    return x->csegments == 0 ? JET_errIndexInvalidDef : JET_errSuccess;
}

/* Adds the entries of every record of t to the new index. */
static JET_ERR build_entries(dbfile *df, const catalog_table *t, const record_index *x)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur, lv;
    bool lv_open = false, present = false;
    update_table u = {&df->space, t};
    btree_tree tree = update_index_tree(&u, x);
    uint8_t *key = compat_malloc(KEY_BUFFER_MAX);
    uint8_t *pk = compat_malloc(KEY_BUFFER_MAX);
    uint32_t cb_key = 0, cb_pk;
    record_view rv;

    memset(&cur, 0, sizeof cur);
    memset(&lv, 0, sizeof lv);
    if (key == NULL || pk == NULL) FAIL(JET_errOutOfMemory);
    CHECK(btree_open(&cur, df->space.c, df->space.ifile, t->pgno_fdp));
    if (t->pgno_lv != 0) {
        CHECK(btree_open(&lv, df->space.c, df->space.ifile, t->pgno_lv));
        lv_open = true;
    }
    for (err = btree_move_first(&cur); err >= 0; err = btree_move_next(&cur)) {
        if (cur.cb_key > KEY_BUFFER_MAX) FAIL(JET_errDatabaseCorrupted);
        cb_pk = cur.cb_key;
        memcpy(pk, cur.key, cb_pk);
        CHECK(record_open(cur.data, cur.cb_data, page_is_large(df->cb_page), &rv));
        CHECK(update_index_key(t, x, &rv, lv_open ? &lv : NULL, key, &cb_key, &present));
        if (!present) continue;
        if (x->idb_flags & IDB_UNIQUE) CHECK(btree_insert(&tree, key, cb_key, pk, cb_pk));
        else CHECK(btree_insert_dup(&tree, key, cb_key, pk, cb_pk));
    }
    if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) err = JET_errSuccess;
done:
    btree_close(&cur);
    if (lv_open) btree_close(&lv);
    compat_free(key);
    compat_free(pk);
    return err;
}

/* An index with Unicode text segments gets its collator and our sort stamp (key.h). */
static JET_ERR stamp_unicode(key_collators *kc, record_index *x)
{
    JET_ERR err = JET_errSuccess;
    char locale[96];
    uint32_t flags = 0;
    key_sort_stamp stamp;

    CHECK(key_index_locale(x, locale, sizeof locale, &flags));
    CHECK(key_sort_stamp_for(kc, locale, flags, &stamp));
    CHECK(key_collators_get(kc, locale, flags, &x->collator));
    x->has_sort_stamp = true;
    x->sort_version = stamp.version;
    memcpy(x->sort_id, stamp.sort_id, sizeof x->sort_id);
done:
    return err;
}

JET_ERR ddl_create_index(dbfile *df, catalog *cat, key_collators *kc, const catalog_table *t, const char *name,
                         JET_GRBIT grbit, const char *key, uint32_t cb_key, uint32_t density, uint32_t lcid,
                         uint32_t key_most)
{
    JET_ERR err = JET_errSuccess;
    record_index x;
    record_index *added = NULL;
    uint32_t objid = 0, pgno = 0;
    bool primary = (grbit & JET_bitIndexPrimary) != 0;

    memset(&x, 0, sizeof x);
    if (!name_ok(name)) FAIL(JET_errInvalidName);
    if (density != 0 && (density < 20 || density > 100)) FAIL(JET_errDensityInvalid);
    CHECK(parse_key(t, key, cb_key, &x));
    if (catalog_find_index(t, name) != NULL) FAIL(JET_errIndexDuplicate);
    if (primary) {
        btree_cursor probe;
        if (catalog_primary_index(t) != NULL) FAIL(JET_errIndexHasPrimary);
        /* ESE: a primary index can only be made while the table has no record. */
        CHECK(btree_open(&probe, df->space.c, df->space.ifile, t->pgno_fdp));
        err = btree_move_first(&probe);
        btree_close(&probe);
        if (err >= 0) FAIL(JET_errTableNotEmpty);
        err = JET_errSuccess;
    }
    /* fcreate.cxx's null flags */
    if (!(grbit & (JET_bitIndexDisallowNull | JET_bitIndexIgnoreAnyNull))) {
        x.idb_flags |= IDB_ALLOW_SOME_NULLS;
        if (!(grbit & JET_bitIndexIgnoreFirstNull)) {
            x.idb_flags |= IDB_ALLOW_FIRST_NULL;
            if (!(grbit & JET_bitIndexIgnoreNull)) x.idb_flags |= IDB_ALLOW_ALL_NULLS;
        }
    }
    if (primary) x.idb_flags |= IDB_UNIQUE | IDB_PRIMARY;
    else if (grbit & JET_bitIndexUnique) x.idb_flags |= IDB_UNIQUE;
    if (grbit & JET_bitIndexDisallowNull) x.idb_flags |= IDB_NO_NULL_SEG;
    else if (grbit & JET_bitIndexSortNullsHigh) x.idb_flags |= IDB_SORT_NULLS_HIGH;
    if (grbit & JET_bitIndexDisallowTruncation) x.idb_flags |= IDB_DISALLOW_TRUNCATION;
    for (uint32_t i = 0; i < x.csegments; i++) {
        const record_column *col = catalog_column_by_id(t, x.segments[i].columnid);
        if (col->grbit & JET_bitColumnMultiValued) x.idb_flags |= IDB_MULTIVALUED;
        if ((col->coltyp == JET_coltypText || col->coltyp == JET_coltypLongText) && col->codepage == 1200)
            x.idb_flags |= IDB_LOCALIZED_TEXT;
    }
    x.name = (char *)name;
    x.lcid = lcid ? lcid : 0x409u;
    x.lcmap_flags = 0x30401u; /* JET_paramIndexDefaultLCMapFlags' default: ignore case, kana, width */
    x.key_most = key_most;
    if (x.idb_flags & IDB_LOCALIZED_TEXT) CHECK(stamp_unicode(kc, &x));
    if (primary) {
        x.pgno_fdp = t->pgno_fdp;
        x.objid = t->objid;
    } else {
        objid = df->hdr.objid_last + 1u;
        CHECK(space_create_object(&df->space, t->pgno_fdp, objid, 3,
                                  PAGE_FLAG_INDEX | ((x.idb_flags & IDB_UNIQUE) ? 0u : PAGE_FLAG_NON_UNIQUE_KEYS), 0,
                                  &pgno));
        df->hdr.objid_last = objid;
        x.pgno_fdp = pgno;
        x.objid = objid;
    }
    if (!primary) CHECK(build_entries(df, t, &x));
    CHECK(catalog_add_index(&df->space, cat, t->objid, &x, &added));
done:
    if (err < 0 && pgno != 0) (void)space_free_object(&df->space, pgno);
    return err;
}
