/* table_ddl.c: creating, deleting and renaming tables and their indexes, inside a
 * transaction or not (see table_ddl.h). */
#include "table_ddl.h"
#include "name.h"

#include <string.h>

#include "transaction.h"

/* A table just created by the session inside a transaction: marked as its own until the
 * commit, and noted for the rollback; when that cannot be noted the table goes again.
 * Outside a transaction it is committed at once (trx_ddl_implicit). */
static JET_ERR note_created_table(jet_session *s, uint32_t idb, database_writer *w, uint32_t objid)
{
    JET_ERR err = JET_errSuccess;
    if (!transaction_ddl_active(s)) {
        transaction_ddl_implicit(s, w->cat, objid, 0, 0);
        return JET_errSuccess;
    }
    err = catalog_mark_created(w->cat, objid, s);
    if (err >= 0) err = transaction_ddl_note(s, idb, w->ifile, TRX_DDL_CREATE_TABLE, objid, 0, NULL, 0);
    if (err < 0) {
        const catalog_table *t = catalog_table_by_objid(w->cat, objid);
        if (t != NULL) (void)ddl_delete_table(w->df, w->cat, t);
    }
    return err;
}

JET_ERR table_ddl_create(jet_session *s, uint32_t idb, database_writer *w, const char *name, uint32_t pages,
                         uint32_t density, const catalog_table **out)
{
    JET_ERR err = JET_errSuccess;
    CHECK(ddl_create_table(w->df, w->cat, name, pages, density, out));
    CHECK(note_created_table(s, idb, w, (*out)->objid));
done:
    return err;
}

JET_ERR table_ddl_create_with(jet_session *s, uint32_t idb, database_writer *w, const table_ddl_spec *spec,
                              uint32_t *created)
{
    JET_ERR err = JET_errSuccess, e;
    const catalog_table *t = NULL, *tmpl = NULL;

    *created = 0;
    /* ErrFILECreateTable opens the template (ErrFILEOpenTable): it must be there for the
     * session, and be a template table */
    if (spec->template_name != NULL) {
        char checked[JET_cbNameMost + 1];
        err = name_check(spec->template_name, checked);
        if (err >= 0) {
            tmpl = catalog_find_table_any(w->cat, checked);
            if (tmpl == NULL) err = JET_errObjectNotFound;
            else err = catalog_table_visible(tmpl, &s->view);
        }
        if (err >= 0 && !catalog_is_template(tmpl)) err = JET_errDDLNotInheritable;
        if (err < 0) return err;
    }
    err = ddl_create_table_as(w->df, w->cat, spec->name, spec->pages, spec->density, spec->flags, tmpl, &t);
    if (err >= 0) *created = 1;
    for (uint32_t i = 0; err >= 0 && i < spec->ncols; i++) {
        table_ddl_column *col = &spec->cols[i];
        e = col->bad_size ? JET_errInvalidParameter
                          : ddl_add_column(w->df, w->cat, catalog_table_by_objid(w->cat, t->objid), &col->c, true,
                                           col->columnid);
        *col->err = e;
        if (e < 0) err = e;
        else (*created)++;
    }
    for (uint32_t i = 0; err >= 0 && i < spec->nidx; i++) {
        e = ddl_create_index(w->df, w->cat, w->collators, catalog_table_by_objid(w->cat, t->objid), &spec->idx[i]);
        *spec->idx_errs[i] = e;
        if (e < 0) err = e;
        else (*created)++;
    }
    if (err < 0 && t != NULL) {
        (void)ddl_delete_table(w->df, w->cat, catalog_table_by_objid(w->cat, t->objid));
        *created = 0;
    }
    if (err >= 0 && t != NULL) {
        err = note_created_table(s, idb, w, t->objid);
        if (err < 0) *created = 0;
    }
    return err;
}

/* An index just made: inside a transaction marked as the session's and noted for the
 * rollback (or removed again); outside one committed at once (trx_ddl_implicit). */
static JET_ERR note_created_index(jet_session *s, uint32_t idb, database_writer *w, uint32_t objid_table,
                                  const char *name)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *def = catalog_table_by_objid(w->cat, objid_table);
    char checked[JET_cbNameMost + 1];
    const record_index *x;

    if (def == NULL || name_check(name, checked) < 0 || (x = catalog_find_index(def, checked)) == NULL)
        return JET_errSuccess;
    if (!transaction_ddl_active(s)) {
        transaction_ddl_implicit(s, w->cat, objid_table, CATALOG_NEW_INDEX, x->objid);
        return JET_errSuccess;
    }
    /* other sessions do not see it until the commit */
    err = catalog_mark_new(w->cat, objid_table, CATALOG_NEW_INDEX, x->objid, s);
    if (err >= 0) err = transaction_ddl_note(s, idb, w->ifile, TRX_DDL_CREATE_INDEX, objid_table, x->objid, NULL, 0);
    if (err < 0) {
        (void)catalog_mark_new(w->cat, objid_table, CATALOG_NEW_INDEX, x->objid, NULL);
        if (x->objid == def->objid) (void)catalog_delete_index(w->space, w->cat, objid_table, x->objid);
        else (void)ddl_delete_index(w->df, w->cat, def, x);
    }
    return err;
}

