// arguments_test.cpp: valid handles, hostile arguments: NULL pointers, a wrong cbStruct,
// sizes far beyond the buffer or the limit, grbits with unknown or conflicting bits, names
// ESE refuses (ErrUTILCheckName) and strings that are not UTF-16. Each call gets the code
// ESE documents or gives where its source decides (docs/semantics.md), or at least fails;
// none reads or writes past what the caller gave, and the database is unchanged
// afterwards (AbuseDb's fingerprint).
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "abuse_db.h"

namespace {

// Any error will do where ESE would fault or its answer is not a documented code.
constexpr JET_ERR kAnyError = 1;
// Any answer: ESE does not look at it (unknown bits) or would fault; we must not.
constexpr JET_ERR kAnyAnswer = 2;

struct Case {
    std::string name;
    JET_ERR expected;
    std::function<JET_ERR()> fn;
};

class ArgumentAbuse : public AbuseDb {
protected:
    void Run(const std::vector<Case> &cases)
    {
        for (const Case &c : cases) {
            JetMove(s_, t_, JET_MoveFirst, 0);
            JET_ERR err = c.fn();
            if (c.expected == kAnyError) {
                EXPECT_GT(0, err) << c.name << ": " << err;
            } else if (c.expected != kAnyAnswer) {
                EXPECT_EQ(c.expected, err) << c.name << ": " << err;
            }
            // whatever the call left prepared goes
            JetPrepareUpdate(s_, t_, JET_prepCancel);
        }
    }

