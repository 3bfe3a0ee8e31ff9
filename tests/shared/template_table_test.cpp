// Template and derived tables (ESE's hierarchical DDL): JetCreateTableColumnIndex with
// JET_bitTableCreateTemplateTable makes a table whose columns and indexes another table
// inherits by naming it in szTemplateTableName. The template's column ids carry the
// template bit (0x80000000); the derived table finds those columns by name, keeps their
// values in its own records and has its own copy of every template index; the refusals
// (JET_errFixedDDL, JET_errFixedInheritedDDL, JET_errCannotNestDDL, ...) are ESE's
// (fcreate.cxx). Everything survives a detach and attach. Written against esent.h only.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

const JET_COLUMNID kTemplateBit = 0x80000000u;

class TemplateTable : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("tmpltbl", "t.edb", &dir_, &path_, &name_);
        Start();
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    void Start()
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    // Closes everything, detaches, ends the instance, then attaches again.
    void Reopen()
    {
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
        ASSERT_EQ(JET_errSuccess, JetEndSession(s_, 0));
        ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
        inst_ = 0;
        Start();
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    }

    // The template "base": id (fixed Long), name (ASCII Text: an index over Unicode text
    // would need ICU, which the Windows build under Wine lacks), notes (LongText, tagged),
    // tags (multi-valued tagged Long); primary index on id, secondary on name.
    JET_ERR CreateTemplate(JET_GRBIT extra = 0)
    {
        JET_COLUMNCREATE_A cols[4] = {};
        const char *names[4] = {"id", "name", "notes", "tags"};
        JET_COLTYP types[4] = {JET_coltypLong, JET_coltypText, JET_coltypLongText, JET_coltypLong};
        JET_GRBIT grbits[4] = {JET_bitColumnFixed, 0, 0, JET_bitColumnTagged | JET_bitColumnMultiValued};
        for (int i = 0; i < 4; i++) {
            cols[i].cbStruct = sizeof cols[i];
            cols[i].szColumnName = const_cast<char *>(names[i]);
            cols[i].coltyp = types[i];
            cols[i].grbit = grbits[i];
            cols[i].cp = types[i] == JET_coltypLongText ? 1200 : types[i] == JET_coltypText ? 1252 : 0;
        }
        JET_INDEXCREATE_A idx[2] = {};
        idx[0].cbStruct = sizeof idx[0];
        idx[0].szIndexName = const_cast<char *>("primary");
        idx[0].szKey = const_cast<char *>("+id\0");
        idx[0].cbKey = 5;
        idx[0].grbit = JET_bitIndexPrimary;
        idx[0].ulDensity = 90;
        idx[1].cbStruct = sizeof idx[1];
        idx[1].szIndexName = const_cast<char *>("byname");
        idx[1].szKey = const_cast<char *>("+name\0");
        idx[1].cbKey = 7;
        idx[1].ulDensity = 80;
        JET_TABLECREATE_A tc{};
        tc.cbStruct = sizeof tc;
        tc.szTableName = const_cast<char *>("base");
        tc.ulDensity = 80;
        tc.rgcolumncreate = cols;
        tc.cColumns = 4;
        tc.rgindexcreate = idx;
        tc.cIndexes = 2;
        tc.grbit = JET_bitTableCreateTemplateTable | extra;
        JET_ERR err = JetCreateTableColumnIndexA(s_, db_, &tc);
        if (err >= 0) {
            created_template_ = tc.cCreated;
            for (int i = 0; i < 4; i++) template_ids_[i] = cols[i].columnid;
            EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, tc.tableid));
        }
        return err;
    }
    // A derived table of template tmpl with its own columns: extra (fixed Short) and blob
    // (tagged Binary). The new table's cursor stays open in *out when out is given.
    JET_ERR CreateDerived(const char *name, const char *tmpl, JET_TABLEID *out = nullptr)
    {
        JET_COLUMNCREATE_A cols[2] = {};
        cols[0].cbStruct = sizeof cols[0];
        cols[0].szColumnName = const_cast<char *>("extra");
        cols[0].coltyp = JET_coltypShort;
        cols[1].cbStruct = sizeof cols[1];
        cols[1].szColumnName = const_cast<char *>("blob");
        cols[1].coltyp = JET_coltypBinary;
        cols[1].grbit = JET_bitColumnTagged;
        JET_TABLECREATE_A tc{};
        tc.cbStruct = sizeof tc;
        tc.szTableName = const_cast<char *>(name);
        tc.szTemplateTableName = const_cast<char *>(tmpl);
        tc.rgcolumncreate = cols;
        tc.cColumns = 2;
        JET_ERR err = JetCreateTableColumnIndexA(s_, db_, &tc);
        if (err >= 0) {
            created_derived_ = tc.cCreated;
            own_ids_[0] = cols[0].columnid;
            own_ids_[1] = cols[1].columnid;
            if (out != nullptr) *out = tc.tableid;
            else EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, tc.tableid));
        }
        return err;
    }
    JET_COLUMNID Columnid(const char *table, const char *column)
    {
        JET_COLUMNDEF d{};
        EXPECT_EQ(JET_errSuccess, JetGetColumnInfoA(s_, db_, table, column, &d, sizeof d, JET_ColInfo));
        return d.columnid;
    }
    void Insert(JET_TABLEID t, int32_t id, const std::string &name, const std::string &blob,
                std::vector<int32_t> tags)
    {
        JET_COLUMNID cid = Columnid("child", "id"), cname = Columnid("child", "name");
        JET_COLUMNID ctags = Columnid("child", "tags"), cblob = Columnid("child", "blob");
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, cid, &id, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, cname, name.data(), (uint32_t)name.size(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, cblob, blob.data(), (uint32_t)blob.size(), 0, nullptr));
        for (int32_t v : tags) {
            JET_SETINFO si{};
            si.cbStruct = sizeof si;
            si.itagSequence = 0;
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ctags, &v, 4, 0, &si));
        }
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    int32_t Long(JET_TABLEID t, JET_COLUMNID c, uint32_t itag = 1)
    {
        int32_t v = -1;
        uint32_t cb = 0;
        JET_RETINFO ri{};
        ri.cbStruct = sizeof ri;
        ri.itagSequence = itag;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, c, &v, 4, &cb, 0, &ri));
        return v;
    }
    std::string Bytes(JET_TABLEID t, JET_COLUMNID c)
    {
        char buf[256];
        uint32_t cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, c, buf, sizeof buf, &cb, 0, nullptr));
        return std::string(buf, cb < sizeof buf ? cb : sizeof buf);
    }
    // The rows of child in the current index, as their ids.
    std::vector<int32_t> Ids(JET_TABLEID t)
    {
        std::vector<int32_t> out;
        JET_COLUMNID cid = Columnid("child", "id");
        for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s_, t, JET_MoveNext, 0))
            out.push_back(Long(t, cid));
        return out;
    }
    void Fill(JET_TABLEID t)
    {
        Insert(t, 3, "charlie", "ccc", {30, 31});
        Insert(t, 1, "bravo", "a", {10});
        Insert(t, 2, "alpha", "bb", {});
    }
    // Checks the three rows of Fill through t.
    void CheckRows(JET_TABLEID t)
    {
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, nullptr));
        EXPECT_EQ((std::vector<int32_t>{1, 2, 3}), Ids(t));
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "byname"));
        EXPECT_EQ((std::vector<int32_t>{2, 1, 3}), Ids(t));
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, nullptr));
        int32_t key = 3;
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &key, 4, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
        JET_COLUMNID ctags = Columnid("child", "tags");
        EXPECT_EQ(30, Long(t, ctags, 1));
        EXPECT_EQ(31, Long(t, ctags, 2));
        EXPECT_EQ("ccc", Bytes(t, Columnid("child", "blob")));
        EXPECT_EQ("charlie", Bytes(t, Columnid("child", "name")));
        // the tagged scan (columnid 0): the inherited tags, then the table's own blob
        JET_RETRIEVECOLUMN rc{};
        rc.itagSequence = 0;
        rc.columnid = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t, &rc, 1));
        EXPECT_EQ(3u, rc.itagSequence);
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    uint32_t created_template_ = 0, created_derived_ = 0;
    JET_COLUMNID template_ids_[4] = {}, own_ids_[2] = {};
};

