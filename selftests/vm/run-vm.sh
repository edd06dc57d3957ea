#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh - boot one Debian kernel under QEMU (TCG, no KVM) with the
# initramfs of mkinitramfs.sh and two fresh ext4 disks, run one job in it
# (see selftests/vm/init), and judge the run.
#
# It fails when the guest does not finish in time, when the kernel log
# shows an oops, BUG, WARNING, panic, lockup, hung task or slab corruption
# (or a taint flag for one), when the job exits non-zero, and for the check
# job when the runner's "N passed, N failed" line is missing or counts a
# failure.  The logs stay in build/vm/R/: kernel.log (ttyS0) and job.log
# (ttyS1, the job's own output), with the disk images.
#
# Usage: selftests/vm/run-vm.sh RELEASE [check|demo|bench|shell]
# Environment: MLIC_VM_TIMEOUT (seconds; default for check: the sum of the
# tests' limits and 3 minutes, for demo and shell 900, for bench 1500),
# MLIC_VM_APPEND (more kernel parameters), MLIC_VM_MEM (MiB, 2048).
set -eu
prog=run-vm
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

# The DMI system UUID the guest's firmware reports: mlic derives its
# apparatus ID from it when no apparatus_id is given.
machine_uuid=6d6c6963-0000-4000-8000-000000000001
serial_scratch=MLIC-SCRATCH-0001
serial_second=MLIC-SECOND-0001

# What a healthy test run never prints in its kernel log.
problems='Oops|BUG:|BUG [a-z]|kernel BUG|WARNING:|Kernel panic|Call Trace|general protection|'
problems="$problems"'blocked for more than|soft lockup|hard LOCKUP|rcu.*detected stall|'
problems="$problems"'Redzone|Poison overwritten|Object padding|Padding overwritten|'
problems="$problems"'Freepointer|Slab corruption|list_(add|del) corruption|UBSAN:|KASAN:|'
problems="$problems"'memory corruption|double fault|Unable to handle|stack-protector|segfault at|traps:'
# Taint flags that mean the same: B bad page, D died, W warned, L soft lockup.
bad_taint=$((32 | 128 | 512 | 16384))

# check_limit - seconds the check job may take: the time limits of all the
# tests in TESTS (300 s where none is given), and 3 minutes for booting,
# module loads and power-off.  The tests' own limits stop a test that
# hangs; this one stops a kernel that hangs.
check_limit() {
	sed -e 's/#.*//' "$top/selftests/TESTS" |
		awk 'NF { t += ($2 == "" ? 300 : $2) } END { print t + 180 }'
}

# mkdisk FILE MIB LABEL - a fresh sparse raw disk holding an empty ext4.
mkdisk() {
	rm -f "$1"
	truncate -s "${2}M" "$1"
	mkfs.ext4 -q -F -L "$3" -E lazy_itable_init=0,lazy_journal_init=0 "$1" ||
		die "mkfs.ext4 $1 failed"
}

cmdline() {
	c="console=ttyS0,115200 panic=-1 oops=panic printk.devkmsg=on"
	c="$c mitigations=off mlicvm.job=$job"
	if [ "$job" = check ]; then
		# catch memory errors: slab sanity checks, red zones and poison;
		# freed pages poisoned; KFENCE sampling every 10 ms
		c="$c slub_debug=FZP page_poison=1 kfence.sample_interval=10"
	fi
	echo "$c ${MLIC_VM_APPEND-}"
}

# boot SERIAL_ARGS... - become the emulator, under timeout; the arguments
# say where ttyS1 goes.  Run it in a subshell: it execs.
boot() {
	# in the foreground process group when the shell job reads the terminal
	fg=""
	[ "$job" != shell ] || fg=--foreground
	exec timeout $fg -k 10 "$limit" qemu-system-x86_64 \
		-machine pc,accel=tcg -cpu max -smp 2 -m "${MLIC_VM_MEM:-2048}" \
		-nodefaults -display none -no-reboot -uuid "$machine_uuid" \
		-kernel "$kdir/boot/vmlinuz-$krel" -initrd "$initrd" \
		-append "$(cmdline)" \
		-serial "file:$vm/console.raw" \
		"$@" \
		-drive "file=$vm/scratch.img,format=raw,if=none,id=scratch,cache=unsafe" \
		-device "virtio-blk-pci,drive=scratch,serial=$serial_scratch" \
		-drive "file=$vm/second.img,format=raw,if=none,id=second,cache=unsafe" \
		-device "virtio-blk-pci,drive=second,serial=$serial_second"
}

# stop_guest - on ^C or TERM: timeout runs QEMU in a process group of its
# own, out of the terminal's reach, so pass the signal on through timeout.
stop_guest() {
	kill "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null || true
	die "interrupted; the logs so far are in $vm"
}

