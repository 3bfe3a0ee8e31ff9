// A database with a template table and a table derived from it, as the engine writes it:
// the catalog rows are ESE's (the template's row flagged Template|FixedDDL and its column
// rows ffieldTemplateColumnESE98; the derived table's row flagged Derived with
// TemplateTable naming the template, no column rows for what it inherits, its own rows of
// the template's indexes flagged fidbDerivedIndex), the derived table's tagged values of
// template columns carry the derived bit. Checked by reading the catalog back, by
// edbcheck.py, and by Debian's esedbinfo/esedbexport, which merge the template's columns
// into the derived table as ESE does.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "catalog.h"
#include "compat.h"
}

namespace {

bool have_libesedb_tools()
{
    if (std::getenv("WINEPREFIX") != nullptr) return false;
    return std::system("command -v esedbexport >/dev/null 2>&1") == 0;
}

struct scratch {
    std::string dir;
    scratch()
    {
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        static int n;
        dir = std::string(tmp) + "esent-tmplfile-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir.c_str());
    }
    ~scratch()
    {
        std::string cmd = "rm -rf '" + dir + "'";
        (void)std::system(cmd.c_str());
    }
};

// template "base" (id fixed Long, name Text 1252, tags tagged Long), primary on id and
// byname; "child" derived from it with note (tagged Text); three rows in child.
void write_database(const std::string &path)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "tmplfile"));
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &s, "", ""));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s, path.c_str(), nullptr, &db, 0));

    JET_COLUMNCREATE_A cols[3] = {};
    const char *names[3] = {"id", "name", "tags"};
    JET_COLTYP types[3] = {JET_coltypLong, JET_coltypText, JET_coltypLong};
    for (int i = 0; i < 3; i++) {
        cols[i].cbStruct = sizeof cols[i];
        cols[i].szColumnName = const_cast<char *>(names[i]);
        cols[i].coltyp = types[i];
    }
    cols[2].grbit = JET_bitColumnTagged;
    JET_INDEXCREATE_A idx[2] = {};
    idx[0].cbStruct = sizeof idx[0];
    idx[0].szIndexName = const_cast<char *>("primary");
    idx[0].szKey = const_cast<char *>("+id\0");
    idx[0].cbKey = 5;
    idx[0].grbit = JET_bitIndexPrimary;
    idx[1].cbStruct = sizeof idx[1];
    idx[1].szIndexName = const_cast<char *>("byname");
    idx[1].szKey = const_cast<char *>("+name\0");
    idx[1].cbKey = 7;
    JET_TABLECREATE_A tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char *>("base");
    tc.rgcolumncreate = cols;
    tc.cColumns = 3;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    tc.grbit = JET_bitTableCreateTemplateTable;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndexA(s, db, &tc));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s, tc.tableid));

    JET_COLUMNCREATE_A own{};
    own.cbStruct = sizeof own;
    own.szColumnName = const_cast<char *>("note");
    own.coltyp = JET_coltypText;
    own.grbit = JET_bitColumnTagged;
    JET_TABLECREATE_A dc{};
    dc.cbStruct = sizeof dc;
    dc.szTableName = const_cast<char *>("child");
    dc.szTemplateTableName = const_cast<char *>("base");
    dc.rgcolumncreate = &own;
    dc.cColumns = 1;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndexA(s, db, &dc));
    JET_TABLEID t = dc.tableid;
    for (int32_t i = 1; i <= 3; i++) {
        std::string name = "n" + std::to_string(i), note = "note" + std::to_string(i);
        int32_t tag = 10 * i;
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, cols[0].columnid, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, cols[1].columnid, name.data(), (uint32_t)name.size(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, cols[2].columnid, &tag, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, own.columnid, note.data(), (uint32_t)note.size(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s, t, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s, path.c_str()));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s, 0));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
}

std::vector<std::vector<std::string>> read_tsv(const std::string &path)
{
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        size_t start = 0;
        for (;;) {
            size_t tab = line.find('\t', start);
            cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        rows.push_back(cells);
    }
    return rows;
}

std::string find_export(const std::string &dir, const char *prefix)
{
    struct ctx_t {
        std::string found;
        const char *prefix;
    } ctx{std::string(), prefix};
    compat_dir_list(
        dir.c_str(),
        [](void *p, const char *name) {
            ctx_t *c = static_cast<ctx_t *>(p);
            if (std::strncmp(name, c->prefix, std::strlen(c->prefix)) == 0) c->found = name;
            return true;
        },
        &ctx);
    return ctx.found.empty() ? std::string() : dir + "/" + ctx.found;
}

