// The copy buffer and index sort versions through the public API: JetGetRecordSize(2)
// with JET_bitRecordSizeInCopyBuffer, the tagged-column scan (columnid 0) of the copy
// buffer with JET_bitRetrieveCopy, JetEnumerateColumns with
// JET_bitEnumerateAsRefIfNotInRecord, and JetGetIndexInfo's sort-version levels on
// indexes this engine makes and on Windows-made samples. docs/semantics.md,
// "Copy-buffer scans, enumeration references, record size of the copy buffer, index
// sort versions".
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "enum_alloc.h"
#include "esent.h"
#include "scratch_dir.h"
#include "sample_path.h"

extern "C" {
#include "compat.h"
}

namespace {

class CopyBuffer : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("copybuf", "c.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    JET_COLUMNID Add(JET_TABLEID t, const char *name, JET_COLTYP coltyp, JET_GRBIT grbit = 0, uint32_t cb = 0,
                     const void *def = nullptr, uint32_t cb_def = 0, uint16_t cp = 0)
    {
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = coltyp;
        d.grbit = grbit;
        d.cbMax = cb;
        d.cp = cp != 0 ? cp : (coltyp == JET_coltypText || coltyp == JET_coltypLongText) ? 1252 : 0;
        JET_COLUMNID id = 0;
        EXPECT_EQ(JET_errSuccess, JetAddColumnA(s_, t, name, &d, def, cb_def, &id)) << name;
        return id;
    }
    static std::string Key(const std::vector<std::string> &segs)
    {
        std::string k;
        for (const auto &s : segs) {
            k += s;
            k.push_back('\0');
        }
        k.push_back('\0');
        return k;
    }
    // Table "t": id (long, primary key), v (text), a tagged long binary lv, tagged
    // columns t1 (multi-valued long) and t2 (binary with a default "dflt").
    void MakeTable()
    {
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 0, &t_));
        id_ = Add(t_, "id", JET_coltypLong, JET_bitColumnFixed);
        v_ = Add(t_, "v", JET_coltypText, 0, 100);
        lv_ = Add(t_, "lv", JET_coltypLongBinary, JET_bitColumnTagged);
        t1_ = Add(t_, "t1", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued);
        t2_ = Add(t_, "t2", JET_coltypBinary, JET_bitColumnTagged, 0, "dflt", 4);
        std::string k = Key({ "+id" });
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "pk", JET_bitIndexPrimary, k.data(), (uint32_t)k.size(), 100));
    }
    void Set(JET_COLUMNID c, const void *pv, uint32_t cb, JET_GRBIT grbit = 0, uint32_t itag = 0)
    {
        JET_SETINFO si{};
        si.cbStruct = sizeof si;
        si.itagSequence = itag;
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, c, pv, cb, grbit, &si));
    }
    void Insert(int32_t id, const std::string &v, const std::vector<uint8_t> &lv)
    {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        Set(id_, &id, sizeof id);
        Set(v_, v.data(), (uint32_t)v.size());
        if (!lv.empty()) Set(lv_, lv.data(), (uint32_t)lv.size());
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    void Seek(int32_t id)
    {
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &id, sizeof id, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    }
    JET_RECSIZE2 Size(JET_GRBIT grbit, JET_ERR expect = JET_errSuccess)
    {
        JET_RECSIZE2 r{};
        EXPECT_EQ(expect, JetGetRecordSize2(s_, t_, &r, grbit));
        return r;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID id_ = 0, v_ = 0, lv_ = 0, t1_ = 0, t2_ = 0;
};

void ExpectSame(const JET_RECSIZE2 &a, const JET_RECSIZE2 &b)
{
    EXPECT_EQ(a.cbData, b.cbData);
    EXPECT_EQ(a.cbLongValueData, b.cbLongValueData);
    EXPECT_EQ(a.cbOverhead, b.cbOverhead);
    EXPECT_EQ(a.cbLongValueOverhead, b.cbLongValueOverhead);
    EXPECT_EQ(a.cNonTaggedColumns, b.cNonTaggedColumns);
    EXPECT_EQ(a.cTaggedColumns, b.cTaggedColumns);
    EXPECT_EQ(a.cLongValues, b.cLongValues);
    EXPECT_EQ(a.cMultiValues, b.cMultiValues);
    EXPECT_EQ(a.cbDataCompressed, b.cbDataCompressed);
    EXPECT_EQ(a.cbLongValueDataCompressed, b.cbLongValueDataCompressed);
}

// ---- JetEnumerateColumns with JET_bitEnumerateCopy ----

// The values of one column of JetEnumerateColumns' output, as strings (null: absent).
static std::vector<std::string> Values(const JET_ENUMCOLUMN *rg, uint32_t n, JET_COLUMNID id)
{
    std::vector<std::string> out;
    for (uint32_t i = 0; i < n; i++) {
        if (rg[i].columnid != id) continue;
        if (rg[i].err == JET_wrnColumnSingleValue) {
            out.emplace_back(static_cast<const char *>(rg[i].pvData), rg[i].cbData);
            continue;
        }
        for (uint32_t k = 0; k < rg[i].cEnumColumnValue; k++)
            out.emplace_back(static_cast<const char *>(rg[i].rgEnumColumnValue[k].pvData),
                             rg[i].rgEnumColumnValue[k].cbData);
    }
    return out;
}

// ErrRECEnumerateAllColumns reads the copy buffer (fUseCopyBuffer) when an update is
// prepared: an insert into an empty table has no current record, and is enumerated all
// the same, with the defaults the record would get.
TEST_F(CopyBuffer, EnumerateCopyOfAnInsertWithNoCurrentRecord)
{
    MakeTable();
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    int32_t id = 7, a = 1, b = 2;
    Set(id_, &id, 4);
    Set(v_, "text", 4);
    Set(t1_, &a, 4, 0, 0);
    Set(t1_, &b, 4, 0, 0);
    std::vector<uint8_t> big(5000, 0x33);
    Set(lv_, big.data(), (uint32_t)big.size());
    uint32_t n = 0;
    JET_ENUMCOLUMN *rg = nullptr;
    // without the flag: the current record, of which there is none
    EXPECT_EQ(JET_errNoCurrentRecord, JetEnumerateColumns(s_, t_, 0, nullptr, &n, &rg, TestRealloc, nullptr, 0xffffffffu, 0));
    ASSERT_EQ(JET_errSuccess,
              JetEnumerateColumns(s_, t_, 0, nullptr, &n, &rg, TestRealloc, nullptr, 0xffffffffu, JET_bitEnumerateCopy));
    EXPECT_EQ((std::vector<std::string>{ std::string("\x07\0\0\0", 4) }), Values(rg, n, id_));
    EXPECT_EQ((std::vector<std::string>{ "text" }), Values(rg, n, v_));
    EXPECT_EQ((std::vector<std::string>{ std::string("\x01\0\0\0", 4), std::string("\x02\0\0\0", 4) }), Values(rg, n, t1_));
    EXPECT_EQ((std::vector<std::string>{ std::string(big.begin(), big.end()) }), Values(rg, n, lv_));
    EXPECT_EQ((std::vector<std::string>{ "dflt" }), Values(rg, n, t2_)); // the default
    FreeEnum(rg, n);
    // asked by column, with the defaults ignored
    JET_ENUMCOLUMNID req[2] = { { v_, 0, nullptr }, { t2_, 0, nullptr } };
    ASSERT_EQ(JET_errSuccess, JetEnumerateColumns(s_, t_, 2, req, &n, &rg, TestRealloc, nullptr, 0xffffffffu,
                                                  JET_bitEnumerateCopy | JET_bitEnumerateIgnoreDefault));
    ASSERT_EQ(2u, n);
    EXPECT_EQ((std::vector<std::string>{ "text" }), Values(rg, n, v_));
    EXPECT_EQ(JET_wrnColumnDefault, rg[1].err);
    FreeEnum(rg, n);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
}

// A replace's copy buffer: the changed values, not the stored ones.
TEST_F(CopyBuffer, EnumerateCopyOfAReplace)
{
    MakeTable();
    Insert(1, "old", std::vector<uint8_t>(3000, 0x44));
    Seek(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    Set(v_, "new", 3);
    uint32_t n = 0;
    JET_ENUMCOLUMN *rg = nullptr;
    ASSERT_EQ(JET_errSuccess,
              JetEnumerateColumns(s_, t_, 0, nullptr, &n, &rg, TestRealloc, nullptr, 0xffffffffu, JET_bitEnumerateCopy));
    EXPECT_EQ((std::vector<std::string>{ "new" }), Values(rg, n, v_));
    EXPECT_EQ((std::vector<std::string>{ std::string(3000, '\x44') }), Values(rg, n, lv_)); // stored in the LV tree
    FreeEnum(rg, n);
    ASSERT_EQ(JET_errSuccess, JetEnumerateColumns(s_, t_, 0, nullptr, &n, &rg, TestRealloc, nullptr, 0xffffffffu, 0));
    EXPECT_EQ((std::vector<std::string>{ "old" }), Values(rg, n, v_));
    FreeEnum(rg, n);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
}

// ---- JetGetRecordSize with JET_bitRecordSizeInCopyBuffer ----

// No update prepared: the flag measures the current record; with none, no current record.
TEST_F(CopyBuffer, RecordSizeWithoutUpdateMeasuresTheRecord)
{
    MakeTable();
    Size(JET_bitRecordSizeInCopyBuffer, JET_errNoCurrentRecord);
    Insert(1, "hello", { 1, 2, 3 });
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    JET_RECSIZE2 stored = Size(0);
    JET_RECSIZE2 copy = Size(JET_bitRecordSizeInCopyBuffer);
    ExpectSame(stored, copy);
    EXPECT_EQ(4u + 5u + 3u, stored.cbData);
    EXPECT_EQ(2u, stored.cNonTaggedColumns);
    EXPECT_EQ(1u, stored.cTaggedColumns);
}

// An insert: the copy buffer as the update will write it, without a key (not formed yet).
TEST_F(CopyBuffer, RecordSizeOfAnInsert)
{
    MakeTable();
    Insert(1, "hello", { 1, 2, 3 });
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    JET_RECSIZE2 stored = Size(0);

    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    JET_RECSIZE2 empty = Size(JET_bitRecordSizeInCopyBuffer);
    EXPECT_EQ(0u, empty.cbData);
    EXPECT_EQ(0u, empty.cTaggedColumns);
    EXPECT_EQ(4u + 2u + 4u, empty.cbOverhead); // tag, key count, record header: no key yet
    int32_t id = 2;
    Set(id_, &id, sizeof id);
    Set(v_, "hello", 5);
    const uint8_t lv[3] = { 9, 9, 9 };
    Set(lv_, lv, sizeof lv);
    JET_RECSIZE2 copy = Size(JET_bitRecordSizeInCopyBuffer);
    EXPECT_EQ(stored.cbData, copy.cbData);
    EXPECT_EQ(stored.cTaggedColumns, copy.cTaggedColumns);
    EXPECT_EQ(stored.cNonTaggedColumns, copy.cNonTaggedColumns);
    EXPECT_EQ(stored.cbOverhead - 5u, copy.cbOverhead); // the 5-byte key of a long is not counted
    // without the flag: the record the cursor is on
    ExpectSame(stored, Size(0));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(2);
    ExpectSame(stored, Size(0));
}

// A replace: the key is known and counted; changes show before the update.
TEST_F(CopyBuffer, RecordSizeOfAReplace)
{
    MakeTable();
    Insert(1, "hello", {});
    Seek(1);
    JET_RECSIZE2 stored = Size(0);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ExpectSame(stored, Size(JET_bitRecordSizeInCopyBuffer));
    Set(v_, "hello world", 11);
    int32_t mv[2] = { 7, 8 };
    Set(t1_, &mv[0], 4);
    Set(t1_, &mv[1], 4);
    JET_RECSIZE2 copy = Size(JET_bitRecordSizeInCopyBuffer);
    EXPECT_EQ(stored.cbData + 6u + 8u, copy.cbData);
    EXPECT_EQ(1u, copy.cTaggedColumns);
    EXPECT_EQ(1u, copy.cMultiValues);
    ExpectSame(stored, Size(0));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(1);
    ExpectSame(copy, Size(0));
}

// A long value too large for the record counts as the separated value the update makes.
TEST_F(CopyBuffer, RecordSizeCountsLongValuesTheUpdateSeparates)
{
    MakeTable();
    Insert(1, "a", {});
    Seek(1);
    std::vector<uint8_t> big(20000);
    for (size_t i = 0; i < big.size(); i++) big[i] = (uint8_t)(i * 7u);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    Set(lv_, big.data(), (uint32_t)big.size());
    JET_RECSIZE2 copy = Size(JET_bitRecordSizeInCopyBuffer);
    EXPECT_EQ(1u, copy.cLongValues);
    EXPECT_EQ(20000u, copy.cbLongValueData);
    EXPECT_EQ(20000u, copy.cbLongValueDataCompressed);
    EXPECT_EQ(5u, copy.cbData);
    JET_RECSIZE2 local = Size(JET_bitRecordSizeInCopyBuffer | JET_bitRecordSizeLocal);
    EXPECT_EQ(0u, local.cbLongValueData);
    EXPECT_EQ(1u, local.cLongValues);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(1);
    JET_RECSIZE2 after = Size(0);
    ExpectSame(copy, after);
    // a replace of a record whose value is separated: the LID is measured in the LV tree
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ExpectSame(after, Size(JET_bitRecordSizeInCopyBuffer));
    // running totals add to what the structure holds
    JET_RECSIZE2 twice = after;
    ASSERT_EQ(JET_errSuccess,
              JetGetRecordSize2(s_, t_, &twice, JET_bitRecordSizeInCopyBuffer | JET_bitRecordSizeRunningTotal));
    EXPECT_EQ(2u * after.cbData, twice.cbData);
    EXPECT_EQ(2u * after.cbLongValueData, twice.cbLongValueData);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
}

// ---- the tagged-column scan of the copy buffer ----

struct Scanned {
    JET_ERR err;
    JET_COLUMNID next;
    std::string value;
};

class CopyScan : public CopyBuffer {
protected:
    Scanned Scan(uint32_t itag, JET_GRBIT grbit)
    {
        char buf[64] = {};
        uint32_t cb = 0;
        JET_RETINFO ri{};
        ri.cbStruct = sizeof ri;
        ri.itagSequence = itag;
        ri.columnidNextTagged = 0xdead;
        JET_ERR err = JetRetrieveColumn(s_, t_, 0, buf, sizeof buf, &cb, grbit, &ri);
        return { err, ri.columnidNextTagged, std::string(buf, cb < sizeof buf ? cb : sizeof buf) };
    }
    uint32_t Count(JET_GRBIT grbit)
    {
        JET_RETRIEVECOLUMN rc{};
        rc.columnid = 0;
        rc.itagSequence = 0;
        rc.grbit = grbit;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, &rc, 1));
        EXPECT_EQ(JET_errSuccess, rc.err);
        EXPECT_EQ(0u, rc.columnidNextTagged);
        return rc.itagSequence;
    }
    static std::string Long(int32_t v) { return std::string((const char *)&v, 4); }
};

