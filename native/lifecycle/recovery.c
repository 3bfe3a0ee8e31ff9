/* recovery.c: soft recovery at JetInit (see recovery.h). */
#include "recovery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup.h"
#include "btree.h"
#include "byte_order.h"
#include "cache.h"
#include "dbheader.h"
#include "durability.h"
#include "log_record.h"
#include "page.h"
#include "page_checksum.h"
#include "verstore.h"

#define FIRST_LSN 4096u          /* LSN 0 stays "none" */
#define RECOVERY_CACHE_PAGES 1024u

/* One generation's file, read whole. */
typedef struct gen_file {
    uint32_t gen;
    char *path;
    uint8_t *data;
    size_t cb;
    log_file_header hdr;
} gen_file;

/* A database the log names. */
typedef struct rec_db {
    char *path;               /* NULL: none at this id */
    uint32_t cb_page;
    compat_file *file;        /* opened at its first image */
    bool bad;                 /* missing or not ours: left alone */
    uint32_t pgno_last;
    uint64_t dbtime;
    uint32_t epoch;           /* which file the id names (a new ATTACH of the id, a new one) */
} rec_db;

typedef struct undo_ref {
    uint64_t lsn;
    const uint8_t *payload;
    uint32_t cb;
    uint64_t trx;
    uint32_t dbid;
} undo_ref;

typedef struct recovery {
    jet_instance *inst;
    char *dir, *base, *sys_dir;
    uint64_t cb_file;
    gen_file *files;
    uint32_t nfiles, cap_files;
    log_checkpoint ck;
    bool have_ck;
    uint8_t signature[28];    /* the log set's */
    rec_db dbs[LOG_DATABASES_MAX];
    undo_ref *undos;
    uint32_t nundos, cap_undos;
    uint64_t *done;           /* LSNs of LOG_UNDO records undone; then committed trx ids */
    uint32_t ndone, cap_done;
    uint64_t *committed;
    uint32_t ncommitted, cap_committed;
    uint64_t lsn_consistent;  /* end of the last LOG_CAPTURE_END */
    uint32_t gen_consistent;  /* the file it lies in (index into files) */
    const char *const *map_from, *const *map_to; /* restore: where the databases are now */
    uint32_t nmap;
    compat_file *reserve;     /* the folder's lock (log_reserve_lock) until the log holds it */
    uint64_t *imaged;         /* pages redone from a whole image in this pass (open addressing) */
    uint32_t nimaged, cap_imaged;
    uint32_t epochs;          /* rec_db.epoch's last */
    uint8_t *page;            /* a page being redone (the largest page size) */
} recovery;

/* The set of pages that had a whole image redone: a LOG_PAGE_DELTA applies only on top of
 * one (durability_append_page's rule), else the log is corrupt. */
static uint64_t imaged_key(const recovery *r, uint32_t dbid, uint32_t pgno)
{
    return (uint64_t)r->dbs[dbid].epoch << 36 | (uint64_t)dbid << 32 | pgno; /* pgno != 0 */
}

static uint32_t imaged_slot(const uint64_t *set, uint32_t cap, uint64_t key)
{
    uint32_t i = (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1u);
    while (set[i] != 0 && set[i] != key) i = (i + 1u) & (cap - 1u);
    return i;
}

static bool imaged_has(const recovery *r, uint64_t key)
{
    return r->cap_imaged != 0 && r->imaged[imaged_slot(r->imaged, r->cap_imaged, key)] == key;
}

static JET_ERR imaged_add(recovery *r, uint64_t key)
{
    if (2u * (r->nimaged + 1u) > r->cap_imaged) {
        uint32_t cap = r->cap_imaged ? 2u * r->cap_imaged : 1024u;
        uint64_t *set = compat_calloc(cap, sizeof *set);
        if (set == NULL) return JET_errOutOfMemory;
        for (uint32_t i = 0; i < r->cap_imaged; i++)
            if (r->imaged[i] != 0) set[imaged_slot(set, cap, r->imaged[i])] = r->imaged[i];
        compat_free(r->imaged);
        r->imaged = set;
        r->cap_imaged = cap;
    }
    uint32_t i = imaged_slot(r->imaged, r->cap_imaged, key);
    if (r->imaged[i] == 0) r->nimaged++;
    r->imaged[i] = key;
    return JET_errSuccess;
}

/* The path a database the log names has now (a restore moves them). */
static const char *mapped_path(const recovery *r, const char *path, size_t cb, size_t *cb_out)
{
    for (uint32_t i = 0; i < r->nmap; i++) {
        if (strlen(r->map_from[i]) == cb && memcmp(r->map_from[i], path, cb) == 0) {
            *cb_out = strlen(r->map_to[i]);
            return r->map_to[i];
        }
    }
    *cb_out = cb;
    return path;
}