TEST(TemplateTableFile, CatalogRowsAreEses)
{
    scratch sc;
    std::string path = sc.dir + "/t.edb";
    write_database(path);
    if (HasFatalFailure()) return;
    compat_file *f = nullptr;
    ASSERT_EQ(COMPAT_OK, compat_file_open(path.c_str(), COMPAT_FILE_READ, &f));
    cache *c = nullptr;
    uint32_t cb_page = 0; // whatever JET_paramDatabasePageSize an earlier test left
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &cb_page, sizeof cb_page, JET_DbInfoPageSize));
    ASSERT_EQ(JET_errSuccess, cache_create(cb_page, 64, &c));
    uint32_t ifile = 0;
    ASSERT_EQ(JET_errSuccess, cache_attach_file(c, f, &ifile));
    catalog *cat = nullptr;
    ASSERT_EQ(JET_errSuccess, catalog_load(c, ifile, &cat));
    const catalog_table *base = catalog_find_table(cat, "base"), *child = catalog_find_table(cat, "child");
    ASSERT_NE(nullptr, base);
    ASSERT_NE(nullptr, child);
    EXPECT_EQ((uint32_t)(JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL), base->flags);
    EXPECT_EQ((uint32_t)JET_bitObjectTableDerived, child->flags);
    ASSERT_NE(nullptr, child->template_name);
    EXPECT_STREQ("base", child->template_name);
    // the template's columns carry the template bit; the child has its own and inherited ones
    ASSERT_EQ(3u, base->ccolumns);
    for (uint32_t i = 0; i < base->ccolumns; i++) EXPECT_NE(0u, base->columns[i].columnid & RECORD_COLUMNID_TEMPLATE);
    ASSERT_EQ(4u, child->ccolumns);
    EXPECT_EQ(256u, child->columns[0].columnid);
    EXPECT_FALSE(child->columns[0].inherited);
    for (uint32_t i = 1; i < 4; i++) EXPECT_TRUE(child->columns[i].inherited);
    // indexes: the template's are template indexes, the child's derived ones
    ASSERT_EQ(2u, base->cindexes);
    ASSERT_EQ(2u, child->cindexes);
    for (uint32_t i = 0; i < 2; i++) {
        EXPECT_NE(0u, base->indexes[i].idb_flags & IDB_TEMPLATE_INDEX);
        EXPECT_NE(0u, child->indexes[i].idb_flags & IDB_DERIVED_INDEX);
        EXPECT_EQ(0u, child->indexes[i].idb_flags & IDB_TEMPLATE_INDEX);
        EXPECT_NE(0u, child->indexes[i].segments[0].columnid & RECORD_COLUMNID_TEMPLATE);
        EXPECT_NE(base->indexes[i].pgno_fdp, child->indexes[i].pgno_fdp);
    }
    const record_index *primary = catalog_primary_index(child);
    ASSERT_NE(nullptr, primary);
    EXPECT_EQ(child->pgno_fdp, primary->pgno_fdp);
    EXPECT_EQ(child->objid, primary->objid);
    // the template column rows say they are (ffieldTemplateColumnESE98)
    catalog_row_extras x{};
    ASSERT_EQ(JET_errSuccess, catalog_read_row_extras(c, ifile, base->objid, CATALOG_TYPE_COLUMN, 1, &x));
    EXPECT_NE(0u, x.flags & CATALOG_COLUMN_FLAG_TEMPLATE);
    catalog_free(cat);
    cache_detach_file(c, ifile);
    cache_destroy(c);
    compat_file_close(f);
}

TEST(TemplateTableFile, OtherReadersReadTheDerivedTable)
{
    if (!have_libesedb_tools()) GTEST_SKIP() << "esedbexport is not installed (or this is Wine)";
    scratch sc;
    std::string path = sc.dir + "/t.edb";
    write_database(path);
    if (HasFatalFailure()) return;
#ifdef EDBCHECK_PY
    std::string check = std::string("python3 ") + EDBCHECK_PY + " '" + path + "' >/dev/null 2>&1";
    EXPECT_EQ(0, std::system(check.c_str())) << check;
#endif
    std::string info = "esedbinfo '" + path + "' >/dev/null 2>&1";
    EXPECT_EQ(0, std::system(info.c_str())) << info;
    std::string cmd = "cd '" + sc.dir + "' && esedbexport -t x -T child t.edb >/dev/null 2>&1";
    ASSERT_EQ(0, std::system(cmd.c_str())) << cmd;
    std::string file = find_export(sc.dir + "/x.export", "child");
    ASSERT_FALSE(file.empty());
    auto rows = read_tsv(file);
    // libesedb lists the template's columns first, then the table's own
    ASSERT_EQ(4u, rows.size());
    EXPECT_EQ((std::vector<std::string>{"id", "name", "tags", "note"}), rows[0]);
    for (int i = 1; i <= 3; i++) {
        SCOPED_TRACE(i);
        EXPECT_EQ((std::vector<std::string>{std::to_string(i), "n" + std::to_string(i), std::to_string(10 * i),
                                            "note" + std::to_string(i)}),
                  rows[(size_t)i]);
    }
}

} // namespace
