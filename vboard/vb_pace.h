/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: private declarations of the pacing module (vb_pace.c), for the
 * front-ends, the device models and the tests. The public part is the
 * pacing section of vb.h.
 */
#ifndef VB_PACE_H
#define VB_PACE_H

#include "vb.h"

/*
 * The wire clock the host asked for (CMSIS-DAP DAP_SWJ_Clock, in Hz). The
 * modelled clock is the lower of this and the profile's maximum, as on a
 * real probe; 0 selects the profile's maximum (also the state after
 * vb_pace_init()).
 */
void vb_pace_set_swclk_hz(uint32_t hz);
/* The wire clock link times are computed with, Hz; 0 under "fast". */
uint32_t vb_pace_swclk_hz(void);

/*
 * A device duration (ns, at datasheet time) as it runs here: multiplied
 * by --time-scale. Device models that stay busy for a while compare
 * vb_pace_now_ns() with vb_pace_now_ns() + vb_pace_scaled_ns(t).
 */
uint64_t vb_pace_scaled_ns(uint64_t ns);

/*
 * Test hooks: a replacement for the monotonic wall clock (ns since any
 * fixed point) and for the sleep until a wall-clock instant, so that tests
 * measure modelled time without waiting. NULL restores the real ones.
 * vb_pace_init() reads the wall clock, so set the hooks before it.
 */
void vb_pace_set_clock(uint64_t (*wall_ns)(void), void (*sleep_until_ns)(uint64_t wall_ns));

/* The real ones: CLOCK_MONOTONIC in ns, and an absolute sleep on it (a
 * replacement sleep, e.g. one that runs the core meanwhile, ends in it) */
uint64_t vb_pace_real_wall_ns(void);
void vb_pace_real_sleep_until(uint64_t wall_ns);

#endif /* VB_PACE_H */
