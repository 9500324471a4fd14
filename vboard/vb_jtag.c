// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the JTAG scan chain of the STM32 parts and OpenOCD's
 * remote_bitbang protocol in front of it.
 *
 * The chain, TDI -> boundary-scan TAP -> Cortex-M7 JTAG-DP TAP -> TDO
 * (OpenOCD doc/openocd.texi, "JTAG TAP Order": on STM32 TDI enters the
 * boundary-scan TAP; target/stm32h7x.cfg and stm32f7x.cfg therefore declare
 * the cpu TAP first, it being nearest TDO).
 *
 * Sources:
 *  - IEEE 1149.1: the 16-state TAP controller, TMS/TDI sampled on the rising
 *    edge of TCK, TDO changed on the falling edge and driven only in
 *    Shift-IR/Shift-DR, registers captured on the rising edge leaving
 *    Capture-xR and updated on the falling edge in Update-xR, IDCODE (or
 *    BYPASS) selected in Test-Logic-Reset, IR capture ending in 0b01.
 *  - ARM IHI0031C (ADIv5.2) B3, JTAG-DP: IR length 4, capture 0b0001,
 *    ABORT 0b1000, DPACC 0b1010, APACC 0b1011, IDCODE 0b1110, BYPASS 0b1111
 *    and every other value selects BYPASS; DPACC/APACC are 35-bit scans
 *    (in: DATAIN[34:3], A[3:2] at [2:1], RnW at [0]; out: ReadResult[34:3],
 *    ACK[2:0]) whose capture returns the result of the previous transaction,
 *    ACK OK/FAULT = 0b010 and WAIT = 0b001.
 *  - The boundary-scan TAP: IR length 5 (stm32h7x.cfg, stm32f7x.cfg
 *    "-irlen 5"); BYPASS all ones and an IR capture ending in 0b01 are
 *    IEEE 1149.1 rules (OpenOCD checks capture & 0x3 == 0x1 for it). The
 *    capture value 0b00001 and the IDCODE opcode 0b00001 are taken from
 *    ST's BSDL files from memory, not re-checked here; IDCODE is selected
 *    by Test-Logic-Reset anyway, so OpenOCD never loads it. The boundary
 *    register is not modelled: every other instruction selects a one-bit
 *    bypass register.
 *  - OpenOCD 0.12 src/jtag/drivers/remote_bitbang.c: '0'..'7' = TCK<<2 |
 *    TMS<<1 | TDI, 'R' reads TDO as '0'/'1', 'r'..'u' = 'r' + (TRST<<1 |
 *    SRST), 'B'/'b' blink, 'Q' quit. bitbang.c samples TDO with TCK low,
 *    before the rising edge that shifts the bit out.
 */
#include "vb.h"
#include "vb_dap.h"
#include "vb_jtag.h"

#include <stdlib.h>

/* IEEE 1149.1 TAP controller states. */
enum tap_state {
	TLR,
	RTI,
	SELECT_DR,
	CAPTURE_DR,
	SHIFT_DR,
	EXIT1_DR,
	PAUSE_DR,
	EXIT2_DR,
	UPDATE_DR,
	SELECT_IR,
	CAPTURE_IR,
	SHIFT_IR,
	EXIT1_IR,
	PAUSE_IR,
	EXIT2_IR,
	UPDATE_IR,
};

