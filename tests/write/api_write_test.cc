// The write API end to end: JetCreateDatabase, JetCreateTable, JetAddColumn,
// JetCreateIndex, JetPrepareUpdate/JetSetColumn/JetUpdate, JetDelete; the database is
// detached, then read back through the engine, by edbcheck.py and by esedbexport.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
#include "integrity.h"
}

namespace {

// The engine's integrity check (native/record/integrity.h, docs/integrity.md) on a detached file.
void expect_integrity(const std::string &path)
{
    integrity_report r;
    JET_ERR err = integrity_check_file(path.c_str(), &r);
    std::string s;
    for (uint32_t i = 0; i < r.problems_kept; i++) s += std::string("\n  ") + r.problem[i];
    EXPECT_EQ(JET_errSuccess, err) << path << ": " << r.problems << " problems" << s;
}

struct scratch_db {
    std::string dir, path;
    scratch_db()
    {
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        static int n;
        dir = std::string(tmp) + "esent-write-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir.c_str());
        path = dir + "/test.edb";
    }
    ~scratch_db()
    {
        compat_path_delete(path.c_str());
        compat_dir_remove(dir.c_str());
    }
};

class ApiWrite : public ::testing::Test {
protected:
    void SetUp() override
    {
        static int n;
        std::string name = "api-write-" + std::to_string(++n);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm(inst_);
    }
    // A table "t" with id (Long, primary), name (Text), score (Long, secondary), blob.
    void MakeTable(JET_DBID dbid)
    {
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid, "t", 0, 0, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &def, nullptr, 0, &id_));
        def.coltyp = JET_coltypText;
        def.cp = 1252;
        def.cbMax = 100;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &def, nullptr, 0, &name_));
        def.coltyp = JET_coltypLong;
        def.cp = 0;
        def.cbMax = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "score", &def, nullptr, 0, &score_));
        def.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "blob", &def, nullptr, 0, &blob_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "byscore", 0, "-score\0", 8, 100));
        EXPECT_LT(id_, 128u);
        EXPECT_GE(name_, 128u);
        EXPECT_GE(blob_, 256u);
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
    JET_ERR Insert(JET_TABLEID t, int32_t id, const std::string &name, int32_t score, size_t blob)
    {
        JET_ERR err = JetPrepareUpdate(s_, t, JET_prepInsert);
        if (err < 0) return err;
        std::vector<uint8_t> b(blob);
        for (size_t i = 0; i < blob; i++) b[i] = (uint8_t)(i * 7 + id);
        JetSetColumn(s_, t, id_, &id, 4, 0, nullptr);
        JetSetColumn(s_, t, name_, name.data(), (uint32_t)name.size(), 0, nullptr);
        JetSetColumn(s_, t, score_, &score, 4, 0, nullptr);
        if (blob) JetSetColumn(s_, t, blob_, b.data(), (uint32_t)blob, 0, nullptr);
        err = JetUpdate(s_, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s_, t, JET_prepCancel);
        return err;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_COLUMNID id_ = 0, name_ = 0, score_ = 0, blob_ = 0;
};

TEST_F(ApiWrite, CreateInsertReadBackDetachAndCheck)
{
    scratch_db db;
    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    EXPECT_EQ(JET_errDatabaseDuplicate, JetCreateDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    MakeTable(dbid);
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "t", nullptr, 0, 0, &t));
    const int n = 3000;
    for (int i = 0; i < n; i++) {
        int32_t id = (i * 7919) % n; // not in key order
        ASSERT_EQ(JET_errSuccess, Insert(t, id, "name-" + std::to_string(id), id % 97, id % 50 == 0 ? 5000 : 0)) << i;
    }
    EXPECT_EQ(JET_errKeyDuplicate, Insert(t, 5, "again", 1, 0));
    // Clustered order: ids ascending, each with its values.
    int32_t expect = 0;
    JET_ERR err;
    for (err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) {
        int32_t id = -1;
        uint32_t cb = 0;
        char name[64];
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id_, &id, 4, &cb, 0, nullptr));
        ASSERT_EQ(expect, id);
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, name_, name, sizeof name, &cb, 0, nullptr));
        ASSERT_EQ("name-" + std::to_string(id), std::string(name, cb));
        if (id % 50 == 0) {
            std::vector<uint8_t> b(6000);
            ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, blob_, b.data(), (uint32_t)b.size(), &cb, 0, nullptr));
            ASSERT_EQ(5000u, cb);
            ASSERT_EQ((uint8_t)(4999 * 7 + id), b[4999]);
        }
        expect++;
    }
    EXPECT_EQ(JET_errNoCurrentRecord, err);
    EXPECT_EQ(n, expect);
    // Secondary index: descending score, then every entry leads to a record with it.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "byscore"));
    int32_t last = 1000, count = 0;
    for (err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) {
        int32_t score = -1;
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, score_, &score, 4, &cb, 0, nullptr));
        ASSERT_LE(score, last);
        last = score;
        count++;
    }
    EXPECT_EQ(n, count);
    // Replace and delete through the primary index.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "primary"));
    int32_t key = 10;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &key, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepReplace));
    int32_t newscore = 5000;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, score_, &newscore, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    int32_t got = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, score_, &got, 4, &cb, 0, nullptr));
    EXPECT_EQ(5000, got);
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t));
    EXPECT_EQ(JET_errRecordDeleted, JetRetrieveColumn(s_, t, score_, &got, 4, &cb, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveNext, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id_, &got, 4, &cb, 0, nullptr));
    EXPECT_EQ(11, got);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.path.c_str()));
    expect_integrity(db.path);

    JET_DBINFOMISC info{};
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(db.path.c_str(), &info, sizeof info, JET_DbInfoMisc));
    EXPECT_EQ((uint32_t)JET_dbstateCleanShutdown, info.dbstate);
