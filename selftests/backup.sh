#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# backup.sh - every backup and restore flow, end to end,
# each followed by a decryption that must give back the original:
#   FIG. 7 -> 9    backup on the medium itself, secure area wiped, restore
#   FIG. 11 -> 12  bound to the apparatus, both orders; refused after the
#                  module is reloaded with another apparatus_id, accepted
#                  with the right one
#   FIG. 14 -> 15  bound to a second drive (a virtio disk with a serial, and
#                  a second mlic medium); a copy on another drive is refused
# and what must fail: another medium's backup, a user area and its backup
# copied onto another medium, altered, truncated and future backups, a
# read-only medium, unprivileged users.  Then a secure area that heals
# itself, and a restore interrupted at each of its writes.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

tap_require mlicctl mlic-master jq setpriv cmp dd modprobe

dir=${MLIC_SCRATCH:-/tmp}/backup.$$
second=${MLIC_SECOND:-}
key=$dir/system.key
tab=$dir/keytab
mnt=$dir/mnt
smnt=$dir/smnt
fault=/sys/kernel/debug/mlic/fail_secure_write
other_app=00112233445566778899aabbccddeeff

cleanup() {
	umount "$mnt" 2>/dev/null
	umount "$smnt" 2>/dev/null
	for d in $(mlicctl list -J 2>/dev/null | jq -r '.media[].device'); do
		mlicctl detach "$d" 2>/dev/null
	done
	[ ! -w "$fault" ] || echo 0 >"$fault"
	mlicctl key unload 2>/dev/null
	# Leave the module as the next test expects it: default parameters.
	rmmod mlic 2>/dev/null && modprobe mlic
	rm -rf "$dir" "$second/backup.$$"
}
trap cleanup EXIT
mkdir -p "$dir/c" "$mnt" "$smnt" || tap_bail "cannot make $dir"

# state - the license state of medium A.
state() {
	mlicctl info -J "$a" | jq -r .license_state
}

# nlicenses - how many of A's licenses verify.
nlicenses() {
	mlicctl info -J "$a" | jq '[.licenses[] | select(.state == "ok")] | length'
}

# decrypts NAME - content NAME on A decrypts to its original.
decrypts() {
	mlicctl decrypt "$a" "$dir/$1.mlc" | cmp - "$dir/c/$1"
}

# attach_a - attach A again (after a module reload), remembering the device.
attach_a() {
	a=$(mlicctl attach "$dir/a.img")
}

# reattach_a - detach A and attach it again: what a reboot would do.
reattach_a() {
	umount "$mnt" 2>/dev/null
	mlicctl detach "$a" && attach_a
}

# wreck - a disaster: both copies of A's secure area overwritten.
wreck() {
	umount "$mnt" 2>/dev/null
	off=$(mlicctl info -J "$a" | jq -r .secure_area_offset)
	len=$(mlicctl info -J "$a" | jq -r .secure_area_bytes)
	mlicctl detach "$a" || return 1
	dd if=/dev/urandom of="$dir/a.img" bs=4096 seek=$((off / 4096)) \
		count=$((len / 4096)) conv=notrunc status=none || return 1
	attach_a && [ "$(state)" = damaged ]
}

# reload [PARAMS] - the module again, with PARAMS; the system key with it.
reload() {
	umount "$mnt" 2>/dev/null
	umount "$smnt" 2>/dev/null
	for d in $(mlicctl list -J | jq -r '.media[].device'); do
		mlicctl detach "$d" || return 1
	done
	rmmod mlic && modprobe mlic "$@" && mlicctl key load "$key" && attach_a
}

# --- a medium with two licenses ---------------------------------------------

head -c 150000 /dev/urandom >"$dir/c/film"
head -c 1234 /dev/urandom >"$dir/c/book"
head -c 70000 /dev/urandom >"$dir/c/extra"
tap_check "keygen" mlic-master keygen "$key"
tap_check "master medium A with two contents" mlic-master create \
	--system-key "$key" --keytab "$tab" --size 32M --slots 8 "$dir/a.img" \
	"$dir/c/film" "$dir/c/book"
tap_check "key load" mlicctl key load "$key"
tap_check "attach A" attach_a
aid=$(mlicctl info -J "$a" | jq -r .medium_id)
tap_check "mount A" mount -t ext4 "$a" "$mnt"
cp "$mnt/film.mlc" "$mnt/book.mlc" "$dir/"
tap_check "film decrypts" decrypts film
tap_check "book decrypts" decrypts book

