// SPDX-License-Identifier: GPL-2.0
/*
 * rtm-stress: a bounded stress run of /dev/rtm, meant for the rtm VM (root).
 *
 *   rtm-stress [--seconds S] [--procs P] [--threads T] [--seed N]
 *              [--max-ops N] [--settle-seconds S] [--verbose]
 *
 * A supervisor forks P worker processes and, until the time (or operation)
 * budget is spent, SIGKILLs random ones in the middle of whatever they do
 * and forks replacements. Each worker runs T threads. A worker either lets
 * all its threads share one registered file, gives each thread a file of
 * its own, or mixes both. The threads register (IPv4 and IPv6, on a small
 * id space so that EEXIST happens), add and delete next hops and routes on
 * one overlapping prefix set (every entity on the same destinations),
 * enumerate (START/NEXT/RANGE, OWN_DESTS, random views and batch sizes,
 * buffers that fault part way), release (in batches, twice, with another
 * file's handles), delete walks while other threads fetch from them, and
 * send garbage ioctls on a file of their own.
 *
 * Every operation's result is counted by errno. The client keeps the books
 * of each file (handle -> references held, its own routes and next hops,
 * its walks), so a well-formed operation knows which results it may get:
 * exactly one on a file only its thread uses, a documented set where other
 * threads race on the same file. Anything else is a failure, as is a walk
 * out of order, a malformed record, a garbage command other than the ten
 * that does not fail with ENOTTY, or a worker dying of anything but our
 * SIGKILL. At the end every worker exits and the debugfs object counters
 * must all reach 0 within a bounded wait. Exit status 0 only when nothing
 * failed; scripts/vm-run then checks rmmod and the kernel log.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "rtm_test_util.h"

#define STRESS_PROTO_BASE	0x57e55000u	/* protocol ids of our entities */
#define STRESS_PROTOS		3
#define STRESS_INSTANCES	12	/* small: registrations collide */
#define PREFIXES4		40
#define PREFIXES6		40
#define NH_ADDRS		6
#define NH_IFINDEXES		3
#define MAX_WORKERS		64
#define MAX_THREADS		32
#define MAX_FAIL_MSGS		16
#define FAIL_MSG_LEN		240
#define ERRNO_SLOTS		134	/* errno values counted one by one */
#define HELD_LIMIT		1500	/* distinct handles before a bulk release */
#define GARBAGE_BUF_BYTES	(RTM_MAX_ENUM_BATCH * RTM_DEST_RECORD_SIZE(RTM_NUM_VIEWS))
#define PAGE			4096
#define KILL_WAIT_S		60	/* a SIGKILLed worker must be gone by then */

enum op {
	OP_REGISTER,
	OP_REGISTER_AGAIN,
	OP_REOPEN,
	OP_VERSION,
	OP_NH_ADD,
	OP_NH_DELETE,
	OP_ROUTE_ADD,
	OP_ROUTE_DELETE,
	OP_ENUM_CREATE,
	OP_ENUM_FETCH,
	OP_ENUM_FETCH_FAULT,
	OP_ENUM_DELETE,
	OP_RELEASE,
	OP_RELEASE_TWICE,
	OP_RELEASE_FOREIGN,
	OP_GARBAGE,
	OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	[OP_REGISTER] = "register",
	[OP_REGISTER_AGAIN] = "register-again",
	[OP_REOPEN] = "close-reopen",
	[OP_VERSION] = "version",
	[OP_NH_ADD] = "nexthop-add",
	[OP_NH_DELETE] = "nexthop-delete",
	[OP_ROUTE_ADD] = "route-add",
	[OP_ROUTE_DELETE] = "route-delete",
	[OP_ENUM_CREATE] = "enum-create",
	[OP_ENUM_FETCH] = "enum-fetch",
	[OP_ENUM_FETCH_FAULT] = "enum-fetch-fault",
	[OP_ENUM_DELETE] = "enum-delete",
	[OP_RELEASE] = "release",
	[OP_RELEASE_TWICE] = "release-twice",
	[OP_RELEASE_FOREIGN] = "release-foreign",
	[OP_GARBAGE] = "garbage",
};

/* Everything the supervisor reads back: shared, anonymous, counted atomically. */
struct shared_stats {
	int stop;
	long results[OP_COUNT][ERRNO_SLOTS + 1];	/* [0] = success */
	long failures;
	long kills;
	long workers_started;
	long threads_started;
	long records;
	long handles_released;
	long garbage_enotty;
	long garbage_real_cmd;
	long total_ops;
	int nr_msgs;
	char msgs[MAX_FAIL_MSGS][FAIL_MSG_LEN];
};

static struct shared_stats *stats;

struct options {
	unsigned int seconds;
	unsigned int procs;
	unsigned int threads;
	uint64_t seed;
	long max_ops;
	unsigned int settle_seconds;
	bool verbose;
};

static struct options opt = {
	.seconds = 60,
	.procs = 4,
	.threads = 4,
	.seed = 1,
	.max_ops = 0,
	.settle_seconds = 60,
};

static void atomic_add(long *p, long v)
{
	__atomic_add_fetch(p, v, __ATOMIC_RELAXED);
}

static bool stopping(void)
{
	return __atomic_load_n(&stats->stop, __ATOMIC_RELAXED);
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void fail(const char *fmt, ...)
{
	char msg[FAIL_MSG_LEN];
	va_list ap;
	int slot;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	atomic_add(&stats->failures, 1);
	slot = __atomic_fetch_add(&stats->nr_msgs, 1, __ATOMIC_RELAXED);
	if (slot < MAX_FAIL_MSGS) {
		memcpy(stats->msgs[slot], msg, sizeof(msg));
		fprintf(stderr, "rtm-stress: FAIL (pid %d): %s\n", getpid(), msg);
	}
}

/* ---- expected results ---- */

/*
 * A set of results as a bit mask: bit 0 success, bit e errno e for the
 * small errno values, bit 63 EOPNOTSUPP (95).
 */
typedef uint64_t result_set;

static unsigned int result_bit(int err)
{
	if (err == EOPNOTSUPP)
		return 63;
	if (err >= 0 && err < 63)
		return err;
	return 64;
}

#define OK		((result_set)1)
#define R(e)		((result_set)1 << result_bit(e))
/* Resources may run out anywhere something is allocated */
#define R_RES		(R(ENOMEM) | R(ENOSPC))
/* Every errno the interface documents, for garbage */
#define R_DOCUMENTED	(OK | R(EPERM) | R(ENOENT) | R(ENXIO) | R(E2BIG) | \
			 R(EBADF) | R(ENOMEM) | R(EACCES) | R(EFAULT) | \
			 R(EBUSY) | R(EEXIST) | R(EINVAL) | R(ENOSPC) | \
			 R(EOPNOTSUPP))

static const char *errno_name(int err)
{
	const char *name = err ? strerrorname_np(err) : "ok";

	return name ? name : "E?";
}

/*
 * Count the result of one ioctl (@ret, errno) and check it against
 * @allowed. Returns 0 or the errno.
 */
static int account(enum op op, int ret, result_set allowed, const char *what)
{
	int err = ret ? errno : 0;
	unsigned int bit = result_bit(err);

	atomic_add(&stats->results[op][err < ERRNO_SLOTS ? err : ERRNO_SLOTS], 1);
	atomic_add(&stats->total_ops, 1);
	if (bit > 63 || !(allowed & ((result_set)1 << bit)))
		fail("%s: %s gave %s (%d)", op_names[op], what, errno_name(err),
		     err);
	return err;
}

/* ---- prefixes shared by every entity ---- */

static struct rtm_net_address prefixes4[PREFIXES4];
static struct rtm_net_address prefixes6[PREFIXES6];

static void mask_prefix(struct rtm_net_address *p)
{
	unsigned int i, len = p->prefix_len;

	for (i = len / 8; i < RTM_MAX_ADDRESS_BYTES; i++)
		p->addr[i] &= i == len / 8 ? (uint8_t)(0xff00 >> (len % 8)) : 0;
}

/* IPv6 prefixes under three bases, about half nested in an earlier one. */
static void gen_prefixes6(uint64_t seed)
{
	static const unsigned int lens[] = { 0, 16, 32, 48, 56, 64, 96, 127, 128 };
	uint64_t state = seed;
	unsigned int i, j;

	for (i = 0; i < PREFIXES6; i++) {
		struct rtm_net_address *p = &prefixes6[i];

		p->family = AF_INET6;
		for (j = 0; j < 16; j++)
			p->addr[j] = rtm_rand(&state);
		p->addr[0] = 0x20;
		p->addr[1] = 0x01;
		p->addr[2] = 0x0d;
		p->addr[3] = 0xb8 + rtm_rand(&state) % 3;
		if (i && rtm_rand(&state) % 2) {
			const struct rtm_net_address *parent =
				&prefixes6[rtm_rand(&state) % i];

			/* Same leading bits as the parent, then longer */
			memcpy(p->addr, parent->addr, parent->prefix_len / 8);
			p->prefix_len = parent->prefix_len +
				(128 - parent->prefix_len) *
				(rtm_rand(&state) % 4) / 3;
		} else {
			p->prefix_len = lens[rtm_rand(&state) % ARRAY_SIZE(lens)];
		}
		mask_prefix(p);
	}
}

