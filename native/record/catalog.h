/* catalog.h: the database's catalog, MSysObjects (root page 4, objid 2), read into memory
 * as table definitions: for each table its tree (FDP), its columns (id, type, maximum
 * size, codepage, JET_bitColumn* flags, default value, offset in the record for fixed
 * columns), its indexes (name, tree, key columns and their order, flags, locale,
 * LCMapFlags, KeyMost) and its long-value tree. The catalog's own rows are decoded with
 * the record layer and a built-in definition of MSysObjects' columns, as ESE does.
 * Rows of a type this file does not know (callbacks) are skipped.
 *
 * Names are compared as ESE does: ASCII case-insensitively.
 * */
#ifndef NATIVE_CATALOG_H
#define NATIVE_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "btree.h"
#include "cache.h"
#include "common.h"
#include "record.h"
#include "space.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CATALOG_PGNO_MSYSOBJECTS 4u
#define CATALOG_PGNO_MSYSOBJECTS_SHADOW 24u
#define CATALOG_OBJID_MSYSOBJECTS 2u
#define CATALOG_OBJID_MSYSOBJECTS_SHADOW 3u
#define CATALOG_OBJID_LAST_SYSTEM 7u   /* MSysObjects .. MSysLocales; user objects follow */
#define CATALOG_DENSITY_DEFAULT 80u    /* SpaceUsage given none (ESE's ulFILEDefaultDensity) */
/* MSysObjects' fixed column 13, PgnoFDPLastSetTime (an 8-byte FILETIME in a DateTime
 * column): when the tree's root page was last placed. Catalogs created by an ESE that
 * knows it (Windows 11 24H2, Server 2025) describe it; their table, index and LV rows
 * carry it (docs/format.md, "Catalog"). */
#define CATALOG_FID_PGNO_FDP_LAST_SET_TIME 13u

/* A column row's Flags bit that marks a template table's column (ESE's
 * ffieldTemplateColumnESE98: the tagged values of the tables derived from it carry the
 * derived bit). In memory the column id carries RECORD_COLUMNID_TEMPLATE instead. */
#define CATALOG_COLUMN_FLAG_TEMPLATE 0x0100u

/* A column row's Flags hold ESE's persisted field flags (tdb.hxx ffield*, cat.cxx stores
 * ffield & ffieldPersistedMask), not JET_bitColumn*; in memory a column has the
 * JET_bitColumn* bits that JetGetColumnInfo reports (info.cxx). The two conversions: the
 * bits from a row's Flags and the column's id (fixed or tagged by its range), and the
 * Flags of a column (has_default: it has a default value, ffieldDefault). */
uint32_t catalog_column_grbit_from_flags(uint32_t flags, uint32_t columnid);
uint32_t catalog_column_flags_from_grbit(uint32_t grbit, bool has_default);

/* Row types of MSysObjects. */
enum {
    CATALOG_TYPE_TABLE = 1,
    CATALOG_TYPE_COLUMN = 2,
    CATALOG_TYPE_INDEX = 3,
    CATALOG_TYPE_LONG_VALUE = 4,
    CATALOG_TYPE_CALLBACK = 5
};

/* Index flags (the catalog's fidb*, low 16 bits of Flags). */
#define IDB_UNIQUE 0x0001u
#define IDB_ALLOW_ALL_NULLS 0x0002u
#define IDB_ALLOW_FIRST_NULL 0x0004u
#define IDB_ALLOW_SOME_NULLS 0x0008u
#define IDB_NO_NULL_SEG 0x0010u
#define IDB_PRIMARY 0x0020u
#define IDB_LOCALE_SET 0x0040u
#define IDB_MULTIVALUED 0x0080u
#define IDB_TEMPLATE_INDEX 0x0100u
#define IDB_DERIVED_INDEX 0x0200u
#define IDB_LOCALIZED_TEXT 0x0400u
#define IDB_SORT_NULLS_HIGH 0x0800u
#define IDB_CROSS_PRODUCT 0x2000u
#define IDB_DISALLOW_TRUNCATION 0x4000u
#define IDB_NESTED_TABLE 0x8000u
/* fIDX* (high 16 bits of Flags). */
#define IDX_EXTENDED_COLUMNS 0x0001u  /* KeyFldIDs holds 4-byte IDXSEGs, not 2-byte fids */
#define IDX_DOTNET_GUID 0x0002u

