// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The HyperRAM model (vboard/vb_hyperram.c) driven through its API the way
 * the OCTOSPI model will drive it, against a fake vb_guest_error that
 * counts. Expected values are literals from the facts cited at the top of
 * vb_hyperram.c (CR0 0x8F1F, CR1 0x0002, ID0 0x0C81 / 0x4C81, IL codes,
 * BL codes, HBE = 0 hybrid) and from the array itself (read before the
 * access, never through the model under test).
 */
#include "tap.h"
#include "vb.h"
#include "vb_hyperram.h"

#include <stdarg.h>
#include <stdbool.h>
#include <ctype.h>

/* ---- fakes ------------------------------------------------------------------- */

static int guest_errors;
static char last_error[256];

void vb_guest_error(uint32_t addr, const char *fmt, ...)
{
	va_list ap;

	(void)addr;
	guest_errors++;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

/* ---- helpers ----------------------------------------------------------------- */

#define MIB     (1u << 20)
#define DIE1    (8u * MIB)
#define CR0     0x1000u
#define CR1     0x1002u
#define ID0     0x0000u
#define ID1     0x0002u
#define CR0_POR 0x8F1Fu
#define LAT_POR 12u /* IL 6, fixed latency: 2 x 6 */
#define BIG     512u

static void mem_read(struct vb_hyperram *h, uint32_t addr, uint8_t *buf, uint32_t len, uint32_t lat)
{
	struct vb_hbus_xfer x = { .read = true,
		                  .linear = true,
		                  .addr = addr,
		                  .latency_clocks = lat,
		                  .dqs = true,
		                  .len = len,
		                  .buf = buf };

	vb_hyperram_xfer(h, &x);
}

static void mem_write(struct vb_hyperram *h, uint32_t addr, const uint8_t *buf, uint32_t len,
                      uint32_t lat)
{
	uint8_t tmp[BIG];
	struct vb_hbus_xfer x = { .read = false,
		                  .linear = true,
		                  .addr = addr,
		                  .latency_clocks = lat,
		                  .dqs = true,
		                  .len = len,
		                  .buf = tmp };

	memcpy(tmp, buf, len);
	vb_hyperram_xfer(h, &x);
}

static void wrap_read(struct vb_hyperram *h, uint32_t addr, uint8_t *buf, uint32_t len,
                      uint32_t wrap, uint32_t lat)
{
	struct vb_hbus_xfer x = { .read = true,
		                  .linear = false,
		                  .addr = addr,
		                  .latency_clocks = lat,
		                  .wrap_bytes = wrap,
		                  .dqs = true,
		                  .len = len,
		                  .buf = buf };

	vb_hyperram_xfer(h, &x);
}

static uint16_t reg_read(struct vb_hyperram *h, uint32_t addr, uint32_t lat)
{
	uint8_t b[2] = { 0 };
	struct vb_hbus_xfer x = { .read = true,
		                  .reg_space = true,
		                  .linear = true,
		                  .addr = addr,
		                  .latency_clocks = lat,
		                  .dqs = true,
		                  .len = 2,
		                  .buf = b };

	vb_hyperram_xfer(h, &x);
	return (uint16_t)(b[0] | b[1] << 8);
}

static uint16_t reg_read_dqs_off(struct vb_hyperram *h, uint32_t addr)
{
	uint8_t b[2] = { 0 };
	struct vb_hbus_xfer x = { .read = true,
		                  .reg_space = true,
		                  .linear = true,
		                  .addr = addr,
		                  .latency_clocks = LAT_POR,
		                  .dqs = false,
		                  .len = 2,
		                  .buf = b };

	vb_hyperram_xfer(h, &x);
	return (uint16_t)(b[0] | b[1] << 8);
}

static void reg_write(struct vb_hyperram *h, uint32_t addr, uint16_t v, uint32_t lat)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	struct vb_hbus_xfer x = { .read = false,
		                  .reg_space = true,
		                  .linear = true,
		                  .addr = addr,
		                  .latency_clocks = lat,
		                  .dqs = true,
		                  .len = 2,
		                  .buf = b };

	vb_hyperram_xfer(h, &x);
}

