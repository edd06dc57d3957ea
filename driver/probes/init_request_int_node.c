// SPDX-License-Identifier: GPL-2.0
/* After 6.12 (seen in 7.2): init_request() takes the NUMA node as an int. */
#include <linux/blk-mq.h>

typedef int (*probe_init_t)(struct blk_mq_tag_set *set, struct request *rq,
			    unsigned int hctx_idx, int numa_node);

static_assert(__same_type(((const struct blk_mq_ops *)0)->init_request,
			  probe_init_t));
