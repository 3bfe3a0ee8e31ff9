/* durability.c: the log kept in step with the databases (see durability.h). */
#include "durability.h"

#include <string.h>

#include "byte_order.h"
#include "cache.h"
#include "verstore.h"

#define CHECKPOINT_DEPTH_DEFAULT (20u * 1024u * 1024u)

typedef struct logged_file {
    compat_rwlock *lock;      /* NULL: the slot is free */
    dbfile *df;
    char *path;
    uint32_t pgno_last_logged; /* the page count the last capture logged (LOG_DB_SIZE) */
} logged_file;

typedef struct durability {
    log *lg;
    compat_mutex capture_lock;   /* one capture or checkpoint at a time; the file table */
    compat_cond flushed;         /* a commit's capture flushed (broadcast under capture_lock) */
    bool flushing;               /* a commit's capture is being flushed, capture_lock released */
    char *dir, *base, *sys_dir;
    bool circular;
    uint64_t checkpoint_depth;
    uint8_t signature[28];
    db_signature sign;
    logged_file files[LOG_DATABASES_MAX]; /* by cache file index */
    cache *c;                    /* the instance's cache (every logged file is in it) */
    uint64_t capture_seq;
    uint8_t *delta_scratch;      /* a LOG_PAGE_DELTA being built (capture_lock) */
    uint32_t cb_delta_scratch;   /* its size: the cache's cb_page / 2 */
    uint64_t covered;            /* every record below it is durable in some capture */
    uint64_t checkpoint_lsn;     /* the log's end at the last checkpoint */
    bool checkpoint_held;        /* a file left dirty: the checkpoint keeps naming it */
    uint32_t backup_gen;         /* a backup needs the generations from it on (0: none) */
    compat_file *reserve;        /* the folder's lock (log_reserve_lock); NULL: none */
    JET_PFNDURABLECOMMITCALLBACK commit_cb; /* JET_paramDurableCommitCallback at JetInit */
    /* the lazy-commit flusher (ESE's m_postLazyCommitTask, LGLazyCommit_) */
    compat_mutex timer_lock;     /* the three below and stop */
    compat_cond timer_cond;      /* a nearer deadline, or stop */
    uint64_t durable_by;         /* monotonic ns by which a lazy commit must be durable (0: none) */
    uint64_t lazy_need;          /* the log durable below it then (m_lgposNextLazyCommit) */
    bool stop;
    compat_thread *flusher;      /* NULL: not started */
    /* the durable-commit callback's reports, one at a time and in order */
    compat_mutex report_lock;    /* reporting, reporter and reported */
    compat_cond report_cond;     /* a report ended */
    bool reporting;              /* a thread is in the callback (report_lock released) */
    uint64_t reporter;           /* its compat_thread_self_id */
    uint64_t reported;           /* the durable end the callback was last told */
    /* a snapshot freeze (durability_freeze): set under capture_lock and every logged
     * database's write lock, cleared under capture_lock */
    _Atomic bool frozen;
    /* durability_after_call looks for work only when changes moved past checked: writers
     * count their changes (durability_note_change), so that read calls skip the look */
    _Atomic uint64_t changes, checked;
    compat_cond thawed;          /* broadcast under capture_lock when frozen clears */
    uint64_t freeze_deadline;    /* monotonic ns past which the freeze ends by itself */
    bool freeze_timed_out;       /* it did (capture_lock) */
} durability;

static void unfreeze_locked(durability *d, bool timed_out);

/* While a snapshot freezes the instance (capture_lock held): the wait for the thaw, or
 * for the freeze's deadline, past which the freeze ends by itself (ESE's snapshot thread
 * thaws when JET_paramOSSnapshotTimeout passes). Every write of the log, the checkpoint
 * or a database file under capture_lock comes here first. */
static void wait_thawed_locked(durability *d)
{
    /* JetInit's first checkpoint comes here before anyone could freeze, without the lock */
    if (!atomic_load(&d->frozen)) return;
    INVARIANT(compat_mutex_held(&d->capture_lock));
    while (atomic_load(&d->frozen)) {
        uint64_t now = compat_clock_monotonic_ns(), left;
        if (now >= d->freeze_deadline) {
            unfreeze_locked(d, true);
            break;
        }
        left = (d->freeze_deadline - now) / 1000000u + 1u;
        (void)compat_cond_timed_wait(&d->thawed, &d->capture_lock, left > UINT32_MAX ? UINT32_MAX : (uint32_t)left);
    }
}

static JET_ERR param_utf8(jet_instance *inst, uint32_t id, bool folder, char **out)
{
    JET_ERR err = JET_errSuccess;
    uint16_t w[SYSPARAM_STR_CAP];
    size_t n = 0, cap = SYSPARAM_STR_CAP * 3u + 2u;
    char *s = compat_malloc(cap);
    *out = NULL;
    if (s == NULL) return JET_errOutOfMemory;
    CHECK(sysparam_read(&inst->params, sysparam_index(id), NULL, w, sizeof w));
    if (compat_utf16_to_utf8(w, SIZE_MAX, s, cap - 1u, &n) != COMPAT_OK) FAIL(JET_errInvalidPath);
    if (folder && (n == 0 || (s[n - 1] != '/' && s[n - 1] != '\\'))) s[n++] = compat_path_separator();
    s[n] = '\0';
    *out = s;
    s = NULL;
done:
    compat_free(s);
    return err;
}

/* Whether the UTF-16 string w begins with the lower-case ASCII word, in any case; *n its
 * length. */