static void pattern(uint8_t *b, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		b[i] = (uint8_t)(seed * 131u + i * 7u + (i >> 8) + 1u);
}

static struct vb_hyperram *fresh(void)
{
	struct vb_hyperram *h = vb_hyperram_new("S70KL1281");

	if (!h) {
		printf("Bail out! cannot create S70KL1281\n");
		exit(1);
	}
	guest_errors = 0;
	return h;
}

/* ---- power-on state ---------------------------------------------------------- */

static void test_power_on(void)
{
	struct vb_hyperram *h = fresh();
	struct vb_hyperram *h2 = fresh();
	uint8_t *m = vb_hyperram_array(h);
	uint32_t zeros = 0;

	CHECK(vb_hyperram_new("S27KL9999") == NULL, "unknown part: NULL");
	CHECK(vb_hyperram_new(NULL) == NULL, "NULL part name: NULL");
	CHECK_EQ(vb_hyperram_size(h), 16 * MIB, "S70KL1281 is 16 MiB");
	CHECK(!strcmp(vb_hyperram_name(h), "S70KL1281"), "name");
	CHECK_EQ(vb_hyperram_reg(h, CR0), CR0_POR, "die 0 CR0 power-on 0x8F1F");
	CHECK_EQ(vb_hyperram_reg(h, DIE1 + CR0), CR0_POR, "die 1 CR0 power-on 0x8F1F");
	CHECK_EQ(vb_hyperram_reg(h, CR1), 0x0002, "die 0 CR1 power-on DRI = 10");
	CHECK_EQ(vb_hyperram_reg(h, DIE1 + CR1), 0x0002, "die 1 CR1 power-on DRI = 10");
	CHECK_EQ(vb_hyperram_reg(h, ID0), 0x0C81, "die 0 ID0: Cypress, 9 col, 13 row, die 0");
	CHECK_EQ(vb_hyperram_reg(h, DIE1 + ID0), 0x4C81, "die 1 ID0: die address 01");
	CHECK_EQ(vb_hyperram_reg(h, ID1), 0x0000, "ID1: HyperRAM");
	CHECK_EQ(vb_hyperram_reg(h, DIE1 + ID1), 0x0000, "die 1 ID1: HyperRAM");
	CHECK_EQ(reg_read(h, ID0, LAT_POR), 0x0C81, "ID0 over the bus, 12 latency clocks");
	CHECK_EQ(reg_read(h, DIE1 + ID0, LAT_POR), 0x4C81, "die 1 ID0 over the bus");
	CHECK_EQ(reg_read(h, CR0, LAT_POR), CR0_POR, "CR0 over the bus");
	CHECK_EQ(reg_read(h, DIE1 + CR1, LAT_POR), 0x0002, "die 1 CR1 over the bus");
	CHECK_EQ(guest_errors, 0, "power-on register reads: no guest error");

	for (uint32_t i = 0; i < 65536; i++)
		zeros += m[i] == 0 && m[DIE1 + i] == 0;
	CHECK(zeros < 64, "content after creation is not zeros");
	CHECK(!memcmp(m, vb_hyperram_array(h2), 16 * MIB), "content is deterministic");
	CHECK(memcmp(m, m + DIE1, 4096) != 0, "the two dies do not repeat the pattern");
	vb_hyperram_free(h2);
	vb_hyperram_free(h);
}

/* ---- linear round trips ------------------------------------------------------ */

