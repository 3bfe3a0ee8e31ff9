/* btree_write.c: inserting, replacing and deleting nodes of a B+-tree (see btree.h,
 * "writing"). Branch separators follow ESE: a branch node's subtree holds the keys below
 * its key and at or above the previous node's key; the last node of a branch page has an
 * empty key. A change that does not fit splits the page (middle by bytes, or at the right
 * end for appends, which leave the tree's density free as ESE's FBTIAppend; a root leaf
 * splits vertically, BTISelectVerticalSplit), then starts again from the root; a
 * page left without nodes leaves its parent and the sibling chain and goes back to the
 * tree's space. Pages other than roots and space-tree pages get a key prefix when they are
 * refilled (ESE's choice: the key of one of their nodes, the one that saves the most bytes)
 * and their nodes are compressed against it; later inserts share it when they can. */
#include "btree.h"

#include <string.h>

#include "byte_order.h"
#include "space_header.h"
#include "thread_stats.h"

#define RETRIES_MAX 64u       /* splits one change may need; far more than any tree's depth */

typedef struct wpath {
    uint32_t pgno[BTREE_DEPTH_MAX];
    uint32_t iline[BTREE_DEPTH_MAX];  /* branch: the node followed; leaf: first key >= */
    uint32_t depth;                   /* pages on the path; the last is the leaf */
    bool found;                       /* the leaf's node iline has the key */
    bool found_deleted;               /* ... but is flag-deleted (a garbage node) */
    uint32_t cb_found;                /* that node's size (its tag) */
} wpath;

/* One node of a page being split, pointing into a private copy of the page. */
typedef struct wnode {
    const uint8_t *prefix, *suffix, *data;
    uint32_t cb_prefix, cb_suffix, cb_data;
    uint32_t flags;        /* NODE_FLAG_DELETED is kept: versions may still refer to it */
} wnode;

uint32_t btree_node_max(uint32_t cb_page)
{
    /* Two nodes, each with its tag, its key length and room for the 4-byte child pointer
     * its key may need as a separator, beside the root's space header. */
    uint32_t room;
    if (!page_size_valid(cb_page) || cb_page < 4096u) return 0;
    room = cb_page - page_header_cb(cb_page) - PAGE_TAG_CB - SPACE_HEADER_CB;
    return room / 2u - PAGE_TAG_CB - PAGE_KEY_LENGTH_CB - PAGE_CHILD_CB;
}

uint32_t btree_node_max_alone(uint32_t cb_page)
{
    /* One node with its tag and key length on the root page, beside its space header. */
    if (!page_size_valid(cb_page) || cb_page < 4096u) return 0;
    return cb_page - page_header_cb(cb_page) - PAGE_TAG_CB - SPACE_HEADER_CB - PAGE_TAG_CB - PAGE_KEY_LENGTH_CB;
}

uint32_t btree_tree_node_max(const btree_tree *t)
{
    if (t == NULL || t->db == NULL) return 0;
    /* Records and long-value chunks may fill a page alone, as in ESE (REC::CbRecordMost,
     * the LV chunk size); index entries and space-tree nodes stay small. */
    if (!(t->page_flags & (PAGE_FLAG_INDEX | PAGE_FLAG_SPACE_TREE))) return btree_node_max_alone(t->db->cb_page);
    return btree_node_max(t->db->cb_page);
}

uint32_t btree_density_free(const btree_tree *t)
{
    /* Space trees fill their pages whole (FBTIAppend skips them). */
    if (t == NULL || t->db == NULL || t->density == 0 || t->density >= 100u) return 0;
    if (t->page_flags & PAGE_FLAG_SPACE_TREE) return 0;
    return (100u - t->density) * t->db->cb_page / 100u;
}

static JET_ERR check_page(const btree_tree *t, const uint8_t *data, page_view *pv)
{
    JET_ERR err = JET_errSuccess;
    CHECK(page_open(data, t->db->cb_page, pv));
    if (pv->objid_fdp != t->objid) FAIL(JET_errBadParentPageLink);
done:
    return err;
}

/* Pins pgno writable, checks it belongs to the tree and stamps a new dbtime. */
static JET_ERR get_write(const btree_tree *t, uint32_t pgno, cache_page *pg, uint8_t **data, page_view *pv)
{
    JET_ERR err = JET_errSuccess;
    CHECK(cache_get(t->db->c, t->db->ifile, pgno, pg));
    CHECK(check_page(t, pg->data, pv));
    CHECK(cache_write(t->db->c, pg, data));
    page_set_dbtime(*data, space_next_dbtime(t->db));
    CHECK(check_page(t, *data, pv));
done:
    if (err < 0) cache_release(t->db->c, pg);
    return err;
}


/* Non-unique trees order and separate their nodes by key and data together. */
static bool tree_dup(const btree_tree *t)
{
    return (t->page_flags & PAGE_FLAG_NON_UNIQUE_KEYS) != 0;
}

/* Descends from the root to the leaf where s (the key; key and data for the _dup calls)
 * belongs, remembering the path. cb_key: the key's part of s. */
static JET_ERR descend(const btree_tree *t, const uint8_t *key, uint32_t cb_s, uint32_t cb_key, bool dup, wpath *path)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_node node;
    uint32_t pgno = t->pgno_root, lo, hi, n;

    memset(&pg, 0, sizeof pg);
    memset(path, 0, sizeof *path);
    for (;;) {
        if (path->depth >= BTREE_DEPTH_MAX) FAIL(JET_errBadParentPageLink);
        INVARIANT(pg.data == NULL); /* one page pinned at a time on the way down */
        CHECK(cache_get(t->db->c, t->db->ifile, pgno, &pg));
        CHECK(check_page(t, pg.data, &pv));
        if (path->depth == 0 && !(pv.flags & PAGE_FLAG_ROOT)) FAIL(JET_errBadParentPageLink);
        if (path->depth != 0 && (pv.flags & PAGE_FLAG_ROOT)) FAIL(JET_errBadParentPageLink);
        n = page_line_count(&pv);
        path->pgno[path->depth] = pgno;
        if (pv.flags & PAGE_FLAG_LEAF) {
            lo = 0;
            hi = n;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2u;
                CHECK(page_get_node(&pv, mid, &node));
                if (page_node_compare_stream(&node, dup, key, cb_s) < 0) lo = mid + 1u;
                else hi = mid;
            }
            path->iline[path->depth++] = lo;
            if (lo < n) {
                CHECK(page_get_node(&pv, lo, &node));
                if (page_node_compare_stream(&node, dup, key, cb_s) == 0 && node.cb_prefix + node.cb_suffix == cb_key) {
                    page_line line;
                    CHECK(page_get_tag(&pv, lo + pv.ctag_reserved, &line));
                    path->found = !(node.flags & NODE_FLAG_DELETED);
                    path->found_deleted = !path->found;
                    path->cb_found = line.cb;
                }
            }
            break;
        }
        if (n == 0) FAIL(JET_errBadParentPageLink);
        /* The first node whose key is above the key sought; the last node otherwise. */
        lo = 0;
        hi = n - 1u;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2u;
            CHECK(page_get_node(&pv, mid, &node));
            if (page_node_compare_stream(&node, false, key, cb_s) > 0) hi = mid;
            else lo = mid + 1u;
        }
        CHECK(page_get_node(&pv, lo, &node));
        if (node.cb_data != PAGE_CHILD_CB) FAIL(JET_errBadParentPageLink);
        path->iline[path->depth++] = lo;
        pgno = byte_order_get_le32(node.data);
        if (pgno == 0 || pgno == t->pgno_root || pgno > t->db->pgno_last) FAIL(JET_errBadParentPageLink);
        cache_release(t->db->c, &pg);
    }