static bool starts_nocase(const uint16_t *w, const char *word, size_t *n)
{
    size_t i = 0;
    for (; word[i] != '\0'; i++)
        if (w[i] == 0 || (w[i] | 0x20u) != (uint16_t)word[i]) return false;
    *n = i;
    return true;
}

/* INST::FComputeLogDisabled: the log is kept when JET_paramRecovery is "on" (its default)
 * or "repair", in any case; anything else ("off", "", "repair" with more after it) keeps
 * none. */
bool durability_wanted(const jet_instance *inst)
{
    uint16_t w[SYSPARAM_STR_CAP];
    size_t n = 0;
    if (sysparam_read(&inst->params, sysparam_index(JET_paramRecovery), NULL, w, sizeof w) < 0) return false;
    if (starts_nocase(w, "repair", &n)) return w[n] == 0;
    return starts_nocase(w, "on", &n) && w[n] == 0;
}

JET_ERR durability_config(jet_instance *inst, char **dir, char **base, uint64_t *cb_file, char **sys_dir)
{
    JET_ERR err = JET_errSuccess;
    JET_API_PTR kb = 0;
    *dir = *base = *sys_dir = NULL;
    CHECK(param_utf8(inst, JET_paramLogFilePath, true, dir));
    CHECK(param_utf8(inst, JET_paramBaseName, false, base));
    CHECK(param_utf8(inst, JET_paramSystemPath, true, sys_dir));
    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramLogFileSize), &kb, NULL, 0));
    *cb_file = (uint64_t)kb * 1024u;
done:
    if (err < 0) {
        compat_free(*dir);
        compat_free(*base);
        compat_free(*sys_dir);
        *dir = *base = *sys_dir = NULL;
    }
    return err;
}

bool durability_on(const jet_instance *inst)
{
    return inst->dur != NULL;
}

/* The log's 28-byte signature as the database header keeps it (ESE's SIGNATURE). */
static void signature_decode(const uint8_t *raw, db_signature *out)
{
    memset(out, 0, sizeof *out);
    out->random = byte_order_get_le32(raw);
    memcpy(&out->create, raw + 4, 8);
    memcpy(out->computer_name, raw + 12, 16);
}

static db_lgpos lgpos_of(durability *d, uint64_t lsn)
{
    db_lgpos p;
    uint32_t gen = 0;
    uint64_t off = 0;
    log_position(d->lg, lsn, &gen, &off);
    p.generation = (int32_t)gen;
    p.isec = (uint16_t)(off / 512u);
    p.ib = (uint16_t)(off % 512u);
    return p;
}

/* The checkpoint as of the log's end (capture_lock held): redo from the oldest page
 * image not yet in its file, undo from the oldest change still uncommitted. Every page
 * changed since the redo point has a whole image after it (cache_capture_fn), so redo
 * may start there whatever the files hold. The paths are d's, not copies. */
static void checkpoint_now(jet_instance *inst, uint64_t end, log_checkpoint *ck)
{
    durability *d = inst->dur;
    /* taken after the end: what becomes unwritten or uncommitted later lies past it */
    uint64_t redo = d->c != NULL ? cache_oldest_unwritten(d->c) : 0, undo = verstore_oldest_logged(inst->vs);
    uint64_t first, off = 0;
    uint32_t gen = 0;
    memset(ck, 0, sizeof *ck);
    memcpy(ck->signature, d->signature, sizeof ck->signature);
    ck->lsn_redo = redo != 0 && redo < end ? redo : end;
    ck->lsn_undo = undo != 0 && undo < end ? undo : end;
    first = ck->lsn_redo < ck->lsn_undo ? ck->lsn_redo : ck->lsn_undo;
    log_position(d->lg, first, &gen, &off);
    ck->generation = gen;
    ck->cb_page = d->c != NULL ? cache_page_size(d->c) : 0;
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) ck->paths[i] = d->files[i].lock != NULL ? d->files[i].path : NULL;
}

/* The checkpoint (edb.chk), checkpoint_now's (capture_lock held). */
static JET_ERR write_checkpoint(jet_instance *inst)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    log_checkpoint ck;
    uint64_t end;

    wait_thawed_locked(d);
    end = log_end(d->lg);
    memset(&ck, 0, sizeof ck);
    /* the checkpoint names durable positions only */
    CHECK(log_flush(d->lg, end, true));
    /* a database dropped dirty (durability_detach_done) is recovered from the last
     * checkpoint that names it: no later one may move past it */
    if (d->checkpoint_held) goto done;
    checkpoint_now(inst, end, &ck);
    CHECK(log_write_checkpoint(d->sys_dir, d->base, &ck));
    d->checkpoint_lsn = end;
    if (d->circular)
        log_delete_before(d->lg, d->backup_gen != 0 && d->backup_gen < ck.generation ? d->backup_gen : ck.generation);
done:
    return err;
}

/* The locks and condition variables of d, each made or none (*made counts them). */
/* The instance's locks and conditions, made in this order and destroyed in the reverse:
 * made counts those made. */
#define SYNC_MUTEXES 3u
#define SYNC_OBJECTS (SYNC_MUTEXES + 4u)
static JET_ERR sync_init(durability *d, uint32_t *made)
{
    compat_mutex *m[SYNC_MUTEXES] = { &d->capture_lock, &d->timer_lock, &d->report_lock };
    compat_cond *c[SYNC_OBJECTS - SYNC_MUTEXES] = { &d->flushed, &d->timer_cond, &d->report_cond, &d->thawed };
    for (*made = 0; *made < SYNC_OBJECTS; ++*made) {
        bool ok = *made < SYNC_MUTEXES ? compat_mutex_init(m[*made]) == COMPAT_OK
                                       : compat_cond_init(c[*made - SYNC_MUTEXES]) == COMPAT_OK;
        if (!ok) return JET_errOutOfMemory;
    }
    return JET_errSuccess;
}

