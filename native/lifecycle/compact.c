/* compact.c: offline compaction into a new database file (see compact.h). Follows ESE's
 * ErrIsamCompact, ErrCMPOpenDB, ErrCMPCopySelectedTables, ErrCMPCopyTable and
 * ErrCMPCreateTableColumnIndex (comp.cxx) and the progress of _comp.hxx
 * (ErrCMPInitProgress, ErrCMPReportProgress, ErrCMPTermProgress).
 *
 * Locks: the two databases are never locked together. A record is read under the
 * source's lock (shared) into memory, then written under the destination's (exclusive);
 * the status callback runs with neither held. */
#include "compact.h"

#include <string.h>

#include "catalog_report.h"
#include "copy_buffer.h"
#include "cursor_table.h"
#include "database.h"
#include "space_info.h"
#include "table_ddl.h"
#include "update.h"

#define COMPACT_DENSITY 100u /* ulCMPDefaultDensity: the new tables' pages are filled */

typedef struct compact_job {
    jet_session *s;
    JET_SESID sesid;
    JET_PFNSTATUS pfn;
    JET_SNPROG prog;
    JET_DBID dbid_src, dbid_dest;
    uint32_t idb_src, idb_dest;
} compact_job;

/* One value of a record on its way from the source to the destination. */
typedef struct compact_value {
    JET_COLUMNID dest;         /* the destination's column */
    bool tagged;
    bool null;                 /* an explicit null */
    bool internal;             /* an autoincrement or version value, kept as stored */
    uint8_t *pb;
    uint32_t cb;
} compact_value;

typedef struct compact_record {
    compact_value *v;
    uint32_t n, cap;
} compact_record;

/* ESE's tables that compaction makes afresh or drops (FCATSystemTable,
 * FCMPLegacySystemTable, FOLDSystemTable, FSCANSystemTable, FCATObjidsTable,
 * FCATExtentPageCountCacheTable, FCATLocalesTable, FCATDeferredPopulateKeysTable). */
static bool system_table(const catalog_table *t)
{
    static const char *const names[] = {
        "MSysObjects",          "MSysObjectsShadow", "MSysUnicodeFixupVer1", "MSysUnicodeFixupVer2",
        "MSysDefrag1",          "MSysDefrag2",       "MSysOLD",              "MSysOLD2",
        "MSysScan1",            "MSysObjids",        "MSysExtentPageCountCache", "MSysLocales",
        "MSysDeferredPopulateKeys",
    };
    if (t->pgno_fdp == CATALOG_PGNO_MSYSOBJECTS || t->pgno_fdp == CATALOG_PGNO_MSYSOBJECTS_SHADOW) return true;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *a = t->name, *b = names[i];
        for (; *a != '\0' && *b != '\0'; a++, b++) {
            char ca = (*a >= 'a' && *a <= 'z') ? (char)(*a - 'a' + 'A') : *a;
            char cb = (*b >= 'a' && *b <= 'z') ? (char)(*b - 'a' + 'A') : *b;
            if (ca != cb) break;
        }
        if (*a == '\0' && *b == '\0') return true;
    }
    return false;
}

/* ErrCMPReportProgress: the callback with the job's counts (no engine lock held). */
static JET_ERR report(compact_job *j, JET_SNT snt)
{
    if (j->pfn == NULL) return JET_errSuccess;
    if (j->prog.cunitDone > j->prog.cunitTotal) j->prog.cunitDone = j->prog.cunitTotal;
    j->prog.cbStruct = sizeof j->prog;
    return j->pfn(j->sesid, JET_snpCompact, snt, &j->prog);
}

static void lock_read(compact_job *j, uint32_t idb)
{
    compat_rwlock_read_lock(db_lock_rw(database_lock(j->s->inst, idb)));
}

static void unlock_read(compact_job *j, uint32_t idb)
{
    compat_rwlock_read_unlock(db_lock_rw(database_lock(j->s->inst, idb)));
}

