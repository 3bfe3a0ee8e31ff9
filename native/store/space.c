/* space.c: owned and available pages of every object (see space.h): the SPACE_HEADER on
 * each root page, single-extent objects with their 32-bit bitmap, and multiple-extent
 * objects with their OwnExt/AvailExt trees. A tree is read into a sorted, coalesced list
 * of extents (walking every leaf when it spans several pages), changed in memory and
 * written back whole: on its root page alone while it fits, else as a B+-tree under that
 * root whose pages the object owns and takes from its own AvailExt (docs/format.md,
 * "Space and writing trees"). */
#include "space.h"

#include <stdlib.h>
#include <string.h>

#include "byte_order.h"
#include "space_header.h"

#define GROW_MIN 16u              /* the file grows by at least this many pages ... */
#define GROW_SHIFT 3u             /* ... or by an eighth of its size */
#define EXTENT_MIN 8u             /* a multiple-extent object asks its parent for at least this */
#define RECURSION_MAX 8u          /* database root <- table <- index: far below this */

typedef struct space_header {
    uint32_t cpg_primary;
    uint32_t pgno_parent;
    uint32_t flags;
    uint32_t bits_or_oe;      /* available bitmap (single extent) or pgnoOE */
} space_header;

typedef struct extent {
    uint32_t first, cpg;
} extent;

/* One space tree, read into memory. */
typedef struct space_tree {
    uint32_t pgno;
    uint32_t objid, flags;
    uint8_t split_buffer[PAGE_SPLIT_BUFFER_CB];
    extent *v;
    uint32_t n, cap;
    /* Nodes that are not general extents (ESE's 5-byte pool keys) are kept as they are:
     * a list of {u16 key size, key, u16 data size, data}. */
    uint8_t *other;
    uint32_t cb_other, n_other;
    /* The pages below the root (branches and leaves), sorted. */
    uint32_t *pages;
    uint32_t n_pages, cap_pages;
} space_tree;

static JET_ERR space_get_extent(space_db *db, uint32_t pgno_fdp, uint32_t cpg, uint32_t pgno_wanted, uint32_t depth,
                                uint32_t *first_out);

static void header_decode(const uint8_t *p, space_header *h)
{
    h->cpg_primary = byte_order_get_le32(p + SPACE_HEADER_CPG_PRIMARY_OFFSET);
    h->pgno_parent = byte_order_get_le32(p + SPACE_HEADER_PGNO_PARENT_OFFSET);
    h->flags = byte_order_get_le32(p + SPACE_HEADER_FLAGS_OFFSET);
    h->bits_or_oe = byte_order_get_le32(p + SPACE_HEADER_BITS_OFFSET);
}

static void header_encode(const space_header *h, uint8_t *p)
{
    byte_order_put_le32(p + SPACE_HEADER_CPG_PRIMARY_OFFSET, h->cpg_primary);
    byte_order_put_le32(p + SPACE_HEADER_PGNO_PARENT_OFFSET, h->pgno_parent);
    byte_order_put_le32(p + SPACE_HEADER_FLAGS_OFFSET, h->flags);
    byte_order_put_le32(p + SPACE_HEADER_BITS_OFFSET, h->bits_or_oe);
}

static bool multiple_extent(const space_header *h)
{
    return (h->flags & SPACE_HEADER_FLAG_MULTIPLE) != 0;
}

/* Pages of a single extent the bitmap speaks for. */
static uint32_t bitmap_pages(const space_header *h)
{
    uint32_t n = h->cpg_primary > 0 ? h->cpg_primary - 1u : 0u;
    return n < SPACE_HEADER_BITMAP_PAGES ? n : SPACE_HEADER_BITMAP_PAGES;
}

/* Reads the root page of an object: its space header, page flags and objid. */
static JET_ERR read_root(space_db *db, uint32_t pgno_fdp, space_header *h, uint32_t *flags, uint32_t *objid)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_line ext;

    memset(&pg, 0, sizeof pg);
    /* the FDP's number comes from the catalog or a parent's space tree: a bad one is the
     * file's fault (as the cache answers: docs/semantics.md, "Hostile input") */
    if (pgno_fdp == 0) FAIL(JET_errDatabaseCorrupted);
    if (pgno_fdp > db->pgno_last) FAIL(JET_errFileIOBeyondEOF);
    CHECK(cache_get(db->c, db->ifile, pgno_fdp, &pg));
    CHECK(page_open(pg.data, db->cb_page, &pv));
    if (!(pv.flags & PAGE_FLAG_ROOT) || (pv.flags & PAGE_FLAG_SPACE_TREE)) FAIL(JET_errSPOwnExtCorrupted);
    CHECK(page_external_header(&pv, &ext));
    if (ext.cb != SPACE_HEADER_CB) FAIL(JET_errSPOwnExtCorrupted);
    header_decode(ext.pb, h);
    if (multiple_extent(h) && (h->bits_or_oe == 0 || h->bits_or_oe >= db->pgno_last)) FAIL(JET_errSPOwnExtCorrupted);
    if (!multiple_extent(h) && h->cpg_primary == 0) FAIL(JET_errSPOwnExtCorrupted);
    if (flags != NULL) *flags = pv.flags;
    if (objid != NULL) *objid = pv.objid_fdp;
done:
    cache_release(db->c, &pg);
    return err;
}

static JET_ERR write_root_header(space_db *db, uint32_t pgno_fdp, const space_header *h)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    uint8_t *data, buf[SPACE_HEADER_CB];

    memset(&pg, 0, sizeof pg);
    header_encode(h, buf);
    CHECK(cache_get(db->c, db->ifile, pgno_fdp, &pg));
    CHECK(cache_write(db->c, &pg, &data));
    page_set_dbtime(data, space_next_dbtime(db));
    CHECK(page_set_external_header(data, db->cb_page, buf, SPACE_HEADER_CB));
done:
    cache_release(db->c, &pg);
    return err;
}

/* ---- extent lists ---- */

static void tree_free(space_tree *t)
{
    compat_free(t->v);
    compat_free(t->other);
    compat_free(t->pages);
    memset(t, 0, sizeof *t);
}

static JET_ERR list_reserve(space_tree *t, uint32_t n)
{
    extent *v;
    uint32_t cap;
    if (n <= t->cap) return JET_errSuccess;
    cap = t->cap < 16u ? 16u : t->cap * 2u;
    while (cap < n) cap *= 2u;
    v = compat_realloc(t->v, (size_t)cap * sizeof *v);
    if (v == NULL) return JET_errOutOfMemory;
    t->v = v;
    t->cap = cap;
    return JET_errSuccess;
}

static uint32_t sum_pages(const space_tree *t)
{
    uint32_t i, s = 0;
    for (i = 0; i < t->n; i++) s += t->v[i].cpg;
    return s;
}

/* Adds [first, first+cpg) to a sorted list, merging it with the extents it touches.
 * Overlap means the trees do not hold together. */
static JET_ERR list_add(space_tree *t, uint32_t first, uint32_t cpg, JET_ERR corrupt)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i = 0, last = first + cpg - 1u;
    bool join_left, join_right;

    if (cpg == 0 || first == 0 || last < first) FAIL(corrupt);
    while (i < t->n && t->v[i].first + t->v[i].cpg - 1u < first) i++;
    if (i < t->n && t->v[i].first <= last) FAIL(corrupt);
    join_left = i > 0 && t->v[i - 1u].first + t->v[i - 1u].cpg == first;
    join_right = i < t->n && t->v[i].first == last + 1u;
    if (join_left && join_right) {
        t->v[i - 1u].cpg += cpg + t->v[i].cpg;
        memmove(t->v + i, t->v + i + 1u, (t->n - i - 1u) * sizeof *t->v);
        t->n--;
    } else if (join_left) {
        t->v[i - 1u].cpg += cpg;
    } else if (join_right) {
        t->v[i].first = first;
        t->v[i].cpg += cpg;
    } else {
        CHECK(list_reserve(t, t->n + 1u));
        memmove(t->v + i + 1u, t->v + i, (t->n - i) * sizeof *t->v);
        t->v[i].first = first;
        t->v[i].cpg = cpg;
        t->n++;
    }
done:
    return err;
}

