/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mlic-master.h - the verbs of mlic-master, the licensing side of mlic,
 * what they share, and the ext4 helpers that create uses.
 */
#ifndef _MLIC_MASTER_H
#define _MLIC_MASTER_H

#include <limits.h>

#include "cli.h"

#define EXT4_MAX_EXTENT_BLOCKS	32768	/* blocks one extent maps */

/* The values of the options that have only a long name. */
enum {
	OPT_SYSTEM_KEY = MLIC_OPT_LONG,
	OPT_KEYTAB,
	OPT_SIZE,
	OPT_MEDIUM_ID,
	OPT_SLOTS,
	OPT_CONTENT,
	OPT_FORMAT,
	OPT_STYLE,
	OPT_TITLE,
	OPT_DPI,
};

int cmd_keygen(const struct mlic_verb *verb, int argc, char **argv);
int cmd_create(const struct mlic_verb *verb, int argc, char **argv);
int cmd_encrypt(const struct mlic_verb *verb, int argc, char **argv);
int cmd_issue(const struct mlic_verb *verb, int argc, char **argv);
int cmd_label(const struct mlic_verb *verb, int argc, char **argv);

/* common.c */
int take_medium_id(const struct mlic_verb *verb, const char *arg,
		   u8 id[MLIC_ID_SIZE]);
int read_system_key(const char *verb, const char *path,
		    u8 key[MLIC_KEY_SIZE]);
int take_keytab(const struct mlic_verb *verb, const char *arg,
		const char **path);
int keytab_open(const char *verb, const char *path, bool exclusive,
		struct mlic_keytab *kt, int *lock);
void keytab_close(struct mlic_keytab *kt, int lock);
int keytab_save(const char *verb, const char *path,
		const struct mlic_keytab *kt);
int content_entry(const char *verb, struct mlic_keytab *kt, const char *name,
		  const struct mlic_keytab_entry **e);
int content_name(const char *verb, const char *path,
		 char name[MLIC_CONTENT_NAME_SIZE]);
void crypto_failed(const char *verb, const char *object, int err);

/* encrypt.c */
int open_content(const char *verb, const char *path, u64 *bytes);
int encrypt_content(const char *verb, const char *src, int in,
		    u64 plain_bytes, const struct mlic_keytab_entry *e,
		    const char *dst, int out);

/**
 * struct content - one content of a medium being created
 * @path: its file, as given
 * @name: its name, the basename of @path
 * @file: the name of its encrypted file on the medium, NAME.mlc
 * @in: @path, open for reading
 * @plain_bytes: its size
 * @entry: its key table entry (index: the table may grow)
 * @is_new: its key is new, added to the table by this run
 * @listed: found in the user area, as it should be
 */
struct content {
	const char *path;
	char name[MLIC_CONTENT_NAME_SIZE];
	char file[MLIC_CONTENT_NAME_SIZE + 4];
	int in;
	u64 plain_bytes;
	size_t entry;
	bool is_new;
	bool listed;
};

/**
 * struct stage - the private directory where contents are encrypted
 * @dir: the directory (mode 0700), next to the image
 * @user: its subdirectory whose files go into the user area
 */
struct stage {
	char *dir;
	char *user;
};

/* stage.c */
int stage_create(const char *verb, const char *image, struct stage *st);
void stage_remove(struct stage *st);
char *stage_path(const struct stage *st, const char *name);
int stage_check_fit(const char *verb, const char *image,
		    const struct stage *st, const char *mke2fs, u64 user_bytes,
		    const struct content *c, size_t n);
int stage_encrypt(const char *verb, const struct stage *st,
		  const struct content *c, size_t n,
		  const struct mlic_keytab *kt);

/* mkfs.c */

/**
 * struct ext4_room - what a new ext4 file system has free
 * @blocks: free 4 KiB blocks
 * @inodes: free inodes
 */
struct ext4_room {
	u64 blocks;
	u64 inodes;
};

/**
 * struct ext4_dirent - one entry of a directory, as debugfs lists it
 * @mode: file type and permission bits
 * @uid: owner
 * @gid: group
 * @size: size in bytes
 * @name: its name
 */
struct ext4_dirent {
	u32 mode;
	u32 uid;
	u32 gid;
	u64 size;
	char name[256];
};

int mkfs_run(const char *mke2fs, const char *image, u64 offset, u64 bytes,
	     const char *root, void (*tick)(void *arg), void *arg);
int mkfs_verify(int fd, u64 offset, u64 bytes, const char **why);
int mkfs_probe(const char *mke2fs, const char *probe, u64 bytes,
	       struct ext4_room *room);
u64 mkfs_blocks_needed(const u64 *file_bytes, const size_t *name_len,
		       size_t n);
int mkfs_give_to_root(const char *debugfs, const char *image, u64 offset,
		      const char *cmds, const char *const *names, size_t n);
int mkfs_list_root(const char *debugfs, const char *image, u64 offset,
		   const char *out, int (*cb)(const struct ext4_dirent *d,
					      void *arg), void *arg);

#endif /* _MLIC_MASTER_H */
