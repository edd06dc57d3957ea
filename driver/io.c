// SPDX-License-Identifier: GPL-2.0
/*
 * io.c - the data path: requests on /dev/mlicN become I/O on the user area
 * of the backing file.
 *
 * Every request is checked against the size of the user area and shifted by
 * its offset; nothing here can address the first area or the secure area.
 * A request is handed to the backing file whole, as one bvec iterator: with
 * direct I/O and asynchronous completion when the file supports it and the
 * request is aligned for it, through the page cache otherwise.  Work runs
 * on a per-device workqueue, so submitters never block on the backing file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/falloc.h>
#include <linux/highmem.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/uio.h>

#include "mlic_private.h"
#include "compat.h"

/**
 * struct mlic_cmd - per-request driver data
 * @work: runs the request on the device workqueue
 * @iocb: the I/O to the backing file
 * @ref: completion and submission each hold one (asynchronous I/O may
 *	 complete while the submitter still walks the iterator)
 * @ret: result of the backing I/O, bytes or -errno
 * @expect: bytes the backing I/O must move, 0 for flush and fallocate
 * @bvec: the request's bvecs when it spans several bios
 * @inline_bvec: where @bvec points when they fit
 */
struct mlic_cmd {
	struct work_struct work;
	struct kiocb iocb;
	atomic_t ref;
	long ret;
	unsigned int expect;
	struct bio_vec *bvec;
	struct bio_vec inline_bvec[MLIC_INLINE_BVECS];
};

static struct block_device *mlic_backing_bdev(struct file *file)
{
	struct inode *inode = file->f_mapping->host;

	if (S_ISBLK(inode->i_mode))
		return I_BDEV(inode);
	return inode->i_sb->s_bdev;
}

/*
 * The alignment direct I/O to @file needs, for file offsets, lengths and
 * memory alike; 0 when the file cannot do direct I/O or does not say.
 */
static unsigned int mlic_dio_alignment(struct file *file)
{
	struct inode *inode = file->f_mapping->host;
	struct kstat stat = { };
	unsigned int align;

	if (!(file->f_mode & FMODE_CAN_ODIRECT))
		return 0;
	if (S_ISBLK(inode->i_mode)) {
		struct block_device *bdev = I_BDEV(inode);

		align = max(bdev_logical_block_size(bdev),
			    bdev_dma_alignment(bdev) + 1);
	} else {
		if (vfs_getattr(&file->f_path, &stat, STATX_DIOALIGN,
				AT_STATX_SYNC_AS_STAT) ||
		    !(stat.result_mask & STATX_DIOALIGN) ||
		    !stat.dio_offset_align)
			return 0;
		align = max(stat.dio_offset_align, stat.dio_mem_align);
	}
	if (!is_power_of_2(align) || align > PAGE_SIZE)
		return 0;
	return max_t(unsigned int, align, SECTOR_SIZE);
}

static void mlic_complete_rq(struct request *rq)
{
	struct mlic_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct mlic_device *dev = rq->q->queuedata;
	blk_status_t status = BLK_STS_OK;

	if (cmd->bvec != cmd->inline_bvec)
		kfree(cmd->bvec);
	cmd->bvec = NULL;

	if (cmd->ret < 0)
		status = errno_to_blk_status(cmd->ret);
	else if (cmd->ret != cmd->expect)
		status = BLK_STS_IOERR;	/* short: the image shrank */
	if (status != BLK_STS_OK && status != BLK_STS_NOTSUPP)
		pr_err_ratelimited("%s: %s of %u bytes at user byte %llu failed: %ld\n",
				   dev->disk->disk_name,
				   blk_op_str(req_op(rq)), blk_rq_bytes(rq),
				   (unsigned long long)blk_rq_pos(rq) << SECTOR_SHIFT,
				   cmd->ret < 0 ? cmd->ret : -EIO);
	blk_mq_end_request(rq, status);
}

static void mlic_cmd_put(struct mlic_cmd *cmd)
{
	if (atomic_dec_and_test(&cmd->ref))
		blk_mq_complete_request(blk_mq_rq_from_pdu(cmd));
}

