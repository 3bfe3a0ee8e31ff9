// cursor_test.cc: the table cursor JetMove and JetRetrieveColumn will stand on: every
// table of every sample read through it (move next, retrieve every value of every column,
// sizes asked first) equals expected/<sample>.<table>.tsv; currency before the first and
// after the last record as ESE keeps it; truncation, offsets into long values, nulls,
// defaults and JET_bitRetrieveIgnoreDefault; secondary-index order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "storage_reader.h"

extern "C" {
#include "cursor.h"
}

namespace {

const char *const k_samples[] = {"basic", "binary", "default", "index", "multi", "text", "test", "decompress_test"};

// A value through the cursor: size first (cb 0), then the bytes.
JET_ERR fetch(table_cursor *cur, JET_COLUMNID id, uint32_t seq, uint32_t ib, std::vector<uint8_t> *out, JET_GRBIT grbit = 0)
{
    uint32_t size = 0;
    JET_ERR err = cursor_retrieve(cur, id, seq, ib, nullptr, 0, &size, grbit);
    out->clear();
    if (err == JET_wrnColumnNull || err < 0) return err;
    out->resize(size);
    uint32_t again = 0;
    err = cursor_retrieve(cur, id, seq, ib, out->data(), size, &again, grbit);
    EXPECT_EQ(size, again);
    return err;
}

JET_ERR export_via_cursor(reader_db &db, const catalog_table *t, std::string *out)
{
    table_cursor cur;
    JET_ERR err = cursor_open(&cur, db.c, db.ifile, t, nullptr);
    if (err < 0) return err;
    out->clear();
    for (uint32_t c = 0; c < t->ccolumns; c++) *out += (c ? "\t" : "") + std::string(t->columns[c].name);
    *out += "\n";
    while ((err = cursor_move(&cur, JET_MoveNext)) >= 0) {
        for (uint32_t c = 0; c < t->ccolumns && err >= 0; c++) {
            const record_column *col = &t->columns[c];
            uint32_t count = 0;
            if (c != 0) *out += "\t";
            err = cursor_value_count(&cur, col->columnid, &count);
            for (uint32_t seq = 1; err >= 0 && seq <= count; seq++) {
                std::vector<uint8_t> v;
                err = fetch(&cur, col->columnid, seq, 0, &v);
                if (err == JET_wrnColumnNull) err = JET_errSuccess;
                else if (err >= 0) *out += (seq > 1 ? "; " : "") + format_column_value(col, v.data(), v.size());
            }
        }
        if (err < 0) break;
        *out += "\n";
    }
    if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
    cursor_close(&cur);
    return err;
}

TEST(Cursor, EveryTableOfEverySampleReadsAsExpected)
{
    for (const char *name : k_samples) {
        SCOPED_TRACE(name);
        reader_db db;
        ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path(std::string(name) + ".edb"), 8));
        for (uint32_t i = 0; i < db.cat->ctables; i++) {
            const catalog_table *t = &db.cat->tables[i];
            SCOPED_TRACE(t->name);
            std::string got, expected;
            ASSERT_EQ(JET_errSuccess, export_via_cursor(db, t, &got));
            ASSERT_TRUE(storage_read_text(storage_expected_dir() + name + "." + t->name + ".tsv", &expected));
            EXPECT_EQ(expected, got);
        }
    }
}

