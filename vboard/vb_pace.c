/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: probe profiles and real-time pacing (vb.h, "pacing").
 *
 * Three clocks:
 *  - the modelled clock M: the board's time, what the devices see
 *    (vb_pace_now_ns). Device costs (vb_pace_device_ns(), e.g. a DR access
 *    that waits for the chip) add to it;
 *  - the link clock L of the packet in progress: where the probe's wire
 *    is. Link costs (DAP transfers and TCK cycles at the wire clock) add
 *    to it, not to M: the board does not stop while the probe clocks a
 *    packet, so a chip started by the core keeps erasing while data for
 *    the next pages travel (the core runs while the host waits, rule 3).
 *    A debugger access to a device inside the packet happens at L: M is
 *    brought up to L then (devices see the access when the wire reaches
 *    it), and device waits inside a packet hold the wire too;
 *  - the wall clock W: CLOCK_MONOTONIC since vb_pace_init().
 *
 * Rules:
 *  1. --time-scale multiplies every increment of M, link and device times
 *     alike. Scaling both keeps their ratio, so a test at scale 0.01 sees
 *     the same protocol as at 1.0 (e.g. the same number of status polls
 *     during an erase), only faster. Only the host's own processing time
 *     is not scaled. M is kept in scaled time, so it compares with W.
 *  2. At the first pacing event after a round trip, M = max(M, W) and
 *     L = M: time the host spent idle is real time, and a burst after an
 *     idle period is not free. Later events of the same packet do not look
 *     at W, so host processing time inside a packet does not swallow its
 *     link time. Outside packets (the core running) M = max(M, W).
 *  3. vb_pace_roundtrip() sleeps until W >= max(M, L) + latency; M then
 *     follows W (rule 2) rather than being moved ahead first, so the
 *     target, which runs during the sleep, sees time pass smoothly.
 *     Nothing ever sleeps elsewhere, so the front-ends answer each packet
 *     at the wall-clock time the modelled probe would.
 *  4. The wire clock is min(requested, profile maximum), as on a probe:
 *     OpenOCD's `adapter speed` reaches us through DAP_SWJ_Clock.
 *  5. Profile "fast" has no link costs and never sleeps; device times
 *     still advance M (and M never falls behind W), so device models that
 *     compare deadlines with vb_pace_now_ns() behave the same.
 *
 * M is kept in picoseconds, and wire time carries its remainder from one
 * increment to the next, so that 46-cycle transfers at 24 MHz (1916.67 ns
 * each) add up exactly; 2^64 ps is 213 days of modelled time.
 */
#include "vb.h"
#include "vb_pace.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#define PS_PER_NS 1000u
#define PS_PER_S  1000000000000ull

/*
 * SWD transfer length on the wire (ARM IHI 0031, ADIv5.2, B4.2 "SWD
 * protocol operation"): 8-bit packet request, 1 turnaround, 3-bit ACK,
 * 32 data bits and parity, and the turnaround after the ACK of a write or
 * after the data of a read: 8 + 1 + 3 + 1 + 32 + 1 = 46 cycles, with no
 * idle cycles between transfers (OpenOCD's DAP_TransferConfigure asks
 * for 0; a host asking for more is charged them as TCK cycles).
 */
#define SWD_TRANSFER_BITS 46u

/*
 * USB 2.0 high speed schedules in 125 us microframes (USB 2.0
 * specification, 5.3.3 and 8.4.3.1). A synchronous command (bulk OUT)
 * and its response (bulk IN) normally land in different microframes, so
 * we charge two microframes per round trip. This is an estimate from the
 * bus structure, not a measurement of a particular probe and host.
 */
#define USB_HS_ROUNDTRIP_NS 250000u

static const struct vb_probe_profile vb_pace_profiles[] = {
	{
	        .name = "fast",
	        .swclk_hz = 0,
	        .bits_per_transfer = 0,
	        .roundtrip_ns = 0,
	        .source = "no link pacing: transfers and round trips cost nothing; device "
	                  "times still advance the modelled clock",
	},
	{
	        .name = "stlink-v3",
	        .swclk_hz = 24000000,
	        .bits_per_transfer = SWD_TRANSFER_BITS,
	        .roundtrip_ns = USB_HS_ROUNDTRIP_NS,
	        .source = "STLINK-V3SET: USB 2.0 high-speed (ST product page, UM2448); SWD "
	                  "clock up to 24 MHz (pyOCD PR #1283 'maximum rating of 24 MHz', "
	                  "probe-rs issue #184); 46 cycles per SWD transfer (ADIv5.2 B4.2); "
	                  "round trip = two 125 us HS microframes (USB 2.0 8.4.3.1), an "
	                  "estimate",
	},
	{
	        .name = "cmsis-dap-hs",
	        .swclk_hz = 10000000,
	        .bits_per_transfer = SWD_TRANSFER_BITS,
	        .roundtrip_ns = USB_HS_ROUNDTRIP_NS,
	        .source = "CMSIS-DAP v2 (bulk) probe on USB 2.0 high-speed with the ARM "
	                  "reference firmware's bit-banged SWD, whose clock is bounded by "
	                  "CPU_CLOCK/2/(IO_PORT_WRITE_CYCLES+delay) (ARM CMSIS-DAP "
	                  "Firmware/Source/DAP.c, MAX_SWJ_CLOCK); 10 MHz is an assumed "
	                  "practical maximum, not a measurement; 46 cycles per SWD transfer "
	                  "(ADIv5.2 B4.2); round trip = two 125 us HS microframes (USB 2.0 "
	                  "8.4.3.1), an estimate",
	},
};

