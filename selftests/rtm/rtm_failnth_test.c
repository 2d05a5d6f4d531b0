// SPDX-License-Identifier: GPL-2.0
/*
 * Systematic fault injection: every ioctl that allocates is run with its
 * 1st, 2nd, ... Nth allocation failed through /proc/thread-self/fail-nth
 * until it succeeds with no fault fired, in two modes:
 *  - single: only the N-th allocation fails (fail-nth alone);
 *  - from N on: the N-th and every later allocation of the call fail
 *    (fail-nth, then failslab/fail_page_alloc at probability 100 filtered
 *    to this task by make-it-fail). This reaches what a single fault
 *    cannot: the blocking retry after a failed GFP_NOWAIT attempt (xarray
 *    nodes), the vmalloc fallback of kvmalloc.
 * After each try:
 *  - a call that failed reported ENOMEM, changed no live-object counter and
 *    left the table as it was; run again without a fault it then does
 *    exactly what it does on an untouched state (so nothing half done was
 *    left behind);
 *  - a call that succeeded (a fault can fire in an allocation whose
 *    failure the kernel absorbs: kmemleak's metadata, the stack depot,
 *    the first GFP_NOWAIT try of an xarray node) changed the table and the
 *    counters exactly as an untouched run does;
 *  - ENUM_FETCH may instead return a short batch: the file then holds the
 *    references of the records returned and nothing else, and the walk
 *    resumes right after them;
 *  - closing every file of the try gives all counters back.
 *
 * Needs CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC and
 * FAULT_INJECTION_DEBUG_FS (the debug kernel); skips without them.
 * RTM_FAILNTH_VERBOSE=1 (or 2, for stack traces) sets the fail*
 * verbosity while the test runs; the default 0 keeps the log quiet.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "rtm_test_util.h"

#define FAIL_NTH_PATH		"/proc/thread-self/fail-nth"
#define MAKE_IT_FAIL_PATH	"/proc/thread-self/make-it-fail"
#define FAULT_DEBUGFS		"/sys/kernel/debug/"

/* No ioctl of this module comes near; reaching it means the loop is stuck */
#define MAX_TRIES		400
#define MAX_DESTS		256
#define SMALL_TABLE		5
/* Several chunks of RTM_ENUM_CHUNK (64) records in one fetch */
#define MULTI_TABLE		200
#define FETCH_WALKS_FOR_RELEASE	4
#define FN_TIMEOUT		900

/* Owners as the table snapshot names them: per try, handles differ */
enum owner_label { OWNER_NONE, OWNER_A, OWNER_B, OWNER_OTHER };

struct dest_snapshot {
	__u8 addr[4];
	__u16 prefix_len;
	__u32 belongs_to_views;
	__u32 num_routes[RTM_NUM_VIEWS];
	enum owner_label best_owner[RTM_NUM_VIEWS];
	/* A has a route in the view: its protocol's pick is not empty */
	bool a_has_route[RTM_NUM_VIEWS];
};

struct table_snapshot {
	size_t n;
	struct dest_snapshot dest[MAX_DESTS];
};

/* One try's files and the request of the call under test */
struct try_ctx {
	int a, b;		/* entities A (the caller) and B; -1: none */
	__u64 ent_a, ent_b;
	__u64 nexthop;		/* A's next hop, held by @a (route cases) */
	__u64 walk;		/* an enumeration of @a (fetch cases) */
	__u32 num_views;
	union {
		struct rtm_register reg;
		struct rtm_nexthop nexthop;
		struct rtm_route route;
		struct rtm_enum_create enum_create;
		struct rtm_enum_fetch fetch;
		struct rtm_release release;
		struct rtm_route_add_bulk bulk;
		struct rtm_dest_get dest_get;
		struct rtm_route_info route_info;
		struct rtm_nexthop_info nexthop_info;
	} req;
	struct rtm_bulk_route bulk_rec;	/* the one record of a bulk add */
	void *records;		/* fetch buffer, pre-faulted */
	__u64 *handles;		/* release array */
	size_t num_handles;
};

enum case_kind {
	ALL_OR_NOTHING,		/* ENOMEM and nothing changed, or all done */
	FETCH,			/* ENOMEM, or a (possibly short) batch */
	CANNOT_FAIL,		/* close(): must clean up whatever fails */
};

struct fault_case {
	const char *name;
	enum case_kind kind;
	/* Allocations the module makes on this path at the very least */
	unsigned int min_sites;
	void (*setup)(struct __test_metadata *_metadata, struct try_ctx *c);
	/* Only the system call: nothing else may allocate while armed */
	int (*op)(struct try_ctx *c);
	/* The call's own results, after a success */
	void (*check_done)(struct __test_metadata *_metadata,
			   struct try_ctx *c);
	/*
	 * Whether "from N on" applies: a failing vmalloc() warns with a stack
	 * trace (warn_alloc) when the caller did not pass __GFP_NOWARN.
	 */
	bool no_fail_from_n;
};

/* Figures of every case, shared with the parent across the harness' forks */
#define MAX_CASES	48
struct case_figures {
	char name[60];
	int sites;		/* allocations reached: N of the success - 1 */
	int enomem;		/* tries that failed with ENOMEM */
	int absorbed;		/* tries that succeeded although a fault fired */
	int short_batches;	/* ENUM_FETCH tries that returned fewer records */
	bool from_n_on;
};

struct all_figures {
	int n;
	struct case_figures c[MAX_CASES];
};

static struct all_figures *figures;

static void __attribute__((constructor)) figures_map(void)
{
	void *p = mmap(NULL, sizeof(*figures), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	figures = p == MAP_FAILED ? NULL : p;
}

/* ---- fault injection knobs ---- */

struct knob {
	const char *name;	/* under FAULT_DEBUGFS */
	const char *value;	/* NULL: the verbosity asked for */
};

/*
 * fail-nth overrides probability, interval and times, but not the per-kind
 * filters: without ignore-gfp-wait=N every GFP_KERNEL allocation is skipped
 * over (never counted, never failed), and fail_page_alloc only looks at
 * orders >= min-order. Highmem allocations (user pages) stay ignored.
 */
static const struct knob knobs[] = {
	{ "failslab/ignore-gfp-wait", "N" },
	{ "failslab/verbose", NULL },
	{ "fail_page_alloc/ignore-gfp-wait", "N" },
	{ "fail_page_alloc/ignore-gfp-highmem", "Y" },
	{ "fail_page_alloc/min-order", "0" },
	{ "fail_page_alloc/verbose", NULL },
	/*
	 * "From N on": once fail-nth has fired, every allocation of a task
	 * with make-it-fail set fails; no other task is affected.
	 */
	{ "failslab/task-filter", "Y" },
	{ "failslab/times", "-1" },
	{ "failslab/space", "0" },
	{ "failslab/interval", "1" },
	{ "failslab/probability", "100" },
	{ "fail_page_alloc/task-filter", "Y" },
	{ "fail_page_alloc/times", "-1" },
	{ "fail_page_alloc/space", "0" },
	{ "fail_page_alloc/interval", "1" },
	{ "fail_page_alloc/probability", "100" },
};

#define KNOB_VALUE_LEN	32

static int knob_read(const char *name, char *buf, size_t len)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), FAULT_DEBUGFS "%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int knob_write(const char *name, const char *value)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), FAULT_DEBUGFS "%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, value, strlen(value));
	close(fd);
	return n == (ssize_t)strlen(value) ? 0 : -1;
}

/* ---- the fixture ---- */

FIXTURE(failnth) {
	int fail_nth;
	int make_it_fail;
	bool knobs_saved;
	char saved[ARRAY_SIZE(knobs)][KNOB_VALUE_LEN];
	struct rtm_counters baseline;
	struct table_snapshot before, after, ref_after;
};