typedef struct catalog_table {
    char *name;
    uint32_t objid;
    uint32_t pgno_fdp;
    uint32_t pages;           /* initial pages (PagesOrLocale) */
    uint32_t flags;           /* JET_bitObject* / table flags as stored */
    uint32_t density;         /* SpaceUsage */
    char *template_name;      /* NULL when not derived */
    record_column *columns;   /* in columnid order */
    uint32_t ccolumns;
    record_index *indexes;    /* in catalog (index objid) order */
    uint32_t cindexes;
    uint32_t pgno_lv;         /* the long-value tree, 0 when the table has none */
    uint32_t objid_lv;
    /* the last autoincrement value handed out (JetPrepareUpdate), once known: found by
     * reading the table the first time, as ESE's ErrRECInitAutoInc does */
    bool autoinc_known;
    uint64_t autoinc_last;
    uint32_t cap_columns, cap_indexes; /* room in the arrays for appends (catalog_write.c) */
    struct catalog_pending *pending;   /* DDL of open transactions on it, NULL when none ever */
} catalog_table;

/* What open transactions have done to a table and have not committed, and what was
 * committed after snapshots still open began (transaction.c keeps the undo; this is what
 * the lookups see). Shared by every copy of the table's entry and freed with the
 * catalog. owner: the session, as an opaque pointer. */
enum { CATALOG_HIDE_COLUMN = 1, CATALOG_HIDE_INDEX = 2, CATALOG_NEW_COLUMN = 3, CATALOG_NEW_INDEX = 4 };
typedef struct catalog_hidden {
    uint32_t kind, id;        /* a column (columnid) or index (objid) whose deletion waits
                               * (HIDE: an index is hidden from all, a column from its
                               * deleter), or one a transaction added (NEW: seen by its
                               * owner only until the commit, then by the snapshots that
                               * begin after it) */
    const void *owner;        /* the session deleting or adding it; NEW: NULL once committed */
    uint64_t committed;       /* NEW: the commit time once committed */
} catalog_hidden;
typedef struct catalog_pending {
    const void *created_by;   /* the table itself is uncommitted, made by this owner */
    uint64_t created;         /* its creation's commit time, 0 when no snapshot needs it */
    const void *deleted_by;   /* its deletion waits for this owner's commit */
    catalog_hidden *hidden;
    uint32_t chidden, cap_hidden;
} catalog_pending;

typedef struct catalog {
    catalog_table *tables;    /* in objid order */
    uint32_t ctables;
    uint32_t cap_tables;
    /* The catalog describes PgnoFDPLastSetTime (a row for MSysObjects' column 13): the
     * layout of Windows 11 24H2. The writer then stamps the rows of new tables, indexes
     * and LV trees with the time, as that ESE does. */
    bool has_pgno_fdp_last_set_time;
    /* arrays and strings replaced or removed by catalog_write.c, freed by catalog_free:
     * pointers handed out before a change stay readable */
    void **retired;
    uint32_t cretired, cap_retired;
} catalog;

/* Reads MSysObjects of file ifile through the cache.
 *   JET_errCatalogCorrupted  a row that does not fit the catalog's structure
 *   and the btree/page/cache/record errors */
JET_ERR catalog_load(cache *c, uint32_t ifile, catalog **out);
void catalog_free(catalog *cat);

/* NULL when absent. Tables, columns and indexes whose deletion an open transaction has
 * not committed yet are absent here (see catalog_pending); catalog_column_by_id still
 * finds such a column (records keep its values until the deletion commits), and so do
 * the views of other sessions (catalog_column_for). */
const catalog_table *catalog_find_table(const catalog *cat, const char *name);
const record_column *catalog_find_column(const catalog_table *t, const char *name);
const record_column *catalog_column_by_id(const catalog_table *t, uint32_t columnid);
const record_index *catalog_find_index(const catalog_table *t, const char *name);
/* The same, pending deletions included: a name is taken until the deletion commits. */
const catalog_table *catalog_find_table_any(const catalog *cat, const char *name);
const record_column *catalog_find_column_any(const catalog_table *t, const char *name);
const record_index *catalog_find_index_any(const catalog_table *t, const char *name);
/* Who looks at the catalog: a session (owner) and its transaction's snapshot (0: none,
 * everything committed is seen). Times are the version store's clock. */
typedef struct catalog_view {
    const void *owner;
    uint64_t snapshot;
} catalog_view;

/* Whether view v may open table t, as ESE answers JetOpenTable: a table whose deletion
 * waits is JET_errObjectNotFound for its deleter and JET_errTableLocked for the others
 * (ESE's FCB delete-pending flag); a table created by an uncommitted transaction, or
 * committed after v's snapshot began, is JET_errObjectNotFound for the others (its
 * catalog rows are versioned in ESE). */
