// dbheader_test.cc: the database header: every field of every sample decodes to what
// esedbinfo and a hand decoding say, encoding gives back the exact bytes, either copy is
// enough to read, page sizes are detected, and an attach's header checks give ESE's codes.
#include <gtest/gtest.h>

#include <cstring>

#include "format_testdata.h"

namespace {

TEST(DbHeader, SamplesDecode)
{
    for (size_t s = 0; s < k_sample_count; s++) {
        const sample_db &db = k_samples[s];
        SCOPED_TRACE(db.name);
        dbheader_image img;
        ASSERT_EQ(JET_errSuccess, dbheader_read_path(sample_path(db.name).c_str(), &img));
        const db_header &h = img.hdr;
        EXPECT_EQ(db.cb_page, img.cb_page);
        EXPECT_EQ(DBHEADER_BOTH_GOOD, img.status);
        EXPECT_EQ(0x89abcdefu, h.magic);
        EXPECT_EQ(0x620u, h.version);        // esedbinfo "Current format: 0x620,20"
        EXPECT_EQ(20u, h.update_major);
        EXPECT_EQ(0x620u, h.create_version); // esedbinfo "Created in format: 0x620,20"
        EXPECT_EQ(20u, h.create_update);
        EXPECT_EQ(0u, h.update_minor);
        EXPECT_EQ(1u, h.filetype);           // esedbinfo "File type: Database"
        EXPECT_EQ(0, h.attrib);
        EXPECT_EQ(db.cb_page, h.cb_page_size);
        EXPECT_EQ(static_cast<uint32_t>(DBSTATE_CLEAN_SHUTDOWN), h.dbstate);
        EXPECT_EQ(db.dbtime, h.dbtime_dirtied);
        EXPECT_EQ(db.objid_last, h.objid_last);
        EXPECT_EQ(1u, h.dbid);
        EXPECT_EQ(6u, h.os_major);
        EXPECT_EQ(2u, h.os_minor);
        EXPECT_EQ(9200u, h.os_build);
        EXPECT_EQ(0, h.os_sp);
        EXPECT_EQ(0, h.gen_min_required);
        EXPECT_EQ(0, h.gen_max_required);
        EXPECT_EQ(0xffffffffffffffffull, h.sort_version);
        EXPECT_EQ(db.sign_random, h.sign_db.random);
        EXPECT_EQ(db.year - 1900, h.sign_db.create.year);
        EXPECT_EQ(db.month, h.sign_db.create.month);
        EXPECT_EQ(db.day, h.sign_db.create.day);
        EXPECT_EQ(db.hour, h.sign_db.create.hours);
        EXPECT_EQ(db.minute, h.sign_db.create.minutes);
        EXPECT_EQ(db.second, h.sign_db.create.seconds);
        EXPECT_EQ(db.ms, dbheader_logtime_milliseconds(&h.sign_db.create));
        EXPECT_TRUE(dbheader_logtime_is_utc(&h.sign_db.create));
        EXPECT_EQ(db.consistent.generation, h.lgpos_consistent.generation);
        EXPECT_EQ(db.consistent.isec, h.lgpos_consistent.isec);
        EXPECT_EQ(db.consistent.ib, h.lgpos_consistent.ib);
        EXPECT_EQ(db.attach.generation, h.lgpos_attach.generation);
        EXPECT_EQ(db.attach.isec, h.lgpos_attach.isec);
        EXPECT_EQ(db.attach.ib, h.lgpos_attach.ib);
        // A clean detach leaves the consistent position equal to the detach position.
        EXPECT_EQ(0, std::memcmp(&h.lgpos_consistent, &h.lgpos_detach, sizeof h.lgpos_detach));
        EXPECT_EQ(db.log_random, h.sign_log.random);
        EXPECT_EQ(db.log_random != 0, dbheader_logtime_is_set(&h.sign_log.create));
        EXPECT_FALSE(dbheader_logtime_is_set(&h.logtime_gen_max_create));
        EXPECT_EQ(0u, h.bk_full_cur.gen_low);
        EXPECT_EQ(JET_errSuccess, dbheader_check_attach(&img, db.cb_page));
    }
}

TEST(DbHeader, EncodeGivesBackTheExactPage)
{
    for (size_t s = 0; s < k_sample_count; s++) {
        const sample_db &db = k_samples[s];
        SCOPED_TRACE(db.name);
        const std::vector<uint8_t> data = read_file(sample_path(db.name));
        ASSERT_EQ(db.cb_file, data.size());
        db_header h;
        dbheader_decode(data.data(), &h);
        std::vector<uint8_t> page(db.cb_page, 0xcc);
        dbheader_encode(&h, page.data(), db.cb_page);
        EXPECT_EQ(0, std::memcmp(page.data(), data.data(), db.cb_page));
        EXPECT_EQ(byte_order_get_le32(data.data()), dbheader_checksum(data.data(), db.cb_page));
        // The shadow is the same page.
        EXPECT_EQ(0, std::memcmp(data.data(), data.data() + db.cb_page, db.cb_page));
    }
}

TEST(DbHeader, EveryFieldHasItsOffset)
{
    // A header whose every byte below 748 differs: decoding and encoding keep them all,
    // except the reserved bytes 664..666 and 671 that carry no field.
    std::vector<uint8_t> page(4096, 0);
    for (uint32_t i = 4; i < DBHEADER_CB; i++) page[i] = static_cast<uint8_t>(i * 7 + 1);
    for (uint32_t i : {664u, 665u, 666u, 671u}) page[i] = 0;
    db_header h;
    dbheader_decode(page.data(), &h);
    std::vector<uint8_t> out(4096, 0);
    dbheader_encode(&h, out.data(), 4096);
    EXPECT_EQ(0, std::memcmp(out.data() + 4, page.data() + 4, 4096 - 4));
    EXPECT_EQ(dbheader_checksum(out.data(), 4096), byte_order_get_le32(out.data()));
    EXPECT_EQ(byte_order_get_le32(&page[667]), h.filetype);
    EXPECT_EQ(byte_order_get_le32(&page[740 + 4]), static_cast<uint32_t>(h.lgpos_commit_before_revert.generation));
}

std::vector<uint8_t> header_file(const db_header &h, uint32_t cb_page, uint32_t pages)
{
    std::vector<uint8_t> file(static_cast<size_t>(cb_page) * pages, 0);
    dbheader_encode(&h, file.data(), cb_page);
    std::memcpy(file.data() + cb_page, file.data(), cb_page);
    return file;
}

TEST(DbHeader, PageSizeIsDetected)
{
    const std::vector<uint8_t> data = read_file(sample_path("basic.edb"));
    ASSERT_FALSE(data.empty());
    db_header h;
    dbheader_decode(data.data(), &h);
    for (uint32_t cb = 2048; cb <= 32768; cb *= 2) {
        SCOPED_TRACE(cb);
        h.cb_page_size = cb;
        temp_file f(header_file(h, cb, 4));
        ASSERT_TRUE(f.ok());
        dbheader_image img;
        ASSERT_EQ(JET_errSuccess, dbheader_read_path(f.path().c_str(), &img));
        EXPECT_EQ(cb, img.cb_page);
        EXPECT_EQ(DBHEADER_BOTH_GOOD, img.status);
        uint32_t cb_info = 0;
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(f.path().c_str(), &cb_info, sizeof cb_info, JET_DbInfoPageSize));
        EXPECT_EQ(cb, cb_info);
    }
    // 0 stands for 4 KiB.
    h.cb_page_size = 0;
    temp_file f(header_file(h, 4096, 4));
    dbheader_image img;
    ASSERT_EQ(JET_errSuccess, dbheader_read_path(f.path().c_str(), &img));
    EXPECT_EQ(4096u, img.cb_page);
    EXPECT_EQ(4096u, dbheader_page_size(&img.hdr));
    // A size the header states but the checksum does not cover is not a header.
    h.cb_page_size = 8192;
    std::vector<uint8_t> wrong = header_file(h, 4096, 4);
    f.rewrite(wrong);
    EXPECT_EQ(JET_errReadVerifyFailure, dbheader_read_path(f.path().c_str(), &img));
}

