// SPDX-License-Identifier: GPL-2.0
/*
 * defects.c - how each defect of defects.h is made, and how a spoiled
 * image is written to a file.
 *
 * Every defect starts from the same valid image: the smallest layout
 * mlic-master makes (64 slots, 9 MiB), a fixed medium ID and creation
 * time, so the corpus is reproducible byte for byte.  The header checksum
 * is re-sealed after the defect unless the defect is the checksum itself.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "defects.h"

#define EVIL_CREATED	1700000000ULL

const u8 evil_medium_id[MLIC_ID_SIZE] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};

#define SET32(field, v)	((field) = cpu_to_le32(v))
#define SET64(field, v)	((field) = cpu_to_le64(v))
#define GET64(field)	le64_to_cpu(field)

/* --- the medium header and the image size ------------------------------ */

#define DEFECT(name) static void defect_##name(struct evil *e)

DEFECT(zero_length) { e->file_bytes = 0; }
DEFECT(short_file) { e->file_bytes = 100; }
DEFECT(one_byte_short) { e->file_bytes = MLIC_FIRST_AREA_BYTES - 1; }

DEFECT(blank)
{
	memset(&e->hdr, 0, sizeof(e->hdr));
	e->reseal = false;
}

DEFECT(bad_magic) { SET64(e->hdr.magic, MLIC_MEDIUM_MAGIC ^ 1); }
DEFECT(secure_magic) { SET64(e->hdr.magic, MLIC_SECURE_MAGIC); }
DEFECT(version_0) { SET32(e->hdr.version, 0); }
DEFECT(version_2) { SET32(e->hdr.version, MLIC_FORMAT_VERSION + 1); }
DEFECT(header_size_small) { SET32(e->hdr.header_size, sizeof(e->hdr) - 1); }
DEFECT(header_size_large) { SET32(e->hdr.header_size, 512); }

DEFECT(bad_checksum)
{
	SET32(e->hdr.checksum, le32_to_cpu(e->hdr.checksum) ^ 1);
	e->reseal = false;
}

DEFECT(zero_checksum)
{
	SET32(e->hdr.checksum, 0);
	e->reseal = false;
}

/* A field changed after sealing, as a bit rotting on the medium would. */
DEFECT(unsealed_change)
{
	SET64(e->hdr.user_bytes, GET64(e->hdr.user_bytes) - 4096);
	e->reseal = false;
}

DEFECT(unknown_flag) { SET64(e->hdr.flags, 1); }
DEFECT(high_flag) { SET64(e->hdr.flags, 1ULL << 63); }
DEFECT(reserved_first) { e->hdr.reserved[0] = 1; }
DEFECT(reserved_last) { e->hdr.reserved[sizeof(e->hdr.reserved) - 1] = 0x80; }
DEFECT(reserved2) { SET32(e->hdr.reserved2, 1); }
DEFECT(zero_medium_id) { memset(e->hdr.medium_id, 0, MLIC_ID_SIZE); }
DEFECT(slot_size_64) { SET32(e->hdr.slot_size, 64); }
DEFECT(slot_size_0) { SET32(e->hdr.slot_size, 0); }
DEFECT(slot_count_0) { SET32(e->hdr.slot_count, 0); }
DEFECT(slot_count_4097) { SET32(e->hdr.slot_count, MLIC_SLOTS_MAX + 1); }
DEFECT(slot_count_max) { SET32(e->hdr.slot_count, UINT32_MAX); }
DEFECT(secure_offset_0) { SET64(e->hdr.secure_offset, 0); }
DEFECT(secure_offset_8k) { SET64(e->hdr.secure_offset, 8192); }
DEFECT(secure_one_copy) { SET64(e->hdr.secure_bytes, e->geo.copy_bytes); }
DEFECT(secure_bytes_0) { SET64(e->hdr.secure_bytes, 0); }

/* 100 slots need 16 KiB copies; the header still says 12 KiB ones. */
DEFECT(slot_count_mismatch) { SET32(e->hdr.slot_count, 100); }

DEFECT(user_offset_unaligned)
{
	SET64(e->hdr.user_offset, e->geo.user_offset + 512);
}

