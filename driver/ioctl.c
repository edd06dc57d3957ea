// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl.c - the ioctl surface of /dev/mlicN and the rules every mlic ioctl
 * argument follows.
 *
 * Commands are matched on type, number and direction; the size comes from
 * _IOC_SIZE(cmd).  A caller built against a newer header may pass a larger
 * structure as long as the bytes this driver does not know are zero; one
 * built against this header passes exactly what the driver expects.  Flags
 * with unknown bits and non-zero reserved fields are refused with -EINVAL,
 * so every such field can be given a meaning later.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "mlic_private.h"
#include "compat.h"

#define MLIC_IOC_SIZE_MASK	(_IOC_SIZEMASK << _IOC_SIZESHIFT)

/**
 * mlic_ioctl_is() - does @cmd name the command @want, at an accepted size?
 * @cmd: command as issued by the caller
 * @want: command as defined in the uapi header
 *
 * Return: true if type, number and direction match and the size is at
 * least the defined one (exactly zero for commands without an argument).
 */
bool mlic_ioctl_is(unsigned int cmd, unsigned int want)
{
	if ((cmd & ~MLIC_IOC_SIZE_MASK) != (want & ~MLIC_IOC_SIZE_MASK))
		return false;
	if (!_IOC_SIZE(want))
		return !_IOC_SIZE(cmd);
	return _IOC_SIZE(cmd) >= _IOC_SIZE(want);
}

/**
 * mlic_ioctl_copy_in() - copy an ioctl argument into the kernel
 * @karg: kernel structure
 * @ksize: its size
 * @cmd: the command, whose size field says how much the caller passes
 * @arg: the user pointer
 *
 * Return: 0, -EFAULT, or -E2BIG if a larger caller structure has non-zero
 * bytes beyond @ksize.
 */
int mlic_ioctl_copy_in(void *karg, size_t ksize, unsigned int cmd,
		       unsigned long arg)
{
	return copy_struct_from_user(karg, ksize, (void __user *)arg,
				     _IOC_SIZE(cmd));
}

/**
 * mlic_ioctl_copy_out() - copy an ioctl result back to the caller
 * @cmd: the command, whose size field says how much the caller expects
 * @arg: the user pointer
 * @karg: kernel structure
 * @ksize: its size
 *
 * Bytes the caller's structure has beyond @ksize are cleared.
 *
 * Return: 0 or -EFAULT.
 */
int mlic_ioctl_copy_out(unsigned int cmd, unsigned long arg,
			const void *karg, size_t ksize)
{
	void __user *uarg = (void __user *)arg;
	size_t usize = _IOC_SIZE(cmd);

	if (copy_to_user(uarg, karg, min(usize, ksize)))
		return -EFAULT;
	if (usize > ksize && clear_user(uarg + ksize, usize - ksize))
		return -EFAULT;
	return 0;
}

static int mlic_ioctl_attach(struct mlic_device *dev, bool writable,
			     unsigned int cmd, unsigned long arg)
{
	struct mlic_attach req;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = mlic_ioctl_copy_in(&req, sizeof(req), cmd, arg);
	if (err)
		return err;
	if ((req.flags & ~MLIC_ATTACH_FLAGS_ALL) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	return mlic_attach(dev, writable, &req);
}

static int mlic_ioctl_detach(struct mlic_device *dev, unsigned long arg)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (arg)
		return -EINVAL;
	return mlic_detach(dev);
}

static void mlic_fill_info(struct mlic_device *dev, struct mlic_info *info)
{
	struct inode *inode = file_inode(dev->backing);

	info->index = dev->index;
	if (dev->read_only)
		info->flags |= MLIC_INFO_READ_ONLY;
	if (dev->autoclear)
		info->flags |= MLIC_INFO_AUTOCLEAR;
	if (dev->dio_align)
		info->flags |= MLIC_INFO_DIRECT_IO;
	memcpy(info->medium_id, dev->geo.medium_id, MLIC_ID_SIZE);
	info->backing_dev = new_encode_dev(inode->i_sb->s_dev);
	info->backing_ino = inode->i_ino;
	info->user_offset = dev->geo.user_offset;
	info->user_bytes = dev->geo.user_bytes;
	info->secure_offset = dev->geo.secure_offset;
	info->secure_bytes = 2 * dev->geo.copy_bytes;
	info->slot_count = dev->geo.slot_count;
	info->slots_used = dev->slots_used;
	info->license_state = dev->license_state;
	info->format_version = dev->geo.version;
	info->generation = dev->generation;
}