static void record_clear(compact_record *r)
{
    for (uint32_t i = 0; i < r->n; i++) compat_free(r->v[i].pb);
    r->n = 0;
}

static JET_ERR record_add(compact_record *r, const compact_value *v, const void *pb, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    compact_value *slot;
    if (r->n == r->cap) {
        uint32_t cap = r->cap ? r->cap * 2u : 16u;
        compact_value *nv = compat_realloc(r->v, (size_t)cap * sizeof *nv);
        if (nv == NULL) FAIL(JET_errOutOfMemory);
        r->v = nv;
        r->cap = cap;
    }
    slot = &r->v[r->n];
    *slot = *v;
    slot->pb = compat_malloc(cb ? cb : 1u);
    if (slot->pb == NULL) FAIL(JET_errOutOfMemory);
    if (cb) memcpy(slot->pb, pb, cb);
    slot->cb = cb;
    r->n++;
done:
    return err;
}

/* The values of the source cursor's current record, as stored: explicit nulls too,
 * absent columns not (their defaults are the destination's too). map: the destination
 * column of each source column (0: none). */
static JET_ERR read_record(db_table *src, const JET_COLUMNID *map, compact_record *rec)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *def = src->def;
    uint8_t *buf = NULL;

    CHECK(cursor_refresh(&src->cur));
    for (uint32_t i = 0; i < def->ccolumns; i++) {
        const record_column *col = &def->columns[i];
        uint32_t fid = col->columnid & 0xffffu, count = 0;
        record_state st = RECORD_ABSENT;
        record_value v;
        compact_value cv;
        if (map[i] == 0) continue;
        memset(&v, 0, sizeof v);
        memset(&cv, 0, sizeof cv);
        cv.dest = map[i];
        cv.internal = (col->grbit & (JET_bitColumnAutoincrement | JET_bitColumnVersion)) != 0;
        if (fid < FID_TAGGED_FIRST) {
            if (fid >= FID_VAR_FIRST) CHECK(record_variable(&src->cur.rv, fid, &st, &v));
            else CHECK(record_fixed(&src->cur.rv, fid, col->ib_record_offset, col->cb_max, &st, &v));
            if (st == RECORD_ABSENT) continue;
            cv.null = st == RECORD_NULL;
            CHECK(record_add(rec, &cv, v.pb, cv.null ? 0u : v.cb));
            continue;
        }
        cv.tagged = true;
        CHECK(record_tagged(&src->cur.rv, fid, 1, &count, &st, &v));
        if (st == RECORD_NULL) {
            cv.null = true;
            CHECK(record_add(rec, &cv, NULL, 0));
            continue;
        }
        for (uint32_t k = 1; k <= count; k++) {
            /* long values, compressed or separated, come back whole from cursor_retrieve */
            uint32_t cb = 0, got = 0;
            JET_ERR e = cursor_retrieve(&src->cur, col->columnid, k, 0, NULL, 0, &cb, JET_bitRetrieveIgnoreDefault);
            if (e < 0) FAIL(e);
            if (e == JET_wrnColumnNull) continue;
            compat_free(buf);
            buf = compat_malloc(cb ? cb : 1u);
            if (buf == NULL) FAIL(JET_errOutOfMemory);
            if (cb) {
                e = cursor_retrieve(&src->cur, col->columnid, k, 0, buf, cb, &got, JET_bitRetrieveIgnoreDefault);
                if (e < 0) FAIL(e);
                if (got != cb) FAIL(JET_errDatabaseCorrupted);
            }
            CHECK(record_add(rec, &cv, buf, cb));
        }
    }
done:
    compat_free(buf);
    return err;
}

/* The record into the destination's table (its database held exclusively): an insert
 * with the values as read. */
