/* log.c: the log writer (log.h): the record buffer, generations and file rotation, group
 * commit, the checkpoint file. */
#include "log.h"

#include <stdio.h>
#include <string.h>

struct log {
    compat_mutex lock;
    compat_cond cond;            /* a write finished */
    char *dir, *base;
    uint64_t cb_file;            /* records a file holds, its header not counted */
    uint8_t signature[28];
    /* appending (lock) */
    uint8_t *buf;                /* records from lsn_buf to lsn_end */
    size_t cap_buf;
    uint64_t lsn_buf, lsn_end;
    uint32_t gen_first;          /* generation of starts[0] */
    uint64_t *starts;            /* where generation gen_first + i begins */
    uint32_t nstarts, cap_starts;
    uint64_t lsn_written, lsn_durable;
    bool writing;                /* a thread is writing (it alone touches file) */
    JET_ERR failed;              /* the first write failure, for good */
    log_stats stats;
    /* the writer's (writing) */
    compat_file *file;           /* the current file */
    uint32_t file_gen;
    uint64_t file_formatted;     /* its bytes below this were written (zeros or records) */
    uint8_t *zeros;              /* LOG_FORMAT_CHUNK zero bytes (NULL until first needed) */
    uint8_t *spare;              /* the buffer the writer writes from */
    size_t cap_spare;
};

JET_ERR log_file_path(const char *dir, const char *base, uint32_t gen, bool current, char **out)
{
    size_t cb = strlen(dir) + strlen(base) + 16u;
    char *p = compat_malloc(cb);
    *out = NULL;
    if (p == NULL) return JET_errOutOfMemory;
    if (current) snprintf(p, cb, "%s%s.log", dir, base);
    else snprintf(p, cb, "%s%s%05X.log", dir, base, (unsigned)gen);
    *out = p;
    return JET_errSuccess;
}

uint32_t log_file_generation(const char *name, const char *base)
{
    size_t nb = strlen(base), n = strlen(name);
    uint32_t gen = 0;
    if (n < nb + 4u + 5u || strncmp(name, base, nb) != 0 || strcmp(name + n - 4u, ".log") != 0)
        return 0;
    for (size_t i = nb; i < n - 4u; i++) {
        char c = name[i];
        uint32_t v;
        if (c >= '0' && c <= '9') v = (uint32_t)(c - '0');
        else if (c >= 'A' && c <= 'F') v = (uint32_t)(c - 'A' + 10);
        else if (c >= 'a' && c <= 'f') v = (uint32_t)(c - 'a' + 10);
        else return 0;
        if (gen > 0x0FFFFFFFu) return 0;
        gen = gen * 16u + v;
    }
    return gen;
}

static char *dup_string(const char *s)
{
    size_t cb = strlen(s) + 1u;
    char *p = compat_malloc(cb);
    if (p != NULL) memcpy(p, s, cb);
    return p;
}

/* How far ahead of the records a file is written with zeros. A log write into bytes the
 * file never had changes the file system's block map (on ext4, unwritten extents become
 * written), so its flush commits a journal transaction, which in turn flushes every other
 * file's newly allocated data; a write over bytes written before flushes only itself. ESE
 * formats a whole log file before using it (its edbtmp.log); writing zeros ahead of the
 * records gets the same flush while a JetInit writes nothing extra. The distance doubles
 * with what the file took so far, from the first to the last, so that an instance that
 * logs little writes few zeros. */
#define LOG_FORMAT_FIRST (16u * 1024u)
#define LOG_FORMAT_CHUNK (256u * 1024u)

static JET_ERR io_error(compat_err e)
{
    if (e == COMPAT_ENOMEM) return JET_errOutOfMemory; /* nothing was written */
    return e == COMPAT_ENOSPC ? JET_errLogDiskFull : JET_errLogWriteFail;
}

/* Creates generation gen's current file beginning at lsn_start, JET_paramLogFileSize
 * bytes long: header written and flushed, the folder flushed. */
