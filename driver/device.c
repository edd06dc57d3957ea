// SPDX-License-Identifier: GPL-2.0
/*
 * device.c - life of a /dev/mlicN: creation, open and release, attaching a
 * medium image and detaching it again.
 *
 * Attaching reads and checks the first area, loads the secure area, sizes
 * the disk to the user area and only then marks the device bound.  Nothing
 * of the image is trusted before format.c has checked it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "mlic_private.h"
#include "compat.h"

int mlic_major;

static void mlic_free_disk(struct gendisk *disk)
{
	struct mlic_device *dev = disk->private_data;

	mutex_destroy(&dev->lock);
	kfree(dev);
}

static const struct block_device_operations mlic_fops = {
	.owner		= THIS_MODULE,
	.open		= mlic_bdops_open,
	.release	= mlic_bdops_release,
	.ioctl		= mlic_bdops_ioctl,
	.compat_ioctl	= blkdev_compat_ptr_ioctl,
	.free_disk	= mlic_free_disk,
};

/**
 * mlic_device_create() - create /dev/mlicN, unbound
 * @index: N
 *
 * Return: the device, or an ERR_PTR().
 */
struct mlic_device *mlic_device_create(unsigned int index)
{
	struct mlic_device *dev;
	struct gendisk *disk;
	int err;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev->index = index;
	dev->state = MLIC_UNBOUND;
	mutex_init(&dev->lock);
	init_rwsem(&dev->keys_sem);
	INIT_LIST_HEAD(&dev->bound_node);

	err = mlic_io_alloc_tags(dev);
	if (err)
		goto out_free_dev;

	disk = mlic_alloc_disk(&dev->tag_set, dev);
	if (IS_ERR(disk)) {
		err = PTR_ERR(disk);
		goto out_free_tags;
	}
	dev->disk = disk;
	disk->major = mlic_major;
	disk->first_minor = index << MLIC_PART_SHIFT;
	disk->minors = 1 << MLIC_PART_SHIFT;
	disk->fops = &mlic_fops;
	disk->private_data = dev;
	disk->events = DISK_EVENT_MEDIA_CHANGE;
	disk->event_flags = DISK_EVENT_FLAG_UEVENT;
	snprintf(disk->disk_name, DISK_NAME_LEN, MLIC_NAME "%u", index);
	set_capacity(disk, 0);

	err = device_add_disk(NULL, disk, mlic_disk_groups);
	if (err)
		goto out_put_disk;
	return dev;

out_put_disk:
	/* The disk was never added: put_disk() does not call free_disk. */
	put_disk(disk);
out_free_tags:
	blk_mq_free_tag_set(&dev->tag_set);
out_free_dev:
	mutex_destroy(&dev->lock);
	kfree(dev);
	return ERR_PTR(err);
}

/**
 * mlic_device_destroy() - remove /dev/mlicN
 * @dev: a device in state MLIC_DELETING, no longer in the device table
 *
 * The device is unbound and unopened (the module cannot go away while any
 * mlic disk is open), so nothing else can reach it.
 */
void mlic_device_destroy(struct mlic_device *dev)
{
	struct gendisk *disk = dev->disk;

	/* del_gendisk() retires the queue, so its tag set can go. */
	del_gendisk(disk);
	blk_mq_free_tag_set(&dev->tag_set);
	/* Last, for it may free @dev through mlic_free_disk(). */
	put_disk(disk);
}

/**
 * mlic_open() - block device open
 * @disk: the disk being opened
 *
 * Unbound devices may be opened, or nobody could attach them; devices
 * that are being detached or removed may not.
 *
 * Return: 0 or -ENXIO.
 */
int mlic_open(struct gendisk *disk)
{
	struct mlic_device *dev = disk->private_data;
	int err;

	err = mutex_lock_killable(&dev->lock);
	if (err)
		return err;
	if (dev->state == MLIC_RUNDOWN || dev->state == MLIC_DELETING)
		err = -ENXIO;
	mutex_unlock(&dev->lock);
	return err;
}

/**
 * mlic_release() - block device release; detaches autoclear media
 * @disk: the disk being closed, with disk->open_mutex held
 */
void mlic_release(struct gendisk *disk)
{
	struct mlic_device *dev = disk->private_data;
	bool unbind = false;

	if (disk_openers(disk) > 0)
		return;

	mutex_lock(&dev->lock);
	if (dev->state == MLIC_BOUND && dev->autoclear) {
		dev->state = MLIC_RUNDOWN;
		unbind = true;
	}
	mutex_unlock(&dev->lock);

	if (unbind)
		mlic_unbind(dev, true);
}

/**
 * mlic_is_mlic_disk() - is @disk one of ours?
 * @disk: any gendisk
 *
 * Return: true for /dev/mlicN.
 */
bool mlic_is_mlic_disk(const struct gendisk *disk)
{
	return disk->fops == &mlic_fops;
}

