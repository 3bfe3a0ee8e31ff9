/* api_more.c: more of the data API: JetSetTableSequential, JetResetTableSequential,
 * JetComputeStats, JetGotoPosition, JetIndexRecordCount2, JetDeleteColumn(2)(A/W),
 * JetSetColumnDefaultValue(A/W), and ESE's record counting and position estimates
 * (api_more.h) that JetIndexRecordCount and JetGetRecordPosition use.
 * Argument checks in the order of ESE's JetXxxEx (jetapi.cxx) and ErrIsamXxx (stats.cxx,
 * rec.cxx, dir.cxx, bt.cxx, fileopen.cxx, fcreate.cxx, fldmod.cxx); docs/semantics.md,
 * "More data functions", lists the decisions.
 * May call: common.h, api_enter.h, api_more.h, database.h, cursor.h, catalog.h, btree.h,
 * page.h, cache.h, record_build.h, transaction.h (DDL inside a transaction), compat (UTF,
 * memory, clocks). */
/* coverage: JetSetTableSequential partial: the hint is accepted but no read-ahead happens (pages are read on demand) */
/* coverage: JetResetTableSequential partial: as JetSetTableSequential */
/* coverage: JetDeleteColumnA partial: no template tables (JET_bitDeleteColumnIgnoreTemplateColumns has nothing to ignore) */
/* coverage: JetDeleteColumnW partial: as JetDeleteColumnA */
/* coverage: JetDeleteColumn2A partial: as JetDeleteColumnA */
/* coverage: JetDeleteColumn2W partial: as JetDeleteColumnA */
#include "api_more.h"

#include <string.h>

#include "api_enter.h"
#include "page.h"
#include "transaction.h"

#define DATESERIAL_UNIX_EPOCH 25569.0 /* 1970-01-01 as a JET_DATESERIAL (days since 1899-12-30) */
#define SECONDS_PER_DAY 86400.0
#define LEAF_WALK_MAX (1u << 20)      /* guards a corrupt leaf chain against looping */

/* ---- JetSetTableSequential / JetResetTableSequential ---- */

/* ErrIsamSetSequential / ErrIsamResetSequential check nothing but the cursor (no grbit
 * check: JET_bitPrereadForward/Backward only choose the read-ahead direction). The hint
 * changes no result, so nothing is kept: every read here is on demand. */
static JET_ERR sequential(JET_SESID sesid, JET_TABLEID tableid)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetSetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit)
{
    (void)grbit;
    return sequential(sesid, tableid);
}

JET_ERR JET_API JetResetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit)
{
    (void)grbit;
    return sequential(sesid, tableid);
}

/* ---- JetComputeStats ---- */

/* ErrBTComputeStats: the tree's visible nodes, its distinct keys (a unique tree: as many
 * as nodes) and the leaf pages the walk crossed (0 for an empty tree). */
static JET_ERR tree_stats(cache *c, uint32_t ifile, uint32_t pgno_root, bool unique, uint32_t *items, uint32_t *keys,
                          uint32_t *pages)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur;
    bool open = false;
    uint8_t *prev = NULL;
    uint32_t cb_prev = 0, pgno = 0;

    *items = *keys = *pages = 0;
    CHECK(btree_open(&cur, c, ifile, pgno_root));
    open = true;
    prev = compat_malloc(cur.cap_key != 0 ? cur.cap_key : 1u);
    if (prev == NULL) FAIL(JET_errOutOfMemory);
    for (err = btree_move_first(&cur); err >= 0; err = btree_move_next(&cur)) {
        if (*items == 0 || cur.page.pgno != pgno) (*pages)++;
        pgno = cur.page.pgno;
        if (unique || *items == 0 || cur.cb_key != cb_prev || memcmp(cur.key, prev, cb_prev) != 0) (*keys)++;
        (*items)++;
        if (!unique) {
            if (cur.cb_key > cur.cap_key) FAIL(JET_errNodeCorrupted);
            memcpy(prev, cur.key, cur.cb_key);
            cb_prev = cur.cb_key;
        }
    }
    if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) err = JET_errSuccess;
