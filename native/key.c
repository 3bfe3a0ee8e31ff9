/* key.c: normalised index keys (see key.h). The byte layouts follow ESE's fldnorm.cxx
 * and normu.cxx (facts only) and were checked against the keys in index.edb; Unicode
 * text is ICU's (compat.h, "collation"), with the collator cache and sort stamps.
 * May call: common.h, record.h, catalog.h, btree.h (long values), compress.h,
 * page_checksum.h (le16_get), compat (incl. its collation). */
#include "key.h"

#include <string.h>

#include "compress.h"
#include "page_checksum.h"

#define BINARY_CHUNK 8u
#define BINARY_CHUNK_NORMALIZED 9u

uint32_t key_most_of(const record_index *idx)
{
    if (idx == NULL || idx->key_most == 0) return KEY_LEGACY_MOST;
    /* read from disk: never more than the largest key any page size allows */
    return idx->key_most > JET_cbKeyMostMost ? JET_cbKeyMostMost : idx->key_most;
}

/* ---- collators and sort stamps ---- */

#define LOCALE_MAX 85u /* Windows' LOCALE_NAME_MAX_LENGTH, with the NUL */

typedef struct collator_entry {
    char locale[LOCALE_MAX];
    uint32_t flags;
    compat_collator *coll;
} collator_entry;

struct key_collators {
    compat_mutex lock;
    collator_entry *entries;
    uint32_t count, cap;
};

JET_ERR key_collators_create(key_collators **out)
{
    key_collators *kc;

    if (out == NULL) return JET_errInvalidParameter;
    *out = NULL;
    kc = compat_calloc(1, sizeof *kc);
    if (kc == NULL) return JET_errOutOfMemory;
    if (compat_mutex_init(&kc->lock) != COMPAT_OK) {
        compat_free(kc);
        return JET_errOutOfMemory;
    }
    *out = kc;
    return JET_errSuccess;
}

void key_collators_free(key_collators *kc)
{
    uint32_t i;

    if (kc == NULL) return;
    for (i = 0; i < kc->count; i++) compat_collator_close(kc->entries[i].coll);
    compat_free(kc->entries);
    compat_mutex_destroy(&kc->lock);
    compat_free(kc);
}

static JET_ERR err_from_collate(compat_err e)
{
    switch (e) {
    case COMPAT_OK: return JET_errSuccess;
    case COMPAT_ENOTSUP: return JET_errFeatureNotAvailable;
    case COMPAT_ENOMEM: return JET_errOutOfMemory;
    default: return jet_err_from_compat(e);
    }
}

/* Opens a collator, telling a bad locale from bad flags (compat says EINVAL for both). */
static JET_ERR open_collator(const char *locale, uint32_t flags, compat_collator **out)
{
    compat_err e = compat_collator_open(locale, flags, out);
    compat_collator *probe = NULL;

    if (e != COMPAT_EINVAL) return err_from_collate(e);
    e = compat_collator_open("", flags, &probe);
    compat_collator_close(probe);
    if (e == COMPAT_EINVAL) return JET_errInvalidLCMapStringFlags;
    return JET_errInvalidLanguageId;
}

JET_ERR key_collators_get(key_collators *kc, const char *locale, uint32_t lcmap_flags, compat_collator **out)
{
    JET_ERR err = JET_errSuccess;
    compat_collator *coll = NULL;
    uint32_t i;
    size_t n;

    if (out != NULL) *out = NULL;
    if (kc == NULL || locale == NULL || out == NULL) return JET_errInvalidParameter;
    n = strlen(locale);
    if (n >= LOCALE_MAX) return JET_errInvalidLanguageId;
    compat_mutex_lock(&kc->lock);
    for (i = 0; i < kc->count; i++) {
        if (kc->entries[i].flags == lcmap_flags && strcmp(kc->entries[i].locale, locale) == 0) {
            *out = kc->entries[i].coll;
            goto done;
        }
    }
    if (kc->count == kc->cap) {
        uint32_t cap = kc->cap == 0 ? 4u : kc->cap * 2u;
        collator_entry *grown = compat_realloc(kc->entries, (size_t)cap * sizeof *grown);
        if (grown == NULL) FAIL(JET_errOutOfMemory);
        kc->entries = grown;
        kc->cap = cap;
    }
    CHECK(open_collator(locale, lcmap_flags, &coll));
    memcpy(kc->entries[kc->count].locale, locale, n + 1u);
    kc->entries[kc->count].flags = lcmap_flags;
    kc->entries[kc->count].coll = coll;
    kc->count++;
    *out = coll;
done:
    compat_mutex_unlock(&kc->lock);
    return err;
}

