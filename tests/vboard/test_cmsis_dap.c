// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CMSIS-DAP front-end (vboard/vb_cmsis_dap.c) against a fake DAP:
 * the reply bytes of every command, transfers and blocks with injected
 * WAIT and FAULT, the SWJ-DP pin protocol (JTAG at power-on, line reset,
 * DPIDR first), error replies, framing split at every byte, and a fuzz
 * loop. Expected bytes are worked out from the CMSIS-DAP command
 * reference (ARM-software/CMSIS-DAP ref_dap.txt) by hand.
 */
#include "../unit/tap.h"
#include "cmsis_fakes.h"
#include "vb_cmsis_dap.h"

#include <stdlib.h>

#define REQ(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

static struct vb_board board;
static struct vb_dap dap;
static struct vb_cmsis *cmsis;
static struct vb_buf out;

/* the payload of the last reply */
static uint8_t reply[2048];
static size_t reply_len;

static size_t put_frame(uint8_t *f, const uint8_t *p, size_t n)
{
	f[0] = 0x44; /* "DAP\0" little endian */
	f[1] = 0x41;
	f[2] = 0x50;
	f[3] = 0x00;
	f[4] = (uint8_t)n;
	f[5] = (uint8_t)(n >> 8);
	f[6] = 1; /* request */
	f[7] = 0;
	memcpy(f + 8, p, n);
	return n + 8;
}

/* Splits out into response frames; returns their number, -1 if malformed.
 * The last payload goes to reply[]. */
static int parse_replies(const uint8_t *p, size_t n)
{
	int frames = 0;

	while (n) {
		size_t len;

		if (n < 8 || p[0] != 0x44 || p[1] != 0x41 || p[2] != 0x50 || p[3] != 0 ||
		    p[6] != 2 || p[7] != 0)
			return -1;
		len = p[4] | (size_t)p[5] << 8;
		if (len > VB_CMSIS_PACKET_SIZE || n - 8 < len)
			return -1;
		memcpy(reply, p + 8, len);
		reply_len = len;
		p += 8 + len;
		n -= 8 + len;
		frames++;
	}
	return frames;
}

static void fresh(void)
{
	vb_cmsis_free(cmsis);
	fake_board_init(&board);
	fake_dap_init(&dap);
	fake_clear_counters();
	cmsis = vb_cmsis_new(&board, &dap);
	vb_buf_clear(&out);
}

/* Sends one command; returns the number of reply frames (-1: malformed). */
static int send(const uint8_t *p, size_t n)
{
	static uint8_t f[0x10010];
	size_t len = put_frame(f, p, n);

	vb_buf_clear(&out);
	reply_len = 0;
	if (vb_cmsis_feed(cmsis, f, len, &out) != VB_FEED_OK)
		return -2;
	return parse_replies(out.data, out.len);
}

static void expect(const char *name, const uint8_t *p, size_t n, const uint8_t *exp, size_t en)
{
	int frames = send(p, n);
	bool same = frames == 1 && reply_len == en && memcmp(reply, exp, en) == 0;

	if (!CHECK(same, name)) {
		printf("#   frames %d, got:", frames);
		for (size_t i = 0; i < reply_len; i++)
			printf(" %02x", reply[i]);
		printf("\n#   expected:");
		for (size_t i = 0; i < en; i++)
			printf(" %02x", exp[i]);
		printf("\n");
	}
}

/* OpenOCD's JTAG-to-SWD sequence (src/jtag/swd.h): 136 bits. */
#define JTAG_TO_SWD                                                                               \
	0x12, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x9e, 0xe7, 0xff, 0xff, 0xff, 0xff, \
	        0xff, 0xff, 0xff, 0x00
/* and its line reset: 64 bits */
#define LINE_RESET 0x12, 0x40, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00

/* Connected in SWD, DPIDR read: what OpenOCD does first. */
static void swd_up(void)
{
	send(REQ(0x02, 0x01));
	send(REQ(JTAG_TO_SWD));
	send(REQ(0x05, 0x00, 0x01, 0x02));
}

