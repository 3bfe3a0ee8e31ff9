/* cache.c: the buffer cache (see cache.h): frames allocated on demand up to the bound,
 * a chained hash table from (file, pgno) to frame, a free list, CLOCK eviction, one mutex.
 * Reads and writes are done with the mutex held; the frame being filled stays out of the
 * table until it verified, so a failed read leaves nothing behind. A frame replaced
 * by a newer copy of its page (cache_write while others pin it) leaves the table and is
 * stale: it goes to the free list when its last pin goes. */
#include "cache.h"

#include <string.h>

#include "byte_order.h"
#include "page.h"
#include "page_checksum.h"
#include "thread_stats.h"

#define NO_FRAME UINT32_MAX

struct cache_frame {
    uint8_t *data;          /* cb_page bytes */
    uint32_t ifile;
    uint32_t pgno;          /* 0: free */
    uint32_t pins;
    uint32_t hash_next;     /* next frame in the bucket (or in the free list), NO_FRAME at the end */
    bool referenced;        /* CLOCK's second-chance bit */
    bool dirty;             /* changed since read or last written */
    bool stale;             /* out of the table: a newer copy of the page replaced it */
    bool uncaptured;        /* logged file: changed since the log last took its image */
    uint64_t capture;       /* logged file: the capture that took its image */
    uint64_t rec_lsn;       /* logged file: the first image the file lacks (0: none) */
    uint8_t *base;          /* logged file: the image the log took last, kept so that the
                             * next capture logs only what changed since (NULL: none;
                             * only while rec_lsn != 0) */
    uint32_t base_older, base_newer; /* the frames holding a base, by their last capture */
};

struct cache {
    compat_mutex lock;
    uint32_t cb_page;
    uint32_t max_pages;
    uint32_t cap_frames;    /* frames a logged file's uncaptured pages may take beyond the bound */
    uint32_t nframes;       /* frames allocated so far (<= cap_frames) */
    uint32_t hand;          /* CLOCK hand */
    uint32_t free_head;     /* allocated frames holding no page, linked by hash_next */
    cache_frame *frames;    /* max_pages entries; data allocated lazily */
    uint32_t *buckets;      /* nbuckets heads */
    uint32_t nbuckets;      /* power of two */
    compat_file *files[CACHE_FILES_MAX];
    bool logged[CACHE_FILES_MAX];
    bool writes_held;          /* a snapshot freeze: no logged file's page is written */
    uint64_t durable_capture; /* captures up to this one are durable in the log */
    uint32_t uncaptured;    /* frames of logged files changed since their last capture */
    uint8_t *write_buffer;  /* a page being written gets its checksum here, not in the frame */
    uint8_t *bases_free;    /* base buffers not in use, linked through their first bytes */
    uint32_t bases;         /* base buffers allocated (in use or free) */
    uint32_t bases_max;     /* their bound: an eighth of the cache's */
    uint32_t base_oldest, base_newest; /* the frames holding one, least recently captured first */
    cache_stats stats;
};

static uint32_t bucket_of(const cache *c, uint32_t ifile, uint32_t pgno)
{
    uint32_t h = pgno * 0x9e3779b1u ^ (ifile + 1u) * 0x85ebca6bu;
    h ^= h >> 15;
    return h & (c->nbuckets - 1u);
}

static uint32_t table_find(const cache *c, uint32_t ifile, uint32_t pgno)
{
    uint32_t i = c->buckets[bucket_of(c, ifile, pgno)];
    while (i != NO_FRAME) {
        const cache_frame *f = &c->frames[i];
        if (f->pgno == pgno && f->ifile == ifile) return i;
        i = f->hash_next;
    }
    return NO_FRAME;
}

static void table_insert(cache *c, uint32_t i)
{
    uint32_t b = bucket_of(c, c->frames[i].ifile, c->frames[i].pgno);
    /* one frame per cached (file, pgno) */
    INVARIANT(table_find(c, c->frames[i].ifile, c->frames[i].pgno) == NO_FRAME);
    c->frames[i].hash_next = c->buckets[b];
    c->buckets[b] = i;
}

