// defects_test.cpp: the defects a hostile caller and hostile files found (issue "Hostile
// input"), each as it failed before: default values over ESE's limit per column type
// and a cbDefault far larger than the caller's buffer (read past it); a key definition
// with a cbKey far larger than the string (read past it); the leak of a failed
// JetCreateDatabase and of the other failed attach/create/detach paths (LeakSanitizer
// finds them at exit under the sanitize preset); page numbers >= 0x80000000 in a file
// reported as the caller's error instead of corruption. docs/semantics.md has the rules.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "abuse_db.h"

extern "C" {
#include "byte_order.h"
#include "page.h"
#include "page_checksum.h"
}

namespace {

// These tests add and delete columns and indexes on purpose (a deleted fixed column
// leaves its placeholder row in the catalog): each checks its own refusals instead.
class Defects : public AbuseDb {
protected:
    void SetUp() override
    {
        AbuseDb::SetUp();
        expect_unchanged_ = false;
    }
};

// A global buffer of 300 bytes: AddressSanitizer reports any read past it.
uint8_t g_small[300];

TEST_F(Defects, DefaultValuesFollowEseRulePerColumnType)
{
    struct Case {
        const char *name;
        uint32_t coltyp, cb_max, grbit, cb;
        JET_ERR expected;
    };
    const Case cases[] = {
        // long values: at most JET_cbLVDefaultValueMost (ErrRECSetDefaultValue), whatever the maximum
        { "lb255", JET_coltypLongBinary, 0, 0, 255, JET_errSuccess },
        { "lb256", JET_coltypLongBinary, 0, 0, 256, JET_errDefaultValueTooBig },
        { "lb300", JET_coltypLongBinary, 0, 0, 300, JET_errDefaultValueTooBig },
        { "lb4096", JET_coltypLongBinary, 0, 0, 4096, JET_errDefaultValueTooBig },
        { "lb65536", JET_coltypLongBinary, 0, 0, 65536, JET_errDefaultValueTooBig },
        { "lbhuge", JET_coltypLongBinary, 0, 0, 0x7fffffffu, JET_errDefaultValueTooBig },
        { "lbmax", JET_coltypLongBinary, 100000, 0, 256, JET_errDefaultValueTooBig },
        { "lbless", JET_coltypLongBinary, 100, 0, 101, JET_errDefaultValueTooBig },
        { "lt256", JET_coltypLongText, 0, 0, 256, JET_errDefaultValueTooBig },
        // variable columns: at most their maximum, which is at most 255
        { "bin255", JET_coltypBinary, 0, 0, 255, JET_errSuccess },
        { "bin256", JET_coltypBinary, 0, 0, 256, JET_errDefaultValueTooBig },
        { "bin10", JET_coltypBinary, 10, 0, 11, JET_errDefaultValueTooBig },
        { "binhuge", JET_coltypBinary, 0, 0, 0x7fffffffu, JET_errDefaultValueTooBig },
        { "tag300", JET_coltypBinary, 0, JET_bitColumnTagged, 300, JET_errDefaultValueTooBig },
        // fixed-size types: exactly their size (ErrRECISetFixedColumn)
        { "long4", JET_coltypLong, 0, 0, 4, JET_errSuccess },
        { "long2", JET_coltypLong, 0, 0, 2, JET_errInvalidBufferSize },
        { "long5", JET_coltypLong, 0, 0, 5, JET_errDefaultValueTooBig },
        { "longhuge", JET_coltypLong, 0, 0, 0x7fffffffu, JET_errDefaultValueTooBig },
        { "guid8", JET_coltypGUID, 0, 0, 8, JET_errInvalidBufferSize },
        // fixed text and binary: up to their maximum
        { "ftext3", JET_coltypText, 10, JET_bitColumnFixed, 3, JET_errSuccess },
        { "ftext11", JET_coltypText, 10, JET_bitColumnFixed, 11, JET_errDefaultValueTooBig },
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.name);
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = c.coltyp;
        cd.cbMax = c.cb_max;
        cd.grbit = c.grbit;
        cd.cp = c.coltyp == JET_coltypText || c.coltyp == JET_coltypLongText ? 1252 : 0;
        JET_COLUMNID id = 0;
        const void *pv = g_small;
        std::vector<uint8_t> big;
        if (c.cb > sizeof g_small && c.cb <= 65536) {
            big.assign(c.cb, 0x5a);
            pv = big.data();
        }
        EXPECT_EQ(c.expected, JetAddColumnA(s_, t_, c.name, &cd, pv, c.cb, &id));
        JET_COLUMNDEF got{};
        JET_ERR found = JetGetTableColumnInfoA(s_, t_, c.name, &got, sizeof got, JET_ColInfo);
        if (c.expected >= 0) {
            EXPECT_EQ(JET_errSuccess, found);
            EXPECT_EQ(JET_errSuccess, JetDeleteColumnA(s_, t_, c.name));
        } else {
            EXPECT_EQ(JET_errColumnNotFound, found); // refused before anything changed
        }
    }
    // no bytes is no default (ESE passes pvDefault ? cbDefault : 0)
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    EXPECT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "nodefault", &cd, g_small, 0, nullptr));
    JET_COLUMNLIST cl{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t_, "nodefault", &cl, sizeof cl, JET_ColInfoList));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, cl.tableid, JET_MoveFirst, 0));
    uint32_t cb = 1;
    EXPECT_EQ(JET_wrnColumnNull, JetRetrieveColumn(s_, cl.tableid, cl.columnidDefault, nullptr, 0, &cb, 0, nullptr));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, cl.tableid));
    EXPECT_EQ(JET_errSuccess, JetDeleteColumnA(s_, t_, "nodefault"));
}

