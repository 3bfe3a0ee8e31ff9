/* api_instance.c: the instance entry points: JetCreateInstance(2)(A/W),
 * JetEnableMultiInstance(A/W), JetInit/2/3(A/W), JetTerm/2, JetStopService,
 * JetStopServiceInstance/2, JetGetInstanceInfo(A/W), JetFreeBuffer.
 * Mode rules (one-instance vs multi-instance) follow JetInitEx, JetCreateInstanceEx
 * and JetEnableMultiInstanceEx in ESE's jetapi.cxx.
 * May call: common.h, api_enter.h, instance.h, sysparam.h. */
#include "api_enter.h"
#include "instance.h"
#include "sysparam.h"

#include <string.h>

/* JET_bitStopServiceStopAndEmitLog (jethdr.w); not in our public header yet. */
#define STOP_SERVICE_STOP_AND_EMIT_LOG 0x00000008u
/* Our record of a full stop in stop_grbit. */
#define STOP_SERVICE_FULL 0x40000000u

static bool instance_value_nil(JET_INSTANCE v) { return v == 0 || v == JET_instanceNil; }

/* ---- JetCreateInstance ---- */

static JET_ERR create_instance(JET_INSTANCE *pinstance, const uint16_t *name, const uint16_t *display)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = process_get();
    jet_instance *inst = NULL;
    if (!pinstance) return JET_errInvalidParameter;
    *pinstance = JET_instanceNil;
    if (!p) return JET_errOutOfMemory;
    compat_rwlock_write_lock(&p->lock);
    if (p->mode == RUN_MODE_ONE) FAIL(JET_errRunningInOneInstanceMode);
    if (p->mode == RUN_MODE_NONE) p->mode = RUN_MODE_MULTI;
    err = instance_new(p, name, display, &inst);
    if (err < 0) {
        if (atomic_load(&p->instances_alive) == 0) p->mode = RUN_MODE_NONE;
        goto done;
    }
    *pinstance = instance_handle(inst);
done:
    compat_rwlock_write_unlock(&p->lock);
    return err;
}

JET_ERR JET_API JetCreateInstance2W(JET_INSTANCE *pinstance, JET_PCWSTR szInstanceName, JET_PCWSTR szDisplayName,
                                    JET_GRBIT grbit)
{
    (void)grbit; /* reserved */
    return create_instance(pinstance, (const uint16_t *)szInstanceName, (const uint16_t *)szDisplayName);
}

JET_ERR JET_API JetCreateInstanceW(JET_INSTANCE *pinstance, JET_PCWSTR szInstanceName)
{
    return create_instance(pinstance, (const uint16_t *)szInstanceName, NULL);
}

JET_ERR JET_API JetCreateInstance2A(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName, JET_PCSTR szDisplayName,
                                    JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    uint16_t *name = NULL, *display = NULL;
    (void)grbit;
    if (!pinstance) return JET_errInvalidParameter;
    *pinstance = JET_instanceNil;
    CHECK(wstr_from_utf8(szInstanceName, &name));
    CHECK(wstr_from_utf8(szDisplayName, &display));
    err = create_instance(pinstance, name, display);
done:
    compat_free(name);
    compat_free(display);
    return err;
}

JET_ERR JET_API JetCreateInstanceA(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName)
{
    return JetCreateInstance2A(pinstance, szInstanceName, NULL, 0);
}

/* ---- JetEnableMultiInstance ---- */

