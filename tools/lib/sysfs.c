// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - the state of attached media as the driver publishes it in
 * /sys/block/mlicN/mlic/, the device numbers of a medium and its
 * partitions, and the module's apparatus_id parameter.  drive.c names
 * the drive that holds a file, from the same tree.
 *
 * Reading an attribute of a device with nothing attached fails with ENXIO,
 * which callers use to tell free devices from attached ones.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "libmlic.h"

static const char *sysfs_root = "/sys";

/**
 * mlic_sysfs_set_root() - read sysfs from another place (for tests)
 * @root: replaces "/sys"; the string must outlive its use
 */
void mlic_sysfs_set_root(const char *root)
{
	sysfs_root = root;
}

/**
 * mlic_sysfs_root() - where sysfs is read ("/sys", or a test's tree)
 *
 * Return: the directory.
 */
const char *mlic_sysfs_root(void)
{
	return sysfs_root;
}

static int parse_u64(const char *s, u64 *val)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*val = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

/**
 * mlic_sysfs_read() - read one attribute of an attached medium
 * @index: N of /dev/mlicN
 * @attr: attribute name in /sys/block/mlicN/mlic/
 * @buf: receives the value without its trailing newline
 * @size: size of @buf
 *
 * Return: 0 or -errno (-ENXIO: nothing attached, -ENOENT: no such device
 * or attribute, -EOVERFLOW: @buf too small).
 */
int mlic_sysfs_read(u32 index, const char *attr, char *buf, size_t size)
{
	char path[PATH_MAX];
	int ret;

	ret = mlic_path_printf(path, sizeof(path), "%s/block/mlic%u/mlic/%s",
			sysfs_root, index, attr);
	return ret ? ret : mlic_read_text(path, buf, size);
}

/**
 * mlic_sysfs_read_u64() - read a decimal attribute of an attached medium
 * @index: N of /dev/mlicN
 * @attr: attribute name
 * @val: the value
 *
 * Return: 0, -EINVAL if it is not a decimal number, or as mlic_sysfs_read().
 */
int mlic_sysfs_read_u64(u32 index, const char *attr, u64 *val)
{
	char buf[32];
	int ret;

	ret = mlic_sysfs_read(index, attr, buf, sizeof(buf));
	return ret ? ret : parse_u64(buf, val);
}

/* A decimal attribute no larger than @max. */
static int read_max(u32 index, const char *attr, u64 max, u64 *val)
{
	int ret = mlic_sysfs_read_u64(index, attr, val);

	return !ret && *val > max ? -EINVAL : ret;
}

enum attr_type { ATTR_BOOL, ATTR_U32, ATTR_U64 };

#define NUMERIC(name, field, type) \
	{ name, offsetof(struct mlic_status, field), type }

/* The numeric attributes, and where they go in struct mlic_status. */
static const struct {
	const char *name;
	size_t offset;
	enum attr_type type;
} numeric_attrs[] = {
	NUMERIC("read_only", read_only, ATTR_BOOL),
	NUMERIC("autoclear", autoclear, ATTR_BOOL),
	NUMERIC("direct_io", direct_io, ATTR_BOOL),
	NUMERIC("user_area_offset", user_offset, ATTR_U64),
	NUMERIC("user_area_bytes", user_bytes, ATTR_U64),
	NUMERIC("secure_area_offset", secure_offset, ATTR_U64),
	NUMERIC("secure_area_bytes", secure_bytes, ATTR_U64),
	NUMERIC("slots", slot_count, ATTR_U32),
	NUMERIC("slots_used", slots_used, ATTR_U32),
	NUMERIC("format_version", format_version, ATTR_U32),
	NUMERIC("generation", generation, ATTR_U64),
};

