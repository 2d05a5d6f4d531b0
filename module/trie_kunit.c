// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the RCU prefix trie (trie.c).
 *
 * Hand-written cases pin the documented behaviour (glue nodes, the walk
 * order of the DOC: theory example, argument checks); randomized cases
 * compare every operation with a plain array model, which is slow but
 * obviously right. The random generator has a fixed seed per case, so a
 * failure reproduces on every run.
 */
#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "trie.h"

/* The trie never dereferences values: any distinct non-NULL pointers do. */
static int rtm_trie_test_values[8];

static void rtm_trie_test_set(u8 *key, const u8 *bytes, unsigned int n)
{
	memset(key, 0, RTM_TRIE_MAX_KEY_BYTES);
	memcpy(key, bytes, n);
}

static void *rtm_trie_test_exact(const struct rtm_trie *trie, const u8 *key,
				 unsigned int prefixlen)
{
	void *value;

	rcu_read_lock();
	value = rtm_trie_lookup_exact(trie, key, prefixlen);
	rcu_read_unlock();
	return value;
}

static void rtm_trie_insert_rejects_bad_arguments(struct kunit *test)
{
	u8 key[RTM_TRIE_MAX_KEY_BYTES] = {};
	u8 next_key[RTM_TRIE_MAX_KEY_BYTES];
	unsigned int next_len;
	struct rtm_trie trie;

	rtm_trie_init(&trie, 32);
	KUNIT_EXPECT_EQ(test, rtm_trie_insert(&trie, key, 33,
					      &rtm_trie_test_values[0],
					      GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, rtm_trie_insert(&trie, key, 8, NULL, GFP_KERNEL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, trie.nr_entries, 0UL);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(trie.root));

	KUNIT_ASSERT_EQ(test, rtm_trie_insert(&trie, key, 0,
					      &rtm_trie_test_values[0],
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, rtm_trie_insert(&trie, key, 0,
					      &rtm_trie_test_values[1],
					      GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, rtm_trie_test_exact(&trie, key, 0),
			    (void *)&rtm_trie_test_values[0]);
	KUNIT_EXPECT_NULL(test, rtm_trie_test_exact(&trie, key, 33));
	KUNIT_EXPECT_NULL(test, rtm_trie_delete(&trie, key, 33));
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, rtm_trie_next(&trie, key, 33, true, next_key,
					      &next_len));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, trie.nr_entries, 1UL);

	rtm_trie_destroy(&trie);
}

/* 10.0.0.0/16 and 10.1.0.0/16 meet in a 10.0.0.0/15 glue node. */
static void rtm_trie_glue_node_is_no_entry(struct kunit *test)
{
	static const u8 net_10_0[] = { 10, 0 }, net_10_1[] = { 10, 1 };
	u8 a[RTM_TRIE_MAX_KEY_BYTES], b[RTM_TRIE_MAX_KEY_BYTES];
	unsigned int len = 0;
	struct rtm_trie trie;
	void *value;

	rtm_trie_init(&trie, 32);
	rtm_trie_test_set(a, net_10_0, 2);
	rtm_trie_test_set(b, net_10_1, 2);
	KUNIT_ASSERT_EQ(test, rtm_trie_insert(&trie, a, 16,
					      &rtm_trie_test_values[0],
					      GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, rtm_trie_insert(&trie, b, 16,
					      &rtm_trie_test_values[1],
					      GFP_KERNEL), 0);

	KUNIT_EXPECT_NULL(test, rtm_trie_test_exact(&trie, a, 15));
	KUNIT_EXPECT_NULL(test, rtm_trie_delete(&trie, a, 15));
	/* A longest match passes the glue node by. */
	b[3] = 7;
	rcu_read_lock();
	value = rtm_trie_lookup_longest(&trie, b, &len);
	rcu_read_unlock();
	b[3] = 0;
	KUNIT_EXPECT_PTR_EQ(test, value, (void *)&rtm_trie_test_values[1]);
	KUNIT_EXPECT_EQ(test, len, 16U);
	KUNIT_EXPECT_EQ(test, trie.nr_entries, 2UL);

	/* The glue node takes a value, then gives it back. */
	KUNIT_EXPECT_EQ(test, rtm_trie_insert(&trie, a, 15,
					      &rtm_trie_test_values[2],
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, rtm_trie_test_exact(&trie, b, 15),
			    (void *)&rtm_trie_test_values[2]);
	KUNIT_EXPECT_EQ(test, trie.nr_entries, 3UL);
	KUNIT_EXPECT_PTR_EQ(test, rtm_trie_delete(&trie, a, 15),
			    (void *)&rtm_trie_test_values[2]);
	KUNIT_EXPECT_PTR_EQ(test, rtm_trie_test_exact(&trie, a, 16),
			    (void *)&rtm_trie_test_values[0]);
	KUNIT_EXPECT_PTR_EQ(test, rtm_trie_test_exact(&trie, b, 16),
			    (void *)&rtm_trie_test_values[1]);

	KUNIT_EXPECT_PTR_EQ(test, rtm_trie_delete(&trie, a, 16),
			    (void *)&rtm_trie_test_values[0]);
	KUNIT_EXPECT_PTR_EQ(test, rtm_trie_delete(&trie, b, 16),
			    (void *)&rtm_trie_test_values[1]);
	KUNIT_EXPECT_EQ(test, trie.nr_entries, 0UL);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(trie.root));
	rtm_trie_destroy(&trie);
}

struct rtm_trie_test_prefix {
	u8 bytes[4];
	unsigned int len;
};

/* The example of DOC: theory and rtm_trie_next(), inserted out of order. */
static void rtm_trie_next_walks_documented_order(struct kunit *test)
{
	static const struct rtm_trie_test_prefix sorted[] = {
		{ { 0, 0, 0, 0 }, 0 },
		{ { 10, 0, 0, 0 }, 8 },
		{ { 10, 0, 0, 0 }, 16 },
		{ { 10, 1, 0, 0 }, 16 },
		{ { 10, 1, 2, 3 }, 32 },
		{ { 10, 128, 0, 0 }, 9 },
		{ { 11, 0, 0, 0 }, 8 },
		{ { 255, 255, 255, 255 }, 32 },
	};
	static const unsigned int insert_order[] = { 6, 3, 0, 7, 1, 5, 2, 4 };
	u8 key[RTM_TRIE_MAX_KEY_BYTES] = {};
	unsigned int len = 0, i, n = 0;
	bool inclusive = true;
	struct rtm_trie trie;
	void *value;

	BUILD_BUG_ON(ARRAY_SIZE(sorted) > ARRAY_SIZE(rtm_trie_test_values));
	rtm_trie_init(&trie, 32);
	for (i = 0; i < ARRAY_SIZE(insert_order); i++) {
		const struct rtm_trie_test_prefix *p = &sorted[insert_order[i]];
		int *tag = &rtm_trie_test_values[insert_order[i]];

		rtm_trie_test_set(key, p->bytes, 4);
		KUNIT_ASSERT_EQ(test, rtm_trie_insert(&trie, key, p->len, tag,
						      GFP_KERNEL), 0);
	}

	memset(key, 0, sizeof(key));
	rcu_read_lock();
	while ((value = rtm_trie_next(&trie, key, len, inclusive, key, &len))) {
		if (n < ARRAY_SIZE(sorted)) {
			KUNIT_EXPECT_PTR_EQ(test, value,
					    (void *)&rtm_trie_test_values[n]);
			KUNIT_EXPECT_EQ(test, len, sorted[n].len);
			KUNIT_EXPECT_EQ(test, memcmp(key, sorted[n].bytes, 4), 0);
		}
		inclusive = false;
		n++;
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, n, (unsigned int)ARRAY_SIZE(sorted));
	rtm_trie_destroy(&trie);
}

static void rtm_trie_lookup_longest_picks_longest(struct kunit *test)
{
	static const struct rtm_trie_test_prefix routes[] = {
		{ { 0, 0, 0, 0 }, 0 },
		{ { 10, 0, 0, 0 }, 8 },
		{ { 10, 1, 0, 0 }, 16 },
		{ { 10, 1, 2, 3 }, 32 },
	};
	static const struct {
		u8 addr[4];
		unsigned int route;
	} cases[] = {
		{ { 192, 0, 2, 1 }, 0 },
		{ { 10, 2, 0, 1 }, 1 },
		{ { 10, 1, 2, 2 }, 2 },
		{ { 10, 1, 2, 3 }, 3 },
		{ { 10, 1, 2, 4 }, 2 },
	};
	u8 key[RTM_TRIE_MAX_KEY_BYTES];
	struct rtm_trie trie;
	unsigned int i, len;

	rtm_trie_init(&trie, 32);
	for (i = 0; i < ARRAY_SIZE(routes); i++) {
		rtm_trie_test_set(key, routes[i].bytes, 4);
		KUNIT_ASSERT_EQ(test, rtm_trie_insert(&trie, key, routes[i].len,
						      &rtm_trie_test_values[i],
						      GFP_KERNEL), 0);
	}
	rcu_read_lock();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int want = cases[i].route;

		rtm_trie_test_set(key, cases[i].addr, 4);
		len = 99;
		KUNIT_EXPECT_PTR_EQ_MSG(test,
					rtm_trie_lookup_longest(&trie, key, &len),
					(void *)&rtm_trie_test_values[want],
					"address %pI4", cases[i].addr);
		KUNIT_EXPECT_EQ(test, len, routes[want].len);
	}
	rcu_read_unlock();

	/* Without the default route some addresses match nothing. */
	memset(key, 0, sizeof(key));
	KUNIT_EXPECT_PTR_EQ(test, rtm_trie_delete(&trie, key, 0),
			    (void *)&rtm_trie_test_values[0]);
	rtm_trie_test_set(key, cases[0].addr, 4);
	len = 99;
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, rtm_trie_lookup_longest(&trie, key, &len));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, len, 99U);
	rtm_trie_destroy(&trie);
}

