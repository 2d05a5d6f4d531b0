// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the per-file handle tables (handles.c).
 *
 * The objects are bare struct rtm_obj headers with their own destructor,
 * so every reference a table takes or drops shows in the object's count,
 * and a wrong drop shows as an early free.
 */
#include <kunit/test.h>
#include <linux/hash.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "handles.h"
#include "stats.h"

#define RTM_HANDLES_TEST_OBJS	4

struct rtm_handles_test_obj {
	struct rtm_obj obj;
	unsigned int *freed;
};

/**
 * struct rtm_handles_test - what one case works on
 * @handles: the table under test, destroyed by the exit hook
 * @objs: test objects; the test keeps one reference on each
 * @freed: destructor calls seen, one per object
 * @handles_before: %RTM_STAT_HANDLES when the case started
 */
struct rtm_handles_test {
	struct rtm_handles handles;
	struct rtm_obj *objs[RTM_HANDLES_TEST_OBJS];
	unsigned int freed[RTM_HANDLES_TEST_OBJS];
	long handles_before;
};

static void rtm_handles_test_free(struct rtm_obj *obj)
{
	struct rtm_handles_test_obj *t =
		container_of(obj, struct rtm_handles_test_obj, obj);

	(*t->freed)++;
	kfree(t);
}

static long rtm_handles_stat(void)
{
	return atomic_long_read(&rtm_stats[RTM_STAT_HANDLES]);
}

/* Object @i of type @type, with one reference for the test. */
static struct rtm_obj *rtm_handles_test_new(struct kunit *test, unsigned int i,
					    enum rtm_handle_type type)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_handles_test_obj *o;

	o = kzalloc(sizeof(*o), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	o->freed = &t->freed[i];
	if (rtm_obj_init(&o->obj, type, rtm_handles_test_free)) {
		kfree(o);
		KUNIT_ASSERT_FAILURE(test, "no id for a test object");
	}
	t->objs[i] = &o->obj;
	return &o->obj;
}

/*
 * Times the table holds @obj. However many, its entry holds one reference
 * beside the test's own, and none without an entry.
 */
static unsigned int rtm_handles_test_holds(struct kunit *test,
					   const struct rtm_obj *obj)
{
	struct rtm_handles *handles = &((struct rtm_handles_test *)test->priv)->handles;
	unsigned int count = 0;
	u32 i;

	for (i = 0; handles->slots && i < 1U << handles->bits; i++)
		if (handles->slots[i].id == obj->id)
			count = handles->slots[i].count;
	KUNIT_EXPECT_EQ(test, refcount_read(&obj->ref), count ? 2 : 1);
	return count;
}

static int rtm_handles_test_init(struct kunit *test)
{
	struct rtm_handles_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	rtm_handles_init(&t->handles, U32_MAX);
	t->handles_before = rtm_handles_stat();
	test->priv = t;
	return 0;
}

static void rtm_handles_test_exit(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	unsigned int i;

	rtm_handles_destroy(&t->handles);
	for (i = 0; i < RTM_HANDLES_TEST_OBJS; i++)
		if (t->objs[i] && !t->freed[i])
			rtm_obj_put(t->objs[i]);
}

static void rtm_handles_hand_out_counts_each_hold(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *obj = rtm_handles_test_new(test, 0, RTM_HANDLE_ROUTE);
	u64 handle = rtm_obj_handle(obj);

	KUNIT_EXPECT_NULL(test, rtm_handles_lookup(&t->handles, handle,
						   RTM_HANDLE_ROUTE));
	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);
	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, obj), 2U);
	/* One table entry, however often the object is held. */
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before + 1);
	KUNIT_EXPECT_PTR_EQ(test, rtm_handles_lookup(&t->handles, handle,
						     RTM_HANDLE_ROUTE), obj);

	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, &handle, 1,
						  RTM_HANDLE_ROUTE), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, obj), 1U);
	KUNIT_EXPECT_PTR_EQ(test, rtm_handles_lookup(&t->handles, handle,
						     RTM_HANDLE_ROUTE), obj);
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before + 1);

	rtm_handles_drop(&t->handles, obj);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, obj), 0U);
	KUNIT_EXPECT_NULL(test, rtm_handles_lookup(&t->handles, handle,
						   RTM_HANDLE_ROUTE));
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before);
	KUNIT_EXPECT_EQ(test, t->freed[0], 0U);
}

