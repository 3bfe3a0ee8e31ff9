// The integrity check (native/record/integrity.h): clean on every Windows-made sample and on
// databases written through the API; damage made by hand (a flipped bit, two keys
// swapped on a leaf, a broken sibling link, an index entry removed, a page leaked from
// the space accounting) is found and named with the right code.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "catalog.h"
#include "compat.h"
#include "dbheader.h"
#include "integrity.h"
#include "page.h"
#include "page_checksum.h"
}

namespace {

std::string testdata(const std::string &name)
{
    const char *d = std::getenv("ESENT_TESTDATA");
    return d == nullptr ? std::string() : std::string(d) + "/edb/" + name;
}

std::string describe(const integrity_report &r)
{
    std::string s = std::to_string(r.problems) + " problems";
    for (uint32_t i = 0; i < r.problems_kept; i++) s += std::string("\n  ") + r.problem[i];
    return s;
}

bool has_problem(const integrity_report &r, const char *what)
{
    for (uint32_t i = 0; i < r.problems_kept; i++)
        if (std::strstr(r.problem[i], what) != nullptr) return true;
    return false;
}

// A temporary file holding a copy of some bytes, deleted at the end.
struct temp_copy {
    std::string path;
    uint32_t cb_page = 0;
    bool ok = false;
    explicit temp_copy(const std::vector<uint8_t> &bytes)
    {
        char buf[1024];
        compat_file *f = nullptr;
        if (compat_temp_file(nullptr, buf, sizeof buf, &f) != COMPAT_OK) return;
        path = buf;
        ok = compat_file_write_at(f, bytes.data(), bytes.size(), 0) == COMPAT_OK;
        if (compat_file_close(f) != COMPAT_OK) ok = false;
        dbheader_image *img = new dbheader_image();
        if (ok && dbheader_read_path(path.c_str(), img) >= 0) cb_page = img->cb_page;
        else ok = false;
        delete img;
    }
    ~temp_copy()
    {
        if (!path.empty()) compat_path_delete(path.c_str());
    }
    std::vector<uint8_t> page(uint32_t pgno) const
    {
        std::vector<uint8_t> p(cb_page);
        compat_file *f = nullptr;
        size_t done = 0;
        if (compat_file_open(path.c_str(), COMPAT_FILE_READ, &f) != COMPAT_OK) return {};
        bool good = compat_file_read_at(f, p.data(), cb_page, (uint64_t)(pgno + 1) * cb_page, &done) == COMPAT_OK &&
                    done == cb_page;
        compat_file_close(f);
        return good ? p : std::vector<uint8_t>();
    }
    // Writes the page back; with_checksum recomputes its checksum (damage that passes it).
    bool put(uint32_t pgno, std::vector<uint8_t> p, bool with_checksum = true) const
    {
        if (with_checksum) page_checksum_set(p.data(), cb_page, pgno);
        compat_file *f = nullptr;
        if (compat_file_open(path.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f) != COMPAT_OK) return false;
        bool good = compat_file_write_at(f, p.data(), cb_page, (uint64_t)(pgno + 1) * cb_page) == COMPAT_OK;
        return compat_file_close(f) == COMPAT_OK && good;
    }
    // The leftmost leaf of the tree rooted at pgno_root (following first children).
    uint32_t first_leaf(uint32_t pgno_root) const
    {
        uint32_t pgno = pgno_root;
        for (int depth = 0; depth < 16; depth++) {
            std::vector<uint8_t> p = page(pgno);
            page_view pv;
            page_node node;
            if (p.empty() || page_open(p.data(), cb_page, &pv) < 0) return 0;
            if (pv.flags & PAGE_FLAG_LEAF) return pgno;
            if (page_get_node(&pv, 0, &node) < 0 || node.cb_data != 4) return 0;
            pgno = byte_order_get_le32(node.data);
        }
        return 0;
    }
};

std::vector<uint8_t> read_file(const std::string &path)
{
    std::vector<uint8_t> out;
    FILE *f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return out;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
    std::fclose(f);
    return out;
}

// The FDPs of a table and of its index named index (0 when absent), read from the catalog.
void find_trees(const std::string &path, uint32_t cb_page, const char *table, const char *index, uint32_t *pgno_table,
                uint32_t *pgno_index)
{
    *pgno_table = *pgno_index = 0;
    compat_file *f = nullptr;
    cache *c = nullptr;
    uint32_t ifile = 0;
    catalog *cat = nullptr;
    ASSERT_EQ(COMPAT_OK, compat_file_open(path.c_str(), COMPAT_FILE_READ, &f));
    ASSERT_EQ(JET_errSuccess, cache_create(cb_page, 64, &c));
    ASSERT_EQ(JET_errSuccess, cache_attach_file(c, f, &ifile));
    EXPECT_EQ(JET_errSuccess, catalog_load(c, ifile, &cat));
    if (cat != nullptr) {
        const catalog_table *t = catalog_find_table(cat, table);
        if (t != nullptr) {
            *pgno_table = t->pgno_fdp;
            const record_index *x = index != nullptr ? catalog_find_index(t, index) : nullptr;
            if (x != nullptr) *pgno_index = x->pgno_fdp;
        }
    }
    catalog_free(cat);
    cache_detach_file(c, ifile);
    cache_destroy(c);
    compat_file_close(f);
}

TEST(Integrity, EveryWindowsSampleIsClean)
{
    if (std::getenv("ESENT_TESTDATA") == nullptr) GTEST_SKIP() << "ESENT_TESTDATA not set";
    const char *samples[] = {"basic.edb", "binary.edb", "decompress_test.edb", "default.edb",
                             "index.edb", "multi.edb",  "test.edb",            "text.edb"};
    for (const char *s : samples) {
        integrity_report r;
        EXPECT_EQ(JET_errSuccess, integrity_check_file(testdata(s).c_str(), &r)) << s << ": " << describe(r);
        EXPECT_EQ(0u, r.problems) << s;
        EXPECT_GT(r.trees, 10u) << s;
        EXPECT_GT(r.records, 100u) << s; // the catalog's rows at least
        EXPECT_GE(r.indexes_checked, 2u) << s; // MSysObjects' Name and RootObjects
        EXPECT_LE(r.pages_blank + r.pages_in_trees, r.pages) << s; // a page in a tree is never blank
    }
    // index.edb: the Unicode indexes Windows sorted cannot be recomputed; the others are.
    integrity_report r;
    ASSERT_EQ(JET_errSuccess, integrity_check_file(testdata("index.edb").c_str(), &r));
    EXPECT_GE(r.indexes_checked, 17u);
    EXPECT_GE(r.indexes_not_checked, 1u);
    // multi.edb and text.edb: separated long values, each referred to by its record.
    ASSERT_EQ(JET_errSuccess, integrity_check_file(testdata("multi.edb").c_str(), &r));
    EXPECT_GT(r.long_values, 0u);
}

TEST(Integrity, LargeSampleIsClean)
{
    if (std::getenv("ESENT_TESTDATA") == nullptr || std::getenv("WINEPREFIX") != nullptr)
        GTEST_SKIP() << "needs ESENT_TESTDATA and gzip";
    char dir[1024];
    compat_temp_dir(dir, sizeof dir);
    std::string path = std::string(dir) + "esent-integrity-large-" + std::to_string(compat_clock_wall_ns()) + ".edb";
    std::string cmd = "gzip -dc '" + testdata("large.edb.gz") + "' > '" + path + "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) {
        compat_path_delete(path.c_str());
        GTEST_SKIP() << "gzip could not unpack large.edb.gz";
    }
    integrity_report r;
    EXPECT_EQ(JET_errSuccess, integrity_check_file(path.c_str(), &r)) << describe(r);
    EXPECT_GT(r.records, 100000u);
    EXPECT_GT(r.pages_in_trees, 300u);
    compat_path_delete(path.c_str());
}

