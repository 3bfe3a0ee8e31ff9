/* api_backup.c: the backup and restore API (jetapi.cxx's EXTERNAL BACKUP section,
 * JetBackup, JetRestore): handles and strings checked and converted here, the work in
 * lifecycle/backup.c and lifecycle/restore.c. The functions without an instance act on
 * the process's one instance (ErrRUNINSTCheckOneInstMode). */
#include <string.h>

#include "api_enter.h"
#include "backup.h"
#include "restore.h"
#include "utf16.h"

/* coverage: JetBeginExternalBackupInstance partial: JET_bitBackupIncremental needs a full backup made earlier in the same run of the instance (ESE reads it from the database header) */
/* coverage: JetBeginExternalBackup partial: as JetBeginExternalBackupInstance */
/* coverage: JetOpenFileInstanceW partial: a database reads as its file, (last page + 2) pages, without ESE's patch page */
/* coverage: JetOpenFileInstanceA partial: as JetOpenFileInstanceW */
/* coverage: JetOpenFileW partial: as JetOpenFileInstanceW */
/* coverage: JetOpenFileA partial: as JetOpenFileInstanceW */
/* coverage: JetBackupInstanceW partial: no JET_bitBackupAtomic; incremental as JetBeginExternalBackupInstance */
/* coverage: JetBackupInstanceA partial: as JetBackupInstanceW */
/* coverage: JetBackupW partial: as JetBackupInstanceW */
/* coverage: JetBackupA partial: as JetBackupInstanceW */
/* coverage: JetRestoreInstanceW partial: the log folder must hold no other log set; the status callback is told only the begin and the end */
/* coverage: JetRestoreInstanceA partial: as JetRestoreInstanceW */
/* coverage: JetRestoreW partial: as JetRestoreInstanceW */
/* coverage: JetRestoreA partial: as JetRestoreInstanceW */
/* coverage: JetRestore2W partial: as JetRestoreInstanceW */
/* coverage: JetRestore2A partial: as JetRestoreInstanceW */

/* ErrRUNINSTCheckOneInstMode: the functions without an instance need one-instance mode. */
static JET_ERR one_instance(void)
{
    jet_process *p = instance_process();
    run_mode mode;
    if (!p) return JET_errInvalidParameter;
    compat_rwlock_read_lock(&p->lock);
    mode = p->mode;
    compat_rwlock_read_unlock(&p->lock);
    if (mode == RUN_MODE_MULTI) return JET_errRunningInMultiInstanceMode;
    if (mode == RUN_MODE_NONE) return JET_errNotInitialized;
    return JET_errSuccess;
}

/* A UTF-8 multi-string list given back as UTF-16 (ESE's W functions: the bytes that fit
 * copied; *pcb the whole size, or with a buffer and copy_min, what was copied). */
static JET_ERR give_w(const char *list, size_t cb_list, uint16_t *out, uint32_t cb_max, uint32_t *pcb, bool copy_min)
{
    JET_ERR err = JET_errSuccess;
    uint16_t *w = NULL;
    size_t n = 0, cap = 0, cb;
    (void)cb_list;
    for (const char *p = list; *p != '\0'; p += strlen(p) + 1u) {
        uint16_t *one = NULL;
        size_t len;
        CHECK(utf16_from_utf8(p, &one));
        len = utf16_len(one) + 1u;
        if (n + len + 1u > cap) {
            size_t c = cap ? cap : 128u;
            uint16_t *g;
            while (c < n + len + 1u) c *= 2u;
            g = compat_realloc(w, c * sizeof *g);
            if (g == NULL) {
                compat_free(one);
                FAIL(JET_errOutOfMemory);
            }
            w = g;
            cap = c;
        }
        memcpy(w + n, one, len * sizeof *one);
        n += len;
        compat_free(one);
    }
    if (w == NULL) {
        w = compat_malloc(sizeof *w);
        if (w == NULL) FAIL(JET_errOutOfMemory);
    }
    w[n++] = 0;
    cb = n * sizeof *w;
    if (out != NULL) memcpy(out, w, cb_max < cb ? cb_max : cb);
    if (pcb != NULL) *pcb = (uint32_t)(out != NULL && copy_min && cb_max < cb ? cb_max : cb);
done:
    compat_free(w);
    return err;
}

