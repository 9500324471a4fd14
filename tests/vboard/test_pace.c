// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pacing (vboard/vb_pace.c): profiles, the modelled clock's arithmetic,
 * --time-scale, the catch-up at round trips and the idle rule. The wall
 * clock and the sleep are replaced by a fake clock, so every check is on
 * modelled time and the test never waits.
 *
 * Expected values by hand: an SWD transfer is 46 cycles; at 24 MHz that
 * is 1916.67 ns, three of them 5750 ns; at 10 MHz 4600 ns; a round trip
 * is 250 us.
 */
#include "../unit/tap.h"
#include "vb.h"
#include "vb_pace.h"

#include <math.h>

uint32_t vb_trace_mask;

void vb_trace(enum vb_trace_cat cat, const char *fmt, ...)
{
	(void)cat;
	(void)fmt;
}

/* the fake wall clock, ns; sleeping moves it to the deadline */
static uint64_t fake_wall = 1000000000u;
static unsigned int sleeps;
static uint64_t last_sleep_until;
static uint64_t wall_at_start;

static uint64_t fake_wall_ns(void)
{
	return fake_wall;
}

static void fake_sleep_until(uint64_t t)
{
	sleeps++;
	last_sleep_until = t;
	if (t > fake_wall)
		fake_wall = t;
}

static void start(const char *profile, double scale)
{
	sleeps = 0;
	last_sleep_until = 0;
	wall_at_start = fake_wall;
	vb_pace_init(profile, scale);
}

static void test_profiles(void)
{
	const struct vb_probe_profile *p;

	CHECK_EQ(vb_pace_init("nope", 1.0), -1, "unknown profile refused");
	CHECK_EQ(vb_pace_init(NULL, 1.0), -1, "no profile refused");
	CHECK_EQ(vb_pace_init("fast", -0.5), -1, "negative time scale refused");
	CHECK_EQ(vb_pace_init("fast", NAN), -1, "NaN time scale refused");
	CHECK_EQ(vb_pace_init("fast", 0.0), 0, "time scale 0 accepted");
	CHECK(strcmp(vb_pace_profile_names(), "fast,stlink-v3,cmsis-dap-hs") == 0, "profile names");
	CHECK_EQ(vb_pace_init("stlink-v3", 1.0), 0, "stlink-v3 known");
	p = vb_pace_profile();
	CHECK(strcmp(p->name, "stlink-v3") == 0, "current profile is stlink-v3");
	CHECK_EQ(p->swclk_hz, 24000000, "stlink-v3: 24 MHz SWCLK");
	CHECK_EQ(p->bits_per_transfer, 46, "stlink-v3: 46 cycles per transfer");
	CHECK_EQ(p->roundtrip_ns, 250000, "stlink-v3: 250 us round trip");
	CHECK(p->source && strstr(p->source, "ADIv5.2"), "stlink-v3 names its sources");
	vb_pace_init("cmsis-dap-hs", 1.0);
	p = vb_pace_profile();
	CHECK_EQ(p->swclk_hz, 10000000, "cmsis-dap-hs: 10 MHz SWCLK");
	CHECK_EQ(p->roundtrip_ns, 250000, "cmsis-dap-hs: 250 us round trip");
	vb_pace_init("fast", 1.0);
	p = vb_pace_profile();
	CHECK_EQ(p->swclk_hz, 0, "fast: no wire clock");
	CHECK_EQ(p->roundtrip_ns, 0, "fast: no round trip latency");
}