static JET_ERR enable_multi(JET_SETSYSPARAM_W *ps, uint32_t count, uint32_t *psucceed, const uint16_t *const *strs)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = process_get();
    uint32_t ok = 0;
    if (psucceed) *psucceed = 0;
    if (!p) return JET_errOutOfMemory;
    if (count && !ps) return JET_errInvalidParameter;
    compat_rwlock_write_lock(&p->lock);
    if (!p->globals.num) CHECK(sysparam_values_init(&p->globals));
    if (p->mode == RUN_MODE_ONE) FAIL(JET_errRunningInOneInstanceMode);
    for (uint32_t i = 0; i < count; i++) {
        int idx = sysparam_index(ps[i].paramid);
        const uint16_t *w = strs ? strs[i] : ps[i].sz;
        JET_ERR e;
        if (idx < 0) {
            e = JET_errInvalidParameter;
        } else if (p->mode == RUN_MODE_MULTI) {
            /* Already in multi-instance mode: only the values in force may be repeated. */
            sysparam_values probe;
            e = sysparam_values_clone(&probe, &p->globals);
            if (e >= 0) {
                e = sysparam_write(&probe, idx, ps[i].lParam, w, false, false);
                if (e >= 0 && (memcmp(probe.num, p->globals.num, (size_t)sysparam_count() * sizeof(JET_API_PTR)) ||
                               memcmp(probe.str, p->globals.str,
                                      (size_t)sysparam_string_count() * SYSPARAM_STR_CAP * sizeof(uint16_t))))
                    e = JET_errSystemParamsAlreadySet;
                sysparam_values_free(&probe);
            }
        } else {
            e = sysparam_write(&p->globals, idx, ps[i].lParam, w, false, false);
        }
        ps[i].err = e;
        if (e < 0) FAIL(e);
        ok++;
    }
    p->mode = RUN_MODE_MULTI;
done:
    compat_rwlock_write_unlock(&p->lock);
    if (psucceed) *psucceed = ok;
    return err;
}

JET_ERR JET_API JetEnableMultiInstanceW(JET_SETSYSPARAM_W *psetsysparam, uint32_t csetsysparam, uint32_t *pcsetsucceed)
{
    return enable_multi(psetsysparam, csetsysparam, pcsetsucceed, NULL);
}

JET_ERR JET_API JetEnableMultiInstanceA(JET_SETSYSPARAM_A *psetsysparam, uint32_t csetsysparam, uint32_t *pcsetsucceed)
{
    JET_ERR err = JET_errSuccess;
    JET_SETSYSPARAM_W *w = NULL;
    uint16_t **strs = NULL;
    if (pcsetsucceed) *pcsetsucceed = 0;
    if (csetsysparam && !psetsysparam) return JET_errInvalidParameter;
    if (csetsysparam) {
        w = compat_calloc(csetsysparam, sizeof(*w));
        strs = compat_calloc(csetsysparam, sizeof(*strs));
        if (!w || !strs) FAIL(JET_errOutOfMemory);
        for (uint32_t i = 0; i < csetsysparam; i++) {
            w[i].paramid = psetsysparam[i].paramid;
            w[i].lParam = psetsysparam[i].lParam;
            CHECK(wstr_from_utf8(psetsysparam[i].sz, &strs[i]));
        }
    }
    err = enable_multi(w, csetsysparam, pcsetsucceed, (const uint16_t *const *)strs);
    for (uint32_t i = 0; i < csetsysparam; i++) psetsysparam[i].err = w[i].err;
done:
    if (strs)
        for (uint32_t i = 0; i < csetsysparam; i++) compat_free(strs[i]);
    compat_free(strs);
    compat_free(w);
    return err;
}

/* ---- JetInit ---- */

static JET_ERR init_common(JET_INSTANCE *pinstance)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = process_get();
    jet_instance *inst = NULL;
    bool allocate = !pinstance || instance_value_nil(*pinstance);
    if (allocate && pinstance) *pinstance = JET_instanceNil;
    if (!p) return JET_errOutOfMemory;
    compat_rwlock_write_lock(&p->lock);
    if (p->mode == RUN_MODE_MULTI && !pinstance) FAIL(JET_errRunningInMultiInstanceMode);
    if (p->mode == RUN_MODE_ONE && atomic_load(&p->instances_alive) != 0) FAIL(JET_errAlreadyInitialized);
    if (p->mode == RUN_MODE_NONE) p->mode = RUN_MODE_ONE; /* legacy single-instance mode */
    allocate = allocate || p->mode == RUN_MODE_ONE;
    if (allocate) {
        err = instance_new(p, NULL, NULL, &inst);
        if (err < 0) {
            if (atomic_load(&p->instances_alive) == 0) p->mode = RUN_MODE_NONE;
            goto done;
        }
    } else {
        CHECK(instance_find(p, *pinstance, &inst));
    }
    err = instance_init(inst);
    if (err < 0) {
        /* A failed init frees the instance (JetInitEx, TermAlloc), unless it was running. */
        if (err != JET_errAlreadyInitialized && err != JET_errTermInProgress) {
            instance_free_locked(p, inst);
            if (pinstance) *pinstance = 0;
        }
        goto done;
    }
    if (allocate && pinstance) *pinstance = instance_handle(inst);
