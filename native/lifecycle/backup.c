/* backup.c: online backup (see backup.h). */
#include "backup.h"

#include <stdio.h>
#include <string.h>

#include "database.h"
#include "durability.h"
#include "log.h"
#include "sysparam.h"

#define BACKUP_HANDLES 16u        /* ESE's crhfMax */
#define BACKUP_RESERVED_PAGES 2u  /* the header pages (cpgDBReserved) */
#define BACKUP_COPY_PAGES 256u    /* cpageBackupBufferMost */

typedef struct backup_handle {
    bool in_use, is_db, is_log;
    compat_file *f;
    uint64_t ib, cb;
    uint32_t gen;
} backup_handle;

typedef enum backup_phase { PHASE_NONE = 0, PHASE_DATABASES, PHASE_LOGS } backup_phase;

struct backup_state {
    compat_mutex lock;
    bool in_progress, full, logs_prepared, full_done;
    bool stop;                   /* JetStopBackupInstance during this backup (m_fStopBackup) */
    bool snapshot;               /* a snapshot (lifecycle/snapshot.h) froze the instance and has not ended */
    backup_phase phase;
    uint32_t copy_mic, copy_mac, delete_mic, delete_mac;
    uint64_t gens_copied;        /* sum of the generations read whole (m_cGenCopyDone) */
    uint32_t cb_page;
    backup_handle h[BACKUP_HANDLES];
};

/* The instance's backup state, made on first use. */
static JET_ERR state_of(jet_instance *inst, struct backup_state **out)
{
    JET_ERR err = JET_errSuccess;
    compat_mutex_lock(&inst->lock);
    if (inst->backup == NULL) {
        struct backup_state *b = compat_calloc(1, sizeof *b);
        if (b == NULL) FAIL(JET_errOutOfMemory);
        if (compat_mutex_init(&b->lock) != COMPAT_OK) {
            compat_free(b);
            FAIL(JET_errOutOfMemory);
        }
        inst->backup = b;
    }
    *out = inst->backup;
done:
    compat_mutex_unlock(&inst->lock);
    return err;
}

static void handle_release(backup_handle *h)
{
    if (h->f != NULL) (void)compat_file_close(h->f); /* opened for reading only */
    memset(h, 0, sizeof *h);
}

/* ErrBKExternalBackupCleanUp (b->lock held): the files closed, the log free to go. */
static void cleanup_locked(jet_instance *inst, struct backup_state *b, bool normal)
{
    for (uint32_t i = 0; i < BACKUP_HANDLES; i++)
        if (b->h[i].in_use) handle_release(&b->h[i]);
    durability_backup_end(inst);
    /* a full backup that reached its logs lets later incremental ones follow it */
    if (normal && b->full && b->phase == PHASE_LOGS) b->full_done = true;
    b->in_progress = false;
    b->logs_prepared = false;
    b->phase = PHASE_NONE;
    b->copy_mic = b->copy_mac = b->delete_mic = b->delete_mac = 0;
    b->gens_copied = 0;
}

/* A multi-string list: appends s and its NUL. */
static JET_ERR list_add(char **list, size_t *cb, size_t *cap, const char *s)
{
    size_t n = strlen(s) + 1u;
    if (*cb + n + 1u > *cap) {
        size_t c = *cap ? *cap : 256u;
        char *g;
        while (c < *cb + n + 1u) c *= 2u;
        g = compat_realloc(*list, c);
        if (g == NULL) return JET_errOutOfMemory;
        *list = g;
        *cap = c;
    }
    memcpy(*list + *cb, s, n);
    *cb += n;
    (*list)[*cb] = '\0';
    return JET_errSuccess;
}

static JET_ERR list_end(char **list, size_t *cb, size_t *cap)
{
    if (*list == NULL) {
        *list = compat_malloc(1u);
        if (*list == NULL) return JET_errOutOfMemory;
        *cap = 1u;
    }
    (*list)[*cb] = '\0';
    *cb += 1u; /* the list's closing NUL */
    return JET_errSuccess;
}

