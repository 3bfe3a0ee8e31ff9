/* database.c: attached databases, the sessions' open counts and the table cursors of an
 * instance (see database.h). Follows ESE's ErrIsamAttachDatabase / ErrIsamDetachDatabase /
 * ErrDBOpenDatabase / ErrDBCloseDatabase (db.cxx), ErrPIBCheckIfmp (pib.hxx) and
 * ErrFILEOpenTable (fileopen.cxx); docs/semantics.md lists the decisions.
 * May call: common.h, instance.h, session.h, cursor.h, catalog.h, cache.h, dbheader.h,
 * sysparam.h, temptable.h, compat (files, memory, paths). */
#include "database.h"

#include <string.h>

#include "temptable.h"
#include "transaction.h"

_Static_assert(INSTANCE_DATABASES_MAX + 1u <= CACHE_FILES_MAX, "one cache slot per attached database and the temporary one");

#define DB_PATH_MAX 4096u
#define TABLES_INITIAL 16u
/* The cache keeps a descriptor per page of its bound up front, so JET_paramCacheSizeMax
 * (default 2e9 pages: ESE sizes its cache dynamically below it) is capped here. */
#define CACHE_PAGES_CAP 65536u

typedef struct db_attached {
    bool in_use;
    bool loading;              /* reserved by an attach still reading the file */
    bool read_only;
    bool writable;             /* df is the file's write state; the header says dirty */
    bool file_locked;
    dbfile df;
    key_collators *collators;  /* the Unicode collators of its indexes */
    compat_rwlock rw;          /* shared: a call reading it; exclusive: a call changing it */
    char *path;                /* absolute, UTF-8 */
    compat_file *file;
    bool cache_attached;
    uint32_t ifile;
    catalog *cat;
    uint32_t opens;            /* JetOpenDatabase counts of every session together */
} db_attached;

struct database_set {
    cache *c;
    db_attached dbs[INSTANCE_DATABASES_MAX + 1u]; /* the last: DATABASE_TEMP_SLOT */
    struct temp_store *temp;   /* temptable.c */
    db_table **tables;
    uint32_t cap_tables;
    uint32_t table_serial;
    /* table locks of closed cursors that changed the table inside a transaction, held
     * until it ends (database_table_close) */
    struct held_lock *held;
    uint32_t cheld, cap_held;
};

/* A closed cursor's JET_bitTableDenyRead / DenyWrite lock (ESE's deferred-closed FUCB). */
struct held_lock {
    const jet_session *ses;
    uint32_t idb, objid;
    uint32_t level_open;       /* the level the cursor was opened at */
    bool exclusive, deny_write;
};

static void table_free_locked(struct database_set *set, db_table *t);
static void table_filter(db_table *t);
static void release_held_locked(struct database_set *set, const jet_session *s, int idb, uint32_t level_open);

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

/* Writes a writable database's pages and marks it clean. */
static JET_ERR attached_flush_clean(db_attached *d)
{
    JET_ERR err = JET_errSuccess;
    if (d->writable) {
        compat_rwlock_write_lock(&d->rw);
        err = dbfile_flush(&d->df, true);
        compat_rwlock_write_unlock(&d->rw);
    }
    return err;
}

/* Frees what an attached slot holds (not the slot itself). A writable database that
 * could not be flushed keeps its DirtyShutdown header: its unwritten changes are lost,
 * and attach will say so. */
static void attached_release(struct database_set *set, db_attached *d)
{
    if (d->writable && d->cache_attached) cache_discard(set->c, d->ifile);
    if (d->file_locked) (void)compat_file_unlock(d->file);
    catalog_free(d->cat);
    key_collators_free(d->collators);
    if (d->cache_attached) (void)cache_detach_file(set->c, d->ifile);
    if (d->file) (void)compat_file_close(d->file);
    compat_free(d->path);
    compat_rwlock_destroy(&d->rw);
    memset(d, 0, sizeof *d);
}

