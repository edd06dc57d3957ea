// SPDX-License-Identifier: GPL-2.0
/*
 * advice.c - what to tell people when an errno comes back, beyond
 * strerror(): the same errno means different things from the control
 * device, from a medium device or from a plain file.
 */
#include "libmlic.h"

struct advice {
	enum mlic_errctx ctx;
	int err;
	const char *text;
};

#define NEEDS_ROOT	"this needs root (CAP_SYS_ADMIN)"
#define NOT_LOADED	"the mlic module is not loaded; try 'modprobe mlic'"

static const struct advice advice_table[] = {
	{ MLIC_ERR_CONTROL, ENOENT, NOT_LOADED },
	{ MLIC_ERR_CONTROL, ENODEV, NOT_LOADED },
	{ MLIC_ERR_CONTROL, ENXIO, NOT_LOADED },
	{ MLIC_ERR_CONTROL, EPERM, NEEDS_ROOT },
	{ MLIC_ERR_CONTROL, EACCES, NEEDS_ROOT },
	{ MLIC_ERR_CONTROL, ENOTTY,
	  MLIC_CONTROL_PATH " is not the mlic control device, or the mlic "
	  "driver is too old for this tool" },
	{ MLIC_ERR_CONTROL, ENOSPC,
	  "every mlic device number is taken; detach media you do not "
	  "use ('mlicctl list')" },
	{ MLIC_ERR_DEVICE, ENOENT,
	  "no such device; is the mlic module loaded? "
	  "'mlicctl list' shows the attached media" },
	{ MLIC_ERR_DEVICE, ENXIO, "no medium is attached to this device" },
	{ MLIC_ERR_DEVICE, ENODEV, "no medium is attached to this device" },
	{ MLIC_ERR_DEVICE, EPERM, NEEDS_ROOT },
	{ MLIC_ERR_DEVICE, EACCES, NEEDS_ROOT },
	{ MLIC_ERR_DEVICE, ENOTTY,
	  "not an mlic device, or the mlic driver is too old for this tool" },
	{ MLIC_ERR_DEVICE, EBUSY, "the device is open or mounted" },
	{ MLIC_ERR_ATTACH, EPERM, NEEDS_ROOT },
	{ MLIC_ERR_ATTACH, EACCES, NEEDS_ROOT },
	{ MLIC_ERR_ATTACH, EROFS,
	  "the image cannot be written; attach it read-only with -r" },
	{ MLIC_ERR_ATTACH, EBUSY,
	  "the image is in use: is it attached already? "
	  "'mlicctl list' shows the attached media" },
	{ MLIC_ERR_ATTACH, EAGAIN,
	  "other processes kept taking the free devices; try again" },
	{ MLIC_ERR_ATTACH, ENOTTY,
	  "not an mlic device, or the mlic driver is too old for this tool" },
	{ MLIC_ERR_FILE, EEXIST,
	  "refusing to overwrite it; remove it or choose another name" },
	{ MLIC_ERR_FILE, EROFS, "the file system is read-only" },
};

/**
 * mlic_advice() - advice for an errno in a context
 * @ctx: where the error came from
 * @err: the errno, positive or negative
 *
 * Return: one line of advice, or NULL when strerror() says it all.
 */
const char *mlic_advice(enum mlic_errctx ctx, int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(advice_table); i++)
		if (advice_table[i].ctx == ctx && advice_table[i].err == err)
			return advice_table[i].text;
	return NULL;
}

/**
 * mlic_errno_is_format() - whether an errno is how the driver refuses an
 * image whose format it does not accept
 * @err: the errno, positive or negative
 *
 * Return: true for EINVAL, EBADMSG, EMEDIUMTYPE and EOPNOTSUPP, the errnos
 * of mlic_medium_header_check().
 */
bool mlic_errno_is_format(int err)
{
	if (err < 0)
		err = -err;
	return err == EINVAL || err == EBADMSG || err == EMEDIUMTYPE ||
	       err == EOPNOTSUPP;
}