TEST(Integrity, MissingFileAndBadArguments)
{
    integrity_report r;
    EXPECT_EQ(JET_errFileNotFound, integrity_check_file("/nonexistent/dir/x.edb", &r));
    EXPECT_EQ(JET_errInvalidParameter, integrity_check_file(nullptr, &r));
    EXPECT_EQ(JET_errInvalidParameter, integrity_check(nullptr, 0, 10, &r));
}

// ---- damage ----

class IntegrityDamage : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (std::getenv("ESENT_TESTDATA") == nullptr) GTEST_SKIP() << "ESENT_TESTDATA not set";
    }
};

TEST_F(IntegrityDamage, FlippedBitsFailTheChecksum)
{
    temp_copy db(read_file(testdata("basic.edb")));
    ASSERT_TRUE(db.ok);
    std::vector<uint8_t> p = db.page(4);
    ASSERT_FALSE(p.empty());
    p[1000] ^= 0x10; // one bit: the ECC could put it back, but the file is damaged
    ASSERT_TRUE(db.put(4, p, false));
    integrity_report r;
    EXPECT_EQ(JET_errReadVerifyFailure, integrity_check_file(db.path.c_str(), &r)) << describe(r);
    EXPECT_TRUE(has_problem(r, "page 4: checksum")) << describe(r);
    p[1001] ^= 0x01; // two bits: the page no longer reads
    p[2002] ^= 0x01;
    ASSERT_TRUE(db.put(4, p, false));
    EXPECT_EQ(JET_errReadVerifyFailure, integrity_check_file(db.path.c_str(), &r)) << describe(r);
    EXPECT_TRUE(has_problem(r, "page 4: checksum does not verify")) << describe(r);
    EXPECT_GT(r.problems, 1u); // and the catalog cannot be read either
}

