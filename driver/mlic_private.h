/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mlic_private.h - what the files of the mlic driver share.
 *
 * Locking, outermost first:
 *   mlic_devices_mutex  the device table and each device's @visible flag
 *   disk->open_mutex    taken by the block layer around open and release
 *   mlic_device.lock    state, configuration and the secure area
 * The I/O path takes none of them: it runs only while the device is bound,
 * and unbinding freezes the queue before it changes anything I/O uses.
 */
#ifndef _MLIC_PRIVATE_H
#define _MLIC_PRIVATE_H

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/mlic.h>

#include "format.h"

#define MLIC_NAME		"mlic"
#define MLIC_PART_SHIFT		4	/* 15 partitions per medium */
#define MLIC_QUEUE_DEPTH	128
#define MLIC_INLINE_BVECS	16

/*
 * Device states.  UNBOUND -> BOUND on attach; BOUND -> RUNDOWN -> UNBOUND
 * on detach (or on last close with autoclear); UNBOUND -> DELETING when
 * the device is removed.  Only BOUND devices do I/O or license work.
 */
enum mlic_state {
	MLIC_UNBOUND,
	MLIC_BOUND,
	MLIC_RUNDOWN,
	MLIC_DELETING,
};

/* What happened to one copy of the secure area at attach. */
enum mlic_copy_state {
	MLIC_COPY_OK,
	MLIC_COPY_REPAIRED,	/* was damaged or stale, rewritten */
	MLIC_COPY_DAMAGED,	/* is damaged, could not be rewritten */
};

/**
 * struct mlic_device - one /dev/mlicN
 * @index: N
 * @visible: listed in the device table (under mlic_devices_mutex)
 * @disk: the gendisk; its capacity is the user area
 * @tag_set: blk-mq tag set, one hardware queue
 * @lock: serialises attach, detach, removal and secure area access
 * @state: enum mlic_state; written under @lock, read by the I/O path
 * @wq: runs requests against the backing file; exists while bound
 * @backing: the image, as handed in by the attaching process
 * @geo: the checked geometry of the image
 * @user_sectors: size of the user area in 512-byte sectors
 * @dio_align: alignment for direct I/O to @backing, 0 if not possible
 * @read_only: no write reaches the image, not even a repair
 * @autoclear: detach when the last opener closes
 * @secure: the secure area copy in use, geo.copy_bytes long
 * @generation: generation of @secure
 * @slots_used: used license slots in @secure
 * @license_state: MLIC_LICENSE_* of the medium
 * @copy_state: enum mlic_copy_state of copies A and B
 */
struct mlic_device {
	unsigned int index;
	bool visible;
	struct gendisk *disk;
	struct blk_mq_tag_set tag_set;

	struct mutex lock;		/* see the locking rules above */
	enum mlic_state state;
	struct workqueue_struct *wq;

	struct file *backing;
	struct mlic_geometry geo;
	sector_t user_sectors;
	unsigned int dio_align;
	bool read_only;
	bool autoclear;

	void *secure;
	u64 generation;
	u32 slots_used;
	u32 license_state;
	u8 copy_state[2];
};

/* control.c */
int mlic_control_init(void);
void mlic_control_exit(void);

/* device.c */
extern int mlic_major;
struct mlic_device *mlic_device_create(unsigned int index);
void mlic_device_destroy(struct mlic_device *dev);
int mlic_attach(struct mlic_device *dev, bool writable,
		const struct mlic_attach *req);
int mlic_detach(struct mlic_device *dev);
void mlic_unbind(struct mlic_device *dev, bool in_release);

/* ioctl.c */
bool mlic_ioctl_is(unsigned int cmd, unsigned int want);
int mlic_ioctl_copy_in(void *karg, size_t ksize, unsigned int cmd,
		       unsigned long arg);
int mlic_ioctl_copy_out(unsigned int cmd, unsigned long arg,
			const void *karg, size_t ksize);

/* io.c */
int mlic_io_alloc_tags(struct mlic_device *dev);
int mlic_io_start(struct mlic_device *dev);
void mlic_io_stop(struct mlic_device *dev);
int mlic_backing_rw(struct file *file, void *buf, size_t len, loff_t pos,
		    bool write);

/* secure.c */
int mlic_secure_load(struct mlic_device *dev);
void mlic_secure_unload(struct mlic_device *dev);
const char *mlic_license_state_name(u32 state);
const char *mlic_copy_state_name(u8 state);

/* sysfs.c */
extern const struct attribute_group *mlic_disk_groups[];

#endif /* _MLIC_PRIVATE_H */
