#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ksource.sh - take what the project borrows from the kernel tree, at build
# time, from Debian's linux-source-6.1 package (or, in a package build, the
# newest linux-source installed): the kselftest harness headers and
# checkpatch.  Nothing of it is committed; it lands in build/ksrc/.
#
# Usage: selftests/ksource.sh [BUILD_DIR]     (prints the directory)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build}/ksrc
# Debian 12's 6.1 where it is (the host's); else the newest there is (a
# package build's, from Build-Depends: linux-source).
tarball=/usr/src/linux-source-6.1.tar.xz
if [ ! -f "$tarball" ]; then
	for t in /usr/src/linux-source-*.tar.xz; do
		[ -f "$t" ] && tarball=$t
	done
fi
files="
tools/testing/selftests/kselftest_harness.h
tools/testing/selftests/kselftest.h
scripts/checkpatch.pl
scripts/spelling.txt
scripts/const_structs.checkpatch
"

if [ -f "$out/.complete" ]; then
	echo "$out"
	exit 0
fi
if [ ! -f "$tarball" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "ksource: $tarball missing; run as root or apt-get install linux-source-6.1" >&2
		exit 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		linux-source-6.1 >&2
fi

rm -rf "$out"
mkdir -p "$out"
tree=$(basename "$tarball" .tar.xz)
members=""
for f in $files; do
	members="$members $tree/$f"
done
# shellcheck disable=SC2086 # word splitting of the member list is wanted
tar -xJf "$tarball" -C "$out" --strip-components=1 $members
touch "$out/.complete"
echo "$out"
