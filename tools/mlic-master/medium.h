/* SPDX-License-Identifier: GPL-2.0 */
/*
 * medium.h - mlic-master create: what create.c decides and medium.c
 * builds.
 */
#ifndef _MLIC_MASTER_MEDIUM_H
#define _MLIC_MASTER_MEDIUM_H

#include "mlic-master.h"

/**
 * struct create_args - the options and operands of create
 * @system_key: --system-key FILE
 * @keytab: --keytab FILE
 * @size_arg: --size as given
 * @image: IMAGE
 * @contents: CONTENT...
 * @ncontents: their number
 * @size: --size in bytes
 * @slots: --slots
 * @medium_id: --medium-id, or random
 * @have_id: --medium-id was given
 * @json: -J
 */
struct create_args {
	const char *system_key;
	const char *keytab;
	const char *size_arg;
	const char *image;
	const char *const *contents;
	size_t ncontents;
	u64 size;
	u32 slots;
	u8 medium_id[MLIC_ID_SIZE];
	bool have_id;
	bool json;
};

/**
 * struct create - a medium being created
 * @a: what was asked for
 * @c: its contents
 * @n: their number
 * @system_key: the system key (wiped at the end)
 * @kt: the key table, with the contents' entries
 * @lock: the key table's lock
 * @hdr: the medium header
 * @geo: its geometry
 * @lwk: the medium's license-wrap transform
 * @slots: the license records of slots 0..n-1
 * @st: where the contents are encrypted
 * @mke2fs: path of mke2fs
 * @debugfs: path of debugfs (media with contents)
 * @fd: the image, once created
 */
struct create {
	struct create_args a;
	struct content *c;
	size_t n;
	u8 system_key[MLIC_KEY_SIZE];
	struct mlic_keytab kt;
	int lock;
	struct mlic_medium_header hdr;
	struct mlic_geometry geo;
	struct mlic_aead *lwk;
	struct mlic_slot *slots;
	struct stage st;
	char mke2fs[PATH_MAX];
	char debugfs[PATH_MAX];
	int fd;
};

int medium_seal_licenses(const char *verb, struct create *cr);
int medium_check_new(const char *verb, const char *path);
int medium_build(const char *verb, struct create *cr);
void medium_remove(const char *verb, struct create *cr);
void medium_close(const char *verb, struct create *cr);

#endif /* _MLIC_MASTER_MEDIUM_H */
