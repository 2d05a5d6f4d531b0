// SPDX-License-Identifier: GPL-2.0
/*
 * rtm-vmbench: rtm against the kernel's own routing table, in one VM boot.
 *
 * For each address family, with the same prefixes loaded into rtm (one
 * entity, one route per destination over one next hop) and into a FIB table
 * (ip -batch, "via" a gateway on a dummy device):
 *
 *   load       RtmAddRoutesToDestsBulk and RtmAddRouteToDest   vs ip -batch
 *   enumerate  RtmGetEnumDests batches + RtmReleaseDests       vs an
 *              RTM_GETROUTE dump of the table (parsed, counted)
 *   release    RtmReleaseDests of a whole table's handles      vs one
 *              RTM_IOC_RELEASE ioctl per handle
 *   lookup     rtm_fib_lookup() vs fib_table_lookup() (IPv6: the stub's
 *              fib6_table_lookup()), in the kernel (rtm_lookup_bench.ko)
 *   memory     kernel memory growth per prefix for the same table
 *
 * and kernel instructions per item where the guest can count them.
 * Figures are printed; the exit status says only whether every step worked
 * and both sides agreed (same counts, same lookup answers), never whether
 * a target was met. Times are wall clock in an emulated (TCG) guest: only
 * the ratios mean something.
 *
 * Usage: rtm-vmbench [options] IPV4_FILE IPV6_FILE   (see usage())
 * Needs root, rtm.ko, a device for the FIB routes with the gateways
 * reachable (see testing/vmbench/guest-run) and iproute2's ip.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/perf_event.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/rtm.h>

#include "rtm-tools.h"
#include "lookup_bench/rtm_lookup_bench.h"

#define BENCH_PROTOCOL_ID	14	/* PROTO_IP_BGP */
#define BENCH_METRIC		20
#define BENCH_PREFERENCE	100
#define DEFAULT_TABLE		100
#define DEFAULT_KEYS		(1U << 20)
#define DEFAULT_ROUNDS		3
#define DEFAULT_SEED		42
#define NL_RECV_BUFFER		(1U << 20)
#define LOOKUP_BENCH_RUN	"/sys/kernel/debug/" RTM_LOOKUP_BENCH_DIR "/run"
#define MAX_ROWS		64

struct options {
	const char *ip;		/* iproute2's ip */
	const char *dev;	/* device of the FIB routes */
	unsigned int table;
	unsigned int keys;
	unsigned int rounds;
	unsigned long long seed;
	size_t limit;
};

struct family_bench {
	const char *name;
	int family;
	const char *path;
	const char *gateway;	/* rtm's next hop and the FIB routes' gateway */
	RTM_NET_ADDRESS *prefixes;
	size_t num_prefixes;
	RTM_ENTITY_HANDLE entity;
	RTM_NEXTHOP_HANDLE nexthop;
	RTM_REGN_PROFILE profile;
};

/* One line of the final table */
struct row {
	char step[48];
	double items;
	double seconds;
	const char *unit;	/* what an item is */
	int reference;		/* row index of the reference, or -1 */
	const char *target;	/* the target, or NULL */
	double target_ratio;	/* >= this is met; 0: report only */
};

static struct row rows[MAX_ROWS];
static unsigned int num_rows;
static unsigned int failures;

/* Memory lines, filled per family: kernel bytes grown, three ways */
struct memory_line {
	char what[48];
	double object_bytes;	/* slab objects + per-cpu + vmalloc */
	double page_bytes;	/* unreclaimable slab pages + per-cpu + vmalloc */
	double prefixes;
};

static struct memory_line memory_lines[8];
static unsigned int num_memory_lines;
static char *perf_note;

static void __attribute__((format(printf, 1, 2), noreturn)) die(const char *fmt, ...)
{
	va_list args;

	fflush(stdout);
	fprintf(stderr, "rtm-vmbench: ");
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fprintf(stderr, "\n");
	exit(1);
}

static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list args;

	failures++;
	printf("  FAIL: ");
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	printf("\n");
	fflush(stdout);
}

static void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size);

	if (!p)
		die("out of memory (%zu x %zu bytes)", count, size);
	return p;
}


static double rate(double items, double seconds)
{
	return seconds > 0 ? items / seconds : 0;
}

/* Add a row; prints it at once so that a slow run shows progress. */
static int add_row(const char *step, double items, double seconds,
		   const char *unit, int reference, const char *target,
		   double target_ratio)
{
	struct row *r;

	if (num_rows == MAX_ROWS)
		die("too many rows");
	r = &rows[num_rows];
	snprintf(r->step, sizeof(r->step), "%s", step);
	r->items = items;
	r->seconds = seconds;
	r->unit = unit;
	r->reference = reference;
	r->target = target;
	r->target_ratio = target_ratio;
	printf("  %-44s %9.0f %-8s %9.3f s %12.0f/s\n", step, items, unit,
	       seconds, rate(items, seconds));
	fflush(stdout);
	return num_rows++;
}

/* ---- input ---- */

static void count_bad_line(void *ctx, unsigned long line_number,
			   const char *text)
{
	(void)line_number;
	(void)text;
	(*(unsigned long *)ctx)++;
}

static void read_prefixes(struct family_bench *fb, size_t limit)
{
	unsigned long bad = 0;
	int err;

	err = netaddr_read_file(fb->path, fb->family, limit, &fb->prefixes,
				&fb->num_prefixes, count_bad_line, &bad);
	if (err)
		die("%s: %s", fb->path, strerror(-err));
	if (bad)
		fail("%s: %lu lines are not %s prefixes", fb->path, bad, fb->name);
	if (!fb->num_prefixes)
		die("%s: no %s prefixes", fb->path, fb->name);
}

/* ---- kernel memory ---- */

