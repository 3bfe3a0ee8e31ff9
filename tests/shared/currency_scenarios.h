/* currency_scenarios.h: a small table made through the public API for the cursor-currency
 * tests (currency_test.cpp): columns key, data1, data2 (Long), the primary index "+key"
 * and the non-unique secondary index "sec" on "+data1+data2", in a new database of its
 * own. Each call is one public-API step; the tests assert the codes and records they see.
 * May call: the public API (esent.h) and the C library. */
#ifndef SHARED_CURRENCY_SCENARIOS_H
#define SHARED_CURRENCY_SCENARIOS_H

#include <stdint.h>

#include "esent.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cu_env {
    JET_INSTANCE inst;
    JET_SESID ses;
    JET_DBID dbid;
    JET_TABLEID tableid;            /* a cursor JetOpenTable returned, before any move */
    JET_COLUMNID key, data1, data2;
} cu_env;

/* Creates instance, session, database dir/currency.edb and table "t" (recovery off;
 * the instance's files go into dir, which ends with a separator). JET_errSuccess or the
 * first failure (then everything made is gone again). */
JET_ERR cu_open(cu_env *e, const char *dir);
/* Ends everything and deletes nothing: the caller removes dir. */
void cu_close(cu_env *e);

/* Inserts (key, data1, data2) through cursor t; bookmark (may be NULL, *cb_bookmark
 * bytes on input and output) gets the new record's bookmark. */
JET_ERR cu_insert(cu_env *e, JET_TABLEID t, int32_t key, int32_t data1, int32_t data2, void *bookmark,
                  uint32_t *cb_bookmark);
/* The current record's key (and data1/data2 when not NULL), read with JetRetrieveColumn:
 * its error, e.g. JET_errNoCurrentRecord or JET_errRecordDeleted. */
JET_ERR cu_current(cu_env *e, JET_TABLEID t, int32_t *key, int32_t *data1, int32_t *data2);
/* JetMakeKey(key) + JetSeek(grbit) on the clustered index (which must be current). */
JET_ERR cu_seek(cu_env *e, JET_TABLEID t, int32_t key, JET_GRBIT grbit);
/* JetMakeKey(data1[, data2]) + JetSeek on "sec"; nseg 1 or 2 segments. */
JET_ERR cu_seek_sec(cu_env *e, JET_TABLEID t, int32_t data1, int32_t data2, int nseg, JET_GRBIT grbit);
/* JetMakeKey of one key (clustered) or two (sec: data1, data2) + JetSetIndexRange(grbit). */
JET_ERR cu_range(cu_env *e, JET_TABLEID t, int32_t k1, int32_t k2, int nseg, JET_GRBIT grbit);
/* JetPrepareUpdate(prep) + data1, data2 + JetUpdate. */
JET_ERR cu_replace(cu_env *e, JET_TABLEID t, uint32_t prep, int32_t data1, int32_t data2);

#ifdef __cplusplus
}
#endif
#endif
