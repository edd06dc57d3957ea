// SPDX-License-Identifier: GPL-2.0
/*
 * restore.c - mlicctl restore: the licenses of a backup (*.mlb) back into
 * the secure area of its medium.
 *
 * The file is read whole and its header checked with the format code; its
 * clear header then says whether it belongs to this medium, apparatus and
 * drive, so that a refusal names both sides before the driver is asked.
 * The driver verifies everything again, and every tag, before it writes
 * anything.  Unless --batch is given or stdin is no terminal, the person
 * is told what will be replaced and asked.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlicctl.h"

/**
 * struct restore_job - one restore
 * @batch: -q or --batch: do not ask
 * @file: FILE as given, or NULL for the newest backup on the medium
 * @path: the backup file
 * @fd: @path, open for reading
 * @blob: the backup, read whole
 * @bytes: its size
 * @drive: the drive that holds @path
 * @drive_err: what mlic_drive_of_fd() said about it
 */
struct restore_job {
	bool batch;
	const char *file;
	char *path;
	int fd;
	struct mlic_backup_header *blob;
	size_t bytes;
	struct mlic_drive_info drive;
	int drive_err;
};

/* -q or --batch, the only option. */
static int take_option(const struct mlic_verb *verb, int c, char *arg,
		       void *ctx)
{
	(void)verb;
	(void)arg;
	((struct restore_job *)ctx)->batch = c == 'q';
	return -1;
}

static int restore_opts(const struct mlic_verb *verb, int argc, char **argv,
			struct restore_job *job)
{
	u32 index;
	int c;

	c = mlic_cli_options(verb, argc, argv, take_option, job);
	if (c >= 0)
		return c;
	if (argc - optind == 2)
		job->file = argv[optind + 1];
	c = mlic_cli_operands(verb, argc, job->file ? 2 : 1, "DEV");
	return c >= 0 ? c : dev_name(verb, argv[optind], &index);
}

static bool is_regular(int fd)
{
	struct stat st;

	return !fstat(fd, &st) && S_ISREG(st.st_mode);
}

/* Open and read the backup, checking its header and its size. */
static int load(const char *verb, struct restore_job *job)
{
	const char *why;
	u64 want = 0;
	int ret;

	if (!strcmp(job->path, "stdin")) {
		/* "-": a pipe is read to its end, a file from its start. */
		ret = mlic_cli_stdio_ok(verb, STDIN_FILENO, "a backup");
		if (ret)
			return ret;
		job->fd = dup(STDIN_FILENO);
	} else {
		/* O_NONBLOCK: a FIFO is refused, not waited on. */
		job->fd = open(job->path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
			       O_NONBLOCK);
	}
	if (job->fd < 0) {
		ret = -errno;
		mlic_cli_errno(verb, job->path, ret, MLIC_ERR_FILE);
		return ret;
	}
	if (!strcmp(job->path, "stdin") && !is_regular(job->fd))
		ret = mlic_backup_load_stream(job->fd, &job->blob, &job->bytes,
					      &want, &why);
	else
		ret = mlic_backup_load(job->fd, &job->blob, &job->bytes,
				       &want, &why);
	if (ret == -ENODATA || ret == -EFBIG) {
		mlic_cli_error(verb, job->path, "backup is %s: %zu bytes where "
			       "its header says %" PRIu64, ret == -ENODATA ?
			       "truncated" : "padded", job->bytes, want);
	} else if (ret && why) {
		mlic_cli_error(verb, job->path, "%s", why);
		if (ret == -EOPNOTSUPP)
			mlic_cli_hint("%s", mlic_advice(MLIC_ERR_BACKUP,
							EOPNOTSUPP));
	} else if (ret == -EINVAL) {
		mlic_cli_error(verb, job->path, "not a regular file");
	} else if (ret) {
		mlic_cli_errno(verb, job->path, ret, MLIC_ERR_FILE);
	}
	return ret;
}

