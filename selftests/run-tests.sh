#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-tests.sh - run the mlic selftests listed in TESTS (in the test VM, as
# root, with mlic.ko loaded; see selftests/vm/init).
#
# Each entry of TESTS is a kselftest program or a *.sh test, run with a
# time limit in a process group of its own.  Its TAP goes through unchanged
# between "# mlic-test:" comment lines, and is counted: every top-level
# "ok" line is a pass ("ok ... # SKIP" a skip), every "not ok" a failure.
# A test also counts one failure when it exits non-zero (but for 4, the
# kselftest "skipped") without having reported a failure, when it reports
# fewer results than its plan, when it reports nothing, and when it runs
# out of time.  The last line is "N passed, N failed", with the skips on
# the line before it.
#
# Usage: run-tests.sh [TEST...]     (default: all of TESTS, in order)
set -u

here=$(cd "$(dirname "$0")" && pwd)
default_timeout=300
work=$(mktemp -d "${TMPDIR:-/tmp}/mlic-tests.XXXXXX") || exit 1
passed=0
failed=0
skipped=0
failures=""

# entries - "NAME TIMEOUT" for each test to run.
entries() {
	if [ $# -gt 0 ]; then
		for t in "$@"; do
			line=$(sed -e 's/#.*//' "$here/TESTS" | awk -v t="$t" '$1 == t')
			echo "${line:-$t}"
		done
		return 0
	fi
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/TESTS"
}

# kmsg MSG - mark the kernel log, so a kernel warning can be traced to a test.
kmsg() {
	echo "mlic-tests: $*" >/dev/kmsg 2>/dev/null
}

# limited SECS CMD... - run CMD in a session of its own, killing the whole
# session after SECS seconds (TERM, then KILL).  Creates $work/timedout
# when it had to.  The watchdog keeps none of the output pipe open, so the
# TAP reader sees its end as soon as the test is done.
limited() {
	secs=$1
	shift
	setsid "$@" </dev/null &
	pid=$!
	(
		sleep "$secs"
		touch "$work/timedout"
		kill -TERM "-$pid" 2>/dev/null
		sleep 10
		kill -KILL "-$pid" 2>/dev/null
	) >/dev/null 2>&1 &
	watchdog=$!
	wait "$pid"
	rc=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" 2>/dev/null
	return $rc
}

# tally - pass TAP through, and write "pass fail skip planned results"
# to $work/count.
tally() {
	awk -v count="$work/count" '
		{ print; fflush() }
		/^ok / { results++; if (toupper($0) ~ /# *SKIP/) skip++; else pass++ }
		/^not ok / { results++; if (toupper($0) ~ /# *SKIP/) skip++; else fail++ }
		/^Bail out!/ { fail++ }
		/^1\.\.[0-9]+/ { planned = substr($1, 4) + 0 }
		END { print pass + 0, fail + 0, skip + 0, planned == "" ? -1 : planned, results + 0 > count }'
}

# run_one NAME SECS - run one test; adds to the totals.
run_one() {
	name=$1
	secs=$2
	rm -f "$work/timedout" "$work/count" "$work/rc"
	path=$here/$name
	echo "# mlic-test: $name (limit ${secs}s)"
	if [ ! -f "$path" ]; then
		echo "not ok - $name: missing from $here (not built?)"
		failed=$((failed + 1))
		failures="$failures $name"
		return 0
	fi
	case $name in
	*.sh) cmd="sh $path" ;;
	*) cmd=$path ;;
	esac
	[ -x "$path" ] && cmd=$path
	kmsg "start $name"
	start=$(date +%s)
	{
		# shellcheck disable=SC2086 # cmd is "sh FILE" or a program
		limited "$secs" $cmd
		echo $? >"$work/rc"
	} 2>&1 | tally
	rc=$(cat "$work/rc")
	took=$(($(date +%s) - start))
	kmsg "end $name exit $rc"
	read -r p f s planned results <"$work/count"
	why=""
	if [ -f "$work/timedout" ]; then
		why="timed out after ${secs}s"
	elif [ "$f" -eq 0 ]; then
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then
			why="exited with status $rc"
		elif [ "$planned" -ge 0 ] && [ "$results" -ne "$planned" ]; then
			why="planned $planned results, reported $results"
		elif [ "$results" -eq 0 ]; then
			if [ "$rc" -eq 4 ] || [ "$planned" -eq 0 ]; then
				s=1
			else
				why="reported no result"
			fi
		fi
	fi
	if [ -n "$why" ]; then
		echo "not ok - $name: $why"
		f=$((f + 1))
	fi
	[ "$f" -eq 0 ] || failures="$failures $name"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	echo "# mlic-test: $name: $p passed, $f failed, $s skipped (exit $rc, ${took}s)"
}

main() {
	entries "$@" >"$work/entries"
	while read -r name secs _; do
		run_one "$name" "${secs:-$default_timeout}"
	done <"$work/entries"
	rm -rf "$work"
	[ -z "$failures" ] || echo "# mlic-test: failed:$failures"
	echo "# skipped: $skipped"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"
