// SPDX-License-Identifier: GPL-2.0
/*
 * test_docs - the manual pages against the tools: every option of every
 * verb's --help and every column of mlicctl list is in the page; the pages
 * render in 80 columns without a warning, carry the tools' version, have
 * the sections people look for; no user-facing text speaks of "the
 * patent".  With the option tables that drive parsing and --help, and
 * completion.sh checking the completion against --help, this is what
 * keeps the four in step.
 */
#include <ctype.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli.h"
#include "util.h"

#ifndef MLIC_TOP
#error "MLIC_TOP: the source tree, from the Makefile"
#endif
#ifndef MLIC_VERSION
#error "MLIC_VERSION: from the Makefile"
#endif

/* A file of the source tree, read whole (NUL-terminated, malloc()ed). */
static char *source(const char *rel)
{
	char *path = path_join(MLIC_TOP, rel), *text = NULL, *buf;
	size_t len = 0;
	void *data;

	if (path && !read_file(path, &data, &len)) {
		buf = realloc(data, len + 1);
		if (buf) {
			buf[len] = '\0';
			text = buf;
		} else {
			free(data);
		}
	}
	free(path);
	return text;
}

/* A manual page's source with roff's "\-" as "-" and fonts dropped. */
static char *page_text(const char *rel)
{
	char *s = source(rel), *o, *p;

	if (!s)
		return NULL;
	for (o = p = s; *p; p++) {
		if (p[0] == '\\' && p[1] == '-') {
			*o++ = '-';
			p++;
		} else if (p[0] == '\\' && p[1] == 'f' && p[2]) {
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return s;
}

/* Whether @text holds the option @opt as a word ("--json", not "--jsonx"). */
static bool has_option(const char *text, const char *opt)
{
	size_t len = strlen(opt);
	const char *p;

	for (p = strstr(text, opt); p; p = strstr(p + 1, opt)) {
		if ((p == text || (!isalnum((unsigned char)p[-1]) &&
				   p[-1] != '-')) &&
		    !isalnum((unsigned char)p[len]) && p[len] != '-')
			return true;
	}
	return false;
}

/* The options of "TOOL VERB [COMMAND] --help", one at a time. */
static void check_options(struct __test_metadata *_metadata,
			  const char *page, const char *tool, const char *verb,
			  const char *cmd)
{
	char opt[64], *p;
	struct run r;

	if (cmd) {
		ASSERT_EQ(0, run_tool(&r, tool, verb, cmd, "--help", NULL));
	} else {
		ASSERT_EQ(0, run_tool(&r, tool, verb, "--help", NULL));
	}
	p = strstr(r.out, "\nOptions:\n");
	for (p = p ? p + 10 : ""; *p; p = strchr(p, '\n') + 1) {
		/* "  -o, --output FILE  ..." or "      --bind-drive  ..." */
		if (sscanf(p, " -%*c, %63[-a-z]", opt) == 1 ||
		    sscanf(p, " %63[-a-z]", opt) == 1) {
			if (opt[0] == '-' && strcmp(opt, "--help")) {
				EXPECT_TRUE(has_option(page, opt))
					TH_LOG("%s %s%s%s: %s is not in its "
					       "page", tool, verb, cmd ? " " : "",
					       cmd ? cmd : "", opt);
			}
		}
		if (!strchr(p, '\n'))
			break;
	}
	run_free(&r);
}

TEST(every_option_in_the_pages)
{
	static const char *const ctl[] = {
		"attach", "detach", "list", "info", "install-license",
		"decrypt", "backup", "restore", "apparatus-id",
	};
	static const char *const master[] = {
		"keygen", "create", "encrypt", "issue", "label",
	};
	char *p8 = page_text("Documentation/man/mlicctl.8");
	char *p1 = page_text("Documentation/man/mlic-master.1");
	size_t i;

	ASSERT_NE(NULL, p8);
	ASSERT_NE(NULL, p1);
	for (i = 0; i < ARRAY_SIZE(ctl); i++)
		check_options(_metadata, p8, "mlicctl", ctl[i], NULL);
	check_options(_metadata, p8, "mlicctl", "key", "status");
	for (i = 0; i < ARRAY_SIZE(master); i++)
		check_options(_metadata, p1, "mlic-master", master[i], NULL);
	free(p8);
	free(p1);
}

TEST(every_list_column_in_the_page)
{
	char *page = page_text("Documentation/man/mlicctl.8"), *p, name[64];
	struct run r;
	int n = 0;

	ASSERT_NE(NULL, page);
	ASSERT_EQ(0, run_tool(&r, "mlicctl", "list", "--list-columns", "-n",
			      "-r", NULL));
	ASSERT_EQ(0, r.status);
	for (p = r.out; sscanf(p, "%63s", name) == 1; n++) {
		EXPECT_NE(NULL, strstr(page, name)) TH_LOG("column %s", name);
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	EXPECT_LE(10, n);
	run_free(&r);
	free(page);
}

TEST(sections_version_see_also)
{
	static const char *const pages[] = {
		"Documentation/man/mlicctl.8", "Documentation/man/mlic-master.1",
		"Documentation/man/mlic.4",
	};
	static const char *const files[] = {
		"/dev/mlic-control", "/dev/mlic/by-medium-id/", "mlic-backup/",
		"/etc/mlic/system.key", "mlic-system-key.service",
	};
	static const char *const see_also[] = {
		".BR losetup (8)", ".BR keyctl (1)", ".BR mke2fs (8)",
	};
	char footer[64], *s, *sec;
	size_t i;

	snprintf(footer, sizeof(footer), " \"mlic %s\" ", MLIC_VERSION);
	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		s = page_text(pages[i]);
		ASSERT_NE(NULL, s);
		EXPECT_NE(NULL, strstr(s, footer))
			TH_LOG("%s: the footer does not say %s", pages[i],
			       footer);
		free(s);
	}
	s = page_text("Documentation/man/mlicctl.8");
	ASSERT_NE(NULL, s);
	sec = strstr(s, "\n.SH FILES\n");
	ASSERT_NE(NULL, sec);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		EXPECT_NE(NULL, strstr(sec, files[i]));
	}
	sec = strstr(s, "\n.SH SEE ALSO\n");
	ASSERT_NE(NULL, sec);
	for (i = 0; i < ARRAY_SIZE(see_also); i++) {
		EXPECT_NE(NULL, strstr(sec, see_also[i]));
	}
	free(s);
}

/* What people read says what mlic does, not where the idea came from. */
TEST(no_patent_in_user_facing_text)
{
	static const char *const docs[] = {
		"Documentation/man/mlicctl.8", "Documentation/man/mlic-master.1",
		"Documentation/man/mlic.4", "README.md",
		"Documentation/index.rst", "Documentation/admin-guide.rst",
		"Documentation/licensing.rst", "Documentation/backup.rst",
		"Documentation/keytab.rst", "Documentation/label.rst",
		"Documentation/format.rst", "Documentation/packaging.rst",
		"Documentation/userspace-api.rst",
		"Documentation/architecture.rst",
	};
	static const char *const tools[] = { "mlicctl", "mlic-master" };
	char *s, *p;
	struct run r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(docs); i++) {
		s = source(docs[i]);
		ASSERT_NE(NULL, s) TH_LOG("%s", docs[i]);
		for (p = s; *p; p++)
			*p = tolower((unsigned char)*p);
		EXPECT_EQ(NULL, strstr(s, "patent")) TH_LOG("%s", docs[i]);
		free(s);
	}
	for (i = 0; i < ARRAY_SIZE(tools); i++) {
		ASSERT_EQ(0, run_tool(&r, tools[i], "--help", NULL));
		EXPECT_EQ(NULL, strcasestr(r.out, "patent"));
		run_free(&r);
	}
}

