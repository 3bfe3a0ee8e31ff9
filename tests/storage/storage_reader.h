// storage_reader.h: what the storage tests share: opening a sample database through the
// engine's read path (cache, catalog), and printing its catalog and tables in the text
// formats of libesedb's esedbinfo -v and esedbexport, so the output can be compared with
// what those tools printed for the same files (tests/storage/expected/).
#ifndef STORAGE_READER_H
#define STORAGE_READER_H

#include <cstdint>
#include <string>
#include <vector>

extern "C" {
#include "btree.h"
#include "cache.h"
#include "catalog.h"
#include "compress.h"
#include "compat.h"
#include "dbheader.h"
#include "record.h"
}

std::string storage_testdata_dir();                 // $ESENT_TESTDATA/edb/
std::string storage_expected_dir();                 // tests/storage/expected/
std::string storage_sample_path(const std::string &name);
bool storage_read_text(const std::string &path, std::string *out);

// A database opened for reading: file, cache, catalog.
class reader_db {
public:
    reader_db() = default;
    ~reader_db();
    reader_db(const reader_db &) = delete;
    reader_db &operator=(const reader_db &) = delete;

    // Reads the header for the page size, makes a cache of max_pages pages, loads the catalog.
    JET_ERR open(const std::string &path, uint32_t max_pages);
    void close();

    cache *c = nullptr;
    uint32_t ifile = 0;
    catalog *cat = nullptr;
    uint32_t cb_page = 0;

private:
    compat_file *file_ = nullptr;
    bool attached_ = false;
};

// The catalog as esedbinfo -v prints it, from the "Table: 1" line on.
std::string format_catalog_like_esedbinfo(const catalog *cat);

// Every record of a table as esedbexport prints it (header line, then one line per
// record, tab-separated). Long values are read from the table's LV tree. Returns the
// first error met (the text is then incomplete).
JET_ERR export_table_like_esedbexport(reader_db &db, const catalog_table *t, std::string *out);

// One value as esedbexport prints a value of the column's type (multi-values are joined
// with "; " by the callers).
std::string format_column_value(const record_column *col, const uint8_t *pb, size_t cb);

// Every table, one after the other, each preceded by a line with its name.
JET_ERR export_all_tables(reader_db &db, std::string *out);

// A copy of a sample in a temporary file (deleted on destruction) that tests can damage
// page by page.
class sample_copy {
public:
    explicit sample_copy(const std::string &sample);
    ~sample_copy();
    sample_copy(const sample_copy &) = delete;
    sample_copy &operator=(const sample_copy &) = delete;
    bool ok() const { return ok_; }
    const std::string &path() const { return path_; }
    std::vector<uint8_t> read_page(uint32_t pgno, uint32_t cb_page) const;
    bool write_page(uint32_t pgno, uint32_t cb_page, const std::vector<uint8_t> &page) const;

private:
    std::string path_;
    bool ok_ = false;
};

#endif
