// guard_test.cc: the system library directory and calls guarded against OS
// exceptions (compat_system_library_path, compat_call_guarded,
// compat_raise_exception). Where the OS has neither (POSIX: ENOTSUP), the tests
// check exactly that.
// May call: compat.h, GoogleTest.
#include <cstring>
#include <string>

#include "test_support.h"

namespace {

bool exceptions_supported()
{
    static const bool yes = [] {
        // Raising outside a guard would end the process: ask the OS half with a
        // code nobody raises, inside a guard.
        bool faulted = false;
        compat_err raised = COMPAT_OK;
        compat_call_guarded([](void *ctx) { *static_cast<compat_err *>(ctx) = compat_raise_exception(0xE0000001u); },
                            &raised, &faulted, nullptr);
        return faulted;
    }();
    return yes;
}

struct job {
    int before = 0;
    int after = 0;
    uint32_t code = 0;
};

void raise_job(void *ctx)
{
    job *j = static_cast<job *>(ctx);
    j->before++;
    compat_raise_exception(j->code);
    j->after++;
}

void plain_job(void *ctx)
{
    static_cast<job *>(ctx)->before++;
}

TEST(CompatGuard, SystemLibraryPath)
{
    char buf[1024];
    compat_err err = compat_system_library_path("kernel32.dll", buf, sizeof buf);
    if (err == COMPAT_ENOTSUP) {
        EXPECT_FALSE(exceptions_supported()) << "POSIX answers ENOTSUP for both";
        return;
    }
    ASSERT_EQ(err, COMPAT_OK);
    std::string path(buf);
    ASSERT_GT(path.size(), std::strlen("\\kernel32.dll"));
    EXPECT_EQ(path.substr(path.size() - 13), "\\kernel32.dll");
    EXPECT_NE(path.find(':'), std::string::npos) << path << ": a full path, drive first";
    compat_library *lib = nullptr;
    ASSERT_EQ(compat_library_open(buf, &lib), COMPAT_OK) << path;
    EXPECT_NE(compat_library_symbol(lib, "GetSystemDirectoryW"), nullptr);
    compat_library_close(lib);
    EXPECT_EQ(compat_system_library_path("kernel32.dll", buf, 8), COMPAT_ERANGE);
    EXPECT_EQ(compat_system_library_path("kernel32.dll", buf, path.size()), COMPAT_ERANGE) << "no room for the NUL";
    EXPECT_EQ(compat_system_library_path("kernel32.dll", buf, path.size() + 1), COMPAT_OK);
}

TEST(CompatGuard, BadArguments)
{
    char buf[64];
    bool faulted = true;
    EXPECT_EQ(compat_system_library_path(nullptr, buf, sizeof buf), COMPAT_EINVAL);
    EXPECT_EQ(compat_system_library_path("", buf, sizeof buf), COMPAT_EINVAL);
    EXPECT_EQ(compat_system_library_path("x.dll", nullptr, 0), COMPAT_EINVAL);
    EXPECT_EQ(compat_call_guarded(nullptr, nullptr, &faulted, nullptr), COMPAT_EINVAL);
    EXPECT_EQ(compat_call_guarded(plain_job, nullptr, nullptr, nullptr), COMPAT_EINVAL);
}

TEST(CompatGuard, CallWithoutExceptionRunsToTheEnd)
{
    job j;
    bool faulted = true;
    uint32_t code = 99;
    ASSERT_EQ(compat_call_guarded(plain_job, &j, &faulted, &code), COMPAT_OK);
    EXPECT_FALSE(faulted);
    EXPECT_EQ(code, 0u);
    EXPECT_EQ(j.before, 1);
}

TEST(CompatGuard, RaisedExceptionComesBackAsFault)
{
    if (!exceptions_supported()) {
        EXPECT_EQ(compat_raise_exception(0xE0001234u), COMPAT_ENOTSUP);
        GTEST_SKIP() << "no OS exceptions here";
    }
    // An application-defined error code, an access violation, then again: the
    // guard is reusable on the same thread after a fault.
    const uint32_t codes[] = { 0xE0001234u, 0xC0000005u, 0xE0001234u };
    for (uint32_t c : codes) {
        job j;
        j.code = c;
        bool faulted = false;
        uint32_t code = 0;
        ASSERT_EQ(compat_call_guarded(raise_job, &j, &faulted, &code), COMPAT_OK);
        EXPECT_TRUE(faulted) << std::hex << c;
        EXPECT_EQ(code, c);
        EXPECT_EQ(j.before, 1);
        EXPECT_EQ(j.after, 0) << "the rest of the call is abandoned";
    }
}

struct nested {
    job inner;
    bool inner_faulted = false;
    uint32_t inner_code = 0;
    int after_inner = 0;
};

void outer_job(void *ctx)
{
    nested *n = static_cast<nested *>(ctx);
    compat_call_guarded(raise_job, &n->inner, &n->inner_faulted, &n->inner_code);
    n->after_inner++;
    compat_raise_exception(0xE0000042u);
    n->after_inner++;
}

TEST(CompatGuard, NestedGuardsEachCatchTheirOwn)
{
    if (!exceptions_supported())
        GTEST_SKIP() << "no OS exceptions here";
    nested n;
    n.inner.code = 0xE0000041u;
    bool faulted = false;
    uint32_t code = 0;
    ASSERT_EQ(compat_call_guarded(outer_job, &n, &faulted, &code), COMPAT_OK);
    EXPECT_TRUE(n.inner_faulted);
    EXPECT_EQ(n.inner_code, 0xE0000041u);
    EXPECT_EQ(n.after_inner, 1);
    EXPECT_TRUE(faulted);
    EXPECT_EQ(code, 0xE0000042u);
}

void null_write_job(void *ctx)
{
    int *volatile p = static_cast<int *>(ctx);
    *p = 1;
}

TEST(CompatGuard, AccessViolationComesBackAsFault)
{
    if (!exceptions_supported())
        GTEST_SKIP() << "no OS exceptions here";
    bool faulted = false;
    uint32_t code = 0;
    ASSERT_EQ(compat_call_guarded(null_write_job, nullptr, &faulted, &code), COMPAT_OK);
    EXPECT_TRUE(faulted);
    EXPECT_EQ(code, 0xC0000005u);
}

} // namespace
