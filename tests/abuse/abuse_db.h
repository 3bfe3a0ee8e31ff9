// abuse_db.h: the database the abuse tests misuse (public API only): an instance of its
// own, a session, a database in a scratch folder with table "t" (columns of each kind,
// a primary and a secondary index, a few records, long values among them), the table
// open in that session; and a fingerprint of everything the database holds (its tables,
// their columns, indexes and records as the API reports them), taken after setup and
// compared at the end: misuse must change nothing (tests that change the database on
// purpose clear expect_unchanged_). That the library prints nothing is checked around the
// whole run by run_checked.cmake.
#ifndef TESTS_ABUSE_ABUSE_DB_H
#define TESTS_ABUSE_ABUSE_DB_H

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "enum_alloc.h"
#include "esent.h"
#include "scratch_dir.h"

// A UTF-16 literal as the W functions take it (WCHAR is wchar_t on Windows, char16_t here).
#define W16(s) reinterpret_cast<const WCHAR *>(u"" s)

// Appends the rows of a list's temporary table (every column given), then closes it.
inline void ListRows(JET_SESID s, JET_TABLEID list, const std::vector<JET_COLUMNID> &cols, std::string *out)
{
    std::vector<uint8_t> buf(4096);
    for (JET_ERR err = JetMove(s, list, JET_MoveFirst, 0); err >= 0; err = JetMove(s, list, JET_MoveNext, 0)) {
        for (JET_COLUMNID c : cols) {
            uint32_t cb = 0;
            JET_ERR e = JetRetrieveColumn(s, list, c, buf.data(), (uint32_t)buf.size(), &cb, 0, nullptr);
            *out += std::to_string(e) + ":" + std::string(reinterpret_cast<char *>(buf.data()), e >= 0 ? cb : 0) + "|";
        }
        *out += "\n";
    }
    JetCloseTable(s, list);
}

// Everything the database holds, as text: tables, columns, indexes, every record.
inline std::string Fingerprint(JET_INSTANCE inst, const std::string &path)
{
    std::string out;
    JET_SESID s = 0;
    JET_DBID db = 0;
    if (JetBeginSessionA(inst, &s, "", "") < 0) return "no session";
    JET_ERR err = JetOpenDatabaseA(s, path.c_str(), nullptr, &db, 0);
    if (err < 0) {
        JetEndSession(s, 0);
        return "no database: " + std::to_string(err);
    }
    JET_OBJECTLIST ol{};
    std::vector<std::string> tables;
    if (JetGetObjectInfoA(s, db, JET_objtypTable, nullptr, nullptr, &ol, sizeof ol, JET_ObjInfoList) >= 0) {
        for (err = JetMove(s, ol.tableid, JET_MoveFirst, 0); err >= 0; err = JetMove(s, ol.tableid, JET_MoveNext, 0)) {
            char name[JET_cbNameMost + 1] = {};
            uint32_t cb = 0;
            JetRetrieveColumn(s, ol.tableid, ol.columnidobjectname, name, JET_cbNameMost, &cb, 0, nullptr);
            tables.emplace_back(name, cb);
        }
        JetCloseTable(s, ol.tableid);
    }
    for (const std::string &name : tables) {
        JET_TABLEID t = 0;
        out += "table " + name + "\n";
        if (JetOpenTableA(s, db, name.c_str(), nullptr, 0, JET_bitTableReadOnly, &t) < 0) continue;
        JET_COLUMNLIST cl{};
        if (JetGetTableColumnInfoA(s, t, nullptr, &cl, sizeof cl, JET_ColInfoListSortColumnid) >= 0)
            ListRows(s, cl.tableid,
                     { cl.columnidcolumnname, cl.columnidcolumnid, cl.columnidcoltyp, cl.columnidcbMax,
                       cl.columnidgrbit, cl.columnidDefault, cl.columnidCp },
                     &out);
        JET_INDEXLIST il{};
        if (JetGetTableIndexInfoA(s, t, nullptr, &il, sizeof il, JET_IdxInfoList) >= 0)
            ListRows(s, il.tableid,
                     { il.columnidindexname, il.columnidgrbitIndex, il.columnidcolumnname, il.columnidgrbitColumn,
                       il.columnidcColumn },
                     &out);
        for (err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
            uint32_t c = 0;
            JET_ENUMCOLUMN *rg = nullptr;
            if (JetEnumerateColumns(s, t, 0, nullptr, &c, &rg, TestRealloc, nullptr, 0x7fffffff, 0) < 0) {
                out += "enum failed\n";
                continue;
            }
            for (uint32_t i = 0; i < c; i++) {
                out += std::to_string(rg[i].columnid) + "=";
                for (uint32_t k = 0; k < rg[i].cEnumColumnValue; k++)
                    out += std::string(static_cast<char *>(rg[i].rgEnumColumnValue[k].pvData),
                                       rg[i].rgEnumColumnValue[k].cbData) + ";";
            }
            out += "\n";
            FreeEnum(rg, c);
        }
        JetCloseTable(s, t);
    }
    JetCloseDatabase(s, db, 0);
    JetEndSession(s, 0);
    return out;
}

