/* api_intersect.c: JetIntersectIndexes (ESE's ErrIsamIntersectIndexes,
 * ErrRECICheckIndexrangesForUniqueness, ErrRECIInsertBookmarksIntoSort and
 * ErrRECIJoinFindDuplicates in rec.cxx): the bookmarks of the records every cursor's
 * index range holds, in a new temporary table. */
/* coverage: JetIntersectIndexes implemented */
#include <stdlib.h>
#include <string.h>

#include "api_enter.h"
#include "copy_buffer.h"
#include "cursor_table.h"
#include "temp_table.h"
#include "update.h"

#define RANGES_MOST 64u /* ErrIsamIntersectIndexes' array of sorts */

/* The primary bookmarks one range holds. */
typedef struct bm_list {
    uint8_t **pb;
    uint32_t *cb;
    uint32_t n, cap;
} bm_list;

static void list_free(bm_list *l)
{
    for (uint32_t i = 0; i < l->n; i++) compat_free(l->pb[i]);
    compat_free(l->pb);
    compat_free(l->cb);
    memset(l, 0, sizeof *l);
}

static JET_ERR list_add(bm_list *l, const uint8_t *pb, uint32_t cb)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? 2u * l->cap : 64u;
        uint8_t **npb = compat_realloc(l->pb, cap * sizeof *npb);
        uint32_t *ncb;
        if (npb == NULL) return JET_errOutOfMemory;
        l->pb = npb;
        ncb = compat_realloc(l->cb, cap * sizeof *ncb);
        if (ncb == NULL) return JET_errOutOfMemory;
        l->cb = ncb;
        l->cap = cap;
    }
    l->pb[l->n] = compat_malloc(cb ? cb : 1u);
    if (l->pb[l->n] == NULL) return JET_errOutOfMemory;
    if (cb) memcpy(l->pb[l->n], pb, cb);
    l->cb[l->n++] = cb;
    return JET_errSuccess;
}

/* Keys compare as bytes, then the shorter first (CmpKey). */
static int key_cmp(const uint8_t *a, uint32_t cb_a, const uint8_t *b, uint32_t cb_b)
{
    int c = memcmp(a, b, cb_a < cb_b ? cb_a : cb_b);
    return c != 0 ? c : (cb_a < cb_b ? -1 : cb_a > cb_b ? 1 : 0);
}

/* A sorted, duplicate-free copy of l's order (indexes into l). */
static _Thread_local const bm_list *g_sort_list; /* qsort has no context argument in C11: per thread */
static int by_key(const void *x, const void *y)
{
    uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
    return key_cmp(g_sort_list->pb[i], g_sort_list->cb[i], g_sort_list->pb[j], g_sort_list->cb[j]);
}

/* ErrRECIInsertBookmarksIntoSort: from the cursor's entry (ErrDIRGet) to the end of its
 * range, the primary bookmark of each entry; the cursor ends past the range. */
static JET_ERR collect(db_table *t, bm_list *out)
{
    JET_ERR err = JET_errSuccess;
    const uint8_t *pb = NULL;
    uint32_t cb = 0;
    CHECK(cursor_refresh(&t->cur));
    do {
        CHECK(cursor_bookmark(&t->cur, &pb, &cb));
        CHECK(list_add(out, pb, cb));
        err = cursor_move(&t->cur, 1);
    } while (err >= 0);
    if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
done:
    return err;
}

/* Phase one: the checks of ErrRECICheckIndexrangesForUniqueness, all of them first, then
 * the bookmarks of each range. */
static JET_ERR gather(JET_SESID sesid, const JET_INDEXRANGE *rg, uint32_t n, bm_list *lists)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *def = NULL;
    uint32_t idb = 0;
    const record_index *indexes[RANGES_MOST];

    for (uint32_t i = 0; i < n; i++) {
        api_call c;
        db_table *t = NULL;
        CHECK(api_enter_table(sesid, rg[i].tableid, false, &c, &t));
        if (!t->cur.secondary || t->temp != NULL) err = JET_errInvalidParameter; /* not on the primary index */
        else if (rg[i].grbit != JET_bitRecordInIndex) err = JET_errInvalidGrbit;
        else if (i > 0 && (t->idb != idb || t->def->objid != def->objid)) err = JET_errInvalidParameter;
        for (uint32_t k = 0; err >= 0 && k < i; k++)
            if (strcmp(indexes[k]->name, t->cur.index->name) == 0) err = JET_errInvalidParameter; /* the same index */
        if (err >= 0) {
            def = t->def;
            idb = t->idb;
            indexes[i] = t->cur.index;
        }
        api_leave_session(&c);
        CHECK(err);
    }
    for (uint32_t i = 0; i < n; i++) {
        api_call c;
        db_table *t = NULL;
        CHECK(api_enter_table(sesid, rg[i].tableid, false, &c, &t));
        err = collect(t, &lists[i]);
        api_leave_session(&c);
        CHECK(err);
    }
done:
    return err;
}