static void mlic_rw_done(struct kiocb *iocb, long ret)
{
	struct mlic_cmd *cmd = container_of(iocb, struct mlic_cmd, iocb);
	struct request *rq = blk_mq_rq_from_pdu(cmd);

	if (req_op(rq) == REQ_OP_WRITE &&
	    S_ISREG(file_inode(iocb->ki_filp)->i_mode))
		kiocb_end_write(iocb);
	cmd->ret = ret;
	mlic_cmd_put(cmd);
}

/*
 * Point @iter at the data of @rq.  A request of one bio lends its own bvec
 * array; one of several bios gets the bvecs gathered into @cmd.
 *
 * Return: the bitwise OR of the bvec offsets and lengths (for the direct
 * I/O alignment check), or -ENOMEM.
 */
static long mlic_rq_iter(struct mlic_cmd *cmd, struct request *rq,
			 unsigned int dir, struct iov_iter *iter)
{
	struct req_iterator rq_iter;
	struct bio *bio = rq->bio;
	unsigned int nr = 0, offset = 0;
	unsigned long bits = 0;
	const struct bio_vec *bvec;
	struct bio_vec bv;

	rq_for_each_bvec(bv, rq, rq_iter) {
		bits |= bv.bv_offset | bv.bv_len;
		nr++;
	}

	if (rq->bio == rq->biotail) {
		/* A split bio may start inside its first bvec. */
		bvec = __bvec_iter_bvec(bio->bi_io_vec, bio->bi_iter);
		offset = bio->bi_iter.bi_bvec_done;
	} else {
		if (nr <= MLIC_INLINE_BVECS)
			cmd->bvec = cmd->inline_bvec;
		else
			cmd->bvec = kmalloc_array(nr, sizeof(*bvec), GFP_NOIO);
		if (!cmd->bvec)
			return -ENOMEM;
		nr = 0;
		rq_for_each_bvec(bv, rq, rq_iter)
			cmd->bvec[nr++] = bv;
		bvec = cmd->bvec;
	}
	iov_iter_bvec(iter, dir, bvec, nr, blk_rq_bytes(rq));
	iter->iov_offset = offset;
	return bits;
}

static void mlic_rw(struct mlic_device *dev, struct mlic_cmd *cmd,
		    struct request *rq, loff_t pos)
{
	bool write = req_op(rq) == REQ_OP_WRITE;
	struct file *file = dev->backing;
	struct iov_iter iter;
	bool direct;
	long bits;
	ssize_t ret;

	bits = mlic_rq_iter(cmd, rq, write ? ITER_SOURCE : ITER_DEST, &iter);
	if (bits < 0) {
		cmd->ret = bits;
		blk_mq_complete_request(rq);
		return;
	}
	direct = dev->dio_align &&
		 !((bits | pos | blk_rq_bytes(rq)) & (dev->dio_align - 1));

	init_sync_kiocb(&cmd->iocb, file);
	cmd->iocb.ki_pos = pos;
	cmd->iocb.ki_ioprio = req_get_ioprio(rq);
	if (direct) {
		cmd->iocb.ki_flags |= IOCB_DIRECT;
		cmd->iocb.ki_complete = mlic_rw_done;
	}
	if (rq->cmd_flags & REQ_FUA)
		cmd->iocb.ki_flags |= IOCB_DSYNC;
	cmd->expect = blk_rq_bytes(rq);
	atomic_set(&cmd->ref, 2);

	if (write) {
		if (S_ISREG(file_inode(file)->i_mode))
			kiocb_start_write(&cmd->iocb);
		ret = file->f_op->write_iter(&cmd->iocb, &iter);
	} else {
		ret = file->f_op->read_iter(&cmd->iocb, &iter);
		if (!direct && ret > 0) {
			struct req_iterator rq_iter;
			struct bio_vec bv;

			rq_for_each_segment(bv, rq, rq_iter)
				flush_dcache_page(bv.bv_page);
		}
	}
	mlic_cmd_put(cmd);
	if (ret != -EIOCBQUEUED)
		mlic_rw_done(&cmd->iocb, ret);
}

