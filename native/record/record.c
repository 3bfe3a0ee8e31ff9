/* record.c: decoding records and reading separated long values (see record.h). */
#include "record.h"

#include <string.h>

#include "byte_order.h"
#include "compress.h"
#include "lv_layout.h"
#include "record_layout.h"

#define LV_CHUNKS_MAX (1u << 22)

JET_ERR record_open(const uint8_t *pb, uint32_t cb, bool large_pages, record_view *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t cvar, area, first;

    memset(out, 0, sizeof *out);
    if (pb == NULL || cb < RECORD_HEADER_CB) FAIL(JET_errDatabaseCorrupted);
    out->pb = pb;
    out->cb = cb;
    out->large_pages = large_pages;
    out->fid_fixed_last = pb[0];
    out->fid_var_last = pb[1];
    out->ib_end_fixed = byte_order_get_le16(pb + 2);
    if (out->fid_fixed_last > FID_FIXED_LAST || out->fid_var_last < FID_VAR_FIRST - 1u) FAIL(JET_errDatabaseCorrupted);
    if (out->ib_end_fixed < RECORD_HEADER_CB || out->ib_end_fixed > cb) FAIL(JET_errDatabaseCorrupted);
    /* the fixed data and the null bitmap have to fit before the variable offsets */
    if (RECORD_HEADER_CB + (out->fid_fixed_last + 7u) / 8u > out->ib_end_fixed) FAIL(JET_errDatabaseCorrupted);
    cvar = out->fid_var_last - (FID_VAR_FIRST - 1u);
    out->ib_var_data = out->ib_end_fixed + 2u * cvar;
    if (out->ib_var_data > cb) FAIL(JET_errDatabaseCorrupted);
    out->ib_tagged = out->ib_var_data;
    if (cvar != 0)
        out->ib_tagged += byte_order_get_le16(pb + out->ib_end_fixed + 2u * (cvar - 1u)) & RECORD_VAR_END_MASK;
    if (out->ib_tagged > cb) FAIL(JET_errDatabaseCorrupted);
    area = cb - out->ib_tagged;
    if (area != 0) {
        if (area < TAGGED_ENTRY_CB) FAIL(JET_errDatabaseCorrupted);
        first = byte_order_get_le16(pb + out->ib_tagged + 2);
        first &= large_pages ? TAGGED_IB_MASK_LARGE : TAGGED_IB_MASK_SMALL;
        if (first < TAGGED_ENTRY_CB || first % TAGGED_ENTRY_CB != 0 || first > area) FAIL(JET_errDatabaseCorrupted);
        out->ctagged = first / TAGGED_ENTRY_CB;
    }
done:
    return err;
}

JET_ERR record_fixed(const record_view *rv, uint32_t fid, uint32_t ib_offset, uint32_t cb, record_state *state, record_value *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t ib_bitmap;

    memset(out, 0, sizeof *out);
    *state = RECORD_ABSENT;
    if (fid < FID_FIXED_FIRST || fid > FID_FIXED_LAST) FAIL(JET_errInvalidParameter);
    if (fid > rv->fid_fixed_last) goto done;
    ib_bitmap = rv->ib_end_fixed - (rv->fid_fixed_last + 7u) / 8u;
    if (rv->pb[ib_bitmap + (fid - 1u) / 8u] & (1u << ((fid - 1u) % 8u))) {
        *state = RECORD_NULL;
        goto done;
    }
    if (ib_offset < RECORD_HEADER_CB || ib_offset > ib_bitmap || cb > ib_bitmap - ib_offset)
        FAIL(JET_errDatabaseCorrupted);
    out->pb = rv->pb + ib_offset;
    out->cb = cb;
    *state = RECORD_VALUE;
done:
    return err;
}

JET_ERR record_variable(const record_view *rv, uint32_t fid, record_state *state, record_value *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, end, start = 0;

    memset(out, 0, sizeof *out);
    *state = RECORD_ABSENT;
    if (fid < FID_VAR_FIRST || fid > FID_VAR_LAST) FAIL(JET_errInvalidParameter);
    if (fid > rv->fid_var_last) goto done;
    i = fid - FID_VAR_FIRST;
    end = byte_order_get_le16(rv->pb + rv->ib_end_fixed + 2u * i);
    if (end & RECORD_VAR_NULL) {
        *state = RECORD_NULL;
        goto done;
    }
    if (i != 0) start = byte_order_get_le16(rv->pb + rv->ib_end_fixed + 2u * (i - 1u)) & RECORD_VAR_END_MASK;
    if (start > end || rv->ib_var_data + end > rv->cb) FAIL(JET_errDatabaseCorrupted);
    out->pb = rv->pb + rv->ib_var_data + start;
    out->cb = end - start;
    *state = RECORD_VALUE;
done:
    return err;
}

