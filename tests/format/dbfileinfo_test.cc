// dbfileinfo_test.cc: JetGetDatabaseFileInfoA/W on the samples (the values esedbinfo
// prints) and on damaged, short and foreign files; buffer sizes, info levels, bad
// arguments; no instance is ever created in this suite.
#include <gtest/gtest.h>

#include <cstring>

#include "format_testdata.h"

namespace {

std::u16string to_utf16(const std::string &s)
{
    std::u16string out;
    size_t n = 0;
    if (compat_utf8_to_utf16(s.c_str(), SIZE_MAX, nullptr, 0, &n) != COMPAT_OK) return out;
    out.resize(n);
    compat_utf8_to_utf16(s.c_str(), SIZE_MAX, reinterpret_cast<uint16_t *>(&out[0]), n, &n);
    out.resize(n - 1); // without the NUL
    return out;
}

JET_ERR info_w(const std::string &path, void *pv, uint32_t cb, uint32_t level)
{
    const std::u16string w = to_utf16(path);
    return JetGetDatabaseFileInfoW(reinterpret_cast<JET_PCWSTR>(w.c_str()), pv, cb, level);
}

TEST(DbFileInfo, SamplesAsEsedbinfoPrintsThem)
{
    for (size_t s = 0; s < k_sample_count; s++) {
        const sample_db &db = k_samples[s];
        SCOPED_TRACE(db.name);
        const std::string path = sample_path(db.name);

        uint32_t cb_page = 0;
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &cb_page, sizeof cb_page, JET_DbInfoPageSize));
        EXPECT_EQ(db.cb_page, cb_page);
        int32_t type = -1;
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &type, sizeof type, JET_DbInfoFileType));
        EXPECT_EQ(JET_filetypeDatabase, type);
        uint64_t cb_file = 0;
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &cb_file, sizeof cb_file, JET_DbInfoFilesize));
        EXPECT_EQ(db.cb_file, cb_file);
        cb_file = 0;
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &cb_file, sizeof cb_file, JET_DbInfoFilesizeOnDisk));
        // what the file takes on disk: at most its size (a sample copied sparse takes less)
        EXPECT_LE(cb_file, db.cb_file);
        EXPECT_GT(cb_file, 0u);

        JET_DBINFOMISC4 m;
        std::memset(&m, 0xcd, sizeof m);
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &m, sizeof m, JET_DbInfoMisc));
        EXPECT_EQ(0x620u, m.ulVersion);
        EXPECT_EQ(20u, m.ulUpdate);
        EXPECT_EQ(db.cb_page, m.cbPageSize);
        EXPECT_EQ(static_cast<uint32_t>(JET_dbstateCleanShutdown), m.dbstate);
        EXPECT_EQ(db.sign_random, m.signDb.ulRandom);
        EXPECT_EQ(db.year - 1900, static_cast<unsigned char>(m.signDb.logtimeCreate.bYear));
        EXPECT_EQ(db.month, m.signDb.logtimeCreate.bMonth);
        EXPECT_EQ(db.day, m.signDb.logtimeCreate.bDay);
        EXPECT_EQ(db.hour, m.signDb.logtimeCreate.bHours);
        EXPECT_EQ(db.minute, m.signDb.logtimeCreate.bMinutes);
        EXPECT_EQ(db.second, m.signDb.logtimeCreate.bSeconds);
        EXPECT_EQ(db.ms, m.signDb.logtimeCreate.bMillisecondsLow | m.signDb.logtimeCreate.bMillisecondsHigh << 7);
        EXPECT_EQ(1, m.signDb.logtimeCreate.fTimeIsUTC);
        EXPECT_EQ(db.consistent.generation, m.lgposConsistent.lGeneration);
        EXPECT_EQ(db.consistent.isec, m.lgposConsistent.isec);
        EXPECT_EQ(db.consistent.ib, m.lgposConsistent.ib);
        EXPECT_EQ(db.attach.generation, m.lgposAttach.lGeneration);
        EXPECT_EQ(db.attach.isec, m.lgposAttach.isec);
        EXPECT_EQ(db.attach.ib, m.lgposAttach.ib);
        EXPECT_EQ(0, std::memcmp(&m.lgposConsistent, &m.lgposDetach, sizeof m.lgposDetach));
        EXPECT_EQ(0, std::memcmp(&m.logtimeConsistent, &m.logtimeDetach, sizeof m.logtimeDetach));
        EXPECT_EQ(db.log_random, m.signLog.ulRandom);
        EXPECT_EQ(6u, m.dwMajorVersion);
        EXPECT_EQ(2u, m.dwMinorVersion);
        EXPECT_EQ(9200u, m.dwBuildNumber);
        EXPECT_EQ(0, m.lSPNumber);
        EXPECT_EQ(0u, m.fShadowingDisabled);
        EXPECT_EQ(0xcdcdcdcdu, m.fUpgradeDb); // ESE leaves it as it was
        EXPECT_EQ(0u, m.genMinRequired);
        EXPECT_EQ(0u, m.genMaxRequired);
        EXPECT_EQ(0u, m.genCommitted);
        EXPECT_EQ(0u, m.ulRepairCount);
        EXPECT_EQ(0u, m.bkinfoFullPrev.genLow);
        EXPECT_EQ(0u, m.bkinfoCopyPrev.genHigh);

        // The same through the UTF-16 entry point.
        JET_DBINFOMISC4 w;
        std::memset(&w, 0xcd, sizeof w);
        ASSERT_EQ(JET_errSuccess, info_w(path, &w, sizeof w, JET_DbInfoMisc));
        EXPECT_EQ(0, std::memcmp(&m, &w, sizeof m));
    }
}

