#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# udev.sh - the udev rules the tools install (tools/udev/60-mlic.rules, put
# into the guest where the packages put them) against the real devices:
# what `udevadm test` computes and applies for /dev/mlic-control, a medium
# and its partition (group, mode, the by-medium-id links), that the mode
# and group they set let a member of the group read the medium and
# decrypt, and nobody else, and, with a udevd running, that the links
# follow attach and detach through the driver's change events, and that
# attach returns only once the link is there (and at once without udev).
#
# The guest has no udevd of its own: this test starts one (udevadm is
# systemd-udevd when called by that name) and stops it, gives the mlic
# group to mlicuser as the tools' package would create it, and puts the
# device nodes and /etc/group back as they were.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

tap_require udevadm mlicctl mlic-master setpriv jq sfdisk

rules=""
for d in /etc/udev/rules.d /usr/lib/udev/rules.d /lib/udev/rules.d; do
	[ -f "$d/60-mlic.rules" ] && rules=$d/60-mlic.rules && break
done
[ -n "$rules" ] || tap_skip_all "60-mlic.rules is not installed"

dir=${MLIC_SCRATCH:-/tmp}/udev.$$
key=$dir/system.key
mnt=$dir/mnt
id=00112233445566778899aabbccddeeff
gid=4242
dev=""
udevd=""
saved_group=$dir/group
saved_nodes=""

cleanup() {
	umount "$mnt" 2>/dev/null
	[ -z "$dev" ] || mlicctl detach "$dev" 2>/dev/null
	[ -z "$udevd" ] || stop_udevd
	mlicctl key unload 2>/dev/null
	[ ! -f "$saved_group" ] || cat "$saved_group" >/etc/group
	for n in $saved_nodes; do
		node=${n%%=*}
		owner=${n#*=}
		chown "${owner%:*}" "$node" && chmod "${owner##*:}" "$node"
	done 2>/dev/null
	rm -rf /dev/mlic /run/udev "$dir"
}
trap cleanup EXIT
mkdir -p "$dir/c" "$dir/u" "$mnt" || tap_bail "cannot make $dir"
chmod 1777 "$dir/u"	# where mlicuser writes

# save_node NODE - remember the owner and mode of NODE for cleanup.
save_node() {
	saved_nodes="$saved_nodes $1=$(stat -c '%u:%g:%a' "$1")"
}

# utest ACTION DEVPATH - run `udevadm test`, its output in $dir/test.out.
utest() {
	udevadm test --action="$1" "$2" >"$dir/test.out" 2>&1
}

# computed WHAT - a line of the last test: "GROUP N", "MODE 0640" or
# "LINK 'NAME'", from the rules file (not from the default rules).
computed() {
	grep -F "$rules" "$dir/test.out" | grep -q -F " $1"
}

# devlink NAME - the last test gave the device the link NAME.
devlink() {
	sed -n 's/^DEVLINKS=//p' "$dir/test.out" | tr ' ' '\n' | grep -q -x "$1"
}

# no_medium_link - the last test gave the device no by-medium-id link.
no_medium_link() {
	! sed -n 's/^DEVLINKS=//p' "$dir/test.out" | grep -q by-medium-id
}

# node_is NODE UID:GID MODE - the device node's owner and mode.
node_is() {
	got=$(stat -L -c '%u:%g %a' "$1") || return 1
	[ "$got" = "$2 $3" ] || { echo "$1 is $got, expected $2 $3"; return 1; }
}

# link_to LINK NODE - LINK is a symlink that resolves to NODE.
link_to() {
	if [ ! -L "$1" ] || [ "$(readlink -f "$1")" != "$2" ]; then
		ls -l "$1" 2>&1
		return 1
	fi
}

# as_user GROUPS CMD... - run CMD as mlicuser, with its groups from
# /etc/group (init) or none (clear).
as_user() {
	g=$1
	shift
	setpriv --reuid=1000 --regid=1000 "--$g-groups" "$@"
}

start_udevd() {
	ln -sf "$(command -v udevadm)" "$dir/systemd-udevd"
	"$dir/systemd-udevd" --daemon || return 1
	udevd=1
	udevadm control --ping --timeout=10
}

stop_udevd() {
	udevadm control --exit --timeout=10 || pkill -x systemd-udevd
	udevd=""
}

# settled_link_is present|absent LINK - after udevd has handled every event.
settled_link_is() {
	udevadm settle --timeout=20 || return 1
	case $1 in
	present) [ -L "$2" ] ;;
	absent) [ ! -e "$2" ] && [ ! -L "$2" ] ;;
	esac
}

# --- a medium --------------------------------------------------------------------

cp /etc/group "$saved_group" || tap_bail "cannot save /etc/group"
grep -q '^mlic:' /etc/group && tap_bail "/etc/group has a group mlic already"
echo "mlic:x:$gid:mlicuser" >>/etc/group
save_node /dev/mlic-control

# With decrypt, the medium holds a content, to decrypt as a member of mlic.
content=""
if mlicctl decrypt --help >/dev/null 2>&1; then
	content=$dir/c/film
	head -c 200000 /dev/urandom >"$content"
fi
tap_check "keygen" mlic-master keygen "$key"
tap_check "master a medium${content:+ with one content}" mlic-master create \
	--system-key "$key" --keytab "$dir/keytab" --size 32M --slots 4 \
	--medium-id "$id" "$dir/m.img" ${content:+"$content"}
