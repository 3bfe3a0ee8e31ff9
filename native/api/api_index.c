/* api_index.c: the index API on the read path: JetSetCurrentIndex*, JetGetCurrentIndex,
 * JetMakeKey, JetSeek, JetRetrieveKey, JetSetIndexRange, JetGetBookmark, JetGotoBookmark,
 * JetGetSecondaryIndexBookmark, JetGotoSecondaryIndexBookmark.
 * The rules follow ESE's ErrIsamMakeKey/ErrFLDNormalizeSegment (fldnorm.cxx),
 * ErrIsamSeek/ErrIsamSetIndexRange (rec.cxx) and ErrFUCBCheckIndexRange (fucb.cxx); see
 * docs/semantics.md, "Keys and indexes (read-only)".
 * May call: common.h, api_enter.h, database.h, cursor.h, catalog.h, key.h, compat. */
#include <string.h>

#include "api_enter.h"
#include "temptable.h"
#include "catalog.h"
#include "cursor.h"
#include "cursor_table.h"
#include "database.h"
#include "key.h"

/* coverage: JetSetCurrentIndex4A partial: pindexid hints are ignored */
/* coverage: JetSetCurrentIndex4W partial: pindexid hints are ignored */
/* coverage: JetMakeKey partial: Unicode text of an index made on Windows (whose sort order is not ours) answers JET_errFeatureNotAvailable */
/* coverage: JetGotoSecondaryIndexBookmark partial: JET_bitBookmarkPermitVirtualCurrency does not keep a virtual position (JET_errRecordDeleted as without it) */

#define LIMIT_OPTIONS 0x00000f00u /* JET_maskLimitOptions */
#define SEEK_ALL (JET_bitSeekEQ | JET_bitSeekLT | JET_bitSeekLE | JET_bitSeekGE | JET_bitSeekGT)

static void key_reset(table_cursor *cur)
{
    cur->cb_search_key = 0;
    cur->csearch_segments = 0;
    cur->key_prepared = false;
    cur->key_limit = false;
    cur->key_too_big = false;
}

/* ---- current index ---- */

/* itag_sequence: with JET_bitNoMove, the entry of that value of the record's multi-valued
 * column (ErrRECIGotoBookmark with KeySequence's itag); 0 is read as 1. */
static JET_ERR set_index(JET_SESID sesid, JET_TABLEID tableid, const char *name, JET_GRBIT grbit,
                         uint32_t itag_sequence)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    uint8_t *bm = NULL;
    uint32_t cb_bm = 0;
    bool keep;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    t->on_deleted = false; /* a new position leaves the deleted record */
    cursor_table_cancel_update(t); /* ErrIsamMove/Seek/SetCurrentIndex cancel a prepared update */
    if (grbit & ~(JET_bitMoveFirst | JET_bitNoMove)) {
        err = JET_errInvalidGrbit;
    } else {
        /* JET_bitNoMove reads the current bookmark first: none → JET_errNoCurrentRecord */
        keep = (grbit & JET_bitNoMove) != 0;
        if (keep) {
            const uint8_t *pb = NULL;
            err = cursor_bookmark(&t->cur, &pb, &cb_bm);
            if (err >= 0) {
                bm = compat_malloc(cb_bm);
                if (bm == NULL) err = JET_errOutOfMemory;
                else memcpy(bm, pb, cb_bm);
            }
        }
        if (err >= 0) err = cursor_set_index(&t->cur, name);
        if (err >= 0) {
            /* JET_bitMoveFirst leaves the cursor deferred on the first entry
             * (RECDeferMoveFirst) */
            if (keep) err = cursor_goto_bookmark_sequence(&t->cur, bm, cb_bm, itag_sequence ? itag_sequence : 1u);
            else cursor_defer_first(&t->cur);
        }
    }
    api_leave_session(&c);
done:
    compat_free(bm);
    return err;
}

static JET_ERR set_index_w(JET_SESID sesid, JET_TABLEID tableid, const uint16_t *w, JET_GRBIT grbit,
                           uint32_t itag_sequence)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL;
    CHECK(utf8_from_utf16(w, &name));
    err = set_index(sesid, tableid, name, grbit, itag_sequence);
done:
    compat_free(name);
    return err;
}

JET_ERR JET_API JetSetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName)
{
    return set_index(sesid, tableid, szIndexName, JET_bitMoveFirst, 1);
}

JET_ERR JET_API JetSetCurrentIndexW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szIndexName)
{
    return set_index_w(sesid, tableid, (const uint16_t *)szIndexName, JET_bitMoveFirst, 1);
}