TEST(Cursor, CurrencyBeforeFirstAndAfterLast)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("basic.edb"), 8));
    const catalog_table *t = catalog_find_table(db.cat, "basic");
    ASSERT_NE(nullptr, t);
    table_cursor cur;
    ASSERT_EQ(JET_errSuccess, cursor_open(&cur, db.c, db.ifile, t, nullptr));
    int32_t id = 0;
    uint32_t cb = 0;
    // a new cursor stands before the first record
    EXPECT_EQ(JET_errNoCurrentRecord, cursor_retrieve(&cur, 1, 1, 0, &id, sizeof id, &cb, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, cursor_move(&cur, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, cursor_move(&cur, JET_MovePrevious));
    ASSERT_EQ(JET_errSuccess, cursor_move(&cur, JET_MoveNext));
    ASSERT_EQ(JET_errSuccess, cursor_retrieve(&cur, 1, 1, 0, &id, sizeof id, &cb, 0));
    EXPECT_EQ(1, id);
    EXPECT_EQ(4u, cb);
    EXPECT_EQ(JET_errSuccess, cursor_move(&cur, 0));
    // past the last (two records): after it; back from there is the last one
    EXPECT_EQ(JET_errNoCurrentRecord, cursor_move(&cur, 5));
    EXPECT_EQ(JET_errNoCurrentRecord, cursor_retrieve(&cur, 1, 1, 0, &id, sizeof id, &cb, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, cursor_move(&cur, JET_MoveNext));
    ASSERT_EQ(JET_errSuccess, cursor_move(&cur, JET_MovePrevious));
    ASSERT_EQ(JET_errSuccess, cursor_retrieve(&cur, 1, 1, 0, &id, sizeof id, &cb, 0));
    EXPECT_EQ(2, id);
    ASSERT_EQ(JET_errSuccess, cursor_move(&cur, JET_MoveFirst));
    ASSERT_EQ(JET_errSuccess, cursor_retrieve(&cur, 1, 1, 0, &id, sizeof id, &cb, 0));
    EXPECT_EQ(1, id);
    EXPECT_EQ(JET_errNoCurrentRecord, cursor_move(&cur, -2)); // before the first
    ASSERT_EQ(JET_errSuccess, cursor_move(&cur, 2));            // first, then second
    ASSERT_EQ(JET_errSuccess, cursor_retrieve(&cur, 1, 1, 0, &id, sizeof id, &cb, 0));
    EXPECT_EQ(2, id);
    ASSERT_EQ(JET_errSuccess, cursor_move(&cur, JET_MoveLast));
    ASSERT_EQ(JET_errSuccess, cursor_retrieve(&cur, 1, 1, 0, &id, sizeof id, &cb, 0));
    EXPECT_EQ(2, id);
    EXPECT_EQ(JET_errColumnNotFound, cursor_retrieve(&cur, 9999, 1, 0, &id, sizeof id, &cb, 0));
    // record 2 has no UnsignedLong (fid 10): null
    EXPECT_EQ(JET_wrnColumnNull, cursor_retrieve(&cur, 10, 1, 0, &id, sizeof id, &cb, 0));
    EXPECT_EQ(0u, cb);
    // a fixed column has one value: a second is null
    EXPECT_EQ(JET_wrnColumnNull, cursor_retrieve(&cur, 1, 2, 0, &id, sizeof id, &cb, 0));
    cursor_close(&cur);
    table_cursor bad;
    EXPECT_EQ(JET_errIndexNotFound, cursor_open(&bad, db.c, db.ifile, t, "NoSuchIndex"));
}

TEST(Cursor, TruncationAndOffsetsIntoLongValues)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("text.edb"), 8));
    const catalog_table *t = catalog_find_table(db.cat, "text");
    ASSERT_NE(nullptr, t);
    table_cursor cur;
    ASSERT_EQ(JET_errSuccess, cursor_open(&cur, db.c, db.ifile, t, nullptr));
    ASSERT_EQ(JET_errSuccess, cursor_move(&cur, JET_MoveFirst));
    // separated, separated and compressed, intrinsic, intrinsic and compressed
    for (const char *name : {"LongASCII", "MaxLongCompressedASCII", "LongTinyASCII", "LongTinyCompressedUnicode",
                             "LongCompressedUnicode"}) {
        SCOPED_TRACE(name);
        const record_column *col = catalog_find_column(t, name);
        ASSERT_NE(nullptr, col);
        std::vector<uint8_t> whole;
        ASSERT_EQ(JET_errSuccess, fetch(&cur, col->columnid, 1, 0, &whole));
        ASSERT_GT(whole.size(), 4u);
        // a short buffer: the first bytes, the whole size, a warning
        uint8_t small[3];
        uint32_t cb = 0;
        EXPECT_EQ(JET_wrnBufferTruncated, cursor_retrieve(&cur, col->columnid, 1, 0, small, sizeof small, &cb, 0));
        EXPECT_EQ(whole.size(), cb);
        EXPECT_EQ(0, std::memcmp(small, whole.data(), sizeof small));
        // in pieces of 7 bytes from growing offsets
        std::vector<uint8_t> pieces;
        for (uint32_t ib = 0; ib < whole.size(); ib += 7) {
            uint8_t piece[7];
            JET_ERR err = cursor_retrieve(&cur, col->columnid, 1, ib, piece, sizeof piece, &cb, 0);
            ASSERT_EQ(whole.size() - ib, cb);
            EXPECT_EQ(cb > sizeof piece ? JET_wrnBufferTruncated : JET_errSuccess, err);
            pieces.insert(pieces.end(), piece, piece + std::min<uint32_t>(cb, sizeof piece));
        }
        EXPECT_EQ(whole, pieces);
        // an offset past the end: nothing, size 0
        EXPECT_EQ(JET_errSuccess, cursor_retrieve(&cur, col->columnid, 1, (uint32_t)whole.size() + 10, small, sizeof small, &cb, 0));
        EXPECT_EQ(0u, cb);
    }
    const record_column *nullable = catalog_find_column(t, "NullableASCII");
    ASSERT_NE(nullptr, nullable);
    uint32_t cb = 99;
    EXPECT_EQ(JET_wrnColumnNull, cursor_retrieve(&cur, nullable->columnid, 1, 0, nullptr, 0, &cb, 0));
    EXPECT_EQ(0u, cb);
    cursor_close(&cur);
}

