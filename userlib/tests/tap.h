/* SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause */
/*
 * Minimal TAP output for the librtm native tests. Each test program prints
 * "ok N - ..." / "not ok N - ..." lines and a trailing plan; tests/run.sh
 * merges the programs into one stream.
 */
#ifndef RTM_TESTS_TAP_H
#define RTM_TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count;
static int tap_failed;

static inline int tap_vok(int pass, const char *fmt, va_list ap)
{
	printf("%sok %d - ", pass ? "" : "not ", ++tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	if (!pass)
		tap_failed++;
	fflush(stdout);
	return pass;
}

static inline int __attribute__((format(printf, 2, 3)))
ok(int pass, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = tap_vok(pass, fmt, ap);
	va_end(ap);
	return ret;
}

/* Integer equality with the values shown on failure */
#define is_num(got, want, ...)						\
	do {								\
		unsigned long long _got = (unsigned long long)(got);	\
		unsigned long long _want = (unsigned long long)(want);	\
									\
		if (!ok(_got == _want, __VA_ARGS__))			\
			printf("#   got %llu (0x%llx), want %llu (0x%llx)\n", \
			       _got, _got, _want, _want);		\
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif /* RTM_TESTS_TAP_H */