static void gen_prefixes(void)
{
	RTM_NET_ADDRESS na[PREFIXES4];
	unsigned int i;

	/* A fixed seed: every process and every run shares the same set */
	rtm_gen_prefixes4(0x5eed, PREFIXES4 - 1, na);
	for (i = 0; i < PREFIXES4 - 1; i++) {
		memset(&prefixes4[i], 0, sizeof(prefixes4[i]));
		prefixes4[i].family = AF_INET;
		prefixes4[i].prefix_len = na[i].NumBits;
		memcpy(prefixes4[i].addr, na[i].AddrBits, 4);
	}
	/* The default route, which contains every other one */
	memset(&prefixes4[i], 0, sizeof(prefixes4[i]));
	prefixes4[i].family = AF_INET;
	gen_prefixes6(0x6eed);
}

/* (address, prefix length) order of the kernel walk */
static int prefix_cmp(const struct rtm_net_address *a,
		      const struct rtm_net_address *b)
{
	int r = memcmp(a->addr, b->addr, RTM_MAX_ADDRESS_BYTES);

	if (r)
		return r;
	return (int)a->prefix_len - (int)b->prefix_len;
}

static bool handle_is(__u64 h, unsigned int type)
{
	return h >> 56 == RTM_HANDLE_MAGIC && RTM_HANDLE_TYPE(h) == type;
}

/* ---- the books of one file ---- */

struct held {
	__u64 handle;
	unsigned int avail;	/* references held and not in use by a thread */
};

struct own_nexthop {
	__u64 handle;
	struct rtm_net_address addr;
	__u32 ifindex;
	bool live;
};

struct own_route {
	__u64 handle;
	struct rtm_net_address dest;
	bool live;
};

struct walk {
	__u64 handle;
	__u32 num_views;
	bool ended;
	bool have_last;
	struct rtm_net_address last;
};

#define OWN_MAX		64
#define WALKS_MAX	8

struct rfile {
	pthread_mutex_t lock;
	int fd;
	__u16 family;
	__u32 protocol;
	__u64 entity;
	bool shared;	/* used by several threads: results race */
	struct held *held;
	unsigned int held_cap, held_used, held_live;
	struct own_nexthop nhs[OWN_MAX];
	unsigned int nr_nhs;
	/* Whether our next hop of each (address, ifindex) exists */
	bool nh_slot_live[NH_ADDRS * NH_IFINDEXES];
	struct own_route routes[OWN_MAX];
	unsigned int nr_routes;
	struct walk walks[WALKS_MAX];
	unsigned int nr_walks;
};

struct thread_ctx {
	uint64_t rng;
	unsigned int index;
	struct rfile *file;	/* shared or own */
	struct rfile own;
	/* garbage goes to a file of its own so that it cannot spoil the books */
	int garbage_fd;
	__u64 garbage_handles[8];
	unsigned int nr_garbage_handles;
	uint8_t *garbage_buf;	/* GARBAGE_BUF_BYTES, then a PROT_NONE page */
	uint8_t *ro_page;	/* read-only */
	uint8_t *none_page;	/* PROT_NONE */
	uint8_t *fault_area;	/* two read-write pages, then a PROT_NONE one */
	long ops;
};

/* Handles of other files of this process, for releases on the wrong file */
static __u64 foreign_pool[256];

static void foreign_publish(struct thread_ctx *t, __u64 h)
{
	__atomic_store_n(&foreign_pool[rtm_rand(&t->rng) % ARRAY_SIZE(foreign_pool)],
			 h, __ATOMIC_RELAXED);
}

static unsigned int rnd(struct thread_ctx *t, unsigned int n)
{
	return n ? rtm_rand(&t->rng) % n : 0;
}

static uint64_t rnd64(struct thread_ctx *t)
{
	return (uint64_t)rtm_rand(&t->rng) << 32 | rtm_rand(&t->rng);
}

static unsigned int held_slot(const struct rfile *f, __u64 h)
{
	return (unsigned int)((h * 0x9e3779b97f4a7c15ull) >> 40) &
	       (f->held_cap - 1);
}

static struct held *held_find(struct rfile *f, __u64 h, bool insert);

static void held_rehash(struct rfile *f, unsigned int cap)
{
	struct held *old = f->held;
	unsigned int old_cap = f->held_cap, i;

	f->held = calloc(cap, sizeof(*f->held));
	if (!f->held) {
		perror("calloc");
		exit(1);
	}
	f->held_cap = cap;
	f->held_used = 0;
	f->held_live = 0;
	for (i = 0; i < old_cap; i++)
		if (old[i].handle && old[i].avail)
			held_find(f, old[i].handle, true)->avail = old[i].avail;
	free(old);
}

/* Open addressing; entries whose count fell to 0 stay until a rehash. */
static struct held *held_find(struct rfile *f, __u64 h, bool insert)
{
	unsigned int i;

	if (insert && (f->held_used + 1) * 2 > f->held_cap)
		held_rehash(f, f->held_live * 4 > f->held_cap ?
			    f->held_cap * 2 : f->held_cap);
	for (i = held_slot(f, h);; i = (i + 1) & (f->held_cap - 1)) {
		if (f->held[i].handle == h)
			return &f->held[i];
		if (!f->held[i].handle)
			break;
	}
	if (!insert)
		return NULL;
	f->held[i].handle = h;
	f->held[i].avail = 0;
	f->held_used++;
	return &f->held[i];
}

/* Caller holds f->lock (or f is not shared) */
static void held_add(struct rfile *f, __u64 h)
{
	struct held *e = held_find(f, h, true);

	if (!e->avail++)
		f->held_live++;
}

static unsigned int held_avail(struct rfile *f, __u64 h)
{
	struct held *e = held_find(f, h, false);

	return e ? e->avail : 0;
}

/* Take one reference out of the books for the caller's use. */
static bool held_take(struct rfile *f, __u64 h)
{
	struct held *e = held_find(f, h, false);

	if (!e || !e->avail)
		return false;
	if (!--e->avail)
		f->held_live--;
	return true;
}

/* A random held handle, or 0 */
static __u64 held_random(struct thread_ctx *t, struct rfile *f)
{
	unsigned int start, i;

	if (!f->held_live)
		return 0;
	start = rnd(t, f->held_cap);
	for (i = 0; i < f->held_cap; i++) {
		struct held *e = &f->held[(start + i) & (f->held_cap - 1)];

		if (e->handle && e->avail)
			return e->handle;
	}
	return 0;
}

static void lock(struct rfile *f)
{
	pthread_mutex_lock(&f->lock);
}

static void unlock(struct rfile *f)
{
	pthread_mutex_unlock(&f->lock);
}

static void rfile_reset_books(struct rfile *f)
{
	free(f->held);
	f->held = NULL;
	f->held_cap = 0;
	held_rehash(f, 256);
	f->nr_nhs = 0;
	memset(f->nh_slot_live, 0, sizeof(f->nh_slot_live));
	f->nr_routes = 0;
	f->nr_walks = 0;
}

/* Open and register; the file's books start empty. 0 or -1 (counted). */
static int rfile_open(struct thread_ctx *t, struct rfile *f, bool shared)
{
	unsigned int tries;

	f->fd = rtm_open();
	if (f->fd < 0) {
		fail("open %s: %s", RTM_DEV_PATH, strerror(errno));
		return -1;
	}
	f->shared = shared;
	f->family = rnd(t, 2) ? AF_INET : AF_INET6;
	rfile_reset_books(f);
	for (tries = 0;; tries++) {
		/* Past a few collisions, ids nobody else is likely to use */
		__u32 instance = tries < 4 ? rnd(t, STRESS_INSTANCES) :
				 STRESS_INSTANCES + rtm_rand(&t->rng);
		int err;

		f->protocol = STRESS_PROTO_BASE + rnd(t, STRESS_PROTOS);
		err = account(OP_REGISTER,
			      rtm_raw_register(f->fd, f->family, f->protocol,
					       instance, &f->entity),
			      OK | R(EEXIST) | R_RES, "register");
		if (!err)
			break;
		if (stopping() || tries > 50) {
			close(f->fd);
			f->fd = -1;
			return -1;
		}
	}
	if (!handle_is(f->entity, RTM_HANDLE_ENTITY))
		fail("register: entity handle %#llx", (unsigned long long)f->entity);
	return 0;
}

static void rfile_close(struct rfile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

static const struct rtm_net_address *random_prefix(struct thread_ctx *t,
						   __u16 family)
{
	return family == AF_INET ? &prefixes4[rnd(t, PREFIXES4)] :
				   &prefixes6[rnd(t, PREFIXES6)];
}

static void nexthop_address(struct thread_ctx *t, __u16 family,
			    struct rtm_net_address *a)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	if (family == AF_INET) {
		a->prefix_len = 32;
		a->addr[0] = 10;
		a->addr[1] = 255;
		a->addr[3] = 1 + rnd(t, NH_ADDRS);
	} else {
		a->prefix_len = 128;
		a->addr[0] = 0xfe;
		a->addr[1] = 0x80;
		a->addr[15] = 1 + rnd(t, NH_ADDRS);
	}
}

