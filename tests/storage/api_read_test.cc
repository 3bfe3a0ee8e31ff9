// api_read_test.cc: the read-only data API (JetAttachDatabase, JetOpenTable, JetMove,
// JetRetrieveColumn(s), JetGetTableColumnInfo) on every table of every Windows-made
// sample, printed as esedbexport prints it (storage_reader's formatter) and compared
// with expected/; an attach of a copy whose header says dirty shutdown (the header is
// rewritten with the engine's own encoder); a writable attach (dirty until detached); and
// sessions on many threads reading one database at once. The shared suite's
// readonly_test.cpp covers the API's error codes with the public API only.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "esent.h"
#include "storage_reader.h"

namespace {

std::vector<std::string> split(const std::string &s, char sep)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

// An initialised instance with one session, using the sample's page size.
JET_ERR api_open(const char *db, JET_INSTANCE *inst, JET_SESID *ses)
{
    static unsigned counter;
    uint32_t cb_page = 0;
    char name[64];
    if (JetGetDatabaseFileInfoA(db, &cb_page, sizeof cb_page, JET_DbInfoPageSize) >= 0)
        JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, cb_page, nullptr);
    std::snprintf(name, sizeof name, "api-read-%u", ++counter);
    JET_ERR err = JetCreateInstance2A(inst, name, name, 0);
    if (err < 0) return err;
    JetSetSystemParameterA(inst, 0, JET_paramRecovery, 0, "off");
    err = JetInit(inst);
    if (err < 0) return err;
    return JetBeginSessionA(*inst, ses, "", "");
}

// One value of the current record as esedbexport prints it ("" for null).
JET_ERR value_text(JET_SESID s, JET_TABLEID t, const JET_COLUMNDEF &def, uint32_t seq, std::string *out)
{
    std::vector<uint8_t> buf(64);
    uint32_t cb = 0;
    JET_RETINFO ri{};
    ri.cbStruct = sizeof ri;
    ri.itagSequence = seq;
    JET_ERR err = JetRetrieveColumn(s, t, def.columnid, buf.data(), (uint32_t)buf.size(), &cb, 0, &ri);
    if (err == JET_wrnBufferTruncated) {
        buf.resize(cb);
        err = JetRetrieveColumn(s, t, def.columnid, buf.data(), (uint32_t)buf.size(), &cb, 0, &ri);
    }
    out->clear();
    if (err < 0 || err == JET_wrnColumnNull) return err;
    record_column col{};
    col.columnid = def.columnid;
    col.coltyp = def.coltyp;
    col.cb_max = def.cbMax;
    col.codepage = def.cp;
    *out = format_column_value(&col, buf.data(), cb);
    return err;
}

// The table as esedbexport prints it, read through the public API; the columns are
// those of the expected file's header line, looked up by name.
JET_ERR export_table(JET_SESID s, JET_DBID dbid, const std::string &table, const std::string &header, std::string *out)
{
    JET_TABLEID t = 0;
    JET_ERR err = JetOpenTableA(s, dbid, table.c_str(), nullptr, 0, JET_bitTableReadOnly, &t);
    if (err < 0) return err;
    std::vector<JET_COLUMNDEF> defs;
    for (const std::string &name : split(header, '\t')) {
        JET_COLUMNDEF def{};
        err = JetGetTableColumnInfoA(s, t, name.c_str(), &def, sizeof def, JET_ColInfo);
        if (err < 0) break;
        defs.push_back(def);
    }
    *out = header + "\n";
    for (err = err < 0 ? err : JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
        for (size_t c = 0; c < defs.size() && err >= 0; c++) {
            if (c != 0) *out += "\t";
            JET_RETRIEVECOLUMN rc{};
            rc.columnid = defs[c].columnid;
            rc.itagSequence = 0; // count the values
            err = JetRetrieveColumns(s, t, &rc, 1);
            std::string v;
            if (err >= 0) err = value_text(s, t, defs[c], 1, &v);
            *out += v;
            for (uint32_t seq = 2; err >= 0 && seq <= rc.itagSequence; seq++) {
                err = value_text(s, t, defs[c], seq, &v);
                *out += "; " + v;
            }
        }
        if (err < 0) break;
        *out += "\n";
    }
    if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
    JET_ERR e2 = JetCloseTable(s, t);
    return err < 0 ? err : e2;
}

