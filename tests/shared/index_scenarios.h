/* index_scenarios.h: C scenarios over the public API for keys and indexes on the read
 * path (JetSetCurrentIndex, JetMakeKey, JetSeek, JetSetIndexRange, JetRetrieveKey,
 * bookmarks). Each returns 0 when it could run and fills the sc_result of scenarios.h;
 * index_test.cpp documents what each slot holds. */
#ifndef SHARED_INDEX_SCENARIOS_H
#define SHARED_INDEX_SCENARIOS_H

#include <stddef.h>

#include "esent.h"
#include "scenarios.h"

#ifdef __cplusplus
extern "C" {
#endif

/* MSysObjects of db read in the order of index (NULL: clustered), one line per record:
 * "ObjidTable Type Name\n". *count gets the records; a move error other than the end
 * is returned. */
JET_ERR sc_ix_catalog_order(const char *db, const char *index, char *out, size_t cap, int *count);

/* On table `table` of db (one record): for index i of names[], set it, retrieve the
 * column the index is on (columns[i]), make a key of it and seek every way.
 * r[] per index: see index_test.cpp (8 slots per index, k = 8*i). */
int sc_ix_seek_each(sc_result *o, const char *db, const char *table, const char *const *names,
                    const char *const *columns, int n);

/* A range over one table's rows of MSysObjects' Name index (ObjidTable = objid; rows of
 * a later table must follow them), the range falling off its end, SeekEQ with
 * JET_bitSetIndexRange on the Id index, and a lower limit walked backwards. */
int sc_ix_range(sc_result *o, const char *db, int32_t objid);

/* A prefix search on MSysObjects' Name index: rows (objid, type, name starting with
 * prefix, any case), found with a partial-column start limit and bounded by an end
 * limit made with end_grbit (JET_bitPartialColumnEndLimit or JET_bitSubStrLimit).
 * r[0..5] codes, n[0] rows counted, first name into first (cap bytes). */
int sc_ix_prefix(sc_result *o, const char *db, int32_t objid, int16_t type, const char *prefix, JET_GRBIT end_grbit,
                 char *first, size_t cap);

/* MSysObjects' records counted on index (NULL: clustered) moving with JET_bitMoveKeyNE,
 * forward into n[0] and backward into n[1]; r[0], r[1] the codes that ended the walks. */
int sc_ix_count_key_ne(sc_result *o, const char *db, const char *index);

/* JetGetSecondaryIndexBookmark / JetGotoSecondaryIndexBookmark on index `index`. */
int sc_ix_secondary_bookmark(sc_result *o, const char *db, const char *table, const char *index);

/* Errors: keys not made, too many segments, bad sizes and grbits, bookmarks. */
int sc_ix_errors(sc_result *o, const char *db, const char *table);

#ifdef __cplusplus
}
#endif
#endif