/* The bytes of tagged entry i: [start, end) relative to the tagged area, and the raw
 * offset word with its flags. */
static JET_ERR tagged_entry(const record_view *rv, uint32_t i, uint32_t *start, uint32_t *end, uint32_t *raw)
{
    uint32_t mask = rv->large_pages ? TAGGED_IB_MASK_LARGE : TAGGED_IB_MASK_SMALL;
    uint32_t area = rv->cb - rv->ib_tagged;
    const uint8_t *entry = rv->pb + rv->ib_tagged + TAGGED_ENTRY_CB * i;

    *raw = byte_order_get_le16(entry + 2);
    *start = *raw & mask;
    *end = i + 1u < rv->ctagged ? (byte_order_get_le16(entry + TAGGED_ENTRY_CB + 2) & mask) : area;
    if (*start < TAGGED_ENTRY_CB * rv->ctagged || *start > *end || *end > area) return JET_errDatabaseCorrupted;
    return JET_errSuccess;
}

/* The index of the tagged entry of the column of key (record_column_key), by binary
 * search: the array is sorted as ESE keeps it, entries of template columns (derived bit)
 * first, then by fid. */
static bool tagged_find(const record_view *rv, uint32_t key, uint32_t *index)
{
    uint32_t lo = 0, hi = rv->ctagged, want = tagged_key_rank(TAGGED_KEY_FID(key), (key & TAGGED_KEY_DERIVED) != 0);
    const uint8_t *e;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        e = rv->pb + rv->ib_tagged + TAGGED_ENTRY_CB * mid;
        bool derived = (byte_order_get_le16(e + 2) & TAGGED_DERIVED) != 0;
        if (tagged_key_rank(byte_order_get_le16(e), derived) < want) lo = mid + 1u;
        else hi = mid;
    }
    if (lo == rv->ctagged) return false;
    e = rv->pb + rv->ib_tagged + TAGGED_ENTRY_CB * lo;
    if (tagged_key_rank(byte_order_get_le16(e), (byte_order_get_le16(e + 2) & TAGGED_DERIVED) != 0) != want)
        return false;
    *index = lo;
    return true;
}

bool record_tagged_walk_present(const record_view *rv, uint32_t *next, uint32_t fid)
{
    if (fid & TAGGED_KEY_DERIVED) return record_tagged_present(rv, fid); /* inherited: out of the walk's order */
    while (*next < rv->ctagged) {
        const uint8_t *e = rv->pb + rv->ib_tagged + TAGGED_ENTRY_CB * *next;
        if ((byte_order_get_le16(e + 2) & TAGGED_DERIVED) == 0 && byte_order_get_le16(e) >= fid)
            return byte_order_get_le16(e) == fid;
        ++*next;
    }
    return false;
}

bool record_tagged_present(const record_view *rv, uint32_t fid)
{
    uint32_t i, f = TAGGED_KEY_FID(fid);
    return f >= FID_TAGGED_FIRST && f <= FID_TAGGED_LAST && tagged_find(rv, fid, &i);
}

