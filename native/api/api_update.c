/* api_update.c: the update entry points: JetPrepareUpdate, JetSetColumn(s), JetUpdate(2),
 * JetDelete, JetEscrowUpdate, JetGetLock, JetGetCursorInfo. The checks and their order
 * follow ESE's ErrIsamPrepareUpdate / ErrIsamSetColumn / ErrIsamUpdate / ErrIsamDelete
 * (fldmod.cxx, recupd.cxx); docs/semantics.md ("Updates") lists the decisions. The copy
 * buffer and its update are copy_buffer.c's (with record_build.c), autoincrement values
 * autoincrement.c's, the records and indexes update.c's. */
/* coverage: JetUpdate partial: no callbacks */
/* coverage: JetUpdate2 partial: as JetUpdate */
#include <string.h>

#include "api_callback.h"
#include "api_enter.h"
#include "autoincrement.h"
#include "copy_buffer.h"
#include "cursor_table.h"
#include "database.h"
#include "temp_table.h"
#include "transaction.h"
#include "update.h"

/* Write-locks the cursor's record (t->bm) for the session's transaction. */
static JET_ERR lock_record(db_table *t, api_call *c)
{
    JET_ERR err = JET_errSuccess;
    database_writer w;
    update_table u;
    ver_actor *ver = NULL;

    if (t->temp != NULL) return JET_errSuccess; /* the temporary database has no versions (ESE) */
    api_table_exclusive(c);
    CHECK(database_writer_of(c->ses, t->idb, &w));
    CHECK(transaction_writer(c->ses, w.ifile, &ver));
    u.db = w.space;
    u.t = t->def;
    u.ver = ver;
    transaction_change_begin(c->ses, ver);
    err = cursor_table_versioned(t, transaction_change_end(c->ses, ver, update_lock(&u, t->bm, t->cb_bm)));
done:
    return err;
}

JET_ERR JET_API JetPrepareUpdate(JET_SESID sesid, JET_TABLEID tableid, uint32_t prep)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    const uint8_t *bm = NULL;
    uint32_t cb_bm = 0;
    bool insert_copy;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    switch (prep) {
    case JET_prepCancel:
        if (t->prep == JET_prepCancel) err = JET_errUpdateNotPrepared;
        else cursor_table_cancel_update(t);
        break;
    case JET_prepInsert:
        if ((err = copy_buffer_prepare_insert(t)) < 0) break;
        if (autoincrement_column(t->def) != NULL) api_table_exclusive(&c);
        err = autoincrement_set(t);
        if (err < 0) cursor_table_cancel_update(t);
        break;
    case JET_prepReplace:
    case JET_prepReplaceNoLock:
    case JET_prepInsertCopy:
    case JET_prepInsertCopyDeleteOriginal:
    case JET_prepInsertCopyReplaceOriginal:
        if ((err = copy_buffer_check_updatable(t)) < 0) break;
        if (t->prep != JET_prepCancel) {
            err = JET_errAlreadyPrepared;
            break;
        }
        /* ErrDIRGet: the record under the cursor */
        if (t->on_deleted) {
            err = JET_errRecordDeleted;
            break;
        }
        if ((err = cursor_bookmark(&t->cur, &bm, &cb_bm)) < 0) break;
        insert_copy = prep == JET_prepInsertCopy || prep == JET_prepInsertCopyDeleteOriginal ||
                      prep == JET_prepInsertCopyReplaceOriginal;
        err = record_build_load(&t->rb, t->def, cache_page_size(t->cur.c), copy_buffer_record_most(t), &t->cur.rv,
                                insert_copy);
        if (err < 0) break;
        t->prep = prep;
        t->prep_level = c.ses->trx_level;
        if (prep != JET_prepInsertCopy) {
            /* the record a replace changes or an insert-copy deletes */
            t->bm = compat_malloc(cb_bm);
            if (t->bm == NULL) err = JET_errOutOfMemory;
            else memcpy(t->bm, bm, cb_bm), t->cb_bm = cb_bm;
            /* JET_prepReplace and the insert-copies that delete their original write-lock
             * the record in a transaction; NoLock waits for JetUpdate to find a conflict
             * (ErrIsamPrepareUpdate: ErrDIRGetLock; no lock can be had at level 0). */
            if (err >= 0 && prep != JET_prepReplaceNoLock && c.ses->trx_level > 0) err = lock_record(t, &c);
        }
        /* an insert-copy takes a new autoincrement value; ReplaceOriginal keeps the
         * original's (ErrIsamPrepareUpdate) */
        if (err >= 0 && (prep == JET_prepInsertCopy || prep == JET_prepInsertCopyDeleteOriginal)) {
            if (autoincrement_column(t->def) != NULL) api_table_exclusive(&c);
            err = autoincrement_set(t);
        }
        if (err < 0) cursor_table_cancel_update(t);
        break;
    default:
        err = JET_errInvalidParameter;
        break;
    }
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetSetColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void *pvData,
                             uint32_t cbData, JET_GRBIT grbit, JET_SETINFO *psetinfo)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = copy_buffer_set_column(t, columnid, pvData, cbData, grbit, psetinfo);
    api_leave_session(&c);
