/* fuzz_mutate.c: the mutations of fuzz_mutate.h. Page i of the file is at i * cb_page;
 * pages 0 and 1 are the database header and its shadow, page i >= 2 is database page
 * i - 1 (its checksum is computed for that page number). */
#include "fuzz_mutate.h"

#include <stdio.h>
#include <string.h>

#include "byte_order.h"
#include "dbheader.h"
#include "page.h"
#include "page_checksum.h"

#define TOUCHED_MAX 64u

/* splitmix64's output function: neighbouring seeds give unrelated streams. */
static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void fuzz_rng_seed(fuzz_rng *r, uint64_t seed)
{
    r->state = mix(mix(seed + 0x632be59bd9b4e019ull));
}

uint64_t fuzz_rng_next(fuzz_rng *r)
{
    return mix(r->state += 0x9e3779b97f4a7c15ull);
}

uint32_t fuzz_rng_below(fuzz_rng *r, uint32_t n)
{
    return (uint32_t)(fuzz_rng_next(r) % n);
}

typedef struct mut_state {
    fuzz_rng *r;
    fuzz_image *img;
    fuzz_mutation_log *log;
    uint32_t touched[TOUCHED_MAX]; /* file page indexes changed */
    uint32_t ntouched;
    bool zeroed[TOUCHED_MAX];      /* a zeroed page keeps no checksum */
} mut_state;

static uint32_t pages_of(const fuzz_image *img)
{
    return (uint32_t)(img->cb / img->cb_page);
}

static void note(mut_state *m, const char *what, uint32_t page, uint32_t off, uint32_t value)
{
    size_t used = strlen(m->log->text);
    if (used + 48 < sizeof m->log->text)
        snprintf(m->log->text + used, sizeof m->log->text - used, "%s%s@%u+%u=%#x", used ? " " : "", what, page, off,
                 value);
    m->log->count++;
}

static void touch(mut_state *m, uint32_t page, bool zeroed)
{
    for (uint32_t i = 0; i < m->ntouched; i++) {
        if (m->touched[i] == page) {
            m->zeroed[i] = zeroed;
            return;
        }
    }
    if (m->ntouched < TOUCHED_MAX) {
        m->zeroed[m->ntouched] = zeroed;
        m->touched[m->ntouched++] = page;
    }
}

/* A value that sits on a boundary somewhere: sizes, page numbers, sign bits. */
static uint32_t interesting(mut_state *m)
{
    uint32_t pages = pages_of(m->img), cb_page = m->img->cb_page;
    const uint32_t v[] = { 0u, 1u, 2u, 3u, 4u, 0x7fu, 0x80u, 0xffu, 0x100u, 0x1fffu, 0x2000u, 0x7fffu, 0x8000u,
                           0xffffu, 0x10000u, PAGE_PGNO_MAX, PAGE_PGNO_MAX + 1u, 0x7fffffffu, 0x80000000u,
                           0xfffffffeu, 0xffffffffu, pages - 2u, pages - 1u, pages, pages + 1u, cb_page - 1u,
                           cb_page, cb_page + 1u };
    uint32_t i = fuzz_rng_below(m->r, (uint32_t)(sizeof v / sizeof v[0]) + 4u);
    return i < sizeof v / sizeof v[0] ? v[i] : (uint32_t)fuzz_rng_next(m->r);
}

/* A data page (file index >= 2), or the header pages now and then. */
static uint32_t pick_page(mut_state *m, bool headers_too)
{
    uint32_t pages = pages_of(m->img);
    if (pages <= 2u || (headers_too && fuzz_rng_below(m->r, 16) == 0)) return fuzz_rng_below(m->r, pages < 2u ? pages : 2u);
    return 2u + fuzz_rng_below(m->r, pages - 2u);
}

static uint8_t *page_at(mut_state *m, uint32_t page)
{
    return m->img->pb + (size_t)page * m->img->cb_page;
}

static void put(mut_state *m, uint32_t page, uint32_t off, uint32_t width, uint32_t value, const char *what)
{
    uint8_t *p = page_at(m, page);
    if (off + width > m->img->cb_page) return;
    if (width == 1) p[off] = (uint8_t)(value &= 0xffu);
    else if (width == 2) byte_order_put_le16(p + off, (uint16_t)(value &= 0xffffu));
    else byte_order_put_le32(p + off, value);
    touch(m, page, false);
    note(m, what, page, off, value);
}

