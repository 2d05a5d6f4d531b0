// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the longest-prefix-match index (lpm.c) and of the table
 * glue that keeps it in step with the trie (table.c).
 *
 * Hand-written cases pin the boundaries (the top level, the last bits of
 * IPv4 and IPv6, the empty index giving its memory back); randomized
 * cases check every lookup of the index against the trie's own longest
 * match, which the trie's suite checks against a model. The generator has
 * a fixed seed per case, so a failure reproduces on every run.
 */
#include <kunit/test.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/socket.h>
#include <linux/string.h>

#include "lpm.h"
#include "table.h"
#include "trie.h"

/* The index never dereferences values: distinct aligned pointers do. */
static int rtm_lpm_test_values[4096];

static void *rtm_lpm_test_lookup(const struct rtm_lpm *lpm, const u8 *addr)
{
	void *value;

	rcu_read_lock();
	value = rtm_lpm_lookup(lpm, addr);
	rcu_read_unlock();
	return value;
}

static void rtm_lpm_ipv4_boundaries(struct kunit *test)
{
	static const u8 k8[4] = { 10 }, k16[4] = { 10, 1 };
	static const u8 k24[4] = { 10, 1, 2 }, k32[4] = { 10, 1, 2, 3 };
	static const u8 a32[4] = { 10, 1, 2, 3 }, a31[4] = { 10, 1, 2, 2 };
	static const u8 a24[4] = { 10, 1, 2, 255 }, a16[4] = { 10, 1, 3 };
	static const u8 a8[4] = { 10, 255, 255, 255 }, none[4] = { 11 };
	void *v8 = &rtm_lpm_test_values[8], *v16 = &rtm_lpm_test_values[16];
	void *v24 = &rtm_lpm_test_values[24], *v32 = &rtm_lpm_test_values[32];
	struct rtm_lpm lpm;

	rtm_lpm_init(&lpm, 32);
	KUNIT_EXPECT_NULL(test, rtm_lpm_test_lookup(&lpm, a32));
	KUNIT_EXPECT_EQ(test, rtm_lpm_replace(&lpm, k8, 33, NULL, v8,
					      GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, rtm_lpm_replace(&lpm, k8, 8, NULL,
					      (u8 *)v8 + 1, GFP_KERNEL),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, rtm_lpm_replace(&lpm, k32, 32, NULL, v32,
					      GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, rtm_lpm_replace(&lpm, k8, 8, NULL, v8,
					      GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, rtm_lpm_replace(&lpm, k24, 24, v8, v24,
					      GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, rtm_lpm_replace(&lpm, k16, 16, v8, v16,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a32), v32);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a31), v24);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a24), v24);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a16), v16);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a8), v8);
	KUNIT_EXPECT_NULL(test, rtm_lpm_test_lookup(&lpm, none));
	KUNIT_EXPECT_GT(test, rtm_lpm_bytes(&lpm), (size_t)0);

	/* Deletes in another order; the last one gives all memory back. */
	KUNIT_EXPECT_EQ(test, rtm_lpm_replace(&lpm, k24, 24, v24, v16,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a31), v16);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a32), v32);
	KUNIT_EXPECT_EQ(test, rtm_lpm_replace(&lpm, k8, 8, v8, NULL,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_NULL(test, rtm_lpm_test_lookup(&lpm, a8));
	KUNIT_EXPECT_EQ(test, rtm_lpm_replace(&lpm, k32, 32, v32, v16,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, rtm_lpm_replace(&lpm, k16, 16, v16, NULL,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_NULL(test, rtm_lpm_test_lookup(&lpm, a32));
	KUNIT_EXPECT_EQ(test, rtm_lpm_bytes(&lpm), (size_t)0);
	KUNIT_EXPECT_EQ(test, lpm.nr_nodes, 0UL);
	rtm_lpm_destroy(&lpm);
}

static void rtm_lpm_ipv6_boundaries(struct kunit *test)
{
	u8 k0[16] = { 0 }, k48[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	u8 k127[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 }, a[16];
	void *v0 = &rtm_lpm_test_values[0], *v48 = &rtm_lpm_test_values[48];
	void *v127 = &rtm_lpm_test_values[127];
	struct rtm_lpm lpm;

	k127[15] = 0xfe;
	rtm_lpm_init(&lpm, 128);
	KUNIT_ASSERT_EQ(test, rtm_lpm_replace(&lpm, k0, 0, NULL, v0,
					      GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, rtm_lpm_replace(&lpm, k127, 127, v0, v127,
					      GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, rtm_lpm_replace(&lpm, k48, 48, v0, v48,
					      GFP_KERNEL), 0);
	memcpy(a, k127, 16);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a), v127);
	a[15] = 0xff;
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a), v127);
	a[15] = 0xfd;
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a), v48);
	a[5] = 2;
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, a), v0);
	KUNIT_EXPECT_EQ(test, rtm_lpm_replace(&lpm, k48, 48, v48, v0,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, k127), v127);
	KUNIT_EXPECT_PTR_EQ(test, rtm_lpm_test_lookup(&lpm, k48), v0);
	KUNIT_EXPECT_EQ(test, rtm_lpm_replace(&lpm, k127, 127, v127, v0,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, lpm.nr_nodes, 0UL);
	KUNIT_EXPECT_EQ(test, rtm_lpm_replace(&lpm, k0, 0, v0, NULL,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, rtm_lpm_bytes(&lpm), (size_t)0);
	rtm_lpm_destroy(&lpm);
}

/*
 * A table as an instance has it, its writer lock held by the case: the
 * table's writers assert it.
 */
static struct rtm_table *rtm_table_test_new(struct kunit *test, u16 family,
					    u8 addr_bytes)
{
	struct rtm_table_test {
		struct rtm_table table;
		struct mutex lock; /* the writers' */
	} *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	mutex_init(&t->lock);
	rtm_table_init(&t->table, family, addr_bytes, &t->lock);
	mutex_lock(&t->lock);
	return &t->table;
}

/* Destroy a table of rtm_table_test_new(), letting its lock go. */
static void rtm_table_test_destroy(struct rtm_table *table)
{
	rtm_table_destroy(table);
	mutex_unlock(table->writer_lock);
}

static void rtm_table_rejects_and_ignores(struct kunit *test)
{
	static const u8 key[4] = { 192, 0, 2 };
	struct rtm_table *table = rtm_table_test_new(test, AF_INET, 4);

	KUNIT_EXPECT_EQ(test, rtm_table_insert(table, NULL, key, 24), -EINVAL);
	KUNIT_EXPECT_EQ(test, rtm_table_insert(table, &rtm_lpm_test_values[1],
					       key, 33), -EINVAL);
	KUNIT_EXPECT_EQ(test, rtm_table_insert(table, &rtm_lpm_test_values[1],
					       key, 24), 0);
	KUNIT_EXPECT_EQ(test, rtm_table_insert(table, &rtm_lpm_test_values[2],
					       key, 24), -EEXIST);
	KUNIT_EXPECT_NULL(test, rtm_table_delete(table, key, 23));
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, rtm_table_lookup_longest(table, key),
			    (void *)&rtm_lpm_test_values[1]);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, rtm_table_delete(table, key, 24),
			    (void *)&rtm_lpm_test_values[1]);
	KUNIT_EXPECT_EQ(test, table->trie.nr_entries, 0UL);
	KUNIT_EXPECT_EQ(test, rtm_lpm_bytes(&table->lpm), (size_t)0);
	rtm_table_test_destroy(table);
}