/* As given back by the A functions (ErrOSSTRUnicodeToAsciiM): no buffer gives the size,
 * a buffer too small JET_errBufferTooSmall. Narrow strings are UTF-8 here. */
static JET_ERR give_a(const char *list, size_t cb_list, char *out, uint32_t cb_max, uint32_t *pcb)
{
    if (out != NULL && cb_max > 0) {
        if (cb_max < cb_list) return JET_errBufferTooSmall;
        memcpy(out, list, cb_list);
    }
    if (pcb != NULL) *pcb = (uint32_t)cb_list;
    return JET_errSuccess;
}

static JET_ERR to_utf8(const uint16_t *w, char **out)
{
    *out = NULL;
    if (w == NULL) return JET_errSuccess;
    return utf16_to_utf8(w, out);
}

/* ---- JetBeginExternalBackup ---- */

static JET_ERR begin(JET_INSTANCE instance, bool validate, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err < 0) return err;
    err = backup_begin(c.inst, grbit);
    api_leave_instance(&c);
    return err;
}

JET_ERR JET_API JetBeginExternalBackupInstance(JET_INSTANCE instance, JET_GRBIT grbit)
{
    return begin(instance, true, grbit);
}

JET_ERR JET_API JetBeginExternalBackup(JET_GRBIT grbit)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : begin(0, false, grbit);
}

/* ---- JetGetAttachInfo ---- */

static JET_ERR attach_info(JET_INSTANCE instance, bool validate, void *out, uint32_t cb_max, uint32_t *pcb, bool wide)
{
    api_call c;
    char *list = NULL;
    size_t cb = 0;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err < 0) return err;
    err = backup_attach_info(c.inst, &list, &cb);
    api_leave_instance(&c);
    if (err >= 0) err = wide ? give_w(list, cb, out, cb_max, pcb, false) : give_a(list, cb, out, cb_max, pcb);
    compat_free(list);
    return err;
}

JET_ERR JET_API JetGetAttachInfoInstanceW(JET_INSTANCE instance, JET_PWSTR wszzDatabases, uint32_t cbMax, uint32_t *pcbActual)
{
    return attach_info(instance, true, wszzDatabases, cbMax, pcbActual, true);
}

JET_ERR JET_API JetGetAttachInfoInstanceA(JET_INSTANCE instance, JET_PSTR szzDatabases, uint32_t cbMax, uint32_t *pcbActual)
{
    return attach_info(instance, true, szzDatabases, cbMax, pcbActual, false);
}

JET_ERR JET_API JetGetAttachInfoW(JET_PWSTR wszzDatabases, uint32_t cbMax, uint32_t *pcbActual)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : attach_info(0, false, wszzDatabases, cbMax, pcbActual, true);
}

JET_ERR JET_API JetGetAttachInfoA(JET_PSTR szzDatabases, uint32_t cbMax, uint32_t *pcbActual)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : attach_info(0, false, szzDatabases, cbMax, pcbActual, false);
}

/* ---- JetOpenFile / JetReadFile / JetCloseFile ---- */

static JET_ERR open_file(JET_INSTANCE instance, bool validate, const char *path, JET_HANDLE *ph, uint32_t *plow,
                         uint32_t *phigh)
{
    api_call c;
    uint64_t cb = 0;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err < 0) return err;
    if (plow == NULL || phigh == NULL) err = JET_errInvalidParameter;
    else err = backup_open_file(c.inst, path, ph, &cb);
    api_leave_instance(&c);
    if (err >= 0) {
        *plow = (uint32_t)cb;
        *phigh = (uint32_t)(cb >> 32);
    }
    return err;
}

