// SPDX-License-Identifier: GPL-2.0
/*
 * backup.c - mlicctl backup: the licenses of a medium, sealed by the
 * driver into a backup file (*.mlb) that only this medium can restore, and
 * with a binding only this apparatus or only from this drive.
 *
 * The file is created exclusively (mode 0400) before the driver is asked,
 * because a backup bound to a drive is bound to the drive that holds it;
 * whatever fails afterwards removes it again.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlicctl.h"

/**
 * struct backup_job - one backup being made
 * @flags: MLIC_BACKUP_* asked for
 * @out: -o FILE, or NULL for the default
 * @order: --order, or NULL
 * @path: the file written
 * @dir: the default directory, when @path is in it
 * @made_dir: @dir was created for this backup
 * @fd: @path, open for writing
 */
struct backup_job {
	u32 flags;
	const char *out;
	const char *order;
	char path[4096];
	char dir[4096];
	bool made_dir;
	int fd;
};

static int parse_order(const struct mlic_verb *verb, const char *s, u32 *flags)
{
	if (!strcmp(s, "apparatus-first"))
		*flags |= MLIC_BACKUP_APPARATUS_FIRST;
	else if (strcmp(s, "medium-first"))
		return mlic_cli_usage(verb, "invalid order '%s' (medium-first "
				      "or apparatus-first)", s);
	return -1;
}

static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       void *ctx)
{
	struct backup_job *job = ctx;

	(void)verb;
	if (c == 'o')
		job->out = arg;
	else if (c == OPT_BIND_APPARATUS)
		job->flags |= MLIC_BACKUP_BIND_APPARATUS;
	else if (c == OPT_BIND_DRIVE)
		job->flags |= MLIC_BACKUP_BIND_DRIVE;
	else if (c == OPT_ORDER)
		job->order = arg;
	return -1;
}

static int backup_opts(const struct mlic_verb *verb, int argc, char **argv,
		       struct backup_job *job)
{
	const char *order;
	int ret;

	ret = mlic_cli_options(verb, argc, argv, take_option, job);
	if (ret >= 0)
		return ret;
	order = job->order;
	if ((job->flags & MLIC_BACKUP_BIND_APPARATUS) &&
	    (job->flags & MLIC_BACKUP_BIND_DRIVE))
		return mlic_cli_usage(verb, "--bind-apparatus and --bind-drive "
				      "exclude each other");
	if (order && !job->flags)
		return mlic_cli_usage(verb, "--order needs --bind-apparatus or "
				      "--bind-drive");
	if (order && parse_order(verb, order, &job->flags) >= 0)
		return MLIC_EXIT_USAGE;
	if (mlic_cli_is_stdio(job->out) &&
	    (job->flags & MLIC_BACKUP_BIND_DRIVE))
		return mlic_cli_no_stdio(verb, "-o FILE", "a backup bound to a "
					 "drive is bound to the drive that "
					 "holds its file");
	return mlic_cli_operands(verb, argc, 1, "DEV");
}

/* A new backup file, mode 0400: never over an existing one. */
static int create_file(const char *path)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY,
		  0400);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0400)) {
		close(fd);
		unlink(path);
		return -EIO;
	}
	return fd;
}

/* No -o: a new name in the medium's own backup directory. */
static int create_default(const char *verb, const struct medium *m,
			  struct backup_job *job)
{
	time_t now = time(NULL);
	char name[128];
	unsigned int seq;
	int ret;

	if (backup_dir(verb, m, job->dir, sizeof(job->dir), "mount it to "
		       "keep the backup on its own user area, or give "
		       "-o FILE"))
		return -ENOENT;
	if (!mkdir(job->dir, 0700))
		job->made_dir = true;
	else if (errno != EEXIST) {
		ret = -errno;
		mlic_cli_errno(verb, job->dir, ret, MLIC_ERR_FILE);
		return ret;
	}
	for (seq = 1, ret = -EEXIST; seq <= MLIC_BACKUP_SEQ_MAX &&
	     ret == -EEXIST; seq++) {
		ret = mlic_backup_name(name, sizeof(name), m->info.medium_id,
				       now, seq);
		if (!ret && snprintf(job->path, sizeof(job->path), "%s/%s",
				     job->dir, name) >= (int)sizeof(job->path))
			ret = -ENAMETOOLONG;
		if (!ret)
			ret = create_file(job->path);
	}
	if (ret < 0) {
		mlic_cli_errno(verb, ret == -EEXIST ? job->dir : job->path,
			       ret, MLIC_ERR_FILE);
		if (job->made_dir)
			rmdir(job->dir);
		return ret;
	}
	job->fd = ret;
	return 0;
}

static int create_output(const char *verb, const struct medium *m,
			 struct backup_job *job)
{
	int ret;

