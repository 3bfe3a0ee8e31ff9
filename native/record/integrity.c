/* integrity.c: the whole-database integrity check (see integrity.h, docs/integrity.md).
 * Four passes: every page's checksum; every object's space (OwnExt/AvailExt or the
 * single-extent bitmap) and every B+-tree's structure, page by page from its root;
 * page accounting (each page used once, by a tree of the object owning it, or
 * available); then the data: the catalog against its shadow, every index against the
 * records, every separated long value against its references. */
#include "integrity.h"
#include "jet_error.h"

#include <stdlib.h>
#include <string.h>

#include "btree.h"
#include "byte_order.h"
#include "catalog.h"
#include "dbheader.h"
#include "key.h"
#include "lv_layout.h"
#include "page.h"
#include "record.h"
#include "space_header.h"

#define POOL_FLAG 0x80u            /* AvailExt keys of 5 bytes: 0x80 | pool, then the last pgno */
#define POOL_SHELVED 2u            /* pages beyond the end of the file ESE keeps aside */
#define KIND_MASK (PAGE_FLAG_SPACE_TREE | PAGE_FLAG_INDEX | PAGE_FLAG_LONG_VALUE | PAGE_FLAG_NON_UNIQUE_KEYS)
#define REPORTS_PER_OBJECT 4u      /* page-by-page problems of one kind kept per object */

enum page_status { PS_UNREAD = 0, PS_OK, PS_BLANK, PS_BAD };
enum object_kind { OBJ_ROOT, OBJ_TABLE, OBJ_INDEX, OBJ_LV };

/* What pass 1 and the space pass learn about each page. Object numbers are index + 1
 * into the checker's object list, 0 for none. */
typedef struct page_state {
    uint32_t owner;   /* the deepest object whose owned extents hold the page */
    uint32_t avail;   /* the object listing it as available */
    uint32_t used;    /* the object one of whose trees uses it */
    uint8_t status;
} page_state;

typedef struct object {
    uint32_t pgno_fdp, objid, parent;
    enum object_kind kind;
    catalog_table *t;
    record_index *x;
    bool tree_ok;     /* the main tree's structure holds: its data can be read */
    uint32_t reports; /* page-by-page problems reported so far */
} object;

typedef struct extent {
    uint32_t first, cpg;
    bool shelved;
} extent;

typedef struct extent_list {
    extent *v;
    uint32_t n, cap;
} extent_list;

typedef struct checker {
    cache *c;
    uint32_t ifile, cb_page, pgno_last;
    bool large;
    integrity_report *r;
    page_state *ps;
    object *objs;
    uint32_t nobjs, cap_objs;
    catalog *cat;
} checker;

/* ---- problems ---- */

typedef struct text {
    char s[INTEGRITY_PROBLEM_CB];
    size_t n;
} text;

static void text_add(text *t, const char *s)
{
    while (*s != '\0' && t->n + 1u < sizeof t->s) t->s[t->n++] = *s++;
    t->s[t->n] = '\0';
}

static void text_num(text *t, uint64_t v)
{
    char d[24];
    size_t i = 0;
    do {
        d[i++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0 && i < sizeof d);
    while (i > 0 && t->n + 1u < sizeof t->s) t->s[t->n++] = d[--i];
    t->s[t->n] = '\0';
}

static void text_hex(text *t, const uint8_t *pb, uint32_t cb)
{
    static const char digits[] = "0123456789abcdef";
    uint32_t i;
    for (i = 0; i < cb && i < 24u && t->n + 3u < sizeof t->s; i++) {
        t->s[t->n++] = digits[pb[i] >> 4];
        t->s[t->n++] = digits[pb[i] & 15u];
    }
    if (i < cb) text_add(t, "..");
    t->s[t->n] = '\0';
}

/* Starts a problem's text: "page P, objid O: ". */
static void text_start(text *t, uint32_t pgno, uint32_t objid)
{
    t->n = 0;
    t->s[0] = '\0';
    if (pgno != 0) {
        text_add(t, "page ");
        text_num(t, pgno);
    }
    if (objid != 0) {
        text_add(t, pgno != 0 ? ", objid " : "objid ");
        text_num(t, objid);
    }
    if (t->n != 0) text_add(t, ": ");
}

static void report(checker *k, JET_ERR code, const text *t)
{
    integrity_report *r = k->r;
    if (r->problems == 0) r->first_error = code;
    r->problems++;
    if (r->problems_kept < INTEGRITY_PROBLEMS_KEPT) memcpy(r->problem[r->problems_kept++], t->s, t->n + 1u);
}

static void problem(checker *k, JET_ERR code, uint32_t pgno, uint32_t objid, const char *what)
{
    text t;
    text_start(&t, pgno, objid);
    text_add(&t, what);
    report(k, code, &t);
}

static void problem_num(checker *k, JET_ERR code, uint32_t pgno, uint32_t objid, const char *what, uint64_t v,
                        const char *what2, uint64_t v2)
{
    text t;
    text_start(&t, pgno, objid);
    text_add(&t, what);
    text_num(&t, v);
    if (what2 != NULL) {
        text_add(&t, what2);
        text_num(&t, v2);
    }
    report(k, code, &t);
}

/* "what" v "tail" */
static void problem_num_s(checker *k, JET_ERR code, uint32_t pgno, uint32_t objid, const char *what, uint64_t v,
                          const char *tail)
{
    text t;
    text_start(&t, pgno, objid);
    text_add(&t, what);
    text_num(&t, v);
    text_add(&t, tail);
    report(k, code, &t);
}

/* ---- helpers ---- */

static int bytes_cmp(const uint8_t *a, uint32_t na, const uint8_t *b, uint32_t nb)
{
    uint32_t n = na < nb ? na : nb;
    int c = n != 0 ? memcmp(a, b, n) : 0;
    if (c != 0) return c;
    return na < nb ? -1 : na > nb ? 1 : 0;
}

static JET_ERR extents_add(extent_list *l, uint32_t first, uint32_t cpg, bool shelved)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap < 16u ? 16u : 2u * l->cap;
        extent *v = compat_realloc(l->v, (size_t)cap * sizeof *v);
        if (v == NULL) return JET_errOutOfMemory;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].first = first;
    l->v[l->n].cpg = cpg;
    l->v[l->n].shelved = shelved;
    l->n++;
    return JET_errSuccess;
}

static uint32_t obj_objid(const checker *k, uint32_t o)
{
    return o == 0 ? 0u : k->objs[o - 1u].objid;
}

/* ---- pass 1: pages ---- */

static JET_ERR check_pages(checker *k)
{
    JET_ERR err = JET_errSuccess;
    uint32_t pgno;
    cache_stats before, after;

    for (pgno = 1; pgno <= k->pgno_last; pgno++) {
        cache_page pg;
        page_view pv;
        JET_ERR e;

        memset(&pg, 0, sizeof pg);
        cache_get_stats(k->c, &before);
        e = cache_get(k->c, k->ifile, pgno, &pg);
        k->r->pages++;
        if (e == JET_errPageNotInitialized) {
            k->ps[pgno].status = PS_BLANK;
            k->r->pages_blank++;
            continue;
        }
        if (e == JET_errReadVerifyFailure || e == JET_errReadPgnoVerifyFailure || e == JET_errFileIOBeyondEOF) {
            k->ps[pgno].status = PS_BAD;
            problem(k, e, pgno, 0,
                    e == JET_errReadVerifyFailure ? "checksum does not verify"
                    : e == JET_errFileIOBeyondEOF ? "beyond the end of the file"
                                                  : "page carries another page number");
            continue;
        }
        CHECK(e);
        cache_get_stats(k->c, &after);
        e = page_open(pg.data, k->cb_page, &pv);
        cache_release(k->c, &pg);
        if (after.corrected != before.corrected) {
            /* the ECC put one bit back: the file itself is still damaged */
            problem(k, JET_errReadVerifyFailure, pgno, 0, "checksum shows a single-bit error (the ECC corrects it)");
        }
        if (e < 0) {
            k->ps[pgno].status = PS_BAD;
            problem(k, e, pgno, 0, "page header or tag array does not hold together");
            continue;
        }
        k->ps[pgno].status = PS_OK;
    }
done:
    return err;
}

