/* copy_buffer.c: a cursor's copy buffer and the checks on the way into it (see
 * copy_buffer.h); ESE's ErrIsamPrepareUpdate, ErrFLDSetOneColumn (fldmod.cxx) and
 * ErrFUCBCheckUpdatable. */
#include "copy_buffer.h"

#include "ddl.h"
#include "temptable.h"
#include "transaction.h"

JET_ERR copy_buffer_check_updatable(const db_table *t)
{
    if (t->temp != NULL) return temp_table_check_update(t); /* the temporary database is always writable */
    return t->read_only ? JET_errPermissionDenied : trx_check_updatable(t->ses);
}

uint32_t copy_buffer_record_most(const db_table *t)
{
    const record_index *pidx = catalog_primary_index(t->def);
    uint32_t cb_page = cache_page_size(t->cur.c);
    return record_max_size(cb_page, pidx ? key_most_of(pidx) : 255u);
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

JET_ERR copy_buffer_ensure_lv_tree(db_table *t, database_writer *w)
{
    if (t->def->pgno_lv != 0 || !record_build_needs_lv(&t->rb)) return JET_errSuccess;
    return ddl_create_lv_tree(w->df, w->cat, t->def);
}