static JET_ERR file_begin(log *lg, uint32_t gen, uint64_t lsn_start)
{
    JET_ERR err = JET_errSuccess;
    char *path = NULL;
    uint8_t *block = NULL;
    compat_file *f = NULL;
    compat_err e;
    log_file_header h;

    CHECK(log_file_path(lg->dir, lg->base, gen, true, &path));
    block = compat_malloc(LOG_HEADER_CB);
    if (block == NULL) FAIL(JET_errOutOfMemory);
    h.generation = gen;
    h.lsn_start = lsn_start;
    memcpy(h.signature, lg->signature, sizeof h.signature);
    log_record_put_file_header(block, &h);
    e = compat_file_open(path, COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE, &f);
    if (e != COMPAT_OK) FAIL(io_error(e));
    e = compat_file_write_at(f, block, LOG_HEADER_CB, 0);
    /* the file takes its whole size at once, as ESE's log files do: a record written
     * later changes no file size, and what was never written reads as zeros (no valid
     * record), so the log ends there */
    if (e == COMPAT_OK) e = compat_file_set_size(f, LOG_HEADER_CB + lg->cb_file);
    if (e == COMPAT_OK) e = compat_file_flush(f);
    if (e == COMPAT_OK) e = compat_dir_sync(lg->dir);
    if (e != COMPAT_OK) FAIL(io_error(e));
    lg->file = f;
    lg->file_gen = gen;
    lg->file_formatted = LOG_HEADER_CB;
    f = NULL;
done:
    if (f != NULL) (void)compat_file_close(f); /* a file never used: nothing to lose */
    compat_free(block);
    compat_free(path);
    return err;
}

/* The current file is full: flushed, closed and archived under its generation's name. */
static JET_ERR file_end(log *lg)
{
    JET_ERR err = JET_errSuccess;
    char *cur = NULL, *arch = NULL;
    compat_err e = compat_file_flush(lg->file);
    compat_err closed = compat_file_close(lg->file);
    lg->file = NULL;
    if (e == COMPAT_OK) e = closed;
    if (e != COMPAT_OK) FAIL(io_error(e));
    CHECK(log_file_path(lg->dir, lg->base, lg->file_gen, true, &cur));
    CHECK(log_file_path(lg->dir, lg->base, lg->file_gen, false, &arch));
    e = compat_path_rename(cur, arch);
    if (e != COMPAT_OK) FAIL(io_error(e));
done:
    compat_free(cur);
    compat_free(arch);
    return err;
}

/* An existing current file (of an earlier run, recovered) is archived under its own
 * generation's name; one without a valid header holds nothing and goes. */
static JET_ERR archive_existing(log *lg)
{
    JET_ERR err = JET_errSuccess;
    char *cur = NULL, *arch = NULL;
    uint8_t *block = NULL;
    compat_file *f = NULL;
    size_t got = 0;
    bool is_dir = false;
    log_file_header h;
    compat_err e;

    CHECK(log_file_path(lg->dir, lg->base, 0, true, &cur));
    if (compat_path_exists(cur, &is_dir) != COMPAT_OK) goto done;
    block = compat_calloc(1, LOG_HEADER_CB);
    if (block == NULL) FAIL(JET_errOutOfMemory);
    e = compat_file_open(cur, COMPAT_FILE_READ, &f);
    if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
    if (e == COMPAT_OK) {
        if (compat_file_read_at(f, block, LOG_HEADER_CB, 0, &got) != COMPAT_OK) got = 0;
        (void)compat_file_close(f); /* opened for reading only */
    }
    if (got == LOG_HEADER_CB && log_record_get_file_header(block, &h)) {
        CHECK(log_file_path(lg->dir, lg->base, h.generation, false, &arch));
        compat_err e = compat_path_rename(cur, arch);
        if (e != COMPAT_OK) FAIL(io_error(e));
    } else {
        compat_err e = compat_path_delete(cur);
        if (e != COMPAT_OK) FAIL(io_error(e));
    }
done:
    compat_free(block);
    compat_free(cur);
    compat_free(arch);
    return err;
}