done:
    if (open) btree_close(&cur);
    compat_free(prev);
    return err;
}

static double dateserial_now(void)
{
    return (double)compat_clock_wall_ns() / 1e9 / SECONDS_PER_DAY + DATESERIAL_UNIX_EPOCH;
}

/* ErrIsamComputeStats: the clustered index's statistics go to the table's row, each
 * secondary index's to its own row (ErrSTATSComputeIndexStats, ErrCATStats). */
JET_ERR JET_API JetComputeStats(JET_SESID sesid, JET_TABLEID tableid)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;
    uint32_t items, keys, pages, i;
    double now = dateserial_now();

    memset(&w, 0, sizeof w);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    api_table_exclusive(&c);
    err = database_writer_of(c.ses, t->idb, &w);
    if (err >= 0) err = tree_stats(w.c, w.ifile, t->def->pgno_fdp, true, &items, &keys, &pages);
    if (err >= 0)
        err = catalog_set_stats(w.space, t->def->objid, CATALOG_TYPE_TABLE, t->def->objid, items, keys, pages, now);
    for (i = 0; err >= 0 && i < t->def->cindexes; i++) {
        const record_index *x = &t->def->indexes[i];
        if ((x->idb_flags & IDB_PRIMARY) || x->pgno_fdp == t->def->pgno_fdp) continue;
        err = tree_stats(w.c, w.ifile, x->pgno_fdp, (x->idb_flags & IDB_UNIQUE) != 0, &items, &keys, &pages);
        if (err >= 0)
            err = catalog_set_stats(w.space, t->def->objid, CATALOG_TYPE_INDEX, x->objid, items, keys, pages, now);
    }
    api_leave_session(&c);
done:
    return err;
}

/* ---- positions ---- */

/* The tree the cursor's current index is, and whether several nodes may share a key. */
static void order_of(const db_table *t, uint32_t *pgno_root, bool *dup)
{
    const table_cursor *cur = &t->cur;
    if (cur->secondary) {
        *pgno_root = cur->index->pgno_fdp;
        *dup = !(cur->index->idb_flags & IDB_UNIQUE);
    } else {
        *pgno_root = t->def->pgno_fdp;
        *dup = false;
    }
}


/* Pins pgno of the tree whose root stamps objid; depth 0 must be the root. */
static JET_ERR load(cache *c, uint32_t ifile, uint32_t pgno, uint32_t objid, bool root, cache_page *pg, page_view *pv)
{
    JET_ERR err = JET_errSuccess;
    CHECK(cache_get(c, ifile, pgno, pg));
    CHECK(page_open(pg->data, cache_page_size(c), pv));
    if ((objid != 0 && pv->objid_fdp != objid) || (root != ((pv->flags & PAGE_FLAG_ROOT) != 0)))
        FAIL(JET_errBadParentPageLink);
done:
    if (err < 0) cache_release(c, pg);
    return err;
}

/* The child a branch node points to. */
static JET_ERR child_of(const page_view *pv, uint32_t iline, uint32_t pgno_root, uint32_t pgno, uint32_t *child)
{
    JET_ERR err = JET_errSuccess;
    page_node node;
    CHECK(page_get_node(pv, iline, &node));
    if (node.cb_data != 4u) FAIL(JET_errBadParentPageLink);
    *child = byte_order_get_le32(node.data);
    if (*child == 0 || *child == pgno || *child == pgno_root) FAIL(JET_errBadParentPageLink);
done:
    return err;
}

/* ErrBTGetPosition: descends towards s (key, followed by the data in a tree with
 * duplicate keys), summing the lines passed at each level. */