static void test_linear(void)
{
	struct vb_hyperram *h = fresh();
	uint8_t *m = vb_hyperram_array(h);
	static const uint32_t bases[] = { 0,    0x10,           0x1234,          0x7FF000,
		                          DIE1, DIE1 + 0x55550, 16 * MIB - 0x400 };
	static const uint32_t lens[] = { 1, 2, 3, 4, 7, 16, 31, 32, 33, 127, 256, 300 };
	int bad_rt = 0, bad_canary = 0, n = 0;

	for (size_t bi = 0; bi < sizeof(bases) / sizeof(bases[0]); bi++) {
		for (uint32_t off = 0; off < 4; off++) {
			for (size_t li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
				uint32_t a = bases[bi] + 8 + off, len = lens[li];
				uint8_t wr[BIG], rd[BIG], before[BIG + 16];

				memcpy(before, m + a - 8, len + 16);
				pattern(wr, len, (uint32_t)n++);
				mem_write(h, a, wr, len, LAT_POR);
				mem_read(h, a, rd, len, LAT_POR);
				bad_rt += memcmp(wr, rd, len) != 0 || memcmp(m + a, wr, len) != 0;
				bad_canary += memcmp(m + a - 8, before, 8) != 0 ||
				              memcmp(m + a + len, before + 8 + len, 8) != 0;
			}
		}
	}
	CHECK_EQ(bad_rt, 0, "linear write/read round trip: 7 bases x 4 offsets x 12 lengths");
	CHECK_EQ(bad_canary, 0, "bytes around each write untouched (odd start and length too)");
	CHECK_EQ(guest_errors, 0, "no guest error for well-formed linear bursts");
	vb_hyperram_free(h);
}

/* ---- latency ----------------------------------------------------------------- */

static void test_latency_needed(void)
{
	struct vb_hyperram *h = fresh();
	struct vb_hbus_xfer rd = { .read = true, .linear = true, .addr = 0x100 };
	struct vb_hbus_xfer wr = { .read = false, .linear = true, .addr = 0x100 };
	struct vb_hbus_xfer rr = { .read = true, .reg_space = true, .linear = true, .addr = CR0 };
	struct vb_hbus_xfer rw = { .read = false, .reg_space = true, .linear = true, .addr = CR0 };
	static const struct {
		uint16_t il_bits;
		uint32_t clocks;
	} il[] = { { 0x00, 5 }, { 0x10, 6 }, { 0xE0, 3 }, { 0xF0, 4 } };

	CHECK(vb_hyperram_rwds_high(h, 0x100), "power-on: fixed latency, RWDS high during CA");
	CHECK_EQ(vb_hyperram_latency_needed(h, &rd), 12, "power-on memory read: 2 x IL 6");
	CHECK_EQ(vb_hyperram_latency_needed(h, &wr), 12, "power-on memory write: 2 x IL 6");
	CHECK_EQ(vb_hyperram_latency_needed(h, &rr), 12, "register read: same as memory read");
	CHECK_EQ(vb_hyperram_latency_needed(h, &rw), 0, "register write: zero latency");
	for (size_t i = 0; i < sizeof(il) / sizeof(il[0]); i++) {
		char name[96];

		reg_write(h, CR0, (uint16_t)(0x8F0Fu | il[i].il_bits), 0); /* fixed */
		snprintf(name, sizeof(name), "fixed IL %u: 2 x %u", il[i].clocks, il[i].clocks);
		CHECK_EQ(vb_hyperram_latency_needed(h, &rd), 2 * il[i].clocks, name);
		reg_write(h, CR0, (uint16_t)(0x8F07u | il[i].il_bits), 0); /* variable */
		snprintf(name, sizeof(name), "variable IL %u: 1 x %u, RWDS low", il[i].clocks,
		         il[i].clocks);
		CHECK(vb_hyperram_latency_needed(h, &rd) == il[i].clocks &&
		              !vb_hyperram_rwds_high(h, 0x100),
		      name);
	}
	CHECK_EQ(guest_errors, 0, "IL / FLE changes: no guest error");
	guest_errors = 0;
	reg_write(h, CR0, 0x8F27, 0); /* IL code 0010: reserved on this part */
	CHECK_EQ(guest_errors, 1, "reserved IL code: one guest error");
	CHECK_EQ(vb_hyperram_reg(h, CR0), 0x8FF7, "reserved IL code: IL field kept (4 clocks)");
	vb_hyperram_free(h);
}

