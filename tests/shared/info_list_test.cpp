// The list levels of the information functions through the public API: JET_ColInfoList
// (with ListCompact, ListSortColumnid and the JET_ColInfoGrbit* bits), JET_ColInfoBase(ByColid),
// JET_IdxInfoList / JET_IdxInfo and JET_ObjInfoList(NoStats), A and W: every field of every
// row read back from the temporary table with JetMove/JetRetrieveColumn and compared with
// the single-item levels, the sizes and error codes, the list's lifetime (JetCloseTable,
// JetEndSession, JET_paramMaxTemporaryTables) and the table names of the Windows-made
// samples. docs/semantics.md, "Information lists". Written against esent.h only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "esent.h"
#include "sample_path.h"

extern "C" {
#include "compat.h"
}

namespace {

using Bytes = std::vector<uint8_t>;

// A value of the list's current row; null reads as an empty optional-like pair.
struct Value {
    JET_ERR err = JET_errSuccess;
    Bytes b;
    bool null() const { return err == JET_wrnColumnNull; }
    uint32_t u32() const
    {
        uint32_t v = 0;
        EXPECT_EQ(4u, b.size());
        if (b.size() == 4) memcpy(&v, b.data(), 4);
        return v;
    }
    uint16_t u16() const
    {
        uint16_t v = 0;
        EXPECT_EQ(2u, b.size());
        if (b.size() == 2) memcpy(&v, b.data(), 2);
        return v;
    }
    // A text column: 8-bit bytes, or UTF-16 narrowed (the test uses ASCII names).
    std::string text(bool w) const
    {
        std::string s;
        if (!w) return std::string(b.begin(), b.end());
        EXPECT_EQ(0u, b.size() % 2);
        for (size_t i = 0; i + 1 < b.size(); i += 2) {
            EXPECT_EQ(0, b[i + 1]);
            s.push_back((char)b[i]);
        }
        return s;
    }
};

std::string upper(std::string s)
{
    for (auto &ch : s) ch = (char)toupper((unsigned char)ch);
    return s;
}

std::u16string wide(const char *s)
{
    std::u16string w;
    for (; *s; s++) w.push_back((char16_t)*s);
    return w;
}

class InfoList : public ::testing::Test {
public: // the list readers below are free functions

    void SetUp() override
    {
        static int n;
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir_ = std::string(tmp) + "esent-il-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir_.c_str());
        temp_ = dir_ + "/tmp.edb";
        db_ = dir_ + "/db.edb";
        name_ = "il-" + std::to_string(n);
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        compat_path_delete(db_.c_str());
        compat_path_delete(temp_.c_str());
        compat_path_delete((dir_ + "/edb.chk").c_str());
        compat_dir_remove(dir_.c_str());
    }
    void Start(JET_API_PTR max_tables = 0, uint32_t page_size = 8192)
    {
        JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, page_size, nullptr);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        JetSetSystemParameterA(&inst_, 0, JET_paramNoInformationEvent, 1, nullptr);
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramTempPath, 0, temp_.c_str()));
        if (max_tables != 0) JetSetSystemParameterA(&inst_, 0, JET_paramMaxTemporaryTables, max_tables, nullptr);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    // Table "people": six columns of several kinds, a primary index, a two-segment and a
    // three-segment secondary index, three records and their statistics; table "Other".
    void MakeDatabase()
    {
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db_.c_str(), nullptr, &dbid_, 0));
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "people", 0, 100, &tid_));
        AddColumn("Id", JET_coltypLong, JET_bitColumnNotNULL);
        AddColumn("name", JET_coltypText, 0, 100, 1252); // ASCII text: Unicode keys need a collator on every platform
        short seven = 7;
        AddColumn("age", JET_coltypShort, 0, 0, 0, &seven, sizeof seven);
        AddColumn("data", JET_coltypLongBinary, JET_bitColumnTagged);
        AddColumn("Bits", JET_coltypBit);
        AddColumn("mv", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued);
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, tid_, "pk", JET_bitIndexPrimary, "+Id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, tid_, "byName", 0, "+name\0-age\0", 12, 100));
        ASSERT_EQ(JET_errSuccess,
                  JetCreateIndexA(s_, tid_, "Multi", JET_bitIndexUnique, "-Bits\0+age\0+Id\0", 16, 100));
        for (int32_t i = 1; i <= 3; i++) {
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, tid_, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tid_, Colid("Id"), &i, 4, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, tid_, nullptr, 0, nullptr));
        }
        JET_TABLEID other = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "Other", 0, 100, &other));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, other));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
        ASSERT_EQ(JET_errSuccess, JetComputeStats(s_, tid_));
    }
    void AddColumn(const char *name, JET_COLTYP coltyp, JET_GRBIT grbit = 0, uint32_t cb = 0, uint16_t cp = 0,
                   const void *def = nullptr, uint32_t cb_def = 0)
    {
        JET_COLUMNDEF d{};
        JET_COLUMNID id = 0;
        d.cbStruct = sizeof d;
        d.coltyp = coltyp;
        d.cbMax = cb;
        d.cp = cp;
        d.grbit = grbit;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, tid_, name, &d, def, cb_def, &id));
    }
    JET_COLUMNDEF Def(const char *name)
    {
        JET_COLUMNDEF d{};
        EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, name, &d, sizeof d, JET_ColInfo));
        return d;
    }
    JET_COLUMNID Colid(const char *name) { return Def(name).columnid; }
    Value Get(JET_TABLEID t, JET_COLUMNID c)
    {
        Value v;
        uint8_t buf[512];
        uint32_t cb = 0;
        v.err = JetRetrieveColumn(s_, t, c, buf, sizeof buf, &cb, 0, nullptr);
        EXPECT_TRUE(v.err == JET_errSuccess || v.err == JET_wrnColumnNull) << v.err;
        if (v.err == JET_errSuccess) v.b.assign(buf, buf + std::min<uint32_t>(cb, sizeof buf));
        return v;
    }
    // Rows of a list from the current (first) row on.
    template <typename F> uint32_t Rows(JET_TABLEID t, F each)
    {
        uint32_t n = 0;
        JET_ERR err = JetMove(s_, t, JET_MoveFirst, 0);
        for (; err == JET_errSuccess; err = JetMove(s_, t, JET_MoveNext, 0), n++) each(n);
        EXPECT_EQ(JET_errNoCurrentRecord, err);
        return n;
    }

    std::string dir_, temp_, db_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID dbid_ = 0;
    JET_TABLEID tid_ = 0;
};