/*
 * The reference model: an array of every prefix ever inserted, with a flag
 * for the ones still in the trie. Entry addresses serve as trie values.
 */
struct rtm_trie_model_entry {
	u8 key[RTM_TRIE_MAX_KEY_BYTES];
	unsigned int len;
	bool present;
};

struct rtm_trie_model {
	struct rtm_trie_model_entry *entries;
	unsigned int nr, capacity, nr_present;
	unsigned int max_len, key_bytes;
};

/* The order of rtm_trie_next(): address bits, then length. */
static int rtm_trie_model_cmp(const struct rtm_trie_model *model,
			      const u8 *a, unsigned int a_len,
			      const u8 *b, unsigned int b_len)
{
	int diff = memcmp(a, b, model->key_bytes);

	if (diff)
		return diff;
	return a_len < b_len ? -1 : a_len > b_len;
}

static bool rtm_trie_model_covers(const u8 *prefix, unsigned int len,
				  const u8 *addr)
{
	unsigned int bytes = len / 8, bits = len % 8;

	if (memcmp(prefix, addr, bytes))
		return false;
	return !bits || !((prefix[bytes] ^ addr[bytes]) & (0xff00 >> bits));
}

static struct rtm_trie_model_entry *
rtm_trie_model_find(const struct rtm_trie_model *model, const u8 *key,
		    unsigned int len)
{
	unsigned int i;

	for (i = 0; i < model->nr; i++) {
		struct rtm_trie_model_entry *e = &model->entries[i];

		if (e->present && e->len == len &&
		    !memcmp(e->key, key, model->key_bytes))
			return e;
	}
	return NULL;
}

