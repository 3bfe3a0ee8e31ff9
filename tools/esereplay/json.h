/* json.h: a small JSON reader for trace lines: a whole value into a tree.
 * Strings keep both their code points (for text the replayer hands back to the
 * API, A or W) and their UTF-8 spelling (keys, symbols, hex).
 * May call: the C library. */
#ifndef ESEREPLAY_JSON_H
#define ESEREPLAY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ } jv_type;

typedef struct jv {
    jv_type type;
    bool b;
    char *s;       /* JV_STR: UTF-8, NUL-terminated; JV_NUM: the number's text */
    uint32_t *cp;  /* JV_STR: code points */
    size_t ncp;
    struct jv *items; /* JV_ARR, JV_OBJ: values */
    char **keys;      /* JV_OBJ: keys (UTF-8) */
    size_t n;
} jv;

/* Parses text (one value, then only white space); 0 on success, -1 otherwise. */
int jv_parse(const char *text, jv *out);
void jv_free(jv *v);
/* The member of an object with that key, NULL if absent or v is no object. */
const jv *jv_get(const jv *v, const char *key);
/* A number as signed/unsigned 64-bit (the text read by strtoll/strtoull). */
int64_t jv_int(const jv *v);
uint64_t jv_uint(const jv *v);

#endif