static void sync_destroy(durability *d, uint32_t made)
{
    compat_mutex *m[SYNC_MUTEXES] = { &d->capture_lock, &d->timer_lock, &d->report_lock };
    compat_cond *c[SYNC_OBJECTS - SYNC_MUTEXES] = { &d->flushed, &d->timer_cond, &d->report_cond, &d->thawed };
    for (uint32_t i = made; i-- > 0;) {
        if (i < SYNC_MUTEXES) compat_mutex_destroy(m[i]);
        else compat_cond_destroy(c[i - SYNC_MUTEXES]);
    }
}

static void flusher_main(void *arg);

JET_ERR durability_open(jet_instance *inst, const log_config *cfg, bool checkpoint)
{
    JET_ERR err = JET_errSuccess;
    durability *d = NULL;
    JET_API_PTR circular = 0, depth = 0;
    uint64_t cb_file = 0;
    uint32_t made = 0;
    char *dir = NULL;

    d = compat_calloc(1, sizeof *d);
    if (d == NULL) FAIL(JET_errOutOfMemory);
    CHECK(sync_init(d, &made));
    CHECK(durability_config(inst, &dir, &d->base, &cb_file, &d->sys_dir));
    d->dir = dir;
    dir = NULL;
    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramCircularLog), &circular, NULL, 0));
    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramCheckpointDepthMax), &depth, NULL, 0));
    {
        JET_API_PTR cb = 0;
        CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramDurableCommitCallback), &cb, NULL, 0));
        d->commit_cb = (JET_PFNDURABLECOMMITCALLBACK)cb;
    }
    d->circular = circular != 0;
    d->checkpoint_depth = depth != 0 ? (uint64_t)depth : CHECKPOINT_DEPTH_DEFAULT;
    memcpy(d->signature, cfg->signature, sizeof d->signature);
    signature_decode(d->signature, &d->sign);
    CHECK(log_open(cfg, &d->lg));
    inst->dur = d;
    if (checkpoint) CHECK(write_checkpoint(inst));
    {
        /* last: nothing after it can fail, and durability_close joins it */
        compat_err e = compat_thread_start(&d->flusher, flusher_main, inst);
        if (e != COMPAT_OK) {
            d->flusher = NULL;
            FAIL(e == COMPAT_ENOMEM ? JET_errOutOfMemory : JET_errOutOfThreads);
        }
    }
    verstore_set_log(inst->vs, d->lg);
    d = NULL;
done:
    if (err < 0) inst->dur = NULL;
    if (d != NULL) {
        if (d->lg != NULL) log_close(d->lg);
        compat_free(d->dir);
        compat_free(d->base);
        compat_free(d->sys_dir);
        sync_destroy(d, made);
        compat_free(d);
    }
    compat_free(dir);
    return err;
}

void durability_hold_folder(jet_instance *inst, compat_file *reserve)
{
    INVARIANT(inst->dur != NULL && inst->dur->reserve == NULL);
    inst->dur->reserve = reserve;
}

/* The flusher stopped and joined: from here on no thread of the instance's log runs but
 * the caller's. */
static void flusher_stop(durability *d)
{
    if (d->flusher == NULL) return;
    compat_mutex_lock(&d->timer_lock);
    d->stop = true;
    compat_cond_signal(&d->timer_cond);
    compat_mutex_unlock(&d->timer_lock);
    {
        compat_err joined = compat_thread_join(d->flusher);
        INVARIANT(joined == COMPAT_OK); /* a thread of ours, joined once */
        (void)joined;
    }
    d->flusher = NULL;
}

void durability_close(jet_instance *inst)
{
    durability *d = inst->dur;
    if (d == NULL) return;
    flusher_stop(d);
    verstore_set_log(inst->vs, NULL);
    compat_mutex_lock(&d->capture_lock);
    /* every database is detached: the checkpoint at the end says nothing is left to do;
     * if it cannot be written, the next recovery reads the log from the last one */
    if (log_flush(d->lg, UINT64_MAX, true) >= 0) (void)write_checkpoint(inst);
    compat_mutex_unlock(&d->capture_lock);
    log_close(d->lg);
    if (d->reserve != NULL) (void)compat_file_close(d->reserve); /* only a lock: nothing written */
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) compat_free(d->files[i].path);
    compat_free(d->dir);
    compat_free(d->base);
    compat_free(d->sys_dir);
    compat_free(d->delta_scratch);
    sync_destroy(d, SYNC_OBJECTS);
    compat_free(d);
    inst->dur = NULL;
}

JET_ERR durability_append_page(void *ctx, uint32_t pgno, const uint8_t *data, const uint8_t *base, uint32_t cb_page,
                               uint64_t *lsn)
{
    const durability_page_sink *sink = ctx;
    uint8_t head[8];
    uint32_t cb_delta = 0;
    byte_order_put_le32(head, sink->ifile);
    byte_order_put_le32(head + 4, pgno);
    if (base != NULL && sink->scratch != NULL) cb_delta = log_record_delta(sink->scratch, base, data, cb_page, cb_page / 2u);
    if (cb_delta == 0) return log_append(sink->lg, LOG_PAGE, head, sizeof head, data, cb_page, NULL, 0, lsn);
    return log_append(sink->lg, LOG_PAGE_DELTA, head, sizeof head, sink->scratch, cb_delta, NULL, 0, lsn);
}