/* The log folder (absolute, with its separator) and base name. */
static JET_ERR log_folder(jet_instance *inst, char **dir, char **base)
{
    JET_ERR err = JET_errSuccess;
    char *d = NULL, *sys = NULL, *abs = NULL;
    uint64_t cb_file = 0;
    *dir = *base = NULL;
    CHECK(durability_config(inst, &d, base, &cb_file, &sys));
    abs = compat_malloc(4096u);
    if (abs == NULL) FAIL(JET_errOutOfMemory);
    if (compat_path_absolute(d, abs, 4096u) != COMPAT_OK) FAIL(JET_errInvalidPath);
    {
        size_t n = strlen(abs);
        if (n == 0 || (abs[n - 1] != '/' && abs[n - 1] != '\\')) {
            if (n + 2u > 4096u) FAIL(JET_errInvalidPath);
            abs[n] = compat_path_separator();
            abs[n + 1] = '\0';
        }
    }
    *dir = abs;
    abs = NULL;
done:
    if (err < 0) {
        compat_free(*base);
        *base = NULL;
    }
    compat_free(abs);
    compat_free(d);
    compat_free(sys);
    return err;
}

typedef struct gen_scan {
    const char *base;
    uint32_t low;
} gen_scan;

static bool scan_one(void *ctx, const char *name)
{
    gen_scan *s = ctx;
    uint32_t gen = log_file_generation(name, s->base);
    if (gen != 0 && (s->low == 0 || gen < s->low)) s->low = gen;
    return true;
}

/* ErrLGGetGenerationRange: the lowest archived generation in the log folder. */
static JET_ERR lowest_generation(const char *dir, const char *base, uint32_t *low)
{
    gen_scan s = { base, 0 };
    if (compat_dir_list(dir, scan_one, &s) != COMPAT_OK) return JET_errInvalidPath;
    *low = s.low;
    return JET_errSuccess;
}

JET_ERR backup_begin(jet_instance *inst, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    JET_API_PTR circular = 0, page = 0;
    bool incremental = (grbit & JET_bitBackupIncremental) != 0;
    uint32_t gen = 0;

    if (!durability_on(inst)) return JET_errLoggingDisabled;
    if (grbit & ~(JET_GRBIT)JET_bitBackupIncremental) return JET_errInvalidGrbit;
    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramCircularLog), &circular, NULL, 0));
    if (incremental && circular) return JET_errInvalidBackup;
    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramDatabasePageSize), &page, NULL, 0));
    CHECK(state_of(inst, &b));
    compat_mutex_lock(&b->lock);
    if (b->in_progress || b->snapshot) FAIL(JET_errBackupInProgress);
    /* ErrLGCheckIncrementalBackup: every database needs a full backup first (kept here
     * for the instance's run, not in the database header) */
    if (incremental && !b->full_done) FAIL(JET_errMissingFullBackup);
    b->cb_page = page != 0 ? (uint32_t)page : 8192u;
    b->full = !incremental;
    b->phase = incremental ? PHASE_LOGS : PHASE_DATABASES;
    b->gens_copied = 0;
    b->logs_prepared = false;
    b->stop = false;
    if (!incremental) {
        CHECK(durability_backup_begin(inst, &gen));
        b->copy_mic = gen;
    }
    b->in_progress = true;
done:
    if (b != NULL) compat_mutex_unlock(&b->lock);
    return err;
}

/* The state of a backup under way, its lock taken; JET_errNoBackup otherwise. */
static JET_ERR enter(jet_instance *inst, struct backup_state **out)
{
    struct backup_state *b;
    compat_mutex_lock(&inst->lock);
    b = inst->backup;
    compat_mutex_unlock(&inst->lock);
    if (b == NULL) return JET_errNoBackup;
    compat_mutex_lock(&b->lock);
    if (!b->in_progress) {
        compat_mutex_unlock(&b->lock);
        return JET_errNoBackup;
    }
    *out = b;
    return JET_errSuccess;
}