// ---- columns ----

// Every field of JET_ColInfoList against JET_ColInfo, in name order (the key), A and W.
void CheckColumnList(InfoList *f, const JET_COLUMNLIST &cl, bool w, bool updatable, bool by_colid,
                     const std::vector<std::string> &expect);

TEST_F(InfoList, ColumnListA)
{
    Start();
    MakeDatabase();
    JET_COLUMNLIST cl{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(sizeof cl, cl.cbStruct);
    EXPECT_EQ(6u, cl.cRecord);
    EXPECT_EQ(cl.columnidcolumnname, cl.columnidDefinitionName);
    CheckColumnList(this, cl, false, true, false, { "age", "Bits", "data", "Id", "mv", "name" });
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
}

TEST_F(InfoList, ColumnListW)
{
    Start();
    MakeDatabase();
    JET_COLUMNLIST cl{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoW(s_, tid_, nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(6u, cl.cRecord);
    CheckColumnList(this, cl, true, true, false, { "age", "Bits", "data", "Id", "mv", "name" });
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
}

TEST_F(InfoList, ColumnListSortByColumnid)
{
    Start();
    MakeDatabase();
    JET_COLUMNLIST cl{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, "", &cl, sizeof cl, JET_ColInfoListSortColumnid));
    CheckColumnList(this, cl, false, true, true, { "Id", "age", "Bits", "name", "data", "mv" });
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
    // the grbit on JET_ColInfoList does the same
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoW(s_, tid_, nullptr, &cl, sizeof cl,
                                                     JET_ColInfoList | JET_ColInfoGrbitSortByColumnid));
    CheckColumnList(this, cl, true, true, true, { "Id", "age", "Bits", "name", "data", "mv" });
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
}

TEST_F(InfoList, ColumnListMinimalAndCompact)
{
    Start();
    MakeDatabase();
    JET_COLUMNLIST cl{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, nullptr, &cl, sizeof cl,
                                                     JET_ColInfoList | JET_ColInfoGrbitMinimalInfo |
                                                         JET_ColInfoGrbitNonDerivedColumnsOnly));
    std::vector<std::string> names;
    EXPECT_EQ(6u, Rows(cl.tableid, [&](uint32_t) {
        names.push_back(Get(cl.tableid, cl.columnidcolumnname).text(false));
        EXPECT_EQ(Colid(names.back().c_str()), Get(cl.tableid, cl.columnidcolumnid).u32());
        EXPECT_TRUE(Get(cl.tableid, cl.columnidcoltyp).null());
        EXPECT_TRUE(Get(cl.tableid, cl.columnidgrbit).null());
        EXPECT_TRUE(Get(cl.tableid, cl.columnidBaseTableName).null());
        EXPECT_TRUE(Get(cl.tableid, cl.columnidPresentationOrder).null());
    }));
    EXPECT_EQ((std::vector<std::string>{ "age", "Bits", "data", "Id", "mv", "name" }), names);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));

    // compact: no key, the columns in the order they are stored (fixed, variable, tagged)
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, nullptr, &cl, sizeof cl, JET_ColInfoListCompact));
    names.clear();
    EXPECT_EQ(6u, Rows(cl.tableid, [&](uint32_t) {
        names.push_back(Get(cl.tableid, cl.columnidcolumnname).text(false));
        EXPECT_EQ(Def(names.back().c_str()).coltyp, Get(cl.tableid, cl.columnidcoltyp).u32());
    }));
    EXPECT_EQ((std::vector<std::string>{ "Id", "age", "Bits", "name", "data", "mv" }), names);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
}

