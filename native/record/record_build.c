/* record_build.c: the prepared record (see record_build.h). */
#include "record_build.h"

#include <string.h>

#include "byte_order.h"
#include "compress.h"
#include "key.h"
#include "lv.h"
#include "page.h"
#include "record_layout.h"

#define VAR_CB_MOST 255u      /* JET_cbColumnMost */

uint32_t record_build_max_size(uint32_t cb_page, uint32_t cb_key_most)
{
    /* a node may take the page less its header and one tag; ESE reserves room for the
     * key (and on small pages keeps the old limit of at least 255 key bytes) */
    bool large = page_is_large(cb_page);
    uint32_t node_most = cb_page - page_header_cb(cb_page) - PAGE_TAG_CB;
    uint32_t reserve;
    if (cb_key_most == 0) cb_key_most = KEY_LEGACY_MOST;
    if (!large) reserve = 2u + (2u + cb_key_most > 255u ? 2u + cb_key_most : 255u);
    else reserve = 2u + 2u + cb_key_most;
    return node_most > reserve ? node_most - reserve : 0;
}

/* Tagged values larger than this cannot be in any record (CbLVIntrinsicTableMost). */
static uint32_t intrinsic_table_most(const record_build *rb)
{
    return rb->cb_record_max > 9u ? rb->cb_record_max - 9u : 0;
}

/* ---- values ---- */

static void value_clear(rb_value *v)
{
    if (!v->here) compat_free(v->pb);
    memset(v, 0, sizeof *v);
}

static JET_ERR value_set(rb_value *v, const uint8_t *pb, uint32_t cb)
{
    uint8_t *p = compat_malloc(cb != 0 ? cb : 1u);
    if (p == NULL) return JET_errOutOfMemory;
    if (cb != 0) memcpy(p, pb, cb);
    value_clear(v);
    v->pb = p;
    v->cb = cb;
    return JET_errSuccess;
}

/* value_set for a variable column's value: small ones go to the builder's here[] while
 * it has room (a value replaced there leaves its old bytes unused until the builder is
 * freed). */
static JET_ERR var_value_set(record_build *rb, rb_value *v, const uint8_t *pb, uint32_t cb)
{
    uint32_t take = cb != 0 ? cb : 1u;
    if (take > RECORD_BUILD_HERE_VALUE_MOST || take > RECORD_BUILD_HERE - rb->cb_here_used) return value_set(v, pb, cb);
    value_clear(v);
    v->pb = rb->here + rb->cb_here_used;
    rb->cb_here_used += take;
    if (cb != 0) memcpy(v->pb, pb, cb);
    v->cb = cb;
    v->here = true;
    return JET_errSuccess;
}

static JET_ERR note_lid(uint8_t (**arr)[8], uint8_t **cbs, uint32_t *count, uint32_t *cap, const uint8_t *lid,
                        uint32_t cb_lid)
{
    if (*count == *cap) {
        uint32_t ncap = *cap ? 2u * *cap : 4u;
        uint8_t(*p)[8] = compat_realloc(*arr, (size_t)ncap * 8u);
        if (p == NULL) return JET_errOutOfMemory;
        *arr = p;
        if (cbs != NULL) {
            uint8_t *q = compat_realloc(*cbs, ncap);
            if (q == NULL) return JET_errOutOfMemory;
            *cbs = q;
        }
        *cap = ncap;
    }
    memset((*arr)[*count], 0, 8);
    memcpy((*arr)[*count], lid, cb_lid);
    if (cbs != NULL) (*cbs)[*count] = (uint8_t)cb_lid;
    (*count)++;
    return JET_errSuccess;
}

/* A separated value is no longer referred to by this record. */
static JET_ERR release_value(record_build *rb, const rb_value *v)
{
    if (!v->separated) return JET_errSuccess;
    return note_lid(&rb->released, &rb->released_cb, &rb->creleased, &rb->cap_released, v->pb, v->cb);
}

/* The bytes of a value, reading a separated one from the LV tree and expanding a
 * compressed one: *pb_out is allocated (free it with compat_free). */
static JET_ERR value_bytes(const rb_value *v, btree_cursor *lv, uint8_t **pb_out, uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *p = NULL;
    uint32_t cb = 0, got = 0;

    *pb_out = NULL;
    *cb_out = 0;
    if (v->separated) {
        if (lv == NULL) FAIL(JET_errLVCorrupted);
        CHECK(record_lv_read(lv, v->pb, v->cb, 0, NULL, 0, &cb, NULL));
        p = compat_malloc(cb != 0 ? cb : 1u);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        CHECK(record_lv_read(lv, v->pb, v->cb, 0, p, cb, &got, NULL));
        if (got != cb) FAIL(JET_errLVCorrupted);
    } else if (v->compressed) {
        CHECK(compress_size(v->pb, v->cb, &cb));
        p = compat_malloc(cb != 0 ? cb : 1u);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        CHECK(compress_decompress(v->pb, v->cb, p, cb, &got));
        if (got != cb) FAIL(JET_errDecompressionFailed);
    } else {
        cb = v->cb;
        p = compat_malloc(cb != 0 ? cb : 1u);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        if (cb != 0) memcpy(p, v->pb, cb);
    }
    *pb_out = p;
    *cb_out = cb;
    p = NULL;
done:
    compat_free(p);
    return err;
}

/* ---- tagged entries ---- */

static void tagged_clear(rb_tagged *e)
{
    uint32_t i;
    for (i = 0; i < e->cvalues; i++) value_clear(&e->values[i]);
    compat_free(e->values);
    memset(e, 0, sizeof *e);
}

/* The index of the entry of the column of key (record_column_key: its fid, derived or
 * not), or where it would go: derived entries first, then by fid. */
static uint32_t tagged_find(const record_build *rb, uint32_t key, bool *found)
{
    uint32_t lo = 0, hi = rb->ctagged, want = tagged_key_rank(TAGGED_KEY_FID(key), (key & TAGGED_KEY_DERIVED) != 0);
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        const rb_tagged *e = &rb->tagged[mid];
        if (tagged_key_rank(e->fid, e->derived) < want) lo = mid + 1u;
        else hi = mid;
    }
    *found = lo < rb->ctagged && tagged_key_rank(rb->tagged[lo].fid, rb->tagged[lo].derived) == want;
    return lo;
}

