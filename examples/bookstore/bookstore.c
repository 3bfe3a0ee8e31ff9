/* bookstore.c: a small application of the ESENT API, written as one would write it for
 * Windows' esent.dll and built unchanged on Linux against libesent (docs/porting.md).
 *
 * It keeps a bookstore in one database:
 *   authors  (id autoincrement, name)               index by name
 *   books    (id, author, title Unicode, year, price in cents, stock, out of print)
 *                                                   indexes by author, by title, and
 *                                                   in print (newest first, a conditional
 *                                                   index: only books not out of print)
 *   sales    (book, quantity)                       index by book
 * and then
 *   - loads the data in a transaction, and shows that a rolled-back insert is gone;
 *   - sells books: each sale is a record, the stock an escrow column (JetEscrowUpdate);
 *   - lists every author with their books: a join by seeks, author by author, on the
 *     books' index by author, inside an index range;
 *   - ranks the books by revenue: the sales are summed per book (the price read by a seek
 *     on the books' primary index) into a temporary table that sorts them, highest first;
 *   - lists the books by title (a Unicode index: "the Hobbit" sorts with "The ...");
 *   - takes a book out of print: it leaves the conditional index, which lists the rest.
 * Every result is checked against what it must be; the program prints them and ends with
 * "bookstore: OK", or exits with 1 at the first error.
 *
 * Usage: bookstore [folder]   (default: bookstore-data; made if missing) */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esent.h"

/* ---- errors ---- */

static void fail(const char *what, JET_ERR err, int line)
{
    fprintf(stderr, "bookstore: %s failed with %d (line %d)\n", what, (int)err, line);
    exit(1);
}