TEST_F(IntegrityDamage, SwappedKeysOnALeaf)
{
    temp_copy db(read_file(testdata("basic.edb")));
    ASSERT_TRUE(db.ok);
    uint32_t pgno_table = 0, pgno_index = 0;
    find_trees(db.path, db.cb_page, "basic", "IxId", &pgno_table, &pgno_index);
    ASSERT_NE(0u, pgno_table);
    uint32_t leaf = db.first_leaf(pgno_table);
    ASSERT_NE(0u, leaf);
    std::vector<uint8_t> p = db.page(leaf);
    page_view pv;
    ASSERT_EQ(JET_errSuccess, page_open(p.data(), db.cb_page, &pv));
    ASSERT_GE(page_line_count(&pv), 2u);
    // Swap the tags of the first two nodes: their keys come out in the wrong order.
    uint32_t t0 = db.cb_page - 4u * (pv.ctag_reserved + 1u), t1 = t0 - 4u;
    for (int i = 0; i < 4; i++) std::swap(p[t0 + i], p[t1 + i]);
    ASSERT_TRUE(db.put(leaf, p));
    integrity_report r;
    EXPECT_EQ(JET_errBadPageLink, integrity_check_file(db.path.c_str(), &r)) << describe(r);
    EXPECT_TRUE(has_problem(r, "keys not in ascending order")) << describe(r);
}

TEST_F(IntegrityDamage, ObjidOfAnotherTree)
{
    temp_copy db(read_file(testdata("basic.edb")));
    ASSERT_TRUE(db.ok);
    uint32_t pgno_table = 0, pgno_index = 0;
    find_trees(db.path, db.cb_page, "basic", "IxId", &pgno_table, &pgno_index);
    std::vector<uint8_t> p = db.page(pgno_table);
    byte_order_put_le32(p.data() + 24, 99);
    ASSERT_TRUE(db.put(pgno_table, p));
    integrity_report r;
    EXPECT_GT(0, integrity_check_file(db.path.c_str(), &r));
    EXPECT_TRUE(has_problem(r, "not a tree root of this objid")) << describe(r);
}

TEST_F(IntegrityDamage, PageTakenFromTheAvailableSpaceLeaks)
{
    temp_copy db(read_file(testdata("basic.edb")));
    ASSERT_TRUE(db.ok);
    // The database root's AvailExt (page 3): drop its last extent's last page from the
    // count, so that page is owned but neither used nor available.
    std::vector<uint8_t> p = db.page(3);
    page_view pv;
    ASSERT_EQ(JET_errSuccess, page_open(p.data(), db.cb_page, &pv));
    uint32_t n = page_line_count(&pv);
    ASSERT_GE(n, 1u);
    page_node node;
    uint32_t iline = n;
    for (uint32_t i = 0; i < n; i++) {
        ASSERT_EQ(JET_errSuccess, page_get_node(&pv, i, &node));
        if (node.cb_prefix + node.cb_suffix == 4 && byte_order_get_le32(node.data) > 1) iline = i;
    }
    ASSERT_LT(iline, n);
    ASSERT_EQ(JET_errSuccess, page_get_node(&pv, iline, &node));
    size_t off = (size_t)(node.data - p.data());
    byte_order_put_le32(p.data() + off, byte_order_get_le32(node.data) - 1u); // the extent now starts one page later
    ASSERT_TRUE(db.put(3, p));
    integrity_report r;
    EXPECT_EQ(JET_errSPOwnExtCorrupted, integrity_check_file(db.path.c_str(), &r)) << describe(r);
    EXPECT_TRUE(has_problem(r, "leaked")) << describe(r);
}