static void test_info(void)
{
	fresh();
	expect("Info vendor", REQ(0x00, 0x01),
	       REQ(0x00, 13, 'o', 'p', 'e', 'n', 'o', 'c', 'd', '-', 'x', 's', 'p', 'i', 0));
	expect("Info product", REQ(0x00, 0x02),
	       REQ(0x00, 17, 'v', 'b', 'o', 'a', 'r', 'd', ' ', 'C', 'M', 'S', 'I', 'S', '-', 'D',
	           'A', 'P', 0));
	expect("Info serial is the board name", REQ(0x00, 0x03),
	       REQ(0x00, 9, 'h', '7', '5', '0', 'b', '-', 'd', 'k', 0));
	expect("Info protocol version 2.1.0", REQ(0x00, 0x04),
	       REQ(0x00, 6, '2', '.', '1', '.', '0', 0));
	expect("Info device name", REQ(0x00, 0x06),
	       REQ(0x00, 12, 'S', 'T', 'M', '3', '2', 'H', '7', '5', '0', 'X', 'B', 0));
	expect("Info capabilities: SWD only", REQ(0x00, 0xF0), REQ(0x00, 0x01, 0x01));
	expect("Info packet count 4", REQ(0x00, 0xFE), REQ(0x00, 0x01, 0x04));
	expect("Info packet size 1280", REQ(0x00, 0xFF), REQ(0x00, 0x02, 0x00, 0x05));
	expect("Info SWO buffer size: none", REQ(0x00, 0xFD), REQ(0x00, 0x00));
	expect("Info unknown ID: Len 0", REQ(0x00, 0x42), REQ(0x00, 0x00));
	CHECK_EQ(fake_pace.roundtrips, 10, "one round trip per answered packet");
	CHECK_EQ(vb_stats.round_trips, 10, "round trips counted");
	CHECK_EQ(vb_stats.bad_packets, 0, "no bad packets so far");
}

static void test_framing(void)
{
	uint8_t f[32];
	size_t n;

	fresh();
	n = put_frame(f, REQ(0x00, 0xFE));
	vb_cmsis_feed(cmsis, f, n, &out);
	CHECK_EQ(out.len, 11, "reply frame: 8 header bytes + 3");
	CHECK(out.len == 11 && memcmp(out.data, REQ(0x44, 0x41, 0x50, 0x00, 0x03, 0x00, 0x02, 0x00,
	                                            0x00, 0x01, 0x04)) == 0,
	      "reply header: DAP\\0, length 3, type 2 (response), reserved 0");
	CHECK_EQ(vb_stats.bytes_in, 10, "bytes in counted");
	CHECK_EQ(vb_stats.bytes_out, 11, "bytes out counted");

	fresh();
	f[0] = 0x45;
	CHECK_EQ(vb_cmsis_feed(cmsis, f, n, &out), VB_FEED_ERROR, "wrong signature: close");
	CHECK_EQ(vb_stats.bad_packets, 1, "wrong signature counted");
	CHECK_EQ(out.len, 0, "wrong signature: no reply");
	n = put_frame(f, REQ(0x00, 0xFE));
	f[6] = 2;
	CHECK_EQ(vb_cmsis_feed(cmsis, f, n, &out), VB_FEED_ERROR,
	         "response type from the host: close");
	fresh();
	n = put_frame(f, REQ(0x00));
	f[4] = 0; /* zero-length payload */
	CHECK_EQ(vb_cmsis_feed(cmsis, f, 8, &out), VB_FEED_OK, "empty packet: keep going");
	CHECK(parse_replies(out.data, out.len) == 1 && reply_len == 1 && reply[0] == 0xFF,
	      "empty packet: DAP_ERROR");
	CHECK_EQ(vb_stats.bad_packets, 1, "empty packet counted");
}