/* Next state for TMS = 0 and TMS = 1 (IEEE 1149.1 TAP state diagram). */
static const uint8_t tap_next[16][2] = {
	[TLR] = { RTI, TLR },
	[RTI] = { RTI, SELECT_DR },
	[SELECT_DR] = { CAPTURE_DR, SELECT_IR },
	[CAPTURE_DR] = { SHIFT_DR, EXIT1_DR },
	[SHIFT_DR] = { SHIFT_DR, EXIT1_DR },
	[EXIT1_DR] = { PAUSE_DR, UPDATE_DR },
	[PAUSE_DR] = { PAUSE_DR, EXIT2_DR },
	[EXIT2_DR] = { SHIFT_DR, UPDATE_DR },
	[UPDATE_DR] = { RTI, SELECT_DR },
	[SELECT_IR] = { CAPTURE_IR, TLR },
	[CAPTURE_IR] = { SHIFT_IR, EXIT1_IR },
	[SHIFT_IR] = { SHIFT_IR, EXIT1_IR },
	[EXIT1_IR] = { PAUSE_IR, UPDATE_IR },
	[PAUSE_IR] = { PAUSE_IR, EXIT2_IR },
	[EXIT2_IR] = { SHIFT_IR, UPDATE_IR },
	[UPDATE_IR] = { RTI, SELECT_DR },
};

/* One TAP's instruction and the register currently between its TDI and
 * TDO: the IR during IR scans, the selected data register otherwise. */
struct tap {
	uint32_t ir;
	uint64_t sr;
	unsigned int sr_len; /* 1..64 */
};

struct vb_bitbang {
	struct vb_board *board;
	struct vb_dap *dap;
	enum tap_state state;
	struct tap bs;   /* boundary scan, next to TDI */
	struct tap dp;   /* JTAG-DP, next to TDO */
	bool shifted;    /* a bit went through Shift-DR since Capture-DR */
	uint32_t result; /* JTAG-DP ReadResult for the next capture */
	uint8_t ack;     /* JTAG-DP ACK for the next capture */
	bool tck, tdo, trst, srst;
	uint64_t feed_tck;   /* rising edges in the current feed */
	uint64_t feed_reads; /* 'R' answered in the current feed */
};

/* ---- the boundary-scan TAP -------------------------------------------- */

static unsigned int bs_dr_len(uint32_t ir)
{
	return ir == VB_BS_IR_IDCODE ? 32 : 1;
}

static uint64_t bs_capture_dr(const struct vb_bitbang *bb)
{
	if (bb->bs.ir == VB_BS_IR_IDCODE)
		return vb_board_info(bb->board)->jtag_bs_idcode;
	return 0; /* BYPASS captures 0 (IEEE 1149.1) */
}

/* ---- the JTAG-DP TAP ---------------------------------------------------- */

static bool dp_is_access(uint32_t ir)
{
	return ir == VB_DP_IR_DPACC || ir == VB_DP_IR_APACC || ir == VB_DP_IR_ABORT;
}

static unsigned int dp_dr_len(uint32_t ir)
{
	if (ir == VB_DP_IR_IDCODE)
		return 32;
	return dp_is_access(ir) ? VB_DP_ACC_BITS : 1;
}

static uint64_t dp_capture_dr(const struct vb_bitbang *bb)
{
	if (bb->dp.ir == VB_DP_IR_IDCODE)
		return vb_board_info(bb->board)->jtag_dap_idcode;
	if (dp_is_access(bb->dp.ir))
		return (uint64_t)bb->result << 3 | bb->ack;
	return 0;
}

static uint8_t jtag_ack(enum vb_ack ack)
{
	/* Transfers here complete at once, so WAIT never shows; FAULT is
	 * reported through CTRL/STAT, the ACK stays OK/FAULT. */
	return ack == VB_ACK_WAIT ? VB_JTAG_ACK_WAIT : VB_JTAG_ACK_OK_FAULT;
}

/* Update-DR of DPACC/APACC/ABORT: the transaction the scan asked for. Its
 * read result (0 for writes) comes out in the next capture. */