static JET_ERR tagged_insert(record_build *rb, uint32_t at, uint32_t fid, bool derived, rb_tagged **out)
{
    if (rb->ctagged == rb->cap_tagged) {
        uint32_t ncap = rb->cap_tagged ? 2u * rb->cap_tagged : 8u;
        rb_tagged *p = compat_realloc(rb->tagged, (size_t)ncap * sizeof *p);
        if (p == NULL) return JET_errOutOfMemory;
        rb->tagged = p;
        rb->cap_tagged = ncap;
    }
    memmove(&rb->tagged[at + 1u], &rb->tagged[at], (size_t)(rb->ctagged - at) * sizeof *rb->tagged);
    memset(&rb->tagged[at], 0, sizeof *rb->tagged);
    rb->tagged[at].fid = TAGGED_KEY_FID(fid);
    rb->tagged[at].derived = derived;
    rb->ctagged++;
    *out = &rb->tagged[at];
    return JET_errSuccess;
}

static void tagged_remove(record_build *rb, uint32_t at)
{
    tagged_clear(&rb->tagged[at]);
    memmove(&rb->tagged[at], &rb->tagged[at + 1u], (size_t)(rb->ctagged - at - 1u) * sizeof *rb->tagged);
    rb->ctagged--;
}

static JET_ERR tagged_add_value(rb_tagged *e, uint32_t at, rb_value **out)
{
    if (e->cvalues == e->cap) {
        uint32_t ncap = e->cap ? 2u * e->cap : 2u;
        rb_value *p = compat_realloc(e->values, (size_t)ncap * sizeof *p);
        if (p == NULL) return JET_errOutOfMemory;
        e->values = p;
        e->cap = ncap;
    }
    memmove(&e->values[at + 1u], &e->values[at], (size_t)(e->cvalues - at) * sizeof *e->values);
    memset(&e->values[at], 0, sizeof *e->values);
    e->cvalues++;
    *out = &e->values[at];
    return JET_errSuccess;
}

/* ---- starting ---- */

static JET_ERR init_common(record_build *rb, const catalog_table *t, uint32_t cb_page, uint32_t cb_record_max)
{
    uint32_t i, end = RECORD_HEADER_CB;

    memset(rb, 0, sizeof *rb);
    rb->t = t;
    rb->cb_page = cb_page;
    rb->large_pages = page_is_large(cb_page);
    rb->cb_record_max = cb_record_max;
    rb->cb_lid = LV_LID_CB;
    rb->fid_var_last = FID_VAR_FIRST - 1u;
    memset(rb->fixed_null, 0xff, sizeof rb->fixed_null);
    for (i = 0; i < t->ccolumns; i++) {
        const record_column *c = &t->columns[i];
        uint32_t fid = c->columnid & 0xffffu;
        if (fid >= FID_FIXED_FIRST && fid <= FID_FIXED_LAST && c->ib_record_offset + c->cb_max > end)
            end = c->ib_record_offset + c->cb_max;
    }
    rb->cap_fixed = end - RECORD_HEADER_CB + 1u;
    rb->fixed = rb->cap_fixed <= sizeof rb->fixed_here ? rb->fixed_here : compat_malloc(rb->cap_fixed);
    if (rb->fixed == NULL) return JET_errOutOfMemory;
    memset(rb->fixed, RECORD_FILL_BYTE, rb->cap_fixed);
    rb->ib_fixed_end = RECORD_HEADER_CB;
    return JET_errSuccess;
}

static const record_column *fixed_column(const catalog_table *t, uint32_t fid)
{
    return catalog_column_by_fid(t, fid, false);
}

/* Brings the record's fixed part up to fid: the columns between come in null, their
 * bytes filled as ESE fills them. */
static JET_ERR extend_fixed(record_build *rb, uint32_t fid)
{
    uint32_t f, end;
    const record_column *c = fixed_column(rb->t, fid);

    if (fid <= rb->fid_fixed_last) return JET_errSuccess;
    if (c == NULL) return JET_errColumnNotFound;
    end = c->ib_record_offset + c->cb_max;
    if (end < rb->ib_fixed_end || end - RECORD_HEADER_CB > rb->cap_fixed) return JET_errDatabaseCorrupted;
    memset(rb->fixed + (rb->ib_fixed_end - RECORD_HEADER_CB), RECORD_FILL_BYTE, end - rb->ib_fixed_end);
    for (f = rb->fid_fixed_last + 1u; f <= fid; f++) rb->fixed_null[(f - 1u) / 8u] |= (uint8_t)(1u << ((f - 1u) % 8u));
    rb->fid_fixed_last = fid;
    rb->ib_fixed_end = end;
    return JET_errSuccess;
}

JET_ERR record_build_init_insert(record_build *rb, const catalog_table *t, uint32_t cb_page, uint32_t cb_record_max)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, last_fixed = 0, last_var = FID_VAR_FIRST - 1u;

    CHECK(init_common(rb, t, cb_page, cb_record_max));
    /* ESE starts an insert from the table's default record: fixed columns up to the last
     * one with a default, variable ones likewise, the defaults in place */
    for (i = 0; i < t->ccolumns; i++) {
        const record_column *c = &t->columns[i];
        uint32_t fid = c->columnid & 0xffffu;
        if (c->default_value == NULL) continue;
        if (fid <= FID_FIXED_LAST && fid > last_fixed) last_fixed = fid;
        if (fid >= FID_VAR_FIRST && fid <= FID_VAR_LAST && fid > last_var) last_var = fid;
    }
    if (last_fixed != 0) CHECK(extend_fixed(rb, last_fixed));
    rb->fid_var_last = last_var;
    for (i = FID_VAR_FIRST; i <= last_var; i++) rb->var_null[i - FID_VAR_FIRST] = true;
    for (i = 0; i < t->ccolumns; i++) {
        const record_column *c = &t->columns[i];
        uint32_t fid = c->columnid & 0xffffu;
        if (c->default_value == NULL) continue;
        if (fid <= last_fixed) {
            uint32_t cb = c->cb_default < c->cb_max ? c->cb_default : c->cb_max;
            memcpy(rb->fixed + (c->ib_record_offset - RECORD_HEADER_CB), c->default_value, cb);
            rb->fixed_null[(fid - 1u) / 8u] &= (uint8_t)~(1u << ((fid - 1u) % 8u));
        } else if (fid >= FID_VAR_FIRST && fid <= last_var) {
            CHECK(var_value_set(rb, &rb->var[fid - FID_VAR_FIRST], c->default_value, c->cb_default));
            rb->var_null[fid - FID_VAR_FIRST] = false;
        }
    }
done:
    if (err < 0) record_build_free(rb);
    return err;
}