JET_ERR JET_API JetSetCurrentIndex2A(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_GRBIT grbit)
{
    return set_index(sesid, tableid, szIndexName, grbit, 1);
}

JET_ERR JET_API JetSetCurrentIndex2W(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szIndexName, JET_GRBIT grbit)
{
    return set_index_w(sesid, tableid, (const uint16_t *)szIndexName, grbit, 1);
}

JET_ERR JET_API JetSetCurrentIndex3A(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_GRBIT grbit,
                                     uint32_t itagSequence)
{
    return set_index(sesid, tableid, szIndexName, grbit, itagSequence);
}

JET_ERR JET_API JetSetCurrentIndex3W(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szIndexName, JET_GRBIT grbit,
                                     uint32_t itagSequence)
{
    return set_index_w(sesid, tableid, (const uint16_t *)szIndexName, grbit, itagSequence);
}

JET_ERR JET_API JetSetCurrentIndex4A(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_INDEXID *pindexid,
                                     JET_GRBIT grbit, uint32_t itagSequence)
{
    (void)pindexid;
    return set_index(sesid, tableid, szIndexName, grbit, itagSequence);
}

JET_ERR JET_API JetSetCurrentIndex4W(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szIndexName, JET_INDEXID *pindexid,
                                     JET_GRBIT grbit, uint32_t itagSequence)
{
    (void)pindexid;
    return set_index_w(sesid, tableid, (const uint16_t *)szIndexName, grbit, itagSequence);
}

/* The current index's name ("" in clustered order without a primary index). */
static const char *current_name(const db_table *t)
{
    return t->cur.index != NULL && t->cur.index->name != NULL ? t->cur.index->name : "";
}

JET_ERR JET_API JetGetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid, JET_PSTR szIndexName, uint32_t cbIndexName)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    size_t n;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    n = strlen(current_name(t));
    if (szIndexName == NULL || cbIndexName == 0) {
        err = JET_errBufferTooSmall;
    } else {
        if (n >= cbIndexName) n = cbIndexName - 1;
        memcpy(szIndexName, current_name(t), n);
        szIndexName[n] = '\0';
    }
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetGetCurrentIndexW(JET_SESID sesid, JET_TABLEID tableid, JET_PWSTR szIndexName, uint32_t cbIndexName)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    size_t i, n, cch = cbIndexName / 2;
    const char *name;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    name = current_name(t); /* catalog names are ASCII */
    n = strlen(name);
    if (szIndexName == NULL || cch == 0) {
        err = JET_errBufferTooSmall;
    } else {
        if (n >= cch) n = cch - 1;
        for (i = 0; i < n; i++) ((uint16_t *)szIndexName)[i] = (uint8_t)name[i];
        ((uint16_t *)szIndexName)[n] = 0;
    }
    api_leave_session(&c);
done:
    return err;
}

/* ---- search keys ---- */

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