DEFECT(user_bytes_unaligned)
{
	SET64(e->hdr.user_bytes, e->geo.user_bytes - 512);
}

DEFECT(user_overlaps_secure)
{
	SET64(e->hdr.user_offset, e->geo.secure_offset +
	      2 * e->geo.copy_bytes - MLIC_AREA_ALIGN);
}

DEFECT(user_offset_0) { SET64(e->hdr.user_offset, 0); }
DEFECT(user_empty) { SET64(e->hdr.user_bytes, 0); }

/* user_offset + user_bytes == 2^64: wraps to zero in 64 bits. */
DEFECT(user_wraps) { SET64(e->hdr.user_bytes, 0 - e->geo.user_offset); }

/* No wrap, but past the largest file offset. */
DEFECT(user_past_s64) { SET64(e->hdr.user_bytes, 1ULL << 63); }

DEFECT(user_past_end)
{
	SET64(e->hdr.user_bytes, e->geo.user_bytes + MLIC_AREA_ALIGN);
}

DEFECT(truncated_user) { e->file_bytes -= MLIC_AREA_ALIGN; }
DEFECT(truncated_secure) { e->file_bytes = 2 * MLIC_FIRST_AREA_BYTES; }
DEFECT(first_area_only) { e->file_bytes = MLIC_FIRST_AREA_BYTES; }

#define X(n, e, r) { #n, e, r, defect_##n },
const struct mlic_defect mlic_defects[] = { MLIC_HEADER_DEFECTS(X) };
#undef X
const size_t mlic_ndefects = ARRAY_SIZE(mlic_defects);

/* --- one secure copy ---------------------------------------------------- */

/*
 * SDEFECT(name) { body } defines sdefect_name(), which makes the defect
 * with the body and then gives the copy a valid checksum again.
 */
#define SDEFECT(name)							\
	static void sbody_##name(void *copy,				\
				 const struct mlic_geometry *geo,	\
				 unsigned int which);			\
	static void sdefect_##name(void *copy,				\
				   const struct mlic_geometry *geo,	\
				   unsigned int which)			\
	{								\
		sbody_##name(copy, geo, which);				\
		evil_secure_recrc(copy, geo);				\
	}								\
	static void sbody_##name(void *copy,				\
		const struct mlic_geometry *geo __attribute__((unused)),\
		unsigned int which __attribute__((unused)))

#define SH(copy)	((struct mlic_secure_header *)(copy))
#define SLOT(copy, i)	mlic_secure_slot_mut(copy, i)

SDEFECT(magic) { SET64(SH(copy)->magic, MLIC_MEDIUM_MAGIC); }
SDEFECT(version) { SET32(SH(copy)->version, geo->version + 1); }
SDEFECT(flags) { SET32(SH(copy)->flags, 1); }
SDEFECT(reserved) { SH(copy)->reserved[7] = 1; }
SDEFECT(other_medium) { SH(copy)->medium_id[15] ^= 1; }
SDEFECT(slot_count) { SET32(SH(copy)->slot_count, geo->slot_count + 1); }
SDEFECT(slot_size) { SET32(SH(copy)->slot_size, 64); }
SDEFECT(wrong_copy) { SET32(SH(copy)->copy, !which); }
SDEFECT(free_slot_dirty) { SLOT(copy, 0)->content_id[0] = 1; }
SDEFECT(unknown_state) { SET32(SLOT(copy, 1)->state, 7); }

SDEFECT(used_slot_flags)
{
	SET32(SLOT(copy, 2)->state, MLIC_SLOT_USED);
	SET32(SLOT(copy, 2)->flags, 1);
}

SDEFECT(used_slot_reserved)
{
	SET32(SLOT(copy, geo->slot_count - 1)->state, MLIC_SLOT_USED);
	SET32(SLOT(copy, geo->slot_count - 1)->reserved, 1);
}

SDEFECT(used_slot_pad)
{
	SET32(SLOT(copy, 0)->state, MLIC_SLOT_USED);
	SLOT(copy, 0)->pad[23] = 1;
}

SDEFECT(padding) { ((u8 *)copy)[geo->copy_bytes - 1] = 1; }