/* A handle given back names nothing for the file, dead object or not. */
static void rtm_handles_lookup_refuses_stale(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *obj = rtm_handles_test_new(test, 0, RTM_HANDLE_DEST);
	u64 handle = rtm_obj_handle(obj);

	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);
	KUNIT_ASSERT_EQ(test, rtm_handles_release(&t->handles, &handle, 1,
						  RTM_HANDLE_ANY), 0);
	KUNIT_EXPECT_NULL(test, rtm_handles_lookup(&t->handles, handle,
						   RTM_HANDLE_DEST));
	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, &handle, 1,
						  RTM_HANDLE_ANY), -EBADF);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, obj), 0U);

	/* The object dies: its id is gone, and the handle still names nothing. */
	rtm_obj_put(obj);
	KUNIT_EXPECT_EQ(test, t->freed[0], 1U);
	KUNIT_EXPECT_NULL(test, rtm_obj_find((u32)handle));
	KUNIT_EXPECT_NULL(test, rtm_handles_lookup(&t->handles, handle,
						   RTM_HANDLE_DEST));
	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, &handle, 1,
						  RTM_HANDLE_ANY), -EBADF);
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before);
}

/* Values that are not handles of the table, next to the valid one. */
static void rtm_handles_lookup_refuses_forged(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *held = rtm_handles_test_new(test, 0, RTM_HANDLE_ROUTE);
	struct rtm_obj *other = rtm_handles_test_new(test, 1, RTM_HANDLE_ROUTE);
	u64 handle = rtm_obj_handle(held);
	const u64 forged[] = {
		0,
		handle ^ 1ULL << 56,			/* magic 0xd6 */
		handle & ~0xffffffffULL,		/* id 0 */
		handle | 1ULL << 32,			/* bits 32-47 */
		handle | 1ULL << 47,
		(handle & ~(0xffULL << 48)) | (u64)RTM_HANDLE_ENUM << 48,
		(handle & ~(0xffULL << 48)) | 0x77ULL << 48,
		rtm_obj_handle(other),			/* alive, not held */
		(u32)handle,				/* the bare id */
	};
	unsigned int i;

	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, held), 0);
	for (i = 0; i < ARRAY_SIZE(forged); i++) {
		KUNIT_EXPECT_NULL_MSG(test,
				      rtm_handles_lookup(&t->handles, forged[i],
							 RTM_HANDLE_ROUTE),
				      "forged %#llx", forged[i]);
		KUNIT_EXPECT_EQ_MSG(test,
				    rtm_handles_release(&t->handles, &forged[i],
							1, RTM_HANDLE_ANY),
				    -EBADF, "forged %#llx", forged[i]);
	}
	/* The type asked for must match the handle's type byte. */
	KUNIT_EXPECT_NULL(test, rtm_handles_lookup(&t->handles, handle,
						   RTM_HANDLE_NEXTHOP));
	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, &handle, 1,
						  RTM_HANDLE_DEST), -EBADF);

	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, held), 1U);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, other), 0U);
	KUNIT_EXPECT_PTR_EQ(test, rtm_handles_lookup(&t->handles, handle,
						     RTM_HANDLE_ROUTE), held);
}

/*
 * A destination's id under the route type byte: well formed, held by the
 * file, but the object is no route. The object's own type decides.
 */
