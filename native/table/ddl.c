/* ddl.c: tables, columns and indexes (see ddl.h). */
#include "ddl.h"
#include "name.h"

#include <string.h>

#include "update.h"

JET_ERR ddl_create_table(dbfile *df, catalog *cat, const char *name, uint32_t pages, uint32_t density,
                         const catalog_table **out)
{
    return ddl_create_table_as(df, cat, name, pages, density, 0, NULL, out);
}

/* ErrFILEIInheritIndexes: every index of the template again on derived table t, as a
 * derived index (fidbDerivedIndex instead of fidbTemplateIndex) with the same name, key
 * and flags: the primary one on the table's own tree, each other in a new tree. */
static JET_ERR inherit_indexes(dbfile *df, catalog *cat, const catalog_table *t, const catalog_table *tmpl)
{
    JET_ERR err = JET_errSuccess;
    uint32_t objid_table = t->objid, pgno_table = t->pgno_fdp, density_table = t->density;
    for (uint32_t i = 0; i < tmpl->cindexes; i++) {
        record_index x = tmpl->indexes[i];
        uint32_t pgno = 0;
        x.idb_flags = (x.idb_flags & ~(uint32_t)IDB_TEMPLATE_INDEX) | IDB_DERIVED_INDEX;
        if (x.density == 0) x.density = density_table;
        if (x.idb_flags & IDB_PRIMARY) {
            x.pgno_fdp = pgno_table;
            x.objid = objid_table;
        } else {
            x.objid = df->hdr.objid_last + 1u;
            CHECK(space_create_object(&df->space, pgno_table, x.objid, 3,
                                      PAGE_FLAG_INDEX | ((x.idb_flags & IDB_UNIQUE) ? 0u : PAGE_FLAG_NON_UNIQUE_KEYS),
                                      0, &pgno));
            df->hdr.objid_last = x.objid;
            x.pgno_fdp = pgno;
        }
        err = catalog_add_index(&df->space, cat, objid_table, &x, NULL);
        if (err < 0 && pgno != 0) (void)space_free_object(&df->space, pgno);
        CHECK(err);
    }
done:
    return err;
}

JET_ERR ddl_create_table_as(dbfile *df, catalog *cat, const char *name, uint32_t pages, uint32_t density,
                            uint32_t flags, const catalog_table *tmpl, const catalog_table **out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t objid = 0, pgno_fdp = 0;
    catalog_table *t = NULL;
    char checked[JET_cbNameMost + 1];
    char tmpl_name[JET_cbNameMost + 1];
    uint32_t objid_tmpl = 0;

    CHECK(name_check(name, checked));
    name = checked;
    if (density != 0 && (density < 20 || density > 100)) FAIL(JET_errDensityInvalid);
    if (catalog_find_table(cat, name) != NULL) FAIL(JET_errTableDuplicate);
    if (pages == 0) pages = 1;
    objid = df->hdr.objid_last + 1u;
    CHECK(space_create_object(&df->space, SPACE_PGNO_ROOT, objid, pages < 3u ? 3u : pages, 0, 0, &pgno_fdp));
    df->hdr.objid_last = objid;
    if (tmpl != NULL) {
        /* copied: the table array may move as the new table joins it */
        size_t n = strlen(tmpl->name);
        if (n > JET_cbNameMost) n = JET_cbNameMost;
        memcpy(tmpl_name, tmpl->name, n);
        tmpl_name[n] = '\0';
        objid_tmpl = tmpl->objid;
        flags |= JET_bitObjectTableDerived;
    }
    CHECK(catalog_add_table_from(&df->space, cat, name, objid, pgno_fdp, pages, density, flags,
                                 tmpl != NULL ? tmpl_name : NULL, &t));
    if (tmpl != NULL) {
        CHECK(catalog_inherit_columns(cat, objid));
        CHECK(inherit_indexes(df, cat, catalog_table_by_objid(cat, objid), catalog_table_by_objid(cat, objid_tmpl)));
    }
    *out = catalog_table_by_objid(cat, objid);
done:
    /* undo, best effort: err is the failure to report; pages that cannot be given back
     * stay allocated to an object no catalog row names (space lost) */
    if (err < 0 && t != NULL) {
        const catalog_table *made = catalog_table_by_objid(cat, objid);
        if (made != NULL && ddl_delete_table(df, cat, made) >= 0) pgno_fdp = 0;
    }
    if (err < 0 && pgno_fdp != 0) (void)space_free_object(&df->space, pgno_fdp);
    return err;
}