static JET_ERR write_record(db_table *dst, const compact_record *rec)
{
    JET_ERR err = JET_errSuccess;
    uint8_t pk[UPDATE_BOOKMARK_MAX];
    uint32_t cb_pk = 0;
    bool dropped = false, prepared = false;

    CHECK(copy_buffer_prepare_insert(dst));
    prepared = true;
    for (uint32_t i = 0; i < rec->n; i++) {
        const compact_value *v = &rec->v[i];
        const record_column *col = catalog_column_by_id(dst->def, v->dest);
        JET_SETINFO si;
        if (col == NULL) FAIL(JET_errColumnNotFound);
        if (v->internal) {
            /* ESE's ErrSORTCopyRecords copies these as stored */
            CHECK(record_build_set(&dst->rb, col, v->pb, v->cb, 0, 1, 0, NULL));
            continue;
        }
        if (v->null) {
            CHECK(copy_buffer_set_column(dst, v->dest, NULL, 0, 0, NULL));
            continue;
        }
        memset(&si, 0, sizeof si);
        si.cbStruct = sizeof si;
        si.itagSequence = 0; /* a tagged column's next value */
        CHECK(copy_buffer_set_column(dst, v->dest, v->pb, v->cb, v->cb == 0 ? JET_bitSetZeroLength : 0,
                                     v->tagged ? &si : NULL));
    }
    err = copy_buffer_update(dst, pk, &cb_pk, &dropped);
    if (err >= 0) prepared = false;
    CHECK(err);
done:
    if (prepared) cursor_table_cancel_update(dst);
    return err;
}

/* ErrCMPCreateTableColumnIndex's definition of the new table from the source's: columns
 * in id order (stubs of deleted columns left out), every index with its key string. */
typedef struct table_copy_spec {
    table_ddl_spec spec;
    table_ddl_column *cols;
    JET_COLUMNID *colids;
    JET_ERR *colerrs;
    ddl_index *idx;
    JET_ERR *idxerrs;
    JET_ERR **idxerrp;
    char **keys;
    uint32_t nidx;
} table_copy_spec;

static void spec_free(table_copy_spec *c)
{
    for (uint32_t i = 0; c->keys != NULL && i < c->nidx; i++) compat_free(c->keys[i]);
    compat_free(c->keys);
    compat_free(c->cols);
    compat_free(c->colids);
    compat_free(c->colerrs);
    compat_free(c->idx);
    compat_free(c->idxerrs);
    compat_free(c->idxerrp);
    memset(c, 0, sizeof *c);
}

static JET_ERR index_key(const catalog_table *def, const record_index *x, char **out, uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    size_t cb = 1;
    char *key, *p;
    *out = NULL;
    for (uint32_t k = 0; k < x->csegments; k++) {
        const record_column *col = catalog_column_by_id(def, x->segments[k].columnid);
        if (col == NULL) FAIL(JET_errCatalogCorrupted);
        cb += 2u + strlen(col->name);
    }
    key = compat_malloc(cb);
    if (key == NULL) FAIL(JET_errOutOfMemory);
    p = key;
    for (uint32_t k = 0; k < x->csegments; k++) {
        const record_column *col = catalog_column_by_id(def, x->segments[k].columnid);
        size_t n = strlen(col->name);
        *p++ = x->segments[k].descending ? '-' : '+';
        memcpy(p, col->name, n + 1u);
        p += n + 1u;
    }
    *p = '\0';
    *out = key;
    *cb_out = (uint32_t)cb;
done:
    return err;
}

