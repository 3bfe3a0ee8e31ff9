// info_test.cpp: the information functions (JetGetTableInfo, JetGetDatabaseInfo,
// JetGetIndexInfo / JetGetTableIndexInfo, JetGetObjectInfo, JetEnumerateColumns,
// JetGetRecordSize) against the Windows-made samples in $ESENT_TESTDATA/edb/: the values
// `esedbinfo -v` and the catalog show, and the codes ESE gives for bad levels, buffer
// sizes and handles (docs/semantics.md, "Information functions (read-only)"). Public API
// only: the differential build runs it against ESENT.dll too.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "esent.h"
#include "sample_path.h"
#include "info_scenarios.h"

namespace {

class Info : public ::testing::Test {
protected:
    sc_result o{};
    void TearDown() override { EXPECT_EQ(0, sc_all_terminated()); }
    void dump(const char *what)
    {
        if (std::getenv("INFO_TEST_DUMP") == nullptr) return;
        for (int i = 0; i < SC_MAX; i++)
            std::printf("%s r[%d]=%d n[%d]=%lld\n", what, i, o.r[i], i, static_cast<long long>(o.n[i]));
    }
};

// basic.edb, table "basic" (objid 8): catalog row SpaceUsage 80, PagesOrLocale 4, Flags 0,
// no statistics (JetComputeStats never ran); opened read-only.
TEST_F(Info, TableInfo)
{
    ASSERT_EQ(0, sc_info_table(&o, sample("basic.edb").c_str(), "basic"));
    dump("table");
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(static_cast<int64_t>(sizeof(JET_OBJECTINFO)), o.n[0]);
    EXPECT_EQ(JET_objtypTable, o.n[1]);
    EXPECT_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback, o.n[2]); // not updatable: read-only
    EXPECT_EQ(0, o.n[3]);
    EXPECT_EQ(0, o.n[4]);
    EXPECT_EQ(0, o.n[5]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(1, o.n[6]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[3]);  // no room for the terminator
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);         // W: (length + 1) UTF-16 units
    EXPECT_EQ(1, o.n[7]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[6]);  // fits as 8-bit, not as UTF-16
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(1, o.n[8]);                      // the database's id
    EXPECT_EQ(JET_errBufferTooSmall, o.r[8]);  // JET_cbNameMost + 1 bytes needed
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(0, o.n[9]);                      // not derived: empty name
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(4, o.n[10]);                     // initial pages
    EXPECT_EQ(80, o.n[11]);                    // density
    EXPECT_EQ(JET_errFeatureNotAvailable, o.r[11]); // unknown level
    EXPECT_EQ(JET_errInvalidTableId, o.r[12]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[13]);
    EXPECT_EQ(JET_errSuccess, o.r[16]);
    EXPECT_EQ(JET_errSuccess, o.r[17]);
    EXPECT_NE(0, o.n[12] & static_cast<int64_t>(JET_bitObjectSystem)); // MSysObjects
    EXPECT_EQ(JET_errSuccess, o.r[18]);
    EXPECT_EQ(static_cast<int64_t>(0x88000000u), o.n[13] & static_cast<int64_t>(0x88000000u)); // MSysObjids: dynamic system
    EXPECT_EQ(JET_errBufferTooSmall, o.r[20]);
    EXPECT_EQ(JET_errSuccess, o.r[21]);
}

