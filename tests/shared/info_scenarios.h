/* info_scenarios.h: C scenarios over the public API for the information functions
 * (JetGetTableInfo, JetGetDatabaseInfo, JetGetIndexInfo / JetGetTableIndexInfo,
 * JetGetObjectInfo, JetEnumerateColumns, JetGetRecordSize) on the Windows-made samples.
 * Each returns 0 when it could run and fills the sc_result of scenarios.h; info_test.cpp
 * documents what each slot holds. */
#ifndef SHARED_INFO_SCENARIOS_H
#define SHARED_INFO_SCENARIOS_H

#include "esent.h"
#include "scenarios.h"

#ifdef __cplusplus
extern "C" {
#endif

int sc_info_table(sc_result *o, const char *db, const char *table);
int sc_info_database(sc_result *o, const char *db, JET_DBINFOMISC *misc);
int sc_info_database_name(sc_result *o, const char *db);
int sc_info_index(sc_result *o, const char *db, const char *table, const char *index);
/* JET_IdxInfoCreateIndex*: the structures point into the caller's buffer. */
int sc_info_index_create(sc_result *o, const char *db, const char *table, const char *index, char *key, uint32_t cb_key);
int sc_info_object(sc_result *o, const char *db, const char *table);
/* Enumerates every column of the first record (grbit) and records per column:
 * n[2i] = columnid, r[2i] = its err, n[2i+1] = values (or the single value's size). */
int sc_info_enumerate(sc_result *o, const char *db, const char *table, JET_GRBIT grbit);
/* Asks for given columns (tag sequence lists as given) of the first record. */
int sc_info_enumerate_req(sc_result *o, const char *db, const char *table, const JET_COLUMNID *cols, int ncols);
/* JetEnumerateColumns with an allocator that fails after 0, 1, 2... blocks: each failure
 * is JET_errOutOfMemory and gives every block back. */
int sc_info_enumerate_oom(sc_result *o, const char *db, const char *table);
int sc_info_record_size(sc_result *o, const char *db, const char *table);

#ifdef __cplusplus
}
#endif
#endif
