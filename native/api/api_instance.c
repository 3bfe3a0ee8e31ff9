/* api_instance.c: the instance entry points: JetCreateInstance(2)(A/W),
 * JetEnableMultiInstance(A/W), JetInit/2/3(A/W), JetTerm/2, JetStopService,
 * JetStopServiceInstance/2, JetGetInstanceInfo(A/W), JetFreeBuffer.
 * Mode rules (one-instance vs multi-instance) follow JetInitEx, JetCreateInstanceEx
 * and JetEnableMultiInstanceEx in ESE's jetapi.cxx. */
#include "api_enter.h"
#include "api_instance.h"
#include "utf16.h"
#include "init_instance.h"
#include "instance.h"
#include "term_instance.h"
#include "sysparam.h"
#include "database.h"
#include "durability.h"

#include <string.h>

/* JET_bitStopServiceStopAndEmitLog (jethdr.w); not in our public header yet. */
#define STOP_SERVICE_STOP_AND_EMIT_LOG 0x00000008u
/* ESE's bitStopServiceAllInternal: what JetStopServiceInstance2(All) records. */
#define STOP_SERVICE_ALL_INTERNAL 0x00000001u

static bool instance_value_nil(JET_INSTANCE v) { return v == 0 || v == JET_instanceNil; }

/* ---- JetCreateInstance ---- */

static JET_ERR create_instance(JET_INSTANCE *pinstance, const uint16_t *name, const uint16_t *display)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    jet_instance *inst = NULL;
    bool locked = false;
    if (!pinstance) FAIL(JET_errInvalidParameter);
    *pinstance = JET_instanceNil;
    if (!p) FAIL(JET_errOutOfMemory);
    compat_rwlock_write_lock(&p->lock);
    locked = true;
    if (p->mode == RUN_MODE_ONE) FAIL(JET_errRunningInOneInstanceMode);
    if (p->mode == RUN_MODE_NONE) p->mode = RUN_MODE_MULTI;
    err = instance_new(p, name, display, &inst);
    if (err < 0 && atomic_load(&p->instances_alive) == 0) p->mode = RUN_MODE_NONE; /* ErrNewInst */
    if (err >= 0) *pinstance = instance_handle(inst);
done:
    if (locked) compat_rwlock_write_unlock(&p->lock);
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
    CHECK(utf16_from_utf8(szInstanceName, &name));
    CHECK(utf16_from_utf8(szDisplayName, &display));
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

/* Already in multi-instance mode: each entry must equal the value in force
 * (JET_errSystemParameterConflict otherwise); if all do, the call still fails,
 * with JET_errSystemParamsAlreadySet (JetEnableMultiInstanceEx). */
static JET_ERR compare_with_globals(jet_process *p, JET_SETSYSPARAM_W *ps, uint32_t i, const uint16_t *w)
{
    JET_ERR err = JET_errSuccess;
    int idx = sysparam_index(ps[i].paramid);
    JET_API_PTR cur = 0;
    if (idx < 0) FAIL(JET_errInvalidParameter);
    if (sysparam_string_slot(idx) >= 0) {
        if (!sysparam_string_equals(&p->globals, idx, w)) err = JET_errSystemParameterConflict;
    } else if (sysparam_read(&p->globals, idx, &cur, NULL, 0) < 0 || cur != ps[i].lParam) {
        err = JET_errSystemParameterConflict;
    }
    ps[i].err = err;
done:
    return err;
}