done:
    cache_release(t->db->c, &pg);
    return err;
}

/* ---- splitting ---- */

typedef struct split_state {
    uint8_t *copy;         /* the page as it was */
    page_view pv;          /* over copy */
    wnode *nodes;          /* its live nodes */
    uint32_t n;
    uint8_t *key;          /* a buffer for one whole key */
    uint8_t *pfx;          /* the prefix chosen for the page being filled */
    uint32_t *adj;         /* per node: key bytes shared with the one before, less the overhead */
    uint64_t *left, *right; /* per node: the prefix savings of the nodes before / after it (choose_prefix) */
    uint32_t *stack;       /* choose_prefix's stack of node numbers */
    uint8_t *sep;          /* the separator for the parent */
    uint32_t cb_sep;
    bool dup;              /* leaf separators come from key and data */
} split_state;

static void split_free(split_state *s)
{
    compat_free(s->copy);
    compat_free(s->nodes);
    compat_free(s->key);
    compat_free(s->pfx);
    compat_free(s->adj);
    compat_free(s->left);
    compat_free(s->right);
    compat_free(s->stack);
    compat_free(s->sep);
}

static uint32_t wnode_cb(const wnode *w)
{
    return page_node_cb(w->cb_prefix + w->cb_suffix, w->cb_data) + PAGE_TAG_CB;
}

static const uint8_t *wnode_key(const split_state *s, const wnode *w)
{
    if (w->cb_prefix == 0) return w->suffix;
    memcpy(s->key, w->prefix, w->cb_prefix);
    if (w->cb_suffix != 0) memcpy(s->key + w->cb_prefix, w->suffix, w->cb_suffix);
    return s->key;
}

static JET_ERR split_load(const btree_tree *t, uint32_t pgno, split_state *s)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_node node;
    uint32_t i, n, cb_page = t->db->cb_page;

    memset(&pg, 0, sizeof pg);
    memset(s, 0, sizeof *s);
    s->dup = tree_dup(t);
    s->copy = compat_malloc(cb_page);
    s->key = compat_malloc(3u * cb_page);
    s->sep = compat_malloc(3u * cb_page);
    s->pfx = compat_malloc(cb_page);
    if (s->copy == NULL || s->key == NULL || s->sep == NULL || s->pfx == NULL) FAIL(JET_errOutOfMemory);
    CHECK(cache_get(t->db->c, t->db->ifile, pgno, &pg));
    memcpy(s->copy, pg.data, cb_page);
    CHECK(check_page(t, s->copy, &s->pv));
    n = page_line_count(&s->pv);
    s->nodes = compat_malloc((n + 1u) * sizeof *s->nodes);
    s->adj = compat_malloc((n + 1u) * sizeof *s->adj);
    s->left = compat_malloc((n + 1u) * sizeof *s->left);
    s->right = compat_malloc((n + 1u) * sizeof *s->right);
    s->stack = compat_malloc((n + 1u) * sizeof *s->stack);
    if (s->nodes == NULL || s->adj == NULL || s->left == NULL || s->right == NULL || s->stack == NULL)
        FAIL(JET_errOutOfMemory);
    for (i = 0; i < n; i++) {
        wnode *w;
        CHECK(page_get_node(&s->pv, i, &node));
        /* Flag-deleted nodes move with the others: a snapshot may still read them
         * (verstore.h); the version store's cleanup removes them. */
        if (node.cb_prefix + node.cb_suffix > PAGE_KEY_MAX) FAIL(JET_errNodeCorrupted);
        w = &s->nodes[s->n++];
        w->prefix = node.prefix;
        w->cb_prefix = node.cb_prefix;
        w->suffix = node.suffix;
        w->cb_suffix = node.cb_suffix;
        w->data = node.data;
        w->cb_data = node.cb_data;
        w->flags = node.flags & NODE_FLAG_DELETED;
    }
done:
    cache_release(t->db->c, &pg);
    return err;
}

/* Roots keep their space header in tag 0 and space-tree pages are never compressed. */
static bool page_compresses(uint32_t flags)
{
    return !(flags & (PAGE_FLAG_ROOT | PAGE_FLAG_SPACE_TREE));
}

static uint8_t wnode_byte(const wnode *w, uint32_t i)
{
    return i < w->cb_prefix ? w->prefix[i] : w->suffix[i - w->cb_prefix];
}

/* The key node i is written with on a page holding [.., to): a branch page's last node
 * goes without one. */
static uint32_t written_key_cb(const split_state *s, uint32_t i, uint32_t to, bool branch)
{
    return branch && i + 1u == to ? 0u : s->nodes[i].cb_prefix + s->nodes[i].cb_suffix;
}

static uint32_t common_with(const wnode *w, uint32_t cb_w, const uint8_t *p, uint32_t cb_p)
{
    uint32_t i = 0;
    while (i < cb_w && i < cb_p && wnode_byte(w, i) == p[i]) i++;
    return i;
}

/* Chooses the prefix of a page holding nodes [from, to) as ESE does: the key of the node
 * that, taken whole as the prefix, saves the most bytes. With sorted keys, the bytes node
 * j shares with node i are the least of the neighbour overlaps between them, so the
 * savings of i are the sums of those least overlaps over the nodes before it and over
 * the nodes after it. Both sums are found for every node in one pass each, with a stack
 * of the nearest smaller overlap (the sum up to i is the sum up to the nearest node p
 * before it with a smaller overlap, plus i's overlap once for each node after p): a
 * page of n nodes costs O(n), where walking out from each node cost O(n^2) on pages of
 * similar keys. Node i + 1 is at least as good as i when its overlap with i is not below
 * i's with i - 1, so only the nodes where the overlap drops are candidates (the first
 * best one wins). Returns to when no prefix pays. */
