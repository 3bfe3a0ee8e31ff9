// library_test.cc: dynamic loading of a system library and a symbol in it.
// May call: compat.h, GoogleTest.
#include <string>

#include "test_support.h"

namespace {

#ifdef _WIN32
const char *const kSystemLib = "kernel32.dll";
const char *const kStrlen = "lstrlenA";
typedef int(__stdcall *strlen_fn)(const char *);
#else
const char *const kSystemLib = "libc.so.6";
const char *const kStrlen = "strlen";
typedef size_t (*strlen_fn)(const char *);
#endif

TEST(CompatLibrary, LoadsSystemLibraryAndCallsSymbol)
{
    compat_library *lib = nullptr;
    ASSERT_EQ(compat_library_open(kSystemLib, &lib), COMPAT_OK);
    ASSERT_NE(lib, nullptr);
    void *sym = compat_library_symbol(lib, kStrlen);
    ASSERT_NE(sym, nullptr);
    strlen_fn fn = reinterpret_cast<strlen_fn>(sym);
    EXPECT_EQ(static_cast<size_t>(fn("hello, world")), 12u);
    EXPECT_EQ(compat_library_symbol(lib, "compat_no_such_symbol_xyz"), nullptr);
    EXPECT_EQ(compat_library_symbol(lib, nullptr), nullptr);
    compat_library_close(lib);
}

#ifndef _WIN32
TEST(CompatLibrary, LoadsLibmCos)
{
    compat_library *lib = nullptr;
    ASSERT_EQ(compat_library_open("libm.so.6", &lib), COMPAT_OK);
    auto cos_fn = reinterpret_cast<double (*)(double)>(compat_library_symbol(lib, "cos"));
    ASSERT_NE(cos_fn, nullptr);
    EXPECT_DOUBLE_EQ(cos_fn(0.0), 1.0);
    compat_library_close(lib);
}
#endif

TEST(CompatLibrary, MissingLibraryIsAnError)
{
    compat_library *lib = reinterpret_cast<compat_library *>(&lib);
    EXPECT_EQ(compat_library_open("compat-no-such-library-xyz", &lib), COMPAT_ENOENT);
    EXPECT_EQ(lib, nullptr);
    char tmp[1024];
    ASSERT_EQ(compat_temp_dir(tmp, sizeof tmp), COMPAT_OK);
    std::string missing = std::string(tmp) + "compat-no-such-dir-xyz" + compat_path_separator() + "lib.so";
    EXPECT_EQ(compat_library_open(missing.c_str(), &lib), COMPAT_ENOENT);
    EXPECT_EQ(compat_library_open(nullptr, &lib), COMPAT_EINVAL);
}

TEST(CompatLibrary, NonLibraryFileIsAnError)
{
    char p[1024];
    compat_file *f = nullptr;
    ASSERT_EQ(compat_temp_file(nullptr, p, sizeof p, &f), COMPAT_OK);
    ASSERT_EQ(compat_file_write_at(f, "not a shared library\n", 21, 0), COMPAT_OK);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);
    compat_library *lib = nullptr;
    compat_err err = compat_library_open(p, &lib);
    EXPECT_NE(err, COMPAT_OK);
    EXPECT_NE(err, COMPAT_ENOENT) << "the file exists";
    EXPECT_EQ(lib, nullptr);
    if (lib != nullptr)
        compat_library_close(lib);
    EXPECT_EQ(compat_path_delete(p), COMPAT_OK);
}

} // namespace
