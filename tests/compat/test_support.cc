// test_support.cc: the helpers of test_support.h.
// May call: compat.h, GoogleTest, the C++ standard library, getpid/_getpid.
#include "test_support.h"

#include <algorithm>
#include <atomic>

#ifdef _WIN32
#include <process.h>
#else
#include <unistd.h>
#endif

namespace compat_test {

unsigned long process_id()
{
#ifdef _WIN32
    return static_cast<unsigned long>(_getpid());
#else
    return static_cast<unsigned long>(getpid());
#endif
}

std::string join(const std::string &dir, const std::string &name)
{
    if (!dir.empty() && (dir.back() == '/' || dir.back() == '\\'))
        return dir + name;
    return dir + compat_path_separator() + name;
}

static bool collect(void *ctx, const char *name)
{
    static_cast<std::vector<std::string> *>(ctx)->push_back(name);
    return true;
}

std::vector<std::string> list_dir(const std::string &path)
{
    std::vector<std::string> names;
    if (compat_dir_list(path.c_str(), collect, &names) != COMPAT_OK)
        names.clear();
    std::sort(names.begin(), names.end());
    return names;
}

void remove_tree(const std::string &path)
{
    for (const std::string &name : list_dir(path)) {
        std::string child = join(path, name);
        bool is_dir = false;
        if (compat_path_exists(child.c_str(), &is_dir) == COMPAT_OK && is_dir)
            remove_tree(child);
        else
            (void)compat_path_delete(child.c_str());
    }
    (void)compat_dir_remove(path.c_str());
}

compat_err write_file(const std::string &path, const std::string &bytes)
{
    compat_file *f = nullptr;
    compat_err err = compat_file_open(path.c_str(),
                                      COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE, &f);
    if (err != COMPAT_OK)
        return err;
    err = compat_file_write_at(f, bytes.data(), bytes.size(), 0);
    compat_err close_err = compat_file_close(f);
    return err != COMPAT_OK ? err : close_err;
}

std::string read_file(const std::string &path, compat_err *err)
{
    compat_file *f = nullptr;
    std::string out;
    uint64_t size = 0;
    size_t done = 0;
    *err = compat_file_open(path.c_str(), COMPAT_FILE_READ, &f);
    if (*err != COMPAT_OK)
        return out;
    *err = compat_file_size(f, &size);
    if (*err == COMPAT_OK) {
        out.resize(static_cast<size_t>(size));
        *err = compat_file_read_at(f, &out[0], out.size(), 0, &done);
        out.resize(done);
    }
    compat_err close_err = compat_file_close(f);
    if (*err == COMPAT_OK)
        *err = close_err;
    return out;
}

void ScratchDir::SetUp()
{
    static std::atomic<unsigned> counter{0};
    char tmp[1024];
    ASSERT_EQ(compat_temp_dir(tmp, sizeof tmp), COMPAT_OK);
    const ::testing::TestInfo *info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = join(tmp, "compat-test-" + std::to_string(process_id()) + "-" + std::to_string(counter++) + "-" +
                         info->name());
    remove_tree(dir_);
    ASSERT_EQ(compat_dir_create(dir_.c_str()), COMPAT_OK) << dir_;
}

void ScratchDir::TearDown()
{
    compat_fault_disarm_all();
    remove_tree(dir_);
}

}  // namespace compat_test