TEST_F(CopyScan, InsertWalksTheCopyBufferWithDefaults)
{
    MakeTable();
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    int32_t id = 1, a = 7, b = 8;
    Set(id_, &id, 4);
    Set(lv_, "abc", 3);
    Set(t1_, &a, 4);
    Set(t1_, &b, 4);
    Scanned r = Scan(1, JET_bitRetrieveCopy);
    EXPECT_EQ(JET_errSuccess, r.err);
    EXPECT_EQ(lv_, r.next);
    EXPECT_EQ("abc", r.value);
    r = Scan(2, JET_bitRetrieveCopy);
    EXPECT_EQ(JET_errSuccess, r.err);
    EXPECT_EQ(t1_, r.next);
    EXPECT_EQ(Long(7), r.value);
    r = Scan(3, JET_bitRetrieveCopy);
    EXPECT_EQ(t1_, r.next);
    EXPECT_EQ(Long(8), r.value);
    r = Scan(4, JET_bitRetrieveCopy); // t2 is absent: its default
    EXPECT_EQ(JET_errSuccess, r.err);
    EXPECT_EQ(t2_, r.next);
    EXPECT_EQ("dflt", r.value);
    r = Scan(5, JET_bitRetrieveCopy);
    EXPECT_EQ(JET_wrnColumnNull, r.err);
    EXPECT_EQ(0u, r.next);
    EXPECT_EQ(JET_wrnColumnNull, Scan(4, JET_bitRetrieveCopy | JET_bitRetrieveIgnoreDefault).err);
    EXPECT_EQ(4u, Count(JET_bitRetrieveCopy));
    EXPECT_EQ(3u, Count(JET_bitRetrieveCopy | JET_bitRetrieveIgnoreDefault));
    // a part of the value (ibLongValue) and a truncated buffer
    char two[2];
    uint32_t cb = 0;
    JET_RETINFO ri{};
    ri.cbStruct = sizeof ri;
    ri.itagSequence = 1;
    ri.ibLongValue = 1;
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, 0, two, 2, &cb, JET_bitRetrieveCopy, &ri));
    EXPECT_EQ(2u, cb);
    EXPECT_EQ(0, std::memcmp(two, "bc", 2));
    ri.ibLongValue = 0;
    EXPECT_EQ(JET_wrnBufferTruncated, JetRetrieveColumn(s_, t_, 0, two, 2, &cb, JET_bitRetrieveCopy, &ri));
    EXPECT_EQ(3u, cb);
    // JetRetrieveColumn cannot count
    EXPECT_EQ(JET_errBadItagSequence, Scan(0, JET_bitRetrieveCopy).err);
    // the stored record after the update answers the same
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(1);
    for (uint32_t i = 1; i <= 5; i++) {
        Scanned copy = Scan(i, JET_bitRetrieveCopy); // no update prepared: the record
        Scanned stored = Scan(i, 0);
        EXPECT_EQ(stored.err, copy.err) << i;
        EXPECT_EQ(stored.next, copy.next) << i;
        EXPECT_EQ(stored.value, copy.value) << i;
    }
    EXPECT_EQ(4u, Count(0));
}

