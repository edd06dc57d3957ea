// SPDX-License-Identifier: GPL-2.0
/*
 * mkfs.c - the ext4 file system of a new medium's user area: find mke2fs,
 * run it on the image at the user area's offset (fork and exec, no shell),
 * and check its superblock afterwards.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mlic-master.h"

#define EXT4_BLOCK_SIZE		4096
#define EXT4_SB_OFFSET		1024	/* superblock, from the fs start */
#define EXT4_SB_BYTES		1024
#define EXT4_SB_MAGIC		0xef53
#define EXT4_OFF_BLOCKS_LO	0x04	/* s_blocks_count_lo */
#define EXT4_OFF_LOG_BSIZE	0x18	/* s_log_block_size */
#define EXT4_OFF_MAGIC		0x38	/* s_magic */
#define EXT4_OFF_INCOMPAT	0x60	/* s_feature_incompat */
#define EXT4_OFF_BLOCKS_HI	0x150	/* s_blocks_count_hi */
#define EXT4_INCOMPAT_64BIT	0x80

static bool is_executable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

/**
 * mkfs_find() - find mke2fs in $PATH, then in /sbin and /usr/sbin
 * @path: receives its path
 * @size: size of @path
 *
 * Return: 0 or -ENOENT.
 */
int mkfs_find(char *path, size_t size)
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
		snprintf(path, size, "%s/mke2fs", dir);
		if (is_executable(path)) {
			free(dirs);
			return 0;
		}
	}
	free(dirs);
	for (i = 0; i < ARRAY_SIZE(fallback); i++) {
		snprintf(path, size, "%s/mke2fs", fallback[i]);
		if (is_executable(path))
			return 0;
	}
	return -ENOENT;
}

/* In the child: stdin from /dev/null, stdout to stderr, then mke2fs. */
static void __attribute__((noreturn)) exec_mke2fs(const char *mke2fs,
						  char *const argv[])
{
	int null = open("/dev/null", O_RDONLY);

	if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
	    dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		_exit(127);
	execv(mke2fs, argv);
	_exit(127);
}

/**
 * mkfs_run() - make an ext4 file system inside an image
 * @mke2fs: path of mke2fs
 * @image: the image file
 * @offset: where the file system starts in the image, in bytes
 * @bytes: its size, a multiple of 4096
 *
 * Runs "mke2fs -q -F -t ext4 -b 4096 -E offset=OFFSET,nodiscard -- IMAGE
 * BLOCKS"; its messages go to stderr.
 *
 * Return: 0, -ECHILD if mke2fs failed or could not run, or -errno.
 */
int mkfs_run(const char *mke2fs, const char *image, u64 offset, u64 bytes)
{
	char ext[64], blocks[32];
	char *argv[] = {
		"mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096", "-E", ext,
		"--", (char *)image, blocks, NULL
	};
	int status;
	pid_t pid;

	snprintf(ext, sizeof(ext), "offset=%" PRIu64 ",nodiscard", offset);
	snprintf(blocks, sizeof(blocks), "%" PRIu64, bytes / EXT4_BLOCK_SIZE);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		exec_mke2fs(mke2fs, argv);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -ECHILD;
	return 0;
}

static u32 get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
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
	u64 blocks;
	int ret;

	*why = NULL;
	ret = mlic_pread_full(fd, sb, sizeof(sb), offset + EXT4_SB_OFFSET);
	if (ret)
		return ret;
	if ((sb[EXT4_OFF_MAGIC] | sb[EXT4_OFF_MAGIC + 1] << 8) !=
	    EXT4_SB_MAGIC) {
		*why = "no ext4 superblock in the user area";
		return -EUCLEAN;
	}
	if (get_le32(sb + EXT4_OFF_LOG_BSIZE) != 2) {
		*why = "the user area's ext4 block size is not 4096";
		return -EUCLEAN;
	}
	blocks = get_le32(sb + EXT4_OFF_BLOCKS_LO);
	if (get_le32(sb + EXT4_OFF_INCOMPAT) & EXT4_INCOMPAT_64BIT)
		blocks |= (u64)get_le32(sb + EXT4_OFF_BLOCKS_HI) << 32;
	if (blocks != bytes / EXT4_BLOCK_SIZE) {
		*why = "the user area's ext4 size differs from the user area";
		return -EUCLEAN;
	}
	return 0;
}