static JET_ERR tree_position(cache *c, uint32_t ifile, uint32_t pgno_root, bool dup, const uint8_t *s, uint32_t cb_s,
                             uint64_t *lt, uint64_t *total)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_node node;
    uint32_t pgno = pgno_root, depth, objid = 0, n, lo, hi;
    uint64_t l = 0, tot = 1;

    memset(&pg, 0, sizeof pg);
    for (depth = 0;; depth++) {
        if (depth >= BTREE_DEPTH_MAX) FAIL(JET_errBadParentPageLink);
        CHECK(load(c, ifile, pgno, objid, depth == 0, &pg, &pv));
        objid = pv.objid_fdp;
        n = page_line_count(&pv);
        if (pv.flags & PAGE_FLAG_LEAF) {
            lo = 0;
            hi = n;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2u;
                CHECK(page_get_node(&pv, mid, &node));
                if (page_node_compare_stream(&node, dup, s, cb_s) < 0) lo = mid + 1u;
                else hi = mid;
            }
            if (lo >= n && n != 0) lo = n - 1u;
            l = l * n + lo;
            tot = tot * n;
            break;
        }
        if (n == 0) FAIL(JET_errBadParentPageLink);
        /* the first separator above s, else the last node (it has no key) */
        lo = 0;
        hi = n - 1u;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2u;
            CHECK(page_get_node(&pv, mid, &node));
            if (page_node_compare_stream(&node, false, s, cb_s) > 0) hi = mid;
            else lo = mid + 1u;
        }
        l = l * n + lo;
        tot = tot * n;
        CHECK(child_of(&pv, lo, pgno_root, pgno, &pgno));
        cache_release(c, &pg);
    }
    *lt = l;
    *total = tot;
done:
    cache_release(c, &pg);
    return err;
}

JET_ERR more_record_position(db_table *t, uint64_t *lt, uint64_t *total)
{
    JET_ERR err = JET_errSuccess;
    table_cursor *cur = &t->cur;
    uint32_t pgno_root = 0, cb_s = 0;
    bool dup = false;
    uint8_t *s = NULL;

    order_of(t, &pgno_root, &dup);
    if (cur->loc == CURSOR_ON_SEEK) {
        /* locOnSeekBM: ESE answers where the key sought would stand */
        if (cur->seek_key == NULL) return JET_errNoCurrentRecord;
        cb_s = cur->cb_seek_key;
        s = compat_malloc(cb_s != 0 ? cb_s : 1u);
        if (s == NULL) FAIL(JET_errOutOfMemory);
        if (cb_s != 0) memcpy(s, cur->seek_key, cb_s);
    } else if (cur->loc != CURSOR_ON_RECORD) {
        return JET_errNoCurrentRecord;
    } else if (cur->secondary) {
        cb_s = cur->sec.cb_key + (dup ? cur->sec.cb_data : 0u);
        s = compat_malloc(cb_s != 0 ? cb_s : 1u);
        if (s == NULL) FAIL(JET_errOutOfMemory);
        memcpy(s, cur->sec.key, cur->sec.cb_key);
        if (dup && cur->sec.cb_data != 0) memcpy(s + cur->sec.cb_key, cur->sec.data, cur->sec.cb_data);
    } else {
        cb_s = cur->primary.cb_key;
        s = compat_malloc(cb_s != 0 ? cb_s : 1u);
        if (s == NULL) FAIL(JET_errOutOfMemory);
        memcpy(s, cur->primary.key, cb_s);
    }
    CHECK(tree_position(cur->c, cur->ifile, pgno_root, dup, s, cb_s, lt, total));
done:
    compat_free(s);
    return err;
}

/* IlineBTIFrac: the line a fraction falls on among n lines, and the fraction left for
 * the level below. */
static uint32_t line_of_fraction(uint32_t n, double *frac)
{
    double at;
    uint32_t line;
    if (*frac <= 0.0) return 0;
    if (*frac >= 1.0) return n - 1u;
    at = (double)n * *frac;
    line = (uint32_t)at;
    if (line >= n) {
        *frac = 1.0;
        return n - 1u;
    }
    *frac = at - (double)line;
    if (*frac < 0.0) *frac = 0.0;
    if (*frac > 1.0) *frac = 1.0;
    return line;
}

/* The entry ESE's fractional descent (ErrBTDown, posFrac) lands on: at each level the
 * line of the fraction; at the leaf a deleted node gives way to the next live one, else
 * the previous. key/data get copies (free with compat_free).
 *   JET_errRecordNotFound  the tree has no live node */