TEST_F(Defects, DefaultValuesOfCreateTableColumnIndexAndSetColumnDefaultValue)
{
    JET_COLUMNCREATE_A cols[2] = {};
    cols[0].cbStruct = sizeof cols[0];
    cols[0].szColumnName = const_cast<char *>("ok");
    cols[0].coltyp = JET_coltypLong;
    cols[1].cbStruct = sizeof cols[1];
    cols[1].szColumnName = const_cast<char *>("lv");
    cols[1].coltyp = JET_coltypLongBinary;
    cols[1].pvDefault = g_small;
    cols[1].cbDefault = 0x7fffffffu;
    JET_TABLECREATE_A tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char *>("made");
    tc.rgcolumncreate = cols;
    tc.cColumns = 2;
    EXPECT_EQ(JET_errDefaultValueTooBig, JetCreateTableColumnIndexA(s_, db_, &tc));
    EXPECT_EQ(JET_errDefaultValueTooBig, cols[1].err);
    EXPECT_EQ(JET_tableidNil, tc.tableid);
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTableA(s_, db_, "made", nullptr, 0, 0, &t));
    cols[1].cbDefault = 256;
    EXPECT_EQ(JET_errDefaultValueTooBig, JetCreateTableColumnIndexA(s_, db_, &tc));
    cols[1].cbDefault = 255;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndexA(s_, db_, &tc));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, tc.tableid));

    // JetSetColumnDefaultValue: the same rule for the column's type
    EXPECT_EQ(JET_errDefaultValueTooBig, JetSetColumnDefaultValueA(s_, db_, "made", "lv", g_small, 256, 0));
    EXPECT_EQ(JET_errDefaultValueTooBig, JetSetColumnDefaultValueA(s_, db_, "made", "lv", g_small, 0x7fffffffu, 0));
    EXPECT_EQ(JET_errInvalidBufferSize, JetSetColumnDefaultValueA(s_, db_, "made", "ok", g_small, 2, 0));
    EXPECT_EQ(JET_errDefaultValueTooBig, JetSetColumnDefaultValueA(s_, db_, "made", "ok", g_small, 8, 0));
    EXPECT_EQ(JET_errSuccess, JetSetColumnDefaultValueA(s_, db_, "made", "ok", g_small, 4, 0));
    EXPECT_EQ(JET_errSuccess, JetSetColumnDefaultValueA(s_, db_, "made", "lv", g_small, 255, 0));
    EXPECT_EQ(JET_errSuccess, JetDeleteTableA(s_, db_, "made"));
}

