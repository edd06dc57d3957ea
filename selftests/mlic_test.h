/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mlic_test.h - what the C selftests share: scratch space, blank media,
 * devices.  Every helper returns 0 or a negative errno, so a test can
 * assert on the exact error.
 */
#ifndef _MLIC_TEST_H
#define _MLIC_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libmlic.h"

/* Where images go: $MLIC_SCRATCH (a real file system) or /tmp. */
static inline const char *mlic_test_dir(void)
{
	const char *d = getenv("MLIC_SCRATCH");

	return d && *d ? d : "/tmp";
}

/* Create a blank medium image at @path with @slots; returns its geometry. */
static inline int mlic_test_image(const char *path, u64 bytes, u32 slots,
				  struct mlic_geometry *geo)
{
	struct mlic_medium_header hdr;
	u8 id[MLIC_ID_SIZE];
	const char *why;
	int fd, ret;

	ret = mlic_random(id, sizeof(id));
	if (ret)
		return ret;
	id[0] |= 1;
	ret = mlic_image_layout(bytes, slots, id, 0, &hdr, geo, &why);
	if (ret)
		return ret;
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	ret = ftruncate(fd, bytes) ? -errno : 0;
	if (!ret)
		ret = mlic_image_write_metadata(fd, &hdr, geo);
	if (!ret && fsync(fd))
		ret = -errno;
	close(fd);
	return ret;
}

static inline int mlic_test_get_free(int ctl, u32 *index)
{
	struct mlic_ctl_device req = { .index = MLIC_INDEX_ANY };

	if (ioctl(ctl, MLIC_CTL_GET_FREE, &req))
		return -errno;
	*index = req.index;
	return 0;
}

static inline int mlic_test_open_dev(u32 index, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/mlic%u", index);
	return open(path, flags | O_CLOEXEC);
}

static inline int mlic_test_attach(int dev, int fd, u32 flags)
{
	struct mlic_attach req = { .fd = fd, .flags = flags };

	return ioctl(dev, MLIC_ATTACH, &req) ? -errno : 0;
}

#endif /* _MLIC_TEST_H */
