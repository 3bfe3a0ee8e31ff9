/* btree_preread.c: finding the leaf pages a key range covers from the separators of the
 * pages above them, without reading the leaves, as ESE's PrereadContext does
 * (ErrPrereadRangesForward, bt.cxx); the caller reads them as prereads (see btree.h). */
#include "btree.h"

#include <string.h>

#include "byte_order.h"

/* Adds pgno to the list unless it is full (the list stops, as ESE's m_cpgPrereadMax). */
static bool list_add(btree_page_list *l, uint32_t pgno)
{
    if (l->count >= l->max) {
        l->full = true;
        return false;
    }
    l->pgnos[l->count++] = pgno;
    return true;
}

/* One branch page: child i holds the keys in [separator i-1, separator i) (the last one
 * everything from separator n-2 on). A child is taken when that interval meets [lo, hi]:
 * its separator is above lo (CmpKeyWithKeyData(kdf.key, start) > 0) and the one before it
 * is at most hi. Parents of leaves list their children; higher pages are read (counted as
 * prereads, as ESE prereads the subtrees it descends into) and walked the same way. */
static JET_ERR walk(btree_cursor *cur, uint32_t pgno, const uint8_t *lo, uint32_t cb_lo, const uint8_t *hi,
                    uint32_t cb_hi, uint32_t depth, btree_page_list *l)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_node node;
    uint32_t n, i, *children = NULL, nchildren = 0, beyond = 0;
    bool parent_of_leaf, before_hi = true;

    memset(&pg, 0, sizeof pg);
    if (depth >= BTREE_DEPTH_MAX) FAIL(JET_errBadParentPageLink);
    CHECK(cache_get(cur->c, cur->ifile, pgno, &pg));
    CHECK(page_open(pg.data, cache_page_size(cur->c), &pv));
    if (cur->objid != 0 && pv.objid_fdp != cur->objid) FAIL(JET_errBadParentPageLink);
    if (pv.flags & PAGE_FLAG_LEAF) goto done; /* a leaf root: nothing below to preread */
    parent_of_leaf = (pv.flags & PAGE_FLAG_PARENT_OF_LEAF) != 0;
    n = page_line_count(&pv);
    if (n == 0) FAIL(JET_errBadParentPageLink);
    children = compat_malloc(n * sizeof *children);
    if (children == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < n; i++) {
        uint32_t child;
        bool above_lo;
        CHECK(page_get_node(&pv, i, &node));
        if (node.cb_data != PAGE_CHILD_CB) FAIL(JET_errBadParentPageLink);
        child = byte_order_get_le32(node.data);
        if (child == 0 || child > PAGE_PGNO_MAX || child == pgno || child == cur->pgno_root)
            FAIL(JET_errBadParentPageLink);
        if (!before_hi) {
            /* the first child past hi */
            beyond = child;
            break;
        }
        above_lo = i + 1u == n || page_node_compare(&node, lo, cb_lo) > 0;
        if (above_lo) children[nchildren++] = child;
        /* the next child starts at this separator: still in the range while it is <= hi */
        if (i + 1u < n && page_node_compare(&node, hi, cb_hi) > 0) before_hi = false;
    }
    cache_release(cur->c, &pg);
    for (i = 0; i < nchildren && !l->full; i++) {
        if (parent_of_leaf) {
            if (!list_add(l, children[i])) break;
        } else {
            CHECK(walk(cur, children[i], lo, cb_lo, hi, cb_hi, depth + 1u, l));
        }
    }
    if (parent_of_leaf && !l->full && beyond != 0) l->pgno_beyond = beyond;
done:
    cache_release(cur->c, &pg);
    compat_free(children);
    return err;
}

JET_ERR btree_range_pages(btree_cursor *cur, const uint8_t *lo, uint32_t cb_lo, const uint8_t *hi, uint32_t cb_hi,
                          btree_page_list *l)
{
    if (cur == NULL || l == NULL || (lo == NULL && cb_lo != 0) || (hi == NULL && cb_hi != 0)) return JET_errInvalidParameter;
    l->pgno_beyond = 0;
    return walk(cur, cur->pgno_root, lo, cb_lo, hi, cb_hi, 0, l);
}

JET_ERR btree_touch_page(btree_cursor *cur, uint32_t pgno)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    memset(&pg, 0, sizeof pg);
    CHECK(cache_get(cur->c, cur->ifile, pgno, &pg));
done:
    cache_release(cur->c, &pg);
    return err;
}
