/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim.h - the handful of kernel primitives that driver/format.c uses,
 * provided for user space so that the tools build the same file.
 */
#ifndef _MLIC_KSHIM_H
#define _MLIC_KSHIM_H

#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define S64_MAX INT64_MAX

#define le32_to_cpu(x) le32toh(x)
#define le64_to_cpu(x) le64toh(x)
#define cpu_to_le32(x) htole32(x)
#define cpu_to_le64(x) htole64(x)

#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Same contract as the kernel's: no pre- or post-inversion. */
u32 crc32_le(u32 crc, const void *buf, size_t len);

#endif /* _MLIC_KSHIM_H */