static void rtm_handles_lookup_checks_real_type(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *dest = rtm_handles_test_new(test, 0, RTM_HANDLE_DEST);
	u64 handle = rtm_obj_handle(dest);
	u64 as_route = (handle & ~(0xffULL << 48)) |
		       (u64)RTM_HANDLE_ROUTE << 48;

	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, dest), 0);
	KUNIT_EXPECT_NULL(test, rtm_handles_lookup(&t->handles, as_route,
						   RTM_HANDLE_ROUTE));
	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, &as_route, 1,
						  RTM_HANDLE_ANY), -EBADF);
	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, &as_route, 1,
						  RTM_HANDLE_ROUTE), -EBADF);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, dest), 1U);
	KUNIT_EXPECT_PTR_EQ(test, rtm_handles_lookup(&t->handles, handle,
						     RTM_HANDLE_DEST), dest);
}

/* One bad element in the middle: nothing at all is released. */
static void rtm_handles_release_bad_middle_releases_nothing(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *a = rtm_handles_test_new(test, 0, RTM_HANDLE_ROUTE);
	struct rtm_obj *b = rtm_handles_test_new(test, 1, RTM_HANDLE_DEST);
	struct rtm_obj *stale = rtm_handles_test_new(test, 2, RTM_HANDLE_ROUTE);
	u64 batch[] = {
		rtm_obj_handle(a), rtm_obj_handle(b), rtm_obj_handle(stale),
		rtm_obj_handle(b),
	};

	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, a), 0);
	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, b), 0);
	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, b), 0);

	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, batch,
						  ARRAY_SIZE(batch),
						  RTM_HANDLE_ANY), -EBADF);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, a), 1U);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, b), 2U);
	KUNIT_EXPECT_PTR_EQ(test, rtm_handles_lookup(&t->handles, batch[0],
						     RTM_HANDLE_ROUTE), a);
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before + 2);

	/* A wrong type in the middle: the same. */
	batch[2] = rtm_obj_handle(a);
	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, batch,
						  ARRAY_SIZE(batch),
						  RTM_HANDLE_ROUTE), -EBADF);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, a), 1U);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, b), 2U);

	/* The table still works: the good elements go in one call. */
	batch[2] = rtm_obj_handle(b);
	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, batch, 3,
						  RTM_HANDLE_ANY), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, a), 0U);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, b), 0U);
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before);
	KUNIT_EXPECT_EQ(test, t->freed[0] + t->freed[1], 0U);
}

/* An element repeated more often than it is held fails the whole call. */
static void rtm_handles_release_repeats_beyond_count(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *obj = rtm_handles_test_new(test, 0, RTM_HANDLE_NEXTHOP);
	u64 handle = rtm_obj_handle(obj);
	const u64 three[] = { handle, handle, handle };

	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);
	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);

	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, three, 3,
						  RTM_HANDLE_NEXTHOP), -EBADF);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, obj), 2U);
	KUNIT_EXPECT_PTR_EQ(test, rtm_handles_lookup(&t->handles, handle,
						     RTM_HANDLE_NEXTHOP), obj);

	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, three, 2,
						  RTM_HANDLE_NEXTHOP), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, obj), 0U);
	KUNIT_EXPECT_NULL(test, rtm_handles_lookup(&t->handles, handle,
						   RTM_HANDLE_NEXTHOP));
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before);
}

/* Releasing the last holds of an object the file alone keeps frees it. */
static void rtm_handles_release_last_hold_frees(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *obj = rtm_handles_test_new(test, 0, RTM_HANDLE_ROUTE);
	u64 handle = rtm_obj_handle(obj);

	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);
	rtm_obj_put(obj);		/* the test's own reference */
	KUNIT_EXPECT_EQ(test, t->freed[0], 0U);
	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, &handle, 1,
						  RTM_HANDLE_ROUTE), 0);
	KUNIT_EXPECT_EQ(test, t->freed[0], 1U);
	KUNIT_EXPECT_NULL(test, rtm_obj_find((u32)handle));
}

