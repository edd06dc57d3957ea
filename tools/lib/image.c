// SPDX-License-Identifier: GPL-2.0
/*
 * image.c - medium images as files: choosing the layout of a new one,
 * writing its metadata, and reading back and checking what an image holds
 * with the format code the driver runs (driver/format.c).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "libmlic.h"

static u64 round_up(u64 v, u64 align)
{
	return (v + align - 1) & ~(align - 1);
}

/**
 * mlic_image_min_bytes() - smallest image mlic-master lays out
 * @slots: license slots per secure copy, in range
 *
 * Return: the image size that leaves exactly the smallest user area.
 */
u64 mlic_image_min_bytes(u32 slots)
{
	u64 secure_end = MLIC_FIRST_AREA_BYTES +
			 2 * mlic_secure_copy_bytes(slots);

	return round_up(secure_end, MLIC_USER_ALIGN) + MLIC_USER_MIN_BYTES;
}

/**
 * mlic_image_layout() - lay out and seal the header of a new medium
 * @image_bytes: total size of the image
 * @slots: license slots per secure copy
 * @id: the medium ID, not all zero
 * @created: creation time to record (seconds since the epoch)
 * @hdr: receives the sealed header
 * @geo: receives its geometry
 * @why: set to a one-line reason on failure
 *
 * The first area is followed by secure copies A and B; the user area
 * starts at the next MiB boundary and takes the rest of the image, rounded
 * down to 4 KiB.  The result is checked with mlic_medium_header_check().
 *
 * Return: 0, -EINVAL for a bad slot count or ID, -ENOSPC if the user area
 * would be smaller than %MLIC_USER_MIN_BYTES, -EFBIG if the image is too
 * large for a file offset.
 */
int mlic_image_layout(u64 image_bytes, u32 slots, const u8 id[MLIC_ID_SIZE],
		      u64 created, struct mlic_medium_header *hdr,
		      struct mlic_geometry *geo, const char **why)
{
	u64 copy_bytes, user_offset, user_bytes;

	if (slots < MLIC_SLOTS_MIN || slots > MLIC_SLOTS_MAX) {
		*why = "license slot count out of range";
		return -EINVAL;
	}
	if (mlic_id_is_zero(id)) {
		*why = "medium ID is all zero";
		return -EINVAL;
	}
	if (image_bytes > (u64)S64_MAX) {
		*why = "image is too large";
		return -EFBIG;
	}
	if (image_bytes < mlic_image_min_bytes(slots)) {
		*why = "image is too small for the smallest user area";
		return -ENOSPC;
	}

	copy_bytes = mlic_secure_copy_bytes(slots);
	user_offset = round_up(MLIC_FIRST_AREA_BYTES + 2 * copy_bytes,
			       MLIC_USER_ALIGN);
	user_bytes = (image_bytes - user_offset) &
		     ~(u64)(MLIC_AREA_ALIGN - 1);

	memset(hdr, 0, sizeof(*hdr));
	hdr->magic = cpu_to_le64(MLIC_MEDIUM_MAGIC);
	hdr->version = cpu_to_le32(MLIC_FORMAT_VERSION);
	hdr->header_size = cpu_to_le32(sizeof(*hdr));
	hdr->flags = cpu_to_le64(0);
	memcpy(hdr->medium_id, id, MLIC_ID_SIZE);
	hdr->secure_offset = cpu_to_le64(MLIC_FIRST_AREA_BYTES);
	hdr->secure_bytes = cpu_to_le64(2 * copy_bytes);
	hdr->slot_count = cpu_to_le32(slots);
	hdr->slot_size = cpu_to_le32(MLIC_SLOT_SIZE);
	hdr->user_offset = cpu_to_le64(user_offset);
	hdr->user_bytes = cpu_to_le64(user_bytes);
	hdr->created = cpu_to_le64(created);
	mlic_medium_header_seal(hdr);

	return mlic_medium_header_check(hdr, image_bytes, geo, why);
}

/**
 * mlic_image_write_metadata() - write the first area and both secure copies
 * @fd: the image, open for writing and at least as large as @geo needs
 * @hdr: the sealed header
 * @geo: its geometry
 *
 * The first area is the header followed by zeros; both secure copies are
 * empty, generation 1.  Nothing is synced here.
 *
 * Return: 0 or -errno.
 */
