// SPDX-License-Identifier: GPL-2.0
/*
 * rtmctl: look at and poke rtm's destinations by hand, like `ip route`.
 *
 *   rtmctl add PREFIX [metric M] [pref P] [via ADDR] [--hold]
 *   rtmctl batch FILE [--hold]
 *   rtmctl show [PREFIX]
 *   rtmctl stats
 *
 * An rtm entity is an open /dev/rtm file: the routes rtmctl adds belong to
 * this process (protocol PROTO_IP_NT_STATIC, instance = its pid) and are
 * withdrawn when it exits. `add` therefore only lasts with --hold (wait for
 * a signal, then exit), and `batch` adds a file of routes and shows the
 * table while they exist.
 *
 * `show` prints what a destination record carries: prefix, routes per view,
 * and the owner of the best route. Route metrics are not readable through
 * /dev/rtm (no route-info call), so they are shown only for the routes this
 * rtmctl added itself.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "rtm-tools.h"

#define CTL_PROTOCOL_ID		10006	/* PROTO_IP_NT_STATIC: manual routes */
#define MAX_LINE_TOKENS		8
#define FILETIME_UNIX_EPOCH	116444736000000000ULL	/* 1970 in FILETIME */
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* One registration per address family, made when first needed. */
struct ctl_entity {
	int family;
	bool registered;
	RTM_ENTITY_HANDLE handle;
	RTM_REGN_PROFILE profile;
};

/* A route rtmctl added, remembered to show its metric. */
struct own_route {
	RTM_NET_ADDRESS dest;
	ULONG metric;
	ULONG preference;
	size_t sequence;	/* later adds of a prefix update the route */
};

struct route_spec {
	RTM_NET_ADDRESS dest;
	ULONG metric;
	ULONG preference;
	bool has_via;
	RTM_NET_ADDRESS via;
};

static struct ctl_entity entities[] = {
	{ .family = AF_INET },
	{ .family = AF_INET6 },
};

static struct own_route *own_routes;
static size_t num_own_routes, own_routes_capacity;

static void __attribute__((format(printf, 1, 2))) error(const char *fmt, ...)
{
	va_list args;

	fflush(stdout);
	fprintf(stderr, "rtmctl: ");
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fprintf(stderr, "\n");
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: rtmctl add PREFIX [metric M] [pref P] [via ADDR] [--hold]\n"
		"       rtmctl batch FILE [--hold]   (lines: PREFIX [metric M] [pref P] [via ADDR])\n"
		"       rtmctl show [PREFIX]          (PREFIX: only destinations inside it)\n"
		"       rtmctl stats                  (rtm's debugfs object counters)\n"
		"Routes belong to the rtmctl process and are withdrawn when it exits:\n"
		"--hold keeps them until SIGINT/SIGTERM. Adding needs CAP_NET_ADMIN.\n");
}

static const char *family_name(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

static struct ctl_entity *entity_for(int family)
{
	struct ctl_entity *entity;
	RTM_ENTITY_INFO info;
	DWORD status;

	entity = family == AF_INET ? &entities[0] : &entities[1];
	if (entity->registered)
		return entity;

	memset(&info, 0, sizeof(info));
	info.RtmInstanceId = 0;
	info.AddressFamily = family;
	info.EntityId.EntityProtocolId = CTL_PROTOCOL_ID;
	info.EntityId.EntityInstanceId = getpid();
	status = RtmRegisterEntity(&info, NULL, NULL, FALSE, &entity->profile,
				   &entity->handle);
	if (status != NO_ERROR) {
		error("RtmRegisterEntity(%s): %lu %s%s", family_name(family),
		      (unsigned long)status, win32_error_name(status),
		      status == ERROR_FILE_NOT_FOUND ?
		      " (no /dev/rtm: is rtm.ko loaded?)" : "");
		return NULL;
	}
	if (!entity->profile.MaxHandlesInEnum) {
		error("%s profile: MaxHandlesInEnum is 0", family_name(family));
		return NULL;
	}
	entity->registered = true;
	return entity;
}

static int deregister_all(void)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(entities); i++) {
		DWORD status;

		if (!entities[i].registered)
			continue;
		status = RtmDeregisterEntity(entities[i].handle);
		if (status != NO_ERROR) {
			error("RtmDeregisterEntity(%s): %lu %s",
			      family_name(entities[i].family),
			      (unsigned long)status, win32_error_name(status));
			ret = -1;
		}
		entities[i].registered = false;
	}
	return ret;
}