/* ---- next hops ---- */

static struct own_nexthop *nh_find(struct rfile *f, __u64 h)
{
	unsigned int i;

	for (i = 0; i < f->nr_nhs; i++)
		if (f->nhs[i].handle == h)
			return &f->nhs[i];
	return NULL;
}

static void nh_note(struct rfile *f, __u64 h, const struct rtm_net_address *a,
		    __u32 ifindex)
{
	struct own_nexthop *nh = nh_find(f, h);

	if (!nh) {
		if (f->nr_nhs == OWN_MAX)
			/* Forget the oldest; its references stay in the books */
			memmove(&f->nhs[0], &f->nhs[1],
				--f->nr_nhs * sizeof(f->nhs[0]));
		nh = &f->nhs[f->nr_nhs++];
	}
	nh->handle = h;
	nh->addr = *a;
	nh->ifindex = ifindex;
	nh->live = true;
}

static unsigned int nh_slot(const struct rtm_net_address *a, __u32 ifindex)
{
	unsigned int last = a->family == AF_INET ? a->addr[3] : a->addr[15];

	return (last - 1) * NH_IFINDEXES + ifindex;
}

/* The next hop of (@a, @ifindex) is gone, under every handle we know it by */
static void nh_mark_deleted(struct rfile *f, const struct rtm_net_address *a,
			    __u32 ifindex)
{
	unsigned int i;

	for (i = 0; i < f->nr_nhs; i++)
		if (f->nhs[i].ifindex == ifindex &&
		    !prefix_cmp(&f->nhs[i].addr, a))
			f->nhs[i].live = false;
	f->nh_slot_live[nh_slot(a, ifindex)] = false;
}

static void op_nexthop_add(struct thread_ctx *t, struct rfile *f)
{
	struct rtm_nexthop req = { .flags = RTM_NH_F_WANT_HANDLE };
	result_set allowed = OK | R_RES;
	bool existed;
	__u64 used = 0;
	int err;

	lock(f);
	/* Sometimes update through a handle we hold */
	if (f->nr_nhs && rnd(t, 3) == 0) {
		struct own_nexthop *nh = &f->nhs[rnd(t, f->nr_nhs)];

		if (held_take(f, nh->handle)) {
			used = nh->handle;
			req.handle = used;
			req.addr = nh->addr;
			req.ifindex = nh->ifindex;
			if (f->shared)
				allowed |= R(ENOENT);
			else if (!nh->live)
				allowed = R(ENOENT);
		}
	}
	if (!used) {
		nexthop_address(t, f->family, &req.addr);
		req.ifindex = rnd(t, NH_IFINDEXES);
	}
	existed = f->nh_slot_live[nh_slot(&req.addr, req.ifindex)];
	unlock(f);
	if (rnd(t, 4) == 0)
		req.flags = 0;
	req.nh_flags = rnd(t, 4);
	req.entity_info = rnd64(t);
	err = account(OP_NH_ADD, ioctl(f->fd, RTM_IOC_NEXTHOP_ADD, &req),
		      allowed, used ? "nexthop add by handle" : "nexthop add");

	lock(f);
	if (used)
		held_add(f, used);	/* the reference we used, back */
	if (!err && req.flags & RTM_NH_F_WANT_HANDLE) {
		if (!handle_is(req.handle, RTM_HANDLE_NEXTHOP))
			fail("nexthop add: handle %#llx",
			     (unsigned long long)req.handle);
		held_add(f, req.handle);
		nh_note(f, req.handle, &req.addr, req.ifindex);
		foreign_publish(t, req.handle);
	}
	if (!err && !f->shared) {
		/* One next hop per (address, ifindex): created only if none */
		if (req.change_flags != (existed ? 0u : 1u))
			fail("nexthop add%s: change_flags %u, next hop %s before",
			     used ? " by handle" : "", req.change_flags,
			     existed ? "existed" : "did not exist");
		if (used && req.flags & RTM_NH_F_WANT_HANDLE &&
		    req.handle != used)
			fail("nexthop update by handle returned another next hop");
	}
	if (!err)
		f->nh_slot_live[nh_slot(&req.addr, req.ifindex)] = true;
	unlock(f);
}

static void op_nexthop_delete(struct thread_ctx *t, struct rfile *f)
{
	struct rtm_nexthop req = { 0 };
	result_set allowed = OK | R(ENOENT);
	struct own_nexthop *nh;
	__u64 used = 0;
	int err;

	lock(f);
	if (f->nr_nhs && rnd(t, 2)) {
		nh = &f->nhs[rnd(t, f->nr_nhs)];
		if (held_take(f, nh->handle)) {
			used = nh->handle;
			req.handle = used;
			if (!f->shared)
				allowed = nh->live ? OK : R(ENOENT);
		}
	}
	if (!used) {
		nexthop_address(t, f->family, &req.addr);
		req.ifindex = rnd(t, NH_IFINDEXES);
		if (!f->shared)
			allowed = f->nh_slot_live[nh_slot(&req.addr, req.ifindex)] ?
				  OK : R(ENOENT);
	}
	unlock(f);
	err = account(OP_NH_DELETE, ioctl(f->fd, RTM_IOC_NEXTHOP_DELETE, &req),
		      allowed, used ? "nexthop delete by handle" :
				      "nexthop delete by address");
	lock(f);
	if (used) {
		/* Deleting by handle consumes the reference */
		if (err)
			held_add(f, used);
		nh = nh_find(f, used);
		if (nh && (!err || err == ENOENT)) {
			if (nh->live)
				nh_mark_deleted(f, &nh->addr, nh->ifindex);
			nh->live = false;
		}
	} else if (!err) {
		nh_mark_deleted(f, &req.addr, req.ifindex);
	}
	unlock(f);
}

/* ---- routes ---- */

static struct own_route *route_find(struct rfile *f, __u64 h)
{
	unsigned int i;

	for (i = 0; i < f->nr_routes; i++)
		if (f->routes[i].handle == h)
			return &f->routes[i];
	return NULL;
}

static void route_note(struct rfile *f, __u64 h,
		       const struct rtm_net_address *dest)
{
	struct own_route *r = route_find(f, h);

	if (!r) {
		if (f->nr_routes == OWN_MAX)
			memmove(&f->routes[0], &f->routes[1],
				--f->nr_routes * sizeof(f->routes[0]));
		r = &f->routes[f->nr_routes++];
	}
	/* A handle a successful add returns names a live route */
	r->live = true;
	r->handle = h;
	r->dest = *dest;
}

static void op_route_add(struct thread_ctx *t, struct rfile *f)
{
	struct rtm_route req = { 0 };
	result_set allowed = OK | R_RES;
	__u64 used[RTM_MAX_NEXTHOPS + 2];
	unsigned int nr_used = 0, i, want_nhs;
	bool any_dead = false;
	__u32 in_flags;
	int err;

	req.flags = rnd(t, 5) ? RTM_ROUTE_F_WANT_HANDLE : 0;
	req.metric = rnd(t, 4);
	req.preference = rnd(t, 3);
	req.views = 1 + rnd(t, 3);
	req.route_flags = rnd(t, 2);
	req.entity_info = rnd64(t);
	req.dest = *random_prefix(t, f->family);
	switch (rnd(t, 6)) {
	case 0:
		req.change_flags = RTM_ROUTE_CHG_NEW;
		break;
	case 1:
		req.change_flags = RTM_ROUTE_CHG_FIRST;
		break;
	}

	lock(f);
	/* Update through a route handle we hold: same destination */
	if (f->nr_routes && rnd(t, 4) == 0) {
		struct own_route *r = &f->routes[rnd(t, f->nr_routes)];

		if (held_take(f, r->handle)) {
			used[nr_used++] = r->handle;
			req.handle = r->handle;
			req.dest = r->dest;
			req.change_flags = 0;
			any_dead |= !r->live;
		}
	}
	want_nhs = rnd(t, 4);
	for (i = 0; i < want_nhs && f->nr_nhs; i++) {
		struct own_nexthop *nh = &f->nhs[rnd(t, f->nr_nhs)];

		/* Mostly live ones; a deleted one must give ENOENT */
		if (!nh->live && rnd(t, 4))
			continue;
		if (!held_take(f, nh->handle))
			continue;
		used[nr_used++] = nh->handle;
		any_dead |= !nh->live;
		req.nexthops[req.num_nexthops++] = nh->handle;
	}
	if (f->nr_nhs && rnd(t, 4) == 0) {
		struct own_nexthop *nh = &f->nhs[rnd(t, f->nr_nhs)];

		if (nh->live && held_take(f, nh->handle)) {
			used[nr_used++] = nh->handle;
			req.neighbour = nh->handle;
		}
	}
	if (f->shared)
		allowed |= R(ENOENT);
	else if (any_dead)
		allowed = R(ENOENT);
	unlock(f);
	in_flags = req.change_flags;

	err = account(OP_ROUTE_ADD, ioctl(f->fd, RTM_IOC_ROUTE_ADD, &req),
		      allowed, req.handle ? "route update by handle" :
		      req.num_nexthops ? "route add with next hops" : "route add");
	if (!err && (req.change_flags & ~(RTM_ROUTE_CHG_NEW | RTM_ROUTE_CHG_BEST) ||
		     (in_flags & RTM_ROUTE_CHG_NEW && !(req.change_flags & RTM_ROUTE_CHG_NEW))))
		fail("route add: change flags %#x in, %#x out", in_flags,
		     req.change_flags);

	lock(f);
	for (i = 0; i < nr_used; i++)
		held_add(f, used[i]);
	if (!err && req.flags & RTM_ROUTE_F_WANT_HANDLE) {
		if (!handle_is(req.handle, RTM_HANDLE_ROUTE))
			fail("route add: handle %#llx",
			     (unsigned long long)req.handle);
		held_add(f, req.handle);
		route_note(f, req.handle, &req.dest);
		foreign_publish(t, req.handle);
	}
	unlock(f);
}