/* ---- pass 2: trees ---- */

typedef struct walk {
    checker *k;
    uint32_t obj;            /* the object the tree belongs to */
    uint32_t objid;
    uint32_t kind_flags;     /* the root's KIND_MASK flags: every page carries them */
    bool dup;                /* leaves ordered by key and data (non-unique index) */
    bool space;              /* a space tree: collect its extents */
    bool ok;
    uint32_t leaf_depth;     /* 0 until the first leaf */
    uint32_t last_pgno[BTREE_DEPTH_MAX], last_next[BTREE_DEPTH_MAX];
    uint8_t *page[BTREE_DEPTH_MAX];  /* copies of the pages on the current path */
    uint8_t *sep_a[BTREE_DEPTH_MAX], *sep_b[BTREE_DEPTH_MAX];
    uint8_t *leaf_last;      /* the last leaf key seen (key || data for dup trees) */
    uint32_t cb_leaf_last;
    bool has_leaf_last;
    uint8_t *scratch;
    extent_list extents;     /* space trees: what the leaves list */
    uint64_t nodes;
} walk;

typedef struct bound {
    const uint8_t *pb;
    uint32_t cb;
    bool set;
} bound;

static void walk_free(walk *w)
{
    uint32_t d;
    for (d = 0; d < BTREE_DEPTH_MAX; d++) {
        compat_free(w->page[d]);
        compat_free(w->sep_a[d]);
        compat_free(w->sep_b[d]);
    }
    compat_free(w->leaf_last);
    compat_free(w->scratch);
    compat_free(w->extents.v);
}

static JET_ERR walk_level_buffers(walk *w, uint32_t depth)
{
    size_t cb_key = 2u * (size_t)w->k->cb_page;
    if (w->page[depth] == NULL) w->page[depth] = compat_malloc(w->k->cb_page);
    if (w->sep_a[depth] == NULL) w->sep_a[depth] = compat_malloc(cb_key);
    if (w->sep_b[depth] == NULL) w->sep_b[depth] = compat_malloc(cb_key);
    if (w->page[depth] == NULL || w->sep_a[depth] == NULL || w->sep_b[depth] == NULL) return JET_errOutOfMemory;
    return JET_errSuccess;
}

/* A node's key (and data, when with_data) as one string in out. */
static uint32_t node_string(const page_node *n, bool with_data, uint8_t *out)
{
    uint32_t cb = 0;
    if (n->cb_prefix != 0) memcpy(out, n->prefix, n->cb_prefix);
    cb += n->cb_prefix;
    if (n->cb_suffix != 0) memcpy(out + cb, n->suffix, n->cb_suffix);
    cb += n->cb_suffix;
    if (with_data && n->cb_data != 0) {
        memcpy(out + cb, n->data, n->cb_data);
        cb += n->cb_data;
    }
    return cb;
}

static void walk_fail(walk *w, JET_ERR code, uint32_t pgno, const char *what)
{
    w->ok = false;
    problem(w->k, code, pgno, w->objid, what);
}

static JET_ERR visit_leaf(walk *w, uint32_t pgno, const page_view *pv, const bound *lo, const bound *hi)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, n = page_line_count(pv);

    if (n == 0 && !(pv->flags & PAGE_FLAG_ROOT)) walk_fail(w, JET_errBadPageLink, pgno, "empty leaf page in a tree");
    for (i = 0; i < n; i++) {
        page_node node;
        uint32_t cb;
        JET_ERR e = page_get_node(pv, i, &node);
        if (e < 0) {
            walk_fail(w, e, pgno, "node does not hold together");
            return JET_errSuccess;
        }
        cb = node_string(&node, w->dup, w->scratch);
        if (lo->set && bytes_cmp(w->scratch, cb, lo->pb, lo->cb) < 0)
            walk_fail(w, JET_errBadParentPageLink, pgno, "leaf key below its parent's separator");
        if (hi->set && bytes_cmp(w->scratch, cb, hi->pb, hi->cb) >= 0)
            walk_fail(w, JET_errBadParentPageLink, pgno, "leaf key not below the parent's next separator");
        if (w->has_leaf_last && bytes_cmp(w->scratch, cb, w->leaf_last, w->cb_leaf_last) <= 0)
            walk_fail(w, JET_errBadPageLink, pgno, i == 0 ? "keys go backwards across the leaf chain" : "keys not in ascending order on a leaf");
        memcpy(w->leaf_last, w->scratch, cb);
        w->cb_leaf_last = cb;
        w->has_leaf_last = true;
        w->nodes++;
        if (w->space && !(node.flags & NODE_FLAG_DELETED)) {
            uint32_t cb_key = node.cb_prefix + node.cb_suffix;
            const uint8_t *key = w->scratch;
            bool pool = cb_key == 5u && (key[0] & POOL_FLAG);
            if ((cb_key != 4u && !pool) || node.cb_data != 4u) {
                walk_fail(w, JET_errSPOwnExtCorrupted, pgno, "space tree node is not an extent");
                continue;
            }
            uint32_t last = byte_order_get_be32(key + (pool ? 1u : 0u)), cpg = byte_order_get_le32(node.data);
            if (cpg == 0 || cpg > last) {
                walk_fail(w, JET_errSPOwnExtCorrupted, pgno, "extent of no pages or starting before page 1");
                continue;
            }
            CHECK(extents_add(&w->extents, last - cpg + 1u, cpg, pool && (key[0] & 0x7fu) == POOL_SHELVED));
        }
    }
done:
    return err;
}

