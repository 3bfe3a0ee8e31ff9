/* search_key.c: a cursor's search key and the seek that uses it (see search_key.h); ESE's
 * ErrIsamMakeKey / ErrFLDNormalizeSegment / FLDISetPartialColumnLimitOnTextColumn
 * (fldnorm.cxx) and ErrIsamSeek (rec.cxx). */
#include "search_key.h"

#include <string.h>

#define LIMIT_OPTIONS 0x00000f00u /* JET_maskLimitOptions */

void search_key_reset(table_cursor *cur)
{
    cur->cb_search_key = 0;
    cur->csearch_segments = 0;
    cur->key_prepared = false;
    cur->key_limit = false;
    cur->key_too_big = false;
}

/* The partial-column limit on an ASCII text segment (FLDISetPartialColumnLimitOnTextColumn):
 * the terminator goes; an end limit fills the rest of the space with 0xff. */
static void limit_partial_text(uint8_t *seg, uint32_t *cb, uint32_t cb_with_suffix, bool descending, bool end)
{
    uint32_t ib, ib_suffix = cb_with_suffix - 1;
    uint8_t term = descending ? 0xffu : 0x00u;
    if (*cb < 2) {
        if (end) {
            memset(seg + *cb, KEY_SENTINEL, cb_with_suffix - *cb);
            *cb = cb_with_suffix;
        }
        return;
    }
    ib = *cb;
    if (seg[ib - 1] == term) ib--;
    if (ib > ib_suffix) ib = ib_suffix;
    if (end) {
        memset(seg + ib, KEY_SENTINEL, ib_suffix - ib + 1);
        *cb = cb_with_suffix;
    } else {
        *cb = ib;
    }
}

/* The partial-column limit on a Unicode text segment (FLDISetPartialColumnLimitOnTextColumn
 * with usUniCodePage): the sort key is cut where its first level (the base characters'
 * weights) ends, at ib_delim, so that every longer text with the same characters first
 * falls inside; an end limit fills the rest of the space with 0xff. */
static void limit_partial_unicode(uint8_t *seg, uint32_t *cb, uint32_t cb_with_suffix, uint32_t ib_delim, bool end)
{
    uint32_t ib_suffix = cb_with_suffix - 1u, ib = ib_delim < ib_suffix ? ib_delim : ib_suffix;
    if (*cb < 2) {
        if (end) {
            memset(seg + *cb, KEY_SENTINEL, cb_with_suffix - *cb);
            *cb = cb_with_suffix;
        }
        return;
    }
    if (ib < 1u) ib = 1u;
    if (end) {
        memset(seg + ib, KEY_SENTINEL, ib_suffix - ib + 1u);
        *cb = cb_with_suffix;
    } else {
        *cb = ib;
    }
}

/* The partial-column limit on a binary segment: cut after the last data byte. */
static void limit_partial_binary(uint8_t *seg, uint32_t *cb, uint32_t cb_with_suffix, uint32_t ib_delim, bool end)
{
    if (ib_delim == 0) {
        if (end) {
            memset(seg + *cb, KEY_SENTINEL, cb_with_suffix - *cb);
            *cb = cb_with_suffix;
        }
    } else if (end) {
        *cb += 1;
        memset(seg + ib_delim, KEY_SENTINEL, *cb - ib_delim);
    } else {
        *cb = ib_delim;
    }
}

