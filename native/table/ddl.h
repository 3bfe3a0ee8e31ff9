/* ddl.h: creating, deleting and renaming a database's tables, columns and indexes
 * (ESE's ErrFILECreateTable, ErrFILEIValidateAddColumn / ErrIsamAddColumn,
 * ErrFILEBuildIndex, ErrIsamDeleteTable, ErrIsamDeleteIndex in fcreate.cxx): the new
 * object's space, its catalog rows, its column id and record offset, and, for an index
 * on a table that has records, its entries. Callers hold the database's write lock. */
#ifndef NATIVE_DDL_H
#define NATIVE_DDL_H

#include "catalog.h"
#include "common.h"
#include "dbfile.h"
#include "key.h"
#include "space.h"

/* JetCreateTable: pages (0: 1) and density (0: 80; else 20..100).
 *   JET_errInvalidName, JET_errDensityInvalid, JET_errTableDuplicate */
JET_ERR ddl_create_table(dbfile *df, catalog *cat, const char *name, uint32_t pages, uint32_t density,
                         const catalog_table **out);

/* The same with the table row's flags (JET_bitObjectTableTemplate|FixedDDL for a
 * template table, JET_bitObjectTableFixedDDL) and, for a derived table, its template
 * (tmpl, a template table of cat; NULL: none): the new table is derived
 * (JET_bitObjectTableDerived, TemplateTable naming tmpl), takes tmpl's columns and gets
 * its own copy of each of tmpl's indexes (catalog.h). On failure nothing stays. */
JET_ERR ddl_create_table_as(dbfile *df, catalog *cat, const char *name, uint32_t pages, uint32_t density,
                            uint32_t flags, const catalog_table *tmpl, const catalog_table **out);

/* A column to add (JET_COLUMNDEF / JET_COLUMNCREATE). */
typedef struct ddl_column {
    const char *name;
    uint32_t coltyp, cb_max, grbit, cp;
    const void *pv_default;
    uint32_t cb_default;
} ddl_column;
/* JetAddColumn: validated as ErrFILEIValidateAddColumn does; the column id (fixed from
 * 1, variable from 128, tagged from 256) and record offset are assigned here.
 * exclusive: the caller's cursor holds the table exclusively (autoincrement and escrow
 * columns need it). JET_wrnColumnMaxTruncated when a Text/Binary maximum was cut to 255.
 *   JET_errInvalidName, JET_errInvalidColumnType, JET_errInvalidCodePage,
 *   JET_errInvalidGrbit, JET_errCannotBeTagged, JET_errMultiValuedColumnMustBeTagged,
 *   JET_errExclusiveTableLockRequired, JET_errDefaultValueTooBig and
 *   JET_errInvalidBufferSize (ddl_check_default), JET_errColumnDuplicate,
 *   JET_errTooManyColumns, JET_errRecordTooBig, JET_errTableNotEmpty (escrow) */
JET_ERR ddl_add_column(dbfile *df, catalog *cat, const catalog_table *t, const ddl_column *c, bool exclusive,
                       JET_COLUMNID *out);

/* Whether cb bytes (not 0) may be the default of a column of type coltyp whose stored
 * maximum (UlCATColumnSize's) is cb_max (0: none); ESE's ErrFILEIValidateAddColumn and
 * ErrRECSetDefaultValue, per type: at most the maximum; a long value's at most
 * JET_cbLVDefaultValueMost, any other at most JET_cbColumnMost (cbDefaultValueMost);
 * a fixed-size type's exactly its size.
 *   JET_errDefaultValueTooBig, JET_errInvalidBufferSize */
JET_ERR ddl_check_default(uint32_t coltyp, uint32_t cb_max, uint32_t cb);

/* The longest key definition ESE accepts: JET_ccolKeyMost segments, each a direction,
 * a column name of at most JET_cbNameMost bytes and its NUL, then the final NUL (bytes;
 * the W functions' in WCHARs). ESE requires the definition to end exactly at cbKey
 * (ErrFILEIValidateCreateIndex), so no larger cbKey is valid. */
#define DDL_KEY_DEFINITION_MOST (JET_ccolKeyMost * (1u + JET_cbNameMost + 1u) + 1u)

/* An index to create (JetCreateIndex and the JET_INDEXCREATE family). */
typedef struct ddl_index {
    const char *name;
    JET_GRBIT grbit;
    const char *key;           /* "+col\0-col\0\0", cb_key bytes */
    uint32_t cb_key;
    uint32_t density;
    uint32_t lcid;             /* 0: en-US */
    const uint16_t *locale;    /* a locale name (JET_UNICODEINDEX2), NULL: from lcid */
    uint32_t lcmap_flags;      /* 0: the default (ignore case, kana type, width) */
    uint32_t key_most;         /* 0: 255 */
    uint32_t var_seg_mac;      /* 0: key_most */
    uint32_t cconditions;      /* conditional columns (JET_CONDITIONALCOLUMN) */
    struct {
        const char *column;    /* the column's name */
        JET_GRBIT grbit;       /* JET_bitIndexColumnMustBeNull or JET_bitIndexColumnMustBeNonNull */
    } conditions[JET_ccolKeyMost];
} ddl_index;
/* JetCreateIndex: an index over Unicode text is collated with ICU (kc) and stamped as
 * ours (key.h).
 *   JET_errInvalidName, JET_errDensityInvalid, JET_errInvalidParameter (key string: NULL,
 *   under 2 bytes, no double NUL within cb_key), JET_errColumnNotFound,
 *   JET_errIndexInvalidDef (a primary index with conditional
 *   columns, no segment, more than JET_ccolKeyMost, a column twice, the
 *   first without + or -, text after the double NUL, cb_key over
 *   DDL_KEY_DEFINITION_MOST), JET_errInvalidGrbit (a conditional column's grbit), JET_errIndexDuplicate,
 *   JET_errIndexHasPrimary, JET_errTableNotEmpty (a primary index on a non-empty table),
 *   JET_errKeyDuplicate (a unique index over repeated values),
 *   JET_errFeatureNotAvailable (Unicode text and no ICU on this system) */
JET_ERR ddl_create_index(dbfile *df, catalog *cat, key_collators *kc, const catalog_table *t, const ddl_index *x);

/* A secondary index over Unicode text whose keys another sort made (Windows' NLS, or
 * another ICU) made again under this engine's collation (kc): its entries in a new tree,
 * its catalog row pointed at that tree and stamped as ours, the old tree freed.
 *   JET_errInvalidParameter (the primary index: its order is the table's),
 *   JET_errFeatureNotAvailable / JET_errInvalidLanguageId (no collator for its locale:
 *   nothing changed) */
JET_ERR ddl_rebuild_index(dbfile *df, catalog *cat, key_collators *kc, const catalog_table *t, const record_index *x);

/* The table's LV tree, made when a record first needs one. */
JET_ERR ddl_create_lv_tree(dbfile *df, catalog *cat, const catalog_table *t);

/* JetDeleteTable: the table's space (its indexes' and LV tree's with it) goes back to the
 * database; its rows leave the catalog. The caller checks that no cursor has it open. */
JET_ERR ddl_delete_table(dbfile *df, catalog *cat, const catalog_table *t);
/* JetDeleteIndex: JET_errIndexNotFound, JET_errIndexMustStay (the primary index). */
JET_ERR ddl_delete_index(dbfile *df, catalog *cat, const catalog_table *t, const record_index *x);

#endif