#define VB_PACE_N_PROFILES (sizeof(vb_pace_profiles) / sizeof(vb_pace_profiles[0]))

static struct {
	const struct vb_probe_profile *prof;
	double scale;
	uint32_t swclk_req; /* DAP_SWJ_Clock, Hz; 0 = profile maximum */
	uint64_t model_ps;  /* M, scaled, since vb_pace_init() */
	uint64_t link_ps;   /* L of the packet in progress, scaled */
	uint64_t cycle_rem; /* ps fraction of the wire cycles so far, in 1/hz */
	uint64_t wall0;     /* W at vb_pace_init() */
	bool in_packet;     /* a pacing event since the last round trip */
	uint64_t (*wall_ns)(void);
	void (*sleep_until_ns)(uint64_t wall_ns);
} vb_pace = {
	.prof = &vb_pace_profiles[0],
	.scale = 1.0,
	.wall_ns = vb_pace_real_wall_ns,
	.sleep_until_ns = vb_pace_real_sleep_until,
};

uint64_t vb_pace_real_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void vb_pace_real_sleep_until(uint64_t wall_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(wall_ns / 1000000000u),
		.tv_nsec = (long)(wall_ns % 1000000000u),
	};

	/* Absolute deadline: a signal restarts the wait, not the delay. */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

void vb_pace_set_clock(uint64_t (*wall_ns)(void), void (*sleep_until_ns)(uint64_t wall_ns))
{
	vb_pace.wall_ns = wall_ns ? wall_ns : vb_pace_real_wall_ns;
	vb_pace.sleep_until_ns = sleep_until_ns ? sleep_until_ns : vb_pace_real_sleep_until;
}

/* W since vb_pace_init(), in ps. */
static uint64_t vb_pace_wall_ps(void)
{
	uint64_t w = vb_pace.wall_ns();

	return w > vb_pace.wall0 ? (w - vb_pace.wall0) * PS_PER_NS : 0;
}

int vb_pace_init(const char *profile, double time_scale)
{
	const struct vb_probe_profile *prof = NULL;

	for (size_t i = 0; i < VB_PACE_N_PROFILES; i++)
		if (profile && strcmp(profile, vb_pace_profiles[i].name) == 0)
			prof = &vb_pace_profiles[i];
	/* "!(x >= 0)" also refuses NaN; a scale above 1e6 would only
	 * overflow the modelled clock sooner. */
	if (!prof || !(time_scale >= 0.0) || time_scale > 1e6)
		return -1;
	vb_pace.prof = prof;
	vb_pace.scale = time_scale;
	vb_pace.swclk_req = 0;
	vb_pace.model_ps = 0;
	vb_pace.cycle_rem = 0;
	vb_pace.in_packet = false;
	vb_pace.wall0 = vb_pace.wall_ns();
	return 0;
}

const struct vb_probe_profile *vb_pace_profile(void)
{
	return vb_pace.prof;
}

const char *vb_pace_profile_names(void)
{
	return "fast,stlink-v3,cmsis-dap-hs";
}

void vb_pace_set_swclk_hz(uint32_t hz)
{
	vb_pace.swclk_req = hz;
	vb_pace.cycle_rem = 0; /* a fraction of the old clock's cycle */
}

uint32_t vb_pace_swclk_hz(void)
{
	uint32_t max = vb_pace.prof->swclk_hz;

	if (vb_pace.swclk_req && vb_pace.swclk_req < max)
		return vb_pace.swclk_req;
	return max;
}

/* Rule 1: every increment is scaled, rounded to the nearest ps. */
static uint64_t vb_pace_scale(uint64_t t)
{
	double v;

	if (vb_pace.scale == 1.0)
		return t;
	v = (double)t * vb_pace.scale + 0.5;
	/* 2^64 as a double: anything at or above it saturates. */
	return v >= 18446744073709551616.0 ? UINT64_MAX : (uint64_t)v;
}

uint64_t vb_pace_scaled_ns(uint64_t ns)
{
	return vb_pace_scale(ns);
}

/* Rule 2: the first event of a packet brings M up to W. */
static void vb_pace_open_packet(void)
{
	uint64_t w;

	if (vb_pace.in_packet)
		return;
	vb_pace.in_packet = true;
	w = vb_pace_wall_ps();
	if (w > vb_pace.model_ps)
		vb_pace.model_ps = w;
	vb_pace.link_ps = vb_pace.model_ps;
}