static void table_remove(cache *c, uint32_t i)
{
    uint32_t b = bucket_of(c, c->frames[i].ifile, c->frames[i].pgno);
    uint32_t *link = &c->buckets[b];
    while (*link != NO_FRAME) {
        if (*link == i) {
            *link = c->frames[i].hash_next;
            break;
        }
        link = &c->frames[*link].hash_next;
    }
    c->frames[i].hash_next = NO_FRAME;
    c->frames[i].pgno = 0;
}

/* The write-ahead rule: a dirty page of a logged file reaches its file only once the
 * log durably holds its current image. */
static bool frame_writable(const cache *c, const cache_frame *f)
{
    if (f->dirty && c->logged[f->ifile] && c->writes_held) return false;
    return !f->dirty || !c->logged[f->ifile] || (!f->uncaptured && f->capture <= c->durable_capture);
}

static void set_uncaptured(cache *c, cache_frame *f, bool on)
{
    if (f->uncaptured != on) {
        if (on) c->uncaptured++;
        else c->uncaptured--;
    }
    f->uncaptured = on;
}

/* The list of frames holding a base, least recently captured first (lock held). */
static void base_unlink(cache *c, cache_frame *f)
{
    uint32_t i = (uint32_t)(f - c->frames);
    INVARIANT(f->base != NULL);
    if (f->base_older != NO_FRAME) c->frames[f->base_older].base_newer = f->base_newer;
    else c->base_oldest = f->base_newer;
    if (f->base_newer != NO_FRAME) c->frames[f->base_newer].base_older = f->base_older;
    else c->base_newest = f->base_older;
    INVARIANT(c->base_oldest != i && c->base_newest != i);
}

static void base_link_newest(cache *c, cache_frame *f)
{
    uint32_t i = (uint32_t)(f - c->frames);
    f->base_older = c->base_newest;
    f->base_newer = NO_FRAME;
    if (c->base_newest != NO_FRAME) c->frames[c->base_newest].base_newer = i;
    else c->base_oldest = i;
    c->base_newest = i;
}

/* The frame's file has its page, or the page is gone: the log's chain of images for it
 * ends, and with it the base the next delta would need. */
static void base_drop(cache *c, cache_frame *f)
{
    if (f->base != NULL) {
        base_unlink(c, f);
        memcpy(f->base, &c->bases_free, sizeof c->bases_free);
        c->bases_free = f->base;
        f->base = NULL;
    }
}

/* Frame to takes frame from's place (from goes stale next, which drops what it kept): the
 * file lacks what it lacked, and the log's chain of images for the page goes on from the
 * same base. */
static void rec_lsn_move(cache *c, cache_frame *to, cache_frame *from)
{
    INVARIANT(to->base == NULL);
    to->rec_lsn = from->dirty ? from->rec_lsn : 0;
    if (from->dirty && from->base != NULL) {
        base_unlink(c, from);
        to->base = from->base;
        from->base = NULL;
        base_link_newest(c, to);
    }
}

/* After a capture: keeps the image as the next delta's base, in a free buffer, a new one
 * while under the bound, or else the one of the frame least recently captured (whose next
 * capture then logs its whole image: pages a load filled once give way to those changed
 * again and again). */
static void base_keep(cache *c, cache_frame *f)
{
    if (f->base != NULL) {
        base_unlink(c, f);
    } else if (c->bases_free != NULL) {
        f->base = c->bases_free;
        memcpy(&c->bases_free, f->base, sizeof c->bases_free);
    } else if (c->bases < c->bases_max && (f->base = compat_malloc(c->cb_page)) != NULL) {
        c->bases++;
    } else if (c->base_oldest != NO_FRAME) {
        cache_frame *old = &c->frames[c->base_oldest];
        base_unlink(c, old);
        f->base = old->base;
        old->base = NULL;
    } else {
        return; /* no buffer at all: whole images */
    }
    memcpy(f->base, f->data, c->cb_page);
    base_link_newest(c, f);
}

