/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mlic-master.h - the verbs of mlic-master, the licensing side of mlic,
 * and the ext4 helpers that create uses.
 */
#ifndef _MLIC_MASTER_H
#define _MLIC_MASTER_H

#include "libmlic.h"

int cmd_keygen(const struct mlic_verb *verb, int argc, char **argv);
int cmd_create(const struct mlic_verb *verb, int argc, char **argv);

int mkfs_find(char *path, size_t size);
int mkfs_run(const char *mke2fs, const char *image, u64 offset, u64 bytes);
int mkfs_verify(int fd, u64 offset, u64 bytes, const char **why);

#endif /* _MLIC_MASTER_H */