TEST(DbHeader, EitherCopyIsEnough)
{
    const std::vector<uint8_t> good = read_file(sample_path("index.edb"));
    ASSERT_FALSE(good.empty());
    dbheader_image img;

    std::vector<uint8_t> bad = good;
    bad[300] ^= 0x40; // primary
    temp_file f(bad);
    ASSERT_EQ(JET_errSuccess, dbheader_read_path(f.path().c_str(), &img));
    EXPECT_EQ(DBHEADER_PRIMARY_BAD, img.status);
    EXPECT_EQ(0xb53d91afu, img.hdr.sign_db.random);
    EXPECT_EQ(0, std::memcmp(img.raw, good.data() + 4096, sizeof img.raw));

    bad = good;
    bad[4096 + 52] ^= 1; // shadow
    f.rewrite(bad);
    ASSERT_EQ(JET_errSuccess, dbheader_read_path(f.path().c_str(), &img));
    EXPECT_EQ(DBHEADER_SHADOW_BAD, img.status);

    // A shadow that verifies but differs counts as bad: the primary wins.
    db_header h;
    dbheader_decode(good.data(), &h);
    h.dbtime_dirtied += 1;
    bad = good;
    dbheader_encode(&h, bad.data() + 4096, 4096);
    f.rewrite(bad);
    ASSERT_EQ(JET_errSuccess, dbheader_read_path(f.path().c_str(), &img));
    EXPECT_EQ(DBHEADER_SHADOW_BAD, img.status);
    EXPECT_EQ(640u, img.hdr.dbtime_dirtied);

    bad = good;
    bad[300] ^= 0x40;
    bad[4096 + 300] ^= 0x40;
    f.rewrite(bad);
    EXPECT_EQ(JET_errReadVerifyFailure, dbheader_read_path(f.path().c_str(), &img));
    EXPECT_EQ(JET_errDatabaseCorrupted, dbheader_attach_read_error(JET_errReadVerifyFailure));
    EXPECT_EQ(JET_errFileNotFound, dbheader_attach_read_error(JET_errFileNotFound));

    // Only the primary is there: enough, and the missing shadow is reported.
    f.rewrite(std::vector<uint8_t>(good.begin(), good.begin() + 4096));
    ASSERT_EQ(JET_errSuccess, dbheader_read_path(f.path().c_str(), &img));
    EXPECT_EQ(DBHEADER_SHADOW_BAD, img.status);
}