TEST_F(InfoList, ColumnListOfJetGetColumnInfo)
{
    Start();
    MakeDatabase();
    JET_COLUMNLIST cl{};
    // ErrIsamGetColumnInfo opens its own cursor without JET_bitColumnUpdatable
    ASSERT_EQ(JET_errSuccess, JetGetColumnInfoA(s_, dbid_, "people", nullptr, &cl, sizeof cl, JET_ColInfoList));
    CheckColumnList(this, cl, false, false, false, { "age", "Bits", "data", "Id", "mv", "name" });
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
    std::u16string people = wide("people");
    ASSERT_EQ(JET_errSuccess, JetGetColumnInfoW(s_, dbid_, (const WCHAR *)people.c_str(), nullptr, &cl, sizeof cl,
                                                JET_ColInfoListSortColumnid));
    CheckColumnList(this, cl, true, false, true, { "Id", "age", "Bits", "name", "data", "mv" });
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
    // a table with no columns gives an empty list
    ASSERT_EQ(JET_errSuccess, JetGetColumnInfoA(s_, dbid_, "Other", nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(0u, cl.cRecord);
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, cl.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
}

void CheckColumnList(InfoList *f, const JET_COLUMNLIST &cl, bool w, bool updatable, bool by_colid,
                     const std::vector<std::string> &expect)
{
    InfoList *a = f;
    std::vector<std::string> names;
    EXPECT_EQ(expect.size(), cl.cRecord);
    uint32_t n = a->Rows(cl.tableid, [&](uint32_t) {
        std::string name = a->Get(cl.tableid, cl.columnidcolumnname).text(w);
        names.push_back(name);
        JET_COLUMNDEF d = a->Def(name.c_str());
        uint32_t grbit = d.grbit & ~(uint32_t)JET_bitColumnUpdatable;
        if (updatable) grbit |= JET_bitColumnUpdatable;
        if (by_colid) EXPECT_EQ(d.columnid, a->Get(cl.tableid, cl.columnidPresentationOrder).u32());
        else EXPECT_TRUE(a->Get(cl.tableid, cl.columnidPresentationOrder).null());
        EXPECT_EQ(d.columnid, a->Get(cl.tableid, cl.columnidcolumnid).u32()) << name;
        EXPECT_EQ(d.coltyp, a->Get(cl.tableid, cl.columnidcoltyp).u32()) << name;
        EXPECT_EQ(d.wCountry, a->Get(cl.tableid, cl.columnidCountry).u16());
        EXPECT_EQ(d.langid, a->Get(cl.tableid, cl.columnidLangid).u16());
        EXPECT_EQ(0x409, a->Get(cl.tableid, cl.columnidLangid).u16());
        EXPECT_EQ(d.cp, a->Get(cl.tableid, cl.columnidCp).u16()) << name;
        EXPECT_EQ(0, a->Get(cl.tableid, cl.columnidCollate).u16());
        EXPECT_EQ(d.cbMax, a->Get(cl.tableid, cl.columnidcbMax).u32()) << name;
        EXPECT_EQ(grbit, a->Get(cl.tableid, cl.columnidgrbit).u32()) << name;
        Value def = a->Get(cl.tableid, cl.columnidDefault);
        if (name == "age") {
            ASSERT_EQ(2u, def.b.size());
            EXPECT_EQ(7, def.b[0] | def.b[1] << 8);
        } else {
            EXPECT_TRUE(def.null()) << name;
        }
        EXPECT_EQ("people", a->Get(cl.tableid, cl.columnidBaseTableName).text(w));
        EXPECT_EQ(name, a->Get(cl.tableid, cl.columnidBaseColumnName).text(w));
    });
    EXPECT_EQ(expect.size(), n);
    EXPECT_EQ(expect, names);
}

TEST_F(InfoList, ColumnListTextColumnsAreUnicodeForW)
{
    Start();
    MakeDatabase();
    JET_COLUMNLIST a{}, w{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, nullptr, &a, sizeof a, JET_ColInfoList));
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoW(s_, tid_, nullptr, &w, sizeof w, JET_ColInfoList));
    JET_COLUMNDEF da{}, dw{};
    JET_COLUMNID id = a.columnidcolumnname;
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, a.tableid, (const char *)&id, &da, sizeof da,
                                                     JET_ColInfoByColid));
    id = w.columnidcolumnname;
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, w.tableid, (const char *)&id, &dw, sizeof dw,
                                                     JET_ColInfoByColid));
    EXPECT_EQ(JET_coltypText, da.coltyp);
    EXPECT_EQ(JET_coltypText, dw.coltyp);
    EXPECT_EQ(1200, dw.cp);
    EXPECT_NE(1200, da.cp);
    id = a.columnidDefault;
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, a.tableid, (const char *)&id, &da, sizeof da,
                                                     JET_ColInfoByColid));
    EXPECT_EQ(JET_coltypLongBinary, da.coltyp);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, a.tableid));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, w.tableid));
}

