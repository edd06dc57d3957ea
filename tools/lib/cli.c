// SPDX-License-Identifier: GPL-2.0
/*
 * cli.c - the command-line conventions every mlic tool follows: a table of
 * verbs, --help on stdout with exit 0, misuse on stderr with exit 2,
 * errors as "PROG: VERB OBJECT: reason" followed by advice where one helps.
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

#ifndef MLIC_VERSION
#define MLIC_VERSION "unknown"
#endif

const char *mlic_prog = "mlic";
volatile sig_atomic_t mlic_interrupted;

/* Help is laid out for a terminal of 80 columns: no line is longer. */
#define HELP_COLUMNS		79
#define HELP_OPT_COLUMN		26	/* where option descriptions start */

static void tool_usage(FILE *f, const struct mlic_tool *tool)
{
	fprintf(f, "Usage: %s [--help] [--version] VERB [ARGS...]\n",
		tool->name);
}

/* The length of the next word of @s: brackets keep "[-o FILE]" whole. */
static size_t word_len(const char *s)
{
	size_t n = 0;
	int depth = 0;

	for (; s[n] && (depth > 0 || s[n] != ' '); n++) {
		if (s[n] == '[')
			depth++;
		else if (s[n] == ']' && depth > 0)
			depth--;
	}
	return n;
}

/**
 * mlic_cli_wrap() - print text wrapped to fit 80 columns, and a newline
 * @f: where to print
 * @text: the text; its words are separated by single blanks, and words in
 *	  brackets ("[-o FILE]") are never broken
 * @first: the column the text starts at (what is on the line already)
 * @indent: the column of its further lines
 */
void mlic_cli_wrap(FILE *f, const char *text, size_t first, size_t indent)
{
	size_t col = first, n;
	bool start = true;

	while (*text) {
		while (*text == ' ')
			text++;
		if (!*text)
			break;
		n = word_len(text);
		if (!start && col + 1 + n > HELP_COLUMNS) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
			start = true;
		}
		if (!start) {
			fputc(' ', f);
			col++;
		}
		fwrite(text, 1, n, f);
		col += n;
		text += n;
		start = false;
	}
	fputc('\n', f);
}

/* "  NAME ARGS" and a description from column @column, wrapped. */
static void help_item(const char *name, const char *args, const char *text,
		      size_t column)
{
	int n;

	n = printf("  %s%s%s", name, args && *args ? " " : "",
		   args ? args : "");
	if (n < 0)
		return;
	if ((size_t)n + 2 > column) {
		printf("\n%*s", (int)column, "");
	} else {
		printf("%*s", (int)(column - n), "");
	}
	mlic_cli_wrap(stdout, text, column, column);
}

static void tool_help(const struct mlic_tool *tool)
{
	const struct mlic_verb *v;
	size_t i;

	tool_usage(stdout, tool);
	putchar('\n');
	mlic_cli_wrap(stdout, tool->summary, 0, 0);
	printf("\nVerbs:\n");
	for (i = 0; i < tool->nverbs; i++) {
		v = &tool->verbs[i];
		printf("  %s", v->name);
		if (*v->args) {
			putchar(' ');
			mlic_cli_wrap(stdout, v->args, 3 + strlen(v->name), 6);
		} else {
			putchar('\n');
		}
		printf("      ");
		mlic_cli_wrap(stdout, v->summary, 6, 6);
	}
	printf("\nRun '%s VERB --help' for the options of a verb.\n",
	       tool->name);
}

static void vsay(const char *head, const char *fmt, va_list ap);

static int __printf(2, 3)
tool_misuse(const struct mlic_tool *tool, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
	tool_usage(stderr, tool);
	fprintf(stderr, "Try '%s --help' for more information.\n",
		tool->name);
	return MLIC_EXIT_USAGE;
}

/**
 * mlic_cli_close_stdout() - make sure everything printed reached stdout
 * @verb: the verb that printed, for the message
 *
 * Return: 0, or 1 after saying why stdout failed (e.g. a full disk).
 */
int mlic_cli_close_stdout(const char *verb)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	mlic_cli_error(verb, "stdout", "%s", strerror(errno ? errno : EIO));
	return MLIC_EXIT_FAIL;
}

