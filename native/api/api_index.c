/* api_index.c: the index API on the read path: JetSetCurrentIndex*, JetGetCurrentIndex,
 * JetMakeKey, JetSeek, JetRetrieveKey, JetSetIndexRange, JetGetBookmark, JetGotoBookmark,
 * JetGetSecondaryIndexBookmark, JetGotoSecondaryIndexBookmark.
 * The search key is search_key.c's (ErrIsamMakeKey/ErrFLDNormalizeSegment, fldnorm.cxx;
 * ErrIsamSeek, rec.cxx), the positions cursor.c's (ErrIsamSetIndexRange,
 * ErrFUCBCheckIndexRange, fucb.cxx); see docs/semantics.md, "Keys and indexes
 * (read-only)". */
#include <string.h>

#include "api_enter.h"
#include "api_info.h"
#include "utf16.h"
#include "catalog.h"
#include "cursor.h"
#include "cursor_filter.h"
#include "cursor_table.h"
#include "database.h"
#include "key.h"
#include "search_key.h"
#include "temp_table.h"

/* coverage: JetSetCurrentIndex4A partial: pindexid hints are ignored */
/* coverage: JetSetCurrentIndex4W partial: pindexid hints are ignored */
/* coverage: JetMakeKey partial: Unicode text of an index made on Windows (whose sort order is not ours) answers JET_errFeatureNotAvailable */
/* coverage: JetGotoSecondaryIndexBookmark partial: JET_bitBookmarkPermitVirtualCurrency does not keep a virtual position (JET_errRecordDeleted as without it) */

#define SEEK_ALL (JET_bitSeekEQ | JET_bitSeekLT | JET_bitSeekLE | JET_bitSeekGE | JET_bitSeekGT)

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
    char checked[JET_cbNameMost + 1];
    bool keep;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    /* JetSetCurrentIndexEx checks the grbit first; then ErrIsamSetCurrentIndex: filters
     * do not migrate to another index, the name's form, and only a move to the first
     * record cancels a prepared update (JET_bitNoMove keeps it) */
    if (grbit & ~(JET_bitMoveFirst | JET_bitNoMove)) {
        err = JET_errInvalidGrbit;
    } else if (t->filter != NULL) {
        err = JET_errFilteredMoveNotSupported;
    } else if (name != NULL && name[0] != '\0' && (err = api_info_check_name(name, checked)) < 0) {
        /* err says why */
    } else {
        /* JET_bitNoMove reads the current bookmark first: none → JET_errNoCurrentRecord */
        keep = (grbit & JET_bitNoMove) != 0;
        if (!keep) cursor_table_cancel_update(t);
        t->on_deleted = false; /* a new position leaves the deleted record */
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
    CHECK(utf16_to_utf8(w, &name));
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

JET_ERR JET_API JetMakeKey(JET_SESID sesid, JET_TABLEID tableid, const void *pvData, uint32_t cbData, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = search_key_make(&t->cur, (const uint8_t *)pvData, cbData, grbit);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetSeek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    cursor_seek_op op;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    /* ErrIsamSeek: no seek bit → JET_errInvalidParameter, no key → JET_errKeyNotMade,
     * and only then is a prepared update cancelled */
    if (t->temp != NULL && (err = temp_table_before_seek(t)) < 0) {
        /* a sort ends its inserts at its first seek; forward-only sorts cannot seek */
    } else if (!(grbit & SEEK_ALL)) {
        err = JET_errInvalidParameter;
    } else if (!t->cur.key_prepared) {
        err = JET_errKeyNotMade;
    } else {
        t->on_deleted = false; /* a new position leaves the deleted record */
        cursor_table_cancel_update(t);
        op = (grbit & JET_bitSeekLT) ? CURSOR_SEEK_LT
           : (grbit & JET_bitSeekLE) ? CURSOR_SEEK_LE
           : (grbit & JET_bitSeekGE) ? CURSOR_SEEK_GE
           : (grbit & JET_bitSeekGT) ? CURSOR_SEEK_GT
                                     : CURSOR_SEEK_EQ;
        /* a temporary table has no uniqueness to check */
        err = search_key_seek(&t->cur, op, (grbit & JET_bitCheckUniqueness) && t->temp == NULL,
                              (grbit & JET_bitSetIndexRange) != 0);
        /* ErrBTDown with a move filter: a record failing it is passed over */
        if (t->filter != NULL)
            err = cursor_filter_after_seek(t, err, op == CURSOR_SEEK_GE || op == CURSOR_SEEK_GT, op == CURSOR_SEEK_EQ);
    }
    api_leave_session(&c);
done:
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
    if (t->temp != NULL && (err = temp_table_check_range(t)) < 0) {
        /* a sort still taking records has no index to range over */
    } else if (grbit & JET_bitRangeRemove) {
        if (cur->range) cursor_remove_range(cur);
        else err = JET_errInvalidOperation;
    } else if (cur->index == NULL) {
        err = JET_errNoCurrentIndex;
    } else if (!cur->key_prepared) {
        err = JET_errKeyNotMade;
    } else {
        err = cursor_set_range(cur, cur->search_key, cur->cb_search_key, (grbit & JET_bitRangeUpperLimit) != 0,
                               (grbit & JET_bitRangeInclusive) != 0);
        search_key_reset(cur);
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
    if (err >= 0) search_key_reset(&t->cur);
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
        search_key_reset(&t->cur);
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

/* ---- JetSetCursorFilter ---- */

/* coverage: JetSetCursorFilter implemented */
/* JetSetCursorFilterEx / ErrIsamSetCursorFilter: the conditions JetMove and JetSeek then
 * apply on the clustered order (cursor_filter.c); an error leaves no conditions. */
JET_ERR JET_API JetSetCursorFilter(JET_SESID sesid, JET_TABLEID tableid, JET_INDEX_COLUMN *rgColumnFilters,
                                   uint32_t cColumnFilters, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = cursor_filter_set(t, rgColumnFilters, cColumnFilters, grbit);
    api_leave_session(&c);
done:
    return err;
}
