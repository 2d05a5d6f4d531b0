// SPDX-License-Identifier: GPL-2.0
/*
 * rtm-demo: load a real IPv4 and IPv6 table into rtm through librtm's
 * RTMv2 API, read it back with destination enumerations and check every
 * record, timing each step.
 *
 * Usage: rtm-demo [--batch N] [--limit N] IPV4_FILE IPV6_FILE
 * The files hold one prefix per line ("a.b.c.d/len", "x::/len"), e.g. the
 * networks with an origin AS of Debian's location database (968,428 IPv4
 * and 177,846 IPv6 in libloc-database 0~20221029-1):
 *
 *   location dump | awk '/^net:/ { net = $2 } /^$/ { net = "" }
 *	/^aut-num:/ && net != "" { print net }' > nets.txt
 *   grep -v : nets.txt > v4.txt; grep : nets.txt > v6.txt
 *
 * Run as root (CAP_NET_ADMIN for the adds, root for debugfs) with rtm.ko
 * loaded.
 *
 * Each family is one entity (one open /dev/rtm file). The table is loaded
 * in rounds of LOAD_ROUND prefixes: the first SINGLE_PER_ROUND of a round
 * one RtmAddRouteToDest call each, the rest with one
 * RtmAddRoutesToDestsBulk call (rtm's bulk extension). So both ways of
 * adding see the same mix of prefixes and the same table sizes, and their
 * rates compare within one run. Routes are added without asking for
 * handles; closing the file at deregistration withdraws them, which the
 * demo times as a step of its own.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "rtm-tools.h"

#define DEMO_PROTOCOL_ID	14	/* PROTO_IP_BGP in Windows' routprot.h */
#define DEMO_INSTANCE_ID	1
#define DEMO_METRIC		20
#define DEMO_PREFERENCE		100
#define MAX_SHOWN_FAILURES	10	/* check failures printed in full */
#define MAX_ERROR_CODES		16	/* distinct Win32 codes counted */
#define RANGE_SAMPLES		4	/* RANGE walks per family */
#define LOAD_ROUND		10000	/* prefixes per round of the load */
#define SINGLE_PER_ROUND	1000	/* of which added one call each */

struct error_count {
	DWORD status;
	size_t count;
};

/* Everything the demo knows about one address family. */
struct family_run {
	const char *name;		/* "IPv4" */
	int family;
	const char *path;
	const char *nexthop_text;	/* a documentation address */

	RTM_NET_ADDRESS *input;		/* in file order */
	size_t num_input;
	unsigned int parse_errors;
	bool *added;			/* input[i] was accepted */

	RTM_NET_ADDRESS *expected;	/* accepted, sorted, distinct */
	size_t num_expected;

	RTM_ENTITY_HANDLE entity;
	bool registered;
	RTM_REGN_PROFILE profile;
	RTM_NEXTHOP_HANDLE nexthop;
	size_t num_single;		/* prefixes added one call each */
	double single_seconds;
	double bulk_seconds;
	struct error_count add_errors[MAX_ERROR_CODES];
	unsigned int num_add_error_codes;
};

static unsigned long check_failures;

static void __attribute__((format(printf, 1, 2))) check_failed(const char *fmt, ...)
{
	va_list args;

	check_failures++;
	if (check_failures > MAX_SHOWN_FAILURES) {
		if (check_failures == MAX_SHOWN_FAILURES + 1)
			printf("  FAIL: (further failures counted, not shown)\n");
		return;
	}
	printf("  FAIL: ");
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	printf("\n");
}

static void __attribute__((format(printf, 1, 2), noreturn)) die(const char *fmt, ...)
{
	va_list args;

	fflush(stdout);
	fprintf(stderr, "rtm-demo: ");
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fprintf(stderr, "\n");
	/* Exiting closes the /dev/rtm files: the kernel withdraws everything. */
	exit(1);
}

static void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count, size);

	if (!p)
		die("out of memory (%zu x %zu bytes)", count, size);
	return p;
}


static void print_step(const char *name, size_t count, double seconds)
{
	if (count > 1 && seconds > 0)
		printf("%-44s %9zu %9.3f %12.0f\n", name, count, seconds,
		       count / seconds);
	else
		printf("%-44s %9zu %9.3f %12s\n", name, count, seconds, "-");
	/* Steps take seconds under TCG: show progress as it happens. */
	fflush(stdout);
}