/* Removes [first, first+cpg), which must lie inside one extent. */
static JET_ERR list_take(space_tree *t, uint32_t first, uint32_t cpg)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, last = first + cpg - 1u;

    for (i = 0; i < t->n; i++) {
        uint32_t e_first = t->v[i].first, e_last = e_first + t->v[i].cpg - 1u;
        if (first < e_first || last > e_last) continue;
        if (first == e_first && last == e_last) {
            memmove(t->v + i, t->v + i + 1u, (t->n - i - 1u) * sizeof *t->v);
            t->n--;
        } else if (first == e_first) {
            t->v[i].first = last + 1u;
            t->v[i].cpg -= cpg;
        } else if (last == e_last) {
            t->v[i].cpg -= cpg;
        } else {
            CHECK(list_reserve(t, t->n + 1u));
            memmove(t->v + i + 1u, t->v + i, (t->n - i) * sizeof *t->v);
            t->v[i].cpg = first - e_first;
            t->v[i + 1u].first = last + 1u;
            t->v[i + 1u].cpg = e_last - last;
            t->n++;
        }
        goto done;
    }
    err = JET_errRecordNotFound;
done:
    return err;
}

static bool list_contains(const space_tree *t, uint32_t first, uint32_t cpg)
{
    uint32_t i;
    for (i = 0; i < t->n; i++)
        if (first >= t->v[i].first && first + cpg <= t->v[i].first + t->v[i].cpg) return true;
    return false;
}

/* ---- space tree pages ---- */

#define TREE_DEPTH_MAX 8u         /* levels below a space tree's root: far beyond any file */
#define SEP_MAX 8u                /* separators are cut from 4- or 5-byte keys */

static JET_ERR tree_keep_other(space_tree *t, const uint8_t *key, uint32_t cb_key, const page_node *node)
{
    uint32_t need = 4u + cb_key + node->cb_data;
    uint8_t *p = compat_realloc(t->other, t->cb_other + need);
    if (p == NULL) return JET_errOutOfMemory;
    t->other = p;
    p += t->cb_other;
    byte_order_put_le16(p, (uint16_t)cb_key);
    memcpy(p + 2, key, cb_key);
    byte_order_put_le16(p + 2 + cb_key, (uint16_t)node->cb_data);
    if (node->cb_data != 0) memcpy(p + 4 + cb_key, node->data, node->cb_data);
    t->cb_other += need;
    t->n_other++;
    return JET_errSuccess;
}

static JET_ERR tree_add_page(space_tree *t, uint32_t pgno)
{
    if (t->n_pages == t->cap_pages) {
        uint32_t cap = t->cap_pages < 8u ? 8u : t->cap_pages * 2u;
        uint32_t *p = compat_realloc(t->pages, (size_t)cap * sizeof *p);
        if (p == NULL) return JET_errOutOfMemory;
        t->pages = p;
        t->cap_pages = cap;
    }
    t->pages[t->n_pages++] = pgno;
    return JET_errSuccess;
}

/* The extents (and other nodes) of one leaf page, in order after those read before. */
static JET_ERR leaf_load(space_tree *t, const page_view *pv, JET_ERR corrupt)
{
    JET_ERR err = JET_errSuccess;
    page_node node;
    uint8_t key[8];
    uint32_t i, n = page_line_count(pv), cb_key;

    CHECK(list_reserve(t, t->n + n));
    for (i = 0; i < n; i++) {
        uint32_t last, cpg;
        CHECK(page_get_node(pv, i, &node));
        if (node.flags & NODE_FLAG_DELETED) continue;
        cb_key = node.cb_prefix + node.cb_suffix;
        if (cb_key > sizeof key) FAIL(corrupt);
        if (node.cb_prefix != 0) memcpy(key, node.prefix, node.cb_prefix);
        if (node.cb_suffix != 0) memcpy(key + node.cb_prefix, node.suffix, node.cb_suffix);
        if (cb_key != 4u) {
            CHECK(tree_keep_other(t, key, cb_key, &node));
            continue;
        }
        if (node.cb_data != 4u) FAIL(corrupt);
        last = byte_order_get_be32(key);
        cpg = byte_order_get_le32(node.data);
        if (cpg == 0 || cpg > last) FAIL(corrupt);
        if (t->n != 0 && t->v[t->n - 1u].first + t->v[t->n - 1u].cpg > last - cpg + 1u) FAIL(corrupt);
        t->v[t->n].first = last - cpg + 1u;
        t->v[t->n].cpg = cpg;
        t->n++;
    }
done:
    return err;
}

/* Reads the subtree at pgno (depth levels below the root): every leaf in key order, every
 * page below the root into t->pages. *leaf_depth is the depth of the first leaf met; all
 * leaves must be there. */
static JET_ERR subtree_load(space_db *db, uint32_t pgno, uint32_t depth, bool want_leaf, JET_ERR corrupt,
                            uint32_t *leaf_depth, space_tree *t)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_node node;
    uint8_t *copy = NULL;
    uint32_t i, n;
    bool leaf;

    memset(&pg, 0, sizeof pg);
    if (depth > TREE_DEPTH_MAX || pgno == 0 || pgno > db->pgno_last) FAIL(corrupt);
    CHECK(cache_get(db->c, db->ifile, pgno, &pg));
    CHECK(page_open(pg.data, db->cb_page, &pv));
    if (!(pv.flags & PAGE_FLAG_SPACE_TREE) || pv.objid_fdp != t->objid) FAIL(corrupt);
    if (((pv.flags & PAGE_FLAG_ROOT) != 0) != (depth == 0)) FAIL(corrupt);
    leaf = (pv.flags & PAGE_FLAG_LEAF) != 0;
    if (depth != 0 && leaf != want_leaf) FAIL(corrupt);
    if (leaf) {
        if (*leaf_depth == 0) *leaf_depth = depth + 1u;
        if (*leaf_depth != depth + 1u) FAIL(corrupt);
        CHECK(leaf_load(t, &pv, corrupt));
        goto done;
    }
    /* A branch: the recursion reuses the cache, so the page is copied first. */
    n = page_line_count(&pv);
    if (n == 0) FAIL(corrupt);
    copy = compat_malloc(db->cb_page);
    if (copy == NULL) FAIL(JET_errOutOfMemory);
    memcpy(copy, pg.data, db->cb_page);
    cache_release(db->c, &pg);
    CHECK(page_open(copy, db->cb_page, &pv));
    for (i = 0; i < n; i++) {
        uint32_t child;
        CHECK(page_get_node(&pv, i, &node));
        if (node.cb_data != PAGE_CHILD_CB) FAIL(corrupt);
        child = byte_order_get_le32(node.data);
        if (child == t->pgno) FAIL(corrupt);
        CHECK(tree_add_page(t, child));
        CHECK(subtree_load(db, child, depth + 1u, (pv.flags & PAGE_FLAG_PARENT_OF_LEAF) != 0, corrupt, leaf_depth, t));
    }
done:
    compat_free(copy);
    cache_release(db->c, &pg);
    return err;
}

static int pgno_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Reads the space tree rooted at pgno into t: its extents in order (deleted nodes left
 * out), other nodes as they are, and the pages below its root. */
static JET_ERR tree_load(space_db *db, uint32_t pgno, uint32_t objid, JET_ERR corrupt, space_tree *t)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_line ext;
    uint32_t i, leaf_depth = 0;

    memset(&pg, 0, sizeof pg);
    memset(t, 0, sizeof *t);
    t->pgno = pgno;
    t->objid = objid;
    if (pgno == 0 || pgno > db->pgno_last) FAIL(corrupt);
    CHECK(cache_get(db->c, db->ifile, pgno, &pg));
    CHECK(page_open(pg.data, db->cb_page, &pv));
    if ((pv.flags & (PAGE_FLAG_ROOT | PAGE_FLAG_SPACE_TREE)) != (PAGE_FLAG_ROOT | PAGE_FLAG_SPACE_TREE)) FAIL(corrupt);
    if (pv.objid_fdp != objid) FAIL(corrupt);
    /* The flags a one-page tree's root has: a branch root is written back as one when the
     * list fits again. */
    t->flags = (pv.flags & ~(uint32_t)PAGE_FLAG_PARENT_OF_LEAF) | PAGE_FLAG_LEAF;
    if (pv.flags & PAGE_FLAG_LEAF) t->flags = pv.flags;
    CHECK(page_external_header(&pv, &ext));
    if (ext.cb >= PAGE_SPLIT_BUFFER_CB) memcpy(t->split_buffer, ext.pb, PAGE_SPLIT_BUFFER_CB);
    cache_release(db->c, &pg);
    CHECK(subtree_load(db, pgno, 0, false, corrupt, &leaf_depth, t));
    if (t->n_pages > db->pgno_last) FAIL(corrupt);
    /* A page reached twice would be written twice. */
    if (t->n_pages > 1u) qsort(t->pages, t->n_pages, sizeof *t->pages, pgno_cmp);
    for (i = 1; i < t->n_pages; i++)
        if (t->pages[i] == t->pages[i - 1u]) FAIL(corrupt);