/* No FILE: the newest backup of the medium in its own backup directory. */
static int find_newest(const char *verb, const struct medium *m,
		       struct restore_job *job)
{
	char dir[4096];
	int ret;

	if (backup_dir(verb, m, dir, sizeof(dir), "mount it to restore the "
		       "newest backup it holds, or name the backup FILE"))
		return -ENOENT;
	ret = mlic_backup_newest(dir, m->info.medium_id, &job->path);
	if (ret == -ENOENT) {
		mlic_cli_error(verb, dir, "no backup of medium %s here", m->id);
		mlic_cli_hint("name the backup: mlicctl restore %s FILE",
			      m->path);
	} else if (ret) {
		mlic_cli_errno(verb, dir, ret, MLIC_ERR_FILE);
	}
	return ret;
}

/* This drive's apparatus ID: from the driver, else from sysfs. */
static bool apparatus_here(u8 id[MLIC_ID_SIZE], bool *known)
{
	struct mlic_apparatus app;
	int ret;

	*known = true;
	if (!mlic_apparatus_query(&app)) {
		memcpy(id, app.id, MLIC_ID_SIZE);
		return app.flags & MLIC_APPARATUS_KNOWN;
	}
	ret = mlic_apparatus_id(id);
	*known = !ret || ret == -ENODATA;
	return !ret;
}

static void explain_mismatch(const char *verb, const struct medium *m,
			     const struct restore_job *job, int err,
			     const char *msg)
{
	const struct mlic_backup_header *hdr = job->blob;
	u32 flags = le32_to_cpu(hdr->flags);
	char hex[MLIC_ID_HEX_LEN + 1];

	mlic_cli_error(verb, job->path, "%s", msg);
	if (err == -EINVAL ||
	    memcmp(hdr->medium_id, m->info.medium_id, MLIC_ID_SIZE)) {
		mlic_cli_hint("use a backup of this medium; a backup is "
			      "useless elsewhere");
	} else if (flags & MLIC_BACKUP_BIND_APPARATUS) {
		mlic_id_hex(hdr->apparatus_id, hex);
		mlic_cli_hint("restore it on the apparatus that made it, or "
			      "load mlic with apparatus_id=%s", hex);
	} else {
		mlic_cli_hint("restore it from the drive it was written to; a "
			      "copy on another drive does not restore");
	}
}

/* Does the clear header send the backup here?  Say why not. */
static int check_target(const char *verb, const struct medium *m,
			struct restore_job *job)
{
	u32 flags = le32_to_cpu(job->blob->flags);
	struct mlic_backup_target t = {
		.medium_id = m->info.medium_id,
		.slot_count = m->info.slot_count,
	};
	u8 app[MLIC_ID_SIZE];
	char msg[512];
	int ret;

	if (flags & MLIC_BACKUP_BIND_APPARATUS)
		t.apparatus_id = apparatus_here(app, &t.apparatus_known) ?
				 app : NULL;
	if (flags & MLIC_BACKUP_BIND_DRIVE) {
		job->drive_err = mlic_drive_of_fd(job->fd, &job->drive);
		t.drive = &job->drive;
		t.drive_err = job->drive_err;
	}
	ret = mlic_backup_diagnose(job->blob, &t, msg, sizeof(msg));
	if (ret)
		explain_mismatch(verb, m, job, ret, msg);
	return ret;
}

/* What the driver would refuse before it looks at the backup. */
static int check_medium(const char *verb, const struct medium *m)
{
	struct mlic_key_status st;
	int ctl, ret = 0;

	if (m->info.flags & MLIC_INFO_READ_ONLY)
		ret = -EROFS;
	/* The key, when root may ask (the driver asks anyway). */
	ctl = ret ? -1 : mlic_ctl_open();
	if (ctl >= 0) {
		if (!mlic_ctl_key_status(ctl, &st) &&
		    !(st.flags & MLIC_KEY_LOADED))
			ret = -ENOKEY;
		close(ctl);
	}
	if (ret)
		mlic_cli_errno(verb, m->path, ret, MLIC_ERR_BACKUP);
	return ret;
}

