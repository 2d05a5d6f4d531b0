// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace harness of module/trie.c and module/lpm.c: unit, differential
 * and RCU stress tests. TAP on stdout, then "N passed, N failed"; exits 1 on failure.
 *
 * Usage: trie-test [seed]   (the random tests are deterministic per seed)
 */
#include <stdio.h>
#include <stdlib.h>

#include <linux/rcupdate.h>

#include "tap.h"
#include "tests.h"

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;

	/* call_rcu() and the readers' sections need a registered thread. */
	rcu_register_thread();
	printf("TAP version 13\n# seed %llu\n", (unsigned long long)seed);
	unit_tests();
	differential_tests(seed);
	/*
	 * A trie with broken invariants can make lock-free readers loop (see
	 * rtm_trie_next()), so the threaded tests only run on a trie that
	 * passed the single-threaded ones.
	 */
	if (tap_failures())
		stress_skipped();
	else
		stress_tests(seed);
	lpm_tests(seed);
	rcu_barrier();
	rcu_unregister_thread();
	return tap_finish();
}