static void test_oversized(void)
{
	static uint8_t big[1400];

	fresh();
	memset(big, 0, sizeof(big));
	big[0] = 0x00;
	big[1] = 0x01;
	CHECK_EQ(send(big, VB_CMSIS_PACKET_SIZE + 1), 1,
	         "request above the packet size: one reply");
	CHECK(reply_len == 1 && reply[0] == 0xFF, "request above the packet size: DAP_ERROR");
	CHECK_EQ(vb_stats.bad_packets, 1, "request above the packet size counted");
	CHECK_EQ(send(big, VB_CMSIS_PACKET_SIZE), 1,
	         "a request of exactly the packet size is fine");
	CHECK(reply_len == 15 && reply[0] == 0x00 && reply[1] == 13, "and is answered");
}

static void test_general(void)
{
	fresh();
	expect("HostStatus", REQ(0x01, 0x00, 0x01), REQ(0x01, 0x00));
	expect("Connect SWD", REQ(0x02, 0x01), REQ(0x02, 0x01));
	expect("Connect default is SWD", REQ(0x02, 0x00), REQ(0x02, 0x01));
	expect("Connect JTAG is refused", REQ(0x02, 0x02), REQ(0x02, 0x00));
	expect("Disconnect", REQ(0x03), REQ(0x03, 0x00));
	expect("TransferConfigure", REQ(0x04, 0x00, 0x40, 0x00, 0x00, 0x00), REQ(0x04, 0x00));
	expect("ResetTarget: no device-specific sequence", REQ(0x0A), REQ(0x0A, 0x00, 0x00));
	expect("Delay 1000 us", REQ(0x09, 0xE8, 0x03), REQ(0x09, 0x00));
	CHECK_EQ(fake_pace.device_ns, 1000000, "Delay is 1 ms of modelled time");
	expect("WriteABORT while not connected: DAP_ERROR", REQ(0x08, 0x00, 0x1E, 0, 0, 0),
	       REQ(0x08, 0xFF));
	expect("SWD_Configure", REQ(0x13, 0x00), REQ(0x13, 0x00));
	expect("SWJ_Clock 4 MHz", REQ(0x11, 0x00, 0x09, 0x3D, 0x00), REQ(0x11, 0x00));
	CHECK_EQ(fake_pace.swclk_hz, 4000000, "SWJ_Clock sets the modelled wire clock");
	expect("SWJ_Clock 0 Hz: DAP_ERROR", REQ(0x11, 0, 0, 0, 0), REQ(0x11, 0xFF));
	CHECK_EQ(fake_pace.swclk_hz, 4000000, "SWJ_Clock 0 changes nothing");

	swd_up();
	expect("WriteABORT", REQ(0x08, 0x00, 0x1E, 0, 0, 0), REQ(0x08, 0x00));
	CHECK(dap.aborts == 1 && dap.last_abort == 0x1E, "WriteABORT reaches the DP's ABORT");
}

static void test_pins(void)
{
	fresh();
	/* outputs start high: SWCLK SWDIO TDI nTRST read back, TDO and
	 * nRESET pulled up */
	expect("SWJ_Pins read", REQ(0x10, 0x00, 0x00, 0, 0, 0, 0), REQ(0x10, 0xAF));
	CHECK_EQ(dap.srst_calls, 0, "reading the pins drives nothing");
	expect("SWJ_Pins nRESET low", REQ(0x10, 0x00, 0x80, 0, 0, 0, 0), REQ(0x10, 0x2F));
	CHECK(dap.srst, "nRESET low asserts SRST");
	expect("SWJ_Pins nRESET high", REQ(0x10, 0x80, 0x80, 0, 0, 0, 0), REQ(0x10, 0xAF));
	CHECK(!dap.srst, "nRESET high releases SRST");
	expect("SWJ_Pins SWCLK low", REQ(0x10, 0x00, 0x01, 0, 0, 0, 0), REQ(0x10, 0xAE));
	send(REQ(0x10, 0x00, 0x80, 0, 0, 0, 0));
	vb_cmsis_connect(cmsis);
	CHECK(!dap.srst, "a new client releases nRESET the last one held");
}