JET_ERR record_tagged(const record_view *rv, uint32_t fid, uint32_t itag_sequence, uint32_t *count, record_state *state, record_value *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, start = 0, end = 0, raw = 0, cb, header = 0, n = 0;
    const uint8_t *pb;
    bool has_header;

    memset(out, 0, sizeof *out);
    *state = RECORD_ABSENT;
    *count = 0;
    if (TAGGED_KEY_FID(fid) < FID_TAGGED_FIRST || TAGGED_KEY_FID(fid) > FID_TAGGED_LAST || (fid >> 17) != 0 ||
        itag_sequence == 0)
        FAIL(JET_errInvalidParameter);
    if (!tagged_find(rv, fid, &i)) goto done;
    CHECK(tagged_entry(rv, i, &start, &end, &raw));
    pb = rv->pb + rv->ib_tagged + start;
    cb = end - start;
    if (!rv->large_pages && (raw & TAGGED_NULL_SMALL) && !(raw & TAGGED_EXTENDED_SMALL)) {
        *state = RECORD_NULL;
        goto done;
    }
    has_header = rv->large_pages || (raw & TAGGED_EXTENDED_SMALL);
    if (has_header) {
        if (cb < 1) FAIL(JET_errDatabaseCorrupted);
        header = pb[0];
        pb++;
        cb--;
        if (header & TAGGED_NULL) {
            *state = RECORD_NULL;
            goto done;
        }
    }
    out->long_value = (header & TAGGED_LONG_VALUE) != 0;
    out->encrypted = (header & TAGGED_ENCRYPTED) != 0;
    /* two values: a length byte for the first; ESE sets the multi-value bit too */
    if (header & TAGGED_TWO_VALUES) {
        uint32_t cb_first;
        if (cb < 1) FAIL(JET_errDatabaseCorrupted);
        cb_first = pb[0];
        if (1u + cb_first > cb) FAIL(JET_errDatabaseCorrupted);
        *count = n = 2;
        if (itag_sequence > n) goto done;
        if (itag_sequence == 1) {
            out->pb = pb + 1;
            out->cb = cb_first;
        } else {
            out->pb = pb + 1 + cb_first;
            out->cb = cb - 1u - cb_first;
        }
    } else if (header & TAGGED_MULTI_VALUES) {
        uint32_t first, s, e, k;
        if (cb < 4) FAIL(JET_errDatabaseCorrupted);
        first = byte_order_get_le16(pb) & MULTI_VALUES_OFFSET_MASK;
        if (first < 4 || first % 2u != 0 || first > cb) FAIL(JET_errDatabaseCorrupted);
        n = first / 2u;
        *count = n;
        if (itag_sequence > n) goto done;
        k = itag_sequence - 1u;
        s = byte_order_get_le16(pb + 2u * k);
        e = k + 1u < n ? (byte_order_get_le16(pb + 2u * (k + 1u)) & MULTI_VALUES_OFFSET_MASK) : cb;
        out->separated = (s & MULTI_VALUES_SEPARATED) != 0;
        s &= MULTI_VALUES_OFFSET_MASK;
        if (s < first || s > e || e > cb) FAIL(JET_errDatabaseCorrupted);
        out->pb = pb + s;
        out->cb = e - s;
        /* only the first instance of a multi-value can be compressed */
        out->compressed = k == 0 && (header & TAGGED_COMPRESSED) != 0;
    } else {
        *count = n = 1;
        if (itag_sequence > 1) goto done;
        out->pb = pb;
        out->cb = cb;
        out->separated = (header & TAGGED_SEPARATED) != 0;
        out->compressed = (header & TAGGED_COMPRESSED) != 0;
    }
    if (out->separated && out->cb != 4 && out->cb != 8) FAIL(JET_errDatabaseCorrupted);
    *state = RECORD_VALUE;
done:
    if (err < 0) {
        memset(out, 0, sizeof *out);
        *count = 0;
    }
    return err;
}

JET_ERR record_column_value(const record_view *rv, const record_column *col, uint32_t itag_sequence, uint32_t *count, record_state *state, record_value *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t fid = record_column_key(col);

    *count = 0;
    if (fid >= FID_TAGGED_FIRST) {
        CHECK(record_tagged(rv, fid, itag_sequence, count, state, out));
    } else {
        if (itag_sequence != 1) FAIL(JET_errInvalidParameter);
        if (fid >= FID_VAR_FIRST) CHECK(record_variable(rv, fid, state, out));
        else CHECK(record_fixed(rv, fid, col->ib_record_offset, col->cb_max, state, out));
        if (*state == RECORD_VALUE) *count = 1;
    }
    if (*state == RECORD_ABSENT && col->default_value != NULL && itag_sequence == 1 && *count == 0) {
        out->pb = col->default_value;
        out->cb = col->cb_default;
        *state = RECORD_VALUE;
        *count = 1;
    }
done:
    return err;
}

/* A chunk whose first byte names a compression scheme (scheme << 3). */
static bool looks_compressed(const uint8_t *pb, uint32_t cb)
{
    uint32_t scheme;
    if (cb == 0) return false;
    scheme = pb[0] >> 3;
    return scheme >= COMPRESS_7BIT_ASCII && scheme <= COMPRESS_LZ4 && scheme != COMPRESS_SCRUB;
}

/* The state of reading one long value: the window the caller wants and scratch space. */
typedef struct lv_read {
    uint32_t ib, cb_buf;
    uint8_t *buf;
    uint8_t *chunk;       /* the previous chunk's bytes, until the next key tells its span */
    uint32_t cb_chunk, off_chunk;
    uint8_t *plain;       /* a decompressed chunk */
    uint32_t cap_plain;
    bool compressed;
} lv_read;

