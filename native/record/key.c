/* key.c: normalised index keys (see key.h). The byte layouts follow ESE's fldnorm.cxx
 * and normu.cxx (facts only) and were checked against the keys in index.edb; Unicode
 * text is ICU's (compat.h, "collation"), with the collator cache and sort stamps. */
#include "key.h"

#include <stdlib.h>
#include <string.h>

#include "byte_order.h"
#include "jet_error.h"
#include "compress.h"

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
    default: return jet_error_from_compat(e);
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
    /* fails only for a NULL collator; callers pass one key_collators_get opened */
    compat_err ce = compat_collator_version(coll, NULL, &icu);

    INVARIANT(ce == COMPAT_OK);
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
        if (e != COMPAT_OK) FAIL(jet_error_from_compat(e));
    } else if (idx->lcid != 0) {
        e = compat_locale_from_lcid(idx->lcid, locale, cap);
        if (e == COMPAT_ENOENT || e == COMPAT_ERANGE) FAIL(JET_errInvalidLanguageId);
        if (e != COMPAT_OK) FAIL(jet_error_from_compat(e));
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


/* A fixed-size type: prefix, then the value big-endian with its order fixed up. */
static uint32_t normalize_fixed(const key_segment_def *def, const uint8_t *pv, uint8_t *out)
{
    static const uint8_t guid_order[16] = { 10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3 };
    static const uint8_t dotnet_order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
    uint32_t n = record_type_size(def->coltyp);
    uint64_t v = byte_order_get_le_n(pv, n > 8 ? 8 : n);
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
        byte_order_put_be_n(out + 1, v ^ high, n);
        break;
    case JET_coltypIEEESingle:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
        byte_order_put_be_n(out + 1, (v & high) ? ~v : (v ^ high), n);
        break;
    case JET_coltypGUID:
        for (i = 0; i < 16; i++) out[1 + i] = pv[def->dotnet_guid ? dotnet_order[i] : guid_order[i]];
        break;
    default: /* unsigned types */
        byte_order_put_be_n(out + 1, v, n);
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
    bool cut = false;
    size_t full = 0;

    /* the text a 255-byte index is cut to is more than its key tells apart: on Windows
     * its sort key never fits the key (two bytes of primary weight a character), and ICU's
     * shorter keys are counted as cut the same way (JET_bitIndexDisallowTruncation) */
    if (key_most == KEY_LEGACY_MOST && cb > KEY_LEGACY_MOST + 1u) {
        cb = KEY_LEGACY_MOST + 1u;
        cut = true;
    }
    nchars = cb / 2u;
    text = compat_malloc(((size_t)nchars + 1u) * sizeof *text);
    if (text == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < nchars; i++) text[i] = byte_order_get_le16(pv + 2u * i);
    out[0] = KEY_PREFIX_DATA;
    CHECK(err_from_collate(compat_collator_sort_key(def->collator, text, nchars, room > 0 ? out + 1 : NULL, room,
                                                    &full)));
    if (full > room) {
        *truncated = true;
        n = room;
    } else {
        n = (uint32_t)full;
        if (cut) *truncated = true;
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
    uint32_t n = 0, i, size = record_type_size(def->coltyp);
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

/* The normalised segment of a record's value v (NULL: none) in avail bytes of key space.
 * As ErrRECIRetrieveKey, the value is read up to the key's most plus two bytes, and when
 * that much was read and its segment still does not fill the space (Unicode sort keys
 * are shorter than their text), twice as much again, until it does or the value is
 * whole: so a long value's key is the one its whole text would give, as a key made
 * from that text is (a 255-byte index reads no more than its 256 bytes). valbuf:
 * KEY_BUFFER_MAX + 32 bytes of scratch. */
static JET_ERR segment_of_value(const catalog_table *t, btree_cursor *lv, const key_segment_def *def,
                                const record_value *v, uint32_t avail, uint32_t key_most, uint8_t *valbuf, uint8_t *seg,
                                uint32_t *cb_seg, bool *truncated)
{
    JET_ERR err = JET_errSuccess;
    /* one byte more than a 255-byte index reads (256): it tells whether there is more */
    uint32_t need = key_most + 2u, cb = 0;
    const uint8_t *pb = NULL;
    uint8_t *big = NULL, *buf = valbuf;
    bool variable = def->coltyp == JET_coltypText || def->coltyp == JET_coltypLongText ||
                    def->coltyp == JET_coltypBinary || def->coltyp == JET_coltypLongBinary;

    for (;;) {
        if (v != NULL) CHECK(value_bytes(t, lv, v, need, buf, &pb, &cb));
        CHECK(key_normalize(def, v != NULL ? pb : NULL, cb, v != NULL, avail, key_most, seg, cb_seg, truncated, NULL));
        /* done: nothing more to read (an in-record value is read whole), or enough */
        if (v == NULL || !variable || (!v->separated && !v->compressed) || *truncated || cb < need ||
            key_most == KEY_LEGACY_MOST || need > 0x40000000u)
            break;
        need *= 2u;
        compat_free(big);
        big = compat_malloc(need);
        if (big == NULL) FAIL(JET_errOutOfMemory);
        buf = big;
    }
done:
    compat_free(big);
    return err;
}

/* What forming one key of a record found besides the key. */
typedef struct key_form {
    uint32_t nulls;       /* segments without a value */
    bool first_null;      /* the first one of them */
    bool out_of_keys;     /* a varying segment is past its last value (not nested) */
    uint32_t iseg_out;    /* which */
    bool all_out;         /* nested: every varying segment is past its last value */
    bool truncated;       /* the key was cut at the index's key most */
} key_form;

/* Whether segment iseg of idx is one whose values the entries of a record run through. */
static bool segment_is_multi_valued(const catalog_table *t, const record_index *idx, uint32_t iseg)
{
    const record_column *col = catalog_column_by_id(t, idx->segments[iseg].columnid);
    return col != NULL && (col->columnid & 0xffffu) >= FID_TAGGED_FIRST && (col->grbit & JET_bitColumnMultiValued);
}

/* One key of record rv: segment i takes value itag[i] (1-based) of its column. A varying
 * segment (varies[i]) past its last value ends the run (f->out_of_keys), unless nested,
 * where it is a null segment. As ErrRECIIRetrieveKey, the segments after the key space
 * is used up are still looked at for nulls and runs that have ended. seg and valbuf:
 * KEY_BUFFER_MAX + 32 bytes of scratch each. */
static JET_ERR form_key(const catalog_table *t, const record_index *idx, compat_collator *collator,
                        const record_view *rv, btree_cursor *lv, const uint32_t *itag, const bool *varies, bool nested,
                        uint8_t *seg, uint8_t *valbuf, uint8_t *out, uint32_t *cb_out, key_form *f)
{
    JET_ERR err = JET_errSuccess;
    uint32_t key_most = key_most_of(idx), avail = key_most, iseg, cb_key = 0;
    bool full = false, any_varies = false;

    *cb_out = 0;
    memset(f, 0, sizeof *f);
    f->all_out = true;
    for (iseg = 0; iseg < idx->csegments; iseg++) {
        key_segment_def def;
        const record_column *col = catalog_column_by_id(t, idx->segments[iseg].columnid);
        record_state st = RECORD_ABSENT;
        record_value v;
        uint32_t count = 0, cb_seg = 0, seq = varies[iseg] ? itag[iseg] : 1u;
        bool truncated = false;

        CHECK(key_segment_of_collated(t, idx, iseg, collator, &def));
        memset(&v, 0, sizeof v);
        CHECK(record_column_value(rv, col, seq, &count, &st, &v));
        if (varies[iseg]) {
            any_varies = true;
            if (seq == 1 || st == RECORD_VALUE) f->all_out = false;
            if (seq > 1 && st != RECORD_VALUE && !nested) {
                f->out_of_keys = true;
                f->iseg_out = iseg;
                goto done;
            }
        }
        if (st != RECORD_VALUE) {
            f->nulls++;
            if (iseg == 0) f->first_null = true;
        }
        if (full) continue;
        CHECK(segment_of_value(t, lv, &def, st == RECORD_VALUE ? &v : NULL, avail, key_most, valbuf, seg, &cb_seg,
                               &truncated));
        if (!truncated && cb_seg > avail) {
            /* a fixed-size segment cut at the end of the key space: complement already applied
             * to the whole segment, so the kept bytes are right */
            cb_seg = avail;
            truncated = true;
        }
        memcpy(out + cb_key, seg, cb_seg);
        cb_key += cb_seg;
        avail -= cb_seg;
        if (truncated) full = f->truncated = true;
    }
    if (!any_varies || !nested) f->all_out = false;
    *cb_out = cb_key;
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
    /* on the stack: a key is made for every insert and seek, and buffers of this size
     * are the allocator's slow path */
    uint8_t seg[KEY_BUFFER_MAX + 32u], valbuf[KEY_BUFFER_MAX + 32u];
    uint32_t itag[JET_ccolKeyMost];
    bool varies[JET_ccolKeyMost];
    key_form f;

    *cb_out = 0;
    if (idx->csegments > JET_ccolKeyMost) return JET_errDatabaseCorrupted;
    memset(varies, 0, sizeof varies);
    for (uint32_t i = 0; i < JET_ccolKeyMost; i++) itag[i] = 1;
    CHECK(form_key(t, idx, collator, rv, lv, itag, varies, false, seg, valbuf, out, cb_out, &f));
done:
    return err;
}

/* ---- every entry of a record ---- */

void key_list_init(key_list *l)
{
    memset(l, 0, sizeof *l);
}

void key_list_clear(key_list *l)
{
    for (uint32_t i = 0; i < l->count; i++) compat_free(l->v[i].pb);
    l->count = 0;
}

void key_list_free(key_list *l)
{
    key_list_clear(l);
    compat_free(l->v);
    key_list_init(l);
}

static int key_bytes_cmp(const uint8_t *a, uint32_t ca, const uint8_t *b, uint32_t cb)
{
    uint32_t n = ca < cb ? ca : cb;
    int c = n ? memcmp(a, b, n) : 0;
    if (c != 0) return c;
    return ca < cb ? -1 : ca > cb ? 1 : 0;
}

static int key_entry_cmp(const void *a, const void *b)
{
    const key_entry *x = a, *y = b;
    return key_bytes_cmp(x->pb, x->cb, y->pb, y->cb);
}

bool key_list_contains(const key_list *l, const uint8_t *key, uint32_t cb)
{
    uint32_t lo = 0, hi = l->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        int c = key_bytes_cmp(l->v[mid].pb, l->v[mid].cb, key, cb);
        if (c == 0) return true;
        if (c < 0) lo = mid + 1u;
        else hi = mid;
    }
    return false;
}

static JET_ERR key_list_add(key_list *l, const uint8_t *key, uint32_t cb)
{
    if (l->count == l->cap) {
        uint32_t cap = l->cap < 8u ? 8u : 2u * l->cap;
        key_entry *v = compat_realloc(l->v, (size_t)cap * sizeof *v);
        if (v == NULL) return JET_errOutOfMemory;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->count].pb = compat_malloc(cb ? cb : 1u);
    if (l->v[l->count].pb == NULL) return JET_errOutOfMemory;
    if (cb) memcpy(l->v[l->count].pb, key, cb);
    l->v[l->count].cb = cb;
    l->count++;
    return JET_errSuccess;
}

/* Sorted, each key once (ESE acts once on a key a record gives several times). */
static void key_list_sort_unique(key_list *l)
{
    uint32_t i, n = 0;
    if (l->count > 1) qsort(l->v, l->count, sizeof *l->v, key_entry_cmp);
    for (i = 0; i < l->count; i++) {
        if (n > 0 && key_entry_cmp(&l->v[n - 1], &l->v[i]) == 0) {
            compat_free(l->v[i].pb);
            continue;
        }
        l->v[n++] = l->v[i];
    }
    l->count = n;
}

/* ErrRECIRetrieveKey's conditional columns: whether every one is null or not as the index
 * asks, reading each as retrieved (its default when the record lacks it). */
static JET_ERR conditions_hold(const catalog_table *t, const record_index *idx, const record_view *rv, bool *holds)
{
    JET_ERR err = JET_errSuccess;
    *holds = true;
    for (uint32_t i = 0; i < idx->cconditions && *holds; i++) {
        const record_column *col = catalog_column_by_id(t, idx->conditions[i].columnid);
        record_state st = RECORD_ABSENT;
        record_value v;
        uint32_t count = 0;
        memset(&v, 0, sizeof v);
        if (col != NULL) CHECK(record_column_value(rv, col, 1, &count, &st, &v));
        if ((st != RECORD_VALUE) != idx->conditions[i].must_be_null) *holds = false;
    }
done:
    return err;
}

JET_ERR key_list_from_record(const catalog_table *t, const record_index *idx, const record_view *rv, btree_cursor *lv,
                             key_list *out)
{
    JET_ERR err = JET_errSuccess;
    /* on the stack, as in key_from_record_collated */
    uint8_t seg[KEY_BUFFER_MAX + 32u], valbuf[KEY_BUFFER_MAX + 32u], key[KEY_BUFFER_MAX + 32u];
    uint32_t itag[JET_ccolKeyMost], cb_key = 0, iseg, last_varying = 0;
    bool varies[JET_ccolKeyMost], any_varies = false;
    bool cross = (idx->idb_flags & IDB_CROSS_PRODUCT) != 0, nested = (idx->idb_flags & IDB_NESTED_TABLE) != 0;
    uint32_t flags = idx->idb_flags;
    key_form f;

    key_list_clear(out);
    if (idx->csegments > JET_ccolKeyMost) return JET_errDatabaseCorrupted;
    if (idx->cconditions != 0) {
        bool holds = true;
        CHECK(conditions_hold(t, idx, rv, &holds));
        if (!holds) goto done;
    }
    if (cross && nested) nested = false; /* ESE never makes both; read it as a cross product */
    memset(varies, 0, sizeof varies);
    for (iseg = 0; iseg < JET_ccolKeyMost; iseg++) itag[iseg] = 1;
    /* KeySequence: the first multi-valued segment, or all of them for a cross-product or
     * nested-table index */
    if (flags & IDB_MULTIVALUED) {
        for (iseg = 0; iseg < idx->csegments; iseg++) {
            if (!segment_is_multi_valued(t, idx, iseg)) continue;
            varies[iseg] = true;
            any_varies = true;
            last_varying = iseg;
            if (!cross && !nested) break;
        }
    }
    for (;;) {
        CHECK(form_key(t, idx, idx->collator, rv, lv, itag, varies, nested, seg, valbuf, key, &cb_key, &f));
        if (f.out_of_keys) {
            /* this segment's run is over: step the next more significant varying segment
             * and start the ones after it again from their first value */
            uint32_t j = f.iseg_out, k;
            bool stepped = false;
            for (k = j; k-- > 0;) {
                if (!varies[k]) continue;
                itag[k]++;
                stepped = true;
                break;
            }
            if (!stepped) break;
            for (k = j; k <= last_varying; k++) itag[k] = 1;
            continue;
        }
        if (f.all_out) break;
        /* ErrRECIInsert / ErrRECIReplace: JET_bitIndexDisallowTruncation refuses a key cut
         * at the key's most */
        if (f.truncated && (flags & IDB_DISALLOW_TRUNCATION)) FAIL(JET_errKeyTruncated);
        if (f.nulls != 0) {
            if (flags & IDB_NO_NULL_SEG) FAIL(JET_errNullKeyDisallowed);
            if (f.nulls == idx->csegments) {
                if (flags & IDB_ALLOW_ALL_NULLS) CHECK(key_list_add(out, key, cb_key));
                break;
            }
            if (f.first_null && !(flags & IDB_ALLOW_FIRST_NULL)) break;
            if (!(flags & IDB_ALLOW_SOME_NULLS)) break;
        }
        CHECK(key_list_add(out, key, cb_key));
        if (!any_varies) break;
        if (nested) {
            for (iseg = 0; iseg <= last_varying; iseg++)
                if (varies[iseg]) itag[iseg]++;
        } else {
            itag[last_varying]++;
        }
    }
    key_list_sort_unique(out);
done:
    if (err < 0) key_list_clear(out);
    return err;
}

JET_ERR key_from_record_sequence(const catalog_table *t, const record_index *idx, const record_view *rv,
                                 btree_cursor *lv, uint32_t itag_sequence, uint8_t *out, uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *seg = NULL, *valbuf = NULL;
    uint32_t itag[JET_ccolKeyMost], iseg;
    bool varies[JET_ccolKeyMost];
    key_form f;

    *cb_out = 0;
    if (idx->csegments > JET_ccolKeyMost) return JET_errDatabaseCorrupted;
    memset(varies, 0, sizeof varies);
    for (iseg = 0; iseg < JET_ccolKeyMost; iseg++) itag[iseg] = 1;
    if ((idx->idb_flags & IDB_MULTIVALUED) && itag_sequence > 1) {
        for (iseg = 0; iseg < idx->csegments; iseg++) {
            if (!segment_is_multi_valued(t, idx, iseg)) continue;
            varies[iseg] = true;
            itag[iseg] = itag_sequence;
            break;
        }
    }
    seg = compat_malloc(KEY_BUFFER_MAX + 32u);
    valbuf = compat_malloc(KEY_BUFFER_MAX + 32u);
    if (seg == NULL || valbuf == NULL) FAIL(JET_errOutOfMemory);
    CHECK(form_key(t, idx, idx->collator, rv, lv, itag, varies, false, seg, valbuf, out, cb_out, &f));
    if (f.out_of_keys) {
        *cb_out = 0;
        FAIL(JET_errBadItagSequence);
    }
done:
    compat_free(seg);
    compat_free(valbuf);
    return err;
}

/* ---- values read back from keys (key_denormalize) ---- */

/* One segment at key[*ib]: its value into out (cap bytes), *ib moved past it. The
 * layouts are key_normalize's; the prefix tests are ESE's (RECIRetrieveColumnFromKey). */
static JET_ERR denormalize_segment(const key_segment_def *def, uint32_t cb_max, const uint8_t *key, uint32_t cb_key,
                                   uint32_t *ib, uint8_t *out, uint32_t cap, uint32_t *cb_out, bool *is_null)
{
    JET_ERR err = JET_errSuccess;
    static const uint8_t guid_order[16] = { 10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3 };
    static const uint8_t dotnet_order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
    const uint8_t mask = def->descending ? 0xffu : 0x00u;
    const uint8_t null_prefix = def->sort_nulls_high ? KEY_PREFIX_NULL_HIGH : KEY_PREFIX_NULL;
    uint32_t n = record_type_size(def->coltyp), i = *ib, len = 0, k;
    uint8_t prefix;
    uint64_t v, high;

    *cb_out = 0;
    *is_null = false;
    if (i >= cb_key) FAIL(JET_errDatabaseCorrupted);
    prefix = key[i++];
    if (def->coltyp == JET_coltypGUID) {
        /* ESE compares the raw byte (no complement) and then copies the raw bytes */
        if (prefix != KEY_PREFIX_DATA) {
            *is_null = true;
        } else {
            if (cb_key - i < 16 || cap < 16) FAIL(JET_errDatabaseCorrupted);
            for (k = 0; k < 16; k++) out[def->dotnet_guid ? dotnet_order[k] : guid_order[k]] = key[i + k];
            i += 16;
            len = 16;
        }
    } else if (n != 0) {
        if ((uint8_t)(prefix ^ mask) == null_prefix) {
            *is_null = true;
        } else {
            if (cb_key - i < n || cap < n) FAIL(JET_errDatabaseCorrupted);
            v = byte_order_get_be_n(key + i, n);
            if (mask != 0) v = ~v & (n >= 8 ? ~(uint64_t)0 : (((uint64_t)1 << (8u * n)) - 1u));
            high = n >= 8 ? (uint64_t)1 << 63 : (uint64_t)1 << (8u * n - 1u);
            switch (def->coltyp) {
            case JET_coltypBit:
                v = v == 0 ? 0x00u : 0xffu;
                break;
            case JET_coltypShort:
            case JET_coltypLong:
            case JET_coltypLongLong:
            case JET_coltypCurrency:
                v ^= high;
                break;
            case JET_coltypIEEESingle:
            case JET_coltypIEEEDouble:
            case JET_coltypDateTime:
                v = (v & high) ? (v ^ high) : ~v;
                break;
            default: /* unsigned types */
                break;
            }
            byte_order_put_le_n(out, v, n);
            i += n;
            len = n;
        }
    } else if (def->fixed_column) {
        /* fixed binary and text: the column's whole size, anything but data is null */
        if ((uint8_t)(prefix ^ mask) != KEY_PREFIX_DATA) {
            *is_null = true;
        } else {
            if (cb_key - i < cb_max || cap < cb_max) FAIL(JET_errDatabaseCorrupted);
            for (k = 0; k < cb_max; k++) out[k] = (uint8_t)(key[i + k] ^ mask);
            i += cb_max;
            len = cb_max;
        }
    } else if ((uint8_t)(prefix ^ mask) == KEY_PREFIX_DATA) {
        if (def->coltyp == JET_coltypBinary || def->coltyp == JET_coltypLongBinary) {
            uint8_t last;
            do {
                uint32_t chunk;
                if (cb_key - i < BINARY_CHUNK_NORMALIZED) FAIL(JET_errDatabaseCorrupted);
                last = (uint8_t)(key[i + BINARY_CHUNK_NORMALIZED - 1u] ^ mask);
                if (last > BINARY_CHUNK_NORMALIZED) FAIL(JET_errDatabaseCorrupted);
                chunk = last == BINARY_CHUNK_NORMALIZED ? BINARY_CHUNK : last;
                if (cap - len < chunk) FAIL(JET_errDatabaseCorrupted);
                for (k = 0; k < chunk; k++) out[len + k] = (uint8_t)(key[i + k] ^ mask);
                len += chunk;
                i += BINARY_CHUNK_NORMALIZED;
            } while (last == BINARY_CHUNK_NORMALIZED);
        } else {
            /* text: only stepped over, up to its terminator (Unicode: the sentinel first) */
            if (def->codepage == 1200) {
                while (i < cb_key && (uint8_t)(key[i] ^ mask) != 0x01u) i++;
            }
            while (i < cb_key && (uint8_t)(key[i] ^ mask) != 0x00u) i++;
            if (i >= cb_key) FAIL(JET_errDatabaseCorrupted);
            i++;
        }
    } else if ((uint8_t)(prefix ^ mask) == null_prefix) {
        *is_null = true;
    }
    /* else zero-length: no bytes, not null */
    *ib = i;
    *cb_out = len;
done:
    return err;
}

JET_ERR key_denormalize(const catalog_table *t, const record_index *idx, const uint8_t *key, uint32_t cb_key,
                        JET_COLUMNID columnid, uint8_t *out, uint32_t cap, uint32_t *cb_out, bool *is_null)
{
    JET_ERR err = JET_errSuccess;
    uint32_t iseg, target = idx->csegments, ib = 0;
    key_segment_def def;
    const record_column *col;

    *cb_out = 0;
    *is_null = false;
    for (iseg = 0; iseg < idx->csegments && iseg < 16u; iseg++) {
        if (idx->segments[iseg].columnid == columnid) {
            target = iseg;
            break;
        }
    }
    if (target == idx->csegments) FAIL(JET_errColumnNotFound);
    for (iseg = 0; iseg <= target; iseg++) {
        CHECK(key_segment_of(t, idx, iseg, &def));
        col = catalog_column_by_id(t, idx->segments[iseg].columnid);
        if (col == NULL) FAIL(JET_errColumnNotFound);
        if (iseg == target && (def.coltyp == JET_coltypText || def.coltyp == JET_coltypLongText))
            FAIL(JET_errInvalidColumnType);
        CHECK(denormalize_segment(&def, col->cb_max, key, cb_key, &ib, out, cap, cb_out, is_null));
    }
done:
    return err;
}
