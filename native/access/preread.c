/* preread.c: reading ahead the pages of keys, key ranges and long values (see preread.h). */
#include "preread.h"

#include <stdlib.h>
#include <string.h>

#include "byte_order.h"
#include "key.h"
#include "lv.h"
#include "thread_stats.h"

#define PREREAD_KNOWN (JET_bitPrereadForward | JET_bitPrereadBackward | JET_bitPrereadFirstPage | JET_bitPrereadNormalizedKey)

/* CmpKey: the common bytes, then the shorter first. */
static int key_cmp(const uint8_t *a, uint32_t cb_a, const uint8_t *b, uint32_t cb_b)
{
    int c = memcmp(a, b, cb_a < cb_b ? cb_a : cb_b);
    return c != 0 ? c : (cb_a < cb_b ? -1 : cb_a > cb_b ? 1 : 0);
}

/* The tree of the cursor's current index. */
static uint32_t index_root(const db_table *t)
{
    return t->cur.secondary ? t->cur.index->pgno_fdp : t->def->pgno_fdp;
}

static uint32_t index_key_most(const db_table *t)
{
    const record_index *x = t->cur.index != NULL ? t->cur.index : catalog_primary_index(t->def);
    return x != NULL ? key_most_of(x) : JET_cbKeyMost;
}

JET_ERR preread_keys(db_table *t, const void *const *keys, const uint32_t *cbs, int32_t n, int32_t *done,
                     JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor cur;
    bool open = false, reading = false;
    uint32_t key_most = index_key_most(t);

    memset(&cur, 0, sizeof cur);
    if (done != NULL) *done = 0;
    /* ErrIsamValidatePrereadKeysArguments, in its order */
    if (keys == NULL || cbs == NULL || n <= 0) FAIL(JET_errInvalidParameter);
    if (grbit != JET_bitPrereadForward && grbit != JET_bitPrereadBackward) FAIL(JET_errInvalidGrbit);
    for (int32_t i = 0; i < n; i++) {
        if (keys[i] == NULL) FAIL(JET_errInvalidParameter);
        if (cbs[i] == 0 || cbs[i] > key_most) FAIL(JET_errInvalidBufferSize);
        if (i > 0) {
            int c = key_cmp(keys[i - 1], cbs[i - 1], keys[i], cbs[i]);
            if ((grbit == JET_bitPrereadForward && c > 0) || (grbit == JET_bitPrereadBackward && c < 0))
                FAIL(JET_errInvalidParameter);
        }
    }
    CHECK(btree_open(&cur, t->cur.c, t->cur.ifile, index_root(t)));
    open = true;
    thread_stats_preread_begin();
    reading = true;
    for (int32_t i = 0; i < n; i++) {
        err = btree_seek(&cur, keys[i], cbs[i]);
        if (err < 0 && err != JET_errRecordNotFound) goto done;
        err = JET_errSuccess;
        if (done != NULL) *done = i + 1;
    }
done:
    if (reading) thread_stats_preread_end();
    if (open) btree_close(&cur);
    return err;
}

/* ESE's limits: leaf pages one ErrBTPrereadKeyRanges lists (cpgPrereadRangesMax), long
 * values one JetPrereadIndexRanges reads (clidMostPreread), and the pages of each read
 * unless JET_bitPrereadFirstPage (cpageLVPrereadDefault). */
#define PREREAD_PAGES_MAX 128u
#define PREREAD_LIDS_MAX 256u
#define PREREAD_LV_PAGES 16u
/* The long-value pages one call reads: Windows' ESENT reads up to 256 (ManagedEsent's
 * PrereadRangesTests.TestMaxLvPrereadLimit, measured against it), where the open-source
 * ESE's ErrLVPrereadLongValues would stop at cpgPrereadRangesMax */
#define PREREAD_LV_PAGES_MAX 256u