JET_ERR backup_attach_info(jet_instance *inst, char **list, size_t *cb)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    char **paths = NULL;
    uint32_t n = 0;
    size_t cap = 0;

    *list = NULL;
    *cb = 0;
    CHECK(enter(inst, &b));
    if (b->stop) FAIL(JET_errBackupAbortByServer); /* JetStopBackupInstance */
    if (!b->full) {
        err = JET_errInvalidBackupSequence;
        cleanup_locked(inst, b, false);
        goto done;
    }
    CHECK(durability_backup_paths(inst, &paths, &n));
    for (uint32_t i = 0; i < n; i++) CHECK(list_add(list, cb, &cap, paths[i]));
    CHECK(list_end(list, cb, &cap));
done:
    for (uint32_t i = 0; i < n; i++) compat_free(paths[i]);
    compat_free(paths);
    if (b != NULL) compat_mutex_unlock(&b->lock);
    if (err < 0) {
        compat_free(*list);
        *list = NULL;
        *cb = 0;
    }
    return err;
}

JET_ERR backup_open_file(jet_instance *inst, const char *path, JET_HANDLE *h, uint64_t *cb)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    backup_handle *bh = NULL;
    char *abs = NULL, *dir = NULL, *base = NULL;
    uint32_t i, cb_page = 0;
    uint64_t size = 0;

    CHECK(enter(inst, &b));
    if (b->stop) FAIL(JET_errBackupAbortByServer); /* JetStopBackupInstance */
    if (path == NULL || path[0] == '\0' || h == NULL || cb == NULL) FAIL(JET_errInvalidParameter);
    for (i = 0; i < BACKUP_HANDLES && b->h[i].in_use; i++) {
    }
    if (i == BACKUP_HANDLES) FAIL(JET_errOutOfMemory);
    abs = compat_malloc(4096u);
    if (abs == NULL) FAIL(JET_errOutOfMemory);
    if (compat_path_absolute(path, abs, 4096u) != COMPAT_OK) FAIL(JET_errInvalidPath);
    bh = &b->h[i];
    if (durability_backup_size(inst, abs, &size, &cb_page)) {
        /* a database: only in a full backup, before the logs */
        if (!b->full || b->phase != PHASE_DATABASES) FAIL(JET_errInvalidBackupSequence);
        if (compat_file_open(abs, COMPAT_FILE_READ, &bh->f) != COMPAT_OK) FAIL(JET_errFileAccessDenied);
        bh->is_db = true;
        bh->cb = size;
    } else {
        const char *name = compat_path_file_name(abs);
        if (b->phase == PHASE_DATABASES) FAIL(JET_errDatabaseNotFound);
        CHECK(log_folder(inst, &dir, &base));
        bh->gen = log_file_generation(name, base);
        bh->is_log = bh->gen != 0;
        if (compat_file_open(abs, COMPAT_FILE_READ, &bh->f) != COMPAT_OK) {
            bh->f = NULL;
            FAIL(JET_errMissingFileToBackup);
        }
        if (compat_file_size(bh->f, &size) != COMPAT_OK) FAIL(JET_errDiskIO);
        bh->cb = size;
    }
    bh->in_use = true;
    bh->ib = 0;
    *h = (JET_HANDLE)i;
    *cb = bh->cb;
done:
    if (err < 0 && bh != NULL) handle_release(bh);
    if (b != NULL) compat_mutex_unlock(&b->lock);
    compat_free(abs);
    compat_free(dir);
    compat_free(base);
    return err;
}

