/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICOUNT_ERRNO_H
#define _ICOUNT_ERRNO_H

#include <errno.h>

#endif