TEST_F(CopyScan, ReplaceSeesChangesAndExplicitNulls)
{
    MakeTable();
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    int32_t id = 1, a = 7;
    Set(id_, &id, 4);
    Set(t1_, &a, 4);
    Set(t2_, "xy", 2);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    // t2 set to null: a column with a default keeps an explicit null
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, t2_, nullptr, 0, 0, nullptr));
    Set(lv_, "long", 4);
    Scanned r = Scan(1, JET_bitRetrieveCopy);
    EXPECT_EQ(lv_, r.next);
    EXPECT_EQ("long", r.value);
    r = Scan(2, JET_bitRetrieveCopy);
    EXPECT_EQ(t1_, r.next);
    EXPECT_EQ(Long(7), r.value);
    r = Scan(3, JET_bitRetrieveCopy); // the explicit null is skipped
    EXPECT_EQ(JET_wrnColumnNull, r.err);
    EXPECT_EQ(0u, r.next);
    r = Scan(3, JET_bitRetrieveCopy | JET_bitRetrieveNull);
    EXPECT_EQ(JET_wrnColumnSetNull, r.err);
    EXPECT_EQ(t2_, r.next);
    EXPECT_EQ(2u, Count(JET_bitRetrieveCopy));
    EXPECT_EQ(3u, Count(JET_bitRetrieveCopy | JET_bitRetrieveNull));
    // without JET_bitRetrieveCopy: the stored record (t1 then t2 = "xy")
    r = Scan(1, 0);
    EXPECT_EQ(t1_, r.next);
    r = Scan(2, 0);
    EXPECT_EQ(t2_, r.next);
    EXPECT_EQ("xy", r.value);
    EXPECT_EQ(2u, Count(0));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(1);
    for (uint32_t i = 1; i <= 3; i++) {
        for (JET_GRBIT g : { (JET_GRBIT)0, (JET_GRBIT)JET_bitRetrieveNull }) {
            Scanned stored = Scan(i, g);
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
            Scanned copy = Scan(i, g | JET_bitRetrieveCopy);
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
            EXPECT_EQ(stored.err, copy.err) << i << " " << g;
            EXPECT_EQ(stored.next, copy.next) << i << " " << g;
            EXPECT_EQ(stored.value, copy.value) << i << " " << g;
        }
    }
}

