// SPDX-License-Identifier: GPL-2.0
/*
 * progress.c - a one-line progress display for long operations: percent
 * and throughput, redrawn at most five times a second on stderr, and only
 * when stderr is a terminal.  Short operations finish before the first
 * redraw is due and show nothing.  The line is cleared at the end, so
 * that what follows on the terminal reads as if it had never been there.
 */
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

/**
 * mlic_progress_format() - the text of a progress line
 * @buf: receives it
 * @size: room in @buf
 * @label: what is being done
 * @done: bytes done
 * @total: bytes to do (0: counts as done)
 * @elapsed_ns: time since the start
 *
 * Return: what snprintf() returns, e.g. "encrypting a.mp4:  42%  12.3 MiB/s".
 */
int mlic_progress_format(char *buf, size_t size, const char *label, u64 done,
			 u64 total, u64 elapsed_ns)
{
	unsigned int percent = total ? (unsigned int)(done * 100.0 / total) :
				       100;
	double mib = done / 1048576.0;
	double secs = elapsed_ns / (double)NSEC_PER_SEC;

	return snprintf(buf, size, "%s: %3u%%  %.1f MiB/s", label, percent,
			secs > 0 ? mib / secs : 0.0);
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
	char line[256];
	u64 now;

	if (!p->enabled)
		return;
	now = now_ns();
	if (!mlic_progress_due(p, now))
		return;
	mlic_progress_format(line, sizeof(line), p->label, done, p->total,
			     now - p->start);
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
