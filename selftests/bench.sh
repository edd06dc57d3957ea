#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - mlic measured side by side with its peers, in one run: the
# user area against loop on the same kind of file, decryption against
# dm-crypt reading the same bytes and against the CPU's AES-GCM (in the
# kernel and in OpenSSL), mastering against raw AF_ALG and mke2fs -d, and
# the license operations and attach against their goals and losetup.
# Documentation/benchmark.rst says what each row means.
#
# It runs as root with mlic loaded and mlicctl, mlic-master, fio, jq,
# losetup and dmsetup in PATH: in the test VM (`make bench`), or as it is
# on a real machine.  It makes everything it measures in its own
# directories (a tmpfs it mounts, and a directory on a real disk), loads a
# throwaway system key (refusing to run while another key is loaded) and
# leaves nothing attached behind.  Benchmarks are not tests: it fails only
# when it could not run; a row it cannot measure says why.
#
# Output, in DIR: bench.txt (the table it prints), bench.json, bench.svg
# (a chart of the ratios; bench.png too where rsvg-convert is installed).
#
# Usage: bench.sh [--quick] [-o DIR] [--scratch DIR] [--only=SECTION,...]
#   --quick        tiny sizes and runtimes (the smoke of make check)
#   -o DIR         where the results go (default ./mlic-bench)
#   --scratch DIR  a directory on a real disk (default $MLIC_SCRATCH, or
#                  /var/tmp); the bench works in DIR/mlic-bench
#   --only=LIST    only these sections, separated by , or : (io ext4
#                  master decrypt parallel licenses attach); decrypt and
#                  licenses need master, parallel needs decrypt
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
out=./mlic-bench
scratch=${MLIC_SCRATCH:-/var/tmp}
quick=0
only=""
started=$(date +%s)

# ---------------------------------------------------------------------------
# Reporting

# say MSG - progress, on stderr.
say() {
	printf '# bench: %s\n' "$*" >&2
}

die() {
	printf 'bench: error: %s\n' "$*" >&2
	exit 1
}

# last_line FILE - the last non-empty line of FILE (an error message).
last_line() {
	sed -e '/^[[:space:]]*$/d' "$1" 2>/dev/null | tail -n 1 | tr '\t' ' '
}

# put KEY VALUE / fail KEY REASON / get KEY - one measurement each: a
# figure in the unit of its rows, or "!" and why there is none.
put() {
	printf '%s\n' "$2" >"$m/$1"
}

fail() {
	printf '!%s\n' "$2" >"$m/$1"
	say "$1: could not measure: $2"
}

get() {
	cat "$m/$1" 2>/dev/null
}

# section ID TITLE METHOD - the heading of the rows that follow.
section() {
	sec=$1
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$work/sections"
	say "== $2"
}

# row TEST KEY UNIT BETTER ANCHOR AKEY - one line of the table: mlic's
# figure KEY against the anchor's AKEY.  BETTER is "higher" or "lower";
# the ratio is always the way round where above 1 favours mlic.
row() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sec" "$1" "$(get "$2")" \
		"$3" "$4" "$5" "$(get "$6")" >>"$work/rows"
}

# ---------------------------------------------------------------------------
# Measuring

# run_timed CMD... - run CMD, its wall time in seconds into $secs; the
# status is CMD's.  bash's clock, so that no process is started inside
# the measured interval but CMD itself.
run_timed() {
	bash -c 's=$EPOCHREALTIME; "$@"; rc=$?; echo "$s $EPOCHREALTIME" >&3; exit $rc' \
		run_timed "$@" 3>"$work/timed"
	rc=$?
	secs=$(awk '{ printf "%.6f", $2 - $1 }' "$work/timed")
	return $rc
}

# median - the median of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		printf "%.3f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# calc EXPR - an awk expression, printed with 3 decimals.
calc() {
	awk "BEGIN { printf \"%.3f\", $1 }"
}

drop_caches() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

# mib_per_s BYTES - MiB/s for BYTES moved in $secs.
mib_per_s() {
	calc "$1 / 1048576 / $secs"
}

# repeat_ms KEY N SETUP CMD... - CMD N times, its median in ms into KEY;
# SETUP (a shell function or :) runs before each, untimed, with the round
# number in $round.  Fails KEY with CMD's message when a round fails.
repeat_ms() {
	key=$1
	rounds=$2
	setup=$3
	shift 3
	: >"$work/times"
	round=1
	while [ "$round" -le "$rounds" ]; do
		"$setup"
		if ! run_timed "$@" >"$work/out" 2>"$work/err"; then
			fail "$key" "$1 failed: $(last_line "$work/err")"
			return 1
		fi
		calc "$secs * 1000" >>"$work/times"
		echo >>"$work/times"
		after_round
		round=$((round + 1))
	done
	put "$key" "$(median <"$work/times")"
}

# after_round - what repeat_ms does after each round (set by the caller).
after_round() {
	:
}

# ---------------------------------------------------------------------------
# Devices and teardown

# mlic_attach IMAGE - attach, the device on stdout.
mlic_attach() {
	mlicctl attach "$1"
}

# loop_attach FILE [OPTIONS...] - a loop device on FILE, on stdout.
loop_attach() {
	f=$1
	shift
	losetup --find --show "$@" "$f"
}

