/* eu_info.c: esentutl info: each table of the catalog with its columns (type, codepage,
 * size, flags), indexes (key columns, and the JET_bitIndex* flags the engine reports for
 * the catalog's, catalog_report.h) and record count (JetIndexRecordCount). */
#include <stdio.h>
#include <string.h>

#include "catalog_report.h"
#include "eu.h"

static const char *coltyp_name(uint32_t coltyp)
{
    switch (coltyp) {
    case JET_coltypBit: return "Bit";
    case JET_coltypUnsignedByte: return "UnsignedByte";
    case JET_coltypShort: return "Short";
    case JET_coltypLong: return "Long";
    case JET_coltypCurrency: return "Currency";
    case JET_coltypIEEESingle: return "IEEESingle";
    case JET_coltypIEEEDouble: return "IEEEDouble";
    case JET_coltypDateTime: return "DateTime";
    case JET_coltypBinary: return "Binary";
    case JET_coltypText: return "Text";
    case JET_coltypLongBinary: return "LongBinary";
    case JET_coltypLongText: return "LongText";
    case JET_coltypSLV: return "SLV";
    case JET_coltypUnsignedLong: return "UnsignedLong";
    case JET_coltypLongLong: return "LongLong";
    case JET_coltypGUID: return "GUID";
    case JET_coltypUnsignedShort: return "UnsignedShort";
    case JET_coltypUnsignedLongLong: return "UnsignedLongLong";
    default: return "unknown";
    }
}

static void add_flag(char *s, size_t cap, bool on, const char *name)
{
    size_t n = strlen(s);
    if (on) snprintf(s + n, cap - n, "%s%s", n != 0 ? ", " : "", name);
}

static void column_flags(JET_GRBIT g, char *s, size_t cap)
{
    s[0] = '\0';
    add_flag(s, cap, (g & JET_bitColumnFixed) != 0, "fixed");
    add_flag(s, cap, (g & JET_bitColumnTagged) != 0, "tagged");
    add_flag(s, cap, (g & JET_bitColumnNotNULL) != 0, "not null");
    add_flag(s, cap, (g & JET_bitColumnVersion) != 0, "version");
    add_flag(s, cap, (g & JET_bitColumnAutoincrement) != 0, "autoincrement");
    add_flag(s, cap, (g & JET_bitColumnMultiValued) != 0, "multi-valued");
    add_flag(s, cap, (g & JET_bitColumnEscrowUpdate) != 0, "escrow");
    add_flag(s, cap, (g & JET_bitColumnFinalize) != 0, "finalize");
    add_flag(s, cap, (g & JET_bitColumnUserDefinedDefault) != 0, "user-defined default");
    add_flag(s, cap, (g & JET_bitColumnDeleteOnZero) != 0, "delete on zero");
    add_flag(s, cap, (g & JET_bitColumnCompressed) != 0, "compressed");
}

static const char *column_name(const eu_table *t, uint32_t columnid)
{
    uint32_t i;
    for (i = 0; i < t->ccolumns; i++)
        if (t->columns[i].columnid == columnid) return t->columns[i].name;
    return "?";
}

