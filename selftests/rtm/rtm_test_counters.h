/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of the debugfs object counters inside TEST bodies: include after
 * kselftest_harness.h, whose EXPECT macros they use.
 */
#ifndef RTM_TEST_COUNTERS_H
#define RTM_TEST_COUNTERS_H

#include "rtm_test_util.h"

/* The counters equal @want now: the call under test took nothing */
static inline void rtm_expect_counters(struct __test_metadata *_metadata,
				       const struct rtm_counters *want)
{
	struct rtm_counters now;
	char b1[200], b2[200];

	ASSERT_EQ(0, rtm_read_counters(&now));
	EXPECT_TRUE(rtm_counters_equal(want, &now)) {
		rtm_format_counters(want, b1, sizeof(b1));
		rtm_format_counters(&now, b2, sizeof(b2));
		TH_LOG("want: %s; now: %s", b1, b2);
	}
}

/* The counters come back to @before (after a close, maybe later) */
static inline void rtm_expect_counters_back(struct __test_metadata *_metadata,
					    const struct rtm_counters *before)
{
	struct rtm_counters now;
	char b1[200], b2[200];

	EXPECT_EQ(0, rtm_wait_counters(before, RTM_COUNTER_WAIT_MS, &now)) {
		rtm_format_counters(before, b1, sizeof(b1));
		rtm_format_counters(&now, b2, sizeof(b2));
		TH_LOG("before: %s; after: %s", b1, b2);
	}
}

#endif /* RTM_TEST_COUNTERS_H */
