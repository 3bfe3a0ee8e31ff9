/* cursor.h: a cursor over one table, for reading, as JetMove and JetRetrieveColumn use
 * it: records in the order of the clustered index or of a secondary index (whose
 * entries lead to the record through the primary key they hold), currency before the
 * first record, on a record or after the last one (as ESE's locBeforeFirst/locOnCurBM/
 * locAfterLast), and column values with ESE's retrieval rules: defaults for columns the
 * record lacks, JET_wrnColumnNull, JET_wrnBufferTruncated with the whole size, multi-
 * values by tag sequence, long values read from the LV tree from an offset, compressed
 * values expanded.
 *
 * The catalog passed in must outlive the cursor. One cursor is used by one thread at a
 * time (sessions are single-threaded in ESE); several cursors share the cache. */
#ifndef NATIVE_CURSOR_H
#define NATIVE_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

#include "btree.h"
#include "cache.h"
#include "catalog.h"
#include "common.h"
#include "record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a cursor stands (ESE's locLogical, fucb.hxx). */
typedef enum cursor_loc {
    CURSOR_BEFORE_FIRST = 0,
    CURSOR_ON_RECORD,
    CURSOR_AFTER_LAST,
    CURSOR_DEFER_FIRST,            /* locDeferMoveFirst: a new cursor or a new current index;
                                    * the first use moves it to the first entry */
    CURSOR_ON_SEEK                 /* locOnSeekBM: where a failed JetSeek's key would be;
                                    * no current record, moves go to its neighbours */
} cursor_loc;

typedef struct table_cursor {
    cache *c;
    uint32_t ifile;
    const catalog_table *table;
    const catalog_view *viewer;    /* whose view of the catalog (catalog_column_for) */
    const record_index *index;     /* the current index; NULL: clustered order */
    bool secondary;                /* index is a secondary index (its own tree) */
    btree_cursor primary;          /* the table's tree: on the current record */
    btree_cursor sec;              /* the secondary index's tree */
    btree_cursor lv;               /* the LV tree, opened on first use */
    bool lv_open;
    cursor_loc loc;
    record_view rv;                /* the current record */
    uint8_t *scratch;              /* a decompressed value */
    uint32_t cap_scratch;
    /* the index range (JetSetIndexRange), kept while a move stays inside it */
    bool range;
    bool range_upper;
    bool range_inclusive;
    uint8_t *range_key;            /* KEY_BUFFER_MAX bytes, allocated on first use */
    uint32_t cb_range_key;
    /* CURSOR_ON_SEEK: the key sought; with record_gone, the bookmark of the record that
     * went away under the cursor (JET_errRecordDeleted until it is back or the cursor moves) */
    bool record_gone;
    uint8_t *seek_key;             /* KEY_BUFFER_MAX + 2 bytes, allocated on first use */
    uint32_t cb_seek_key;
    /* the search key JetMakeKey builds (ESE's dataSearchKey and key status) */
    uint8_t *search_key;           /* KEY_BUFFER_MAX + 1 bytes, allocated on first use */
    uint32_t cb_search_key;
    uint32_t csearch_segments;
    bool key_prepared;
    bool key_limit;
    bool key_too_big;
} table_cursor;

/* How cursor_seek compares (JET_bitSeek*). */
typedef enum cursor_seek_op {
    CURSOR_SEEK_EQ,
    CURSOR_SEEK_GE,
    CURSOR_SEEK_GT,
    CURSOR_SEEK_LE,
    CURSOR_SEEK_LT
} cursor_seek_op;

/* Opens a cursor on table t in the order of index_name (NULL or "": the clustered order,
 * the primary index if the table has one). Before the first record (an internal scan
 * starts with cursor_move(1)); the API's cursors are then deferred: cursor_defer_first.
 *   JET_errIndexNotFound  no such index */
JET_ERR cursor_open(table_cursor *cur, cache *c, uint32_t ifile, const catalog_table *t, const char *index_name);
void cursor_close(table_cursor *cur);