/* A capture (capture_lock held): with every logged database's write lock, the pages
 * changed since the last capture, each file's size and dbtime, LOG_CAPTURE_END; then
 * the log flushed, and the cache told. */
/* The first half of a capture (capture_lock held): with every logged database's write
 * lock, the pages changed since the last capture, each file's size and dbtime and
 * LOG_CAPTURE_END appended; *start is the log's end before them, *seq the capture's
 * number. The records are durable once the log is flushed past them (capture_flushed). */
static JET_ERR capture_append_locked(jet_instance *inst, uint64_t *start, uint64_t *seq)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    uint8_t rec[16];
    uint32_t i;

    INVARIANT(compat_mutex_held(&d->capture_lock));
    wait_thawed_locked(d);
    *seq = d->capture_seq + 1u;
    if (d->c != NULL && d->cb_delta_scratch != cache_page_size(d->c) / 2u) {
        /* without it, captures log whole images: more log, nothing lost */
        compat_free(d->delta_scratch);
        d->cb_delta_scratch = cache_page_size(d->c) / 2u;
        d->delta_scratch = compat_malloc(d->cb_delta_scratch);
        if (d->delta_scratch == NULL) d->cb_delta_scratch = 0;
    }
    for (i = 0; i < LOG_DATABASES_MAX; i++)
        if (d->files[i].lock != NULL) compat_rwlock_write_lock(d->files[i].lock);
    *start = log_end(d->lg);
    for (i = 0; i < LOG_DATABASES_MAX && err >= 0; i++) {
        durability_page_sink sink = { d->lg, i, d->delta_scratch };
        const space_db *sp;
        if (d->files[i].lock == NULL) continue;
        sp = &d->files[i].df->space;
        err = cache_capture(d->c, i, *seq, durability_append_page, &sink);
        if (err < 0) break;
        byte_order_put_le32(rec, i);
        byte_order_put_le32(rec + 4, sp->pgno_last);
        byte_order_put_le64(rec + 8, sp->dbtime);
        err = log_append(d->lg, LOG_DB_SIZE, rec, sizeof rec, NULL, 0, NULL, 0, NULL);
        /* read under the file's write lock: the size the pages of this capture need */
        if (err >= 0 && sp->pgno_last > d->files[i].pgno_last_logged) d->files[i].pgno_last_logged = sp->pgno_last;
    }
    if (err >= 0) {
        byte_order_put_le64(rec, *seq);
        err = log_append(d->lg, LOG_CAPTURE_END, rec, 8, NULL, 0, NULL, 0, NULL);
    }
    for (i = LOG_DATABASES_MAX; i-- > 0;)
        if (d->files[i].lock != NULL) compat_rwlock_write_unlock(d->files[i].lock);
    if (err >= 0) d->capture_seq = *seq;
    return err;
}

/* The second half, once the log is flushed past the capture (capture_lock held): its
 * pages may reach their files, and every record before its start is covered. Captures
 * may finish out of order; both marks only move forward. */
static void capture_flushed_locked(durability *d, uint64_t start, uint64_t seq)
{
    INVARIANT(compat_mutex_held(&d->capture_lock));
    if (d->c != NULL) cache_capture_durable(d->c, seq);
    if (start > d->covered) d->covered = start;
}

/* ESE's log write failure: the instance stops, and recovery will take it from the last
 * durable capture. */
static void capture_failed(jet_instance *inst, JET_ERR err)
{
    instance_set_unavailable(inst, err == JET_errLogDiskFull ? err : JET_errLogWriteFail);
}

/* A whole capture, flushed, with capture_lock held throughout (attach, detach, the cache's
 * request, checkpoints). */
static JET_ERR capture_locked(jet_instance *inst)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    uint64_t start = 0, seq = 0;
    CHECK(capture_append_locked(inst, &start, &seq));
    CHECK(log_flush(d->lg, UINT64_MAX, true));
    capture_flushed_locked(d, start, seq);
done:
    if (err < 0) capture_failed(inst, err);
    return err;
}

/* A durable capture covering every record below need (one made since does): the commit
 * path's group commit. One committer leads: it appends a capture and flushes it with
 * capture_lock released, so that the others append their commits meanwhile and wait on
 * `flushed` rather than queue on the lock; the next leader's capture covers them all. */
static JET_ERR capture_covering(jet_instance *inst, uint64_t need)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    compat_mutex_lock(&d->capture_lock);
    while (d->covered < need) {
        uint64_t start = 0, seq = 0;
        if (d->flushing) {
            compat_cond_wait(&d->flushed, &d->capture_lock);
            continue;
        }
        err = capture_append_locked(inst, &start, &seq);
        if (err < 0) {
            capture_failed(inst, err);
            break;
        }
        d->flushing = true;
        compat_mutex_unlock(&d->capture_lock);
        err = log_flush(d->lg, UINT64_MAX, true);
        compat_mutex_lock(&d->capture_lock);
        d->flushing = false;
        compat_cond_broadcast(&d->flushed);
        if (err < 0) {
            capture_failed(inst, err);
            break;
        }
        capture_flushed_locked(d, start, seq);
    }
    compat_mutex_unlock(&d->capture_lock);
    return err;
}

/* A new database's first state in the log (capture_lock held): LOG_CREATE with its header
 * as flushed, then each page of the file that holds anything. */