static const uint8_t our_sort_id[16] = KEY_SORT_ID_BYTES;

static void stamp_of(compat_collator *coll, key_sort_stamp *out)
{
    uint32_t icu = 0;

    (void)compat_collator_version(coll, NULL, &icu);
    out->version = ((uint64_t)icu << 32) | KEY_SORT_REVISION;
    memcpy(out->sort_id, our_sort_id, sizeof out->sort_id);
}

JET_ERR key_sort_stamp_for(key_collators *kc, const char *locale, uint32_t lcmap_flags, key_sort_stamp *out)
{
    JET_ERR err = JET_errSuccess;
    compat_collator *coll = NULL;

    if (out == NULL) return JET_errInvalidParameter;
    memset(out, 0, sizeof *out);
    CHECK(key_collators_get(kc, locale, lcmap_flags == 0 ? COMPAT_LCMAP_DEFAULT : lcmap_flags, &coll));
    stamp_of(coll, out);
done:
    return err;
}

JET_ERR key_index_locale(const record_index *idx, char *locale, size_t cap, uint32_t *lcmap_flags)
{
    JET_ERR err = JET_errSuccess;
    size_t n = 0;
    compat_err e;

    if (idx == NULL || locale == NULL || cap == 0) return JET_errInvalidParameter;
    locale[0] = '\0';
    if (lcmap_flags != NULL) *lcmap_flags = idx->lcmap_flags == 0 ? COMPAT_LCMAP_DEFAULT : idx->lcmap_flags;
    if (idx->locale_name != NULL && idx->locale_name[0] != 0) {
        e = compat_utf16_to_utf8(idx->locale_name, SIZE_MAX, locale, cap, &n);
        if (e == COMPAT_ERANGE || e == COMPAT_EILSEQ) FAIL(JET_errInvalidLanguageId);
        if (e != COMPAT_OK) FAIL(jet_err_from_compat(e));
    } else if (idx->lcid != 0) {
        e = compat_locale_from_lcid(idx->lcid, locale, cap);
        if (e == COMPAT_ENOENT || e == COMPAT_ERANGE) FAIL(JET_errInvalidLanguageId);
        if (e != COMPAT_OK) FAIL(jet_err_from_compat(e));
    }
done:
    if (err < 0) locale[0] = '\0';
    return err;
}

JET_ERR key_collator_for_index(key_collators *kc, const record_index *idx, const key_sort_stamp *stamp,
                               compat_collator **out, key_collation_state *state)
{
    JET_ERR err = JET_errSuccess;
    char locale[LOCALE_MAX];
    uint32_t flags = 0;
    compat_collator *coll = NULL;
    key_sort_stamp now;
    key_collation_state st = KEY_COLLATION_FOREIGN;

    if (out != NULL) *out = NULL;
    if (state != NULL) *state = KEY_COLLATION_FOREIGN;
    if (kc == NULL || idx == NULL || out == NULL) return JET_errInvalidParameter;
    if (stamp == NULL || memcmp(stamp->sort_id, our_sort_id, sizeof our_sort_id) != 0) goto done;
    CHECK(key_index_locale(idx, locale, sizeof locale, &flags));
    err = key_collators_get(kc, locale, flags, &coll);
    if (err == JET_errFeatureNotAvailable) {
        err = JET_errSuccess;
        st = KEY_COLLATION_UNAVAILABLE;
        goto done;
    }
    CHECK(err);
    stamp_of(coll, &now);
    if (now.version != stamp->version) {
        st = KEY_COLLATION_STALE;
        goto done;
    }
    st = KEY_COLLATION_CURRENT;
    *out = coll;
done:
    if (state != NULL && err >= 0) *state = st;
    return err;
}

JET_ERR key_segment_of(const catalog_table *t, const record_index *idx, uint32_t iseg, key_segment_def *out)
{
    return key_segment_of_collated(t, idx, iseg, idx->collator, out);
}

JET_ERR key_segment_of_collated(const catalog_table *t, const record_index *idx, uint32_t iseg,
                                compat_collator *collator, key_segment_def *out)
{
    const record_column *col;

    memset(out, 0, sizeof *out);
    if (iseg >= idx->csegments) return JET_errInvalidParameter;
    col = catalog_column_by_id(t, idx->segments[iseg].columnid);
    if (col == NULL) return JET_errColumnNotFound;
    out->coltyp = col->coltyp;
    out->codepage = col->codepage;
    out->fixed_column = (col->columnid & 0xffffu) <= FID_FIXED_LAST;
    out->descending = idx->segments[iseg].descending;
    out->sort_nulls_high = (idx->idb_flags & IDB_SORT_NULLS_HIGH) != 0;
    out->dotnet_guid = (idx->idx_flags & IDX_DOTNET_GUID) != 0;
    if ((col->coltyp == JET_coltypText || col->coltyp == JET_coltypLongText) && col->codepage == 1200)
        out->collator = collator;
    return JET_errSuccess;
}

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8u * (n - 1u - i)));
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    unsigned i;
    for (i = 0; i < n; i++) v |= (uint64_t)p[i] << (8u * i);
    return v;
}

