#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh - the kernels mlic is tested on, and their files.
#
# Three lines, each at its newest, never `uname -r`:
#   6.1    Debian 12's kernel (meta package linux-image-amd64)
#   6.12   Debian 12's newer kernel (linux-image-6.12-amd64)
#   sid    Debian unstable's newest (7.2 today), from the sid chroot of
#          sid.sh, which also holds its headers and compiler
# The headers of the two Debian 12 kernels are installed on this machine;
# the image packages of all three are unpacked into $kernels/R (common.sh:
# the cache outside the tree) as boot/vmlinuz-R, boot/config-R and
# lib/modules/R with a modules.dep, for the VM to boot.  Prints the
# releases, one a line, on stdout.
#
# Usage: selftests/vm/kernels.sh             resolve, install, unpack
#        selftests/vm/kernels.sh --resolve   only print the releases
set -eu
prog=kernels
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

# meta package, and the shape its dependency must have, for each host line
lines="linux-image-amd64:6\.1\.0-[0-9]+-amd64
linux-image-6.12-amd64:6\.12\.[0-9]+\+deb12-amd64"

# release_of META RE - the release the meta package's candidate depends on.
release_of() {
	apt-cache depends --important "$1" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-//p' |
		grep -E -x "$2" | sort -V | tail -n 1
}

# has_headers R - linux-headers-R is installed or installable.
has_headers() {
	apt-cache show "linux-headers-$1" >/dev/null 2>&1
}

# resolve_once - print every host release, fail if one line has none.
resolve_once() {
	for l in $lines; do
		r=$(release_of "${l%%:*}" "${l#*:}")
		if [ -z "$r" ] || ! has_headers "$r"; then
			return 1
		fi
		printf '%s\n' "$r"
	done
}

resolve_host() {
	if ! rels=$(resolve_once); then
		need_root
		say "no kernel found with the current package lists; updating them"
		apt_get update
		rels=$(resolve_once) ||
			die "apt-cache finds no Debian 6.1 or 6.12 kernel with headers"
	fi
	printf '%s\n' "$rels"
}

# apt_in R ARGS... - apt-get for kernel R: this machine's, or the chroot's.
apt_in() {
	r=$1
	shift
	if [ "$r" = "$sid_rel" ]; then
		"$vmdir/sid.sh" run apt-get -q -y -o Dpkg::Use-Pty=0 \
			-o APT::Sandbox::User=root "$@" >&2
	else
		apt_get "$@"
	fi
}

# cache_in R ARGS... - apt-cache for kernel R, as apt_in.
cache_in() {
	r=$1
	shift
	if [ "$r" = "$sid_rel" ]; then
		"$vmdir/sid.sh" run apt-cache "$@"
	else
		apt-cache "$@"
	fi
}

# image_pkgs R - the packages holding kernel R's image, modules and config:
# linux-image-R, or, as sid splits it, its base, binary and modules.
image_pkgs() {
	if cache_in "$1" show "linux-binary-$1" >/dev/null 2>&1; then
		echo "linux-base-$1 linux-binary-$1 linux-modules-$1"
	else
		echo "linux-image-$1"
	fi
}

# normalise DIR R - the unpacked packages as the VM scripts read them:
# where a kernel keeps everything in /usr/lib/modules/R, link it to boot/.
normalise() {
	d=$1
	m=usr/lib/modules/$2
	[ -e "$d/lib" ] || [ ! -d "$d/usr/lib" ] || ln -s usr/lib "$d/lib"
	mkdir -p "$d/boot"
	[ -e "$d/boot/vmlinuz-$2" ] || [ ! -f "$d/$m/vmlinuz" ] ||
		ln -s "../$m/vmlinuz" "$d/boot/vmlinuz-$2"
	[ -e "$d/boot/config-$2" ] || [ ! -f "$d/$m/config" ] ||
		ln -s "../$m/config" "$d/boot/config-$2"
}

# unpack R - fetch the image packages of R and extract them into
# $kernels/R; fails when they cannot be downloaded (stale package lists).
unpack() {
	dest=$kernels/$1
	pkgs=$(image_pkgs "$1")
	ver=""
	for p in $pkgs; do
		ver="$ver $(cache_in "$1" show --no-all-versions "$p" 2>/dev/null |
			sed -n 's/^Version: //p' | head -n 1)"
	done
	if [ -f "$dest/.complete" ] && [ "$(cat "$dest/.complete")" = "$ver" ]; then
		return 0
	fi
	need_root
	say "fetching and unpacking $pkgs"
	debs=$build/kernels-debs
	rm -rf "$dest" "$debs"
	mkdir -p "$dest" "$debs"
	# shellcheck disable=SC2086 # a list of package names
	(cd "$debs" && apt_in "$1" download $pkgs) || return 1
	for p in $pkgs; do
		dpkg-deb -x "$debs/${p}"_*.deb "$dest" || return 1
	done
	rm -rf "$debs"
	normalise "$dest" "$1"
	[ -f "$dest/boot/vmlinuz-$1" ] || die "$pkgs hold no vmlinuz for $1"
	[ -f "$dest/boot/config-$1" ] || die "$pkgs hold no config for $1"
	depmod -b "$dest" "$1" || die "depmod failed on $dest"
	printf '%s\n' "$ver" >"$dest/.complete"
}

# prepare R... - host headers installed and images unpacked for each release.
prepare() {
	headers=""
	for r in "$@"; do
		[ "$r" = "$sid_rel" ] || headers="$headers linux-headers-$r"
	done
	# shellcheck disable=SC2086 # the list is meant to be split
	ensure_pkgs $headers
	for r in "$@"; do
		unpack "$r" || return 1
	done
}

main() {
	case ${1-} in
	--resolve)
		resolve_host
		"$vmdir/sid.sh" release
		return 0
		;;
	"") ;;
	*)
		echo "usage: $0 [--resolve]" >&2
		exit 2
		;;
	esac
	sid_rel=$("$vmdir/sid.sh" ensure) || die "cannot make the sid chroot"
	rels="$(resolve_host) $sid_rel"
	# one checkout at a time unpacks into the shared cache
	mkdir -p "$kernels"
	exec 6>"$kernels/.lock"
	flock -x 6
	# shellcheck disable=SC2086 # one word per release
	if ! prepare $rels; then
		# the archive moved on since the package lists were fetched
		say "cannot download the kernel images; updating the package lists"
		apt_get update
		sid_rel=$(MLIC_SID_REFRESH=1 "$vmdir/sid.sh" ensure) ||
			die "cannot update the sid chroot"
		rels="$(resolve_host) $sid_rel"
		# shellcheck disable=SC2086
		prepare $rels || die "cannot download the images of" $rels
	fi
	# shellcheck disable=SC2086 # one word per release
	printf '%s\n' $rels
}

main "$@"