struct meminfo {
	long long sunreclaim, percpu, vmalloc;
};

static struct meminfo read_meminfo(void)
{
	struct meminfo m = { 0 };
	char name[64];
	long long kb;
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		die("/proc/meminfo: %s", strerror(errno));
	while (fscanf(f, "%63s %lld kB\n", name, &kb) == 2) {
		if (!strcmp(name, "SUnreclaim:"))
			m.sunreclaim = kb;
		else if (!strcmp(name, "Percpu:"))
			m.percpu = kb;
		else if (!strcmp(name, "VmallocUsed:"))
			m.vmalloc = kb;
	}
	fclose(f);
	return m;
}

/* Per-cpu and vmalloc memory grown, in bytes (neither is slab) */
static double percpu_vmalloc_growth(const struct meminfo *a,
				    const struct meminfo *b)
{
	return 1024.0 * ((b->percpu - a->percpu) + (b->vmalloc - a->vmalloc));
}

/* /proc/slabinfo: bytes in allocated objects per cache (active_objs * objsize) */
struct slab_cache {
	char name[64];
	long long bytes;
};

struct slabinfo {
	struct slab_cache *caches;
	size_t count;
};

static struct slabinfo read_slabinfo(void)
{
	struct slabinfo s = { 0 };
	size_t capacity = 0;
	char line[512];
	FILE *f;

	f = fopen("/proc/slabinfo", "r");
	if (!f)
		die("/proc/slabinfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		long long active, num, size;
		char name[64];

		if (sscanf(line, "%63s %lld %lld %lld", name, &active, &num,
			   &size) != 4)
			continue;
		if (s.count == capacity) {
			capacity = capacity ? 2 * capacity : 256;
			s.caches = realloc(s.caches, capacity * sizeof(*s.caches));
			if (!s.caches)
				die("out of memory");
		}
		snprintf(s.caches[s.count].name, sizeof(s.caches[0].name), "%s",
			 name);
		s.caches[s.count].bytes = active * size;
		s.count++;
	}
	fclose(f);
	return s;
}

static long long slab_cache_growth(const struct slabinfo *a,
				   const struct slabinfo *b, size_t i)
{
	size_t j;

	for (j = 0; j < a->count; j++)
		if (!strcmp(a->caches[j].name, b->caches[i].name))
			return b->caches[i].bytes - a->caches[j].bytes;
	return b->caches[i].bytes;
}

static double slab_object_growth(const struct slabinfo *a,
				 const struct slabinfo *b)
{
	double total = 0;
	size_t i;

	for (i = 0; i < b->count; i++)
		total += slab_cache_growth(a, b, i);
	return total;
}

/* Print the three caches whose objects grew most. */
static void print_top_caches(const struct slabinfo *a, const struct slabinfo *b)
{
	long long best[3] = { 0 };
	size_t best_index[3] = { 0 }, i;
	int k, shown = 0;

	for (i = 0; i < b->count; i++) {
		long long grown = slab_cache_growth(a, b, i);

		for (k = 0; k < 3; k++) {
			if (grown > best[k]) {
				memmove(&best[k + 1], &best[k],
					(2 - k) * sizeof(best[0]));
				memmove(&best_index[k + 1], &best_index[k],
					(2 - k) * sizeof(best_index[0]));
				best[k] = grown;
				best_index[k] = i;
				break;
			}
		}
	}
	printf("  %-44s slab objects grown most:", "");
	for (k = 0; k < 3 && best[k] > 0; k++, shown++)
		printf("%s %s +%.1f MB", k ? "," : "",
		       b->caches[best_index[k]].name, best[k] / 1048576.0);
	printf("%s\n", shown ? "" : " none");
}

static void free_slabinfo(struct slabinfo *s)
{
	free(s->caches);
	s->caches = NULL;
	s->count = 0;
}

struct memory_mark {
	struct meminfo meminfo;
	struct slabinfo slabinfo;
};

static void memory_mark(struct memory_mark *m)
{
	/* Let RCU-deferred frees of the step before land first. */
	sleep(1);
	m->meminfo = read_meminfo();
	m->slabinfo = read_slabinfo();
}

static void add_memory_line(const char *what, const struct memory_mark *a,
			    const struct memory_mark *b, double prefixes)
{
	struct memory_line *l = &memory_lines[num_memory_lines++];
	double other = percpu_vmalloc_growth(&a->meminfo, &b->meminfo);

	snprintf(l->what, sizeof(l->what), "%s", what);
	l->object_bytes = slab_object_growth(&a->slabinfo, &b->slabinfo) + other;
	l->page_bytes = 1024.0 * (b->meminfo.sunreclaim - a->meminfo.sunreclaim) +
			other;
	l->prefixes = prefixes;
	printf("  %-44s %9.0f prefixes: %+.1f MB kernel objects (%.0f B/prefix); per-cpu %+lld kB, vmalloc %+lld kB\n",
	       what, prefixes, l->object_bytes / 1048576.0,
	       prefixes ? l->object_bytes / prefixes : 0,
	       b->meminfo.percpu - a->meminfo.percpu,
	       b->meminfo.vmalloc - a->meminfo.vmalloc);
	print_top_caches(&a->slabinfo, &b->slabinfo);
	fflush(stdout);
}

/* ---- kernel instruction counter ---- */

static int perf_fd = -1;

/* Count kernel instructions of this process; false when the guest cannot. */
static bool perf_open(void)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	attr.config = PERF_COUNT_HW_INSTRUCTIONS;
	attr.disabled = 1;
	attr.exclude_user = 1;
	attr.exclude_hv = 1;
	perf_fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	if (perf_fd < 0) {
		int err = errno;

		perf_note = xcalloc(1, 512);
		snprintf(perf_note, 512,
			 "perf_event_open(PERF_COUNT_HW_INSTRUCTIONS, kernel only): %s.\n"
			 "No hardware PMU in this guest (QEMU TCG emulates none): kernel instructions\n"
			 "per handle and per destination cannot be counted here; the userspace build's\n"
			 "callgrind instruction count is the substitute.",
			 strerror(err));
		return false;
	}
	return true;
}

