/* cursor_filter.c: a table cursor's JetSetCursorFilter conditions (see cursor_filter.h). */
#include "cursor_filter.h"

#include <string.h>

#include "key.h"
#include "thread_stats.h"

/* One condition as kept: the value as given, or normalised as an index key segment when
 * the comparison needs an order (ErrRECSetCursorFilter: bits always, the relative
 * relops of the other fixed-size types). */
typedef struct filter_cond {
    JET_COLUMNID columnid;
    uint32_t relop;
    JET_GRBIT grbit;
    uint32_t coltyp;
    bool normalised;
    bool null;                /* no value and no JET_bitZeroLength: compares as null */
    uint32_t cb;
    uint8_t v[JET_cbColumnMost + 1u];
} filter_cond;

struct cursor_filter {
    uint32_t n;
    bool dotnet_guid;         /* the clustered index's GUID order (fIDXDotNetGuid) */
    filter_cond conds[];
};

void cursor_filter_free(db_table *t)
{
    compat_free(t->filter);
    t->filter = NULL;
}

/* The key segment of a fixed-size value (FLDNormalizeFixedSegment). */
static JET_ERR normalise(uint32_t coltyp, bool dotnet, const uint8_t *pv, uint32_t cb, uint8_t *out, uint32_t *cb_out)
{
    key_segment_def def;
    bool truncated = false;
    memset(&def, 0, sizeof def);
    def.coltyp = coltyp;
    def.fixed_column = true;
    def.dotnet_guid = dotnet;
    return key_normalize(&def, pv, cb, false, JET_cbColumnMost + 1u, JET_cbKeyMostMost, out, cb_out, &truncated, NULL);
}

/* ErrRECIValidateOneMoveFilter, in its order. */
static JET_ERR check_one(const db_table *t, const JET_INDEX_COLUMN *f, filter_cond *out, bool dotnet)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col;
    uint32_t coltyp, size;

    if ((f->grbit & ~(JET_GRBIT)JET_bitZeroLength) != 0 || (f->cb == 0 && f->pv != NULL) ||
        (f->cb != 0 && (f->pv == NULL || f->grbit == JET_bitZeroLength)))
        FAIL(JET_errInvalidParameter);
    col = catalog_column_for(t->def, f->columnid, &t->ses->view);
    if (col == NULL) FAIL(JET_errColumnNotFound);
    coltyp = col->coltyp;
    size = record_type_size(coltyp);
    if (record_type_is_long_value(coltyp) || coltyp == JET_coltypText || (col->grbit & JET_bitColumnUserDefinedDefault))
        FAIL(JET_errFilteredMoveNotSupported);
    if ((f->relop == JET_relopPrefixEquals || (f->grbit & JET_bitZeroLength)) && coltyp != JET_coltypBinary)
        FAIL(JET_errInvalidParameter);
    if (f->cb == 0) {
        if (f->relop == JET_relopBitmaskEqualsZero || f->relop == JET_relopBitmaskNotEqualsZero ||
            f->relop == JET_relopPrefixEquals)
            FAIL(JET_errInvalidParameter);
    } else if (coltyp != JET_coltypBinary && f->cb != size) {
        FAIL(JET_errInvalidParameter);
    } else if ((coltyp == JET_coltypBit || coltyp == JET_coltypGUID || coltyp == JET_coltypBinary) &&
               (f->relop == JET_relopBitmaskEqualsZero || f->relop == JET_relopBitmaskNotEqualsZero)) {
        FAIL(JET_errInvalidParameter);
    }
    if ((uint32_t)f->relop > (uint32_t)JET_relopBitmaskNotEqualsZero) FAIL(JET_errInvalidParameter);
    if (f->cb > JET_cbColumnMost) FAIL(JET_errInvalidParameter);
    memset(out, 0, sizeof *out);
    out->columnid = f->columnid;
    out->relop = (uint32_t)f->relop;
    out->grbit = f->grbit;
    out->coltyp = coltyp;
    out->null = f->cb == 0 && !(f->grbit & JET_bitZeroLength);
    out->normalised = coltyp != JET_coltypBinary && f->cb != 0 &&
                      (coltyp == JET_coltypBit || f->relop == JET_relopLessThanOrEqual ||
                       f->relop == JET_relopLessThan || f->relop == JET_relopGreaterThanOrEqual ||
                       f->relop == JET_relopGreaterThan);
    if (out->normalised) CHECK(normalise(coltyp, dotnet, f->pv, f->cb, out->v, &out->cb));
    else {
        if (f->cb != 0) memcpy(out->v, f->pv, f->cb);
        out->cb = f->cb;
    }
