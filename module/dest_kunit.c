// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of destinations, routes and their lifetimes (dest.c,
 * route.c, entity.c).
 *
 * KUnit runs a module's suites while the module is coming, before
 * module_init(), so no pernet instance exists yet: each case builds a
 * struct rtm_instance by hand, the way rtm_net_init() does, with two
 * entities registered on it.
 *
 * The lifetime cases follow mm/kfence/kfence_test.c: a reader inside
 * rcu_read_lock() keeps using a destination after the writer unlinked it
 * and dropped the last reference; only after the grace period may the
 * memory go. A kfree() in place of kfree_rcu() makes KASAN report the
 * reader's access, which fails the case.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/rcupdate.h>
#include <linux/socket.h>
#include <linux/string.h>

#include "dest.h"
#include "entity.h"
#include "handles.h"
#include "nexthop.h"
#include "route.h"
#include "stats.h"

#define RTM_DEST_TEST_PROTOCOL	7

/**
 * struct rtm_dest_test - what one case works on
 * @inst: a hand-built instance
 * @entity: an IPv4 entity registered on @inst
 * @other: a second IPv4 entity (another protocol)
 * @handles: a handle table, as a file would hold
 * @stats_before: the live-object counters before the case
 */
struct rtm_dest_test {
	struct rtm_instance inst;
	struct rtm_entity *entity;
	struct rtm_entity *other;
	struct rtm_handles handles;
	long stats_before[RTM_STAT_MAX];
};

static const u8 rtm_dest_test_net10[RTM_TRIE_MAX_KEY_BYTES] = { 10 };

static long rtm_dest_test_stat(enum rtm_stat stat)
{
	return atomic_long_read(&rtm_stats[stat]);
}

/* How many more objects of @stat are alive than before the case. */
static long rtm_dest_test_live(struct kunit *test, enum rtm_stat stat)
{
	struct rtm_dest_test *t = test->priv;

	return rtm_dest_test_stat(stat) - t->stats_before[stat];
}

static int rtm_dest_test_init(struct kunit *test)
{
	struct rtm_dest_test *t;
	int i, err;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < RTM_STAT_MAX; i++)
		t->stats_before[i] = rtm_dest_test_stat(i);

	rtm_instance_setup(&t->inst, NULL);
	rtm_handles_init(&t->handles, U32_MAX);
	test->priv = t;

	err = rtm_entity_register(&t->inst, AF_INET, RTM_DEST_TEST_PROTOCOL, 0,
				  true, &t->entity);
	if (err)
		return err;
	return rtm_entity_register(&t->inst, AF_INET,
				   RTM_DEST_TEST_PROTOCOL + 1, 0, true,
				   &t->other);
}

static void rtm_dest_test_put_entity(struct rtm_entity *entity)
{
	if (!entity)
		return;
	if (entity->registered)
		rtm_entity_withdraw(entity);
	rtm_obj_put(&entity->obj);
}

static void rtm_dest_test_exit(struct kunit *test)
{
	struct rtm_dest_test *t = test->priv;

	if (!t)
		return;
	rtm_dest_test_put_entity(t->entity);
	rtm_dest_test_put_entity(t->other);
	rtm_handles_destroy(&t->handles);
	rtm_instance_teardown(&t->inst);
	/* The objects wait for a grace period; let them go before the next case. */
	rcu_barrier();
}

