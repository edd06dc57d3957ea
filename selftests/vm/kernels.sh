#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh - the kernels mlic is tested on, and their files.
#
# Picks the newest Debian 12 kernel of the 6.1 line and of the 6.12 line
# (through the meta packages linux-image-amd64 and linux-image-6.12-amd64,
# never `uname -r`), installs their headers to build against, and unpacks
# their image packages into build/kernels/<release>/ (boot/vmlinuz-R and
# lib/modules/R/ with a modules.dep) for the VM to boot.  Prints the
# releases, one a line, on stdout.
#
# Usage: selftests/vm/kernels.sh             resolve, install, unpack
#        selftests/vm/kernels.sh --resolve   only print the releases
set -eu
prog=kernels
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

# meta package, and the shape its dependency must have, for each line
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

# resolve_once - print every release, fail if one line has none.
resolve_once() {
	for l in $lines; do
		r=$(release_of "${l%%:*}" "${l#*:}")
		if [ -z "$r" ] || ! has_headers "$r"; then
			return 1
		fi
		printf '%s\n' "$r"
	done
}

resolve() {
	if ! rels=$(resolve_once); then
		need_root
		say "no kernel found with the current package lists; updating them"
		apt_get update
		rels=$(resolve_once) ||
			die "apt-cache finds no Debian 6.1 or 6.12 kernel with headers"
	fi
	printf '%s\n' "$rels"
}

# unpack R - fetch linux-image-R and extract it into build/kernels/R; fails
# when the package cannot be downloaded (stale package lists).
unpack() {
	dest=$build/kernels/$1
	pkg=linux-image-$1
	ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1)
	if [ -f "$dest/.complete" ] && [ "$(cat "$dest/.complete")" = "$ver" ]; then
		return 0
	fi
	need_root
	say "fetching and unpacking $pkg $ver"
	debs=$build/kernels/debs
	rm -rf "$dest" "$debs"
	mkdir -p "$debs"
	(cd "$debs" && apt_get download "$pkg") || return 1
	dpkg-deb -x "$debs"/"$pkg"_*.deb "$dest"
	rm -rf "$debs"
	[ -f "$dest/boot/vmlinuz-$1" ] || die "$pkg has no boot/vmlinuz-$1"
	depmod -b "$dest" "$1" || die "depmod failed on $dest"
	printf '%s\n' "$ver" >"$dest/.complete"
}

# prepare R... - headers installed and images unpacked for each release.
prepare() {
	headers=""
	for r in "$@"; do
		headers="$headers linux-headers-$r"
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
		resolve
		return 0
		;;
	"") ;;
	*)
		echo "usage: $0 [--resolve]" >&2
		exit 2
		;;
	esac
	rels=$(resolve)
	# shellcheck disable=SC2086 # one word per release
	if ! prepare $rels; then
		# the archive moved on since the package lists were fetched
		say "cannot download the kernel images; updating the package lists"
		apt_get update
		rels=$(resolve)
		# shellcheck disable=SC2086
		prepare $rels || die "cannot download the images of" $rels
	fi
	printf '%s\n' "$rels"
}

main "$@"
