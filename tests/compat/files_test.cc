// files_test.cc: files (open modes, positional I/O, sparse offsets > 4 GiB, size,
// flush, advisory locks within and across processes), paths (rename, delete,
// exists, non-ASCII names, Unix absolute paths).
// May call: compat.h, GoogleTest, the C++ standard library; to start a second
// process: fork/waitpid on POSIX, CreateProcessW on Windows.
#include <cstdlib>
#include <cstring>
#include <string>

#include "test_support.h"

#ifdef _WIN32
#include <direct.h>
#include <windows.h>
#else
#include <sys/wait.h>
#include <unistd.h>
#endif

using compat_test::read_file;
using compat_test::ScratchDir;
using compat_test::write_file;

namespace {

class CompatFile : public ScratchDir {};

constexpr unsigned kRW = COMPAT_FILE_READ | COMPAT_FILE_WRITE;

TEST_F(CompatFile, ExclusiveCreateFailsOnExisting)
{
    std::string p = path("a.bin");
    compat_file *f = nullptr;
    EXPECT_EQ(compat_file_open(p.c_str(), kRW, &f), COMPAT_ENOENT);
    EXPECT_EQ(f, nullptr);
    ASSERT_EQ(compat_file_open(p.c_str(), kRW | COMPAT_FILE_CREATE | COMPAT_FILE_EXCLUSIVE, &f), COMPAT_OK);
    ASSERT_EQ(compat_file_write_at(f, "xyz", 3, 0), COMPAT_OK);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);

    f = nullptr;
    EXPECT_EQ(compat_file_open(p.c_str(), kRW | COMPAT_FILE_CREATE | COMPAT_FILE_EXCLUSIVE, &f), COMPAT_EEXIST);
    EXPECT_EQ(f, nullptr);
    compat_err err;
    EXPECT_EQ(read_file(p, &err), "xyz"); // untouched
    EXPECT_EQ(err, COMPAT_OK);

    // CREATE without EXCLUSIVE opens the existing file as it is.
    ASSERT_EQ(compat_file_open(p.c_str(), kRW | COMPAT_FILE_CREATE, &f), COMPAT_OK);
    uint64_t size = 0;
    EXPECT_EQ(compat_file_size(f, &size), COMPAT_OK);
    EXPECT_EQ(size, 3u);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);

    // TRUNCATE empties it.
    ASSERT_EQ(compat_file_open(p.c_str(), COMPAT_FILE_WRITE | COMPAT_FILE_TRUNCATE, &f), COMPAT_OK);
    EXPECT_EQ(compat_file_size(f, &size), COMPAT_OK);
    EXPECT_EQ(size, 0u);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);
}

TEST_F(CompatFile, BadOpenFlagsAndDirectories)
{
    std::string p = path("b.bin");
    compat_file *f = nullptr;
    EXPECT_EQ(compat_file_open(p.c_str(), 0, &f), COMPAT_EINVAL);
    EXPECT_EQ(compat_file_open(p.c_str(), COMPAT_FILE_CREATE, &f), COMPAT_EINVAL);
    EXPECT_EQ(compat_file_open(p.c_str(), COMPAT_FILE_READ | COMPAT_FILE_TRUNCATE | COMPAT_FILE_CREATE, &f),
              COMPAT_EINVAL);
    EXPECT_EQ(compat_file_open(p.c_str(), kRW | COMPAT_FILE_EXCLUSIVE, &f), COMPAT_EINVAL);
    EXPECT_EQ(compat_file_open(p.c_str(), kRW | (1u << 20), &f), COMPAT_EINVAL);
    EXPECT_EQ(compat_file_open(nullptr, kRW, &f), COMPAT_EINVAL);
    EXPECT_EQ(compat_file_open(p.c_str(), kRW | COMPAT_FILE_CREATE, nullptr), COMPAT_EINVAL);
    bool is_dir;
    EXPECT_EQ(compat_path_exists(p.c_str(), &is_dir), COMPAT_ENOENT); // none of those created it
    EXPECT_EQ(compat_file_open(dir_.c_str(), COMPAT_FILE_READ, &f), COMPAT_EACCES);
    EXPECT_EQ(compat_file_open(dir_.c_str(), kRW, &f), COMPAT_EACCES);
    EXPECT_EQ(compat_file_open(path("missing/x.bin").c_str(), kRW | COMPAT_FILE_CREATE, &f), COMPAT_ENOENT);
}