FIXTURE_SETUP(failnth)
{
	const char *verbose = getenv("RTM_FAILNTH_VERBOSE");
	struct rtm_counters probe;
	size_t i;

	self->fail_nth = -1;
	self->make_it_fail = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	if (access(FAIL_NTH_PATH, F_OK) || access(MAKE_IT_FAIL_PATH, F_OK))
		SKIP(return, "no %s: kernel without CONFIG_FAULT_INJECTION",
		     FAIL_NTH_PATH);
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		if (access(FAULT_DEBUGFS, F_OK) ||
		    knob_read(knobs[i].name, self->saved[i], KNOB_VALUE_LEN))
			SKIP(return, "no " FAULT_DEBUGFS "%s: no FAILSLAB etc.",
			     knobs[i].name);
	}
	if (rtm_read_counters(&probe))
		SKIP(return, "no " RTM_OBJECTS_PATH);
	ASSERT_NE(NULL, figures);

	self->knobs_saved = true;
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		const char *value = knobs[i].value ?: verbose ?: "0";

		const char *name = knobs[i].name;

		ASSERT_EQ(0, knob_write(name, value)) {
			TH_LOG("cannot write %s to %s", value, name);
		}
	}
	self->fail_nth = open(FAIL_NTH_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fail_nth);
	self->make_it_fail = open(MAKE_IT_FAIL_PATH, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, self->make_it_fail);
	ASSERT_EQ(1, write(self->make_it_fail, "0", 1));
	ASSERT_EQ(0, rtm_settled_counters(&self->baseline));
}

FIXTURE_TEARDOWN(failnth)
{
	size_t i;

	if (self->make_it_fail >= 0) {
		EXPECT_EQ(1, write(self->make_it_fail, "0", 1));
		close(self->make_it_fail);
	}
	if (self->fail_nth >= 0)
		close(self->fail_nth);
	if (!self->knobs_saved)
		return;
	/* In reverse: the task filter goes off after probability is back */
	for (i = ARRAY_SIZE(knobs); i--; )
		EXPECT_EQ(0, knob_write(knobs[i].name, self->saved[i]));
}

/*
 * Make the @nth allocation from now on in this thread fail, and with
 * @from_n_on every one after it too. Nothing between here and disarm()
 * may allocate but the call under test.
 */
static void arm(struct __test_metadata *_metadata,
		FIXTURE_DATA(failnth) *self, int nth, bool from_n_on)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", nth);

	/* While fail-nth counts down, make-it-fail is not looked at */
	ASSERT_EQ(len, write(self->fail_nth, buf, len));
	if (from_n_on)
		ASSERT_EQ(1, write(self->make_it_fail, "1", 1));
}

/* Disarm; whether the fault fired */
static bool disarm(struct __test_metadata *_metadata,
		   FIXTURE_DATA(failnth) *self, bool from_n_on)
{
	char buf[16] = "";
	ssize_t n;

	if (from_n_on)
		ASSERT_EQ(1, write(self->make_it_fail, "0", 1));
	n = pread(self->fail_nth, buf, sizeof(buf) - 1, 0);
	ASSERT_LT(0, n);
	/* A fault that did not fire would hit whatever runs next */
	ASSERT_EQ(1, write(self->fail_nth, "0", 1));
	return atoi(buf) == 0;
}

/* ---- building the state of a try ---- */

static void open_entity(struct __test_metadata *_metadata, int *fd,
			__u64 *entity, __u32 protocol)
{
	*fd = rtm_open();
	ASSERT_LE(0, *fd);
	ASSERT_EQ(0, rtm_raw_register(*fd, AF_INET, protocol, getpid(),
				      entity));
}

static void add_route(struct __test_metadata *_metadata, int fd,
		      const struct rtm_net_address *dest, __u32 preference,
		      __u32 views, __u64 nexthop, __u64 *handle)
{
	struct rtm_route r = {
		.dest = *dest,
		.preference = preference,
		.metric = 1,
		.views = views,
		.flags = handle ? RTM_ROUTE_F_WANT_HANDLE : 0,
	};

	if (nexthop) {
		r.num_nexthops = 1;
		r.nexthops[0] = nexthop;
	}
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_ROUTE_ADD, &r)) {
		TH_LOG("route add: %s", strerror(errno));
	}
	if (handle)
		*handle = r.handle;
}

static void nexthop_req(struct rtm_nexthop *nh, __u8 last_byte, __u32 flags)
{
	memset(nh, 0, sizeof(*nh));
	rtm_prefix4(&nh->addr, 192, 0, 2, last_byte, 32);
	nh->ifindex = 1;
	nh->flags = flags;
	nh->entity_info = 0x1234;
}

static void add_nexthop(struct __test_metadata *_metadata, int fd,
			__u8 last_byte, __u64 *handle)
{
	struct rtm_nexthop nh;

	nexthop_req(&nh, last_byte, handle ? RTM_NH_F_WANT_HANDLE : 0);
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh));
	if (handle)
		*handle = nh.handle;
}

/* 10.100.0.0/24 + i: distinct /24s, in walk order */
static void table_prefix(struct rtm_net_address *p, unsigned int i)
{
	rtm_prefix4(p, 10, 100 + i / 256, i % 256, 0, 24);
}

/* B's routes on @n destinations */
static void build_table(struct __test_metadata *_metadata, struct try_ctx *c,
			unsigned int n)
{
	struct rtm_net_address p;
	unsigned int i;

	for (i = 0; i < n; i++) {
		table_prefix(&p, i);
		add_route(_metadata, c->b, &p, 20, RTM_VIEWS_SUPPORTED, 0,
			  NULL);
	}
}

/* ---- snapshots of the whole table ---- */

static enum owner_label owner_of(const struct try_ctx *c, __u64 owner)
{
	if (!owner)
		return OWNER_NONE;
	if (owner == c->ent_a)
		return OWNER_A;
	if (owner == c->ent_b)
		return OWNER_B;
	return OWNER_OTHER;
}

/* One walk of a third entity (its references all given back) */
static long observe(struct __test_metadata *_metadata, int fd,
		    __u32 protocol, void **records)
{
	__u64 walk;
	long n;

	ASSERT_EQ(0, rtm_raw_enum_create(fd, RTM_ENUM_F_START,
					 RTM_VIEWS_SUPPORTED, protocol, NULL,
					 &walk, NULL));
	n = rtm_raw_fetch_all(fd, walk, RTM_NUM_VIEWS, RTM_MAX_ENUM_BATCH,
			      records);
	ASSERT_LE(0, n);
	ASSERT_GE(MAX_DESTS, n);
	ASSERT_EQ(0, rtm_raw_release_records(fd, *records, n, RTM_NUM_VIEWS));
	ASSERT_EQ(0, rtm_raw_enum_delete(fd, walk));
	return n;
}

static const struct rtm_dest_record *record_at(const void *records,
					       __u32 num_views, size_t i)
{
	return (const void *)((const char *)records +
			      i * RTM_DEST_RECORD_SIZE(num_views));
}

static void snapshot(struct __test_metadata *_metadata,
		     const struct try_ctx *c, struct table_snapshot *t)
{
	void *best = NULL, *of_a = NULL;
	long n, n_a, i;
	int fd, v;

	fd = rtm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_C,
				      getpid(), NULL));
	n = observe(_metadata, fd, RTM_PROTOCOL_BEST, &best);
	n_a = observe(_metadata, fd, RTM_TEST_PROTO_A, &of_a);
	ASSERT_EQ(0, close(fd));
	ASSERT_EQ(n, n_a);

	memset(t, 0, sizeof(*t));
	t->n = n;
	for (i = 0; i < n; i++) {
		const struct rtm_dest_record *r = record_at(best,
							    RTM_NUM_VIEWS, i);
		const struct rtm_dest_record *ra = record_at(of_a,
							     RTM_NUM_VIEWS, i);
		struct dest_snapshot *d = &t->dest[i];

		memcpy(d->addr, r->dest.addr, sizeof(d->addr));
		d->prefix_len = r->dest.prefix_len;
		d->belongs_to_views = r->belongs_to_views;
		for (v = 0; v < RTM_NUM_VIEWS; v++) {
			d->num_routes[v] = r->view[v].num_routes;
			d->best_owner[v] = owner_of(c, r->view[v].owner);
			d->a_has_route[v] = ra->view[v].route != 0;
		}
	}
	free(best);
	free(of_a);
}