static JET_ERR open_file_w(JET_INSTANCE instance, bool validate, const uint16_t *path, JET_HANDLE *ph, uint32_t *plow,
                           uint32_t *phigh)
{
    char *u8 = NULL;
    JET_ERR err = to_utf8(path, &u8);
    if (err >= 0) err = open_file(instance, validate, u8, ph, plow, phigh);
    compat_free(u8);
    return err;
}

JET_ERR JET_API JetOpenFileInstanceW(JET_INSTANCE instance, JET_PCWSTR szFileName, JET_HANDLE *phfFile,
                                     uint32_t *pulFileSizeLow, uint32_t *pulFileSizeHigh)
{
    return open_file_w(instance, true, szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh);
}

JET_ERR JET_API JetOpenFileInstanceA(JET_INSTANCE instance, JET_PCSTR szFileName, JET_HANDLE *phfFile,
                                     uint32_t *pulFileSizeLow, uint32_t *pulFileSizeHigh)
{
    return open_file(instance, true, szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh);
}

JET_ERR JET_API JetOpenFileW(JET_PCWSTR szFileName, JET_HANDLE *phfFile, uint32_t *pulFileSizeLow, uint32_t *pulFileSizeHigh)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : open_file_w(0, false, szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh);
}

JET_ERR JET_API JetOpenFileA(JET_PCSTR szFileName, JET_HANDLE *phfFile, uint32_t *pulFileSizeLow, uint32_t *pulFileSizeHigh)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : open_file(0, false, szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh);
}

/* ErrBKReadFile wants a buffer on a page boundary (OSMemoryPageCommitGranularity). */
#define BACKUP_BUFFER_ALIGN 4096u

static JET_ERR read_file(JET_INSTANCE instance, bool validate, JET_HANDLE h, void *pv, uint32_t cb, uint32_t *pcb)
{
    api_call c;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err < 0) return err;
    if ((uintptr_t)pv % BACKUP_BUFFER_ALIGN != 0) err = JET_errInvalidParameter;
    else err = backup_read_file(c.inst, h, pv, cb, pcb);
    api_leave_instance(&c);
    return err;
}

JET_ERR JET_API JetReadFileInstance(JET_INSTANCE instance, JET_HANDLE hfFile, void *pv, uint32_t cb, uint32_t *pcbActual)
{
    return read_file(instance, true, hfFile, pv, cb, pcbActual);
}

JET_ERR JET_API JetReadFile(JET_HANDLE hfFile, void *pv, uint32_t cb, uint32_t *pcbActual)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : read_file(0, false, hfFile, pv, cb, pcbActual);
}

static JET_ERR close_file(JET_INSTANCE instance, bool validate, JET_HANDLE h)
{
    api_call c;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err < 0) return err;
    err = backup_close_file(c.inst, h);
    api_leave_instance(&c);
    return err;
}

JET_ERR JET_API JetCloseFileInstance(JET_INSTANCE instance, JET_HANDLE hfFile)
{
    return close_file(instance, true, hfFile);
}

JET_ERR JET_API JetCloseFile(JET_HANDLE hfFile)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : close_file(0, false, hfFile);
}

/* ---- JetGetLogInfo / JetGetTruncateLogInfo ---- */

typedef struct log_info_out {
    uint32_t low, high;
    char base[8];
} log_info_out;

static JET_ERR log_info(JET_INSTANCE instance, bool validate, bool truncate, void *out, uint32_t cb_max, uint32_t *pcb,
                        bool wide, log_info_out *info)
{
    api_call c;
    char *list = NULL;
    size_t cb = 0;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err < 0) return err;
    err = backup_log_info(c.inst, truncate, &list, &cb, info ? &info->low : NULL, info ? &info->high : NULL);
    if (err >= 0 && info != NULL) {
        uint16_t w[SYSPARAM_STR_CAP];
        memset(info->base, 0, sizeof info->base);
        if (sysparam_read(&c.inst->params, sysparam_index(JET_paramBaseName), NULL, w, sizeof w) >= 0)
            for (uint32_t i = 0; i < JET_BASE_NAME_LENGTH && w[i] != 0; i++) info->base[i] = (char)w[i];
    }
    api_leave_instance(&c);
    if (err >= 0) err = wide ? give_w(list, cb, out, cb_max, pcb, true) : give_a(list, cb, out, cb_max, pcb);
    compat_free(list);
    return err;
}

