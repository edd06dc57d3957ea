// SPDX-License-Identifier: GPL-2.0
/*
 * test_cli - the command-line conventions of mlicctl and mlic-master, run
 * as programs: --help on stdout with exit 0, misuse on stderr with exit 2,
 * failures with exit 1 and "PROG: VERB OBJECT: reason", advice where one
 * helps, and no verb registered before it is implemented.
 *
 * The ioctls cannot run on the build host; the tests that depend on the
 * module being absent say so and skip where it is present.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "util.h"

#define RUN(r, ...) ASSERT_EQ(0, run_tool(r, __VA_ARGS__, NULL))

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Whether /sys/block holds any mlic device (the module is loaded here). */
static bool host_has_mlic(void)
{
	struct dirent *de;
	bool found = false;
	DIR *dir;

	if (!access("/dev/mlic-control", F_OK))
		return true;
	dir = opendir("/sys/block");
	while (dir && (de = readdir(dir)))
		found |= starts_with(de->d_name, "mlic");
	if (dir)
		closedir(dir);
	return found;
}

/* --help and friends: stdout, exit 0, nothing on stderr. */

TEST(mlicctl_help)
{
	static const char *const verbs[] = {
		"attach", "detach", "list", "info",
	};
	char want[64];
	struct run r;
	size_t i;

	RUN(&r, "mlicctl", "--help");
	EXPECT_EQ(0, r.status);
	EXPECT_TRUE(starts_with(r.out, "Usage: mlicctl "));
	EXPECT_STREQ("", r.err);
	for (i = 0; i < ARRAY_SIZE(verbs); i++)
		EXPECT_NE(NULL, strstr(r.out, verbs[i])) TH_LOG("verb %zu", i);
	run_free(&r);

	RUN(&r, "mlicctl", "-h");
	EXPECT_EQ(0, r.status);
	EXPECT_TRUE(starts_with(r.out, "Usage: mlicctl "));
	run_free(&r);

	for (i = 0; i < ARRAY_SIZE(verbs); i++) {
		RUN(&r, "mlicctl", verbs[i], "--help");
		EXPECT_EQ(0, r.status) TH_LOG("%s --help", verbs[i]);
		snprintf(want, sizeof(want), "Usage: mlicctl %s", verbs[i]);
		EXPECT_TRUE(starts_with(r.out, want)) TH_LOG("%s", r.out);
		EXPECT_STREQ("", r.err);
		run_free(&r);
	}
}

TEST(mlic_master_help)
{
	static const char *const verbs[] = {
		"keygen", "create", "encrypt", "issue",
	};
	char want[64];
	struct run r;
	size_t i;

	RUN(&r, "mlic-master", "--help");
	EXPECT_EQ(0, r.status);
	EXPECT_TRUE(starts_with(r.out, "Usage: mlic-master "));
	EXPECT_STREQ("", r.err);
	for (i = 0; i < ARRAY_SIZE(verbs); i++)
		EXPECT_NE(NULL, strstr(r.out, verbs[i])) TH_LOG("verb %zu", i);
	run_free(&r);

	for (i = 0; i < ARRAY_SIZE(verbs); i++) {
		RUN(&r, "mlic-master", verbs[i], "-h");
		EXPECT_EQ(0, r.status);
		snprintf(want, sizeof(want), "Usage: mlic-master %s", verbs[i]);
		EXPECT_TRUE(starts_with(r.out, want));
		EXPECT_STREQ("", r.err);
		run_free(&r);
	}
	RUN(&r, "mlic-master", "create", "--help");
	EXPECT_NE(NULL, strstr(r.out, "--system-key FILE"));
	EXPECT_NE(NULL, strstr(r.out, "--keytab FILE"));
	EXPECT_NE(NULL, strstr(r.out, "--medium-id HEX"));
	EXPECT_NE(NULL, strstr(r.out, "--slots N"));
	EXPECT_NE(NULL, strstr(r.out, "IMAGE [CONTENT...]"));
	run_free(&r);
	RUN(&r, "mlic-master", "issue", "--help");
	EXPECT_TRUE(starts_with(r.out, "Usage: mlic-master issue --system-key "
				"FILE --keytab FILE --medium-id HEX --content "
				"NAME -o LICENSE.mll\n"));
	run_free(&r);
}

TEST(version)
{
	struct run r;

	RUN(&r, "mlicctl", "--version");
	EXPECT_EQ(0, r.status);
	EXPECT_TRUE(starts_with(r.out, "mlicctl (mlic) "));
	run_free(&r);
	RUN(&r, "mlic-master", "--version");
	EXPECT_EQ(0, r.status);
	EXPECT_TRUE(starts_with(r.out, "mlic-master (mlic) "));
	run_free(&r);
}

