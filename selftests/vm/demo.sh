#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - `make demo`: build everything as `make check` does (without
# testing), boot Debian 12's newest kernel (the 6.12 line; or RELEASE, any
# of kernels.sh's) in a VM and stream the guest's selftests/demo.sh live to
# this terminal.  Its last line is the
# verdict; the exit status is 0 only if the demo passed and the kernel log
# stayed clean.
#
# Usage: selftests/vm/demo.sh [RELEASE]
set -eu
prog=demo
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

main() {
	need_root
	"$vmdir/deps.sh"
	rels=$("$vmdir/kernels.sh") || die "cannot get the test kernels"
	r=${1:-$(printf '%s\n' "$rels" | grep -E '^6\.12\.' | tail -n 1)}
	[ -n "$r" ] || die "no 6.12 kernel among the test kernels"
	say "building mlic.ko for $r, the tools and the selftests"
	make_module "$r" >&2 ||
		die "the module does not build for $r"
	make -C "$top/tools" --no-print-directory >&2 || die "the tools do not build"
	make -C "$top/selftests" --no-print-directory >&2 || die "the selftests do not build"
	"$vmdir/mkinitramfs.sh" "$r" >/dev/null
	"$vmdir/run-vm.sh" "$r" demo
}

main "$@"
