/* sysparam.c: the system parameter table and the per-owner value storage.
 * Defaults, ranges and flags follow ESE's parameter table (sysparamtable.g.cxx:
 * the second default column, JET_configDefault); the write rules follow
 * ErrSetSystemParameter and CJetParam::ValidateSet / SetString / SetFolder /
 * SetPath / SetBlockSize / GetString in jetapi.cxx; docs/semantics.md lists the
 * decisions. */
#include "sysparam.h"
#include "utf16.h"

#include <string.h>

#define U32MAX 0xFFFFFFFFull
#define I32MAX 2147483647ull
#define ANY 0xFFFFFFFFFFFFFFFFull
#define CONFIG_MASK 0x7FFull        /* JET_configMask: every JET_config* bit */
#define HUNG_IO_ACTIONS 0x1Full     /* JET_bitHungIOEvent .. JET_bitHungIOTimeout */
#define NAME_MOST 64ull             /* JET_cbNameMost as ESE compiles it */
#define PATH_U8_CAP 4096            /* UTF-8 bytes for a path being completed */
#define IO_PRIORITY_MAX 7ull        /* JET_IOPriorityLow | ...LowForCheckpoint | ...LowForScavenge */

/* Ids ESE's parameter table has that Windows' esent.h does not name (jethdr.w). */
#define PARAM_PRINT_FUNCTION 37u
#define PARAM_TRANSACTION_LEVEL 38u
#define PARAM_RFS2_IOS_PERMITTED 39u
#define PARAM_RFS2_ALLOCS_PERMITTED 40u
#define PARAM_CACHE_REQUESTS 42u
#define PARAM_CACHE_HITS 43u
#define PARAM_RECOVERY_CURRENT_LOGFILE 79u
#define PARAM_DISABLE_BLOCK_VERIFICATION 155u
#define PARAM_PERIODIC_LOG_ROLLOVER_LLR 158u
#define PARAM_PERSISTED_LOST_FLUSH_DETECTION 193u
#define PARAM_ENGINE_FORMAT_VERSION 194u

/* Shorthands for the flag columns: advanced, global, fixed after global init,
 * fixed after instance init. */
#define F(a, g, gi, ii) (a), (g), (gi), (ii)