/* A frame that holds no page goes back to the free list (it must be out of the table). */
static void free_push(cache *c, uint32_t i)
{
    INVARIANT(c->frames[i].pins == 0);
    INVARIANT(!c->frames[i].dirty || c->stats.frames_dirty > 0);
    if (c->frames[i].dirty) c->stats.frames_dirty--;
    c->frames[i].dirty = false;
    c->frames[i].stale = false;
    set_uncaptured(c, &c->frames[i], false);
    c->frames[i].rec_lsn = 0;
    base_drop(c, &c->frames[i]);
    c->frames[i].pgno = 0;
    c->frames[i].hash_next = c->free_head;
    c->free_head = i;
}

JET_ERR cache_create(uint32_t cb_page, uint32_t max_pages, cache **out)
{
    JET_ERR err = JET_errSuccess;
    cache *c = NULL;
    uint32_t i;

    if (out == NULL) return JET_errInvalidParameter;
    *out = NULL;
    if (!page_size_valid(cb_page) || max_pages < CACHE_PAGES_MIN || max_pages > (1u << 26))
        FAIL(JET_errInvalidParameter);
    c = compat_calloc(1, sizeof *c);
    if (c == NULL) FAIL(JET_errOutOfMemory);
    c->cb_page = cb_page;
    c->max_pages = max_pages;
    c->cap_frames = max_pages * 2u + 256u;
    c->bases_max = max_pages / 8u;
    c->base_oldest = c->base_newest = NO_FRAME;
    c->nbuckets = 16;
    while (c->nbuckets < c->cap_frames * 2u) c->nbuckets <<= 1;
    c->frames = compat_calloc(c->cap_frames, sizeof *c->frames);
    c->buckets = compat_malloc((size_t)c->nbuckets * sizeof *c->buckets);
    c->write_buffer = compat_malloc(cb_page);
    if (c->frames == NULL || c->buckets == NULL || c->write_buffer == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < c->nbuckets; i++) c->buckets[i] = NO_FRAME;
    c->free_head = NO_FRAME;
    if (compat_mutex_init(&c->lock) != COMPAT_OK) FAIL(JET_errOutOfMemory);
    *out = c;
    c = NULL;
done:
    if (c != NULL) {
        compat_free(c->frames);
        compat_free(c->buckets);
        compat_free(c->write_buffer);
        compat_free(c);
    }
    return err;
}

void cache_destroy(cache *c)
{
    uint32_t i;
    if (c == NULL) return;
    for (i = 0; i < c->nframes; i++) {
        INVARIANT(c->frames[i].pins == 0); /* every page released */
        compat_free(c->frames[i].data);
        base_drop(c, &c->frames[i]);
    }
    while (c->bases_free != NULL) {
        uint8_t *b = c->bases_free;
        memcpy(&c->bases_free, b, sizeof c->bases_free);
        compat_free(b);
    }
    compat_free(c->frames);
    compat_free(c->buckets);
    compat_free(c->write_buffer);
    compat_mutex_destroy(&c->lock);
    compat_free(c);
}

uint32_t cache_page_size(const cache *c)
{
    return c->cb_page;
}

JET_ERR cache_attach_file(cache *c, compat_file *file, uint32_t *ifile_out)
{
    JET_ERR err = JET_errTooManyAttachedDatabases;
    uint32_t i;

    if (c == NULL || file == NULL || ifile_out == NULL) return JET_errInvalidParameter;
    compat_mutex_lock(&c->lock);
    for (i = 0; i < CACHE_FILES_MAX; i++) {
        if (c->files[i] == NULL) {
            c->files[i] = file;
            *ifile_out = i;
            err = JET_errSuccess;
            break;
        }
    }
    compat_mutex_unlock(&c->lock);
    return err;
}

JET_ERR cache_detach_file(cache *c, uint32_t ifile)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i;

    if (c == NULL || ifile >= CACHE_FILES_MAX) return JET_errInvalidParameter;
    compat_mutex_lock(&c->lock);
    if (c->files[ifile] == NULL) FAIL(JET_errInvalidParameter);
    for (i = 0; i < c->nframes; i++) {
        if (c->frames[i].pgno != 0 && c->frames[i].ifile == ifile && c->frames[i].pins != 0)
            FAIL(JET_errInvalidParameter);
    }
    for (i = 0; i < c->nframes; i++) {
        if (c->frames[i].pgno != 0 && c->frames[i].ifile == ifile) {
            table_remove(c, i);
            free_push(c, i);
        }
    }
    c->files[ifile] = NULL;
    c->logged[ifile] = false;
