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
#include <linux/string.h>
#include <linux/uaccess.h>

#include "mlic_private.h"

#define MLIC_IOC_SIZE_MASK	(_IOC_SIZEMASK << _IOC_SIZESHIFT)

/* Room for the argument of any mlic ioctl. */
union mlic_ioctl_arg {
	struct mlic_ctl_device ctl_device;
	struct mlic_key_load key_load;
	struct mlic_key_status key_status;
	struct mlic_apparatus apparatus;
	struct mlic_attach attach;
	struct mlic_info info;
	struct mlic_licenses licenses;
	struct mlic_install_license install;
	struct mlic_decrypt decrypt;
	struct mlic_backup backup;
	struct mlic_restore restore;
};

/* Does @cmd name the command @want, at an accepted size? */
static bool mlic_ioctl_is(unsigned int cmd, unsigned int want)
{
	if ((cmd & ~MLIC_IOC_SIZE_MASK) != (want & ~MLIC_IOC_SIZE_MASK))
		return false;
	if (!_IOC_SIZE(want))
		return !_IOC_SIZE(cmd);
	return _IOC_SIZE(cmd) >= _IOC_SIZE(want);
}

/* Bytes the caller's larger structure has beyond ours are cleared. */
static int mlic_ioctl_copy_out(unsigned int cmd, unsigned long arg,
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

/**
 * mlic_ioctl_dispatch() - run an ioctl from a table
 * @table: the commands of a device
 * @n: their number
 * @priv: what the handlers act on (the mlic device, or NULL)
 * @mode: MLIC_MODE_* of the opener
 * @cmd: the command
 * @arg: its argument
 *
 * Checks what the command needs (privilege, read access), copies its
 * argument in (a larger structure only if its extra bytes are zero,
 * -E2BIG otherwise), runs the handler on a kernel copy, and copies the
 * result back on success and on the two errors that carry an answer:
 * -EOVERFLOW (the room needed) and -EEXIST (where it is).  A command
 * without an argument requires @arg to be 0.
 *
 * Return: the handler's result, -ENOTTY for unknown commands, or an
 * error of the checks and copies.
 */
long mlic_ioctl_dispatch(const struct mlic_ioctl *table, size_t n,
			 void *priv, unsigned int mode, unsigned int cmd,
			 unsigned long arg)
{
	const struct mlic_ioctl *ioc = NULL;
	union mlic_ioctl_arg karg;
	size_t i, ksize;
	int err;

	for (i = 0; i < n && !ioc; i++)
		if (mlic_ioctl_is(cmd, table[i].cmd))
			ioc = &table[i];
	if (!ioc)
		return -ENOTTY;
	if ((ioc->needs & MLIC_IOC_ADMIN) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if ((ioc->needs & MLIC_IOC_READ) && !(mode & MLIC_MODE_READ))
		return -EBADF;

	ksize = _IOC_SIZE(ioc->cmd);
	if (!ksize)
		return arg ? -EINVAL : ioc->fn(priv, mode, NULL);
	if (WARN_ON_ONCE(ksize > sizeof(karg)))
		return -ENOTTY;
	memset(&karg, 0, ksize);
	if (_IOC_DIR(ioc->cmd) & _IOC_WRITE) {
		err = copy_struct_from_user(&karg, ksize, (void __user *)arg,
					    _IOC_SIZE(cmd));
		if (err)
			return err;
	}
	err = ioc->fn(priv, mode, &karg);
	if ((_IOC_DIR(ioc->cmd) & _IOC_READ) &&
	    (!err || err == -EOVERFLOW || err == -EEXIST))
		err = mlic_ioctl_copy_out(cmd, arg, &karg, ksize) ?: err;
	memzero_explicit(&karg, ksize);
	return err;
}

static int mlic_ioc_attach(void *priv, unsigned int mode, void *arg)
{
	struct mlic_attach *req = arg;

	if ((req->flags & ~MLIC_ATTACH_FLAGS_ALL) ||
	    memchr_inv(req->reserved, 0, sizeof(req->reserved)))
		return -EINVAL;
	return mlic_attach(priv, mode & MLIC_MODE_WRITE, req);
}

static int mlic_ioc_detach(void *priv, unsigned int mode, void *arg)
{
	return mlic_detach(priv);
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

static int mlic_ioc_get_info(void *priv, unsigned int mode, void *arg)
{
	struct mlic_device *dev = priv;
	int err;

	err = mutex_lock_killable(&dev->lock);
	if (err)
		return err;
	if (dev->state == MLIC_BOUND)
		mlic_fill_info(dev, arg);
	else
		err = -ENXIO;
	mutex_unlock(&dev->lock);
	return err;
}

static int mlic_ioc_get_licenses(void *priv, unsigned int mode, void *arg)
{
	struct mlic_licenses *req = arg;

	if (req->flags || req->reserved[0] || req->reserved[1])
		return -EINVAL;
	return mlic_license_list(priv, req);
}

static int mlic_ioc_install(void *priv, unsigned int mode, void *arg)
{
	struct mlic_install_license *req = arg;

	if (req->flags || req->slot || req->reserved[0] || req->reserved[1])
		return -EINVAL;
	return mlic_license_install(priv, req);
}

static int mlic_ioc_decrypt(void *priv, unsigned int mode, void *arg)
{
	return mlic_decrypt(priv, arg);
}

static int mlic_ioc_backup(void *priv, unsigned int mode, void *arg)
{
	return mlic_backup(priv, arg);
}

static int mlic_ioc_restore(void *priv, unsigned int mode, void *arg)
{
	return mlic_restore(priv, arg);
}

/*
 * The commands of /dev/mlicN.  Decrypting needs read access to the medium
 * and nothing more; reading its description needs nothing; everything that
 * binds media or changes licenses needs CAP_SYS_ADMIN.
 */
static const struct mlic_ioctl mlic_device_ioctls[] = {
	{ MLIC_DECRYPT,		MLIC_IOC_READ,	mlic_ioc_decrypt },
	{ MLIC_GET_INFO,	0,		mlic_ioc_get_info },
	{ MLIC_GET_LICENSES,	0,		mlic_ioc_get_licenses },
	{ MLIC_INSTALL_LICENSE,	MLIC_IOC_ADMIN,	mlic_ioc_install },
	{ MLIC_BACKUP,		MLIC_IOC_ADMIN,	mlic_ioc_backup },
	{ MLIC_RESTORE,		MLIC_IOC_ADMIN,	mlic_ioc_restore },
	{ MLIC_ATTACH,		MLIC_IOC_ADMIN,	mlic_ioc_attach },
	{ MLIC_DETACH,		MLIC_IOC_ADMIN,	mlic_ioc_detach },
};

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
	return mlic_ioctl_dispatch(mlic_device_ioctls,
				   ARRAY_SIZE(mlic_device_ioctls),
				   bdev->bd_disk->private_data, mode, cmd, arg);
}
