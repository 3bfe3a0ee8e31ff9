/* catalog_report.c: the grbits and LCID the information functions report for columns and
 * indexes (see catalog_report.h); ESE's ErrINFOGetTableColumnInfo, IDB::GrbitFromFlags
 * and ErrNORMLocaleToLcid. */
#include "catalog_report.h"

#define CB_KEY_MOST_OLD 255u          /* JET_cbKeyMost_OLD: beyond it, JET_bitIndexKeyMost */
#define INDEX_TUPLES_FIDB 0x1000u     /* fidbTuples */
#define LOCALE_NAME_MAX_CCH 85u       /* NORM_LOCALE_NAME_MAX_LENGTH */

uint32_t catalog_report_column_grbit(const record_column *col, bool updatable)
{
    uint32_t fid = col->columnid & 0xffffu;
    uint32_t g = col->grbit & ~(uint32_t)(JET_bitColumnFixed | JET_bitColumnTagged | JET_bitColumnUpdatable);
    if (fid >= FID_TAGGED_FIRST) g |= JET_bitColumnTagged;
    else if (fid <= FID_FIXED_LAST) g |= JET_bitColumnFixed;
    if (updatable) g |= JET_bitColumnUpdatable;
    return g;
}

uint32_t catalog_report_index_grbit(const record_index *x)
{
    uint32_t g = 0, f = x->idb_flags;
    uint32_t key_most = x->key_most != 0 ? x->key_most : CB_KEY_MOST_OLD;
    if (f & IDB_PRIMARY) g |= JET_bitIndexPrimary;
    if (f & IDB_UNIQUE) g |= JET_bitIndexUnique;
    if (f & INDEX_TUPLES_FIDB) g |= JET_bitIndexTuples;
    if (f & IDB_CROSS_PRODUCT) g |= JET_bitIndexCrossProduct;
    if (f & IDB_NESTED_TABLE) g |= JET_bitIndexNestedTable;
    if (x->idx_flags & IDX_DOTNET_GUID) g |= JET_bitIndexDotNetGuid;
    if (f & IDB_DISALLOW_TRUNCATION) g |= JET_bitIndexDisallowTruncation;
    if (f & IDB_NO_NULL_SEG) {
        g |= JET_bitIndexDisallowNull;
    } else {
        if (!(f & IDB_ALLOW_ALL_NULLS)) g |= JET_bitIndexIgnoreNull;
        if (!(f & IDB_ALLOW_FIRST_NULL)) g |= JET_bitIndexIgnoreFirstNull;
        if (!(f & IDB_ALLOW_SOME_NULLS)) g |= JET_bitIndexIgnoreAnyNull;
        if (f & IDB_SORT_NULLS_HIGH) g |= JET_bitIndexSortNullsHigh;
    }
    if (key_most > CB_KEY_MOST_OLD) g |= JET_bitIndexKeyMost;
    return g;
}

uint32_t catalog_report_index_lcid(const record_index *x)
{
    char name[LOCALE_NAME_MAX_CCH];
    uint32_t lcid = 0;
    size_t i = 0;
    if (x->lcid != 0) return x->lcid;
    if (x->locale_name == NULL) return CATALOG_REPORT_LCID_DEFAULT;
    for (; x->locale_name[i] != 0 && i + 1u < sizeof name; i++) {
        if (x->locale_name[i] > 0x7f) return CATALOG_REPORT_LCID_DEFAULT;
        name[i] = (char)x->locale_name[i];
    }
    name[i] = '\0';
    if (compat_lcid_from_locale(name, &lcid) != COMPAT_OK || lcid == 0) return CATALOG_REPORT_LCID_DEFAULT;
    return lcid;
}
