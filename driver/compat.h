/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every difference between the kernels mlic builds for.
 *
 * The block layer API moves between releases.  Each difference is wrapped
 * here once, chosen by the feature probes of driver/probes/ (probes.h, made
 * at build time against the target kernel's headers), never by a version
 * number: a kernel that backported a change, or one nobody tested, gets
 * the wrapper for the API it really has.  The rest of the driver reads as
 * code for one kernel.
 */
#ifndef _MLIC_COMPAT_H
#define _MLIC_COMPAT_H

#include <linux/blkdev.h>
#include <linux/blk-mq.h>

#include "probes.h"

#ifdef MLIC_HAVE_HEX_H
#include <linux/hex.h>
#endif

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

#ifdef MLIC_HAVE_ALLOC_DISK_LIMITS
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

/*
 * Freezing a queue returns memalloc flags for unfreezing to restore where
 * the probe finds it; elsewhere the flags are 0 and ignored.
 */
static inline unsigned int mlic_freeze_queue(struct request_queue *q)
{
#ifdef MLIC_HAVE_FREEZE_MEMFLAGS
	return blk_mq_freeze_queue(q);
#else
	blk_mq_freeze_queue(q);
	return 0;
#endif
}

static inline void mlic_unfreeze_queue(struct request_queue *q,
				       unsigned int memflags)
{
#ifdef MLIC_HAVE_FREEZE_MEMFLAGS
	blk_mq_unfreeze_queue(q, memflags);
#else
	blk_mq_unfreeze_queue(q);
#endif
}

#ifdef MLIC_HAVE_LIMITS_FEATURES

/* Limits and features change atomically, the queue frozen by the caller. */
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

#else

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

#endif /* MLIC_HAVE_LIMITS_FEATURES */

#ifdef MLIC_HAVE_MQ_SHOULD_MERGE
#define MLIC_MQ_F_SHOULD_MERGE	BLK_MQ_F_SHOULD_MERGE
#else
#define MLIC_MQ_F_SHOULD_MERGE	0	/* every queue merges */
#endif

/* The type of the NUMA node argument of blk_mq_ops.init_request. */
#ifdef MLIC_HAVE_INIT_REQUEST_INT_NODE
#define MLIC_NUMA_NODE_TYPE	int
#else
#define MLIC_NUMA_NODE_TYPE	unsigned int
#endif

static inline bool mlic_bdev_rotational(struct block_device *bdev)
{
#ifdef MLIC_HAVE_BDEV_ROT
	return bdev_rot(bdev);
#else
	return !bdev_nonrot(bdev);
#endif
}

#ifdef MLIC_HAVE_MEDIA_CHANGE_NOARG
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
 * Block device operations: open and release take the gendisk and a
 * blk_mode_t where the probe finds it, ioctl a blk_mode_t.  The driver
 * implements mlic_open(disk), mlic_release(disk) and mlic_ioctl(bdev,
 * mode, ...) with its own MLIC_MODE_* bits (mlic_private.h); these adapt
 * them to the kernel's signatures.
 */
#ifdef MLIC_HAVE_BDOPS_OPEN_DISK
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
#endif /* MLIC_HAVE_BDOPS_OPEN_DISK */

#endif /* _MLIC_COMPAT_H */