const char *const kSamples[] = { "basic", "binary", "decompress_test", "default", "index", "multi", "test", "text" };
const char *const kTables[] = { "MSysObjects", "MSysObjectsShadow", "MSysObjids", "MSysLocales", nullptr };

std::string user_table(const std::string &name)
{
    if (name == "decompress_test") return "test_table";
    if (name == "test") return "TestTable";
    return name;
}


TEST(ApiRead, EveryTableOfEverySampleMatchesExpected)
{
    for (const char *name : kSamples) {
        SCOPED_TRACE(name);
        const std::string db = storage_sample_path(std::string(name) + ".edb");
        JET_INSTANCE inst;
        JET_SESID s;
        JET_DBID dbid = 0;
        ASSERT_EQ(JET_errSuccess, api_open(db.c_str(), &inst, &s));
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s, db.c_str(), JET_bitDbReadOnly));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, db.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
        std::vector<std::string> tables;
        for (int i = 0; kTables[i]; i++) tables.push_back(kTables[i]);
        tables.push_back(user_table(name));
        for (const std::string &table : tables) {
            SCOPED_TRACE(table);
            std::string expected;
            ASSERT_TRUE(storage_read_text(storage_expected_dir() + name + "." + table + ".tsv", &expected));
            std::string header = expected.substr(0, expected.find('\n'));
            std::string got;
            EXPECT_EQ(JET_errSuccess, export_table(s, dbid, table, header, &got));
            EXPECT_EQ(expected, got);
        }
        EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s, dbid, 0));
        EXPECT_EQ(JET_errSuccess, JetDetachDatabaseA(s, db.c_str()));
        EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
        EXPECT_EQ(JET_errSuccess, JetTerm(inst));
    }
}

// A database whose header says dirty shutdown cannot be attached, read-only or not.
TEST(ApiRead, DirtyShutdownDatabase)
{
    sample_copy copy("basic.edb");
    ASSERT_TRUE(copy.ok());
    const uint32_t cb_page = 4096;
    // read_page(n) reads file page n + 1: n = -1 (wrapping to 0 in its arithmetic) is the header.
    for (uint32_t pg = 0; pg < 2; pg++) { // the header and its shadow: file pages 0 and 1
        std::vector<uint8_t> page = copy.read_page(pg - 1, cb_page);
        ASSERT_EQ(cb_page, page.size());
        db_header h;
        dbheader_decode(page.data(), &h);
        h.dbstate = JET_dbstateDirtyShutdown;
        dbheader_encode(&h, page.data(), cb_page);
        ASSERT_TRUE(copy.write_page(pg - 1, cb_page, page));
    }
    JET_INSTANCE inst;
    JET_SESID s;
    ASSERT_EQ(JET_errSuccess, api_open(copy.path().c_str(), &inst, &s));
    EXPECT_EQ(JET_errDatabaseDirtyShutdown, JetAttachDatabaseA(s, copy.path().c_str(), JET_bitDbReadOnly));
    JET_DBID dbid = 0;
    EXPECT_EQ(JET_errDatabaseNotFound, JetOpenDatabaseA(s, copy.path().c_str(), nullptr, &dbid, 0));
    EXPECT_EQ(JET_errSuccess, JetTerm(inst));
}

// A copy of a sample whose header (and its shadow) says dirty shutdown: the state
// flipped, the header checksum recomputed by the engine's own encoder. change: what else
// to change in the header.
template <typename F>
void make_dirty(const sample_copy &copy, F change)
{
    uint32_t cb_page = 0;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(copy.path().c_str(), &cb_page, sizeof cb_page, JET_DbInfoPageSize));
    for (uint32_t pg = 0; pg < 2; pg++) {
        std::vector<uint8_t> page = copy.read_page(pg - 1, cb_page);
        ASSERT_EQ(cb_page, page.size());
        db_header h;
        dbheader_decode(page.data(), &h);
        h.dbstate = JET_dbstateDirtyShutdown;
        change(&h);
        dbheader_encode(&h, page.data(), cb_page);
        ASSERT_TRUE(copy.write_page(pg - 1, cb_page, page));
    }
}

