/* session_params.c: a session's parameters (see session_params.h), as ESE's
 * ErrIsamSetSessionParameter / ErrIsamGetSessionParameter (tm.cxx) and the PIB setters
 * (pib.hxx) check and keep them. */
#include "session_params.h"

#include <string.h>

/* Ids of jethdr.w; Windows' esent.h names only some of them. */
#define SESPARAM_COMMIT_DEFAULT 4097u
#define SESPARAM_COMMIT_GENERIC_CONTEXT 4098u
#define SESPARAM_TRANSACTION_LEVEL 4099u
#define SESPARAM_OPERATION_CONTEXT 4100u
#define SESPARAM_CORRELATION_ID 4101u
#define SESPARAM_CACHE_PRIORITY 4102u
#define SESPARAM_CLIENT_COMPONENT_DESC 4103u
#define SESPARAM_CLIENT_ACTION_DESC 4104u
#define SESPARAM_CLIENT_ACTION_CONTEXT_DESC 4105u
#define SESPARAM_CLIENT_ACTIVITY_ID 4106u
#define SESPARAM_IO_SESS_TRACE_FLAGS 4107u
#define SESPARAM_IO_PRIORITY 4108u
#define SESPARAM_COMMIT_CONTEXT_CUSTOMER_DATA 4109u
#define SESPARAM_COMMIT_CONTEXT_PRECOMMIT_CALLBACK 4110u

#define COMMIT_CTX_MOST 30000u       /* cbMaxCommitCtx */
#define CACHE_PRIORITY_DEFAULT 100u  /* g_pctCachePriorityDefault */
#define CACHE_PRIORITY_MOST 1000u    /* g_pctCachePriorityMax */
#define OPERATION_USER_UNINIT 0x80000000u /* OCUSER_UNINIT: no operation context set yet */

void session_params_init(session_params *p)
{
    memset(p, 0, sizeof *p);
    p->cache_priority = CACHE_PRIORITY_DEFAULT;
    p->op_context.ulUserID = OPERATION_USER_UNINIT;
}

void session_params_release(session_params *p)
{
    compat_free(p->commit_ctx);
    session_params_init(p);
}

/* A fixed-size value: exactly cb bytes (the setters' JET_errInvalidBufferSize). */
static JET_ERR set_fixed(void *dst, uint32_t size, const void *pv, uint32_t cb)
{
    if (cb != size) return JET_errInvalidBufferSize;
    memcpy(dst, pv, size);
    return JET_errSuccess;
}

/* USER_CONTEXT_DESC::ErrCopyDescString: cb bytes (no terminator needed) if fewer than 32,
 * else the first 28 and "...", JET_wrnBufferTruncated. */
static JET_ERR set_desc(char *dst, const void *pv, uint32_t cb)
{
    if (cb < SESSION_DESC_CAP) {
        if (cb != 0) memcpy(dst, pv, cb);
        dst[cb] = '\0';
        return JET_errSuccess;
    }
    memcpy(dst, pv, SESSION_DESC_CAP - 4u);
    memcpy(dst + SESSION_DESC_CAP - 4u, "...", 4);
    return JET_wrnBufferTruncated;
}

/* PIB::ErrSetClientCommitContextGeneric: at most cbMaxCommitCtx bytes (a larger one
 * empties it and is JET_errInvalidBufferSize); 0 bytes empties it and clears the
 * pre-commit callback flag. */
static JET_ERR set_commit_ctx(session_params *p, const void *pv, uint32_t cb)
{
    uint8_t *copy;
    if (cb > COMMIT_CTX_MOST) {
        p->cb_commit_ctx = 0;
        return JET_errInvalidBufferSize;
    }
    if (cb == 0) {
        p->cb_commit_ctx = 0;
        p->need_precommit_callback = false;
        return JET_errSuccess;
    }
    copy = compat_malloc(cb);
    if (copy == NULL) return JET_errOutOfMemory;
    memcpy(copy, pv, cb);
    compat_free(p->commit_ctx);
    p->commit_ctx = copy;
    p->cb_commit_ctx = cb;
    return JET_errSuccess;
}

JET_ERR session_params_set(session_params *p, uint32_t id, const void *pv, uint32_t cb)
{
    uint32_t u32 = 0;
    JET_ERR err;
    if (pv == NULL && cb != 0) return JET_errInvalidParameter;
    switch (id) {
    case SESPARAM_COMMIT_DEFAULT:
        return set_fixed(&p->commit_default, sizeof p->commit_default, pv, cb);
    case SESPARAM_COMMIT_GENERIC_CONTEXT:
        return set_commit_ctx(p, pv, cb);
    case SESPARAM_TRANSACTION_LEVEL:
        return JET_errFeatureNotAvailable; /* read only, as ESE answers */
    case SESPARAM_OPERATION_CONTEXT:
        return set_fixed(&p->op_context, sizeof p->op_context, pv, cb);
    case SESPARAM_CORRELATION_ID:
        return set_fixed(&p->correlation_id, sizeof p->correlation_id, pv, cb);
    case SESPARAM_CACHE_PRIORITY:
        if (cb != sizeof u32) return JET_errInvalidBufferSize;
        memcpy(&u32, pv, sizeof u32);
        if (u32 > CACHE_PRIORITY_MOST) return JET_errInvalidParameter;
        p->cache_priority = u32;
        return JET_errSuccess;
    case SESPARAM_CLIENT_COMPONENT_DESC:
        return set_desc(p->component, pv, cb);
    case SESPARAM_CLIENT_ACTION_DESC:
        return set_desc(p->action, pv, cb);
    case SESPARAM_CLIENT_ACTION_CONTEXT_DESC:
        return set_desc(p->action_context, pv, cb);
    case SESPARAM_CLIENT_ACTIVITY_ID:
        return set_fixed(p->activity_id, sizeof p->activity_id, pv, cb);
    case SESPARAM_IO_SESS_TRACE_FLAGS:
        return set_fixed(&p->io_trace_flags, sizeof p->io_trace_flags, pv, cb);
    case SESPARAM_IO_PRIORITY:
        return set_fixed(&p->io_priority, sizeof p->io_priority, pv, cb);
    case SESPARAM_COMMIT_CONTEXT_CUSTOMER_DATA:
    case SESPARAM_COMMIT_CONTEXT_PRECOMMIT_CALLBACK:
        err = set_fixed(&u32, sizeof u32, pv, cb);
        if (err < 0) return err;
        if (id == SESPARAM_COMMIT_CONTEXT_CUSTOMER_DATA) p->customer_data = u32 != 0;
        else p->need_precommit_callback = u32 != 0;
        return JET_errSuccess;
    default:
        return JET_errInvalidSesparamId;
    }
}