static void op_route_delete(struct thread_ctx *t, struct rfile *f)
{
	struct rtm_route req = { 0 };
	result_set allowed = OK | R(ENOENT);
	struct own_route *r;
	int err;

	lock(f);
	if (!f->nr_routes) {
		unlock(f);
		return;
	}
	r = &f->routes[rnd(t, f->nr_routes)];
	if (!held_take(f, r->handle)) {
		/* Its references were released: forget it */
		*r = f->routes[--f->nr_routes];
		unlock(f);
		return;
	}
	req.handle = r->handle;
	if (!f->shared)
		allowed = r->live ? OK : R(ENOENT);
	unlock(f);
	/* Output fields on input are ignored */
	req.change_flags = rnd(t, 2) ? 0 : rtm_rand(&t->rng);
	err = account(OP_ROUTE_DELETE, ioctl(f->fd, RTM_IOC_ROUTE_DELETE, &req),
		      allowed, "route delete");
	lock(f);
	r = route_find(f, req.handle);
	if (err)
		held_add(f, req.handle);
	if (r && (!err || err == ENOENT))
		r->live = false;
	unlock(f);
}

/* ---- walks ---- */

static void op_enum_create(struct thread_ctx *t, struct rfile *f)
{
	static const __u32 views_choice[] = { 0, 1, 2, 3, RTM_VIEW_MASK_ALL_BITS };
	struct rtm_enum_create req = { 0 };
	__u32 views, expect_views;
	int err;

	req.flags = rnd(t, 3);
	if (rnd(t, 3) == 0)
		req.flags |= RTM_ENUM_F_OWN_DESTS;
	if ((req.flags & RTM_ENUM_F_POSITION) != RTM_ENUM_F_START)
		req.addr = *random_prefix(t, f->family);
	views = views_choice[rnd(t, ARRAY_SIZE(views_choice))];
	req.views = views;
	switch (rnd(t, 3)) {
	case 0:
		req.protocol_id = RTM_PROTOCOL_BEST;
		break;
	case 1:
		req.protocol_id = RTM_PROTOCOL_THIS;
		break;
	default:
		req.protocol_id = STRESS_PROTO_BASE + rnd(t, STRESS_PROTOS);
	}
	err = account(OP_ENUM_CREATE, ioctl(f->fd, RTM_IOC_ENUM_CREATE, &req),
		      OK | R_RES, "enum create");
	if (err)
		return;
	expect_views = __builtin_popcount(views & RTM_VIEWS_SUPPORTED);
	if (req.num_views != expect_views ||
	    !handle_is(req.enum_handle, RTM_HANDLE_ENUM))
		fail("enum create: num_views %u (want %u), handle %#llx",
		     req.num_views, expect_views,
		     (unsigned long long)req.enum_handle);
	lock(f);
	if (f->nr_walks == WALKS_MAX) {
		/* Too many: end this one at once */
		unlock(f);
		account(OP_ENUM_DELETE, rtm_raw_enum_delete(f->fd, req.enum_handle),
			OK, "enum delete (surplus)");
		return;
	}
	f->walks[f->nr_walks++] = (struct walk){
		.handle = req.enum_handle,
		.num_views = req.num_views,
	};
	unlock(f);
}

/*
 * Check @n records of a walk of @f (stride for @num_views) and put their
 * references in the books. @last: the walk's previous record, updated.
 */
static void take_records(struct rfile *f, const void *records, __u32 n,
			 __u32 num_views, struct rtm_net_address *last,
			 bool *have_last)
{
	size_t stride = RTM_DEST_RECORD_SIZE(num_views);
	__u32 i, v;

	for (i = 0; i < n; i++) {
		const struct rtm_dest_record *rec =
			(const void *)((const char *)records + i * stride);

		if (!handle_is(rec->dest_handle, RTM_HANDLE_DEST) ||
		    rec->dest.family != f->family ||
		    rec->dest.prefix_len > (f->family == AF_INET ? 32 : 128) ||
		    rec->num_views != num_views)
			fail("fetch: bad record %u: handle %#llx family %u len %u views %u",
			     i, (unsigned long long)rec->dest_handle,
			     rec->dest.family, rec->dest.prefix_len,
			     rec->num_views);
		if (*have_last && prefix_cmp(last, &rec->dest) >= 0)
			fail("fetch: record %u out of walk order", i);
		*last = rec->dest;
		*have_last = true;
		held_add(f, rec->dest_handle);
		for (v = 0; v < num_views; v++) {
			const struct rtm_dest_view *slot = &rec->view[v];

			if (!slot->route != !slot->owner ||
			    (slot->route &&
			     (!handle_is(slot->route, RTM_HANDLE_ROUTE) ||
			      !handle_is(slot->owner, RTM_HANDLE_ENTITY))))
				fail("fetch: bad view slot %u: route %#llx owner %#llx",
				     v, (unsigned long long)slot->route,
				     (unsigned long long)slot->owner);
			if (slot->route)
				held_add(f, slot->route);
			if (slot->owner)
				held_add(f, slot->owner);
		}
	}
	atomic_add(&stats->records, n);
}

static void op_enum_fetch(struct thread_ctx *t, struct rfile *f)
{
	static const __u32 batches[] = { 1, 2, 3, 7, 16, 64, 300, RTM_MAX_ENUM_BATCH };
	struct rtm_net_address last;
	struct walk w;
	bool have_last;
	__u32 count, got = 0, out_flags = 0;
	void *buf;
	int err;

	lock(f);
	if (!f->nr_walks) {
		unlock(f);
		return;
	}
	/*
	 * Not taken out of the books: on a shared file another thread may
	 * delete the walk while this one fetches (EBADF then).
	 */
	w = f->walks[rnd(t, f->nr_walks)];
	unlock(f);
	count = batches[rnd(t, ARRAY_SIZE(batches))];
	buf = malloc(count * RTM_DEST_RECORD_SIZE(w.num_views));
	if (!buf)
		return;
	err = account(OP_ENUM_FETCH,
		      rtm_raw_enum_fetch(f->fd, w.handle, buf, count,
					 w.num_views, &got, &out_flags),
		      OK | R(ENOMEM) | (f->shared ? R(EBADF) : 0), "enum fetch");
	if (err) {
		free(buf);
		return;
	}
	if (got > count || out_flags & ~RTM_FETCH_END ||
	    (!got && !(out_flags & RTM_FETCH_END)) ||
	    (!f->shared && w.ended && (got || !(out_flags & RTM_FETCH_END))))
		fail("enum fetch: %u of %u records, out_flags %#x, ended before %d",
		     got, count, out_flags, w.ended);
	lock(f);
	/* On a shared file the walk's position moved under us: check this batch alone */
	have_last = !f->shared && w.have_last;
	last = w.last;
	take_records(f, buf, got, w.num_views, &last, &have_last);
	if (!f->shared) {
		unsigned int i;

		for (i = 0; i < f->nr_walks; i++) {
			if (f->walks[i].handle != w.handle)
				continue;
			f->walks[i].last = last;
			f->walks[i].have_last = have_last;
			f->walks[i].ended |= out_flags & RTM_FETCH_END;
		}
	}
	unlock(f);
	free(buf);
}

/*
 * A fetch into a buffer that ends in a PROT_NONE page after @fit whole
 * records: it reports at most @fit records (the ones written whole), and
 * EFAULT only when not even the first one fits.
 */