# run_guest - boot, with ttyS1 going to the terminal for the shell job, and
# to job.raw otherwise (streamed live as well for the demo and the bench).
run_guest() {
	if [ "$job" = shell ]; then
		(boot -serial stdio)
		return
	fi
	: >"$vm/job.raw"
	boot -serial "file:$vm/job.raw" &
	qpid=$!
	trap stop_guest INT TERM
	if [ "$job" = demo ] || [ "$job" = bench ]; then
		tail -n +1 -f --pid="$qpid" "$vm/job.raw" | tr -d '\r' &
	fi
	rc=0
	wait "$qpid" || rc=$?
	wait	# for the demo's tail
	trap - INT TERM
	return "$rc"
}

# judge QEMU_STATUS - read the logs; say what went wrong; fail if anything.
judge() {
	bad=0
	tr -d '\r' <"$vm/console.raw" >"$vm/kernel.log"
	[ ! -f "$vm/job.raw" ] || tr -d '\r' <"$vm/job.raw" >"$vm/job.log"
	rm -f "$vm/console.raw" "$vm/job.raw"
	if [ "$1" -eq 124 ] || [ "$1" -eq 137 ]; then
		say "$krel: the guest did not finish within ${limit}s (hang?); killed"
		bad=1
	elif [ "$1" -ne 0 ]; then
		say "$krel: qemu exited with status $1"
		bad=1
	fi
	if grep -E -n "$problems" "$vm/kernel.log" >"$vm/problems.txt"; then
		first=$(head -n 1 "$vm/problems.txt" | cut -d: -f1)
		test=$(head -n "$first" "$vm/kernel.log" |
			sed -n 's/.*mlic-tests: start \(.*\)/\1/p' | tail -n 1)
		say "$krel: the kernel log has problems${test:+, the first during $test}:"
		sed -n "$((first > 3 ? first - 3 : 1)),$((first + 40))p" "$vm/kernel.log" >&2
		say "$krel: all of it in $vm/kernel.log; the problem lines in $vm/problems.txt"
		bad=1
	fi
	end=$(sed -n 's/.*mlic-vm: job=[a-z]* exit=\([0-9]*\) tainted=\([0-9]*\).*/\1 \2/p' \
		"$vm/kernel.log" | tail -n 1)
	if [ -z "$end" ]; then
		say "$krel: the guest never reported the end of its job (crash or hang); see $vm/kernel.log"
		tail -n 30 "$vm/kernel.log" >&2
		bad=1
	else
		job_status=${end% *}
		taint=${end#* }
		if [ "$job_status" -ne 0 ]; then
			say "$krel: job $job exited with status $job_status"
			bad=1
		fi
		if [ $((taint & bad_taint)) -ne 0 ]; then
			say "$krel: the kernel is tainted ($taint): a warning, oops, lockup or bad page"
			bad=1
		fi
	fi
	if [ "$job" = check ]; then
		summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$vm/job.log" | tail -n 1)
		if [ -z "$summary" ]; then
			say "$krel: the test runner printed no summary"
			bad=1
		else
			case $summary in
			*" 0 failed") ;;
			*) bad=1 ;;
			esac
		fi
	fi
	return $bad
}

main() {
	if [ $# -lt 1 ] || [ $# -gt 2 ]; then
		echo "usage: $0 RELEASE [check|demo|bench|shell]" >&2
		exit 2
	fi
	krel=$1
	job=${2:-check}
	case $job in
	check) limit=${MLIC_VM_TIMEOUT:-$(check_limit)} ;;
	demo | shell) limit=${MLIC_VM_TIMEOUT:-900} ;;
	bench) limit=${MLIC_VM_TIMEOUT:-1500} ;;
	*) die "unknown job '$job' (check, demo, bench or shell)" ;;
	esac
	kdir=$kernels/$krel
	vm=$build/vm/$krel
	[ -f "$kdir/boot/vmlinuz-$krel" ] || die "no kernel $krel; run selftests/vm/kernels.sh"
	initrd=""
	for f in "$vm"/initramfs.cpio.*; do
		[ ! -f "$f" ] || initrd=$f
	done
	[ -n "$initrd" ] || die "no initramfs for $krel; run selftests/vm/mkinitramfs.sh $krel"
	# Two runs of one kernel in one tree would share disks and logs.
	exec 9>"$vm/.run.lock"
	if ! flock -n 9; then
		say "$krel: another run of this kernel is using $vm; waiting for it"
		flock 9 || die "cannot lock $vm"
	fi
	rm -f "$vm"/*.log "$vm"/*.raw "$vm/problems.txt"
	mkdisk "$vm/scratch.img" 4096 scratch
	mkdisk "$vm/second.img" 512 second
	say "$krel: booting for job $job (limit ${limit}s)"
	start=$(now)
	status=0
	run_guest || status=$?
	took=$(($(now) - start))
	verdict=0
	judge "$status" || verdict=1
	if [ "$job" = check ] && [ -f "$vm/job.log" ]; then
		cat "$vm/job.log"
	fi
	booted=$(sed -n 's/.*\[ *\([0-9]*\)\.[0-9]*\] mlic-vm: running job.*/\1/p' "$vm/kernel.log" | head -n 1)
	say "$krel: job $job took ${took}s (guest ready after ${booted:-?}s); logs in $vm"
	return $verdict
}

main "$@"