/* Rendered as man does for an 80-column terminal: no line wider. */
TEST(pages_fit_80_columns)
{
	static const char *const pages[] = {
		"Documentation/man/mlicctl.8", "Documentation/man/mlic-master.1",
		"Documentation/man/mlic.4",
	};
	char cmd[1024], line[1024];
	size_t i, cols, k;
	FILE *f;

	if (system("command -v man >/dev/null 2>&1"))
		SKIP(return, "man is not installed");
	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		snprintf(cmd, sizeof(cmd), "MANWIDTH=80 man --warnings -l "
			 "'%s/%s' 2>/dev/null", MLIC_TOP, pages[i]);
		f = popen(cmd, "r");
		ASSERT_NE(NULL, f);
		while (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			/* Columns: UTF-8 continuation bytes take none. */
			cols = 0;
			for (k = 0; line[k]; k++)
				cols += ((unsigned char)line[k] & 0xc0) != 0x80;
			EXPECT_GE(80, cols) TH_LOG("%s: %s", pages[i], line);
		}
		EXPECT_EQ(0, pclose(f));
		/* groff's warnings, alone */
		snprintf(cmd, sizeof(cmd), "MANWIDTH=80 man --warnings -l "
			 "'%s/%s' 2>&1 >/dev/null", MLIC_TOP, pages[i]);
		f = popen(cmd, "r");
		ASSERT_NE(NULL, f);
		EXPECT_EQ(NULL, fgets(line, sizeof(line), f))
			TH_LOG("%s: %s", pages[i], line);
		pclose(f);
	}
}

TEST_HARNESS_MAIN
