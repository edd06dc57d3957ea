// SPDX-License-Identifier: GPL-2.0
/*
 * common.c - what the verbs of mlicctl share: naming and opening a medium
 * device, the options of the verbs that only print, a medium's own backup
 * directory, the drive that holds a backup file, a backup described.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>

#include "mlicctl.h"

/**
 * dev_name() - the index of a medium device named by a person
 * @verb: the verb, for the messages
 * @name: /dev/mlicN, mlicN, or a link to /dev/mlicN
 * @index: receives N of /dev/mlicN
 *
 * Return: -1 if @name names one, or 2 after saying that it does not.
 */
int dev_name(const struct mlic_verb *verb, const char *name, u32 *index)
{
	if (!mlic_dev_parse(name, index))
		return -1;
	mlic_cli_error(verb->name, name, "not an mlic device (expected "
		       "/dev/mlicN or mlicN)");
	return mlic_cli_usage(verb, NULL);
}

/**
 * open_dev() - open a medium device named by a person
 * @verb: the verb, for the messages
 * @name: /dev/mlicN, mlicN, or a link to /dev/mlicN
 * @index: receives N of /dev/mlicN
 * @path: receives "/dev/mlicN"
 * @size: size of @path
 * @fd: receives /dev/mlicN open read-only, for its ioctls
 *
 * Return: -1 on success, or the exit status after saying what is wrong.
 */
int open_dev(const struct mlic_verb *verb, const char *name, u32 *index,
	     char *path, size_t size, int *fd)
{
	int ret = dev_name(verb, name, index);

	if (ret >= 0)
		return ret;
	mlic_dev_path(*index, path, size);
	*fd = mlic_dev_open(*index, O_RDONLY);
	if (*fd < 0) {
		mlic_cli_errno(verb->name, path, *fd, MLIC_ERR_DEVICE);
		return MLIC_EXIT_FAIL;
	}
	return -1;
}

/**
 * open_dev_operand() - take the one DEV operand of a verb and open it
 * @verb: the verb, for the messages
 * @argc: its argc, options parsed
 * @argv: its argv
 * @index: receives N of /dev/mlicN
 * @path: receives "/dev/mlicN"
 * @size: size of @path
 * @fd: receives /dev/mlicN open read-only, for its ioctls
 *
 * Return: -1 on success, or the exit status after saying what is wrong.
 */
int open_dev_operand(const struct mlic_verb *verb, int argc, char **argv,
		     u32 *index, char *path, size_t size, int *fd)
{
	int ret = mlic_cli_operands(verb, argc, 1, "DEV");

	if (ret >= 0)
		return ret;
	return open_dev(verb, argv[optind], index, path, size, fd);
}

static int take_json(const struct mlic_verb *verb, int c, char *arg,
		     void *ctx)
{
	(void)verb;
	(void)arg;
	*(bool *)ctx = c == 'J';
	return -1;
}

/**
 * json_opts() - parse the options of a verb that only knows -J and --help
 * @verb: the verb
 * @argc: its argc
 * @argv: its argv
 * @json: set if -J was given
 *
 * Return: -1 to go on with the operands from optind, or the exit status.
 */
int json_opts(const struct mlic_verb *verb, int argc, char **argv,
	      bool *json)
{
	*json = false;
	return mlic_cli_options(verb, argc, argv, take_json, json);
}

/**
 * open_medium() - open a medium device named by a person and ask about it
 * @verb: the verb, for the messages
 * @name: as the person gave it
 * @m: filled in; m->fd is open read-only
 *
 * Return: -1 on success, or the exit status after saying what is wrong.
 */
int open_medium(const struct mlic_verb *verb, const char *name,
		struct medium *m)
{
	int ret;

	ret = open_dev(verb, name, &m->index, m->path, sizeof(m->path),
		       &m->fd);
	if (ret >= 0)
		return ret;
	ret = mlic_dev_get_info(m->fd, &m->info);
	if (ret) {
		mlic_cli_errno(verb->name, m->path, ret, MLIC_ERR_DEVICE);
		close(m->fd);
		return MLIC_EXIT_FAIL;
	}
	mlic_id_human(m->info.medium_id, m->id);
	return -1;
}

/**
 * backup_dir() - the medium's own backup directory, or why there is none
 * @verb: the verb, for the messages
 * @m: the medium
 * @dir: receives MOUNTPOINT/mlic-backup
 * @size: its size
 * @hint: advice when the medium is not mounted
 *
 * Return: 0, or -errno after saying what is wrong.
 */
int backup_dir(const char *verb, const struct medium *m, char *dir,
	       size_t size, const char *hint)
{
	int ret = mlic_backup_dir(m->index, dir, size);

	if (ret > 0)
		return 0;
	if (ret == 0) {
		mlic_cli_error(verb, m->path, "not mounted, so it has no "
			       "place for backups");
		mlic_cli_hint("%s", hint);
		return -ENOENT;
	}
	mlic_cli_errno(verb, m->path, ret, MLIC_ERR_DEVICE);
	return ret;
}

/**
 * drive_request() - what MLIC_BACKUP and MLIC_RESTORE take for a drive
 * @req: filled in
 * @fd: the backup file
 * @d: the drive that holds it; an mlic medium is named by the driver
 */
void drive_request(struct mlic_drive *req, int fd,
		   const struct mlic_drive_info *d)
{
	memset(req, 0, sizeof(*req));
	req->drive_fd = fd;
	if (d->kind != MLIC_DRIVE_MEDIUM)
		memcpy(req->drive_id, d->id, sizeof(req->drive_id));
}

/**
 * describe_backup() - what a backup is, one fact a line
 * @f: where to print
 * @indent: put before each line
 * @path: its file
 * @hdr: its checked header
 */
void describe_backup(FILE *f, const char *indent, const char *path,
		     const struct mlic_backup_header *hdr)
{
	char id[MLIC_ID_HUMAN_LEN + 1], when[64], binding[160];

	mlic_id_human(hdr->medium_id, id);
	mlic_backup_time(le64_to_cpu(hdr->created), when, sizeof(when));
	mlic_backup_binding(hdr, binding, sizeof(binding));
	fprintf(f, "%sbackup:     %s\n", indent, mlic_cli_safe(path));
	fprintf(f, "%smedium ID:  %s\n", indent, id);
	fprintf(f, "%slicenses:   %" PRIu32 "\n", indent,
		le32_to_cpu(hdr->licenses));
	fprintf(f, "%sbinding:    %s\n", indent, binding);
	fprintf(f, "%smade:       %s\n", indent, when);
}