JET_ERR search_key_make(table_cursor *cur, const uint8_t *pv, uint32_t cb, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    const catalog_table *def = cur->table;
    const record_index *idx = cur->index;
    uint32_t key_most = key_most_of(idx), limit_most = key_most + 1, cb_seg = 0, ib_delim = 0, avail;
    key_segment_def sd;
    const record_column *col;
    uint8_t *seg = NULL, padded[JET_cbColumnMost];
    bool text, binary, truncated = false;
    JET_GRBIT lim = grbit & LIMIT_OPTIONS;

    if (idx == NULL && !(grbit & JET_bitNormalizedKey)) FAIL(JET_errNoCurrentIndex);
    if (pv == NULL && cb != 0) FAIL(JET_errInvalidParameter);
    if (cur->search_key == NULL) {
        cur->search_key = compat_malloc(KEY_BUFFER_MAX + 1u);
        if (cur->search_key == NULL) FAIL(JET_errOutOfMemory);
        search_key_reset(cur);
    }
    if (grbit & JET_bitNormalizedKey) {
        if (cb > limit_most && cb > JET_cbKeyMost) FAIL(JET_errInvalidParameter);
        if (cb > limit_most) cb = limit_most;
        search_key_reset(cur);
        if (cb) memcpy(cur->search_key, pv, cb);
        cur->cb_search_key = cb;
        cur->csearch_segments = 1;
        cur->key_prepared = true;
        if (cb > key_most) cur->key_limit = true;
        goto done;
    }
    if (grbit & JET_bitNewKey) search_key_reset(cur);
    else if (cur->key_limit) FAIL(JET_errKeyIsMade);
    else if (!cur->key_prepared) FAIL(JET_errKeyNotMade);
    if (cur->csearch_segments >= idx->csegments) FAIL(JET_errKeyIsMade);
    CHECK(key_segment_of(def, idx, cur->csearch_segments, &sd));
    col = catalog_column_by_id(def, idx->segments[cur->csearch_segments].columnid);
    /* ErrIsamMakeKey: a fixed text or binary column's value is its whole size; shorter
     * text is padded with spaces as the record stores it (RECTextColumnPadding: UTF-16
     * spaces for Unicode), anything else of another size is JET_errInvalidBufferSize */
    if (sd.fixed_column && cb > 0 && col != NULL && col->cb_max != 0 && cb != col->cb_max &&
        (sd.coltyp == JET_coltypText || sd.coltyp == JET_coltypBinary)) {
        if (sd.coltyp != JET_coltypText || cb > col->cb_max || col->cb_max > sizeof padded) FAIL(JET_errInvalidBufferSize);
        memcpy(padded, pv, cb);
        for (uint32_t k = cb; k < col->cb_max; k++) padded[k] = (sd.codepage == 1200u && (k % 2u) != 0) ? 0x00u : 0x20u;
        pv = padded;
        cb = col->cb_max;
    }
    text = sd.coltyp == JET_coltypText || sd.coltyp == JET_coltypLongText;
    binary = sd.coltyp == JET_coltypBinary || sd.coltyp == JET_coltypLongBinary;
    if (key_most == KEY_LEGACY_MOST && cb > KEY_LEGACY_MOST) cb = KEY_LEGACY_MOST;
    switch (lim) {
    case JET_bitPartialColumnStartLimit:
    case JET_bitPartialColumnEndLimit:
        if (!text && (sd.fixed_column || !binary)) FAIL(JET_errInvalidGrbit);
        break;
    case 0:
    case JET_bitFullColumnStartLimit:
    case JET_bitFullColumnEndLimit:
        break;
    default:
        FAIL(JET_errInvalidGrbit);
    }
    if (cb == 0 && (grbit & JET_bitKeyDataZeroLength) && (sd.fixed_column || (!text && !binary)))
        FAIL(JET_errInvalidBufferSize);
    seg = compat_malloc(KEY_BUFFER_MAX + 32u);
    if (seg == NULL) FAIL(JET_errOutOfMemory);
    avail = cur->cb_search_key < key_most ? key_most - cur->cb_search_key : 0;
    if (!cur->key_too_big && cur->cb_search_key < key_most) {
        bool zero = cb == 0 && (grbit & JET_bitKeyDataZeroLength);
        CHECK(key_normalize(&sd, cb || zero ? (pv != NULL ? pv : (const uint8_t *)"") : NULL, cb, zero, avail, key_most,
                            seg, &cb_seg, &truncated, &ib_delim));
        if (!text && !binary && cb_seg > avail) {
            cb_seg = avail;
            truncated = true;
        }
        if (truncated) cur->key_too_big = true;
        switch (lim) {
        case JET_bitFullColumnStartLimit:
        case JET_bitFullColumnEndLimit:
            if (lim == JET_bitFullColumnEndLimit) {
                memset(seg + cb_seg, KEY_SENTINEL, avail + 1 - cb_seg);
                cb_seg = avail + 1;
            }
            cur->key_limit = true;
            break;
        case JET_bitPartialColumnStartLimit:
        case JET_bitPartialColumnEndLimit:
            if (text && sd.codepage == 1200u)
                limit_partial_unicode(seg, &cb_seg, avail + 1, ib_delim, lim == JET_bitPartialColumnEndLimit);
            else if (text) limit_partial_text(seg, &cb_seg, avail + 1, sd.descending, lim == JET_bitPartialColumnEndLimit);
            else limit_partial_binary(seg, &cb_seg, avail + 1, ib_delim, lim == JET_bitPartialColumnEndLimit);
            cur->key_limit = true;
            break;
        default:
            if ((grbit & JET_bitSubStrLimit) && text) {
                if (sd.codepage == 1200u) limit_partial_unicode(seg, &cb_seg, avail + 1, ib_delim, true);
                else limit_partial_text(seg, &cb_seg, avail + 1, sd.descending, true);
                cur->key_limit = true;
            } else if (grbit & JET_bitStrLimit) {
                limit_partial_binary(seg, &cb_seg, avail + 1, ib_delim, true);
                cur->key_limit = true;
            }
            break;
        }
    }
    cur->csearch_segments++;
    if (cur->cb_search_key + cb_seg > limit_most) cb_seg = limit_most - cur->cb_search_key;
    if (cb_seg) memcpy(cur->search_key + cur->cb_search_key, seg, cb_seg);
    cur->cb_search_key += cb_seg;
    cur->key_prepared = true;
done:
    compat_free(seg);
    return err;
}

