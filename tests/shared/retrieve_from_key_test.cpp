// The retrieval options that read somewhere else than the record, through the public
// API: JET_bitRetrieveFromIndex (every key type decoded from an ascending and a
// descending segment; text and Unicode read from the record; multi-valued columns and
// JET_bitRetrieveTag), JET_bitRetrieveFromPrimaryBookmark, the tagged-column scan of
// columnid 0 (JET_RETINFO.columnidNextTagged, JetRetrieveColumns counting), and
// JetSetCurrentIndex3's itagSequence. docs/semantics.md, "Retrieving from keys".
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

extern "C" {
#include "compat.h"
}

namespace {

// The fixed-size columns each index covers, in this order.
struct Row {
    int32_t id;
    uint8_t u8;
    int16_t i16;
    uint16_t u16;
    int32_t i32;
    uint32_t u32;
    int64_t i64;
    float f32;
    double f64;
    double dt;
    int64_t cur;
    uint8_t bit;
    uint8_t fb[6];
    std::vector<uint8_t> vb;
    uint8_t g[16];
    std::string txt;
};

class RetrieveFromKey : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("retkey", "r.edb", &dir_, &path_, &name_);
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
                     const void *def = nullptr, uint32_t cb_def = 0)
    {
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = coltyp;
        d.grbit = grbit;
        d.cbMax = cb;
        d.cp = (coltyp == JET_coltypText || coltyp == JET_coltypLongText) ? 1252 : 0;
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
    JET_ERR Index(JET_TABLEID t, const char *name, JET_GRBIT grbit, const std::string &key)
    {
        return JetCreateIndexA(s_, t, name, grbit, key.data(), (uint32_t)key.size(), 100);
    }

    // The typed table: primary key id, the fixed types, fixed and variable binary, ASCII
    // text and a GUID; index "asc" and "desc" over all but the GUID, and one index per
    // GUID direction.
    void MakeTyped()
    {
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "typed", 0, 0, &t));
        id_ = Add(t, "id", JET_coltypLong, JET_bitColumnFixed);
        c_[0] = Add(t, "u8", JET_coltypUnsignedByte, JET_bitColumnFixed);
        c_[1] = Add(t, "i16", JET_coltypShort, JET_bitColumnFixed);
        c_[2] = Add(t, "u16", JET_coltypUnsignedShort, JET_bitColumnFixed);
        c_[3] = Add(t, "i32", JET_coltypLong, JET_bitColumnFixed);
        c_[4] = Add(t, "u32", JET_coltypUnsignedLong, JET_bitColumnFixed);
        c_[5] = Add(t, "i64", JET_coltypLongLong, JET_bitColumnFixed);
        c_[6] = Add(t, "f32", JET_coltypIEEESingle, JET_bitColumnFixed);
        c_[7] = Add(t, "f64", JET_coltypIEEEDouble, JET_bitColumnFixed);
        c_[8] = Add(t, "dt", JET_coltypDateTime, JET_bitColumnFixed);
        c_[9] = Add(t, "cur", JET_coltypCurrency, JET_bitColumnFixed);
        c_[10] = Add(t, "bit", JET_coltypBit, JET_bitColumnFixed);
        c_[11] = Add(t, "fb", JET_coltypBinary, JET_bitColumnFixed, 6);
        c_[12] = Add(t, "vb", JET_coltypBinary, 0, 200);
        g_ = Add(t, "g", JET_coltypGUID, JET_bitColumnFixed);
        txt_ = Add(t, "txt", JET_coltypText, 0, 200);
        ASSERT_EQ(JET_errSuccess, Index(t, "pk", JET_bitIndexPrimary, Key({ "+id" })));
        std::vector<std::string> asc, desc;
        for (const char *n : { "u8", "i16", "u16", "i32", "u32", "i64", "f32", "f64", "dt", "cur", "bit", "fb", "vb" }) {
            asc.push_back(std::string("+") + n);
            desc.push_back(std::string("-") + n);
        }
        ASSERT_EQ(JET_errSuccess, Index(t, "asc", 0, Key(asc)));
        ASSERT_EQ(JET_errSuccess, Index(t, "desc", 0, Key(desc)));
        ASSERT_EQ(JET_errSuccess, Index(t, "gasc", 0, Key({ "+g" })));
        ASSERT_EQ(JET_errSuccess, Index(t, "gdesc", 0, Key({ "-g" })));
        ASSERT_EQ(JET_errSuccess, Index(t, "text", 0, Key({ "+txt", "+i32" })));
        rows_.clear();
        for (int i = 0; i < 4; i++) {
            Row r{};
            r.id = i + 1;
            r.u8 = (uint8_t)(200 + i);
            r.i16 = (int16_t)(i % 2 ? -1234 - i : 1234 + i);
            r.u16 = (uint16_t)(60000 + i);
            r.i32 = i % 2 ? -100000 * (i + 1) : 100000 * (i + 1);
            r.u32 = 4000000000u + (uint32_t)i;
            r.i64 = i % 2 ? -(int64_t)1e15 - i : (int64_t)1e15 + i;
            r.f32 = i % 2 ? -1.5f * (float)(i + 1) : 2.25f * (float)(i + 1);
            r.f64 = i % 2 ? -3.125 * (i + 1) : 1e100 / (i + 1);
            r.dt = 40000.5 + i;
            r.cur = i % 2 ? -987654321 : 123456789 + i;
            r.bit = i % 2 ? 0x00 : 0xff;
            for (int k = 0; k < 6; k++) r.fb[k] = (uint8_t)(0x10 * i + k);
            for (int k = 0; k < 9 + 4 * i; k++) r.vb.push_back((uint8_t)(k * 7 + i)); // 9, 13, 17, 21 bytes
            for (int k = 0; k < 16; k++) r.g[k] = (uint8_t)(k * 16 + i);
            r.txt = std::string("MixedCase") + std::to_string(i);
            rows_.push_back(r);
        }
        for (const Row &r : rows_) {
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
            const void *pv[13] = { &r.u8, &r.i16, &r.u16, &r.i32, &r.u32, &r.i64, &r.f32,
                                   &r.f64, &r.dt, &r.cur, &r.bit, r.fb, r.vb.data() };
            const uint32_t cb[13] = { 1, 2, 2, 4, 4, 8, 4, 8, 8, 8, 1, 6, (uint32_t)r.vb.size() };
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &r.id, 4, 0, nullptr));
            for (int k = 0; k < 13; k++) ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, c_[k], pv[k], cb[k], 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, g_, r.g, 16, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, txt_, r.txt.data(), (uint32_t)r.txt.size(), 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
    std::vector<uint8_t> Expected(const Row &r, int k)
    {
        const void *pv[13] = { &r.u8, &r.i16, &r.u16, &r.i32, &r.u32, &r.i64, &r.f32,
                               &r.f64, &r.dt, &r.cur, &r.bit, r.fb, r.vb.data() };
        const uint32_t cb[13] = { 1, 2, 2, 4, 4, 8, 4, 8, 8, 8, 1, 6, (uint32_t)r.vb.size() };
        const uint8_t *p = (const uint8_t *)pv[k];
        return std::vector<uint8_t>(p, p + cb[k]);
    }
    const Row *RowOf(int32_t id)
    {
        for (const Row &r : rows_)
            if (r.id == id) return &r;
        return nullptr;
    }
    JET_ERR Get(JET_TABLEID t, JET_COLUMNID c, std::vector<uint8_t> *out, JET_GRBIT grbit, JET_RETINFO *ri = nullptr)
    {
        uint8_t buf[512];
        uint32_t cb = 0xdeadu;
        JET_ERR err = JetRetrieveColumn(s_, t, c, buf, sizeof buf, &cb, grbit, ri);
        if (err >= 0) out->assign(buf, buf + (cb < sizeof buf ? cb : sizeof buf));
        return err;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_COLUMNID id_ = 0, c_[13] = {}, g_ = 0, txt_ = 0;
    std::vector<Row> rows_;
};

