/* SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause */
/*
 * librtm internals: the registration registry, the one ioctl helper and
 * the errno -> Win32 table. Not installed.
 */
#ifndef LIBRTM_INTERNAL_H
#define LIBRTM_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/rtm.h>

#include "rtmv2.h"

/*
 * Kernel handles are 64-bit values that travel in HANDLE variables and in
 * RTM_DEST_INFO records, which are laid out as struct rtm_dest_record: both
 * need 64-bit pointers.
 */
#if UINTPTR_MAX != 0xffffffffffffffffu
#error "librtm needs a 64-bit ABI: RTMv2 handles carry 64-bit kernel handles"
#endif

#define LIBRTM_HIDDEN	__attribute__((visibility("hidden")))

/* A handle value as the kernel sees it, and back */
static inline __u64 rtm_h2u(const void *handle)
{
	return (__u64)(uintptr_t)handle;
}

static inline HANDLE rtm_u2h(__u64 value)
{
	return (HANDLE)(uintptr_t)value;
}

void rtm_addr_to_kernel(struct rtm_net_address *out,
			const RTM_NET_ADDRESS *in) LIBRTM_HIDDEN;
void rtm_addr_from_kernel(RTM_NET_ADDRESS *out,
			  const struct rtm_net_address *in) LIBRTM_HIDDEN;

/* An enumeration of a registration and the view slots of its records */
struct rtm_enum_slot {
	__u64 handle;
	__u32 num_views;
};

/*
 * One RtmRegisterEntity: the /dev/rtm file and what the library must
 * remember about it. Lives in the registry from registration to
 * deregistration; every call holds the registry read lock while it uses
 * it, so RtmDeregisterEntity (write lock) never frees it under a caller.
 */
struct rtm_reg {
	struct rtm_reg *next;		/* registry hash chain */
	__u64 handle;			/* kernel entity handle = RTM_ENTITY_HANDLE */
	int fd;
	__u32 max_enum_batch;
	__u32 max_release_batch;
	__u32 max_nexthops;
	__u32 views_supported;
	RTM_EVENT_CALLBACK event_callback;	/* kept for notifications */

	pthread_mutex_t enum_lock;	/* protects enums, nr_enums, cap */
	struct rtm_enum_slot *enums;
	size_t nr_enums;
	size_t cap_enums;
};

/* Device opened by RtmRegisterEntity; tests point it elsewhere */
extern const char *rtm_device_path LIBRTM_HIDDEN;

/* registry.c */
struct rtm_reg *rtm_reg_get(RTM_ENTITY_HANDLE handle) LIBRTM_HIDDEN;
void rtm_reg_put(struct rtm_reg *reg) LIBRTM_HIDDEN;
DWORD rtm_call(struct rtm_reg *reg, unsigned long cmd, void *arg)
	LIBRTM_HIDDEN;
DWORD rtm_release_u64(struct rtm_reg *reg, const __u64 *handles,
		      size_t count, __u32 type) LIBRTM_HIDDEN;

/* dest.c: enumeration bookkeeping */
void rtm_reg_free_enums(struct rtm_reg *reg) LIBRTM_HIDDEN;

/* errmap.c */
DWORD rtm_errno_to_win32(int err) LIBRTM_HIDDEN;
DWORD rtm_open_errno_to_win32(int err) LIBRTM_HIDDEN;

#endif /* LIBRTM_INTERNAL_H */
