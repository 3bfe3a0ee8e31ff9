/* session_params.h: the values a session keeps for JetSetSessionParameter and
 * JetGetSessionParameter (ESE's PIB members behind ErrIsamSetSessionParameter /
 * ErrIsamGetSessionParameter, tm.cxx, and their setters in pib.hxx): the default
 * commit grbit, a generic commit context, the operation context and correlation id,
 * the cache priority, three client description strings, an activity id, I/O trace flags
 * and priority, and two commit-context flags. They are kept and read back; only the
 * default commit grbit changes what the engine does (its lazy bit makes commits lazy,
 * ErrDIRCommitTransaction; a session begins with its instance's JET_paramCommitDefault).
 * The others have nothing to act on here (no commit context in the log, no I/O
 * scheduler to give priorities to). A new session starts with every value zero (the
 * cache priority 100, the operation context's user OCUSER_UNINIT, 0x80000000) and no allocation; only a generic commit context allocates. */
#ifndef NATIVE_SESSION_PARAMS_H
#define NATIVE_SESSION_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"

#define SESSION_DESC_CAP 32u /* USER_CONTEXT_DESC::cchStrMax, with the terminator */

typedef struct session_params {
    JET_GRBIT commit_default;
    uint8_t *commit_ctx;       /* owned; NULL when empty */
    uint32_t cb_commit_ctx;
    JET_OPERATIONCONTEXT op_context;
    uint32_t correlation_id;
    uint32_t cache_priority;   /* percent, 0..1000 */
    char component[SESSION_DESC_CAP], action[SESSION_DESC_CAP], action_context[SESSION_DESC_CAP];
    uint8_t activity_id[16];
    uint32_t io_trace_flags;
    JET_GRBIT io_priority;
    bool customer_data;
    bool need_precommit_callback;
} session_params;

/* The values of a new session (no allocation). */
void session_params_init(session_params *p);
/* Gives back what they hold; they are then as new. */
void session_params_release(session_params *p);

/* JetSetSessionParameter: JET_errInvalidParameter (NULL data with a size), then per id:
 * JET_errInvalidBufferSize for a size the id does not take, JET_errInvalidParameter for
 * a cache priority above 1000, JET_errFeatureNotAvailable for the transaction level
 * (read only), JET_wrnBufferTruncated when a description was cut to 31 characters,
 * JET_errInvalidSesparamId for an unknown id, JET_errOutOfMemory. */
JET_ERR session_params_set(session_params *p, uint32_t id, const void *pv, uint32_t cb);
/* JetGetSessionParameter: JET_errInvalidParameter when both pv and pcb_actual are NULL;
 * *pcb_actual gets the value's size; a buffer of the wrong size is
 * JET_errInvalidBufferSize (fixed-size values) or JET_errBufferTooSmall (the commit
 * context and the descriptions); JET_errInvalidSesparamId. trx_level is the session's. */
JET_ERR session_params_get(const session_params *p, uint32_t trx_level, uint32_t id, void *pv, uint32_t cb_max,
                           uint32_t *pcb_actual);

#endif