/* Every call is checked: an error (< 0) ends the program; warnings go on. */
#define CALL(expr)                                     \
    do {                                               \
        JET_ERR err_ = (expr);                         \
        if (err_ < 0) fail(#expr, err_, __LINE__);     \
    } while (0)

/* A key description, "+column\0-column\0\0", and its size with both final NULs. */
#define KEY(s) s, (uint32_t)sizeof(s)

#define EXPECT(cond)                                                           \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "bookstore: %s is not so (line %d)\n", #cond, __LINE__); \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

/* ---- text: titles are UTF-16 (JET_CP 1200) in the database ---- */

/* UTF-16 from ASCII (the titles here are plain ASCII; any UTF-16 would do). WCHAR is
 * 16 bits on every platform (esent.h), unlike wchar_t, which is 32 bits on Linux. */
static uint32_t to_utf16(const char *s, WCHAR *out, uint32_t cap)
{
    uint32_t n = 0;
    while (s[n] != '\0' && n < cap) {
        out[n] = (WCHAR)(unsigned char)s[n];
        n++;
    }
    return n * (uint32_t)sizeof(WCHAR); /* bytes, as JetSetColumn wants them */
}

static void from_utf16(const WCHAR *w, uint32_t cb, char *out, size_t cap)
{
    size_t n = cb / sizeof(WCHAR), i;
    for (i = 0; i < n && i + 1 < cap; i++) out[i] = w[i] < 0x80 ? (char)w[i] : '?';
    out[i] = '\0';
}

/* ---- the schema ---- */

typedef struct store {
    JET_INSTANCE inst;
    JET_SESID ses;
    JET_DBID db;
    JET_TABLEID authors, books, sales;
    JET_COLUMNID a_id, a_name;
    JET_COLUMNID b_id, b_author, b_title, b_year, b_price, b_stock, b_oop;
    JET_COLUMNID s_book, s_qty;
    bool no_unicode_keys;      /* no collation for Unicode text on this system */
} store;

static void create_schema(store *st)
{
    /* authors, with JetCreateTableColumnIndex: the table, its columns and its indexes in
     * one call */
    JET_COLUMNCREATE_A cols[2];
    JET_INDEXCREATE_A idx[2];
    JET_TABLECREATE_A tc;
    static char k_pk[] = "+id\0", k_name[] = "+name\0";

    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof cols[0];
    cols[0].szColumnName = (char *)"id";
    cols[0].coltyp = JET_coltypLong;
    cols[0].grbit = JET_bitColumnAutoincrement | JET_bitColumnFixed;
    cols[1].cbStruct = sizeof cols[1];
    cols[1].szColumnName = (char *)"name";
    cols[1].coltyp = JET_coltypText;
    cols[1].cbMax = 100;
    cols[1].cp = 1252; /* an ASCII column, as the A functions have it */
    memset(idx, 0, sizeof idx);
    idx[0].cbStruct = sizeof idx[0];
    idx[0].szIndexName = (char *)"pk";
    idx[0].szKey = k_pk;
    idx[0].cbKey = sizeof k_pk;
    idx[0].grbit = JET_bitIndexPrimary;
    idx[0].ulDensity = 100;
    idx[1].cbStruct = sizeof idx[1];
    idx[1].szIndexName = (char *)"by_name";
    idx[1].szKey = k_name;
    idx[1].cbKey = sizeof k_name;
    idx[1].grbit = JET_bitIndexUnique;
    idx[1].ulDensity = 90;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = (char *)"authors";
    tc.rgcolumncreate = cols;
    tc.cColumns = 2;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    CALL(JetCreateTableColumnIndexA(st->ses, st->db, &tc));
    EXPECT(tc.cCreated == 5); /* the table, two columns, two indexes */
    CALL(JetCloseTable(st->ses, tc.tableid));

    /* books, column by column */
    JET_TABLEID t;
    JET_COLUMNDEF d;
    int32_t zero = 0;
    CALL(JetCreateTableA(st->ses, st->db, "books", 4, 80, &t));
    memset(&d, 0, sizeof d);
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypLong;
    d.grbit = JET_bitColumnFixed | JET_bitColumnNotNULL;
    CALL(JetAddColumnA(st->ses, t, "id", &d, NULL, 0, NULL));
    CALL(JetAddColumnA(st->ses, t, "author", &d, NULL, 0, NULL));
    d.coltyp = JET_coltypShort;
    CALL(JetAddColumnA(st->ses, t, "year", &d, NULL, 0, NULL));
    d.coltyp = JET_coltypCurrency; /* 64-bit: prices in cents */
    CALL(JetAddColumnA(st->ses, t, "price", &d, NULL, 0, NULL));
    d.coltyp = JET_coltypLong; /* escrow columns need a default value */
    d.grbit = JET_bitColumnFixed | JET_bitColumnEscrowUpdate;
    CALL(JetAddColumnA(st->ses, t, "stock", &d, &zero, sizeof zero, NULL));
    d.coltyp = JET_coltypText;
    d.cp = 1200; /* Unicode */
    d.cbMax = 200;
    d.grbit = 0;
    CALL(JetAddColumnA(st->ses, t, "title", &d, NULL, 0, NULL));
    CALL(JetCreateIndexA(st->ses, t, "pk", JET_bitIndexPrimary, KEY("+id\0"), 100));
    CALL(JetCreateIndexA(st->ses, t, "by_author", 0, KEY("+author\0+year\0"), 90));
    /* Unicode text is keyed with ICU (docs/porting.md); a system without it (Wine) has
     * no index over such a column */
    JET_ERR e = JetCreateIndexA(st->ses, t, "by_title", 0, KEY("+title\0"), 90);
    if (e == JET_errFeatureNotAvailable) st->no_unicode_keys = true;
    else CALL(e);
    d.coltyp = JET_coltypBit; /* set only for a book out of print: a tagged column */
    d.cp = 0;
    d.cbMax = 0;
    d.grbit = JET_bitColumnTagged;
    CALL(JetAddColumnA(st->ses, t, "out_of_print", &d, NULL, 0, NULL));
    /* a conditional index: a book is in it only while out_of_print is null */
    {
        static char k_year[] = "-year\0";
        JET_CONDITIONALCOLUMN_A cond;
        JET_INDEXCREATE_A ic;
        memset(&cond, 0, sizeof cond);
        cond.cbStruct = sizeof cond;
        cond.szColumnName = (char *)"out_of_print";
        cond.grbit = JET_bitIndexColumnMustBeNull;
        memset(&ic, 0, sizeof ic);
        ic.cbStruct = sizeof ic;
        ic.szIndexName = (char *)"in_print";
        ic.szKey = k_year;
        ic.cbKey = sizeof k_year;
        ic.ulDensity = 90;
        ic.rgconditionalcolumn = &cond;
        ic.cConditionalColumn = 1;
        CALL(JetCreateIndex2A(st->ses, t, &ic, 1));
    }
    CALL(JetCloseTable(st->ses, t));

    /* sales */
    CALL(JetCreateTableA(st->ses, st->db, "sales", 1, 100, &t));
    d.coltyp = JET_coltypLong;
    d.cp = 0;
    d.cbMax = 0;
    d.grbit = JET_bitColumnFixed;
    CALL(JetAddColumnA(st->ses, t, "book", &d, NULL, 0, NULL));
    d.coltyp = JET_coltypShort;
    CALL(JetAddColumnA(st->ses, t, "quantity", &d, NULL, 0, NULL));
    /* no primary index: the records are kept in insertion order (a sequential table) */
    CALL(JetCreateIndexA(st->ses, t, "by_book", 0, KEY("+book\0"), 90));
    CALL(JetCloseTable(st->ses, t));
}

static JET_COLUMNID column(store *st, JET_TABLEID t, const char *name)
{
    JET_COLUMNDEF d;
    CALL(JetGetTableColumnInfoA(st->ses, t, name, &d, sizeof d, JET_ColInfo));
    return d.columnid;
}

static void open_tables(store *st)
{
    CALL(JetOpenTableA(st->ses, st->db, "authors", NULL, 0, 0, &st->authors));
    CALL(JetOpenTableA(st->ses, st->db, "books", NULL, 0, 0, &st->books));
    CALL(JetOpenTableA(st->ses, st->db, "sales", NULL, 0, 0, &st->sales));
    st->a_id = column(st, st->authors, "id");
    st->a_name = column(st, st->authors, "name");
    st->b_id = column(st, st->books, "id");
    st->b_author = column(st, st->books, "author");
    st->b_title = column(st, st->books, "title");
    st->b_year = column(st, st->books, "year");
    st->b_price = column(st, st->books, "price");
    st->b_stock = column(st, st->books, "stock");
    st->b_oop = column(st, st->books, "out_of_print");
    st->s_book = column(st, st->sales, "book");
    st->s_qty = column(st, st->sales, "quantity");
}

/* ---- loading ---- */

static int32_t add_author(store *st, const char *name)
{
    int32_t id = 0;
    uint32_t cb = 0;
    CALL(JetPrepareUpdate(st->ses, st->authors, JET_prepInsert));
    /* the autoincrement value is in the copy buffer from the prepare on */
    CALL(JetRetrieveColumn(st->ses, st->authors, st->a_id, &id, sizeof id, &cb, JET_bitRetrieveCopy, NULL));
    CALL(JetSetColumn(st->ses, st->authors, st->a_name, name, (uint32_t)strlen(name), 0, NULL));
    CALL(JetUpdate(st->ses, st->authors, NULL, 0, NULL));
    return id;
}

static void add_book(store *st, int32_t id, int32_t author, const char *title, int16_t year, int64_t cents,
                     int32_t stock)
{
    WCHAR w[100];
    uint32_t cb = to_utf16(title, w, 100);
    JET_SETCOLUMN set[6];
    memset(set, 0, sizeof set);
    set[0].columnid = st->b_id, set[0].pvData = &id, set[0].cbData = sizeof id;
    set[1].columnid = st->b_author, set[1].pvData = &author, set[1].cbData = sizeof author;
    set[2].columnid = st->b_title, set[2].pvData = w, set[2].cbData = cb;
    set[3].columnid = st->b_year, set[3].pvData = &year, set[3].cbData = sizeof year;
    set[4].columnid = st->b_price, set[4].pvData = &cents, set[4].cbData = sizeof cents;
    set[5].columnid = st->b_stock, set[5].pvData = &stock, set[5].cbData = sizeof stock;
    CALL(JetPrepareUpdate(st->ses, st->books, JET_prepInsert));
    CALL(JetSetColumns(st->ses, st->books, set, 6));
    CALL(JetUpdate(st->ses, st->books, NULL, 0, NULL));
}

static uint32_t count_records(store *st, JET_TABLEID t)
{
    uint32_t n = 0;
    CALL(JetIndexRecordCount(st->ses, t, &n, 0));
    return n;
}

static void load(store *st)
{
    int32_t tolkien, leguin, pratchett, christie;

    CALL(JetBeginTransaction(st->ses));
    tolkien = add_author(st, "J. R. R. Tolkien");
    leguin = add_author(st, "Ursula K. Le Guin");
    pratchett = add_author(st, "Terry Pratchett");
    christie = add_author(st, "Agatha Christie");
    add_book(st, 1, tolkien, "the Hobbit", 1937, 1299, 10);
    add_book(st, 2, tolkien, "The Lord of the Rings", 1954, 2999, 5);
    add_book(st, 3, leguin, "A Wizard of Earthsea", 1968, 999, 8);
    add_book(st, 4, leguin, "The Left Hand of Darkness", 1969, 1199, 3);
    add_book(st, 5, leguin, "The Dispossessed", 1974, 1099, 4);
    add_book(st, 6, pratchett, "Guards! Guards!", 1989, 899, 12);
    add_book(st, 7, pratchett, "Small Gods", 1992, 899, 6);
    add_book(st, 8, christie, "Murder on the Orient Express", 1934, 799, 9);
    CALL(JetCommitTransaction(st->ses, 0));
    printf("loaded %u authors, %u books\n", count_records(st, st->authors), count_records(st, st->books));
    EXPECT(count_records(st, st->authors) == 4 && count_records(st, st->books) == 8);

    /* a rolled-back insert leaves nothing behind */
    CALL(JetBeginTransaction(st->ses));
    add_book(st, 9, christie, "And Then There Were None", 1939, 899, 2);
    EXPECT(count_records(st, st->books) == 9);
    CALL(JetRollback(st->ses, 0));
    printf("after a rolled-back insert: %u books\n", count_records(st, st->books));
    EXPECT(count_records(st, st->books) == 8);
}

/* ---- selling: a sale record and the stock, one transaction ---- */

static void seek_book(store *st, int32_t id)
{
    CALL(JetSetCurrentIndexA(st->ses, st->books, "pk"));
    CALL(JetMakeKey(st->ses, st->books, &id, sizeof id, JET_bitNewKey));
    CALL(JetSeek(st->ses, st->books, JET_bitSeekEQ));
}

static void sell(store *st, int32_t book, int16_t qty)
{
    int32_t delta = -qty, before = 0;
    uint32_t cb = 0;
    CALL(JetBeginTransaction(st->ses));
    seek_book(st, book);
    /* an escrow update: concurrent sales of one book would not conflict */
    CALL(JetEscrowUpdate(st->ses, st->books, st->b_stock, &delta, sizeof delta, &before, sizeof before, &cb, 0));
    EXPECT(before >= qty);
    CALL(JetPrepareUpdate(st->ses, st->sales, JET_prepInsert));
    CALL(JetSetColumn(st->ses, st->sales, st->s_book, &book, sizeof book, 0, NULL));
    CALL(JetSetColumn(st->ses, st->sales, st->s_qty, &qty, sizeof qty, 0, NULL));
    CALL(JetUpdate(st->ses, st->sales, NULL, 0, NULL));
    CALL(JetCommitTransaction(st->ses, JET_bitCommitLazyFlush));
}

static void sell_some(store *st)
{
    static const struct { int32_t book; int16_t qty; } k_sales[] = {
        {1, 3}, {2, 1}, {6, 4}, {1, 2}, {8, 5}, {3, 2}, {7, 1}, {2, 2}, {6, 3}, {4, 1},
    };
    for (size_t i = 0; i < sizeof k_sales / sizeof k_sales[0]; i++) sell(st, k_sales[i].book, k_sales[i].qty);
    int32_t stock = 0;
    uint32_t cb = 0;
    seek_book(st, 1);
    CALL(JetRetrieveColumn(st->ses, st->books, st->b_stock, &stock, sizeof stock, &cb, 0, NULL));
    printf("%u sales; the Hobbit has %d left\n", count_records(st, st->sales), (int)stock);
    EXPECT(count_records(st, st->sales) == 10 && stock == 5);
}

/* ---- a join by seeks: authors by name, each with their books ---- */

static void authors_and_books(store *st)
{
    static const char *const k_expected[] = {
        "Agatha Christie: 1934 Murder on the Orient Express",
        "J. R. R. Tolkien: 1937 the Hobbit; 1954 The Lord of the Rings",
        "Terry Pratchett: 1989 Guards! Guards!; 1992 Small Gods",
        "Ursula K. Le Guin: 1968 A Wizard of Earthsea; 1969 The Left Hand of Darkness; 1974 The Dispossessed",
    };
    size_t row = 0;
    JET_ERR err;

    printf("authors and their books:\n");
    CALL(JetSetCurrentIndexA(st->ses, st->authors, "by_name"));
    CALL(JetSetCurrentIndexA(st->ses, st->books, "by_author"));
    for (err = JetMove(st->ses, st->authors, JET_MoveFirst, 0); err >= 0;
         err = JetMove(st->ses, st->authors, JET_MoveNext, 0)) {
        char name[101], line[512];
        int32_t id = 0;
        uint32_t cb = 0;
        CALL(JetRetrieveColumn(st->ses, st->authors, st->a_name, name, 100, &cb, 0, NULL));
        name[cb] = '\0';
        CALL(JetRetrieveColumn(st->ses, st->authors, st->a_id, &id, sizeof id, &cb, 0, NULL));
        snprintf(line, sizeof line, "%s:", name);
        /* the author's books: the first key segment only, so the range takes every year */
        CALL(JetMakeKey(st->ses, st->books, &id, sizeof id, JET_bitNewKey));
        JET_ERR seek = JetSeek(st->ses, st->books, JET_bitSeekGE);
        CALL(JetMakeKey(st->ses, st->books, &id, sizeof id, JET_bitNewKey | JET_bitFullColumnEndLimit));
        if (seek >= 0 && JetSetIndexRange(st->ses, st->books, JET_bitRangeUpperLimit | JET_bitRangeInclusive) >= 0) {
            const char *sep = " ";
            do {
                WCHAR w[100];
                char title[101];
                int16_t year = 0;
                JET_RETRIEVECOLUMN rc[2];
                memset(rc, 0, sizeof rc);
                rc[0].columnid = st->b_title, rc[0].pvData = w, rc[0].cbData = sizeof w, rc[0].itagSequence = 1;
                rc[1].columnid = st->b_year, rc[1].pvData = &year, rc[1].cbData = sizeof year, rc[1].itagSequence = 1;
                CALL(JetRetrieveColumns(st->ses, st->books, rc, 2));
                from_utf16(w, rc[0].cbActual, title, sizeof title);
                size_t at = strlen(line);
                snprintf(line + at, sizeof line - at, "%s%d %s", sep, (int)year, title);
                sep = "; ";
            } while (JetMove(st->ses, st->books, JET_MoveNext, 0) >= 0);
        }
        printf("  %s\n", line);
        EXPECT(row < 4 && strcmp(line, k_expected[row]) == 0);
        row++;
    }
    EXPECT(err == JET_errNoCurrentRecord && row == 4);
}

/* ---- a temporary table sorts the books by revenue ---- */

static void revenue_ranking(store *st)
{
    static const char *const k_expected[] = {
        "The Lord of the Rings 89.97", "the Hobbit 64.95", "Guards! Guards! 62.93",
    };
    /* revenue descending, then the book's id: the key; the title rides along */
    JET_COLUMNDEF cols[3];
    JET_COLUMNID ids[3];
    JET_TABLEID sorted;
    JET_ERR err;
    int32_t book = -1;
    int64_t revenue = 0;
    int n = 0;

    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof cols[0];
    cols[0].coltyp = JET_coltypCurrency;
    cols[0].grbit = JET_bitColumnTTKey | JET_bitColumnTTDescending;
    cols[1].cbStruct = sizeof cols[1];
    cols[1].coltyp = JET_coltypLong;
    cols[1].grbit = JET_bitColumnTTKey;
    cols[2].cbStruct = sizeof cols[2];
    cols[2].coltyp = JET_coltypText;
    cols[2].cp = 1200;
    cols[2].cbMax = 200;
    CALL(JetOpenTempTable(st->ses, cols, 3, JET_bitTTSortNullsHigh, &sorted, ids));

    /* the sales in book order: one total per book, its price found by a seek */
    CALL(JetSetCurrentIndexA(st->ses, st->sales, "by_book"));
    for (err = JetMove(st->ses, st->sales, JET_MoveFirst, 0);; err = JetMove(st->ses, st->sales, JET_MoveNext, 0)) {
        int32_t b = -1;
        int16_t qty = 0;
        uint32_t cb = 0;
        if (err >= 0) CALL(JetRetrieveColumn(st->ses, st->sales, st->s_book, &b, sizeof b, &cb, 0, NULL));
        if (book != -1 && (err < 0 || b != book)) {
            /* the previous book is complete */
            WCHAR w[100];
            uint32_t cb_title = 0;
            seek_book(st, book);
            CALL(JetRetrieveColumn(st->ses, st->books, st->b_title, w, sizeof w, &cb_title, 0, NULL));
            CALL(JetPrepareUpdate(st->ses, sorted, JET_prepInsert));
            CALL(JetSetColumn(st->ses, sorted, ids[0], &revenue, sizeof revenue, 0, NULL));
            CALL(JetSetColumn(st->ses, sorted, ids[1], &book, sizeof book, 0, NULL));
            CALL(JetSetColumn(st->ses, sorted, ids[2], w, cb_title, 0, NULL));
            CALL(JetUpdate(st->ses, sorted, NULL, 0, NULL));
            revenue = 0;
        }
        if (err < 0) break;
        int64_t price = 0;
        CALL(JetRetrieveColumn(st->ses, st->sales, st->s_qty, &qty, sizeof qty, &cb, 0, NULL));
        seek_book(st, b);
        CALL(JetRetrieveColumn(st->ses, st->books, st->b_price, &price, sizeof price, &cb, 0, NULL));
        revenue += price * qty;
        book = b;
    }
    EXPECT(err == JET_errNoCurrentRecord);

    printf("best sellers by revenue:\n");
    for (err = JetMove(st->ses, sorted, JET_MoveFirst, 0); err >= 0 && n < 3;
         err = JetMove(st->ses, sorted, JET_MoveNext, 0), n++) {
        WCHAR w[100];
        char title[101], line[160];
        uint32_t cb = 0;
        CALL(JetRetrieveColumn(st->ses, sorted, ids[0], &revenue, sizeof revenue, &cb, 0, NULL));
        CALL(JetRetrieveColumn(st->ses, sorted, ids[2], w, sizeof w, &cb, 0, NULL));
        from_utf16(w, cb, title, sizeof title);
        snprintf(line, sizeof line, "%s %lld.%02lld", title, (long long)(revenue / 100), (long long)(revenue % 100));
        printf("  %d. %s\n", n + 1, line);
        EXPECT(strcmp(line, k_expected[n]) == 0);
    }
    EXPECT(n == 3);
    CALL(JetCloseTable(st->ses, sorted));
}

/* ---- a Unicode index: titles in their language's order, case aside ---- */

static void titles(store *st)
{
    static const char *const k_expected[] = {
        "A Wizard of Earthsea", "Guards! Guards!", "Murder on the Orient Express", "Small Gods",
        "The Dispossessed", "the Hobbit", "The Left Hand of Darkness", "The Lord of the Rings",
    };
    int n = 0;
    if (st->no_unicode_keys) {
        printf("titles: not sorted here (no Unicode collation on this system)\n");
        return;
    }
    printf("titles:\n");
    CALL(JetSetCurrentIndexA(st->ses, st->books, "by_title"));
    for (JET_ERR err = JetMove(st->ses, st->books, JET_MoveFirst, 0); err >= 0;
         err = JetMove(st->ses, st->books, JET_MoveNext, 0)) {
        WCHAR w[100];
        char title[101];
        uint32_t cb = 0;
        CALL(JetRetrieveColumn(st->ses, st->books, st->b_title, w, sizeof w, &cb, 0, NULL));
        from_utf16(w, cb, title, sizeof title);
        printf("  %s\n", title);
        EXPECT(n < 8 && strcmp(title, k_expected[n]) == 0);
        n++;
    }
    EXPECT(n == 8);
}

/* ---- a conditional index: the books in print, newest first ---- */

static void in_print(store *st)
{
    static const char *const k_expected[] = {
        "1992 Small Gods", "1989 Guards! Guards!", "1974 The Dispossessed", "1969 The Left Hand of Darkness",
        "1968 A Wizard of Earthsea", "1954 The Lord of the Rings", "1937 the Hobbit",
    };
    unsigned char yes = 1;
    int n = 0;

    /* Murder on the Orient Express goes out of print */
    CALL(JetBeginTransaction(st->ses));
    seek_book(st, 8);
    CALL(JetPrepareUpdate(st->ses, st->books, JET_prepReplace));
    CALL(JetSetColumn(st->ses, st->books, st->b_oop, &yes, sizeof yes, 0, NULL));
    CALL(JetUpdate(st->ses, st->books, NULL, 0, NULL));
    CALL(JetCommitTransaction(st->ses, 0));

    printf("in print, newest first:\n");
    CALL(JetSetCurrentIndexA(st->ses, st->books, "in_print"));
    for (JET_ERR err = JetMove(st->ses, st->books, JET_MoveFirst, 0); err >= 0;
         err = JetMove(st->ses, st->books, JET_MoveNext, 0)) {
        WCHAR w[100];
        char title[101], line[160];
        int16_t year = 0;
        uint32_t cb = 0;
        CALL(JetRetrieveColumn(st->ses, st->books, st->b_year, &year, sizeof year, &cb, 0, NULL));
        CALL(JetRetrieveColumn(st->ses, st->books, st->b_title, w, sizeof w, &cb, 0, NULL));
        from_utf16(w, cb, title, sizeof title);
        snprintf(line, sizeof line, "%d %s", (int)year, title);
        printf("  %s\n", line);
        EXPECT(n < 7 && strcmp(line, k_expected[n]) == 0);
        n++;
    }
    EXPECT(n == 7);
}

int main(int argc, char **argv)
{
    const char *folder = argc > 1 ? argv[1] : "bookstore-data";
    char path[512], sys[512];
    store st;

    memset(&st, 0, sizeof st);
    /* Paths: '/' works with both ESENTs (Windows takes either separator); a folder
     * parameter ends with its separator. */
    snprintf(path, sizeof path, "%s/bookstore.edb", folder);
    snprintf(sys, sizeof sys, "%s/", folder);

    CALL(JetCreateInstanceA(&st.inst, "bookstore"));
    CALL(JetSetSystemParameterA(&st.inst, 0, JET_paramCreatePathIfNotExist, 1, NULL));
    CALL(JetSetSystemParameterA(&st.inst, 0, JET_paramSystemPath, 0, sys));
    CALL(JetSetSystemParameterA(&st.inst, 0, JET_paramLogFilePath, 0, sys));
    CALL(JetSetSystemParameterA(&st.inst, 0, JET_paramTempPath, 0, sys));
    CALL(JetSetSystemParameterA(&st.inst, 0, JET_paramBaseName, 0, "bks"));
    /* this example keeps no transaction logs: the database is consistent at each clean
     * detach, and a crash loses it */
    CALL(JetSetSystemParameterA(&st.inst, 0, JET_paramRecovery, 0, "off"));
    CALL(JetInit(&st.inst));
    CALL(JetBeginSessionA(st.inst, &st.ses, "", ""));
    CALL(JetCreateDatabaseA(st.ses, path, NULL, &st.db, JET_bitDbOverwriteExisting));

    create_schema(&st);
    open_tables(&st);
    load(&st);
    sell_some(&st);
    authors_and_books(&st);
    revenue_ranking(&st);
    titles(&st);
    in_print(&st);

    CALL(JetCloseTable(st.ses, st.authors));
    CALL(JetCloseTable(st.ses, st.books));
    CALL(JetCloseTable(st.ses, st.sales));
    CALL(JetCloseDatabase(st.ses, st.db, 0));
    CALL(JetDetachDatabaseA(st.ses, path));
    CALL(JetEndSession(st.ses, 0));
    CALL(JetTerm(st.inst));
    printf("bookstore: OK\n");
    return 0;
}
