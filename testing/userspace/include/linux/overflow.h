/* SPDX-License-Identifier: GPL-2.0 */
/* Harness shim: struct_size() without the saturation (sizes here are tiny). */
#ifndef _SHIM_LINUX_OVERFLOW_H
#define _SHIM_LINUX_OVERFLOW_H

#include <stddef.h>

#define struct_size(p, member, count) \
	(sizeof(*(p)) + sizeof(*(p)->member) * (size_t)(count))

#endif