static void test_latency_mismatch(void)
{
	struct vb_hyperram *h = fresh();
	uint8_t *m = vb_hyperram_array(h);
	uint8_t ref[64], rd[32], wr[32], exp[64];
	const uint32_t a = 0x2000;

	/* Reads. */
	memcpy(ref, m + a, 64);
	mem_read(h, a, rd, 32, LAT_POR);
	CHECK(!memcmp(rd, ref, 32) && guest_errors == 0, "read, right latency: data, no error");
	mem_read(h, a, rd, 32, LAT_POR + 1);
	CHECK(!memcmp(rd, ref + 2, 32), "read, 1 clock too long: first 2 bytes lost");
	CHECK_EQ(guest_errors, 1, "read, 1 clock too long: one guest error");
	mem_read(h, a, rd, 32, LAT_POR + 3);
	CHECK(!memcmp(rd, ref + 6, 32), "read, 3 clocks too long: moved by 6 bytes");
	guest_errors = 0;
	mem_read(h, a, rd, 32, LAT_POR - 1);
	CHECK(rd[0] == 0xFF && rd[1] == 0xFF && !memcmp(rd + 2, ref, 30),
	      "read, 1 clock too short: 2 x 0xFF then the data");
	CHECK_EQ(guest_errors, 1, "read, 1 clock too short: one guest error");
	mem_read(h, a, rd, 32, 6); /* variable-latency wait against a fixed part */
	memset(exp, 0xFF, 12);
	memcpy(exp + 12, ref, 20);
	CHECK(!memcmp(rd, exp, 32), "read, 6 instead of 12 clocks: 12 x 0xFF then data");
	mem_read(h, a + 1, rd, 5, LAT_POR + 1);
	CHECK(!memcmp(rd, ref + 3, 5), "odd address, 1 clock too long: from a + 3");

	/* Writes. */
	memcpy(ref, m + a, 64);
	pattern(wr, 32, 77);
	guest_errors = 0;
	mem_write(h, a, wr, 16, LAT_POR + 1);
	memcpy(exp, ref, 64);
	memcpy(exp + 2, wr, 16);
	CHECK(!memcmp(m + a, exp, 64), "write, 1 clock too long: lands 2 bytes on, a..a+1 kept");
	CHECK_EQ(guest_errors, 1, "write, 1 clock too long: one guest error");
	memcpy(ref, m + a, 64);
	mem_write(h, a + 16, wr, 16, LAT_POR - 1);
	memcpy(exp, ref, 64);
	memcpy(exp + 16, wr + 2, 14);
	CHECK(!memcmp(m + a, exp, 64), "write, 1 clock too short: first 2 bytes lost, rest early");
	CHECK_EQ(guest_errors, 2, "write, 1 clock too short: one more guest error");
	memcpy(ref, m + a, 64);
	mem_write(h, a + 32, wr, 32, 0); /* HLCR.WZL left on for a memory write */
	memcpy(exp, ref, 64);
	memcpy(exp + 32, wr + 24, 8);
	CHECK(!memcmp(m + a, exp, 64), "write with zero latency: only bytes 24.. land, at a");
	vb_hyperram_free(h);
}

/* ---- registers --------------------------------------------------------------- */