TEST_F(InfoList, ColumnListErrors)
{
    Start();
    MakeDatabase();
    JET_COLUMNLIST cl{};
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetTableColumnInfoA(s_, tid_, nullptr, &cl, sizeof cl - 1, JET_ColInfoList));
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetColumnInfoA(s_, dbid_, "people", nullptr, &cl, sizeof(JET_COLUMNDEF), JET_ColInfoListCompact));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableColumnInfoA(s_, tid_, nullptr, nullptr, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableColumnInfoA(s_, tid_, nullptr, &cl, sizeof cl, 2u));
    EXPECT_EQ(JET_errFeatureNotAvailable, JetGetTableColumnInfoA(s_, tid_, nullptr, &cl, sizeof cl, 3u));
    std::string long_name(JET_cbNameMost + 1, 'x');
    EXPECT_EQ(JET_errInvalidName, JetGetTableColumnInfoA(s_, tid_, long_name.c_str(), &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errObjectNotFound, JetGetColumnInfoA(s_, dbid_, "nosuch", nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errInvalidTableId, JetGetTableColumnInfoA(s_, (JET_TABLEID)0x1234, nullptr, &cl, sizeof cl,
                                                            JET_ColInfoList));
}

// ---- JET_ColInfoBase ----

TEST_F(InfoList, ColumnBase)
{
    Start();
    MakeDatabase();
    JET_COLUMNDEF d = Def("name");
    JET_COLUMNBASE_A b;
    memset(&b, 0xcc, sizeof b);
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, "NAME", &b, sizeof b, JET_ColInfoBase));
    EXPECT_EQ(sizeof b, b.cbStruct);
    EXPECT_EQ(d.columnid, b.columnid);
    EXPECT_EQ(d.coltyp, b.coltyp);
    EXPECT_EQ(1, b.wCountry);
    EXPECT_EQ(0x409, b.langid);
    EXPECT_EQ(1252, b.cp);
    EXPECT_EQ(0, b.wFiller);
    EXPECT_EQ(100u, b.cbMax);
    EXPECT_EQ(d.grbit, b.grbit);
    EXPECT_STREQ("people", b.szBaseTableName);
    EXPECT_STREQ("name", b.szBaseColumnName);

    JET_COLUMNID id = Colid("mv");
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, (const char *)&id, &b, sizeof b, JET_ColInfoBaseByColid));
    EXPECT_STREQ("mv", b.szBaseColumnName);
    EXPECT_EQ(Def("mv").grbit, b.grbit);
    // JetGetColumnInfo: not updatable
    ASSERT_EQ(JET_errSuccess, JetGetColumnInfoA(s_, dbid_, "people", "mv", &b, sizeof b, JET_ColInfoBase));
    EXPECT_EQ(Def("mv").grbit & ~(uint32_t)JET_bitColumnUpdatable, b.grbit);

    JET_COLUMNBASE_W bw;
    memset(&bw, 0xcc, sizeof bw);
    std::u16string age = wide("age");
    ASSERT_EQ(JET_errSuccess,
              JetGetTableColumnInfoW(s_, tid_, (const WCHAR *)age.c_str(), &bw, sizeof bw, JET_ColInfoBase));
    EXPECT_EQ(sizeof bw, bw.cbStruct);
    EXPECT_EQ(Colid("age"), bw.columnid);
    EXPECT_EQ((uint32_t)JET_coltypShort, bw.coltyp);
    EXPECT_EQ(std::u16string(u"people"), std::u16string((const char16_t *)bw.szBaseTableName));
    EXPECT_EQ(std::u16string(u"age"), std::u16string((const char16_t *)bw.szBaseColumnName));
    id = Colid("Bits");
    std::u16string people = wide("people");
    ASSERT_EQ(JET_errSuccess, JetGetColumnInfoW(s_, dbid_, (const WCHAR *)people.c_str(), (const WCHAR *)&id, &bw,
                                                sizeof bw, JET_ColInfoBaseByColid));
    EXPECT_EQ(std::u16string(u"Bits"), std::u16string((const char16_t *)bw.szBaseColumnName));

    // sizes and misses
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableColumnInfoA(s_, tid_, "age", &b, sizeof b - 1, JET_ColInfoBase));
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetTableColumnInfoW(s_, tid_, (const WCHAR *)age.c_str(), &bw, sizeof bw - 1, JET_ColInfoBase));
    EXPECT_EQ(JET_errInvalidParameter,
              JetGetTableColumnInfoW(s_, tid_, (const WCHAR *)age.c_str(), nullptr, sizeof bw, JET_ColInfoBase));
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfoA(s_, tid_, "nosuch", &b, sizeof b, JET_ColInfoBase));
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfoA(s_, tid_, "", &b, sizeof b, JET_ColInfoBase));
    id = 0x7777;
    EXPECT_EQ(JET_errColumnNotFound,
              JetGetTableColumnInfoA(s_, tid_, (const char *)&id, &b, sizeof b, JET_ColInfoBaseByColid));
}

