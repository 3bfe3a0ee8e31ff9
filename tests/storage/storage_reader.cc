// storage_reader.cc: opening samples through the read path and printing them the way
// esedbinfo -v and esedbexport (libesedb-utils 20181229) do.
#include "storage_reader.h"

extern "C" {
#include "jet_error.h"
}

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifndef STORAGE_EXPECTED_DIR
#define STORAGE_EXPECTED_DIR "tests/storage/expected"
#endif

std::string storage_testdata_dir()
{
    const char *env = std::getenv("ESENT_TESTDATA");
    std::string dir = env != nullptr && env[0] != '\0' ? env : "../shared/testdata";
    return dir + "/edb/";
}

std::string storage_expected_dir()
{
    return std::string(STORAGE_EXPECTED_DIR) + "/";
}

std::string storage_sample_path(const std::string &name)
{
    return storage_testdata_dir() + name;
}

bool storage_read_text(const std::string &path, std::string *out)
{
    compat_file *f = nullptr;
    uint64_t size = 0;
    size_t done = 0;
    out->clear();
    if (compat_file_open(path.c_str(), COMPAT_FILE_READ, &f) != COMPAT_OK) return false;
    bool ok = compat_file_size(f, &size) == COMPAT_OK;
    if (ok) {
        out->resize(static_cast<size_t>(size));
        ok = size == 0 || (compat_file_read_at(f, &(*out)[0], out->size(), 0, &done) == COMPAT_OK && done == size);
    }
    compat_file_close(f);
    return ok;
}

reader_db::~reader_db()
{
    close();
}

void reader_db::close()
{
    catalog_free(cat);
    cat = nullptr;
    if (attached_) cache_detach_file(c, ifile);
    attached_ = false;
    cache_destroy(c);
    c = nullptr;
    if (file_ != nullptr) compat_file_close(file_);
    file_ = nullptr;
}

JET_ERR reader_db::open(const std::string &path, uint32_t max_pages)
{
    dbheader_image *img = new dbheader_image();
    JET_ERR err = dbheader_read_path(path.c_str(), img);
    cb_page = img->cb_page;
    delete img;
    if (err < 0) return err;
    compat_err ce = compat_file_open(path.c_str(), COMPAT_FILE_READ, &file_);
    if (ce != COMPAT_OK) return jet_error_from_compat(ce);
    err = cache_create(cb_page, max_pages, &c);
    if (err < 0) return err;
    err = cache_attach_file(c, file_, &ifile);
    if (err < 0) return err;
    attached_ = true;
    return catalog_load(c, ifile, &cat);
}

namespace {

const char *coltyp_name(uint32_t coltyp)
{
    switch (coltyp) {
    case JET_coltypBit: return "Boolean";
    case JET_coltypUnsignedByte: return "Integer 8-bit unsigned";
    case JET_coltypShort: return "Integer 16-bit signed";
    case JET_coltypLong: return "Integer 32-bit signed";
    case JET_coltypCurrency: return "Currency (64-bit)";
    case JET_coltypIEEESingle: return "Floating point single precision (32-bit)";
    case JET_coltypIEEEDouble: return "Floating point double precision (64-bit)";
    case JET_coltypDateTime: return "Date and time";
    case JET_coltypBinary: return "Binary data";
    case JET_coltypText: return "Text";
    case JET_coltypLongBinary: return "Large binary data";
    case JET_coltypLongText: return "Large text";
    case 13: return "Super large value";
    case 14: return "Integer 32-bit unsigned";
    case 15: return "Integer 64-bit signed";
    case 16: return "GUID";
    case 17: return "Integer 16-bit unsigned";
    default: return "Unknown";
    }
}

std::string hex(const uint8_t *pb, size_t cb)
{
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < cb; i++) {
        s += digits[pb[i] >> 4];
        s += digits[pb[i] & 15];
    }
    return s;
}

// cp1252 bytes to UTF-8 (the samples only use ASCII in cp1252 columns; bytes >= 0x80 are
// taken as Latin-1, which differs from cp1252 only in 0x80-0x9f).
std::string latin1_to_utf8(const uint8_t *pb, size_t cb)
{
    std::string s;
    for (size_t i = 0; i < cb && pb[i] != 0; i++) {
        if (pb[i] < 0x80) {
            s += static_cast<char>(pb[i]);
        } else {
            s += static_cast<char>(0xc0 | (pb[i] >> 6));
            s += static_cast<char>(0x80 | (pb[i] & 0x3f));
        }
    }
    return s;
}

std::string utf16_to_utf8(const uint8_t *pb, size_t cb)
{
    std::vector<uint16_t> w(cb / 2);
    size_t n = 0;
    for (size_t i = 0; i < w.size(); i++) {
        w[i] = static_cast<uint16_t>(pb[2 * i] | pb[2 * i + 1] << 8);
        if (w[i] == 0) break;
        n++;
    }
    if (n == 0) return std::string();
    std::vector<char> out(n * 3 + 1);
    size_t len = 0;
    if (compat_utf16_to_utf8(w.data(), n, out.data(), out.size(), &len) != COMPAT_OK) return "<bad UTF-16>";
    return std::string(out.data(), len);
}