/* Reads the pages listed (those not in the cache count as preread). */
static JET_ERR touch_list(btree_cursor *cur, const btree_page_list *l)
{
    JET_ERR err = JET_errSuccess;
    for (uint32_t i = 0; i < l->count; i++) CHECK(btree_touch_page(cur, l->pgnos[i]));
done:
    return err;
}

/* A LID as the long-value tree's root key (big-endian), 4 or 8 bytes. */
typedef struct lid_key {
    uint8_t b[8];
    uint32_t cb;
} lid_key;

static int lid_cmp(const void *a, const void *b)
{
    const lid_key *x = a, *y = b;
    return key_cmp(x->b, x->cb, y->b, y->cb);
}

/* Collects the LIDs of the separated values of the preread columns in the record cur is
 * on (ErrIsamRetrieveColumn with JET_bitRetrieveLongId, every instance). */
static JET_ERR record_lids(db_table *t, const btree_cursor *cur, const JET_COLUMNID *columns, uint32_t ncolumns,
                           lid_key *lids, uint32_t *nlids)
{
    JET_ERR err = JET_errSuccess;
    record_view rv;
    CHECK(record_open(cur->data, cur->cb_data, page_is_large(cache_page_size(t->cur.c)), &rv));
    for (uint32_t k = 0; k < ncolumns && *nlids < PREREAD_LIDS_MAX; k++) {
        const record_column *col = catalog_column_by_id(t->def, columns[k]);
        for (uint32_t itag = 1; *nlids < PREREAD_LIDS_MAX; itag++) {
            record_state st = RECORD_ABSENT;
            record_value v;
            uint32_t count = 0;
            memset(&v, 0, sizeof v);
            CHECK(record_tagged(&rv, col != NULL ? record_column_key(col) : columns[k] & 0xffffu, itag, &count, &st, &v));
            if (st != RECORD_VALUE) break;
            if (!v.separated || (v.cb != 4 && v.cb != 8)) continue;
            lid_key *l = &lids[(*nlids)++];
            l->cb = v.cb;
            for (uint32_t i = 0; i < v.cb; i++) l->b[i] = v.pb[v.cb - 1u - i];
        }
    }
done:
    return err;
}

/* The long values of the preread columns of the records in the ranges read so far
 * (ErrIsamIPrereadKeyRanges after the index's pages): the records are visited in order,
 * their LIDs gathered; a walk that goes on to another page within a range makes ESE's
 * cursor read ahead to the first page past the range (ErrBTNext's preread, bounded by the
 * range), which counts as a preread. Then ErrLVPrereadLongValues: each value's root and
 * its first chunk (JET_bitPrereadFirstPage) or first pages, LIDs in ascending order. */
