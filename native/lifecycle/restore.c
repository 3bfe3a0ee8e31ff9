/* restore.c: JetRestore's work (see restore.h). */
#include "restore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup.h"
#include "durability.h"
#include "log.h"
#include "log_record.h"
#include "recovery.h"
#include "sysparam.h"
#include "transaction.h"

#define RESTORE_PATH_CAP 4096u
#define RESTORE_COPY_CB (1u << 20)

typedef struct rst_gen {
    uint32_t gen;
    char *name;
} rst_gen;

typedef struct rst {
    const char *base;
    rst_gen *gens;
    uint32_t n, cap;
    JET_ERR err;
    char **from, **to;        /* the databases the logs name, and where they go */
    uint32_t ndb;
    log_checkpoint start;     /* the first LOG_BACKUP_BEGIN the logs hold whole */
    bool have_start;
} rst;

static bool list_gen(void *ctx, const char *name)
{
    rst *r = ctx;
    uint32_t gen = log_file_generation(name, r->base);
    size_t cb = strlen(name) + 1u;
    if (gen == 0) return true;
    if (r->n == r->cap) {
        uint32_t c = r->cap ? r->cap * 2u : 16u;
        rst_gen *g = compat_realloc(r->gens, c * sizeof *g);
        if (g == NULL) {
            r->err = JET_errOutOfMemory;
            return false;
        }
        r->gens = g;
        r->cap = c;
    }
    r->gens[r->n].gen = gen;
    r->gens[r->n].name = compat_malloc(cb);
    if (r->gens[r->n].name == NULL) {
        r->err = JET_errOutOfMemory;
        return false;
    }
    memcpy(r->gens[r->n].name, name, cb);
    r->n++;
    return true;
}

static int cmp_gen(const void *a, const void *b)
{
    const rst_gen *x = a, *y = b;
    return x->gen < y->gen ? -1 : x->gen > y->gen;
}

static JET_ERR read_whole(const char *path, uint8_t **data, size_t *cb)
{
    JET_ERR err = JET_errSuccess;
    compat_file *f = NULL;
    uint64_t size = 0;
    size_t got = 0;
    *data = NULL;
    *cb = 0;
    if (compat_file_open(path, COMPAT_FILE_READ, &f) != COMPAT_OK) FAIL(JET_errFileNotFound);
    if (compat_file_size(f, &size) != COMPAT_OK || size > (1ull << 31)) FAIL(JET_errLogFileCorrupt);
    *data = compat_malloc(size ? (size_t)size : 1u);
    if (*data == NULL) FAIL(JET_errOutOfMemory);
    if (size > 0 && compat_file_read_at(f, *data, (size_t)size, 0, &got) != COMPAT_OK) FAIL(JET_errDiskIO);
    *cb = got;
done:
    if (f != NULL) (void)compat_file_close(f); /* read only */
    return err;
}

/* A database path the logs name, once. */
static JET_ERR add_database(rst *r, const uint8_t *path, size_t cb)
{
    char *s;
    char **g;
    for (uint32_t i = 0; i < r->ndb; i++)
        if (strlen(r->from[i]) == cb && memcmp(r->from[i], path, cb) == 0) return JET_errSuccess;
    g = compat_realloc(r->from, (r->ndb + 1u) * sizeof *g);
    if (g == NULL) return JET_errOutOfMemory;
    r->from = g;
    g = compat_realloc(r->to, (r->ndb + 1u) * sizeof *g);
    if (g == NULL) return JET_errOutOfMemory;
    r->to = g;
    s = compat_malloc(cb + 1u);
    if (s == NULL) return JET_errOutOfMemory;
    memcpy(s, path, cb);
    s[cb] = '\0';
    r->from[r->ndb] = s;
    r->to[r->ndb] = NULL;
    r->ndb++;
    return JET_errSuccess;
}

/* The backup's generations checked (consecutive, one log set, each continuing the
 * previous) and the databases their LOG_ATTACH records name collected; hdr0 gets the
 * first one's header. */