// Every type comes back from ascending and descending segments, byte for byte, on every
// entry of the index.
TEST_F(RetrieveFromKey, EveryTypeFromAscendingAndDescendingKeys)
{
    MakeTyped();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "typed", nullptr, 0, 0, &t));
    for (const char *index : { "asc", "desc" }) {
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, index));
        int seen = 0;
        for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, t, JET_MoveNext, 0)) {
            std::vector<uint8_t> idv;
            ASSERT_EQ(JET_errSuccess, Get(t, id_, &idv, 0));
            int32_t id = 0;
            memcpy(&id, idv.data(), 4);
            const Row *r = RowOf(id);
            ASSERT_NE(nullptr, r);
            for (int k = 0; k < 13; k++) {
                std::vector<uint8_t> v;
                ASSERT_EQ(JET_errSuccess, Get(t, c_[k], &v, JET_bitRetrieveFromIndex)) << index << " column " << k;
                EXPECT_EQ(Expected(*r, k), v) << index << " column " << k << " id " << id;
            }
            seen++;
        }
        EXPECT_EQ(4, seen) << index;
    }
    // a truncated buffer: JET_wrnBufferTruncated with the whole size
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "asc"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    uint8_t small[3] = {};
    uint32_t cb = 0;
    EXPECT_EQ(JET_wrnBufferTruncated, JetRetrieveColumn(s_, t, c_[5], small, 3, &cb, JET_bitRetrieveFromIndex, nullptr));
    EXPECT_EQ(8u, cb);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