static uint32_t choose_prefix(split_state *s, uint32_t from, uint32_t to, bool branch)
{
    uint32_t i, k, top, best = to;
    uint64_t best_savings = 0;
    const uint32_t *adj = s->adj;

    if (to - from < 2u) return to;
    for (i = from; i < to; i++) {
        uint32_t c = 0;
        if (i > from) {
            const wnode *a = &s->nodes[i - 1u], *b = &s->nodes[i];
            uint32_t cb_a = written_key_cb(s, i - 1u, to, branch), cb_b = written_key_cb(s, i, to, branch);
            while (c < cb_a && c < cb_b && wnode_byte(a, c) == wnode_byte(b, c)) c++;
        }
        s->adj[i] = c > PAGE_PREFIX_OVERHEAD ? c - PAGE_PREFIX_OVERHEAD : 0u;
    }
    /* left[i]: the sum over j in (from, i] of the least of adj[j..i] */
    top = 0;
    for (i = from; i < to; i++) {
        uint32_t p;
        while (top != 0 && adj[s->stack[top - 1u]] >= adj[i]) top--;
        p = top != 0 ? s->stack[top - 1u] : from;
        s->left[i] = (top != 0 ? s->left[p] : 0u) + (uint64_t)adj[i] * (i - p);
        s->stack[top++] = i;
    }
    /* right[k]: the sum over j in [k, to) of the least of adj[k..j] */
    top = 0;
    for (k = to; k-- > from;) {
        uint32_t q;
        while (top != 0 && adj[s->stack[top - 1u]] >= adj[k]) top--;
        q = top != 0 ? s->stack[top - 1u] : to;
        s->right[k] = (q < to ? s->right[q] : 0u) + (uint64_t)adj[k] * (q - k);
        s->stack[top++] = k;
    }
    for (i = from; i < to; i++) {
        uint64_t savings;
        if (i + 1u < to && adj[i + 1u] >= adj[i]) continue;
        savings = s->left[i] + (i + 1u < to ? s->right[i + 1u] : 0u);
        /* The prefix node itself: its whole key moves to tag 0 and it keeps a length. */
        if (savings > PAGE_PREFIX_OVERHEAD && savings - PAGE_PREFIX_OVERHEAD > best_savings) {
            best_savings = savings - PAGE_PREFIX_OVERHEAD;
            best = i;
        }
    }
    return best;
}

/* Lays out nodes [from, to) for a page: *line the node whose key is the prefix (to: none,
 * and then s->pfx is not set); returns the bytes taken, tag 0 and tags included. The
 * sizes are measured against the prefix itself, so the page is never fuller than its
 * nodes uncompressed (a prefix that would not pay is dropped). */
static uint32_t range_layout(split_state *s, uint32_t from, uint32_t to, bool branch, bool compress, uint32_t *line)
{
    uint32_t i, plain = 0, packed, p = to, cb_p = 0;

    for (i = from; i < to; i++)
        plain += page_node_cb(written_key_cb(s, i, to, branch), s->nodes[i].cb_data) + PAGE_TAG_CB;
    if (compress) p = choose_prefix(s, from, to, branch);
    if (p != to) {
        cb_p = written_key_cb(s, p, to, branch);
        for (i = 0; i < cb_p; i++) s->pfx[i] = wnode_byte(&s->nodes[p], i);
        packed = cb_p;
        for (i = from; i < to; i++) {
            uint32_t cb_key = written_key_cb(s, i, to, branch), c;
            c = common_with(&s->nodes[i], cb_key, s->pfx, cb_p);
            if (c > PAGE_PREFIX_OVERHEAD)
                packed += page_node_cb_compressed(cb_key - c, s->nodes[i].cb_data) + PAGE_TAG_CB;
            else
                packed += page_node_cb(cb_key, s->nodes[i].cb_data) + PAGE_TAG_CB;
        }
        if (packed < plain) {
            *line = p;
            return packed;
        }
    }
    *line = to;
    return plain;
}

/* Formats data as a page of the tree holding nodes [from, to); on branch pages the last
 * one is written with an empty key. ext/cb_ext: the external header to keep (roots; the
 * prefix of an append split's new page); other pages get the prefix range_layout chooses, and page_insert_node compresses each
 * node that shares enough of it. */
static JET_ERR fill_page(const btree_tree *t, split_state *s, uint8_t *data, uint32_t pgno, uint32_t flags,
                         const uint8_t *ext, uint32_t cb_ext, uint32_t from, uint32_t to)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, p = to;
    bool branch = !(flags & PAGE_FLAG_LEAF);

    CHECK(page_format(data, t->db->cb_page, pgno, t->objid, flags, space_next_dbtime(t->db)));
    if (cb_ext != 0) {
        CHECK(page_set_external_header(data, t->db->cb_page, ext, cb_ext));
    } else if (page_compresses(flags)) {
        (void)range_layout(s, from, to, branch, true, &p);
        if (p != to) CHECK(page_set_external_header(data, t->db->cb_page, s->pfx, written_key_cb(s, p, to, branch)));
    }
    for (i = from; i < to; i++) {
        const wnode *w = &s->nodes[i];
        if (branch && i + 1u == to) {
            CHECK(page_insert_node(data, t->db->cb_page, i - from, NULL, 0, w->data, w->cb_data, 0));
        } else {
            CHECK(page_insert_node(data, t->db->cb_page, i - from, wnode_key(s, w), w->cb_prefix + w->cb_suffix, w->data,
                                   w->cb_data, w->flags));
        }
    }
done:
    return err;
}

/* Bytes nodes [from, to) take on a page (branch: the last without its key), not counting
 * compression: for choosing a split point by size. */
static uint32_t range_plain(const split_state *s, uint32_t from, uint32_t to, bool branch)
{
    uint32_t i, cb = 0;
    for (i = from; i < to; i++) {
        cb += wnode_cb(&s->nodes[i]);
        if (branch && i + 1u == to) cb -= s->nodes[i].cb_prefix + s->nodes[i].cb_suffix;
    }
    return cb;
}

/* Bytes nodes [from, to) take on a page as fill_page writes them, prefix included. */
static uint32_t range_cb(split_state *s, uint32_t from, uint32_t to, bool branch, bool compress)
{
    uint32_t line;
    return range_layout(s, from, to, branch, compress, &line);
}

/* Room for nodes on an empty page with an external header of cb_ext bytes. */
static uint32_t page_room(const btree_tree *t, uint32_t cb_ext)
{
    return t->db->cb_page - page_header_cb(t->db->cb_page) - PAGE_TAG_CB - cb_ext;
}

/* The separator between a left page ending with key a and a right one starting with b:
 * b's bytes up to and including the first that differs from a (ESE's shortest one). */
static void leaf_separator(split_state *s, const uint8_t *a, uint32_t cb_a, const uint8_t *b, uint32_t cb_b)
{
    uint32_t i = 0;
    while (i < cb_a && i < cb_b && a[i] == b[i]) i++;
    s->cb_sep = i < cb_b ? i + 1u : cb_b;
    memmove(s->sep, b, s->cb_sep);
}

