/* SPDX-License-Identifier: GPL-2.0 */
/*
 * defects.h - the catalogue of malformed images: one defect each, made
 * from a valid image, with the errno and the reason driver/format.c must
 * give for it.  test_format checks them in memory, gen-evil-images writes
 * them out as files (test_evil checks those, the VM tests attach them).
 *
 * The expectations are written out here by hand, from the rules that
 * format.c documents; they are never computed by the code under test.
 */
#ifndef _MLIC_TEST_DEFECTS_H
#define _MLIC_TEST_DEFECTS_H

#include "libmlic.h"

#define R_SMALL		"image is too small to hold a medium header"
#define R_MAGIC		"no medium header magic: not an mlic medium image"
#define R_VERSION	"unsupported medium format version"
#define R_HSIZE		"medium header size does not match its version"
#define R_CSUM		"medium header checksum mismatch (damaged first area)"
#define R_FLAGS		"medium header has unknown feature flags"
#define R_RESERVED	"medium header reserved bytes are not zero"
#define R_ZERO_ID	"medium ID is all zero"
#define R_SLOT_SIZE	"unsupported license slot size"
#define R_SLOT_COUNT	"license slot count out of range"
#define R_SEC_OFFSET	"secure area does not follow the first area"
#define R_SEC_BYTES	"secure area size does not match its slot count"
#define R_ALIGN		"user area is not aligned to 4096 bytes"
#define R_OVERLAP	"user area overlaps the secure area"
#define R_EMPTY		"user area is empty"
#define R_OVERFLOW	"user area size overflows"
#define R_TRUNC		"image is truncated: an area ends past its end"

/* X(name, errno, reason): defects of the medium header and image size. */
#define MLIC_HEADER_DEFECTS(X)						\
	X(zero_length,		EMEDIUMTYPE,	R_SMALL)		\
	X(short_file,		EMEDIUMTYPE,	R_SMALL)		\
	X(one_byte_short,	EMEDIUMTYPE,	R_SMALL)		\
	X(blank,		EMEDIUMTYPE,	R_MAGIC)		\
	X(bad_magic,		EMEDIUMTYPE,	R_MAGIC)		\
	X(secure_magic,		EMEDIUMTYPE,	R_MAGIC)		\
	X(version_0,		EOPNOTSUPP,	R_VERSION)		\
	X(version_2,		EOPNOTSUPP,	R_VERSION)		\
	X(header_size_small,	EINVAL,		R_HSIZE)		\
	X(header_size_large,	EINVAL,		R_HSIZE)		\
	X(bad_checksum,		EBADMSG,	R_CSUM)			\
	X(zero_checksum,	EBADMSG,	R_CSUM)			\
	X(unsealed_change,	EBADMSG,	R_CSUM)			\
	X(unknown_flag,		EOPNOTSUPP,	R_FLAGS)		\
	X(high_flag,		EOPNOTSUPP,	R_FLAGS)		\
	X(reserved_first,	EINVAL,		R_RESERVED)		\
	X(reserved_last,	EINVAL,		R_RESERVED)		\
	X(reserved2,		EINVAL,		R_RESERVED)		\
	X(zero_medium_id,	EINVAL,		R_ZERO_ID)		\
	X(slot_size_64,		EINVAL,		R_SLOT_SIZE)		\
	X(slot_size_0,		EINVAL,		R_SLOT_SIZE)		\
	X(slot_count_0,		EINVAL,		R_SLOT_COUNT)		\
	X(slot_count_4097,	EINVAL,		R_SLOT_COUNT)		\
	X(slot_count_max,	EINVAL,		R_SLOT_COUNT)		\
	X(secure_offset_0,	EINVAL,		R_SEC_OFFSET)		\
	X(secure_offset_8k,	EINVAL,		R_SEC_OFFSET)		\
	X(secure_one_copy,	EINVAL,		R_SEC_BYTES)		\
	X(secure_bytes_0,	EINVAL,		R_SEC_BYTES)		\
	X(slot_count_mismatch,	EINVAL,		R_SEC_BYTES)		\
	X(user_offset_unaligned, EINVAL,	R_ALIGN)		\
	X(user_bytes_unaligned,	EINVAL,		R_ALIGN)		\
	X(user_overlaps_secure,	EINVAL,		R_OVERLAP)		\
	X(user_offset_0,	EINVAL,		R_OVERLAP)		\
	X(user_empty,		EINVAL,		R_EMPTY)		\
	X(user_wraps,		EINVAL,		R_OVERFLOW)		\
	X(user_past_s64,	EINVAL,		R_OVERFLOW)		\
	X(user_past_end,	EINVAL,		R_TRUNC)		\
	X(truncated_user,	EINVAL,		R_TRUNC)		\
	X(truncated_secure,	EINVAL,		R_TRUNC)		\
	X(first_area_only,	EINVAL,		R_TRUNC)

