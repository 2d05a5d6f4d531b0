// SPDX-License-Identifier: GPL-2.0
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

#define TAP_MAX_DIAG_PER_TEST	20

static pthread_mutex_t tap_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int tap_number, tap_passed, tap_failed;
static char tap_name[256];
static bool tap_failing;
static unsigned int tap_diags;

void tap_begin(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tap_name, sizeof(tap_name), fmt, ap);
	va_end(ap);
	tap_failing = false;
	tap_diags = 0;
}

bool tap_current_failed(void)
{
	bool failed;

	pthread_mutex_lock(&tap_lock);
	failed = tap_failing;
	pthread_mutex_unlock(&tap_lock);
	return failed;
}

void tap_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&tap_lock);
	tap_failing = true;
	if (tap_diags++ < TAP_MAX_DIAG_PER_TEST) {
		printf("# %s:%d: ", file, line);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
	} else if (tap_diags == TAP_MAX_DIAG_PER_TEST + 1) {
		printf("# (further failures of this test not shown)\n");
	}
	fflush(stdout);
	pthread_mutex_unlock(&tap_lock);
}

void tap_note(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&tap_lock);
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	pthread_mutex_unlock(&tap_lock);
}

unsigned int tap_failures(void)
{
	return tap_failed;
}

bool tap_end(void)
{
	bool ok = !tap_current_failed();

	tap_number++;
	if (ok)
		tap_passed++;
	else
		tap_failed++;
	printf("%s %u - %s\n", ok ? "ok" : "not ok", tap_number, tap_name);
	fflush(stdout);
	return ok;
}

int tap_finish(void)
{
	printf("1..%u\n", tap_number);
	printf("%u passed, %u failed\n", tap_passed, tap_failed);
	return tap_failed ? 1 : 0;
}
