#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh - the test VM's whole root filesystem, as an initramfs, for
# one kernel release.  It holds busybox, the host programs of guest-binaries
# with their shared libraries, the kernel modules of guest-modules (with
# their dependencies, decompressed, indexed by depmod so that modprobe and
# the kernel's own module requests work), mlic.ko, the mlic tools, the
# selftests and the guest init.  The layout is merged-/usr like the host's.
#
# Inputs: $kernels/R (kernels.sh), build/kmod/R/mlic.ko (make module),
# build/tools/* and build/selftests/* when they are built.
# Output: build/vm/R/initramfs.cpio.zst (or .gz), path printed on stdout.
#
# Usage: selftests/vm/mkinitramfs.sh RELEASE
set -eu
prog=mkinitramfs
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

# Where guest-binaries names are looked up: system paths only, so that
# nothing from /usr/local or a user's PATH ends up in the guest.
syspath=/usr/sbin:/usr/bin:/sbin:/bin

# libs_of FILE - absolute paths of the shared libraries FILE loads.
libs_of() {
	out=$(ldd "$1" 2>&1) || return 0	# static, or not an ELF program
	printf '%s\n' "$out" | awk '
		/=> not found/ { print "MISSING:" $1; next }
		/=>/ { if ($3 ~ /^\//) print $3; next }
		$1 ~ /^\// { print $1 }'
}

# copy SRC DEST - copy the file SRC (dereferenced) to the guest path DEST.
copy() {
	[ ! -e "$root$2" ] || return 0
	mkdir -p "$root$(dirname "$2")"
	cp -L "$1" "$root$2"
}

# put SRC DEST - copy SRC to the guest path DEST with the shared libraries
# it loads (ldd lists them all, those of the libraries included).
put() {
	copy "$1" "$2"
	for lib in $(libs_of "$1"); do
		case $lib in
		MISSING:*) die "$1 needs ${lib#MISSING:}, which ldd cannot find" ;;
		esac
		copy "$lib" "$lib"
	done
}

# put_program NAME - a guest-binaries entry: a command, or a data file.
put_program() {
	case $1 in
	/*)
		[ -f "$1" ] || die "guest-binaries: no file $1"
		copy "$1" "$1"
		return 0
		;;
	esac
	path=$(PATH=$syspath command -v "$1") ||
		die "guest-binaries: no program '$1' on this machine (selftests/vm/deps.sh installs them)"
	real=$(readlink -f "$path")
	put "$real" "$real"
	if [ "$real" != "$path" ]; then
		mkdir -p "$root$(dirname "$path")"
		ln -sfn "$real" "$root$path"
	fi
}

# manifest FILE - the entries of a manifest, without comments and blanks.
manifest() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

skeleton() {
	rm -rf "$root"
	mkdir -p "$root"
	for d in bin sbin lib lib64; do
		mkdir -p "$root/usr/$d"
		ln -s "usr/$d" "$root/$d"
	done
	for d in dev proc sys tmp run root etc scratch second mlic/bin mlic/selftests; do
		mkdir -p "$root/$d"
	done
	chmod 1777 "$root/tmp"
	# the kernel opens it for init before devtmpfs is mounted
	mknod -m 0600 "$root/dev/console" c 5 1
	ln -s /proc/self/mounts "$root/etc/mtab"
	cat >"$root/etc/passwd" <<-EOF
	root:x:0:0:root:/root:/bin/sh
	mlicuser:x:1000:1000:mlic unprivileged tests:/tmp:/bin/sh
	nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
	EOF
	cat >"$root/etc/group" <<-EOF
	root:x:0:
	mlicuser:x:1000:
	nogroup:x:65534:
	EOF
	install -m 0755 "$vmdir/init" "$root/init"
}

programs() {
	for p in $(manifest "$vmdir/guest-binaries"); do
		put_program "$p"
	done
	bb=$(PATH=$syspath command -v busybox) || die "no busybox (apt-get install busybox-static)"
	libs_of "$bb" | grep -q . && die "$bb is not static; install busybox-static"
	put "$bb" /usr/bin/busybox
	# /bin/sh is dash, as on Debian: this busybox's own shell runs its
	# applets before any program in PATH, so a script would get busybox's
	# losetup or mount instead of util-linux's
	ln -s dash "$root/usr/bin/sh"
	# busybox applets fill in whatever the real programs do not provide
	for a in $("$bb" --list-full); do
		[ -e "$root/$a" ] || [ -L "$root/$a" ] || ln -s /usr/bin/busybox "$root/$a"
	done
}

# module_deps NAME - what modprobe would do for NAME in the kernel image:
# "insmod PATH" lines in load order, or "builtin NAME"; fails when the
# release has no such module.
module_deps() {
	modprobe -d "$kroot" -S "$krel" --show-depends "$1" 2>/dev/null
}

# put_module REL - copy one module of the kernel image, decompressed.
put_module() {
	src=$kroot/lib/modules/$krel/$1
	dst=$root/lib/modules/$krel/$1
	case $1 in
	*.ko.xz) dst=${dst%.xz}; cmd="xz -dc" ;;
	*.ko.zst) dst=${dst%.zst}; cmd="zstd -qdc" ;;
	*.ko.gz) dst=${dst%.gz}; cmd="gzip -dc" ;;
	*) cmd="cat" ;;
	esac
	[ -e "$dst" ] && return 0
	mkdir -p "$(dirname "$dst")"
	$cmd "$src" >"$dst"
}

modules() {
	mdir=$root/lib/modules/$krel
	mkdir -p "$mdir/updates"
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		cp "$kroot/lib/modules/$krel/$f" "$mdir/"
	done
	ko=$build/kmod/$krel/mlic.ko
	[ -f "$ko" ] || die "no $ko; run: make module KERNELRELEASE=$krel"
	cp "$ko" "$mdir/updates/mlic.ko"
	wanted="$(manifest "$vmdir/guest-modules") $(modinfo -F depends "$ko" | tr ',' ' ')"
	for m in $wanted; do
		if ! deps=$(module_deps "$m"); then
			say "$krel: no module $m (neither loadable nor built in), skipped"
			continue
		fi
		for f in $(printf '%s\n' "$deps" |
			sed -n "s|^insmod $kroot/lib/modules/$krel/\\([^ ]*\\).*|\\1|p"); do
			put_module "$f"
		done
	done
	depmod -b "$root" "$krel" || die "depmod failed for the initramfs of $krel"
	# The kernel asks /sbin/modprobe for crypto templates by alias (gcm(aes)
	# is looked up as crypto-gcm(aes), then as the template crypto-gcm); make
	# sure such a request resolves inside the image.
	modprobe -d "$root" -S "$krel" --show-depends crypto-gcm 2>/dev/null |
		grep -q 'gcm\.ko' || die "the alias crypto-gcm does not resolve to gcm.ko in the initramfs of $krel"
	modprobe -d "$root" -S "$krel" --show-depends mlic 2>/dev/null |
		grep -q 'updates/mlic\.ko' || die "modprobe mlic does not find updates/mlic.ko in the initramfs of $krel"
}

# mlic_files - the tools, the selftests and their runner.
mlic_files() {
	for t in mlicctl mlic-master tests/gen-evil-images; do
		if [ -x "$build/tools/$t" ]; then
			put "$build/tools/$t" "/mlic/bin/${t##*/}"
		else
			say "$krel: no $build/tools/$t (make tools); the guest runs without it"
		fi
	done
	for f in "$build/selftests"/*; do
		if [ -f "$f" ] && [ -x "$f" ]; then
			put "$f" "/mlic/selftests/${f##*/}"
		fi
	done
	cp "$top/selftests"/*.sh "$top/selftests/TESTS" "$root/mlic/selftests/"
	# what the tools come with (udev rules, completion...), where the
	# packages put it, for udev.sh and completion.sh
	make -C "$top" --no-print-directory -s install-data DESTDIR="$root" >&2 ||
		die "make install-data into the initramfs failed"
}

# archive - pack the tree, zstd when the kernel can unpack it.
archive() {
	if grep -q '^CONFIG_RD_ZSTD=y' "$kroot/boot/config-$krel"; then
		out=$vm/initramfs.cpio.zst
		compress="zstd -q -T0 -9"
	else
		out=$vm/initramfs.cpio.gz
		compress="gzip -6"
	fi
	rm -f "$vm"/initramfs.cpio.*
	(cd "$root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null --create --format=newc --owner=0:0 --reproducible --quiet) |
		$compress >"$out"
	printf '%s\n' "$out"
}

main() {
	[ $# -eq 1 ] || { echo "usage: $0 RELEASE" >&2; exit 2; }
	krel=$1
	kroot=$kernels/$krel
	[ -f "$kroot/.complete" ] ||
		die "kernel $krel is not unpacked; run selftests/vm/kernels.sh"
	vm=$build/vm/$krel
	root=$vm/initramfs
	mkdir -p "$vm"
	skeleton
	programs
	modules
	mlic_files
	archive
}

main "$@"