/* Add (or update) a route of @owner to 10.0.0.0/8. */
static struct rtm_rt *rtm_dest_test_add(struct kunit *test,
					struct rtm_entity *owner,
					struct rtm_rt *update, u32 change_flags,
					u32 preference, u32 metric, u32 views,
					struct rtm_handles *want_handle,
					u32 *changed)
{
	const struct rtm_route_target target = {
		.key = rtm_dest_test_net10,
		.prefix_len = 8,
		.route = update,
		.change_flags = change_flags,
	};
	const struct rtm_route_params params = {
		.preference = preference,
		.metric = metric,
		.views = views,
	};
	struct rtm_rt *route = NULL;
	u32 unused;
	int err;

	mutex_lock(&owner->inst->lock);
	err = rtm_route_add(owner, &target, &params, want_handle,
			    changed ?: &unused, &route);
	mutex_unlock(&owner->inst->lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_NOT_NULL(test, route);
	return route;
}

static void rtm_dest_test_unlink(struct rtm_rt *route, u32 *changed)
{
	struct rtm_instance *inst = route->owner->inst;

	mutex_lock(&inst->lock);
	rtm_route_unlink(route, changed);
	mutex_unlock(&inst->lock);
}

static struct rtm_dest *rtm_dest_test_lookup(struct rtm_dest_test *t)
{
	struct rtm_dest *dest;

	mutex_lock(&t->inst.lock);
	dest = rtm_dest_lookup(&t->inst.tables[RTM_FAMILY_IPV4],
			       rtm_dest_test_net10, 8);
	mutex_unlock(&t->inst.lock);
	return dest;
}

static void rtm_entity_register_claims_ids(struct kunit *test)
{
	struct rtm_dest_test *t = test->priv;
	struct rtm_entity *entity = NULL;

	KUNIT_EXPECT_EQ(test, rtm_entity_register(&t->inst, AF_INET,
						  RTM_DEST_TEST_PROTOCOL, 0,
						  true, &entity), -EEXIST);
	KUNIT_EXPECT_EQ(test, rtm_entity_register(&t->inst, AF_UNIX,
						  RTM_DEST_TEST_PROTOCOL, 9,
						  true, &entity), -EINVAL);
	KUNIT_EXPECT_NULL(test, entity);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ENTITIES), 2);

	/* Other family, or no claim: no conflict. */
	KUNIT_ASSERT_EQ(test, rtm_entity_register(&t->inst, AF_INET6,
						  RTM_DEST_TEST_PROTOCOL, 0,
						  true, &entity), 0);
	rtm_dest_test_put_entity(entity);
	KUNIT_ASSERT_EQ(test, rtm_entity_register(&t->inst, AF_INET,
						  RTM_DEST_TEST_PROTOCOL, 0,
						  false, &entity), 0);
	rtm_dest_test_put_entity(entity);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ENTITIES), 2);
}

/* Best per view: lowest preference, then lowest metric, then oldest. */
static void rtm_dest_update_best_ranks_routes(struct kunit *test)
{
	struct rtm_dest_test *t = test->priv;
	struct rtm_rt *r1, *r2, *r3, *r4;
	struct rtm_dest *dest;
	u32 changed;

	r1 = rtm_dest_test_add(test, t->entity, NULL, 0, 10, 5,
			       RTM_VIEWS_SUPPORTED, NULL, &changed);
	KUNIT_EXPECT_EQ(test, changed, RTM_ROUTE_CHG_NEW | RTM_ROUTE_CHG_BEST);
	dest = r1->dest;
	KUNIT_EXPECT_PTR_EQ(test, rtm_dest_test_lookup(t), dest);

	/* A tie: the older route stays best. */
	r2 = rtm_dest_test_add(test, t->other, NULL, 0, 10, 5,
			       RTM_VIEWS_SUPPORTED, NULL, &changed);
	KUNIT_EXPECT_EQ(test, changed, RTM_ROUTE_CHG_NEW);
	KUNIT_EXPECT_PTR_EQ(test, r2->dest, dest);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(dest->best[0]), r1);

	/* Preference beats metric. */
	r3 = rtm_dest_test_add(test, t->other, NULL, RTM_ROUTE_CHG_NEW, 5, 100,
			       BIT(RTM_VIEW_UCAST), NULL, &changed);
	KUNIT_EXPECT_EQ(test, changed, RTM_ROUTE_CHG_NEW | RTM_ROUTE_CHG_BEST);
	KUNIT_EXPECT_PTR_NE(test, r3, r2);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(dest->best[0]), r3);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(dest->best[1]), r1);

	/* Metric decides between equal preferences; views are separate. */
	r4 = rtm_dest_test_add(test, t->entity, NULL, RTM_ROUTE_CHG_NEW, 5, 1,
			       BIT(RTM_VIEW_MCAST), NULL, &changed);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(dest->best[0]), r3);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(dest->best[1]), r4);
	KUNIT_EXPECT_EQ(test, dest->num_routes[0], 3U);
	KUNIT_EXPECT_EQ(test, dest->num_routes[1], 3U);
	KUNIT_EXPECT_EQ(test, dest->views, (u32)RTM_VIEWS_SUPPORTED);

	/* An update re-ranks the route. */
	rtm_dest_test_add(test, t->other, r3, 0, 20, 100, BIT(RTM_VIEW_UCAST),
			  NULL, &changed);
	KUNIT_EXPECT_EQ(test, changed, RTM_ROUTE_CHG_BEST);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(dest->best[0]), r1);

	rtm_dest_test_unlink(r1, &changed);
	KUNIT_EXPECT_EQ(test, changed, RTM_ROUTE_CHG_BEST);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(dest->best[0]), r2);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(dest->best[1]), r4);
	rtm_dest_test_unlink(r3, &changed);
	KUNIT_EXPECT_EQ(test, changed, 0U);
	KUNIT_EXPECT_EQ(test, dest->num_routes[0], 1U);
	KUNIT_EXPECT_EQ(test, dest->num_routes[1], 2U);
}

