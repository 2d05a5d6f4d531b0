// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the enumeration walk: resuming by key while the table
 * changes.
 *
 * An enumeration keeps only the key of the last destination it returned
 * (enum.c) and asks rtm_trie_next() for the first key after it. The promise
 * to userspace: every destination present during the whole walk is
 * returned exactly once, in strictly increasing order, whatever is added
 * and deleted meanwhile. These cases hold a stable set of destinations
 * while routes of a churn set come and go, through the same route and
 * destination code the ioctls use, on a hand-built instance.
 *
 * rtm_enum_fetch() itself needs a struct rtm_file and user memory, which a
 * KUnit thread has not got; the kselftests cover it. Here the walk repeats
 * its steps: rtm_trie_next() from the cursor, several steps per RCU read
 * section, the cursor copied out of the section.
 */
#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "dest.h"
#include "entity.h"
#include "route.h"
#include "stats.h"

#define RTM_ENUM_TEST_STABLE		120
#define RTM_ENUM_TEST_CHURN		120
/* Walk steps per RCU read section, as many as rtm_enum_collect() takes. */
#define RTM_ENUM_TEST_STEPS_PER_SECTION	64
#define RTM_ENUM_TEST_CONCURRENT_WALKS	8

struct rtm_enum_test_prefix {
	u8 key[RTM_TRIE_MAX_KEY_BYTES];
	u8 len;
};

/**
 * struct rtm_enum_test_family - one parameter of the cases
 * @name: shown in the KTAP output
 * @family: AF_INET or AF_INET6
 * @max_len: 32 or 128
 * @varied_bits: leading bits random prefixes vary in; few, so that the
 *	stable and churn prefixes nest and interleave
 * @seed: for prandom
 */
struct rtm_enum_test_family {
	const char *name;
	u16 family;
	unsigned int max_len;
	unsigned int varied_bits;
	u64 seed;
};

static const struct rtm_enum_test_family rtm_enum_test_families[] = {
	{ "ipv4", AF_INET, 32, 12, 0xe7a0001 },
	{ "ipv6", AF_INET6, 128, 16, 0xe7a0002 },
};

