/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: a CMSIS-DAP v2 probe, served over TCP (vb_cmsis_* in vb.h).
 *
 * A byte-stream processor: vb_cmsis_feed() takes whatever the socket
 * delivered, cuts it into frames, executes each CMSIS-DAP command against
 * the SW-DP model (vb_dap_*) and appends one framed response per command.
 * The probe is SWD only (DAP_Info capabilities = SWD).
 *
 * What it models, beyond the command set:
 *  - The target's SWJ-DP pins: it starts in JTAG mode, listens for the
 *    JTAG-to-SWD select sequence and for SWD line resets in the bits of
 *    DAP_SWJ_Sequence / DAP_SWD_Sequence, and after a line reset answers
 *    nothing but a DPIDR read, as silicon does.
 *  - Immediate values: DAP_Transfer returns the value of each AP read
 *    itself, as probe firmware does after its internal RDBUFF read; the
 *    extra wire transfers that costs are charged to the modelled clock.
 *
 * Sources:
 *  [DAP]  CMSIS-DAP command reference (ARM-software/CMSIS-DAP,
 *         Documentation/Doxygen/src/ref_dap.txt): commands, fields, status.
 *  [TCP]  OpenOCD master src/jtag/drivers/cmsis_dap_tcp.c: the TCP framing
 *         (see vb_cmsis_dap.h). Read for the wire format only.
 *  [OOCD] OpenOCD 0.12.0 src/jtag/drivers/cmsis_dap.c and src/jtag/swd.h:
 *         what OpenOCD sends and how it reads the replies.
 *  [ADI5] ARM IHI 0031, ADIv5.2: B4.2 SWD transfers (posted AP reads,
 *         RDBUFF), B4.3.3 line reset, B5.2 SWJ-DP select sequences.
 *  [ADI6] ARM IHI 0074C, ADIv6.0, B4.3.3 "Connection and line reset
 *         sequence": after a line reset a DPIDR read takes the DP out of
 *         reset, a TARGETSEL write keeps it there, every other access is a
 *         protocol error (SWDIO not driven). Quoted in OpenOCD 0.12.0
 *         src/target/adi_v5_swd.c.
 *  [RM]   RM0433 (STM32H7), "SWJ debug port": the JTAG-DP is the one
 *         selected after a power-on reset.
 */
#include "vb.h"
#include "vb_cmsis_dap.h"
#include "vb_dap.h"
#include "vb_pace.h"

#include <stdlib.h>
#include <string.h>

/* Command IDs [DAP]. */
enum {
	ID_INFO = 0x00,
	ID_HOST_STATUS = 0x01,
	ID_CONNECT = 0x02,
	ID_DISCONNECT = 0x03,
	ID_TRANSFER_CONFIGURE = 0x04,
	ID_TRANSFER = 0x05,
	ID_TRANSFER_BLOCK = 0x06,
	ID_TRANSFER_ABORT = 0x07,
	ID_WRITE_ABORT = 0x08,
	ID_DELAY = 0x09,
	ID_RESET_TARGET = 0x0A,
	ID_SWJ_PINS = 0x10,
	ID_SWJ_CLOCK = 0x11,
	ID_SWJ_SEQUENCE = 0x12,
	ID_SWD_CONFIGURE = 0x13,
	ID_SWD_SEQUENCE = 0x1D,
};

/* Response status [DAP, "Response Status"]; DAP_ERROR is also the whole
 * reply to a command that is not implemented. */
#define DAP_OK    0x00u
#define DAP_ERROR 0xFFu

/* DAP_Info IDs [DAP, DAP_Info]. */
enum {
	INFO_VENDOR = 0x01,
	INFO_PRODUCT = 0x02,
	INFO_SERIAL = 0x03,
	INFO_PROTOCOL_VERSION = 0x04,
	INFO_DEVICE_VENDOR = 0x05,
	INFO_DEVICE_NAME = 0x06,
	INFO_BOARD_VENDOR = 0x07,
	INFO_BOARD_NAME = 0x08,
	INFO_FIRMWARE_VERSION = 0x09,
	INFO_CAPABILITIES = 0xF0,
	INFO_PACKET_COUNT = 0xFE,
	INFO_PACKET_SIZE = 0xFF,
};
#define INFO_CAPS_SWD 0x01u

/* DAP_Connect ports. */
enum cmsis_port {
	PORT_NONE = 0,
	PORT_SWD = 1,
	PORT_JTAG = 2,
};

/* Transfer Request bits [DAP, DAP_Transfer]. */
#define XFER_APNDP       0x01u
#define XFER_RNW         0x02u
#define XFER_A32         0x0Cu
#define XFER_MATCH_VALUE 0x10u
#define XFER_MATCH_MASK  0x20u