static JET_ERR push_u64(uint64_t **v, uint32_t *n, uint32_t *cap, uint64_t x)
{
    if (*n == *cap) {
        uint32_t c = *cap ? *cap * 2u : 64u;
        uint64_t *g = compat_realloc(*v, c * sizeof *g);
        if (g == NULL) return JET_errOutOfMemory;
        *v = g;
        *cap = c;
    }
    (*v)[(*n)++] = x;
    return JET_errSuccess;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static bool has_u64(const uint64_t *v, uint32_t n, uint64_t x)
{
    return n > 0 && bsearch(&x, v, n, sizeof x, cmp_u64) != NULL;
}

/* ---- reading the log files ---- */

static JET_ERR read_whole(const char *path, uint8_t **data, size_t *cb)
{
    JET_ERR err = JET_errSuccess;
    compat_file *f = NULL;
    uint64_t size = 0;
    size_t got = 0;
    *data = NULL;
    *cb = 0;
    {
        compat_err e = compat_file_open(path, COMPAT_FILE_READ, &f);
        if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
        if (e != COMPAT_OK) FAIL(JET_errLogFileCorrupt);
    }
    if (compat_file_size(f, &size) != COMPAT_OK || size > (1ull << 31)) FAIL(JET_errLogFileCorrupt);
    *data = compat_malloc(size ? (size_t)size : 1u);
    if (*data == NULL) FAIL(JET_errOutOfMemory);
    if (size > 0 && compat_file_read_at(f, *data, (size_t)size, 0, &got) != COMPAT_OK) FAIL(JET_errLogReadVerifyFailure);
    *cb = got;
done:
    if (f != NULL) (void)compat_file_close(f); /* read only */
    return err;
}

typedef struct list_ctx {
    recovery *r;
    JET_ERR err;
} list_ctx;

/* Every <base>.log and <base>XXXXX.log of the folder with a valid header. */
/* A generation file's header: *ours false when it is too short or not one of ours (a
 * file never begun); JET_errOutOfMemory and read failures are errors, never "not ours",
 * or recovery would start a new log set over the logs it could not read. */
static JET_ERR read_header(const char *path, log_file_header *hdr, bool *ours)
{
    JET_ERR err = JET_errSuccess;
    compat_file *f = NULL;
    uint8_t *block = compat_malloc(LOG_HEADER_CB);
    size_t got = 0;
    compat_err e;
    *ours = false;
    if (block == NULL) FAIL(JET_errOutOfMemory);
    e = compat_file_open(path, COMPAT_FILE_READ, &f);
    if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
    if (e != COMPAT_OK) FAIL(JET_errFileAccessDenied);
    if (compat_file_read_at(f, block, LOG_HEADER_CB, 0, &got) != COMPAT_OK) FAIL(JET_errLogReadVerifyFailure);
    *ours = got == LOG_HEADER_CB && log_record_get_file_header(block, hdr);
done:
    if (f != NULL) (void)compat_file_close(f); /* read only */
    compat_free(block);
    return err;
}

static bool list_one(void *ctx, const char *name)
{
    list_ctx *lc = ctx;
    recovery *r = lc->r;
    size_t nb = strlen(r->base), n = strlen(name);
    char *path = NULL;
    gen_file g;
    bool ours = false;
    if (n < nb + 4u || strncmp(name, r->base, nb) != 0 || strcmp(name + n - 4u, ".log") != 0) return true;
    if (n != nb + 4u) {
        for (size_t i = nb; i < n - 4u; i++)
            if (!strchr("0123456789ABCDEFabcdef", name[i])) return true;
    }
    memset(&g, 0, sizeof g);
    path = compat_malloc(strlen(r->dir) + n + 1u);
    if (path == NULL) {
        lc->err = JET_errOutOfMemory;
        return false;
    }
    sprintf(path, "%s%s", r->dir, name);
    /* only the header for now: the files of the chain are read whole once it is known
     * (load_chain), the archive before it never */
    lc->err = read_header(path, &g.hdr, &ours);
    if (lc->err < 0 || !ours) {
        compat_free(path);
        return lc->err >= 0; /* not a log of ours (or never begun): not part of the chain */
    }
    g.gen = g.hdr.generation;
    g.path = path;
    if (r->nfiles == r->cap_files) {
        uint32_t c = r->cap_files ? r->cap_files * 2u : 8u;
        gen_file *grown = compat_realloc(r->files, c * sizeof *grown);
        if (grown == NULL) {
            compat_free(g.data);
            compat_free(path);
            lc->err = JET_errOutOfMemory;
            return false;
        }
        r->files = grown;
        r->cap_files = c;
    }
    r->files[r->nfiles++] = g;
    return true;
}

static int cmp_gen(const void *a, const void *b)
{
    const gen_file *x = a, *y = b;
    return x->gen < y->gen ? -1 : x->gen > y->gen;
}

static JET_ERR read_checkpoint(recovery *r)
{
    JET_ERR err = JET_errSuccess;
    char *path = compat_malloc(strlen(r->sys_dir) + strlen(r->base) + 8u);
    uint8_t *data = NULL;
    size_t cb = 0;
    bool is_dir = false;
    if (path == NULL) return JET_errOutOfMemory;
    sprintf(path, "%s%s.chk", r->sys_dir, r->base);
    if (compat_path_exists(path, &is_dir) != COMPAT_OK) goto done;
    CHECK(read_whole(path, &data, &cb));
    if (cb < CHECKPOINT_CB || !log_record_get_checkpoint(data, &r->ck)) FAIL(JET_errCheckpointCorrupt);
    r->have_ck = true;
done:
    compat_free(data);
    compat_free(path);
    return err;
}

/* Keeps the files of one chain: from the checkpoint's generation on, consecutive
 * generations whose records continue each other (a gap ends it); later files go. */
static JET_ERR chain_files(recovery *r)
{
    uint32_t first = 0, keep = 0;
    if (r->nfiles == 0) return JET_errSuccess;
    qsort(r->files, r->nfiles, sizeof *r->files, cmp_gen);
    if (r->have_ck) {
        while (first < r->nfiles && r->files[first].gen < r->ck.generation) first++;
        if (first == r->nfiles || r->files[first].gen != r->ck.generation) return JET_errMissingLogFile;
    }
    for (uint32_t i = first; i < r->nfiles; i++) {
        if (memcmp(r->files[i].hdr.signature, r->files[first].hdr.signature, 28) != 0) break;
        if (i > first && r->files[i].gen != r->files[i - 1].gen + 1u) break;
        keep = i + 1u;
    }
    /* files before the chain stay (an archive); the ones after it are not read */
    for (uint32_t i = 0; i < first; i++) {
        compat_free(r->files[i].data);
        compat_free(r->files[i].path);
    }
    if (keep > first) memmove(r->files, r->files + first, (keep - first) * sizeof *r->files);
    else keep = first;
    for (uint32_t i = keep; i < r->nfiles; i++) {
        compat_free(r->files[i].data);
        compat_free(r->files[i].path);
    }
    r->nfiles = keep - first;
    return JET_errSuccess;
}

/* Walks the records in LSN order, each file continuing where the previous one ended;
 * fn sees each (stop with a negative return). Returns the LSN after the last valid one;
 * *last_file: the index of the file it lies in. */
typedef JET_ERR (*record_fn)(recovery *r, const log_record_header *h, const uint8_t *payload, uint32_t cb);

static JET_ERR walk(recovery *r, uint64_t stop, record_fn fn, uint64_t *end, uint32_t *last_file)
{
    JET_ERR err = JET_errSuccess;
    uint64_t lsn = r->nfiles > 0 ? r->files[0].hdr.lsn_start : FIRST_LSN;
    *last_file = 0;
    for (uint32_t i = 0; i < r->nfiles; i++) {
        const gen_file *g = &r->files[i];
        size_t at = LOG_HEADER_CB;
        log_record_header h;
        if (g->hdr.lsn_start != lsn) break; /* a gap: the chain ends */
        *last_file = i;
        while (lsn < stop && log_record_check(g->data + at, g->cb - at, lsn, &h)) {
            CHECK(fn(r, &h, g->data + at + LOG_RECORD_HEADER_CB, h.cb - LOG_RECORD_HEADER_CB));
            at += h.cb;
            lsn += h.cb;
        }
        if (lsn >= stop) break;
    }
done:
    *end = lsn;
    return err;
}

static JET_ERR find_consistent(recovery *r, const log_record_header *h, const uint8_t *p, uint32_t cb)
{
    (void)p;
    (void)cb;
    if (h->type == LOG_CAPTURE_END) r->lsn_consistent = h->lsn + h->cb;
    return JET_errSuccess;
}

/* ---- redo ---- */

static JET_ERR db_open(recovery *r, uint32_t dbid)
{
    rec_db *db = &r->dbs[dbid];
    dbheader_image *img = NULL;
    JET_ERR err = JET_errSuccess;
    if (db->file != NULL || db->bad || db->path == NULL) return JET_errSuccess;
    if (compat_file_open(db->path, COMPAT_FILE_READ | COMPAT_FILE_WRITE, &db->file) != COMPAT_OK) {
        db->bad = true; /* gone: nothing to recover into */
        return JET_errSuccess;
    }
    img = compat_malloc(sizeof *img);
    if (img == NULL) FAIL(JET_errOutOfMemory);
    /* a file that is not this log's database any more is not touched */
    if (dbheader_read(db->file, img) < 0 || img->hdr.sign_log.random != byte_order_get_le32(r->signature) ||
        img->cb_page != db->cb_page) {
        db->bad = true;
        (void)compat_file_close(db->file); /* nothing written to it */
        db->file = NULL;
    } else if (img->hdr.dbtime_dirtied > db->dbtime) {
        db->dbtime = img->hdr.dbtime_dirtied;
    }
done:
    compat_free(img);
    return err;
}

/* LOG_CREATE (ESE's redo of a CreateDB record): a database the log holds from its
 * creation on and that is missing where the log (or JetInit3's map) puts it is made
 * again there: its header as created, naming this log set and DirtyShutdown until
 * finish_databases; the LOG_PAGE records after it fill in its pages. A file that is there
 * is left to db_open's checks. */
static JET_ERR redo_create(recovery *r, const log_record_header *h, const uint8_t *p, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    uint64_t first = r->ck.lsn_redo < r->ck.lsn_undo ? r->ck.lsn_redo : r->ck.lsn_undo;
    uint32_t dbid;
    rec_db *db;
    db_header hdr;
    uint8_t *page = NULL;
    bool is_dir = false;
    compat_err e;
    if (cb < 4u) FAIL(JET_errLogFileCorrupt);
    dbid = byte_order_get_le32(p);
    if (dbid >= LOG_DATABASES_MAX) FAIL(JET_errLogFileCorrupt);
    db = &r->dbs[dbid];
    if (db->path == NULL || cb - 4u != db->cb_page) FAIL(JET_errLogFileCorrupt);
    /* before the checkpoint's start the file was complete: none is made */
    if (h->lsn < r->ck.lsn_redo || h->lsn < first || db->file != NULL || db->bad) goto done;
    e = compat_path_exists(db->path, &is_dir);
    if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
    if (e == COMPAT_OK) goto done;
    if (!dbheader_page_ok(p + 4, db->cb_page)) FAIL(JET_errLogFileCorrupt);
    dbheader_decode(p + 4, &hdr);
    hdr.sign_log.random = byte_order_get_le32(r->signature);
    memcpy(&hdr.sign_log.create, r->signature + 4, sizeof hdr.sign_log.create);
    memcpy(hdr.sign_log.computer_name, r->signature + 12, sizeof hdr.sign_log.computer_name);
    hdr.dbstate = JET_dbstateDirtyShutdown;
    page = compat_malloc(db->cb_page);
    if (page == NULL) FAIL(JET_errOutOfMemory);
    dbheader_encode(&hdr, page, db->cb_page);
    e = compat_file_open(db->path, COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_EXCLUSIVE,
                         &db->file);
    if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
    if (e != COMPAT_OK) {
        db->file = NULL;
        db->bad = true; /* its folder is missing, or it cannot be made: left alone */
        goto done;
    }
    e = compat_file_write_at(db->file, page, db->cb_page, 0);
    if (e == COMPAT_OK) e = compat_file_write_at(db->file, page, db->cb_page, db->cb_page);
    if (e != COMPAT_OK) FAIL(e == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
    if (hdr.dbtime_dirtied > db->dbtime) db->dbtime = hdr.dbtime_dirtied;
done:
    compat_free(page);
    return err;
}

/* A page's redone image to its file, with its checksum set. */
static JET_ERR redo_write(rec_db *db, uint32_t pgno, uint8_t *page)
{
    compat_err e;
    page_checksum_set(page, db->cb_page, pgno);
    e = compat_file_write_at(db->file, page, db->cb_page, ((uint64_t)pgno + 1u) * db->cb_page);
    if (e != COMPAT_OK) return e == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO;
    return JET_errSuccess;
}

/* LOG_PAGE and LOG_PAGE_DELTA: dbid, pgno, then the image or the delta. */
static JET_ERR redo_page(recovery *r, uint32_t type, const uint8_t *p, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    uint32_t dbid, pgno;
    rec_db *db;
    if (cb < 8u) FAIL(JET_errLogFileCorrupt);
    dbid = byte_order_get_le32(p);
    pgno = byte_order_get_le32(p + 4);
    if (dbid >= LOG_DATABASES_MAX) FAIL(JET_errLogFileCorrupt);
    db = &r->dbs[dbid];
    CHECK(db_open(r, dbid));
    if (db->file == NULL) goto done;
    if (pgno == 0 || pgno > PAGE_PGNO_MAX) FAIL(JET_errLogFileCorrupt);
    if (type == LOG_PAGE) {
        if (cb - 8u != db->cb_page) FAIL(JET_errLogFileCorrupt);
        memcpy(r->page, p + 8, db->cb_page);
        CHECK(imaged_add(r, imaged_key(r, dbid, pgno)));
    } else {
        size_t got = 0;
        compat_err e;
        /* the page's whole image came first in this redo, so the file holds the base */
        if (!imaged_has(r, imaged_key(r, dbid, pgno))) FAIL(JET_errLogFileCorrupt);
        e = compat_file_read_at(db->file, r->page, db->cb_page, ((uint64_t)pgno + 1u) * db->cb_page, &got);
        if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
        if (e != COMPAT_OK) FAIL(JET_errDiskIO);
        if (got != db->cb_page || !log_record_apply_delta(r->page, db->cb_page, p + 8, cb - 8u))
            FAIL(JET_errLogFileCorrupt);
    }
    CHECK(redo_write(db, pgno, r->page));
done:
    return err;
}

static JET_ERR redo_one(recovery *r, const log_record_header *h, const uint8_t *p, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    uint64_t first = r->ck.lsn_redo < r->ck.lsn_undo ? r->ck.lsn_redo : r->ck.lsn_undo;
    uint32_t dbid;
    if (h->lsn < first) return JET_errSuccess;
    switch (h->type) {
    case LOG_ATTACH: {
        const char *path;
        size_t cb_path;
        if (cb < 8u || cb - 8u > LOG_PATH_MAX) FAIL(JET_errLogFileCorrupt);
        dbid = byte_order_get_le32(p);
        if (dbid >= LOG_DATABASES_MAX) FAIL(JET_errLogFileCorrupt);
        path = mapped_path(r, (const char *)p + 8, cb - 8u, &cb_path);
        if (r->dbs[dbid].path == NULL || strlen(r->dbs[dbid].path) != cb_path ||
            memcmp(r->dbs[dbid].path, path, cb_path) != 0) {
            rec_db *db = &r->dbs[dbid];
            if (db->file != NULL) (void)compat_file_close(db->file); /* flushed at the end: its images are redone again if lost */
            compat_free(db->path);
            memset(db, 0, sizeof *db);
            db->path = compat_malloc(cb_path + 1u);
            if (db->path == NULL) FAIL(JET_errOutOfMemory);
            memcpy(db->path, path, cb_path);
            db->path[cb_path] = '\0';
            db->epoch = ++r->epochs;
        }
        r->dbs[dbid].cb_page = byte_order_get_le32(p + 4);
        break;
    }
    case LOG_PAGE:
    case LOG_PAGE_DELTA:
        if (h->lsn >= r->ck.lsn_redo) CHECK(redo_page(r, h->type, p, cb));
        break;
    case LOG_DB_SIZE:
        if (h->lsn < r->ck.lsn_redo) break;
        if (cb != 16u) FAIL(JET_errLogFileCorrupt);
        dbid = byte_order_get_le32(p);
        if (dbid >= LOG_DATABASES_MAX) FAIL(JET_errLogFileCorrupt);
        r->dbs[dbid].pgno_last = byte_order_get_le32(p + 4);
        if (byte_order_get_le64(p + 8) > r->dbs[dbid].dbtime) r->dbs[dbid].dbtime = byte_order_get_le64(p + 8);
        break;
    case LOG_UNDO: {
        log_undo u;
        undo_ref ref;
        if (h->lsn < r->ck.lsn_undo) break;
        if (!log_record_get_undo(p, cb, &u)) FAIL(JET_errLogFileCorrupt);
        ref.lsn = h->lsn;
        ref.payload = p;
        ref.cb = cb;
        ref.trx = u.trx;
        ref.dbid = u.dbid;
        if (r->nundos == r->cap_undos) {
            uint32_t c = r->cap_undos ? r->cap_undos * 2u : 256u;
            undo_ref *g = compat_realloc(r->undos, c * sizeof *g);
            if (g == NULL) FAIL(JET_errOutOfMemory);
            r->undos = g;
            r->cap_undos = c;
        }
        r->undos[r->nundos++] = ref;
        break;
    }
    case LOG_UNDONE:
        if (cb != 8u) FAIL(JET_errLogFileCorrupt);
        CHECK(push_u64(&r->done, &r->ndone, &r->cap_done, byte_order_get_le64(p)));
        break;
    case LOG_COMMIT:
        if (cb != 8u) FAIL(JET_errLogFileCorrupt);
        CHECK(push_u64(&r->committed, &r->ncommitted, &r->cap_committed, byte_order_get_le64(p)));
        break;
    case LOG_CREATE:
        CHECK(redo_create(r, h, p, cb));
        break;
    case LOG_DETACH:
        if (cb != 4u || byte_order_get_le32(p) >= LOG_DATABASES_MAX) FAIL(JET_errLogFileCorrupt);
        /* the file was complete and clean then; later images (after a new attach) only
         * repeat what it holds */
        break;
    case LOG_CAPTURE_END:
    case LOG_BACKUP_BEGIN: /* a restore's starting point (restore.c) */
        break;
    default:
        FAIL(JET_errLogFileCorrupt);
    }
done:
    return err;
}

/* ---- undo ---- */

typedef struct undo_db {
    dbfile df;                /* the file's write state in the recovery cache */
    bool attached;
} undo_db;

/* Puts one change back (ESE's undo of an uncommitted RCE). */
static JET_ERR undo_one(const log_undo *u, space_db *space)
{
    btree_tree t;
    memset(&t, 0, sizeof t);
    t.db = space;
    t.pgno_root = u->pgno_root;
    t.objid = u->objid;
    t.page_flags = u->page_flags;
    if (u->kind == 1) return verstore_subtract_delta(&t, u->id, u->cb_key, u->ib, u->cb, u->delta);
    btree_node_state st;
    st.present = u->before_present;
    st.flagged = u->before_flagged;
    st.data = u->before;
    st.cb_data = u->cb_before;
    return btree_restore(&t, u->id, u->cb_key, u->dup ? u->id + u->cb_key : NULL, u->cb_id - u->cb_key, &st);
}

/* The losers' changes undone, newest first, through a cache of the recovery's own
 * whose files are logged under fresh LOG_ATTACH ids: each LOG_UNDONE and the images it
 * leads to reach the log in one capture before any page reaches its file. */
static JET_ERR undo_losers(recovery *r, log *lg)
{
    JET_ERR err = JET_errSuccess;
    cache *c = NULL;
    undo_db udb[LOG_DATABASES_MAX];
    uint32_t ifile_of[LOG_DATABASES_MAX];
    uint32_t n_losers = 0, cb_page = 0;
    uint8_t rec[16];

    memset(udb, 0, sizeof udb);
    if (r->ndone > 0) qsort(r->done, r->ndone, sizeof *r->done, cmp_u64);
    if (r->ncommitted > 0) qsort(r->committed, r->ncommitted, sizeof *r->committed, cmp_u64);
    for (uint32_t i = 0; i < r->nundos; i++) {
        const undo_ref *u = &r->undos[i];
        if (has_u64(r->committed, r->ncommitted, u->trx) || has_u64(r->done, r->ndone, u->lsn)) continue;
        if (r->dbs[u->dbid].path == NULL || r->dbs[u->dbid].bad) continue;
        r->undos[n_losers++] = *u;
        cb_page = r->dbs[u->dbid].cb_page;
    }
    if (n_losers == 0) goto done;
    CHECK(cache_create(cb_page, RECOVERY_CACHE_PAGES, &c));
    for (uint32_t k = n_losers; k-- > 0;) {
        const undo_ref *ref = &r->undos[k];
        rec_db *db = &r->dbs[ref->dbid];
        undo_db *ud = &udb[ref->dbid];
        log_undo u;
        uint8_t lsn[8];
        CHECK(db_open(r, ref->dbid));
        if (db->file == NULL || db->cb_page != cb_page) continue;
        if (!ud->attached) {
            uint64_t size = 0;
            size_t cb_path = strlen(db->path);
            if (compat_file_size(db->file, &size) != COMPAT_OK) FAIL(JET_errDiskIO);
            if (db->pgno_last != 0 && size < ((uint64_t)db->pgno_last + 2u) * cb_page)
                size = ((uint64_t)db->pgno_last + 2u) * cb_page;
            CHECK(cache_attach_file(c, db->file, &ifile_of[ref->dbid]));
            ud->attached = true;
            cache_set_logged(c, ifile_of[ref->dbid], true);
            ud->df.file = db->file;
            ud->df.cb_page = cb_page;
            ud->df.space.c = c;
            ud->df.space.ifile = ifile_of[ref->dbid];
            ud->df.space.cb_page = cb_page;
            ud->df.space.dbtime = db->dbtime;
            ud->df.space.pgno_last = (uint32_t)(size / cb_page - 2u);
            byte_order_put_le32(rec, ifile_of[ref->dbid]);
            byte_order_put_le32(rec + 4, cb_page);
            CHECK(log_append(lg, LOG_ATTACH, rec, 8, db->path, (uint32_t)cb_path, NULL, 0, NULL));
        }
        if (!log_record_get_undo(ref->payload, ref->cb, &u)) FAIL(JET_errLogFileCorrupt);
        byte_order_put_le64(lsn, ref->lsn);
        CHECK(log_append(lg, LOG_UNDONE, lsn, sizeof lsn, NULL, 0, NULL, 0, NULL));
        CHECK(undo_one(&u, &ud->df.space));
    }
    /* one capture: every page the undo changed, then the files written */
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        durability_page_sink sink;
        if (!udb[i].attached) continue;
        sink.lg = lg;
        sink.ifile = ifile_of[i];
        sink.scratch = NULL; /* the pages' first capture here: whole images */
        CHECK(cache_capture(c, ifile_of[i], 1, durability_append_page, &sink));
        byte_order_put_le32(rec, ifile_of[i]);
        byte_order_put_le32(rec + 4, udb[i].df.space.pgno_last);
        byte_order_put_le64(rec + 8, udb[i].df.space.dbtime);
        CHECK(log_append(lg, LOG_DB_SIZE, rec, 16, NULL, 0, NULL, 0, NULL));
    }
    byte_order_put_le64(rec, 1);
    CHECK(log_append(lg, LOG_CAPTURE_END, rec, 8, NULL, 0, NULL, 0, NULL));
    CHECK(log_flush(lg, UINT64_MAX, true));
    cache_capture_durable(c, 1);
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        if (!udb[i].attached) continue;
        CHECK(cache_flush(c, ifile_of[i]));
        if (udb[i].df.space.dbtime > r->dbs[i].dbtime) r->dbs[i].dbtime = udb[i].df.space.dbtime;
        if (udb[i].df.space.pgno_last > r->dbs[i].pgno_last) r->dbs[i].pgno_last = udb[i].df.space.pgno_last;
    }
done:
    if (c != NULL) {
        for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
            if (!udb[i].attached) continue;
            cache_discard(c, ifile_of[i]); /* written above, or recovered again next time */
            CANNOT_FAIL(cache_detach_file(c, ifile_of[i]));
        }
        cache_destroy(c);
    }
    return err;
}