JET_ERR backup_read_file(jet_instance *inst, JET_HANDLE h, void *pv, uint32_t cb_max, uint32_t *cb_actual)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    backup_handle *bh;
    uint64_t n;
    size_t got = 0;

    CHECK(enter(inst, &b));
    if (b->stop) FAIL(JET_errBackupAbortByServer); /* JetStopBackupInstance */
    if (h >= BACKUP_HANDLES || !b->h[h].in_use || pv == NULL) FAIL(JET_errInvalidParameter);
    bh = &b->h[h];
    if (cb_max % b->cb_page != 0) FAIL(JET_errInvalidParameter);
    if (bh->is_db) {
        uint32_t cpage = cb_max / b->cb_page;
        if (cpage == 0 || (cpage <= BACKUP_RESERVED_PAGES && bh->ib == 0)) FAIL(JET_errInvalidParameter);
    } else if (cb_max / b->cb_page < BACKUP_RESERVED_PAGES && bh->ib == 0) {
        FAIL(JET_errInvalidParameter);
    }
    n = bh->cb - bh->ib < cb_max ? bh->cb - bh->ib : cb_max;
    if (n > 0) {
        /* a page being written meanwhile may be read torn: the log the backup includes
         * holds its image (durability_backup_begin) */
        compat_err e = compat_file_read_at(bh->f, pv, (size_t)n, bh->ib, &got);
        if (e != COMPAT_OK) {
            err = JET_errDiskIO;
            if (bh->is_db) handle_release(bh);
            else cleanup_locked(inst, b, false);
            goto done;
        }
        if (got < n) memset((uint8_t *)pv + got, 0, (size_t)(n - got)); /* the file shrank: zeros */
    }
    bh->ib += n;
    if (cb_actual != NULL) *cb_actual = (uint32_t)n;
done:
    if (b != NULL) compat_mutex_unlock(&b->lock);
    return err;
}

JET_ERR backup_close_file(jet_instance *inst, JET_HANDLE h)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    backup_handle *bh;
    CHECK(enter(inst, &b));
    if (h >= BACKUP_HANDLES || !b->h[h].in_use) FAIL(JET_errInvalidParameter);
    bh = &b->h[h];
    if (bh->is_log && bh->ib == bh->cb && bh->gen >= b->copy_mic && bh->gen < b->copy_mac) b->gens_copied += bh->gen;
    handle_release(bh);
done:
    if (b != NULL) compat_mutex_unlock(&b->lock);
    return err;
}

/* ErrBKIPrepareLogFiles (b->lock held): the log rolled once, the ranges set. */
static JET_ERR prepare_logs(jet_instance *inst, struct backup_state *b)
{
    JET_ERR err = JET_errSuccess;
    char *dir = NULL, *base = NULL;
    uint32_t cur = 0, ck = 0, low = 0;
    if (b->logs_prepared) return JET_errSuccess;
    CHECK(durability_backup_roll(inst, &cur, &ck));
    CHECK(log_folder(inst, &dir, &base));
    CHECK(lowest_generation(dir, base, &low));
    if (low == 0) FAIL(JET_errFileNotFound);
    b->copy_mac = cur;
    b->delete_mic = low;
    b->delete_mac = ck < cur ? ck : cur;
    if (b->full) {
        if (b->delete_mic > b->delete_mac) b->delete_mic = b->delete_mac;
    } else {
        b->copy_mic = b->delete_mic;
    }
    if (b->copy_mic == 0 || b->copy_mic > b->copy_mac) b->copy_mic = b->copy_mac;
    b->gens_copied = 0;
    b->logs_prepared = true;
done:
    compat_free(dir);
    compat_free(base);
    return err;
}

JET_ERR backup_log_info(jet_instance *inst, bool truncate, char **list, size_t *cb, uint32_t *gen_low,
                        uint32_t *gen_high)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    char *dir = NULL, *base = NULL, *path = NULL;
    size_t cap = 0;
    uint32_t lo, hi;

    *list = NULL;
    *cb = 0;
    CHECK(enter(inst, &b));
    if (b->stop) FAIL(JET_errBackupAbortByServer); /* JetStopBackupInstance */
    for (uint32_t i = 0; i < BACKUP_HANDLES; i++)
        if (b->h[i].in_use) FAIL(JET_errInvalidBackupSequence);
    CHECK(prepare_logs(inst, b));
    lo = truncate ? b->delete_mic : b->copy_mic;
    hi = truncate ? b->delete_mac : b->copy_mac;
    err = log_folder(inst, &dir, &base);
    for (uint32_t g = lo; err >= 0 && g < hi; g++) {
        err = log_file_path(dir, base, g, false, &path);
        if (err >= 0) err = list_add(list, cb, &cap, path);
        compat_free(path);
        path = NULL;
    }
    if (err >= 0) err = list_end(list, cb, &cap);
    if (err < 0) {
        cleanup_locked(inst, b, false); /* ErrBKIGetLogInfo's failure ends the backup */
        goto done;
    }
    if (gen_low != NULL) *gen_low = lo;
    if (gen_high != NULL) *gen_high = hi - 1u;
    b->phase = PHASE_LOGS;