/* JetMove: JET_MoveFirst, JET_MoveLast, or crow records forward (> 0) / back (< 0).
 *   JET_errNoCurrentRecord  the move ran off the end: the cursor is then after the last
 *                           record (crow > 0, JET_MoveLast) or before the first (crow < 0,
 *                           JET_MoveFirst), as ErrIsamMove leaves it by crow's sign.
 * crow 0 succeeds on a record and says JET_errNoCurrentRecord elsewhere. */
JET_ERR cursor_move(table_cursor *cur, int32_t crow);

/* JetMove with JET_bitMoveKeyNE (crow not 0, first or last): each of the crow steps goes
 * on past the entries whose index key equals the one it started from (ErrIsamMove /
 * ErrRECIFilteredMove); on the clustered index, whose keys are unique, a plain move. */
JET_ERR cursor_move_key_ne(table_cursor *cur, int32_t crow);

/* CURSOR_DEFER_FIRST, as JetOpenTable, JetDupCursor and JetSetCurrentIndex leave a cursor
 * (RECDeferMoveFirst): on the first record once used; a move starts from the first record
 * (JetMove(next) reaches the second). Drops an index range. */
void cursor_defer_first(table_cursor *cur);

/* A cursor that is to be used on its record: CURSOR_DEFER_FIRST moves to the first entry
 * (staying deferred on an empty index: JET_errNoCurrentRecord); on a record whose leaf a
 * writer changed, the record is read again by its bookmark (JET_errRecordDeleted when it
 * is gone: the cursor keeps its place for moves). ESE's ErrDIRGet with ErrDIRIRefresh.
 *   JET_errNoCurrentRecord  not on a record */
JET_ERR cursor_refresh(table_cursor *cur);

/* The cursor's record was deleted through it: whether a record with its bookmark is
 * there again (re-inserted), in which case the cursor is on it as before (ESE un-deletes
 * the node the cursor still stands on). */
bool cursor_record_back(table_cursor *cur);

/* After the cursor's own record was replaced (JetUpdate of JET_prepReplace): the record
 * is read again; in the order of a secondary index the cursor keeps its place at the old
 * entry, so that a changed key moves the record and not the cursor (moves go to the
 * old entry's neighbours), as ESE's replace leaves index currency. */
JET_ERR cursor_after_replace(table_cursor *cur);

/* JetRetrieveColumn on the current record: value itag_sequence (1-based; 0 is read as 1)
 * of the column, from byte ib_long_value for long-value columns, into pv (cb bytes, may be
 * NULL when cb is 0). *cb_actual (may be NULL) gets the size of the whole value from
 * ib_long_value on.
 *   JET_wrnColumnNull        null, absent without default, or no such sequence
 *   JET_wrnBufferTruncated   cb was smaller: cb bytes were copied
 *   JET_errColumnNotFound    the table has no such column
 *   JET_errNoCurrentRecord   not on a record
 *   JET_errColumnNoEncryptionKey  an encrypted value (keys are not supported yet)
 * grbit: JET_bitRetrieveIgnoreDefault (absent columns are null, not their default). */
JET_ERR cursor_retrieve(table_cursor *cur, JET_COLUMNID columnid, uint32_t itag_sequence, uint32_t ib_long_value,
                        void *pv, uint32_t cb, uint32_t *cb_actual, JET_GRBIT grbit);

/* How many values a column has in the current record (JetRetrieveColumns with
 * itagSequence 0). */
JET_ERR cursor_value_count(table_cursor *cur, JET_COLUMNID columnid, uint32_t *count);

/* JetSetCurrentIndex: switches to index_name (NULL or "": the clustered order), as the
 * cursor's viewer sees the indexes, before the first record (JetSetCurrentIndex then
 * calls cursor_defer_first), without an index range or search key. On failure the
 * cursor keeps its index.
 *   JET_errIndexNotFound */
JET_ERR cursor_set_index(table_cursor *cur, const char *index_name);

