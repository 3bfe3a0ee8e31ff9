/* api_sysparam.c: JetSetSystemParameter(A/W) and JetGetSystemParameter(A/W):
 * choosing the owner of a value (process or instance) the way
 * JetSetSystemParameterEx / JetGetSystemParameterEx do, and JET_paramErrorToString
 * (GetErrorToString). */
#include "jet_error.h"
#include "utf16.h"
#include "instance.h"
#include "session.h"
#include "sysparam.h"

#include <string.h>

/* The instance a session handle belongs to (caller holds process.lock). */
static JET_ERR instance_of_session(jet_process *p, JET_SESID sesid, jet_instance **out)
{
    uint32_t owner, slot, serial;
    jet_instance *inst = NULL;
    JET_ERR err = JET_errInvalidSesid;
    *out = NULL;
    if (handle_parse((uint64_t)sesid, HANDLE_TAG_SESSION, &owner, &slot, &serial) && owner < HANDLE_OWNER_LIMIT)
        inst = p->slots[owner].inst;
    if (inst) {
        compat_mutex_lock(&inst->lock);
        if (session_lookup_locked(inst, slot, serial, false)) {
            *out = inst;
            err = JET_errSuccess;
        }
        compat_mutex_unlock(&inst->lock);
    }
    return err;
}

/* Which instance's values a call addresses; NULL means the process-wide ones. */
static JET_ERR pick_owner(jet_process *p, const sysparam_def *d, JET_INSTANCE instance, JET_SESID sesid,
                          jet_instance **out)
{
    JET_ERR err = JET_errSuccess;
    *out = NULL;
    if (p->mode == RUN_MODE_ONE) {
        if (!d->global) (void)instance_find(p, 0, out); /* the single instance, whatever was passed */
    } else if (p->mode == RUN_MODE_MULTI) {
        if (sesid && sesid != JET_sesidNil) {
            err = instance_of_session(p, sesid, out);
        } else if (instance && instance != JET_instanceNil) {
            /* JET_VALIDATE_INSTANCE / ErrJetValidateInstance */
            if (instance_find(p, instance, out) < 0) err = JET_errInvalidInstance;
        }
    }
    return err;
}

/* A parameter a session holds (with JetSetSystemParameter/JetGetSystemParameter's session):
 * the transaction level (GetTransactionLevel) or the default commit grbit
 * (SetCommitDefault / GetCommitDefault: JET_sesparamCommitDefault, which the session took
 * from its instance when it began). set: the value to store, else *get reads it. */
static JET_ERR session_param(jet_process *p, JET_SESID sesid, uint32_t paramid, const JET_API_PTR *set,
                             JET_API_PTR *get)
{
    uint32_t owner, slot, serial;
    jet_instance *inst = NULL;
    jet_session *s = NULL;
    JET_ERR err = JET_errInvalidSesid;
    compat_rwlock_read_lock(&p->lock);
    if (handle_parse((uint64_t)sesid, HANDLE_TAG_SESSION, &owner, &slot, &serial) && owner < HANDLE_OWNER_LIMIT)
        inst = p->slots[owner].inst;
    if (inst) {
        compat_mutex_lock(&inst->lock);
        s = session_lookup_locked(inst, slot, serial, false);
        if (s) {
            err = JET_errSuccess;
            if (paramid != JET_paramCommitDefault) *get = s->trx_level;
            else if (set != NULL) s->params.commit_default = (JET_GRBIT)*set;
            else *get = s->params.commit_default;
        }
        compat_mutex_unlock(&inst->lock);
    }
    compat_rwlock_read_unlock(&p->lock);
    return err;
}

static JET_ERR set_param(JET_INSTANCE *pinstance, JET_SESID sesid, uint32_t paramid, JET_API_PTR lParam,
                         const uint16_t *wsz)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    jet_instance *inst = NULL;
    int idx = sysparam_index(paramid);
    const sysparam_def *d = sysparam_at(idx);
    bool locked = false;
    if (!p) FAIL(JET_errOutOfMemory);
    if (!d) FAIL(JET_errInvalidParameter);
    if (paramid == JET_paramCommitDefault && sesid != 0 && sesid != JET_sesidNil) {
        if (lParam & ~(JET_API_PTR)d->high) FAIL(JET_errInvalidParameter);
        FAIL(session_param(p, sesid, paramid, &lParam, NULL));
    }
    compat_rwlock_write_lock(&p->lock);
    locked = true;
    if (!p->globals.num) CHECK(sysparam_values_init(&p->globals));
    CHECK(pick_owner(p, d, pinstance ? *pinstance : 0, sesid, &inst));
    if (inst) {
        compat_mutex_lock(&inst->lock);
        if (inst->term_in_progress)
            err = JET_errTermInProgress;
        else
            /* SetConfiguration checks the mode only for the process value. */
            err = sysparam_write(d->global ? &p->globals : &inst->params, idx, lParam, wsz,
                                 p->mode != RUN_MODE_NONE && (d->global || d->type != SP_CONFIGURATION),
                                 inst->initialized);
        compat_mutex_unlock(&inst->lock);
    } else {
        err = sysparam_write(&p->globals, idx, lParam, wsz, p->mode != RUN_MODE_NONE, false);
    }
