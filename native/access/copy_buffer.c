/* copy_buffer.c: a cursor's copy buffer and the checks on the way into it (see
 * copy_buffer.h); ESE's ErrIsamPrepareUpdate, ErrFLDSetOneColumn (fldmod.cxx) and
 * ErrFUCBCheckUpdatable. */
#include "copy_buffer.h"

#include <string.h>

#include "ddl.h"
#include "temp_table.h"
#include "transaction.h"
#include "update.h"

JET_ERR copy_buffer_check_updatable(const db_table *t)
{
    if (t->temp != NULL) return temp_table_check_update(t); /* the temporary database is always writable */
    return t->read_only ? JET_errPermissionDenied : transaction_check_updatable(t->ses);
}

uint32_t copy_buffer_record_most(const db_table *t)
{
    const record_index *pidx = catalog_primary_index(t->def);
    uint32_t cb_page = cache_page_size(t->cur.c);
    return record_build_max_size(cb_page, pidx ? key_most_of(pidx) : 255u);
}

JET_ERR copy_buffer_prepare_insert(db_table *t)
{
    JET_ERR err = JET_errSuccess;
    CHECK(copy_buffer_check_updatable(t));
    if (t->prep != JET_prepCancel) FAIL(JET_errAlreadyPrepared);
    CHECK(record_build_init_insert(&t->rb, t->def, cache_page_size(t->cur.c), copy_buffer_record_most(t)));
    t->prep = JET_prepInsert;
    t->prep_level = t->ses->trx_level;
done:
    return err;
}

/* The LV tree of the cursor's table for reading, opened on first use. */
static btree_cursor *lv_reader(db_table *t)
{
    if (!t->cur.lv_open && t->def->pgno_lv != 0) {
        if (btree_open(&t->cur.lv, t->cur.c, t->cur.ifile, t->def->pgno_lv) < 0) return NULL;
        t->cur.lv_open = true;
    }
    return t->cur.lv_open ? &t->cur.lv : NULL;
}

JET_ERR copy_buffer_set_column(db_table *t, JET_COLUMNID columnid, const void *pv, uint32_t cb, JET_GRBIT grbit,
                               const JET_SETINFO *psetinfo)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col;
    uint32_t itag = 1, ib = 0;

    CHECK(copy_buffer_check_updatable(t));
    if (cb > 0x7fffffffu) FAIL(JET_errInvalidParameter); /* JET_cbLVColumnMost */
    if (t->prep == JET_prepCancel) FAIL(JET_errUpdateNotPrepared);
    if (psetinfo != NULL) {
        if (psetinfo->cbStruct < sizeof(JET_SETINFO)) FAIL(JET_errInvalidParameter);
        itag = psetinfo->itagSequence;
        ib = psetinfo->ibLongValue;
    }
    col = catalog_column_for(t->def, columnid, &t->ses->view);
    if (col == NULL) FAIL(JET_errColumnNotFound);
    /* ESE sets autoincrement columns itself, and version columns on a replace. */
    if (col->grbit & JET_bitColumnAutoincrement) FAIL(JET_errInvalidColumnType);
    if ((col->grbit & JET_bitColumnVersion) && (t->prep == JET_prepReplace || t->prep == JET_prepReplaceNoLock))
        FAIL(JET_errInvalidColumnType);
    err = record_build_set(&t->rb, col, pv, cb, grbit, itag, ib, lv_reader(t));
done:
    return err;
}

/* Creates the table's LV tree when the prepared record needs one and it has none yet. */
static JET_ERR ensure_lv_tree(db_table *t, database_writer *w)
{
    if (t->def->pgno_lv != 0 || !record_build_needs_lv(&t->rb)) return JET_errSuccess;
    return ddl_create_lv_tree(w->df, w->cat, t->def);
}

JET_ERR copy_buffer_update(db_table *t, uint8_t *pk, uint32_t *cb_pk, bool *dropped)
{
    JET_ERR err = JET_errSuccess;
    jet_session *s = t->ses;
    database_writer w;
    update_table u;
    ver_actor *ver = NULL;
    bool delete_original;

    *cb_pk = 0;
    *dropped = false;
    CHECK(database_writer_of(s, t->idb, &w));
    CHECK(ensure_lv_tree(t, &w));
    cursor_table_refresh(t);
    /* a sort has no versions; a materialised temporary table has (temp_table.h) */
    if (t->temp == NULL || temp_table_versioned(t)) CHECK(transaction_writer(s, w.ifile, &ver));
    delete_original = t->prep == JET_prepInsertCopyDeleteOriginal || t->prep == JET_prepInsertCopyReplaceOriginal;
    /* the delete and the insert are one change (ErrRECIInsert's transaction): versioned
     * even where no snapshot needs it, so that a failed insert brings the original back */
    if (delete_original && ver == NULL && t->temp == NULL) ver = &s->actor;
    u.db = w.space;
    u.t = t->def;
    u.ver = ver;
    transaction_change_begin(s, ver);
    if (delete_original) {
        CHECK(transaction_change_end(s, ver, update_insert_copy_delete(&u, t->bm, t->cb_bm, &t->rb, pk, cb_pk)));
        /* the cursor stays on the original, now deleted (ErrIsamDelete through it) */
        t->on_deleted = true;
    } else if (t->prep == JET_prepReplace || t->prep == JET_prepReplaceNoLock) {
        err = transaction_change_end(s, ver, update_replace(&u, t->bm, t->cb_bm, &t->rb));
        CHECK(err);
        memcpy(pk, t->bm, t->cb_bm);
        *cb_pk = t->cb_bm;
        /* The record changed under the cursor: it sees the new values; in a secondary
         * index it keeps its place at the old entry (ESE's replace currency). */
        (void)cursor_after_replace(&t->cur);
    } else {
        err = transaction_change_end(s, ver, update_insert(&u, &t->rb, pk, cb_pk));
        if (err == JET_errKeyDuplicate && t->temp != NULL && temp_table_drops_duplicates(t)) {
            /* ErrIsamSortUpdate: a sort drops a record whose key it has already */
            cursor_table_cancel_update(t);
            *dropped = true;
            err = JET_errSuccess;
            goto done;
        }
        CHECK(err);
    }
    cursor_table_cancel_update(t);
    (void)cursor_table_versioned(t, err);
done:
    return err;
}