// ---- the sort-version levels of JetGetIndexInfo / JetGetTableIndexInfo ----

// Levels of newer SDKs' esent.h (JET_IdxInfoSortVersion, ...DefinedSortVersion, ...SortId).
constexpr uint32_t kSortVersion = 15, kDefinedSortVersion = 16, kSortId = 17;

struct Stamp {
    JET_ERR err[3];
    uint32_t version, defined;
    uint8_t id[16];
};

Stamp TableStamp(JET_SESID s, JET_TABLEID t, const char *index)
{
    Stamp r{};
    r.err[0] = JetGetTableIndexInfoA(s, t, index, &r.version, sizeof r.version, kSortVersion);
    r.err[1] = JetGetTableIndexInfoA(s, t, index, &r.defined, sizeof r.defined, kDefinedSortVersion);
    r.err[2] = JetGetTableIndexInfoA(s, t, index, r.id, sizeof r.id, kSortId);
    return r;
}

Stamp DbStamp(JET_SESID s, JET_DBID db, const char *table, const char *index)
{
    Stamp r{};
    r.err[0] = JetGetIndexInfoA(s, db, table, index, &r.version, sizeof r.version, kSortVersion);
    r.err[1] = JetGetIndexInfoA(s, db, table, index, &r.defined, sizeof r.defined, kDefinedSortVersion);
    r.err[2] = JetGetIndexInfoA(s, db, table, index, r.id, sizeof r.id, kSortId);
    return r;
}