// The GUID: ascending comes back whole; a descending segment reads as null, as ESE's
// denormalisation does (it tests the complemented prefix byte as if it were not).
TEST_F(RetrieveFromKey, GuidAscendingAndDescending)
{
    MakeTyped();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "typed", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "gasc"));
    int seen = 0;
    for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, t, JET_MoveNext, 0)) {
        std::vector<uint8_t> idv, g;
        ASSERT_EQ(JET_errSuccess, Get(t, id_, &idv, 0));
        int32_t id = 0;
        memcpy(&id, idv.data(), 4);
        ASSERT_EQ(JET_errSuccess, Get(t, g_, &g, JET_bitRetrieveFromIndex));
        EXPECT_EQ(std::vector<uint8_t>(RowOf(id)->g, RowOf(id)->g + 16), g);
        seen++;
    }
    EXPECT_EQ(4, seen);
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "gdesc"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    uint8_t buf[16];
    uint32_t cb = 99;
    EXPECT_EQ(JET_wrnColumnNull, JetRetrieveColumn(s_, t, g_, buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, nullptr));
    EXPECT_EQ(0u, cb);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

// Text lost its case in the key: the value is read from the record (with its case); a
// column after the text segment still comes from the key.
TEST_F(RetrieveFromKey, TextIsReadFromTheRecord)
{
    MakeTyped();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "typed", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "text"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    std::vector<uint8_t> v;
    ASSERT_EQ(JET_errSuccess, Get(t, txt_, &v, JET_bitRetrieveFromIndex));
    EXPECT_EQ("MixedCase0", std::string(v.begin(), v.end()));
    ASSERT_EQ(JET_errSuccess, Get(t, c_[3], &v, JET_bitRetrieveFromIndex));
    int32_t i32 = 0;
    memcpy(&i32, v.data(), 4);
    EXPECT_EQ(rows_[0].i32, i32);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

// The error codes: a column not in the index, both grbits, a tuple without FromIndex,
// columnid 0, no current record.
TEST_F(RetrieveFromKey, ErrorCodes)
{
    MakeTyped();
    JET_TABLEID t = 0;
    uint8_t buf[64];
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "typed", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "gasc"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errColumnNotFound,
              JetRetrieveColumn(s_, t, c_[3], buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, nullptr));
    EXPECT_EQ(JET_errInvalidGrbit,
              JetRetrieveColumn(s_, t, g_, buf, sizeof buf, &cb,
                                JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark, nullptr));
    EXPECT_EQ(JET_errInvalidGrbit, JetRetrieveColumn(s_, t, g_, buf, sizeof buf, &cb, JET_bitRetrieveTuple, nullptr));
    EXPECT_EQ(JET_errBadColumnId, JetRetrieveColumn(s_, t, 0, buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, nullptr));
    // a tuple on an index that has none reads as a plain FromIndex
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, g_, buf, sizeof buf, &cb,
                                                JET_bitRetrieveFromIndex | JET_bitRetrieveTuple, nullptr));
    EXPECT_EQ(16u, cb);
    // the primary index does not hold i32
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errColumnNotFound,
              JetRetrieveColumn(s_, t, c_[3], buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, nullptr));
    // no current entry
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "asc"));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t, JET_MovePrevious, 0));
    EXPECT_EQ(JET_errNoCurrentRecord,
              JetRetrieveColumn(s_, t, c_[3], buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, nullptr));
    // JetRetrieveColumns takes the same path and reports through err
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    JET_RETRIEVECOLUMN rc[2]{};
    int32_t i32 = 0;
    uint8_t u8 = 0;
    rc[0].columnid = c_[3];
    rc[0].pvData = &i32;
    rc[0].cbData = 4;
    rc[0].grbit = JET_bitRetrieveFromIndex;
    rc[0].itagSequence = 1;
    rc[1].columnid = c_[0];
    rc[1].pvData = &u8;
    rc[1].cbData = 1;
    rc[1].grbit = JET_bitRetrieveFromIndex;
    rc[1].itagSequence = 1;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t, rc, 2));
    EXPECT_EQ(JET_errSuccess, rc[0].err);
    EXPECT_EQ(JET_errSuccess, rc[1].err);
    std::vector<uint8_t> v;
    ASSERT_EQ(JET_errSuccess, Get(t, c_[3], &v, 0));
    EXPECT_EQ(0, memcmp(v.data(), &i32, 4));
    ASSERT_EQ(JET_errSuccess, Get(t, c_[0], &v, 0));
    EXPECT_EQ(v[0], u8);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

