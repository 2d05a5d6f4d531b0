/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the rtm selftests: raw ioctl wrappers, RTMv2 wrappers,
 * prefix generation and the debugfs object counters.
 */
#ifndef RTM_TEST_UTIL_H
#define RTM_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <linux/rtm.h>
#include "rtmv2.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define RTM_DEV_PATH		"/dev/rtm"
#define RTM_OBJECTS_PATH	"/sys/kernel/debug/rtm/objects"

/* Protocol ids of the test entities; instance ids come from getpid() */
#define RTM_TEST_PROTO_A	0x7e570001u
#define RTM_TEST_PROTO_B	0x7e570002u
#define RTM_TEST_PROTO_C	0x7e570003u

/* How long to wait for object counters to settle after a close or kill */
#define RTM_COUNTER_WAIT_MS	20000

/* A handle with the right magic and type but an id nobody holds */
#define RTM_FORGED_HANDLE(type)	\
	(((__u64)RTM_HANDLE_MAGIC << 56) | ((__u64)(type) << 48) | 0xfffffff0u)
/* The same object id under another type */
#define RTM_HANDLE_WITH_TYPE(h, type)	\
	(((h) & ~(0xffull << 48)) | ((__u64)(type) << 48))

/* Handles as the RTMv2 API sees them (a kernel handle in a pointer) */
#define RTM_U64_TO_HANDLE(v)	((HANDLE)(uintptr_t)(v))
#define RTM_HANDLE_TO_U64(h)	((__u64)(uintptr_t)(h))

bool rtm_device_present(void);

/* The 6.1 harness runs a TEST_F body even when FIXTURE_SETUP skipped */
#define RTM_RETURN_IF_SKIPPED()	do { if (_metadata->skip) return; } while (0)

/* ---- debugfs object counters ---- */

struct rtm_counters {
	long files;
	long entities;
	long dests;
	long routes;
	long nexthops;
	long enums;
	long handles;
};

int rtm_read_counters(struct rtm_counters *c);
bool rtm_counters_equal(const struct rtm_counters *a,
			const struct rtm_counters *b);
/* Poll until the counters equal @want or @timeout_ms pass; 0 when equal */
int rtm_wait_counters(const struct rtm_counters *want, int timeout_ms,
		      struct rtm_counters *last);
/* Read the counters once they stop moving (leftovers of an earlier test) */
int rtm_settled_counters(struct rtm_counters *c);
void rtm_format_counters(const struct rtm_counters *c, char *buf, size_t len);

/* ---- prefixes ---- */

void rtm_prefix4(struct rtm_net_address *p, uint8_t a, uint8_t b, uint8_t c,
		 uint8_t d, unsigned int len);
void rtm_na4(RTM_NET_ADDRESS *na, uint8_t a, uint8_t b, uint8_t c, uint8_t d,
	     unsigned int len);
/* (address, prefix length) order of the kernel walk */
int rtm_na_cmp(const RTM_NET_ADDRESS *x, const RTM_NET_ADDRESS *y);
int rtm_na_cmp_void(const void *x, const void *y);
bool rtm_na_equal(const RTM_NET_ADDRESS *x, const RTM_NET_ADDRESS *y);
const char *rtm_na_str(const RTM_NET_ADDRESS *na, char *buf, size_t len);

/* Seeded generator: same seed, same numbers */
uint32_t rtm_rand(uint64_t *state);

/*
 * @n distinct canonical IPv4 prefixes (/8 to /32, about a third nested in
 * an earlier one), sorted in walk order.
 */
void rtm_gen_prefixes4(uint64_t seed, size_t n, RTM_NET_ADDRESS *out);
/* Index of @key in the sorted @set, or -1 */
long rtm_find_prefix(const RTM_NET_ADDRESS *set, size_t n,
		     const RTM_NET_ADDRESS *key);

/* ---- raw ioctls (return ioctl()'s value, errno set) ---- */

int rtm_open(void);
int rtm_raw_register(int fd, __u16 family, __u32 protocol, __u32 instance,
		     __u64 *entity_handle);
int rtm_raw_route_add(int fd, const struct rtm_net_address *dest,
		      __u32 preference, __u32 metric, __u32 views,
		      __u64 *route_handle);
int rtm_raw_route_delete(int fd, __u64 route_handle);
int rtm_raw_enum_create(int fd, __u32 flags, __u32 views, __u32 protocol,
			const struct rtm_net_address *addr, __u64 *enum_handle,
			__u32 *num_views);
int rtm_raw_enum_fetch(int fd, __u64 enum_handle, void *records, __u32 count,
		       __u32 num_views, __u32 *out_count, __u32 *out_flags);
int rtm_raw_enum_delete(int fd, __u64 enum_handle);
int rtm_raw_release(int fd, const __u64 *handles, __u32 count, __u32 type);
/*
 * Walk a whole enumeration with @batch records per fetch; every record is
 * appended to *@records (malloc'ed, stride RTM_DEST_RECORD_SIZE(num_views)).
 * Returns the record count or -1 (errno set).
 */
long rtm_raw_fetch_all(int fd, __u64 enum_handle, __u32 num_views,
		       __u32 batch, void **records);
/* Release every handle in @n raw records (dest, and route+owner per slot) */
int rtm_raw_release_records(int fd, const void *records, size_t n,
			    __u32 num_views);

/* ---- RTMv2 API ---- */

DWORD rtm_api_register(USHORT family, ULONG protocol, ULONG instance,
		       RTM_ENTITY_HANDLE *h, RTM_REGN_PROFILE *profile);
/* Add or update a route without next hops; @route may be NULL */
DWORD rtm_api_add_route(RTM_ENTITY_HANDLE h, const RTM_NET_ADDRESS *dest,
			ULONG preference, ULONG metric, RTM_VIEW_SET views,
			RTM_ROUTE_CHANGE_FLAGS flags_in,
			RTM_ROUTE_HANDLE *route,
			RTM_ROUTE_CHANGE_FLAGS *flags_out);

static inline PRTM_DEST_INFO rtm_dest_at(void *base, UINT num_views, size_t i)
{
	return (PRTM_DEST_INFO)((char *)base +
				i * RTM_SIZE_OF_DEST_INFO(num_views));
}

/*
 * Enumerate with RtmCreateDestEnum + RtmGetEnumDests(@batch) until
 * ERROR_NO_MORE_ITEMS; the records (stride RTM_SIZE_OF_DEST_INFO(
 * @num_views)) go to *@infos (malloc'ed) and their number to *@count.
 * Returns NO_ERROR or the first unexpected status.
 */
DWORD rtm_api_fetch_all(RTM_ENTITY_HANDLE h, RTM_VIEW_SET views,
			RTM_ENUM_FLAGS flags, RTM_NET_ADDRESS *addr,
			ULONG protocol, UINT num_views, UINT batch,
			void **infos, size_t *count);
/* RtmReleaseDests in chunks the library accepts */
DWORD rtm_api_release_all(RTM_ENTITY_HANDLE h, void *infos, size_t count,
			  UINT num_views);

#endif /* RTM_TEST_UTIL_H */
