#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# licensing.sh - the licensing story end to end: master media with
# contents, attach, mount, decrypt
# through the kernel; the same contents on two media; issued licenses; and
# everything that must fail: tampered contents and licenses, no system key,
# no license, another medium's license, a user area copied to another
# medium, a full secure area, unprivileged installs.  Also: no content key
# ever shows outside the kernel.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

tap_require mlicctl mlic-master jq setpriv cmp dd

dir=${MLIC_SCRATCH:-/tmp}/licensing.$$
key=$dir/system.key
tab=$dir/keytab
mnt=$dir/mnt
devs=""

cleanup() {
	umount "$mnt" 2>/dev/null
	for d in $devs; do
		mlicctl detach "$d" 2>/dev/null
	done
	mlicctl key unload 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
mkdir -p "$dir/c" "$mnt" || tap_bail "cannot make $dir"

# attach IMAGE - attach, remember the device in $dev.
attach() {
	dev=$(mlicctl attach "$1") && devs="$devs $dev"
}

# detach DEV
detach() {
	mlicctl detach "$1" && devs=$(echo "$devs" | sed "s#$1##")
}

# create IMAGE SIZE [CONTENT...] - master a medium.
create() {
	img=$1
	size=$2
	shift 2
	mlic-master create --system-key "$key" --keytab "$tab" --size "$size" \
		--slots 8 "$img" "$@"
}

# decrypts MLC PLAIN [DEV] - mlicctl decrypt gives back PLAIN exactly.
decrypts() {
	rm -f "$dir/out"
	mlicctl decrypt ${3:+"$3"} "$1" -o "$dir/out" && cmp "$2" "$dir/out"
}

# --- contents of every shape ------------------------------------------------

: >"$dir/c/empty"
printf x >"$dir/c/tiny"
head -c 131072 /dev/urandom >"$dir/c/aligned"	# two whole chunks
head -c 200001 /dev/urandom >"$dir/c/odd"
head -c 3000000 /dev/urandom >"$dir/c/large"
contents="empty tiny aligned odd large"

tap_check "keygen" mlic-master keygen "$key"
tap_check "master medium A with five contents" \
	create "$dir/a.img" 48M "$dir/c/empty" "$dir/c/tiny" "$dir/c/aligned" \
	"$dir/c/odd" "$dir/c/large"
tap_check "the key table is private" test "$(stat -c %a "$tab")" = 600
tap_check "it holds the five contents" test "$(grep -vc '^mlic-keytab' "$tab")" = 5
tap_check "load the system key" mlicctl key load "$key"
tap_check "key status shows a fingerprint" sh -c \
	"mlicctl key status -J | jq -e '.loaded == true and (.fingerprint | test(\"^[0-9a-f]{32}\$\"))'"
tap_check "attach A" attach "$dir/a.img"
a=$dev
mlicctl info -J "$a" >"$dir/a.json"
tap_check "A's licenses are ok" test "$(jq -r .license_state "$dir/a.json")" = ok
tap_check "five licenses, all verified" test \
	"$(jq '[.licenses[] | select(.state == "ok")] | length' "$dir/a.json")" = 5
tap_check "mount A" mount -t ext4 -o ro "$a" "$mnt"
for c in $contents; do
	tap_check "decrypt the $c content on A" decrypts "$mnt/$c.mlc" "$dir/c/$c" "$a"
done
tap_check "decrypt finds the medium by itself" decrypts "$mnt/odd.mlc" "$dir/c/odd"
tap_check "decrypt to stdout" sh -c "mlicctl decrypt $mnt/large.mlc | cmp - $dir/c/large"
tap_check "decrypt refuses to overwrite its output" sh -c \
	"! mlicctl decrypt $mnt/tiny.mlc -o $dir/c/odd && cmp $dir/c/odd $dir/c/odd"
cp "$mnt/odd.mlc" "$dir/odd.mlc"
cp "$mnt/large.mlc" "$dir/large.mlc"

# --- no content key ever shows ----------------------------------------------

head -c "$(jq -r .user_area_offset "$dir/a.json")" "$dir/a.img" |
	od -An -tx1 -v | tr -d ' \n' >"$dir/a.hex"
tap_check "no content key in the secure area, sysfs, info or the kernel log" sh -c "
	for k in \$(awk 'NR > 1 { print \$2 }' $tab); do
		grep -q \$k $dir/a.hex && exit 1
		mlicctl info -J $a | grep -qi \$k && exit 1
		cat /sys/block/${a#/dev/}/mlic/* 2>/dev/null | grep -qi \$k && exit 1
		dmesg | grep -qi \$k && exit 1
	done; exit 0"

# --- the system key ------------------------------------------------------------

tap_check "key unload" mlicctl key unload
tap_check "info shows the licenses locked" test \
	"$(mlicctl info -J "$a" | jq -r '[.licenses[].state] | unique | join(",")')" = locked
tap_check "decrypt without the system key fails, saying so" \
	fails_saying "system key" mlicctl decrypt "$a" "$mnt/tiny.mlc" -o "$dir/x"
tap_check "no output was left behind" test ! -e "$dir/x"
tap_check "key load again" mlicctl key load "$key"
tap_check "the licenses are live again at once" decrypts "$mnt/tiny.mlc" "$dir/c/tiny" "$a"
other=$dir/other.key
tap_check "another system key is refused while one is loaded" sh -c \
	"mlic-master keygen $other && ! mlicctl key load $other"

# --- tampered contents ---------------------------------------------------------

cp "$dir/odd.mlc" "$dir/t.mlc"
flip "$dir/t.mlc" 70000		# inside chunk 1
tap_check "an altered chunk fails" fails_saying "chunk 1" \
	mlicctl decrypt "$a" "$dir/t.mlc" -o "$dir/x"
cp "$dir/odd.mlc" "$dir/t.mlc"
flip "$dir/t.mlc" 100		# the name, inside the header
tap_check "an altered header fails" fails_saying "authentic" \
	mlicctl decrypt "$a" "$dir/t.mlc" -o "$dir/x"
head -c 100000 "$dir/odd.mlc" >"$dir/t.mlc"
tap_check "a truncated file fails" fails_saying "truncated" \
	mlicctl decrypt "$a" "$dir/t.mlc" -o "$dir/x"
{ cat "$dir/odd.mlc"; printf extra; } >"$dir/t.mlc"
tap_check "trailing bytes fail" fails_saying "trailing" \
	mlicctl decrypt "$a" "$dir/t.mlc" -o "$dir/x"
chunk=$((65536 + 16))
{ head -c 128 "$dir/odd.mlc"
  dd if="$dir/odd.mlc" bs=1 skip=$((128 + chunk)) count=$chunk status=none
  dd if="$dir/odd.mlc" bs=1 skip=128 count=$chunk status=none
  tail -c +$((128 + 2 * chunk + 1)) "$dir/odd.mlc"; } >"$dir/t.mlc"
tap_check "swapped chunks fail" fails_saying "chunk 0" \
	mlicctl decrypt "$a" "$dir/t.mlc" -o "$dir/x"
tap_check "nothing was written for any of them" test ! -e "$dir/x"

# --- the same contents on medium B; A's user area on a blank medium C -------

tap_check "master medium B with two of the same contents" \
	create "$dir/b.img" 24M "$dir/c/odd" "$dir/c/tiny"
tap_check "the key table reused their keys" test "$(grep -vc '^mlic-keytab' "$tab")" = 5
tap_check "attach B" attach "$dir/b.img"
b=$dev
tap_check "B's ID differs from A's" test \
	"$(jq -r .medium_id "$dir/a.json")" != "$(mlicctl info -J "$b" | jq -r .medium_id)"
tap_check "B decrypts its copy of a shared content" sh -c \
	"mkdir -p $dir/mb && mount -t ext4 -o ro $b $dir/mb && mlicctl decrypt $b $dir/mb/odd.mlc -o $dir/ob && umount $dir/mb && cmp $dir/ob $dir/c/odd"
tap_check "B has no license for A's other contents" fails_saying "no license" \
	mlicctl decrypt "$b" "$dir/large.mlc" -o "$dir/x"

tap_check "master a blank medium C of A's size" create "$dir/c.img" 48M
tap_check "attach C" attach "$dir/c.img"
c=$dev
tap_check "copy A's whole user area onto C" dd if="$a" of="$c" bs=1M status=none
tap_check "C mounts the copy" sh -c "umount $mnt; mount -t ext4 -o ro $c $mnt"
tap_check "the copied contents do not decrypt on C" fails_saying "no license" \
	mlicctl decrypt "$mnt/large.mlc" -o "$dir/x"
tap_check "umount" umount "$mnt"

# --- issued licenses (embodiment D) -------------------------------------------

aid=$(jq -r .medium_id "$dir/a.json")
bid=$(mlicctl info -J "$b" | jq -r .medium_id)
head -c 70000 /dev/urandom >"$dir/c/new"
tap_check "encrypt a new content for delivery" \
	mlic-master encrypt --keytab "$tab" "$dir/c/new" "$dir/new.mlc"
tap_check "without a license A cannot decrypt it" fails_saying "no license" \
	mlicctl decrypt "$a" "$dir/new.mlc" -o "$dir/x"
tap_check "issue a license for it to A" mlic-master issue --system-key "$key" \
	--keytab "$tab" --medium-id "$aid" --content new -o "$dir/new-a.mll"
tap_check "issue refuses to overwrite" sh -c "! mlic-master issue --system-key $key \
	--keytab $tab --medium-id $aid --content new -o $dir/new-a.mll"
tap_check "issue one to B as well" mlic-master issue --system-key "$key" \
	--keytab "$tab" --medium-id "$bid" --content new -o "$dir/new-b.mll"
tap_check "B's license does not install on A" fails_saying "$(echo "$bid" | cut -c1-4)" \
	mlicctl install-license "$a" "$dir/new-b.mll"
cp "$dir/new-a.mll" "$dir/t.mll"
flip "$dir/t.mll" 100
tap_check "an altered license does not install" fails_saying "authentic" \
	mlicctl install-license "$a" "$dir/t.mll"
head -c 127 "$dir/new-a.mll" >"$dir/t.mll"
tap_check "a truncated license does not install" fails_saying "license file" \
	mlicctl install-license "$a" "$dir/t.mll"
tap_check "A still has five licenses" test \
	"$(mlicctl info -J "$a" | jq '.licenses | length')" = 5
tap_check_rc 1 "an unprivileged user cannot install" \
	setpriv --reuid=1000 --regid=1000 --clear-groups \
	mlicctl install-license "$a" "$dir/new-a.mll"
tap_check "root installs A's license" mlicctl install-license "$a" "$dir/new-a.mll"
tap_check "A decrypts the new content at once" decrypts "$dir/new.mlc" "$dir/c/new" "$a"
tap_check "installing it again says it is there" sh -c \
	"mlicctl install-license $a $dir/new-a.mll 2>&1 | grep -qi 'already'"
tap_check "'-': a license issued to stdout installs from stdin" sh -c \
	"mlic-master issue --system-key - --keytab $tab --medium-id $aid --content new \
		-o - <$key 2>/dev/null | mlicctl install-license $a - | grep -qi 'already'"
tap_check "'-': a content encrypted to stdout decrypts to stdout" sh -c \
	"mlic-master encrypt --keytab $tab $dir/c/new - 2>/dev/null >$dir/new2.mlc &&
	 mlicctl decrypt $a $dir/new2.mlc -o - | cmp - $dir/c/new && test ! -e ./-"
tap_check "A has six licenses" test \
	"$(mlicctl info -J "$a" | jq '[.licenses[] | select(.state == "ok")] | length')" = 6
tap_check "they survive detach and attach" sh -c \
	"mlicctl detach $a && a=\$(mlicctl attach $dir/a.img) && mlicctl decrypt \$a $dir/new.mlc | cmp - $dir/c/new && mlicctl detach \$a"
attach "$dir/a.img"
a=$dev

# --- a full secure area ----------------------------------------------------------

tap_check "master a one-slot medium" mlic-master create --system-key "$key" \
	--keytab "$tab" --size 16M --slots 1 "$dir/d.img" "$dir/c/tiny"
tap_check "attach it" attach "$dir/d.img"
tap_check "issue it a second license" mlic-master issue --system-key "$key" \
	--keytab "$tab" --medium-id "$(mlicctl info -J "$dev" | jq -r .medium_id)" \
	--content new -o "$dir/new-d.mll"
tap_check "a full secure area refuses it" fails_saying "slot" \
	mlicctl install-license "$dev" "$dir/new-d.mll"

# --- read access is all decryption needs ------------------------------------------

chmod 0640 "$a"
tap_check_rc 1 "a user without read access cannot decrypt" \
	setpriv --reuid=1000 --regid=1000 --clear-groups \
	mlicctl decrypt "$a" "$dir/new.mlc" -o /tmp/user.out
chmod 0644 "$a"
tap_check "a user with read access decrypts" \
	setpriv --reuid=1000 --regid=1000 --clear-groups \
	mlicctl decrypt "$a" "$dir/new.mlc" -o /tmp/user.out
tap_check "and gets the content" cmp /tmp/user.out "$dir/c/new"
rm -f /tmp/user.out
chmod 0660 "$a"

tap_done
