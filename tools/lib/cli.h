/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - how the mlic tools talk to people: the command-line conventions
 * (verbs, options, messages, questions), advice for errnos, progress
 * lines and JSON output.  libmlic.h is the domain below it (images,
 * keys, the driver, sysfs); nothing there prints.
 */
#ifndef _MLIC_CLI_H
#define _MLIC_CLI_H

#include "libmlic.h"

/* --- json.c: a small streaming JSON writer ----------------------------- */

#define MLIC_JSON_MAX_DEPTH	16

/**
 * struct mlic_json - state of one JSON document being written
 * @f: where it goes
 * @depth: number of open objects and arrays
 * @count: per level, how many members were written so far
 * @is_object: per level, whether it is an object (members need keys)
 * @have_key: a key was written and waits for its value
 * @err: first error (-EINVAL for misuse, -EIO for a failed write), or 0
 */
struct mlic_json {
	FILE *f;
	unsigned int depth;
	unsigned int count[MLIC_JSON_MAX_DEPTH];
	bool is_object[MLIC_JSON_MAX_DEPTH];
	bool have_key;
	int err;
};

void mlic_json_init(struct mlic_json *j, FILE *f);
int mlic_json_finish(struct mlic_json *j);
void mlic_json_object_begin(struct mlic_json *j);
void mlic_json_object_end(struct mlic_json *j);
void mlic_json_array_begin(struct mlic_json *j);
void mlic_json_array_end(struct mlic_json *j);
void mlic_json_key(struct mlic_json *j, const char *key);
void mlic_json_string(struct mlic_json *j, const char *s);
void mlic_json_u64(struct mlic_json *j, u64 v);
void mlic_json_s64(struct mlic_json *j, s64 v);
void mlic_json_bool(struct mlic_json *j, bool v);
void mlic_json_null(struct mlic_json *j);
void mlic_json_kv_string(struct mlic_json *j, const char *key, const char *s);
void mlic_json_kv_u64(struct mlic_json *j, const char *key, u64 v);
void mlic_json_kv_bool(struct mlic_json *j, const char *key, bool v);
void mlic_json_kv_id(struct mlic_json *j, const char *key,
		     const u8 id[MLIC_ID_SIZE]);

/* --- progress.c: a progress line on a terminal -------------------------- */

/**
 * struct mlic_progress - progress of one long operation, shown on stderr
 * @label: what is being done, e.g. "encrypting movie.mp4"
 * @total: bytes to do
 * @start: when it started (CLOCK_MONOTONIC, ns)
 * @last: when the line was last drawn (ns), 0 if never
 * @enabled: stderr is a terminal
 */
struct mlic_progress {
	const char *label;
	u64 total;
	u64 start;
	u64 last;
	bool enabled;
};

#define MLIC_PROGRESS_INTERVAL_NS	200000000ULL	/* 5 updates a second */

void mlic_progress_begin(struct mlic_progress *p, const char *label,
			 u64 total);
void mlic_progress_update(struct mlic_progress *p, u64 done);
void mlic_progress_end(struct mlic_progress *p);
bool mlic_progress_due(struct mlic_progress *p, u64 now);
int mlic_progress_format(char *buf, size_t size, const char *label, u64 done,
			 u64 total, u64 elapsed_ns, unsigned int width);

/* --- advice.c: what to tell people about an errno ---------------------- */

/* What an errno came from, to choose the advice. */
enum mlic_errctx {
	MLIC_ERR_CONTROL,	/* opening or using /dev/mlic-control */
	MLIC_ERR_DEVICE,	/* opening or using /dev/mlicN */
	MLIC_ERR_ATTACH,	/* MLIC_ATTACH refused the image */
	MLIC_ERR_FILE,		/* an ordinary file */
	MLIC_ERR_KEY,		/* the system key ioctls, the keyring */
	MLIC_ERR_LICENSE,	/* MLIC_INSTALL_LICENSE */
	MLIC_ERR_DECRYPT,	/* MLIC_DECRYPT */
	MLIC_ERR_CRYPTO,	/* the kernel crypto user API (AF_ALG) */
	MLIC_ERR_BACKUP,	/* MLIC_BACKUP and MLIC_RESTORE */
};