static void __attribute__((format(printf, 3, 4)))
print_step_fmt(size_t count, double seconds, const char *fmt, ...)
{
	char name[128];
	va_list args;

	va_start(args, fmt);
	vsnprintf(name, sizeof(name), fmt, args);
	va_end(args);
	print_step(name, count, seconds);
}

static PRTM_DEST_INFO dest_at(void *records, size_t index)
{
	/* Records are packed with the stride of their number of views. */
	return (PRTM_DEST_INFO)((unsigned char *)records +
				index * RTM_SIZE_OF_DEST_INFO(1));
}

/* ---- step 1: input files ---- */

static void report_bad_line(void *ctx, unsigned long line_number,
			    const char *text)
{
	struct family_run *run = ctx;

	if (++run->parse_errors <= MAX_SHOWN_FAILURES)
		printf("  %s:%lu: not an %s prefix: \"%s\"\n", run->path,
		       line_number, run->name, text);
}

static void read_prefix_file(struct family_run *run, size_t limit)
{
	int err = netaddr_read_file(run->path, run->family, limit, &run->input,
				    &run->num_input, report_bad_line, run);

	if (err)
		die("%s: %s", run->path, strerror(-err));
	if (run->parse_errors)
		check_failed("%s: %u malformed lines skipped", run->path,
			     run->parse_errors);
	if (!run->num_input)
		die("%s: no %s prefixes", run->path, run->name);
}

/* ---- steps 2-4: register, next hop, routes ---- */

static void register_entity(struct family_run *run)
{
	RTM_ENTITY_INFO info;
	DWORD status;

	memset(&info, 0, sizeof(info));
	info.RtmInstanceId = 0;
	info.AddressFamily = run->family;
	info.EntityId.EntityProtocolId = DEMO_PROTOCOL_ID;
	info.EntityId.EntityInstanceId = DEMO_INSTANCE_ID;

	status = RtmRegisterEntity(&info, NULL, NULL, FALSE, &run->profile,
				   &run->entity);
	if (status == ERROR_FILE_NOT_FOUND)
		die("RtmRegisterEntity(%s): %s: no /dev/rtm (is rtm.ko loaded?)",
		    run->name, win32_error_name(status));
	if (status != NO_ERROR)
		die("RtmRegisterEntity(%s): %lu %s", run->name,
		    (unsigned long)status, win32_error_name(status));
	run->registered = true;
}

static void add_nexthop(struct family_run *run)
{
	RTM_NEXTHOP_CHANGE_FLAGS change_flags = 0;
	RTM_NEXTHOP_INFO info;
	DWORD status;

	memset(&info, 0, sizeof(info));
	if (netaddr_parse(run->nexthop_text, run->family, &info.NextHopAddress))
		die("bad built-in next hop %s", run->nexthop_text);
	info.InterfaceIndex = 0;	/* a remote next hop */

	run->nexthop = NULL;		/* NULL: find or create, return a handle */
	status = RtmAddNextHop(run->entity, &info, &run->nexthop, &change_flags);
	if (status != NO_ERROR)
		die("RtmAddNextHop(%s): %lu %s", run->nexthop_text,
		    (unsigned long)status, win32_error_name(status));
	if (!run->nexthop)
		check_failed("RtmAddNextHop(%s) returned no handle",
			     run->nexthop_text);
	if (!(change_flags & RTM_NEXTHOP_CHANGE_NEW))
		check_failed("RtmAddNextHop(%s) on a new entity: change flags 0x%lx without NEW",
			     run->nexthop_text, (unsigned long)change_flags);
}

static void count_error(struct family_run *run, DWORD status)
{
	unsigned int i;

	for (i = 0; i < run->num_add_error_codes; i++) {
		if (run->add_errors[i].status == status) {
			run->add_errors[i].count++;
			return;
		}
	}
	if (i == MAX_ERROR_CODES)
		i--;	/* absurdly many distinct codes: lump into the last */
	else
		run->num_add_error_codes++;
	run->add_errors[i].status = status;
	run->add_errors[i].count++;
}