static struct rtm_trie_model_entry *
rtm_trie_model_longest(const struct rtm_trie_model *model, const u8 *addr)
{
	struct rtm_trie_model_entry *best = NULL;
	unsigned int i;

	for (i = 0; i < model->nr; i++) {
		struct rtm_trie_model_entry *e = &model->entries[i];

		if (e->present && rtm_trie_model_covers(e->key, e->len, addr) &&
		    (!best || e->len > best->len))
			best = e;
	}
	return best;
}

static struct rtm_trie_model_entry *
rtm_trie_model_next(const struct rtm_trie_model *model, const u8 *key,
		    unsigned int len, bool inclusive)
{
	struct rtm_trie_model_entry *best = NULL;
	unsigned int i;

	for (i = 0; i < model->nr; i++) {
		struct rtm_trie_model_entry *e = &model->entries[i];
		int cmp;

		if (!e->present)
			continue;
		cmp = rtm_trie_model_cmp(model, e->key, e->len, key, len);
		if (cmp < 0 || (cmp == 0 && !inclusive))
			continue;
		if (!best || rtm_trie_model_cmp(model, e->key, e->len,
						best->key, best->len) < 0)
			best = e;
	}
	return best;
}

/* Byte @i of the netmask of a /@len prefix. */
static u8 rtm_trie_mask_byte(unsigned int len, unsigned int i)
{
	if (len >= 8 * (i + 1))
		return 0xff;
	if (len <= 8 * i)
		return 0;
	return 0xff << (8 - len % 8);
}