static JET_ERR preread_lvs(db_table *t, btree_cursor *cur, const uint8_t **lo, const uint32_t *cb_lo,
                           const uint8_t **hi, const uint32_t *cb_hi, uint32_t nranges, const JET_COLUMNID *columns,
                           uint32_t ncolumns, bool first_page)
{
    JET_ERR err = JET_errSuccess;
    lid_key *lids = NULL;
    uint32_t nlids = 0, pgnos[PREREAD_LV_PAGES_MAX];
    btree_cursor lv;
    bool lv_open = false;

    memset(&lv, 0, sizeof lv);
    lids = compat_malloc(PREREAD_LIDS_MAX * sizeof *lids);
    if (lids == NULL) FAIL(JET_errOutOfMemory);
    for (uint32_t i = 0; i < nranges && nlids < PREREAD_LIDS_MAX; i++) {
        uint32_t pgno_first = 0;
        bool ahead = false;
        thread_stats_preread_end(); /* the walk reads as a cursor does */
        err = btree_seek(cur, lo[i], cb_lo[i]);
        while (err >= 0 && key_cmp(cur->key, cur->cb_key, hi[i], cb_hi[i]) <= 0 && nlids < PREREAD_LIDS_MAX) {
            if (pgno_first == 0) pgno_first = cur->page.pgno;
            if (!ahead && cur->page.pgno != pgno_first) {
                btree_page_list l;
                memset(&l, 0, sizeof l);
                l.pgnos = pgnos;
                l.max = PREREAD_PAGES_MAX;
                ahead = true;
                CHECK(btree_range_pages(cur, lo[i], cb_lo[i], hi[i], cb_hi[i], &l));
                if (l.pgno_beyond != 0) {
                    thread_stats_preread_begin();
                    err = btree_touch_page(cur, l.pgno_beyond);
                    thread_stats_preread_end();
                    CHECK(err);
                }
            }
            CHECK(record_lids(t, cur, columns, ncolumns, lids, &nlids));
            err = btree_move_next(cur);
        }
        thread_stats_preread_begin();
        if (err < 0 && err != JET_errRecordNotFound && err != JET_errNoCurrentRecord) goto done;
        err = JET_errSuccess;
    }
    if (nlids == 0 || t->def->pgno_lv == 0) goto done;
    qsort(lids, nlids, sizeof *lids, lid_cmp);
    CHECK(btree_open(&lv, t->cur.c, t->cur.ifile, t->def->pgno_lv));
    lv_open = true;
    {
        /* the last chunk to read: the one that ends the first page's worth of chunks
         * (cbLVOnePage), or the first pages' (cbLVDefaultPages), less a chunk since the
         * ranges are inclusive (cbLVPreread - cbLVChunkMost) */
        uint32_t chunk = lv_chunk_size(cache_page_size(t->cur.c));
        uint32_t pages = first_page ? 1u : PREREAD_LV_PAGES;
        uint32_t last = (pages * cache_page_size(t->cur.c) / chunk) * chunk - chunk;
        btree_page_list l;
        memset(&l, 0, sizeof l);
        l.pgnos = pgnos;
        l.max = PREREAD_LV_PAGES_MAX;
        for (uint32_t i = 0; i < nlids && !l.full; i++) {
            uint8_t end[12];
            memcpy(end, lids[i].b, lids[i].cb);
            byte_order_put_be32(end + lids[i].cb, last);
            CHECK(btree_range_pages(&lv, lids[i].b, lids[i].cb, end, lids[i].cb + 4u, &l));
        }
        CHECK(touch_list(&lv, &l));
    }
done:
    if (lv_open) btree_close(&lv);
    compat_free(lids);
    return err;
}

/* ErrRECIInsertionSort: ranges put in order; two that overlap: JET_errInvalidParameter. */
static JET_ERR sort_ranges(const uint8_t **lo, uint32_t *cb_lo, const uint8_t **hi, uint32_t *cb_hi, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        for (uint32_t j = i; j > 0; j--) {
            int before = key_cmp(hi[j], cb_hi[j], lo[j - 1], cb_lo[j - 1]); /* j ends before j-1 starts */
            int after = key_cmp(lo[j], cb_lo[j], hi[j - 1], cb_hi[j - 1]);  /* j starts after j-1 ends */
            const uint8_t *p;
            uint32_t c;
            if (after > 0) break;
            if (before >= 0) return JET_errInvalidParameter;
            p = lo[j], lo[j] = lo[j - 1], lo[j - 1] = p;
            c = cb_lo[j], cb_lo[j] = cb_lo[j - 1], cb_lo[j - 1] = c;
            p = hi[j], hi[j] = hi[j - 1], hi[j - 1] = p;
            c = cb_hi[j], cb_hi[j] = cb_hi[j - 1], cb_hi[j - 1] = c;
        }
    }
    return JET_errSuccess;
}