    JET_COLUMNDEF Def(uint32_t coltyp, uint32_t cb_struct = sizeof(JET_COLUMNDEF))
    {
        JET_COLUMNDEF cd{};
        cd.cbStruct = cb_struct;
        cd.coltyp = coltyp;
        return cd;
    }
};

TEST_F(ArgumentAbuse, NullPointers)
{
    uint8_t buf[256];
    uint32_t cb = 0, u = 0;
    JET_COLUMNDEF cd = Def(JET_coltypLong);
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    JET_DBID db = 0;
    JET_SESID s = 0;
    JET_ENUMCOLUMN *rg = nullptr;
    JET_INSTANCE_INFO_A *info = nullptr;
    Run({
        { "JetBeginSession out", JET_errInvalidParameter, [&] { return JetBeginSessionA(inst_, nullptr, "", ""); } },
        { "JetDupSession out", JET_errInvalidParameter, [&] { return JetDupSession(s_, nullptr); } },
        { "JetGetVersion out", JET_errInvalidParameter, [&] { return JetGetVersion(s_, nullptr); } },
        { "JetGetSystemParameter out", JET_errInvalidParameter,
          [&] { return JetGetSystemParameterA(inst_, 0, JET_paramMaxSessions, nullptr, nullptr, 0); } },
        { "JetGetInstanceInfo out", JET_errInvalidParameter, [&] { return JetGetInstanceInfoA(nullptr, &info); } },
        { "JetGetInstanceInfo array", JET_errInvalidParameter, [&] { return JetGetInstanceInfoA(&u, nullptr); } },
        { "JetOpenDatabase out", JET_errInvalidParameter,
          [&] { return JetOpenDatabaseA(s_, path_.c_str(), nullptr, nullptr, 0); } },
        { "JetOpenDatabase name", kAnyError, [&] { return JetOpenDatabaseA(s_, nullptr, nullptr, &db, 0); } },
        { "JetAttachDatabase name", kAnyError, [&] { return JetAttachDatabaseA(s_, nullptr, 0); } },
        { "JetCreateDatabase out", JET_errInvalidParameter,
          [&] { return JetCreateDatabaseA(s_, (dir_ + "/n.edb").c_str(), nullptr, nullptr, 0); } },
        { "JetGetDatabaseFileInfo name", kAnyError,
          [&] { return JetGetDatabaseFileInfoA(nullptr, &u, sizeof u, JET_DbInfoPageSize); } },
        { "JetGetDatabaseFileInfo out", JET_errInvalidParameter,
          [&] { return JetGetDatabaseFileInfoA(path_.c_str(), nullptr, sizeof u, JET_DbInfoPageSize); } },
        { "JetGetDatabaseInfo out", JET_errInvalidParameter,
          [&] { return JetGetDatabaseInfoA(s_, db_, nullptr, sizeof u, JET_DbInfoSpaceOwned); } },
        { "JetGetObjectInfo out", JET_errInvalidParameter,
          [&] {
              return JetGetObjectInfoA(s_, db_, JET_objtypTable, nullptr, "t", nullptr, sizeof(JET_OBJECTINFO), JET_ObjInfo);
          } },
        { "JetCreateTable out", JET_errInvalidParameter, [&] { return JetCreateTableA(s_, db_, "n", 0, 0, nullptr); } },
        { "JetCreateTable name", JET_errInvalidName, [&] { return JetCreateTableA(s_, db_, nullptr, 0, 0, &t); } },
        { "JetCreateTableColumnIndex", JET_errInvalidParameter, [&] { return JetCreateTableColumnIndexA(s_, db_, nullptr); } },
        { "JetOpenTable out", JET_errInvalidParameter, [&] { return JetOpenTableA(s_, db_, "t", nullptr, 0, 0, nullptr); } },
        { "JetOpenTable name", kAnyError, [&] { return JetOpenTableA(s_, db_, nullptr, nullptr, 0, 0, &t); } },
        { "JetDeleteTable name", kAnyError, [&] { return JetDeleteTableA(s_, db_, nullptr); } },
        { "JetRenameTable names", JET_errInvalidParameter, [&] { return JetRenameTableA(s_, db_, "t", nullptr); } },
        { "JetDupCursor out", JET_errInvalidParameter, [&] { return JetDupCursor(s_, t_, nullptr, 0); } },
        { "JetGetTableInfo out", JET_errInvalidParameter,
          [&] { return JetGetTableInfoA(s_, t_, nullptr, sizeof u, JET_TblInfoSpaceOwned); } },
        { "JetAddColumn def", JET_errInvalidParameter, [&] { return JetAddColumnA(s_, t_, "n", nullptr, nullptr, 0, &id); } },
        { "JetAddColumn name", JET_errInvalidName, [&] { return JetAddColumnA(s_, t_, nullptr, &cd, nullptr, 0, &id); } },
        { "JetDeleteColumn name", JET_errInvalidName, [&] { return JetDeleteColumnA(s_, t_, nullptr); } },
        { "JetRenameColumn name", kAnyError, [&] { return JetRenameColumnA(s_, t_, "lv", nullptr, 0); } },
        { "JetGetTableColumnInfo out", JET_errInvalidParameter,
          [&] { return JetGetTableColumnInfoA(s_, t_, "k", nullptr, sizeof(JET_COLUMNDEF), JET_ColInfo); } },
        { "JetGetTableColumnInfo by id", JET_errInvalidParameter,
          [&] { return JetGetTableColumnInfoA(s_, t_, nullptr, buf, sizeof(JET_COLUMNDEF), JET_ColInfoByColid); } },
        { "JetGetColumnInfo table", kAnyError,
          [&] { return JetGetColumnInfoA(s_, db_, nullptr, "k", buf, sizeof(JET_COLUMNDEF), JET_ColInfo); } },
        { "JetCreateIndex key", JET_errInvalidParameter, [&] { return JetCreateIndexA(s_, t_, "n", 0, nullptr, 4, 100); } },
        { "JetCreateIndex name", JET_errInvalidName, [&] { return JetCreateIndexA(s_, t_, nullptr, 0, "+k\0", 4, 100); } },
        { "JetCreateIndex2 array", JET_errInvalidParameter, [&] { return JetCreateIndex2A(s_, t_, nullptr, 1); } },
        { "JetDeleteIndex name", kAnyError, [&] { return JetDeleteIndexA(s_, t_, nullptr); } },
        { "JetGetTableIndexInfo out", JET_errInvalidParameter,
          [&] { return JetGetTableIndexInfoA(s_, t_, "primary", nullptr, sizeof u, JET_IdxInfoCount); } },
        { "JetGetCurrentIndex out", kAnyError, [&] { return JetGetCurrentIndexA(s_, t_, nullptr, 64); } },
        { "JetOpenTempTable columns", JET_errInvalidParameter,
          [&] { return JetOpenTempTable(s_, nullptr, 1, 0, &t, &id); } },
        { "JetOpenTempTable out", JET_errInvalidParameter, [&] { return JetOpenTempTable(s_, &cd, 1, 0, nullptr, &id); } },
        { "JetOpenTempTable ids", JET_errInvalidParameter, [&] { return JetOpenTempTable(s_, &cd, 1, 0, &t, nullptr); } },
        { "JetOpenTemporaryTable", JET_errInvalidParameter, [&] { return JetOpenTemporaryTable(s_, nullptr); } },
        { "JetRetrieveColumns array", JET_errInvalidParameter, [&] { return JetRetrieveColumns(s_, t_, nullptr, 1); } },
        { "JetSetColumns array", JET_errInvalidParameter,
          [&] {
              JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepInsert);
              return err < 0 ? err : JetSetColumns(s_, t_, nullptr, 1);
          } },
        { "JetEnumerateColumns count", JET_errInvalidParameter,
          [&] { return JetEnumerateColumns(s_, t_, 0, nullptr, nullptr, &rg, TestRealloc, nullptr, 0, 0); } },
        { "JetEnumerateColumns array", JET_errInvalidParameter,
          [&] { return JetEnumerateColumns(s_, t_, 0, nullptr, &u, nullptr, TestRealloc, nullptr, 0, 0); } },
        { "JetEnumerateColumns allocator", JET_errInvalidParameter,
          [&] { return JetEnumerateColumns(s_, t_, 0, nullptr, &u, &rg, nullptr, nullptr, 0, 0); } },
        { "JetEnumerateColumns requests", JET_errInvalidParameter,
          [&] { return JetEnumerateColumns(s_, t_, 3, nullptr, &u, &rg, TestRealloc, nullptr, 0, 0); } },
        { "JetGetRecordPosition out", JET_errInvalidParameter,
          [&] { return JetGetRecordPosition(s_, t_, nullptr, sizeof(JET_RECPOS)); } },
        { "JetGotoPosition in", JET_errInvalidParameter, [&] { return JetGotoPosition(s_, t_, nullptr); } },
        { "JetIndexRecordCount out", JET_errInvalidParameter, [&] { return JetIndexRecordCount(s_, t_, nullptr, 0); } },
        { "JetGetRecordSize out", JET_errInvalidParameter, [&] { return JetGetRecordSize(s_, t_, nullptr, 0); } },
        { "JetMakeKey data", kAnyError, [&] { return JetMakeKey(s_, t_, nullptr, 4, JET_bitNewKey); } },
        { "JetGotoBookmark", kAnyError, [&] { return JetGotoBookmark(s_, t_, nullptr, 4); } },
        { "JetSetColumn data", kAnyAnswer,
          [&] {
              JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepInsert);
              return err < 0 ? err : JetSetColumn(s_, t_, k_, nullptr, 4, 0, nullptr);
          } },
        { "JetEscrowUpdate delta", kAnyError, [&] { return JetEscrowUpdate(s_, t_, k_, nullptr, 4, nullptr, 0, nullptr, 0); } },
    });
    (void)cb;
    (void)s;
}

