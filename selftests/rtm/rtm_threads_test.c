// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrent misuse of one registration: eight threads share one entity
 * (one file) and add and delete routes, walk, release random, forged and
 * already released handles, and delete walks another thread is fetching
 * from. Results are racy, so each call is only checked against the set of
 * answers it may give; afterwards the close must give everything back and
 * nothing may have crashed.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "rtm_test_util.h"

#define NUM_THREADS	8
#define ITERATIONS	1500
#define NUM_PREFIXES	256
#define BATCH		16

struct shared {
	RTM_ENTITY_HANDLE h;
	RTM_NET_ADDRESS prefixes[NUM_PREFIXES];
	/* A walk that any thread may fetch from or delete */
	_Atomic(RTM_ENUM_HANDLE) shared_walk;
	atomic_uint bad_status;		/* first unexpected status */
	atomic_uint bad_op;		/* 1 + the enum op that got it */
	atomic_long calls;
};

struct worker {
	struct shared *sh;
	uint64_t seed;
	pthread_t thread;
};

enum op {
	OP_ADD,
	OP_ADD_DELETE,
	OP_WALK,
	OP_RELEASE_RANDOM,
	OP_DOUBLE_RELEASE,
	OP_SHARED_WALK_CREATE,
	OP_SHARED_WALK_FETCH,
	OP_SHARED_WALK_DELETE,
	OP_DELETE_FOREIGN,
	NUM_OPS,
};

static bool allowed(DWORD status, DWORD a, DWORD b, DWORD c)
{
	return status == a || status == b || status == c;
}

static void check(struct shared *sh, enum op op, DWORD status, DWORD a,
		  DWORD b, DWORD c)
{
	unsigned int none = 0;

	atomic_fetch_add(&sh->calls, 1);
	if (allowed(status, a, b, c))
		return;
	if (atomic_compare_exchange_strong(&sh->bad_status, &none,
					   status ? status : ~0u))
		atomic_store(&sh->bad_op, op + 1);
}

static void op_walk(struct shared *sh, uint64_t *seed, bool release_twice)
{
	char buf[BATCH * RTM_SIZE_OF_DEST_INFO(2)];
	RTM_ENUM_HANDLE e = NULL;
	DWORD status;
	UINT n = 1 + rtm_rand(seed) % BATCH;
	UINT views = rtm_rand(seed) % 3;	/* ANY, UCAST, MCAST */

	status = RtmCreateDestEnum(sh->h, views, RTM_ENUM_START, NULL,
				   RTM_BEST_PROTOCOL, &e);
	check(sh, OP_WALK, status, NO_ERROR, NO_ERROR, NO_ERROR);
	if (status != NO_ERROR)
		return;
	do {
		UINT got = n;

		status = RtmGetEnumDests(sh->h, e, &got, (PRTM_DEST_INFO)buf);
		check(sh, OP_WALK, status, NO_ERROR, ERROR_NO_MORE_ITEMS,
		      NO_ERROR);
		if (got > n) {
			check(sh, OP_WALK, ERROR_GEN_FAILURE, NO_ERROR,
			      NO_ERROR, NO_ERROR);
			break;
		}
		if (!got)
			break;
		/*
		 * Another thread's double release may have taken this
		 * file's reference away before ours: both answers are fine.
		 */
		check(sh, OP_WALK, RtmReleaseDests(sh->h, got,
						   (PRTM_DEST_INFO)buf),
		      NO_ERROR, ERROR_INVALID_HANDLE, NO_ERROR);
		if (release_twice)
			check(sh, OP_DOUBLE_RELEASE,
			      RtmReleaseDests(sh->h, got, (PRTM_DEST_INFO)buf),
			      NO_ERROR, ERROR_INVALID_HANDLE, NO_ERROR);
	} while (status == NO_ERROR && rtm_rand(seed) % 4);
	check(sh, OP_WALK, RtmDeleteEnumHandle(sh->h, e), NO_ERROR, NO_ERROR,
	      NO_ERROR);
}

