/* database.c: the attached databases of an instance and the sessions' open counts (see
 * database.h). Follows ESE's ErrIsamAttachDatabase / ErrIsamDetachDatabase /
 * ErrDBOpenDatabase / ErrDBCloseDatabase (db.cxx) and ErrPIBCheckIfmp (pib.hxx);
 * docs/semantics.md lists the decisions. */
#include "database.h"
#include "ddl.h"
#include "durability.h"
#include "jet_error.h"

#include <string.h>

_Static_assert(INSTANCE_DATABASES_MAX + 1u <= CACHE_FILES_MAX, "one cache slot per attached database and the temporary one");

#define DB_PATH_MAX 4096u
/* The cache keeps a descriptor per page of its bound up front, so JET_paramCacheSizeMax
 * (default 2e9 pages: ESE sizes its cache dynamically below it) is capped here. */
#define CACHE_PAGES_CAP 65536u

typedef struct db_attached {
    bool in_use;
    bool loading;              /* reserved by an attach still reading the file */
    bool read_only;
    bool writable;             /* df is the file's write state; the header says dirty */
    bool file_locked;
    bool logged;               /* its changes go to the instance's log (durability.h) */
    dbfile df;
    key_collators *collators;  /* the Unicode collators of its indexes */
    db_lock rw;                /* shared: a call reading it; exclusive: a call changing it */
    char *path;                /* absolute, UTF-8 */
    compat_file *file;
    bool cache_attached;
    uint32_t ifile;
    catalog *cat;
    uint32_t opens;            /* JetOpenDatabase counts of every session together */
    const jet_session *exclusive; /* the session that opened it exclusively, NULL: none */
    uint32_t serial;           /* this attachment's number in the instance (database_desc) */
} db_attached;

struct database_set {
    cache *c;
    uint32_t serial_last;      /* the last attachment's serial */
    db_attached dbs[INSTANCE_DATABASES_MAX + 1u]; /* the last: DATABASE_TEMP_SLOT */
};

/* ---- helpers ---- */

static bool path_equal(const char *a, const char *b)
{
    /* ESE compares the full paths case-insensitively on Windows; POSIX file names are
     * case-sensitive, so the comparison is exact here. */
    return strcmp(a, b) == 0;
}

/* What the cache is made with: the page size and the bound (both process-wide
 * parameters). Read before inst->lock is taken (instance_param takes the process lock). */
typedef struct cache_params {
    JET_API_PTR cb_page, cache_max;
} cache_params;

static JET_ERR read_cache_params(jet_instance *inst, cache_params *out)
{
    JET_ERR err = instance_param(inst, JET_paramDatabasePageSize, &out->cb_page);
    if (err >= 0) err = instance_param(inst, JET_paramCacheSizeMax, &out->cache_max);
    return err;
}

/* The set of the instance, allocated with its cache on first use. Caller holds inst->lock. */
static JET_ERR set_get_locked(jet_instance *inst, const cache_params *cp, struct database_set **out)
{
    JET_ERR err = JET_errSuccess;
    struct database_set *set = inst->dbs;
    JET_API_PTR cb_page = cp->cb_page, cache_max = cp->cache_max;
    INVARIANT(compat_mutex_held(&inst->lock));
    *out = NULL;
    if (set == NULL) {
        if (cache_max < CACHE_PAGES_MIN) cache_max = CACHE_PAGES_MIN;
        if (cache_max > CACHE_PAGES_CAP) cache_max = CACHE_PAGES_CAP;
        set = compat_calloc(1, sizeof *set);
        if (set == NULL) FAIL(JET_errOutOfMemory);
        err = cache_create((uint32_t)cb_page, (uint32_t)cache_max, &set->c);
        if (err < 0) {
            compat_free(set);
            goto done;
        }
        inst->dbs = set;
    }
    *out = set;
done:
    return err;
}

static int find_attached_locked(struct database_set *set, const char *path)
{
    for (uint32_t i = 0; set && i < INSTANCE_DATABASES_MAX; i++)
        if (set->dbs[i].in_use && set->dbs[i].path && path_equal(set->dbs[i].path, path)) return (int)i;
    return -1;
}

static JET_ERR absolute_path(const char *path, char **out)
{
    JET_ERR err = JET_errSuccess;
    char *buf = NULL;
    compat_err e;
    *out = NULL;
    if (path == NULL) FAIL(JET_errInvalidParameter);
    if (path[0] == '\0') FAIL(JET_errDatabaseInvalidPath);
    buf = compat_malloc(DB_PATH_MAX);
    if (buf == NULL) FAIL(JET_errOutOfMemory);
    e = compat_path_absolute(path, buf, DB_PATH_MAX);
    if (e != COMPAT_OK) FAIL(e == COMPAT_ENOMEM ? JET_errOutOfMemory : JET_errDatabaseInvalidPath);
    *out = buf;
    buf = NULL;
done:
    compat_free(buf);
    return err;
}

/* Writes a writable database's pages and marks it clean; a logged one has its changes
 * made durable in the log first (the write-ahead rule lets the cache write them then)
 * and leaves the log. */