done:
    return err;
}

/* ErrIsamSetColumns: each element's result in its err; the call returns the first
 * error, else the last warning. */
JET_ERR JET_API JetSetColumns(JET_SESID sesid, JET_TABLEID tableid, JET_SETCOLUMN *psetcolumn, uint32_t csetcolumn)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess, e;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (psetcolumn == NULL && csetcolumn != 0) {
        err = JET_errInvalidParameter;
    } else {
        for (uint32_t i = 0; i < csetcolumn; i++) {
            JET_SETCOLUMN *sc = &psetcolumn[i];
            JET_SETINFO si;
            si.cbStruct = sizeof si;
            si.ibLongValue = sc->ibLongValue;
            si.itagSequence = sc->itagSequence;
            e = copy_buffer_set_column(t, sc->columnid, sc->pvData, sc->cbData, sc->grbit, &si);
            sc->err = e;
            if (e < 0) {
                err = e;
                break;
            }
            if (e > 0) err = e;
        }
    }
    api_leave_session(&c);
done:
    return err;
}

static JET_ERR do_update(db_table *t, api_call *c, void *pv, uint32_t cb, uint32_t *pcb_actual)
{
    JET_ERR err = JET_errSuccess;
    uint8_t pk[UPDATE_BOOKMARK_MAX];
    uint32_t cb_pk = 0;
    bool dropped = false;

    CHECK(copy_buffer_check_updatable(t));
    if (t->prep == JET_prepCancel) FAIL(JET_errUpdateNotPrepared);
    api_table_exclusive(c);
    CHECK(copy_buffer_update(t, pk, &cb_pk, &dropped));
    if (dropped) goto done; /* a sort's duplicate: no bookmark */
    if (pcb_actual != NULL) *pcb_actual = cb_pk;
    if (pv != NULL) {
        memcpy(pv, pk, cb < cb_pk ? cb : cb_pk);
        if (cb < cb_pk) err = JET_errBufferTooSmall;
    }
done:
    return err;
}

/* The events an update fires (ErrRECIInsert, ErrRECIReplace): none when nothing is
 * prepared. */
static void update_events(const db_table *t, JET_CBTYP *before, JET_CBTYP *after)
{
    *before = *after = JET_cbtypNull;
    if (t->prep == JET_prepReplace || t->prep == JET_prepReplaceNoLock) {
        *before = JET_cbtypBeforeReplace;
        *after = JET_cbtypAfterReplace;
    } else if (t->prep != JET_prepCancel) {
        *before = JET_cbtypBeforeInsert;
        *after = JET_cbtypAfterInsert;
    }
}

/* JetUpdate and JetUpdate2: the table's Before callbacks first (one that fails stops the
 * update, which stays prepared), outside the API; then the update; then, when it
 * worked, the After callbacks, whose results are not looked at (ESE's CallS). */