static JET_ERR tree_goto_fraction(cache *c, uint32_t ifile, uint32_t pgno_root, double frac, uint8_t **key,
                                  uint32_t *cb_key, uint8_t **data, uint32_t *cb_data)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_node node;
    uint32_t pgno = pgno_root, depth, objid = 0, n, line, steps = 0, pgno_start;
    int dir = 1;
    int64_t i;

    memset(&pg, 0, sizeof pg);
    *key = *data = NULL;
    for (depth = 0;; depth++) {
        if (depth >= BTREE_DEPTH_MAX) FAIL(JET_errBadParentPageLink);
        CHECK(load(c, ifile, pgno, objid, depth == 0, &pg, &pv));
        objid = pv.objid_fdp;
        n = page_line_count(&pv);
        if (pv.flags & PAGE_FLAG_LEAF) break;
        if (n == 0) FAIL(JET_errBadParentPageLink);
        line = line_of_fraction(n, &frac);
        CHECK(child_of(&pv, line, pgno_root, pgno, &pgno));
        cache_release(c, &pg);
    }
    if (n == 0) FAIL(JET_errRecordNotFound);
    line = line_of_fraction(n, &frac);
    pgno_start = pgno;
    i = line;
    for (;;) {
        uint32_t sib;
        while (i >= 0 && i < (int64_t)page_line_count(&pv)) {
            CHECK(page_get_node(&pv, (uint32_t)i, &node));
            if (!(node.flags & NODE_FLAG_DELETED)) goto found;
            i += dir;
        }
        sib = dir > 0 ? pv.pgno_next : pv.pgno_prev;
        if (sib == 0 || ++steps > LEAF_WALK_MAX) {
            if (dir < 0 || steps > LEAF_WALK_MAX) FAIL(JET_errRecordNotFound);
            /* nothing live after it: the previous live node, from where we started */
            dir = -1;
            cache_release(c, &pg);
            CHECK(load(c, ifile, pgno_start, objid, pgno_start == pgno_root, &pg, &pv));
            pgno = pgno_start;
            i = (int64_t)line - 1;
            continue;
        }
        cache_release(c, &pg);
        CHECK(load(c, ifile, sib, objid, false, &pg, &pv));
        if (!(pv.flags & PAGE_FLAG_LEAF)) FAIL(JET_errBadPageLink);
        pgno = sib;
        i = dir > 0 ? 0 : (int64_t)page_line_count(&pv) - 1;
    }
found:
    *cb_key = node.cb_prefix + node.cb_suffix;
    *cb_data = node.cb_data;
    *key = compat_malloc(*cb_key != 0 ? *cb_key : 1u);
    *data = compat_malloc(*cb_data != 0 ? *cb_data : 1u);
    if (*key == NULL || *data == NULL) FAIL(JET_errOutOfMemory);
    if (node.cb_prefix != 0) memcpy(*key, node.prefix, node.cb_prefix);
    if (node.cb_suffix != 0) memcpy(*key + node.cb_prefix, node.suffix, node.cb_suffix);
    if (node.cb_data != 0) memcpy(*data, node.data, node.cb_data);
done:
    cache_release(c, &pg);
    if (err < 0) {
        compat_free(*key);
        compat_free(*data);
        *key = *data = NULL;
    }
    return err;
}

/* What JetGotoPosition drops first (ErrIsamGotoPosition): the prepared update, the index
 * range and the key being made. */
static void position_reset(db_table *t)
{
    if (t->prep != JET_prepCancel) record_build_free(&t->rb);
    t->prep = JET_prepCancel;
    compat_free(t->bm);
    t->bm = NULL;
    t->cb_bm = 0;
    t->on_deleted = false;
    cursor_remove_range(&t->cur);
    t->cur.cb_search_key = 0;
    t->cur.csearch_segments = 0;
    t->cur.key_prepared = false;
    t->cur.key_limit = false;
    t->cur.key_too_big = false;
}