/* Addresses near a few bases, so that prefixes nest and share nodes. */
static void rtm_lpm_test_addr(struct rnd_state *rnd, const u8 bases[4][16],
			      unsigned int nbytes, u8 *addr)
{
	unsigned int flips = prandom_u32_state(rnd) % 4, bit;

	memcpy(addr, bases[prandom_u32_state(rnd) % 4], nbytes);
	while (flips--) {
		bit = prandom_u32_state(rnd) % (nbytes * 8);
		addr[bit / 8] ^= 0x80 >> (bit % 8);
	}
}

static void rtm_lpm_test_mask(u8 *key, unsigned int plen, unsigned int nbytes)
{
	unsigned int i;

	for (i = 0; i < nbytes; i++) {
		if (plen >= 8 * (i + 1))
			continue;
		key[i] &= plen > 8 * i ? (u8)(0xff << (8 - (plen - 8 * i))) : 0;
	}
}

static void rtm_table_test_agree(struct kunit *test, struct rtm_table *table,
				 const u8 *addr)
{
	void *index, *trie;

	rcu_read_lock();
	index = rtm_table_lookup_longest(table, addr);
	trie = rtm_trie_lookup_longest(&table->trie, addr, NULL);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, index, trie);
}

static void rtm_table_random_matches_trie(struct kunit *test)
{
	const int *family = test->param_value;
	unsigned int nbytes = *family == AF_INET ? 4 : 16;
	unsigned int i, j, plen, max = nbytes * 8;
	struct rtm_table *table;
	struct rnd_state rnd;
	u8 bases[4][16], key[16], addr[16];
	void *value;

	table = rtm_table_test_new(test, *family, nbytes);
	prandom_seed_state(&rnd, 4242 + nbytes);
	for (i = 0; i < 4; i++)
		prandom_bytes_state(&rnd, bases[i], sizeof(bases[i]));
	memset(bases[0], 0, sizeof(bases[0]));

	for (i = 0; i < 3000; i++) {
		memset(key, 0, sizeof(key));
		rtm_lpm_test_addr(&rnd, bases, nbytes, key);
		plen = prandom_u32_state(&rnd) % 4 ?
		       max - prandom_u32_state(&rnd) % (max / 2) :
		       prandom_u32_state(&rnd) % (max + 1);
		rtm_lpm_test_mask(key, plen, nbytes);
		value = &rtm_lpm_test_values[i % ARRAY_SIZE(rtm_lpm_test_values)];
		if (!rtm_table_delete(table, key, plen))
			KUNIT_EXPECT_EQ(test, rtm_table_insert(table, value, key,
							       plen), 0);
		rtm_table_test_agree(test, table, key);
		for (j = 0; j < 8; j++) {
			rtm_lpm_test_addr(&rnd, bases, nbytes, addr);
			rtm_table_test_agree(test, table, addr);
		}
	}
	/* Empty it by walking the trie: the index must hold nothing then. */
	memset(key, 0, sizeof(key));
	plen = 0;
	for (;;) {
		rcu_read_lock();
		value = rtm_trie_next(&table->trie, key, 0, true, key, &plen);
		rcu_read_unlock();
		if (!value)
			break;
		KUNIT_ASSERT_PTR_EQ(test, rtm_table_delete(table, key, plen),
				    value);
		memset(key, 0, sizeof(key));
	}
	KUNIT_EXPECT_EQ(test, rtm_lpm_bytes(&table->lpm), (size_t)0);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(table->lpm.dir));
	rtm_table_test_destroy(table);
}

static const int rtm_table_test_families[] = { AF_INET, AF_INET6 };

static void rtm_table_test_family_desc(const int *family, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s",
		 *family == AF_INET ? "IPv4" : "IPv6");
}

KUNIT_ARRAY_PARAM(rtm_table_test_family, rtm_table_test_families,
		  rtm_table_test_family_desc);

static struct kunit_case rtm_lpm_test_cases[] = {
	KUNIT_CASE(rtm_lpm_ipv4_boundaries),
	KUNIT_CASE(rtm_lpm_ipv6_boundaries),
	KUNIT_CASE(rtm_table_rejects_and_ignores),
	KUNIT_CASE_PARAM(rtm_table_random_matches_trie,
			 rtm_table_test_family_gen_params),
	{}
};

static struct kunit_suite rtm_lpm_test_suite = {
	.name = "rtm_lpm",
	.test_cases = rtm_lpm_test_cases,
};

kunit_test_suites(&rtm_lpm_test_suite);