/* The size of a fixed-size type's value; 0 for text and binary. */
static uint32_t fixed_type_size(uint32_t coltyp)
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

/* A fixed-size type: prefix, then the value big-endian with its order fixed up. */
static uint32_t normalize_fixed(const key_segment_def *def, const uint8_t *pv, uint8_t *out)
{
    static const uint8_t guid_order[16] = { 10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3 };
    static const uint8_t dotnet_order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
    uint32_t n = fixed_type_size(def->coltyp);
    uint64_t v = get_le(pv, n > 8 ? 8 : n);
    uint64_t high = n >= 8 ? (uint64_t)1 << 63 : (uint64_t)1 << (8u * n - 1u);
    unsigned i;

    out[0] = KEY_PREFIX_DATA;
    switch (def->coltyp) {
    case JET_coltypBit:
        out[1] = pv[0] == 0 ? 0x00 : 0xff;
        break;
    case JET_coltypShort:
    case JET_coltypLong:
    case JET_coltypLongLong:
    case JET_coltypCurrency:
        put_be(out + 1, v ^ high, n);
        break;
    case JET_coltypIEEESingle:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
        put_be(out + 1, (v & high) ? ~v : (v ^ high), n);
        break;
    case JET_coltypGUID:
        for (i = 0; i < 16; i++) out[1 + i] = pv[def->dotnet_guid ? dotnet_order[i] : guid_order[i]];
        break;
    default: /* unsigned types */
        put_be(out + 1, v, n);
        break;
    }
    return n + 1;
}

/* Variable binary: 8-byte chunks each followed by 9, the last zero-padded and followed by
 * its length (8 when it is full: 9 would mean "more follows"); fixed binary is copied. */
static uint32_t normalize_binary(const key_segment_def *def, const uint8_t *pv, uint32_t cb, uint32_t cb_avail,
                                 uint8_t *out, bool *truncated, uint32_t *ib_delim)
{
    uint32_t cb_seg, remaining_seg, remaining = cb;
    bool whole = true;
    uint8_t *p = out + 1;
    const uint8_t *src = pv;

    out[0] = KEY_PREFIX_DATA;
    if (def->fixed_column) {
        cb_seg = cb + 1;
        if (cb_seg > cb_avail) {
            cb_seg = cb_avail;
            *truncated = true;
        }
        if (cb_seg > 1) memcpy(out + 1, pv, cb_seg - 1);
        return cb_seg;
    }
    cb_seg = ((cb + BINARY_CHUNK - 1) / BINARY_CHUNK) * BINARY_CHUNK_NORMALIZED + 1;
    if (cb_seg > cb_avail) {
        cb_seg = cb_avail;
        whole = false;
        *truncated = true;
    }
    remaining_seg = cb_seg - 1;
    while (remaining_seg >= BINARY_CHUNK_NORMALIZED) {
        if (remaining <= BINARY_CHUNK) {
            memcpy(p, src, remaining);
            p += remaining;
            if (ib_delim != NULL) *ib_delim = (uint32_t)(p - out);
            if (remaining == BINARY_CHUNK) {
                *p++ = whole ? BINARY_CHUNK_NORMALIZED - 1 : BINARY_CHUNK_NORMALIZED;
            } else {
                memset(p, 0, BINARY_CHUNK - remaining);
                p += BINARY_CHUNK - remaining;
                *p++ = (uint8_t)remaining;
            }
            remaining = 0;
        } else {
            memcpy(p, src, BINARY_CHUNK);
            src += BINARY_CHUNK;
            p += BINARY_CHUNK;
            *p++ = BINARY_CHUNK_NORMALIZED;
            remaining -= BINARY_CHUNK;
        }
        remaining_seg -= BINARY_CHUNK_NORMALIZED;
    }
    if (remaining_seg > 0) {
        if (remaining >= remaining_seg) {
            memcpy(p, src, remaining_seg);
        } else {
            if (ib_delim != NULL) *ib_delim = (uint32_t)(p + remaining - out);
            memcpy(p, src, remaining);
            memset(p + remaining, 0, remaining_seg - remaining);
        }
    }
    return cb_seg;
}