static JET_ERR log_created_locked(durability *d, uint32_t ifile, dbfile *df)
{
    JET_ERR err = JET_errSuccess;
    uint8_t head[4];
    uint8_t *page = compat_malloc(df->cb_page);
    durability_page_sink sink = { d->lg, ifile, NULL };
    INVARIANT(compat_mutex_held(&d->capture_lock));
    if (page == NULL) return JET_errOutOfMemory;
    byte_order_put_le32(head, ifile);
    dbheader_encode(&df->hdr, page, df->cb_page);
    CHECK(log_append(d->lg, LOG_CREATE, head, sizeof head, page, df->cb_page, NULL, 0, NULL));
    for (uint32_t pgno = 1; pgno <= df->space.pgno_last; pgno++) {
        size_t got = 0;
        bool empty = true;
        compat_err e = compat_file_read_at(df->file, page, df->cb_page, ((uint64_t)pgno + 1u) * df->cb_page, &got);
        if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
        if (e != COMPAT_OK) FAIL(JET_errDiskIO);
        if (got < df->cb_page) memset(page + got, 0, df->cb_page - got);
        for (uint32_t i = 0; i < df->cb_page && empty; i++) empty = page[i] == 0;
        if (!empty) CHECK(durability_append_page(&sink, pgno, page, NULL, df->cb_page, NULL));
    }
done:
    compat_free(page);
    return err;
}

JET_ERR durability_attach(jet_instance *inst, uint32_t ifile, compat_rwlock *lock, dbfile *df, const char *path,
                          bool created)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    size_t cb_path = strlen(path);
    uint64_t lsn = 0, off = 0;
    uint32_t gen = 0;
    uint8_t head[8];
    char *copy = NULL;

    if (ifile >= LOG_DATABASES_MAX) return JET_errTooManyAttachedDatabases;
    if (cb_path > LOG_PATH_MAX) return JET_errInvalidPath;
    copy = compat_malloc(cb_path + 1u);
    if (copy == NULL) return JET_errOutOfMemory;
    memcpy(copy, path, cb_path + 1u);
    compat_mutex_lock(&d->capture_lock);
    byte_order_put_le32(head, ifile);
    byte_order_put_le32(head + 4, df->cb_page);
    CHECK(log_append(d->lg, LOG_ATTACH, head, sizeof head, path, (uint32_t)cb_path, NULL, 0, &lsn));
    if (created) CHECK(log_created_locked(d, ifile, df));
    d->c = df->space.c;
    INVARIANT(d->files[ifile].lock == NULL); /* the cache gives a file index to one file */
    d->files[ifile].lock = lock;
    d->files[ifile].df = df;
    d->files[ifile].path = copy;
    d->files[ifile].pgno_last_logged = 0;
    copy = NULL;
    cache_set_logged(d->c, ifile, true);
    verstore_set_logged(inst->vs, ifile, true);
    /* recovery reads the log up to its last complete capture: one now makes the
     * LOG_ATTACH part of it, durably */
    err = capture_locked(inst);
    if (err < 0) {
        cache_set_logged(d->c, ifile, false);
        verstore_set_logged(inst->vs, ifile, false);
        compat_free(d->files[ifile].path);
        memset(&d->files[ifile], 0, sizeof d->files[ifile]);
        goto done;
    }
    df->hdr.sign_log = d->sign;
    df->hdr.lgpos_attach = lgpos_of(d, lsn);
    log_position(d->lg, d->checkpoint_lsn, &gen, &off);
    df->hdr.gen_min_required = (int32_t)gen;
    df->hdr.gen_max_required = (int32_t)log_generation(d->lg);
done:
    compat_mutex_unlock(&d->capture_lock);
    compat_free(copy);
    return err;
}

JET_ERR durability_detach_prepare(jet_instance *inst, uint32_t ifile, dbfile *df)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    if (ifile >= LOG_DATABASES_MAX || d->files[ifile].lock == NULL) return JET_errSuccess;
    compat_mutex_lock(&d->capture_lock);
    CHECK(capture_locked(inst));
    df->hdr.lgpos_consistent = lgpos_of(d, log_end(d->lg));
    df->hdr.lgpos_detach = df->hdr.lgpos_consistent;
    df->hdr.gen_min_required = 0;
    df->hdr.gen_max_required = 0;
done:
    compat_mutex_unlock(&d->capture_lock);
    return err;
}

void durability_detach_done(jet_instance *inst, uint32_t ifile, bool clean)
{
    durability *d = inst->dur;
    uint8_t head[4];
    if (ifile >= LOG_DATABASES_MAX || d->files[ifile].lock == NULL) return;
    compat_mutex_lock(&d->capture_lock);
    byte_order_put_le32(head, ifile);
    /* the file is clean and complete: a LOG_DETACH the log cannot take only makes the
     * next recovery replay images the file already holds */
    if (clean) (void)log_append(d->lg, LOG_DETACH, head, sizeof head, NULL, 0, NULL, 0, NULL);
    else d->checkpoint_held = true;
    cache_set_logged(d->c, ifile, false);
    verstore_set_logged(inst->vs, ifile, false);
    compat_free(d->files[ifile].path);
    memset(&d->files[ifile], 0, sizeof d->files[ifile]);
    {
        bool any = false;
        for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) any = any || d->files[i].lock != NULL;
        if (!any) d->c = NULL; /* the cache may go with the last database (JetTerm) */
    }
    compat_mutex_unlock(&d->capture_lock);
}

