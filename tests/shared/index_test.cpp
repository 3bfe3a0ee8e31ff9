// index_test.cpp: keys and indexes on the read path through the public API, on the
// Windows-made index.edb ($ESENT_TESTDATA/edb/): JetSetCurrentIndex on each of its
// indexes, JetMakeKey + JetSeek every way on the value each index holds, the order of
// MSysObjects' Name index against the clustered rows sorted as its key normalisation
// says (ObjidTable, Type, Name upper-cased), index ranges, bookmarks and the documented
// error codes (docs/semantics.md, "Keys and indexes (read-only)"). Public API only: the
// differential build runs it against ESENT.dll.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "esent.h"
#include "sample_path.h"
#include "index_scenarios.h"

namespace {

class Index : public ::testing::Test {
protected:
    sc_result o{};
    void TearDown() override { EXPECT_EQ(0, sc_all_terminated()); }
};

struct row {
    int objid, type;
    std::string name;
};

std::vector<row> parse(const std::string &text)
{
    std::vector<row> rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream l(line);
        row r;
        l >> r.objid >> r.type;
        std::getline(l, r.name);
        if (!r.name.empty() && r.name[0] == ' ') r.name.erase(0, 1);
        rows.push_back(r);
    }
    return rows;
}

std::string upper(std::string s)
{
    for (char &c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

std::vector<row> catalog(const char *index)
{
    std::vector<char> buf(1 << 16);
    int count = 0;
    EXPECT_EQ(JET_errSuccess, sc_ix_catalog_order(sample("index.edb").c_str(), index, buf.data(), buf.size(), &count));
    std::vector<row> rows = parse(buf.data());
    EXPECT_EQ(static_cast<size_t>(count), rows.size());
    return rows;
}

// The Name index (ObjidTable, Type, Name) in key order equals the clustered rows sorted
// by Long, Short and ASCII text as the normalisation orders them (text: a-z upper-cased,
// a shorter name before its extensions).
TEST_F(Index, CatalogNameIndexOrder)
{
    std::vector<row> clustered = catalog(nullptr);
    ASSERT_GT(clustered.size(), 100u);
    std::vector<row> want = clustered;
    std::stable_sort(want.begin(), want.end(), [](const row &a, const row &b) {
        return std::make_tuple(a.objid, a.type, upper(a.name)) < std::make_tuple(b.objid, b.type, upper(b.name));
    });
    std::vector<row> got = catalog("Name");
    ASSERT_EQ(want.size(), got.size());
    for (size_t i = 0; i < want.size(); i++) {
        EXPECT_EQ(want[i].objid, got[i].objid) << i;
        EXPECT_EQ(want[i].type, got[i].type) << i;
        EXPECT_EQ(want[i].name, got[i].name) << i;
    }
}

// Each index of index.edb's table, seeked with a key made of the value it holds.
// Slots per index (8*i): SetCurrentIndex, RetrieveColumn, MakeKey, SeekEQ, "the key
// made equals the entry's key" (0), SeekGT, SeekLT (one record: nothing), SeekLE.
TEST_F(Index, SeekEachType)
{
    const char *const names[] = {"IxId", "IxBit", "IxUnsignedByte", "IxShort", "IxLong", "IxCurrenc",
                                 "IxIEEESingle", "IxIEEEDouble", "IxDateTime", "IxUnsignedLong", "IxLongLong",
                                 "IxGUID", "IxUnsignedShort", "IxBinary", "IxLongBinary", "IxASCII", "IxLongASCII"};
    const char *const columns[] = {"Id", "Bit", "UnsignedByte", "Short", "Long", "Currency", "IEEESingle",
                                   "IEEEDouble", "DateTime", "UnsignedLong", "LongLong", "GUID", "UnsignedShort",
                                   "Binary", "LongBinary", "ASCII", "LongASCII"};
    const int n = sizeof names / sizeof names[0];
    for (int first = 0; first < n; first += 4) {
        int batch = std::min(4, n - first);
        o = sc_result{};
        ASSERT_EQ(0, sc_ix_seek_each(&o, sample("index.edb").c_str(), "index", names + first, columns + first, batch));
        for (int i = 0; i < batch; i++) {
            const int32_t *e = &o.r[8 * i];
            SCOPED_TRACE(names[first + i]);
            EXPECT_EQ(JET_errSuccess, e[0]);
            EXPECT_GE(e[1], 0);
            EXPECT_EQ(JET_errSuccess, e[2]);
            EXPECT_EQ(JET_errSuccess, e[3]);
            EXPECT_EQ(0, e[4]);
            EXPECT_EQ(JET_errRecordNotFound, e[5]);
            EXPECT_EQ(JET_errRecordNotFound, e[6]);
            EXPECT_EQ(JET_errSuccess, e[7]);
        }
    }
}

TEST_F(Index, Ranges)
{
    std::vector<row> clustered = catalog(nullptr);
    const int objid = 7; // MSysLocales: rows of objid 8 follow it
    int64_t rows = std::count_if(clustered.begin(), clustered.end(), [&](const row &r) { return r.objid == objid; });
    int64_t from = std::count_if(clustered.begin(), clustered.end(), [&](const row &r) { return r.objid >= objid; });
    ASSERT_GT(rows, 1);
    ASSERT_GT(from, rows);
    o = sc_result{};
    ASSERT_EQ(0, sc_ix_range(&o, sample("index.edb").c_str(), objid));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_wrnSeekNotEqual, o.r[2]);      // one column of three: no whole key equals it
    EXPECT_EQ(objid, o.n[0]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(rows, o.n[1]);                     // every row of the table, no other
    EXPECT_EQ(0, o.n[2]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[5]);
    EXPECT_EQ(JET_errInvalidOperation, o.r[6]);  // falling off the range removed it
    EXPECT_EQ(JET_errSuccess, o.r[7]);           // back onto the index's last entry
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(JET_wrnSeekNotEqual, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[11]);  // the current entry is above the limit
    EXPECT_EQ(JET_errSuccess, o.r[12]);
    EXPECT_EQ(JET_errSuccess, o.r[13]);
    EXPECT_EQ(JET_errSuccess, o.r[14]);
    EXPECT_EQ(JET_errSuccess, o.r[15]);
    EXPECT_EQ(JET_errSuccess, o.r[16]);          // SeekEQ | SetIndexRange on the table's row
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[17]);  // the range holds that one key
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[18]);
    EXPECT_EQ(JET_errSuccess, o.r[19]);
    EXPECT_EQ(JET_errSuccess, o.r[20]);
    EXPECT_EQ(JET_errSuccess, o.r[21]);
    EXPECT_EQ(JET_errSuccess, o.r[22]);          // a lower limit, going back
    EXPECT_EQ(from, o.n[3]);                     // from the last entry back to the limit
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[23]);
}

