/* btree.c: descending a B+-tree and walking its leaf chain, for reading (see btree.h). */
#include "btree.h"

#include <string.h>

#include "byte_order.h"
#include "thread_stats.h"

#define SETTLE_PAGES_MAX (1u << 20) /* guards a corrupt leaf chain against looping */

enum descend_mode { DESCEND_SEEK, DESCEND_FIRST, DESCEND_LAST };

/* Pins pgno and decodes its header; pages of another tree are a bad link. */
static JET_ERR load_page(btree_cursor *cur, uint32_t pgno, cache_page *pg, page_view *pv)
{
    JET_ERR err = JET_errSuccess;

    CHECK(cache_get(cur->c, cur->ifile, pgno, pg));
    CHECK(page_open(pg->data, cache_page_size(cur->c), pv));
    if (cur->objid != 0 && pv->objid_fdp != cur->objid) FAIL(JET_errBadParentPageLink);
done:
    if (err < 0) cache_release(cur->c, pg);
    return err;
}

JET_ERR btree_open(btree_cursor *cur, cache *c, uint32_t ifile, uint32_t pgno_root)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;

    memset(cur, 0, sizeof *cur);
    memset(&pg, 0, sizeof pg);
    if (c == NULL || pgno_root == 0) return JET_errInvalidParameter;
    cur->c = c;
    cur->ifile = ifile;
    cur->pgno_root = pgno_root;
    cur->cap_key = 2u * cache_page_size(c);
    cur->key = compat_malloc(cur->cap_key);
    cur->probe_key = compat_malloc(cur->cap_key);
    if (cur->key == NULL || cur->probe_key == NULL) FAIL(JET_errOutOfMemory);
    CHECK(load_page(cur, pgno_root, &pg, &pv));
    if (!(pv.flags & PAGE_FLAG_ROOT)) FAIL(JET_errBadParentPageLink);
    cur->objid = pv.objid_fdp;
done:
    cache_release(c, &pg);
    if (err < 0) {
        compat_free(cur->key);
        compat_free(cur->probe_key);
        cur->key = NULL;
        cur->probe_key = NULL;
    }
    return err;
}

void btree_close(btree_cursor *cur)
{
    if (cur == NULL) return;
    if (cur->c != NULL) cache_release(cur->c, &cur->page);
    compat_free(cur->key);
    compat_free(cur->probe_key);
    compat_free(cur->scratch);
    compat_free(cur->probe_scratch);
    cur->key = NULL;
    cur->probe_key = NULL;
    cur->scratch = cur->probe_scratch = NULL;
    cur->cap_scratch = cur->cap_probe_scratch = 0;
    cur->data = NULL;
}

/* Makes line iline of the cursor's own pinned page, node, its position (the key copied,
 * the data pointing into the page or the filter's copy). */
static JET_ERR set_line(btree_cursor *cur, uint32_t iline, const page_node *node)
{
    uint32_t cb = node->cb_prefix + node->cb_suffix;
    if (cb > cur->cap_key) return JET_errNodeCorrupted;
    if (node->cb_prefix != 0) memcpy(cur->key, node->prefix, node->cb_prefix);
    if (node->cb_suffix != 0) memcpy(cur->key + node->cb_prefix, node->suffix, node->cb_suffix);
    cur->cb_key = cb;
    cur->iline = iline;
    cur->data = node->data;
    cur->cb_data = node->cb_data;
    cur->node_flags = node->flags;
    if (cur->probe_scratch != NULL && node->data == cur->probe_scratch) {
        /* the filter's copy becomes the current data */
        uint8_t *t = cur->scratch;
        uint32_t cap = cur->cap_scratch;
        cur->scratch = cur->probe_scratch;
        cur->cap_scratch = cur->cap_probe_scratch;
        cur->probe_scratch = t;
        cur->cap_probe_scratch = cap;
    }
    return JET_errSuccess;
}

/* Makes (pg, pv, iline) the cursor's position: pg's pin moves to the cursor. */
static JET_ERR take_position(btree_cursor *cur, cache_page *pg, const page_view *pv, uint32_t iline, const page_node *node)
{
    INVARIANT(pg->data != NULL); /* the pin the cursor takes over */
    if (node->cb_prefix + node->cb_suffix > cur->cap_key) return JET_errNodeCorrupted;
    cache_release(cur->c, &cur->page);
    cur->page = *pg;
    memset(pg, 0, sizeof *pg);
    cur->pv = *pv;
    cur->pv.data = cur->page.data;
    return set_line(cur, iline, node);
}