/* Saturating, so that an absurd time cannot wrap a clock around. */
static uint64_t vb_pace_sat_add(uint64_t a, uint64_t b)
{
	return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

/* Link time: the wire of the packet in progress moves on (rule 1, 2) */
static void vb_pace_add_link_ps(uint64_t raw_ps)
{
	vb_pace_open_packet();
	vb_pace.link_ps = vb_pace_sat_add(vb_pace.link_ps, vb_pace_scale(raw_ps));
}

/* Inside a packet a device access happens where the wire is: M >= L */
static void vb_pace_sync_to_link(void)
{
	if (vb_pace.in_packet && vb_pace.link_ps > vb_pace.model_ps)
		vb_pace.model_ps = vb_pace.link_ps;
}

/* Time of n wire cycles at the current clock, ps (0 under "fast"). The
 * remainder is carried, so that many short increments add up exactly. */
static uint64_t vb_pace_cycles_ps(uint64_t cycles)
{
	uint32_t hz = vb_pace_swclk_hz();
	unsigned __int128 t, ps;

	if (hz == 0)
		return 0;
	t = (unsigned __int128)cycles * PS_PER_S + vb_pace.cycle_rem;
	vb_pace.cycle_rem = (uint64_t)(t % hz);
	ps = t / hz;
	return ps > UINT64_MAX ? UINT64_MAX : (uint64_t)ps;
}

void vb_pace_transfers(uint64_t n)
{
	vb_pace_add_link_ps(vb_pace_cycles_ps(n * vb_pace.prof->bits_per_transfer));
}

void vb_pace_tck(uint64_t cycles)
{
	vb_pace_add_link_ps(vb_pace_cycles_ps(cycles));
}

/*
 * Device time: M moves on. Inside a packet (the debugger waits for the
 * device) the wire waits as well; outside (the core waits) M starts from
 * the wall clock, and no packet is opened: the core's time keeps
 * following W afterwards.
 */
void vb_pace_device_ns(uint64_t ns)
{
	uint64_t ps = vb_pace_scale(ns > UINT64_MAX / PS_PER_NS ? UINT64_MAX : ns * PS_PER_NS);

	if (vb_pace.in_packet) {
		vb_pace_sync_to_link();
		vb_pace.model_ps = vb_pace_sat_add(vb_pace.model_ps, ps);
		vb_pace.link_ps = vb_pace.model_ps;
		return;
	}
	uint64_t w = vb_pace_wall_ps();

	if (w > vb_pace.model_ps)
		vb_pace.model_ps = w;
	vb_pace.model_ps = vb_pace_sat_add(vb_pace.model_ps, ps);
}

/*
 * Rule 3: latency, then wait for the wall clock to catch up. The latency
 * is the host's wait, not target time: M is not moved ahead before the
 * sleep, so while the response is "in flight" the modelled clock follows
 * the wall clock (rule 2) and the target, which runs meanwhile
 * (vb_pace_set_clock), sees time pass as a board does during a USB round
 * trip instead of a frozen clock that jumps by the latency.
 */
void vb_pace_roundtrip(void)
{
	uint64_t lat = vb_pace_scale((uint64_t)vb_pace.prof->roundtrip_ns * PS_PER_NS);
	uint64_t until, w;

	vb_pace_open_packet();
	vb_pace.in_packet = false;
	until = vb_pace_sat_add(
	        vb_pace.link_ps > vb_pace.model_ps ? vb_pace.link_ps : vb_pace.model_ps, lat);
	if (vb_pace.prof->swclk_hz == 0) {
		vb_pace.model_ps = until;
		return;
	}
	w = vb_pace_wall_ps();
	if (w >= until) {
		if (w > vb_pace.model_ps)
			vb_pace.model_ps = w;
		return;
	}
	if (vb_trace_mask & VB_TR_PACE)
		vb_trace(VB_TR_PACE, "sleep %llu ns to modelled time %llu ns",
		         (unsigned long long)((until - w) / PS_PER_NS),
		         (unsigned long long)(until / PS_PER_NS));
	vb_pace.sleep_until_ns(vb_pace.wall0 + until / PS_PER_NS);
	/* the wall clock has reached the end of the round trip; M only ever
	 * moves forward (the target may have pushed it past `until` while it
	 * ran during the sleep: a clock going back would make a chip that
	 * was seen ready busy again) */
	w = vb_pace_wall_ps();
	if (w > vb_pace.model_ps)
		vb_pace.model_ps = w;
}

/* Between packets M is brought up to W (rule 2); inside a packet it is
 * what the packet has accumulated so far. */
uint64_t vb_pace_now_ns(void)
{
	vb_pace_sync_to_link();
	if (!vb_pace.in_packet) {
		uint64_t w = vb_pace_wall_ps();

		if (w > vb_pace.model_ps)
			vb_pace.model_ps = w;
	}
	return vb_pace.model_ps / PS_PER_NS;
}
