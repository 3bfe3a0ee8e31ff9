// esentutl_test.cc: tools/esentutl's commands (tools/esentutl/eu.h). Every table of every
// Windows-made sample in ../shared/testdata/edb exports in the esedbexport format exactly
// as the storage tests expect it (tests/storage/expected/); without ../shared those tests
// skip, and the rest still runs on a database the engine makes here through the API, with
// a value of every type, multi-values, long values and text that needs quoting, exported
// as CSV, JSON Lines and TSV and compared with what was written; its dirty copy is refused
// without the read-anyway switch and read with it; the page-level commands check it. The
// log commands: /ml dumps a log and a checkpoint the engine wrote, /r recovers a database
// left as a crash leaves it (its file and its logs as they were before the clean shutdown).
// /d compacts a database in place, keeping a backup or the original when asked.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "eu.h"

extern "C" {
#include "compat.h"
}

#ifndef STORAGE_EXPECTED_DIR
#define STORAGE_EXPECTED_DIR "tests/storage/expected"
#endif

namespace {

bool string_write(void *ctx, const void *pb, size_t cb)
{
    static_cast<std::string *>(ctx)->append(static_cast<const char *>(pb), cb);
    return true;
}

eu_sink string_sink(std::string *s)
{
    eu_sink k;
    k.write = string_write;
    k.ctx = s;
    k.failed = false;
    return k;
}

bool read_text(const std::string &path, std::string *out)
{
    compat_file *f = nullptr;
    uint64_t size = 0;
    size_t done = 0;
    out->clear();
    if (compat_file_open(path.c_str(), COMPAT_FILE_READ, &f) != COMPAT_OK) return false;
    bool ok = compat_file_size(f, &size) == COMPAT_OK;
    out->resize(ok ? (size_t)size : 0);
    ok = ok && (size == 0 || (compat_file_read_at(f, &(*out)[0], out->size(), 0, &done) == COMPAT_OK && done == size));
    compat_file_close(f);
    return ok;
}

std::string sample(const std::string &name)
{
    const char *env = std::getenv("ESENT_TESTDATA");
    std::string dir = env != nullptr && env[0] != '\0' ? env : "../shared/testdata";
    return dir + "/edb/" + name + ".edb";
}

bool have_samples()
{
    bool is_dir = false;
    return compat_path_exists(sample("basic").c_str(), &is_dir) == COMPAT_OK;
}

const char *const kSamples[] = {"basic", "binary", "default", "index", "multi", "text", "test", "decompress_test"};

TEST(EsentutlSamples, EveryTableOfEverySampleExportsAsTheStorageTestsExpect)
{
    if (!have_samples()) GTEST_SKIP() << "no ../shared/testdata/edb";
    int tables = 0;
    for (const char *name : kSamples) {
        SCOPED_TRACE(name);
        eu_db db;
        ASSERT_EQ(JET_errSuccess, eu_db_open(&db, sample(name).c_str(), false));
        EXPECT_FALSE(db.dirty);
        EXPECT_EQ(5u, db.ctables); // the four system tables and the sample's own
        for (uint32_t i = 0; i < db.ctables; i++) {
            const eu_table *t = &db.tables[i];
            SCOPED_TRACE(t->name);
            std::string got, expected;
            eu_sink out = string_sink(&got);
            uint64_t records = 0;
            EXPECT_EQ(JET_errSuccess, eu_export_table(&db, t, EU_FORMAT_TSV, false, &out, &records));
            ASSERT_TRUE(read_text(std::string(STORAGE_EXPECTED_DIR) + "/" + name + "." + t->name + ".tsv", &expected));
            EXPECT_EQ(expected, got);
            // one line per record after the header
            size_t lines = 0;
            for (char c : expected) lines += c == '\n';
            EXPECT_EQ(lines - 1u, records);
            tables++;
        }
        eu_db_close(&db);
    }
    EXPECT_EQ(40, tables);
}

// The same values as CSV and JSON: known values of index.edb (its one record holds one
// value of every type; tests/storage/expected/index.index.tsv has them as esedbexport
// prints them).
TEST(EsentutlSamples, CsvAndJsonOfKnownValues)
{
    if (!have_samples()) GTEST_SKIP() << "no ../shared/testdata/edb";
    eu_db db;
    ASSERT_EQ(JET_errSuccess, eu_db_open(&db, sample("index").c_str(), false));
    const eu_table *t = eu_db_table(&db, "INDEX");
    ASSERT_NE(nullptr, t);
    std::string json, csv;
    eu_sink j = string_sink(&json), c = string_sink(&csv);
    uint64_t records = 0;
    ASSERT_EQ(JET_errSuccess, eu_export_table(&db, t, EU_FORMAT_JSONL, false, &j, &records));
    EXPECT_EQ(1u, records);
    ASSERT_EQ(JET_errSuccess, eu_export_table(&db, t, EU_FORMAT_CSV, false, &c, &records));
    for (const char *want :
         {"\"Id\":1,", "\"Bit\":false,", "\"UnsignedByte\":213,", "\"Short\":-1337,", "\"Long\":-13371337,",
          "\"Currency\":1337133713371337,", "\"IEEESingle\":1,", "\"IEEEDouble\":13371337.13371337,",
          "\"DateTime\":\"1999-03-01T00:00:00\",", "\"UnsignedLong\":13371337,", "\"LongLong\":-13371337,",
          "\"GUID\":\"3f360af1-6766-46dc-9af2-0dacf295c2a1\",", "\"UnsignedShort\":1337,",
          "\"Binary\":\"746573742062696e6172792064617461\",", "\"ASCII\":\"Simple ASCII text\",",
          "\"Unicode\":\"Simple Unicode text \xf0\x9f\xa6\x8a\","})
        EXPECT_NE(std::string::npos, json.find(want)) << want << "\n" << json;
    EXPECT_EQ(0u, csv.find("Id,Bit,UnsignedByte,Short,Long,Currency,IEEESingle,IEEEDouble,DateTime,UnsignedLong,"
                           "LongLong,GUID,UnsignedShort,Binary,ASCII,Unicode,LongBinary,LongASCII,LongUnicode\n"
                           "1,false,213,-1337,-13371337,1337133713371337,1,13371337.13371337,1999-03-01T00:00:00,"
                           "13371337,-13371337,3f360af1-6766-46dc-9af2-0dacf295c2a1,1337,"
                           "746573742062696e6172792064617461,Simple ASCII text,Simple Unicode text \xf0\x9f\xa6\x8a,"))
        << csv;
    eu_db_close(&db);
}

// ---- a database of the engine's own ----

struct scratch {
    std::string dir;
    scratch()
    {
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        static int n;
        dir = std::string(tmp) + "esentutl-test-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir.c_str());
    }
    ~scratch()
    {
        // every file the tests and the engine made there (databases, logs, reserve logs)
        std::vector<std::string> names;
        compat_dir_list(dir.c_str(), [](void *ctx, const char *name) {
            static_cast<std::vector<std::string> *>(ctx)->push_back(name);
            return true;
        }, &names);
        for (const std::string &n : names) compat_path_delete((dir + "/" + n).c_str());
        compat_dir_remove(dir.c_str());
    }
};

std::string hex_of(const std::vector<uint8_t> &v)
{
    static const char *d = "0123456789abcdef";
    std::string s;
    for (uint8_t b : v) {
        s += d[b >> 4];
        s += d[b & 15];
    }
    return s;
}

std::vector<uint8_t> long_binary()
{
    std::vector<uint8_t> v(20000);
    for (size_t i = 0; i < v.size(); i++) v[i] = (uint8_t)(i * 31 + 7);
    return v;
}

// UTF-16LE bytes of a UTF-16 string.
std::string u16(const std::u16string &s)
{
    std::string b;
    for (char16_t c : s) {
        b += (char)(c & 0xff);
        b += (char)(c >> 8);
    }
    return b;
}

struct col {
    const char *name;
    uint32_t coltyp, cp;
    JET_GRBIT grbit;
    JET_COLUMNID id;
};

// Table "values": one column of every type, two multi-valued ones; three records.
JET_ERR make_database(const std::string &path, col *cols, size_t ncols)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    JET_ERR err = JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 8192, nullptr);
    if (err >= 0) err = JetCreateInstanceA(&inst, "esentutl-test-make");
    if (err < 0) return err;
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    JetSetSystemParameterA(&inst, 0, JET_paramMaxTemporaryTables, 0, nullptr);
    err = JetInit(&inst);
    if (err >= 0) err = JetBeginSessionA(inst, &s, "", "");
    if (err >= 0) err = JetCreateDatabaseA(s, path.c_str(), nullptr, &dbid, 0);
    if (err >= 0) err = JetCreateTableA(s, dbid, "values", 0, 0, &t);
    for (size_t i = 0; i < ncols && err >= 0; i++) {
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = cols[i].coltyp;
        def.cp = (uint16_t)cols[i].cp;
        def.grbit = cols[i].grbit;
        err = JetAddColumnA(s, t, cols[i].name, &def, nullptr, 0, &cols[i].id);
    }
    if (err >= 0) err = JetCreateIndexA(s, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100);
    auto set = [&](size_t c, const void *pv, size_t cb, JET_GRBIT grbit = 0) {
        if (err >= 0) err = JetSetColumn(s, t, cols[c].id, pv, (uint32_t)cb, grbit, nullptr);
    };
    auto add = [&](size_t c, const void *pv, size_t cb) {
        JET_SETINFO si{sizeof(JET_SETINFO), 0, 0};
        if (err >= 0) err = JetSetColumn(s, t, cols[c].id, pv, (uint32_t)cb, 0, &si);
    };
    // record 1: a value in every column
    if (err >= 0) err = JetPrepareUpdate(s, t, JET_prepInsert);
    {
        int32_t id = 1;
        uint8_t bit = 0xff, ub = 200;
        int16_t sh = -12345;
        uint16_t us = 54321;
        uint32_t ul = 4000000000u;
        int64_t ll = -1234567890123456789LL, cur = 123456789;
        uint64_t ull = 18000000000000000000ull;
        float f = 1.5f;
        double d = 0.1, date = 45292.5; // 2024-01-01 12:00
        uint8_t guid[16] = {0xf1, 0x0a, 0x36, 0x3f, 0x66, 0x67, 0xdc, 0x46, 0x9a, 0xf2, 0x0d, 0xac, 0xf2, 0x95, 0xc2, 0xa1};
        uint8_t bin[3] = {0x00, 0xab, 0xff};
        std::string ascii = "caf\xe9 \x80";                 // 1252: e-acute, euro sign
        std::string uni = u16(u"\u00e9t\u00e9 \U0001F98A"); // surrogate pair
        std::vector<uint8_t> lb = long_binary();
        std::string lt = u16(std::u16string(3000, u'x'));
        set(0, &id, 4);
        set(1, &bit, 1);
        set(2, &ub, 1);
        set(3, &sh, 2);
        set(4, &us, 2);
        set(5, &ul, 4);
        set(6, &ll, 8);
        set(7, &ull, 8);
        set(8, &cur, 8);
        set(9, &f, 4);
        set(10, &d, 8);
        set(11, &date, 8);
        set(12, guid, 16);
        set(13, bin, 3);
        set(14, ascii.data(), ascii.size());
        set(15, uni.data(), uni.size());
        set(16, lb.data(), lb.size());
        set(17, lt.data(), lt.size());
        int32_t tags[3] = {7, -8, 9};
        for (int32_t v : tags) add(18, &v, 4);
        std::string w1 = u16(u"one"), w2 = u16(u"two, \"2\"");
        add(19, w1.data(), w1.size());
        add(19, w2.data(), w2.size());
    }
    if (err >= 0) err = JetUpdate(s, t, nullptr, 0, nullptr);
    // record 2: the key only
    if (err >= 0) err = JetPrepareUpdate(s, t, JET_prepInsert);
    {
        int32_t id = 2;
        set(0, &id, 4);
    }
    if (err >= 0) err = JetUpdate(s, t, nullptr, 0, nullptr);
    // record 3: text that needs quoting, an empty value, one multi-value
    if (err >= 0) err = JetPrepareUpdate(s, t, JET_prepInsert);
    {
        int32_t id = 3, tag = 42;
        std::string ascii = "a,b \"c\"\nd";
        set(0, &id, 4);
        set(14, ascii.data(), ascii.size());
        set(15, nullptr, 0, JET_bitSetZeroLength);
        add(18, &tag, 4);
    }
    if (err >= 0) err = JetUpdate(s, t, nullptr, 0, nullptr);
    if (err >= 0) err = JetCloseTable(s, t);
    if (err >= 0) err = JetCloseDatabase(s, dbid, 0);
    if (err >= 0) err = JetDetachDatabaseA(s, path.c_str());
    JetTerm(inst);
    return err;
}

