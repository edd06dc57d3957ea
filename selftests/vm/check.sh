#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - `make check`, the project's test command: install what is
# missing, lint, run the host unit tests, then for each kernel line (the
# newest of Debian 12's 6.1 and 6.12 and of Debian unstable, see
# kernels.sh) build mlic.ko and boot it in a VM that runs the selftests;
# last, build the Debian packages, lint them and install them into clean
# chroots where DKMS builds the module for every kernel (packages.sh).
#
# Everything runs even when an early part fails, so that one run shows all
# that is wrong.  The last line counts every test case of the host unit
# tests, of every VM and of the packages, as "N passed, N failed"; a part
# that could not run or judge its tests (lint, a build, a VM that crashed
# or hung, a kernel warning) counts as one failure more.  Exit status 0
# only if all passed.
#
# Usage: selftests/vm/check.sh
# Environment: MLIC_TESTS=A,B runs only those selftests in the VMs.
set -eu
prog=check
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

passed=0
failed=0
results=""
logs=$build/check

# result PART PASSED FAILED NOTE - record one part's outcome.
result() {
	passed=$((passed + $2))
	failed=$((failed + $3))
	results="$results$(printf '  %-28s %4d passed, %d failed  %s' "$1" "$2" "$3" "$4")
"
}

# tap_counts FILE - "passed failed" over the top-level TAP lines of FILE.
tap_counts() {
	awk '/^ok / { if (toupper($0) ~ /# *SKIP/) next; p++ }
		/^not ok / { if (toupper($0) ~ /# *SKIP/) next; f++ }
		/^Bail out!/ { f++ }
		END { print p + 0, f + 0 }' "$1"
}

# step NAME CMD... - run a preparatory command; stop everything if it fails.
step() {
	name=$1
	shift
	say "== $name"
	"$@" || die "$name failed; nothing was tested"
}

# lint - a clean lint adds no count, a dirty one a failure.
lint() {
	t=$(now)
	# shellcheck disable=SC2086 # the list of releases
	if "$vmdir/lint.sh" $rels; then
		result lint 0 0 "clean ($(($(now) - t))s)"
	else
		result lint 0 1 "not clean, see above ($(($(now) - t))s)"
	fi
}

# tap_part PART NAME CMD... - run CMD, which prints TAP, showing its output
# and keeping it in $logs/NAME.log, and count its results as PART.  CMD
# failing without reporting a failure counts as one.
tap_part() {
	part=$1
	name=$2
	shift 2
	t=$(now)
	{
		rc=0
		"$@" || rc=$?
		echo "$rc" >"$logs/$name.rc"
	} 2>&1 | tee "$logs/$name.log"
	rc=$(cat "$logs/$name.rc")
	# shellcheck disable=SC2046 # two numbers
	set -- $(tap_counts "$logs/$name.log")
	p=$1
	f=$2
	note="($(($(now) - t))s)"
	[ "$p" -ne 0 ] || [ "$f" -ne 0 ] || note="$note; no test ran"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		note="$note; $name failed (exit $rc) without a TAP failure"
	fi
	result "$part" "$p" "$f" "$note"
}

unit_tests() {
	say "== host unit tests (make -C tools test)"
	tap_part "host unit tests" unit make -C "$top/tools" --no-print-directory WERROR=1 test
	# the same with Debian unstable's compiler and libraries, built apart
	say "== host unit tests in the sid chroot"
	tap_part "host unit tests (sid)" unit-sid "$vmdir/sid.sh" run \
		make -C "$top/tools" --no-print-directory O="$build/sid/tools" WERROR=1 test
}

# packages - the Debian packages: built from a copy of the tree, lintian,
# installed into a clean chroot where DKMS builds the module for each kernel.
packages() {
	say "== Debian packages (build, lintian, DKMS and install in a clean chroot)"
	# shellcheck disable=SC2086 # the list of releases
	tap_part "Debian packages" packages "$vmdir/packages.sh" $rels
}

# bench_smoke - make bench with tiny sizes in a VM of Debian 12's 6.12: a
# result per row it produced (a figure or why not), never one on speed.
bench_smoke() {
	say "== bench smoke (selftests/vm/bench.sh --smoke)"
	tap_part "bench smoke" bench "$vmdir/bench.sh" --smoke
}

# build_common - the tools and the C selftests, for every kernel's VM.
build_common() {
	say "== tools and selftests"
	make -C "$top/tools" --no-print-directory WERROR=1 &&
		make -C "$top/selftests" --no-print-directory || return 1
	for t in mlicctl mlic-master; do
		[ -x "$build/tools/$t" ] || { say "make -C tools did not build build/tools/$t"; return 1; }
	done
}

# vm_tests R - build the module for R, boot it, count the selftests.
vm_tests() {
	r=$1
	say "== $r"
	if ! make_module "$r" ||
		! "$vmdir/mkinitramfs.sh" "$r" >/dev/null; then
		result "$r" 0 1 "module or initramfs build failed"
		return 0
	fi
	t=$(now)
	vm_ok=1
	MLIC_VM_APPEND="${MLIC_TESTS:+mlicvm.tests=$MLIC_TESTS} ${MLIC_VM_APPEND-}" \
		"$vmdir/run-vm.sh" "$r" check || vm_ok=0
	note="(VM $(($(now) - t))s)"
	job=$build/vm/$r/job.log
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$job" 2>/dev/null | tail -n 1) || true
	if [ -n "$summary" ]; then
		p=${summary%% passed*}
		f=${summary#*, }
		f=${f%% failed}
	else
		# shellcheck disable=SC2046 # two numbers
		set -- $(tap_counts "$job" 2>/dev/null || echo 0 0)
		p=$1
		f=$2
		note="$note; no summary (crash or hang)"
	fi
	if [ "$vm_ok" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		note="$note; the VM run failed, see above and build/vm/$r/"
	fi
	result "$r" "$p" "$f" "$note"
}

main() {
	need_root
	start=$(now)
	mkdir -p "$logs"
	step "dependencies" "$vmdir/deps.sh"
	say "== kernels"
	rels=$("$vmdir/kernels.sh") || die "cannot get the test kernels; nothing was tested"
	step "kernel source (checkpatch, kselftest harness)" "$top/selftests/ksource.sh" "$build" >/dev/null
	say "== lint"
	lint
	unit_tests
	if build_common; then
		for r in $rels; do
			vm_tests "$r"
		done
		bench_smoke
	else
		result "tools and selftests build" 0 1 "build failed; no VM test ran"
	fi
	packages
	echo
	echo "mlic check results ($(($(now) - start))s in all):"
	printf '%s' "$results"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"