/* JetSeek on the current index with a whole normalised key (memcmp order, shorter
 * first): EQ, GE and LE the first entry equal to key; else GE/GT the first > it, LE/LT
 * the last < it (ErrIsamSeek). JET_wrnSeekNotEqual when GE or LE stop on a different key.
 *   JET_errRecordNotFound  nothing qualifies: after EQ the cursor stands where the key
 *                          would be (CURSOR_ON_SEEK), after GE/GT after the last entry,
 *                          after LE/LT before the first */
JET_ERR cursor_seek(table_cursor *cur, const uint8_t *key, uint32_t cb, cursor_seek_op op);

/* The current index entry's key (the primary key in clustered order) and the current
 * record's primary key (its bookmark). Both point into the cursor until it moves.
 *   JET_errNoCurrentRecord */
JET_ERR cursor_key(table_cursor *cur, const uint8_t **pb, uint32_t *cb);
JET_ERR cursor_bookmark(table_cursor *cur, const uint8_t **pb, uint32_t *cb);

/* JetGotoBookmark: the record whose primary key is pk, and on a secondary index its entry.
 *   JET_errRecordDeleted  no such record */
JET_ERR cursor_goto_bookmark(table_cursor *cur, const uint8_t *pk, uint32_t cb);

/* cursor_goto_bookmark on a secondary index, to the entry of value itag_sequence (1-based)
 * of the record's multi-valued column (JetSetCurrentIndex3's itagSequence; key.h:
 * key_from_record_sequence).
 *   JET_errBadItagSequence  the record has fewer values
 *   JET_errRecordDeleted    no such record or entry */
JET_ERR cursor_goto_bookmark_sequence(table_cursor *cur, const uint8_t *pk, uint32_t cb, uint32_t itag_sequence);

/* The tag sequence of column columnid's value that gave the current entry of a secondary
 * index (1 when the column is not the index's varying multi-valued segment, or in
 * clustered order), as ErrRECIRetrieveFromIndex finds it.
 *   JET_errSecondaryIndexCorrupted  no value of the record gives the entry's key
 *   JET_errNoCurrentRecord */
JET_ERR cursor_entry_itag(table_cursor *cur, JET_COLUMNID columnid, uint32_t *itag);

/* The tagged-column scan (JetRetrieveColumn with columnid 0, ESE's TAGFIELDS::ErrScan):
 * the n-th (1-based) tagged value of the current record counting across its tagged
 * columns in columnid order, every value of a multi-valued column, a default value for
 * a column the record lacks (unless JET_bitRetrieveIgnoreDefault), an explicit null only
 * with JET_bitRetrieveNull (*set_null then). *columnid and *itag_sequence: where it is, 0
 * when there are fewer values; n 0 counts them all into *count (may be NULL otherwise).
 *   JET_errNoCurrentRecord */
JET_ERR cursor_scan_tagged(table_cursor *cur, uint32_t n, JET_GRBIT grbit, JET_COLUMNID *columnid,
                           uint32_t *itag_sequence, bool *set_null, uint32_t *count);

/* JetGotoSecondaryIndexBookmark: the secondary-index entry with this key and (pk non-NULL)
 * this primary key; a unique index needs no pk.
 *   JET_errRecordDeleted  no such entry */
JET_ERR cursor_goto_index_entry(table_cursor *cur, const uint8_t *key, uint32_t cb_key, const uint8_t *pk, uint32_t cb_pk);

/* JetSetIndexRange: limit the moves to entries whose key, cut to cb bytes, is <= key
 * (upper; < without inclusive) or >= key (lower). The current entry must be inside:
 *   JET_errNoCurrentRecord  not on a record, or outside (the range is then dropped and the
 *                           cursor is after the last / before the first entry) */
JET_ERR cursor_set_range(table_cursor *cur, const uint8_t *key, uint32_t cb, bool upper, bool inclusive);
void cursor_remove_range(table_cursor *cur);

#ifdef __cplusplus
}
#endif

#endif