JET_ERR durability_commit_record(jet_instance *inst, uint64_t trx, uint64_t *lsn)
{
    uint8_t rec[8];
    JET_ERR err;
    byte_order_put_le64(rec, trx);
    err = log_append(inst->dur->lg, LOG_COMMIT, rec, sizeof rec, NULL, 0, NULL, 0, lsn);
    durability_note_change(inst);
    if (err < 0) instance_set_unavailable(inst, JET_errLogWriteFail);
    return err;
}

JET_ERR durability_commit_wait(jet_instance *inst, uint64_t lsn)
{
    return capture_covering(inst, lsn + 1u);
}

JET_ERR durability_wait_all(jet_instance *inst)
{
    if (inst->dur == NULL) return JET_errSuccess;
    return capture_covering(inst, log_end(inst->dur->lg));
}

/* Writes the pages of logged file i that the log holds (capture_lock held), the file
 * first as large as the last capture said: a checkpoint written next moves recovery past
 * that LOG_DB_SIZE record, and a file left shorter than its space trees would hand out
 * pages past its end after a crash (a write's descent then finds a child beyond the
 * last page: JET_errBadParentPageLink). */
static JET_ERR write_pages_locked(durability *d, uint32_t i)
{
    INVARIANT(compat_mutex_held(&d->capture_lock) && d->files[i].lock != NULL);
    wait_thawed_locked(d);
    return dbfile_write_pages(d->files[i].df, d->files[i].pgno_last_logged);
}

void durability_note_change(jet_instance *inst)
{
    if (inst->dur != NULL) atomic_fetch_add_explicit(&inst->dur->changes, 1u, memory_order_release);
}

void durability_after_call(jet_instance *inst)
{
    durability *d = inst->dur;
    uint64_t seen;
    /* nothing changed since the last look: nothing can be due (no shared write) */
    if (d == NULL || atomic_load_explicit(&d->changes, memory_order_acquire) ==
                         atomic_load_explicit(&d->checked, memory_order_relaxed))
        return;
    /* a capture or checkpoint under way does the work of this one */
    if (!compat_mutex_trylock(&d->capture_lock)) return;
    seen = atomic_load_explicit(&d->changes, memory_order_acquire);
    if (atomic_load(&d->frozen)) {
        /* nothing is written until the thaw; a reader's call does not wait for it */
        compat_mutex_unlock(&d->capture_lock);
        return;
    }
    if (d->c != NULL && cache_capture_wanted(d->c)) (void)capture_locked(inst); /* a failure stopped the instance */
    if (d->c != NULL && log_end(d->lg) - d->checkpoint_lsn > d->checkpoint_depth && capture_locked(inst) >= 0) {
        /* every change durable, then every page the log holds written: a checkpoint
         * that cannot be written leaves recovery more to read, nothing worse */
        bool written = true;
        for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++)
            if (d->files[i].lock != NULL && write_pages_locked(d, i) < 0) written = false;
        if (written) (void)write_checkpoint(inst);
    }
    atomic_store_explicit(&d->checked, seen, memory_order_relaxed);
    compat_mutex_unlock(&d->capture_lock);
}

log *durability_log(jet_instance *inst)
{
    return inst->dur->lg;
}

JET_ERR durability_checkpoint(jet_instance *inst)
{
    JET_ERR err;
    compat_mutex_lock(&inst->dur->capture_lock);
    err = write_checkpoint(inst);
    compat_mutex_unlock(&inst->dur->capture_lock);
    return err;
}

void durability_commit_id(jet_instance *inst, uint64_t lsn, JET_COMMIT_ID *out)
{
    durability *d = inst->dur;
    uint64_t end = lsn + LOG_RECORD_HEADER_CB + 8u; /* LOG_COMMIT's size */
    db_lgpos p = lgpos_of(d, end);
    memset(out, 0, sizeof *out);
    out->signLog.ulRandom = d->sign.random;
    memcpy(&out->signLog.logtimeCreate, &d->sign.create, sizeof out->signLog.logtimeCreate);
    memcpy(out->signLog.szComputerName, d->sign.computer_name, sizeof out->signLog.szComputerName);
    out->commitId = (int64_t)((uint64_t)(uint32_t)p.generation << 32 | (uint64_t)p.isec << 16 | p.ib);
}

void durability_report(jet_instance *inst)
{
    durability *d = inst->dur;
    uint64_t self;
    if (d == NULL || d->commit_cb == NULL) return;
    self = compat_thread_self_id();
    compat_mutex_lock(&d->report_lock);
    /* another thread's report first, so that the callback sees the ends in order; a
     * call the callback itself makes reports nothing (its caller goes on after it) */
    while (d->reporting && d->reporter != self) compat_cond_wait(&d->report_cond, &d->report_lock);
    if (!d->reporting) {
        d->reporting = true;
        d->reporter = self;
        for (;;) {
            JET_COMMIT_ID id;
            uint64_t end = log_durable_end(d->lg);
            if (end <= d->reported) break;
            d->reported = end;
            durability_commit_id(inst, end - LOG_RECORD_HEADER_CB - 8u, &id); /* the position of end */
            compat_mutex_unlock(&d->report_lock);
            /* LOG_WRITE_BUFFER::FWakeWaitingQueue: no engine lock held; ESE ignores what
             * it answers */
            (void)d->commit_cb(instance_handle(inst), &id, 0);
            compat_mutex_lock(&d->report_lock);
        }
        d->reporting = false;
        d->reporter = 0;
        compat_cond_broadcast(&d->report_cond);
    }
    compat_mutex_unlock(&d->report_lock);
}