/* The only defect left unsealed: a changed generation, as bit rot. */
static void sdefect_checksum(void *copy, const struct mlic_geometry *geo,
			     unsigned int which)
{
	u64 gen = le64_to_cpu(SH(copy)->generation);

	(void)which;
	evil_secure_recrc(copy, geo);
	SET64(SH(copy)->generation, gen ^ 1);
}

#define X(n, r) { #n, r, sdefect_##n },
const struct mlic_secure_defect mlic_secure_defects[] = {
	MLIC_SECURE_DEFECTS(X)
};
#undef X
const size_t mlic_nsecure_defects =
	ARRAY_SIZE(mlic_secure_defects);

/* --- building and writing ---------------------------------------------- */

/**
 * evil_base() - the valid image every defect starts from
 * @e: filled in
 *
 * Return: 0, or the error of mlic_image_layout() (a bug).
 */
int evil_base(struct evil *e)
{
	const char *why;

	memset(e, 0, sizeof(*e));
	e->file_bytes = mlic_image_min_bytes(MLIC_SLOTS_DEFAULT);
	e->reseal = true;
	return mlic_image_layout(e->file_bytes, MLIC_SLOTS_DEFAULT,
				 evil_medium_id, EVIL_CREATED, &e->hdr,
				 &e->geo, &why);
}

/**
 * evil_make() - the valid image with one defect
 * @e: filled in
 * @d: the defect
 *
 * Return: 0, or the error of evil_base().
 */
int evil_make(struct evil *e, const struct mlic_defect *d)
{
	int ret = evil_base(e);

	if (ret)
		return ret;
	d->apply(e);
	if (e->reseal)
		mlic_medium_header_seal(&e->hdr);
	return 0;
}

/**
 * evil_secure_recrc() - recompute only the checksum of a secure copy
 * @copy: the copy
 * @geo: its medium's geometry
 *
 * Unlike mlic_secure_copy_seal(), keeps every header field as it is, so
 * that a defect in the header stays in place under a valid checksum.
 */
void evil_secure_recrc(void *copy, const struct mlic_geometry *geo)
{
	SET32(SH(copy)->checksum, mlic_crc32(copy, geo->copy_bytes,
		offsetof(struct mlic_secure_header, checksum)));
}

/**
 * evil_secure_copy() - a valid, empty secure copy, generation 1
 * @copy: buffer of geo->copy_bytes
 * @geo: the medium's geometry
 * @which: 0 for copy A, 1 for copy B
 */
void evil_secure_copy(void *copy, const struct mlic_geometry *geo,
		      unsigned int which)
{
	mlic_secure_copy_init(copy, geo, which, 1);
}

/**
 * evil_write() - write a spoiled image to a file
 * @path: the file, created or truncated
 * @e: the image
 * @copy_a: secure copy A to write, or NULL for a valid one
 * @copy_b: secure copy B to write, or NULL for a valid one
 *
 * Writes the first area and both secure copies of the base geometry, then
 * cuts or extends (sparsely) the file to e->file_bytes.
 *
 * Return: 0 or -errno.
 */
int evil_write(const char *path, const struct evil *e, const void *copy_a,
	       const void *copy_b)
{
	const void *copies[2] = { copy_a, copy_b };
	u8 *first, *valid;
	unsigned int which;
	int fd, ret;

	first = calloc(1, MLIC_FIRST_AREA_BYTES);
	valid = malloc(e->geo.copy_bytes);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ret = fd < 0 ? -errno : (!first || !valid) ? -ENOMEM : 0;
	if (!ret) {
		memcpy(first, &e->hdr, sizeof(e->hdr));
		ret = mlic_pwrite_full(fd, first, MLIC_FIRST_AREA_BYTES, 0);
	}
	for (which = 0; which < 2 && !ret; which++) {
		if (!copies[which]) {
			evil_secure_copy(valid, &e->geo, which);
			copies[which] = valid;
		}
		ret = mlic_pwrite_full(fd, copies[which], e->geo.copy_bytes,
				       mlic_secure_copy_offset(&e->geo, which));
	}
	if (!ret && ftruncate(fd, e->file_bytes))
		ret = -errno;
	if (fd >= 0 && close(fd) && !ret)
		ret = -errno;
	free(first);
	free(valid);
	return ret;
}
