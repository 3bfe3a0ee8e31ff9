/* cache.c: the buffer cache (see cache.h): frames allocated on demand up to the bound,
 * a chained hash table from (file, pgno) to frame, a free list, CLOCK eviction, one mutex.
 * Reads are done with the mutex held; the frame being filled is pinned and out of the
 * table until it verified, so a failed read leaves nothing behind.
 * May call: common.h, page_checksum.h, compat (files, memory, mutex). */
#include "cache.h"

#include <string.h>

#include "page_checksum.h"

#define NO_FRAME UINT32_MAX

struct cache_frame {
    uint8_t *data;          /* cb_page bytes */
    uint32_t ifile;
    uint32_t pgno;          /* 0: free */
    uint32_t pins;
    uint32_t hash_next;     /* next frame in the bucket (or in the free list), NO_FRAME at the end */
    bool referenced;        /* CLOCK's second-chance bit */
};

struct cache {
    compat_mutex lock;
    uint32_t cb_page;
    uint32_t max_pages;
    uint32_t nframes;       /* frames allocated so far (<= max_pages) */
    uint32_t hand;          /* CLOCK hand */
    uint32_t free_head;     /* allocated frames holding no page, linked by hash_next */
    cache_frame *frames;    /* max_pages entries; data allocated lazily */
    uint32_t *buckets;      /* nbuckets heads */
    uint32_t nbuckets;      /* power of two */
    compat_file *files[CACHE_FILES_MAX];
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

/* A frame that holds no page goes back to the free list (it must be out of the table). */
static void free_push(cache *c, uint32_t i)
{
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
    c->nbuckets = 16;
    while (c->nbuckets < max_pages * 2u) c->nbuckets <<= 1;
    c->frames = compat_calloc(max_pages, sizeof *c->frames);
    c->buckets = compat_malloc((size_t)c->nbuckets * sizeof *c->buckets);
    if (c->frames == NULL || c->buckets == NULL) FAIL(JET_errOutOfMemory);
    for (i = 0; i < c->nbuckets; i++) c->buckets[i] = NO_FRAME;
    c->free_head = NO_FRAME;
    if (compat_mutex_init(&c->lock) != COMPAT_OK) FAIL(JET_errOutOfMemory);
    *out = c;
    c = NULL;
done:
    if (c != NULL) {
        compat_free(c->frames);
        compat_free(c->buckets);
        compat_free(c);
    }
    return err;
}

void cache_destroy(cache *c)
{
    uint32_t i;
    if (c == NULL) return;
    for (i = 0; i < c->nframes; i++) compat_free(c->frames[i].data);
    compat_free(c->frames);
    compat_free(c->buckets);
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
done:
    compat_mutex_unlock(&c->lock);
    return err;
}

/* A frame to fill: a free one, a new one while under the bound, else CLOCK over the
 * unpinned (when the free list is empty every allocated frame holds a page). Called with
 * the lock held. */
static JET_ERR frame_for_miss(cache *c, uint32_t *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t scanned, i;

    if (c->free_head != NO_FRAME) {
        *out = c->free_head;
        c->free_head = c->frames[*out].hash_next;
        c->frames[*out].hash_next = NO_FRAME;
        goto done;
    }
    if (c->nframes < c->max_pages) {
        cache_frame *f = &c->frames[c->nframes];
        f->data = compat_malloc(c->cb_page);
        if (f->data == NULL) FAIL(JET_errOutOfMemory);
        f->pgno = 0;
        f->pins = 0;
        f->hash_next = NO_FRAME;
        *out = c->nframes++;
        c->stats.frames_allocated = c->nframes;
        goto done;
    }
    /* Two sweeps clear every reference bit; a third finds nothing only if all are pinned. */
    for (scanned = 0; scanned < 2u * c->nframes + 1u; scanned++) {
        cache_frame *f = &c->frames[c->hand];
        i = c->hand;
        c->hand = (c->hand + 1u) % c->nframes;
        if (f->pins != 0) continue;
        if (f->referenced) {
            f->referenced = false;
            continue;
        }
        if (f->pgno != 0) {
            table_remove(c, i);
            c->stats.evictions++;
        }
        *out = i;
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
    if (c == NULL || ifile >= CACHE_FILES_MAX || pgno == 0 || pgno > 0x7fffffffu) return JET_errInvalidParameter;
    compat_mutex_lock(&c->lock);
    locked = true;
    if (c->files[ifile] == NULL) FAIL(JET_errInvalidParameter);
    i = table_find(c, ifile, pgno);
    if (i != NO_FRAME) {
        c->stats.hits++;
    } else {
        CHECK(frame_for_miss(c, &i));
        f = &c->frames[i];
        err = frame_read(c, f, ifile, pgno);
        if (err < 0) {
            free_push(c, i); /* stays free, out of the table */
            goto done;
        }
        f->ifile = ifile;
        f->pgno = pgno;
        table_insert(c, i);
        c->stats.misses++;
    }
    f = &c->frames[i];
    if (f->pins++ == 0) c->stats.frames_pinned++;
    f->referenced = true;
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
    if (c == NULL || page == NULL || page->frame == NULL) return;
    compat_mutex_lock(&c->lock);
    if (page->frame->pins != 0 && --page->frame->pins == 0) c->stats.frames_pinned--;
    compat_mutex_unlock(&c->lock);
    memset(page, 0, sizeof *page);
}

void cache_get_stats(cache *c, cache_stats *out)
{
    compat_mutex_lock(&c->lock);
    *out = c->stats;
    compat_mutex_unlock(&c->lock);
}