/* Transfer Response: ACK in bits 2:0, value mismatch in bit 4. */
#define ACK_OK        0x01u
#define ACK_WAIT      0x02u
#define ACK_FAULT     0x04u
#define ACK_NONE      0x07u /* SWDIO not driven by the target */
#define XFER_MISMATCH 0x10u

/* DAP_SWJ_Pins bits [DAP, DAP_SWJ_Pins]. */
#define PIN_SWCLK  0x01u
#define PIN_SWDIO  0x02u
#define PIN_TDI    0x04u
#define PIN_TDO    0x08u
#define PIN_NTRST  0x20u
#define PIN_NRESET 0x80u

/* DAP_SWD_Sequence info byte. */
#define SEQ_CYCLES 0x3Fu
#define SEQ_INPUT  0x80u

/* Probe defaults after power-up: the ARM reference firmware's WAIT retry
 * count (DAP.c, DAP_Setup(): transfer.retry_count = 100). */
#define DEFAULT_WAIT_RETRY 100u

/* SWJ-DP pin protocol [ADI5 B4.3.3, B5.2]: a line reset is at least 50
 * SWCLK cycles with SWDIO high; the 16-bit select sequences follow such a
 * run and are sent LSB first. */
#define SWJ_RESET_ONES  50u
#define SWJ_JTAG_TO_SWD 0xE79Eu
#define SWJ_SWD_TO_JTAG 0xE73Cu

/* The target's SWJ-DP as its pins see it. */
enum swj_state {
	SWJ_JTAG,      /* power-on default [RM]: SWD requests are not answered */
	SWJ_SWD_RESET, /* SWD after a line reset: only a DPIDR read is answered */
	SWJ_SWD,       /* SWD, any access */
};

/* Watches the SWDIO/TMS bits for line resets and select sequences. */
struct swj_watch {
	uint32_t ones;  /* current run of 1 bits (saturating) */
	bool capturing; /* 16 bits after a long run are being collected */
	unsigned int cap_n;
	uint32_t cap;
};

/* Firmware wire traffic around posted reads [ADI5 B4.2]: an SW-DP AP read
 * returns the previous AP read's result, so the firmware fetches the last
 * one from RDBUFF; a final write is checked by a RDBUFF read too. */
struct wire_run {
	bool ap_read_posted;
	bool write_unchecked;
};

struct vb_cmsis {
	struct vb_board *board;
	struct vb_dap *dap;

	/* framing: one frame being received */
	size_t rx_len;
	size_t frame_len; /* payload length once the header is in */

	/* probe state, set by the host */
	enum cmsis_port port;
	uint8_t pins;     /* DAP_SWJ_Pins outputs */
	bool srst_driven; /* we hold nRESET low */
	uint8_t idle_cycles;
	uint16_t wait_retry;
	uint16_t match_retry;
	uint32_t match_mask;
	uint8_t swd_conf;

	/* target side */
	enum swj_state swj;
	struct swj_watch watch;

	uint8_t rsp[VB_CMSIS_PACKET_SIZE];
	uint8_t rx[VB_CMSIS_HDR_SIZE + 0xFFFFu];
};

/* ---- request reader and response writer ---------------------------- */

struct req {
	const uint8_t *p;
	size_t len;
	size_t pos;
};

struct rsp {
	uint8_t *p;
	size_t cap;
	size_t len; /* may run past cap: the reply is then refused */
};

static bool req_left(const struct req *r, size_t n)
{
	return r->len - r->pos >= n;
}

/* Readers return 0 past the end; handlers check req_left() first. */
static uint8_t req_u8(struct req *r)
{
	return r->pos < r->len ? r->p[r->pos++] : 0;
}

static uint16_t req_u16(struct req *r)
{
	uint16_t lo = req_u8(r);

	return (uint16_t)(lo | (uint16_t)req_u8(r) << 8);
}

static uint32_t req_u32(struct req *r)
{
	uint32_t v = req_u16(r);

	return v | (uint32_t)req_u16(r) << 16;
}

static void rsp_u8(struct rsp *o, uint8_t v)
{
	if (o->len < o->cap)
		o->p[o->len] = v;
	o->len++;
}

static void rsp_u16(struct rsp *o, uint16_t v)
{
	rsp_u8(o, (uint8_t)v);
	rsp_u8(o, (uint8_t)(v >> 8));
}

static void rsp_u32(struct rsp *o, uint32_t v)
{
	rsp_u16(o, (uint16_t)v);
	rsp_u16(o, (uint16_t)(v >> 16));
}

/* Room for n more bytes. */
static bool rsp_fits(const struct rsp *o, size_t n)
{
	return o->len <= o->cap && o->cap - o->len >= n;
}

/* ---- wire time ------------------------------------------------------ */

/* n SWD transfers on the wire, with the idle cycles the host configured. */
static void wire_transfers(struct vb_cmsis *c, uint64_t n)
{
	vb_pace_transfers(n);
	if (c->idle_cycles)
		vb_pace_tck(n * c->idle_cycles);
}

