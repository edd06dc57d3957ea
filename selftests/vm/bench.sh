#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - `make bench`: build everything as `make demo` does, boot one
# kernel line in the VM (Debian 12's 6.12 by default) and run the guest's
# selftests/bench.sh there, streaming its table to this terminal; then take
# its results off the second disk into build/bench/ (bench.txt, bench.json,
# bench.svg) and render the chart as bench.png.
#
# With --smoke it runs the bench with tiny sizes (bench.sh --quick) into
# build/bench/smoke/ and prints TAP for `make check`: one result per row
# (a figure, or an explicit "could not measure"), and for the results
# themselves.  Speed never fails it.
#
# Usage: selftests/vm/bench.sh [--smoke] [RELEASE]
# Environment: KERNEL=R (as RELEASE: a release of kernels.sh, or its line:
# 6.1, 6.12, 7.2), MLIC_BENCH_ARGS (more options for the guest's bench.sh,
# comma-separated, e.g. --only=io:decrypt), and those of run-vm.sh.
set -eu
prog=bench
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

smoke=0
tap_n=0

# tap OK DESCRIPTION - one TAP result (smoke only).
tap() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
	fi
}

# pick_release WANTED RELS - WANTED itself, or the newest of RELS in its
# line (6.1 is 6.1.0-N-amd64, not 6.12.x); 6.12 when WANTED is empty.
pick_release() {
	want=${1:-6.12}
	printf '%s\n' "$2" | awk -v w="$want" '
		$0 == w { exact = $0 }
		index($0, w) == 1 && substr($0, length(w) + 1, 1) ~ /[.-]/ { line = $0 }
		END { print exact != "" ? exact : line }'
}

# results VM OUT - the guest's results off the second disk into OUT.
results() {
	rm -rf "$2" "$2.new"
	mkdir -p "$2.new"
	debugfs -R "rdump /mlic-bench $2.new" "$1/second.img" >/dev/null 2>&1 || true
	if [ -d "$2.new/mlic-bench" ]; then
		mv "$2.new/mlic-bench" "$2"
	fi
	rm -rf "$2.new"
	[ -f "$2/bench.json" ]
}

# smoke_report OUT VM_STATUS - TAP over what the guest produced.
smoke_report() {
	out=$1
	json=$out/bench.json
	tap "$2" "the bench ran in the VM and its kernel log stayed clean"
	if [ ! -f "$json" ] || ! jq -e '.rows | length > 0' "$json" >/dev/null 2>&1; then
		tap 1 "bench.json with rows came out of the VM"
		return 0
	fi
	tap 0 "bench.json with rows came out of the VM"
	jq -r '.rows[] | [.status, .section + ": " + .test + " vs " + .anchor,
		(.reason // "")] | @tsv' "$json" >"$out/rows.tsv"
	while IFS='	' read -r status what why; do
		case $status in
		ok) tap 0 "$what" ;;
		failed) tap 0 "$what (could not measure: $why)" ;;
		*) tap 1 "$what: $why" ;;
		esac
	done <"$out/rows.tsv"
	rm -f "$out/rows.tsv"
	rc=0
	grep -q '</svg>' "$out/bench.svg" 2>/dev/null || rc=1
	tap "$rc" "bench.svg drawn"
	rc=0
	[ -s "$out/bench.png" ] || rc=1
	tap "$rc" "bench.png rendered"
	echo "1..$tap_n"
}

main() {
	if [ "${1-}" = --smoke ]; then
		smoke=1
		shift
	fi
	[ $# -le 1 ] || { echo "usage: $0 [--smoke] [RELEASE]" >&2; exit 2; }
	need_root
	"$vmdir/deps.sh"
	rels=$("$vmdir/kernels.sh") || die "cannot get the test kernels"
	r=$(pick_release "${1:-${KERNEL-}}" "$rels")
	[ -n "$r" ] || die "no test kernel ${1:-${KERNEL-6.12}} among: $(printf '%s\n' "$rels" | tr '\n' ' ')"
	say "building mlic.ko for $r, the tools and the selftests"
	make_module "$r" >&2 || die "the module does not build for $r"
	make -C "$top/tools" --no-print-directory >&2 || die "the tools do not build"
	make -C "$top/selftests" --no-print-directory >&2 || die "the selftests do not build"
	"$vmdir/mkinitramfs.sh" "$r" >/dev/null
	args=${MLIC_BENCH_ARGS-}
	out=$build/bench
	if [ "$smoke" -eq 1 ]; then
		args="--quick${args:+,$args}"
		out=$build/bench/smoke
	fi
	status=0
	MLIC_VM_APPEND="${args:+mlicvm.bench=$args} ${MLIC_VM_APPEND-}" \
		"$vmdir/run-vm.sh" "$r" bench >&2 || status=1
	vm=$build/vm/$r
	if results "$vm" "$out" && command -v rsvg-convert >/dev/null; then
		rsvg-convert -o "$out/bench.png" "$out/bench.svg" ||
			say "rsvg-convert could not render $out/bench.svg"
	fi
	if [ "$smoke" -eq 1 ]; then
		smoke_report "$out" "$status"
		return 0
	fi
	[ -f "$out/bench.json" ] || die "the bench left no results (see $vm/job.log)"
	say "results: $out/bench.txt, bench.json, bench.svg, bench.png"
	return "$status"
}

main "$@"