static void perf_start(void)
{
	if (perf_fd < 0)
		return;
	ioctl(perf_fd, PERF_EVENT_IOC_RESET, 0);
	ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, 0);
}

/* Kernel instructions since perf_start(), or -1 */
static double perf_stop(void)
{
	unsigned long long count;

	if (perf_fd < 0)
		return -1;
	ioctl(perf_fd, PERF_EVENT_IOC_DISABLE, 0);
	if (read(perf_fd, &count, sizeof(count)) != sizeof(count))
		return -1;
	return count;
}

static void print_instructions(const char *what, double instructions,
			       double items)
{
	if (instructions < 0 || !items)
		return;
	printf("  %-44s %12.0f kernel instructions per %s\n", "",
	       instructions / items, what);
}

/* ---- FIB side: ip -batch and the rtnetlink dump ---- */

static int run_ip(const struct options *opt, char *const argv[])
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		execv(opt->ip, argv);
		fprintf(stderr, "rtm-vmbench: %s: %s\n", opt->ip, strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The batch file ip reads: one "route add" per prefix. */
static void write_batch_file(const struct family_bench *fb,
			     const struct options *opt, const char *path)
{
	char text[NETADDR_STRLEN];
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f)
		die("%s: %s", path, strerror(errno));
	for (i = 0; i < fb->num_prefixes; i++)
		fprintf(f, "route add %s via %s dev %s table %u\n",
			netaddr_format(&fb->prefixes[i], text, sizeof(text)),
			fb->gateway, opt->dev, opt->table);
	if (fclose(f))
		die("%s: %s", path, strerror(errno));
}

/*
 * Dump table @table of @family with one RTM_GETROUTE NLM_F_DUMP request,
 * parse every route and count those of the table (what `ip route save`
 * asks the kernel for, then decoded). Returns the count, -1 on error.
 */
static long nl_dump_table(int family, unsigned int table)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg rtm;
	} req;
	int fd, one = 1, rcvbuf = 8 << 20;
	unsigned int addr_len = family == AF_INET ? 4 : 16;
	long count = 0;
	char *buf;
	bool done = false;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		die("netlink socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	/* Strict checking makes the kernel filter the dump by table. */
	if (setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one,
		       sizeof(one)))
		die("NETLINK_GET_STRICT_CHK: %s", strerror(errno));

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 1;
	req.rtm.rtm_family = family;
	req.rtm.rtm_table = table;
	if (send(fd, &req, sizeof(req), 0) != sizeof(req))
		die("RTM_GETROUTE: %s", strerror(errno));

	buf = xcalloc(1, NL_RECV_BUFFER);
	while (!done) {
		ssize_t len = recv(fd, buf, NL_RECV_BUFFER, 0);
		struct nlmsghdr *nh;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			fail("netlink dump: recv: %s", strerror(errno));
			count = -1;
			break;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, len);
		     nh = NLMSG_NEXT(nh, len)) {
			struct rtmsg *rtm = NLMSG_DATA(nh);
			unsigned int route_table, rta_len;
			bool have_dst = false, have_gateway = false;
			struct rtattr *rta;

			if (nh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *err = NLMSG_DATA(nh);

				fail("netlink dump: %s", strerror(-err->error));
				count = -1;
				done = true;
				break;
			}
			if (nh->nlmsg_type != RTM_NEWROUTE)
				continue;
			route_table = rtm->rtm_table;
			rta_len = RTM_PAYLOAD(nh);
			for (rta = RTM_RTA(rtm); RTA_OK(rta, rta_len);
			     rta = RTA_NEXT(rta, rta_len)) {
				switch (rta->rta_type) {
				case RTA_TABLE:
					route_table = *(__u32 *)RTA_DATA(rta);
					break;
				case RTA_DST:
					have_dst = RTA_PAYLOAD(rta) == addr_len;
					break;
				case RTA_GATEWAY:
					have_gateway = RTA_PAYLOAD(rta) == addr_len;
					break;
				}
			}
			if (route_table != table)
				continue;
			if ((!have_dst && rtm->rtm_dst_len) || !have_gateway) {
				fail("netlink dump: a route of table %u without destination or gateway",
				     table);
				continue;
			}
			count++;
		}
	}
	free(buf);
	close(fd);
	return count;
}

/* ---- rtm side ---- */

static void rtm_register(struct family_bench *fb, ULONG instance)
{
	RTM_NEXTHOP_CHANGE_FLAGS nh_flags = 0;
	RTM_NEXTHOP_INFO nh;
	RTM_ENTITY_INFO info;
	DWORD status;

	memset(&info, 0, sizeof(info));
	info.AddressFamily = fb->family;
	info.EntityId.EntityProtocolId = BENCH_PROTOCOL_ID;
	info.EntityId.EntityInstanceId = instance;
	status = RtmRegisterEntity(&info, NULL, NULL, FALSE, &fb->profile,
				   &fb->entity);
	if (status != NO_ERROR)
		die("RtmRegisterEntity(%s): %lu %s", fb->name,
		    (unsigned long)status, win32_error_name(status));

	memset(&nh, 0, sizeof(nh));
	if (netaddr_parse(fb->gateway, fb->family, &nh.NextHopAddress))
		die("bad gateway %s", fb->gateway);
	fb->nexthop = NULL;
	status = RtmAddNextHop(fb->entity, &nh, &fb->nexthop, &nh_flags);
	if (status != NO_ERROR)
		die("RtmAddNextHop(%s): %lu %s", fb->gateway,
		    (unsigned long)status, win32_error_name(status));
}