static JET_ERR scan_logs(rst *r, const char *src, log_file_header *hdr0)
{
    JET_ERR err = JET_errSuccess;
    char *path = compat_malloc(RESTORE_PATH_CAP);
    uint8_t *data = NULL;
    size_t cb = 0;
    uint64_t lsn = 0;
    if (path == NULL) return JET_errOutOfMemory;
    for (uint32_t i = 0; i < r->n; i++) {
        log_file_header h;
        size_t at = LOG_HEADER_CB;
        log_record_header rh;
        snprintf(path, RESTORE_PATH_CAP, "%s%s", src, r->gens[i].name);
        CHECK(read_whole(path, &data, &cb));
        if (cb < LOG_HEADER_CB || !log_record_get_file_header(data, &h) || h.generation != r->gens[i].gen)
            FAIL(JET_errLogFileCorrupt);
        if (i == 0) {
            *hdr0 = h;
        } else {
            if (h.generation != r->gens[i - 1].gen + 1u) FAIL(JET_errMissingLogFile);
            if (memcmp(h.signature, hdr0->signature, sizeof h.signature) != 0) FAIL(JET_errBadLogSignature);
            if (h.lsn_start != lsn) FAIL(JET_errLogFileCorrupt);
        }
        lsn = h.lsn_start;
        while (log_record_check(data + at, cb - at, lsn, &rh)) {
            const uint8_t *p = data + at + LOG_RECORD_HEADER_CB;
            uint32_t cb_p = rh.cb - LOG_RECORD_HEADER_CB;
            if (rh.type == LOG_ATTACH && cb_p >= 8u) CHECK(add_database(r, p + 8u, cb_p - 8u));
            if (rh.type == LOG_BACKUP_BEGIN && !r->have_start) {
                log_checkpoint ck;
                if (!log_record_get_backup_begin(p, cb_p, &ck)) FAIL(JET_errLogFileCorrupt);
                /* an earlier backup's, whose undo needs generations this one lacks, is passed */
                if (ck.lsn_redo >= hdr0->lsn_start && ck.lsn_undo >= hdr0->lsn_start) {
                    r->start = ck;
                    r->have_start = true;
                } else {
                    log_record_checkpoint_free(&ck);
                }
            }
            at += rh.cb;
            lsn += rh.cb;
        }
        compat_free(data);
        data = NULL;
    }
done:
    compat_free(data);
    compat_free(path);
    return err;
}