done:
    cache_release(db->c, &pg);
    if (err < 0) tree_free(t);
    return err;
}

/* One node of a tree being written: extents first, then the other nodes (pool keys start
 * with 0x80 and so sort after every 4-byte key). */
typedef struct tree_item {
    uint8_t key[8];
    uint32_t cb_key;
    const uint8_t *data;      /* NULL: the extent's page count, in cpg */
    uint8_t cpg[4];
    uint32_t cb_data;
} tree_item;

static uint32_t item_count(const space_tree *t)
{
    return t->n + t->n_other;
}

/* Item i; *off walks the other nodes (callers go in order; start it at 0). */
static void item_get(const space_tree *t, uint32_t i, uint32_t *off, tree_item *it)
{
    if (i < t->n) {
        uint32_t last = t->v[i].first + t->v[i].cpg - 1u;
        byte_order_put_be32(it->key, last);
        it->cb_key = 4;
        byte_order_put_le32(it->cpg, t->v[i].cpg);
        it->data = it->cpg;
        it->cb_data = 4;
        return;
    }
    {
        const uint8_t *p = t->other + *off;
        uint32_t cb_key = byte_order_get_le16(p);
        it->cb_key = cb_key < sizeof it->key ? cb_key : (uint32_t)sizeof it->key;
        memcpy(it->key, p + 2, it->cb_key);
        it->cb_data = byte_order_get_le16(p + 2 + cb_key);
        it->data = p + 4 + cb_key;
        *off += 4u + cb_key + it->cb_data;
    }
}

/* Bytes the tree's page needs when it is one page: external header, every node and its tag. */
static uint32_t tree_bytes(const space_tree *t)
{
    return PAGE_TAG_CB + PAGE_SPLIT_BUFFER_CB + t->n * (PAGE_TAG_CB + page_node_cb(4, 4)) + t->n_other * PAGE_TAG_CB +
           t->cb_other;
}

static bool tree_fits_root(const space_db *db, const space_tree *t)
{
    return tree_bytes(t) <= db->cb_page - page_header_cb(db->cb_page) && item_count(t) + 1u <= PAGE_TAGS_MAX;
}

/* How a tree is laid out over pages below its root. Level 0 is the leaves; page j of
 * level d holds the units [end[d][j-1], end[d][j]) of the level below (items for the
 * leaves); the root holds the units of level depth-1. Every unit's separator is the one
 * between the last leaf under it and the next leaf (none for the last). */
typedef struct tree_layout {
    uint32_t depth;                       /* levels below the root; 0: one page */
    uint32_t npages[TREE_DEPTH_MAX];
    uint32_t *end[TREE_DEPTH_MAX];
    uint32_t *last_leaf[TREE_DEPTH_MAX];  /* per page: the last leaf under it */
    uint8_t (*sep)[SEP_MAX];              /* per leaf but the last */
    uint8_t *cb_sep;
    uint32_t total;                       /* pages below the root */
} tree_layout;

static void layout_free(tree_layout *l)
{
    uint32_t d;
    for (d = 0; d < TREE_DEPTH_MAX; d++) {
        compat_free(l->end[d]);
        compat_free(l->last_leaf[d]);
    }
    compat_free(l->sep);
    compat_free(l->cb_sep);
    memset(l, 0, sizeof *l);
}

static uint32_t item_cb(const tree_item *it)
{
    return page_node_cb(it->cb_key, it->cb_data) + PAGE_TAG_CB;
}

/* The branch node of a unit whose last leaf is leaf, written last on its page or not. */
static uint32_t branch_node_cb(const tree_layout *l, uint32_t nleaves, uint32_t leaf, bool last_on_page)
{
    uint32_t cb_key = last_on_page || leaf + 1u >= nleaves ? 0u : l->cb_sep[leaf];
    return page_node_cb(cb_key, PAGE_CHILD_CB) + PAGE_TAG_CB;
}

/* Spreads the items over nleaves leaves (0: as few as fit, at least two); false when
 * they do not fit. Sizes are in bytes with their tags; a page holds room bytes. */
static JET_ERR layout_leaves(const space_tree *t, uint32_t room, uint32_t nleaves, tree_layout *l, bool *ok)
{
    JET_ERR err = JET_errSuccess;
    uint32_t n = item_count(t), i, j, off = 0, acc, total = 0, cnt;
    uint32_t *sizes = NULL;
    tree_item it;

    *ok = false;
    sizes = compat_malloc(((size_t)n + 1u) * sizeof *sizes);
    if (sizes == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < n; i++) {
        item_get(t, i, &off, &it);
        sizes[i] = item_cb(&it);
        total += sizes[i];
    }
    if (n < 2u || (nleaves != 0 && nleaves > n)) goto done;
    l->end[0] = compat_malloc((size_t)n * sizeof *l->end[0]);
    l->last_leaf[0] = compat_malloc((size_t)n * sizeof *l->last_leaf[0]);
    l->sep = compat_malloc((size_t)n * sizeof *l->sep);
    l->cb_sep = compat_malloc((size_t)n);
    if (l->end[0] == NULL || l->last_leaf[0] == NULL || l->sep == NULL || l->cb_sep == NULL) FAIL(JET_errOutOfMemory);
    if (nleaves == 0) {
        /* As few leaves as hold the items, each filled in turn (space trees are kept
         * full, as ESE splits them); at least two, or the root would hold them. */
        for (i = 0, acc = 0, j = 0, cnt = 0; i < n; i++) {
            if (sizes[i] > room) goto done;
            if (cnt != 0 && (acc + sizes[i] > room || cnt + 2u > PAGE_TAGS_MAX)) {
                l->end[0][j] = i;
                l->last_leaf[0][j] = j;
                j++;
                acc = 0;
                cnt = 0;
            }
            acc += sizes[i];
            cnt++;
        }
        l->end[0][j] = n;
        l->last_leaf[0][j] = j;
        nleaves = j + 1u;
        i = n;
        if (nleaves < 2u) nleaves = 2;
        else goto separators;
    }
    /* Each leaf takes at least its share of what is left (one item more when the share
     * falls between two), never more than a page, and leaves an item for each leaf
     * still to come. */
    for (i = 0, j = 0; j < nleaves; j++) {
        uint32_t left = nleaves - j, share = (total + left - 1u) / left;
        acc = 0;
        cnt = 0;
        while (i < n && n - i > left - 1u && (acc < share || j + 1u == nleaves) && acc + sizes[i] <= room &&
               cnt + 2u <= PAGE_TAGS_MAX) {
            acc += sizes[i];
            total -= sizes[i];
            i++;
            cnt++;
        }
        if (cnt == 0) goto done;
        l->end[0][j] = i;
        l->last_leaf[0][j] = j;
    }
    if (i != n) goto done;
separators:
    l->npages[0] = nleaves;
    /* Separators: the shortest start of the next leaf's first key above this leaf's last. */
    off = 0;
    {
        tree_item prev, cur;
        memset(&prev, 0, sizeof prev);
        for (i = 0, j = 0; i < n; i++) {
            item_get(t, i, &off, &cur);
            if (j < nleaves && i == l->end[0][j] && j + 1u < nleaves) {
                uint32_t c = 0;
                while (c < prev.cb_key && c < cur.cb_key && prev.key[c] == cur.key[c]) c++;
                l->cb_sep[j] = (uint8_t)(c < cur.cb_key ? c + 1u : cur.cb_key);
                memcpy(l->sep[j], cur.key, l->cb_sep[j]);
                j++;
            }
            prev = cur;
        }
    }
    *ok = true;
done:
    compat_free(sizes);
    return err;
}

/* Lays the tree out over pages below its root, with nleaves leaves (0: as few as fit).
 * *ok false: no such layout. */