static void rtm_enum_test_family_desc(const struct rtm_enum_test_family *f,
				      char *desc)
{
	strscpy(desc, f->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rtm_enum_test, rtm_enum_test_families,
		  rtm_enum_test_family_desc);

/**
 * struct rtm_enum_test - what one case works on
 * @inst: a hand-built instance (KUnit runs before module_init())
 * @entity: the entity owning every route
 * @table: @entity's table
 * @f: the parameter
 * @stable: prefixes routed for the whole walk
 * @stable_extra: a second route on a stable prefix, or NULL; it comes and
 *	goes, its destination stays
 * @churn: prefixes whose routes come and go during the walk
 * @churn_route: the route of a churn prefix while it is in the table
 * @writer_rnd: the writer's random state
 * @writer_ops: changes the writer made
 * @writer_progress: woken after each change of the writer thread
 * @stats_before: live-object counters before the case
 */
struct rtm_enum_test {
	struct rtm_instance inst;
	struct rtm_entity *entity;
	struct rtm_table *table;
	const struct rtm_enum_test_family *f;
	struct rtm_enum_test_prefix stable[RTM_ENUM_TEST_STABLE];
	struct rtm_rt *stable_extra[RTM_ENUM_TEST_STABLE];
	struct rtm_enum_test_prefix churn[RTM_ENUM_TEST_CHURN];
	struct rtm_rt *churn_route[RTM_ENUM_TEST_CHURN];
	struct rnd_state writer_rnd;
	atomic_t writer_ops;
	wait_queue_head_t writer_progress;
	long stats_before[RTM_STAT_MAX];
};

static long rtm_enum_test_live(struct rtm_enum_test *t, enum rtm_stat stat)
{
	return atomic_long_read(&rtm_stats[stat]) - t->stats_before[stat];
}

/* Key order of the trie: address bits, then length. */
static int rtm_enum_test_cmp(const struct rtm_enum_test *t,
			     const u8 *a, unsigned int a_len,
			     const u8 *b, unsigned int b_len)
{
	int diff = memcmp(a, b, t->table->addr_bytes);

	if (diff)
		return diff;
	return a_len < b_len ? -1 : a_len > b_len;
}

static int rtm_enum_test_find(const struct rtm_enum_test_prefix *set,
			      unsigned int n, const u8 *key, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (set[i].len == len &&
		    !memcmp(set[i].key, key, RTM_TRIE_MAX_KEY_BYTES))
			return i;
	return -1;
}

static u8 rtm_enum_test_mask_byte(unsigned int len, unsigned int i)
{
	if (len >= 8 * (i + 1))
		return 0xff;
	if (len <= 8 * i)
		return 0;
	return 0xff << (8 - len % 8);
}

/* A prefix in neither set yet, often nested in or above an earlier one. */
static void rtm_enum_test_new_prefix(struct rtm_enum_test *t,
				     struct rnd_state *rnd,
				     unsigned int nr_stable,
				     unsigned int nr_churn,
				     struct rtm_enum_test_prefix *p)
{
	const struct rtm_enum_test_family *f = t->f;
	u8 random[RTM_TRIE_MAX_KEY_BYTES];
	const struct rtm_enum_test_prefix *base;
	unsigned int i, pick;

	do {
		base = NULL;
		pick = prandom_u32_state(rnd);
		if (nr_stable + nr_churn && pick % 2) {
			pick = (pick >> 1) % (nr_stable + nr_churn);
			base = pick < nr_stable ? &t->stable[pick] :
						  &t->churn[pick - nr_stable];
		}
		p->len = prandom_u32_state(rnd) % (f->max_len + 1);
		prandom_bytes_state(rnd, random, sizeof(random));
		for (i = 0; i < RTM_TRIE_MAX_KEY_BYTES; i++) {
			u8 keep = base ? rtm_enum_test_mask_byte(base->len, i) : 0;

			random[i] &= rtm_enum_test_mask_byte(f->varied_bits, i);
			p->key[i] = ((base ? base->key[i] : 0) & keep) |
				    (random[i] & ~keep);
			p->key[i] &= rtm_enum_test_mask_byte(p->len, i);
		}
	} while (rtm_enum_test_find(t->stable, nr_stable, p->key, p->len) >= 0 ||
		 rtm_enum_test_find(t->churn, nr_churn, p->key, p->len) >= 0);
}

/* Add a route of the test entity; a second one on the prefix if @extra. */
static struct rtm_rt *rtm_enum_test_route_add(struct rtm_enum_test *t,
					      const struct rtm_enum_test_prefix *p,
					      bool extra)
{
	const struct rtm_route_target target = {
		.key = p->key,
		.prefix_len = p->len,
		.change_flags = extra ? RTM_ROUTE_CHG_NEW : 0,
	};
	const struct rtm_route_params params = {
		.preference = extra ? 2 : 1,
		.views = BIT(RTM_VIEW_UCAST),
	};
	struct rtm_rt *route;
	u32 changed;
	int err;

	mutex_lock(&t->inst.lock);
	err = rtm_route_add(t->entity, &target, &params, NULL, &changed,
			    &route);
	mutex_unlock(&t->inst.lock);
	return err ? NULL : route;
}

static void rtm_enum_test_route_unlink(struct rtm_enum_test *t,
				       struct rtm_rt *route)
{
	mutex_lock(&t->inst.lock);
	rtm_route_unlink(route, NULL);
	mutex_unlock(&t->inst.lock);
}

/*
 * One change: a churn prefix appears or goes, or a stable destination
 * gains or loses its second route.
 */
static void rtm_enum_test_change(struct rtm_enum_test *t, struct rnd_state *rnd)
{
	u32 pick = prandom_u32_state(rnd);
	unsigned int i;

	if (pick % 4 == 0) {
		i = (pick >> 2) % RTM_ENUM_TEST_STABLE;
		if (t->stable_extra[i]) {
			rtm_enum_test_route_unlink(t, t->stable_extra[i]);
			t->stable_extra[i] = NULL;
		} else {
			t->stable_extra[i] =
				rtm_enum_test_route_add(t, &t->stable[i], true);
		}
		return;
	}
	i = (pick >> 2) % RTM_ENUM_TEST_CHURN;
	if (t->churn_route[i]) {
		rtm_enum_test_route_unlink(t, t->churn_route[i]);
		t->churn_route[i] = NULL;
	} else {
		t->churn_route[i] = rtm_enum_test_route_add(t, &t->churn[i],
							    false);
	}
}

static int rtm_enum_test_init(struct kunit *test)
{
	const struct rtm_enum_test_family *f = test->param_value;
	struct rtm_enum_test *t;
	struct rnd_state rnd;
	unsigned int i;
	int err;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	test->priv = t;
	for (i = 0; i < RTM_STAT_MAX; i++)
		t->stats_before[i] = atomic_long_read(&rtm_stats[i]);
	t->f = f;
	rtm_instance_setup(&t->inst, NULL);
	init_waitqueue_head(&t->writer_progress);
	prandom_seed_state(&t->writer_rnd, f->seed + 1);

	err = rtm_entity_register(&t->inst, f->family, 1, 0, true, &t->entity);
	if (err)
		return err;
	t->table = t->entity->table;

	prandom_seed_state(&rnd, f->seed);
	for (i = 0; i < RTM_ENUM_TEST_STABLE; i++) {
		rtm_enum_test_new_prefix(t, &rnd, i, 0, &t->stable[i]);
		if (!rtm_enum_test_route_add(t, &t->stable[i], false))
			return -ENOMEM;
	}
	/* Half of the churn prefixes start in the table. */
	for (i = 0; i < RTM_ENUM_TEST_CHURN; i++) {
		rtm_enum_test_new_prefix(t, &rnd, RTM_ENUM_TEST_STABLE, i,
					 &t->churn[i]);
		if (i % 2)
			continue;
		t->churn_route[i] = rtm_enum_test_route_add(t, &t->churn[i],
							    false);
		if (!t->churn_route[i])
			return -ENOMEM;
	}
	return 0;
}

static void rtm_enum_test_exit(struct kunit *test)
{
	struct rtm_enum_test *t = test->priv;

	if (!t)
		return;
	if (t->entity) {
		if (t->entity->registered)
			rtm_entity_withdraw(t->entity);
		rtm_obj_put(&t->entity->obj);
	}
	rtm_instance_teardown(&t->inst);
	rcu_barrier();
}

/**
 * struct rtm_enum_test_walk - a walk in progress, and what it found
 * @key: the cursor: the last prefix returned
 * @len: its length
 * @started: whether @key is a returned prefix yet (else: start inclusive)
 * @ended: rtm_trie_next() found nothing after the cursor
 * @stable_seen: how often each stable prefix was returned
 * @steps: prefixes returned
 * @churn_seen: churn prefixes returned
 * @bad_order: steps that did not go strictly up
 * @bad_prefix: prefixes returned that were never in the table
 * @bad_dest: destinations whose own key was not the key returned
 */
struct rtm_enum_test_walk {
	u8 key[RTM_TRIE_MAX_KEY_BYTES];
	unsigned int len;
	bool started;
	bool ended;
	u8 stable_seen[RTM_ENUM_TEST_STABLE];
	unsigned int steps;
	unsigned int churn_seen;
	unsigned int bad_order;
	unsigned int bad_prefix;
	unsigned int bad_dest;
};

/* Up to @max steps of a walk in one RCU read section. */
static void rtm_enum_test_steps(struct rtm_enum_test *t,
				struct rtm_enum_test_walk *w, unsigned int max)
{
	u8 key[RTM_TRIE_MAX_KEY_BYTES];
	struct rtm_dest *dest;
	unsigned int len;
	int i;

	rcu_read_lock();
	while (max-- && !w->ended) {
		memset(key, 0, sizeof(key));
		dest = rtm_trie_next(&t->table->trie, w->key, w->len,
				     !w->started, key, &len);
		if (!dest) {
			w->ended = true;
			break;
		}
		if (dest->prefix_len != len ||
		    memcmp(dest->key, key, t->table->addr_bytes))
			w->bad_dest++;
		if (w->started &&
		    rtm_enum_test_cmp(t, key, len, w->key, w->len) <= 0)
			w->bad_order++;
		i = rtm_enum_test_find(t->stable, RTM_ENUM_TEST_STABLE, key, len);
		if (i >= 0)
			w->stable_seen[i]++;
		else if (rtm_enum_test_find(t->churn, RTM_ENUM_TEST_CHURN, key,
					    len) >= 0)
			w->churn_seen++;
		else
			w->bad_prefix++;
		memcpy(w->key, key, sizeof(key));
		w->len = len;
		w->started = true;
		w->steps++;
	}
	rcu_read_unlock();
}

static void rtm_enum_test_check_walk(struct kunit *test,
				     const struct rtm_enum_test_walk *w)
{
	unsigned int i, missed = 0, repeated = 0;

	for (i = 0; i < RTM_ENUM_TEST_STABLE; i++) {
		missed += w->stable_seen[i] == 0;
		repeated += w->stable_seen[i] > 1;
	}
	KUNIT_EXPECT_TRUE(test, w->ended);
	KUNIT_EXPECT_EQ(test, missed, 0U);
	KUNIT_EXPECT_EQ(test, repeated, 0U);
	KUNIT_EXPECT_EQ(test, w->bad_order, 0U);
	KUNIT_EXPECT_EQ(test, w->bad_prefix, 0U);
	KUNIT_EXPECT_EQ(test, w->bad_dest, 0U);
	KUNIT_EXPECT_EQ(test, w->steps, RTM_ENUM_TEST_STABLE + w->churn_seen);
}

/* Delete the whole table through the entity; no object may remain. */
static void rtm_enum_test_check_teardown(struct kunit *test,
					 struct rtm_enum_test *t)
{
	rtm_entity_withdraw(t->entity);
	KUNIT_EXPECT_EQ(test, t->table->trie.nr_entries, 0UL);
	KUNIT_EXPECT_EQ(test, rtm_enum_test_live(t, RTM_STAT_ROUTES), 0);
	KUNIT_EXPECT_EQ(test, rtm_enum_test_live(t, RTM_STAT_DESTS), 0);
}

/*
 * Between two steps the table changes, often right at the cursor: the
 * walk then resumes from a key that is no longer in the table.
 */
static void rtm_enum_walk_resumes_between_changes(struct kunit *test)
{
	struct rtm_enum_test *t = test->priv;
	struct rtm_enum_test_walk *w;
	unsigned int changes, absent_cursors = 0;
	struct rnd_state rnd;
	int i;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	prandom_seed_state(&rnd, t->f->seed + 2);
	while (!w->ended) {
		rtm_enum_test_steps(t, w, 1 + prandom_u32_state(&rnd) % 3);
		for (changes = prandom_u32_state(&rnd) % 4; changes; changes--)
			rtm_enum_test_change(t, &rnd);
		/* Pull the cursor's own destination away now and then. */
		i = rtm_enum_test_find(t->churn, RTM_ENUM_TEST_CHURN, w->key,
				       w->len);
		if (w->started && i >= 0 && t->churn_route[i] &&
		    prandom_u32_state(&rnd) % 2) {
			rtm_enum_test_route_unlink(t, t->churn_route[i]);
			t->churn_route[i] = NULL;
			absent_cursors++;
		}
	}
	rtm_enum_test_check_walk(test, w);
	/* The seed must give the walk the situations it is about. */
	KUNIT_EXPECT_GT(test, absent_cursors, 0U);
	KUNIT_EXPECT_GT(test, w->churn_seen, 0U);
	rtm_enum_test_check_teardown(test, t);
}

static int rtm_enum_test_writer_fn(void *data)
{
	struct rtm_enum_test *t = data;

	while (!kthread_should_stop()) {
		rtm_enum_test_change(t, &t->writer_rnd);
		atomic_inc(&t->writer_ops);
		wake_up(&t->writer_progress);
		cond_resched();
	}
	return 0;
}

/*
 * A writer thread changes the table while walks run. Each walk holds its
 * read section over several steps, as a fetch does, and waits for the
 * writer to make progress between sections, so changes land both inside
 * and between the sections; the result must not depend on where.
 */
static void rtm_enum_walk_survives_concurrent_writer(struct kunit *test)
{
	struct rtm_enum_test *t = test->priv;
	struct rtm_enum_test_walk *w;
	struct task_struct *writer;
	unsigned int walk;
	int ops;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	writer = kthread_run(rtm_enum_test_writer_fn, t, "rtm_kunit_writer");
	KUNIT_ASSERT_FALSE(test, IS_ERR(writer));

	for (walk = 0; walk < RTM_ENUM_TEST_CONCURRENT_WALKS; walk++) {
		memset(w, 0, sizeof(*w));
		while (!w->ended) {
			ops = atomic_read(&t->writer_ops);
			rtm_enum_test_steps(t, w,
					    RTM_ENUM_TEST_STEPS_PER_SECTION);
			wait_event(t->writer_progress,
				   atomic_read(&t->writer_ops) != ops);
		}
		rtm_enum_test_check_walk(test, w);
	}
	kthread_stop(writer);
	ops = atomic_read(&t->writer_ops);
	KUNIT_EXPECT_GT(test, ops, 0);
	kunit_info(test, "%u walks, %d concurrent changes\n",
		   RTM_ENUM_TEST_CONCURRENT_WALKS, ops);
	rtm_enum_test_check_teardown(test, t);
}

static struct kunit_case rtm_enum_test_cases[] = {
	KUNIT_CASE_PARAM(rtm_enum_walk_resumes_between_changes,
			 rtm_enum_test_gen_params),
	KUNIT_CASE_PARAM(rtm_enum_walk_survives_concurrent_writer,
			 rtm_enum_test_gen_params),
	{}
};

static struct kunit_suite rtm_enum_test_suite = {
	.name = "rtm_enum",
	.init = rtm_enum_test_init,
	.exit = rtm_enum_test_exit,
	.test_cases = rtm_enum_test_cases,
};

kunit_test_suites(&rtm_enum_test_suite);