TEST_F(CompatFile, PositionalReadWriteAndShortReadAtEof)
{
    compat_file *f = nullptr;
    ASSERT_EQ(compat_file_open(path("c.bin").c_str(), kRW | COMPAT_FILE_CREATE, &f), COMPAT_OK);
    ASSERT_EQ(compat_file_write_at(f, "0123456789", 10, 0), COMPAT_OK);
    ASSERT_EQ(compat_file_write_at(f, "AB", 2, 4), COMPAT_OK);
    ASSERT_EQ(compat_file_write_at(f, "", 0, 3), COMPAT_OK);

    char buf[100];
    size_t done = 99;
    ASSERT_EQ(compat_file_read_at(f, buf, 4, 3, &done), COMPAT_OK);
    EXPECT_EQ(done, 4u);
    EXPECT_EQ(std::string(buf, 4), "3AB6");

    // Asking past the end gives what is there.
    ASSERT_EQ(compat_file_read_at(f, buf, sizeof buf, 4, &done), COMPAT_OK);
    EXPECT_EQ(done, 6u);
    EXPECT_EQ(std::string(buf, done), "AB6789");
    // At and beyond the end: zero bytes, no error.
    ASSERT_EQ(compat_file_read_at(f, buf, sizeof buf, 10, &done), COMPAT_OK);
    EXPECT_EQ(done, 0u);
    ASSERT_EQ(compat_file_read_at(f, buf, sizeof buf, 1000, &done), COMPAT_OK);
    EXPECT_EQ(done, 0u);

    // A write after the end leaves a zero-filled gap.
    ASSERT_EQ(compat_file_write_at(f, "Z", 1, 15), COMPAT_OK);
    ASSERT_EQ(compat_file_read_at(f, buf, sizeof buf, 8, &done), COMPAT_OK);
    ASSERT_EQ(done, 8u);
    EXPECT_EQ(std::memcmp(buf, "89\0\0\0\0\0Z", 8), 0);

    EXPECT_EQ(compat_file_flush(f), COMPAT_OK);
    EXPECT_EQ(compat_file_read_at(f, buf, 1, UINT64_MAX, &done), COMPAT_EINVAL);
    EXPECT_EQ(compat_file_write_at(f, buf, 1, UINT64_MAX), COMPAT_EINVAL);
    EXPECT_EQ(compat_file_read_at(f, buf, 1, 0, nullptr), COMPAT_EINVAL);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);
}