static void rtm_deregister(struct family_bench *fb)
{
	DWORD status = RtmReleaseNextHops(fb->entity, 1, &fb->nexthop);

	if (status != NO_ERROR)
		fail("RtmReleaseNextHops(%s): %s", fb->name,
		     win32_error_name(status));
	/* Closing the entity's file withdraws its routes. */
	status = RtmDeregisterEntity(fb->entity);
	if (status != NO_ERROR)
		fail("RtmDeregisterEntity(%s): %s", fb->name,
		     win32_error_name(status));
	fb->entity = NULL;
}

static void route_info(const struct family_bench *fb, RTM_ROUTE_INFO *route)
{
	memset(route, 0, sizeof(*route));
	route->PrefInfo.Metric = BENCH_METRIC;
	route->PrefInfo.Preference = BENCH_PREFERENCE;
	route->BelongsToViews = RTM_VIEW_MASK_UCAST;
	route->NextHopsList.NumNextHops = 1;
	route->NextHopsList.NextHops[0] = fb->nexthop;
}

/* Returns the routes added. */
static size_t rtm_add_one_by_one(struct family_bench *fb)
{
	RTM_ROUTE_INFO route;
	size_t i, added = 0;
	DWORD status, last = NO_ERROR;

	route_info(fb, &route);
	for (i = 0; i < fb->num_prefixes; i++) {
		status = RtmAddRouteToDest(fb->entity, NULL, &fb->prefixes[i],
					   &route, INFINITE, NULL, 0, NULL, NULL);
		if (status == NO_ERROR)
			added++;
		else
			last = status;
	}
	if (added != fb->num_prefixes)
		fail("%s: RtmAddRouteToDest failed %zu times (last: %s)",
		     fb->name, fb->num_prefixes - added, win32_error_name(last));
	return added;
}

/* Returns the routes the kernel applied. */
static size_t rtm_add_bulk(struct family_bench *fb, RTM_BULK_ROUTE *bulk)
{
	UINT applied = 0;
	DWORD status;

	status = RtmAddRoutesToDestsBulk(fb->entity, bulk, fb->num_prefixes,
					 &applied);
	if (status != NO_ERROR || applied != fb->num_prefixes)
		fail("%s: RtmAddRoutesToDestsBulk: %s, %u of %zu applied",
		     fb->name, win32_error_name(status), applied,
		     fb->num_prefixes);
	return applied;
}

static void fill_bulk(const struct family_bench *fb, RTM_BULK_ROUTE *bulk)
{
	size_t i;

	for (i = 0; i < fb->num_prefixes; i++) {
		memset(&bulk[i], 0, sizeof(bulk[i]));
		bulk[i].DestAddress = fb->prefixes[i];
		bulk[i].PrefInfo.Metric = BENCH_METRIC;
		bulk[i].PrefInfo.Preference = BENCH_PREFERENCE;
		bulk[i].BelongsToViews = RTM_VIEW_MASK_UCAST;
		bulk[i].NumNextHops = 1;
		bulk[i].NextHops[0] = fb->nexthop;
	}
}

static PRTM_DEST_INFO record_at(void *records, size_t i)
{
	return (PRTM_DEST_INFO)((char *)records + i * RTM_SIZE_OF_DEST_INFO(1));
}

static RTM_ENUM_HANDLE enum_start(struct family_bench *fb)
{
	RTM_ENUM_HANDLE h = NULL;
	DWORD status;

	status = RtmCreateDestEnum(fb->entity, RTM_VIEW_MASK_UCAST,
				   RTM_ENUM_START, NULL, RTM_BEST_PROTOCOL, &h);
	if (status != NO_ERROR)
		die("RtmCreateDestEnum(%s): %s", fb->name,
		    win32_error_name(status));
	return h;
}

/* One batch; false when the walk is over. *count is valid either way. */
static bool enum_fetch(struct family_bench *fb, RTM_ENUM_HANDLE h,
		       void *records, UINT *count)
{
	DWORD status;

	*count = fb->profile.MaxHandlesInEnum;
	status = RtmGetEnumDests(fb->entity, h, count, records);
	if (status == ERROR_NO_MORE_ITEMS)
		return false;
	if (status != NO_ERROR) {
		fail("RtmGetEnumDests(%s): %s", fb->name,
		     win32_error_name(status));
		*count = 0;
		return false;
	}
	return *count > 0;
}

static void release_dests(struct family_bench *fb, void *records, UINT count)
{
	DWORD status;

	if (!count)
		return;
	status = RtmReleaseDests(fb->entity, count, records);
	if (status != NO_ERROR)
		fail("RtmReleaseDests(%s, %u): %s", fb->name, count,
		     win32_error_name(status));
}

/*
 * A walk releasing each batch as it comes, as a client enumerates; the
 * fetches and the releases are timed apart. Returns the destinations seen.
 */
static size_t rtm_enumerate(struct family_bench *fb, double *fetch_seconds,
			    double *release_seconds, double *instructions)
{
	void *records = xcalloc(fb->profile.MaxHandlesInEnum,
				RTM_SIZE_OF_DEST_INFO(1));
	RTM_ENUM_HANDLE h;
	size_t seen = 0;
	double t;
	bool more;

	*fetch_seconds = 0;
	*release_seconds = 0;
	perf_start();
	t = monotonic_seconds();
	h = enum_start(fb);
	*fetch_seconds += monotonic_seconds() - t;
	do {
		UINT count;

		t = monotonic_seconds();
		more = enum_fetch(fb, h, records, &count);
		*fetch_seconds += monotonic_seconds() - t;
		seen += count;
		t = monotonic_seconds();
		release_dests(fb, records, count);
		*release_seconds += monotonic_seconds() - t;
	} while (more);
	t = monotonic_seconds();
	RtmDeleteEnumHandle(fb->entity, h);
	*fetch_seconds += monotonic_seconds() - t;
	*instructions = perf_stop();
	free(records);
	return seen;
}