done:
    return err;
}

JET_ERR cursor_filter_set(db_table *t, const JET_INDEX_COLUMN *rg, uint32_t n, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    struct cursor_filter *f = NULL;
    const record_index *primary = catalog_primary_index(t->def);

    cursor_filter_free(t); /* ErrRECSetCursorFilter removes the old ones first */
    if (grbit != 0) FAIL(JET_errInvalidGrbit);
    if (t->temp != NULL || t->cur.secondary) FAIL(JET_errFilteredMoveNotSupported);
    if (n == 0) goto done;
    if (rg == NULL) FAIL(JET_errInvalidParameter);
    f = compat_calloc(1, sizeof *f + (size_t)n * sizeof f->conds[0]);
    if (f == NULL) FAIL(JET_errOutOfMemory);
    f->n = n;
    f->dotnet_guid = primary != NULL && (primary->idx_flags & IDX_DOTNET_GUID) != 0;
    for (uint32_t i = 0; i < n; i++) CHECK(check_one(t, &rg[i], &f->conds[i], f->dotnet_guid));
    t->filter = f;
    f = NULL;
done:
    compat_free(f);
    return err;
}

/* CmpData: the common bytes, then the shorter first. */
static int compare(const uint8_t *a, uint32_t cb_a, const uint8_t *b, uint32_t cb_b)
{
    int c = memcmp(a, b, cb_a < cb_b ? cb_a : cb_b);
    if (c != 0) return c;
    return cb_a < cb_b ? -1 : cb_a > cb_b ? 1 : 0;
}

static bool equal(const uint8_t *a, uint32_t cb_a, const uint8_t *b, uint32_t cb_b)
{
    return cb_a == cb_b && (cb_a == 0 || memcmp(a, b, cb_a) == 0);
}

/* The bitmask relops on an integer of cb bytes (1, 2, 4 or 8). */
static bool any_bit(const uint8_t *a, const uint8_t *mask, uint32_t cb)
{
    bool any = false;
    for (uint32_t i = 0; i < cb; i++) any = any || (a[i] & mask[i]) != 0;
    return any;
}

/* ErrRECICheckCursorFilter for one condition and the record's first value of the column. */
static JET_ERR cond_match(const filter_cond *c, bool dotnet, const record_state st, const record_value *v, bool *match)
{
    JET_ERR err = JET_errSuccess;
    uint8_t norm[JET_cbColumnMost + 32u];
    const uint8_t *pb = v->pb;
    uint32_t cb = v->cb;

    if (st != RECORD_VALUE) {
        /* a null value: less than everything */
        switch (c->relop) {
        case JET_relopEquals: *match = c->null; break;
        case JET_relopPrefixEquals: *match = false; break;
        case JET_relopNotEquals: *match = !c->null; break;
        case JET_relopLessThanOrEqual: *match = true; break;
        case JET_relopLessThan: *match = !c->null; break;
        case JET_relopGreaterThanOrEqual: *match = c->null; break;
        case JET_relopGreaterThan: *match = false; break;
        case JET_relopBitmaskEqualsZero: *match = true; break;
        default: *match = false; break;
        }
        goto done;
    }
    if (v->separated || v->compressed || v->encrypted) FAIL(JET_errFilteredMoveNotSupported);
    if (c->normalised) {
        CHECK(normalise(c->coltyp, dotnet, v->pb, v->cb, norm, &cb));
        pb = norm;
    }
    switch (c->relop) {
    case JET_relopEquals: *match = !c->null && equal(pb, cb, c->v, c->cb); break;
    case JET_relopPrefixEquals: *match = cb >= c->cb && equal(pb, c->cb, c->v, c->cb); break;
    case JET_relopNotEquals: *match = c->null || !equal(pb, cb, c->v, c->cb); break;
    case JET_relopLessThanOrEqual: *match = !c->null && compare(pb, cb, c->v, c->cb) <= 0; break;
    case JET_relopLessThan: *match = compare(pb, cb, c->v, c->cb) < 0; break;
    case JET_relopGreaterThanOrEqual: *match = compare(pb, cb, c->v, c->cb) >= 0; break;
    case JET_relopGreaterThan: *match = c->null || compare(pb, cb, c->v, c->cb) > 0; break;
    case JET_relopBitmaskEqualsZero: *match = cb != c->cb || !any_bit(pb, c->v, cb); break;
    case JET_relopBitmaskNotEqualsZero: *match = cb == c->cb && any_bit(pb, c->v, cb); break;
    default: *match = true; break;
    }
done:
    return err;
}

