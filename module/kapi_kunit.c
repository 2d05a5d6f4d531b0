// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the in-kernel API (kapi.c): forwarding lookups with their
 * view fallback, exact lookups, and the events the writers send.
 *
 * KUnit runs these while rtm.ko is coming, before any pernet instance
 * exists, so each case builds an instance by hand (namespace NULL) and
 * calls the table-level lookups the exported ones wrap.
 */
#include <kunit/test.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/socket.h>

#include "entity.h"
#include "kapi.h"
#include "route.h"

#define RTM_KAPI_TEST_PROTOCOL	0x6b617069
#define RTM_KAPI_TEST_EVENTS	8

/**
 * struct rtm_kapi_event - one event as a callback saw it
 * @event: enum rtm_dest_event
 * @prefix_len: the destination's prefix length
 * @views: the event's views
 * @visible: whether an exact lookup from the callback showed the change
 */
struct rtm_kapi_event {
	unsigned long event;
	u8 prefix_len;
	u32 views;
	bool visible;
};

/**
 * struct rtm_kapi_test - what one case works on
 * @inst: a hand-built instance
 * @entity: an IPv4 entity registered on it
 * @nb: the case's callback on the rtm notifier chain
 * @events: the events of @inst's IPv4 table, in order
 * @num_events: used entries of @events (more are counted, not kept)
 */
struct rtm_kapi_test {
	struct rtm_instance inst;
	struct rtm_entity *entity;
	struct notifier_block nb;
	struct rtm_kapi_event events[RTM_KAPI_TEST_EVENTS];
	unsigned int num_events;
};

static struct rtm_table *rtm_kapi_test_table(struct rtm_kapi_test *t)
{
	return &t->inst.tables[RTM_FAMILY_IPV4];
}

static int rtm_kapi_test_event(struct notifier_block *nb, unsigned long event,
			       void *data)
{
	struct rtm_kapi_test *t = container_of(nb, struct rtm_kapi_test, nb);
	const struct rtm_dest_notifier_info *info = data;
	struct rtm_kapi_event *e;
	struct rtm_dest *found;

	/* Other suites' instances send events on the same chain. */
	if (info->dest->table != rtm_kapi_test_table(t))
		return NOTIFY_DONE;
	if (t->num_events++ >= RTM_KAPI_TEST_EVENTS)
		return NOTIFY_OK;
	rcu_read_lock();
	found = rtm_table_dest_exact(rtm_kapi_test_table(t), info->addr,
				     info->prefix_len);
	rcu_read_unlock();
	e = &t->events[t->num_events - 1];
	e->event = event;
	e->prefix_len = info->prefix_len;
	e->views = info->views;
	e->visible = event == RTM_DEST_REMOVED ? !found : found == info->dest;
	return NOTIFY_OK;
}

static int rtm_kapi_test_init(struct kunit *test)
{
	struct rtm_kapi_test *t;
	int err;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	rtm_instance_setup(&t->inst, NULL);
	test->priv = t;
	err = rtm_entity_register(&t->inst, AF_INET, RTM_KAPI_TEST_PROTOCOL, 0,
				  true, &t->entity);
	if (err)
		return err;
	t->nb.notifier_call = rtm_kapi_test_event;
	return rtm_register_notifier(&t->nb);
}

static void rtm_kapi_test_exit(struct kunit *test)
{
	struct rtm_kapi_test *t = test->priv;

	if (!t)
		return;
	if (t->nb.notifier_call)
		rtm_unregister_notifier(&t->nb);
	if (t->entity) {
		if (t->entity->registered)
			rtm_entity_withdraw(t->entity);
		rtm_obj_put(&t->entity->obj);
	}
	rtm_instance_teardown(&t->inst);
	rcu_barrier();
}