/* ---- own routes (for their metrics) ---- */

static int remember_route(const struct route_spec *spec)
{
	if (num_own_routes == own_routes_capacity) {
		size_t grown = own_routes_capacity ? own_routes_capacity * 2 : 64;
		struct own_route *bigger;

		bigger = realloc(own_routes, grown * sizeof(*bigger));
		if (!bigger) {
			error("out of memory");
			return -1;
		}
		own_routes = bigger;
		own_routes_capacity = grown;
	}
	own_routes[num_own_routes] = (struct own_route) {
		.dest = spec->dest,
		.metric = spec->metric,
		.preference = spec->preference,
		.sequence = num_own_routes,
	};
	num_own_routes++;
	return 0;
}

static int compare_own_routes(const void *a, const void *b)
{
	const struct own_route *x = a, *y = b;
	int diff = netaddr_compare(&x->dest, &y->dest);

	if (diff)
		return diff;
	return x->sequence < y->sequence ? -1 : x->sequence > y->sequence;
}

/* Sort by prefix and keep only the latest add of each prefix. */
static void settle_own_routes(void)
{
	size_t i, kept = 0;

	if (!num_own_routes)
		return;
	qsort(own_routes, num_own_routes, sizeof(*own_routes),
	      compare_own_routes);
	for (i = 0; i < num_own_routes; i++) {
		if (kept && !netaddr_compare(&own_routes[kept - 1].dest,
					     &own_routes[i].dest))
			kept--;
		own_routes[kept++] = own_routes[i];
	}
	num_own_routes = kept;
}

static int compare_own_route_key(const void *key, const void *member)
{
	const struct own_route *route = member;

	return netaddr_compare(key, &route->dest);
}

static const struct own_route *find_own_route(const RTM_NET_ADDRESS *dest)
{
	if (!num_own_routes)
		return NULL;
	return bsearch(dest, own_routes, num_own_routes, sizeof(*own_routes),
		       compare_own_route_key);
}

/* ---- add ---- */

static int parse_u32(const char *text, ULONG *value)
{
	unsigned long parsed;
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	parsed = strtoul(text, &end, 10);
	if (errno || *end || parsed > UINT32_MAX)
		return -1;
	*value = parsed;
	return 0;
}

static int parse_prefix_arg(const char *text, int family, RTM_NET_ADDRESS *addr)
{
	char canonical[NETADDR_STRLEN];

	if (netaddr_parse(text, family, addr)) {
		error("\"%s\" is not a%s prefix", text,
		      family == AF_INET ? "n IPv4" :
		      family == AF_INET6 ? "n IPv6" : "n IPv4 or IPv6");
		return -1;
	}
	if (!netaddr_host_bits_clear(addr)) {
		unsigned int bit;

		for (bit = addr->NumBits; bit < 8 * RTM_MAX_ADDRESS_SIZE; bit++)
			addr->AddrBits[bit / 8] &= ~(0x80 >> (bit % 8));
		error("%s has host bits set (the prefix is %s)", text,
		      netaddr_format(addr, canonical, sizeof(canonical)));
		return -1;
	}
	return 0;
}

/* PREFIX [metric M] [pref P] [via ADDR] */
static int parse_route_spec(char **words, int num_words, struct route_spec *spec)
{
	int i;

	memset(spec, 0, sizeof(*spec));
	if (num_words < 1) {
		error("missing prefix");
		return -1;
	}
	if (parse_prefix_arg(words[0], AF_UNSPEC, &spec->dest))
		return -1;
	for (i = 1; i < num_words; i += 2) {
		const char *value = i + 1 < num_words ? words[i + 1] : NULL;

		if (!value) {
			error("\"%s\" needs a value", words[i]);
			return -1;
		}
		if (!strcmp(words[i], "metric")) {
			if (parse_u32(value, &spec->metric)) {
				error("bad metric \"%s\"", value);
				return -1;
			}
		} else if (!strcmp(words[i], "pref")) {
			if (parse_u32(value, &spec->preference)) {
				error("bad preference \"%s\"", value);
				return -1;
			}
		} else if (!strcmp(words[i], "via")) {
			if (parse_prefix_arg(value, spec->dest.AddressFamily,
					     &spec->via))
				return -1;
			spec->has_via = true;
		} else {
			error("unknown word \"%s\"", words[i]);
			return -1;
		}
	}
	return 0;
}