#ifdef EDBCHECK_PY
    if (std::getenv("WINEPREFIX") == nullptr) {
        std::string cmd = std::string("python3 ") + EDBCHECK_PY + " '" + db.path + "' >/dev/null 2>&1";
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
        // libesedb lists the table (skipped where esedbinfo is not installed).
        cmd = "! command -v esedbinfo >/dev/null 2>&1 || esedbinfo '" + db.path +
              "' 2>/dev/null | grep -Eq 'Table: [0-9]+[[:space:]]+t \\('";
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
    }
#endif
    // Read back after a reattach, read-only.
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, db.path.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, db.path.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "t", nullptr, 0, JET_bitTableReadOnly, &t));
    count = 0;
    for (err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) count++;
    EXPECT_EQ(n - 1, count);
}

TEST_F(ApiWrite, UpdateErrors)
{
    scratch_db db;
    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    MakeTable(dbid);
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "t", nullptr, 0, 0, &t));
    int32_t v = 1;
    EXPECT_EQ(JET_errUpdateNotPrepared, JetSetColumn(s_, t, id_, &v, 4, 0, nullptr));
    EXPECT_EQ(JET_errUpdateNotPrepared, JetUpdate(s_, t, nullptr, 0, nullptr));
    EXPECT_EQ(JET_errUpdateNotPrepared, JetPrepareUpdate(s_, t, JET_prepCancel));
    EXPECT_EQ(JET_errNoCurrentRecord, JetPrepareUpdate(s_, t, JET_prepReplace));
    EXPECT_EQ(JET_errInvalidParameter, JetPrepareUpdate(s_, t, 77));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    EXPECT_EQ(JET_errAlreadyPrepared, JetPrepareUpdate(s_, t, JET_prepInsert));
    EXPECT_EQ(JET_errColumnNotFound, JetSetColumn(s_, t, 9999, &v, 4, 0, nullptr));
    EXPECT_EQ(JET_errInvalidBufferSize, JetSetColumn(s_, t, id_, &v, 3, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &v, 4, 0, nullptr));
    int32_t copy = 0;
    uint32_t cb = 0;
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id_, &copy, 4, &cb, JET_bitRetrieveCopy, nullptr));
    EXPECT_EQ(1, copy);
    uint8_t bm[256];
    uint32_t cb_bm = 0;
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, bm, sizeof bm, &cb_bm));
    EXPECT_EQ(5u, cb_bm); // 0x7f + big-endian flipped long
    ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s_, t, bm, cb_bm));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepReplace));
    v = 2;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &v, 4, 0, nullptr));
    EXPECT_EQ(JET_errRecordPrimaryChanged, JetUpdate(s_, t, nullptr, 0, nullptr));
    EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepCancel));
    // Table and column definitions.
    JET_TABLEID t2 = 0;
    EXPECT_EQ(JET_errTableDuplicate, JetCreateTableA(s_, dbid, "t", 0, 0, &t2));
    EXPECT_EQ(JET_errDensityInvalid, JetCreateTableA(s_, dbid, "u", 0, 5, &t2));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID col = 0;
    EXPECT_EQ(JET_errColumnDuplicate, JetAddColumnA(s_, t, "id", &def, nullptr, 0, &col));
    def.coltyp = 0;
    EXPECT_EQ(JET_errInvalidColumnType, JetAddColumnA(s_, t, "bad", &def, nullptr, 0, &col));
    EXPECT_EQ(JET_errIndexHasPrimary, JetCreateIndexA(s_, t, "p2", JET_bitIndexPrimary, "+score\0", 8, 100));
    EXPECT_EQ(JET_errIndexDuplicate, JetCreateIndexA(s_, t, "byscore", 0, "+score\0", 8, 100));
    EXPECT_EQ(JET_errColumnNotFound, JetCreateIndexA(s_, t, "x", 0, "+nope\0", 7, 100));
    // A unique index over values that repeat cannot be built.
    for (int i = 10; i < 14; i++) ASSERT_EQ(JET_errSuccess, Insert(t, i, "same", 3, 0));
    EXPECT_EQ(JET_errKeyDuplicate, JetCreateIndexA(s_, t, "uname", JET_bitIndexUnique, "+name\0", 7, 100));
    EXPECT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "uid", JET_bitIndexUnique, "+id\0", 5, 100));
}

} // namespace

