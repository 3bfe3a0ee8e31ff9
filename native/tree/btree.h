/* btree.h: read-side traversal of one B+-tree (a table, index, long-value or space tree)
 * given its root page: seek to the first node whose key is >= a key (raw key bytes,
 * memcmp order, shorter first), first/last, and next/previous across the leaf chain
 * (pgnoNext/pgnoPrev). Keys come back whole (prefix compression undone) in the cursor's
 * own buffer; the data points into the pinned leaf page and stays valid until the cursor
 * moves or closes. Flag-deleted nodes are skipped, unless the cursor's filter (the
 * version store's, below) says its reader still sees them.
 *
 * A cursor pins exactly one page (its current leaf) between calls; while descending it
 * pins one page at a time. Pages whose structure does not hold (a child pointer that is
 * not 4 bytes, a cycle, a sibling of another tree or level) give JET_errBadParentPageLink,
 * JET_errBadPageLink or the page layer's errors; nothing reads outside a page.
 *
 * Writing (btree_write.c): insert, replace and delete by key, each descending from the
 * root, splitting full pages (leaf, branch and root; the root keeps its page number) and
 * removing pages that become empty; new pages come from the tree's space (space.h). Every
 * page change goes through cache_write/cache_new_page and is stamped with a new dbtime.
 * A cursor whose pinned leaf was changed by a writer finds it stale (cache_page_stale)
 * and re-seeks by its key when it next moves.
 * */
#ifndef NATIVE_BTREE_H
#define NATIVE_BTREE_H

#include <stdbool.h>
#include <stdint.h>

#include "cache.h"
#include "common.h"
#include "page.h"
#include "space.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BTREE_DEPTH_MAX 16u

/* A reading cursor may be given a filter (the version store's) that decides whether a
 * node is visible to its reader and with which data; without one, flag-deleted nodes are
 * skipped and the page's data is read. visible returns 1 (visible; the data may be
 * replaced by bytes the filter copied into *scratch, which it may grow), 0 (not visible)
 * or a JET_err. dup: the tree's nodes are identified by key and data (non-unique). */
typedef struct btree_filter {
    int (*visible)(void *ctx, uint32_t ifile, uint32_t objid, bool dup, const uint8_t *key, uint32_t cb_key,
                   bool flagged, const uint8_t **data, uint32_t *cb_data, uint8_t **scratch, uint32_t *cap_scratch);
} btree_filter;

typedef struct btree_cursor {
    cache *c;
    uint32_t ifile;
    uint32_t pgno_root;
    uint32_t objid;          /* objidFDP stamped on the root */
    cache_page page;         /* the pinned current leaf (data NULL when not positioned) */
    page_view pv;
    uint32_t iline;
    uint8_t *key;            /* the current node's full key */
    uint32_t cb_key;
    uint32_t cap_key;
    const uint8_t *data;     /* the current node's data, inside page (or the filter's copy) */
    uint32_t cb_data;
    uint32_t node_flags;
    const btree_filter *filter; /* NULL: every live node is visible */
    void *filter_ctx;
    uint8_t *scratch;        /* the current node's older version, when the filter gave one */
    uint32_t cap_scratch;
    uint8_t *probe_scratch;  /* the filter's output for a node being considered */
    uint32_t cap_probe_scratch;
    uint8_t *probe_key;      /* a node's full key while the filter considers it */
} btree_cursor;

/* Opens a cursor on the tree rooted at pgno_root (reads the root to learn its objid).
 * The cursor starts unpositioned. */
JET_ERR btree_open(btree_cursor *cur, cache *c, uint32_t ifile, uint32_t pgno_root);
/* Releases the page and the key buffer. Safe on a cursor btree_open failed on. */
void btree_close(btree_cursor *cur);

/* Positions on the first node with key >= key[0..cb_key).
 *   JET_errRecordNotFound  every key is smaller (the cursor is then unpositioned) */
JET_ERR btree_seek(btree_cursor *cur, const uint8_t *key, uint32_t cb_key);
/* First / last node. JET_errRecordNotFound on an empty tree. */
JET_ERR btree_move_first(btree_cursor *cur);
JET_ERR btree_move_last(btree_cursor *cur);
/* Next / previous node. JET_errNoCurrentRecord past either end (the cursor stays where
 * it was) or when unpositioned. */
JET_ERR btree_move_next(btree_cursor *cur);
JET_ERR btree_move_prev(btree_cursor *cur);

static inline bool btree_positioned(const btree_cursor *cur)
{
    return cur->page.data != NULL;
}

/* ---- prereading (btree_preread.c) ---- */

/* Leaf pages found for prereading, in key order. */
typedef struct btree_page_list {
    uint32_t *pgnos;          /* room for max */
    uint32_t max;
    uint32_t count;
    bool full;                /* a page did not fit: the list stopped there */
    uint32_t pgno_beyond;     /* the leaf after the last one listed, under the same parent (0: none) */
} btree_page_list;