TEST_F(ArgumentAbuse, WrongStructureSizes)
{
    uint8_t buf[256];
    uint32_t cb = 0;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    Run({
        { "JET_COLUMNDEF short", JET_errInvalidParameter,
          [&] {
              JET_COLUMNDEF cd = Def(JET_coltypLong, sizeof(JET_COLUMNDEF) - 1);
              return JetAddColumnA(s_, t_, "n", &cd, nullptr, 0, &id);
          } },
        { "JET_COLUMNDEF zero", JET_errInvalidParameter,
          [&] {
              JET_COLUMNDEF cd = Def(JET_coltypLong, 0);
              return JetAddColumnA(s_, t_, "n", &cd, nullptr, 0, &id);
          } },
        { "JET_RETINFO short", JET_errInvalidParameter,
          [&] {
              JET_RETINFO ri{};
              ri.cbStruct = sizeof ri - 1;
              ri.itagSequence = 1;
              return JetRetrieveColumn(s_, t_, k_, buf, 4, &cb, 0, &ri);
          } },
        { "JET_SETINFO short", JET_errInvalidParameter,
          [&] {
              JET_SETINFO si{};
              si.cbStruct = 1;
              int32_t v = 9;
              JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepReplace);
              return err < 0 ? err : JetSetColumn(s_, t_, mv_, &v, sizeof v, 0, &si);
          } },
        { "JET_INDEXCREATE short", JET_errInvalidParameter,
          [&] {
              JET_INDEXCREATE_A ic{};
              ic.cbStruct = 12;
              ic.szIndexName = const_cast<char *>("n");
              ic.szKey = const_cast<char *>("+k\0");
              ic.cbKey = 4;
              return JetCreateIndex2A(s_, t_, &ic, 1);
          } },
        { "JET_INDEXCREATE2 as JET_INDEXCREATE", JET_errInvalidParameter,
          [&] {
              JET_INDEXCREATE2_A ic{};
              ic.cbStruct = sizeof ic;
              ic.szIndexName = const_cast<char *>("n");
              ic.szKey = const_cast<char *>("+k\0");
              ic.cbKey = 4;
              return JetCreateIndex2A(s_, t_, reinterpret_cast<JET_INDEXCREATE_A *>(&ic), 1);
          } },
        { "JET_TABLECREATE short", JET_errInvalidParameter,
          [&] {
              JET_TABLECREATE_A tc{};
              tc.cbStruct = sizeof tc - 8;
              tc.szTableName = const_cast<char *>("n");
              return JetCreateTableColumnIndexA(s_, db_, &tc);
          } },
        { "JET_COLUMNCREATE short", JET_errInvalidParameter,
          [&] {
              JET_COLUMNCREATE_A cc{};
              cc.cbStruct = 8;
              cc.szColumnName = const_cast<char *>("c");
              cc.coltyp = JET_coltypLong;
              JET_TABLECREATE_A tc{};
              tc.cbStruct = sizeof tc;
              tc.szTableName = const_cast<char *>("n");
              tc.rgcolumncreate = &cc;
              tc.cColumns = 1;
              return JetCreateTableColumnIndexA(s_, db_, &tc);
          } },
        { "JET_OPENTEMPORARYTABLE short", JET_errInvalidParameter,
          [&] {
              JET_COLUMNDEF cd = Def(JET_coltypLong);
              JET_OPENTEMPORARYTABLE o{};
              o.cbStruct = sizeof o - 4;
              o.prgcolumndef = &cd;
              o.ccolumn = 1;
              o.prgcolumnid = &id;
              return JetOpenTemporaryTable(s_, &o);
          } },
        { "JET_RECPOS buffer short", kAnyError,
          [&] {
              JET_RECPOS pos{};
              return JetGetRecordPosition(s_, t_, &pos, sizeof pos - 1);
          } },
        { "JET_COLUMNDEF buffer short", JET_errBufferTooSmall,
          [&] { return JetGetTableColumnInfoA(s_, t_, "k", buf, sizeof(JET_COLUMNDEF) - 1, JET_ColInfo); } },
        { "JET_COLUMNLIST buffer short", JET_errBufferTooSmall,
          [&] { return JetGetTableColumnInfoA(s_, t_, nullptr, buf, sizeof(JET_COLUMNLIST) - 1, JET_ColInfoList); } },
        { "JET_OBJECTINFO buffer short", kAnyError,
          [&] { return JetGetObjectInfoA(s_, db_, JET_objtypTable, nullptr, "t", buf, 8, JET_ObjInfo); } },
        { "JET_DBINFOMISC size", JET_errInvalidBufferSize,
          [&] { return JetGetDatabaseFileInfoA(path_.c_str(), buf, 100, JET_DbInfoMisc); } },
        { "four-byte level, eight bytes", JET_errInvalidBufferSize,
          [&] { return JetGetDatabaseInfoA(s_, db_, buf, 8, JET_DbInfoSpaceOwned); } },
    });
    (void)t;
}

