// SPDX-License-Identifier: GPL-2.0
/*
 * key.c - key files: 32 secret bytes in a file of their own, created
 * O_EXCL with mode 0400 and synced, read back only into memory that the
 * caller wipes.  Keys never pass through the command line.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libmlic.h"

/**
 * mlic_key_read_fd() - read a key from a file, pipe or terminal
 * @fd: where it comes from, at its current position
 * @key: receives %MLIC_KEY_SIZE bytes; wiped on failure
 * @why: set to a reason for -EINVAL, else NULL
 *
 * Exactly %MLIC_KEY_SIZE bytes must come before the end of the input.
 *
 * Return: 0, -EINVAL if fewer or more bytes come, or the read error.
 */
int mlic_key_read_fd(int fd, u8 key[MLIC_KEY_SIZE], const char **why)
{
	u8 buf[MLIC_KEY_SIZE + 1];
	size_t got;
	int ret;

	*why = NULL;
	ret = mlic_read_full(fd, buf, sizeof(buf), &got);
	if (!ret && got != MLIC_KEY_SIZE) {
		*why = "a key file holds exactly 32 bytes";
		ret = -EINVAL;
	}
	if (!ret)
		memcpy(key, buf, MLIC_KEY_SIZE);
	else
		explicit_bzero(key, MLIC_KEY_SIZE);
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

/**
 * mlic_key_read() - read a key file
 * @path: the file
 * @key: receives %MLIC_KEY_SIZE bytes; wiped on failure
 * @mode: receives the file's permission bits, so the caller can warn
 * @why: set to a reason for -EINVAL, else NULL
 *
 * Return: 0, -EINVAL if the file is not a regular file of exactly
 * %MLIC_KEY_SIZE bytes, or the error of open or read.
 */
int mlic_key_read(const char *path, u8 key[MLIC_KEY_SIZE], mode_t *mode,
		  const char **why)
{
	struct stat st;
	int fd, ret;

	*why = NULL;
	explicit_bzero(key, MLIC_KEY_SIZE);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
	} else if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		ret = -EINVAL;
	} else {
		*mode = st.st_mode & 07777;
		ret = mlic_key_read_fd(fd, key, why);
	}
	close(fd);
	return ret;
}

/**
 * mlic_key_write_new() - create a key file that did not exist
 * @path: the file; an existing file or link is never overwritten
 * @key: %MLIC_KEY_SIZE bytes
 * @mode: permission bits of the new file (0400 for the system key)
 *
 * The file is created O_EXCL, given @mode regardless of the umask, written,
 * synced, and its directory synced.  On failure it is removed again.
 *
 * Return: 0, -EEXIST if @path exists, or another -errno.
 */
int mlic_key_write_new(const char *path, const u8 key[MLIC_KEY_SIZE],
		       mode_t mode)
{
	int fd, ret;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
		  O_NOCTTY, mode);
	if (fd < 0)
		return -errno;
	ret = fchmod(fd, mode) ? -errno : 0;
	if (!ret)
		ret = mlic_write_full(fd, key, MLIC_KEY_SIZE);
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (ret)
		unlink(path);
	if (!ret)
		ret = mlic_fsync_parent(path);
	return ret;
}
