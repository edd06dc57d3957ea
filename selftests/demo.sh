#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - the mlic story for a person watching `make demo` (run in the
# test VM by its init, as root, with mlic.ko loaded).  Every command is
# printed before its real output; the last line is the verdict.
#
# The licensing side makes a system key and masters a medium with two
# contents; the drive learns the key, attaches the medium and decrypts;
# a license issued later is installed; the licenses are backed up on the
# medium and bound to a second drive; a disaster wipes the secure area and
# decryption fails, saying why; a restore brings the licenses back and
# decryption works again; a copy of the drive-bound backup elsewhere is
# refused.
set -u

work=${MLIC_SCRATCH:-/tmp}/demo
second=${MLIC_SECOND:-/tmp}
mnt=$work/mnt

say() {
	printf '\n# %s\n' "$*"
}

# run CMD... - show the command, run it, stop the demo if it fails.
run() {
	printf '$ %s\n' "$*"
	"$@" || verdict_failed "\`$*\` exited with status $?"
}

# run_sh LINE - the same for a shell command line (pipes and all).
run_sh() {
	printf '$ %s\n' "$1"
	sh -c "$1" || verdict_failed "\`$1\` exited with status $?"
}

# must_fail CMD... - show the command and its refusal; stop if it works.
must_fail() {
	printf '$ %s\n' "$*"
	if "$@"; then
		verdict_failed "\`$*\` should have failed"
	fi
	printf '(failed, as it must)\n'
}

verdict_failed() {
	printf '\ndemo: FAILED: %s\n' "$1"
	exit 1
}

licensing_side() {
	say "The licensing side: a system key, two contents, a medium."
	run mlic-master keygen "$work/system.key"
	run_sh "head -c 300000 /dev/urandom > $work/film.mp4"
	run_sh "printf 'Chapter 1. It was a bright cold day in April.\n' > $work/book.txt"
	run mlic-master create --system-key "$work/system.key" \
		--keytab "$work/keytab" --size 64M "$work/medium.img" \
		"$work/film.mp4" "$work/book.txt"
	run_sh "cut -d' ' -f1,3 $work/keytab    # content IDs and names; the keys stay secret"
}

user_side() {
	say "The drive learns the system key; the key itself never leaves the kernel."
	run mlicctl key load "$work/system.key"
	run mlicctl key status

	say "The user attaches the medium: its first and secure areas are hidden."
	printf '$ mlicctl attach %s\n' "$work/medium.img"
	dev=$(mlicctl attach "$work/medium.img") || verdict_failed "mlicctl attach failed"
	echo "$dev"
	run mlicctl info "$dev"
	run blockdev --getsize64 "$dev"

	say "Its user area holds the encrypted contents; the drive decrypts them."
	run mkdir -p "$mnt"
	run mount -t ext4 "$dev" "$mnt"
	run ls -l "$mnt"
	run mlicctl decrypt "$mnt/book.txt.mlc"
	run mlicctl decrypt "$mnt/film.mp4.mlc" -o "$work/film.out"
	run cmp "$work/film.mp4" "$work/film.out"
	run_sh "sha256sum $work/film.mp4 $work/film.out"
}

issued_license() {
	say "Later, a new content arrives with a license issued for this medium ID."
	id=$(mlicctl info -J "$dev" | jq -r .medium_id)
	run_sh "head -c 100000 /dev/urandom > $work/song.ogg"
	run mlic-master encrypt --keytab "$work/keytab" "$work/song.ogg" "$mnt/song.ogg.mlc"
	must_fail mlicctl decrypt "$mnt/song.ogg.mlc" -o "$work/song.out"
	run mlic-master issue --system-key "$work/system.key" --keytab "$work/keytab" \
		--medium-id "$id" --content song.ogg -o "$work/song.mll"
	run mlicctl install-license "$dev" "$work/song.mll"
	run mlicctl decrypt "$mnt/song.ogg.mlc" -o "$work/song.out"
	run cmp "$work/song.ogg" "$work/song.out"
}

backups() {
	say "The user backs the licenses up: on the medium itself ..."
	run mlicctl backup "$dev"
	run ls -l "$mnt/mlic-backup"
	say "... and bound to a second drive, a disk with serial MLIC-SECOND-0001."
	run mlicctl backup --bind-drive -o "$second/demo-licenses.mlb" "$dev"
}

disaster_and_restore() {
	say "A disaster: the secure area is wiped (here, by overwriting it in the image)."
	off=$(mlicctl info -J "$dev" | jq -r .secure_area_offset)
	len=$(mlicctl info -J "$dev" | jq -r .secure_area_bytes)
	run umount "$mnt"
	run mlicctl detach "$dev"
	run dd if=/dev/zero of="$work/medium.img" bs=4096 seek=$((off / 4096)) \
		count=$((len / 4096)) conv=notrunc status=none
	printf '$ mlicctl attach %s\n' "$work/medium.img"
	dev=$(mlicctl attach "$work/medium.img") || verdict_failed "mlicctl attach failed"
	echo "$dev"
	run_sh "mlicctl info -J $dev | jq -r .license_state"
	run mount -t ext4 "$dev" "$mnt"
	must_fail mlicctl decrypt "$mnt/film.mp4.mlc" -o "$work/film.out2"

	say "The user restores the licenses from the backup on the medium."
	run mlicctl restore --batch "$dev"
	run mlicctl info "$dev"
	run mlicctl decrypt "$mnt/film.mp4.mlc" -o "$work/film.out2"
	run cmp "$work/film.mp4" "$work/film.out2"

	say "The drive-bound backup works from its drive, and nowhere else."
	run mlicctl restore --batch "$dev" "$second/demo-licenses.mlb"
	run cp "$second/demo-licenses.mlb" "$work/copied.mlb"
	must_fail mlicctl restore --batch "$dev" "$work/copied.mlb"
	run mlicctl decrypt "$mnt/song.ogg.mlc" -o "$work/song.out2"
	run cmp "$work/song.ogg" "$work/song.out2"
	run umount "$mnt"
	run mlicctl detach "$dev"
	run mlicctl key unload
}

main() {
	rm -rf "$work" "$second/demo-licenses.mlb"
	mkdir -p "$work"
	cd "$work" || verdict_failed "no $work"
	echo "mlic demo on Linux $(uname -r)"
	for t in mlicctl mlic-master jq; do
		command -v "$t" >/dev/null || verdict_failed "$t is not in the VM"
	done
	licensing_side
	user_side
	issued_license
	backups
	disaster_and_restore
	printf '\ndemo: PASSED (mastered, decrypted, licensed, backed up, wiped, restored, decrypted again)\n'
}

main "$@"