/* Misuse: exit 2, the complaint and the usage on stderr, nothing on stdout. */

struct misuse {
	const char *tool;
	const char *args[14];	/* NULL-terminated */
	const char *says;	/* expected start of stderr */
};

static const struct misuse misuses[] = {
	{ "mlicctl", { NULL }, "mlicctl: no verb given\n" },
	{ "mlicctl", { "frob" }, "mlicctl: unknown verb 'frob'\n" },
	{ "mlicctl", { "--bogus" },
	  "mlicctl: unrecognized option '--bogus'\n" },
	{ "mlicctl", { "-x" }, "mlicctl: unrecognized option '-x'\n" },
	{ "mlicctl", { "attach" }, "mlicctl: attach: no IMAGE given\n" },
	{ "mlicctl", { "attach", "a", "b" },
	  "mlicctl: attach: too many arguments\n" },
	{ "mlicctl", { "attach", "-x", "a" },
	  "mlicctl: attach: invalid option '-x'\n" },
	{ "mlicctl", { "attach", "--read-write", "a" },
	  "mlicctl: attach: unrecognized option '--read-write'\n" },
	{ "mlicctl", { "detach" }, "mlicctl: detach: no DEV given\n" },
	{ "mlicctl", { "detach", "mlic0", "mlic1" },
	  "mlicctl: detach: too many arguments\n" },
	{ "mlicctl", { "detach", "sda" },
	  "mlicctl: detach sda: not an mlic device (expected /dev/mlicN or "
	  "mlicN)\n" },
	{ "mlicctl", { "detach", "/dev/mlic0p1" },
	  "mlicctl: detach /dev/mlic0p1: not an mlic device" },
	{ "mlicctl", { "list", "x" }, "mlicctl: list: too many arguments\n" },
	{ "mlicctl", { "list", "--json=yes" },
	  "mlicctl: list: option '--json' takes no argument\n" },
	{ "mlicctl", { "list", "-Jx" },
	  "mlicctl: list: invalid option '-x'\n" },
	{ "mlicctl", { "info" }, "mlicctl: info: no DEV given\n" },
	{ "mlicctl", { "info", "-J", "loop0" },
	  "mlicctl: info loop0: not an mlic device" },
	/* Verbs of later issues are not there until they work. */
	{ "mlicctl", { "key", "status" }, "mlicctl: unknown verb 'key'\n" },
	{ "mlicctl", { "decrypt", "a.mlc" },
	  "mlicctl: unknown verb 'decrypt'\n" },
	{ "mlicctl", { "install-license", "mlic0", "l.mll" },
	  "mlicctl: unknown verb 'install-license'\n" },
	{ "mlicctl", { "backup", "mlic0" },
	  "mlicctl: unknown verb 'backup'\n" },
	{ "mlicctl", { "restore", "mlic0" },
	  "mlicctl: unknown verb 'restore'\n" },
	{ "mlicctl", { "apparatus-id" },
	  "mlicctl: unknown verb 'apparatus-id'\n" },
	{ "mlic-master", { NULL }, "mlic-master: no verb given\n" },
	{ "mlic-master", { "encrypt" },
	  "mlic-master: encrypt: --keytab is required\n" },
	{ "mlic-master", { "encrypt", "--keytab", "kt" },
	  "mlic-master: encrypt: no CONTENT given\n" },
	{ "mlic-master", { "encrypt", "--keytab", "kt", "a" },
	  "mlic-master: encrypt: no OUT.mlc given\n" },
	{ "mlic-master", { "encrypt", "--keytab", "kt", "a", "b", "c" },
	  "mlic-master: encrypt: too many arguments\n" },
	{ "mlic-master", { "encrypt", "-J", "--keytab", "kt", "a", "b" },
	  "mlic-master: encrypt: invalid option '-J'\n" },
	{ "mlic-master", { "issue" },
	  "mlic-master: issue: --system-key is required\n" },
	{ "mlic-master", { "issue", "--system-key", "k" },
	  "mlic-master: issue: --keytab is required\n" },
	{ "mlic-master", { "issue", "--system-key", "k", "--keytab", "t" },
	  "mlic-master: issue: --medium-id is required\n" },
	{ "mlic-master", { "issue", "--system-key", "k", "--keytab", "t",
			   "--medium-id", "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d" },
	  "mlic-master: issue: --content is required\n" },
	{ "mlic-master", { "issue", "--system-key", "k", "--keytab", "t",
			   "--medium-id", "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d",
			   "--content", "x" },
	  "mlic-master: issue: -o LICENSE.mll is required\n" },
	{ "mlic-master", { "issue", "--system-key", "k", "--keytab", "t",
			   "--medium-id", "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d",
			   "--content", "x", "-o" },
	  "mlic-master: issue: option '-o' needs an argument\n" },
	{ "mlic-master", { "issue", "--system-key", "k", "--keytab", "t",
			   "--medium-id", "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d",
			   "--content", "x", "-o", "l.mll", "extra" },
	  "mlic-master: issue: too many arguments\n" },
	{ "mlic-master", { "issue", "--medium-id", "1234" },
	  "mlic-master: issue: invalid medium ID '1234' (32 hex digits)\n" },
	{ "mlic-master", { "issue", "--medium-id",
			   "00000000000000000000000000000000" },
	  "mlic-master: issue: the medium ID must not be all zero\n" },
	{ "mlic-master", { "keygen" }, "mlic-master: keygen: no FILE given\n" },
	{ "mlic-master", { "keygen", "a", "b" },
	  "mlic-master: keygen: too many arguments\n" },
	{ "mlic-master", { "create", "--keytab", "t", "--size", "64M", "i" },
	  "mlic-master: create: --system-key is required\n" },
	{ "mlic-master", { "create", "--system-key", "k", "--size", "64M",
			   "i" },
	  "mlic-master: create: --keytab is required\n" },
	{ "mlic-master", { "create", "--system-key", "k", "--keytab", "t",
			   "i" },
	  "mlic-master: create: --size is required\n" },
	{ "mlic-master", { "create", "--system-key", "k", "--keytab", "t",
			   "--size" },
	  "mlic-master: create: option '--size' needs an argument\n" },
	{ "mlic-master", { "create", "--size", "64X" },
	  "mlic-master: create: invalid size '64X'" },
	{ "mlic-master", { "create", "--size", "99999999999T" },
	  "mlic-master: create: invalid size '99999999999T'" },
	{ "mlic-master", { "create", "--slots", "0" },
	  "mlic-master: create: invalid slot count '0' (1 to 4096)\n" },
	{ "mlic-master", { "create", "--slots", "4097" },
	  "mlic-master: create: invalid slot count '4097' (1 to 4096)\n" },
	{ "mlic-master", { "create", "--slots", "many" },
	  "mlic-master: create: invalid slot count 'many'" },
	{ "mlic-master", { "create", "--medium-id", "1234" },
	  "mlic-master: create: invalid medium ID '1234' (32 hex digits)\n" },
	{ "mlic-master", { "create", "--medium-id",
			   "0000-0000-0000-0000-0000-0000-0000-0000" },
	  "mlic-master: create: the medium ID must not be all zero\n" },
	{ "mlic-master", { "create", "--bogus" },
	  "mlic-master: create: unrecognized option '--bogus'\n" },
	{ "mlic-master", { "create", "--system-key", "k", "--keytab", "t",
			   "--size", "64M" },
	  "mlic-master: create: no IMAGE given\n" },
	{ "mlic-master", { "create", "--system-key", "k", "--keytab", "t",
			   "--size", "64M", "--slots", "2", "i", "a", "b", "c" },
	  "mlic-master: create: 3 contents need as many license slots; the "
	  "medium has 2 (--slots)\n" },
	{ "mlic-master", { "create", "--system-key", "k", "--keytab", "t",
			   "--size", "64M", "i", "a/x.mp4", "y", "b/x.mp4" },
	  "mlic-master: create: two contents are named 'x.mp4'\n" },
};

