/* preread.c: reading ahead the pages of keys, key ranges and long values (see preread.h). */
#include "preread.h"

#include <string.h>

#include "key.h"
#include "thread_stats.h"

#define PREREAD_KNOWN (JET_bitPrereadForward | JET_bitPrereadBackward | JET_bitPrereadFirstPage | JET_bitPrereadNormalizedKey)
#define LV_STEP 65536u /* bytes of a long value read at a time */

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

/* The separated values of the preread columns in the record cur is on. */
static JET_ERR preread_lvs(db_table *t, btree_cursor *lv, bool *lv_open, const btree_cursor *cur,
                           const JET_COLUMNID *columns, uint32_t ncolumns, bool first_page, uint8_t *buf)
{
    JET_ERR err = JET_errSuccess;
    record_view rv;
    CHECK(record_open(cur->data, cur->cb_data, page_is_large(cache_page_size(t->cur.c)), &rv));
    for (uint32_t k = 0; k < ncolumns; k++) {
        for (uint32_t itag = 1;; itag++) {
            record_state st = RECORD_ABSENT;
            record_value v;
            uint32_t count = 0, size = 0;
            memset(&v, 0, sizeof v);
            const record_column *col = catalog_column_by_id(t->def, columns[k]);
            CHECK(record_tagged(&rv, col != NULL ? record_column_key(col) : columns[k] & 0xffffu, itag, &count, &st, &v));
            if (st != RECORD_VALUE) break;
            if (!v.separated || t->def->pgno_lv == 0) continue;
            if (!*lv_open) {
                CHECK(btree_open(lv, t->cur.c, t->cur.ifile, t->def->pgno_lv));
                *lv_open = true;
            }
            /* JET_bitPrereadFirstPage: the root and the first chunk only; else the first
             * chunks, and with them the whole size, then the rest, step by step */
            if (first_page) {
                CHECK(record_lv_touch_first(lv, v.pb, v.cb));
                continue;
            }
            CHECK(record_lv_read(lv, v.pb, v.cb, 0, buf, LV_STEP, &size, NULL));
            for (uint32_t ib = LV_STEP; ib < size; ib += LV_STEP)
                CHECK(record_lv_read(lv, v.pb, v.cb, ib, buf, LV_STEP, &size, NULL));
        }
    }
done:
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
    bool forward = (grbit & JET_bitPrereadForward) != 0, open = false, lv_open = false, reading = false;
    const uint8_t **lo = NULL, **hi = NULL;
    uint32_t *cb_lo = NULL, *cb_hi = NULL;
    uint8_t *buf = NULL;
    btree_cursor cur, lv;

    memset(&cur, 0, sizeof cur);
    memset(&lv, 0, sizeof lv);
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
    buf = compat_malloc(LV_STEP);
    if (lo == NULL || hi == NULL || cb_lo == NULL || cb_hi == NULL || buf == NULL) FAIL(JET_errOutOfMemory);
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
    for (uint32_t i = 0; i < n; i++) {
        err = btree_seek(&cur, lo[i], cb_lo[i]);
        while (err >= 0 && key_cmp(cur.key, cur.cb_key, hi[i], cb_hi[i]) <= 0) {
            if (ncolumns > 0)
                CHECK(preread_lvs(t, &lv, &lv_open, &cur, columns, ncolumns, (grbit & JET_bitPrereadFirstPage) != 0, buf));
            err = btree_move_next(&cur);
        }
        if (err < 0 && err != JET_errRecordNotFound && err != JET_errNoCurrentRecord) goto done;
        err = JET_errSuccess;
        if (done != NULL) *done = i + 1;
    }
done:
    if (reading) thread_stats_preread_end();
    if (lv_open) btree_close(&lv);
    if (open) btree_close(&cur);
    compat_free(lo);
    compat_free(hi);
    compat_free(cb_lo);
    compat_free(cb_hi);
    compat_free(buf);
    return err;
}