static JET_ERR attached_flush_clean(jet_instance *inst, db_attached *d)
{
    JET_ERR err = JET_errSuccess;
    if (!d->writable) return JET_errSuccess;
    if (d->logged) CHECK(durability_detach_prepare(inst, d->ifile, &d->df));
    db_lock_write(&d->rw);
    err = dbfile_flush(&d->df, true);
    db_lock_write_done(&d->rw);
    durability_note_change(inst);
    CHECK(err);
    if (d->logged) durability_detach_done(inst, d->ifile, true);
    d->logged = false;
done:
    return err;
}

/* A database attached or created for writing says DirtyShutdown in its header until it
 * is detached; with a log, the log names it (durably) before the header says so, and
 * the header names the log. A created one's log holds its whole first state (recovery
 * can make it again). */
static JET_ERR mark_dirty(jet_instance *inst, db_attached *d, bool created)
{
    JET_ERR err = JET_errSuccess;
    if (durability_on(inst)) {
        CHECK(durability_attach(inst, d->ifile, db_lock_rw(&d->rw), &d->df, d->path, created));
        d->logged = true;
    }
    d->df.hdr.dbstate = JET_dbstateDirtyShutdown;
    CHECK(dbfile_write_header(&d->df));
done:
    return err;
}

/* Frees what an attached slot holds (not the slot itself). A writable database that
 * could not be flushed keeps its DirtyShutdown header: its unwritten changes are lost,
 * and attach will say so. */
static void attached_release(jet_instance *inst, struct database_set *set, db_attached *d)
{
    /* not detached cleanly: recovery takes a logged one from the log */
    if (d->logged) durability_detach_done(inst, d->ifile, false);
    if (d->writable && d->cache_attached) cache_discard(set->c, d->ifile);
    if (d->file_locked) {
        compat_err unlocked = compat_file_unlock(d->file);
        INVARIANT(unlocked == COMPAT_OK); /* a lock this process holds */
    }
    catalog_free(d->cat);
    key_collators_free(d->collators);
    /* no session has it open: none of its pages is pinned */
    if (d->cache_attached) CANNOT_FAIL(cache_detach_file(set->c, d->ifile));
    /* what had to be written was (attached_flush_clean); a close that fails loses nothing */
    if (d->file) (void)compat_file_close(d->file);
    compat_free(d->path);
    db_lock_destroy(&d->rw);
    memset(d, 0, sizeof *d);
}

/* Reserves a free slot for path (taking ownership of it). Caller holds inst->lock. */
static JET_ERR slot_reserve_locked(struct database_set *set, char **path, db_attached **out)
{
    db_attached *d = NULL;
    for (uint32_t i = 0; i < INSTANCE_DATABASES_MAX && d == NULL; i++)
        if (!set->dbs[i].in_use) d = &set->dbs[i];
    if (d == NULL) return JET_errTooManyAttachedDatabases;
    if (db_lock_init(&d->rw) < 0) return JET_errOutOfMemory;
    d->in_use = true;
    d->loading = true;
    d->serial = ++set->serial_last;
    d->path = *path;
    *path = NULL;
    *out = d;
    return JET_errSuccess;
}

/* Opens the slot's file for writing and takes its lock: another process (or another
 * instance) using it makes the file unavailable, as a sharing violation does on Windows. */
static JET_ERR open_for_writing(db_attached *d, unsigned extra_flags)
{
    compat_err e = compat_file_open(d->path, COMPAT_FILE_READ | COMPAT_FILE_WRITE | extra_flags, &d->file);
    if (e != COMPAT_OK) return e == COMPAT_EEXIST ? JET_errDatabaseDuplicate : jet_error_from_compat(e);
    e = compat_file_lock(d->file, true);
    if (e != COMPAT_OK) return e == COMPAT_EBUSY ? JET_errFileAccessDenied : jet_error_from_compat(e);
    d->file_locked = true;
    return JET_errSuccess;
}

/* Loads the catalog and gives the indexes whose Unicode keys this engine made (and can
 * make again: same ICU) their collator; the others are read in their order only. */
static JET_ERR load_catalog(struct database_set *set, db_attached *d)
{
    JET_ERR err = JET_errSuccess;
    CHECK(catalog_load(set->c, d->ifile, &d->cat));
    CHECK(key_collators_create(&d->collators));
    for (uint32_t i = 0; i < d->cat->ctables; i++) {
        catalog_table *t = &d->cat->tables[i];
        for (uint32_t k = 0; k < t->cindexes; k++) {
            record_index *x = &t->indexes[k];
            key_sort_stamp stamp;
            if (!x->has_sort_stamp) continue;
            stamp.version = x->sort_version;
            memcpy(stamp.sort_id, x->sort_id, sizeof stamp.sort_id);
            CHECK(key_collator_for_index(d->collators, x, &stamp, &x->collator, NULL));
        }
    }
done:
    return err;
}