/* The values of tagged entry i of a stored record. */
static JET_ERR load_tagged(record_build *rb, const record_view *rv, uint32_t i)
{
    JET_ERR err = JET_errSuccess;
    record_tagged_entry te;
    uint32_t mask = rv->large_pages ? TAGGED_IB_MASK_LARGE : TAGGED_IB_MASK_SMALL, start, cb;
    const uint8_t *pb;
    rb_tagged *e = NULL;
    rb_value *v = NULL;

    CHECK(record_tagged_at(rv, i, &te));
    start = byte_order_get_le16(rv->pb + rv->ib_tagged + TAGGED_ENTRY_CB * i + 2u) & mask;
    pb = rv->pb + rv->ib_tagged + start;
    cb = te.cb;
    CHECK(tagged_insert(rb, rb->ctagged, te.fid, te.derived, &e));
    if (te.null) {
        e->null_entry = true;
        goto done;
    }
    if (te.has_header) {
        pb++;
        cb--;
    }
    if (te.header & TAGGED_TWO_VALUES) {
        uint32_t cb1;
        if (cb < 1) FAIL(JET_errDatabaseCorrupted);
        cb1 = pb[0];
        if (1u + cb1 > cb) FAIL(JET_errDatabaseCorrupted);
        CHECK(tagged_add_value(e, 0, &v));
        CHECK(value_set(v, pb + 1, cb1));
        CHECK(tagged_add_value(e, 1, &v));
        CHECK(value_set(v, pb + 1 + cb1, cb - 1u - cb1));
        e->two_values_form = true;
    } else if (te.header & TAGGED_MULTI_VALUES) {
        uint32_t first, n, k;
        if (cb < 4) FAIL(JET_errDatabaseCorrupted);
        first = byte_order_get_le16(pb) & MULTI_VALUES_OFFSET_MASK;
        if (first < 4 || first % 2u != 0 || first > cb) FAIL(JET_errDatabaseCorrupted);
        n = first / 2u;
        for (k = 0; k < n; k++) {
            uint32_t s = byte_order_get_le16(pb + 2u * k);
            uint32_t e_end = k + 1u < n ? (byte_order_get_le16(pb + 2u * (k + 1u)) & MULTI_VALUES_OFFSET_MASK) : cb;
            bool sep = (s & MULTI_VALUES_SEPARATED) != 0;
            s &= MULTI_VALUES_OFFSET_MASK;
            if (s < first || s > e_end || e_end > cb) FAIL(JET_errDatabaseCorrupted);
            CHECK(tagged_add_value(e, k, &v));
            CHECK(value_set(v, pb + s, e_end - s));
            v->separated = sep;
            v->compressed = k == 0 && (te.header & TAGGED_COMPRESSED) != 0;
            if (sep && v->cb != 4 && v->cb != 8) FAIL(JET_errDatabaseCorrupted);
        }
    } else {
        CHECK(tagged_add_value(e, 0, &v));
        CHECK(value_set(v, pb, cb));
        v->separated = (te.header & TAGGED_SEPARATED) != 0;
        v->compressed = (te.header & TAGGED_COMPRESSED) != 0;
        if (v->separated && v->cb != 4 && v->cb != 8) FAIL(JET_errDatabaseCorrupted);
    }
done:
    return err;
}

JET_ERR record_build_load(record_build *rb, const catalog_table *t, uint32_t cb_page, uint32_t cb_record_max,
                          const record_view *rv, bool insert_copy)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, cb_bitmap, ib_fixed_end;

    CHECK(init_common(rb, t, cb_page, cb_record_max));
    rb->insert_copy = insert_copy;
    cb_bitmap = (rv->fid_fixed_last + 7u) / 8u;
    ib_fixed_end = rv->ib_end_fixed - cb_bitmap;
    if (ib_fixed_end < RECORD_HEADER_CB) FAIL(JET_errDatabaseCorrupted);
    if (ib_fixed_end - RECORD_HEADER_CB > rb->cap_fixed) {
        /* the stored record has more fixed bytes than the columns known (nothing of
         * fixed[] is set yet: it is replaced, not grown) */
        uint8_t *p = compat_malloc(ib_fixed_end - RECORD_HEADER_CB + 1u);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        if (rb->fixed != rb->fixed_here) compat_free(rb->fixed);
        rb->fixed = p;
        rb->cap_fixed = ib_fixed_end - RECORD_HEADER_CB + 1u;
    }
    memcpy(rb->fixed, rv->pb + RECORD_HEADER_CB, ib_fixed_end - RECORD_HEADER_CB);
    memcpy(rb->fixed_null, rv->pb + ib_fixed_end, cb_bitmap);
    rb->fid_fixed_last = rv->fid_fixed_last;
    rb->ib_fixed_end = ib_fixed_end;
    rb->fid_var_last = rv->fid_var_last;
    for (i = FID_VAR_FIRST; i <= rv->fid_var_last; i++) {
        record_state st;
        record_value v;
        CHECK(record_variable(rv, i, &st, &v));
        rb->var_null[i - FID_VAR_FIRST] = st != RECORD_VALUE;
        if (st == RECORD_VALUE) CHECK(var_value_set(rb, &rb->var[i - FID_VAR_FIRST], v.pb, v.cb));
    }
    for (i = 0; i < rv->ctagged; i++) CHECK(load_tagged(rb, rv, i));
done:
    if (err < 0) record_build_free(rb);
    return err;
}

void record_build_free(record_build *rb)
{
    uint32_t i;
    if (rb == NULL) return;
    if (rb->fixed != rb->fixed_here) compat_free(rb->fixed);
    /* the memset below clears the slots: only their allocated bytes are freed here */
    for (i = 0; i < 128u; i++)
        if (rb->var[i].pb != NULL && !rb->var[i].here) compat_free(rb->var[i].pb);
    for (i = 0; i < rb->ctagged; i++) tagged_clear(&rb->tagged[i]);
    compat_free(rb->tagged);
    compat_free(rb->released);
    compat_free(rb->released_cb);
    compat_free(rb->created);
    memset(rb, 0, sizeof *rb);
}

/* ---- setting ---- */

