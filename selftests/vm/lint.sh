#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh - `make lint`: the driver must pass checkpatch --strict and build
# without a single warning under W=1 and sparse (C=1) for every test kernel;
# the project's shell scripts must pass shellcheck.
#
# The W=1 C=1 builds go to build/lint/, from scratch each time (a warning
# is only printed when a file is compiled), so the normal builds in
# build/kmod/ are not disturbed.
#
# Usage: selftests/vm/lint.sh [RELEASE...]
# With no release, it installs what is missing (deps.sh) and lints for the
# kernels of kernels.sh.
set -eu
prog=lint
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

# checkpatch types that do not apply to an out-of-tree module built for
# several kernels; keep this short.
#   LINUX_VERSION_CODE: in-tree code is for the kernel it is merged in; this
#     module builds for 6.1 and 6.12 and must compare versions (the
#     comparisons live in driver/compat.h).
checkpatch_ignore=LINUX_VERSION_CODE

failed=0

# version_check_line FILE LINE - the line compares LINUX_VERSION_CODE.
version_check_line() {
	sed -n "${2}p" "$1" | grep -q 'LINUX_VERSION_CODE'
}

# checkpatch - the driver sources and the ABI header, --strict.  The header
# is checked as include/uapi/linux/mlic.h, where it would live in-tree, so
# that checkpatch applies its rules for uapi headers (which cannot use
# BIT(), for one).  CONSTANT_COMPARISON is dropped only where it flags the
# usual "LINUX_VERSION_CODE >= KERNEL_VERSION(...)" idiom.
checkpatch() {
	ksrc=$("$top/selftests/ksource.sh" "$build")
	checkpatch_cmd="perl $ksrc/scripts/checkpatch.pl --strict --no-tree --terse --show-types"
	checkpatch_cmd="$checkpatch_cmd --no-summary --ignore $checkpatch_ignore"
	tree=$build/lint/tree
	report=$build/lint/checkpatch.txt
	rm -rf "$tree"
	mkdir -p "$tree/include/uapi/linux"
	cp "$top/uapi/linux/mlic.h" "$tree/include/uapi/linux/"
	{
		(cd "$top" && $checkpatch_cmd -f driver/*.c driver/*.h)
		(cd "$tree" && $checkpatch_cmd -f include/uapi/linux/mlic.h) |
			sed 's@^include/uapi/@uapi/@'
	} >"$report.all" 2>&1 || true
	: >"$report"
	while IFS= read -r l; do
		case $l in
		*:CONSTANT_COMPARISON:*)
			f=${l%%:*}
			n=${l#*:}
			n=${n%%:*}
			version_check_line "$top/$f" "$n" && continue
			;;
		esac
		printf '%s\n' "$l" >>"$report"
	done <"$report.all"
	rm -f "$report.all"
	if [ -s "$report" ]; then
		say "checkpatch --strict is not clean:"
		cat "$report" >&2
		failed=1
	else
		say "checkpatch --strict: clean"
	fi
}

# strict_build R - the module for R with W=1 and sparse; any diagnostic fails.
strict_build() {
	rm -rf "$build/lint/kmod/$1"
	log=$build/lint/build-$1.txt
	if ! make -C "$top" --no-print-directory module BUILD="$build/lint" \
		KERNELRELEASE="$1" W=1 C=1 >"$log" 2>&1; then
		say "$1: the W=1 C=1 build failed:"
		cat "$log" >&2
		failed=1
	elif grep -E -i 'warning|error:' "$log" | grep -v '^Skipping BTF' >&2; then
		say "$1: the W=1 C=1 build has warnings (above; log in $log)"
		failed=1
	else
		say "$1: W=1 C=1 build: clean"
	fi
}

# shell - shellcheck over the project's shell scripts, every severity.
# SC2317 (unreachable command) is off: shellcheck 0.9 says it of every
# function that is only called from a trap or through another command.
shell() {
	set -- "$top"/selftests/*.sh "$top"/selftests/vm/*.sh "$top/selftests/vm/init"
	[ ! -f "$top/.ci/run" ] || set -- "$@" "$top/.ci/run"
	if shellcheck -x -P SCRIPTDIR -e SC2317 "$@" >&2 &&
		# bash completion is bash, sourced, with no #! to say so
		shellcheck -s bash -e SC2317 "$top"/tools/completion/* >&2; then
		say "shellcheck: clean"
	else
		say "shellcheck is not clean (above)"
		failed=1
	fi
}

main() {
	if [ $# -gt 0 ]; then
		rels=$*
	else
		# run on its own (make lint): get sparse, headers and the rest first
		"$vmdir/deps.sh"
		rels=$("$vmdir/kernels.sh" --resolve)
	fi
	checkpatch
	for r in $rels; do
		strict_build "$r"
	done
	shell
	[ "$failed" -eq 0 ] || die "lint failed"
	say "lint: all clean"
}

main "$@"
