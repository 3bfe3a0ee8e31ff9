/* info_list.h: the list levels of the information functions: JET_ColInfoList (and
 * ListCompact, ListSortColumnid), JET_IdxInfo/JET_IdxInfoList and JET_ObjInfoList(NoStats),
 * built as ESE's info.cxx builds them (ErrInfoGetTableColumnInfoList,
 * ErrINFOGetTableIndexInfo, ErrInfoGetObjectInfoList): a temporary table of the same
 * columns, types, key and rows, and the JET_COLUMNLIST / JET_INDEXLIST / JET_OBJECTLIST
 * that names them. docs/semantics.md, "Information lists".
 * A list is made in two steps: its rows are collected from the catalog while the caller
 * holds the database's lock (info_list_collect_*), then the temporary table is made and
 * filled (info_list_build) by a caller inside the API that holds no database's lock (the
 * table is made under the temporary database's own lock, which a cursor on a temporary
 * table would hold already). */
#ifndef NATIVE_INFO_LIST_H
#define NATIVE_INFO_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"
#include "common.h"
#include "database.h"
#include "session.h"

enum { INFO_LIST_NONE = 0, INFO_LIST_COLUMNS, INFO_LIST_INDEXES, INFO_LIST_OBJECTS };

/* Rows collected for one list: a byte stream of row marks and (column, value) pairs. */
typedef struct info_list {
    uint32_t kind;           /* INFO_LIST_*; INFO_LIST_NONE: nothing to build */
    bool w;                  /* UTF-16 texts (the W entry points) */
    uint32_t grbit;          /* columns: JET_ColInfoGrbit* of the level */
    uint32_t cb_out;         /* the caller's buffer size (JET_INDEXLIST has two sizes) */
    uint32_t crows;
    uint8_t *buf;
    size_t cb, cap;
} info_list;

void info_list_init(info_list *r);
void info_list_free(info_list *r);

/* JET_ColInfoList / ListCompact / ListSortColumnid (level with its JET_ColInfoGrbit* bits):
 * the table's columns as session viewer sees them, as rows. */
JET_ERR info_list_collect_columns(const catalog_view *viewer, const catalog_table *t, bool updatable, uint32_t level,
                                  bool w, info_list *r);

/* JET_IdxInfo / JET_IdxInfoList: one row per key segment of the index called index_name
 * (NULL or "": every index). Checks the name (JET_errInvalidName), then pv (NULL:
 * JET_errInvalidParameter); JET_errIndexNotFound. cb: the caller's buffer size. */
JET_ERR info_list_collect_indexes(const database_desc *d, const catalog_table *t, const char *index_name,
                                  const void *pv, uint32_t cb, bool w, info_list *r);

/* JET_ObjInfoList(NoStats): the tables d's viewer sees (objtyp JET_objtypNil or
 * JET_objtypTable; any other type gives an empty list). */
JET_ERR info_list_collect_objects(const database_desc *d, uint32_t objtyp, bool stats, bool w, info_list *r);

/* Makes the temporary table of r for session s (as JetOpenTemporaryTable would: it counts
 * against JET_paramMaxTemporaryTables), moves it to its first row and fills the caller's
 * JET_COLUMNLIST / JET_INDEXLIST / JET_OBJECTLIST at pv. The table is closed again on
 * failure. Does nothing when r->kind is INFO_LIST_NONE. */
JET_ERR info_list_build(jet_session *s, info_list *r, void *pv);

#endif