done:
    if (b != NULL) compat_mutex_unlock(&b->lock);
    compat_free(dir);
    compat_free(base);
    if (err < 0) {
        compat_free(*list);
        *list = NULL;
        *cb = 0;
    }
    return err;
}

/* ErrLGTruncateLog: the archived generations [delete_mic, delete_mac) deleted. */
static JET_ERR delete_generations(jet_instance *inst, struct backup_state *b)
{
    JET_ERR err = JET_errSuccess;
    char *dir = NULL, *base = NULL, *path = NULL;
    CHECK(log_folder(inst, &dir, &base));
    for (uint32_t g = b->delete_mic; g < b->delete_mac; g++) {
        bool is_dir = false;
        CHECK(log_file_path(dir, base, g, false, &path));
        if (compat_path_exists(path, &is_dir) == COMPAT_OK && compat_path_delete(path) != COMPAT_OK)
            FAIL(JET_errDeleteBackupFileFail);
        compat_free(path);
        path = NULL;
    }
done:
    compat_free(path);
    compat_free(dir);
    compat_free(base);
    return err;
}

JET_ERR backup_truncate(jet_instance *inst)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    uint64_t must = 0;
    CHECK(enter(inst, &b));
    if (b->stop) FAIL(JET_errBackupAbortByServer); /* JetStopBackupInstance */
    for (uint32_t i = 0; i < BACKUP_HANDLES; i++)
        if (b->h[i].in_use) FAIL(JET_errInvalidBackupSequence);
    if (b->copy_mic == 0 || b->copy_mac == 0 || !b->logs_prepared) FAIL(JET_errInvalidBackupSequence);
    b->phase = PHASE_LOGS;
    for (uint32_t g = b->copy_mic; g < b->copy_mac; g++) must += g;
    if (b->gens_copied < must) FAIL(JET_errLogFileNotCopied);
    CHECK(delete_generations(inst, b));
done:
    if (b != NULL) compat_mutex_unlock(&b->lock);
    return err;
}

JET_ERR backup_end(jet_instance *inst, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    bool normal = (grbit & JET_bitBackupEndNormal) != 0, abort_ = (grbit & JET_bitBackupEndAbort) != 0;
    if (normal == abort_) return JET_errInvalidParameter;
    CHECK(enter(inst, &b));
    /* ending before the logs were listed is an abort (errBackupAbortByCaller), and so
     * is ending one JetStopBackupInstance stopped; the call itself succeeds */
    cleanup_locked(inst, b, normal && !b->stop);
done:
    if (b != NULL) compat_mutex_unlock(&b->lock);
    return err;
}

void backup_stop(jet_instance *inst)
{
    struct backup_state *b;
    compat_mutex_lock(&inst->lock);
    b = inst->backup;
    compat_mutex_unlock(&inst->lock);
    if (b == NULL) return; /* no backup ever began: nothing to stop */
    compat_mutex_lock(&b->lock);
    if (b->in_progress) b->stop = true;
    compat_mutex_unlock(&b->lock);
}

JET_ERR backup_snapshot_begin(jet_instance *inst)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    CHECK(state_of(inst, &b));
    compat_mutex_lock(&b->lock);
    if (b->in_progress || b->snapshot) err = JET_errOSSnapshotNotAllowed;
    else b->snapshot = true;
    compat_mutex_unlock(&b->lock);
done:
    return err;
}

void backup_snapshot_end(jet_instance *inst)
{
    struct backup_state *b;
    compat_mutex_lock(&inst->lock);
    b = inst->backup;
    compat_mutex_unlock(&inst->lock);
    if (b == NULL) return;
    compat_mutex_lock(&b->lock);
    b->snapshot = false;
    compat_mutex_unlock(&b->lock);
}

