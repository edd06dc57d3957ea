// SPDX-License-Identifier: GPL-2.0
/*
 * io.c - reads and writes that either complete or say why not, the size
 * of a file or block device, random bytes from the kernel, and new files
 * that appear under their name only once they are complete; paths that
 * are never truncated, and small text files read whole.
 */
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
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
 * mlic_read_full() - read up to @len bytes at the file position
 * @fd: file, pipe or terminal to read
 * @buf: destination
 * @len: room in @buf
 * @got: receives the number of bytes read: less than @len only at the end
 *	 of the input
 *
 * Return: 0 or the read error.
 */
int mlic_read_full(int fd, void *buf, size_t len, size_t *got)
{
	u8 *p = buf;
	ssize_t n;

	*got = 0;
	while (*got < len) {
		n = read(fd, p + *got, len - *got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		*got += n;
	}
	return 0;
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

/**
 * mlic_umask_mode() - the mode a new file gets from open(..., @mode)
 * @mode: permission bits asked for
 *
 * Return: @mode without the bits of the process's umask.
 */
mode_t mlic_umask_mode(mode_t mode)
{
	mode_t mask = umask(0);

	umask(mask);
	return mode & ~mask;
}

/**
 * mlic_outfile_open() - start writing a new file under a temporary name
 * @o: the state; @o->fd is the file to write
 * @path: the name it gets once complete
 * @replace: whether an existing file at @path may be replaced
 *
 * The temporary file is ".NAME.XXXXXX" in the directory of @path, mode
 * 0600 until mlic_outfile_commit() sets the final mode.
 *
 * Return: 0, -EEXIST if @path exists (or is a dangling link) and may not
 * be replaced, or -errno.
 */
int mlic_outfile_open(struct mlic_outfile *o, const char *path, bool replace)
{
	char *copy, *dir, *base;
	struct stat st;
	int ret = 0;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->path = path;
	o->replace = replace;
	if (!replace && !lstat(path, &st))
		return -EEXIST;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	base = basename(copy);
	dir = strdup(path);
	if (!dir || asprintf(&o->tmp, "%s/.%s.XXXXXX", dirname(dir),
			     base) < 0) {
		o->tmp = NULL;
		ret = -ENOMEM;
	}
	if (!ret) {
		o->fd = mkostemp(o->tmp, O_CLOEXEC);
		if (o->fd < 0) {
			ret = -errno;
			free(o->tmp);
			o->tmp = NULL;
		}
	}
	free(dir);
	free(copy);
	return ret;
}

/* Give the finished temporary file its name, never over another file. */
static int outfile_link(struct mlic_outfile *o)
{
	if (o->replace)
		return rename(o->tmp, o->path) ? -errno : 0;
	if (!renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->path, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	/* A file system without RENAME_NOREPLACE: link() refuses too. */
	if (link(o->tmp, o->path))
		return -errno;
	unlink(o->tmp);
	return 0;
}

/**
 * mlic_outfile_commit() - finish the file and give it its name
 * @o: from mlic_outfile_open()
 * @mode: its final permission bits (applied as given)
 *
 * Sets @mode, syncs the file, renames it to its final name (refusing with
 * -EEXIST if a file appeared there meanwhile, unless @o->replace) and
 * syncs the directory.  On failure the temporary file is removed.
 *
 * Return: 0 or -errno.
 */
int mlic_outfile_commit(struct mlic_outfile *o, mode_t mode)
{
	int ret = 0;

	if (fchmod(o->fd, mode) || fsync(o->fd))
		ret = -errno;
	if (close(o->fd) && !ret)
		ret = -errno;
	o->fd = -1;
	if (!ret)
		ret = outfile_link(o);
	if (ret) {
		mlic_outfile_abort(o);
		return ret;
	}
	free(o->tmp);
	o->tmp = NULL;
	return mlic_fsync_parent(o->path);
}

/**
 * mlic_outfile_abort() - give up: close and remove the temporary file
 * @o: from mlic_outfile_open(); may be aborted more than once
 */
void mlic_outfile_abort(struct mlic_outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
}

/**
 * mlic_path_printf() - format a path, never a truncated one
 * @buf: receives it
 * @size: room in @buf
 * @fmt: printf() format
 *
 * Return: 0, or -ENAMETOOLONG if it does not fit.
 */
int mlic_path_printf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/**
 * mlic_read_text() - read a small text file whole (a sysfs attribute)
 * @path: the file
 * @buf: receives its text without the trailing newline, NUL-terminated
 * @size: room in @buf
 *
 * Return: 0, -EOVERFLOW if it does not fit, or the error of open or read.
 */
int mlic_read_text(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (len == size) {
			ret = -EOVERFLOW;
			break;
		}
		n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	if (ret)
		return ret;
	if (len && buf[len - 1] == '\n')
		len--;
	if (len == size)
		return -EOVERFLOW;
	buf[len] = '\0';
	return 0;
}

static bool is_executable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

/**
 * mlic_find_program() - find a program in $PATH, then in /sbin and /usr/sbin
 * @name: its name, e.g. "mke2fs"
 * @path: receives its path
 * @size: size of @path
 *
 * Return: 0 or -ENOENT.
 */
int mlic_find_program(const char *name, char *path, size_t size)
{
	static const char *const fallback[] = { "/sbin", "/usr/sbin" };
	const char *env = getenv("PATH");
	char *dirs, *dir, *save;
	size_t i;

	dirs = strdup(env ? env : "");
	if (!dirs)
		return -ENOMEM;
	for (dir = strtok_r(dirs, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, size, "%s/%s", dir, name);
		if (is_executable(path)) {
			free(dirs);
			return 0;
		}
	}
	free(dirs);
	for (i = 0; i < ARRAY_SIZE(fallback); i++) {
		snprintf(path, size, "%s/%s", fallback[i], name);
		if (is_executable(path))
			return 0;
	}
	return -ENOENT;
}