TEST_F(Defects, KeyDefinitionsAreReadToTheirTerminatorOnly)
{
    // a column called "bin" and well-formed strings with sizes that lie
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypBinary;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "bin", &cd, nullptr, 0, nullptr));
    static const char key[] = "+bin\0"; // 6 bytes with the literal's NUL
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndexA(s_, t_, "x1", 0, key, 0x80000000u, 100));
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndexA(s_, t_, "x2", 0, key, 0xffffffffu, 100));
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndexA(s_, t_, "x3", 0, key, 7, 100)); // text after the terminator
    EXPECT_EQ(JET_errInvalidParameter, JetCreateIndexA(s_, t_, "x4", 0, key, 5, 100)); // no double NUL within cbKey
    EXPECT_EQ(JET_errInvalidParameter, JetCreateIndexA(s_, t_, "x5", 0, key, 0, 100));
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndexA(s_, t_, "x6", 0, "bin\0", 5, 100)); // no direction first
    static const WCHAR wkey[] = { '+', 'b', 'i', 'n', 0, 0 };
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndexW(s_, t_, W16("x7"), 0, wkey, 0x80000000u, 100));
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndexW(s_, t_, W16("x8"), 0, wkey, 0xfffffffeu, 100));
    JET_INDEXCREATE_A ic{};
    ic.cbStruct = sizeof ic;
    ic.szIndexName = const_cast<char *>("x9");
    ic.szKey = const_cast<char *>(key);
    ic.cbKey = 0x80000000u;
    ic.ulDensity = 100;
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndex2A(s_, t_, &ic, 1));
    EXPECT_EQ(JET_errIndexInvalidDef, ic.err);
    JET_INDEXLIST il{};
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t_, nullptr, &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(3u, il.cRecord); // primary and by_name's two segments: nothing was made
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, il.tableid));
    EXPECT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "ok", 0, key, 6, 100));
    EXPECT_EQ(JET_errSuccess, JetCreateIndexW(s_, t_, W16("okw"), 0, wkey, sizeof wkey, 100));
    EXPECT_EQ(JET_errSuccess, JetDeleteIndexA(s_, t_, "ok"));
    EXPECT_EQ(JET_errSuccess, JetDeleteIndexA(s_, t_, "okw"));
    EXPECT_EQ(JET_errSuccess, JetDeleteColumnA(s_, t_, "bin"));
}

TEST_F(Defects, TheLongestKeyDefinitionIsAcceptedAndOneByteMoreIsNot)
{
    // JET_ccolKeyMost segments of JET_cbNameMost-byte names: the largest cbKey ESE takes
    std::string def;
    for (int i = 0; i < JET_ccolKeyMost; i++) {
        std::string name(JET_cbNameMost, static_cast<char>('a' + i));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, name.c_str(), &cd, nullptr, 0, nullptr));
        def += (i % 2 ? "-" : "+") + name + std::string(1, '\0');
    }
    def += std::string(1, '\0');
    ASSERT_EQ(static_cast<size_t>(JET_ccolKeyMost * (JET_cbNameMost + 2) + 1), def.size());
    std::string longer = def + std::string(1, '\0');
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndexA(s_, t_, "wide", 0, longer.data(), (uint32_t)longer.size(), 100));
    EXPECT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "wide", 0, def.data(), (uint32_t)def.size(), 100));
    EXPECT_EQ(JET_errSuccess, JetDeleteIndexA(s_, t_, "wide"));
    for (int i = 0; i < JET_ccolKeyMost; i++)
        EXPECT_EQ(JET_errSuccess, JetDeleteColumnA(s_, t_, std::string(JET_cbNameMost, static_cast<char>('a' + i)).c_str()));
}

// Every failure path of create, attach and detach frees what it took (LeakSanitizer
// checks at exit under the sanitize preset; this test fails there before the fix).
TEST_F(Defects, FailedCreateAttachDetachLeaveNothingBehind)
{
    JET_DBID db = 0;
    std::string missing_dir = dir_ + "/no-such-folder/x.edb";
    for (int i = 0; i < 3; i++) {
        EXPECT_EQ(JET_errFileNotFound, JetCreateDatabaseA(s_, missing_dir.c_str(), nullptr, &db, 0));
        EXPECT_EQ(JET_errFileNotFound, JetAttachDatabaseA(s_, missing_dir.c_str(), 0));
        EXPECT_EQ(JET_errDatabaseDuplicate, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db, 0));
        EXPECT_EQ(JET_errDatabaseDuplicate, JetCreateDatabaseA(s_, dir_.c_str(), nullptr, &db, 0));
        EXPECT_EQ(JET_errDatabaseNotFound, JetDetachDatabaseA(s_, missing_dir.c_str()));
        EXPECT_EQ(JET_errDatabaseInvalidPath, JetCreateDatabaseA(s_, "", nullptr, &db, 0));
        EXPECT_EQ(JET_errDatabaseInvalidPath, JetCreateDatabaseA(s_, nullptr, nullptr, &db, 0));
        EXPECT_GT(0, JetAttachDatabaseA(s_, dir_.c_str(), JET_bitDbReadOnly));
        EXPECT_EQ(JET_errDatabaseInUse, JetDetachDatabaseA(s_, path_.c_str()));
    }
    // a file that is not a database: attached for writing and read-only
    std::string junk = dir_ + "/junk.edb";
    std::FILE *f = std::fopen(junk.c_str(), "wb");
    ASSERT_NE(nullptr, f);
    std::vector<uint8_t> zeros(3 * 8192, 0x11);
    std::fwrite(zeros.data(), 1, zeros.size(), f);
    std::fclose(f);
    EXPECT_EQ(JET_errDatabaseCorrupted, JetAttachDatabaseA(s_, junk.c_str(), 0));
    EXPECT_EQ(JET_errDatabaseCorrupted, JetAttachDatabaseA(s_, junk.c_str(), JET_bitDbReadOnly));
    EXPECT_EQ(JET_errDatabaseNotFound, JetDetachDatabaseA(s_, junk.c_str()));
    std::remove(junk.c_str());
}

