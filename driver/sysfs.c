// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - /sys/block/mlicN/mlic/: what is attached, for people and udev.
 *
 * The group exists for the whole life of the disk; while no medium is
 * attached every attribute fails with ENXIO.  Nothing secret is shown.
 */
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "mlic_private.h"

typedef ssize_t (*mlic_show_fn)(struct mlic_device *dev, char *buf);

static ssize_t mlic_attr_show(struct device *d, char *buf, mlic_show_fn show)
{
	struct mlic_device *dev = dev_to_disk(d)->private_data;
	ssize_t ret;

	ret = mutex_lock_interruptible(&dev->lock);
	if (ret)
		return ret;
	ret = dev->state == MLIC_BOUND ? show(dev, buf) : -ENXIO;
	mutex_unlock(&dev->lock);
	return ret;
}

#define MLIC_ATTR(_name)						\
static ssize_t _name##_show(struct device *d,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	return mlic_attr_show(d, buf, mlic_show_##_name);		\
}									\
static DEVICE_ATTR_RO(_name)

static ssize_t mlic_show_medium_id(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%*phN\n", MLIC_ID_SIZE, dev->geo.medium_id);
}
MLIC_ATTR(medium_id);

static ssize_t mlic_show_backing_file(struct mlic_device *dev, char *buf)
{
	char *page, *path;
	ssize_t ret;

	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	path = file_path(dev->backing, page, PAGE_SIZE);
	if (IS_ERR(path))
		ret = PTR_ERR(path);
	else
		ret = sysfs_emit(buf, "%s\n", path);
	free_page((unsigned long)page);
	return ret;
}
MLIC_ATTR(backing_file);

static ssize_t mlic_show_read_only(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%d\n", dev->read_only);
}
MLIC_ATTR(read_only);

static ssize_t mlic_show_autoclear(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%d\n", dev->autoclear);
}
MLIC_ATTR(autoclear);

static ssize_t mlic_show_direct_io(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%d\n", dev->dio_align != 0);
}
MLIC_ATTR(direct_io);

static ssize_t mlic_show_license_state(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  mlic_license_state_name(dev->license_state));
}
MLIC_ATTR(license_state);

static ssize_t mlic_show_secure_copies(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%s %s\n",
			  mlic_copy_state_name(dev->copy_state[0]),
			  mlic_copy_state_name(dev->copy_state[1]));
}
MLIC_ATTR(secure_copies);

static ssize_t mlic_show_user_area_offset(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev->geo.user_offset);
}
MLIC_ATTR(user_area_offset);

static ssize_t mlic_show_user_area_bytes(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev->geo.user_bytes);
}
MLIC_ATTR(user_area_bytes);

static ssize_t mlic_show_secure_area_offset(struct mlic_device *dev,
					    char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev->geo.secure_offset);
}
MLIC_ATTR(secure_area_offset);

static ssize_t mlic_show_secure_area_bytes(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%llu\n", 2 * dev->geo.copy_bytes);
}
MLIC_ATTR(secure_area_bytes);

static ssize_t mlic_show_slots(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev->geo.slot_count);
}
MLIC_ATTR(slots);

static ssize_t mlic_show_slots_used(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev->slots_used);
}
MLIC_ATTR(slots_used);

static ssize_t mlic_show_format_version(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev->geo.version);
}
MLIC_ATTR(format_version);

static ssize_t mlic_show_generation(struct mlic_device *dev, char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev->generation);
}
MLIC_ATTR(generation);

static struct attribute *mlic_attrs[] = {
	&dev_attr_medium_id.attr,
	&dev_attr_backing_file.attr,
	&dev_attr_read_only.attr,
	&dev_attr_autoclear.attr,
	&dev_attr_direct_io.attr,
	&dev_attr_license_state.attr,
	&dev_attr_secure_copies.attr,
	&dev_attr_user_area_offset.attr,
	&dev_attr_user_area_bytes.attr,
	&dev_attr_secure_area_offset.attr,
	&dev_attr_secure_area_bytes.attr,
	&dev_attr_slots.attr,
	&dev_attr_slots_used.attr,
	&dev_attr_format_version.attr,
	&dev_attr_generation.attr,
	NULL,
};

static const struct attribute_group mlic_attr_group = {
	.name	= MLIC_NAME,
	.attrs	= mlic_attrs,
};

const struct attribute_group *mlic_disk_groups[] = {
	&mlic_attr_group,
	NULL,
};
