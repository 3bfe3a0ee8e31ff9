/* api_local_storage.c: JetSetLS and JetGetLS, a cursor's or a table's local storage
 * (ErrIsamSetLS / ErrIsamGetLS, callback.cxx); kept by cursor_table.c, which hands the
 * values still held when their cursor or table goes to JET_paramRuntimeCallback. */
/* coverage: JetSetLS implemented */
/* coverage: JetGetLS implemented */
#include "api_enter.h"
#include "cursor_table.h"

#define LS_KNOWN (JET_bitLSReset | JET_bitLSCursor | JET_bitLSTable)

/* JET_bitLSTable with JET_bitLSCursor is JET_errInvalidGrbit; neither means the cursor.
 * Other bits are not looked at (ESE does not). */
static JET_ERR ls_target(JET_GRBIT grbit, bool *table)
{
    *table = (grbit & JET_bitLSTable) != 0;
    return (*table && (grbit & JET_bitLSCursor)) ? JET_errInvalidGrbit : JET_errSuccess;
}

JET_ERR JET_API JetSetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS ls, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    bool table = false;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = ls_target(grbit & LS_KNOWN, &table);
    /* JET_bitLSReset sets JET_LSNil whatever ls says */
    if (err >= 0) err = cursor_table_set_ls(t, (grbit & JET_bitLSReset) ? JET_LSNil : ls, table);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetGetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS *pls, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    bool table = false;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (pls == NULL) err = JET_errInvalidParameter; /* ESE would write through it */
    if (err >= 0) err = ls_target(grbit & LS_KNOWN, &table);
    if (err >= 0) err = cursor_table_get_ls(t, pls, table, (grbit & JET_bitLSReset) != 0);
    api_leave_session(&c);
done:
    return err;
}