done:
    if (locked) compat_rwlock_write_unlock(&p->lock);
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
    JET_ERR err = JET_errSuccess;
    CHECK(utf16_from_utf8(szParam, &w));
    err = set_param(pinstance, sesid, paramid, lParam, w);
done:
    compat_free(w);
    return err;
}

/* "JET_errName, text" for the JET_ERR in the low 32 bits of *plParam
 * (GetErrorToString: "%ws, %ws" into the buffer with StringCbPrintfW rules; an
 * unknown code reads "Unknown Error, Unknown Error"). */
static JET_ERR error_to_string(const JET_API_PTR *plParam, uint16_t *wbuf, size_t cb)
{
    JET_ERR err = JET_errSuccess;
    const char *name = NULL, *text = NULL;
    const char *parts[3];
    size_t cap = cb / sizeof(uint16_t), k = 0;
    if (!plParam) FAIL(JET_errInvalidParameter);
    if (!wbuf || cb < sizeof(char) || cap == 0) FAIL(JET_errInvalidParameter);
    if (!jet_error_describe((JET_ERR)(uint32_t)(*plParam & 0xFFFFFFFFu), &name, &text)) {
        name = "Unknown Error";
        text = "Unknown Error";
    }
    parts[0] = name;
    parts[1] = ", ";
    parts[2] = text;
    for (int i = 0; i < 3 && err >= 0; i++)
        for (const char *s = parts[i]; *s && err >= 0; s++) {
            if (k + 1 >= cap) err = JET_errBufferTooSmall;
            else wbuf[k++] = (uint16_t)(unsigned char)*s;
        }
    wbuf[k] = 0;
done:
    return err;
}

static JET_ERR get_param(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid, JET_API_PTR *plParam,
                         uint16_t *wbuf, size_t cb)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    jet_instance *inst = NULL;
    int idx = sysparam_index(paramid);
    const sysparam_def *d = sysparam_at(idx);
    bool locked = false;
    if (!p) FAIL(JET_errOutOfMemory);
    if (!d) FAIL(JET_errInvalidParameter);
    if (d->type == SP_ERRORTEXT) FAIL(error_to_string(plParam, wbuf, cb));
    if ((d->type == SP_TRX_LEVEL || paramid == JET_paramCommitDefault) && sesid != 0 && sesid != JET_sesidNil) {
        if (plParam == NULL) FAIL(JET_errInvalidParameter);
        FAIL(session_param(p, sesid, paramid, NULL, plParam));
    }
    compat_rwlock_write_lock(&p->lock);
    locked = true;
    if (!p->globals.num) CHECK(sysparam_values_init(&p->globals));
    CHECK(pick_owner(p, d, instance, sesid, &inst));
    if (inst && !d->global) {
        compat_mutex_lock(&inst->lock);
        if (inst->term_in_progress) err = JET_errTermInProgress;
        else err = sysparam_read(&inst->params, idx, plParam, wbuf, cb);
        compat_mutex_unlock(&inst->lock);
    } else {
        err = sysparam_read(&p->globals, idx, plParam, wbuf, cb);
    }
done:
    if (locked) compat_rwlock_write_unlock(&p->lock);
    return err;
}

JET_ERR JET_API JetGetSystemParameterW(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid, JET_API_PTR *plParam,
                                       JET_PWSTR szParam, uint32_t cbMax)
{
    return get_param(instance, sesid, paramid, plParam, (uint16_t *)szParam, cbMax);
}

/* The A form (JetGetSystemParameterExA): the wide value is read into a buffer of
 * cbMax characters, then converted into the caller's cbMax bytes. When the wide
 * read fails (JET_errBufferTooSmall included) the caller's buffer is untouched. */
JET_ERR JET_API JetGetSystemParameterA(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid, JET_API_PTR *plParam,
                                       JET_PSTR szParam, uint32_t cbMax)
{
    JET_ERR err = JET_errSuccess;
    uint16_t *w = NULL;
    size_t out = 0;
    if (!szParam || cbMax == 0) FAIL(get_param(instance, sesid, paramid, plParam, NULL, cbMax));
    w = compat_calloc((size_t)cbMax, sizeof(uint16_t));
    if (!w) FAIL(JET_errOutOfMemory);
    CHECK(get_param(instance, sesid, paramid, plParam, w, (size_t)cbMax * sizeof(uint16_t)));
    if (compat_utf16_to_utf8(w, SIZE_MAX, NULL, 0, &out) != COMPAT_OK) FAIL(JET_errInvalidParameter);
    if (out > cbMax) FAIL(JET_errBufferTooSmall);
    if (compat_utf16_to_utf8(w, SIZE_MAX, szParam, cbMax, &out) != COMPAT_OK) FAIL(JET_errInvalidParameter);
done:
    compat_free(w);
    return err;
}
