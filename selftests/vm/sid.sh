#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# sid.sh - the Debian unstable (sid) chroot that builds for sid's newest
# kernel, as a sid user's DKMS would: with that kernel's own headers and
# sid's own compiler and libraries.
#
# The chroot is a debootstrap (minbase) of sid with the newest
# linux-headers-amd64, gcc, sparse and what the tools and the packages
# build with.  It lives in the cache outside the tree ($MLIC_CACHE, see
# common.sh), is made once per machine and brought up to date when its
# package lists are older than 12 hours (MLIC_SID_REFRESH=1: now), so the
# kernel it builds for is always sid's newest, never a pinned one.  Sid's
# Release file may be past its Valid-Until date: apt there is told not to
# check it.
#
# Usage: selftests/vm/sid.sh ensure        make or update it; print the release
#        selftests/vm/sid.sh release       print the release it builds for
#        selftests/vm/sid.sh run CMD...    run CMD in it, in the current
#                                          directory, with the tree mounted
#                                          at its own path
#        selftests/vm/sid.sh path          print where the chroot is
set -eu
prog=sid
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

root=$cache/sid
lock=$cache/sid.lock
mirror=${MLIC_SID_MIRROR:-http://deb.debian.org/debian}
# What the chroot holds beyond minbase: the kernel build (headers, gcc,
# sparse, kmod); the tools and their host tests (libkcapi, libsmartcols
# for mlicctl's tables, cairo and qrencode for mlic-master label, its
# fonts, the QR decoder and SVG renderer the label tests use, e2fsprogs
# for mlic-master create); and
# building and checking the packages (build-essential, debhelper, dh-dkms,
# dpkg-dev, lintian, systemd-dev for where units and rules go, and
# linux-source, whose kselftest harness the package build's host tests
# use).
pkgs="linux-headers-amd64 gcc make sparse kmod bc
libkcapi-dev libsmartcols-dev pkgconf libcairo2-dev libqrencode-dev fonts-dejavu-core
zbar-tools librsvg2-bin e2fsprogs systemd-dev
build-essential dpkg-dev debhelper dh-dkms lintian linux-source"
refresh_secs=43200

# sid_chroot CMD... - run CMD in the chroot (no mounts; for apt).
sid_chroot() {
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

sid_apt() {
	sid_chroot apt-get -q -y --no-install-recommends \
		-o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=600 "$@" >&2
}

# bootstrap - a new minbase sid in $root.
bootstrap() {
	say "making the sid chroot (once; kept in $root)"
	new=$root.new
	rm -rf "$new"
	mkdir -p "$cache"
	debootstrap --variant=minbase sid "$new" "$mirror" >"$cache/sid-debootstrap.log" 2>&1 ||
		{ tail -n 20 "$cache/sid-debootstrap.log" >&2; die "debootstrap sid failed"; }
	printf 'deb %s sid main\n' "$mirror" >"$new/etc/apt/sources.list"
	# sid's Release file is only refreshed while the archive is served live
	printf 'Acquire::Check-Valid-Until "false";\n' >"$new/etc/apt/apt.conf.d/99mlic"
	rm -rf "$root"
	mv "$new" "$root"
}

# release_of_headers - the release linux-headers-amd64 depends on, installed.
release_of_headers() {
	# shellcheck disable=SC2016 # dpkg-query's own ${FIELD} syntax
	sid_chroot dpkg-query -W -f '${Depends}\n' linux-headers-amd64 2>/dev/null |
		tr ',' '\n' | sed -n 's/^ *linux-headers-\([^ ]*-amd64\).*/\1/p' | head -n 1
}

# stale - the package lists are older than refresh_secs, or never fetched.
stale() {
	[ "${MLIC_SID_REFRESH:-0}" = 1 ] && return 0
	[ -f "$root/.mlic-updated" ] || return 0
	[ $(($(now) - $(stat -c %Y "$root/.mlic-updated"))) -gt "$refresh_secs" ]
}

ensure() {
	need_root
	mkdir -p "$cache"
	exec 8>"$lock"
	flock -x 8
	[ -x "$root/usr/bin/apt-get" ] || bootstrap
	# shellcheck disable=SC2086,SC2116 # the words on one line
	want=$(echo $pkgs)
	if stale || [ "$(cat "$root/.mlic-pkgs" 2>/dev/null)" != "$want" ]; then
		say "bringing the sid chroot up to date"
		# shellcheck disable=SC2086 # a list of package names
		{ sid_apt update && sid_apt install $pkgs; } ||
			die "apt in the sid chroot failed"
		# headers of kernels sid has left behind go
		sid_apt autoremove --purge || true
		sid_apt clean || true
		printf '%s\n' "$want" >"$root/.mlic-pkgs"
		touch "$root/.mlic-updated"
	fi
	r=$(release_of_headers)
	if [ -z "$r" ] || [ ! -d "$root/lib/modules/$r/build" ]; then
		die "the sid chroot has no kernel headers (linux-headers-amd64)"
	fi
	mkdir -p "$root$top"
	printf '%s\n' "$r"
}

release() {
	[ -x "$root/usr/bin/apt-get" ] || die "no sid chroot; run $0 ensure"
	r=$(release_of_headers)
	[ -n "$r" ] || die "the sid chroot has no kernel headers"
	printf '%s\n' "$r"
}

# run CMD... - in a mount namespace of its own (nothing is left mounted on
# the host), with the tree, /proc and /dev, under a shared lock so that
# `ensure` never updates the chroot under a running build.
run() {
	[ -d "$root$top" ] || die "no sid chroot; run $0 ensure"
	exec 8>"$lock"
	flock -s 8
	case $PWD/ in
	"$top"/*) dir=$PWD ;;
	*) dir=$top ;;
	esac
	# shellcheck disable=SC2016 # the inner shell expands them
	exec unshare -m --propagation private sh -c '
		root=$1 top=$2 dir=$3
		shift 3
		mount --bind "$top" "$root$top" &&
			mount -t proc proc "$root/proc" &&
			mount --rbind /dev "$root/dev" || exit 125
		exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
			sh -c "cd \"\$0\" && exec \"\$@\"" "$dir" "$@"' \
		sid "$root" "$top" "$dir" "$@"
}

main() {
	cmd=${1-}
	[ $# -eq 0 ] || shift
	case $cmd in
	ensure) ensure ;;
	release) release ;;
	path) printf '%s\n' "$root" ;;
	run)
		[ $# -gt 0 ] || die "run: no command"
		run "$@"
		;;
	*)
		echo "usage: $0 ensure|release|path|run CMD..." >&2
		exit 2
		;;
	esac
}

main "$@"