// Our JET_bitDbPortableReadDirty (esent.h): with JET_bitDbReadOnly, a dirty copy of every
// sample attaches with JET_wrnPortableDatabaseDirty and every table reads as the clean
// sample does; without the bit the attach refuses it as before, and without
// JET_bitDbReadOnly the bit is JET_errInvalidGrbit. Nothing is written to the file.
TEST(ApiRead, DirtyShutdownReadsWithThePortableBit)
{
    for (const char *name : kSamples) {
        SCOPED_TRACE(name);
        sample_copy copy(std::string(name) + ".edb");
        ASSERT_TRUE(copy.ok());
        make_dirty(copy, [](db_header *) {});
        const char *path = copy.path().c_str();
        JET_INSTANCE inst;
        JET_SESID s;
        JET_DBID dbid = 0;
        ASSERT_EQ(JET_errSuccess, api_open(path, &inst, &s));
        EXPECT_EQ(JET_errDatabaseDirtyShutdown, JetAttachDatabaseA(s, path, JET_bitDbReadOnly));
        EXPECT_EQ(JET_errDatabaseDirtyShutdown, JetAttachDatabaseA(s, path, 0));
        EXPECT_EQ(JET_errInvalidGrbit, JetAttachDatabaseA(s, path, JET_bitDbPortableReadDirty));
        EXPECT_EQ(JET_errDatabaseNotFound, JetOpenDatabaseA(s, path, nullptr, &dbid, JET_bitDbReadOnly));
        ASSERT_EQ(JET_wrnPortableDatabaseDirty,
                  JetAttachDatabaseA(s, path, JET_bitDbReadOnly | JET_bitDbPortableReadDirty));
        EXPECT_EQ(JET_wrnDatabaseAttached, JetAttachDatabaseA(s, path, JET_bitDbReadOnly | JET_bitDbPortableReadDirty));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, path, nullptr, &dbid, JET_bitDbReadOnly));
        JET_DBINFOMISC misc{};
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseInfoA(s, dbid, &misc, sizeof misc, JET_DbInfoMisc));
        EXPECT_EQ((uint32_t)JET_dbstateDirtyShutdown, misc.dbstate);
        std::vector<std::string> tables;
        for (int i = 0; kTables[i]; i++) tables.push_back(kTables[i]);
        tables.push_back(user_table(name));
        for (const std::string &table : tables) {
            SCOPED_TRACE(table);
            std::string expected, got;
            ASSERT_TRUE(storage_read_text(storage_expected_dir() + name + "." + table + ".tsv", &expected));
            EXPECT_EQ(JET_errSuccess, export_table(s, dbid, table, expected.substr(0, expected.find('\n')), &got));
            EXPECT_EQ(expected, got);
        }
        // read-only: no update, and the file keeps its state
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, dbid, user_table(name).c_str(), nullptr, 0, 0, &t));
        EXPECT_EQ(JET_errPermissionDenied, JetPrepareUpdate(s, t, JET_prepInsert));
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s, t));
        EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s, dbid, 0));
        EXPECT_EQ(JET_errSuccess, JetDetachDatabaseA(s, path));
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path, &misc, sizeof misc, JET_DbInfoMisc));
        EXPECT_EQ((uint32_t)JET_dbstateDirtyShutdown, misc.dbstate);
        EXPECT_EQ(JET_errSuccess, JetTerm(inst));
    }
}

// The bit waives the state only: a dirty header that is wrong in another way is refused
// as a clean one would be.
TEST(ApiRead, DirtyShutdownBitWaivesOnlyTheState)
{
    sample_copy copy("basic.edb");
    ASSERT_TRUE(copy.ok());
    make_dirty(copy, [](db_header *h) { h->attrib = 1; });
    JET_INSTANCE inst;
    JET_SESID s;
    ASSERT_EQ(JET_errSuccess, api_open(copy.path().c_str(), &inst, &s));
    EXPECT_EQ(JET_errDatabaseDirtyShutdown, JetAttachDatabaseA(s, copy.path().c_str(), JET_bitDbReadOnly));
    EXPECT_EQ(JET_errDatabaseCorrupted,
              JetAttachDatabaseA(s, copy.path().c_str(), JET_bitDbReadOnly | JET_bitDbPortableReadDirty));
    EXPECT_EQ(JET_errSuccess, JetTerm(inst));
}