t0=$(date +%s)
dev=$(mlicctl attach "$dir/m.img")
t1=$(date +%s)
[ -b "$dev" ] || tap_bail "cannot attach $dir/m.img"
tap_ok "attach"
tap_check "without udev, attach does not wait for it" test $((t1 - t0)) -le 2
sys=/sys/class/block/${dev#/dev/}
save_node "$dev"
chown 0:0 "$dev" && chmod 0600 "$dev"

# --- udevadm test: the disk ----------------------------------------------------

tap_check "udevadm test: the medium's change event" utest change "$sys"
tap_check "GROUP mlic" computed "GROUP $gid"
tap_check "MODE 0640" computed "MODE 0640"
tap_check "the by-medium-id link" devlink "/dev/mlic/by-medium-id/$id"
tap_check "ID_MLIC_MEDIUM_ID" grep -x "ID_MLIC_MEDIUM_ID=$id" "$dir/test.out"
tap_check "the node is root:mlic 0640" node_is "$dev" "0:$gid" 640
tap_check "the link points to it" link_to "/dev/mlic/by-medium-id/$id" "$dev"

# --- group access: read is all decryption needs --------------------------------

tap_check "a member of mlic may read the medium" as_user init \
	dd if="$dev" of=/dev/null bs=4096 count=1
tap_check_rc 1 "but not write it" as_user init \
	dd if=/dev/zero of="$dev" bs=512 count=1 conv=notrunc
tap_check_rc 1 "a user outside mlic may not read it" as_user clear \
	dd if="$dev" of=/dev/null bs=4096 count=1
if [ -n "$content" ]; then
	tap_check "load the system key" mlicctl key load "$key"
	tap_check "mount the medium" mount -t ext4 -o ro "$dev" "$mnt"
	tap_check "a member of mlic decrypts" as_user init \
		mlicctl decrypt "$mnt/film.mlc" -o "$dir/u/out"
	tap_check "and gets the content" cmp "$content" "$dir/u/out"
	tap_check_rc 1 "a user outside mlic cannot decrypt" as_user clear \
		mlicctl decrypt "$mnt/film.mlc" -o "$dir/u/out2"
	tap_check "for want of access to the medium" sh -c \
		"setpriv --reuid=1000 --regid=1000 --clear-groups mlicctl decrypt $mnt/film.mlc \
		-o $dir/u/out3 2>&1 | grep -F '$dev'"
	tap_check "umount" umount "$mnt"
else
	tap_skip "a member of mlic decrypts" "mlicctl has no decrypt yet"
fi

# --- udevadm test: a partition and the control device ----------------------

part=${dev}p1
tap_check "partition the user area" sh -c \
	"printf 'label: dos\n,,L\n' | sfdisk -q $dev && blockdev --rereadpt $dev && test -b $part"
tap_check "udevadm test: the partition" utest add "/sys/class/block/${part#/dev/}"
tap_check "GROUP mlic for the partition" computed "GROUP $gid"
tap_check "MODE 0640 for the partition" computed "MODE 0640"
tap_check "the partition's link ends in -part1" devlink "/dev/mlic/by-medium-id/$id-part1"
tap_check "which points to it" link_to "/dev/mlic/by-medium-id/$id-part1" "$part"

tap_check "udevadm test: /dev/mlic-control" utest add /sys/class/misc/mlic-control
tap_check "GROUP root for the control device" computed "GROUP 0"
tap_check "MODE 0600 for the control device" computed "MODE 0600"
tap_check "it stays root:root 0600" node_is /dev/mlic-control 0:0 600
tap_check "a member of mlic may not open it" as_user init \
	test ! -r /dev/mlic-control -a ! -w /dev/mlic-control

# --- udevadm test: no medium, no link ----------------------------------------

tap_check "detach" mlicctl detach "$dev"
tap_check "udevadm test: the detach change event" utest change "$sys"
tap_check "no by-medium-id link without a medium" no_medium_link
tap_check "the old link is gone" test ! -L "/dev/mlic/by-medium-id/$id"
tap_check "the node keeps group mlic" node_is "$dev" "0:$gid" 640
olddev=$dev
dev=""

# --- a running udevd follows attach and detach ---------------------------------

rm -rf /run/udev /dev/mlic
if start_udevd >"$dir/udevd.log" 2>&1; then
	tap_ok "start systemd-udevd"
	dev=$(mlicctl attach "$dir/m.img")
	tap_check "attach again (the same device)" test -b "$dev" -a "$dev" = "$olddev"
	tap_check "attach returns once udevd has made the link" link_to \
		"/dev/mlic/by-medium-id/$id" "$dev"
	tap_check "udevd makes the link on attach" settled_link_is present \
		"/dev/mlic/by-medium-id/$id"
	tap_check "to the medium" link_to "/dev/mlic/by-medium-id/$id" "$dev"
	tap_check "detach" mlicctl detach "$dev" && dev=""
	tap_check "udevd drops the link on detach" settled_link_is absent \
		"/dev/mlic/by-medium-id/$id"
	tap_check "stop systemd-udevd" stop_udevd
else
	tap_fail "start systemd-udevd"
	tap_show "$dir/udevd.log"
fi

tap_done