static JET_ERR visit(walk *w, uint32_t pgno, uint32_t depth, const bound *lo, const bound *hi, uint32_t parent_flags)
{
    JET_ERR err = JET_errSuccess;
    checker *k = w->k;
    cache_page pg;
    page_view pv;
    uint32_t i, n;
    bool leaf;

    memset(&pg, 0, sizeof pg);
    if (depth >= BTREE_DEPTH_MAX) {
        walk_fail(w, JET_errBadParentPageLink, pgno, "tree deeper than 16 levels");
        goto done;
    }
    if (pgno == 0 || pgno > k->pgno_last) {
        walk_fail(w, JET_errBadParentPageLink, pgno, "child pointer outside the file");
        goto done;
    }
    if (k->ps[pgno].status != PS_OK) {
        walk_fail(w, JET_errBadParentPageLink, pgno,
                  k->ps[pgno].status == PS_BLANK ? "tree reaches a blank page" : "tree reaches a damaged page");
        goto done;
    }
    if (k->ps[pgno].used != 0) {
        walk_fail(w, JET_errBadParentPageLink, pgno, "page reached twice (by this or another tree)");
        goto done;
    }
    k->ps[pgno].used = w->obj;
    k->r->pages_in_trees++;
    CHECK(walk_level_buffers(w, depth));
    CHECK(cache_get(k->c, k->ifile, pgno, &pg));
    memcpy(w->page[depth], pg.data, k->cb_page);
    cache_release(k->c, &pg);
    CHECK(page_open(w->page[depth], k->cb_page, &pv));

    if (pv.objid_fdp != w->objid) {
        problem_num(k, JET_errBadParentPageLink, pgno, w->objid, "page carries objid ", pv.objid_fdp, NULL, 0);
        w->ok = false;
        goto done;
    }
    if (depth == 0 ? !(pv.flags & PAGE_FLAG_ROOT) : (pv.flags & PAGE_FLAG_ROOT) != 0)
        walk_fail(w, JET_errBadParentPageLink, pgno, depth == 0 ? "tree root without the root flag" : "root flag below the root");
    if ((pv.flags & KIND_MASK) != w->kind_flags)
        walk_fail(w, JET_errBadParentPageLink, pgno, "page flags of another kind of tree than its root's");
    leaf = (pv.flags & PAGE_FLAG_LEAF) != 0;
    if (depth > 0) {
        if (leaf != ((parent_flags & PAGE_FLAG_PARENT_OF_LEAF) != 0))
            walk_fail(w, JET_errBadParentPageLink, pgno, leaf ? "leaf whose parent lacks the parent-of-leaf flag" : "branch below a parent-of-leaf page");
    }
    /* the level's chain: prev/next as the walk meets the pages in key order */
    if (pv.pgno_prev != w->last_pgno[depth]) {
        problem_num(k, JET_errBadPageLink, pgno, w->objid, "previous page is ", pv.pgno_prev, ", expected ", w->last_pgno[depth]);
        w->ok = false;
    }
    if (w->last_pgno[depth] != 0 && w->last_next[depth] != pgno) {
        problem_num(k, JET_errBadPageLink, w->last_pgno[depth], w->objid, "next page is ", w->last_next[depth], ", expected ", pgno);
        w->ok = false;
    }
    w->last_pgno[depth] = pgno;
    w->last_next[depth] = pv.pgno_next;

    if (leaf) {
        if (pv.flags & PAGE_FLAG_PARENT_OF_LEAF) walk_fail(w, JET_errBadParentPageLink, pgno, "leaf with the parent-of-leaf flag");
        if (w->leaf_depth == 0) w->leaf_depth = depth + 1u;
        else if (w->leaf_depth != depth + 1u) walk_fail(w, JET_errBadParentPageLink, pgno, "leaves at different depths");
        CHECK(visit_leaf(w, pgno, &pv, lo, hi));
        goto done;
    }
    n = page_line_count(&pv);
    if (n == 0) {
        walk_fail(w, JET_errBadParentPageLink, pgno, "branch page without nodes");
        goto done;
    }
    {
        uint8_t *prev = w->sep_a[depth], *cur = w->sep_b[depth];
        uint32_t cb_prev = 0, cb_cur;
        bool has_prev = false;
        for (i = 0; i < n; i++) {
            page_node node;
            bound clo, chi;
            uint8_t *tmp;
            JET_ERR e;
            /* pv points into the level's copy, which the recursion below leaves alone */
            e = page_get_node(&pv, i, &node);
            if (e < 0) {
                walk_fail(w, e, pgno, "node does not hold together");
                break;
            }
            if (node.cb_data != PAGE_CHILD_CB) {
                walk_fail(w, JET_errBadParentPageLink, pgno, "branch node whose data is not a page number");
                break;
            }
            cb_cur = node_string(&node, false, cur);
            if (cb_cur == 0 && i + 1u != n)
                walk_fail(w, JET_errBadParentPageLink, pgno, "empty separator before the last node");
            if (cb_cur != 0) {
                if (has_prev && bytes_cmp(cur, cb_cur, prev, cb_prev) <= 0)
                    walk_fail(w, JET_errBadParentPageLink, pgno, "separators not in ascending order");
                if (hi->set && bytes_cmp(cur, cb_cur, hi->pb, hi->cb) > 0)
                    walk_fail(w, JET_errBadParentPageLink, pgno, "separator above the parent's bound");
                if (lo->set && bytes_cmp(cur, cb_cur, lo->pb, lo->cb) <= 0)
                    walk_fail(w, JET_errBadParentPageLink, pgno, "separator not above the parent's lower bound");
            }
            clo = has_prev ? (bound){prev, cb_prev, true} : *lo;
            chi = cb_cur != 0 ? (bound){cur, cb_cur, true} : *hi;
            CHECK(visit(w, byte_order_get_le32(node.data), depth + 1u, &clo, &chi, pv.flags));
            if (cb_cur != 0) {
                tmp = prev;
                prev = cur;
                cur = tmp;
                cb_prev = cb_cur;
                has_prev = true;
            }
        }
    }
done:
    cache_release(k->c, &pg);
    return err;
}

/* Walks the tree rooted at pgno_root for object obj. */
static JET_ERR walk_tree(checker *k, uint32_t obj, uint32_t pgno_root, uint32_t objid, bool space, walk *w)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    bound none = {NULL, 0, false};
    uint32_t d;

    memset(&pg, 0, sizeof pg);
    memset(w, 0, sizeof *w);
    w->k = k;
    w->obj = obj;
    w->objid = objid;
    w->space = space;
    w->ok = true;
    k->r->trees++;
    if (pgno_root == 0 || pgno_root > k->pgno_last || k->ps[pgno_root].status != PS_OK) {
        walk_fail(w, JET_errBadParentPageLink, pgno_root, "tree root is not a readable page");
        goto done;
    }
    CHECK(cache_get(k->c, k->ifile, pgno_root, &pg));
    CHECK(page_open(pg.data, k->cb_page, &pv));
    w->kind_flags = pv.flags & KIND_MASK;
    w->dup = (pv.flags & PAGE_FLAG_NON_UNIQUE_KEYS) != 0;
    cache_release(k->c, &pg);
    if (space != ((w->kind_flags & PAGE_FLAG_SPACE_TREE) != 0)) {
        walk_fail(w, JET_errSPOwnExtCorrupted, pgno_root, space ? "space tree root without the space-tree flag" : "tree root with the space-tree flag");
        goto done;
    }
    w->leaf_last = compat_malloc(2u * (size_t)k->cb_page);
    w->scratch = compat_malloc(2u * (size_t)k->cb_page);
    if (w->leaf_last == NULL || w->scratch == NULL) FAIL(JET_errOutOfMemory);
    CHECK(visit(w, pgno_root, 0, &none, &none, 0));
    for (d = 0; d < BTREE_DEPTH_MAX; d++) {
        if (w->last_pgno[d] != 0 && w->last_next[d] != 0) {
            problem_num(k, JET_errBadPageLink, w->last_pgno[d], objid, "last page of its level has next page ", w->last_next[d], NULL, 0);
            w->ok = false;
        }
    }
done:
    cache_release(k->c, &pg);
    return err;
}

/* ---- pass 2: objects and their space ---- */

static JET_ERR add_object(checker *k, uint32_t pgno_fdp, uint32_t objid, uint32_t parent, enum object_kind kind,
                          catalog_table *t, record_index *x)
{
    object *o;
    if (k->nobjs == k->cap_objs) {
        uint32_t cap = k->cap_objs < 16u ? 16u : 2u * k->cap_objs;
        object *v = compat_realloc(k->objs, (size_t)cap * sizeof *v);
        if (v == NULL) return JET_errOutOfMemory;
        k->objs = v;
        k->cap_objs = cap;
    }
    o = &k->objs[k->nobjs++];
    memset(o, 0, sizeof *o);
    o->pgno_fdp = pgno_fdp;
    o->objid = objid;
    o->parent = parent;
    o->kind = kind;
    o->t = t;
    o->x = x;
    return JET_errSuccess;
}