TEST_F(TemplateTable, CreatesTemplateAndDerivedTables)
{
    ASSERT_EQ(JET_errSuccess, CreateTemplate());
    EXPECT_EQ(7u, created_template_); // the table, 4 columns, 2 indexes
    for (JET_COLUMNID c : template_ids_) EXPECT_EQ(kTemplateBit, c & kTemplateBit) << std::hex << c;
    EXPECT_EQ(kTemplateBit | 1u, template_ids_[0]);
    EXPECT_EQ(kTemplateBit | 128u, template_ids_[1]);
    EXPECT_EQ(kTemplateBit | 256u, template_ids_[2]);
    ASSERT_EQ(JET_errSuccess, CreateDerived("child", "base"));
    EXPECT_EQ(3u, created_derived_); // the table and its 2 own columns; nothing inherited counts
    // fixed columns continue the template's fids, tagged ones start again
    EXPECT_EQ(2u, own_ids_[0]);
    EXPECT_EQ(256u, own_ids_[1]);
    // the inherited columns are found by name on the derived table, with the template's ids
    EXPECT_EQ(template_ids_[0], Columnid("child", "id"));
    EXPECT_EQ(template_ids_[3], Columnid("child", "tags"));
    EXPECT_EQ(256u, Columnid("child", "blob"));
}