/* Whether the cursor's current record passes every condition. */
static JET_ERR record_passes(db_table *t, bool *pass)
{
    JET_ERR err = JET_errSuccess;
    const struct cursor_filter *f = t->filter;
    *pass = true;
    CHECK(cursor_refresh(&t->cur));
    for (uint32_t i = 0; i < f->n && *pass; i++) {
        const record_column *col = catalog_column_for(t->def, f->conds[i].columnid, &t->ses->view);
        record_state st = RECORD_ABSENT;
        record_value v;
        uint32_t count = 0;
        if (col == NULL) FAIL(JET_errColumnNotFound);
        memset(&v, 0, sizeof v);
        CHECK(record_column_value(&t->cur.rv, col, 1, &count, &st, &v)); /* the first value only */
        CHECK(cond_match(&f->conds[i], f->dotnet_guid, st, &v, pass));
    }
done:
    return err;
}

static JET_ERR step(db_table *t, int32_t crow, bool key_ne)
{
    return key_ne ? cursor_move_key_ne(&t->cur, crow) : cursor_move(&t->cur, crow);
}

/* ESE's ErrBTNext, once it has skipped a node the filter rejects under an upper index
 * range: the cursor turns on its preread, which reads ahead the leaves up to the range's
 * limit and the first one past it (ErrBTIPreread: "we want to preread the first page
 * that is out of range"); they count as prereads, not reads. */
static JET_ERR read_ahead_in_range(db_table *t)
{
    JET_ERR err = JET_errSuccess;
    btree_cursor *bt = t->cur.secondary ? &t->cur.sec : &t->cur.primary;
    uint32_t pgnos[128];
    btree_page_list l;

    if (!t->cur.range || !t->cur.range_upper || !btree_positioned(bt)) return JET_errSuccess;
    memset(&l, 0, sizeof l);
    l.pgnos = pgnos;
    l.max = sizeof pgnos / sizeof pgnos[0];
    CHECK(btree_range_pages(bt, bt->key, bt->cb_key, t->cur.range_key, t->cur.cb_range_key, &l));
    thread_stats_preread_begin();
    for (uint32_t i = 0; i < l.count && err >= 0; i++) err = btree_touch_page(bt, l.pgnos[i]);
    if (err >= 0 && l.pgno_beyond != 0) err = btree_touch_page(bt, l.pgno_beyond);
    thread_stats_preread_end();
done:
    return err;
}

/* From the record just reached, on in direction dir (+1/-1) until one passes. */
static JET_ERR skip_failing(db_table *t, int32_t dir, bool key_ne, bool *skipped)
{
    JET_ERR err = JET_errSuccess;
    bool pass = false, ahead = false;
    for (;;) {
        CHECK(record_passes(t, &pass));
        if (pass) break;
        if (skipped != NULL) *skipped = true;
        if (dir > 0 && !ahead) {
            ahead = true;
            CHECK(read_ahead_in_range(t));
        }
        CHECK(step(t, dir, key_ne));
    }
done:
    return err;
}

JET_ERR cursor_filter_move(db_table *t, int32_t crow, bool key_ne)
{
    JET_ERR err = JET_errSuccess;
    if (crow == 0) FAIL(JET_errFilteredMoveNotSupported); /* ErrIsamMove */
    if (crow == (int32_t)JET_MoveFirst || crow == (int32_t)JET_MoveLast) {
        CHECK(cursor_move(&t->cur, crow));
        CHECK(skip_failing(t, crow == (int32_t)JET_MoveFirst ? 1 : -1, false, NULL));
        goto done;
    }
    for (int32_t k = crow > 0 ? crow : -crow; k > 0; k--) {
        CHECK(step(t, crow > 0 ? 1 : -1, key_ne));
        CHECK(skip_failing(t, crow > 0 ? 1 : -1, key_ne, NULL));
    }
done:
    return err;
}

JET_ERR cursor_filter_after_seek(db_table *t, JET_ERR err, bool forward, bool equal_only)
{
    bool pass = false, skipped = false;
    JET_ERR e;
    if (err < 0) return err;
    e = record_passes(t, &pass);
    if (e < 0) return e;
    if (pass) return err;
    if (equal_only) return JET_errRecordNotFound;
    e = skip_failing(t, forward ? 1 : -1, false, &skipped);
    if (e == JET_errNoCurrentRecord) return JET_errRecordNotFound;
    if (e < 0) return e;
    return JET_wrnSeekNotEqual;
}