JET_ERR catalog_table_visible(const catalog_table *t, const catalog_view *v);
/* The lookups above as view v sees them: not a column or index that another session's
 * open transaction added, or that was committed after v's snapshot began (ESE finds the
 * FIELD or IDB versioned and asks the catalog in the caller's snapshot:
 * ErrRECIAccessColumn, ErrFILEIAccessIndex). The lookups above still find those: every
 * session's updates keep such an index up to date, as ESE's do. A column whose deletion
 * waits is absent for its deleter only; an index, for everyone (ESE's IDB FDeleted). */
const record_column *catalog_column_for(const catalog_table *t, uint32_t columnid, const catalog_view *v);
const record_column *catalog_find_column_for(const catalog_table *t, const char *name, const catalog_view *v);
const record_index *catalog_find_index_for(const catalog_table *t, const char *name, const catalog_view *v);
/* For walks over every column of t (linear where a lookup per column would make them
 * quadratic on a wide table): whether catalog_column_for(t, c->columnid, v) is c, c
 * being one of t->columns ... */
bool catalog_column_seen_by(const catalog_table *t, const record_column *c, const catalog_view *v);
/* ... and for every i < t->ccolumns at once, whether catalog_find_column_for(t,
 * t->columns[i].name, v) is t->columns[i] (visible: t->ccolumns entries). O(n log n).
 *   JET_errOutOfMemory */
JET_ERR catalog_columns_seen_by_name(const catalog_table *t, const catalog_view *v, bool *visible);
/* Whether an open transaction has DDL on t (made, deleting it, or a column or index of
 * it added or deleted and not committed). */
bool catalog_has_open_ddl(const catalog_table *t);
/* The session whose open transaction is deleting the column, NULL when none is. */
const void *catalog_column_deleter(const catalog_table *t, uint32_t columnid);
/* The clustered (primary) index, NULL if the table has none (records keyed by DBK). */
const record_index *catalog_primary_index(const catalog_table *t);

/* Columns of one MSysObjects row that the loaded definitions leave out, for the
 * information functions: the row of (objid_table, type, id) is looked up in the tree. */
typedef struct catalog_row_extras {
    uint32_t space_usage;     /* SpaceUsage: density of tables and indexes */
    uint32_t pages;           /* PagesOrLocale */
    uint32_t key_most;        /* KeyMost, 0 when null */
    uint32_t var_seg_mac;     /* VarSegMac, 0 when null */
    uint32_t lv_chunk_max;    /* LVChunkMax of a table row, 0 when null */
    bool has_pgno_fdp_last_set_time; /* PgnoFDPLastSetTime (newer Windows: tables, indexes, LV trees) */
    int64_t pgno_fdp_last_set_time;  /* a FILETIME: 100 ns units since 1601-01-01 UTC */
    bool has_stats;           /* Stats (JetComputeStats): items, keys, pages */
    uint32_t stats_items, stats_keys, stats_pages;
    /* an index row's locale and sort stamp, as ErrCATIRetrieveLocaleInformation reads
     * them: whether LocaleName or the LCID (PagesOrLocale) is there, and the raw
     * Version and SortID columns (cb 0 when null; the bytes kept are at most 16) */
    uint32_t flags;           /* Flags */
    bool has_locale;
    uint32_t cb_sort_version, cb_sort_id;
    uint8_t sort_version[16], sort_id[16];
} catalog_row_extras;
/*   JET_errObjectNotFound  no such row; the btree/page/cache/record errors */
JET_ERR catalog_read_row_extras(cache *c, uint32_t ifile, uint32_t objid_table, uint32_t type, uint32_t id,
                                catalog_row_extras *out);

/* ---- writing (catalog_write.c): rows of MSysObjects, its indexes and its shadow ---- */

/* The system objects of a new database, where and as Windows writes them: MSysObjects
 * (objid 2, FDP 4) with its indexes Name (objid 4, FDP 7) and RootObjects (objid 5,
 * FDP 10), MSysObjectsShadow (objid 3, FDP 24), MSysObjids (objid 6) and MSysLocales
 * (objid 7), with every catalog row Windows writes for them. db is a database fresh
 * from space_create_database. *objid_last gets the last objid used (the header's).
 *   the space, btree and cache errors */
JET_ERR catalog_create_system(space_db *db, uint32_t *objid_last);
/* The catalog layouts a new database can be given: Windows 8 to 10's (fixed catalog
 * columns 1..12), which JetCreateDatabase writes; and Windows 11 24H2's, whose catalog
 * describes PgnoFDPLastSetTime (column 13) and whose table, index and LV rows carry it
 * (tests make databases of it to check that the engine reads and extends them as
 * Windows wrote them). */
