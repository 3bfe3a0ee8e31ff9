/* space.c: owned and available pages of every object (see space.h): the SPACE_HEADER on
 * each root page, single-extent objects with their 32-bit bitmap, and multiple-extent
 * objects with their OwnExt/AvailExt trees. Space trees are kept to one page each: a tree
 * is read into a sorted, coalesced list of extents, changed in memory and written back
 * whole (docs/format.md, "Space and writing trees" gives the limits).
 * May call: common.h, page.h, cache.h, compat (memory). */
#include "space.h"

#include <string.h>

#define SPH_CB 16u
#define SPH_MULTIPLE 0x01u
#define SPH_NON_UNIQUE 0x02u
#define SPH_V2 0x04u              /* cpgPrimary holds the size of the last extent taken */
#define BITMAP_PAGES 32u          /* pages after the FDP the single-extent bitmap covers */
#define GROW_MIN 16u              /* the file grows by at least this many pages ... */
#define GROW_SHIFT 3u             /* ... or by an eighth of its size */
#define EXTENT_MIN 8u             /* a multiple-extent object asks its parent for at least this */
#define PGNO_MAX 0x7fffffffu
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

/* One space tree page, read into memory. */
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
} space_tree;

static JET_ERR space_get_extent(space_db *db, uint32_t pgno_fdp, uint32_t cpg, uint32_t pgno_wanted, uint32_t depth,
                                uint32_t *first_out);

static void header_decode(const uint8_t *p, space_header *h)
{
    h->cpg_primary = le32_get(p);
    h->pgno_parent = le32_get(p + 4);
    h->flags = le32_get(p + 8);
    h->bits_or_oe = le32_get(p + 12);
}

static void header_encode(const space_header *h, uint8_t *p)
{
    le32_put(p, h->cpg_primary);
    le32_put(p + 4, h->pgno_parent);
    le32_put(p + 8, h->flags);
    le32_put(p + 12, h->bits_or_oe);
}

static bool multiple_extent(const space_header *h)
{
    return (h->flags & SPH_MULTIPLE) != 0;
}

/* Pages of a single extent the bitmap speaks for. */
static uint32_t bitmap_pages(const space_header *h)
{
    uint32_t n = h->cpg_primary > 0 ? h->cpg_primary - 1u : 0u;
    return n < BITMAP_PAGES ? n : BITMAP_PAGES;
}

/* Reads the root page of an object: its space header, page flags and objid. */
static JET_ERR read_root(space_db *db, uint32_t pgno_fdp, space_header *h, uint32_t *flags, uint32_t *objid)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_line ext;

    memset(&pg, 0, sizeof pg);
    if (pgno_fdp == 0 || pgno_fdp > db->pgno_last) FAIL(JET_errInvalidParameter);
    CHECK(cache_get(db->c, db->ifile, pgno_fdp, &pg));
    CHECK(page_open(pg.data, db->cb_page, &pv));
    if (!(pv.flags & PAGE_FLAG_ROOT) || (pv.flags & PAGE_FLAG_SPACE_TREE)) FAIL(JET_errSPOwnExtCorrupted);
    CHECK(page_external_header(&pv, &ext));
    if (ext.cb != SPH_CB) FAIL(JET_errSPOwnExtCorrupted);
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
    uint8_t *data, buf[SPH_CB];

    memset(&pg, 0, sizeof pg);
    header_encode(h, buf);
    CHECK(cache_get(db->c, db->ifile, pgno_fdp, &pg));
    CHECK(cache_write(db->c, &pg, &data));
    page_set_dbtime(data, space_next_dbtime(db));
    CHECK(page_set_external_header(data, db->cb_page, buf, SPH_CB));
done:
    cache_release(db->c, &pg);
    return err;
}

/* ---- extent lists ---- */

