// numbered_table.h: the fixture of the write tests of table_stats_test.cc,
// record_position_test.cc and column_ddl_test.cc: an instance, a session and a database
// made in a folder of its own; MakeTable makes table "t" of n numbered records (id: long,
// primary index "pk"; grp: id % 10, index "bygrp"; name: text), Reattach detaches and
// attaches the database again.
#ifndef TESTS_WRITE_NUMBERED_TABLE_H
#define TESTS_WRITE_NUMBERED_TABLE_H

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "esent.h"

extern "C" {
#include "compat.h"
}

namespace {

class NumberedTable : public ::testing::Test {
protected:
    void SetUp() override
    {
        static int n;
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir_ = std::string(tmp) + "esent-numbered-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir_.c_str());
        path_ = dir_ + "/numbered.edb";
        std::string name = "numbered-" + std::to_string(n);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &dbid_, 0));
    }
    void TearDown() override
    {
        JetTerm(inst_);
        compat_path_delete(path_.c_str());
        compat_dir_remove(dir_.c_str());
    }
    JET_ERR Open(const char *table, JET_TABLEID *t) { return JetOpenTableA(s_, dbid_, table, nullptr, 0, 0, t); }
    void Reattach()
    {
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &dbid_, 0));
    }
    // A table "t": id (long, primary key), grp (long, non-unique index "bygrp"), name
    // (text); n records with id i, grp i % 10.
    void MakeTable(int n, JET_TABLEID *pt)
    {
        JET_TABLEID t = 0;
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "t", 0, 0, &t));
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &def, nullptr, 0, &id_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "grp", &def, nullptr, 0, &grp_));
        def.coltyp = JET_coltypText;
        def.cbMax = 100;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &def, nullptr, 0, &name_));
        char pk[] = "+id\0", bygrp[] = "+grp\0";
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, pk, sizeof pk, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "bygrp", 0, bygrp, sizeof bygrp, 100));
        for (int i = 0; i < n; i++) {
            int32_t g = i % 10;
            std::string nm = "name-" + std::to_string(i);
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &i, 4, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, grp_, &g, 4, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, name_, nm.data(), (uint32_t)nm.size(), 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        }
        // a cursor opened now follows the primary index
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        ASSERT_EQ(JET_errSuccess, Open("t", &t));
        *pt = t;
    }
    int32_t CurrentId(JET_TABLEID t)
    {
        int32_t v = -1;
        uint32_t cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id_, &v, 4, &cb, 0, nullptr));
        return v;
    }
    JET_ERR Seek(JET_TABLEID t, int32_t id)
    {
        JET_ERR err = JetMakeKey(s_, t, &id, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s_, t, JET_bitSeekEQ);
    }

    std::string dir_, path_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID dbid_ = 0;
    JET_COLUMNID id_ = 0, grp_ = 0, name_ = 0;
};

} // namespace

#endif