static JET_ERR enable_multi(JET_SETSYSPARAM_W *ps, uint32_t count, uint32_t *psucceed, const uint16_t *const *strs)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    uint32_t ok = 0;
    bool locked = false;
    if (!p) FAIL(JET_errOutOfMemory);
    compat_rwlock_write_lock(&p->lock);
    locked = true;
    if (!p->globals.num) CHECK(sysparam_values_init(&p->globals));
    if (count && !ps) FAIL(JET_errInvalidParameter);
    if (p->mode == RUN_MODE_ONE) FAIL(JET_errRunningInOneInstanceMode);
    if (p->mode == RUN_MODE_MULTI) {
        for (uint32_t i = 0; i < count; i++) {
            CHECK(compare_with_globals(p, ps, i, strs ? strs[i] : ps[i].sz));
            ok++;
        }
        FAIL(JET_errSystemParamsAlreadySet);
    }
    for (uint32_t i = 0; i < count; i++) {
        int idx = sysparam_index(ps[i].paramid);
        ps[i].err = idx < 0 ? JET_errInvalidParameter
                            : sysparam_write(&p->globals, idx, ps[i].lParam, strs ? strs[i] : ps[i].sz, false, false);
        CHECK(ps[i].err);
        ok++;
    }
    p->mode = RUN_MODE_MULTI;
done:
    if (locked) compat_rwlock_write_unlock(&p->lock);
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
    if (csetsysparam && !psetsysparam) FAIL(JET_errInvalidParameter);
    if (csetsysparam) {
        w = compat_calloc(csetsysparam, sizeof(*w));
        strs = compat_calloc(csetsysparam, sizeof(*strs));
        if (!w || !strs) FAIL(JET_errOutOfMemory);
        for (uint32_t i = 0; i < csetsysparam; i++) {
            w[i].paramid = psetsysparam[i].paramid;
            w[i].lParam = psetsysparam[i].lParam;
            w[i].err = psetsysparam[i].err;
            CHECK(utf16_from_utf8(psetsysparam[i].sz, &strs[i]));
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

static JET_ERR init_common(JET_INSTANCE *pinstance, const init_recovery *rec)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    jet_instance *inst = NULL;
    bool allocate = !pinstance || instance_value_nil(*pinstance);
    bool locked = false, found = false;
    if (allocate && pinstance) *pinstance = JET_instanceNil;
    if (!p) FAIL(JET_errOutOfMemory);
    compat_rwlock_write_lock(&p->lock);
    locked = true;
    if (p->mode == RUN_MODE_MULTI && !pinstance) FAIL(JET_errRunningInMultiInstanceMode);
    if (p->mode == RUN_MODE_ONE && atomic_load(&p->instances_alive) != 0) FAIL(JET_errAlreadyInitialized);
    if (p->mode == RUN_MODE_NONE) p->mode = RUN_MODE_ONE; /* legacy single-instance mode */
    allocate = allocate || p->mode == RUN_MODE_ONE;   /* the value may be bogus there */
    if (allocate) {
        err = instance_new(p, NULL, NULL, &inst);
        if (err < 0 && atomic_load(&p->instances_alive) == 0) p->mode = RUN_MODE_NONE;
        CHECK(err);
    } else {
        CHECK(instance_find(p, *pinstance, &inst)); /* no clean-up on this failure */
    }
    found = true;
    CHECK(init_instance(inst, rec));
    if (allocate && pinstance) *pinstance = instance_handle(inst);
done:
    /* A failed init frees the instance, allocated here or created before, unless it
     * was already running (JetInitEx, TermAlloc), and the handle becomes 0. */
    if (err < 0 && found && err != JET_errAlreadyInitialized && err != JET_errRestoreInProgress) {
        instance_free_locked(p, inst);
        if (pinstance) *pinstance = 0;
    }
    if (locked) compat_rwlock_write_unlock(&p->lock);
    return err;
}

JET_ERR JET_API JetInit(JET_INSTANCE *pinstance) { return init_common(pinstance, NULL); }

JET_ERR JET_API JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit)
{
    (void)grbit; /* recovery options: nothing to recover yet */
    return init_common(pinstance, NULL);
}

/* CAutoRSTINFOW::ErrSet / CAutoRSTMAP2W::ErrSet, before anything else. */
static JET_ERR check_rstinfo(bool given, unsigned long cb, unsigned long cb_expected, const void *rgrstmap, long crstmap)
{
    JET_ERR err = JET_errSuccess;
    if (!given) goto done;
    if (cb != cb_expected) FAIL(JET_errInvalidParameter);
    if ((rgrstmap == NULL) != (crstmap == 0)) FAIL(JET_errInvalidParameter);
    if (crstmap < 0) FAIL(JET_errInvalidParameter);
done:
    return err;
}

