/* eu_export.c: esentutl export: every record of a table, every value (each value of a
 * multi-valued column, long values whole), through JetMove and JetRetrieveColumn, as
 *  - CSV (RFC 4180): a header line of the column names, one line per record; a null is an
 *    empty field; a multi-valued column's field is a JSON array of its values;
 *  - JSON Lines: one object per record, column name -> value (null; true/false; numbers;
 *    strings; arrays for multi-valued columns);
 *  - TSV as libesedb's esedbexport prints it (the format of tests/storage/expected/).
 * Values in CSV and JSON: integers in decimal (Currency as its signed 64-bit count of
 * 1/10000), floating point in the shortest form that reads back to the same value,
 * DateTime (an OLE date) as ISO 8601 to the microsecond, text as UTF-8 (codepage 1200 from
 * UTF-16, others as Windows-1252), GUIDs in their usual form, binary as lowercase hex.
 * docs/esentutl.md describes the formats. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "eu.h"

/* ---- a growing byte buffer ---- */

typedef struct buf {
    uint8_t *pb;
    size_t cb, cap;
    bool oom;
} buf;

static bool buf_reserve(buf *b, size_t cap)
{
    uint8_t *p;
    if (cap <= b->cap) return true;
    if (cap < 2u * b->cap) cap = 2u * b->cap;
    p = compat_realloc(b->pb, cap);
    if (p == NULL) {
        b->oom = true;
        return false;
    }
    b->pb = p;
    b->cap = cap;
    return true;
}

static void buf_add(buf *b, const void *pb, size_t cb)
{
    if (cb == 0 || !buf_reserve(b, b->cb + cb)) return;
    memcpy(b->pb + b->cb, pb, cb);
    b->cb += cb;
}

static void buf_str(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void buf_char(buf *b, char c)
{
    buf_add(b, &c, 1);
}

/* ---- text ---- */

static void add_code_point(buf *b, uint32_t c)
{
    char u[4];
    if (c < 0x80u) {
        buf_char(b, (char)c);
    } else if (c < 0x800u) {
        u[0] = (char)(0xc0u | c >> 6);
        u[1] = (char)(0x80u | (c & 0x3fu));
        buf_add(b, u, 2);
    } else if (c < 0x10000u) {
        u[0] = (char)(0xe0u | c >> 12);
        u[1] = (char)(0x80u | (c >> 6 & 0x3fu));
        u[2] = (char)(0x80u | (c & 0x3fu));
        buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xf0u | c >> 18);
        u[1] = (char)(0x80u | (c >> 12 & 0x3fu));
        u[2] = (char)(0x80u | (c >> 6 & 0x3fu));
        u[3] = (char)(0x80u | (c & 0x3fu));
        buf_add(b, u, 4);
    }
}

/* UTF-16LE bytes as UTF-8; an unpaired surrogate becomes U+FFFD, an odd last byte is
 * dropped. stop_at_nul: end at the first NUL (esedbexport's conversion). */
static void add_utf16(buf *b, const uint8_t *pb, size_t cb, bool stop_at_nul)
{
    size_t i, n = cb / 2u;
    for (i = 0; i < n; i++) {
        uint32_t c = (uint32_t)pb[2u * i] | (uint32_t)pb[2u * i + 1u] << 8;
        if (c == 0 && stop_at_nul) return;
        if (c >= 0xd800u && c < 0xdc00u && i + 1u < n) {
            uint32_t d = (uint32_t)pb[2u * i + 2u] | (uint32_t)pb[2u * i + 3u] << 8;
            if (d >= 0xdc00u && d < 0xe000u) {
                add_code_point(b, 0x10000u + ((c - 0xd800u) << 10) + (d - 0xdc00u));
                i++;
                continue;
            }
        }
        add_code_point(b, c >= 0xd800u && c < 0xe000u ? 0xfffdu : c);
    }
}

/* Windows-1252 bytes 0x80..0x9f (the rest is Latin-1); undefined ones map to themselves. */
static const uint16_t k_cp1252_high[32] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