TEST(DbFileInfo, EveryVersionOfDbInfoMisc)
{
    const std::string path = sample_path("multi.edb");
    // JET_DBINFOMISC to JET_DBINFOMISC7, as ESE accepts them.
    const uint32_t sizes[] = {216, 296, 300, 348, 380, 400, 416};
    for (uint32_t cb : sizes) {
        SCOPED_TRACE(cb);
        std::vector<uint8_t> buf(cb + 16, 0xcd);
        ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), buf.data(), cb, JET_DbInfoMisc));
        EXPECT_EQ(0x620u, byte_order_get_le32(&buf[0]));
        EXPECT_EQ(4096u, byte_order_get_le32(&buf[212])); // cbPageSize
        for (uint32_t i = cb; i < cb + 16; i++) EXPECT_EQ(0xcd, buf[i]) << "byte " << i;
        if (cb >= 400) {
            EXPECT_EQ(0u, byte_order_get_le32(&buf[396])); // cpgDatabaseChecked
        }
    }
    for (uint32_t cb : {0u, 4u, 215u, 217u, 297u, 349u, 417u, 1024u}) {
        std::vector<uint8_t> buf(2048, 0);
        EXPECT_EQ(JET_errInvalidBufferSize, JetGetDatabaseFileInfoA(path.c_str(), buf.data(), cb, JET_DbInfoMisc)) << cb;
    }
}

TEST(DbFileInfo, BufferSizesOfTheOtherLevels)
{
    const std::string path = sample_path("basic.edb");
    uint8_t buf[64] = {0};
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetDatabaseFileInfoA(path.c_str(), buf, 8, JET_DbInfoPageSize));
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetDatabaseFileInfoA(path.c_str(), buf, 2, JET_DbInfoFileType));
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetDatabaseFileInfoA(path.c_str(), buf, 4, JET_DbInfoFilesize));
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetDatabaseFileInfoA(path.c_str(), buf, 16, JET_DbInfoFilesizeOnDisk));
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetDatabaseFileInfoA(path.c_str(), buf, 8, JET_DbInfoDBInUse));
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetDatabaseFileInfoA(path.c_str(), buf, 24, JET_DbInfoUpgrade));

    int32_t in_use = 7;
    EXPECT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &in_use, sizeof in_use, JET_DbInfoDBInUse));
    EXPECT_EQ(0, in_use);
}