# loop_mode DEV - "direct I/O" or "buffered", as the loop driver says.
loop_mode() {
	if [ "$(cat "/sys/block/${1#/dev/}/loop/dio" 2>/dev/null)" = 1 ]; then
		echo "direct I/O"
	else
		echo "buffered"
	fi
}

# mlic_mode DEV - the same for an mlic device.
mlic_mode() {
	if [ "$(mlicctl info -J "$1" | jq -r .direct_io)" = true ]; then
		echo "direct I/O"
	else
		echo "buffered"
	fi
}

# teardown - unmount and detach whatever the bench made (also what an
# interrupted earlier run left), but for its tmpfs.
teardown() {
	awk -v b="$base/" -v t="$tmp" 'index($2, b) == 1 && $2 != t { print $2 }' \
		/proc/mounts 2>/dev/null | sort -r |
		while read -r mp; do umount "$mp" 2>/dev/null || umount -l "$mp"; done
	dmsetup remove mlic-bench-crypt >/dev/null 2>&1
	mlicctl list -J 2>/dev/null |
		jq -r --arg b "$base/" '.media[]? | select(.backing_file | startswith($b)) | .device' |
		while read -r d; do mlicctl detach "$d" >/dev/null 2>&1; done
	losetup -nO NAME,BACK-FILE 2>/dev/null |
		while read -r d f; do
			case $f in
			"$base"/*) losetup -d "$d" 2>/dev/null ;;
			esac
		done
}

cleanup() {
	teardown
	[ "$key_loaded" -eq 0 ] || mlicctl key unload >/dev/null 2>&1
	umount "$tmp" 2>/dev/null || umount -l "$tmp" 2>/dev/null
	rm -rf "$base" "$work"
}

# ---------------------------------------------------------------------------
# The rows

fio_version() {
	fio --version 2>/dev/null || echo fio
}

# fio_run KEY UNIT FILE RW BS QD [FIO OPTIONS...] - one fio job on FILE
# after dropping the caches: IOPS or MiB/s (reads and writes together).
fio_run() {
	key=$1
	unit=$2
	file=$3
	rw=$4
	bs=$5
	qd=$6
	shift 6
	drop_caches
	if ! fio --name=bench --filename="$file" --ioengine=libaio --direct=1 \
		--rw="$rw" --bs="$bs" --iodepth="$qd" --runtime="$runtime" \
		--ramp_time="$ramp" --time_based --norandommap --randrepeat=0 \
		--output-format=json "$@" >"$work/fio.json" 2>"$work/fio.err"; then
		fail "$key" "fio failed: $(last_line "$work/fio.err")"
		return
	fi
	if [ "$unit" = IOPS ]; then
		v=$(jq '.jobs[0] | .read.iops + .write.iops' "$work/fio.json")
	else
		v=$(jq '.jobs[0] | (.read.bw_bytes + .write.bw_bytes) / 1048576' "$work/fio.json")
	fi
	put "$key" "$(calc "$v")"
}

# blank_medium IMAGE SIZE [SLOTS] - a new medium without contents.
blank_medium() {
	mlic-master create --system-key "$syskey" --keytab "$work/keytab" \
		--size "$2" --slots "${3:-64}" "$1" >/dev/null 2>"$work/err"
}

# io_devices DIR MIB - mlic, loop and loop with direct I/O on files of the
# same size in DIR; sets $dev_mlic, $dev_loop, $dev_dio ("" if not), the
# modes they work in ($modes) or why not ($io_err).
io_devices() {
	dev_mlic=""
	dev_loop=""
	dev_dio=""
	modes=""
	dir=$1
	if ! blank_medium "$dir/mlic.img" "${2}M"; then
		io_err="mlic-master create failed: $(last_line "$work/err")"
		return 1
	fi
	if ! dev_mlic=$(mlic_attach "$dir/mlic.img" 2>"$work/err"); then
		io_err="mlicctl attach failed: $(last_line "$work/err")"
		return 1
	fi
	bytes=$(mlicctl info -J "$dev_mlic" | jq .user_area_bytes)
	truncate -s "$bytes" "$dir/loop.img" "$dir/dio.img"
	dev_loop=$(loop_attach "$dir/loop.img" 2>"$work/err") || {
		io_err="losetup failed: $(last_line "$work/err")"
		return 1
	}
	dev_dio=$(loop_attach "$dir/dio.img" --direct-io=on 2>"$work/err") || {
		io_err="losetup --direct-io=on failed: $(last_line "$work/err")"
		return 1
	}
	# every block written once, so that reads read data, not holes
	for d in "$dev_mlic" "$dev_loop" "$dev_dio"; do
		fio --name=fill --filename="$d" --ioengine=libaio --direct=1 \
			--rw=write --bs=1M --iodepth=4 >/dev/null 2>&1
	done
	modes="mlic: $(mlic_mode "$dev_mlic"), loop --direct-io=on: $(loop_mode "$dev_dio")"
}

io_patterns="read:1M:4:MiB/s:seq-read write:1M:4:MiB/s:seq-write
randread:4k:16:IOPS:rand-read randwrite:4k:16:IOPS:rand-write
randread:4k:1:IOPS:rand-read randwrite:4k:1:IOPS:rand-write"

# io_rows WHERE TITLE DIR - the fio rows on one kind of backing.
io_rows() {
	where=$1
	io_err=""
	mkdir -p "$3"
	io_devices "$3" "$io_mib" || true
	section "io-$where" "user-area I/O, backing files on $2" \
		"$(fio_version), libaio, direct=1 on the block device, $runtime after $ramp ramp-up, caches dropped before each job, ${io_mib} MiB devices written in full first${modes:+; $modes}"
	for p in $io_patterns; do
		IFS=: read -r rw bs qd unit name <<-EOF
		$p
		EOF
		k=io.$where.$name.$bs.$qd
		for d in mlic loop dio; do
			eval "dev=\$dev_$d"
			if [ -n "$io_err" ]; then
				fail "$k.$d" "$io_err"
			elif [ -z "$dev" ]; then
				fail "$k.$d" "no device"
			else
				fio_run "$k.$d" "$unit" "$dev" "$rw" "$bs" "$qd"
			fi
		done
		t="$(echo "$name" | tr - ' ') $bs QD$qd"
		row "$t" "$k.mlic" "$unit" higher "loop (buffered)" "$k.loop"
		row "$t" "$k.mlic" "$unit" higher "loop (--direct-io=on)" "$k.dio"
	done
	teardown
	rm -rf "$3"
}

section_io() {
	io_rows tmpfs tmpfs "$tmp/io"
	io_rows disk "a real disk ($disk_fs)" "$disk/io"
}

# section_ext4 - ext4 made alike on mlic and on loop, on the disk.
section_ext4() {
	dir=$disk/ext4
	mkdir -p "$dir"
	io_err=""
	io_devices "$dir" "$ext4_mib" || true
	head -c $((cp_mib * 1048576)) /dev/urandom >"$tmp/big.bin"
	section ext4 "ext4 on top, backing files on a real disk ($disk_fs)" \
		"mkfs.ext4 alike on each device; fio on a ${ext4_file_mib} MiB file: libaio, direct=1, 4 KiB random 70% reads, QD16, $runtime after $ramp; cp: a ${cp_mib} MiB file from tmpfs, then sync; caches dropped first${modes:+; $modes}"
	for d in mlic loop dio; do
		eval "dev=\$dev_$d"
		mnt=$dir/mnt-$d
		mkdir -p "$mnt"
		if [ -n "$io_err" ]; then
			fail "ext4.fio.$d" "$io_err"
			fail "ext4.cp.$d" "$io_err"
			continue
		fi
		if ! mkfs.ext4 -q -F -E nodiscard,lazy_itable_init=0,lazy_journal_init=0 \
			"$dev" >/dev/null 2>"$work/err" ||
			! mount -t ext4 "$dev" "$mnt" 2>>"$work/err"; then
			fail "ext4.fio.$d" "mkfs.ext4 or mount failed: $(last_line "$work/err")"
			fail "ext4.cp.$d" "mkfs.ext4 or mount failed"
			continue
		fi
		fio --name=layout --filename="$mnt/fio.dat" --size="${ext4_file_mib}M" \
			--rw=write --bs=1M --direct=1 >/dev/null 2>&1
		fio_run "ext4.fio.$d" IOPS "$mnt/fio.dat" randrw 4k 16 \
			--rwmixread=70 --size="${ext4_file_mib}M"
		rm -f "$mnt/fio.dat"
		drop_caches
		# shellcheck disable=SC2016 # the arguments of that shell
		if run_timed sh -c 'cp "$1" "$2" && sync' cp "$tmp/big.bin" "$mnt/big.bin" \
			2>"$work/err"; then
			put "ext4.cp.$d" "$(mib_per_s $((cp_mib * 1048576)))"
		else
			fail "ext4.cp.$d" "cp failed: $(last_line "$work/err")"
		fi
	done
	row "fio 4k randrw QD16" ext4.fio.mlic IOPS higher "ext4 on loop (buffered)" ext4.fio.loop
	row "fio 4k randrw QD16" ext4.fio.mlic IOPS higher "ext4 on loop (--direct-io=on)" ext4.fio.dio
	row "cp ${cp_mib} MiB + sync" ext4.cp.mlic MiB/s higher "ext4 on loop (buffered)" ext4.cp.loop
	row "cp ${cp_mib} MiB + sync" ext4.cp.mlic MiB/s higher "ext4 on loop (--direct-io=on)" ext4.cp.dio
	teardown
	rm -rf "$dir" "$tmp/big.bin"
}

# ---------------------------------------------------------------------------
# Mastering

# master KEY IMAGE SIZE SLOTS CONTENT... - time mlic-master create; the
# user area's size into $user_bytes.
master() {
	key=$1
	img=$2
	size=$3
	slots=$4
	shift 4
	rm -f "$img" "$work/master.keytab"
	if run_timed mlic-master create -J --system-key "$syskey" \
		--keytab "$work/master.keytab" --size "$size" --slots "$slots" \
		"$img" "$@" >"$work/master.json" 2>"$work/err"; then
		put "$key" "$(calc "$secs")"
		user_bytes=$(jq .user_area_bytes "$work/master.json")
		return 0
	fi
	# shellcheck disable=SC3045 # dash's and bash's ulimit have -n
	fail "$key" "mlic-master create failed: $(last_line "$work/err") (open files limit $(ulimit -n))"
	rm -f "$img"
	return 1
}

# master_anchors KEY TREE BYTES - raw AF_ALG of the same bytes, and mke2fs
# -d of the same tree into a file of BYTES (the user area's size).
master_anchors() {
	if [ -z "$gcm" ]; then
		fail "$1.afalg" "no bench_gcm (make -C selftests)"
	elif run_timed "$gcm" -c 65536 "$2"/* >/dev/null 2>"$work/err"; then
		put "$1.afalg" "$(calc "$secs")"
	else
		fail "$1.afalg" "bench_gcm failed: $(last_line "$work/err")"
	fi
	rm -f "$tmp/mke2fs.img"
	truncate -s "$3" "$tmp/mke2fs.img"
	if run_timed mke2fs -q -F -t ext4 -b 4096 -E nodiscard,root_owner=0:0 \
		-d "$2" "$tmp/mke2fs.img" 2>"$work/err"; then
		put "$1.mke2fs" "$(calc "$secs")"
	else
		fail "$1.mke2fs" "mke2fs -d failed: $(last_line "$work/err")"
	fi
	rm -f "$tmp/mke2fs.img"
}

# small_tree N - $tmp/tree-N: N contents of 4 KiB.
small_tree() {
	t=$tmp/tree-$1
	rm -rf "$t"
	mkdir -p "$t"
	head -c $(($1 * 4096)) /dev/urandom >"$tmp/tree.bin"
	(cd "$t" && split -b 4096 -a 4 "$tmp/tree.bin" c.)
	rm -f "$tmp/tree.bin"
}

section_master() {
	section master "mastering, on tmpfs" \
		"wall time of mlic-master create (ratio: anchor time / create time); raw AF_ALG: bench_gcm, gcm(aes) through libkcapi, 64 KiB chunks read from the same files, nothing written; mke2fs -d: the same tree into a file of the user area's size"
	mkdir -p "$tmp/one"
	head -c $((content_mib * 1048576)) /dev/urandom >"$tmp/one/film.bin"
	one_img=$tmp/one.img
	mib=$((content_mib + content_mib / 8 + 48))
	user_bytes=$((mib * 1048576))
	master master.one "$one_img" "${mib}M" 64 "$tmp/one/film.bin"
	master_anchors master.one "$tmp/one" "$user_bytes"
	rm -rf "$tmp/one"
	row "create, 1 content of ${content_mib} MiB" master.one s lower "raw AF_ALG gcm(aes)" master.one.afalg
	row "create, 1 content of ${content_mib} MiB" master.one s lower "mke2fs -d" master.one.mke2fs
	max=0
	for n in $master_counts; do
		small_tree "$n"
		mib=$((16 + (n * 24 + 1023) / 1024))
		user_bytes=$((mib * 1048576))
		master "master.$n" "$tmp/many.img" "${mib}M" "$((n < 64 ? 64 : n))" \
			"$tmp/tree-$n"/* || true
		master_anchors "master.$n" "$tmp/tree-$n" "$user_bytes"
		t="create, $n content$([ "$n" -eq 1 ] || echo s) of 4 KiB"
		row "$t" "master.$n" s lower "raw AF_ALG gcm(aes)" "master.$n.afalg"
		row "$t" "master.$n" s lower "mke2fs -d" "master.$n.mke2fs"
		rm -f "$tmp/many.img"
		[ "$n" -lt "$max" ] || max=$n
		[ "$n" -eq "$max" ] || rm -rf "$tmp/tree-$n"
	done
	# The medium of the license rows: as many contents as the most above,
	# with the open files limit raised past mlic-master's need of one
	# descriptor per content (issue 12), and said so.
	lic_n=$max
	lic_img=$tmp/lic.img
	# shellcheck disable=SC3045 # dash's and bash's ulimit have -n
	(ulimit -n $((lic_n + 256)) &&
		master master.raised "$lic_img" "$((16 + (lic_n * 24 + 1023) / 1024))M" \
			"$((lic_n < 64 ? 64 : lic_n))" "$tmp/tree-$lic_n"/*) || true
	t="create, $lic_n contents, ulimit -n raised"
	row "$t" master.raised s lower "raw AF_ALG gcm(aes)" "master.$lic_n.afalg"
	row "$t" master.raised s lower "mke2fs -d" "master.$lic_n.mke2fs"
	rm -rf "$tmp/tree-$lic_n"
}

# ---------------------------------------------------------------------------
# Decryption

# ceil_sample N KEY - one sample each of the AES-256-GCM ceilings with N
# threads, MiB/s: the kernel's over AF_ALG (64 KiB decryptions, into
# KEY.afalg) and OpenSSL's (64 KiB encryptions, into KEY.openssl).
ceil_sample() {
	if [ -z "$gcm" ]; then
		no_sample "$2.afalg" "no bench_gcm (make -C selftests)"
	elif "$gcm" -d -c 65536 -j "$1" -t "$ceil_secs" >"$work/out" 2>"$work/err"; then
		add_sample "$2.afalg" "$(awk '$1 == "bytes_per_second" { printf "%.3f", $2 / 1048576 }' "$work/out")"
	else
		no_sample "$2.afalg" "bench_gcm failed: $(last_line "$work/err")"
	fi
	if ! command -v openssl >/dev/null; then
		no_sample "$2.openssl" "openssl is not installed"
	elif openssl speed -mr -multi "$1" -evp aes-256-gcm -bytes 65536 \
		-seconds "$ceil_secs" >"$work/out" 2>"$work/err"; then
		add_sample "$2.openssl" "$(awk -F: '$1 == "+F" { v = $4 } END { printf "%.3f", v / 1048576 }' "$work/out")"
	else
		no_sample "$2.openssl" "openssl speed failed: $(last_line "$work/err")"
	fi
}

# tcrypt - the kernel's own gcm(aes) decryption speed, 256-bit key, 8 KiB
# (tcrypt mode 211, its largest size), MiB/s into ceil.tcrypt.
tcrypt() {
	mark="mlic-bench: tcrypt $$ $(date +%s)"
	echo "$mark" >/dev/kmsg
	# tcrypt reports in the kernel log, then refuses to stay loaded
	modprobe tcrypt mode=211 sec="$tcrypt_sec" >/dev/null 2>"$work/err"
	dmesg | sed -n "/$mark/,\$p" >"$work/tcrypt"
	v=$(awk -v hz="$(tsc_hz)" '
		/testing speed of/ { dec = ($0 ~ /of gcm\(aes\) \(.*decryption/) }
		dec && /256 bit key, 8192 byte blocks/ {
			if (match($0, /[0-9]+ operations in [0-9]+ seconds \([0-9]+ bytes\)/)) {
				split(substr($0, RSTART, RLENGTH), w, /[ (]+/)
				printf "%.3f", w[6] / w[4] / 1048576; exit
			}
			if (hz > 0 && match($0, /1 operation in [0-9]+ cycles \([0-9]+ bytes\)/)) {
				split(substr($0, RSTART, RLENGTH), w, /[ (]+/)
				printf "%.3f", w[6] * hz / w[4] / 1048576; exit
			}
		}' "$work/tcrypt")
	if [ -n "$v" ]; then
		put ceil.tcrypt "$v"
	elif grep -q "testing speed of" "$work/tcrypt"; then
		fail ceil.tcrypt "tcrypt printed no gcm(aes) decryption of 8 KiB with a 256-bit key"
	else
		fail ceil.tcrypt "modprobe tcrypt failed: $(last_line "$work/err")"
	fi
}

# tsc_hz - the TSC's rate (tcrypt counts cycles of it without sec=).
tsc_hz() {
	dmesg | sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9.]*\) MHz.*/\1/p;
		s/.*tsc: Detected \([0-9.]*\) MHz processor.*/\1/p' |
		tail -n 1 | awk '{ printf "%.0f", $1 * 1000000 }'
}

# add_sample KEY VALUE / no_sample KEY REASON - one more sample of KEY, or
# why one failed (the first reason is kept).
add_sample() {
	printf '%s\n' "$2" >>"$work/s.$1"
}

no_sample() {
	[ -f "$work/e.$1" ] || printf '%s\n' "$2" >"$work/e.$1"
}

# sample KEY BYTES CMD... - run CMD once; BYTES over its wall time, in
# MiB/s, is a sample of KEY.
sample() {
	key=$1
	bytes=$2
	shift 2
	if run_timed "$@" >/dev/null 2>"$work/err"; then
		add_sample "$key" "$(mib_per_s "$bytes")"
	else
		no_sample "$key" "$1 failed: $(last_line "$work/err")"
	fi
}

# settle KEY - the median of KEY's samples, or why there is none.
settle() {
	if [ -f "$work/e.$1" ]; then
		fail "$1" "$(cat "$work/e.$1")"
	elif [ -s "$work/s.$1" ]; then
		put "$1" "$(median <"$work/s.$1")"
	else
		fail "$1" "no sample"
	fi
}

# dec_once STATE SINK - one decryption by mlic and one read of dm-crypt,
# in cache state STATE (cold or warm), to SINK (null or file).
dec_once() {
	rm -f "$dir/out"
	[ "$1" = warm ] || drop_caches
	if [ "$2" = null ]; then
		sample "dec.$1.$2" "$plain_bytes" mlicctl decrypt "$content"
	else
		sample "dec.$1.$2" "$plain_bytes" mlicctl decrypt "$content" -o "$dir/out"
	fi
	rm -f "$dir/out"
	[ "$1" = warm ] || drop_caches
	if [ -n "$dm_err" ]; then
		:
	elif [ "$2" = null ]; then
		sample "dm.$1.$2" "$dm_bytes" dd if=/dev/mapper/mlic-bench-crypt \
			of=/dev/null bs=4M iflag=direct status=none
	else
		sample "dm.$1.$2" "$dm_bytes" dd if=/dev/mapper/mlic-bench-crypt \
			of="$dir/out" bs=4M iflag=direct conv=fsync status=none
	fi
	rm -f "$dir/out"
	sync
}

# dm_setup FILE - dm-crypt (aes-xts-plain64, 4 KiB sectors, a random key)
# on a loop device (buffered) on a copy of the content's own bytes.
dm_setup() {
	cp "$content" "$1" && sync
	dm_loop=$(loop_attach "$1" 2>"$work/err") || return 1
	dm_bytes=$(($(blockdev --getsize64 "$dm_loop") / 4096 * 4096))
	k=$(od -An -tx1 -N64 /dev/urandom | tr -d ' \n')
	dmsetup create mlic-bench-crypt --table \
		"0 $((dm_bytes / 512)) crypt aes-xts-plain64 $k 0 $dm_loop 0 1 sector_size:4096" \
		2>"$work/err"
}

# dec_keys - the keys of the decrypt rows.
dec_keys="dec.cold.null dec.warm.null dec.cold.file dec.warm.file"
dm_keys="dm.cold.null dm.warm.null dm.cold.file dm.warm.file"

section_decrypt() {
	dir=$disk/decrypt
	mkdir -p "$dir/mnt"
	dec_err=""
	dm_err=""
	if [ ! -f "${one_img-}" ]; then
		dec_err="no medium: mastering it failed"
	elif ! cp "$one_img" "$dir/medium.img" || ! rm -f "$one_img" || ! sync ||
		! dev=$(mlic_attach "$dir/medium.img" 2>"$work/err") ||
		! mount -t ext4 -o ro "$dev" "$dir/mnt" 2>>"$work/err"; then
		dec_err="cannot attach and mount the medium: $(last_line "$work/err")"
	fi
	content=$dir/mnt/film.bin.mlc
	plain_bytes=$((content_mib * 1048576))
	section decrypt "decrypt a ${content_mib} MiB content (medium on a real disk)" \
		"mlicctl decrypt FILE.mlc to /dev/null or -o FILE (fsync, on the same disk); cold: caches dropped first, warm: the file read just before; dm-crypt: aes-xts-plain64, 4 KiB sectors, on a buffered loop device on a copy of the .mlc, read by dd bs=4M iflag=direct (to a file: conv=fsync); median of $reps_tput, mlic and dm-crypt taking turns; ceilings on 1 CPU: tcrypt mode 211 (gcm(aes) decryption, 256-bit key, 8 KiB, once), AF_ALG (bench_gcm, 64 KiB decryptions) and OpenSSL (speed -evp aes-256-gcm, 64 KiB encryptions), ${ceil_secs}s each, taking turns with the warm decryptions to /dev/null"
	if [ -n "$dec_err" ]; then
		dm_err=$dec_err
	elif ! dm_setup "$dir/crypt.img"; then
		dm_err="dm-crypt setup failed: $(last_line "$work/err")"
	fi
	if [ -z "$dec_err" ]; then
		for state in cold warm; do
			if [ "$state" = warm ]; then
				cat "$content" >/dev/null
				[ -n "$dm_err" ] || dd if=/dev/mapper/mlic-bench-crypt \
					of=/dev/null bs=4M iflag=direct status=none
			fi
			for sink in null file; do
				i=0
				while [ "$i" -lt "$reps_tput" ]; do
					dec_once "$state" "$sink"
					[ "$state$sink" != warmnull ] || ceil_sample 1 ceil
					i=$((i + 1))
				done
			done
		done
	fi
	for k in $dec_keys; do
		if [ -n "$dec_err" ]; then fail "$k" "$dec_err"; else settle "$k"; fi
	done
	# without a medium to take turns with, the ceilings once on their own
	[ -s "$work/s.ceil.afalg" ] || [ -f "$work/e.ceil.afalg" ] || ceil_sample 1 ceil
	settle ceil.afalg
	settle ceil.openssl
	for k in $dm_keys; do
		if [ -n "$dm_err" ]; then fail "$k" "$dm_err"; else settle "$k"; fi
	done
	if [ -z "$dm_err" ]; then
		dmsetup remove mlic-bench-crypt
		losetup -d "$dm_loop"
	fi
	rm -f "$dir/crypt.img"
	tcrypt
	row "cold, to /dev/null" dec.cold.null MiB/s higher "dm-crypt read" dm.cold.null
	row "warm, to /dev/null" dec.warm.null MiB/s higher "dm-crypt read" dm.warm.null
	row "cold, to a file" dec.cold.file MiB/s higher "dm-crypt read" dm.cold.file
	row "warm, to a file" dec.warm.file MiB/s higher "dm-crypt read" dm.warm.file
	row "warm, to /dev/null" dec.warm.null MiB/s higher "kernel gcm(aes), tcrypt 8 KiB" ceil.tcrypt
	row "warm, to /dev/null" dec.warm.null MiB/s higher "kernel gcm(aes), AF_ALG 64 KiB" ceil.afalg
	row "warm, to /dev/null" dec.warm.null MiB/s higher "OpenSSL aes-256-gcm 64 KiB" ceil.openssl
}

section_parallel() {
	section parallel "parallel decrypts, warm, to /dev/null ($ncpu CPUs)" \
		"N mlicctl decrypt of the content at once, their bytes together over the wall time, median of $reps_tput; anchors: tcrypt's 1-CPU figure times min(N, CPUs), and taking turns with mlic, AF_ALG (bench_gcm) with N threads and OpenSSL speed -multi N, ${ceil_secs}s each"
	# shellcheck disable=SC2016 # the arguments of that shell
	script='i=0; pids=""
		while [ $i -lt "$2" ]; do
			mlicctl decrypt "$1" >/dev/null & pids="$pids $!"; i=$((i + 1))
		done
		rc=0; for p in $pids; do wait "$p" || rc=1; done; exit $rc'
	[ -n "$dec_err" ] || cat "$content" >/dev/null
	for n in $par_counts; do
		if [ -n "$dec_err" ]; then
			for k in "par.$n" "par.$n.afalg" "par.$n.openssl"; do
				fail "$k" "$dec_err"
			done
		else
			i=0
			while [ "$i" -lt "$reps_tput" ]; do
				sample "par.$n" $((n * plain_bytes)) sh -c "$script" par "$content" "$n"
				ceil_sample "$n" "par.$n"
				i=$((i + 1))
			done
			for k in "par.$n" "par.$n.afalg" "par.$n.openssl"; do
				settle "$k"
			done
		fi
		c=$((n < ncpu ? n : ncpu))
		case $(get ceil.tcrypt) in
		!* | "") fail "ceil.tcrypt.x$n" "no tcrypt figure" ;;
		*) put "ceil.tcrypt.x$n" "$(calc "$(get ceil.tcrypt) * $c")" ;;
		esac
		pl=$([ "$n" -eq 1 ] || echo s)
		row "$n at once" "par.$n" MiB/s higher "tcrypt 8 KiB x $c CPU$([ "$c" -eq 1 ] || echo s)" "ceil.tcrypt.x$n"
		row "$n at once" "par.$n" MiB/s higher "AF_ALG 64 KiB, $n thread$pl" "par.$n.afalg"
		row "$n at once" "par.$n" MiB/s higher "OpenSSL, -multi $n" "par.$n.openssl"
	done
	teardown
	rm -rf "$disk/decrypt"
}