/* Whether an append split leaves the full page as it is (ESE's splittypeAppend) rather
 * than laying its nodes out again: on leaves of tables and indexes. Long-value trees'
 * pages are laid out again as before: libesedb (20181229) reads a separated value right
 * only from a page whose prefix is a chunk's whole key or none, and a page of several
 * chunks kept with its first chunk's key as prefix comes out of esedbexport cut short
 * (tests/write/libesedb_compat_test.cc). */
static bool append_keeps_page(const split_state *s, bool branch, bool append)
{
    return append && !branch && !(s->pv.flags & PAGE_FLAG_LONG_VALUE);
}

/* The separator of an append split of a leaf: between its last node and the new key. */
static JET_ERR leaf_separator_append(const btree_tree *t, split_state *s, const uint8_t *key, uint32_t cb_key)
{
    const wnode *a = &s->nodes[s->n - 1u];
    uint32_t cb_a = a->cb_prefix + a->cb_suffix;
    uint8_t *a_key = s->sep + t->db->cb_page; /* the rest of the buffer */
    memcpy(a_key, wnode_key(s, a), cb_a);
    if (s->dup && a->cb_data != 0) memcpy(a_key + cb_a, a->data, a->cb_data);
    if (s->dup) cb_a += a->cb_data;
    leaf_separator(s, a_key, cb_a, key, cb_key);
    return JET_errSuccess;
}

/* Finds the split point m (nodes [0, m) stay, [m, n) move right) and the separator.
 * ins: the leaf line the pending change goes to (or replaces, when replacing), need: the
 * bytes it adds; append: split at the right end. A leaf node too big to share a page with
 * its neighbours (long-value chunks are nearly a page each, as in ESE) is isolated: the
 * split is made at its position, so that it goes alone on one of the two pages (a
 * second split, on the next attempt, may be needed to cut off the other side). */
static JET_ERR choose_split(const btree_tree *t, split_state *s, bool branch, bool append, const uint8_t *key,
                            uint32_t cb_key, uint32_t ins, uint32_t need, bool replacing, uint32_t *m_out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t n = s->n, m, total, acc = 0, room = page_room(t, 0), room_left = room;
    bool fits, compress = page_compresses(s->pv.flags & ~(uint32_t)PAGE_FLAG_ROOT); /* both halves are children */

    if (append_keeps_page(s, branch, append) && n >= 1 && need <= room) {
        /* ESE's append split: the page keeps its nodes as they are (it holds them now),
         * and the new key starts the new page alone, which takes it (need <= room) */
        *m_out = n;
        return leaf_separator_append(t, s, key, cb_key);
    } else if (append && !branch && n >= 1) {
        m = n;
    } else if (append && branch && n >= 2) {
        m = n - 1u;
    } else {
        if (n < 2 && branch) FAIL(JET_errRecordTooBig);
        total = range_plain(s, 0, n, branch);
        for (m = 0; m < n - 1u && acc + wnode_cb(&s->nodes[m]) <= total / 2u; m++) acc += wnode_cb(&s->nodes[m]);
        if (m == 0) m = 1;
    }
    /* Both halves must fit on their pages, compressed as they will be written. */
    while (m > 1 && range_cb(s, 0, m, branch, compress) > room_left) m--;
    while (m < n && range_cb(s, m, n, branch, compress) > room) m++;
    if (!branch && ins <= n) {
        /* The side the pending change lands on must take it too; otherwise isolate it. */
        fits = ins < m ? range_cb(s, 0, m, false, compress) + need <= room_left
                       : range_cb(s, m, n, false, compress) + need <= room;
        if (m == n && !append && !replacing && ins < n) fits = false;
        if (!fits) {
            if (replacing) m = ins > 0 ? ins : (n > 1 ? 1u : 0u);
            else m = ins;
        }
    }
    if (range_cb(s, 0, m, branch, compress) > room_left || (m < n && range_cb(s, m, n, branch, compress) > room))
        FAIL(JET_errRecordTooBig);
    if ((m == 0 && (branch || n == 0 || replacing)) || (branch && m >= n)) FAIL(JET_errRecordTooBig);
    if (m == 0) {
        /* The pending key goes alone on the left: the separator lies between it and the
         * first node. */
        const wnode *b = &s->nodes[0];
        uint32_t cb_b = b->cb_prefix + b->cb_suffix;
        uint8_t *k_copy = s->sep + t->db->cb_page;
        const uint8_t *b_key = wnode_key(s, b);
        memcpy(k_copy, key, cb_key);
        if (s->dup) {
            if (b_key != s->key) memcpy(s->key, b_key, cb_b);
            if (b->cb_data != 0) memcpy(s->key + cb_b, b->data, b->cb_data);
            b_key = s->key;
            cb_b += b->cb_data;
        }
        leaf_separator(s, k_copy, cb_key, b_key, cb_b);
    } else if (branch) {
        const wnode *w = &s->nodes[m - 1u];
        s->cb_sep = w->cb_prefix + w->cb_suffix;
        memcpy(s->sep, wnode_key(s, w), s->cb_sep);
    } else {
        const wnode *a = &s->nodes[m - 1u];
        uint32_t cb_a = a->cb_prefix + a->cb_suffix;
        uint8_t *a_key = s->sep + t->db->cb_page; /* the rest of the buffer */
        memcpy(a_key, wnode_key(s, a), cb_a);
        if (s->dup && a->cb_data != 0) memcpy(a_key + cb_a, a->data, a->cb_data);
        if (s->dup) cb_a += a->cb_data;
        if (m < n) {
            const wnode *b = &s->nodes[m];
            uint32_t cb_b = b->cb_prefix + b->cb_suffix;
            const uint8_t *b_key = wnode_key(s, b);
            if (s->dup) {
                if (b_key != s->key) memcpy(s->key, b_key, cb_b);
                if (b->cb_data != 0) memcpy(s->key + cb_b, b->data, b->cb_data);
                b_key = s->key;
                cb_b += b->cb_data;
            }
            leaf_separator(s, a_key, cb_a, b_key, cb_b);
        } else {
            leaf_separator(s, a_key, cb_a, key, cb_key);
        }
    }
    *m_out = m;
done:
    return err;
}

/* Points the branch node iline of a writable page at child. */
static JET_ERR set_child(const btree_tree *t, uint8_t *data, uint32_t iline, uint32_t child)
{
    JET_ERR err = JET_errSuccess;
    page_view pv;
    page_node node;
    CHECK(check_page(t, data, &pv));
    CHECK(page_get_node(&pv, iline, &node));
    if (node.cb_data != PAGE_CHILD_CB) FAIL(JET_errBadParentPageLink);
    byte_order_put_le32(data + (node.data - data), child);
done:
    return err;
}

/* Sets the prev (dir < 0) or next link of page pgno. */
static JET_ERR set_link(const btree_tree *t, uint32_t pgno, bool prev, uint32_t to)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    uint8_t *data;

    memset(&pg, 0, sizeof pg);
    if (pgno == 0) goto done;
    CHECK(get_write(t, pgno, &pg, &data, &pv));
    page_set_siblings(data, prev ? to : pv.pgno_prev, prev ? pv.pgno_next : to);
