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

/* ---- module parameters, privileges, memory cgroups, kernel log ---- */

#define RTM_PARAM_DIR		"/sys/module/rtm/parameters/"
#define RTM_NOBODY		65534

/* /sys/module/rtm/parameters/@name as a number; 0 or -1 (errno set) */
int rtm_param_get(const char *name, unsigned long *value);
int rtm_param_set(const char *name, unsigned long value);

/* A number from a one-value file such as /proc/sys/...; 0 or -1 */
int rtm_read_ulong(const char *path, unsigned long *value);
int rtm_write_ulong(const char *path, unsigned long value);

/* setgroups(), setresgid(), setresuid() to nobody; 0 or -1 (errno set) */
int rtm_drop_to_nobody(void);

/*
 * A child memory cgroup of the caller's cgroup v2 group, with memory.max
 * @max_bytes (and memory.swap.max 0). Mounts cgroup2 at /sys/fs/cgroup when
 * nothing is mounted there and enables +memory in the caller's group's
 * cgroup.subtree_control. @dir gets the absolute path, @rel the path
 * below the cgroup root ("/name", as the kernel prints it in OOM
 * reports). Returns 0, or -1 with a reason in @why (a precondition the
 * caller should SKIP on: no cgroup2, no memory controller).
 */
int rtm_memcg_create(const char *name, unsigned long long max_bytes,
		     char *dir, size_t dir_len, char *rel, size_t rel_len,
		     char *why, size_t why_len);
/* Move the calling process into @dir; 0 or -1 */
int rtm_memcg_enter(const char *dir);
/* @dir/@file's single number (memory.current, memory.max); -1 on error */
long long rtm_memcg_read(const char *dir, const char *file);
/* The value of line "@key N" of @dir/@file (memory.stat, memory.events) */
long long rtm_memcg_key(const char *dir, const char *file, const char *key);
/* rmdir @dir once its last process has gone; 0 or -1 */
int rtm_memcg_destroy(const char *dir);

/*
 * Markers around a flood that may end in the memory cgroup OOM killer:
 * scripts/vm-run then does not count the stack trace of an OOM report
 * whose victim is in @rel ("oom_memcg=@rel") as a kernel log finding.
 */
void rtm_expect_memcg_oom_begin(const char *rel);
void rtm_expect_memcg_oom_end(const char *rel);

/* Append one line to the kernel log (/dev/kmsg); 0 or -1 */
int rtm_kmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Whether the kernel log holds @needle after the last line containing
 * @marker (klogctl(), needs CAP_SYSLOG): 1 yes, 0 no, -1 on error.
 */
int rtm_klog_has_after(const char *marker, const char *needle);

/* CLOCK_MONOTONIC in seconds */
double rtm_now(void);

/* ---- more raw ioctls ---- */

int rtm_raw_version(int fd, struct rtm_version *v);
/*
 * RTM_IOC_ROUTE_ADD_BULK with struct rtm_bulk_route records; *@applied
 * gets the header's count afterwards (when the call succeeded)
 */
int rtm_raw_bulk_add(int fd, const struct rtm_bulk_route *recs, __u32 count,
		     __u32 *applied);
/* Record @i of a flood: the /32 or /24 prefix number @i, unicast view */
void rtm_flood_record(struct rtm_bulk_route *r, unsigned long i);

#endif /* RTM_TEST_UTIL_H */