static void lv_copy(lv_read *r, uint32_t off, const uint8_t *pb, uint32_t cb)
{
    uint64_t lo = off > r->ib ? off : r->ib;
    uint64_t hi = (uint64_t)off + cb;
    if (hi > (uint64_t)r->ib + r->cb_buf) hi = (uint64_t)r->ib + r->cb_buf;
    if (hi > lo) memcpy(r->buf + (lo - r->ib), pb + (lo - off), (size_t)(hi - lo));
}

/* The pending chunk covers span logical bytes: stored as is when that is its size,
 * else it must be compressed data that expands to exactly span bytes. */
static JET_ERR lv_finish_chunk(lv_read *r, uint32_t span)
{
    JET_ERR err = JET_errSuccess;
    uint32_t got = 0;

    if (span == r->cb_chunk) {
        lv_copy(r, r->off_chunk, r->chunk, r->cb_chunk);
        goto done;
    }
    if (!looks_compressed(r->chunk, r->cb_chunk)) FAIL(JET_errLVCorrupted);
    r->compressed = true;
    err = compress_size(r->chunk, r->cb_chunk, &got);
    if (err < 0 || got != span) FAIL(err < 0 ? err : JET_errLVCorrupted);
    if ((uint64_t)r->off_chunk + span <= r->ib || r->off_chunk >= (uint64_t)r->ib + r->cb_buf) goto done; /* not wanted */
    if (span > r->cap_plain) {
        uint8_t *p = compat_realloc(r->plain, span);
        if (p == NULL) FAIL(JET_errOutOfMemory);
        r->plain = p;
        r->cap_plain = span;
    }
    err = compress_decompress(r->chunk, r->cb_chunk, r->plain, span, &got);
    if (err < 0 || got != span) FAIL(err == JET_errDecompressionFailed ? err : JET_errLVCorrupted);
    err = JET_errSuccess;
    lv_copy(r, r->off_chunk, r->plain, span);
done:
    return err;
}

JET_ERR record_lv_read(btree_cursor *lv, const uint8_t *lid, uint32_t cb_lid, uint32_t ib, uint8_t *buf, uint32_t cb_buf, uint32_t *cb_actual, bool *compressed_chunks)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[8];
    uint32_t i, size, chunks = 0;
    bool stopped = false;
    lv_read r;

    memset(&r, 0, sizeof r);
    *cb_actual = 0;
    if (compressed_chunks != NULL) *compressed_chunks = false;
    if (cb_lid != 4 && cb_lid != 8) FAIL(JET_errInvalidParameter);
    if (buf == NULL && cb_buf != 0) FAIL(JET_errInvalidParameter);
    r.ib = ib;
    r.cb_buf = cb_buf;
    r.buf = buf;
    r.chunk = compat_malloc(2u * cache_page_size(lv->c));
    if (r.chunk == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < cb_lid; i++) key[i] = lid[cb_lid - 1u - i]; /* big-endian in the key */
    err = btree_seek(lv, key, cb_lid);
    if (err == JET_errRecordNotFound) FAIL(JET_errLVCorrupted);
    CHECK(err);
    if (lv->cb_key != cb_lid || memcmp(lv->key, key, cb_lid) != 0) FAIL(JET_errLVCorrupted);
    if (lv->cb_data < LV_ROOT_CB) FAIL(JET_errLVCorrupted);
    size = byte_order_get_le32(lv->data + LV_ROOT_SIZE_OFFSET);
    *cb_actual = size;
    for (;;) {
        uint32_t off;
        err = btree_move_next(lv);
        if (err == JET_errNoCurrentRecord) {
            err = JET_errSuccess;
            break;
        }
        CHECK(err);
        if (lv->cb_key != cb_lid + LV_CHUNK_OFFSET_CB || memcmp(lv->key, key, cb_lid) != 0) break;
        if (++chunks > LV_CHUNKS_MAX) FAIL(JET_errLVCorrupted);
        off = byte_order_get_be32(lv->key + cb_lid);
        if (chunks == 1) {
            if (off != 0) FAIL(JET_errLVCorrupted);
        } else {
            if (off <= r.off_chunk || off > size) FAIL(JET_errLVCorrupted);
            CHECK(lv_finish_chunk(&r, off - r.off_chunk));
        }
        /* the bytes asked for all come before this chunk: the rest is not read (a size
         * asked with no buffer reads the root only) */
        if (off >= (uint64_t)ib + cb_buf) {
            stopped = true;
            break;
        }
        if (lv->cb_data > 2u * cache_page_size(lv->c)) FAIL(JET_errLVCorrupted);
        memcpy(r.chunk, lv->data, lv->cb_data);
        r.cb_chunk = lv->cb_data;
        r.off_chunk = off;
        /* a chunk that ends the value where its root says (a compressed one would end
         * past it) is the last: as ESE reads by the size, the node after it (often on
         * the next page) is not read */
        if ((uint64_t)off + lv->cb_data == size) break;
    }
    if (stopped) {
        /* the chunks read so far were finished as they went */
    } else if (chunks == 0) {
        if (size != 0) FAIL(JET_errLVCorrupted);
    } else {
        if (size < r.off_chunk) FAIL(JET_errLVCorrupted);
        CHECK(lv_finish_chunk(&r, size - r.off_chunk));
    }
    if (compressed_chunks != NULL) *compressed_chunks = r.compressed;