static void wire_before(struct vb_cmsis *c, struct wire_run *run, uint8_t q)
{
	bool ap_read = (q & XFER_APNDP) && (q & XFER_RNW);

	if (run->ap_read_posted && !ap_read) {
		wire_transfers(c, 1);
		run->ap_read_posted = false;
	}
}

static void wire_after(struct wire_run *run, uint8_t q)
{
	if (q & XFER_RNW) {
		run->write_unchecked = false;
		run->ap_read_posted = (q & XFER_APNDP) != 0;
	} else {
		run->write_unchecked = true;
	}
}

static void wire_end(struct vb_cmsis *c, struct wire_run *run)
{
	if (run->ap_read_posted || run->write_unchecked)
		wire_transfers(c, 1);
	run->ap_read_posted = false;
	run->write_unchecked = false;
}

/* ---- the target's SWJ-DP pins --------------------------------------- */

static void swj_line_reset(struct vb_cmsis *c)
{
	if (c->swj == SWJ_JTAG)
		return; /* a JTAG TAP reset: not ours to model */
	c->swj = SWJ_SWD_RESET;
	vb_dap_reset(c->dap);
	vb_trace(VB_TR_CMSIS, "SWD line reset: DP waits for a DPIDR read");
}

static void swj_select(struct vb_cmsis *c, uint32_t seq)
{
	if (seq == SWJ_JTAG_TO_SWD && c->swj == SWJ_JTAG) {
		/* SWD now; the line reset that follows makes it usable */
		c->swj = SWJ_SWD_RESET;
		vb_trace(VB_TR_CMSIS, "SWJ-DP: JTAG-to-SWD select sequence");
	} else if (seq == SWJ_SWD_TO_JTAG && c->swj != SWJ_JTAG) {
		c->swj = SWJ_JTAG;
		vb_trace(VB_TR_CMSIS, "SWJ-DP: SWD-to-JTAG select sequence");
	}
}

static void swj_bit(struct vb_cmsis *c, bool bit)
{
	struct swj_watch *w = &c->watch;

	if (w->capturing) {
		w->cap |= (uint32_t)bit << w->cap_n;
		if (++w->cap_n == 16) {
			w->capturing = false;
			swj_select(c, w->cap);
		}
	}
	if (bit) {
		if (w->ones < SWJ_RESET_ONES && ++w->ones == SWJ_RESET_ONES)
			swj_line_reset(c);
		return;
	}
	if (w->ones >= SWJ_RESET_ONES) {
		/* a select sequence starts with a 0 right after the run */
		w->capturing = true;
		w->cap = 0;
		w->cap_n = 1;
	}
	w->ones = 0;
}

/* n bits LSB first from data, as driven on SWDIO/TMS. The pins only
 * reach the target while the probe drives them (after DAP_Connect). */
static void swj_bits(struct vb_cmsis *c, const uint8_t *data, unsigned int n)
{
	if (c->port == PORT_NONE)
		return;
	for (unsigned int i = 0; i < n; i++)
		swj_bit(c, (data[i / 8] >> (i % 8)) & 1u);
}

/* ---- SWD register accesses ------------------------------------------ */

static uint8_t wire_ack(enum vb_ack a)
{
	switch (a) {
	case VB_ACK_OK:
		return ACK_OK;
	case VB_ACK_WAIT:
		return ACK_WAIT;
	case VB_ACK_FAULT:
		return ACK_FAULT;
	}
	return ACK_NONE;
}

/* Whether the target answers this request at all [ADI6 B4.3.3]. */
static bool swj_answers(const struct vb_cmsis *c, uint8_t q)
{
	if (c->swj == SWJ_JTAG)
		return false;
	if (c->swj == SWJ_SWD_RESET)
		return !(q & XFER_APNDP) && (q & XFER_RNW) && (q & XFER_A32) == VB_DP_DPIDR;
	return true;
}

static uint8_t swd_access_once(struct vb_cmsis *c, uint8_t q, uint32_t *val)
{
	uint8_t addr = q & XFER_A32;
	enum vb_ack a;

	wire_transfers(c, 1);
	if (!swj_answers(c, q))
		return ACK_NONE;
	if (q & XFER_APNDP)
		a = (q & XFER_RNW) ? vb_dap_ap_read(c->dap, addr, val)
		                   : vb_dap_ap_write(c->dap, addr, *val);
	else
		a = (q & XFER_RNW) ? vb_dap_dp_read(c->dap, VB_DP_SWD, addr, val)
		                   : vb_dap_dp_write(c->dap, VB_DP_SWD, addr, *val);
	if (c->swj == SWJ_SWD_RESET && a == VB_ACK_OK)
		c->swj = SWJ_SWD;
	return wire_ack(a);
}