static JET_ERR layout_build(const space_db *db, const space_tree *t, uint32_t nleaves, tree_layout *l, bool *ok)
{
    JET_ERR err = JET_errSuccess;
    uint32_t room = db->cb_page - page_header_cb(db->cb_page) - PAGE_TAG_CB;
    uint32_t room_root = room - PAGE_SPLIT_BUFFER_CB, d, nl;

    memset(l, 0, sizeof *l);
    *ok = false;
    CHECK(layout_leaves(t, room, nleaves, l, ok));
    if (!*ok) goto done;
    *ok = false;
    nl = l->npages[0];
    l->total = nl;
    for (d = 1;; d++) {
        uint32_t m = l->npages[d - 1u], u, cb = 0, pages = 0, cnt = 0;
        /* Do the units of level d-1 fit on the root? */
        for (u = 0; u < m; u++) cb += branch_node_cb(l, nl, l->last_leaf[d - 1u][u], u + 1u == m);
        if (cb <= room_root && m + 1u <= PAGE_TAGS_MAX) {
            l->depth = d;
            *ok = true;
            goto done;
        }
        if (d >= TREE_DEPTH_MAX) goto done;
        l->end[d] = compat_malloc((size_t)m * sizeof *l->end[d]);
        l->last_leaf[d] = compat_malloc((size_t)m * sizeof *l->last_leaf[d]);
        if (l->end[d] == NULL || l->last_leaf[d] == NULL) FAIL(JET_errOutOfMemory);
        /* Greedy: a page takes units while they fit with the last one's key dropped. */
        cb = 0;
        for (u = 0; u < m; u++) {
            uint32_t full = branch_node_cb(l, nl, l->last_leaf[d - 1u][u], false);
            uint32_t last = branch_node_cb(l, nl, l->last_leaf[d - 1u][u], true);
            if (cnt != 0 && (cb + last > room || cnt + 2u > PAGE_TAGS_MAX)) {
                l->end[d][pages] = u;
                l->last_leaf[d][pages] = l->last_leaf[d - 1u][u - 1u];
                pages++;
                cb = 0;
                cnt = 0;
            }
            cb += full;
            cnt++;
        }
        l->end[d][pages] = m;
        l->last_leaf[d][pages] = l->last_leaf[d - 1u][m - 1u];
        pages++;
        if (pages >= m) goto done; /* a branch level that does not narrow: nodes too big */
        l->npages[d] = pages;
        l->total += pages;
    }
done:
    if (!*ok) layout_free(l);
    return err;
}

/* Pages the tree needs below its root, as few as possible. */
static JET_ERR tree_pages_needed(const space_db *db, const space_tree *t, uint32_t *out)
{
    JET_ERR err = JET_errSuccess;
    tree_layout l;
    bool ok;

    *out = 0;
    if (tree_fits_root(db, t)) return JET_errSuccess;
    CHECK(layout_build(db, t, 0, &l, &ok));
    if (!ok) FAIL(JET_errOutOfDatabaseSpace);
    *out = l.total;
    layout_free(&l);
done:
    return err;
}

/* A layout of exactly total pages below the root (more leaves than needed, less full);
 * *ok false when there is none. total 0 is the one-page tree. */
static JET_ERR layout_exact(const space_db *db, const space_tree *t, uint32_t total, tree_layout *l, bool *ok)
{
    JET_ERR err = JET_errSuccess;
    uint32_t nleaves;

    memset(l, 0, sizeof *l);
    *ok = false;
    if (total == 0) {
        *ok = tree_fits_root(db, t);
        goto done;
    }
    for (nleaves = 2; nleaves <= total && nleaves <= item_count(t); nleaves++) {
        CHECK(layout_build(db, t, nleaves, l, ok));
        if (*ok && l->total == total) goto done;
        if (*ok) layout_free(l);
        *ok = false;
    }
done:
    return err;
}

/* Formats data as the one-page tree t (root and leaf). */
static JET_ERR tree_fill(space_db *db, uint8_t *data, const space_tree *t)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, off = 0;
    tree_item it;

    CHECK(page_format(data, db->cb_page, t->pgno, t->objid, t->flags, space_next_dbtime(db)));
    CHECK(page_set_external_header(data, db->cb_page, t->split_buffer, PAGE_SPLIT_BUFFER_CB));
    for (i = 0; i < item_count(t); i++) {
        item_get(t, i, &off, &it);
        CHECK(page_insert_node(data, db->cb_page, i, it.key, it.cb_key, it.data, it.cb_data, 0));
    }
done:
    return err;
}

/* The page number of page j of level d in a layout whose pages below the root are
 * pages[] level by level, leaves first. */
static uint32_t layout_pgno(const tree_layout *l, const uint32_t *pages, uint32_t d, uint32_t j)
{
    uint32_t base = 0, e;
    for (e = 0; e < d; e++) base += l->npages[e];
    return pages[base + j];
}

/* Writes the branch nodes for units [from, to) of level d-1 (d >= 1) onto data. */
static JET_ERR fill_branch(space_db *db, uint8_t *data, const tree_layout *l, const uint32_t *pages, uint32_t d,
                           uint32_t from, uint32_t to)
{
    JET_ERR err = JET_errSuccess;
    uint32_t u, nl = l->npages[0];

    for (u = from; u < to; u++) {
        uint8_t child[PAGE_CHILD_CB];
        uint32_t leaf = l->last_leaf[d - 1u][u];
        bool keyless = u + 1u == to || leaf + 1u >= nl;
        byte_order_put_le32(child, layout_pgno(l, pages, d - 1u, u));
        CHECK(page_insert_node(data, db->cb_page, u - from, keyless ? NULL : l->sep[leaf], keyless ? 0u : l->cb_sep[leaf],
                               child, PAGE_CHILD_CB, 0));
    }
done:
    return err;
}

/* Writes tree t: its root at t->pgno, and when the layout has levels below it, those on
 * pages[] (leaves first, in key order, then each branch level). */
static JET_ERR tree_write(space_db *db, const space_tree *t, const tree_layout *l, const uint32_t *pages)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    uint8_t *data;
    uint32_t d, j, i, off = 0;
    uint32_t kind = t->flags & ~(uint32_t)(PAGE_FLAG_ROOT | PAGE_FLAG_LEAF | PAGE_FLAG_PARENT_OF_LEAF | PAGE_FLAG_EMPTY);
    tree_item it;

    memset(&pg, 0, sizeof pg);
    if (l->depth == 0) {
        CHECK(cache_get(db->c, db->ifile, t->pgno, &pg));
        CHECK(cache_write(db->c, &pg, &data));
        CHECK(tree_fill(db, data, t));
        goto done;
    }
    for (d = 0; d < l->depth; d++) {
        uint32_t flags = kind | (d == 0 ? PAGE_FLAG_LEAF : 0u) | (d == 1 ? PAGE_FLAG_PARENT_OF_LEAF : 0u);
        for (j = 0; j < l->npages[d]; j++) {
            uint32_t pgno = layout_pgno(l, pages, d, j), from = j == 0 ? 0u : l->end[d][j - 1u];
            CHECK(cache_new_page(db->c, db->ifile, pgno, &pg, &data));
            CHECK(page_format(data, db->cb_page, pgno, t->objid, flags, space_next_dbtime(db)));
            page_set_siblings(data, j == 0 ? 0u : layout_pgno(l, pages, d, j - 1u),
                              j + 1u == l->npages[d] ? 0u : layout_pgno(l, pages, d, j + 1u));
            if (d == 0) {
                for (i = from; i < l->end[0][j]; i++) {
                    item_get(t, i, &off, &it);
                    CHECK(page_insert_node(data, db->cb_page, i - from, it.key, it.cb_key, it.data, it.cb_data, 0));
                }
            } else {
                CHECK(fill_branch(db, data, l, pages, d, from, l->end[d][j]));
            }
            cache_release(db->c, &pg);
        }
    }
    /* The root keeps its page and split buffer and becomes a branch over the top level. */
    CHECK(cache_get(db->c, db->ifile, t->pgno, &pg));
    CHECK(cache_write(db->c, &pg, &data));
    CHECK(page_format(data, db->cb_page, t->pgno, t->objid,
                      kind | PAGE_FLAG_ROOT | (l->depth == 1 ? PAGE_FLAG_PARENT_OF_LEAF : 0u), space_next_dbtime(db)));
    CHECK(page_set_external_header(data, db->cb_page, t->split_buffer, PAGE_SPLIT_BUFFER_CB));
    CHECK(fill_branch(db, data, l, pages, l->depth, 0, l->npages[l->depth - 1u]));