	if (!job->out)
		return create_default(verb, m, job);
	if (mlic_cli_is_stdio(job->out)) {
		snprintf(job->path, sizeof(job->path), "stdout");
		ret = mlic_cli_stdio_ok(verb, STDOUT_FILENO, "a backup");
		job->fd = ret ? -1 : STDOUT_FILENO;
		return ret;
	}
	snprintf(job->path, sizeof(job->path), "%s", job->out);
	ret = create_file(job->path);
	if (ret < 0) {
		mlic_cli_errno(verb, job->path, ret, MLIC_ERR_FILE);
		return ret;
	}
	job->fd = ret;
	return 0;
}

/* --bind-drive: the drive that holds the new file. */
static int bind_drive(const char *verb, struct backup_job *job,
		      struct mlic_drive *req)
{
	struct mlic_drive_info d;
	char what[256];
	int ret;

	ret = mlic_drive_of_fd(job->fd, &d);
	if (!ret) {
		drive_request(req, job->fd, &d);
		return 0;
	}
	if (ret == -ENOTBLK || ret == -ENODATA || ret == -EINVAL) {
		mlic_drive_describe(&d, ret, what, sizeof(what));
		mlic_cli_error(verb, job->path, "--bind-drive cannot bind to "
			       "the drive holding it: it is on %s", what);
		mlic_cli_hint("%s", mlic_advice(MLIC_ERR_BACKUP, ENOTBLK));
	} else {
		mlic_cli_errno(verb, job->path, ret, MLIC_ERR_FILE);
	}
	return ret;
}

/* The driver refused: about the file, or about the medium. */
static void backup_failed(const char *verb, const struct medium *m,
			  const struct backup_job *job, int err)
{
	bool about_file = err == -ENOTBLK ||
			  (err == -EINVAL &&
			   (job->flags & MLIC_BACKUP_BIND_DRIVE));

	mlic_cli_errno(verb, about_file ? job->path : m->path, err,
		       MLIC_ERR_BACKUP);
}

/* Write the backup and make it durable, with its directory entry. */
static int write_out(const char *verb, struct backup_job *job,
		     const void *blob, size_t bytes)
{
	int ret;

	ret = mlic_write_full(job->fd, blob, bytes);
	if (job->fd == STDOUT_FILENO) {
		job->fd = -1;	/* a stream: nothing to sync, nothing to undo */
		if (ret)
			mlic_cli_errno(verb, job->path, ret, MLIC_ERR_FILE);
		return ret;
	}
	if (!ret && fsync(job->fd))
		ret = -errno;
	if (close(job->fd) && !ret)
		ret = -errno;
	job->fd = -1;
	if (!ret)
		ret = mlic_fsync_parent(job->path);
	if (!ret && job->made_dir)
		ret = mlic_fsync_parent(job->dir);
	if (!ret && mlic_interrupted)
		ret = -EINTR;
	if (ret)
		mlic_cli_errno(verb, job->path, ret, MLIC_ERR_FILE);
	return ret;
}

/* Something failed after the file was created: leave nothing behind. */
static void remove_output(struct backup_job *job)
{
	if (job->fd >= 0)
		close(job->fd);
	job->fd = -1;
	unlink(job->path);
	if (job->made_dir)
		rmdir(job->dir);
}

int cmd_backup(const struct mlic_verb *verb, int argc, char **argv)
{
	struct backup_job job = { .fd = -1 };
	struct mlic_backup_header *blob = NULL;
	struct mlic_drive drive, *bound = NULL;
	struct medium m;
	u32 licenses = 0;
	size_t bytes = 0;
	bool created;
	int ret;

	ret = backup_opts(verb, argc, argv, &job);
	if (ret >= 0)
		return ret;
	ret = open_medium(verb, argv[optind], &m);
	if (ret >= 0)
		return ret;
	mlic_cli_catch_signals();
	ret = create_output(verb->name, &m, &job);
	created = !ret;
	if (!ret && (job.flags & MLIC_BACKUP_BIND_DRIVE)) {
		ret = bind_drive(verb->name, &job, &drive);
		bound = &drive;
	}
	if (!ret) {
		ret = mlic_dev_backup(m.fd, job.flags, bound, &blob, &bytes,
				      &licenses);
		if (ret)
			backup_failed(verb->name, &m, &job, ret);
	}
	if (!ret)
		ret = write_out(verb->name, &job, blob, bytes);
	if (ret && created && job.fd != STDOUT_FILENO &&
	    !mlic_cli_is_stdio(job.out))
		remove_output(&job);
	close(m.fd);
	/* With the backup on stdout, what it is goes to stderr. */
	if (!ret)
		describe_backup(mlic_cli_is_stdio(job.out) ? stderr : stdout, "",
				job.path, blob);
	free(blob);
	return ret ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
}