void ExpectZero(const Stamp &st)
{
    for (JET_ERR e : st.err) EXPECT_EQ(JET_errSuccess, e);
    EXPECT_EQ(0u, st.version);
    EXPECT_EQ(0u, st.defined);
    const uint8_t zeros[16] = {};
    EXPECT_EQ(0, std::memcmp(st.id, zeros, 16));
}

// Windows' index.edb: IxUnicode's row holds Version 0x0006020f0006020f and a SortID;
// the other indexes are not Unicode (0, zeros). Values as esedbexport shows the row.
TEST(IndexSortVersion, WindowsSample)
{
    const std::string p = sample("index.edb");
    uint32_t cb_page = 0;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(p.c_str(), &cb_page, sizeof cb_page, JET_DbInfoPageSize));
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, cb_page, nullptr);
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "copybuf-sample"));
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &s, "", ""));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s, p.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, p.c_str(), nullptr, &db, JET_bitDbReadOnly));
    const uint8_t id[16] = { 0x01, 0x00, 0x00, 0x00, 0xee, 0x57, 0x5c, 0x1e,
                             0x00, 0xb4, 0xd0, 0x00, 0x0b, 0xb1, 0xe1, 0x1e };
    for (const char *ix : { "IxUnicode", "IxLongUnicode" }) {
        SCOPED_TRACE(ix);
        Stamp st = DbStamp(s, db, "index", ix);
        for (JET_ERR e : st.err) EXPECT_EQ(JET_errSuccess, e);
        EXPECT_EQ(0x0006020fu, st.version);
        EXPECT_EQ(0x0006020fu, st.defined);
        EXPECT_EQ(0, std::memcmp(st.id, id, 16));
    }
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, db, "index", nullptr, 0, JET_bitTableReadOnly, &t));
    Stamp st = TableStamp(s, t, "IxUnicode");
    EXPECT_EQ(0x0006020fu, st.version);
    EXPECT_EQ(0, std::memcmp(st.id, id, 16));
    for (const char *ix : { "IxId", "IxASCII", "IxLongASCII", "IxGUID" }) {
        SCOPED_TRACE(ix);
        ExpectZero(TableStamp(s, t, ix));
        ExpectZero(DbStamp(s, db, "index", ix));
    }
    // an unknown index; a buffer too small for the level
    uint32_t v = 0;
    EXPECT_EQ(JET_errIndexNotFound, JetGetTableIndexInfoA(s, t, "nope", &v, sizeof v, kSortVersion));
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableIndexInfoA(s, t, "IxUnicode", &v, 3, kSortVersion));
    uint8_t small[15];
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableIndexInfoA(s, t, "IxUnicode", small, sizeof small, kSortId));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s, p.c_str()));
    JetTerm2(inst, JET_bitTermDirty);
    JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 8192, nullptr);
}