/* Reserves a free slot for path (taking ownership of it). Caller holds inst->lock. */
static JET_ERR slot_reserve_locked(struct database_set *set, char **path, db_attached **out)
{
    db_attached *d = NULL;
    for (uint32_t i = 0; i < INSTANCE_DATABASES_MAX && d == NULL; i++)
        if (!set->dbs[i].in_use) d = &set->dbs[i];
    if (d == NULL) return JET_errTooManyAttachedDatabases;
    if (compat_rwlock_init(&d->rw) != COMPAT_OK) return JET_errOutOfMemory;
    d->in_use = true;
    d->loading = true;
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
    if (e != COMPAT_OK) return e == COMPAT_EEXIST ? JET_errDatabaseDuplicate : jet_err_from_compat(e);
    e = compat_file_lock(d->file, true);
    if (e != COMPAT_OK) return e == COMPAT_EBUSY ? JET_errFileAccessDenied : jet_err_from_compat(e);
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

/* ---- attach and detach ---- */

/* The write state of a clean database attached for writing; its header now says
 * DirtyShutdown until it is detached. */
static JET_ERR begin_writing(db_attached *d, cache *c, const db_header *hdr, uint32_t cb_page)
{
    JET_ERR err = JET_errSuccess;
    uint64_t size = 0;
    compat_err e = compat_file_size(d->file, &size);
    if (e != COMPAT_OK) FAIL(jet_err_from_compat(e));
    if (size / cb_page < 3u || size / cb_page - 2u > 0x7fffffffu) FAIL(JET_errDatabaseCorrupted);
    d->df.file = d->file;
    d->df.cb_page = cb_page;
    d->df.hdr = *hdr;
    d->df.space.c = c;
    d->df.space.ifile = d->ifile;
    d->df.space.cb_page = cb_page;
    d->df.space.dbtime = hdr->dbtime_dirtied;
    d->df.space.pgno_last = (uint32_t)(size / cb_page - 2u);
    d->df.hdr.dbstate = JET_dbstateDirtyShutdown;
    CHECK(dbfile_write_header(&d->df));
    d->writable = true;
done:
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
    compat_err e;

    cache_params cp;

    CHECK(read_cache_params(inst, &cp));
    CHECK(absolute_path(path, &full));
    /* ErrUtilPathComplete(fTrue): the file must exist. */
    e = compat_path_exists(full, &is_dir);
    if (e != COMPAT_OK) FAIL(jet_err_from_compat(e));
    /* ErrUtilPathReadOnly: a file that cannot be written needs JET_bitDbReadOnly. */
    if (!(grbit & JET_bitDbReadOnly)) {
        e = compat_file_open(full, COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f);
        if (e == COMPAT_EACCES && !is_dir) FAIL(JET_errDatabaseFileReadOnly);
        if (f) (void)compat_file_close(f);
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
        if (e != COMPAT_OK) FAIL(jet_err_from_compat(e));
    } else {
        CHECK(open_for_writing(d, 0));
    }
    img = compat_malloc(sizeof *img);
    if (img == NULL) FAIL(JET_errOutOfMemory);
    err = dbheader_read(d->file, img);
    if (err < 0) FAIL(dbheader_attach_read_error(err));
    cb_page = cache_page_size(set->c); /* the engine's page size in force */
    CHECK(dbheader_check_attach(img, (uint32_t)cb_page));
    CHECK(cache_attach_file(set->c, d->file, &d->ifile));
    d->cache_attached = true;
    if (!d->read_only) CHECK(begin_writing(d, set->c, &img->hdr, (uint32_t)cb_page));
    CHECK(load_catalog(set, d));

    compat_mutex_lock(&inst->lock);
    locked = true;
    d->loading = false;
    d = NULL;
done:
    if (d != NULL) {
        /* A failed attach frees its slot. */
        if (!locked) {
            compat_mutex_lock(&inst->lock);
            locked = true;
        }
        attached_release(set, d);
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
    /* a transaction that changed it still needs its versions (ESE's detach: versions it
     * cannot clean are JET_errDatabaseInUse) */
    if (verstore_has_uncommitted(inst->vs, d->ifile)) return JET_errDatabaseInUse;
    d->loading = true;
    compat_mutex_unlock(&inst->lock);
    err = attached_flush_clean(d);
    compat_mutex_lock(&inst->lock);
    d->loading = false;
    if (err >= 0) {
        /* its versions go with it: the next file gets its cache slot */
        verstore_forget_file(inst->vs, d->ifile);
        attached_release(set, d);
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

    CHECK(read_cache_params(inst, &cp));
    CHECK(absolute_path(path, &full));
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
        if (compat_rwlock_init(&d->rw) != COMPAT_OK) {
            d = NULL;
            FAIL(JET_errOutOfMemory);
        }
        d->in_use = true;
        d->loading = true;
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
    CHECK(dbfile_flush(&d->df, false));
    d->writable = true;
    CHECK(load_catalog(set, d));

    compat_mutex_lock(&inst->lock);
    locked = true;
    d->loading = false;
    *idb_out = (uint32_t)(d - set->dbs);
    d = NULL;
done:
    if (d != NULL) {
        char *remove = created ? d->path : NULL;
        d->path = NULL;
        d->writable = false;
        if (!locked) {
            compat_mutex_lock(&inst->lock);
            locked = true;
        }
        attached_release(set, d);
        if (remove != NULL) (void)compat_path_delete(remove);
        compat_free(remove);
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

struct temp_store **database_temp_store_locked(jet_instance *inst)
{
    return inst->dbs != NULL ? &inst->dbs->temp : NULL;
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

void database_table_cancel_update(db_table *t)
{
    if (t->prep != JET_prepCancel) record_build_free(&t->rb);
    t->prep = JET_prepCancel;
    compat_free(t->bm);
    t->bm = NULL;
    t->cb_bm = 0;
}

compat_rwlock *database_lock_of_file(jet_instance *inst, uint32_t ifile)
{
    compat_rwlock *lock = NULL;
    compat_mutex_lock(&inst->lock);
    for (uint32_t i = 0; inst->dbs != NULL && i < INSTANCE_DATABASES_MAX && lock == NULL; i++) {
        db_attached *d = &inst->dbs->dbs[i];
        if (d->in_use && d->cache_attached && d->ifile == ifile) lock = &d->rw;
    }
    compat_mutex_unlock(&inst->lock);
    return lock;
}

void database_session_rollback_level(jet_session *s, uint32_t level)
{
    jet_instance *inst = s->inst;
    struct database_set *set;
    compat_mutex_lock(&inst->lock);
    set = inst->dbs;
    for (uint32_t k = 0; set && k < set->cap_tables; k++) {
        db_table *t = set->tables[k];
        if (t == NULL || t->ses != s) continue;
        if (t->level_open >= level && level > 0) {
            table_free_locked(set, t);
            continue;
        }
        if (t->prep != JET_prepCancel && t->prep_level >= level) database_table_cancel_update(t);
    }
    /* ESE's ErrDIRRollback: deferred-closed cursors opened in the level go with it */
    if (set) release_held_locked(set, s, -1, level);
    compat_mutex_unlock(&inst->lock);
}

void database_session_level0(jet_session *s)
{
    jet_instance *inst = s->inst;
    struct database_set *set;
    compat_mutex_lock(&inst->lock);
    set = inst->dbs;
    for (uint32_t k = 0; set && k < set->cap_tables; k++)
        if (set->tables[k] != NULL && set->tables[k]->ses == s) set->tables[k]->versioned = false;
    if (set) release_held_locked(set, s, -1, 0);
    compat_mutex_unlock(&inst->lock);
}

uint32_t database_cursors_on(jet_instance *inst, uint32_t idb, uint32_t objid_table, uint32_t objid_index)
{
    struct database_set *set = inst->dbs;
    uint32_t n = 0;
    compat_mutex_lock(&inst->lock);
    for (uint32_t k = 0; set && k < set->cap_tables; k++) {
        const db_table *t = set->tables[k];
        if (t == NULL || t->idb != idb || t->def->objid != objid_table) continue;
        if (objid_index == 0 || (t->cur.index != NULL && t->cur.secondary && t->cur.index->objid == objid_index)) n++;
    }
    compat_mutex_unlock(&inst->lock);
    return n;
}

void database_session_leave_index(jet_session *s, uint32_t idb, uint32_t objid_table, uint32_t objid_index)
{
    /* only this session (running this call) closes or moves its cursors: each is moved
     * after the instance lock is left */
    for (uint32_t k = 0;; k++) {
        struct database_set *set;
        db_table *t = NULL;
        compat_mutex_lock(&s->inst->lock);
        set = s->inst->dbs;
        bool more = set != NULL && k < set->cap_tables;
        if (more) t = set->tables[k];
        if (t != NULL && !(t->ses == s && t->idb == idb && t->def->objid == objid_table && t->cur.index != NULL &&
                           t->cur.secondary && t->cur.index->objid == objid_index))
            t = NULL;
        compat_mutex_unlock(&s->inst->lock);
        if (!more) break;
        if (t != NULL && cursor_set_index(&t->cur, NULL) >= 0) cursor_defer_first(&t->cur);
    }
}

void database_table_refresh(jet_instance *inst, db_table *t)
{
    /* cursor.c reopens its B+-tree cursors (another index, the LV tree): each call
     * starts with the version store's filter on all of them */
    table_filter(t);
    const catalog_table *now = catalog_table_by_objid(inst->dbs->dbs[t->idb].cat, t->def->objid);
    if (now != NULL && now != t->def) {
        t->def = now;
        t->cur.table = now;
    }
    /* a primary index made after the cursor was opened becomes its clustered order */
    if (now != NULL && t->cur.index == NULL && !t->cur.secondary) t->cur.index = catalog_primary_index(now);
}

compat_rwlock *database_lock(jet_instance *inst, uint32_t idb)
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
    if (e != COMPAT_OK) FAIL(jet_err_from_compat(e));
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
    compat_rwlock_write_lock(out->lock);
    return JET_errSuccess;
}

void database_write_end(database_writer *w)
{
    if (w->lock != NULL) compat_rwlock_write_unlock(w->lock);
    w->lock = NULL;
}

/* ---- open and close ---- */

JET_ERR database_open(jet_session *s, const char *path, JET_GRBIT grbit, JET_DBID *out)
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
        if (inst->dbs->dbs[i].read_only && !(grbit & JET_bitDbReadOnly)) err = JET_wrnFileOpenReadOnly;
        inst->dbs->dbs[i].opens++;
        s->db_opens[i]++;
        *out = (JET_DBID)(i + 1);
    }
    compat_mutex_unlock(&inst->lock);
done:
    compat_free(full);
    return err;
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

/* Frees a cursor and its slot. Caller holds inst->lock. */
/* The version store decides what the cursor's reader sees (verstore.h). */
static void table_filter(db_table *t)
{
    ver_actor *a = trx_reader(t->ses);
    t->cur.primary.filter = &verstore_read_filter;
    t->cur.primary.filter_ctx = a;
    t->cur.sec.filter = &verstore_read_filter;
    t->cur.sec.filter_ctx = a;
    t->cur.lv.filter = &verstore_read_filter;
    t->cur.lv.filter_ctx = a;
}

static void table_free_locked(struct database_set *set, db_table *t)
{
    database_table_cancel_update(t);
    cursor_close(&t->cur);
    set->tables[t->slot] = NULL;
    /* the last cursor of a temporary table gives the table up (temptable.c drops it) */
    if (t->temp != NULL) temp_table_release_locked(set->temp, t->temp);
    compat_free(t);
}

/* Closes the session's cursors on attached slot idb (every slot when idb < 0). */
static void close_session_tables_locked(jet_session *s, int idb)
{
    struct database_set *set = s->inst->dbs;
    for (uint32_t k = 0; set && k < set->cap_tables; k++) {
        db_table *t = set->tables[k];
        if (t && t->ses == s && (idb < 0 || t->idb == (uint32_t)idb)) table_free_locked(set, t);
    }
    if (set) release_held_locked(set, s, idb, 0);
}

JET_ERR database_close(jet_session *s, JET_DBID dbid)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    uint32_t idb = 0;
    CHECK(database_check_open(s, dbid, &idb));
    compat_mutex_lock(&inst->lock);
    s->db_opens[idb]--;
    inst->dbs->dbs[idb].opens--;
    /* ErrDBCloseDatabase: the last close also closes the session's cursors on it. */
    if (s->db_opens[idb] == 0) close_session_tables_locked(s, (int)idb);
    compat_mutex_unlock(&inst->lock);
done:
    return err;
}

/* ---- table cursors ---- */

/* A free slot of the cursor table (grown as needed) holding t. Caller holds inst->lock. */
static JET_ERR table_insert_locked(struct database_set *set, db_table *t)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i = 0;
    for (; i < set->cap_tables && set->tables[i] != NULL; i++) {}
    if (i == set->cap_tables) {
        uint32_t cap = set->cap_tables ? set->cap_tables * 2u : TABLES_INITIAL;
        db_table **p;
        if (cap > HANDLE_SLOT_LIMIT) FAIL(JET_errOutOfCursors);
        p = compat_realloc(set->tables, cap * sizeof *p);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        memset(p + set->cap_tables, 0, (cap - set->cap_tables) * sizeof *p);
        set->tables = p;
        set->cap_tables = cap;
    }
    t->slot = i;
    t->serial = set->table_serial = handle_next_serial(set->table_serial);
    set->tables[i] = t;
done:
    return err;
}

static JET_TABLEID table_handle(const jet_instance *inst, const db_table *t)
{
    return (JET_TABLEID)handle_make(HANDLE_TAG_TABLE, inst->slot, t->slot, t->serial);
}

/* Who has table objid of slot idb open, for mode_check_locked: k runs over the cursors,
 * then the held locks (an updatable cursor's). False when k is not on that table. */
typedef struct lock_holder {
    const jet_session *ses;
    bool exclusive, deny_write, read_only;
} lock_holder;

static bool holder_at(const struct database_set *set, uint32_t k, uint32_t idb, uint32_t objid, lock_holder *out)
{
    if (k < set->cap_tables) {
        const db_table *o = set->tables[k];
        if (o == NULL || o->idb != idb || o->def->objid != objid) return false;
        *out = (lock_holder){ o->ses, o->exclusive, o->deny_write, o->read_only };
        return true;
    }
    const struct held_lock *h = &set->held[k - set->cap_tables];
    if (h->idb != idb || h->objid != objid) return false;
    *out = (lock_holder){ h->ses, h->exclusive, h->deny_write, false };
    return true;
}

/* ErrFILEISetMode: whether session s may open another cursor on table objid of slot idb
 * with mode (JET_bitTableDenyRead / DenyWrite / Updatable) beside the cursors and held
 * locks there are. A deny-read lock keeps every other session out; a deny-write lock
 * keeps out other sessions' opens that ask for JET_bitTableUpdatable. Caller holds
 * inst->lock. */
static JET_ERR mode_check_locked(const struct database_set *set, const jet_session *s, uint32_t idb, uint32_t objid,
                                 JET_GRBIT mode)
{
    uint32_t k, n = set->cap_tables + set->cheld;
    lock_holder o;
    for (k = 0; k < n; k++)
        if (holder_at(set, k, idb, objid, &o) && o.exclusive && o.ses != s) return JET_errTableLocked;
    for (k = 0; (mode & JET_bitTableUpdatable) && k < n; k++)
        if (holder_at(set, k, idb, objid, &o) && o.deny_write && o.ses != s) return JET_errTableLocked;
    /* a second deny-write lock, even of the same session, or another session's updatable
     * cursor: JET_errTableInUse */
    for (k = 0; (mode & JET_bitTableDenyWrite) && k < n; k++)
        if (holder_at(set, k, idb, objid, &o) && (o.deny_write || (o.ses != s && !o.read_only)))
            return JET_errTableInUse;
    for (k = 0; (mode & JET_bitTableDenyRead) && k < n; k++)
        if (holder_at(set, k, idb, objid, &o) && o.ses != s) return JET_errTableInUse;
    return JET_errSuccess;
}

/* Drops the held locks of session s that match: on attached slot idb (< 0: any), of
 * cursors opened at level_open or deeper. Caller holds inst->lock. */
static void release_held_locked(struct database_set *set, const jet_session *s, int idb, uint32_t level_open)
{
    uint32_t j = 0;
    for (uint32_t i = 0; i < set->cheld; i++) {
        const struct held_lock *h = &set->held[i];
        if (h->ses == s && (idb < 0 || h->idb == (uint32_t)idb) && h->level_open >= level_open) continue;
        set->held[j++] = *h;
    }
    set->cheld = j;
}

/* Keeps the table lock of cursor t, closing inside a transaction after it changed the
 * table (ESE's ErrFILECloseTable defers the close of a versioned cursor to level 0).
 * Without memory for it the lock goes with the cursor. Caller holds inst->lock. */
static void hold_lock_locked(struct database_set *set, const db_table *t)
{
    if (set->cheld == set->cap_held) {
        uint32_t cap = set->cap_held ? 2u * set->cap_held : 8u;
        struct held_lock *p = compat_realloc(set->held, cap * sizeof *p);
        if (p == NULL) return;
        set->held = p;
        set->cap_held = cap;
    }
    set->held[set->cheld++] =
        (struct held_lock){ t->ses, t->idb, t->def->objid, t->level_open, t->exclusive, t->deny_write };
}

/* A new cursor of session s on table def of attached slot idb, registered. mode: the
 * table locks asked for (mode_check_locked; JET_bitTablePermitDDL too), checked and
 * taken atomically with the cursor's creation. */
static JET_ERR table_new(jet_session *s, uint32_t idb, const catalog_table *def, bool read_only, struct temp_table *temp,
                         JET_GRBIT mode, JET_TABLEID *out)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    db_table *t = compat_calloc(1, sizeof *t);
    bool opened = false;
    if (t == NULL) FAIL(JET_errOutOfMemory);
    t->ses = s;
    t->idb = idb;
    t->def = def;
    t->prep = JET_prepCancel;
    t->level_open = s->trx_level;
    t->read_only = read_only;
    CHECK(cursor_open(&t->cur, inst->dbs->c, inst->dbs->dbs[idb].ifile, def, NULL));
    opened = true;
    t->cur.viewer = &s->view;
    table_filter(t);
    cursor_defer_first(&t->cur); /* ErrFILEOpenTable, ErrIsamDupCursor: RECDeferMoveFirst */
    compat_mutex_lock(&inst->lock);
    if (temp == NULL) err = mode_check_locked(inst->dbs, s, idb, def->objid, mode);
    /* then ErrFILEISetMode's JET_bitTablePermitDDL: not on a table with versions (records
     * or DDL of a transaction, or versions not cleaned up yet) */
    if (err >= 0 && (mode & JET_bitTablePermitDDL) &&
        (verstore_tree_has_versions(inst->vs, inst->dbs->dbs[idb].ifile, def->objid) || catalog_has_open_ddl(def)))
        err = JET_errTableInUse;
    if (err >= 0) err = table_insert_locked(inst->dbs, t);
    if (err >= 0) {
        t->temp = temp;
        t->exclusive = (mode & JET_bitTableDenyRead) != 0;
        t->deny_write = (mode & JET_bitTableDenyWrite) != 0;
    }
    compat_mutex_unlock(&inst->lock);
    CHECK(err);
    *out = table_handle(inst, t);
    t = NULL;
done:
    if (t != NULL) {
        if (opened) cursor_close(&t->cur);
        compat_free(t);
    }
    return err;
}

JET_ERR database_table_open(jet_session *s, JET_DBID dbid, const char *name, JET_GRBIT grbit, JET_TABLEID *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    const catalog_table *def = NULL;
    JET_GRBIT mode;
    CHECK(database_check_open(s, dbid, &idb));
    /* ErrIsamOpenTable: the internal bits, PermitDDL without DenyRead, DenyRead with
     * ReadOnly; the hints (NoCache, Preread, Sequential, ...) are accepted */
    if (grbit & (TABLE_BIT_DELETE | TABLE_BIT_CREATE | TABLE_BIT_RECOVERY)) FAIL(JET_errInvalidGrbit);
    if ((grbit & JET_bitTablePermitDDL) && !(grbit & JET_bitTableDenyRead)) FAIL(JET_errInvalidGrbit);
    if ((grbit & JET_bitTableDenyRead) && (grbit & JET_bitTableReadOnly)) FAIL(JET_errInvalidGrbit);
    if (name == NULL || out == NULL) FAIL(JET_errInvalidParameter);
    /* ErrUTILCheckName: empty or longer than JET_cbNameMost */
    if (name[0] == '\0' || strlen(name) > JET_cbNameMost) FAIL(JET_errInvalidName);
    /* the catalog is read-only once loaded: no lock needed while the db is open */
    /* a table another session created or is deleting and has not committed: ESE's
     * ErrFILEOpenTable (not found, or JET_errTableLocked) */
    def = catalog_find_table_any(s->inst->dbs->dbs[idb].cat, name);
    if (def == NULL) FAIL(JET_errObjectNotFound);
    CHECK(catalog_table_visible(def, &s->view));
    /* ErrFILEICheckAndSetMode: a read-only cursor cannot also be updatable */
    if ((grbit & JET_bitTableReadOnly) && (grbit & JET_bitTableUpdatable)) FAIL(JET_errInvalidGrbit);
    mode = grbit & (JET_bitTableDenyRead | JET_bitTableDenyWrite | JET_bitTableUpdatable | JET_bitTablePermitDDL);
    CHECK(table_new(s, idb, def, s->inst->dbs->dbs[idb].read_only || (grbit & JET_bitTableReadOnly), NULL, mode, out));
done:
    return err;
}

JET_ERR database_table_lookup(jet_session *s, JET_TABLEID tableid, db_table **out)
{
    JET_ERR err = JET_errInvalidTableId;
    jet_instance *inst = s->inst;
    uint32_t owner = 0, slot = 0, serial = 0;
    *out = NULL;
    if (!handle_parse((uint64_t)tableid, HANDLE_TAG_TABLE, &owner, &slot, &serial) || owner != inst->slot) goto done;
    compat_mutex_lock(&inst->lock);
    if (inst->dbs && slot < inst->dbs->cap_tables && inst->dbs->tables[slot] &&
        inst->dbs->tables[slot]->serial == serial) {
        db_table *t = inst->dbs->tables[slot];
        /* JET_VALIDATE_SESID_TABLEID: a cursor of another session */
        if (t->ses != s) {
            err = JET_errSesidTableIdMismatch;
        } else {
            *out = t;
            err = JET_errSuccess;
        }
    }
    compat_mutex_unlock(&inst->lock);
done:
    return err;
}

JET_ERR database_table_dup(jet_session *s, db_table *t, JET_TABLEID *out)
{
    JET_ERR err = JET_errSuccess;
    if (t->temp != NULL) {
        /* a sort still taking its records has no second cursor (vtfndefTTSortIns) */
        CHECK(temp_table_check_dup(t->temp));
        compat_mutex_lock(&s->inst->lock);
        temp_table_ref_locked(t->temp);
        compat_mutex_unlock(&s->inst->lock);
    }
    err = table_new(s, t->idb, t->def, t->read_only, t->temp, 0, out);
    if (err < 0 && t->temp != NULL) {
        compat_mutex_lock(&s->inst->lock);
        temp_table_release_locked(s->inst->dbs->temp, t->temp);
        compat_mutex_unlock(&s->inst->lock);
    }
done:
    return err;
}

JET_ERR database_table_open_def(jet_session *s, uint32_t idb, const catalog_table *def, struct temp_table *temp,
                                JET_TABLEID *out)
{
    return table_new(s, idb, def, false, temp, 0, out);
}

void database_session_close_temp(jet_session *s)
{
    struct database_set *set;
    compat_mutex_lock(&s->inst->lock);
    set = s->inst->dbs;
    for (uint32_t k = 0; set && k < set->cap_tables; k++) {
        db_table *t = set->tables[k];
        if (t && t->ses == s && t->temp != NULL) table_free_locked(set, t);
    }
    compat_mutex_unlock(&s->inst->lock);
}

void database_table_close(jet_session *s, db_table *t)
{
    compat_mutex_lock(&s->inst->lock);
    if (t->versioned && s->trx_level > 0 && (t->exclusive || t->deny_write)) hold_lock_locked(s->inst->dbs, t);
    table_free_locked(s->inst->dbs, t);
    compat_mutex_unlock(&s->inst->lock);
}

/* ---- session end and term ---- */

void database_session_close_all(jet_session *s)
{
    jet_instance *inst = s->inst;
    compat_mutex_lock(&inst->lock);
    close_session_tables_locked(s, -1);
    for (uint32_t i = 0; i < INSTANCE_DATABASES_MAX; i++) {
        if (s->db_opens[i] > 0 && inst->dbs) inst->dbs->dbs[i].opens -= s->db_opens[i];
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
    for (uint32_t k = 0; k < set->cap_tables; k++)
        if (set->tables[k]) table_free_locked(set, set->tables[k]);
    for (uint32_t i = 0; i < INSTANCE_DATABASES_MAX; i++) {
        if (!set->dbs[i].in_use) continue;
        (void)attached_flush_clean(&set->dbs[i]); /* JetTerm cannot report it; the header stays dirty */
        attached_release(set, &set->dbs[i]);
    }
    /* the temporary database goes with the instance (ESE deletes it at term): nothing in
     * it is worth writing */
    if (set->dbs[DATABASE_TEMP_SLOT].in_use) {
        db_attached *d = &set->dbs[DATABASE_TEMP_SLOT];
        char *path = d->path;
        d->path = NULL;
        attached_release(set, d);
        if (path != NULL) (void)compat_path_delete(path);
        compat_free(path);
    }
    temp_store_free(set->temp);
    compat_free(set->tables);
    compat_free(set->held);
    cache_destroy(set->c);
    compat_free(set);
}

/* ---- for the information functions ---- */

JET_ERR database_describe(jet_session *s, JET_DBID dbid, database_desc *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    const db_attached *d;
    CHECK(database_check_open(s, dbid, &idb));
    compat_mutex_lock(&s->inst->lock);
    d = &s->inst->dbs->dbs[idb];
    out->path = d->path;
    out->file = d->file;
    out->c = s->inst->dbs->c;
    out->ifile = d->ifile;
    out->cat = d->cat;
    out->read_only = d->read_only;
    out->viewer = &s->view;
    compat_mutex_unlock(&s->inst->lock);
done:
    return err;
}