/* One register access with the configured number of WAIT retries. */
static uint8_t swd_access(struct vb_cmsis *c, uint8_t q, uint32_t *val)
{
	uint8_t ack = swd_access_once(c, q, val);

	for (uint32_t retry = 0; ack == ACK_WAIT && retry < c->wait_retry; retry++)
		ack = swd_access_once(c, q, val);
	return ack;
}

/* ---- DAP_Transfer --------------------------------------------------- */

static bool xfer_has_data(uint8_t q)
{
	return !(q & XFER_RNW) || (q & XFER_MATCH_VALUE);
}

static bool xfer_returns_data(uint8_t q)
{
	return (q & XFER_RNW) && !(q & XFER_MATCH_VALUE);
}

/* Checks that count transfers are all in the request and that their
 * reply fits; the request is left where it was. */
static bool transfer_fits(const struct req *r0, unsigned int count, const struct rsp *o)
{
	struct req r = *r0;
	size_t out = 2; /* count and response bytes */

	for (unsigned int i = 0; i < count; i++) {
		uint8_t q;

		if (!req_left(&r, 1))
			return false;
		q = req_u8(&r);
		if (xfer_has_data(q)) {
			if (!req_left(&r, 4))
				return false;
			r.pos += 4;
		}
		if (xfer_returns_data(q))
			out += 4;
	}
	return rsp_fits(o, out);
}

/* A read with value match [DAP, DAP_TransferConfigure "Match Retry"]: read
 * again until (value & mask) == match or the retries are used up. */
static uint8_t transfer_match(struct vb_cmsis *c, struct wire_run *run, uint8_t q, uint32_t match)
{
	uint32_t retry = c->match_retry;

	for (;;) {
		uint32_t v = 0;
		uint8_t ack;

		wire_before(c, run, q);
		ack = swd_access(c, q, &v);
		wire_after(run, q);
		if (ack != ACK_OK)
			return ack;
		if ((v & c->match_mask) == match)
			return ACK_OK;
		if (retry-- == 0)
			return ACK_OK | XFER_MISMATCH;
	}
}

static uint8_t transfer_one(struct vb_cmsis *c, struct wire_run *run, uint8_t q, struct req *r,
                            struct rsp *o)
{
	uint32_t v = 0;
	uint8_t ack;

	if (q & XFER_RNW) {
		if (q & XFER_MATCH_VALUE)
			return transfer_match(c, run, q, req_u32(r));
	} else {
		v = req_u32(r);
		if (q & XFER_MATCH_MASK) {
			c->match_mask = v; /* kept in the probe, no wire traffic */
			return ACK_OK;
		}
	}
	wire_before(c, run, q);
	ack = swd_access(c, q, &v);
	wire_after(run, q);
	if (ack == ACK_OK && (q & XFER_RNW))
		rsp_u32(o, v);
	return ack;
}

static int cmd_transfer(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	struct wire_run run = { 0 };
	unsigned int count, done = 0;
	size_t head;
	uint8_t ack = 0;

	if (!req_left(r, 2))
		return -1;
	req_u8(r); /* DAP index: JTAG only */
	count = req_u8(r);
	if (!transfer_fits(r, count, o))
		return -1;
	head = o->len;
	rsp_u8(o, 0);
	rsp_u8(o, 0);
	/* Without DAP_Connect the firmware answers "nothing done". */
	if (c->port != PORT_SWD)
		return 0;
	for (; done < count; done++) {
		ack = transfer_one(c, &run, req_u8(r), r, o);
		if (ack != ACK_OK)
			break;
	}
	if (ack == ACK_OK)
		wire_end(c, &run);
	o->p[head] = (uint8_t)done;
	o->p[head + 1] = ack;
	if (vb_trace_mask & VB_TR_CMSIS)
		vb_trace(VB_TR_CMSIS, "DAP_Transfer %u of %u done, response 0x%02x", done, count,
		         ack);
	return 0;
}

/* ---- DAP_TransferBlock ---------------------------------------------- */

/* The largest block a packet can carry. */
#define BLOCK_MAX_WORDS (VB_CMSIS_PACKET_SIZE / 4)

/* n accesses one by one (DP registers, or a DP that does not answer). */
static size_t block_slow(struct vb_cmsis *c, uint8_t q, uint32_t *w, size_t n, uint8_t *ack)
{
	size_t done = 0;

	*ack = ACK_OK;
	while (done < n) {
		*ack = swd_access(c, q, &w[done]);
		if (*ack != ACK_OK)
			break;
		done++;
	}
	return done;
}