// Scans a file of cb_page pages for a page of the table's tree (the biggest tree: the
// one leaf chain with a next link) matching want.
struct FilePages {
    std::vector<uint8_t> bytes;
    uint32_t cb_page = 0;
    bool Load(const std::string &path, uint32_t cb)
    {
        std::FILE *f = std::fopen(path.c_str(), "rb");
        if (f == nullptr) return false;
        std::fseek(f, 0, SEEK_END);
        long size = std::ftell(f);
        std::fseek(f, 0, SEEK_SET);
        bytes.resize(static_cast<size_t>(size));
        bool ok = std::fread(bytes.data(), 1, bytes.size(), f) == bytes.size();
        std::fclose(f);
        cb_page = cb;
        return ok;
    }
    bool Save(const std::string &path) const
    {
        std::FILE *f = std::fopen(path.c_str(), "wb");
        if (f == nullptr) return false;
        bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
        return std::fclose(f) == 0 && ok;
    }
    uint32_t Pages() const { return static_cast<uint32_t>(bytes.size() / cb_page) - 2u; }
    uint8_t *Page(uint32_t pgno) { return bytes.data() + static_cast<size_t>(pgno + 1u) * cb_page; }
    uint32_t Flags(uint32_t pgno) { return byte_order_get_le32(Page(pgno) + PAGE_FLAGS_OFFSET); }
    uint32_t Objid(uint32_t pgno) { return byte_order_get_le32(Page(pgno) + PAGE_OBJID_OFFSET); }
};

class BadPageNumbers : public AbuseDb {
protected:
    void SetUp() override
    {
        AbuseDb::SetUp();
        expect_unchanged_ = false; // a table is made, damaged and deleted
    }

    // A table of its own with enough records for a tree of two levels, detached.
    void MakeTree()
    {
        JET_TABLEID t = 0;
        JET_COLUMNID k = 0, v = 0;
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "tree", 0, 100, &t));
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "k", &cd, nullptr, 0, &k));
        cd.coltyp = JET_coltypBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "v", &cd, nullptr, 0, &v));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        for (int32_t i = 0; i < 600; i++) {
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, k, &i, sizeof i, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, v, big_.data(), 200, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
        t_ = 0;
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path_.c_str(), &cb_page_, sizeof cb_page_, JET_DbInfoPageSize));
        ASSERT_TRUE(file_.Load(path_, cb_page_));
        // the table's leaves: the tree whose leaf chain is the longest
        uint32_t best = 0;
        for (uint32_t p = 1; p <= file_.Pages(); p++) {
            uint32_t fl = file_.Flags(p);
            if (!(fl & PAGE_FLAG_LEAF) || (fl & (PAGE_FLAG_SPACE_TREE | PAGE_FLAG_INDEX | PAGE_FLAG_LONG_VALUE)))
                continue;
            uint32_t n = 0;
            for (uint32_t q = 1; q <= file_.Pages(); q++)
                if ((file_.Flags(q) & PAGE_FLAG_LEAF) && file_.Objid(q) == file_.Objid(p)) n++;
            if (n > best) {
                best = n;
                objid_ = file_.Objid(p);
            }
        }
        ASSERT_GT(best, 2u);
    }

    // Reads the tree's records through the API: the first error, or success.
    JET_ERR ReadTree()
    {
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        JET_ERR err = JetAttachDatabaseA(s_, path_.c_str(), JET_bitDbReadOnly);
        if (err >= 0) err = JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db, JET_bitDbReadOnly);
        if (err >= 0) err = JetOpenTableA(s_, db, "tree", nullptr, 0, JET_bitTableReadOnly, &t);
        if (err >= 0) {
            for (err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) {}
            if (err == JET_errNoCurrentRecord) {
                for (err = JetMove(s_, t, JET_MoveLast, 0); err >= 0; err = JetMove(s_, t, JET_MovePrevious, 0)) {}
                if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
            }
            JetCloseTable(s_, t);
        }
        if (db != 0) JetCloseDatabase(s_, db, 0);
        JetDetachDatabaseA(s_, path_.c_str());
        return err;
    }

    void Reattach()
    {
        // TearDown compares the fingerprint: attached and opened as setup left them
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t_));
        ASSERT_EQ(JET_errSuccess, JetDeleteTableA(s_, db_, "tree"));
    }

    FilePages file_;
    uint32_t cb_page_ = 0, objid_ = 0;
};