std::string format_value(const record_column *col, const uint8_t *pb, size_t cb)
{
    return format_column_value(col, pb, cb);
}

} // namespace

std::string format_column_value(const record_column *col, const uint8_t *pb, size_t cb)
{
    char buf[64];
    switch (col->coltyp) {
    case JET_coltypBit:
        return cb >= 1 && pb[0] != 0 ? "true" : "false";
    case JET_coltypUnsignedByte:
        if (cb < 1) break;
        std::snprintf(buf, sizeof buf, "%u", pb[0]);
        return buf;
    case JET_coltypShort:
        if (cb < 2) break;
        std::snprintf(buf, sizeof buf, "%d", static_cast<int16_t>(byte_order_get_le16(pb)));
        return buf;
    case 17:
        if (cb < 2) break;
        std::snprintf(buf, sizeof buf, "%u", byte_order_get_le16(pb));
        return buf;
    case JET_coltypLong:
        if (cb < 4) break;
        std::snprintf(buf, sizeof buf, "%" PRId32, static_cast<int32_t>(byte_order_get_le32(pb)));
        return buf;
    case 14:
        if (cb < 4) break;
        std::snprintf(buf, sizeof buf, "%" PRIu32, byte_order_get_le32(pb));
        return buf;
    case JET_coltypCurrency: // esedbexport prints currency unsigned
        if (cb < 8) break;
        std::snprintf(buf, sizeof buf, "%" PRIu64, byte_order_get_le64(pb));
        return buf;
    case 15:
        if (cb < 8) break;
        std::snprintf(buf, sizeof buf, "%" PRId64, static_cast<int64_t>(byte_order_get_le64(pb)));
        return buf;
    case JET_coltypIEEESingle: {
        if (cb < 4) break;
        uint32_t u = byte_order_get_le32(pb);
        float f;
        std::memcpy(&f, &u, sizeof f);
        std::snprintf(buf, sizeof buf, "%f", static_cast<double>(f));
        return buf;
    }
    case JET_coltypIEEEDouble: {
        if (cb < 8) break;
        uint64_t u = byte_order_get_le64(pb);
        double d;
        std::memcpy(&d, &u, sizeof d);
        std::snprintf(buf, sizeof buf, "%f", d);
        return buf;
    }
    case JET_coltypDateTime: // esedbexport prints the double's two halves
        if (cb < 8) break;
        std::snprintf(buf, sizeof buf, "(0x%08" PRIx32 " 0x%08" PRIx32 ")", byte_order_get_le32(pb + 4), byte_order_get_le32(pb));
        return buf;
    case JET_coltypText:
    case JET_coltypLongText:
        return col->codepage == 1200 ? utf16_to_utf8(pb, cb) : latin1_to_utf8(pb, cb);
    default:
        break;
    }
    return hex(pb, cb);
}

namespace {

// One value of a column, long values resolved. Compressed values print as
// "<compressed:N>" (N = the scheme) until decompression exists.
JET_ERR column_text(reader_db &db, const catalog_table *t, btree_cursor *lv, const record_view *rv,
                    const record_column *col, uint32_t seq, uint32_t *count, std::string *out)
{
    record_state st;
    record_value v;
    out->clear();
    JET_ERR err = record_column_value(rv, col, seq, count, &st, &v);
    if (err < 0 || st != RECORD_VALUE) return err;
    if (v.separated) {
        if (t->pgno_lv == 0 || lv == nullptr) return JET_errLVCorrupted;
        uint8_t lid[8];
        std::memcpy(lid, v.pb, v.cb);
        uint32_t cb_lid = v.cb, size = 0;
        bool compressed = false;
        err = record_lv_read(lv, lid, cb_lid, 0, nullptr, 0, &size, &compressed);
        if (err < 0) return err;
        std::vector<uint8_t> buf(size);
        err = record_lv_read(lv, lid, cb_lid, 0, buf.data(), size, &size, &compressed);
        if (err < 0) return err;
        *out = format_value(col, buf.data(), buf.size());
        return JET_errSuccess;
    }
    if (v.compressed) {
        uint32_t size = 0;
        err = compress_size(v.pb, v.cb, &size);
        if (err < 0) return err;
        std::vector<uint8_t> buf(size);
        err = compress_decompress(v.pb, v.cb, buf.data(), size, &size);
        if (err < 0) return err;
        *out = format_value(col, buf.data(), buf.size());
        return JET_errSuccess;
    }
    (void)db;
    *out = format_value(col, v.pb, v.cb);
    return JET_errSuccess;
}

} // namespace