void durability_log_signature(const jet_instance *inst, JET_SIGNATURE *out)
{
    const durability *d = inst->dur;
    memset(out, 0, sizeof *out);
    if (d == NULL) return;
    out->ulRandom = d->sign.random;
    memcpy(&out->logtimeCreate, &d->sign.create, sizeof out->logtimeCreate);
    memcpy(out->szComputerName, d->sign.computer_name, sizeof out->szComputerName);
}

void durability_commit_by(jet_instance *inst, uint64_t lsn, uint32_t cmsec)
{
    durability *d = inst->dur;
    uint64_t by = compat_clock_monotonic_ns() + (uint64_t)cmsec * 1000000u;
    /* LOG_WRITE_BUFFER::ErrLGScheduleWrite: the position to reach grows to the latest
     * lazy commit's; the timer moves only nearer */
    compat_mutex_lock(&d->timer_lock);
    if (lsn + 1u > d->lazy_need) d->lazy_need = lsn + 1u;
    if (d->durable_by == 0 || by < d->durable_by) {
        d->durable_by = by;
        compat_cond_signal(&d->timer_cond);
    }
    compat_mutex_unlock(&d->timer_lock);
}

/* The flusher (ESE's LGLazyCommit_, run by its timer task): sleeps until the nearest
 * lazy-commit deadline, then makes the log durable past every lazy commit scheduled so
 * far through the commit path's group commit, and tells the durable-commit callback. It
 * holds no lock while it flushes or reports. */
static void flusher_main(void *arg)
{
    jet_instance *inst = arg;
    durability *d = inst->dur;
    compat_mutex_lock(&d->timer_lock);
    while (!d->stop) {
        uint64_t now, need;
        if (d->durable_by == 0) {
            compat_cond_wait(&d->timer_cond, &d->timer_lock);
            continue;
        }
        now = compat_clock_monotonic_ns();
        if (now < d->durable_by) {
            uint64_t ms = (d->durable_by - now + 999999u) / 1000000u;
            (void)compat_cond_timed_wait(&d->timer_cond, &d->timer_lock, ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms);
            continue;
        }
        /* cleared before the position is read, as LGLazyCommit_ does: a commit
         * scheduled from now on sets a new deadline */
        d->durable_by = 0;
        need = d->lazy_need;
        compat_mutex_unlock(&d->timer_lock);
        /* a failure stopped the instance (capture_failed); the callback is still told
         * what is durable */
        (void)capture_covering(inst, need);
        durability_note_change(inst);
        durability_report(inst);
        compat_mutex_lock(&d->timer_lock);
    }
    compat_mutex_unlock(&d->timer_lock);
}

/* ---- backup ---- */

/* Every change captured and every page the log holds written to its file (capture_lock
 * held). */
static JET_ERR capture_and_write(jet_instance *inst)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    CHECK(capture_locked(inst));
    for (uint32_t i = 0; i < LOG_DATABASES_MAX && d->c != NULL; i++)
        if (d->files[i].lock != NULL) CHECK(write_pages_locked(d, i));
done:
    return err;
}

/* The generation of the oldest position a recovery would read now: the oldest page image
 * not yet in its file, the oldest change still uncommitted, the last checkpoint's end
 * (capture_lock held, right after write_checkpoint). */
static uint32_t needed_generation(jet_instance *inst)
{
    durability *d = inst->dur;
    uint64_t first = d->checkpoint_lsn, off = 0;
    uint64_t undo = verstore_oldest_logged(inst->vs), redo = d->c != NULL ? cache_oldest_unwritten(d->c) : 0;
    uint32_t gen = 0;
    if (undo != 0 && undo < first) first = undo;
    if (redo != 0 && redo < first) first = redo;
    log_position(d->lg, first, &gen, &off);
    return gen;
}

JET_ERR durability_backup_begin(jet_instance *inst, uint32_t *gen_first)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    uint32_t gen = 0;
    uint8_t head[8];
    uint8_t *block = NULL;
    log_checkpoint ck;

    compat_mutex_lock(&d->capture_lock);
    CHECK(capture_and_write(inst));
    CHECK(write_checkpoint(inst));
    gen = needed_generation(inst);
    /* where a restore of this backup starts: the files it copies from now on are at least
     * as new as this point, and no page's images after it build on older ones */
    checkpoint_now(inst, log_end(d->lg), &ck);
    block = compat_malloc(log_record_backup_begin_size(&ck));
    if (block == NULL) FAIL(JET_errOutOfMemory);
    log_record_put_backup_begin(block, &ck);
    CHECK(log_append(d->lg, LOG_BACKUP_BEGIN, block, log_record_backup_begin_size(&ck), NULL, 0, NULL, 0, NULL));
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        if (d->files[i].lock == NULL) continue;
        byte_order_put_le32(head, i);
        byte_order_put_le32(head + 4, d->files[i].df->cb_page);
        CHECK(log_append(d->lg, LOG_ATTACH, head, sizeof head, d->files[i].path, (uint32_t)strlen(d->files[i].path),
                         NULL, 0, NULL));
    }
    CHECK(capture_locked(inst));
    d->backup_gen = gen;
    *gen_first = gen;
done:
    compat_mutex_unlock(&d->capture_lock);
    compat_free(block);
    return err;
}