/* AP runs through vb_dap's block accessors, WAITs retried per access. */
static size_t block_fast(struct vb_cmsis *c, uint8_t q, uint32_t *w, size_t n, uint8_t *ack)
{
	uint8_t addr = q & XFER_A32;
	size_t done = 0;
	uint32_t retry = 0;

	for (;;) {
		enum vb_ack a = VB_ACK_OK;
		size_t k = (q & XFER_RNW)
		                   ? vb_dap_ap_read_block(c->dap, addr, w + done, n - done, &a)
		                   : vb_dap_ap_write_block(c->dap, addr, w + done, n - done, &a);

		done += k;
		wire_transfers(c, k + (done < n ? 1 : 0));
		*ack = wire_ack(a);
		if (done >= n)
			return n;
		retry = k ? 0 : retry;
		if (a != VB_ACK_WAIT || retry++ >= c->wait_retry)
			return done;
	}
}

static int cmd_transfer_block(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	uint32_t w[BLOCK_MAX_WORDS];
	struct wire_run run = { 0 };
	size_t n, done, head;
	uint8_t q, ack = 0;
	bool rnw;

	if (!req_left(r, 4))
		return -1;
	req_u8(r); /* DAP index */
	n = req_u16(r);
	q = req_u8(r);
	rnw = (q & XFER_RNW) != 0;
	if (n > BLOCK_MAX_WORDS || !rsp_fits(o, 3 + (rnw ? 4 * n : 0)) ||
	    (!rnw && !req_left(r, 4 * n)))
		return -1;
	head = o->len;
	rsp_u16(o, 0);
	rsp_u8(o, 0);
	if (c->port != PORT_SWD)
		return 0;
	for (size_t i = 0; !rnw && i < n; i++)
		w[i] = req_u32(r);
	if ((q & XFER_APNDP) && c->swj == SWJ_SWD)
		done = block_fast(c, q, w, n, &ack);
	else
		done = block_slow(c, q, w, n, &ack);
	for (size_t i = 0; rnw && i < done; i++)
		rsp_u32(o, w[i]);
	wire_after(&run, q);
	if (n && ack == ACK_OK)
		wire_end(c, &run);
	o->p[head] = (uint8_t)done;
	o->p[head + 1] = (uint8_t)(done >> 8);
	o->p[head + 2] = n ? ack : 0;
	if (vb_trace_mask & VB_TR_CMSIS)
		vb_trace(VB_TR_CMSIS, "DAP_TransferBlock %s 0x%x: %zu of %zu done, ACK %u",
		         rnw ? "read" : "write", q & 0x0Fu, done, n, ack);
	return 0;
}

/* ---- the other commands --------------------------------------------- */

static void rsp_info_string(struct rsp *o, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0; /* Len counts the NUL */

	if (n > 255 || !rsp_fits(o, 1 + n)) {
		rsp_u8(o, 0);
		return;
	}
	rsp_u8(o, (uint8_t)n);
	for (size_t i = 0; i < n; i++)
		rsp_u8(o, (uint8_t)s[i]);
}

static const char *info_string(const struct vb_cmsis *c, uint8_t id)
{
	const struct vb_board_info *bi = c->board ? vb_board_info(c->board) : NULL;

	switch (id) {
	case INFO_VENDOR:
		return "openocd-xspi";
	case INFO_PRODUCT:
		return "vboard CMSIS-DAP";
	case INFO_SERIAL:
		return bi ? bi->name : "vboard";
	case INFO_PROTOCOL_VERSION:
		return "2.1.0"; /* the command set [DAP] this follows */
	case INFO_DEVICE_VENDOR:
	case INFO_BOARD_VENDOR:
		return bi ? "STMicroelectronics" : NULL;
	case INFO_DEVICE_NAME:
		return bi ? bi->mcu : NULL;
	case INFO_BOARD_NAME:
		return bi ? bi->name : NULL;
	case INFO_FIRMWARE_VERSION:
		return "vboard 1";
	}
	return NULL;
}

static int cmd_info(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	uint8_t id;

	if (!req_left(r, 1))
		return -1;
	id = req_u8(r);
	switch (id) {
	case INFO_CAPABILITIES:
		rsp_u8(o, 1);
		rsp_u8(o, INFO_CAPS_SWD);
		break;
	case INFO_PACKET_COUNT:
		rsp_u8(o, 1);
		rsp_u8(o, VB_CMSIS_PACKET_COUNT);
		break;
	case INFO_PACKET_SIZE:
		rsp_u8(o, 2);
		rsp_u16(o, VB_CMSIS_PACKET_SIZE);
		break;
	default:
		/* strings; an ID we have nothing for answers Len = 0 */
		rsp_info_string(o, info_string(c, id));
		break;
	}
	return 0;
}

static int cmd_host_status(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	(void)c;
	if (!req_left(r, 2))
		return -1;
	rsp_u8(o, DAP_OK); /* LEDs: nothing to light */
	return 0;
}

static int cmd_connect(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	uint8_t port;

	if (!req_left(r, 1))
		return -1;
	port = req_u8(r);
	/* default (0) is SWD; JTAG is not offered (capabilities) */
	c->port = (port == PORT_NONE || port == PORT_SWD) ? PORT_SWD : PORT_NONE;
	rsp_u8(o, (uint8_t)c->port);
	return 0;
}

