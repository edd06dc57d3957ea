#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - the mlic story for a person watching `make demo` (run in the
# test VM by its init, as root, with mlic.ko loaded).  Every command is
# printed before its output; the last line is the verdict.
#
# So far: make a system key, master a blank medium, attach it, look at it,
# use its ext4 user area, detach it.
set -u

work=${MLIC_SCRATCH:-/tmp}/demo

say() {
	printf '\n# %s\n' "$*"
}

# run CMD... - show the command, run it, stop the demo if it fails.
run() {
	printf '$ %s\n' "$*"
	"$@" || verdict_failed "\`$*\` exited with status $?"
}

# run_sh LINE - the same for a shell command line (redirections and all).
run_sh() {
	printf '$ %s\n' "$1"
	sh -c "$1" || verdict_failed "\`$1\` exited with status $?"
}

verdict_failed() {
	printf '\ndemo: FAILED: %s\n' "$1"
	exit 1
}

# the_driver - what can be shown without the tools.
the_driver() {
	say "The mlic driver is loaded, and its control device is there."
	run grep '^mlic ' /proc/modules
	run ls -l /dev/mlic-control
}

# blank_medium - master a blank medium, attach it, use it, detach it.
blank_medium() {
	say "The licensing side makes a system key and masters a blank 64 MiB medium."
	run mlic-master keygen "$work/system.key"
	run mlic-master create --system-key "$work/system.key" \
		--keytab "$work/keytab" --size 64M "$work/medium.img"
	run ls -ls "$work/medium.img"

	say "The user side attaches the medium; the driver hides its first and secure areas."
	printf '$ mlicctl attach %s\n' "$work/medium.img"
	dev=$(mlicctl attach "$work/medium.img") || verdict_failed "mlicctl attach failed"
	echo "$dev"
	run mlicctl list
	run mlicctl info "$dev"
	run blockdev --getsize64 "$dev"

	say "Its user area is an ordinary ext4 file system."
	run e2fsck -f -n "$dev"
	run mkdir -p "$work/mnt"
	run mount -t ext4 "$dev" "$work/mnt"
	run_sh "echo 'hello from an mlic medium' > $work/mnt/hello.txt"
	run cat "$work/mnt/hello.txt"
	run df -h "$work/mnt"
	run umount "$work/mnt"

	say "Detached, the medium is a file again."
	run mlicctl detach "$dev"
	run mlicctl list
}

main() {
	rm -rf "$work"
	mkdir -p "$work"
	cd "$work" || verdict_failed "no $work"
	echo "mlic demo on Linux $(uname -r)"
	the_driver
	if command -v mlicctl >/dev/null && command -v mlic-master >/dev/null; then
		blank_medium
		printf '\ndemo: PASSED (key, blank medium, attach, ext4 user area, detach)\n'
	else
		printf '\ndemo: PASSED (driver only: the tools are not built)\n'
	fi
}

main "$@"