static JET_ERR set_fixed(record_build *rb, const record_column *col, const uint8_t *pb, uint32_t cb, bool null)
{
    JET_ERR err = JET_errSuccess;
    uint32_t fid = col->columnid & 0xffffu, size = record_type_size(col->coltyp);
    uint8_t *slot;

    /* zero-length is null for a fixed column */
    if (null || cb == 0) {
        if (col->grbit & JET_bitColumnNotNULL) FAIL(JET_errNullInvalid);
        null = true;
    } else if (size != 0) {
        if (cb != size) FAIL(JET_errInvalidBufferSize);
    } else if (cb > col->cb_max) {
        FAIL(JET_errInvalidBufferSize);
    }
    CHECK(extend_fixed(rb, fid));
    if (col->ib_record_offset < RECORD_HEADER_CB || col->ib_record_offset + col->cb_max > rb->ib_fixed_end)
        FAIL(JET_errDatabaseCorrupted);
    if (null) {
        rb->fixed_null[(fid - 1u) / 8u] |= (uint8_t)(1u << ((fid - 1u) % 8u));
        goto done;
    }
    rb->fixed_null[(fid - 1u) / 8u] &= (uint8_t)~(1u << ((fid - 1u) % 8u));
    slot = rb->fixed + (col->ib_record_offset - RECORD_HEADER_CB);
    if (col->coltyp == JET_coltypBit) {
        slot[0] = pb[0] != 0 ? 0xffu : 0x00u;
    } else {
        memcpy(slot, pb, cb);
        if (cb < col->cb_max) {
            uint32_t k;
            /* binary pads with zeros, text with spaces (UTF-16 spaces for Unicode) */
            for (k = cb; k < col->cb_max; k++) {
                if (col->coltyp == JET_coltypText)
                    slot[k] = col->codepage == 1200u ? ((k % 2u) == 0 ? 0x20u : 0x00u) : 0x20u;
                else
                    slot[k] = 0;
            }
        }
    }
done:
    return err;
}

static JET_ERR set_variable(record_build *rb, const record_column *col, const uint8_t *pb, uint32_t cb, bool null)
{
    JET_ERR err = JET_errSuccess;
    uint32_t fid = col->columnid & 0xffffu, f, cb_max = col->cb_max != 0 && col->cb_max < VAR_CB_MOST ? col->cb_max : VAR_CB_MOST;
    rb_value *v;

    if (null && (col->grbit & JET_bitColumnNotNULL)) FAIL(JET_errNullInvalid);
    if (!null && cb > cb_max) {
        cb = cb_max;
        err = JET_wrnColumnMaxTruncated;
    }
    /* a column past the last one in the record brings the ones between in, null */
    for (f = rb->fid_var_last + 1u; f <= fid; f++) {
        rb->var_null[f - FID_VAR_FIRST] = true;
        value_clear(&rb->var[f - FID_VAR_FIRST]);
    }
    if (fid > rb->fid_var_last) rb->fid_var_last = fid;
    v = &rb->var[fid - FID_VAR_FIRST];
    if (null) {
        value_clear(v);
        rb->var_null[fid - FID_VAR_FIRST] = true;
        goto done;
    }
    {
        JET_ERR e2 = var_value_set(rb, v, pb, cb);
        if (e2 < 0) CHECK(e2);
    }
    rb->var_null[fid - FID_VAR_FIRST] = false;
done:
    return err;
}

/* Whether two values are equal as JetSetColumn's unique checks see them. */
static JET_ERR values_equal(const record_column *col, const uint8_t *a, uint32_t cba, const uint8_t *b, uint32_t cbb,
                            bool normalized, bool *equal)
{
    JET_ERR err = JET_errSuccess;
    *equal = false;
    if (!normalized) {
        *equal = cba == cbb && (cba == 0 || memcmp(a, b, cba) == 0);
        goto done;
    }
    {
        key_segment_def def;
        uint8_t ka[KEY_BUFFER_MAX + 17u], kb[KEY_BUFFER_MAX + 17u];
        uint32_t cka = 0, ckb = 0;
        bool trunc = false;
        memset(&def, 0, sizeof def);
        def.coltyp = col->coltyp;
        def.codepage = col->codepage;
        CHECK(key_normalize(&def, a, cba, cba == 0, JET_cbKeyMostMost, JET_cbKeyMostMost, ka, &cka, &trunc, NULL));
        CHECK(key_normalize(&def, b, cbb, cbb == 0, JET_cbKeyMostMost, JET_cbKeyMostMost, kb, &ckb, &trunc, NULL));
        *equal = cka == ckb && memcmp(ka, kb, cka) == 0;
    }
done:
    return err;
}

/* JET_errMultiValuedDuplicate when another value of the entry (not the one at skip,
 * 0-based, UINT32_MAX for none) equals pb/cb. */
static JET_ERR check_unique(const rb_tagged *e, const record_column *col, const uint8_t *pb, uint32_t cb,
                            uint32_t skip, bool normalized, btree_cursor *lv)
{
    JET_ERR err = JET_errSuccess;
    uint32_t k;
    uint8_t *tmp = NULL;

    if (e == NULL || e->null_entry) goto done;
    for (k = 0; k < e->cvalues; k++) {
        uint32_t cbt = 0;
        bool eq = false;
        if (k == skip) continue;
        CHECK(value_bytes(&e->values[k], lv, &tmp, &cbt));
        CHECK(values_equal(col, tmp, cbt, pb, cb, normalized, &eq));
        compat_free(tmp);
        tmp = NULL;
        if (eq) FAIL(JET_errMultiValuedDuplicate);
    }
done:
    compat_free(tmp);
    return err;
}

/* Setting one tagged value: pb/cb (null when null), at itag as JetSetColumn says.
 * Takes ownership of *nv (a prepared value) when not NULL instead of pb/cb. */
static JET_ERR set_tagged_value(record_build *rb, const record_column *col, rb_value *nv, bool null,
                                uint32_t itag, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    uint32_t fid = record_column_key(col);
    bool found, has_default = col->default_value != NULL, revert = (grbit & JET_bitSetRevertToDefaultValue) != 0;
    uint32_t at = tagged_find(rb, fid, &found);
    rb_tagged *e = found ? &rb->tagged[at] : NULL;
    rb_value *v;

    if (null) {
        if (e == NULL) {
            /* null over a default needs an entry saying so */
            if (has_default && itag == 1 && !revert) {
                CHECK(tagged_insert(rb, at, fid, col->inherited, &e));
                e->null_entry = true;
            }
        } else if (e->null_entry) {
            if (revert) tagged_remove(rb, at);
        } else if (e->cvalues == 1) {
            if (itag == 1) {
                CHECK(release_value(rb, &e->values[0]));
                if (has_default && !revert) {
                    value_clear(&e->values[0]);
                    e->cvalues = 0;
                    e->null_entry = true;
                    e->two_values_form = false;
                } else {
                    tagged_remove(rb, at);
                }
            }
        } else if (itag >= 1 && itag <= e->cvalues) {
            CHECK(release_value(rb, &e->values[itag - 1u]));
            value_clear(&e->values[itag - 1u]);
            memmove(&e->values[itag - 1u], &e->values[itag], (size_t)(e->cvalues - itag) * sizeof *e->values);
            e->cvalues--;
            /* two values fall back to one; a multi-value list stays one down to two */
            if (e->cvalues == 1) e->two_values_form = false;
        }
        goto done;
    }
    if (e == NULL) {
        CHECK(tagged_insert(rb, at, fid, col->inherited, &e));
        CHECK(tagged_add_value(e, 0, &v));
    } else if (e->null_entry) {
        e->null_entry = false;
        CHECK(tagged_add_value(e, 0, &v));
    } else if (itag == 0 || itag > e->cvalues) {
        if (e->cvalues == 1 && !rb->large_pages && !record_type_is_long_value(col->coltyp)) e->two_values_form = true;
        else if (e->cvalues >= 2) e->two_values_form = false;
        CHECK(tagged_add_value(e, e->cvalues, &v));
    } else {
        v = &e->values[itag - 1u];
        CHECK(release_value(rb, v));
        value_clear(v);
    }
    *v = *nv;
    memset(nv, 0, sizeof *nv);
done:
    return err;
}