JET_ERR JET_API JetGetLogInfoInstanceW(JET_INSTANCE instance, JET_PWSTR wszzLogs, uint32_t cbMax, uint32_t *pcbActual)
{
    return log_info(instance, true, false, wszzLogs, cbMax, pcbActual, true, NULL);
}

JET_ERR JET_API JetGetLogInfoInstanceA(JET_INSTANCE instance, JET_PSTR szzLogs, uint32_t cbMax, uint32_t *pcbActual)
{
    return log_info(instance, true, false, szzLogs, cbMax, pcbActual, false, NULL);
}

JET_ERR JET_API JetGetLogInfoW(JET_PWSTR szzLogs, uint32_t cbMax, uint32_t *pcbActual)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : log_info(0, false, false, szzLogs, cbMax, pcbActual, true, NULL);
}

JET_ERR JET_API JetGetLogInfoA(JET_PSTR szzLogs, uint32_t cbMax, uint32_t *pcbActual)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : log_info(0, false, false, szzLogs, cbMax, pcbActual, false, NULL);
}

JET_ERR JET_API JetGetLogInfoInstance2W(JET_INSTANCE instance, JET_PWSTR wszzLogs, uint32_t cbMax, uint32_t *pcbActual,
                                        JET_LOGINFO_W *pLogInfo)
{
    log_info_out info;
    JET_ERR err;
    if (pLogInfo != NULL && pLogInfo->cbSize != sizeof *pLogInfo) return JET_errInvalidParameter;
    err = log_info(instance, true, false, wszzLogs, cbMax, pcbActual, true, pLogInfo ? &info : NULL);
    if (err >= 0 && pLogInfo != NULL) {
        pLogInfo->ulGenLow = info.low;
        pLogInfo->ulGenHigh = info.high;
        for (uint32_t i = 0; i <= JET_BASE_NAME_LENGTH; i++) pLogInfo->szBaseName[i] = (WCHAR)(unsigned char)info.base[i];
    }
    return err;
}

JET_ERR JET_API JetGetLogInfoInstance2A(JET_INSTANCE instance, JET_PSTR szzLogs, uint32_t cbMax, uint32_t *pcbActual,
                                        JET_LOGINFO_A *pLogInfo)
{
    log_info_out info;
    JET_ERR err;
    if (pLogInfo != NULL && pLogInfo->cbSize != sizeof *pLogInfo) return JET_errInvalidParameter;
    err = log_info(instance, true, false, szzLogs, cbMax, pcbActual, false, pLogInfo ? &info : NULL);
    if (err >= 0 && pLogInfo != NULL) {
        pLogInfo->ulGenLow = info.low;
        pLogInfo->ulGenHigh = info.high;
        memcpy(pLogInfo->szBaseName, info.base, JET_BASE_NAME_LENGTH + 1);
    }
    return err;
}

JET_ERR JET_API JetGetTruncateLogInfoInstanceW(JET_INSTANCE instance, JET_PWSTR wszzLogs, uint32_t cbMax, uint32_t *pcbActual)
{
    return log_info(instance, true, true, wszzLogs, cbMax, pcbActual, true, NULL);
}

JET_ERR JET_API JetGetTruncateLogInfoInstanceA(JET_INSTANCE instance, JET_PSTR szzLogs, uint32_t cbMax, uint32_t *pcbActual)
{
    return log_info(instance, true, true, szzLogs, cbMax, pcbActual, false, NULL);
}

/* ---- JetTruncateLog ---- */

static JET_ERR truncate_log(JET_INSTANCE instance, bool validate)
{
    api_call c;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err < 0) return err;
    err = backup_truncate(c.inst);
    api_leave_instance(&c);
    return err;
}

