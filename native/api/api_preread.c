/* api_preread.c: JetPrereadKeys and JetPrereadIndexRanges (ESE's ErrIsamPrereadKeys,
 * ErrIsamIPrereadIndexRanges with ErrRECIMakeKey, rec.cxx); the reading is preread.c's. */
/* coverage: JetPrereadKeys implemented */
/* coverage: JetPrereadIndexRanges implemented */
#include <string.h>

#include "api_enter.h"
#include "cursor_table.h"
#include "preread.h"
#include "search_key.h"

JET_ERR JET_API JetPrereadKeys(JET_SESID sesid, JET_TABLEID tableid, const void **rgpvKeys, const uint32_t *rgcbKeys,
                               int32_t ckeys, int32_t *pckeysPreread, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = preread_keys(t, rgpvKeys, rgcbKeys, ckeys, pckeysPreread, grbit);
    api_leave_session(&c);
done:
    return err;
}

/* ErrRECIMakeKey: the key of one end of a range from its columns, made with the
 * cursor's search key (which it leaves reset): Equals on every column, PrefixEquals on the
 * last only; the last column closes the key as a start or end limit, full or partial. */
static JET_ERR make_key(db_table *t, const JET_INDEX_COLUMN *cols, uint32_t n, bool start, uint8_t **pb, uint32_t *cb)
{
    JET_ERR err = JET_errSuccess;
    *pb = NULL;
    *cb = 0;
    if (n > 0 && cols == NULL) FAIL(JET_errInvalidParameter);
    for (uint32_t i = 0; i < n; i++) {
        JET_GRBIT g = i == 0 ? JET_bitNewKey : 0;
        bool last = i + 1u == n;
        if (cols[i].relop != JET_relopEquals && (!last || cols[i].relop != JET_relopPrefixEquals))
            FAIL(JET_errInvalidParameter);
        if ((cols[i].grbit & ~(JET_GRBIT)JET_bitZeroLength) != 0 ||
            (cols[i].grbit == JET_bitZeroLength && cols[i].cb != 0))
            FAIL(JET_errInvalidParameter);
        if (cols[i].grbit & JET_bitZeroLength) g |= JET_bitKeyDataZeroLength;
        if (last) {
            if (cols[i].relop == JET_relopPrefixEquals)
                g |= start ? JET_bitPartialColumnStartLimit : JET_bitPartialColumnEndLimit;
            else
                g |= start ? JET_bitFullColumnStartLimit : JET_bitFullColumnEndLimit;
        }
        CHECK(search_key_make(&t->cur, cols[i].pv, cols[i].cb, g));
    }
    *cb = t->cur.cb_search_key;
    *pb = compat_malloc(*cb ? *cb : 1u);
    if (*pb == NULL) FAIL(JET_errOutOfMemory);
    if (*cb) memcpy(*pb, t->cur.search_key, *cb);
done:
    search_key_reset(&t->cur);
    return err;
}

JET_ERR JET_API JetPrereadIndexRanges(JET_SESID sesid, JET_TABLEID tableid, const JET_INDEX_RANGE *const rgIndexRanges,
                                      const uint32_t cIndexRanges, uint32_t *const pcRangesPreread,
                                      const JET_COLUMNID *const rgcolumnidPreread, const uint32_t ccolumnidPreread,
                                      JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    uint8_t **start = NULL, **end = NULL;
    uint32_t *cb_start = NULL, *cb_end = NULL, n = cIndexRanges;
    bool normalised = (grbit & JET_bitPrereadNormalizedKey) != 0, singletons = true, entered = false;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    entered = true;
    if (rgIndexRanges == NULL && n != 0) FAIL(JET_errInvalidParameter);
    if (ccolumnidPreread != 0 && rgcolumnidPreread == NULL) FAIL(JET_errInvalidParameter);
    start = compat_calloc(n ? n : 1u, sizeof *start);
    end = compat_calloc(n ? n : 1u, sizeof *end);
    cb_start = compat_calloc(n ? n : 1u, sizeof *cb_start);
    cb_end = compat_calloc(n ? n : 1u, sizeof *cb_end);
    if (start == NULL || end == NULL || cb_start == NULL || cb_end == NULL) FAIL(JET_errOutOfMemory);
    for (uint32_t i = 0; i < n; i++) {
        const JET_INDEX_RANGE *r = &rgIndexRanges[i];
        if (normalised) {
            /* the keys themselves: one start column, at most one end column */
            if ((r->cStartColumns != 1 && r->cEndColumns > 1) || r->cStartColumns == 0 || r->rgStartColumns == NULL)
                FAIL(JET_errInvalidParameter);
            if (r->cEndColumns == 1 && r->rgEndColumns == NULL) FAIL(JET_errInvalidParameter);
            start[i] = compat_malloc(r->rgStartColumns[0].cb ? r->rgStartColumns[0].cb : 1u);
            if (start[i] == NULL) FAIL(JET_errOutOfMemory);
            if (r->rgStartColumns[0].cb) memcpy(start[i], r->rgStartColumns[0].pv, r->rgStartColumns[0].cb);
            cb_start[i] = r->rgStartColumns[0].cb;
            if (r->cEndColumns == 1) {
                end[i] = compat_malloc(r->rgEndColumns[0].cb ? r->rgEndColumns[0].cb : 1u);
                if (end[i] == NULL) FAIL(JET_errOutOfMemory);
                if (r->rgEndColumns[0].cb) memcpy(end[i], r->rgEndColumns[0].pv, r->rgEndColumns[0].cb);
                cb_end[i] = r->rgEndColumns[0].cb;
                singletons = false;
            }
        } else {
            CHECK(make_key(t, r->rgStartColumns, r->cStartColumns, (grbit & JET_bitPrereadForward) != 0, &start[i],
                           &cb_start[i]));
            singletons = singletons && r->cEndColumns == 0;
            CHECK(make_key(t, r->rgEndColumns, r->cEndColumns, !(grbit & JET_bitPrereadForward), &end[i], &cb_end[i]));
        }
    }
    err = preread_ranges(t, (const uint8_t *const *)start, cb_start, singletons ? NULL : (const uint8_t *const *)end,
                         singletons ? NULL : cb_end, n, pcRangesPreread, rgcolumnidPreread, ccolumnidPreread, grbit);
done:
    if (entered) api_leave_session(&c);
    for (uint32_t i = 0; i < n && start != NULL && end != NULL; i++) {
        compat_free(start[i]);
        compat_free(end[i]);
    }
    compat_free(start);
    compat_free(end);
    compat_free(cb_start);
    compat_free(cb_end);
    return err;
}