static bool snapshots_equal(const struct table_snapshot *x,
			    const struct table_snapshot *y)
{
	return x->n == y->n &&
	       !memcmp(x->dest, y->dest, x->n * sizeof(x->dest[0]));
}

static void log_snapshot(struct __test_metadata *_metadata, const char *what,
			 const struct table_snapshot *t)
{
	size_t i;

	TH_LOG("%s: %zu destinations", what, t->n);
	for (i = 0; i < t->n && i < 8; i++) {
		const struct dest_snapshot *d = &t->dest[i];

		TH_LOG("  %u.%u.%u.%u/%u views %#x routes %u/%u best %d/%d A %d/%d",
		       d->addr[0], d->addr[1], d->addr[2], d->addr[3],
		       d->prefix_len, d->belongs_to_views, d->num_routes[0],
		       d->num_routes[1], d->best_owner[0], d->best_owner[1],
		       d->a_has_route[0], d->a_has_route[1]);
	}
}

/* ---- counters ---- */

static struct rtm_counters counters_now(struct __test_metadata *_metadata)
{
	struct rtm_counters now;

	ASSERT_EQ(0, rtm_read_counters(&now));
	return now;
}

static struct rtm_counters counters_delta(const struct rtm_counters *from,
					  const struct rtm_counters *to)
{
	struct rtm_counters d = {
		.files = to->files - from->files,
		.entities = to->entities - from->entities,
		.dests = to->dests - from->dests,
		.routes = to->routes - from->routes,
		.nexthops = to->nexthops - from->nexthops,
		.enums = to->enums - from->enums,
		.handles = to->handles - from->handles,
	};

	return d;
}

#define ASSERT_COUNTERS(want, got, fmt, ...) do {			\
	const struct rtm_counters *_want = (want), *_got = (got);	\
	char _w[200], _g[200];						\
	rtm_format_counters(_want, _w, sizeof(_w));			\
	rtm_format_counters(_got, _g, sizeof(_g));			\
	ASSERT_TRUE(rtm_counters_equal(_want, _got)) {			\
		TH_LOG(fmt, ##__VA_ARGS__);				\
		TH_LOG("  want %s", _w);				\
		TH_LOG("  got  %s", _g);				\
	}								\
} while (0)

/* ---- one try ---- */

static void try_teardown(struct __test_metadata *_metadata,
			 FIXTURE_DATA(failnth) *self, struct try_ctx *c,
			 const char *name, int nth)
{
	struct rtm_counters now;

	if (c->a >= 0)
		close(c->a);
	if (c->b >= 0)
		close(c->b);
	c->a = -1;
	c->b = -1;
	free(c->records);
	free(c->handles);
	c->records = NULL;
	c->handles = NULL;
	/* Files are released in close(): nothing is left to settle */
	now = counters_now(_metadata);
	ASSERT_COUNTERS(&self->baseline, &now,
			"%s, fault %d: counters after closing everything", name,
			nth);
}

static void try_setup(struct __test_metadata *_metadata,
		      const struct fault_case *fc, struct try_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->a = -1;
	c->b = -1;
	fc->setup(_metadata, c);
}

/*
 * Fetch the rest of @c's walk without a fault: it must be the table's
 * destinations from @from on. Gives the records' references back.
 */
static void fetch_rest(struct __test_metadata *_metadata, struct try_ctx *c,
		       const struct table_snapshot *table, size_t from,
		       const char *name, int nth)
{
	void *rest = NULL;
	long n, i;

	n = rtm_raw_fetch_all(c->a, c->walk, c->num_views, RTM_MAX_ENUM_BATCH,
			      &rest);
	ASSERT_LE(0, n);
	ASSERT_EQ(table->n - from, (size_t)n) {
		TH_LOG("%s, fault %d: the walk resumed with %ld records, %zu were left",
		       name, nth, n, table->n - from);
	}
	for (i = 0; i < n; i++) {
		const struct rtm_dest_record *r = record_at(rest, c->num_views,
							    i);
		const struct dest_snapshot *d = &table->dest[from + i];

		ASSERT_EQ(0, memcmp(r->dest.addr, d->addr, sizeof(d->addr)));
		ASSERT_EQ(d->prefix_len, r->dest.prefix_len);
	}
	ASSERT_EQ(0, rtm_raw_release_records(c->a, rest, n, c->num_views));
	free(rest);
}

/* A successful fetch: the records are the table's first ones, in order */
static void check_batch(struct __test_metadata *_metadata, struct try_ctx *c,
			const struct table_snapshot *table,
			const struct rtm_counters *before, bool fired,
			const char *name, int nth, int *short_batches)
{
	const struct rtm_enum_fetch *f = &c->req.fetch;
	struct rtm_counters now;
	__u32 i;
	int v;

	ASSERT_GE(table->n, f->count);
	for (i = 0; i < f->count; i++) {
		const struct rtm_dest_record *r = record_at(c->records,
							    c->num_views, i);
		const struct dest_snapshot *d = &table->dest[i];

		ASSERT_EQ(0, memcmp(r->dest.addr, d->addr, sizeof(d->addr))) {
			TH_LOG("%s, fault %d: record %u is not the table's",
			       name, nth, i);
		}
		ASSERT_EQ(d->prefix_len, r->dest.prefix_len);
		ASSERT_EQ(c->num_views, r->num_views);
		for (v = 0; v < (int)c->num_views; v++) {
			ASSERT_EQ(d->best_owner[v],
				  owner_of(c, r->view[v].owner));
			ASSERT_EQ(!!r->view[v].route, !!r->view[v].owner);
		}
	}
	if (f->count < table->n) {
		/* The caller asked for more than the table holds */
		ASSERT_TRUE(fired) {
			TH_LOG("%s, fault %d: %u of %zu records without a fault",
			       name, nth, f->count, table->n);
		}
		ASSERT_EQ(0, f->out_flags & RTM_FETCH_END);
		++*short_batches;
	} else {
		ASSERT_EQ(RTM_FETCH_END, f->out_flags & RTM_FETCH_END);
	}
	/* Exactly the records' references: giving them back restores all */
	ASSERT_EQ(0, rtm_raw_release_records(c->a, c->records, f->count,
					     c->num_views)) {
		TH_LOG("%s, fault %d: the file does not hold the references of its %u records",
		       name, nth, f->count);
	}
	now = counters_now(_metadata);
	ASSERT_COUNTERS(before, &now,
			"%s, fault %d: %u records given back, the file still holds more",
			name, nth, f->count);
	fetch_rest(_metadata, c, table, f->count, name, nth);
	now = counters_now(_metadata);
	ASSERT_COUNTERS(before, &now, "%s, fault %d: after the whole walk",
			name, nth);
}

/*
 * The untouched run: what a success does to the table (@self->ref_after)
 * and to the counters (@ref_delta).
 */
static void reference_run(struct __test_metadata *_metadata,
			  FIXTURE_DATA(failnth) *self,
			  const struct fault_case *fc,
			  struct rtm_counters *ref_delta)
{
	struct rtm_counters before, after;
	struct try_ctx c;
	int dummy = 0;

	try_setup(_metadata, fc, &c);
	snapshot(_metadata, &c, &self->before);
	before = counters_now(_metadata);
	ASSERT_EQ(0, fc->op(&c)) {
		TH_LOG("%s without a fault: %s", fc->name, strerror(errno));
	}
	after = counters_now(_metadata);
	*ref_delta = counters_delta(&before, &after);
	if (fc->kind == FETCH) {
		check_batch(_metadata, &c, &self->before, &before, false,
			    fc->name, 0, &dummy);
		self->ref_after = self->before;
	} else {
		snapshot(_metadata, &c, &self->ref_after);
		fc->check_done(_metadata, &c);
	}
	try_teardown(_metadata, self, &c, fc->name, 0);
}

