// fault_test.cc: failure injection: the Nth allocation, write, flush or read fails
// (and only that one), nothing changes on disk, the fired flag, disarming.
// May call: compat.h, GoogleTest, the C++ standard library.
#include <atomic>
#include <cstring>
#include <string>

#include "test_support.h"

using compat_test::read_file;
using compat_test::ScratchDir;
using compat_test::write_file;

namespace {

class CompatFault : public ScratchDir {
protected:
    void SetUp() override
    {
        compat_fault_disarm_all();
        ScratchDir::SetUp();
    }
};

TEST_F(CompatFault, NthAllocationFailsOthersDoNot)
{
    uint64_t before = compat_fault_count(COMPAT_FAULT_ALLOC);
    compat_fault_arm(COMPAT_FAULT_ALLOC, 3);
    EXPECT_FALSE(compat_fault_fired(COMPAT_FAULT_ALLOC));
    void *a = compat_malloc(16);
    void *b = compat_malloc(16);
    EXPECT_NE(a, nullptr);
    EXPECT_NE(b, nullptr);
    EXPECT_FALSE(compat_fault_fired(COMPAT_FAULT_ALLOC));
    void *c = compat_malloc(16);
    EXPECT_EQ(c, nullptr);
    EXPECT_TRUE(compat_fault_fired(COMPAT_FAULT_ALLOC));
    void *d = compat_malloc(16); // one-shot
    EXPECT_NE(d, nullptr);
    EXPECT_TRUE(compat_fault_fired(COMPAT_FAULT_ALLOC)); // stays set until re-armed
    EXPECT_EQ(compat_fault_count(COMPAT_FAULT_ALLOC), before + 4);
    compat_free(a);
    compat_free(b);
    compat_free(d);
    compat_free(nullptr);
    compat_fault_arm(COMPAT_FAULT_ALLOC, 5);
    EXPECT_FALSE(compat_fault_fired(COMPAT_FAULT_ALLOC)); // re-arming resets it
}

TEST_F(CompatFault, CallocAndReallocCountToo)
{
    compat_fault_arm(COMPAT_FAULT_ALLOC, 1);
    EXPECT_EQ(compat_calloc(4, 4), nullptr);
    EXPECT_TRUE(compat_fault_fired(COMPAT_FAULT_ALLOC));

    auto *p = static_cast<char *>(compat_calloc(4, 4));
    ASSERT_NE(p, nullptr);
    for (int i = 0; i < 16; i++)
        EXPECT_EQ(p[i], 0);
    std::memcpy(p, "keep", 4);
    compat_fault_arm(COMPAT_FAULT_ALLOC, 1);
    EXPECT_EQ(compat_realloc(p, 1 << 20), nullptr);
    EXPECT_EQ(std::memcmp(p, "keep", 4), 0); // still valid
    auto *q = static_cast<char *>(compat_realloc(p, 1 << 20));
    ASSERT_NE(q, nullptr);
    EXPECT_EQ(std::memcmp(q, "keep", 4), 0);
    compat_free(q);

    // Size 0 still gives a pointer; an overflowing calloc fails.
    void *z = compat_malloc(0);
    EXPECT_NE(z, nullptr);
    compat_free(z);
    EXPECT_EQ(compat_calloc(SIZE_MAX / 2, 3), nullptr);
}

TEST_F(CompatFault, ZeroAndDisarmAllDisarm)
{
    compat_fault_arm(COMPAT_FAULT_ALLOC, 1);
    compat_fault_arm(COMPAT_FAULT_ALLOC, 0);
    void *a = compat_malloc(8);
    EXPECT_NE(a, nullptr);
    compat_free(a);

    compat_fault_arm(COMPAT_FAULT_ALLOC, 1);
    compat_fault_arm(COMPAT_FAULT_WRITE, 1);
    compat_fault_arm(COMPAT_FAULT_FLUSH, 1);
    compat_fault_arm(COMPAT_FAULT_READ, 1);
    compat_fault_disarm_all();
    a = compat_malloc(8);
    EXPECT_NE(a, nullptr);
    compat_free(a);
    compat_file *f = nullptr;
    ASSERT_EQ(compat_file_open(path("z").c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &f),
              COMPAT_OK);
    char buf[1];
    size_t done;
    EXPECT_EQ(compat_file_write_at(f, "x", 1, 0), COMPAT_OK);
    EXPECT_EQ(compat_file_flush(f), COMPAT_OK);
    EXPECT_EQ(compat_file_read_at(f, buf, 1, 0, &done), COMPAT_OK);
    EXPECT_EQ(compat_file_close(f), COMPAT_OK);
    for (int k = 0; k < COMPAT_FAULT_KIND_COUNT; k++)
        EXPECT_FALSE(compat_fault_fired(static_cast<compat_fault_kind>(k)));
}

TEST_F(CompatFault, WriteInjectionChangesNothingOnDisk)
{
    std::string p = path("w.bin");
    ASSERT_EQ(write_file(p, "AAAA"), COMPAT_OK);
    compat_file *f = nullptr;
    ASSERT_EQ(compat_file_open(p.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f), COMPAT_OK);

    uint64_t before = compat_fault_count(COMPAT_FAULT_WRITE);
    compat_fault_arm(COMPAT_FAULT_WRITE, 2);
    EXPECT_EQ(compat_file_write_at(f, "B", 1, 0), COMPAT_OK); // 1st: fine
    EXPECT_FALSE(compat_fault_fired(COMPAT_FAULT_WRITE));
    EXPECT_EQ(compat_file_write_at(f, "CCCCCCCC", 8, 2), COMPAT_EIO); // 2nd: injected (would grow it)
    EXPECT_TRUE(compat_fault_fired(COMPAT_FAULT_WRITE));
    EXPECT_EQ(compat_fault_count(COMPAT_FAULT_WRITE), before + 2);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);