JET_ERR log_open(const log_config *cfg, log **out)
{
    JET_ERR err = JET_errSuccess;
    log *lg = NULL;

    *out = NULL;
    lg = compat_calloc(1, sizeof *lg);
    if (lg == NULL) FAIL(JET_errOutOfMemory);
    if (compat_mutex_init(&lg->lock) != COMPAT_OK) {
        compat_free(lg);
        lg = NULL;
        FAIL(JET_errOutOfMemory);
    }
    if (compat_cond_init(&lg->cond) != COMPAT_OK) {
        compat_mutex_destroy(&lg->lock);
        compat_free(lg);
        lg = NULL;
        FAIL(JET_errOutOfMemory);
    }
    lg->dir = dup_string(cfg->dir);
    lg->base = dup_string(cfg->base);
    lg->cap_starts = 16;
    lg->starts = compat_malloc(lg->cap_starts * sizeof *lg->starts);
    if (lg->dir == NULL || lg->base == NULL || lg->starts == NULL) FAIL(JET_errOutOfMemory);
    lg->cb_file = cfg->cb_file > LOG_HEADER_CB * 4u ? cfg->cb_file - LOG_HEADER_CB : LOG_HEADER_CB * 3u;
    memcpy(lg->signature, cfg->signature, sizeof lg->signature);
    lg->gen_first = cfg->generation;
    lg->starts[0] = cfg->lsn_start;
    lg->nstarts = 1;
    lg->lsn_buf = lg->lsn_end = lg->lsn_written = lg->lsn_durable = cfg->lsn_start;
    CHECK(archive_existing(lg));
    CHECK(file_begin(lg, cfg->generation, cfg->lsn_start));
    *out = lg;
    lg = NULL;
done:
    if (lg != NULL) log_close(lg);
    return err;
}

void log_close(log *lg)
{
    if (lg == NULL) return;
    if (lg->file != NULL) (void)compat_file_close(lg->file); /* the caller flushed what counts */
    compat_free(lg->buf);
    compat_free(lg->spare);
    compat_free(lg->zeros);
    compat_free(lg->starts);
    compat_free(lg->dir);
    compat_free(lg->base);
    compat_cond_destroy(&lg->cond);
    compat_mutex_destroy(&lg->lock);
    compat_free(lg);
}

/* The generation that record [lsn, lsn + cb) falls in, beginning a new one when it does
 * not fit in the last (lock held). */
static JET_ERR place_record(log *lg, uint64_t cb)
{
    uint64_t start = lg->starts[lg->nstarts - 1u];
    if (lg->lsn_end == start || lg->lsn_end + cb - start <= lg->cb_file) return JET_errSuccess;
    if (lg->nstarts == lg->cap_starts) {
        uint64_t *grown = compat_realloc(lg->starts, 2u * lg->cap_starts * sizeof *grown);
        if (grown == NULL) return JET_errOutOfMemory;
        lg->starts = grown;
        lg->cap_starts *= 2u;
    }
    lg->starts[lg->nstarts++] = lg->lsn_end;
    return JET_errSuccess;
}

JET_ERR log_append(log *lg, uint32_t type, const void *p1, uint32_t cb1, const void *p2, uint32_t cb2,
                   const void *p3, uint32_t cb3, uint64_t *lsn)
{
    JET_ERR err = JET_errSuccess;
    uint64_t cb = (uint64_t)LOG_RECORD_HEADER_CB + cb1 + cb2 + cb3;
    size_t used;
    uint8_t *rec;

    compat_mutex_lock(&lg->lock);
    if (lg->failed < 0) FAIL(JET_errLogWriteFail);
    if (cb > lg->cb_file) FAIL(JET_errInvalidParameter); /* no record is this large */
    CHECK(place_record(lg, cb));
    used = (size_t)(lg->lsn_end - lg->lsn_buf);
    if (used + cb > lg->cap_buf) {
        size_t cap = lg->cap_buf ? lg->cap_buf : 65536u;
        uint8_t *grown;
        while (cap < used + cb) cap *= 2u;
        grown = compat_realloc(lg->buf, cap);
        if (grown == NULL) FAIL(JET_errOutOfMemory);
        lg->buf = grown;
        lg->cap_buf = cap;
    }
    rec = lg->buf + used;
    if (cb1) memcpy(rec + LOG_RECORD_HEADER_CB, p1, cb1);
    if (cb2) memcpy(rec + LOG_RECORD_HEADER_CB + cb1, p2, cb2);
    if (cb3) memcpy(rec + LOG_RECORD_HEADER_CB + cb1 + cb2, p3, cb3);
    log_record_seal(rec, (uint32_t)cb, lg->lsn_end, type);
    if (lsn != NULL) *lsn = lg->lsn_end;
    lg->lsn_end += cb;
    lg->stats.records++;
    lg->stats.bytes += cb;
done:
    compat_mutex_unlock(&lg->lock);
    return err;
}