/* A success (with or without a fault) must match the untouched run */
static void check_complete(struct __test_metadata *_metadata,
			   FIXTURE_DATA(failnth) *self,
			   const struct fault_case *fc, struct try_ctx *c,
			   const struct rtm_counters *before,
			   const struct rtm_counters *ref_delta, int nth)
{
	struct rtm_counters after = counters_now(_metadata);
	struct rtm_counters delta = counters_delta(before, &after);

	ASSERT_COUNTERS(ref_delta, &delta,
			"%s, fault %d: a success changed the counters differently",
			fc->name, nth);
	snapshot(_metadata, c, &self->after);
	ASSERT_TRUE(snapshots_equal(&self->ref_after, &self->after)) {
		TH_LOG("%s, fault %d: a success left another table",
		       fc->name, nth);
		log_snapshot(_metadata, "want", &self->ref_after);
		log_snapshot(_metadata, "got", &self->after);
	}
	fc->check_done(_metadata, c);
}

static void run_mode(struct __test_metadata *_metadata,
		     FIXTURE_DATA(failnth) *self, const struct fault_case *fc,
		     bool from_n_on)
{
	struct rtm_counters ref_delta, before, now;
	struct case_figures fig = {};
	int nth, ret, err;
	struct try_ctx c;
	bool fired;

	snprintf(fig.name, sizeof(fig.name), "%s%s", fc->name,
		 from_n_on ? ", from N on" : "");
	fig.from_n_on = from_n_on;
	reference_run(_metadata, self, fc, &ref_delta);

	for (nth = 1; nth <= MAX_TRIES; nth++) {
		try_setup(_metadata, fc, &c);
		snapshot(_metadata, &c, &self->before);
		before = counters_now(_metadata);

		arm(_metadata, self, nth, from_n_on);
		ret = fc->op(&c);
		err = errno;
		fired = disarm(_metadata, self, from_n_on);

		if (ret && !fired) {
			ASSERT_EQ(0, ret) {
				TH_LOG("%s, fault %d: %s with no fault fired",
				       fc->name, nth, strerror(err));
			}
		} else if (ret) {
			fig.enomem++;
			ASSERT_EQ(ENOMEM, err) {
				TH_LOG("%s, fault %d: %s, not ENOMEM",
				       fc->name, nth, strerror(err));
			}
			now = counters_now(_metadata);
			ASSERT_COUNTERS(&before, &now,
					"%s, fault %d: failed with ENOMEM but changed the counters",
					fc->name, nth);
			snapshot(_metadata, &c, &self->after);
			ASSERT_TRUE(snapshots_equal(&self->before,
						    &self->after)) {
				TH_LOG("%s, fault %d: failed with ENOMEM but changed the table",
				       fc->name, nth);
				log_snapshot(_metadata, "before", &self->before);
				log_snapshot(_metadata, "after", &self->after);
			}
			if (fc->kind == FETCH) {
				fetch_rest(_metadata, &c, &self->before, 0,
					   fc->name, nth);
				now = counters_now(_metadata);
				ASSERT_COUNTERS(&before, &now,
						"%s, fault %d: after the whole walk",
						fc->name, nth);
			} else {
				/* Nothing half done: the call works as new */
				ASSERT_EQ(0, fc->op(&c)) {
					TH_LOG("%s, fault %d: the retry without a fault: %s",
					       fc->name, nth, strerror(errno));
				}
				check_complete(_metadata, self, fc, &c,
					       &before, &ref_delta, nth);
			}
		} else {
			if (fired)
				fig.absorbed++;
			if (fc->kind == FETCH)
				check_batch(_metadata, &c, &self->before,
					    &before, fired, fc->name, nth,
					    &fig.short_batches);
			else
				check_complete(_metadata, self, fc, &c,
					       &before, &ref_delta, nth);
		}
		try_teardown(_metadata, self, &c, fc->name, nth);
		if (!ret && !fired)
			break;
	}
	ASSERT_GE(MAX_TRIES, nth) {
		TH_LOG("%s: still failing after %d faults", fc->name,
		       MAX_TRIES);
	}
	fig.sites = nth - 1;
	ksft_print_msg("%s: %d allocation sites; %d ENOMEM, %d fault but success (%d short)\n",
		       fig.name, fig.sites, fig.enomem, fig.absorbed,
		       fig.short_batches);
	/* The harness ends the test's process with _exit() */
	fflush(stdout);
	ASSERT_LE(fc->min_sites, (unsigned int)fig.sites) {
		TH_LOG("%s: rtm allocates %u times here: is injection on?",
		       fc->name, fc->min_sites);
	}
	if (figures->n < MAX_CASES)
		figures->c[figures->n++] = fig;
}

/* ---- REGISTER ---- */

static void setup_unregistered(struct __test_metadata *_metadata,
			       struct try_ctx *c)
{
	c->a = rtm_open();
	ASSERT_LE(0, c->a);
	c->req.reg.family = AF_INET;
	c->req.reg.protocol_id = RTM_TEST_PROTO_A;
	c->req.reg.instance_id = getpid();
}

static int op_register(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_REGISTER, &c->req.reg);
}

static void done_register(struct __test_metadata *_metadata,
			  struct try_ctx *c)
{
	__u64 forged;
	int fd;

	ASSERT_EQ(RTM_HANDLE_ENTITY, RTM_HANDLE_TYPE(c->req.reg.entity_handle));
	/* Registered, and the ids are taken */
	forged = RTM_FORGED_HANDLE(RTM_HANDLE_ENUM);
	ASSERT_EQ(-1, rtm_raw_enum_delete(c->a, forged));
	ASSERT_EQ(EBADF, errno);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(-1, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_A,
				       getpid(), NULL));
	ASSERT_EQ(EEXIST, errno);
	close(fd);
}

/* ---- NEXTHOP_ADD ---- */

static void setup_entity_a(struct __test_metadata *_metadata,
			   struct try_ctx *c)
{
	open_entity(_metadata, &c->a, &c->ent_a, RTM_TEST_PROTO_A);
}

static void setup_nh_create(struct __test_metadata *_metadata,
			    struct try_ctx *c)
{
	setup_entity_a(_metadata, c);
	add_nexthop(_metadata, c->a, 1, NULL);
	nexthop_req(&c->req.nexthop, 2, 0);
}

static void setup_nh_create_want(struct __test_metadata *_metadata,
				 struct try_ctx *c)
{
	setup_nh_create(_metadata, c);
	c->req.nexthop.flags = RTM_NH_F_WANT_HANDLE;
}

/* The next hop exists; the file does not hold it */
static void setup_nh_update_want(struct __test_metadata *_metadata,
				 struct try_ctx *c)
{
	setup_entity_a(_metadata, c);
	add_nexthop(_metadata, c->a, 1, NULL);
	nexthop_req(&c->req.nexthop, 1, RTM_NH_F_WANT_HANDLE);
	c->req.nexthop.entity_info = 0x5678;
}

/* The file holds the next hop already and names it by handle */
static void setup_nh_update_by_handle(struct __test_metadata *_metadata,
				      struct try_ctx *c)
{
	setup_entity_a(_metadata, c);
	add_nexthop(_metadata, c->a, 1, &c->nexthop);
	nexthop_req(&c->req.nexthop, 1, RTM_NH_F_WANT_HANDLE);
	c->req.nexthop.handle = c->nexthop;
}

static int op_nexthop_add(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_NEXTHOP_ADD, &c->req.nexthop);
}

static void done_nh_create(struct __test_metadata *_metadata,
			   struct try_ctx *c)
{
	const struct rtm_nexthop *nh = &c->req.nexthop;

	ASSERT_EQ(1, nh->change_flags);
	if (nh->flags & RTM_NH_F_WANT_HANDLE) {
		ASSERT_EQ(RTM_HANDLE_NEXTHOP, RTM_HANDLE_TYPE(nh->handle));
		ASSERT_EQ(0, rtm_raw_release(c->a, &nh->handle, 1,
					     RTM_HANDLE_NEXTHOP));
	} else {
		ASSERT_EQ(0, nh->handle);
	}
}

