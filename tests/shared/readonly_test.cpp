// readonly_test.cpp: the read-only data API (attach, open, tables, cursors, retrieval)
// against the Windows-made samples in $ESENT_TESTDATA/edb/: the error codes ESE gives
// (docs/semantics.md, "Databases, tables and cursors (read-only)"), garbage table
// handles, and JetEndSession / JetTerm closing what a session left open. Public API
// only (the differential builds run it against ESENT.dll too, and replay its traces);
// the comparison of every table with tests/storage/expected/, the engine-only cases
// (writable attach, dirty header) and the many-threads reader are in
// tests/storage/api_read_test.cc.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "esent.h"
#include "sample_path.h"
#include "readonly_scenarios.h"

namespace {

class ReadOnly : public ::testing::Test {
protected:
    sc_result o{};
    void TearDown() override { EXPECT_EQ(0, sc_all_terminated()); }
};

// True when this process can open the file for writing (root can, whatever its mode).
bool writable(const std::string &p)
{
    std::FILE *f = std::fopen(p.c_str(), "r+b");
    if (f) std::fclose(f);
    return f != nullptr;
}

TEST_F(ReadOnly, AttachDetachOpenClose)
{
    const std::string db = sample("basic.edb");
    const std::string missing = sample("no-such-file.edb");
    const std::string not_db = sample("SOURCES.md");
    ASSERT_EQ(0, sc_ro_attach(&o, db.c_str(), missing.c_str(), not_db.c_str()));
    EXPECT_EQ(JET_errFileNotFound, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_wrnDatabaseAttached, o.r[2]);
    // ErrUtilPathReadOnly comes before the duplicate check; root can write any file.
    EXPECT_EQ(writable(db) ? JET_wrnDatabaseAttached : JET_errDatabaseFileReadOnly, o.r[3]);
    EXPECT_EQ(JET_errDatabaseCorrupted, o.r[4]);
    EXPECT_EQ(JET_errDatabaseNotFound, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_wrnFileOpenReadOnly, o.r[7]); // a read-only attach opened without the bit
    EXPECT_EQ(o.n[0], o.n[1]);                   // the same database, the same id
    EXPECT_EQ(JET_errDatabaseInUse, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errDatabaseInUse, o.r[10]);    // opened twice, closed once
    EXPECT_EQ(JET_errSuccess, o.r[11]);
    EXPECT_EQ(JET_errInvalidDatabaseId, o.r[12]);
    EXPECT_EQ(JET_errSuccess, o.r[13]);
    EXPECT_EQ(JET_errDatabaseNotFound, o.r[14]);
    EXPECT_EQ(JET_errDatabaseNotFound, o.r[15]);
    EXPECT_EQ(JET_errForceDetachNotAllowed, o.r[17]);
    EXPECT_EQ(JET_errInvalidDatabaseId, o.r[18]);
    EXPECT_EQ(JET_errInvalidDatabaseId, o.r[19]);
    EXPECT_EQ(JET_errSuccess, o.r[20]);
}

TEST_F(ReadOnly, WideFunctions)
{
    const std::string db = sample("basic.edb");
    ASSERT_EQ(0, sc_ro_attach_w(&o, db.c_str()));
    for (int i = 0; i <= 9; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
}

TEST_F(ReadOnly, GarbageTableHandles)
{
    const std::string db = sample("basic.edb");
    ASSERT_EQ(0, sc_ro_table_handles(&o, db.c_str(), "basic"));
    EXPECT_EQ(JET_errInvalidTableId, o.r[0]);
    EXPECT_EQ(JET_errInvalidTableId, o.r[1]);
    EXPECT_EQ(0, o.n[0]) << "random values not rejected";
    EXPECT_EQ(0, o.n[1]) << "bit-flipped handles not rejected";
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errSesidTableIdMismatch, o.r[3]);
    EXPECT_EQ(JET_errSesidTableIdMismatch, o.r[4]);
    EXPECT_EQ(JET_errInvalidTableId, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    for (int i = 8; i <= 12; i++) EXPECT_EQ(JET_errInvalidTableId, o.r[i]) << "step " << i;
    EXPECT_EQ(JET_errSuccess, o.r[13]);
    EXPECT_EQ(JET_errInvalidTableId, o.r[14]); // a cursor of another instance
    EXPECT_EQ(JET_errSuccess, o.r[15]);
    EXPECT_EQ(JET_errSuccess, o.r[16]);
}

TEST_F(ReadOnly, EndSessionClosesDatabasesAndCursors)
{
    const std::string db = sample("basic.edb");
    ASSERT_EQ(0, sc_ro_end_session(&o, db.c_str(), "basic"));
    for (int i = 0; i <= 6; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    EXPECT_EQ(JET_errInvalidTableId, o.r[7]);
    EXPECT_EQ(JET_errInvalidTableId, o.r[8]);
    EXPECT_EQ(JET_errDatabaseInUse, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(JET_errSuccess, o.r[11]);
    for (int i = 12; i <= 15; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    EXPECT_EQ(JET_errInvalidTableId, o.r[16]); // the last close of the database closed it
    EXPECT_EQ(JET_errSuccess, o.r[17]);
    EXPECT_EQ(JET_errSuccess, o.r[18]);
}

TEST_F(ReadOnly, TermWithOpenCursorsFreesEverything)
{
    const std::string db = sample("basic.edb");
    ASSERT_EQ(0, sc_ro_term_with_cursors(&o, db.c_str(), "basic"));
    EXPECT_EQ(50, o.n[0]);
    for (int i = 0; i <= 5; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    EXPECT_EQ(JET_errInvalidSesid, o.r[6]);
}

TEST_F(ReadOnly, MoveAcrossTheEnds)
{
    const std::string db = sample("decompress_test.edb");
    ASSERT_EQ(0, sc_ro_move(&o, db.c_str(), "test_table", 10, "usual_text"));
    // A new cursor is deferred onto the first record (ESE's RECDeferMoveFirst:
    // docs/semantics.md, "Cursor currency"): it reads the first record, and a move
    // next from it reaches the second.
    EXPECT_EQ(JET_wrnBufferTruncated, o.r[0]);
    EXPECT_EQ(JET_errColumnNotFound, o.r[29]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_wrnBufferTruncated, o.r[3]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[4]);
    for (int i = 5; i <= 7; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[8]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[9]);
    for (int i = 10; i <= 13; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    EXPECT_EQ(10, o.n[0]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[14]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[30]); // ErrDIRIndexRecordCount counts from the current entry
    EXPECT_EQ(JET_errSuccess, o.r[15]);
    EXPECT_EQ(10, o.n[1]);
    EXPECT_EQ(JET_errSuccess, o.r[16]);
    EXPECT_EQ(1, o.n[2]);
    EXPECT_EQ(JET_errSuccess, o.r[17]);
    EXPECT_EQ(JET_errSuccess, o.r[18]);
    EXPECT_EQ(JET_errSuccess, o.r[19]);
    EXPECT_EQ(JET_errSuccess, o.r[20]); // the duplicate is deferred onto the first record
    EXPECT_EQ(JET_errSuccess, o.r[21]);
    EXPECT_EQ(JET_errSuccess, o.r[22]);
    // JetGetRecordPosition (exact here; ESE estimates)
    EXPECT_EQ(JET_errSuccess, o.r[23]);
    EXPECT_EQ(1, o.n[3]); // t2 moved next from its deferred first record
    EXPECT_EQ(JET_errSuccess, o.r[24]);
    EXPECT_EQ(JET_errSuccess, o.r[25]);
    EXPECT_EQ(9, o.n[4]);
    EXPECT_EQ(10, o.n[5]);
    EXPECT_EQ(1, o.n[6]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[26]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[27]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[28]);
}

TEST_F(ReadOnly, ColumnInfoAndRetrieveErrors)
{
    const std::string db = sample("basic.edb");
    ASSERT_EQ(0, sc_ro_retrieve_errors(&o, db.c_str(), "basic", "Long"));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_coltypLong, o.n[1]);
    EXPECT_EQ(JET_errColumnNotFound, o.r[1]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[2]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[3]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[4]); // a JET_COLUMNDEF-sized buffer for JET_ColInfoList
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(o.n[0], o.n[2]);
    EXPECT_EQ(JET_errColumnNotFound, o.r[6]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(o.n[0], o.n[3]);
    EXPECT_EQ(JET_errObjectNotFound, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errColumnNotFound, o.r[10]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[11]);
    EXPECT_EQ(JET_wrnBufferTruncated, o.r[12]);
    EXPECT_EQ(4, o.n[4]);
    EXPECT_EQ(JET_errObjectNotFound, o.r[13]);
    EXPECT_EQ(JET_errSuccess, o.r[14]);
    EXPECT_EQ(JET_errSuccess, o.r[15]);
    EXPECT_EQ(JET_errInvalidName, o.r[16]);
    EXPECT_EQ(JET_wrnBufferTruncated, o.r[17]);
    EXPECT_EQ(1, o.n[5]);
    EXPECT_EQ(JET_wrnBufferTruncated, o.r[18]);
    EXPECT_EQ(JET_errColumnNotFound, o.r[19]);
    EXPECT_EQ(JET_errSuccess, o.r[20]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[21]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[22]);
    EXPECT_EQ(JET_errSuccess, o.r[23]);
}

// default.edb's record holds only its key: every other column comes from its default,
// which JET_bitRetrieveIgnoreDefault turns into null. binary.edb's LongBinary read from
// ibLongValue 10 is the whole value's tail; an offset past the end gives an empty value.
TEST_F(ReadOnly, DefaultsAndLongValueOffsets)
{
    static const char *const kDefaultColumns[] = { "Bit", "UnsignedByte", "Short", "Long", "Currency", "IEEESingle",
        "IEEEDouble", "DateTime", "UnsignedLong", "LongLong", "GUID", "UnsignedShort", "Binary", "ASCII", "Unicode",
        "LongBinary", "LongASCII", "LongUnicode" };
    const std::string db = sample("default.edb");
    ASSERT_EQ(0, sc_ro_defaults_and_offsets(&o, db.c_str(), "default", kDefaultColumns, 18, "LongASCII"));
    EXPECT_LT(0, o.n[0]);
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(1, o.n[3]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);

    sc_result b{};
    const std::string bin = sample("binary.edb");
    ASSERT_EQ(0, sc_ro_defaults_and_offsets(&b, bin.c_str(), "binary", nullptr, 0, "LongBinary"));
    EXPECT_EQ(JET_errSuccess, b.r[0]);
    EXPECT_LT(10, b.n[1]);
    EXPECT_EQ(JET_errSuccess, b.r[1]);
    EXPECT_EQ(b.n[1] - 10, b.n[2]);
    EXPECT_EQ(1, b.n[3]);
    EXPECT_EQ(JET_errSuccess, b.r[2]);
    EXPECT_EQ(0, b.n[4]);
    EXPECT_EQ(JET_errSuccess, b.r[3]);
}

} // namespace