# --- FIG. 7 -> 9: the backup on the medium's own user area --------------------

tap_check "backup, by default on the mounted medium" mlicctl backup "$a"
b1=""
for f in "$mnt"/mlic-backup/"$aid"-*.mlb; do
	[ ! -f "$f" ] || b1=$f
done
tap_check "it is named after the medium" test -f "$b1"
tap_check "it is read-only to its owner" test "$(stat -c %a "$b1")" = 400
cp "$b1" "$dir/b1.mlb"
tap_check_rc 1 "backup refuses to overwrite a file" mlicctl backup -o "$b1" "$a"
tap_check "the disaster: both copies of the secure area are gone" wreck
tap_check "decryption fails, with advice to restore" \
	fails_saying "restore" mlicctl decrypt "$a" "$dir/film.mlc" -o "$dir/x"
tap_check "mount A (its user area is fine)" mount -t ext4 "$a" "$mnt"
tap_check "restore --batch finds the backup on the medium" mlicctl restore --batch "$a"
tap_check "the licenses are back" test "$(state)" = ok
tap_check "film decrypts at once, without detaching" decrypts film
tap_check "book decrypts" decrypts book
tap_check "restore without a terminal does not ask" sh -c \
	"mlicctl restore $a $dir/b1.mlb </dev/null"
tap_check "'-': a backup to stdout restores from a pipe" sh -c \
	"mlicctl backup -o - $a 2>/dev/null >$dir/b-out.mlb && test -s $dir/b-out.mlb &&
	 cat $dir/b-out.mlb | mlicctl restore -q $a - && test ! -e ./-"
tap_check "'-': and from stdin redirected from the file" sh -c \
	"mlicctl restore $a - <$dir/b-out.mlb"
tap_check_rc 1 "an unprivileged user cannot restore" \
	setpriv --reuid=1000 --regid=1000 --clear-groups \
	mlicctl restore --batch "$a" "$dir/b1.mlb"
tap_check_rc 1 "nor back up" setpriv --reuid=1000 --regid=1000 --clear-groups \
	mlicctl backup -o /tmp/user.mlb "$a"

# --- FIG. 11 -> 12: bound to this apparatus, in both orders -------------------

tap_check "the drive has an apparatus ID" sh -c \
	"mlicctl apparatus-id -J | jq -e '.apparatus_id | test(\"^[0-9a-f]{32}\$\")'"
app=$(mlicctl apparatus-id -J | jq -r .apparatus_id)
tap_check "sysfs shows the same" test \
	"$(cat /sys/module/mlic/parameters/apparatus_id)" = "$app"
tap_check "backup bound to the apparatus, medium first" \
	mlicctl backup --bind-apparatus -o "$dir/app-mf.mlb" "$a"
tap_check "and apparatus first" mlicctl backup --bind-apparatus \
	--order apparatus-first -o "$dir/app-af.mlb" "$a"
tap_check_rc 2 "--order without a binding is a usage error" \
	mlicctl backup --order apparatus-first -o "$dir/x.mlb" "$a"
tap_check_rc 2 "two bindings are a usage error" \
	mlicctl backup --bind-apparatus --bind-drive -o "$dir/x.mlb" "$a"
tap_check "the header names the apparatus in the clear" sh -c \
	"od -An -tx1 -v -j 32 -N 16 $dir/app-mf.mlb | tr -d ' \n' | grep -qx $app"
tap_check "reload the module as another apparatus" reload apparatus_id=$other_app
tap_check "wreck A" wreck
for order in mf af; do
	tap_check "the $order backup is refused, naming both apparatus IDs" \
		fails_saying "$(echo "$other_app" | cut -c1-4)" \
		mlicctl restore --batch "$a" "$dir/app-$order.mlb"
done
tap_check "nothing was restored" test "$(state)" = damaged
tap_check "reload the module as this apparatus" reload
tap_check "the medium-first backup restores" \
	mlicctl restore --batch "$a" "$dir/app-mf.mlb"
tap_check "film decrypts" decrypts film
tap_check "wreck A again" wreck
tap_check "the apparatus-first backup restores" \
	mlicctl restore --batch "$a" "$dir/app-af.mlb"
