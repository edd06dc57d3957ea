// SPDX-License-Identifier: GPL-2.0
/*
 * test_mlicctl - mlicctl's verbs that read sysfs, on a fake tree: list, losetup --list's options
 * and output rules (columns, -o, +COLS, --output-all, -n, -r, -J with
 * typed values, --list-columns), a row for every attached medium even when
 * an attribute is missing or bad (named in a warning), and names that
 * cannot forge a row; apparatus-id and its exit status.  The real verb table runs in a child process, with
 * mlic_sysfs_set_root() pointing at the tree.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "mlicctl.h"
#include "util.h"

#define ID0	"0f0e0d0c0b0a09080706050403020100"
#define ID1	"1f1e1d1c1b1a19181716151413121110"
#define ID2	"2f2e2d2c2b2a29282726252423222120"

/* The attributes of an attached medium, as the driver publishes them. */
static void put_medium(const char *root, unsigned int n, const char *id,
		       const char *backing)
{
	static const char *const attrs[][2] = {
		{ "read_only", "0\n" },
		{ "license_state", "ok\n" },
		{ "user_area_offset", "1048576\n" },
		{ "user_area_bytes", "66060288\n" },
		{ "secure_area_offset", "4096\n" },
		{ "secure_area_bytes", "24576\n" },
		{ "slots", "64\n" },
		{ "slots_used", "2\n" },
		{ "autoclear", "0\n" },
		{ "direct_io", "1\n" },
		{ "format_version", "1\n" },
		{ "generation", "42\n" },
		{ "secure_copies", "repaired ok\n" },
	};
	char rel[128], val[256];
	size_t i;

	snprintf(rel, sizeof(rel), "block/mlic%u/dev", n);
	snprintf(val, sizeof(val), "254:%u\n", n * 16);
	put_file(root, rel, val);
	snprintf(rel, sizeof(rel), "block/mlic%u/mlic/medium_id", n);
	snprintf(val, sizeof(val), "%s\n", id);
	put_file(root, rel, val);
	snprintf(rel, sizeof(rel), "block/mlic%u/mlic/backing_file", n);
	snprintf(val, sizeof(val), "%s\n", backing);
	put_file(root, rel, val);
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		snprintf(rel, sizeof(rel), "block/mlic%u/mlic/%s", n,
			 attrs[i][0]);
		put_file(root, rel, attrs[i][1]);
	}
}

FIXTURE(sysfs) {
	char *root;
	struct run r;
};

/*
 * mlic0: a medium.  mlic1: a backing file with a newline in its name, no
 * license_state and no secure_copies (a driver that does not publish
 * them).  mlic2: a read_only that is no boolean.  mlic3: no medium (its
 * medium_id fails with ENXIO, as a free device's does: here a socket).
 */
FIXTURE_SETUP(sysfs)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char *path;
	int sock;

	self->root = scratch_dir();
	ASSERT_NE(NULL, self->root);
	memset(&self->r, 0, sizeof(self->r));
	put_medium(self->root, 0, ID0, "/srv/m0.img");
	put_medium(self->root, 1, ID1, "/srv/a\nb.img");
	put_medium(self->root, 2, ID2, "/srv/m2.img");
	path = path_join(self->root, "block/mlic1/mlic/license_state");
	ASSERT_EQ(0, unlink(path));
	free(path);
	path = path_join(self->root, "block/mlic1/mlic/secure_copies");
	ASSERT_EQ(0, unlink(path));
	free(path);
	path = path_join(self->root, "block/mlic2/mlic/read_only");
	ASSERT_EQ(0, unlink(path));
	free(path);
	put_file(self->root, "block/mlic2/mlic/read_only", "yes\n");
	put_file(self->root, "block/mlic3/dev", "254:48\n");
	put_file(self->root, "block/mlic3/mlic/backing_file", "");
	path = path_join(self->root, "block/mlic3/mlic/medium_id");
	/* open() of a socket fails with ENXIO, as a free device's attribute. */
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_LE(0, sock);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	ASSERT_EQ(0, bind(sock, (struct sockaddr *)&addr, sizeof(addr)));
	close(sock);
	free(path);
	put_file(self->root, "block/loop0/dev", "7:0\n");
}

FIXTURE_TEARDOWN(sysfs)
{
	run_free(&self->r);
	remove_tree(self->root);
	free(self->root);
}