TEST(misuse_exits_2)
{
	char *argv[16];
	struct run r;
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(misuses); i++) {
		const struct misuse *m = &misuses[i];

		argv[0] = tool_path(m->tool);
		ASSERT_NE(NULL, argv[0]);
		for (n = 0; m->args[n]; n++)
			argv[n + 1] = (char *)m->args[n];
		argv[n + 1] = NULL;
		ASSERT_EQ(0, run_argv(&r, NULL, argv));
		EXPECT_EQ(2, r.status) TH_LOG("case %zu", i);
		EXPECT_STREQ("", r.out) TH_LOG("case %zu", i);
		EXPECT_TRUE(starts_with(r.err, m->says))
			TH_LOG("case %zu: got '%s'", i, r.err);
		EXPECT_NE(NULL, strstr(r.err, "Usage: ")) TH_LOG("case %zu", i);
		free(argv[0]);
		run_free(&r);
	}
}

/* Refused before anything is made. */
TEST(create_too_small)
{
	char *dir = scratch_dir(), *img, *key;
	struct run r;

	ASSERT_NE(NULL, dir);
	img = path_join(dir, "m.img");
	key = path_join(dir, "sys.key");
	RUN(&r, "mlic-master", "keygen", key);
	ASSERT_EQ(0, r.status);
	run_free(&r);
	RUN(&r, "mlic-master", "create", "--system-key", key, "--keytab",
	    "kt", "--size", "9437183", img);
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(starts_with(r.err, "mlic-master: create: size '9437183' "
				"is too small: with 64 slots a medium needs "
				"at least 9437184 bytes\n"));
	EXPECT_NE(0, access(img, F_OK));
	EXPECT_NE(0, access("kt", F_OK));
	run_free(&r);
	remove_tree(dir);
	free(dir);
	free(img);
	free(key);
}

