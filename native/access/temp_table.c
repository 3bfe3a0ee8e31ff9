/* temp_table.c: temporary and sort tables in the instance's temporary database (see
 * temp_table.h). Follows ESE's ErrIsamOpenTempTable, ErrSORTTableOpen, ErrTTEndInsert,
 * ErrIsamSortMove/Seek and the vtfndefTTSortIns / TTSortRet / TTBase dispatch tables
 * (sortapi.cxx); docs/semantics.md, "Temporary tables", lists the decisions. */
#include "temp_table.h"

#include <string.h>

#include "ddl.h"
#include "sysparam.h"

#define TEMP_PATH_MAX 1100u     /* UTF-8 bytes of SYSPARAM_STR_CAP UTF-16 units, and a suffix */
#define TEMP_NAME_TRIES 1000u   /* numbered names tried when tmp.edb is taken */
#define TEMP_KEY_SEGMENTS 16u   /* JET_ccolKeyMost: further key columns are ignored */
#define TEMP_CB_KEY_MOST_MIN 255u

/* ESE's sort phases (the dispatch table a cursor of the table has). */
typedef enum temp_phase {
    TEMP_INSERTING = 0,        /* vtfndefTTSortIns: records go in, duplicates dropped */
    TEMP_READING,              /* vtfndefTTSortRet: sorted, read-only */
    TEMP_TABLE                 /* vtfndefTTBase: a materialised table */
} temp_phase;

struct temp_table {
    cursor_temp base;          /* the cursor table's part: its cursors count (first member) */
    JET_GRBIT grbit;
    temp_phase phase;
    bool drop_duplicates;      /* ESE's fRemoveDuplicates */
    bool versioning;           /* JET_paramEnableTempTableVersioning when it was opened */
    uint32_t objid;            /* the table in the temporary database */
};

/* A table whose last cursor closed, waiting for the temporary database's lock. */
typedef struct temp_drop {
    struct temp_drop *next;
    uint32_t objid;
} temp_drop;

struct temp_store {
    compat_mutex create_lock;  /* one creation of the file at a time */
    bool created;              /* the temporary database exists (under create_lock) */
    uint32_t open;             /* tables open (inst->lock) */
    uint32_t name_serial;      /* the next generated table name (inst->lock) */
    temp_drop *drops;          /* inst->lock */
};

/* ---- the store and the temporary database ---- */

/* The instance's store, made on first use (the database set exists by then: it is made
 * with the instance's cache, which the caller made first if need be). */
static JET_ERR store_get(jet_instance *inst, struct temp_store **out)
{
    JET_ERR err = JET_errSuccess;
    CHECK(database_set_ensure(inst));
    compat_mutex_lock(&inst->lock);
    if (inst->temp == NULL) {
        struct temp_store *st = compat_calloc(1, sizeof *st);
        if (st != NULL && compat_mutex_init(&st->create_lock) != COMPAT_OK) {
            compat_free(st);
            st = NULL;
        }
        inst->temp = st;
    }
    *out = inst->temp;
    compat_mutex_unlock(&inst->lock);
    if (*out == NULL) FAIL(JET_errOutOfMemory);
done:
    return err;
}

void temp_table_term(jet_instance *inst)
{
    struct temp_store *st = inst->temp;
    inst->temp = NULL;
    if (st == NULL) return;
    while (st->drops != NULL) {
        temp_drop *d = st->drops;
        st->drops = d->next;
        compat_free(d);
    }
    compat_mutex_destroy(&st->create_lock);
    compat_free(st);
}

/* The configured path (JET_paramTempPath, made absolute by JetInit) in UTF-8. */
static JET_ERR temp_path(jet_instance *inst, char *out, size_t cap)
{
    JET_ERR err = JET_errSuccess;
    uint16_t w[SYSPARAM_STR_CAP];
    size_t n = 0;
    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramTempPath), NULL, w, sizeof w));
    if (compat_utf16_to_utf8(w, SIZE_MAX, out, cap, &n) != COMPAT_OK || n == 0) FAIL(JET_errInvalidPath);