static void test_swj_protocol(void)
{
	fresh();
	send(REQ(0x02, 0x01));
	expect("JTAG mode at power-on: no ACK", REQ(0x05, 0x00, 0x01, 0x02), REQ(0x05, 0x00, 0x07));
	expect("JTAG-to-SWD sequence", REQ(JTAG_TO_SWD), REQ(0x12, 0x00));
	CHECK_EQ(dap.resets, 1, "its line reset resets the DP");
	CHECK_EQ(fake_pace.tck, 136, "136 sequence cycles paced");
	expect("after the line reset an AP read is not answered", REQ(0x05, 0x00, 0x01, 0x0F),
	       REQ(0x05, 0x00, 0x07));
	expect("nor a DP write", REQ(0x05, 0x00, 0x01, 0x04, 0, 0, 0, 0x50), REQ(0x05, 0x00, 0x07));
	expect("nor a CSW read", REQ(0x05, 0x00, 0x01, 0x03), REQ(0x05, 0x00, 0x07));
	expect("DPIDR read", REQ(0x05, 0x00, 0x01, 0x02),
	       REQ(0x05, 0x01, 0x01, 0x77, 0x24, 0xA0, 0x6B));
	expect("then everything is answered", REQ(0x05, 0x00, 0x01, 0x06),
	       REQ(0x05, 0x01, 0x01, 0, 0, 0, 0));
	fake_pace.tck = 0;
	expect("line reset", REQ(LINE_RESET), REQ(0x12, 0x00));
	CHECK_EQ(fake_pace.tck, 64, "64 cycles paced");
	CHECK_EQ(dap.resets, 2, "a line reset resets the DP again");
	expect("line reset: CTRL/STAT read not answered", REQ(0x05, 0x00, 0x01, 0x06),
	       REQ(0x05, 0x00, 0x07));
	send(REQ(0x05, 0x00, 0x01, 0x02));
	/* OpenOCD's SWD-to-JTAG (swd.h): 56 ones, 0xE73C, 8 ones */
	expect("SWD-to-JTAG",
	       REQ(0x12, 0x50, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3c, 0xe7, 0xff),
	       REQ(0x12, 0x00));
	CHECK_EQ(dap.resets, 3, "its leading line reset resets the DP");
	expect("JTAG again: no ACK", REQ(0x05, 0x00, 0x01, 0x02), REQ(0x05, 0x00, 0x07));
	send(REQ(0x03));
	send(REQ(JTAG_TO_SWD));
	send(REQ(0x02, 0x01));
	expect("sequences while disconnected do not reach the target", REQ(0x05, 0x00, 0x01, 0x02),
	       REQ(0x05, 0x00, 0x07));
	/* TARGETSEL as OpenOCD 0.12 sends it: request, 5 input cycles, 32
	 * data bits + parity */
	expect("SWD_Sequence: TARGETSEL, ACK cycles read undriven",
	       REQ(0x1D, 0x03, 0x08, 0x99, 0x85, 0x21, 0x01, 0x00, 0x00, 0x00, 0x01),
	       REQ(0x1D, 0x00, 0x1F));
	expect("SWD_Sequence: JTAG-to-SWD select",
	       REQ(0x1D, 0x02, 0x38, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x10, 0x9e, 0xe7),
	       REQ(0x1D, 0x00));
	send(REQ(LINE_RESET));
	expect("DPIDR after the SWD_Sequence switch", REQ(0x05, 0x00, 0x01, 0x02),
	       REQ(0x05, 0x01, 0x01, 0x77, 0x24, 0xA0, 0x6B));
	expect("SWD_Sequence: 64 output cycles (info 0) and 4 more",
	       REQ(0x1D, 0x02, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x04, 0x00),
	       REQ(0x1D, 0x00));
	CHECK_EQ(dap.resets, 5, "are a line reset");
	expect("which wants a DPIDR read first", REQ(0x05, 0x00, 0x01, 0x06),
	       REQ(0x05, 0x00, 0x07));
}