// basic.edb: 4 KiB pages, 1 MiB (256 pages); esedbinfo: format 0x620,20.
TEST_F(Info, DatabaseInfo)
{
    JET_DBINFOMISC misc{};
    ASSERT_EQ(0, sc_info_database(&o, sample("basic.edb").c_str(), &misc));
    dump("db");
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(1, o.n[2]);      // countryDefault
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(0x409, o.n[3]);  // the default locale
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(1252, o.n[4]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(7, o.n[5]);      // levelUserMost
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(0x620, o.n[6]);
    EXPECT_EQ(JET_errInvalidBufferSize, o.r[9]);
    EXPECT_EQ(JET_errFeatureNotAvailable, o.r[10]);
    EXPECT_EQ(JET_errSuccess, o.r[11]);
    EXPECT_EQ(4096, o.n[7]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[12]); // PageSize of the wrong size: BufferTooSmall, not InvalidBufferSize
    EXPECT_EQ(JET_errSuccess, o.r[13]);
    EXPECT_EQ(256, o.n[8]);
    EXPECT_EQ(JET_errSuccess, o.r[14]);
    EXPECT_EQ(0x620u, misc.ulVersion);
    EXPECT_EQ(20u, misc.ulUpdate);
    EXPECT_EQ(4096u, misc.cbPageSize);
    EXPECT_EQ(static_cast<uint32_t>(JET_dbstateCleanShutdown), misc.dbstate);
    EXPECT_EQ(JET_errInvalidBufferSize, o.r[15]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[16]);
    EXPECT_EQ(JET_errInvalidDatabaseId, o.r[17]);
    EXPECT_EQ(JET_errSuccess, o.r[18]);
    EXPECT_EQ(0, o.n[9]);
    EXPECT_EQ(JET_errSuccess, o.r[19]);
    EXPECT_EQ(0, o.n[10]);     // empty connect string
    EXPECT_EQ(JET_errSuccess, o.r[20]);
    EXPECT_EQ(0, o.n[11]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[21]);
    EXPECT_EQ(JET_errSuccess, o.r[22]);
}

// The attached file's name (it differs from machine to machine: traces record it
// relative to ESENT_TESTDATA).
TEST_F(Info, DatabaseFileName)
{
    ASSERT_EQ(0, sc_info_database_name(&o, sample("basic.edb").c_str()));
    dump("dbname");
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(1, o.n[1]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[1]);  // no room for the terminator
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[3]);  // W: two bytes a character
    EXPECT_EQ(JET_errSuccess, o.r[4]);
}