static void dp_update_dr(struct vb_bitbang *bb)
{
	uint64_t sr = bb->dp.sr;
	bool rnw = sr & 1;
	uint8_t addr = (uint8_t)(((sr >> 1) & 3) << 2);
	uint32_t data = (uint32_t)(sr >> 3);
	enum vb_ack ack = VB_ACK_OK;
	uint32_t val = 0;

	if (bb->dp.ir == VB_DP_IR_DPACC && rnw)
		ack = vb_dap_dp_read(bb->dap, VB_DP_JTAG, addr, &val);
	else if (bb->dp.ir == VB_DP_IR_DPACC)
		ack = vb_dap_dp_write(bb->dap, VB_DP_JTAG, addr, data);
	else if (bb->dp.ir == VB_DP_IR_APACC && rnw)
		ack = vb_dap_ap_read(bb->dap, addr, &val);
	else if (bb->dp.ir == VB_DP_IR_APACC)
		ack = vb_dap_ap_write(bb->dap, addr, data);
	else if (!rnw && addr == 0)
		/* JTAG-DP ABORT has DAPABORT only; bits 4:1 are SW-DP's. */
		vb_dap_abort(bb->dap, data & VB_DP_ABORT_DAPABORT);
	bb->result = val;
	bb->ack = jtag_ack(ack);
}

/* ---- the chain ---------------------------------------------------------- */

static void tap_load(struct tap *t, uint64_t val, unsigned int len)
{
	t->sr = val;
	t->sr_len = len;
}

/* Shift one bit in at the MSB end; return the LSB that falls out. */
static bool tap_shift(struct tap *t, bool in)
{
	bool out = t->sr & 1;

	t->sr >>= 1;
	if (in)
		t->sr |= 1ull << (t->sr_len - 1);
	return out;
}

static void chain_reset(struct vb_bitbang *bb)
{
	bb->state = TLR;
	bb->bs.ir = VB_BS_IR_IDCODE;
	bb->dp.ir = VB_DP_IR_IDCODE;
}

static void chain_capture_ir(struct vb_bitbang *bb)
{
	tap_load(&bb->bs, VB_BS_IR_CAPTURE, VB_BS_IR_LEN);
	tap_load(&bb->dp, VB_DP_IR_CAPTURE, VB_DP_IR_LEN);
}

static void chain_capture_dr(struct vb_bitbang *bb)
{
	tap_load(&bb->bs, bs_capture_dr(bb), bs_dr_len(bb->bs.ir));
	tap_load(&bb->dp, dp_capture_dr(bb), dp_dr_len(bb->dp.ir));
	bb->shifted = false;
}

static void chain_update_ir(struct vb_bitbang *bb)
{
	bb->bs.ir = (uint32_t)(bb->bs.sr & ((1u << VB_BS_IR_LEN) - 1));
	bb->dp.ir = (uint32_t)(bb->dp.sr & ((1u << VB_DP_IR_LEN) - 1));
	if (vb_trace_mask & VB_TR_JTAG)
		vb_trace(VB_TR_JTAG, "IR bs=0x%02x dp=0x%x", bb->bs.ir, bb->dp.ir);
}

static void chain_update_dr(struct vb_bitbang *bb)
{
	/* A scan that never shifted would replay its own capture as a
	 * request (e.g. a write of CTRL/STAT); only real scans go on. */
	if (dp_is_access(bb->dp.ir) && bb->shifted)
		dp_update_dr(bb);
}

static void tck_rise(struct vb_bitbang *bb, bool tms, bool tdi)
{
	bb->feed_tck++;
	if (bb->trst)
		return; /* held in Test-Logic-Reset */
	switch (bb->state) {
	case CAPTURE_DR:
		chain_capture_dr(bb);
		break;
	case CAPTURE_IR:
		chain_capture_ir(bb);
		break;
	case SHIFT_DR:
		bb->shifted = true;
		/* fall through */
	case SHIFT_IR:
		tap_shift(&bb->dp, tap_shift(&bb->bs, tdi));
		break;
	default:
		break;
	}
	bb->state = tap_next[bb->state][tms];
	if (bb->state == TLR)
		chain_reset(bb);
}