namespace {

TEST_F(ApiWrite, AutoincrementCountsOnFromTheLargestValue)
{
    scratch_db db;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID ai = 0, v = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid, "a", 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnAutoincrement;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "ai", &def, nullptr, 0, &ai));
    def.grbit = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "v", &def, nullptr, 0, &v));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, "+ai\0", 5, 100));
    for (int32_t i = 1; i <= 5; i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        int32_t got = 0;
        uint32_t cb = 0;
        // The value is there as soon as the update is prepared.
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, ai, &got, 4, &cb, JET_bitRetrieveCopy, nullptr));
        EXPECT_EQ(i, got);
        EXPECT_EQ(JET_errInvalidColumnType, JetSetColumn(s_, t, ai, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, v, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    // A cancelled insert uses its value up.
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepCancel));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.path.c_str()));
    expect_integrity(db.path);
    // After a reattach the count goes on from the largest value in the table.
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, db.path.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "a", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    int32_t got = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, ai, &got, 4, &cb, JET_bitRetrieveCopy, nullptr));
    EXPECT_EQ(6, got);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
}

TEST_F(ApiWrite, UnicodeIndexOrdersAndSeeksWithoutCase)
{
    scratch_db db;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID name = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid, "u", 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypText;
    def.cp = 1200;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &def, nullptr, 0, &name));
    JET_ERR err = JetCreateIndexA(s_, t, "byname", 0, "+name\0", 7, 100);
    if (err == JET_errFeatureNotAvailable) GTEST_SKIP() << "no ICU here (Wine): Unicode indexes cannot be made";
    ASSERT_EQ(JET_errSuccess, err);
    const char16_t *words[] = {u"banana", u"Apple", u"cherry", u"apple pie", u"\u00c4pfel"};
    for (const char16_t *w : words) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        uint32_t cb = (uint32_t)(std::char_traits<char16_t>::length(w) * 2);
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, name, w, cb, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "byname"));
    std::vector<std::u16string> order;
    for (err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) {
        char16_t buf[64];
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, name, buf, sizeof buf, &cb, 0, nullptr));
        order.emplace_back(buf, cb / 2);
    }
    ASSERT_EQ(5u, order.size());
    // Letters first ("pf" < "pp"), then accents, then case.
    EXPECT_EQ(u"\u00c4pfel", order[0]);
    EXPECT_EQ(u"Apple", order[1]);
    EXPECT_EQ(u"apple pie", order[2]);
    EXPECT_EQ(u"cherry", order[4]);
    // Seeking is case-insensitive (LCMapFlags ignore case by default).
    const char16_t *key = u"BANANA";
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, key, 12, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
    char16_t buf[64];
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, name, buf, sizeof buf, &cb, 0, nullptr));
    EXPECT_EQ(u"banana", std::u16string(buf, cb / 2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.path.c_str()));
    expect_integrity(db.path);
    // After a reattach the index is still ours to seek in (same ICU).
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, db.path.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, db.path.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "u", nullptr, 0, JET_bitTableReadOnly, &t));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "byname"));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, u"CHERRY", 12, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
}

TEST_F(ApiWrite, ReadOnlyAttachRefusesChanges)
{
    scratch_db db;
    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    MakeTable(dbid);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.path.c_str()));
    expect_integrity(db.path);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, db.path.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_wrnFileOpenReadOnly, JetOpenDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errPermissionDenied, JetCreateTableA(s_, dbid, "x", 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "t", nullptr, 0, 0, &t));
    EXPECT_EQ(JET_errPermissionDenied, JetPrepareUpdate(s_, t, JET_prepInsert));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID col = 0;
    EXPECT_EQ(JET_errPermissionDenied, JetAddColumnA(s_, t, "more", &def, nullptr, 0, &col));
}