static int mlic_flush(struct mlic_device *dev)
{
	if (dev->read_only)
		return 0;
	return vfs_fsync(dev->backing, 0);
}

static int mlic_fallocate(struct mlic_device *dev, struct request *rq,
			  loff_t pos)
{
	struct file *file = dev->backing;
	bool bdev = S_ISBLK(file->f_mapping->host->i_mode);
	int mode = FALLOC_FL_KEEP_SIZE;

	/*
	 * Discard punches a hole.  Write zeroes punches one too when the
	 * caller allows unmapping, except on a block device, where a hole
	 * needs hardware support and zeroing the range always works.
	 */
	if (req_op(rq) == REQ_OP_WRITE_ZEROES &&
	    (bdev || (rq->cmd_flags & REQ_NOUNMAP)))
		mode |= FALLOC_FL_ZERO_RANGE;
	else
		mode |= FALLOC_FL_PUNCH_HOLE;
	return file->f_op->fallocate(file, mode, pos, blk_rq_bytes(rq));
}

static void mlic_workfn(struct work_struct *work)
{
	struct mlic_cmd *cmd = container_of(work, struct mlic_cmd, work);
	struct request *rq = blk_mq_rq_from_pdu(cmd);
	struct mlic_device *dev = rq->q->queuedata;
	unsigned int noio;
	loff_t pos;

	/* Reclaim must not recurse into this device through the image. */
	noio = memalloc_noio_save();
	cmd->ret = 0;
	cmd->expect = 0;
	if (req_op(rq) == REQ_OP_FLUSH) {
		cmd->ret = mlic_flush(dev);
		blk_mq_complete_request(rq);
		goto out;
	}

	/* mlic_queue_rq() has checked the range: it is in the user area. */
	pos = dev->geo.user_offset + (blk_rq_pos(rq) << SECTOR_SHIFT);
	switch (req_op(rq)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		mlic_rw(dev, cmd, rq, pos);
		break;
	default:	/* discard and write zeroes */
		cmd->ret = mlic_fallocate(dev, rq, pos);
		blk_mq_complete_request(rq);
		break;
	}
out:
	memalloc_noio_restore(noio);
}

static blk_status_t mlic_queue_rq(struct blk_mq_hw_ctx *hctx,
				  const struct blk_mq_queue_data *bd)
{
	struct request *rq = bd->rq;
	struct mlic_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct mlic_device *dev = rq->q->queuedata;

	blk_mq_start_request(rq);

	/* Pairs with the release in mlic_bind(): the setup is visible. */
	if (smp_load_acquire(&dev->state) != MLIC_BOUND)
		return BLK_STS_IOERR;
	switch (req_op(rq)) {
	case REQ_OP_FLUSH:
		break;
	case REQ_OP_WRITE:
	case REQ_OP_DISCARD:
	case REQ_OP_WRITE_ZEROES:
		if (dev->read_only)
			return BLK_STS_IOERR;
		fallthrough;
	case REQ_OP_READ:
		/*
		 * The block layer has checked the range against the capacity;
		 * check it again against the user area, which is all this
		 * device may ever touch.
		 */
		if (unlikely(blk_rq_pos(rq) + blk_rq_sectors(rq) >
			     dev->user_sectors))
			return BLK_STS_IOERR;
		break;
	default:
		return BLK_STS_NOTSUPP;
	}

	cmd->bvec = NULL;
	queue_work(dev->wq, &cmd->work);
	return BLK_STS_OK;
}

static int mlic_init_request(struct blk_mq_tag_set *set, struct request *rq,
			     unsigned int hctx_idx,
			     MLIC_NUMA_NODE_TYPE numa_node)
{
	struct mlic_cmd *cmd = blk_mq_rq_to_pdu(rq);

	INIT_WORK(&cmd->work, mlic_workfn);
	return 0;
}

static const struct blk_mq_ops mlic_mq_ops = {
	.queue_rq	= mlic_queue_rq,
	.complete	= mlic_complete_rq,
	.init_request	= mlic_init_request,
};

