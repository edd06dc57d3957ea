// SPDX-License-Identifier: GPL-2.0
/* After 6.12 (seen in 7.2): bdev_nonrot() gave way to bdev_rot(). */
#include <linux/blkdev.h>

bool probe(struct block_device *bdev);
bool probe(struct block_device *bdev)
{
	return bdev_rot(bdev);
}
