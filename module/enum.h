/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Destination enumerations (RtmCreateDestEnum / RtmGetEnumDests).
 */
#ifndef _RTM_ENUM_H
#define _RTM_ENUM_H

#include "file.h"

long rtm_enum_create(struct rtm_file *file, struct rtm_enum_create *req);
long rtm_enum_fetch(struct rtm_file *file, struct rtm_enum_fetch *req);
long rtm_enum_delete(struct rtm_file *file, u64 enum_handle);
long rtm_dest_get(struct rtm_file *file, struct rtm_dest_get *req);
void rtm_enum_destroy_all(struct rtm_file *file);

#endif /* _RTM_ENUM_H */
