// DDL inside transactions through the public API: tables, columns and indexes created,
// deleted or renamed inside a transaction are undone by its rollback (nested levels and
// JetEndSession included) and kept by its commit (also after a restart); deletions wait
// for the commit to level 0. docs/semantics.md, "DDL and transactions".
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "enum_alloc.h"
#include "esent.h"
#include "scratch_dir.h"

extern "C" {
#include "compat.h"
}

namespace {

class DdlTrx : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("ddltrx", "ddl.edb", &dir_, &path_, &name_);
        Start();
        JET_DBID db = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s1_, path_.c_str(), nullptr, &db, 0));
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s1_, db, "base", 0, 0, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "id", &def, nullptr, 0, &id_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "v", &def, nullptr, 0, &v_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "byv", 0, "+v\0", 4, 100));
        Insert(s1_, t, 1, 10);
        Insert(s1_, t, 2, 20);
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s1_, db, 0));
        OpenBoth();
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    void Start()
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s1_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2_, "", ""));
    }
    void OpenBoth()
    {
        JetAttachDatabaseA(s1_, path_.c_str(), 0);
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s1_, path_.c_str(), nullptr, &db1_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2_, path_.c_str(), nullptr, &db2_, 0));
    }
    // Ends everything cleanly, starts again and reopens: what is on disk.
    void Restart()
    {
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s1_, db1_, 0));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s2_, db2_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s1_, path_.c_str()));
        ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
        inst_ = 0;
        Start();
        OpenBoth();
    }
    // Every table here has the fixed columns id (1) and v (2).
    static void Insert(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v)
    {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, 1, &id, sizeof id, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, 2, &v, sizeof v, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s, t, nullptr, 0, nullptr)) << "id " << id;
    }
    JET_ERR OpenTable(JET_SESID s, JET_DBID db, const char *name, JET_TABLEID *t)
    {
        return JetOpenTableA(s, db, name, nullptr, 0, 0, t);
    }
    // Whether table name can be opened by s (closes it again).
    JET_ERR Probe(JET_SESID s, JET_DBID db, const char *name)
    {
        JET_TABLEID t = 0;
        JET_ERR err = OpenTable(s, db, name, &t);
        if (err >= 0) JetCloseTable(s, t);
        return err;
    }
    JET_ERR ColumnState(JET_SESID s, JET_DBID db, const char *table, const char *column)
    {
        JET_COLUMNDEF def{};
        return JetGetColumnInfoA(s, db, table, column, &def, sizeof def, JET_ColInfo);
    }
    JET_ERR IndexState(JET_SESID s, JET_DBID db, const char *table, const char *index)
    {
        JET_TABLEID t = 0;
        JET_ERR err = OpenTable(s, db, table, &t);
        if (err < 0) return err;
        err = JetSetCurrentIndexA(s, t, index);
        JetCloseTable(s, t);
        return err;
    }
    int Count(JET_SESID s, JET_DBID db, const char *table)
    {
        JET_TABLEID t = 0;
        int n = 0;
        if (OpenTable(s, db, table, &t) < 0) return -1;
        for (JET_ERR e = JetMove(s, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s, t, JET_MoveNext, 0)) n++;
        JetCloseTable(s, t);
        return n;
    }
    int64_t FileSize()
    {
        FILE *f = std::fopen(path_.c_str(), "rb");
        if (f == nullptr) return -1;
        std::fseek(f, 0, SEEK_END);
        long n = std::ftell(f);
        std::fclose(f);
        return n;
    }
    void CreateWithColumn(JET_SESID s, JET_DBID db, const char *name)
    {
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s, db, name, 0, 0, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        JET_COLUMNID c1 = 0, c2 = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s, t, "id", &def, nullptr, 0, &c1));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s, t, "v", &def, nullptr, 0, &c2));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s, t, "byv", 0, "+v\0", 4, 100));
        Insert(s, t, 7, 70);
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s1_ = 0, s2_ = 0;
    JET_DBID db1_ = 0, db2_ = 0;
    JET_COLUMNID id_ = 0, v_ = 0;
};

