// format_testdata.h: what the format tests share: the sample databases and what
// esedbinfo (libesedb-utils 20181229), edbcheck.py and a hex dump of their headers say
// about them, and small file helpers built on compat.
#ifndef FORMAT_TESTDATA_H
#define FORMAT_TESTDATA_H

#include <cstdint>
#include <string>
#include <vector>

extern "C" {
#include "compat.h"
#include "dbheader.h"
#include "page_checksum.h"
}

struct sample_lgpos {
    int32_t generation;
    uint16_t isec, ib;
};

struct sample_db {
    const char *name;
    uint32_t cb_page;        // esedbinfo "Page size"
    uint64_t cb_file;
    uint32_t checksummed;    // edbcheck.py: pages with an ECC checksum (the rest are blank)
    uint32_t sign_random;    // signDb.ulRandom
    uint16_t year;           // signDb creation time (UTC)
    uint8_t month, day, hour, minute, second;
    uint16_t ms;
    uint64_t dbtime;
    uint32_t objid_last;
    sample_lgpos consistent, attach;
    uint32_t log_random;     // signLog.ulRandom (0: the database was never logged)
};

// Every sample: file type Database, created in and current format 0x620,20 (esedbinfo),
// clean shutdown, last used by Windows 6.2.9200 SP0, no logs required.
extern const sample_db k_samples[];
extern const size_t k_sample_count;

std::string testdata_dir();                       // $ESENT_TESTDATA/edb/
std::string sample_path(const char *name);
std::vector<uint8_t> read_file(const std::string &path);  // empty on failure

// A temporary copy of some bytes, deleted when it goes out of scope.
class temp_file {
public:
    explicit temp_file(const std::vector<uint8_t> &content);
    ~temp_file();
    temp_file(const temp_file &) = delete;
    temp_file &operator=(const temp_file &) = delete;
    const std::string &path() const { return path_; }
    bool ok() const { return ok_; }
    void rewrite(const std::vector<uint8_t> &content);

private:
    std::string path_;
    bool ok_ = false;
};

#endif