/* A closing file gives back every entry, with its one reference. */
static void rtm_handles_destroy_drops_every_hold(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	unsigned int i, n;

	for (i = 0; i < RTM_HANDLES_TEST_OBJS; i++) {
		struct rtm_obj *obj = rtm_handles_test_new(test, i,
							   RTM_HANDLE_DEST);

		for (n = 0; n <= i; n++)
			KUNIT_ASSERT_EQ(test,
					rtm_handles_hand_out(&t->handles, obj),
					0);
	}
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(),
			t->handles_before + RTM_HANDLES_TEST_OBJS);
	rtm_handles_destroy(&t->handles);
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before);
	for (i = 0; i < RTM_HANDLES_TEST_OBJS; i++) {
		KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, t->objs[i]), 0U);
		KUNIT_EXPECT_EQ(test, t->freed[i], 0U);
	}
	/* The exit hook destroys the table again: an empty one. */
	rtm_handles_init(&t->handles, U32_MAX);
}

#define RTM_HANDLES_TEST_MANY	3000

/*
 * Thousands of entries, held 1 to 3 times each, given back in a seeded
 * random order and batch size: every entry stays findable with its exact
 * count while the table grows, probes past removed neighbours and shrinks,
 * and the emptied table is freed.
 */
static void rtm_handles_many_in_random_order(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rnd_state rnd;
	struct rtm_obj **objs;
	unsigned int *held, *freed, i, n, left = 0;
	u64 *batch;

	objs = kunit_kcalloc(test, RTM_HANDLES_TEST_MANY, sizeof(*objs), GFP_KERNEL);
	held = kunit_kcalloc(test, RTM_HANDLES_TEST_MANY, sizeof(*held), GFP_KERNEL);
	freed = kunit_kcalloc(test, RTM_HANDLES_TEST_MANY, sizeof(*freed), GFP_KERNEL);
	batch = kunit_kcalloc(test, 97, sizeof(*batch), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, objs && held && freed && batch);
	prandom_seed_state(&rnd, 42);

	for (i = 0; i < RTM_HANDLES_TEST_MANY; i++) {
		struct rtm_handles_test_obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, o);
		o->freed = &freed[i];
		KUNIT_ASSERT_EQ(test, rtm_obj_init(&o->obj, RTM_HANDLE_DEST,
						   rtm_handles_test_free), 0);
		objs[i] = &o->obj;	/* its first reference is the test's */
		for (n = 0; n <= i % 3; n++, left++, held[i]++)
			KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles,
								   objs[i]), 0);
	}
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(),
			t->handles_before + RTM_HANDLES_TEST_MANY);

	while (left) {
		unsigned int size = 1 + prandom_u32_state(&rnd) % 97;

		for (n = 0; n < size && n < left; n++) {
			do
				i = prandom_u32_state(&rnd) % RTM_HANDLES_TEST_MANY;
			while (!held[i]);
			batch[n] = rtm_obj_handle(objs[i]);
			held[i]--;
		}
		left -= n;
		KUNIT_ASSERT_EQ(test, rtm_handles_release(&t->handles, batch, n,
							  RTM_HANDLE_DEST), 0);
		for (i = 0; i < RTM_HANDLES_TEST_MANY; i++) {
			struct rtm_obj *found = rtm_handles_lookup(&t->handles,
					rtm_obj_handle(objs[i]), RTM_HANDLE_DEST);

			KUNIT_ASSERT_PTR_EQ(test, found, held[i] ? objs[i] : NULL);
			/* One reference for the entry, whatever its count */
			KUNIT_ASSERT_EQ(test, refcount_read(&objs[i]->ref),
					held[i] ? 2 : 1);
		}
	}
	KUNIT_EXPECT_NULL(test, t->handles.slots);
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before);
	for (i = 0; i < RTM_HANDLES_TEST_MANY; i++) {
		KUNIT_EXPECT_EQ(test, freed[i], 0U);
		rtm_obj_put(objs[i]);
	}
}

/*
 * Holding one object many times adds one reference, not one per hold:
 * readers cannot saturate a shared count, and a close is one put.
 */
static void rtm_handles_many_holds_one_reference(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *obj = rtm_handles_test_new(test, 0, RTM_HANDLE_DEST);
	unsigned int i;

	for (i = 0; i < 100000; i++)
		KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, obj), 100000U);
	rtm_handles_destroy(&t->handles);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, obj), 0U);
	KUNIT_EXPECT_EQ(test, t->freed[0], 0U);
	rtm_handles_init(&t->handles, U32_MAX);
}