static JET_ERR spec_build(const db_table *src, table_copy_spec *c)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *def = src->def;
    uint32_t n = def->ccolumns ? def->ccolumns : 1u, m = def->cindexes ? def->cindexes : 1u, ncols = 0;

    memset(c, 0, sizeof *c);
    c->cols = compat_calloc(n, sizeof *c->cols);
    c->colids = compat_calloc(n, sizeof *c->colids);
    c->colerrs = compat_calloc(n, sizeof *c->colerrs);
    c->idx = compat_calloc(m, sizeof *c->idx);
    c->idxerrs = compat_calloc(m, sizeof *c->idxerrs);
    c->idxerrp = compat_calloc(m, sizeof *c->idxerrp);
    c->keys = compat_calloc(m, sizeof *c->keys);
    if (!c->cols || !c->colids || !c->colerrs || !c->idx || !c->idxerrs || !c->idxerrp || !c->keys)
        FAIL(JET_errOutOfMemory);
    for (uint32_t i = 0; i < def->ccolumns; i++) {
        const record_column *col = &def->columns[i];
        uint32_t fid = col->columnid & 0xffffu;
        table_ddl_column *d = &c->cols[ncols];
        if (col->coltyp == JET_coltypNil) continue; /* a deleted column's stub */
        d->c.name = col->name;
        d->c.coltyp = col->coltyp;
        d->c.cb_max = col->cb_max;
        /* where it lives, from its id (the catalog keeps it so) */
        d->c.grbit = (col->grbit & ~(uint32_t)(JET_bitColumnFixed | JET_bitColumnTagged)) |
                     (fid < FID_VAR_FIRST ? JET_bitColumnFixed : fid >= FID_TAGGED_FIRST ? JET_bitColumnTagged : 0u);
        if (record_type_is_long_value(col->coltyp)) d->c.grbit &= ~(uint32_t)JET_bitColumnFixed;
        d->c.cp = col->codepage;
        d->c.pv_default = col->default_value;
        d->c.cb_default = col->default_value != NULL ? col->cb_default : 0u;
        d->columnid = &c->colids[ncols];
        d->err = &c->colerrs[ncols];
        ncols++;
    }
    for (uint32_t i = 0; i < def->cindexes; i++) {
        const record_index *x = &def->indexes[i];
        ddl_index *d = &c->idx[i];
        catalog_row_extras xr;
        /* the index's density, key most and VarSegMac as its catalog row has them */
        CHECK(catalog_read_row_extras(src->cur.c, src->cur.ifile, def->objid, CATALOG_TYPE_INDEX, x->objid, &xr));
        d->name = x->name;
        d->grbit = catalog_report_index_grbit(x);
        CHECK(index_key(def, x, &c->keys[i], &d->cb_key));
        d->key = c->keys[i];
        d->density = xr.space_usage;
        d->lcid = x->lcid;
        d->locale = x->locale_name;
        d->lcmap_flags = x->lcmap_flags;
        d->key_most = xr.key_most != 0 ? xr.key_most : x->key_most;
        d->var_seg_mac = xr.var_seg_mac;
        d->cconditions = x->cconditions;
        for (uint32_t k = 0; k < x->cconditions && k < JET_ccolKeyMost; k++) {
            const record_column *col = catalog_column_by_id(def, x->conditions[k].columnid);
            if (col == NULL) FAIL(JET_errCatalogCorrupted);
            d->conditions[k].column = col->name;
            d->conditions[k].grbit =
                x->conditions[k].must_be_null ? JET_bitIndexColumnMustBeNull : JET_bitIndexColumnMustBeNonNull;
        }
        c->idxerrp[i] = &c->idxerrs[i];
        c->nidx = i + 1u;
    }
    c->spec.name = def->name;
    c->spec.pages = def->pages;
    c->spec.density = COMPACT_DENSITY;
    c->spec.cols = c->cols;
    c->spec.ncols = ncols;
    c->spec.idx = c->idx;
    c->spec.idx_errs = (JET_ERR *const *)c->idxerrp;
    c->spec.nidx = def->cindexes;
done:
    return err;
}

/* ErrCMPCopyTable: the table made in the destination, then its records copied in the
 * order of its clustered index. *pages: the pages the source table owns. */
