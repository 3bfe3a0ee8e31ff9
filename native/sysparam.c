/* sysparam.c: the system parameter table and the per-owner value storage.
 * Defaults, ranges and write rules follow ESE's parameter table
 * (sysparamtable.g.cxx) and CJetParam::ValidateSet / SetString / SetFolder in
 * jetapi.cxx; docs/semantics.md lists the decisions.
 * May call: common.h. */
#include "sysparam.h"

#include <string.h>

#define U32MAX 0xFFFFFFFFull
#define I32MAX 2147483647ull
#define ANY 0xFFFFFFFFFFFFFFFFull

/* id, type, global, fixed after global init, fixed after instance init, low, high, default, string default */
static const sysparam_def k_params[] = {
    { JET_paramSystemPath, SP_FOLDER, false, false, true, 0, 246, 0, ".\\" },
    { JET_paramTempPath, SP_PATH, false, false, true, 0, 247, 0, "tmp.edb" },
    { JET_paramLogFilePath, SP_FOLDER, false, false, true, 0, 246, 0, ".\\" },
    { JET_paramBaseName, SP_STRING, false, false, true, 3, 3, 0, "edb" },
    { JET_paramEventSource, SP_STRING, false, false, true, 0, 259, 0, "" },
    { JET_paramMaxSessions, SP_INTEGER, false, false, true, 0, 30000, 16, NULL },
    { JET_paramMaxOpenTables, SP_INTEGER, false, false, true, 0, I32MAX, 300, NULL },
    { JET_paramMaxCursors, SP_INTEGER, false, false, true, 0, I32MAX, 1024, NULL },
    { JET_paramMaxVerPages, SP_INTEGER, false, false, true, 1, I32MAX, 64, NULL },
    { JET_paramMaxTemporaryTables, SP_INTEGER, false, false, true, 0, I32MAX, 20, NULL },
    { JET_paramLogFileSize, SP_INTEGER, false, false, true, 64, 32768, 5120, NULL },
    { JET_paramLogBuffers, SP_INTEGER, false, false, true, 1, I32MAX, 126, NULL },
    { JET_paramCircularLog, SP_BOOLEAN, false, false, true, 0, ANY, 0, NULL },
    { JET_paramDbExtensionSize, SP_INTEGER, false, false, false, 1, I32MAX, 256, NULL },
    { JET_paramPageTempDBMin, SP_INTEGER, false, false, true, 0, I32MAX, 0, NULL },
    { JET_paramCacheSizeMax, SP_INTEGER, true, false, false, 1, ANY, 2000000000, NULL },
    { JET_paramCheckpointDepthMax, SP_INTEGER, false, false, false, 0, ANY, 20971520, NULL },
    { JET_paramRecovery, SP_STRING, false, false, true, 0, 259, 0, "on" },
    { JET_paramEnableOnlineDefrag, SP_GRBIT, false, false, false, 0, 0xFFFF, 0xFFFF, NULL },
    { JET_paramEnableIndexChecking, SP_INTEGER, false, false, false, 0, 2, 1, NULL },
    { JET_paramEnableTempTableVersioning, SP_BOOLEAN, false, false, true, 0, ANY, 1, NULL },
    { JET_paramNoInformationEvent, SP_BOOLEAN, false, false, true, 0, ANY, 0, NULL },
    { JET_paramDeleteOutOfRangeLogs, SP_BOOLEAN, false, false, true, 0, ANY, 0, NULL },
    { JET_paramAccessDeniedRetryPeriod, SP_INTEGER, true, false, false, 0, ANY, 10000, NULL },
    { JET_paramCacheSizeMin, SP_INTEGER, true, false, false, 1, ANY, 1, NULL },
    { JET_paramPreferredVerPages, SP_INTEGER, false, false, false, 1, I32MAX, 58, NULL },
    { JET_paramDatabasePageSize, SP_BLOCKSIZE, true, true, true, 4096, 32768, 4096, NULL },
    { JET_paramDisableCallbacks, SP_BOOLEAN, false, false, true, 0, ANY, 0, NULL },
    { JET_paramErrorToString, SP_ERRORTEXT, true, false, false, 0, 0, 0, NULL },
    { JET_paramZeroDatabaseDuringBackup, SP_BOOLEAN, false, false, true, 0, ANY, 0, NULL },
    { JET_paramCleanupMismatchedLogFiles, SP_BOOLEAN, false, false, true, 0, ANY, 0, NULL },
    { JET_paramCreatePathIfNotExist, SP_BOOLEAN, false, false, false, 0, ANY, 0, NULL },
    { JET_paramOneDatabasePerSession, SP_BOOLEAN, false, false, true, 0, ANY, 0, NULL },
    { JET_paramMaxInstances, SP_INTEGER, true, true, true, 1, 10240, 16, NULL },
    { JET_paramVersionStoreTaskQueueMax, SP_INTEGER, false, false, false, 1, 127, 4, NULL },
    { JET_paramEnableAdvanced, SP_BOOLEAN, false, false, false, 0, ANY, 1, NULL },
    { JET_paramWaypointLatency, SP_INTEGER, false, false, true, 0, 1023, 0, NULL },
};

#define PARAM_COUNT ((int)(sizeof(k_params) / sizeof(k_params[0])))

int sysparam_count(void) { return PARAM_COUNT; }

const sysparam_def *sysparam_at(int index)
{
    return (index >= 0 && index < PARAM_COUNT) ? &k_params[index] : NULL;
}

int sysparam_index(uint32_t paramid)
{
    for (int i = 0; i < PARAM_COUNT; i++)
        if (k_params[i].id == paramid) return i;
    return -1;
}

static bool is_string_type(sysparam_type t) { return t == SP_STRING || t == SP_FOLDER || t == SP_PATH; }

