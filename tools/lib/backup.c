// SPDX-License-Identifier: GPL-2.0
/*
 * backup.c - license backups (*.mlb) as files: where mlicctl keeps them by
 * default, which one is the newest, reading and checking one, and telling
 * from its clear header why it does not belong here.
 *
 * By default a medium's backups live on its own user area, where they
 * travel with it: MOUNTPOINT/mlic-backup/ID-YYYYmmddTHHMMSSZ.mlb,
 * with "-N" before ".mlb" for the Nth backup of the same second.  ID is
 * the medium ID in hex, so the backups of several media may share a
 * directory; the newest is the one with the latest name.
 *
 * The driver decides whether a backup restores; what is here only lets the
 * tools name the medium, apparatus or drive a backup belongs to before they
 * ask it, with the messages of Documentation/backup.rst.
 */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libmlic.h"

/**
 * mlic_backup_name() - the default file name of a backup
 * @buf: receives e.g. "1a2b...5c6d-20250102T030405Z.mlb"
 * @size: its size
 * @id: the medium ID
 * @when: when the backup is made
 * @seq: 1 for the first backup of that second, 2.. for the next ones
 *	("-2" before ".mlb")
 *
 * Return: 0, -EINVAL for a time gmtime() cannot take, or -ENAMETOOLONG.
 */
int mlic_backup_name(char *buf, size_t size, const u8 id[MLIC_ID_SIZE],
		     time_t when, unsigned int seq)
{
	char hex[MLIC_ID_HEX_LEN + 1], stamp[MLIC_BACKUP_STAMP_LEN + 1];
	char more[16] = "";
	struct tm tm;
	int n;

	if (!gmtime_r(&when, &tm) ||
	    strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm) !=
	    MLIC_BACKUP_STAMP_LEN)
		return -EINVAL;
	if (seq > 1)
		snprintf(more, sizeof(more), "-%u", seq);
	mlic_id_hex(id, hex);
	n = snprintf(buf, size, "%s-%s%s.mlb", hex, stamp, more);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static bool is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/**
 * mlic_backup_name_parse() - whether a file name is a default backup name
 * of a medium
 * @name: the file name (no directory)
 * @id: the medium ID
 * @stamp: receives its YYYYmmddTHHMMSSZ
 * @seq: receives its number within that second (1 without "-N")
 *
 * Return: true if @name is what mlic_backup_name() makes for @id.
 */
bool mlic_backup_name_parse(const char *name, const u8 id[MLIC_ID_SIZE],
			    char stamp[MLIC_BACKUP_STAMP_LEN + 1],
			    unsigned int *seq)
{
	char hex[MLIC_ID_HEX_LEN + 1];
	const char *s = name;
	u32 n = 1;
	size_t len;

	mlic_id_hex(id, hex);
	if (strncmp(s, hex, MLIC_ID_HEX_LEN) || s[MLIC_ID_HEX_LEN] != '-')
		return false;
	s += MLIC_ID_HEX_LEN + 1;
	if (strnlen(s, MLIC_BACKUP_STAMP_LEN) < MLIC_BACKUP_STAMP_LEN ||
	    !is_digits(s, 8) || s[8] != 'T' || !is_digits(s + 9, 6) ||
	    s[15] != 'Z')
		return false;
	memcpy(stamp, s, MLIC_BACKUP_STAMP_LEN);
	stamp[MLIC_BACKUP_STAMP_LEN] = '\0';
	s += MLIC_BACKUP_STAMP_LEN;
	if (*s == '-') {
		s++;
		len = strcspn(s, ".");
		if (!len || len > 2 || !is_digits(s, len) || s[0] == '0')
			return false;
		n = (u32)strtoul(s, NULL, 10);
		if (n < 2 || n > MLIC_BACKUP_SEQ_MAX)
			return false;
		s += len;
	}
	if (strcmp(s, ".mlb"))
		return false;
	*seq = n;
	return true;
}

/**
 * mlic_backup_newest() - the newest backup of a medium in a directory
 * @dir: the directory
 * @id: the medium ID
 * @path: receives the backup's path (malloc()ed)
 *
 * Only the names mlic_backup_name() makes count; the newest is the one
 * with the latest time in its name, then the highest number.
 *
 * Return: 0, -ENOENT if there is none (or no @dir), or -errno.
 */
int mlic_backup_newest(const char *dir, const u8 id[MLIC_ID_SIZE],
		       char **path)
{
	char best[MLIC_BACKUP_STAMP_LEN + 1] = "", stamp[sizeof(best)];
	char *name = NULL;
	unsigned int best_seq = 0, seq;
	struct dirent *de;
	int ret = 0;
	DIR *d;

	*path = NULL;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_type == DT_DIR ||
		    !mlic_backup_name_parse(de->d_name, id, stamp, &seq))
			continue;
		if (name && (strcmp(stamp, best) < 0 ||
			     (!strcmp(stamp, best) && seq < best_seq)))
			continue;
		free(name);
		name = strdup(de->d_name);
		if (!name) {
			ret = -ENOMEM;
			break;
		}
		memcpy(best, stamp, sizeof(best));
		best_seq = seq;
	}
	closedir(d);
	if (!ret && !name)
		ret = -ENOENT;
	if (!ret && asprintf(path, "%s/%s", dir, name) < 0) {
		*path = NULL;
		ret = -ENOMEM;
	}
	free(name);
	return ret;
}

