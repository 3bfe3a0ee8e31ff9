// format_testdata.cc: the sample table (values printed by esedbinfo and edbcheck.py, and
// decoded from the headers by hand with Python's struct module) and the file helpers.
#include "format_testdata.h"

#include <cstdlib>

const sample_db k_samples[] = {
    {"basic.edb", 4096, 1048576, 23, 0x87c3f09eu, 2022, 8, 19, 11, 46, 32, 636, 403, 8, {1, 22, 0}, {1, 20, 616}, 0x08999d81u},
    {"binary.edb", 4096, 1048576, 25, 0x68a0fa84u, 2022, 8, 19, 11, 46, 33, 292, 410, 9, {1, 23, 0}, {1, 20, 616}, 0x949556c2u},
    {"decompress_test.edb", 8192, 2097152, 18, 0x3556928du, 2021, 4, 2, 8, 59, 23, 167, 367, 8, {0, 0, 0}, {0, 0, 0}, 0},
    {"default.edb", 4096, 1048576, 23, 0x4480531cu, 2022, 8, 19, 11, 46, 35, 949, 420, 8, {1, 23, 0}, {1, 21, 616}, 0x365473b4u},
    {"index.edb", 4096, 1048576, 47, 0xb53d91afu, 2022, 8, 19, 11, 46, 36, 728, 640, 27, {1, 30, 0}, {1, 26, 616}, 0x97f34588u},
    {"multi.edb", 4096, 1048576, 34, 0xce2cd663u, 2022, 8, 19, 11, 46, 35, 144, 508, 9, {1, 29, 0}, {1, 21, 616}, 0xec50e8fcu},
    {"test.edb", 4096, 1048576, 45, 0x9d816468u, 2021, 3, 29, 8, 49, 13, 124, 511, 9, {0, 0, 0}, {0, 0, 0}, 0},
    {"text.edb", 4096, 1048576, 32, 0x88264bfdu, 2022, 8, 19, 11, 46, 34, 201, 487, 9, {1, 27, 0}, {1, 22, 616}, 0xcf309723u},
};
const size_t k_sample_count = sizeof k_samples / sizeof k_samples[0];

std::string testdata_dir()
{
    const char *env = std::getenv("ESENT_TESTDATA");
    std::string dir = env != nullptr && env[0] != '\0' ? env : "../shared/testdata";
    return dir + "/edb/";
}

std::string sample_path(const char *name)
{
    return testdata_dir() + name;
}

std::vector<uint8_t> read_file(const std::string &path)
{
    std::vector<uint8_t> data;
    compat_file *f = nullptr;
    uint64_t size = 0;
    size_t done = 0;
    if (compat_file_open(path.c_str(), COMPAT_FILE_READ, &f) != COMPAT_OK) return data;
    if (compat_file_size(f, &size) == COMPAT_OK) {
        data.resize(static_cast<size_t>(size));
        if (size != 0 && (compat_file_read_at(f, data.data(), data.size(), 0, &done) != COMPAT_OK || done != size))
            data.clear();
    }
    compat_file_close(f);
    return data;
}

temp_file::temp_file(const std::vector<uint8_t> &content)
{
    char buf[1024];
    compat_file *f = nullptr;
    if (compat_temp_file(nullptr, buf, sizeof buf, &f) != COMPAT_OK) return;
    path_ = buf;
    ok_ = content.empty() || compat_file_write_at(f, content.data(), content.size(), 0) == COMPAT_OK;
    if (compat_file_close(f) != COMPAT_OK) ok_ = false;
}

temp_file::~temp_file()
{
    if (!path_.empty()) compat_path_delete(path_.c_str());
}

void temp_file::rewrite(const std::vector<uint8_t> &content)
{
    compat_file *f = nullptr;
    ok_ = compat_file_open(path_.c_str(), COMPAT_FILE_WRITE | COMPAT_FILE_TRUNCATE, &f) == COMPAT_OK;
    if (!ok_) return;
    if (!content.empty() && compat_file_write_at(f, content.data(), content.size(), 0) != COMPAT_OK) ok_ = false;
    if (compat_file_close(f) != COMPAT_OK) ok_ = false;
}