// Indexes this engine makes: a Unicode index carries the engine's own stamp (SortID
// b79aedf6-6d64-43d5-b025-7fd4e7c5bba2, defined version = its sort revision 1, NLS
// version = the collator's); an ASCII one none.
TEST_F(CopyBuffer, SortVersionOfIndexesThisEngineMakes)
{
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "u", 0, 0, &t_));
    Add(t_, "id", JET_coltypLong, JET_bitColumnFixed);
    Add(t_, "a", JET_coltypText, 0, 100, nullptr, 0, 1252);
    Add(t_, "w", JET_coltypText, 0, 100, nullptr, 0, 1200);
    std::string k = Key({ "+id" });
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "pk", JET_bitIndexPrimary, k.data(), (uint32_t)k.size(), 100));
    k = Key({ "+a" });
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "ascii", 0, k.data(), (uint32_t)k.size(), 100));
    k = Key({ "+w" });
    JET_ERR e = JetCreateIndexA(s_, t_, "unicode", 0, k.data(), (uint32_t)k.size(), 100);
    if (e == JET_errFeatureNotAvailable) GTEST_SKIP() << "no collator on this system";
    ASSERT_EQ(JET_errSuccess, e);
    ExpectZero(TableStamp(s_, t_, "pk"));
    ExpectZero(TableStamp(s_, t_, "ascii"));
    Stamp st = TableStamp(s_, t_, "unicode");
    for (JET_ERR x : st.err) EXPECT_EQ(JET_errSuccess, x);
    EXPECT_NE(0u, st.version);
    EXPECT_EQ(1u, st.defined);
    const uint8_t ours[16] = { 0xf6, 0xed, 0x9a, 0xb7, 0x64, 0x6d, 0xd5, 0x43,
                               0xb0, 0x25, 0x7f, 0xd4, 0xe7, 0xc5, 0xbb, 0xa2 };
    EXPECT_EQ(0, std::memcmp(st.id, ours, 16));
    Stamp db = DbStamp(s_, db_, "u", "unicode");
    EXPECT_EQ(st.version, db.version);
    EXPECT_EQ(st.defined, db.defined);
    EXPECT_EQ(0, std::memcmp(db.id, ours, 16));
    // W entry point: the same answer
    const char16_t wname[] = u"unicode";
    uint32_t v = 0;
    EXPECT_EQ(JET_errSuccess, JetGetTableIndexInfoW(s_, t_, (const WCHAR *)wname, &v, sizeof v, kSortVersion));
    EXPECT_EQ(st.version, v);
}

// ---- JetEnumerateColumns with JET_bitEnumerateAsRefIfNotInRecord ----

constexpr JET_GRBIT kAsRef = 0x00400000; // JET_bitEnumerateAsRefIfNotInRecord

class EnumRef : public CopyBuffer {
protected:
    void SetUp() override
    {
        CopyBuffer::SetUp();
        MakeTable();
        big_.resize(20000);
        for (size_t i = 0; i < big_.size(); i++) big_[i] = (uint8_t)(i * 13u);
        Insert(42, "hello", big_);
        Seek(42);
    }
    const JET_ENUMCOLUMN *Find(JET_COLUMNID id) const
    {
        for (uint32_t i = 0; i < n_; i++)
            if (rg_[i].columnid == id) return &rg_[i];
        return nullptr;
    }
    JET_ERR Enum(JET_GRBIT grbit, uint32_t creq = 0, JET_ENUMCOLUMNID *req = nullptr)
    {
        FreeEnum(rg_, n_);
        rg_ = nullptr;
        n_ = 0;
        return JetEnumerateColumns(s_, t_, creq, req, &n_, &rg_, TestRealloc, nullptr, 100000, grbit);
    }
    // The reference ESE builds for value itag of column name (format V1, a 4-byte LID).
    void ExpectReference(const JET_ENUMCOLUMNVALUE &v, uint32_t itag, const std::string &name)
    {
        EXPECT_EQ(JET_wrnColumnReference, v.err);
        EXPECT_EQ(itag, v.itagSequence);
        uint8_t bm[256];
        uint32_t cb_bm = 0;
        ASSERT_EQ(JET_errSuccess, JetGetBookmark(s_, t_, bm, sizeof bm, &cb_bm));
        ASSERT_EQ(24u + cb_bm + name.size(), v.cbData);
        const uint8_t *p = (const uint8_t *)v.pvData;
        EXPECT_EQ(1u, p[0]);
        EXPECT_EQ(cb_bm, (uint32_t)(p[1] | p[2] << 8));
        EXPECT_EQ(name.size(), p[3]);
        uint32_t seq = 0, lid = 0;
        std::memcpy(&seq, p + 4, 4);
        std::memcpy(&lid, p + 8, 4);
        EXPECT_EQ(itag, seq);
        EXPECT_NE(0u, lid);
        JET_DBINFOMISC misc{};
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfoA(s_, db_, &misc, sizeof misc, JET_DbInfoMisc));
        EXPECT_EQ(0, std::memcmp(p + 12, &misc.signDb, 12)); // random and creation time
        EXPECT_EQ(0, std::memcmp(p + 24, bm, cb_bm));
        EXPECT_EQ(name, std::string((const char *)p + 24 + cb_bm, name.size()));
    }
    void TearDown() override
    {
        FreeEnum(rg_, n_);
        CopyBuffer::TearDown();
    }
    std::vector<uint8_t> big_;
    JET_ENUMCOLUMN *rg_ = nullptr;
    uint32_t n_ = 0;
};