/**
 * mlic_backup_dir() - where the backups of a medium go by default
 * @index: N of /dev/mlicN
 * @dir: receives MOUNTPOINT/mlic-backup, on the medium's own user area
 * @size: its size
 *
 * Return: 1 if the medium is mounted, 0 if not, or -errno.
 */
int mlic_backup_dir(u32 index, char *dir, size_t size)
{
	char where[4096];
	size_t len;
	int ret, n;

	ret = mlic_medium_mount(index, where, sizeof(where));
	if (ret <= 0)
		return ret;
	len = strlen(where);
	n = snprintf(dir, size, "%s%s" MLIC_BACKUP_DIR, where,
		     len && where[len - 1] == '/' ? "" : "/");
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 1;
}

/**
 * mlic_backup_load_stream() - read and check a backup from a stream
 * @fd: a pipe or the like, read to its end
 * @blob: receives the backup (malloc()ed), only on success
 * @bytes: receives the number of bytes read
 * @want: receives the size its header asks for, when that is the trouble
 * @why: set to a reason from the format code when the header is refused
 *
 * Return: as mlic_backup_load().
 */
int mlic_backup_load_stream(int fd, struct mlic_backup_header **blob,
			    size_t *bytes, u64 *want, const char **why)
{
	const size_t room = MLIC_BACKUP_MAX_BYTES + 1;
	struct mlic_backup_header *hdr;
	u8 *buf = calloc(1, room);
	int ret;

	*why = NULL;
	if (!buf)
		return -ENOMEM;
	ret = mlic_read_full(fd, buf, room, bytes);
	hdr = (struct mlic_backup_header *)buf;
	if (!ret && *bytes < sizeof(*hdr)) {
		*want = sizeof(*hdr);
		ret = *bytes >= sizeof(hdr->magic) &&
		      le64_to_cpu(hdr->magic) == MLIC_BACKUP_MAGIC ?
		      -ENODATA : -EMEDIUMTYPE;
		if (ret == -EMEDIUMTYPE)
			mlic_backup_header_check(hdr, why);
	}
	if (!ret)
		ret = mlic_backup_header_check(hdr, why);
	if (!ret) {
		*want = mlic_backup_bytes(hdr);
		if (*bytes != *want)
			ret = *bytes < *want ? -ENODATA : -EFBIG;
	}
	if (ret) {
		free(buf);
		return ret;
	}
	*blob = hdr;
	return 0;
}

/**
 * mlic_backup_load() - read and check a whole backup file
 * @fd: the file, open for reading
 * @blob: receives the backup (malloc()ed), only on success
 * @bytes: receives its size
 * @want: receives the size its header asks for, when that is the trouble
 * @why: set to a reason from the format code when the header is refused
 *
 * Return: 0; -EMEDIUMTYPE, -EOPNOTSUPP or -EINVAL with @why (not a
 * backup, a version or flags this mlic does not know, an inconsistent
 * header; -EINVAL without @why: not a regular file); -ENODATA if the file
 * is shorter than its header says (@want set), -EFBIG if it is longer;
 * or another -errno.
 */
int mlic_backup_load(int fd, struct mlic_backup_header **blob, size_t *bytes,
		     u64 *want, const char **why)
{
	struct mlic_backup_header hdr = { 0 };
	struct stat st;
	void *buf;
	int ret;

	*why = NULL;
	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	*bytes = st.st_size;
	ret = mlic_pread_full(fd, &hdr, st.st_size < (off_t)sizeof(hdr) ?
			      (size_t)st.st_size : sizeof(hdr), 0);
	if (ret)
		return ret;
	if (*bytes < sizeof(hdr) &&
	    le64_to_cpu(hdr.magic) == MLIC_BACKUP_MAGIC) {
		*want = sizeof(hdr);	/* not even the whole header */
		return -ENODATA;
	}
	ret = mlic_backup_header_check(&hdr, why);
	if (ret)
		return ret;
	*want = mlic_backup_bytes(&hdr);
	if (*bytes != *want)
		return *bytes < *want ? -ENODATA : -EFBIG;
	buf = malloc(*want);
	if (!buf)
		return -ENOMEM;
	/* -ENODATA if it shrank meanwhile */
	ret = mlic_pread_full(fd, buf, *want, 0);
	if (ret) {
		free(buf);
		return ret;
	}
	*blob = buf;
	return 0;
}