static void test_registers(void)
{
	struct vb_hyperram *h = fresh();
	uint8_t *m = vb_hyperram_array(h);
	uint8_t ref[32], rd[32];

	reg_write(h, CR0, 0x8FE6, 0); /* IL 3, variable, hybrid, 16 B */
	CHECK_EQ(vb_hyperram_reg(h, CR0), 0x8FE6, "CR0 write with zero latency takes the value");
	CHECK_EQ(guest_errors, 0, "CR0 write with zero latency: no guest error");
	reg_write(h, CR0, 0x8F1C, LAT_POR);
	CHECK_EQ(vb_hyperram_reg(h, CR0), 0xFFFF,
	         "CR0 write after 12 latency clocks latches the floating bus, 0xFFFF");
	CHECK_EQ(guest_errors, 1, "CR0 write with latency: one guest error");
	vb_hyperram_power_on(h);
	guest_errors = 0;

	/* New latency: IL 3 fixed = 6 clocks. */
	reg_write(h, CR0, 0x8FEF, 0);
	memcpy(ref, m + 0x400, 32);
	mem_read(h, 0x400, rd, 32, 6);
	CHECK(!memcmp(rd, ref, 32) && guest_errors == 0, "after CR0 IL 3 fixed: read at 6 clocks");
	CHECK_EQ(reg_read(h, CR0, 6), 0x8FEF, "CR0 read back at the new latency");
	mem_read(h, 0x400, rd, 32, LAT_POR);
	CHECK(!memcmp(rd, ref + 12, 20), "after CR0 IL 3: old 12 clocks lose 12 bytes");
	CHECK_EQ(guest_errors, 1, "old latency after the change: guest error");
	CHECK_EQ(reg_read(h, CR0, LAT_POR), 0x8FEF,
	         "register read 3 clocks late: repeated register, aligned word");
	guest_errors = 0;
	CHECK_EQ(reg_read(h, CR0, 5), 0xFFFF, "register read 1 clock early: 0xFFFF");

	/* Per-die CR0. */
	vb_hyperram_power_on(h);
	guest_errors = 0;
	reg_write(h, DIE1 + CR0, 0x8FF7, 0); /* die 1: IL 4, variable */
	CHECK_EQ(vb_hyperram_reg(h, DIE1 + CR0), 0x8FF7, "die 1 CR0 written");
	CHECK_EQ(vb_hyperram_reg(h, CR0), CR0_POR, "die 0 CR0 unchanged");
	CHECK(vb_hyperram_rwds_high(h, 0x10) && !vb_hyperram_rwds_high(h, DIE1 + 0x10),
	      "RWDS during CA: die 0 high, die 1 low");
	memcpy(ref, m + DIE1 + 0x80, 32);
	mem_read(h, DIE1 + 0x80, rd, 32, 4);
	CHECK(!memcmp(rd, ref, 32), "die 1 read at 4 clocks");
	memcpy(ref, m + 0x80, 32);
	mem_read(h, 0x80, rd, 32, LAT_POR);
	CHECK(!memcmp(rd, ref, 32) && guest_errors == 0, "die 0 read still at 12 clocks");
	reg_write(h, DIE1 + CR1, 0xFFF1, 0);
	CHECK_EQ(vb_hyperram_reg(h, DIE1 + CR1), 0x0001, "die 1 CR1: only DRI taken");
	CHECK_EQ(vb_hyperram_reg(h, CR1), 0x0002, "die 0 CR1 unchanged");

	/* Read-only / reserved. */
	guest_errors = 0;
	reg_write(h, ID0, 0x1234, 0);
	CHECK(vb_hyperram_reg(h, ID0) == 0x0C81 && guest_errors == 1,
	      "ID0 write ignored with a guest error");
	reg_write(h, DIE1 + ID1, 0x1234, 0);
	CHECK(vb_hyperram_reg(h, DIE1 + ID1) == 0 && guest_errors == 2,
	      "ID1 write ignored with a guest error");
	reg_write(h, CR0, 0x801F, 0);
	CHECK_EQ(vb_hyperram_reg(h, CR0), CR0_POR, "CR0 reserved bits [11:8] read as 1");
	CHECK_EQ(guest_errors, 3, "CR0 written with reserved bits 0: guest error");
	vb_hyperram_free(h);
}

/* ---- wrapped bursts ---------------------------------------------------------- */