done:
    compat_mutex_unlock(&c->lock);
    return err;
}

/* Writes a dirty frame's page to its file with its checksum set (lock held). The frame's
 * own bytes are not touched: readers may be looking at them. */
static JET_ERR frame_write_back(cache *c, cache_frame *f)
{
    compat_err ce;

    INVARIANT(compat_mutex_held(&c->lock));
    INVARIANT(f->dirty && c->stats.frames_dirty > 0);
    memcpy(c->write_buffer, f->data, c->cb_page);
    page_checksum_set(c->write_buffer, c->cb_page, f->pgno);
    ce = compat_file_write_at(c->files[f->ifile], c->write_buffer, c->cb_page, ((uint64_t)f->pgno + 1u) * c->cb_page);
    if (ce != COMPAT_OK) return ce == COMPAT_ENOSPC ? JET_errDiskFull : JET_errDiskIO;
    f->dirty = false;
    f->rec_lsn = 0;
    base_drop(c, f);
    c->stats.frames_dirty--;
    c->stats.writes++;
    return JET_errSuccess;
}

static JET_ERR frame_allocate(cache *c, uint32_t *out)
{
    cache_frame *f = &c->frames[c->nframes];
    INVARIANT(c->nframes < c->cap_frames);
    f->data = compat_malloc(c->cb_page);
    if (f->data == NULL) return JET_errOutOfMemory;
    f->pgno = 0;
    f->pins = 0;
    f->hash_next = NO_FRAME;
    f->base = NULL;
    *out = c->nframes++;
    c->stats.frames_allocated = c->nframes;
    return JET_errSuccess;
}

/* A frame to fill: a free one, a new one while under the bound, else CLOCK over the
 * unpinned (when the free list is empty every allocated frame holds a page). Called with
 * the lock held. */
static JET_ERR frame_for_miss(cache *c, uint32_t *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t scanned, i;
    bool held_back = false;

    INVARIANT(compat_mutex_held(&c->lock));
    if (c->free_head != NO_FRAME) {
        *out = c->free_head;
        c->free_head = c->frames[*out].hash_next;
        c->frames[*out].hash_next = NO_FRAME;
        goto done;
    }
    if (c->nframes < c->max_pages) {
        CHECK(frame_allocate(c, out));
        goto done;
    }
    /* Two sweeps clear every reference bit; a third finds nothing only if all are pinned
     * or held back. */
    for (scanned = 0; scanned < 2u * c->nframes + 1u; scanned++) {
        cache_frame *f = &c->frames[c->hand];
        i = c->hand;
        c->hand = (c->hand + 1u) % c->nframes;
        if (f->pins != 0) continue;
        if (!frame_writable(c, f)) {
            held_back = true;
            continue;
        }
        if (f->referenced) {
            f->referenced = false;
            continue;
        }
        INVARIANT(f->pins == 0); /* a frame evicted is unpinned */
        if (f->dirty) CHECK(frame_write_back(c, f));
        if (f->pgno != 0) {
            table_remove(c, i);
            c->stats.evictions++;
        }
        *out = i;
        goto done;
    }
    /* Frames wait for the log: a logged file's changes may outgrow the bound until the
     * next capture (cache_capture_wanted says when). */
    if (held_back && c->nframes < c->cap_frames) {
        CHECK(frame_allocate(c, out));
        goto done;
    }
    err = JET_errOutOfBuffers;
done:
    return err;
}