static int add_route(const struct route_spec *spec)
{
	struct ctl_entity *entity = entity_for(spec->dest.AddressFamily);
	RTM_ROUTE_CHANGE_FLAGS change_flags = 0;
	RTM_NEXTHOP_HANDLE nexthop = NULL;
	char text[NETADDR_STRLEN];
	RTM_NET_ADDRESS dest = spec->dest;
	RTM_ROUTE_INFO route;
	DWORD status;
	int ret = 0;

	if (!entity)
		return -1;
	netaddr_format(&spec->dest, text, sizeof(text));

	memset(&route, 0, sizeof(route));
	route.PrefInfo.Metric = spec->metric;
	route.PrefInfo.Preference = spec->preference;
	route.BelongsToViews = RTM_VIEW_MASK_UCAST;
	if (spec->has_via) {
		RTM_NEXTHOP_CHANGE_FLAGS nexthop_flags = 0;
		RTM_NEXTHOP_INFO info;

		memset(&info, 0, sizeof(info));
		info.NextHopAddress = spec->via;
		status = RtmAddNextHop(entity->handle, &info, &nexthop,
				       &nexthop_flags);
		if (status != NO_ERROR) {
			error("%s: RtmAddNextHop: %lu %s", text,
			      (unsigned long)status, win32_error_name(status));
			return -1;
		}
		route.NextHopsList.NumNextHops = 1;
		route.NextHopsList.NextHops[0] = nexthop;
	}

	status = RtmAddRouteToDest(entity->handle, NULL, &dest, &route,
				   INFINITE, NULL, 0, NULL, &change_flags);
	if (status != NO_ERROR) {
		error("%s: RtmAddRouteToDest: %lu %s%s", text,
		      (unsigned long)status, win32_error_name(status),
		      status == ERROR_ACCESS_DENIED ?
		      " (needs CAP_NET_ADMIN)" : "");
		ret = -1;
	} else if (remember_route(spec)) {
		ret = -1;
	}

	/* The route keeps its own reference to the next hop. */
	if (nexthop) {
		status = RtmReleaseNextHops(entity->handle, 1, &nexthop);
		if (status != NO_ERROR) {
			error("RtmReleaseNextHops: %lu %s",
			      (unsigned long)status, win32_error_name(status));
			ret = -1;
		}
	}
	return ret;
}

/* ---- show ---- */

static void format_filetime(const FILETIME *filetime, char *buf, size_t size)
{
	unsigned long long ticks = ((unsigned long long)filetime->dwHighDateTime << 32) |
				   filetime->dwLowDateTime;
	time_t seconds;
	struct tm tm;

	if (ticks < FILETIME_UNIX_EPOCH) {
		snprintf(buf, size, "-");
		return;
	}
	seconds = (ticks - FILETIME_UNIX_EPOCH) / 10000000;
	if (!gmtime_r(&seconds, &tm) ||
	    !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, size, "-");
}

static void print_dest(const struct ctl_entity *entity, const RTM_DEST_INFO *dest)
{
	char prefix[NETADDR_STRLEN], changed[32];
	UINT v;

	netaddr_format(&dest->DestAddress, prefix, sizeof(prefix));
	format_filetime(&dest->LastChanged, changed, sizeof(changed));
	printf("%-24s %s", prefix, changed);
	for (v = 0; v < dest->NumberOfViews; v++) {
		const char *view = dest->ViewInfo[v].ViewId == RTM_VIEW_ID_UCAST ?
				   "ucast" : "mcast";
		RTM_ENTITY_HANDLE owner = dest->ViewInfo[v].Owner;

		if (!dest->ViewInfo[v].NumRoutes)
			continue;
		printf("  %s routes %u best-owner ", view,
		       dest->ViewInfo[v].NumRoutes);
		if (owner == entity->handle) {
			const struct own_route *own =
				find_own_route(&dest->DestAddress);

			printf("self");
			if (own)
				printf(" metric %lu pref %lu",
				       (unsigned long)own->metric,
				       (unsigned long)own->preference);
		} else {
			/* Other entities can only be named by their handle. */
			printf("%#llx", (unsigned long long)(uintptr_t)owner);
		}
	}
	printf("\n");
}

