/* api_callback.c: JetRegisterCallback and JetUnregisterCallback (fcb.cxx:
 * ErrIsamRegisterCallback, ErrIsamUnregisterCallback) and the calls of the callbacks
 * (recupd.cxx: ErrRECCallback, ErrRECICallback). The callbacks are kept by
 * cursor_table.c on the table, for every cursor of every session. */
/* coverage: JetRegisterCallback partial: the insert, replace and delete events only, not on temporary tables */
/* coverage: JetUnregisterCallback implemented */
#include "api_callback.h"

JET_ERR JET_API JetRegisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_CALLBACK pCallback,
                                    void *pvContext, JET_HANDLE *phCallbackId)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (cbtyp == JET_cbtypNull || pCallback == NULL || phCallbackId == NULL) err = JET_errInvalidParameter;
    else err = cursor_table_register_callback(t, cbtyp, pCallback, pvContext, phCallbackId);
    api_leave_session(&c);
done:
    return err;
}

/* cbtyp is not looked at (ESE does not): the handle names the callback. */
JET_ERR JET_API JetUnregisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_HANDLE hCallbackId)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    (void)cbtyp;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = cursor_table_unregister_callback(t, hCallbackId);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR api_callbacks_take(db_table *t, JET_CBTYP cbtyp, api_callbacks *out)
{
    out->v = NULL;
    out->n = 0;
    out->dbid = (JET_DBID)(t->idb + 1u);
    if (t->temp != NULL) return JET_errSuccess;
    return cursor_table_callbacks(t, cbtyp, &out->v, &out->n);
}

JET_ERR api_callbacks_call(const api_callbacks *cbs, JET_SESID sesid, JET_TABLEID tableid)
{
    JET_ERR err = JET_errSuccess;
    for (uint32_t i = 0; i < cbs->n && err >= 0; i++)
        err = cbs->v[i].fn(sesid, cbs->dbid, tableid, cbs->v[i].cbtyp, NULL, NULL, cbs->v[i].ctx, 0);
    return err;
}

void api_callbacks_free(api_callbacks *cbs)
{
    compat_free(cbs->v);
    cbs->v = NULL;
    cbs->n = 0;
}
