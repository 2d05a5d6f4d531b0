/* SPDX-License-Identifier: GPL-2.0 */
/* tools/include keeps min(), max() and friends in kernel.h. */
#ifndef _ICOUNT_MINMAX_H
#define _ICOUNT_MINMAX_H

#include <linux/kernel.h>

#endif