static void op_enum_fetch_fault(struct thread_ctx *t, struct rfile *f)
{
	struct rtm_net_address last;
	struct walk w;
	bool have_last;
	unsigned int fit = rnd(t, 4) ? rnd(t, 8) : 0, i;
	size_t stride;
	__u32 got = 0, out_flags = 0;
	uint8_t *buf;
	int err;

	lock(f);
	if (f->shared || !f->nr_walks) {
		unlock(f);
		return;
	}
	w = f->walks[rnd(t, f->nr_walks)];
	unlock(f);
	stride = RTM_DEST_RECORD_SIZE(w.num_views);
	/* The next record after @fit straddles the guard page */
	buf = t->fault_area + 2 * PAGE - fit * stride - stride / 2;
	err = account(OP_ENUM_FETCH_FAULT,
		      rtm_raw_enum_fetch(f->fd, w.handle, buf, fit + 1 + rnd(t, 4),
					 w.num_views, &got, &out_flags),
		      fit ? OK : OK | R(EFAULT), "enum fetch into a faulting buffer");
	if (err)
		return;
	if (got > fit || (!fit && !(out_flags & RTM_FETCH_END)))
		fail("enum fetch fault: %u records reported, %u fit, out_flags %#x",
		     got, fit, out_flags);
	if (got > fit)
		return;
	have_last = w.have_last;
	last = w.last;
	take_records(f, buf, got, w.num_views, &last, &have_last);
	for (i = 0; i < f->nr_walks; i++) {
		if (f->walks[i].handle != w.handle)
			continue;
		f->walks[i].last = last;
		f->walks[i].have_last = have_last;
		f->walks[i].ended |= out_flags & RTM_FETCH_END;
	}
}

static void op_enum_delete(struct thread_ctx *t, struct rfile *f)
{
	__u64 h;
	unsigned int i;

	lock(f);
	if (!f->nr_walks) {
		unlock(f);
		return;
	}
	i = rnd(t, f->nr_walks);
	h = f->walks[i].handle;
	f->walks[i] = f->walks[--f->nr_walks];
	unlock(f);
	account(OP_ENUM_DELETE, rtm_raw_enum_delete(f->fd, h), OK, "enum delete");
	/* Once more: it is gone */
	if (rnd(t, 4) == 0)
		account(OP_ENUM_DELETE, rtm_raw_enum_delete(f->fd, h), R(EBADF),
			"enum delete of a deleted walk");
}

/* ---- releases ---- */

static void op_release(struct thread_ctx *t, struct rfile *f, bool all)
{
	unsigned int want = all ? UINT32_MAX : 1 + rnd(t, rnd(t, 2) ? 8 : 200);
	unsigned int n = 0, cap = 0, i;
	__u32 type = RTM_HANDLE_ANY;
	__u64 *handles = NULL;
	int err;

	lock(f);
	for (i = 0; i < f->held_cap && n < want; i++) {
		struct held *e = &f->held[all ? i : rnd(t, f->held_cap)];

		while (e->handle && e->avail && n < want) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				handles = realloc(handles, cap * sizeof(*handles));
				if (!handles) {
					perror("realloc");
					exit(1);
				}
			}
			handles[n++] = e->handle;
			held_take(f, e->handle);
			if (!all && rnd(t, 2))
				break;
		}
	}
	unlock(f);
	if (n && rnd(t, 3) == 0) {
		/* Typed: only when every handle has that type */
		type = RTM_HANDLE_TYPE(handles[0]);
		for (i = 1; i < n; i++)
			if (RTM_HANDLE_TYPE(handles[i]) != type)
				type = RTM_HANDLE_ANY;
	}
	err = account(OP_RELEASE, rtm_raw_release(f->fd, handles, n, type),
		      OK | R(ENOMEM), all ? "release of everything" : "release");
	if (err) {
		lock(f);
		for (i = 0; i < n; i++)
			held_add(f, handles[i]);
		unlock(f);
	} else {
		atomic_add(&stats->handles_released, n);
	}
	free(handles);
}

/*
 * Only on a file of one thread, whose books are exact: give back every
 * reference of one handle, then once more (EBADF), then once more along
 * with a handle we do hold (EBADF, and that one must stay held).
 */
static void op_release_twice(struct thread_ctx *t, struct rfile *f)
{
	__u64 h = held_random(t, f), pair[2];
	unsigned int count, i;
	__u64 *all;

	if (f->shared || !h)
		return;
	count = held_avail(f, h);
	all = malloc(count * sizeof(*all));
	if (!all)
		return;
	for (i = 0; i < count; i++) {
		all[i] = h;
		held_take(f, h);
	}
	/* One more than held: all or nothing */
	if (count < 8) {
		__u64 over[9];

		for (i = 0; i <= count; i++)
			over[i] = h;
		account(OP_RELEASE_TWICE, rtm_raw_release(f->fd, over, count + 1,
							  RTM_HANDLE_ANY),
			R(EBADF), "release of one reference more than held");
	}
	account(OP_RELEASE_TWICE, rtm_raw_release(f->fd, all, count, RTM_HANDLE_ANY),
		OK, "release of every reference");
	free(all);
	account(OP_RELEASE_TWICE, rtm_raw_release(f->fd, &h, 1, RTM_HANDLE_ANY),
		R(EBADF), "second release");
	pair[0] = held_random(t, f);
	pair[1] = h;
	if (pair[0]) {
		account(OP_RELEASE_TWICE, rtm_raw_release(f->fd, pair, 2, RTM_HANDLE_ANY),
			R(EBADF), "release of a held and a released handle");
		/* Nothing was released: pair[0] is still ours to release */
		held_take(f, pair[0]);
		account(OP_RELEASE_TWICE, rtm_raw_release(f->fd, pair, 1, RTM_HANDLE_ANY),
			OK, "release of the held one after a failed batch");
	}
}

/* Handles of other files: EBADF unless this file holds the same object */
static void op_release_foreign(struct thread_ctx *t, struct rfile *f)
{
	__u64 h;

	if (f->shared)
		return;
	if (t->nr_garbage_handles && rnd(t, 2))
		h = t->garbage_handles[rnd(t, t->nr_garbage_handles)];
	else
		h = __atomic_load_n(&foreign_pool[rnd(t, ARRAY_SIZE(foreign_pool))],
				    __ATOMIC_RELAXED);
	if (!h)
		return;
	if (held_take(f, h))
		account(OP_RELEASE_FOREIGN, rtm_raw_release(f->fd, &h, 1, RTM_HANDLE_ANY),
			OK, "release of a handle another file also holds");
	else
		account(OP_RELEASE_FOREIGN, rtm_raw_release(f->fd, &h, 1, RTM_HANDLE_ANY),
			R(EBADF), "release of another file's handle");
}

/* ---- garbage ---- */

static const unsigned int real_cmds[] = {
	RTM_IOC_VERSION, RTM_IOC_REGISTER, RTM_IOC_NEXTHOP_ADD,
	RTM_IOC_NEXTHOP_DELETE, RTM_IOC_ROUTE_ADD, RTM_IOC_ROUTE_DELETE,
	RTM_IOC_ENUM_CREATE, RTM_IOC_ENUM_FETCH, RTM_IOC_ENUM_DELETE,
	RTM_IOC_RELEASE,
};

static bool is_real_cmd(unsigned int cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(real_cmds); i++)
		if (real_cmds[i] == cmd)
			return true;
	return false;
}

/*
 * Commands the VFS answers before any driver sees them (do_vfs_ioctl():
 * FIOCLEX, FIONBIO, FIFREEZE, FICLONE, FS_IOC_*, ...) have their own
 * results: leave those types out of the random ones.
 */
static bool vfs_cmd_type(unsigned int cmd)
{
	unsigned int type = _IOC_TYPE(cmd);

	return cmd < 0x100 || type == 'T' || type == 'f' || type == 'X' ||
	       type == 0x94 || type == 'v';
}

static unsigned int garbage_cmd(struct thread_ctx *t)
{
	unsigned int cmd;

	for (;;) {
		switch (rnd(t, 8)) {
		case 0:
			cmd = rtm_rand(&t->rng);
			break;
		case 1:	/* our type, any number and size */
			cmd = _IOC(rnd(t, 4), RTM_IOC_MAGIC, rnd(t, 32),
				   rnd(t, _IOC_SIZEMASK + 1));
			break;
		case 2:	/* a real number with the wrong size or direction */
			cmd = real_cmds[rnd(t, ARRAY_SIZE(real_cmds))];
			cmd = _IOC(rnd(t, 4), RTM_IOC_MAGIC, _IOC_NR(cmd),
				   _IOC_SIZE(cmd) + (rnd(t, 2) ? 8 : -8));
			break;
		case 3:	/* another type with our numbers */
			cmd = real_cmds[rnd(t, ARRAY_SIZE(real_cmds))];
			cmd = _IOC(_IOC_DIR(cmd), rtm_rand(&t->rng) & 0xff,
				   _IOC_NR(cmd), _IOC_SIZE(cmd));
			break;
		default:
			cmd = real_cmds[rnd(t, ARRAY_SIZE(real_cmds))];
		}
		if (is_real_cmd(cmd) || !vfs_cmd_type(cmd))
			return cmd;
	}
}