TEST_F(TemplateTable, DerivedTableStoresAndIndexesInheritedColumns)
{
    ASSERT_EQ(JET_errSuccess, CreateTemplate());
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, CreateDerived("child", "base", &t));
    Fill(t);
    CheckRows(t);
    // a second derived table of the same template keeps its own rows
    JET_TABLEID u = 0;
    ASSERT_EQ(JET_errSuccess, CreateDerived("child2", "base", &u));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, u, JET_MoveFirst, 0));
    // an index of the derived table's own over an inherited column and its own
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "byextra", 0, "-tags\0+id\0", 11, 100));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "byextra"));
    EXPECT_EQ((std::vector<int32_t>{3, 3, 1, 2}), Ids(t)); // two entries for the two tags, null last
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, u));
}

TEST_F(TemplateTable, TemplateTableHoldsRecordsOfItsOwn)
{
    ASSERT_EQ(JET_errSuccess, CreateTemplate());
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "base", nullptr, 0, 0, &t));
    int32_t id = 7, tag = 70;
    const char16_t notes[] = u"n";
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, template_ids_[0], &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, template_ids_[2], notes, 2, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, template_ids_[3], &tag, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    EXPECT_EQ(7, Long(t, template_ids_[0]));
    EXPECT_EQ(70, Long(t, template_ids_[3]));
    // its rows are not the derived table's
    JET_TABLEID c = 0;
    ASSERT_EQ(JET_errSuccess, CreateDerived("child", "base", &c));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, c, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, c));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