/* Add input[first .. last) one RtmAddRouteToDest call each. */
static void add_routes_single(struct family_run *run, size_t first,
			      size_t last)
{
	RTM_ROUTE_INFO route;
	size_t i;

	memset(&route, 0, sizeof(route));
	route.Neighbour = NULL;		/* identity: (dest, owner, no neighbour) */
	route.PrefInfo.Metric = DEMO_METRIC;
	route.PrefInfo.Preference = DEMO_PREFERENCE;
	route.BelongsToViews = RTM_VIEW_MASK_UCAST;
	route.NextHopsList.NumNextHops = 1;
	route.NextHopsList.NextHops[0] = run->nexthop;

	for (i = first; i < last; i++) {
		DWORD status;

		/* RouteHandle NULL: no route handle wanted back. */
		status = RtmAddRouteToDest(run->entity, NULL, &run->input[i],
					   &route, INFINITE, NULL, 0, NULL,
					   NULL);
		if (status != NO_ERROR) {
			count_error(run, status);
			continue;
		}
		run->added[i] = true;
	}
}

/* The routes of add_routes_single(), one record per input prefix. */
static RTM_BULK_ROUTE *build_bulk_routes(struct family_run *run)
{
	RTM_BULK_ROUTE *routes = xcalloc(run->num_input, sizeof(*routes));
	size_t i;

	for (i = 0; i < run->num_input; i++) {
		routes[i].DestAddress = run->input[i];
		routes[i].PrefInfo.Metric = DEMO_METRIC;
		routes[i].PrefInfo.Preference = DEMO_PREFERENCE;
		routes[i].BelongsToViews = RTM_VIEW_MASK_UCAST;
		routes[i].NumNextHops = 1;
		routes[i].NextHops[0] = run->nexthop;
	}
	return routes;
}

/*
 * Add input[first .. last) with RtmAddRoutesToDestsBulk. The call stops
 * at the first route it cannot add: count its error, skip it, and go on
 * with the next one, as the single adds do.
 */
static void add_routes_bulk(struct family_run *run,
			    const RTM_BULK_ROUTE *routes, size_t first,
			    size_t last)
{
	size_t done = first, i;

	while (done < last) {
		UINT applied = 0;
		DWORD status;

		status = RtmAddRoutesToDestsBulk(run->entity, routes + done,
						 last - done, &applied);
		for (i = 0; i < applied; i++)
			run->added[done + i] = true;
		done += applied;
		if (status != NO_ERROR) {
			count_error(run, status);
			done++;
		}
	}
}

/* Load the whole input in rounds, timing each way of adding apart. */
static void load_table(struct family_run *run, const RTM_BULK_ROUTE *routes)
{
	size_t round, split, end;
	double start;

	for (round = 0; round < run->num_input; round = end) {
		end = run->num_input - round > LOAD_ROUND ?
		      round + LOAD_ROUND : run->num_input;
		split = end - round > SINGLE_PER_ROUND ?
			round + SINGLE_PER_ROUND : end;

		start = monotonic_seconds();
		add_routes_single(run, round, split);
		run->single_seconds += monotonic_seconds() - start;
		run->num_single += split - round;

		start = monotonic_seconds();
		add_routes_bulk(run, routes, split, end);
		run->bulk_seconds += monotonic_seconds() - start;
	}
}

static void report_add_errors(struct family_run *run)
{
	unsigned int i;

	for (i = 0; i < run->num_add_error_codes; i++)
		check_failed("%s: adding routes returned %lu %s %zu times",
			     run->name, (unsigned long)run->add_errors[i].status,
			     win32_error_name(run->add_errors[i].status),
			     run->add_errors[i].count);
}

static int compare_netaddr_qsort(const void *a, const void *b)
{
	return netaddr_compare(a, b);
}

/*
 * What an enumeration must return: every accepted prefix once, in rtm's
 * order. Adding the same prefix twice updates our one route on it.
 */
static void build_expected(struct family_run *run)
{
	size_t i, n = 0;

	run->expected = xcalloc(run->num_input, sizeof(*run->expected));
	for (i = 0; i < run->num_input; i++)
		if (run->added[i])
			run->expected[n++] = run->input[i];
	qsort(run->expected, n, sizeof(*run->expected), compare_netaddr_qsort);

	run->num_expected = 0;
	for (i = 0; i < n; i++)
		if (!run->num_expected ||
		    netaddr_compare(&run->expected[run->num_expected - 1],
				    &run->expected[i]))
			run->expected[run->num_expected++] = run->expected[i];
}

/* ---- step 5: enumerations ---- */

/*
 * Check one record of a walk over @run's table (or a range of it):
 * record @index of the walk must be @expected[first + index].
 */