bool backup_snapshot_on(jet_instance *inst)
{
    struct backup_state *b;
    bool on = false;
    compat_mutex_lock(&inst->lock);
    b = inst->backup;
    compat_mutex_unlock(&inst->lock);
    if (b == NULL) return false;
    compat_mutex_lock(&b->lock);
    on = b->snapshot;
    compat_mutex_unlock(&b->lock);
    return on;
}

JET_ERR backup_snapshot_truncate(jet_instance *inst, uint32_t gen_below)
{
    JET_ERR err = JET_errSuccess;
    struct backup_state *b = NULL;
    char *dir = NULL, *base = NULL;
    uint32_t low = 0;
    CHECK(state_of(inst, &b));
    compat_mutex_lock(&b->lock);
    err = log_folder(inst, &dir, &base);
    if (err >= 0) err = lowest_generation(dir, base, &low);
    /* ErrBKOSSnapshotTruncateLog: a gap below what the freeze recorded means files were
     * taken away meanwhile */
    if (err >= 0 && low > gen_below) err = JET_errRequiredLogFilesMissing;
    if (err >= 0 && low != 0) {
        b->delete_mic = low;
        b->delete_mac = gen_below;
        err = delete_generations(inst, b);
        b->delete_mic = b->delete_mac = 0;
    }
    compat_mutex_unlock(&b->lock);
done:
    compat_free(dir);
    compat_free(base);
    return err;
}

void backup_term(jet_instance *inst)
{
    struct backup_state *b = inst->backup;
    if (b == NULL) return;
    compat_mutex_lock(&b->lock);
    if (b->in_progress) cleanup_locked(inst, b, false);
    compat_mutex_unlock(&b->lock);
    compat_mutex_destroy(&b->lock);
    compat_free(b);
    inst->backup = NULL;
}

/* ---- JetBackup ---- */

/* Whether the folder holds any entry (ErrLGCheckDir). */
static bool any_entry(void *ctx, const char *name)
{
    (void)name;
    *(bool *)ctx = true;
    return false;
}