JET_ERR table_ddl_create_index(jet_session *s, db_table *t, database_writer *w, const ddl_index *x)
{
    JET_ERR err = JET_errSuccess;
    CHECK(ddl_create_index(w->df, w->cat, w->collators, t->def, x));
    CHECK(note_created_index(s, t->idb, w, t->def->objid, x->name));
done:
    return err;
}

JET_ERR table_ddl_delete(jet_session *s, uint32_t idb, database_writer *w, const char *name)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *t = catalog_find_table_any(w->cat, name);
    uint32_t objid;

    if (t == NULL) FAIL(JET_errObjectNotFound);
    CHECK(catalog_table_visible(t, &s->view));
    if (t->objid <= CATALOG_OBJID_LAST_SYSTEM) FAIL(JET_errCannotDeleteSystemTable);
    /* ErrFILEDeleteTable: a table some cursor has open (the caller's too) is in use */
    if (cursor_table_count_on(s->inst, idb, t->objid, 0) != 0) FAIL(JET_errTableInUse);
    /* ErrFILEDeleteTable: deleting a template table is not supported */
    if (catalog_is_template(t)) FAIL(JET_errCannotDeleteTemplateTable);
    if (!transaction_ddl_active(s)) {
        /* no version may outlive the tree it names */
        CHECK(transaction_cleanup_file(s, w->ifile));
        err = ddl_delete_table(w->df, w->cat, t);
        goto done;
    }
    /* ESE's delete-pending table: gone for the session, locked for the others, deleted
     * when the transaction commits */
    objid = t->objid;
    err = catalog_mark_deleted(w->cat, objid, s);
    if (err >= 0) err = transaction_ddl_note(s, idb, w->ifile, TRX_DDL_DELETE_TABLE, objid, 0, NULL, 0);
    if (err < 0) (void)catalog_mark_deleted(w->cat, objid, NULL);
done:
    return err;
}

JET_ERR table_ddl_delete_index(jet_session *s, db_table *t, database_writer *w, const char *name)
{
    JET_ERR err = JET_errSuccess;
    const record_index *x = catalog_find_index_for(t->def, name, &s->view);
    uint32_t objid_table = t->def->objid, objid;

    if (x == NULL) FAIL(JET_errIndexNotFound);
    if ((x->idb_flags & IDB_PRIMARY) || x->pgno_fdp == t->def->pgno_fdp) FAIL(JET_errIndexMustStay);
    /* a cursor standing on it (this one's current index included) keeps it in use */
    if (cursor_table_count_on(s->inst, t->idb, objid_table, x->objid) != 0) FAIL(JET_errIndexInUse);
    if (!transaction_ddl_active(s)) {
        CHECK(transaction_cleanup_file(s, w->ifile));
        err = ddl_delete_index(w->df, w->cat, t->def, x);
        goto done;
    }
    /* hidden until the commit; updates keep it current meanwhile */
    objid = x->objid;
    err = catalog_hide(w->cat, objid_table, CATALOG_HIDE_INDEX, objid, s);
    if (err >= 0) err = transaction_ddl_note(s, t->idb, w->ifile, TRX_DDL_DELETE_INDEX, objid_table, objid, NULL, 0);
    if (err < 0) (void)catalog_hide(w->cat, objid_table, CATALOG_HIDE_INDEX, objid, NULL);
done:
    return err;
}

JET_ERR table_ddl_rename(jet_session *s, uint32_t idb, database_writer *w, const char *from, const char *to)
{
    JET_ERR err = JET_errSuccess, noted;
    const catalog_table *t = catalog_find_table_any(w->cat, from);
    char before[JET_cbNameMost + 1];
    uint32_t objid;
    size_t n;

    if (t == NULL) FAIL(JET_errObjectNotFound);
    CHECK(catalog_table_visible(t, &s->view));
    if (t->objid <= CATALOG_OBJID_LAST_SYSTEM) FAIL(JET_errCannotDeleteSystemTable);
    if (cursor_table_count_on(s->inst, idb, t->objid, 0) != 0) FAIL(JET_errTableInUse);
    /* ErrCATRenameTable: a template table keeps its name (its derived tables name it), and
     * so does any FixedDDL table */
    if (t->flags & (JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL)) FAIL(JET_errFixedDDL);
    objid = t->objid;
    n = strlen(t->name);
    if (n > JET_cbNameMost) n = JET_cbNameMost;
    memcpy(before, t->name, n);
    before[n] = '\0';
    err = catalog_rename_table(w->space, w->cat, objid, to);
    if (err >= 0 && transaction_ddl_active(s)) {
        noted = transaction_ddl_note(s, idb, w->ifile, TRX_DDL_RENAME_TABLE, objid, 0, before, (uint32_t)n + 1u);
        if (noted < 0) {
            (void)catalog_rename_table(w->space, w->cat, objid, before);
            err = noted;
        }
    }
done:
    return err;
}