/* A writable attach makes again, under this engine's collation, each secondary index over
 * Unicode text that another sort made (Windows' NLS, or another ICU: no collator was given
 * to it above), so that keys can be made and seeks work on it. The primary index (its
 * order is the table's) and an index whose locale has no collator here stay as they are,
 * read in their stored order (docs/semantics.md). Under the database's write lock: a
 * capture of the log never sees an index half made. */
static JET_ERR rebuild_foreign_indexes(db_attached *d)
{
    JET_ERR err = JET_errSuccess;
    db_lock_write(&d->rw);
    for (uint32_t i = 0; i < d->cat->ctables; i++) {
        const catalog_table *t = &d->cat->tables[i];
        for (uint32_t k = 0; k < t->cindexes; k++) {
            const record_index *x = &t->indexes[k];
            if (!(x->idb_flags & IDB_LOCALIZED_TEXT) || x->collator != NULL) continue;
            if ((x->idb_flags & IDB_PRIMARY) || x->pgno_fdp == t->pgno_fdp) continue;
            err = ddl_rebuild_index(&d->df, d->cat, d->collators, t, x);
            if (err == JET_errFeatureNotAvailable || err == JET_errInvalidLanguageId) err = JET_errSuccess;
            if (err < 0) goto done;
        }
    }
done:
    db_lock_write_done(&d->rw);
    return err;
}

/* ---- attach and detach ---- */

/* The write state of a clean database attached for writing (mark_dirty then says so in
 * its header). */
/* ESE's ErrDBSetLastPage: the database's last page is the last one its root owns, not
 * where the file happens to end. A file shorter than its space (a crash right after a
 * checkpoint could leave one so before the checkpoint kept the logged size) would
 * otherwise hand out pages past pgno_last, which every later descent refuses; the file
 * grows to them when next flushed (dbfile_flush, dbfile_write_pages). */
static JET_ERR take_owned_size(space_db *space)
{
    JET_ERR err = JET_errSuccess;
    space_extent_list l;
    memset(&l, 0, sizeof l);
    CHECK(space_extents(space, SPACE_PGNO_ROOT, &l));
    for (uint32_t i = 0; i < l.n_owned; i++) {
        uint64_t last = (uint64_t)l.owned[i].first + l.owned[i].cpg - 1u;
        if (l.owned[i].cpg == 0 || last > PAGE_PGNO_MAX) FAIL(JET_errSPOwnExtCorrupted);
        if (last > space->pgno_last) space->pgno_last = (uint32_t)last;
    }
done:
    space_extents_free(&l);
    return err;
}

static JET_ERR begin_writing(db_attached *d, cache *c, const db_header *hdr, uint32_t cb_page)
{
    JET_ERR err = JET_errSuccess;
    uint64_t size = 0;
    compat_err e = compat_file_size(d->file, &size);
    if (e != COMPAT_OK) FAIL(jet_error_from_compat(e));
    if (size / cb_page < 3u || size / cb_page - 2u > PAGE_PGNO_MAX) FAIL(JET_errDatabaseCorrupted);
    d->df.file = d->file;
    d->df.cb_page = cb_page;
    d->df.hdr = *hdr;
    d->df.space.c = c;
    d->df.space.ifile = d->ifile;
    d->df.space.cb_page = cb_page;
    d->df.space.dbtime = hdr->dbtime_dirtied;
    d->df.space.pgno_last = (uint32_t)(size / cb_page - 2u);
    CHECK(take_owned_size(&d->df.space));
    d->writable = true;
done:
    return err;
}

/* JET_bitDbPortableReadDirty (ours, esent.h): a read-only attach may take a database
 * that dbheader_check_attach refuses only for not being shut down cleanly; every other
 * check of the header still applies. *dirty: it was taken that way.
 * docs/semantics.md, "Reading a dirty database without its logs". */
static JET_ERR check_header_for_attach(dbheader_image *img, uint32_t cb_page, JET_GRBIT grbit, bool *dirty)
{
    JET_ERR err = dbheader_check_attach(img, cb_page);
    uint32_t state = img->hdr.dbstate;
    *dirty = false;
    if (err != JET_errDatabaseDirtyShutdown || !(grbit & JET_bitDbPortableReadDirty)) return err;
    img->hdr.dbstate = DBSTATE_CLEAN_SHUTDOWN;
    err = dbheader_check_attach(img, cb_page);
    img->hdr.dbstate = state;
    *dirty = err >= 0;
    return err;
}