static bool object_reports(checker *k, uint32_t obj)
{
    return k->objs[obj - 1u].reports++ < REPORTS_PER_OBJECT;
}

/* Pages [first, first+cpg) become obj's: they must be its parent's, and not available
 * there. */
static void mark_owned(checker *k, uint32_t obj, uint32_t first, uint32_t cpg)
{
    uint32_t parent = k->objs[obj - 1u].parent, objid = k->objs[obj - 1u].objid;
    uint64_t p, end = (uint64_t)first + cpg;
    for (p = first; p < end; p++) {
        page_state *s;
        if (p == 0 || p > k->pgno_last) {
            /* the database root may own pages the file does not have yet */
            if (parent != 0 && object_reports(k, obj))
                problem_num(k, JET_errSPOwnExtCorrupted, 0, objid, "owns page ", p, " beyond the file's last page ", k->pgno_last);
            if (parent == 0) break;
            continue;
        }
        s = &k->ps[p];
        if (s->owner == obj) {
            if (object_reports(k, obj)) problem(k, JET_errSPOwnExtCorrupted, (uint32_t)p, objid, "owned extents overlap");
        } else if (s->owner != parent) {
            if (object_reports(k, obj)) {
                if (s->owner == 0)
                    problem(k, JET_errSPOwnExtCorrupted, (uint32_t)p, objid, "owned page outside its parent's owned extents");
                else
                    problem_num_s(k, JET_errSPOwnExtCorrupted, (uint32_t)p, objid, "page owned by objid ", obj_objid(k, s->owner), " too");
            }
        } else if (parent != 0 && s->avail == parent) {
            if (object_reports(k, obj)) problem(k, JET_errSPAvailExtCorrupted, (uint32_t)p, objid, "owned page still available in its parent");
        }
        s->owner = obj;
    }
}

static void mark_available(checker *k, uint32_t obj, uint32_t first, uint32_t cpg)
{
    uint32_t objid = k->objs[obj - 1u].objid;
    uint64_t p, end = (uint64_t)first + cpg;
    for (p = first; p < end; p++) {
        page_state *s;
        if (p == 0 || p > k->pgno_last) {
            if (k->objs[obj - 1u].parent != 0 && object_reports(k, obj))
                problem_num(k, JET_errSPAvailExtCorrupted, 0, objid, "available page ", p, " beyond the file's last page ", k->pgno_last);
            if (k->objs[obj - 1u].parent == 0) break;
            continue;
        }
        s = &k->ps[p];
        if (s->owner != obj) {
            if (object_reports(k, obj)) problem(k, JET_errSPAvailExtCorrupted, (uint32_t)p, objid, "available page it does not own");
        } else if (s->avail == obj) {
            if (object_reports(k, obj)) problem(k, JET_errSPAvailExtCorrupted, (uint32_t)p, objid, "available extents overlap");
        }
        s->avail = obj;
    }
}

/* The object's root page and space header; marks its owned and available pages and
 * walks its space trees and its own tree. */
static JET_ERR check_object(checker *k, uint32_t obj)
{
    JET_ERR err = JET_errSuccess;
    object *o = &k->objs[obj - 1u];
    uint32_t objid = o->objid, expect_parent_fdp, cpg_primary, pgno_parent, flags, bits;
    uint32_t want_kind = 0, i;
    cache_page pg;
    page_view pv;
    page_line ext;
    walk w;
    uint8_t sph[SPACE_HEADER_CB];

    memset(&pg, 0, sizeof pg);
    memset(&w, 0, sizeof w);
    k->r->objects++;
    if (o->pgno_fdp == 0 || o->pgno_fdp > k->pgno_last || k->ps[o->pgno_fdp].status != PS_OK) {
        problem(k, JET_errCatalogCorrupted, o->pgno_fdp, objid, "FDP is not a readable page");
        goto done;
    }
    CHECK(cache_get(k->c, k->ifile, o->pgno_fdp, &pg));
    CHECK(page_open(pg.data, k->cb_page, &pv));
    if (pv.objid_fdp != objid || !(pv.flags & PAGE_FLAG_ROOT) || (pv.flags & PAGE_FLAG_SPACE_TREE)) {
        problem_num_s(k, JET_errCatalogCorrupted, o->pgno_fdp, objid, "FDP is not a tree root of this objid (it carries objid ",
                    pv.objid_fdp, ")");
        goto done;
    }
    if (o->kind == OBJ_INDEX) {
        want_kind = PAGE_FLAG_INDEX | ((o->x->idb_flags & IDB_UNIQUE) ? 0u : PAGE_FLAG_NON_UNIQUE_KEYS);
    } else if (o->kind == OBJ_LV) {
        want_kind = PAGE_FLAG_LONG_VALUE;
    }
    if ((pv.flags & KIND_MASK) != want_kind)
        problem(k, JET_errCatalogCorrupted, o->pgno_fdp, objid, "root page flags do not match the catalog's kind of tree");
    if (page_external_header(&pv, &ext) < 0 || ext.cb != SPACE_HEADER_CB) {
        problem(k, JET_errSPOwnExtCorrupted, o->pgno_fdp, objid, "root without a space header");
        goto done;
    }
    memcpy(sph, ext.pb, SPACE_HEADER_CB);
    cache_release(k->c, &pg);
    cpg_primary = byte_order_get_le32(sph + SPACE_HEADER_CPG_PRIMARY_OFFSET);
    pgno_parent = byte_order_get_le32(sph + SPACE_HEADER_PGNO_PARENT_OFFSET);
    flags = byte_order_get_le32(sph + SPACE_HEADER_FLAGS_OFFSET);
    bits = byte_order_get_le32(sph + SPACE_HEADER_BITS_OFFSET);
    expect_parent_fdp = o->parent == 0 ? 0u : k->objs[o->parent - 1u].pgno_fdp;
    if (pgno_parent != expect_parent_fdp)
        problem_num(k, JET_errSPOwnExtCorrupted, o->pgno_fdp, objid, "space header names parent page ", pgno_parent,
                    ", expected ", expect_parent_fdp);

    if (!(flags & SPACE_HEADER_FLAG_MULTIPLE)) {
        uint32_t nbits = cpg_primary > 0 ? cpg_primary - 1u : 0u;
        if (cpg_primary == 0 || o->parent == 0) {
            problem(k, JET_errSPOwnExtCorrupted, o->pgno_fdp, objid, "single extent of no pages, or a database root without space trees");
            goto walk_main;
        }
        mark_owned(k, obj, o->pgno_fdp, cpg_primary);
        if (nbits > SPACE_HEADER_BITMAP_PAGES) nbits = SPACE_HEADER_BITMAP_PAGES;
        for (i = 0; i < nbits; i++)
            if (bits & (1u << i)) mark_available(k, obj, o->pgno_fdp + 1u + i, 1);
        if (nbits < SPACE_HEADER_BITMAP_PAGES && (bits >> nbits) != 0)
            problem(k, JET_errSPAvailExtCorrupted, o->pgno_fdp, objid, "bitmap marks pages beyond the extent available");
        if (cpg_primary > SPACE_HEADER_BITMAP_PAGES + 1u)
            mark_available(k, obj, o->pgno_fdp + SPACE_HEADER_BITMAP_PAGES + 1u,
                           cpg_primary - SPACE_HEADER_BITMAP_PAGES - 1u);
    } else {
        uint32_t pgno_oe = bits;
        if (pgno_oe == 0 || pgno_oe >= k->pgno_last) {
            problem(k, JET_errSPOwnExtCorrupted, o->pgno_fdp, objid, "OwnExt page outside the file");
            goto walk_main;
        }
        CHECK(walk_tree(k, obj, pgno_oe, objid, true, &w));
        for (i = 0; i < w.extents.n; i++) {
            if (w.extents.v[i].shelved) continue;
            mark_owned(k, obj, w.extents.v[i].first, w.extents.v[i].cpg);
        }
        if (w.extents.n != 0 && w.extents.v[w.extents.n - 1u].first + w.extents.v[w.extents.n - 1u].cpg - 1u > k->pgno_last &&
            o->parent == 0) {
            problem_num(k, JET_errSPOwnExtCorrupted, 0, objid, "the database root owns pages up to ",
                        w.extents.v[w.extents.n - 1u].first + w.extents.v[w.extents.n - 1u].cpg - 1u, ", the file ends at ", k->pgno_last);
        }
        walk_free(&w);
        CHECK(walk_tree(k, obj, pgno_oe + 1u, objid, true, &w));
        for (i = 0; i < w.extents.n; i++) {
            if (w.extents.v[i].shelved) continue;
            mark_available(k, obj, w.extents.v[i].first, w.extents.v[i].cpg);
        }
        walk_free(&w);
        memset(&w, 0, sizeof w);
    }
walk_main:
    CHECK(walk_tree(k, obj, o->pgno_fdp, objid, false, &w));
    k->objs[obj - 1u].tree_ok = w.ok;
done:
    cache_release(k->c, &pg);
    walk_free(&w);
    return err;
}

