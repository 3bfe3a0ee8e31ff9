/* handle.h: the checked handle values the API hands out (JET_INSTANCE, JET_SESID,
 * later JET_TABLEID). A handle is never a pointer: it packs a kind tag, the index of
 * an instance slot, the index of an object slot inside that instance and a serial
 * number. A value is accepted only if every part matches a live object, so 0, -1,
 * random bits, stale or foreign handles are all rejected without being dereferenced.
 * Layout (64 bits): 0..19 object slot + 1, 20..33 instance slot, 34..41 tag,
 * 42..63 serial (nonzero, 22 bits). */
#ifndef NATIVE_HANDLE_H
#define NATIVE_HANDLE_H

#include <stdbool.h>
#include <stdint.h>

enum {
    HANDLE_TAG_INSTANCE = 0x3c,
    HANDLE_TAG_SESSION = 0x5a,
    HANDLE_TAG_TABLE = 0x69
};

#define HANDLE_SLOT_LIMIT ((uint32_t)0xFFFFE)   /* object slots per instance */
#define HANDLE_OWNER_LIMIT ((uint32_t)10240)    /* instance slots (ESE's cMaxInstances) */
#define HANDLE_SERIAL_MASK ((uint32_t)0x3FFFFF)

/* The next serial after s: never 0, wraps inside 22 bits. */
static inline uint32_t handle_next_serial(uint32_t s)
{
    s = (s + 1) & HANDLE_SERIAL_MASK;
    return s == 0 ? 1 : s;
}

static inline uint64_t handle_make(unsigned tag, uint32_t owner, uint32_t slot, uint32_t serial)
{
    return ((uint64_t)(serial & HANDLE_SERIAL_MASK) << 42) | ((uint64_t)(tag & 0xff) << 34) |
           ((uint64_t)(owner & 0x3fff) << 20) | (uint64_t)((slot + 1) & 0xfffff);
}

/* Splits a value; false if it cannot be a handle of this kind at all. */
static inline bool handle_parse(uint64_t h, unsigned tag, uint32_t *owner, uint32_t *slot, uint32_t *serial)
{
    uint32_t s1 = (uint32_t)(h & 0xfffff);
    uint32_t ser = (uint32_t)(h >> 42);
    bool ok = ((h >> 34) & 0xff) == tag && s1 != 0 && ser != 0;
    if (ok) {
        *owner = (uint32_t)((h >> 20) & 0x3fff);
        *slot = s1 - 1;
        *serial = ser;
    }
    return ok;
}

#endif