done:
    return err;
}

/* prefix followed by n in decimal, at out (cap bytes, NUL-terminated); false if short. */
static bool with_number(char *out, size_t cap, const char *prefix, size_t cb_prefix, uint32_t n)
{
    char digits[10];
    size_t nd = 0;
    do {
        digits[nd++] = (char)('0' + n % 10u);
        n /= 10u;
    } while (n != 0);
    if (cb_prefix + nd + 1u > cap) return false;
    memcpy(out, prefix, cb_prefix);
    for (size_t i = 0; i < nd; i++) out[cb_prefix + i] = digits[nd - 1u - i];
    out[cb_prefix + nd] = '\0';
    return true;
}

/* path with "-<n>" before its extension (or at its end): "tmp.edb" -> "tmp-3.edb". */
static bool numbered_path(const char *path, uint32_t n, char *out, size_t cap)
{
    const char *dot = strrchr(path, '.');
    const char *sep = strrchr(path, '/');
    const char *bsep = strrchr(path, '\\');
    size_t stem, len;
    if (bsep != NULL && (sep == NULL || bsep > sep)) sep = bsep;
    if (dot == NULL || (sep != NULL && dot < sep)) dot = path + strlen(path);
    stem = (size_t)(dot - path);
    if (stem + 1u > cap) return false;
    memcpy(out, path, stem);
    out[stem] = '-';
    if (!with_number(out + stem + 1u, cap - stem - 1u, "", 0, n)) return false;
    len = strlen(out);
    if (len + strlen(dot) + 1u > cap) return false;
    memcpy(out + len, dot, strlen(dot) + 1u);
    return true;
}

/* ErrEnsureTempDatabaseOpened: the instance's temporary database, made the first time.
 * The configured file may belong to another instance or process running now: then a
 * numbered name next to it is used (never overwritten: its owner holds it open). */
static JET_ERR ensure_database(jet_instance *inst, struct temp_store *st)
{
    JET_ERR err = JET_errSuccess;
    char *base = NULL, *name = NULL;
    compat_mutex_lock(&st->create_lock);
    if (st->created) goto done;
    base = compat_malloc(TEMP_PATH_MAX);
    name = compat_malloc(TEMP_PATH_MAX);
    if (base == NULL || name == NULL) FAIL(JET_errOutOfMemory);
    CHECK(temp_path(inst, base, TEMP_PATH_MAX));
    err = database_create_temp(inst, base);
    for (uint32_t n = 1; (err == JET_errDatabaseDuplicate || err == JET_errFileAccessDenied) && n <= TEMP_NAME_TRIES; n++) {
        if (!numbered_path(base, n, name, TEMP_PATH_MAX)) FAIL(JET_errInvalidPath);
        err = database_create_temp(inst, name);
    }
    CHECK(err);
    st->created = true;
done:
    compat_mutex_unlock(&st->create_lock);
    compat_free(base);
    compat_free(name);
    return err;
}

/* Drops the tables whose last cursor closed. Caller holds the temporary database
 * exclusively (w). A table that cannot be dropped is left in the file, which goes at
 * JetTerm anyway. */
static void drop_pending(jet_instance *inst, struct temp_store *st, database_writer *w)
{
    temp_drop *list, *keep = NULL;
    compat_mutex_lock(&inst->lock);
    list = st->drops;
    st->drops = NULL;
    compat_mutex_unlock(&inst->lock);
    while (list != NULL) {
        temp_drop *d = list;
        const catalog_table *def = catalog_table_by_objid(w->cat, d->objid);
        list = d->next;
        /* a table with versions stays until they are gone: a rollback may still undo
         * its changes (a versioned table's close waits for level 0, ErrFILECloseTable) */
        if (def != NULL && verstore_tree_has_versions(inst->vs, w->ifile, d->objid)) {
            d->next = keep;
            keep = d;
            continue;
        }
        if (def != NULL) (void)ddl_delete_table(w->df, w->cat, def);
        compat_free(d);
    }
    if (keep != NULL) {
        compat_mutex_lock(&inst->lock);
        while (keep != NULL) {
            temp_drop *d = keep;
            keep = d->next;
            d->next = st->drops;
            st->drops = d;
        }
        compat_mutex_unlock(&inst->lock);
    }
}

