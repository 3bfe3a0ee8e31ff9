/* column_ddl.c: changing a table's columns, inside a transaction or not (see
 * column_ddl.h). */
#include "column_ddl.h"

#include <string.h>

#include "transaction.h"

/* Whether an index of t has the column as a key segment (FFILEIsIndexColumn). */
static bool column_indexed(const catalog_table *t, uint32_t columnid)
{
    for (uint32_t i = 0; i < t->cindexes; i++)
        for (uint32_t k = 0; k < t->indexes[i].csegments; k++)
            if (t->indexes[i].segments[k].columnid == columnid) return true; /* template bit and all */
    return false;
}

JET_ERR column_ddl_add(jet_session *s, db_table *t, database_writer *w, const ddl_column *col, JET_COLUMNID *out)
{
    JET_ERR err = JET_errSuccess, noted;
    uint32_t objid = t->def->objid;
    JET_COLUMNID columnid = 0;

    err = ddl_add_column(w->df, w->cat, t->def, col, t->exclusive, &columnid);
    if (err < 0) goto done;
    if (!transaction_ddl_active(s)) {
        transaction_ddl_implicit(s, w->cat, objid, CATALOG_NEW_COLUMN, columnid);
    } else {
        /* other sessions do not see it until the commit */
        noted = catalog_mark_new(w->cat, objid, CATALOG_NEW_COLUMN, columnid, s);
        if (noted >= 0) noted = transaction_ddl_note(s, t->idb, w->ifile, TRX_DDL_ADD_COLUMN, objid, columnid, NULL, 0);
        if (noted < 0) {
            (void)catalog_mark_new(w->cat, objid, CATALOG_NEW_COLUMN, columnid, NULL);
            (void)catalog_delete_column(w->space, w->cat, objid, columnid);
            FAIL(noted);
        }
    }
    *out = columnid;
done:
    return err;
}

JET_ERR column_ddl_delete(jet_session *s, db_table *t, database_writer *w, const char *name)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col = catalog_find_column_for(t->def, name, &s->view);
    uint32_t objid = t->def->objid, columnid;

    if (col == NULL) FAIL(JET_errColumnNotFound);
    columnid = col->columnid;
    /* ESE's ErrCATDeleteTableColumn replaces the row another transaction replaced */
    if (catalog_column_deleter(t->def, columnid) != NULL) FAIL(JET_errWriteConflict);
    /* ESE finds a key column after flagging the row, and rolls the flag back */
    if (column_indexed(t->def, columnid)) FAIL(JET_errColumnInUse);
    if (!transaction_ddl_active(s)) {
        CHECK(catalog_delete_column(w->space, w->cat, objid, columnid));
    } else {
        /* inside a transaction: hidden until the commit (transaction.h) */
        err = catalog_hide(w->cat, objid, CATALOG_HIDE_COLUMN, columnid, s);
        if (err >= 0) err = transaction_ddl_note(s, t->idb, w->ifile, TRX_DDL_DELETE_COLUMN, objid, columnid, NULL, 0);
        if (err < 0) {
            (void)catalog_hide(w->cat, objid, CATALOG_HIDE_COLUMN, columnid, NULL);
            goto done;
        }
    }
    /* ESE leaves the cursor (and its index's) before the first record */
    if (t->prep != JET_prepCancel) record_build_free(&t->rb);
    t->prep = JET_prepCancel;
    cursor_remove_range(&t->cur);
    t->cur.loc = CURSOR_BEFORE_FIRST;
    t->on_deleted = false;
done:
    return err;
}

JET_ERR column_ddl_rename(jet_session *s, db_table *t, database_writer *w, const char *from, const char *to)
{
    JET_ERR err = JET_errSuccess, noted;
    const record_column *col = catalog_find_column_for(t->def, from, &s->view);
    uint32_t objid = t->def->objid, columnid;
    char before[JET_cbNameMost + 1];
    size_t n;

    if (col == NULL) FAIL(JET_errColumnNotFound);
    columnid = col->columnid;
    /* its catalog row is another transaction's to change (ESE: a write conflict) */
    if (catalog_column_deleter(t->def, columnid) != NULL) FAIL(JET_errWriteConflict);
    n = strlen(col->name);
    if (n > JET_cbNameMost) n = JET_cbNameMost;
    memcpy(before, col->name, n);
    before[n] = '\0';
    err = catalog_rename_column(w->space, w->cat, objid, columnid, to);
    if (err >= 0 && transaction_ddl_active(s)) {
        noted = transaction_ddl_note(s, t->idb, w->ifile, TRX_DDL_RENAME_COLUMN, objid, columnid, before, (uint32_t)n + 1u);
        if (noted < 0) {
            (void)catalog_rename_column(w->space, w->cat, objid, columnid, before);
            err = noted;
        }
    }
done:
    return err;
}

/* The change itself; inside a transaction the former default is noted for the rollback
 * (and put back when it cannot be). */
static JET_ERR set_default_noted(jet_session *s, uint32_t idb, database_writer *w, uint32_t objid_table,
                                 const record_column *col, const void *pv, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    uint32_t columnid = col->columnid, cb_old = col->default_value != NULL ? col->cb_default : 0;
    uint8_t *old = NULL;

    if (transaction_ddl_active(s) && cb_old != 0) {
        old = compat_malloc(cb_old);
        if (old == NULL) return JET_errOutOfMemory;
        memcpy(old, col->default_value, cb_old);
    }
    CHECK(catalog_set_column_default(w->space, w->cat, objid_table, columnid, pv, cb));
    if (transaction_ddl_active(s)) {
        err = transaction_ddl_note(s, idb, w->ifile, TRX_DDL_SET_DEFAULT, objid_table, columnid, old, cb_old);
        if (err < 0) (void)catalog_set_column_default(w->space, w->cat, objid_table, columnid, old, cb_old);
    }
done:
    compat_free(old);
    return err;
}

JET_ERR column_ddl_set_default(jet_session *s, uint32_t idb, database_writer *w, const char *table,
                               const char *column, const void *pv, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *t = catalog_find_table_any(w->cat, table);
    const record_column *col;

    if (t == NULL) FAIL(JET_errObjectNotFound);
    CHECK(catalog_table_visible(t, &s->view));
    if (cb > record_build_max_size(cache_page_size(w->c), KEY_LEGACY_MOST)) FAIL(JET_errDefaultValueTooBig);
    if (cursor_table_count_on(s->inst, idb, t->objid, 0) != 0) FAIL(JET_errTableInUse);
    col = catalog_find_column_for(t, column, &s->view);
    /* ErrCATChangeColumnDefaultValue looks for the row among the table's own: a derived
     * table's template column has none */
    if (col == NULL || col->inherited) FAIL(JET_errColumnNotFound);
    /* its catalog row is another transaction's to change (ESE: a write conflict) */
    if (catalog_column_deleter(t, col->columnid) != NULL) FAIL(JET_errWriteConflict);
    if (column_indexed(t, col->columnid)) FAIL(JET_errColumnInUse);
    /* ErrFILERebuildDefaultRec's checks of the value (ddl_check_default) */
    CHECK(ddl_check_default(col->coltyp, col->cb_max, cb));
    err = set_default_noted(s, idb, w, t->objid, col, pv, cb);
done:
    return err;
}