#define RSTMAP_PATH_CAP (4u * 1024u)

/* JetInit3's map in UTF-8, each name made absolute (ErrUtilPathComplete; a name that
 * cannot be is kept as given), as LOG::ErrBuildRstmapForSoftRecovery builds it. */
typedef struct rstmap_utf8 {
    char **from, **to;
    uint32_t n;
} rstmap_utf8;

static void rstmap_free(rstmap_utf8 *m)
{
    for (uint32_t i = 0; i < m->n; i++) {
        if (m->from != NULL) compat_free(m->from[i]);
        if (m->to != NULL) compat_free(m->to[i]);
    }
    compat_free(m->from);
    compat_free(m->to);
    memset(m, 0, sizeof *m);
}

/* *out: u8 completed to an absolute path (allocated); u8 is freed. */
static JET_ERR complete_name(char *u8, char **out)
{
    char *buf = compat_malloc(RSTMAP_PATH_CAP);
    *out = NULL;
    if (buf == NULL) {
        compat_free(u8);
        return JET_errOutOfMemory;
    }
    if (compat_path_absolute(u8, buf, RSTMAP_PATH_CAP) == COMPAT_OK) {
        compat_free(u8);
        *out = buf;
    } else {
        compat_free(buf);
        *out = u8;
    }
    return JET_errSuccess;
}

/* One entry: a missing destination is JET_errDatabaseInvalidName; a missing or empty
 * source takes the destination's name (the database stays where it is). from8/to8 are
 * the entry's names in UTF-8 (allocated, NULL when not given) and are taken over. */
static JET_ERR rstmap_add(rstmap_utf8 *m, char *from8, char *to8)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i = m->n;
    if (to8 == NULL || to8[0] == '\0') FAIL(JET_errDatabaseInvalidName);
    m->n++; /* the slot's names are freed with the map from here on */
    CHECK(complete_name(to8, &m->to[i]));
    to8 = NULL;
    if (from8 == NULL || from8[0] == '\0') {
        size_t cb = strlen(m->to[i]) + 1u;
        m->from[i] = compat_malloc(cb);
        if (m->from[i] == NULL) FAIL(JET_errOutOfMemory);
        memcpy(m->from[i], m->to[i], cb);
    } else {
        CHECK(complete_name(from8, &m->from[i]));
        from8 = NULL;
    }
done:
    compat_free(from8);
    compat_free(to8);
    return err;
}

static JET_ERR rstmap_alloc(rstmap_utf8 *m, long n)
{
    memset(m, 0, sizeof *m);
    if (n == 0) return JET_errSuccess;
    m->from = compat_calloc((size_t)n, sizeof *m->from);
    m->to = compat_calloc((size_t)n, sizeof *m->to);
    return m->from == NULL || m->to == NULL ? JET_errOutOfMemory : JET_errSuccess;
}

static JET_ERR init_with_map(JET_INSTANCE *pinstance, rstmap_utf8 *m, JET_PFNSTATUS pfn)
{
    init_recovery rec;
    rec.from = (const char *const *)m->from;
    rec.to = (const char *const *)m->to;
    rec.nmap = m->n;
    rec.pfn = pfn;
    return init_common(pinstance, &rec);
}