/* Whether node (on page pv) is visible to the cursor's reader, with the data it sees. */
static JET_ERR node_visible(btree_cursor *cur, const page_view *pv, page_node *node, bool *visible)
{
    JET_ERR err = JET_errSuccess;
    uint32_t cb = node->cb_prefix + node->cb_suffix;
    int r;

    if (cur->filter == NULL) {
        *visible = !(node->flags & NODE_FLAG_DELETED);
        return JET_errSuccess;
    }
    if (cb > cur->cap_key) return JET_errNodeCorrupted;
    if (node->cb_prefix != 0) memcpy(cur->probe_key, node->prefix, node->cb_prefix);
    if (node->cb_suffix != 0) memcpy(cur->probe_key + node->cb_prefix, node->suffix, node->cb_suffix);
    r = cur->filter->visible(cur->filter_ctx, cur->ifile, cur->objid, (pv->flags & PAGE_FLAG_NON_UNIQUE_KEYS) != 0,
                             cur->probe_key, cb, (node->flags & NODE_FLAG_DELETED) != 0, &node->data, &node->cb_data,
                             &cur->probe_scratch, &cur->cap_probe_scratch);
    if (r < 0) CHECK(r); /* the filter's error, passed on */
    *visible = r != 0;
done:
    return err;
}

/* From line iline of the pinned leaf pg (iline may be one past either end), finds the
 * first live node in direction dir (+1 / -1), following the leaf chain. Takes pg's pin:
 * on success it becomes the cursor's, on failure it is released and the cursor is as it
 * was. JET_errNoCurrentRecord when the chain ends first. */
static JET_ERR settle(btree_cursor *cur, cache_page *pg, page_view *pv, int64_t iline, int dir)
{
    JET_ERR err = JET_errSuccess;
    page_node node;
    uint32_t pages = 0;

    for (;;) {
        int64_t n = (int64_t)page_line_count(pv);
        uint32_t pgno_sib;
        cache_page sib;
        page_view svp;

        if (!(pv->flags & PAGE_FLAG_LEAF)) FAIL(JET_errBadPageLink);
        if (dir < 0 && iline >= n) iline = n - 1;
        while (iline >= 0 && iline < n) {
            bool visible = false;
            CHECK(page_get_node(pv, (uint32_t)iline, &node));
            CHECK(node_visible(cur, pv, &node, &visible));
            if (visible) {
                /* Keys never go backwards across a sibling link: this catches chains that
                 * loop back on themselves. */
                if (pages != 0 && btree_positioned(cur)) {
                    /* A non-unique tree orders key and data as one string: its keys
                     * only keep their order over the bytes both have. */
                    uint32_t cb = cur->cb_key, cb_node = node.cb_prefix + node.cb_suffix;
                    if ((pv->flags & PAGE_FLAG_NON_UNIQUE_KEYS) && cb_node < cb) cb = cb_node;
                    int c = page_node_compare(&node, cur->key, cb);
                    if (dir > 0 ? c < 0 : c > 0) FAIL(JET_errBadPageLink);
                }
                CHECK(take_position(cur, pg, pv, (uint32_t)iline, &node));
                goto done;
            }
            iline += dir;
        }
        pgno_sib = dir > 0 ? pv->pgno_next : pv->pgno_prev;
        if (pgno_sib == 0) FAIL(JET_errNoCurrentRecord);
        if (++pages > SETTLE_PAGES_MAX || pgno_sib == pg->pgno || pgno_sib > PAGE_PGNO_MAX) FAIL(JET_errBadPageLink);
        memset(&sib, 0, sizeof sib);
        CHECK(load_page(cur, pgno_sib, &sib, &svp));
        if ((dir > 0 ? svp.pgno_prev : svp.pgno_next) != pg->pgno) {
            cache_release(cur->c, &sib);
            FAIL(JET_errBadPageLink);
        }
        cache_release(cur->c, pg);
        *pg = sib;
        *pv = svp;
        iline = dir > 0 ? 0 : (int64_t)page_line_count(pv) - 1;
    }
done:
    cache_release(cur->c, pg);
    return err;
}