/* A handle to put in a request: real, forged, retyped or random */
static __u64 garbage_handle(struct thread_ctx *t)
{
	__u64 real = t->nr_garbage_handles ?
		     t->garbage_handles[rnd(t, t->nr_garbage_handles)] : 0;

	switch (rnd(t, 7)) {
	case 0:
		return 0;
	case 1:
		return rnd64(t);
	case 2:
		return RTM_FORGED_HANDLE(rnd(t, 8));
	case 3:
		return (__u64)RTM_HANDLE_MAGIC << 56 | (__u64)rnd(t, 8) << 48 |
		       rtm_rand(&t->rng) % 4096;
	case 4:
		return real ? RTM_HANDLE_WITH_TYPE(real, rnd(t, 8)) : 0;
	case 5:
		return __atomic_load_n(&foreign_pool[rnd(t, ARRAY_SIZE(foreign_pool))],
				       __ATOMIC_RELAXED);
	default:
		return real;
	}
}

/* A user pointer the kernel may read from or write to without hurting us */
static __u64 garbage_pointer(struct thread_ctx *t, size_t need)
{
	switch (rnd(t, 9)) {
	case 0:
		return 0;
	case 1:
		return 0xffff888000000000ull + rnd(t, 1 << 20);	/* kernel */
	case 2:
		return 0x8000000000000000ull | rnd64(t);	/* non-canonical */
	case 3:
		return (uintptr_t)t->none_page + rnd(t, PAGE);
	case 4:
		return (uintptr_t)t->ro_page + rnd(t, 64);
	case 5:
		return 16 + rnd(t, 4096);			/* low, unmapped */
	default:
		/* Writable, maybe unaligned; whatever runs past the end faults */
		return (uintptr_t)t->garbage_buf + GARBAGE_BUF_BYTES -
		       (need < GARBAGE_BUF_BYTES ? need : GARBAGE_BUF_BYTES) +
		       rnd(t, 8);
	}
}

static __u32 garbage_u32(struct thread_ctx *t)
{
	static const __u32 special[] = {
		0, 1, 2, 3, 4, 8, 32, 33, 128, 129, 4095, 4096, 4097, 65536,
		65537, 0x7fffffff, 0x80000000, 0xffffffff, RTM_ENUM_F_OWN_DESTS,
	};

	return rnd(t, 2) ? special[rnd(t, ARRAY_SIZE(special))] :
			   rtm_rand(&t->rng);
}

static void garbage_address(struct thread_ctx *t, struct rtm_net_address *a)
{
	unsigned int i;

	if (rnd(t, 2)) {
		*a = *random_prefix(t, rnd(t, 2) ? AF_INET : AF_INET6);
	} else {
		a->family = rnd(t, 3) ? (rnd(t, 2) ? AF_INET : AF_INET6) :
					rtm_rand(&t->rng);
		a->prefix_len = rnd(t, 2) ? rnd(t, 140) : rtm_rand(&t->rng);
		for (i = 0; i < RTM_MAX_ADDRESS_BYTES; i++)
			a->addr[i] = rnd(t, 2) ? 0 : rtm_rand(&t->rng);
	}
}

/* A plausible request for @cmd, then random damage */
static void garbage_fill(struct thread_ctx *t, unsigned int cmd, void *arg,
			 size_t size)
{
	union {
		struct rtm_version version;
		struct rtm_register reg;
		struct rtm_nexthop nh;
		struct rtm_route route;
		struct rtm_enum_create ec;
		struct rtm_enum_fetch fetch;
		struct rtm_enum_delete del;
		struct rtm_release rel;
	} u;
	__u64 *handles;
	unsigned int i;

	memset(&u, 0, sizeof(u));
	switch (cmd) {
	case RTM_IOC_REGISTER:
		u.reg.family = rnd(t, 2) ? AF_INET : AF_INET6;
		u.reg.protocol_id = STRESS_PROTO_BASE + rnd(t, STRESS_PROTOS);
		u.reg.instance_id = rnd(t, STRESS_INSTANCES);
		if (rnd(t, 3) == 0)
			u.reg.family = garbage_u32(t);
		if (rnd(t, 4) == 0)
			u.reg.rtm_instance = garbage_u32(t);
		if (rnd(t, 4) == 0)
			u.reg.flags = garbage_u32(t);
		if (rnd(t, 4) == 0)
			u.reg.reserved[rnd(t, 2)] = rnd64(t);
		break;
	case RTM_IOC_NEXTHOP_ADD:
	case RTM_IOC_NEXTHOP_DELETE:
		garbage_address(t, &u.nh.addr);
		u.nh.handle = rnd(t, 2) ? garbage_handle(t) : 0;
		u.nh.ifindex = rnd(t, 4);
		u.nh.flags = rnd(t, 3) ? rnd(t, 2) : garbage_u32(t);
		if (rnd(t, 4) == 0)
			u.nh.reserved0 = garbage_u32(t);
		if (rnd(t, 4) == 0)
			u.nh.reserved[rnd(t, 2)] = rnd64(t);
		break;
	case RTM_IOC_ROUTE_ADD:
	case RTM_IOC_ROUTE_DELETE:
		garbage_address(t, &u.route.dest);
		u.route.handle = rnd(t, 2) ? garbage_handle(t) : 0;
		u.route.change_flags = rnd(t, 2) ? rnd(t, 4) : garbage_u32(t);
		u.route.neighbour = rnd(t, 3) ? 0 : garbage_handle(t);
		u.route.flags = rnd(t, 3) ? rnd(t, 2) : garbage_u32(t);
		u.route.views = rnd(t, 2) ? rnd(t, 4) : garbage_u32(t);
		u.route.num_nexthops = rnd(t, 2) ? rnd(t, 4) : garbage_u32(t);
		for (i = 0; i < RTM_MAX_NEXTHOPS; i++)
			if (i < u.route.num_nexthops || rnd(t, 8) == 0)
				u.route.nexthops[i] = garbage_handle(t);
		if (rnd(t, 4) == 0)
			u.route.reserved0 = garbage_u32(t);
		if (rnd(t, 4) == 0)
			u.route.reserved[rnd(t, 2)] = rnd64(t);
		break;
	case RTM_IOC_ENUM_CREATE:
		u.ec.flags = rnd(t, 2) ? rnd(t, 4) : garbage_u32(t);
		u.ec.views = garbage_u32(t);
		u.ec.protocol_id = garbage_u32(t);
		if (rnd(t, 2))
			garbage_address(t, &u.ec.addr);
		if (rnd(t, 4) == 0)
			u.ec.reserved0 = garbage_u32(t);
		if (rnd(t, 4) == 0)
			u.ec.reserved[rnd(t, 2)] = rnd64(t);
		break;
	case RTM_IOC_ENUM_FETCH:
		u.fetch.enum_handle = rnd(t, 3) ? (__u64)RTM_HANDLE_MAGIC << 56 |
				      (__u64)RTM_HANDLE_ENUM << 48 | rnd(t, 8) :
				      garbage_handle(t);
		u.fetch.count = garbage_u32(t);
		u.fetch.record_size = rnd(t, 2) ?
				      RTM_DEST_RECORD_SIZE(rnd(t, 3)) : garbage_u32(t);
		u.fetch.records = garbage_pointer(t, (size_t)(u.fetch.count %
							      (RTM_MAX_ENUM_BATCH + 1)) *
							      RTM_DEST_RECORD_SIZE(2));
		if (rnd(t, 4) == 0)
			u.fetch.flags = garbage_u32(t);
		u.fetch.out_flags = garbage_u32(t);
		if (rnd(t, 4) == 0)
			u.fetch.reserved[rnd(t, 2)] = rnd64(t);
		break;
	case RTM_IOC_ENUM_DELETE:
		u.del.enum_handle = rnd(t, 2) ? (__u64)RTM_HANDLE_MAGIC << 56 |
				    (__u64)RTM_HANDLE_ENUM << 48 | rnd(t, 8) :
				    garbage_handle(t);
		if (rnd(t, 4) == 0)
			u.del.reserved = rnd64(t);
		break;
	case RTM_IOC_RELEASE:
		u.rel.count = rnd(t, 2) ? rnd(t, 6) : garbage_u32(t);
		u.rel.type = rnd(t, 2) ? rnd(t, 6) : garbage_u32(t);
		/* The handle array: read only by the kernel */
		handles = (__u64 *)(t->garbage_buf + GARBAGE_BUF_BYTES - 8 * 64);
		for (i = 0; i < 64; i++)
			handles[i] = garbage_handle(t);
		u.rel.handles = rnd(t, 3) ? (uintptr_t)(handles + 64 -
						       (u.rel.count < 64 ? u.rel.count : 64)) :
					    garbage_pointer(t, 8 * (size_t)u.rel.count);
		if (rnd(t, 4) == 0)
			u.rel.reserved = rnd64(t);
		break;
	default:
		for (i = 0; i < sizeof(u); i++)
			((uint8_t *)&u)[i] = rnd(t, 3) ? 0 : rtm_rand(&t->rng);
	}
	memcpy(arg, &u, size < sizeof(u) ? size : sizeof(u));
}