// Sizes the engine must refuse without reading, and output sizes larger than the value:
// only the value's bytes are written (the guard bytes after them stay).
TEST_F(ArgumentAbuse, HugeSizes)
{
    uint8_t small[8] = {};
    uint32_t cb = 0;
    JET_COLUMNID id = 0;
    int32_t v = 5;
    Run({
        { "JetSetColumn over JET_cbLVColumnMost", JET_errInvalidParameter,
          [&] {
              JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepReplace);
              return err < 0 ? err : JetSetColumn(s_, t_, lv_, small, 0x80000000u, 0, nullptr);
          } },
        { "JetSetColumn 0xffffffff", JET_errInvalidParameter,
          [&] {
              JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepReplace);
              return err < 0 ? err : JetSetColumn(s_, t_, name_, small, 0xffffffffu, 0, nullptr);
          } },
        { "JetSetColumn fixed, wrong size", JET_errInvalidBufferSize,
          [&] {
              JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepReplace);
              return err < 0 ? err : JetSetColumn(s_, t_, k_, &v, 0x7fffffffu, 0, nullptr);
          } },
        { "JetMakeKey fixed, huge", JET_errInvalidBufferSize,
          [&] { return JetMakeKey(s_, t_, &v, 0x80000000u, JET_bitNewKey); } },
        { "JetAddColumn cbMax", JET_errInvalidParameter,
          [&] {
              JET_COLUMNDEF cd = Def(JET_coltypLongBinary);
              cd.cbMax = 0x80000000u;
              return JetAddColumnA(s_, t_, "n", &cd, nullptr, 0, &id);
          } },
        { "JetAddColumn cbDefault", JET_errDefaultValueTooBig,
          [&] {
              JET_COLUMNDEF cd = Def(JET_coltypBinary);
              return JetAddColumnA(s_, t_, "n", &cd, small, 0xffffffffu, &id);
          } },
        { "JetCreateIndex cbKey", JET_errIndexInvalidDef,
          [&] { return JetCreateIndexA(s_, t_, "n", 0, "+k\0", 0xffffffffu, 100); } },
        { "JetGotoBookmark cbBookmark", kAnyError, [&] { return JetGotoBookmark(s_, t_, small, 0x80000000u); } },
        { "JetGotoSecondaryIndexBookmark", kAnyError,
          [&] { return JetGotoSecondaryIndexBookmark(s_, t_, small, 0x80000000u, small, 0x80000000u, 0); } },
        { "JetSetSystemParameter out of range", JET_errInvalidParameter,
          [&] {
              JET_INSTANCE i = 0;
              JET_ERR err = JetCreateInstanceA(&i, (iname_ + "-params").c_str());
              if (err < 0) return err;
              err = JetSetSystemParameterA(&i, 0, JET_paramLogFileSize, 0x7fffffff, nullptr);
              JetTerm(i);
              return err;
          } },
        { "JetEnumerateColumns requests", JET_errInvalidParameter,
          [&] {
              JET_ENUMCOLUMN *rg = nullptr;
              return JetEnumerateColumns(s_, t_, 0xffffffffu, nullptr, &cb, &rg, TestRealloc, nullptr, 0, 0);
          } },
    });
    // output buffers declared far larger than they are: only the value is written
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    uint8_t out[64];
    std::memset(out, 0xcc, sizeof out);
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, k_, out, 0xffffffffu, &cb, 0, nullptr));
    EXPECT_EQ(4u, cb);
    EXPECT_EQ(0xcc, out[4]);
    std::memset(out, 0xcc, sizeof out);
    EXPECT_EQ(JET_errSuccess, JetRetrieveKey(s_, t_, out, 0xffffffffu, &cb, 0));
    ASSERT_LT(cb, sizeof out);
    EXPECT_EQ(0xcc, out[cb]);
    std::memset(out, 0xcc, sizeof out);
    EXPECT_EQ(JET_errSuccess, JetGetBookmark(s_, t_, out, 0xffffffffu, &cb));
    ASSERT_LT(cb, sizeof out);
    EXPECT_EQ(0xcc, out[cb]);
    char index[JET_cbNameMost + 8];
    std::memset(index, 0x5a, sizeof index);
    EXPECT_EQ(JET_errSuccess, JetGetCurrentIndexA(s_, t_, index, 0xffffffffu));
    EXPECT_STREQ("primary", index);
    EXPECT_EQ(0x5a, static_cast<uint8_t>(index[std::strlen("primary") + 1]));
}