struct held {
	void **batches;
	UINT *counts;
	size_t num_batches;
	size_t records;
};

/* A walk keeping every batch: a full table's worth of references. */
static void rtm_enumerate_holding(struct family_bench *fb, struct held *held)
{
	size_t capacity = 0;
	RTM_ENUM_HANDLE h;
	bool more;

	memset(held, 0, sizeof(*held));
	h = enum_start(fb);
	do {
		void *records = xcalloc(fb->profile.MaxHandlesInEnum,
					RTM_SIZE_OF_DEST_INFO(1));
		UINT count;

		more = enum_fetch(fb, h, records, &count);
		if (held->num_batches == capacity) {
			capacity = capacity ? 2 * capacity : 256;
			held->batches = realloc(held->batches,
						capacity * sizeof(void *));
			held->counts = realloc(held->counts,
					       capacity * sizeof(UINT));
			if (!held->batches || !held->counts)
				die("out of memory");
		}
		held->batches[held->num_batches] = records;
		held->counts[held->num_batches++] = count;
		held->records += count;
	} while (more);
	RtmDeleteEnumHandle(fb->entity, h);
}

static void free_held(struct held *held)
{
	size_t b;

	for (b = 0; b < held->num_batches; b++)
		free(held->batches[b]);
	free(held->batches);
	free(held->counts);
}

/*
 * librtm keeps the entity's /dev/rtm file to itself: find it as the one
 * open file of this process that is /dev/rtm (one entity is registered).
 */
static int rtm_entity_fd(void)
{
	char link[64], target[64];
	int fd, found = -1;
	ssize_t len;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		len = readlink(link, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = '\0';
		if (strcmp(target, "/dev/rtm"))
			continue;
		if (found >= 0)
			die("more than one /dev/rtm file open");
		found = fd;
	}
	if (found < 0)
		die("no /dev/rtm file open");
	return found;
}

/* Handles of a record: the destination, the best route and its owner. */
static size_t record_handles(const RTM_DEST_INFO *d, __u64 handles[3])
{
	size_t n = 0;

	handles[n++] = (uintptr_t)d->DestHandle;
	if (d->ViewInfo[0].Route)
		handles[n++] = (uintptr_t)d->ViewInfo[0].Route;
	if (d->ViewInfo[0].Owner)
		handles[n++] = (uintptr_t)d->ViewInfo[0].Owner;
	return n;
}

/* Release every held handle with its own RTM_IOC_RELEASE; returns the count. */
static size_t release_one_by_one(struct held *held, double *instructions)
{
	int fd = rtm_entity_fd();
	size_t b, i, k, released = 0;

	perf_start();
	for (b = 0; b < held->num_batches; b++) {
		for (i = 0; i < held->counts[b]; i++) {
			__u64 handles[3];
			size_t n = record_handles(record_at(held->batches[b], i),
						  handles);

			for (k = 0; k < n; k++) {
				struct rtm_release rel = {
					.handles = (uintptr_t)&handles[k],
					.count = 1,
					.type = RTM_HANDLE_ANY,
				};

				if (ioctl(fd, RTM_IOC_RELEASE, &rel))
					fail("RTM_IOC_RELEASE of one handle: %s",
					     strerror(errno));
				else
					released++;
			}
		}
	}
	*instructions = perf_stop();
	return released;
}

static size_t count_held_handles(const struct held *held)
{
	size_t b, i, n = 0;
	__u64 handles[3];

	for (b = 0; b < held->num_batches; b++)
		for (i = 0; i < held->counts[b]; i++)
			n += record_handles(record_at(held->batches[b], i),
					    handles);
	return n;
}

static void release_batched(struct family_bench *fb, struct held *held,
			    double *instructions)
{
	size_t b;

	perf_start();
	for (b = 0; b < held->num_batches; b++)
		release_dests(fb, held->batches[b], held->counts[b]);
	*instructions = perf_stop();
}

/* ---- lookups in the kernel ---- */