done:
    cache_release(t->db->c, &pg);
    return err;
}

/* Makes room for need more bytes on the page at level of the path, by compacting it
 * (dropping garbage nodes, choosing the prefix again) or splitting it; the caller then
 * starts over from the root. cb_own_key: the pending leaf node's own key length (the
 * start of key; key is key and data in non-unique trees), 0 for branch levels: an append
 * split gives the new page that key as its prefix, as ESE's BTISelectAppend does, so
 * that the ascending keys that follow share it. */
static JET_ERR make_room(const btree_tree *t, const wpath *path, uint32_t level, uint32_t need, uint32_t reserve,
                         const uint8_t *key, uint32_t cb_key, uint32_t cb_own_key, bool replacing)
{
    JET_ERR err = JET_errSuccess;
    split_state s;
    cache_page pg, pg_new, pg_left, pg_parent;
    uint8_t *data, *data_new, *data_left, *data_parent;
    page_view pv_parent, pv_tmp;
    uint8_t ext[SPACE_HEADER_CB + PAGE_SPLIT_BUFFER_CB];
    page_line ext_line;
    uint32_t cb_ext = 0, m, flags, pgno = path->pgno[level], pgno_new = 0, pgno_left = 0, cb_append_prefix = 0;
    bool root, branch, append;

    memset(&pg, 0, sizeof pg);
    memset(&pg_new, 0, sizeof pg_new);
    memset(&pg_left, 0, sizeof pg_left);
    memset(&pg_parent, 0, sizeof pg_parent);
    CHECK(split_load(t, pgno, &s));
    flags = s.pv.flags;
    root = (flags & PAGE_FLAG_ROOT) != 0;
    branch = !(flags & PAGE_FLAG_LEAF);
    if (root) {
        CHECK(page_external_header(&s.pv, &ext_line));
        if (ext_line.cb > sizeof ext) FAIL(JET_errNodeCorrupted);
        cb_ext = ext_line.cb;
        if (cb_ext != 0) memcpy(ext, ext_line.pb, cb_ext);
    }
    /* Compaction alone may do: garbage nodes and prefix compression go away. An append
     * must leave the density's reserve free as well (reserve: 0 for other changes). */
    if (range_cb(&s, 0, s.n, branch, page_compresses(flags)) + need + reserve <= page_room(t, cb_ext) &&
        s.n + 2u < PAGE_TAGS_MAX) {
        CHECK(get_write(t, pgno, &pg, &data, &pv_tmp));
        CHECK(fill_page(t, &s, data, pgno, flags, ext, cb_ext, 0, s.n));
        page_set_siblings(data, s.pv.pgno_prev, s.pv.pgno_next);
        goto done;
    }
    if (root && !branch) {
        /* ESE's vertical split (BTISelectVerticalSplit): a root leaf moves all its nodes
         * to one new page and becomes its parent; the pending change then goes to that
         * page if it fits there (the caller skips the density's reserve once), or splits
         * it as any other leaf. */
        uint32_t child_flags = flags & ~(uint32_t)(PAGE_FLAG_ROOT | PAGE_FLAG_EMPTY);
        uint32_t root_flags = (flags & ~(uint32_t)(PAGE_FLAG_LEAF | PAGE_FLAG_EMPTY)) | PAGE_FLAG_PARENT_OF_LEAF;
        uint8_t child[PAGE_CHILD_CB];
        CHECK(space_alloc_page(t->db, t->pgno_root, &pgno_new));
        CHECK(cache_new_page(t->db->c, t->db->ifile, pgno_new, &pg_new, &data_new));
        CHECK(fill_page(t, &s, data_new, pgno_new, child_flags, NULL, 0, 0, s.n));
        page_set_siblings(data_new, 0, 0);
        CHECK(get_write(t, pgno, &pg, &data, &pv_tmp));
        /* the space header as it is after taking the page (see below) */
        CHECK(page_external_header(&pv_tmp, &ext_line));
        if (ext_line.cb > sizeof ext) FAIL(JET_errNodeCorrupted);
        cb_ext = ext_line.cb;
        if (cb_ext != 0) memcpy(ext, ext_line.pb, cb_ext);
        CHECK(page_format(data, t->db->cb_page, pgno, t->objid, root_flags, space_next_dbtime(t->db)));
        if (cb_ext != 0) CHECK(page_set_external_header(data, t->db->cb_page, ext, cb_ext));
        byte_order_put_le32(child, pgno_new);
        CHECK(page_insert_node(data, t->db->cb_page, 0, NULL, 0, child, PAGE_CHILD_CB, 0));
        goto done;
    }
    append = s.pv.pgno_next == 0 && (branch ? path->iline[level] + 1u == s.n : path->iline[level] == s.n);
    CHECK(choose_split(t, &s, branch, append, key, cb_key, path->iline[level], need, replacing, &m));
    /* The new page of an append split starts empty: the appended key becomes its prefix
     * when the page still takes the node compressed (+ the prefix length field). */
    if (m == s.n && !branch && cb_own_key > PAGE_PREFIX_OVERHEAD && cb_own_key <= cb_key &&
        page_compresses(flags & ~(uint32_t)PAGE_FLAG_ROOT) && need + PAGE_PREFIX_OVERHEAD <= page_room(t, 0))
        cb_append_prefix = cb_own_key;

    if (!root) {
        uint32_t need_parent = page_node_cb(s.cb_sep, PAGE_CHILD_CB) + PAGE_TAG_CB;
        cache_page pp;
        page_view ppv;
        memset(&pp, 0, sizeof pp);
        CHECK(cache_get(t->db->c, t->db->ifile, path->pgno[level - 1u], &pp));
        err = check_page(t, pp.data, &ppv);
        /* 1: the parent has no room for the separator, so it splits first */
        if (err >= 0 && !page_can_insert(&ppv, page_node_cb_on(&ppv, s.sep, s.cb_sep, PAGE_CHILD_CB))) err = 1;
        cache_release(t->db->c, &pp);
        CHECK(err);
        if (err == 1) {
            err = JET_errSuccess;
            CHECK(make_room(t, path, level - 1u, need_parent, 0, s.sep, s.cb_sep, 0, false));
            goto done;
        }
        /* The left half stays on this page, the right half goes to a new one. */
        CHECK(space_alloc_page(t->db, t->pgno_root, &pgno_new));
        CHECK(cache_new_page(t->db->c, t->db->ifile, pgno_new, &pg_new, &data_new));
        CHECK(fill_page(t, &s, data_new, pgno_new, flags, key, cb_append_prefix, m, s.n));
        page_set_siblings(data_new, pgno, s.pv.pgno_next);
        CHECK(get_write(t, pgno, &pg, &data, &pv_tmp));
        /* An append split leaves the page's nodes as they are (m == n: none moves) and
         * changes only its link: ESE's BTIPerformSplit moves nothing and skips
         * BTISplitSetPrefixInSrcPage for splittypeAppend. Other splits lay the left half
         * out again. */
        if (!(append_keeps_page(&s, branch, append) && m == s.n))
            CHECK(fill_page(t, &s, data, pgno, flags, NULL, 0, 0, m));
        page_set_siblings(data, s.pv.pgno_prev, pgno_new);
        CHECK(set_link(t, s.pv.pgno_next, true, pgno_new));
        CHECK(get_write(t, path->pgno[level - 1u], &pg_parent, &data_parent, &pv_parent));
        CHECK(page_insert_node(data_parent, t->db->cb_page, path->iline[level - 1u], s.sep, s.cb_sep,
                               (const uint8_t *)"\0\0\0\0", PAGE_CHILD_CB, 0));
        CHECK(set_child(t, data_parent, path->iline[level - 1u], pgno));
        CHECK(set_child(t, data_parent, path->iline[level - 1u] + 1u, pgno_new));
        goto done;
    }

    /* The root keeps its page number and space header: its nodes move to two new pages
     * and it becomes a branch over them. */
    {
        uint32_t child_flags = flags & ~(uint32_t)(PAGE_FLAG_ROOT | PAGE_FLAG_EMPTY);
        uint32_t root_flags = (flags & ~(uint32_t)(PAGE_FLAG_LEAF | PAGE_FLAG_PARENT_OF_LEAF | PAGE_FLAG_EMPTY));
        uint8_t child[PAGE_CHILD_CB];
        if (!branch) root_flags |= PAGE_FLAG_PARENT_OF_LEAF;
        CHECK(space_alloc_page(t->db, t->pgno_root, &pgno_left));
        CHECK(space_alloc_page(t->db, t->pgno_root, &pgno_new));
        CHECK(cache_new_page(t->db->c, t->db->ifile, pgno_left, &pg_left, &data_left));
        CHECK(fill_page(t, &s, data_left, pgno_left, child_flags, NULL, 0, 0, m));
        page_set_siblings(data_left, 0, pgno_new);
        CHECK(cache_new_page(t->db->c, t->db->ifile, pgno_new, &pg_new, &data_new));
        CHECK(fill_page(t, &s, data_new, pgno_new, child_flags, key, cb_append_prefix, m, s.n));
        page_set_siblings(data_new, pgno_left, 0);
        CHECK(get_write(t, pgno, &pg, &data, &pv_tmp));
        /* The space header as it is now: taking the two pages may have changed it (a
         * single-extent object converted to space trees, a growth recorded). */
        CHECK(page_external_header(&pv_tmp, &ext_line));
        if (ext_line.cb > sizeof ext) FAIL(JET_errNodeCorrupted);
        cb_ext = ext_line.cb;
        if (cb_ext != 0) memcpy(ext, ext_line.pb, cb_ext);
        CHECK(page_format(data, t->db->cb_page, pgno, t->objid, root_flags, space_next_dbtime(t->db)));
        if (cb_ext != 0) CHECK(page_set_external_header(data, t->db->cb_page, ext, cb_ext));
        byte_order_put_le32(child, pgno_left);
        CHECK(page_insert_node(data, t->db->cb_page, 0, s.sep, s.cb_sep, child, PAGE_CHILD_CB, 0));
        byte_order_put_le32(child, pgno_new);
        CHECK(page_insert_node(data, t->db->cb_page, 1, NULL, 0, child, PAGE_CHILD_CB, 0));
    }
done:
    cache_release(t->db->c, &pg);
    cache_release(t->db->c, &pg_new);
    cache_release(t->db->c, &pg_left);
    cache_release(t->db->c, &pg_parent);
    split_free(&s);
    return err;
}