static int read_numeric(u32 index, struct mlic_status *st, size_t i)
{
	static const u64 max[] = {
		[ATTR_BOOL] = 1,
		[ATTR_U32] = UINT32_MAX,
		[ATTR_U64] = UINT64_MAX,
	};
	void *field = (u8 *)st + numeric_attrs[i].offset;
	enum attr_type type = numeric_attrs[i].type;
	u64 v;
	int ret;

	ret = read_max(index, numeric_attrs[i].name, max[type], &v);
	if (ret)
		return ret;
	if (type == ATTR_BOOL)
		*(bool *)field = v;
	else if (type == ATTR_U32)
		*(u32 *)field = v;
	else
		*(u64 *)field = v;
	return 0;
}

/**
 * mlic_sysfs_status() - read every attribute of an attached medium
 * @index: N of /dev/mlicN
 * @st: filled in
 *
 * Return: 0 or the first error (-ENXIO: nothing attached).
 */
int mlic_sysfs_status(u32 index, struct mlic_status *st)
{
	char buf[64];
	size_t i;
	int ret;

	memset(st, 0, sizeof(*st));
	st->index = index;
	ret = mlic_sysfs_read(index, "medium_id", buf, sizeof(buf));
	if (!ret)
		ret = mlic_id_parse(buf, st->medium_id);
	if (!ret)
		ret = mlic_sysfs_read(index, "backing_file", st->backing_file,
				      sizeof(st->backing_file));
	if (!ret)
		ret = mlic_sysfs_read(index, "license_state", buf, sizeof(buf));
	if (!ret)
		ret = mlic_license_state_parse(buf, &st->license_state);
	for (i = 0; i < ARRAY_SIZE(numeric_attrs) && !ret; i++)
		ret = read_numeric(index, st, i);
	if (!ret)
		ret = mlic_sysfs_secure_copies(index, st);
	return ret;
}

static bool copy_state_valid(const char *s)
{
	return !strcmp(s, "ok") || !strcmp(s, "repaired") ||
	       !strcmp(s, "damaged");
}

/**
 * mlic_sysfs_secure_copies() - read the state of both secure copies
 * @index: N of /dev/mlicN
 * @st: its secure_copies are filled in
 *
 * Return: 0, -EINVAL if the attribute is not two states, or as
 * mlic_sysfs_read().
 */
int mlic_sysfs_secure_copies(u32 index, struct mlic_status *st)
{
	char buf[64], a[16], b[16], end;
	int ret;

	ret = mlic_sysfs_read(index, "secure_copies", buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%15s %15s %c", a, b, &end) != 2 ||
	    !copy_state_valid(a) || !copy_state_valid(b))
		return -EINVAL;
	memcpy(st->secure_copies[0], a, sizeof(a));
	memcpy(st->secure_copies[1], b, sizeof(b));
	return 0;
}

/**
 * mlic_sysfs_devno_dir() - the sysfs directory of a block device
 * @devno: its number
 * @real: receives the directory, symbolic links resolved (malloc()ed)
 *
 * Return: 0, -ENOENT if sysfs knows no such device, or -errno.
 */
int mlic_sysfs_devno_dir(dev_t devno, char **real)
{
	char path[PATH_MAX];
	int ret;

	ret = mlic_path_printf(path, sizeof(path), "%s/dev/block/%u:%u", sysfs_root,
			major(devno), minor(devno));
	if (ret)
		return ret;
	*real = realpath(path, NULL);
	return *real ? 0 : -errno;
}

/**
 * mlic_sysfs_devno_index() - the mlic medium a block device belongs to
 * @devno: a block device number (st_rdev of a node, st_dev of a file)
 * @index: receives N of the medium /dev/mlicN (for mlicNpM as well)
 * @name: receives the kernel's name of the device (e.g. "sda1"), or NULL
 * @size: room in @name
 *
 * Follows /sys/dev/block/MAJ:MIN to the device's name.
 *
 * Return: 0, -ENOENT if sysfs knows no such block device (the file
 * systems without one have major 0), -ENODEV if it is not an mlic medium
 * or one of its partitions, or -errno.
 */