static void test_wrap(void)
{
	struct vb_hyperram *h = fresh();
	uint8_t *m = vb_hyperram_array(h);
	static const struct {
		uint16_t bl;
		uint32_t bytes;
	} bl[] = { { 0, 128 }, { 1, 64 }, { 2, 16 }, { 3, 32 } };

	for (size_t i = 0; i < sizeof(bl) / sizeof(bl[0]); i++) {
		uint32_t w = bl[i].bytes, base = 0x3000, a = base + w / 2 + 6;
		uint8_t rd[BIG], exp[BIG] = { 0 };
		char name[96];

		reg_write(h, CR0, (uint16_t)(0x8F1Cu | bl[i].bl), 0); /* legacy wrap */
		for (uint32_t k = 0; k < 2 * w; k++)
			exp[k] = m[base + ((a - base + k) % w)];
		guest_errors = 0;
		wrap_read(h, a, rd, 2 * w, w, LAT_POR);
		snprintf(name, sizeof(name), "legacy wrap %u B: two turns in the aligned group", w);
		CHECK(!memcmp(rd, exp, 2 * w) && guest_errors == 0, name);

		reg_write(h, CR0, (uint16_t)(0x8F18u | bl[i].bl), 0); /* hybrid */
		for (uint32_t k = 0; k < 2 * w; k++)
			exp[k] = k < w ? m[base + ((a - base + k) % w)] : m[base + k];
		wrap_read(h, a, rd, 2 * w, w, LAT_POR);
		snprintf(name, sizeof(name), "hybrid %u B: one wrapped turn, then linear on", w);
		CHECK(!memcmp(rd, exp, 2 * w) && guest_errors == 0, name);
	}

	/* Wrapped write, legacy 16 B: the tail lands at the group start. */
	{
		uint8_t wr[16], exp[32];

		reg_write(h, CR0, 0x8F1E, 0);
		memcpy(exp, m + 0x5000, 32);
		pattern(wr, 16, 9);
		{
			uint8_t tmp[16];
			struct vb_hbus_xfer x = { .linear = false,
				                  .addr = 0x500A,
				                  .latency_clocks = LAT_POR,
				                  .wrap_bytes = 16,
				                  .dqs = true,
				                  .len = 16,
				                  .buf = tmp };

			memcpy(tmp, wr, 16);
			vb_hyperram_xfer(h, &x);
		}
		memcpy(exp + 10, wr, 6);
		memcpy(exp, wr + 6, 10);
		CHECK(!memcmp(m + 0x5000, exp, 32) && guest_errors == 0,
		      "wrapped 16 B write from offset 10 wraps within its group");
	}

	/* Controller wrap size differs from CR0.BL: served as the part does. */
	{
		uint8_t rd[64], exp[64];

		reg_write(h, CR0, 0x8F1E, 0); /* part: 16 B legacy */
		for (uint32_t k = 0; k < 32; k++)
			exp[k] = m[0x6000 + ((4 + k) % 16)];
		guest_errors = 0;
		wrap_read(h, 0x6004, rd, 32, 32, LAT_POR);
		CHECK(!memcmp(rd, exp, 32),
		      "controller wraps 32, part 16: part's 16 B wrap served");
		CHECK_EQ(guest_errors, 1, "wrap size mismatch: one guest error");
	}
	vb_hyperram_free(h);
}

/* ---- die boundary, DQS, deep power-down --------------------------------------- */

static void test_die_boundary(void)
{
	struct vb_hyperram *h = fresh();
	uint8_t *m = vb_hyperram_array(h);
	uint8_t rd[32], exp[32], wr[32], d1[32];
	const uint32_t a = DIE1 - 16;

	memcpy(exp, m + a, 16);
	memcpy(exp + 16, m, 16);
	memcpy(d1, m + DIE1, 32);
	mem_read(h, a, rd, 32, LAT_POR);
	CHECK(!memcmp(rd, exp, 32), "linear read across 8 MiB wraps to die 0's start");
	CHECK_EQ(guest_errors, 1, "die boundary crossing: one guest error");
	pattern(wr, 32, 3);
	guest_errors = 0;
	mem_write(h, a, wr, 32, LAT_POR);
	CHECK(!memcmp(m + a, wr, 16) && !memcmp(m, wr + 16, 16),
	      "write across: tail at die 0 start");
	CHECK(!memcmp(m + DIE1, d1, 32), "die 1 untouched by die 0's burst");
	CHECK_EQ(guest_errors, 1, "write across the boundary: one guest error");
	guest_errors = 0;
	memcpy(exp, m + 16 * MIB - 8, 8);
	memcpy(exp + 8, m + DIE1, 8);
	mem_read(h, 16 * MIB - 8, rd, 16, LAT_POR);
	CHECK(!memcmp(rd, exp, 16) && guest_errors == 1, "die 1 end wraps to die 1 start");
	guest_errors = 0;
	mem_read(h, DIE1 - 32, rd, 32, LAT_POR);
	CHECK_EQ(guest_errors, 0, "burst ending exactly at the die end: no error");
	vb_hyperram_free(h);
}