/* Print every destination (inside @range, if given) of one family. */
static int show_family(int family, RTM_NET_ADDRESS *range)
{
	struct ctl_entity *entity = entity_for(family);
	RTM_ENUM_HANDLE enum_handle = NULL;
	size_t record_size, shown = 0;
	void *records;
	DWORD status;
	UINT batch, count;
	int ret = 0;

	if (!entity)
		return -1;
	batch = entity->profile.MaxHandlesInEnum;
	/* Two view slots per record: unicast and multicast. */
	record_size = RTM_SIZE_OF_DEST_INFO(2);
	records = calloc(batch, record_size);
	if (!records) {
		error("out of memory");
		return -1;
	}

	status = RtmCreateDestEnum(entity->handle,
				   RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST,
				   range ? RTM_ENUM_RANGE : RTM_ENUM_START,
				   range, RTM_BEST_PROTOCOL, &enum_handle);
	if (status != NO_ERROR) {
		error("RtmCreateDestEnum(%s): %lu %s", family_name(family),
		      (unsigned long)status, win32_error_name(status));
		free(records);
		return -1;
	}

	printf("%s destinations%s:\n", family_name(family),
	       range ? " in range" : "");
	do {
		UINT i;

		count = batch;
		status = RtmGetEnumDests(entity->handle, enum_handle, &count,
					 records);
		if (status != NO_ERROR && status != ERROR_NO_MORE_ITEMS) {
			error("RtmGetEnumDests: %lu %s", (unsigned long)status,
			      win32_error_name(status));
			ret = -1;
			break;
		}
		for (i = 0; i < count; i++)
			print_dest(entity, (PRTM_DEST_INFO)((char *)records +
							    i * record_size));
		shown += count;
		if (count) {
			DWORD release = RtmReleaseDests(entity->handle, count,
							records);

			if (release != NO_ERROR) {
				error("RtmReleaseDests: %lu %s",
				      (unsigned long)release,
				      win32_error_name(release));
				ret = -1;
				break;
			}
		}
		/* An empty batch without ERROR_NO_MORE_ITEMS ends it too. */
	} while (status == NO_ERROR && count);

	status = RtmDeleteEnumHandle(entity->handle, enum_handle);
	if (status != NO_ERROR) {
		error("RtmDeleteEnumHandle: %lu %s", (unsigned long)status,
		      win32_error_name(status));
		ret = -1;
	}
	free(records);
	printf("destinations: %zu\n", shown);
	return ret;
}

static int show(int argc, char **argv)
{
	RTM_NET_ADDRESS range;
	int ret = 0;

	if (argc > 1) {
		usage(stderr);
		return 2;
	}
	if (argc == 1) {
		if (parse_prefix_arg(argv[0], AF_UNSPEC, &range))
			return 2;
		return show_family(range.AddressFamily, &range) ? 1 : 0;
	}
	if (show_family(AF_INET, NULL))
		ret = 1;
	if (show_family(AF_INET6, NULL))
		ret = 1;
	return ret;
}

/* ---- hold, add, batch, stats ---- */

/*
 * Keep the entities (and so their routes) until SIGINT, SIGTERM or SIGHUP.
 * The signals are blocked and taken with sigwait(), so no handler runs.
 */
static int hold(void)
{
	sigset_t signals;
	int signal_number;

	if (sigemptyset(&signals) || sigaddset(&signals, SIGINT) ||
	    sigaddset(&signals, SIGTERM) || sigaddset(&signals, SIGHUP)) {
		error("sigset: %s", strerror(errno));
		return -1;
	}
	errno = sigprocmask(SIG_BLOCK, &signals, NULL);
	if (errno) {
		error("sigprocmask: %s", strerror(errno));
		return -1;
	}
	printf("holding the routes (pid %d); SIGINT or SIGTERM withdraws them\n",
	       (int)getpid());
	fflush(stdout);
	errno = sigwait(&signals, &signal_number);
	if (errno) {
		error("sigwait: %s", strerror(errno));
		return -1;
	}
	printf("%s: withdrawing\n", strsignal(signal_number));
	return 0;
}