/**
 * mlic_io_alloc_tags() - set up the blk-mq tag set of a new device
 * @dev: the device
 *
 * Return: 0 or a negative errno.
 */
int mlic_io_alloc_tags(struct mlic_device *dev)
{
	struct blk_mq_tag_set *set = &dev->tag_set;

	set->ops = &mlic_mq_ops;
	set->nr_hw_queues = 1;
	set->queue_depth = MLIC_QUEUE_DEPTH;
	set->numa_node = NUMA_NO_NODE;
	set->cmd_size = sizeof(struct mlic_cmd);
	set->flags = MLIC_MQ_F_SHOULD_MERGE | BLK_MQ_F_STACKING |
		     BLK_MQ_F_NO_SCHED_BY_DEFAULT;
	set->driver_data = dev;
	return blk_mq_alloc_tag_set(set);
}

/**
 * mlic_io_start() - prepare the data path of a device being bound
 * @dev: the device, with @backing, @geo and @read_only set
 *
 * Chooses direct I/O when the backing file supports it, sets the queue
 * limits to what the backing file can do and creates the workqueue.
 *
 * Return: 0 or a negative errno.
 */
int mlic_io_start(struct mlic_device *dev)
{
	struct file *file = dev->backing;
	struct block_device *bdev = mlic_backing_bdev(file);
	struct request_queue *q = dev->disk->queue;
	struct mlic_limits lim = {
		.logical_block_size = SECTOR_SIZE,
		.physical_block_size = MLIC_AREA_ALIGN,
		.max_hw_sectors = MLIC_MAX_SECTORS,
		.dma_alignment = SECTOR_SIZE - 1,
	};
	unsigned int freeze;
	int err;

	dev->dio_align = mlic_dio_alignment(file);
	if (dev->dio_align)
		lim.dma_alignment = dev->dio_align - 1;
	if (!dev->read_only && file->f_op->fallocate) {
		if (!S_ISBLK(file->f_mapping->host->i_mode)) {
			lim.max_discard_sectors = UINT_MAX >> SECTOR_SHIFT;
			lim.max_write_zeroes_sectors = UINT_MAX >> SECTOR_SHIFT;
		} else {
			lim.max_discard_sectors = bdev_write_zeroes_sectors(bdev);
			lim.max_write_zeroes_sectors = UINT_MAX >> SECTOR_SHIFT;
		}
	}
	lim.write_cache = !dev->read_only && file->f_op->fsync;
	lim.fua = lim.write_cache;
	lim.rotational = bdev && mlic_bdev_rotational(bdev);

	freeze = mlic_freeze_queue(q);
	err = mlic_set_limits(q, &lim);
	mlic_unfreeze_queue(q, freeze);
	if (err)
		return err;

	dev->wq = alloc_workqueue(MLIC_NAME "%u",
				  WQ_UNBOUND | WQ_FREEZABLE | WQ_MEM_RECLAIM,
				  0, dev->index);
	return dev->wq ? 0 : -ENOMEM;
}

/**
 * mlic_io_stop() - tear down the data path of a device being unbound
 * @dev: the device, its queue drained by a freeze
 */
void mlic_io_stop(struct mlic_device *dev)
{
	if (dev->wq)
		destroy_workqueue(dev->wq);
	dev->wq = NULL;
	dev->dio_align = 0;
}

/**
 * mlic_backing_rw() - read or write driver metadata in the image
 * @file: the image
 * @buf: kernel buffer
 * @len: bytes to move
 * @pos: offset in the image
 * @write: direction
 *
 * For the first and the secure area only; user data goes through requests.
 *
 * Return: 0, or a negative errno; a short transfer is -EIO.
 */
int mlic_backing_rw(struct file *file, void *buf, size_t len, loff_t pos,
		    bool write)
{
	while (len) {
		ssize_t n;

		if (write)
			n = kernel_write(file, buf, len, &pos);
		else
			n = kernel_read(file, buf, len, &pos);
		if (n < 0)
			return n;
		if (!n)
			return -EIO;
		buf += n;
		len -= n;
	}
	return 0;
}
