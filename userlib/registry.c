// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * Registrations: RtmRegisterEntity opens /dev/rtm and makes the file an
 * entity; the returned RTM_ENTITY_HANDLE is the kernel's entity handle, so
 * it compares equal to the Owner handles found in records.
 *
 * Handles come from callers and may be anything, so they are looked up by
 * value in a registry and never dereferenced: an unknown value is
 * ERROR_INVALID_HANDLE, even after RtmDeregisterEntity freed the state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "librtm_internal.h"

const char *rtm_device_path = "/dev/rtm";

#define RTM_REGISTRY_BUCKETS	64

static struct {
	pthread_rwlock_t lock;
	struct rtm_reg *bucket[RTM_REGISTRY_BUCKETS];
} rtm_registry = {
	.lock = PTHREAD_RWLOCK_INITIALIZER,
};

static unsigned int rtm_registry_hash(__u64 handle)
{
	/* the low 32 bits are the kernel's id; mix in the rest anyway */
	handle ^= handle >> 32;
	handle *= 0x9e3779b97f4a7c15ull;
	return (unsigned int)(handle >> 58) % RTM_REGISTRY_BUCKETS;
}

static struct rtm_reg *rtm_registry_find(__u64 handle)
{
	struct rtm_reg *reg;

	for (reg = rtm_registry.bucket[rtm_registry_hash(handle)]; reg;
	     reg = reg->next)
		if (reg->handle == handle)
			return reg;
	return NULL;
}

/**
 * rtm_reg_get() - find a registration and pin it for one call
 * @handle: the caller's RTM_ENTITY_HANDLE, any value
 *
 * On success the registry read lock stays held until rtm_reg_put(), so
 * RtmDeregisterEntity waits for the call to finish.
 *
 * Return: the registration, or NULL (nothing held) when @handle is not one.
 */
struct rtm_reg *rtm_reg_get(RTM_ENTITY_HANDLE handle)
{
	struct rtm_reg *reg;

	pthread_rwlock_rdlock(&rtm_registry.lock);
	reg = handle ? rtm_registry_find(rtm_h2u(handle)) : NULL;
	if (!reg)
		pthread_rwlock_unlock(&rtm_registry.lock);
	return reg;
}

/**
 * rtm_reg_put() - end a call started by rtm_reg_get()
 * @reg: the registration returned by rtm_reg_get()
 */
void rtm_reg_put(struct rtm_reg *reg)
{
	(void)reg;
	pthread_rwlock_unlock(&rtm_registry.lock);
}

/* The one place librtm enters the kernel; returns 0 or an errno */
static int rtm_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	/* every command either completes or fails without side effects */
	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? errno : 0;
}

/**
 * rtm_call() - run one ioctl on a registration's file
 * @reg: the registration
 * @cmd: RTM_IOC_*
 * @arg: the command's structure
 *
 * Return: NO_ERROR or the Win32 code of the kernel's errno.
 */
DWORD rtm_call(struct rtm_reg *reg, unsigned long cmd, void *arg)
{
	return rtm_errno_to_win32(rtm_ioctl(reg->fd, cmd, arg));
}

/**
 * rtm_release_u64() - give back handle references with RTM_IOC_RELEASE
 * @reg: the registration holding them
 * @handles: the handles
 * @count: number of handles, may be 0
 * @type: enum rtm_handle_type every handle must have, or RTM_HANDLE_ANY
 *
 * One ioctl for the whole array unless it exceeds the kernel's
 * max_release_batch. Each ioctl is all or nothing; when a later chunk of
 * a split array fails, the earlier chunks stay released.
 *
 * Return: NO_ERROR, or the Win32 code of the first failing chunk.
 */
DWORD rtm_release_u64(struct rtm_reg *reg, const __u64 *handles,
		      size_t count, __u32 type)
{
	while (count) {
		__u32 chunk = count > reg->max_release_batch ?
			      reg->max_release_batch : (__u32)count;
		struct rtm_release rel;
		DWORD err;

		memset(&rel, 0, sizeof(rel));
		rel.handles = (__u64)(uintptr_t)handles;
		rel.count = chunk;
		rel.type = type;
		err = rtm_call(reg, RTM_IOC_RELEASE, &rel);
		if (err != NO_ERROR)
			return err;
		handles += chunk;
		count -= chunk;
	}
	return NO_ERROR;
}