/* Zero the bits of @key past @len, as the trie requires. */
static void rtm_trie_mask(u8 *key, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < RTM_TRIE_MAX_KEY_BYTES; i++)
		key[i] &= rtm_trie_mask_byte(len, i);
}

/**
 * struct rtm_trie_random_case - one randomized run
 * @name: shown in the KTAP output
 * @max_len: 32 or 128
 * @varied_bits: leading key bits that random addresses vary in; the rest
 *	stay zero, so a small value packs many prefixes into one region and
 *	makes most of them nest
 * @seed: for prandom
 * @inserts: prefixes to generate
 */
struct rtm_trie_random_case {
	const char *name;
	unsigned int max_len;
	unsigned int varied_bits;
	u64 seed;
	unsigned int inserts;
};

static const struct rtm_trie_random_case rtm_trie_random_cases[] = {
	{ "ipv4", 32, 32, 0x5eed0001, 300 },
	{ "ipv4-dense", 32, 10, 0x5eed0002, 300 },
	{ "ipv6", 128, 128, 0x5eed0003, 300 },
	{ "ipv6-dense", 128, 14, 0x5eed0004, 300 },
};

static void rtm_trie_random_case_desc(const struct rtm_trie_random_case *c,
				      char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rtm_trie_random, rtm_trie_random_cases,
		  rtm_trie_random_case_desc);

/*
 * A random prefix: /0, a host route and random lengths all come up often,
 * and half of the time the prefix derives from an earlier one so that
 * prefixes nest (a longer one below it or a shorter one above it).
 */
static void rtm_trie_random_prefix(struct rnd_state *rnd,
				   const struct rtm_trie_random_case *c,
				   const struct rtm_trie_model *model,
				   u8 *key, unsigned int *len)
{
	u32 pick = prandom_u32_state(rnd) % 16;

	if (pick == 0)
		*len = 0;
	else if (pick < 4)
		*len = c->max_len;
	else
		*len = prandom_u32_state(rnd) % (c->max_len + 1);

	prandom_bytes_state(rnd, key, RTM_TRIE_MAX_KEY_BYTES);
	rtm_trie_mask(key, c->varied_bits);
	if (model->nr && prandom_u32_state(rnd) % 2) {
		const struct rtm_trie_model_entry *base =
			&model->entries[prandom_u32_state(rnd) % model->nr];
		unsigned int i;

		/* The base prefix's bits, then the random ones. */
		for (i = 0; i < RTM_TRIE_MAX_KEY_BYTES; i++) {
			u8 mask = rtm_trie_mask_byte(base->len, i);

			key[i] = (base->key[i] & mask) | (key[i] & ~mask);
		}
	}
	rtm_trie_mask(key, *len);
}