static void test_transfer(void)
{
	fresh();
	expect("Transfer before Connect: nothing done", REQ(0x05, 0x00, 0x01, 0x02),
	       REQ(0x05, 0x00, 0x00));
	CHECK_EQ(dap.accesses, 0, "and the DAP saw nothing");
	swd_up();
	fake_clear_counters();
	expect("Transfer: DP read", REQ(0x05, 0x00, 0x01, 0x02),
	       REQ(0x05, 0x01, 0x01, 0x77, 0x24, 0xA0, 0x6B));
	CHECK_EQ(fake_pace.transfers, 1, "a DP read is one wire transfer");
	CHECK_EQ(fake_pace.roundtrips, 1, "and one round trip");
	fake_clear_counters();
	expect("Transfer: TAR write, two DRW reads, TAR read",
	       REQ(0x05, 0x00, 0x04, 0x05, 0x10, 0x00, 0x00, 0x00, 0x0F, 0x0F, 0x07),
	       REQ(0x05, 0x04, 0x01, 0x04, 0x00, 0x00, 0xA5, 0x05, 0x00, 0x00, 0xA5, 0x18, 0x00,
	           0x00, 0x00));
	/* TAR write, three posted AP reads, the RDBUFF read for the last */
	CHECK_EQ(fake_pace.transfers, 5, "posted AP reads cost a RDBUFF read on the wire");
	fake_clear_counters();
	send(REQ(0x05, 0x00, 0x02, 0x07, 0x02));
	CHECK_EQ(fake_pace.transfers, 3, "a DP read after an AP read: RDBUFF in between");
	fake_clear_counters();
	expect("Transfer: DRW write", REQ(0x05, 0x00, 0x01, 0x0D, 0x78, 0x56, 0x34, 0x12),
	       REQ(0x05, 0x01, 0x01));
	CHECK_EQ(fake_pace.transfers, 2, "a final write is checked with a RDBUFF read");
	CHECK_EQ(dap.mem[6], 0x12345678, "the DRW write reached memory at TAR 0x18");
	expect("Transfer: host RDBUFF read returns the last AP read",
	       REQ(0x05, 0x00, 0x02, 0x07, 0x0E),
	       REQ(0x05, 0x02, 0x01, 0x1C, 0, 0, 0, 0x1C, 0, 0, 0));
	expect("Transfer count 0", REQ(0x05, 0x00, 0x00), REQ(0x05, 0x00, 0x00));
}

static void test_match(void)
{
	fresh();
	swd_up();
	dap.ctrl_stat = 0xF0000000u;
	expect("match mask + matching read: no data",
	       REQ(0x05, 0x00, 0x02, 0x20, 0x00, 0x00, 0x00, 0xF0, 0x16, 0x00, 0x00, 0x00, 0xF0),
	       REQ(0x05, 0x02, 0x01));
	send(REQ(0x04, 0x00, 0x40, 0x00, 0x03, 0x00)); /* match retry 3 */
	fake_clear_counters();
	dap.accesses = 0;
	expect("mismatch: stops with the mismatch bit",
	       REQ(0x05, 0x00, 0x03, 0x20, 0x00, 0x00, 0x00, 0xF0, 0x16, 0x00, 0x00, 0x00, 0x30,
	           0x02),
	       REQ(0x05, 0x01, 0x11));
	CHECK_EQ(dap.accesses, 4, "match retry 3: four reads");
	CHECK_EQ(fake_pace.transfers, 4, "each read on the wire");
}

static void test_wait_fault(void)
{
	fresh();
	swd_up();
	dap.wait_count = 3;
	expect("WAITs are retried", REQ(0x05, 0x00, 0x01, 0x02),
	       REQ(0x05, 0x01, 0x01, 0x77, 0x24, 0xA0, 0x6B));
	send(REQ(0x04, 0x00, 0x01, 0x00, 0x00, 0x00)); /* WAIT retry 1 */
	dap.wait_count = 5;
	expect("WAIT beyond the retries: ACK WAIT, nothing done", REQ(0x05, 0x00, 0x01, 0x02),
	       REQ(0x05, 0x00, 0x02));
	dap.wait_count = 0;
	dap.fault_on = true;
	dap.fault_tar = 0x08;
	expect("FAULT stops the transfer, earlier data stays",
	       REQ(0x05, 0x00, 0x04, 0x05, 0x00, 0x00, 0x00, 0x00, 0x0F, 0x0F, 0x0F, 0x0F),
	       REQ(0x05, 0x03, 0x04, 0x00, 0x00, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA5));
}

