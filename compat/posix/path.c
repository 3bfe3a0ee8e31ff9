/* path.c: POSIX current directory and absolute paths (lexical normalisation,
 * both '/' and '\\' as separators, as compat.h describes).
 * May call: <unistd.h> (getcwd), <limits.h>, <string.h>, <errno.h>, memory.c. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include "posix_internal.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static bool is_sep(char c) { return c == '/' || c == '\\'; }

/* The current directory without a trailing separator (except for the root). */
static compat_err cwd_raw(char *buf, size_t cap)
{
    compat_err err = COMPAT_OK;
    if (getcwd(buf, cap) == NULL)
        err = errno == ERANGE ? COMPAT_ERANGE : compat_internal_from_errno(errno);
    return err;
}

compat_err compat_current_dir(char *buf, size_t cap)
{
    char tmp[PATH_MAX + 2];
    compat_err err = COMPAT_OK;
    size_t len = 0;
    if (buf == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    err = cwd_raw(tmp, PATH_MAX);
    if (err != COMPAT_OK)
        goto done;
    len = strlen(tmp);
    if (len == 0 || tmp[len - 1] != '/')
        tmp[len++] = '/';
    tmp[len] = '\0';
    if (len + 1 > cap) {
        err = COMPAT_ERANGE;
        goto done;
    }
    memcpy(buf, tmp, len + 1);
done:
    return err;
}

compat_err compat_path_absolute(const char *path, char *buf, size_t cap)
{
    char cwd[PATH_MAX + 1];
    compat_err err = COMPAT_OK;
    char *work = NULL;
    size_t plen = 0, clen = 0, out = 0, i = 0;
    bool trailing = false;

    if (path == NULL || path[0] == '\0' || buf == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    plen = strlen(path);
    trailing = is_sep(path[plen - 1]);
    if (!is_sep(path[0])) {
        err = cwd_raw(cwd, sizeof cwd);
        if (err != COMPAT_OK)
            goto done;
        clen = strlen(cwd);
    }
    /* The result is never longer than cwd + '/' + path + '/' + NUL. */
    work = compat_malloc(clen + plen + 3);
    if (work == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    work[out++] = '/';
    /* Walk the components of cwd, then of path, onto the stack in work. */
    for (int pass = 0; pass < 2; pass++) {
        const char *s = pass == 0 ? cwd : path;
        size_t n = pass == 0 ? clen : plen;
        i = 0;
        while (i < n) {
            size_t start, len;
            while (i < n && is_sep(s[i]))
                i++;
            start = i;
            while (i < n && !is_sep(s[i]))
                i++;
            len = i - start;
            if (len == 0 || (len == 1 && s[start] == '.'))
                continue;
            if (len == 2 && s[start] == '.' && s[start + 1] == '.') {
                /* drop the last component (work always starts with '/') */
                if (out > 1) {
                    out--; /* the separator after the last component */
                    while (out > 1 && work[out - 1] != '/')
                        out--;
                }
                continue;
            }
            memcpy(work + out, s + start, len);
            out += len;
            work[out++] = '/';
        }
    }
    /* work now ends with '/': keep it only for a folder (or the root). */
    if (!trailing && out > 1)
        out--;
    work[out] = '\0';
    if (out + 1 > cap) {
        err = COMPAT_ERANGE;
        goto done;
    }
    memcpy(buf, work, out + 1);
done:
    compat_free(work);
    return err;
}