static void tree_free(space_tree *t)
{
    compat_free(t->v);
    compat_free(t->other);
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

static JET_ERR tree_keep_other(space_tree *t, const uint8_t *key, uint32_t cb_key, const page_node *node)
{
    uint32_t need = 4u + cb_key + node->cb_data;
    uint8_t *p = compat_realloc(t->other, t->cb_other + need);
    if (p == NULL) return JET_errOutOfMemory;
    t->other = p;
    p += t->cb_other;
    le16_put(p, (uint16_t)cb_key);
    memcpy(p + 2, key, cb_key);
    le16_put(p + 2 + cb_key, (uint16_t)node->cb_data);
    if (node->cb_data != 0) memcpy(p + 4 + cb_key, node->data, node->cb_data);
    t->cb_other += need;
    t->n_other++;
    return JET_errSuccess;
}

/* Reads the one-page space tree at pgno into t (deleted nodes are left out). */
static JET_ERR tree_load(space_db *db, uint32_t pgno, uint32_t objid, JET_ERR corrupt, space_tree *t)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    page_view pv;
    page_line ext;
    page_node node;
    uint8_t key[8];
    uint32_t i, n, cb_key;

    memset(&pg, 0, sizeof pg);
    memset(t, 0, sizeof *t);
    t->pgno = pgno;
    if (pgno == 0 || pgno > db->pgno_last) FAIL(corrupt);
    CHECK(cache_get(db->c, db->ifile, pgno, &pg));
    CHECK(page_open(pg.data, db->cb_page, &pv));
    if ((pv.flags & (PAGE_FLAG_ROOT | PAGE_FLAG_SPACE_TREE)) != (PAGE_FLAG_ROOT | PAGE_FLAG_SPACE_TREE)) FAIL(corrupt);
    if (pv.objid_fdp != objid) FAIL(corrupt);
    /* Trees that ESE split to more than one level are not written here. */
    if (!(pv.flags & PAGE_FLAG_LEAF)) FAIL(JET_errFeatureNotAvailable);
    t->objid = pv.objid_fdp;
    t->flags = pv.flags;
    CHECK(page_external_header(&pv, &ext));
    if (ext.cb >= PAGE_SPLIT_BUFFER_CB) memcpy(t->split_buffer, ext.pb, PAGE_SPLIT_BUFFER_CB);
    n = page_line_count(&pv);
    CHECK(list_reserve(t, n));
    for (i = 0; i < n; i++) {
        uint32_t last, cpg;
        CHECK(page_get_node(&pv, i, &node));
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
        last = (uint32_t)key[0] << 24 | (uint32_t)key[1] << 16 | (uint32_t)key[2] << 8 | key[3];
        cpg = le32_get(node.data);
        if (cpg == 0 || cpg > last) FAIL(corrupt);
        if (t->n != 0 && t->v[t->n - 1u].first + t->v[t->n - 1u].cpg > last - cpg + 1u) FAIL(corrupt);
        t->v[t->n].first = last - cpg + 1u;
        t->v[t->n].cpg = cpg;
        t->n++;
    }
done:
    cache_release(db->c, &pg);
    if (err < 0) tree_free(t);
    return err;
}

/* Bytes the tree's page needs: external header, every node and its tag. */
static uint32_t tree_bytes(const space_tree *t)
{
    return 4u + PAGE_SPLIT_BUFFER_CB + t->n * (4u + page_node_cb(4, 4)) + t->n_other * 4u + t->cb_other;
}

static JET_ERR tree_fill(space_db *db, uint8_t *data, const space_tree *t)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, iline = 0, off = 0;

    CHECK(page_format(data, db->cb_page, t->pgno, t->objid, t->flags, space_next_dbtime(db)));
    CHECK(page_set_external_header(data, db->cb_page, t->split_buffer, PAGE_SPLIT_BUFFER_CB));
    for (i = 0; i < t->n; i++) {
        uint8_t key[4], val[4];
        uint32_t last = t->v[i].first + t->v[i].cpg - 1u;
        key[0] = (uint8_t)(last >> 24);
        key[1] = (uint8_t)(last >> 16);
        key[2] = (uint8_t)(last >> 8);
        key[3] = (uint8_t)last;
        le32_put(val, t->v[i].cpg);
        CHECK(page_insert_node(data, db->cb_page, iline++, key, 4, val, 4, 0));
    }
    /* Pool keys start with 0x80 and so sort after every 4-byte key. */
    for (i = 0; i < t->n_other; i++) {
        const uint8_t *p = t->other + off;
        uint32_t cb_key = le16_get(p), cb_data = le16_get(p + 2 + cb_key);
        CHECK(page_insert_node(data, db->cb_page, iline++, p + 2, cb_key, p + 4 + cb_key, cb_data, 0));
        off += 4u + cb_key + cb_data;
    }
done:
    return err;
}

/* Writes t back over its page. JET_errOutOfDatabaseSpace when it no longer fits on one
 * page (nothing is changed then). */