/* ErrBKICopyFile: one file copied through the backup's own handles into folder. */
static JET_ERR copy_into(jet_instance *inst, const char *src, const char *folder, uint8_t *buf, uint32_t cb_buf)
{
    JET_ERR err = JET_errSuccess;
    JET_HANDLE h = (JET_HANDLE)-1;
    compat_file *out = NULL;
    char *dest = NULL;
    uint64_t cb = 0, at = 0;
    const char *name = compat_path_file_name(src);
    size_t cb_dest;

    cb_dest = strlen(folder) + strlen(name) + 1u;
    dest = compat_malloc(cb_dest);
    if (dest == NULL) FAIL(JET_errOutOfMemory);
    snprintf(dest, cb_dest, "%s%s", folder, name);
    CHECK(backup_open_file(inst, src, &h, &cb));
    if (compat_file_open(dest, COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE, &out) != COMPAT_OK)
        FAIL(JET_errInvalidPath);
    while (at < cb) {
        uint32_t got = 0;
        compat_err e;
        CHECK(backup_read_file(inst, h, buf, cb_buf, &got));
        if (got == 0) break;
        e = compat_file_write_at(out, buf, got, at);
        if (e != COMPAT_OK) FAIL(e == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
        at += got;
    }
    if (compat_file_flush(out) != COMPAT_OK) FAIL(JET_errDiskIO);
done:
    if (out != NULL && compat_file_close(out) != COMPAT_OK && err >= 0) err = JET_errDiskIO;
    if (h != (JET_HANDLE)-1) {
        JET_ERR e = backup_close_file(inst, h);
        if (err >= 0 && e != JET_errNoBackup) err = e;
    }
    compat_free(dest);
    return err;
}

/* Copies every path of a multi-string list. */
static JET_ERR copy_list(jet_instance *inst, const char *list, const char *folder, uint8_t *buf, uint32_t cb_buf)
{
    JET_ERR err = JET_errSuccess;
    for (const char *p = list; *p != '\0'; p += strlen(p) + 1u) CHECK(copy_into(inst, p, folder, buf, cb_buf));
done:
    return err;
}

void backup_report_phase(JET_PFNSTATUS pfn, JET_SNP snp, JET_SNT snt)
{
    JET_SNPROG prog;
    if (pfn == NULL) return;
    memset(&prog, 0, sizeof prog);
    prog.cbStruct = sizeof prog;
    prog.cunitTotal = 100;
    prog.cunitDone = snt == JET_sntComplete ? 100 : 0;
    (void)pfn(0, snp, snt, &prog); /* ESE ignores what the callback returns here */
}

JET_ERR backup_to_folder(jet_instance *inst, const char *folder, JET_GRBIT grbit, JET_PFNSTATUS pfn)
{
    JET_ERR err = JET_errSuccess, end;
    bool full = !(grbit & JET_bitBackupIncremental), begun = false;
    char *dir = NULL, *list = NULL;
    uint8_t *buf = NULL;
    size_t cb = 0;
    uint32_t cb_buf = 0;

    if (!durability_on(inst)) return JET_errLoggingDisabled;
    /* ErrBKBackup takes JET_bitBackupAtomic (the new/old folders) too; not here */
    if (grbit & ~(JET_GRBIT)JET_bitBackupIncremental) return JET_errInvalidGrbit;
    CHECK(backup_begin(inst, full ? 0 : JET_bitBackupIncremental));
    begun = true;
    if (folder == NULL || folder[0] == '\0') {
        /* only the logs the checkpoint made unneeded deleted */
        struct backup_state *b = NULL;
        CHECK(enter(inst, &b));
        err = prepare_logs(inst, b);
        if (err >= 0) err = delete_generations(inst, b);
        if (err >= 0) b->phase = PHASE_LOGS;
        compat_mutex_unlock(&b->lock);
        goto done;
    }
    {
        size_t n = strlen(folder);
        bool is_dir = false, any = false;
        dir = compat_malloc(n + 2u);
        if (dir == NULL) FAIL(JET_errOutOfMemory);
        memcpy(dir, folder, n + 1u);
        if (dir[n - 1] != '/' && dir[n - 1] != '\\') {
            dir[n] = compat_path_separator();
            dir[n + 1] = '\0';
        }
        {
            /* ErrBKIPrepareDirectory: JET_paramCreatePathIfNotExist makes the folder */
            JET_API_PTR make = 0;
            CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramCreatePathIfNotExist), &make, NULL, 0));
            if (make) CHECK(database_make_folders(dir, JET_errInvalidPath));
        }
        if (compat_path_exists(dir, &is_dir) != COMPAT_OK || !is_dir) FAIL(JET_errInvalidPath);
        if (full && compat_dir_list(dir, any_entry, &any) == COMPAT_OK && any) FAIL(JET_errBackupDirectoryNotEmpty);
    }
    backup_report_phase(pfn, JET_snpBackup, JET_sntBegin);
    {
        struct backup_state *b = NULL;
        CHECK(enter(inst, &b));
        cb_buf = BACKUP_COPY_PAGES * b->cb_page;
        compat_mutex_unlock(&b->lock);
    }
    buf = compat_malloc(cb_buf);
    if (buf == NULL) FAIL(JET_errOutOfMemory);
    if (full) {
        CHECK(backup_attach_info(inst, &list, &cb));
        CHECK(copy_list(inst, list, dir, buf, cb_buf));
        compat_free(list);
        list = NULL;
    }
    CHECK(backup_log_info(inst, false, &list, &cb, NULL, NULL));
    CHECK(copy_list(inst, list, dir, buf, cb_buf));
    if (compat_dir_sync(dir) != COMPAT_OK) FAIL(JET_errDiskIO);
    CHECK(backup_truncate(inst));
    backup_report_phase(pfn, JET_snpBackup, JET_sntComplete);
done:
    if (begun) {
        end = backup_end(inst, err >= 0 ? JET_bitBackupEndNormal : JET_bitBackupEndAbort);
        if (err >= 0 && end != JET_errNoBackup) err = end;
    }
    compat_free(buf);
    compat_free(list);
    compat_free(dir);
    return err;
}
