/* table_stats.c: JetComputeStats' statistics of a table (see table_stats.h); ESE's
 * ErrIsamComputeStats / ErrSTATSComputeIndexStats (stats.cxx), ErrBTComputeStats (bt.cxx)
 * and ErrCATStats (cat.cxx). */
#include "table_stats.h"

#include <string.h>

#define DATESERIAL_UNIX_EPOCH 25569.0 /* 1970-01-01 as a JET_DATESERIAL (days since 1899-12-30) */
#define SECONDS_PER_DAY 86400.0

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

JET_ERR table_stats_compute(cache *c, uint32_t ifile, space_db *space, const catalog_table *def)
{
    JET_ERR err = JET_errSuccess;
    uint32_t items, keys, pages;
    double now = dateserial_now();

    CHECK(tree_stats(c, ifile, def->pgno_fdp, true, &items, &keys, &pages));
    CHECK(catalog_set_stats(space, def->objid, CATALOG_TYPE_TABLE, def->objid, items, keys, pages, now));
    for (uint32_t i = 0; i < def->cindexes; i++) {
        const record_index *x = &def->indexes[i];
        if ((x->idb_flags & IDB_PRIMARY) || x->pgno_fdp == def->pgno_fdp) continue;
        CHECK(tree_stats(c, ifile, x->pgno_fdp, (x->idb_flags & IDB_UNIQUE) != 0, &items, &keys, &pages));
        CHECK(catalog_set_stats(space, def->objid, CATALOG_TYPE_INDEX, x->objid, items, keys, pages, now));
    }
done:
    return err;
}