JET_ERR JET_API JetGotoPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS *precpos)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    uint64_t lt = 0, total = 0;
    uint32_t pgno_root = 0, cb_key = 0, cb_data = 0;
    uint8_t *key = NULL, *data = NULL;
    bool dup = false;
    double frac;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (precpos == NULL) {
        err = JET_errInvalidParameter;
    } else if (precpos->cbStruct == sizeof(JET_RECPOS)) {
        lt = precpos->centriesLT;
        total = precpos->centriesTotal;
    } else if (precpos->cbStruct == sizeof(JET_RECPOS2)) {
        const JET_RECPOS2 *p2 = (const JET_RECPOS2 *)(const void *)precpos;
        /* the 64-bit counts are used; the 32-bit ones must be 0 */
        if (p2->centriesLTDeprecated != 0 || p2->centriesTotalDeprecated != 0) err = JET_errInvalidParameter;
        lt = p2->centriesLT;
        total = p2->centriesTotal;
    } else {
        err = JET_errInvalidParameter;
    }
    if (err >= 0 && lt > total) err = JET_errInvalidParameter;
    if (err >= 0) {
        position_reset(t);
        /* 0 of 0 is the start (ESE divides by it) */
        frac = total == 0 ? 0.0 : (double)lt / (double)total;
        order_of(t, &pgno_root, &dup);
        err = tree_goto_fraction(t->cur.c, t->cur.ifile, pgno_root, frac, &key, &cb_key, &data, &cb_data);
        if (err >= 0 && t->cur.secondary) err = cursor_goto_index_entry(&t->cur, key, cb_key, data, cb_data);
        else if (err >= 0) err = cursor_goto_bookmark(&t->cur, key, cb_key);
        if (err < 0) t->cur.loc = CURSOR_BEFORE_FIRST;
    }
    compat_free(key);
    compat_free(data);
    api_leave_session(&c);
done:
    return err;
}

/* ---- counting ---- */

JET_ERR more_index_record_count(db_table *t, uint64_t *count, uint64_t count_max)
{
    JET_ERR err = JET_errSuccess;
    table_cursor *cur = &t->cur;
    uint8_t *key = NULL, *pk = NULL;
    uint32_t cb_key = 0, cb_pk = 0;
    uint64_t n = 0;

    *count = 0;
    if (cur->loc == CURSOR_DEFER_FIRST) {
        /* ErrDIRIRefresh of locDeferMoveFirst: the first entry; none is an empty index */
        err = cursor_refresh(cur);
        if (err == JET_errNoCurrentRecord && cur->loc == CURSOR_DEFER_FIRST) return JET_errSuccess;
        CHECK(err);
    }
    /* before the first, after the last, between entries, on a deleted record */
    if (t->on_deleted || cur->loc != CURSOR_ON_RECORD) return JET_errNoCurrentRecord;
    /* where to come back to: the entry's key and the record's bookmark */
    cb_pk = cur->primary.cb_key;
    cb_key = cur->secondary ? cur->sec.cb_key : 0u;
    pk = compat_malloc(cb_pk != 0 ? cb_pk : 1u);
    key = compat_malloc(cb_key != 0 ? cb_key : 1u);
    if (pk == NULL || key == NULL) FAIL(JET_errOutOfMemory);
    memcpy(pk, cur->primary.key, cb_pk);
    if (cb_key != 0) memcpy(key, cur->sec.key, cb_key);
    for (;;) {
        if (++n == count_max) break;
        err = cursor_move(cur, 1); /* stops at the end of the index range too */
        if (err < 0) break;
    }
    if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
    CHECK(err);
    *count = n;
    /* back on the first entry counted; ESE drops the index range */
    if (cur->secondary) CHECK(cursor_goto_index_entry(cur, key, cb_key, pk, cb_pk));
    else CHECK(cursor_goto_bookmark(cur, pk, cb_pk));
    cursor_remove_range(cur);
done:
    compat_free(key);
    compat_free(pk);
    return err;
}

JET_ERR JET_API JetIndexRecordCount2(JET_SESID sesid, JET_TABLEID tableid, uint64_t *pcrec, uint64_t crecMax)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (pcrec == NULL) err = JET_errInvalidParameter;
    else err = more_index_record_count(t, pcrec, crecMax);
    api_leave_session(&c);