static JET_ERR make_key(table_cursor *cur, const catalog_table *def, const uint8_t *pv, uint32_t cb, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
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
        key_reset(cur);
    }
    if (grbit & JET_bitNormalizedKey) {
        if (cb > limit_most && cb > JET_cbKeyMost) FAIL(JET_errInvalidParameter);
        if (cb > limit_most) cb = limit_most;
        key_reset(cur);
        if (cb) memcpy(cur->search_key, pv, cb);
        cur->cb_search_key = cb;
        cur->csearch_segments = 1;
        cur->key_prepared = true;
        if (cb > key_most) cur->key_limit = true;
        goto done;
    }
    if (grbit & JET_bitNewKey) key_reset(cur);
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
            if (text) limit_partial_text(seg, &cb_seg, avail + 1, sd.descending, lim == JET_bitPartialColumnEndLimit);
            else limit_partial_binary(seg, &cb_seg, avail + 1, ib_delim, lim == JET_bitPartialColumnEndLimit);
            cur->key_limit = true;
            break;
        default:
            if ((grbit & JET_bitSubStrLimit) && text) {
                limit_partial_text(seg, &cb_seg, avail + 1, sd.descending, true);
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

JET_ERR JET_API JetMakeKey(JET_SESID sesid, JET_TABLEID tableid, const void *pvData, uint32_t cbData, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = make_key(&t->cur, t->def, (const uint8_t *)pvData, cbData, grbit);
    api_leave_session(&c);
done:
    return err;
}

/* JET_bitCheckUniqueness after an equal seek (ErrIsamSeek, ErrBTDown with fDIRCheckUniqueness):
 * a unique index (or the clustered order) always answers JET_wrnUniqueKey; on a non-unique
 * index the entry after the first equal one decides. The cursor is put back on the first
 * equal entry by seeking again. */
static JET_ERR seek_check_unique(table_cursor *cur, const uint8_t *key, uint32_t cb)
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

JET_ERR JET_API JetSeek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    table_cursor *cur;
    cursor_seek_op op;
    uint8_t *key = NULL;
    uint32_t cb;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    t->on_deleted = false; /* a new position leaves the deleted record */
    cursor_table_cancel_update(t); /* ErrIsamMove/Seek/SetCurrentIndex cancel a prepared update */
    cur = &t->cur;
    if (t->temp != NULL && (err = temp_table_before_seek(t)) < 0) {
        /* a sort ends its inserts at its first seek; forward-only sorts cannot seek */
    } else if (!(grbit & SEEK_ALL)) {
        err = JET_errInvalidParameter;
    } else if (!cur->key_prepared) {
        err = JET_errKeyNotMade;
    } else {
        op = (grbit & JET_bitSeekLT) ? CURSOR_SEEK_LT
           : (grbit & JET_bitSeekLE) ? CURSOR_SEEK_LE
           : (grbit & JET_bitSeekGE) ? CURSOR_SEEK_GE
           : (grbit & JET_bitSeekGT) ? CURSOR_SEEK_GT
                                     : CURSOR_SEEK_EQ;
        cb = cur->cb_search_key;
        key = compat_malloc(cb + 2u);
        if (key == NULL) {
            err = JET_errOutOfMemory;
        } else {
            if (cb) memcpy(key, cur->search_key, cb);
            /* GT on a non-unique index with every column given skips the equal keys by
             * searching past them (ErrIsamSeek) */
            if (op == CURSOR_SEEK_GT && cur->index != NULL && !(cur->index->idb_flags & IDB_UNIQUE) &&
                cb < key_most_of(cur->index) + 1 && cur->csearch_segments == cur->index->csegments)
                key[cb++] = KEY_SENTINEL;
            err = cursor_seek(cur, key, cb, op);
            /* a unique key wins over the range: ErrIsamSeek sets the range only when it
             * did not answer JET_wrnUniqueKey */
            if (err == JET_errSuccess && op == CURSOR_SEEK_EQ && (grbit & JET_bitCheckUniqueness) && t->temp == NULL)
                err = seek_check_unique(cur, key, cb);
            if (err == JET_errSuccess && op == CURSOR_SEEK_EQ && (grbit & JET_bitSetIndexRange))
                err = cursor_set_range(cur, cur->search_key, cur->cb_search_key, true, true);
            /* ErrIsamSeek resets the search key whatever the outcome (KSReset) */
            key_reset(cur);
        }
    }
    api_leave_session(&c);
done:
    compat_free(key);
    return err;
}

JET_ERR JET_API JetRetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void *pvKey, uint32_t cbMax, uint32_t *pcbActual,
                               JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    const uint8_t *pb = NULL;
    uint32_t cb = 0;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (grbit & JET_bitRetrieveCopy) {
        if (!t->cur.key_prepared) err = JET_errKeyNotMade;
        pb = t->cur.search_key;
        cb = t->cur.cb_search_key;
    } else {
        err = cursor_key(&t->cur, &pb, &cb);
    }
    if (err >= 0) {
        if (pvKey == NULL && cbMax != 0) {
            err = JET_errInvalidParameter;
        } else {
            if (cb && cbMax) memcpy(pvKey, pb, cb < cbMax ? cb : cbMax);
            if (pcbActual != NULL) *pcbActual = cb;
            /* ESE keeps JET_bitRetrieveCopy silent about truncation (app compatibility) */
            if (cbMax < cb && !(grbit & JET_bitRetrieveCopy)) err = JET_wrnBufferTruncated;
        }
    }
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetSetIndexRange(JET_SESID sesid, JET_TABLEID tableidSrc, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    table_cursor *cur;

    CHECK(api_enter_table(sesid, tableidSrc, false, &c, &t));
    cur = &t->cur;
    if (grbit & JET_bitRangeRemove) {
        if (cur->range) cursor_remove_range(cur);
        else err = JET_errInvalidOperation;
    } else if (cur->index == NULL) {
        err = JET_errNoCurrentIndex;
    } else if (!cur->key_prepared) {
        err = JET_errKeyNotMade;
    } else {
        err = cursor_set_range(cur, cur->search_key, cur->cb_search_key, (grbit & JET_bitRangeUpperLimit) != 0,
                               (grbit & JET_bitRangeInclusive) != 0);
        key_reset(cur);
        if (grbit & JET_bitRangeInstantDuration) cursor_remove_range(cur);
    }
    api_leave_session(&c);
done:
    return err;
}