static void test_stlink_arithmetic(void)
{
	start("stlink-v3", 1.0);
	vb_pace_transfers(1);
	CHECK_EQ(vb_pace_now_ns(), 1916, "one transfer at 24 MHz: 1916.67 ns");
	vb_pace_transfers(2);
	CHECK_EQ(vb_pace_now_ns(), 5750, "three transfers: 5750 ns, no rounding lost");
	vb_pace_tck(24);
	CHECK_EQ(vb_pace_now_ns(), 6750, "24 TCK cycles: 1 us");
	vb_pace_device_ns(1000);
	CHECK_EQ(vb_pace_now_ns(), 7750, "device time adds as given");
	vb_pace_roundtrip();
	CHECK_EQ(vb_pace_now_ns(), 257750, "round trip adds 250 us");
	CHECK_EQ(sleeps, 1, "and sleeps once");
	CHECK_EQ(last_sleep_until - wall_at_start, 257750, "until the modelled time");
	CHECK_EQ(fake_wall - wall_at_start, 257750, "wall clock caught up");
	vb_pace_roundtrip();
	CHECK_EQ(vb_pace_now_ns(), 507750, "a second, empty round trip");
}

static void test_swclk(void)
{
	start("stlink-v3", 1.0);
	CHECK_EQ(vb_pace_swclk_hz(), 24000000, "default clock: the profile maximum");
	vb_pace_set_swclk_hz(4000000);
	CHECK_EQ(vb_pace_swclk_hz(), 4000000, "a lower requested clock is used");
	vb_pace_transfers(1);
	CHECK_EQ(vb_pace_now_ns(), 11500, "one transfer at 4 MHz: 11.5 us");
	vb_pace_set_swclk_hz(100000000);
	CHECK_EQ(vb_pace_swclk_hz(), 24000000, "a higher one is capped at the maximum");
	vb_pace_set_swclk_hz(0);
	CHECK_EQ(vb_pace_swclk_hz(), 24000000, "0 selects the maximum");
	start("cmsis-dap-hs", 1.0);
	vb_pace_transfers(1);
	CHECK_EQ(vb_pace_now_ns(), 4600, "one transfer at 10 MHz: 4.6 us");
	vb_pace_set_swclk_hz(1);
	vb_pace_transfers(1);
	CHECK_EQ(vb_pace_now_ns(), 46000004600ull, "at 1 Hz: 46 s");
}

static void test_fast(void)
{
	start("fast", 1.0);
	vb_pace_transfers(100000);
	vb_pace_tck(100000);
	CHECK_EQ(vb_pace_now_ns(), 0, "fast: link time costs nothing");
	vb_pace_device_ns(5000);
	CHECK_EQ(vb_pace_now_ns(), 5000, "fast: device time still advances the modelled clock");
	vb_pace_roundtrip();
	CHECK_EQ(sleeps, 0, "fast: never sleeps");
	CHECK_EQ(vb_pace_swclk_hz(), 0, "fast: no wire clock");
}

static void test_scale(void)
{
	start("stlink-v3", 0.5);
	vb_pace_transfers(3);
	CHECK_EQ(vb_pace_now_ns(), 2875, "scale 0.5: three transfers in 2875 ns");
	vb_pace_device_ns(1000000);
	CHECK_EQ(vb_pace_now_ns(), 502875, "scale 0.5: a 1 ms device time is 0.5 ms");
	vb_pace_roundtrip();
	CHECK_EQ(vb_pace_now_ns(), 627875, "scale 0.5: round trip 125 us");
	CHECK_EQ(last_sleep_until - wall_at_start, 627875, "slept to the scaled time");
	CHECK_EQ(vb_pace_scaled_ns(1000), 500, "scaled_ns at 0.5");
	start("stlink-v3", 0.0);
	vb_pace_transfers(1000);
	vb_pace_device_ns(1000000000u);
	vb_pace_roundtrip();
	CHECK_EQ(vb_pace_now_ns(), 0, "scale 0: nothing takes time");
	CHECK_EQ(sleeps, 0, "scale 0: no sleep");
	start("stlink-v3", 2.0);
	vb_pace_tck(24);
	CHECK_EQ(vb_pace_now_ns(), 2000, "scale 2: 1 us of TCK is 2 us");
}