/* Each database the log named: its size as the log last said, its header clean and
 * consistent at the log's end, flushed. */
static JET_ERR finish_databases(recovery *r, log *lg)
{
    JET_ERR err = JET_errSuccess;
    dbheader_image *img = compat_malloc(sizeof *img);
    uint8_t *page = NULL;
    uint32_t gen = 0;
    uint64_t off = 0;

    if (img == NULL) return JET_errOutOfMemory;
    log_position(lg, log_end(lg), &gen, &off);
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        rec_db *db = &r->dbs[i];
        uint64_t size = 0;
        compat_err e;
        CHECK(db_open(r, i));
        if (db->file == NULL) continue;
        CHECK(dbheader_read(db->file, img));
        if (compat_file_size(db->file, &size) != COMPAT_OK) FAIL(JET_errDiskIO);
        if (db->pgno_last != 0 && size < ((uint64_t)db->pgno_last + 2u) * db->cb_page &&
            compat_file_set_size(db->file, ((uint64_t)db->pgno_last + 2u) * db->cb_page) != COMPAT_OK)
            FAIL(JET_errDiskIO);
        img->hdr.dbstate = JET_dbstateCleanShutdown;
        if (db->dbtime > img->hdr.dbtime_dirtied) img->hdr.dbtime_dirtied = db->dbtime;
        img->hdr.lgpos_consistent.generation = (int32_t)gen;
        img->hdr.lgpos_consistent.isec = (uint16_t)(off / 512u);
        img->hdr.lgpos_consistent.ib = (uint16_t)(off % 512u);
        img->hdr.lgpos_detach = img->hdr.lgpos_consistent;
        img->hdr.gen_min_required = 0;
        img->hdr.gen_max_required = 0;
        compat_free(page);
        page = compat_malloc(db->cb_page);
        if (page == NULL) FAIL(JET_errOutOfMemory);
        dbheader_encode(&img->hdr, page, db->cb_page);
        e = compat_file_flush(db->file); /* the images first, then the header that says so */
        if (e == COMPAT_OK) e = compat_file_write_at(db->file, page, db->cb_page, 0);
        if (e == COMPAT_OK) e = compat_file_write_at(db->file, page, db->cb_page, db->cb_page);
        if (e == COMPAT_OK) e = compat_file_flush(db->file);
        if (e != COMPAT_OK) FAIL(e == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
    }
done:
    compat_free(page);
    compat_free(img);
    return err;
}

