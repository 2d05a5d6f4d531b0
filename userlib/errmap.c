// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * errno -> Win32 error code: the only place librtm translates kernel
 * errors, so every call reports a given kernel failure the same way.
 */
#include <errno.h>

#include "librtm_internal.h"

static const struct {
	int err;
	DWORD win32;
} rtm_errmap[] = {
	{ EBADF,	ERROR_INVALID_HANDLE },		/* handle not held */
	{ ENXIO,	ERROR_INVALID_HANDLE },		/* file not registered */
	{ EINVAL,	ERROR_INVALID_PARAMETER },
	{ E2BIG,	ERROR_INVALID_PARAMETER },
	{ EFAULT,	ERROR_INVALID_PARAMETER },
	{ ERANGE,	ERROR_INVALID_PARAMETER },
	{ ENOENT,	ERROR_NOT_FOUND },
	{ EEXIST,	ERROR_ALREADY_EXISTS },
	{ EBUSY,	ERROR_ALREADY_EXISTS },		/* file already an entity */
	{ EPERM,	ERROR_ACCESS_DENIED },		/* no CAP_NET_ADMIN */
	{ EACCES,	ERROR_ACCESS_DENIED },		/* another entity's object */
	{ ENOMEM,	ERROR_NOT_ENOUGH_MEMORY },
	{ EOPNOTSUPP,	ERROR_NOT_SUPPORTED },		/* unsupported view */
	{ ENOTTY,	ERROR_NOT_SUPPORTED },		/* ioctl unknown to the module */
	{ ENOSPC,	ERROR_NO_SYSTEM_RESOURCES },
	/* a per-file or per-entity cap: what RTMv2 documents for "no room" */
	{ EDQUOT,	ERROR_NOT_ENOUGH_MEMORY },
};

/**
 * rtm_errno_to_win32() - Win32 code for an errno of a /dev/rtm ioctl
 * @err: positive errno value; 0 gives NO_ERROR
 *
 * Return: the mapped code, ERROR_GEN_FAILURE for any errno not in the table.
 */
DWORD rtm_errno_to_win32(int err)
{
	size_t i;

	if (err == 0)
		return NO_ERROR;
	for (i = 0; i < sizeof(rtm_errmap) / sizeof(rtm_errmap[0]); i++)
		if (rtm_errmap[i].err == err)
			return rtm_errmap[i].win32;
	return ERROR_GEN_FAILURE;
}

/**
 * rtm_open_errno_to_win32() - Win32 code for a failed open("/dev/rtm")
 * @err: errno of open()
 *
 * A missing device node (ENOENT) or a node without a driver behind it
 * (ENODEV, ENXIO: rtm.ko not loaded) means that RTM is not installed, which
 * RTMv2 reports as ERROR_FILE_NOT_FOUND (its registry configuration is
 * missing). Any other errno maps as for an ioctl (EACCES: access denied).
 *
 * Return: the Win32 code.
 */
DWORD rtm_open_errno_to_win32(int err)
{
	switch (err) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return ERROR_FILE_NOT_FOUND;
	default:
		return rtm_errno_to_win32(err);
	}
}