// ---- indexes ----

struct IndexRow {
    std::string name, column;
    uint32_t grbit, ckey, centry, cpage, ccol, icol, colid, coltyp, colbits, lcmap;
    uint16_t country, langid, cp, collate;
};

std::vector<IndexRow> ReadIndexList(InfoList *f, const JET_INDEXLIST &il, bool w, bool lcmap);

TEST_F(InfoList, IndexListA)
{
    Start();
    MakeDatabase();
    JET_INDEXLIST il;
    memset(&il, 0, sizeof il);
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, tid_, nullptr, &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(sizeof il, il.cbStruct);
    EXPECT_EQ(6u, il.cRecord);
    auto rows = ReadIndexList(this, il, false, true);
    ASSERT_EQ(6u, rows.size());
    // ordered by index name, then segment
    const char *names[] = { "byName", "byName", "Multi", "Multi", "Multi", "pk" };
    const char *cols[] = { "name", "age", "Bits", "age", "Id", "Id" };
    const uint32_t icol[] = { 0, 1, 0, 1, 2, 0 }, ccol[] = { 2, 2, 3, 3, 3, 1 };
    const uint32_t desc[] = { 0, 1, 1, 0, 0, 0 };
    for (size_t i = 0; i < rows.size(); i++) {
        const IndexRow &r = rows[i];
        SCOPED_TRACE(i);
        EXPECT_EQ(names[i], r.name);
        EXPECT_EQ(cols[i], r.column);
        EXPECT_EQ(icol[i], r.icol);
        EXPECT_EQ(ccol[i], r.ccol);
        EXPECT_EQ(desc[i] ? (uint32_t)JET_bitKeyDescending : (uint32_t)JET_bitKeyAscending, r.colbits);
        JET_COLUMNDEF d = Def(cols[i]);
        EXPECT_EQ(d.columnid, r.colid);
        EXPECT_EQ(d.coltyp, r.coltyp);
        EXPECT_EQ(d.cp, r.cp);
        EXPECT_EQ(1, r.country);
        EXPECT_EQ(0x409, r.langid);
        EXPECT_EQ(0, r.collate);
        // the index's grbit and LCMapFlags as JET_IdxInfoCreateIndex2 reports them
        std::vector<uint8_t> buf(4096);
        ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, tid_, r.name.c_str(), buf.data(), (uint32_t)buf.size(),
                                                        JET_IdxInfoCreateIndex));
        const JET_INDEXCREATE_A *ic = (const JET_INDEXCREATE_A *)buf.data();
        EXPECT_EQ(ic->grbit & ~(uint32_t)JET_bitIndexUnicode, r.grbit);
        ASSERT_NE(nullptr, ic->pidxunicode);
        uint32_t map_flags = 0; // the structure sits unaligned after the names
        memcpy(&map_flags, (const uint8_t *)ic->pidxunicode + offsetof(JET_UNICODEINDEX, dwMapFlags), 4);
        EXPECT_EQ(map_flags, r.lcmap);
        EXPECT_NE(0u, r.lcmap);
    }
    EXPECT_NE(0u, rows[5].grbit & JET_bitIndexPrimary);
    EXPECT_NE(0u, rows[2].grbit & JET_bitIndexUnique);
    EXPECT_EQ(0u, rows[0].grbit & (JET_bitIndexUnique | JET_bitIndexPrimary));
    // JetComputeStats' counts: 3 records in the primary index
    EXPECT_EQ(3u, rows[5].centry);
    EXPECT_EQ(3u, rows[5].ckey);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, il.tableid));
}