done:
    cache_release(db->c, &pg);
    return err;
}

/* A new one-page space tree (not read from the file). */
static JET_ERR tree_create(space_db *db, const space_tree *t)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    uint8_t *data;

    memset(&pg, 0, sizeof pg);
    if (!tree_fits_root(db, t)) FAIL(JET_errOutOfDatabaseSpace);
    CHECK(cache_new_page(db->c, db->ifile, t->pgno, &pg, &data));
    CHECK(tree_fill(db, data, t));
done:
    cache_release(db->c, &pg);
    return err;
}

/* Formats a new root page for an object. */
static JET_ERR root_create(space_db *db, uint32_t pgno, uint32_t objid, uint32_t flags, const space_header *h)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    uint8_t *data, buf[SPACE_HEADER_CB];

    memset(&pg, 0, sizeof pg);
    header_encode(h, buf);
    CHECK(cache_new_page(db->c, db->ifile, pgno, &pg, &data));
    CHECK(page_format(data, db->cb_page, pgno, objid, flags | PAGE_FLAG_ROOT | PAGE_FLAG_LEAF, space_next_dbtime(db)));
    CHECK(page_set_external_header(data, db->cb_page, buf, SPACE_HEADER_CB));
done:
    cache_release(db->c, &pg);
    return err;
}

/* The flags of an object's space tree pages: its own kind, plus root, leaf, space tree. */
static uint32_t tree_flags(uint32_t object_flags)
{
    uint32_t keep = PAGE_FLAG_INDEX | PAGE_FLAG_LONG_VALUE | PAGE_FLAG_NON_UNIQUE_KEYS;
    return (object_flags & keep) | PAGE_FLAG_ROOT | PAGE_FLAG_LEAF | PAGE_FLAG_SPACE_TREE | PAGE_FLAG_NEW_RECORD_FORMAT;
}

/* ---- an object's two space trees, written together ---- */

/* OwnExt and AvailExt of one multiple-extent object. Storing them lays each list out over
 * as many pages as it needs: the pages below the two roots are owned by the object and
 * not available; pages the trees need come from AvailExt's own list (then its parent, or
 * the file's growth), pages they no longer need go back to it. */
typedef struct space_set {
    uint32_t pgno_fdp, objid;
    space_header h;
    space_tree oe, ae;
    bool oe_dirty, ae_dirty;
} space_set;

static void set_free(space_set *s)
{
    tree_free(&s->oe);
    tree_free(&s->ae);
}

/* Loads both trees of the multiple-extent object at pgno_fdp, whose root says h. */
static JET_ERR set_load(space_db *db, uint32_t pgno_fdp, const space_header *h, uint32_t objid, space_set *s)
{
    JET_ERR err = JET_errSuccess;
    memset(s, 0, sizeof *s);
    s->pgno_fdp = pgno_fdp;
    s->objid = objid;
    s->h = *h;
    CHECK(tree_load(db, h->bits_or_oe, objid, JET_errSPOwnExtCorrupted, &s->oe));
    CHECK(tree_load(db, h->bits_or_oe + 1u, objid, JET_errSPAvailExtCorrupted, &s->ae));
done:
    if (err < 0) set_free(s);
    return err;
}

/* Whether pgno is a page of one of the trees (a root or below). */
static bool set_holds_page(const space_set *s, uint32_t pgno)
{
    uint32_t i;
    if (pgno == s->oe.pgno || pgno == s->ae.pgno) return true;
    for (i = 0; i < s->oe.n_pages; i++)
        if (s->oe.pages[i] == pgno) return true;
    for (i = 0; i < s->ae.n_pages; i++)
        if (s->ae.pages[i] == pgno) return true;
    return false;
}

/* Adds an extent taken from the parent (or the file's growth) to both lists. */
static JET_ERR set_add_owned(space_set *s, uint32_t first, uint32_t cpg)
{
    JET_ERR err = JET_errSuccess;
    CHECK(list_add(&s->oe, first, cpg, JET_errSPOwnExtCorrupted));
    CHECK(list_add(&s->ae, first, cpg, JET_errSPAvailExtCorrupted));
    s->oe_dirty = s->ae_dirty = true;
done:
    return err;
}

static JET_ERR set_pages_needed(space_db *db, const space_set *s, uint32_t *oe_out, uint32_t *ae_out)
{
    JET_ERR err = JET_errSuccess;
    CHECK(tree_pages_needed(db, &s->oe, oe_out));
    CHECK(tree_pages_needed(db, &s->ae, ae_out));
done:
    return err;
}

static bool same_pages(const uint32_t *a, const uint32_t *b, uint32_t n_a, uint32_t n_b)
{
    uint32_t i;
    if (n_a != n_b) return false;
    for (i = 0; i < n_a; i++)
        if (a[i] != b[i]) return false;
    return true;
}

/* Writes the trees that changed. depth: how deep in parent refills this store runs. */
static JET_ERR set_store(space_db *db, space_set *s, uint32_t depth)
{
    JET_ERR err = JET_errSuccess;
    uint32_t *pool = NULL, n_pool = 0, cap, need_oe = 0, need_ae = 0, i, attempt, pgno_last_before = db->pgno_last;
    tree_layout l_oe, l_ae;
    bool ok, forced = false;

    memset(&l_oe, 0, sizeof l_oe);
    memset(&l_ae, 0, sizeof l_ae);
    if (depth > RECURSION_MAX) FAIL(JET_errSPOwnExtCorrupted);
    /* The pool: the pages the trees have below their roots, and what they take. */
    cap = s->oe.n_pages + s->ae.n_pages + 16u;
    pool = compat_malloc((size_t)cap * sizeof *pool);
    if (pool == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < s->oe.n_pages; i++) pool[n_pool++] = s->oe.pages[i];
    for (i = 0; i < s->ae.n_pages; i++) pool[n_pool++] = s->ae.pages[i];
    for (attempt = 0;; attempt++) {
        CHECK(set_pages_needed(db, s, &need_oe, &need_ae));
        if (need_oe + need_ae <= n_pool) {
            /* Pages no longer needed go back to AvailExt, the highest first, unless giving
             * one back makes the list need it again (a new node tipping a page over). */
            if (n_pool > 1u) qsort(pool, n_pool, sizeof *pool, pgno_cmp);
            while (!forced && n_pool > need_oe + need_ae) {
                uint32_t p = pool[n_pool - 1u], n_oe, n_ae;
                CHECK(list_add(&s->ae, p, 1, JET_errSPAvailExtCorrupted));
                CHECK(set_pages_needed(db, s, &n_oe, &n_ae));
                if (n_oe + n_ae > n_pool - 1u) {
                    CHECK(list_take(&s->ae, p, 1));
                    break;
                }
                s->ae_dirty = true;
                need_oe = n_oe;
                need_ae = n_ae;
                n_pool--;
            }
            if (n_pool == need_oe + need_ae) break;
            /* Pages left over spread a tree over more leaves than it needs. */
            CHECK(layout_exact(db, &s->ae, n_pool - need_oe, &l_ae, &ok));
            if (ok) {
                need_ae = n_pool - need_oe;
                break;
            }
            CHECK(layout_exact(db, &s->oe, n_pool - need_ae, &l_oe, &ok));
            if (ok) {
                need_oe = n_pool - need_ae;
                break;
            }
            if (forced) FAIL(JET_errSPAvailExtCorrupted);
            /* No such layout (a one-page tree and a single spare page): give the spare
             * pages back anyway and take what that needs, which leaves the trees more
             * pages to spread over. */
            while (n_pool > need_oe + need_ae) {
                CHECK(list_add(&s->ae, pool[n_pool - 1u], 1, JET_errSPAvailExtCorrupted));
                n_pool--;
            }
            s->ae_dirty = true;
            forced = true;
            continue;
        }
        if (attempt > 4096u) FAIL(JET_errSPAvailExtCorrupted);
        if (n_pool == cap) {
            uint32_t *p = compat_realloc(pool, (size_t)cap * 2u * sizeof *p);
            if (p == NULL) FAIL(JET_errOutOfMemory);
            pool = p;
            cap *= 2u;
        }
        for (i = 0; i < s->ae.n && s->ae.v[i].cpg < 2u; i++) {
        }
        if (i == s->ae.n && s->ae.n != 0 && !forced) i = 0;
        if (i < s->ae.n) {
            /* The first page of an extent of two or more: the list keeps its nodes, so
             * what it needs does not swing back (a single page would remove one). */
            pool[n_pool++] = s->ae.v[i].first;
            CHECK(list_take(&s->ae, s->ae.v[i].first, 1));
            s->ae_dirty = true;
        } else if (s->h.pgno_parent == 0) {
            /* The database root: the file grows. */
            uint32_t cpg = db->pgno_last >> GROW_SHIFT, first = db->pgno_last + 1u;
            if (cpg < GROW_MIN) cpg = GROW_MIN;
            if (db->pgno_last > PAGE_PGNO_MAX - cpg) FAIL(JET_errOutOfDatabaseSpace);
            CHECK(set_add_owned(s, first, cpg));
            db->pgno_last += cpg;
        } else {
            uint32_t first = 0;
            CHECK(space_get_extent(db, s->h.pgno_parent, EXTENT_MIN, 0, depth + 1u, &first));
            CHECK(set_add_owned(s, first, EXTENT_MIN));
        }
    }
    if (l_oe.total == 0 && need_oe != 0) {
        CHECK(layout_build(db, &s->oe, 0, &l_oe, &ok));
        if (!ok || l_oe.total != need_oe) FAIL(JET_errSPOwnExtCorrupted);
    }
    if (l_ae.total == 0 && need_ae != 0) {
        CHECK(layout_build(db, &s->ae, 0, &l_ae, &ok));
        if (!ok || l_ae.total != need_ae) FAIL(JET_errSPAvailExtCorrupted);
    }
    /* OwnExt takes the lowest pages of the pool, AvailExt the rest; a tree whose list and
     * pages are unchanged is not written. */
    if (s->oe_dirty || !same_pages(s->oe.pages, pool, s->oe.n_pages, need_oe))
        CHECK(tree_write(db, &s->oe, &l_oe, pool));
    if (s->ae_dirty || !same_pages(s->ae.pages, pool + need_oe, s->ae.n_pages, need_ae))
        CHECK(tree_write(db, &s->ae, &l_ae, pool + need_oe));
    pgno_last_before = db->pgno_last;
done:
    if (err < 0) db->pgno_last = pgno_last_before;
    layout_free(&l_oe);
    layout_free(&l_ae);
    compat_free(pool);
    return err;
}

