// SPDX-License-Identifier: GPL-2.0
/*
 * udev.c - waiting for udev after attach, so that the by-medium-id link
 * exists when mlicctl attach returns: "udevadm settle" until the link is
 * there (or udev's queue is empty), only where a udev daemon runs, and
 * never longer than a timeout, whatever udevadm does.  Without udev (a
 * container, an initramfs, the test VM) nothing is waited for.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libmlic.h"

static const char *udev_control = "/run/udev/control";

/**
 * mlic_udev_set_control() - where udev's control socket is (for tests)
 * @path: replaces "/run/udev/control"; the string must outlive its use
 */
void mlic_udev_set_control(const char *path)
{
	udev_control = path;
}

/**
 * mlic_udev_running() - whether a udev daemon runs here
 *
 * Return: true if its control socket exists.
 */
bool mlic_udev_running(void)
{
	return !access(udev_control, F_OK);
}

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/**
 * mlic_udev_settle() - wait until udev has handled the events so far
 * @link: a path whose appearance ends the wait early, or NULL
 * @timeout_s: the longest wait, in seconds (udevadm is told, and killed
 *	       should it take longer)
 *
 * Return: 0; -ENOENT if no udev runs (nothing waited for); -ENOEXEC if
 * udevadm is not installed; -ETIMEDOUT; -ECHILD if udevadm failed; or
 * another -errno.
 */
int mlic_udev_settle(const char *link, unsigned int timeout_s)
{
	const struct timespec tick = { .tv_nsec = 20 * 1000 * 1000 };
	char prog[4096], timeout[32], *exists = NULL;
	char *argv[] = { "udevadm", "settle", timeout, NULL, NULL };
	int status, null;
	pid_t pid, got;
	u64 deadline;

	if (!mlic_udev_running())
		return -ENOENT;
	if (mlic_find_program("udevadm", prog, sizeof(prog)))
		return -ENOEXEC;
	snprintf(timeout, sizeof(timeout), "--timeout=%u", timeout_s);
	if (link && asprintf(&exists, "--exit-if-exists=%s", link) < 0)
		return -ENOMEM;
	argv[3] = exists;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		free(exists);
		return -errno;
	}
	if (pid == 0) {
		null = open("/dev/null", O_RDWR);
		if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
		    dup2(null, STDOUT_FILENO) < 0 ||
		    dup2(null, STDERR_FILENO) < 0)
			_exit(127);
		execv(prog, argv);
		_exit(127);
	}
	free(exists);
	/* udevadm honours its timeout; a second more, and it is killed. */
	deadline = now_ms() + (timeout_s + 1) * 1000ULL;
	for (;;) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			break;
		if (got < 0 && errno != EINTR)
			return -errno;
		if (now_ms() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -ETIMEDOUT;
		}
		nanosleep(&tick, NULL);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
		       -ENOEXEC : -ECHILD;
	/* Settled; without the rules installed there is no link, rightly. */
	return 0;
}