/* coverage: JetInit3W partial: JET_RSTMAP's databases recovered at their new paths (made again from the log when missing there), pfnStatus told the replay's begin and end; lgposStop, logtimeStop and the grbits are not used */
JET_ERR JET_API JetInit3W(JET_INSTANCE *pinstance, JET_RSTINFO_W *prstInfo, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    rstmap_utf8 m;
    (void)grbit;
    memset(&m, 0, sizeof m);
    CHECK(check_rstinfo(prstInfo != NULL, prstInfo ? (unsigned long)prstInfo->cbStruct : 0, sizeof(JET_RSTINFO_W),
                        prstInfo ? (const void *)prstInfo->rgrstmap : NULL, prstInfo ? (long)prstInfo->crstmap : 0));
    if (prstInfo == NULL) return init_common(pinstance, NULL);
    CHECK(rstmap_alloc(&m, prstInfo->crstmap));
    for (long i = 0; i < prstInfo->crstmap; i++) {
        char *from8 = NULL, *to8 = NULL;
        const JET_RSTMAP_W *e = &prstInfo->rgrstmap[i];
        err = e->szDatabaseName != NULL ? utf16_to_utf8((const uint16_t *)e->szDatabaseName, &from8) : JET_errSuccess;
        if (err >= 0 && e->szNewDatabaseName != NULL) err = utf16_to_utf8((const uint16_t *)e->szNewDatabaseName, &to8);
        if (err < 0) {
            compat_free(from8);
            FAIL(err);
        }
        CHECK(rstmap_add(&m, from8, to8));
    }
    err = init_with_map(pinstance, &m, prstInfo->pfnStatus);
done:
    rstmap_free(&m);
    return err;
}

/* coverage: JetInit3A partial: as JetInit3W */
JET_ERR JET_API JetInit3A(JET_INSTANCE *pinstance, JET_RSTINFO_A *prstInfo, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    rstmap_utf8 m;
    (void)grbit;
    memset(&m, 0, sizeof m);
    CHECK(check_rstinfo(prstInfo != NULL, prstInfo ? (unsigned long)prstInfo->cbStruct : 0, sizeof(JET_RSTINFO_A),
                        prstInfo ? (const void *)prstInfo->rgrstmap : NULL, prstInfo ? (long)prstInfo->crstmap : 0));
    if (prstInfo == NULL) return init_common(pinstance, NULL);
    CHECK(rstmap_alloc(&m, prstInfo->crstmap));
    for (long i = 0; i < prstInfo->crstmap; i++) {
        const JET_RSTMAP_A *e = &prstInfo->rgrstmap[i];
        char *from8 = NULL, *to8 = NULL;
        const char *src[2] = { e->szDatabaseName, e->szNewDatabaseName };
        char **dst[2] = { &from8, &to8 };
        for (int k = 0; k < 2; k++) {
            size_t cb;
            if (src[k] == NULL) continue;
            cb = strlen(src[k]) + 1u;
            *dst[k] = compat_malloc(cb);
            if (*dst[k] == NULL) {
                compat_free(from8);
                FAIL(JET_errOutOfMemory);
            }
            memcpy(*dst[k], src[k], cb);
        }
        CHECK(rstmap_add(&m, from8, to8));
    }
    err = init_with_map(pinstance, &m, prstInfo->pfnStatus);
done:
    rstmap_free(&m);
    return err;
}

/* ---- JetTerm ---- */

JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    jet_instance *inst = NULL;
    bool terminate = false;
    if (!p) FAIL(JET_errInvalidParameter);
    compat_rwlock_write_lock(&p->lock);
    err = instance_validate(p, instance); /* JET_VALIDATE_INSTANCE */
    if (err >= 0) err = instance_find(p, instance, &inst);
    if (err >= 0) {
        compat_mutex_lock(&inst->lock);
        if (inst->term_in_progress) {
            err = JET_errTermInProgress;
        } else if (inst->restoring) {
            err = JET_errRestoreInProgress; /* APILock(fAPITerm) fails while it is restoring */
        } else if (inst->initialized) {
            inst->term_in_progress = true;
            instance_gate_update_locked(inst);
            atomic_fetch_add(&p->terms_in_progress, 1);
            terminate = true;
        }
        compat_mutex_unlock(&inst->lock);
        /* Created but never initialised: just freed (ErrTermComplete -> ErrTermAlloc). */
        if (err >= 0 && !terminate) instance_free_locked(p, inst);
    }
    compat_rwlock_write_unlock(&p->lock);
    if (terminate) err = term_instance(p, inst, grbit);
done:
    return err;
}

/* JetTerm is JetTerm2 with JET_bitTermAbrupt (jetapi.cxx, JetTerm). */
JET_ERR JET_API JetTerm(JET_INSTANCE instance) { return JetTerm2(instance, JET_bitTermAbrupt); }

/* ---- JetStopService ---- */