// index.edb, table "index": IxId is the primary index (catalog Flags 0x1002f) and 18
// secondary ones (esedbinfo: 19 indexes); IxUnicode: SpaceUsage 80, LCMapFlags 0x30401,
// en-US, one ascending key column "Unicode".
TEST_F(Info, IndexInfo)
{
    ASSERT_EQ(0, sc_info_index(&o, sample("index.edb").c_str(), "index", "IxUnicode"));
    dump("index");
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(19, o.n[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(19, o.n[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(255, o.n[2]);    // KeyMost null in the catalog: JET_cbKeyMost_OLD
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(0x409, o.n[3]);
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(0x409, o.n[4]);  // a 2-byte buffer gets the LANGID
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(20, o.n[5]);     // sizeof(JET_INDEXID)
    EXPECT_EQ(JET_errBufferTooSmall, o.r[6]);
    EXPECT_EQ(JET_errIndexNotFound, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(80, o.n[6]);     // density
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ('e', o.n[7]);    // "en-US"
    EXPECT_EQ(JET_errBufferTooSmall, o.r[10]); // below NORM_LOCALE_NAME_MAX_LENGTH characters
    EXPECT_EQ(JET_errSuccess, o.r[11]); // JET_IdxInfo: the list, a temporary table
    EXPECT_EQ(JET_errInvalidParameter, o.r[12]);
    EXPECT_EQ(JET_errFeatureNotAvailable, o.r[13]);
    EXPECT_EQ(JET_errObjectNotFound, o.r[18]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[19]);
    EXPECT_EQ(JET_errIndexNotFound, o.r[21]);  // IndexId needs a name
    EXPECT_EQ(JET_errSuccess, o.r[22]);
    EXPECT_EQ(255, o.n[21]);
    EXPECT_EQ(JET_errSuccess, o.r[23]);
}

// JET_IdxInfoCreateIndex*: the structure, its strings and the Unicode information in the
// caller's buffer, with pointers into that buffer (traces record it by content).
TEST_F(Info, IndexCreateInfo)
{
    char key[256] = {};
    ASSERT_EQ(0, sc_info_index_create(&o, sample("index.edb").c_str(), "index", "IxUnicode", key, sizeof key));
    dump("create");
    EXPECT_EQ(JET_errSuccess, o.r[14]);
    EXPECT_EQ(static_cast<int64_t>(sizeof(JET_INDEXCREATE_A)), o.n[8]);
    EXPECT_EQ(10, o.n[9]);     // "+Unicode\0\0"
    EXPECT_EQ(0, std::memcmp(key, "+Unicode\0\0", 10));
    EXPECT_EQ(JET_bitIndexUnicode, o.n[10]);
    EXPECT_EQ(80, o.n[11]);
    EXPECT_EQ(255, o.n[12]);
    EXPECT_EQ(255, o.n[13]);
    EXPECT_EQ(1, o.n[14]);
    EXPECT_EQ(0x409, o.n[15]);
    EXPECT_EQ(0x30401, o.n[16]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[15]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[16]);
    EXPECT_EQ(JET_errSuccess, o.r[17]);        // no name: the primary index
    EXPECT_EQ(static_cast<int64_t>(sizeof(JET_INDEXCREATE3_W)), o.n[17]);
    EXPECT_EQ(10, o.n[18]);    // L"+Id\0\0" in bytes
    EXPECT_EQ(static_cast<int64_t>(sizeof(JET_SPACEHINTS)), o.n[19]);
    EXPECT_EQ(80, o.n[20]);
    EXPECT_EQ(JET_errSuccess, o.r[20]);
    EXPECT_EQ(JET_errSuccess, o.r[23]);
}

TEST_F(Info, ObjectInfo)
{
    ASSERT_EQ(0, sc_info_object(&o, sample("basic.edb").c_str(), "basic"));
    dump("object");
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(static_cast<int64_t>(sizeof(JET_OBJECTINFO)), o.n[0]);
    EXPECT_EQ(JET_objtypTable, o.n[1]);
    EXPECT_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback, o.n[2]);
    EXPECT_EQ(0, o.n[3]);      // the catalog row's Flags
    EXPECT_EQ(0, o.n[4]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errObjectNotFound, o.r[2]);  // only the "Tables" container exists
    EXPECT_EQ(JET_errObjectNotFound, o.r[3]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[4]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]); // the list, a temporary table
    EXPECT_EQ(JET_errObjectNotFound, o.r[7]);
    EXPECT_EQ(JET_errInvalidDatabaseId, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_objtypTable, o.n[5]);
    EXPECT_EQ(JET_errFeatureNotAvailable, o.r[10]);
    EXPECT_EQ(JET_errSuccess, o.r[11]);
}

// multi.edb, first record: Id (fixed) and 21 tagged columns; esedbinfo lists columns 1 and
// 256-276. Bit, UnsignedLong and UnsignedShort hold two values (the two-values form), the
// others three; LongBinary, LongCompressedBinary and the long text columns are separated
// long values, longer than the 1024 bytes asked for.
TEST_F(Info, EnumerateAll)
{
    ASSERT_EQ(0, sc_info_enumerate(&o, sample("multi.edb").c_str(), "multi", 0));
    dump("enum");
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[30]);
    EXPECT_EQ(JET_errSuccess, o.r[31]);
    EXPECT_EQ(22, o.n[31]);
    EXPECT_EQ(0, o.n[30]);     // every block given was freed by the caller
    EXPECT_EQ(1, o.n[0]);
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(1, o.n[1]);
    const int64_t ids[] = { 256, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269 };
    const int64_t counts[] = { 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
    for (int i = 0; i < 14; i++) {
        EXPECT_EQ(ids[i], o.n[2 + 2 * i]) << i;
        EXPECT_EQ(JET_errSuccess, o.r[2 + 2 * i]) << i;
        EXPECT_EQ(counts[i], o.n[3 + 2 * i]) << i;
    }
    EXPECT_EQ(JET_wrnColumnTruncated, o.r[21]); // LongBinary: longer than cbDataMost
    EXPECT_EQ(JET_wrnColumnTruncated, o.r[23]);
    EXPECT_EQ(JET_errSuccess, o.r[25]);         // ASCII: in the record, never truncated
    EXPECT_EQ(JET_wrnColumnTruncated, o.r[29]);
}

// default.edb, first record: the fixed and variable columns are in the record; the long
// columns (256-258) are not, and have defaults.
TEST_F(Info, EnumerateDefaults)
{
    ASSERT_EQ(0, sc_info_enumerate(&o, sample("default.edb").c_str(), "default", JET_bitEnumerateCompressOutput));
    dump("defc");
    EXPECT_EQ(JET_errSuccess, o.r[31]);
    EXPECT_EQ(19, o.n[31]);
    EXPECT_EQ(0, o.n[30]);
    const int64_t sizes[] = { 4, 1, 1, 2, 4, 8, 4, 8, 8, 4, 8, 16, 2, 20, 19 };
    for (int i = 0; i < 15; i++) {
        EXPECT_EQ(JET_wrnColumnSingleValue, o.r[2 * i]) << i;
        EXPECT_EQ(sizes[i], o.n[2 * i + 1]) << i;
    }
    EXPECT_EQ(128, o.n[26]);
    sc_result p{};
    ASSERT_EQ(0, sc_info_enumerate(&p, sample("default.edb").c_str(), "default", JET_bitEnumerateIgnoreDefault));
    o = p;
    dump("defi");
    EXPECT_EQ(JET_errSuccess, o.r[31]);
    EXPECT_EQ(16, o.n[31]);    // without the defaults: only what the record holds
    EXPECT_EQ(0, o.n[30]);
}

TEST_F(Info, EnumerateRequested)
{
    const JET_COLUMNID cols[] = { 256, 1, 999, 0, 265 };
    ASSERT_EQ(0, sc_info_enumerate_req(&o, sample("multi.edb").c_str(), "multi", cols, 5));
    dump("req");
    EXPECT_EQ(JET_errColumnNotFound, o.r[31]); // the first column error, with the output kept
    EXPECT_EQ(5, o.n[31]);
    EXPECT_EQ(0, o.n[30]);
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(3, o.n[8]);                      // values 2, 0, 1 as asked
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(1, o.n[16]);
    EXPECT_EQ(JET_wrnColumnSkipped, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(1, o.n[9]);
    EXPECT_EQ(4, o.n[19]);
    EXPECT_EQ(JET_errColumnNotFound, o.r[2]);
    EXPECT_EQ(JET_wrnColumnSkipped, o.r[3]);
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(JET_wrnColumnTruncated, o.r[20]); // cbDataMost 4
    EXPECT_EQ(JET_wrnColumnTruncated, o.r[21]);
    EXPECT_EQ(JET_wrnColumnTruncated, o.r[22]);
    EXPECT_EQ(JET_errInvalidGrbit, o.r[30]);  // JET_bitEnumerateLocal
    EXPECT_EQ(JET_errInvalidGrbit, o.r[29]);  // TaggedOnly with a column list
    EXPECT_EQ(JET_errInvalidParameter, o.r[28]);
}

// The allocator's contract: a NULL answer fails the call with JET_errOutOfMemory, and
// every block handed out before is freed through the allocator (fldenum.cxx).
TEST_F(Info, EnumerateAllocatorFailures)
{
    ASSERT_EQ(0, sc_info_enumerate_oom(&o, sample("multi.edb").c_str(), "multi"));
    dump("oom");
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_GT(o.n[0], 10);     // one failure for each block the call needs
    EXPECT_EQ(0, o.n[1]);
    EXPECT_EQ(o.n[0], o.n[2]); // the first budget large enough succeeds
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
}

// multi.edb, first record: 1 fixed column, 21 tagged ones (18 with three values, 3 with
// two), 18 separated long values.
TEST_F(Info, RecordSize)
{
    ASSERT_EQ(0, sc_info_record_size(&o, sample("multi.edb").c_str(), "multi"));
    dump("recsize");
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(1, o.n[4]);
    EXPECT_EQ(21, o.n[5]);
    EXPECT_EQ(18, o.n[6]);
    EXPECT_EQ(3 * 1 + 18 * 2, o.n[7]);
    EXPECT_GT(o.n[0], 0);
    EXPECT_GT(o.n[1], o.n[0]);  // the long values are most of it
    EXPECT_GT(o.n[3], 0);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(2 * o.n[0], o.n[8]); // running total: added to what was there
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(o.n[0], o.n[9]);
    EXPECT_EQ(0, o.n[10]);      // local: the long-value tree is not read
    EXPECT_EQ(o.n[0], o.n[11]);
    EXPECT_EQ(0, o.n[12]);
    EXPECT_EQ(JET_errInvalidGrbit, o.r[5]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[6]);
    EXPECT_EQ(JET_errInvalidTableId, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
}

} // namespace
