/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP producer. A test point is one named scenario; CHECK()s inside
 * it mark it failed and print a diagnostic, and the run goes on.
 * CHECK() may be called from several threads at once.
 */
#ifndef _RTM_HARNESS_TAP_H
#define _RTM_HARNESS_TAP_H

#include <stdbool.h>

void tap_begin(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool tap_end(void);
void tap_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tap_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool tap_current_failed(void);
/* Test points that failed so far. */
unsigned int tap_failures(void);
/* Prints the plan and the summary; returns the process exit status. */
int tap_finish(void);

#define CHECKF(cond, fmt, ...)						\
	((cond) ? true :						\
	 (tap_fail(__FILE__, __LINE__, "%s: " fmt, #cond, ##__VA_ARGS__), false))
#define CHECK(cond)	CHECKF(cond, "failed")

#endif