static void test_dqs_off(void)
{
	struct vb_hyperram *h = fresh();
	uint8_t *m = vb_hyperram_array(h);
	uint8_t rd[16] = { 0 }, ref[16];
	struct vb_hbus_xfer x = { .read = true,
		                  .linear = true,
		                  .addr = 0x900,
		                  .latency_clocks = LAT_POR,
		                  .dqs = false,
		                  .len = 16,
		                  .buf = rd };

	memcpy(ref, m + 0x900, 16);
	vb_hyperram_xfer(h, &x);
	CHECK(!memcmp(rd, ref + 1, 15) && rd[15] == 0xFF,
	      "read without DQS: one byte late, last byte floats");
	CHECK_EQ(guest_errors, 1, "read without DQS: one guest error");
	CHECK_EQ(reg_read_dqs_off(h, CR0), 0xFF8F,
	         "CR0 read without DQS: upper byte first, then the floating bus");
	vb_hyperram_free(h);
}

static void test_dpd(void)
{
	struct vb_hyperram *h = fresh();
	uint8_t *m = vb_hyperram_array(h);
	uint8_t rd[16], wr[16], d1[16], ones[16];

	uint8_t d0[256];

	memset(ones, 0xFF, 16);
	pattern(wr, 16, 5);
	memcpy(d1, m + DIE1 + 0x40, 16);
	memcpy(d0, m, 256);
	reg_write(h, CR0, 0x0F1F, 0); /* DPDE = 0: die 0 enters deep power-down */
	CHECK_EQ(guest_errors, 0, "entering DPD is not an error");
	CHECK(memcmp(m, d0, 256) != 0, "DPD does not retain die 0's array");
	CHECK(!memcmp(m + DIE1 + 0x40, d1, 16), "die 1's array kept");
	CHECK(!vb_hyperram_rwds_high(h, 0x40), "die 0 in DPD drives no RWDS");
	mem_read(h, 0x40, rd, 16, LAT_POR);
	CHECK(!memcmp(rd, ones, 16), "read in DPD: bus floats, 0xFF");
	mem_write(h, 0x40, wr, 16, LAT_POR);
	CHECK(memcmp(m + 0x40, wr, 16) != 0, "write in DPD: not taken");
	CHECK_EQ(reg_read(h, CR0, LAT_POR), 0xFFFF, "register read in DPD: 0xFFFF");
	CHECK_EQ(guest_errors, 3, "each access in DPD: a guest error");
	mem_read(h, DIE1 + 0x40, rd, 16, LAT_POR);
	CHECK(!memcmp(rd, d1, 16), "die 1 keeps working while die 0 sleeps");
	vb_hyperram_power_on(h);
	guest_errors = 0;
	CHECK_EQ(vb_hyperram_reg(h, CR0), CR0_POR, "power_on: CR0 back to default");
	mem_write(h, 0x40, wr, 16, LAT_POR);
	mem_read(h, 0x40, rd, 16, LAT_POR);
	CHECK(!memcmp(rd, wr, 16) && guest_errors == 0, "after power_on: die 0 works again");
	{
		uint8_t keep[16];

		memcpy(keep, m + 0x40, 16);
		vb_hyperram_power_on(h);
		CHECK(!memcmp(m + 0x40, keep, 16), "power_on keeps content (supply stays up)");
	}
	vb_hyperram_free(h);
}