TEST(Cursor, DefaultsAndIgnoreDefault)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("default.edb"), 8));
    const catalog_table *t = catalog_find_table(db.cat, "default");
    ASSERT_NE(nullptr, t);
    table_cursor cur;
    ASSERT_EQ(JET_errSuccess, cursor_open(&cur, db.c, db.ifile, t, nullptr));
    ASSERT_EQ(JET_errSuccess, cursor_move(&cur, JET_MoveFirst));
    const record_column *col = catalog_find_column(t, "LongASCII"); // not in the record: default
    ASSERT_NE(nullptr, col);
    std::vector<uint8_t> v;
    ASSERT_EQ(JET_errSuccess, fetch(&cur, col->columnid, 1, 0, &v));
    EXPECT_EQ(std::string("Long default ASCII "), std::string(v.begin(), v.begin() + 19));
    EXPECT_EQ(JET_wrnColumnNull, fetch(&cur, col->columnid, 1, 0, &v, JET_bitRetrieveIgnoreDefault));
    EXPECT_EQ(JET_wrnColumnNull, fetch(&cur, col->columnid, 2, 0, &v)); // the default is one value
    cursor_close(&cur);
}

// MSysObjects read in the order of its Name index (ObjidTable, Type, Name) and RootObjects
// index (RootFlag, Name): text segments are normalised by upper-casing a-z, so the order is
// that of the upper-cased names.
TEST(Cursor, SecondaryIndexOrder)
{
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(storage_sample_path("index.edb"), 8));
    const catalog_table *t = catalog_find_table(db.cat, "MSysObjects");
    ASSERT_NE(nullptr, t);
    auto upper = [](std::string s) {
        for (char &ch : s)
            if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
        return s;
    };
    struct row {
        int32_t objid;
        int16_t type;
        std::string name;
    };
    auto read_all = [&](const char *index, std::vector<row> *rows) {
        table_cursor cur;
        ASSERT_EQ(JET_errSuccess, cursor_open(&cur, db.c, db.ifile, t, index));
        JET_ERR err;
        while ((err = cursor_move(&cur, JET_MoveNext)) >= 0) {
            row r{};
            std::vector<uint8_t> name;
            ASSERT_EQ(JET_errSuccess, cursor_retrieve(&cur, 1, 1, 0, &r.objid, 4, nullptr, 0));
            ASSERT_EQ(JET_errSuccess, cursor_retrieve(&cur, 2, 1, 0, &r.type, 2, nullptr, 0));
            ASSERT_EQ(JET_errSuccess, fetch(&cur, 128, 1, 0, &name));
            r.name.assign(name.begin(), name.end());
            rows->push_back(r);
        }
        EXPECT_EQ(JET_errNoCurrentRecord, err);
        cursor_close(&cur);
    };
    std::vector<row> by_id, by_name, roots;
    read_all(nullptr, &by_id);
    read_all("Name", &by_name);
    read_all("RootObjects", &roots);
    ASSERT_EQ(by_id.size(), by_name.size());
    for (size_t i = 1; i < by_name.size(); i++) {
        const row &a = by_name[i - 1], &b = by_name[i];
        bool ordered = a.objid < b.objid || (a.objid == b.objid && (a.type < b.type || (a.type == b.type && upper(a.name) < upper(b.name))));
        EXPECT_TRUE(ordered) << a.name << " / " << b.name;
    }
    ASSERT_EQ(db.cat->ctables, roots.size()); // the tables are the root objects
    for (size_t i = 0; i < roots.size(); i++) {
        EXPECT_EQ(1, roots[i].type);
        if (i > 0) {
            EXPECT_LT(upper(roots[i - 1].name), upper(roots[i].name));
        }
    }
}

} // namespace
