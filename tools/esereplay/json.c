/* json.c: the JSON reader of json.h (recursive descent, no extensions).
 * May call: the C library. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

typedef struct rd {
    const char *p;
} rd;

static void skip_ws(rd *r)
{
    while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
        r->p++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t utf8_put(char *o, uint32_t c)
{
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) { o[0] = (char)(0xC0 | (c >> 6)); o[1] = (char)(0x80 | (c & 63)); return 2; }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12)); o[1] = (char)(0x80 | ((c >> 6) & 63)); o[2] = (char)(0x80 | (c & 63));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18)); o[1] = (char)(0x80 | ((c >> 12) & 63));
    o[2] = (char)(0x80 | ((c >> 6) & 63)); o[3] = (char)(0x80 | (c & 63));
    return 4;
}

/* One UTF-8 sequence of the input; -1 if ill-formed. */
static int64_t utf8_get(const unsigned char **pp)
{
    const unsigned char *p = *pp;
    uint32_t c = p[0];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0) return -1;
    if (n > 0) c &= 0x3F >> n;
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) return -1;
        c = (c << 6) | (p[i] & 63);
    }
    *pp = p + n + 1;
    return c;
}

static int parse_string(rd *r, jv *v)
{
    size_t cap = strlen(r->p) + 1;
    uint32_t *cp = malloc(cap * sizeof *cp);
    size_t n = 0;
    if (cp == NULL) return -1;
    r->p++; /* opening quote */
    for (;;) {
        unsigned char c = (unsigned char)*r->p;
        if (c == '"') { r->p++; break; }
        if (c == '\0' || c < 0x20) { free(cp); return -1; }
        if (c == '\\') {
            char e = r->p[1];
            uint32_t u = 0;
            r->p += 2;
            switch (e) {
            case '"': u = '"'; break;
            case '\\': u = '\\'; break;
            case '/': u = '/'; break;
            case 'b': u = 8; break;
            case 'f': u = 12; break;
            case 'n': u = 10; break;
            case 'r': u = 13; break;
            case 't': u = 9; break;
            case 'u':
                for (int i = 0; i < 4; i++) {
                    int h = hexval(r->p[i]);
                    if (h < 0) { free(cp); return -1; }
                    u = u * 16 + (uint32_t)h;
                }
                r->p += 4;
                if (u >= 0xD800 && u < 0xDC00 && r->p[0] == '\\' && r->p[1] == 'u') {
                    uint32_t lo = 0;
                    for (int i = 0; i < 4; i++) {
                        int h = hexval(r->p[2 + i]);
                        if (h < 0) { free(cp); return -1; }
                        lo = lo * 16 + (uint32_t)h;
                    }
                    if (lo >= 0xDC00 && lo < 0xE000) {
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                        r->p += 6;
                    }
                }
                break;
            default: free(cp); return -1;
            }
            cp[n++] = u;
        } else {
            const unsigned char *q = (const unsigned char *)r->p;
            int64_t u = utf8_get(&q);
            if (u < 0) { free(cp); return -1; }
            cp[n++] = (uint32_t)u;
            r->p = (const char *)q;
        }
    }
    v->type = JV_STR;
    v->cp = cp;
    v->ncp = n;
    v->s = malloc(4 * n + 1);
    if (v->s == NULL) return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += utf8_put(v->s + k, cp[i]);
    v->s[k] = '\0';
    return 0;
}

static int parse_value(rd *r, jv *v, int depth);

static int push(jv *v, size_t *cap)
{
    if (v->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        jv *items = realloc(v->items, nc * sizeof *items);
        if (items == NULL) return -1;
        v->items = items;
        if (v->type == JV_OBJ) {
            char **keys = realloc(v->keys, nc * sizeof *keys);
            if (keys == NULL) return -1;
            v->keys = keys;
        }
        *cap = nc;
    }
    memset(&v->items[v->n], 0, sizeof v->items[0]);
    if (v->type == JV_OBJ) v->keys[v->n] = NULL;
    v->n++;
    return 0;
}

static int parse_value(rd *r, jv *v, int depth)
{
    memset(v, 0, sizeof *v);
    if (depth > 64) return -1;
    skip_ws(r);
    char c = *r->p;
    if (c == '"') return parse_string(r, v);
    if (c == '[' || c == '{') {
        size_t cap = 0;
        char close = c == '[' ? ']' : '}';
        v->type = c == '[' ? JV_ARR : JV_OBJ;
        r->p++;
        skip_ws(r);
        if (*r->p == close) { r->p++; return 0; }
        for (;;) {
            if (push(v, &cap) < 0) return -1;
            jv *item = &v->items[v->n - 1];
            if (v->type == JV_OBJ) {
                jv key;
                skip_ws(r);
                if (*r->p != '"' || parse_string(r, &key) < 0) return -1;
                v->keys[v->n - 1] = key.s;
                free(key.cp);
                skip_ws(r);
                if (*r->p != ':') return -1;
                r->p++;
            }
            if (parse_value(r, item, depth + 1) < 0) return -1;
            skip_ws(r);
            if (*r->p == ',') { r->p++; continue; }
            if (*r->p == close) { r->p++; return 0; }
            return -1;
        }
    }
    if (!strncmp(r->p, "null", 4)) { r->p += 4; v->type = JV_NULL; return 0; }
    if (!strncmp(r->p, "true", 4)) { r->p += 4; v->type = JV_BOOL; v->b = true; return 0; }
    if (!strncmp(r->p, "false", 5)) { r->p += 5; v->type = JV_BOOL; return 0; }
    if (c == '-' || (c >= '0' && c <= '9')) {
        const char *s = r->p;
        while (*r->p == '-' || *r->p == '+' || *r->p == '.' || *r->p == 'e' || *r->p == 'E' ||
               (*r->p >= '0' && *r->p <= '9'))
            r->p++;
        v->type = JV_NUM;
        v->s = malloc((size_t)(r->p - s) + 1);
        if (v->s == NULL) return -1;
        memcpy(v->s, s, (size_t)(r->p - s));
        v->s[r->p - s] = '\0';
        return 0;
    }
    return -1;
}

int jv_parse(const char *text, jv *out)
{
    rd r = { text };
    if (parse_value(&r, out, 0) < 0) {
        jv_free(out);
        return -1;
    }
    skip_ws(&r);
    if (*r.p != '\0') {
        jv_free(out);
        return -1;
    }
    return 0;
}

void jv_free(jv *v)
{
    for (size_t i = 0; i < v->n; i++) {
        jv_free(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->s);
    free(v->cp);
    memset(v, 0, sizeof *v);
}

const jv *jv_get(const jv *v, const char *key)
{
    if (v == NULL || v->type != JV_OBJ) return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (v->keys[i] && !strcmp(v->keys[i], key)) return &v->items[i];
    return NULL;
}

int64_t jv_int(const jv *v)
{
    return v && v->type == JV_NUM ? strtoll(v->s, NULL, 10) : 0;
}

uint64_t jv_uint(const jv *v)
{
    if (v == NULL || v->type != JV_NUM) return 0;
    if (v->s[0] == '-') return (uint64_t)strtoll(v->s, NULL, 10);
    return strtoull(v->s, NULL, 10);
}