static JET_ERR check_args(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data)
{
    if (t == NULL || t->db == NULL || t->db->c == NULL || t->pgno_root == 0) return JET_errInvalidParameter;
    if ((key == NULL && cb_key != 0) || (data == NULL && cb_data != 0)) return JET_errInvalidParameter;
    if (cb_key > PAGE_KEY_MAX) return JET_errKeyTooBig;
    if ((uint64_t)cb_key + cb_data > btree_tree_node_max(t)) return JET_errRecordTooBig;
    return JET_errSuccess;
}

/* The state of the node the path found (on the pinned leaf pv), for the hooks. */
static JET_ERR found_state(const page_view *pv, const wpath *path, btree_node_state *st)
{
    JET_ERR err = JET_errSuccess;
    page_node node;
    memset(st, 0, sizeof *st);
    if (!path->found && !path->found_deleted) goto done;
    CHECK(page_get_node(pv, path->iline[path->depth - 1u], &node));
    st->present = true;
    st->flagged = (node.flags & NODE_FLAG_DELETED) != 0;
    st->data = node.data;
    st->cb_data = node.cb_data;
done:
    return err;
}

/* Runs the tree's hook before a change of the node the path found. */
static JET_ERR run_hook(const btree_tree *t, btree_change op, const uint8_t *key, uint32_t cb_key, const uint8_t *data,
                        uint32_t cb_data, bool dup, const page_view *pv, const wpath *path)
{
    JET_ERR err = JET_errSuccess;
    btree_node_state before;
    if (t->hooks == NULL || t->hooks->before_change == NULL) return JET_errSuccess;
    CHECK(found_state(pv, path, &before));
    err = t->hooks->before_change(t->hook_ctx, t, op, key, cb_key, dup ? data : NULL, dup ? cb_data : 0, &before);
done:
    return err;
}

/* Bytes a caller keeps on its stack for dup_stream: a secondary index's key and primary
 * key fit (no allocation per index entry); longer ones are allocated. */
#define DUP_STREAM_HERE 512u

/* The bytes a node of a non-unique tree is ordered by: its key and data together, in
 * here (DUP_STREAM_HERE bytes) when they fit, else in a new buffer (*out != here, which
 * the caller frees). */
static JET_ERR dup_stream(const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data, uint8_t *here,
                          uint8_t **out)
{
    uint8_t *stream = here;
    if ((uint64_t)cb_key + cb_data > DUP_STREAM_HERE) {
        stream = compat_malloc(cb_key + cb_data + 1u);
        if (stream == NULL) return JET_errOutOfMemory;
    }
    if (cb_key != 0) memcpy(stream, key, cb_key);
    if (cb_data != 0) memcpy(stream + cb_key, data, cb_data);
    *out = stream;
    return JET_errSuccess;
}

/* Inserts; dup: the node is identified by key and data (non-unique trees). A flag-deleted
 * node with the same identity is taken over. hooks: run the tree's hooks; flags: the new
 * node's flags (restoring a flag-deleted node). */
