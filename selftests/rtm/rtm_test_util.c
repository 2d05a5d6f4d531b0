// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the rtm selftests. Nothing here asserts: the callers
 * decide what a failure means.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "rtm_test_util.h"

bool rtm_device_present(void)
{
	return access(RTM_DEV_PATH, F_OK) == 0;
}

/* ---- debugfs object counters ---- */

int rtm_read_counters(struct rtm_counters *c)
{
	static const struct {
		const char *name;
		size_t offset;
	} fields[] = {
		{ "files", offsetof(struct rtm_counters, files) },
		{ "entities", offsetof(struct rtm_counters, entities) },
		{ "dests", offsetof(struct rtm_counters, dests) },
		{ "routes", offsetof(struct rtm_counters, routes) },
		{ "nexthops", offsetof(struct rtm_counters, nexthops) },
		{ "enums", offsetof(struct rtm_counters, enums) },
		{ "handles", offsetof(struct rtm_counters, handles) },
	};
	unsigned int seen = 0;
	char name[32];
	long value;
	FILE *f;
	size_t i;

	f = fopen(RTM_OBJECTS_PATH, "re");
	if (!f)
		return -1;
	memset(c, 0, sizeof(*c));
	while (fscanf(f, "%31s %ld", name, &value) == 2) {
		for (i = 0; i < ARRAY_SIZE(fields); i++) {
			if (strcmp(name, fields[i].name))
				continue;
			*(long *)((char *)c + fields[i].offset) = value;
			seen |= 1u << i;
		}
	}
	fclose(f);
	/* A missing line would make every comparison meaningless */
	if (seen != (1u << (ARRAY_SIZE(fields))) - 1) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

bool rtm_counters_equal(const struct rtm_counters *a,
			const struct rtm_counters *b)
{
	return a->files == b->files && a->entities == b->entities &&
	       a->dests == b->dests && a->routes == b->routes &&
	       a->nexthops == b->nexthops && a->enums == b->enums &&
	       a->handles == b->handles;
}

void rtm_format_counters(const struct rtm_counters *c, char *buf, size_t len)
{
	snprintf(buf, len,
		 "files %ld entities %ld dests %ld routes %ld nexthops %ld enums %ld handles %ld",
		 c->files, c->entities, c->dests, c->routes, c->nexthops,
		 c->enums, c->handles);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int rtm_wait_counters(const struct rtm_counters *want, int timeout_ms,
		      struct rtm_counters *last)
{
	int waited = 0;

	/*
	 * Objects are freed after an RCU grace period and a killed process
	 * closes its files asynchronously: poll for the state, bounded.
	 */
	for (;;) {
		if (rtm_read_counters(last))
			return -1;
		if (rtm_counters_equal(want, last))
			return 0;
		if (waited >= timeout_ms)
			return -1;
		sleep_ms(20);
		waited += 20;
	}
}

int rtm_settled_counters(struct rtm_counters *c)
{
	struct rtm_counters prev;
	int i;

	if (rtm_read_counters(&prev))
		return -1;
	for (i = 0; i < 100; i++) {
		sleep_ms(20);
		if (rtm_read_counters(c))
			return -1;
		if (rtm_counters_equal(&prev, c))
			return 0;
		prev = *c;
	}
	return 0;
}

/* ---- prefixes ---- */

void rtm_prefix4(struct rtm_net_address *p, uint8_t a, uint8_t b, uint8_t c,
		 uint8_t d, unsigned int len)
{
	memset(p, 0, sizeof(*p));
	p->family = AF_INET;
	p->prefix_len = len;
	p->addr[0] = a;
	p->addr[1] = b;
	p->addr[2] = c;
	p->addr[3] = d;
}

void rtm_na4(RTM_NET_ADDRESS *na, uint8_t a, uint8_t b, uint8_t c, uint8_t d,
	     unsigned int len)
{
	uint32_t addr = htonl((uint32_t)a << 24 | (uint32_t)b << 16 |
			      (uint32_t)c << 8 | d);

	memset(na, 0, sizeof(*na));
	RTM_IPV4_MAKE_NET_ADDRESS(na, addr, len);
}

int rtm_na_cmp(const RTM_NET_ADDRESS *x, const RTM_NET_ADDRESS *y)
{
	int r;

	if (x->AddressFamily != y->AddressFamily)
		return x->AddressFamily < y->AddressFamily ? -1 : 1;
	r = memcmp(x->AddrBits, y->AddrBits, RTM_MAX_ADDRESS_SIZE);
	if (r)
		return r < 0 ? -1 : 1;
	if (x->NumBits != y->NumBits)
		return x->NumBits < y->NumBits ? -1 : 1;
	return 0;
}

int rtm_na_cmp_void(const void *x, const void *y)
{
	return rtm_na_cmp(x, y);
}

bool rtm_na_equal(const RTM_NET_ADDRESS *x, const RTM_NET_ADDRESS *y)
{
	return rtm_na_cmp(x, y) == 0;
}

const char *rtm_na_str(const RTM_NET_ADDRESS *na, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	int family = na->AddressFamily == AF_INET6 ? AF_INET6 : AF_INET;

	inet_ntop(family, na->AddrBits, addr, sizeof(addr));
	snprintf(buf, len, "%s/%u(af %u)", addr, na->NumBits,
		 na->AddressFamily);
	return buf;
}

uint32_t rtm_rand(uint64_t *state)
{
	/* xorshift64*: deterministic across libcs, unlike rand() */
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t mask_of_len(unsigned int len)
{
	return len ? 0xffffffffu << (32 - len) : 0;
}

void rtm_gen_prefixes4(uint64_t seed, size_t n, RTM_NET_ADDRESS *out)
{
	uint64_t state = seed ? seed : 1;
	size_t have = 0, i, j;

	while (have < n) {
		unsigned int len = 8 + rtm_rand(&state) % 25;
		uint32_t addr = rtm_rand(&state);

		/* Nest about a third under an earlier prefix */
		if (have && rtm_rand(&state) % 3 == 0) {
			const RTM_NET_ADDRESS *parent =
				&out[rtm_rand(&state) % have];
			uint32_t base;

			memcpy(&base, parent->AddrBits, 4);
			base = ntohl(base);
			if (parent->NumBits < 32) {
				len = parent->NumBits + 1 +
				      rtm_rand(&state) % (32 - parent->NumBits);
				addr = base | (addr & ~mask_of_len(parent->NumBits));
			}
		}
		addr &= mask_of_len(len);
		rtm_na4(&out[have], addr >> 24, addr >> 16, addr >> 8, addr,
			len);
		have++;
		if (have == n) {
			/* Sort, drop duplicates, refill the gap */
			qsort(out, have, sizeof(*out), rtm_na_cmp_void);
			for (i = 1, j = 1; i < have; i++)
				if (!rtm_na_equal(&out[i], &out[j - 1]))
					out[j++] = out[i];
			have = j;
		}
	}
}

long rtm_find_prefix(const RTM_NET_ADDRESS *set, size_t n,
		     const RTM_NET_ADDRESS *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = rtm_na_cmp(&set[mid], key);

		if (!r)
			return mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* ---- raw ioctls ---- */

int rtm_open(void)
{
	return open(RTM_DEV_PATH, O_RDWR | O_CLOEXEC);
}

int rtm_raw_register(int fd, __u16 family, __u32 protocol, __u32 instance,
		     __u64 *entity_handle)
{
	struct rtm_register reg = {
		.family = family,
		.protocol_id = protocol,
		.instance_id = instance,
	};
	int ret;

	ret = ioctl(fd, RTM_IOC_REGISTER, &reg);
	if (!ret && entity_handle)
		*entity_handle = reg.entity_handle;
	return ret;
}

int rtm_raw_route_add(int fd, const struct rtm_net_address *dest,
		      __u32 preference, __u32 metric, __u32 views,
		      __u64 *route_handle)
{
	struct rtm_route route = {
		.dest = *dest,
		.preference = preference,
		.metric = metric,
		.views = views,
		.flags = route_handle ? RTM_ROUTE_F_WANT_HANDLE : 0,
	};
	int ret;

	ret = ioctl(fd, RTM_IOC_ROUTE_ADD, &route);
	if (!ret && route_handle)
		*route_handle = route.handle;
	return ret;
}

int rtm_raw_route_delete(int fd, __u64 route_handle)
{
	struct rtm_route route = { .handle = route_handle };

	return ioctl(fd, RTM_IOC_ROUTE_DELETE, &route);
}

int rtm_raw_enum_create(int fd, __u32 flags, __u32 views, __u32 protocol,
			const struct rtm_net_address *addr, __u64 *enum_handle,
			__u32 *num_views)
{
	struct rtm_enum_create ec = {
		.flags = flags,
		.views = views,
		.protocol_id = protocol,
	};
	int ret;

	if (addr)
		ec.addr = *addr;
	else
		ec.addr.family = 0;
	ret = ioctl(fd, RTM_IOC_ENUM_CREATE, &ec);
	if (!ret) {
		*enum_handle = ec.enum_handle;
		if (num_views)
			*num_views = ec.num_views;
	}
	return ret;
}

int rtm_raw_enum_fetch(int fd, __u64 enum_handle, void *records, __u32 count,
		       __u32 num_views, __u32 *out_count, __u32 *out_flags)
{
	struct rtm_enum_fetch fetch = {
		.enum_handle = enum_handle,
		.records = (uintptr_t)records,
		.count = count,
		.record_size = RTM_DEST_RECORD_SIZE(num_views),
	};
	int ret;

	ret = ioctl(fd, RTM_IOC_ENUM_FETCH, &fetch);
	if (!ret) {
		if (out_count)
			*out_count = fetch.count;
		if (out_flags)
			*out_flags = fetch.out_flags;
	}
	return ret;
}

int rtm_raw_enum_delete(int fd, __u64 enum_handle)
{
	struct rtm_enum_delete del = { .enum_handle = enum_handle };

	return ioctl(fd, RTM_IOC_ENUM_DELETE, &del);
}

int rtm_raw_release(int fd, const __u64 *handles, __u32 count, __u32 type)
{
	struct rtm_release rel = {
		.handles = (uintptr_t)handles,
		.count = count,
		.type = type,
	};

	return ioctl(fd, RTM_IOC_RELEASE, &rel);
}

long rtm_raw_fetch_all(int fd, __u64 enum_handle, __u32 num_views,
		       __u32 batch, void **records)
{
	size_t stride = RTM_DEST_RECORD_SIZE(num_views);
	size_t have = 0, cap = 0;
	char *buf = NULL;

	for (;;) {
		__u32 got = 0, out_flags = 0;

		if (have + batch > cap) {
			char *bigger;

			cap = (have + batch) * 2;
			bigger = realloc(buf, cap * stride);
			if (!bigger) {
				free(buf);
				errno = ENOMEM;
				return -1;
			}
			buf = bigger;
		}
		if (rtm_raw_enum_fetch(fd, enum_handle, buf + have * stride,
				       batch, num_views, &got, &out_flags)) {
			free(buf);
			return -1;
		}
		if (got > batch) {
			free(buf);
			errno = EOVERFLOW;
			return -1;
		}
		have += got;
		if (out_flags & RTM_FETCH_END)
			break;
		/* Without END, an empty batch would loop for ever */
		if (!got) {
			free(buf);
			errno = EPROTO;
			return -1;
		}
	}
	*records = buf;
	return have;
}

int rtm_raw_release_records(int fd, const void *records, size_t n,
			    __u32 num_views)
{
	size_t stride = RTM_DEST_RECORD_SIZE(num_views);
	size_t per_record = 1 + 2 * num_views;
	size_t chunk = RTM_MAX_RELEASE_BATCH / per_record;
	__u64 *handles;
	size_t i, done;
	int ret = 0;

	handles = malloc(chunk * per_record * sizeof(*handles));
	if (!handles)
		return -1;
	for (done = 0; done < n && !ret; done += chunk) {
		size_t count = 0, end = done + chunk < n ? done + chunk : n;

		for (i = done; i < end; i++) {
			const struct rtm_dest_record *rec =
				(const void *)((const char *)records + i * stride);
			__u32 v;

			handles[count++] = rec->dest_handle;
			for (v = 0; v < num_views; v++) {
				if (rec->view[v].route)
					handles[count++] = rec->view[v].route;
				if (rec->view[v].owner)
					handles[count++] = rec->view[v].owner;
			}
		}
		ret = rtm_raw_release(fd, handles, count, RTM_HANDLE_ANY);
	}
	free(handles);
	return ret;
}

/* ---- RTMv2 API ---- */

DWORD rtm_api_register(USHORT family, ULONG protocol, ULONG instance,
		       RTM_ENTITY_HANDLE *h, RTM_REGN_PROFILE *profile)
{
	RTM_ENTITY_INFO info;
	RTM_REGN_PROFILE unused;

	memset(&info, 0, sizeof(info));
	info.RtmInstanceId = 0;
	info.AddressFamily = family;
	info.EntityId.EntityProtocolId = protocol;
	info.EntityId.EntityInstanceId = instance;
	return RtmRegisterEntity(&info, NULL, NULL, FALSE,
				 profile ? profile : &unused, h);
}

DWORD rtm_api_add_route(RTM_ENTITY_HANDLE h, const RTM_NET_ADDRESS *dest,
			ULONG preference, ULONG metric, RTM_VIEW_SET views,
			RTM_ROUTE_CHANGE_FLAGS flags_in,
			RTM_ROUTE_HANDLE *route,
			RTM_ROUTE_CHANGE_FLAGS *flags_out)
{
	RTM_NET_ADDRESS addr = *dest;
	RTM_ROUTE_CHANGE_FLAGS flags = flags_in;
	RTM_ROUTE_INFO info;
	DWORD status;

	memset(&info, 0, sizeof(info));
	info.PrefInfo.Preference = preference;
	info.PrefInfo.Metric = metric;
	info.BelongsToViews = views;
	info.NextHopsList.NumNextHops = 0;
	if (route)
		*route = NULL;
	status = RtmAddRouteToDest(h, route, &addr, &info, INFINITE, NULL, 0,
				   NULL, &flags);
	if (flags_out)
		*flags_out = flags;
	return status;
}

DWORD rtm_api_fetch_all(RTM_ENTITY_HANDLE h, RTM_VIEW_SET views,
			RTM_ENUM_FLAGS flags, RTM_NET_ADDRESS *addr,
			ULONG protocol, UINT num_views, UINT batch,
			void **infos, size_t *count)
{
	size_t stride = RTM_SIZE_OF_DEST_INFO(num_views);
	size_t have = 0, cap = 0;
	RTM_ENUM_HANDLE e = NULL;
	char *buf = NULL;
	DWORD status;

	*infos = NULL;
	*count = 0;
	status = RtmCreateDestEnum(h, views, flags, addr, protocol, &e);
	if (status != NO_ERROR)
		return status;
	for (;;) {
		UINT got = batch;

		if (have + batch > cap) {
			char *bigger;

			cap = (have + batch) * 2;
			bigger = realloc(buf, cap * stride);
			if (!bigger) {
				status = ERROR_NOT_ENOUGH_MEMORY;
				break;
			}
			buf = bigger;
		}
		status = RtmGetEnumDests(h, e, &got, (PRTM_DEST_INFO)
					 (buf + have * stride));
		if (status != NO_ERROR && status != ERROR_NO_MORE_ITEMS)
			break;
		if (got > batch) {
			status = ERROR_GEN_FAILURE;
			break;
		}
		/* The count is valid with ERROR_NO_MORE_ITEMS as well */
		have += got;
		if (status == ERROR_NO_MORE_ITEMS) {
			status = NO_ERROR;
			break;
		}
		if (!got) {
			/* NO_ERROR with nothing would never end */
			status = ERROR_GEN_FAILURE;
			break;
		}
	}
	if (RtmDeleteEnumHandle(h, e) != NO_ERROR && status == NO_ERROR)
		status = ERROR_INVALID_HANDLE;
	*infos = buf;
	*count = have;
	return status;
}

DWORD rtm_api_release_all(RTM_ENTITY_HANDLE h, void *infos, size_t count,
			  UINT num_views)
{
	size_t done;
	DWORD status;

	for (done = 0; done < count; done += 4096) {
		UINT n = count - done < 4096 ? count - done : 4096;

		status = RtmReleaseDests(h, n, rtm_dest_at(infos, num_views,
							   done));
		if (status != NO_ERROR)
			return status;
	}
	return NO_ERROR;
}

/* ---- module parameters, privileges, memory cgroups, kernel log ---- */

int rtm_read_ulong(const char *path, unsigned long *value)
{
	char buf[64], *end;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		errno = n ? errno : EPROTO;
		return -1;
	}
	buf[n] = '\0';
	errno = 0;
	*value = strtoul(buf, &end, 10);
	if (errno || end == buf) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

int rtm_write_ulong(const char *path, unsigned long value)
{
	char buf[32];
	int fd, len, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%lu\n", value);
	if (write(fd, buf, len) != len)
		ret = -1;
	close(fd);
	return ret;
}

int rtm_param_get(const char *name, unsigned long *value)
{
	char path[256];

	snprintf(path, sizeof(path), RTM_PARAM_DIR "%s", name);
	return rtm_read_ulong(path, value);
}

int rtm_param_set(const char *name, unsigned long value)
{
	char path[256];

	snprintf(path, sizeof(path), RTM_PARAM_DIR "%s", name);
	return rtm_write_ulong(path, value);
}

int rtm_drop_to_nobody(void)
{
	if (setgroups(0, NULL))
		return -1;
	if (setresgid(RTM_NOBODY, RTM_NOBODY, RTM_NOBODY))
		return -1;
	if (setresuid(RTM_NOBODY, RTM_NOBODY, RTM_NOBODY))
		return -1;
	/* From root to a non-zero uid clears every capability */
	if (geteuid() != RTM_NOBODY || getegid() != RTM_NOBODY) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

#define RTM_CGROUP2_MNT	"/sys/fs/cgroup"

static int write_str(const char *path, const char *s)
{
	size_t len = strlen(s);
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (write(fd, s, len) != (ssize_t)len)
		ret = -1;
	close(fd);
	return ret;
}

/* The whole (small) file @path into @buf, NUL-terminated; length or -1 */
static ssize_t read_small(const char *path, char *buf, size_t len)
{
	ssize_t n, have = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((size_t)have < len - 1) {
		n = read(fd, buf + have, len - 1 - have);
		if (n < 0) {
			close(fd);
			return -1;
		}
		if (!n)
			break;
		have += n;
	}
	close(fd);
	buf[have] = '\0';
	return have;
}

static bool has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') &&
		    (p[len] == '\0' || p[len] == ' ' || p[len] == '\n'))
			return true;
		p += len;
	}
	return false;
}

int rtm_memcg_create(const char *name, unsigned long long max_bytes,
		     char *dir, size_t dir_len, char *rel, size_t rel_len,
		     char *why, size_t why_len)
{
	char path[512], buf[4096], own[256] = "";
	struct stat st;
	char *p;

	if (stat(RTM_CGROUP2_MNT "/cgroup.controllers", &st)) {
		if (stat(RTM_CGROUP2_MNT, &st) || !S_ISDIR(st.st_mode)) {
			snprintf(why, why_len, "no %s (no cgroups)",
				 RTM_CGROUP2_MNT);
			return -1;
		}
		if (mount("none", RTM_CGROUP2_MNT, "cgroup2", 0, NULL)) {
			snprintf(why, why_len, "cannot mount cgroup2 on %s: %s",
				 RTM_CGROUP2_MNT, strerror(errno));
			return -1;
		}
	}
	/* "0::/path" is this process's cgroup v2 group */
	if (read_small("/proc/self/cgroup", buf, sizeof(buf)) < 0) {
		snprintf(why, why_len, "no /proc/self/cgroup");
		return -1;
	}
	p = strstr(buf, "0::");
	if (!p || (p != buf && p[-1] != '\n')) {
		snprintf(why, why_len, "no cgroup v2 line in /proc/self/cgroup");
		return -1;
	}
	p += 3;
	p[strcspn(p, "\n")] = '\0';
	if (strcmp(p, "/"))
		snprintf(own, sizeof(own), "%s", p);

	snprintf(path, sizeof(path), RTM_CGROUP2_MNT "%s/cgroup.controllers",
		 own);
	if (read_small(path, buf, sizeof(buf)) < 0 || !has_word(buf, "memory")) {
		snprintf(why, why_len, "no memory controller in %s", path);
		return -1;
	}
	snprintf(path, sizeof(path), RTM_CGROUP2_MNT "%s/cgroup.subtree_control",
		 own);
	if (read_small(path, buf, sizeof(buf)) < 0) {
		snprintf(why, why_len, "cannot read %s", path);
		return -1;
	}
	if (!has_word(buf, "memory") && write_str(path, "+memory")) {
		snprintf(why, why_len, "cannot enable +memory in %s: %s", path,
			 strerror(errno));
		return -1;
	}

	snprintf(rel, rel_len, "%s/%s", own, name);
	snprintf(dir, dir_len, RTM_CGROUP2_MNT "%s", rel);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(why, why_len, "mkdir %s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/memory.max", dir);
	snprintf(buf, sizeof(buf), "%llu\n", max_bytes);
	if (write_str(path, buf)) {
		snprintf(why, why_len, "cannot write %s: %s", path,
			 strerror(errno));
		rmdir(dir);
		return -1;
	}
	/* Without swap accounting the file is missing: fine */
	snprintf(path, sizeof(path), "%s/memory.swap.max", dir);
	if (!access(path, F_OK))
		write_str(path, "0\n");
	return 0;
}

int rtm_memcg_enter(const char *dir)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	return write_str(path, "0\n");
}

long long rtm_memcg_read(const char *dir, const char *file)
{
	char path[512], buf[64], *end;
	long long v;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (read_small(path, buf, sizeof(buf)) <= 0)
		return -1;
	if (!strncmp(buf, "max", 3))
		return LLONG_MAX;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || end == buf)
		return -1;
	return v;
}