static int cmd_disconnect(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	(void)r;
	c->port = PORT_NONE;
	rsp_u8(o, DAP_OK);
	return 0;
}

static int cmd_transfer_configure(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	if (!req_left(r, 5))
		return -1;
	c->idle_cycles = req_u8(r);
	c->wait_retry = req_u16(r);
	c->match_retry = req_u16(r);
	rsp_u8(o, DAP_OK);
	return 0;
}

static int cmd_write_abort(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	uint32_t v;

	if (!req_left(r, 5))
		return -1;
	req_u8(r); /* DAP index */
	v = req_u32(r);
	if (c->port != PORT_SWD) {
		rsp_u8(o, DAP_ERROR);
		return 0;
	}
	/* a DP write to ABORT; the firmware does not look at its ACK */
	wire_transfers(c, 1);
	if (c->swj == SWJ_SWD)
		vb_dap_abort(c->dap, v);
	rsp_u8(o, DAP_OK);
	return 0;
}

static int cmd_delay(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	(void)c;
	if (!req_left(r, 2))
		return -1;
	vb_pace_device_ns((uint64_t)req_u16(r) * 1000u);
	rsp_u8(o, DAP_OK);
	return 0;
}

static int cmd_reset_target(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	(void)c;
	(void)r;
	rsp_u8(o, DAP_OK);
	rsp_u8(o, 0); /* no device-specific reset sequence */
	return 0;
}

static void set_srst(struct vb_cmsis *c, bool asserted)
{
	c->srst_driven = asserted;
	vb_dap_set_srst(c->dap, asserted);
	vb_trace(VB_TR_CMSIS, "nRESET %s", asserted ? "asserted" : "released");
}

/* What DAP_SWJ_Pins reads back: our outputs; TDO (SWO on these parts) and
 * nRESET with their pull-ups, nRESET low while we drive it low. */
static uint8_t pins_in(const struct vb_cmsis *c)
{
	uint8_t v = c->pins & (PIN_SWCLK | PIN_SWDIO | PIN_TDI | PIN_NTRST);

	v |= PIN_TDO;
	if (!c->srst_driven)
		v |= PIN_NRESET;
	return v;
}

static int cmd_swj_pins(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	uint8_t out, sel;

	if (!req_left(r, 6))
		return -1;
	out = req_u8(r);
	sel = req_u8(r);
	req_u32(r); /* pin wait: the modelled pins settle at once */
	c->pins = (uint8_t)((c->pins & ~sel) | (out & sel));
	if (sel & PIN_NRESET)
		set_srst(c, !(out & PIN_NRESET));
	rsp_u8(o, pins_in(c));
	return 0;
}

static int cmd_swj_clock(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	uint32_t hz;

	(void)c;
	if (!req_left(r, 4))
		return -1;
	hz = req_u32(r);
	if (hz)
		vb_pace_set_swclk_hz(hz);
	rsp_u8(o, hz ? DAP_OK : DAP_ERROR);
	return 0;
}

static int cmd_swj_sequence(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	unsigned int n;

	if (!req_left(r, 1))
		return -1;
	n = req_u8(r);
	n = n ? n : 256;
	if (!req_left(r, (n + 7) / 8))
		return -1;
	swj_bits(c, r->p + r->pos, n);
	r->pos += (n + 7) / 8;
	vb_pace_tck(n);
	rsp_u8(o, DAP_OK);
	return 0;
}

static int cmd_swd_configure(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	if (!req_left(r, 1))
		return -1;
	c->swd_conf = req_u8(r);
	rsp_u8(o, DAP_OK);
	return 0;
}

static unsigned int seq_cycles(uint8_t info)
{
	return (info & SEQ_CYCLES) ? (info & SEQ_CYCLES) : 64;
}

/* Checks a DAP_SWD_Sequence request and the room for its reply. */
static bool swd_sequence_fits(const struct req *r0, unsigned int count, const struct rsp *o)
{
	struct req r = *r0;
	size_t out = 1;

	for (unsigned int i = 0; i < count; i++) {
		uint8_t info;
		size_t bytes;

		if (!req_left(&r, 1))
			return false;
		info = req_u8(&r);
		bytes = (seq_cycles(info) + 7) / 8;
		if (info & SEQ_INPUT) {
			out += bytes;
		} else {
			if (!req_left(&r, bytes))
				return false;
			r.pos += bytes;
		}
	}
	return rsp_fits(o, out);
}

/* Input cycles read SWDIO undriven: the pull-up gives 1s (a multi-drop
 * TARGETSEL, the one use OpenOCD has for this command, is not ACKed). */
