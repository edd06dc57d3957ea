// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl.c - thin wrappers around the ioctls of /dev/mlic-control and
 * /dev/mlicN, as uapi/linux/mlic.h defines them.  Reserved fields are
 * always zero; errors come back as negative errnos.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libmlic.h"

static int do_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

/**
 * mlic_ctl_open() - open the control device
 *
 * Return: a file descriptor, or -errno (-ENOENT: the module is not loaded).
 */
int mlic_ctl_open(void)
{
	int fd = open(MLIC_CONTROL_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int ctl_call(int ctl, unsigned long cmd, u32 want, u32 *index)
{
	struct mlic_ctl_device cd = { .index = want };
	int ret;

	ret = do_ioctl(ctl, cmd, &cd);
	if (ret < 0)
		return ret;
	if (index)
		*index = cd.index;
	return 0;
}

/**
 * mlic_ctl_add() - create a medium device
 * @ctl: the control device
 * @want: the index wanted, or MLIC_INDEX_ANY
 * @index: the index created
 *
 * Return: 0 or -errno (-EEXIST: @want exists already).
 */
int mlic_ctl_add(int ctl, u32 want, u32 *index)
{
	return ctl_call(ctl, MLIC_CTL_ADD, want, index);
}

/**
 * mlic_ctl_remove() - remove an unbound medium device
 * @ctl: the control device
 * @index: its index
 *
 * Return: 0 or -errno (-EBUSY: it is bound or open).
 */
int mlic_ctl_remove(int ctl, u32 index)
{
	return ctl_call(ctl, MLIC_CTL_REMOVE, index, NULL);
}

/**
 * mlic_ctl_get_free() - find or create an unbound medium device
 * @ctl: the control device
 * @index: its index
 *
 * The device is not reserved: another process may attach it first, which
 * MLIC_ATTACH reports with -EBUSY.
 *
 * Return: 0 or -errno.
 */
int mlic_ctl_get_free(int ctl, u32 *index)
{
	return ctl_call(ctl, MLIC_CTL_GET_FREE, MLIC_INDEX_ANY, index);
}

/**
 * mlic_dev_open() - open /dev/mlicN
 * @index: N
 * @flags: open flags (O_CLOEXEC is added)
 *
 * Return: a file descriptor or -errno.
 */
int mlic_dev_open(u32 index, int flags)
{
	char path[32];
	int fd;

	mlic_dev_path(index, path, sizeof(path));
	fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/**
 * mlic_dev_attach() - attach an image to an unbound medium device
 * @dev: the medium device
 * @image_fd: the image, open read-write or (read-only media) read-only
 * @flags: MLIC_ATTACH_*
 *
 * Return: 0 or -errno: -EBUSY if the device is bound already, and for an
 * image the driver refuses the errno of mlic_medium_header_check().
 */
int mlic_dev_attach(int dev, int image_fd, u32 flags)
{
	struct mlic_attach at = { .fd = image_fd, .flags = flags };

	return do_ioctl(dev, MLIC_ATTACH, &at);
}

/**
 * mlic_dev_detach() - detach the medium of a device
 * @dev: the medium device
 *
 * Return: 0 or -errno (-EBUSY: open by someone else or mounted, -ENXIO:
 * nothing attached).
 */
int mlic_dev_detach(int dev)
{
	int ret;

	do {
		ret = ioctl(dev, MLIC_DETACH, 0UL);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/**
 * mlic_dev_get_info() - everything the driver knows about a medium
 * @dev: the medium device
 * @info: filled in
 *
 * Return: 0 or -errno (-ENXIO: nothing attached).
 */
int mlic_dev_get_info(int dev, struct mlic_info *info)
{
	memset(info, 0, sizeof(*info));
	return do_ioctl(dev, MLIC_GET_INFO, info);
}