uint64_t log_end(log *lg)
{
    uint64_t end;
    compat_mutex_lock(&lg->lock);
    end = lg->lsn_end;
    compat_mutex_unlock(&lg->lock);
    return end;
}

/* Where generation gen + 1 begins, UINT64_MAX when it has not (lock held). */
static uint64_t next_start(const log *lg, uint32_t gen)
{
    uint32_t i = gen - lg->gen_first + 1u;
    return i < lg->nstarts ? lg->starts[i] : UINT64_MAX;
}

/* Zeros written past end (the writer alone), within the file's size. */
static JET_ERR format_ahead(log *lg, uint64_t end)
{
    uint64_t size = LOG_HEADER_CB + lg->cb_file, ahead = lg->file_formatted - LOG_HEADER_CB;
    if (end <= lg->file_formatted) return JET_errSuccess;
    if (lg->zeros == NULL) {
        lg->zeros = compat_calloc(1, LOG_FORMAT_CHUNK);
        if (lg->zeros == NULL) return JET_errOutOfMemory;
    }
    end += ahead < LOG_FORMAT_FIRST ? LOG_FORMAT_FIRST : ahead > LOG_FORMAT_CHUNK ? LOG_FORMAT_CHUNK : ahead;
    if (end > size) end = size;
    while (lg->file_formatted < end) {
        uint64_t n = end - lg->file_formatted;
        compat_err e;
        if (n > LOG_FORMAT_CHUNK) n = LOG_FORMAT_CHUNK;
        e = compat_file_write_at(lg->file, lg->zeros, (size_t)n, lg->file_formatted);
        if (e != COMPAT_OK) return io_error(e);
        lg->file_formatted += n;
    }
    return JET_errSuccess;
}

/* Writes bytes [from, to) of the stream from data, rotating files at the generation
 * boundaries (the writer alone; boundaries are read under the lock). */
static JET_ERR write_range(log *lg, const uint8_t *data, uint64_t from, uint64_t to)
{
    JET_ERR err = JET_errSuccess;
    while (from < to) {
        uint64_t file_start, limit, n;
        compat_err e;
        compat_mutex_lock(&lg->lock);
        file_start = lg->starts[lg->file_gen - lg->gen_first];
        limit = next_start(lg, lg->file_gen);
        compat_mutex_unlock(&lg->lock);
        if (from == limit) {
            CHECK(file_end(lg));
            CHECK(file_begin(lg, lg->file_gen + 1u, limit));
            continue;
        }
        n = (limit < to ? limit : to) - from;
        CHECK(format_ahead(lg, LOG_HEADER_CB + (from - file_start) + n));
        e = compat_file_write_at(lg->file, data, (size_t)n, LOG_HEADER_CB + (from - file_start));
        if (e != COMPAT_OK) FAIL(io_error(e));
        data += n;
        from += n;
    }
done:
    return err;
}