/* JET_bitCheckUniqueness after an equal seek (ErrIsamSeek, ErrBTDown with fDIRCheckUniqueness):
 * a unique index (or the clustered order) always answers JET_wrnUniqueKey; on a non-unique
 * index the entry after the first equal one decides. The cursor is put back on the first
 * equal entry by seeking again. */
static JET_ERR check_uniqueness(table_cursor *cur, const uint8_t *key, uint32_t cb)
{
    JET_ERR err = JET_errSuccess, moved;
    const uint8_t *pb = NULL;
    uint32_t cb_next = 0;
    bool unique;

    if (!cur->secondary || cur->index == NULL || (cur->index->idb_flags & (IDB_UNIQUE | IDB_PRIMARY)))
        return JET_wrnUniqueKey;
    moved = cursor_move(cur, 1);
    if (moved == JET_errNoCurrentRecord) {
        unique = true;
    } else {
        CHECK(moved);
        CHECK(cursor_key(cur, &pb, &cb_next));
        unique = cb_next != cb || (cb != 0 && memcmp(pb, key, cb) != 0);
    }
    CHECK(cursor_seek(cur, key, cb, CURSOR_SEEK_EQ));
    err = unique ? JET_wrnUniqueKey : JET_errSuccess;
done:
    return err;
}

JET_ERR search_key_seek(table_cursor *cur, cursor_seek_op op, bool check_unique, bool set_range)
{
    JET_ERR err = JET_errSuccess;
    uint32_t cb = cur->cb_search_key;
    uint8_t *key = compat_malloc(cb + 2u);

    if (key == NULL) FAIL(JET_errOutOfMemory);
    if (cb) memcpy(key, cur->search_key, cb);
    /* GT on a non-unique index with every column given skips the equal keys by
     * searching past them (ErrIsamSeek) */
    if (op == CURSOR_SEEK_GT && cur->index != NULL && !(cur->index->idb_flags & IDB_UNIQUE) &&
        cb < key_most_of(cur->index) + 1 && cur->csearch_segments == cur->index->csegments)
        key[cb++] = KEY_SENTINEL;
    err = cursor_seek(cur, key, cb, op);
    /* a unique key wins over the range: ErrIsamSeek sets the range only when it did not
     * answer JET_wrnUniqueKey */
    if (err == JET_errSuccess && op == CURSOR_SEEK_EQ && check_unique) err = check_uniqueness(cur, key, cb);
    if (err == JET_errSuccess && op == CURSOR_SEEK_EQ && set_range)
        err = cursor_set_range(cur, cur->search_key, cur->cb_search_key, true, true);
    /* ErrIsamSeek resets the search key whatever the outcome (KSReset) */
    search_key_reset(cur);
done:
    compat_free(key);
    return err;
}
