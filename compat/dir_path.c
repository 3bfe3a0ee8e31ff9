/* dir_path.c: path syntax the same on every OS: creating every missing folder of a path
 * (mkdir -p) through compat_path_exists and compat_dir_create, and a path's file name.
 * May call: compat.h. */
#include <string.h>

#include "compat_internal.h"

static bool is_separator(char c)
{
    return c == '/' || c == compat_path_separator();
}

/* The folder buf[0..n) (cut there for the call, restored after). */
static compat_err folder_state(char *buf, size_t n, bool *exists)
{
    char saved = buf[n];
    bool is_dir = false;
    compat_err err;
    buf[n] = '\0';
    err = compat_path_exists(buf, &is_dir);
    buf[n] = saved;
    *exists = err == COMPAT_OK;
    if (err == COMPAT_OK && !is_dir) return COMPAT_EEXIST; /* a file stands where a folder should */
    return err == COMPAT_ENOENT ? COMPAT_OK : err;
}

static compat_err folder_create(char *buf, size_t n)
{
    char saved = buf[n];
    bool is_dir = false;
    compat_err err;
    buf[n] = '\0';
    err = compat_dir_create(buf);
    /* made meanwhile by someone else: fine if it is a folder */
    if (err == COMPAT_EEXIST && compat_path_exists(buf, &is_dir) == COMPAT_OK && is_dir) err = COMPAT_OK;
    buf[n] = saved;
    return err;
}

compat_err compat_dir_create_parents(const char *path)
{
    compat_err err = COMPAT_OK;
    size_t len, end, start, i;
    char *buf = NULL;
    bool exists = false;

    if (path == NULL) return COMPAT_EINVAL;
    len = strlen(path);
    buf = compat_malloc(len + 1u);
    if (buf == NULL) return COMPAT_ENOMEM;
    memcpy(buf, path, len + 1u);
    /* the folders end at the last separator; what follows it is a file name */
    end = len;
    while (end > 0 && !is_separator(buf[end - 1u])) end--;
    while (end > 0 && is_separator(buf[end - 1u])) end--;
    if (end == 0) goto done; /* a bare file name, or a file in the root */
    /* back from the deepest folder to the first one that exists (ErrUtilCreatePathIfNotExist) */
    start = end;
    for (;;) {
        err = folder_state(buf, start, &exists);
        if (err != COMPAT_OK || exists) break;
        while (start > 0 && !is_separator(buf[start - 1u])) start--;
        while (start > 0 && is_separator(buf[start - 1u])) start--;
        if (start == 0) break; /* nothing of it exists: create from the first folder on */
    }
    if (err != COMPAT_OK) goto done;
    /* then forward, one folder at a time */
    i = start;
    while (i < end) {
        while (i < end && is_separator(buf[i])) i++;
        while (i < end && !is_separator(buf[i])) i++;
        err = folder_create(buf, i);
        if (err != COMPAT_OK) goto done;
    }
done:
    compat_free(buf);
    return err;
}

const char *compat_path_file_name(const char *path)
{
    const char *name = path + strlen(path);
    while (name > path && name[-1] != '/' && name[-1] != '\\') name--;
    return name;
}