/* Takes the temporary database exclusively and drops what is pending. */
static void drop_pending_now(jet_session *s)
{
    jet_instance *inst = s->inst;
    struct temp_store *st = NULL;
    database_writer w;
    bool pending;
    compat_mutex_lock(&inst->lock);
    st = inst->temp;
    /* a table to drop means the database exists */
    pending = st != NULL && st->drops != NULL;
    compat_mutex_unlock(&inst->lock);
    if (!pending) return;
    if (database_write_begin(s, DATABASE_TEMP_SLOT, &w) < 0) return;
    drop_pending(inst, st, &w);
    database_write_end(&w);
}

/* ---- what the cursor table calls ---- */

static struct temp_table *temp_of(const db_table *t)
{
    return (struct temp_table *)t->temp;
}

static void last_closed_locked(jet_instance *inst, cursor_temp *ct)
{
    struct temp_table *tt = (struct temp_table *)ct;
    struct temp_store *st = inst->temp;
    INVARIANT(compat_mutex_held(&inst->lock) && ct->refs == 0);
    if (st != NULL) {
        /* ErrIsamSortClose: the table and its space go with the last cursor */
        temp_drop *d = compat_malloc(sizeof *d);
        if (st->open > 0) st->open--;
        if (d != NULL) {
            d->objid = tt->objid;
            d->next = st->drops;
            st->drops = d;
        }
    }
    compat_free(tt);
}

static JET_ERR check_dup(const cursor_temp *ct)
{
    /* a sort still taking its records has no second cursor (vtfndefTTSortIns) */
    return ((const struct temp_table *)ct)->phase == TEMP_INSERTING ? JET_errIllegalOperation : JET_errSuccess;
}

static const cursor_temp_ops temp_ops = { check_dup, last_closed_locked };

/* ---- making a table ---- */

/* The column options ESE's sort keeps from a JET_COLUMNDEF: where the column lives
 * (tagged, fixed or variable, ErrSORTTableOpen's "mode"); the rest is not read. */
static JET_GRBIT column_grbit(const JET_COLUMNDEF *cd)
{
    if ((cd->grbit & JET_bitColumnTagged) || record_type_is_long_value(cd->coltyp)) return JET_bitColumnTagged;
    if (cd->grbit & JET_bitColumnFixed) return JET_bitColumnFixed;
    return 0;
}