static JET_ERR set_tagged(record_build *rb, const record_column *col, const uint8_t *pb, uint32_t cb, bool null,
                          uint32_t itag, JET_GRBIT grbit, btree_cursor *lv)
{
    JET_ERR err = JET_errSuccess;
    uint32_t size = record_type_size(col->coltyp);
    bool found;
    uint32_t at = tagged_find(rb, record_column_key(col), &found);
    rb_value nv;

    memset(&nv, 0, sizeof nv);
    if (null && (col->grbit & JET_bitColumnNotNULL)) FAIL(JET_errNullInvalid);
    if (!null) {
        if (col->cb_max != 0 && cb > col->cb_max) FAIL(JET_errColumnTooBig);
        if (cb != 0 && size != 0 && cb != size) FAIL(JET_errInvalidBufferSize);
        if (cb > intrinsic_table_most(rb)) FAIL(JET_errColumnDoesNotFit);
        if (grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues))
            CHECK(check_unique(found ? &rb->tagged[at] : NULL, col, pb, cb,
                               itag == 0 ? UINT32_MAX : itag - 1u, (grbit & JET_bitSetUniqueNormalizedMultiValues) != 0, lv));
        CHECK(value_set(&nv, pb, cb));
        if (col->coltyp == JET_coltypBit && cb == 1) nv.pb[0] = nv.pb[0] != 0 ? 0xffu : 0x00u;
    }
    CHECK(set_tagged_value(rb, col, &nv, null, itag, grbit));
done:
    value_clear(&nv);
    return err;
}

/* The long-value operations of JetSetColumn (ErrLVOpFromGrbit). */
static JET_ERR set_long_value(record_build *rb, const record_column *col, const uint8_t *pb, uint32_t cb,
                              JET_GRBIT grbit, uint32_t itag, uint32_t ib, btree_cursor *lv)
{
    JET_ERR err = JET_errSuccess;
    JET_GRBIT op = grbit & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV | JET_bitSetZeroLength);
    bool found, fresh;
    uint32_t at = tagged_find(rb, record_column_key(col), &found);
    rb_tagged *e = found ? &rb->tagged[at] : NULL;
    rb_value *old = NULL;
    rb_value nv;
    uint8_t *cur = NULL;
    uint32_t cb_cur = 0, cb_new;
    bool is_null, zero_length;

    memset(&nv, 0, sizeof nv);
    if ((grbit & JET_bitSetSeparateLV) && (grbit & JET_bitSetIntrinsicLV)) FAIL(JET_errInvalidColumnType);
    if (e != NULL && !e->null_entry && itag >= 1 && itag <= e->cvalues) old = &e->values[itag - 1u];
    fresh = old == NULL;
    /* which operation: null, zero-length, a new value or a change of the old one */
    if (op & JET_bitSetAppendLV) {
        if (op & (JET_bitSetOverwriteLV | JET_bitSetSizeLV)) FAIL(JET_errInvalidGrbit);
        if (cb == 0) {
            if (!fresh) goto done; /* appending nothing */
            is_null = false, zero_length = true;
        } else {
            is_null = zero_length = false;
        }
    } else if ((op & JET_bitSetOverwriteLV) && !(op & JET_bitSetSizeLV)) {
        if (fresh && ib != 0) FAIL(JET_errColumnNoChunk);
        if (cb == 0) {
            if (!fresh) goto done;
            is_null = false, zero_length = true;
        } else {
            is_null = zero_length = false;
        }
    } else if (op & JET_bitSetSizeLV) {
        if (cb == 0) {
            is_null = !(op & JET_bitSetZeroLength) || (op & JET_bitSetOverwriteLV);
            zero_length = !is_null;
        } else {
            if ((op & JET_bitSetOverwriteLV) && fresh && ib != 0) FAIL(JET_errColumnNoChunk);
            is_null = zero_length = false;
        }
    } else {
        is_null = cb == 0 && !(op & JET_bitSetZeroLength);
        zero_length = cb == 0 && !is_null;
    }
    if (is_null) {
        CHECK(set_tagged_value(rb, col, &nv, true, itag, grbit));
        goto done;
    }
    if (zero_length) {
        CHECK(value_set(&nv, NULL, 0));
        CHECK(set_tagged_value(rb, col, &nv, false, itag, grbit));
        goto done;
    }
    /* the new bytes */
    if (!fresh && (op & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV)))
        CHECK(value_bytes(old, lv, &cur, &cb_cur));
    if (fresh || !(op & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV))) {
        /* insert or replace: pv may be NULL with JET_bitSetSizeLV (zeros) */
        cb_new = cb;
        if (col->cb_max != 0 && cb_new > col->cb_max) FAIL(JET_errColumnTooBig);
        CHECK(value_set(&nv, NULL, 0));
        compat_free(nv.pb);
        nv.pb = compat_calloc(1, cb_new);
        if (nv.pb == NULL) FAIL(JET_errOutOfMemory);
        nv.cb = cb_new;
        if (pb != NULL && !((op & JET_bitSetSizeLV) && !(op & JET_bitSetOverwriteLV))) memcpy(nv.pb, pb, cb);
    } else {
        uint64_t want;
        if (op & JET_bitSetAppendLV) want = (uint64_t)cb_cur + cb;
        else if ((op & JET_bitSetOverwriteLV) && (op & JET_bitSetSizeLV)) want = (uint64_t)ib + cb;
        else if (op & JET_bitSetOverwriteLV) want = (uint64_t)ib + cb > cb_cur ? (uint64_t)ib + cb : cb_cur;
        else want = cb; /* resize */
        if ((op & JET_bitSetOverwriteLV) && ib > cb_cur) FAIL(JET_errColumnNoChunk);
        if (want > 0x7fffffffu || (col->cb_max != 0 && want > col->cb_max)) FAIL(JET_errColumnTooBig);
        cb_new = (uint32_t)want;
        nv.pb = compat_calloc(1, cb_new != 0 ? cb_new : 1u);
        if (nv.pb == NULL) FAIL(JET_errOutOfMemory);
        nv.cb = cb_new;
        memcpy(nv.pb, cur, cb_cur < cb_new ? cb_cur : cb_new);
        if (op & JET_bitSetAppendLV) {
            if (pb != NULL) memcpy(nv.pb + cb_cur, pb, cb);
        } else if (op & JET_bitSetOverwriteLV) {
            if (pb != NULL) memcpy(nv.pb + ib, pb, cb);
        }
    }
    if (grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues))
        CHECK(check_unique(e, col, nv.pb, nv.cb, itag == 0 ? UINT32_MAX : itag - 1u,
                           (grbit & JET_bitSetUniqueNormalizedMultiValues) != 0, lv));
    nv.hint_separate = (grbit & JET_bitSetSeparateLV) != 0;
    nv.hint_intrinsic = (grbit & JET_bitSetIntrinsicLV) != 0;
    /* ESE's CalculateCompressFlags: the grbits take priority over the column's definition */
    nv.compress = (grbit & JET_bitSetCompressed)     ? true
                  : (grbit & JET_bitSetUncompressed) ? false
                                                     : (col->grbit & JET_bitColumnCompressed) != 0;
    CHECK(set_tagged_value(rb, col, &nv, false, itag, grbit));