/* Add a route to @a.@b.0.0/@len, or update @update; the route. */
static struct rtm_rt *rtm_kapi_test_route(struct kunit *test, u8 a, u8 b,
					  u8 len, struct rtm_rt *update,
					  u32 preference, u32 views)
{
	struct rtm_kapi_test *t = test->priv;
	const u8 key[RTM_TRIE_MAX_KEY_BYTES] = { a, b };
	const struct rtm_route_target target = {
		.key = key,
		.prefix_len = len,
		.route = update,
		.change_flags = update ? 0 : RTM_ROUTE_CHG_NEW,
	};
	const struct rtm_route_params params = {
		.preference = preference,
		.metric = 1,
		.views = views,
	};
	struct rtm_rt *route = NULL;
	u32 changed;
	int err;

	mutex_lock(&t->inst.lock);
	err = rtm_route_add(t->entity, &target, &params, NULL, &changed,
			    &route);
	mutex_unlock(&t->inst.lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	return route;
}

static void rtm_kapi_test_unlink(struct kunit *test, struct rtm_rt *route)
{
	struct rtm_kapi_test *t = test->priv;

	mutex_lock(&t->inst.lock);
	rtm_route_unlink(route, NULL);
	mutex_unlock(&t->inst.lock);
}

/* rtm_table_fib_lookup() of @a.@b.@c.@d; its error, prefix length in *@len. */
static int rtm_kapi_test_lookup(struct kunit *test, u8 a, u8 b, u8 c, u8 d,
				u32 view, u8 *len)
{
	struct rtm_kapi_test *t = test->priv;
	const u8 addr[RTM_TRIE_MAX_KEY_BYTES] = { a, b, c, d };
	struct rtm_fwd_result res = {};
	int err;

	rcu_read_lock();
	err = rtm_table_fib_lookup(rtm_kapi_test_table(t), addr, view, &res);
	rcu_read_unlock();
	*len = err ? 0xff : res.prefix_len;
	return err;
}

/* The longest match with a route in the view, past those without. */
static void rtm_kapi_fib_lookup_view_fallback(struct kunit *test)
{
	struct rtm_kapi_test *t = test->priv;
	const u8 host[RTM_TRIE_MAX_KEY_BYTES] = { 10, 1, 2, 3 };
	struct rtm_dest *dest;
	u8 len;

	rtm_kapi_test_route(test, 10, 0, 8, NULL, 1, BIT(RTM_VIEW_UCAST));
	rtm_kapi_test_route(test, 10, 1, 16, NULL, 1, BIT(RTM_VIEW_MCAST));
	rtm_kapi_test_route(test, 10, 1, 24, NULL, 1, BIT(RTM_VIEW_MCAST));

	KUNIT_EXPECT_EQ(test, rtm_kapi_test_lookup(test, 10, 1, 0, 3,
						   RTM_VIEW_MCAST, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 24);
	KUNIT_EXPECT_EQ(test, rtm_kapi_test_lookup(test, 10, 1, 1, 3,
						   RTM_VIEW_MCAST, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 16);
	KUNIT_EXPECT_EQ(test, rtm_kapi_test_lookup(test, 10, 1, 0, 3,
						   RTM_VIEW_UCAST, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 8);
	KUNIT_EXPECT_EQ(test, rtm_kapi_test_lookup(test, 10, 2, 0, 3,
						   RTM_VIEW_MCAST, &len),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, rtm_kapi_test_lookup(test, 11, 0, 0, 1,
						   RTM_VIEW_UCAST, &len),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, rtm_kapi_test_lookup(test, 10, 1, 0, 3,
						   RTM_NUM_VIEWS, &len),
			-EINVAL);

	/* Exact lookups ignore host bits and refuse lengths past the family's. */
	rcu_read_lock();
	dest = rtm_table_dest_exact(rtm_kapi_test_table(t), host, 16);
	KUNIT_EXPECT_NOT_NULL(test, dest);
	if (dest)
		KUNIT_EXPECT_EQ(test, dest->prefix_len, 16);
	KUNIT_EXPECT_NULL(test, rtm_table_dest_exact(rtm_kapi_test_table(t),
						     host, 17));
	KUNIT_EXPECT_NULL(test, rtm_table_dest_exact(rtm_kapi_test_table(t),
						     host, 33));
	rcu_read_unlock();
}

/* Added, changed (another best, the best updated), removed; in order. */
static void rtm_kapi_notifier_sends_events(struct kunit *test)
{
	static const struct rtm_kapi_event want[] = {
		{ RTM_DEST_ADDED, 16, BIT(RTM_VIEW_UCAST), true },
		{ RTM_DEST_CHANGED, 16, BIT(RTM_VIEW_UCAST), true },
		{ RTM_DEST_CHANGED, 16, BIT(RTM_VIEW_UCAST) |
					BIT(RTM_VIEW_MCAST), true },
		{ RTM_DEST_CHANGED, 16, BIT(RTM_VIEW_UCAST) |
					BIT(RTM_VIEW_MCAST), true },
		{ RTM_DEST_CHANGED, 16, BIT(RTM_VIEW_UCAST), true },
		{ RTM_DEST_REMOVED, 16, BIT(RTM_VIEW_UCAST), true },
	};
	struct rtm_kapi_test *t = test->priv;
	struct rtm_rt *second;
	unsigned int i;

	rtm_kapi_test_route(test, 10, 5, 16, NULL, 5, BIT(RTM_VIEW_UCAST));
	second = rtm_kapi_test_route(test, 10, 5, 16, NULL, 2,
				     BIT(RTM_VIEW_UCAST));
	/* A worse route is no change to a forwarder. */
	rtm_kapi_test_route(test, 10, 5, 16, NULL, 9, BIT(RTM_VIEW_UCAST));
	rtm_kapi_test_route(test, 10, 5, 16, second, 3,
			    BIT(RTM_VIEW_UCAST) | BIT(RTM_VIEW_MCAST));
	/* Both views lose their best route; the multicast one its last. */
	rtm_kapi_test_unlink(test, second);
	/* The best route goes first, then the last one. */
	rtm_entity_withdraw(t->entity);

	KUNIT_ASSERT_EQ(test, t->num_events, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		KUNIT_EXPECT_EQ_MSG(test, t->events[i].event, want[i].event,
				    "event %u", i);
		KUNIT_EXPECT_EQ_MSG(test, t->events[i].prefix_len,
				    want[i].prefix_len, "event %u", i);
		KUNIT_EXPECT_EQ_MSG(test, t->events[i].views, want[i].views,
				    "event %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, t->events[i].visible,
				      "event %u", i);
	}
}

static struct kunit_case rtm_kapi_test_cases[] = {
	KUNIT_CASE(rtm_kapi_fib_lookup_view_fallback),
	KUNIT_CASE(rtm_kapi_notifier_sends_events),
	{}
};

static struct kunit_suite rtm_kapi_test_suite = {
	.name = "rtm_kapi",
	.init = rtm_kapi_test_init,
	.exit = rtm_kapi_test_exit,
	.test_cases = rtm_kapi_test_cases,
};

kunit_test_suites(&rtm_kapi_test_suite);
