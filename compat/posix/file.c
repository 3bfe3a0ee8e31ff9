/* file.c: POSIX files (positional I/O, flush, size, advisory locks), paths,
 * directories and temporary files.
 * May call: <fcntl.h>, <unistd.h>, <sys/stat.h>, <sys/file.h>, <dirent.h>,
 * <stdio.h> (rename), <stdlib.h> (mkstemp, getenv), memory.c, fault.c; isatty. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include "posix_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(sizeof(off_t) >= 8, "64-bit file offsets are needed");

#define IO_CHUNK ((size_t)1 << 30) /* stay well below SSIZE_MAX per call */

enum lock_state { LOCK_NONE = 0, LOCK_HELD_OFD, LOCK_HELD_FLOCK };

struct compat_file {
    int fd;
    unsigned flags;
    enum lock_state lock;
};

static compat_err last_error(void)
{
    return compat_internal_from_errno(errno);
}

compat_err compat_file_open(const char *path, unsigned flags, compat_file **out)
{
    compat_err err;
    compat_file *f = NULL;
    struct stat st;
    int oflags = O_CLOEXEC;
    int fd = -1;

    if (out != NULL)
        *out = NULL;
    err = compat_internal_check_open_flags(flags);
    if (err != COMPAT_OK)
        goto done;
    if (path == NULL || out == NULL || path[0] == '\0') {
        err = COMPAT_EINVAL;
        goto done;
    }
    /* Allocate first: an allocation failure must not leave a new file behind. */
    f = compat_malloc(sizeof *f);
    if (f == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    if ((flags & COMPAT_FILE_READ) && (flags & COMPAT_FILE_WRITE))
        oflags |= O_RDWR;
    else if (flags & COMPAT_FILE_WRITE)
        oflags |= O_WRONLY;
    else
        oflags |= O_RDONLY;
    if (flags & COMPAT_FILE_CREATE)
        oflags |= O_CREAT;
    if (flags & COMPAT_FILE_EXCLUSIVE)
        oflags |= O_EXCL;
    if (flags & COMPAT_FILE_TRUNCATE)
        oflags |= O_TRUNC;
    do {
        fd = open(path, oflags, 0666);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        err = last_error();
        goto done;
    }
    if (fstat(fd, &st) != 0) {
        err = last_error();
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        err = COMPAT_EACCES;
        goto done;
    }
    f->fd = fd;
    f->flags = flags;
    f->lock = LOCK_NONE;
    *out = f;
    f = NULL;
    fd = -1;
done:
    if (fd >= 0)
        (void)close(fd);
    compat_free(f);
    return err;
}

compat_err compat_file_close(compat_file *file)
{
    compat_err err = COMPAT_OK;

    if (file == NULL)
        return COMPAT_EINVAL;
    /* No retry on EINTR: the descriptor is gone either way. */
    compat_internal_power_loss_durable(file->fd); /* the engine flushes what it needs first */
    if (close(file->fd) != 0 && errno != EINTR)
        err = last_error();
    compat_free(file);
    return err;
}

compat_err compat_file_read_at(compat_file *file, void *buf, size_t size, uint64_t offset, size_t *done)
{
    compat_err err = COMPAT_OK;
    size_t total = 0;

    if (done != NULL)
        *done = 0;
    if (file == NULL || done == NULL) {
        err = COMPAT_EINVAL;
        goto out;
    }
    err = compat_internal_check_io(file->flags, buf, size, offset, COMPAT_FILE_READ);
    if (err != COMPAT_OK)
        goto out;
    while (total < size) {
        size_t want = size - total < IO_CHUNK ? size - total : IO_CHUNK;
        ssize_t got = pread(file->fd, (char *)buf + total, want, (off_t)(offset + total));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            err = last_error();
            goto out;
        }
        if (got == 0)
            break; /* end of file */
        total += (size_t)got;
    }
out:
    if (done != NULL)
        *done = total;
    return err;
}