/* ASCII text: cut at the first NUL, a-z upper-cased, a 0 terminator; when the space runs
 * out, the last byte kept is upper-cased by subtracting 0x20 whatever it is (as the old
 * C runtime's toupper did, which ESE keeps for compatibility). */
static uint32_t normalize_ascii(const uint8_t *pv, uint32_t cb, uint32_t cb_avail, uint32_t key_most, uint8_t *out,
                                bool *truncated)
{
    uint32_t room = cb_avail > 0 ? cb_avail - 1 : 0; /* after the prefix byte */
    uint32_t n, len = 0, i;
    uint8_t *norm = out + 1;

    if (key_most == KEY_LEGACY_MOST && cb > KEY_LEGACY_MOST) cb = KEY_LEGACY_MOST;
    out[0] = KEY_PREFIX_DATA;
    if (room > cb) {
        for (len = 0; len < cb && pv[len] != 0; len++) norm[len] = pv[len];
        norm[len] = 0;
        len++;
    } else if (room > 0) {
        n = room - 1;
        for (len = 0; len < n && pv[len] != 0; len++) norm[len] = pv[len];
        norm[len] = 0;
        if (len == n && pv[n] != 0) {
            for (i = 0; i < len; i++)
                if (norm[i] >= 'a' && norm[i] <= 'z') norm[i] = (uint8_t)(norm[i] - 'a' + 'A');
            norm[n] = (uint8_t)(pv[n] - 0x20u);
            *truncated = true;
            return n + 2;
        }
        len++;
    }
    for (i = 0; i + 1 < len; i++)
        if (norm[i] >= 'a' && norm[i] <= 'z') norm[i] = (uint8_t)(norm[i] - 'a' + 'A');
    return len + 1;
}

/* Unicode text: the ICU sort key of the value after the prefix, cut to the space left
 * (ErrFLDNormalizeTextSegment with ErrNORMMapString: whole characters only, and for
 * key-most 255 indexes no more than the first 256 bytes of text). */
static JET_ERR normalize_unicode(const key_segment_def *def, const uint8_t *pv, uint32_t cb, uint32_t cb_avail,
                                 uint32_t key_most, uint8_t *out, uint32_t *cb_out, bool *truncated,
                                 uint32_t *ib_delim)
{
    JET_ERR err = JET_errSuccess;
    uint32_t nchars, i, room = cb_avail > 0 ? cb_avail - 1u : 0, n;
    uint16_t *text = NULL;
    size_t full = 0;

    if (key_most == KEY_LEGACY_MOST && cb > KEY_LEGACY_MOST + 1u) cb = KEY_LEGACY_MOST + 1u;
    nchars = cb / 2u;
    text = compat_malloc(((size_t)nchars + 1u) * sizeof *text);
    if (text == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < nchars; i++) text[i] = le16_get(pv + 2u * i);
    out[0] = KEY_PREFIX_DATA;
    CHECK(err_from_collate(compat_collator_sort_key(def->collator, text, nchars, room > 0 ? out + 1 : NULL, room,
                                                    &full)));
    if (full > room) {
        *truncated = true;
        n = room;
    } else {
        n = (uint32_t)full;
    }
    if (ib_delim != NULL) {
        for (i = 1; i <= n && out[i] != 0x01u; i++) {}
        *ib_delim = i;
    }
    *cb_out = n + 1u;
done:
    compat_free(text);
    return err;
}

JET_ERR key_normalize(const key_segment_def *def, const uint8_t *pv, uint32_t cb, bool zero_length, uint32_t cb_avail,
                      uint32_t key_most, uint8_t *out, uint32_t *cb_out, bool *truncated, uint32_t *ib_delim)
{
    JET_ERR err = JET_errSuccess;
    uint32_t n = 0, i, size = fixed_type_size(def->coltyp);
    bool text = def->coltyp == JET_coltypText || def->coltyp == JET_coltypLongText;

    *cb_out = 0;
    *truncated = false;
    if (ib_delim != NULL) *ib_delim = 0;
    if (pv == NULL || cb == 0) {
        /* fixed-size types have no zero-length form: their empty value is null */
        out[0] = (zero_length && size == 0) ? KEY_PREFIX_ZERO_LENGTH
                                            : (def->sort_nulls_high ? KEY_PREFIX_NULL_HIGH : KEY_PREFIX_NULL);
        n = 1;
    } else if (text) {
        if (def->codepage == 1200) {
            if (def->collator == NULL) FAIL(JET_errFeatureNotAvailable);
            CHECK(normalize_unicode(def, pv, cb, cb_avail, key_most, out, &n, truncated, ib_delim));
        } else {
            n = normalize_ascii(pv, cb, cb_avail, key_most, out, truncated);
        }
    } else if (def->coltyp == JET_coltypBinary || def->coltyp == JET_coltypLongBinary) {
        n = normalize_binary(def, pv, cb, cb_avail, out, truncated, ib_delim);
    } else if (size != 0) {
        if (cb != size) FAIL(JET_errInvalidBufferSize);
        n = normalize_fixed(def, pv, out);
    } else {
        FAIL(JET_errInvalidColumnType);
    }
    if (def->descending)
        for (i = 0; i < n; i++) out[i] ^= 0xffu;
    *cb_out = n;
done:
    return err;
}

