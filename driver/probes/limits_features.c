// SPDX-License-Identifier: GPL-2.0
/* 6.11: queue features (cache, FUA, rotational) are queue limits. */
#include <linux/blkdev.h>

int probe(struct request_queue *q);
int probe(struct request_queue *q)
{
	struct queue_limits lim = queue_limits_start_update(q);

	lim.features |= BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA |
			BLK_FEAT_ROTATIONAL;
	return queue_limits_commit_update(q, &lim);
}