/* The last hold a count can take is refused, the caller's reference back. */
static void rtm_handles_hold_count_at_max_is_edquot(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *obj = rtm_handles_test_new(test, 0, RTM_HANDLE_ROUTE);
	u64 handle = rtm_obj_handle(obj);

	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);
	/* As if 2^31 - 2 more fetches had returned it */
	t->handles.slots[hash_32(obj->id, t->handles.bits)].count =
		RTM_HANDLES_MAX_COUNT - 1;
	KUNIT_ASSERT_EQ(test, rtm_handles_test_holds(test, obj),
			RTM_HANDLES_MAX_COUNT - 1);
	KUNIT_EXPECT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_hand_out(&t->handles, obj), -EDQUOT);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, obj),
			RTM_HANDLES_MAX_COUNT);
	/* Releases work at the cap, and take it below again. */
	KUNIT_EXPECT_EQ(test, rtm_handles_release(&t->handles, &handle, 1,
						  RTM_HANDLE_ROUTE), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_hand_out(&t->handles, obj), 0);
	KUNIT_EXPECT_EQ(test, t->freed[0], 0U);
}

/* A table at its cap of entries refuses a new object, not a new hold. */
static void rtm_handles_entries_at_max_is_edquot(struct kunit *test)
{
	struct rtm_handles_test *t = test->priv;
	struct rtm_obj *a = rtm_handles_test_new(test, 0, RTM_HANDLE_DEST);
	struct rtm_obj *b = rtm_handles_test_new(test, 1, RTM_HANDLE_DEST);
	struct rtm_obj *c = rtm_handles_test_new(test, 2, RTM_HANDLE_DEST);
	u64 handle = rtm_obj_handle(a);

	t->handles.max = 2;
	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, a), 0);
	KUNIT_ASSERT_EQ(test, rtm_handles_hand_out(&t->handles, b), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_hand_out(&t->handles, c), -EDQUOT);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, c), 0U);
	KUNIT_EXPECT_EQ(test, rtm_handles_hand_out(&t->handles, a), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, a), 2U);
	KUNIT_EXPECT_EQ(test, rtm_handles_stat(), t->handles_before + 2);

	KUNIT_ASSERT_EQ(test, rtm_handles_release(&t->handles,
						  (u64[]){ handle, handle }, 2,
						  RTM_HANDLE_DEST), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_hand_out(&t->handles, c), 0);
	KUNIT_EXPECT_EQ(test, rtm_handles_test_holds(test, c), 1U);
}

static struct kunit_case rtm_handles_test_cases[] = {
	KUNIT_CASE(rtm_handles_hand_out_counts_each_hold),
	KUNIT_CASE(rtm_handles_lookup_refuses_stale),
	KUNIT_CASE(rtm_handles_lookup_refuses_forged),
	KUNIT_CASE(rtm_handles_lookup_checks_real_type),
	KUNIT_CASE(rtm_handles_release_bad_middle_releases_nothing),
	KUNIT_CASE(rtm_handles_release_repeats_beyond_count),
	KUNIT_CASE(rtm_handles_release_last_hold_frees),
	KUNIT_CASE(rtm_handles_destroy_drops_every_hold),
	KUNIT_CASE(rtm_handles_many_in_random_order),
	KUNIT_CASE(rtm_handles_many_holds_one_reference),
	KUNIT_CASE(rtm_handles_hold_count_at_max_is_edquot),
	KUNIT_CASE(rtm_handles_entries_at_max_is_edquot),
	{}
};

static struct kunit_suite rtm_handles_test_suite = {
	.name = "rtm_handles",
	.init = rtm_handles_test_init,
	.exit = rtm_handles_test_exit,
	.test_cases = rtm_handles_test_cases,
};

kunit_test_suites(&rtm_handles_test_suite);
