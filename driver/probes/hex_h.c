// SPDX-License-Identifier: GPL-2.0
/* hex_to_bin() lives in linux/hex.h, which kernel.h stopped including. */
#include <linux/hex.h>
