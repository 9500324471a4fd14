/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fakes for the controller model tests (test_quadspi.c, test_octospi.c;
 * xspi_fakes.c): stats, trace and pacing (guest errors are counted in
 * vb_stats and the last message kept; the modelled clock is now_ns, which
 * the test moves, and device time advances it), and a board whose bus
 * holds only GPIO registers and which records how the controller's window
 * is mapped (vb_board_map_window as vb_xspi.h's contract says).
 */
#ifndef XSPI_FAKES_H
#define XSPI_FAKES_H

#include <stdbool.h>
#include <stdint.h>

#include "vb.h"
#include "vb_periph.h"
#include "vb_xspi.h"

extern uint64_t now_ns;   /* vb_pace_now_ns() */
extern uint64_t paced_ns; /* sum of vb_pace_device_ns() */
extern char last_err[256];

/* ---- fake board: GPIO registers, windows, the periph ---------------------- */

struct vb_board {
	uint32_t gpio_base;
	uint32_t gpio[11][10];
	struct vb_periph periph;
	/* the window as the board was asked to map it */
	bool mapped;
	enum vb_view_access acc;
	uint8_t *mem;
	struct vb_view_io io;
	uint32_t base, size;
	int maps, unmaps, code_written;
};

/* What a core or debugger access of the window gets, as the board would
 * serve it: from mem, or through io, or a fault when nothing is mapped. */
int win_read(struct vb_board *b, uint32_t off, unsigned int size, uint32_t *val);
int win_write(struct vb_board *b, uint32_t off, unsigned int size, uint32_t val);

#endif /* XSPI_FAKES_H */