/* Keep fds 0-2 free for stdio, like libbpf's ensure_good_fd() */
static int rtm_ensure_good_fd(int fd)
{
	int good;

	if (fd < 0 || fd > 2)
		return fd;
	good = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (good < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	return good;
}

static void rtm_reg_free(struct rtm_reg *reg)
{
	if (reg->fd >= 0)
		close(reg->fd);	/* the kernel drops the entity and its refs */
	rtm_reg_free_enums(reg);
	pthread_mutex_destroy(&reg->enum_lock);
	free(reg);
}

/* VERSION then REGISTER on a fresh file; fills @reg's limits and handle */
static DWORD rtm_reg_setup(struct rtm_reg *reg, const RTM_ENTITY_INFO *info)
{
	struct rtm_version version;
	struct rtm_register regist;
	DWORD err;

	memset(&version, 0, sizeof(version));
	err = rtm_call(reg, RTM_IOC_VERSION, &version);
	if (err != NO_ERROR)
		return err;
	/* a module we do not know, or one that cannot return anything */
	if (version.api_version != RTM_API_VERSION ||
	    !version.max_enum_batch || !version.max_release_batch)
		return ERROR_NOT_SUPPORTED;
	reg->max_enum_batch = version.max_enum_batch;
	reg->max_release_batch = version.max_release_batch;
	reg->max_nexthops = version.max_nexthops;
	reg->views_supported = version.views_supported;

	memset(&regist, 0, sizeof(regist));
	regist.family = info->AddressFamily;
	regist.rtm_instance = info->RtmInstanceId;
	regist.protocol_id = info->EntityId.EntityProtocolId;
	regist.instance_id = info->EntityId.EntityInstanceId;
	err = rtm_call(reg, RTM_IOC_REGISTER, &regist);
	if (err != NO_ERROR)
		return err;
	if (!regist.entity_handle)
		return ERROR_GEN_FAILURE;	/* 0 is never a handle */
	reg->handle = regist.entity_handle;
	return NO_ERROR;
}

/**
 * RtmRegisterEntity() - register a routing client (an entity) with RTM
 * @RtmEntityInfo: address family (AF_INET/AF_INET6), RTM instance (0),
 *	protocol and instance ids of the client
 * @ExportMethods: methods for other clients; may be NULL; not supported
 *	yet and ignored
 * @EventCallback: event callback; may be NULL; stored, no event is
 *	delivered yet
 * @ReserveOpaquePointer: accepted and ignored (no opaque pointers yet)
 * @RtmRegProfile: out: limits of this RTM instance
 * @RtmRegHandle: out: the registration; it equals the Owner handle of
 *	this client's routes in destination records
 *
 * Opens /dev/rtm: each registration is one open file, which the kernel
 * cleans up when it is closed (RtmDeregisterEntity, or process exit).
 *
 * Return: NO_ERROR; ERROR_INVALID_PARAMETER (NULL pointer, bad family or
 * instance); ERROR_FILE_NOT_FOUND (no /dev/rtm, rtm.ko not loaded);
 * ERROR_ALREADY_EXISTS (same family/protocol/instance registered in this
 * network namespace); ERROR_NOT_SUPPORTED (module API version is not 1);
 * ERROR_NOT_ENOUGH_MEMORY; ERROR_ACCESS_DENIED (device not accessible).
 */
DWORD WINAPI RtmRegisterEntity(PRTM_ENTITY_INFO RtmEntityInfo,
			       PRTM_ENTITY_EXPORT_METHODS ExportMethods,
			       RTM_EVENT_CALLBACK EventCallback,
			       BOOL ReserveOpaquePointer,
			       PRTM_REGN_PROFILE RtmRegProfile,
			       PRTM_ENTITY_HANDLE RtmRegHandle)
{
	struct rtm_reg *reg;
	unsigned int bucket;
	DWORD err;

	(void)ExportMethods;
	(void)ReserveOpaquePointer;
	if (!RtmEntityInfo || !RtmRegProfile || !RtmRegHandle)
		return ERROR_INVALID_PARAMETER;

	reg = calloc(1, sizeof(*reg));
	if (!reg)
		return ERROR_NOT_ENOUGH_MEMORY;
	pthread_mutex_init(&reg->enum_lock, NULL);
	reg->event_callback = EventCallback;
	reg->fd = rtm_ensure_good_fd(open(rtm_device_path,
					  O_RDWR | O_CLOEXEC));
	if (reg->fd < 0) {
		err = rtm_open_errno_to_win32(errno);
		goto fail;
	}
	err = rtm_reg_setup(reg, RtmEntityInfo);
	if (err != NO_ERROR)
		goto fail;

	pthread_rwlock_wrlock(&rtm_registry.lock);
	if (rtm_registry_find(reg->handle)) {
		/* the kernel never hands out one entity handle twice */
		pthread_rwlock_unlock(&rtm_registry.lock);
		err = ERROR_GEN_FAILURE;
		goto fail;
	}
	bucket = rtm_registry_hash(reg->handle);
	reg->next = rtm_registry.bucket[bucket];
	rtm_registry.bucket[bucket] = reg;
	pthread_rwlock_unlock(&rtm_registry.lock);

	RtmRegProfile->MaxNextHopsInRoute = reg->max_nexthops;
	RtmRegProfile->MaxHandlesInEnum = reg->max_enum_batch;
	RtmRegProfile->ViewsSupported = reg->views_supported;
	RtmRegProfile->NumberOfViews =
		(UINT)__builtin_popcount(reg->views_supported);
	*RtmRegHandle = rtm_u2h(reg->handle);
	return NO_ERROR;

fail:
	rtm_reg_free(reg);
	return err;
}

/**
 * RtmDeregisterEntity() - end a registration
 * @RtmRegHandle: the registration
 *
 * Closes the registration's /dev/rtm file after the calls using it have
 * returned: the kernel withdraws the client's routes and next hops and
 * drops every handle reference and enumeration it still holds (Windows
 * leaves that to the client). The handle is invalid afterwards.
 *
 * Return: NO_ERROR, or ERROR_INVALID_HANDLE if @RtmRegHandle is not a
 * registration.
 */
DWORD WINAPI RtmDeregisterEntity(RTM_ENTITY_HANDLE RtmRegHandle)
{
	struct rtm_reg **link, *reg;
	__u64 handle = rtm_h2u(RtmRegHandle);

	pthread_rwlock_wrlock(&rtm_registry.lock);
	for (link = &rtm_registry.bucket[rtm_registry_hash(handle)]; *link;
	     link = &(*link)->next)
		if ((*link)->handle == handle)
			break;
	reg = handle ? *link : NULL;
	if (reg)
		*link = reg->next;
	pthread_rwlock_unlock(&rtm_registry.lock);

	if (!reg)
		return ERROR_INVALID_HANDLE;
	rtm_reg_free(reg);
	return NO_ERROR;
}
