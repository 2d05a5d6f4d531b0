/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RTM_CHARDEV_H
#define _RTM_CHARDEV_H

#include "file.h"

int rtm_chardev_init(void);
void rtm_chardev_exit(void);

#endif /* _RTM_CHARDEV_H */