JET_ERR database_attach(jet_instance *inst, const char *path, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *full = NULL;
    struct database_set *set = NULL;
    db_attached *d = NULL;
    compat_file *f = NULL;
    dbheader_image *img = NULL;
    JET_API_PTR cb_page = 0;
    bool is_dir = false;
    bool locked = false;
    bool dirty = false;
    compat_err e;

    cache_params cp;

    /* our read-anyway bit never writes */
    if ((grbit & JET_bitDbPortableReadDirty) && !(grbit & JET_bitDbReadOnly)) FAIL(JET_errInvalidGrbit);
    CHECK(read_cache_params(inst, &cp));
    CHECK(absolute_path(path, &full));
    /* ErrUtilPathComplete(fTrue): the file must exist. */
    e = compat_path_exists(full, &is_dir);
    if (e != COMPAT_OK) FAIL(jet_error_from_compat(e));
    /* ErrUtilPathReadOnly: a file that cannot be written needs JET_bitDbReadOnly. */
    if (!(grbit & JET_bitDbReadOnly)) {
        e = compat_file_open(full, COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f);
        if (e == COMPAT_EACCES && !is_dir) FAIL(JET_errDatabaseFileReadOnly);
        if (f) (void)compat_file_close(f); /* opened only to test the permission */
        f = NULL;
    }

    compat_mutex_lock(&inst->lock);
    locked = true;
    CHECK(set_get_locked(inst, &cp, &set));
    /* FMP::ErrNewAndWriteLatch: the same file twice is a warning and nothing else. */
    if (find_attached_locked(set, full) >= 0) {
        err = JET_wrnDatabaseAttached;
        goto done;
    }
    CHECK(slot_reserve_locked(set, &full, &d));
    d->read_only = (grbit & JET_bitDbReadOnly) != 0;
    compat_mutex_unlock(&inst->lock);
    locked = false;

    /* Read the file outside the lock: the slot is reserved (loading). */
    if (d->read_only) {
        e = compat_file_open(d->path, COMPAT_FILE_READ, &d->file);
        if (e != COMPAT_OK) FAIL(jet_error_from_compat(e));
    } else {
        CHECK(open_for_writing(d, 0));
    }
    img = compat_malloc(sizeof *img);
    if (img == NULL) FAIL(JET_errOutOfMemory);
    err = dbheader_read(d->file, img);
    if (err < 0) FAIL(dbheader_attach_read_error(err));
    cb_page = cache_page_size(set->c); /* the engine's page size in force */
    CHECK(check_header_for_attach(img, (uint32_t)cb_page, grbit, &dirty));
    CHECK(cache_attach_file(set->c, d->file, &d->ifile));
    d->cache_attached = true;
    if (!d->read_only) {
        CHECK(begin_writing(d, set->c, &img->hdr, (uint32_t)cb_page));
        CHECK(mark_dirty(inst, d, false));
    }
    CHECK(load_catalog(set, d));
    if (!d->read_only) CHECK(rebuild_foreign_indexes(d));
    durability_note_change(inst); /* the pages written: the call's end looks for work due */

    compat_mutex_lock(&inst->lock);
    locked = true;
    d->loading = false;
    d = NULL;
    if (dirty) err = JET_wrnPortableDatabaseDirty;
done:
    if (d != NULL) {
        /* A failed attach frees its slot. */
        if (!locked) {
            compat_mutex_lock(&inst->lock);
            locked = true;
        }
        attached_release(inst, set, d);
    }
    if (locked) compat_mutex_unlock(&inst->lock);
    compat_free(img);
    compat_free(full);
    return err;
}

/* Detaches slot d (inst->lock held, no session has it open): its pages are written with
 * the lock dropped (the database's own lock is taken after inst->lock everywhere else),
 * the slot hidden meanwhile (loading) so that nobody opens it. */
static JET_ERR detach_slot_locked(jet_instance *inst, struct database_set *set, db_attached *d)
{
    JET_ERR err;
    INVARIANT(compat_mutex_held(&inst->lock) && d->opens == 0);
    /* a transaction that changed it still needs its versions (ESE's detach: versions it
     * cannot clean are JET_errDatabaseInUse) */
    if (verstore_has_uncommitted(inst->vs, d->ifile)) return JET_errDatabaseInUse;
    d->loading = true;
    compat_mutex_unlock(&inst->lock);
    err = attached_flush_clean(inst, d);
    compat_mutex_lock(&inst->lock);
    d->loading = false;
    if (err >= 0) {
        /* its versions go with it: the next file gets its cache slot */
        verstore_forget_file(inst->vs, d->ifile);
        attached_release(inst, set, d);
    }
    return err;
}

JET_ERR database_detach(jet_instance *inst, const char *path)
{
    JET_ERR err = JET_errSuccess;
    char *full = NULL;
    struct database_set *set = NULL;
    int i = -1;
    bool all = path == NULL || path[0] == '\0';

    if (!all) CHECK(absolute_path(path, &full));
    compat_mutex_lock(&inst->lock);
    set = inst->dbs;
    if (all) {
        /* ErrIsamDetachDatabase(NULL): every database, each as a detach by name. */
        for (uint32_t k = 0; set && k < INSTANCE_DATABASES_MAX && err >= 0; k++) {
            db_attached *d = &set->dbs[k];
            if (!d->in_use || d->loading) continue;
            if (d->opens > 0) err = JET_errDatabaseInUse;
            else err = detach_slot_locked(inst, set, d);
        }
    } else {
        i = find_attached_locked(set, full);
        if (i < 0 || set->dbs[i].loading) err = JET_errDatabaseNotFound;
        else if (set->dbs[i].opens > 0) err = JET_errDatabaseInUse; /* ErrIsamDetachDatabase: pinned */
        else err = detach_slot_locked(inst, set, &set->dbs[i]);
    }
    compat_mutex_unlock(&inst->lock);
done:
    compat_free(full);
    return err;
}