done:
    return err;
}

/* ---- JetDeleteColumn ---- */

/* Whether an index of t has the column as a key segment (FFILEIsIndexColumn). */
static bool column_indexed(const catalog_table *t, uint32_t columnid)
{
    for (uint32_t i = 0; i < t->cindexes; i++)
        for (uint32_t k = 0; k < t->indexes[i].csegments; k++)
            if ((t->indexes[i].segments[k].columnid & 0xffffu) == (columnid & 0xffffu)) return true;
    return false;
}

/* ErrIsamDeleteColumn: the name, an updatable cursor, a table whose schema may change,
 * then the catalog (the row stays, flagged deleted), then JET_errColumnInUse for a key
 * column (ESE finds it after flagging the row and rolls the flag back). */
static JET_ERR delete_column(JET_SESID sesid, JET_TABLEID tableid, const char *name, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;
    const record_column *col = NULL;
    char checked[JET_cbNameMost + 1];

    (void)grbit; /* JET_bitDeleteColumnIgnoreTemplateColumns: no template tables here */
    memset(&w, 0, sizeof w);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = name_check(name, checked);
    if (err >= 0 && t->read_only) err = JET_errPermissionDenied;
    if (err >= 0 && (t->def->flags & JET_bitObjectTableFixedDDL)) err = JET_errFixedDDL;
    if (err >= 0) {
        api_table_exclusive(&c);
        err = database_writer_of(c.ses, t->idb, &w);
    }
    if (err >= 0) {
        col = catalog_find_column_for(t->def, checked, &c.ses->view);
        if (col == NULL) err = JET_errColumnNotFound;
        /* ESE's ErrCATDeleteTableColumn replaces the row another transaction replaced */
        else if (catalog_column_deleter(t->def, col->columnid) != NULL) err = JET_errWriteConflict;
        else if (column_indexed(t->def, col->columnid)) err = JET_errColumnInUse;
        else if (!trx_ddl_active(c.ses)) err = catalog_delete_column(w.space, w.cat, t->def->objid, col->columnid);
        else {
            /* inside a transaction: hidden until the commit (transaction.h) */
            uint32_t objid = t->def->objid, columnid = col->columnid;
            err = catalog_hide(w.cat, objid, CATALOG_HIDE_COLUMN, columnid, c.ses);
            if (err >= 0) err = trx_ddl_note(c.ses, t->idb, w.ifile, TRX_DDL_DELETE_COLUMN, objid, columnid, NULL, 0);
            if (err < 0) (void)catalog_hide(w.cat, objid, CATALOG_HIDE_COLUMN, columnid, NULL);
        }
    }
    if (err >= 0) {
        /* ESE leaves the cursor (and its index's) before the first record */
        if (t->prep != JET_prepCancel) record_build_free(&t->rb);
        t->prep = JET_prepCancel;
        cursor_remove_range(&t->cur);
        t->cur.loc = CURSOR_BEFORE_FIRST;
        t->on_deleted = false;
    }
    api_leave_session(&c);
done:
    return err;
}

static JET_ERR delete_column_w(JET_SESID sesid, JET_TABLEID tableid, const WCHAR *wname, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL;
    CHECK(utf8_from_utf16(wname, &name));
    err = delete_column(sesid, tableid, name, grbit);
done:
    compat_free(name);
    return err;
}

JET_ERR JET_API JetDeleteColumnA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName)
{
    return delete_column(sesid, tableid, szColumnName, 0);
}

JET_ERR JET_API JetDeleteColumnW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szColumnName)
{
    return delete_column_w(sesid, tableid, szColumnName, 0);
}

JET_ERR JET_API JetDeleteColumn2A(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName, const JET_GRBIT grbit)
{
    return delete_column(sesid, tableid, szColumnName, grbit);
}

JET_ERR JET_API JetDeleteColumn2W(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szColumnName, const JET_GRBIT grbit)
{
    return delete_column_w(sesid, tableid, szColumnName, grbit);
}

/* ---- JetSetColumnDefaultValue ---- */