/* The chain ends at the consistent point: the rest of its last file (a capture never
 * completed) is cut off and the files after it go, so that this run's generation
 * continues it. */
static JET_ERR cut_after_consistent(recovery *r, uint32_t last_file)
{
    for (uint32_t i = last_file + 1u; i < r->nfiles; i++)
        if (compat_path_delete(r->files[i].path) != COMPAT_OK) return JET_errLogWriteFail;
    {
        const gen_file *g = &r->files[last_file];
        compat_file *f = NULL;
        compat_err e = compat_file_open(g->path, COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f);
        if (e == COMPAT_OK) e = compat_file_set_size(f, LOG_HEADER_CB + (r->lsn_consistent - g->hdr.lsn_start));
        if (e == COMPAT_OK) e = compat_file_flush(f);
        if (f != NULL) (void)compat_file_close(f); /* flushed above */
        if (e == COMPAT_ENOMEM) return JET_errOutOfMemory;
        if (e != COMPAT_OK) return JET_errLogWriteFail;
    }
    return JET_errSuccess;
}

static void fresh_signature(uint8_t *sig)
{
    int64_t now = compat_clock_wall_ns();
    uint64_t mix = (uint64_t)now ^ compat_clock_monotonic_ns() * 0x9e3779b97f4a7c15ull;
    db_header tmp;
    memset(sig, 0, 28);
    byte_order_put_le32(sig, (uint32_t)(mix ^ mix >> 32) | 1u);
    dbfile_new_header(&tmp, 4096); /* its creation time, as ESE stamps a signature */
    memcpy(sig + 4, &tmp.sign_db.create, 8);
}