    compat_err err;
    EXPECT_EQ(read_file(p, &err), "BAAA"); // neither content nor size changed
    EXPECT_EQ(err, COMPAT_OK);

    // The next write works again.
    ASSERT_EQ(compat_file_open(p.c_str(), COMPAT_FILE_WRITE, &f), COMPAT_OK);
    EXPECT_EQ(compat_file_write_at(f, "CC", 2, 2), COMPAT_OK);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);
    EXPECT_EQ(read_file(p, &err), "BACC");
}

// A short write makes its first half (whole sectors when it has any) and says EIO.
TEST_F(CompatFault, ShortWriteMakesItsFirstHalf)
{
    std::string p = path("s.bin");
    ASSERT_EQ(write_file(p, "AAAAAAAA"), COMPAT_OK);
    compat_file *f = nullptr;
    ASSERT_EQ(compat_file_open(p.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f), COMPAT_OK);
    compat_fault_arm(COMPAT_FAULT_SHORT_WRITE, 1);
    EXPECT_EQ(compat_file_write_at(f, "BBBBBB", 6, 1), COMPAT_EIO);
    EXPECT_TRUE(compat_fault_fired(COMPAT_FAULT_SHORT_WRITE));
    std::string big(3000, 'C');
    compat_fault_arm(COMPAT_FAULT_SHORT_WRITE, 1);
    EXPECT_EQ(compat_file_write_at(f, big.data(), big.size(), 8), COMPAT_EIO);
    EXPECT_EQ(compat_file_write_at(f, "D", 1, 0), COMPAT_OK); // one-shot
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);
    compat_err err;
    // 3 of 6 bytes, then 1024 of 3000 (1500 rounded down to whole sectors)
    EXPECT_EQ(read_file(p, &err), "DBBBAAAA" + std::string(1024, 'C'));
    EXPECT_EQ(err, COMPAT_OK);
}

TEST_F(CompatFault, FlushAndReadInjection)
{
    std::string p = path("r.bin");
    ASSERT_EQ(write_file(p, "data"), COMPAT_OK);
    compat_file *f = nullptr;
    ASSERT_EQ(compat_file_open(p.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f), COMPAT_OK);

    compat_fault_arm(COMPAT_FAULT_FLUSH, 1);
    EXPECT_EQ(compat_file_flush(f), COMPAT_EIO);
    EXPECT_TRUE(compat_fault_fired(COMPAT_FAULT_FLUSH));
    EXPECT_EQ(compat_file_flush(f), COMPAT_OK);

    uint64_t reads = compat_fault_count(COMPAT_FAULT_READ);
    compat_fault_arm(COMPAT_FAULT_READ, 1);
    char buf[4] = {'#', '#', '#', '#'};
    size_t done = 77;
    EXPECT_EQ(compat_file_read_at(f, buf, 4, 0, &done), COMPAT_EIO);
    EXPECT_TRUE(compat_fault_fired(COMPAT_FAULT_READ));
    EXPECT_EQ(done, 0u);
    EXPECT_EQ(std::memcmp(buf, "####", 4), 0); // buffer untouched
    EXPECT_EQ(compat_file_read_at(f, buf, 4, 0, &done), COMPAT_OK);
    EXPECT_EQ(std::string(buf, done), "data");
    EXPECT_EQ(compat_fault_count(COMPAT_FAULT_READ), reads + 2);
    // Argument errors are not counted.
    EXPECT_EQ(compat_file_read_at(f, buf, 4, 0, nullptr), COMPAT_EINVAL);
    EXPECT_EQ(compat_fault_count(COMPAT_FAULT_READ), reads + 2);
    ASSERT_EQ(compat_file_close(f), COMPAT_OK);

    compat_err err;
    EXPECT_EQ(read_file(p, &err), "data");
}

