// SPDX-License-Identifier: GPL-2.0
/*
 * attach.c - mlicctl attach and detach.
 *
 * attach: open the image, find a free device through /dev/mlic-control and
 * hand the image's file descriptor to MLIC_ATTACH, retrying when another
 * process takes the same free device first.  When the driver refuses the
 * image, the same format code tells why.  Where udev runs, attach returns
 * once udev has made the medium's /dev/mlic/by-medium-id/ link.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "mlicctl.h"

/* How often to look for another free device when one is taken under us. */
#define ATTACH_TRIES		16
/* How long to wait for a new device node to appear (udev), in 10 ms. */
#define NODE_WAIT_TICKS		100
/* How long to wait for udev's by-medium-id link after attach. */
#define UDEV_TIMEOUT_S		10

static void sleep_tick(void)
{
	const struct timespec tick = { .tv_nsec = 10 * 1000 * 1000 };

	nanosleep(&tick, NULL);
}

/* Open the image read-write, or read-only with -r or when it must be. */
static int open_image(const char *verb, const char *image, bool *ro)
{
	int fd, err;

	if (*ro) {
		fd = open(image, O_RDONLY | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	fd = open(image, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	err = errno;
	if (err != EROFS && err != EACCES)
		return -err;
	fd = open(image, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -err;
	mlic_cli_warn(verb, image, "cannot open read-write (%s); attaching "
		      "read-only", strerror(err));
	*ro = true;
	return fd;
}

/*
 * Open a device just handed out by the control device, read-only for a
 * read-only medium (the driver then attaches read-only whatever the flags).
 */
static int open_new_device(u32 index, bool ro)
{
	unsigned int ticks = 0;
	int fd;

	for (;;) {
		fd = mlic_dev_open(index, ro ? O_RDONLY : O_RDWR);
		if (fd != -ENOENT || ++ticks >= NODE_WAIT_TICKS)
			return fd;
		sleep_tick();
	}
}

/* Whether a device has a medium attached (the EBUSY race was lost). */
static bool device_bound(u32 index)
{
	char buf[64];

	return mlic_sysfs_read(index, "medium_id", buf, sizeof(buf)) != -ENXIO;
}

/*
 * Attach @image_fd to a free device.  On failure, *ctx says which step
 * failed, so that the message and the advice fit.  -EAGAIN: every free
 * device found was taken by another process before we could attach it.
 */
static int attach_fd(int image_fd, u32 flags, u32 *index,
		     enum mlic_errctx *ctx)
{
	unsigned int tries;
	int ctl, dev, ret;

	*ctx = MLIC_ERR_CONTROL;
	ctl = mlic_ctl_open();
	if (ctl < 0)
		return ctl;
	for (tries = 0; tries < ATTACH_TRIES; tries++) {
		*ctx = MLIC_ERR_CONTROL;
		ret = mlic_ctl_get_free(ctl, index);
		if (ret)
			break;
		*ctx = MLIC_ERR_DEVICE;
		dev = open_new_device(*index, flags & MLIC_ATTACH_READ_ONLY);
		if (dev < 0) {
			ret = dev;
			break;
		}
		*ctx = MLIC_ERR_ATTACH;
		ret = mlic_dev_attach(dev, image_fd, flags);
		close(dev);
		/* EBUSY from a device that is still free is about the image. */
		if (ret != -EBUSY || !device_bound(*index))
			break;
		ret = -EAGAIN;
	}
	close(ctl);
	return ret;
}

/*
 * The driver refused the image: say why, with the same format code.  The
 * kernel log has the driver's own line for the same reason.
 */
static void explain_refusal(const char *verb, const char *image, int fd,
			    int err)
{
	struct mlic_geometry geo;
	const char *why;
	int ret;

	if (mlic_fd_is_mlic_dev(fd)) {
		mlic_cli_error(verb, image,
			       "an mlic device cannot hold a medium image");
		return;
	}
	ret = mlic_image_read_header(fd, &geo, &why);
	if (ret && why) {
		mlic_cli_error(verb, image, "%s", why);
		return;
	}
	if (ret == -EINVAL) {
		mlic_cli_error(verb, image,
			       "not a regular file or block device");
		return;
	}
	mlic_cli_error(verb, image, "%s", strerror(-err));
	if (!ret)
		mlic_cli_hint("the image checks out here, so the driver and "
			      "the tools may differ in version; the kernel "
			      "log says why the driver refused it");
}

/*
 * Scripts use /dev/mlic/by-medium-id/ID right after attach: where udev
 * runs, wait until it has handled the attach's change event.
 */
static void wait_for_link(const char *verb, const char *dev_path, u32 index)
{
	char id[64], link[128];
	int ret;

	if (!mlic_udev_running() ||
	    mlic_sysfs_read(index, "medium_id", id, sizeof(id)))
		return;
	snprintf(link, sizeof(link), "/dev/mlic/by-medium-id/%s", id);
	ret = mlic_udev_settle(link, UDEV_TIMEOUT_S);
	if (ret == -ETIMEDOUT || ret == -ECHILD)
		mlic_cli_warn(verb, dev_path, "udev has not settled within %u "
			      "s: %s may appear later", UDEV_TIMEOUT_S, link);
}

/* Attached: say so if the licenses need attention. */
static void report_license_state(const char *verb, const char *dev_path,
				 u32 index)
{
	char state[32];
	u32 st;

	if (mlic_sysfs_read(index, "license_state", state, sizeof(state)) ||
	    mlic_license_state_parse(state, &st))
		return;
	if (st == MLIC_LICENSE_DAMAGED)
		mlic_cli_warn(verb, dev_path, "no copy of the secure area is "
			      "valid: its licenses do not work until a backup "
			      "is restored");
	else if (st == MLIC_LICENSE_REPAIRED)
		mlic_cli_warn(verb, dev_path, "a damaged copy of the secure "
			      "area was repaired from the other");
}

/* -r, the only option. */
static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       void *ctx)
{
	(void)verb;
	(void)arg;
	*(bool *)ctx = c == 'r';
	return -1;
}

int cmd_attach(const struct mlic_verb *verb, int argc, char **argv)
{
	enum mlic_errctx ctx;
	const char *image;
	char dev_path[32];
	bool ro = false;
	int fd, ret;
	u32 index = 0;

	ret = mlic_cli_options(verb, argc, argv, take_option, &ro);
	if (ret < 0)
		ret = mlic_cli_operands(verb, argc, 1, "IMAGE");
	if (ret >= 0)
		return ret;
	image = argv[optind];
	if (mlic_cli_is_stdio(image))
		return mlic_cli_no_stdio(verb, "IMAGE", "the driver keeps the "
					 "image open, by name in sysfs");

	fd = open_image(verb->name, image, &ro);
	if (fd < 0) {
		mlic_cli_errno(verb->name, image, fd, MLIC_ERR_FILE);
		return MLIC_EXIT_FAIL;
	}
	ret = attach_fd(fd, ro ? MLIC_ATTACH_READ_ONLY : 0, &index, &ctx);
	if (ret) {
		mlic_dev_path(index, dev_path, sizeof(dev_path));
		if (ctx == MLIC_ERR_ATTACH && mlic_errno_is_format(ret))
			explain_refusal(verb->name, image, fd, ret);
		else if (ctx == MLIC_ERR_CONTROL)
			mlic_cli_errno(verb->name, MLIC_CONTROL_PATH, ret, ctx);
		else if (ctx == MLIC_ERR_DEVICE)
			mlic_cli_errno(verb->name, dev_path, ret, ctx);
		else
			mlic_cli_errno(verb->name, image, ret, ctx);
		close(fd);
		return MLIC_EXIT_FAIL;
	}
	close(fd);
	mlic_dev_path(index, dev_path, sizeof(dev_path));
	wait_for_link(verb->name, dev_path, index);
	printf("%s\n", dev_path);
	report_license_state(verb->name, dev_path, index);
	return MLIC_EXIT_OK;
}

/* Detach said EBUSY: find out what holds the medium and say so. */
static void explain_busy(const char *verb, const char *dev_path, u32 index)
{
	char where[4096], holders[256];

	mlic_cli_error(verb, dev_path, "%s", strerror(EBUSY));
	if (mlic_medium_mount(index, where, sizeof(where)) > 0) {
		mlic_cli_hint("it is mounted on %s; unmount it first", where);
		return;
	}
	if (mlic_sysfs_holders(index, holders, sizeof(holders)) > 0) {
		mlic_cli_hint("it is in use by %s; remove that first",
			      holders);
		return;
	}
	mlic_cli_hint("it is open in another process (try 'fuser -v %s')",
		      dev_path);
}

int cmd_detach(const struct mlic_verb *verb, int argc, char **argv)
{
	char dev_path[32];
	int dev, ret;
	u32 index;

	ret = mlic_cli_only_help(verb, argc, argv);
	if (ret < 0)
		ret = open_dev_operand(verb, argc, argv, &index, dev_path,
				       sizeof(dev_path), &dev);
	if (ret >= 0)
		return ret;
	ret = mlic_dev_detach(dev);
	close(dev);
	if (ret == -EBUSY) {
		explain_busy(verb->name, dev_path, index);
		return MLIC_EXIT_FAIL;
	}
	if (ret) {
		mlic_cli_errno(verb->name, dev_path, ret, MLIC_ERR_DEVICE);
		return MLIC_EXIT_FAIL;
	}
	return MLIC_EXIT_OK;
}
