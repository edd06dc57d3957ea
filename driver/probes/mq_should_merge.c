// SPDX-License-Identifier: GPL-2.0
/* Up to 6.13: merging is a tag set flag (6.14 merges on every queue). */
#include <linux/blk-mq.h>

unsigned int probe = BLK_MQ_F_SHOULD_MERGE;