col k_cols[] = {
    {"id", JET_coltypLong, 0, JET_bitColumnFixed, 0},
    {"bit", JET_coltypBit, 0, 0, 0},
    {"ubyte", JET_coltypUnsignedByte, 0, 0, 0},
    {"short", JET_coltypShort, 0, 0, 0},
    {"ushort", JET_coltypUnsignedShort, 0, 0, 0},
    {"ulong", JET_coltypUnsignedLong, 0, 0, 0},
    {"longlong", JET_coltypLongLong, 0, 0, 0},
    {"ulonglong", JET_coltypUnsignedLongLong, 0, 0, 0},
    {"currency", JET_coltypCurrency, 0, 0, 0},
    {"single", JET_coltypIEEESingle, 0, 0, 0},
    {"double", JET_coltypIEEEDouble, 0, 0, 0},
    {"date", JET_coltypDateTime, 0, 0, 0},
    {"guid", JET_coltypGUID, 0, 0, 0},
    {"bin", JET_coltypBinary, 0, 0, 0},
    {"ascii", JET_coltypText, 1252, 0, 0},
    {"uni", JET_coltypText, 1200, 0, 0},
    {"longbin", JET_coltypLongBinary, 0, 0, 0},
    {"longtext", JET_coltypLongText, 1200, 0, 0},
    {"tags", JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued, 0},
    {"words", JET_coltypText, 1200, JET_bitColumnTagged | JET_bitColumnMultiValued, 0},
};