/* Reads and verifies pgno into frame f (lock held, f unpinned and out of the table). */
static JET_ERR frame_read(cache *c, cache_frame *f, uint32_t ifile, uint32_t pgno)
{
    JET_ERR err = JET_errSuccess;
    compat_err ce;
    size_t done_cb = 0;
    page_verify_info info;

    INVARIANT(compat_mutex_held(&c->lock));
    INVARIANT(f->pins == 0 && f->pgno == 0);
    ce = compat_file_read_at(c->files[ifile], f->data, c->cb_page, ((uint64_t)pgno + 1u) * c->cb_page, &done_cb);
    if (ce != COMPAT_OK) FAIL(ce == COMPAT_ENOMEM ? JET_errOutOfMemory : JET_errDiskIO);
    if (done_cb != c->cb_page) FAIL(JET_errFileIOBeyondEOF);
    err = page_checksum_verify(f->data, c->cb_page, pgno, &info);
    if (err == JET_errReadVerifyFailure && info.correctable) {
        /* ESE repairs single-bit flips the ECC locates, in memory. */
        err = page_checksum_correct(f->data, c->cb_page, pgno, &info);
        if (err >= 0) c->stats.corrected++;
    }
    if (err > 0) err = JET_errSuccess;
done:
    return err;
}

JET_ERR cache_get(cache *c, uint32_t ifile, uint32_t pgno, cache_page *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i = NO_FRAME;
    cache_frame *f;
    bool locked = false;

    if (out == NULL) return JET_errInvalidParameter;
    memset(out, 0, sizeof *out);
    if (c == NULL || ifile >= CACHE_FILES_MAX) return JET_errInvalidParameter;
    /* page numbers come from the file (links, children, extents, the catalog) */
    if (pgno == 0 || pgno > PAGE_PGNO_MAX) return JET_errDatabaseCorrupted;
    compat_mutex_lock(&c->lock);
    locked = true;
    if (c->files[ifile] == NULL) FAIL(JET_errInvalidParameter);
    i = table_find(c, ifile, pgno);
    if (i != NO_FRAME) {
        c->stats.hits++;
    } else {
        uint64_t t0 = compat_clock_monotonic_ns();
        CHECK(frame_for_miss(c, &i));
        f = &c->frames[i];
        err = frame_read(c, f, ifile, pgno);
        if (err < 0) {
            free_push(c, i); /* stays free, out of the table */
            goto done;
        }
        thread_stats_page_read(compat_clock_monotonic_ns() - t0,
                               (byte_order_get_le32(f->data + PAGE_FLAGS_OFFSET) & PAGE_FLAG_ROOT) != 0);
        f->ifile = ifile;
        f->pgno = pgno;
        table_insert(c, i);
        c->stats.misses++;
    }
    f = &c->frames[i];
    INVARIANT(!f->stale); /* the table holds no stale frame */
    if (f->pins++ == 0) c->stats.frames_pinned++;
    f->referenced = true;
    thread_stats_page_referenced();
    out->data = f->data;
    out->pgno = pgno;
    out->ifile = ifile;
    out->frame = f;
done:
    if (locked) compat_mutex_unlock(&c->lock);
    return err;
}

void cache_release(cache *c, cache_page *page)
{
    cache_frame *f;
    if (c == NULL || page == NULL || page->frame == NULL) return;
    f = page->frame;
    compat_mutex_lock(&c->lock);
    INVARIANT(f->pins > 0); /* a page released was pinned */
    if (f->pins != 0 && --f->pins == 0) {
        INVARIANT(c->stats.frames_pinned > 0);
        c->stats.frames_pinned--;
        if (f->stale) free_push(c, (uint32_t)(f - c->frames));
    }
    compat_mutex_unlock(&c->lock);
    memset(page, 0, sizeof *page);
}

/* Takes frame i out of the table for good: its pinners keep the bytes (lock held). */
static void make_stale(cache *c, uint32_t i)
{
    cache_frame *f = &c->frames[i];
    INVARIANT(compat_mutex_held(&c->lock));
    INVARIANT(f->pins > 0 && !f->stale); /* unpinned, it would be reused instead */
    INVARIANT(!f->dirty || c->stats.frames_dirty > 0);
    table_remove(c, i);
    if (f->dirty) c->stats.frames_dirty--;
    f->dirty = false;
    f->stale = true;
    set_uncaptured(c, f, false);
    base_drop(c, f);
}