/* (Re)open the garbage file: sometimes unregistered, sometimes with objects */
static void garbage_file_open(struct thread_ctx *t)
{
	__u16 family = rnd(t, 2) ? AF_INET : AF_INET6;
	__u64 h;
	unsigned int i;

	if (t->garbage_fd >= 0)
		close(t->garbage_fd);
	t->nr_garbage_handles = 0;
	t->garbage_fd = rtm_open();
	if (t->garbage_fd < 0 || rnd(t, 4) == 0)
		return;
	if (rtm_raw_register(t->garbage_fd, family, STRESS_PROTO_BASE + 7,
			     rtm_rand(&t->rng), &h))
		return;
	t->garbage_handles[t->nr_garbage_handles++] = h;
	for (i = 0; i < 3; i++) {
		if (rtm_raw_route_add(t->garbage_fd, random_prefix(t, family),
				      rnd(t, 3), rnd(t, 3), 1 + rnd(t, 3), &h))
			continue;
		t->garbage_handles[t->nr_garbage_handles++] = h;
	}
}

static void op_garbage(struct thread_ctx *t)
{
	unsigned int cmd = garbage_cmd(t);
	size_t size = _IOC_SIZE(cmd);
	uint8_t *arg;
	__u64 ptr;
	int ret;

	if (t->garbage_fd < 0 || rnd(t, 64) == 0)
		garbage_file_open(t);
	if (t->garbage_fd < 0)
		return;
	atomic_add(is_real_cmd(cmd) ? &stats->garbage_real_cmd :
				       &stats->garbage_enotty, 1);
	switch (rnd(t, 8)) {
	case 0:
		ptr = garbage_pointer(t, size);
		break;
	case 1:	/* a valid request on a read-only page: results cannot be written */
		if (mprotect(t->ro_page, PAGE, PROT_READ | PROT_WRITE))
			return;
		garbage_fill(t, cmd, t->ro_page, size);
		mprotect(t->ro_page, PAGE, PROT_READ);
		ptr = (uintptr_t)t->ro_page;
		break;
	default:	/* in writable memory, sometimes unaligned */
		arg = t->garbage_buf + 64 + rnd(t, 8);
		garbage_fill(t, cmd, arg, size);
		ptr = (uintptr_t)arg;
	}
	ret = ioctl(t->garbage_fd, cmd, (unsigned long)ptr);
	account(OP_GARBAGE, ret, is_real_cmd(cmd) ? R_DOCUMENTED : R(ENOTTY),
		is_real_cmd(cmd) ? "garbage request" : "unknown command");
	if (ret < 0 && errno == ENOTTY && is_real_cmd(cmd))
		fail("garbage: command %#x refused as unknown", cmd);
}

/* ---- worker threads ---- */

static void op_register_again(struct thread_ctx *t, struct rfile *f)
{
	account(OP_REGISTER_AGAIN,
		rtm_raw_register(f->fd, rnd(t, 2) ? AF_INET : AF_INET6,
				 STRESS_PROTO_BASE, rtm_rand(&t->rng), NULL),
		R(EBUSY), "second register on one file");
}

static void op_version(struct thread_ctx *t, struct rfile *f)
{
	struct rtm_version v = { 0 };
	int err;

	err = account(OP_VERSION, ioctl(rnd(t, 2) ? f->fd : t->garbage_fd,
					RTM_IOC_VERSION, &v),
		      t->garbage_fd < 0 ? OK | R(EBADF) : OK, "version");
	if (!err && (v.api_version != RTM_API_VERSION ||
		     v.max_enum_batch != RTM_MAX_ENUM_BATCH))
		fail("version: api %u batch %u", v.api_version, v.max_enum_batch);
}

static void op_reopen(struct thread_ctx *t, struct rfile *f)
{
	/* Closing with routes, next hops, walks and references live */
	rfile_close(f);
	if (!rfile_open(t, f, false))
		account(OP_REOPEN, 0, OK, "close and register again");
}

struct op_weight {
	enum op op;
	unsigned int weight;
};

static const struct op_weight weights[] = {
	{ OP_NH_ADD, 8 },
	{ OP_NH_DELETE, 4 },
	{ OP_ROUTE_ADD, 24 },
	{ OP_ROUTE_DELETE, 10 },
	{ OP_ENUM_CREATE, 6 },
	{ OP_ENUM_FETCH, 14 },
	{ OP_ENUM_FETCH_FAULT, 2 },
	{ OP_ENUM_DELETE, 5 },
	{ OP_RELEASE, 8 },
	{ OP_RELEASE_TWICE, 2 },
	{ OP_RELEASE_FOREIGN, 2 },
	{ OP_GARBAGE, 12 },
	{ OP_VERSION, 1 },
	{ OP_REGISTER_AGAIN, 1 },
	{ OP_REOPEN, 1 },
};

static void one_op(struct thread_ctx *t)
{
	struct rfile *f = t->file;
	unsigned int total = 0, pick, i;

	for (i = 0; i < ARRAY_SIZE(weights); i++)
		total += weights[i].weight;
	pick = rnd(t, total);
	for (i = 0; pick >= weights[i].weight; i++)
		pick -= weights[i].weight;

	switch (weights[i].op) {
	case OP_NH_ADD:
		op_nexthop_add(t, f);
		break;
	case OP_NH_DELETE:
		op_nexthop_delete(t, f);
		break;
	case OP_ROUTE_ADD:
		op_route_add(t, f);
		break;
	case OP_ROUTE_DELETE:
		op_route_delete(t, f);
		break;
	case OP_ENUM_CREATE:
		op_enum_create(t, f);
		break;
	case OP_ENUM_FETCH:
		op_enum_fetch(t, f);
		break;
	case OP_ENUM_FETCH_FAULT:
		op_enum_fetch_fault(t, f);
		break;
	case OP_ENUM_DELETE:
		op_enum_delete(t, f);
		break;
	case OP_RELEASE:
		op_release(t, f, false);
		break;
	case OP_RELEASE_TWICE:
		op_release_twice(t, f);
		break;
	case OP_RELEASE_FOREIGN:
		op_release_foreign(t, f);
		break;
	case OP_GARBAGE:
		op_garbage(t);
		break;
	case OP_VERSION:
		op_version(t, f);
		break;
	case OP_REGISTER_AGAIN:
		op_register_again(t, f);
		break;
	case OP_REOPEN:
		if (!f->shared)
			op_reopen(t, f);
		break;
	default:
		break;
	}
	/* Keep the books (and the kernel's handle table) bounded */
	if (f->held_live > HELD_LIMIT && f->fd >= 0)
		op_release(t, f, true);
}