TEST_F(DdlTrx, CreatedTableGoesWithRollback)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    CreateWithColumn(s1_, db1_, "fresh");
    EXPECT_EQ(1, Count(s1_, db1_, "fresh"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "fresh"));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s2_, db2_, "fresh"));
    // the name is free again
    CreateWithColumn(s1_, db1_, "fresh");
    EXPECT_EQ(1, Count(s2_, db2_, "fresh"));
    Restart();
    EXPECT_EQ(1, Count(s1_, db1_, "fresh"));
}

TEST_F(DdlTrx, RolledBackTablesGiveTheirSpaceBack)
{
    for (int i = 0; i < 3; i++) {
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
        CreateWithColumn(s1_, db1_, "spin");
        ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    }
    int64_t after_few = FileSize();
    for (int i = 0; i < 60; i++) {
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
        CreateWithColumn(s1_, db1_, "spin");
        ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    }
    // 60 tables of 3+ pages each (and their indexes) would need far more than this
    EXPECT_LE(FileSize(), after_few + 64 * 1024);
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "spin"));
}

TEST_F(DdlTrx, CreatedTableStaysWithCommit)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    CreateWithColumn(s1_, db1_, "kept");
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(1, Count(s2_, db2_, "kept"));
    EXPECT_EQ(JET_errSuccess, IndexState(s2_, db2_, "kept", "byv"));
    Restart();
    EXPECT_EQ(1, Count(s1_, db1_, "kept"));
    EXPECT_EQ(JET_errSuccess, ColumnState(s1_, db1_, "kept", "v"));
}

TEST_F(DdlTrx, AddedColumnGoesWithRollback)
{
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID c = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "extra", &def, nullptr, 0, &c));
    EXPECT_EQ(JET_errSuccess, ColumnState(s1_, db1_, "base", "extra"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errColumnNotFound, ColumnState(s1_, db1_, "base", "extra"));
    // added again, committed: there after a restart
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "extra", &def, nullptr, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
    Restart();
    EXPECT_EQ(JET_errSuccess, ColumnState(s1_, db1_, "base", "extra"));
    EXPECT_EQ(2, Count(s1_, db1_, "base"));
}

TEST_F(DdlTrx, CreatedIndexGoesWithRollback)
{
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "byv2", 0, "-v\0", 4, 100));
    EXPECT_EQ(JET_errSuccess, IndexState(s1_, db1_, "base", "byv2"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errIndexNotFound, IndexState(s1_, db1_, "base", "byv2"));
    EXPECT_EQ(JET_errIndexNotFound, IndexState(s2_, db2_, "base", "byv2"));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "byv2", 0, "-v\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
    Restart();
    EXPECT_EQ(JET_errSuccess, IndexState(s1_, db1_, "base", "byv2"));
}

TEST_F(DdlTrx, DeletedTableComesBackWithRollback)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetDeleteTableA(s1_, db1_, "base"));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "base"));
    EXPECT_EQ(JET_errObjectNotFound, JetDeleteTableA(s1_, db1_, "base"));
    // the name stays taken until the deletion commits
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errTableDuplicate, JetCreateTableA(s1_, db1_, "base", 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(2, Count(s1_, db1_, "base"));
    EXPECT_EQ(2, Count(s2_, db2_, "base"));
    EXPECT_EQ(JET_errSuccess, IndexState(s1_, db1_, "base", "byv"));
    Restart();
    EXPECT_EQ(2, Count(s1_, db1_, "base"));
}

TEST_F(DdlTrx, DeletedTableGoesWithCommitAndItsSpaceIsReused)
{
    // a table large enough that its pages matter
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t));
    for (int32_t i = 100; i < 2100; i++) Insert(s1_, t, i, i);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    int64_t before = FileSize();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetDeleteTableA(s1_, db1_, "base"));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "base"));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s2_, db2_, "base"));
    // a new table of the same size fits in the space given back
    CreateWithColumn(s1_, db1_, "base");
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t));
    for (int32_t i = 100; i < 2100; i++) Insert(s1_, t, i, i);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_LE(FileSize(), before + 64 * 1024);
    Restart();
    EXPECT_EQ(2001, Count(s1_, db1_, "base"));
}

