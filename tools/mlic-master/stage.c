// SPDX-License-Identifier: GPL-2.0
/*
 * stage.c - the staging directory of mlic-master create: a private
 * directory (mode 0700) next to the image, where the contents are
 * encrypted into the files that mke2fs -d then copies into the user area.
 * It only ever holds ciphertext, and is removed whatever happens.  Before
 * anything is encrypted, a probe file system of the user area's size says
 * whether the encrypted contents will fit.
 */
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlic-master.h"

#define MIB	1048576.0

/**
 * stage_create() - make the staging directory of an image
 * @verb: the verb, for messages
 * @image: the image to be made
 * @st: receives the directory and its "user" subdirectory
 *
 * Return: 0, or -errno after saying what is wrong.
 */
int stage_create(const char *verb, const char *image, struct stage *st)
{
	char *copy = strdup(image);
	int ret = 0;

	memset(st, 0, sizeof(*st));
	if (!copy || asprintf(&st->dir, "%s/.mlic-master.XXXXXX",
			      dirname(copy)) < 0) {
		st->dir = NULL;
		ret = -ENOMEM;
	} else if (!mkdtemp(st->dir)) {
		ret = -errno;
		free(st->dir);
		st->dir = NULL;
	}
	free(copy);
	if (!ret) {
		st->user = stage_path(st, "user");
		if (!st->user)
			ret = -ENOMEM;
		else if (mkdir(st->user, 0755))
			ret = -errno;
	}
	if (ret) {
		mlic_cli_errno(verb, st->dir ? st->dir : image, ret,
			       MLIC_ERR_FILE);
		stage_remove(st);
	}
	return ret;
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
			struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/**
 * stage_remove() - remove the staging directory and all it holds
 * @st: the stage; may be half made
 */
void stage_remove(struct stage *st)
{
	if (st->dir)
		nftw(st->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(st->dir);
	free(st->user);
	memset(st, 0, sizeof(*st));
}

/**
 * stage_path() - a file of the staging directory
 * @st: the stage
 * @name: the file's name
 *
 * Return: its path (malloc()ed), or NULL.
 */
char *stage_path(const struct stage *st, const char *name)
{
	char *path;

	return asprintf(&path, "%s/%s", st->dir, name) < 0 ? NULL : path;
}

/**
 * stage_check_fit() - will the encrypted contents fit the user area?
 * @verb: the verb, for messages
 * @image: the image, for messages
 * @st: the stage, where a probe file system is made
 * @mke2fs: path of mke2fs
 * @user_bytes: the size of the user area
 * @c: the contents
 * @n: their number
 *
 * Return: 0, -ENOSPC if they do not fit, or -errno; a message says why.
 */
int stage_check_fit(const char *verb, const char *image,
		    const struct stage *st, const char *mke2fs, u64 user_bytes,
		    const struct content *c, size_t n)
{
	u64 *bytes = calloc(n, sizeof(*bytes)), need;
	size_t *names = calloc(n, sizeof(*names)), i;
	char *probe = stage_path(st, "probe.img");
	struct ext4_room room;
	int ret = -ENOMEM;

	if (bytes && names && probe)
		ret = mkfs_probe(mke2fs, probe, user_bytes, &room);
	if (ret == -ECHILD)
		mlic_cli_error(verb, image, "mke2fs failed on a probe of the "
			       "user area");
	else if (ret)
		mlic_cli_errno(verb, image, ret, MLIC_ERR_FILE);
	for (i = 0; !ret && i < n; i++) {
		bytes[i] = mlic_content_encrypted_bytes(c[i].plain_bytes,
							MLIC_CHUNK_DEFAULT);
		names[i] = strlen(c[i].file);
	}
	need = ret ? 0 : mkfs_blocks_needed(bytes, names, n);
	if (!ret && (need > room.blocks || n > room.inodes)) {
		mlic_cli_error(verb, image, "the contents do not fit the user "
			       "area: they need %.1f MiB, it has %.1f MiB "
			       "free", need * 4096 / MIB,
			       room.blocks * 4096 / MIB);
		mlic_cli_hint("give a larger --size");
		ret = -ENOSPC;
	}
	free(bytes);
	free(names);
	free(probe);
	return ret;
}

/* Encrypt one content into the user directory of the stage. */
static int stage_one(const char *verb, const struct stage *st,
		     const struct content *c, const struct mlic_keytab *kt)
{
	char *path;
	int fd, ret;

	if (asprintf(&path, "%s/%s", st->user, c->file) < 0)
		return -ENOMEM;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || fchmod(fd, 0644)) {
		ret = -errno;
		mlic_cli_errno(verb, path, ret, MLIC_ERR_FILE);
	} else {
		ret = encrypt_content(verb, c->path, c->in, c->plain_bytes,
				      &kt->entries[c->entry], path, fd);
	}
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

/**
 * stage_encrypt() - encrypt every content into the stage
 * @verb: the verb, for messages
 * @st: the stage
 * @c: the contents
 * @n: their number
 * @kt: the key table their entries index
 *
 * Return: 0, or -errno after saying what is wrong.
 */
int stage_encrypt(const char *verb, const struct stage *st,
		  const struct content *c, size_t n,
		  const struct mlic_keytab *kt)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < n && !ret; i++)
		ret = stage_one(verb, st, &c[i], kt);
	return ret;
}