/* database_write_begin for a change of the file's size, once no snapshot freeze holds
 * the instance's writes (ESE's IOSizeChangeLatch, which the freeze takes). */
static JET_ERR write_begin_thawed(jet_session *s, uint32_t idb, database_writer *w)
{
    JET_ERR err;
    for (;;) {
        durability_wait_thawed(s->inst);
        err = database_write_begin(s, idb, w);
        if (err < 0 || !durability_frozen(s->inst)) return err;
        database_write_end(w);
    }
}

JET_ERR database_grow(jet_session *s, uint32_t idb, uint32_t cpg, uint32_t *cpg_now)
{
    JET_ERR err = JET_errSuccess;
    database_writer w;
    bool writing = false;
    compat_err ce;
    CHECK(write_begin_thawed(s, idb, &w));
    writing = true;
    CHECK(space_grow(w.space, cpg));
    /* the file takes the new pages now (ESE's ErrSPExtendDB sets the file's size) */
    ce = compat_file_set_size(w.df->file, ((uint64_t)w.space->pgno_last + 2u) * w.df->cb_page);
    if (ce != COMPAT_OK) FAIL(ce == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
    *cpg_now = w.space->pgno_last;
done:
    if (writing) database_write_end(&w);
    return err;
}

JET_ERR database_trim(jet_session *s, uint32_t idb, uint32_t *cpg_on_disk)
{
    JET_ERR err = JET_errSuccess;
    database_writer w;
    space_extent_list l;
    bool writing = false;
    uint64_t size = 0;
    compat_err ce;

    memset(&l, 0, sizeof l);
    CHECK(write_begin_thawed(s, idb, &w));
    writing = true;
    CHECK(space_extents(w.space, SPACE_PGNO_ROOT, &l));
    /* a free page still dirty in the cache would take its space again when written */
    CHECK(cache_flush(w.c, w.ifile));
    for (uint32_t i = 0; i < l.n_available; i++) {
        ce = compat_file_trim(w.df->file, ((uint64_t)l.available[i].first + 1u) * w.df->cb_page,
                              (uint64_t)l.available[i].cpg * w.df->cb_page);
        if (ce == COMPAT_ENOTSUP) break;
        if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    }
    ce = compat_file_size_on_disk(w.df->file, &size);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    *cpg_on_disk = (uint32_t)(size / w.df->cb_page);
done:
    space_extents_free(&l);
    if (writing) database_write_end(&w);
    return err;
}

JET_ERR database_set_size(jet_instance *inst, const char *path, uint32_t cpg, uint32_t *cpg_now)
{
    JET_ERR err = JET_errSuccess;
    char *full = NULL;
    compat_file *f = NULL;
    dbheader_image *img = NULL;
    uint64_t size = 0;
    compat_err ce;

    CHECK(absolute_path(path, &full));
    if (cpg < DBFILE_CPG_INITIAL) FAIL(JET_errInvalidParameter); /* cpgDatabaseApiMinReserved */
    compat_mutex_lock(&inst->lock);
    if (inst->dbs != NULL && find_attached_locked(inst->dbs, full) >= 0) err = JET_errDatabaseInUse;
    compat_mutex_unlock(&inst->lock);
    CHECK(err);
    ce = compat_file_open(full, COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    img = compat_malloc(sizeof *img);
    if (img == NULL) FAIL(JET_errOutOfMemory);
    CHECK(dbheader_read(f, img));
    if (img->hdr.dbstate != JET_dbstateCleanShutdown) FAIL(JET_errDatabaseInconsistent);
    ce = compat_file_size(f, &size);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    *cpg_now = size / img->cb_page >= 2u ? (uint32_t)(size / img->cb_page - 2u) : 0u;
    if (*cpg_now < cpg) {
        ce = compat_file_set_size(f, ((uint64_t)cpg + 2u) * img->cb_page);
        if (ce == COMPAT_OK) ce = compat_file_flush(f);
        if (ce != COMPAT_OK) FAIL(ce == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO);
        *cpg_now = cpg;
    }
done:
    if (f != NULL) (void)compat_file_close(f);
    compat_free(img);
    compat_free(full);
    return err;
}

JET_ERR database_paths(jet_instance *inst, char ***out, uint32_t *n)
{
    JET_ERR err = JET_errSuccess;
    char **paths = NULL;
    uint32_t k = 0;
    *out = NULL;
    *n = 0;
    paths = compat_calloc(INSTANCE_DATABASES_MAX, sizeof *paths);
    if (paths == NULL) return JET_errOutOfMemory;
    compat_mutex_lock(&inst->lock);
    for (uint32_t i = 0; inst->dbs != NULL && i < INSTANCE_DATABASES_MAX && err >= 0; i++) {
        const db_attached *d = &inst->dbs->dbs[i];
        size_t len;
        if (!d->in_use || d->loading || d->path == NULL) continue;
        len = strlen(d->path);
        paths[k] = compat_malloc(len + 1u);
        if (paths[k] == NULL) {
            err = JET_errOutOfMemory;
            break;
        }
        memcpy(paths[k++], d->path, len + 1u);
    }
    compat_mutex_unlock(&inst->lock);
    if (err < 0) {
        database_paths_free(paths, k);
        return err;
    }
    *out = paths;
    *n = k;
    return err;
}

void database_paths_free(char **paths, uint32_t n)
{
    for (uint32_t i = 0; paths != NULL && i < n; i++) compat_free(paths[i]);
    compat_free(paths);
}

JET_ERR database_make_folders(const char *path, JET_ERR err_not_made)
{
    compat_err e = compat_dir_create_parents(path);
    if (e == COMPAT_ENOENT || e == COMPAT_EEXIST || e == COMPAT_EINVAL) return err_not_made;
    return e == COMPAT_OK ? JET_errSuccess : jet_error_from_compat(e);
}

/* JetCreateDatabase: a new file with the system objects, attached for writing. The
 * catalog's creation is flushed with a DirtyShutdown header (the database is attached);
 * a failure removes the file again. */
static JET_ERR create_in_slot(jet_instance *inst, const char *path, JET_GRBIT grbit, bool temp, uint32_t *idb_out)
{
    JET_ERR err = JET_errSuccess;
    char *full = NULL;
    struct database_set *set = NULL;
    db_attached *d = NULL;
    JET_API_PTR cb_page = 0;
    bool locked = false, created = false;
    uint32_t objid_last = 0;
    bool is_dir = false;

    cache_params cp;
    JET_API_PTR create_path = 0;

    CHECK(read_cache_params(inst, &cp));
    CHECK(absolute_path(path, &full));
    /* ErrDBCreateDatabase: with JET_paramCreatePathIfNotExist the file's missing folders
     * are made first (ErrUtilCreatePathIfNotExist); the temporary database's were made by
     * JetInit */
    CHECK(instance_param(inst, JET_paramCreatePathIfNotExist, &create_path));
    if (create_path && !temp) CHECK(database_make_folders(full, JET_errDatabaseInvalidPath));
    compat_mutex_lock(&inst->lock);
    locked = true;
    CHECK(set_get_locked(inst, &cp, &set));
    cb_page = cache_page_size(set->c);
    if (find_attached_locked(set, full) >= 0) FAIL(JET_errDatabaseDuplicate);
    /* ErrDBCreateDatabase: an existing file is a duplicate unless it may be overwritten. */
    if (compat_path_exists(full, &is_dir) == COMPAT_OK && (is_dir || !(grbit & JET_bitDbOverwriteExisting)))
        FAIL(JET_errDatabaseDuplicate);
    if (!temp) {
        CHECK(slot_reserve_locked(set, &full, &d));
    } else {
        /* the hidden slot, reserved as slot_reserve_locked does */
        d = &set->dbs[DATABASE_TEMP_SLOT];
        if (d->in_use) FAIL(JET_errDatabaseDuplicate);
        if (db_lock_init(&d->rw) < 0) {
            d = NULL;
            FAIL(JET_errOutOfMemory);
        }
        d->in_use = true;
        d->loading = true;
        d->serial = ++set->serial_last;
        d->path = full;
        full = NULL;
    }
    compat_mutex_unlock(&inst->lock);
    locked = false;

    CHECK(open_for_writing(d, COMPAT_FILE_CREATE | ((grbit & JET_bitDbOverwriteExisting) ? COMPAT_FILE_TRUNCATE : COMPAT_FILE_EXCLUSIVE)));
    created = true;
    CHECK(cache_attach_file(set->c, d->file, &d->ifile));
    d->cache_attached = true;
    d->df.file = d->file;
    d->df.cb_page = (uint32_t)cb_page;
    dbfile_new_header(&d->df.hdr, (uint32_t)cb_page);
    d->df.space.c = set->c;
    d->df.space.ifile = d->ifile;
    d->df.space.cb_page = (uint32_t)cb_page;
    CHECK(space_create_database(&d->df.space, DBFILE_CPG_INITIAL));
    CHECK(catalog_create_system(&d->df.space, &objid_last));
    d->df.hdr.objid_last = objid_last;
    /* with a log, the new file is complete and clean before the log names it */
    CHECK(dbfile_flush(&d->df, durability_on(inst) && !temp));
    d->writable = true;
    if (!temp && durability_on(inst)) CHECK(mark_dirty(inst, d, true));
    CHECK(load_catalog(set, d));
    if (!d->read_only) CHECK(rebuild_foreign_indexes(d));
    durability_note_change(inst); /* the pages written: the call's end looks for work due */

    compat_mutex_lock(&inst->lock);
    locked = true;
    d->loading = false;
    *idb_out = (uint32_t)(d - set->dbs);
    d = NULL;
done:
    if (d != NULL) {
        /* the slot's path is freed here in every case, after the half-made file (if
         * this call made one) is deleted */
        char *slot_path = d->path;
        d->path = NULL;
        d->writable = false;
        if (!locked) {
            compat_mutex_lock(&inst->lock);
            locked = true;
        }
        attached_release(inst, set, d);
        /* the half-made file goes; if it cannot, it stays behind as any failed write's */
        if (created && slot_path != NULL) (void)compat_path_delete(slot_path);
        compat_free(slot_path);
    }
    if (locked) compat_mutex_unlock(&inst->lock);
    compat_free(full);
    return err;
}

JET_ERR database_create(jet_instance *inst, const char *path, JET_GRBIT grbit, uint32_t *idb_out)
{
    return create_in_slot(inst, path, grbit, false, idb_out);
}

JET_ERR database_create_temp(jet_instance *inst, const char *path)
{
    uint32_t idb = 0;
    /* never over an existing file: it may be another instance's temporary database */
    return create_in_slot(inst, path, 0, true, &idb);
}

JET_ERR database_set_ensure(jet_instance *inst)
{
    JET_ERR err = JET_errSuccess;
    struct database_set *set = NULL;
    cache_params cp;
    CHECK(read_cache_params(inst, &cp));
    compat_mutex_lock(&inst->lock);
    err = set_get_locked(inst, &cp, &set);
    compat_mutex_unlock(&inst->lock);
done:
    return err;
}

JET_ERR database_open_slot(jet_session *s, uint32_t idb, JET_DBID *out)
{
    jet_instance *inst = s->inst;
    compat_mutex_lock(&inst->lock);
    inst->dbs->dbs[idb].opens++;
    s->db_opens[idb]++;
    *out = (JET_DBID)(idb + 1);
    compat_mutex_unlock(&inst->lock);
    return JET_errSuccess;
}

/* ---- access to a database's pages ---- */

db_lock *database_lock_of_file(jet_instance *inst, uint32_t ifile)
{
    db_lock *lock = NULL;
    compat_mutex_lock(&inst->lock);
    /* the temporary database's slot too: its tables have versions */
    for (uint32_t i = 0; inst->dbs != NULL && i <= DATABASE_TEMP_SLOT && lock == NULL; i++) {
        db_attached *d = &inst->dbs->dbs[i];
        if (d->in_use && d->cache_attached && d->ifile == ifile) lock = &d->rw;
    }
    compat_mutex_unlock(&inst->lock);
    return lock;
}

db_lock *database_lock(jet_instance *inst, uint32_t idb)
{
    return &inst->dbs->dbs[idb].rw;
}

JET_ERR database_writer_of(jet_session *s, uint32_t idb, database_writer *out)
{
    jet_instance *inst = s->inst;
    db_attached *d;
    memset(out, 0, sizeof *out);
    compat_mutex_lock(&inst->lock);
    d = &inst->dbs->dbs[idb];
    compat_mutex_unlock(&inst->lock);
    /* ErrIsamCreateTable and the others: a database attached read-only cannot change. */
    if (!d->writable) return JET_errPermissionDenied;
    out->df = &d->df;
    out->space = &d->df.space;
    out->cat = d->cat;
    out->collators = d->collators;
    out->c = inst->dbs->c;
    out->ifile = d->ifile;
    out->inst = inst;
    return JET_errSuccess;
}

JET_ERR database_space_view(jet_session *s, uint32_t idb, space_db *out)
{
    JET_ERR err = JET_errSuccess;
    const db_attached *d;
    uint64_t size = 0;
    compat_err e;
    compat_mutex_lock(&s->inst->lock);
    d = &s->inst->dbs->dbs[idb];
    compat_mutex_unlock(&s->inst->lock);
    if (d->writable) {
        *out = d->df.space;
        goto done;
    }
    memset(out, 0, sizeof *out);
    out->c = s->inst->dbs->c;
    out->ifile = d->ifile;
    out->cb_page = cache_page_size(out->c);
    e = compat_file_size(d->file, &size);
    if (e != COMPAT_OK) FAIL(jet_error_from_compat(e));
    if (size / out->cb_page < 3u) FAIL(JET_errDatabaseCorrupted);
    out->pgno_last = (uint32_t)(size / out->cb_page - 2u);
done:
    return err;
}

JET_ERR database_write_begin(jet_session *s, uint32_t idb, database_writer *out)
{
    JET_ERR err = database_writer_of(s, idb, out);
    if (err < 0) return err;
    out->lock = database_lock(s->inst, idb);
    db_lock_write(out->lock);
    return JET_errSuccess;
}

void database_write_end(database_writer *w)
{
    if (w->lock != NULL) {
        db_lock_write_done(w->lock);
        durability_note_change(w->inst);
    }
    w->lock = NULL;
}

/* ---- open and close ---- */

static JET_ERR open_by_path(jet_session *s, const char *path, JET_GRBIT grbit, bool exclusive, JET_DBID *out)
{
    JET_ERR err = JET_errSuccess;
    char *full = NULL;
    jet_instance *inst = s->inst;
    int i;

    CHECK(absolute_path(path, &full));
    compat_mutex_lock(&inst->lock);
    i = find_attached_locked(inst->dbs, full);
    if (i < 0 || inst->dbs->dbs[i].loading) {
        err = JET_errDatabaseNotFound; /* ErrDBOpenDatabase: not attached */
    } else {
        db_attached *d = &inst->dbs->dbs[i];
        if (d->read_only && !(grbit & JET_bitDbReadOnly)) err = JET_wrnFileOpenReadOnly;
        /* ErrDBOpenDatabase: another session's exclusive open keeps it out; an exclusive
         * open wants nobody else to have it open */
        if (d->exclusive != NULL && d->exclusive != s) err = JET_errDatabaseLocked;
        else if (exclusive && d->opens > 0) err = JET_errDatabaseInUse;
        if (err >= 0) {
            if (exclusive) d->exclusive = s;
            d->opens++;
            s->db_opens[i]++;
            *out = (JET_DBID)(i + 1);
        }
    }
    compat_mutex_unlock(&inst->lock);
done:
    compat_free(full);
    return err;
}

JET_ERR database_open(jet_session *s, const char *path, JET_GRBIT grbit, JET_DBID *out)
{
    return open_by_path(s, path, grbit, false, out);
}

JET_ERR database_open_exclusive(jet_session *s, const char *path, JET_DBID *out)
{
    return open_by_path(s, path, JET_bitDbReadOnly, true, out);
}

JET_ERR database_check_open(jet_session *s, JET_DBID dbid, uint32_t *idb)
{
    JET_ERR err = JET_errInvalidDatabaseId; /* ErrPIBCheckIfmp */
    compat_mutex_lock(&s->inst->lock);
    if (dbid >= 1 && dbid <= INSTANCE_DATABASES_MAX && s->db_opens[dbid - 1] > 0) {
        *idb = dbid - 1;
        err = JET_errSuccess;
    }
    compat_mutex_unlock(&s->inst->lock);
    return err;
}

JET_ERR database_close(jet_session *s, JET_DBID dbid, uint32_t *idb, bool *last)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    CHECK(database_check_open(s, dbid, idb));
    compat_mutex_lock(&inst->lock);
    s->db_opens[*idb]--;
    inst->dbs->dbs[*idb].opens--;
    *last = s->db_opens[*idb] == 0;
    if (*last && inst->dbs->dbs[*idb].exclusive == s) inst->dbs->dbs[*idb].exclusive = NULL;
    compat_mutex_unlock(&inst->lock);
done:
    return err;
}

/* ---- session end and term ---- */

void database_close_session(jet_session *s)
{
    jet_instance *inst = s->inst;
    compat_mutex_lock(&inst->lock);
    for (uint32_t i = 0; i < INSTANCE_DATABASES_MAX; i++) {
        if (s->db_opens[i] > 0 && inst->dbs) inst->dbs->dbs[i].opens -= s->db_opens[i];
        if (inst->dbs && inst->dbs->dbs[i].exclusive == s) inst->dbs->dbs[i].exclusive = NULL;
        s->db_opens[i] = 0;
    }
    compat_mutex_unlock(&inst->lock);
}

void database_term(jet_instance *inst)
{
    struct database_set *set = NULL;
    compat_mutex_lock(&inst->lock);
    set = inst->dbs;
    inst->dbs = NULL;
    compat_mutex_unlock(&inst->lock);
    if (set == NULL) return;
    for (uint32_t i = 0; i < INSTANCE_DATABASES_MAX; i++) {
        if (!set->dbs[i].in_use) continue;
        (void)attached_flush_clean(inst, &set->dbs[i]); /* JetTerm cannot report it: the header stays dirty, attach says so */
        attached_release(inst, set, &set->dbs[i]);
    }
    /* the temporary database goes with the instance (ESE deletes it at term): nothing in
     * it is worth writing */
    if (set->dbs[DATABASE_TEMP_SLOT].in_use) {
        db_attached *d = &set->dbs[DATABASE_TEMP_SLOT];
        char *path = d->path;
        d->path = NULL;
        attached_release(inst, set, d);
        if (path != NULL) (void)compat_path_delete(path); /* one left behind is made anew */
        compat_free(path);
    }
    cache_destroy(set->c);
    compat_free(set);
}

/* ---- for the information functions ---- */

JET_ERR database_describe(jet_session *s, JET_DBID dbid, database_desc *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    CHECK(database_check_open(s, dbid, &idb));
    database_describe_slot(s, idb, out);
done:
    return err;
}

void database_describe_slot(jet_session *s, uint32_t idb, database_desc *out)
{
    const db_attached *d;
    compat_mutex_lock(&s->inst->lock);
    d = &s->inst->dbs->dbs[idb];
    out->path = d->path;
    out->file = d->file;
    out->c = s->inst->dbs->c;
    out->ifile = d->ifile;
    out->cat = d->cat;
    out->read_only = d->read_only;
    out->viewer = &s->view;
    out->serial = d->serial;
    compat_mutex_unlock(&s->inst->lock);
}
