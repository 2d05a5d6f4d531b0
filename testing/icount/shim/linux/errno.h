/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's errno values are the uapi ones. This file shadows
 * <linux/errno.h> for the C library's headers too, so it hands them the
 * real one.
 */
#ifndef _ICOUNT_ERRNO_H
#define _ICOUNT_ERRNO_H

#include_next <linux/errno.h>

#endif