/* JetStopServiceInstanceEx. */
static JET_ERR stop_service2(jet_instance *inst, JET_GRBIT grbit)
{
    const JET_GRBIT resumable = JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches;
    const JET_GRBIT valid = resumable | STOP_SERVICE_STOP_AND_EMIT_LOG | JET_bitStopServiceResume;
    JET_ERR err = JET_errSuccess;
    if (grbit & ~valid) FAIL(JET_errInvalidGrbit);
    compat_mutex_lock(&inst->lock);
    if (grbit & JET_bitStopServiceResume) {
        JET_GRBIT bits = grbit & ~JET_bitStopServiceResume;
        if (bits == 0) bits = inst->stop_grbit; /* everything stopped before */
        if (bits & ~resumable & valid)
            err = JET_errInvalidGrbit;
        else if (bits & ~resumable)
            err = JET_errClientRequestToStopJetService; /* a full stop cannot be undone */
        else
            inst->stop_grbit &= ~bits;
    } else if (grbit & STOP_SERVICE_STOP_AND_EMIT_LOG) {
        /* Only on its own; it stops log writing (ErrLGStopAndEmitLog), not the API.
         * No log exists yet, so there is nothing to stop. */
        if (grbit != STOP_SERVICE_STOP_AND_EMIT_LOG) err = JET_errInvalidGrbit;
    } else {
        JET_GRBIT bits = grbit == JET_bitStopServiceAll ? STOP_SERVICE_ALL_INTERNAL | resumable : grbit;
        inst->stop_grbit |= bits; /* background tasks / cache quiescing: nothing runs yet */
        if (bits & STOP_SERVICE_ALL_INTERNAL) inst->stop_service = true;
        instance_gate_update_locked(inst);
    }
    compat_mutex_unlock(&inst->lock);
done:
    return err;
}

/* JetStopServiceInstance is not JetStopServiceInstance2(All): it stops the API
 * (m_fStopJetService) without recording any stop bits (JetStopServiceInstanceExOld),
 * so a later resume has nothing to undo and succeeds, leaving the stop in force. */
static JET_ERR stop_service_old(jet_instance *inst)
{
    compat_mutex_lock(&inst->lock);
    inst->stop_service = true;
    instance_gate_update_locked(inst);
    compat_mutex_unlock(&inst->lock);
    return JET_errSuccess;
}

static JET_ERR stop_common(JET_INSTANCE instance, bool old, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    jet_instance *inst = NULL;
    if (!p) FAIL(JET_errInvalidParameter);
    compat_rwlock_read_lock(&p->lock);
    err = instance_validate(p, instance);
    if (err >= 0) err = instance_find(p, instance, &inst);
    if (err >= 0) err = old ? stop_service_old(inst) : stop_service2(inst, grbit);
    compat_rwlock_read_unlock(&p->lock);
done:
    return err;
}

JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance, const JET_GRBIT grbit)
{
    return stop_common(instance, false, grbit);
}

JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance) { return stop_common(instance, true, 0); }

/* Legacy mode only (ErrRUNINSTCheckOneInstMode): no mode yet is
 * JET_errInvalidParameter, multi-instance mode JET_errRunningInMultiInstanceMode. */
JET_ERR JET_API JetStopService(void)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    run_mode mode = RUN_MODE_NONE;
    if (!p) FAIL(JET_errInvalidParameter);
    compat_rwlock_read_lock(&p->lock);
    mode = p->mode;
    compat_rwlock_read_unlock(&p->lock);
    if (mode == RUN_MODE_NONE) FAIL(JET_errInvalidParameter);
    if (mode == RUN_MODE_MULTI) FAIL(JET_errRunningInMultiInstanceMode);
    err = stop_common(0, true, 0);
done:
    return err;
}

/* ---- JetGetInstanceInfo ---- */