typedef enum catalog_layout { CATALOG_LAYOUT_WIN8 = 0, CATALOG_LAYOUT_WIN11_24H2 = 1 } catalog_layout;
/* catalog_create_system with the given layout (catalog_create_system: CATALOG_LAYOUT_WIN8). */
JET_ERR catalog_create_system_layout(space_db *db, catalog_layout layout, uint32_t *objid_last);

/* A new table row (type 1) in the catalog and in cat: objid and pgno_fdp come from the
 * caller (space_create_object), pages is the initial page count, density the
 * SpaceUsage (0: CATALOG_DENSITY_DEFAULT). *out points into cat (see catalog_free: stays readable).
 *   JET_errTableDuplicate  a table of that name exists */
JET_ERR catalog_add_table(space_db *db, catalog *cat, const char *name, uint32_t objid, uint32_t pgno_fdp,
                          uint32_t pages, uint32_t density, uint32_t flags, catalog_table **out);
/* A column row (type 2): def gives columnid, coltyp, cb_max, grbit, codepage,
 * ib_record_offset (fixed columns), name and default value.
 *   JET_errColumnDuplicate, JET_errObjectNotFound (no such table) */
JET_ERR catalog_add_column(space_db *db, catalog *cat, uint32_t objid_table, const record_column *def,
                           record_column **out);
/* An index row (type 3): def gives name, pgno_fdp, objid, idb/idx flags, lcid,
 * lcmap_flags, key_most (0: none), segments and locale_name (NULL: "en-US").
 *   JET_errIndexDuplicate, JET_errObjectNotFound */
JET_ERR catalog_add_index(space_db *db, catalog *cat, uint32_t objid_table, const record_index *def,
                          record_index **out);
/* The table's LV tree row (type 4, named "LV"). */
JET_ERR catalog_add_lv(space_db *db, catalog *cat, uint32_t objid_table, uint32_t objid_lv, uint32_t pgno_lv);

/* Removing rows: a table removes every row of it (columns, indexes, LV). Entries removed
 * from cat stay readable through pointers handed out before, until catalog_free.
 *   JET_errObjectNotFound */
JET_ERR catalog_delete_table(space_db *db, catalog *cat, uint32_t objid_table);
/* JetDeleteColumn, as ESE's ErrCATIDeleteTableColumn: the column's row stays in the catalog
 * and its shadow with coltyp JET_coltypNil and the name JetStub_<objidTable>_<fid>, so
 * that its fid is never given out again and records keep their layout; in cat the column
 * stays too (coltyp JET_coltypNil, stub name, no default), and the lookups
 * (catalog_find_column, catalog_column_by_id) no longer find it.
 *   JET_errObjectNotFound, JET_errColumnNotFound */
JET_ERR catalog_delete_column(space_db *db, catalog *cat, uint32_t objid_table, uint32_t columnid);
/* The name a deleted column's row carries; out holds CATALOG_STUB_NAME_MAX bytes. */
#define CATALOG_STUB_NAME_MAX 32u
void catalog_stub_name(uint32_t objid_table, uint32_t fid, char *out);
/* JetSetColumnDefaultValue (ErrCATChangeColumnDefaultValue): the row's DefaultValue in the
 * catalog and its shadow, and the column's default in cat. pv/cb: a value (cb > 0), or
 * NULL/0 to remove the default (a rollback restoring a column that had none).
 *   JET_errObjectNotFound, JET_errColumnNotFound */
JET_ERR catalog_set_column_default(space_db *db, catalog *cat, uint32_t objid_table, uint32_t columnid,
                                   const void *pv, uint32_t cb);
/* JetComputeStats (ErrCATStats): the Stats column of the row (objid_table, type, id) of
 * MSysObjects (not its shadow, as ESE): items, keys and pages as little-endian u32s and
 * when (a JET_DATESERIAL) as its 8 bytes, CATALOG_STATS_CB in all.
 *   JET_errObjectNotFound  no such row */
#define CATALOG_STATS_CB 20u
JET_ERR catalog_set_stats(space_db *db, uint32_t objid_table, uint32_t type, uint32_t id, uint32_t items,
                          uint32_t keys, uint32_t pages, double when);
