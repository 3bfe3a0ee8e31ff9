// Creating, deleting and renaming tables, columns and indexes through the API:
// JetCreateTableColumnIndex (every structure version, A and W), JetCreateIndex2..4,
// JetAddColumn's validation, JetDeleteTable, JetDeleteIndex, JetRenameTable,
// JetRenameColumn; each checked by reading the database back.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "esent.h"
#include "numbered_table.h"

namespace {

// A new database in a scratch folder, session s_, database dbid_ (numbered_table.h).
class DdlApi : public NumberedTable {};

// WCHAR is char16_t on POSIX and wchar_t on Windows: both 16-bit UTF-16 units.
WCHAR *W(const char16_t *s)
{
    return reinterpret_cast<WCHAR *>(const_cast<char16_t *>(s));
}

JET_COLUMNCREATE_A column(const char *name, JET_COLTYP coltyp, JET_GRBIT grbit = 0, uint32_t cbMax = 0)
{
    JET_COLUMNCREATE_A c{};
    c.cbStruct = sizeof c;
    c.szColumnName = const_cast<char *>(name);
    c.coltyp = coltyp;
    c.grbit = grbit;
    c.cbMax = cbMax;
    return c;
}

TEST_F(DdlApi, CreateTableColumnIndex3MakesEverythingAtOnce)
{
    JET_COLUMNCREATE_A cols[] = {
        column("id", JET_coltypLong, JET_bitColumnAutoincrement),
        column("name", JET_coltypText, 0, 80),
        column("tags", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued),
        column("body", JET_coltypLongText),
    };
    char pk[] = "+id\0", byname[] = "+name\0";
    JET_INDEXCREATE2_A idx[2]{};
    for (auto &i : idx) i.cbStruct = sizeof i;
    idx[0].szIndexName = const_cast<char *>("pk");
    idx[0].szKey = pk;
    idx[0].cbKey = sizeof pk;
    idx[0].grbit = JET_bitIndexPrimary;
    idx[1].szIndexName = const_cast<char *>("byname");
    idx[1].szKey = byname;
    idx[1].cbKey = sizeof byname;
    idx[1].grbit = JET_bitIndexUnique;
    JET_TABLECREATE3_A tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char *>("items");
    tc.rgcolumncreate = cols;
    tc.cColumns = 4;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex3A(s_, dbid_, &tc));
    EXPECT_EQ(7u, tc.cCreated);
    EXPECT_EQ(1u, cols[0].columnid);
    EXPECT_EQ(128u, cols[1].columnid);
    EXPECT_EQ(256u, cols[2].columnid);
    EXPECT_EQ(257u, cols[3].columnid);
    for (auto &c : cols) EXPECT_EQ(JET_errSuccess, c.err);
    for (auto &i : idx) EXPECT_EQ(JET_errSuccess, i.err);
    // The returned cursor works: an insert gets its autoincrement value and the unique
    // index refuses a repeated name.
    for (int k = 0; k < 2; k++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, tc.tableid, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tc.tableid, cols[1].columnid, "same", 4, 0, nullptr));
        EXPECT_EQ(k == 0 ? JET_errSuccess : JET_errKeyDuplicate, JetUpdate(s_, tc.tableid, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, tc.tableid));
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, Open("items", &t));
    JET_INDEXID unused{};
    (void)unused;
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "byname"));
}

TEST_F(DdlApi, AFailingIndexLeavesNoTable)
{
    JET_COLUMNCREATE_A cols[] = {column("a", JET_coltypLong)};
    char key[] = "+nosuch\0";
    JET_INDEXCREATE_A idx{};
    idx.cbStruct = sizeof idx;
    idx.szIndexName = const_cast<char *>("bad");
    idx.szKey = key;
    idx.cbKey = sizeof key;
    JET_TABLECREATE_A tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char *>("t");
    tc.rgcolumncreate = cols;
    tc.cColumns = 1;
    tc.rgindexcreate = &idx;
    tc.cIndexes = 1;
    EXPECT_EQ(JET_errColumnNotFound, JetCreateTableColumnIndexA(s_, dbid_, &tc));
    EXPECT_EQ(JET_errColumnNotFound, idx.err);
    EXPECT_EQ(JET_errSuccess, cols[0].err);
    EXPECT_EQ(JET_tableidNil, tc.tableid);
    EXPECT_EQ(0u, tc.cCreated);
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errObjectNotFound, Open("t", &t));
    // Wrong structure sizes.
    tc.cbStruct = sizeof tc - 4;
    EXPECT_EQ(JET_errInvalidParameter, JetCreateTableColumnIndexA(s_, dbid_, &tc));
    tc.cbStruct = sizeof tc;
    tc.cIndexes = 0;
    cols[0].cbStruct = 8;
    EXPECT_EQ(JET_errInvalidParameter, JetCreateTableColumnIndexA(s_, dbid_, &tc));
    EXPECT_EQ(JET_errInvalidParameter, cols[0].err);
    EXPECT_EQ(JET_errObjectNotFound, Open("t", &t));
}

