// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vb_jtag.c driven the way OpenOCD 0.12's bitbang.c drives remote_bitbang:
 * TAP reset, the IDCODE scan in chain order, IR capture values, bypass,
 * DPACC/APACC with posted results, sticky errors seen through CTRL/STAT,
 * TRST/SRST, 'Q', bad bytes, statistics, and a fuzz of random and mutated
 * streams. The DAP is the real vb_dap.c on a fake board.
 */
#include "tap.h"
#include "vb.h"
#include "vb_dap.h"
#include "vb_fakes.h"
#include "vb_jtag.h"

#include <stdlib.h>

static struct vb_board *board;
static struct vb_dap *dap;
static struct vb_bitbang *bb;
static struct vb_buf out;

/* The byte stream being built, fed at once by run(). */
static uint8_t stream[1 << 16];
static size_t stream_len;

static void put(uint8_t c)
{
	if (stream_len < sizeof(stream))
		stream[stream_len++] = c;
}

static void setup(const char *name)
{
	vb_bitbang_free(bb);
	vb_dap_free(dap);
	free(board);
	board = fake_board_new(name);
	dap = vb_dap_new(board);
	bb = vb_bitbang_new(board, dap);
	vb_bitbang_connect(bb);
	vb_buf_clear(&out);
	stream_len = 0;
	fake_stats_clear();
}

/* Feed the stream; the replies land in out. */
static enum vb_feed_result run(void)
{
	enum vb_feed_result r;

	vb_buf_clear(&out);
	r = vb_bitbang_feed(bb, stream, stream_len, &out);
	stream_len = 0;
	return r;
}

/* One TCK cycle as bitbang.c does it: TCK low with TMS/TDI, an optional
 * sample, TCK high. */
static void clk(int tms, int tdi, int sample)
{
	put((uint8_t)('0' + (tms << 1 | tdi)));
	if (sample)
		put('R');
	put((uint8_t)('4' + (tms << 1 | tdi)));
}

static void idle(void)
{
	put('0'); /* CLOCK_IDLE: TCK back low */
}

static void tap_reset(void)
{
	for (int i = 0; i < 6; i++)
		clk(1, 0, 0);
	clk(0, 0, 0); /* Run-Test/Idle */
	idle();
}

/* Append, from Run-Test/Idle, a scan of n bits (LSB of in[] first) that
 * samples every bit and returns to Run-Test/Idle through Update. */
static void build_scan(int ir, const uint8_t *in, unsigned int n)
{
	clk(1, 0, 0); /* Select-DR */
	if (ir)
		clk(1, 0, 0); /* Select-IR */
	clk(0, 0, 0);         /* Capture */
	clk(0, 0, 0);         /* Shift */
	for (unsigned int i = 0; i < n; i++)
		clk(i == n - 1, (in[i / 8] >> (i % 8)) & 1, 1);
	clk(1, 0, 0); /* Exit1 -> Update */
	clk(0, 0, 0); /* Run-Test/Idle */
	idle();
}

/* Run the stream built so far plus the scan; the bits read, packed like
 * in[], land in res. */
static void scan(int ir, const uint8_t *in, unsigned int n, uint8_t *res)
{
	build_scan(ir, in, n);
	run();
	for (unsigned int i = 0; i < n && i < out.len; i++) {
		if (i % 8 == 0)
			res[i / 8] = 0;
		res[i / 8] |= (uint8_t)((out.data[i] == '1') << (i % 8));
	}
}

static uint64_t bits(const uint8_t *b, unsigned int from, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)((b[(from + i) / 8] >> ((from + i) % 8)) & 1) << i;
	return v;
}

static void set_bits(uint8_t *b, unsigned int from, unsigned int n, uint64_t v)
{
	for (unsigned int i = 0; i < n; i++) {
		unsigned int k = from + i;

		b[k / 8] = (uint8_t)((b[k / 8] & ~(1u << (k % 8))) | (((v >> i) & 1) << (k % 8)));
	}
}

/* IR: the DP TAP (nearest TDO) takes the first 4 bits, BS the next 5. */
static void set_ir(uint32_t dp_ir, uint32_t bs_ir)
{
	uint8_t in[2] = { 0 }, res[2];

	set_bits(in, 0, 4, dp_ir);
	set_bits(in, 4, 5, bs_ir);
	scan(1, in, 9, res);
}

/* A DPACC/APACC scan with BS in bypass: 35 bits for the DP, 1 for BS.
 * Returns the 35 captured bits: ReadResult << 3 | ACK. */
static uint64_t dp_scan(int rnw, uint8_t a, uint32_t data)
{
	uint8_t in[5] = { 0 }, res[5] = { 0 };

	set_bits(in, 0, 35, (uint64_t)data << 3 | (uint64_t)(a >> 2) << 1 | (uint64_t)rnw);
	scan(0, in, 36, res);
	return bits(res, 0, 35);
}