TEST_F(CompatFile, LargeSparseOffsetsBeyond4GiB)
{
    const uint64_t four_gib = 4ull << 30;
    const uint64_t far_off = 5ull << 30;
    compat_file *f = nullptr;
    ASSERT_EQ(compat_file_open(path("big.bin").c_str(), kRW | COMPAT_FILE_CREATE, &f), COMPAT_OK);
    ASSERT_EQ(compat_file_write_at(f, "ABCDEFGH", 8, four_gib - 4), COMPAT_OK); // across 2^32
    ASSERT_EQ(compat_file_write_at(f, "far!", 4, far_off + 123), COMPAT_OK);

    uint64_t size = 0;
    ASSERT_EQ(compat_file_size(f, &size), COMPAT_OK);
    EXPECT_EQ(size, far_off + 127);

    char buf[16];
    size_t done = 0;
    ASSERT_EQ(compat_file_read_at(f, buf, 8, four_gib - 4, &done), COMPAT_OK);
    ASSERT_EQ(done, 8u);
    EXPECT_EQ(std::string(buf, 8), "ABCDEFGH");
    ASSERT_EQ(compat_file_read_at(f, buf, 4, four_gib, &done), COMPAT_OK); // offset exactly 2^32
    EXPECT_EQ(std::string(buf, done), "EFGH");
    ASSERT_EQ(compat_file_read_at(f, buf, sizeof buf, far_off + 120, &done), COMPAT_OK);
    ASSERT_EQ(done, 7u);
    EXPECT_EQ(std::memcmp(buf, "\0\0\0far!", 7), 0);
    ASSERT_EQ(compat_file_read_at(f, buf, 8, 1ull << 30, &done), COMPAT_OK); // a hole reads as zeros
    ASSERT_EQ(done, 8u);
    EXPECT_EQ(std::memcmp(buf, "\0\0\0\0\0\0\0\0", 8), 0);

    // Shrinking below 4 GiB keeps what is left and drops the rest.
    ASSERT_EQ(compat_file_set_size(f, four_gib - 2), COMPAT_OK);
    ASSERT_EQ(compat_file_size(f, &size), COMPAT_OK);
    EXPECT_EQ(size, four_gib - 2);
    ASSERT_EQ(compat_file_read_at(f, buf, sizeof buf, four_gib - 4, &done), COMPAT_OK);
    EXPECT_EQ(std::string(buf, done), "AB");
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);
}

TEST_F(CompatFile, SetSizeGrowsAndShrinks)
{
    compat_file *f = nullptr;
    ASSERT_EQ(compat_file_open(path("d.bin").c_str(), kRW | COMPAT_FILE_CREATE, &f), COMPAT_OK);
    ASSERT_EQ(compat_file_write_at(f, "hello", 5, 0), COMPAT_OK);
    ASSERT_EQ(compat_file_set_size(f, 1 << 20), COMPAT_OK);
    uint64_t size = 0;
    ASSERT_EQ(compat_file_size(f, &size), COMPAT_OK);
    EXPECT_EQ(size, 1u << 20);
    char buf[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    size_t done = 0;
    ASSERT_EQ(compat_file_read_at(f, buf, 8, (1 << 20) - 8, &done), COMPAT_OK);
    ASSERT_EQ(done, 8u);
    EXPECT_EQ(std::memcmp(buf, "\0\0\0\0\0\0\0\0", 8), 0);
    ASSERT_EQ(compat_file_flush(f), COMPAT_OK);

    ASSERT_EQ(compat_file_set_size(f, 3), COMPAT_OK);
    ASSERT_EQ(compat_file_size(f, &size), COMPAT_OK);
    EXPECT_EQ(size, 3u);
    ASSERT_EQ(compat_file_read_at(f, buf, 8, 0, &done), COMPAT_OK);
    EXPECT_EQ(std::string(buf, done), "hel");
    ASSERT_EQ(compat_file_set_size(f, 0), COMPAT_OK);
    ASSERT_EQ(compat_file_size(f, &size), COMPAT_OK);
    EXPECT_EQ(size, 0u);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);

    compat_err err;
    EXPECT_EQ(read_file(path("d.bin"), &err), "");
    EXPECT_EQ(err, COMPAT_OK);
}