/* ErrFILEIValidateAddColumn's checks, in its order; *cb_max becomes the stored maximum
 * (UlCATColumnSize) and *truncated says a Text/Binary maximum was cut to 255. */
static JET_ERR validate_column(const ddl_column *c, bool exclusive, uint32_t *cp, uint32_t *cb_max, bool *truncated)
{
    uint32_t coltyp = c->coltyp, grbit = c->grbit, size = record_type_size(coltyp);
    bool has_default = c->pv_default != NULL && c->cb_default > 0;

    *truncated = false;
    if (c->cb_max > 0x7fffffffu) return JET_errInvalidParameter; /* JET_cbLVColumnMost */
    if (coltyp == JET_coltypNil || coltyp == JET_coltypSLV || coltyp >= JET_coltypMax) return JET_errInvalidColumnType;
    *cp = 0;
    if (coltyp == JET_coltypText || coltyp == JET_coltypLongText) {
        *cp = c->cp == 0 ? 1252u : c->cp;
        if (*cp != 1252u && *cp != 1200u) return JET_errInvalidCodePage;
    }
    if ((grbit & JET_bitColumnCompressed) && !record_type_is_long_value(coltyp)) return JET_errColumnCannotBeCompressed;
    if ((grbit & JET_bitColumnTagged) || record_type_is_long_value(coltyp)) {
        if (grbit & JET_bitColumnFixed) return JET_errInvalidGrbit;
    } else if (grbit & JET_bitColumnMultiValued) {
        return JET_errMultiValuedColumnMustBeTagged;
    }
    if (grbit & JET_bitColumnEscrowUpdate) {
        if (coltyp != JET_coltypLong && coltyp != JET_coltypLongLong) return JET_errInvalidGrbit;
        if (grbit & JET_bitColumnTagged) return JET_errCannotBeTagged;
        if (grbit & (JET_bitColumnVersion | JET_bitColumnAutoincrement)) return JET_errInvalidGrbit;
        if (!has_default) return JET_errInvalidGrbit;
        if (!exclusive) return JET_errExclusiveTableLockRequired;
        if ((grbit & JET_bitColumnFinalize) && (grbit & JET_bitColumnDeleteOnZero)) return JET_errInvalidGrbit;
    } else if (grbit & (JET_bitColumnFinalize | JET_bitColumnDeleteOnZero)) {
        return JET_errInvalidGrbit;
    } else if (grbit & (JET_bitColumnVersion | JET_bitColumnAutoincrement)) {
        if (grbit & JET_bitColumnAutoincrement) {
            if (coltyp != JET_coltypLong && coltyp != JET_coltypLongLong && coltyp != JET_coltypUnsignedLongLong &&
                coltyp != JET_coltypCurrency)
                return JET_errInvalidGrbit;
        } else if (coltyp != JET_coltypLong) {
            return JET_errInvalidGrbit;
        }
        if (grbit & JET_bitColumnTagged) return JET_errCannotBeTagged;
        if ((grbit & JET_bitColumnVersion) && (grbit & JET_bitColumnAutoincrement)) return JET_errInvalidGrbit;
        if ((grbit & JET_bitColumnAutoincrement) && !exclusive) return JET_errExclusiveTableLockRequired;
    }
    if (grbit & JET_bitColumnUserDefinedDefault) return JET_errFeatureNotAvailable; /* callbacks: not here */
    if (size != 0) {
        *cb_max = size;
    } else if (coltyp == JET_coltypText || coltyp == JET_coltypBinary) {
        *cb_max = c->cb_max == 0 ? JET_cbColumnMost : c->cb_max;
        if (*cb_max > JET_cbColumnMost) {
            *cb_max = JET_cbColumnMost;
            *truncated = true;
        }
    } else {
        *cb_max = c->cb_max;
    }
    if (has_default) return ddl_check_default(coltyp, *cb_max, c->cb_default);
    return JET_errSuccess;
}