TEST(DbHeader, ShortAndForeignFiles)
{
    dbheader_image img;
    temp_file empty(std::vector<uint8_t>{});
    EXPECT_EQ(JET_errReadVerifyFailure, dbheader_read_path(empty.path().c_str(), &img));
    const char text[] = "This is not a database, only some text.\n";
    temp_file txt(std::vector<uint8_t>(text, text + sizeof text - 1));
    EXPECT_EQ(JET_errReadVerifyFailure, dbheader_read_path(txt.path().c_str(), &img));
    const std::vector<uint8_t> good = read_file(sample_path("basic.edb"));
    temp_file part(std::vector<uint8_t>(good.begin(), good.begin() + 2000));
    EXPECT_EQ(JET_errReadVerifyFailure, dbheader_read_path(part.path().c_str(), &img));
    EXPECT_EQ(JET_errFileNotFound, dbheader_read_path((testdata_dir() + "no-such.edb").c_str(), &img));
    EXPECT_EQ(JET_errInvalidParameter, dbheader_read_path(nullptr, &img));
}

TEST(DbHeader, FaultsAreReported)
{
    const std::string path = sample_path("basic.edb");
    dbheader_image img;
    // Every allocation that can fail gives JET_errOutOfMemory and leaks nothing.
    for (uint64_t n = 1;; n++) {
        compat_fault_arm(COMPAT_FAULT_ALLOC, n);
        const JET_ERR err = dbheader_read_path(path.c_str(), &img);
        const bool fired = compat_fault_fired(COMPAT_FAULT_ALLOC);
        compat_fault_disarm_all();
        if (!fired) {
            EXPECT_EQ(JET_errSuccess, err);
            break;
        }
        EXPECT_EQ(JET_errOutOfMemory, err) << "allocation " << n;
        ASSERT_LT(n, 100u);
    }
    // A read that fails leaves nothing that verifies, as in ESE.
    compat_fault_arm(COMPAT_FAULT_READ, 1);
    EXPECT_EQ(JET_errReadVerifyFailure, dbheader_read_path(path.c_str(), &img));
    compat_fault_disarm_all();
}

