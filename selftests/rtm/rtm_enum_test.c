// SPDX-License-Identifier: GPL-2.0
/*
 * Destination walks over a table of random nested prefixes: every batch
 * size returns each destination exactly once, in strictly increasing
 * (address, prefix length) order; and the same holds for the destinations
 * that stay put while another thread adds and deletes other routes.
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

#define NUM_STABLE	2000
#define NUM_CHURN	500
#define SEED		0x5eed0001ull

static const UINT big_batches[] = { 1000, 2000, 4096 };

FIXTURE(table) {
	RTM_ENTITY_HANDLE h;
	RTM_NET_ADDRESS *stable;	/* sorted */
	RTM_NET_ADDRESS *churn;		/* sorted, disjoint from stable */
	unsigned char *visited;
	struct rtm_counters before;
	bool have_counters;
};

FIXTURE_SETUP(table)
{
	RTM_NET_ADDRESS *all;
	size_t i, s = 0, c = 0;
	uint64_t pick = SEED ^ 0xabcdef;

	self->h = NULL;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->have_counters = rtm_settled_counters(&self->before) == 0;

	/* One set of distinct prefixes, split at random in two */
	all = calloc(NUM_STABLE + NUM_CHURN, sizeof(*all));
	self->stable = calloc(NUM_STABLE, sizeof(*all));
	self->churn = calloc(NUM_CHURN, sizeof(*all));
	self->visited = calloc(NUM_STABLE, 1);
	ASSERT_TRUE(all && self->stable && self->churn && self->visited);
	rtm_gen_prefixes4(SEED, NUM_STABLE + NUM_CHURN, all);
	for (i = 0; i < NUM_STABLE + NUM_CHURN; i++) {
		size_t left = NUM_STABLE + NUM_CHURN - i;
		bool to_churn = c < NUM_CHURN &&
			(s == NUM_STABLE ||
			 rtm_rand(&pick) % left < NUM_CHURN - c);

		if (to_churn)
			self->churn[c++] = all[i];
		else
			self->stable[s++] = all[i];
	}
	free(all);
	ASSERT_EQ(NUM_STABLE, s);
	ASSERT_EQ(NUM_CHURN, c);

	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &self->h, NULL));
	for (i = 0; i < NUM_STABLE; i++) {
		ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h,
						      &self->stable[i],
						      1 + i % 7, i,
						      RTM_VIEW_MASK_UCAST, 0,
						      NULL, NULL));
	}
}

FIXTURE_TEARDOWN(table)
{
	if (self->h)
		RtmDeregisterEntity(self->h);
	free(self->stable);
	free(self->churn);
	free(self->visited);
}

/*
 * Check one walk's records: strictly increasing, each stable prefix at
 * most once (and, when @all_stable, exactly once), nothing else but
 * churn prefixes. Returns the number of stable prefixes seen.
 */
static size_t check_walk(struct __test_metadata *_metadata,
			 FIXTURE_DATA(table) *self, void *infos, size_t n,
			 UINT num_views, UINT batch)
{
	char b1[64], b2[64];
	size_t i, seen = 0;

	memset(self->visited, 0, NUM_STABLE);
	for (i = 0; i < n; i++) {
		PRTM_DEST_INFO d = rtm_dest_at(infos, num_views, i);
		long k;

		if (i) {
			PRTM_DEST_INFO prev = rtm_dest_at(infos, num_views,
							  i - 1);

			EXPECT_GT(0, rtm_na_cmp(&prev->DestAddress,
						&d->DestAddress)) {
				TH_LOG("batch %u: record %zu %s after %s",
				       batch, i,
				       rtm_na_str(&d->DestAddress, b1,
						  sizeof(b1)),
				       rtm_na_str(&prev->DestAddress, b2,
						  sizeof(b2)));
			}
		}
		k = rtm_find_prefix(self->stable, NUM_STABLE,
				    &d->DestAddress);
		if (k >= 0) {
			EXPECT_EQ(0, self->visited[k]);
			self->visited[k]++;
			seen++;
			continue;
		}
		EXPECT_LE(0, rtm_find_prefix(self->churn, NUM_CHURN,
					     &d->DestAddress)) {
			TH_LOG("batch %u: stray prefix %s", batch,
			       rtm_na_str(&d->DestAddress, b1, sizeof(b1)));
		}
	}
	return seen;
}

static void walk_and_check(struct __test_metadata *_metadata,
			   FIXTURE_DATA(table) *self, RTM_VIEW_SET views,
			   UINT num_views, UINT batch, bool quiet_table)
{
	void *infos = NULL;
	size_t n = 0, seen;

	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, views, RTM_ENUM_START,
					      NULL, RTM_BEST_PROTOCOL,
					      num_views, batch, &infos, &n)) {
		TH_LOG("batch %u", batch);
	}
	if (quiet_table) {
		EXPECT_EQ(NUM_STABLE, n) {
			TH_LOG("batch %u", batch);
		}
	}
	seen = check_walk(_metadata, self, infos, n, num_views, batch);
	EXPECT_EQ(NUM_STABLE, seen) {
		TH_LOG("batch %u: %zu of %d stable prefixes", batch, seen,
		       NUM_STABLE);
	}
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n,
						num_views));
	free(infos);
}

