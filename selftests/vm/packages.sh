#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# packages.sh - `make check-packages`, and a part of `make check`: the
# Debian packages end to end, for each distribution a test kernel belongs
# to: Debian 12 (this machine's) and Debian unstable (sid).  For each, the
# packages are built with dpkg-buildpackage -b from a clean copy of the
# tree (the tree itself is not touched), with that distribution's compiler
# and libraries (sid's in the sid chroot of sid.sh), checked with lintian,
# then installed with apt into a clean chroot of that distribution, where
# DKMS builds and installs mlic.ko for each of its test kernels and the
# tools, their udev rules, key service, completion, header and manual
# pages must be in place and work; then reinstalled (the path an upgrade
# takes, DKMS removing and rebuilding), removed and purged.  Last, in the
# same chroot, DKMS straight from the tree: make install-dkms, dkms add,
# build, install and remove.
#
# A clean chroot is a debootstrap (minbase) of its distribution with dkms,
# the test kernels' headers and what the checks use, kept in the cache
# ($cache/pkg-DIST, common.sh) and made again when the kernels change.
# Each run works on an overlay of it (a copy where overlayfs is missing)
# and throws it away: nothing is installed on the host.
#
# Output: TAP on stdout; the packages in build/deb/ (Debian 12's) and
# build/deb-sid/.
# Usage: selftests/vm/packages.sh [--build-only] [RELEASE...]
#        (releases: default those of kernels.sh --resolve; with
#        --build-only, only Debian 12's packages are built)
set -u
prog=packages
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"
# shellcheck source=../lib.sh
. "$top/selftests/lib.sh"

pkg=$build/pkg
run=$pkg/run
root=$run/root
# what the chroot has besides minbase and the kernel headers: DKMS (and
# through it make), man, bash completion, systemd for sysusers,
# the key service and systemctl, e2fsprogs for mlic-master, gcc (which
# dkms brings only in some releases) to compile against <linux/mlic.h>
base_pkgs="dkms man-db bash-completion systemd e2fsprogs gcc"
# the binary packages, and files each must hold
packages="mlic-dkms mlic-tools mlic-master mlic-dev"

# --- building ---------------------------------------------------------------

# export_tree DIR - the files of the tree as they are, tracked or new but
# not ignored (so no build/), without .git.
export_tree() {
	rm -rf "$1"
	mkdir -p "$1"
	if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$top" && git ls-files --cached --others --exclude-standard |
			while IFS= read -r f; do
				if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\n' "$f"; fi
			done | cpio -pdm --quiet "$1")
	else
		tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$1" -xf -
	fi
}

# file_list DIR - every file below DIR, sorted, relative.
file_list() {
	(cd "$1" && find . \( -type f -o -type l \) | LC_ALL=C sort)
}

# logged LOG CMD... - run CMD with its output in LOG; on failure show the
# end of it.
logged() {
	l=$1
	shift
	if "$@" >"$l" 2>&1; then
		return 0
	fi
	echo "\`$*\` failed; the end of $l:"
	tail -n 40 "$l"
	return 1
}

# builder CMD - run the shell command CMD where $dist's packages are built:
# here for Debian 12, in the sid chroot for sid.
builder() {
	if [ "$dist" = sid ]; then
		"$vmdir/sid.sh" run sh -c "$1"
	else
		sh -c "$1"
	fi
}

