/* update.h: changing a table's records: inserting, replacing and deleting a record with
 * every index kept in step (ESE's ErrRECInsert / ErrRECReplace / ErrRECDelete): the
 * primary key (the clustered index's key, or the next DBK for a table without one), the
 * secondary index entries (key -> primary key, with the index's null rules; one per value
 * of a multi-valued column, key_list_from_record in key.h), and the
 * record's separated long values. A failure undoes what the call had done, so the
 * table is as before, versioned or not (update_table's ver).
 * Callers hold the database's write lock. */
#ifndef NATIVE_UPDATE_H
#define NATIVE_UPDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "btree.h"
#include "catalog.h"
#include "common.h"
#include "key.h"
#include "record_build.h"
#include "space.h"
#include "verstore.h"

/* The trees of one table on one database, and who changes them: with an actor, every
 * node change is versioned (verstore.h) and may fail with JET_errWriteConflict. */
typedef struct update_table {
    space_db *db;
    const catalog_table *t;
    ver_actor *ver;            /* NULL: unversioned (no transaction can see the change) */
} update_table;

/* The largest bookmark (primary key) a record can have. */
#define UPDATE_BOOKMARK_MAX KEY_BUFFER_MAX

/* JetUpdate for JET_prepInsert / JET_prepInsertCopy: encodes rb and adds the record and
 * its index entries; pk gets its primary key (UPDATE_BOOKMARK_MAX bytes).
 *   JET_errKeyDuplicate, JET_errNullKeyDisallowed, JET_errRecordTooBig, the tree errors */
JET_ERR update_insert(const update_table *u, record_build *rb, uint8_t *pk, uint32_t *cb_pk);
/* JetUpdate for JET_prepReplace: the record with primary key pk becomes rb.
 *   JET_errRecordPrimaryChanged  the new record's primary key differs
 *   JET_errRecordDeleted         there is no record with that key any more */
JET_ERR update_replace(const update_table *u, const uint8_t *pk, uint32_t cb_pk, record_build *rb);
/* JetDelete: the record with primary key pk, its index entries and its long values. */
JET_ERR update_delete(const update_table *u, const uint8_t *pk, uint32_t cb_pk);

/* JetUpdate for JET_prepInsertCopyDeleteOriginal / _ReplaceOriginal (ErrRECIInsert with
 * ErrIsamDelete first): deletes the record orig, whose separated long values the copy rb
 * refers to and takes over, then inserts rb (pk gets its primary key, as update_insert);
 * the long values the copy dropped lose their reference. Only a versioned caller (an
 * actor) gets a failure half-way undone, so callers version it.
 *   JET_errRecordDeleted, update_insert's errors */
JET_ERR update_insert_copy_delete(const update_table *u, const uint8_t *orig, uint32_t cb_orig, record_build *rb,
                                  uint8_t *pk, uint32_t *cb_pk);

/* The write lock JET_prepReplace and JetGetLock take in a transaction: the record gets a
 * lock version of the session (changing nothing), so other writers and lockers conflict
 * until it commits or rolls back. JET_errWriteConflict, JET_errRecordDeleted. */
JET_ERR update_lock(const update_table *u, const uint8_t *pk, uint32_t cb_pk);
/* JetGetLock's read lock of the record pk of table t in file ifile (no page changes, so
 * no write lock of the database is needed). JET_errWriteConflict. */
JET_ERR update_read_lock(ver_actor *ver, uint32_t ifile, const catalog_table *t, const uint8_t *pk, uint32_t cb_pk);

/* JetEscrowUpdate: adds delta to the escrow column col (a fixed JET_coltypLong or
 * LongLong column) of record pk; old gets the column's bytes as stored before (all
 * sessions' deltas included). Versioned as a delta (verstore.h) unless no_rollback;
 * tag goes with the delta (the database slot, for the delete on zero).
 *   JET_errWriteConflict, JET_errRecordDeleted,
 *   JET_errInvalidOperation  the record does not hold the column (never set) */
JET_ERR update_escrow(const update_table *u, const uint8_t *pk, uint32_t cb_pk, const record_column *col, int64_t delta,
                      bool no_rollback, uint32_t tag, uint8_t old[8]);
/* JET_bitColumnDeleteOnZero after a commit: deletes record pk (with its index entries and
 * long values) if the number of cb bytes at offset ib is still 0 and no session has an
 * uncommitted version of it; else leaves it. */
JET_ERR update_delete_if_zero(const update_table *u, verstore *vs, const uint8_t *pk, uint32_t cb_pk, uint32_t ib,
                              uint32_t cb);

/* The key index idx holds for the record rv (its first value of each column: the primary
 * key; a secondary index over a multi-valued column holds one entry per value, which
 * key_list_from_record gives), and whether the record has an entry in it (the index's
 * null rules). JET_errNullKeyDisallowed for a null segment of an index made with
 * JET_bitIndexDisallowNull. out: KEY_BUFFER_MAX bytes. */
JET_ERR update_index_key(const catalog_table *t, const record_index *idx, const record_view *rv, btree_cursor *lv,
                         uint8_t *out, uint32_t *cb_out, bool *present);

/* The tree of index idx / of the table / of its LV tree, for writing. */
btree_tree update_index_tree(const update_table *u, const record_index *idx);
btree_tree update_table_tree(const update_table *u);
btree_tree update_lv_tree(const update_table *u);

#endif