static JET_ERR update(JET_SESID sesid, JET_TABLEID tableid, void *pv, uint32_t cb, uint32_t *pcb_actual,
                      JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    JET_CBTYP before = JET_cbtypNull, after = JET_cbtypNull;
    api_callbacks cbs = {NULL, 0, 0};

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (grbit & ~(JET_GRBIT)JET_bitUpdateCheckESE97Compatibility) err = JET_errInvalidGrbit;
    if (err >= 0) update_events(t, &before, &after);
    if (err >= 0 && before != JET_cbtypNull) err = api_callbacks_take(t, before, &cbs);
    api_leave_session(&c);
    CHECK(err);
    if (cbs.n != 0) {
        err = api_callbacks_call(&cbs, sesid, tableid);
        api_callbacks_free(&cbs);
        CHECK(err);
    }
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = do_update(t, &c, pv, cb, pcb_actual);
    if (err >= 0 && after != JET_cbtypNull && api_callbacks_take(t, after, &cbs) < 0) cbs.n = 0;
    api_leave_session(&c);
    if (cbs.n != 0) (void)api_callbacks_call(&cbs, sesid, tableid);
done:
    api_callbacks_free(&cbs);
    return err;
}

JET_ERR JET_API JetUpdate(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, uint32_t cbBookmark,
                          uint32_t *pcbActual)
{
    return update(sesid, tableid, pvBookmark, cbBookmark, pcbActual, 0);
}

/* JetUpdate2: JET_bitUpdateCheckESE97Compatibility is the only option ESE reads; the
 * record format written here is the one ESE97 reads too. */
JET_ERR JET_API JetUpdate2(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, uint32_t cbBookmark,
                           uint32_t *pcbActual, JET_GRBIT grbit)
{
    return update(sesid, tableid, pvBookmark, cbBookmark, pcbActual, grbit);
}

/* ErrIsamDelete's checks, and the cursor's bookmark into pk (*cb_pk bytes). */
static JET_ERR delete_check(db_table *t, uint8_t *pk, uint32_t *cb_pk)
{
    JET_ERR err = JET_errSuccess;
    const uint8_t *bm = NULL;
    CHECK(copy_buffer_check_updatable(t));
    if (t->temp != NULL) CHECK(temp_table_check_delete(t));
    /* ErrIsamDelete: an update prepared on the cursor is cancelled first, except an
     * insert-copy that is to delete the record itself (JET_errAlreadyPrepared). */
    if (t->prep == JET_prepInsertCopyDeleteOriginal || t->prep == JET_prepInsertCopyReplaceOriginal)
        FAIL(JET_errAlreadyPrepared);
    cursor_table_cancel_update(t);
    if (t->on_deleted) FAIL(JET_errRecordDeleted);
    CHECK(cursor_bookmark(&t->cur, &bm, cb_pk));
    memcpy(pk, bm, *cb_pk);
done:
    return err;
}

/* JetDelete, with the table's BeforeDelete callbacks before (one that fails stops it)
 * and its AfterDelete callbacks after, outside the API (ErrRECIDelete). */
JET_ERR JET_API JetDelete(JET_SESID sesid, JET_TABLEID tableid)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;
    uint32_t cb_pk = 0;
    uint8_t pk[UPDATE_BOOKMARK_MAX];
    update_table u;
    ver_actor *ver = NULL;
    api_callbacks cbs = {NULL, 0, 0};

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = delete_check(t, pk, &cb_pk);
    if (err >= 0) err = api_callbacks_take(t, JET_cbtypBeforeDelete, &cbs);
    if (err >= 0 && cbs.n != 0) {
        api_leave_session(&c);
        err = api_callbacks_call(&cbs, sesid, tableid);
        api_callbacks_free(&cbs);
        CHECK(err);
        CHECK(api_enter_table(sesid, tableid, false, &c, &t));
        err = delete_check(t, pk, &cb_pk);
    }
    if (err >= 0) {
        api_table_exclusive(&c);
        err = database_writer_of(c.ses, t->idb, &w);
    }
    /* a sort has no versions; a materialised temporary table has (temp_table.h) */
    if (err >= 0 && (t->temp == NULL || temp_table_versioned(t))) err = transaction_writer(c.ses, w.ifile, &ver);
    if (err >= 0) {
        u.db = w.space;
        u.t = t->def;
        u.ver = ver;
        transaction_change_begin(c.ses, ver);
        err = cursor_table_versioned(t, transaction_change_end(c.ses, ver, update_delete(&u, pk, cb_pk)));
        if (err >= 0) t->on_deleted = true;
    }
    if (err >= 0 && api_callbacks_take(t, JET_cbtypAfterDelete, &cbs) < 0) cbs.n = 0;
    api_leave_session(&c);
    if (cbs.n != 0) (void)api_callbacks_call(&cbs, sesid, tableid);