// FromPrimaryBookmark on a secondary index cursor: the primary key's columns; others are
// not found. In clustered order it is the same as FromIndex.
TEST_F(RetrieveFromKey, FromPrimaryBookmark)
{
    MakeTyped();
    JET_TABLEID t = 0;
    uint8_t buf[64];
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "typed", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "desc"));
    std::vector<int32_t> ids;
    for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, t, JET_MoveNext, 0)) {
        int32_t id = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id_, &id, 4, &cb, JET_bitRetrieveFromPrimaryBookmark, nullptr));
        EXPECT_EQ(4u, cb);
        ids.push_back(id);
        EXPECT_EQ(JET_errColumnNotFound,
                  JetRetrieveColumn(s_, t, c_[3], buf, sizeof buf, &cb, JET_bitRetrieveFromPrimaryBookmark, nullptr));
        // the id is not a segment of the secondary index
        EXPECT_EQ(JET_errColumnNotFound,
                  JetRetrieveColumn(s_, t, id_, buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, nullptr));
    }
    // "desc" leads with u8 descending: ids 4, 3, 2, 1
    EXPECT_EQ((std::vector<int32_t>{ 4, 3, 2, 1 }), ids);
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveLast, 0));
    int32_t id = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id_, &id, 4, &cb, JET_bitRetrieveFromPrimaryBookmark, nullptr));
    EXPECT_EQ(4, id);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));

    // a table without a primary index has no columns in its bookmark
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "seq", 0, 0, &t));
    JET_COLUMNID a = Add(t, "a", JET_coltypLong, JET_bitColumnFixed);
    ASSERT_EQ(JET_errSuccess, Index(t, "bya", 0, Key({ "+a" })));
    int32_t va = 77;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, a, &va, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "bya"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errColumnNotFound,
              JetRetrieveColumn(s_, t, a, buf, sizeof buf, &cb, JET_bitRetrieveFromPrimaryBookmark, nullptr));
    int32_t got = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, a, &got, 4, &cb, JET_bitRetrieveFromIndex, nullptr));
    EXPECT_EQ(77, got);
    // clustered order of a sequential table: read from the record
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    got = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, a, &got, 4, &cb, JET_bitRetrieveFromIndex, nullptr));
    EXPECT_EQ(77, got);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

class RetrieveMv : public RetrieveFromKey {
protected:
    // Table "mv": id (primary), mvl (tagged multi-valued Long), mvt (tagged multi-valued
    // text), one (tagged Long), def (tagged Long with a default), indexes on mvl and mvt.
    void MakeMv()
    {
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "mv", 0, 0, &t));
        id_ = Add(t, "id", JET_coltypLong, JET_bitColumnFixed);
        mvl_ = Add(t, "mvl", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued);
        mvt_ = Add(t, "mvt", JET_coltypText, JET_bitColumnTagged | JET_bitColumnMultiValued, 100);
        one_ = Add(t, "one", JET_coltypLong, JET_bitColumnTagged);
        int32_t d = 4242;
        def_ = Add(t, "def", JET_coltypLong, JET_bitColumnTagged, 0, &d, 4);
        ASSERT_EQ(JET_errSuccess, Index(t, "pk", JET_bitIndexPrimary, Key({ "+id" })));
        ASSERT_EQ(JET_errSuccess, Index(t, "bymvl", 0, Key({ "+mvl" })));
        ASSERT_EQ(JET_errSuccess, Index(t, "bymvt", 0, Key({ "-mvt" })));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        int32_t id = 1, one = 5;
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &id, 4, 0, nullptr));
        for (int32_t v : { 30, 10, 20 }) Append(t, mvl_, &v, 4);
        for (const char *s : { "bee", "Ant" }) Append(t, mvt_, s, (uint32_t)strlen(s));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, one_, &one, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
    void Append(JET_TABLEID t, JET_COLUMNID c, const void *pv, uint32_t cb)
    {
        JET_SETINFO si{};
        si.cbStruct = sizeof si;
        si.itagSequence = 0; // a new value
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, c, pv, cb, 0, &si));
    }
    JET_COLUMNID mvl_ = 0, mvt_ = 0, one_ = 0, def_ = 0;
};