/* mlicctl never carries libkcapi's code; mlic-master does, statically. */
TEST(only_mlic_master_links_libkcapi)
{
	static const char sym[] = "kcapi_aead_init";
	char *tools[] = { tool_path("mlicctl"), tool_path("mlic-master") };
	void *data;
	size_t len;

	for (size_t i = 0; i < 2; i++) {
		ASSERT_NE(NULL, tools[i]);
		ASSERT_EQ(0, read_file(tools[i], &data, &len));
		EXPECT_EQ(i == 1, memmem(data, len, sym, strlen(sym)) != NULL)
			TH_LOG("%s", tools[i]);
		EXPECT_EQ(NULL, memmem(data, len, "libkcapi.so", 11))
			TH_LOG("%s", tools[i]);
		free(data);
		free(tools[i]);
	}
}

/* Failures: exit 1, "mlicctl: VERB OBJECT: reason". */

TEST(attach_missing_image)
{
	struct run r;

	RUN(&r, "mlicctl", "attach", "/nonexistent/m.img");
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ("mlicctl: attach /nonexistent/m.img: No such file or "
		     "directory\n", r.err);
	run_free(&r);
}

TEST(attach_without_module)
{
	struct run r;

	if (host_has_mlic())
		SKIP(return, "the mlic module is loaded on this host");
	RUN(&r, "mlicctl", "attach", "-r", "/proc/self/exe");
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ("mlicctl: attach /dev/mlic-control: No such file or "
		     "directory\n"
		     "mlicctl: hint: the mlic module is not loaded; try "
		     "'modprobe mlic'\n", r.err);
	run_free(&r);
}

TEST(device_verbs_without_module)
{
	static const char *const verbs[] = { "detach", "info" };
	char want[256];
	struct run r;
	size_t i;

	if (host_has_mlic())
		SKIP(return, "the mlic module is loaded on this host");
	for (i = 0; i < 2; i++) {
		RUN(&r, "mlicctl", verbs[i], "mlic7");
		EXPECT_EQ(1, r.status);
		EXPECT_STREQ("", r.out);
		snprintf(want, sizeof(want), "mlicctl: %s /dev/mlic7: No such "
			 "file or directory\nmlicctl: hint: no such device; ",
			 verbs[i]);
		EXPECT_TRUE(starts_with(r.err, want)) TH_LOG("%s", r.err);
		run_free(&r);
	}
}

TEST(list_without_media)
{
	struct run r;

	if (host_has_mlic())
		SKIP(return, "the mlic module is loaded on this host");
	RUN(&r, "mlicctl", "list");
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ("", r.err);
	run_free(&r);
	RUN(&r, "mlicctl", "list", "-J");
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ("{\n  \"media\": []\n}\n", r.out);
	EXPECT_STREQ("", r.err);
	run_free(&r);
	RUN(&r, "mlicctl", "list", "--json");
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ("{\n  \"media\": []\n}\n", r.out);
	run_free(&r);
}

/* Output that cannot be written is a failure, not a silent success. */
TEST(full_stdout_fails)
{
	char *argv[] = { tool_path("mlicctl"), "--help", NULL };
	int full = open("/dev/full", O_WRONLY | O_CLOEXEC);

	if (full < 0)
		SKIP(return, "no /dev/full");
	ASSERT_NE(NULL, argv[0]);
	EXPECT_EQ(1, run_to_fd(argv, full));
	argv[1] = "--version";
	EXPECT_EQ(1, run_to_fd(argv, full));
	close(full);
	free(argv[0]);
}

TEST_HARNESS_MAIN