build_debs() {
	say "$dist: building the packages from a copy of the tree"
	work=$pkg/work-$dist
	src=$work/mlic-$version
	rm -rf "$work"
	export_tree "$src"
	file_list "$src" >"$logs/exported.txt"
	tap_check "$dist: build dependencies installed (dpkg-checkbuilddeps)" \
		builder "cd '$src' && dpkg-checkbuilddeps"
	t=$(now)
	if ! tap_check "$dist: dpkg-buildpackage -b -us -uc" \
		logged "$logs/build.log" builder "cd '$src' && dpkg-buildpackage -b -us -uc"; then
		return 1
	fi
	tap_diag "built in $(($(now) - t))s"
	tap_check "$dist: the build ran the host unit tests, all passing (dh_auto_test)" sh -c \
		"grep -q '^# Totals: pass:' '$logs/build.log' && ! grep -q '^not ok' '$logs/build.log'"
	# (TAP lines of the host tests, "# ..." and "ok ...", are no warnings)
	if grep -E -i '(warning|error):' "$logs/build.log" |
		grep -v -E '^(dpkg-|# |(not )?ok )' >"$logs/build-warnings.txt"; then
		tap_fail "$dist: the tools build without a warning" "see $logs/build.log"
		tap_show "$logs/build-warnings.txt"
	else
		tap_ok "$dist: the tools build without a warning"
	fi
	tap_check "$dist: debian/rules clean leaves the copy as exported" \
		builder "cd '$src' && debian/rules clean >/dev/null 2>&1 &&
			find . \\( -type f -o -type l \\) | LC_ALL=C sort | diff -u '$logs/exported.txt' -"
	rm -rf "$debs"
	mkdir -p "$debs"
	cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$debs"/
	for p in $packages; do
		tap_check "$dist: $p built" sh -c "ls '$debs'/${p}_${version}_*.deb"
	done
}

# deb_has PACKAGE PATH... - the package's .deb holds each PATH.
deb_has() {
	d=$(ls "$debs/${1}_${version}"_*.deb) || return 1
	shift
	dpkg-deb -c "$d" | awk '{ print $6 }' | sed 's|^\./|/|' >"$logs/contents.txt"
	for f in "$@"; do
		grep -q -x -F "$f" "$logs/contents.txt" || { echo "no $f in $d"; return 1; }
	done
}

contents() {
	tap_check "$dist: mlic-dkms holds the module source and dkms.conf" deb_has mlic-dkms \
		"/usr/src/mlic-$version/dkms.conf" "/usr/src/mlic-$version/Kbuild" \
		"/usr/src/mlic-$version/driver/main.c" \
		"/usr/src/mlic-$version/driver/probes.sh" \
		"/usr/src/mlic-$version/driver/probes/bdops_open_disk.c" \
		"/usr/src/mlic-$version/uapi/linux/mlic.h"
	tap_check "$dist: mlic-tools holds mlicctl and what comes with it" deb_has mlic-tools \
		/usr/sbin/mlicctl "$udevdir/rules.d/60-mlic.rules" \
		"$unitdir/mlic-system-key.service" /usr/lib/sysusers.d/mlic.conf \
		/usr/share/bash-completion/completions/mlicctl \
		/usr/share/man/man8/mlicctl.8.gz /usr/share/man/man4/mlic.4.gz \
		/usr/share/doc/mlic-tools/admin-guide.rst.gz \
		/usr/share/doc/mlic-tools/images/layout.svg
	tap_check "$dist: mlic-master holds mlic-master and what comes with it" \
		deb_has mlic-master /usr/sbin/mlic-master \
		/usr/share/bash-completion/completions/mlic-master \
		/usr/share/man/man1/mlic-master.1.gz \
		/usr/share/doc/mlic-master/label.rst.gz
	tap_check "$dist: mlic-tools holds no mlic-master" sh -c \
		"! dpkg-deb -c $debs/mlic-tools_${version}_*.deb | grep -q mlic-master"
	tap_check "$dist: mlic-master links libkcapi dynamically" sh -c \
		"dpkg-deb -I $debs/mlic-master_${version}_*.deb | grep -q 'Depends:.*libkcapi1'"
	tap_check "$dist: mlic-dev holds the uapi header" deb_has mlic-dev \
		/usr/include/linux/mlic.h
}

# lint - lintian over the packages (the distribution's own); errors and
# warnings fail.
lint() {
	t=$(now)
	builder "lintian --fail-on error,warning --display-info --pedantic \
		'$debs'/mlic_${version}_*.changes" >"$logs/lintian.txt" 2>&1
	rc=$?
	grep -v '^running with root privileges' "$logs/lintian.txt" | tap_show /dev/stdin
	tap_result "$rc" "$dist: lintian: no error, no warning ($(($(now) - t))s)"
}

# --- the chroot --------------------------------------------------------------

# in_chroot DIR CMD... - run CMD in the chroot DIR, in a clean environment.
in_chroot() {
	d=$1
	shift
	chroot "$d" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
		${http_proxy:+http_proxy="$http_proxy"} "$@"
}