/* ---- bookmarks ---- */

JET_ERR JET_API JetGetBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, uint32_t cbMax, uint32_t *pcbActual)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    const uint8_t *pb = NULL;
    uint32_t cb = 0;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = cursor_bookmark(&t->cur, &pb, &cb);
    if (err >= 0) {
        if (pcbActual != NULL) *pcbActual = cb;
        if (pvBookmark == NULL && cbMax != 0) {
            err = JET_errInvalidParameter;
        } else {
            /* as much as fits, then JET_errBufferTooSmall (ErrIsamGetBookmark) */
            if (cbMax != 0) memcpy(pvBookmark, pb, cb < cbMax ? cb : cbMax);
            if (cbMax < cb) err = JET_errBufferTooSmall;
        }
    }
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetGotoBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, uint32_t cbBookmark)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    t->on_deleted = false; /* a new position leaves the deleted record */
    if (pvBookmark == NULL || cbBookmark == 0 || cbBookmark > JET_cbBookmarkMostMost) err = JET_errInvalidBookmark;
    else err = cursor_goto_bookmark(&t->cur, (const uint8_t *)pvBookmark, cbBookmark);
    if (err >= 0) key_reset(&t->cur);
    api_leave_session(&c);
done:
    return err;
}

/* The secondary-index entry's key and its primary key (ErrIsamGetIndexBookmark). */
JET_ERR JET_API JetGetSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvSecondaryKey,
                                             uint32_t cbSecondaryKeyMax, uint32_t *pcbSecondaryKeyActual,
                                             void *pvPrimaryBookmark, uint32_t cbPrimaryBookmarkMax,
                                             uint32_t *pcbPrimaryBookmarkActual, const JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    const uint8_t *key = NULL, *pk = NULL;
    uint32_t cb_key = 0, cb_pk = 0;
    bool small = false;

    (void)grbit;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (!t->cur.secondary) err = JET_errNoCurrentIndex;
    if (err >= 0) err = cursor_key(&t->cur, &key, &cb_key);
    if (err >= 0) err = cursor_bookmark(&t->cur, &pk, &cb_pk);
    if (err >= 0 && ((pvSecondaryKey == NULL && cbSecondaryKeyMax != 0) ||
                     (pvPrimaryBookmark == NULL && cbPrimaryBookmarkMax != 0)))
        err = JET_errInvalidParameter;
    if (err >= 0) {
        if (pcbSecondaryKeyActual != NULL) *pcbSecondaryKeyActual = cb_key;
        if (pcbPrimaryBookmarkActual != NULL) *pcbPrimaryBookmarkActual = cb_pk;
        if (cbSecondaryKeyMax) memcpy(pvSecondaryKey, key, cb_key < cbSecondaryKeyMax ? cb_key : cbSecondaryKeyMax);
        if (cbPrimaryBookmarkMax) memcpy(pvPrimaryBookmark, pk, cb_pk < cbPrimaryBookmarkMax ? cb_pk : cbPrimaryBookmarkMax);
        small = cb_key > cbSecondaryKeyMax || cb_pk > cbPrimaryBookmarkMax;
        if (small) err = JET_errBufferTooSmall;
    }
    api_leave_session(&c);
done:
    return err;
}

/* ErrIsamGotoIndexBookmark: the entry with that key (and, on a non-unique index, that
 * primary key). */
JET_ERR JET_API JetGotoSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvSecondaryKey,
                                              uint32_t cbSecondaryKey, void *pvPrimaryBookmark, uint32_t cbPrimaryBookmark,
                                              const JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    bool unique;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    t->on_deleted = false; /* a new position leaves the deleted record */
    unique = t->cur.index != NULL && (t->cur.index->idb_flags & IDB_UNIQUE);
    if (!t->cur.secondary) {
        err = JET_errNoCurrentIndex;
    } else if (pvSecondaryKey == NULL || cbSecondaryKey == 0) {
        err = JET_errInvalidBookmark;
    } else if (!unique && (pvPrimaryBookmark == NULL || cbPrimaryBookmark == 0)) {
        err = JET_errInvalidBookmark;
    } else {
        key_reset(&t->cur);
        err = cursor_goto_index_entry(&t->cur, (const uint8_t *)pvSecondaryKey, cbSecondaryKey,
                                      unique ? NULL : (const uint8_t *)pvPrimaryBookmark, cbPrimaryBookmark);
        /* with JET_bitBookmarkPermitVirtualCurrency ESE keeps a position where the entry
         * would be; here the cursor has no current record either way (partial) */
        (void)grbit;
    }
    api_leave_session(&c);
done:
    return err;
}