static JET_ERR insert(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data,
                      bool dup, bool hooks, uint32_t flags)
{
    JET_ERR err = JET_errSuccess;
    wpath path;
    cache_page pg;
    page_view pv;
    uint8_t *page;
    uint32_t attempt, cb = page_node_cb(cb_key, cb_data), cb_here, leaf, cb_s = cb_key, reserve;
    bool vertical = false;
    uint8_t *stream = NULL, stream_here[DUP_STREAM_HERE];
    const uint8_t *s = key;

    memset(&pg, 0, sizeof pg);
    if (t == NULL || t->db == NULL) return JET_errInvalidParameter;
    CHECK(check_args(t, key, cb_key, data, cb_data));
    if (dup) {
        CHECK(dup_stream(key, cb_key, data, cb_data, stream_here, &stream));
        s = stream;
        cb_s = cb_key + cb_data;
    }
    for (attempt = 0; attempt < RETRIES_MAX; attempt++) {
        CHECK(descend(t, s, cb_s, cb_key, dup, &path));
        leaf = path.depth - 1u;
        if (path.found) {
            /* A live node: a duplicate, or a write conflict when another transaction's
             * change made it (the hook decides). */
            if (hooks && t->hooks != NULL) {
                CHECK(cache_get(t->db->c, t->db->ifile, path.pgno[leaf], &pg));
                CHECK(check_page(t, pg.data, &pv));
                CHECK(run_hook(t, BTREE_CHANGE_INSERT, key, cb_key, data, cb_data, dup, &pv, &path));
            }
            FAIL(JET_errKeyDuplicate);
        }
        CHECK(cache_get(t->db->c, t->db->ifile, path.pgno[leaf], &pg));
        CHECK(check_page(t, pg.data, &pv));
        /* The room the node takes on this page, compressed against its prefix; make_room
         * below is asked for the uncompressed size, as a new page's prefix may differ. */
        cb_here = page_node_cb_on(&pv, key, cb_key, cb_data);
        /* ESE's FBTIAppend: past the last node of the tree's last page, the node must
         * leave the density's reserve free too, or it starts a page of its own (an append
         * split). An empty page takes it whatever the reserve (the split's new page). */
        reserve = 0;
        if (!vertical && !path.found_deleted && pv.pgno_next == 0 && path.iline[leaf] == page_line_count(&pv) &&
            page_line_count(&pv) != 0 && (pv.flags & PAGE_FLAG_LEAF) && !(pv.flags & PAGE_FLAG_SPACE_TREE))
            reserve = btree_density_free(t);
        if (path.found_deleted ? (uint32_t)pv.cb_free + path.cb_found >= cb_here
                               : page_can_insert(&pv, cb_here + reserve)) {
            if (hooks) CHECK(run_hook(t, BTREE_CHANGE_INSERT, key, cb_key, data, cb_data, dup, &pv, &path));
            CHECK(cache_write(t->db->c, &pg, &page));
            page_set_dbtime(page, space_next_dbtime(t->db));
            if (path.found_deleted)
                CHECK(page_replace_node(page, t->db->cb_page, path.iline[leaf], key, cb_key, data, cb_data, flags));
            else
                CHECK(page_insert_node(page, t->db->cb_page, path.iline[leaf], key, cb_key, data, cb_data, flags));
            goto done;
        }
        cache_release(t->db->c, &pg);
        CHECK(make_room(t, &path, leaf, cb + PAGE_TAG_CB, reserve, s, cb_s, cb_key, false));
        vertical = leaf == 0; /* a root leaf made room by a vertical split (or compaction) */
    }
    err = JET_errRecordTooBig;
done:
    cache_release(t->db->c, &pg);
    if (stream != stream_here) compat_free(stream);
    return err;
}

/* Counts one logged change for JetGetThreadStats when the change was made. */
static JET_ERR counted(JET_ERR err, uint32_t cb)
{
    if (err >= 0) thread_stats_log_record(cb);
    return err;
}

JET_ERR btree_insert(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data)
{
    return counted(insert(t, key, cb_key, data, cb_data, false, true, 0), cb_key + cb_data);
}

JET_ERR btree_insert_dup(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data)
{
    return counted(insert(t, key, cb_key, data, cb_data, true, true, 0), cb_key + cb_data);
}

/* Replaces the data and flags of the node with this key (flagged: a flag-deleted node may
 * be the one; dup trees are never replaced: their data is their identity). */
static JET_ERR replace(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data,
                       bool hooks, bool flagged, uint32_t flags)
{
    JET_ERR err = JET_errSuccess;
    wpath path;
    cache_page pg;
    page_view pv;
    uint8_t *page;
    uint32_t attempt, cb, leaf;

    memset(&pg, 0, sizeof pg);
    if (t == NULL || t->db == NULL) return JET_errInvalidParameter;
    CHECK(check_args(t, key, cb_key, data, cb_data));
    for (attempt = 0; attempt < RETRIES_MAX; attempt++) {
        CHECK(descend(t, key, cb_key, cb_key, false, &path));
        if (!path.found && !(flagged && path.found_deleted)) FAIL(JET_errRecordNotFound);
        leaf = path.depth - 1u;
        CHECK(cache_get(t->db->c, t->db->ifile, path.pgno[leaf], &pg));
        CHECK(check_page(t, pg.data, &pv));
        /* The old node shares the page's prefix as the new one will, so the difference of
         * the two sizes holds on any page the node ends up on. */
        cb = page_node_cb_on(&pv, key, cb_key, cb_data);
        if ((uint32_t)pv.cb_free + path.cb_found >= cb) {
            if (hooks) CHECK(run_hook(t, BTREE_CHANGE_REPLACE, key, cb_key, data, cb_data, false, &pv, &path));
            CHECK(cache_write(t->db->c, &pg, &page));
            page_set_dbtime(page, space_next_dbtime(t->db));
            CHECK(page_replace_node(page, t->db->cb_page, path.iline[leaf], key, cb_key, data, cb_data, flags));
            goto done;
        }
        cache_release(t->db->c, &pg);
        CHECK(make_room(t, &path, leaf, cb > path.cb_found ? cb - path.cb_found : 0u, 0, key, cb_key, 0, true));
    }
    err = JET_errRecordTooBig;
done:
    cache_release(t->db->c, &pg);
    return err;
}

JET_ERR btree_replace(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data)
{
    return counted(replace(t, key, cb_key, data, cb_data, true, false, 0), cb_key + cb_data);
}

/* Takes the empty page at level of the path out of its parent and the sibling chain and
 * gives it back to the tree's space; a parent left empty goes the same way, and an empty
 * root becomes an empty leaf. */