static void rtm_trie_check_exact(struct kunit *test, struct rtm_trie *trie,
				 const struct rtm_trie_model *model)
{
	unsigned int i;

	rcu_read_lock();
	for (i = 0; i < model->nr; i++) {
		const struct rtm_trie_model_entry *e = &model->entries[i];

		KUNIT_EXPECT_PTR_EQ(test,
				    rtm_trie_lookup_exact(trie, e->key, e->len),
				    (void *)rtm_trie_model_find(model, e->key,
								e->len));
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, trie->nr_entries, (unsigned long)model->nr_present);
}

static void rtm_trie_check_longest(struct kunit *test, struct rtm_trie *trie,
				   const struct rtm_trie_model *model,
				   const struct rtm_trie_random_case *c,
				   struct rnd_state *rnd)
{
	const struct rtm_trie_model_entry *want;
	u8 addr[RTM_TRIE_MAX_KEY_BYTES];
	unsigned int i, len, unused;
	void *got;

	for (i = 0; i < 2 * model->nr; i++) {
		/* Random addresses, and addresses inside known prefixes. */
		rtm_trie_random_prefix(rnd, c, model, addr, &unused);
		if (i % 2)
			prandom_bytes_state(rnd, addr, model->key_bytes);
		rtm_trie_mask(addr, c->max_len);
		want = rtm_trie_model_longest(model, addr);
		len = ~0U;
		rcu_read_lock();
		got = rtm_trie_lookup_longest(trie, addr, &len);
		rcu_read_unlock();
		KUNIT_EXPECT_PTR_EQ(test, got, (void *)want);
		if (want)
			KUNIT_EXPECT_EQ(test, len, want->len);
		else
			KUNIT_EXPECT_EQ(test, len, ~0U);
	}
}

static int rtm_trie_sort_cmp(const void *a, const void *b, const void *priv)
{
	const struct rtm_trie_model_entry *x = *(const void * const *)a;
	const struct rtm_trie_model_entry *y = *(const void * const *)b;

	return rtm_trie_model_cmp(priv, x->key, x->len, y->key, y->len);
}

/* A whole walk lists exactly the present prefixes, sorted. */
static void rtm_trie_check_walk(struct kunit *test, struct rtm_trie *trie,
				const struct rtm_trie_model *model)
{
	struct rtm_trie_model_entry **sorted;
	u8 key[RTM_TRIE_MAX_KEY_BYTES] = {};
	unsigned int i, n = 0, len = 0;
	bool inclusive = true;
	void *value;

	sorted = kunit_kmalloc_array(test, model->nr, sizeof(*sorted),
				     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sorted);
	for (i = 0; i < model->nr; i++)
		if (model->entries[i].present)
			sorted[n++] = &model->entries[i];
	sort_r(sorted, n, sizeof(*sorted), rtm_trie_sort_cmp, NULL, model);

	i = 0;
	rcu_read_lock();
	while ((value = rtm_trie_next(trie, key, len, inclusive, key, &len))) {
		inclusive = false;
		if (i < n)
			KUNIT_EXPECT_PTR_EQ_MSG(test, value, (void *)sorted[i],
						"walk step %u", i);
		if (i < n && value == sorted[i]) {
			KUNIT_EXPECT_EQ(test, len, sorted[i]->len);
			KUNIT_EXPECT_EQ(test, memcmp(key, sorted[i]->key,
						     RTM_TRIE_MAX_KEY_BYTES), 0);
		}
		if (++i > n)
			break;
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, i, n);
	kunit_kfree(test, sorted);
}

/* Resuming from any key, present or not, gives the model's successor. */
static void rtm_trie_check_resume(struct kunit *test, struct rtm_trie *trie,
				  const struct rtm_trie_model *model,
				  const struct rtm_trie_random_case *c,
				  struct rnd_state *rnd)
{
	const struct rtm_trie_model_entry *want;
	u8 key[RTM_TRIE_MAX_KEY_BYTES], next_key[RTM_TRIE_MAX_KEY_BYTES];
	unsigned int i, len, next_len;
	unsigned int absent = 0;
	bool inclusive;
	void *got;