// Each entry of a multi-valued index gives the value behind it; JET_bitRetrieveTag says
// which one (also when the value is read from the record, as for text).
TEST_F(RetrieveMv, MultiValuedEntriesAndTag)
{
    MakeMv();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "mv", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "bymvl"));
    std::vector<std::pair<int32_t, uint32_t>> got;
    for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, t, JET_MoveNext, 0)) {
        int32_t v = 0;
        uint32_t cb = 0;
        JET_RETINFO ri{};
        ri.cbStruct = sizeof ri;
        ri.itagSequence = 1;
        ASSERT_EQ(JET_errSuccess,
                  JetRetrieveColumn(s_, t, mvl_, &v, 4, &cb, JET_bitRetrieveFromIndex | JET_bitRetrieveTag, &ri));
        got.emplace_back(v, ri.itagSequence);
        EXPECT_EQ(mvl_, ri.columnidNextTagged);
    }
    EXPECT_EQ((std::vector<std::pair<int32_t, uint32_t>>{ { 10, 2 }, { 20, 3 }, { 30, 1 } }), got);

    // text, descending: "bee" (value 1) first, then "Ant" (value 2), read from the record
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "bymvt"));
    std::vector<std::pair<std::string, uint32_t>> texts;
    for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, t, JET_MoveNext, 0)) {
        char buf[32];
        uint32_t cb = 0;
        JET_RETINFO ri{};
        ri.cbStruct = sizeof ri;
        ri.itagSequence = 1;
        ASSERT_EQ(JET_errSuccess,
                  JetRetrieveColumn(s_, t, mvt_, buf, sizeof buf, &cb, JET_bitRetrieveFromIndex | JET_bitRetrieveTag, &ri));
        texts.emplace_back(std::string(buf, cb), ri.itagSequence);
        // without JET_bitRetrieveTag the structure's sequence is left alone
        JET_RETINFO ri2{};
        ri2.cbStruct = sizeof ri2;
        ri2.itagSequence = 1;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, mvt_, buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, &ri2));
        EXPECT_EQ(1u, ri2.itagSequence);
        EXPECT_EQ(texts.back().first, std::string(buf, cb));
        // JetRetrieveColumns writes the sequence it found into the structure
        JET_RETRIEVECOLUMN rc{};
        rc.columnid = mvt_;
        rc.pvData = buf;
        rc.cbData = sizeof buf;
        rc.grbit = JET_bitRetrieveFromIndex;
        rc.itagSequence = 1;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t, &rc, 1));
        EXPECT_EQ(texts.back().second, rc.itagSequence);
        EXPECT_EQ(texts.back().first, std::string(buf, rc.cbActual));
    }
    EXPECT_EQ((std::vector<std::pair<std::string, uint32_t>>{ { "bee", 1 }, { "Ant", 2 } }), texts);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

// JetSetCurrentIndex3 with JET_bitNoMove and itagSequence: the entry of that value.
TEST_F(RetrieveMv, SetCurrentIndexWithItagSequence)
{
    MakeMv();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "mv", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    const int32_t want[4] = { 0, 30, 10, 20 };
    for (uint32_t itag = 1; itag <= 3; itag++) {
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, nullptr));
        ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex3A(s_, t, "bymvl", JET_bitNoMove, itag));
        int32_t v = 0;
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, mvl_, &v, 4, &cb, JET_bitRetrieveFromIndex, nullptr));
        EXPECT_EQ(want[itag], v) << itag;
    }
    // on the entry of 10 (value 2), the next entry is 20
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex4A(s_, t, "bymvl", nullptr, JET_bitNoMove, 2));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveNext, 0));
    int32_t v = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, mvl_, &v, 4, &cb, JET_bitRetrieveFromIndex, nullptr));
    EXPECT_EQ(20, v);
    // a value the record does not have
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errBadItagSequence, JetSetCurrentIndex3A(s_, t, "bymvl", JET_bitNoMove, 4));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