TEST_F(EnumRef, SeparatedValuesComeBackAsReferences)
{
    ASSERT_EQ(JET_errSuccess, Enum(kAsRef));
    const JET_ENUMCOLUMN *lv = Find(lv_);
    ASSERT_NE(nullptr, lv);
    EXPECT_EQ(JET_errSuccess, lv->err);
    ASSERT_EQ(1u, lv->cEnumColumnValue);
    ExpectReference(lv->rgEnumColumnValue[0], 1, "lv");
    // values in the record come back as bytes; the default of t2 too
    const JET_ENUMCOLUMN *v = Find(v_);
    ASSERT_NE(nullptr, v);
    ASSERT_EQ(1u, v->cEnumColumnValue);
    EXPECT_EQ(JET_errSuccess, v->rgEnumColumnValue[0].err);
    EXPECT_EQ("hello", std::string((const char *)v->rgEnumColumnValue[0].pvData, v->rgEnumColumnValue[0].cbData));
    const JET_ENUMCOLUMN *t2 = Find(t2_);
    ASSERT_NE(nullptr, t2);
    ASSERT_EQ(1u, t2->cEnumColumnValue);
    EXPECT_EQ(JET_errSuccess, t2->rgEnumColumnValue[0].err);
    EXPECT_EQ("dflt", std::string((const char *)t2->rgEnumColumnValue[0].pvData, t2->rgEnumColumnValue[0].cbData));
    // compressed output: a reference is never a single value
    ASSERT_EQ(JET_errSuccess, Enum(kAsRef | JET_bitEnumerateCompressOutput));
    lv = Find(lv_);
    ASSERT_NE(nullptr, lv);
    EXPECT_EQ(JET_errSuccess, lv->err);
    ASSERT_EQ(1u, lv->cEnumColumnValue);
    ExpectReference(lv->rgEnumColumnValue[0], 1, "lv");
    EXPECT_EQ(JET_wrnColumnSingleValue, Find(v_)->err);
    // without the flag: the value itself
    ASSERT_EQ(JET_errSuccess, Enum(0));
    lv = Find(lv_);
    ASSERT_NE(nullptr, lv);
    ASSERT_EQ(1u, lv->cEnumColumnValue);
    EXPECT_EQ(JET_errSuccess, lv->rgEnumColumnValue[0].err);
    ASSERT_EQ(big_.size(), lv->rgEnumColumnValue[0].cbData);
    EXPECT_EQ(0, std::memcmp(big_.data(), lv->rgEnumColumnValue[0].pvData, big_.size()));
    // presence only: no references
    ASSERT_EQ(JET_errSuccess, Enum(kAsRef | JET_bitEnumeratePresenceOnly));
    EXPECT_EQ(JET_wrnColumnPresent, Find(lv_)->err);
}

TEST_F(EnumRef, RequestedColumnsAndMultipleValues)
{
    // a second separated value in a multi-valued long column
    JET_COLUMNID mlv = 0;
    {
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = JET_coltypLongBinary;
        d.grbit = JET_bitColumnTagged | JET_bitColumnMultiValued;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "mlv", &d, nullptr, 0, &mlv));
    }
    Seek(42);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    Set(mlv, "small", 5);
    Set(mlv, big_.data(), (uint32_t)big_.size());
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(42);
    uint32_t seqs[3] = { 2, 1, 3 };
    JET_ENUMCOLUMNID req[2] = {};
    req[0].columnid = mlv;
    req[0].ctagSequence = 3;
    req[0].rgtagSequence = seqs;
    req[1].columnid = id_;
    ASSERT_EQ(JET_errSuccess, Enum(kAsRef, 2, req));
    ASSERT_EQ(2u, n_);
    ASSERT_EQ(3u, rg_[0].cEnumColumnValue);
    ExpectReference(rg_[0].rgEnumColumnValue[0], 2, "mlv");
    EXPECT_EQ(JET_errSuccess, rg_[0].rgEnumColumnValue[1].err);
    EXPECT_EQ("small", std::string((const char *)rg_[0].rgEnumColumnValue[1].pvData, rg_[0].rgEnumColumnValue[1].cbData));
    EXPECT_EQ(JET_wrnColumnNull, rg_[0].rgEnumColumnValue[2].err);
    ASSERT_EQ(1u, rg_[1].cEnumColumnValue);
    int32_t id = 0;
    ASSERT_EQ(4u, rg_[1].rgEnumColumnValue[0].cbData);
    std::memcpy(&id, rg_[1].rgEnumColumnValue[0].pvData, 4);
    EXPECT_EQ(42, id);
}