/* Appends to l the leaf pages that may hold keys in [lo, hi], chosen from the separators
 * of the branch pages above them as ESE's ErrPrereadRangesForward does (the leaves are
 * not read; branch pages below the root are). A tree that is one leaf lists nothing. */
JET_ERR btree_range_pages(btree_cursor *cur, const uint8_t *lo, uint32_t cb_lo, const uint8_t *hi, uint32_t cb_hi,
                          btree_page_list *l);
/* Reads page pgno of the cursor's file into the cache (a preread). */
JET_ERR btree_touch_page(btree_cursor *cur, uint32_t pgno);

/* ---- writing (btree_write.c); callers hold the database's write lock ---- */

/* A tree to change: its database, root page and the flags its new pages carry. */
struct btree_tree;

/* What a node was before a change. */
typedef struct btree_node_state {
    bool present;             /* the node is on its page (possibly flag-deleted) */
    bool flagged;             /* ... with NODE_FLAG_DELETED */
    const uint8_t *data;
    uint32_t cb_data;
} btree_node_state;

typedef enum btree_change { BTREE_CHANGE_INSERT, BTREE_CHANGE_REPLACE, BTREE_CHANGE_DELETE } btree_change;

/* A writing tree may be given hooks (the version store's): before_change runs before a
 * node changes and may refuse it (nothing changes then). With flag_deletes, btree_delete
 * leaves the node flag-deleted instead of removing it. dup_data: the data that, with the
 * key, identifies the node of a non-unique tree (NULL for the others). */
typedef struct btree_hooks {
    JET_ERR (*before_change)(void *ctx, const struct btree_tree *t, btree_change op, const uint8_t *key, uint32_t cb_key,
                             const uint8_t *dup_data, uint32_t cb_dup_data, const btree_node_state *before);
    bool flag_deletes;
} btree_hooks;

typedef struct btree_tree {
    space_db *db;
    uint32_t pgno_root;
    uint32_t objid;
    uint32_t page_flags;      /* PAGE_FLAG_INDEX, _LONG_VALUE, _NON_UNIQUE_KEYS, _SPACE_TREE */
    const btree_hooks *hooks; /* NULL: changes are not versioned */
    void *hook_ctx;
    /* The tree's density in percent (its SpaceUsage; 0 stands for 100): an insert past
     * the last node of the tree's last leaf page goes alone on a new page when it would
     * leave less than (100 - density) % of the page free (ESE's FBTIAppend). */
    uint32_t density;
} btree_tree;

/* Bytes an append leaves free on a leaf page of t (ESE's CbBTIFreeDensity, that is
 * FCB::_CbReservedBytesFromDensity: (100 - density) * page size / 100). */
uint32_t btree_density_free(const btree_tree *t);

/* The largest key plus data one node may hold on pages of cb_page bytes (a page must
 * take at least two nodes, as ESE requires for splits). */
uint32_t btree_node_max(uint32_t cb_page);
/* The largest key plus data of a node alone on a page (the root's space header beside it):
 * long-value trees take such nodes (ESE's chunks of page size - 82 bytes, one a page);
 * a split then puts the node alone on its own page. */
uint32_t btree_node_max_alone(uint32_t cb_page);
/* The limit for this tree: btree_node_max_alone for PAGE_FLAG_LONG_VALUE trees, else
 * btree_node_max. */
uint32_t btree_tree_node_max(const btree_tree *t);

/* Adds a node. JET_errKeyDuplicate when the key is there (nothing changes);
 * JET_errRecordTooBig when key plus data exceed btree_tree_node_max. */
JET_ERR btree_insert(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data);
/* Replaces the data of the node with this key. JET_errRecordNotFound; JET_errRecordTooBig. */
JET_ERR btree_replace(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data);
/* Removes the node with this key. JET_errRecordNotFound. */
JET_ERR btree_delete(const btree_tree *t, const uint8_t *key, uint32_t cb_key);

/* Trees of non-unique indexes (PAGE_FLAG_NON_UNIQUE_KEYS) hold several nodes with one
 * key, ordered by their data (the primary key), as ESE keeps them: a node is identified
 * by key and data together. JET_errKeyDuplicate when that pair is there already;
 * JET_errRecordNotFound when deleting a pair that is not. */
JET_ERR btree_insert_dup(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data);
JET_ERR btree_delete_dup(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *data, uint32_t cb_data);

/* For the version store (no hooks run): puts the node (key; dup_data for non-unique
 * trees) in exactly the state given: absent (removed from its page even when
 * flag-deleted) or present with data and the flag-deleted bit. */
JET_ERR btree_restore(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *dup_data,
                      uint32_t cb_dup_data, const btree_node_state *state);
/* Removes the node if it is flag-deleted (the version store's cleanup); a live node or
 * none at all is left as it is. */
JET_ERR btree_purge_flagged(const btree_tree *t, const uint8_t *key, uint32_t cb_key, const uint8_t *dup_data,
                            uint32_t cb_dup_data);

#ifdef __cplusplus
}
#endif

#endif