static void done_nh_update(struct __test_metadata *_metadata,
			   struct try_ctx *c)
{
	const struct rtm_nexthop *nh = &c->req.nexthop;

	ASSERT_EQ(0, nh->change_flags);
	ASSERT_EQ(RTM_HANDLE_NEXTHOP, RTM_HANDLE_TYPE(nh->handle));
	if (c->nexthop) {
		/* The same handle, held twice now */
		ASSERT_EQ(c->nexthop, nh->handle);
		ASSERT_EQ(0, rtm_raw_release(c->a, &nh->handle, 1,
					     RTM_HANDLE_NEXTHOP));
	}
	ASSERT_EQ(0, rtm_raw_release(c->a, &nh->handle, 1,
				     RTM_HANDLE_NEXTHOP));
	ASSERT_EQ(-1, rtm_raw_release(c->a, &nh->handle, 1,
				      RTM_HANDLE_NEXTHOP));
	ASSERT_EQ(EBADF, errno);
}

/* ---- ROUTE_ADD ---- */

/*
 * A holds a next hop; B has a route on 10.1.0.0/16 and on 10.2.0.0/16,
 * A one on 10.2.0.0/16 that is the best in view 0 (it is not in view 1).
 */
static void setup_routes(struct __test_metadata *_metadata,
			 struct try_ctx *c)
{
	struct rtm_net_address p;

	setup_entity_a(_metadata, c);
	open_entity(_metadata, &c->b, &c->ent_b, RTM_TEST_PROTO_B);
	add_nexthop(_metadata, c->a, 1, &c->nexthop);
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	add_route(_metadata, c->b, &p, 20, RTM_VIEWS_SUPPORTED, 0, NULL);
	rtm_prefix4(&p, 10, 2, 0, 0, 16);
	add_route(_metadata, c->b, &p, 20, RTM_VIEWS_SUPPORTED, 0, NULL);
	add_route(_metadata, c->a, &p, 10, 0x1, c->nexthop, NULL);
}

static void route_req(struct try_ctx *c, __u8 second_byte, __u32 preference,
		      __u32 views, __u32 flags)
{
	struct rtm_route *r = &c->req.route;

	memset(r, 0, sizeof(*r));
	rtm_prefix4(&r->dest, 10, second_byte, 0, 0, 16);
	r->preference = preference;
	r->metric = 5;
	r->views = views;
	r->flags = flags;
	r->num_nexthops = 1;
	r->nexthops[0] = c->nexthop;
}

/* 10.3.0.0/16: a new leaf and a glue node (10.2.0.0/15) in the trie */
static void setup_route_new_dest(struct __test_metadata *_metadata,
				 struct try_ctx *c)
{
	setup_routes(_metadata, c);
	route_req(c, 3, 10, RTM_VIEWS_SUPPORTED, 0);
}

static void setup_route_new_dest_want(struct __test_metadata *_metadata,
				      struct try_ctx *c)
{
	setup_routes(_metadata, c);
	route_req(c, 3, 10, RTM_VIEWS_SUPPORTED, RTM_ROUTE_F_WANT_HANDLE);
}

/* A's first route on B's 10.1.0.0/16, best in view 0 */
static void setup_route_existing_dest(struct __test_metadata *_metadata,
				      struct try_ctx *c)
{
	setup_routes(_metadata, c);
	route_req(c, 1, 10, 0x1, 0);
}

static void setup_route_existing_dest_want(struct __test_metadata *_metadata,
					   struct try_ctx *c)
{
	setup_routes(_metadata, c);
	route_req(c, 1, 10, 0x1, RTM_ROUTE_F_WANT_HANDLE);
}

/* A's route on 10.2.0.0/16 joins view 1 and loses view 0 to B's */
static void setup_route_update(struct __test_metadata *_metadata,
			       struct try_ctx *c)
{
	setup_routes(_metadata, c);
	route_req(c, 2, 30, RTM_VIEWS_SUPPORTED, 0);
	/* The identity is (dest, owner, neighbour): no neighbour as before */
}

static void setup_route_update_want(struct __test_metadata *_metadata,
				    struct try_ctx *c)
{
	setup_route_update(_metadata, c);
	c->req.route.flags = RTM_ROUTE_F_WANT_HANDLE;
}

/* The same update by the handle the file already holds */
static void setup_route_update_by_handle(struct __test_metadata *_metadata,
					 struct try_ctx *c)
{
	struct rtm_net_address p;
	__u64 held;

	setup_routes(_metadata, c);
	rtm_prefix4(&p, 10, 2, 0, 0, 16);
	add_route(_metadata, c->a, &p, 10, 0x1, c->nexthop, &held);
	route_req(c, 2, 30, RTM_VIEWS_SUPPORTED, RTM_ROUTE_F_WANT_HANDLE);
	c->req.route.handle = held;
}

static int op_route_add(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_ROUTE_ADD, &c->req.route);
}

static void done_route_new(struct __test_metadata *_metadata,
			   struct try_ctx *c)
{
	const struct rtm_route *r = &c->req.route;

	ASSERT_EQ(RTM_ROUTE_CHG_NEW | RTM_ROUTE_CHG_BEST, r->change_flags);
	if (r->flags & RTM_ROUTE_F_WANT_HANDLE) {
		ASSERT_EQ(RTM_HANDLE_ROUTE, RTM_HANDLE_TYPE(r->handle));
		ASSERT_EQ(0, rtm_raw_release(c->a, &r->handle, 1,
					     RTM_HANDLE_ROUTE));
	} else {
		ASSERT_EQ(0, r->handle);
	}
}

static void done_route_update(struct __test_metadata *_metadata,
			      struct try_ctx *c)
{
	const struct rtm_route *r = &c->req.route;

	ASSERT_EQ(RTM_ROUTE_CHG_BEST, r->change_flags);
	if (r->flags & RTM_ROUTE_F_WANT_HANDLE) {
		ASSERT_EQ(RTM_HANDLE_ROUTE, RTM_HANDLE_TYPE(r->handle));
		ASSERT_EQ(0, rtm_raw_release(c->a, &r->handle, 1,
					     RTM_HANDLE_ROUTE));
	} else {
		ASSERT_EQ(0, r->handle);
	}
}

/* The new destination of route_new_dest, as a one-record bulk add */
static void setup_route_bulk(struct __test_metadata *_metadata,
			     struct try_ctx *c)
{
	struct rtm_bulk_route *r = &c->bulk_rec;

	setup_route_new_dest(_metadata, c);
	memcpy(&r->dest, &c->req.route.dest, sizeof(r->dest));
	r->preference = 10;
	r->metric = 5;
	r->views = RTM_VIEWS_SUPPORTED;
	r->num_nexthops = 1;
	r->nexthops[0] = c->nexthop;
	memset(&c->req.bulk, 0, sizeof(c->req.bulk));
	c->req.bulk.routes = (uintptr_t)r;
	c->req.bulk.count = 1;
	c->req.bulk.record_size = sizeof(*r);
}

static int op_route_bulk(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_ROUTE_ADD_BULK, &c->req.bulk);
}

static void done_route_bulk(struct __test_metadata *_metadata,
			    struct try_ctx *c)
{
	ASSERT_EQ(1, c->req.bulk.count);
}

/* ---- ENUM_CREATE ---- */

static void setup_enum_create(struct __test_metadata *_metadata,
			      struct try_ctx *c)
{
	setup_entity_a(_metadata, c);
	open_entity(_metadata, &c->b, &c->ent_b, RTM_TEST_PROTO_B);
	build_table(_metadata, c, SMALL_TABLE);
	c->req.enum_create.flags = RTM_ENUM_F_START;
	c->req.enum_create.views = RTM_VIEWS_SUPPORTED;
	c->req.enum_create.protocol_id = RTM_PROTOCOL_BEST;
}

