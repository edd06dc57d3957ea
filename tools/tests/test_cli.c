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
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli.h"
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
		"attach", "detach", "list", "info", "key", "install-license",
		"decrypt", "backup", "restore", "apparatus-id",
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

/* A verb made of commands: their help, and the verb's. */
TEST(mlicctl_key_help)
{
	static const char *const cmds[] = { "load", "unload", "status" };
	char want[64];
	struct run r;
	size_t i;

	RUN(&r, "mlicctl", "key", "--help");
	EXPECT_EQ(0, r.status);
	EXPECT_TRUE(starts_with(r.out, "Usage: mlicctl key load FILE | "
				"unload | status [-J]\n"));
	EXPECT_NE(NULL, strstr(r.out, "\nCommands:\n  load FILE "));
	EXPECT_STREQ("", r.err);
	run_free(&r);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		RUN(&r, "mlicctl", "key", cmds[i], "-h");
		EXPECT_EQ(0, r.status);
		snprintf(want, sizeof(want), "Usage: mlicctl key %s", cmds[i]);
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
				"FILE --keytab FILE --medium-id HEX\n"
				"                         --content NAME -o "
				"LICENSE.mll\n"));
	run_free(&r);
}

/* Every line of @text fits 80 columns and ends without a blank. */
static bool fits_80(const char *text, const char *what)
{
	const char *line = text, *end;
	bool ok = true;

	for (; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (end - line > 80) {
			fprintf(stderr, "# %s: %d columns: %.*s\n", what,
				(int)(end - line), (int)(end - line), line);
			ok = false;
		}
		if (end > line && (end[-1] == ' ' || end[-1] == '\t')) {
			fprintf(stderr, "# %s: trailing blank: %.*s\n", what,
				(int)(end - line), line);
			ok = false;
		}
	}
	return ok;
}

/* The verbs a tool's --help lists ("  NAME ..." under "Verbs:"). */
static size_t help_verbs(const char *help, char verbs[][32], size_t max)
{
	const char *p = strstr(help, "\nVerbs:\n");
	size_t n = 0;

	for (p = p ? strchr(p + 1, '\n') + 1 : ""; *p && *p != '\n' && n < max;
	     p = strchr(p, '\n') + 1) {
		if (p[0] == ' ' && p[1] == ' ' && p[2] != ' ')
			sscanf(p + 2, "%31[a-z-]", verbs[n++]);
	}
	return n;
}