// A database written through the API, clean, then damaged.
class IntegrityWritten : public ::testing::Test {
protected:
    void SetUp() override
    {
        static int n;
        std::string name = "integrity-" + std::to_string(++n);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        path_ = std::string(tmp) + "esent-integrity-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(n) + ".edb";
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm(inst_);
        compat_path_delete(path_.c_str());
    }
    // Table "t": id (Long, primary), name (Text), score (Long, non-unique index "byscore"),
    // tag (Text, unique index "byname" on name), blob (LongBinary); n rows, long values on
    // some; then deletes and replaces; detached at the end.
    void Write(int n, bool delete_most = false)
    {
        JET_DBID dbid = 0;
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid, "t", 0, 0, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        JET_COLUMNID id = 0, name = 0, score = 0, blob = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &def, nullptr, 0, &id));
        def.coltyp = JET_coltypText;
        def.cp = 1252;
        def.cbMax = 100;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &def, nullptr, 0, &name));
        def.coltyp = JET_coltypLong;
        def.cp = 0;
        def.cbMax = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "score", &def, nullptr, 0, &score));
        def.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "blob", &def, nullptr, 0, &blob));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "byscore", 0, "-score\0", 8, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "byname", JET_bitIndexUnique, "+name\0", 7, 100));
        for (int i = 0; i < n; i++) {
            int32_t k = (int32_t)((i * 7919) % n), sc = k % 37;
            std::string nm = "name-" + std::to_string(k);
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id, &k, 4, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, name, nm.data(), (uint32_t)nm.size(), 0, nullptr));
            if (k % 5 != 0) {
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, score, &sc, 4, 0, nullptr));
            }
            if (k % 40 == 0) {
                std::vector<uint8_t> b(3000 + k, (uint8_t)k);
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, blob, b.data(), (uint32_t)b.size(), 0, nullptr));
            }
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr)) << i;
        }
        // Deletes and replaces: every 3rd row goes, every 7th gets a new score and blob.
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "primary"));
        for (int32_t k = 0; k < n; k++) {
            if (delete_most) {
                if (k % 10 == 0) continue;
                ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &k, 4, JET_bitNewKey));
                ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
                ASSERT_EQ(JET_errSuccess, JetDelete(s_, t)) << k;
                continue;
            }
            if (k % 3 != 0 && k % 7 != 0) continue;
            ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &k, 4, JET_bitNewKey));
            ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
            if (k % 3 == 0) {
                ASSERT_EQ(JET_errSuccess, JetDelete(s_, t)) << k;
                continue;
            }
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepReplace));
            int32_t sc = 1000 + k;
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, score, &sc, 4, 0, nullptr));
            std::vector<uint8_t> b(k % 2 ? 2500 : 10, (uint8_t)(k + 1));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, blob, b.data(), (uint32_t)b.size(), 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr)) << k;
        }
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    }
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    std::string path_;
};

TEST_F(IntegrityWritten, CleanAfterInsertsDeletesAndReplaces)
{
    ASSERT_NO_FATAL_FAILURE(Write(3000));
    integrity_report r;
    EXPECT_EQ(JET_errSuccess, integrity_check_file(path_.c_str(), &r)) << describe(r);
    EXPECT_GE(r.records, 2000u);
    EXPECT_GE(r.indexes_checked, 4u); // byscore, byname and the catalog's two
    EXPECT_EQ(0u, r.indexes_not_checked);
    EXPECT_GT(r.index_entries, 3000u);
    EXPECT_GT(r.long_values, 20u);
}

// Pages emptied by deletes leave their trees and go back to the space.
TEST_F(IntegrityWritten, CleanAfterDeletingNineRowsInTen)
{
    ASSERT_NO_FATAL_FAILURE(Write(6000, true));
    integrity_report r;
    EXPECT_EQ(JET_errSuccess, integrity_check_file(path_.c_str(), &r)) << describe(r);
    EXPECT_GE(r.records, 600u);
    EXPECT_GT(r.pages_available, 10u);
}

