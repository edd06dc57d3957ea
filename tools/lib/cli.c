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

static void tool_usage(FILE *f, const struct mlic_tool *tool)
{
	fprintf(f, "Usage: %s [--help] [--version] VERB [ARGS...]\n",
		tool->name);
}

static void tool_help(const struct mlic_tool *tool)
{
	size_t i;

	tool_usage(stdout, tool);
	printf("\n%s\n\nVerbs:\n", tool->summary);
	for (i = 0; i < tool->nverbs; i++)
		printf("  %s %s\n      %s\n", tool->verbs[i].name,
		       tool->verbs[i].args, tool->verbs[i].summary);
	printf("\nRun '%s VERB --help' for the options of a verb.\n",
	       tool->name);
}

static int __printf(2, 3)
tool_misuse(const struct mlic_tool *tool, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
	ret = verb->run(verb, argc, argv);
	if (mlic_cli_close_stdout(verb->name))
		ret = MLIC_EXIT_FAIL;
	return ret;
}

static void verb_usage(FILE *f, const struct mlic_verb *verb)
{
	fprintf(f, "Usage: %s %s %s\n", mlic_prog, verb->name, verb->args);
}

/**
 * mlic_cli_help() - print the help of a verb on stdout
 * @verb: the verb
 *
 * Return: 0, the exit status of --help.
 */
int mlic_cli_help(const struct mlic_verb *verb)
{
	verb_usage(stdout, verb);
	printf("\n%s\n", verb->summary);
	if (verb->commands)
		printf("\nCommands:\n%s", verb->commands);
	printf("\nOptions:\n");
	if (verb->help)
		fputs(verb->help, stdout);
	printf("  -h, --help              show this help\n");
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
	va_list ap;

	if (fmt) {
		fprintf(stderr, "%s: %s: ", mlic_prog, verb->name);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	verb_usage(stderr, verb);
	fprintf(stderr, "Try '%s %s --help' for more information.\n",
		mlic_prog, verb->name);
	return MLIC_EXIT_USAGE;
}

/**
 * mlic_cli_subverb() - run the command of a verb made of commands
 * @verb: the verb, e.g. "key"
 * @subs: its commands, each named "VERB COMMAND", e.g. "key load"
 * @n: their number
 * @argc: the verb's argc
 * @argv: the verb's argv: the verb, then the command and its arguments
 *
 * Return: the command's exit status, or 0 for --help, or 2 for a missing
 * or unknown command.
 */
int mlic_cli_subverb(const struct mlic_verb *verb,
		     const struct mlic_verb *subs, size_t n, int argc,
		     char **argv)
{
	size_t i, skip = strlen(verb->name) + 1;

	if (argc < 2)
		return mlic_cli_usage(verb, "no %s command given",
				      verb->name);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return mlic_cli_help(verb);
	for (i = 0; i < n; i++) {
		if (!strcmp(argv[1], subs[i].name + skip)) {
			optind = 0;
			return subs[i].run(&subs[i], argc - 1, argv + 1);
		}
	}
	return mlic_cli_usage(verb, "unknown %s command '%s'", verb->name,
			      argv[1]);
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
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h')
			return mlic_cli_help(verb);
		return mlic_cli_bad_option(verb, argv, c);
	}
	return -1;
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
 * mlic_cli_options() - getopt_long for a verb whose options a callback takes
 * @verb: the verb
 * @argc: its argument count
 * @argv: its arguments
 * @shortopts: for getopt_long, starting with ':' so that a missing argument
 *	       is told apart from an unknown option
 * @opts: the long options
 * @take: called with every other option and its argument; returns -1 to go
 *	  on, or the exit status to end with
 * @ctx: passed to @take
 *
 * -h and --help print the verb's help; an unknown option, or one missing
 * its argument, is a usage error.
 *
 * Return: -1 once every option was taken, or the exit status to end with.
 */
int mlic_cli_options(const struct mlic_verb *verb, int argc, char **argv,
		     const char *shortopts, const struct option *opts,
		     int (*take)(const struct mlic_verb *verb, int c,
				 char *arg, void *ctx),
		     void *ctx)
{
	int c, ret;

	while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		if (c == 'h')
			return mlic_cli_help(verb);
		if (c == '?' || c == ':')
			return mlic_cli_bad_option(verb, argv, c);
		ret = take(verb, c, optarg, ctx);
		if (ret >= 0)
			return ret;
	}
	return -1;
}

static void vreport(const char *verb, const char *object, const char *pfx,
		    const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s%s%s: %s", mlic_prog, verb, object ? " " : "",
		object ? object : "", pfx);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
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

	fprintf(stderr, "%s: hint: ", mlic_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