# in_root CMD... - run CMD in this run's root.
in_root() {
	in_chroot "$root" "$@"
}

# apt_sources CODENAME - sources.list lines for the host's repositories of
# that release (its updates and security suites included).
apt_sources() {
	# shellcheck disable=SC2016 # apt's own $(FIELD) syntax
	apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' \
		'Identifier: Packages' |
		awk -v r="$1" '$2 == r || index($2, r "-") == 1 { print "deb " $0 }' |
		sort -u
}

# make_base - debootstrap and provision the clean chroot of $dist, unless
# it is there for the same distribution, kernels and packages.
make_base() {
	if [ "$dist" = sid ]; then
		codename=sid
		mirror=${MLIC_SID_MIRROR:-http://deb.debian.org/debian}
		sources="deb $mirror sid main"
	else
		codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
		sources=$(apt_sources "$codename")
		mirror=$(printf '%s\n' "$sources" | awk -v r="$codename" '$3 == r { print $2; exit }')
	fi
	want="$codename $base_pkgs $rels"
	[ "$(cat "$base/.mlic-base" 2>/dev/null)" != "$want" ] || return 0
	say "making the clean $codename chroot (once; kept in $base)"
	[ -n "$mirror" ] || { echo "no $codename repository in the host's apt sources"; return 1; }
	new=$base.new
	teardown "$new"
	rm -rf "$base" "$new"
	mkdir -p "$cache"
	logged "$logs/debootstrap.log" debootstrap --variant=minbase "$codename" "$new" "$mirror" ||
		return 1
	rm -f "$new/etc/apt/sources.list.d"/*
	printf '%s\n' "$sources" >"$new/etc/apt/sources.list"
	# sid's Release file is only refreshed while the archive is served live
	[ "$dist" != sid ] ||
		printf 'Acquire::Check-Valid-Until "false";\n' >"$new/etc/apt/apt.conf.d/99mlic"
	headers=""
	for r in $rels; do
		headers="$headers linux-headers-$r"
	done
	mount -t proc proc "$new/proc" || return 1
	logged "$logs/base.log" in_chroot "$new" sh -c "apt-get -q update &&
		apt-get -q -y --no-install-recommends install $base_pkgs $headers &&
		apt-get clean"
	rc=$?
	umount "$new/proc"
	[ "$rc" -eq 0 ] || return 1
	# DKMS builds for every kernel with headers, not only the running one
	# (a chroot's running kernel is the host's)
	echo 'autoinstall_all_kernels="yes"' >>"$new/etc/dkms/framework.conf"
	printf '%s\n' "$want" >"$new/.mlic-base"
	mv "$new" "$base"
}

# teardown DIR - unmount whatever is mounted at or below DIR.
teardown() {
	grep -F " $1" /proc/mounts | awk '{ print $2 }' | sort -r |
		while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
}

# open_root - a throw-away root over the base: overlayfs, or a copy.
open_root() {
	teardown "$run"
	rm -rf "$run"
	mkdir -p "$run/upper" "$run/work" "$root"
	if ! mount -t overlay overlay \
		-o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" "$root" 2>/dev/null; then
		tap_diag "no overlayfs here; copying the chroot"
		cp -a "$base/." "$root/" || return 1
	fi
	mount -t proc proc "$root/proc" || return 1
	mkdir -p "$root/tmp/debs"
	for p in $packages; do
		cp "$debs/${p}_${version}"_*.deb "$root/tmp/debs/"
	done
}

close_root() {
	teardown "$run"
	rm -rf "$run"
}

# module_for R - DKMS installed mlic.ko for kernel R (compressed as the
# kernel's own modules are), built for it.
module_for() {
	ko=""
	for f in "$root/lib/modules/$1/updates/dkms"/mlic.ko*; do
		[ -f "$f" ] && ko=${f#"$root"}
	done
	[ -n "$ko" ] || { echo "no mlic.ko in /lib/modules/$1/updates/dkms"; return 1; }
	vermagic=$(in_root modinfo -F vermagic "$ko") || return 1
	case $vermagic in
	"$1 "*) ;;
	*) echo "$ko has vermagic '$vermagic'"; return 1 ;;
	esac
	in_root dkms status -m mlic -v "$version" -k "$1" | grep -q ': installed'
}

# no_module_for R - no trace of mlic.ko for kernel R.
no_module_for() {
	! find "$root/lib/modules/$1" -name 'mlic.ko*' | grep .
}

# completion_loads - bash-completion finds the completion of both tools.
completion_loads() {
	in_root bash -c '. /usr/share/bash-completion/bash_completion
		_completion_loader mlicctl
		_completion_loader mlic-master
		complete -p mlicctl mlic-master'
}

# header_compiles - <linux/mlic.h> is complete with what mlic-dev depends on.
header_compiles() {
	printf '#include <linux/mlic.h>\nint f(void) { return MLIC_CTL_ADD; }\n' \
		>"$root/tmp/h.c"
	in_root gcc -Wall -Werror -fsyntax-only /tmp/h.c
}

# label_draws - mlic-master label makes a PNG and an SVG of /tmp/m.img.
label_draws() {
	in_root sh -c 'cd /tmp && mlic-master label m.img -o l.png &&
		mlic-master label m.img -o l.svg' || return 1
	magic=$(head -c 8 "$root/tmp/l.png" | od -An -tx1 | tr -d ' \n')
	[ "$magic" = 89504e470d0a1a0a ] || { echo "l.png is no PNG ($magic)"; return 1; }
	grep -q '<svg' "$root/tmp/l.svg" || { echo "l.svg is no SVG"; return 1; }
}

# verify_unit - systemd-analyze verify, which also opens the manual pages
# that Documentation= names.
verify_unit() {
	in_root systemd-analyze verify "$unitdir/mlic-system-key.service"
}

# unit_hardened - systemd-analyze security rates the key service's
# exposure at most 2.0 of 10 (its scale is tenths for --threshold); it
# was 8.6 before the unit was hardened.
unit_hardened() {
	in_root systemd-analyze security --offline=true --threshold=20 \
		"$unitdir/mlic-system-key.service" >"$logs/security.txt" 2>&1 && return 0
	tail -n 3 "$logs/security.txt"
	return 1
}

# man_renders SECTION NAME - man finds the page and renders it without a
# warning from groff.
man_renders() {
	out=$(in_root sh -c "MANWIDTH=80 man --warnings -P cat $1 $2 2>&1 >/dev/null") ||
		{ echo "man $1 $2 failed: $out"; return 1; }
	[ -z "$out" ] || { echo "man $1 $2 warns: $out"; return 1; }
}

# no_graphics - nothing of cairo, fontconfig, qrencode, X11 or fonts is
# installed, and mlicctl links none of it.
no_graphics() {
	# shellcheck disable=SC2016 # dpkg-query's own ${FIELD} syntax
	g=$(in_root dpkg-query -W -f '${Package} ${Status}\n' 2>/dev/null |
		awk '/ installed$/ { print $1 }' |
		grep -E '^(libcairo|libfontconfig|fontconfig|libqrencode|libx11|libxcb|libxrender|fonts-)' |
		tr '\n' ' ')
	[ -z "$g" ] || { echo "installed: $g"; return 1; }
	! in_root ldd /usr/sbin/mlicctl | grep -E 'cairo|fontconfig|qrencode|X11|freetype'
}

install_checks() {
	t=$(now)
	# the base's package lists may be older than the archive
	# shellcheck disable=SC2016 # expanded in the chroot's shell
	tap_check "$dist: apt installs mlic-tools (and mlic-dkms) alone in a clean chroot" \
		logged "$logs/install-tools.log" in_root sh -c \
		'debs="/tmp/debs/mlic-tools_*.deb /tmp/debs/mlic-dkms_*.deb"
		apt-get -q -y --no-install-recommends install $debs ||
			{ apt-get -q update && apt-get -q -y --no-install-recommends install $debs; }'
	tap_check "$dist: mlicctl alone pulls no graphics library" no_graphics
	tap_check "$dist: apt installs $packages" logged "$logs/install.log" \
		in_root sh -c 'apt-get -q -y --no-install-recommends install /tmp/debs/*.deb'
	tap_diag "installed in $(($(now) - t))s, DKMS builds included"
	for r in $rels; do
		tap_check "$dist: DKMS built and installed mlic.ko for $r" module_for "$r"
	done
	tap_check "$dist: mlicctl --help" in_root mlicctl --help
	tap_check "$dist: mlic-master --help" in_root mlic-master --help
	tap_check "$dist: mlicctl --version says $version" sh -c \
		"chroot '$root' mlicctl --version | grep -q ' $version\$'"
	tap_check "$dist: mlic-master masters a medium with what mlic-master depends on" \
		in_root sh -c 'cd /tmp && mlic-master keygen k && mlic-master create \
			--system-key k --keytab t --size 16M m.img'
	tap_check "$dist: and draws its label, PNG and SVG" label_draws
	tap_check "$dist: the group mlic exists (sysusers)" in_root getent group mlic
	tap_check "$dist: the udev rules are in $udevdir/rules.d" \
		cmp "$root$udevdir/rules.d/60-mlic.rules" "$top/tools/udev/60-mlic.rules"
	tap_check "$dist: the key service is installed and disabled" sh -c \
		"test \"\$(chroot '$root' systemctl is-enabled mlic-system-key.service)\" = disabled"
	tap_check "$dist: systemd-analyze verify accepts it" verify_unit
	tap_check "$dist: systemd-analyze security rates it 2.0 or better" unit_hardened
	tap_check "$dist: bash-completion loads the completion of both tools" completion_loads
	tap_check "$dist: <linux/mlic.h> compiles" header_compiles
	tap_check "$dist: man 8 mlicctl" man_renders 8 mlicctl
	tap_check "$dist: man 1 mlic-master" man_renders 1 mlic-master
	tap_check "$dist: man 4 mlic" man_renders 4 mlic
}

upgrade_remove_checks() {
	t=$(now)
	tap_check "$dist: reinstalling (as an upgrade does) removes and rebuilds the module" \
		logged "$logs/reinstall.log" in_root sh -c \
		'apt-get -q -y --no-install-recommends install --reinstall /tmp/debs/*.deb'
	tap_diag "reinstalled in $(($(now) - t))s"
	for r in $rels; do
		tap_check "$dist: mlic.ko for $r is back" module_for "$r"
	done
	tap_check "$dist: apt removes mlic-dkms" logged "$logs/remove.log" \
		in_root apt-get -q -y remove mlic-dkms
	for r in $rels; do
		tap_check "$dist: no mlic.ko left for $r" no_module_for "$r"
	done
	tap_check "$dist: DKMS forgot mlic" sh -c "! chroot '$root' dkms status mlic | grep ."
	tap_check "$dist: /usr/src/mlic-$version is gone" test ! -e "$root/usr/src/mlic-$version"
	tap_check "$dist: apt purges mlic-tools, mlic-master and mlic-dev" logged "$logs/purge.log" \
		in_root apt-get -q -y purge mlic-tools mlic-master mlic-dev
	tap_check "$dist: their files are gone" sh -c "cd '$root' &&
		! ls usr/sbin/mlicctl usr/sbin/mlic-master .$udevdir/rules.d/60-mlic.rules \
		usr/include/linux/mlic.h usr/share/bash-completion/completions/mlicctl \
		usr/share/bash-completion/completions/mlic-master 2>/dev/null"
}

# refuses R - DKMS refuses kernel R, outside dkms.conf's BUILD_EXCLUSIVE,
# with its own message and before compiling anything.  R gets the headers
# of a test kernel, so only its release number is wrong.
refuses() {
	# shellcheck disable=SC2086 # the first test kernel is $2
	set -- "$1" $rels
	mkdir -p "$root/lib/modules/$1"
	ln -sfn "/lib/modules/$2/build" "$root/lib/modules/$1/build"
	out=$(in_root dkms build "mlic/$version" -k "$1" 2>&1)
	rc=$?
	rm -rf "$root/lib/modules/$1"
	printf '%s\n' "$out"
	[ "$rc" -ne 0 ] || { echo "dkms exited 0"; return 1; }
	printf '%s\n' "$out" | grep -q BUILD_EXCLUSIVE || return 1
	! printf '%s\n' "$out" | grep -E -q '(error|warning):'
}

# dkms_from_tree - DKMS without the packages: make install-dkms from the
# tree, then dkms add, build and install for each kernel, and remove.
dkms_from_tree() {
	tap_check "$dist: make install-dkms: the module source in /usr/src/mlic-$version" \
		make -s -C "$src" --no-print-directory install-dkms DESTDIR="$root"
	tap_check "$dist: dkms add mlic/$version" in_root dkms add "mlic/$version"
	for r in $rels; do
		tap_check "$dist: dkms build and install for $r" logged "$logs/dkms-$r.log" \
			in_root sh -c "dkms build mlic/$version -k $r && dkms install mlic/$version -k $r"
		tap_check "$dist: mlic.ko is there for $r" module_for "$r"
	done
	for r in 5.10.0-mlic-test 7.3.0-mlic-test; do
		tap_check "$dist: DKMS refuses kernel $r, outside the supported range" refuses "$r"
	done
	tap_check "$dist: dkms remove --all" logged "$logs/dkms-remove.log" \
		in_root dkms remove "mlic/$version" --all
	for r in $rels; do
		tap_check "$dist: and gone for $r" no_module_for "$r"
	done
}

# chroot_checks - in a throw-away root over the clean chroot.  Another
# checkout's run may use the same chroot: it is made under an exclusive
# lock and used under a shared one, so nobody remakes it under a user.
chroot_checks() {
	mkdir -p "$cache"
	exec 7>"$base.lock"
	flock -x 7
	if ! make_base; then
		tap_fail "a clean chroot with dkms and the kernel headers" \
			"see $logs/debootstrap.log and $logs/base.log"
		flock -u 7
		return 0
	fi
	flock -s 7
	if open_root; then
		install_checks
		upgrade_remove_checks
		dkms_from_tree
	else
		tap_fail "a throw-away root over $base"
	fi
	close_root
	flock -u 7
}

# one_dist DIST RELEASE... - the packages of DIST, built and checked, and
# installed for its kernels.
one_dist() {
	dist=$1
	shift
	rels=$*
	if [ "$dist" = sid ]; then
		debs=$build/deb-sid
	else
		debs=$build/deb
	fi
	base=$cache/pkg-$dist
	logs=$pkg/logs/$dist
	mkdir -p "$logs"
	# where the distribution's udev and systemd look (debian/rules asks too)
	udevdir=$(builder "pkg-config --variable=udevdir udev")
	unitdir=$(builder "pkg-config --variable=systemdsystemunitdir systemd")
	build_debs || return 0
	contents
	if [ "$only_build" -eq 1 ]; then
		say "the packages are in $debs:"
		ls "$debs"/*.deb >&2
		return 0
	fi
	lint
	chroot_checks
}

main() {
	only_build=0
	if [ "${1-}" = --build-only ]; then
		only_build=1
		shift
	else
		need_root	# debootstrap, chroot, mounts
	fi
	rels=$*
	[ -n "$rels" ] || [ "$only_build" -eq 1 ] || rels=$("$vmdir/kernels.sh" --resolve) ||
		tap_bail "cannot resolve the test kernels"
	version=$(make -s -C "$top" --no-print-directory version)
	here=$(. /etc/os-release && echo "$VERSION_CODENAME")
	host_rels=""
	sid_rels=""
	for r in $rels; do
		if in_sid "$r"; then
			sid_rels="$sid_rels $r"
		else
			host_rels="$host_rels $r"
		fi
	done
	trap 'teardown "$run"; teardown "$cache/pkg-$here.new"; teardown "$cache/pkg-sid.new"' EXIT
	trap 'exit 130' INT TERM
	if [ -n "$host_rels" ] || [ "$only_build" -eq 1 ]; then
		# shellcheck disable=SC2086 # lists of releases
		one_dist "$here" $host_rels
	fi
	if [ -n "$sid_rels" ] && [ "$only_build" -eq 0 ]; then
		# shellcheck disable=SC2086
		one_dist sid $sid_rels
	fi
	tap_done
}

main "$@"