static void test_block(void)
{
	uint8_t req[1300];
	size_t n = 0;

	fresh();
	swd_up();
	send(REQ(0x05, 0x00, 0x01, 0x05, 0x40, 0x00, 0x00, 0x00));
	expect("TransferBlock write 3 words",
	       REQ(0x06, 0x00, 0x03, 0x00, 0x0D, 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22,
	           0x33, 0x33, 0x33, 0x33),
	       REQ(0x06, 0x03, 0x00, 0x01));
	CHECK(dap.mem[16] == 0x11111111 && dap.mem[17] == 0x22222222 && dap.mem[18] == 0x33333333,
	      "the block reached memory");
	send(REQ(0x05, 0x00, 0x01, 0x05, 0x40, 0x00, 0x00, 0x00));
	fake_clear_counters();
	expect("TransferBlock read 4 words", REQ(0x06, 0x00, 0x04, 0x00, 0x0F),
	       REQ(0x06, 0x04, 0x00, 0x01, 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22, 0x33,
	           0x33, 0x33, 0x33, 0x13, 0x00, 0x00, 0xA5));
	CHECK_EQ(fake_pace.transfers, 5, "4 reads + the final RDBUFF on the wire");
	expect("TransferBlock DP read", REQ(0x06, 0x00, 0x02, 0x00, 0x02),
	       REQ(0x06, 0x02, 0x00, 0x01, 0x77, 0x24, 0xA0, 0x6B, 0x77, 0x24, 0xA0, 0x6B));
	dap.fault_on = true;
	dap.fault_tar = 0x48;
	send(REQ(0x05, 0x00, 0x01, 0x05, 0x40, 0x00, 0x00, 0x00));
	expect("TransferBlock FAULT at the third word", REQ(0x06, 0x00, 0x05, 0x00, 0x0F),
	       REQ(0x06, 0x02, 0x00, 0x04, 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22));
	dap.fault_on = false;
	send(REQ(0x05, 0x00, 0x01, 0x05, 0x40, 0x00, 0x00, 0x00));
	dap.wait_count = 2;
	expect("TransferBlock retries WAIT", REQ(0x06, 0x00, 0x01, 0x00, 0x0F),
	       REQ(0x06, 0x01, 0x00, 0x01, 0x11, 0x11, 0x11, 0x11));
	expect("TransferBlock of 0", REQ(0x06, 0x00, 0x00, 0x00, 0x0F),
	       REQ(0x06, 0x00, 0x00, 0x00));
	/* 319 words fill 4 + 1276 bytes: the largest read that fits */
	expect("TransferBlock read of 320 words does not fit: DAP_ERROR",
	       REQ(0x06, 0x00, 0x40, 0x01, 0x0F), REQ(0xFF));
	CHECK_EQ(send(REQ(0x06, 0x00, 0x3F, 0x01, 0x0F)), 1, "319 words: one reply");
	CHECK(reply_len == 1280 && reply[1] == 0x3F && reply[2] == 0x01 && reply[3] == 0x01,
	      "319 words: a full packet");
	req[n++] = 0x06;
	req[n++] = 0x00;
	req[n++] = 0x04;
	req[n++] = 0x00;
	req[n++] = 0x0D;
	memset(req + n, 0x5A, 12);
	expect("TransferBlock write with too few data words: DAP_ERROR", req, n + 12, REQ(0xFF));
}

