// JET_paramCreatePathIfNotExist: JetCreateDatabase makes the missing folders of the
// database's path, and JetInit those of the temporary database, the system path and the
// log path (ESE's ErrUtilCreatePathIfNotExist, called from ErrDBCreateDatabase and
// ErrITInit). Without it a database in a missing folder cannot be made and nothing is
// created. Written against esent.h only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class CreatePath : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("createpath", "", &dir_, &unused_, &name_);
        sep_ = std::string(1, compat_path_separator());
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        // the deepest first
        for (auto it = made_.rbegin(); it != made_.rend(); ++it) {
            compat_path_delete(it->c_str());
            compat_dir_remove(it->c_str());
        }
        compat_dir_remove(dir_.c_str());
    }
    // Remembers the paths to remove (files and folders), outermost first.
    std::string Under(std::initializer_list<const char *> parts)
    {
        std::string p = dir_;
        for (const char *part : parts) {
            p += sep_ + part;
            made_.push_back(p);
        }
        return p;
    }
    void Start(bool create_paths)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess,
                  JetSetSystemParameterA(&inst_, 0, JET_paramCreatePathIfNotExist, create_paths ? 1 : 0, nullptr));
    }
    static bool IsDir(const std::string &p)
    {
        bool is_dir = false;
        return compat_path_exists(p.c_str(), &is_dir) == COMPAT_OK && is_dir;
    }
    static bool IsFile(const std::string &p)
    {
        bool is_dir = true;
        return compat_path_exists(p.c_str(), &is_dir) == COMPAT_OK && !is_dir;
    }

    std::string dir_, unused_, name_, sep_;
    std::vector<std::string> made_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
};

TEST_F(CreatePath, DefaultIsOff)
{
    JET_API_PTR v = 7;
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst_, 0, JET_paramCreatePathIfNotExist, &v, nullptr, 0));
    EXPECT_EQ(0u, v);
}

TEST_F(CreatePath, CreateDatabaseMakesTheMissingFolders)
{
    Start(true);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    std::string a = Under({ "a" }), ab = Under({ "a", "b" }), db = Under({ "a", "b", "db.edb" });
    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db.c_str(), nullptr, &dbid, 0));
    EXPECT_TRUE(IsDir(a));
    EXPECT_TRUE(IsDir(ab));
    EXPECT_TRUE(IsFile(db));
    // the database works: detach and attach it again by the same path
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, db.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.c_str()));
}

TEST_F(CreatePath, WithoutItNothingIsMade)
{
    Start(false);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    std::string a = Under({ "a" }), db = Under({ "a", "db.edb" });
    JET_DBID dbid = 0;
    EXPECT_GT(0, JetCreateDatabaseA(s_, db.c_str(), nullptr, &dbid, 0));
    EXPECT_FALSE(IsDir(a));
    EXPECT_FALSE(IsFile(db));
}

TEST_F(CreatePath, AFileInTheWayIsAnError)
{
    Start(true);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    std::string first = Under({ "first.edb" });
    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, first.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    // first.edb is a file: no folder of that name can be made
    std::string inside = first + sep_ + "x" + sep_ + "db.edb";
    EXPECT_GT(0, JetCreateDatabaseA(s_, inside.c_str(), nullptr, &dbid, 0));
    EXPECT_FALSE(IsDir(first + sep_ + "x"));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, first.c_str()));
}

TEST_F(CreatePath, InitMakesTheSystemLogAndTempFolders)
{
    Start(true);
    std::string sys = Under({ "sys" }), log = Under({ "log" }), logs = Under({ "log", "inner" }), tmp = Under({ "tmp" }),
                tmpdb = Under({ "tmp", "temp.edb" });
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramSystemPath, 0, (sys + sep_).c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramLogFilePath, 0, (logs + sep_).c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramTempPath, 0, tmpdb.c_str()));
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    EXPECT_TRUE(IsDir(sys));
    EXPECT_TRUE(IsDir(log));
    EXPECT_TRUE(IsDir(logs));
    EXPECT_TRUE(IsDir(tmp));
    // a temporary table works in the folder made for it
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    JET_COLUMNDEF col{};
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypLong;
    col.grbit = JET_bitColumnTTKey;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &col, 1, JET_bitTTIndexed, &t, &id));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
    inst_ = 0;
}

} // namespace