static void swd_sequence_input(struct rsp *o, unsigned int n)
{
	for (unsigned int i = 0; i < n; i += 8)
		rsp_u8(o, (uint8_t)(n - i >= 8 ? 0xFFu : (1u << (n - i)) - 1));
}

static int cmd_swd_sequence(struct vb_cmsis *c, struct req *r, struct rsp *o)
{
	unsigned int count;

	if (!req_left(r, 1))
		return -1;
	count = req_u8(r);
	if (!swd_sequence_fits(r, count, o))
		return -1;
	rsp_u8(o, DAP_OK);
	for (unsigned int i = 0; i < count; i++) {
		uint8_t info = req_u8(r);
		unsigned int n = seq_cycles(info);

		if (info & SEQ_INPUT) {
			swd_sequence_input(o, n);
		} else {
			swj_bits(c, r->p + r->pos, n);
			r->pos += (n + 7) / 8;
		}
		vb_pace_tck(n);
	}
	return 0;
}

/* ---- dispatch ------------------------------------------------------- */

typedef int (*cmd_fn)(struct vb_cmsis *c, struct req *r, struct rsp *o);

struct cmd_def {
	const char *name;
	cmd_fn fn; /* NULL: not implemented, replies DAP_ERROR */
};

/* Named so that traces say what an unimplemented command was. */
static const struct cmd_def cmd_table[256] = {
	[ID_INFO] = { "DAP_Info", cmd_info },
	[ID_HOST_STATUS] = { "DAP_HostStatus", cmd_host_status },
	[ID_CONNECT] = { "DAP_Connect", cmd_connect },
	[ID_DISCONNECT] = { "DAP_Disconnect", cmd_disconnect },
	[ID_TRANSFER_CONFIGURE] = { "DAP_TransferConfigure", cmd_transfer_configure },
	[ID_TRANSFER] = { "DAP_Transfer", cmd_transfer },
	[ID_TRANSFER_BLOCK] = { "DAP_TransferBlock", cmd_transfer_block },
	[ID_TRANSFER_ABORT] = { "DAP_TransferAbort", NULL }, /* handled before */
	[ID_WRITE_ABORT] = { "DAP_WriteABORT", cmd_write_abort },
	[ID_DELAY] = { "DAP_Delay", cmd_delay },
	[ID_RESET_TARGET] = { "DAP_ResetTarget", cmd_reset_target },
	[ID_SWJ_PINS] = { "DAP_SWJ_Pins", cmd_swj_pins },
	[ID_SWJ_CLOCK] = { "DAP_SWJ_Clock", cmd_swj_clock },
	[ID_SWJ_SEQUENCE] = { "DAP_SWJ_Sequence", cmd_swj_sequence },
	[ID_SWD_CONFIGURE] = { "DAP_SWD_Configure", cmd_swd_configure },
	[0x14] = { "DAP_JTAG_Sequence", NULL },
	[0x15] = { "DAP_JTAG_Configure", NULL },
	[0x16] = { "DAP_JTAG_IDCODE", NULL },
	[0x17] = { "DAP_SWO_Transport", NULL },
	[0x18] = { "DAP_SWO_Mode", NULL },
	[0x19] = { "DAP_SWO_Baudrate", NULL },
	[0x1A] = { "DAP_SWO_Control", NULL },
	[0x1B] = { "DAP_SWO_Status", NULL },
	[0x1C] = { "DAP_SWO_Data", NULL },
	[ID_SWD_SEQUENCE] = { "DAP_SWD_Sequence", cmd_swd_sequence },
	[0x1E] = { "DAP_SWO_ExtendedStatus", NULL },
	[0x7E] = { "DAP_QueueCommands", NULL },
	[0x7F] = { "DAP_ExecuteCommands", NULL },
};

/*
 * Executes one command into c->rsp; returns the reply length. A command
 * whose request is short, or whose reply would not fit the packet size
 * (the host must keep both within it [DAP, "Commands"]), is refused with
 * DAP_ERROR before anything is done, and counted.
 */
static size_t run_command(struct vb_cmsis *c, const uint8_t *p, size_t len)
{
	struct req r = { .p = p, .len = len, .pos = 1 };
	struct rsp o = { .p = c->rsp, .cap = sizeof(c->rsp), .len = 0 };
	const struct cmd_def *def = &cmd_table[p[0]];

	rsp_u8(&o, p[0]);
	if (!def->fn) {
		c->rsp[0] = DAP_ERROR;
		o.len = 1;
	} else if (def->fn(c, &r, &o) < 0 || o.len > o.cap) {
		vb_stats.bad_packets++;
		c->rsp[0] = DAP_ERROR;
		o.len = 1;
	}
	if (vb_trace_mask & VB_TR_CMSIS)
		vb_trace(VB_TR_CMSIS, "%s (0x%02x), %zu bytes -> %zu bytes%s",
		         def->name ? def->name : "unknown command", p[0], len, o.len,
		         c->rsp[0] == DAP_ERROR && p[0] != DAP_ERROR ? ", DAP_ERROR" : "");
	return o.len;
}

