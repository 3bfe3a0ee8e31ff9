// JetDeleteColumn(2) (the column's id and the records stay) and JetSetColumnDefaultValue
// (records without the column read the new default), read back after detaching, on the
// table of numbered_table.h.
#include "numbered_table.h"

namespace {

class ColumnDdl : public NumberedTable {};

TEST_F(ColumnDdl, DeleteColumnKeepsItsIdAndTheRecords)
{
    JET_TABLEID t = 0;
    MakeTable(3, &t);
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnTagged;
    JET_COLUMNID extra = 0, fixed2 = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "extra", &def, nullptr, 0, &extra));
    def.grbit = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "fixed2", &def, nullptr, 0, &fixed2));
    EXPECT_EQ(3u, fixed2);
    ASSERT_EQ(JET_errSuccess, Seek(t, 1));
    int32_t v = 77, w = 55;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, extra, &v, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, fixed2, &w, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));

    // key columns stay; unknown names are not found; names are checked
    EXPECT_EQ(JET_errColumnInUse, JetDeleteColumnA(s_, t, "id"));
    EXPECT_EQ(JET_errColumnInUse, JetDeleteColumn2A(s_, t, "grp", JET_bitDeleteColumnIgnoreTemplateColumns));
    EXPECT_EQ(JET_errColumnNotFound, JetDeleteColumnA(s_, t, "nosuch"));
    EXPECT_EQ(JET_errInvalidName, JetDeleteColumnA(s_, t, nullptr));
    EXPECT_EQ(JET_errInvalidName, JetDeleteColumnA(s_, t, "a.b"));

    ASSERT_EQ(JET_errSuccess, JetDeleteColumnA(s_, t, "name"));
    ASSERT_EQ(JET_errSuccess, JetDeleteColumnW(s_, t, reinterpret_cast<const WCHAR *>(u"EXTRA")));
    EXPECT_EQ(JET_errColumnNotFound, JetDeleteColumnA(s_, t, "name"));
    JET_COLUMNDEF got{};
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfoA(s_, t, "name", &got, sizeof got, JET_ColInfo));
    // the cursor is before the first record after the change
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t, 0, 0));
    ASSERT_EQ(JET_errSuccess, Seek(t, 1));
    char buf[64];
    uint32_t cb = 0;
    EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumn(s_, t, name_, buf, sizeof buf, &cb, 0, nullptr));
    EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumn(s_, t, extra, buf, sizeof buf, &cb, 0, nullptr));
    // the columns after it in the record are read as before
    int32_t got_w = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, fixed2, &got_w, 4, &cb, 0, nullptr));
    EXPECT_EQ(55, got_w);
    // a deleted column's id is never given out again
    def.coltyp = JET_coltypText;
    def.cbMax = 50;
    JET_COLUMNID again = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &def, nullptr, 0, &again));
    EXPECT_EQ(name_ + 1u, again);
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnTagged;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "extra", &def, nullptr, 0, &again));
    EXPECT_EQ(extra + 1u, again);
    // the new "name" is empty in the old record, not the old value
    EXPECT_EQ(JET_wrnColumnNull, JetRetrieveColumn(s_, t, name_ + 1u, buf, sizeof buf, &cb, 0, nullptr));
    // updates of old records still work
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, name_ + 1u, "new", 3, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));

    Reattach();
    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, "name", &got, sizeof got, JET_ColInfo));
    EXPECT_EQ(name_ + 1u, got.columnid);
    def.coltyp = JET_coltypLong;
    def.grbit = 0;
    JET_COLUMNID fixed3 = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "fixed3", &def, nullptr, 0, &fixed3));
    EXPECT_EQ(4u, fixed3);
    ASSERT_EQ(JET_errSuccess, Seek(t, 1));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, fixed2, &got_w, 4, &cb, 0, nullptr));
    EXPECT_EQ(55, got_w);
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, name_ + 1u, buf, sizeof buf, &cb, 0, nullptr));
    EXPECT_EQ(std::string("new"), std::string(buf, cb));
    // a read-only cursor cannot change the schema
    JET_TABLEID ro = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid_, "t", nullptr, 0, JET_bitTableReadOnly, &ro));
    EXPECT_EQ(JET_errPermissionDenied, JetDeleteColumnA(s_, ro, "fixed3"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, ro));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    // a table with deleted columns can be deleted whole
    EXPECT_EQ(JET_errSuccess, JetDeleteTableA(s_, dbid_, "t"));
#ifdef EDBCHECK_PY
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    std::string cmd = std::string("python3 ") + EDBCHECK_PY + " '" + path_ + "' >/dev/null 2>&1";
    if (std::getenv("WINEPREFIX") == nullptr) {
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
    }
#endif
}

TEST_F(ColumnDdl, SetColumnDefaultValueAppliesToRecordsWithoutTheColumn)
{
    JET_TABLEID t = 0;
    MakeTable(2, &t);
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID level = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "level", &def, nullptr, 0, &level));
    int32_t d = 42;
    // the table is open: ESE opens it deny-read and fails
    EXPECT_EQ(JET_errTableInUse, JetSetColumnDefaultValueA(s_, dbid_, "t", "level", &d, 4, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    EXPECT_EQ(JET_errNullInvalid, JetSetColumnDefaultValueA(s_, dbid_, "t", "level", nullptr, 0, 0));
    EXPECT_EQ(JET_errNullInvalid, JetSetColumnDefaultValueA(s_, dbid_, "t", "level", &d, 0, 0));
    EXPECT_EQ(JET_errColumnInUse, JetSetColumnDefaultValueA(s_, dbid_, "t", "grp", &d, 4, 0));
    EXPECT_EQ(JET_errColumnNotFound, JetSetColumnDefaultValueA(s_, dbid_, "t", "nosuch", &d, 4, 0));
    EXPECT_EQ(JET_errObjectNotFound, JetSetColumnDefaultValueA(s_, dbid_, "nosuch", "level", &d, 4, 0));
    EXPECT_EQ(JET_errInvalidName, JetSetColumnDefaultValueA(s_, dbid_, "t", "", &d, 4, 0));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetSetColumnDefaultValueA(s_, dbid_ + 7, "t", "level", &d, 4, 0));
    ASSERT_EQ(JET_errSuccess, JetSetColumnDefaultValueA(s_, dbid_, "t", "level", &d, 4, 0));

    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    int32_t v = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, Seek(t, 1)); // an old record: the column is absent, its default shows
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, level, &v, 4, &cb, 0, nullptr));
    EXPECT_EQ(42, v);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    int32_t d2 = 7;
    ASSERT_EQ(JET_errSuccess,
              JetSetColumnDefaultValueW(s_, dbid_, reinterpret_cast<const WCHAR *>(u"t"),
                                        reinterpret_cast<const WCHAR *>(u"level"), &d2, 4, 0));
    Reattach();
    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    // a new record starts from the default
    int32_t id = 500;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, Seek(t, 500));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, level, &v, 4, &cb, 0, nullptr));
    EXPECT_EQ(7, v);
    JET_COLUMNBASE_A cbase{};
    (void)cbase;
}

} // namespace