static void expect_counters_back(struct __test_metadata *_metadata,
				 FIXTURE_DATA(table) *self)
{
	struct rtm_counters now;
	char b1[200], b2[200];

	ASSERT_EQ(NO_ERROR, RtmDeregisterEntity(self->h));
	self->h = NULL;
	if (!self->have_counters)
		return;
	EXPECT_EQ(0, rtm_wait_counters(&self->before, RTM_COUNTER_WAIT_MS,
				       &now)) {
		rtm_format_counters(&self->before, b1, sizeof(b1));
		rtm_format_counters(&now, b2, sizeof(b2));
		TH_LOG("before: %s; after: %s", b1, b2);
	}
}

TEST_F_TIMEOUT(table, every_batch_size_returns_each_dest_once, 600)
{
	UINT batch;
	size_t i;

	RTM_RETURN_IF_SKIPPED();
	for (batch = 1; batch <= 64; batch++)
		walk_and_check(_metadata, self, RTM_VIEW_MASK_ANY, 0, batch,
			       true);
	for (i = 0; i < ARRAY_SIZE(big_batches); i++)
		walk_and_check(_metadata, self, RTM_VIEW_MASK_UCAST, 1,
			       big_batches[i], true);
	expect_counters_back(_metadata, self);
}

TEST_F_TIMEOUT(table, range_walks_return_subtrees, 300)
{
	char b1[64];
	size_t r;

	RTM_RETURN_IF_SKIPPED();
	/* A range walk from each of 50 stable prefixes: exactly its subtree */
	for (r = 0; r < NUM_STABLE; r += NUM_STABLE / 50) {
		RTM_NET_ADDRESS range = self->stable[r];
		uint32_t base, mask, a;
		size_t i, n = 0, expect = 0, at = 0;
		void *infos = NULL;

		memcpy(&base, range.AddrBits, 4);
		mask = range.NumBits ? htonl(0xffffffffu <<
					     (32 - range.NumBits)) : 0;
		for (i = 0; i < NUM_STABLE; i++) {
			memcpy(&a, self->stable[i].AddrBits, 4);
			if (self->stable[i].NumBits >= range.NumBits &&
			    (a & mask) == base)
				expect++;
		}
		ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h,
						      RTM_VIEW_MASK_ANY,
						      RTM_ENUM_RANGE, &range,
						      RTM_BEST_PROTOCOL, 0, 7,
						      &infos, &n));
		EXPECT_EQ(expect, n) {
			TH_LOG("range %s",
			       rtm_na_str(&range, b1, sizeof(b1)));
		}
		/* In order: the subtree is a contiguous run of stable[] */
		for (i = 0; i < n && i < expect; i++) {
			PRTM_DEST_INFO d = rtm_dest_at(infos, 0, i);

			at = r + i;
			EXPECT_TRUE(at < NUM_STABLE &&
				    rtm_na_equal(&self->stable[at],
						 &d->DestAddress));
		}
		EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 0));
		free(infos);
	}
	expect_counters_back(_metadata, self);
}

struct churn_args {
	const RTM_NET_ADDRESS *prefixes;
	size_t n;
	atomic_bool stop;
	atomic_long rounds;
	atomic_uint error;	/* first unexpected status */
};

/* Add and delete the churn prefixes, as another entity, until told */
static void *churn_thread(void *arg)
{
	struct churn_args *ca = arg;
	RTM_ENTITY_HANDLE h = NULL;
	RTM_ROUTE_HANDLE *routes;
	RTM_ROUTE_CHANGE_FLAGS change;
	DWORD status;
	size_t i;

	routes = calloc(ca->n, sizeof(*routes));
	status = rtm_api_register(AF_INET, RTM_TEST_PROTO_B, getpid(), &h,
				  NULL);
	if (status != NO_ERROR || !routes) {
		ca->error = status ? status : ERROR_NOT_ENOUGH_MEMORY;
		free(routes);
		return NULL;
	}
	while (!atomic_load(&ca->stop)) {
		for (i = 0; i < ca->n && !ca->error; i++) {
			status = rtm_api_add_route(h, &ca->prefixes[i], 5, 5,
						   RTM_VIEW_MASK_UCAST, 0,
						   &routes[i], NULL);
			if (status != NO_ERROR)
				ca->error = status;
		}
		for (i = 0; i < ca->n && !ca->error; i++) {
			status = RtmDeleteRouteToDest(h, routes[i], &change);
			if (status != NO_ERROR)
				ca->error = status;
		}
		atomic_fetch_add(&ca->rounds, 1);
		if (ca->error)
			break;
	}
	RtmDeregisterEntity(h);
	free(routes);
	return NULL;
}

TEST_F_TIMEOUT(table, walks_under_churn_return_stable_dests_once, 600)
{
	static const UINT batches[] = { 1, 3, 17, 64, 1000, 4096 };
	struct churn_args ca = {
		.prefixes = self->churn,
		.n = NUM_CHURN,
	};
	pthread_t thread;
	size_t i;
	int pass;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, pthread_create(&thread, NULL, churn_thread, &ca));
	/* Make sure the walks overlap at least one churn round */
	while (!atomic_load(&ca.rounds) && !atomic_load(&ca.error))
		usleep(1000);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < ARRAY_SIZE(batches); i++)
			walk_and_check(_metadata, self,
				       pass ? RTM_VIEW_MASK_UCAST :
				       RTM_VIEW_MASK_ANY, pass, batches[i],
				       false);
	atomic_store(&ca.stop, true);
	pthread_join(thread, NULL);
	EXPECT_EQ(NO_ERROR, atomic_load(&ca.error));
	EXPECT_LT(0, atomic_load(&ca.rounds));
	expect_counters_back(_metadata, self);
}

TEST_HARNESS_MAIN