static void put_frame(struct vb_buf *out, const uint8_t *payload, size_t len)
{
	uint8_t h[VB_CMSIS_HDR_SIZE] = {
		(uint8_t)VB_CMSIS_SIGNATURE,
		(uint8_t)(VB_CMSIS_SIGNATURE >> 8),
		(uint8_t)(VB_CMSIS_SIGNATURE >> 16),
		(uint8_t)(VB_CMSIS_SIGNATURE >> 24),
		(uint8_t)len,
		(uint8_t)(len >> 8),
		VB_CMSIS_TYPE_RESPONSE,
		0,
	};

	vb_buf_put(out, h, sizeof(h));
	vb_buf_put(out, payload, len);
	vb_stats.bytes_out += sizeof(h) + len;
}

/* One complete request frame: execute and answer (DAP_TransferAbort has
 * no answer [DAP]; every transfer here has completed before it arrives,
 * so there is nothing to abort). */
static void frame_done(struct vb_cmsis *c, struct vb_buf *out)
{
	const uint8_t *payload = c->rx + VB_CMSIS_HDR_SIZE;
	size_t len = c->frame_len;
	size_t n;

	if (len >= 1 && payload[0] == ID_TRANSFER_ABORT) {
		vb_trace(VB_TR_CMSIS, "DAP_TransferAbort: no transfer in progress");
		return;
	}
	if (len == 0 || len > VB_CMSIS_PACKET_SIZE) {
		vb_stats.bad_packets++;
		vb_trace(VB_TR_CMSIS, "request of %zu bytes refused (packet size %u)", len,
		         VB_CMSIS_PACKET_SIZE);
		c->rsp[0] = DAP_ERROR;
		n = 1;
	} else {
		n = run_command(c, payload, len);
	}
	put_frame(out, c->rsp, n);
	vb_stats.round_trips++;
	vb_pace_roundtrip();
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A header that is not ours means the stream is out of step: no way to
 * find the next frame, so the connection must go. */
static bool header_ok(struct vb_cmsis *c)
{
	const uint8_t *h = c->rx;

	if (get_le32(h) != VB_CMSIS_SIGNATURE || h[6] != VB_CMSIS_TYPE_REQUEST) {
		vb_stats.bad_packets++;
		vb_trace(VB_TR_CMSIS, "bad frame header %02x %02x %02x %02x %02x %02x %02x %02x",
		         h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
		return false;
	}
	c->frame_len = h[4] | (size_t)h[5] << 8;
	return true;
}

enum vb_feed_result vb_cmsis_feed(struct vb_cmsis *c, const uint8_t *in, size_t n,
                                  struct vb_buf *out)
{
	vb_stats.bytes_in += n;
	for (;;) {
		bool have_header = c->rx_len >= VB_CMSIS_HDR_SIZE;
		size_t want = have_header ? VB_CMSIS_HDR_SIZE + c->frame_len - c->rx_len
		                          : VB_CMSIS_HDR_SIZE - c->rx_len;
		size_t take = n < want ? n : want;

		if (take)
			memcpy(c->rx + c->rx_len, in, take);
		c->rx_len += take;
		in += take;
		n -= take;
		if (take < want)
			return VB_FEED_OK; /* the rest comes later */
		if (!have_header) {
			if (!header_ok(c)) {
				c->rx_len = 0;
				return VB_FEED_ERROR;
			}
			if (c->frame_len)
				continue;
		}
		frame_done(c, out);
		c->rx_len = 0;
	}
}

/* ---- life cycle ----------------------------------------------------- */

struct vb_cmsis *vb_cmsis_new(struct vb_board *b, struct vb_dap *d)
{
	struct vb_cmsis *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->board = b;
	c->dap = d;
	c->swj = SWJ_JTAG; /* [RM] */
	vb_cmsis_connect(c);
	return c;
}

void vb_cmsis_free(struct vb_cmsis *c)
{
	free(c);
}

/*
 * A new client is a freshly plugged-in probe: its settings are back to
 * power-up values and its pins are released (a probe that went away does
 * not keep nRESET low). The target keeps its state: the SWJ-DP stays in
 * whatever mode the last client left it.
 */
void vb_cmsis_connect(struct vb_cmsis *c)
{
	c->rx_len = 0;
	c->frame_len = 0;
	c->port = PORT_NONE;
	c->pins = 0xFF;
	c->idle_cycles = 0;
	c->wait_retry = DEFAULT_WAIT_RETRY;
	c->match_retry = 0;
	c->match_mask = 0;
	c->swd_conf = 0;
	memset(&c->watch, 0, sizeof(c->watch));
	if (c->srst_driven)
		set_srst(c, false);
	vb_pace_set_swclk_hz(0);
}