/* Copies src to dest (replacing it), flushed. */
static JET_ERR copy_file(const char *src, const char *dest)
{
    JET_ERR err = JET_errSuccess;
    compat_file *in = NULL, *out = NULL;
    uint8_t *buf = NULL;
    uint64_t at = 0;
    if (compat_file_open(src, COMPAT_FILE_READ, &in) != COMPAT_OK) FAIL(JET_errFileNotFound);
    if (compat_file_open(dest, COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE, &out) != COMPAT_OK)
        FAIL(JET_errInvalidPath);
    buf = compat_malloc(RESTORE_COPY_CB);
    if (buf == NULL) FAIL(JET_errOutOfMemory);
    for (;;) {
        size_t got = 0;
        compat_err e = compat_file_read_at(in, buf, RESTORE_COPY_CB, at, &got);
        if (e != COMPAT_OK) FAIL(JET_errDiskIO);
        if (got == 0) break;
        e = compat_file_write_at(out, buf, got, at);
        if (e != COMPAT_OK) FAIL(e == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
        at += got;
    }
    if (compat_file_flush(out) != COMPAT_OK) FAIL(JET_errDiskIO);
done:
    if (in != NULL) (void)compat_file_close(in); /* read only */
    if (out != NULL && compat_file_close(out) != COMPAT_OK && err >= 0) err = JET_errDiskIO;
    compat_free(buf);
    return err;
}

/* path made absolute, with a separator at the end when folder. */
static JET_ERR absolute(const char *path, bool folder, char **out)
{
    char *buf = compat_malloc(RESTORE_PATH_CAP);
    size_t n;
    *out = NULL;
    if (buf == NULL) return JET_errOutOfMemory;
    if (compat_path_absolute(path, buf, RESTORE_PATH_CAP - 1u) != COMPAT_OK) {
        compat_free(buf);
        return JET_errInvalidPath;
    }
    n = strlen(buf);
    if (folder && n > 0 && buf[n - 1] != '/' && buf[n - 1] != '\\') {
        buf[n] = compat_path_separator();
        buf[n + 1] = '\0';
    }
    *out = buf;
    return JET_errSuccess;
}


JET_ERR restore_run(jet_instance *inst, const char *src, const char *dest, JET_PFNSTATUS pfn)
{
    JET_ERR err = JET_errSuccess;
    rst r;
    char *src_dir = NULL, *dest_dir = NULL, *dir = NULL, *log_dir = NULL, *base = NULL, *sys_dir = NULL;
    char *a = NULL, *b = NULL;
    uint64_t cb_file = 0;
    JET_API_PTR page = 0, make = 0;
    log_file_header hdr0;
    log_checkpoint ck;
    bool is_dir = false, vs_made = false;

    memset(&r, 0, sizeof r);
    memset(&ck, 0, sizeof ck);
    compat_mutex_lock(&inst->lock);
    err = sysparam_resolve_paths(&inst->params);
    compat_mutex_unlock(&inst->lock);
    CHECK(err);
    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramDatabasePageSize), &page, NULL, 0));
    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramCreatePathIfNotExist), &make, NULL, 0));
    CHECK(durability_config(inst, &dir, &base, &cb_file, &sys_dir));
    CHECK(absolute(dir, true, &log_dir));
    CHECK(absolute(src, true, &src_dir));
    if (dest != NULL && dest[0] != '\0') CHECK(absolute(dest, true, &dest_dir));
    if (make) {
        if (compat_dir_create_parents(log_dir) == COMPAT_EEXIST) FAIL(JET_errInvalidPath);
        if (compat_dir_create_parents(sys_dir) == COMPAT_EEXIST) FAIL(JET_errInvalidPath);
        if (dest_dir != NULL && compat_dir_create_parents(dest_dir) == COMPAT_EEXIST) FAIL(JET_errInvalidPath);
    }
    if (compat_path_exists(src_dir, &is_dir) != COMPAT_OK || !is_dir) FAIL(JET_errFileNotFound);
    if (compat_path_exists(log_dir, &is_dir) != COMPAT_OK || !is_dir) FAIL(JET_errInvalidPath);
    if (dest_dir != NULL && (compat_path_exists(dest_dir, &is_dir) != COMPAT_OK || !is_dir)) FAIL(JET_errInvalidPath);

    backup_report_phase(pfn, JET_snpRestore, JET_sntBegin);
    /* the backup's generations, in order, and the databases they name */
    r.base = base;
    if (compat_dir_list(src_dir, list_gen, &r) != COMPAT_OK && r.err >= 0) FAIL(JET_errFileNotFound);
    CHECK(r.err);
    if (r.n == 0) FAIL(JET_errFileNotFound);
    qsort(r.gens, r.n, sizeof *r.gens, cmp_gen);
    CHECK(scan_logs(&r, src_dir, &hdr0));

    /* ErrGetDestDatabaseName: each database from the backup folder to the destination
     * (or where it was); one the backup lacks is recovered at the destination only if
     * it is there */
    a = compat_malloc(RESTORE_PATH_CAP);
    if (a == NULL) FAIL(JET_errOutOfMemory);
    for (uint32_t i = 0; i < r.ndb; i++) {
        const char *name = compat_path_file_name(r.from[i]);
        size_t cb = (dest_dir != NULL ? strlen(dest_dir) : 0) + strlen(name) + 1u;
        r.to[i] = compat_malloc(dest_dir != NULL ? cb : strlen(r.from[i]) + 1u);
        if (r.to[i] == NULL) FAIL(JET_errOutOfMemory);
        if (dest_dir != NULL) snprintf(r.to[i], cb, "%s%s", dest_dir, name);
        else memcpy(r.to[i], r.from[i], strlen(r.from[i]) + 1u);
        snprintf(a, RESTORE_PATH_CAP, "%s%s", src_dir, name);
        if (compat_path_exists(a, &is_dir) == COMPAT_OK && !is_dir && strcmp(a, r.to[i]) != 0) CHECK(copy_file(a, r.to[i]));
    }

    /* the generations into the log folder */
    b = compat_malloc(RESTORE_PATH_CAP);
    if (b == NULL) FAIL(JET_errOutOfMemory);
    if (strcmp(src_dir, log_dir) != 0) {
        for (uint32_t i = 0; i < r.n; i++) {
            snprintf(a, RESTORE_PATH_CAP, "%s%s", src_dir, r.gens[i].name);
            snprintf(b, RESTORE_PATH_CAP, "%s%s", log_dir, r.gens[i].name);
            CHECK(copy_file(a, b));
        }
        if (compat_dir_sync(log_dir) != COMPAT_OK) FAIL(JET_errDiskIO);
    }

    /* ErrLGIRSTSetupCheckpoint: recovery starts where the backup began (a page's images
     * after that point begin with a whole one), or, for logs without that record, at the
     * backup's first generation */
    if (r.have_start) {
        ck = r.start;
    } else {
        memset(&ck, 0, sizeof ck);
        ck.lsn_redo = ck.lsn_undo = hdr0.lsn_start;
        ck.generation = hdr0.generation;
        ck.cb_page = page != 0 ? (uint32_t)page : 8192u;
    }
    memcpy(ck.signature, hdr0.signature, sizeof ck.signature);
    CHECK(log_write_checkpoint(sys_dir, base, &ck));

    CHECK(transaction_instance_init(inst));
    vs_made = true;
    err = recovery_run_mapped(inst, (const char *const *)r.from, (const char *const *)r.to, r.ndb, NULL);
    /* ESE terminates the log at the end of a restore: the instance is not initialised */
    durability_close(inst);
    CHECK(err);
    backup_report_phase(pfn, JET_snpRestore, JET_sntComplete);
done:
    if (vs_made) transaction_instance_term(inst);
    for (uint32_t i = 0; i < r.n; i++) compat_free(r.gens[i].name);
    compat_free(r.gens);
    for (uint32_t i = 0; i < r.ndb; i++) {
        compat_free(r.from[i]);
        compat_free(r.to[i]);
    }
    compat_free(r.from);
    compat_free(r.to);
    log_record_checkpoint_free(&r.start);
    compat_free(a);
    compat_free(b);
    compat_free(src_dir);
    compat_free(dest_dir);
    compat_free(dir);
    compat_free(log_dir);
    compat_free(base);
    compat_free(sys_dir);
    return err;
}
