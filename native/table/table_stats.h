/* table_stats.h: JetComputeStats (ESE's ErrIsamComputeStats, stats.cxx): for the table's
 * clustered tree and each secondary index, the visible nodes (items), the distinct keys
 * and the leaf pages a walk crosses, written with the time into the catalog's Stats
 * column (the table's row, each index's row), where JET_TblInfo, JET_ObjInfo and the
 * index lists read them. docs/semantics.md, "More data functions". */
#ifndef NATIVE_TABLE_STATS_H
#define NATIVE_TABLE_STATS_H

#include <stdint.h>

#include "cache.h"
#include "catalog.h"
#include "common.h"
#include "space.h"

/* The statistics of table def of the database whose cache file is ifile and whose space
 * is space; the caller holds the database exclusively. */
JET_ERR table_stats_compute(cache *c, uint32_t ifile, space_db *space, const catalog_table *def);

#endif