static JET_ERR remove_page(const btree_tree *t, const wpath *path, uint32_t level)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_node node;
    uint8_t *data, child[PAGE_CHILD_CB];
    uint32_t pgno = path->pgno[level], j = path->iline[level - 1u], n, prev, next;

    memset(&pg, 0, sizeof pg);
    CHECK(cache_get(t->db->c, t->db->ifile, pgno, &pg));
    CHECK(check_page(t, pg.data, &pv));
    prev = pv.pgno_prev;
    next = pv.pgno_next;
    cache_release(t->db->c, &pg);
    CHECK(set_link(t, prev, false, next));
    CHECK(set_link(t, next, true, prev));

    CHECK(get_write(t, path->pgno[level - 1u], &pg, &data, &pv));
    n = page_line_count(&pv);
    if (j >= n) FAIL(JET_errBadParentPageLink);
    CHECK(page_get_node(&pv, j, &node));
    if (node.cb_data != PAGE_CHILD_CB || byte_order_get_le32(node.data) != pgno) FAIL(JET_errBadParentPageLink);
    if (j + 1u < n) {
        CHECK(page_delete_node(data, t->db->cb_page, j));
    } else if (j > 0) {
        /* The last node goes: the one before it takes the page's upper range. */
        CHECK(page_delete_node(data, t->db->cb_page, j));
        CHECK(check_page(t, data, &pv));
        CHECK(page_get_node(&pv, j - 1u, &node));
        if (node.cb_data != PAGE_CHILD_CB) FAIL(JET_errBadParentPageLink);
        memcpy(child, node.data, PAGE_CHILD_CB);
        CHECK(page_replace_node(data, t->db->cb_page, j - 1u, NULL, 0, child, PAGE_CHILD_CB, 0));
    } else {
        CHECK(page_delete_node(data, t->db->cb_page, j));
        if (level - 1u == 0) {
            /* The tree is empty: the root is an empty leaf again. */
            page_set_flags(data, (pv.flags & ~(uint32_t)PAGE_FLAG_PARENT_OF_LEAF) | PAGE_FLAG_LEAF);
        } else {
            cache_release(t->db->c, &pg);
            CHECK(remove_page(t, path, level - 1u));
        }
    }
    CHECK(space_free_page(t->db, t->pgno_root, pgno));
done:
    cache_release(t->db->c, &pg);
    return err;
}

/* Which nodes delete_node takes. */
enum delete_which { DELETE_LIVE, DELETE_ANY, DELETE_FLAGGED };

/* Removes the node (key; and data for dup trees). hooks: run the tree's hooks, and when
 * they ask for it leave the node flag-deleted instead; which: a live node only, any node,
 * or a flag-deleted one only (a live one is then left alone). */
static JET_ERR delete_node(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data,
                           bool dup, bool hooks, enum delete_which which)
{
    JET_ERR err = JET_errSuccess;
    wpath path;
    cache_page pg;
    page_view pv;
    page_node node;
    uint8_t *page, *keep = NULL;
    uint32_t leaf, cb_s = cb_key, cb_keep = 0;
    uint8_t *stream = NULL, stream_here[DUP_STREAM_HERE];
    const uint8_t *s = key;

    memset(&pg, 0, sizeof pg);
    if (t == NULL || t->db == NULL) return JET_errInvalidParameter;
    CHECK(check_args(t, key, cb_key, data, cb_data));
    if (dup) {
        CHECK(dup_stream(key, cb_key, data, cb_data, stream_here, &stream));
        s = stream;
        cb_s = cb_key + cb_data;
    }
    CHECK(descend(t, s, cb_s, cb_key, dup, &path));
    if (which == DELETE_FLAGGED && !path.found_deleted) goto done;
    if (!path.found && !(which != DELETE_LIVE && path.found_deleted)) FAIL(JET_errRecordNotFound);
    leaf = path.depth - 1u;
    CHECK(cache_get(t->db->c, t->db->ifile, path.pgno[leaf], &pg));
    CHECK(check_page(t, pg.data, &pv));
    if (hooks) CHECK(run_hook(t, BTREE_CHANGE_DELETE, key, cb_key, data, cb_data, dup, &pv, &path));
    if (hooks && t->hooks != NULL && t->hooks->flag_deletes) {
        /* The node stays, flag-deleted, for the snapshots that still see it. */
        CHECK(page_get_node(&pv, path.iline[leaf], &node));
        keep = compat_malloc(node.cb_data ? node.cb_data : 1u);
        if (keep == NULL) FAIL(JET_errOutOfMemory);
        memcpy(keep, node.data, node.cb_data);
        cb_keep = node.cb_data;
        CHECK(cache_write(t->db->c, &pg, &page));
        page_set_dbtime(page, space_next_dbtime(t->db));
        CHECK(page_replace_node(page, t->db->cb_page, path.iline[leaf], key, cb_key, keep, cb_keep, NODE_FLAG_DELETED));
        goto done;
    }
    CHECK(cache_write(t->db->c, &pg, &page));
    page_set_dbtime(page, space_next_dbtime(t->db));
    CHECK(page_delete_node(page, t->db->cb_page, path.iline[leaf]));
    CHECK(check_page(t, page, &pv));
    cache_release(t->db->c, &pg);
    if (leaf > 0 && page_line_count(&pv) == 0) CHECK(remove_page(t, &path, leaf));
done:
    cache_release(t->db->c, &pg);
    if (stream != stream_here) compat_free(stream);
    compat_free(keep);
    return err;
}

JET_ERR btree_delete(const btree_tree *t, const uint8_t *key, uint32_t cb_key)
{
    return counted(delete_node(t, key, cb_key, NULL, 0, false, true, DELETE_LIVE), cb_key);
}

JET_ERR btree_delete_dup(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data)
{
    return counted(delete_node(t, key, cb_key, data, cb_data, true, true, DELETE_LIVE), cb_key + cb_data);
}

JET_ERR btree_purge_flagged(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *dup_data,
                            uint32_t cb_dup_data)
{
    return delete_node(t, key, cb_key, dup_data, cb_dup_data, dup_data != NULL, false, DELETE_FLAGGED);
}

JET_ERR btree_restore(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *dup_data,
                      uint32_t cb_dup_data, const btree_node_state *state)
{
    JET_ERR err;
    bool dup = dup_data != NULL;
    uint32_t flags = state->flagged ? NODE_FLAG_DELETED : 0u;

    if (!state->present) {
        err = delete_node(t, key, cb_key, dup_data, cb_dup_data, dup, false, DELETE_ANY);
        return err == JET_errRecordNotFound ? JET_errSuccess : err;
    }
    if (dup) {
        /* The identity is key and data: present means the node is there with this flag. */
        err = delete_node(t, key, cb_key, dup_data, cb_dup_data, true, false, DELETE_ANY);
        if (err < 0 && err != JET_errRecordNotFound) return err;
        return insert(t, key, cb_key, dup_data, cb_dup_data, true, false, flags);
    }
    err = replace(t, key, cb_key, state->data, state->cb_data, false, true, flags);
    if (err == JET_errRecordNotFound) err = insert(t, key, cb_key, state->data, state->cb_data, false, false, flags);
    return err;
}
