// record_build_test.cc: the prepared record (native/record/record_build.c). Every record of the
// Windows-made samples is re-formed twice, once loaded and re-encoded, once built from
// scratch out of the values record.c decodes from it, and must come out byte for byte as
// Windows wrote it; then JetSetColumn's rules and codes on a table defined here.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "btree.h"
#include "cache.h"
#include "catalog.h"
#include "dbheader.h"
#include "record.h"
#include "record_build.h"
}

namespace {

std::string sample(const std::string &name)
{
    const char *env = std::getenv("ESENT_TESTDATA");
    std::string dir = env != nullptr && env[0] != '\0' ? env : "../shared/testdata";
    return dir + "/edb/" + name;
}

// A sample opened read-only: file, cache, catalog.
struct sample_db {
    compat_file *file = nullptr;
    cache *c = nullptr;
    uint32_t ifile = 0, cb_page = 0;
    catalog *cat = nullptr;
    bool attached = false;

    JET_ERR open(const std::string &path)
    {
        dbheader_image *img = new dbheader_image();
        JET_ERR err = dbheader_read_path(path.c_str(), img);
        cb_page = img->cb_page;
        delete img;
        if (err < 0) return err;
        if (compat_file_open(path.c_str(), COMPAT_FILE_READ, &file) != COMPAT_OK) return JET_errFileNotFound;
        err = cache_create(cb_page, 256, &c);
        if (err < 0) return err;
        err = cache_attach_file(c, file, &ifile);
        if (err < 0) return err;
        attached = true;
        return catalog_load(c, ifile, &cat);
    }
    ~sample_db()
    {
        catalog_free(cat);
        if (attached) cache_detach_file(c, ifile);
        if (c != nullptr) cache_destroy(c);
        if (file != nullptr) compat_file_close(file);
    }
};

std::string hex(const uint8_t *pb, uint32_t cb)
{
    static const char *d = "0123456789abcdef";
    std::string s;
    for (uint32_t i = 0; i < cb; i++) {
        s += d[pb[i] >> 4];
        s += d[pb[i] & 15];
    }
    return s;
}

// Builds the record from the values rv holds, as an application would set them.
// Returns false (skip) when a value is separated or compressed.
bool build_from_values(const catalog_table *t, uint32_t cb_page, const record_view &rv, record_build *rb,
                       JET_ERR *err_out)
{
    JET_ERR err = record_build_init_insert(rb, t, cb_page, record_build_max_size(cb_page, 255));
    *err_out = err;
    if (err < 0) return true;
    for (uint32_t i = 0; i < t->ccolumns && err >= 0; i++) {
        const record_column *col = &t->columns[i];
        uint32_t fid = col->columnid & 0xffffu;
        record_state st;
        record_value v;
        uint32_t n = 0;
        if (fid <= FID_FIXED_LAST) {
            if (fid > rv.fid_fixed_last) continue;
            err = record_fixed(&rv, fid, col->ib_record_offset, col->cb_max, &st, &v);
        } else if (fid <= FID_VAR_LAST) {
            if (fid > rv.fid_var_last) continue;
            err = record_variable(&rv, fid, &st, &v);
        } else {
            err = record_tagged(&rv, fid, 1, &n, &st, &v);
            if (err >= 0 && st == RECORD_NULL) err = record_build_set(rb, col, nullptr, 0, 0, 1, 0, nullptr);
            for (uint32_t k = 1; k <= n && err >= 0; k++) {
                err = record_tagged(&rv, fid, k, &n, &st, &v);
                if (err < 0) break;
                if (v.separated || v.compressed) return false;
                err = record_build_set(rb, col, v.pb, v.cb, v.cb == 0 ? JET_bitSetZeroLength : 0, 0, 0, nullptr);
            }
            continue;
        }
        if (err < 0) break;
        if (st == RECORD_VALUE)
            err = record_build_set(rb, col, v.pb, v.cb, v.cb == 0 ? JET_bitSetZeroLength : 0, 1, 0, nullptr);
        else if (st == RECORD_NULL)
            err = record_build_set(rb, col, nullptr, 0, 0, 1, 0, nullptr);
        if (err == JET_wrnColumnMaxTruncated) err = JET_errSuccess;
    }
    *err_out = err;
    return true;
}

struct reencode_counts {
    int records = 0, reloaded = 0, rebuilt = 0, skipped = 0;
};

void reencode_sample(const std::string &name, reencode_counts *counts)
{
    sample_db db;
    ASSERT_EQ(db.open(sample(name)), JET_errSuccess) << name;
    bool large = page_is_large(db.cb_page);
    for (uint32_t it = 0; it < db.cat->ctables; it++) {
        const catalog_table *t = &db.cat->tables[it];
        btree_cursor cur;
        memset(&cur, 0, sizeof cur);
        ASSERT_EQ(btree_open(&cur, db.c, db.ifile, t->pgno_fdp), JET_errSuccess);
        JET_ERR err = btree_move_first(&cur);
        for (; err >= 0; err = btree_move_next(&cur)) {
            record_view rv;
            ASSERT_EQ(record_open(cur.data, cur.cb_data, large, &rv), JET_errSuccess);
            counts->records++;
            // loaded and re-encoded
            {
                record_build rb;
                uint8_t *pb = nullptr;
                uint32_t cb = 0;
                ASSERT_EQ(record_build_load(&rb, t, db.cb_page, record_build_max_size(db.cb_page, 255), &rv, false),
                          JET_errSuccess);
                ASSERT_EQ(record_build_encode(&rb, nullptr, nullptr, &pb, &cb), JET_errSuccess)
                    << name << " " << t->name;
                EXPECT_EQ(hex(pb, cb), hex(cur.data, cur.cb_data)) << name << " table " << t->name;
                if (cb == cur.cb_data && memcmp(pb, cur.data, cb) == 0) counts->reloaded++;
                compat_free(pb);
                record_build_free(&rb);
            }
            // built from the decoded values
            {
                record_build rb;
                JET_ERR e2 = JET_errSuccess;
                if (!build_from_values(t, db.cb_page, rv, &rb, &e2)) {
                    counts->skipped++;
                    record_build_free(&rb);
                    continue;
                }
                ASSERT_GE(e2, JET_errSuccess) << name << " " << t->name;
                uint8_t *pb = nullptr;
                uint32_t cb = 0;
                ASSERT_EQ(record_build_encode(&rb, nullptr, nullptr, &pb, &cb), JET_errSuccess);
                EXPECT_EQ(hex(pb, cb), hex(cur.data, cur.cb_data)) << name << " table " << t->name << " (rebuilt)";
                if (cb == cur.cb_data && memcmp(pb, cur.data, cb) == 0) counts->rebuilt++;
                compat_free(pb);
                record_build_free(&rb);
            }
        }
        EXPECT_TRUE(err == JET_errNoCurrentRecord || err == JET_errRecordNotFound) << err;
        btree_close(&cur);
    }
}

TEST(RecordBuild, SampleRecordsComeBackByteForByte)
{
    const char *names[] = {"basic.edb", "binary.edb", "default.edb", "index.edb", "multi.edb",
                           "text.edb",  "test.edb",   "decompress_test.edb"};
    int rebuilt = 0, skipped = 0;
    for (const char *n : names) {
        reencode_counts c;
        reencode_sample(n, &c);
        EXPECT_GT(c.records, 0) << n;
        EXPECT_EQ(c.reloaded, c.records) << n;
        EXPECT_EQ(c.rebuilt + c.skipped, c.records) << n;
        std::printf("%s: %d records, %d reloaded, %d rebuilt, %d skipped\n", n, c.records, c.reloaded, c.rebuilt,
                    c.skipped);
        rebuilt += c.rebuilt;
        skipped += c.skipped;
    }
    EXPECT_GT(rebuilt, 1500);
    EXPECT_GT(skipped, 0); // multi.edb has separated and compressed values
}

// ---- JetSetColumn's rules on a table defined here ----

struct test_table {
    catalog_table t;
    std::vector<record_column> cols;
    uint8_t def_long[4] = {7, 0, 0, 0};
    uint8_t def_tag[2] = {'d', 'f'};
    test_table()
    {
        memset(&t, 0, sizeof t);
        auto add = [&](uint32_t id, uint32_t coltyp, uint32_t cb_max, uint32_t ib, uint32_t grbit, const char *name) {
            record_column c;
            memset(&c, 0, sizeof c);
            c.columnid = id;
            c.coltyp = coltyp;
            c.cb_max = cb_max;
            c.ib_record_offset = ib;
            c.grbit = grbit;
            c.codepage = 1252;
            c.name = const_cast<char *>(name);
            cols.push_back(c);
        };
        add(1, JET_coltypLong, 4, 4, JET_bitColumnFixed | JET_bitColumnNotNULL, "id");
        add(2, JET_coltypBit, 1, 8, JET_bitColumnFixed, "flag");
        add(3, JET_coltypBinary, 6, 9, JET_bitColumnFixed, "fixbin");
        add(4, JET_coltypLong, 4, 15, JET_bitColumnFixed, "withdefault");
        add(128, JET_coltypText, 10, 0, 0, "name");
        add(129, JET_coltypBinary, 0, 0, 0, "blob");
        add(256, JET_coltypBinary, 20, 0, JET_bitColumnTagged | JET_bitColumnMultiValued, "tags");
        add(257, JET_coltypLongBinary, 3000, 0, JET_bitColumnTagged, "lv");
        add(258, JET_coltypText, 10, 0, JET_bitColumnTagged, "tagdef");
        add(259, JET_coltypLong, 4, 0, JET_bitColumnTagged | JET_bitColumnMultiValued, "nums");
        cols[3].default_value = def_long;
        cols[3].cb_default = 4;
        cols[8].default_value = def_tag;
        cols[8].cb_default = 2;
        t.name = const_cast<char *>("t");
        t.columns = cols.data();
        t.ccolumns = static_cast<uint32_t>(cols.size());
    }
    const record_column *col(uint32_t id) const { return catalog_column_by_id(&t, id); }
};

struct builder {
    record_build rb;
    builder(const test_table &tt, uint32_t cb_page = 4096)
    {
        EXPECT_EQ(record_build_init_insert(&rb, &tt.t, cb_page, record_build_max_size(cb_page, 255)), JET_errSuccess);
    }
    ~builder() { record_build_free(&rb); }
    std::string get(const record_column *c, uint32_t itag, record_state *st = nullptr, uint32_t *count = nullptr)
    {
        record_state s;
        record_value v;
        uint32_t n = 0;
        EXPECT_EQ(record_build_get(&rb, c, itag, &n, &s, &v), JET_errSuccess);
        if (st != nullptr) *st = s;
        if (count != nullptr) *count = n;
        return s == RECORD_VALUE ? std::string(reinterpret_cast<const char *>(v.pb), v.cb) : std::string("<null>");
    }
    // encodes, then decodes with record.c: the same values must come back
    std::string stored(const test_table &tt, const record_column *c, uint32_t itag)
    {
        uint8_t *pb = nullptr;
        uint32_t cb = 0;
        EXPECT_EQ(record_build_encode(&rb, nullptr, nullptr, &pb, &cb), JET_errSuccess);
        record_view rv;
        EXPECT_EQ(record_open(pb, cb, rb.large_pages, &rv), JET_errSuccess);
        record_state s;
        record_value v;
        uint32_t n = 0;
        (void)tt;
        EXPECT_EQ(record_column_value(&rv, c, itag, &n, &s, &v), JET_errSuccess);
        std::string out = s == RECORD_VALUE ? std::string(reinterpret_cast<const char *>(v.pb), v.cb) : "<null>";
        compat_free(pb);
        return out;
    }
};

TEST(RecordBuild, FixedColumnsNeedTheirSize)
{
    test_table tt;
    builder b(tt);
    int32_t v32 = 42;
    int16_t v16 = 1;
    EXPECT_EQ(record_build_set(&b.rb, tt.col(1), &v16, 2, 0, 1, 0, nullptr), JET_errInvalidBufferSize);
    EXPECT_EQ(record_build_set(&b.rb, tt.col(1), &v32, 4, 0, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.get(tt.col(1), 1), std::string("\x2a\0\0\0", 4));
    EXPECT_EQ(b.stored(tt, tt.col(1), 1), std::string("\x2a\0\0\0", 4));
    // null for a NotNULL column; zero-length counts as null for fixed columns
    EXPECT_EQ(record_build_set(&b.rb, tt.col(1), nullptr, 0, 0, 1, 0, nullptr), JET_errNullInvalid);
    EXPECT_EQ(record_build_set(&b.rb, tt.col(1), &v32, 0, JET_bitSetZeroLength, 1, 0, nullptr), JET_errNullInvalid);
    // fixed binary: shorter is padded with zeros, longer refused
    uint8_t seven[7] = {1, 2, 3, 4, 5, 6, 7};
    EXPECT_EQ(record_build_set(&b.rb, tt.col(3), seven, 7, 0, 1, 0, nullptr), JET_errInvalidBufferSize);
    EXPECT_EQ(record_build_set(&b.rb, tt.col(3), seven, 2, 0, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, tt.col(3), 1), std::string("\x01\x02\0\0\0\0", 6));
    // bit: any non-zero byte is stored as 0xff
    uint8_t five = 5;
    EXPECT_EQ(record_build_set(&b.rb, tt.col(2), &five, 1, 0, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, tt.col(2), 1), std::string("\xff", 1));
    // the default burst into a new record, then overridden by null
    EXPECT_EQ(b.get(tt.col(4), 1), std::string("\x07\0\0\0", 4));
    EXPECT_EQ(record_build_set(&b.rb, tt.col(4), nullptr, 0, 0, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, tt.col(4), 1), "<null>");
}

TEST(RecordBuild, VariableColumnsTruncateAtTheirMaximum)
{
    test_table tt;
    builder b(tt);
    EXPECT_EQ(record_build_set(&b.rb, tt.col(128), "0123456789ABC", 13, 0, 1, 0, nullptr), JET_wrnColumnMaxTruncated);
    EXPECT_EQ(b.stored(tt, tt.col(128), 1), "0123456789");
    // cbMax 0 means 255
    std::string big(300, 'x');
    EXPECT_EQ(record_build_set(&b.rb, tt.col(129), big.data(), 300, 0, 1, 0, nullptr), JET_wrnColumnMaxTruncated);
    EXPECT_EQ(b.stored(tt, tt.col(129), 1), std::string(255, 'x'));
    // zero-length is a value, not null
    EXPECT_EQ(record_build_set(&b.rb, tt.col(128), "", 0, JET_bitSetZeroLength, 1, 0, nullptr), JET_errSuccess);
    record_state st;
    EXPECT_EQ(b.get(tt.col(128), 1, &st), "");
    EXPECT_EQ(st, RECORD_VALUE);
    EXPECT_EQ(b.stored(tt, tt.col(128), 1), "");
    EXPECT_EQ(record_build_set(&b.rb, tt.col(128), nullptr, 0, 0, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, tt.col(128), 1), "<null>");
    EXPECT_EQ(record_build_set(&b.rb, tt.col(128), "x", 1, JET_bitSetAppendLV, 1, 0, nullptr), JET_errInvalidGrbit);
}

TEST(RecordBuild, TaggedMultiValuesBySequence)
{
    test_table tt;
    builder b(tt);
    const record_column *c = tt.col(256);
    uint32_t n = 0;
    EXPECT_EQ(record_build_set(&b.rb, c, "a", 1, 0, 0, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(record_build_set(&b.rb, c, "bb", 2, 0, 0, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(record_build_set(&b.rb, c, "ccc", 3, 0, 9, 0, nullptr), JET_errSuccess); // past the last: appended
    b.get(c, 1, nullptr, &n);
    EXPECT_EQ(n, 3u);
    EXPECT_EQ(b.stored(tt, c, 3), "ccc");
    EXPECT_EQ(record_build_set(&b.rb, c, "B", 1, 0, 2, 0, nullptr), JET_errSuccess); // overwrite 2
    EXPECT_EQ(b.stored(tt, c, 2), "B");
    EXPECT_EQ(record_build_set(&b.rb, c, "a", 1, JET_bitSetUniqueMultiValues, 0, 0, nullptr), JET_errMultiValuedDuplicate);
    EXPECT_EQ(record_build_set(&b.rb, c, "a", 1, JET_bitSetUniqueMultiValues, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(record_build_set(&b.rb, c, nullptr, 0, 0, 1, 0, nullptr), JET_errSuccess); // remove value 1
    b.get(c, 1, nullptr, &n);
    EXPECT_EQ(n, 2u);
    EXPECT_EQ(b.stored(tt, c, 1), "B");
    EXPECT_EQ(b.stored(tt, c, 2), "ccc");
    EXPECT_EQ(record_build_set(&b.rb, c, std::string(21, 'z').data(), 21, 0, 0, 0, nullptr), JET_errColumnTooBig);
    // fixed-size types in tagged columns
    EXPECT_EQ(record_build_set(&b.rb, tt.col(259), "ab", 2, 0, 0, 0, nullptr), JET_errInvalidBufferSize);
    // a tagged column with a default: null leaves a null entry, absent gives the default
    EXPECT_EQ(b.get(tt.col(258), 1), "df");
    EXPECT_EQ(record_build_set(&b.rb, tt.col(258), nullptr, 0, 0, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, tt.col(258), 1), "<null>");
    EXPECT_EQ(record_build_set(&b.rb, tt.col(258), nullptr, 0, JET_bitSetRevertToDefaultValue, 1, 0, nullptr),
              JET_errSuccess);
    EXPECT_EQ(b.stored(tt, tt.col(258), 1), "df");
}

TEST(RecordBuild, LongValueOperations)
{
    test_table tt;
    builder b(tt);
    const record_column *c = tt.col(257);
    EXPECT_EQ(record_build_set(&b.rb, c, "hello", 5, 0, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(record_build_set(&b.rb, c, " world", 6, JET_bitSetAppendLV, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, c, 1), "hello world");
    EXPECT_EQ(record_build_set(&b.rb, c, "J", 1, JET_bitSetOverwriteLV, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, c, 1), "Jello world");
    EXPECT_EQ(record_build_set(&b.rb, c, "x", 1, JET_bitSetOverwriteLV, 1, 12, nullptr), JET_errColumnNoChunk);
    EXPECT_EQ(record_build_set(&b.rb, c, "!", 1, JET_bitSetOverwriteLV, 1, 11, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, c, 1), "Jello world!");
    EXPECT_EQ(record_build_set(&b.rb, c, nullptr, 5, JET_bitSetSizeLV, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, c, 1), "Jello");
    EXPECT_EQ(record_build_set(&b.rb, c, nullptr, 7, JET_bitSetSizeLV, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, c, 1), std::string("Jello\0\0", 7));
    EXPECT_EQ(record_build_set(&b.rb, c, "ab", 2, JET_bitSetOverwriteLV | JET_bitSetSizeLV, 1, 1, nullptr), JET_errSuccess);
    EXPECT_EQ(b.stored(tt, c, 1), "Jab");
    std::string big(3001, 'q');
    EXPECT_EQ(record_build_set(&b.rb, c, big.data(), 3001, 0, 1, 0, nullptr), JET_errColumnTooBig);
    EXPECT_EQ(record_build_set(&b.rb, c, "x", 1, JET_bitSetSeparateLV | JET_bitSetIntrinsicLV, 1, 0, nullptr),
              JET_errInvalidColumnType);
    EXPECT_EQ(record_build_set(&b.rb, c, "x", 1, JET_bitSetUniqueMultiValues | JET_bitSetAppendLV, 1, 0, nullptr),
              JET_errInvalidGrbit);
    // an intrinsic value up to 1023 bytes stays in the record; larger needs the LV tree
    std::string k1(1023, 'k');
    EXPECT_EQ(record_build_set(&b.rb, c, k1.data(), 1023, 0, 1, 0, nullptr), JET_errSuccess);
    EXPECT_FALSE(record_build_needs_lv(&b.rb));
    EXPECT_EQ(b.stored(tt, c, 1), k1);
    EXPECT_EQ(record_build_set(&b.rb, c, "k", 1, JET_bitSetAppendLV, 1, 0, nullptr), JET_errSuccess);
    EXPECT_TRUE(record_build_needs_lv(&b.rb));
    uint8_t *pb = nullptr;
    uint32_t cb = 0;
    EXPECT_EQ(record_build_encode(&b.rb, nullptr, nullptr, &pb, &cb), JET_errRecordTooBig);
    EXPECT_EQ(pb, nullptr);
    // JET_bitSetIntrinsicLV keeps it in the record
    EXPECT_EQ(record_build_set(&b.rb, c, std::string(1500, 'i').data(), 1500, JET_bitSetIntrinsicLV, 1, 0, nullptr),
              JET_errSuccess);
    EXPECT_FALSE(record_build_needs_lv(&b.rb));
    // JET_bitSetSeparateLV sends even small values out
    EXPECT_EQ(record_build_set(&b.rb, c, "tiny!", 5, JET_bitSetSeparateLV, 1, 0, nullptr), JET_errSuccess);
    EXPECT_TRUE(record_build_needs_lv(&b.rb));
}

TEST(RecordBuild, NotNullCheckedAtUpdate)
{
    test_table tt;
    builder b(tt);
    EXPECT_EQ(record_build_check(&b.rb), JET_errNullInvalid);
    int32_t v = 1;
    EXPECT_EQ(record_build_set(&b.rb, tt.col(1), &v, 4, 0, 1, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(record_build_check(&b.rb), JET_errSuccess);
}

TEST(RecordBuild, LargePagesAlwaysCarryTheHeaderByte)
{
    test_table tt;
    builder b(tt, 32768);
    EXPECT_EQ(record_build_set(&b.rb, tt.col(256), "a", 1, 0, 0, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(record_build_set(&b.rb, tt.col(256), "b", 1, 0, 0, 0, nullptr), JET_errSuccess);
    uint8_t *pb = nullptr;
    uint32_t cb = 0;
    ASSERT_EQ(record_build_encode(&b.rb, nullptr, nullptr, &pb, &cb), JET_errSuccess);
    record_view rv;
    ASSERT_EQ(record_open(pb, cb, true, &rv), JET_errSuccess);
    record_tagged_entry te;
    ASSERT_EQ(record_tagged_at(&rv, 0, &te), JET_errSuccess);
    EXPECT_TRUE(te.has_header);
    EXPECT_EQ(te.header, TAGGED_MULTI_VALUES); // never the two-values form on large pages
    compat_free(pb);
}

} // namespace