done:
    value_clear(&nv);
    compat_free(cur);
    return err;
}

JET_ERR record_build_set(record_build *rb, const record_column *col, const void *pv, uint32_t cb, JET_GRBIT grbit,
                         uint32_t itag_sequence, uint32_t ib_long_value, btree_cursor *lv)
{
    uint32_t fid = col->columnid & 0xffffu;
    const JET_GRBIT lv_ops = JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV | JET_bitSetSeparateLV |
                             JET_bitSetIntrinsicLV;
    bool null;

    if (rb == NULL || col == NULL) return JET_errInvalidParameter;
    if ((grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues)) &&
        (grbit & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV)))
        return JET_errInvalidGrbit;
    if (pv == NULL && !(grbit & JET_bitSetSizeLV)) cb = 0;
    if (fid >= FID_TAGGED_FIRST && record_type_is_long_value(col->coltyp))
        return set_long_value(rb, col, pv, cb, grbit, itag_sequence, ib_long_value, lv);
    if (grbit & lv_ops) return JET_errInvalidGrbit;
    null = cb == 0 && !(grbit & JET_bitSetZeroLength);
    if (fid >= FID_TAGGED_FIRST) return set_tagged(rb, col, pv, cb, null, itag_sequence, grbit, lv);
    if (fid >= FID_VAR_FIRST) return set_variable(rb, col, pv, cb, null);
    if (fid >= FID_FIXED_FIRST) return set_fixed(rb, col, pv, cb, null);
    return JET_errColumnNotFound;
}

/* ---- reading back ---- */

JET_ERR record_build_get(const record_build *rb, const record_column *col, uint32_t itag_sequence, uint32_t *count,
                         record_state *state, record_value *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t fid = record_column_key(col);

    memset(out, 0, sizeof *out);
    *state = RECORD_ABSENT;
    *count = 0;
    if (fid >= FID_TAGGED_FIRST) {
        bool found;
        uint32_t at;
        const rb_tagged *e;
        if (itag_sequence == 0) FAIL(JET_errInvalidParameter);
        at = tagged_find(rb, fid, &found);
        if (found) {
            e = &rb->tagged[at];
            if (e->null_entry) {
                *state = RECORD_NULL;
                goto done;
            }
            *count = e->cvalues;
            if (itag_sequence <= e->cvalues) {
                const rb_value *v = &e->values[itag_sequence - 1u];
                out->pb = v->pb;
                out->cb = v->cb;
                out->separated = v->separated;
                out->compressed = v->compressed;
                out->long_value = record_type_is_long_value(col->coltyp);
                *state = RECORD_VALUE;
            }
            goto done;
        }
    } else {
        if (itag_sequence != 1) FAIL(JET_errInvalidParameter);
        if (fid >= FID_VAR_FIRST) {
            if (fid <= rb->fid_var_last) {
                if (rb->var_null[fid - FID_VAR_FIRST]) {
                    *state = RECORD_NULL;
                } else {
                    out->pb = rb->var[fid - FID_VAR_FIRST].pb;
                    out->cb = rb->var[fid - FID_VAR_FIRST].cb;
                    *state = RECORD_VALUE;
                    *count = 1;
                }
                goto done;
            }
        } else if (fid <= rb->fid_fixed_last) {
            if (rb->fixed_null[(fid - 1u) / 8u] & (1u << ((fid - 1u) % 8u))) {
                *state = RECORD_NULL;
            } else {
                if (col->ib_record_offset < RECORD_HEADER_CB || col->ib_record_offset + col->cb_max > rb->ib_fixed_end)
                    FAIL(JET_errDatabaseCorrupted);
                out->pb = rb->fixed + (col->ib_record_offset - RECORD_HEADER_CB);
                out->cb = col->cb_max;
                *state = RECORD_VALUE;
                *count = 1;
            }
            goto done;
        }
    }
    if (col->default_value != NULL && itag_sequence == 1) {
        out->pb = col->default_value;
        out->cb = col->cb_default;
        *state = RECORD_VALUE;
        *count = 1;
    }
done:
    return err;
}

JET_ERR record_build_check(const record_build *rb)
{
    uint32_t i;
    for (i = 0; i < rb->t->ccolumns; i++) {
        const record_column *c = &rb->t->columns[i];
        record_state st;
        record_value v;
        uint32_t n;
        JET_ERR err;
        if (!(c->grbit & JET_bitColumnNotNULL)) continue;
        err = record_build_get(rb, c, 1, &n, &st, &v);
        if (err < 0) return err;
        if (st != RECORD_VALUE) return JET_errNullInvalid;
    }
    return JET_errSuccess;
}

/* ---- encoding ---- */

/* The column definition of a tagged entry (NULL for unknown columns). */
static const record_column *entry_column(const record_build *rb, const rb_tagged *e)
{
    return catalog_column_by_fid(rb->t, e->fid, e->derived);
}

/* Bytes one tagged entry's data takes, values marked plan (a parallel flag per value)
 * counting as LIDs. */