/* "this drive is Y" / "this drive has none", for the apparatus binding. */
static int diagnose_apparatus(const struct mlic_backup_header *hdr,
			      const struct mlic_backup_target *t, char *msg,
			      size_t size)
{
	char want[MLIC_ID_HUMAN_LEN + 1], have[MLIC_ID_HUMAN_LEN + 1];

	if (!t->apparatus_known)
		return 0;	/* the driver will tell */
	mlic_id_human(hdr->apparatus_id, want);
	if (!t->apparatus_id) {
		snprintf(msg, size, "backup is bound to apparatus %s, this "
			 "drive has none", want);
		return -ENODATA;
	}
	if (!memcmp(hdr->apparatus_id, t->apparatus_id, MLIC_ID_SIZE))
		return 0;
	mlic_id_human(t->apparatus_id, have);
	snprintf(msg, size, "backup is bound to apparatus %s, this drive is %s",
		 want, have);
	return -EXDEV;
}

/* "it names X, this file is on Y", for the drive binding. */
static int diagnose_drive(const struct mlic_backup_header *hdr,
			  const struct mlic_backup_target *t, char *msg,
			  size_t size)
{
	int err = t->drive_err;
	char here[256];

	if (!t->drive)
		return 0;
	/* A drive that could not be looked at: the driver will tell. */
	if (err && err != -ENOTBLK && err != -ENODATA && err != -EINVAL)
		return 0;
	if (!err && !strncmp((const char *)hdr->drive_id, t->drive->id,
			     MLIC_DRIVE_ID_SIZE))
		return 0;
	mlic_drive_describe(t->drive, err, here, sizeof(here));
	snprintf(msg, size, "backup is bound to another drive: it names %.*s, "
		 "this file is on %s", MLIC_DRIVE_ID_SIZE,
		 (const char *)hdr->drive_id, here);
	return -EXDEV;
}

/**
 * mlic_backup_diagnose() - whether a backup's clear header sends it here
 * @hdr: its checked header
 * @t: this medium, this apparatus and the drive the file is on
 * @msg: receives the reason when it does not
 * @size: its size
 *
 * Checks what the driver checks first, in the same order: the medium, its
 * slots, the apparatus, the drive.  What @t leaves unknown is left to the
 * driver.
 *
 * Return: 0; -EXDEV (another medium, apparatus or drive), -ENODATA (bound
 * to an apparatus, and this drive has no apparatus ID) or -EINVAL (made
 * for another number of slots), with @msg set.
 */
int mlic_backup_diagnose(const struct mlic_backup_header *hdr,
			 const struct mlic_backup_target *t, char *msg,
			 size_t size)
{
	char want[MLIC_ID_HUMAN_LEN + 1], have[MLIC_ID_HUMAN_LEN + 1];
	u32 flags = le32_to_cpu(hdr->flags);

	if (memcmp(hdr->medium_id, t->medium_id, MLIC_ID_SIZE)) {
		mlic_id_human(hdr->medium_id, want);
		mlic_id_human(t->medium_id, have);
		snprintf(msg, size, "backup belongs to medium %s, this is "
			 "medium %s", want, have);
		return -EXDEV;
	}
	if (le32_to_cpu(hdr->slot_count) != t->slot_count) {
		snprintf(msg, size, "backup holds %u license slots, this "
			 "medium has %u", le32_to_cpu(hdr->slot_count),
			 t->slot_count);
		return -EINVAL;
	}
	if (flags & MLIC_BACKUP_BIND_APPARATUS)
		return diagnose_apparatus(hdr, t, msg, size);
	if (flags & MLIC_BACKUP_BIND_DRIVE)
		return diagnose_drive(hdr, t, msg, size);
	return 0;
}

/**
 * mlic_backup_binding() - what a backup is bound to, for people
 * @hdr: its checked header
 * @buf: receives e.g. "apparatus 1a2b-...-5c6d (medium-first)"
 * @size: its size
 *
 * The order is named as mlicctl backup --order takes it.
 */
void mlic_backup_binding(const struct mlic_backup_header *hdr, char *buf,
			 size_t size)
{
	u32 flags = le32_to_cpu(hdr->flags);
	const char *order = flags & MLIC_BACKUP_APPARATUS_FIRST ?
			    "apparatus-first" : "medium-first";
	char id[MLIC_ID_HUMAN_LEN + 1];

	if (flags & MLIC_BACKUP_BIND_APPARATUS) {
		mlic_id_human(hdr->apparatus_id, id);
		snprintf(buf, size, "apparatus %s (%s)", id, order);
	} else if (flags & MLIC_BACKUP_BIND_DRIVE) {
		snprintf(buf, size, "drive %.*s (%s)", MLIC_DRIVE_ID_SIZE,
			 (const char *)hdr->drive_id, order);
	} else {
		snprintf(buf, size, "none (this medium only)");
	}
}

/**
 * mlic_backup_time() - when a backup was made, for people
 * @created: seconds since the epoch, from its header
 * @buf: receives e.g. "2025-01-02 03:04:05 UTC"
 * @size: its size
 */
void mlic_backup_time(u64 created, char *buf, size_t size)
{
	time_t t = (time_t)created;
	struct tm tm;

	if (created > (u64)INT64_MAX || !gmtime_r(&t, &tm) ||
	    !strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, size, "%llu seconds after the epoch",
			 (unsigned long long)created);
}