static const sysparam_def k_params[] = {
    { JET_paramSystemPath, SP_FOLDER, F(0, 0, 0, 1), 0, 246, 0, ".\\" },
    { JET_paramTempPath, SP_PATH, F(0, 0, 0, 1), 0, 247, 0, "tmp.edb" },
    { JET_paramLogFilePath, SP_FOLDER, F(0, 0, 0, 1), 0, 246, 0, ".\\" },
    { JET_paramBaseName, SP_STRING, F(0, 0, 0, 1), 3, 3, 0, "edb" },
    { JET_paramEventSource, SP_STRING, F(0, 0, 0, 1), 0, 259, 0, "" },
    { JET_paramMaxSessions, SP_INTEGER, F(1, 0, 0, 1), 0, 30000, 16, NULL },
    { JET_paramMaxOpenTables, SP_INTEGER, F(1, 0, 0, 1), 0, I32MAX, 300, NULL },
    { JET_paramPreferredMaxOpenTables, SP_INTEGER, F(1, 0, 0, 1), 0, I32MAX, 0, NULL },
    { JET_paramMaxCursors, SP_INTEGER, F(1, 0, 0, 1), 0, I32MAX, 1024, NULL },
    { JET_paramMaxVerPages, SP_INTEGER, F(1, 0, 0, 1), 1, I32MAX, 64, NULL },
    { JET_paramMaxTemporaryTables, SP_INTEGER, F(1, 0, 0, 1), 0, I32MAX, 20, NULL },
    { JET_paramLogFileSize, SP_INTEGER, F(0, 0, 0, 1), 64, 32768, 5120, NULL },
    { JET_paramLogBuffers, SP_INTEGER, F(1, 0, 0, 1), 1, I32MAX, 126, NULL },
    { JET_paramWaitLogFlush, SP_INTEGER, F(1, 0, 0, 0), 0, I32MAX, 0, NULL },
    { JET_paramLogCheckpointPeriod, SP_INTEGER, F(1, 0, 0, 1), 0, I32MAX, 1024, NULL },
    { JET_paramLogWaitingUserMax, SP_INTEGER, F(1, 0, 0, 1), 0, I32MAX, 3, NULL },
    /* SetCommitDefault: g_grbitCommitFlagsMsk (lazy, wait last, wait all, force new log,
     * redo callback) */
    { JET_paramCommitDefault, SP_GRBIT, F(0, 0, 0, 0), 0, 0x3b, 0, NULL },
    { JET_paramCircularLog, SP_BOOLEAN, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { JET_paramDbExtensionSize, SP_INTEGER, F(1, 0, 0, 0), 1, I32MAX, 256, NULL },
    { JET_paramPageTempDBMin, SP_INTEGER, F(1, 0, 0, 1), 0, I32MAX, 0, NULL },
    { JET_paramPageFragment, SP_INTEGER, F(1, 0, 0, 1), 0, I32MAX, 8, NULL },
    { JET_paramCacheSizeMax, SP_INTEGER, F(1, 1, 0, 0), 1, ANY, 2000000000, NULL },
    { JET_paramCheckpointDepthMax, SP_INTEGER, F(0, 0, 0, 0), 0, ANY, 20971520, NULL },
    { JET_paramOutstandingIOMax, SP_INTEGER, F(1, 1, 1, 1), 0, 65536, 1024, NULL },
    { JET_paramStartFlushThreshold, SP_INTEGER, F(1, 1, 0, 0), 0, ANY, 20000000, NULL },
    { JET_paramStopFlushThreshold, SP_INTEGER, F(1, 1, 0, 0), 0, ANY, 40000000, NULL },
    { JET_paramLRUKCorrInterval, SP_INTEGER, F(1, 1, 1, 1), 0, ANY, 128000, NULL },
    { JET_paramLRUKHistoryMax, SP_INTEGER, F(1, 1, 1, 1), 0, ANY, 100000, NULL },
    { JET_paramLRUKPolicy, SP_INTEGER, F(1, 1, 1, 1), 1, 2, 2, NULL },
    { JET_paramLRUKTimeout, SP_INTEGER, F(1, 1, 1, 1), 1, ANY, 100, NULL },
    { JET_paramRecovery, SP_STRING, F(0, 0, 0, 1), 0, 259, 0, "on" },
    { JET_paramEnableOnlineDefrag, SP_GRBIT, F(0, 0, 0, 0), 0, JET_OnlineDefragAll, JET_OnlineDefragAll, NULL },
    { PARAM_PRINT_FUNCTION, SP_PRINT_FUNCTION, F(0, 1, 1, 1), 0, ANY, 0, NULL },
    { PARAM_TRANSACTION_LEVEL, SP_TRX_LEVEL, F(0, 0, 0, 0), 0, ANY, 0, NULL },
    { PARAM_RFS2_IOS_PERMITTED, SP_INTEGER, F(0, 1, 0, 0), 0, 0xFFFFFFFEull, 0, NULL },
    { PARAM_RFS2_ALLOCS_PERMITTED, SP_INTEGER, F(0, 1, 0, 0), 0, 0xFFFFFFFEull, 0, NULL },
    { JET_paramCacheSize, SP_CACHE_SIZE, F(1, 1, 0, 0), 0, ANY, 0, NULL },
    { PARAM_CACHE_REQUESTS, SP_READONLY, F(1, 1, 1, 1), 0, ANY, 1, NULL },
    { PARAM_CACHE_HITS, SP_READONLY, F(1, 1, 1, 1), 0, ANY, 1, NULL },
    { JET_paramEnableIndexChecking, SP_INTEGER, F(0, 0, 0, 0), 0, JET_IndexCheckingMax - 1, 1, NULL },
    { JET_paramEnableTempTableVersioning, SP_BOOLEAN, F(0, 0, 0, 1), 0, ANY, 1, NULL },
    { JET_paramEventSourceKey, SP_STRING, F(0, 0, 0, 1), 0, 259, 0, "" },
    { JET_paramNoInformationEvent, SP_BOOLEAN, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { JET_paramEventLoggingLevel, SP_INTEGER, F(0, 0, 0, 1), JET_EventLoggingDisable, JET_EventLoggingLevelMax,
      JET_EventLoggingLevelMax, NULL },
    { JET_paramDeleteOutOfRangeLogs, SP_BOOLEAN, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { JET_paramAccessDeniedRetryPeriod, SP_INTEGER, F(0, 1, 0, 0), 0, ANY, 10000, NULL },
    { JET_paramEnableIndexCleanup, SP_BOOLEAN, F(0, 0, 0, 0), 0, ANY, 1, NULL },
    { JET_paramCacheSizeMin, SP_INTEGER, F(1, 1, 0, 0), 1, ANY, 1, NULL },
    { JET_paramPreferredVerPages, SP_INTEGER, F(1, 0, 0, 0), 1, I32MAX, 58, NULL },
    { JET_paramDatabasePageSize, SP_BLOCKSIZE, F(0, 1, 1, 1), 4096, 32768, 4096, NULL },
    { JET_paramDisableCallbacks, SP_BOOLEAN, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { JET_paramLogFileCreateAsynch, SP_BOOLEAN, F(1, 0, 0, 1), 0, ANY, 1, NULL },
    { JET_paramErrorToString, SP_ERRORTEXT, F(0, 1, 0, 0), 0, 0, 0, NULL },
    { JET_paramZeroDatabaseDuringBackup, SP_BOOLEAN, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { JET_paramUnicodeIndexDefault, SP_UNICODE_INDEX, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { JET_paramRuntimeCallback, SP_POINTER, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { JET_paramCleanupMismatchedLogFiles, SP_BOOLEAN, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { PARAM_RECOVERY_CURRENT_LOGFILE, SP_LOG_GENERATION, F(0, 0, 0, 0), 0, ANY, 0, NULL },
    { JET_paramGlobalMinVerPages, SP_INTEGER, F(1, 1, 1, 1), 1, I32MAX, 64, NULL },
    { JET_paramOSSnapshotTimeout, SP_INTEGER, F(0, 1, 0, 0), 0, I32MAX, 70000, NULL },
    { JET_paramExceptionAction, SP_INTEGER, F(0, 1, 0, 0), 0, ANY, JET_ExceptionFailFast, NULL },
    { JET_paramEventLogCache, SP_INTEGER, F(0, 1, 1, 1), 0, I32MAX, 0, NULL },
    { JET_paramCreatePathIfNotExist, SP_BOOLEAN, F(0, 0, 0, 0), 0, ANY, 0, NULL },
    { JET_paramPageHintCacheSize, SP_INTEGER, F(1, 1, 1, 1), 0, I32MAX, 262144, NULL },
    { JET_paramOneDatabasePerSession, SP_BOOLEAN, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { JET_paramMaxInstances, SP_INTEGER, F(0, 1, 1, 1), 1, 10240, 16, NULL },
    { JET_paramVersionStoreTaskQueueMax, SP_INTEGER, F(1, 0, 0, 0), 1, 127, 4, NULL },
    { JET_paramDisablePerfmon, SP_BOOLEAN, F(0, 1, 1, 1), 0, ANY, 1, NULL },
    { JET_paramIndexTuplesLengthMin, SP_INTEGER, F(0, 0, 0, 1), 2, 255, 3, NULL },
    { JET_paramIndexTuplesLengthMax, SP_INTEGER, F(0, 0, 0, 1), 2, 255, 10, NULL },
    { JET_paramIndexTuplesToIndexMax, SP_INTEGER, F(0, 0, 0, 1), 1, 32767, 32767, NULL },
    { JET_paramAlternateDatabaseRecoveryPath, SP_FOLDER, F(0, 0, 0, 1), 0, 246, 0, "" },
    { JET_paramCachedClosedTables, SP_INTEGER, F(1, 0, 0, 0), 0, I32MAX, 64, NULL },
    { JET_paramEnableFileCache, SP_BOOLEAN, F(1, 1, 1, 1), 0, ANY, 0, NULL },
    { JET_paramEnableViewCache, SP_BOOLEAN, F(1, 1, 1, 1), 0, ANY, 0, NULL },
    { JET_paramVerPageSize, SP_BLOCKSIZE, F(1, 1, 1, 1), 1024, 65536, 16384 * sizeof(void *) / 4, NULL },
    { JET_paramConfiguration, SP_CONFIGURATION, F(0, 0, 0, 1), 0, CONFIG_MASK, JET_configDefault, NULL },
    { JET_paramEnableAdvanced, SP_BOOLEAN, F(0, 0, 0, 0), 0, ANY, 1, NULL },
    { JET_paramMaxColtyp, SP_READONLY, F(0, 1, 1, 1), 0, ANY, JET_coltypMax, NULL },
    { JET_paramIndexTupleIncrement, SP_INTEGER, F(0, 0, 0, 1), 0, 32767, 1, NULL },
    { JET_paramIndexTupleStart, SP_INTEGER, F(0, 0, 0, 0), 0, 32767, 0, NULL },
    { JET_paramKeyMost, SP_KEY_MOST, F(0, 0, 0, 0), 0, 0, 0, NULL },
    { JET_paramCheckpointIOMax, SP_INTEGER, F(1, 1, 0, 0), 1, 1024, 1, NULL },
    { JET_paramLegacyFileNames, SP_GRBIT, F(0, 0, 0, 1), 0, 255, JET_bitESE98FileNames | JET_bitEightDotThreeSoftCompat,
      NULL },
    { JET_paramTableClass1Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass1" },
    { JET_paramTableClass2Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass2" },
    { JET_paramTableClass3Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass3" },
    { JET_paramTableClass4Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass4" },
    { JET_paramTableClass5Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass5" },
    { JET_paramTableClass6Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass6" },
    { JET_paramTableClass7Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass7" },
    { JET_paramTableClass8Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass8" },
    { JET_paramTableClass9Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass9" },
    { JET_paramTableClass10Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass10" },
    { JET_paramTableClass11Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass11" },
    { JET_paramTableClass12Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass12" },
    { JET_paramTableClass13Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass13" },
    { JET_paramTableClass14Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass14" },
    { JET_paramTableClass15Name, SP_STRING, F(0, 1, 1, 1), 1, NAME_MOST, 0, "TableClass15" },
    { JET_paramIOPriority, SP_INTEGER, F(1, 0, 0, 0), 0, IO_PRIORITY_MAX, 0, NULL },
    { JET_paramWaypointLatency, SP_INTEGER, F(0, 0, 0, 1), 0, 1023, 0, NULL },
    { PARAM_DISABLE_BLOCK_VERIFICATION, SP_BOOLEAN, F(0, 1, 1, 1), 0, ANY, 0, NULL },
    { JET_paramEnablePersistedCallbacks, SP_BOOLEAN, F(0, 0, 0, 1), 0, ANY, 0, NULL },
    { PARAM_PERIODIC_LOG_ROLLOVER_LLR, SP_INTEGER, F(0, 0, 0, 1), 0, 7 * 24 * 60 * 60, 0, NULL },
    { JET_paramDefragmentSequentialBTrees, SP_BOOLEAN, F(0, 0, 0, 0), 0, ANY, 1, NULL },
    { JET_paramDefragmentSequentialBTreesDensityCheckFrequency, SP_INTEGER, F(0, 0, 0, 1), 0, ANY, 10, NULL },
    { JET_paramIOThrottlingTimeQuanta, SP_INTEGER, F(0, 1, 1, 1), 1, 10000, 100, NULL },
    { JET_paramLVChunkSizeMost, SP_LV_CHUNK, F(0, 1, 1, 1), 0, 0, 0, NULL },
    { JET_paramMaxCoalesceReadSize, SP_INTEGER, F(1, 1, 1, 1), 0, 10 * 1024 * 1024, 512 * 1024, NULL },
    { JET_paramMaxCoalesceWriteSize, SP_INTEGER, F(1, 1, 1, 1), 0, 10 * 1024 * 1024, 512 * 1024, NULL },
    { JET_paramMaxCoalesceReadGapSize, SP_INTEGER, F(1, 1, 1, 1), 0, 10 * 1024 * 1024, 512 * 1024, NULL },
    { JET_paramMaxCoalesceWriteGapSize, SP_INTEGER, F(1, 1, 1, 1), 0, 10 * 1024 * 1024, 512 * 1024, NULL },
    { JET_paramEnableDBScanInRecovery, SP_INTEGER, F(1, 0, 0, 0), 0, 2, 0, NULL },
    { JET_paramDbScanThrottle, SP_INTEGER, F(1, 0, 0, 0), 0, 60000, 20, NULL },
    { JET_paramDbScanIntervalMinSec, SP_INTEGER, F(1, 0, 0, 1), 0, 60 * 60 * 24 * 21, 60 * 60 * 24, NULL },
    { JET_paramDbScanIntervalMaxSec, SP_INTEGER, F(1, 0, 0, 1), 1, 60ull * 60 * 24 * 365 * 50, 60 * 60 * 24 * 7, NULL },
    { JET_paramCachePriority, SP_INTEGER, F(1, 0, 0, 0), 0, 1000, 100, NULL },
    { JET_paramMaxTransactionSize, SP_INTEGER, F(1, 0, 0, 0), 1, 100, 100, NULL },
    { JET_paramPrereadIOMax, SP_INTEGER, F(1, 0, 0, 0), 0, 256, 8, NULL },
    { JET_paramEnableDBScanSerialization, SP_BOOLEAN, F(1, 0, 0, 1), 0, 1, 0, NULL },
    { JET_paramHungIOThreshold, SP_INTEGER, F(1, 1, 1, 1), 11 * 1000, 30 * 60 * 1000, 30 * 1000, NULL },
    { JET_paramHungIOActions, SP_INTEGER, F(1, 1, 1, 1), 0, HUNG_IO_ACTIONS, JET_bitHungIOEvent, NULL },
    { JET_paramMinDataForXpress, SP_INTEGER, F(1, 1, 1, 1), 0, I32MAX, 1024, NULL },
    { JET_paramEnableShrinkDatabase, SP_GRBIT, F(0, 0, 0, 1), 0, 0xFFFF, 0, NULL },
    { JET_paramProcessFriendlyName, SP_STRING, F(0, 1, 1, 1), 0, NAME_MOST, 0, "" },
    { JET_paramDurableCommitCallback, SP_POINTER, F(1, 0, 0, 1), 0, ANY, 0, NULL },
    { JET_paramConfigStoreSpec, SP_STRING, F(0, 0, 0, 1), 0, 259, 0, "" },
    { PARAM_PERSISTED_LOST_FLUSH_DETECTION, SP_INTEGER, F(1, 0, 0, 1), 0, 7, 5, NULL },
    { PARAM_ENGINE_FORMAT_VERSION, SP_INTEGER, F(0, 0, 0, 0), 0, U32MAX, 0x40000001ull, NULL },
};

#undef F

#define PARAM_COUNT ((int)(sizeof(k_params) / sizeof(k_params[0])))

const sysparam_def *sysparam_at(int index)
{
    return (index >= 0 && index < PARAM_COUNT) ? &k_params[index] : NULL;
}

int sysparam_index(uint32_t paramid)
{
    int found = -1;
    for (int i = 0; i < PARAM_COUNT && found < 0; i++)
        if (k_params[i].id == paramid) found = i;
    return found;
}

static bool is_string_type(sysparam_type t) { return t == SP_STRING || t == SP_FOLDER || t == SP_PATH; }

int sysparam_string_slot(int index)
{
    int slot = -1;
    if (index >= 0 && index < PARAM_COUNT && is_string_type(k_params[index].type)) {
        slot = 0;
        for (int i = 0; i < index; i++)
            if (is_string_type(k_params[i].type)) slot++;
    }
    return slot;
}

int sysparam_string_count(void)
{
    int n = 0;
    for (int i = 0; i < PARAM_COUNT; i++)
        if (is_string_type(k_params[i].type)) n++;
    return n;
}

static uint16_t *str_at(const sysparam_values *v, int index)
{
    int s = sysparam_string_slot(index);
    return s >= 0 ? v->str + (size_t)s * SYSPARAM_STR_CAP : NULL;
}

JET_ERR sysparam_values_init(sysparam_values *v)
{
    JET_ERR err = JET_errSuccess;
    v->num = compat_calloc((size_t)PARAM_COUNT, sizeof(JET_API_PTR));
    v->str = compat_calloc((size_t)sysparam_string_count() * SYSPARAM_STR_CAP, sizeof(uint16_t));
    if (!v->num || !v->str) FAIL(JET_errOutOfMemory);
    for (int i = 0; i < PARAM_COUNT; i++) {
        uint16_t *dst = str_at(v, i);
        v->num[i] = (JET_API_PTR)k_params[i].def;
        if (dst) {
            const char *d = k_params[i].def_str;
            for (size_t k = 0; d[k]; k++) dst[k] = (uint16_t)(unsigned char)d[k];
        }
    }
done:
    if (err < 0) sysparam_values_free(v);
    return err;
}

JET_ERR sysparam_values_clone(sysparam_values *dst, const sysparam_values *src)
{
    JET_ERR err = JET_errSuccess;
    dst->num = compat_malloc((size_t)PARAM_COUNT * sizeof(JET_API_PTR));
    dst->str = compat_malloc((size_t)sysparam_string_count() * SYSPARAM_STR_CAP * sizeof(uint16_t));
    if (!dst->num || !dst->str) FAIL(JET_errOutOfMemory);
    memcpy(dst->num, src->num, (size_t)PARAM_COUNT * sizeof(JET_API_PTR));
    memcpy(dst->str, src->str, (size_t)sysparam_string_count() * SYSPARAM_STR_CAP * sizeof(uint16_t));
done:
    if (err < 0) sysparam_values_free(dst);
    return err;
}

void sysparam_values_free(sysparam_values *v)
{
    compat_free(v->num);
    compat_free(v->str);
    v->num = NULL;
    v->str = NULL;
}

bool sysparam_string_equals(const sysparam_values *v, int index, const uint16_t *s)
{
    static const uint16_t empty[1] = { 0 };
    const uint16_t *cur = str_at(v, index);
    size_t i = 0;
    bool equal = false;
    if (cur) {
        if (!s) s = empty;
        for (; cur[i] && cur[i] == s[i]; i++) {}
        equal = cur[i] == s[i];
    }
    return equal;
}

/* ---- paths ---- */

static bool is_sep16(uint16_t c) { return c == '\\' || c == '/'; }

/* A bare file name: no folder part and no drive (FUtilFileOnlyName). */
static bool file_only_name(const uint16_t *w)
{
    bool only = true;
    for (size_t i = 0; w[i] && only; i++)
        if (is_sep16(w[i]) || w[i] == ':') only = false;
    return only;
}

/* The completed (absolute) form of w, with a trailing separator when folder is
 * set (ErrPathComplete + ErrPathFolderNorm), into out (cap units with the NUL).
 * An empty path completes to the current directory, as _wfullpath does. */
static JET_ERR complete_path(const uint16_t *w, bool folder, uint16_t *out, size_t cap, size_t *out_len)
{
    JET_ERR err = JET_errSuccess;
    char in8[PATH_U8_CAP], abs8[PATH_U8_CAP];
    size_t n = 0;
    compat_err e;
    *out_len = 0;
    e = compat_utf16_to_utf8(w, SIZE_MAX, in8, sizeof in8, &n);
    if (e == COMPAT_OK) e = in8[0] ? compat_path_absolute(in8, abs8, sizeof abs8) : compat_current_dir(abs8, sizeof abs8);
    if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
    if (e == COMPAT_ERANGE) FAIL(JET_errInvalidParameter); /* longer than any range */
    if (e != COMPAT_OK) FAIL(JET_errInvalidPath);
    e = compat_utf8_to_utf16(abs8, SIZE_MAX, out, cap - 1, &n);
    if (e != COMPAT_OK) FAIL(e == COMPAT_ERANGE ? JET_errInvalidParameter : JET_errInvalidPath);
    n--; /* the NUL was converted too */
    if (folder && (n == 0 || !is_sep16(out[n - 1]))) {
        out[n++] = (uint16_t)compat_path_separator();
        out[n] = 0;
    }
    *out_len = n;
done:
    return err;
}

/* SetString / SetFolder / SetPath after ValidateSet. */
static JET_ERR write_string(const sysparam_def *d, uint16_t *cur, const uint16_t *wstr)
{
    JET_ERR err = JET_errSuccess;
    uint16_t full[PATH_U8_CAP];
    size_t n = utf16_len(wstr);
    const uint16_t *src = wstr;
    if (d->type == SP_FOLDER || d->type == SP_PATH) {
        CHECK(complete_path(wstr, d->type == SP_FOLDER, full, sizeof full / sizeof full[0], &n));
        if (n < d->low || n > d->high) FAIL(JET_errInvalidParameter);
        src = full;
        if (d->type == SP_PATH && (utf16_len(wstr) == 0 || !is_sep16(wstr[utf16_len(wstr) - 1])) && file_only_name(wstr)) {
            src = wstr; /* a bare file name stays as given */
            n = utf16_len(wstr);
        }
    }
    if (n + 1 > SYSPARAM_STR_CAP) FAIL(JET_errInvalidParameter);
    memcpy(cur, src, n * sizeof(uint16_t));
    cur[n] = 0;
done:
    return err;
}

/* JET_paramUnicodeIndexDefault is kept as (lcid << 32 | LCMapFlags); 0 is the built-in
 * default, en-US with ignore case, kana type and width (dwLCMapFlagsDefault). */
#define UNICODE_LCID_DEFAULT 0x409u
#define UNICODE_FLAGS_DEFAULT 0x30401u
#define UNICODE_FLAGS_KNOWN                                                                                      \
    (COMPAT_NORM_IGNORECASE | COMPAT_NORM_IGNORENONSPACE | COMPAT_NORM_IGNORESYMBOLS | COMPAT_SORT_DIGITSASNUMBERS | \
     COMPAT_LINGUISTIC_IGNORECASE | COMPAT_LINGUISTIC_IGNOREDIACRITIC | COMPAT_LCMAP_SORTKEY | COMPAT_LCMAP_BYTEREV | \
     COMPAT_SORT_STRINGSORT | COMPAT_NORM_IGNOREKANATYPE | COMPAT_NORM_IGNOREWIDTH | COMPAT_NORM_LINGUISTIC_CASING)

void sysparam_unicode_default(const sysparam_values *v, uint32_t *lcid, uint32_t *flags)
{
    uint64_t packed = (uint64_t)v->num[sysparam_index(JET_paramUnicodeIndexDefault)];
    *lcid = packed != 0 ? (uint32_t)(packed >> 32) : UNICODE_LCID_DEFAULT;
    *flags = packed != 0 ? (uint32_t)packed : UNICODE_FLAGS_DEFAULT;
}

/* SetUnicodeIndexDefault: num points at a JET_UNICODEINDEX (NULL: back to the built-in
 * default); a locale this engine does not know, or LCMapFlags it does not know, is
 * JET_errInvalidParameter (ErrNORMLcidToLocale, ErrNORMCheckLCMapFlags). */
static JET_ERR write_unicode_index(sysparam_values *v, int index, JET_API_PTR num)
{
    JET_ERR err = JET_errSuccess;
    JET_UNICODEINDEX ui;
    char locale[96];
    if (num == 0) {
        v->num[index] = 0;
        goto done;
    }
    memcpy(&ui, (const void *)num, sizeof ui);
    if (compat_locale_from_lcid(ui.lcid, locale, sizeof locale) != COMPAT_OK) FAIL(JET_errInvalidParameter);
    ui.dwMapFlags |= COMPAT_LCMAP_SORTKEY; /* ErrNORMCheckLCMapFlags */
    if (ui.dwMapFlags & ~(uint32_t)UNICODE_FLAGS_KNOWN) FAIL(JET_errInvalidParameter);
    if (sizeof(JET_API_PTR) < sizeof(uint64_t)) FAIL(JET_errInvalidParameter);
    v->num[index] = (JET_API_PTR)(((uint64_t)ui.lcid << 32) | ui.dwMapFlags);
done:
    return err;
}

/* JET_paramPrintFunction's function: the engine prints nothing, so neither does this. */
static int print_nothing(const char *format, ...)
{
    (void)format;
    return 0;
}

JET_ERR sysparam_write(sysparam_values *v, int index, JET_API_PTR num, const uint16_t *wstr,
                       bool global_init, bool inst_init)
{
    static const uint16_t empty[1] = { 0 };
    JET_ERR err = JET_errSuccess;
    const sysparam_def *d = sysparam_at(index);
    uint16_t *cur = str_at(v, index);
    uint64_t x = (uint64_t)num;

    if (!d) FAIL(JET_errInvalidParameter);
    /* Advanced parameters are ignored while advanced mode is off (ErrSetSystemParameter). */
    if (d->advanced && v->num[sysparam_index(JET_paramEnableAdvanced)] == 0) goto done;
    if (d->type == SP_ERRORTEXT || d->type == SP_KEY_MOST || d->type == SP_LV_CHUNK || d->type == SP_READONLY ||
        d->type == SP_PRINT_FUNCTION || d->type == SP_TRX_LEVEL || d->type == SP_LOG_GENERATION)
        FAIL(JET_errInvalidParameter); /* CJetParam::IllegalSet */
    if (d->type == SP_UNICODE_INDEX) {
        if (d->fixed_after_inst_init && inst_init) FAIL(JET_errAlreadyInitialized);
        CHECK(write_unicode_index(v, index, num));
        goto done;
    }
    if (d->type == SP_CONFIGURATION) {
        /* SetConfiguration: no "same value" shortcut. */
        if (global_init || inst_init) FAIL(JET_errAlreadyInitialized);
        if (x > d->high) FAIL(JET_errInvalidParameter);
        v->num[index] = num;
        goto done;
    }
    if (!wstr) wstr = empty;
    /* ValidateSet: the value in force is always accepted. For strings ESE compares
     * the pointers, which never match a caller's buffer: no shortcut. */
    if (!cur && v->num[index] == num) goto done;
    if (d->fixed_after_global_init && global_init) FAIL(JET_errAlreadyInitialized);
    if (d->fixed_after_inst_init && inst_init) FAIL(JET_errAlreadyInitialized);
    if (cur) {
        size_t n = utf16_len(wstr);
        if (n < d->low || n > d->high) FAIL(JET_errInvalidParameter);
        CHECK(write_string(d, cur, wstr));
        v->num[index] = 1; /* set by the application (sysparam_string_was_set) */
        goto done;
    }
    if (d->type == SP_GRBIT ? (x & ~d->high) != 0 : (x < d->low || x > d->high)) FAIL(JET_errInvalidParameter);
    if (d->type == SP_BLOCKSIZE && (x & (x - 1)) != 0) FAIL(JET_errInvalidParameter);
    v->num[index] = d->type == SP_BOOLEAN ? (num ? 1 : 0) : num;
done:
    return err;
}

bool sysparam_string_was_set(const sysparam_values *v, int index)
{
    return str_at((sysparam_values *)v, index) != NULL && v->num[index] != 0;
}

/* The page size every instance shares (fixed once a mode is chosen). */
static uint64_t page_size(const sysparam_values *v)
{
    return (uint64_t)v->num[sysparam_index(JET_paramDatabasePageSize)];
}

/* JET_paramCacheSize (GetCacheSize): the size the cache is to have, the value set (none:
 * JET_paramCacheSizeMax) within JET_paramCacheSizeMin..JET_paramCacheSizeMax. */
static JET_API_PTR cache_size(const sysparam_values *v, int index)
{
    JET_API_PTR lo = v->num[sysparam_index(JET_paramCacheSizeMin)], hi = v->num[sysparam_index(JET_paramCacheSizeMax)];
    JET_API_PTR want = v->num[index] != 0 ? v->num[index] : hi;
    if (want > hi) want = hi;
    if (want < lo) want = lo;
    return want;
}

JET_ERR sysparam_read(const sysparam_values *v, int index, JET_API_PTR *pnum, uint16_t *wbuf, size_t cb)
{
    JET_ERR err = JET_errSuccess;
    const sysparam_def *d = sysparam_at(index);
    const uint16_t *cur = str_at(v, index);
    if (!d || d->type == SP_ERRORTEXT) FAIL(JET_errInvalidParameter);
    if (!cur) {
        uint64_t ps = page_size(v);
        if (!pnum) FAIL(JET_errInvalidParameter);
        if (d->type == SP_KEY_MOST)
            *pnum = ps <= 4096 ? JET_cbKeyMost4KBytePage : JET_cbKeyMost8KBytePage; /* CbKeyMostForPage */
        else if (d->type == SP_LV_CHUNK)
            /* InitVariablesWithPageSize: small pages lose the chunk overhead (42) and
             * the page header (40); 16 and 32 KiB pages use fixed sizes. */
            *pnum = ps <= 8192 ? (JET_API_PTR)(ps - 82) : ps == 16384 ? 4050 : 8150;
        else if (d->type == SP_PRINT_FUNCTION)
            *pnum = (JET_API_PTR)&print_nothing;
        else if (d->type == SP_TRX_LEVEL || d->type == SP_LOG_GENERATION)
            FAIL(JET_errInvalidParameter); /* no session given; no recovery running */
        else if (d->type == SP_CACHE_SIZE)
            *pnum = cache_size(v, index);
        else if (d->type == SP_UNICODE_INDEX) {
            JET_UNICODEINDEX ui;
            if (cb < sizeof ui) FAIL(JET_errBufferTooSmall);
            sysparam_unicode_default(v, &ui.lcid, &ui.dwMapFlags);
            memcpy(pnum, &ui, sizeof ui);
        } else
            *pnum = v->num[index];
        goto done;
    }
    /* GetString: StringCbCopyW semantics (no room for even the NUL: invalid). */
    if (!wbuf || cb < sizeof(char) || cb / sizeof(uint16_t) == 0) FAIL(JET_errInvalidParameter);
    {
        size_t n = utf16_len(cur), cap = cb / sizeof(uint16_t);
        if (n + 1 > cap) {
            memcpy(wbuf, cur, (cap - 1) * sizeof(uint16_t));
            wbuf[cap - 1] = 0;
            FAIL(JET_errBufferTooSmall);
        }
        memcpy(wbuf, cur, (n + 1) * sizeof(uint16_t));
    }
done:
    return err;
}

JET_ERR sysparam_resolve_paths(sysparam_values *v)
{
    static const uint16_t tmp_name[] = { 't', 'm', 'p', '.', 'e', 'd', 'b', 0 };
    JET_ERR err = JET_errSuccess;
    uint16_t full[PATH_U8_CAP], joined[2 * SYSPARAM_STR_CAP];
    const int sys = sysparam_index(JET_paramSystemPath), log = sysparam_index(JET_paramLogFilePath),
              tmp = sysparam_index(JET_paramTempPath);
    uint16_t *tcur = str_at(v, tmp);
    size_t n = 0, k = 0;

    /* System and log folders: completed again against today's directory; a
     * failure leaves the value as it was. */
    for (int pass = 0; pass < 2; pass++) {
        uint16_t *cur = str_at(v, pass == 0 ? sys : log);
        JET_ERR e = complete_path(cur, true, full, sizeof full / sizeof full[0], &n);
        /* out of memory is not a path that cannot be completed: the instance would
         * keep its log under a name its folder never had (".\" on POSIX) */
        if (e == JET_errOutOfMemory) FAIL(e);
        if (e >= 0 && n + 1 <= SYSPARAM_STR_CAP) memcpy(cur, full, (n + 1) * sizeof(uint16_t));
    }
    /* The temporary database: a relative path is taken from the system folder. */
    {
        const uint16_t *scur = str_at(v, sys);
        bool relative = !(is_sep16(tcur[0]) || (tcur[0] && tcur[1] == ':'));
        k = 0;
        if (relative)
            for (size_t i = 0; scur[i]; i++) joined[k++] = scur[i];
        for (size_t i = 0; tcur[i]; i++) joined[k++] = tcur[i];
        if (k == 0 || is_sep16(joined[k - 1]))
            for (size_t i = 0; tmp_name[i]; i++) joined[k++] = tmp_name[i];
        joined[k] = 0;
        CHECK(complete_path(joined, false, full, sizeof full / sizeof full[0], &n));
        if (n + 1 > SYSPARAM_STR_CAP) FAIL(JET_errInvalidParameter);
        memcpy(tcur, full, (n + 1) * sizeof(uint16_t));
    }
done:
    return err;
}