int mlic_sysfs_devno_index(dev_t devno, u32 *index, char *name, size_t size)
{
	char *real, *base;
	int ret;

	ret = mlic_sysfs_devno_dir(devno, &real);
	if (ret)
		return ret;
	base = strrchr(real, '/') + 1;
	if (name)
		snprintf(name, size, "%s", base);
	ret = -ENODEV;
	if (!strncmp(base, "mlic", 4)) {
		/* mlicNpM is partition M of mlicN. */
		base[strcspn(base, "p")] = '\0';
		if (!mlic_dev_parse(base, index))
			ret = 0;
	}
	free(real);
	return ret;
}

/**
 * mlic_fd_is_mlic_dev() - whether a file is an mlic device or partition
 * @fd: the open file
 *
 * Return: true if @fd is a block device that sysfs names mlicN or mlicNpM.
 */
bool mlic_fd_is_mlic_dev(int fd)
{
	struct stat st;
	u32 index;

	return !fstat(fd, &st) && S_ISBLK(st.st_mode) &&
	       !mlic_sysfs_devno_index(st.st_rdev, &index, NULL, 0);
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/**
 * mlic_sysfs_list() - the medium devices that exist, attached or not
 * @indexes: set to a malloc()ed array of their indexes, in order
 * @count: set to their number
 *
 * Return: 0 (also when there are none, or /sys/block lacks them) or -errno.
 */
int mlic_sysfs_list(u32 **indexes, size_t *count)
{
	char path[PATH_MAX];
	struct dirent *de;
	u32 *list = NULL, *grown, index;
	size_t n = 0, cap = 0;
	DIR *dir;

	*indexes = NULL;
	*count = 0;
	if (mlic_path_printf(path, sizeof(path), "%s/block", sysfs_root))
		return -ENAMETOOLONG;
	dir = opendir(path);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dir))) {
		if (mlic_dev_parse(de->d_name, &index))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = reallocarray(list, cap, sizeof(*list));
			if (!grown) {
				free(list);
				closedir(dir);
				return -ENOMEM;
			}
			list = grown;
		}
		list[n++] = index;
	}
	closedir(dir);
	if (n)
		qsort(list, n, sizeof(*list), cmp_u32);
	*indexes = list;
	*count = n;
	return 0;
}

static int read_devno(const char *path, dev_t *dev)
{
	unsigned int maj, min;
	char buf[32], end;
	int ret;

	ret = mlic_read_text(path, buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%u:%u%c", &maj, &min, &end) != 2)
		return -EINVAL;
	*dev = makedev(maj, min);
	return 0;
}

/**
 * mlic_sysfs_exists() - whether a medium device exists (attached or not)
 * @index: N of /dev/mlicN
 *
 * Return: true if /sys/block/mlicN is there.
 */
bool mlic_sysfs_exists(u32 index)
{
	char path[PATH_MAX];

	return !mlic_path_printf(path, sizeof(path), "%s/block/mlic%u", sysfs_root,
			  index) && !access(path, F_OK);
}

/**
 * mlic_sysfs_dev_numbers() - device numbers of a medium and its partitions
 * @index: N of /dev/mlicN
 * @devs: set to a malloc()ed array; the whole device comes first
 * @count: set to their number
 *
 * Return: 0 or -errno (-ENOENT: no such device).
 */
int mlic_sysfs_dev_numbers(u32 index, dev_t **devs, size_t *count)
{
	char dir_path[PATH_MAX], path[PATH_MAX], prefix[32];
	dev_t *list, *grown;
	size_t n = 1, cap = 8;
	struct dirent *de;
	DIR *dir = NULL;
	int ret;

	snprintf(prefix, sizeof(prefix), "mlic%up", index);
	list = calloc(cap, sizeof(*list));
	if (!list)
		return -ENOMEM;
	ret = mlic_path_printf(dir_path, sizeof(dir_path), "%s/block/mlic%u",
			sysfs_root, index);
	if (!ret)
		ret = mlic_path_printf(path, sizeof(path), "%s/dev", dir_path);
	if (!ret)
		ret = read_devno(path, &list[0]);
	if (!ret) {
		dir = opendir(dir_path);
		if (!dir)
			ret = -errno;
	}
	while (dir && (de = readdir(dir))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		if (n == cap) {
			cap *= 2;
			grown = reallocarray(list, cap, sizeof(*list));
			if (!grown) {
				ret = -ENOMEM;
				break;
			}
			list = grown;
		}
		/* A partition: mlicNpM/dev; anything else is passed over. */
		if (!mlic_path_printf(path, sizeof(path), "%s/%s/dev", dir_path,
			       de->d_name) && !read_devno(path, &list[n]))
			n++;
	}
	if (dir)
		closedir(dir);
	if (ret) {
		free(list);
		return ret;
	}
	*devs = list;
	*count = n;
	return 0;
}

/**
 * mlic_sysfs_holders() - the devices stacked on a medium (e.g. dm-0)
 * @index: N of /dev/mlicN
 * @buf: receives their names, separated by ", " (truncated to fit)
 * @size: size of @buf, at least 1
 *
 * Return: the number of holders, or -errno.
 */
int mlic_sysfs_holders(u32 index, char *buf, size_t size)
{
	char path[PATH_MAX];
	struct dirent *de;
	size_t len = 0;
	int n = 0;
	DIR *dir;

	buf[0] = '\0';
	if (mlic_path_printf(path, sizeof(path), "%s/block/mlic%u/holders",
		      sysfs_root, index))
		return -ENAMETOOLONG;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		if (len < size)
			len += snprintf(buf + len, size - len, "%s%s",
					n ? ", " : "", de->d_name);
		n++;
	}
	closedir(dir);
	return n;
}