TEST_F(DdlTrx, DeletedIndexComesBackWithRollbackAndGoesWithCommit)
{
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetDeleteIndexA(s1_, t, "byv"));
    EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndexA(s1_, t, "byv"));
    // records written meanwhile still reach it
    Insert(s1_, t, 3, 30);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errIndexNotFound, JetDeleteIndexA(s1_, t, "byv"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndexA(s1_, t, "byv"));

    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "byv", 0, "+v\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetDeleteIndexA(s1_, t, "byv"));
    Insert(s1_, t, 4, 40);
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s1_, t, "byv"));
    int n = 0;
    for (JET_ERR e = JetMove(s1_, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s1_, t, JET_MoveNext, 0)) n++;
    EXPECT_EQ(3, n);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
    Restart();
    EXPECT_EQ(JET_errSuccess, IndexState(s1_, db1_, "base", "byv"));
}

TEST_F(DdlTrx, NestedLevels)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    CreateWithColumn(s1_, db1_, "a");
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    CreateWithColumn(s1_, db1_, "b");
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "b"));
    EXPECT_EQ(1, Count(s1_, db1_, "a"));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    CreateWithColumn(s1_, db1_, "c");
    ASSERT_EQ(JET_errSuccess, JetDeleteTableA(s1_, db1_, "base"));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0)); // into level 1
    EXPECT_EQ(1, Count(s1_, db1_, "c"));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "base"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "a"));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "c"));
    EXPECT_EQ(2, Count(s1_, db1_, "base"));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    CreateWithColumn(s1_, db1_, "d");
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    Restart();
    EXPECT_EQ(1, Count(s1_, db1_, "d"));
}

TEST_F(DdlTrx, RenamesAndDefaultsAreUndone)
{
    int32_t dflt = 5, dflt2 = 9;
    JET_TABLEID t = 0;
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID d = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "d", &def, nullptr, 0, &d));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
    ASSERT_EQ(JET_errSuccess, JetSetColumnDefaultValueA(s1_, db1_, "base", "d", &dflt, sizeof dflt, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetRenameTableA(s1_, db1_, "base", "moved"));
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "moved", &t));
    ASSERT_EQ(JET_errSuccess, JetRenameColumnA(s1_, t, "d", "w", 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
    ASSERT_EQ(JET_errSuccess, JetSetColumnDefaultValueA(s1_, db1_, "moved", "w", &dflt2, sizeof dflt2, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "moved"));
    EXPECT_EQ(JET_errSuccess, ColumnState(s1_, db1_, "base", "d"));
    EXPECT_EQ(JET_errColumnNotFound, ColumnState(s1_, db1_, "base", "w"));
    Restart();
    // the default is the one before the transaction: a new record gets it
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t));
    int32_t id = 50, got = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t, id_, &id, sizeof id, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s1_, t, &id, sizeof id, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s1_, t, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, t, d, &got, sizeof got, &cb, 0, nullptr));
    EXPECT_EQ(5, got);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
}

TEST_F(DdlTrx, DeletedColumnComesBackWithRollback)
{
    JET_TABLEID t = 0;
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID c = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "extra", &def, nullptr, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetDeleteColumnA(s1_, t, "extra"));
    EXPECT_EQ(JET_errColumnNotFound, ColumnState(s1_, db1_, "base", "extra"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, ColumnState(s1_, db1_, "base", "extra"));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetDeleteColumnA(s1_, t, "extra"));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
    Restart();
    EXPECT_EQ(JET_errColumnNotFound, ColumnState(s1_, db1_, "base", "extra"));
}

TEST_F(DdlTrx, EndSessionAtEveryLevelUndoesTheDdl)
{
    for (int level = 1; level <= 7; level++) {
        JET_SESID s = 0;
        JET_DBID db = 0;
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s, "", ""));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, path_.c_str(), nullptr, &db, 0));
        for (int l = 1; l <= level; l++) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
            CreateWithColumn(s, db, ("e" + std::to_string(level) + "_" + std::to_string(l)).c_str());
        }
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, OpenTable(s, db, "base", &t));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s, t, "late", 0, "-v\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));
        ASSERT_EQ(JET_errSuccess, JetDeleteTableA(s, db, "base"));
        ASSERT_EQ(JET_errSuccess, JetEndSession(s, 0));
        for (int l = 1; l <= level; l++)
            EXPECT_EQ(JET_errObjectNotFound,
                      Probe(s2_, db2_, ("e" + std::to_string(level) + "_" + std::to_string(l)).c_str()))
                << level;
        EXPECT_EQ(2, Count(s2_, db2_, "base")) << level;
        EXPECT_EQ(JET_errIndexNotFound, IndexState(s2_, db2_, "base", "late")) << level;
    }
    Restart();
    EXPECT_EQ(JET_errObjectNotFound, Probe(s1_, db1_, "e7_7"));
    EXPECT_EQ(2, Count(s1_, db1_, "base"));
    EXPECT_EQ(JET_errIndexNotFound, IndexState(s1_, db1_, "base", "late"));
}