static void check_record(struct family_run *run, const RTM_DEST_INFO *dest,
			 size_t first, size_t index, const char *walk)
{
	char got[NETADDR_STRLEN], want[NETADDR_STRLEN];
	const RTM_NET_ADDRESS *expected = NULL;

	if (first + index < run->num_expected)
		expected = &run->expected[first + index];

	if (dest->DestAddress.AddressFamily != run->family) {
		check_failed("%s record %zu: family %u", walk, index,
			     dest->DestAddress.AddressFamily);
		return;
	}
	netaddr_format(&dest->DestAddress, got, sizeof(got));
	if (!expected)
		check_failed("%s record %zu: %s beyond the %zu expected", walk,
			     index, got, run->num_expected - first);
	else if (netaddr_compare(expected, &dest->DestAddress))
		check_failed("%s record %zu: %s, expected %s", walk, index, got,
			     netaddr_format(expected, want, sizeof(want)));
	if (!dest->DestHandle)
		check_failed("%s %s: no destination handle", walk, got);
	if (!(dest->BelongsToViews & RTM_VIEW_MASK_UCAST))
		check_failed("%s %s: views 0x%lx lack unicast", walk, got,
			     (unsigned long)dest->BelongsToViews);
	if (dest->NumberOfViews != 1) {
		check_failed("%s %s: %u view slots for one view asked", walk,
			     got, dest->NumberOfViews);
		return;
	}
	if (dest->ViewInfo[0].ViewId != RTM_VIEW_ID_UCAST)
		check_failed("%s %s: slot 0 is view %d", walk, got,
			     dest->ViewInfo[0].ViewId);
	if (dest->ViewInfo[0].NumRoutes < 1 || !dest->ViewInfo[0].Route)
		check_failed("%s %s: no best route (%u routes)", walk, got,
			     dest->ViewInfo[0].NumRoutes);
	if (dest->ViewInfo[0].Owner != run->entity)
		check_failed("%s %s: best route owner %p is not us (%p)", walk,
			     got, dest->ViewInfo[0].Owner, run->entity);
}

static void check_order(const RTM_NET_ADDRESS *previous,
			const RTM_NET_ADDRESS *current, const char *walk)
{
	char a[NETADDR_STRLEN], b[NETADDR_STRLEN];

	if (netaddr_compare(previous, current) >= 0)
		check_failed("%s: %s after %s: not strictly increasing", walk,
			     netaddr_format(current, b, sizeof(b)),
			     netaddr_format(previous, a, sizeof(a)));
}

static RTM_ENUM_HANDLE create_enum(struct family_run *run, RTM_ENUM_FLAGS flags,
				   RTM_NET_ADDRESS *addr)
{
	RTM_ENUM_HANDLE enum_handle = NULL;
	DWORD status;

	status = RtmCreateDestEnum(run->entity, RTM_VIEW_MASK_UCAST, flags,
				   addr, RTM_BEST_PROTOCOL, &enum_handle);
	if (status != NO_ERROR)
		die("RtmCreateDestEnum(%s, flags 0x%lx): %lu %s", run->name,
		    (unsigned long)flags, (unsigned long)status,
		    win32_error_name(status));
	return enum_handle;
}

static void delete_enum(struct family_run *run, RTM_ENUM_HANDLE enum_handle)
{
	DWORD status = RtmDeleteEnumHandle(run->entity, enum_handle);

	if (status != NO_ERROR)
		check_failed("RtmDeleteEnumHandle(%s): %lu %s", run->name,
			     (unsigned long)status, win32_error_name(status));
}

/*
 * Fetch the next batch into @records. Returns false once the walk is over
 * (or broke); *@count is the number of valid records either way: the last
 * batch may come with ERROR_NO_MORE_ITEMS or be followed by it.
 */
static bool fetch_batch(struct family_run *run, RTM_ENUM_HANDLE enum_handle,
			void *records, UINT batch, UINT *count,
			unsigned int *empty_batches)
{
	DWORD status;

	*count = batch;
	status = RtmGetEnumDests(run->entity, enum_handle, count, records);
	if (status != NO_ERROR && status != ERROR_NO_MORE_ITEMS) {
		check_failed("RtmGetEnumDests(%s): %lu %s", run->name,
			     (unsigned long)status, win32_error_name(status));
		*count = 0;
		return false;
	}
	if (*count > batch) {
		check_failed("RtmGetEnumDests(%s): %u records for room of %u",
			     run->name, *count, batch);
		*count = 0;
		return false;
	}
	if (status == NO_ERROR && *count == 0 && ++*empty_batches > 1) {
		check_failed("RtmGetEnumDests(%s): empty batches without ERROR_NO_MORE_ITEMS",
			     run->name);
		return false;
	}
	return status == NO_ERROR;
}

