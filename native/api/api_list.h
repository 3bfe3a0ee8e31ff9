/* api_list.h: the list levels of the information functions: JET_ColInfoList (and
 * ListCompact, ListSortColumnid), JET_ColInfoBase(ByColid), JET_IdxInfo/JET_IdxInfoList and
 * JET_ObjInfoList(NoStats), built as ESE's info.cxx builds them (ErrInfoGetTableColumnInfoList,
 * ErrInfoGetTableColumnInfoBase, ErrINFOGetTableIndexInfo, ErrInfoGetObjectInfoList).
 * A list is made in two steps: its rows are collected from the catalog while the caller
 * still holds its API entry (the database's lock), then, after api_leave_session, the
 * temporary table is made and filled through the public temporary-table calls, which
 * enter the session again themselves.
 * May call: common.h, catalog.h, database.h, record.h, compat (memory, UTF). */
#ifndef NATIVE_API_LIST_H
#define NATIVE_API_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"
#include "common.h"
#include "cursor_table.h"

enum { LIST_NONE = 0, LIST_COLUMNS, LIST_INDEXES, LIST_OBJECTS };

/* Rows collected for one list: a byte stream of row marks and (column, value) pairs. */
typedef struct list_rows {
    uint32_t kind;           /* LIST_*; LIST_NONE: nothing to build */
    bool w;                  /* UTF-16 texts (the W entry points) */
    uint32_t grbit;          /* columns: JET_ColInfoGrbit* of the level */
    uint32_t cb_out;         /* the caller's buffer size (JET_INDEXLIST has two sizes) */
    uint32_t crows;
    uint8_t *buf;
    size_t cb, cap;
    JET_ERR err;             /* a failure while collecting */
} list_rows;

void list_rows_init(list_rows *r);
void list_rows_free(list_rows *r);

/* The JET_bitColumn* grbit ESE reports for a column (ErrINFOGetTableColumnInfo). */
uint32_t list_column_grbit(const record_column *col, bool updatable);

/* JET_ColInfoList / ListCompact / ListSortColumnid (level with its JET_ColInfoGrbit* bits):
 * the table's columns as session viewer sees them, as rows. */
JET_ERR list_collect_columns(const catalog_view *viewer, const catalog_table *t, bool updatable, uint32_t level, bool w,
                             list_rows *r);

/* JET_ColInfoBase(ByColid): a JET_COLUMNBASE_A, or a JET_COLUMNBASE_W when w. */
JET_ERR list_column_base(const catalog_table *t, const record_column *col, bool updatable, bool w, void *pv);

/* The JET_bitIndex* grbit ESE reports for an index (IDB::GrbitFromFlags), and its LCID
 * (ErrNORMLocaleToLcid of its locale name, en-US when it has none). */
uint32_t list_index_grbit(const record_index *x);
uint32_t list_index_lcid(const record_index *x);

/* JET_IdxInfo / JET_IdxInfoList: one row per key segment of the index called index_name
 * (NULL or "": every index). Checks the name (JET_errInvalidName), then pv (NULL:
 * JET_errInvalidParameter); JET_errIndexNotFound. cb: the caller's buffer size. */
JET_ERR list_collect_indexes(const database_desc *d, const catalog_table *t, const char *index_name, const void *pv,
                             uint32_t cb, bool w, list_rows *r);

/* JET_ObjInfoList(NoStats): the tables d's viewer sees (objtyp JET_objtypNil or
 * JET_objtypTable; any other type gives an empty list). */
JET_ERR list_collect_objects(const database_desc *d, uint32_t objtyp, bool stats, bool w, list_rows *r);

/* Makes the temporary table of r, moves it to its first row and fills the caller's
 * JET_COLUMNLIST / JET_INDEXLIST / JET_OBJECTLIST at pv. The table is closed again on
 * failure. Does nothing when r->kind is LIST_NONE. */
JET_ERR list_build(JET_SESID sesid, list_rows *r, void *pv);

#endif
