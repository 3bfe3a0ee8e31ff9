// error_origin_test.cc: Debug builds note, per thread, where an error started (FAIL's
// site, or the CHECK that first passed on a code returned without FAIL), and keep that
// note while CHECKs pass the error up; release builds note nothing.
// May call: error_origin.h, cache.h, page.h, btree.h, compat.h (threads), GoogleTest, the C++ standard library.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "btree.h"
#include "cache.h"
#include "error_origin.h"
#include "page.h"

namespace {

#ifndef NDEBUG
bool ends_with(const std::string &s, const std::string &tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Line `line` (from 1) of the source file the note names.
std::string source_line(const error_origin &o)
{
    std::ifstream in(o.file);
    std::string text;
    for (int i = 0; i < o.line && std::getline(in, text); i++) {
    }
    return in ? text : std::string();
}

// The note names this native source file, at a line that holds `macro`.
void expect_origin(JET_ERR code, const char *file, const char *macro)
{
    error_origin o;
    ASSERT_TRUE(error_origin_get(&o));
    EXPECT_EQ(code, o.code);
    ASSERT_NE(nullptr, o.file);
    std::string path(o.file);
    for (char &ch : path)
        if (ch == '\\') ch = '/';
    EXPECT_TRUE(ends_with(path, std::string("native/") + file)) << path;
    EXPECT_GT(o.line, 0);
    EXPECT_NE(std::string::npos, source_line(o).find(macro)) << path << ":" << o.line << ": " << source_line(o);
}

TEST(ErrorOrigin, FailNotesItsOwnSite)
{
    cache *c = nullptr;
    error_origin_clear();
    ASSERT_EQ(JET_errInvalidParameter, cache_create(1000, 16, &c)); // not a page size
    expect_origin(JET_errInvalidParameter, "store/cache.c", "FAIL(JET_errInvalidParameter)");
}

TEST(ErrorOrigin, TheDeepestRaiseSurvivesTheChecksAbove)
{
    // page_reorganize CHECKs page_open, whose FAIL is the origin.
    std::vector<uint8_t> page(4096, 0);
    error_origin_clear();
    ASSERT_EQ(JET_errInvalidParameter, page_reorganize(page.data(), 1000));
    expect_origin(JET_errInvalidParameter, "format/page.c", "FAIL(JET_errInvalidParameter)");
}

TEST(ErrorOrigin, ACodeReturnedWithoutFailIsNotedWhereACheckFirstSeesIt)
{
    // cache_get returns JET_errInvalidParameter for a file index out of range without
    // FAIL; btree.c's load_page passes it on first, then btree_open.
    cache *c = nullptr;
    ASSERT_EQ(JET_errSuccess, cache_create(4096, 16, &c));
    btree_cursor cur;
    error_origin_clear();
    EXPECT_EQ(JET_errInvalidParameter, btree_open(&cur, c, CACHE_FILES_MAX + 1u, 1));
    expect_origin(JET_errInvalidParameter, "tree/btree.c", "CHECK(cache_get(");
    btree_close(&cur);
    cache_destroy(c);
}

TEST(ErrorOrigin, ARaiseOfAnotherCodeReplacesTheNote)
{
    cache *c = nullptr;
    std::vector<uint8_t> page(4096, 0);
    page[34] = 0xff; // itagState: 4095 tags cannot fit on a 4 KiB page
    page[35] = 0x0f;
    page_view pv;
    error_origin_clear();
    ASSERT_EQ(JET_errInvalidParameter, cache_create(1000, 16, &c));
    ASSERT_EQ(JET_errPageTagCorrupted, page_open(page.data(), 4096, &pv));
    expect_origin(JET_errPageTagCorrupted, "format/page.c", "FAIL(JET_errPageTagCorrupted)");
}

void look_from_other_thread(void *arg)
{
    error_origin o;
    *static_cast<bool *>(arg) = error_origin_get(&o);
}

TEST(ErrorOrigin, EachThreadHasItsOwnNote)
{
    cache *c = nullptr;
    error_origin_clear();
    ASSERT_EQ(JET_errInvalidParameter, cache_create(1000, 16, &c));
    bool other_has_one = true;
    compat_thread *t = nullptr;
    ASSERT_EQ(COMPAT_OK, compat_thread_start(&t, look_from_other_thread, &other_has_one));
    ASSERT_EQ(COMPAT_OK, compat_thread_join(t));
    EXPECT_FALSE(other_has_one);
    error_origin o;
    EXPECT_TRUE(error_origin_get(&o));
    error_origin_clear();
    EXPECT_FALSE(error_origin_get(&o));
}
#else
TEST(ErrorOrigin, CompiledOutOfReleaseBuilds)
{
    cache *c = nullptr;
    std::vector<uint8_t> page(4096, 0);
    ASSERT_EQ(JET_errInvalidParameter, cache_create(1000, 16, &c));
    ASSERT_EQ(JET_errInvalidParameter, page_reorganize(page.data(), 1000));
    error_origin o;
    o.file = "unchanged";
    o.line = 1;
    o.code = JET_errOutOfMemory;
    EXPECT_FALSE(error_origin_get(&o));
    EXPECT_EQ(nullptr, o.file);
    EXPECT_EQ(0, o.line);
    EXPECT_EQ(JET_errSuccess, o.code);
}
#endif

} // namespace