tap_check "book decrypts" decrypts book
tap_check "reload the module with no apparatus ID" reload apparatus_id=none
tap_check "apparatus-id says there is none, and exits 0" sh -c \
	"mlicctl apparatus-id | grep -q -x 'apparatus ID:  none'"
tap_check "apparatus-id -J says null, and exits 0" sh -c \
	"mlicctl apparatus-id -J | jq -e '.apparatus_id == null and .source == null'"
tap_check "binding to the apparatus is refused" fails_saying "apparatus" \
	mlicctl backup --bind-apparatus -o "$dir/x.mlb" "$a"
tap_check "so is restoring an apparatus-bound backup" fails_saying "apparatus" \
	mlicctl restore --batch "$a" "$dir/app-mf.mlb"
tap_check "reload the module as this apparatus" reload

# --- FIG. 14 -> 15: bound to the drive that holds the backup ------------------

if [ -n "$second" ] && [ -d "$second" ]; then
	mkdir -p "$second/backup.$$"
	tap_check "backup bound to the second drive" mlicctl backup --bind-drive \
		-o "$second/backup.$$/a.mlb" "$a"
	tap_check "the header names that drive" sh -c \
		"grep -q 'virtio:MLIC-SECOND-0001' $second/backup.$$/a.mlb"
	tap_check "wreck A" wreck
	tap_check "the backup restores from the second drive" \
		mlicctl restore --batch "$a" "$second/backup.$$/a.mlb"
	tap_check "film decrypts" decrypts film
	cp "$second/backup.$$/a.mlb" "$dir/copied.mlb"
	tap_check "a copy on another drive is refused" \
		fails_saying "another drive" mlicctl restore --batch "$a" "$dir/copied.mlb"
else
	tap_skip "bound to a second drive" "no second drive (MLIC_SECOND)"
fi
tap_check "a file system with no drive cannot be bound to" \
	fails_saying "bind" mlicctl backup --bind-drive -o /tmp/backup.$$.mlb "$a"
tap_check "nothing was left behind there" test ! -e /tmp/backup.$$.mlb

tap_check "master a second medium S" mlic-master create --system-key "$key" \
	--keytab "$tab" --size 16M "$dir/s.img"
tap_check "attach and mount S" sh -c \
	"mlicctl attach $dir/s.img >$dir/s.dev && mount -t ext4 \$(cat $dir/s.dev) $smnt"
sid=$(mlicctl info -J "$(cat "$dir/s.dev")" | jq -r .medium_id)
tap_check "backup bound to medium S as the drive" \
	mlicctl backup --bind-drive -o "$smnt/a.mlb" "$a"
tap_check "the header names S by its medium ID" grep -q "mlic:$sid" "$smnt/a.mlb"
tap_check "wreck A" wreck
cp "$smnt/a.mlb" "$dir/from-s.mlb"
tap_check "a copy off S is refused" fails_saying "another drive" \
	mlicctl restore --batch "$a" "$dir/from-s.mlb"
tap_check "the backup on S restores" mlicctl restore --batch "$a" "$smnt/a.mlb"
tap_check "book decrypts" decrypts book

# --- what must fail ---------------------------------------------------------------

tap_check "master medium B" mlic-master create --system-key "$key" \
	--keytab "$tab" --size 32M --slots 8 "$dir/b.img" "$dir/c/film"
tap_check "attach B and back it up" sh -c \
	"d=\$(mlicctl attach $dir/b.img) && mlicctl backup -o $dir/b.mlb \$d && mlicctl detach \$d"
tap_check "B's backup is refused on A, naming both media" \
	fails_saying "$(echo "$aid" | cut -c1-4)" mlicctl restore --batch "$a" "$dir/b.mlb"
tap_check "master a blank medium C of A's size" mlic-master create \
	--system-key "$key" --keytab "$tab" --size 32M --slots 8 "$dir/cc.img"
tap_check "copy A's user area, backups and all, onto C" sh -c \
	"d=\$(mlicctl attach $dir/cc.img) && echo \$d >$dir/c.dev && dd if=$a of=\$d bs=1M status=none"
c=$(cat "$dir/c.dev")
tap_check "A's backup is refused on C" fails_saying "belongs to medium" \
	mlicctl restore --batch "$c" "$dir/b1.mlb"