/*
 * A medium image must be a regular file or a block device, readable, not
 * another mlic device, and opened without flags that would move our I/O
 * (O_APPEND writes at the end, whatever the offset; O_DIRECT would impose
 * alignment on the driver's own metadata reads).
 */
static int mlic_check_backing(struct file *file, const char **why)
{
	struct inode *inode = file->f_mapping->host;

	if (!S_ISREG(inode->i_mode) && !S_ISBLK(inode->i_mode)) {
		*why = "not a regular file or block device";
		return -EINVAL;
	}
	if (S_ISBLK(inode->i_mode) && mlic_is_mlic_disk(I_BDEV(inode)->bd_disk)) {
		*why = "an mlic device cannot hold a medium image";
		return -EINVAL;
	}
	if (!(file->f_mode & FMODE_READ) || !file->f_op->read_iter) {
		*why = "the image is not open for reading";
		return -EBADF;
	}
	if (file->f_flags & (O_APPEND | O_DIRECT)) {
		*why = "open the image without O_APPEND and O_DIRECT";
		return -EINVAL;
	}
	return 0;
}

static bool mlic_backing_read_only(struct file *file)
{
	struct inode *inode = file->f_mapping->host;

	if (!(file->f_mode & FMODE_WRITE) || !file->f_op->write_iter)
		return true;
	return S_ISBLK(inode->i_mode) && bdev_read_only(I_BDEV(inode));
}

static int mlic_read_geometry(struct mlic_device *dev, struct file *file)
{
	struct mlic_medium_header *hdr;
	loff_t size = i_size_read(file->f_mapping->host);
	const char *why = NULL;
	int err;

	hdr = kzalloc(sizeof(*hdr), GFP_KERNEL);
	if (!hdr)
		return -ENOMEM;
	if (size >= (loff_t)sizeof(*hdr)) {
		err = mlic_backing_rw(file, hdr, sizeof(*hdr), 0, false);
		if (err) {
			why = "cannot read the first area";
			goto out;
		}
	}
	err = mlic_medium_header_check(hdr, size, &dev->geo, &why);
out:
	if (err)
		pr_warn("%s: refusing medium image %pD: %s (%d)\n",
			dev->disk->disk_name, file, why, err);
	kfree(hdr);
	return err;
}

/*
 * The images attached now.  One image attached to two devices would have
 * two drivers writing its secure area, so a second attach is refused.  A
 * leaf lock: nothing else is taken under it.
 */
static DEFINE_SPINLOCK(mlic_bound_lock);
static LIST_HEAD(mlic_bound);

/* Make @file the backing of @dev, unless another device has it already. */
static int mlic_claim_backing(struct mlic_device *dev, struct file *file)
{
	struct mlic_device *other;
	int err = 0;

	spin_lock(&mlic_bound_lock);
	list_for_each_entry(other, &mlic_bound, bound_node) {
		if (other->backing->f_mapping->host == file->f_mapping->host) {
			pr_warn("%s: refusing medium image %pD: attached already as %s\n",
				dev->disk->disk_name, file,
				other->disk->disk_name);
			err = -EBUSY;
			break;
		}
	}
	if (!err) {
		dev->backing = file;
		list_add(&dev->bound_node, &mlic_bound);
	}
	spin_unlock(&mlic_bound_lock);
	return err;
}

static void mlic_release_backing(struct mlic_device *dev)
{
	spin_lock(&mlic_bound_lock);
	list_del_init(&dev->bound_node);
	dev->backing = NULL;
	spin_unlock(&mlic_bound_lock);
}

/*
 * Bind @file to @dev.  Called with dev->lock held and the device unbound;
 * on failure the device is left exactly as it was.
 */
static int mlic_bind(struct mlic_device *dev, struct file *file,
		     bool read_only, bool autoclear)
{
	struct gendisk *disk = dev->disk;
	int err;

	err = mlic_read_geometry(dev, file);
	if (err)
		return err;
	err = mlic_claim_backing(dev, file);
	if (err)
		goto out_geo;

	dev->read_only = read_only || mlic_backing_read_only(file);
	dev->autoclear = autoclear;
	dev->user_sectors = dev->geo.user_bytes >> SECTOR_SHIFT;

	err = mlic_secure_load(dev);
	if (err)
		goto out_clear;
	err = mlic_license_load(dev);
	if (err)
		goto out_secure;
	err = mlic_io_start(dev);
	if (err)
		goto out_secure;

	/* Userspace hears about the medium once, when it is complete. */
	dev_set_uevent_suppress(disk_to_dev(disk), 1);
	set_disk_ro(disk, dev->read_only);
	mlic_media_changed(disk);
	/* Pairs with the acquire in mlic_queue_rq(): the setup is visible. */
	smp_store_release(&dev->state, MLIC_BOUND);
	set_capacity(disk, dev->user_sectors);
	dev_set_uevent_suppress(disk_to_dev(disk), 0);
	kobject_uevent(&disk_to_dev(disk)->kobj, KOBJ_CHANGE);

	pr_info("%s: attached %pD: user area %llu bytes at %llu, %u license slots, %s%s\n",
		disk->disk_name, file, dev->geo.user_bytes,
		dev->geo.user_offset, dev->geo.slot_count,
		mlic_license_state_name(dev->license_state),
		dev->read_only ? ", read-only" : "");
	return 0;

out_secure:
	mlic_license_unload(dev);
	mlic_secure_unload(dev);
out_clear:
	mlic_release_backing(dev);
out_geo:
	memset(&dev->geo, 0, sizeof(dev->geo));
	return err;
}

