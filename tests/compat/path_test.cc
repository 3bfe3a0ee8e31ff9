// path_test.cc: compat_current_dir and compat_path_absolute.
// May call: compat.h, GoogleTest, the C++ standard library.
#include <string>

#include "test_support.h"

namespace {

std::string cwd()
{
    char buf[4096];
    EXPECT_EQ(compat_current_dir(buf, sizeof buf), COMPAT_OK);
    return buf;
}

std::string absolute(const std::string &p, compat_err *err = nullptr)
{
    char buf[4096] = {0};
    compat_err e = compat_path_absolute(p.c_str(), buf, sizeof buf);
    if (err) *err = e;
    else EXPECT_EQ(e, COMPAT_OK) << p;
    return buf;
}

const char kSep = compat_path_separator();

TEST(CompatPath, CurrentDirEndsWithSeparator)
{
    std::string d = cwd();
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d.back(), kSep);
    char small[2];
    EXPECT_EQ(compat_current_dir(small, sizeof small), COMPAT_ERANGE);
    EXPECT_EQ(compat_current_dir(nullptr, 10), COMPAT_EINVAL);
}

TEST(CompatPath, RelativeIsJoinedToCurrentDir)
{
    std::string d = cwd();
    EXPECT_EQ(absolute("logs"), d + "logs");
    EXPECT_EQ(absolute("logs/"), d + "logs" + kSep);
    EXPECT_EQ(absolute("a\\b\\"), d + "a" + kSep + "b" + kSep); // Windows-style separators
    EXPECT_EQ(absolute(".\\"), d);
    EXPECT_EQ(absolute("./x/./y"), d + "x" + kSep + "y");
    EXPECT_EQ(absolute("x//y"), d + "x" + kSep + "y");
}

TEST(CompatPath, DotDotRemovesOneComponent)
{
    std::string d = cwd();
    EXPECT_EQ(absolute("x/y/../z"), d + "x" + kSep + "z");
    EXPECT_EQ(absolute("x/.."), d.substr(0, d.size() - 1));
}

TEST(CompatPath, AbsoluteStaysAbsolute)
{
    std::string d = cwd();
    std::string a = absolute(d + "q" + kSep + ".." + kSep + "r" + kSep);
    EXPECT_EQ(a, d + "r" + kSep);
    EXPECT_EQ(absolute(a), a); // idempotent
}

TEST(CompatPath, Errors)
{
    char buf[8];
    compat_err e = COMPAT_OK;
    absolute("", &e);
    EXPECT_EQ(e, COMPAT_EINVAL);
    EXPECT_EQ(compat_path_absolute(nullptr, buf, sizeof buf), COMPAT_EINVAL);
    buf[0] = 'z';
    EXPECT_EQ(compat_path_absolute("a-rather-long-relative-name", buf, sizeof buf), COMPAT_ERANGE);
    EXPECT_EQ(buf[0], 'z'); // untouched
}

TEST(CompatPath, AllocationFailure)
{
    char buf[4096];
    compat_fault_arm(COMPAT_FAULT_ALLOC, 1);
    compat_err e = compat_path_absolute("some/where", buf, sizeof buf);
    bool fired = compat_fault_fired(COMPAT_FAULT_ALLOC);
    compat_fault_disarm_all();
    if (fired) EXPECT_EQ(e, COMPAT_ENOMEM);
    else EXPECT_EQ(e, COMPAT_OK);
}

}  // namespace