TEST_F(IntegrityWritten, BrokenSiblingLink)
{
    ASSERT_NO_FATAL_FAILURE(Write(3000));
    temp_copy db(read_file(path_));
    ASSERT_TRUE(db.ok);
    uint32_t pgno_table = 0, pgno_index = 0;
    find_trees(db.path, db.cb_page, "t", "byscore", &pgno_table, &pgno_index);
    uint32_t leaf = db.first_leaf(pgno_table);
    ASSERT_NE(0u, leaf);
    std::vector<uint8_t> p = db.page(leaf);
    ASSERT_NE(0u, byte_order_get_le32(p.data() + 20)); // several leaves
    byte_order_put_le32(p.data() + 20, byte_order_get_le32(p.data() + 20) + 1u);
    ASSERT_TRUE(db.put(leaf, p));
    integrity_report r;
    EXPECT_EQ(JET_errBadPageLink, integrity_check_file(db.path.c_str(), &r)) << describe(r);
    EXPECT_TRUE(has_problem(r, "next page is")) << describe(r);
}

TEST_F(IntegrityWritten, IndexEntryRemoved)
{
    ASSERT_NO_FATAL_FAILURE(Write(3000));
    temp_copy db(read_file(path_));
    ASSERT_TRUE(db.ok);
    uint32_t pgno_table = 0, pgno_index = 0;
    find_trees(db.path, db.cb_page, "t", "byscore", &pgno_table, &pgno_index);
    ASSERT_NE(0u, pgno_index);
    uint32_t leaf = db.first_leaf(pgno_index);
    ASSERT_NE(0u, leaf);
    std::vector<uint8_t> p = db.page(leaf);
    page_view pv;
    ASSERT_EQ(JET_errSuccess, page_open(p.data(), db.cb_page, &pv));
    ASSERT_GE(page_line_count(&pv), 3u);
    ASSERT_EQ(JET_errSuccess, page_delete_node(p.data(), db.cb_page, 1));
    ASSERT_TRUE(db.put(leaf, p));
    integrity_report r;
    EXPECT_EQ(JET_errSecondaryIndexCorrupted, integrity_check_file(db.path.c_str(), &r)) << describe(r);
    EXPECT_TRUE(has_problem(r, "index byscore lacks key")) << describe(r);
    EXPECT_EQ(1u, r.problems) << describe(r);
}

TEST_F(IntegrityWritten, LongValueReferenceCountWrong)
{
    ASSERT_NO_FATAL_FAILURE(Write(400));
    temp_copy db(read_file(path_));
    ASSERT_TRUE(db.ok);
    // The LV tree is the table's last catalog object; find its root through the catalog.
    compat_file *f = nullptr;
    cache *c = nullptr;
    uint32_t ifile = 0, pgno_lv = 0;
    catalog *cat = nullptr;
    ASSERT_EQ(COMPAT_OK, compat_file_open(db.path.c_str(), COMPAT_FILE_READ, &f));
    ASSERT_EQ(JET_errSuccess, cache_create(db.cb_page, 64, &c));
    ASSERT_EQ(JET_errSuccess, cache_attach_file(c, f, &ifile));
    ASSERT_EQ(JET_errSuccess, catalog_load(c, ifile, &cat));
    pgno_lv = catalog_find_table(cat, "t")->pgno_lv;
    catalog_free(cat);
    cache_detach_file(c, ifile);
    cache_destroy(c);
    compat_file_close(f);
    ASSERT_NE(0u, pgno_lv);
    uint32_t leaf = db.first_leaf(pgno_lv);
    std::vector<uint8_t> p = db.page(leaf);
    page_view pv;
    page_node node;
    ASSERT_EQ(JET_errSuccess, page_open(p.data(), db.cb_page, &pv));
    ASSERT_EQ(JET_errSuccess, page_get_node(&pv, 0, &node));
    ASSERT_EQ(4u, node.cb_prefix + node.cb_suffix); // an LV root: {refcount, size}
    size_t off = (size_t)(node.data - p.data());
    byte_order_put_le32(p.data() + off, 2);
    ASSERT_TRUE(db.put(leaf, p));
    integrity_report r;
    EXPECT_EQ(JET_errLVCorrupted, integrity_check_file(db.path.c_str(), &r)) << describe(r);
    EXPECT_TRUE(has_problem(r, "refcount 2, records referring to it 1")) << describe(r);
}

} // namespace
