// diff_main.cpp: main() of the differential builds of the shared suite. When the
// esent.dll the program runs against is the passthrough, each test's start is
// marked in its trace, so that the runner can cut the trace test by test.
// May call: GoogleTest, compat.h (to look the passthrough's export up).
#include <gtest/gtest.h>

#include <string>

#include "compat.h"

namespace {

typedef int32_t (*mark_fn)(const char *);

class trace_marker : public ::testing::EmptyTestEventListener {
public:
    explicit trace_marker(mark_fn mark) : mark_(mark) {}
    void OnTestStart(const ::testing::TestInfo &info) override
    {
        std::string name = std::string(info.test_suite_name()) + "." + info.name();
        mark_(name.c_str());
    }

private:
    mark_fn mark_;
};

} // namespace

int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    compat_library *lib = nullptr;
    if (compat_library_open("esent.dll", &lib) == COMPAT_OK) {
        void *sym = compat_library_symbol(lib, "esent_passthrough_trace_mark");
        if (sym != nullptr)
            ::testing::UnitTest::GetInstance()->listeners().Append(new trace_marker(reinterpret_cast<mark_fn>(sym)));
    }
    return RUN_ALL_TESTS();
}