static JET_ERR tree_store(space_db *db, const space_tree *t)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    uint8_t *data;
    uint32_t cb_header = page_is_large(db->cb_page) ? PAGE_HEADER_LARGE : PAGE_HEADER_SMALL;

    memset(&pg, 0, sizeof pg);
    if (tree_bytes(t) > db->cb_page - cb_header || t->n + t->n_other + 1u > PAGE_TAGS_MAX) FAIL(JET_errOutOfDatabaseSpace);
    CHECK(cache_get(db->c, db->ifile, t->pgno, &pg));
    CHECK(cache_write(db->c, &pg, &data));
    CHECK(tree_fill(db, data, t));
done:
    cache_release(db->c, &pg);
    return err;
}

/* A new space tree page (not read from the file). */
static JET_ERR tree_create(space_db *db, const space_tree *t)
{
    JET_ERR err = JET_errSuccess;
    cache_page pg;
    uint8_t *data;

    memset(&pg, 0, sizeof pg);
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
    uint8_t *data, buf[SPH_CB];

    memset(&pg, 0, sizeof pg);
    header_encode(h, buf);
    CHECK(cache_new_page(db->c, db->ifile, pgno, &pg, &data));
    CHECK(page_format(data, db->cb_page, pgno, objid, flags | PAGE_FLAG_ROOT | PAGE_FLAG_LEAF, space_next_dbtime(db)));
    CHECK(page_set_external_header(data, db->cb_page, buf, SPH_CB));
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

/* ---- the database root: growing the file ---- */

static JET_ERR grow_file(space_db *db, uint32_t cpg_min)
{
    JET_ERR err = JET_errSuccess;
    space_tree oe, ae;
    uint32_t cpg = db->pgno_last >> GROW_SHIFT, first = db->pgno_last + 1u;

    memset(&oe, 0, sizeof oe);
    memset(&ae, 0, sizeof ae);
    if (cpg < GROW_MIN) cpg = GROW_MIN;
    if (cpg < cpg_min) cpg = cpg_min;
    if (cpg_min > PGNO_MAX || db->pgno_last > PGNO_MAX - cpg) FAIL(JET_errOutOfDatabaseSpace);
    CHECK(tree_load(db, SPACE_PGNO_ROOT + 1u, SPACE_OBJID_ROOT, JET_errSPOwnExtCorrupted, &oe));
    CHECK(tree_load(db, SPACE_PGNO_ROOT + 2u, SPACE_OBJID_ROOT, JET_errSPAvailExtCorrupted, &ae));
    CHECK(list_add(&oe, first, cpg, JET_errSPOwnExtCorrupted));
    CHECK(list_add(&ae, first, cpg, JET_errSPAvailExtCorrupted));
    if (tree_bytes(&oe) > db->cb_page - PAGE_HEADER_LARGE || tree_bytes(&ae) > db->cb_page - PAGE_HEADER_LARGE)
        FAIL(JET_errOutOfDatabaseSpace);
    CHECK(tree_store(db, &oe));
    CHECK(tree_store(db, &ae));
    db->pgno_last += cpg;
done:
    tree_free(&oe);
    tree_free(&ae);
    return err;
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
    if (h.cpg_primary > BITMAP_PAGES + 1u)
        CHECK(list_add(&ae, pgno_fdp + BITMAP_PAGES + 1u, h.cpg_primary - BITMAP_PAGES - 1u, JET_errSPAvailExtCorrupted));
    CHECK(list_add(&ae, first + 2u, cpg - 2u, JET_errSPAvailExtCorrupted));
    CHECK(tree_create(db, &oe));
    CHECK(tree_create(db, &ae));
    h.flags |= SPH_MULTIPLE;
    h.bits_or_oe = first;
    CHECK(write_root_header(db, pgno_fdp, &h));
    taken = false;
done:
    if (taken) {
        /* Best effort: the parent takes its pages back. */
        space_tree pae;
        space_header ph;
        uint32_t pflags, pobjid;
        if (read_root(db, h.pgno_parent, &ph, &pflags, &pobjid) >= 0 && multiple_extent(&ph) &&
            tree_load(db, ph.bits_or_oe + 1u, pobjid, JET_errSPAvailExtCorrupted, &pae) >= 0) {
            if (list_add(&pae, first, cpg, JET_errSPAvailExtCorrupted) >= 0) (void)tree_store(db, &pae);
            tree_free(&pae);
        }
    }
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
    space_tree oe, ae;
    uint32_t cpg, first = 0;
    bool taken = false;

    memset(&oe, 0, sizeof oe);
    memset(&ae, 0, sizeof ae);
    if (h->pgno_parent == 0) {
        CHECK(grow_file(db, cpg_min));
        goto done;
    }
    CHECK(tree_load(db, h->bits_or_oe, objid, JET_errSPOwnExtCorrupted, &oe));
    CHECK(tree_load(db, h->bits_or_oe + 1u, objid, JET_errSPAvailExtCorrupted, &ae));
    cpg = sum_pages(&oe) >> GROW_SHIFT;
    if (cpg < EXTENT_MIN) cpg = EXTENT_MIN;
    if (cpg < cpg_min) cpg = cpg_min;
    CHECK(space_get_extent(db, h->pgno_parent, cpg, 0, depth + 1u, &first));
    taken = true;
    CHECK(list_add(&oe, first, cpg, JET_errSPOwnExtCorrupted));
    CHECK(list_add(&ae, first, cpg, JET_errSPAvailExtCorrupted));
    if (tree_bytes(&oe) > db->cb_page - PAGE_HEADER_LARGE || tree_bytes(&ae) > db->cb_page - PAGE_HEADER_LARGE)
        FAIL(JET_errOutOfDatabaseSpace);
    CHECK(tree_store(db, &oe));
    CHECK(tree_store(db, &ae));
    taken = false;
    if (cpg != h->cpg_primary) {
        /* As ESE's ErrSPIImproveLastAlloc: the header turns v2 and remembers the size of
         * this extent (Windows' grown tables, indexes and LV trees carry flags 0x5). */
        space_header hv = *h;
        hv.flags |= SPH_V2;
        hv.cpg_primary = cpg;
        CHECK(write_root_header(db, pgno_fdp, &hv));
    }
done:
    if (taken) {
        space_header ph;
        uint32_t pflags, pobjid;
        space_tree pae;
        if (read_root(db, h->pgno_parent, &ph, &pflags, &pobjid) >= 0 && multiple_extent(&ph) &&
            tree_load(db, ph.bits_or_oe + 1u, pobjid, JET_errSPAvailExtCorrupted, &pae) >= 0) {
            if (list_add(&pae, first, cpg, JET_errSPAvailExtCorrupted) >= 0) (void)tree_store(db, &pae);
            tree_free(&pae);
        }
    }
    tree_free(&oe);
    tree_free(&ae);
    return err;
}

/* cpg pages in a row from the available space of the object at pgno_fdp (at pgno_wanted
 * when that run is free), refilling it from its parent or growing the file as needed. */
static JET_ERR space_get_extent(space_db *db, uint32_t pgno_fdp, uint32_t cpg, uint32_t pgno_wanted, uint32_t depth,
                                uint32_t *first_out)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_tree ae;
    uint32_t flags, objid, attempt, i;

    memset(&ae, 0, sizeof ae);
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
        if (h.pgno_parent == 0 && pgno_wanted != 0 && pgno_wanted <= PGNO_MAX - cpg &&
            pgno_wanted + cpg - 1u > db->pgno_last)
            CHECK(grow_file(db, pgno_wanted + cpg - 1u - db->pgno_last));
        CHECK(tree_load(db, h.bits_or_oe + 1u, objid, JET_errSPAvailExtCorrupted, &ae));
        if (pgno_wanted != 0 && list_contains(&ae, pgno_wanted, cpg)) {
            CHECK(list_take(&ae, pgno_wanted, cpg));
            CHECK(tree_store(db, &ae));
            *first_out = pgno_wanted;
            goto done;
        }
        for (i = 0; i < ae.n; i++) {
            if (ae.v[i].cpg >= cpg) {
                *first_out = ae.v[i].first;
                CHECK(list_take(&ae, ae.v[i].first, cpg));
                CHECK(tree_store(db, &ae));
                goto done;
            }
        }
        tree_free(&ae);
        CHECK(refill(db, pgno_fdp, &h, objid, cpg, depth));
    }
    err = JET_errOutOfDatabaseSpace;