TEST_F(CompatFile, TrimGivesBackDiskSpaceAndReadsZeros)
{
    const size_t mib = 1u << 20;
    std::string data(mib, 'x');
    compat_file *f = nullptr;
    ASSERT_EQ(compat_file_open(path("t.bin").c_str(), kRW | COMPAT_FILE_CREATE, &f), COMPAT_OK);
    ASSERT_EQ(compat_file_write_at(f, data.data(), data.size(), 0), COMPAT_OK);
    ASSERT_EQ(compat_file_flush(f), COMPAT_OK);
    uint64_t before = 0, after = 0, size = 0;
    ASSERT_EQ(compat_file_size_on_disk(f, &before), COMPAT_OK);
    EXPECT_LE(before, (uint64_t)mib);
    compat_err e = compat_file_trim(f, 256u << 10, 512u << 10);
    if (e == COMPAT_ENOTSUP) {
        compat_file_close(f);
        GTEST_SKIP() << "no hole punching on this file system";
    }
    ASSERT_EQ(e, COMPAT_OK);
    ASSERT_EQ(compat_file_size(f, &size), COMPAT_OK);
    EXPECT_EQ(size, (uint64_t)mib);
    ASSERT_EQ(compat_file_size_on_disk(f, &after), COMPAT_OK);
    EXPECT_LT(after, before);
    char buf[4] = {1, 1, 1, 1};
    size_t done = 0;
    ASSERT_EQ(compat_file_read_at(f, buf, 4, 300u << 10, &done), COMPAT_OK);
    ASSERT_EQ(done, 4u);
    EXPECT_EQ(std::memcmp(buf, "\0\0\0\0", 4), 0);
    ASSERT_EQ(compat_file_read_at(f, buf, 4, 0, &done), COMPAT_OK);
    EXPECT_EQ(std::memcmp(buf, "xxxx", 4), 0);
    ASSERT_EQ(compat_file_trim(f, 0, 0), COMPAT_OK);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);

    ASSERT_EQ(compat_file_open(path("t.bin").c_str(), COMPAT_FILE_READ, &f), COMPAT_OK);
    EXPECT_EQ(compat_file_trim(f, 0, 4096), COMPAT_EACCES);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);
}

TEST_F(CompatFile, AccessModesAreEnforced)
{
    ASSERT_EQ(write_file(path("e.bin"), "data"), COMPAT_OK);
    compat_file *ro = nullptr, *wo = nullptr;
    ASSERT_EQ(compat_file_open(path("e.bin").c_str(), COMPAT_FILE_READ, &ro), COMPAT_OK);
    ASSERT_EQ(compat_file_open(path("e.bin").c_str(), COMPAT_FILE_WRITE, &wo), COMPAT_OK);
    char buf[4];
    size_t done = 0;
    EXPECT_EQ(compat_file_write_at(ro, "x", 1, 0), COMPAT_EACCES);
    EXPECT_EQ(compat_file_set_size(ro, 0), COMPAT_EACCES);
    EXPECT_EQ(compat_file_read_at(wo, buf, 4, 0, &done), COMPAT_EACCES);
    EXPECT_EQ(compat_file_flush(ro), COMPAT_OK);
    EXPECT_EQ(compat_file_write_at(wo, "D", 1, 0), COMPAT_OK);
    ASSERT_EQ(compat_file_read_at(ro, buf, 4, 0, &done), COMPAT_OK);
    EXPECT_EQ(std::string(buf, done), "Data");
    // Shared needs READ, exclusive needs WRITE.
    EXPECT_EQ(compat_file_lock(ro, true), COMPAT_EINVAL);
    EXPECT_EQ(compat_file_lock(wo, false), COMPAT_EINVAL);
    EXPECT_EQ(compat_file_close(ro), COMPAT_OK);
    EXPECT_EQ(compat_file_close(wo), COMPAT_OK);
}