/* Frame i becomes the table's copy of (ifile, pgno), pinned once and dirty (lock held). */
static void install_dirty(cache *c, uint32_t i, uint32_t ifile, uint32_t pgno, cache_page *out)
{
    cache_frame *f = &c->frames[i];
    INVARIANT(compat_mutex_held(&c->lock));
    INVARIANT(f->pins == 0); /* fresh from frame_for_miss, or reused unpinned */
    f->ifile = ifile;
    f->pgno = pgno;
    f->stale = false;
    f->referenced = true;
    if (!f->dirty) c->stats.frames_dirty++;
    f->dirty = true;
    if (c->logged[ifile]) set_uncaptured(c, f, true);
    table_insert(c, i);
    if (f->pins++ == 0) c->stats.frames_pinned++;
    out->data = f->data;
    out->pgno = pgno;
    out->ifile = ifile;
    out->frame = f;
}

JET_ERR cache_write(cache *c, cache_page *page, uint8_t **data)
{
    JET_ERR err = JET_errSuccess;
    cache_frame *f;
    uint32_t i;

    if (c == NULL || page == NULL || page->frame == NULL || data == NULL) return JET_errInvalidParameter;
    f = page->frame;
    compat_mutex_lock(&c->lock);
    INVARIANT(f->pins > 0); /* the caller's pin */
    if (f->stale) FAIL(JET_errInvalidParameter); /* only the table's copy may change */
    thread_stats_page_dirtied(f->dirty);
    if (f->pins > 1) {
        /* Someone else looks at these bytes: the change goes to a copy that replaces them. */
        CHECK(frame_for_miss(c, &i));
        memcpy(c->frames[i].data, f->data, c->cb_page);
        rec_lsn_move(c, &c->frames[i], f);
        make_stale(c, (uint32_t)(f - c->frames));
        f->pins--;
        install_dirty(c, i, page->ifile, page->pgno, page);
        c->stats.copies++;
        f = &c->frames[i];
    } else {
        if (!f->dirty) {
            f->dirty = true;
            c->stats.frames_dirty++;
        }
        if (c->logged[page->ifile]) set_uncaptured(c, f, true);
    }
    page->data = f->data;
    *data = f->data;
done:
    compat_mutex_unlock(&c->lock);
    return err;
}

JET_ERR cache_new_page(cache *c, uint32_t ifile, uint32_t pgno, cache_page *out, uint8_t **data)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i, old;

    if (out == NULL || data == NULL) return JET_errInvalidParameter;
    memset(out, 0, sizeof *out);
    *data = NULL;
    if (c == NULL || ifile >= CACHE_FILES_MAX) return JET_errInvalidParameter;
    if (pgno == 0 || pgno > PAGE_PGNO_MAX) return JET_errDatabaseCorrupted; /* as cache_get */
    compat_mutex_lock(&c->lock);
    if (c->files[ifile] == NULL) FAIL(JET_errInvalidParameter);
    old = table_find(c, ifile, pgno);
    if (old != NO_FRAME && c->frames[old].pins == 0) {
        i = old; /* reused in place */
        table_remove(c, i);
    } else {
        CHECK(frame_for_miss(c, &i));
        c->frames[i].rec_lsn = 0;
        if (old != NO_FRAME) {
            rec_lsn_move(c, &c->frames[i], &c->frames[old]);
            make_stale(c, old);
        }
    }
    memset(c->frames[i].data, 0, c->cb_page);
    install_dirty(c, i, ifile, pgno, out);
    thread_stats_page_dirtied(false);
    *data = c->frames[i].data;
done:
    compat_mutex_unlock(&c->lock);
    return err;
}

bool cache_page_stale(const cache_page *page)
{
    return page != NULL && page->frame != NULL && page->frame->stale;
}