/* One bookmark into the record list (a sort of one binary key column). */
static JET_ERR insert_bookmark(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID col, const uint8_t *pb, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    api_call c;
    db_table *t = NULL;
    uint8_t pk[UPDATE_BOOKMARK_MAX];
    uint32_t cb_pk = 0;
    bool dropped = false, prepared = false;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = copy_buffer_prepare_insert(t);
    prepared = err >= 0;
    if (err >= 0) err = copy_buffer_set_column(t, col, pb, cb, 0, NULL);
    if (err >= 0) {
        api_table_exclusive(&c);
        err = copy_buffer_update(t, pk, &cb_pk, &dropped);
    }
    if (err < 0 && prepared) cursor_table_cancel_update(t);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetIntersectIndexes(JET_SESID sesid, JET_INDEXRANGE *rgindexrange, uint32_t cindexrange,
                                    JET_RECORDLIST *precordlist, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    bm_list lists[RANGES_MOST];
    uint32_t *order[RANGES_MOST], pos[RANGES_MOST];
    JET_TABLEID tt = JET_tableidNil;
    JET_COLUMNID col = 0;
    uint32_t count = 0;
    api_call c;

    (void)grbit; /* ESE reads none */
    memset(lists, 0, sizeof lists);
    memset(order, 0, sizeof order);
    memset(pos, 0, sizeof pos);
    CHECK(api_enter_session(sesid, false, &c));
    api_leave_session(&c);
    if (precordlist == NULL || precordlist->cbStruct != sizeof(JET_RECORDLIST)) FAIL(JET_errInvalidParameter);
    if (cindexrange == 0 || cindexrange > RANGES_MOST || rgindexrange == NULL) FAIL(JET_errInvalidParameter);
    precordlist->tableid = JET_tableidNil;
    precordlist->cRecord = 0;
    precordlist->columnidBookmark = 0;
    CHECK(gather(sesid, rgindexrange, cindexrange, lists));
    for (uint32_t i = 0; i < cindexrange; i++) {
        order[i] = compat_malloc((lists[i].n ? lists[i].n : 1u) * sizeof(uint32_t));
        if (order[i] == NULL) FAIL(JET_errOutOfMemory);
        for (uint32_t k = 0; k < lists[i].n; k++) order[i][k] = k;
        g_sort_list = &lists[i];
        qsort(order[i], lists[i].n, sizeof(uint32_t), by_key);
        g_sort_list = NULL;
    }
    /* ErrRECIJoinFindDuplicates: a temporary table of one binary key column */
    {
        JET_COLUMNDEF cd;
        temp_table_spec spec;
        JET_API_PTR key_most = 0;
        memset(&cd, 0, sizeof cd);
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypBinary;
        cd.grbit = JET_bitColumnTTKey;
        memset(&spec, 0, sizeof spec);
        spec.columns = &cd;
        spec.ccolumns = 1;
        spec.columnids = &col;
        CHECK(api_enter_session(sesid, false, &c));
        err = instance_param(c.inst, JET_paramKeyMost, &key_most); /* CbKeyMostForPage */
        spec.cb_key_most = (uint32_t)key_most;
        spec.cb_var_seg_mac = (uint32_t)key_most;
        if (err >= 0) err = temp_table_open(c.ses, &spec, &tt);
        api_leave_session(&c);
        CHECK(err);
    }
    /* the smallest bookmark of every list; kept when all lists hold it */
    for (;;) {
        const uint8_t *min = NULL;
        uint32_t cb_min = 0;
        bool all = true, done_walk = false;
        for (uint32_t i = 0; i < cindexrange && !done_walk; i++) {
            uint32_t k;
            if (pos[i] >= lists[i].n) {
                done_walk = true;
                break;
            }
            k = order[i][pos[i]];
            if (min == NULL || key_cmp(lists[i].pb[k], lists[i].cb[k], min, cb_min) < 0) {
                min = lists[i].pb[k];
                cb_min = lists[i].cb[k];
            }
        }
        if (done_walk) break;
        for (uint32_t i = 0; i < cindexrange; i++) {
            uint32_t k = order[i][pos[i]];
            if (key_cmp(lists[i].pb[k], lists[i].cb[k], min, cb_min) != 0) all = false;
        }
        if (all) {
            CHECK(insert_bookmark(sesid, tt, col, min, cb_min));
            count++;
        }
        /* step every list past the minimum (and its repeats) */
        {
            uint8_t *copy = compat_malloc(cb_min ? cb_min : 1u);
            if (copy == NULL) FAIL(JET_errOutOfMemory);
            if (cb_min) memcpy(copy, min, cb_min);
            for (uint32_t i = 0; i < cindexrange; i++) {
                while (pos[i] < lists[i].n) {
                    uint32_t k = order[i][pos[i]];
                    if (key_cmp(lists[i].pb[k], lists[i].cb[k], copy, cb_min) != 0) break;
                    pos[i]++;
                }
            }
            compat_free(copy);
        }
    }
    precordlist->tableid = tt;
    precordlist->cRecord = count;
    precordlist->columnidBookmark = col;
    tt = JET_tableidNil;
done:
    if (tt != JET_tableidNil) {
        /* a failure leaves no record list behind */
        db_table *t = NULL;
        if (api_enter_table(sesid, tt, true, &c, &t) >= 0) {
            api_table_exclusive(&c);
            temp_table_close(c.ses, t);
            api_leave_session(&c);
        }
    }
    for (uint32_t i = 0; i < RANGES_MOST; i++) {
        list_free(&lists[i]);
        compat_free(order[i]);
    }
    return err;
}