JET_ERR JET_API JetTruncateLogInstance(JET_INSTANCE instance)
{
    return truncate_log(instance, true);
}

JET_ERR JET_API JetTruncateLog(void)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : truncate_log(0, false);
}

/* ---- JetEndExternalBackup ---- */

static JET_ERR end_backup(JET_INSTANCE instance, bool validate, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err < 0) return err;
    err = backup_end(c.inst, grbit);
    api_leave_instance(&c);
    return err;
}

JET_ERR JET_API JetEndExternalBackupInstance2(JET_INSTANCE instance, JET_GRBIT grbit)
{
    return end_backup(instance, true, grbit);
}

JET_ERR JET_API JetEndExternalBackupInstance(JET_INSTANCE instance)
{
    return end_backup(instance, true, JET_bitBackupEndNormal);
}

JET_ERR JET_API JetEndExternalBackup(void)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : end_backup(0, false, JET_bitBackupEndNormal);
}

/* ---- JetBackup ---- */

static JET_ERR backup(JET_INSTANCE instance, bool validate, const char *folder, JET_GRBIT grbit, JET_PFNSTATUS pfn)
{
    api_call c;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err < 0) return err;
    err = backup_to_folder(c.inst, folder, grbit, pfn);
    api_leave_instance(&c);
    return err;
}

static JET_ERR backup_w(JET_INSTANCE instance, bool validate, const uint16_t *folder, JET_GRBIT grbit, JET_PFNSTATUS pfn)
{
    char *u8 = NULL;
    JET_ERR err = to_utf8(folder, &u8);
    if (err >= 0) err = backup(instance, validate, u8, grbit, pfn);
    compat_free(u8);
    return err;
}

JET_ERR JET_API JetBackupInstanceA(JET_INSTANCE instance, JET_PCSTR szBackupPath, JET_GRBIT grbit, JET_PFNSTATUS pfnStatus)
{
    return backup(instance, true, szBackupPath, grbit, pfnStatus);
}

JET_ERR JET_API JetBackupInstanceW(JET_INSTANCE instance, JET_PCWSTR szBackupPath, JET_GRBIT grbit, JET_PFNSTATUS pfnStatus)
{
    return backup_w(instance, true, szBackupPath, grbit, pfnStatus);
}

JET_ERR JET_API JetBackupA(JET_PCSTR szBackupPath, JET_GRBIT grbit, JET_PFNSTATUS pfnStatus)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : backup(0, false, szBackupPath, grbit, pfnStatus);
}

JET_ERR JET_API JetBackupW(JET_PCWSTR szBackupPath, JET_GRBIT grbit, JET_PFNSTATUS pfnStatus)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : backup_w(0, false, szBackupPath, grbit, pfnStatus);
}

/* ---- JetRestore ---- */

/* JetRestoreInstanceEx: on a created instance not yet initialised, or (no instance
 * given) on one made for the restore and freed after it (in one-instance mode the
 * process's instance if there is one). The instance says JET_errRestoreInProgress to
 * every call meanwhile. */