/* The bytes of a value for its key: intrinsic, decompressed, or the start of a separated
 * long value (no key needs more than key_most + 1 bytes of it). */
static JET_ERR value_bytes(const catalog_table *t, btree_cursor *lv, const record_value *v, uint32_t need,
                           uint8_t *buf, const uint8_t **pb, uint32_t *cb)
{
    JET_ERR err = JET_errSuccess;
    uint8_t lid[8];
    uint32_t size = 0;

    *pb = v->pb;
    *cb = v->cb;
    if (v->encrypted) FAIL(JET_errColumnNoEncryptionKey);
    if (v->separated) {
        if (lv == NULL || t->pgno_lv == 0 || v->cb > sizeof lid) FAIL(JET_errLVCorrupted);
        memcpy(lid, v->pb, v->cb);
        CHECK(record_lv_read(lv, lid, v->cb, 0, buf, need, &size, NULL));
        *pb = buf;
        *cb = size < need ? size : need;
    } else if (v->compressed) {
        uint8_t *tmp = NULL;
        uint32_t full = 0, got = 0;
        CHECK(compress_size(v->pb, v->cb, &full));
        tmp = compat_malloc(full);
        if (tmp == NULL) FAIL(JET_errOutOfMemory);
        err = compress_decompress(v->pb, v->cb, tmp, full, &got);
        if (err >= 0) {
            err = JET_errSuccess;
            if (got > need) got = need;
            memcpy(buf, tmp, got);
            *pb = buf;
            *cb = got;
        }
        compat_free(tmp);
    }
done:
    return err;
}

JET_ERR key_from_record(const catalog_table *t, const record_index *idx, const record_view *rv, btree_cursor *lv,
                        uint8_t *out, uint32_t *cb_out)
{
    return key_from_record_collated(t, idx, idx->collator, rv, lv, out, cb_out);
}

JET_ERR key_from_record_collated(const catalog_table *t, const record_index *idx, compat_collator *collator,
                                 const record_view *rv, btree_cursor *lv, uint8_t *out, uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t key_most = key_most_of(idx), avail = key_most, iseg, cb_key = 0;
    uint8_t *seg = NULL, *valbuf = NULL;

    *cb_out = 0;
    seg = compat_malloc(KEY_BUFFER_MAX + 32u);
    valbuf = compat_malloc(KEY_BUFFER_MAX + 32u);
    if (seg == NULL || valbuf == NULL) FAIL(JET_errOutOfMemory);
    for (iseg = 0; iseg < idx->csegments; iseg++) {
        key_segment_def def;
        const record_column *col = catalog_column_by_id(t, idx->segments[iseg].columnid);
        record_state st = RECORD_ABSENT;
        record_value v;
        uint32_t count = 0, cb_seg = 0, cb = 0;
        const uint8_t *pb = NULL;
        bool truncated = false;

        CHECK(key_segment_of_collated(t, idx, iseg, collator, &def));
        memset(&v, 0, sizeof v);
        CHECK(record_column_value(rv, col, 1, &count, &st, &v));
        if (st == RECORD_VALUE) CHECK(value_bytes(t, lv, &v, key_most + 1u, valbuf, &pb, &cb));
        CHECK(key_normalize(&def, st == RECORD_VALUE ? pb : NULL, cb, st == RECORD_VALUE, avail, key_most, seg,
                            &cb_seg, &truncated, NULL));
        if (!truncated && cb_seg > avail) {
            /* a fixed-size segment cut at the end of the key space: complement already applied
             * to the whole segment, so the kept bytes are right */
            cb_seg = avail;
            truncated = true;
        }
        memcpy(out + cb_key, seg, cb_seg);
        cb_key += cb_seg;
        avail -= cb_seg;
        if (truncated) break;
    }
    *cb_out = cb_key;
done:
    compat_free(seg);
    compat_free(valbuf);
    return err;
}
