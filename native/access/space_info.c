/* space_info.c: the space levels of the information functions (see space_info.h); ESE's
 * ErrSPGetInfo (space.cxx) and ErrINFOIGetCalculatedSpace (info.cxx). */
#include "space_info.h"

#include <string.h>

JET_ERR space_info_tree(jet_session *s, uint32_t idb, uint32_t pgno_fdp, uint32_t *owned, uint32_t *avail)
{
    JET_ERR err = JET_errSuccess;
    space_db sp;
    CHECK(database_space_view(s, idb, &sp));
    CHECK(space_counts(&sp, pgno_fdp, owned, avail));
done:
    return err;
}

JET_ERR space_info_table(jet_session *s, uint32_t idb, const catalog_table *t, bool avail, uint32_t *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t owned, available, sum;
    CHECK(space_info_tree(s, idb, t->pgno_fdp, &owned, &available));
    sum = avail ? available : owned;
    for (uint32_t i = 0; i < t->cindexes; i++) {
        const record_index *x = &t->indexes[i];
        if ((x->idb_flags & IDB_PRIMARY) || x->pgno_fdp == 0) continue;
        CHECK(space_info_tree(s, idb, x->pgno_fdp, &owned, &available));
        sum = avail ? sum + available : sum - owned;
    }
    if (t->pgno_lv != 0) {
        CHECK(space_info_tree(s, idb, t->pgno_lv, &owned, &available));
        sum = avail ? sum + available : sum - owned;
    }
    *out = sum;
done:
    return err;
}

/* ESE's EXTENTINFO: the last page of an extent and its page count. */
#define EXTENTINFO_CB 8u

static void put_extent(uint8_t *out, uint32_t iext, uint32_t pgno_last, uint32_t cpg)
{
    uint8_t *p = out + 2u * sizeof(uint32_t) + iext * EXTENTINFO_CB;
    memcpy(p, &pgno_last, sizeof pgno_last);
    memcpy(p + 4, &cpg, sizeof cpg);
}

JET_ERR space_info_usage(jet_session *s, uint32_t idb, const catalog_table *t, void *pv, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    space_db sp;
    space_extent_list l;
    uint8_t *out = pv;
    uint32_t v[2] = { 0, 0 }, cext, iext = 0, sentinels = 2, i;

    memset(&l, 0, sizeof l);
    if (cb < sizeof v || pv == NULL) FAIL(JET_errInvalidParameter);
    /* ErrSPCheckInfoBuf: with a list, each count needs room for its list's sentinel */
    if (cb > sizeof v && cb < sizeof v + 2u * EXTENTINFO_CB) FAIL(JET_errBufferTooSmall);
    CHECK(database_space_view(s, idb, &sp));
    CHECK(space_extents(&sp, t->pgno_fdp, &l));
    memset(pv, 0, cb);
    cext = cb > sizeof v ? (cb - (uint32_t)sizeof v) / EXTENTINFO_CB : 0u;
    for (int list = 0; list < 2; list++) {
        const space_extent *x = list == 0 ? l.owned : l.available;
        uint32_t n = list == 0 ? l.n_owned : l.n_available;
        for (i = 0; i < n; i++) {
            v[list] += x[i].cpg;
            /* extents that do not fit are left out; the sentinels always fit */
            if (iext + sentinels < cext) put_extent(out, iext++, x[i].first + x[i].cpg - 1u, x[i].cpg);
        }
        if (cext != 0) {
            put_extent(out, iext++, 0, 0);
            sentinels--;
        }
    }
    memcpy(out, v, sizeof v);
done:
    space_extents_free(&l);
    return err;
}
