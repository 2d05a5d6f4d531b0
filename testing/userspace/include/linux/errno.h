/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Harness shim: the kernel's errno values are the uapi ones, which the C
 * library's <errno.h> also uses. This file shadows <linux/errno.h> for the
 * system headers too, so it must hand them the real one.
 */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif
