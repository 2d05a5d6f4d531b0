// SPDX-License-Identifier: GPL-2.0
/*
 * rtm_lookup_bench: time rtm_fib_lookup() against the kernel FIB on the
 * same table, in the kernel, for the VM benchmarks (testing/vmbench).
 *
 * The guest program loads one set of prefixes into rtm and into a FIB
 * table, then writes a struct rtm_lookup_bench_req and its keys to
 * debugfs rtm_lookup_bench/run. The write first checks that both answer
 * every key alike (found or not, and with the same prefix length), then
 * times @rounds passes of each: rtm_fib_lookup() in the rtm view, and
 * fib_table_lookup() (IPv4) or the IPv6 stub's fib6_table_lookup() on the
 * table. Reading the file gives the figures as "name value" lines.
 *
 * The lookups run in chunks under rcu_read_lock() as a forwarder would,
 * rescheduling between chunks so that a long run does not stall RCU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <net/ip6_fib.h>
#include <net/ip_fib.h>
#include <net/ipv6_stubs.h>
#include <net/net_namespace.h>
#include <net/rtm.h>

#include "rtm_lookup_bench.h"

/* Lookups between two reschedule points (one RCU read section) */
#define BENCH_CHUNK		1024
/* Mismatches described in the kernel log, the rest only counted */
#define BENCH_SHOWN_MISMATCHES	5
#define BENCH_RESULT_SIZE	512

enum bench_method {
	BENCH_RTM,
	BENCH_FIB,
};

struct bench_ctx {
	struct net *net;
	u16 family;
	u32 view;
	struct fib_table *tb4;
	struct fib6_table *tb6;
	const u8 *keys;
	u32 num_keys;
};

static struct dentry *bench_dir;
/* Serialises runs and guards bench_result */
static DEFINE_MUTEX(bench_lock);
static char bench_result[BENCH_RESULT_SIZE];
static size_t bench_result_len;

/* Caller holds rcu_read_lock() */
static bool bench_lookup_fib6(const struct bench_ctx *ctx, const u8 *key,
			      u8 *prefix_len)
{
	struct fib6_result res = {};
	struct flowi6 fl6 = {};

	memcpy(&fl6.daddr, key, sizeof(fl6.daddr));
	if (ipv6_stub->fib6_table_lookup(ctx->net, ctx->tb6, 0, &fl6, &res, 0))
		return false;
	/* A miss ends at the table's null entry, not in an error. */
	if (!res.f6i || res.f6i == ctx->net->ipv6.fib6_null_entry)
		return false;
	*prefix_len = res.f6i->fib6_dst.plen;
	return true;
}

/* Caller holds rcu_read_lock(). Returns true and the prefix length on a hit. */
static bool bench_lookup(const struct bench_ctx *ctx, enum bench_method method,
			 const u8 *key, u8 *prefix_len)
{
	if (method == BENCH_RTM) {
		struct rtm_fwd_result res;

		if (rtm_fib_lookup(ctx->net, ctx->family, key, ctx->view, &res))
			return false;
		*prefix_len = res.prefix_len;
		return true;
	}

	if (ctx->family == AF_INET) {
		struct flowi4 fl4 = {};
		struct fib_result res;

		memcpy(&fl4.daddr, key, sizeof(fl4.daddr));
		if (fib_table_lookup(ctx->tb4, &fl4, &res, FIB_LOOKUP_NOREF))
			return false;
		*prefix_len = res.prefixlen;
		return true;
	}
	return bench_lookup_fib6(ctx, key, prefix_len);
}

static const u8 *bench_key(const struct bench_ctx *ctx, u32 i)
{
	return ctx->keys + (size_t)i * RTM_LOOKUP_BENCH_KEY_SIZE;
}

/* Both methods must give every key the same answer. Returns the mismatches. */
static u32 bench_compare(const struct bench_ctx *ctx, u32 *hits)
{
	u32 i, mismatches = 0;

	*hits = 0;
	for (i = 0; i < ctx->num_keys; i++) {
		const u8 *key = bench_key(ctx, i);
		u8 rtm_len = 0, fib_len = 0;
		bool rtm_hit, fib_hit;

		rcu_read_lock();
		rtm_hit = bench_lookup(ctx, BENCH_RTM, key, &rtm_len);
		fib_hit = bench_lookup(ctx, BENCH_FIB, key, &fib_len);
		rcu_read_unlock();

		*hits += rtm_hit;
		if (rtm_hit != fib_hit || rtm_len != fib_len) {
			if (++mismatches <= BENCH_SHOWN_MISMATCHES) {
				if (ctx->family == AF_INET)
					pr_info("%pI4: rtm %s /%u, FIB %s /%u\n",
						key, rtm_hit ? "hit" : "miss",
						rtm_len, fib_hit ? "hit" : "miss",
						fib_len);
				else
					pr_info("%pI6c: rtm %s /%u, FIB %s /%u\n",
						key, rtm_hit ? "hit" : "miss",
						rtm_len, fib_hit ? "hit" : "miss",
						fib_len);
			}
		}
		if ((i + 1) % BENCH_CHUNK == 0)
			cond_resched();
	}
	return mismatches;
}