TEST_F(DdlTrx, OtherSessionsWhileTheDeletionWaits)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetDeleteTableA(s1_, db1_, "base"));
    // ESE: a delete-pending table is locked for the others (fileopen.cxx)
    EXPECT_EQ(JET_errTableLocked, JetDeleteTableA(s2_, db2_, "base"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(2, Count(s2_, db2_, "base"));
}

TEST_F(DdlTrx, OtherSessionsDoNotSeeAnUncommittedTable)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    CreateWithColumn(s1_, db1_, "mine");
    EXPECT_EQ(JET_errObjectNotFound, JetDeleteTableA(s2_, db2_, "mine"));
    // the name is taken (ESE: the catalog's unique Name index has it)
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errTableDuplicate, JetCreateTableA(s2_, db2_, "mine", 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(1, Count(s2_, db2_, "mine"));
}

// Waits for database_table_open (database.c) to ask catalog_table_visible: JetOpenTable
// of another session's uncommitted table, and of a table another session is deleting.
TEST_F(DdlTrx, OtherSessionsCannotOpenPendingTables)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    CreateWithColumn(s1_, db1_, "mine");
    EXPECT_EQ(JET_errObjectNotFound, Probe(s2_, db2_, "mine"));
    ASSERT_EQ(JET_errSuccess, JetDeleteTableA(s1_, db1_, "base"));
    EXPECT_EQ(JET_errTableLocked, Probe(s2_, db2_, "base"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(2, Count(s2_, db2_, "base"));
}

// ESE's ErrRECIAccessColumn / ErrFILEIAccessIndex: a column or index that another
// session's transaction added and has not committed is JET_errColumnNotFound /
// JET_errIndexNotFound for every other session, in every call that names it, and
// missing from the lists; every session's updates keep such an index up to date.
class DdlTrxVisibility : public DdlTrx {
protected:
    static JET_COLUMNDEF LongColumn(JET_GRBIT grbit)
    {
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        def.grbit = grbit;
        return def;
    }
    JET_ERR ColumnById(JET_SESID s, JET_DBID db, JET_COLUMNID c)
    {
        JET_COLUMNDEF def{};
        return JetGetColumnInfoA(s, db, "base", (const char *)&c, &def, sizeof def, JET_ColInfoByColid);
    }
    // Rows of the column list and of the index list (one per key segment) of "base".
    void Lists(JET_SESID s, JET_DBID db, unsigned long *columns, unsigned long *index_rows)
    {
        JET_COLUMNLIST cl{};
        cl.cbStruct = sizeof cl;
        ASSERT_EQ(JET_errSuccess, JetGetColumnInfoA(s, db, "base", nullptr, &cl, sizeof cl, JET_ColInfoList));
        *columns = cl.cRecord;
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s, cl.tableid));
        JET_INDEXLIST il{};
        il.cbStruct = sizeof il;
        ASSERT_EQ(JET_errSuccess, JetGetIndexInfoA(s, db, "base", nullptr, &il, sizeof il, JET_IdxInfoList));
        *index_rows = il.cRecord;
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s, il.tableid));
    }
    // JetEnumerateColumns of the current record: how many columns, all of them or the one
    // asked for (*err: that column's error).
    static unsigned long Enumerated(JET_SESID s, JET_TABLEID t, JET_COLUMNID only, JET_ERR *err)
    {
        JET_ENUMCOLUMNID req{};
        req.columnid = only;
        unsigned long n = 0;
        uint32_t c = 0;
        JET_ENUMCOLUMN *rg = nullptr;
        *err = JetEnumerateColumns(s, t, only ? 1 : 0, only ? &req : nullptr, &c, &rg, TestRealloc, nullptr, 1000, 0);
        n = c;
        if (only && rg != nullptr && c == 1) *err = rg[0].err;
        FreeEnum(rg, c);
        return n;
    }
    // How many tagged values (defaults included) a scan of the current record counts.
    static unsigned long TaggedCount(JET_SESID s, JET_TABLEID t)
    {
        JET_RETRIEVECOLUMN rc{};
        rc.columnid = 0;
        rc.itagSequence = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumns(s, t, &rc, 1));
        return rc.itagSequence;
    }
};

