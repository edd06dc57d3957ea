// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - helpers of the host unit tests.
 *
 * The tools are found next to the test programs (build/tools/tests/..), so
 * the tests run from any directory and need no configuration.  Output is
 * captured through unlinked temporary files: no pipes, so no deadlock
 * whatever a tool prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

/* Path of a built tool ("mlicctl", "tests/gen-evil-images"). */
char *tool_path(const char *name)
{
	char self[PATH_MAX], *dir, *path;
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return NULL;
	self[n] = '\0';
	dir = dirname(dirname(self));	/* build/tools/tests/x -> build/tools */
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return NULL;
	return path;
}

static char *slurp_fd(int fd)
{
	struct stat st;
	char *buf;

	if (fstat(fd, &st))
		return NULL;
	buf = calloc(1, st.st_size + 1);
	if (buf && st.st_size && pread(fd, buf, st.st_size, 0) != st.st_size) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int capture_fd(void)
{
	char name[] = "/tmp/mlic-test-XXXXXX";
	int fd = mkstemp(name);

	if (fd >= 0)
		unlink(name);
	return fd;
}

/*
 * Run argv[0] (a path) with stdin from /dev/null, stdout on @out, stderr
 * on @err (-1: /dev/null), $PATH replaced by @path_env unless it is NULL.
 * Returns the exit status, 128 + signal if it was killed, or -1.
 */
static const char *stdin_path = "/dev/null";

static int spawn_wait(char *const argv[], const char *path_env, int out,
		      int err)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		int in = open(stdin_path, O_RDONLY);

		if (null < 0 || in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
		    dup2(err < 0 ? null : err, 2) < 0)
			_exit(126);
		if (path_env && setenv("PATH", path_env, 1))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
				   128 + WTERMSIG(status);
}

/*
 * Run argv[0] (a path) with @argv, capturing stdout and stderr; if
 * @path_env is not NULL it replaces $PATH.  Returns 0 when it could be run.
 */
int run_argv(struct run *r, const char *path_env, char *const argv[])
{
	int out = capture_fd(), err = capture_fd();

	memset(r, 0, sizeof(*r));
	r->status = -1;
	if (out >= 0 && err >= 0)
		r->status = spawn_wait(argv, path_env, out, err);
	if (r->status >= 0) {
		r->out = slurp_fd(out);
		r->err = slurp_fd(err);
	}
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
	return r->out && r->err ? 0 : -1;
}

/* Run argv[0] with stdout on @out, stderr discarded; its exit status. */
int run_to_fd(char *const argv[], int out)
{
	return spawn_wait(argv, NULL, out, -1);
}

static int vrun_tool(struct run *r, const char *in, const char *tool,
		     va_list ap)
{
	char *argv[32];
	unsigned int n = 1;
	int ret;

	argv[0] = tool_path(tool);
	if (!argv[0])
		return -1;
	while (n < 31 && (argv[n] = va_arg(ap, char *)))
		n++;
	argv[n] = NULL;
	stdin_path = in ? in : "/dev/null";
	ret = run_argv(r, NULL, argv);
	stdin_path = "/dev/null";
	free(argv[0]);
	return ret;
}

/*
 * Run a built tool with stdin from the file @in (NULL: /dev/null) and the
 * arguments that follow, up to NULL.
 */
int run_tool_in(struct run *r, const char *in, const char *tool, ...)
{
	va_list ap;
	int ret;

	va_start(ap, tool);
	ret = vrun_tool(r, in, tool, ap);
	va_end(ap);
	return ret;
}

/* Run a built tool with the arguments that follow, up to NULL. */
int run_tool(struct run *r, const char *tool, ...)
{
	va_list ap;
	int ret;

	va_start(ap, tool);
	ret = vrun_tool(r, NULL, tool, ap);
	va_end(ap);
	return ret;
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* A new empty directory under $TMPDIR or /tmp. */
char *scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir;

	if (asprintf(&dir, "%s/mlic-test.XXXXXX", tmp ? tmp : "/tmp") < 0)
		return NULL;
	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* rm -rf @dir (used on scratch directories only). */
void remove_tree(const char *dir)
{
	if (dir)
		nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *path_join(const char *dir, const char *name)
{
	char *path;

	return asprintf(&path, "%s/%s", dir, name) < 0 ? NULL : path;
}

/* Create @path (O_EXCL) with @mode and the given contents. */
int write_file(const char *path, const void *buf, size_t len, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, buf, len);
	if (fchmod(fd, mode) || close(fd) || n != (ssize_t)len)
		return -1;
	return 0;
}

/* Make the directories above @path, whose first @keep bytes exist. */
static int make_parents(const char *path, size_t keep)
{
	char *dir = strdup(path), *p;
	int ret = 0;

	if (!dir)
		return -1;
	for (p = strchr(dir + keep + 1, '/'); p && !ret;
	     p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			ret = -1;
		*p = '/';
	}
	free(dir);
	return ret;
}

/* @root/@rel as a file holding @val or a link to it, with its directories. */
static int put(const char *root, const char *rel, const char *val, bool link)
{
	char *path = path_join(root, rel);
	int ret = -1;

	if (path && !make_parents(path, strlen(root)))
		ret = link ? symlink(val, path) :
			     write_file(path, val, strlen(val), 0644);
	free(path);
	return ret;
}

/* Write @val to @root/@rel, making the directories on the way (fake trees). */
int put_file(const char *root, const char *rel, const char *val)
{
	return put(root, rel, val, false);
}

/* A symbolic link @root/@rel to @target, with the directories on the way. */
int put_link(const char *root, const char *rel, const char *target)
{
	return put(root, rel, target, true);
}

/* Read a whole file into a NUL-terminated malloc()ed buffer. */
int read_file(const char *path, void **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *data;
	struct stat st;

	if (fd < 0)
		return -1;
	data = NULL;
	if (!fstat(fd, &st)) {
		data = slurp_fd(fd);
		*len = st.st_size;
	}
	close(fd);
	*buf = data;
	return data ? 0 : -1;
}

size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

/*
 * A license backup as the driver makes one, its payload made up: medium
 * @id with @slots slots of which 2 licensed, made at @when; @flags and,
 * for its bindings, @apparatus and @drive_id as given.  *@bytes receives
 * its size.  malloc()ed.
 */
void *backup_blob(const u8 *id, u32 slots, u32 flags, const u8 *apparatus,
		  const char *drive_id, u64 when, size_t *bytes)
{
	struct mlic_backup_header *h, sizing = {
		.flags = cpu_to_le32(flags),
		.slot_count = cpu_to_le32(slots),
	};

	*bytes = mlic_backup_bytes(&sizing);
	h = calloc(1, *bytes);
	if (!h)
		return NULL;
	h->magic = cpu_to_le64(MLIC_BACKUP_MAGIC);
	h->version = cpu_to_le32(MLIC_FORMAT_VERSION);
	h->flags = cpu_to_le32(flags);
	memcpy(h->medium_id, id, MLIC_ID_SIZE);
	if (apparatus)
		memcpy(h->apparatus_id, apparatus, MLIC_ID_SIZE);
	if (drive_id)
		strncpy((char *)h->drive_id, drive_id, MLIC_DRIVE_ID_SIZE - 1);
	h->created = cpu_to_le64(when);
	h->generation = cpu_to_le64(7);
	h->slot_count = cpu_to_le32(slots);
	h->licenses = cpu_to_le32(2);
	memset(h + 1, 0x5a, *bytes - sizeof(*h));
	return h;
}