static void release_batch(struct family_run *run, void *records, UINT count)
{
	DWORD status;

	if (!count)
		return;
	status = RtmReleaseDests(run->entity, count, records);
	if (status != NO_ERROR)
		check_failed("RtmReleaseDests(%s, %u): %lu %s", run->name, count,
			     (unsigned long)status, win32_error_name(status));
}

/*
 * Walk the whole table, releasing each batch right after checking it: at
 * most one batch of references is outstanding.
 */
static void enumerate_and_release(struct family_run *run, UINT batch)
{
	void *records = xcalloc(batch, RTM_SIZE_OF_DEST_INFO(1));
	double fetch_time = 0, release_time = 0, start;
	unsigned int empty_batches = 0;
	RTM_NET_ADDRESS previous;
	RTM_ENUM_HANDLE enum_handle;
	size_t seen = 0;
	char walk[32];
	bool more;

	snprintf(walk, sizeof(walk), "%s walk", run->name);
	start = monotonic_seconds();
	enum_handle = create_enum(run, RTM_ENUM_START, NULL);
	fetch_time += monotonic_seconds() - start;
	do {
		UINT count, i;

		start = monotonic_seconds();
		more = fetch_batch(run, enum_handle, records, batch, &count,
				   &empty_batches);
		fetch_time += monotonic_seconds() - start;

		for (i = 0; i < count; i++, seen++) {
			PRTM_DEST_INFO dest = dest_at(records, i);

			check_record(run, dest, 0, seen, walk);
			if (seen)
				check_order(&previous, &dest->DestAddress, walk);
			previous = dest->DestAddress;
		}

		start = monotonic_seconds();
		release_batch(run, records, count);
		release_time += monotonic_seconds() - start;
	} while (more);
	start = monotonic_seconds();
	delete_enum(run, enum_handle);
	fetch_time += monotonic_seconds() - start;
	free(records);

	print_step_fmt(seen, fetch_time, "%s walk: RtmGetEnumDests (batch %u)",
		       run->name, batch);
	print_step_fmt(seen, release_time, "%s walk: RtmReleaseDests per batch",
		       run->name);
	if (seen != run->num_expected)
		check_failed("%s walk: %zu destinations, %zu routes added",
			     run->name, seen, run->num_expected);
}

struct held_batch {
	void *records;
	UINT count;
};

static void print_objects_row(const char *label, const struct rtm_objects *objects)
{
	unsigned int i;

	printf("  %s:", label);
	for (i = 0; i < objects->count; i++)
		printf(" %s %llu", objects->name[i], objects->value[i]);
	printf("\n");
}

/*
 * Walk the whole table again, this time keeping every batch until the end:
 * each record holds a destination, a route and an owner reference, so the
 * file holds millions of references at once (read at @peak).
 */
static void enumerate_holding_all(struct family_run *run, UINT batch,
				  struct rtm_objects *peak, bool *have_peak)
{
	struct held_batch *held = NULL;
	size_t num_held = 0, held_capacity = 0, seen = 0, b;
	unsigned int empty_batches = 0;
	RTM_ENUM_HANDLE enum_handle;
	RTM_NET_ADDRESS previous;
	double start, fetch_time;
	char walk[32];
	bool more;

	snprintf(walk, sizeof(walk), "%s held walk", run->name);
	start = monotonic_seconds();
	enum_handle = create_enum(run, RTM_ENUM_START, NULL);
	do {
		void *records;
		UINT count;

		if (num_held == held_capacity) {
			size_t grown = held_capacity ? held_capacity * 2 : 256;
			struct held_batch *bigger;

			bigger = realloc(held, grown * sizeof(*bigger));
			if (!bigger)
				die("out of memory holding batches");
			held = bigger;
			held_capacity = grown;
		}
		records = xcalloc(batch, RTM_SIZE_OF_DEST_INFO(1));
		more = fetch_batch(run, enum_handle, records, batch, &count,
				   &empty_batches);
		held[num_held].records = records;
		held[num_held].count = count;
		num_held++;
		seen += count;
	} while (more);
	delete_enum(run, enum_handle);
	fetch_time = monotonic_seconds() - start;
	print_step_fmt(seen, fetch_time, "%s walk holding every batch",
		       run->name);

	*have_peak = !rtm_objects_read(peak);
	if (*have_peak)
		print_objects_row("objects while held", peak);
	printf("  references held by the demo: %zu records x (dest + route + owner) = %zu\n",
	       seen, 3 * seen);