TEST_F(InfoList, IndexListWAndNamedIndex)
{
    Start();
    MakeDatabase();
    JET_INDEXLIST il{};
    std::u16string people = wide("people"), multi = wide("MULTI"), pk = wide("pk");
    ASSERT_EQ(JET_errSuccess, JetGetIndexInfoW(s_, dbid_, (const WCHAR *)people.c_str(), nullptr, &il, sizeof il,
                                               JET_IdxInfoList));
    auto rows = ReadIndexList(this, il, true, true);
    ASSERT_EQ(6u, rows.size());
    EXPECT_EQ("byName", rows[0].name);
    EXPECT_EQ("pk", rows[5].name);
    EXPECT_EQ("Id", rows[5].column);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, il.tableid));

    // a named index: its segments only (the name case-insensitively)
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoW(s_, tid_, (const WCHAR *)multi.c_str(), &il, sizeof il,
                                                    JET_IdxInfo));
    EXPECT_EQ(3u, il.cRecord);
    rows = ReadIndexList(this, il, true, true);
    ASSERT_EQ(3u, rows.size());
    EXPECT_EQ("Multi", rows[0].name);
    EXPECT_EQ("Bits", rows[0].column);
    EXPECT_EQ("Id", rows[2].column);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, il.tableid));

    ASSERT_EQ(JET_errSuccess, JetGetIndexInfoA(s_, dbid_, "people", "pk", &il, sizeof il, JET_IdxInfoList));
    rows = ReadIndexList(this, il, false, true);
    ASSERT_EQ(1u, rows.size());
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, il.tableid));
}

TEST_F(InfoList, IndexListSizesAndErrors)
{
    Start();
    MakeDatabase();
    // the older structure without columnidLCMapFlags
    JET_INDEXLIST il;
    memset(&il, 0xcc, sizeof il);
    const uint32_t cb_old = (uint32_t)sizeof il - 4u;
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, tid_, "", &il, cb_old, JET_IdxInfoList));
    EXPECT_EQ(cb_old, il.cbStruct);
    EXPECT_EQ(0xccccccccu, il.columnidLCMapFlags);
    auto rows = ReadIndexList(this, il, false, false);
    EXPECT_EQ(6u, rows.size());
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, il.tableid));

    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableIndexInfoA(s_, tid_, nullptr, &il, cb_old - 1, JET_IdxInfoList));
    EXPECT_EQ(JET_errBufferTooSmall, JetGetIndexInfoA(s_, dbid_, "people", nullptr, &il, cb_old - 1, JET_IdxInfo));
    EXPECT_EQ(JET_errIndexNotFound, JetGetTableIndexInfoA(s_, tid_, "nosuch", &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(JET_errIndexNotFound, JetGetIndexInfoA(s_, dbid_, "people", "nosuch", &il, sizeof il, JET_IdxInfo));
    EXPECT_EQ(JET_errObjectNotFound, JetGetIndexInfoA(s_, dbid_, "nosuch", nullptr, &il, sizeof il, JET_IdxInfo));
    std::string long_name(JET_cbNameMost + 1, 'x');
    EXPECT_EQ(JET_errInvalidName,
              JetGetTableIndexInfoA(s_, tid_, long_name.c_str(), &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableIndexInfoA(s_, tid_, nullptr, nullptr, sizeof il, JET_IdxInfoList));

    // a table without indexes: an empty list
    ASSERT_EQ(JET_errSuccess, JetGetIndexInfoA(s_, dbid_, "Other", nullptr, &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(0u, il.cRecord);
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, il.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, il.tableid));
}

std::vector<IndexRow> ReadIndexList(InfoList *f, const JET_INDEXLIST &il, bool w, bool lcmap)
{
    InfoList *a = f;
    std::vector<IndexRow> rows;
    a->Rows(il.tableid, [&](uint32_t) {
        IndexRow r{};
        JET_TABLEID t = il.tableid;
        r.name = a->Get(t, il.columnidindexname).text(w);
        r.grbit = a->Get(t, il.columnidgrbitIndex).u32();
        r.ckey = a->Get(t, il.columnidcKey).u32();
        r.centry = a->Get(t, il.columnidcEntry).u32();
        r.cpage = a->Get(t, il.columnidcPage).u32();
        r.ccol = a->Get(t, il.columnidcColumn).u32();
        r.icol = a->Get(t, il.columnidiColumn).u32();
        r.colid = a->Get(t, il.columnidcolumnid).u32();
        r.coltyp = a->Get(t, il.columnidcoltyp).u32();
        r.country = a->Get(t, il.columnidCountry).u16();
        r.langid = a->Get(t, il.columnidLangid).u16();
        r.cp = a->Get(t, il.columnidCp).u16();
        r.collate = a->Get(t, il.columnidCollate).u16();
        r.colbits = a->Get(t, il.columnidgrbitColumn).u32();
        r.column = a->Get(t, il.columnidcolumnname).text(w);
        if (lcmap) r.lcmap = a->Get(t, il.columnidLCMapFlags).u32();
        rows.push_back(r);
    });
    EXPECT_EQ(il.cRecord, rows.size());
    return rows;
}

// ---- objects ----

struct ObjectRow {
    std::string container, name;
    uint32_t objtyp, grbit, flags, crecord, cpage;
};

std::vector<ObjectRow> ReadObjectList(InfoList *f, const JET_OBJECTLIST &ol, bool w)
{
    InfoList *a = f;
    std::vector<ObjectRow> rows;
    a->Rows(ol.tableid, [&](uint32_t) {
        ObjectRow r{};
        JET_TABLEID t = ol.tableid;
        r.container = a->Get(t, ol.columnidcontainername).text(w);
        r.name = a->Get(t, ol.columnidobjectname).text(w);
        r.objtyp = a->Get(t, ol.columnidobjtyp).u32();
        r.grbit = a->Get(t, ol.columnidgrbit).u32();
        r.flags = a->Get(t, ol.columnidflags).u32();
        r.crecord = a->Get(t, ol.columnidcRecord).u32();
        r.cpage = a->Get(t, ol.columnidcPage).u32();
        EXPECT_TRUE(a->Get(t, ol.columniddtCreate).null());
        EXPECT_TRUE(a->Get(t, ol.columniddtUpdate).null());
        rows.push_back(r);
    });
    EXPECT_EQ(ol.cRecord, rows.size());
    return rows;
}

TEST_F(InfoList, ObjectListA)
{
    Start();
    MakeDatabase();
    JET_OBJECTLIST ol{};
    ASSERT_EQ(JET_errSuccess,
              JetGetObjectInfoA(s_, dbid_, JET_objtypTable, nullptr, nullptr, &ol, sizeof ol, JET_ObjInfoList));
    EXPECT_EQ(sizeof ol, ol.cbStruct);
    auto rows = ReadObjectList(this, ol, false);
    std::vector<std::string> names;
    for (const auto &r : rows) {
        SCOPED_TRACE(r.name);
        names.push_back(r.name);
        EXPECT_EQ("Tables", r.container);
        EXPECT_EQ((uint32_t)JET_objtypTable, r.objtyp);
        JET_OBJECTINFO oi{};
        ASSERT_EQ(JET_errSuccess, JetGetObjectInfoA(s_, dbid_, JET_objtypTable, "Tables", r.name.c_str(), &oi,
                                                    sizeof oi, JET_ObjInfo));
        EXPECT_EQ(oi.grbit, r.grbit);
        EXPECT_EQ(oi.flags, r.flags);
        EXPECT_EQ(oi.cRecord, r.crecord);
        EXPECT_EQ(oi.cPage, r.cpage);
        EXPECT_EQ((uint32_t)(JET_bitTableInfoBookmark | JET_bitTableInfoRollback | JET_bitTableInfoUpdatable),
                  r.grbit);
    }
    // the catalog's tables, in key order
    EXPECT_EQ((std::vector<std::string>{ "MSysLocales", "MSysObjects", "MSysObjectsShadow", "MSysObjids", "Other",
                                         "people" }),
              names);
    EXPECT_EQ(3u, rows.back().crecord);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, ol.tableid));
}