static void test_errors(void)
{
	fresh();
	swd_up();
	fake_clear_counters();
	dap.accesses = 0;
	expect("truncated Transfer: DAP_ERROR", REQ(0x05, 0x00, 0x02, 0x0D, 0x01, 0x02), REQ(0xFF));
	CHECK_EQ(dap.accesses, 0, "and nothing of it was executed");
	CHECK_EQ(vb_stats.bad_packets, 1, "counted as a bad packet");
	expect("truncated SWJ_Sequence", REQ(0x12, 0x20, 0xff), REQ(0xFF));
	expect("truncated SWJ_Pins", REQ(0x10, 0x00, 0x80), REQ(0xFF));
	CHECK(!dap.srst, "and it did not drive the pin");
	expect("truncated Info", REQ(0x00), REQ(0xFF));
	CHECK_EQ(vb_stats.bad_packets, 4, "so far four");
	{
		uint8_t seq[34] = { 0x12, 0x00 }; /* bit count 0 = 256 bits */

		memset(seq + 2, 0, 32);
		fake_pace.tck = 0;
		expect("SWJ_Sequence of 256 bits (count 0)", seq, sizeof(seq), REQ(0x12, 0x00));
		CHECK_EQ(fake_pace.tck, 256, "256 cycles paced");
		expect("SWJ_Sequence of 256 bits with 31 bytes: DAP_ERROR", seq, sizeof(seq) - 1,
		       REQ(0xFF));
	}
	expect("truncated SWD_Sequence", REQ(0x1D, 0x01, 0x10, 0xff), REQ(0xFF));
	CHECK_EQ(vb_stats.bad_packets, 6, "each counted");
	expect("JTAG_Sequence is not implemented", REQ(0x14, 0x01, 0x08, 0xff), REQ(0xFF));
	expect("ExecuteCommands is not implemented", REQ(0x7F, 0x01, 0x00, 0x01), REQ(0xFF));
	expect("vendor command", REQ(0x80), REQ(0xFF));
	expect("unknown command", REQ(0x55, 0x01), REQ(0xFF));
	CHECK_EQ(vb_stats.bad_packets, 6, "unimplemented commands are not bad packets");
	CHECK_EQ(send(REQ(0x07)), 0, "TransferAbort has no reply");
	CHECK_EQ(vb_stats.round_trips, 11, "and is no round trip");
	expect("trailing bytes are ignored", REQ(0x00, 0xFE, 0x33, 0x44), REQ(0x00, 0x01, 0x04));
}

/* Three requests in one stream, fed split at every byte. */
static size_t split_stream(uint8_t *s)
{
	size_t n = 0;

	n += put_frame(s + n, REQ(0x00, 0x01));
	n += put_frame(s + n, REQ(0x05, 0x00, 0x03, 0x05, 0x20, 0x00, 0x00, 0x00, 0x0F, 0x02));
	n += put_frame(s + n, REQ(0x06, 0x00, 0x03, 0x00, 0x0F));
	n += put_frame(s + n, REQ(0x07));
	n += put_frame(s + n, REQ(0x00, 0xFF));
	return n;
}

static void split_run(const uint8_t *s, size_t n, size_t cut, uint8_t *res, size_t *res_len)
{
	fresh();
	swd_up();
	vb_buf_clear(&out);
	vb_cmsis_feed(cmsis, s, cut, &out);
	vb_cmsis_feed(cmsis, s + cut, n - cut, &out);
	memcpy(res, out.data, out.len);
	*res_len = out.len;
}

static void test_split(void)
{
	uint8_t s[128], ref[256], got[256];
	size_t n = split_stream(s), ref_len, got_len;
	int bad = 0;

	split_run(s, n, n, ref, &ref_len);
	CHECK_EQ(parse_replies(ref, ref_len), 4, "four replies to five requests (one abort)");
	for (size_t cut = 0; cut <= n; cut++) {
		split_run(s, n, cut, got, &got_len);
		if (got_len != ref_len || memcmp(got, ref, ref_len) != 0)
			bad++;
	}
	CHECK_EQ(bad, 0, "the same replies however the stream is cut in two");
	fresh();
	swd_up();
	vb_buf_clear(&out);
	for (size_t i = 0; i < n; i++)
		vb_cmsis_feed(cmsis, s + i, 1, &out);
	CHECK(out.len == ref_len && memcmp(out.data, ref, ref_len) == 0,
	      "and fed one byte at a time");
}

/* ---- fuzz ---------------------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static const uint8_t fuzz_ids[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
	                            0x0A, 0x10, 0x11, 0x12, 0x13, 0x1D, 0x14, 0x7F, 0xFF };

/* A payload: random bytes behind a known command ID, or a valid command
 * with a few bytes changed, cut or extended. */