/* Run "mlicctl VERB ARGS..." on the fake tree, into @r. */
static int vrun(struct run *r, const char *root, const char *verb,
		va_list ap)
{
	char *argv[16] = { "mlicctl", (char *)verb },
	     out[] = "/tmp/mlic-verb.XXXXXX", err[] = "/tmp/mlic-verb.XXXXXX";
	int fo = mkstemp(out), fe = mkstemp(err), status, argc = 2;
	size_t len;
	pid_t pid;

	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	argv[argc] = NULL;
	run_free(r);
	pid = fork();
	if (pid == 0) {
		mlic_sysfs_set_root(root);
		dup2(fo, STDOUT_FILENO);
		dup2(fe, STDERR_FILENO);
		_exit(mlic_cli_main(&mlicctl_tool, argc, argv));
	}
	waitpid(pid, &status, 0);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	read_file(out, (void **)&r->out, &len);
	read_file(err, (void **)&r->err, &len);
	unlink(out);
	unlink(err);
	close(fo);
	close(fe);
	return 0;
}

/* "mlicctl list ARGS...". */
static int list(struct run *r, const char *root, ...)
{
	va_list ap;
	int ret;

	va_start(ap, root);
	ret = vrun(r, root, "list", ap);
	va_end(ap);
	return ret;
}

/* "mlicctl apparatus-id ARGS...". */
static int apparatus_id(struct run *r, const char *root, ...)
{
	va_list ap;
	int ret;

	va_start(ap, root);
	ret = vrun(r, root, "apparatus-id", ap);
	va_end(ap);
	return ret;
}

TEST_F(sysfs, default_columns_every_row)
{
	struct run *r = &self->r;

	list(r, self->root, NULL);
	EXPECT_EQ(1, r->status);	/* mlic2's read_only */
	EXPECT_EQ(4, count_lines(r->out)) TH_LOG("%s", r->out);
	EXPECT_EQ(0, strncmp(r->out, "DEVICE     MEDIUM_ID                 "
			     "       LICENSE_STATE READ_ONLY BACKING_FILE\n",
			     70)) TH_LOG("%s", r->out);
	EXPECT_NE(NULL, strstr(r->out, "/dev/mlic0 " ID0 " ok   "));
	/* The newline is escaped: no forged row. */
	EXPECT_NE(NULL, strstr(r->out, "/srv/a\\x0ab.img\n")) TH_LOG("%s",
								r->out);
	EXPECT_NE(NULL, strstr(r->out, "\n/dev/mlic2 " ID2 " ok "));
	EXPECT_EQ(NULL, strstr(r->out, "mlic3"));
	/* The bad attribute is named; the missing ones are no error. */
	EXPECT_STREQ("mlicctl: list /dev/mlic2: warning: cannot read "
		     "read_only from sysfs: not a valid value\n", r->err);
}

TEST_F(sysfs, json_typed)
{
	struct run *r = &self->r;

	list(r, self->root, "-J", NULL);
	EXPECT_EQ(1, r->status);
	EXPECT_TRUE(!strncmp(r->out, "{\n   \"media\": [\n", 16)) TH_LOG("%s",
								     r->out);
	EXPECT_NE(NULL, strstr(r->out, "\"device\": \"/dev/mlic0\""));
	EXPECT_NE(NULL, strstr(r->out, "\"medium_id\": \"" ID0 "\""));
	EXPECT_NE(NULL, strstr(r->out, "\"license_state\": \"ok\""));
	EXPECT_NE(NULL, strstr(r->out, "\"read_only\": false"));
	EXPECT_NE(NULL, strstr(r->out, "\"backing_file\": \"/srv/a\\nb.img\""));
	EXPECT_NE(NULL, strstr(r->out, "\"license_state\": null"));
	EXPECT_NE(NULL, strstr(r->out, "\"read_only\": null"));

	list(r, self->root, "--output-all", "--json", NULL);
	EXPECT_NE(NULL, strstr(r->out, "\"generation\": 42"));
	EXPECT_NE(NULL, strstr(r->out, "\"slots\": 64"));
	EXPECT_NE(NULL, strstr(r->out, "\"direct_io\": true"));
	EXPECT_NE(NULL, strstr(r->out, "\"secure_copies\": \"repaired,ok\""));
	EXPECT_NE(NULL, strstr(r->out, "\"secure_copies\": null"));
}

