// test_support.h: helpers shared by the compat unit tests: a scratch directory
// per test, whole-file read/write through compat, the process id.
// May call: compat.h, GoogleTest, the C++ standard library.
#ifndef COMPAT_TEST_SUPPORT_H
#define COMPAT_TEST_SUPPORT_H

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compat.h"

namespace compat_test {

// The current process id (for unique names).
unsigned long process_id();

// dir + separator + name (dir may already end with a separator).
std::string join(const std::string &dir, const std::string &name);

// Deletes a directory and everything below it (best effort).
void remove_tree(const std::string &path);

// Entry names of a directory, sorted (empty on error).
std::vector<std::string> list_dir(const std::string &path);

// Creates (or replaces) path with exactly these bytes.
compat_err write_file(const std::string &path, const std::string &bytes);

// The whole content of path; *err gets the error.
std::string read_file(const std::string &path, compat_err *err);

// A fresh, empty directory under the temp dir for each test; removed afterwards.
class ScratchDir : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
    std::string path(const std::string &name) const { return join(dir_, name); }
    std::string dir_;
};

}  // namespace compat_test

#endif
