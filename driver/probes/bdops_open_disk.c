// SPDX-License-Identifier: GPL-2.0
/* 6.5: block_device_operations open() takes the gendisk and a blk_mode_t. */
#include <linux/blkdev.h>

typedef int (*probe_open_t)(struct gendisk *disk, blk_mode_t mode);

static_assert(__same_type(((const struct block_device_operations *)0)->open,
			  probe_open_t));