TEST(DbFileInfo, Upgrade)
{
    const std::string path = sample_path("basic.edb");
    JET_DBINFOUPGRADE u;
    std::memset(&u, 0, sizeof u);
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoA(path.c_str(), &u, sizeof u, JET_DbInfoUpgrade));
    u.cbStruct = sizeof u;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(path.c_str(), &u, sizeof u, JET_DbInfoUpgrade));
    EXPECT_EQ(sizeof u, u.cbStruct);
    EXPECT_EQ(1048576u, u.cbFilesizeLow);
    EXPECT_EQ(0u, u.cbFilesizeHigh);
    EXPECT_EQ((1048576u * 10) >> 6, u.cbFreeSpaceRequiredLow);
    EXPECT_EQ(3u, u.csecToUpgrade); // 1 MiB at an hour per GiB
    EXPECT_EQ(1u, u.fAlreadyUpgraded);
    EXPECT_EQ(0u, u.fUpgradable);

    // An unreadable header is only "not upgradable".
    const char text[] = "plain text";
    temp_file f(std::vector<uint8_t>(text, text + sizeof text - 1));
    std::memset(&u, 0xff, sizeof u);
    u.cbStruct = sizeof u;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &u, sizeof u, JET_DbInfoUpgrade));
    EXPECT_EQ(0u, u.ulFlags);
    EXPECT_EQ(10u, u.cbFilesizeLow);
}

TEST(DbFileInfo, UnknownLevels)
{
    const std::string path = sample_path("basic.edb");
    uint8_t buf[512] = {0};
    // ESE's JetGetDatabaseFileInfo knows only the levels above; the rest, including the
    // ones JetGetDatabaseInfo serves for attached databases, are invalid here.
    for (uint32_t level : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 11u, 12u, 16u, 18u, 20u, 22u, 23u, 1000u, 0x40000000u}) {
        EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoA(path.c_str(), buf, sizeof buf, level)) << level;
        EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoA(path.c_str(), buf, 4, level)) << level;
    }
}

TEST(DbFileInfo, BadArguments)
{
    const std::string path = sample_path("basic.edb");
    uint32_t cb = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoA(nullptr, &cb, sizeof cb, JET_DbInfoPageSize));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoW(nullptr, &cb, sizeof cb, JET_DbInfoPageSize));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoA(path.c_str(), nullptr, sizeof cb, JET_DbInfoPageSize));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoA(path.c_str(), nullptr, 216, JET_DbInfoMisc));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoA(path.c_str(), nullptr, 8, JET_DbInfoFilesize));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoA(path.c_str(), nullptr, 4, JET_DbInfoDBInUse));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfoA(path.c_str(), nullptr, 28, JET_DbInfoUpgrade));
    EXPECT_EQ(JET_errInvalidPath, JetGetDatabaseFileInfoA("", &cb, sizeof cb, JET_DbInfoPageSize));
    // An 8-bit name that is not UTF-8 cannot be converted, as ESE reports it.
    EXPECT_EQ(JET_errUnicodeTranslationFail, JetGetDatabaseFileInfoA("bad\xff\xfe.edb", &cb, sizeof cb, JET_DbInfoPageSize));
    // A UTF-16 name with an unpaired surrogate names no file.
    const uint16_t lone[] = {'a', 0xd800, '.', 'e', 'd', 'b', 0};
    EXPECT_EQ(JET_errFileNotFound,
              JetGetDatabaseFileInfoW(reinterpret_cast<JET_PCWSTR>(lone), &cb, sizeof cb, JET_DbInfoPageSize));
}