/* The bytes a name takes in the result: UTF-16 or UTF-8, with its terminator. */
static JET_ERR name_size(const uint16_t *w16, const char *u8, bool wide, size_t *cb)
{
    size_t out = 0;
    if (w16 != NULL) {
        size_t len = utf16_len(w16);
        if (wide) {
            *cb = (len + 1u) * sizeof(uint16_t);
            return JET_errSuccess;
        }
        if (compat_utf16_to_utf8(w16, len, NULL, 0, &out) != COMPAT_OK) return JET_errInvalidParameter;
        *cb = out + 1u;
        return JET_errSuccess;
    }
    if (!wide) {
        *cb = strlen(u8) + 1u;
        return JET_errSuccess;
    }
    if (compat_utf8_to_utf16(u8, SIZE_MAX, NULL, 0, &out) != COMPAT_OK) return JET_errInvalidParameter;
    *cb = out * sizeof(uint16_t);
    return JET_errSuccess;
}

/* Writes a name at *pos (room checked by the sizes above) and returns where it starts. */
static void *put_name(unsigned char **pos, const uint16_t *w16, const char *u8, bool wide, size_t cb)
{
    void *at = *pos;
    size_t out = 0;
    if (w16 != NULL && wide) memcpy(*pos, w16, cb);
    else if (w16 != NULL) {
        (void)compat_utf16_to_utf8(w16, utf16_len(w16), (char *)*pos, cb, &out);
        (*pos)[out] = 0;
    } else if (u8 == NULL) {
        /* Nothing to write (a caller that passes neither name sized it 0). */
    } else if (!wide) memcpy(*pos, u8, cb);
    else (void)compat_utf8_to_utf16(u8, SIZE_MAX, (uint16_t *)(void *)*pos, cb / sizeof(uint16_t), &out);
    *pos += cb;
    return at;
}

/* JetGetInstanceInfo (ErrIsamGetInstanceInfo): one allocation holding the array, then
 * the three pointer arrays of each instance's databases (file name, display name, the
 * SLV name that is always NULL), then the names. The databases listed are those attached
 * to an instance that logs (JET_paramRecovery not "off"); the display name is the file
 * name, as in ESE. */
JET_ERR api_instance_info(uint32_t *pcount, void **pinfo, bool wide, api_instance_filter keep, const void *ctx)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    size_t bytes = 0, n = 0, ndb = 0, cb = 0;
    unsigned char *buf = NULL;
    bool locked = false;
    char **paths[HANDLE_OWNER_LIMIT];
    uint32_t npaths[HANDLE_OWNER_LIMIT];
    const size_t rec = wide ? sizeof(JET_INSTANCE_INFO_W) : sizeof(JET_INSTANCE_INFO_A);

    memset(paths, 0, sizeof paths);
    memset(npaths, 0, sizeof npaths);
    if (!pcount || !pinfo) FAIL(JET_errInvalidParameter);
    *pcount = 0;
    *pinfo = NULL;
    if (!p) goto done;
    compat_rwlock_read_lock(&p->lock);
    locked = true;
    for (uint32_t i = 0; i < HANDLE_OWNER_LIMIT && i < p->max_slots; i++) {
        jet_instance *inst = p->slots[i].inst;
        if (!inst || (keep != NULL && !keep(inst, ctx))) continue;
        n++;
        bytes += rec;
        if (inst->name) {
            CHECK(name_size(inst->name, NULL, wide, &cb));
            bytes += cb;
        }
        if (inst->initialized && durability_wanted(inst)) CHECK(database_paths(inst, &paths[i], &npaths[i]));
        for (uint32_t k = 0; k < npaths[i]; k++) {
            CHECK(name_size(NULL, paths[i][k], wide, &cb));
            bytes += 3u * sizeof(void *) + 2u * cb; /* the file and the display name */
            ndb++;
        }
    }
    if (n == 0) goto done;
    bytes += 16;
    buf = compat_calloc(1, bytes);
    if (!buf) FAIL(JET_errOutOfMemory);
    {
        void **arrays = (void **)(void *)(buf + n * rec);
        unsigned char *names = (unsigned char *)(arrays + 3u * ndb);
        size_t k = 0;
        for (uint32_t i = 0; i < HANDLE_OWNER_LIMIT && i < p->max_slots; i++) {
            const jet_instance *inst = p->slots[i].inst;
            void *name_ptr = NULL, **files = arrays, **displays = arrays + npaths[i], **slvs = arrays + 2u * npaths[i];
            if (!inst || (keep != NULL && !keep(inst, ctx))) continue;
            if (inst->name) {
                CHECK(name_size(inst->name, NULL, wide, &cb));
                name_ptr = put_name(&names, inst->name, NULL, wide, cb);
            }
            for (uint32_t d = 0; d < npaths[i]; d++) {
                CHECK(name_size(NULL, paths[i][d], wide, &cb));
                files[d] = put_name(&names, NULL, paths[i][d], wide, cb);
                displays[d] = put_name(&names, NULL, paths[i][d], wide, cb);
                slvs[d] = NULL;
            }
            arrays += 3u * npaths[i];
            if (wide) {
                JET_INSTANCE_INFO_W *r = (JET_INSTANCE_INFO_W *)(void *)buf + k;
                r->hInstanceId = instance_handle(inst);
                r->szInstanceName = name_ptr;
                r->cDatabases = npaths[i];
                r->szDatabaseFileName = npaths[i] ? (WCHAR **)files : NULL;
                r->szDatabaseDisplayName = npaths[i] ? (WCHAR **)displays : NULL;
                r->szDatabaseSLVFileName = npaths[i] ? (WCHAR **)slvs : NULL;
            } else {
                JET_INSTANCE_INFO_A *r = (JET_INSTANCE_INFO_A *)(void *)buf + k;
                r->hInstanceId = instance_handle(inst);
                r->szInstanceName = name_ptr;
                r->cDatabases = npaths[i];
                r->szDatabaseFileName = npaths[i] ? (char **)files : NULL;
                r->szDatabaseDisplayName = npaths[i] ? (char **)displays : NULL;
                r->szDatabaseSLVFileName = npaths[i] ? (char **)slvs : NULL;
            }
            k++;
        }
    }
    *pcount = (uint32_t)n;
    *pinfo = buf;
    buf = NULL;
