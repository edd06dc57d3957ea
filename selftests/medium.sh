#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# medium.sh - a blank medium, end to end, with the real tools: master it,
# attach it, use ext4 on it, and check that the data lands in the user
# area and nowhere else, that it persists across detach and attach, that a
# busy medium is not detached, that read-only means read-only, that
# partitions stay inside, and that the module unloads with media attached.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

tap_require mlicctl mlic-master mkfs.ext4 sfdisk blockdev jq

dir=${MLIC_SCRATCH:-/tmp}/medium.$$
img=$dir/medium.img
mnt=$dir/mnt
dev=""

cleanup() {
	umount "$mnt" 2>/dev/null
	umount "$mnt" 2>/dev/null
	[ -z "$dev" ] || mlicctl detach "$dev" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
mkdir -p "$mnt" || tap_bail "cannot make $mnt"

# protected - a digest of the image before its user area (first and secure).
protected() {
	off=$(jq -r .user_area_offset "$dir/info.json")
	head -c "$off" "$img" | sha256sum | cut -d' ' -f1
}

# info_of DEV KEY - one key of mlicctl info -J.
info_of() {
	mlicctl info -J "$1" | jq -r ".$2"
}

# attach [-r] - attach $img, remember the device.
attach() {
	dev=$(mlicctl attach "$@" "$img") && [ -b "$dev" ]
}

detach() {
	mlicctl detach "$dev" && dev=""
}

# --- master and attach --------------------------------------------------

tap_check "keygen" mlic-master keygen "$dir/system.key"
tap_check "create a blank 96 MiB medium" \
	mlic-master create --system-key "$dir/system.key" \
	--keytab "$dir/keytab" --size 96M --slots 16 \
	--medium-id 0123-4567-89ab-cdef-0011-2233-4455-6677 "$img"
tap_check "attach prints a block device" attach
mlicctl info -J "$dev" >"$dir/info.json"
digest=$(protected)

tap_check "info shows the medium ID given at creation" \
	test "$(jq -r .medium_id "$dir/info.json")" = 0123456789abcdef0011223344556677
tap_check "sysfs shows it too" test "$(cat "/sys/block/${dev#/dev/}/mlic/medium_id")" = \
	0123456789abcdef0011223344556677
tap_check "the device is exactly the user area" test \
	"$(blockdev --getsize64 "$dev")" = "$(jq -r .user_area_bytes "$dir/info.json")"
tap_check "the user area follows the secure area" test \
	"$(jq -r '.secure_area_offset + .secure_area_bytes <= .user_area_offset' \
	"$dir/info.json")" = true
if [ "$(stat -f -c %T "$dir")" = ext2/ext3 ]; then
	tap_check "an image on ext4 is driven with direct I/O" \
		test "$(jq -r .direct_io "$dir/info.json")" = true
else
	tap_skip "an image on ext4 is driven with direct I/O" "$dir is not on ext4"
fi
tap_check "a blank medium's licenses are empty" \
	test "$(jq -r .license_state "$dir/info.json")" = empty
tap_check "list -J names it" sh -c \
	"mlicctl list -J | jq -e '.media[] | select(.device == \"$dev\" and .backing_file == \"$img\")'"

# --- ext4 on the user area ----------------------------------------------

tap_check "mount the ext4 that create made" mount -t ext4 "$dev" "$mnt"
head -c 3000000 /dev/urandom >"$dir/data"
tap_check "write a file on it" cp "$dir/data" "$mnt/data"
tap_check "sync" sync
tap_check_rc 1 "detach refuses while mounted" mlicctl detach "$dev"
tap_check "and says where it is mounted" sh -c \
	"mlicctl detach $dev 2>&1 | grep -q -- '$mnt'"
tap_check "still attached after the refusal" test -r "/sys/block/${dev#/dev/}/mlic/medium_id"
tap_check "umount" umount "$mnt"
tap_check "detach" detach
tap_check "the first and secure areas did not change" test "$(protected)" = "$digest"
tap_check "e2fsck finds the user area clean" e2fsck -fn \
	"$img?offset=$(jq -r .user_area_offset "$dir/info.json")"

tap_check "attach again" attach
tap_check "mount again" mount -t ext4 "$dev" "$mnt"
tap_check "the file survived detach and attach" cmp "$dir/data" "$mnt/data"
tap_check "umount" umount "$mnt"

# --- read-only ----------------------------------------------------------

tap_check "detach" detach
tap_check "attach -r" attach -r
tap_check "info says read-only" test "$(info_of "$dev" read_only)" = true
tap_check "a read-only mount works" mount -t ext4 -o ro,noload "$dev" "$mnt"
tap_check "and reads the file" cmp "$dir/data" "$mnt/data"
tap_check_rc 1 "writing a file fails" cp "$dir/data" "$mnt/more"
tap_check_rc 1 "writing through the device fails" \
	dd if=/dev/zero of="$dev" bs=4096 count=1 conv=fsync
tap_check "umount" umount "$mnt"
tap_check "detach" detach
tap_check "the image did not change" test "$(protected)" = "$digest"

# --- partitions -----------------------------------------------------------

tap_check "attach" attach
tap_check "partition the user area" sh -c \
	"printf 'label: dos\n,32M,L\n,,L\n' | sfdisk -q $dev"
tap_check "both partitions appear" sh -c \
	"blockdev --rereadpt $dev; test -b ${dev}p1 && test -b ${dev}p2"
tap_check "the partitions end inside the device" test \
	"$(( $(cat "/sys/block/${dev#/dev/}/${dev#/dev/}p2/start") + \
	$(cat "/sys/block/${dev#/dev/}/${dev#/dev/}p2/size") ))" -le \
	"$(cat "/sys/block/${dev#/dev/}/size")"
tap_check "mkfs and mount a partition" sh -c \
	"mkfs.ext4 -q ${dev}p2 && mount -t ext4 ${dev}p2 $mnt && cp $dir/data $mnt/ && umount $mnt"
tap_check_rc 1 "detach refuses while a partition is open" sh -c \
	"exec 3<${dev}p1; mlicctl detach $dev"
tap_check "detach" detach
tap_check "the partitions are gone with the medium" test ! -e "${dev}p1"
tap_check "the first and secure areas did not change" test "$(protected)" = "$digest"
tap_check "attach rescans the partitions" sh -c \
	"dev=\$(mlicctl attach $img) && test -b \${dev}p2 && mount -t ext4 -o ro \${dev}p2 $mnt && cmp $dir/data $mnt/data; rc=\$?; umount $mnt; mlicctl detach \$dev; exit \$rc"

# --- an image on tmpfs: no direct I/O, same behaviour ----------------------

mkdir -p /tmp/medium.$$
cp "$img" /tmp/medium.$$/medium.img
tap_check "attach an image on tmpfs" sh -c \
	"mlicctl attach /tmp/medium.$$/medium.img >$dir/dtmp"
tap_check "it is driven through the page cache" \
	test "$(info_of "$(cat "$dir/dtmp")" direct_io)" = false
tap_check "its ext4 reads back the file" sh -c \
	"mount -t ext4 -o ro $(cat "$dir/dtmp")p2 $mnt && cmp $dir/data $mnt/data; rc=\$?; umount $mnt; exit \$rc"
tap_check "detach it" mlicctl detach "$(cat "$dir/dtmp")"
rm -rf /tmp/medium.$$

# --- the module goes away with media attached ------------------------------

cp "$img" "$img.2"
tap_check "attach two media" sh -c "mlicctl attach $img >$dir/d1 && mlicctl attach $img.2 >$dir/d2"
tap_check "mount one of them" mount -t ext4 -o ro "$(cat "$dir/d1")p2" "$mnt"
tap_check_rc 1 "rmmod refuses while one is mounted" rmmod mlic
tap_check "umount" umount "$mnt"
tap_check "rmmod mlic with two media attached" rmmod mlic
tap_check "the images are intact" test "$(protected)" = "$digest"
tap_check "modprobe mlic" modprobe mlic
tap_check "no medium is attached after reload" test -z "$(mlicctl list)"
tap_check "the media attach again" sh -c \
	"d=\$(mlicctl attach $img.2) && mlicctl detach \$d"
rm -f "$img.2"

tap_done