/* ---- pass 3: page accounting ---- */

static void check_accounting(checker *k)
{
    uint32_t p;
    for (p = 1; p <= k->pgno_last; p++) {
        const page_state *s = &k->ps[p];
        if (s->avail != 0) k->r->pages_available++;
        if (s->owner == 0) {
            /* a file may be longer than what its root owns (Windows extends it ahead):
             * such pages must never have been written */
            if (s->status != PS_BLANK || s->used != 0)
                problem(k, JET_errSPOwnExtCorrupted, p, 0, "page written but not owned by the database root");
            continue;
        }
        if (s->used != 0 && s->avail != 0) {
            if (object_reports(k, s->used))
                problem_num(k, JET_errSPAvailExtCorrupted, p, obj_objid(k, s->used), "page in use is available in objid ", obj_objid(k, s->avail), NULL, 0);
        } else if (s->used != 0 && s->used != s->owner) {
            if (object_reports(k, s->used))
                problem_num(k, JET_errSPOwnExtCorrupted, p, obj_objid(k, s->used), "page in use is owned by objid ", obj_objid(k, s->owner), NULL, 0);
        } else if (s->used == 0 && s->avail == 0) {
            if (object_reports(k, s->owner))
                problem(k, JET_errSPOwnExtCorrupted, p, obj_objid(k, s->owner), "owned page neither in use nor available (leaked)");
        }
    }
}

/* ---- pass 4: data ---- */

typedef struct entry {
    const uint8_t *p;    /* key then data, in the set's arena (set once it stops growing) */
    size_t off;
    uint32_t cb_key, cb_data;
} entry;

typedef struct entry_set {
    uint8_t *arena;
    size_t cb, cap;
    entry *v;
    size_t n, capn;
} entry_set;

static void entries_free(entry_set *s)
{
    compat_free(s->arena);
    compat_free(s->v);
    memset(s, 0, sizeof *s);
}

static JET_ERR entries_add(entry_set *s, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data)
{
    size_t need = (size_t)cb_key + cb_data;
    if (s->cb + need > s->cap) {
        size_t cap = s->cap < 4096u ? 4096u : s->cap;
        uint8_t *a;
        while (cap < s->cb + need) cap *= 2u;
        a = compat_realloc(s->arena, cap);
        if (a == NULL) return JET_errOutOfMemory;
        s->arena = a;
        s->cap = cap;
    }
    if (s->n == s->capn) {
        size_t capn = s->capn < 64u ? 64u : 2u * s->capn;
        entry *v = compat_realloc(s->v, capn * sizeof *v);
        if (v == NULL) return JET_errOutOfMemory;
        s->v = v;
        s->capn = capn;
    }
    if (cb_key != 0) memcpy(s->arena + s->cb, key, cb_key);
    if (cb_data != 0) memcpy(s->arena + s->cb + cb_key, data, cb_data);
    s->v[s->n].off = s->cb;
    s->v[s->n].cb_key = cb_key;
    s->v[s->n].cb_data = cb_data;
    s->n++;
    s->cb += need;
    return JET_errSuccess;
}

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = bytes_cmp(x->p, x->cb_key, y->p, y->cb_key);
    if (c != 0) return c;
    return bytes_cmp(x->p + x->cb_key, x->cb_data, y->p + y->cb_key, y->cb_data);
}

static void entries_sort(entry_set *s)
{
    size_t i;
    for (i = 0; i < s->n; i++) s->v[i].p = s->arena + s->v[i].off;
    if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, entry_cmp);
}

/* The entries idx should hold for the record (key.h: one per value of a multi-valued
 * column, ESE's null rules). A record with a null segment in an index that disallows
 * them has none (the update that made it would have failed). */
static JET_ERR index_keys(const catalog_table *t, const record_index *idx, const record_view *rv, btree_cursor *lv,
                          key_list *keys)
{
    JET_ERR err = key_list_from_record(t, idx, rv, lv, keys);
    if (err == JET_errNullKeyDisallowed) err = JET_errSuccess;
    return err;
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

typedef struct lid_list {
    uint64_t *v;
    size_t n, cap;
} lid_list;

static JET_ERR lids_add(lid_list *l, uint64_t lid)
{
    if (l->n == l->cap) {
        size_t cap = l->cap < 64u ? 64u : 2u * l->cap;
        uint64_t *v = compat_realloc(l->v, cap * sizeof *v);
        if (v == NULL) return JET_errOutOfMemory;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = lid;
    return JET_errSuccess;
}

/* The separated long values one record refers to. */
static JET_ERR record_lids(const record_view *rv, lid_list *l)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i;
    for (i = 0; i < rv->ctagged; i++) {
        record_tagged_entry te;
        uint32_t count = 0, seq;
        record_state st;
        record_value v;
        CHECK(record_tagged_at(rv, i, &te));
        if (te.null) continue;
        CHECK(record_tagged(rv, record_tagged_entry_key(&te), 1, &count, &st, &v));
        for (seq = 1; seq <= count; seq++) {
            if (seq > 1) CHECK(record_tagged(rv, record_tagged_entry_key(&te), seq, &count, &st, &v));
            if (st != RECORD_VALUE || !v.separated) continue;
            if (v.cb == 4u) CHECK(lids_add(l, byte_order_get_le32(v.pb)));
            else if (v.cb == 8u) CHECK(lids_add(l, byte_order_get_le64(v.pb)));
            else FAIL(JET_errDatabaseCorrupted);
        }
    }
done:
    return err;
}

/* Compares a sorted set computed from the records with the one read from the tree. */
static void compare_entries(checker *k, const record_index *x, entry_set *want, entry_set *have)
{
    size_t i = 0, j = 0;
    uint32_t missing = 0, extra = 0;
    while (i < want->n || j < have->n) {
        int c = i >= want->n ? 1 : j >= have->n ? -1 : entry_cmp(&want->v[i], &have->v[j]);
        if (c == 0) {
            i++;
            j++;
            continue;
        }
        text t;
        const entry *e = c < 0 ? &want->v[i] : &have->v[j];
        if ((c < 0 ? missing++ : extra++) < REPORTS_PER_OBJECT) {
            text_start(&t, x->pgno_fdp, x->objid);
            text_add(&t, "index ");
            text_add(&t, x->name);
            text_add(&t, c < 0 ? " lacks key " : " has an entry no record makes, key ");
            text_hex(&t, e->p, e->cb_key);
            text_add(&t, " -> ");
            text_hex(&t, e->p + e->cb_key, e->cb_data);
            report(k, JET_errSecondaryIndexCorrupted, &t);
        } else {
            /* counted, not kept */
            if (k->r->problems == 0) k->r->first_error = JET_errSecondaryIndexCorrupted;
            k->r->problems++;
        }
        if (c < 0) i++;
        else j++;
    }
}

static JET_ERR read_index(checker *k, const record_index *x, entry_set *have)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur;
    memset(&cur, 0, sizeof cur);
    CHECK(btree_open(&cur, k->c, k->ifile, x->pgno_fdp));
    for (err = btree_move_first(&cur); err >= 0; err = btree_move_next(&cur))
        CHECK(entries_add(have, cur.key, cur.cb_key, cur.data, cur.cb_data));
    if (err == JET_errRecordNotFound || err == JET_errNoCurrentRecord) err = JET_errSuccess;
done:
    btree_close(&cur);
    return err;
}