	/* Check after the peak reading so that it sees only the walk. */
	seen = 0;
	for (b = 0; b < num_held; b++) {
		UINT i;

		for (i = 0; i < held[b].count; i++, seen++) {
			PRTM_DEST_INFO dest = dest_at(held[b].records, i);

			check_record(run, dest, 0, seen, walk);
			if (seen)
				check_order(&previous, &dest->DestAddress, walk);
			previous = dest->DestAddress;
		}
	}
	if (seen != run->num_expected)
		check_failed("%s: %zu destinations, %zu routes added", walk,
			     seen, run->num_expected);

	start = monotonic_seconds();
	for (b = 0; b < num_held; b++)
		release_batch(run, held[b].records, held[b].count);
	print_step_fmt(seen, monotonic_seconds() - start, "%s release all held batches",
		       run->name);
	for (b = 0; b < num_held; b++)
		free(held[b].records);
	free(held);
}

/*
 * Index in @run->expected of the first prefix from @i on that has a
 * more-specific (in sorted order that is its successor), or @i.
 */
static size_t prefix_with_more_specifics(const struct family_run *run, size_t i)
{
	size_t j;

	for (j = i; j + 1 < run->num_expected; j++)
		if (netaddr_contains(&run->expected[j], &run->expected[j + 1]))
			return j;
	return i;
}

/*
 * RANGE walks over a few real prefixes that have more-specifics: the walk
 * must return exactly the prefix and everything inside it, which in sorted
 * order is the run of entries starting at the prefix itself. The last
 * record is the longest match for its own address inside the range.
 */
static size_t range_walk(struct family_run *run, size_t first, UINT batch)
{
	char text[NETADDR_STRLEN], longest[NETADDR_STRLEN] = "-";
	RTM_NET_ADDRESS range = run->expected[first];
	void *records = xcalloc(batch, RTM_SIZE_OF_DEST_INFO(1));
	size_t seen = 0, inside = 0, end;
	unsigned int empty_batches = 0, max_bits = 0;
	RTM_ENUM_HANDLE enum_handle;
	RTM_NET_ADDRESS previous;
	char walk[64];
	bool more;

	for (end = first; end < run->num_expected &&
	     netaddr_contains(&range, &run->expected[end]); end++)
		inside++;

	netaddr_format(&range, text, sizeof(text));
	snprintf(walk, sizeof(walk), "RANGE %s", text);
	enum_handle = create_enum(run, RTM_ENUM_RANGE, &range);
	do {
		UINT count, i;

		more = fetch_batch(run, enum_handle, records, batch, &count,
				   &empty_batches);
		for (i = 0; i < count; i++, seen++) {
			PRTM_DEST_INFO dest = dest_at(records, i);

			check_record(run, dest, first, seen, walk);
			if (!netaddr_contains(&range, &dest->DestAddress))
				check_failed("%s: record outside the range",
					     walk);
			if (seen)
				check_order(&previous, &dest->DestAddress, walk);
			previous = dest->DestAddress;
			if (dest->DestAddress.NumBits > max_bits) {
				max_bits = dest->DestAddress.NumBits;
				netaddr_format(&dest->DestAddress, longest,
					       sizeof(longest));
			}
		}
		release_batch(run, records, count);
	} while (more);
	delete_enum(run, enum_handle);
	free(records);

	printf("  %-28s %7zu dests (expected %zu), longest %s\n", walk, seen,
	       inside, longest);
	if (seen != inside)
		check_failed("%s: %zu destinations, expected %zu", walk, seen,
			     inside);
	return seen;
}

static void range_checks(struct family_run *run, UINT batch)
{
	size_t samples[RANGE_SAMPLES], num_samples = 0, total = 0, i, k;
	size_t shortest = 0;
	double start;

	if (!run->num_expected)
		return;
	/* The shortest prefix has the most room for more-specifics. */
	for (i = 1; i < run->num_expected; i++)
		if (run->expected[i].NumBits < run->expected[shortest].NumBits)
			shortest = i;
	samples[num_samples++] = shortest;
	/* Then prefixes with more-specifics, spread over the table. */
	for (k = 1; k < RANGE_SAMPLES; k++) {
		size_t candidate = prefix_with_more_specifics(run,
					k * run->num_expected / RANGE_SAMPLES);

		for (i = 0; i < num_samples && samples[i] != candidate; i++)
			;
		if (i == num_samples)
			samples[num_samples++] = candidate;
	}

	start = monotonic_seconds();
	for (i = 0; i < num_samples; i++)
		total += range_walk(run, samples[i], batch);
	print_step_fmt(total, monotonic_seconds() - start, "%s RANGE walks (%zu prefixes)",
		       run->name, num_samples);
}