static JET_ERR copy_table(compact_job *j, const char *name, uint32_t *pages)
{
    JET_ERR err = JET_errSuccess;
    jet_session *s = j->s;
    JET_TABLEID tid_src = JET_tableidNil, tid_dest = JET_tableidNil;
    db_table *src = NULL, *dst = NULL;
    table_copy_spec spec;
    JET_COLUMNID *map = NULL;
    compact_record rec;
    database_writer w;
    uint32_t created = 0, owned = 0, avail = 0;
    bool locked = false, writing = false;
    int32_t move = (int32_t)JET_MoveFirst;

    memset(&spec, 0, sizeof spec);
    memset(&rec, 0, sizeof rec);
    memset(&w, 0, sizeof w);
    *pages = 0;

    /* the source's definition and space */
    lock_read(j, j->idb_src);
    locked = true;
    CHECK(cursor_table_open(s, j->dbid_src, name, JET_bitTableReadOnly | JET_bitTableSequential, &tid_src));
    CHECK(cursor_table_lookup(s, tid_src, &src));
    CHECK(spec_build(src, &spec));
    CHECK(space_info_tree(s, j->idb_src, src->def->pgno_fdp, &owned, &avail));
    *pages = owned;
    unlock_read(j, j->idb_src);
    locked = false;

    /* ErrFILECreateTable in the destination */
    CHECK(database_write_begin(s, j->idb_dest, &w));
    writing = true;
    CHECK(table_ddl_create_with(s, j->idb_dest, &w, &spec.spec, &created));
    database_write_end(&w);
    writing = false;

    /* the destination's column of each source column, by name */
    lock_read(j, j->idb_dest);
    CHECK(cursor_table_open(s, j->dbid_dest, name, JET_bitTableDenyRead, &tid_dest));
    err = cursor_table_lookup(s, tid_dest, &dst);
    if (err >= 0) {
        map = compat_calloc(src->def->ccolumns ? src->def->ccolumns : 1u, sizeof *map);
        if (map == NULL) err = JET_errOutOfMemory;
    }
    for (uint32_t i = 0; err >= 0 && i < src->def->ccolumns; i++) {
        const record_column *col = &src->def->columns[i], *to;
        if (col->coltyp == JET_coltypNil) continue;
        to = catalog_find_column(dst->def, col->name);
        if (to == NULL) err = JET_errColumnNotFound;
        else map[i] = to->columnid;
    }
    unlock_read(j, j->idb_dest);
    CHECK(err);

    for (;;) {
        lock_read(j, j->idb_src);
        locked = true;
        cursor_table_refresh(src);
        err = cursor_move(&src->cur, move);
        if (err == JET_errNoCurrentRecord) {
            err = JET_errSuccess;
            break;
        }
        CHECK(err);
        move = 1;
        CHECK(read_record(src, map, &rec));
        unlock_read(j, j->idb_src);
        locked = false;

        CHECK(database_write_begin(s, j->idb_dest, &w));
        writing = true;
        cursor_table_refresh(dst);
        CHECK(write_record(dst, &rec));
        database_write_end(&w);
        writing = false;
        record_clear(&rec);
    }
done:
    if (writing) database_write_end(&w);
    if (!locked) lock_read(j, j->idb_src);
    if (src != NULL) cursor_table_close(s, src);
    unlock_read(j, j->idb_src);
    if (dst != NULL) {
        lock_read(j, j->idb_dest);
        cursor_table_close(s, dst);
        unlock_read(j, j->idb_dest);
    }
    record_clear(&rec);
    compat_free(rec.v);
    compat_free(map);
    spec_free(&spec);
    return err;
}