// ---- locks ----
TEST_F(CompatFile, LockConflictsBetweenOpensInOneProcess)
{
    std::string p = path("lock.bin");
    ASSERT_EQ(write_file(p, "0123"), COMPAT_OK);
    compat_file *a = nullptr, *b = nullptr;
    ASSERT_EQ(compat_file_open(p.c_str(), kRW, &a), COMPAT_OK);
    ASSERT_EQ(compat_file_open(p.c_str(), kRW, &b), COMPAT_OK);

    EXPECT_EQ(compat_file_unlock(a), COMPAT_EINVAL); // holds none
    ASSERT_EQ(compat_file_lock(a, true), COMPAT_OK);
    EXPECT_EQ(compat_file_lock(a, true), COMPAT_EINVAL); // holds one already
    EXPECT_EQ(compat_file_lock(b, true), COMPAT_EBUSY);
    EXPECT_EQ(compat_file_lock(b, false), COMPAT_EBUSY);

    // Advisory: the other open still reads and writes.
    char buf[4];
    size_t done = 0;
    EXPECT_EQ(compat_file_write_at(b, "X", 1, 0), COMPAT_OK);
    EXPECT_EQ(compat_file_read_at(b, buf, 4, 0, &done), COMPAT_OK);
    EXPECT_EQ(std::string(buf, done), "X123");

    ASSERT_EQ(compat_file_unlock(a), COMPAT_OK);
    ASSERT_EQ(compat_file_lock(b, true), COMPAT_OK);
    EXPECT_EQ(compat_file_lock(a, false), COMPAT_EBUSY);
    ASSERT_EQ(compat_file_unlock(b), COMPAT_OK);

    // Shared locks coexist; an exclusive one then waits for both to go.
    ASSERT_EQ(compat_file_lock(a, false), COMPAT_OK);
    ASSERT_EQ(compat_file_lock(b, false), COMPAT_OK);
    compat_file *c = nullptr;
    ASSERT_EQ(compat_file_open(p.c_str(), kRW, &c), COMPAT_OK);
    EXPECT_EQ(compat_file_lock(c, true), COMPAT_EBUSY);
    ASSERT_EQ(compat_file_unlock(a), COMPAT_OK);
    EXPECT_EQ(compat_file_lock(c, true), COMPAT_EBUSY);
    // Closing releases the lock.
    ASSERT_EQ(compat_file_close(b), COMPAT_OK);
    EXPECT_EQ(compat_file_lock(c, true), COMPAT_OK);
    EXPECT_EQ(compat_file_lock(a, false), COMPAT_EBUSY);
    ASSERT_EQ(compat_file_close(c), COMPAT_OK);
    EXPECT_EQ(compat_file_lock(a, true), COMPAT_OK);
    ASSERT_EQ(compat_file_close(a), COMPAT_OK);
}

// The same file locked by another process. The child opens the file and tries an
// exclusive lock; its compat_err comes back as the exit code (POSIX) or in a result
// file (Windows, where the child is this test program run again).
const char *const kChildFileVar = "COMPAT_TEST_LOCK_FILE";
const char *const kChildResultVar = "COMPAT_TEST_LOCK_RESULT";

int child_try_lock(const std::string &p)
{
    compat_file *f = nullptr;
    compat_err err = compat_file_open(p.c_str(), kRW, &f);
    if (err == COMPAT_OK) {
        err = compat_file_lock(f, true);
        (void)compat_file_close(f);
    }
    return static_cast<int>(err);
}

// Runs the child and returns its compat_err (or -1 if it could not be run).
int lock_in_child(const std::string &p, const std::string &result_path)
{
#ifdef _WIN32
    wchar_t exe[4096];
    DWORD n = GetModuleFileNameW(nullptr, exe, 4096);
    if (n == 0 || n >= 4096)
        return -1;
    (void)compat_path_delete(result_path.c_str());
    SetEnvironmentVariableA(kChildFileVar, p.c_str());
    SetEnvironmentVariableA(kChildResultVar, result_path.c_str());
    std::wstring cmd = L"\"" + std::wstring(exe) + L"\" --gtest_filter=CompatLockChild.Helper";
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    std::memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    BOOL ok = CreateProcessW(exe, &cmd[0], nullptr, nullptr, FALSE, 0, nullptr, nullptr, &si, &pi);
    SetEnvironmentVariableA(kChildFileVar, nullptr);
    SetEnvironmentVariableA(kChildResultVar, nullptr);
    if (!ok)
        return -1;
    WaitForSingleObject(pi.hProcess, 60000);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    compat_err err;
    std::string text = read_file(result_path, &err);
    if (err != COMPAT_OK || text.empty())
        return -1;
    return std::atoi(text.c_str());
#else
    (void)result_path;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        _exit(child_try_lock(p));
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
#endif
}