/* Columns, the key and the table, under the temporary database's lock. */
static JET_ERR build_table(jet_instance *inst, struct temp_store *st, database_writer *w, const temp_table_spec *spec,
                           bool sequenced, const catalog_table **out)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *def = NULL;
    char tname[32], cname[32];
    char *key = NULL;
    size_t cb_key = 0;
    uint32_t nseg = 0, serial;
    bool named;
    ddl_index x;

    compat_mutex_lock(&inst->lock);
    serial = st->name_serial++;
    compat_mutex_unlock(&inst->lock);
    named = with_number(tname, sizeof tname, "TEMP", 4, serial); /* as ESE names them */
    INVARIANT(named); /* the buffers hold any uint32_t */
    CHECK(ddl_create_table(w->df, w->cat, tname, 1, 100, &def));
    *out = def;
    key = compat_malloc((size_t)(TEMP_KEY_SEGMENTS + 1u) * 16u + 2u);
    if (key == NULL) FAIL(JET_errOutOfMemory);
    for (uint32_t i = 0; i < spec->ccolumns; i++) {
        const JET_COLUMNDEF *cd = &spec->columns[i];
        ddl_column c;
        JET_COLUMNID id = 0;
        memset(&c, 0, sizeof c);
        named = with_number(cname, sizeof cname, "c", 1, i);
        INVARIANT(named);
        c.name = cname;
        c.coltyp = cd->coltyp;
        /* UlCATColumnSize: a fixed-size type's cbMax is not read (callers may leave it
         * unset) */
        c.cb_max = record_type_size(cd->coltyp) != 0 ? 0 : cd->cbMax;
        c.cp = cd->cp;
        c.grbit = column_grbit(cd);
        err = ddl_add_column(w->df, w->cat, def, &c, true, &id);
        if (err < 0) goto done;
        err = JET_errSuccess; /* JET_wrnColumnMaxTruncated: ESE's sort truncates silently */
        def = catalog_table_by_objid(w->cat, def->objid);
        if (def == NULL) FAIL(JET_errInternalError);
        spec->columnids[i] = id;
        if ((cd->grbit & JET_bitColumnTTKey) && nseg < TEMP_KEY_SEGMENTS) {
            key[cb_key++] = (cd->grbit & JET_bitColumnTTDescending) ? '-' : '+';
            memcpy(key + cb_key, cname, strlen(cname) + 1u);
            cb_key += strlen(cname) + 1u;
            nseg++;
        }
    }
    if (nseg > 0 && sequenced) {
        /* a forward-only sort keeps duplicates: a hidden counter makes their keys differ
         * and keeps them in the order they came */
        ddl_column c;
        JET_COLUMNID id = 0;
        memset(&c, 0, sizeof c);
        c.name = "seq";
        c.coltyp = JET_coltypLongLong;
        c.grbit = JET_bitColumnAutoincrement;
        CHECK(ddl_add_column(w->df, w->cat, def, &c, true, &id));
        memcpy(key + cb_key, "+seq", 5);
        cb_key += 5;
    }
    if (nseg > 0) {
        key[cb_key++] = '\0';
        memset(&x, 0, sizeof x);
        x.name = "primary";
        /* ErrSORTTableOpen: primary, unique, every kind of null allowed */
        x.grbit = JET_bitIndexPrimary | JET_bitIndexUnique;
        if (spec->grbit & JET_bitTTSortNullsHigh) x.grbit |= JET_bitIndexSortNullsHigh;
        if (spec->grbit & JET_bitTTDotNetGuid) x.grbit |= JET_bitIndexDotNetGuid;
        x.key = key;
        x.cb_key = (uint32_t)cb_key;
        x.density = 100;
        x.key_most = spec->cb_key_most ? spec->cb_key_most : TEMP_CB_KEY_MOST_MIN;
        x.var_seg_mac = spec->cb_var_seg_mac;
        /* ErrSORTTableOpen: a JET_UNICODEINDEX's flags are taken as given, with
         * LCMAP_SORTKEY added (ErrNORMCheckLCMapFlags), so 0 sorts case-sensitively;
         * without one, or with only an lcid (JetOpenTempTable2), the instance's
         * JET_paramUnicodeIndexDefault */
        sysparam_unicode_default(&inst->params, &x.lcid, &x.lcmap_flags);
        if (spec->has_unicode) {
            if (spec->lcid != 0 || spec->locale != NULL) x.lcid = spec->lcid;
            x.locale = spec->locale;
            if (!spec->lcid_only) x.lcmap_flags = spec->map_flags | COMPAT_LCMAP_SORTKEY;
        }
        def = catalog_table_by_objid(w->cat, def->objid);
        if (def == NULL) FAIL(JET_errInternalError);
        err = ddl_create_index(w->df, w->cat, w->collators, def, &x);
        if (err < 0) goto done;
        err = JET_errSuccess;
    }
    def = catalog_table_by_objid(w->cat, def->objid);
    if (def == NULL) FAIL(JET_errInternalError);
    *out = def;