static uint64_t rng_next(uint64_t *state)
{
	/* splitmix64: seeded, the same keys every run */
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* An address inside @prefix: its bits, then random host bits. */
static void key_inside(const RTM_NET_ADDRESS *prefix, unsigned int bytes,
		       uint64_t *rng, unsigned char *key)
{
	unsigned int i;

	for (i = 0; i < bytes; i++) {
		unsigned int first = i * 8;
		unsigned char random = rng_next(rng);
		unsigned char mask;

		if (first >= prefix->NumBits)
			mask = 0;
		else if (first + 8 <= prefix->NumBits)
			mask = 0xff;
		else
			mask = 0xff << (8 - (prefix->NumBits - first));
		key[i] = (prefix->AddrBits[i] & mask) | (random & ~mask);
	}
}

struct lookup_result {
	unsigned long keys, rounds, hits, mismatches;
	unsigned long long rtm_ns, fib_ns;
};

static bool run_lookup_bench(const struct family_bench *fb,
			     const struct options *opt, bool hits,
			     struct lookup_result *res)
{
	size_t size = sizeof(struct rtm_lookup_bench_req) +
		      (size_t)opt->keys * RTM_LOOKUP_BENCH_KEY_SIZE;
	unsigned int bytes = fb->family == AF_INET ? 4 : 16;
	struct rtm_lookup_bench_req *req = xcalloc(1, size);
	unsigned char *keys = (unsigned char *)(req + 1);
	uint64_t rng = opt->seed * 2 + hits;
	char text[1024], name[64];
	unsigned long long value;
	unsigned int i;
	ssize_t len;
	FILE *out;
	int fd;

	for (i = 0; i < opt->keys; i++) {
		unsigned char *key = keys + (size_t)i * RTM_LOOKUP_BENCH_KEY_SIZE;

		if (hits) {
			key_inside(&fb->prefixes[rng_next(&rng) % fb->num_prefixes],
				   bytes, &rng, key);
		} else {
			/* Anywhere; IPv6 within 2000::/3, the unicast space */
			static const RTM_NET_ADDRESS space6 = {
				.AddressFamily = AF_INET6, .NumBits = 3,
				.AddrBits = { 0x20 },
			};
			static const RTM_NET_ADDRESS space4 = {
				.AddressFamily = AF_INET, .NumBits = 0,
			};

			key_inside(fb->family == AF_INET ? &space4 : &space6,
				   bytes, &rng, key);
		}
	}
	req->family = fb->family;
	req->table = opt->table;
	req->view = RTM_VIEW_ID_UCAST;
	req->rounds = opt->rounds;
	req->num_keys = opt->keys;

	fd = open(LOOKUP_BENCH_RUN, O_RDWR);
	if (fd < 0) {
		free(req);
		return false;
	}
	if (write(fd, req, size) != (ssize_t)size) {
		fail("%s: lookup benchmark: %s", LOOKUP_BENCH_RUN, strerror(errno));
		close(fd);
		free(req);
		return false;
	}
	free(req);
	len = pread(fd, text, sizeof(text) - 1, 0);
	close(fd);
	if (len <= 0)
		return false;
	text[len] = '\0';

	memset(res, 0, sizeof(*res));
	out = fmemopen(text, len, "r");
	while (out && fscanf(out, "%63s %llu", name, &value) == 2) {
		if (!strcmp(name, "keys"))
			res->keys = value;
		else if (!strcmp(name, "rounds"))
			res->rounds = value;
		else if (!strcmp(name, "hits"))
			res->hits = value;
		else if (!strcmp(name, "mismatches"))
			res->mismatches = value;
		else if (!strcmp(name, "rtm_ns_total"))
			res->rtm_ns = value;
		else if (!strcmp(name, "fib_ns_total"))
			res->fib_ns = value;
	}
	if (out)
		fclose(out);
	return true;
}

static void bench_lookups(const struct family_bench *fb,
			  const struct options *opt)
{
	static const char *const kinds[2] = { "random addresses", "hits" };
	const char *fib_name = fb->family == AF_INET ? "fib_table_lookup" :
				"fib6_table_lookup";
	unsigned int hits;

	for (hits = 0; hits < 2; hits++) {
		struct lookup_result res;
		char step[64];
		double n;
		int ref;

		if (!run_lookup_bench(fb, opt, hits, &res)) {
			printf("  %s lookups: %s not available (rtm_lookup_bench.ko not loaded): skipped\n",
			       fb->name, LOOKUP_BENCH_RUN);
			failures++;
			return;
		}
		n = (double)res.keys * res.rounds;
		snprintf(step, sizeof(step), "%s lookup %s: %s", fb->name,
			 kinds[hits], fib_name);
		ref = add_row(step, n, res.fib_ns / 1e9, "lookups", -1, NULL, 0);
		snprintf(step, sizeof(step), "%s lookup %s: rtm_fib_lookup",
			 fb->name, kinds[hits]);
		add_row(step, n, res.rtm_ns / 1e9, "lookups", ref, "report", 0);
		printf("  %-44s %lu of %lu keys found, %lu answered differently\n",
		       "", res.hits, res.keys, res.mismatches);
		if (res.mismatches)
			fail("%s: rtm and the FIB disagree on %lu of %lu keys (see the kernel log)",
			     fb->name, res.mismatches, res.keys);
		if (hits && res.hits != res.keys)
			fail("%s: %lu of %lu keys drawn inside table prefixes missed",
			     fb->name, res.keys - res.hits, res.keys);
	}
}

/* ---- one family ---- */

static void bench_family(struct family_bench *fb, const struct options *opt)
{
	char batch_path[64], step[64];
	struct memory_mark m0, m1, m2;
	struct rtm_objects o1, o2;
	RTM_BULK_ROUTE *bulk;
	double t, instructions;
	size_t n, dests = 0;
	int fib_load, enum_ref, release_ref;
	long routes;
	struct held held;

	printf("\n%s: %zu prefixes from %s (ip -batch takes a while under TCG)\n",
	       fb->name, fb->num_prefixes, fb->path);
	fflush(stdout);

	snprintf(batch_path, sizeof(batch_path), "/tmp/rtm-vmbench-%s.batch",
		 fb->name);
	write_batch_file(fb, opt, batch_path);
	/* Touched now so that the memory readings see only the kernel. */
	bulk = xcalloc(fb->num_prefixes, sizeof(*bulk));
	memset(bulk, 0, fb->num_prefixes * sizeof(*bulk));

	/* FIB: load, memory, dump */
	memory_mark(&m0);
	{
		char *argv[] = { (char *)opt->ip, "-force", "-batch",
				 batch_path, NULL };
		int status;

		t = monotonic_seconds();
		status = run_ip(opt, argv);
		t = monotonic_seconds() - t;
		if (status)
			fail("%s -force -batch %s: exit status %d", opt->ip,
			     batch_path, status);
	}
	unlink(batch_path);
	memory_mark(&m1);
	snprintf(step, sizeof(step), "%s load: ip -batch (FIB table %u)",
		 fb->name, opt->table);
	fib_load = add_row(step, fb->num_prefixes, t, "routes", -1, NULL, 0);

	t = monotonic_seconds();
	routes = nl_dump_table(fb->family, opt->table);
	t = monotonic_seconds() - t;
	snprintf(step, sizeof(step), "%s enumerate: rtnetlink dump", fb->name);
	enum_ref = add_row(step, routes, t, "routes", -1, NULL, 0);
	if (routes != (long)fb->num_prefixes)
		fail("%s: the FIB table holds %ld routes, %zu prefixes were loaded",
		     fb->name, routes, fb->num_prefixes);
	snprintf(step, sizeof(step), "%s FIB table %u", fb->name, opt->table);
	add_memory_line(step, &m0, &m1, routes > 0 ? routes : 0);

	/* rtm: bulk load, memory */
	rtm_register(fb, 1);
	fill_bulk(fb, bulk);
	if (rtm_objects_read(&o1))
		memset(&o1, 0, sizeof(o1));
	t = monotonic_seconds();
	n = rtm_add_bulk(fb, bulk);
	t = monotonic_seconds() - t;
	memory_mark(&m2);
	snprintf(step, sizeof(step), "%s load: RtmAddRoutesToDestsBulk", fb->name);
	add_row(step, n, t, "routes", fib_load, ">= 20x", 20);
	if (!rtm_objects_read(&o2)) {
		unsigned int i;

		for (i = 0; i < o2.count; i++)
			if (!strcmp(o2.name[i], "dests") && i < o1.count)
				dests = o2.value[i] - o1.value[i];
	} else {
		fail("%s not readable", RTM_OBJECTS_PATH);
	}
	snprintf(step, sizeof(step), "%s rtm (1 route per destination)", fb->name);
	add_memory_line(step, &m1, &m2, dests);
	if (dests != fb->num_prefixes)
		fail("%s: rtm holds %zu more destinations, %zu prefixes were loaded",
		     fb->name, dests, fb->num_prefixes);
	free(bulk);

	/* Enumeration */
	{
		double fetch_seconds, release_seconds;

		n = rtm_enumerate(fb, &fetch_seconds, &release_seconds,
				  &instructions);
		snprintf(step, sizeof(step), "%s enumerate: RtmGetEnumDests only",
			 fb->name);
		add_row(step, n, fetch_seconds, "dests", enum_ref, "report", 0);
		snprintf(step, sizeof(step), "%s enumerate: + RtmReleaseDests",
			 fb->name);
		add_row(step, n, fetch_seconds + release_seconds, "dests",
			enum_ref, ">= 10x", 10);
		printf("  %-44s batches of %u records (MaxHandlesInEnum)\n", "",
		       fb->profile.MaxHandlesInEnum);
		print_instructions("destination (fetch + release)",
				   instructions, n);
		if (n != dests)
			fail("%s: the walk returned %zu destinations of %zu",
			     fb->name, n, dests);
	}

	/* Release: one ioctl per handle, then batched */
	rtm_enumerate_holding(fb, &held);
	t = monotonic_seconds();
	n = release_one_by_one(&held, &instructions);
	t = monotonic_seconds() - t;
	snprintf(step, sizeof(step), "%s release: 1 RTM_IOC_RELEASE/handle",
		 fb->name);
	release_ref = add_row(step, n, t, "handles", -1, NULL, 0);
	print_instructions("handle, one ioctl each", instructions, n);
	free_held(&held);

	rtm_enumerate_holding(fb, &held);
	n = count_held_handles(&held);
	t = monotonic_seconds();
	release_batched(fb, &held, &instructions);
	t = monotonic_seconds() - t;
	snprintf(step, sizeof(step), "%s release: RtmReleaseDests batches",
		 fb->name);
	add_row(step, n, t, "handles", release_ref, ">= 30x", 30);
	print_instructions("handle, batched", instructions, n);
	free_held(&held);

	/* Lookups in the kernel, both tables loaded */
	bench_lookups(fb, opt);

	t = monotonic_seconds();
	rtm_deregister(fb);
	t = monotonic_seconds() - t;
	snprintf(step, sizeof(step), "%s unload: deregister (withdraw all)",
		 fb->name);
	add_row(step, dests, t, "routes", -1, NULL, 0);

	/* The RTMv2 call, one route at a time, into the emptied table */
	rtm_register(fb, 2);
	t = monotonic_seconds();
	n = rtm_add_one_by_one(fb);
	t = monotonic_seconds() - t;
	snprintf(step, sizeof(step), "%s load: RtmAddRouteToDest each", fb->name);
	add_row(step, n, t, "routes", fib_load, "report", 0);
	rtm_deregister(fb);

	/*
	 * The FIB table stays: `ip route flush` of a full table does not finish
	 * under TCG (iproute2 gives up), and this boot ends after the run.
	 */
	free_slabinfo(&m0.slabinfo);
	free_slabinfo(&m1.slabinfo);
	free_slabinfo(&m2.slabinfo);
}

/* ---- the summary ---- */

static void print_summary(const struct options *opt)
{
	unsigned int i;

	printf("\n=== rtm-vmbench summary (ratio = rtm rate / reference rate, same boot) ===\n");
	printf("%-44s %9s %-8s %9s %12s %9s  %s\n", "step", "items", "", "seconds",
	       "items/s", "ratio", "target");
	for (i = 0; i < num_rows; i++) {
		const struct row *r = &rows[i];
		char ratio[16] = "", verdict[48] = "";

		if (r->reference >= 0) {
			const struct row *ref = &rows[r->reference];
			double x = rate(ref->items, ref->seconds) > 0 ?
				   rate(r->items, r->seconds) /
				   rate(ref->items, ref->seconds) : 0;

			snprintf(ratio, sizeof(ratio), "%.2fx", x);
			if (r->target_ratio > 0)
				snprintf(verdict, sizeof(verdict), "%s %s", r->target,
					 x >= r->target_ratio ? "met" : "NOT met");
			else
				snprintf(verdict, sizeof(verdict), "%s", r->target);
		}
		printf("%-44s %9.0f %-8s %9.3f %12.0f %9s  %s\n", r->step, r->items,
		       r->unit, r->seconds, rate(r->items, r->seconds), ratio,
		       verdict);
	}

	printf("\nKernel memory grown by loading the table, per prefix:\n"
	       "  objects: bytes in allocated slab objects (/proc/slabinfo active_objs x objsize)\n"
	       "           + per-cpu + vmalloc (/proc/meminfo): what the structures take;\n"
	       "  pages:   unreclaimable slab pages (SUnreclaim) + per-cpu + vmalloc: adds\n"
	       "           slab slack, but reuses pages freed by earlier steps.\n");
	printf("%-38s %9s %10s %10s  %s\n", "table", "prefixes", "objects",
	       "pages", "target (on objects)");
	for (i = 0; i < num_memory_lines; i++) {
		const struct memory_line *l = &memory_lines[i];
		double n = l->prefixes ? l->prefixes : 1;
		double per = l->object_bytes / n;
		char target[64] = "";

		if (strstr(l->what, "rtm")) {
			unsigned int limit = strstr(l->what, "IPv6") ? 96 : 64;

			snprintf(target, sizeof(target), "<= %u B %s", limit,
				 per <= limit ? "met" : "NOT met");
			if (i > 0 && memory_lines[i - 1].object_bytes > 0)
				snprintf(target + strlen(target),
					 sizeof(target) - strlen(target),
					 "; %.2fx the FIB's",
					 per / (memory_lines[i - 1].object_bytes /
						memory_lines[i - 1].prefixes));
		}
		printf("%-38s %9.0f %8.1f B %8.1f B  %s\n", l->what,
		       l->prefixes, per, l->page_bytes / n, target);
	}

	printf("\nInstruction counts: %s\n",
	       perf_note ? perf_note : "counted with perf_event_open (kernel only), shown under the steps above.");
	printf("\nLookups: %u keys x %u rounds per method and key set (seed %llu); \"hits\" are drawn\n"
	       "inside the table's prefixes, \"random addresses\" uniformly (IPv6: in 2000::/3).\n"
	       "The methods alternate round by round; seconds are the time inside the lookups.\n",
	       opt->keys, opt->rounds, opt->seed);
	printf("Wall clock in a QEMU TCG guest (emulated CPU): compare ratios, not absolute rates.\n");
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: rtm-vmbench [options] IPV4_FILE IPV6_FILE\n"
		"  --ip PATH      iproute2's ip (default /extra/ip)\n"
		"  --dev NAME     device of the FIB routes (default bench0), with\n"
		"                 192.0.2.1 and 2001:db8::1 reachable on it\n"
		"  --table N      FIB table id (default %u)\n"
		"  --keys N       lookup keys per key set (default %u)\n"
		"  --rounds N     timed passes per lookup method (default %u)\n"
		"  --seed N       key generator seed (default %u)\n"
		"  --limit N      use at most N prefixes of each file\n",
		DEFAULT_TABLE, DEFAULT_KEYS, DEFAULT_ROUNDS, DEFAULT_SEED);
}