# ---------------------------------------------------------------------------
# Licenses and attach

lic_backup_name() {
	rm -f "$disk/lic/b.mlb"
}

section_licenses() {
	dir=$disk/lic
	mkdir -p "$dir"
	n=${lic_n:-0}
	section licenses "license operations, $n licenses (medium on a real disk)" \
		"wall time of each mlicctl command, median of $reps; backup -o FILE, restore --batch of that file, info in text, attach then detach (untimed); goal: under 50 ms each; mlicctl --version shows what starting a command costs here"
	err=""
	if [ ! -f "${lic_img-}" ]; then
		err="no medium with $n licenses: mastering it failed"
	elif ! cp "$lic_img" "$dir/lic.img" || ! sync; then
		err="cannot copy the medium"
	fi
	rm -f "${lic_img-}"
	put goal 50
	if [ -z "$err" ]; then
		after_round() {
			mlicctl detach "$(cat "$work/out")" >/dev/null 2>&1
		}
		repeat_ms lic.attach "$reps" : mlicctl attach "$dir/lic.img"
		after_round() {
			:
		}
		if dev=$(mlic_attach "$dir/lic.img" 2>"$work/err"); then
			got=$(mlicctl info -J "$dev" | jq '.licenses | length')
			[ "$got" = "$n" ] || say "the medium has $got licenses, not $n"
			repeat_ms lic.info "$reps" : mlicctl info "$dev"
			repeat_ms lic.backup "$reps" lic_backup_name mlicctl backup \
				-o "$dir/b.mlb" "$dev"
		else
			err="mlicctl attach failed: $(last_line "$work/err")"
		fi
	fi
	if [ -n "$err" ]; then
		for k in lic.attach lic.info lic.backup lic.restore; do
			fail "$k" "$err"
		done
	elif [ -f "$dir/b.mlb" ]; then
		repeat_ms lic.restore "$reps" : mlicctl restore --batch "$dev" "$dir/b.mlb"
	else
		fail lic.restore "no backup to restore: $(get lic.backup | sed 's/^!//')"
	fi
	row "backup" lic.backup ms lower "goal" goal
	row "restore" lic.restore ms lower "goal" goal
	row "attach" lic.attach ms lower "goal" goal
	row "info" lic.info ms lower "goal" goal
	repeat_ms lic.floor "$reps" : mlicctl --version
	row "mlicctl --version, for scale" lic.floor ms lower "goal" goal
	teardown
	rm -rf "$dir"
}