/* The names of the tables to copy, in the catalog's order (object ids). */
static JET_ERR table_names(compact_job *j, char ***out, uint32_t *n)
{
    JET_ERR err = JET_errSuccess;
    database_desc d;
    char **names = NULL;
    uint32_t k = 0;

    *out = NULL;
    *n = 0;
    database_describe_slot(j->s, j->idb_src, &d);
    names = compat_calloc(d.cat->ctables ? d.cat->ctables : 1u, sizeof *names);
    if (names == NULL) FAIL(JET_errOutOfMemory);
    for (uint32_t i = 0; i < d.cat->ctables; i++) {
        const catalog_table *t = &d.cat->tables[i];
        size_t cb;
        if (system_table(t) || catalog_table_visible(t, d.viewer) < 0) continue;
        /* a template and its derived tables are not recreated as such yet */
        if (t->flags & (JET_bitObjectTableTemplate | JET_bitObjectTableDerived)) FAIL(JET_errFeatureNotAvailable);
        cb = strlen(t->name) + 1u;
        names[k] = compat_malloc(cb);
        if (names[k] == NULL) FAIL(JET_errOutOfMemory);
        memcpy(names[k], t->name, cb);
        k++;
    }
    *out = names;
    *n = k;
    names = NULL;
done:
    for (uint32_t i = 0; names != NULL && i < k; i++) compat_free(names[i]);
    compat_free(names);
    return err;
}

JET_ERR compact_database(jet_session *s, JET_SESID sesid, const char *src, const char *dest, JET_PFNSTATUS pfn,
                         JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    compact_job j;
    char **names = NULL;
    uint32_t nnames = 0;
    bool src_open = false, dest_made = false, dest_open = false;

    (void)grbit; /* JET_bitCompactStats, JET_bitCompactRepair: see compact.h */
    memset(&j, 0, sizeof j);
    j.s = s;
    j.sesid = sesid;
    j.pfn = pfn;
    if (s->trx_level > 0) return JET_errInTransaction;

    /* ErrCMPInitProgress */
    CHECK(report(&j, JET_sntBegin));

    /* ErrCMPOpenDB: the source exclusively and read-only, the destination made new */
    if (src == NULL || src[0] == '\0' || dest == NULL || dest[0] == '\0') FAIL(JET_errDatabaseInvalidPath);
    CHECK(database_open_exclusive(s, src, &j.dbid_src));
    src_open = true;
    j.idb_src = (uint32_t)j.dbid_src - 1u;
    /* the tables to copy; the status meter counts the pages the source uses */
    lock_read(&j, j.idb_src);
    err = table_names(&j, &names, &nnames);
    if (err >= 0 && pfn != NULL) {
        uint32_t owned = 0, avail = 0;
        err = space_info_tree(s, j.idb_src, SPACE_PGNO_ROOT, &owned, &avail);
        j.prog.cunitTotal = owned > avail ? owned - avail : 0u;
    }
    unlock_read(&j, j.idb_src);
    CHECK(err);
    CHECK(database_create(s->inst, dest, 0, &j.idb_dest));
    dest_made = true;
    CHECK(database_open_slot(s, j.idb_dest, &j.dbid_dest));
    dest_open = true;
    CHECK(report(&j, JET_sntProgress));

    /* ErrCMPCopyTables */
    for (uint32_t i = 0; i < nnames; i++) {
        uint32_t pages = 0;
        CHECK(copy_table(&j, names[i], &pages));
        j.prog.cunitDone += pages;
        CHECK(report(&j, JET_sntProgress));
    }

done:
    /* ErrCMPCloseDB, then the destination detached */
    if (dest_open) {
        JET_ERR e = cursor_table_close_database(s, j.dbid_dest);
        if (e < 0 && err >= 0) err = e;
    }
    if (src_open) {
        JET_ERR e = cursor_table_close_database(s, j.dbid_src);
        if (e < 0 && err >= 0) err = e;
    }
    if (dest_made) {
        JET_ERR e = database_detach(s->inst, dest);
        if (e < 0 && err >= 0) err = e;
    }
    /* ErrCMPTermProgress: the callback's own error wins */
    if (pfn != NULL) {
        JET_ERR e;
        if (err >= 0) j.prog.cunitDone = j.prog.cunitTotal;
        e = report(&j, err < 0 ? JET_sntFail : JET_sntComplete);
        if (e < 0 || err >= 0) err = e;
    }
    for (uint32_t i = 0; i < nnames; i++) compat_free(names[i]);
    compat_free(names);
    return err;
}