static JET_ERR check_lv_tree(checker *k, const catalog_table *t, lid_list *refs)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur;
    bool in_value = false;
    uint64_t lid = 0;
    uint32_t size = 0, next_off = 0, pend_off = 0, pend_cb = 0, bad = 0;
    bool pend = false;
    size_t i, j;
    uint8_t *seen = NULL;

    memset(&cur, 0, sizeof cur);
    if (refs->n > 1) qsort(refs->v, refs->n, sizeof *refs->v, u64_cmp);
    seen = compat_calloc(refs->n ? refs->n : 1u, 1);
    if (seen == NULL) FAIL(JET_errOutOfMemory);
    CHECK(btree_open(&cur, k->c, k->ifile, t->pgno_lv));
    for (err = btree_move_first(&cur);; err = btree_move_next(&cur)) {
        bool end = err == JET_errNoCurrentRecord || err == JET_errRecordNotFound;
        bool root = false, chunk = false;
        uint64_t key_lid = 0;
        uint32_t off = 0;
        if (!end) CHECK(err);
        if (!end) {
            if (cur.cb_key == 4u) {
                root = true;
                key_lid = byte_order_get_be32(cur.key);
            } else if (cur.cb_key == 8u && (cur.key[0] & 0x80u)) {
                root = true;
                key_lid = byte_order_get_be_n(cur.key, 8);
            } else if (cur.cb_key == 8u) {
                chunk = true;
                key_lid = byte_order_get_be32(cur.key);
                off = byte_order_get_be32(cur.key + 4);
            } else if (cur.cb_key == 12u && (cur.key[0] & 0x80u)) {
                chunk = true;
                key_lid = byte_order_get_be_n(cur.key, 8);
                off = byte_order_get_be32(cur.key + 8);
            } else if (bad++ < REPORTS_PER_OBJECT) {
                problem_num_s(k, JET_errLVCorrupted, 0, t->objid_lv, "LV tree node with a key of ", cur.cb_key, " bytes");
            }
        }
        /* a value ends at the next root or at the end: its chunks must reach its size */
        if ((end || root) && in_value) {
            if (pend) {
                uint32_t step = size - pend_off;
                if (pend_off >= size || pend_cb > step || (pend_cb < step && pend_cb == 0)) {
                    if (bad++ < REPORTS_PER_OBJECT) problem_num(k, JET_errLVCorrupted, 0, t->objid_lv, "long value ", lid, ": last chunk does not end at its size ", size);
                }
            } else if (size != 0 && bad++ < REPORTS_PER_OBJECT) {
                problem_num(k, JET_errLVCorrupted, 0, t->objid_lv, "long value ", lid, " has no chunks, size ", size);
            }
            in_value = false;
        }
        if (end) {
            err = JET_errSuccess;
            break;
        }
        if (root) {
            uint32_t refcount, nrefs = 0;
            k->r->long_values++;
            if (cur.cb_data < LV_ROOT_CB) {
                if (bad++ < REPORTS_PER_OBJECT) problem_num_s(k, JET_errLVCorrupted, 0, t->objid_lv, "long value root ", key_lid, " without {refcount, size}");
                continue;
            }
            refcount = byte_order_get_le32(cur.data + LV_ROOT_REFCOUNT_OFFSET);
            size = byte_order_get_le32(cur.data + LV_ROOT_SIZE_OFFSET);
            lid = key_lid;
            in_value = true;
            next_off = 0;
            pend = false;
            /* references: the sorted list's run of this lid */
            {
                size_t lo = 0, hi = refs->n;
                while (lo < hi) {
                    size_t mid = lo + (hi - lo) / 2u;
                    if (refs->v[mid] < lid) lo = mid + 1u;
                    else hi = mid;
                }
                for (j = lo; j < refs->n && refs->v[j] == lid; j++) {
                    seen[j] = 1;
                    nrefs++;
                }
            }
            if (nrefs == 0 && bad++ < REPORTS_PER_OBJECT)
                problem_num(k, JET_errLVCorrupted, 0, t->objid_lv, "long value ", lid, " has no reference, refcount ", refcount);
            else if (nrefs != refcount && bad++ < REPORTS_PER_OBJECT)
                problem_num(k, JET_errLVCorrupted, 0, t->objid_lv, "long value refcount ", refcount, ", records referring to it ", nrefs);
        } else if (chunk) {
            if (!in_value || key_lid != lid) {
                if (bad++ < REPORTS_PER_OBJECT) problem_num_s(k, JET_errLVCorrupted, 0, t->objid_lv, "chunk of long value ", key_lid, " without its root");
                continue;
            }
            if (pend) {
                uint32_t step = off - pend_off;
                if (off <= pend_off || pend_cb > step || pend_cb == 0) {
                    if (bad++ < REPORTS_PER_OBJECT)
                        problem_num(k, JET_errLVCorrupted, 0, t->objid_lv, "long value ", lid, ": chunk at offset ", off);
                }
            } else if (off != next_off && bad++ < REPORTS_PER_OBJECT) {
                problem_num(k, JET_errLVCorrupted, 0, t->objid_lv, "long value ", lid, ": first chunk at offset ", off);
            }
            pend = true;
            pend_off = off;
            pend_cb = cur.cb_data;
        }
    }
    for (i = 0; i < refs->n; i++) {
        if (seen[i]) continue;
        if (bad++ < REPORTS_PER_OBJECT) problem_num_s(k, JET_errLVCorrupted, 0, t->objid_lv, "a record refers to long value ", refs->v[i], ", which is missing");
    }
    if (bad > REPORTS_PER_OBJECT) k->r->problems += bad - REPORTS_PER_OBJECT;
done:
    compat_free(seen);
    btree_close(&cur);
    return err;
}

static object *find_object(checker *k, uint32_t pgno_fdp)
{
    uint32_t i;
    for (i = 0; i < k->nobjs; i++)
        if (k->objs[i].pgno_fdp == pgno_fdp) return &k->objs[i];
    return NULL;
}