TEST_F(ArgumentAbuse, BadGrbits)
{
    uint8_t buf[64];
    uint32_t cb = 0;
    int32_t v = 3;
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    Run({
        // ErrIsamSeek: no seek bit is JET_errInvalidParameter; several, the strongest wins
        { "JetSeek no seek bit", JET_errInvalidParameter,
          [&] {
              JET_ERR err = JetMakeKey(s_, t_, &v, sizeof v, JET_bitNewKey);
              return err < 0 ? err : JetSeek(s_, t_, 0);
          } },
        { "JetSeek two seek bits", kAnyAnswer,
          [&] {
              JET_ERR err = JetMakeKey(s_, t_, &v, sizeof v, JET_bitNewKey);
              return err < 0 ? err : JetSeek(s_, t_, JET_bitSeekEQ | JET_bitSeekGE);
          } },
        // ErrIsamMakeKey: one limit option at most (JET_maskLimitOptions)
        { "JetMakeKey two limit options", JET_errInvalidGrbit,
          [&] {
              return JetMakeKey(s_, t_, &v, sizeof v,
                                JET_bitNewKey | JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit);
          } },
        { "JetMakeKey partial limit on a number", JET_errInvalidGrbit,
          [&] { return JetMakeKey(s_, t_, &v, sizeof v, JET_bitNewKey | JET_bitPartialColumnStartLimit); } },
        { "JetPrepareUpdate unknown", JET_errInvalidParameter, [&] { return JetPrepareUpdate(s_, t_, 99); } },
        { "JetPrepareUpdate all bits", JET_errInvalidParameter, [&] { return JetPrepareUpdate(s_, t_, 0xffffffffu); } },
        { "JetDetachDatabase2 force", JET_errForceDetachNotAllowed,
          [&] { return JetDetachDatabase2A(s_, path_.c_str(), JET_bitForceDetach); } },
        { "JetStopServiceInstance2 unknown", JET_errInvalidGrbit,
          [&] { return JetStopServiceInstance2(inst_, 0x100u); } },
        { "JetAddColumn every bit", kAnyError,
          [&] {
              JET_COLUMNDEF cd = Def(JET_coltypLong);
              cd.grbit = 0xffffffffu;
              return JetAddColumnA(s_, t_, "n", &cd, nullptr, 0, &id);
          } },
        { "JetAddColumn fixed and tagged", JET_errInvalidGrbit,
          [&] {
              JET_COLUMNDEF cd = Def(JET_coltypLong);
              cd.grbit = JET_bitColumnFixed | JET_bitColumnTagged;
              return JetAddColumnA(s_, t_, "n", &cd, nullptr, 0, &id);
          } },
        { "JetCreateIndex every bit", kAnyError,
          [&] { return JetCreateIndexA(s_, t_, "n", 0xffffffffu, "+k\0", 4, 100); } },
        { "JetSetIndexRange no key", kAnyError, [&] { return JetSetIndexRange(s_, t_, 0xffffffffu); } },
        { "JetOpenTempTable every bit", kAnyError,
          [&] {
              JET_COLUMNDEF cd = Def(JET_coltypLong);
              cd.grbit = JET_bitColumnTTKey;
              JET_ERR err = JetOpenTempTable(s_, &cd, 1, 0xffffffffu, &t, &id);
              if (err >= 0) JetCloseTable(s_, t);
              return err;
          } },
        // unknown bits that ESE does not look at are harmless: the call does what it says
        { "JetRetrieveColumn unknown bits", kAnyAnswer,
          [&] { return JetRetrieveColumn(s_, t_, k_, buf, sizeof buf, &cb, 0x80000000u, nullptr); } },
    });
}