done:
    tree_free(&ae);
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
    if (db == NULL || db->c == NULL || cpg_initial < 16u || cpg_initial > PGNO_MAX) FAIL(JET_errInvalidParameter);
    if (!page_size_valid(db->cb_page) || db->cb_page < 4096u || db->cb_page != cache_page_size(db->c))
        FAIL(JET_errInvalidParameter);
    db->dbtime = 0;
    db->pgno_last = cpg_initial;
    h.cpg_primary = cpg_initial;
    h.pgno_parent = 0;
    h.flags = SPH_MULTIPLE;
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
    if (db == NULL || pgno_fdp_out == NULL || cpg_primary == 0 || objid == 0 || cpg_primary > PGNO_MAX)
        FAIL(JET_errInvalidParameter);
    CHECK(space_get_extent(db, pgno_parent_fdp, cpg_primary, pgno_fdp_wanted, 0, &first));
    h.cpg_primary = cpg_primary;
    h.pgno_parent = pgno_parent_fdp;
    h.flags = (root_flags & PAGE_FLAG_NON_UNIQUE_KEYS) ? SPH_NON_UNIQUE : 0u;
    if (cpg_primary >= 3u) {
        h.flags |= SPH_MULTIPLE;
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
    space_tree ae;
    uint32_t flags, objid, attempt;

    memset(&ae, 0, sizeof ae);
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
        CHECK(tree_load(db, h.bits_or_oe + 1u, objid, JET_errSPAvailExtCorrupted, &ae));
        if (ae.n != 0) {
            *pgno_out = ae.v[0].first;
            CHECK(list_take(&ae, ae.v[0].first, 1));
            CHECK(tree_store(db, &ae));
            goto done;
        }
        tree_free(&ae);
        CHECK(refill(db, pgno_fdp, &h, objid, 1, 0));
    }
    err = JET_errOutOfDatabaseSpace;