static int op_enum_create(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_ENUM_CREATE, &c->req.enum_create);
}

static void done_enum_create(struct __test_metadata *_metadata,
			     struct try_ctx *c)
{
	const struct rtm_enum_create *ec = &c->req.enum_create;
	void *records = NULL;

	ASSERT_EQ(RTM_NUM_VIEWS, ec->num_views);
	ASSERT_EQ(SMALL_TABLE, rtm_raw_fetch_all(c->a, ec->enum_handle,
						 RTM_NUM_VIEWS, 2, &records));
	ASSERT_EQ(0, rtm_raw_release_records(c->a, records, SMALL_TABLE,
					     RTM_NUM_VIEWS));
	free(records);
	ASSERT_EQ(0, rtm_raw_enum_delete(c->a, ec->enum_handle));
}

/* ---- DEST_GET ---- */

static void setup_dest_get(struct __test_metadata *_metadata,
			   struct try_ctx *c)
{
	struct rtm_dest_get *g = &c->req.dest_get;

	setup_entity_a(_metadata, c);
	open_entity(_metadata, &c->b, &c->ent_b, RTM_TEST_PROTO_B);
	build_table(_metadata, c, SMALL_TABLE);
	c->records = malloc(RTM_DEST_RECORD_SIZE(RTM_NUM_VIEWS));
	ASSERT_NE(NULL, c->records);
	/* Touched now, so that no page fault allocates while armed */
	memset(c->records, 0, RTM_DEST_RECORD_SIZE(RTM_NUM_VIEWS));
	g->flags = RTM_DEST_GET_LONGEST;
	g->views = RTM_VIEWS_SUPPORTED;
	g->protocol_id = RTM_PROTOCOL_BEST;
	table_prefix(&g->addr, 3);
	g->record_size = RTM_DEST_RECORD_SIZE(RTM_NUM_VIEWS);
	g->record = (uintptr_t)c->records;
}

static int op_dest_get(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_DEST_GET, &c->req.dest_get);
}

static void done_dest_get(struct __test_metadata *_metadata,
			  struct try_ctx *c)
{
	const struct rtm_dest_record *rec = c->records;

	ASSERT_EQ(RTM_NUM_VIEWS, c->req.dest_get.num_views);
	ASSERT_EQ(0, memcmp(&rec->dest, &c->req.dest_get.addr,
			    sizeof(rec->dest)));
	ASSERT_EQ(0, rtm_raw_release_records(c->a, c->records, 1,
					     RTM_NUM_VIEWS));
}

/* ---- ROUTE_INFO, NEXTHOP_INFO ---- */

/*
 * The file's handle table has 64 slots and grows when a 49th object is
 * held: the only allocation of these calls. @n more next hops held.
 */
#define HANDLES_GROW_AT		49
static void hold_nexthops(struct __test_metadata *_metadata,
			  struct try_ctx *c, __u8 first, unsigned int n)
{
	unsigned int i;
	__u64 h;

	for (i = 0; i < n; i++)
		add_nexthop(_metadata, c->a, first + i, &h);
}

/*
 * A's route on 10.99.0.0/16 over next hops 1..8 with neighbour 9; the
 * file then holds the route and 41 other next hops, so of the 11 objects
 * the call hands out (dest, owner, neighbour, 8 next hops), the 7th grows
 * the table and a failure there gives back the 6 before it.
 */
static void setup_route_info(struct __test_metadata *_metadata,
			     struct try_ctx *c)
{
	struct rtm_route_info *ri = &c->req.route_info;
	struct rtm_route r = {
		.preference = 10,
		.metric = 1,
		.views = RTM_VIEWS_SUPPORTED,
		.num_nexthops = RTM_MAX_NEXTHOPS,
		.flags = RTM_ROUTE_F_WANT_HANDLE,
	};
	__u64 nhs[RTM_MAX_NEXTHOPS + 1];
	unsigned int i;

	setup_entity_a(_metadata, c);
	for (i = 0; i <= RTM_MAX_NEXTHOPS; i++)
		add_nexthop(_metadata, c->a, 1 + i, &nhs[i]);
	rtm_prefix4(&r.dest, 10, 99, 0, 0, 16);
	r.neighbour = nhs[RTM_MAX_NEXTHOPS];
	memcpy(r.nexthops, nhs, sizeof(r.nexthops));
	ASSERT_EQ(0, ioctl(c->a, RTM_IOC_ROUTE_ADD, &r));
	ASSERT_EQ(0, rtm_raw_release(c->a, nhs, RTM_MAX_NEXTHOPS + 1,
				     RTM_HANDLE_NEXTHOP));
	/* 48 held after 6 new ones: the route and 41 next hops */
	hold_nexthops(_metadata, c, 100, HANDLES_GROW_AT - 1 - 6 - 1);
	ri->route = r.handle;
	ri->flags = RTM_ROUTE_INFO_F_HANDLES;
}

static int op_route_info(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_ROUTE_INFO, &c->req.route_info);
}

static void done_route_info(struct __test_metadata *_metadata,
			    struct try_ctx *c)
{
	const struct rtm_route_info *ri = &c->req.route_info;
	__u64 h[3 + RTM_MAX_NEXTHOPS];
	unsigned int i, n = 0;

	ASSERT_EQ(RTM_MAX_NEXTHOPS, ri->num_nexthops);
	ASSERT_EQ(c->ent_a, ri->owner);
	ASSERT_NE(0, ri->dest_handle);
	ASSERT_NE(0, ri->neighbour);
	h[n++] = ri->dest_handle;
	h[n++] = ri->owner;
	h[n++] = ri->neighbour;
	for (i = 0; i < RTM_MAX_NEXTHOPS; i++) {
		ASSERT_NE(0, ri->nexthops[i]);
		h[n++] = ri->nexthops[i];
	}
	/* exactly one hold of each: a second release fails */
	ASSERT_EQ(0, rtm_raw_release(c->a, h, n, RTM_HANDLE_ANY));
	ASSERT_EQ(-1, rtm_raw_release(c->a, h, 1, RTM_HANDLE_ANY));
}

/*
 * A's next hop, held by the file with 47 others; its owner is not, and
 * is the 49th object that grows the table.
 */
static void setup_nexthop_info(struct __test_metadata *_metadata,
			       struct try_ctx *c)
{
	setup_entity_a(_metadata, c);
	add_nexthop(_metadata, c->a, 1, &c->nexthop);
	hold_nexthops(_metadata, c, 100, HANDLES_GROW_AT - 2);
	c->req.nexthop_info.nexthop = c->nexthop;
}

static int op_nexthop_info(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_NEXTHOP_INFO, &c->req.nexthop_info);
}

static void done_nexthop_info(struct __test_metadata *_metadata,
			      struct try_ctx *c)
{
	const struct rtm_nexthop_info *ni = &c->req.nexthop_info;

	ASSERT_EQ(c->ent_a, ni->owner);
	ASSERT_EQ(0x1234, ni->entity_info);
	ASSERT_EQ(0, rtm_raw_release(c->a, &ni->owner, 1, RTM_HANDLE_ENTITY));
	ASSERT_EQ(-1, rtm_raw_release(c->a, &ni->owner, 1, RTM_HANDLE_ENTITY));
}

/* ---- ENUM_FETCH ---- */

static void setup_fetch(struct __test_metadata *_metadata, struct try_ctx *c,
			unsigned int table, __u32 views, __u32 count)
{
	struct rtm_enum_fetch *f = &c->req.fetch;
	size_t bytes;

	setup_entity_a(_metadata, c);
	open_entity(_metadata, &c->b, &c->ent_b, RTM_TEST_PROTO_B);
	build_table(_metadata, c, table);
	ASSERT_EQ(0, rtm_raw_enum_create(c->a, RTM_ENUM_F_START, views,
					 RTM_PROTOCOL_BEST, NULL, &c->walk,
					 &c->num_views));
	bytes = (size_t)count * RTM_DEST_RECORD_SIZE(c->num_views);
	c->records = malloc(bytes);
	ASSERT_NE(NULL, c->records);
	/* A user page fault while armed would allocate page tables */
	memset(c->records, 0xa5, bytes);
	f->enum_handle = c->walk;
	f->records = (uintptr_t)c->records;
	f->count = count;
	f->record_size = RTM_DEST_RECORD_SIZE(c->num_views);
}