TEST(DbFileInfo, MissingFiles)
{
    uint32_t cb = 0;
    const std::string missing = testdata_dir() + "no-such-file.edb";
    const std::string no_dir = testdata_dir() + "no-such-dir/x.edb";
    EXPECT_EQ(JET_errFileNotFound, JetGetDatabaseFileInfoA(missing.c_str(), &cb, sizeof cb, JET_DbInfoPageSize));
    EXPECT_EQ(JET_errFileNotFound, JetGetDatabaseFileInfoA(no_dir.c_str(), &cb, sizeof cb, JET_DbInfoPageSize));
    EXPECT_EQ(JET_errFileNotFound, info_w(missing, &cb, sizeof cb, JET_DbInfoPageSize));
    // The file is looked up before the level and the size are checked.
    EXPECT_EQ(JET_errFileNotFound, JetGetDatabaseFileInfoA(missing.c_str(), &cb, sizeof cb, 9999));
    EXPECT_EQ(JET_errFileNotFound, JetGetDatabaseFileInfoA(missing.c_str(), &cb, 3, JET_DbInfoMisc));
    // A folder is found but cannot be read as a database.
    const std::string dir = testdata_dir();
    EXPECT_EQ(JET_errFileAccessDenied, JetGetDatabaseFileInfoA(dir.c_str(), &cb, sizeof cb, JET_DbInfoPageSize));
}

TEST(DbFileInfo, DamagedFiles)
{
    const std::vector<uint8_t> good = read_file(sample_path("text.edb"));
    ASSERT_EQ(1048576u, good.size());
    JET_DBINFOMISC ref, m;
    std::memset(&ref, 0, sizeof ref);
    std::memset(&m, 0, sizeof m); // fUpgradeDb is never written
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(sample_path("text.edb").c_str(), &ref, sizeof ref, JET_DbInfoMisc));
    uint32_t cb = 0;
    int32_t type = 0;
    uint64_t size = 0;

    // Primary header damaged: the shadow answers.
    std::vector<uint8_t> bad = good;
    bad[60] ^= 0x10;
    temp_file f(bad);
    ASSERT_TRUE(f.ok());
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &m, sizeof m, JET_DbInfoMisc));
    EXPECT_EQ(0, std::memcmp(&ref, &m, sizeof m));

    // Both damaged: nothing verifies.
    bad[4096 + 60] ^= 0x10;
    f.rewrite(bad);
    EXPECT_EQ(JET_errReadVerifyFailure, JetGetDatabaseFileInfoA(f.path().c_str(), &m, sizeof m, JET_DbInfoMisc));
    EXPECT_EQ(JET_errReadVerifyFailure, JetGetDatabaseFileInfoA(f.path().c_str(), &cb, sizeof cb, JET_DbInfoPageSize));
    EXPECT_EQ(JET_errReadVerifyFailure, JetGetDatabaseFileInfoA(f.path().c_str(), &type, sizeof type, JET_DbInfoFileType));
    EXPECT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &size, sizeof size, JET_DbInfoFilesize));
    EXPECT_EQ(1048576u, size);

    // A data page damaged: the header still reads; the page does not verify.
    bad = good;
    bad[(5 + 1) * 4096 + 1000] ^= 0x01;
    bad[(5 + 1) * 4096 + 3000] ^= 0x80;
    f.rewrite(bad);
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &m, sizeof m, JET_DbInfoMisc));
    EXPECT_EQ(JET_errSuccess, page_checksum_verify(&good[6 * 4096], 4096, 5, nullptr));
    EXPECT_EQ(JET_errReadVerifyFailure, page_checksum_verify(&bad[6 * 4096], 4096, 5, nullptr));

    // Truncated: the headers are at the start, so the file still reads...
    f.rewrite(std::vector<uint8_t>(good.begin(), good.begin() + 3 * 4096 + 100));
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &m, sizeof m, JET_DbInfoMisc));
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &size, sizeof size, JET_DbInfoFilesize));
    EXPECT_EQ(3u * 4096 + 100, size);
    // ... even with the primary alone...
    f.rewrite(std::vector<uint8_t>(good.begin(), good.begin() + 4096));
    EXPECT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &cb, sizeof cb, JET_DbInfoPageSize));
    EXPECT_EQ(4096u, cb);
    // ... but not when the header itself is cut.
    f.rewrite(std::vector<uint8_t>(good.begin(), good.begin() + 4000));
    EXPECT_EQ(JET_errReadVerifyFailure, JetGetDatabaseFileInfoA(f.path().c_str(), &cb, sizeof cb, JET_DbInfoPageSize));

    // Empty file.
    f.rewrite(std::vector<uint8_t>{});
    EXPECT_EQ(JET_errReadVerifyFailure, JetGetDatabaseFileInfoA(f.path().c_str(), &m, sizeof m, JET_DbInfoMisc));
    EXPECT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &size, sizeof size, JET_DbInfoFilesize));
    EXPECT_EQ(0u, size);

    // Text file.
    const std::string text = "Dear diary, today I wrote a database engine.\n";
    std::vector<uint8_t> t;
    for (int i = 0; i < 400; i++) t.insert(t.end(), text.begin(), text.end());
    f.rewrite(t);
    EXPECT_EQ(JET_errReadVerifyFailure, JetGetDatabaseFileInfoA(f.path().c_str(), &m, sizeof m, JET_DbInfoMisc));
    EXPECT_EQ(JET_errReadVerifyFailure, info_w(f.path(), &cb, sizeof cb, JET_DbInfoPageSize));
}