done:
    compat_free(r.chunk);
    compat_free(r.plain);
    return err;
}

/* ---- for the information functions ---- */

JET_ERR record_tagged_at(const record_view *rv, uint32_t i, record_tagged_entry *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t start = 0, end = 0, raw = 0;

    memset(out, 0, sizeof *out);
    if (i >= rv->ctagged) FAIL(JET_errInvalidParameter);
    CHECK(tagged_entry(rv, i, &start, &end, &raw));
    out->fid = byte_order_get_le16(rv->pb + rv->ib_tagged + TAGGED_ENTRY_CB * i);
    out->derived = (raw & TAGGED_DERIVED) != 0;
    out->cb = end - start;
    if (!rv->large_pages && (raw & TAGGED_NULL_SMALL) && !(raw & TAGGED_EXTENDED_SMALL)) {
        out->null = true;
        goto done;
    }
    out->has_header = rv->large_pages || (raw & TAGGED_EXTENDED_SMALL);
    if (out->has_header) {
        if (out->cb < 1) FAIL(JET_errDatabaseCorrupted);
        out->header = rv->pb[rv->ib_tagged + start];
        out->null = (out->header & TAGGED_NULL) != 0;
    }
done:
    return err;
}

JET_ERR record_lv_stat(btree_cursor *lv, const uint8_t *lid, uint32_t cb_lid, record_lv_stats *out)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[8];
    uint32_t i;

    memset(out, 0, sizeof *out);
    if (cb_lid != 4 && cb_lid != 8) FAIL(JET_errInvalidParameter);
    for (i = 0; i < cb_lid; i++) key[i] = lid[cb_lid - 1u - i];
    err = btree_seek(lv, key, cb_lid);
    if (err == JET_errRecordNotFound) FAIL(JET_errLVCorrupted);
    CHECK(err);
    if (lv->cb_key != cb_lid || memcmp(lv->key, key, cb_lid) != 0 || lv->cb_data < LV_ROOT_CB)
        FAIL(JET_errLVCorrupted);
    out->cb_logical = byte_order_get_le32(lv->data + LV_ROOT_SIZE_OFFSET);
    out->cb_root_key = lv->cb_key;
    out->cb_root_data = lv->cb_data;
    for (;;) {
        err = btree_move_next(lv);
        if (err == JET_errNoCurrentRecord) {
            err = JET_errSuccess;
            break;
        }
        CHECK(err);
        if (lv->cb_key != cb_lid + LV_CHUNK_OFFSET_CB || memcmp(lv->key, key, cb_lid) != 0) break;
        if (++out->cchunks > LV_CHUNKS_MAX) FAIL(JET_errLVCorrupted);
        out->cb_physical += lv->cb_data;
    }
done:
    return err;
}

uint32_t record_type_size(uint32_t coltyp)
{
    switch (coltyp) {
    case JET_coltypBit:
    case JET_coltypUnsignedByte: return 1;
    case JET_coltypShort:
    case JET_coltypUnsignedShort: return 2;
    case JET_coltypLong:
    case JET_coltypUnsignedLong:
    case JET_coltypIEEESingle: return 4;
    case JET_coltypCurrency:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
    case JET_coltypLongLong:
    case JET_coltypUnsignedLongLong: return 8;
    case JET_coltypGUID: return 16;
    default: return 0;
    }
}

bool record_type_is_long_value(uint32_t coltyp)
{
    return coltyp == JET_coltypLongBinary || coltyp == JET_coltypLongText;
}