static void test_idle(void)
{
	start("stlink-v3", 1.0);
	vb_pace_transfers(3);
	vb_pace_roundtrip();
	CHECK_EQ(vb_pace_now_ns(), 255750, "first packet");
	fake_wall += 10000000; /* the host idles 10 ms */
	CHECK_EQ(vb_pace_now_ns(), 10255750, "between packets the modelled clock follows the wall");
	vb_pace_transfers(3);
	CHECK_EQ(vb_pace_now_ns(), 10261500, "the next packet starts at the wall time");
	fake_wall += 1000000; /* host work inside the packet */
	vb_pace_transfers(3);
	CHECK_EQ(vb_pace_now_ns(), 10267250, "inside a packet the wall clock is not looked at");
	vb_pace_roundtrip();
	CHECK_EQ(vb_pace_now_ns(), 11255750, "late packet: no time invented");
	CHECK_EQ(sleeps, 1, "a packet that is already late does not sleep");
}

/* The target runs while a response is in flight (vb_main.c) and may read
 * the clock after the wall clock passed the end of the round trip. */
static uint64_t seen_in_sleep;

static void sleep_with_target(uint64_t t)
{
	fake_wall = t + 50000;
	seen_in_sleep = vb_pace_now_ns();
	fake_wall += 10000; /* and the wall clock goes on after that read */
}

static void test_target_during_sleep(void)
{
	uint64_t before;

	start("stlink-v3", 1.0);
	vb_pace_set_clock(fake_wall_ns, sleep_with_target);
	vb_pace_transfers(1);
	before = vb_pace_now_ns();
	vb_pace_roundtrip();
	CHECK(seen_in_sleep >= before, "during the round trip the target sees time go on");
	CHECK(vb_pace_now_ns() >= seen_in_sleep,
	      "after the round trip the clock never goes back behind what the target saw");
	vb_pace_set_clock(fake_wall_ns, fake_sleep_until);
}

/*
 * The board does not stop while the probe clocks a packet: the target,
 * running during the round trip, sees the wall clock, not the end of the
 * packet's wire time; a device the debugger touches inside the packet
 * sees the access where the wire is.
 */
static uint64_t target_saw;

static void sleep_target_early(uint64_t t)
{
	(void)t;
	fake_wall = wall_at_start + 1000; /* 1 us into the round trip */
	target_saw = vb_pace_now_ns();
	fake_wall = t;
}

static void test_link_not_board_time(void)
{
	start("stlink-v3", 1.0);
	vb_pace_set_clock(fake_wall_ns, sleep_target_early);
	vb_pace_transfers(1000); /* 1000 x 1916.67 ns of wire */
	vb_pace_roundtrip();
	CHECK_EQ(target_saw, 1000, "the core during a packet's round trip sees wall time (1 us)");
	CHECK_EQ(last_sleep_until, 0, "(no fake sleep recorded by this sleeper)");
	CHECK(fake_wall - wall_at_start >= 1916666 + 250000,
	      "the round trip still lasts the packet's wire time and latency");
	vb_pace_set_clock(fake_wall_ns, fake_sleep_until);

	start("stlink-v3", 1.0);
	vb_pace_transfers(12); /* 23 us of wire, then a device access */
	CHECK_EQ(vb_pace_now_ns(), 23000, "a debugger access inside a packet happens at wire time");
	vb_pace_device_ns(5000);
	vb_pace_transfers(12);
	CHECK_EQ(vb_pace_now_ns(), 51000, "a device wait inside a packet holds the wire too");
	vb_pace_roundtrip();

	start("stlink-v3", 1.0);
	fake_wall += 2000;
	vb_pace_device_ns(3000); /* the core waits for a device */
	CHECK_EQ(vb_pace_now_ns(), 5000, "a core-side device wait starts from the wall clock");
	fake_wall += 10000;
	CHECK_EQ(vb_pace_now_ns(), 12000,
	         "... and opens no packet: the core's time follows the wall");
}

int main(void)
{
	vb_pace_set_clock(fake_wall_ns, fake_sleep_until);
	test_profiles();
	test_stlink_arithmetic();
	test_swclk();
	test_fast();
	test_link_not_board_time();
	test_scale();
	test_idle();
	test_target_during_sleep();
	return tap_done();
}
