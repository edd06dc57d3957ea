// SPDX-License-Identifier: GPL-2.0
/*
 * crc32.c - reflected CRC-32 (polynomial 0xedb88320), the user-space twin
 * of the kernel's crc32_le() for driver/format.c.
 */
#include "kshim.h"

u32 crc32_le(u32 crc, const void *buf, size_t len)
{
	static u32 table[256];
	const u8 *p = buf;

	if (!table[1]) {
		for (u32 i = 0; i < 256; i++) {
			u32 c = i;

			for (int k = 0; k < 8; k++)
				c = (c >> 1) ^ (0xedb88320U & -(c & 1));
			table[i] = c;
		}
	}
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}