TEST_F(DdlApi, WideStructuresAndLocaleNames)
{
    JET_COLUMNCREATE_W cols[2]{};
    for (auto &c : cols) c.cbStruct = sizeof c;
    cols[0].szColumnName = W(u"k");
    cols[0].coltyp = JET_coltypLong;
    cols[1].szColumnName = W(u"word");
    cols[1].coltyp = JET_coltypText;
    cols[1].cp = 1200;
    const char16_t pk[] = u"+k\0";
    const char16_t byword[] = u"+word\0";
    JET_UNICODEINDEX2 de{};
    de.szLocaleName = W(u"de-DE");
    de.dwMapFlags = 0x00000001; /* NORM_IGNORECASE */
    JET_INDEXCREATE3_W idx[2]{};
    for (auto &i : idx) i.cbStruct = sizeof i;
    idx[0].szIndexName = W(u"pk");
    idx[0].szKey = W(pk);
    idx[0].cbKey = sizeof pk;
    idx[0].grbit = JET_bitIndexPrimary;
    idx[1].szIndexName = W(u"byword");
    idx[1].szKey = W(byword);
    idx[1].cbKey = sizeof byword;
    idx[1].pidxunicode = &de;
    JET_TABLECREATE4_W tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = W(u"words");
    tc.rgcolumncreate = cols;
    tc.cColumns = 2;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    JET_ERR err = JetCreateTableColumnIndex4W(s_, dbid_, &tc);
    if (err == JET_errFeatureNotAvailable) GTEST_SKIP() << "no ICU here (Wine)";
    ASSERT_EQ(JET_errSuccess, err);
    EXPECT_EQ(5u, tc.cCreated);
    JET_INDEXCREATE_A probe{};
    (void)probe;
    char name[JET_cbNameMost + 1] = {};
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, tc.tableid, "byword"));
    EXPECT_EQ(JET_errSuccess, JetGetCurrentIndexA(s_, tc.tableid, name, sizeof name));
    EXPECT_STREQ("byword", name);
}

TEST_F(DdlApi, AddColumnFollowsEsesRules)
{
    JET_TABLEID t = 0, t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "t", 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    JET_COLUMNID col = 0;
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnMultiValued;
    EXPECT_EQ(JET_errMultiValuedColumnMustBeTagged, JetAddColumnA(s_, t, "mv", &def, nullptr, 0, &col));
    def.grbit = JET_bitColumnTagged | JET_bitColumnFixed;
    EXPECT_EQ(JET_errInvalidGrbit, JetAddColumnA(s_, t, "tf", &def, nullptr, 0, &col));
    def.grbit = JET_bitColumnEscrowUpdate;
    EXPECT_EQ(JET_errInvalidGrbit, JetAddColumnA(s_, t, "esc", &def, nullptr, 0, &col)); // needs a default
    def.grbit = JET_bitColumnAutoincrement | JET_bitColumnTagged;
    EXPECT_EQ(JET_errCannotBeTagged, JetAddColumnA(s_, t, "ai", &def, nullptr, 0, &col));
    def.coltyp = JET_coltypText;
    def.grbit = 0;
    def.cp = 437;
    EXPECT_EQ(JET_errInvalidCodePage, JetAddColumnA(s_, t, "txt", &def, nullptr, 0, &col));
    def.cp = 0;
    def.cbMax = 300;
    EXPECT_EQ(JET_wrnColumnMaxTruncated, JetAddColumnA(s_, t, "txt", &def, nullptr, 0, &col));
    def.cbMax = 4;
    EXPECT_EQ(JET_errDefaultValueTooBig, JetAddColumnA(s_, t, "short", &def, "toolong", 7, &col));
    EXPECT_EQ(JET_errInvalidName, JetAddColumnA(s_, t, "a.b", &def, nullptr, 0, &col));
    EXPECT_EQ(JET_errInvalidName, JetAddColumnA(s_, t, " lead", &def, nullptr, 0, &col));
    EXPECT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "trail  ", &def, nullptr, 0, &col));
    EXPECT_EQ(JET_errColumnDuplicate, JetAddColumnA(s_, t, "trail", &def, nullptr, 0, &col));
    // Autoincrement columns need the table exclusively: a second, shared cursor may not.
    ASSERT_EQ(JET_errSuccess, Open("t", &t2));
    def.coltyp = JET_coltypLong;
    def.cbMax = 0;
    def.grbit = JET_bitColumnAutoincrement;
    EXPECT_EQ(JET_errExclusiveTableLockRequired, JetAddColumnA(s_, t2, "ai", &def, nullptr, 0, &col));
    EXPECT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "ai", &def, nullptr, 0, &col));
    // 127 fixed columns at most.
    def.grbit = 0;
    JET_ERR err = JET_errSuccess;
    int added = 0;
    for (int i = 0; i < 200 && err >= 0; i++) {
        err = JetAddColumnA(s_, t, ("f" + std::to_string(i)).c_str(), &def, nullptr, 0, &col);
        if (err >= 0) added++;
    }
    EXPECT_EQ(JET_errTooManyColumns, err);
    EXPECT_EQ(126, added); // "ai" took fid 1
}