// The tagged scan: columnid 0 walks every tagged value of the record across columns,
// the default of an absent column included (unless JET_bitRetrieveIgnoreDefault).
TEST_F(RetrieveMv, TaggedScan)
{
    MakeMv();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "mv", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    struct Want {
        JET_COLUMNID col;
        std::string bytes;
    };
    auto le = [](int32_t v) { return std::string((const char *)&v, 4); };
    const std::vector<Want> want = { { mvl_, le(30) }, { mvl_, le(10) }, { mvl_, le(20) }, { mvt_, "bee" },
                                     { mvt_, "Ant" }, { one_, le(5) },   { def_, le(4242) } };
    for (uint32_t i = 1; i <= want.size() + 1; i++) {
        char buf[32];
        uint32_t cb = 0;
        JET_RETINFO ri{};
        ri.cbStruct = sizeof ri;
        ri.itagSequence = i;
        JET_ERR err = JetRetrieveColumn(s_, t, 0, buf, sizeof buf, &cb, 0, &ri);
        if (i <= want.size()) {
            ASSERT_EQ(JET_errSuccess, err) << i;
            EXPECT_EQ(want[i - 1].col, ri.columnidNextTagged) << i;
            EXPECT_EQ(want[i - 1].bytes, std::string(buf, cb)) << i;
        } else {
            EXPECT_EQ(JET_wrnColumnNull, err);
            EXPECT_EQ(0u, cb);
            EXPECT_EQ(0u, ri.columnidNextTagged);
        }
    }
    // without defaults the scan ends after "one"
    {
        char buf[8];
        uint32_t cb = 0;
        JET_RETINFO ri{};
        ri.cbStruct = sizeof ri;
        ri.itagSequence = 7;
        EXPECT_EQ(JET_wrnColumnNull, JetRetrieveColumn(s_, t, 0, buf, sizeof buf, &cb, JET_bitRetrieveIgnoreDefault, &ri));
        EXPECT_EQ(0u, ri.columnidNextTagged);
        ri.itagSequence = 0;
        EXPECT_EQ(JET_errBadItagSequence, JetRetrieveColumn(s_, t, 0, buf, sizeof buf, &cb, 0, &ri));
    }
    // JetRetrieveColumns: itagSequence 0 counts, others retrieve
    JET_RETRIEVECOLUMN rc[3]{};
    char b1[8], b2[8];
    rc[0].columnid = 0;
    rc[0].itagSequence = 0;
    rc[1].columnid = 0;
    rc[1].itagSequence = 5;
    rc[1].pvData = b1;
    rc[1].cbData = sizeof b1;
    rc[2].columnid = 0;
    rc[2].itagSequence = 0;
    rc[2].grbit = JET_bitRetrieveIgnoreDefault;
    (void)b2;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t, rc, 3));
    EXPECT_EQ(7u, rc[0].itagSequence);
    EXPECT_EQ(0u, rc[0].columnidNextTagged);
    EXPECT_EQ(JET_errSuccess, rc[1].err);
    EXPECT_EQ(mvt_, rc[1].columnidNextTagged);
    EXPECT_EQ("Ant", std::string(b1, rc[1].cbActual));
    EXPECT_EQ(6u, rc[2].itagSequence);

    // an explicit null counts only with JET_bitRetrieveNull
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, def_, nullptr, 0, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    char buf[8];
    uint32_t cb = 9;
    JET_RETINFO ri{};
    ri.cbStruct = sizeof ri;
    ri.itagSequence = 7;
    EXPECT_EQ(JET_wrnColumnNull, JetRetrieveColumn(s_, t, 0, buf, sizeof buf, &cb, 0, &ri));
    cb = 9;
    EXPECT_EQ(JET_wrnColumnSetNull, JetRetrieveColumn(s_, t, 0, buf, sizeof buf, &cb, JET_bitRetrieveNull, &ri));
    EXPECT_EQ(def_, ri.columnidNextTagged);
    EXPECT_EQ(0u, cb);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

} // namespace
