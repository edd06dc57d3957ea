// SPDX-License-Identifier: GPL-2.0
/*
 * control.c - /dev/mlic-control and the table of mlic devices.
 *
 * Devices are created on demand: MLIC_CTL_GET_FREE hands out an unbound
 * device, creating one when all are in use; MLIC_CTL_ADD creates a given
 * index; MLIC_CTL_REMOVE deletes an unbound, unopened device.  A device
 * being removed is hidden from the table first, so no other lookup can
 * hand it out meanwhile.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "mlic_private.h"

static DEFINE_IDR(mlic_devices);
static DEFINE_MUTEX(mlic_devices_mutex);

/* Create a device at @index, or at the lowest free index for MLIC_INDEX_ANY. */
static int mlic_add(u32 index)
{
	struct mlic_device *dev;
	int id, err;

	if (index != MLIC_INDEX_ANY && index >= MLIC_INDEX_LIMIT)
		return -EINVAL;

	/* Reserve the index first, so that concurrent adds cannot collide. */
	err = mutex_lock_killable(&mlic_devices_mutex);
	if (err)
		return err;
	if (index == MLIC_INDEX_ANY)
		id = idr_alloc(&mlic_devices, NULL, 0, MLIC_INDEX_LIMIT,
			       GFP_KERNEL);
	else
		id = idr_alloc(&mlic_devices, NULL, index, index + 1,
			       GFP_KERNEL);
	mutex_unlock(&mlic_devices_mutex);
	if (id == -ENOSPC)
		return index == MLIC_INDEX_ANY ? -ENOSPC : -EEXIST;
	if (id < 0)
		return id;

	dev = mlic_device_create(id);

	mutex_lock(&mlic_devices_mutex);
	if (IS_ERR(dev)) {
		idr_remove(&mlic_devices, id);
		id = PTR_ERR(dev);
	} else {
		idr_replace(&mlic_devices, dev, id);
		dev->visible = true;
	}
	mutex_unlock(&mlic_devices_mutex);
	return id;
}

static int mlic_remove(u32 index)
{
	struct mlic_device *dev;
	int err;

	err = mutex_lock_killable(&mlic_devices_mutex);
	if (err)
		return err;
	dev = index < MLIC_INDEX_LIMIT ? idr_find(&mlic_devices, index) : NULL;
	if (!dev || !dev->visible)
		err = -ENODEV;
	else
		dev->visible = false;
	mutex_unlock(&mlic_devices_mutex);
	if (err)
		return err;

	mutex_lock(&dev->disk->open_mutex);
	mutex_lock(&dev->lock);
	if (dev->state != MLIC_UNBOUND || disk_openers(dev->disk) > 0)
		err = -EBUSY;
	else
		dev->state = MLIC_DELETING;
	mutex_unlock(&dev->lock);
	mutex_unlock(&dev->disk->open_mutex);

	mutex_lock(&mlic_devices_mutex);
	if (err)
		dev->visible = true;
	else
		idr_remove(&mlic_devices, index);
	mutex_unlock(&mlic_devices_mutex);
	if (err)
		return err;

	mlic_device_destroy(dev);
	return 0;
}

static int mlic_get_free(void)
{
	struct mlic_device *dev;
	int id, err;

	err = mutex_lock_killable(&mlic_devices_mutex);
	if (err)
		return err;
	idr_for_each_entry(&mlic_devices, dev, id) {
		if (!dev || !dev->visible)
			continue;
		/* Losing a race only makes the caller's attach fail: EBUSY. */
		if (data_race(dev->state) == MLIC_UNBOUND) {
			mutex_unlock(&mlic_devices_mutex);
			return id;
		}
	}
	mutex_unlock(&mlic_devices_mutex);
	return mlic_add(MLIC_INDEX_ANY);
}

static int mlic_ctl_check(const struct mlic_ctl_device *req)
{
	return req->flags || memchr_inv(req->reserved, 0,
					sizeof(req->reserved)) ? -EINVAL : 0;
}

/* Device commands return the index they acted on, or an error. */
static int mlic_ctl_index(struct mlic_ctl_device *req, int ret)
{
	if (ret < 0)
		return ret;
	req->index = ret;
	return 0;
}

static int mlic_ctl_add_ioc(void *priv, unsigned int mode, void *arg)
{
	struct mlic_ctl_device *req = arg;

	return mlic_ctl_check(req) ?: mlic_ctl_index(req, mlic_add(req->index));
}

static int mlic_ctl_remove_ioc(void *priv, unsigned int mode, void *arg)
{
	struct mlic_ctl_device *req = arg;

	return mlic_ctl_check(req) ?: mlic_remove(req->index);
}

