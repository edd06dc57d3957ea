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

failed=0

# checkpatch - the driver sources, its feature probes and the ABI header,
# --strict.  The header is checked as include/uapi/linux/mlic.h, where it
# would live in-tree, so that checkpatch applies its rules for uapi headers
# (which cannot use BIT(), for one).
checkpatch() {
	ksrc=$("$top/selftests/ksource.sh" "$build")
	checkpatch_cmd="perl $ksrc/scripts/checkpatch.pl --strict --no-tree --terse --show-types"
	checkpatch_cmd="$checkpatch_cmd --no-summary"
	tree=$build/lint/tree
	report=$build/lint/checkpatch.txt
	rm -rf "$tree"
	mkdir -p "$tree/include/uapi/linux"
	cp "$top/uapi/linux/mlic.h" "$tree/include/uapi/linux/"
	{
		(cd "$top" && $checkpatch_cmd -f driver/*.c driver/*.h driver/probes/*.c)
		(cd "$tree" && $checkpatch_cmd -f include/uapi/linux/mlic.h) |
			sed 's@^include/uapi/@uapi/@'
	} >"$report" 2>&1 || true
	if [ -s "$report" ]; then
		say "checkpatch --strict is not clean:"
		cat "$report" >&2
		failed=1
	else
		say "checkpatch --strict: clean"
	fi
}

# count FILE... - how many.
count() {
	echo $#
}

# strict_build R - the module for R with W=1 and sparse; any diagnostic
# fails, and so does a build in which sparse did not check every file.
# KBUILD_CHECKSRC=1 is what C=1 sets; given directly it also keeps sparse
# on where the headers package lacks scripts/checker-valid.sh (sid's).
strict_build() {
	rm -rf "$build/lint/kmod/$1"
	log=$build/lint/build-$1.txt
	if ! make_module "$1" BUILD="$build/lint" W=1 C=1 KBUILD_CHECKSRC=1 \
		>"$log" 2>&1; then
		say "$1: the W=1 C=1 build failed:"
		cat "$log" >&2
		failed=1
	elif grep -E -i 'warning|error:' "$log" | grep -v '^Skipping BTF' >&2; then
		say "$1: the W=1 C=1 build has warnings (above; log in $log)"
		failed=1
	elif [ "$(grep -c '^  CHECK ' "$log")" -ne "$(count "$top"/driver/*.c)" ]; then
		say "$1: sparse did not check every source file (log in $log)"
		failed=1
	else
		say "$1: W=1 C=1 build: clean"
	fi
}

# shell - shellcheck over the project's shell scripts, every severity.
# SC2317 (unreachable command) is off: shellcheck 0.9 says it of every
# function that is only called from a trap or through another command.
shell() {
	set -- "$top"/selftests/*.sh "$top"/selftests/vm/*.sh "$top/selftests/vm/init" \
		"$top/driver/probes.sh"
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
		rels=$("$vmdir/kernels.sh")
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