// Only does something when started by lock_in_child (Windows).
TEST(CompatLockChild, Helper)
{
    const char *file = std::getenv(kChildFileVar);
    const char *result = std::getenv(kChildResultVar);
    if (file == nullptr || result == nullptr)
        GTEST_SKIP() << "helper process for CompatFile.LockConflictsAcrossProcesses";
    int code = child_try_lock(file);
    ASSERT_EQ(write_file(result, std::to_string(code)), COMPAT_OK);
}

TEST_F(CompatFile, LockConflictsAcrossProcesses)
{
    std::string p = path("xlock.bin");
    std::string result = path("child-result.txt");
    ASSERT_EQ(write_file(p, "x"), COMPAT_OK);
    compat_file *f = nullptr;
    ASSERT_EQ(compat_file_open(p.c_str(), kRW, &f), COMPAT_OK);

    ASSERT_EQ(compat_file_lock(f, true), COMPAT_OK);
    EXPECT_EQ(lock_in_child(p, result), static_cast<int>(COMPAT_EBUSY));
    ASSERT_EQ(compat_file_unlock(f), COMPAT_OK);
    ASSERT_EQ(compat_file_lock(f, false), COMPAT_OK);
    EXPECT_EQ(lock_in_child(p, result), static_cast<int>(COMPAT_EBUSY));
    ASSERT_EQ(compat_file_unlock(f), COMPAT_OK);
    // Once we let go, the child gets it: it was refused because of our lock.
    EXPECT_EQ(lock_in_child(p, result), static_cast<int>(COMPAT_OK));
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);
}

// ---- paths ----
TEST_F(CompatFile, RenameReplacesTarget)
{
    std::string a = path("a.txt"), b = path("b.txt");
    ASSERT_EQ(write_file(a, "AAA"), COMPAT_OK);
    ASSERT_EQ(write_file(b, "BBBBBB"), COMPAT_OK);
    ASSERT_EQ(compat_path_rename(a.c_str(), b.c_str()), COMPAT_OK);
    bool is_dir = true;
    EXPECT_EQ(compat_path_exists(a.c_str(), &is_dir), COMPAT_ENOENT);
    compat_err err;
    EXPECT_EQ(read_file(b, &err), "AAA");
    EXPECT_EQ(err, COMPAT_OK);
    // To a new name as well.
    std::string c = path("c.txt");
    ASSERT_EQ(compat_path_rename(b.c_str(), c.c_str()), COMPAT_OK);
    EXPECT_EQ(read_file(c, &err), "AAA");
    EXPECT_EQ(compat_path_rename(a.c_str(), b.c_str()), COMPAT_ENOENT);
}

TEST_F(CompatFile, DeleteAndExists)
{
    std::string p = path("gone.txt");
    bool is_dir = true;
    EXPECT_EQ(compat_path_exists(p.c_str(), &is_dir), COMPAT_ENOENT);
    ASSERT_EQ(write_file(p, "x"), COMPAT_OK);
    ASSERT_EQ(compat_path_exists(p.c_str(), &is_dir), COMPAT_OK);
    EXPECT_FALSE(is_dir);
    EXPECT_EQ(compat_path_exists(p.c_str(), nullptr), COMPAT_OK);
    ASSERT_EQ(compat_path_exists(dir_.c_str(), &is_dir), COMPAT_OK);
    EXPECT_TRUE(is_dir);

    ASSERT_EQ(compat_path_delete(p.c_str()), COMPAT_OK);
    EXPECT_EQ(compat_path_exists(p.c_str(), &is_dir), COMPAT_ENOENT);
    EXPECT_EQ(compat_path_delete(p.c_str()), COMPAT_ENOENT);
    EXPECT_EQ(compat_path_delete(dir_.c_str()), COMPAT_EACCES); // directories: compat_dir_remove
}

