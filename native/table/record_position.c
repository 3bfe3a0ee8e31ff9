/* record_position.c: where a cursor's entry stands in its index, going to a position, and
 * counting entries (see record_position.h); ESE's ErrBTGetPosition, ErrBTDown with
 * posFrac and IlineBTIFrac (bt.cxx), ErrDIRIndexRecordCount (dir.cxx). */
#include "record_position.h"

#include "byte_order.h"

#include <string.h>

#include "page.h"

#define LEAF_WALK_MAX (1u << 20)      /* guards a corrupt leaf chain against looping */

/* The tree the cursor's current index is, and whether several nodes may share a key. */
static void order_of(const table_cursor *cur, uint32_t *pgno_root, bool *dup)
{
    if (cur->secondary) {
        *pgno_root = cur->index->pgno_fdp;
        *dup = !(cur->index->idb_flags & IDB_UNIQUE);
    } else {
        *pgno_root = cur->table->pgno_fdp;
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
    if (node.cb_data != PAGE_CHILD_CB) FAIL(JET_errBadParentPageLink);
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

JET_ERR record_position_of(const table_cursor *cur, uint64_t *lt, uint64_t *total)
{
    JET_ERR err = JET_errSuccess;
    uint32_t pgno_root = 0, cb_s = 0;
    bool dup = false;
    uint8_t *s = NULL;

    order_of(cur, &pgno_root, &dup);
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

JET_ERR record_position_goto(table_cursor *cur, uint64_t lt, uint64_t total)
{
    JET_ERR err = JET_errSuccess;
    uint32_t pgno_root = 0, cb_key = 0, cb_data = 0;
    uint8_t *key = NULL, *data = NULL;
    bool dup = false;
    /* 0 of 0 is the start (ESE divides by it) */
    double frac = total == 0 ? 0.0 : (double)lt / (double)total;

    order_of(cur, &pgno_root, &dup);
    err = tree_goto_fraction(cur->c, cur->ifile, pgno_root, frac, &key, &cb_key, &data, &cb_data);
    if (err >= 0 && cur->secondary) err = cursor_goto_index_entry(cur, key, cb_key, data, cb_data);
    else if (err >= 0) err = cursor_goto_bookmark(cur, key, cb_key);
    if (err < 0) cur->loc = CURSOR_BEFORE_FIRST;
    compat_free(key);
    compat_free(data);
    return err;
}

JET_ERR record_position_count(table_cursor *cur, bool on_deleted, uint64_t *count, uint64_t count_max)
{
    JET_ERR err = JET_errSuccess;
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
    if (on_deleted || cur->loc != CURSOR_ON_RECORD) return JET_errNoCurrentRecord;
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