JET_ERR preread_ranges(db_table *t, const uint8_t *const *start, const uint32_t *cb_start, const uint8_t *const *end,
                       const uint32_t *cb_end, uint32_t n, uint32_t *done, const JET_COLUMNID *columns,
                       uint32_t ncolumns, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    bool forward = (grbit & JET_bitPrereadForward) != 0, open = false, reading = false;
    const uint8_t **lo = NULL, **hi = NULL;
    uint32_t *cb_lo = NULL, *cb_hi = NULL;
    uint32_t *pages = NULL;
    btree_cursor cur;

    memset(&cur, 0, sizeof cur);
    if (done != NULL) *done = 0;
    if (!(grbit & (JET_bitPrereadForward | JET_bitPrereadBackward)) || (grbit & ~(JET_GRBIT)PREREAD_KNOWN))
        FAIL(JET_errInvalidGrbit);
    if (ncolumns > 0 && t->cur.secondary) FAIL(JET_errInvalidPreread);
    for (uint32_t k = 0; k < ncolumns; k++) {
        const record_column *col = catalog_column_for(t->def, columns[k], &t->ses->view);
        if ((columns[k] & 0xffffu) < FID_TAGGED_FIRST || col == NULL || !record_type_is_long_value(col->coltyp))
            FAIL(JET_errMustBeSeparateLongValue);
    }
    if (end == NULL) {
        end = start;
        cb_end = cb_start;
    }
    lo = compat_calloc(n ? n : 1u, sizeof *lo);
    hi = compat_calloc(n ? n : 1u, sizeof *hi);
    cb_lo = compat_calloc(n ? n : 1u, sizeof *cb_lo);
    cb_hi = compat_calloc(n ? n : 1u, sizeof *cb_hi);
    pages = compat_malloc(PREREAD_PAGES_MAX * sizeof *pages);
    if (lo == NULL || hi == NULL || cb_lo == NULL || cb_hi == NULL || pages == NULL) FAIL(JET_errOutOfMemory);
    for (uint32_t i = 0; i < n; i++) {
        int c = key_cmp(start[i], cb_start[i], end[i], cb_end[i]);
        /* a range's ends in the direction of the preread */
        if ((forward && c > 0) || (!forward && c < 0)) FAIL(JET_errInvalidParameter);
        if (done != NULL && i > 0) {
            int o = key_cmp(end[i - 1], cb_end[i - 1], start[i], cb_start[i]);
            if ((forward && o > 0) || (!forward && o < 0)) FAIL(JET_errInvalidParameter);
        }
        lo[i] = forward ? start[i] : end[i];
        cb_lo[i] = forward ? cb_start[i] : cb_end[i];
        hi[i] = forward ? end[i] : start[i];
        cb_hi[i] = forward ? cb_end[i] : cb_start[i];
    }
    if (done == NULL) CHECK(sort_ranges(lo, cb_lo, hi, cb_hi, n));
    CHECK(btree_open(&cur, t->cur.c, t->cur.ifile, index_root(t)));
    open = true;
    thread_stats_preread_begin();
    reading = true;
    {
        /* ErrPrereadBookmarkRanges: the leaf pages of the ranges from the separators
         * above them, at most cpgPrereadRangesMax (one a key for singletons); ranges
         * whose pages were all listed are done, and at least one is */
        btree_page_list l;
        uint32_t ranges = 0;
        memset(&l, 0, sizeof l);
        l.pgnos = pages;
        l.max = end == NULL && n < PREREAD_PAGES_MAX ? n : PREREAD_PAGES_MAX;
        for (uint32_t i = 0; i < n && !l.full; i++) {
            CHECK(btree_range_pages(&cur, lo[i], cb_lo[i], hi[i], cb_hi[i], &l));
            if (!l.full) ranges = i + 1u;
        }
        if (ranges == 0) ranges = 1;
        CHECK(touch_list(&cur, &l));
        if (ncolumns > 0)
            CHECK(preread_lvs(t, &cur, lo, cb_lo, hi, cb_hi, ranges, columns, ncolumns,
                              (grbit & JET_bitPrereadFirstPage) != 0));
        if (done != NULL) *done = ranges;
    }
done:
    if (reading) thread_stats_preread_end();
    if (open) btree_close(&cur);
    compat_free(lo);
    compat_free(hi);
    compat_free(cb_lo);
    compat_free(cb_hi);
    compat_free(pages);
    return err;
}
