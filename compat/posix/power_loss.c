/* power_loss.c: a simulated power loss for crash tests (compat.h), as SQLite's crash-test
 * VFS does: once armed, every write remembers what it overwrote until its file is
 * flushed; the strike then decides, write by write (newest first) and from the seed,
 * whether it reached the disk, was lost, or was torn (some of its 512-byte sectors lost),
 * and puts the file back accordingly. Losing an older write while keeping a newer one is
 * the disk reordering them. Creations, renames and sizes are treated as durable. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include "posix_internal.h"

#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#define SECTOR 512u

typedef struct pending_write {
    int fd;
    uint64_t offset;
    size_t size;
    uint8_t *old;        /* what was there (zeros past the old end of the file) */
} pending_write;

static compat_mutex lock;
static compat_once lock_once = COMPAT_ONCE_INIT;
static atomic_bool armed;
static uint64_t rng;
static pending_write *writes;
static size_t nwrites, cap_writes;

static void lock_init(void)
{
    compat_err e = compat_mutex_init(&lock);
    (void)e; /* a mutex of static storage: initialisation does not fail on POSIX */
}

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

compat_err compat_power_loss_arm(uint64_t seed)
{
    compat_once_run(&lock_once, lock_init);
    compat_mutex_lock(&lock);
    armed = true;
    rng = seed * 0x9e3779b97f4a7c15ull | 1u;
    compat_mutex_unlock(&lock);
    return COMPAT_OK;
}

void compat_internal_power_loss_write(int fd, uint64_t offset, size_t size)
{
    pending_write w;
    ssize_t got;
    if (!armed) return;
    compat_mutex_lock(&lock);
    memset(&w, 0, sizeof w);
    w.fd = fd;
    w.offset = offset;
    w.size = size;
    w.old = compat_calloc(1, size ? size : 1);
    if (w.old != NULL && nwrites == cap_writes) {
        size_t c = cap_writes ? cap_writes * 2u : 256u;
        pending_write *g = compat_realloc(writes, c * sizeof *g);
        if (g == NULL) {
            compat_free(w.old);
            w.old = NULL;
        } else {
            writes = g;
            cap_writes = c;
        }
    }
    if (w.old != NULL) {
        got = pread(fd, w.old, size, (off_t)offset); /* short past the end: zeros stay */
        (void)got;
        writes[nwrites++] = w;
    }
    compat_mutex_unlock(&lock);
}

/* Flushed (or closed after a flush): its writes reached the disk. */
void compat_internal_power_loss_durable(int fd)
{
    size_t k = 0;
    if (!armed) return;
    compat_mutex_lock(&lock);
    for (size_t i = 0; i < nwrites; i++) {
        if (writes[i].fd == fd) compat_free(writes[i].old);
        else writes[k++] = writes[i];
    }
    nwrites = k;
    compat_mutex_unlock(&lock);
}

compat_err compat_power_loss_strike(void)
{
    compat_err err = COMPAT_OK;
    if (!armed) return COMPAT_EINVAL;
    compat_mutex_lock(&lock);
    for (size_t i = nwrites; i-- > 0;) {
        pending_write *w = &writes[i];
        uint32_t fate = next_rand() % 3u; /* 0 reached the disk, 1 lost, 2 torn */
        for (uint64_t at = 0; at < w->size && fate != 0; at += SECTOR) {
            size_t n = w->size - at < SECTOR ? (size_t)(w->size - at) : SECTOR;
            if (fate == 2 && next_rand() % 2u == 0) continue;
            if (pwrite(w->fd, w->old + at, n, (off_t)(w->offset + at)) != (ssize_t)n) err = COMPAT_EIO;
        }
        compat_free(w->old);
    }
    nwrites = 0;
    armed = false;
    compat_mutex_unlock(&lock);
    return err;
}