JET_ERR ddl_check_default(uint32_t coltyp, uint32_t cb_max, uint32_t cb)
{
    uint32_t size = record_type_size(coltyp);
    /* ErrFILEIValidateAddColumn: over the column's maximum */
    if (cb_max != 0 && cb > cb_max) return JET_errDefaultValueTooBig;
    /* ErrRECSetDefaultValue: a long value's default is kept in the record */
    if (record_type_is_long_value(coltyp)) return cb > JET_cbLVDefaultValueMost ? JET_errDefaultValueTooBig : JET_errSuccess;
    /* the catalog's DefaultValue column holds cbDefaultValueMost bytes (rec.hxx) */
    if (cb > JET_cbColumnMost) return JET_errDefaultValueTooBig;
    /* ErrRECISetFixedColumn: a fixed-size type's value is exactly its size */
    if (size != 0 && cb != size) return JET_errInvalidBufferSize;
    return JET_errSuccess;
}

JET_ERR ddl_add_column(dbfile *df, catalog *cat, const catalog_table *t, const ddl_column *c, bool exclusive,
                       JET_COLUMNID *out)
{
    JET_ERR err = JET_errSuccess;
    record_column col;
    record_column *added = NULL;
    uint32_t coltyp = c->coltyp, grbit = c->grbit, cp = 0, cb_max = 0, fid_last = 0, ib = 4;
    bool truncated = false, fixed, tagged;
    char name[JET_cbNameMost + 1];

    memset(&col, 0, sizeof col);
    CHECK(name_check(c->name, name));
    CHECK(validate_column(c, exclusive, &cp, &cb_max, &truncated));
    tagged = record_type_is_long_value(coltyp) || (grbit & JET_bitColumnTagged);
    fixed = !tagged && (record_type_size(coltyp) != 0 || (grbit & JET_bitColumnFixed));
    if (catalog_find_column(t, name) != NULL) FAIL(JET_errColumnDuplicate);
    /* a derived table's fixed and variable columns continue the template's fids and
     * offsets; its tagged ones have their own (ErrFILEIAddColumns) */
    for (uint32_t i = 0; i < t->ccolumns; i++) {
        const record_column *o = &t->columns[i];
        uint32_t fid = o->columnid & 0xffffu;
        if (o->inherited && fid >= FID_TAGGED_FIRST) continue;
        if (fid <= FID_FIXED_LAST && o->ib_record_offset + o->cb_max > ib) ib = o->ib_record_offset + o->cb_max;
        if (fixed ? fid <= FID_FIXED_LAST : tagged ? fid >= FID_TAGGED_FIRST : (fid >= FID_VAR_FIRST && fid <= FID_VAR_LAST))
            if (fid > fid_last) fid_last = fid;
    }
    if (fixed) col.columnid = fid_last + 1u;
    else if (tagged) col.columnid = fid_last ? fid_last + 1u : FID_TAGGED_FIRST;
    else col.columnid = fid_last ? fid_last + 1u : FID_VAR_FIRST;
    if ((fixed && col.columnid > FID_FIXED_LAST) || (!fixed && !tagged && col.columnid > FID_VAR_LAST) ||
        col.columnid >= FID_TAGGED_FIRST + JET_ccolTaggedMost)
        FAIL(JET_errTooManyColumns);
    /* the fixed columns and their null bits must fit in a record */
    if (fixed && ib + cb_max + (col.columnid + 7u) / 8u > record_build_max_size(df->cb_page, KEY_LEGACY_MOST))
        FAIL(JET_errRecordTooBig);
    if ((grbit & JET_bitColumnEscrowUpdate)) {
        btree_cursor probe;
        CHECK(btree_open(&probe, df->space.c, df->space.ifile, t->pgno_fdp));
        err = btree_move_first(&probe);
        btree_close(&probe);
        if (err >= 0) FAIL(JET_errTableNotEmpty);
        err = JET_errSuccess;
    }
    /* a template table's columns carry the template bit (ColumnidOfFid) */
    if (catalog_is_template(t)) col.columnid |= RECORD_COLUMNID_TEMPLATE;
    col.coltyp = coltyp;
    col.cb_max = cb_max;
    col.grbit = grbit;
    if (tagged) col.grbit |= JET_bitColumnTagged;
    if (fixed) col.grbit |= JET_bitColumnFixed;
    col.codepage = cp;
    col.ib_record_offset = fixed ? ib : 0;
    col.name = name;
    /* ESE passes (pvDefault ? cbDefault : 0): no bytes is no default */
    if (c->pv_default != NULL && c->cb_default > 0) {
        col.default_value = (uint8_t *)c->pv_default;
        col.cb_default = c->cb_default;
    }
    CHECK(catalog_add_column(&df->space, cat, t->objid, &col, &added));
    if (out) *out = added->columnid;
    if (truncated) err = JET_wrnColumnMaxTruncated;
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

/* Parses "+a\0-b\0\0" into segments (ErrFILEIValidateCreateIndex). Never reads past the
 * definition's double-NUL terminator nor past cb_key bytes: a cb_key larger than any
 * definition ESE accepts is refused unread, and the terminator must end the definition
 * exactly at cb_key, as ESE requires. */
static JET_ERR parse_key(const catalog_table *t, const char *key, uint32_t cb_key, record_index *x)
{
    uint32_t i = 0;
    if (key == NULL || cb_key < 2) return JET_errInvalidParameter;
    if (cb_key > DDL_KEY_DEFINITION_MOST) return JET_errIndexInvalidDef;
    /* the first segment says its direction */
    if (key[0] != '+' && key[0] != '-') return JET_errIndexInvalidDef;
    for (;;) {
        const char *seg = key + i;
        uint32_t n = 0;
        while (i + n < cb_key && seg[n] != '\0') n++;
        if (i + n == cb_key) return JET_errInvalidParameter; /* no terminator within cb_key */
        if (n == 0) break;                                   /* the double NUL */
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
        i += n + 1u;
    }
    if (x->csegments == 0) return JET_errIndexInvalidDef;
    /* text after the terminator: ESE's "UnsupportedIndexKeyString" */
    if (i + 1u != cb_key) return JET_errIndexInvalidDef;
    return JET_errSuccess;
}

/* Adds the entries of every record of t to the new index: one per key of the record,
 * several for a multi-valued column (key_list_from_record). */
static JET_ERR build_entries(dbfile *df, const catalog_table *t, const record_index *x)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur, lv;
    bool lv_open = false;
    update_table u = {&df->space, t, NULL};
    btree_tree tree = update_index_tree(&u, x);
    uint8_t *pk = compat_malloc(KEY_BUFFER_MAX);
    uint32_t cb_pk;
    record_view rv;
    key_list keys;

    key_list_init(&keys);
    memset(&cur, 0, sizeof cur);
    memset(&lv, 0, sizeof lv);
    if (pk == NULL) FAIL(JET_errOutOfMemory);
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
        CHECK(key_list_from_record(t, x, &rv, lv_open ? &lv : NULL, &keys));
        for (uint32_t k = 0; k < keys.count; k++) {
            if (x->idb_flags & IDB_UNIQUE) CHECK(btree_insert(&tree, keys.v[k].pb, keys.v[k].cb, pk, cb_pk));
            else CHECK(btree_insert_dup(&tree, keys.v[k].pb, keys.v[k].cb, pk, cb_pk));
        }
    }
    if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) err = JET_errSuccess;