static uint32_t entry_size(const record_build *rb, const rb_tagged *e, bool lv)
{
    uint32_t k, cb = 0;
    bool header;
    if (e->null_entry) return rb->large_pages ? 1u : 0u;
    for (k = 0; k < e->cvalues; k++) cb += e->values[k].to_separate ? rb->cb_lid : e->values[k].cb;
    if (e->cvalues == 1) {
        const rb_value *v = &e->values[0];
        header = rb->large_pages || lv || v->separated || v->compressed;
        return cb + (header ? 1u : 0u);
    }
    if (e->cvalues == 2 && e->two_values_form && !rb->large_pages && !lv) return 1u + 1u + cb;
    return 1u + 2u * e->cvalues + cb;
}

static uint32_t record_size(const record_build *rb)
{
    uint32_t i, cb = rb->ib_fixed_end + (rb->fid_fixed_last + 7u) / 8u;
    for (i = FID_VAR_FIRST; i <= rb->fid_var_last; i++) {
        cb += 2u;
        if (!rb->var_null[i - FID_VAR_FIRST]) cb += rb->var[i - FID_VAR_FIRST].cb;
    }
    for (i = 0; i < rb->ctagged; i++) {
        const record_column *c = entry_column(rb, &rb->tagged[i]);
        cb += TAGGED_ENTRY_CB + entry_size(rb, &rb->tagged[i], c != NULL && record_type_is_long_value(c->coltyp));
    }
    return cb;
}

/* Marks (to_separate) the intrinsic long values over the intrinsic limit (their
 * uncompressed size decides, as in ESE's ErrRECSetLongField). Returns whether any is. */
static bool plan_large(record_build *rb)
{
    uint32_t i, k;
    bool any = false;
    uint32_t most = intrinsic_table_most(rb);
    uint32_t preferred = RECORD_LV_INTRINSIC_MOST < most ? RECORD_LV_INTRINSIC_MOST : most;

    for (i = 0; i < rb->ctagged; i++) {
        rb_tagged *e = &rb->tagged[i];
        const record_column *c = entry_column(rb, e);
        if (c == NULL || !record_type_is_long_value(c->coltyp)) continue;
        for (k = 0; k < e->cvalues; k++) {
            rb_value *v = &e->values[k];
            uint32_t limit;
            if (v->separated || v->compressed) continue;
            limit = v->hint_separate ? rb->cb_lid : v->hint_intrinsic ? most : preferred;
            if (v->cb > limit) {
                v->to_separate = true;
                any = true;
            }
        }
    }
    return any;
}

/* Then, while the record is too big, marks those over a threshold halved each round
 * (ESE's record-too-big fallback). Returns whether any is marked. */
static bool plan_too_big(record_build *rb)
{
    uint32_t i, k, threshold = rb->cb_page;
    bool any = false;

    while (record_size(rb) > rb->cb_record_max && threshold > rb->cb_lid) {
        threshold /= 2u;
        if (threshold < rb->cb_page / 64u) threshold = rb->cb_lid;
        for (i = 0; i < rb->ctagged; i++) {
            rb_tagged *e = &rb->tagged[i];
            const record_column *c = entry_column(rb, e);
            if (c == NULL || !record_type_is_long_value(c->coltyp)) continue;
            for (k = 0; k < e->cvalues; k++) {
                rb_value *v = &e->values[k];
                if (v->separated || v->compressed || v->to_separate) continue;
                if (v->cb > threshold) {
                    v->to_separate = true;
                    any = true;
                }
            }
        }
    }
    return any;
}

static bool plan_separation(record_build *rb)
{
    bool large = plan_large(rb);
    return plan_too_big(rb) || large;
}

/* The long values staying in the record that are to be compressed: the first value of
 * their column (the record format marks only that one compressed, tagfld.cxx), set or
 * changed since the record was read, stored compressed when that makes them smaller and
 * leaves them at least as large as a LID (ESE's ErrRECSetLongField: a smaller one would
 * let more columns fit than older ESE allows). */
static JET_ERR compress_intrinsic(record_build *rb)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *buf = NULL;
    uint32_t i;

    for (i = 0; i < rb->ctagged; i++) {
        rb_tagged *e = &rb->tagged[i];
        rb_value *v = e->cvalues != 0 ? &e->values[0] : NULL;
        uint32_t cb_out = 0;
        uint8_t *p;
        if (v == NULL || !v->compress || v->compressed || v->separated || v->to_separate || v->cb == 0) continue;
        p = compat_realloc(buf, v->cb);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        buf = p;
        CHECK(compress_data(v->pb, v->cb, COMPRESS_WITH_7BIT | COMPRESS_WITH_XPRESS, buf, &cb_out));
        if (cb_out == 0 || cb_out < rb->cb_lid || cb_out >= v->cb) continue;
        p = compat_malloc(cb_out);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        memcpy(p, buf, cb_out);
        if (!v->here) compat_free(v->pb);
        v->here = false;
        v->pb = p;
        v->cb = cb_out;
        v->compressed = true;
    }
done:
    compat_free(buf);
    return err;
}

static void unplan(record_build *rb)
{
    uint32_t i, k;
    for (i = 0; i < rb->ctagged; i++)
        for (k = 0; k < rb->tagged[i].cvalues; k++)
            rb->tagged[i].values[k].to_separate = false;
}

bool record_build_needs_lv(const record_build *rb)
{
    record_build *m = (record_build *)rb; /* marks are undone before returning */
    bool any = plan_separation(m);
    unplan(m);
    return any;
}

static JET_ERR write_record(const record_build *rb, uint32_t cb, uint8_t **out);

/* A value marked to_separate but not given a LID yet (record_build_image) stands as a
 * LID of zeros. */
static bool value_pending(const rb_value *v)
{
    return v->to_separate && !v->separated;
}

static uint8_t *put_value(const record_build *rb, const rb_value *v, uint8_t *p)
{
    if (value_pending(v)) {
        memset(p, 0, rb->cb_lid);
        return p + rb->cb_lid;
    }
    if (v->cb != 0) memcpy(p, v->pb, v->cb);
    return p + v->cb;
}

static uint32_t value_cb(const record_build *rb, const rb_value *v)
{
    return value_pending(v) ? rb->cb_lid : v->cb;
}