mkdir -p "$smnt.c"
tap_check "mount C" mount -t ext4 -o ro "$c" "$smnt.c"
tap_check "C decrypts nothing of A's" fails_saying "no license" \
	mlicctl decrypt "$c" "$smnt.c/film.mlc" -o "$dir/x"
umount "$smnt.c"

gen=$(mlicctl info -J "$a" | jq -r .generation)
cp "$dir/b1.mlb" "$dir/t.mlb"
flip "$dir/t.mlb" 300
tap_check "an altered backup is refused as damaged" \
	fails_saying "damaged" mlicctl restore --batch "$a" "$dir/t.mlb"
cp "$dir/b1.mlb" "$dir/t.mlb"
flip "$dir/t.mlb" "$(($(stat -c %s "$dir/t.mlb") - 3))"
tap_check "an altered tag is refused as damaged" \
	fails_saying "damaged" mlicctl restore --batch "$a" "$dir/t.mlb"
head -c 1000 "$dir/b1.mlb" >"$dir/t.mlb"
tap_check "a truncated backup is refused" \
	fails_saying "truncated" mlicctl restore --batch "$a" "$dir/t.mlb"
cp "$dir/b1.mlb" "$dir/t.mlb"
printf '\002' | dd of="$dir/t.mlb" bs=1 seek=8 count=1 conv=notrunc status=none
tap_check "a backup of a later version is refused" \
	fails_saying "unsupported backup version" mlicctl restore --batch "$a" "$dir/t.mlb"
tap_check "none of them changed the secure area" test \
	"$(mlicctl info -J "$a" | jq -r .generation)" = "$gen"
umount "$mnt" 2>/dev/null
mlicctl detach "$a"
tap_check "attach A read-only" sh -c "mlicctl attach -r $dir/a.img >$dir/ro.dev"
tap_check "a read-only medium refuses to restore" fails_saying "read-only" \
	mlicctl restore --batch "$(cat "$dir/ro.dev")" "$dir/b1.mlb"
mlicctl detach "$(cat "$dir/ro.dev")"
attach_a

# --- a secure area that heals itself -------------------------------------------

off=$(mlicctl info -J "$a" | jq -r .secure_area_offset)
umount "$mnt" 2>/dev/null
mlicctl detach "$a"
tap_check "damage copy A of the secure area" dd if=/dev/zero of="$dir/a.img" \
	bs=4096 seek=$((off / 4096)) count=1 conv=notrunc status=none
tap_check "attach A: it is repaired" attach_a
tap_check "license_state says repaired" test "$(state)" = repaired
tap_check "film decrypts" decrypts film
tap_check "attach again" reattach_a
tap_check "both copies are good now" \
	test "$(cat "/sys/block/${a#/dev/}/mlic/secure_copies")" = "ok ok"
tap_check "and the licenses ok" test "$(state)" = ok

# --- a restore interrupted at each write ------------------------------------------

if [ -w "$fault" ]; then
	tap_check "encrypt a third content" \
		mlic-master encrypt --keytab "$tab" "$dir/c/extra" "$dir/extra.mlc"
	tap_check "install a license for it: A now has three" sh -c \
		"mlic-master issue --system-key $key --keytab $tab --medium-id $aid \
		--content extra -o $dir/extra.mll && mlicctl install-license $a $dir/extra.mll"
	tap_check "three licenses" test "$(nlicenses)" = 3
	# Old: three licenses.  New: the backup's two.
	echo 1 >"$fault"
	tap_check_rc 1 "a restore torn at its first write fails" \
		mlicctl restore --batch "$a" "$dir/b1.mlb"
	tap_check "attach again, as after a crash" reattach_a
	tap_check "the torn copy is repaired from the other" \
		test "$(state)" = repaired
	tap_check "the old licenses are all there: three, verified" \
		test "$(nlicenses)" = 3
	tap_check "extra decrypts" decrypts extra
	echo 2 >"$fault"
	tap_check "a restore torn at its second write succeeds" \
		mlicctl restore --batch "$a" "$dir/b1.mlb"
	tap_check "attach again, as after a crash" reattach_a
	tap_check "the torn copy was repaired" test "$(state)" = repaired
	tap_check "two licenses, all verified" test "$(nlicenses)" = 2
	tap_check "film decrypts" decrypts film
	tap_check "book decrypts" decrypts book
else
	tap_skip "a restore interrupted at each write" "no $fault"
fi

tap_done
