# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034 # the variables are for the sourcing script
#
# common.sh - shared by the selftests/vm scripts; sourced, never run.
#
# Sets $top (the repository), $build (its build directory), $vmdir (this
# directory) and $cache, and provides the few helpers every script wants.
# Sourcing scripts set "prog" first, for their messages.
#
# $cache ($MLIC_CACHE, default /var/cache/mlic) holds what is big, slow to
# make and the same for every clone: the unpacked test kernels
# ($kernels/R), the sid chroot (sid.sh) and the clean chroots of the
# package checks.  Each entry records what it was made from and is made
# again when that changes; removing the directory is always safe.

vmdir=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$vmdir/../.." && pwd)
build=$top/build
cache=${MLIC_CACHE:-/var/cache/mlic}
kernels=$cache/kernels

# say MSG... - progress, on stderr so stdout stays for results.
say() {
	printf 'mlic-vm: %s\n' "$*" >&2
}

# die MSG... - report an error and stop.
die() {
	printf 'mlic-vm: %s: error: %s\n' "${prog:-vm}" "$*" >&2
	exit 1
}

# need_root - the scripts install packages and build root-owned images.
need_root() {
	[ "$(id -u)" -eq 0 ] || die "must run as root (apt-get, depmod, image building)"
}

# now - seconds since the epoch, for timings.
now() {
	date +%s
}

# apt_install PKG... - install packages, updating the package lists once
# only when apt cannot find or fetch something with the lists it has.
apt_install() {
	if ! apt_get install "$@"; then
		say "apt-get install failed; updating package lists and retrying"
		apt_get update
		apt_get install "$@" || die "cannot install: $*"
	fi
}

# apt_get ARGS... - apt-get, quiet and unattended; it waits for another
# apt (a second checkout's run) to let go of the lock rather than failing.
apt_get() {
	DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends \
		-o Dpkg::Use-Pty=0 -o APT::Sandbox::User=root \
		-o DPkg::Lock::Timeout=600 "$@" >&2
}

# in_sid R - kernel R is built in the sid chroot (its headers are there and
# not on this machine).
in_sid() {
	[ ! -d "/lib/modules/$1/build" ] && [ -d "$cache/sid/lib/modules/$1/build" ]
}

# make_module R [ARGS...] - make module KERNELRELEASE=R, on this machine or,
# for a kernel of the sid chroot, in it with its compiler.
make_module() {
	r=$1
	shift
	if in_sid "$r"; then
		"$vmdir/sid.sh" run make -C "$top" --no-print-directory module \
			KERNELRELEASE="$r" "$@"
	else
		make -C "$top" --no-print-directory module KERNELRELEASE="$r" "$@"
	fi
}

# missing_pkgs PKG... - print the packages that are not installed.
missing_pkgs() {
	for p in "$@"; do
		st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || st=""
		[ "$st" = installed ] || printf '%s ' "$p"
	done
}

# ensure_pkgs PKG... - install those of the packages that are missing.
ensure_pkgs() {
	missing=$(missing_pkgs "$@")
	[ -n "$missing" ] || return 0
	need_root
	say "installing: $missing"
	# shellcheck disable=SC2086 # a list of package names
	apt_install $missing
}