TEST_F(ArgumentAbuse, BadNames)
{
    const std::vector<std::string> bad = {
        "", " lead", "a.b", "a!b", "a[b", "a]b", std::string("a\x01" "b"), std::string("tab\there"),
        std::string(JET_cbNameMost + 1, 'n'), std::string(1000, 'n'), "   ",
    };
    JET_COLUMNDEF cd = Def(JET_coltypLong);
    for (const std::string &n : bad) {
        SCOPED_TRACE("name [" + n + "]");
        const char *name = n.c_str();
        JET_TABLEID t = 0;
        JET_COLUMNID id = 0;
        EXPECT_EQ(JET_errInvalidName, JetCreateTableA(s_, db_, name, 0, 0, &t));
        EXPECT_EQ(JET_errInvalidName, JetOpenTableA(s_, db_, name, nullptr, 0, 0, &t));
        EXPECT_EQ(JET_errInvalidName, JetDeleteTableA(s_, db_, name));
        EXPECT_EQ(JET_errInvalidName, JetRenameTableA(s_, db_, "t", name));
        EXPECT_EQ(JET_errInvalidName, JetAddColumnA(s_, t_, name, &cd, nullptr, 0, &id));
        EXPECT_EQ(JET_errInvalidName, JetDeleteColumnA(s_, t_, name));
        EXPECT_EQ(JET_errInvalidName, JetRenameColumnA(s_, t_, "lv", name, 0));
        EXPECT_EQ(JET_errInvalidName, JetCreateIndexA(s_, t_, name, 0, "+k\0", 4, 100));
        EXPECT_EQ(JET_errInvalidName, JetDeleteIndexA(s_, t_, name));
        EXPECT_EQ(JET_errInvalidName, JetSetColumnDefaultValueA(s_, db_, "t", name, "x", 1, 0));
        EXPECT_EQ(JET_errInvalidName, JetSetColumnDefaultValueA(s_, db_, name, "name", "x", 1, 0));
        uint8_t buf[sizeof(JET_COLUMNDEF)];
        uint32_t u = 0;
        EXPECT_EQ(JET_errInvalidName, JetGetColumnInfoA(s_, db_, name, "k", buf, sizeof buf, JET_ColInfo));
        EXPECT_EQ(JET_errInvalidName, JetGetIndexInfoA(s_, db_, name, "primary", &u, sizeof u, JET_IdxInfoCount));
        JET_COLUMNCREATE_A cc{};
        cc.cbStruct = sizeof cc;
        cc.szColumnName = const_cast<char *>(name);
        cc.coltyp = JET_coltypLong;
        JET_TABLECREATE_A tc{};
        tc.cbStruct = sizeof tc;
        tc.szTableName = const_cast<char *>("made");
        tc.rgcolumncreate = &cc;
        tc.cColumns = 1;
        EXPECT_EQ(JET_errInvalidName, JetCreateTableColumnIndexA(s_, db_, &tc));
        EXPECT_EQ(JET_errInvalidName, cc.err);
    }
    // names that are fine but name nothing
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTableA(s_, db_, "absent", nullptr, 0, 0, &t));
    EXPECT_EQ(JET_errColumnNotFound, JetDeleteColumnA(s_, t_, "absent"));
    EXPECT_EQ(JET_errIndexNotFound, JetDeleteIndexA(s_, t_, "absent"));
    EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndexA(s_, t_, "absent"));
    // UTF-16 that is not text: a lone surrogate
    const WCHAR lone[] = { 'a', static_cast<WCHAR>(0xd800), 'b', 0 };
    const WCHAR reversed[] = { static_cast<WCHAR>(0xdc00), static_cast<WCHAR>(0xd800), 0 };
    for (const WCHAR *w : { lone, reversed }) {
        JET_COLUMNID id = 0;
        EXPECT_GT(0, JetCreateTableW(s_, db_, w, 0, 0, &t));
        EXPECT_GT(0, JetOpenTableW(s_, db_, w, nullptr, 0, 0, &t));
        EXPECT_GT(0, JetAddColumnW(s_, t_, w, &cd, nullptr, 0, &id));
        EXPECT_GT(0, JetSetCurrentIndexW(s_, t_, w));
        EXPECT_GT(0, JetAttachDatabaseW(s_, w, 0));
    }
}

