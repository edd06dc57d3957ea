// SPDX-License-Identifier: GPL-2.0
/*
 * mkfs.c - the ext4 file system of a new medium's user area: find the
 * e2fsprogs, learn how much room a user area of some size offers (mke2fs
 * on a sparse probe file), make the file system on the image at the user
 * area's offset with the contents in it (mke2fs -d), hand the contents to
 * root (debugfs), and check the result: the superblock, and the listing of
 * the root directory.  Programs run by fork and exec, never a shell.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mlic-master.h"

#define EXT4_BLOCK_SIZE		4096
#define EXT4_SB_OFFSET		1024	/* superblock, from the fs start */
#define EXT4_SB_BYTES		1024
#define EXT4_SB_MAGIC		0xef53
#define EXT4_OFF_BLOCKS_LO	0x04	/* s_blocks_count_lo */
#define EXT4_OFF_FREE_LO	0x0c	/* s_free_blocks_count_lo */
#define EXT4_OFF_FREE_INODES	0x10	/* s_free_inodes_count */
#define EXT4_OFF_LOG_BSIZE	0x18	/* s_log_block_size */
#define EXT4_OFF_MAGIC		0x38	/* s_magic */
#define EXT4_OFF_INCOMPAT	0x60	/* s_feature_incompat */
#define EXT4_OFF_BLOCKS_HI	0x150	/* s_blocks_count_hi */
#define EXT4_OFF_FREE_HI	0x158	/* s_free_blocks_count_hi */
#define EXT4_INCOMPAT_64BIT	0x80

/*
 * In the child: stdin from /dev/null, stdout to @out (-1: to stderr; -2:
 * to /dev/null; else with stderr to /dev/null), then the program.
 */