TEST_F(sysfs, columns_raw_noheadings)
{
	struct run *r = &self->r;

	list(r, self->root, "-o", "device,SLOTS,backing_file", "-n", "-r",
	     NULL);
	EXPECT_EQ(0, r->status);	/* read_only is not shown */
	EXPECT_STREQ("/dev/mlic0 64 /srv/m0.img\n"
		     "/dev/mlic1 64 /srv/a\\x0ab.img\n"
		     "/dev/mlic2 64 /srv/m2.img\n", r->out);
	EXPECT_STREQ("", r->err);

	list(r, self->root, "-o", "+SLOTS_USED", "-n", "-r", NULL);
	EXPECT_TRUE(!strncmp(r->out, "/dev/mlic0 " ID0 " ok 0 /srv/m0.img 2\n",
			     strlen("/dev/mlic0 " ID0 " ok 0 /srv/m0.img 2\n")))
		TH_LOG("%s", r->out);

	list(r, self->root, "-o", "MEDIUM_ID,FROB", NULL);
	EXPECT_EQ(2, r->status);
	EXPECT_STREQ("", r->out);
	EXPECT_TRUE(!strncmp(r->err, "mlicctl: list: unknown column 'FROB'",
			     36)) TH_LOG("%s", r->err);
	list(r, self->root, "-o", "MEDIUM_ID,", NULL);
	EXPECT_EQ(2, r->status);
	list(r, self->root, "-o", "SLOTS", "--output-all", NULL);
	EXPECT_EQ(2, r->status);
}

/*
 * mlic_cli_main() starts getopt afresh: a caller that used getopt before
 * (as newer kselftest harnesses do) must not make it permute the verb's
 * options into the tool's.
 */
TEST_F(sysfs, options_after_an_earlier_getopt)
{
	char *argv[] = { "x", "-q", "y", NULL };
	struct run *r = &self->r;

	opterr = 0;
	while (getopt(3, argv, "v") != -1)
		;
	list(r, self->root, "-o", "DEVICE", "-n", NULL);
	EXPECT_EQ(0, r->status) TH_LOG("%s", r->err);
	EXPECT_STREQ("/dev/mlic0\n/dev/mlic1\n/dev/mlic2\n", r->out);
}

TEST_F(sysfs, list_columns)
{
	struct run *r = &self->r;

	list(r, self->root, "--list-columns", NULL);
	EXPECT_EQ(0, r->status);
	EXPECT_TRUE(!strncmp(r->out, "NAME ", 5));
	EXPECT_NE(NULL, strstr(r->out, "\nGENERATION "));
	EXPECT_NE(NULL, strstr(r->out, "\nREAD_ONLY          boolean "));
	list(r, self->root, "--list-columns", "-J", NULL);
	EXPECT_NE(NULL, strstr(r->out, "\"name\": \"MEDIUM_ID\""));
}

/*
 * A query succeeds when it could ask, whatever the answer, -J or not: a
 * drive without an apparatus ID (and here without a control device to say
 * where one would come from) is no failure.
 */
TEST_F(sysfs, apparatus_id_none_is_an_answer)
{
	struct run *r = &self->r;

	if (!access(MLIC_CONTROL_PATH, F_OK))
		SKIP(return, "the mlic module is loaded on this host");
	put_file(self->root, "module/mlic/parameters/apparatus_id", "\n");
	apparatus_id(r, self->root, NULL);
	EXPECT_EQ(0, r->status);
	EXPECT_STREQ("apparatus ID:  none\n", r->out);
	EXPECT_TRUE(!strncmp(r->err, "mlicctl: hint: backups cannot be bound",
			     38)) TH_LOG("%s", r->err);
	apparatus_id(r, self->root, "-J", NULL);
	EXPECT_EQ(0, r->status);
	EXPECT_STREQ("{\n  \"apparatus_id\": null,\n  \"source\": null\n}\n",
		     r->out);
	EXPECT_STREQ("", r->err);
	/* With an ID: exit 0 as well. */
	unlink(path_join(self->root, "module/mlic/parameters/apparatus_id"));
	put_file(self->root, "module/mlic/parameters/apparatus_id", ID0 "\n");
	apparatus_id(r, self->root, "-J", NULL);
	EXPECT_EQ(0, r->status);
	EXPECT_STREQ("{\n  \"apparatus_id\": \"" ID0 "\",\n  \"source\": "
		     "null\n}\n", r->out);
	/* No module at all: that is a failure, with advice. */
	unlink(path_join(self->root, "module/mlic/parameters/apparatus_id"));
	apparatus_id(r, self->root, NULL);
	EXPECT_EQ(1, r->status);
	EXPECT_NE(NULL, strstr(r->err, "modprobe mlic"));
}

TEST_HARNESS_MAIN