/* Remove a trailing "--hold" from the words; returns whether it was there. */
static bool take_hold_flag(int *argc, char **argv)
{
	if (*argc > 0 && !strcmp(argv[*argc - 1], "--hold")) {
		(*argc)--;
		return true;
	}
	return false;
}

static int add(int argc, char **argv)
{
	bool keep = take_hold_flag(&argc, argv);
	char text[NETADDR_STRLEN];
	struct route_spec spec;

	if (parse_route_spec(argv, argc, &spec))
		return 2;
	if (add_route(&spec))
		return 1;
	netaddr_format(&spec.dest, text, sizeof(text));
	if (!keep) {
		printf("added %s; withdrawn again as rtmctl exits: use --hold to keep it\n",
		       text);
		return 0;
	}
	printf("added %s metric %lu pref %lu\n", text,
	       (unsigned long)spec.metric, (unsigned long)spec.preference);
	return hold() ? 1 : 0;
}

static int batch(int argc, char **argv)
{
	bool keep = take_hold_flag(&argc, argv);
	unsigned long line_number = 0, added = 0, failed = 0;
	bool families[2] = { false, false };
	size_t line_size = 0;
	char *line = NULL;
	FILE *file;
	int ret = 0;

	if (argc != 1) {
		usage(stderr);
		return 2;
	}
	file = fopen(argv[0], "r");
	if (!file) {
		error("%s: %s", argv[0], strerror(errno));
		return 1;
	}
	while (getline(&line, &line_size, file) >= 0) {
		char *words[MAX_LINE_TOKENS], *save = NULL, *word;
		struct route_spec spec;
		int num_words = 0;

		line_number++;
		line[strcspn(line, "#")] = '\0';
		for (word = strtok_r(line, " \t\r\n", &save);
		     word && num_words < MAX_LINE_TOKENS;
		     word = strtok_r(NULL, " \t\r\n", &save))
			words[num_words++] = word;
		if (!num_words)
			continue;
		if (word) {
			error("%s:%lu: too many words", argv[0], line_number);
			failed++;
			continue;
		}
		if (parse_route_spec(words, num_words, &spec) ||
		    add_route(&spec)) {
			error("%s:%lu: not added", argv[0], line_number);
			failed++;
			continue;
		}
		families[spec.dest.AddressFamily == AF_INET6] = true;
		added++;
	}
	if (ferror(file)) {
		error("%s: read error", argv[0]);
		ret = 1;
	}
	free(line);
	if (fclose(file)) {
		error("%s: %s", argv[0], strerror(errno));
		ret = 1;
	}
	printf("%lu routes added, %lu lines failed\n", added, failed);
	if (failed)
		ret = 1;

	settle_own_routes();
	if (families[0] && show_family(AF_INET, NULL))
		ret = 1;
	if (families[1] && show_family(AF_INET6, NULL))
		ret = 1;
	if (keep && added && hold())
		ret = 1;
	return ret;
}

static int stats(int argc)
{
	struct rtm_objects objects;
	unsigned int i;

	if (argc) {
		usage(stderr);
		return 2;
	}
	if (rtm_objects_read(&objects)) {
		error("%s: %s (debugfs mounted? rtm.ko loaded? root?)",
		      RTM_OBJECTS_PATH, strerror(errno));
		return 1;
	}
	for (i = 0; i < objects.count; i++)
		printf("%-10s %llu\n", objects.name[i], objects.value[i]);
	return 0;
}

int main(int argc, char **argv)
{
	const char *command;
	int ret;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	command = argv[1];
	argc -= 2;
	argv += 2;

	if (!strcmp(command, "add")) {
		ret = add(argc, argv);
	} else if (!strcmp(command, "batch")) {
		ret = batch(argc, argv);
	} else if (!strcmp(command, "show")) {
		ret = show(argc, argv);
	} else if (!strcmp(command, "stats")) {
		ret = stats(argc);
	} else if (!strcmp(command, "help") || !strcmp(command, "-h") ||
		   !strcmp(command, "--help")) {
		usage(stdout);
		ret = 0;
	} else {
		error("unknown command \"%s\"", command);
		usage(stderr);
		ret = 2;
	}
	if (deregister_all() && !ret)
		ret = 1;
	free(own_routes);
	return ret;
}
