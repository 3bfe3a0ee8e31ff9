// JetGetErrorInfoW (JetGetErrorInfoExW): an error code's most specific category and the
// categories above it, most general first; its checks. Needs no instance. Written against
// esent.h only.
#include <gtest/gtest.h>

#include <cstring>

#include "esent.h"

namespace {

JET_ERR Info(JET_ERR code, JET_ERRINFOBASIC_W *out)
{
    memset(out, 0x5a, sizeof *out);
    return JetGetErrorInfoW(&code, out, sizeof *out, JET_ErrorInfoSpecificErr, 0);
}

void ExpectHierarchy(const JET_ERRINFOBASIC_W &i, std::initializer_list<JET_ERRCAT> cats)
{
    size_t n = 0;
    for (JET_ERRCAT c : cats) EXPECT_EQ(c, i.rgCategoricalHierarchy[n++]) << "level " << n;
    for (; n < 8; n++) EXPECT_EQ(JET_errcatUnknown, i.rgCategoricalHierarchy[n]) << "level " << n;
}

TEST(ErrorInfo, CategoriesAndTheirHierarchy)
{
    JET_ERRINFOBASIC_W i;
    ASSERT_EQ(JET_errSuccess, Info(JET_errOutOfCursors, &i));
    EXPECT_EQ(sizeof i, i.cbStruct);
    EXPECT_EQ(JET_errOutOfCursors, i.errValue);
    EXPECT_EQ(JET_errcatMemory, i.errcatMostSpecific);
    ExpectHierarchy(i, {JET_errcatError, JET_errcatOperation, JET_errcatResource, JET_errcatMemory});
    EXPECT_EQ(0u, i.lSourceLine);
    EXPECT_EQ(0, i.rgszSourceFile[0]);

    ASSERT_EQ(JET_errSuccess, Info(JET_errDiskFull, &i));
    EXPECT_EQ(JET_errcatDisk, i.errcatMostSpecific);
    ASSERT_EQ(JET_errSuccess, Info(JET_errReadVerifyFailure, &i));
    ExpectHierarchy(i, {JET_errcatError, JET_errcatData, JET_errcatCorruption});
    ASSERT_EQ(JET_errSuccess, Info(JET_errInvalidParameter, &i));
    ExpectHierarchy(i, {JET_errcatError, JET_errcatApi, JET_errcatUsage});
    ASSERT_EQ(JET_errSuccess, Info(JET_errKeyDuplicate, &i));
    EXPECT_EQ(JET_errcatState, i.errcatMostSpecific);
    // warnings and success have categories too
    ASSERT_EQ(JET_errSuccess, Info(JET_wrnColumnNull, &i));
    EXPECT_EQ(JET_errcatState, i.errcatMostSpecific);
    ASSERT_EQ(JET_errSuccess, Info(JET_errSuccess, &i));
    EXPECT_EQ(JET_errcatState, i.errcatMostSpecific);
    // an obsolete code: Unknown, and nothing above it
    ASSERT_EQ(JET_errSuccess, Info(JET_errRfsFailure, &i));
    EXPECT_EQ(JET_errcatUnknown, i.errcatMostSpecific);
    ExpectHierarchy(i, {});
}

TEST(ErrorInfo, Checks)
{
    JET_ERRINFOBASIC_W i;
    JET_ERR code = JET_errOutOfCursors;
    EXPECT_EQ(JET_errInvalidParameter, JetGetErrorInfoW(&code, &i, sizeof i, JET_ErrorInfoSpecificErr + 1, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetGetErrorInfoW(nullptr, &i, sizeof i, JET_ErrorInfoSpecificErr, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetGetErrorInfoW(&code, &i, sizeof i, JET_ErrorInfoSpecificErr, 1));
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetErrorInfoW(&code, &i, sizeof i - 1, JET_ErrorInfoSpecificErr, 0));
    // a code no table has
    EXPECT_EQ(JET_errInvalidParameter, Info(-12345, &i));
    EXPECT_EQ(-12345, i.errValue);
}

}  // namespace