done:
    compat_free(key);
    return err;
}

JET_ERR temp_table_open(jet_session *s, const temp_table_spec *spec, JET_TABLEID *out)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    struct temp_store *st = NULL;
    struct temp_table *tt = NULL;
    const catalog_table *def = NULL;
    database_writer w;
    bool writing = false, counted = false, indexed = false, lv = false, materialise;
    JET_API_PTR max = 0, versioning = 0;
    JET_GRBIT grbit = spec->grbit;
    uint32_t objid = 0;

    memset(&w, 0, sizeof w);
    *out = JET_tableidNil;
    /* ErrIsamOpenTempTable's checks, in its order */
    CHECK(instance_param(inst, JET_paramMaxTemporaryTables, &max));
    if (max == 0) FAIL(JET_errTooManySorts);
    if ((grbit & JET_bitTTForwardOnly) &&
        (grbit & (JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable | JET_bitTTForceMaterialization)))
        FAIL(JET_errCannotMaterializeForwardOnlySort);
    for (uint32_t i = 0; i < spec->ccolumns; i++) {
        indexed |= (spec->columns[i].grbit & JET_bitColumnTTKey) != 0;
        lv |= record_type_is_long_value(spec->columns[i].coltyp);
    }
    /* ErrIsamOpenTempTable: no key, long values or the caller's wish make a table at once
     * (and a forward-only sort cannot be one) */
    materialise = !indexed || (lv && !(grbit & JET_bitTTIntrinsicLVsOnly)) || (grbit & JET_bitTTForceMaterialization);
    if (materialise && (grbit & JET_bitTTForwardOnly)) FAIL(JET_errCannotMaterializeForwardOnlySort);
    /* ErrSORTTableOpen's key sizes */
    if ((spec->cb_key_most != 0 && spec->cb_key_most < JET_cbKeyMostMin) || spec->cb_key_most > JET_cbKeyMostMost)
        FAIL(JET_errInvalidParameter);
    if ((spec->cb_key_most != 0 && spec->cb_var_seg_mac > spec->cb_key_most) ||
        (spec->cb_key_most == 0 && spec->cb_var_seg_mac > JET_cbKeyMostMin))
        FAIL(JET_errInvalidParameter);

    CHECK(store_get(inst, &st));
    /* ErrSORTOpen: a sort control block of the instance's pool */
    compat_mutex_lock(&inst->lock);
    if ((JET_API_PTR)st->open >= max) err = JET_errTooManySorts;
    else st->open++, counted = true;
    compat_mutex_unlock(&inst->lock);
    CHECK(err);
    CHECK(ensure_database(inst, st));

    tt = compat_calloc(1, sizeof *tt);
    if (tt == NULL) FAIL(JET_errOutOfMemory);
    tt->base.ops = &temp_ops;
    tt->base.refs = 1;
    tt->grbit = grbit;
    tt->phase = materialise ? TEMP_TABLE : TEMP_INSERTING;
    tt->drop_duplicates = !((grbit & JET_bitTTForwardOnly) && !(grbit & JET_bitTTUnique));
    CHECK(instance_param(inst, JET_paramEnableTempTableVersioning, &versioning));
    tt->versioning = versioning != 0;

    CHECK(database_write_begin(s, DATABASE_TEMP_SLOT, &w));
    writing = true;
    drop_pending(inst, st, &w);
    err = build_table(inst, st, &w, spec, !tt->drop_duplicates, &def);
    if (def != NULL) objid = def->objid;
    CHECK(err);
    tt->objid = objid;
    database_write_end(&w);
    writing = false;

    CHECK(cursor_table_open_temp(s, DATABASE_TEMP_SLOT, def, &tt->base, out));
    tt = NULL;
    counted = false;
    objid = 0;
