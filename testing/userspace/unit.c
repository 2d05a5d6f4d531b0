// SPDX-License-Identifier: GPL-2.0
/*
 * Hand-written cases: the documented ORDER, /0 and host routes, nesting,
 * glue nodes appearing and disappearing, next() from present and absent
 * keys, errors and allocation failures. Values are the prefix strings
 * themselves, so a wrong answer prints readably.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/slab.h>

#include "keys.h"
#include "shim.h"
#include "tap.h"
#include "tests.h"
#include "trie_check.h"

static struct rtm_trie trie;

static void setup(const char *name, unsigned int max_prefixlen)
{
	tap_begin("unit: %s", name);
	rtm_trie_init(&trie, max_prefixlen);
}

static int ins(const char *prefix)
{
	uint8_t key[KEY_BYTES];
	unsigned int plen;

	key_parse(prefix, key, &plen, NULL);
	return rtm_trie_insert(&trie, key, plen, (void *)prefix, GFP_KERNEL);
}

static const char *del(const char *prefix)
{
	uint8_t key[KEY_BYTES];
	unsigned int plen;

	key_parse(prefix, key, &plen, NULL);
	return rtm_trie_delete(&trie, key, plen);
}

static const char *exact(const char *prefix)
{
	uint8_t key[KEY_BYTES];
	unsigned int plen;
	const char *value;

	key_parse(prefix, key, &plen, NULL);
	rcu_read_lock();
	value = rtm_trie_lookup_exact(&trie, key, plen);
	rcu_read_unlock();
	return value;
}

/* Longest match of an address given as "a.b.c.d/32"; "-" if none. */
static const char *longest(const char *addr)
{
	unsigned int plen, found_len = 999;
	uint8_t key[KEY_BYTES];
	const char *value;

	key_parse(addr, key, &plen, NULL);
	rcu_read_lock();
	value = rtm_trie_lookup_longest(&trie, key, &found_len);
	rcu_read_unlock();
	if (!value)
		return found_len == 999 ? "-" : "prefixlen written on a miss";
	/* The length reported must be the one of the prefix found. */
	if ((unsigned int)atoi(strrchr(value, '/') + 1) != found_len)
		return "prefixlen does not match the value";
	return value;
}

/* next() as text: "key/len" of the result, or "END". */
static const char *next(const char *from, bool inclusive)
{
	static char out[64];
	uint8_t key[KEY_BYTES], next_key[KEY_BYTES];
	unsigned int plen, next_len = 999;
	const char *value;

	key_parse(from, key, &plen, NULL);
	memset(next_key, 0xee, sizeof(next_key));
	rcu_read_lock();
	value = rtm_trie_next(&trie, key, plen, inclusive, next_key,
			      &next_len);
	rcu_read_unlock();
	if (!value)
		return next_len == 999 && next_key[0] == 0xee ? "END" :
		       "output written at END";
	snprintf(out, sizeof(out), "%s",
		 key_str(next_key, next_len, trie.max_prefixlen / 8));
	if (strcmp(out, value))
		return "key does not match value";
	return out;
}

/* The whole table through next(), space separated. */
static const char *walk(void)
{
	static char out[4096];
	unsigned int nbytes = trie.max_prefixlen / 8;
	uint8_t key[KEY_BYTES] = { 0 };
	unsigned int plen = 0;
	bool inclusive = true;
	size_t used = 0;

	out[0] = '\0';
	rcu_read_lock();
	/* next_key aliasing key is allowed by the API. */
	while (rtm_trie_next(&trie, key, plen, inclusive, key, &plen)) {
		used += snprintf(out + used, sizeof(out) - used, "%s%s",
				 used ? " " : "", key_str(key, plen, nbytes));
		inclusive = false;
	}
	rcu_read_unlock();
	return out;
}

static struct trie_shape shape(void)
{
	struct trie_shape s;
	char why[200];

	CHECKF(trie_check(&trie, &s, why, sizeof(why)), "%s", why);
	return s;
}

static void finish(void)
{
	shape();
	rtm_trie_destroy(&trie);
	CHECK(trie.nr_entries == 0);
	rcu_barrier();
	CHECKF(shim_nr_allocated() == 0, "%ld objects leaked",
	       shim_nr_allocated());
	tap_end();
}