	for (i = 0; i < 4 * model->nr; i++) {
		rtm_trie_random_prefix(rnd, c, model, key, &len);
		if (!rtm_trie_model_find(model, key, len))
			absent++;
		inclusive = i % 2;
		want = rtm_trie_model_next(model, key, len, inclusive);
		memset(next_key, 0xa5, sizeof(next_key));
		next_len = ~0U;
		rcu_read_lock();
		got = rtm_trie_next(trie, key, len, inclusive, next_key,
				    &next_len);
		rcu_read_unlock();
		KUNIT_EXPECT_PTR_EQ(test, got, (void *)want);
		if (want && got == want) {
			KUNIT_EXPECT_EQ(test, next_len, want->len);
			KUNIT_EXPECT_EQ(test, memcmp(next_key, want->key,
						     model->key_bytes), 0);
		}
	}
	/* The generator must have produced keys the trie does not hold. */
	KUNIT_EXPECT_GT(test, absent, model->nr);
}

/* The generator must really produce the shapes the header promises. */
static void rtm_trie_check_generator(struct kunit *test,
				     const struct rtm_trie_model *model)
{
	unsigned int i, j, default_routes = 0, host_routes = 0, nested = 0;

	for (i = 0; i < model->nr; i++) {
		const struct rtm_trie_model_entry *e = &model->entries[i];

		default_routes += e->len == 0;
		host_routes += e->len == model->max_len;
		for (j = 0; j < model->nr; j++) {
			const struct rtm_trie_model_entry *up = &model->entries[j];

			if (up->len && up->len < e->len &&
			    rtm_trie_model_covers(up->key, up->len, e->key)) {
				nested++;
				break;
			}
		}
	}
	KUNIT_EXPECT_EQ(test, default_routes, 1U);
	KUNIT_EXPECT_GT(test, host_routes, model->nr / 10);
	KUNIT_EXPECT_GT(test, nested, model->nr / 4);
}

static void rtm_trie_random_check_all(struct kunit *test,
				      struct rtm_trie *trie,
				      const struct rtm_trie_model *model,
				      const struct rtm_trie_random_case *c,
				      struct rnd_state *rnd)
{
	rtm_trie_check_exact(test, trie, model);
	rtm_trie_check_longest(test, trie, model, c, rnd);
	rtm_trie_check_walk(test, trie, model);
	rtm_trie_check_resume(test, trie, model, c, rnd);
}