/* The records of table t against its primary key, its secondary indexes and its LV tree. */
static JET_ERR check_table_data(checker *k, catalog_table *t)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur, lv;
    bool lv_open = false;
    object *ot = find_object(k, t->pgno_fdp), *olv = t->pgno_lv ? find_object(k, t->pgno_lv) : NULL;
    const record_index *primary = catalog_primary_index(t);
    bool primary_ok = primary != NULL;
    entry_set *want = NULL;
    bool *use = NULL;
    lid_list lids = {NULL, 0, 0};
    uint8_t key[KEY_BUFFER_MAX];
    uint32_t i, bad = 0;
    key_list keys;

    key_list_init(&keys);
    memset(&cur, 0, sizeof cur);
    memset(&lv, 0, sizeof lv);
    if (ot == NULL || !ot->tree_ok) {
        k->r->indexes_not_checked += t->cindexes;
        goto done;
    }
    want = compat_calloc(t->cindexes ? t->cindexes : 1u, sizeof *want);
    use = compat_calloc(t->cindexes ? t->cindexes : 1u, sizeof *use);
    if (want == NULL || use == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < t->cindexes; i++) {
        const record_index *x = &t->indexes[i];
        object *ox = find_object(k, x->pgno_fdp);
        use[i] = x->pgno_fdp != t->pgno_fdp && ox != NULL && ox->tree_ok;
    }
    if (olv != NULL && olv->tree_ok) {
        CHECK(btree_open(&lv, k->c, k->ifile, t->pgno_lv));
        lv_open = true;
    }
    CHECK(btree_open(&cur, k->c, k->ifile, t->pgno_fdp));
    for (err = btree_move_first(&cur); err >= 0; err = btree_move_next(&cur)) {
        record_view rv;
        JET_ERR e;
        k->r->records++;
        e = record_open(cur.data, cur.cb_data, k->large, &rv);
        if (e < 0) {
            if (bad++ < REPORTS_PER_OBJECT) {
                text tx;
                text_start(&tx, 0, t->objid);
                text_add(&tx, "record does not decode, key ");
                text_hex(&tx, cur.key, cur.cb_key);
                report(k, e, &tx);
            }
            continue;
        }
        if (primary_ok) {
            uint32_t cb = 0;
            e = key_from_record(t, primary, &rv, lv_open ? &lv : NULL, key, &cb);
            if (e == JET_errFeatureNotAvailable) {
                primary_ok = false;
            } else if (e < 0 || bytes_cmp(key, cb, cur.key, cur.cb_key) != 0) {
                if (bad++ < REPORTS_PER_OBJECT) {
                    text tx;
                    text_start(&tx, 0, t->objid);
                    text_add(&tx, "record's primary key is not what its columns make: ");
                    text_hex(&tx, cur.key, cur.cb_key);
                    report(k, e < 0 ? e : JET_errDatabaseCorrupted, &tx);
                }
            }
        }
        for (i = 0; i < t->cindexes; i++) {
            if (!use[i]) continue;
            e = index_keys(t, &t->indexes[i], &rv, lv_open ? &lv : NULL, &keys);
            if (e == JET_errFeatureNotAvailable) {
                use[i] = false;
                continue;
            }
            if (e < 0) {
                if (bad++ < REPORTS_PER_OBJECT) problem(k, e, 0, t->indexes[i].objid, "index key of a record cannot be formed");
                use[i] = false;
                continue;
            }
            for (uint32_t k = 0; k < keys.count; k++)
                CHECK(entries_add(&want[i], keys.v[k].pb, keys.v[k].cb, cur.key, cur.cb_key));
        }
        if (t->pgno_lv != 0) {
            e = record_lids(&rv, &lids);
            if (e == JET_errOutOfMemory) CHECK(e);
            if (e < 0 && bad++ < REPORTS_PER_OBJECT) problem(k, e, 0, t->objid, "a record's tagged columns do not decode");
        }
    }
    if (err != JET_errNoCurrentRecord && err != JET_errRecordNotFound) {
        problem(k, err, 0, t->objid, "table's records cannot be walked");
        err = JET_errSuccess;
        goto done;
    }
    err = JET_errSuccess;
    if (bad > REPORTS_PER_OBJECT) {
        k->r->problems += bad - REPORTS_PER_OBJECT;
    }
    for (i = 0; i < t->cindexes; i++) {
        const record_index *x = &t->indexes[i];
        entry_set have;
        if (x->pgno_fdp == t->pgno_fdp) continue;
        if (!use[i]) {
            k->r->indexes_not_checked++;
            continue;
        }
        memset(&have, 0, sizeof have);
        err = read_index(k, x, &have);
        if (err < 0 && err != JET_errOutOfMemory) {
            problem(k, err, x->pgno_fdp, x->objid, "index cannot be walked");
            err = JET_errSuccess;
            entries_free(&have);
            continue;
        }
        if (err < 0) {
            entries_free(&have);
            goto done;
        }
        entries_sort(&want[i]);
        entries_sort(&have);
        compare_entries(k, x, &want[i], &have);
        k->r->indexes_checked++;
        k->r->index_entries += have.n;
        entries_free(&have);
    }
    if (olv != NULL && olv->tree_ok) CHECK(check_lv_tree(k, t, &lids));
    else if (t->pgno_lv == 0 && lids.n != 0)
        problem(k, JET_errLVCorrupted, 0, t->objid, "records refer to long values but the table has no LV tree");
done:
    if (want != NULL)
        for (i = 0; i < t->cindexes; i++) entries_free(&want[i]);
    compat_free(want);
    compat_free(use);
    compat_free(lids.v);
    key_list_free(&keys);
    btree_close(&cur);
    if (lv_open) btree_close(&lv);
    return err;
}

/* MSysObjects and MSysObjectsShadow hold the same rows. */
static JET_ERR check_shadow(checker *k)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor a, b;
    JET_ERR ea, eb;
    uint32_t bad = 0;

    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    CHECK(btree_open(&a, k->c, k->ifile, CATALOG_PGNO_MSYSOBJECTS));
    CHECK(btree_open(&b, k->c, k->ifile, CATALOG_PGNO_MSYSOBJECTS_SHADOW));
    ea = btree_move_first(&a);
    eb = btree_move_first(&b);
    for (;;) {
        bool enda = ea == JET_errRecordNotFound || ea == JET_errNoCurrentRecord;
        bool endb = eb == JET_errRecordNotFound || eb == JET_errNoCurrentRecord;
        int c;
        if (!enda && ea < 0) CHECK(ea);
        if (!endb && eb < 0) CHECK(eb);
        if (enda && endb) break;
        c = enda ? 1 : endb ? -1 : bytes_cmp(a.key, a.cb_key, b.key, b.cb_key);
        if (c == 0 && bytes_cmp(a.data, a.cb_data, b.data, b.cb_data) != 0) {
            if (bad++ < REPORTS_PER_OBJECT) {
                text t;
                text_start(&t, 0, CATALOG_OBJID_MSYSOBJECTS_SHADOW);
                text_add(&t, "shadow row differs from the catalog's, key ");
                text_hex(&t, a.key, a.cb_key);
                report(k, JET_errCatalogCorrupted, &t);
            }
        } else if (c != 0 && bad++ < REPORTS_PER_OBJECT) {
            text t;
            text_start(&t, 0, CATALOG_OBJID_MSYSOBJECTS_SHADOW);
            text_add(&t, c < 0 ? "catalog row missing from the shadow, key " : "shadow row missing from the catalog, key ");
            text_hex(&t, c < 0 ? a.key : b.key, c < 0 ? a.cb_key : b.cb_key);
            report(k, JET_errCatalogCorrupted, &t);
        }
        if (c <= 0) {
            k->r->catalog_rows++;
            ea = btree_move_next(&a);
        }
        if (c >= 0) eb = btree_move_next(&b);
    }
    if (bad > REPORTS_PER_OBJECT) k->r->problems += bad - REPORTS_PER_OBJECT;
