/* name.c: checking names (see name.h). */
#include "name.h"

/* ESE's ErrUTILICheckName: no leading space, no control characters, '!', '.', '[' or
 * ']', at most JET_cbNameMost bytes; trailing spaces do not count. */
JET_ERR name_check(const char *name, char *out)
{
    size_t n = 0, last = 0;
    if (name == NULL || name[0] == ' ') return JET_errInvalidName;
    for (; name[n] != '\0'; n++) {
        unsigned char ch = (unsigned char)name[n];
        if (n == JET_cbNameMost) return JET_errInvalidName;
        if (ch < 0x20 || ch == '!' || ch == '.' || ch == '[' || ch == ']') return JET_errInvalidName;
        out[n] = (char)ch;
        if (ch != ' ') last = n + 1;
    }
    if (last == 0) return JET_errInvalidName;
    out[last] = '\0';
    return JET_errSuccess;
}
