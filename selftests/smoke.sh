#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smoke.sh - the VM is fit to test mlic at all: the module is loaded and
# unloads and loads again, its control device comes and goes with it, and
# the kernel crypto the driver and the tools rely on is reachable (the
# kernel's own module requests and AF_ALG from user space).
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

module_loaded() {
	grep -q '^mlic ' /proc/modules
}

# af_alg_on_demand - SHA-256 of "abc" through AF_ALG is the FIPS 180-2 one,
# with algif_hash loaded by the kernel itself on the way (usermode modprobe).
af_alg_on_demand() {
	abc=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
	! grep -q '^algif_hash ' /proc/modules || rmmod algif_hash || return 1
	got=$(printf abc | kcapi-dgst -c sha256 --hex) || return 1
	[ "$got" = "$abc" ] || { echo "digest $got, expected $abc"; return 1; }
	grep -q '^algif_hash ' /proc/modules || { echo "algif_hash not loaded"; return 1; }
}

tap_require kcapi-dgst
tap_plan 8
tap_check "mlic.ko is loaded" module_loaded
tap_check "/dev/mlic-control is a character device" test -c /dev/mlic-control
tap_check "rmmod mlic" rmmod mlic
tap_check "/dev/mlic-control goes away with the module" test ! -e /dev/mlic-control
tap_check "modprobe mlic" modprobe mlic
tap_check "/dev/mlic-control is back" test -c /dev/mlic-control
tap_check "modprobe finds crypto templates by alias (crypto-gcm)" modprobe crypto-gcm
tap_check "the kernel loads algif_hash on demand; AF_ALG sha256 is right" af_alg_on_demand
tap_done