/* A value of size cb: *pcb_actual gets it; a buffer of another size (exact: fixed
 * values read with ==; at least: the others) gives wrong, else the bytes are copied. */
static JET_ERR get_value(const void *src, uint32_t cb, bool exact, JET_ERR wrong, void *pv, uint32_t cb_max,
                         uint32_t *pcb_actual)
{
    if (pcb_actual != NULL) *pcb_actual = cb;
    if (pv != NULL && (exact ? cb_max != cb : cb_max < cb)) return wrong;
    if (pv != NULL && cb != 0) memcpy(pv, src, cb);
    return JET_errSuccess;
}

JET_ERR session_params_get(const session_params *p, uint32_t trx_level, uint32_t id, void *pv, uint32_t cb_max,
                           uint32_t *pcb_actual)
{
    int32_t level = (int32_t)trx_level;
    uint32_t u32;
    if (pv == NULL && pcb_actual == NULL) return JET_errInvalidParameter;
    switch (id) {
    case SESPARAM_COMMIT_DEFAULT:
        return get_value(&p->commit_default, sizeof p->commit_default, true, JET_errInvalidBufferSize, pv, cb_max,
                         pcb_actual);
    case SESPARAM_COMMIT_GENERIC_CONTEXT:
        return get_value(p->commit_ctx, p->cb_commit_ctx, false, JET_errBufferTooSmall, pv, cb_max, pcb_actual);
    case SESPARAM_TRANSACTION_LEVEL:
        return get_value(&level, sizeof level, true, JET_errInvalidBufferSize, pv, cb_max, pcb_actual);
    case SESPARAM_OPERATION_CONTEXT:
        return get_value(&p->op_context, sizeof p->op_context, false, JET_errInvalidBufferSize, pv, cb_max, pcb_actual);
    case SESPARAM_CORRELATION_ID:
        return get_value(&p->correlation_id, sizeof p->correlation_id, false, JET_errInvalidBufferSize, pv, cb_max,
                         pcb_actual);
    case SESPARAM_CACHE_PRIORITY:
        return get_value(&p->cache_priority, sizeof p->cache_priority, false, JET_errInvalidBufferSize, pv, cb_max,
                         pcb_actual);
    case SESPARAM_CLIENT_COMPONENT_DESC:
        return get_value(p->component, (uint32_t)strlen(p->component) + 1u, false, JET_errBufferTooSmall, pv, cb_max,
                         pcb_actual);
    case SESPARAM_CLIENT_ACTION_DESC:
        return get_value(p->action, (uint32_t)strlen(p->action) + 1u, false, JET_errBufferTooSmall, pv, cb_max,
                         pcb_actual);
    case SESPARAM_CLIENT_ACTION_CONTEXT_DESC:
        return get_value(p->action_context, (uint32_t)strlen(p->action_context) + 1u, false, JET_errBufferTooSmall, pv,
                         cb_max, pcb_actual);
    case SESPARAM_CLIENT_ACTIVITY_ID:
        return get_value(p->activity_id, sizeof p->activity_id, false, JET_errInvalidBufferSize, pv, cb_max,
                         pcb_actual);
    case SESPARAM_IO_SESS_TRACE_FLAGS:
        return get_value(&p->io_trace_flags, sizeof p->io_trace_flags, false, JET_errInvalidBufferSize, pv, cb_max,
                         pcb_actual);
    case SESPARAM_IO_PRIORITY:
        return get_value(&p->io_priority, sizeof p->io_priority, true, JET_errInvalidBufferSize, pv, cb_max,
                         pcb_actual);
    case SESPARAM_COMMIT_CONTEXT_CUSTOMER_DATA:
    case SESPARAM_COMMIT_CONTEXT_PRECOMMIT_CALLBACK:
        u32 = (id == SESPARAM_COMMIT_CONTEXT_CUSTOMER_DATA ? p->customer_data : p->need_precommit_callback) ? 1u : 0u;
        return get_value(&u32, sizeof u32, false, JET_errInvalidBufferSize, pv, cb_max, pcb_actual);
    default:
        return JET_errInvalidSesparamId;
    }
}