#define RS_MAGIC	"no secure area magic"
#define RS_VERSION	"secure area version differs from the medium's"
#define RS_CSUM		"secure area checksum mismatch"
#define RS_RESERVED	"secure area reserved fields are not zero"
#define RS_MEDIUM	"secure area belongs to another medium"
#define RS_GEOMETRY	"secure area geometry differs from the medium's"
#define RS_PLACE	"secure area copy is in the wrong place"
#define RS_SLOT		"secure area has a malformed slot"
#define RS_PADDING	"secure area padding is not zero"

/* X(name, reason): defects of one secure copy, all refused with EBADMSG. */
#define MLIC_SECURE_DEFECTS(X)						\
	X(magic,		RS_MAGIC)				\
	X(version,		RS_VERSION)				\
	X(checksum,		RS_CSUM)				\
	X(flags,		RS_RESERVED)				\
	X(reserved,		RS_RESERVED)				\
	X(other_medium,		RS_MEDIUM)				\
	X(slot_count,		RS_GEOMETRY)				\
	X(slot_size,		RS_GEOMETRY)				\
	X(wrong_copy,		RS_PLACE)				\
	X(free_slot_dirty,	RS_SLOT)				\
	X(unknown_state,	RS_SLOT)				\
	X(used_slot_flags,	RS_SLOT)				\
	X(used_slot_reserved,	RS_SLOT)				\
	X(used_slot_pad,	RS_SLOT)				\
	X(padding,		RS_PADDING)

/**
 * struct evil - an image being spoiled
 * @hdr: its medium header
 * @geo: the geometry of the valid image it started from
 * @file_bytes: size of the image file
 * @reseal: whether to recompute the header checksum after the defect
 */
struct evil {
	struct mlic_medium_header hdr;
	struct mlic_geometry geo;
	u64 file_bytes;
	bool reseal;
};

/**
 * struct mlic_defect - one defect of the medium header or image size
 * @name: a C identifier, also the image's file name
 * @err: the errno format.c refuses it with (positive)
 * @reason: the reason format.c gives
 * @apply: makes the defect
 */
struct mlic_defect {
	const char *name;
	int err;
	const char *reason;
	void (*apply)(struct evil *e);
};

/**
 * struct mlic_secure_defect - one defect of a secure copy
 * @name: a C identifier
 * @reason: the reason format.c gives (the errno is always EBADMSG)
 * @apply: makes the defect in @copy, copy @which of a medium of @geo
 */
struct mlic_secure_defect {
	const char *name;
	const char *reason;
	void (*apply)(void *copy, const struct mlic_geometry *geo,
		      unsigned int which);
};

extern const struct mlic_defect mlic_defects[];
extern const size_t mlic_ndefects;
extern const struct mlic_secure_defect mlic_secure_defects[];
extern const size_t mlic_nsecure_defects;

/* The medium ID of the valid image every defect starts from. */
extern const u8 evil_medium_id[MLIC_ID_SIZE];

int evil_base(struct evil *e);
int evil_make(struct evil *e, const struct mlic_defect *d);
void evil_secure_copy(void *copy, const struct mlic_geometry *geo,
		      unsigned int which);
void evil_secure_recrc(void *copy, const struct mlic_geometry *geo);
int evil_write(const char *path, const struct evil *e, const void *copy_a,
	       const void *copy_b);

#endif /* _MLIC_TEST_DEFECTS_H */