static void print_index(eu_sink *out, const eu_table *t, const eu_index *x)
{
    char flags[256];
    record_index ri;
    uint32_t i, g;
    memset(&ri, 0, sizeof ri);
    ri.idb_flags = x->flags & 0xffffu;
    ri.idx_flags = x->flags >> 16;
    g = catalog_report_index_grbit(&ri);
    flags[0] = '\0';
    add_flag(flags, sizeof flags, (g & JET_bitIndexPrimary) != 0, "primary");
    add_flag(flags, sizeof flags, (g & JET_bitIndexUnique) != 0, "unique");
    add_flag(flags, sizeof flags, (g & JET_bitIndexDisallowNull) != 0, "disallow null");
    add_flag(flags, sizeof flags, (g & JET_bitIndexIgnoreNull) != 0, "ignore null");
    add_flag(flags, sizeof flags, (g & JET_bitIndexIgnoreAnyNull) != 0, "ignore any null");
    add_flag(flags, sizeof flags, (g & JET_bitIndexIgnoreFirstNull) != 0, "ignore first null");
    add_flag(flags, sizeof flags, (g & JET_bitIndexSortNullsHigh) != 0, "sort nulls high");
    add_flag(flags, sizeof flags, (g & JET_bitIndexTuples) != 0, "tuples");
    add_flag(flags, sizeof flags, (g & JET_bitIndexCrossProduct) != 0, "cross product");
    add_flag(flags, sizeof flags, (g & JET_bitIndexDisallowTruncation) != 0, "disallow truncation");
    add_flag(flags, sizeof flags, (g & JET_bitIndexDotNetGuid) != 0, ".NET GUID order");
    eu_printf(out, "    %-30s key ", x->name);
    for (i = 0; i < x->csegments; i++)
        eu_printf(out, "%s%c%s", i != 0 ? " " : "", x->segments[i].descending ? '-' : '+',
                  column_name(t, x->segments[i].columnid));
    eu_printf(out, "%s%s%s\n", flags[0] != '\0' ? "  (" : "", flags, flags[0] != '\0' ? ")" : "");
}

JET_ERR eu_info(eu_db *db, eu_sink *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, k;

    eu_printf(out, "Database: %s\n", db->path);
    if (db->dirty)
        eu_printf(out, "State: not shut down cleanly; read as last written (what may be inconsistent: esentutl /g)\n");
    eu_printf(out, "Tables: %u\n", db->ctables);
    for (i = 0; i < db->ctables && err >= 0; i++) {
        const eu_table *t = &db->tables[i];
        JET_TABLEID tid = 0;
        uint32_t records = 0;
        eu_printf(out, "\nTable %s (objid %u, root page %u%s%s%s%s)\n", t->name, t->objid, t->pgno_fdp,
                  (t->flags & JET_bitObjectSystem) ? ", system" : "", t->template_name[0] != '\0' ? ", template " : "",
                  t->template_name, (t->flags & JET_bitObjectTableTemplate) ? ", a template table" : "");
        err = JetOpenTableA(db->ses, db->dbid, t->name, NULL, 0, JET_bitTableReadOnly, &tid);
        if (err >= 0) err = JetIndexRecordCount(db->ses, tid, &records, 0);
        if (tid != 0) {
            JET_ERR e = JetCloseTable(db->ses, tid);
            if (err >= 0 && e < 0) err = e;
        }
        if (err < 0) break;
        eu_printf(out, "  Records: %u\n", records);
        eu_printf(out, "  Columns: %u\n", t->ccolumns);
        for (k = 0; k < t->ccolumns; k++) {
            const eu_column *c = &t->columns[k];
            char flags[256], size[48] = "";
            column_flags(c->grbit, flags, sizeof flags);
            if (c->coltyp == JET_coltypText || c->coltyp == JET_coltypLongText)
                snprintf(size, sizeof size, ", codepage %u", c->cp);
            if (c->cb_max != 0 && (c->coltyp == JET_coltypText || c->coltyp == JET_coltypBinary ||
                                   c->coltyp == JET_coltypLongText || c->coltyp == JET_coltypLongBinary))
                snprintf(size + strlen(size), sizeof size - strlen(size), ", at most %u bytes", c->cb_max);
            eu_printf(out, "    %5u %-30s %s%s%s%s%s\n", c->columnid, c->name, coltyp_name(c->coltyp), size,
                      flags[0] != '\0' ? " (" : "", flags, flags[0] != '\0' ? ")" : "");
        }
        eu_printf(out, "  Indexes: %u\n", t->cindexes);
        for (k = 0; k < t->cindexes; k++) print_index(out, t, &t->indexes[k]);
        if (t->pgno_lv != 0) eu_printf(out, "  Long values: tree at page %u\n", t->pgno_lv);
    }
    if (err >= 0 && out->failed) err = JET_errDiskIO;
    return err;
}