section_attach() {
	dir=$disk/attach
	mkdir -p "$dir"
	section attach "attach time, blank media on a real disk (sparse)" \
		"wall time of mlicctl attach IMAGE against losetup --find --show IMAGE, the same image; each then detached (untimed), median of $reps"
	for s in $attach_sizes; do
		img=$dir/$s.img
		if ! blank_medium "$img" "$s"; then
			fail "att.$s" "mlic-master create --size $s failed: $(last_line "$work/err")"
			fail "att.$s.loop" "no image"
		else
			after_round() {
				mlicctl detach "$(cat "$work/out")" >/dev/null 2>&1
			}
			repeat_ms "att.$s" "$reps" : mlicctl attach "$img"
			after_round() {
				losetup -d "$(cat "$work/out")" 2>/dev/null
			}
			repeat_ms "att.$s.loop" "$reps" : losetup --find --show "$img"
			after_round() {
				:
			}
		fi
		row "$s image" "att.$s" ms lower "losetup" "att.$s.loop"
		rm -f "$img"
	done
	rm -rf "$dir"
}

# ---------------------------------------------------------------------------
# Output: the table, the JSON, the chart

# finish_rows - the rows with their ratio and status, tab-separated:
# section test value unit better anchor avalue ratio status reason method.
finish_rows() {
	awk -F'\t' -v OFS='\t' '
		FNR == NR { method[$1] = $3; next }
		{
			v = $3; a = $7; why = ""; status = "ok"; ratio = ""
			if (v ~ /^!/) { why = substr(v, 2); v = "" }
			if (a ~ /^!/) { why = why (why != "" ? "; " : "") "anchor: " substr(a, 2); a = "" }
			if (v == "" && why == "") { status = "missing"; why = "no figure (the bench did not measure it)" }
			else if (v == "" || a == "") status = "failed"
			else if (v + 0 > 0 && a + 0 > 0)
				ratio = sprintf("%.3f", $5 == "lower" ? a / v : v / a)
			print $1, $2, v, $4, $5, $6, a, ratio, status, why, method[$1]
		}' "$work/sections" "$work/rows"
}