// Prefix searches with the text wildcards: the columns of table 8 whose name starts
// with "lo" in any case, as the clustered rows say.
TEST_F(Index, TextPrefixLimits)
{
    std::vector<row> clustered = catalog(nullptr);
    std::vector<std::string> want;
    for (const row &r : clustered)
        if (r.objid == 8 && r.type == 2 && upper(r.name).rfind("LO", 0) == 0) want.push_back(upper(r.name));
    std::sort(want.begin(), want.end());
    ASSERT_GT(want.size(), 1u);
    for (JET_GRBIT end : {JET_bitPartialColumnEndLimit, JET_bitSubStrLimit}) {
        char first[256];
        o = sc_result{};
        ASSERT_EQ(0, sc_ix_prefix(&o, sample("index.edb").c_str(), 8, 2, "lo", end, first, sizeof first));
        SCOPED_TRACE(end);
        EXPECT_EQ(JET_errSuccess, o.r[0]);
        EXPECT_EQ(JET_errSuccess, o.r[1]);
        EXPECT_EQ(JET_wrnSeekNotEqual, o.r[2]); // a limit key equals no entry's key
        EXPECT_EQ(JET_errSuccess, o.r[3]);
        EXPECT_EQ(JET_errSuccess, o.r[4]);
        EXPECT_EQ(JET_errNoCurrentRecord, o.r[5]);
        EXPECT_EQ(static_cast<int64_t>(want.size()), o.n[0]);
        EXPECT_EQ(want.front(), upper(first));
    }
}