/* The destination is in the table exactly while it has routes. */
static void rtm_dest_leaves_table_with_last_route(struct kunit *test)
{
	struct rtm_dest_test *t = test->priv;
	struct rtm_rt *r1, *r2;

	r1 = rtm_dest_test_add(test, t->entity, NULL, 0, 1, 1,
			       BIT(RTM_VIEW_UCAST), NULL, NULL);
	r2 = rtm_dest_test_add(test, t->other, NULL, 0, 1, 1,
			       BIT(RTM_VIEW_UCAST), NULL, NULL);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_DESTS), 1);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ROUTES), 2);

	rtm_dest_test_unlink(r1, NULL);
	KUNIT_EXPECT_PTR_EQ(test, rtm_dest_test_lookup(t), r2->dest);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ROUTES), 1);

	rtm_dest_test_unlink(r2, NULL);
	KUNIT_EXPECT_NULL(test, rtm_dest_test_lookup(t));
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_DESTS), 0);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ROUTES), 0);
	KUNIT_EXPECT_EQ(test, t->inst.tables[RTM_FAMILY_IPV4].trie.nr_entries,
			0UL);
}

/**
 * struct rtm_dest_reader - a reader thread and what it saw
 * @test: the case the thread belongs to
 * @trie: the trie it looks the destination up in
 * @looked_up: completed once the reader holds the destination
 * @finished: completed when the reader left its critical section
 * @writer_done: set by the writer after the destination was put
 * @dest: what the lookup found
 * @tryget_worked: a reference could be taken after the put
 * @prefix_len: the destination's prefix length, read after the put
 * @id: its id, read after the put
 * @still_in_trie: the destination could still be looked up after the put
 */
struct rtm_dest_reader {
	struct kunit *test;
	struct rtm_trie *trie;
	struct completion looked_up;
	struct completion finished;
	bool writer_done;
	struct rtm_dest *dest;
	bool tryget_worked;
	u8 prefix_len;
	u32 id;
	bool still_in_trie;
};

static int rtm_dest_reader_fn(void *data)
{
	struct rtm_dest_reader *r = data;
	struct rtm_dest *dest;

	/* A KASAN report in this thread then fails the case, as in its own. */
	current->kunit_test = r->test;
	rcu_read_lock();
	dest = rtm_trie_lookup_exact(r->trie, rtm_dest_test_net10, 8);
	r->dest = dest;
	complete(&r->looked_up);
	if (dest) {
		/*
		 * Preemptible RCU lets the writer run meanwhile, on this CPU
		 * or another; it only waits for a flag, never for time.
		 */
		while (!READ_ONCE(r->writer_done))
			cpu_relax();
		r->still_in_trie = !!rtm_trie_lookup_exact(r->trie,
							   rtm_dest_test_net10,
							   8);
		r->tryget_worked = rtm_obj_tryget(&dest->obj);
		r->prefix_len = READ_ONCE(dest->prefix_len);
		r->id = READ_ONCE(dest->obj.id);
	}
	rcu_read_unlock();
	if (r->tryget_worked)
		rtm_obj_put(&dest->obj);
	current->kunit_test = NULL;
	complete(&r->finished);
	return 0;
}

/*
 * A reader in its own thread, the way enumerations run, keeps the
 * destination it found readable while the writer unlinks it, and cannot
 * take a reference any more. (The writer may sleep: the LPM index frees its
 * nodes with kvfree_rcu_mightsleep(), so it cannot run inside the reader's
 * critical section as an earlier single-thread case did.)
 */