TEST_F(CompatFault, CompatOwnAllocationsFailCleanly)
{
    // The first allocation inside open/thread start fails: ENOMEM and no file left.
    std::string p = path("never.bin");
    compat_file *f = nullptr;
    compat_fault_arm(COMPAT_FAULT_ALLOC, 1);
    EXPECT_EQ(compat_file_open(p.c_str(), COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &f), COMPAT_ENOMEM);
    EXPECT_TRUE(compat_fault_fired(COMPAT_FAULT_ALLOC));
    EXPECT_EQ(f, nullptr);
    bool is_dir;
    EXPECT_EQ(compat_path_exists(p.c_str(), &is_dir), COMPAT_ENOENT);

    compat_thread *t = nullptr;
    compat_fault_arm(COMPAT_FAULT_ALLOC, 1);
    EXPECT_EQ(compat_thread_start(&t, [](void *) {}, nullptr), COMPAT_ENOMEM);
    EXPECT_EQ(t, nullptr);

    // Walking every allocation of an open: each one fails cleanly, then it succeeds.
    bool opened = false;
    for (uint64_t n = 1; n < 50 && !opened; n++) {
        compat_fault_arm(COMPAT_FAULT_ALLOC, n);
        compat_err err = compat_file_open(p.c_str(), COMPAT_FILE_WRITE | COMPAT_FILE_CREATE, &f);
        bool fired = compat_fault_fired(COMPAT_FAULT_ALLOC);
        compat_fault_disarm_all();
        if (fired) {
            EXPECT_EQ(err, COMPAT_ENOMEM) << n;
            EXPECT_EQ(compat_path_exists(p.c_str(), &is_dir), COMPAT_ENOENT) << n;
        } else {
            ASSERT_EQ(err, COMPAT_OK) << n;
            EXPECT_EQ(compat_file_close(f), COMPAT_OK);
            opened = true;
        }
    }
    EXPECT_TRUE(opened);
}

struct AllocWorker {
    int rounds;
    std::atomic<int> *nulls;
    std::atomic<bool> *go;
};

void alloc_worker(void *arg)
{
    auto *w = static_cast<AllocWorker *>(arg);
    while (!w->go->load())
        compat_thread_yield();
    for (int i = 0; i < w->rounds; i++) {
        void *p = compat_malloc(32);
        if (p == nullptr)
            (*w->nulls)++;
        compat_free(p);
    }
}

TEST_F(CompatFault, CountersAreProcessWide)
{
    constexpr int kThreads = 4, kRounds = 2000;
    std::atomic<int> nulls{0};
    std::atomic<bool> go{false};
    AllocWorker w{kRounds, &nulls, &go};
    compat_thread *threads[kThreads];
    for (auto &t : threads)
        ASSERT_EQ(compat_thread_start(&t, alloc_worker, &w), COMPAT_OK);
    uint64_t before = compat_fault_count(COMPAT_FAULT_ALLOC);
    compat_fault_arm(COMPAT_FAULT_ALLOC, 3000);
    go = true;
    for (auto &t : threads)
        ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
    // Every worker call counted, from whichever thread; exactly one failed.
    EXPECT_EQ(compat_fault_count(COMPAT_FAULT_ALLOC), before + kThreads * kRounds);
    EXPECT_EQ(nulls.load(), 1);
    EXPECT_TRUE(compat_fault_fired(COMPAT_FAULT_ALLOC));
}

} // namespace