TEST_F(DdlTrxVisibility, OthersDoNotSeeUncommittedColumnsAndIndexes)
{
    JET_TABLEID t1 = 0, t2 = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t1));
    ASSERT_EQ(JET_errSuccess, OpenTable(s2_, db2_, "base", &t2));
    JET_COLUMNDEF def = LongColumn(JET_bitColumnTagged);
    const int32_t dflt = 99;
    JET_COLUMNID extra = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t1, "extra", &def, &dflt, sizeof dflt, &extra));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t1, "byv2", 0, "-v\0", 4, 100));

    // the owner sees both
    EXPECT_EQ(JET_errSuccess, ColumnState(s1_, db1_, "base", "extra"));
    EXPECT_EQ(JET_errSuccess, ColumnById(s1_, db1_, extra));
    EXPECT_EQ(JET_errSuccess, IndexState(s1_, db1_, "base", "byv2"));
    unsigned long columns = 0, index_rows = 0;
    Lists(s1_, db1_, &columns, &index_rows);
    EXPECT_EQ(3u, columns);
    EXPECT_EQ(3u, index_rows);
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, t1, JET_MoveFirst, 0));
    EXPECT_EQ(1u, TaggedCount(s1_, t1)); // the default
    JET_ERR enum_err = 0;
    EXPECT_EQ(3u, Enumerated(s1_, t1, 0, &enum_err));
    EXPECT_EQ(JET_errSuccess, enum_err);

    // the other session sees neither
    EXPECT_EQ(JET_errColumnNotFound, ColumnState(s2_, db2_, "base", "extra"));
    EXPECT_EQ(JET_errColumnNotFound, ColumnById(s2_, db2_, extra));
    JET_COLUMNDEF got{};
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfoA(s2_, t2, "extra", &got, sizeof got, JET_ColInfo));
    EXPECT_EQ(JET_errIndexNotFound, IndexState(s2_, db2_, "base", "byv2"));
    EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndexA(s2_, t2, "byv2"));
    JET_INDEXID idx{};
    EXPECT_EQ(JET_errIndexNotFound,
              JetGetTableIndexInfoA(s2_, t2, "byv2", &idx, sizeof idx, JET_IdxInfoIndexId));
    EXPECT_EQ(JET_errIndexNotFound, JetDeleteIndexA(s2_, t2, "byv2"));
    EXPECT_EQ(JET_errColumnNotFound, JetDeleteColumnA(s2_, t2, "extra"));
    Lists(s2_, db2_, &columns, &index_rows);
    EXPECT_EQ(2u, columns);
    EXPECT_EQ(2u, index_rows);
    ASSERT_EQ(JET_errSuccess, JetMove(s2_, t2, JET_MoveFirst, 0));
    EXPECT_EQ(0u, TaggedCount(s2_, t2));
    EXPECT_EQ(2u, Enumerated(s2_, t2, 0, &enum_err));
    EXPECT_EQ(JET_errSuccess, enum_err);
    Enumerated(s2_, t2, extra, &enum_err);
    EXPECT_EQ(JET_errColumnNotFound, enum_err);
    int32_t v = 0;
    uint32_t cb = 0;
    EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumn(s2_, t2, extra, &v, sizeof v, &cb, 0, nullptr));
    // its inserts work, cannot set the column, and go into the new index too
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s2_, t2, JET_prepInsert));
    EXPECT_EQ(JET_errColumnNotFound, JetSetColumn(s2_, t2, extra, &v, sizeof v, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s2_, t2, JET_prepCancel));
    Insert(s2_, t2, 3, 30);

    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    // committed: everyone sees them, and the index holds the other session's record
    EXPECT_EQ(JET_errSuccess, ColumnState(s2_, db2_, "base", "extra"));
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s2_, t2, extra, &v, sizeof v, &cb, 0, nullptr));
    EXPECT_EQ(dflt, v);
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s2_, t2, "byv2"));
    int n = 0;
    int32_t first = 0;
    for (JET_ERR e = JetMove(s2_, t2, JET_MoveFirst, 0); e >= 0; e = JetMove(s2_, t2, JET_MoveNext, 0)) {
        if (n++ == 0) {
            ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s2_, t2, v_, &first, sizeof first, &cb, 0, nullptr));
        }
    }
    EXPECT_EQ(3, n);
    EXPECT_EQ(30, first); // descending
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
    Restart();
    EXPECT_EQ(JET_errSuccess, ColumnState(s2_, db2_, "base", "extra"));
    EXPECT_EQ(JET_errSuccess, IndexState(s2_, db2_, "base", "byv2"));
}

