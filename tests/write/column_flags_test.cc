// The Flags of a column's catalog row are ESE's persisted field flags (tdb.hxx ffield*:
// NotNull 0x1, Version 0x2, Autoincrement 0x4, Multivalued 0x8, Default 0x10,
// EscrowUpdate 0x20, Compressed 0x1000), not the JET_bitColumn* of JetAddColumn: a
// database this engine writes must mean the same columns to Windows' ESENT, and a
// Windows-made database's columns must report the grbits ESENT reports (info.cxx).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "esent.h"
#include "sample_path.h"
#include "scratch_dir.h"

extern "C" {
#include "catalog.h"
}

namespace {

struct column_case {
    const char *name;
    JET_COLTYP coltyp;
    JET_GRBIT grbit;
    bool with_default;
    uint32_t flags; // what ESE stores for it
};

const column_case k_cases[] = {
    {"fixed_not_null", JET_coltypLong, JET_bitColumnFixed | JET_bitColumnNotNULL, false, 0x0001u},
    {"version", JET_coltypLong, JET_bitColumnFixed | JET_bitColumnVersion, false, 0x0002u},
    {"autoinc", JET_coltypLong, JET_bitColumnFixed | JET_bitColumnAutoincrement, false, 0x0004u},
    {"multi", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued, false, 0x0008u},
    {"escrow", JET_coltypLong, JET_bitColumnFixed | JET_bitColumnEscrowUpdate, true, 0x0030u},
    {"with_default", JET_coltypText, 0, true, 0x0010u},
    {"compressed", JET_coltypLongText, JET_bitColumnTagged | JET_bitColumnCompressed, false, 0x1000u},
    {"plain_tagged", JET_coltypBinary, JET_bitColumnTagged, false, 0x0000u},
};

// Columns reported by JetGetTableColumnInfo (the bits ESE derives from ffield and the
// column id; JET_bitColumnUpdatable depends on the cursor and is left out).
JET_GRBIT ReportedGrbit(JET_SESID s, JET_TABLEID t, const char *name)
{
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s, t, name, &def, sizeof def, JET_ColInfo)) << name;
    return def.grbit & ~(JET_GRBIT)JET_bitColumnUpdatable;
}

// Ends the instance whatever the test's asserts did, and puts back the process's page size.
struct instance_guard {
    JET_INSTANCE inst = 0;
    JET_API_PTR saved_page = 0;
    ~instance_guard()
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermComplete);
        if (saved_page != 0) JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, saved_page, nullptr);
    }
};

TEST(ColumnFlags, CatalogRowsHoldEsesFieldFlags)
{
    std::string dir, path, name;
    MakeScratch("colflags", "f.edb", &dir, &path, &name);
    instance_guard g;
    JET_INSTANCE &inst = g.inst;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, name.c_str()));
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &s, "", ""));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s, path.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s, db, "t", 0, 100, &t));
    const int32_t zero = 0;
    for (const column_case &k : k_cases) {
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = k.coltyp;
        def.grbit = k.grbit;
        def.cp = (k.coltyp == JET_coltypText || k.coltyp == JET_coltypLongText) ? 1252 : 0;
        const void *dflt = k.with_default ? (k.coltyp == JET_coltypText ? (const void *)"x" : &zero) : nullptr;
        uint32_t cb = k.with_default ? (k.coltyp == JET_coltypText ? 1u : 4u) : 0u;
        JET_COLUMNID id = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s, t, k.name, &def, dflt, cb, &id)) << k.name;
    }
    for (const column_case &k : k_cases) EXPECT_EQ(k.grbit & ~JET_GRBIT(JET_bitColumnFixed), ReportedGrbit(s, t, k.name) & ~JET_GRBIT(JET_bitColumnFixed))
        << k.name << " before the detach";
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s, path.c_str()));

    // the rows, as Windows reads them
    {
        compat_file *f = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_file_open(path.c_str(), COMPAT_FILE_READ, &f));
        uint32_t cb_page = 0;
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &cb_page, sizeof cb_page, JET_DbInfoPageSize));
        cache *c = nullptr;
        ASSERT_EQ(JET_errSuccess, cache_create(cb_page, 64, &c));
        uint32_t ifile = 0;
        ASSERT_EQ(JET_errSuccess, cache_attach_file(c, f, &ifile));
        catalog *cat = nullptr;
        ASSERT_EQ(JET_errSuccess, catalog_load(c, ifile, &cat));
        const catalog_table *tt = catalog_find_table(cat, "t");
        ASSERT_NE(nullptr, tt);
        for (const column_case &k : k_cases) {
            const record_column *col = nullptr;
            for (uint32_t i = 0; i < tt->ccolumns; i++)
                if (std::string(tt->columns[i].name) == k.name) col = &tt->columns[i];
            ASSERT_NE(nullptr, col) << k.name;
            catalog_row_extras x{};
            ASSERT_EQ(JET_errSuccess,
                      catalog_read_row_extras(c, ifile, tt->objid, CATALOG_TYPE_COLUMN, col->columnid & 0xffffu, &x));
            EXPECT_EQ(k.flags, x.flags) << k.name;
        }
        catalog_free(cat);
        cache_detach_file(c, ifile);
        cache_destroy(c);
        compat_file_close(f);
    }

    // and read back through the API
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s, path.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, path.c_str(), nullptr, &db, JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, db, "t", nullptr, 0, JET_bitTableReadOnly, &t));
    for (const column_case &k : k_cases) EXPECT_EQ(k.grbit & ~JET_GRBIT(JET_bitColumnFixed), ReportedGrbit(s, t, k.name) & ~JET_GRBIT(JET_bitColumnFixed))
        << k.name << " after the detach";
    EXPECT_EQ(JET_errSuccess, JetTerm2(inst, JET_bitTermComplete));
    inst = 0;
    RemoveScratchFolder(dir);
}

// The samples' own rows: multi.edb's tagged columns are multi-valued (Flags 8), basic.edb's
// Id is autoincrement and not null (Flags 5).
TEST(ColumnFlags, WindowsRowsReportEsentsGrbits)
{
    instance_guard g;
    JET_INSTANCE &inst = g.inst;
    JET_SESID s = 0;
    // the samples have 4 KiB pages; the process's page size is whatever earlier tests left
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramDatabasePageSize, &g.saved_page, nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 4096, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "colflags-windows"));
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &s, "", ""));
    struct {
        const char *file, *table, *column;
        JET_GRBIT grbit;
    } const k_windows[] = {
        {"multi.edb", "multi", "Bit", JET_bitColumnTagged | JET_bitColumnMultiValued},
        {"multi.edb", "multi", "Id", JET_bitColumnFixed | JET_bitColumnNotNULL | JET_bitColumnAutoincrement},
        {"basic.edb", "basic", "Id", JET_bitColumnFixed | JET_bitColumnNotNULL | JET_bitColumnAutoincrement},
    };
    for (const auto &w : k_windows) {
        std::string path = sample(w.file);
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s, path.c_str(), JET_bitDbReadOnly)) << path;
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, path.c_str(), nullptr, &db, JET_bitDbReadOnly));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, db, w.table, nullptr, 0, JET_bitTableReadOnly, &t));
        EXPECT_EQ(w.grbit, ReportedGrbit(s, t, w.column)) << w.file << " " << w.column;
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s, db, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s, path.c_str()));
    }
    EXPECT_EQ(JET_errSuccess, JetTerm2(inst, JET_bitTermComplete));
    inst = 0;
}

} // namespace