static void recovery_free(recovery *r)
{
    for (uint32_t i = 0; i < r->nfiles; i++) {
        compat_free(r->files[i].data);
        compat_free(r->files[i].path);
    }
    compat_free(r->files);
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        if (r->dbs[i].file != NULL) (void)compat_file_close(r->dbs[i].file); /* flushed by finish_databases */
        compat_free(r->dbs[i].path);
    }
    compat_free(r->undos);
    compat_free(r->imaged);
    compat_free(r->page);
    compat_free(r->done);
    compat_free(r->committed);
    log_record_checkpoint_free(&r->ck);
    compat_free(r->dir);
    compat_free(r->base);
    compat_free(r->sys_dir);
    if (r->reserve != NULL) (void)compat_file_close(r->reserve); /* only a lock: nothing written */
}

JET_ERR recovery_run(jet_instance *inst)
{
    return recovery_run_mapped(inst, NULL, NULL, 0, NULL);
}

JET_ERR recovery_run_mapped(jet_instance *inst, const char *const *from, const char *const *to, uint32_t nmap,
                            JET_PFNSTATUS pfn)
{
    JET_ERR err = JET_errSuccess;
    recovery r;
    log_config cfg;
    list_ctx lc;
    uint64_t end = 0;
    uint32_t last_file = 0;
    bool have_dir = false, is_dir = false, reported = false;

    memset(&r, 0, sizeof r);
    memset(&cfg, 0, sizeof cfg);
    r.inst = inst;
    r.map_from = from;
    r.map_to = to;
    r.nmap = nmap;
    CHECK(durability_config(inst, &r.dir, &r.base, &r.cb_file, &r.sys_dir));
    {
        compat_err e = compat_path_exists(r.dir, &is_dir);
        if (e == COMPAT_ENOMEM) FAIL(JET_errOutOfMemory);
        have_dir = e == COMPAT_OK && is_dir;
    }
    if (!have_dir) FAIL(JET_errInvalidPath);
    /* the folder is this instance's before anything in it is read */
    CHECK(log_reserve_lock(r.dir, r.base, r.cb_file, &r.reserve));
    CHECK(read_checkpoint(&r));
    lc.r = &r;
    lc.err = JET_errSuccess;
    {
        compat_err e = compat_dir_list(r.dir, list_one, &lc);
        if (e != COMPAT_OK && lc.err >= 0) FAIL(e == COMPAT_ENOMEM ? JET_errOutOfMemory : JET_errInvalidPath);
    }
    CHECK(lc.err);
    CHECK(chain_files(&r));
    for (uint32_t i = 0; i < r.nfiles; i++) {
        CHECK(read_whole(r.files[i].path, &r.files[i].data, &r.files[i].cb));
        if (r.files[i].cb < LOG_HEADER_CB) FAIL(JET_errLogFileCorrupt); /* cut since its header was read */
    }
    cfg.dir = r.dir;
    cfg.base = r.base;
    cfg.cb_file = r.cb_file;
    if (r.nfiles == 0) {
        /* a new log set (a checkpoint without its logs starts one too, as after a clean
         * term whose logs were removed). That checkpoint goes first: should the new set
         * fail to begin, no checkpoint may be left naming a generation that its first
         * file does not have (the next recovery would answer JET_errMissingLogFile) */
        fresh_signature(cfg.signature);
        cfg.generation = r.have_ck ? r.ck.generation + 1u : 1u;
        cfg.lsn_start = FIRST_LSN;
        if (r.have_ck) CHECK(log_delete_checkpoint(r.sys_dir, r.base));
        CHECK(durability_open(inst, &cfg, true));
        durability_hold_folder(inst, r.reserve);
        r.reserve = NULL;
        goto done;
    }
    memcpy(r.signature, r.files[0].hdr.signature, sizeof r.signature);
    /* ErrLGSoftStart with JET_RSTINFO's pfnStatus: the replay's begin and end
     * (LGIRSTPrepareCallback, then JET_sntComplete or JET_sntFail) */
    backup_report_phase(pfn, JET_snpRestore, JET_sntBegin);
    reported = true;
    if (!r.have_ck) {
        /* no checkpoint: the whole chain is read */
        memcpy(r.ck.signature, r.signature, sizeof r.signature);
        r.ck.lsn_redo = r.ck.lsn_undo = r.files[0].hdr.lsn_start;
    }
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        size_t cb_path = 0;
        const char *path;
        if (r.ck.paths[i] == NULL) continue;
        path = mapped_path(&r, r.ck.paths[i], strlen(r.ck.paths[i]), &cb_path);
        r.dbs[i].path = compat_malloc(cb_path + 1u);
        if (r.dbs[i].path == NULL) FAIL(JET_errOutOfMemory);
        memcpy(r.dbs[i].path, path, cb_path);
        r.dbs[i].path[cb_path] = '\0';
        r.dbs[i].cb_page = r.ck.cb_page;
    }
    r.lsn_consistent = r.files[0].hdr.lsn_start;
    CHECK(walk(&r, UINT64_MAX, find_consistent, &end, &last_file));
    {
        /* what lies before the checkpoint's start is in the files already */
        uint64_t start = r.ck.lsn_redo < r.ck.lsn_undo ? r.ck.lsn_redo : r.ck.lsn_undo;
        if (start > end) FAIL(JET_errLogFileCorrupt); /* durable records are missing */
        if (r.lsn_consistent < start) r.lsn_consistent = start;
    }
    r.page = compat_malloc(PAGE_SIZE_MAX);
    if (r.page == NULL) FAIL(JET_errOutOfMemory);
    CHECK(walk(&r, r.lsn_consistent, redo_one, &end, &last_file));
    CHECK(cut_after_consistent(&r, last_file));
    memcpy(cfg.signature, r.signature, sizeof cfg.signature);
    cfg.generation = r.files[last_file].gen + 1u;
    cfg.lsn_start = r.lsn_consistent;
    CHECK(durability_open(inst, &cfg, false));
    durability_hold_folder(inst, r.reserve);
    r.reserve = NULL;
    CHECK(undo_losers(&r, durability_log(inst)));
    CHECK(finish_databases(&r, durability_log(inst)));
    CHECK(durability_checkpoint(inst));
done:
    if (reported) backup_report_phase(pfn, JET_snpRestore, err < 0 ? JET_sntFail : JET_sntComplete);
    recovery_free(&r);
    return err;
}