int mlic_image_write_metadata(int fd, const struct mlic_medium_header *hdr,
			      const struct mlic_geometry *geo)
{
	size_t bytes = geo->copy_bytes;
	unsigned int which;
	u8 *buf;
	int ret;

	if (bytes < MLIC_FIRST_AREA_BYTES)
		bytes = MLIC_FIRST_AREA_BYTES;
	buf = calloc(1, bytes);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, hdr, sizeof(*hdr));
	ret = mlic_pwrite_full(fd, buf, MLIC_FIRST_AREA_BYTES, 0);
	for (which = 0; which < 2 && !ret; which++) {
		mlic_secure_copy_init(buf, geo, which, 1);
		ret = mlic_pwrite_full(fd, buf, geo->copy_bytes,
				       mlic_secure_copy_offset(geo, which));
	}
	free(buf);
	return ret;
}

/**
 * mlic_image_write_licenses() - write both secure copies with licenses
 * @fd: the image, whose metadata is written
 * @geo: its geometry
 * @slots: the license records of slots 0 .. @n - 1, sealed for this
 *	   medium and these slots
 * @n: their number, at most geo->slot_count
 *
 * Both copies get the same records and generation 1; the other slots are
 * free.  Nothing is synced here.
 *
 * Return: 0, -EINVAL if @n is too large, or -errno.
 */
int mlic_image_write_licenses(int fd, const struct mlic_geometry *geo,
			      const struct mlic_slot *slots, u32 n)
{
	unsigned int which;
	u32 i;
	u8 *buf;
	int ret = 0;

	if (n > geo->slot_count)
		return -EINVAL;
	buf = malloc(geo->copy_bytes);
	if (!buf)
		return -ENOMEM;
	for (which = 0; which < 2 && !ret; which++) {
		mlic_secure_copy_init(buf, geo, which, 1);
		for (i = 0; i < n; i++)
			*mlic_secure_slot_mut(buf, i) = slots[i];
		mlic_secure_copy_seal(buf, geo, which, 1);
		ret = mlic_pwrite_full(fd, buf, geo->copy_bytes,
				       mlic_secure_copy_offset(geo, which));
	}
	free(buf);
	return ret;
}

/**
 * mlic_image_read_header() - read and check the medium header of an image
 * @fd: the image (regular file or block device), open for reading
 * @geo: receives the checked geometry
 * @why: set to the format code's reason when the header is refused, and
 *       to NULL when reading failed
 *
 * Return: 0, the errno of mlic_medium_header_check() (-EMEDIUMTYPE,
 * -EOPNOTSUPP, -EBADMSG, -EINVAL), or the error of reading.
 */
int mlic_image_read_header(int fd, struct mlic_geometry *geo,
			   const char **why)
{
	struct mlic_medium_header hdr;
	u64 bytes;
	int ret;

	*why = NULL;
	ret = mlic_fd_size(fd, &bytes);
	if (ret)
		return ret;
	memset(&hdr, 0, sizeof(hdr));
	if (bytes >= sizeof(hdr)) {
		ret = mlic_pread_full(fd, &hdr, sizeof(hdr), 0);
		if (ret)
			return ret;
	}
	return mlic_medium_header_check(&hdr, bytes, geo, why);
}

/**
 * mlic_image_check_path() - mlic_image_read_header() on a file by name
 * @path: the image
 * @geo: receives the checked geometry
 * @why: as for mlic_image_read_header()
 *
 * Return: as mlic_image_read_header(), or the error of open.
 */
int mlic_image_check_path(const char *path, struct mlic_geometry *geo,
			  const char **why)
{
	int fd, ret;

	*why = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = mlic_image_read_header(fd, geo, why);
	close(fd);
	return ret;
}

/**
 * mlic_image_read_secure() - read and check one copy of the secure area
 * @fd: the image, whose header gave @geo
 * @geo: geometry from mlic_image_read_header()
 * @which: 0 for copy A, 1 for copy B
 * @copy: receives the copy, geo->copy_bytes long
 * @generation: receives its generation
 * @why: set to the format code's reason when the copy is damaged, and to
 *       NULL when reading failed
 *
 * Return: 0, -EBADMSG for a damaged copy, or the error of reading.
 */
int mlic_image_read_secure(int fd, const struct mlic_geometry *geo,
			   unsigned int which, void *copy, u64 *generation,
			   const char **why)
{
	int ret;

	*why = NULL;
	ret = mlic_pread_full(fd, copy, geo->copy_bytes,
			      mlic_secure_copy_offset(geo, which));
	if (ret)
		return ret;
	return mlic_secure_copy_check(copy, geo, which, generation, why);
}