static uint32_t header_cb(const fuzz_image *img)
{
    return img->cb_page > 8192u ? PAGE_HEADER_LARGE : PAGE_HEADER_SMALL;
}

/* The page's tag count as its header says (at least 1, at most what fits). */
static uint32_t tag_count(mut_state *m, uint32_t page)
{
    uint32_t n = byte_order_get_le16(page_at(m, page) + PAGE_ITAG_STATE_OFFSET) & PAGE_ITAG_COUNT_MASK;
    uint32_t most = (m->img->cb_page - header_cb(m->img)) / PAGE_TAG_CB;
    if (n == 0) n = 1;
    return n > most ? most : n;
}

/* Tag i's node: [*start, *end) in the page, clipped to it; false when empty. */
static bool node_span(mut_state *m, uint32_t page, uint32_t i, uint32_t *start, uint32_t *end)
{
    const uint8_t *p = page_at(m, page);
    uint32_t cb_page = m->img->cb_page, mask = cb_page > 8192u ? PAGE_TAG_MASK_LARGE : PAGE_TAG_MASK_SMALL;
    const uint8_t *tag = p + cb_page - PAGE_TAG_CB * (i + 1u);
    uint32_t cb = byte_order_get_le16(tag) & mask, ib = byte_order_get_le16(tag + 2) & mask;
    *start = header_cb(m->img) + ib;
    *end = *start + cb;
    if (*end > cb_page - PAGE_TAG_CB * tag_count(m, page)) *end = cb_page - PAGE_TAG_CB * tag_count(m, page);
    return *start < *end;
}