JET_ERR cache_flush(cache *c, uint32_t ifile)
{
    JET_ERR err = JET_errSuccess;
    uint32_t i;

    if (c == NULL || ifile >= CACHE_FILES_MAX) return JET_errInvalidParameter;
    compat_mutex_lock(&c->lock);
    if (c->files[ifile] == NULL) FAIL(JET_errInvalidParameter);
    for (i = 0; i < c->nframes; i++) {
        cache_frame *f = &c->frames[i];
        if (f->dirty && !f->stale && f->pgno != 0 && f->ifile == ifile && frame_writable(c, f))
            CHECK(frame_write_back(c, f));
    }
    if (compat_file_flush(c->files[ifile]) != COMPAT_OK) FAIL(JET_errDiskIO);
done:
    compat_mutex_unlock(&c->lock);
    return err;
}

void cache_discard(cache *c, uint32_t ifile)
{
    uint32_t i;

    if (c == NULL || ifile >= CACHE_FILES_MAX) return;
    compat_mutex_lock(&c->lock);
    for (i = 0; i < c->nframes; i++) {
        cache_frame *f = &c->frames[i];
        if (f->dirty && !f->stale && f->pgno != 0 && f->ifile == ifile) {
            INVARIANT(c->stats.frames_dirty > 0);
            f->dirty = false;
            f->rec_lsn = 0;
            base_drop(c, f);
            set_uncaptured(c, f, false);
            c->stats.frames_dirty--;
        }
    }
    compat_mutex_unlock(&c->lock);
}

void cache_get_stats(cache *c, cache_stats *out)
{
    compat_mutex_lock(&c->lock);
    *out = c->stats;
    compat_mutex_unlock(&c->lock);
}

void cache_hold_writes(cache *c, bool hold)
{
    compat_mutex_lock(&c->lock);
    c->writes_held = hold;
    compat_mutex_unlock(&c->lock);
}

void cache_set_logged(cache *c, uint32_t ifile, bool logged)
{
    compat_mutex_lock(&c->lock);
    INVARIANT(ifile < CACHE_FILES_MAX && c->files[ifile] != NULL);
    c->logged[ifile] = logged;
    compat_mutex_unlock(&c->lock);
}

JET_ERR cache_capture(cache *c, uint32_t ifile, uint64_t capture, cache_capture_fn fn, void *ctx)
{
    JET_ERR err = JET_errSuccess;
    compat_mutex_lock(&c->lock);
    INVARIANT(ifile < CACHE_FILES_MAX && c->logged[ifile]);
    for (uint32_t i = 0; i < c->nframes; i++) {
        cache_frame *f = &c->frames[i];
        uint64_t lsn = 0;
        if (f->pgno == 0 || f->stale || f->ifile != ifile || !f->uncaptured) continue;
        INVARIANT(f->dirty); /* uncaptured implies dirty */
        INVARIANT(f->base == NULL || f->rec_lsn != 0); /* a delta's chain starts at rec_lsn */
        CHECK(fn(ctx, f->pgno, f->data, f->base, c->cb_page, &lsn));
        set_uncaptured(c, f, false);
        f->capture = capture;
        if (f->rec_lsn == 0) f->rec_lsn = lsn;
        base_keep(c, f);
    }
done:
    compat_mutex_unlock(&c->lock);
    return err;
}

void cache_capture_durable(cache *c, uint64_t capture)
{
    compat_mutex_lock(&c->lock);
    if (capture > c->durable_capture) c->durable_capture = capture;
    compat_mutex_unlock(&c->lock);
}

bool cache_capture_wanted(cache *c)
{
    bool wanted;
    compat_mutex_lock(&c->lock);
    wanted = c->uncaptured > c->max_pages / 2u;
    compat_mutex_unlock(&c->lock);
    return wanted;
}

uint64_t cache_oldest_unwritten(cache *c)
{
    uint64_t oldest = 0;
    compat_mutex_lock(&c->lock);
    for (uint32_t i = 0; i < c->nframes; i++) {
        const cache_frame *f = &c->frames[i];
        if (f->pgno != 0 && !f->stale && f->dirty && f->rec_lsn != 0 && (oldest == 0 || f->rec_lsn < oldest))
            oldest = f->rec_lsn;
    }
    compat_mutex_unlock(&c->lock);
    return oldest;
}
