// crash_files.h: the folders of the durability tests: the names a folder holds, a folder
// removed with everything in it, a test's own fresh folder, an instance logging into one,
// and every file of one folder copied into another as it stands (what a process killed
// at that instant would leave on disk: the engine's writes are all in the files already).
#ifndef TESTS_DURABILITY_CRASH_FILES_H
#define TESTS_DURABILITY_CRASH_FILES_H

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "compat.h"
#include "esent.h"

inline std::vector<std::string> FolderNames(const std::string &d)
{
    std::vector<std::string> v;
    compat_dir_list(
        d.c_str(),
        [](void *ctx, const char *name) {
            static_cast<std::vector<std::string> *>(ctx)->push_back(name);
            return true;
        },
        &v);
    return v;
}

// d may end with a separator.
inline void RemoveFolder(std::string d)
{
    if (!d.empty() && (d.back() == '/' || d.back() == '\\')) d.pop_back();
    for (const auto &n : FolderNames(d)) compat_path_delete((d + compat_path_separator() + n).c_str());
    compat_dir_remove(d.c_str());
}

// The folder <current folder>/<prefix><the running test's name><suffix>, emptied and made
// again; *out is its path with a separator at the end.
inline void FreshTestFolder(const std::string &prefix, const std::string &suffix, std::string *out)
{
    char cwd[1024];
    ASSERT_EQ(COMPAT_OK, compat_current_dir(cwd, sizeof cwd));
    const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string d = std::string(cwd) + compat_path_separator() + prefix + info->name() + suffix;
    RemoveFolder(d);
    ASSERT_EQ(COMPAT_OK, compat_dir_create(d.c_str()));
    *out = d + compat_path_separator();
}

// Instance inst keeps its log ("on"), its checkpoint and its temporary files in folder dir.
inline void LogIntoFolder(JET_INSTANCE *inst, const std::string &dir)
{
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(inst, 0, JET_paramRecovery, 0, "on"));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(inst, 0, JET_paramLogFilePath, 0, dir.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(inst, 0, JET_paramSystemPath, 0, dir.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(inst, 0, JET_paramTempPath, 0, dir.c_str()));
}

// from and to end with a separator.
inline void CopyFiles(const std::string &from, const std::string &to)
{
    for (const auto &n : FolderNames(from)) {
        compat_file *in = nullptr, *out = nullptr;
        uint64_t size = 0;
        ASSERT_EQ(COMPAT_OK, compat_file_open((from + n).c_str(), COMPAT_FILE_READ, &in)) << n;
        ASSERT_EQ(COMPAT_OK, compat_file_size(in, &size));
        std::vector<uint8_t> buf(size ? size : 1u);
        size_t got = 0;
        ASSERT_EQ(COMPAT_OK, compat_file_read_at(in, buf.data(), size, 0, &got));
        ASSERT_EQ(size, got);
        ASSERT_EQ(COMPAT_OK, compat_file_close(in));
        ASSERT_EQ(COMPAT_OK,
                  compat_file_open((to + n).c_str(), COMPAT_FILE_WRITE | COMPAT_FILE_READ | COMPAT_FILE_CREATE, &out))
            << n;
        ASSERT_EQ(COMPAT_OK, compat_file_set_size(out, 0));
        ASSERT_EQ(COMPAT_OK, compat_file_write_at(out, buf.data(), size, 0));
        ASSERT_EQ(COMPAT_OK, compat_file_flush(out));
        ASSERT_EQ(COMPAT_OK, compat_file_close(out));
    }
}

#endif