TEST(DbHeader, AttachChecks)
{
    dbheader_image base;
    ASSERT_EQ(JET_errSuccess, dbheader_read_path(sample_path("basic.edb").c_str(), &base));
    EXPECT_EQ(JET_errSuccess, dbheader_check_attach(&base, 4096));
    EXPECT_EQ(JET_errPageSizeMismatch, dbheader_check_attach(&base, 8192));

    struct change {
        void (*apply)(db_header &);
        JET_ERR expected;
    };
    const change changes[] = {
        {[](db_header &h) { h.magic = 0x12345678; }, JET_errInvalidDatabaseVersion},
        {[](db_header &h) { h.version = 0x500; }, JET_errInvalidDatabaseVersion},
        {[](db_header &h) { h.dbstate = DBSTATE_DIRTY_SHUTDOWN; }, JET_errDatabaseDirtyShutdown},
        {[](db_header &h) { h.dbstate = DBSTATE_JUST_CREATED; }, JET_errDatabaseInconsistent},
        {[](db_header &h) { h.dbstate = DBSTATE_DIRTY_SHUTDOWN; h.bk_full_cur.gen_low = 3; }, JET_errSoftRecoveryOnBackupDatabase},
        {[](db_header &h) { h.dbstate = DBSTATE_BEING_CONVERTED; }, JET_errDatabaseIncompleteUpgrade},
        {[](db_header &h) { h.dbstate = DBSTATE_INCREMENTAL_RESEED; }, -1226},
        {[](db_header &h) { h.dbstate = DBSTATE_REVERT_IN_PROGRESS; }, -1935},
        {[](db_header &h) { h.attrib = 1; }, JET_errDatabaseCorrupted},
        {[](db_header &h) { h.filetype = JET_filetypeLog; }, JET_errDatabaseCorrupted},
        {[](db_header &h) { h.filetype = JET_filetypeUnknown; }, JET_errSuccess},
        {[](db_header &h) { h.filetype = JET_filetypeTempDatabase; }, JET_errSuccess},
        {[](db_header &h) { h.update_major = 0x10; }, JET_errSuccess}, // small pages: any update
    };
    for (const change &c : changes) {
        dbheader_image img = base;
        c.apply(img.hdr);
        EXPECT_EQ(c.expected, dbheader_check_attach(&img, 4096));
    }
    // Large pages written before the long-value chunk change cannot be attached.
    dbheader_image img = base;
    img.cb_page = 32768;
    img.hdr.cb_page_size = 32768;
    EXPECT_EQ(JET_errSuccess, dbheader_check_attach(&img, 32768));
    img.hdr.update_major = 0x10;
    EXPECT_EQ(JET_errInvalidDatabaseVersion, dbheader_check_attach(&img, 32768));
}

TEST(DbHeader, LogTimes)
{
    db_logtime t;
    std::memset(&t, 0, sizeof t);
    EXPECT_FALSE(dbheader_logtime_is_set(&t));
    t.ms_low_utc = 1;
    EXPECT_TRUE(dbheader_logtime_is_set(&t)); // the UTC flag alone marks a time as set
    t.ms_low_utc = static_cast<uint8_t>((999 & 0x7f) << 1);
    t.ms_high_flags = static_cast<uint8_t>((999 >> 7) << 1);
    EXPECT_EQ(999u, dbheader_logtime_milliseconds(&t));
    EXPECT_FALSE(dbheader_logtime_is_utc(&t));
}

} // namespace