/* One pass over the keys; returns the nanoseconds spent inside lookups. */
static u64 bench_pass(const struct bench_ctx *ctx, enum bench_method method,
		      u32 *hits)
{
	u32 start, end, i;
	u64 ns = 0;

	*hits = 0;
	for (start = 0; start < ctx->num_keys; start = end) {
		u64 t0;
		u8 len;

		end = min_t(u32, start + BENCH_CHUNK, ctx->num_keys);
		rcu_read_lock();
		t0 = ktime_get_ns();
		for (i = start; i < end; i++)
			*hits += bench_lookup(ctx, method, bench_key(ctx, i), &len);
		ns += ktime_get_ns() - t0;
		rcu_read_unlock();
		cond_resched();
	}
	return ns;
}

static int bench_run(struct bench_ctx *ctx, const struct rtm_lookup_bench_req *req)
{
	u64 ns[2] = {}, ns_min[2] = { U64_MAX, U64_MAX };
	u32 hits, mismatches, pass_hits[2] = {};
	enum bench_method m;
	u32 round;

	if (req->family == AF_INET) {
		ctx->tb4 = fib_new_table(ctx->net, req->table);
		if (!ctx->tb4)
			return -ENOMEM;
	} else {
		ctx->tb6 = fib6_get_table(ctx->net, req->table);
		if (!ctx->tb6)
			return -ENOENT;
	}

	mismatches = bench_compare(ctx, &hits);

	/* Alternate the methods so that both see the same machine state. */
	for (round = 0; round < req->rounds; round++) {
		for (m = BENCH_RTM; m <= BENCH_FIB; m++) {
			u64 t = bench_pass(ctx, m, &pass_hits[m]);

			ns[m] += t;
			ns_min[m] = min(ns_min[m], t);
		}
	}

	bench_result_len = scnprintf(bench_result, sizeof(bench_result),
				     "keys %u\nrounds %u\nhits %u\nmismatches %u\n"
				     "rtm_hits %u\nfib_hits %u\n"
				     "rtm_ns_total %llu\nfib_ns_total %llu\n"
				     "rtm_ns_best_round %llu\nfib_ns_best_round %llu\n",
				     ctx->num_keys, req->rounds, hits, mismatches,
				     pass_hits[BENCH_RTM], pass_hits[BENCH_FIB],
				     ns[BENCH_RTM], ns[BENCH_FIB],
				     ns_min[BENCH_RTM], ns_min[BENCH_FIB]);
	return 0;
}

static ssize_t bench_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *ppos)
{
	struct rtm_lookup_bench_req req;
	struct bench_ctx ctx = {};
	size_t keys_size;
	u8 *keys;
	unsigned int i;
	int ret;

	/* The whole request comes in one write. */
	if (*ppos || len < sizeof(req))
		return -EINVAL;
	if (copy_from_user(&req, buf, sizeof(req)))
		return -EFAULT;
	if ((req.family != AF_INET && req.family != AF_INET6) ||
	    !req.num_keys || req.num_keys > RTM_LOOKUP_BENCH_MAX_KEYS ||
	    !req.rounds || req.rounds > RTM_LOOKUP_BENCH_MAX_ROUNDS)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(req.reserved); i++)
		if (req.reserved[i])
			return -EINVAL;
	keys_size = (size_t)req.num_keys * RTM_LOOKUP_BENCH_KEY_SIZE;
	if (len != sizeof(req) + keys_size)
		return -EINVAL;

	keys = kvmalloc(keys_size, GFP_KERNEL);
	if (!keys)
		return -ENOMEM;
	if (copy_from_user(keys, buf + sizeof(req), keys_size)) {
		ret = -EFAULT;
		goto out;
	}

	ctx.net = current->nsproxy->net_ns;
	ctx.family = req.family;
	ctx.view = req.view;
	ctx.keys = keys;
	ctx.num_keys = req.num_keys;

	mutex_lock(&bench_lock);
	bench_result_len = 0;
	ret = bench_run(&ctx, &req);
	mutex_unlock(&bench_lock);
out:
	kvfree(keys);
	return ret ? ret : len;
}

static ssize_t bench_read(struct file *file, char __user *buf, size_t len,
			  loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&bench_lock);
	ret = simple_read_from_buffer(buf, len, ppos, bench_result,
				      bench_result_len);
	mutex_unlock(&bench_lock);
	return ret;
}

static const struct file_operations bench_fops = {
	.owner = THIS_MODULE,
	.write = bench_write,
	.read = bench_read,
	.llseek = default_llseek,
};

static int __init rtm_lookup_bench_init(void)
{
	bench_dir = debugfs_create_dir(RTM_LOOKUP_BENCH_DIR, NULL);
	debugfs_create_file("run", 0600, bench_dir, NULL, &bench_fops);
	return 0;
}

static void __exit rtm_lookup_bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
}

module_init(rtm_lookup_bench_init);
module_exit(rtm_lookup_bench_exit);

MODULE_DESCRIPTION("rtm_fib_lookup() against the FIB, timed (rtm VM benchmarks)");
MODULE_LICENSE("GPL");