// A cursor parked on a record while another session's cursor changes the table moves
// on from where it stood.
TEST_F(ApiWrite, ParkedCursorFollowsChangesOfAnotherSession)
{
    scratch_db db;
    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    MakeTable(dbid);
    JET_TABLEID w = 0, r = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "t", nullptr, 0, 0, &w));
    for (int i = 0; i < 400; i += 2) ASSERT_EQ(JET_errSuccess, Insert(w, i, "x", i, 0));
    JET_SESID s2 = 0;
    JET_DBID dbid2 = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2, "", ""));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2, db.path.c_str(), nullptr, &dbid2, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2, dbid2, "t", nullptr, 0, 0, &r));
    int32_t key = 100, got = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s2, r, &key, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s2, r, JET_bitSeekEQ));
    // Fill the gaps around it (splitting its page) and delete its successor.
    for (int i = 1; i < 400; i += 2) ASSERT_EQ(JET_errSuccess, Insert(w, i, "y", i, 0));
    key = 102;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, w, &key, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, w, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, w));
    ASSERT_EQ(JET_errSuccess, JetMove(s2, r, JET_MoveNext, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s2, r, id_, &got, 4, &cb, 0, nullptr));
    EXPECT_EQ(101, got);
    ASSERT_EQ(JET_errSuccess, JetMove(s2, r, JET_MoveNext, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s2, r, id_, &got, 4, &cb, 0, nullptr));
    EXPECT_EQ(103, got);
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));
}

// A Windows-made database attached for writing takes new rows that it, the engine and
// libesedb then read back.
TEST_F(ApiWrite, WindowsMadeDatabaseTakesNewRows)
{
    const char *data = std::getenv("ESENT_TESTDATA");
    if (data == nullptr) GTEST_SKIP() << "ESENT_TESTDATA not set";
    scratch_db db;
    {
        std::string src = std::string(data) + "/edb/basic.edb";
        FILE *in = std::fopen(src.c_str(), "rb");
        FILE *out = std::fopen(db.path.c_str(), "wb");
        ASSERT_NE(nullptr, in);
        ASSERT_NE(nullptr, out);
        char buf[65536];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) std::fwrite(buf, 1, n, out);
        std::fclose(in);
        std::fclose(out);
    }
    JetTerm(inst_);
    inst_ = 0;
    JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 4096, nullptr);
    SetUp();
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    JET_COLUMNDEF def{};
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, db.path.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, db.path.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "basic", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, "Id", &def, sizeof def, JET_ColInfo));
    JET_COLUMNID id = def.columnid;
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, "Long", &def, sizeof def, JET_ColInfo));
    JET_COLUMNID lng = def.columnid;
    int count_before = 0;
    JET_ERR err;
    for (err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) count_before++;
    // Id is the sample's autoincrement column (its catalog row's Flags: ffieldNotNull |
    // ffieldAutoincrement): the engine numbers the new rows; Long holds minus the number
    int32_t key = 0;
    for (int32_t i = 0; i < 300; i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        EXPECT_EQ(JET_errInvalidColumnType, JetSetColumn(s_, t, id, &i, 4, 0, nullptr));
        int32_t assigned = 0;
        uint32_t cb_assigned = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id, &assigned, 4, &cb_assigned, JET_bitRetrieveCopy, nullptr));
        int32_t v = -assigned;
        if (i == 234) key = assigned;
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, lng, &v, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr)) << i;
    }
    ASSERT_GT(key, 0);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.path.c_str()));
    expect_integrity(db.path);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, db.path.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, db.path.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "basic", nullptr, 0, JET_bitTableReadOnly, &t));
    int count_after = 0;
    for (err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) count_after++;
    EXPECT_EQ(count_before + 300, count_after);
    int32_t got = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "IxId"));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &key, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, lng, &got, 4, &cb, 0, nullptr));
    EXPECT_EQ(-key, got);
#ifdef EDBCHECK_PY
    if (std::getenv("WINEPREFIX") == nullptr) {
        std::string cmd = std::string("python3 ") + EDBCHECK_PY + " '" + db.path + "' >/dev/null 2>&1";
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
        cmd = "! command -v esedbexport >/dev/null 2>&1 || (cd '" + db.dir + "' && esedbexport -t x test.edb >/dev/null 2>&1 && grep -q '^" + std::to_string(key) + "	' x.export/basic.4; r=$?; rm -rf x.export; exit $r)";
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
    }
#endif
}

} // namespace