# table - the rows as the table prints them, a section at a time.
table() {
	awk -F'\t' -v vm="$vm_note" -v head="$head" '
		function fmt(v, u) {
			if (v == "") return "-"
			if (u == "IOPS") return sprintf("%.0f IOPS", v)
			if (u == "ms") return sprintf("%.1f ms", v)
			if (u == "s") return sprintf("%.2f s", v)
			return sprintf("%.1f %s", v, u)
		}
		FNR == NR { title[$1] = $2; method[$1] = $3; next }
		FNR == 1 {
			print "# " head
			print "# " vm
			print "# ratio: mlic against its anchor; above 1.00 mlic is faster (or quicker)."
		}
		{
			if ($1 != cur) {
				cur = $1
				printf "\n# %s\n#   %s\n", title[$1], method[$1]
				printf "#%39s | %14s | %-32s | %14s | %6s\n", "test", "mlic", "anchor", "anchor", "ratio"
				last = ""
			}
			t = ($2 == last) ? "" : $2
			last = $2
			printf "%40s   %14s   %-32s   %14s   %6s\n", t, fmt($3, $4), $6, fmt($7, $4),
				($8 == "" ? "-" : sprintf("%.2f", $8))
			if ($10 != "") printf "%40s   could not measure: %s\n", "", $10
		}' "$work/sections" "$work/final"
}