TEST(DbFileInfo, FileTypes)
{
    const std::vector<uint8_t> good = read_file(sample_path("basic.edb"));
    ASSERT_FALSE(good.empty());
    db_header h;
    dbheader_decode(good.data(), &h);
    temp_file f(good);
    JET_DBINFOMISC m;
    int32_t type = -1;
    const struct { uint32_t on_disk; int32_t reported; JET_ERR misc; } cases[] = {
        {1, 1, JET_errSuccess},
        {0, 0, JET_errFileInvalidType},  // headers older than the field
        {3, 3, JET_errFileInvalidType},  // a log file's type
        {5, 5, JET_errFileInvalidType},  // temporary database
        {11, 11, JET_errFileInvalidType},
        {12, 0, JET_errFileInvalidType}, // beyond ESE's known types: unknown
        {0xffffffffu, 0, JET_errFileInvalidType},
    };
    for (const auto &c : cases) {
        SCOPED_TRACE(c.on_disk);
        std::vector<uint8_t> data = good;
        h.filetype = c.on_disk;
        dbheader_encode(&h, data.data(), 4096);
        std::memcpy(data.data() + 4096, data.data(), 4096);
        f.rewrite(data);
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &type, sizeof type, JET_DbInfoFileType));
        EXPECT_EQ(c.reported, type);
        EXPECT_EQ(c.misc, JetGetDatabaseFileInfoA(f.path().c_str(), &m, sizeof m, JET_DbInfoMisc));
    }
}

TEST(DbFileInfo, OutOfMemory)
{
    const std::string path = sample_path("basic.edb");
    JET_DBINFOMISC m;
    for (uint64_t n = 1;; n++) {
        compat_fault_arm(COMPAT_FAULT_ALLOC, n);
        const JET_ERR err = info_w(path, &m, sizeof m, JET_DbInfoMisc);
        const bool fired = compat_fault_fired(COMPAT_FAULT_ALLOC);
        compat_fault_disarm_all();
        if (!fired) {
            EXPECT_EQ(JET_errSuccess, err);
            break;
        }
        EXPECT_EQ(JET_errOutOfMemory, err) << "allocation " << n;
        ASSERT_LT(n, 100u);
    }
}

} // namespace