// Values at the edges of what each argument means: sequences, offsets, counts and
// positions far out of range, column ids of no column, garbage bookmarks and index ids,
// files that are too small to be databases.
TEST_F(ArgumentAbuse, UnusualValues)
{
    uint8_t buf[512];
    uint32_t cb = 0;
    int32_t v = 1;
    Run({
        { "JetRetrieveColumn itagSequence 0xffffffff", JET_wrnColumnNull,
          [&] {
              JET_RETINFO ri{};
              ri.cbStruct = sizeof ri;
              ri.itagSequence = 0xffffffffu;
              return JetRetrieveColumn(s_, t_, mv_, buf, sizeof buf, &cb, 0, &ri);
          } },
        { "JetRetrieveColumn ibLongValue past the end", kAnyAnswer,
          [&] {
              JET_RETINFO ri{};
              ri.cbStruct = sizeof ri;
              ri.itagSequence = 1;
              ri.ibLongValue = 0xfffffff0u;
              return JetRetrieveColumn(s_, t_, lv_, buf, sizeof buf, &cb, 0, &ri);
          } },
        { "JetRetrieveColumn no such column", JET_errColumnNotFound,
          [&] { return JetRetrieveColumn(s_, t_, 0x7fffu, buf, sizeof buf, &cb, 0, nullptr); } },
        { "JetRetrieveColumn columnid 0xffffffff", kAnyError,
          [&] { return JetRetrieveColumn(s_, t_, 0xffffffffu, buf, sizeof buf, &cb, 0, nullptr); } },
        { "JetSetColumn no such column", kAnyError,
          [&] {
              JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepReplace);
              return err < 0 ? err : JetSetColumn(s_, t_, 0x7fffu, &v, sizeof v, 0, nullptr);
          } },
        { "JetSetColumn itagSequence 0xffffffff", kAnyAnswer,
          [&] {
              JET_SETINFO si{};
              si.cbStruct = sizeof si;
              si.itagSequence = 0xffffffffu;
              JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepReplace);
              return err < 0 ? err : JetSetColumn(s_, t_, mv_, &v, sizeof v, 0, &si);
          } },
        { "JetSetColumn ibLongValue far out", kAnyAnswer,
          [&] {
              JET_SETINFO si{};
              si.cbStruct = sizeof si;
              si.ibLongValue = 0x7ffffff0u;
              si.itagSequence = 1;
              JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepReplace);
              return err < 0 ? err : JetSetColumn(s_, t_, lv_, buf, 64, JET_bitSetOverwriteLV, &si);
          } },
        // (0x7fffffff and 0x80000000 are JET_MoveLast and JET_MoveFirst)
        { "JetMove 0x7ffffffe rows", JET_errNoCurrentRecord, [&] { return JetMove(s_, t_, 0x7ffffffe, 0); } },
        { "JetMove -0x7fffffff rows", JET_errNoCurrentRecord, [&] { return JetMove(s_, t_, -0x7fffffff, 0); } },
        { "JetGotoPosition total 0", kAnyAnswer,
          [&] {
              JET_RECPOS pos{};
              pos.cbStruct = sizeof pos;
              pos.centriesLT = 5;
              pos.centriesTotal = 0;
              return JetGotoPosition(s_, t_, &pos);
          } },
        { "JetGotoPosition past the total", kAnyAnswer,
          [&] {
              JET_RECPOS pos{};
              pos.cbStruct = sizeof pos;
              pos.centriesLT = 0xffffffffu;
              pos.centriesTotal = 1;
              return JetGotoPosition(s_, t_, &pos);
          } },
        { "JetGotoBookmark garbage", kAnyError,
          [&] {
              for (uint32_t i = 0; i < sizeof buf; i++) buf[i] = static_cast<uint8_t>(i * 37u + 11u);
              return JetGotoBookmark(s_, t_, buf, 255);
          } },
        { "JetGotoBookmark empty", kAnyError, [&] { return JetGotoBookmark(s_, t_, buf, 0); } },
        { "JetGotoSecondaryIndexBookmark garbage", kAnyError,
          [&] {
              JET_ERR err = JetSetCurrentIndexA(s_, t_, "by_name");
              return err < 0 ? err : JetGotoSecondaryIndexBookmark(s_, t_, buf, 200, buf + 200, 200, 0);
          } },
        { "JetSetCurrentIndex4 garbage index id", kAnyAnswer,
          [&] {
              JET_INDEXID id;
              std::memset(&id, 0xa5, sizeof id);
              id.cbStruct = sizeof id;
              return JetSetCurrentIndex4A(s_, t_, "by_name", &id, JET_bitMoveFirst, 1);
          } },
        { "JetSeek without a key", JET_errKeyNotMade, [&] { return JetSeek(s_, t_, JET_bitSeekEQ); } },
        { "JetSetIndexRange without a key", JET_errKeyNotMade,
          [&] { return JetSetIndexRange(s_, t_, JET_bitRangeUpperLimit); } },
        { "JetMakeKey more segments than the index", kAnyError,
          [&] {
              JET_ERR err = JET_errSuccess;
              for (int i = 0; i < 20 && err >= 0; i++) err = JetMakeKey(s_, t_, &v, sizeof v, i == 0 ? JET_bitNewKey : 0);
              return err;
          } },
        { "JetUpdate not prepared", JET_errUpdateNotPrepared, [&] { return JetUpdate(s_, t_, nullptr, 0, nullptr); } },
        { "JetGetBookmark no room", JET_errBufferTooSmall, [&] { return JetGetBookmark(s_, t_, buf, 0, &cb); } },
        { "JetEnumerateColumns tag list NULL", JET_errInvalidParameter,
          [&] {
              JET_ENUMCOLUMNID req{};
              req.columnid = mv_;
              req.ctagSequence = 1000;
              JET_ENUMCOLUMN *rg = nullptr;
              uint32_t n = 0;
              JET_ERR err = JetEnumerateColumns(s_, t_, 1, &req, &n, &rg, TestRealloc, nullptr, 0, 0);
              if (err >= 0) FreeEnum(rg, n);
              return err;
          } },
        { "JetEnumerateColumns garbage column ids", kAnyAnswer,
          [&] {
              JET_ENUMCOLUMNID req[4] = {};
              req[0].columnid = 0xffffffffu;
              req[1].columnid = 0x7fff0000u;
              req[2].columnid = 300;
              req[3].columnid = k_;
              JET_ENUMCOLUMN *rg = nullptr;
              uint32_t n = 0;
              JET_ERR err = JetEnumerateColumns(s_, t_, 4, req, &n, &rg, TestRealloc, nullptr, 0, 0);
              if (rg != nullptr) FreeEnum(rg, n);
              return err;
          } },
        { "JetRetrieveColumns garbage column ids", kAnyAnswer,
          [&] {
              JET_RETRIEVECOLUMN rc[3] = {};
              rc[0].columnid = 0xffffffffu;
              rc[1].columnid = 0;
              rc[2].columnid = 0x7fffu;
              for (JET_RETRIEVECOLUMN &r : rc) {
                  r.pvData = buf;
                  r.cbData = 16;
                  r.itagSequence = 1;
              }
              return JetRetrieveColumns(s_, t_, rc, 3);
          } },
        { "JetGetSystemParameter string into a short buffer", kAnyAnswer,
          [&] {
              char small[4] = { 'x', 'x', 'x', 'x' };
              JET_ERR err = JetGetSystemParameterA(inst_, 0, JET_paramSystemPath, nullptr, small, 3);
              return small[3] == 'x' ? err : JET_errInternalError;
          } },
        { "JetSetSystemParameter string too long", JET_errInvalidParameter,
          [&] {
              std::string longpath(5000, 'p');
              return JetSetSystemParameterA(nullptr, 0, JET_paramBaseName, 0, longpath.c_str());
          } },
    });
    // files too small or too strange to be databases
    const std::vector<std::pair<std::string, size_t>> files = {
        { "empty.edb", 0 }, { "ten.edb", 10 }, { "one-page.edb", 8192 }, { "two-pages.edb", 16384 },
        { "odd.edb", 8192 * 3 + 17 },
    };
    for (const auto &f : files) {
        SCOPED_TRACE(f.first);
        std::string path = dir_ + "/" + f.first;
        std::FILE *out = std::fopen(path.c_str(), "wb");
        ASSERT_NE(nullptr, out);
        std::vector<uint8_t> bytes(f.second, 0);
        if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), out);
        std::fclose(out);
        uint32_t u = 0;
        JET_DBINFOMISC misc{};
        EXPECT_GT(0, JetGetDatabaseFileInfoA(path.c_str(), &misc, sizeof misc, JET_DbInfoMisc));
        JetGetDatabaseFileInfoA(path.c_str(), &u, sizeof u, JET_DbInfoPageSize);
        EXPECT_GT(0, JetAttachDatabaseA(s_, path.c_str(), JET_bitDbReadOnly));
        EXPECT_GT(0, JetAttachDatabaseA(s_, path.c_str(), 0));
        EXPECT_GT(0, JetCreateDatabaseA(s_, path.c_str(), nullptr, nullptr, 0));
        compat_path_delete(path.c_str());
    }
}

} // namespace