/* First line in [0, n) of page pv whose key is >= key; n if none. On branch pages the
 * last node has no key and stands for everything greater, so the search covers n-1. */
static JET_ERR search_page(const page_view *pv, const uint8_t *key, uint32_t cb_key, uint32_t n, uint32_t *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t lo = 0, hi = n;
    page_node node;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        CHECK(page_get_node(pv, mid, &node));
        if (page_node_compare(&node, key, cb_key) < 0) lo = mid + 1u;
        else hi = mid;
    }
    *out = lo;
done:
    return err;
}

/* The child of branch page pv holding key: the first of its n - 1 keyed nodes whose key
 * is above key (a separator is the lowest key of the page to its right), the last node
 * otherwise. */
static JET_ERR search_branch(const page_view *pv, const uint8_t *key, uint32_t cb_key, uint32_t n, uint32_t *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t lo = 0, hi = n;
    page_node node;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        CHECK(page_get_node(pv, mid, &node));
        if (page_node_compare(&node, key, cb_key) <= 0) lo = mid + 1u;
        else hi = mid;
    }
    *out = lo;
done:
    return err;
}

static JET_ERR descend(btree_cursor *cur, enum descend_mode mode, const uint8_t *key, uint32_t cb_key)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_node node;
    uint32_t pgno = cur->pgno_root, depth, n, i = 0, child;

    memset(&pg, 0, sizeof pg);
    if (cur->key == NULL) return JET_errInvalidParameter;
    for (depth = 0;; depth++) {
        if (depth >= BTREE_DEPTH_MAX) FAIL(JET_errBadParentPageLink);
        INVARIANT(pg.data == NULL); /* one page pinned at a time on the way down */
        CHECK(load_page(cur, pgno, &pg, &pv));
        if (depth == 0 && !(pv.flags & PAGE_FLAG_ROOT)) FAIL(JET_errBadParentPageLink);
        if (pv.flags & PAGE_FLAG_LEAF) break;
        n = page_line_count(&pv);
        if (n == 0) FAIL(JET_errBadParentPageLink);
        if (mode == DESCEND_FIRST) i = 0;
        else if (mode == DESCEND_LAST) i = n - 1u;
        else CHECK(search_branch(&pv, key, cb_key, n - 1u, &i));
        CHECK(page_get_node(&pv, i, &node));
        if (node.cb_data != PAGE_CHILD_CB) FAIL(JET_errBadParentPageLink);
        child = byte_order_get_le32(node.data);
        if (child == 0 || child > PAGE_PGNO_MAX || child == pgno || child == cur->pgno_root)
            FAIL(JET_errBadParentPageLink);
        cache_release(cur->c, &pg);
        pgno = child;
    }
    n = page_line_count(&pv);
    if (mode == DESCEND_FIRST) i = 0;
    else if (mode == DESCEND_LAST) i = n; /* settle backs up to n-1 */
    else CHECK(search_page(&pv, key, cb_key, n, &i));
    err = settle(cur, &pg, &pv, (int64_t)i, mode == DESCEND_LAST ? -1 : 1);
    if (err == JET_errNoCurrentRecord) err = JET_errRecordNotFound;
    return err; /* settle consumed the pin */
done:
    cache_release(cur->c, &pg);
    return err;
}

static void unposition(btree_cursor *cur)
{
    cache_release(cur->c, &cur->page);
    cur->data = NULL;
    cur->cb_data = 0;
    cur->cb_key = 0;
}

JET_ERR btree_seek(btree_cursor *cur, const uint8_t *key, uint32_t cb_key)
{
    JET_ERR err;
    if (key == NULL && cb_key != 0) return JET_errInvalidParameter;
    unposition(cur);
    err = descend(cur, DESCEND_SEEK, key, cb_key);
    return err;
}

JET_ERR btree_move_first(btree_cursor *cur)
{
    unposition(cur);
    return descend(cur, DESCEND_FIRST, NULL, 0);
}

JET_ERR btree_move_last(btree_cursor *cur)
{
    unposition(cur);
    return descend(cur, DESCEND_LAST, NULL, 0);
}

