/* file.c: Win32 files (positional I/O through OVERLAPPED offsets, flush, size,
 * advisory locks), paths, directories and temporary files.
 * May call: <windows.h>, <stdio.h> (snprintf for temp names), path.c, memory.c, fault.c. */
#include "win32_internal.h"

#include <winioctl.h>

#include <stdio.h>
#include <string.h>

#define IO_CHUNK ((DWORD)1 << 30)

/* Windows byte-range locks are mandatory: a lock over the data would make other
 * handles' reads and writes fail. The whole-file lock is therefore one byte far
 * beyond any real data (2^62), which keeps it advisory. */
#define LOCK_OFFSET ((uint64_t)1 << 62)

struct compat_file {
    HANDLE handle;
    unsigned flags;
    bool locked;
};

static compat_err last_error(void)
{
    return compat_internal_from_win32(GetLastError());
}

static OVERLAPPED at_offset(uint64_t offset)
{
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.Offset = (DWORD)offset;
    ov.OffsetHigh = (DWORD)(offset >> 32);
    return ov;
}

/* Opens an already converted path; used by compat_file_open and compat_temp_file. */
static compat_err open_wide(const wchar_t *wpath, unsigned flags, DWORD disposition, compat_file *f)
{
    DWORD access = 0;
    HANDLE h;

    if (flags & COMPAT_FILE_READ)
        access |= GENERIC_READ;
    if (flags & COMPAT_FILE_WRITE)
        access |= GENERIC_WRITE;
    /* Share everything, as POSIX does: other opens, rename and delete stay possible. */
    h = CreateFileW(wpath, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, disposition,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return last_error();
    f->handle = h;
    f->flags = flags;
    f->locked = false;
    return COMPAT_OK;
}

compat_err compat_file_open(const char *path, unsigned flags, compat_file **out)
{
    compat_err err;
    compat_file *f = NULL;
    wchar_t *wpath = NULL;
    DWORD disposition;

    if (out != NULL)
        *out = NULL;
    err = compat_internal_check_open_flags(flags);
    if (err != COMPAT_OK)
        goto done;
    if (path == NULL || out == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    err = compat_internal_wide_path(path, &wpath);
    if (err != COMPAT_OK)
        goto done;
    f = compat_malloc(sizeof *f);
    if (f == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    if ((flags & COMPAT_FILE_CREATE) && (flags & COMPAT_FILE_EXCLUSIVE))
        disposition = CREATE_NEW;
    else if ((flags & COMPAT_FILE_CREATE) && (flags & COMPAT_FILE_TRUNCATE))
        disposition = CREATE_ALWAYS;
    else if (flags & COMPAT_FILE_CREATE)
        disposition = OPEN_ALWAYS;
    else if (flags & COMPAT_FILE_TRUNCATE)
        disposition = TRUNCATE_EXISTING;
    else
        disposition = OPEN_EXISTING;
    err = open_wide(wpath, flags, disposition, f);
    if (err != COMPAT_OK)
        goto done;
    *out = f;
    f = NULL;
done:
    compat_free(f);
    compat_free(wpath);
    return err;
}

compat_err compat_file_close(compat_file *file)
{
    compat_err err = COMPAT_OK;

    if (file == NULL)
        return COMPAT_EINVAL;
    /* Windows frees the locks of a closed handle "when resources allow": let go now. */
    if (file->locked)
        (void)compat_file_unlock(file);
    if (!CloseHandle(file->handle))
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
        DWORD want = size - total < IO_CHUNK ? (DWORD)(size - total) : IO_CHUNK;
        DWORD got = 0;
        OVERLAPPED ov = at_offset(offset + total);
        if (!ReadFile(file->handle, (char *)buf + total, want, &got, &ov)) {
            if (GetLastError() == ERROR_HANDLE_EOF)
                break;
            err = last_error();
            goto out;
        }
        if (got == 0)
            break; /* end of file */
        total += got;
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
    while (total < size) {
        DWORD want = size - total < IO_CHUNK ? (DWORD)(size - total) : IO_CHUNK;
        DWORD put = 0;
        OVERLAPPED ov = at_offset(offset + total);
        if (!WriteFile(file->handle, (const char *)buf + total, want, &put, &ov)) {
            err = last_error();
            goto done;
        }
        if (put == 0) {
            err = COMPAT_EIO;
            goto done;
        }
        total += put;
    }
done:
    if (err == COMPAT_OK && short_write)
        err = COMPAT_EIO;
    return err;
}

compat_err compat_file_flush(compat_file *file)
{
    if (file == NULL)
        return COMPAT_EINVAL;
    if (compat_internal_fault_hit(COMPAT_FAULT_FLUSH))
        return COMPAT_EIO;
    if (!(file->flags & COMPAT_FILE_WRITE))
        return COMPAT_OK; /* nothing written through this open (and Windows refuses) */
    return FlushFileBuffers(file->handle) ? COMPAT_OK : last_error();
}

compat_err compat_file_set_size(compat_file *file, uint64_t size)
{
    FILE_END_OF_FILE_INFO info;

    if (file == NULL || size > COMPAT_MAX_OFFSET)
        return COMPAT_EINVAL;
    if (!(file->flags & COMPAT_FILE_WRITE))
        return COMPAT_EACCES;
    info.EndOfFile.QuadPart = (LONGLONG)size;
    if (SetFileInformationByHandle(file->handle, FileEndOfFileInfo, &info, sizeof info))
        return COMPAT_OK;
    if (GetLastError() == ERROR_INVALID_PARAMETER || GetLastError() == ERROR_NOT_SUPPORTED ||
        GetLastError() == ERROR_CALL_NOT_IMPLEMENTED) {
        /* Older systems: move the file pointer there and cut. */
        LARGE_INTEGER pos;
        pos.QuadPart = (LONGLONG)size;
        if (SetFilePointerEx(file->handle, pos, NULL, FILE_BEGIN) && SetEndOfFile(file->handle))
            return COMPAT_OK;
    }
    return last_error();
}

compat_err compat_file_size(compat_file *file, uint64_t *size)
{
    LARGE_INTEGER li;

    if (file == NULL || size == NULL)
        return COMPAT_EINVAL;
    if (!GetFileSizeEx(file->handle, &li))
        return last_error();
    *size = (uint64_t)li.QuadPart;
    return COMPAT_OK;
}

compat_err compat_file_size_on_disk(compat_file *file, uint64_t *size)
{
    FILE_STANDARD_INFO info;

    if (file == NULL || size == NULL)
        return COMPAT_EINVAL;
    if (!GetFileInformationByHandleEx(file->handle, FileStandardInfo, &info, sizeof info))
        return last_error();
    *size = (uint64_t)(info.AllocationSize.QuadPart < info.EndOfFile.QuadPart ? info.AllocationSize.QuadPart
                                                                              : info.EndOfFile.QuadPart);
    return COMPAT_OK;
}

/* A sparse file (FSCTL_SET_SPARSE) whose range is zeroed (FSCTL_SET_ZERO_DATA), which
 * gives its clusters back. */
compat_err compat_file_trim(compat_file *file, uint64_t offset, uint64_t size)
{
    FILE_ZERO_DATA_INFORMATION zero;
    DWORD got = 0;

    if (file == NULL || offset > COMPAT_MAX_OFFSET || size > COMPAT_MAX_OFFSET - offset)
        return COMPAT_EINVAL;
    if (!(file->flags & COMPAT_FILE_WRITE))
        return COMPAT_EACCES;
    if (size == 0)
        return COMPAT_OK;
    if (!DeviceIoControl(file->handle, FSCTL_SET_SPARSE, NULL, 0, NULL, 0, &got, NULL)) {
        DWORD e = GetLastError();
        return e == ERROR_INVALID_FUNCTION || e == ERROR_NOT_SUPPORTED ? COMPAT_ENOTSUP : compat_internal_from_win32(e);
    }
    zero.FileOffset.QuadPart = (LONGLONG)offset;
    zero.BeyondFinalZero.QuadPart = (LONGLONG)(offset + size);
    if (!DeviceIoControl(file->handle, FSCTL_SET_ZERO_DATA, &zero, sizeof zero, NULL, 0, &got, NULL)) {
        DWORD e = GetLastError();
        return e == ERROR_INVALID_FUNCTION || e == ERROR_NOT_SUPPORTED ? COMPAT_ENOTSUP : compat_internal_from_win32(e);
    }
    return COMPAT_OK;
}

/* Locks belong to the handle, so two opens in one process conflict, as between processes. */
compat_err compat_file_lock(compat_file *file, bool exclusive)
{
    OVERLAPPED ov = at_offset(LOCK_OFFSET);
    DWORD how = LOCKFILE_FAIL_IMMEDIATELY | (exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0);

    if (file == NULL || file->locked || !(file->flags & (exclusive ? COMPAT_FILE_WRITE : COMPAT_FILE_READ)))
        return COMPAT_EINVAL;
    if (!LockFileEx(file->handle, how, 0, 1, 0, &ov)) {
        DWORD e = GetLastError();
        return e == ERROR_LOCK_VIOLATION || e == ERROR_IO_PENDING ? COMPAT_EBUSY : compat_internal_from_win32(e);
    }
    file->locked = true;
    return COMPAT_OK;
}

compat_err compat_file_unlock(compat_file *file)
{
    OVERLAPPED ov = at_offset(LOCK_OFFSET);

    if (file == NULL || !file->locked)
        return COMPAT_EINVAL;
    if (!UnlockFileEx(file->handle, 0, 1, 0, &ov))
        return last_error();
    file->locked = false;
    return COMPAT_OK;
}

/* ---- paths ---- */
compat_err compat_path_rename(const char *from, const char *to)
{
    compat_err err;
    wchar_t *wfrom = NULL, *wto = NULL;

    err = compat_internal_wide_path(from, &wfrom);
    if (err != COMPAT_OK)
        goto done;
    err = compat_internal_wide_path(to, &wto);
    if (err != COMPAT_OK)
        goto done;
    if (!MoveFileExW(wfrom, wto, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        err = last_error();
done:
    compat_free(wto);
    compat_free(wfrom);
    return err;
}

compat_err compat_path_delete(const char *path)
{
    compat_err err;
    wchar_t *wpath = NULL;

    err = compat_internal_wide_path(path, &wpath);
    if (err == COMPAT_OK && !DeleteFileW(wpath))
        err = last_error();
    compat_free(wpath);
    return err;
}

compat_err compat_path_exists(const char *path, bool *is_dir)
{
    compat_err err;
    wchar_t *wpath = NULL;
    DWORD attrs;

    if (is_dir != NULL)
        *is_dir = false;
    err = compat_internal_wide_path(path, &wpath);
    if (err != COMPAT_OK)
        goto done;
    attrs = GetFileAttributesW(wpath);
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        err = last_error();
        goto done;
    }
    if (is_dir != NULL)
        *is_dir = (attrs & FILE_ATTRIBUTE_DIRECTORY) != 0;
done:
    compat_free(wpath);
    return err;
}

char compat_path_separator(void)
{
    return '\\';
}

/* ---- directories ---- */
compat_err compat_dir_create(const char *path)
{
    compat_err err;
    wchar_t *wpath = NULL;

    err = compat_internal_wide_path(path, &wpath);
    if (err == COMPAT_OK && !CreateDirectoryW(wpath, NULL))
        err = last_error();
    compat_free(wpath);
    return err;
}

/* No simulated power loss here: the crash tests that use it are POSIX-only. */
compat_err compat_power_loss_arm(uint64_t seed)
{
    (void)seed;
    return COMPAT_ENOTSUP;
}

compat_err compat_power_loss_strike(void)
{
    return COMPAT_ENOTSUP;
}

/* NTFS journals its directory entries: a created or renamed file's name is durable
 * without flushing its directory. */
compat_err compat_dir_sync(const char *path)
{
    if (path == NULL)
        return COMPAT_EINVAL;
    return compat_internal_fault_hit(COMPAT_FAULT_FLUSH) ? COMPAT_EIO : COMPAT_OK;
}

compat_err compat_dir_remove(const char *path)
{
    compat_err err;
    wchar_t *wpath = NULL;

    err = compat_internal_wide_path(path, &wpath);
    if (err == COMPAT_OK && !RemoveDirectoryW(wpath))
        err = last_error();
    compat_free(wpath);
    return err;
}

compat_err compat_dir_list(const char *path, bool (*fn)(void *ctx, const char *name), void *ctx)
{
    compat_err err;
    wchar_t *wdir = NULL, *pattern = NULL;
    HANDLE find = INVALID_HANDLE_VALUE;
    WIN32_FIND_DATAW data;
    char name[MAX_PATH * 3 + 1]; /* 3 UTF-8 bytes per UTF-16 unit at most */
    size_t n;

    if (fn == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    err = compat_internal_wide_path(path, &wdir);
    if (err != COMPAT_OK)
        goto done;
    n = wcslen(wdir);
    pattern = compat_malloc((n + 3) * sizeof *pattern);
    if (pattern == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    memcpy(pattern, wdir, n * sizeof *pattern);
    if (n > 0 && wdir[n - 1] != L'\\' && wdir[n - 1] != L'/')
        pattern[n++] = L'\\';
    pattern[n++] = L'*';
    pattern[n] = 0;

    find = FindFirstFileW(pattern, &data);
    if (find == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        DWORD attrs = GetFileAttributesW(wdir);
        if (e == ERROR_FILE_NOT_FOUND && attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY))
            err = COMPAT_OK; /* an empty root directory: not even "." and ".." */
        else if (attrs != INVALID_FILE_ATTRIBUTES && !(attrs & FILE_ATTRIBUTE_DIRECTORY))
            err = COMPAT_ENOENT; /* a file, not a directory */
        else
            err = compat_internal_from_win32(e);
        goto done;
    }
    do {
        if (wcscmp(data.cFileName, L".") == 0 || wcscmp(data.cFileName, L"..") == 0)
            continue;
        /* A name that is not well-formed UTF-16 cannot be named in UTF-8: skip it. */
        if (compat_internal_narrow(data.cFileName, name, sizeof name) != COMPAT_OK)
            continue;
        if (!fn(ctx, name))
            goto done;
    } while (FindNextFileW(find, &data));
    if (GetLastError() != ERROR_NO_MORE_FILES)
        err = last_error();
done:
    if (find != INVALID_HANDLE_VALUE)
        (void)FindClose(find);
    compat_free(pattern);
    compat_free(wdir);
    return err;
}

compat_err compat_temp_dir(char *buf, size_t cap)
{
    wchar_t wbuf[MAX_PATH + 2];
    DWORD n;

    if (buf == NULL)
        return COMPAT_EINVAL;
    n = GetTempPathW(MAX_PATH + 2, wbuf);
    if (n == 0)
        return last_error();
    if (n >= MAX_PATH + 2)
        return COMPAT_ERANGE; /* cannot happen: the documented maximum is MAX_PATH + 1 */
    if (wbuf[n - 1] != L'\\' && wbuf[n - 1] != L'/') {
        wbuf[n++] = L'\\';
        wbuf[n] = 0;
    }
    return compat_internal_narrow(wbuf, buf, cap);
}

compat_err compat_temp_file(const char *dir, char *path_out, size_t cap, compat_file **out)
{
    enum { NAME_LEN = 27 }; /* "esent-" 8 hex "-" 8 hex ".tmp" */
    static volatile LONG counter;
    compat_err err = COMPAT_OK;
    compat_file *f = NULL;
    wchar_t *wpath = NULL;
    char tmp[MAX_PATH * 3 + 2];
    size_t len;
    bool add_sep;

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
    add_sep = len > 0 && dir[len - 1] != '\\' && dir[len - 1] != '/';
    if (len + (add_sep ? 1 : 0) + NAME_LEN + 1 > cap) {
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
        path_out[len++] = '\\';
    for (int attempt = 0; attempt < 100; attempt++) {
        LARGE_INTEGER qpc;
        unsigned mix;
        (void)QueryPerformanceCounter(&qpc);
        mix = (unsigned)InterlockedIncrement(&counter) * 0x9E3779B1u ^ (unsigned)qpc.QuadPart;
        (void)snprintf(path_out + len, NAME_LEN + 1, "esent-%08lx-%08x.tmp", (unsigned long)GetCurrentProcessId(),
                       mix);
        err = compat_internal_wide_path(path_out, &wpath);
        if (err != COMPAT_OK)
            goto done;
        err = open_wide(wpath, COMPAT_FILE_READ | COMPAT_FILE_WRITE, CREATE_NEW, f);
        compat_free(wpath);
        wpath = NULL;
        if (err != COMPAT_EEXIST)
            break;
    }
    if (err != COMPAT_OK)
        goto done;
    *out = f;
    f = NULL;
done:
    if (err != COMPAT_OK && path_out != NULL && cap > 0)
        path_out[0] = '\0';
    compat_free(f);
    return err;
}

bool compat_stderr_is_terminal(void)
{
    DWORD mode = 0;
    HANDLE h = GetStdHandle(STD_ERROR_HANDLE);
    /* a console has a mode; pipes, files and Wine's redirections do not */
    return h != NULL && h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode) != 0;
}