static void mlic_rescan_partitions(struct mlic_device *dev, bool locked)
{
	struct gendisk *disk = dev->disk;
	int err;

	if (!locked)
		mutex_lock(&disk->open_mutex);
	err = bdev_disk_changed(disk, false);
	if (!locked)
		mutex_unlock(&disk->open_mutex);
	if (err)
		pr_warn("%s: partition scan failed (%d)\n", disk->disk_name, err);
}

/**
 * mlic_attach() - MLIC_ATTACH: bind a medium image to an unbound device
 * @dev: the device the ioctl was issued on
 * @writable: the device was opened for writing
 * @req: the checked ioctl argument
 *
 * Return: 0, -EBUSY if the device is bound already or the image is attached
 * to another device, or why the image was refused (see
 * mlic_medium_header_check() and mlic_check_backing()).
 */
int mlic_attach(struct mlic_device *dev, bool writable,
		const struct mlic_attach *req)
{
	const char *why = NULL;
	struct file *file;
	int err;

	file = fget(req->fd);
	if (!file)
		return -EBADF;
	err = mlic_check_backing(file, &why);
	if (err) {
		pr_warn("%s: refusing medium image %pD: %s\n",
			dev->disk->disk_name, file, why);
		goto out_fput;
	}

	err = mutex_lock_killable(&dev->lock);
	if (err)
		goto out_fput;
	if (dev->state != MLIC_UNBOUND) {
		err = -EBUSY;
		goto out_unlock;
	}
	err = mlic_bind(dev, file,
			!writable || (req->flags & MLIC_ATTACH_READ_ONLY),
			req->flags & MLIC_ATTACH_AUTOCLEAR);
	if (err)
		goto out_unlock;
	mutex_unlock(&dev->lock);

	/* The file reference now belongs to the device. */
	mlic_rescan_partitions(dev, false);
	return 0;

out_unlock:
	mutex_unlock(&dev->lock);
out_fput:
	fput(file);
	return err;
}

/**
 * mlic_detach() - MLIC_DETACH: unbind the medium of an unused device
 * @dev: the device the ioctl was issued on (the caller holds it open)
 *
 * Return: 0, -ENXIO if nothing is attached, -EBUSY if anyone else has the
 * device or one of its partitions open (a mounted filesystem does).
 */
int mlic_detach(struct mlic_device *dev)
{
	struct gendisk *disk = dev->disk;
	int err;

	/* open_mutex keeps new openers out between the check and rundown. */
	err = mutex_lock_killable(&disk->open_mutex);
	if (err)
		return err;
	mutex_lock(&dev->lock);
	if (dev->state != MLIC_BOUND)
		err = -ENXIO;
	else if (disk_openers(disk) > 1)
		err = -EBUSY;
	else
		dev->state = MLIC_RUNDOWN;
	mutex_unlock(&dev->lock);
	mutex_unlock(&disk->open_mutex);
	if (err)
		return err;

	mlic_unbind(dev, false);
	return 0;
}

/**
 * mlic_unbind() - take the medium away from a device in state RUNDOWN
 * @dev: the device
 * @in_release: called from ->release, with disk->open_mutex held
 *
 * Writes back what the block device still caches, waits for the I/O in
 * flight, drops the cache and the partitions, wipes the secure area copy
 * and gives the image file back.  The device ends unbound.
 */
void mlic_unbind(struct mlic_device *dev, bool in_release)
{
	struct gendisk *disk = dev->disk;
	unsigned int freeze;
	struct file *file;

	if (!in_release)
		sync_blockdev(disk->part0);
	freeze = mlic_freeze_queue(disk->queue);
	invalidate_disk(disk);		/* also sets the capacity to 0 */
	mlic_unfreeze_queue(disk->queue, freeze);
	mlic_io_stop(dev);

	mlic_media_changed(disk);
	mlic_rescan_partitions(dev, in_release);

	mutex_lock(&dev->lock);
	file = dev->backing;
	mlic_release_backing(dev);
	mlic_license_unload(dev);
	mlic_secure_unload(dev);
	memset(&dev->geo, 0, sizeof(dev->geo));
	dev->user_sectors = 0;
	dev->read_only = false;
	dev->autoclear = false;
	WRITE_ONCE(dev->state, MLIC_UNBOUND);
	mutex_unlock(&dev->lock);

	set_disk_ro(disk, false);
	kobject_uevent(&disk_to_dev(disk)->kobj, KOBJ_CHANGE);
	pr_info("%s: detached %pD\n", disk->disk_name, file);
	fput(file);
}