json() {
	jq -R -s --arg kernel "$(uname -r)" --argjson cpus "$ncpu" \
		--argjson mem "$mem_mib" --arg machine "$machine" --arg note "$vm_note" \
		--argjson quick "$([ "$quick" -eq 1 ] && echo true || echo false)" \
		--argjson seconds "$(($(date +%s) - started))" \
		--slurpfile sections "$work/sections.json" '
		def num: if . == "" then null else tonumber end;
		{ bench: "mlic", kernel: $kernel, cpus: $cpus, memory_mib: $mem,
		  machine: $machine, note: $note, quick: $quick, seconds: $seconds,
		  ratio: "mlic against its anchor; above 1 mlic is faster",
		  sections: $sections[0],
		  rows: [split("\n")[] | select(length > 0) | split("\t") |
			{ section: .[0], test: .[1], value: (.[2] | num), unit: .[3],
			  better: .[4], anchor: .[5], anchor_value: (.[6] | num),
			  ratio: (.[7] | num), status: .[8],
			  reason: (if .[9] == "" then null else .[9] end),
			  method: .[10] }] }' "$work/final"
}

# svg - a bar per row: the ratio on a log scale around 1 (mlic as fast as
# its anchor), green where mlic is faster, orange to 0.8, red below.
svg() {
	awk -F'\t' -v title="$head" -v note="$vm_note" '
		function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
		# log2 without awk'"'"'s math library (busybox may lack it)
		function lg(r,  k, y, t, i, sum) {
			for (k = 0; r >= 2; k++) r /= 2
			for (; r < 1; k--) r *= 2
			y = (r - 1) / (r + 1); t = y; sum = 0
			for (i = 1; i < 30; i += 2) { sum += t / i; t *= y * y }
			return k + 2 * sum / 0.693147180559945
		}
		function x(r) { if (r < lo) r = lo; if (r > hi) r = hi; return x0 + (lg(r) - lg(lo)) / (lg(hi) - lg(lo)) * w }
		FNR == NR { stitle[$1] = $2; next }
		{ n++; sec[n] = $1; label[n] = $2 " vs " $6; ratio[n] = $8; why[n] = $10 }
		END {
			lo = 1 / 32; hi = 32; x0 = 470; w = 500; rowh = 18
			y = 70
			for (i = 1; i <= n; i++) { if (sec[i] != sec[i - 1]) y += 28; y += rowh }
			h = y + 40
			printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"%d\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\">\n", h
			printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
			printf "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>\n", esc(title)
			printf "<text x=\"10\" y=\"38\">%s</text>\n", esc(note)
			printf "<text x=\"10\" y=\"54\">ratio of mlic to its anchor, log scale; right of 1: mlic is faster</text>\n"
			nt = split("0.03125 0.0625 0.125 0.25 0.5 1 2 4 8 16 32", ticks, " ")
			for (t = 1; t <= nt; t++) {
				tx = x(ticks[t])
				printf "<line x1=\"%.1f\" y1=\"62\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"%s/>\n", tx, tx, h - 30,
					(ticks[t] == 1 ? "black" : "#ccc"), (ticks[t] == 1 ? "" : " stroke-dasharray=\"2,3\"")
				printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", tx, h - 16,
					(ticks[t] < 1 ? "1/" 1 / ticks[t] : ticks[t])
			}
			y = 70
			for (i = 1; i <= n; i++) {
				if (sec[i] != sec[i - 1]) {
					y += 28
					printf "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>\n", y - 6, esc(stitle[sec[i]])
				}
				printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", x0 - 6, y + 12, esc(label[i])
				if (ratio[i] == "") {
					printf "<text x=\"%d\" y=\"%d\" fill=\"#888\">could not measure</text>\n", x(1) + 4, y + 12
				} else {
					r = ratio[i] + 0
					col = r >= 1 ? "#4c9a2a" : (r >= 0.8 ? "#e69a1c" : "#c8372d")
					a = x(1); b = x(r)
					printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
						(a < b ? a : b), y + 2, (a < b ? b - a : a - b), rowh - 4, col
					# the figure past the end of the bar, or inside where
					# the bar reaches the labels
					if (r >= 1) printf "<text x=\"%.1f\" y=\"%d\">%.2f</text>\n", b + 4, y + 12, r
					else if (b - x0 > 36) printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\">%.2f</text>\n", b - 4, y + 12, r
					else printf "<text x=\"%.1f\" y=\"%d\" fill=\"white\">%.2f</text>\n", b + 4, y + 12, r
				}
				y += rowh
			}
			print "</svg>"
		}' "$work/sections" "$work/final"
}