long long rtm_memcg_key(const char *dir, const char *file, const char *key)
{
	char path[512], name[64];
	long long value;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", name, &value) == 2) {
		if (!strcmp(name, key)) {
			fclose(f);
			return value;
		}
	}
	fclose(f);
	return -1;
}

int rtm_memcg_destroy(const char *dir)
{
	int i;

	/* A reaped child may still be leaving the group for a moment */
	for (i = 0; i < 250; i++) {
		if (!rmdir(dir) || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -1;
		sleep_ms(20);
	}
	return -1;
}

int rtm_kmsg(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int fd, len, ret = 0;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -1;
	if (len > (int)sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	buf[len++] = '\n';
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (write(fd, buf, len) != len)
		ret = -1;
	close(fd);
	return ret;
}

void rtm_expect_memcg_oom_begin(const char *rel)
{
	rtm_kmsg("rtm-selftest: expect-memcg-oom begin %s", rel);
}

void rtm_expect_memcg_oom_end(const char *rel)
{
	rtm_kmsg("rtm-selftest: expect-memcg-oom end %s", rel);
}

int rtm_klog_has_after(const char *marker, const char *needle)
{
	const char *from, *p;
	char *buf;
	int size, n, ret;

	size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	if (size <= 0)
		return -1;
	buf = malloc(size + 1);
	if (!buf)
		return -1;
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n < 0) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	from = buf;
	while ((p = strstr(from, marker)))
		from = p + 1;
	if (from == buf) {
		/* The marker fell out of the buffer or was never written */
		free(buf);
		errno = ENOENT;
		return -1;
	}
	ret = strstr(from, needle) != NULL;
	free(buf);
	return ret;
}

double rtm_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- more raw ioctls ---- */

int rtm_raw_version(int fd, struct rtm_version *v)
{
	memset(v, 0, sizeof(*v));
	return ioctl(fd, RTM_IOC_VERSION, v);
}

int rtm_raw_bulk_add(int fd, const struct rtm_bulk_route *recs, __u32 count,
		     __u32 *applied)
{
	struct rtm_route_add_bulk req = {
		.routes = (uintptr_t)recs,
		.count = count,
		.record_size = sizeof(*recs),
	};
	int ret;

	ret = ioctl(fd, RTM_IOC_ROUTE_ADD_BULK, &req);
	if (!ret && applied)
		*applied = req.count;
	return ret;
}

void rtm_flood_record(struct rtm_bulk_route *r, unsigned long i)
{
	memset(r, 0, sizeof(*r));
	/* 1.0.0.0/24, 1.0.1.0/24, ... 1.255.255.0/24, 2.0.0.0/24, ... */
	rtm_prefix4(&r->dest, 1 + (i >> 16), i >> 8, i, 0, 24);
	r->preference = 100;
	r->metric = 1;
	r->views = 0x1;
}
