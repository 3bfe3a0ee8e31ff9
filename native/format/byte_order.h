/* byte_order.h: reading and writing the integers of on-disk structures byte by byte, whatever
 * the host's byte order. ESE stores every field little-endian; keys are big-endian so that
 * they sort as bytes (a pgno in a space-tree key, a LID and an offset in a long-value key,
 * a normalized column value). The _n forms take 1 to 8 bytes. Not named endian.h: on the
 * include path that name would hide the C library's <endian.h> from system headers. */
#ifndef NATIVE_BYTE_ORDER_H
#define NATIVE_BYTE_ORDER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

static inline uint16_t byte_order_get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t byte_order_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t byte_order_get_le64(const uint8_t *p)
{
    return (uint64_t)byte_order_get_le32(p) | (uint64_t)byte_order_get_le32(p + 4) << 32;
}

static inline void byte_order_put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void byte_order_put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void byte_order_put_le64(uint8_t *p, uint64_t v)
{
    byte_order_put_le32(p, (uint32_t)v);
    byte_order_put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint32_t byte_order_get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void byte_order_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* The unsigned integer of cb (1..8) little-endian bytes. */
static inline uint64_t byte_order_get_le_n(const uint8_t *p, unsigned cb)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < cb; i++) v |= (uint64_t)p[i] << (8u * i);
    return v;
}

/* The low cb (1..8) bytes of v, little-endian. */
static inline void byte_order_put_le_n(uint8_t *p, uint64_t v, unsigned cb)
{
    for (unsigned i = 0; i < cb; i++) p[i] = (uint8_t)(v >> (8u * i));
}

/* The unsigned integer of cb (1..8) big-endian bytes. */
static inline uint64_t byte_order_get_be_n(const uint8_t *p, unsigned cb)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < cb; i++) v = v << 8 | p[i];
    return v;
}

/* The low cb (1..8) bytes of v, big-endian. */
static inline void byte_order_put_be_n(uint8_t *p, uint64_t v, unsigned cb)
{
    for (unsigned i = 0; i < cb; i++) p[i] = (uint8_t)(v >> (8u * (cb - 1u - i)));
}

#ifdef __cplusplus
}
#endif

#endif