TEST_F(TemplateTable, InformationOnInheritedColumnsAndIndexes)
{
    ASSERT_EQ(JET_errSuccess, CreateTemplate());
    ASSERT_EQ(JET_errSuccess, CreateDerived("child", "base"));
    // JET_ColInfoBase names the table asked about, and the template column's own grbit
    JET_COLUMNBASE_A b{};
    ASSERT_EQ(JET_errSuccess, JetGetColumnInfoA(s_, db_, "child", "id", &b, sizeof b, JET_ColInfoBase));
    EXPECT_EQ(template_ids_[0], b.columnid);
    EXPECT_EQ((JET_COLTYP)JET_coltypLong, b.coltyp);
    EXPECT_STREQ("child", b.szBaseTableName);
    EXPECT_STREQ("id", b.szBaseColumnName);
    EXPECT_EQ((JET_GRBIT)JET_bitColumnFixed, b.grbit);
    // by column id (JET_ColInfoByColid), template bit and all
    JET_COLUMNDEF d{};
    JET_COLUMNID colid = template_ids_[3];
    ASSERT_EQ(JET_errSuccess,
              JetGetColumnInfoA(s_, db_, "child", reinterpret_cast<const char *>(&colid), &d, sizeof d, JET_ColInfoByColid));
    EXPECT_EQ(template_ids_[3], d.columnid);
    EXPECT_EQ((JET_GRBIT)(JET_bitColumnTagged | JET_bitColumnMultiValued), d.grbit & ~(JET_GRBIT)JET_bitColumnUpdatable);
    // lists: every column, or only the table's own
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "child", nullptr, 0, 0, &t));
    JET_COLUMNLIST cl{};
    cl.cbStruct = sizeof cl;
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(6u, cl.cRecord);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
    memset(&cl, 0, sizeof cl);
    cl.cbStruct = sizeof cl;
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, nullptr, &cl, sizeof cl,
                                                     JET_ColInfoList | JET_ColInfoGrbitNonDerivedColumnsOnly));
    EXPECT_EQ(2u, cl.cRecord);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
    // the template's indexes are the derived table's too
    JET_INDEXLIST il{};
    il.cbStruct = sizeof il;
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t, nullptr, &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(2u, il.cRecord); // one row per segment: primary(id), byname(name)
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, il.tableid));
    // the table's template, and the object flags
    char tmpl[JET_cbNameMost + 1] = {};
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, tmpl, sizeof tmpl, JET_TblInfoTemplateTableName));
    EXPECT_STREQ("base", tmpl);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    JET_OBJECTINFO oi{};
    ASSERT_EQ(JET_errSuccess, JetGetObjectInfoA(s_, db_, JET_objtypTable, nullptr, "child", &oi, sizeof oi, JET_ObjInfo));
    EXPECT_EQ((JET_GRBIT)JET_bitObjectTableDerived, oi.flags & (JET_bitObjectTableDerived | JET_bitObjectTableTemplate));
    ASSERT_EQ(JET_errSuccess, JetGetObjectInfoA(s_, db_, JET_objtypTable, nullptr, "base", &oi, sizeof oi, JET_ObjInfo));
    EXPECT_EQ((JET_GRBIT)(JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL),
              oi.flags & (JET_bitObjectTableDerived | JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL));
}

