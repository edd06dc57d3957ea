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
	u8 extra;
	int fd, ret;

	*why = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	*mode = st.st_mode & 07777;
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		ret = -EINVAL;
		goto out;
	}
	ret = -EINVAL;
	if (st.st_size == MLIC_KEY_SIZE)
		ret = mlic_pread_full(fd, key, MLIC_KEY_SIZE, 0);
	if (!ret) {
		/* The file must end here, whatever st_size said. */
		ret = mlic_pread_full(fd, &extra, 1, MLIC_KEY_SIZE);
		ret = ret == -ENODATA ? 0 : ret ? ret : -EINVAL;
	}
	if (ret == -EINVAL || ret == -ENODATA) {
		*why = "a key file holds exactly 32 bytes";
		ret = -EINVAL;
	}
out:
	if (ret)
		explicit_bzero(key, MLIC_KEY_SIZE);
	explicit_bzero(&extra, sizeof(extra));
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
