/* ddl.h: creating a database's tables, columns and indexes (ESE's ErrFILECreateTable,
 * ErrFILEAddColumn, ErrFILEBuildIndex in fcreate.cxx): the new object's space, its
 * catalog rows, its column id and record offset, and, for an index on a table that has
 * records, its entries. Callers hold the database's write lock.
 * May call: common.h, catalog.h, space.h, btree.h, record.h, key.h, update.h, compat. */
#ifndef NATIVE_DDL_H
#define NATIVE_DDL_H

#include "catalog.h"
#include "common.h"
#include "dbfile.h"
#include "key.h"
#include "space.h"

/* JetCreateTable: pages (0: 1) and density (0: 80; else 20..100). */
JET_ERR ddl_create_table(dbfile *df, catalog *cat, const char *name, uint32_t pages, uint32_t density,
                         const catalog_table **out);
/* JetAddColumn: the column's id (fixed from 1, variable from 128, tagged from 256) and
 * record offset are assigned here from coltyp and grbit. */
JET_ERR ddl_add_column(dbfile *df, catalog *cat, const catalog_table *t, const char *name, const JET_COLUMNDEF *def,
                       const void *pv_default, uint32_t cb_default, JET_COLUMNID *out);
/* JetCreateIndex: szKey as the API takes it ("+col\0-col\0\0", cb_key bytes). An index
 * over Unicode text is collated with ICU (kc) and stamped as ours (key.h).
 *   JET_errFeatureNotAvailable  Unicode text and no ICU on this system */
JET_ERR ddl_create_index(dbfile *df, catalog *cat, key_collators *kc, const catalog_table *t, const char *name,
                         JET_GRBIT grbit, const char *key, uint32_t cb_key, uint32_t density, uint32_t lcid,
                         uint32_t key_most);
/* The table's LV tree, made when a record first needs one. */
JET_ERR ddl_create_lv_tree(dbfile *df, catalog *cat, const catalog_table *t);

#endif