std::string format_catalog_like_esedbinfo(const catalog *cat)
{
    std::string s;
    char buf[512];
    for (uint32_t i = 0; i < cat->ctables; i++) {
        const catalog_table *t = &cat->tables[i];
        std::snprintf(buf, sizeof buf, "Table: %u\t\t\t%s (%u)\n", i + 1, t->name, t->objid);
        s += buf;
        std::snprintf(buf, sizeof buf, "\tNumber of columns:\t%u\n", t->ccolumns);
        s += buf;
        s += "\tColumn\tIdentifier\tName\tType\n";
        for (uint32_t c = 0; c < t->ccolumns; c++) {
            const record_column *col = &t->columns[c];
            std::snprintf(buf, sizeof buf, "\t%u\t%u\t%s\t%s\n", c + 1, col->columnid, col->name, coltyp_name(col->coltyp));
            s += buf;
        }
        s += "\n";
        std::snprintf(buf, sizeof buf, "\tNumber of indexes:\t%u\n", t->cindexes);
        s += buf;
        for (uint32_t x = 0; x < t->cindexes; x++) {
            std::snprintf(buf, sizeof buf, "\tIndex: %u\t\t%s (%u)\n", x + 1, t->indexes[x].name, t->indexes[x].objid);
            s += buf;
        }
        s += "\n";
        for (uint32_t x = 0; x < t->cindexes; x++) {
            std::snprintf(buf, sizeof buf, "Index: %u\t\t\t%s (%u)\n\n", x + 1, t->indexes[x].name, t->indexes[x].objid);
            s += buf;
        }
    }
    s += "\n";
    return s;
}

JET_ERR export_table_like_esedbexport(reader_db &db, const catalog_table *t, std::string *out)
{
    JET_ERR err;
    btree_cursor cur, lv;
    bool have_lv = false;
    out->clear();
    for (uint32_t c = 0; c < t->ccolumns; c++) {
        if (c != 0) *out += "\t";
        *out += t->columns[c].name;
    }
    *out += "\n";
    err = btree_open(&cur, db.c, db.ifile, t->pgno_fdp);
    if (err < 0) return err;
    if (t->pgno_lv != 0) {
        err = btree_open(&lv, db.c, db.ifile, t->pgno_lv);
        if (err < 0) {
            btree_close(&cur);
            return err;
        }
        have_lv = true;
    }
    for (err = btree_move_first(&cur); err >= 0; err = btree_move_next(&cur)) {
        record_view rv;
        err = record_open(cur.data, cur.cb_data, page_is_large(db.cb_page), &rv);
        if (err < 0) break;
        for (uint32_t c = 0; c < t->ccolumns && err >= 0; c++) {
            const record_column *col = &t->columns[c];
            if (c != 0) *out += "\t";
            uint32_t count = 0;
            std::string v;
            err = column_text(db, t, have_lv ? &lv : nullptr, &rv, col, 1, &count, &v);
            *out += v;
            for (uint32_t seq = 2; err >= 0 && seq <= count; seq++) {
                err = column_text(db, t, have_lv ? &lv : nullptr, &rv, col, seq, &count, &v);
                *out += "; " + v;
            }
        }
        if (err < 0) break;
        *out += "\n";
    }
    if (err == JET_errNoCurrentRecord || err == JET_errRecordNotFound) err = JET_errSuccess;
    btree_close(&cur);
    if (have_lv) btree_close(&lv);
    return err;
}

JET_ERR export_all_tables(reader_db &db, std::string *out)
{
    out->clear();
    for (uint32_t i = 0; i < db.cat->ctables; i++) {
        std::string one;
        JET_ERR err = export_table_like_esedbexport(db, &db.cat->tables[i], &one);
        if (err < 0) return err;
        *out += std::string("== ") + db.cat->tables[i].name + "\n" + one;
    }
    return JET_errSuccess;
}

sample_copy::sample_copy(const std::string &sample)
{
    std::string content;
    if (!storage_read_text(storage_sample_path(sample), &content)) return;
    char buf[1024];
    compat_file *f = nullptr;
    if (compat_temp_file(nullptr, buf, sizeof buf, &f) != COMPAT_OK) return;
    path_ = buf;
    ok_ = compat_file_write_at(f, content.data(), content.size(), 0) == COMPAT_OK;
    if (compat_file_close(f) != COMPAT_OK) ok_ = false;
}

sample_copy::~sample_copy()
{
    if (!path_.empty()) compat_path_delete(path_.c_str());
}

std::vector<uint8_t> sample_copy::read_page(uint32_t pgno, uint32_t cb_page) const
{
    std::vector<uint8_t> page(cb_page);
    compat_file *f = nullptr;
    size_t done = 0;
    if (compat_file_open(path_.c_str(), COMPAT_FILE_READ, &f) != COMPAT_OK) return {};
    bool ok = compat_file_read_at(f, page.data(), cb_page, (uint64_t)(pgno + 1) * cb_page, &done) == COMPAT_OK && done == cb_page;
    compat_file_close(f);
    return ok ? page : std::vector<uint8_t>();
}

bool sample_copy::write_page(uint32_t pgno, uint32_t cb_page, const std::vector<uint8_t> &page) const
{
    compat_file *f = nullptr;
    if (compat_file_open(path_.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE, &f) != COMPAT_OK) return false;
    bool ok = compat_file_write_at(f, page.data(), cb_page, (uint64_t)(pgno + 1) * cb_page) == COMPAT_OK;
    return compat_file_close(f) == COMPAT_OK && ok;
}
