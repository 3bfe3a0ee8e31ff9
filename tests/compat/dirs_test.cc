// dirs_test.cc: directories (create, list, remove) and temporary files.
// May call: compat.h, GoogleTest, the C++ standard library.
#include <cstring>
#include <set>
#include <string>

#include "test_support.h"

using compat_test::list_dir;
using compat_test::ScratchDir;
using compat_test::write_file;

namespace {

class CompatDir : public ScratchDir {};

TEST_F(CompatDir, CreateExistsAndRemove)
{
    std::string d = path("sub");
    bool is_dir = false;
    EXPECT_EQ(compat_path_exists(d.c_str(), &is_dir), COMPAT_ENOENT);
    ASSERT_EQ(compat_dir_create(d.c_str()), COMPAT_OK);
    ASSERT_EQ(compat_path_exists(d.c_str(), &is_dir), COMPAT_OK);
    EXPECT_TRUE(is_dir);
    EXPECT_EQ(compat_dir_create(d.c_str()), COMPAT_EEXIST);
    EXPECT_EQ(compat_dir_create(path("no/such/parent").c_str()), COMPAT_ENOENT);
    ASSERT_EQ(compat_dir_remove(d.c_str()), COMPAT_OK);
    EXPECT_EQ(compat_path_exists(d.c_str(), &is_dir), COMPAT_ENOENT);
    EXPECT_EQ(compat_dir_remove(d.c_str()), COMPAT_ENOENT);
}

TEST_F(CompatDir, RemoveNonEmptyFails)
{
    std::string d = path("full");
    ASSERT_EQ(compat_dir_create(d.c_str()), COMPAT_OK);
    std::string f = compat_test::join(d, "file");
    ASSERT_EQ(write_file(f, "x"), COMPAT_OK);
    EXPECT_EQ(compat_dir_remove(d.c_str()), COMPAT_EEXIST);
    bool is_dir = false;
    EXPECT_EQ(compat_path_exists(f.c_str(), &is_dir), COMPAT_OK); // nothing removed
    ASSERT_EQ(compat_path_delete(f.c_str()), COMPAT_OK);
    EXPECT_EQ(compat_dir_remove(d.c_str()), COMPAT_OK);
    // A file is not a directory to remove.
    ASSERT_EQ(write_file(path("plain"), "x"), COMPAT_OK);
    EXPECT_NE(compat_dir_remove(path("plain").c_str()), COMPAT_OK);
    EXPECT_EQ(compat_path_exists(path("plain").c_str(), &is_dir), COMPAT_OK);
}

TEST_F(CompatDir, CreateParentsMakesEveryMissingFolder)
{
    std::string sep(1, compat_path_separator());
    std::string a = path("a"), ab = a + sep + "b", abc = ab + sep + "c";
    bool is_dir = false;
    // the folders of a file path: a, a/b, a/b/c; the file itself is not made
    ASSERT_EQ(compat_dir_create_parents((abc + sep + "file.edb").c_str()), COMPAT_OK);
    for (const std::string &d : {a, ab, abc}) {
        ASSERT_EQ(compat_path_exists(d.c_str(), &is_dir), COMPAT_OK) << d;
        EXPECT_TRUE(is_dir) << d;
    }
    EXPECT_EQ(compat_path_exists((abc + sep + "file.edb").c_str(), &is_dir), COMPAT_ENOENT);
    // all there already: nothing to do
    EXPECT_EQ(compat_dir_create_parents((abc + sep + "file.edb").c_str()), COMPAT_OK);
    // a folder path with its trailing separator is made whole; '/' separates everywhere
    std::string d = path("d") + "/e" + sep;
    ASSERT_EQ(compat_dir_create_parents(d.c_str()), COMPAT_OK);
    ASSERT_EQ(compat_path_exists((path("d") + sep + "e").c_str(), &is_dir), COMPAT_OK);
    EXPECT_TRUE(is_dir);
    // a bare file name has no folder to make
    EXPECT_EQ(compat_dir_create_parents("no-folder.edb"), COMPAT_OK);
    EXPECT_EQ(compat_path_exists("no-folder.edb", &is_dir), COMPAT_ENOENT);
    // a file where a folder should be
    ASSERT_EQ(write_file(path("plain"), "x"), COMPAT_OK);
    EXPECT_EQ(compat_dir_create_parents((path("plain") + sep + "x" + sep + "f").c_str()), COMPAT_EEXIST);
    EXPECT_EQ(compat_path_exists((path("plain") + sep + "x").c_str(), &is_dir), COMPAT_ENOENT);
    EXPECT_EQ(compat_dir_create_parents(nullptr), COMPAT_EINVAL);
}

struct ListCtx {
    std::set<std::string> names;
    int calls = 0;
    int stop_after = -1;
};

bool list_fn(void *ctx, const char *name)
{
    auto *c = static_cast<ListCtx *>(ctx);
    c->names.insert(name);
    c->calls++;
    return c->calls != c->stop_after;
}

TEST_F(CompatDir, ListGivesEveryEntryOnce)
{
    ListCtx empty;
    ASSERT_EQ(compat_dir_list(dir_.c_str(), list_fn, &empty), COMPAT_OK);
    EXPECT_EQ(empty.calls, 0); // no "." or ".."

    for (const char *n : {"one", "two.txt", "three.bin"})
        ASSERT_EQ(write_file(path(n), n), COMPAT_OK);
    ASSERT_EQ(compat_dir_create(path("subdir").c_str()), COMPAT_OK);
    ASSERT_EQ(write_file(compat_test::join(path("subdir"), "nested"), "n"), COMPAT_OK);

    ListCtx all;
    ASSERT_EQ(compat_dir_list(dir_.c_str(), list_fn, &all), COMPAT_OK);
    EXPECT_EQ(all.calls, 4);
    EXPECT_EQ(all.names, (std::set<std::string>{"one", "two.txt", "three.bin", "subdir"}));

    ListCtx stop;
    stop.stop_after = 1;
    ASSERT_EQ(compat_dir_list(dir_.c_str(), list_fn, &stop), COMPAT_OK);
    EXPECT_EQ(stop.calls, 1);

    ListCtx missing;
    EXPECT_EQ(compat_dir_list(path("missing").c_str(), list_fn, &missing), COMPAT_ENOENT);
    EXPECT_EQ(missing.calls, 0);
    EXPECT_EQ(compat_dir_list(dir_.c_str(), nullptr, nullptr), COMPAT_EINVAL);
}

TEST(CompatTemp, TempDirExistsWithTrailingSeparator)
{
    char buf[1024];
    ASSERT_EQ(compat_temp_dir(buf, sizeof buf), COMPAT_OK);
    size_t len = std::strlen(buf);
    ASSERT_GT(len, 1u);
    EXPECT_EQ(buf[len - 1], compat_path_separator());
    bool is_dir = false;
    ASSERT_EQ(compat_path_exists(buf, &is_dir), COMPAT_OK) << buf;
    EXPECT_TRUE(is_dir);
    char small[2] = {'q', 'q'};
    EXPECT_EQ(compat_temp_dir(small, sizeof small), COMPAT_ERANGE);
    EXPECT_EQ(compat_temp_dir(buf, len), COMPAT_ERANGE); // no room for the NUL
    EXPECT_EQ(compat_temp_dir(buf, len + 1), COMPAT_OK);
}

TEST_F(CompatDir, TempFilesAreNewAndDistinct)
{
    char p1[1024], p2[1024];
    compat_file *f1 = nullptr, *f2 = nullptr;
    ASSERT_EQ(compat_temp_file(nullptr, p1, sizeof p1, &f1), COMPAT_OK);
    ASSERT_EQ(compat_temp_file(nullptr, p2, sizeof p2, &f2), COMPAT_OK);
    EXPECT_STRNE(p1, p2);
    char tmp[1024];
    ASSERT_EQ(compat_temp_dir(tmp, sizeof tmp), COMPAT_OK);
    EXPECT_EQ(std::strncmp(p1, tmp, std::strlen(tmp)), 0) << p1 << " not in " << tmp;

    uint64_t size = 1;
    ASSERT_EQ(compat_file_size(f1, &size), COMPAT_OK);
    EXPECT_EQ(size, 0u);
    ASSERT_EQ(compat_file_write_at(f1, "temp", 4, 0), COMPAT_OK);
    char buf[4];
    size_t done = 0;
    ASSERT_EQ(compat_file_read_at(f1, buf, 4, 0, &done), COMPAT_OK);
    EXPECT_EQ(std::string(buf, done), "temp");
    ASSERT_EQ(compat_file_close(f1), COMPAT_OK);
    ASSERT_EQ(compat_file_close(f2), COMPAT_OK);
    compat_err err;
    EXPECT_EQ(compat_test::read_file(p1, &err), "temp"); // kept after close
    EXPECT_EQ(compat_path_delete(p1), COMPAT_OK);
    EXPECT_EQ(compat_path_delete(p2), COMPAT_OK);

    // In a given directory, with or without the trailing separator.
    ASSERT_EQ(compat_temp_file(dir_.c_str(), p1, sizeof p1, &f1), COMPAT_OK);
    ASSERT_EQ(compat_file_close(f1), COMPAT_OK);
    std::string with_sep = dir_ + compat_path_separator();
    ASSERT_EQ(compat_temp_file(with_sep.c_str(), p2, sizeof p2, &f2), COMPAT_OK);
    ASSERT_EQ(compat_file_close(f2), COMPAT_OK);
    EXPECT_STRNE(p1, p2);
    EXPECT_EQ(list_dir(dir_).size(), 2u);
    for (const char *p : {p1, p2}) {
        EXPECT_EQ(std::strncmp(p, with_sep.c_str(), with_sep.size()), 0) << p;
        EXPECT_EQ(std::strchr(p + with_sep.size(), compat_path_separator()), nullptr) << p;
    }

    // No room for the name: ERANGE and nothing created.
    char small[8];
    compat_file *f3 = nullptr;
    EXPECT_EQ(compat_temp_file(dir_.c_str(), small, sizeof small, &f3), COMPAT_ERANGE);
    EXPECT_EQ(f3, nullptr);
    EXPECT_EQ(list_dir(dir_).size(), 2u);
    EXPECT_EQ(compat_temp_file(path("missing").c_str(), p1, sizeof p1, &f3), COMPAT_ENOENT);
}

} // namespace