static unsigned long parse_number(const char *option, const char *text,
				  unsigned long max)
{
	unsigned long value;
	char *end;

	errno = 0;
	value = strtoul(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || !value ||
	    value > max) {
		fprintf(stderr, "rtm-vmbench: %s wants 1..%lu, got \"%s\"\n",
			option, max, text);
		exit(2);
	}
	return value;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "ip", required_argument, NULL, 'i' },
		{ "dev", required_argument, NULL, 'd' },
		{ "table", required_argument, NULL, 't' },
		{ "keys", required_argument, NULL, 'k' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct options opt = {
		.ip = "/extra/ip", .dev = "bench0", .table = DEFAULT_TABLE,
		.keys = DEFAULT_KEYS, .rounds = DEFAULT_ROUNDS,
		.seed = DEFAULT_SEED, .limit = SIZE_MAX,
	};
	struct family_bench families[2] = {
		{ .name = "IPv4", .family = AF_INET, .gateway = "192.0.2.1" },
		{ .name = "IPv6", .family = AF_INET6, .gateway = "2001:db8::1" },
	};
	unsigned int f;
	int c;

	while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
		switch (c) {
		case 'i':
			opt.ip = optarg;
			break;
		case 'd':
			opt.dev = optarg;
			break;
		case 't':
			/* RT_TABLE_MAIN and above belong to the system */
			opt.table = parse_number("--table", optarg, 252);
			break;
		case 'k':
			opt.keys = parse_number("--keys", optarg,
						RTM_LOOKUP_BENCH_MAX_KEYS);
			break;
		case 'r':
			opt.rounds = parse_number("--rounds", optarg,
						  RTM_LOOKUP_BENCH_MAX_ROUNDS);
			break;
		case 's':
			opt.seed = parse_number("--seed", optarg, ULONG_MAX);
			break;
		case 'l':
			opt.limit = parse_number("--limit", optarg, ULONG_MAX);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	families[0].path = argv[optind];
	families[1].path = argv[optind + 1];

	printf("rtm-vmbench: rtm against the kernel FIB on the same table, in one boot\n"
	       "Each step prints: items, seconds, items per second. The summary at the end gives\n"
	       "each rtm step's rate as a ratio to its reference and the issue's target beside it.\n");
	if (!perf_open())
		printf("\n%s\n", perf_note);
	for (f = 0; f < 2; f++)
		read_prefixes(&families[f], opt.limit);
	for (f = 0; f < 2; f++)
		bench_family(&families[f], &opt);

	print_summary(&opt);
	printf("\nrtm-vmbench: %s (%u problem%s)\n",
	       failures ? "FAILED" : "all steps worked, both sides agreed",
	       failures, failures == 1 ? "" : "s");
	return failures ? 1 : 0;
}
