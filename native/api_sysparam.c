/* api_sysparam.c: JetSetSystemParameter(A/W) and JetGetSystemParameter(A/W):
 * choosing the owner of a value (process or instance) the way
 * JetSetSystemParameterEx / JetGetSystemParameterEx do, and JET_paramErrorToString.
 * May call: common.h, instance.h, session.h, sysparam.h, error_names.h. */
#include "error_names.h"
#include "instance.h"
#include "session.h"
#include "sysparam.h"

#include <string.h>

/* The instance a session handle belongs to, or NULL (caller holds process.lock). */
static JET_ERR instance_of_session(jet_process *p, JET_SESID sesid, jet_instance **out)
{
    uint32_t owner, slot, serial;
    jet_instance *inst;
    JET_ERR err = JET_errInvalidSesid;
    *out = NULL;
    if (!handle_parse((uint64_t)sesid, HANDLE_TAG_SESSION, &owner, &slot, &serial) || owner >= HANDLE_OWNER_LIMIT ||
        !(inst = p->slots[owner].inst))
        return err;
    compat_mutex_lock(&inst->lock);
    if (inst->sessions && slot < inst->session_cap && inst->sessions[slot] && inst->sessions[slot]->serial == serial &&
        !inst->sessions[slot]->internal) {
        *out = inst;
        err = JET_errSuccess;
    }
    compat_mutex_unlock(&inst->lock);
    return err;
}

/* Which instance's values a call addresses; NULL means the process-wide ones. */
static JET_ERR pick_owner(jet_process *p, const sysparam_def *d, JET_INSTANCE instance, bool have_instance,
                          JET_SESID sesid, jet_instance **out)
{
    *out = NULL;
    if (p->mode == RUN_MODE_ONE) {
        if (!d->global) (void)instance_find(p, 0, out); /* the single instance, whatever was passed */
        return JET_errSuccess;
    }
    if (p->mode == RUN_MODE_MULTI) {
        if (sesid && sesid != JET_sesidNil) return instance_of_session(p, sesid, out);
        if (have_instance && instance && instance != JET_instanceNil) {
            JET_ERR err = instance_find(p, instance, out);
            return err < 0 ? JET_errInvalidInstance : err;
        }
    }
    return JET_errSuccess;
}

static JET_ERR set_param(JET_INSTANCE *pinstance, JET_SESID sesid, uint32_t paramid, JET_API_PTR lParam,
                         const uint16_t *wsz)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = process_get();
    jet_instance *inst = NULL;
    int idx = sysparam_index(paramid);
    if (!p) return JET_errOutOfMemory;
    if (idx < 0) return JET_errInvalidParameter;
    const sysparam_def *d = sysparam_at(idx);
    compat_rwlock_write_lock(&p->lock);
    if (!p->globals.num) CHECK(sysparam_values_init(&p->globals));
    CHECK(pick_owner(p, d, pinstance ? *pinstance : 0, pinstance != NULL, sesid, &inst));
    if (inst) {
        compat_mutex_lock(&inst->lock);
        if (inst->term_in_progress) err = JET_errTermInProgress;
        else
            err = sysparam_write(d->global ? &p->globals : &inst->params, idx, lParam, wsz, p->mode != RUN_MODE_NONE,
                                 inst->initialized);
        compat_mutex_unlock(&inst->lock);
    } else {
        err = sysparam_write(&p->globals, idx, lParam, wsz, p->mode != RUN_MODE_NONE, false);
    }
done:
    compat_rwlock_write_unlock(&p->lock);
    return err;
}

JET_ERR JET_API JetSetSystemParameterW(JET_INSTANCE *pinstance, JET_SESID sesid, uint32_t paramid, JET_API_PTR lParam,
                                       JET_PCWSTR szParam)
{
    return set_param(pinstance, sesid, paramid, lParam, (const uint16_t *)szParam);
}

JET_ERR JET_API JetSetSystemParameterA(JET_INSTANCE *pinstance, JET_SESID sesid, uint32_t paramid, JET_API_PTR lParam,
                                       JET_PCSTR szParam)
{
    uint16_t *w = NULL;
    JET_ERR err = wstr_from_utf8(szParam, &w);
    if (err < 0) return err;
    err = set_param(pinstance, sesid, paramid, lParam, w);
    compat_free(w);
    return err;
}