// The columns in the order the catalog lists them: fixed, variable, tagged.
const char *const kHeader = "id,bit,ubyte,short,ushort,ulong,longlong,ulonglong,currency,single,double,date,guid,bin,"
                            "ascii,uni,longbin,longtext,tags,words";

class EsentutlOwn : public ::testing::Test {
protected:
    void SetUp() override
    {
        path_ = dir_.dir + "/own.edb";
        ASSERT_EQ(JET_errSuccess, make_database(path_, k_cols, sizeof k_cols / sizeof k_cols[0]));
    }
    std::string Export(const char *path, eu_format format, bool read_dirty = false)
    {
        eu_db db;
        std::string out;
        eu_sink k = string_sink(&out);
        uint64_t records = 0;
        EXPECT_EQ(JET_errSuccess, eu_db_open(&db, path, read_dirty));
        const eu_table *t = eu_db_table(&db, "values");
        EXPECT_NE(nullptr, t);
        if (t != nullptr) {
            EXPECT_EQ(JET_errSuccess, eu_export_table(&db, t, format, false, &k, &records));
            EXPECT_EQ(3u, records);
        }
        eu_db_close(&db);
        return out;
    }
    scratch dir_;
    std::string path_;
};

std::string csv_quote(const std::string &v)
{
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string join(const std::vector<std::string> &fields)
{
    std::string s;
    for (size_t i = 0; i < fields.size(); i++) s += (i != 0 ? "," : "") + fields[i];
    return s + "\n";
}

TEST_F(EsentutlOwn, CsvHoldsEveryValueWritten)
{
    std::string csv = Export(path_.c_str(), EU_FORMAT_CSV);
    // the columns come in catalog order: fixed, then variable, then tagged
    std::string want = std::string(kHeader) + "\n";
    want += join({"1", "true", "200", "-12345", "54321", "4000000000", "-1234567890123456789", "18000000000000000000",
                  "123456789", "1.5", "0.1", "2024-01-01T12:00:00", "3f360af1-6766-46dc-9af2-0dacf295c2a1", "00abff",
                  "caf\xc3\xa9 \xe2\x82\xac", "\xc3\xa9t\xc3\xa9 \xf0\x9f\xa6\x8a", hex_of(long_binary()),
                  std::string(3000, 'x'), csv_quote("[7,-8,9]"), csv_quote("[\"one\",\"two, \\\"2\\\"\"]")});
    want += join(std::vector<std::string>{"2", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""});
    want += join({"3", "", "", "", "", "", "", "", "", "", "", "", "", "", csv_quote("a,b \"c\"\nd"), "\"\"", "", "",
                  "[42]", ""});
    EXPECT_EQ(want, csv);
}

TEST_F(EsentutlOwn, JsonLinesHoldEveryValueWritten)
{
    std::string json = Export(path_.c_str(), EU_FORMAT_JSONL);
    std::string lt(3000, 'x');
    std::string want =
        std::string("{\"id\":1,\"bit\":true,\"ubyte\":200,\"short\":-12345,\"ushort\":54321,\"ulong\":4000000000,"
                    "\"longlong\":-1234567890123456789,\"ulonglong\":18000000000000000000,\"currency\":123456789,"
                    "\"single\":1.5,\"double\":0.1,\"date\":\"2024-01-01T12:00:00\","
                    "\"guid\":\"3f360af1-6766-46dc-9af2-0dacf295c2a1\",\"bin\":\"00abff\","
                    "\"ascii\":\"caf\xc3\xa9 \xe2\x82\xac\",\"uni\":\"\xc3\xa9t\xc3\xa9 \xf0\x9f\xa6\x8a\",\"longbin\":\"") +
        hex_of(long_binary()) + "\",\"longtext\":\"" + lt +
        "\",\"tags\":[7,-8,9],\"words\":[\"one\",\"two, \\\"2\\\"\"]}\n" +
        "{\"id\":2,\"bit\":null,\"ubyte\":null,\"short\":null,\"ushort\":null,\"ulong\":null,\"longlong\":null,"
        "\"ulonglong\":null,\"currency\":null,\"single\":null,\"double\":null,\"date\":null,\"guid\":null,\"bin\":null,"
        "\"ascii\":null,\"uni\":null,\"longbin\":null,\"longtext\":null,\"tags\":null,\"words\":null}\n" +
        "{\"id\":3,\"bit\":null,\"ubyte\":null,\"short\":null,\"ushort\":null,\"ulong\":null,\"longlong\":null,"
        "\"ulonglong\":null,\"currency\":null,\"single\":null,\"double\":null,\"date\":null,\"guid\":null,\"bin\":null,"
        "\"ascii\":\"a,b \\\"c\\\"\\nd\",\"uni\":\"\",\"longbin\":null,\"longtext\":null,\"tags\":[42],\"words\":null}\n";
    EXPECT_EQ(want, json);
}

TEST_F(EsentutlOwn, TsvAsEsedbexportPrintsIt)
{
    std::string tsv = Export(path_.c_str(), EU_FORMAT_TSV);
    std::string lines[4];
    size_t k = 0, start = 0;
    for (size_t i = 0; i < tsv.size() && k < 4; i++)
        if (tsv[i] == '\n') {
            lines[k++] = tsv.substr(start, i - start);
            start = i + 1;
        }
    ASSERT_EQ(4u, k);
    EXPECT_EQ("id\tbit\tubyte\tshort\tushort\tulong\tlonglong\tulonglong\tcurrency\tsingle\tdouble\tdate\tguid\tbin\t"
              "ascii\tuni\tlongbin\tlongtext\ttags\twords",
              lines[0]);
    // esedbexport's forms: floats with six decimals, dates as the double's halves,
    // currency unsigned, Latin-1 for codepage 1252, multi-values joined with "; "
    EXPECT_EQ(0u, lines[1].find("1\ttrue\t200\t-12345\t54321\t4000000000\t-1234567890123456789\t"));
    EXPECT_NE(std::string::npos, lines[1].find("\t1.500000\t0.100000\t(0x40e61d90 0x00000000)\t"));
    EXPECT_NE(std::string::npos, lines[1].find("\t7; -8; 9\tone; two, \"2\""));
    EXPECT_EQ("2\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t", lines[2]);
}

TEST_F(EsentutlOwn, InfoAndPageLevelCommands)
{
    std::string out;
    eu_sink k = string_sink(&out);
    eu_db db;
    ASSERT_EQ(JET_errSuccess, eu_db_open(&db, path_.c_str(), false));
    ASSERT_EQ(JET_errSuccess, eu_info(&db, &k));
    EXPECT_NE(std::string::npos, out.find("Table values (objid ")) << out;
    EXPECT_NE(std::string::npos, out.find("  Records: 3\n  Columns: 20\n")) << out;
    EXPECT_NE(std::string::npos, out.find(" words                          Text, codepage 1200, at most 255 bytes (tagged, multi-valued)"))
        << out;
    EXPECT_NE(std::string::npos, out.find("    primary                        key +id  (primary, unique")) << out;
    out.clear();
    ASSERT_EQ(JET_errSuccess, eu_metadata(&db, &k));
    EXPECT_NE(std::string::npos, out.find("Type=1, Id=8, ColtypOrPgnoFDP=")) << out;
    EXPECT_NE(std::string::npos, out.find("Name=\"values\"")) << out;
    eu_db_close(&db);

    out.clear();
    EXPECT_EQ(JET_errSuccess, eu_header(path_.c_str(), &k));
    EXPECT_NE(std::string::npos, out.find("State: Clean Shutdown (3)")) << out;
    EXPECT_NE(std::string::npos, out.find("Page size: 8192")) << out;
    uint32_t bad = 99, problems = 99;
    out.clear();
    EXPECT_EQ(JET_errSuccess, eu_checksums(path_.c_str(), &k, &bad));
    EXPECT_EQ(0u, bad);
    out.clear();
    EXPECT_EQ(JET_errSuccess, eu_space(path_.c_str(), &k));
    EXPECT_NE(std::string::npos, out.find("values/LV")) << out;
    out.clear();
    EXPECT_EQ(JET_errSuccess, eu_integrity(path_.c_str(), &k, &problems));
    EXPECT_EQ(0u, problems);

    // a page damaged: /k and /g find it
    {
        compat_file *f = nullptr;
        ASSERT_EQ(COMPAT_OK, compat_file_open(path_.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f));
        uint8_t b[2] = {0, 0};
        size_t done = 0;
        uint64_t at = (uint64_t)(31 + 1) * 8192 + 200; // a page of the table's tree
        ASSERT_EQ(COMPAT_OK, compat_file_read_at(f, b, 2, at, &done));
        b[0] ^= 0x5a;
        b[1] ^= 0xa5;
        ASSERT_EQ(COMPAT_OK, compat_file_write_at(f, b, 2, at));
        compat_file_close(f);
    }
    out.clear();
    EXPECT_EQ(JET_errReadVerifyFailure, eu_checksums(path_.c_str(), &k, &bad));
    EXPECT_EQ(1u, bad);
    EXPECT_NE(std::string::npos, out.find("page 31: checksum mismatch")) << out;
    out.clear();
    EXPECT_GT(0, eu_integrity(path_.c_str(), &k, &problems));
    EXPECT_LT(0u, problems);
}

// A dirty copy (the header's state flipped, its checksum fixed): refused by default,
// read exactly with the read-anyway switch, and the report says what it found.
TEST_F(EsentutlOwn, DirtyCopyNeedsTheSwitch)
{
    std::string dirty = dir_.dir + "/dirty.edb", content;
    ASSERT_TRUE(read_text(path_, &content));
    for (int copy = 0; copy < 2; copy++) {
        uint8_t *h = reinterpret_cast<uint8_t *>(&content[(size_t)copy * 8192]);
        h[52] = JET_dbstateDirtyShutdown;
        uint32_t x = 0x89abcdefu;
        for (size_t i = 4; i < 8192; i += 4) x ^= (uint32_t)h[i] | (uint32_t)h[i + 1] << 8 | (uint32_t)h[i + 2] << 16 | (uint32_t)h[i + 3] << 24;
        for (int i = 0; i < 4; i++) h[i] = (uint8_t)(x >> (8 * i));
    }
    compat_file *f = nullptr;
    ASSERT_EQ(COMPAT_OK, compat_file_open(dirty.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &f));
    ASSERT_EQ(COMPAT_OK, compat_file_write_at(f, content.data(), content.size(), 0));
    compat_file_close(f);

    eu_db db;
    EXPECT_EQ(JET_errDatabaseDirtyShutdown, eu_db_open(&db, dirty.c_str(), false));
    eu_db_close(&db);
    EXPECT_EQ(Export(path_.c_str(), EU_FORMAT_JSONL), Export(dirty.c_str(), EU_FORMAT_JSONL, true));
    ASSERT_EQ(JET_errSuccess, eu_db_open(&db, dirty.c_str(), true));
    EXPECT_TRUE(db.dirty);
    eu_db_close(&db);
    std::string out;
    eu_sink k = string_sink(&out);
    EXPECT_EQ(JET_errSuccess, eu_dirty_report(dirty.c_str(), &k));
    EXPECT_NE(std::string::npos, out.find("not shut down cleanly (state Dirty Shutdown)")) << out;
    EXPECT_NE(std::string::npos, out.find("no problems found")) << out;
    out.clear();
    EXPECT_EQ(JET_errSuccess, eu_header(dirty.c_str(), &k));
    EXPECT_NE(std::string::npos, out.find("State: Dirty Shutdown (2)")) << out;
}

bool copy_file(const std::string &from, const std::string &to)
{
    std::string content;
    compat_file *f = nullptr;
    if (!read_text(from, &content)) return false;
    compat_path_delete(to.c_str());
    if (compat_file_open(to.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &f) != COMPAT_OK)
        return false;
    bool ok = compat_file_write_at(f, content.data(), content.size(), 0) == COMPAT_OK;
    return compat_file_close(f) == COMPAT_OK && ok;
}

// An instance that logs into the scratch folder, its database there too.
struct LoggedInstance {
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_ERR Start(const std::string &dir)
    {
        JET_ERR err = JetCreateInstanceA(&inst, "esentutl-log-test");
        if (err >= 0) err = JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "on");
        if (err >= 0) err = JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, dir.c_str());
        if (err >= 0) err = JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, dir.c_str());
        if (err >= 0) err = JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, (dir + "/").c_str());
        if (err >= 0) err = JetSetSystemParameterA(&inst, 0, JET_paramMaxTemporaryTables, 0, nullptr);
        if (err >= 0) err = JetInit(&inst);
        if (err >= 0) err = JetBeginSessionA(inst, &s, "", "");
        return err;
    }
    ~LoggedInstance()
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermDirty);
    }
};