/* Orders (key, data) pairs as a non-unique tree does: key, then data. */
static int pair_cmp(const uint8_t *ka, uint32_t cka, const uint8_t *da, uint32_t cda, const uint8_t *kb, uint32_t ckb,
                    const uint8_t *db, uint32_t cdb)
{
    int c = memcmp(ka, kb, cka < ckb ? cka : ckb);
    if (c != 0) return c;
    if (cka != ckb) return cka < ckb ? -1 : 1;
    c = memcmp(da, db, cda < cdb ? cda : cdb);
    if (c != 0) return c;
    return cda == cdb ? 0 : (cda < cdb ? -1 : 1);
}

/* A writer replaced the cursor's leaf (cache_page_stale): find the saved node again in
 * the current tree and move from there. Non-unique trees hold several nodes with one
 * key: the node is found by key and data. If it is gone, the entry after it already is
 * the next one. Running off the end leaves the cursor on the last entry. */
static JET_ERR move_after_change(btree_cursor *cur, int dir)
{
    JET_ERR err = JET_errSuccess;
    bool dup = (cur->pv.flags & PAGE_FLAG_NON_UNIQUE_KEYS) != 0;
    uint32_t cb = cur->cb_key, cb_data = cur->cb_data;
    uint8_t *saved = compat_malloc((size_t)cb + cb_data + 1u);
    int c;

    if (saved == NULL) return JET_errOutOfMemory;
    memcpy(saved, cur->key, cb);
    if (cb_data != 0) memcpy(saved + cb, cur->data, cb_data);
    err = btree_seek(cur, saved, cb);
    /* on a non-unique tree, step over the equal keys that sort before the saved node */
    while (err >= 0 && dup &&
           pair_cmp(cur->key, cur->cb_key, cur->data, cur->cb_data, saved, cb, saved + cb, cb_data) < 0)
        err = btree_move_next(cur);
    if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) {
        err = btree_move_last(cur);
        if (err >= 0) err = dir > 0 ? JET_errNoCurrentRecord : JET_errSuccess;
        if (err == JET_errRecordNotFound) err = JET_errNoCurrentRecord;
        goto done;
    }
    CHECK(err);
    c = dup ? pair_cmp(cur->key, cur->cb_key, cur->data, cur->cb_data, saved, cb, saved + cb, cb_data)
            : (memcmp(cur->key, saved, cur->cb_key < cb ? cur->cb_key : cb) != 0 || cur->cb_key != cb);
    if (c == 0) err = dir > 0 ? btree_move_next(cur) : btree_move_prev(cur);
    else if (dir < 0) err = btree_move_prev(cur);
done:
    compat_free(saved);
    return err;
}

static JET_ERR move(btree_cursor *cur, int dir)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;

    int64_t iline, n;

    memset(&pg, 0, sizeof pg);
    if (!btree_positioned(cur)) return JET_errNoCurrentRecord;
    if (cache_page_stale(&cur->page)) return move_after_change(cur, dir);
    /* The next node is most often on the leaf the cursor already pins (and has decoded):
     * it moves there without pinning or decoding the page again (ESE's cursor keeps its
     * page latched the same way, BTNext on the current page). A page reference is
     * counted as if the page had been read again, so JetGetThreadStats does not change. */
    n = (int64_t)page_line_count(&cur->pv);
    for (iline = (int64_t)cur->iline + dir; iline >= 0 && iline < n; iline += dir) {
        page_node node;
        bool visible = false;
        CHECK(page_get_node(&cur->pv, (uint32_t)iline, &node));
        CHECK(node_visible(cur, &cur->pv, &node, &visible));
        if (visible) {
            thread_stats_page_referenced();
            return set_line(cur, (uint32_t)iline, &node);
        }
    }
    /* off this leaf: a second pin on it, then along the chain */
    CHECK(load_page(cur, cur->page.pgno, &pg, &pv));
    err = settle(cur, &pg, &pv, iline, dir);
done:
    return err;
}

JET_ERR btree_move_next(btree_cursor *cur)
{
    return move(cur, 1);
}

JET_ERR btree_move_prev(btree_cursor *cur)
{
    return move(cur, -1);
}