static void rtm_dest_concurrent_reader_keeps_unlinked_dest(struct kunit *test)
{
	struct rtm_dest_test *t = test->priv;
	struct rtm_dest_reader *r;
	struct task_struct *task;
	struct rtm_dest *dest;
	struct rtm_rt *route;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->test = test;
	r->trie = &t->inst.tables[RTM_FAMILY_IPV4].trie;
	init_completion(&r->looked_up);
	init_completion(&r->finished);
	route = rtm_dest_test_add(test, t->entity, NULL, 0, 1, 1,
				  BIT(RTM_VIEW_UCAST), NULL, NULL);
	dest = route->dest;

	task = kthread_run(rtm_dest_reader_fn, r, "rtm_kunit_reader");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* No assertion from here on: the reader waits for writer_done. */
	wait_for_completion(&r->looked_up);
	rtm_dest_test_unlink(route, NULL);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_DESTS), 0);
	WRITE_ONCE(r->writer_done, true);
	wait_for_completion(&r->finished);

	KUNIT_EXPECT_PTR_EQ(test, r->dest, dest);
	KUNIT_EXPECT_FALSE(test, r->still_in_trie);
	KUNIT_EXPECT_FALSE(test, r->tryget_worked);
	KUNIT_EXPECT_EQ(test, r->prefix_len, 8);
	rcu_barrier();
	KUNIT_EXPECT_NULL(test, rtm_obj_find(r->id));
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_DESTS), 0);
}

/*
 * A handle to a route keeps the route, and through it the destination,
 * after both left the table: a file can still read a deleted route.
 */
static void rtm_route_handle_outlives_unlink(struct kunit *test)
{
	struct rtm_dest_test *t = test->priv;
	struct rtm_dest *dest;
	struct rtm_rt *route;
	u64 handle;

	route = rtm_dest_test_add(test, t->entity, NULL, 0, 1, 1,
				  BIT(RTM_VIEW_UCAST), &t->handles, NULL);
	handle = rtm_obj_handle(&route->obj);
	dest = route->dest;
	KUNIT_EXPECT_PTR_EQ(test, rtm_handles_lookup(&t->handles, handle,
						     RTM_HANDLE_ROUTE),
			    &route->obj);

	rtm_dest_test_unlink(route, NULL);
	KUNIT_EXPECT_NULL(test, rtm_dest_test_lookup(t));
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ROUTES), 1);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_DESTS), 1);
	KUNIT_EXPECT_PTR_EQ(test, rtm_handles_lookup(&t->handles, handle,
						     RTM_HANDLE_ROUTE),
			    &route->obj);
	KUNIT_EXPECT_EQ(test, READ_ONCE(route->state), RTM_ROUTE_STATE_DELETED);
	KUNIT_EXPECT_PTR_EQ(test, route->dest, dest);
	KUNIT_EXPECT_EQ(test, dest->prefix_len, 8);
	KUNIT_EXPECT_TRUE(test, list_empty(&dest->routes));

	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, &handle, 1,
						  RTM_HANDLE_ROUTE), 0);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ROUTES), 0);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_DESTS), 0);
	rcu_barrier();
}

/* Withdrawal takes the entity's routes with it, other entities' stay. */
static void rtm_entity_withdraw_removes_routes(struct kunit *test)
{
	struct rtm_dest_test *t = test->priv;
	struct rtm_rt *kept;

	rtm_dest_test_add(test, t->entity, NULL, 0, 1, 1, BIT(RTM_VIEW_UCAST),
			  NULL, NULL);
	kept = rtm_dest_test_add(test, t->other, NULL, 0, 2, 1,
				 BIT(RTM_VIEW_UCAST), NULL, NULL);
	rtm_dest_test_add(test, t->entity, NULL, RTM_ROUTE_CHG_NEW, 3, 1,
			  BIT(RTM_VIEW_UCAST), NULL, NULL);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ROUTES), 3);

	rtm_entity_withdraw(t->entity);
	KUNIT_EXPECT_FALSE(test, t->entity->registered);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ROUTES), 1);
	KUNIT_EXPECT_PTR_EQ(test, rtm_dest_test_lookup(t), kept->dest);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(kept->dest->best[0]), kept);

	rtm_entity_withdraw(t->other);
	KUNIT_EXPECT_NULL(test, rtm_dest_test_lookup(t));
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ROUTES), 0);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_DESTS), 0);
	/* The entities live on while referenced (here: by the test). */
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ENTITIES), 2);
}