/* Loads the object's trees, gives the extent back to AvailExt and stores them: undoing a
 * take from a parent that failed later (best effort). */
static void give_back(space_db *db, uint32_t pgno_fdp, uint32_t first, uint32_t cpg)
{
    space_header h;
    space_set s;
    uint32_t flags, objid;
    if (read_root(db, pgno_fdp, &h, &flags, &objid) < 0 || !multiple_extent(&h)) return;
    if (set_load(db, pgno_fdp, &h, objid, &s) < 0) return;
    if (list_add(&s.ae, first, cpg, JET_errSPAvailExtCorrupted) >= 0) {
        s.ae_dirty = true;
        /* the caller is failing with its own error, the one to report; if this fails
         * too, the extent is not given back (best effort, as said above) */
        (void)set_store(db, &s, 0);
    }
    set_free(&s);
}

/* ---- the database root: growing the file ---- */

static JET_ERR grow_file(space_db *db, uint32_t cpg_min)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_set st;
    uint32_t cpg = db->pgno_last >> GROW_SHIFT, first = db->pgno_last + 1u, pgno_last = db->pgno_last, flags, objid;

    memset(&st, 0, sizeof st);
    if (cpg < GROW_MIN) cpg = GROW_MIN;
    if (cpg < cpg_min) cpg = cpg_min;
    if (cpg_min > PAGE_PGNO_MAX || db->pgno_last > PAGE_PGNO_MAX - cpg) FAIL(JET_errOutOfDatabaseSpace);
    CHECK(read_root(db, SPACE_PGNO_ROOT, &h, &flags, &objid));
    if (!multiple_extent(&h) || h.pgno_parent != 0) FAIL(JET_errSPOwnExtCorrupted);
    CHECK(set_load(db, SPACE_PGNO_ROOT, &h, objid, &st));
    CHECK(set_add_owned(&st, first, cpg));
    db->pgno_last += cpg;
    CHECK(set_store(db, &st, 0));
done:
    if (err < 0) db->pgno_last = pgno_last;
    set_free(&st);
    return err;
}

JET_ERR space_grow(space_db *db, uint32_t cpg_total)
{
    return cpg_total > db->pgno_last ? grow_file(db, cpg_total - db->pgno_last) : JET_errSuccess;
}

/* ---- single extent ---- */

/* Takes cpg pages in a row from the bitmap (at pgno_wanted if given); JET_errRecordNotFound
 * when there is no such run. */
static JET_ERR bitmap_take(space_header *h, uint32_t pgno_fdp, uint32_t cpg, uint32_t pgno_wanted, uint32_t *first_out)
{
    uint32_t nbits = bitmap_pages(h), i;
    for (i = 0; i + cpg <= nbits; i++) {
        uint32_t mask = (cpg >= 32u ? 0xffffffffu : ((1u << cpg) - 1u)) << i;
        if (pgno_wanted != 0 && pgno_fdp + 1u + i != pgno_wanted) continue;
        if ((h->bits_or_oe & mask) == mask) {
            h->bits_or_oe &= ~mask;
            *first_out = pgno_fdp + 1u + i;
            return JET_errSuccess;
        }
    }
    return JET_errRecordNotFound;
}

/* Gives a single-extent object space trees (as ESE's ErrSPIConvertToMultipleExtent): a new
 * extent from its parent holds OwnExt and AvailExt on its first two pages; OwnExt gets
 * the primary extent and the new one, AvailExt the free pages of both. */
static JET_ERR convert_to_multiple(space_db *db, uint32_t pgno_fdp, uint32_t cpg_want, uint32_t depth)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_tree oe, ae;
    uint32_t flags, objid, cpg, first, i;
    bool taken = false;

    memset(&oe, 0, sizeof oe);
    memset(&ae, 0, sizeof ae);
    CHECK(read_root(db, pgno_fdp, &h, &flags, &objid));
    if (multiple_extent(&h)) goto done;
    if (h.pgno_parent == 0) FAIL(JET_errSPOwnExtCorrupted);
    cpg = h.cpg_primary > EXTENT_MIN ? h.cpg_primary : EXTENT_MIN;
    if (cpg < cpg_want) cpg = cpg_want;
    cpg += 2u;
    CHECK(space_get_extent(db, h.pgno_parent, cpg, 0, depth + 1u, &first));
    taken = true;
    oe.pgno = first;
    ae.pgno = first + 1u;
    oe.objid = ae.objid = objid;
    oe.flags = ae.flags = tree_flags(flags);
    CHECK(list_add(&oe, pgno_fdp, h.cpg_primary, JET_errSPOwnExtCorrupted));
    CHECK(list_add(&oe, first, cpg, JET_errSPOwnExtCorrupted));
    for (i = 0; i < bitmap_pages(&h); i++)
        if (h.bits_or_oe & (1u << i)) CHECK(list_add(&ae, pgno_fdp + 1u + i, 1, JET_errSPAvailExtCorrupted));
    /* Pages of a primary extent longer than the bitmap count as available, as in ESE. */
    if (h.cpg_primary > SPACE_HEADER_BITMAP_PAGES + 1u)
        CHECK(list_add(&ae, pgno_fdp + SPACE_HEADER_BITMAP_PAGES + 1u, h.cpg_primary - SPACE_HEADER_BITMAP_PAGES - 1u,
                       JET_errSPAvailExtCorrupted));
    CHECK(list_add(&ae, first + 2u, cpg - 2u, JET_errSPAvailExtCorrupted));
    CHECK(tree_create(db, &oe));
    CHECK(tree_create(db, &ae));
    h.flags |= SPACE_HEADER_FLAG_MULTIPLE;
    h.bits_or_oe = first;
    CHECK(write_root_header(db, pgno_fdp, &h));
    taken = false;
done:
    /* Best effort: the parent takes its pages back. */
    if (taken) give_back(db, h.pgno_parent, first, cpg);
    tree_free(&oe);
    tree_free(&ae);
    return err;
}