TEST_F(InfoList, ObjectListWNoStatsAndTypes)
{
    Start();
    MakeDatabase();
    JET_OBJECTLIST ol{};
    std::u16string tables = wide("tables");
    ASSERT_EQ(JET_errSuccess, JetGetObjectInfoW(s_, dbid_, JET_objtypNil, (const WCHAR *)tables.c_str(), nullptr, &ol,
                                                sizeof ol, JET_ObjInfoListNoStats));
    auto rows = ReadObjectList(this, ol, true);
    ASSERT_EQ(6u, rows.size());
    EXPECT_EQ("Tables", rows[0].container);
    EXPECT_EQ("people", rows[5].name);
    for (const auto &r : rows) {
        EXPECT_EQ(0u, r.crecord);
        EXPECT_EQ(0u, r.cpage);
    }
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, ol.tableid));

    // any other object type: an empty list
    ASSERT_EQ(JET_errSuccess,
              JetGetObjectInfoA(s_, dbid_, (JET_OBJTYP)2 /* a database */, nullptr, nullptr, &ol, sizeof ol, JET_ObjInfoList));
    EXPECT_EQ(0u, ol.cRecord);
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, ol.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, ol.tableid));

    // errors: size, container, level
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetObjectInfoA(s_, dbid_, JET_objtypTable, nullptr, nullptr, &ol, sizeof ol - 1, JET_ObjInfoList));
    EXPECT_EQ(JET_errObjectNotFound,
              JetGetObjectInfoA(s_, dbid_, JET_objtypTable, "Queries", nullptr, &ol, sizeof ol, JET_ObjInfoList));
    EXPECT_EQ(JET_errFeatureNotAvailable,
              JetGetObjectInfoA(s_, dbid_, JET_objtypTable, nullptr, nullptr, &ol, sizeof ol, JET_ObjInfoListACM));
    EXPECT_EQ(JET_errInvalidParameter,
              JetGetObjectInfoA(s_, dbid_, JET_objtypTable, nullptr, nullptr, nullptr, sizeof ol, JET_ObjInfoList));
}