static void setup_fetch_small(struct __test_metadata *_metadata,
			      struct try_ctx *c)
{
	setup_fetch(_metadata, c, SMALL_TABLE, RTM_VIEWS_SUPPORTED, 8);
}

/* Four chunks; with view slots the chunk buffer is a multi-page kmalloc */
static void setup_fetch_multi(struct __test_metadata *_metadata,
			      struct try_ctx *c)
{
	setup_fetch(_metadata, c, MULTI_TABLE, RTM_VIEWS_SUPPORTED,
		    RTM_MAX_ENUM_BATCH);
}

/* Without view slots: a slab-sized chunk buffer, one reference a record */
static void setup_fetch_multi_no_views(struct __test_metadata *_metadata,
				       struct try_ctx *c)
{
	setup_fetch(_metadata, c, MULTI_TABLE, 0, RTM_MAX_ENUM_BATCH);
}

static int op_enum_fetch(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_ENUM_FETCH, &c->req.fetch);
}

/* ---- RELEASE ---- */

static void collect_handles(struct __test_metadata *_metadata,
			    struct try_ctx *c, const void *records, size_t n)
{
	size_t i;
	int v;

	for (i = 0; i < n; i++) {
		const struct rtm_dest_record *r = record_at(records,
							    RTM_NUM_VIEWS, i);

		c->handles[c->num_handles++] = r->dest_handle;
		for (v = 0; v < RTM_NUM_VIEWS; v++) {
			if (r->view[v].route)
				c->handles[c->num_handles++] = r->view[v].route;
			if (r->view[v].owner)
				c->handles[c->num_handles++] = r->view[v].owner;
		}
	}
}

/* A holds the references of @walks whole walks over B's @table routes */
static void setup_release(struct __test_metadata *_metadata,
			  struct try_ctx *c, unsigned int table,
			  unsigned int walks)
{
	void *records = NULL;
	unsigned int i;
	__u64 walk;
	long n;

	setup_entity_a(_metadata, c);
	open_entity(_metadata, &c->b, &c->ent_b, RTM_TEST_PROTO_B);
	build_table(_metadata, c, table);
	c->handles = malloc(walks * table * (1 + 2 * RTM_NUM_VIEWS) *
			    sizeof(*c->handles));
	ASSERT_NE(NULL, c->handles);
	for (i = 0; i < walks; i++) {
		ASSERT_EQ(0, rtm_raw_enum_create(c->a, RTM_ENUM_F_START,
						 RTM_VIEWS_SUPPORTED,
						 RTM_PROTOCOL_BEST, NULL,
						 &walk, NULL));
		n = rtm_raw_fetch_all(c->a, walk, RTM_NUM_VIEWS,
				      RTM_MAX_ENUM_BATCH, &records);
		ASSERT_EQ(table, n);
		collect_handles(_metadata, c, records, n);
		free(records);
		ASSERT_EQ(0, rtm_raw_enum_delete(c->a, walk));
	}
	c->req.release.handles = (uintptr_t)c->handles;
	c->req.release.count = c->num_handles;
	c->req.release.type = RTM_HANDLE_ANY;
}

/* A few handles: a slab-sized kvmalloc */
static void setup_release_small(struct __test_metadata *_metadata,
				struct try_ctx *c)
{
	setup_release(_metadata, c, 2, 1);
}

/* About 4000 handles (32 KB): kvmalloc falls back to vmalloc */
static void setup_release_large(struct __test_metadata *_metadata,
				struct try_ctx *c)
{
	setup_release(_metadata, c, MULTI_TABLE, FETCH_WALKS_FOR_RELEASE);
}

static int op_release(struct try_ctx *c)
{
	return ioctl(c->a, RTM_IOC_RELEASE, &c->req.release);
}

static void done_release(struct __test_metadata *_metadata,
			 struct try_ctx *c)
{
	/* Nothing is held any more: releasing one again is refused */
	ASSERT_EQ(-1, rtm_raw_release(c->a, c->handles, 1, RTM_HANDLE_ANY));
	ASSERT_EQ(EBADF, errno);
}

/* ---- close() ---- */

/*
 * A file with everything: next hops, routes alone on their destination
 * and next to B's, an open walk and references to B's objects.
 */
static void setup_close(struct __test_metadata *_metadata, struct try_ctx *c)
{
	struct rtm_net_address p;
	void *records = NULL;
	__u64 route, walk;
	long n;

	setup_routes(_metadata, c);
	add_nexthop(_metadata, c->a, 2, NULL);
	rtm_prefix4(&p, 10, 3, 0, 0, 16);
	add_route(_metadata, c->a, &p, 10, RTM_VIEWS_SUPPORTED, c->nexthop,
		  &route);
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	add_route(_metadata, c->a, &p, 5, 0x2, 0, NULL);
	ASSERT_EQ(0, rtm_raw_enum_create(c->a, RTM_ENUM_F_START,
					 RTM_VIEWS_SUPPORTED,
					 RTM_PROTOCOL_BEST, NULL, &walk,
					 NULL));
	n = rtm_raw_fetch_all(c->a, walk, RTM_NUM_VIEWS, 2, &records);
	ASSERT_EQ(3, n);
	free(records);
	ASSERT_EQ(0, rtm_raw_enum_create(c->a, RTM_ENUM_F_START, 0,
					 RTM_PROTOCOL_BEST, NULL, &walk,
					 NULL));
}

static int op_close(struct try_ctx *c)
{
	int ret = close(c->a);

	c->a = -1;
	return ret;
}

static void done_close(struct __test_metadata *_metadata, struct try_ctx *c)
{
}

/* ---- the cases ---- */

static const struct fault_case case_register = {
	.name = "REGISTER",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_unregistered,
	.op = op_register,
	.check_done = done_register,
};

static const struct fault_case case_nh_create = {
	.name = "NEXTHOP_ADD create",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_nh_create,
	.op = op_nexthop_add,
	.check_done = done_nh_create,
};

static const struct fault_case case_nh_create_want = {
	.name = "NEXTHOP_ADD create WANT_HANDLE",
	.kind = ALL_OR_NOTHING,
	.min_sites = 2,
	.setup = setup_nh_create_want,
	.op = op_nexthop_add,
	.check_done = done_nh_create,
};

static const struct fault_case case_nh_update_want = {
	.name = "NEXTHOP_ADD update WANT_HANDLE",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_nh_update_want,
	.op = op_nexthop_add,
	.check_done = done_nh_update,
};

static const struct fault_case case_nh_update_by_handle = {
	.name = "NEXTHOP_ADD update by held handle",
	.kind = ALL_OR_NOTHING,
	.min_sites = 0,
	.setup = setup_nh_update_by_handle,
	.op = op_nexthop_add,
	.check_done = done_nh_update,
};

static const struct fault_case case_route_new_dest = {
	.name = "ROUTE_ADD new destination",
	.kind = ALL_OR_NOTHING,
	.min_sites = 4,
	.setup = setup_route_new_dest,
	.op = op_route_add,
	.check_done = done_route_new,
};

static const struct fault_case case_route_new_dest_want = {
	.name = "ROUTE_ADD new destination WANT_HANDLE",
	.kind = ALL_OR_NOTHING,
	.min_sites = 4,
	.setup = setup_route_new_dest_want,
	.op = op_route_add,
	.check_done = done_route_new,
};

static const struct fault_case case_route_existing_dest = {
	.name = "ROUTE_ADD existing destination",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_route_existing_dest,
	.op = op_route_add,
	.check_done = done_route_new,
};

static const struct fault_case case_route_existing_dest_want = {
	.name = "ROUTE_ADD existing destination WANT_HANDLE",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_route_existing_dest_want,
	.op = op_route_add,
	.check_done = done_route_new,
};