// A database changed under the log, its files copied between two commits (as a crash
// would leave them: the database file behind the log), then shut down cleanly; the copies
// put back, /ml reads the log, /r recovers the database, which then holds every commit.
TEST(EsentutlLog, DumpAndRecoverWhatACrashLeft)
{
    scratch dir;
    const std::string db = dir.dir + "/logged.edb";
    JET_TABLEID t = 0;
    JET_COLUMNID c = 0;
    {
        LoggedInstance li;
        ASSERT_EQ(JET_errSuccess, li.Start(dir.dir));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(li.s, db.c_str(), nullptr, &li.db, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(li.s, li.db, "t", 0, 0, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(li.s, t, "v", &def, nullptr, 0, &c));
        for (int32_t v = 1; v <= 5; v++) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(li.s));
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(li.s, t, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(li.s, t, c, &v, sizeof v, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(li.s, t, nullptr, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(li.s, 0)); // durable
        }
        for (const char *f : {"logged.edb", "edb.log", "edb.chk"}) {
            std::string from = dir.dir + "/" + f, to = from + ".crash";
            if (std::string(f) == "logged.edb") to = dir.dir + "/logged.crash";
            ASSERT_TRUE(copy_file(from, to)) << f;
        }
        ASSERT_EQ(JET_errSuccess, JetCloseTable(li.s, t));
        ASSERT_EQ(JET_errSuccess, JetTerm(li.inst));
        li.inst = 0;
    }
    ASSERT_TRUE(copy_file(dir.dir + "/logged.crash", db));
    ASSERT_TRUE(copy_file(dir.dir + "/edb.log.crash", dir.dir + "/edb.log"));
    ASSERT_TRUE(copy_file(dir.dir + "/edb.chk.crash", dir.dir + "/edb.chk"));

    std::string out;
    eu_sink k = string_sink(&out);
    EXPECT_EQ(JET_errSuccess, eu_header(db.c_str(), &k));
    EXPECT_NE(std::string::npos, out.find("State: Dirty Shutdown (2)")) << out;

    // /ml: the records in order, the five commits among them, a clean end
    out.clear();
    uint32_t bad = 99;
    ASSERT_EQ(JET_errSuccess, eu_log_dump((dir.dir + "/edb.log").c_str(), &k, &bad));
    EXPECT_EQ(0u, bad);
    EXPECT_NE(std::string::npos, out.find("Generation: 1 (0x00001)")) << out;
    EXPECT_NE(std::string::npos, out.find("Attach ")) << out;
    EXPECT_NE(std::string::npos, out.find("logged.edb")) << out;
    size_t commits = 0;
    for (size_t at = out.find(" Commit "); at != std::string::npos; at = out.find(" Commit ", at + 1)) commits++;
    EXPECT_GE(commits, 5u) << out;
    EXPECT_EQ(std::string::npos, out.find("no valid record")) << out;
    out.clear();
    ASSERT_EQ(JET_errSuccess, eu_log_dump((dir.dir + "/edb.chk").c_str(), &k, &bad));
    EXPECT_NE(std::string::npos, out.find("Checkpoint file")) << out;
    // what is not a log: refused
    EXPECT_EQ(JET_errLogFileCorrupt, eu_log_dump(db.c_str(), &k, &bad));
    EXPECT_EQ(JET_errFileNotFound, eu_log_dump((dir.dir + "/none.log").c_str(), &k, &bad));

    // /r: a base name is three characters; no log, nothing to recover
    EXPECT_EQ(JET_errInvalidParameter, eu_recover("edbx", dir.dir.c_str(), nullptr, &k));
    EXPECT_EQ(JET_errMissingLogFile, eu_recover("abc", dir.dir.c_str(), nullptr, &k));
    out.clear();
    ASSERT_EQ(JET_errSuccess, eu_recover("edb", dir.dir.c_str(), nullptr, &k));
    EXPECT_NE(std::string::npos, out.find("completed successfully")) << out;
    out.clear();
    EXPECT_EQ(JET_errSuccess, eu_header(db.c_str(), &k));
    EXPECT_NE(std::string::npos, out.find("State: Clean Shutdown (3)")) << out;

    // every commit is there, read through the API
    eu_db edb;
    ASSERT_EQ(JET_errSuccess, eu_db_open(&edb, db.c_str(), false));
    const eu_table *tt = eu_db_table(&edb, "t");
    ASSERT_NE(nullptr, tt);
    out.clear();
    uint64_t records = 0;
    EXPECT_EQ(JET_errSuccess, eu_export_table(&edb, tt, EU_FORMAT_CSV, false, &k, &records));
    EXPECT_EQ(5u, records);
    EXPECT_EQ("v\n1\n2\n3\n4\n5\n", out);
    eu_db_close(&edb);
}

// /d: the database compacted in its place, every value the same; /b keeps the original
// byte for byte, /p leaves the original and the compacted copy beside it; an existing
// temporary file stops it before anything changes.
TEST_F(EsentutlOwn, DefragmentInPlace)
{
    const std::string before = Export(path_.c_str(), EU_FORMAT_JSONL), backup = dir_.dir + "/own.bak";
    std::string original, out, copy;
    ASSERT_TRUE(read_text(path_, &original));
    eu_sink k = string_sink(&out);
    ASSERT_EQ(JET_errSuccess, eu_defragment(path_.c_str(), nullptr, backup.c_str(), false, &k));
    EXPECT_NE(std::string::npos, out.find("completed successfully")) << out;
    EXPECT_EQ(before, Export(path_.c_str(), EU_FORMAT_JSONL));
    ASSERT_TRUE(read_text(backup, &copy));
    EXPECT_TRUE(copy == original);
    bool is_dir = false;
    EXPECT_NE(COMPAT_OK, compat_path_exists((dir_.dir + "/TEMPDFRG.EDB").c_str(), &is_dir)); // instated
    uint32_t problems = 1;
    EXPECT_EQ(JET_errSuccess, eu_integrity(path_.c_str(), &k, &problems));
    EXPECT_EQ(0u, problems);

    const std::string kept = dir_.dir + "/kept.edb";
    ASSERT_TRUE(read_text(path_, &original));
    ASSERT_EQ(JET_errSuccess, eu_defragment(path_.c_str(), kept.c_str(), nullptr, true, &k));
    ASSERT_TRUE(read_text(path_, &copy));
    EXPECT_TRUE(copy == original); // /p: the original stays
    EXPECT_EQ(before, Export(kept.c_str(), EU_FORMAT_JSONL));
    // the temporary file exists: refused, nothing changed
    EXPECT_EQ(JET_errDatabaseDuplicate, eu_defragment(path_.c_str(), kept.c_str(), nullptr, false, &k));
    ASSERT_TRUE(read_text(path_, &copy));
    EXPECT_TRUE(copy == original);
    EXPECT_EQ(JET_errFileNotFound, eu_defragment((dir_.dir + "/none.edb").c_str(), nullptr, nullptr, false, &k));
}

} // namespace