/* ---- multiple extent ---- */

/* Gives a multiple-extent object a new extent of at least cpg_min pages from its parent,
 * growing geometrically (an eighth of what it owns) so that big trees need few extents. */
static JET_ERR refill(space_db *db, uint32_t pgno_fdp, const space_header *h, uint32_t objid, uint32_t cpg_min,
                      uint32_t depth)
{
    JET_ERR err = JET_errSuccess;
    space_set st;
    uint32_t cpg, first = 0;
    bool taken = false;

    memset(&st, 0, sizeof st);
    if (h->pgno_parent == 0) {
        CHECK(grow_file(db, cpg_min));
        goto done;
    }
    CHECK(set_load(db, pgno_fdp, h, objid, &st));
    cpg = sum_pages(&st.oe) >> GROW_SHIFT;
    if (cpg < EXTENT_MIN) cpg = EXTENT_MIN;
    if (cpg < cpg_min) cpg = cpg_min;
    CHECK(space_get_extent(db, h->pgno_parent, cpg, 0, depth + 1u, &first));
    taken = true;
    CHECK(set_add_owned(&st, first, cpg));
    CHECK(set_store(db, &st, depth));
    taken = false;
    if (cpg != h->cpg_primary) {
        /* As ESE's ErrSPIImproveLastAlloc: the header turns v2 and remembers the size of
         * this extent (Windows' grown tables, indexes and LV trees carry flags 0x5). */
        space_header hv = *h;
        hv.flags |= SPACE_HEADER_FLAG_V2;
        hv.cpg_primary = cpg;
        CHECK(write_root_header(db, pgno_fdp, &hv));
    }
done:
    if (taken) give_back(db, h->pgno_parent, first, cpg);
    set_free(&st);
    return err;
}

/* cpg pages in a row from the available space of the object at pgno_fdp (at pgno_wanted
 * when that run is free), refilling it from its parent or growing the file as needed. */
static JET_ERR space_get_extent(space_db *db, uint32_t pgno_fdp, uint32_t cpg, uint32_t pgno_wanted, uint32_t depth,
                                uint32_t *first_out)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_set st;
    uint32_t flags, objid, attempt, i;

    memset(&st, 0, sizeof st);
    if (depth > RECURSION_MAX) FAIL(JET_errSPOwnExtCorrupted);
    if (cpg == 0) FAIL(JET_errInvalidParameter);
    for (attempt = 0; attempt < 4u; attempt++) {
        CHECK(read_root(db, pgno_fdp, &h, &flags, &objid));
        if (!multiple_extent(&h)) {
            err = bitmap_take(&h, pgno_fdp, cpg, pgno_wanted, first_out);
            if (err == JET_errRecordNotFound && pgno_wanted != 0) err = bitmap_take(&h, pgno_fdp, cpg, 0, first_out);
            if (err >= 0) {
                CHECK(write_root_header(db, pgno_fdp, &h));
                goto done;
            }
            CHECK(convert_to_multiple(db, pgno_fdp, cpg, depth));
            continue;
        }
        /* A wanted run past the end of the file: grow the file to hold it. */
        if (h.pgno_parent == 0 && pgno_wanted != 0 && pgno_wanted <= PAGE_PGNO_MAX - cpg &&
            pgno_wanted + cpg - 1u > db->pgno_last)
            CHECK(grow_file(db, pgno_wanted + cpg - 1u - db->pgno_last));
        CHECK(set_load(db, pgno_fdp, &h, objid, &st));
        st.ae_dirty = true;
        if (pgno_wanted != 0 && list_contains(&st.ae, pgno_wanted, cpg)) {
            CHECK(list_take(&st.ae, pgno_wanted, cpg));
            CHECK(set_store(db, &st, depth));
            *first_out = pgno_wanted;
            goto done;
        }
        for (i = 0; i < st.ae.n; i++) {
            if (st.ae.v[i].cpg >= cpg) {
                *first_out = st.ae.v[i].first;
                CHECK(list_take(&st.ae, st.ae.v[i].first, cpg));
                CHECK(set_store(db, &st, depth));
                goto done;
            }
        }
        set_free(&st);
        CHECK(refill(db, pgno_fdp, &h, objid, cpg, depth));
    }
    err = JET_errOutOfDatabaseSpace;
done:
    set_free(&st);
    return err;
}

/* ---- space.h ---- */

JET_ERR space_create_database(space_db *db, uint32_t cpg_initial)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_tree oe, ae;

    memset(&oe, 0, sizeof oe);
    memset(&ae, 0, sizeof ae);
    if (db == NULL || db->c == NULL || cpg_initial < 16u || cpg_initial > PAGE_PGNO_MAX) FAIL(JET_errInvalidParameter);
    if (!page_size_valid(db->cb_page) || db->cb_page < 4096u || db->cb_page != cache_page_size(db->c))
        FAIL(JET_errInvalidParameter);
    db->dbtime = 0;
    db->pgno_last = cpg_initial;
    h.cpg_primary = cpg_initial;
    h.pgno_parent = 0;
    h.flags = SPACE_HEADER_FLAG_MULTIPLE;
    h.bits_or_oe = SPACE_PGNO_ROOT + 1u;
    CHECK(root_create(db, SPACE_PGNO_ROOT, SPACE_OBJID_ROOT, 0, &h));
    oe.pgno = SPACE_PGNO_ROOT + 1u;
    ae.pgno = SPACE_PGNO_ROOT + 2u;
    oe.objid = ae.objid = SPACE_OBJID_ROOT;
    oe.flags = ae.flags = tree_flags(0);
    CHECK(list_add(&oe, SPACE_PGNO_ROOT, cpg_initial, JET_errSPOwnExtCorrupted));
    CHECK(list_add(&ae, SPACE_PGNO_ROOT + 3u, cpg_initial - 3u, JET_errSPAvailExtCorrupted));
    CHECK(tree_create(db, &oe));
    CHECK(tree_create(db, &ae));
done:
    tree_free(&oe);
    tree_free(&ae);
    return err;
}

JET_ERR space_create_object(space_db *db, uint32_t pgno_parent_fdp, uint32_t objid, uint32_t cpg_primary,
                            uint32_t root_flags, uint32_t pgno_fdp_wanted, uint32_t *pgno_fdp_out)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_tree oe, ae;
    uint32_t first = 0, i;

    memset(&oe, 0, sizeof oe);
    memset(&ae, 0, sizeof ae);
    if (db == NULL || pgno_fdp_out == NULL || cpg_primary == 0 || objid == 0 || cpg_primary > PAGE_PGNO_MAX)
        FAIL(JET_errInvalidParameter);
    CHECK(space_get_extent(db, pgno_parent_fdp, cpg_primary, pgno_fdp_wanted, 0, &first));
    h.cpg_primary = cpg_primary;
    h.pgno_parent = pgno_parent_fdp;
    h.flags = (root_flags & PAGE_FLAG_NON_UNIQUE_KEYS) ? SPACE_HEADER_FLAG_NON_UNIQUE : 0u;
    if (cpg_primary >= 3u) {
        h.flags |= SPACE_HEADER_FLAG_MULTIPLE;
        h.bits_or_oe = first + 1u;
        oe.pgno = first + 1u;
        ae.pgno = first + 2u;
        oe.objid = ae.objid = objid;
        oe.flags = ae.flags = tree_flags(root_flags);
        CHECK(list_add(&oe, first, cpg_primary, JET_errSPOwnExtCorrupted));
        if (cpg_primary > 3u) CHECK(list_add(&ae, first + 3u, cpg_primary - 3u, JET_errSPAvailExtCorrupted));
        CHECK(tree_create(db, &oe));
        CHECK(tree_create(db, &ae));
    } else {
        h.bits_or_oe = 0;
        for (i = 0; i + 1u < cpg_primary; i++) h.bits_or_oe |= 1u << i;
    }
    root_flags &= ~(PAGE_FLAG_PARENT_OF_LEAF | PAGE_FLAG_SPACE_TREE | PAGE_FLAG_EMPTY);
    CHECK(root_create(db, first, objid, root_flags, &h));
    *pgno_fdp_out = first;
done:
    tree_free(&oe);
    tree_free(&ae);
    return err;
}