#define CHECK_STR(got, want)						\
	do {								\
		const char *_g = (got), *_w = (want);			\
		CHECKF(_g && !strcmp(_g, _w), "got \"%s\", want \"%s\"",	\
		       _g ? _g : "(null)", _w);				\
	} while (0)

static void test_order(void)
{
	setup("example prefixes walk in ORDER", 32);
	CHECK(!ins("11.0.0.0/8"));
	CHECK(!ins("10.1.0.0/16"));
	CHECK(!ins("10.0.0.0/16"));
	CHECK(!ins("0.0.0.0/0"));
	CHECK(!ins("10.0.0.0/8"));
	CHECK(trie.nr_entries == 5);
	CHECK_STR(walk(),
		  "0.0.0.0/0 10.0.0.0/8 10.0.0.0/16 10.1.0.0/16 11.0.0.0/8");
	CHECK_STR(exact("10.0.0.0/16"), "10.0.0.0/16");
	CHECK(!exact("10.0.0.0/15"));
	CHECK(!exact("10.0.0.0/24"));
	finish();
}

static void test_default_route(void)
{
	setup("default route /0", 32);
	CHECK_STR(longest("1.2.3.4/32"), "-");
	CHECK(!ins("0.0.0.0/0"));
	CHECK_STR(longest("1.2.3.4/32"), "0.0.0.0/0");
	CHECK_STR(longest("255.255.255.255/32"), "0.0.0.0/0");
	CHECK(!ins("128.0.0.0/1"));
	CHECK_STR(longest("127.255.255.255/32"), "0.0.0.0/0");
	CHECK_STR(longest("128.0.0.0/32"), "128.0.0.0/1");
	CHECK_STR(del("0.0.0.0/0"), "0.0.0.0/0");
	CHECK_STR(longest("1.2.3.4/32"), "-");
	CHECK_STR(walk(), "128.0.0.0/1");
	CHECK_STR(del("128.0.0.0/1"), "128.0.0.0/1");
	CHECK(!rcu_access_pointer(trie.root));
	CHECK_STR(walk(), "");
	finish();
}

static void test_host_routes_v4(void)
{
	setup("host routes /32", 32);
	CHECK(!ins("10.0.0.1/32"));
	CHECK(!ins("10.0.0.0/32"));	/* siblings: a /31 glue node */
	CHECK(!ins("255.255.255.255/32"));
	CHECK(!ins("0.0.0.0/32"));
	CHECK(shape().glue == 3);
	CHECK_STR(longest("10.0.0.1/32"), "10.0.0.1/32");
	CHECK_STR(longest("10.0.0.0/32"), "10.0.0.0/32");
	CHECK_STR(longest("10.0.0.2/32"), "-");
	CHECK_STR(longest("0.0.0.0/32"), "0.0.0.0/32");
	CHECK_STR(walk(),
		  "0.0.0.0/32 10.0.0.0/32 10.0.0.1/32 255.255.255.255/32");
	CHECK_STR(next("10.0.0.0/31", true), "10.0.0.0/32");
	CHECK_STR(next("255.255.255.255/32", false), "END");
	CHECK(!ins("10.0.0.0/31"));	/* the glue node takes the value */
	CHECK(shape().glue == 2);
	CHECK_STR(longest("10.0.0.1/32"), "10.0.0.1/32");
	CHECK_STR(del("10.0.0.1/32"), "10.0.0.1/32");
	CHECK_STR(longest("10.0.0.1/32"), "10.0.0.0/31");
	finish();
}

