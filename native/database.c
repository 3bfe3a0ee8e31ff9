/* database.c: attached databases, the sessions' open counts and the table cursors of an
 * instance (see database.h). Follows ESE's ErrIsamAttachDatabase / ErrIsamDetachDatabase /
 * ErrDBOpenDatabase / ErrDBCloseDatabase (db.cxx), ErrPIBCheckIfmp (pib.hxx) and
 * ErrFILEOpenTable (fileopen.cxx); docs/semantics.md lists the decisions.
 * May call: common.h, instance.h, session.h, cursor.h, catalog.h, cache.h, dbheader.h,
 * sysparam.h, compat (files, memory, paths). */
#include "database.h"

#include <string.h>

_Static_assert(INSTANCE_DATABASES_MAX <= CACHE_FILES_MAX, "one cache slot per attached database");

#define DB_PATH_MAX 4096u
#define TABLES_INITIAL 16u
/* The cache keeps a descriptor per page of its bound up front, so JET_paramCacheSizeMax
 * (default 2e9 pages: ESE sizes its cache dynamically below it) is capped here. */
#define CACHE_PAGES_CAP 65536u

typedef struct db_attached {
    bool in_use;
    bool loading;              /* reserved by an attach still reading the file */
    bool read_only;
    char *path;                /* absolute, UTF-8 */
    compat_file *file;
    bool cache_attached;
    uint32_t ifile;
    catalog *cat;
    uint32_t opens;            /* JetOpenDatabase counts of every session together */
} db_attached;

struct database_set {
    cache *c;
    db_attached dbs[INSTANCE_DATABASES_MAX];
    db_table **tables;
    uint32_t cap_tables;
    uint32_t table_serial;
};

/* ---- helpers ---- */

static bool path_equal(const char *a, const char *b)
{
    /* ESE compares the full paths case-insensitively on Windows; POSIX file names are
     * case-sensitive, so the comparison is exact here. */
    return strcmp(a, b) == 0;
}

static JET_ERR param_number(jet_instance *inst, uint32_t id, JET_API_PTR *out)
{
    return sysparam_read(&inst->params, sysparam_index(id), out, NULL, 0);
}

/* The set of the instance, allocated with its cache on first use. Caller holds inst->lock. */
static JET_ERR set_get_locked(jet_instance *inst, struct database_set **out)
{
    JET_ERR err = JET_errSuccess;
    struct database_set *set = inst->dbs;
    JET_API_PTR cb_page = 0, cache_max = 0;
    *out = NULL;
    if (set == NULL) {
        CHECK(param_number(inst, JET_paramDatabasePageSize, &cb_page));
        CHECK(param_number(inst, JET_paramCacheSizeMax, &cache_max));
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

/* Frees what an attached slot holds (not the slot itself). */
static void attached_release(struct database_set *set, db_attached *d)
{
    catalog_free(d->cat);
    if (d->cache_attached) (void)cache_detach_file(set->c, d->ifile);
    if (d->file) (void)compat_file_close(d->file);
    compat_free(d->path);
    memset(d, 0, sizeof *d);
}

/* ---- attach and detach ---- */

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
    CHECK(set_get_locked(inst, &set));
    /* FMP::ErrNewAndWriteLatch: the same file twice is a warning and nothing else. */
    if (find_attached_locked(set, full) >= 0) {
        err = JET_wrnDatabaseAttached;
        goto done;
    }
    if (!(grbit & JET_bitDbReadOnly)) FAIL(JET_errFeatureNotAvailable); /* writing comes later */
    for (uint32_t i = 0; i < INSTANCE_DATABASES_MAX && d == NULL; i++)
        if (!set->dbs[i].in_use) d = &set->dbs[i];
    if (d == NULL) FAIL(JET_errTooManyAttachedDatabases);
    d->in_use = true;
    d->loading = true;
    d->read_only = true;
    d->path = full;
    full = NULL;
    compat_mutex_unlock(&inst->lock);
    locked = false;

    /* Read the file outside the lock: the slot is reserved (loading). */
    e = compat_file_open(d->path, COMPAT_FILE_READ, &d->file);
    if (e != COMPAT_OK) FAIL(jet_err_from_compat(e));
    img = compat_malloc(sizeof *img);
    if (img == NULL) FAIL(JET_errOutOfMemory);
    err = dbheader_read(d->file, img);
    if (err < 0) FAIL(dbheader_attach_read_error(err));
    CHECK(param_number(inst, JET_paramDatabasePageSize, &cb_page));
    CHECK(dbheader_check_attach(img, (uint32_t)cb_page));
    CHECK(cache_attach_file(set->c, d->file, &d->ifile));
    d->cache_attached = true;
    CHECK(catalog_load(set->c, d->ifile, &d->cat));

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
            else attached_release(set, d);
        }
    } else {
        i = find_attached_locked(set, full);
        if (i < 0 || set->dbs[i].loading) err = JET_errDatabaseNotFound;
        else if (set->dbs[i].opens > 0) err = JET_errDatabaseInUse; /* ErrIsamDetachDatabase: pinned */
        else attached_release(set, &set->dbs[i]);
    }
    compat_mutex_unlock(&inst->lock);
done:
    compat_free(full);
    return err;
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
static void table_free_locked(struct database_set *set, db_table *t)
{
    cursor_close(&t->cur);
    set->tables[t->slot] = NULL;
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

/* A new cursor of session s on table def of attached slot idb, registered. */
static JET_ERR table_new(jet_session *s, uint32_t idb, const catalog_table *def, bool read_only, JET_TABLEID *out)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    db_table *t = compat_calloc(1, sizeof *t);
    bool opened = false;
    if (t == NULL) FAIL(JET_errOutOfMemory);
    t->ses = s;
    t->idb = idb;
    t->def = def;
    t->read_only = read_only;
    CHECK(cursor_open(&t->cur, inst->dbs->c, inst->dbs->dbs[idb].ifile, def, NULL));
    opened = true;
    compat_mutex_lock(&inst->lock);
    err = table_insert_locked(inst->dbs, t);
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
    CHECK(database_check_open(s, dbid, &idb));
    if (name == NULL || out == NULL) FAIL(JET_errInvalidParameter);
    /* ErrUTILCheckName: empty or longer than JET_cbNameMost */
    if (name[0] == '\0' || strlen(name) > JET_cbNameMost) FAIL(JET_errInvalidName);
    /* the catalog is read-only once loaded: no lock needed while the db is open */
    def = catalog_find_table(s->inst->dbs->dbs[idb].cat, name);
    if (def == NULL) FAIL(JET_errObjectNotFound);
    CHECK(table_new(s, idb, def, s->inst->dbs->dbs[idb].read_only || (grbit & JET_bitTableReadOnly), out));
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
    return table_new(s, t->idb, t->def, t->read_only, out);
}

void database_table_close(jet_session *s, db_table *t)
{
    compat_mutex_lock(&s->inst->lock);
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
    for (uint32_t i = 0; i < INSTANCE_DATABASES_MAX; i++)
        if (set->dbs[i].in_use) attached_release(set, &set->dbs[i]);
    compat_free(set->tables);
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
    compat_mutex_unlock(&s->inst->lock);
done:
    return err;
}