/**
 * mlic_apparatus_id() - this drive's apparatus ID, as sysfs shows it
 * @id: the ID, filled in only on success
 *
 * Reads /sys/module/mlic/parameters/apparatus_id: the ID in effect, given
 * as the module parameter or derived from the DMI system UUID; empty when
 * the drive has none.  Anyone may read it.
 *
 * Return: 0, -ENODATA if the drive has none, -ENOENT if the module is not
 * loaded, -EINVAL if it is not an ID, or another -errno.
 */
int mlic_apparatus_id(u8 id[MLIC_ID_SIZE])
{
	char path[PATH_MAX], buf[128];
	int ret;

	ret = mlic_path_printf(path, sizeof(path),
			"%s/module/mlic/parameters/apparatus_id", sysfs_root);
	if (!ret)
		ret = mlic_read_text(path, buf, sizeof(buf));
	if (ret)
		return ret;
	if (!buf[0])
		return -ENODATA;
	return mlic_id_parse(buf, id);
}

/**
 * mlic_license_state_parse() - the license state named by sysfs
 * @s: its name
 * @state: the MLIC_LICENSE_* value, filled in only on success
 *
 * Return: 0 or -EINVAL.
 */
int mlic_license_state_parse(const char *s, u32 *state)
{
	u32 i;

	/* The names come from the format code, as the driver's do. */
	for (i = MLIC_LICENSE_NONE; i <= MLIC_LICENSE_DAMAGED; i++) {
		if (!strcmp(s, mlic_license_state_name(i))) {
			*state = i;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * mlic_status_from_info() - overwrite a status with MLIC_GET_INFO's answer
 * @st: status, whose backing_file (only in sysfs) is kept
 * @info: the driver's answer, a consistent snapshot
 */
void mlic_status_from_info(struct mlic_status *st,
			   const struct mlic_info *info)
{
	st->index = info->index;
	memcpy(st->medium_id, info->medium_id, MLIC_ID_SIZE);
	st->read_only = info->flags & MLIC_INFO_READ_ONLY;
	st->autoclear = info->flags & MLIC_INFO_AUTOCLEAR;
	st->direct_io = info->flags & MLIC_INFO_DIRECT_IO;
	st->license_state = info->license_state;
	st->user_offset = info->user_offset;
	st->user_bytes = info->user_bytes;
	st->secure_offset = info->secure_offset;
	st->secure_bytes = info->secure_bytes;
	st->slot_count = info->slot_count;
	st->slots_used = info->slots_used;
	st->format_version = info->format_version;
	st->generation = info->generation;
}
