// SPDX-License-Identifier: GPL-2.0
/*
 * keyring.c - the kernel's key retention service, as far as mlicctl needs
 * it: the system key travels to the driver as a "logon" key, a type whose
 * payload userspace can add but never read back.  The key lives in the
 * process keyring only between add_key() and MLIC_CTL_KEY_LOAD, and is
 * invalidated right after.  Plain syscalls: no libkeyutils.
 */
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libmlic.h"

/**
 * mlic_logon_key_add() - add a logon key to the process keyring
 * @desc: its description, "prefix:name" as logon keys require
 * @payload: its secret
 * @len: its length
 *
 * Return: the key's serial number, or -errno (-ENODEV: no logon key type,
 * -ENOSYS: no key retention service, -EDQUOT: the user's key quota is
 * used up).
 */
s32 mlic_logon_key_add(const char *desc, const u8 *payload, size_t len)
{
	long ret;

	ret = syscall(SYS_add_key, "logon", desc, payload, len,
		      KEY_SPEC_PROCESS_KEYRING);
	return ret < 0 ? -errno : (s32)ret;
}

/**
 * mlic_logon_key_forget() - make a key added by mlic_logon_key_add() go
 * @serial: its serial number
 *
 * Invalidates the key (it is then garbage-collected at once); if the
 * kernel does not allow that, unlinks it from the process keyring.
 *
 * Return: 0 or -errno.
 */
int mlic_logon_key_forget(s32 serial)
{
	if (!syscall(SYS_keyctl, KEYCTL_INVALIDATE, serial))
		return 0;
	if (!syscall(SYS_keyctl, KEYCTL_UNLINK, serial,
		     KEY_SPEC_PROCESS_KEYRING))
		return 0;
	return -errno;
}