static size_t fuzz_payload(uint8_t *p)
{
	static const uint8_t seeds[][16] = {
		{ 0x05, 0x00, 0x03, 0x05, 0x20, 0x00, 0x00, 0x00, 0x0F, 0x02 },
		{ 0x06, 0x00, 0x03, 0x00, 0x0F },
		{ 0x06, 0x00, 0x02, 0x00, 0x0D, 1, 2, 3, 4, 5, 6, 7, 8 },
		{ 0x1D, 0x02, 0x08, 0x99, 0x85, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 },
		{ 0x12, 0x40, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00 },
		{ 0x05, 0x00, 0x02, 0x20, 0x00, 0x00, 0x00, 0xF0, 0x16, 0x00, 0x00, 0x00, 0x30 },
	};
	size_t n;

	if (rnd() % 2) {
		n = 1 + rnd() % 48;
		for (size_t i = 0; i < n; i++)
			p[i] = (uint8_t)rnd();
		p[0] = fuzz_ids[rnd() % sizeof(fuzz_ids)];
		return n;
	}
	memcpy(p, seeds[rnd() % 6], 16);
	n = 1 + rnd() % 20;
	for (unsigned int k = rnd() % 4; k; k--)
		p[rnd() % n] = (uint8_t)rnd();
	return n;
}

static size_t fuzz_frame(uint8_t *f)
{
	static uint8_t p[1500];
	uint32_t kind = rnd() % 100;
	size_t n;

	if (kind < 5) { /* raw bytes: usually a bad header */
		n = 1 + rnd() % 64;
		for (size_t i = 0; i < n; i++)
			f[i] = (uint8_t)rnd();
		return n;
	}
	if (kind < 10) { /* any length up to 1400 */
		n = rnd() % 1400;
		for (size_t i = 0; i < n; i++)
			p[i] = (uint8_t)rnd();
		return put_frame(f, p, n);
	}
	n = fuzz_payload(p);
	return put_frame(f, p, n);
}

static void test_fuzz(void)
{
	static uint8_t f[2000];
	long frames = 0, errors = 0, malformed = 0, quits = 0;

	fresh();
	swd_up();
	for (int i = 0; i < 100000; i++) {
		size_t n = fuzz_frame(f), cut = rnd() % (n + 1);
		enum vb_feed_result r;

		vb_trace_mask = i >= 50000 ? 0xFFFFFFFFu : 0; /* half with traces */
		if (rnd() % 64 == 0) {
			dap.wait_count = rnd() % 4;
			dap.fault_on = rnd() % 2;
			dap.fault_tar = (rnd() % 16) * 4;
		}
		vb_buf_clear(&out);
		r = vb_cmsis_feed(cmsis, f, cut, &out);
		if (r == VB_FEED_OK)
			r = vb_cmsis_feed(cmsis, f + cut, n - cut, &out);
		if (r == VB_FEED_ERROR) {
			errors++;
			vb_cmsis_connect(cmsis);
			swd_up();
		} else if (r != VB_FEED_OK) {
			quits++;
		}
		if (parse_replies(out.data, out.len) < 0)
			malformed++;
		frames++;
	}
	vb_trace_mask = 0;
	printf("# fuzz: %ld frames, %ld closed the connection\n", frames, errors);
	CHECK_EQ(malformed, 0, "fuzz: every reply is a well-formed frame within the packet size");
	CHECK_EQ(quits, 0, "fuzz: never a QUIT");
	CHECK(errors > 0 && vb_stats.bad_packets > 0, "fuzz: bad input was seen and counted");
}

int main(void)
{
	test_info();
	test_framing();
	test_oversized();
	test_general();
	test_pins();
	test_swj_protocol();
	test_transfer();
	test_match();
	test_wait_fault();
	test_block();
	test_errors();
	test_split();
	test_fuzz();
	vb_cmsis_free(cmsis);
	vb_buf_free(&out);
	return tap_done();
}
