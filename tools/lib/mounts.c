// SPDX-License-Identifier: GPL-2.0
/*
 * mounts.c - find where a device is mounted, from /proc/self/mountinfo:
 * a refused detach says which mount holds the medium, and backup and
 * restore find the medium's own user area there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sysmacros.h>

#include "libmlic.h"

static const char *mountinfo_path = "/proc/self/mountinfo";

/**
 * mlic_mounts_set_path() - read another mountinfo file (for tests)
 * @path: replaces "/proc/self/mountinfo"; must outlive its use
 */
void mlic_mounts_set_path(const char *path)
{
	mountinfo_path = path;
}

/* Undo the octal escapes (\040 for a space, ...) of a mountinfo field. */
static void unescape(char *s)
{
	char *o = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				      (s[3] - '0'));
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

/*
 * Whether the mountinfo @line mounts one of @devs; its mount point if so,
 * and whether it mounts the root of the file system (not a bind mount of
 * a directory inside it).
 */
static bool line_mounts(char *line, const dev_t *devs, size_t count,
			char **point, bool *whole)
{
	unsigned int maj, min;
	char *save, *field;
	size_t i;

	/* mount ID, parent ID, major:minor, root, mount point, ... */
	if (!strtok_r(line, " ", &save) || !strtok_r(NULL, " ", &save))
		return false;
	field = strtok_r(NULL, " ", &save);
	if (!field || sscanf(field, "%u:%u", &maj, &min) != 2)
		return false;
	field = strtok_r(NULL, " ", &save);
	if (!field)
		return false;
	*whole = !strcmp(field, "/");
	*point = strtok_r(NULL, " ", &save);
	if (!*point)
		return false;
	for (i = 0; i < count; i++)
		if (devs[i] == makedev(maj, min))
			return true;
	return false;
}

/**
 * mlic_find_mount() - where one of some devices is mounted
 * @devs: device numbers (a medium and its partitions)
 * @count: their number
 * @where: receives the mount point found: the first that mounts the root
 *	of the file system, else the first at all
 * @size: size of @where
 *
 * Return: 1 if one is mounted, 0 if none is, or -errno.
 */
int mlic_find_mount(const dev_t *devs, size_t count, char *where, size_t size)
{
	char *line = NULL, *point;
	bool whole;
	size_t cap = 0;
	int found = 0;
	FILE *f;

	f = fopen(mountinfo_path, "re");
	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (!line_mounts(line, devs, count, &point, &whole) ||
		    (found && !whole))
			continue;
		unescape(point);
		snprintf(where, size, "%s", point);
		found = 1;
		if (whole)
			break;
	}
	free(line);
	fclose(f);
	return found;
}

/**
 * mlic_medium_mount() - where an mlic medium (or a partition of it) is
 * mounted
 * @index: N of /dev/mlicN
 * @where: receives the mount point, as mlic_find_mount() chooses it
 * @size: size of @where
 *
 * Return: 1 if it is mounted, 0 if not, or -errno.
 */
int mlic_medium_mount(u32 index, char *where, size_t size)
{
	size_t count;
	dev_t *devs;
	int ret;

	ret = mlic_sysfs_dev_numbers(index, &devs, &count);
	if (ret)
		return ret;
	ret = mlic_find_mount(devs, count, where, size);
	free(devs);
	return ret;
}