/* ---- step 6: deregistration ---- */

static void deregister(struct family_run *run)
{
	double start = monotonic_seconds();
	DWORD status;

	if (!run->registered)
		return;
	if (run->nexthop) {
		status = RtmReleaseNextHops(run->entity, 1, &run->nexthop);
		if (status != NO_ERROR)
			check_failed("RtmReleaseNextHops(%s): %lu %s", run->name,
				     (unsigned long)status,
				     win32_error_name(status));
		run->nexthop = NULL;
	}
	/*
	 * RTMv2 asks clients to delete their routes first; rtm withdraws an
	 * entity's routes and next hops when its file closes, so this one
	 * call also removes the whole table.
	 */
	status = RtmDeregisterEntity(run->entity);
	if (status != NO_ERROR)
		check_failed("RtmDeregisterEntity(%s): %lu %s", run->name,
			     (unsigned long)status, win32_error_name(status));
	run->registered = false;
	print_step_fmt(run->num_expected, monotonic_seconds() - start,
		       "deregister %s (withdraws its routes)", run->name);
}

/* ---- debugfs object counters ---- */

static void print_objects(const struct rtm_objects *before, bool have_before,
			  const struct rtm_objects *peak, bool have_peak,
			  const struct rtm_objects *after, bool have_after)
{
	const struct rtm_objects *names = have_before ? before :
					  have_peak ? peak : after;
	bool back_to_start = have_before && have_after &&
			     before->count == after->count;
	unsigned int i;

	printf("\n%-12s %12s %12s %12s   (%s)\n", "objects", "before", "peak",
	       "after", RTM_OBJECTS_PATH);
	if (!have_before && !have_peak && !have_after) {
		printf("  not readable (debugfs not mounted, or not root)\n");
		return;
	}
	for (i = 0; i < names->count; i++) {
		printf("%-12s", names->name[i]);
		if (have_before && i < before->count)
			printf(" %12llu", before->value[i]);
		else
			printf(" %12s", "-");
		if (have_peak && i < peak->count)
			printf(" %12llu", peak->value[i]);
		else
			printf(" %12s", "-");
		if (have_after && i < after->count)
			printf(" %12llu", after->value[i]);
		else
			printf(" %12s", "-");
		printf("\n");
		if (back_to_start && before->value[i] != after->value[i])
			back_to_start = false;
	}
	/*
	 * Not a pass/fail check: objects may be freed after an RCU grace
	 * period, and other clients may come and go. The selftests own leaks.
	 */
	if (have_before && have_after)
		printf("after deregistration the counters are %s\n",
		       back_to_start ? "back to their start values" :
		       "NOT back to their start values (deferred frees, other clients, or a leak)");
}

/* ---- main ---- */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: rtm-demo [--batch N] [--limit N] IPV4_FILE IPV6_FILE\n"
		"  --batch N  records per RtmGetEnumDests call (default: MaxHandlesInEnum)\n"
		"  --limit N  use at most N prefixes of each file\n"
		"Files hold one prefix per line (a.b.c.d/len, x::/len). Needs root and rtm.ko.\n");
}