TEST_F(CompatFile, NonAsciiNames)
{
    // e-acute, CJK, and an emoji (a surrogate pair in UTF-16).
    const std::string name = "\xC3\xA9t\xC3\xA9-\xE6\x97\xA5\xE6\x9C\xAC-\xF0\x9F\x98\x80.bin";
    std::string p = path(name);
    ASSERT_EQ(write_file(p, "unicode"), COMPAT_OK);
    compat_err err;
    EXPECT_EQ(read_file(p, &err), "unicode");
    EXPECT_EQ(compat_test::list_dir(dir_), std::vector<std::string>{name});
    EXPECT_EQ(compat_path_delete(p.c_str()), COMPAT_OK);
    // An ill-formed UTF-8 path is refused, not mangled.
    std::string bad = path("bad\xC0\xAF.bin");
    compat_file *f = nullptr;
    compat_err e = compat_file_open(bad.c_str(), kRW | COMPAT_FILE_CREATE, &f);
#ifdef _WIN32
    EXPECT_EQ(e, COMPAT_EILSEQ);
#else
    // POSIX file names are bytes: the OS takes it as it is.
    EXPECT_TRUE(e == COMPAT_OK || e == COMPAT_EILSEQ || e == COMPAT_EINVAL) << e;
    if (e == COMPAT_OK) {
        EXPECT_EQ(compat_file_close(f), COMPAT_OK);
        EXPECT_EQ(compat_path_delete(bad.c_str()), COMPAT_OK);
    }
#endif
}

// A Unix absolute path ("/tmp/...") works even when the current directory is not
// on the drive Wine maps "/" to (on Windows, Wine only; on Linux trivially).
TEST_F(CompatFile, UnixAbsolutePath)
{
#ifdef _WIN32
    if (GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") == nullptr)
        GTEST_SKIP() << "Unix paths only mean something under Wine";
#endif
    bool is_dir = false;
    ASSERT_EQ(compat_path_exists("/tmp", &is_dir), COMPAT_OK);
    ASSERT_TRUE(is_dir);
    // Move the current directory onto the temp dir (on Wine: drive C:).
    char cwd[4096];
#ifdef _WIN32
    ASSERT_NE(_getcwd(cwd, sizeof cwd), nullptr);
    ASSERT_EQ(_chdir(dir_.c_str()), 0);
#else
    ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
    ASSERT_EQ(chdir(dir_.c_str()), 0);
#endif
    std::string p = "/tmp/compat-unix-path-" + std::to_string(compat_test::process_id()) + ".txt";
    compat_err write_err = write_file(p, "unix");
    compat_err read_err = COMPAT_EOTHER, exists_err;
    std::string back = read_file(p, &read_err);
    exists_err = compat_path_exists(p.c_str(), &is_dir);
    std::vector<std::string> listed = compat_test::list_dir("/tmp");
    bool in_list = false;
    for (const auto &n : listed)
        in_list = in_list || ("/tmp/" + n) == p;
    compat_err del_err = compat_path_delete(p.c_str());
#ifdef _WIN32
    ASSERT_EQ(_chdir(cwd), 0);
#else
    ASSERT_EQ(chdir(cwd), 0);
#endif
    EXPECT_EQ(write_err, COMPAT_OK);
    EXPECT_EQ(read_err, COMPAT_OK);
    EXPECT_EQ(back, "unix");
    EXPECT_EQ(exists_err, COMPAT_OK);
    EXPECT_TRUE(in_list);
    EXPECT_EQ(del_err, COMPAT_OK);
}

TEST(CompatPath, Separator)
{
#ifdef _WIN32
    EXPECT_EQ(compat_path_separator(), '\\');
#else
    EXPECT_EQ(compat_path_separator(), '/');
#endif
}

} // namespace