static void add_cp1252(buf *b, const uint8_t *pb, size_t cb)
{
    size_t i;
    for (i = 0; i < cb; i++)
        add_code_point(b, pb[i] >= 0x80u && pb[i] < 0xa0u ? k_cp1252_high[pb[i] - 0x80u] : pb[i]);
}

/* Latin-1 up to the first NUL (esedbexport's conversion of codepage 1252 text). */
static void add_latin1_to_nul(buf *b, const uint8_t *pb, size_t cb)
{
    size_t i;
    for (i = 0; i < cb && pb[i] != 0; i++) add_code_point(b, pb[i]);
}

static void add_hex(buf *b, const uint8_t *pb, size_t cb)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;
    if (!buf_reserve(b, b->cb + 2u * cb)) return;
    for (i = 0; i < cb; i++) {
        b->pb[b->cb++] = (uint8_t)digits[pb[i] >> 4];
        b->pb[b->cb++] = (uint8_t)digits[pb[i] & 15u];
    }
}

/* ---- numbers ---- */

static uint64_t le(const uint8_t *pb, size_t cb)
{
    uint64_t v = 0;
    size_t i;
    for (i = cb; i > 0; i--) v = v << 8 | pb[i - 1u];
    return v;
}

/* The shortest %g form that reads back to the same value. */
static void add_double(buf *b, double d, bool single)
{
    char s[40];
    int p;
    if (isnan(d)) {
        buf_str(b, "NaN");
        return;
    }
    if (isinf(d)) {
        buf_str(b, d < 0 ? "-Infinity" : "Infinity");
        return;
    }
    for (p = 1; p <= 17; p++) {
        snprintf(s, sizeof s, "%.*g", p, d);
        if (single ? strtof(s, NULL) == (float)d : strtod(s, NULL) == d) break;
    }
    buf_str(b, s);
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    yoe = z - era * 146097;
    yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
    doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

/* The OLE date made of a day and a time of day in units of 1/per second. */
static double ole_from(double day, int64_t units, double per)
{
    double frac = (double)units / (86400.0 * per);
    return day < 0 ? day - frac : day + frac;
}

/* An OLE date (days since 1899-12-30; the fraction, whatever the sign of the day, is the
 * time of day) as ISO 8601: to the second, the millisecond or the microsecond, the
 * coarsest that gives the stored double back (dates from a SYSTEMTIME are whole
 * milliseconds, which a double near them may miss by a few microseconds); other doubles
 * as numbers. */
static void add_ole_date(buf *b, double d)
{
    static const double per[3] = {1.0, 1e3, 1e6};
    static const char *const fmt[3] = {"", ".%03u", ".%06u"};
    char s[64];
    double day;
    int64_t units = 0, days, y;
    unsigned mo, dd;
    int k;
    if (!isfinite(d) || fabs(d) > 2958466.0) {
        add_double(b, d, false);
        return;
    }
    day = trunc(d);
    for (k = 0; k < 3; k++) {
        units = llround(fabs(d - day) * 86400.0 * per[k]);
        if (ole_from(day, units, per[k]) == d) break;
    }
    if (k == 3) k = 2; /* not exactly any: to the microsecond */
    days = (int64_t)day;
    if (units >= (int64_t)(86400.0 * per[k])) {
        units -= (int64_t)(86400.0 * per[k]);
        days += d < 0 ? -1 : 1;
    }
    civil_from_days(days - 25569, &y, &mo, &dd);
    {
        int64_t sec = units / (int64_t)per[k];
        snprintf(s, sizeof s, "%04lld-%02u-%02uT%02u:%02u:%02u", (long long)y, mo, dd, (unsigned)(sec / 3600),
                 (unsigned)(sec / 60 % 60), (unsigned)(sec % 60));
        buf_str(b, s);
        if (k != 0) {
            snprintf(s, sizeof s, fmt[k], (unsigned)(units % (int64_t)per[k]));
            buf_str(b, s);
        }
    }
}

static void add_guid(buf *b, const uint8_t *g)
{
    char s[40];
    snprintf(s, sizeof s, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", (unsigned)le(g, 4), (unsigned)le(g + 4, 2),
             (unsigned)le(g + 6, 2), g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
    buf_str(b, s);
}

/* ---- one value ---- */

typedef enum value_kind { KIND_NUMBER, KIND_BOOL, KIND_STRING } value_kind;

/* A value of column c as text: numbers and booleans bare, the rest as the string's
 * characters (the caller quotes them). */
static value_kind add_value(buf *b, const eu_column *c, const uint8_t *pb, size_t cb)
{
    char s[40];
    size_t need = 0;
    switch (c->coltyp) {
    case JET_coltypBit: need = 1; break;
    case JET_coltypUnsignedByte: need = 1; break;
    case JET_coltypShort:
    case JET_coltypUnsignedShort: need = 2; break;
    case JET_coltypLong:
    case JET_coltypUnsignedLong:
    case JET_coltypIEEESingle: need = 4; break;
    case JET_coltypCurrency:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
    case JET_coltypLongLong:
    case JET_coltypUnsignedLongLong: need = 8; break;
    case JET_coltypGUID: need = 16; break;
    default: break;
    }
    if (cb < need) { /* a value shorter than its type (never written so): its bytes */
        add_hex(b, pb, cb);
        return KIND_STRING;
    }
    switch (c->coltyp) {
    case JET_coltypBit:
        buf_str(b, pb[0] != 0 ? "true" : "false");
        return KIND_BOOL;
    case JET_coltypUnsignedByte:
    case JET_coltypUnsignedShort:
    case JET_coltypUnsignedLong:
    case JET_coltypUnsignedLongLong:
        snprintf(s, sizeof s, "%llu", (unsigned long long)le(pb, need));
        buf_str(b, s);
        return KIND_NUMBER;
    case JET_coltypShort:
        snprintf(s, sizeof s, "%d", (int)(int16_t)le(pb, 2));
        buf_str(b, s);
        return KIND_NUMBER;
    case JET_coltypLong:
        snprintf(s, sizeof s, "%d", (int)(int32_t)le(pb, 4));
        buf_str(b, s);
        return KIND_NUMBER;
    case JET_coltypCurrency:
    case JET_coltypLongLong:
        snprintf(s, sizeof s, "%lld", (long long)(int64_t)le(pb, 8));
        buf_str(b, s);
        return KIND_NUMBER;
    case JET_coltypIEEESingle: {
        uint32_t u = (uint32_t)le(pb, 4);
        float f;
        memcpy(&f, &u, sizeof f);
        add_double(b, (double)f, true);
        return isfinite(f) ? KIND_NUMBER : KIND_STRING;
    }
    case JET_coltypIEEEDouble: {
        uint64_t u = le(pb, 8);
        double d;
        memcpy(&d, &u, sizeof d);
        add_double(b, d, false);
        return isfinite(d) ? KIND_NUMBER : KIND_STRING;
    }
    case JET_coltypDateTime: {
        uint64_t u = le(pb, 8);
        double d;
        memcpy(&d, &u, sizeof d);
        add_ole_date(b, d);
        return KIND_STRING;
    }
    case JET_coltypGUID:
        add_guid(b, pb);
        return KIND_STRING;
    case JET_coltypText:
    case JET_coltypLongText:
        if (c->cp == 1200) add_utf16(b, pb, cb, false);
        else add_cp1252(b, pb, cb);
        return KIND_STRING;
    default:
        add_hex(b, pb, cb);
        return KIND_STRING;
    }
}

/* A value as esedbexport (libesedb-utils 20181229) prints it; see
 * tests/storage/storage_reader.cc, which holds the same rules. */
static void add_value_tsv(buf *b, const eu_column *c, const uint8_t *pb, size_t cb)
{
    char s[64];
    switch (c->coltyp) {
    case JET_coltypBit:
        buf_str(b, cb >= 1 && pb[0] != 0 ? "true" : "false");
        return;
    case JET_coltypUnsignedByte:
        if (cb < 1) break;
        snprintf(s, sizeof s, "%u", pb[0]);
        buf_str(b, s);
        return;
    case JET_coltypShort:
        if (cb < 2) break;
        snprintf(s, sizeof s, "%d", (int)(int16_t)le(pb, 2));
        buf_str(b, s);
        return;
    case JET_coltypUnsignedShort:
        if (cb < 2) break;
        snprintf(s, sizeof s, "%u", (unsigned)le(pb, 2));
        buf_str(b, s);
        return;
    case JET_coltypLong:
        if (cb < 4) break;
        snprintf(s, sizeof s, "%d", (int)(int32_t)le(pb, 4));
        buf_str(b, s);
        return;
    case JET_coltypUnsignedLong:
        if (cb < 4) break;
        snprintf(s, sizeof s, "%u", (unsigned)le(pb, 4));
        buf_str(b, s);
        return;
    case JET_coltypCurrency: /* esedbexport prints currency unsigned */
        if (cb < 8) break;
        snprintf(s, sizeof s, "%llu", (unsigned long long)le(pb, 8));
        buf_str(b, s);
        return;
    case JET_coltypLongLong:
        if (cb < 8) break;
        snprintf(s, sizeof s, "%lld", (long long)(int64_t)le(pb, 8));
        buf_str(b, s);
        return;
    case JET_coltypIEEESingle: {
        uint32_t u;
        float f;
        if (cb < 4) break;
        u = (uint32_t)le(pb, 4);
        memcpy(&f, &u, sizeof f);
        snprintf(s, sizeof s, "%f", (double)f);
        buf_str(b, s);
        return;
    }
    case JET_coltypIEEEDouble: {
        uint64_t u;
        double d;
        if (cb < 8) break;
        u = le(pb, 8);
        memcpy(&d, &u, sizeof d);
        snprintf(s, sizeof s, "%f", d);
        buf_str(b, s);
        return;
    }
    case JET_coltypDateTime: /* the double's two halves */
        if (cb < 8) break;
        snprintf(s, sizeof s, "(0x%08x 0x%08x)", (unsigned)le(pb + 4, 4), (unsigned)le(pb, 4));
        buf_str(b, s);
        return;
    case JET_coltypText:
    case JET_coltypLongText:
        if (c->cp == 1200) add_utf16(b, pb, cb, true);
        else add_latin1_to_nul(b, pb, cb);
        return;
    default:
        break;
    }
    add_hex(b, pb, cb);
}

/* ---- quoting ---- */

static void add_json_string(buf *b, const uint8_t *pb, size_t cb)
{
    size_t i;
    buf_char(b, '"');
    for (i = 0; i < cb; i++) {
        uint8_t c = pb[i];
        char s[8];
        if (c == '"' || c == '\\') {
            buf_char(b, '\\');
            buf_char(b, (char)c);
        } else if (c == '\n') {
            buf_str(b, "\\n");
        } else if (c == '\r') {
            buf_str(b, "\\r");
        } else if (c == '\t') {
            buf_str(b, "\\t");
        } else if (c < 0x20u) {
            snprintf(s, sizeof s, "\\u%04x", c);
            buf_str(b, s);
        } else {
            buf_char(b, (char)c);
        }
    }
    buf_char(b, '"');
}

static void add_csv_field(buf *b, const uint8_t *pb, size_t cb)
{
    size_t i;
    bool quote = false;
    for (i = 0; i < cb && !quote; i++) quote = pb[i] == ',' || pb[i] == '"' || pb[i] == '\n' || pb[i] == '\r';
    if (!quote) {
        buf_add(b, pb, cb);
        return;
    }
    buf_char(b, '"');
    for (i = 0; i < cb; i++) {
        if (pb[i] == '"') buf_char(b, '"');
        buf_char(b, (char)pb[i]);
    }
    buf_char(b, '"');
}

/* ---- reading a column ---- */

/* The itag-th value of column c in the current record into *v (grown to fit).
 * JET_wrnColumnNull when there is none. */
static JET_ERR retrieve(eu_db *db, JET_TABLEID t, const eu_column *c, uint32_t itag, buf *v)
{
    JET_RETINFO ri;
    uint32_t cb = 0;
    JET_ERR err;
    memset(&ri, 0, sizeof ri);
    ri.cbStruct = sizeof ri;
    ri.itagSequence = itag;
    if (!buf_reserve(v, 256)) return JET_errOutOfMemory;
    err = JetRetrieveColumn(db->ses, t, c->columnid, v->pb, (uint32_t)v->cap, &cb, 0, &ri);
    if (err == JET_wrnBufferTruncated) {
        if (!buf_reserve(v, cb)) return JET_errOutOfMemory;
        err = JetRetrieveColumn(db->ses, t, c->columnid, v->pb, (uint32_t)v->cap, &cb, 0, &ri);
    }
    if (err < 0 || err == JET_wrnColumnNull) {
        v->cb = 0;
        return err < 0 ? err : JET_wrnColumnNull;
    }
    if (err == JET_wrnBufferTruncated) return JET_errDatabaseCorrupted; /* it grew meanwhile: never, read-only */
    v->cb = cb;
    return JET_errSuccess;
}

/* How many values column c has in the current record (0: null). */
static JET_ERR count_values(eu_db *db, JET_TABLEID t, const eu_column *c, uint32_t *count)
{
    JET_RETRIEVECOLUMN rc;
    JET_ERR err;
    memset(&rc, 0, sizeof rc);
    rc.columnid = c->columnid;
    rc.itagSequence = 0; /* count them */
    err = JetRetrieveColumns(db->ses, t, &rc, 1);
    *count = rc.itagSequence;
    return err < 0 ? err : JET_errSuccess;
}

static bool multi_valued(const eu_column *c)
{
    return (c->grbit & JET_bitColumnMultiValued) != 0;
}

/* One record in the format asked for, appended to line. */
static JET_ERR format_record(eu_db *db, JET_TABLEID tid, const eu_table *t, eu_format format, bool with_table,
                             buf *line, buf *v, buf *text)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, k, count;
    bool present;

    if (format == EU_FORMAT_JSONL) {
        if (with_table) {
            buf_str(line, "{\"table\":");
            add_json_string(line, (const uint8_t *)t->name, strlen(t->name));
            buf_str(line, ",\"record\":");
        }
        buf_char(line, '{');
    }
    for (i = 0; i < t->ccolumns && err >= 0; i++) {
        const eu_column *c = &t->columns[i];
        bool array;
        err = count_values(db, tid, c, &count);
        if (err < 0) break;
        array = multi_valued(c) || count > 1u;
        if (format == EU_FORMAT_TSV) {
            if (i != 0) buf_char(line, '\t');
            for (k = 1; k <= (count == 0 ? 1u : count) && err >= 0; k++) {
                err = retrieve(db, tid, c, k, v);
                if (err < 0) break;
                if (k > 1) buf_str(line, "; ");
                if (err == JET_errSuccess) add_value_tsv(line, c, v->pb, v->cb);
                err = JET_errSuccess;
            }
            continue;
        }
        /* CSV and JSON: the value (or array of values) as JSON text or CSV text */
        text->cb = 0;
        if (format == EU_FORMAT_PAIRS) {
            if (count == 0) continue;
            if (line->cb != 0) buf_str(line, ", ");
            buf_str(line, c->name);
            buf_char(line, '=');
        } else if (format == EU_FORMAT_JSONL) {
            if (i != 0) buf_char(line, ',');
            add_json_string(line, (const uint8_t *)c->name, strlen(c->name));
            buf_char(line, ':');
        } else if (i != 0) {
            buf_char(line, ',');
        }
        /* present: a value (or an array of them) to write; otherwise null (an empty field) */
        present = false;
        if (array && count != 0) {
            buf_char(text, '[');
            present = true;
        }
        for (k = 1; k <= count && err >= 0; k++) {
            buf one;
            value_kind kind;
            memset(&one, 0, sizeof one);
            err = retrieve(db, tid, c, k, v);
            if (err == JET_wrnColumnNull) { /* counted but null: not in an array of values */
                err = JET_errSuccess;
                continue;
            }
            if (err < 0) break;
            if (array && text->cb > 1) buf_char(text, ',');
            kind = add_value(&one, c, v->pb, v->cb);
            if (one.oom) err = JET_errOutOfMemory;
            else if (kind == KIND_STRING && (array || format != EU_FORMAT_CSV)) add_json_string(text, one.pb, one.cb);
            else buf_add(text, one.pb, one.cb);
            compat_free(one.pb);
            present = true;
        }
        if (err < 0) break;
        if (array && count != 0) buf_char(text, ']');
        if (format == EU_FORMAT_JSONL || format == EU_FORMAT_PAIRS) {
            if (!present) buf_str(line, "null");
            else buf_add(line, text->pb, text->cb);
        } else if (present) {
            /* an empty value is "" (a null is an empty field) */
            if (text->cb == 0) buf_str(line, "\"\"");
            else add_csv_field(line, text->pb, text->cb);
        }
    }
    if (format == EU_FORMAT_JSONL) buf_str(line, with_table ? "}}" : "}");
    buf_char(line, '\n');
    if (err >= 0 && (line->oom || v->oom || text->oom)) err = JET_errOutOfMemory;
    return err;
}

static void header_line(const eu_table *t, eu_format format, buf *line)
{
    uint32_t i;
    for (i = 0; i < t->ccolumns; i++) {
        const char *n = t->columns[i].name;
        if (i != 0) buf_char(line, format == EU_FORMAT_TSV ? '\t' : ',');
        if (format == EU_FORMAT_CSV) add_csv_field(line, (const uint8_t *)n, strlen(n));
        else buf_str(line, n);
    }
    buf_char(line, '\n');
}

JET_ERR eu_export_table(eu_db *db, const eu_table *t, eu_format format, bool with_table, eu_sink *out,
                        uint64_t *records)
{
    JET_ERR err;
    JET_TABLEID tid = 0;
    buf line, v, text;
    uint64_t n = 0;
    uint32_t total = 0;
    eu_progress progress;

    memset(&line, 0, sizeof line);
    memset(&v, 0, sizeof v);
    memset(&text, 0, sizeof text);
    *records = 0;
    err = JetOpenTableA(db->ses, db->dbid, t->name, NULL, 0, JET_bitTableReadOnly | JET_bitTableSequential, &tid);
    if (err < 0) return err;
    if (format == EU_FORMAT_CSV || format == EU_FORMAT_TSV) {
        header_line(t, format, &line);
        eu_write(out, line.pb, line.cb);
    }
    eu_progress_begin(&progress, t->name, 0);
    if (progress.on && JetIndexRecordCount(db->ses, tid, &total, 0) >= 0) progress.total = total;
    for (err = JetMove(db->ses, tid, JET_MoveFirst, 0); err >= 0; err = JetMove(db->ses, tid, JET_MoveNext, 0)) {
        line.cb = 0;
        err = format_record(db, tid, t, format, with_table, &line, &v, &text);
        if (err < 0) break;
        eu_write(out, line.pb, line.cb);
        if (out->failed) {
            err = JET_errDiskIO;
            break;
        }
        n++;
        eu_progress_step(&progress, n);
    }
    eu_progress_end(&progress);
    if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
    {
        JET_ERR e = JetCloseTable(db->ses, tid);
        if (err >= 0 && e < 0) err = e;
    }
    compat_free(line.pb);
    compat_free(v.pb);
    compat_free(text.pb);
    *records = n;
    return err;
}

JET_ERR eu_metadata(eu_db *db, eu_sink *out)
{
    const eu_table *mso = eu_db_table(db, "MSysObjects");
    uint64_t rows = 0;
    JET_ERR err;
    if (mso == NULL) return JET_errCatalogCorrupted;
    eu_printf(out, "Catalog of %s (MSysObjects: %u columns)\n", db->path, mso->ccolumns);
    err = eu_export_table(db, mso, EU_FORMAT_PAIRS, false, out, &rows);
    eu_printf(out, "%llu rows\n", (unsigned long long)rows);
    return err;
}