TEST_F(DdlApi, DeleteAndRename)
{
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "old", 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID a = 0, b = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "a", &def, nullptr, 0, &a));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "b", &def, nullptr, 0, &b));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, "+a\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "byb", 0, "+b\0", 4, 100));
    for (int32_t i = 0; i < 500; i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, a, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, b, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    EXPECT_EQ(JET_errIndexMustStay, JetDeleteIndexA(s_, t, "pk"));
    EXPECT_EQ(JET_errIndexNotFound, JetDeleteIndexA(s_, t, "nope"));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "byb"));
    EXPECT_EQ(JET_errIndexInUse, JetDeleteIndexA(s_, t, "byb"));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, nullptr));
    EXPECT_EQ(JET_errSuccess, JetDeleteIndexA(s_, t, "byb"));
    EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndexA(s_, t, "byb"));
    // Records are still all there and updates no longer touch the deleted index.
    int count = 0;
    JET_ERR err;
    for (err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) count++;
    EXPECT_EQ(500, count);
    ASSERT_EQ(JET_errSuccess, JetRenameColumnA(s_, t, "b", "bee", 0));
    JET_COLUMNDEF got{};
    EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, "bee", &got, sizeof got, JET_ColInfo));
    EXPECT_EQ(b, got.columnid);
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfoA(s_, t, "b", &got, sizeof got, JET_ColInfo));
    EXPECT_EQ(JET_errTableInUse, JetRenameTableA(s_, dbid_, "old", "new"));
    EXPECT_EQ(JET_errTableInUse, JetDeleteTableA(s_, dbid_, "old"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    EXPECT_EQ(JET_errSuccess, JetRenameTableA(s_, dbid_, "old", "new"));
    EXPECT_EQ(JET_errObjectNotFound, Open("old", &t));
    ASSERT_EQ(JET_errSuccess, Open("new", &t));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    EXPECT_EQ(JET_errCannotDeleteSystemTable, JetDeleteTableA(s_, dbid_, "MSysObjects"));
    EXPECT_EQ(JET_errSuccess, JetDeleteTableA(s_, dbid_, "new"));
    EXPECT_EQ(JET_errObjectNotFound, Open("new", &t));
    EXPECT_EQ(JET_errObjectNotFound, JetDeleteTableA(s_, dbid_, "new"));
    // The table's pages went back to the database: a new table of the same size does
    // not grow the file.
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    uint64_t size_after_delete = 0;
    {
        compat_file *f = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_file_open(path_.c_str(), COMPAT_FILE_READ, &f));
        compat_file_size(f, &size_after_delete);
        compat_file_close(f);
    }
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &dbid_, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "again", 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "a", &def, nullptr, 0, &a));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, "+a\0", 4, 100));
    for (int32_t i = 0; i < 500; i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, a, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    uint64_t size_now = 0;
    {
        compat_file *f = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_file_open(path_.c_str(), COMPAT_FILE_READ, &f));
        compat_file_size(f, &size_now);
        compat_file_close(f);
    }
    EXPECT_EQ(size_after_delete, size_now);
}

} // namespace