static unsigned long parse_count(const char *option, const char *text)
{
	unsigned long value;
	char *end;

	errno = 0;
	value = strtoul(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || value == 0 ||
	    value > UINT_MAX) {
		fprintf(stderr, "rtm-demo: %s: not a count in 1..%u: \"%s\"\n",
			option, UINT_MAX, text);
		usage(stderr);
		exit(2);
	}
	return value;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "batch", required_argument, NULL, 'b' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help",  no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct family_run runs[2] = {
		{ .name = "IPv4", .family = AF_INET,
		  .nexthop_text = "192.0.2.1/32" },
		{ .name = "IPv6", .family = AF_INET6,
		  .nexthop_text = "2001:db8::1/128" },
	};
	struct rtm_objects before, peak, after;
	bool have_before, have_peak = false, have_after;
	size_t limit = SIZE_MAX;
	UINT batch = 0;
	unsigned int r;
	double start;
	int opt;

	while ((opt = getopt_long(argc, argv, "b:l:h", options, NULL)) != -1) {
		switch (opt) {
		case 'b':
			batch = parse_count("--batch", optarg);
			break;
		case 'l':
			limit = parse_count("--limit", optarg);
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
	runs[0].path = argv[optind];
	runs[1].path = argv[optind + 1];

	printf("rtm-demo: a real routing table through librtm (RTMv2 API) and /dev/rtm\n"
	       "Times are CLOCK_MONOTONIC wall clock. In the rtm test VM the CPU is emulated by\n"
	       "QEMU TCG (no KVM), many times slower than hardware: compare steps, not machines.\n\n");

	have_before = !rtm_objects_read(&before);

	printf("%-44s %9s %9s %12s\n", "step", "count", "seconds", "per second");
	for (r = 0; r < 2; r++) {
		start = monotonic_seconds();
		read_prefix_file(&runs[r], limit);
		print_step_fmt(runs[r].num_input, monotonic_seconds() - start, "parse %s file",
			       runs[r].name);
	}

	for (r = 0; r < 2; r++) {
		start = monotonic_seconds();
		register_entity(&runs[r]);
		print_step_fmt(1, monotonic_seconds() - start,
			       "RtmRegisterEntity %s (proto %u, inst %u)",
			       runs[r].name, DEMO_PROTOCOL_ID, DEMO_INSTANCE_ID);
	}
	printf("  profile: MaxHandlesInEnum %u, MaxNextHopsInRoute %u, views 0x%lx (%u)\n",
	       runs[0].profile.MaxHandlesInEnum,
	       runs[0].profile.MaxNextHopsInRoute,
	       (unsigned long)runs[0].profile.ViewsSupported,
	       runs[0].profile.NumberOfViews);
	for (r = 0; r < 2; r++) {
		UINT max = runs[r].profile.MaxHandlesInEnum;

		if (!max)
			die("%s profile: MaxHandlesInEnum is 0", runs[r].name);
		if (!batch)
			batch = max;
		if (batch > max)
			die("--batch %u exceeds MaxHandlesInEnum %u", batch, max);
	}

	for (r = 0; r < 2; r++) {
		start = monotonic_seconds();
		add_nexthop(&runs[r]);
		print_step_fmt(1, monotonic_seconds() - start, "RtmAddNextHop %s %s",
			       runs[r].name, runs[r].nexthop_text);
	}

	for (r = 0; r < 2; r++) {
		struct family_run *run = &runs[r];
		RTM_BULK_ROUTE *routes;
		size_t num_bulk;

		run->added = xcalloc(run->num_input, sizeof(*run->added));
		start = monotonic_seconds();
		routes = build_bulk_routes(run);
		print_step_fmt(run->num_input, monotonic_seconds() - start,
			       "build %s RTM_BULK_ROUTE array (user)",
			       run->name);
		load_table(run, routes);
		free(routes);
		num_bulk = run->num_input - run->num_single;
		print_step_fmt(run->num_single, run->single_seconds,
			       "RtmAddRouteToDest %s (one call each)",
			       run->name);
		print_step_fmt(num_bulk, run->bulk_seconds,
			       "RtmAddRoutesToDestsBulk %s", run->name);
		if (run->num_single > 1 && num_bulk > 1 &&
		    run->single_seconds > 0 && run->bulk_seconds > 0)
			printf("  %s load rate, bulk / one call each: %.1fx\n",
			       run->name,
			       num_bulk / run->bulk_seconds /
			       (run->num_single / run->single_seconds));
		report_add_errors(run);
	}

	for (r = 0; r < 2; r++) {
		start = monotonic_seconds();
		build_expected(&runs[r]);
		print_step_fmt(runs[r].num_input, monotonic_seconds() - start,
			       "sort %s prefixes for the checks (user)",
			       runs[r].name);
	}

	for (r = 0; r < 2; r++)
		enumerate_and_release(&runs[r], batch);

	enumerate_holding_all(&runs[0], batch, &peak, &have_peak);

	for (r = 0; r < 2; r++)
		range_checks(&runs[r], batch);

	for (r = 0; r < 2; r++)
		deregister(&runs[r]);

	have_after = !rtm_objects_read(&after);
	print_objects(&before, have_before, &peak, have_peak, &after,
		      have_after);

	for (r = 0; r < 2; r++) {
		free(runs[r].input);
		free(runs[r].added);
		free(runs[r].expected);
	}

	if (check_failures) {
		printf("\nRESULT: %lu check(s) FAILED\n", check_failures);
		return 1;
	}
	printf("\nRESULT: all checks passed\n");
	return 0;
}