static int mlic_ctl_get_free_ioc(void *priv, unsigned int mode, void *arg)
{
	struct mlic_ctl_device *req = arg;

	return mlic_ctl_check(req) ?: mlic_ctl_index(req, mlic_get_free());
}

static int mlic_ctl_key_load_ioc(void *priv, unsigned int mode, void *arg)
{
	struct mlic_key_load *req = arg;

	if (req->flags || memchr_inv(req->reserved, 0, sizeof(req->reserved)))
		return -EINVAL;
	return mlic_syskey_load(req->key_id);
}

static int mlic_ctl_key_unload_ioc(void *priv, unsigned int mode, void *arg)
{
	return mlic_syskey_unload();
}

/* Output-only structures: every field must come in as zero. */
static int mlic_ctl_key_status_ioc(void *priv, unsigned int mode, void *arg)
{
	struct mlic_key_status *req = arg;

	if (memchr_inv(req, 0, sizeof(*req)))
		return -EINVAL;
	mlic_syskey_status(req);
	return 0;
}

static int mlic_ctl_apparatus_ioc(void *priv, unsigned int mode, void *arg)
{
	struct mlic_apparatus *req = arg;

	if (memchr_inv(req, 0, sizeof(*req)))
		return -EINVAL;
	/* No ID is an answer, not an error: the flags say so. */
	mlic_apparatus_get(req);
	return 0;
}

/* Everything but asking for the apparatus ID needs CAP_SYS_ADMIN. */
static const struct mlic_ioctl mlic_control_ioctls[] = {
	{ MLIC_CTL_GET_FREE,	MLIC_IOC_ADMIN,	mlic_ctl_get_free_ioc },
	{ MLIC_CTL_ADD,		MLIC_IOC_ADMIN,	mlic_ctl_add_ioc },
	{ MLIC_CTL_REMOVE,	MLIC_IOC_ADMIN,	mlic_ctl_remove_ioc },
	{ MLIC_CTL_KEY_LOAD,	MLIC_IOC_ADMIN,	mlic_ctl_key_load_ioc },
	{ MLIC_CTL_KEY_UNLOAD,	MLIC_IOC_ADMIN,	mlic_ctl_key_unload_ioc },
	{ MLIC_CTL_KEY_STATUS,	MLIC_IOC_ADMIN,	mlic_ctl_key_status_ioc },
	{ MLIC_CTL_APPARATUS,	0,		mlic_ctl_apparatus_ioc },
};

static long mlic_control_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	return mlic_ioctl_dispatch(mlic_control_ioctls,
				   ARRAY_SIZE(mlic_control_ioctls), NULL,
				   0, cmd, arg);
}

/**
 * mlic_devices_rekey() - re-verify the licenses of every attached medium
 *
 * Called when the system key is loaded or unloaded: licenses are unwrapped
 * with the new key, or wiped with the old one.
 */
void mlic_devices_rekey(void)
{
	struct mlic_device *dev;
	int id;

	mutex_lock(&mlic_devices_mutex);
	idr_for_each_entry(&mlic_devices, dev, id) {
		if (!dev || !dev->visible)
			continue;
		mutex_lock(&dev->lock);
		if (dev->state == MLIC_BOUND && mlic_license_load(dev))
			pr_warn("%s: out of memory verifying licenses\n",
				dev->disk->disk_name);
		mutex_unlock(&dev->lock);
	}
	mutex_unlock(&mlic_devices_mutex);
}

static const struct file_operations mlic_control_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.unlocked_ioctl	= mlic_control_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice mlic_control = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= MLIC_CONTROL_NAME,
	.fops		= &mlic_control_fops,
	.mode		= 0600,
};

/**
 * mlic_control_init() - register /dev/mlic-control
 *
 * Return: 0 or a negative errno.
 */
int mlic_control_init(void)
{
	return misc_register(&mlic_control);
}

/**
 * mlic_control_exit() - unregister /dev/mlic-control and remove all devices
 *
 * Called at module unload.  No mlic disk is open (an open disk holds the
 * module), but media may still be attached: they are detached here.
 */
void mlic_control_exit(void)
{
	struct mlic_device *dev;
	int id;

	misc_deregister(&mlic_control);

	idr_for_each_entry(&mlic_devices, dev, id) {
		if (!dev)
			continue;
		mutex_lock(&dev->lock);
		if (dev->state == MLIC_BOUND) {
			dev->state = MLIC_RUNDOWN;
			mutex_unlock(&dev->lock);
			mlic_unbind(dev, false);
			mutex_lock(&dev->lock);
		}
		dev->state = MLIC_DELETING;
		mutex_unlock(&dev->lock);
		mlic_device_destroy(dev);
	}
	idr_destroy(&mlic_devices);
}
