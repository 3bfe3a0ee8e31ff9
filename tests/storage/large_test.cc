// large_test.cc: large.edb (32 KiB pages: 80-byte page headers, four checksum blocks,
// 15-bit tags, tagged values always with a header byte; a table of 64994 columns). The
// sample is gzipped, so this runs only when large_vs_esedbinfo.sh (Linux) has unpacked it
// and put esedbinfo's output beside it: ESENT_STORAGE_LARGE and ESENT_STORAGE_LARGE_INFO
// name the two files. Otherwise the test is skipped.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "storage_reader.h"

extern "C" {
#include "compat.h"
}

namespace {

void *JET_API large_realloc(void *, void *pv, uint32_t cb)
{
    if (cb == 0) {
        std::free(pv);
        return nullptr;
    }
    return std::realloc(pv, cb);
}

double ms_since(uint64_t t0)
{
    return static_cast<double>(compat_clock_monotonic_ns() - t0) / 1e6;
}

TEST(Large, CatalogMatchesEsedbinfoAndEveryTableReadsInAnyCacheSize)
{
    const char *path = std::getenv("ESENT_STORAGE_LARGE");
    const char *info = std::getenv("ESENT_STORAGE_LARGE_INFO");
    if (path == nullptr || info == nullptr) GTEST_SKIP() << "large.edb not unpacked (see large_vs_esedbinfo.sh)";
    reader_db db;
    ASSERT_EQ(JET_errSuccess, db.open(path, 64));
    EXPECT_EQ(32768u, db.cb_page);
    std::string expected;
    ASSERT_TRUE(storage_read_text(info, &expected));
    EXPECT_EQ(expected, format_catalog_like_esedbinfo(db.cat));
    std::string all, tiny_all;
    ASSERT_EQ(JET_errSuccess, export_all_tables(db, &all));
    reader_db tiny;
    ASSERT_EQ(JET_errSuccess, tiny.open(path, CACHE_PAGES_MIN));
    ASSERT_EQ(JET_errSuccess, export_all_tables(tiny, &tiny_all));
    EXPECT_EQ(all, tiny_all);
    // The user table: record k (Id k) sets the 4096 columns Column(4096(k-1)) to
    // Column(4096k - 1) (fewer in the last one), each to its own number.
    const catalog_table *t = catalog_find_table(db.cat, "large");
    ASSERT_NE(nullptr, t);
    std::string out;
    ASSERT_EQ(JET_errSuccess, export_table_like_esedbexport(db, t, &out));
    size_t rows = 0, values = 0;
    for (size_t pos = out.find('\n') + 1; pos < out.size(); pos = out.find('\n', pos) + 1) {
        std::string line = out.substr(pos, out.find('\n', pos) - pos);
        long id = std::strtol(line.c_str(), nullptr, 10);
        EXPECT_EQ(static_cast<long>(rows + 1), id);
        size_t start = line.find('\t') + 1, n = 0;
        for (long col = 0; start != 0; col++) {
            size_t tab = line.find('\t', start);
            std::string cell = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
            if (!cell.empty()) {
                EXPECT_EQ(std::to_string(col), cell);
                EXPECT_EQ(static_cast<long>(rows), col / 4096);
                n++;
            }
            start = tab == std::string::npos ? 0 : tab + 1;
        }
        values += n;
        rows++;
    }
    EXPECT_EQ(t->ccolumns - 1u, values); // every Column<n> is set in exactly one record
    EXPECT_GT(rows, 0u);
    std::printf("large.edb: %zu records, %zu values in table large\n", rows, values);
}

// The wide table through the public API: the column list (JET_ColInfoList) has a row per
// column in name order, and JetEnumerateColumns of a record gives its 4,097 columns with
// the values JetRetrieveColumn reads. Both walk the table's columns once (they were
// quadratic in the number of columns); the times are printed, not asserted
// (bench/widebench measures them alone).
TEST(Large, ColumnListAndEnumerationOfTheWideTable)
{
    const char *path = std::getenv("ESENT_STORAGE_LARGE");
    if (path == nullptr) GTEST_SKIP() << "large.edb not unpacked (see large_vs_esedbinfo.sh)";
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 32768, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "large-wide"));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off"));
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &s, "", ""));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s, path, JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, path, nullptr, &db, JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, db, "large", nullptr, 0, JET_bitTableReadOnly, &t));

    JET_COLUMNLIST list{};
    uint64_t t0 = compat_clock_monotonic_ns();
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s, t, nullptr, &list, sizeof list, JET_ColInfoList));
    double list_ms = ms_since(t0);
    EXPECT_EQ(64994u, list.cRecord);
    // the rows in name order (the list's key), each naming a column JET_ColInfo finds
    uint32_t rows = 0;
    std::string prev;
    for (JET_ERR err = JetMove(s, list.tableid, JET_MoveFirst, 0); err >= 0;
         err = JetMove(s, list.tableid, JET_MoveNext, 0)) {
        char name[JET_cbNameMost + 1] = {};
        uint32_t cb = 0, cb_id = 0;
        JET_COLUMNID id = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s, list.tableid, list.columnidcolumnname, name, JET_cbNameMost, &cb, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s, list.tableid, list.columnidcolumnid, &id, sizeof id, &cb_id, 0, nullptr));
        std::string n(name, cb);
        if (rows > 0) {
            EXPECT_LT(prev, n);
        }
        if (rows % 4096 == 0) {
            JET_COLUMNDEF def{};
            ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s, t, n.c_str(), &def, sizeof def, JET_ColInfo)) << n;
            EXPECT_EQ(def.columnid, id) << n;
        }
        prev = n;
        rows++;
    }
    EXPECT_EQ(64994u, rows);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s, list.tableid));

    // the first record: Id and Column0 .. Column4095
    ASSERT_EQ(JET_errSuccess, JetMove(s, t, JET_MoveFirst, 0));
    uint32_t c = 0;
    JET_ENUMCOLUMN *rg = nullptr;
    t0 = compat_clock_monotonic_ns();
    ASSERT_EQ(JET_errSuccess, JetEnumerateColumns(s, t, 0, nullptr, &c, &rg, large_realloc, nullptr, 0, 0));
    double enum_ms = ms_since(t0);
    EXPECT_EQ(4097u, c);
    for (uint32_t i = 0; i < c; i++) {
        ASSERT_EQ(JET_errSuccess, rg[i].err);
        ASSERT_EQ(1u, rg[i].cEnumColumnValue);
        const JET_ENUMCOLUMNVALUE &v = rg[i].rgEnumColumnValue[0];
        ASSERT_EQ(JET_errSuccess, v.err);
        if (i > 0) {
            EXPECT_LT(rg[i - 1].columnid, rg[i].columnid);
        }
        std::vector<uint8_t> buf(v.cbData + 1);
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s, t, rg[i].columnid, buf.data(), (uint32_t)buf.size(), &cb, 0, nullptr));
        ASSERT_EQ(v.cbData, cb);
        EXPECT_EQ(0, std::memcmp(buf.data(), v.pvData, cb));
        std::free(v.pvData);
        std::free(rg[i].rgEnumColumnValue);
    }
    std::free(rg);
    std::printf("large.edb: JET_ColInfoList of %u columns in %.1f ms; JetEnumerateColumns of %u columns in %.2f ms\n",
                rows, list_ms, c, enum_ms);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s, t));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    EXPECT_EQ(JET_errSuccess, JetTerm(inst));
}

} // namespace