TEST_F(BadPageNumbers, ALeafLinkAtOrAbove0x80000000IsABadPageLink)
{
    MakeTree();
    const std::vector<uint8_t> good = file_.bytes;
    for (uint32_t link : { 0x80000000u, 0xffffffffu, PAGE_PGNO_MAX + 1u }) {
        for (uint32_t offset : { PAGE_NEXT_OFFSET, PAGE_PREV_OFFSET }) {
            SCOPED_TRACE(std::to_string(link) + " at " + std::to_string(offset));
            file_.bytes = good;
            bool done = false;
            for (uint32_t p = 1; p <= file_.Pages() && !done; p++) {
                uint8_t *pg = file_.Page(p);
                if (!(file_.Flags(p) & PAGE_FLAG_LEAF) || file_.Objid(p) != objid_ || byte_order_get_le32(pg + offset) == 0)
                    continue;
                byte_order_put_le32(pg + offset, link);
                page_checksum_set(pg, cb_page_, p);
                done = true;
            }
            ASSERT_TRUE(done);
            ASSERT_TRUE(file_.Save(path_));
            EXPECT_EQ(JET_errBadPageLink, ReadTree());
        }
    }
    file_.bytes = good;
    ASSERT_TRUE(file_.Save(path_));
    EXPECT_EQ(JET_errSuccess, ReadTree());
    Reattach();
}

TEST_F(BadPageNumbers, ABranchChildAtOrAbove0x80000000IsABadParentPageLink)
{
    MakeTree();
    const std::vector<uint8_t> good = file_.bytes;
    uint32_t root = 0;
    for (uint32_t p = 1; p <= file_.Pages() && root == 0; p++)
        if (file_.Objid(p) == objid_ && (file_.Flags(p) & PAGE_FLAG_ROOT) && !(file_.Flags(p) & PAGE_FLAG_LEAF) &&
            !(file_.Flags(p) & PAGE_FLAG_SPACE_TREE))
            root = p;
    ASSERT_NE(0u, root);
    // the root's first and last nodes (tag 1, tag n-1): the child page number is a
    // branch node's last four bytes
    uint8_t *pg = file_.Page(root);
    uint32_t ctag = byte_order_get_le16(pg + PAGE_ITAG_STATE_OFFSET) & PAGE_ITAG_COUNT_MASK;
    uint32_t hdr = cb_page_ > 8192u ? PAGE_HEADER_LARGE : PAGE_HEADER_SMALL;
    uint32_t mask = cb_page_ > 8192u ? PAGE_TAG_MASK_LARGE : PAGE_TAG_MASK_SMALL;
    ASSERT_GE(ctag, 3u);
    for (uint32_t itag : { 1u, ctag - 1u }) {
        for (uint32_t child : { 0x80000000u, 0xffffffffu, PAGE_PGNO_MAX + 1u }) {
            SCOPED_TRACE(std::to_string(child) + " in tag " + std::to_string(itag));
            file_.bytes = good;
            pg = file_.Page(root);
            const uint8_t *tag = pg + cb_page_ - PAGE_TAG_CB * (itag + 1u);
            uint32_t cb = byte_order_get_le16(tag) & mask, ib = byte_order_get_le16(tag + 2) & mask;
            ASSERT_GE(cb, 4u);
            byte_order_put_le32(pg + hdr + ib + cb - 4u, child);
            page_checksum_set(pg, cb_page_, root);
            ASSERT_TRUE(file_.Save(path_));
            EXPECT_EQ(JET_errBadParentPageLink, ReadTree());
        }
    }
    file_.bytes = good;
    ASSERT_TRUE(file_.Save(path_));
    EXPECT_EQ(JET_errSuccess, ReadTree());
    Reattach();
}

} // namespace