/* Help and usage, of the tools, of every verb and command: 80 columns. */
TEST(help_fits_80_columns)
{
	static const char *const tools[] = { "mlicctl", "mlic-master" };
	static const char *const key_cmds[] = { "load", "unload", "status" };
	char verbs[32][32], what[2048];
	struct run r;
	size_t t, i, n, k;

	for (t = 0; t < ARRAY_SIZE(tools); t++) {
		RUN(&r, tools[t], "--help");
		EXPECT_TRUE(fits_80(r.out, tools[t]));
		n = help_verbs(r.out, verbs, ARRAY_SIZE(verbs));
		EXPECT_LE(5, n);
		run_free(&r);
		for (i = 0; i < n; i++) {
			snprintf(what, sizeof(what), "%s %s --help", tools[t],
				 verbs[i]);
			RUN(&r, tools[t], verbs[i], "--help");
			EXPECT_EQ(0, r.status) TH_LOG("%s", what);
			EXPECT_TRUE(fits_80(r.out, what));
			run_free(&r);
			/* Misuse prints the usage on stderr. */
			RUN(&r, tools[t], verbs[i], "--no-such-option");
			EXPECT_EQ(2, r.status) TH_LOG("%s", what);
			EXPECT_TRUE(fits_80(r.err, what));
			run_free(&r);
		}
	}
	for (k = 0; k < ARRAY_SIZE(key_cmds); k++) {
		snprintf(what, sizeof(what), "mlicctl key %s --help",
			 key_cmds[k]);
		RUN(&r, "mlicctl", "key", key_cmds[k], "--help");
		EXPECT_EQ(0, r.status) TH_LOG("%s", what);
		EXPECT_TRUE(fits_80(r.out, what));
		run_free(&r);
	}
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
	{ "mlicctl", { "key" }, "mlicctl: key: no key command given\n" },
	{ "mlicctl", { "key", "frob" },
	  "mlicctl: key: unknown key command 'frob'\n" },
	{ "mlicctl", { "key", "-J" },
	  "mlicctl: key: unknown key command '-J'\n" },
	{ "mlicctl", { "key", "load" }, "mlicctl: key load: no FILE given\n" },
	{ "mlicctl", { "key", "load", "a", "b" },
	  "mlicctl: key load: too many arguments\n" },
	{ "mlicctl", { "key", "load", "-J", "a" },
	  "mlicctl: key load: invalid option '-J'\n" },
	{ "mlicctl", { "key", "unload", "now" },
	  "mlicctl: key unload: too many arguments\n" },
	{ "mlicctl", { "key", "status", "-x" },
	  "mlicctl: key status: invalid option '-x'\n" },
	{ "mlicctl", { "key", "status", "x" },
	  "mlicctl: key status: too many arguments\n" },
	{ "mlicctl", { "install-license" },
	  "mlicctl: install-license: no DEV given\n" },
	{ "mlicctl", { "install-license", "mlic0" },
	  "mlicctl: install-license: no LICENSE.mll given\n" },
	{ "mlicctl", { "install-license", "mlic0", "a", "b" },
	  "mlicctl: install-license: too many arguments\n" },
	{ "mlicctl", { "install-license", "sda", "l.mll" },
	  "mlicctl: install-license sda: not an mlic device" },
	{ "mlicctl", { "decrypt" }, "mlicctl: decrypt: no FILE.mlc given\n" },
	{ "mlicctl", { "decrypt", "mlic0", "a.mlc", "b.mlc" },
	  "mlicctl: decrypt: too many arguments\n" },
	{ "mlicctl", { "decrypt", "a.mlc", "-o" },
	  "mlicctl: decrypt: option '-o' needs an argument\n" },
	{ "mlicctl", { "decrypt", "--outfile=x", "a.mlc" },
	  "mlicctl: decrypt: unrecognized option '--outfile=x'\n" },
	{ "mlicctl", { "backup" }, "mlicctl: backup: no DEV given\n" },
	{ "mlicctl", { "backup", "mlic0", "mlic1" },
	  "mlicctl: backup: too many arguments\n" },
	{ "mlicctl", { "backup", "mlic0", "-o" },
	  "mlicctl: backup: option '-o' needs an argument\n" },
	{ "mlicctl", { "backup", "mlic0", "--bind-drive", "--order" },
	  "mlicctl: backup: option '--order' needs an argument\n" },
	{ "mlicctl", { "backup", "--order", "apparatus-first", "mlic0" },
	  "mlicctl: backup: --order needs --bind-apparatus or --bind-drive\n" },
	{ "mlicctl", { "backup", "--order", "medium-first", "-o", "x", "mlic0" },
	  "mlicctl: backup: --order needs --bind-apparatus or --bind-drive\n" },
	{ "mlicctl", { "backup", "--bind-apparatus", "--bind-drive", "mlic0" },
	  "mlicctl: backup: --bind-apparatus and --bind-drive exclude each "
	  "other\n" },
	{ "mlicctl", { "backup", "mlic0", "--bind-drive", "--order",
		       "drive-first" },
	  "mlicctl: backup: invalid order 'drive-first' (medium-first or "
	  "apparatus-first)\n" },
	{ "mlicctl", { "backup", "--bind-apparatus=yes", "mlic0" },
	  "mlicctl: backup: option '--bind-apparatus' takes no argument\n" },
	{ "mlicctl", { "backup", "--bind", "mlic0" },
	  "mlicctl: backup: unrecognized option '--bind'\n" },
	{ "mlicctl", { "backup", "-J", "mlic0" },
	  "mlicctl: backup: invalid option '-J'\n" },
	{ "mlicctl", { "backup", "-o", "x.mlb", "sda" },
	  "mlicctl: backup sda: not an mlic device (expected /dev/mlicN or "
	  "mlicN)\n" },
	{ "mlicctl", { "restore" }, "mlicctl: restore: no DEV given\n" },
	{ "mlicctl", { "restore", "mlic0", "a.mlb", "b.mlb" },
	  "mlicctl: restore: too many arguments\n" },
	{ "mlicctl", { "restore", "--batch=yes", "mlic0" },
	  "mlicctl: restore: option '--batch' takes no argument\n" },
	{ "mlicctl", { "restore", "-y", "mlic0" },
	  "mlicctl: restore: invalid option '-y'\n" },
	{ "mlicctl", { "restore", "--batch", "sda" },
	  "mlicctl: restore sda: not an mlic device" },
	{ "mlicctl", { "restore", "-q", "sda" },
	  "mlicctl: restore sda: not an mlic device" },
	{ "mlicctl", { "restore", "sda", "/nonexistent/b.mlb" },
	  "mlicctl: restore sda: not an mlic device" },
	{ "mlicctl", { "attach", "-" },
	  "mlicctl: attach: IMAGE cannot be '-' (standard input or output): "
	  "the driver keeps the image open, by name in sysfs\n" },
	{ "mlicctl", { "decrypt", "mlic0", "-" },
	  "mlicctl: decrypt: FILE.mlc cannot be '-'" },
	{ "mlicctl", { "backup", "--bind-drive", "-o", "-", "mlic0" },
	  "mlicctl: backup: -o FILE cannot be '-' (standard input or output): "
	  "a backup bound to a drive is bound to the drive that holds its "
	  "file\n" },
	{ "mlicctl", { "apparatus-id", "mlic0" },
	  "mlicctl: apparatus-id: too many arguments\n" },
	{ "mlicctl", { "apparatus-id", "-x" },
	  "mlicctl: apparatus-id: invalid option '-x'\n" },
	{ "mlicctl", { "apparatus-id", "--json=no" },
	  "mlicctl: apparatus-id: option '--json' takes no argument\n" },
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

/*
 * mlicctl never carries libkcapi, in any form; mlic-master does, statically
 * (its code) or, built with KCAPI=shared as the Debian packages are, as a
 * shared library it needs.
 */
TEST(only_mlic_master_links_libkcapi)
{
	static const char sym[] = "kcapi_aead_init", so[] = "libkcapi.so";
	char *tools[] = { tool_path("mlicctl"), tool_path("mlic-master") };
	bool code, needed;
	void *data;
	size_t len;

	for (size_t i = 0; i < 2; i++) {
		ASSERT_NE(NULL, tools[i]);
		ASSERT_EQ(0, read_file(tools[i], &data, &len));
		code = memmem(data, len, sym, strlen(sym)) != NULL;
		needed = memmem(data, len, so, strlen(so)) != NULL;
		if (i == 0) {
			EXPECT_FALSE(code || needed) TH_LOG("%s", tools[i]);
		} else {
			EXPECT_TRUE(code || needed) TH_LOG("%s", tools[i]);
		}
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

/* A name is never echoed raw: control characters come out as \xHH. */
TEST(names_escaped_in_messages)
{
	struct run r;

	RUN(&r, "mlicctl", "attach", "/nonexistent/a\nmlicctl: b\033[2J\x7f");
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("mlicctl: attach /nonexistent/a\\x0amlicctl: "
		     "b\\x1b[2J\\x7f: No such file or directory\n", r.err);
	run_free(&r);
	/* Invalid UTF-8, a C1 control, and "\\x" itself; valid UTF-8 stays. */
	RUN(&r, "mlicctl", "attach", "/nonexistent/\xff\xc2\x9b\\x41\xc3\xa9");
	EXPECT_STREQ("mlicctl: attach /nonexistent/\\xff\\xc2\\x9b\\x5cx41"
		     "\xc3\xa9: No such file or directory\n", r.err);
	run_free(&r);
	/* In usage errors too. */
	RUN(&r, "mlicctl", "frob\rx");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(starts_with(r.err, "mlicctl: unknown verb 'frob\\x0dx'\n"))
		TH_LOG("%s", r.err);
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

/* @s without its blanks and newlines (JSON laid out by libsmartcols). */
static char *squeeze(char *s)
{
	char *o = s, *p;

	for (p = s; *p; p++)
		if (*p != ' ' && *p != '\n')
			*o++ = *p;
	*o = '\0';
	return s;
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
	EXPECT_STREQ("{\"media\":[]}", squeeze(r.out));
	EXPECT_STREQ("", r.err);
	run_free(&r);
	RUN(&r, "mlicctl", "list", "--json");
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ("{\"media\":[]}", squeeze(r.out));
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

/* --- key, install-license, decrypt: refusals before the driver ---------- */

FIXTURE(files) {
	char *dir;
};

FIXTURE_SETUP(files)
{
	self->dir = scratch_dir();
	ASSERT_NE(NULL, self->dir);
}

FIXTURE_TEARDOWN(files)
{
	remove_tree(self->dir);
	free(self->dir);
}

/* Run @tool with up to 4 arguments; expect exit 1 and exactly @want. */
static void fails_with(struct __test_metadata *_metadata, const char *want,
		       const char *tool, const char *a, const char *b,
		       const char *c, const char *d)
{
	struct run r;

	ASSERT_EQ(0, run_tool(&r, tool, a, b, c, d, NULL));
	EXPECT_EQ(1, r.status) TH_LOG("%s %s %s", a, b ? b : "", c ? c : "");
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ(want, r.err);
	run_free(&r);
}

TEST_F(files, key_load_refuses_bad_keys)
{
	char *key = path_join(self->dir, "k"), want[512];
	u8 bytes[33] = { 1 };

	snprintf(want, sizeof(want), "mlicctl: key load %s: No such file or "
		 "directory\n", key);
	fails_with(_metadata, want, "mlicctl", "key", "load", key, NULL);
	ASSERT_EQ(0, write_file(key, bytes, 31, 0400));
	snprintf(want, sizeof(want), "mlicctl: key load %s: a key file holds "
		 "exactly 32 bytes\n", key);
	fails_with(_metadata, want, "mlicctl", "key", "load", key, NULL);
	ASSERT_EQ(0, unlink(key));
	ASSERT_EQ(0, write_file(key, bytes, 33, 0400));
	fails_with(_metadata, want, "mlicctl", "key", "load", key, NULL);
	snprintf(want, sizeof(want), "mlicctl: key load %s: not a regular "
		 "file\n", self->dir);
	fails_with(_metadata, want, "mlicctl", "key", "load", self->dir,
		   NULL);
	/* stdin (here /dev/null) must hold exactly 32 bytes as well. */
	fails_with(_metadata, "mlicctl: key load stdin: a key file holds "
		   "exactly 32 bytes\n", "mlicctl", "key", "load", "-", NULL);
}

TEST_F(files, key_verbs_without_module)
{
	char *key = path_join(self->dir, "k"), want[512];
	u8 bytes[32] = { 1 };

	if (host_has_mlic())
		SKIP(return, "the mlic module is loaded on this host");
	ASSERT_EQ(0, write_file(key, bytes, 32, 0644));
	snprintf(want, sizeof(want), "mlicctl: key load %s: warning: the "
		 "system key is accessible to group or others (mode 0644); "
		 "chmod 0400 it\nmlicctl: key load /dev/mlic-control: No such "
		 "file or directory\nmlicctl: hint: the mlic module is not "
		 "loaded; try 'modprobe mlic'\n", key);
	fails_with(_metadata, want, "mlicctl", "key", "load", key, NULL);
	fails_with(_metadata, "mlicctl: key status /dev/mlic-control: No such "
		   "file or directory\nmlicctl: hint: the mlic module is not "
		   "loaded; try 'modprobe mlic'\n", "mlicctl", "key", "status",
		   "-J", NULL);
	fails_with(_metadata, "mlicctl: key unload /dev/mlic-control: No such "
		   "file or directory\nmlicctl: hint: the mlic module is not "
		   "loaded; try 'modprobe mlic'\n", "mlicctl", "key", "unload",
		   NULL, NULL);
	free(key);
}

TEST_F(files, install_license_checks_the_file)
{
	char *lic = path_join(self->dir, "l.mll"), want[512];
	struct mlic_issued_license l = { 0 };

	snprintf(want, sizeof(want), "mlicctl: install-license %s: No such "
		 "file or directory\n", lic);
	fails_with(_metadata, want, "mlicctl", "install-license", "mlic0",
		   lic, NULL);
	ASSERT_EQ(0, write_file(lic, &l, sizeof(l) - 1, 0644));
	snprintf(want, sizeof(want), "mlicctl: install-license %s: not a "
		 "license file (a license file holds exactly 128 bytes)\n",
		 lic);
	fails_with(_metadata, want, "mlicctl", "install-license", "mlic0",
		   lic, NULL);
	ASSERT_EQ(0, unlink(lic));
	ASSERT_EQ(0, write_file(lic, &l, sizeof(l), 0644));
	snprintf(want, sizeof(want), "mlicctl: install-license %s: not an "
		 "mlic license file (no magic)\n", lic);
	fails_with(_metadata, want, "mlicctl", "install-license", "mlic0",
		   lic, NULL);
	ASSERT_EQ(0, unlink(lic));
	l.magic = cpu_to_le64(MLIC_ISSUED_MAGIC);
	l.version = cpu_to_le32(2);
	ASSERT_EQ(0, write_file(lic, &l, sizeof(l), 0644));
	snprintf(want, sizeof(want), "mlicctl: install-license %s: "
		 "unsupported license format version\n", lic);
	fails_with(_metadata, want, "mlicctl", "install-license", "mlic0",
		   lic, NULL);
	if (host_has_mlic())
		SKIP(return, "the mlic module is loaded on this host");
	ASSERT_EQ(0, unlink(lic));
	l.version = cpu_to_le32(1);
	ASSERT_EQ(0, write_file(lic, &l, sizeof(l), 0644));
	fails_with(_metadata, "mlicctl: install-license /dev/mlic7: No such "
		   "file or directory\nmlicctl: hint: no such device; is the "
		   "mlic module loaded? 'mlicctl list' shows the attached "
		   "media\n", "mlicctl", "install-license", "mlic7", lic, NULL);
	free(lic);
}

/* A backup file of @len bytes (at most its size), version @version. */
static int mlb_file(const char *path, size_t len, u32 version)
{
	static const u8 id[MLIC_ID_SIZE] = { 1 };
	struct mlic_backup_header *h;
	size_t bytes;
	u8 *buf;
	int ret;

	h = backup_blob(id, 8, 0, NULL, NULL, 1735787045, &bytes);
	buf = calloc(1, len > bytes ? len : bytes);
	if (!h || !buf) {
		free(h);
		free(buf);
		return -1;
	}
	h->version = cpu_to_le32(version);
	memcpy(buf, h, bytes);
	ret = write_file(path, buf, len, 0400);
	free(buf);
	free(h);
	return ret;
}

/* "-": the license or the backup from stdin, checked before the device. */
TEST_F(files, stdin_for_licenses_and_backups)
{
	char *in = path_join(self->dir, "in");
	struct run r;

	ASSERT_EQ(0, write_file(in, "not a license", 13, 0644));
	ASSERT_EQ(0, run_tool_in(&r, in, "mlicctl", "install-license", "mlic7",
				 "-", NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("mlicctl: install-license stdin: not a license file (a "
		     "license file holds exactly 128 bytes)\n", r.err);
	run_free(&r);
	/* A pipe or a device is read to its end; a file from its start. */
	ASSERT_EQ(0, run_tool_in(&r, NULL, "mlicctl", "restore", "mlic7", "-",
				 NULL));
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("mlicctl: restore stdin: not an mlic license backup (no "
		     "magic)\n", r.err);
	run_free(&r);
	ASSERT_EQ(0, unlink(in));
	ASSERT_EQ(0, mlb_file(in, 1295, 1));
	ASSERT_EQ(0, run_tool_in(&r, in, "mlicctl", "restore", "mlic7", "-",
				 NULL));
	EXPECT_STREQ("mlicctl: restore stdin: backup is truncated: 1295 bytes "
		     "where its header says 1296\n", r.err);
	run_free(&r);
	EXPECT_NE(0, access("-", F_OK));
	free(in);
}

TEST_F(files, restore_checks_the_file_first)
{
	char *mlb = path_join(self->dir, "b.mlb"), want[512];

	snprintf(want, sizeof(want), "mlicctl: restore %s: No such file or "
		 "directory\n", mlb);
	fails_with(_metadata, want, "mlicctl", "restore", "mlic0", mlb, NULL);
	ASSERT_EQ(0, write_file(mlb, "", 0, 0644));
	snprintf(want, sizeof(want), "mlicctl: restore %s: not an mlic "
		 "license backup (no magic)\n", mlb);
	fails_with(_metadata, want, "mlicctl", "restore", "--batch", "mlic0",
		   mlb);
	ASSERT_EQ(0, unlink(mlb));
	/* 256 + 8 * 128 + 16 bytes */
	ASSERT_EQ(0, mlb_file(mlb, 1295, 1));
	snprintf(want, sizeof(want), "mlicctl: restore %s: backup is "
		 "truncated: 1295 bytes where its header says 1296\n", mlb);
	fails_with(_metadata, want, "mlicctl", "restore", "mlic0", mlb, NULL);
	ASSERT_EQ(0, unlink(mlb));
	ASSERT_EQ(0, mlb_file(mlb, 200, 1));
	snprintf(want, sizeof(want), "mlicctl: restore %s: backup is "
		 "truncated: 200 bytes where its header says 256\n", mlb);
	fails_with(_metadata, want, "mlicctl", "restore", "mlic0", mlb, NULL);
	ASSERT_EQ(0, unlink(mlb));
	ASSERT_EQ(0, mlb_file(mlb, 1297, 1));
	snprintf(want, sizeof(want), "mlicctl: restore %s: backup is padded: "
		 "1297 bytes where its header says 1296\n", mlb);
	fails_with(_metadata, want, "mlicctl", "restore", "mlic0", mlb, NULL);
	ASSERT_EQ(0, unlink(mlb));
	ASSERT_EQ(0, mlb_file(mlb, 1296, 2));
	snprintf(want, sizeof(want), "mlicctl: restore %s: unsupported backup "
		 "version\nmlicctl: hint: use a newer mlic\n", mlb);
	fails_with(_metadata, want, "mlicctl", "restore", "mlic0", mlb, NULL);
	snprintf(want, sizeof(want), "mlicctl: restore %s: not a regular "
		 "file\n", self->dir);
	fails_with(_metadata, want, "mlicctl", "restore", "mlic0", self->dir,
		   NULL);
	/* A FIFO is refused, not waited on. */
	ASSERT_EQ(0, unlink(mlb));
	ASSERT_EQ(0, mkfifo(mlb, 0600));
	snprintf(want, sizeof(want), "mlicctl: restore %s: not a regular "
		 "file\n", mlb);
	fails_with(_metadata, want, "mlicctl", "restore", "mlic0", mlb, NULL);
	ASSERT_EQ(0, unlink(mlb));
	ASSERT_EQ(0, mlb_file(mlb, 1296, 2));
	if (host_has_mlic())
		SKIP(return, "the mlic module is loaded on this host");
	/* A sound file: then the device. */
	ASSERT_EQ(0, unlink(mlb));
	ASSERT_EQ(0, mlb_file(mlb, 1296, 1));
	fails_with(_metadata, "mlicctl: restore /dev/mlic7: No such file or "
		   "directory\nmlicctl: hint: no such device; is the mlic "
		   "module loaded? 'mlicctl list' shows the attached media\n",
		   "mlicctl", "restore", "--batch", "mlic7", mlb);
	free(mlb);
}

TEST_F(files, backup_and_restore_without_module)
{
	char *mlb = path_join(self->dir, "b.mlb");
	static const char no_device[] = "/dev/mlic7: No such file or "
		"directory\nmlicctl: hint: no such device; is the mlic module "
		"loaded? 'mlicctl list' shows the attached media\n";
	char want[512];

	if (host_has_mlic())
		SKIP(return, "the mlic module is loaded on this host");
	snprintf(want, sizeof(want), "mlicctl: backup %s", no_device);
	fails_with(_metadata, want, "mlicctl", "backup", "mlic7", "-o", mlb);
	fails_with(_metadata, want, "mlicctl", "backup", "--bind-drive",
		   "mlic7", NULL);
	EXPECT_NE(0, access(mlb, F_OK));
	snprintf(want, sizeof(want), "mlicctl: restore %s", no_device);
	fails_with(_metadata, want, "mlicctl", "restore", "mlic7", NULL, NULL);
	fails_with(_metadata, "mlicctl: apparatus-id: the mlic module is not "
		   "loaded\nmlicctl: hint: try 'modprobe mlic'\n", "mlicctl",
		   "apparatus-id", NULL, NULL, NULL);
	fails_with(_metadata, "mlicctl: apparatus-id: the mlic module is not "
		   "loaded\nmlicctl: hint: try 'modprobe mlic'\n", "mlicctl",
		   "apparatus-id", "-J", NULL, NULL);
	free(mlb);
}

/* A *.mlc file of @len bytes whose header says @plain bytes. */
static int mlc_file(const char *path, u64 plain, size_t len)
{
	static const u8 id[MLIC_ID_SIZE] = { 1 }, nonce[8] = { 2 };
	struct mlic_content_header hdr;
	u8 *buf = calloc(1, len + sizeof(hdr));
	int ret;

	if (!buf)
		return -1;
	mlic_content_header_init(&hdr, id, plain, MLIC_CHUNK_DEFAULT, nonce,
				 "c");
	memcpy(buf, &hdr, sizeof(hdr));
	ret = write_file(path, buf, len, 0644);
	free(buf);
	return ret;
}

TEST_F(files, decrypt_checks_the_file)
{
	char *mlc = path_join(self->dir, "c.mlc"), want[512];
	char *out = path_join(self->dir, "out");
	struct run r;

	snprintf(want, sizeof(want), "mlicctl: decrypt %s: No such file or "
		 "directory\n", mlc);
	fails_with(_metadata, want, "mlicctl", "decrypt", mlc, NULL, NULL);
	ASSERT_EQ(0, write_file(mlc, "", 0, 0644));
	snprintf(want, sizeof(want), "mlicctl: decrypt %s: not an mlic "
		 "content file (no magic)\n", mlc);
	fails_with(_metadata, want, "mlicctl", "decrypt", mlc, NULL, NULL);
	ASSERT_EQ(0, unlink(mlc));
	ASSERT_EQ(0, mlc_file(mlc, 1000, 128 + 1000 + 15));
	snprintf(want, sizeof(want), "mlicctl: decrypt %s: truncated: 1143 "
		 "bytes where the header says 1144\n", mlc);
	fails_with(_metadata, want, "mlicctl", "decrypt", mlc, NULL, NULL);
	ASSERT_EQ(0, unlink(mlc));
	ASSERT_EQ(0, mlc_file(mlc, 1000, 128 + 1000 + 17));
	snprintf(want, sizeof(want), "mlicctl: decrypt %s: trailing bytes: "
		 "1145 bytes where the header says 1144\n", mlc);
	fails_with(_metadata, want, "mlicctl", "decrypt", "-o", out, mlc);
	EXPECT_NE(0, access(out, F_OK));

	/* A sound file, but not on an mlic medium: name the device. */
	ASSERT_EQ(0, unlink(mlc));
	ASSERT_EQ(0, mlc_file(mlc, 1000, 128 + 1000 + 16));
	ASSERT_EQ(0, run_tool(&r, "mlicctl", "decrypt", mlc, NULL));
	EXPECT_EQ(1, r.status);
	snprintf(want, sizeof(want), "mlicctl: decrypt %s: not on an mlic "
		 "medium (", mlc);
	EXPECT_TRUE(starts_with(r.err, want)) TH_LOG("%s", r.err);
	snprintf(want, sizeof(want), "mlicctl: hint: name the medium: mlicctl "
		 "decrypt DEV %s\n", mlc);
	EXPECT_NE(NULL, strstr(r.err, want)) TH_LOG("%s", r.err);
	run_free(&r);

	/* OUT is never overwritten. */
	ASSERT_EQ(0, write_file(out, "keep", 4, 0644));
	snprintf(want, sizeof(want), "mlicctl: decrypt %s: File exists\n"
		 "mlicctl: hint: refusing to overwrite it; remove it or choose "
		 "another name\n", out);
	fails_with(_metadata, want, "mlicctl", "decrypt", "-o", out, mlc);
	ASSERT_EQ(0, unlink(out));
	if (host_has_mlic())
		SKIP(return, "the mlic module is loaded on this host");
	fails_with(_metadata, "mlicctl: decrypt /dev/mlic7: No such file or "
		   "directory\nmlicctl: hint: no such device; is the mlic "
		   "module loaded? 'mlicctl list' shows the attached media\n",
		   "mlicctl", "decrypt", "mlic7", mlc, NULL);
	EXPECT_NE(0, access(out, F_OK));
	free(mlc);
	free(out);
}

TEST_HARNESS_MAIN