done:
    btree_close(&cur);
    if (lv_open) btree_close(&lv);
    key_list_free(&keys);
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

JET_ERR ddl_create_index(dbfile *df, catalog *cat, key_collators *kc, const catalog_table *t, const ddl_index *d)
{
    JET_ERR err = JET_errSuccess;
    record_index x;
    record_index *added = NULL;
    uint32_t objid = 0, pgno = 0;
    JET_GRBIT grbit = d->grbit;
    bool primary = (grbit & JET_bitIndexPrimary) != 0;
    char name[JET_cbNameMost + 1];

    memset(&x, 0, sizeof x);
    CHECK(name_check(d->name, name));
    if (d->density != 0 && (d->density < 20 || d->density > 100)) FAIL(JET_errDensityInvalid);
    if (grbit & (JET_bitIndexTupleLimits | JET_bitIndexNestedTable | JET_bitIndexTuples)) FAIL(JET_errFeatureNotAvailable);
    /* fcreate.cxx: a cross product (every combination of multi-valued values) is a flag of
     * the index, allowed with any other (nested tables are refused above) */
    if (grbit & JET_bitIndexCrossProduct) x.idb_flags |= IDB_CROSS_PRODUCT;
    if (d->key_most != 0 && (d->key_most < KEY_LEGACY_MOST || d->key_most > JET_cbKeyMostMost))
        FAIL(JET_errIndexInvalidDef);
    /* ErrFILEIndexCreate: cbVarSegMac (0: the key's most) no larger than the key's most */
    if (d->var_seg_mac > (d->key_most != 0 ? d->key_most : KEY_LEGACY_MOST)) FAIL(JET_errIndexInvalidDef);
    /* ErrFILEICheckIndexCreate: no conditional columns on the primary index */
    if (primary && d->cconditions != 0) FAIL(JET_errIndexInvalidDef);
    CHECK(parse_key(t, d->key, d->cb_key, &x));
    /* ErrFILEIIndexCreate's conditional columns: each by name, null or not */
    if (d->cconditions > JET_ccolKeyMost) FAIL(JET_errIndexInvalidDef);
    for (uint32_t i = 0; i < d->cconditions; i++) {
        const record_column *col;
        if (d->conditions[i].grbit != JET_bitIndexColumnMustBeNull &&
            d->conditions[i].grbit != JET_bitIndexColumnMustBeNonNull)
            FAIL(JET_errInvalidGrbit);
        col = d->conditions[i].column != NULL ? catalog_find_column(t, d->conditions[i].column) : NULL;
        if (col == NULL) FAIL(JET_errColumnNotFound);
        x.conditions[i].columnid = col->columnid;
        x.conditions[i].must_be_null = d->conditions[i].grbit == JET_bitIndexColumnMustBeNull;
    }
    x.cconditions = d->cconditions;
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
    /* a template table's indexes are inherited (idb.SetFTemplateIndex) */
    if (catalog_is_template(t)) x.idb_flags |= IDB_TEMPLATE_INDEX;
    else if (grbit & JET_bitIndexUnique) x.idb_flags |= IDB_UNIQUE;
    if (grbit & JET_bitIndexDisallowNull) x.idb_flags |= IDB_NO_NULL_SEG;
    else if (grbit & JET_bitIndexSortNullsHigh) x.idb_flags |= IDB_SORT_NULLS_HIGH;
    if (grbit & JET_bitIndexDisallowTruncation) x.idb_flags |= IDB_DISALLOW_TRUNCATION;
    /* fIDXDotNetGuid: GUID segments in .NET's order (Data1..Data3 as numbers, then bytes) */
    if (grbit & JET_bitIndexDotNetGuid) x.idx_flags |= IDX_DOTNET_GUID;
    for (uint32_t i = 0; i < x.csegments; i++) {
        const record_column *col = catalog_column_by_id(t, x.segments[i].columnid);
        if (col->grbit & JET_bitColumnMultiValued) x.idb_flags |= IDB_MULTIVALUED;
        if ((col->coltyp == JET_coltypText || col->coltyp == JET_coltypLongText) && col->codepage == 1200)
            x.idb_flags |= IDB_LOCALIZED_TEXT;
    }
    x.name = name;
    x.lcid = d->lcid ? d->lcid : 0x409u;
    x.locale_name = (uint16_t *)d->locale;
    /* JET_paramIndexDefaultLCMapFlags' default: ignore case, kana type and width */
    x.lcmap_flags = d->lcmap_flags ? d->lcmap_flags : 0x30401u;
    x.key_most = d->key_most;
    x.var_seg_mac = d->var_seg_mac;
    /* an index given no density has the table's (ErrIsamCreateIndex: the table's space
     * hints' initial density) */
    x.density = d->density != 0 ? d->density : t->density;
    if (x.idb_flags & IDB_LOCALIZED_TEXT) CHECK(stamp_unicode(kc, &x));
    if (x.idb_flags & IDB_LOCALIZED_TEXT) x.idb_flags |= IDB_LOCALE_SET;
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
    /* undo, best effort, as in ddl_create_table */
    if (err < 0 && pgno != 0) (void)space_free_object(&df->space, pgno);
    return err;
}

