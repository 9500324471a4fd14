/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: private declarations of the statistics module (vb_stats.c) for
 * the program's main and the tests. The public contract is vb.h.
 */
#ifndef VB_STATS_H
#define VB_STATS_H

#include <stdio.h>

#include "vb.h"

/* How many guest errors are kept with their text (the rest are counted). */
#define VB_GUEST_ERRORS_KEPT 64

/* "dap, jtag, ..." for --help and error messages. */
const char *vb_trace_names(void);

/* The i-th kept guest error (i < vb_guest_errors_kept()), NULL past the
 * end; *addr gets its address. */
size_t vb_guest_errors_kept(void);
const char *vb_guest_error_text(size_t i, uint32_t *addr);

/* Back to zero: counters, kept errors, trace mask (tests). */
void vb_stats_reset(void);

/*
 * A member of the stats object that another module writes: at the end of
 * the file, "name": followed by what write(f, ctx) prints (one JSON
 * value). Up to VB_STATS_SECTIONS; the name is not copied.
 */
#define VB_STATS_SECTIONS 4
void vb_stats_add_section(const char *name, void (*write)(FILE *f, void *ctx), void *ctx);

#endif /* VB_STATS_H */