static JET_ERR restore_instance(JET_INSTANCE instance, bool given, const char *src, const char *dest, JET_PFNSTATUS pfn)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    jet_instance *inst = NULL;
    bool made = false, nil = instance == 0 || instance == JET_instanceNil;

    if (!p) return JET_errInvalidParameter;
    compat_rwlock_write_lock(&p->lock);
    if (given) CHECK(instance_validate(p, instance)); /* JET_VALIDATE_INSTANCE */
    if (!given && p->mode == RUN_MODE_MULTI) FAIL(JET_errRunningInMultiInstanceMode);
    if (!nil || (!given && p->mode == RUN_MODE_ONE && atomic_load(&p->instances_alive) != 0)) {
        CHECK(instance_find(p, instance, &inst));
    } else {
        if (p->mode == RUN_MODE_NONE) p->mode = given ? RUN_MODE_MULTI : RUN_MODE_ONE;
        err = instance_new(p, NULL, NULL, &inst);
        if (err < 0 && atomic_load(&p->instances_alive) == 0) p->mode = RUN_MODE_NONE;
        CHECK(err);
        made = true;
    }
    compat_mutex_lock(&inst->lock);
    if (inst->initialized) err = JET_errAlreadyInitialized;
    else if (inst->restoring) err = JET_errRestoreInProgress;
    else inst->restoring = true;
    compat_mutex_unlock(&inst->lock);
    if (err < 0) {
        if (made) instance_free_locked(p, inst);
        goto done;
    }
    compat_rwlock_write_unlock(&p->lock);
    err = src == NULL || src[0] == '\0' ? JET_errInvalidParameter : restore_run(inst, src, dest, pfn);
    compat_rwlock_write_lock(&p->lock);
    compat_mutex_lock(&inst->lock);
    inst->restoring = false;
    compat_mutex_unlock(&inst->lock);
    if (made) instance_free_locked(p, inst);
done:
    compat_rwlock_write_unlock(&p->lock);
    return err;
}

static JET_ERR restore_w(JET_INSTANCE instance, bool given, const uint16_t *src, const uint16_t *dest, JET_PFNSTATUS pfn)
{
    char *s = NULL, *d = NULL;
    JET_ERR err = to_utf8(src, &s);
    if (err >= 0) err = to_utf8(dest, &d);
    if (err >= 0) err = restore_instance(instance, given, s, d, pfn);
    compat_free(s);
    compat_free(d);
    return err;
}

JET_ERR JET_API JetRestoreInstanceA(JET_INSTANCE instance, JET_PCSTR sz, JET_PCSTR szDest, JET_PFNSTATUS pfn)
{
    return restore_instance(instance, true, sz, szDest, pfn);
}

JET_ERR JET_API JetRestoreInstanceW(JET_INSTANCE instance, JET_PCWSTR sz, JET_PCWSTR szDest, JET_PFNSTATUS pfn)
{
    return restore_w(instance, true, sz, szDest, pfn);
}

JET_ERR JET_API JetRestore2A(JET_PCSTR sz, JET_PCSTR szDest, JET_PFNSTATUS pfn)
{
    return restore_instance(0, false, sz, szDest, pfn);
}

JET_ERR JET_API JetRestore2W(JET_PCWSTR sz, JET_PCWSTR szDest, JET_PFNSTATUS pfn)
{
    return restore_w(0, false, sz, szDest, pfn);
}

JET_ERR JET_API JetRestoreA(JET_PCSTR szSource, JET_PFNSTATUS pfn)
{
    return restore_instance(0, false, szSource, NULL, pfn);
}

JET_ERR JET_API JetRestoreW(JET_PCWSTR szSource, JET_PFNSTATUS pfn)
{
    return restore_w(0, false, szSource, NULL, pfn);
}

/* ---- JetStopBackup ---- */

/* JetStopBackupInstanceEx: the instance's backup under way, if any, is stopped
 * (backup_stop); always JET_errSuccess once the handle is valid. ESE only looks the
 * instance up; here the call enters it so that JetTerm cannot free the backup meanwhile,
 * and an instance that cannot be entered (not initialised, stopping) has no backup to
 * stop. */
static JET_ERR stop_backup(JET_INSTANCE instance, bool validate)
{
    api_call c;
    JET_ERR err = api_enter_instance(instance, validate, &c);
    if (err == JET_errInvalidInstance || err == JET_errInvalidParameter) return err;
    if (err < 0) return JET_errSuccess;
    backup_stop(c.inst);
    api_leave_instance(&c);
    return JET_errSuccess;
}

JET_ERR JET_API JetStopBackupInstance(JET_INSTANCE instance)
{
    return stop_backup(instance, true);
}

JET_ERR JET_API JetStopBackup(void)
{
    JET_ERR err = one_instance();
    return err < 0 ? err : stop_backup(0, false);
}