TEST_F(TemplateTable, RefusesWhatEseRefuses)
{
    // ErrIsamCreateTable's grbit rules
    JET_TABLECREATE_A tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char *>("x");
    tc.szTemplateTableName = const_cast<char *>("base");
    tc.grbit = JET_bitTableCreateTemplateTable;
    EXPECT_EQ(JET_errCannotNestDDL, JetCreateTableColumnIndexA(s_, db_, &tc));
    tc.szTemplateTableName = nullptr;
    tc.grbit = JET_bitTableCreateTemplateTable | JET_bitTableCreateNoFixedVarColumnsInDerivedTables;
    EXPECT_EQ(JET_errInvalidGrbit, JetCreateTableColumnIndexA(s_, db_, &tc));
    tc.grbit = JET_bitTableCreateNoFixedVarColumnsInDerivedTables;
    EXPECT_EQ(JET_errInvalidGrbit, JetCreateTableColumnIndexA(s_, db_, &tc));
    // no such template; a table that is not one
    EXPECT_EQ(JET_errObjectNotFound, CreateDerived("child", "base"));
    JET_TABLEID plain = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "plain", 0, 0, &plain));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, plain));
    EXPECT_EQ(JET_errDDLNotInheritable, CreateDerived("child", "plain"));

    ASSERT_EQ(JET_errSuccess, CreateTemplate());
    ASSERT_EQ(JET_errSuccess, CreateDerived("child", "base"));
    // the template's schema is fixed
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "base", nullptr, 0, 0, &t));
    JET_COLUMNDEF d{};
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypLong;
    d.grbit = JET_bitColumnTagged;
    JET_COLUMNID c = 0;
    EXPECT_EQ(JET_errFixedDDL, JetAddColumnA(s_, t, "more", &d, nullptr, 0, &c));
    EXPECT_EQ(JET_errFixedDDL, JetCreateIndexA(s_, t, "more", 0, "+tags\0", 7, 100));
    EXPECT_EQ(JET_errFixedDDL, JetDeleteIndexA(s_, t, "byname"));
    EXPECT_EQ(JET_errFixedDDL, JetDeleteColumnA(s_, t, "notes"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    EXPECT_EQ(JET_errCannotDeleteTemplateTable, JetDeleteTableA(s_, db_, "base"));
    EXPECT_EQ(JET_errFixedDDL, JetRenameTableA(s_, db_, "base", "base2"));
    // what the derived table inherits is the template's
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "child", nullptr, 0, 0, &t));
    EXPECT_EQ(JET_errFixedInheritedDDL, JetDeleteColumnA(s_, t, "notes"));
    EXPECT_EQ(JET_errColumnNotFound, JetDeleteColumn2A(s_, t, "notes", JET_bitDeleteColumnIgnoreTemplateColumns));
    EXPECT_EQ(JET_errFixedInheritedDDL, JetDeleteIndexA(s_, t, "byname"));
    EXPECT_EQ(JET_errColumnNotFound, JetRenameColumnA(s_, t, "notes", "remarks", 0));
    EXPECT_EQ(JET_errColumnDuplicate, JetAddColumnA(s_, t, "name", &d, nullptr, 0, &c));
    // its own columns are its to change
    EXPECT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "more", &d, nullptr, 0, &c));
    EXPECT_EQ(257u, c);
    EXPECT_EQ(JET_errSuccess, JetDeleteColumnA(s_, t, "blob"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    int32_t zero = 0;
    EXPECT_EQ(JET_errColumnNotFound, JetSetColumnDefaultValueA(s_, db_, "child", "id", &zero, 4, 0));
    // the derived table goes; the template stays usable
    EXPECT_EQ(JET_errSuccess, JetDeleteTableA(s_, db_, "child"));
    EXPECT_EQ(JET_errSuccess, CreateDerived("child", "base"));
}

TEST_F(TemplateTable, RolledBackDerivedTableIsGone)
{
    ASSERT_EQ(JET_errSuccess, CreateTemplate());
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, CreateDerived("child", "base", &t));
    Fill(t);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTableA(s_, db_, "child", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, CreateDerived("child", "base", &t));
    Fill(t);
    CheckRows(t);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

TEST_F(TemplateTable, SurvivesDetachAndAttach)
{
    ASSERT_EQ(JET_errSuccess, CreateTemplate());
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, CreateDerived("child", "base", &t));
    Fill(t);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    Reopen();
    // the catalog says what the tables are; the ids are those given at creation
    EXPECT_EQ(template_ids_[0], Columnid("base", "id"));
    EXPECT_EQ(template_ids_[3], Columnid("child", "tags"));
    EXPECT_EQ(own_ids_[0], Columnid("child", "extra"));
    EXPECT_EQ(own_ids_[1], Columnid("child", "blob"));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "child", nullptr, 0, 0, &t));
    CheckRows(t);
    Insert(t, 4, "delta", "dddd", {40});
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "byname"));
    EXPECT_EQ((std::vector<int32_t>{2, 1, 3, 4}), Ids(t));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    // still refused after the reopen
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "base", nullptr, 0, 0, &t));
    EXPECT_EQ(JET_errFixedDDL, JetCreateIndexA(s_, t, "more", 0, "+tags\0", 7, 100));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, CreateDerived("child3", "base"));
}

} // namespace