static void tck_fall(struct vb_bitbang *bb)
{
	/* Outside the shift states TDO floats; the board's pull-up wins. */
	bb->tdo = true;
	if (bb->state == SHIFT_DR || bb->state == SHIFT_IR)
		bb->tdo = bb->dp.sr & 1;
	else if (bb->state == UPDATE_IR)
		chain_update_ir(bb);
	else if (bb->state == UPDATE_DR)
		chain_update_dr(bb);
}

/* ---- remote_bitbang ------------------------------------------------------ */

static void set_pins(struct vb_bitbang *bb, unsigned int pins)
{
	bool tck = pins & 4, tms = pins & 2, tdi = pins & 1;

	if (tck && !bb->tck)
		tck_rise(bb, tms, tdi);
	else if (!tck && bb->tck)
		tck_fall(bb);
	bb->tck = tck;
}

static void set_resets(struct vb_bitbang *bb, bool trst, bool srst)
{
	bb->trst = trst;
	if (trst)
		chain_reset(bb);
	if (srst != bb->srst) {
		bb->srst = srst;
		vb_dap_set_srst(bb->dap, srst);
	}
}

struct vb_bitbang *vb_bitbang_new(struct vb_board *b, struct vb_dap *d)
{
	struct vb_bitbang *bb = calloc(1, sizeof(*bb));

	if (!bb)
		return NULL;
	bb->board = b;
	bb->dap = d;
	bb->ack = VB_JTAG_ACK_OK_FAULT;
	bb->bs.sr_len = 1;
	bb->dp.sr_len = 1;
	chain_reset(bb);
	bb->tdo = true;
	return bb;
}

void vb_bitbang_free(struct vb_bitbang *bb)
{
	free(bb);
}

/* A new client: the TAPs are in Test-Logic-Reset as after power-up (a
 * client always starts with a TMS reset anyway), TCK is low and a reset
 * line the previous client left asserted is released with its probe. */
void vb_bitbang_connect(struct vb_bitbang *bb)
{
	chain_reset(bb);
	bb->tck = false;
	bb->tdo = true;
	set_resets(bb, false, false);
}

/* Model time: TCK cycles, then a round trip when the client waited for
 * TDO values (bitbang.c blocks in read_sample() until they arrive). */
static void feed_account(struct vb_bitbang *bb)
{
	vb_stats.tck_cycles += bb->feed_tck;
	if (bb->feed_tck)
		vb_pace_tck(bb->feed_tck);
	if (bb->feed_reads) {
		vb_stats.round_trips++;
		vb_pace_roundtrip();
	}
	bb->feed_tck = 0;
	bb->feed_reads = 0;
}

/* One command byte; false when the client said goodbye. Unknown bytes are
 * counted and skipped: the protocol has no framing to lose, so the next
 * valid byte is understood as the client meant it. */
static bool feed_byte(struct vb_bitbang *bb, uint8_t c, struct vb_buf *out)
{
	if (c >= '0' && c <= '7') {
		set_pins(bb, c - '0');
	} else if (c == 'R') {
		vb_buf_put(out, bb->tdo ? "1" : "0", 1);
		vb_stats.bytes_out++;
		bb->feed_reads++;
	} else if (c >= 'r' && c <= 'u') {
		set_resets(bb, (c - 'r') & 2, (c - 'r') & 1);
	} else if (c == 'Q') {
		return false;
	} else if (c != 'B' && c != 'b') {
		vb_stats.bad_packets++;
	}
	return true;
}

enum vb_feed_result vb_bitbang_feed(struct vb_bitbang *bb, const uint8_t *in, size_t n,
                                    struct vb_buf *out)
{
	enum vb_feed_result res = VB_FEED_OK;

	for (size_t i = 0; i < n; i++) {
		vb_stats.bytes_in++;
		if (!feed_byte(bb, in[i], out)) {
			res = VB_FEED_QUIT;
			break;
		}
	}
	feed_account(bb);
	return res;
}