JET_ERR space_alloc_page(space_db *db, uint32_t pgno_fdp, uint32_t *pgno_out)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_set st;
    uint32_t flags, objid, attempt;

    memset(&st, 0, sizeof st);
    if (db == NULL || pgno_out == NULL) FAIL(JET_errInvalidParameter);
    for (attempt = 0; attempt < 3u; attempt++) {
        CHECK(read_root(db, pgno_fdp, &h, &flags, &objid));
        if (!multiple_extent(&h)) {
            err = bitmap_take(&h, pgno_fdp, 1, 0, pgno_out);
            if (err >= 0) {
                CHECK(write_root_header(db, pgno_fdp, &h));
                goto done;
            }
            CHECK(convert_to_multiple(db, pgno_fdp, 1, 0));
            continue;
        }
        CHECK(set_load(db, pgno_fdp, &h, objid, &st));
        if (st.ae.n != 0) {
            *pgno_out = st.ae.v[0].first;
            CHECK(list_take(&st.ae, st.ae.v[0].first, 1));
            st.ae_dirty = true;
            CHECK(set_store(db, &st, 0));
            goto done;
        }
        set_free(&st);
        CHECK(refill(db, pgno_fdp, &h, objid, 1, 0));
    }
    err = JET_errOutOfDatabaseSpace;
done:
    set_free(&st);
    return err;
}

JET_ERR space_free_page(space_db *db, uint32_t pgno_fdp, uint32_t pgno)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_set st;
    uint32_t flags, objid;

    memset(&st, 0, sizeof st);
    if (db == NULL || pgno == 0 || pgno == pgno_fdp) FAIL(JET_errInvalidParameter);
    CHECK(read_root(db, pgno_fdp, &h, &flags, &objid));
    if (!multiple_extent(&h)) {
        uint32_t bit;
        if (pgno <= pgno_fdp || pgno - pgno_fdp - 1u >= bitmap_pages(&h)) FAIL(JET_errSPOwnExtCorrupted);
        bit = 1u << (pgno - pgno_fdp - 1u);
        if (h.bits_or_oe & bit) FAIL(JET_errSPAvailExtCorrupted);
        h.bits_or_oe |= bit;
        CHECK(write_root_header(db, pgno_fdp, &h));
        goto done;
    }
    CHECK(set_load(db, pgno_fdp, &h, objid, &st));
    if (set_holds_page(&st, pgno)) FAIL(JET_errInvalidParameter); /* the space trees' own pages */
    if (!list_contains(&st.oe, pgno, 1)) FAIL(JET_errSPOwnExtCorrupted);
    CHECK(list_add(&st.ae, pgno, 1, JET_errSPAvailExtCorrupted));
    st.ae_dirty = true;
    err = set_store(db, &st, 0);
    /* No page for a longer AvailExt anywhere (the file cannot grow): the page stays owned
     * but unused (lost to this object until it is deleted) rather than failing the
     * caller's delete. Nothing was written then. */
    if (err == JET_errOutOfDatabaseSpace) err = JET_errSuccess;
done:
    set_free(&st);
    return err;
}

JET_ERR space_free_object(space_db *db, uint32_t pgno_fdp)
{
    JET_ERR err = JET_errSuccess;
    space_header h, ph;
    space_tree oe;
    space_set pst;
    uint32_t flags, objid, pflags, pobjid, i;

    memset(&oe, 0, sizeof oe);
    memset(&pst, 0, sizeof pst);
    if (db == NULL) FAIL(JET_errInvalidParameter);
    CHECK(read_root(db, pgno_fdp, &h, &flags, &objid));
    if (h.pgno_parent == 0) FAIL(JET_errInvalidParameter); /* the database root stays */
    if (multiple_extent(&h)) {
        CHECK(tree_load(db, h.bits_or_oe, objid, JET_errSPOwnExtCorrupted, &oe));
    } else {
        oe.v = compat_malloc(sizeof *oe.v);
        if (oe.v == NULL) FAIL(JET_errOutOfMemory);
        oe.cap = oe.n = 1;
        oe.v[0].first = pgno_fdp;
        oe.v[0].cpg = h.cpg_primary;
    }
    CHECK(read_root(db, h.pgno_parent, &ph, &pflags, &pobjid));
    if (!multiple_extent(&ph)) {
        for (i = 0; i < oe.n; i++) {
            uint32_t j;
            for (j = 0; j < oe.v[i].cpg; j++) {
                uint32_t pgno = oe.v[i].first + j;
                if (pgno <= h.pgno_parent || pgno - h.pgno_parent - 1u >= bitmap_pages(&ph)) FAIL(JET_errSPOwnExtCorrupted);
                ph.bits_or_oe |= 1u << (pgno - h.pgno_parent - 1u);
            }
        }
        CHECK(write_root_header(db, h.pgno_parent, &ph));
        goto done;
    }
    CHECK(set_load(db, h.pgno_parent, &ph, pobjid, &pst));
    for (i = 0; i < oe.n; i++) CHECK(list_add(&pst.ae, oe.v[i].first, oe.v[i].cpg, JET_errSPAvailExtCorrupted));
    pst.ae_dirty = true;
    CHECK(set_store(db, &pst, 0));
done:
    tree_free(&oe);
    set_free(&pst);
    return err;
}

/* Adds the run first..first+cpg-1 to l, merged into the last extent when it follows it. */
static JET_ERR run_add(space_tree *l, uint32_t first, uint32_t cpg)
{
    JET_ERR err = JET_errSuccess;
    if (l->n != 0 && l->v[l->n - 1u].first + l->v[l->n - 1u].cpg == first) {
        l->v[l->n - 1u].cpg += cpg;
        goto done;
    }
    CHECK(list_reserve(l, l->n + 1u));
    l->v[l->n].first = first;
    l->v[l->n].cpg = cpg;
    l->n++;
done:
    return err;
}

JET_ERR space_extents(space_db *db, uint32_t pgno_fdp, space_extent_list *out)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_tree oe, ae;
    uint32_t objid, i;

    memset(&oe, 0, sizeof oe);
    memset(&ae, 0, sizeof ae);
    if (db == NULL || out == NULL) FAIL(JET_errInvalidParameter);
    memset(out, 0, sizeof *out);
    CHECK(read_root(db, pgno_fdp, &h, NULL, &objid));
    if (!multiple_extent(&h)) {
        /* the primary extent beside the FDP; the bitmap's free pages, and those past what
         * it covers, as runs */
        CHECK(run_add(&oe, pgno_fdp, h.cpg_primary));
        for (i = 0; i < bitmap_pages(&h); i++)
            if (h.bits_or_oe & (1u << i)) CHECK(run_add(&ae, pgno_fdp + 1u + i, 1u));
        if (h.cpg_primary > SPACE_HEADER_BITMAP_PAGES + 1u)
            CHECK(run_add(&ae, pgno_fdp + SPACE_HEADER_BITMAP_PAGES + 1u,
                          h.cpg_primary - SPACE_HEADER_BITMAP_PAGES - 1u));
    } else {
        CHECK(tree_load(db, h.bits_or_oe, objid, JET_errSPOwnExtCorrupted, &oe));
        CHECK(tree_load(db, h.bits_or_oe + 1u, objid, JET_errSPAvailExtCorrupted, &ae));
    }
    /* the lists' arrays become the caller's */
    out->owned = (space_extent *)oe.v;
    out->n_owned = oe.n;
    out->available = (space_extent *)ae.v;
    out->n_available = ae.n;
    oe.v = ae.v = NULL;
done:
    tree_free(&oe);
    tree_free(&ae);
    return err;
}

void space_extents_free(space_extent_list *l)
{
    if (l == NULL) return;
    compat_free(l->owned);
    compat_free(l->available);
    memset(l, 0, sizeof *l);
}

JET_ERR space_counts(space_db *db, uint32_t pgno_fdp, uint32_t *cpg_owned, uint32_t *cpg_available)
{
    JET_ERR err = JET_errSuccess;
    space_extent_list l;
    uint32_t i;

    memset(&l, 0, sizeof l);
    if (cpg_owned == NULL || cpg_available == NULL) FAIL(JET_errInvalidParameter);
    CHECK(space_extents(db, pgno_fdp, &l));
    *cpg_owned = *cpg_available = 0;
    for (i = 0; i < l.n_owned; i++) *cpg_owned += l.owned[i].cpg;
    for (i = 0; i < l.n_available; i++) *cpg_available += l.available[i].cpg;
done:
    space_extents_free(&l);
    return err;
}
