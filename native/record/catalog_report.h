/* catalog_report.h: how the information functions report a catalog definition: the
 * JET_bitColumn* grbit of a column (ErrINFOGetTableColumnInfo) and the JET_bitIndex*
 * grbit and LCID of an index (IDB::GrbitFromFlags, ErrNORMLocaleToLcid), for the lists,
 * JET_COLUMNDEF / JET_COLUMNBASE and JET_INDEXCREATE alike. */
#ifndef NATIVE_CATALOG_REPORT_H
#define NATIVE_CATALOG_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"

#define CATALOG_REPORT_LCID_DEFAULT 0x0409u /* an index without a locale: en-US */

/* The grbit ESE reports for a column: where it lives (fixed, tagged) from its id, and
 * JET_bitColumnUpdatable when the cursor or database may change it. */
uint32_t catalog_report_column_grbit(const record_column *col, bool updatable);

/* The grbit ESE reports for an index (IDB::GrbitFromFlags). */
uint32_t catalog_report_index_grbit(const record_index *x);
/* The index's LCID: its own, else that of its locale name, else en-US. */
uint32_t catalog_report_index_lcid(const record_index *x);

#endif