// An attach without JET_bitDbReadOnly of a Windows-made file: the header says
// DirtyShutdown while it is attached (no log keeps its changes), CleanShutdown again
// after the detach, and the file still reads as before.
TEST(ApiRead, WritableAttachIsDirtyUntilDetached)
{
    sample_copy copy("basic.edb");
    ASSERT_TRUE(copy.ok());
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBINFOMISC info{};
    ASSERT_EQ(JET_errSuccess, api_open(copy.path().c_str(), &inst, &s));
    EXPECT_EQ(JET_errSuccess, JetAttachDatabaseA(s, copy.path().c_str(), 0));
    EXPECT_EQ(JET_wrnDatabaseAttached, JetAttachDatabaseA(s, copy.path().c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(copy.path().c_str(), &info, sizeof info, JET_DbInfoMisc));
    EXPECT_EQ((uint32_t)JET_dbstateDirtyShutdown, info.dbstate);
    EXPECT_EQ(JET_errSuccess, JetDetachDatabaseA(s, copy.path().c_str()));
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(copy.path().c_str(), &info, sizeof info, JET_DbInfoMisc));
    EXPECT_EQ((uint32_t)JET_dbstateCleanShutdown, info.dbstate);
    EXPECT_EQ(JET_errSuccess, JetAttachDatabaseA(s, copy.path().c_str(), JET_bitDbReadOnly));
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, copy.path().c_str(), nullptr, &dbid, JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, dbid, "basic", nullptr, 0, 0, &t));
    EXPECT_EQ(JET_errSuccess, JetMove(s, t, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetTerm(inst));
}

// Sessions on many threads read one database at once; half of the iterations leave
// their cursors and database open for JetEndSession to close. Run under ASan and TSan.
TEST(ApiRead, ManySessionsReadAtOnce)
{
    const std::string db = storage_sample_path("decompress_test.edb");
    JET_INSTANCE inst;
    JET_SESID s;
    ASSERT_EQ(JET_errSuccess, api_open(db.c_str(), &inst, &s));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s, db.c_str(), JET_bitDbReadOnly));
    const int threads = 8, iterations = 20;
    std::vector<long> records(threads, 0), failures(threads, 0);
    std::vector<std::thread> pool;
    for (int k = 0; k < threads; k++) {
        pool.emplace_back([&, k] {
            for (int i = 0; i < iterations; i++) {
                JET_SESID ses = 0;
                JET_DBID dbid = 0;
                JET_TABLEID t = 0, t2 = 0;
                JET_COLUMNDEF def{};
                char buf[64];
                uint32_t cb = 0;
                JET_ERR err = JetBeginSessionA(inst, &ses, "", "");
                if (err >= 0) err = JetOpenDatabaseA(ses, db.c_str(), nullptr, &dbid, JET_bitDbReadOnly);
                if (err >= 0) err = JetOpenTableA(ses, dbid, "test_table", nullptr, 0, 0, &t);
                if (err >= 0) err = JetDupCursor(ses, t, &t2, 0);
                if (err >= 0) err = JetGetTableColumnInfoA(ses, t2, "usual_text", &def, sizeof def, JET_ColInfo);
                for (err = err < 0 ? err : JetMove(ses, t, JET_MoveFirst, 0); err >= 0; err = JetMove(ses, t, JET_MoveNext, 0)) {
                    if (JetRetrieveColumn(ses, t, def.columnid, buf, sizeof buf, &cb, 0, nullptr) != JET_errSuccess) failures[k]++;
                    records[k]++;
                }
                if (err != JET_errNoCurrentRecord) failures[k]++;
                if (i % 2 == 0 && (JetCloseTable(ses, t) < 0 || JetCloseDatabase(ses, dbid, 0) < 0)) failures[k]++;
                if (JetEndSession(ses, 0) < 0) failures[k]++;
            }
        });
    }
    for (auto &th : pool) th.join();
    long all = 0, bad = 0;
    for (int k = 0; k < threads; k++) {
        all += records[k];
        bad += failures[k];
    }
    EXPECT_EQ(threads * iterations * 10, all);
    EXPECT_EQ(0, bad);
    EXPECT_EQ(JET_errSuccess, JetDetachDatabaseA(s, db.c_str()));
    EXPECT_EQ(JET_errSuccess, JetTerm(inst));
}