TEST_F(DdlTrxVisibility, RolledBackOrEndedTheyAreGoneForEveryone)
{
    JET_COLUMNDEF def = LongColumn(0);
    for (int end_session = 0; end_session < 2; end_session++) {
        JET_TABLEID t1 = 0;
        JET_COLUMNID c = 0;
        ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t1));
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t1, "gone", &def, nullptr, 0, &c));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t1, "gonex", 0, "+gone\0", 7, 100));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0)); // into level 1: still not committed
        EXPECT_EQ(JET_errColumnNotFound, ColumnState(s2_, db2_, "base", "gone"));
        EXPECT_EQ(JET_errIndexNotFound, IndexState(s2_, db2_, "base", "gonex"));
        if (end_session) {
            ASSERT_EQ(JET_errSuccess, JetEndSession(s1_, 0));
            ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s1_, "", ""));
            ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s1_, path_.c_str(), nullptr, &db1_, 0));
        } else {
            ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
            ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1));
        }
        for (JET_SESID s : { s1_, s2_ }) {
            JET_DBID db = s == s1_ ? db1_ : db2_;
            EXPECT_EQ(JET_errColumnNotFound, ColumnState(s, db, "base", "gone")) << end_session;
            EXPECT_EQ(JET_errIndexNotFound, IndexState(s, db, "base", "gonex")) << end_session;
        }
    }
    // the names are free again, for the other session too
    JET_TABLEID t2 = 0;
    JET_COLUMNID c = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s2_, db2_, "base", &t2));
    EXPECT_EQ(JET_errSuccess, JetAddColumnA(s2_, t2, "gone", &def, nullptr, 0, &c));
    EXPECT_EQ(JET_errSuccess, JetCreateIndexA(s2_, t2, "gonex", 0, "+gone\0", 7, 100));
    EXPECT_EQ(JET_errSuccess, ColumnState(s1_, db1_, "base", "gone"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
}

// The session's own cursor, opened before the transaction, made the new index its current
// one: the rollback takes the index away and the cursor back to the primary index.
TEST_F(DdlTrxVisibility, RollbackMovesTheOwnCursorOffTheIndex)
{
    JET_TABLEID t1 = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t1, "byv2", 0, "-v\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s1_, t1, "byv2"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    char name[JET_cbNameMost + 1] = {};
    ASSERT_EQ(JET_errSuccess, JetGetCurrentIndexA(s1_, t1, name, sizeof name));
    EXPECT_STREQ("pk", name);
    int32_t id = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, t1, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, t1, id_, &id, sizeof id, &cb, 0, nullptr));
    EXPECT_EQ(1, id);
    EXPECT_EQ(JET_errIndexNotFound, IndexState(s1_, db1_, "base", "byv2"));
    EXPECT_EQ(JET_errIndexNotFound, IndexState(s2_, db2_, "base", "byv2"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1));
    Restart();
    EXPECT_EQ(JET_errIndexNotFound, IndexState(s1_, db1_, "base", "byv2"));
}

