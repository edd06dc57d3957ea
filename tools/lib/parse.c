// SPDX-License-Identifier: GPL-2.0
/*
 * parse.c - the words people type and read: medium IDs, sizes, numbers and
 * device names, in both directions.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "libmlic.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * mlic_utf8_sequence() - length of the UTF-8 sequence at @s
 * @s: the bytes
 * @len: how many there are, at least 1
 *
 * Overlong forms, surrogates and code points past U+10FFFF are invalid.
 *
 * Return: the length of the valid sequence at @s, or 0 if it is not one.
 */
size_t mlic_utf8_sequence(const unsigned char *s, size_t len)
{
	u32 cp, min;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/**
 * mlic_id_parse() - parse a medium, content or apparatus ID
 * @s: 32 hex digits in either case; dashes and spaces are ignored
 * @id: the 16 bytes, filled in only on success
 *
 * Return: 0, or -EINVAL if @s is not exactly 32 hex digits.  An all-zero
 * ID parses; callers that need a real ID check mlic_id_is_zero().
 */
int mlic_id_parse(const char *s, u8 id[MLIC_ID_SIZE])
{
	u8 out[MLIC_ID_SIZE];
	unsigned int digits = 0;
	int v;

	for (; *s; s++) {
		if (*s == '-' || *s == ' ')
			continue;
		v = hex_value(*s);
		if (v < 0 || digits == MLIC_ID_HEX_LEN)
			return -EINVAL;
		if (digits % 2 == 0)
			out[digits / 2] = v << 4;
		else
			out[digits / 2] |= v;
		digits++;
	}
	if (digits != MLIC_ID_HEX_LEN)
		return -EINVAL;
	memcpy(id, out, MLIC_ID_SIZE);
	return 0;
}

/**
 * mlic_id_hex() - format an ID as 32 lowercase hex digits (JSON, sysfs)
 * @id: the ID
 * @out: receives the digits and a terminating NUL
 */
void mlic_id_hex(const u8 id[MLIC_ID_SIZE], char out[MLIC_ID_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < MLIC_ID_SIZE; i++) {
		out[2 * i] = digits[id[i] >> 4];
		out[2 * i + 1] = digits[id[i] & 0xf];
	}
	out[MLIC_ID_HEX_LEN] = '\0';
}

/**
 * mlic_id_human() - format an ID for people, in dash-separated groups
 * @id: the ID
 * @out: receives e.g. "1a2b-3c4d-5e6f-7a8b-9c0d-1e2f-3a4b-5c6d"
 */
void mlic_id_human(const u8 id[MLIC_ID_SIZE], char out[MLIC_ID_HUMAN_LEN + 1])
{
	char hex[MLIC_ID_HEX_LEN + 1];
	unsigned int i, o = 0;

	mlic_id_hex(id, hex);
	for (i = 0; i < MLIC_ID_HEX_LEN; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = hex[i];
	}
	out[o] = '\0';
}

/**
 * mlic_id_is_zero() - whether an ID is all zero (never a valid medium ID)
 * @id: the ID
 *
 * Return: true if every byte is zero.
 */
bool mlic_id_is_zero(const u8 id[MLIC_ID_SIZE])
{
	unsigned int i;

	for (i = 0; i < MLIC_ID_SIZE; i++)
		if (id[i])
			return false;
	return true;
}

/* Parse a plain decimal number: digits only, no sign, no blanks. */
static int parse_decimal(const char **sp, u64 *val)
{
	const char *s = *sp;
	u64 v = 0;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (u64)(*s - '0'), &v))
			return -ERANGE;
	}
	*sp = s;
	*val = v;
	return 0;
}

/* The binary multiplier of a size suffix, as a shift; 0 if none. */
static unsigned int size_shift(char c)
{
	switch (c) {
	case 'K': case 'k':
		return 10;
	case 'M': case 'm':
		return 20;
	case 'G': case 'g':
		return 30;
	case 'T': case 't':
		return 40;
	}
	return 0;
}

/*
 * A size suffix: K, M, G or T (either case), alone or followed by "iB"
 * (KiB, MiB, ...).  Return: its shift, or 0 if @s is not one.
 */
