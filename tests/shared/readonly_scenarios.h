/* readonly_scenarios.h: C scenarios over the public API for the read-only data API
 * (databases, tables, cursors). Each returns 0 when it could run and fills the
 * sc_result of scenarios.h; readonly_test.cpp documents what each slot holds. */
#ifndef SHARED_READONLY_SCENARIOS_H
#define SHARED_READONLY_SCENARIOS_H

#include "esent.h"
#include "scenarios.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An initialised instance with one session whose page size is db's (db may be NULL). */
JET_ERR ro_open(const char *db, JET_INSTANCE *inst, JET_SESID *ses);

int sc_ro_attach(sc_result *o, const char *db, const char *missing, const char *not_db);
int sc_ro_attach_w(sc_result *o, const char *db);
int sc_ro_table_handles(sc_result *o, const char *db, const char *table);
int sc_ro_end_session(sc_result *o, const char *db, const char *table);
int sc_ro_term_with_cursors(sc_result *o, const char *db, const char *table);
int sc_ro_move(sc_result *o, const char *db, const char *table, int32_t records, const char *column);
int sc_ro_retrieve_errors(sc_result *o, const char *db, const char *table, const char *column);
int sc_ro_defaults_and_offsets(sc_result *o, const char *db, const char *table, const char *const *columns, int ncolumns,
                               const char *lv_column);

#ifdef __cplusplus
}
#endif
#endif