/* The change itself; inside a transaction the former default is noted for the rollback
 * (and put back when it cannot be). */
static JET_ERR set_default_noted(jet_session *s, uint32_t idb, database_writer *w, uint32_t objid_table,
                                 const record_column *col, const void *pv, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    uint32_t columnid = col->columnid, cb_old = col->default_value != NULL ? col->cb_default : 0;
    uint8_t *old = NULL;

    if (trx_ddl_active(s) && cb_old != 0) {
        old = compat_malloc(cb_old);
        if (old == NULL) return JET_errOutOfMemory;
        memcpy(old, col->default_value, cb_old);
    }
    CHECK(catalog_set_column_default(w->space, w->cat, objid_table, columnid, pv, cb));
    if (trx_ddl_active(s)) {
        err = trx_ddl_note(s, idb, w->ifile, TRX_DDL_SET_DEFAULT, objid_table, columnid, old, cb_old);
        if (err < 0) (void)catalog_set_column_default(w->space, w->cat, objid_table, columnid, old, cb_old);
    }
done:
    compat_free(old);
    return err;
}

/* ErrIsamSetColumnDefaultValue: the database open, the column name, a value (ESE takes
 * no null or zero-length default: JET_errNullInvalid), its size, the table (ESE opens it
 * deny-read: another cursor on it gives JET_errTableInUse), the column, not a key column
 * (JET_errColumnInUse), then the catalog and its shadow. grbit is not looked at. */
static JET_ERR set_default(JET_SESID sesid, JET_DBID dbid, const char *table, const char *column, const void *pv,
                           uint32_t cb)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    database_writer w;
    bool writing = false;
    const catalog_table *t = NULL;
    const record_column *col = NULL;
    char checked[JET_cbNameMost + 1];

    memset(&w, 0, sizeof w);
    CHECK(api_enter_session(sesid, false, &c));
    err = database_check_open(c.ses, dbid, &idb);
    if (err >= 0) err = name_check(column, checked);
    if (err >= 0 && (pv == NULL || cb == 0)) err = JET_errNullInvalid;
    if (err >= 0) {
        err = database_write_begin(c.ses, idb, &w);
        writing = err >= 0;
    }
    if (err >= 0) {
        if (table == NULL) err = JET_errInvalidParameter;
        else if ((t = catalog_find_table_any(w.cat, table)) == NULL) err = JET_errObjectNotFound;
        else if ((err = catalog_table_visible(t, &c.ses->view)) < 0) {}
        else if (cb > record_max_size(cache_page_size(w.c), KEY_LEGACY_MOST)) err = JET_errDefaultValueTooBig;
        else if (cursor_table_count_on(c.inst, idb, t->objid, 0) != 0) err = JET_errTableInUse;
    }
    if (err >= 0) {
        col = catalog_find_column_for(t, checked, &c.ses->view);
        if (col == NULL) err = JET_errColumnNotFound;
        /* its catalog row is another transaction's to change (ESE: a write conflict) */
        else if (catalog_column_deleter(t, col->columnid) != NULL) err = JET_errWriteConflict;
        else if (column_indexed(t, col->columnid)) err = JET_errColumnInUse;
        else err = set_default_noted(c.ses, idb, &w, t->objid, col, pv, cb);
    }
    if (writing) database_write_end(&w);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetSetColumnDefaultValueA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                                          JET_PCSTR szColumnName, const void *pvData, const uint32_t cbData,
                                          const JET_GRBIT grbit)
{
    (void)grbit;
    return set_default(sesid, dbid, szTableName, szColumnName, pvData, cbData);
}

JET_ERR JET_API JetSetColumnDefaultValueW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szTableName,
                                          JET_PCWSTR szColumnName, const void *pvData, const uint32_t cbData,
                                          const JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *table = NULL, *column = NULL;
    (void)grbit;
    CHECK(utf8_from_utf16(szTableName, &table));
    CHECK(utf8_from_utf16(szColumnName, &column));
    err = set_default(sesid, dbid, table, column, pvData, cbData);
done:
    compat_free(table);
    compat_free(column);
    return err;
}