/* ESE marks such an index out of date at attach (ErrCATDeleteOrUpdateOutOfDateLocalizedIndexes)
 * and deletes it or lets it be fixed up; here it is rebuilt in place of the old tree. */
JET_ERR ddl_rebuild_index(dbfile *df, catalog *cat, key_collators *kc, const catalog_table *t, const record_index *x)
{
    JET_ERR err = JET_errSuccess;
    record_index nx = *x;
    uint32_t pgno = 0, pgno_old = x->pgno_fdp;

    if ((x->idb_flags & IDB_PRIMARY) || x->pgno_fdp == t->pgno_fdp) FAIL(JET_errInvalidParameter);
    CHECK(stamp_unicode(kc, &nx));
    CHECK(space_create_object(&df->space, t->pgno_fdp, x->objid, 3,
                              PAGE_FLAG_INDEX | ((x->idb_flags & IDB_UNIQUE) ? 0u : PAGE_FLAG_NON_UNIQUE_KEYS), 0,
                              &pgno));
    nx.pgno_fdp = pgno;
    CHECK(build_entries(df, t, &nx));
    CHECK(catalog_set_index_tree(&df->space, cat, t->objid, &nx));
    pgno = 0; /* the catalog names it now */
    CHECK(space_free_object(&df->space, pgno_old));
done:
    /* undo, best effort, as in ddl_create_index */
    if (err < 0 && pgno != 0) (void)space_free_object(&df->space, pgno);
    return err;
}

JET_ERR ddl_delete_table(dbfile *df, catalog *cat, const catalog_table *t)
{
    JET_ERR err = JET_errSuccess;
    uint32_t pgno = t->pgno_fdp, objid = t->objid;
    CHECK(catalog_delete_table(&df->space, cat, objid));
    CHECK(space_free_object(&df->space, pgno));
done:
    return err;
}

JET_ERR ddl_delete_index(dbfile *df, catalog *cat, const catalog_table *t, const record_index *x)
{
    JET_ERR err = JET_errSuccess;
    uint32_t pgno = x->pgno_fdp;
    if ((x->idb_flags & IDB_PRIMARY) || x->pgno_fdp == t->pgno_fdp) FAIL(JET_errIndexMustStay);
    CHECK(catalog_delete_index(&df->space, cat, t->objid, x->objid));
    CHECK(space_free_object(&df->space, pgno));
done:
    return err;
}