static void test_idcodes(const char *name, uint32_t dp_id, uint32_t bs_id)
{
	uint8_t in[12], res[12] = { 0 };

	setup(name);
	memset(in, 0xFF, sizeof(in));
	tap_reset();
	scan(0, in, 96, res);
	CHECK_EQ(bits(res, 0, 32), dp_id, "first out: JTAG-DP IDCODE (nearest TDO)");
	CHECK_EQ(bits(res, 32, 32), bs_id, "then the boundary-scan IDCODE");
	CHECK_EQ(bits(res, 64, 32), 0xFFFFFFFF, "then what went in at TDI");
}

static void test_ir_capture_and_bypass(void)
{
	uint8_t in[4], res[4] = { 0 };

	setup("h750b-dk");
	tap_reset();
	memset(in, 0xFF, sizeof(in));
	scan(1, in, 20, res);
	CHECK_EQ(bits(res, 0, 4), 0x1, "JTAG-DP IR capture 0b0001");
	CHECK_EQ(bits(res, 4, 5), 0x01, "boundary-scan IR capture 0b00001");
	CHECK_EQ(bits(res, 9, 11), 0x7FF, "then the ones shifted in");
	memset(in, 0, sizeof(in));
	set_bits(in, 2, 8, 0xA5);
	scan(0, in, 12, res);
	CHECK_EQ(bits(res, 0, 2), 0, "both TAPs in BYPASS: two 0 bits first");
	CHECK_EQ(bits(res, 4, 8), 0xA5, "data delayed by two bits");
	set_ir(0x3, 0x02); /* unused DP code, BS SAMPLE: both bypass-like */
	memset(in, 0xFF, sizeof(in));
	scan(0, in, 4, res);
	CHECK_EQ(bits(res, 0, 4), 0xC, "other instructions select a 1-bit register");
}

static void test_dpacc(void)
{
	setup("h750b-dk");
	tap_reset();
	set_ir(VB_DP_IR_DPACC, VB_BS_IR_BYPASS);
	dp_scan(1, 0x0, 0);                /* read DPIDR */
	uint64_t cap = dp_scan(1, 0xC, 0); /* read RDBUFF, collect */

	CHECK_EQ(cap & 7, VB_JTAG_ACK_OK_FAULT, "ACK OK/FAULT");
	CHECK_EQ(cap >> 3, 0x6BA02477, "DPIDR arrives in the next scan");
	CHECK_EQ(dp_scan(0, 0x4, 0x50000000) >> 3, 0, "RDBUFF itself read 0");
	dp_scan(1, 0x4, 0);
	CHECK_EQ(dp_scan(1, 0xC, 0) >> 3, 0xF0000000, "CTRL/STAT power ACKs");
	set_ir(VB_DP_IR_IDCODE, VB_BS_IR_IDCODE);
	uint8_t in[8] = { 0 }, res[8];

	scan(0, in, 64, res);
	CHECK_EQ(bits(res, 0, 32), 0x6BA00477, "IDCODE instruction after DPACC");
}

static void test_apacc(void)
{
	uint64_t cap;

	setup("h750b-dk");
	tap_reset();
	set_ir(VB_DP_IR_DPACC, VB_BS_IR_BYPASS);
	dp_scan(0, 0x4, 0x50000000);
	dp_scan(0, 0x8, 0x00000000); /* SELECT: AP0 bank 0 */
	set_ir(VB_DP_IR_APACC, VB_BS_IR_BYPASS);
	dp_scan(0, 0x0, 0x23000012); /* CSW: word, single increment */
	dp_scan(0, 0x4, 0x20000100); /* TAR */
	cap = dp_scan(1, 0x4, 0);    /* read TAR ... */
	CHECK_EQ(cap >> 3, 0, "the read's own scan returns the previous (write) result");
	dp_scan(0, 0xC, 0xCAFEF00D); /* ... write DRW: its capture holds TAR */
	CHECK_EQ(fake_ram32(board, 0x20000100), 0xCAFEF00D, "DRW write reached the bus");
	dp_scan(1, 0x4, 0);
	set_ir(VB_DP_IR_DPACC, VB_BS_IR_BYPASS);
	cap = dp_scan(1, 0xC, 0);
	CHECK_EQ(cap >> 3, 0x20000104, "posted TAR read arrives with the RDBUFF scan");
	set_ir(VB_DP_IR_APACC, VB_BS_IR_BYPASS);
	dp_scan(0, 0x4, 0x20000100);
	dp_scan(1, 0xC, 0);
	cap = dp_scan(1, 0x4, 0);
	CHECK_EQ(cap >> 3, 0xCAFEF00D, "APACC DRW read, result in the next APACC scan");
	CHECK_EQ(vb_stats.mem_write_bytes, 4, "mem_write_bytes through JTAG");
}