static const char *plural(u32 n)
{
	return n == 1 ? "" : "s";
}

/* Say what will be replaced, and ask. */
static bool confirmed(const char *verb, const struct medium *m,
		      const struct restore_job *job)
{
	char question[128];

	fprintf(stderr, "%s: %s %s: this replaces the licenses of medium %s\n",
		mlic_prog, verb, m->path, m->id);
	fprintf(stderr, "  now:        license state %s, %" PRIu32
		" license%s\n", mlic_license_state_name(m->info.license_state),
		m->info.slots_used, plural(m->info.slots_used));
	describe_backup(stderr, "  ", job->path, job->blob);
	snprintf(question, sizeof(question), "replace them with the %" PRIu32
		 " license%s of the backup?", le32_to_cpu(job->blob->licenses),
		 plural(le32_to_cpu(job->blob->licenses)));
	if (mlic_cli_confirm(question))
		return true;
	mlic_cli_error(verb, m->path, "not restored; nothing was changed");
	return false;
}

/* The driver refused: about the file, or about the medium. */
static void restore_failed(const char *verb, const struct medium *m,
			   const struct restore_job *job, int err)
{
	bool about_file = err == -EBADMSG || err == -EXDEV ||
			  err == -EOPNOTSUPP || err == -EINVAL ||
			  err == -ENODATA || err == -ENOTBLK;

	mlic_cli_errno(verb, about_file ? job->path : m->path, err,
		       MLIC_ERR_BACKUP);
}

static int restore(const char *verb, const struct medium *m,
		   struct restore_job *job)
{
	struct mlic_drive drive, *bound = NULL;
	u32 licenses = 0;
	int ret;

	if (le32_to_cpu(job->blob->flags) & MLIC_BACKUP_BIND_DRIVE) {
		drive_request(&drive, job->fd, &job->drive);
		bound = &drive;
	}
	ret = mlic_dev_restore(m->fd, bound, job->blob, job->bytes, &licenses);
	if (ret) {
		restore_failed(verb, m, job, ret);
		return ret;
	}
	printf("restored %" PRIu32 " license%s to medium %s (%s) from %s\n",
	       licenses, plural(licenses), m->id, m->path,
	       mlic_cli_safe(job->path));
	return 0;
}

int cmd_restore(const struct mlic_verb *verb, int argc, char **argv)
{
	struct restore_job job = { .fd = -1 };
	struct medium m = { .fd = -1 };
	int ret;

	ret = restore_opts(verb, argc, argv, &job);
	if (ret >= 0)
		return ret;
	/* A FILE given is checked first: that needs no device. */
	if (job.file) {
		job.path = strdup(mlic_cli_is_stdio(job.file) ? "stdin" :
				  job.file);
		ret = job.path ? load(verb->name, &job) : -ENOMEM;
		if (ret)
			goto out;
	}
	ret = open_medium(verb, argv[optind], &m);
	if (ret >= 0) {
		m.fd = -1;
		goto out_status;
	}
	ret = 0;
	if (!job.file)
		ret = find_newest(verb->name, &m, &job) ?:
		      load(verb->name, &job);
	if (!ret)
		ret = check_target(verb->name, &m, &job) ?:
		      check_medium(verb->name, &m);
	if (!ret && !job.batch && isatty(STDIN_FILENO) &&
	    !confirmed(verb->name, &m, &job))
		ret = -ECANCELED;
	if (!ret)
		ret = restore(verb->name, &m, &job);
out:
	ret = ret ? MLIC_EXIT_FAIL : MLIC_EXIT_OK;
out_status:
	if (m.fd >= 0)
		close(m.fd);
	if (job.fd >= 0)
		close(job.fd);
	free(job.blob);
	free(job.path);
	return ret;
}