static int mlic_ioctl_get_info(struct mlic_device *dev, unsigned int cmd,
			       unsigned long arg)
{
	struct mlic_info info = { };
	int err;

	err = mutex_lock_killable(&dev->lock);
	if (err)
		return err;
	if (dev->state == MLIC_BOUND)
		mlic_fill_info(dev, &info);
	else
		err = -ENXIO;
	mutex_unlock(&dev->lock);
	if (err)
		return err;
	return mlic_ioctl_copy_out(cmd, arg, &info, sizeof(info));
}

static int mlic_ioctl_get_licenses(struct mlic_device *dev, unsigned int cmd,
				   unsigned long arg)
{
	struct mlic_licenses req;
	int err;

	err = mlic_ioctl_copy_in(&req, sizeof(req), cmd, arg);
	if (err)
		return err;
	if (req.flags || req.reserved[0] || req.reserved[1])
		return -EINVAL;
	err = mlic_license_list(dev, &req);
	if (err && err != -EOVERFLOW)
		return err;
	/* On -EOVERFLOW the caller learns how much room it needs. */
	return mlic_ioctl_copy_out(cmd, arg, &req, sizeof(req)) ?: err;
}

static int mlic_ioctl_install(struct mlic_device *dev, unsigned int cmd,
			      unsigned long arg)
{
	struct mlic_install_license *req;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	err = mlic_ioctl_copy_in(req, sizeof(*req), cmd, arg);
	if (err)
		goto out;
	if (req->flags || req->slot || req->reserved[0] || req->reserved[1]) {
		err = -EINVAL;
		goto out;
	}
	err = mlic_license_install(dev, req);
	/* On -EEXIST the caller learns which slot holds the license. */
	if (!err || err == -EEXIST)
		err = mlic_ioctl_copy_out(cmd, arg, req, sizeof(*req)) ?: err;
out:
	kfree_sensitive(req);
	return err;
}

static int mlic_ioctl_decrypt(struct mlic_device *dev, unsigned int mode,
			      unsigned int cmd, unsigned long arg)
{
	struct mlic_decrypt req;
	int err;

	/* Decrypting reads the medium: it needs read access, nothing more. */
	if (!(mode & MLIC_MODE_READ))
		return -EBADF;
	err = mlic_ioctl_copy_in(&req, sizeof(req), cmd, arg);
	if (err)
		return err;
	err = mlic_decrypt(dev, &req);
	if (err && err != -EOVERFLOW)
		return err;
	return mlic_ioctl_copy_out(cmd, arg, &req, sizeof(req)) ?: err;
}

/**
 * mlic_ioctl() - ioctls of /dev/mlicN
 * @bdev: the device or partition the ioctl was issued on
 * @mode: MLIC_MODE_READ and MLIC_MODE_WRITE, as it was opened
 * @cmd: the command
 * @arg: its argument
 *
 * Return: 0 or a negative errno; -ENOTTY for commands mlic does not know.
 */
int mlic_ioctl(struct block_device *bdev, unsigned int mode, unsigned int cmd,
	       unsigned long arg)
{
	struct mlic_device *dev = bdev->bd_disk->private_data;

	if (mlic_ioctl_is(cmd, MLIC_DECRYPT))
		return mlic_ioctl_decrypt(dev, mode, cmd, arg);
	if (mlic_ioctl_is(cmd, MLIC_GET_INFO))
		return mlic_ioctl_get_info(dev, cmd, arg);
	if (mlic_ioctl_is(cmd, MLIC_GET_LICENSES))
		return mlic_ioctl_get_licenses(dev, cmd, arg);
	if (mlic_ioctl_is(cmd, MLIC_INSTALL_LICENSE))
		return mlic_ioctl_install(dev, cmd, arg);
	if (mlic_ioctl_is(cmd, MLIC_ATTACH))
		return mlic_ioctl_attach(dev, mode & MLIC_MODE_WRITE, cmd, arg);
	if (mlic_ioctl_is(cmd, MLIC_DETACH))
		return mlic_ioctl_detach(dev, arg);
	return -ENOTTY;
}