static void test_sticky(void)
{
	uint64_t cap;

	setup("h750b-dk");
	tap_reset();
	set_ir(VB_DP_IR_DPACC, VB_BS_IR_BYPASS);
	dp_scan(0, 0x4, 0x50000000);
	dp_scan(0, 0x8, 0);
	set_ir(VB_DP_IR_APACC, VB_BS_IR_BYPASS);
	dp_scan(0, 0x0, 0x23000012);
	dp_scan(0, 0x4, 0x10000000); /* a hole */
	dp_scan(1, 0xC, 0);
	cap = dp_scan(0, 0x4, 0x20000000);
	CHECK_EQ(cap & 7, VB_JTAG_ACK_OK_FAULT, "a faulted access still ACKs OK/FAULT");
	dp_scan(0, 0xC, 0x11111111); /* discarded */
	CHECK_EQ(fake_ram32(board, 0x20000000), 0, "AP write discarded while sticky");
	set_ir(VB_DP_IR_ABORT, VB_BS_IR_BYPASS);
	dp_scan(0, 0x0, 0x1F); /* DAPABORT; the SW-DP clear bits do nothing */
	set_ir(VB_DP_IR_DPACC, VB_BS_IR_BYPASS);
	dp_scan(1, 0x4, 0);
	cap = dp_scan(1, 0xC, 0);
	CHECK_EQ(cap >> 3, 0xF0000020, "CTRL/STAT shows STICKYERR after JTAG ABORT");
	dp_scan(0, 0x4, 0x50000020); /* write 1 to clear */
	dp_scan(1, 0x4, 0);
	CHECK_EQ(dp_scan(1, 0xC, 0) >> 3, 0xF0000000, "STICKYERR cleared by W1C");
}

static void test_resets(void)
{
	uint8_t in[8] = { 0 }, res[8];

	setup("h750b-dk");
	tap_reset();
	set_ir(VB_DP_IR_BYPASS, VB_BS_IR_BYPASS);
	put('t');     /* TRST: both TAPs to Test-Logic-Reset, IR = IDCODE */
	clk(0, 0, 0); /* held in reset: these would reach Shift-DR */
	clk(1, 0, 0);
	clk(0, 0, 0);
	clk(0, 0, 0);
	put('r');
	clk(0, 0, 0); /* now to Run-Test/Idle */
	idle();
	run();
	scan(0, in, 64, res);
	CHECK_EQ(bits(res, 0, 32), 0x6BA00477, "TRST selected IDCODE again");
	put('s');
	run();
	CHECK(board->cpu.held, "'s' asserts SRST");
	put('u');
	run();
	CHECK(board->cpu.held && board->cpu.hold_calls == 1, "'u': SRST still asserted, no repeat");
	put('r');
	run();
	CHECK(!board->cpu.held && board->cpu.hold_calls == 2, "'r' releases SRST");
	put('s');
	run();
	vb_bitbang_connect(bb);
	CHECK(!board->cpu.held, "a new client releases a left-over SRST");
}

static void test_protocol(void)
{
	static const uint8_t junk[] = "Bb\nxZ\xff"
	                              "0R4R";
	enum vb_feed_result r;

	setup("h750b-dk");
	r = vb_bitbang_feed(bb, junk, sizeof(junk) - 1, &out);
	CHECK_EQ(r, VB_FEED_OK, "junk does not close the link");
	CHECK_EQ(vb_stats.bad_packets, 4, "bad bytes counted, blink is not bad");
	CHECK_EQ(out.len, 2, "one reply per R");
	CHECK_EQ(vb_stats.round_trips, 1, "one round trip for a feed with replies");
	CHECK_EQ(fake_paced_roundtrips, 1, "... paced");
	CHECK_EQ(vb_stats.tck_cycles, 1, "one rising edge");
	CHECK_EQ(fake_paced_tck, 1, "... paced");
	CHECK_EQ(vb_stats.bytes_in, 10, "bytes_in");
	CHECK_EQ(vb_stats.bytes_out, 2, "bytes_out");
	vb_buf_clear(&out);
	r = vb_bitbang_feed(bb, (const uint8_t *)"RQR", 3, &out);
	CHECK_EQ(r, VB_FEED_QUIT, "'Q' quits");
	CHECK_EQ(out.len, 1, "nothing after 'Q' is served");
	r = vb_bitbang_feed(bb, NULL, 0, &out);
	CHECK_EQ(r, VB_FEED_OK, "an empty feed is fine");
	fake_stats_clear();
	vb_bitbang_feed(bb, (const uint8_t *)"04666057", 8, &out);
	CHECK_EQ(vb_stats.tck_cycles, 2, "only a low-to-high TCK change is an edge");
}