static void __attribute__((noreturn)) exec_program(const char *prog,
						   char *const argv[],
						   int out)
{
	int null = open("/dev/null", O_RDWR);

	if (null < 0 || dup2(null, STDIN_FILENO) < 0)
		_exit(127);
	if (out == -2 && (dup2(null, STDOUT_FILENO) < 0 ||
			  dup2(null, STDERR_FILENO) < 0))
		_exit(127);
	if (out == -1 && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		_exit(127);
	if (out >= 0 && (dup2(out, STDOUT_FILENO) < 0 ||
			 dup2(null, STDERR_FILENO) < 0))
		_exit(127);
	execv(prog, argv);
	_exit(127);
}

/*
 * Run @prog with @argv, its stdout going to @out (as exec_program() says);
 * while it runs, @tick (if not NULL) is called with @arg ten times a
 * second.  Return: 0, -ECHILD if it failed or could not run, or -errno.
 */
static int run_program_ticking(const char *prog, char *const argv[], int out,
			       void (*tick)(void *arg), void *arg)
{
	const struct timespec tenth = { .tv_nsec = 100 * 1000 * 1000 };
	int status;
	pid_t pid, got;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		exec_program(prog, argv, out);
	for (;;) {
		got = waitpid(pid, &status, tick ? WNOHANG : 0);
		if (got == pid)
			break;
		if (got < 0 && errno != EINTR)
			return -errno;
		if (got == 0) {
			tick(arg);
			nanosleep(&tenth, NULL);
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -ECHILD;
	return 0;
}

static int run_program(const char *prog, char *const argv[], int out)
{
	return run_program_ticking(prog, argv, out, NULL, NULL);
}

/**
 * mkfs_run() - make an ext4 file system inside an image
 * @mke2fs: path of mke2fs
 * @image: the image file
 * @offset: where the file system starts in the image, in bytes
 * @bytes: its size, a multiple of 4096
 * @root: a directory whose files the file system is to hold, or NULL
 * @tick: called ten times a second while mke2fs runs, or NULL
 * @arg: for @tick
 *
 * Runs "mke2fs -q -F -t ext4 -b 4096 -E offset=OFFSET,nodiscard,
 * root_owner=0:0 [-d ROOT] -- IMAGE BLOCKS"; its messages go to stderr.
 *
 * Return: 0, -ECHILD if mke2fs failed or could not run, or -errno.
 */
int mkfs_run(const char *mke2fs, const char *image, u64 offset, u64 bytes,
	     const char *root, void (*tick)(void *arg), void *arg)
{
	char ext[96], blocks[32];
	char *argv[] = {
		"mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096", "-E", ext,
		"--", (char *)image, blocks, NULL, NULL, NULL
	};

	snprintf(ext, sizeof(ext), "offset=%" PRIu64 ",nodiscard,"
		 "root_owner=0:0", offset);
	snprintf(blocks, sizeof(blocks), "%" PRIu64, bytes / EXT4_BLOCK_SIZE);
	if (root) {
		/* -d ROOT goes before "--" */
		memmove(&argv[11], &argv[9], 3 * sizeof(argv[0]));
		argv[9] = "-d";
		argv[10] = (char *)root;
	}
	return run_program_ticking(mke2fs, argv, -1, tick, arg);
}

static u32 get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* Read the superblock of the file system at @offset of @fd. */
static int read_super(int fd, u64 offset, u8 sb[EXT4_SB_BYTES],
		      const char **why)
{
	int ret;

	*why = NULL;
	ret = mlic_pread_full(fd, sb, EXT4_SB_BYTES, offset + EXT4_SB_OFFSET);
	if (ret)
		return ret;
	if ((sb[EXT4_OFF_MAGIC] | sb[EXT4_OFF_MAGIC + 1] << 8) !=
	    EXT4_SB_MAGIC) {
		*why = "no ext4 superblock in the user area";
		return -EUCLEAN;
	}
	return 0;
}

/* A 64-bit count of the superblock: low half at @lo, high at @hi. */
static u64 super_count(const u8 *sb, unsigned int lo, unsigned int hi)
{
	u64 v = get_le32(sb + lo);

	if (get_le32(sb + EXT4_OFF_INCOMPAT) & EXT4_INCOMPAT_64BIT)
		v |= (u64)get_le32(sb + hi) << 32;
	return v;
}

/**
 * mkfs_verify() - check the ext4 superblock that mkfs_run() wrote
 * @fd: the image
 * @offset: where the file system starts
 * @bytes: the room it may take
 * @why: set to a reason on failure
 *
 * Return: 0, -EUCLEAN if no fitting ext4 superblock is there, or the
 * error of reading.
 */
int mkfs_verify(int fd, u64 offset, u64 bytes, const char **why)
{
	u8 sb[EXT4_SB_BYTES];
	int ret;

	ret = read_super(fd, offset, sb, why);
	if (ret)
		return ret;
	if (get_le32(sb + EXT4_OFF_LOG_BSIZE) != 2) {
		*why = "the user area's ext4 block size is not 4096";
		return -EUCLEAN;
	}
	if (super_count(sb, EXT4_OFF_BLOCKS_LO, EXT4_OFF_BLOCKS_HI) !=
	    bytes / EXT4_BLOCK_SIZE) {
		*why = "the user area's ext4 size differs from the user area";
		return -EUCLEAN;
	}
	return 0;
}

/**
 * mkfs_probe() - how much room a new ext4 file system of some size offers
 * @mke2fs: path of mke2fs
 * @probe: a file to make (sparse) and remove again
 * @bytes: the size of the file system
 * @room: receives its free blocks and inodes
 *
 * Makes the very file system mkfs_run() would make, empty, in @probe.
 *
 * Return: 0, -ECHILD if mke2fs failed, or -errno.
 */
int mkfs_probe(const char *mke2fs, const char *probe, u64 bytes,
	       struct ext4_room *room)
{
	u8 sb[EXT4_SB_BYTES];
	const char *why;
	int fd, ret;

	fd = open(probe, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	ret = ftruncate(fd, bytes) ? -errno : 0;
	if (!ret)
		ret = mkfs_run(mke2fs, probe, 0, bytes, NULL, NULL, NULL);
	if (!ret)
		ret = read_super(fd, 0, sb, &why);
	if (!ret) {
		room->blocks = super_count(sb, EXT4_OFF_FREE_LO,
					   EXT4_OFF_FREE_HI);
		room->inodes = get_le32(sb + EXT4_OFF_FREE_INODES);
	}
	close(fd);
	unlink(probe);
	return ret;
}

static u64 div_up(u64 a, u64 b)
{
	return (a + b - 1) / b;
}

/**
 * mkfs_blocks_needed() - blocks that files take in a new ext4 root
 * @file_bytes: the size of each file
 * @name_len: the length of each file's name
 * @n: the number of files
 *
 * Counts data blocks, extent tree blocks (assuming each 128 MiB of a file
 * is split in two extents, more than e2fsprogs makes) and the blocks the
 * root directory grows by, so that what fits by this count does fit.
 *
 * Return: the number of 4 KiB blocks.
 */
u64 mkfs_blocks_needed(const u64 *file_bytes, const size_t *name_len,
		       size_t n)
{
	/* ".", "..", "lost+found" and the directory block's tail */
	u64 blocks = 0, dir_bytes = 12 + 12 + 20 + 12, data, extents;
	size_t i;

	for (i = 0; i < n; i++) {
		data = div_up(file_bytes[i], EXT4_BLOCK_SIZE);
		extents = 2 * div_up(data, EXT4_MAX_EXTENT_BLOCKS) + 1;
		blocks += data;
		/* Four extents fit in the inode; a leaf holds 340 more. */
		if (extents > 4)
			blocks += div_up(extents, 340);
		dir_bytes += (8 + name_len[i] + 3) & ~3ULL;
	}
	/* More than one directory block: they grow an htree root too. */
	data = div_up(dir_bytes, EXT4_BLOCK_SIZE);
	return blocks + (data > 1 ? data : 0);
}

/* How e2fsprogs name a file system at @offset of @image. */
static int image_spec(char *spec, size_t size, const char *image, u64 offset)
{
	int n = snprintf(spec, size, "%s?offset=%" PRIu64, image, offset);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/**
 * mkfs_give_to_root() - make root own the files of a new file system
 * @debugfs: path of debugfs
 * @image: the image
 * @offset: where the file system starts
 * @cmds: a file to write debugfs's commands to (kept)
 * @names: the names of the files in its root directory (no '"' in them)
 * @n: their number
 *
 * mke2fs -d copies the owner of each file, i.e. of whoever runs
 * mlic-master; contents on a medium belong to root.  debugfs does not
 * report failed commands in its exit status: mkfs_check_root() checks.
 *
 * Return: 0, -ECHILD if debugfs failed, or -errno.
 */
int mkfs_give_to_root(const char *debugfs, const char *image, u64 offset,
		      const char *cmds, const char *const *names, size_t n)
{
	char spec[PATH_MAX + 32];
	char *argv[] = { "debugfs", "-w", "-f", (char *)cmds, spec, NULL };
	size_t i;
	FILE *f;
	int ret;

	f = fopen(cmds, "wxe");
	if (!f)
		return -errno;
	for (i = 0; i < n; i++)
		fprintf(f, "sif \"/%s\" uid 0\nsif \"/%s\" gid 0\n",
			names[i], names[i]);
	if (fclose(f))
		return -errno;
	ret = image_spec(spec, sizeof(spec), image, offset);
	return ret ? ret : run_program(debugfs, argv, -2);
}

/* One line of "ls -p": /INODE/MODE/UID/GID/NAME/SIZE/ */
static int parse_listing_line(char *line, struct ext4_dirent *d)
{
	char *f[7], *save;
	unsigned int i;

	if (line[0] != '/')
		return -EINVAL;
	f[0] = strtok_r(line + 1, "/", &save);
	for (i = 1; i < 6 && f[i - 1]; i++)
		f[i] = strtok_r(NULL, "/", &save);
	if (i < 6 || !f[4])
		return -EINVAL;
	d->mode = strtoul(f[1], NULL, 8);
	d->uid = strtoul(f[2], NULL, 10);
	d->gid = strtoul(f[3], NULL, 10);
	snprintf(d->name, sizeof(d->name), "%s", f[4]);
	d->size = f[5] ? strtoull(f[5], NULL, 10) : 0;
	return 0;
}

/**
 * mkfs_list_root() - the root directory of a new file system
 * @debugfs: path of debugfs
 * @image: the image
 * @offset: where the file system starts
 * @out: a file to write the listing to (kept)
 * @cb: called for each entry but "." and ".."; a non-zero return stops
 * @arg: for @cb
 *
 * Return: 0, what @cb returned, -ECHILD if debugfs failed, or -errno.
 */
int mkfs_list_root(const char *debugfs, const char *image, u64 offset,
		   const char *out, int (*cb)(const struct ext4_dirent *d,
					      void *arg), void *arg)
{
	char spec[PATH_MAX + 32], line[512];
	char *argv[] = { "debugfs", "-R", "ls -p /", spec, NULL };
	struct ext4_dirent d;
	int fd, ret;
	FILE *f;

	ret = image_spec(spec, sizeof(spec), image, offset);
	if (ret)
		return ret;
	fd = open(out, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	ret = run_program(debugfs, argv, fd);
	f = ret ? NULL : fdopen(fd, "r");
	if (!f) {
		close(fd);
		return ret ? ret : -errno;
	}
	rewind(f);
	while (!ret && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		ret = parse_listing_line(line, &d);
		if (!ret && strcmp(d.name, ".") && strcmp(d.name, ".."))
			ret = cb(&d, arg);
	}
	fclose(f);
	return ret;
}
