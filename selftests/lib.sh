# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# lib.sh - TAP helpers for the mlic shell selftests.  Source it:
#
#	. "$(dirname "$0")/lib.sh"
#	tap_plan 3                        (optional: tap_done prints it too)
#	tap_check "module loaded" grep -q '^mlic ' /proc/modules
#	tap_check_rc 1 "detach refuses a busy device" mlicctl detach /dev/mlic0
#	tap_skip "fio run" "fio is not installed"
#	tap_done                          (exits 0, 1 on failure, 4 all skipped)
#
# Output is TAP 13 as the kselftest runner reads it: one "ok N DESC" or
# "not ok N DESC" per case, "# ..." diagnostics.  A checked command's
# output is shown (as diagnostics) only when the check fails, or always
# with TAP_VERBOSE=1.

tap_n=0
tap_pass=0
tap_fail=0
tap_skips=0
tap_planned=""

echo "TAP version 13"

# tap_plan N - announce N cases.
tap_plan() {
	tap_planned=$1
	echo "1..$1"
}

# tap_diag MSG... - a diagnostic line.
tap_diag() {
	echo "# $*"
}

# tap_ok DESC - a passed case.
tap_ok() {
	tap_n=$((tap_n + 1))
	tap_pass=$((tap_pass + 1))
	echo "ok $tap_n $1"
}

# tap_fail DESC [REASON] - a failed case.
tap_fail() {
	tap_n=$((tap_n + 1))
	tap_fail=$((tap_fail + 1))
	echo "not ok $tap_n $1"
	[ $# -lt 2 ] || tap_diag "$2"
}

# tap_skip DESC REASON - a case that cannot run here.
tap_skip() {
	tap_n=$((tap_n + 1))
	tap_skips=$((tap_skips + 1))
	echo "ok $tap_n $1 # SKIP $2"
}

# tap_result RC DESC - ok when RC is 0.
tap_result() {
	if [ "$1" -eq 0 ]; then
		tap_ok "$2"
	else
		tap_fail "$2"
	fi
}

# tap_show FILE - FILE's lines as diagnostics.
tap_show() {
	sed 's/^/#   /' "$1"
}

# tap_check_rc RC DESC CMD... - run CMD; ok when it exits with status RC.
tap_check_rc() {
	want=$1
	desc=$2
	shift 2
	tap_out=$(mktemp "${TMPDIR:-/tmp}/tap.XXXXXX")
	"$@" >"$tap_out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then
		tap_ok "$desc"
		[ "${TAP_VERBOSE:-0}" = 0 ] || tap_show "$tap_out"
	else
		tap_fail "$desc" "\`$*\` exited with $got, expected $want"
		tap_show "$tap_out"
	fi
	rm -f "$tap_out"
	[ "$got" -eq "$want" ]
}

# tap_check DESC CMD... - run CMD; ok when it succeeds.
tap_check() {
	tap_check_rc 0 "$@"
}

# tap_skip_all REASON - nothing here can run: report it and exit 4.
tap_skip_all() {
	echo "1..0 # SKIP $1"
	exit 4
}

# tap_bail MSG - stop the whole test.
tap_bail() {
	echo "Bail out! $1"
	exit 1
}

# tap_require CMD... - skip the whole test unless each CMD is available.
tap_require() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || tap_skip_all "$c is not available"
	done
}

# fails_saying WHAT CMD... - CMD exits 1 and says WHAT (any case) on
# stderr, which is shown as the check's output.
fails_saying() {
	what=$1
	shift
	fs_err=$(mktemp "${TMPDIR:-/tmp}/tap.XXXXXX")
	"$@" >/dev/null 2>"$fs_err"
	fs_rc=$?
	cat "$fs_err"
	grep -qi -- "$what" "$fs_err"
	fs_said=$?
	rm -f "$fs_err"
	[ "$fs_rc" -eq 1 ] && [ "$fs_said" -eq 0 ]
}

# flip FILE OFFSET - invert one byte of FILE, in place.
flip() {
	b=$(dd if="$1" bs=1 skip="$2" count=1 status=none | od -An -tu1 | tr -d ' ')
	# shellcheck disable=SC2059 # an octal escape, built on purpose
	printf "$(printf '\\%03o' $((b ^ 0xff)))" |
		dd of="$1" bs=1 seek="$2" count=1 conv=notrunc status=none
}

# tap_done - the plan (if not given first), the totals, and the exit code.
tap_done() {
	[ -n "$tap_planned" ] || echo "1..$tap_n"
	if [ -n "$tap_planned" ] && [ "$tap_planned" -ne "$tap_n" ]; then
		tap_diag "planned $tap_planned cases, ran $tap_n"
		tap_fail=$((tap_fail + 1))
	fi
	tap_diag "Totals: pass:$tap_pass fail:$tap_fail skip:$tap_skips"
	[ "$tap_fail" -eq 0 ] || exit 1
	[ "$tap_pass" -gt 0 ] || [ "$tap_skips" -eq 0 ] || exit 4
	exit 0
}