/* The same stream fed whole and one byte at a time answers the same. */
static void test_split(void)
{
	static uint8_t copy[sizeof(stream)];
	uint8_t in[12], whole[96];
	size_t n;

	setup("f746g-disco");
	memset(in, 0xFF, sizeof(in));
	tap_reset();
	build_scan(0, in, 96);
	n = stream_len;
	memcpy(copy, stream, n);
	run();
	CHECK_EQ(out.len, 96, "96 replies fed whole");
	memcpy(whole, out.data, out.len < 96 ? out.len : 96);
	setup("f746g-disco");
	for (size_t i = 0; i < n; i++)
		vb_bitbang_feed(bb, &copy[i], 1, &out);
	CHECK_EQ(out.len, 96, "96 replies fed byte by byte");
	CHECK(out.len == 96 && memcmp(out.data, whole, 96) == 0, "... the same bits");
	CHECK_EQ(vb_stats.round_trips, 96, "a round trip per feed that answered");
}

static uint32_t rnd_state = 1;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

/* 200k random bytes in random chunks: never a crash, a reply for every
 * 'R', the link never ends ('Q' is kept out). */
static void test_fuzz_random(void)
{
	static uint8_t buf[200000];
	size_t reads = 0, pos = 0;
	int bad = 0;

	setup("h750b-dk");
	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = (uint8_t)rnd();
		if (buf[i] == 'Q')
			buf[i] = '0';
		reads += buf[i] == 'R';
	}
	while (pos < sizeof(buf)) {
		size_t chunk = 1 + rnd() % 700;

		if (chunk > sizeof(buf) - pos)
			chunk = sizeof(buf) - pos;
		bad |= vb_bitbang_feed(bb, buf + pos, chunk, &out) != VB_FEED_OK;
		pos += chunk;
	}
	CHECK(!bad, "random bytes never end the link");
	CHECK_EQ(out.len, reads, "one reply per 'R'");
}

/* Build a valid session: IR = DPACC, power up, SELECT AP0, then APACC
 * CSW, TAR and a DRW write of 0x12345678 to 0x20000000. */
static void build_session(void)
{
	static const struct {
		uint8_t a;
		uint32_t data;
	} ops[] = { { 0x4, 0x50000000 },
		    { 0x8, 0 },
		    { 0x0, 0x23000012 },
		    { 0x4, 0x20000000 },
		    { 0xC, 0x12345678 } };
	uint8_t ir[2] = { 0 }, acc[5];

	tap_reset();
	set_bits(ir, 0, 4, VB_DP_IR_DPACC);
	set_bits(ir, 4, 5, VB_BS_IR_BYPASS);
	build_scan(1, ir, 9);
	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		if (k == 2) {
			set_bits(ir, 0, 4, VB_DP_IR_APACC);
			build_scan(1, ir, 9);
		}
		memset(acc, 0, sizeof(acc));
		set_bits(acc, 0, 35, (uint64_t)ops[k].data << 3 | (uint64_t)(ops[k].a >> 2) << 1);
		build_scan(0, acc, 36);
	}
}

/* 2000 copies of a valid session with 8 bytes replaced by other valid
 * commands each, then the same TAPs must still scan their IDCODEs. */
static void test_fuzz_mutated(void)
{
	static uint8_t valid[sizeof(stream)];
	uint8_t in[8] = { 0 }, res[8] = { 0 };
	size_t len;

	setup("h735g-dk");
	build_session();
	len = stream_len;
	memcpy(valid, stream, len);
	run();
	CHECK_EQ(fake_ram32(board, 0x20000000), 0x12345678, "the unmutated session works");
	for (int m = 0; m < 2000; m++) {
		memcpy(stream, valid, len);
		for (int j = 0; j < 8; j++)
			stream[rnd() % len] = (uint8_t)("01234567Rrstu"[rnd() % 13]);
		stream_len = len;
		run();
		if ((m & 63) == 0)
			vb_bitbang_connect(bb);
	}
	vb_bitbang_connect(bb);
	tap_reset();
	scan(0, in, 64, res);
	CHECK_EQ(bits(res, 0, 32), 0x6BA00477, "after 2000 mutated sessions: DP IDCODE");
	CHECK_EQ(bits(res, 32, 32), 0x06483041, "... and boundary-scan IDCODE");
}

int main(void)
{
	test_idcodes("h750b-dk", 0x6BA00477, 0x06450041);
	test_idcodes("h735g-dk", 0x6BA00477, 0x06483041);
	test_idcodes("f746g-disco", 0x5BA00477, 0x06449041);
	test_ir_capture_and_bypass();
	test_dpacc();
	test_apacc();
	test_sticky();
	test_resets();
	test_protocol();
	test_split();
	test_fuzz_random();
	test_fuzz_mutated();
	vb_bitbang_free(bb);
	vb_dap_free(dap);
	free(board);
	vb_buf_free(&out);
	return tap_done();
}