/* "JET_errName, text" for the JET_ERR in the low 32 bits of *plParam (GetErrorToString). */
static JET_ERR error_to_string(const JET_API_PTR *plParam, uint16_t *wbuf, size_t cb)
{
    const char *name = NULL, *text = NULL;
    char line[512];
    if (!plParam || !wbuf || cb < sizeof(char)) return JET_errInvalidParameter;
    JET_ERR code = (JET_ERR)(uint32_t)(*plParam & 0xFFFFFFFFu);
    if (!error_describe(code, &name, &text)) {
        name = "Unknown Error";
        text = "";
    }
    size_t n = 0;
    for (const char *s = name; *s && n < sizeof(line) - 1; s++) line[n++] = *s;
    for (const char *s = ", "; *s && n < sizeof(line) - 1; s++) line[n++] = *s;
    for (const char *s = text; *s && n < sizeof(line) - 1; s++) line[n++] = *s;
    line[n] = 0;
    size_t cap = cb / sizeof(uint16_t);
    if (cap == 0) return JET_errBufferTooSmall;
    size_t k = 0;
    for (; k + 1 < cap && line[k]; k++) wbuf[k] = (uint16_t)(unsigned char)line[k];
    wbuf[k] = 0;
    return line[k] ? JET_errBufferTooSmall : JET_errSuccess;
}

static JET_ERR get_param(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid, JET_API_PTR *plParam,
                         uint16_t *wbuf, size_t cb)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = process_get();
    jet_instance *inst = NULL;
    int idx = sysparam_index(paramid);
    if (!p) return JET_errOutOfMemory;
    if (idx < 0) return JET_errInvalidParameter;
    const sysparam_def *d = sysparam_at(idx);
    if (d->type == SP_ERRORTEXT) return error_to_string(plParam, wbuf, cb);
    compat_rwlock_write_lock(&p->lock);
    if (!p->globals.num) CHECK(sysparam_values_init(&p->globals));
    CHECK(pick_owner(p, d, instance, true, sesid, &inst));
    if (inst && !d->global) {
        compat_mutex_lock(&inst->lock);
        if (inst->term_in_progress) err = JET_errTermInProgress;
        else err = sysparam_read(&inst->params, idx, plParam, wbuf, cb);
        compat_mutex_unlock(&inst->lock);
    } else {
        err = sysparam_read(&p->globals, idx, plParam, wbuf, cb);
    }
done:
    compat_rwlock_write_unlock(&p->lock);
    return err;
}

JET_ERR JET_API JetGetSystemParameterW(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid, JET_API_PTR *plParam,
                                       JET_PWSTR szParam, uint32_t cbMax)
{
    return get_param(instance, sesid, paramid, plParam, (uint16_t *)szParam, cbMax);
}

/* The A form reads the wide value and converts it; strings are ASCII or UTF-8. */
JET_ERR JET_API JetGetSystemParameterA(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid, JET_API_PTR *plParam,
                                       JET_PSTR szParam, uint32_t cbMax)
{
    JET_ERR err = JET_errSuccess;
    uint16_t *w = NULL;
    size_t out = 0;
    if (!szParam || cbMax == 0) return get_param(instance, sesid, paramid, plParam, NULL, 0);
    w = compat_malloc(((size_t)cbMax + 1) * sizeof(uint16_t));
    if (!w) return JET_errOutOfMemory;
    err = get_param(instance, sesid, paramid, plParam, w, ((size_t)cbMax + 1) * sizeof(uint16_t));
    if (err >= 0 || err == JET_errBufferTooSmall) {
        size_t len = wstr_len(w);
        compat_err e = compat_utf16_to_utf8(w, len, NULL, 0, &out);
        if (e != COMPAT_OK) {
            err = JET_errInvalidParameter;
        } else if (out + 1 > cbMax) {
            /* truncated, at a code-point boundary not guaranteed: keep it ASCII-safe */
            char *tmp = compat_malloc(out + 1);
            if (!tmp) {
                err = JET_errOutOfMemory;
            } else {
                compat_utf16_to_utf8(w, len, tmp, out + 1, &out);
                memcpy(szParam, tmp, cbMax - 1);
                szParam[cbMax - 1] = 0;
                compat_free(tmp);
                err = JET_errBufferTooSmall;
            }
        } else {
            compat_utf16_to_utf8(w, len, szParam, cbMax, &out);
            szParam[out] = 0;
        }
    }
    compat_free(w);
    return err;
}
