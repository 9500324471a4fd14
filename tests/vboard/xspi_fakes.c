// SPDX-License-Identifier: GPL-2.0-or-later
/* Fakes of stats, trace and pacing for the controller model tests (xspi_fakes.h). */
#include <stdarg.h>
#include <stdio.h>

#include "vb_pace.h"
#include "xspi_fakes.h"

struct vb_stats vb_stats;
uint32_t vb_trace_mask;
uint64_t now_ns, paced_ns;
char last_err[256];

void vb_trace(enum vb_trace_cat cat, const char *fmt, ...)
{
	(void)cat;
	(void)fmt;
}

void vb_guest_error(uint32_t addr, const char *fmt, ...)
{
	va_list ap;

	(void)addr;
	va_start(ap, fmt);
	vsnprintf(last_err, sizeof(last_err), fmt, ap);
	va_end(ap);
	vb_stats.guest_errors++;
}

uint64_t vb_pace_now_ns(void)
{
	return now_ns;
}

uint64_t vb_pace_scaled_ns(uint64_t ns)
{
	return ns;
}

void vb_pace_device_ns(uint64_t ns)
{
	paced_ns += ns;
	now_ns += ns;
}