const char *mlic_advice(enum mlic_errctx ctx, int err);
const char *mlic_reason(enum mlic_errctx ctx, int err);
bool mlic_errno_is_format(int err);

/* --- cli.c: the command-line conventions shared by the tools ----------- */

/**
 * struct mlic_opt - one option of a verb, as parsing and --help see it
 * @name: its long name, without the dashes
 * @val: its short letter, or a value from %MLIC_OPT_LONG up for an option
 *	 that has only a long name; what the verb's take callback is given
 * @arg: the name of its argument for --help ("FILE"), or NULL if it takes
 *	 none
 * @help: what it does, wrapped by --help to fit 80 columns
 *
 * A verb's options are an array ending with an entry whose @name is NULL.
 * -h and --help come with every verb and are not listed.
 */
struct mlic_opt {
	const char *name;
	int val;
	const char *arg;
	const char *help;
};

#define MLIC_OPT_LONG		256	/* first value of a long-only option */
#define MLIC_OPTS_MAX		16	/* options of one verb */

/**
 * struct mlic_verb - one verb of a tool
 * @name: the verb ("key load" for a command of a verb)
 * @args: its synopsis after the verb, e.g. "[-r] IMAGE"
 * @summary: what it does, for the tool's and the verb's --help
 * @commands: descriptions of its commands for VERB --help, or NULL
 * @opts: its options, or NULL if it has none but --help
 * @subs: the commands of a verb made of commands (then @run is NULL)
 * @nsubs: their number
 * @run: runs the verb on argv[0] = verb name; returns the exit status
 */
struct mlic_verb {
	const char *name;
	const char *args;
	const char *summary;
	const char *commands;
	const struct mlic_opt *opts;
	const struct mlic_verb *subs;
	size_t nsubs;
	int (*run)(const struct mlic_verb *verb, int argc, char **argv);
};

/**
 * struct mlic_tool - a tool made of verbs
 * @name: program name used in messages
 * @summary: what the tool is for, one line
 * @verbs: its verbs
 * @nverbs: their number
 */
struct mlic_tool {
	const char *name;
	const char *summary;
	const struct mlic_verb *verbs;
	size_t nverbs;
};

/* What a verb's take callback is handed for each option it gets. */
typedef int (*mlic_take_fn)(const struct mlic_verb *verb, int c, char *arg,
			    void *ctx);

#define MLIC_EXIT_OK		0
#define MLIC_EXIT_FAIL		1
#define MLIC_EXIT_USAGE		2

extern const char *mlic_prog;
extern volatile sig_atomic_t mlic_interrupted;

int mlic_cli_main(const struct mlic_tool *tool, int argc, char **argv);
void mlic_cli_catch_signals(void);
int mlic_cli_help(const struct mlic_verb *verb);
int mlic_cli_only_help(const struct mlic_verb *verb, int argc, char **argv);
int mlic_cli_operands(const struct mlic_verb *verb, int argc, int want,
		      const char *name);
int mlic_cli_bad_option(const struct mlic_verb *verb, char **argv, int c);
int mlic_cli_options(const struct mlic_verb *verb, int argc, char **argv,
		     mlic_take_fn take, void *ctx);
void mlic_cli_wrap(FILE *f, const char *text, size_t first, size_t indent);
int mlic_cli_usage(const struct mlic_verb *verb, const char *fmt, ...)
	__printf(2, 3);
void mlic_cli_error(const char *verb, const char *object, const char *fmt,
		    ...) __printf(3, 4);
void mlic_cli_errno(const char *verb, const char *object, int err,
		    enum mlic_errctx ctx);
void mlic_cli_hint(const char *fmt, ...) __printf(1, 2);
void mlic_cli_warn(const char *verb, const char *object, const char *fmt,
		   ...) __printf(3, 4);
int mlic_cli_close_stdout(const char *verb);
char *mlic_escape(const char *in, char *out, size_t size);
const char *mlic_cli_safe(const char *s);
bool mlic_cli_answer_yes(const char *answer);
bool mlic_cli_is_stdio(const char *arg);
int mlic_cli_no_stdio(const struct mlic_verb *verb, const char *what,
		      const char *why);
int mlic_cli_stdio_ok(const char *verb, int fd, const char *what);
int mlic_cli_confirm(const char *question);

#endif /* _MLIC_CLI_H */