done:
    api_callbacks_free(&cbs);
    return err;
}

/* ---- JetEscrowUpdate and JetGetLock (docs/semantics.md, "Escrow updates and locks") ---- */

/* The cursor's record, copied (the cursor may re-seek once the lock turns exclusive).
 * ESE's ErrDIRIRefresh: JET_errRecordDeleted after a delete through the cursor,
 * JET_errNoCurrentRecord off a record. */
static JET_ERR current_key(db_table *t, uint8_t *pk, uint32_t *cb_pk)
{
    const uint8_t *bm = NULL;
    uint32_t cb = 0;
    JET_ERR err;
    if (t->on_deleted) return JET_errRecordDeleted;
    err = cursor_bookmark(&t->cur, &bm, &cb);
    if (err < 0) return err;
    if (cb > UPDATE_BOOKMARK_MAX) return JET_errInvalidBookmark;
    memcpy(pk, bm, cb);
    *cb_pk = cb;
    return JET_errSuccess;
}

/* ErrRECIAccessColumn's column id check (FCOLUMNIDValid), then the column. */
static JET_ERR access_column(const db_table *t, JET_COLUMNID columnid, const record_column **out)
{
    if ((columnid & 0x7fff0000u) != 0 || (columnid & 0xffffu) == 0) return JET_errBadColumnId;
    *out = catalog_column_for(t->def, columnid, &t->ses->view);
    return *out != NULL ? JET_errSuccess : JET_errColumnNotFound;
}

/* ErrIsamEscrowUpdate / ErrRECIEscrowUpdate (recupd.cxx) in their order. */
static JET_ERR do_escrow(db_table *t, api_call *c, JET_COLUMNID columnid, const void *pv, uint32_t cb_max, void *pv_old,
                         uint32_t cb_old_max, uint32_t *pcb_old_actual, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col = NULL;
    database_writer w;
    update_table u;
    ver_actor *ver = NULL;
    uint8_t pk[UPDATE_BOOKMARK_MAX], old[8];
    uint32_t cb_pk = 0;
    int64_t delta;

    if (c->ses->trx_level == 0) FAIL(JET_errNotInTransaction);
    CHECK(copy_buffer_check_updatable(t));
    CHECK(access_column(t, columnid, &col));
    if (t->prep != JET_prepCancel) FAIL(JET_errAlreadyPrepared);
    /* ESE compares sizes with the fixed column's length; any other column has none */
    if (columnid > FID_FIXED_LAST) FAIL(JET_errInvalidOperation);
    if (col->cb_max != cb_max) FAIL(JET_errInvalidBufferSize);
    if (pv_old != NULL && cb_old_max != 0 && col->cb_max > cb_old_max) FAIL(JET_errInvalidBufferSize);
    if (!(col->grbit & JET_bitColumnEscrowUpdate) || (cb_max != 4 && cb_max != 8)) FAIL(JET_errInvalidOperation);
    if (pv == NULL) FAIL(JET_errInvalidParameter); /* ESE would read through it */
    if (cb_max == 4) {
        int32_t d32;
        memcpy(&d32, pv, 4);
        delta = d32;
    } else {
        memcpy(&delta, pv, 8);
    }
    CHECK(current_key(t, pk, &cb_pk));
    api_table_exclusive(c);
    CHECK(database_writer_of(c->ses, t->idb, &w));
    cursor_table_refresh(t);
    if (t->temp == NULL) CHECK(transaction_writer(c->ses, w.ifile, &ver)); /* temporary tables: no versions */
    u.db = w.space;
    u.t = t->def;
    u.ver = ver;
    CHECK(cursor_table_versioned(t, update_escrow(&u, pk, cb_pk, col, delta, (grbit & JET_bitEscrowNoRollback) != 0, t->idb, old)));
    (void)cursor_after_replace(&t->cur);
    /* the value as stored before, every session's deltas in it ("versioning is ignored");
     * a buffer smaller than the column gets nothing (ESE would write past it) */
    if (pv_old != NULL && cb_old_max >= cb_max) {
        if (cb_max == 4) {
            int32_t v = (int32_t)((uint32_t)old[0] | (uint32_t)old[1] << 8 | (uint32_t)old[2] << 16 | (uint32_t)old[3] << 24);
            memcpy(pv_old, &v, 4);
        } else {
            uint64_t v = 0;
            for (uint32_t i = 0; i < 8; i++) v |= (uint64_t)old[i] << (8u * i);
            memcpy(pv_old, &v, 8);
        }
    }
    if (pcb_old_actual != NULL) *pcb_old_actual = cb_max;
done:
    return err;
}