compat_err compat_file_write_at(compat_file *file, const void *buf, size_t size, uint64_t offset)
{
    compat_err err = COMPAT_OK;
    size_t total = 0;
    bool short_write = false;

    if (file == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    err = compat_internal_check_io(file->flags, buf, size, offset, COMPAT_FILE_WRITE);
    if (err != COMPAT_OK)
        goto done;
    short_write = compat_internal_short_write(&size);
    compat_internal_power_loss_write(file->fd, offset, size);
    while (total < size) {
        size_t want = size - total < IO_CHUNK ? size - total : IO_CHUNK;
        ssize_t put = pwrite(file->fd, (const char *)buf + total, want, (off_t)(offset + total));
        if (put < 0) {
            if (errno == EINTR)
                continue;
            err = last_error();
            goto done;
        }
        if (put == 0) {
            err = COMPAT_EIO;
            goto done;
        }
        total += (size_t)put;
    }
done:
    if (err == COMPAT_OK && short_write)
        err = COMPAT_EIO;
    return err;
}

compat_err compat_file_flush(compat_file *file)
{
    compat_err err = COMPAT_OK;
    int rc;

    if (file == NULL)
        return COMPAT_EINVAL;
    if (compat_internal_fault_hit(COMPAT_FAULT_FLUSH))
        return COMPAT_EIO;
    if (!(file->flags & COMPAT_FILE_WRITE))
        return COMPAT_OK; /* nothing written through this open */
#if defined(__APPLE__)
    rc = fcntl(file->fd, F_FULLFSYNC);
    if (rc != 0)
        rc = fsync(file->fd);
#elif defined(__linux__)
    do {
        rc = fdatasync(file->fd); /* also writes the size when it changed */
    } while (rc != 0 && errno == EINTR);
#else
    do {
        rc = fsync(file->fd);
    } while (rc != 0 && errno == EINTR);
#endif
    if (rc == 0)
        compat_internal_power_loss_durable(file->fd);
    if (rc != 0)
        err = last_error();
    return err;
}

compat_err compat_file_set_size(compat_file *file, uint64_t size)
{
    int rc;
    struct stat st;

    if (file == NULL || size > COMPAT_MAX_OFFSET)
        return COMPAT_EINVAL;
    if (!(file->flags & COMPAT_FILE_WRITE))
        return COMPAT_EACCES;
    if (fstat(file->fd, &st) != 0)
        return last_error();
    do {
        rc = ftruncate(file->fd, (off_t)size);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0)
        return last_error();
    /* Growing: the new bytes take disk space now, as SetEndOfFile gives them on Windows
     * (a disk too full says so here, not at a later write). A file system that cannot
     * allocate ahead leaves them sparse. */
    if (size > (uint64_t)st.st_size) {
        do {
            rc = posix_fallocate(file->fd, st.st_size, (off_t)(size - (uint64_t)st.st_size));
        } while (rc == EINTR);
        if (rc == ENOSPC)
            return COMPAT_ENOSPC;
    }
    return COMPAT_OK;
}

compat_err compat_file_size(compat_file *file, uint64_t *size)
{
    struct stat st;

    if (file == NULL || size == NULL)
        return COMPAT_EINVAL;
    if (fstat(file->fd, &st) != 0)
        return last_error();
    *size = (uint64_t)st.st_size;
    return COMPAT_OK;
}

compat_err compat_file_size_on_disk(compat_file *file, uint64_t *size)
{
    struct stat st;
    uint64_t on_disk;

    if (file == NULL || size == NULL)
        return COMPAT_EINVAL;
    if (fstat(file->fd, &st) != 0)
        return last_error();
    on_disk = (uint64_t)st.st_blocks * 512u;
    *size = on_disk < (uint64_t)st.st_size ? on_disk : (uint64_t)st.st_size;
    return COMPAT_OK;
}

compat_err compat_file_trim(compat_file *file, uint64_t offset, uint64_t size)
{
    if (file == NULL || offset > COMPAT_MAX_OFFSET || size > COMPAT_MAX_OFFSET - offset)
        return COMPAT_EINVAL;
    if (!(file->flags & COMPAT_FILE_WRITE))
        return COMPAT_EACCES;
    if (size == 0)
        return COMPAT_OK;
#if defined(__linux__) && defined(FALLOC_FL_PUNCH_HOLE)
    {
        int rc;
        do {
            rc = fallocate(file->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)size);
        } while (rc != 0 && errno == EINTR);
        if (rc == 0)
            return COMPAT_OK;
        return errno == EOPNOTSUPP || errno == ENOSYS ? COMPAT_ENOTSUP : last_error();
    }
#else
    return COMPAT_ENOTSUP;
#endif
}