JET_ERR durability_backup_roll(jet_instance *inst, uint32_t *gen_current, uint32_t *gen_checkpoint)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;

    compat_mutex_lock(&d->capture_lock);
    CHECK(capture_locked(inst));
    CHECK(log_roll(d->lg));
    /* the next capture's records begin the new generation: writing them archives the
     * full one */
    CHECK(capture_and_write(inst));
    CHECK(write_checkpoint(inst));
    *gen_current = log_generation(d->lg);
    *gen_checkpoint = needed_generation(inst);
done:
    compat_mutex_unlock(&d->capture_lock);
    return err;
}

void durability_backup_end(jet_instance *inst)
{
    durability *d = inst->dur;
    if (d == NULL) return;
    compat_mutex_lock(&d->capture_lock);
    d->backup_gen = 0;
    compat_mutex_unlock(&d->capture_lock);
}

JET_ERR durability_backup_paths(jet_instance *inst, char ***paths, uint32_t *n)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    char **v = NULL;
    uint32_t k = 0;

    *paths = NULL;
    *n = 0;
    v = compat_calloc(LOG_DATABASES_MAX, sizeof *v);
    if (v == NULL) return JET_errOutOfMemory;
    compat_mutex_lock(&d->capture_lock);
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        size_t cb;
        if (d->files[i].lock == NULL) continue;
        cb = strlen(d->files[i].path) + 1u;
        v[k] = compat_malloc(cb);
        if (v[k] == NULL) FAIL(JET_errOutOfMemory);
        memcpy(v[k++], d->files[i].path, cb);
    }
done:
    compat_mutex_unlock(&d->capture_lock);
    if (err < 0) {
        for (uint32_t i = 0; i < k; i++) compat_free(v[i]);
        compat_free(v);
        return err;
    }
    *paths = v;
    *n = k;
    return err;
}

bool durability_backup_size(jet_instance *inst, const char *path, uint64_t *cb, uint32_t *cb_page)
{
    durability *d = inst->dur;
    bool found = false;
    compat_mutex_lock(&d->capture_lock);
    for (uint32_t i = 0; i < LOG_DATABASES_MAX && !found; i++) {
        if (d->files[i].lock == NULL || strcmp(d->files[i].path, path) != 0) continue;
        compat_rwlock_read_lock(d->files[i].lock);
        *cb_page = d->files[i].df->cb_page;
        *cb = ((uint64_t)d->files[i].df->space.pgno_last + 2u) * d->files[i].df->cb_page;
        compat_rwlock_read_unlock(d->files[i].lock);
        found = true;
    }
    compat_mutex_unlock(&d->capture_lock);
    return found;
}

/* ---- snapshot freeze ---- */

/* The freeze ends (capture_lock held): the cache writes again, waiters go on. */
static void unfreeze_locked(durability *d, bool timed_out)
{
    INVARIANT(compat_mutex_held(&d->capture_lock));
    if (!atomic_load(&d->frozen)) return;
    atomic_store(&d->frozen, false);
    d->freeze_timed_out = timed_out;
    if (d->c != NULL) cache_hold_writes(d->c, false);
    compat_cond_broadcast(&d->thawed);
}

JET_ERR durability_freeze(jet_instance *inst, uint32_t timeout_ms, uint32_t *gen_delete)
{
    JET_ERR err = JET_errSuccess;
    durability *d = inst->dur;
    uint32_t i;

    compat_mutex_lock(&d->capture_lock);
    INVARIANT(!atomic_load(&d->frozen));
    /* a commit's capture being written finishes first */
    while (d->flushing) compat_cond_wait(&d->flushed, &d->capture_lock);
    /* ErrBKOSSnapshotStopLogging: the log on a new generation, so that the files copied
     * hold whole generations before it; then the databases as current as the log */
    CHECK(capture_locked(inst));
    CHECK(log_roll(d->lg));
    CHECK(capture_and_write(inst));
    CHECK(write_checkpoint(inst));
    *gen_delete = needed_generation(inst);
    /* a database grown or trimmed checks frozen under its write lock (durability_frozen) */
    for (i = 0; i < LOG_DATABASES_MAX; i++)
        if (d->files[i].lock != NULL) compat_rwlock_write_lock(d->files[i].lock);
    d->freeze_deadline = compat_clock_monotonic_ns() + (uint64_t)timeout_ms * 1000000u;
    d->freeze_timed_out = false;
    if (d->c != NULL) cache_hold_writes(d->c, true);
    atomic_store(&d->frozen, true);
    for (i = LOG_DATABASES_MAX; i-- > 0;)
        if (d->files[i].lock != NULL) compat_rwlock_write_unlock(d->files[i].lock);
done:
    compat_mutex_unlock(&d->capture_lock);
    return err;
}

bool durability_thaw(jet_instance *inst)
{
    durability *d = inst->dur;
    bool timed_out;
    if (d == NULL) return false;
    compat_mutex_lock(&d->capture_lock);
    if (atomic_load(&d->frozen)) unfreeze_locked(d, compat_clock_monotonic_ns() >= d->freeze_deadline);
    timed_out = d->freeze_timed_out;
    d->freeze_timed_out = false;
    compat_mutex_unlock(&d->capture_lock);
    return timed_out;
}

bool durability_frozen(jet_instance *inst)
{
    return inst->dur != NULL && atomic_load(&inst->dur->frozen);
}

void durability_wait_thawed(jet_instance *inst)
{
    durability *d = inst->dur;
    if (d == NULL || !atomic_load(&d->frozen)) return;
    compat_mutex_lock(&d->capture_lock);
    wait_thawed_locked(d);
    compat_mutex_unlock(&d->capture_lock);
}