done:
    btree_close(&a);
    btree_close(&b);
    return err;
}

/* Objids and FDPs unique across the catalog. */
static void check_catalog_objects(checker *k)
{
    uint32_t i, j;
    for (i = 0; i < k->nobjs; i++) {
        for (j = i + 1u; j < k->nobjs; j++) {
            if (k->objs[i].pgno_fdp == k->objs[j].pgno_fdp)
                problem_num(k, JET_errCatalogCorrupted, k->objs[i].pgno_fdp, k->objs[j].objid, "FDP shared with objid ", k->objs[i].objid, NULL, 0);
            else if (k->objs[i].objid == k->objs[j].objid)
                problem_num(k, JET_errCatalogCorrupted, k->objs[j].pgno_fdp, k->objs[j].objid, "objid also used by the tree at page ", k->objs[i].pgno_fdp, NULL, 0);
        }
    }
}

/* Index collators for our own Unicode indexes, so that their keys can be checked too. */
static void set_collators(checker *k, key_collators *kc)
{
    uint32_t i, j;
    for (i = 0; i < k->cat->ctables; i++) {
        catalog_table *t = &k->cat->tables[i];
        for (j = 0; j < t->cindexes; j++) {
            record_index *x = &t->indexes[j];
            key_sort_stamp stamp;
            compat_collator *coll = NULL;
            key_collation_state state;
            if (!x->has_sort_stamp || x->collator != NULL) continue;
            stamp.version = x->sort_version;
            memcpy(stamp.sort_id, x->sort_id, sizeof stamp.sort_id);
            if (key_collator_for_index(kc, x, &stamp, &coll, &state) >= 0 && state == KEY_COLLATION_CURRENT) x->collator = coll;
        }
    }
}

JET_ERR integrity_check(cache *c, uint32_t ifile, uint32_t pgno_last, integrity_report *out)
{
    JET_ERR err = JET_errSuccess, e;
    checker k;
    key_collators *kc = NULL;
    uint32_t i, j;

    if (out == NULL) return JET_errInvalidParameter;
    memset(out, 0, sizeof *out);
    if (c == NULL) return JET_errInvalidParameter;
    memset(&k, 0, sizeof k);
    k.c = c;
    k.ifile = ifile;
    k.cb_page = cache_page_size(c);
    k.large = page_is_large(k.cb_page);
    k.pgno_last = pgno_last;
    k.r = out;
    k.ps = compat_calloc((size_t)pgno_last + 1u, sizeof *k.ps);
    if (k.ps == NULL) FAIL(JET_errOutOfMemory);

    CHECK(check_pages(&k));

    /* the objects: the database root, then each table followed by its indexes and LV tree */
    CHECK(add_object(&k, SPACE_PGNO_ROOT, SPACE_OBJID_ROOT, 0, OBJ_ROOT, NULL, NULL));
    e = catalog_load(c, ifile, &k.cat);
    if (e == JET_errOutOfMemory) CHECK(e);
    if (e < 0) problem(&k, JET_errCatalogCorrupted, CATALOG_PGNO_MSYSOBJECTS, CATALOG_OBJID_MSYSOBJECTS, "catalog cannot be read");
    if (k.cat != NULL) {
        for (i = 0; i < k.cat->ctables; i++) {
            catalog_table *t = &k.cat->tables[i];
            uint32_t ot;
            CHECK(add_object(&k, t->pgno_fdp, t->objid, 1, OBJ_TABLE, t, NULL));
            ot = k.nobjs;
            for (j = 0; j < t->cindexes; j++) {
                record_index *x = &t->indexes[j];
                if (x->pgno_fdp == t->pgno_fdp) {
                    if (!(x->idb_flags & IDB_PRIMARY) || x->objid != t->objid)
                        problem(&k, JET_errCatalogCorrupted, x->pgno_fdp, x->objid, "index shares its table's tree but is not its primary index");
                    continue;
                }
                if (x->idb_flags & IDB_PRIMARY) problem(&k, JET_errCatalogCorrupted, x->pgno_fdp, x->objid, "primary index with a tree of its own");
                CHECK(add_object(&k, x->pgno_fdp, x->objid, ot, OBJ_INDEX, t, x));
            }
            if (t->pgno_lv != 0) CHECK(add_object(&k, t->pgno_lv, t->objid_lv, ot, OBJ_LV, t, NULL));
        }
        check_catalog_objects(&k);
    }
    for (i = 1; i <= k.nobjs; i++) CHECK(check_object(&k, i));
    check_accounting(&k);

    if (k.cat != NULL) {
        object *a = find_object(&k, CATALOG_PGNO_MSYSOBJECTS), *b = find_object(&k, CATALOG_PGNO_MSYSOBJECTS_SHADOW);
        if (a == NULL || b == NULL) {
            problem(&k, JET_errCatalogCorrupted, 0, 0, "catalog lacks MSysObjects or MSysObjectsShadow");
        } else if (a->tree_ok && b->tree_ok) {
            e = check_shadow(&k);
            if (e == JET_errOutOfMemory) CHECK(e);
            if (e < 0) problem(&k, e, CATALOG_PGNO_MSYSOBJECTS_SHADOW, CATALOG_OBJID_MSYSOBJECTS_SHADOW, "shadow catalog cannot be compared");
        }
        e = key_collators_create(&kc);
        if (e == JET_errOutOfMemory) CHECK(e);
        if (kc != NULL) set_collators(&k, kc);
        for (i = 0; i < k.cat->ctables; i++) {
            e = check_table_data(&k, &k.cat->tables[i]);
            if (e == JET_errOutOfMemory) CHECK(e);
            if (e < 0) problem_num(&k, e, k.cat->tables[i].pgno_fdp, k.cat->tables[i].objid, "table's data cannot be checked: error ", (uint64_t)(int64_t)-e, NULL, 0);
        }
    }
    err = out->problems != 0 ? out->first_error : JET_errSuccess;
done:
    catalog_free(k.cat);
    key_collators_free(kc);
    compat_free(k.objs);
    compat_free(k.ps);
    return err;
}

JET_ERR integrity_check_file(const char *path, integrity_report *out)
{
    JET_ERR err = JET_errSuccess;
    dbheader_image *img = NULL;
    compat_file *file = NULL;
    cache *c = NULL;
    uint32_t ifile = 0, cb_page, max_pages;
    bool attached = false;
    uint64_t size = 0;
    compat_err ce;

    if (out == NULL) return JET_errInvalidParameter;
    memset(out, 0, sizeof *out);
    if (path == NULL) return JET_errInvalidParameter;
    img = compat_malloc(sizeof *img);
    if (img == NULL) FAIL(JET_errOutOfMemory);
    CHECK(dbheader_read_path(path, img));
    cb_page = img->cb_page;
    ce = compat_file_open(path, COMPAT_FILE_READ, &file);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    ce = compat_file_size(file, &size);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    if (size / cb_page < 3u || size / cb_page - 2u > PAGE_PGNO_MAX) FAIL(JET_errDatabaseCorrupted);
    max_pages = (8u << 20) / cb_page; /* 8 MiB of frames at most */
    CHECK(cache_create(cb_page, max_pages, &c));
    CHECK(cache_attach_file(c, file, &ifile));
    attached = true;
    err = integrity_check(c, ifile, (uint32_t)(size / cb_page - 2u), out);
done:
    if (attached) cache_detach_file(c, ifile);
    cache_destroy(c);
    if (file != NULL) compat_file_close(file);
    compat_free(img);
    return err;
}