report() {
	finish_rows >"$work/final"
	jq -R -s 'split("\n") | map(select(length > 0) | split("\t") |
		{ id: .[0], title: .[1], method: .[2] })' "$work/sections" >"$work/sections.json"
	mkdir -p "$out"
	table | tee "$out/bench.txt"
	json >"$out/bench.json" || say "writing bench.json failed"
	svg >"$out/bench.svg"
	if command -v rsvg-convert >/dev/null; then
		rsvg-convert -o "$out/bench.png" "$out/bench.svg" || say "rsvg-convert failed"
	fi
	missing=$(awk -F'\t' '$9 == "missing"' "$work/final" | wc -l)
	failed=$(awk -F'\t' '$9 == "failed"' "$work/final" | wc -l)
	echo
	echo "# $(wc -l <"$work/final") rows, $failed could not be measured (they say why), $missing missing; $(($(date +%s) - started))s"
	echo "# results in $out: bench.txt bench.json bench.svg$( [ -f "$out/bench.png" ] && echo " bench.png")"
	[ "$missing" -eq 0 ]
}

# ---------------------------------------------------------------------------

parse_args() {
	while [ $# -gt 0 ]; do
		case $1 in
		--quick) quick=1 ;;
		-o) out=${2:?-o needs a directory}; shift ;;
		--scratch) scratch=${2:?--scratch needs a directory}; shift ;;
		--only=*) only=$(echo "${1#--only=}" | tr ,: '  ') ;;
		-h | --help) sed -n '/^# Usage/,/^set -u/p' "$0" | sed '$d'; exit 0 ;;
		*) die "unknown argument '$1' (see --help)" ;;
		esac
		shift
	done
}