done:
    tree_free(&ae);
    return err;
}

JET_ERR space_free_page(space_db *db, uint32_t pgno_fdp, uint32_t pgno)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_tree oe, ae;
    uint32_t flags, objid;

    memset(&oe, 0, sizeof oe);
    memset(&ae, 0, sizeof ae);
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
    if (pgno == h.bits_or_oe || pgno == h.bits_or_oe + 1u) FAIL(JET_errInvalidParameter);
    CHECK(tree_load(db, h.bits_or_oe, objid, JET_errSPOwnExtCorrupted, &oe));
    if (!list_contains(&oe, pgno, 1)) FAIL(JET_errSPOwnExtCorrupted);
    CHECK(tree_load(db, h.bits_or_oe + 1u, objid, JET_errSPAvailExtCorrupted, &ae));
    CHECK(list_add(&ae, pgno, 1, JET_errSPAvailExtCorrupted));
    err = tree_store(db, &ae);
    /* An AvailExt page full of scattered single pages: the page stays owned but unused
     * (lost to this object until it is deleted) rather than failing the caller's delete. */
    if (err == JET_errOutOfDatabaseSpace) err = JET_errSuccess;
done:
    tree_free(&oe);
    tree_free(&ae);
    return err;
}

JET_ERR space_free_object(space_db *db, uint32_t pgno_fdp)
{
    JET_ERR err = JET_errSuccess;
    space_header h, ph;
    space_tree oe, pae;
    uint32_t flags, objid, pflags, pobjid, i;

    memset(&oe, 0, sizeof oe);
    memset(&pae, 0, sizeof pae);
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
    CHECK(tree_load(db, ph.bits_or_oe + 1u, pobjid, JET_errSPAvailExtCorrupted, &pae));
    for (i = 0; i < oe.n; i++) CHECK(list_add(&pae, oe.v[i].first, oe.v[i].cpg, JET_errSPAvailExtCorrupted));
    CHECK(tree_store(db, &pae));
done:
    tree_free(&oe);
    tree_free(&pae);
    return err;
}

JET_ERR space_counts(space_db *db, uint32_t pgno_fdp, uint32_t *cpg_owned, uint32_t *cpg_available)
{
    JET_ERR err = JET_errSuccess;
    space_header h;
    space_tree oe, ae;
    uint32_t flags, objid, i, avail = 0;

    memset(&oe, 0, sizeof oe);
    memset(&ae, 0, sizeof ae);
    if (db == NULL || cpg_owned == NULL || cpg_available == NULL) FAIL(JET_errInvalidParameter);
    CHECK(read_root(db, pgno_fdp, &h, &flags, &objid));
    if (!multiple_extent(&h)) {
        for (i = 0; i < bitmap_pages(&h); i++)
            if (h.bits_or_oe & (1u << i)) avail++;
        if (h.cpg_primary > BITMAP_PAGES + 1u) avail += h.cpg_primary - BITMAP_PAGES - 1u;
        *cpg_owned = h.cpg_primary;
        *cpg_available = avail;
        goto done;
    }
    CHECK(tree_load(db, h.bits_or_oe, objid, JET_errSPOwnExtCorrupted, &oe));
    CHECK(tree_load(db, h.bits_or_oe + 1u, objid, JET_errSPAvailExtCorrupted, &ae));
    *cpg_owned = sum_pages(&oe);
    *cpg_available = sum_pages(&ae);
done:
    tree_free(&oe);
    tree_free(&ae);
    return err;
}
