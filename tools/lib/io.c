// SPDX-License-Identifier: GPL-2.0
/*
 * io.c - reads and writes that either complete or say why not, the size
 * of a file or block device, and random bytes from the kernel.
 */
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "libmlic.h"

/*
 * Move exactly @len bytes between @buf and @fd, at @off or, if @off is
 * negative, at the file position; retried across signals and short
 * transfers.  A read that meets the end of the file fails with -ENODATA,
 * a write that makes no progress with -EIO.
 */
static int io_full(int fd, void *buf, size_t len, s64 off, bool out)
{
	u8 *p = buf;
	ssize_t n;

	while (len) {
		if (!out)
			n = pread(fd, p, len, off);
		else if (off < 0)
			n = write(fd, p, len);
		else
			n = pwrite(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return out ? -EIO : -ENODATA;
		p += n;
		len -= n;
		if (off >= 0)
			off += n;
	}
	return 0;
}

/**
 * mlic_pread_full() - read exactly @len bytes at @off
 * @fd: file to read
 * @buf: destination
 * @len: number of bytes
 * @off: offset in the file
 *
 * Return: 0, -ENODATA if the file ends first, or the read error.
 */
int mlic_pread_full(int fd, void *buf, size_t len, u64 off)
{
	if (off > (u64)S64_MAX)
		return -EINVAL;
	return io_full(fd, buf, len, off, false);
}

/**
 * mlic_pwrite_full() - write exactly @len bytes at @off
 * @fd: file to write
 * @buf: source
 * @len: number of bytes
 * @off: offset in the file
 *
 * Return: 0 or the write error (-EIO if the file would not grow).
 */
int mlic_pwrite_full(int fd, const void *buf, size_t len, u64 off)
{
	if (off > (u64)S64_MAX)
		return -EINVAL;
	return io_full(fd, (void *)buf, len, off, true);
}

/**
 * mlic_write_full() - write exactly @len bytes at the file position
 * @fd: file to write
 * @buf: source
 * @len: number of bytes
 *
 * Return: 0 or the write error.
 */
int mlic_write_full(int fd, const void *buf, size_t len)
{
	return io_full(fd, (void *)buf, len, -1, true);
}

/**
 * mlic_random() - fill a buffer with random bytes from getrandom()
 * @buf: destination
 * @len: number of bytes
 *
 * Blocks until the kernel's random pool is initialized.
 *
 * Return: 0 or the getrandom() error.
 */
int mlic_random(void *buf, size_t len)
{
	u8 *p = buf;
	ssize_t n;

	while (len) {
		n = getrandom(p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= n;
	}
	return 0;
}

/**
 * mlic_fd_size() - size of a regular file or block device
 * @fd: the open file
 * @bytes: its size
 *
 * Return: 0, -EINVAL if @fd is neither, or the error of fstat or ioctl.
 */
int mlic_fd_size(int fd, u64 *bytes)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISREG(st.st_mode)) {
		*bytes = st.st_size;
		return 0;
	}
	if (S_ISBLK(st.st_mode))
		return ioctl(fd, BLKGETSIZE64, bytes) ? -errno : 0;
	return -EINVAL;
}

/**
 * mlic_fsync_parent() - make the directory entry of @path durable
 * @path: a file just created or removed
 *
 * Return: 0 or the error of open or fsync on the directory.
 */
int mlic_fsync_parent(const char *path)
{
	char *copy = strdup(path);
	int fd, ret = 0;

	if (!copy)
		return -ENOMEM;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		ret = -errno;
	else if (fsync(fd))
		ret = -errno;
	if (fd >= 0)
		close(fd);
	free(copy);
	return ret;
}