// One read cycle through the API; the first failing call's code, JET_errSuccess if none.
JET_ERR read_cycle(const std::string &db)
{
    JET_INSTANCE inst = JET_instanceNil;
    JET_SESID s = 0;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0, t2 = 0;
    JET_COLUMNDEF def{};
    char buf[4096];
    uint32_t cb = 0;
    JET_ERR err = JetCreateInstanceA(&inst, "api-read-faults");
    if (err < 0) return err;
    JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
    err = JetInit(&inst);
    if (err < 0) return err; // a failed JetInit frees the instance
    err = JetBeginSessionA(inst, &s, "", "");
    if (err >= 0) err = JetAttachDatabaseA(s, db.c_str(), JET_bitDbReadOnly);
    if (err >= 0) err = JetOpenDatabaseA(s, db.c_str(), nullptr, &dbid, JET_bitDbReadOnly);
    if (err >= 0) err = JetOpenTableA(s, dbid, "binary", nullptr, 0, 0, &t);
    if (err >= 0) err = JetDupCursor(s, t, &t2, 0);
    if (err >= 0) err = JetGetTableColumnInfoA(s, t, "LongBinary", &def, sizeof def, JET_ColInfo);
    if (err >= 0) err = JetMove(s, t, JET_MoveFirst, 0);
    if (err >= 0) err = JetRetrieveColumn(s, t, def.columnid, buf, sizeof buf, &cb, 0, nullptr);
    if (err >= 0) err = JetGetColumnInfoA(s, dbid, "binary", "Id", &def, sizeof def, JET_ColInfo);
    JET_ERR e2 = JetTerm(inst); // closes and detaches whatever is open
    return err < 0 ? err : e2;
}

// Every allocation of a read cycle fails once in turn: the cycle reports
// JET_errOutOfMemory (or gets past it), leaks nothing (ASan) and works afterwards.
TEST(ApiRead, AllocationFailureWalk)
{
    const std::string db = storage_sample_path("binary.edb");
    uint32_t cb_page = 0;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(db.c_str(), &cb_page, sizeof cb_page, JET_DbInfoPageSize));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, cb_page, nullptr));
    int fired = 0, wrong = 0, unusable = 0;
    JET_ERR last = JET_errSuccess;
    for (uint64_t nth = 1; nth < 2000; nth++) {
        compat_fault_arm(COMPAT_FAULT_ALLOC, nth);
        JET_ERR err = read_cycle(db);
        bool hit = compat_fault_fired(COMPAT_FAULT_ALLOC);
        compat_fault_disarm_all();
        if (!hit) {
            last = err;
            break;
        }
        fired++;
        if (err != JET_errOutOfMemory && err != JET_errSuccess) {
            wrong++;
            ADD_FAILURE() << "allocation " << nth << ": " << err;
        }
        uint32_t n = 0;
        JET_INSTANCE_INFO_A *info = nullptr;
        if (JetGetInstanceInfoA(&n, &info) >= 0) {
            for (uint32_t i = 0; i < n; i++) JetTerm(info[i].hInstanceId);
            JetFreeBuffer(reinterpret_cast<char *>(info));
        }
        if (read_cycle(db) != JET_errSuccess) unusable++;
    }
    EXPECT_LT(10, fired);
    EXPECT_EQ(0, wrong);
    EXPECT_EQ(0, unusable);
    EXPECT_EQ(JET_errSuccess, last);
}

} // namespace