static const struct fault_case case_route_update = {
	.name = "ROUTE_ADD update",
	.kind = ALL_OR_NOTHING,
	.min_sites = 0,
	.setup = setup_route_update,
	.op = op_route_add,
	.check_done = done_route_update,
};

static const struct fault_case case_route_update_want = {
	.name = "ROUTE_ADD update WANT_HANDLE",
	.kind = ALL_OR_NOTHING,
	.min_sites = 0,
	.setup = setup_route_update_want,
	.op = op_route_add,
	.check_done = done_route_update,
};

static const struct fault_case case_route_update_by_handle = {
	.name = "ROUTE_ADD update by held handle",
	.kind = ALL_OR_NOTHING,
	.min_sites = 0,
	.setup = setup_route_update_by_handle,
	.op = op_route_add,
	.check_done = done_route_update,
};

static const struct fault_case case_route_bulk = {
	.name = "ROUTE_ADD_BULK new destination",
	.kind = ALL_OR_NOTHING,
	.min_sites = 5,
	.setup = setup_route_bulk,
	.op = op_route_bulk,
	.check_done = done_route_bulk,
};

static const struct fault_case case_enum_create = {
	.name = "ENUM_CREATE",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_enum_create,
	.op = op_enum_create,
	.check_done = done_enum_create,
};

static const struct fault_case case_dest_get = {
	.name = "DEST_GET",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_dest_get,
	.op = op_dest_get,
	.check_done = done_dest_get,
};

static const struct fault_case case_route_info = {
	.name = "ROUTE_INFO",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_route_info,
	.op = op_route_info,
	.check_done = done_route_info,
};

static const struct fault_case case_nexthop_info = {
	.name = "NEXTHOP_INFO",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_nexthop_info,
	.op = op_nexthop_info,
	.check_done = done_nexthop_info,
};

static const struct fault_case case_fetch_small = {
	.name = "ENUM_FETCH 5 of 8",
	.kind = FETCH,
	.min_sites = 2,
	.setup = setup_fetch_small,
	.op = op_enum_fetch,
};

static const struct fault_case case_fetch_multi = {
	.name = "ENUM_FETCH 200 in 4 chunks",
	.kind = FETCH,
	.min_sites = 4,
	.setup = setup_fetch_multi,
	.op = op_enum_fetch,
};

static const struct fault_case case_fetch_multi_no_views = {
	.name = "ENUM_FETCH 200 in 4 chunks, no views",
	.kind = FETCH,
	.min_sites = 4,
	.setup = setup_fetch_multi_no_views,
	.op = op_enum_fetch,
};

static const struct fault_case case_release_small = {
	.name = "RELEASE small",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_release_small,
	.op = op_release,
	.check_done = done_release,
};

/*
 * From N on, vmalloc() fails and warns with a stack trace, as rtm does not
 * pass __GFP_NOWARN for this user-sized buffer: the kernel log check
 * would fail the run. RTM_FAILNTH_VMALLOC=1 runs it all the same.
 */
static const struct fault_case case_release_large = {
	.name = "RELEASE large (vmalloc)",
	.kind = ALL_OR_NOTHING,
	.min_sites = 1,
	.setup = setup_release_large,
	.op = op_release,
	.check_done = done_release,
	.no_fail_from_n = true,
};

static const struct fault_case case_close = {
	.name = "close() holding references",
	.kind = CANNOT_FAIL,
	.min_sites = 0,
	.setup = setup_close,
	.op = op_close,
	.check_done = done_close,
};

FIXTURE_VARIANT(failnth) {
	const struct fault_case *fault_case;
};

FIXTURE_VARIANT_ADD(failnth, register) {
	.fault_case = &case_register,
};

FIXTURE_VARIANT_ADD(failnth, nexthop_create) {
	.fault_case = &case_nh_create,
};

FIXTURE_VARIANT_ADD(failnth, nexthop_create_want_handle) {
	.fault_case = &case_nh_create_want,
};

FIXTURE_VARIANT_ADD(failnth, nexthop_update_want_handle) {
	.fault_case = &case_nh_update_want,
};

FIXTURE_VARIANT_ADD(failnth, nexthop_update_by_handle) {
	.fault_case = &case_nh_update_by_handle,
};

FIXTURE_VARIANT_ADD(failnth, route_new_dest) {
	.fault_case = &case_route_new_dest,
};

FIXTURE_VARIANT_ADD(failnth, route_new_dest_want_handle) {
	.fault_case = &case_route_new_dest_want,
};

FIXTURE_VARIANT_ADD(failnth, route_existing_dest) {
	.fault_case = &case_route_existing_dest,
};

FIXTURE_VARIANT_ADD(failnth, route_existing_dest_want_handle) {
	.fault_case = &case_route_existing_dest_want,
};

FIXTURE_VARIANT_ADD(failnth, route_update) {
	.fault_case = &case_route_update,
};

FIXTURE_VARIANT_ADD(failnth, route_update_want_handle) {
	.fault_case = &case_route_update_want,
};

FIXTURE_VARIANT_ADD(failnth, route_update_by_handle) {
	.fault_case = &case_route_update_by_handle,
};

FIXTURE_VARIANT_ADD(failnth, route_add_bulk) {
	.fault_case = &case_route_bulk,
};

FIXTURE_VARIANT_ADD(failnth, enum_create) {
	.fault_case = &case_enum_create,
};

FIXTURE_VARIANT_ADD(failnth, dest_get) {
	.fault_case = &case_dest_get,
};

FIXTURE_VARIANT_ADD(failnth, route_info) {
	.fault_case = &case_route_info,
};

FIXTURE_VARIANT_ADD(failnth, nexthop_info) {
	.fault_case = &case_nexthop_info,
};

FIXTURE_VARIANT_ADD(failnth, enum_fetch_small) {
	.fault_case = &case_fetch_small,
};

FIXTURE_VARIANT_ADD(failnth, enum_fetch_multi_chunk) {
	.fault_case = &case_fetch_multi,
};

FIXTURE_VARIANT_ADD(failnth, enum_fetch_multi_chunk_no_views) {
	.fault_case = &case_fetch_multi_no_views,
};

FIXTURE_VARIANT_ADD(failnth, release_small) {
	.fault_case = &case_release_small,
};

FIXTURE_VARIANT_ADD(failnth, release_large) {
	.fault_case = &case_release_large,
};

FIXTURE_VARIANT_ADD(failnth, close_holding_references) {
	.fault_case = &case_close,
};

TEST_F_TIMEOUT(failnth, every_allocation, FN_TIMEOUT)
{
	struct fault_case fc = *variant->fault_case;

	RTM_RETURN_IF_SKIPPED();
	if (getenv("RTM_FAILNTH_VMALLOC"))
		fc.no_fail_from_n = false;
	run_mode(_metadata, self, &fc, false);
	if (!fc.no_fail_from_n)
		run_mode(_metadata, self, &fc, true);
}

/* After every case (each ran in its own process): the figures */
FIXTURE(figures) {
};

FIXTURE_SETUP(figures)
{
	if (!figures || !figures->n)
		SKIP(return, "no fault was injected");
}

FIXTURE_TEARDOWN(figures)
{
}

TEST_F(figures, allocation_sites)
{
	int i, total = 0, enomem = 0;

	RTM_RETURN_IF_SKIPPED();
	for (i = 0; i < figures->n; i++) {
		const struct case_figures *f = &figures->c[i];

		ksft_print_msg("  %-56s %3d sites %3d ENOMEM\n", f->name,
			       f->sites, f->enomem);
		/* Both modes reach the same allocations: count them once */
		if (!f->from_n_on)
			total += f->sites;
		enomem += f->enomem;
	}
	ksft_print_msg("total: %d allocation sites fault-injected (%d runs, %d tries ENOMEM)\n",
		       total, figures->n, enomem);
	fflush(stdout);
}

TEST_HARNESS_MAIN