static void *map_pages(size_t bytes, int prot)
{
	void *p = mmap(NULL, bytes, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static void thread_setup(struct thread_ctx *t)
{
	size_t buf_bytes = (GARBAGE_BUF_BYTES + PAGE - 1) / PAGE * PAGE;

	t->garbage_fd = -1;
	/* Each area ends in an inaccessible page, so overruns fault */
	t->garbage_buf = map_pages(buf_bytes + PAGE, PROT_READ | PROT_WRITE);
	mprotect(t->garbage_buf + buf_bytes, PAGE, PROT_NONE);
	t->garbage_buf += buf_bytes - GARBAGE_BUF_BYTES;
	t->ro_page = map_pages(PAGE, PROT_READ);
	t->none_page = map_pages(PAGE, PROT_NONE);
	t->fault_area = map_pages(3 * PAGE, PROT_READ | PROT_WRITE);
	mprotect(t->fault_area + 2 * PAGE, PAGE, PROT_NONE);
}

static void *worker_thread(void *arg)
{
	struct thread_ctx *t = arg;

	atomic_add(&stats->threads_started, 1);
	if (t->file == &t->own && rfile_open(t, &t->own, false))
		return NULL;
	while (!stopping() &&
	       (!opt.max_ops || __atomic_load_n(&stats->total_ops,
						__ATOMIC_RELAXED) < opt.max_ops)) {
		if (t->file->fd < 0 && rfile_open(t, t->file, false))
			break;
		one_op(t);
		t->ops++;
	}
	return NULL;
}

/* One worker process: its threads run until told to stop (or killed). */
static int worker_main(uint64_t seed)
{
	struct thread_ctx *threads = calloc(opt.threads, sizeof(*threads));
	pthread_t *ids = calloc(opt.threads, sizeof(*ids));
	struct rfile *shared_file = calloc(1, sizeof(*shared_file));
	unsigned int mode = seed % 3, i;	/* 0 shared, 1 own, 2 mixed */
	struct thread_ctx setup = { .rng = seed | 1 };

	if (!threads || !ids || !shared_file)
		return 1;
	pthread_mutex_init(&shared_file->lock, NULL);
	shared_file->fd = -1;
	if (mode != 1 && rfile_open(&setup, shared_file, true))
		return stopping() ? 0 : 1;
	for (i = 0; i < opt.threads; i++) {
		struct thread_ctx *t = &threads[i];
		bool shares = mode == 0 || (mode == 2 && i % 2 == 0);

		t->rng = (seed * 0x100000001b3ull) ^ (i + 1) * 0x9e3779b97f4a7c15ull;
		t->index = i;
		pthread_mutex_init(&t->own.lock, NULL);
		t->own.fd = -1;
		t->file = shares ? shared_file : &t->own;
		thread_setup(t);
		if (pthread_create(&ids[i], NULL, worker_thread, t)) {
			fail("pthread_create: %s", strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < opt.threads; i++)
		pthread_join(ids[i], NULL);
	for (i = 0; i < opt.threads; i++) {
		rfile_close(&threads[i].own);
		if (threads[i].garbage_fd >= 0)
			close(threads[i].garbage_fd);
	}
	rfile_close(shared_file);
	return 0;
}

/* ---- supervisor ---- */

struct worker {
	pid_t pid;
	bool killed;
};

static uint64_t supervisor_rng;
static uint64_t worker_generation;

static pid_t spawn_worker(void)
{
	uint64_t seed = opt.seed * 1000003 + ++worker_generation;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fail("fork: %s", strerror(errno));
		return -1;
	}
	if (!pid)
		_exit(worker_main(seed));
	atomic_add(&stats->workers_started, 1);
	return pid;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * Wait for @pid, at most @seconds: a worker stuck in the kernel must not
 * hang the run. True when it was reaped.
 */
static bool wait_bounded(pid_t pid, unsigned int seconds, int *status)
{
	double deadline = now() + seconds;

	do {
		if (waitpid(pid, status, WNOHANG) == pid)
			return true;
		sleep_ms(5);
	} while (now() < deadline);
	return false;
}

/* A worker ended: anything but our SIGKILL or a clean exit is a failure. */
static void reap(struct worker *w, int status)
{
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && w->killed)
		;
	else if (WIFSIGNALED(status))
		fail("worker %d died of signal %d", w->pid, WTERMSIG(status));
	else if (WEXITSTATUS(status))
		fail("worker %d exited with %d", w->pid, WEXITSTATUS(status));
	w->pid = 0;
	w->killed = false;
}

static bool budget_left(double end)
{
	if (now() >= end)
		return false;
	return !opt.max_ops ||
	       __atomic_load_n(&stats->total_ops, __ATOMIC_RELAXED) < opt.max_ops;
}

static void supervise(struct worker *workers, double end)
{
	unsigned int i;
	int status;

	while (budget_left(end)) {
		struct worker *w;

		sleep_ms(20 + rtm_rand(&supervisor_rng) % 230);
		w = &workers[rtm_rand(&supervisor_rng) % opt.procs];
		if (w->pid > 0 && budget_left(end)) {
			w->killed = true;
			kill(w->pid, SIGKILL);
			atomic_add(&stats->kills, 1);
			if (wait_bounded(w->pid, KILL_WAIT_S, &status))
				reap(w, status);
			else
				fail("worker %d still there %us after SIGKILL",
				     w->pid, KILL_WAIT_S);
		}
		/* Workers that ended on their own (a failure) are replaced too */
		for (i = 0; i < opt.procs; i++) {
			if (workers[i].pid > 0 &&
			    waitpid(workers[i].pid, &status, WNOHANG) == workers[i].pid)
				reap(&workers[i], status);
			if (!workers[i].pid && budget_left(end))
				workers[i].pid = spawn_worker();
		}
	}
}

/* Stop every worker; those that do not exit within @wait_s are stuck. */
static void stop_workers(struct worker *workers, unsigned int wait_s)
{
	double deadline = now() + wait_s;
	unsigned int i, left;
	int status;

	__atomic_store_n(&stats->stop, 1, __ATOMIC_RELAXED);
	do {
		left = 0;
		for (i = 0; i < opt.procs; i++) {
			if (workers[i].pid <= 0)
				continue;
			if (waitpid(workers[i].pid, &status, WNOHANG) == workers[i].pid)
				reap(&workers[i], status);
			else
				left++;
		}
		if (left)
			sleep_ms(50);
	} while (left && now() < deadline);
	for (i = 0; i < opt.procs; i++) {
		char path[64], wchan[64] = "?";
		FILE *f;

		if (workers[i].pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/wchan", workers[i].pid);
		f = fopen(path, "re");
		if (f) {
			if (!fgets(wchan, sizeof(wchan), f))
				strcpy(wchan, "?");
			fclose(f);
		}
		fail("worker %d still running %us after stop (wchan %s)",
		     workers[i].pid, wait_s, wchan);
		workers[i].killed = true;
		kill(workers[i].pid, SIGKILL);
		waitpid(workers[i].pid, &status, 0);
		workers[i].pid = 0;
	}
}

static void print_figures(double elapsed)
{
	long ops = 0, per_op;
	unsigned int op, e;

	printf("rtm-stress: %.1f s, seed %llu, %u worker slots x %u threads\n",
	       elapsed, (unsigned long long)opt.seed, opt.procs, opt.threads);
	printf("  processes started %ld, threads started %ld, SIGKILLs %ld\n",
	       stats->workers_started, stats->threads_started, stats->kills);
	for (op = 0; op < OP_COUNT; op++) {
		char line[512];
		int len;

		per_op = 0;
		for (e = 0; e <= ERRNO_SLOTS; e++)
			per_op += stats->results[op][e];
		ops += per_op;
		if (!per_op)
			continue;
		len = snprintf(line, sizeof(line), "  %-17s %9ld:", op_names[op],
			       per_op);
		for (e = 0; e <= ERRNO_SLOTS && len < (int)sizeof(line) - 32; e++)
			if (stats->results[op][e])
				len += snprintf(line + len, sizeof(line) - len,
						" %s %ld",
						e == ERRNO_SLOTS ? "other" :
						errno_name(e),
						stats->results[op][e]);
		printf("%s\n", line);
	}
	printf("  operations %ld (%.0f/s), records fetched %ld, handles released %ld\n",
	       ops, elapsed > 0 ? ops / elapsed : 0.0, stats->records,
	       stats->handles_released);
	printf("  garbage ioctls %ld (unknown commands %ld, real commands %ld)\n",
	       stats->garbage_enotty + stats->garbage_real_cmd,
	       stats->garbage_enotty, stats->garbage_real_cmd);
	printf("  errors by errno:");
	for (e = 1; e <= ERRNO_SLOTS; e++) {
		long n = 0;

		for (op = 0; op < OP_COUNT; op++)
			n += stats->results[op][e];
		if (n)
			printf(" %s %ld", e == ERRNO_SLOTS ? "other" :
			       errno_name(e), n);
	}
	printf("\n  failures %ld\n", stats->failures);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: rtm-stress [--seconds S] [--procs P] [--threads T] [--seed N]\n"
		"                  [--max-ops N] [--settle-seconds S] [--verbose]\n");
	exit(2);
}

static unsigned long parse_number(const char *text, unsigned long min,
				  unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 0);
	if (errno || *end || v < min || v > max)
		usage();
	return v;
}

static void parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "procs", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 'S' },
		{ "max-ops", required_argument, NULL, 'm' },
		{ "settle-seconds", required_argument, NULL, 'w' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:p:t:S:m:w:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			opt.seconds = parse_number(optarg, 1, 86400);
			break;
		case 'p':
			opt.procs = parse_number(optarg, 1, MAX_WORKERS);
			break;
		case 't':
			opt.threads = parse_number(optarg, 1, MAX_THREADS);
			break;
		case 'S':
			opt.seed = parse_number(optarg, 0, ULONG_MAX);
			break;
		case 'm':
			opt.max_ops = parse_number(optarg, 1, LONG_MAX);
			break;
		case 'w':
			opt.settle_seconds = parse_number(optarg, 1, 3600);
			break;
		case 'v':
			opt.verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
}

int main(int argc, char **argv)
{
	struct worker workers[MAX_WORKERS] = { 0 };
	struct rtm_counters zero = { 0 }, last;
	char counters[256];
	double start, elapsed;
	unsigned int i;

	parse_options(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!rtm_device_present()) {
		fprintf(stderr, "rtm-stress: %s missing (is rtm.ko loaded?)\n",
			RTM_DEV_PATH);
		return 1;
	}
	stats = mmap(NULL, sizeof(*stats), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stats == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	gen_prefixes();
	supervisor_rng = opt.seed ^ 0x5ca1ab1e;
	printf("rtm-stress: %us, %u processes x %u threads, seed %llu\n",
	       opt.seconds, opt.procs, opt.threads,
	       (unsigned long long)opt.seed);

	start = now();
	for (i = 0; i < opt.procs; i++)
		workers[i].pid = spawn_worker();
	supervise(workers, start + opt.seconds);
	stop_workers(workers, 60);
	elapsed = now() - start;

	/* Every file is closed now: every object must go, after RCU */
	if (rtm_wait_counters(&zero, opt.settle_seconds * 1000, &last)) {
		rtm_format_counters(&last, counters, sizeof(counters));
		fail("objects left %us after every client exited: %s",
		     opt.settle_seconds, counters);
	} else if (opt.verbose) {
		printf("  object counters all 0\n");
	}
	print_figures(elapsed);
	if (stats->failures) {
		int n = stats->nr_msgs < MAX_FAIL_MSGS ? stats->nr_msgs :
							 MAX_FAIL_MSGS;

		for (i = 0; i < (unsigned int)n; i++)
			printf("  FAIL: %s\n", stats->msgs[i]);
		printf("rtm-stress: FAILED\n");
		return 1;
	}
	printf("rtm-stress: PASSED\n");
	return 0;
}
