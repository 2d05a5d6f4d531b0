/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RTM_HARNESS_TESTS_H
#define _RTM_HARNESS_TESTS_H

#include <stdint.h>

void unit_tests(void);
void differential_tests(uint64_t seed);
void stress_tests(uint64_t seed);
/* Reports the stress tests as failed without running them. */
void stress_skipped(void);
/* module/lpm.c: unit, differential, ENOMEM and concurrent-reader tests. */
void lpm_tests(uint64_t seed);

#endif