static void one_op(struct shared *sh, uint64_t *seed)
{
	const RTM_NET_ADDRESS *p = &sh->prefixes[rtm_rand(seed) %
						 NUM_PREFIXES];
	RTM_ROUTE_CHANGE_FLAGS change = 0;
	RTM_ROUTE_HANDLE route = NULL;
	RTM_ENUM_HANDLE e;
	RTM_DEST_INFO buf[4];
	HANDLE junk[3];
	DWORD status;
	UINT n;

	switch (rtm_rand(seed) % NUM_OPS) {
	case OP_ADD:
		status = rtm_api_add_route(sh->h, p, rtm_rand(seed) % 4, 1,
					   RTM_VIEW_MASK_UCAST, 0, NULL, NULL);
		check(sh, OP_ADD, status, NO_ERROR, NO_ERROR, NO_ERROR);
		break;
	case OP_ADD_DELETE:
		status = rtm_api_add_route(sh->h, p, 1, 1,
					   RTM_VIEW_MASK_UCAST |
					   RTM_VIEW_MASK_MCAST, 0, &route,
					   NULL);
		check(sh, OP_ADD_DELETE, status, NO_ERROR, NO_ERROR,
		      NO_ERROR);
		if (status != NO_ERROR)
			break;
		/*
		 * Threads adding the same prefix share one route and one
		 * handle: it may be gone, or our count consumed, already.
		 */
		status = RtmDeleteRouteToDest(sh->h, route, &change);
		check(sh, OP_ADD_DELETE, status, NO_ERROR, ERROR_NOT_FOUND,
		      ERROR_INVALID_HANDLE);
		if (status == ERROR_NOT_FOUND)
			check(sh, OP_ADD_DELETE,
			      RtmReleaseRoutes(sh->h, 1, &route), NO_ERROR,
			      ERROR_INVALID_HANDLE, NO_ERROR);
		break;
	case OP_WALK:
		op_walk(sh, seed, false);
		break;
	case OP_DOUBLE_RELEASE:
		op_walk(sh, seed, true);
		break;
	case OP_RELEASE_RANDOM:
		junk[0] = RTM_U64_TO_HANDLE(((uint64_t)rtm_rand(seed) << 32) |
					    rtm_rand(seed));
		junk[1] = RTM_U64_TO_HANDLE(RTM_FORGED_HANDLE(RTM_HANDLE_DEST));
		junk[2] = RTM_U64_TO_HANDLE(RTM_FORGED_HANDLE(RTM_HANDLE_ROUTE));
		/* Never issued: always refused, whatever else runs */
		check(sh, OP_RELEASE_RANDOM, RtmReleaseRoutes(sh->h, 3, junk),
		      ERROR_INVALID_HANDLE, ERROR_INVALID_HANDLE,
		      ERROR_INVALID_HANDLE);
		memset(buf, 0, sizeof(buf));
		buf[0].DestHandle = junk[1];
		check(sh, OP_RELEASE_RANDOM, RtmReleaseDests(sh->h, 1, buf),
		      ERROR_INVALID_HANDLE, ERROR_INVALID_HANDLE,
		      ERROR_INVALID_HANDLE);
		check(sh, OP_RELEASE_RANDOM,
		      RtmDeleteEnumHandle(sh->h, junk[0]),
		      ERROR_INVALID_HANDLE, ERROR_INVALID_HANDLE,
		      ERROR_INVALID_HANDLE);
		break;
	case OP_SHARED_WALK_CREATE:
		e = NULL;
		status = RtmCreateDestEnum(sh->h, RTM_VIEW_MASK_UCAST,
					   RTM_ENUM_START, NULL,
					   RTM_BEST_PROTOCOL, &e);
		check(sh, OP_SHARED_WALK_CREATE, status, NO_ERROR, NO_ERROR,
		      NO_ERROR);
		if (status != NO_ERROR)
			break;
		e = atomic_exchange(&sh->shared_walk, e);
		/* The one it replaced may have been deleted meanwhile */
		if (e)
			check(sh, OP_SHARED_WALK_CREATE,
			      RtmDeleteEnumHandle(sh->h, e), NO_ERROR,
			      ERROR_INVALID_HANDLE, NO_ERROR);
		break;
	case OP_SHARED_WALK_FETCH:
		e = atomic_load(&sh->shared_walk);
		if (!e)
			break;
		n = 4;
		status = RtmGetEnumDests(sh->h, e, &n, buf);
		/* The walk may be deleted under us: invalid handle then */
		check(sh, OP_SHARED_WALK_FETCH, status, NO_ERROR,
		      ERROR_NO_MORE_ITEMS, ERROR_INVALID_HANDLE);
		if (status == ERROR_INVALID_HANDLE || !n)
			break;
		if (n > 4) {
			check(sh, OP_SHARED_WALK_FETCH, ERROR_GEN_FAILURE,
			      NO_ERROR, NO_ERROR, NO_ERROR);
			break;
		}
		check(sh, OP_SHARED_WALK_FETCH,
		      RtmReleaseDests(sh->h, n, buf), NO_ERROR,
		      ERROR_INVALID_HANDLE, NO_ERROR);
		break;
	case OP_SHARED_WALK_DELETE:
		e = atomic_load(&sh->shared_walk);
		if (!e)
			break;
		/* Deleted while others fetch; maybe twice by two threads */
		check(sh, OP_SHARED_WALK_DELETE, RtmDeleteEnumHandle(sh->h, e),
		      NO_ERROR, ERROR_INVALID_HANDLE, NO_ERROR);
		break;
	case OP_DELETE_FOREIGN:
		/* A route handle this file never held */
		status = RtmDeleteRouteToDest(sh->h, RTM_U64_TO_HANDLE(
				RTM_FORGED_HANDLE(RTM_HANDLE_ROUTE)), &change);
		check(sh, OP_DELETE_FOREIGN, status, ERROR_INVALID_HANDLE,
		      ERROR_INVALID_HANDLE, ERROR_INVALID_HANDLE);
		break;
	default:
		break;
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < ITERATIONS && !atomic_load(&w->sh->bad_status); i++)
		one_op(w->sh, &w->seed);
	return NULL;
}