JET_ERR log_flush(log *lg, uint64_t lsn, bool durable)
{
    JET_ERR err = JET_errSuccess;

    compat_mutex_lock(&lg->lock);
    if (lsn > lg->lsn_end) lsn = lg->lsn_end;
    for (;;) {
        uint64_t from, to;
        bool sync = durable;
        compat_err e = COMPAT_OK;
        if (lg->failed < 0) FAIL(JET_errLogWriteFail);
        if ((durable ? lg->lsn_durable : lg->lsn_written) >= lsn) break;
        if (lg->writing) {
            compat_cond_wait(&lg->cond, &lg->lock);
            continue;
        }
        /* Lead: take everything appended so far (it covers the waiters too). */
        lg->writing = true;
        from = lg->lsn_buf;
        to = lg->lsn_end;
        {
            uint8_t *b = lg->buf;
            size_t cap = lg->cap_buf;
            lg->buf = lg->spare;
            lg->cap_buf = lg->cap_spare;
            lg->spare = b;
            lg->cap_spare = cap;
            lg->lsn_buf = to;
        }
        compat_mutex_unlock(&lg->lock);
        err = write_range(lg, lg->spare, from, to);
        if (err >= 0 && sync) {
            e = compat_file_flush(lg->file);
            if (e != COMPAT_OK) err = io_error(e);
        }
        compat_mutex_lock(&lg->lock);
        lg->writing = false;
        if (err < 0) {
            lg->failed = err;
        } else {
            lg->lsn_written = to;
            lg->stats.writes++;
            if (sync) {
                lg->lsn_durable = to;
                lg->stats.flushes++;
            }
        }
        compat_cond_broadcast(&lg->cond);
        if (err < 0) goto done;
    }
done:
    compat_mutex_unlock(&lg->lock);
    return err;
}

bool log_durable(log *lg, uint64_t lsn)
{
    bool yes;
    compat_mutex_lock(&lg->lock);
    yes = lg->lsn_durable >= lsn;
    compat_mutex_unlock(&lg->lock);
    return yes;
}

void log_position(log *lg, uint64_t lsn, uint32_t *gen, uint64_t *offset)
{
    uint32_t i = 0;
    compat_mutex_lock(&lg->lock);
    while (i + 1u < lg->nstarts && lg->starts[i + 1u] <= lsn) i++;
    *gen = lg->gen_first + i;
    *offset = LOG_HEADER_CB + (lsn >= lg->starts[i] ? lsn - lg->starts[i] : 0);
    compat_mutex_unlock(&lg->lock);
}

uint32_t log_generation(log *lg)
{
    uint32_t gen;
    compat_mutex_lock(&lg->lock);
    gen = lg->gen_first + lg->nstarts - 1u;
    compat_mutex_unlock(&lg->lock);
    return gen;
}

