/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every difference between the kernels mlic supports.
 *
 * mlic builds against Debian's 6.1 and 6.12 kernels.  The block layer API
 * changed in between (open/release take a gendisk and blk_mode_t from 6.5,
 * the media change helper lost its argument in 6.6, blk_mq_alloc_disk()
 * takes queue limits from 6.9 and limits and features are set atomically
 * from 6.11); each difference is wrapped here once so that the rest of the
 * driver reads as code for one kernel.
 */
#ifndef _MLIC_COMPAT_H
#define _MLIC_COMPAT_H

#include <linux/version.h>
#include <linux/blkdev.h>
#include <linux/blk-mq.h>

/**
 * struct mlic_limits - the queue limits mlic sets when a medium is attached
 * @logical_block_size: smallest addressable unit
 * @physical_block_size: preferred unit (the backing file's direct I/O size)
 * @max_hw_sectors: largest request
 * @max_discard_sectors: 0 when the backing file cannot punch holes
 * @max_write_zeroes_sectors: 0 when it cannot zero ranges
 * @dma_alignment: memory alignment mask for direct I/O
 * @write_cache: flushes are meaningful
 * @fua: forced unit access is honoured
 * @rotational: the backing store seeks
 */
struct mlic_limits {
	unsigned int logical_block_size;
	unsigned int physical_block_size;
	unsigned int max_hw_sectors;
	unsigned int max_discard_sectors;
	unsigned int max_write_zeroes_sectors;
	unsigned int dma_alignment;
	bool write_cache;
	bool fua;
	bool rotational;
};

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
static inline struct gendisk *mlic_alloc_disk(struct blk_mq_tag_set *set,
					      void *queuedata)
{
	return blk_mq_alloc_disk(set, NULL, queuedata);
}
#else
static inline struct gendisk *mlic_alloc_disk(struct blk_mq_tag_set *set,
					      void *queuedata)
{
	return blk_mq_alloc_disk(set, queuedata);
}
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)

#define MLIC_DEF_MAX_SECTORS	BLK_DEF_MAX_SECTORS_CAP

static inline int mlic_set_limits(struct request_queue *q,
				  const struct mlic_limits *ml)
{
	struct queue_limits lim = queue_limits_start_update(q);

	lim.logical_block_size = ml->logical_block_size;
	lim.physical_block_size = ml->physical_block_size;
	lim.io_min = ml->physical_block_size;
	lim.max_hw_sectors = ml->max_hw_sectors;
	lim.max_hw_discard_sectors = ml->max_discard_sectors;
	lim.max_write_zeroes_sectors = ml->max_write_zeroes_sectors;
	lim.discard_granularity = ml->max_discard_sectors ?
				  ml->physical_block_size : 0;
	lim.dma_alignment = ml->dma_alignment;
	lim.features &= ~(BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA |
			  BLK_FEAT_ROTATIONAL);
	if (ml->write_cache)
		lim.features |= BLK_FEAT_WRITE_CACHE;
	if (ml->fua)
		lim.features |= BLK_FEAT_FUA;
	if (ml->rotational)
		lim.features |= BLK_FEAT_ROTATIONAL;
	return queue_limits_commit_update(q, &lim);
}

#else /* before 6.11 */

#define MLIC_DEF_MAX_SECTORS	BLK_DEF_MAX_SECTORS

static inline int mlic_set_limits(struct request_queue *q,
				  const struct mlic_limits *ml)
{
	blk_queue_logical_block_size(q, ml->logical_block_size);
	blk_queue_physical_block_size(q, ml->physical_block_size);
	blk_queue_io_min(q, ml->physical_block_size);
	blk_queue_max_hw_sectors(q, ml->max_hw_sectors);
	blk_queue_max_discard_sectors(q, ml->max_discard_sectors);
	blk_queue_max_write_zeroes_sectors(q, ml->max_write_zeroes_sectors);
	q->limits.discard_granularity = ml->max_discard_sectors ?
					ml->physical_block_size : 0;
	blk_queue_dma_alignment(q, ml->dma_alignment);
	blk_queue_write_cache(q, ml->write_cache, ml->fua);
	if (ml->rotational)
		blk_queue_flag_clear(QUEUE_FLAG_NONROT, q);
	else
		blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	return 0;
}

#endif /* 6.11 */

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
static inline void mlic_media_changed(struct gendisk *disk)
{
	disk_force_media_change(disk);
}
#else
static inline void mlic_media_changed(struct gendisk *disk)
{
	disk_force_media_change(disk, DISK_EVENT_MEDIA_CHANGE);
}
#endif

/*
 * Block device operations: from 6.5 open and release take the gendisk and
 * a blk_mode_t, and ioctl a blk_mode_t.  The driver implements
 * mlic_open(disk), mlic_release(disk) and mlic_ioctl(bdev, mode, ...) with
 * its own MLIC_MODE_* bits; these wrappers adapt them to the kernel's
 * signatures.
 */
#define MLIC_MODE_READ		0x1
#define MLIC_MODE_WRITE		0x2

int mlic_open(struct gendisk *disk);
void mlic_release(struct gendisk *disk);
int mlic_ioctl(struct block_device *bdev, unsigned int mode, unsigned int cmd,
	       unsigned long arg);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
static inline int mlic_bdops_open(struct gendisk *disk, blk_mode_t mode)
{
	return mlic_open(disk);
}

static inline void mlic_bdops_release(struct gendisk *disk)
{
	mlic_release(disk);
}

static inline int mlic_bdops_ioctl(struct block_device *bdev, blk_mode_t mode,
				   unsigned int cmd, unsigned long arg)
{
	return mlic_ioctl(bdev, (mode & BLK_OPEN_READ ? MLIC_MODE_READ : 0) |
			  (mode & BLK_OPEN_WRITE ? MLIC_MODE_WRITE : 0),
			  cmd, arg);
}
#else
static inline int mlic_bdops_open(struct block_device *bdev, fmode_t mode)
{
	return mlic_open(bdev->bd_disk);
}

static inline void mlic_bdops_release(struct gendisk *disk, fmode_t mode)
{
	mlic_release(disk);
}

static inline int mlic_bdops_ioctl(struct block_device *bdev, fmode_t mode,
				   unsigned int cmd, unsigned long arg)
{
	return mlic_ioctl(bdev, (mode & FMODE_READ ? MLIC_MODE_READ : 0) |
			  (mode & FMODE_WRITE ? MLIC_MODE_WRITE : 0),
			  cmd, arg);
}
#endif /* 6.5 */

#endif /* _MLIC_COMPAT_H */
