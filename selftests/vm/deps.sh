#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh - install what building and testing mlic needs on Debian 12: the
# VM (QEMU, busybox), the guest's userland, the lint tools, the kernel source
# for checkpatch and the kselftest harness, and the Debian packaging tools
# (the test kernels' headers and the sid chroot are kernels.sh's).  A no-op
# (dpkg-query only) when all of it is there, so `make check` can always
# start with it.
#
# Usage: selftests/vm/deps.sh
set -eu
prog=deps
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"

# Host build and lint.
pkgs="gcc make perl sparse shellcheck libkcapi-dev libsmartcols-dev linux-source-6.1"
# mlic-master label: cairo and libqrencode through pkg-config, and the
# DejaVu fonts it sets the label in; its tests decode the QR codes with
# zbarimg, the SVG ones after rendering them with rsvg-convert.
pkgs="$pkgs pkgconf libcairo2-dev libqrencode-dev fonts-dejavu-core"
pkgs="$pkgs zbar-tools librsvg2-bin"
# VM and initramfs assembly.
pkgs="$pkgs qemu-system-x86 busybox-static cpio kmod xz-utils zstd"
# What the guest runs (copied from the host, see guest-binaries).
pkgs="$pkgs e2fsprogs util-linux fdisk dmsetup jq fio kcapi-tools udev bash-completion"
# The bench's OpenSSL anchor, in the guest (rsvg-convert, above, draws its chart).
pkgs="$pkgs openssl"
# The Debian packages: building (debian/control's Build-Depends), lintian,
# and the chroot they are installed into (packages.sh).
pkgs="$pkgs dpkg-dev debhelper dh-dkms lintian debootstrap"

main() {
	# shellcheck disable=SC2086 # the list is meant to be split
	ensure_pkgs $pkgs
}

main "$@"