sizes() {
	if [ "$quick" -eq 1 ]; then
		io_mib=16 ext4_mib=48 ext4_file_mib=8 cp_mib=8 runtime=500ms ramp=0s
		content_mib=4 master_counts="1 16" par_counts="1 2" reps=2 reps_tput=1
		attach_sizes="64M 1G" ceil_secs=1 tcrypt_sec=0
	else
		io_mib=256 ext4_mib=320 ext4_file_mib=64 cp_mib=128 runtime=2s ramp=1s
		content_mib=128 master_counts="1 100 1000 4096" par_counts="1 2 4"
		reps=5 reps_tput=3 attach_sizes="64M 1G 16G" ceil_secs=1 tcrypt_sec=1
	fi
}

machine() {
	vendor=$(cat /sys/class/dmi/id/sys_vendor 2>/dev/null)
	if grep -q 'mlicvm.job=bench' /proc/cmdline 2>/dev/null; then
		echo "QEMU TCG (the mlic test VM)"
	elif grep -q '^flags.* hypervisor' /proc/cpuinfo; then
		echo "a virtual machine (${vendor:-unknown})"
	else
		echo "${vendor:-a real machine}"
	fi
}

# preflight - everything the bench needs, and the system key.
preflight() {
	[ "$(id -u)" -eq 0 ] || die "must run as root (devices, mounts, drop_caches)"
	for c in mlicctl mlic-master fio jq losetup dmsetup mkfs.ext4 mke2fs bash blockdev; do
		command -v "$c" >/dev/null || die "$c is not in PATH"
	done
	[ -d /sys/module/mlic ] || modprobe mlic || die "mlic is not loaded"
	gcm=""
	for g in "${MLIC_BENCH_GCM-}" "$here/bench_gcm" "$here/../build/selftests/bench_gcm"; do
		if [ -n "$g" ] && [ -x "$g" ]; then
			gcm=$g
			break
		fi
	done
	[ -n "$gcm" ] || say "no bench_gcm (make -C selftests); its anchors will say so"
	if mlicctl key status -J | jq -e .loaded >/dev/null; then
		die "a system key is loaded; the bench loads its own and cannot restore yours (mlicctl key unload first)"
	fi
}

setup() {
	base=$(cd "$scratch" && pwd)/mlic-bench
	work=$(mktemp -d "${TMPDIR:-/tmp}/mlic-bench.XXXXXX") || die "no temporary directory"
	m=$work/m
	mkdir -p "$m"
	: >"$work/sections"
	: >"$work/rows"
	key_loaded=0
	dec_err="the decrypt section did not run"
	one_img=""
	lic_img=""
	lic_n=0
	tmp=$base/tmpfs
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	teardown
	rm -rf "$base"
	disk=$base/disk
	mkdir -p "$disk" "$tmp"
	mount -t tmpfs -o size=50% mlic-bench "$tmp" || die "cannot mount a tmpfs on $tmp"
	mp=$(df -P "$disk" | awk 'NR == 2 { print $6 }')
	disk_fs=$(awk -v mp="$mp" '$2 == mp { t = $3 } END { print t }' /proc/mounts)
	syskey=$disk/system.key
	mlic-master keygen "$syskey" >/dev/null || die "mlic-master keygen failed"
	mlicctl key load "$syskey" || die "mlicctl key load failed"
	key_loaded=1
	ncpu=$(nproc)
	mem_mib=$(awk '/^MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)
	machine=$(machine)
	head="mlic bench on Linux $(uname -r): $ncpu CPUs, $mem_mib MiB, $machine$( [ "$quick" -eq 1 ] && echo ", quick")"
	case $machine in
	QEMU* | "a virtual"*)
		vm_note="Under QEMU's emulation only the ratios inside one boot are meaningful; the absolute figures say nothing of real hardware." ;;
	*)
		vm_note="The ratios inside one run are what to compare; absolute figures vary from run to run." ;;
	esac
}

main() {
	parse_args "$@"
	sizes
	preflight
	setup
	say "$head"
	for part in ${only:-io ext4 master decrypt parallel licenses attach}; do
		"section_$part"
	done
	report
}

main "$@"