done:
    compat_rwlock_write_unlock(&p->lock);
    return err;
}

JET_ERR JET_API JetInit(JET_INSTANCE *pinstance) { return init_common(pinstance); }

JET_ERR JET_API JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit)
{
    (void)grbit; /* recovery options: nothing to recover yet */
    return init_common(pinstance);
}

JET_ERR JET_API JetInit3W(JET_INSTANCE *pinstance, JET_RSTINFO_W *prstInfo, JET_GRBIT grbit)
{
    (void)grbit;
    if (prstInfo && prstInfo->cbStruct != sizeof(JET_RSTINFO_W)) return JET_errInvalidParameter;
    if (prstInfo && prstInfo->crstmap != 0) return JET_errFeatureNotAvailable; /* restore maps: durability issue */
    return init_common(pinstance);
}

JET_ERR JET_API JetInit3A(JET_INSTANCE *pinstance, JET_RSTINFO_A *prstInfo, JET_GRBIT grbit)
{
    (void)grbit;
    if (prstInfo && prstInfo->cbStruct != sizeof(JET_RSTINFO_A)) return JET_errInvalidParameter;
    if (prstInfo && prstInfo->crstmap != 0) return JET_errFeatureNotAvailable;
    return init_common(pinstance);
}

/* ---- JetTerm ---- */

JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = process_get();
    jet_instance *inst = NULL;
    if (!p) return JET_errNotInitialized;
    compat_rwlock_write_lock(&p->lock);
    CHECK(instance_find(p, instance, &inst));
    compat_mutex_lock(&inst->lock);
    if (inst->term_in_progress) {
        compat_mutex_unlock(&inst->lock);
        FAIL(JET_errTermInProgress);
    }
    if (!inst->initialized) {
        /* Created but never initialised: just freed (ErrTermComplete -> ErrTermAlloc). */
        compat_mutex_unlock(&inst->lock);
        instance_free_locked(p, inst);
        goto done;
    }
    inst->term_in_progress = true;
    atomic_fetch_add(&p->terms_in_progress, 1);
    compat_mutex_unlock(&inst->lock);
    compat_rwlock_write_unlock(&p->lock);
    return instance_term(p, inst, grbit);
done:
    compat_rwlock_write_unlock(&p->lock);
    return err;
}

/* JetTerm is JetTerm2 with JET_bitTermAbrupt (jetapi.cxx, JetTerm). */
JET_ERR JET_API JetTerm(JET_INSTANCE instance) { return JetTerm2(instance, JET_bitTermAbrupt); }

/* ---- JetStopService ---- */

static JET_ERR stop_service(jet_instance *inst, JET_GRBIT grbit)
{
    const JET_GRBIT resumable = JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches;
    const JET_GRBIT valid = resumable | STOP_SERVICE_STOP_AND_EMIT_LOG | JET_bitStopServiceResume;
    JET_ERR err = JET_errSuccess;
    if (grbit & ~valid) return JET_errInvalidGrbit;
    compat_mutex_lock(&inst->lock);
    if (grbit & JET_bitStopServiceResume) {
        JET_GRBIT bits = grbit & ~JET_bitStopServiceResume;
        if (bits == 0) bits = inst->stop_grbit;
        if (bits & ~resumable & valid) {
            err = JET_errInvalidGrbit;
        } else if (bits & ~resumable) {
            err = JET_errClientRequestToStopJetService; /* a full stop cannot be resumed */
        } else {
            inst->stop_grbit &= ~bits;
        }
    } else if (grbit == JET_bitStopServiceAll || (grbit & STOP_SERVICE_STOP_AND_EMIT_LOG)) {
        inst->stop_service = true;
        inst->stop_grbit |= STOP_SERVICE_FULL;
    } else {
        inst->stop_grbit |= grbit; /* background tasks / cache quiescing: nothing runs yet */
    }
    compat_mutex_unlock(&inst->lock);
    return err;
}

JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance, const JET_GRBIT grbit)
{
    JET_ERR err;
    jet_process *p = process_get();
    jet_instance *inst = NULL;
    if (!p) return JET_errInvalidParameter;
    compat_rwlock_read_lock(&p->lock);
    err = instance_find(p, instance, &inst);
    if (err >= 0) err = stop_service(inst, grbit);
    compat_rwlock_read_unlock(&p->lock);
    return err;
}

JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance)
{
    return JetStopServiceInstance2(instance, JET_bitStopServiceAll);
}

/* The instance in the first slot: the single instance in one-instance mode. */
JET_ERR JET_API JetStopService(void)
{
    JET_ERR err = JET_errInvalidParameter;
    jet_process *p = process_get();
    if (!p) return err;
    compat_rwlock_read_lock(&p->lock);
    if (p->mode != RUN_MODE_NONE && p->slots[0].inst) err = stop_service(p->slots[0].inst, JET_bitStopServiceAll);
    compat_rwlock_read_unlock(&p->lock);
    return err;
}

/* ---- JetGetInstanceInfo ---- */

/* One allocation: the array, then the names (UTF-16 or UTF-8). */
static JET_ERR instance_info(uint32_t *pcount, void **pinfo, bool wide)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = process_get();
    size_t bytes = 0, n = 0;
    unsigned char *buf = NULL;
    if (!pcount || !pinfo) return JET_errInvalidParameter;
    *pcount = 0;
    *pinfo = NULL;
    if (!p) return JET_errSuccess;
    compat_rwlock_read_lock(&p->lock);
    const size_t rec = wide ? sizeof(JET_INSTANCE_INFO_W) : sizeof(JET_INSTANCE_INFO_A);
    for (uint32_t i = 0; i < HANDLE_OWNER_LIMIT && i < p->max_slots; i++) {
        const jet_instance *inst = p->slots[i].inst;
        if (!inst) continue;
        n++;
        bytes += rec;
        if (inst->name) {
            size_t len = wstr_len(inst->name), out = 0;
            if (wide) {
                bytes += (len + 1) * sizeof(uint16_t);
            } else {
                if (compat_utf16_to_utf8(inst->name, len, NULL, 0, &out) != COMPAT_OK) FAIL(JET_errInvalidParameter);
                bytes += out + 1;
            }
        }
    }
    if (n == 0) goto done;
    bytes += 16;
    buf = compat_calloc(1, bytes);
    if (!buf) FAIL(JET_errOutOfMemory);
    {
        unsigned char *names = buf + n * rec;
        size_t k = 0;
        for (uint32_t i = 0; i < HANDLE_OWNER_LIMIT && i < p->max_slots; i++) {
            const jet_instance *inst = p->slots[i].inst;
            if (!inst) continue;
            void *name_ptr = NULL;
            if (inst->name) {
                size_t len = wstr_len(inst->name), out = 0;
                name_ptr = names;
                if (wide) {
                    memcpy(names, inst->name, (len + 1) * sizeof(uint16_t));
                    names += (len + 1) * sizeof(uint16_t);
                } else {
                    compat_utf16_to_utf8(inst->name, len, (char *)names, bytes - (size_t)(names - buf), &out);
                    names[out] = 0;
                    names += out + 1;
                }
            }
            if (wide) {
                JET_INSTANCE_INFO_W *r = (JET_INSTANCE_INFO_W *)buf + k;
                r->hInstanceId = instance_handle(inst);
                r->szInstanceName = name_ptr;
            } else {
                JET_INSTANCE_INFO_A *r = (JET_INSTANCE_INFO_A *)buf + k;
                r->hInstanceId = instance_handle(inst);
                r->szInstanceName = name_ptr;
            }
            k++;
        }
    }
    *pcount = (uint32_t)n;
    *pinfo = buf;
    buf = NULL;
done:
    compat_rwlock_read_unlock(&p->lock);
    compat_free(buf);
    return err;
}

JET_ERR JET_API JetGetInstanceInfoW(uint32_t *pcInstanceInfo, JET_INSTANCE_INFO_W **paInstanceInfo)
{
    return instance_info(pcInstanceInfo, (void **)paInstanceInfo, true);
}

JET_ERR JET_API JetGetInstanceInfoA(uint32_t *pcInstanceInfo, JET_INSTANCE_INFO_A **paInstanceInfo)
{
    return instance_info(pcInstanceInfo, (void **)paInstanceInfo, false);
}

JET_ERR JET_API JetFreeBuffer(char *pbBuf)
{
    compat_free(pbBuf);
    return JET_errSuccess;
}
