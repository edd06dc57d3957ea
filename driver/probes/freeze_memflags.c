// SPDX-License-Identifier: GPL-2.0
/* 6.14: freezing a queue returns memalloc flags that unfreezing restores. */
#include <linux/blk-mq.h>

void probe(struct request_queue *q);
void probe(struct request_queue *q)
{
	unsigned int memflags = blk_mq_freeze_queue(q);

	blk_mq_unfreeze_queue(q, memflags);
}