static void rtm_trie_random_matches_model(struct kunit *test)
{
	const struct rtm_trie_random_case *c = test->param_value;
	struct rtm_trie_model model = {
		.capacity = c->inserts,
		.max_len = c->max_len,
		.key_bytes = c->max_len / 8,
	};
	struct rtm_trie_model_entry *e;
	u8 key[RTM_TRIE_MAX_KEY_BYTES];
	unsigned int i, len, duplicates = 0, deleted = 0;
	struct rnd_state rnd;
	int err;
	struct rtm_trie trie;

	prandom_seed_state(&rnd, c->seed);
	model.entries = kunit_kcalloc(test, model.capacity,
				      sizeof(*model.entries), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, model.entries);
	rtm_trie_init(&trie, c->max_len);

	/* Insert, with the duplicates the generator produces refused. */
	for (i = 0; i < c->inserts; i++) {
		rtm_trie_random_prefix(&rnd, c, &model, key, &len);
		e = rtm_trie_model_find(&model, key, len);
		if (e) {
			err = rtm_trie_insert(&trie, key, len,
					      &rtm_trie_test_values[0],
					      GFP_KERNEL);
			KUNIT_EXPECT_EQ(test, err, -EEXIST);
			duplicates++;
			continue;
		}
		e = &model.entries[model.nr++];
		memcpy(e->key, key, sizeof(e->key));
		e->len = len;
		e->present = true;
		model.nr_present++;
		KUNIT_ASSERT_EQ(test, rtm_trie_insert(&trie, key, len, e,
						      GFP_KERNEL), 0);
	}
	KUNIT_EXPECT_GT(test, duplicates, 0U);
	rtm_trie_check_generator(test, &model);
	rtm_trie_random_check_all(test, &trie, &model, c, &rnd);

	/* Delete about a third, and some prefixes that are not there. */
	for (i = 0; i < model.nr; i++) {
		e = &model.entries[i];
		if (prandom_u32_state(&rnd) % 3)
			continue;
		KUNIT_EXPECT_PTR_EQ(test, rtm_trie_delete(&trie, e->key, e->len),
				    (void *)e);
		e->present = false;
		model.nr_present--;
		deleted++;
		KUNIT_EXPECT_NULL(test, rtm_trie_delete(&trie, e->key, e->len));
	}
	KUNIT_EXPECT_GT(test, deleted, 0U);
	for (i = 0; i < model.nr; i++) {
		rtm_trie_random_prefix(&rnd, c, &model, key, &len);
		if (!rtm_trie_model_find(&model, key, len))
			KUNIT_EXPECT_NULL(test, rtm_trie_delete(&trie, key, len));
	}
	rtm_trie_random_check_all(test, &trie, &model, c, &rnd);

	/* Delete the rest in random order: the trie ends empty. */
	while (model.nr_present) {
		e = &model.entries[prandom_u32_state(&rnd) % model.nr];
		if (!e->present)
			continue;
		KUNIT_EXPECT_PTR_EQ(test, rtm_trie_delete(&trie, e->key, e->len),
				    (void *)e);
		e->present = false;
		model.nr_present--;
	}
	KUNIT_EXPECT_EQ(test, trie.nr_entries, 0UL);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(trie.root));
	rtm_trie_destroy(&trie);
}

/* destroy() frees a populated trie (kmemleak checks the nodes) and resets it. */
static void rtm_trie_destroy_empties_trie(struct kunit *test)
{
	u8 key[RTM_TRIE_MAX_KEY_BYTES] = {};
	struct rtm_trie trie;
	unsigned int i;

	rtm_trie_init(&trie, 128);
	for (i = 0; i < 64; i++) {
		key[0] = i * 4;
		key[15] = i;
		KUNIT_ASSERT_EQ(test, rtm_trie_insert(&trie, key, 128,
						      &rtm_trie_test_values[0],
						      GFP_KERNEL), 0);
		KUNIT_ASSERT_EQ(test, rtm_trie_insert(&trie, key, 6,
						      &rtm_trie_test_values[1],
						      GFP_KERNEL), 0);
	}
	KUNIT_EXPECT_EQ(test, trie.nr_entries, 128UL);
	rtm_trie_destroy(&trie);
	KUNIT_EXPECT_EQ(test, trie.nr_entries, 0UL);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(trie.root));
	KUNIT_EXPECT_NULL(test, rtm_trie_test_exact(&trie, key, 6));
	/* Usable again. */
	KUNIT_EXPECT_EQ(test, rtm_trie_insert(&trie, key, 6,
					      &rtm_trie_test_values[1],
					      GFP_KERNEL), 0);
	rtm_trie_destroy(&trie);
}

static struct kunit_case rtm_trie_test_cases[] = {
	KUNIT_CASE(rtm_trie_insert_rejects_bad_arguments),
	KUNIT_CASE(rtm_trie_glue_node_is_no_entry),
	KUNIT_CASE(rtm_trie_next_walks_documented_order),
	KUNIT_CASE(rtm_trie_lookup_longest_picks_longest),
	KUNIT_CASE_PARAM(rtm_trie_random_matches_model,
			 rtm_trie_random_gen_params),
	KUNIT_CASE(rtm_trie_destroy_empties_trie),
	{}
};

static struct kunit_suite rtm_trie_test_suite = {
	.name = "rtm_trie",
	.test_cases = rtm_trie_test_cases,
};

kunit_test_suites(&rtm_trie_test_suite);