// The table names of each Windows-made sample, as esedbinfo lists them.
TEST_F(InfoList, ObjectListOfSamples)
{
    const std::map<std::string, std::string> samples = {
        { "basic.edb", "basic" },   { "binary.edb", "binary" }, { "decompress_test.edb", "test_table" },
        { "default.edb", "default" }, { "index.edb", "index" },  { "multi.edb", "multi" },
        { "test.edb", "TestTable" }, { "text.edb", "text" },
    };
    for (const auto &kv : samples) {
        SCOPED_TRACE(kv.first);
        const std::string path = sample(kv.first);
        uint32_t cb_page = 0;
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &cb_page, sizeof cb_page, JET_DbInfoPageSize));
        Start(0, cb_page);
        JET_DBID dbid = 0;
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path.c_str(), JET_bitDbReadOnly));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
        JET_OBJECTLIST ol{};
        ASSERT_EQ(JET_errSuccess,
                  JetGetObjectInfoA(s_, dbid, JET_objtypTable, nullptr, nullptr, &ol, sizeof ol, JET_ObjInfoList));
        auto rows = ReadObjectList(this, ol, false);
        std::vector<std::string> names, expect = { "MSysObjects", "MSysObjectsShadow", "MSysObjids", "MSysLocales",
                                                   kv.second };
        for (const auto &r : rows) {
            names.push_back(r.name);
            // a read-only database: not updatable
            EXPECT_EQ((uint32_t)(JET_bitTableInfoBookmark | JET_bitTableInfoRollback), r.grbit);
        }
        auto by_key = [](const std::string &a, const std::string &b) { return upper(a) < upper(b); };
        std::sort(expect.begin(), expect.end(), by_key);
        EXPECT_EQ(expect, names);
        // the user table's columns and indexes list too
        JET_COLUMNLIST cl{};
        ASSERT_EQ(JET_errSuccess,
                  JetGetColumnInfoA(s_, dbid, kv.second.c_str(), nullptr, &cl, sizeof cl, JET_ColInfoList));
        EXPECT_GT(cl.cRecord, 0u);
        EXPECT_EQ(cl.cRecord, Rows(cl.tableid, [](uint32_t) {}));
        JET_INDEXLIST il{};
        ASSERT_EQ(JET_errSuccess,
                  JetGetIndexInfoW(s_, dbid, (const WCHAR *)wide(kv.second.c_str()).c_str(), nullptr, &il, sizeof il,
                                   JET_IdxInfoList));
        EXPECT_EQ(il.cRecord, Rows(il.tableid, [](uint32_t) {}));
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, ol.tableid));
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, il.tableid));
        JetTerm2(inst_, JET_bitTermDirty);
        inst_ = 0;
    }
    JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 8192, nullptr);
}

// ---- lifetime ----

TEST_F(InfoList, ListLivesUntilClosed)
{
    Start();
    MakeDatabase();
    JET_OBJECTLIST ol{};
    ASSERT_EQ(JET_errSuccess,
              JetGetObjectInfoA(s_, dbid_, JET_objtypTable, nullptr, nullptr, &ol, sizeof ol, JET_ObjInfoList));
    // other work meanwhile: the list stays
    JET_COLUMNLIST cl{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, nullptr, &cl, sizeof cl, JET_ColInfoList));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(6u, Rows(ol.tableid, [](uint32_t) {}));
    EXPECT_EQ(JET_errSuccess, JetMove(s_, ol.tableid, JET_MoveLast, 0));
    EXPECT_EQ("people", Get(ol.tableid, ol.columnidobjectname).text(false));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, ol.tableid));
    uint8_t b[8];
    uint32_t cb = 0;
    EXPECT_EQ(JET_errInvalidTableId, JetRetrieveColumn(s_, ol.tableid, ol.columnidobjectname, b, sizeof b, &cb, 0, nullptr));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
}

TEST_F(InfoList, EndSessionClosesLists)
{
    Start();
    MakeDatabase();
    JET_INDEXLIST il{};
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, tid_, nullptr, &il, sizeof il, JET_IdxInfoList));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, tid_));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, il.tableid, JET_MoveFirst, 0));
}

TEST_F(InfoList, ListsCountAgainstMaxTemporaryTables)
{
    Start(1);
    MakeDatabase();
    JET_OBJECTLIST ol{}, ol2{};
    JET_COLUMNLIST cl{};
    ASSERT_EQ(JET_errSuccess,
              JetGetObjectInfoA(s_, dbid_, JET_objtypTable, nullptr, nullptr, &ol, sizeof ol, JET_ObjInfoList));
    EXPECT_EQ(JET_errTooManySorts,
              JetGetObjectInfoA(s_, dbid_, JET_objtypTable, nullptr, nullptr, &ol2, sizeof ol2, JET_ObjInfoList));
    EXPECT_EQ(JET_errTooManySorts, JetGetTableColumnInfoA(s_, tid_, nullptr, &cl, sizeof cl, JET_ColInfoList));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, ol.tableid));
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, tid_, nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
}

} // namespace