int sysparam_string_slot(int index)
{
    if (index < 0 || index >= PARAM_COUNT || !is_string_type(k_params[index].type)) return -1;
    int slot = 0;
    for (int i = 0; i < index; i++)
        if (is_string_type(k_params[i].type)) slot++;
    return slot;
}

int sysparam_string_count(void)
{
    int n = 0;
    for (int i = 0; i < PARAM_COUNT; i++)
        if (is_string_type(k_params[i].type)) n++;
    return n;
}

static size_t wlen(const uint16_t *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

JET_ERR sysparam_values_init(sysparam_values *v)
{
    v->num = compat_calloc((size_t)PARAM_COUNT, sizeof(JET_API_PTR));
    v->str = compat_calloc((size_t)sysparam_string_count() * SYSPARAM_STR_CAP, sizeof(uint16_t));
    if (!v->num || !v->str) {
        sysparam_values_free(v);
        return JET_errOutOfMemory;
    }
    for (int i = 0; i < PARAM_COUNT; i++) {
        v->num[i] = (JET_API_PTR)k_params[i].def;
        int s = sysparam_string_slot(i);
        if (s >= 0) {
            const char *d = k_params[i].def_str;
            uint16_t *dst = v->str + (size_t)s * SYSPARAM_STR_CAP;
            for (size_t k = 0; d[k]; k++) dst[k] = (uint16_t)(unsigned char)d[k];
        }
    }
    return JET_errSuccess;
}

JET_ERR sysparam_values_clone(sysparam_values *dst, const sysparam_values *src)
{
    dst->num = compat_malloc((size_t)PARAM_COUNT * sizeof(JET_API_PTR));
    dst->str = compat_malloc((size_t)sysparam_string_count() * SYSPARAM_STR_CAP * sizeof(uint16_t));
    if (!dst->num || !dst->str) {
        sysparam_values_free(dst);
        return JET_errOutOfMemory;
    }
    memcpy(dst->num, src->num, (size_t)PARAM_COUNT * sizeof(JET_API_PTR));
    memcpy(dst->str, src->str, (size_t)sysparam_string_count() * SYSPARAM_STR_CAP * sizeof(uint16_t));
    return JET_errSuccess;
}

void sysparam_values_free(sysparam_values *v)
{
    compat_free(v->num);
    compat_free(v->str);
    v->num = NULL;
    v->str = NULL;
}

static bool w_equal(const uint16_t *a, const uint16_t *b)
{
    size_t i = 0;
    for (; a[i] && a[i] == b[i]; i++) {}
    return a[i] == b[i];
}

JET_ERR sysparam_write(sysparam_values *v, int index, JET_API_PTR num, const uint16_t *wstr,
                       bool global_init, bool inst_init)
{
    const sysparam_def *d = sysparam_at(index);
    static const uint16_t empty[1] = { 0 };
    if (!d || d->type == SP_ERRORTEXT) return JET_errInvalidParameter;
    int s = sysparam_string_slot(index);
    uint16_t *cur = s >= 0 ? v->str + (size_t)s * SYSPARAM_STR_CAP : NULL;
    if (s >= 0 && !wstr) wstr = empty;

    /* Writing the value a parameter already has always succeeds (ValidateSet). */
    if (s < 0 && v->num[index] == num) return JET_errSuccess;
    if (s >= 0 && w_equal(cur, wstr)) return JET_errSuccess;

    if (d->fixed_after_global_init && global_init) return JET_errAlreadyInitialized;
    if (d->fixed_after_inst_init && inst_init) return JET_errAlreadyInitialized;

    if (s >= 0) {
        size_t n = wlen(wstr);
        bool add_sep = d->type == SP_FOLDER && n > 0 && wstr[n - 1] != '\\' && wstr[n - 1] != '/';
        size_t total = n + (add_sep ? 1 : 0);
        if (total < d->low || total > d->high || total + 1 > SYSPARAM_STR_CAP) return JET_errInvalidParameter;
        memcpy(cur, wstr, n * sizeof(uint16_t));
        if (add_sep) cur[n++] = (uint16_t)compat_path_separator();
        cur[n] = 0;
        return JET_errSuccess;
    }
    uint64_t x = (uint64_t)num;
    if (x < d->low || x > d->high) return JET_errInvalidParameter;
    if (d->type == SP_BLOCKSIZE && (x & (x - 1)) != 0) return JET_errInvalidParameter;
    v->num[index] = d->type == SP_BOOLEAN ? (num ? 1 : 0) : num;
    return JET_errSuccess;
}

JET_ERR sysparam_read(const sysparam_values *v, int index, JET_API_PTR *pnum, uint16_t *wbuf, size_t cb)
{
    const sysparam_def *d = sysparam_at(index);
    if (!d || d->type == SP_ERRORTEXT) return JET_errInvalidParameter;
    int s = sysparam_string_slot(index);
    if (s < 0) {
        if (!pnum) return JET_errInvalidParameter;
        *pnum = v->num[index];
        return JET_errSuccess;
    }
    if (!wbuf || cb < sizeof(char)) return JET_errInvalidParameter;
    const uint16_t *cur = v->str + (size_t)s * SYSPARAM_STR_CAP;
    size_t n = wlen(cur), cap = cb / sizeof(uint16_t);
    if (cap == 0) return JET_errBufferTooSmall;
    if (n + 1 > cap) {
        memcpy(wbuf, cur, (cap - 1) * sizeof(uint16_t));
        wbuf[cap - 1] = 0;
        return JET_errBufferTooSmall;
    }
    memcpy(wbuf, cur, (n + 1) * sizeof(uint16_t));
    return JET_errSuccess;
}