/* ---- JSON -------------------------------------------------------------------- */

struct kv {
	char key[40];
	bool is_num;
	unsigned long long num;
};

static const char *skip_ws(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* A flat JSON object of string / unsigned number values; -1 on bad syntax. */
static int parse_flat(const char *s, struct kv *out, int max)
{
	int n = 0;

	s = skip_ws(s);
	if (*s++ != '{')
		return -1;
	s = skip_ws(s);
	if (*s == '}')
		return *skip_ws(s + 1) ? -1 : 0;
	for (;;) {
		size_t k = 0;

		if (n == max || *s++ != '"')
			return -1;
		while (*s && *s != '"' && k < sizeof(out[n].key) - 1)
			out[n].key[k++] = *s++;
		out[n].key[k] = 0;
		if (*s++ != '"')
			return -1;
		s = skip_ws(s);
		if (*s++ != ':')
			return -1;
		s = skip_ws(s);
		if (*s == '"') {
			s = strchr(s + 1, '"');
			if (!s)
				return -1;
			s++;
			out[n].is_num = false;
		} else if (isdigit((unsigned char)*s)) {
			char *end;

			out[n].num = strtoull(s, &end, 10);
			out[n].is_num = true;
			s = end;
		} else {
			return -1;
		}
		n++;
		s = skip_ws(s);
		if (*s == '}')
			return *skip_ws(s + 1) ? -1 : n;
		if (*s++ != ',')
			return -1;
		s = skip_ws(s);
	}
}

static const struct kv *find(const struct kv *kv, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(kv[i].key, key))
			return &kv[i];
	return NULL;
}

static void test_json(void)
{
	struct vb_hyperram *h = fresh();
	uint8_t b[8] = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	struct kv kv[32];
	int n;
	static const struct {
		const char *key;
		unsigned long long want;
	} want[] = {
		{ "size", 16 * MIB },        { "reads", 2 },           { "writes", 1 },
		{ "bytes", 8 + 8 + 8 + 2 },  { "register_reads", 0 },  { "register_writes", 1 },
		{ "latency_mismatches", 1 }, { "wrap_mismatches", 0 }, { "die_boundary_wraps", 0 },
		{ "dqs_off_reads", 0 },      { "dpd_ignored", 0 },     { "guest_errors", 1 },
	};

	mem_write(h, 0x10, b, 8, LAT_POR);
	mem_read(h, 0x10, b, 8, LAT_POR);
	mem_read(h, 0x10, b, 8, LAT_POR + 1);
	reg_write(h, CR1, 0x0002, 0);
	f = open_memstream(&text, &len);
	if (!f) {
		printf("Bail out! open_memstream\n");
		exit(1);
	}
	vb_hyperram_json(f, h);
	fclose(f);
	n = parse_flat(text, kv, 32);
	CHECK(n > 0, "JSON: one flat object that parses");
	if (n < 0)
		printf("#   %s\n", text);
	CHECK(find(kv, n, "part") && !find(kv, n, "part")->is_num, "JSON: part is a string");
	CHECK(strstr(text, "\"part\": \"S70KL1281\"") != NULL, "JSON: part name");
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct kv *e = find(kv, n, want[i].key);
		char name[80];

		snprintf(name, sizeof(name), "JSON: %s = %llu", want[i].key, want[i].want);
		CHECK(e && e->is_num && e->num == want[i].want, name);
		if (e && e->num != want[i].want)
			printf("#   got %llu\n", e->num);
	}
	free(text);
	vb_hyperram_free(h);
}

int main(void)
{
	test_power_on();
	test_linear();
	test_latency_needed();
	test_latency_mismatch();
	test_registers();
	test_wrap();
	test_die_boundary();
	test_dqs_off();
	test_dpd();
	test_json();
	return tap_done();
}