static void test_host_routes_v6(void)
{
	setup("host routes /128", 128);
	CHECK(!ins("::1/128"));
	CHECK(!ins("::/128"));
	CHECK(!ins("2001:db8::/32"));
	CHECK(!ins("2001:db8::1/128"));
	CHECK(!ins("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"));
	CHECK(!ins("fe80::/10"));
	CHECK_STR(longest("2001:db8::1/128"), "2001:db8::1/128");
	CHECK_STR(longest("2001:db8::2/128"), "2001:db8::/32");
	CHECK_STR(longest("2001:db9::/128"), "-");
	CHECK_STR(longest("::1/128"), "::1/128");
	CHECK_STR(longest("fe80::1234/128"), "fe80::/10");
	CHECK_STR(walk(),
		  "::/128 ::1/128 2001:db8::/32 2001:db8::1/128 fe80::/10 "
		  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	CHECK_STR(next("2001:db8::/32", false), "2001:db8::1/128");
	CHECK_STR(next("2001:db8::/31", false), "2001:db8::/32");
	CHECK_STR(next("::/0", true), "::/128");
	finish();
}

static void test_nested(void)
{
	setup("nested prefixes and longest match", 32);
	CHECK(!ins("10.1.2.3/32"));
	CHECK(!ins("10.0.0.0/8"));
	CHECK(!ins("10.1.2.0/24"));
	CHECK(!ins("10.1.0.0/16"));
	CHECK(shape().glue == 0);
	CHECK(shape().depth == 4);
	CHECK_STR(longest("10.1.2.3/32"), "10.1.2.3/32");
	CHECK_STR(longest("10.1.2.4/32"), "10.1.2.0/24");
	CHECK_STR(longest("10.1.3.4/32"), "10.1.0.0/16");
	CHECK_STR(longest("10.2.3.4/32"), "10.0.0.0/8");
	CHECK_STR(longest("11.1.2.3/32"), "-");
	CHECK_STR(del("10.1.0.0/16"), "10.1.0.0/16");	/* one child: spliced */
	CHECK(shape().nodes == 3);
	CHECK_STR(longest("10.1.3.4/32"), "10.0.0.0/8");
	CHECK_STR(longest("10.1.2.3/32"), "10.1.2.3/32");
	CHECK_STR(del("10.1.2.3/32"), "10.1.2.3/32");	/* leaf */
	CHECK_STR(longest("10.1.2.3/32"), "10.1.2.0/24");
	CHECK_STR(walk(), "10.0.0.0/8 10.1.2.0/24");
	finish();
}

static void test_glue_lifecycle(void)
{
	setup("delete makes glue, glue goes with its children", 32);
	CHECK(!ins("10.0.0.0/8"));
	CHECK(!ins("10.0.0.0/16"));
	CHECK(!ins("10.128.0.0/16"));
	CHECK(shape().nodes == 3 && shape().glue == 0);
	CHECK_STR(del("10.0.0.0/8"), "10.0.0.0/8");	/* two children */
	CHECK(shape().nodes == 3 && shape().glue == 1);
	CHECK(trie.nr_entries == 2);
	CHECK(!exact("10.0.0.0/8"));
	CHECK(!del("10.0.0.0/8"));			/* glue is no entry */
	CHECK_STR(longest("10.5.0.0/32"), "-");
	CHECK_STR(next("0.0.0.0/0", true), "10.0.0.0/16");
	CHECK_STR(next("10.0.0.0/8", true), "10.0.0.0/16");
	CHECK_STR(walk(), "10.0.0.0/16 10.128.0.0/16");
	CHECK_STR(del("10.0.0.0/16"), "10.0.0.0/16");	/* glue goes too */
	CHECK(shape().nodes == 1 && shape().glue == 0);
	CHECK_STR(walk(), "10.128.0.0/16");

	/* A leaf below a value node: the parent stays. */
	CHECK(!ins("10.0.0.0/8"));
	CHECK(!ins("10.64.0.0/16"));
	CHECK_STR(del("10.64.0.0/16"), "10.64.0.0/16");
	CHECK(shape().nodes == 2);
	/* A split below a glue node, then the glue's other side goes. */
	CHECK(!ins("10.129.0.0/16"));	/* glue 10.128/15 */
	CHECK(!ins("10.129.1.0/24"));
	CHECK(shape().glue == 1);
	CHECK_STR(del("10.128.0.0/16"), "10.128.0.0/16");
	CHECK(shape().glue == 0 && shape().nodes == 3);
	CHECK_STR(walk(), "10.0.0.0/8 10.129.0.0/16 10.129.1.0/24");
	finish();
}

static void test_glue_reuse(void)
{
	setup("insert at a glue node's prefix reuses the node", 32);
	CHECK(!ins("192.168.0.0/24"));
	CHECK(!ins("192.168.1.0/24"));
	CHECK(shape().nodes == 3 && shape().glue == 1);
	CHECK(!ins("192.168.0.0/23"));
	CHECK(shape().nodes == 3 && shape().glue == 0);
	CHECK_STR(exact("192.168.0.0/23"), "192.168.0.0/23");
	CHECK_STR(walk(), "192.168.0.0/23 192.168.0.0/24 192.168.1.0/24");
	CHECK(ins("192.168.0.0/23") == -EEXIST);
	finish();
}

static void test_next_present(void)
{
	setup("next() from present keys", 32);
	CHECK(!ins("0.0.0.0/0"));
	CHECK(!ins("10.0.0.0/8"));
	CHECK(!ins("10.0.0.0/16"));
	CHECK(!ins("10.1.0.0/16"));
	CHECK(!ins("11.0.0.0/8"));
	CHECK_STR(next("0.0.0.0/0", true), "0.0.0.0/0");
	CHECK_STR(next("0.0.0.0/0", false), "10.0.0.0/8");
	CHECK_STR(next("10.0.0.0/8", true), "10.0.0.0/8");
	CHECK_STR(next("10.0.0.0/8", false), "10.0.0.0/16");
	CHECK_STR(next("10.0.0.0/16", false), "10.1.0.0/16");
	CHECK_STR(next("10.1.0.0/16", false), "11.0.0.0/8");
	CHECK_STR(next("11.0.0.0/8", true), "11.0.0.0/8");
	CHECK_STR(next("11.0.0.0/8", false), "END");
	finish();
}

static void test_next_absent(void)
{
	setup("next() from absent keys", 32);
	CHECK(!ins("10.0.0.0/8"));
	CHECK(!ins("10.0.0.0/16"));
	CHECK(!ins("10.1.0.0/16"));
	CHECK(!ins("11.0.0.0/8"));
	CHECK(!ins("192.168.1.0/24"));
	CHECK(!ins("192.168.2.0/24"));	/* glue 192.168.0.0/22 */
	/* Shorter than everything below it. */
	CHECK_STR(next("0.0.0.0/0", true), "10.0.0.0/8");
	CHECK_STR(next("0.0.0.0/0", false), "10.0.0.0/8");
	CHECK_STR(next("8.0.0.0/5", false), "10.0.0.0/8");
	/* Between a prefix and its first child. */
	CHECK_STR(next("10.0.0.0/12", true), "10.0.0.0/16");
	CHECK_STR(next("10.0.0.0/17", false), "10.1.0.0/16");
	CHECK_STR(next("10.0.128.0/17", false), "10.1.0.0/16");
	/* Past a subtree, before the next one. */
	CHECK_STR(next("10.1.0.1/32", false), "11.0.0.0/8");
	CHECK_STR(next("10.200.0.0/16", true), "11.0.0.0/8");
	CHECK_STR(next("10.255.255.255/32", false), "11.0.0.0/8");
	/* Around and at a glue node's prefix. */
	CHECK_STR(next("192.168.0.0/22", true), "192.168.1.0/24");
	CHECK_STR(next("192.168.0.0/16", false), "192.168.1.0/24");
	CHECK_STR(next("192.168.1.128/25", false), "192.168.2.0/24");
	CHECK_STR(next("192.168.2.0/23", false), "192.168.2.0/24");
	CHECK_STR(next("192.168.2.1/32", false), "END");
	CHECK_STR(next("192.168.3.0/24", true), "END");
	CHECK_STR(next("255.255.255.255/32", true), "END");
	/* A key diverging before a node whose bit there is 0. */
	CHECK_STR(next("12.0.0.0/8", false), "192.168.1.0/24");
	finish();
}

static void test_next_end(void)
{
	setup("next() on an empty trie and at the end", 128);
	CHECK_STR(next("::/0", true), "END");
	CHECK_STR(next("ffff::/16", true), "END");
	CHECK(!ins("::/0"));
	CHECK_STR(next("::/0", true), "::/0");
	CHECK_STR(next("::/0", false), "END");
	CHECK(!ins("8000::/1"));
	CHECK_STR(next("::/0", false), "8000::/1");
	CHECK_STR(next("8000::/1", false), "END");
	CHECK_STR(next("::1/128", false), "8000::/1");
	finish();
}

static void test_errors(void)
{
	uint8_t key[KEY_BYTES] = { 10 };
	char other[] = "other";

	setup("errors", 32);
	CHECK(rtm_trie_insert(&trie, key, 33, other, GFP_KERNEL) == -EINVAL);
	CHECK(rtm_trie_insert(&trie, key, 8, NULL, GFP_KERNEL) == -EINVAL);
	CHECK(!ins("10.0.0.0/8"));
	CHECK(rtm_trie_insert(&trie, key, 8, other, GFP_KERNEL) == -EEXIST);
	CHECK_STR(exact("10.0.0.0/8"), "10.0.0.0/8");	/* unchanged */
	CHECK(trie.nr_entries == 1);
	CHECK(!del("10.0.0.0/9"));
	CHECK(!del("10.0.0.0/7"));
	CHECK(!del("11.0.0.0/8"));
	CHECK(!rtm_trie_delete(&trie, key, 33));
	rcu_read_lock();
	CHECK(!rtm_trie_lookup_exact(&trie, key, 33));
	CHECK(!rtm_trie_next(&trie, key, 33, true, key, NULL));
	CHECK(rtm_trie_lookup_longest(&trie, key, NULL));	/* NULL ok */
	rcu_read_unlock();
	CHECK(trie.nr_entries == 1);
	finish();
}

static void test_enomem(void)
{
	long live;

	setup("ENOMEM leaves the trie unchanged", 32);
	CHECK(!ins("10.0.0.0/8"));
	CHECK(!ins("10.0.0.0/16"));
	live = shim_nr_owned();

	shim_fail_nth_alloc(1);		/* a leaf: one allocation */
	CHECK(ins("10.0.1.0/24") == -ENOMEM);
	CHECK_STR(walk(), "10.0.0.0/8 10.0.0.0/16");
	CHECK(shim_nr_owned() == live);

	shim_fail_nth_alloc(1);		/* leaf and glue: the first */
	CHECK(ins("10.1.0.0/16") == -ENOMEM);
	CHECK(shim_nr_owned() == live);
	shim_fail_nth_alloc(2);		/* ... and the second */
	CHECK(ins("10.1.0.0/16") == -ENOMEM);
	CHECK(shim_nr_owned() == live);
	CHECK_STR(walk(), "10.0.0.0/8 10.0.0.0/16");
	CHECK(trie.nr_entries == 2);

	shim_fail_nth_alloc(1);		/* in between: one allocation */
	CHECK(ins("10.0.0.0/12") == -ENOMEM);
	CHECK(shim_nr_owned() == live);
	shim_fail_nth_alloc(0);
	CHECK_STR(walk(), "10.0.0.0/8 10.0.0.0/16");

	CHECK(!ins("10.1.0.0/16"));
	CHECK(!ins("10.0.0.0/12"));
	CHECK(shim_nr_owned() == live + 3);
	CHECK_STR(walk(), "10.0.0.0/8 10.0.0.0/12 10.0.0.0/16 10.1.0.0/16");
	finish();
}

static void test_destroy(void)
{
	static char value[] = "v";
	struct keygen gen;
	uint8_t key[KEY_BYTES];
	unsigned int plen, i, inserted = 0;

	setup("destroy frees a big trie without recursion; trie reusable", 128);
	keygen_init(&gen, 42, 16);
	for (i = 0; i < 20000; i++) {
		keygen_prefix(&gen, key, &plen);
		if (!rtm_trie_insert(&trie, key, plen, value, GFP_KERNEL))
			inserted++;
	}
	CHECK(trie.nr_entries == inserted);
	CHECK(shim_nr_allocated() > 0);
	shape();
	rtm_trie_destroy(&trie);
	CHECK(!rcu_access_pointer(trie.root) && trie.nr_entries == 0);
	CHECK(shim_nr_allocated() == 0);
	CHECK(!ins("::/0"));
	CHECK_STR(walk(), "::/0");
	finish();
}

void unit_tests(void)
{
	test_order();
	test_default_route();
	test_host_routes_v4();
	test_host_routes_v6();
	test_nested();
	test_glue_lifecycle();
	test_glue_reuse();
	test_next_present();
	test_next_absent();
	test_next_end();
	test_errors();
	test_enomem();
	test_destroy();
}
