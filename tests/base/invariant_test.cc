// invariant_test.cc: INVARIANT reports and aborts in Debug builds; with NDEBUG its
// expression is not even evaluated. CANNOT_FAIL runs its call in every build.
// May call: invariant.h, common.h, GoogleTest.
#include <gtest/gtest.h>

#include "common.h"
#include "invariant.h"

namespace {

TEST(Invariant, HoldingInvariantDoesNothing)
{
    int evaluated = 0;
    INVARIANT(++evaluated > 0);
#ifndef NDEBUG
    EXPECT_EQ(1, evaluated);
#else
    EXPECT_EQ(0, evaluated); // compiled out: the expression never runs
#endif
}

JET_ERR counted(int *calls, JET_ERR result)
{
    ++*calls;
    return result;
}

TEST(Invariant, CannotFailRunsItsCallInEveryBuild)
{
    int calls = 0;
    CANNOT_FAIL(counted(&calls, JET_errSuccess));
    CANNOT_FAIL(counted(&calls, JET_wrnBufferTruncated)); // a warning is a success
    EXPECT_EQ(2, calls);
}

#ifndef NDEBUG
TEST(InvariantDeathTest, BrokenInvariantNamesItsExpressionAndAborts)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    const int pins = 0;
    EXPECT_DEATH(INVARIANT(pins > 0), "invariant_test\\.cc:.*: invariant failed: pins > 0");
    int calls = 0;
    EXPECT_DEATH(CANNOT_FAIL(counted(&calls, JET_errOutOfMemory)), "invariant failed: cannot_fail_err_ >= 0");
}
#endif

} // namespace