/* An entity at its cap of routes: a new route is refused, updates are not. */
static void rtm_route_add_beyond_entity_cap_is_edquot(struct kunit *test)
{
	struct rtm_dest_test *t = test->priv;
	const struct rtm_route_target target = {
		.key = rtm_dest_test_net10,
		.prefix_len = 8,
		.change_flags = RTM_ROUTE_CHG_NEW,
	};
	const struct rtm_route_params params = { .views = 1 };
	struct rtm_rt *route, *refused = NULL;
	u32 changed;
	int err;

	t->entity->max_routes = 1;
	route = rtm_dest_test_add(test, t->entity, NULL, RTM_ROUTE_CHG_NEW,
				  1, 1, 1, NULL, NULL);
	mutex_lock(&t->inst.lock);
	err = rtm_route_add(t->entity, &target, &params, NULL, &changed,
			    &refused);
	mutex_unlock(&t->inst.lock);
	KUNIT_EXPECT_EQ(test, err, -EDQUOT);
	KUNIT_EXPECT_NULL(test, refused);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_ROUTES), 1);
	KUNIT_EXPECT_EQ(test, t->entity->nr_routes, 1U);

	/* Updating the route it has needs no room. */
	KUNIT_EXPECT_PTR_EQ(test, rtm_dest_test_add(test, t->entity, route, 0,
						    2, 2, 1, NULL, NULL),
			    route);
	/* Other entities have caps of their own. */
	rtm_dest_test_add(test, t->other, NULL, RTM_ROUTE_CHG_NEW, 1, 1, 1,
			  NULL, NULL);

	rtm_dest_test_unlink(route, NULL);
	KUNIT_EXPECT_EQ(test, t->entity->nr_routes, 0U);
	rtm_dest_test_add(test, t->entity, NULL, RTM_ROUTE_CHG_NEW, 1, 1, 1,
			  NULL, NULL);
	KUNIT_EXPECT_EQ(test, t->entity->nr_routes, 1U);
}

/* An entity at its cap of next hops: a new one is refused, updates are not. */
static void rtm_nexthop_add_beyond_entity_cap_is_edquot(struct kunit *test)
{
	struct rtm_dest_test *t = test->priv;
	const u8 addr[RTM_TRIE_MAX_KEY_BYTES] = { 192, 0, 2, 1 };
	const u8 other[RTM_TRIE_MAX_KEY_BYTES] = { 192, 0, 2, 2 };
	struct rtm_nexthop_params params = {
		.addr = addr,
		.prefix_len = 32,
	};
	struct rtm_nh *nh, *refused = NULL;
	bool created;

	t->entity->max_nexthops = 1;
	mutex_lock(&t->inst.lock);
	KUNIT_EXPECT_EQ(test, rtm_nexthop_add(t->entity, NULL, &params, &nh,
					      &created), 0);
	KUNIT_EXPECT_TRUE(test, created);
	params.nh_flags = 1;
	KUNIT_EXPECT_EQ(test, rtm_nexthop_add(t->entity, NULL, &params, &nh,
					      &created), 0);
	KUNIT_EXPECT_FALSE(test, created);
	params.addr = other;
	KUNIT_EXPECT_EQ(test, rtm_nexthop_add(t->entity, NULL, &params,
					      &refused, &created), -EDQUOT);
	KUNIT_EXPECT_NULL(test, refused);
	KUNIT_EXPECT_EQ(test, rtm_dest_test_live(test, RTM_STAT_NEXTHOPS), 1);

	rtm_nexthop_unlink(nh);
	KUNIT_EXPECT_EQ(test, t->entity->nr_nexthops, 0U);
	KUNIT_EXPECT_EQ(test, rtm_nexthop_add(t->entity, NULL, &params, &nh,
					      &created), 0);
	KUNIT_EXPECT_EQ(test, t->entity->nr_nexthops, 1U);
	mutex_unlock(&t->inst.lock);
}

static struct kunit_case rtm_dest_test_cases[] = {
	KUNIT_CASE(rtm_entity_register_claims_ids),
	KUNIT_CASE(rtm_dest_update_best_ranks_routes),
	KUNIT_CASE(rtm_dest_leaves_table_with_last_route),
	KUNIT_CASE(rtm_dest_concurrent_reader_keeps_unlinked_dest),
	KUNIT_CASE(rtm_route_handle_outlives_unlink),
	KUNIT_CASE(rtm_entity_withdraw_removes_routes),
	KUNIT_CASE(rtm_route_add_beyond_entity_cap_is_edquot),
	KUNIT_CASE(rtm_nexthop_add_beyond_entity_cap_is_edquot),
	{}
};

static struct kunit_suite rtm_dest_test_suite = {
	.name = "rtm_dest",
	.init = rtm_dest_test_init,
	.exit = rtm_dest_test_exit,
	.test_cases = rtm_dest_test_cases,
};

kunit_test_suites(&rtm_dest_test_suite);
