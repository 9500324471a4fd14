/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fakes of the vboard's stats, trace and pacing for the controller model
 * tests (test_quadspi.c, test_octospi.c; xspi_fakes.c): guest errors are
 * counted in vb_stats and the last message kept; the modelled clock is
 * now_ns, which the test moves, and device time advances it.
 */
#ifndef XSPI_FAKES_H
#define XSPI_FAKES_H

#include <stdint.h>

#include "vb.h"

extern uint64_t now_ns;   /* vb_pace_now_ns() */
extern uint64_t paced_ns; /* sum of vb_pace_device_ns() */
extern char last_err[256];

#endif /* XSPI_FAKES_H */