static void mutate_once(mut_state *m)
{
    fuzz_image *img = m->img;
    uint32_t cb_page = img->cb_page, pages = pages_of(img), page, off, start, end;

    if (pages == 0) return;
    switch (fuzz_rng_below(m->r, 14)) {
    case 0: /* bits flipped */
    case 1: {
        uint32_t n = 1u + fuzz_rng_below(m->r, 4);
        page = pick_page(m, true);
        for (uint32_t i = 0; i < n; i++) {
            off = fuzz_rng_below(m->r, cb_page);
            uint32_t bit = fuzz_rng_below(m->r, 8);
            page_at(m, page)[off] ^= (uint8_t)(1u << bit);
            note(m, "bit", page, off, 1u << bit);
        }
        touch(m, page, false);
        break;
    }
    case 2: /* random bytes */
        page = pick_page(m, false);
        for (uint32_t i = 0, n = 1u + fuzz_rng_below(m->r, 8); i < n; i++)
            put(m, page, fuzz_rng_below(m->r, cb_page), 1, (uint32_t)fuzz_rng_next(m->r), "byte");
        break;
    case 3: /* a page header field */
    case 4: {
        static const struct { uint32_t off, width; } fields[] = {
            { PAGE_DBTIME_OFFSET, 4 },        { PAGE_PREV_OFFSET, 4 },           { PAGE_NEXT_OFFSET, 4 },
            { PAGE_OBJID_OFFSET, 4 },         { PAGE_CB_FREE_OFFSET, 2 },        { PAGE_CB_UNCOMMITTED_FREE_OFFSET, 2 },
            { PAGE_IB_MIC_FREE_OFFSET, 2 },   { PAGE_ITAG_STATE_OFFSET, 2 },     { PAGE_FLAGS_OFFSET, 4 },
            { PAGE_FLAGS_OFFSET, 1 },         { PAGE_LARGE_PGNO_OFFSET, 4 },
        };
        uint32_t f = fuzz_rng_below(m->r, (uint32_t)(sizeof fields / sizeof fields[0]));
        page = pick_page(m, false);
        if (fields[f].off == PAGE_LARGE_PGNO_OFFSET && cb_page <= 8192u) f = 1;
        uint32_t v = interesting(m);
        if (fields[f].off == PAGE_FLAGS_OFFSET && fuzz_rng_below(m->r, 2) == 0)
            v = byte_order_get_le32(page_at(m, page) + PAGE_FLAGS_OFFSET) ^ (1u << fuzz_rng_below(m->r, 20));
        put(m, page, fields[f].off, fields[f].width, v, "hdr");
        break;
    }
    case 5: /* a tag: its size or its offset */
        page = pick_page(m, false);
        off = cb_page - PAGE_TAG_CB * (fuzz_rng_below(m->r, tag_count(m, page) + 1u) + 1u);
        if (fuzz_rng_below(m->r, 2) == 0) off += 2;
        put(m, page, off, 2, fuzz_rng_below(m->r, 2) ? interesting(m) : (uint32_t)fuzz_rng_next(m->r), "tag");
        break;
    case 6: /* bytes inside a node: key lengths, record headers, tagged arrays */
    case 7:
        page = pick_page(m, false);
        if (!node_span(m, page, fuzz_rng_below(m->r, tag_count(m, page)), &start, &end)) break;
        for (uint32_t i = 0, n = 1u + fuzz_rng_below(m->r, 3); i < n; i++) {
            uint32_t span = end - start, near = span < 16u ? span : 16u;
            off = start + (fuzz_rng_below(m->r, 2) ? fuzz_rng_below(m->r, near) : fuzz_rng_below(m->r, span));
            put(m, page, off, 1, (uint32_t)fuzz_rng_next(m->r), "node");
        }
        break;
    case 8: /* a word inside a node: a length, a child page, a long value id, an offset */
    case 9:
        page = pick_page(m, false);
        if (!node_span(m, page, fuzz_rng_below(m->r, tag_count(m, page)), &start, &end)) break;
        off = start + fuzz_rng_below(m->r, end - start);
        put(m, page, off, fuzz_rng_below(m->r, 2) ? 2u : 4u, interesting(m), "word");
        break;
    case 10: /* a page zeroed */
        page = pick_page(m, true);
        memset(page_at(m, page), 0, cb_page);
        touch(m, page, true);
        note(m, "zero", page, 0, 0);
        break;
    case 11: { /* a page copied over another */
        uint32_t from = pick_page(m, true);
        page = pick_page(m, true);
        if (from == page) break;
        memcpy(page_at(m, page), page_at(m, from), cb_page);
        touch(m, page, false);
        note(m, "copy", page, 0, from);
        break;
    }
    case 12: { /* the file cut short: at a page boundary or anywhere */
        size_t cb = fuzz_rng_below(m->r, 2) ? (size_t)fuzz_rng_below(m->r, pages + 1u) * cb_page
                                            : (size_t)fuzz_rng_below(m->r, (uint32_t)img->cb + 1u);
        if (cb < img->cb) {
            img->cb = cb;
            note(m, "truncate", 0, 0, (uint32_t)cb);
        }
        break;
    }
    default: /* a database header field, in one or both copies */
        off = fuzz_rng_below(m->r, 668u / 4u) * 4u;
        if (fuzz_rng_below(m->r, 3) == 0) {
            put(m, 0, off, 4, interesting(m), "dbhdr");
            if (pages > 1) put(m, 1, off, 4, byte_order_get_le32(page_at(m, 0) + off), "dbhdr");
        } else {
            put(m, fuzz_rng_below(m->r, pages < 2u ? 1u : 2u), off + fuzz_rng_below(m->r, 4), 1,
                (uint32_t)fuzz_rng_next(m->r), "dbhdr");
        }
        break;
    }
}

void fuzz_mutate(fuzz_rng *r, fuzz_image *img, fuzz_mutation_log *log)
{
    mut_state m;
    memset(&m, 0, sizeof m);
    memset(log, 0, sizeof *log);
    m.r = r;
    m.img = img;
    m.log = log;
    for (uint32_t i = 0, n = 1u + fuzz_rng_below(r, 4); i < n; i++) mutate_once(&m);
    /* the checksums of the pages touched: recomputed half the time, so that the reader
     * meets the damaged structure rather than a checksum failure */
    log->checksums_recomputed = fuzz_rng_below(r, 2) == 0;
    if (!log->checksums_recomputed) return;
    for (uint32_t i = 0; i < m.ntouched; i++) {
        uint32_t page = m.touched[i];
        uint8_t *p = img->pb + (size_t)page * img->cb_page;
        if (m.zeroed[i] || (size_t)(page + 1u) * img->cb_page > img->cb) continue;
        if (page < 2u) byte_order_put_le32(p, dbheader_checksum(p, img->cb_page));
        else page_checksum_set(p, img->cb_page, page - 1u);
    }
}