class AbuseDb : public ::testing::Test {
protected:
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID k_ = 0, name_ = 0, lv_ = 0, mv_ = 0;
    std::string dir_, path_, iname_, before_;
    bool expect_unchanged_ = true;
    std::vector<uint8_t> big_ = std::vector<uint8_t>(20000);

    void SetUp() override
    {
        MakeScratch("abuse", "abuse.edb", &dir_, &path_, &iname_);
        std::string folder = dir_ + "/";
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, iname_.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off"));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramSystemPath, 0, folder.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramLogFilePath, 0, folder.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramTempPath, 0, folder.c_str()));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 0, &t_));
        ASSERT_EQ(JET_errSuccess, AddColumn("k", JET_coltypLong, 0, &k_));
        ASSERT_EQ(JET_errSuccess, AddColumn("name", JET_coltypText, 0, &name_));
        ASSERT_EQ(JET_errSuccess, AddColumn("lv", JET_coltypLongBinary, 0, &lv_));
        ASSERT_EQ(JET_errSuccess, AddColumn("mv", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued, &mv_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "primary", JET_bitIndexPrimary, "+k\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "by_name", 0, "+name\0-k\0", 10, 100));
        for (size_t i = 0; i < big_.size(); i++) big_[i] = static_cast<uint8_t>(i * 7u);
        for (int32_t k = 1; k <= 20; k++) ASSERT_EQ(JET_errSuccess, Insert(k));
        // JetCreateTable's cursor holds the table exclusively: an ordinary one instead
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t_));
        before_ = Fingerprint(inst_, path_);
        ASSERT_NE(std::string::npos, before_.find("by_name")) << before_;
    }

    void TearDown() override
    {
        // the handles still work, and the database is as setup left it
        if (!HasFatalFailure()) {
            EXPECT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
            if (expect_unchanged_) {
                EXPECT_TRUE(before_ == Fingerprint(inst_, path_)) << "the database changed";
            }
        }
        if (inst_ != 0) {
            EXPECT_EQ(JET_errSuccess, JetTerm(inst_));
        }
        RemoveScratch(dir_, path_);
    }

    JET_ERR AddColumn(const char *name, uint32_t coltyp, JET_GRBIT grbit, JET_COLUMNID *id)
    {
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = coltyp;
        cd.grbit = grbit;
        cd.cp = coltyp == JET_coltypText ? 1252 : 0;
        return JetAddColumnA(s_, t_, name, &cd, nullptr, 0, id);
    }

    JET_ERR Insert(int32_t k)
    {
        std::string name = "name " + std::to_string(k * 37 % 11);
        JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepInsert);
        if (err >= 0) err = JetSetColumn(s_, t_, k_, &k, sizeof k, 0, nullptr);
        if (err >= 0) err = JetSetColumn(s_, t_, name_, name.data(), (uint32_t)name.size(), 0, nullptr);
        if (err >= 0) err = JetSetColumn(s_, t_, lv_, big_.data(), (uint32_t)(k % 4 == 0 ? 9000 + k : k * 10), 0, nullptr);
        for (int32_t v = 0; err >= 0 && v < k % 3; v++) {
            JET_SETINFO si{};
            si.cbStruct = sizeof si;
            int32_t x = k * 100 + v;
            err = JetSetColumn(s_, t_, mv_, &x, sizeof x, 0, &si);
        }
        if (err >= 0) err = JetUpdate(s_, t_, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s_, t_, JET_prepCancel);
        return err;
    }
};

#endif