JET_ERR catalog_delete_index(space_db *db, catalog *cat, uint32_t objid_table, uint32_t objid_index);
/* An index's tree and sort stamp replaced (its entries made again under another collation,
 * ddl_rebuild_index): the row's PgnoFDP, Version and SortID in the catalog and its shadow,
 * every other column as stored; in cat, def's pgno_fdp, stamp and collator. Only while no
 * other caller reads cat (an attach before it returns).
 *   JET_errObjectNotFound, JET_errIndexNotFound */
JET_ERR catalog_set_index_tree(space_db *db, catalog *cat, uint32_t objid_table, const record_index *def);

/* Renaming (JetRenameTable, JetRenameColumn): the row's Name and its Name-index (and
 * RootObjects, for tables) entries. JET_errTableDuplicate / JET_errColumnDuplicate. */
JET_ERR catalog_rename_table(space_db *db, catalog *cat, uint32_t objid_table, const char *name);
JET_ERR catalog_rename_column(space_db *db, catalog *cat, uint32_t objid_table, uint32_t columnid, const char *name);

/* Creates the table's LV tree (JetUpdate with a long value to separate): a new object
 * (objid ++*objid_last, one page, from the table's space) and its catalog row; t's
 * pgno_lv/objid_lv are set. */
JET_ERR catalog_create_lv_tree(space_db *db, catalog *cat, catalog_table *t, uint32_t *objid_last);

/* Marks for the DDL of open transactions (catalog_pending); owner NULL clears the mark.
 * They change only memory. JET_errObjectNotFound, JET_errOutOfMemory. */
JET_ERR catalog_mark_created(catalog *cat, uint32_t objid_table, const void *owner);
JET_ERR catalog_mark_deleted(catalog *cat, uint32_t objid_table, const void *owner);
JET_ERR catalog_hide(catalog *cat, uint32_t objid_table, uint32_t kind, uint32_t id, const void *owner);
/* A column (CATALOG_NEW_COLUMN, columnid) or index (CATALOG_NEW_INDEX, objid) added by
 * owner's open transaction; owner NULL: gone, the mark goes. */
JET_ERR catalog_mark_new(catalog *cat, uint32_t objid_table, uint32_t kind, uint32_t id, const void *owner);
/* Commits at time when: the table made (catalog_mark_created) or the column or index
 * added (catalog_mark_new) is seen by every view, except snapshots older than when. */
JET_ERR catalog_commit_created(catalog *cat, uint32_t objid_table, uint64_t when);
JET_ERR catalog_commit_new(catalog *cat, uint32_t objid_table, uint32_t kind, uint32_t id, uint64_t when);
/* Forgets the commit times no snapshot needs: those before oldest, the oldest open
 * snapshot (0: none is open, all of them). */
void catalog_forget_commits(catalog *cat, uint64_t oldest);

/* The table with this objid (NULL when none). */
const catalog_table *catalog_table_by_objid(const catalog *cat, uint32_t objid);

/* ---- template and derived tables (ESE's hierarchical DDL) ----
 * A template table (JET_bitObjectTableTemplate, always with FixedDDL) gives its columns ids
 * with RECORD_COLUMNID_TEMPLATE. A derived table (JET_bitObjectTableDerived, TemplateTable
 * naming its template) has no rows for the template's columns: catalog_load and
 * catalog_inherit_columns copy them into its definition, after its own columns (their
 * ids sort last), marked inherited. Its fixed and variable columns continue the
 * template's fids and record offsets; its tagged columns start again at 256, the
 * inherited ones told apart in records by the derived bit. It has index rows of its own
 * for every template index (fidbDerivedIndex, the segments naming the template columns),
 * each with its own tree; the primary one is the table's. */
bool catalog_is_template(const catalog_table *t);
bool catalog_is_derived(const catalog_table *t);
/* The column stored as fid in t's records: a fixed or variable column (own or inherited),
 * or a tagged one, derived_entry saying whether its tagged entries carry the derived bit.
 * NULL when none. */
const record_column *catalog_column_by_fid(const catalog_table *t, uint32_t fid, bool derived_entry);
/* Copies the columns of t's template into t (inherited). Nothing when t is not derived;
 * JET_errDDLNotInheritable when its template is not in cat or is no template table.
 *   JET_errOutOfMemory */
JET_ERR catalog_inherit_columns(catalog *cat, uint32_t objid_table);
/* catalog_add_table with a TemplateTable (NULL: none), for a derived table. */
JET_ERR catalog_add_table_from(space_db *db, catalog *cat, const char *name, uint32_t objid, uint32_t pgno_fdp,
                               uint32_t pages, uint32_t density, uint32_t flags, const char *template_name,
                               catalog_table **out);

#ifdef __cplusplus
}
#endif

#endif