/* Locks belong to the open file description: OFD locks where the kernel has
 * them (they also work over NFS), flock() otherwise. Both conflict between two
 * opens in one process, unlike classic per-process fcntl locks. */
compat_err compat_file_lock(compat_file *file, bool exclusive)
{
    compat_err err = COMPAT_OK;
    int rc;

    if (file == NULL || file->lock != LOCK_NONE ||
        !(file->flags & (exclusive ? COMPAT_FILE_WRITE : COMPAT_FILE_READ))) {
        err = COMPAT_EINVAL;
        goto done;
    }
#ifdef F_OFD_SETLK
    {
        struct flock fl;
        memset(&fl, 0, sizeof fl);
        fl.l_type = exclusive ? F_WRLCK : F_RDLCK;
        fl.l_whence = SEEK_SET;
        fl.l_start = 0;
        fl.l_len = 0; /* to the end, however large the file grows */
        do {
            rc = fcntl(file->fd, F_OFD_SETLK, &fl);
        } while (rc != 0 && errno == EINTR);
        if (rc == 0) {
            file->lock = LOCK_HELD_OFD;
            goto done;
        }
        if (errno != EINVAL) { /* EINVAL: a kernel without OFD locks */
            err = (errno == EAGAIN || errno == EACCES) ? COMPAT_EBUSY : last_error();
            goto done;
        }
    }
#endif
    do {
        rc = flock(file->fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        err = errno == EWOULDBLOCK ? COMPAT_EBUSY : last_error();
        goto done;
    }
    file->lock = LOCK_HELD_FLOCK;
done:
    return err;
}

compat_err compat_file_unlock(compat_file *file)
{
    int rc;

    if (file == NULL || file->lock == LOCK_NONE)
        return COMPAT_EINVAL;
#ifdef F_OFD_SETLK
    if (file->lock == LOCK_HELD_OFD) {
        struct flock fl;
        memset(&fl, 0, sizeof fl);
        fl.l_type = F_UNLCK;
        fl.l_whence = SEEK_SET;
        do {
            rc = fcntl(file->fd, F_OFD_SETLK, &fl);
        } while (rc != 0 && errno == EINTR);
    } else
#endif
    {
        do {
            rc = flock(file->fd, LOCK_UN);
        } while (rc != 0 && errno == EINTR);
    }
    if (rc != 0)
        return last_error();
    file->lock = LOCK_NONE;
    return COMPAT_OK;
}

/* ---- paths ---- */
compat_err compat_path_rename(const char *from, const char *to)
{
    if (from == NULL || to == NULL)
        return COMPAT_EINVAL;
    return rename(from, to) == 0 ? COMPAT_OK : last_error();
}

compat_err compat_path_delete(const char *path)
{
    if (path == NULL)
        return COMPAT_EINVAL;
    return unlink(path) == 0 ? COMPAT_OK : last_error();
}

compat_err compat_path_exists(const char *path, bool *is_dir)
{
    struct stat st;

    if (is_dir != NULL)
        *is_dir = false;
    if (path == NULL)
        return COMPAT_EINVAL;
    if (stat(path, &st) != 0)
        return last_error();
    if (is_dir != NULL)
        *is_dir = S_ISDIR(st.st_mode);
    return COMPAT_OK;
}

char compat_path_separator(void)
{
    return '/';
}

/* ---- directories ---- */
compat_err compat_dir_create(const char *path)
{
    if (path == NULL)
        return COMPAT_EINVAL;
    return mkdir(path, 0777) == 0 ? COMPAT_OK : last_error();
}

/* A new or renamed entry is durable only once its directory is flushed too. */
compat_err compat_dir_sync(const char *path)
{
    compat_err err = COMPAT_OK;
    int fd, rc;

    if (path == NULL)
        return COMPAT_EINVAL;
    if (compat_internal_fault_hit(COMPAT_FAULT_FLUSH))
        return COMPAT_EIO;
    fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return last_error();
    do {
        rc = fsync(fd);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0)
        err = last_error();
    close(fd);
    return err;
}

compat_err compat_dir_remove(const char *path)
{
    if (path == NULL)
        return COMPAT_EINVAL;
    return rmdir(path) == 0 ? COMPAT_OK : last_error();
}

compat_err compat_dir_list(const char *path, bool (*fn)(void *ctx, const char *name), void *ctx)
{
    compat_err err = COMPAT_OK;
    DIR *dir = NULL;
    struct dirent *ent;

    if (path == NULL || fn == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    dir = opendir(path);
    if (dir == NULL) {
        err = last_error();
        goto done;
    }
    for (;;) {
        errno = 0;
        ent = readdir(dir);
        if (ent == NULL) {
            if (errno != 0)
                err = last_error();
            break;
        }
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        if (!fn(ctx, ent->d_name))
            break;
    }
done:
    if (dir != NULL)
        (void)closedir(dir);
    return err;
}

compat_err compat_temp_dir(char *buf, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    size_t len;
    bool add_sep;

    if (buf == NULL)
        return COMPAT_EINVAL;
    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    len = strlen(dir);
    add_sep = dir[len - 1] != '/';
    if (len + (add_sep ? 1 : 0) + 1 > cap)
        return COMPAT_ERANGE;
    memcpy(buf, dir, len);
    if (add_sep)
        buf[len++] = '/';
    buf[len] = '\0';
    return COMPAT_OK;
}

compat_err compat_temp_file(const char *dir, char *path_out, size_t cap, compat_file **out)
{
    static const char name[] = "esent-XXXXXX";
    compat_err err = COMPAT_OK;
    compat_file *f = NULL;
    char tmp[4096];
    size_t len;
    bool add_sep;
    int fd = -1;

    if (out != NULL)
        *out = NULL;
    if (path_out == NULL || out == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    if (dir == NULL) {
        err = compat_temp_dir(tmp, sizeof tmp);
        if (err != COMPAT_OK)
            goto done;
        dir = tmp;
    }
    len = strlen(dir);
    add_sep = len > 0 && dir[len - 1] != '/';
    if (len + (add_sep ? 1 : 0) + sizeof name > cap) {
        err = COMPAT_ERANGE;
        goto done;
    }
    f = compat_malloc(sizeof *f);
    if (f == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    memmove(path_out, dir, len); /* dir may be path_out itself */
    if (add_sep)
        path_out[len++] = '/';
    memcpy(path_out + len, name, sizeof name);
#if defined(__linux__)
    fd = mkostemp(path_out, O_CLOEXEC);
#else
    fd = mkstemp(path_out);
    if (fd >= 0)
        (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
#endif
    if (fd < 0) {
        err = last_error();
        path_out[0] = '\0';
        goto done;
    }
    f->fd = fd;
    f->flags = COMPAT_FILE_READ | COMPAT_FILE_WRITE;
    f->lock = LOCK_NONE;
    *out = f;
    f = NULL;
done:
    compat_free(f);
    return err;
}

bool compat_stderr_is_terminal(void)
{
    return isatty(STDERR_FILENO) == 1;
}