JET_ERR log_write_checkpoint(const char *dir, const char *base, const log_checkpoint *ck)
{
    JET_ERR err = JET_errSuccess;
    size_t cb = strlen(dir) + strlen(base) + 16u;
    char *path = compat_malloc(cb), *tmp = compat_malloc(cb);
    uint8_t *block = compat_malloc(CHECKPOINT_CB);
    compat_file *f = NULL;
    compat_err e;

    if (path == NULL || tmp == NULL || block == NULL) FAIL(JET_errOutOfMemory);
    snprintf(path, cb, "%s%s.chk", dir, base);
    snprintf(tmp, cb, "%s%s.chk.new", dir, base);
    if (!log_record_put_checkpoint(block, ck)) FAIL(JET_errInvalidPath);
    e = compat_file_open(tmp, COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE, &f);
    if (e == COMPAT_OK) e = compat_file_write_at(f, block, CHECKPOINT_CB, 0);
    if (e == COMPAT_OK) e = compat_file_flush(f);
    if (f != NULL) {
        compat_err closed = compat_file_close(f);
        if (e == COMPAT_OK) e = closed;
    }
    if (e == COMPAT_OK) e = compat_path_rename(tmp, path);
    if (e == COMPAT_OK) e = compat_dir_sync(dir);
    if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
    if (e != COMPAT_OK) FAIL(e == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
done:
    compat_free(path);
    compat_free(tmp);
    compat_free(block);
    return err;
}

JET_ERR log_delete_checkpoint(const char *dir, const char *base)
{
    JET_ERR err = JET_errSuccess;
    size_t cb = strlen(dir) + strlen(base) + 16u;
    char *path = compat_malloc(cb);
    bool is_dir = false;
    compat_err e;
    if (path == NULL) FAIL(JET_errOutOfMemory);
    snprintf(path, cb, "%s%s.chk", dir, base);
    e = compat_path_exists(path, &is_dir);
    if (e == COMPAT_ENOENT) goto done;
    if (e == COMPAT_OK) e = compat_path_delete(path);
    if (e == COMPAT_OK) e = compat_dir_sync(dir);
    if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
    if (e != COMPAT_OK) FAIL(JET_errDiskIO);
done:
    compat_free(path);
    return err;
}

void log_delete_before(log *lg, uint32_t gen)
{
    for (uint32_t g = gen; g-- > 1u;) {
        char *p = NULL;
        bool is_dir = false;
        if (log_file_path(lg->dir, lg->base, g, false, &p) < 0) return;
        bool there = compat_path_exists(p, &is_dir) == COMPAT_OK;
        /* an archived generation no recovery needs; one that stays only takes room */
        if (there) (void)compat_path_delete(p);
        compat_free(p);
        if (!there) return; /* older ones went before */
    }
}

void log_get_stats(log *lg, log_stats *out)
{
    compat_mutex_lock(&lg->lock);
    *out = lg->stats;
    compat_mutex_unlock(&lg->lock);
}

JET_ERR log_roll(log *lg)
{
    JET_ERR err = JET_errSuccess;
    compat_mutex_lock(&lg->lock);
    if (lg->failed < 0) FAIL(JET_errLogWriteFail);
    if (lg->lsn_end == lg->starts[lg->nstarts - 1u]) goto done; /* nothing in it yet */
    if (lg->nstarts == lg->cap_starts) {
        uint64_t *grown = compat_realloc(lg->starts, 2u * lg->cap_starts * sizeof *grown);
        if (grown == NULL) FAIL(JET_errOutOfMemory);
        lg->starts = grown;
        lg->cap_starts *= 2u;
    }
    lg->starts[lg->nstarts++] = lg->lsn_end;
done:
    compat_mutex_unlock(&lg->lock);
    return err;
}

JET_ERR log_reserve_lock(const char *dir, const char *base, uint64_t cb_file, compat_file **out)
{
    JET_ERR err = JET_errSuccess;
    size_t cb = strlen(dir) + strlen(base) + 16u;
    char *path = compat_malloc(cb);
    compat_file *f = NULL;
    compat_err e;

    *out = NULL;
    if (path == NULL) FAIL(JET_errOutOfMemory);
    for (unsigned i = 2; i >= 1; i--) {
        bool is_dir = false;
        uint64_t size = 0;
        snprintf(path, cb, "%s%sres%05u.jrs", dir, base, i);
        e = compat_path_exists(path, &is_dir);
        if (e == COMPAT_OK && is_dir) FAIL(JET_errInvalidPath);
        e = compat_file_open(path, COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &f);
        if (e == COMPAT_ENOENT) FAIL(JET_errInvalidPath);
        if (e == COMPAT_EACCES) FAIL(JET_errFileAccessDenied);
        if (e != COMPAT_OK) FAIL(io_error(e));
        if (i == 1) {
            /* the folder's lock: taken before the file is sized, so that two instances
             * racing for the folder never both write it */
            e = compat_file_lock(f, true);
            if (e == COMPAT_EBUSY) FAIL(JET_errFileAccessDenied);
            if (e != COMPAT_OK) FAIL(JET_errLogWriteFail);
        }
        e = compat_file_size(f, &size);
        if (e == COMPAT_OK && size < cb_file) e = compat_file_set_size(f, cb_file);
        if (e != COMPAT_OK) FAIL(io_error(e));
        if (i == 1) break;
        e = compat_file_close(f);
        f = NULL;
        if (e != COMPAT_OK) FAIL(io_error(e));
    }
    *out = f;
    f = NULL;
done:
    if (f != NULL) (void)compat_file_close(f); /* nothing written that counts */
    compat_free(path);
    return err;
}

uint64_t log_durable_end(log *lg)
{
    uint64_t end;
    compat_mutex_lock(&lg->lock);
    end = lg->lsn_durable;
    compat_mutex_unlock(&lg->lock);
    return end;
}