done:
    if (locked) compat_rwlock_read_unlock(&p->lock);
    for (uint32_t i = 0; i < HANDLE_OWNER_LIMIT; i++) database_paths_free(paths[i], npaths[i]);
    compat_free(buf);
    return err;
}

JET_ERR JET_API JetGetInstanceInfoW(uint32_t *pcInstanceInfo, JET_INSTANCE_INFO_W **paInstanceInfo)
{
    return api_instance_info(pcInstanceInfo, (void **)paInstanceInfo, true, NULL, NULL);
}

JET_ERR JET_API JetGetInstanceInfoA(uint32_t *pcInstanceInfo, JET_INSTANCE_INFO_A **paInstanceInfo)
{
    return api_instance_info(pcInstanceInfo, (void **)paInstanceInfo, false, NULL, NULL);
}

/* ---- JetGetInstanceMiscInfo ---- */

/* coverage: JetGetInstanceMiscInfo partial: JET_InstanceMiscInfoLogSignature only (the checkpoint and RBS levels answer JET_errInvalidParameter) */
/* JetGetInstanceMiscInfoEx: the level first (JET_errInvalidParameter), then the size
 * (JET_errBufferTooSmall); the log's signature, zeros when the instance keeps no log. */
JET_ERR JET_API JetGetInstanceMiscInfo(JET_INSTANCE instance, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    api_call c;
    JET_SIGNATURE sign;
    JET_ERR err = api_enter_instance(instance, true, &c);
    if (err < 0) return err;
    if (InfoLevel != JET_InstanceMiscInfoLogSignature) FAIL(JET_errInvalidParameter);
    if (cbMax < sizeof(JET_SIGNATURE)) FAIL(JET_errBufferTooSmall);
    if (pvResult == NULL) FAIL(JET_errInvalidParameter);
    durability_log_signature(c.inst, &sign);
    memcpy(pvResult, &sign, sizeof sign);
done:
    api_leave_instance(&c);
    return err;
}

JET_ERR JET_API JetFreeBuffer(char *pbBuf)
{
    compat_free(pbBuf);
    return JET_errSuccess;
}