static unsigned int suffix_shift(const char *s)
{
	unsigned int shift = size_shift(*s);

	if (!shift)
		return 0;
	if (!s[1] || ((s[1] == 'i' || s[1] == 'I') &&
		      (s[2] == 'B' || s[2] == 'b') && !s[3]))
		return shift;
	return 0;
}

/**
 * mlic_size_parse() - parse a size in bytes
 * @s: decimal digits, optionally followed by one of K, M, G, T (either
 *     case, alone or as KiB, MiB, GiB, TiB), which multiply by 1024,
 *     1024^2, 1024^3 and 1024^4; with a suffix, the number may have a
 *     decimal fraction ("1.5G"), and a fraction of a byte is dropped
 * @bytes: the size, filled in only on success
 *
 * Return: 0, -EINVAL if @s is malformed, -ERANGE if it does not fit in
 * 64 bits.
 */
int mlic_size_parse(const char *s, u64 *bytes)
{
	unsigned __int128 frac = 0, scale = 1, v;
	unsigned int shift = 0;
	u64 whole;
	int ret;

	ret = parse_decimal(&s, &whole);
	if (ret)
		return ret;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -EINVAL;
		for (; *s >= '0' && *s <= '9'; s++) {
			/* Digits past the 19th cannot change a 64-bit size. */
			if (scale > UINT64_MAX)
				continue;
			frac = frac * 10 + (*s - '0');
			scale *= 10;
		}
		if (!*s)
			return -EINVAL;	/* a fraction of a byte */
	}
	if (*s) {
		shift = suffix_shift(s);
		if (!shift)
			return -EINVAL;
	}
	v = ((unsigned __int128)whole << shift) + ((frac << shift) / scale);
	if (v > UINT64_MAX)
		return -ERANGE;
	*bytes = (u64)v;
	return 0;
}

/**
 * mlic_u32_parse() - parse a decimal count within bounds
 * @s: decimal digits only
 * @min: smallest accepted value
 * @max: largest accepted value
 * @val: the value, filled in only on success
 *
 * Return: 0, -EINVAL if @s is malformed, -ERANGE if out of [@min, @max].
 */
int mlic_u32_parse(const char *s, u32 min, u32 max, u32 *val)
{
	u64 v;
	int ret;

	ret = parse_decimal(&s, &v);
	if (!ret && *s)
		ret = -EINVAL;
	if (ret)
		return ret;
	if (v < min || v > max)
		return -ERANGE;
	*val = v;
	return 0;
}

/* "mlicN" with N decimal, no leading zero, below MLIC_INDEX_ANY. */
static int parse_dev_name(const char *s, u32 *index)
{
	u32 v;

	if (strncmp(s, "mlic", 4))
		return -EINVAL;
	s += 4;
	if (s[0] == '0' && s[1])
		return -EINVAL;
	if (mlic_u32_parse(s, 0, MLIC_INDEX_ANY - 1, &v))
		return -EINVAL;
	*index = v;
	return 0;
}

/**
 * mlic_dev_parse() - find the index of a medium device from its name
 * @name: "/dev/mlicN", "mlicN", or a path (e.g. a udev symlink) that
 *        resolves to /dev/mlicN
 * @index: N, filled in only on success
 *
 * Return: 0, or -EINVAL if @name does not name an mlic medium device.
 */
int mlic_dev_parse(const char *name, u32 *index)
{
	char *real;
	int ret;

	if (!strncmp(name, "/dev/", 5) && !parse_dev_name(name + 5, index))
		return 0;
	if (!strchr(name, '/'))
		return parse_dev_name(name, index);
	real = realpath(name, NULL);
	if (!real)
		return -EINVAL;
	ret = -EINVAL;
	if (!strncmp(real, "/dev/", 5))
		ret = parse_dev_name(real + 5, index);
	free(real);
	return ret;
}

/**
 * mlic_dev_path() - the device node of a medium device
 * @index: N
 * @buf: receives "/dev/mlicN"
 * @size: size of @buf; 32 bytes are always enough
 */
void mlic_dev_path(u32 index, char *buf, size_t size)
{
	snprintf(buf, size, "/dev/mlic%u", index);
}