// JET_bitMoveKeyNE on unique indexes: every record, both ways.
TEST_F(Index, MoveKeyNEOnUniqueIndexes)
{
    const size_t rows = catalog(nullptr).size();
    for (const char *ix : {"Name", "Id"}) {
        o = sc_result{};
        ASSERT_EQ(0, sc_ix_count_key_ne(&o, sample("index.edb").c_str(), ix));
        EXPECT_EQ(static_cast<int64_t>(rows), o.n[0]) << ix;
        EXPECT_EQ(static_cast<int64_t>(rows), o.n[1]) << ix;
        EXPECT_EQ(JET_errNoCurrentRecord, o.r[0]);
        EXPECT_EQ(JET_errNoCurrentRecord, o.r[1]);
    }
}

TEST_F(Index, SecondaryIndexBookmarks)
{
    ASSERT_EQ(0, sc_ix_secondary_bookmark(&o, sample("index.edb").c_str(), "index", "IxLong"));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errNoCurrentIndex, o.r[1]);    // the clustered index has no secondary bookmark
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(5, o.n[0]);                        // 0x7f + a big-endian Long
    EXPECT_GT(o.n[1], 0);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[4]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[5]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[6]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(1, o.n[2]);
    EXPECT_EQ(JET_errInvalidBookmark, o.r[9]);
    EXPECT_EQ(JET_errRecordDeleted, o.r[10]);
}

TEST_F(Index, Errors)
{
    ASSERT_EQ(0, sc_ix_errors(&o, sample("index.edb").c_str(), "index"));
    EXPECT_EQ(JET_errIndexNotFound, o.r[0]);
    EXPECT_EQ(JET_errKeyNotMade, o.r[1]);
    EXPECT_EQ(JET_errKeyNotMade, o.r[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(JET_errInvalidBufferSize, o.r[4]);
    EXPECT_EQ(JET_errInvalidGrbit, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_errKeyIsMade, o.r[7]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[8]);
    EXPECT_EQ(JET_errInvalidOperation, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(0, o.n[0]);
    EXPECT_EQ(JET_errSuccess, o.r[11]);
    EXPECT_EQ(JET_errSuccess, o.r[12]);
    EXPECT_EQ(0, o.n[1]);                        // the primary index by name
    EXPECT_EQ(JET_errSuccess, o.r[13]);
    EXPECT_EQ(JET_errSuccess, o.r[14]);
    EXPECT_GT(o.n[2], 0);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[15]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[16]);
    EXPECT_EQ(JET_errNoCurrentRecord, o.r[17]);
    EXPECT_EQ(JET_errSuccess, o.r[18]);
    EXPECT_EQ(JET_errSuccess, o.r[19]);
    EXPECT_EQ(1, o.n[3]);                        // on the primary index the key is the bookmark
    EXPECT_EQ(JET_wrnBufferTruncated, o.r[20]);
    EXPECT_EQ(JET_errSuccess, o.r[21]);
    EXPECT_EQ(JET_errRecordDeleted, o.r[22]);
    EXPECT_EQ(JET_errSuccess, o.r[23]);
    EXPECT_EQ(JET_errSuccess, o.r[24]);
    EXPECT_EQ(JET_errRecordNotFound, o.r[25]);
    EXPECT_EQ(JET_errInvalidGrbit, o.r[26]);
    EXPECT_EQ(JET_errSuccess, o.r[27]);
}

} // namespace