TEST_F(EnumRef, InvalidCombinations)
{
    EXPECT_EQ(JET_errInvalidGrbit, Enum(kAsRef | JET_bitEnumerateInRecordOnly));
    // not while an update is prepared (the storage may change)
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    EXPECT_EQ(JET_errInvalidGrbit, Enum(kAsRef));
    EXPECT_EQ(JET_errSuccess, Enum(0));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
    EXPECT_EQ(JET_errSuccess, Enum(kAsRef));
    // no current record comes first
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    ASSERT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, Enum(kAsRef));
}

// A replace of a Windows-made record with compressed values (decompress_test.edb, copied
// to a temporary directory): the copy buffer gives them back expanded, by id and by scan.
TEST_F(CopyBuffer, CompressedValuesOfAWindowsRecord)
{
    const std::string src = sample("decompress_test.edb"), dst = dir_ + "/d.edb";
    {
        std::FILE *in = std::fopen(src.c_str(), "rb");
        ASSERT_NE(nullptr, in);
        std::FILE *out = std::fopen(dst.c_str(), "wb");
        ASSERT_NE(nullptr, out);
        char buf[65536];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) ASSERT_EQ(n, std::fwrite(buf, 1, n, out));
        std::fclose(in);
        std::fclose(out);
    }
    // an instance with the sample's page size
    JetTerm2(inst_, JET_bitTermDirty);
    inst_ = 0;
    uint32_t cb_page = 0;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(dst.c_str(), &cb_page, sizeof cb_page, JET_DbInfoPageSize));
    // a process-wide parameter, set before the instance (put back at the end)
    JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, cb_page, nullptr);
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, (name_ + "-d").c_str()));
    JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    JET_DBID db = 0;
    ASSERT_GE(JetAttachDatabaseA(s_, dst.c_str(), 0), JET_errSuccess);
    ASSERT_GE(JetOpenDatabaseA(s_, dst.c_str(), nullptr, &db, 0), JET_errSuccess);
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db, "test_table", nullptr, 0, 0, &t_));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    std::vector<std::string> stored;
    for (JET_COLUMNID c : { 256u, 257u, 258u }) {
        char buf[4096];
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, c, buf, sizeof buf, &cb, 0, nullptr)) << c;
        stored.emplace_back(buf, cb);
    }
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    for (uint32_t i = 0; i < 3; i++) {
        char buf[4096];
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, 256u + i, buf, sizeof buf, &cb, JET_bitRetrieveCopy, nullptr));
        EXPECT_EQ(stored[i], std::string(buf, cb)) << i;
        JET_RETINFO ri{};
        ri.cbStruct = sizeof ri;
        ri.itagSequence = i + 1u;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, 0, buf, sizeof buf, &cb, JET_bitRetrieveCopy, &ri));
        EXPECT_EQ(256u + i, ri.columnidNextTagged);
        EXPECT_EQ(stored[i], std::string(buf, cb)) << i;
    }
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, dst.c_str()));
    JetTerm2(inst_, JET_bitTermDirty);
    inst_ = 0;
    JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 8192, nullptr);
    compat_path_delete(dst.c_str());
}

} // namespace

namespace {

// Which calls cancel a prepared update, and after which checks: JetSetCurrentIndex checks
// its grbit first (JetSetCurrentIndexEx), then cancels only with JET_bitMoveFirst
// (ErrIsamSetCurrentIndex); JetSeek cancels only after its JET_errInvalidParameter and
// JET_errKeyNotMade checks (ErrIsamSeek).
TEST_F(CopyBuffer, WhatCancelsAPreparedUpdate)
{
    MakeTable();
    std::string k = Key({ "+v" });
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "byv", 0, k.data(), (uint32_t)k.size(), 100));
    Insert(1, "one", {});
    Seek(1);
    // a replace survives a refused grbit, a set-index that does not move, a refused seek
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    Set(v_, "uno", 3);
    EXPECT_EQ(JET_errInvalidGrbit, JetSetCurrentIndex2A(s_, t_, "byv", 0x4));
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex2A(s_, t_, "byv", JET_bitNoMove));
    EXPECT_EQ(JET_errInvalidParameter, JetSeek(s_, t_, 0));
    EXPECT_EQ(JET_errKeyNotMade, JetSeek(s_, t_, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    char buf[8];
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, v_, buf, sizeof buf, &cb, 0, nullptr));
    EXPECT_EQ("uno", std::string(buf, cb));
    // a set-index that moves first cancels it, and so does a seek that goes ahead
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex2A(s_, t_, "pk", JET_bitMoveFirst));
    EXPECT_EQ(JET_errUpdateNotPrepared, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    int32_t id = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &id, sizeof id, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(JET_errUpdateNotPrepared, JetUpdate(s_, t_, nullptr, 0, nullptr));
}

}  // namespace
