// SPDX-License-Identifier: GPL-2.0
/*
 * progress.c - a one-line progress display for long operations: percent,
 * throughput and the time left, fitted to the terminal's width, redrawn
 * at most five times a second on stderr, and only when stderr is a
 * terminal.  Short operations finish before the first
 * redraw is due and show nothing.  The line is cleared at the end, so
 * that what follows on the terminal reads as if it had never been there.
 */
#include <inttypes.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define NSEC_PER_SEC	1000000000ULL

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* "1:05" or "2:03:07": a duration in whole seconds. */
static void format_duration(char *buf, size_t size, u64 secs)
{
	if (secs >= 3600)
		snprintf(buf, size, "%" PRIu64 ":%02u:%02u", secs / 3600,
			 (unsigned int)(secs / 60 % 60),
			 (unsigned int)(secs % 60));
	else
		snprintf(buf, size, "%u:%02u", (unsigned int)(secs / 60),
			 (unsigned int)(secs % 60));
}

/* The number of columns @s takes: one per UTF-8 character. */
static size_t text_columns(const char *s, size_t len)
{
	size_t cols = 0, i;

	for (i = 0; i < len; i++)
		cols += ((unsigned char)s[i] & 0xc0) != 0x80;
	return cols;
}

/* How many bytes of @s fit in @cols columns, whole characters only. */
static size_t prefix_fitting(const char *s, size_t cols)
{
	size_t i = 0, used = 0;

	while (s[i] && used < cols) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		used++;
	}
	return i;
}

/**
 * mlic_progress_format() - the text of a progress line
 * @buf: receives it
 * @size: room in @buf
 * @label: what is being done
 * @done: bytes done
 * @total: bytes to do (0: counts as done)
 * @elapsed_ns: time since the start
 * @width: the terminal's width; the line takes at most one column less,
 *	   the label shortened with "..." if need be
 *
 * The rate and the time left are "--" until something was done.
 *
 * Return: what snprintf() returns, e.g.
 * "encrypting a.mp4:  42%  12.3 MiB/s  ETA 0:07".
 */
int mlic_progress_format(char *buf, size_t size, const char *label, u64 done,
			 u64 total, u64 elapsed_ns, unsigned int width)
{
	unsigned int percent = total ? (unsigned int)(done * 100.0 / total) :
				       100;
	double secs = elapsed_ns / (double)NSEC_PER_SEC;
	double rate = secs > 0 && done ? done / secs : 0;
	char tail[64], eta[24] = "--:--", head[512];
	size_t room, len = strlen(label), cut;

	if (percent > 100)
		percent = 100;
	if (done >= total)
		snprintf(eta, sizeof(eta), "0:00");
	else if (rate > 0)
		format_duration(eta, sizeof(eta), (u64)((total - done) / rate +
							0.5));
	if (rate > 0)
		snprintf(tail, sizeof(tail), ": %3u%%  %.1f MiB/s  ETA %s",
			 percent, rate / 1048576.0, eta);
	else
		snprintf(tail, sizeof(tail), ": %3u%%  --.- MiB/s  ETA %s",
			 percent, eta);
	/* The label gives way: the numbers are what one looks for. */
	room = width > strlen(tail) + 4 ? width - 1 - strlen(tail) : 3;
	if (text_columns(label, len) <= room) {
		snprintf(head, sizeof(head), "%s", label);
	} else {
		cut = prefix_fitting(label, room > 3 ? room - 3 : 0);
		snprintf(head, sizeof(head), "%.*s...", (int)cut, label);
	}
	return snprintf(buf, size, "%s%s", head, tail);
}

/* The width of the terminal on stderr; 80 if it does not say. */
static unsigned int terminal_width(void)
{
	struct winsize ws;

	if (!ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/**
 * mlic_progress_begin() - start an operation that may take a while
 * @p: its progress
 * @label: what is being done (must outlive @p's use)
 * @total: bytes to do
 */
void mlic_progress_begin(struct mlic_progress *p, const char *label,
			 u64 total)
{
	p->label = label;
	p->total = total;
	p->start = now_ns();
	p->last = 0;
	p->enabled = isatty(STDERR_FILENO);
}

/**
 * mlic_progress_due() - whether the line should be redrawn now
 * @p: the progress
 * @now: the time (CLOCK_MONOTONIC, ns)
 *
 * The first redraw comes one interval after the start, the next ones one
 * interval after the one before.
 *
 * Return: true if it is due; it is then counted as drawn.
 */
bool mlic_progress_due(struct mlic_progress *p, u64 now)
{
	u64 since = p->last ? p->last : p->start;

	if (now - since < MLIC_PROGRESS_INTERVAL_NS)
		return false;
	p->last = now;
	return true;
}

/**
 * mlic_progress_update() - report bytes done, redrawing if it is time
 * @p: the progress
 * @done: bytes done so far
 */
void mlic_progress_update(struct mlic_progress *p, u64 done)
{
	char line[768];
	u64 now;

	/* Nothing to do, nothing to show (an empty content). */
	if (!p->enabled || !p->total)
		return;
	now = now_ns();
	if (!mlic_progress_due(p, now))
		return;
	mlic_progress_format(line, sizeof(line), p->label, done, p->total,
			     now - p->start, terminal_width());
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
}

/**
 * mlic_progress_end() - the operation is over: clear the line if drawn
 * @p: the progress
 */
void mlic_progress_end(struct mlic_progress *p)
{
	if (p->enabled && p->last) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->last = 0;
}