/* Run regardless of answers: the registration goes away mid-run */
static void *worker_close_main(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < ITERATIONS; i++)
		one_op(w->sh, &w->seed);
	return NULL;
}

static const char *const op_names[] = {
	"none", "add", "add+delete", "walk", "release random",
	"double release", "shared walk create", "shared walk fetch",
	"shared walk delete", "delete foreign",
};

FIXTURE(threads_share) {
	struct shared *sh;
	struct rtm_counters before;
	bool have_counters;
};

FIXTURE_SETUP(threads_share)
{
	self->sh = NULL;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->have_counters = rtm_settled_counters(&self->before) == 0;
	self->sh = calloc(1, sizeof(*self->sh));
	ASSERT_NE(NULL, self->sh);
	rtm_gen_prefixes4(0x7a11, NUM_PREFIXES, self->sh->prefixes);
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &self->sh->h, NULL));
}

FIXTURE_TEARDOWN(threads_share)
{
	if (self->sh && self->sh->h)
		RtmDeregisterEntity(self->sh->h);
	free(self->sh);
}

TEST_F_TIMEOUT(threads_share, eight_threads_misuse_one_registration, 600)
{
	struct worker workers[NUM_THREADS];
	struct shared *sh = self->sh;
	struct rtm_counters now;
	char b1[200], b2[200];
	unsigned int op;
	int i;

	RTM_RETURN_IF_SKIPPED();
	for (i = 0; i < NUM_THREADS; i++) {
		workers[i].sh = sh;
		workers[i].seed = 0x1234567ull * (i + 1);
		ASSERT_EQ(0, pthread_create(&workers[i].thread, NULL,
					    worker_main, &workers[i]));
	}
	for (i = 0; i < NUM_THREADS; i++)
		pthread_join(workers[i].thread, NULL);

	op = atomic_load(&sh->bad_op);
	EXPECT_EQ(0, atomic_load(&sh->bad_status)) {
		TH_LOG("op '%s' returned %u",
		       op < ARRAY_SIZE(op_names) ?
		       op_names[op] : "?", atomic_load(&sh->bad_status));
	}
	EXPECT_LT(NUM_THREADS * ITERATIONS, atomic_load(&sh->calls));

	/* The registration still works after all that */
	EXPECT_EQ(NO_ERROR, rtm_api_add_route(sh->h, &sh->prefixes[0], 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	ASSERT_EQ(NO_ERROR, RtmDeregisterEntity(sh->h));
	sh->h = NULL;
	if (!self->have_counters)
		return;
	EXPECT_EQ(0, rtm_wait_counters(&self->before, RTM_COUNTER_WAIT_MS,
				       &now)) {
		rtm_format_counters(&self->before, b1, sizeof(b1));
		rtm_format_counters(&now, b2, sizeof(b2));
		TH_LOG("before: %s; after: %s", b1, b2);
	}
}

TEST_F_TIMEOUT(threads_share, close_while_threads_run, 600)
{
	struct worker workers[NUM_THREADS];
	struct shared *sh = self->sh;
	struct rtm_counters now;
	char b1[200], b2[200];
	int i;

	RTM_RETURN_IF_SKIPPED();
	/*
	 * Deregistering while the workers run: every later call must fail
	 * cleanly with ERROR_INVALID_HANDLE, nothing may crash, and the
	 * counters must come back.
	 */
	for (i = 0; i < NUM_THREADS; i++) {
		workers[i].sh = sh;
		workers[i].seed = 0x7654321ull * (i + 1);
		ASSERT_EQ(0, pthread_create(&workers[i].thread, NULL,
					    worker_close_main, &workers[i]));
	}
	while (atomic_load(&sh->calls) < NUM_THREADS * 50)
		usleep(1000);
	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(sh->h));
	for (i = 0; i < NUM_THREADS; i++)
		pthread_join(workers[i].thread, NULL);
	sh->h = NULL;
	if (!self->have_counters)
		return;
	EXPECT_EQ(0, rtm_wait_counters(&self->before, RTM_COUNTER_WAIT_MS,
				       &now)) {
		rtm_format_counters(&self->before, b1, sizeof(b1));
		rtm_format_counters(&now, b2, sizeof(b2));
		TH_LOG("before: %s; after: %s", b1, b2);
	}
}

TEST_HARNESS_MAIN