done:
    if (objid != 0) {
        /* a table made half-way goes again */
        if (!writing && database_write_begin(s, DATABASE_TEMP_SLOT, &w) >= 0) writing = true;
        if (writing) {
            const catalog_table *t = catalog_table_by_objid(w.cat, objid);
            if (t != NULL) (void)ddl_delete_table(w.df, w.cat, t);
        }
    }
    if (writing) database_write_end(&w);
    if (counted) {
        compat_mutex_lock(&inst->lock);
        st->open--;
        compat_mutex_unlock(&inst->lock);
    }
    compat_free(tt);
    return err;
}

/* ---- the phases ---- */

/* ErrTTEndInsert: the first move or seek ends the inserts; an updatable one becomes a
 * table (ErrIsamSortMaterialize), the others are read as sorted. */
static void end_insert(db_table *t)
{
    if (temp_of(t)->phase != TEMP_INSERTING) return;
    temp_of(t)->phase = (temp_of(t)->grbit & JET_bitTTUpdatable) ? TEMP_TABLE : TEMP_READING;
}

static bool scrollable(const struct temp_table *tt)
{
    return (tt->grbit & (JET_bitTTScrollable | JET_bitTTIndexed)) != 0;
}

JET_ERR temp_table_check_update(const db_table *t)
{
    /* vtfndefTTSortRet: ErrIllegalPrepareUpdate / SetColumn / Update */
    return temp_of(t)->phase == TEMP_READING ? JET_errIllegalOperation : JET_errSuccess;
}

JET_ERR temp_table_check_delete(const db_table *t)
{
    /* vtfndefTTSortIns and TTSortRet: ErrIllegalDelete */
    return temp_of(t)->phase != TEMP_TABLE ? JET_errIllegalOperation : JET_errSuccess;
}

bool temp_table_versioned(const db_table *t)
{
    return temp_of(t)->versioning && temp_of(t)->phase == TEMP_TABLE;
}

JET_ERR temp_table_check_range(const db_table *t)
{
    return temp_of(t)->phase == TEMP_INSERTING ? JET_errIllegalOperation : JET_errSuccess;
}

JET_ERR temp_table_before_move(db_table *t, int32_t crow)
{
    end_insert(t);
    /* ErrIsamSortMove: backwards only when indexed or scrollable */
    if (temp_of(t)->phase == TEMP_READING && crow < 0 && crow != (int32_t)JET_MoveFirst && !scrollable(temp_of(t)))
        return JET_errIllegalOperation;
    return JET_errSuccess;
}

JET_ERR temp_table_before_seek(db_table *t)
{
    end_insert(t);
    /* ErrIsamSortSeek */
    if (temp_of(t)->phase == TEMP_READING && !scrollable(temp_of(t))) return JET_errIllegalOperation;
    return JET_errSuccess;
}

bool temp_table_drops_duplicates(const db_table *t)
{
    return temp_of(t)->phase == TEMP_INSERTING && temp_of(t)->drop_duplicates;
}

/* ---- closing ---- */

void temp_table_close(jet_session *s, db_table *t)
{
    jet_instance *inst = s->inst;
    struct temp_store *st = NULL;
    database_writer w;
    bool pending;
    cursor_table_close(s, t);
    compat_mutex_lock(&inst->lock);
    st = inst->temp;
    pending = st != NULL && st->drops != NULL;
    compat_mutex_unlock(&inst->lock);
    if (!pending) return;
    /* the caller holds the lock: a writer without taking it */
    if (database_writer_of(s, DATABASE_TEMP_SLOT, &w) < 0) return;
    drop_pending(inst, st, &w);
}

void temp_table_session_end(jet_session *s)
{
    /* ErrIsamEndSession: ErrIsamSortClose for each of the session's sorts (their
     * cursors are closed, the tables queued to be dropped) */
    drop_pending_now(s);
}