// A transaction sees the catalog as of its begin: what another session commits later
// (a table, a column, an index), in a transaction or outside one, stays out of its view
// until it ends; sessions outside transactions see it at once.
TEST_F(DdlTrxVisibility, OlderSnapshotsDoNotSeeLaterDdl)
{
    JET_COLUMNDEF def = LongColumn(JET_bitColumnTagged);
    JET_TABLEID t1 = 0;
    JET_COLUMNID c = 0;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t1, "late", &def, nullptr, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t1, "byv3", 0, "-v\0", 4, 100));
    CreateWithColumn(s1_, db1_, "newer");
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    // outside a transaction: everything committed
    EXPECT_EQ(JET_errSuccess, ColumnState(s1_, db1_, "base", "late"));
    EXPECT_EQ(JET_errSuccess, IndexState(s1_, db1_, "base", "byv3"));
    EXPECT_EQ(1, Count(s1_, db1_, "newer"));
    // the older snapshot: none of it
    EXPECT_EQ(JET_errColumnNotFound, ColumnState(s2_, db2_, "base", "late"));
    EXPECT_EQ(JET_errIndexNotFound, IndexState(s2_, db2_, "base", "byv3"));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s2_, db2_, "newer"));
    // a later snapshot sees it all
    JET_SESID s3 = 0;
    JET_DBID db3 = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s3, "", ""));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s3, path_.c_str(), nullptr, &db3, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s3));
    EXPECT_EQ(JET_errSuccess, ColumnState(s3, db3, "base", "late"));
    EXPECT_EQ(JET_errSuccess, IndexState(s3, db3, "base", "byv3"));
    EXPECT_EQ(1, Count(s3, db3, "newer"));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s3, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ(JET_errSuccess, ColumnState(s2_, db2_, "base", "late"));
    EXPECT_EQ(JET_errSuccess, IndexState(s2_, db2_, "base", "byv3"));
    EXPECT_EQ(1, Count(s2_, db2_, "newer"));

    // DDL outside a transaction commits at once: hidden from the snapshots open then
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t1, "later", &def, nullptr, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t1, "byid2", 0, "-id\0", 5, 100));
    CreateWithColumn(s1_, db1_, "newest");
    EXPECT_EQ(JET_errColumnNotFound, ColumnState(s2_, db2_, "base", "later"));
    EXPECT_EQ(JET_errIndexNotFound, IndexState(s2_, db2_, "base", "byid2"));
    EXPECT_EQ(JET_errObjectNotFound, Probe(s2_, db2_, "newest"));
    EXPECT_EQ(JET_errSuccess, ColumnState(s1_, db1_, "base", "later"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2_, 0));
    EXPECT_EQ(JET_errSuccess, ColumnState(s2_, db2_, "base", "later"));
    EXPECT_EQ(JET_errSuccess, IndexState(s2_, db2_, "base", "byid2"));
    EXPECT_EQ(1, Count(s2_, db2_, "newest"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s3, 0));
}

// ESE's JetDeleteColumn flags the FIELD versioned and replaces its catalog row in the
// transaction: the deleter no longer finds the column, everyone else still does (their
// view has the old row) until the commit, and changing that row from another
// transaction is a write conflict.
TEST_F(DdlTrxVisibility, ColumnDeletionIsTheDeletersUntilTheCommit)
{
    JET_COLUMNDEF def = LongColumn(JET_bitColumnTagged);
    JET_TABLEID t1 = 0, t2 = 0;
    JET_COLUMNID extra = 0;
    const int32_t seven = 7;
    ASSERT_EQ(JET_errSuccess, OpenTable(s1_, db1_, "base", &t1));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t1, "extra", &def, &seven, sizeof seven, &extra));
    ASSERT_EQ(JET_errSuccess, OpenTable(s2_, db2_, "base", &t2));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetDeleteColumnA(s1_, t1, "extra"));
    EXPECT_EQ(JET_errColumnNotFound, ColumnState(s1_, db1_, "base", "extra"));
    int32_t v = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, t1, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumn(s1_, t1, extra, &v, sizeof v, &cb, 0, nullptr));
    // the other session: still there, with its default
    EXPECT_EQ(JET_errSuccess, ColumnState(s2_, db2_, "base", "extra"));
    ASSERT_EQ(JET_errSuccess, JetMove(s2_, t2, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s2_, t2, extra, &v, sizeof v, &cb, 0, nullptr));
    EXPECT_EQ(seven, v);
    EXPECT_EQ(JET_errWriteConflict, JetDeleteColumnA(s2_, t2, "extra"));
    EXPECT_EQ(JET_errWriteConflict, JetRenameColumnA(s2_, t2, "extra", "other", 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errColumnNotFound, ColumnState(s2_, db2_, "base", "extra"));
    EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumn(s2_, t2, extra, &v, sizeof v, &cb, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
}

} // namespace