/*
 * Run the command of a verb made of commands (argv: the verb, then the
 * command and its arguments); each command is named "VERB COMMAND".
 */
static int run_command(const struct mlic_verb *verb, int argc, char **argv)
{
	size_t i, skip = strlen(verb->name) + 1;

	if (argc < 2)
		return mlic_cli_usage(verb, "no %s command given",
				      verb->name);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return mlic_cli_help(verb);
	for (i = 0; i < verb->nsubs; i++) {
		if (!strcmp(argv[1], verb->subs[i].name + skip)) {
			optind = 0;
			return verb->subs[i].run(&verb->subs[i], argc - 1,
						 argv + 1);
		}
	}
	return mlic_cli_usage(verb, "unknown %s command '%s'", verb->name,
			      argv[1]);
}

/**
 * mlic_cli_main() - run a tool: global options, then one verb
 * @tool: the tool and its verbs
 * @argc: from main()
 * @argv: from main()
 *
 * Return: the exit status: 0 success, 1 failure, 2 usage error.
 */
int mlic_cli_main(const struct mlic_tool *tool, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct mlic_verb *verb = NULL;
	int c, ret;
	size_t i;

	mlic_prog = tool->name;
	opterr = 0;
	optind = 0;	/* glibc: a full start, "+" read afresh, as in a new process */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			tool_help(tool);
			return mlic_cli_close_stdout("--help");
		case 'V':
			printf("%s (mlic) %s\n", tool->name, MLIC_VERSION);
			return mlic_cli_close_stdout("--version");
		default:
			return tool_misuse(tool, "unrecognized option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return tool_misuse(tool, "no verb given");
	for (i = 0; i < tool->nverbs; i++)
		if (!strcmp(argv[optind], tool->verbs[i].name))
			verb = &tool->verbs[i];
	if (!verb)
		return tool_misuse(tool, "unknown verb '%s'", argv[optind]);

	argc -= optind;
	argv += optind;
	optind = 0;	/* glibc: start afresh for the verb's getopt_long */
	ret = verb->subs ? run_command(verb, argc, argv) :
			   verb->run(verb, argc, argv);
	if (mlic_cli_close_stdout(verb->name))
		ret = MLIC_EXIT_FAIL;
	return ret;
}

static void verb_usage(FILE *f, const struct mlic_verb *verb)
{
	size_t col = strlen("Usage:  ") + strlen(mlic_prog) + strlen(verb->name);

	fprintf(f, "Usage: %s %s", mlic_prog, verb->name);
	if (!*verb->args) {
		fputc('\n', f);
		return;
	}
	fputc(' ', f);
	mlic_cli_wrap(f, verb->args, col + 1, col + 1 > 30 ? 30 : col + 1);
}

/* "-o, --output FILE" or "    --bind-drive", as --help lists an option. */
static void opt_synopsis(const struct mlic_opt *o, char *buf, size_t size)
{
	if (o->val < MLIC_OPT_LONG)
		snprintf(buf, size, "-%c, --%s%s%s", o->val, o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
	else
		snprintf(buf, size, "    --%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
}

/**
 * mlic_cli_help() - print the help of a verb on stdout
 * @verb: the verb
 *
 * Return: 0, the exit status of --help.
 */
int mlic_cli_help(const struct mlic_verb *verb)
{
	static const struct mlic_opt help = {
		"help", 'h', NULL, "show this help"
	};
	const struct mlic_opt *o;
	size_t i, skip = strlen(verb->name) + 1;
	char syn[64];

	verb_usage(stdout, verb);
	putchar('\n');
	mlic_cli_wrap(stdout, verb->summary, 0, 0);
	if (verb->subs) {
		printf("\nCommands:\n");
		for (i = 0; i < verb->nsubs; i++)
			help_item(verb->subs[i].name + skip,
				  verb->subs[i].args, verb->subs[i].summary,
				  HELP_OPT_COLUMN);
		printf("\nRun '%s %s COMMAND --help' for the options of a "
		       "command.\n", mlic_prog, verb->name);
		return MLIC_EXIT_OK;
	}
	printf("\nOptions:\n");
	for (o = verb->opts; o && o->name; o++) {
		opt_synopsis(o, syn, sizeof(syn));
		help_item(syn, NULL, o->help, HELP_OPT_COLUMN);
	}
	opt_synopsis(&help, syn, sizeof(syn));
	help_item(syn, NULL, help.help, HELP_OPT_COLUMN);
	return MLIC_EXIT_OK;
}

/**
 * mlic_cli_usage() - report misuse of a verb on stderr
 * @verb: the verb
 * @fmt: what was wrong, or NULL to print the usage only
 *
 * Return: 2, the exit status of a usage error.
 */
int mlic_cli_usage(const struct mlic_verb *verb, const char *fmt, ...)
{
	char head[64];
	va_list ap;

	if (fmt) {
		snprintf(head, sizeof(head), "%s: ", verb->name);
		va_start(ap, fmt);
		vsay(head, fmt, ap);
		va_end(ap);
	}
	verb_usage(stderr, verb);
	fprintf(stderr, "Try '%s %s --help' for more information.\n",
		mlic_prog, verb->name);
	return MLIC_EXIT_USAGE;
}

static void on_signal(int sig)
{
	mlic_interrupted = sig;
}

/**
 * mlic_cli_catch_signals() - note SIGINT, SIGTERM and SIGHUP, not die
 *
 * A verb that leaves partial files behind when killed checks
 * %mlic_interrupted and cleans up instead.  Handlers (unlike SIG_IGN) are
 * reset by exec, so the programs it runs still die of the signals.
 */
void mlic_cli_catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/**
 * mlic_cli_only_help() - parse the options of a verb that has none but -h
 * @verb: the verb
 * @argc: its argc
 * @argv: its argv
 *
 * Return: -1 to go on with the operands from optind, or the exit status.
 */
int mlic_cli_only_help(const struct mlic_verb *verb, int argc, char **argv)
{
	return mlic_cli_options(verb, argc, argv, NULL, NULL);
}

/**
 * mlic_cli_operands() - check the number of operands after the options
 * @verb: the verb
 * @argc: its argc
 * @want: how many operands it takes
 * @name: what the first is called in its synopsis, e.g. "IMAGE"
 *
 * Return: -1 if there are exactly @want, or 2 after saying what is wrong.
 */
int mlic_cli_operands(const struct mlic_verb *verb, int argc, int want,
		      const char *name)
{
	if (argc - optind < want)
		return mlic_cli_usage(verb, "no %s given", name);
	if (argc - optind > want)
		return mlic_cli_usage(verb, "too many arguments");
	return -1;
}

/**
 * mlic_cli_bad_option() - report what getopt_long() did not accept
 * @verb: the verb being parsed
 * @argv: the verb's argv
 * @c: what getopt_long() returned: '?' or ':' (optstring starts with ':')
 *
 * Return: 2, the exit status of a usage error.
 */
int mlic_cli_bad_option(const struct mlic_verb *verb, char **argv, int c)
{
	const char *arg = argv[optind - 1];
	bool is_long = !strncmp(arg, "--", 2);
	int len;

	if (c == ':' && !is_long)
		return mlic_cli_usage(verb, "option '-%c' needs an argument",
				      optopt);
	if (c == ':')
		return mlic_cli_usage(verb, "option '%s' needs an argument",
				      arg);
	if (!is_long)
		return mlic_cli_usage(verb, "invalid option '-%c'", optopt);
	/* A known long option given a value it does not take. */
	len = (int)strcspn(arg, "=");
	if (optopt && arg[len])
		return mlic_cli_usage(verb, "option '%.*s' takes no argument",
				      len, arg);
	return mlic_cli_usage(verb, "unrecognized option '%s'", arg);
}

/**
 * mlic_cli_options() - parse the options of a verb, as its table says
 * @verb: the verb; verb->opts lists its options
 * @argc: its argument count
 * @argv: its arguments
 * @take: called with every option (struct mlic_opt's val) and its
 *	  argument; returns -1 to go on, or the exit status to end with.
 *	  NULL for a verb without options.
 * @ctx: passed to @take
 *
 * The table that --help prints is the one getopt_long() is given: -h and
 * --help print the verb's help; an unknown option, or one missing its
 * argument, is a usage error.
 *
 * Return: -1 once every option was taken, or the exit status to end with.
 */
int mlic_cli_options(const struct mlic_verb *verb, int argc, char **argv,
		     mlic_take_fn take, void *ctx)
{
	struct option lopts[MLIC_OPTS_MAX + 2];
	char sopts[3 * MLIC_OPTS_MAX + 4] = ":h";
	const struct mlic_opt *o;
	size_t n = 0, len = 2;
	int c, ret;

	for (o = verb->opts; o && o->name && n < MLIC_OPTS_MAX; o++, n++) {
		lopts[n] = (struct option){ o->name, o->arg ? required_argument :
					    no_argument, NULL, o->val };
		if (o->val >= MLIC_OPT_LONG)
			continue;
		sopts[len++] = o->val;
		if (o->arg)
			sopts[len++] = ':';
	}
	sopts[len] = '\0';
	lopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	lopts[n] = (struct option){ NULL, 0, NULL, 0 };

	while ((c = getopt_long(argc, argv, sopts, lopts, NULL)) != -1) {
		if (c == 'h')
			return mlic_cli_help(verb);
		if (c == '?' || c == ':' || !take)
			return mlic_cli_bad_option(verb, argv, c);
		ret = take(verb, c, optarg, ctx);
		if (ret >= 0)
			return ret;
	}
	return -1;
}

/**
 * mlic_escape() - a name made safe to print, as util-linux does it
 * @in: the name: a file name, an argument, anything a user or a file gave
 * @out: receives it with every control character (C0, DEL, C1), every
 *	 byte that is not valid UTF-8, and a backslash before an 'x' written
 *	 as \xHH, so that a name can neither forge a line nor drive the
 *	 terminal; truncated to fit
 * @size: room in @out, at least 1
 *
 * Return: @out.
 */
char *mlic_escape(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t len = strlen(in), o = 0, n;
	bool esc;

	while (len && o + 1 < size) {
		n = mlic_utf8_sequence(p, len);
		esc = !n || *p < 0x20 || *p == 0x7f ||
		      (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) ||
		      (*p == '\\' && len > 1 && p[1] == 'x');
		if (esc) {
			if (o + 5 > size)
				break;
			o += snprintf(out + o, size - o, "\\x%02x", *p);
			p++;
			len--;
			continue;
		}
		if (o + n + 1 > size)
			break;
		memcpy(out + o, p, n);
		o += n;
		p += n;
		len -= n;
	}
	out[o] = '\0';
	return out;
}

/**
 * mlic_cli_safe() - mlic_escape() into a buffer of its own, for printf()
 * @s: the name
 *
 * The last few results stay valid, so that one printf() may take several.
 *
 * Return: @s escaped.
 */
const char *mlic_cli_safe(const char *s)
{
	static char bufs[4][4 * 4096 + 1];
	static unsigned int next;

	return mlic_escape(s, bufs[next++ % ARRAY_SIZE(bufs)], sizeof(bufs[0]));
}

/* Print "PROG: " and the message, escaped, and a newline. */
static void vsay(const char *head, const char *fmt, va_list ap)
{
	char msg[4096 + 512], safe[4 * sizeof(msg) + 1];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "%s: %s%s\n", mlic_prog, head,
		mlic_escape(msg, safe, sizeof(safe)));
}

static void vreport(const char *verb, const char *object, const char *pfx,
		    const char *fmt, va_list ap)
{
	char head[4096 + 256], safe[4 * sizeof(head) + 1];

	snprintf(head, sizeof(head), "%s%s%s: %s", verb, object ? " " : "",
		 object ? object : "", pfx);
	vsay(mlic_escape(head, safe, sizeof(safe)), fmt, ap);
}

/**
 * mlic_cli_error() - report a failed operation
 * @verb: the verb
 * @object: what it failed on (a file, a device), or NULL
 * @fmt: the reason
 *
 * Prints "PROG: VERB OBJECT: reason" on stderr.
 */
void mlic_cli_error(const char *verb, const char *object, const char *fmt,
		    ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(verb, object, "", fmt, ap);
	va_end(ap);
}

/**
 * mlic_cli_warn() - report something worth knowing that is not a failure
 * @verb: the verb
 * @object: what it is about, or NULL
 * @fmt: the message
 *
 * Prints "PROG: VERB OBJECT: warning: message" on stderr.
 */
void mlic_cli_warn(const char *verb, const char *object, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(verb, object, "warning: ", fmt, ap);
	va_end(ap);
}

/**
 * mlic_cli_hint() - print advice after an error
 * @fmt: the advice
 *
 * Prints "PROG: hint: advice" on stderr.
 */
void mlic_cli_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("hint: ", fmt, ap);
	va_end(ap);
}

/**
 * mlic_cli_errno() - report a failed operation by its errno, with advice
 * @verb: the verb
 * @object: what it failed on, or NULL
 * @err: the errno, positive or negative
 * @ctx: where it came from, to choose the advice
 */
void mlic_cli_errno(const char *verb, const char *object, int err,
		    enum mlic_errctx ctx)
{
	const char *advice = mlic_advice(ctx, err);
	const char *reason = mlic_reason(ctx, err);

	if (!reason)
		reason = strerror(err < 0 ? -err : err);
	mlic_cli_error(verb, object, "%s", reason);
	if (advice)
		mlic_cli_hint("%s", advice);
}

/**
 * mlic_cli_is_stdio() - whether a file operand is "-"
 * @arg: the operand
 *
 * "-" means standard input or output wherever a stream makes sense, and is
 * refused plainly elsewhere (mlic_cli_no_stdio()).
 *
 * Return: true for "-".
 */
bool mlic_cli_is_stdio(const char *arg)
{
	return arg && !strcmp(arg, "-");
}

/**
 * mlic_cli_no_stdio() - refuse "-" where a stream makes no sense
 * @verb: the verb
 * @what: the operand, e.g. "IMAGE" or "--keytab"
 * @why: why it must be a file
 *
 * Return: 2, the exit status of a usage error.
 */
int mlic_cli_no_stdio(const struct mlic_verb *verb, const char *what,
		      const char *why)
{
	return mlic_cli_usage(verb, "%s cannot be '-' (standard input or "
			      "output): %s", what, why);
}

/**
 * mlic_cli_stdio_ok() - whether a stream may be used for binary data
 * @verb: the verb, for the message
 * @fd: %STDIN_FILENO or %STDOUT_FILENO
 * @what: what would go through it, e.g. "a system key"
 *
 * Secrets and binary data are never read from or written to a terminal.
 *
 * Return: 0, or -ENOTTY after saying why not.
 */
int mlic_cli_stdio_ok(const char *verb, int fd, const char *what)
{
	if (!isatty(fd))
		return 0;
	if (fd == STDIN_FILENO) {
		mlic_cli_error(verb, "stdin", "will not read %s from a "
			       "terminal", what);
		mlic_cli_hint("give a file, or pipe it in");
	} else {
		mlic_cli_error(verb, "stdout", "will not write %s to a "
			       "terminal", what);
		mlic_cli_hint("give a file, or redirect or pipe it");
	}
	return -ENOTTY;
}

/**
 * mlic_cli_answer_yes() - whether an answer to a [y/N] question is yes
 * @answer: the line typed, with or without its newline
 *
 * Return: true for "y" or "yes" in any case, blanks around allowed; false
 * for anything else, an empty line included.
 */
bool mlic_cli_answer_yes(const char *answer)
{
	size_t len;

	while (*answer == ' ' || *answer == '\t')
		answer++;
	len = strcspn(answer, " \t\r\n");
	if (answer[len + strspn(answer + len, " \t\r\n")])
		return false;	/* more words */
	return (len == 1 && !strncasecmp(answer, "y", 1)) ||
	       (len == 3 && !strncasecmp(answer, "yes", 3));
}

/**
 * mlic_cli_confirm() - ask a question on stderr, read the answer on stdin
 * @question: the question, printed as "PROG: question [y/N] "
 *
 * Return: 1 for yes, 0 for anything else (end of input included).
 */
int mlic_cli_confirm(const char *question)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool yes;

	fprintf(stderr, "%s: %s [y/N] ", mlic_prog, question);
	fflush(stderr);
	n = getline(&line, &cap, stdin);
	if (n <= 0 || line[n - 1] != '\n')
		fputc('\n', stderr);	/* end of input: end the line */
	yes = n > 0 && mlic_cli_answer_yes(line);
	free(line);
	return yes;
}