JET_ERR JET_API JetEscrowUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void *pv, uint32_t cbMax,
                                void *pvOld, uint32_t cbOldMax, uint32_t *pcbOldActual, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = do_escrow(t, &c, columnid, pv, cbMax, pvOld, cbOldMax, pcbOldActual, grbit);
    api_leave_session(&c);
done:
    return err;
}

/* ErrIsamGetLock (rec.cxx) and ErrDIRGetLock (dir.cxx). */
static JET_ERR do_get_lock(db_table *t, api_call *c, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    uint8_t pk[UPDATE_BOOKMARK_MAX];
    uint32_t cb_pk = 0;
    bool write;
    database_writer w;
    update_table u;
    ver_actor *ver = NULL;

    if (c->ses->trx_level == 0) FAIL(JET_errNotInTransaction);
    /* exactly one of the two; other bits are not looked at */
    switch (grbit & (JET_bitReadLock | JET_bitWriteLock)) {
    case JET_bitReadLock:
        write = false;
        break;
    case JET_bitWriteLock:
        CHECK(copy_buffer_check_updatable(t));
        write = true;
        break;
    default:
        FAIL(JET_errInvalidGrbit);
    }
    CHECK(current_key(t, pk, &cb_pk));
    if (t->temp != NULL) FAIL(JET_errSuccess); /* the temporary database has no versions */
    if (!write) {
        /* a read lock changes no page: the shared lock of the database will do */
        FAIL(cursor_table_versioned(t, update_read_lock(&c->ses->actor, t->cur.ifile, t->def, pk, cb_pk)));
    }
    api_table_exclusive(c);
    CHECK(database_writer_of(c->ses, t->idb, &w));
    cursor_table_refresh(t);
    CHECK(transaction_writer(c->ses, w.ifile, &ver));
    u.db = w.space;
    u.t = t->def;
    u.ver = ver;
    CHECK(cursor_table_versioned(t, update_lock(&u, pk, cb_pk)));
done:
    return err;
}

/* ErrIsamGetCursorInfo (info.cxx): no buffer and level 0 only; the cursor on a record
 * (JET_errNoCurrentRecord, or JET_errRecordDeleted after its delete); another session's
 * uncommitted change of that record is JET_errWriteConflict (VsVERCheck's
 * vsUncommittedByOther). Temporary tables have no versions. */
JET_ERR JET_API JetGetCursorInfo(JET_SESID sesid, JET_TABLEID tableid, void *pvResult, uint32_t cbMax,
                                 uint32_t InfoLevel)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    uint8_t pk[UPDATE_BOOKMARK_MAX];
    uint32_t cb_pk = 0;
    bool entered = false;

    (void)pvResult;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    entered = true;
    if (cbMax != 0 || InfoLevel != 0) FAIL(JET_errInvalidParameter);
    /* only locOnCurBM has a record: a deferred first move is none yet */
    if (t->cur.loc == CURSOR_DEFER_FIRST) FAIL(JET_errNoCurrentRecord);
    CHECK(current_key(t, pk, &cb_pk));
    if (t->temp == NULL && verstore_node_busy(c.inst->vs, c.ses, t->cur.ifile, t->def->objid, pk, cb_pk))
        FAIL(JET_errWriteConflict);
done:
    if (entered) api_leave_session(&c);
    return err;
}

JET_ERR JET_API JetGetLock(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = do_get_lock(t, &c, grbit);
    api_leave_session(&c);
done:
    return err;
}