static uint8_t *put_entry(const record_build *rb, const rb_tagged *e, bool lv, uint8_t *p, uint32_t *flags)
{
    uint32_t k;
    *flags = 0;
    if (e->null_entry) {
        if (rb->large_pages) *p++ = (uint8_t)((lv ? TAGGED_LONG_VALUE : 0u) | TAGGED_NULL);
        else *flags = TAGGED_NULL_SMALL;
        return p;
    }
    if (e->cvalues == 1) {
        const rb_value *v = &e->values[0];
        bool sep = v->separated || value_pending(v);
        uint32_t h = (lv ? TAGGED_LONG_VALUE : 0u) | (sep ? TAGGED_SEPARATED : 0u) |
                     (v->compressed ? TAGGED_COMPRESSED : 0u);
        if (rb->large_pages || h != 0) {
            *p++ = (uint8_t)h;
            if (!rb->large_pages) *flags = TAGGED_EXTENDED_SMALL;
        }
        return put_value(rb, v, p);
    }
    if (!rb->large_pages) *flags = TAGGED_EXTENDED_SMALL;
    if (e->cvalues == 2 && e->two_values_form && !rb->large_pages && !lv) {
        *p++ = (uint8_t)(TAGGED_MULTI_VALUES | TAGGED_TWO_VALUES);
        *p++ = (uint8_t)e->values[0].cb;
        memcpy(p, e->values[0].pb, e->values[0].cb);
        p += e->values[0].cb;
        if (e->values[1].cb != 0) memcpy(p, e->values[1].pb, e->values[1].cb);
        return p + e->values[1].cb;
    }
    {
        uint8_t *base;
        uint32_t off = 2u * e->cvalues;
        *p++ = (uint8_t)((lv ? TAGGED_LONG_VALUE : 0u) | TAGGED_MULTI_VALUES |
                         (e->values[0].compressed ? TAGGED_COMPRESSED : 0u));
        base = p;
        for (k = 0; k < e->cvalues; k++) {
            const rb_value *v = &e->values[k];
            bool sep = v->separated || value_pending(v);
            byte_order_put_le16(base + 2u * k, (uint16_t)(off | (sep ? MULTI_VALUES_SEPARATED : 0u)));
            put_value(rb, v, base + off);
            off += value_cb(rb, v);
        }
        return base + off;
    }
}

JET_ERR record_build_encode(record_build *rb, const btree_tree *lv_tree, btree_cursor *lv_read, uint8_t **pb_out,
                            uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *buf = NULL;
    uint32_t i, k, cb;
    bool large;

    *pb_out = NULL;
    *cb_out = 0;
    large = plan_large(rb);
    CHECK(compress_intrinsic(rb));
    if (plan_too_big(rb) || large) {
        if (lv_tree == NULL || lv_read == NULL) FAIL(JET_errRecordTooBig);
        for (i = 0; i < rb->ctagged; i++) {
            for (k = 0; k < rb->tagged[i].cvalues; k++) {
                rb_value *v = &rb->tagged[i].values[k];
                uint8_t lid[8];
                if (!v->to_separate) continue;
                CHECK(lv_create(lv_tree, lv_read, v->pb, v->cb, v->compress, lid));
                CHECK(note_lid(&rb->created, NULL, &rb->ccreated, &rb->cap_created, lid, rb->cb_lid));
                CHECK(value_set(v, lid, rb->cb_lid));
                v->separated = true;
            }
        }
    }
    cb = record_size(rb);
    if (cb > rb->cb_record_max) FAIL(JET_errRecordTooBig);
    CHECK(write_record(rb, cb, &buf));
    *pb_out = buf;
    *cb_out = cb;
    buf = NULL;
done:
    unplan(rb);
    compat_free(buf);
    return err;
}

JET_ERR record_build_image(record_build *rb, uint8_t **pb_out, uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *buf = NULL;
    uint32_t cb;

    *pb_out = NULL;
    *cb_out = 0;
    /* the values JetUpdate would move to the LV tree count as LIDs, so that the offsets
     * stay within what a record can hold; those it would compress, compressed */
    plan_large(rb);
    CHECK(compress_intrinsic(rb));
    plan_too_big(rb);
    cb = record_size(rb);
    if (cb > 0xffffu) FAIL(JET_errRecordTooBig);
    CHECK(write_record(rb, cb, &buf));
    *pb_out = buf;
    *cb_out = cb;
    buf = NULL;
done:
    compat_free(buf);
    return err;
}

void record_build_image_done(record_build *rb)
{
    unplan(rb);
}

/* Writes the record (cb bytes, as record_size counts them) into a new buffer; values
 * marked to_separate that have no LID yet are written as a LID of zeros. */
static JET_ERR write_record(const record_build *rb, uint32_t cb, uint8_t **out)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *buf = NULL, *p;
    uint32_t i, cb_bitmap, end, ntag;

    *out = NULL;
    buf = compat_malloc(cb);
    if (buf == NULL) FAIL(JET_errOutOfMemory);
    cb_bitmap = (rb->fid_fixed_last + 7u) / 8u;
    buf[0] = (uint8_t)rb->fid_fixed_last;
    buf[1] = (uint8_t)rb->fid_var_last;
    byte_order_put_le16(buf + 2, (uint16_t)(rb->ib_fixed_end + cb_bitmap));
    memcpy(buf + RECORD_HEADER_CB, rb->fixed, rb->ib_fixed_end - RECORD_HEADER_CB);
    memcpy(buf + rb->ib_fixed_end, rb->fixed_null, cb_bitmap);
    p = buf + rb->ib_fixed_end + cb_bitmap;
    {
        uint8_t *offs = p, *data;
        uint32_t nvar = rb->fid_var_last - (FID_VAR_FIRST - 1u);
        end = 0;
        data = offs + 2u * nvar;
        for (i = 0; i < nvar; i++) {
            if (rb->var_null[i]) {
                byte_order_put_le16(offs + 2u * i, (uint16_t)(end | RECORD_VAR_NULL));
            } else {
                if (rb->var[i].cb != 0) memcpy(data + end, rb->var[i].pb, rb->var[i].cb);
                end += rb->var[i].cb;
                byte_order_put_le16(offs + 2u * i, (uint16_t)end);
            }
        }
        p = data + end;
    }
    {
        uint8_t *area = p, *q;
        ntag = rb->ctagged;
        q = area + TAGGED_ENTRY_CB * ntag;
        for (i = 0; i < ntag; i++) {
            const rb_tagged *e = &rb->tagged[i];
            const record_column *c = entry_column(rb, e);
            uint32_t flags = 0, ib = (uint32_t)(q - area);
            q = put_entry(rb, e, c != NULL && record_type_is_long_value(c->coltyp), q, &flags);
            byte_order_put_le16(area + TAGGED_ENTRY_CB * i, (uint16_t)e->fid);
            byte_order_put_le16(area + TAGGED_ENTRY_CB * i + 2u,
                                (uint16_t)(ib | flags | (e->derived ? TAGGED_DERIVED : 0u)));
        }
        p = q;
    }
    if ((uint32_t)(p - buf) != cb) FAIL(JET_errInternalError);
    *out = buf;
    buf = NULL;
done:
    compat_free(buf);
    return err;
}
