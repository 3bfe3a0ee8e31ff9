/* api_callback.h: the table callbacks JetUpdate and JetDelete fire (api_callback.c). */
#ifndef NATIVE_API_CALLBACK_H
#define NATIVE_API_CALLBACK_H

#include "api_enter.h"
#include "cursor_table.h"

/* The callbacks registered on t's table for an event of kind cbtyp, taken while the
 * caller is inside the API with t (api_enter_table); none for a temporary table.
 * JET_errOutOfMemory. Free with api_callbacks_free. */
typedef struct api_callbacks {
    cursor_callback *v;
    uint32_t n;
    JET_DBID dbid;
} api_callbacks;
JET_ERR api_callbacks_take(db_table *t, JET_CBTYP cbtyp, api_callbacks *out);
/* Calls them in turn, outside the API (ErrRECICallback): sesid, the database, tableid,
 * the event, no arguments, the context. The first error (< 0) stops the calls and is
 * returned; warnings go on. */
JET_ERR api_callbacks_call(const api_callbacks *cbs, JET_SESID sesid, JET_TABLEID tableid);
void api_callbacks_free(api_callbacks *cbs);

#endif
