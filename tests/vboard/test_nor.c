// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SPI NOR engine (vboard/vb_nor.c + vb_nor_parts.c) against small fakes
 * of pacing, stats and trace: modelled time only moves when a test moves
 * it. Expected values are literals from the SFDP dumps in
 * tests/data/sfdp/ and from the datasheet facts cited in vb_nor_parts.c.
 */
#include "tap.h"
#include "vb.h"
#include "vb_pace.h"
#include "vb_nor.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- fakes ------------------------------------------------------------------- */

struct vb_stats vb_stats;
uint32_t vb_trace_mask;
static uint64_t fake_now;
static int guest_errors;
static char last_error[256];

uint64_t vb_pace_now_ns(void)
{
	return fake_now;
}

void vb_pace_device_ns(uint64_t ns)
{
	fake_now += ns;
}

uint64_t vb_pace_scaled_ns(uint64_t ns)
{
	return ns;
}

void vb_trace(enum vb_trace_cat cat, const char *fmt, ...)
{
	(void)cat;
	(void)fmt;
}

void vb_guest_error(uint32_t addr, const char *fmt, ...)
{
	va_list ap;

	(void)addr;
	guest_errors++;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

/* ---- transaction helpers ------------------------------------------------------- */

struct proto {
	uint8_t cl, al, ab, dl; /* instruction lines, address lines, address bytes, data lines */
	uint8_t dummy;
	bool dtr;
};

static void xfer(struct vb_nor *n, uint8_t op, struct proto p, uint32_t addr, bool write,
                 uint8_t *buf, uint32_t len)
{
	struct vb_spi_xfer x = { 0 };

	x.cmd.lines = p.cl;
	x.cmd.nbytes = 1;
	x.cmd.value = op;
	if (p.ab) {
		x.addr.lines = p.al;
		x.addr.nbytes = p.ab;
		x.addr.value = addr;
		x.addr.dtr = p.dtr;
	}
	x.dummy_cycles = p.dummy;
	x.data.lines = p.dl ? p.dl : 1;
	x.data.dtr = p.dtr;
	x.data.write = write;
	x.data.len = len;
	x.data.buf = buf;
	vb_nor_xfer(n, &x);
}

static const struct proto P1 = { 1, 0, 0, 1, 0, false };

static void cmd(struct vb_nor *n, uint8_t op)
{
	xfer(n, op, P1, 0, false, NULL, 0);
}

static void cmd_at(struct vb_nor *n, uint8_t op, uint32_t addr, uint8_t ab)
{
	struct proto p = { 1, 1, ab, 1, 0, false };

	xfer(n, op, p, addr, false, NULL, 0);
}

static uint8_t rdreg(struct vb_nor *n, uint8_t op)
{
	uint8_t v = 0;

	xfer(n, op, P1, 0, false, &v, 1);
	return v;
}

static void wrreg(struct vb_nor *n, uint8_t op, const uint8_t *v, uint32_t len)
{
	xfer(n, op, P1, 0, true, (uint8_t *)v, len);
}

static void read_at(struct vb_nor *n, uint8_t op, struct proto p, uint32_t addr, uint8_t *buf,
                    uint32_t len)
{
	xfer(n, op, p, addr, false, buf, len);
}

static void program(struct vb_nor *n, uint8_t op, uint32_t addr, uint8_t ab, const uint8_t *buf,
                    uint32_t len)
{
	struct proto p = { 1, 1, ab, 1, 0, false };

	xfer(n, op, p, addr, true, (uint8_t *)buf, len);
}

static void wait_idle(struct vb_nor *n)
{
	if (fake_now < vb_nor_busy_until(n))
		fake_now = vb_nor_busy_until(n);
}

static const struct proto READ3 = { 1, 1, 3, 1, 0, false };
static const struct proto FAST3 = { 1, 1, 3, 1, 8, false };

static uint8_t peek(struct vb_nor *n, uint32_t addr)
{
	return vb_nor_array(n)[addr];
}

/* ---- per part: ID, SFDP, registers --------------------------------------------- */

static void test_ids(void)
{
	static const struct {
		const char *part;
		uint8_t id[6];
		int id_len;
		uint32_t size;
		uint32_t sfdp_off; /* BFPT start */
		uint8_t bfpt[4];   /* DW1 from the dump */
		uint32_t lit_off;
		uint8_t lit;
	} t[] = {
		/* [SFDP:W25Q128JV_EF4018] PH0 @0x80, DW1 e5 20 f9 ff, density byte 0x87 = 07 */
		{ "W25Q128JV",
		  { 0xef, 0x40, 0x18 },
		  3,
		  16u << 20,
		  0x80,
		  { 0xe5, 0x20, 0xf9, 0xff },
		  0x87,
		  0x07 },
		/* constructed: density 03 */
		{ "W25Q64JV",
		  { 0xef, 0x40, 0x17 },
		  3,
		  8u << 20,
		  0x80,
		  { 0xe5, 0x20, 0xf9, 0xff },
		  0x87,
		  0x03 },
		/* [SFDP:MT25QU512A] @0x30 e5 20 fb ff, 0x37 = 1f; 4BAIT @0x84 21 dc */
		{ "MT25QL512ABB",
		  { 0x20, 0xba, 0x20, 0x10, 0x44, 0x00 },
		  6,
		  64u << 20,
		  0x30,
		  { 0xe5, 0x20, 0xfb, 0xff },
		  0x84,
		  0x21 },
		/* constructed from N25Q256A: DW1 byte 2 f9, density 07 */
		{ "N25Q128A",
		  { 0x20, 0xba, 0x18 },
		  3,
		  16u << 20,
		  0x30,
		  { 0xe5, 0x20, 0xf9, 0xff },
		  0x37,
		  0x07 },
		/* [SFDP:MX25L128xx_C22018] @0x30 e5 20 f1 ff; 0x111 = 36 (Macronix table) */
		{ "MX25L12835F",
		  { 0xc2, 0x20, 0x18 },
		  3,
		  16u << 20,
		  0x30,
		  { 0xe5, 0x20, 0xf1, 0xff },
		  0x111,
		  0x36 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct vb_nor *n = vb_nor_new(t[i].part, NULL);
		uint8_t id[8], sf[8];
		char name[96];

		snprintf(name, sizeof(name), "%s: created", t[i].part);
		if (!CHECK(n, name))
			continue;
		CHECK_EQ(vb_nor_size(n), t[i].size, "size");
		memset(id, 0x55, sizeof(id));
		xfer(n, 0x9f, P1, 0, false, id, t[i].id_len + 1);
		snprintf(name, sizeof(name), "%s: 9Fh JEDEC ID", t[i].part);
		CHECK(!memcmp(id, t[i].id, t[i].id_len) && id[t[i].id_len] == 0x00, name);
		read_at(n, 0x5a, FAST3, 0, sf, 4);
		snprintf(name, sizeof(name), "%s: 5Ah reads 'SFDP'", t[i].part);
		CHECK(!memcmp(sf, "SFDP", 4), name);
		read_at(n, 0x5a, FAST3, t[i].sfdp_off, sf, 4);
		snprintf(name, sizeof(name), "%s: BFPT DW1", t[i].part);
		CHECK(!memcmp(sf, t[i].bfpt, 4), name);
		read_at(n, 0x5a, FAST3, t[i].lit_off, sf, 1);
		snprintf(name, sizeof(name), "%s: SFDP byte 0x%x", t[i].part, t[i].lit_off);
		CHECK_EQ(sf[0], t[i].lit, name);
		read_at(n, 0x5a, FAST3, 0x1000, sf, 1);
		CHECK_EQ(sf[0], 0xff, "SFDP past the table reads 0xFF");
		vb_nor_free(n);
	}
	CHECK(vb_nor_new("NOPE", NULL) == NULL, "unknown part refused");
	CHECK(strstr(vb_nor_part_names(), "MT25QL512ABB") != NULL, "part names list");
}

static void test_registers(void)
{
	struct vb_nor *n = vb_nor_new("W25Q128JV", NULL);
	uint8_t nv[2];
	int ge;

	/* [WB-JV]: QE factory fixed on -IQ, SR3 reads 0x60 */
	CHECK_EQ(rdreg(n, 0x05), 0x00, "W25Q SR1 power-on");
	CHECK_EQ(rdreg(n, 0x35), 0x02, "W25Q SR2: QE set at the factory");
	CHECK_EQ(rdreg(n, 0x15), 0x60, "W25Q SR3 power-on");
	cmd(n, 0x06);
	CHECK_EQ(rdreg(n, 0x05), 0x02, "WREN sets WEL");
	cmd(n, 0x04);
	CHECK_EQ(rdreg(n, 0x05), 0x00, "WRDI clears WEL");
	ge = guest_errors;
	wrreg(n, 0x01, (const uint8_t[]){ 0x1c }, 1);
	CHECK_EQ(rdreg(n, 0x05), 0x00, "WRSR without WREN ignored");
	CHECK_EQ(guest_errors, ge + 1, "... and counted");
	cmd(n, 0x06);
	wrreg(n, 0x01, (const uint8_t[]){ 0x1c, 0x40 }, 2);
	CHECK_EQ(rdreg(n, 0x05), 0x1c, "01h writes SR1");
	CHECK_EQ(rdreg(n, 0x35), 0x42, "01h second byte writes SR2 (CMP), QE kept");
	cmd(n, 0x06);
	wrreg(n, 0x31, (const uint8_t[]){ 0x00 }, 1);
	CHECK_EQ(rdreg(n, 0x35), 0x02, "31h clears CMP, cannot clear the fixed QE");
	cmd(n, 0x06);
	wrreg(n, 0x01, (const uint8_t[]){ 0x00 }, 1);
	CHECK_EQ(rdreg(n, 0x05), 0x00, "one-byte 01h leaves SR2 alone");
	CHECK_EQ(rdreg(n, 0x35), 0x02, "... SR2 unchanged");
	/* 50h: volatile write, no WEL needed, lost at power-on */
	cmd(n, 0x50);
	wrreg(n, 0x01, (const uint8_t[]){ 0x04 }, 1);
	CHECK_EQ(rdreg(n, 0x05), 0x04, "50h + 01h volatile write");
	vb_nor_power_on(n);
	CHECK_EQ(rdreg(n, 0x05), 0x00, "volatile write gone after power-on");
	cmd(n, 0x06);
	wrreg(n, 0x01, (const uint8_t[]){ 0x04 }, 1);
	vb_nor_power_on(n);
	CHECK_EQ(rdreg(n, 0x05), 0x04, "non-volatile write survives power-on");
	vb_nor_free(n);

	n = vb_nor_new("MT25QL512ABB", NULL);
	CHECK_EQ(rdreg(n, 0x70), 0x80, "MT25Q FSR: ready, 3-byte");
	xfer(n, 0xb5, P1, 0, false, nv, 2);
	CHECK(nv[0] == 0xff && nv[1] == 0xff, "MT25Q NVCR factory 0xFFFF");
	CHECK_EQ(rdreg(n, 0x85), 0xfb, "MT25Q VCR power-on 0xFB");
	CHECK_EQ(rdreg(n, 0x65), 0xff, "MT25Q EVCR power-on 0xFF");
	cmd(n, 0x06);
	wrreg(n, 0x81, (const uint8_t[]){ 0x8b }, 1);
	CHECK_EQ(rdreg(n, 0x85), 0x8b, "VCR write (DC = 8)");
	CHECK_EQ(rdreg(n, 0x05), 0x00, "volatile register write clears WEL");
	vb_nor_free(n);

	n = vb_nor_new("MX25L12835F", NULL);
	CHECK_EQ(rdreg(n, 0x05), 0x00, "MX25L SR power-on");
	CHECK_EQ(rdreg(n, 0x15), 0x07, "MX25L CR power-on");
	cmd(n, 0x06);
	wrreg(n, 0x01, (const uint8_t[]){ 0x40, 0x0f }, 2);
	CHECK_EQ(rdreg(n, 0x05), 0x40, "MX25L 01h: SR (QE)");
	CHECK_EQ(rdreg(n, 0x15), 0x0f, "MX25L 01h: second byte to CR (TB)");
	cmd(n, 0x06);
	wrreg(n, 0x01, (const uint8_t[]){ 0x40, 0x07 }, 2);
	CHECK_EQ(rdreg(n, 0x15), 0x0f, "CR TB is OTP: stays set");
	vb_nor_free(n);
}

/* ---- program, erase, busy -------------------------------------------------------- */

static void test_program_erase(void)
{
	struct vb_nor *n = vb_nor_new("W25Q128JV", NULL);
	uint8_t buf[8];
	int ge;

	ge = guest_errors;
	program(n, 0x02, 0x100, 3, (const uint8_t[]){ 0x00 }, 1);
	CHECK_EQ(peek(n, 0x100), 0xff, "program without WREN ignored");
	CHECK_EQ(guest_errors, ge + 1, "... and counted");

	cmd(n, 0x06);
	program(n, 0x02, 0x100, 3, (const uint8_t[]){ 0xf0 }, 1);
	CHECK_EQ(rdreg(n, 0x05), 0x03, "while programming: BUSY and WEL");
	ge = guest_errors;
	read_at(n, 0x03, READ3, 0x100, buf, 1);
	CHECK_EQ(buf[0], 0xff, "read while busy: ignored");
	CHECK_EQ(guest_errors, ge + 1, "... and counted");
	/* [SFDP:W25Q128JV] tPP typ 704 us */
	fake_now += 703999;
	CHECK_EQ(rdreg(n, 0x05) & 1, 1, "still busy at 703.999 us");
	fake_now += 1;
	CHECK_EQ(rdreg(n, 0x05), 0x00, "ready at 704 us, WEL cleared");
	cmd(n, 0x06);
	program(n, 0x02, 0x100, 3, (const uint8_t[]){ 0x3c }, 1);
	wait_idle(n);
	read_at(n, 0x03, READ3, 0x100, buf, 1);
	CHECK_EQ(buf[0], 0x30, "program ANDs: 0xF0 then 0x3C gives 0x30");

	cmd(n, 0x06);
	program(n, 0x02, 0x2fe, 3, (const uint8_t[]){ 1, 2, 3, 4 }, 4);
	wait_idle(n);
	CHECK(peek(n, 0x2fe) == 1 && peek(n, 0x2ff) == 2 && peek(n, 0x200) == 3 &&
	              peek(n, 0x201) == 4 && peek(n, 0x300) == 0xff,
	      "page program wraps within the 256-byte page");

	/* 4K erase at an address inside the sector; [SFDP] 64 ms */
	memset(vb_nor_array(n), 0x00, 0x20000);
	cmd(n, 0x06);
	cmd_at(n, 0x20, 0x1234, 3);
	CHECK(peek(n, 0x0fff) == 0x00 && peek(n, 0x1000) == 0xff && peek(n, 0x1fff) == 0xff &&
	              peek(n, 0x2000) == 0x00,
	      "20h erases the whole 4K sector holding the address");
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 64000000, "4K erase busy 64 ms");
	wait_idle(n);
	cmd(n, 0x06);
	cmd_at(n, 0x52, 0x9000, 3);
	CHECK(peek(n, 0x7fff) == 0x00 && peek(n, 0x8000) == 0xff && peek(n, 0xffff) == 0xff &&
	              peek(n, 0x10000) == 0x00,
	      "52h erases the 32K block");
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 128000000, "32K erase busy 128 ms");
	wait_idle(n);
	cmd(n, 0x06);
	cmd_at(n, 0xd8, 0x1fffe, 3);
	CHECK(peek(n, 0x0ffff) == 0xff && peek(n, 0x10000) == 0xff && peek(n, 0x1ffff) == 0xff &&
	              peek(n, 0x0fff) == 0x00,
	      "D8h erases the 64K block");
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 160000000, "64K erase busy 160 ms");
	wait_idle(n);

	/* an erase with a 4th address byte: CS# not on the byte boundary */
	memset(vb_nor_array(n), 0x00, 0x1000);
	cmd(n, 0x06);
	ge = guest_errors;
	cmd_at(n, 0x20, 0x000000, 4);
	CHECK(peek(n, 0) == 0x00 && guest_errors > ge, "erase with extra clocks not executed");
	cmd(n, 0x04);

	cmd(n, 0x06);
	cmd(n, 0xc7);
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 40000000000ull, "chip erase busy 40 s");
	CHECK(peek(n, 0) == 0xff && peek(n, 0x0fff) == 0xff, "chip erase fills 0xFF");
	wait_idle(n);
	CHECK(vb_nor_audit_count(n) >= 6, "audit records");
	CHECK_EQ(vb_nor_audit_get(n, vb_nor_audit_count(n) - 1)->kind, VB_NOR_AUDIT_CHIP_ERASE,
	         "last audit record: chip erase");
	vb_nor_free(n);

	/* MT25Q: FSR READY during busy; [SFDP:MT25QU512A] 4K 48 ms, tPP 120 us */
	n = vb_nor_new("MT25QL512ABB", NULL);
	cmd(n, 0x06);
	cmd_at(n, 0x20, 0x3000, 3);
	CHECK_EQ(rdreg(n, 0x70), 0x00, "MT25Q FSR READY = 0 while erasing");
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 48000000, "MT25Q 4K erase 48 ms");
	wait_idle(n);
	CHECK_EQ(rdreg(n, 0x70), 0x80, "FSR READY after");
	cmd(n, 0x06);
	program(n, 0x02, 0, 3, (const uint8_t[]){ 0 }, 1);
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 120000, "MT25Q tPP 120 us");
	wait_idle(n);
	vb_nor_free(n);

	/* MX25L: [SFDP:MX25L128xx] 4K 25 ms */
	n = vb_nor_new("MX25L12835F", NULL);
	cmd(n, 0x06);
	cmd_at(n, 0x20, 0x3000, 3);
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 25000000, "MX25L 4K erase 25 ms");
	wait_idle(n);
	vb_nor_free(n);
}

/* ---- protection ------------------------------------------------------------------ */

static void set_sr(struct vb_nor *n, uint8_t op, uint8_t v)
{
	cmd(n, 0x06);
	wrreg(n, op, &v, 1);
	wait_idle(n);
}

static bool erase_ok(struct vb_nor *n, uint8_t op, uint32_t addr, uint8_t ab)
{
	vb_nor_array(n)[addr] = 0x00;
	cmd(n, 0x06);
	cmd_at(n, op, addr, ab);
	wait_idle(n);
	cmd(n, 0x04);
	return peek(n, addr) == 0xff;
}

static void test_protection(void)
{
	struct vb_nor *n = vb_nor_new("W25Q128JV", NULL);

	/* BP = 001: upper 1/64 = 256 KiB (0xFC0000-) */
	set_sr(n, 0x01, 0x04);
	CHECK(!erase_ok(n, 0x20, 0xfc0000, 3), "W25Q BP=1: top 256K protected");
	CHECK(erase_ok(n, 0x20, 0xfbf000, 3), "W25Q BP=1: below it erasable");
	cmd(n, 0x06);
	cmd(n, 0xc7);
	CHECK(peek(n, 0) != 0xff || !vb_nor_busy(n), "chip erase refused while protected");
	set_sr(n, 0x01, 0x24); /* TB: bottom */
	CHECK(!erase_ok(n, 0x20, 0x03f000, 3), "W25Q TB: bottom 256K protected");
	CHECK(erase_ok(n, 0x20, 0xfc0000, 3), "W25Q TB: top free");
	set_sr(n, 0x01, 0x44); /* SEC: top 4K */
	CHECK(!erase_ok(n, 0x20, 0xfff000, 3), "W25Q SEC BP=1: top 4K protected");
	CHECK(erase_ok(n, 0x20, 0xffe000, 3), "W25Q SEC BP=1: next 4K free");
	set_sr(n, 0x01, 0x04);
	set_sr(n, 0x31, 0x40); /* CMP: all but the top 256K */
	CHECK(erase_ok(n, 0x20, 0xfc0000, 3), "W25Q CMP: top 256K now free");
	CHECK(!erase_ok(n, 0x20, 0x000000, 3), "W25Q CMP: the rest protected");
	vb_nor_free(n);

	/* Micron BP = 0001: top 64K sector [MU-N25Q512]; FSR PROT + P_FAIL */
	n = vb_nor_new("MT25QL512ABB", NULL);
	set_sr(n, 0x01, 0x04);
	cmd(n, 0x06);
	cmd(n, 0xb7);
	cmd(n, 0x06);
	program(n, 0x02, 0x3ff0000, 4, (const uint8_t[]){ 0x00 }, 1);
	CHECK_EQ(peek(n, 0x3ff0000), 0xff, "MT25Q BP=1: top sector program refused");
	CHECK_EQ(rdreg(n, 0x70), 0x93, "FSR: READY + P_FAIL + PROT (+4-byte)");
	CHECK_EQ(rdreg(n, 0x05) & 2, 0, "WEL cleared by the refusal");
	cmd(n, 0x50);
	CHECK_EQ(rdreg(n, 0x70), 0x81, "50h clears the error bits");
	CHECK(erase_ok(n, 0x21, 0x3fef000, 4), "sector below erasable");
	CHECK(!erase_ok(n, 0x21, 0x3ff0000, 4), "protected sector erase refused");
	CHECK_EQ(rdreg(n, 0x70) & 0x22, 0x22, "FSR E_FAIL + PROT");
	set_sr(n, 0x01, 0x40 | 0x18); /* BP3..0 = 1110: all */
	CHECK(!erase_ok(n, 0x21, 0x0000000, 4), "BP=14: everything protected");
	vb_nor_free(n);

	n = vb_nor_new("MX25L12835F", NULL);
	set_sr(n, 0x01, 0x04);
	CHECK(!erase_ok(n, 0x20, 0xff0000, 3), "MX25L BP=1: top 64K protected");
	CHECK(erase_ok(n, 0x20, 0xfef000, 3), "MX25L BP=1: below free");
	vb_nor_free(n);
}

/* ---- QE, 4-byte, QPI, line and dummy mismatches -------------------------------------- */

static void test_qe(void)
{
	struct vb_nor *n = vb_nor_new("MX25L12835F", NULL);
	struct proto q114 = { 1, 1, 3, 4, 8, false };
	struct proto q144 = { 1, 4, 3, 4, 6, false };
	uint8_t buf[4];
	int ge;

	memcpy(vb_nor_array(n) + 0x40, "\x12\x34\x56\x78", 4);
	ge = guest_errors;
	read_at(n, 0x6b, q114, 0x40, buf, 4);
	CHECK(buf[0] == 0xff && buf[3] == 0xff, "MX25L 6Bh with QE = 0: no data");
	CHECK_EQ(guest_errors, ge + 1, "... guest error");
	set_sr(n, 0x01, 0x40);
	read_at(n, 0x6b, q114, 0x40, buf, 4);
	CHECK(!memcmp(buf, "\x12\x34\x56\x78", 4), "6Bh 1-1-4 with QE = 1");
	read_at(n, 0xeb, q144, 0x40, buf, 4);
	CHECK(!memcmp(buf, "\x12\x34\x56\x78", 4), "EBh 1-4-4, 6 wait clocks");
	cmd(n, 0x06);
	xfer(n, 0x38, (struct proto){ 1, 4, 3, 4, 0, false }, 0x80, true, (uint8_t *)"\xa5\x5a", 2);
	wait_idle(n);
	CHECK(peek(n, 0x80) == 0xa5 && peek(n, 0x81) == 0x5a, "38h 4PP 1-4-4 programs");
	vb_nor_free(n);

	/* W25Q: QE fixed, quad works from power-on; 32h 1-1-4 program */
	n = vb_nor_new("W25Q128JV", NULL);
	cmd(n, 0x06);
	xfer(n, 0x32, (struct proto){ 1, 1, 3, 4, 0, false }, 0x10, true, (uint8_t *)"\x11\x22", 2);
	wait_idle(n);
	read_at(n, 0x6b, q114, 0x10, buf, 2);
	CHECK(buf[0] == 0x11 && buf[1] == 0x22, "W25Q 32h then 6Bh");
	vb_nor_free(n);
}

static void test_dummy_and_lines(void)
{
	struct vb_nor *n = vb_nor_new("W25Q128JV", NULL);
	struct proto p;
	uint8_t buf[3];
	int ge;

	memcpy(vb_nor_array(n) + 0x100, "\xa5\x3c\x0f", 3);
	read_at(n, 0x0b, FAST3, 0x100, buf, 3);
	CHECK(!memcmp(buf, "\xa5\x3c\x0f", 3), "0Bh with 8 dummies");
	ge = guest_errors;
	p = FAST3;
	p.dummy = 7; /* host samples one clock early: a 1 (nobody drives), then the data */
	read_at(n, 0x0b, p, 0x100, buf, 2);
	CHECK(buf[0] == (0x80 | 0xa5 >> 1) && buf[1] == ((0xa5 & 1) << 7 | 0x3c >> 1),
	      "7 dummies instead of 8: data shifted right by 1 bit");
	CHECK(guest_errors > ge, "... guest error");
	p.dummy = 9;
	read_at(n, 0x0b, p, 0x100, buf, 2);
	CHECK(buf[0] == (uint8_t)(0xa5 << 1 | 0x3c >> 7) && buf[1] == (uint8_t)(0x3c << 1 | 0),
	      "9 dummies: data shifted left by 1 bit");
	/* 6Bh quad output: one dummy short shifts by 4 bits */
	p = (struct proto){ 1, 1, 3, 4, 7, false };
	read_at(n, 0x6b, p, 0x100, buf, 2);
	CHECK(buf[0] == 0xfa && buf[1] == 0x53, "6Bh 7 dummies: shifted by 4 bits (1 clock x 4)");
	/* 3Bh dual output read as single: the host samples IO1 only */
	p = (struct proto){ 1, 1, 3, 1, 8, false };
	read_at(n, 0x3b, p, 0x100, buf, 1);
	/* chip drives 0xA5 = 10 10 01 01 on IO1/IO0: IO1 carries 1,1,0,0 of byte 0
	 * then 0,1,1,0 of byte 1 (0x3C = 00 11 11 00) */
	CHECK_EQ(buf[0], 0xc6, "3Bh read on one line: every other bit");
	vb_nor_free(n);

	/* QPI-less Winbond: DTR opcode is unknown */
	n = vb_nor_new("W25Q128JV", NULL);
	ge = guest_errors;
	read_at(n, 0x0d, (struct proto){ 1, 1, 3, 1, 8, true }, 0, buf, 1);
	CHECK(buf[0] == 0xff && guest_errors == ge + 1, "W25Q 0Dh DTR read: unknown command");
	vb_nor_free(n);
}

static void test_micron_modes(void)
{
	struct vb_nor *n = vb_nor_new("MT25QL512ABB", NULL);
	struct proto p4 = { 1, 1, 4, 1, 8, false };
	struct proto qpi_reg = { 4, 0, 0, 4, 0, false };
	uint8_t buf[4], id[3];
	int ge;

	/* 4-byte mode: B7h needs WREN (SFDP DW16 enter methods 0x36) */
	cmd(n, 0xb7);
	CHECK_EQ(rdreg(n, 0x70) & 1, 0, "B7h without WREN ignored");
	cmd(n, 0x06);
	cmd(n, 0xb7);
	CHECK_EQ(rdreg(n, 0x70) & 1, 1, "WREN + B7h: FSR 4-byte");
	cmd(n, 0x06);
	program(n, 0x02, 0x2000010, 4, (const uint8_t[]){ 0x5a }, 1);
	wait_idle(n);
	CHECK_EQ(peek(n, 0x2000010), 0x5a, "02h takes a 4-byte address in 4-byte mode");
	read_at(n, 0x0b, p4, 0x2000010, buf, 1);
	CHECK_EQ(buf[0], 0x5a, "0Bh 4-byte address, 8 dummies");
	cmd(n, 0x06);
	cmd(n, 0xe9);
	CHECK_EQ(rdreg(n, 0x70) & 1, 0, "E9h leaves 4-byte mode");
	read_at(n, 0x13, (struct proto){ 1, 1, 4, 1, 0, false }, 0x2000010, buf, 1);
	CHECK_EQ(buf[0], 0x5a, "13h 4-byte read in 3-byte mode");
	read_at(n, 0x0c, p4, 0x2000010, buf, 1);
	CHECK_EQ(buf[0], 0x5a, "0Ch 4-byte fast read");
	read_at(n, 0xec, (struct proto){ 1, 4, 4, 4, 10, false }, 0x2000010, buf, 1);
	CHECK_EQ(buf[0], 0x5a, "ECh 1-4-4, 10 dummies (DC default)");
	read_at(n, 0x0d, (struct proto){ 1, 1, 3, 1, 8, true }, 0x10, buf, 1);
	CHECK_EQ(buf[0], 0xff, "0Dh DTR fast read (erased)");

	/* VCR DC = 6 */
	cmd(n, 0x06);
	wrreg(n, 0x81, (const uint8_t[]){ 0x6b }, 1);
	vb_nor_array(n)[0x20] = 0x77;
	read_at(n, 0x0b, (struct proto){ 1, 1, 3, 1, 6, false }, 0x20, buf, 1);
	CHECK_EQ(buf[0], 0x77, "VCR DC = 6: 0Bh with 6 dummies");

	/* QPI: 35h, then everything on 4 lines */
	cmd(n, 0x35);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_QPI, "35h enters QPI");
	xfer(n, 0x65, qpi_reg, 0, false, buf, 1);
	CHECK_EQ(buf[0], 0x7f, "EVCR b7 = 0 in QPI (read 4-4-4)");
	ge = guest_errors;
	CHECK_EQ(rdreg(n, 0x05), 0xff, "1-line RDSR in QPI: nothing sensible");
	CHECK(guest_errors > ge, "... guest error");
	xfer(n, 0xaf, qpi_reg, 0, false, id, 3);
	CHECK(id[0] == 0x20 && id[1] == 0xba && id[2] == 0x20, "AFh ID in QPI");
	read_at(n, 0x0b, (struct proto){ 4, 4, 3, 4, 6, false }, 0x20, buf, 1);
	CHECK_EQ(buf[0], 0x77, "QPI 0Bh 4-4-4 with DC = 6");
	xfer(n, 0xf5, (struct proto){ 4, 0, 0, 4, 0, false }, 0, false, NULL, 0);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SPI, "F5h on 4 lines leaves QPI");

	/* EVCR write to DPI */
	cmd(n, 0x06);
	wrreg(n, 0x61, (const uint8_t[]){ 0xbf }, 1);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_DPI, "EVCR b6 = 0: DPI");
	xfer(n, 0x05, (struct proto){ 2, 0, 0, 2, 0, false }, 0, false, buf, 1);
	CHECK_EQ(buf[0], 0x00, "RDSR 2-2-2 in DPI");

	/* reset: 99h alone ignored; 66h + 99h back to power-on */
	ge = guest_errors;
	xfer(n, 0x99, (struct proto){ 2, 0, 0, 2, 0, false }, 0, false, NULL, 0);
	CHECK(vb_nor_mode(n) == VB_NOR_DPI && guest_errors == ge + 1, "99h without 66h ignored");
	xfer(n, 0x66, (struct proto){ 2, 0, 0, 2, 0, false }, 0, false, NULL, 0);
	xfer(n, 0x99, (struct proto){ 2, 0, 0, 2, 0, false }, 0, false, NULL, 0);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SPI, "66h + 99h: SPI again");
	CHECK_EQ(rdreg(n, 0x85), 0xfb, "reset: VCR back to 0xFB");

	/* NVCR b0 = 0: 4-byte mode from power-on / reset */
	cmd(n, 0x06);
	wrreg(n, 0xb1, (const uint8_t[]){ 0xfe, 0xff }, 2);
	wait_idle(n);
	CHECK_EQ(rdreg(n, 0x70) & 1, 0, "NVCR write does not switch now");
	cmd(n, 0x66);
	cmd(n, 0x99);
	CHECK_EQ(rdreg(n, 0x70) & 1, 1, "after reset: 4-byte mode per NVCR b0");
	vb_nor_free(n);

	n = vb_nor_new("N25Q128A", NULL);
	ge = guest_errors;
	cmd(n, 0x35);
	CHECK(vb_nor_mode(n) == VB_NOR_SPI && guest_errors == ge + 1, "N25Q128A: no 35h");
	ge = guest_errors;
	cmd(n, 0x06);
	cmd_at(n, 0x52, 0, 3);
	CHECK_EQ(guest_errors, ge + 1, "N25Q128A: no 32K erase");
	vb_nor_free(n);
}

static void test_continuous_read(void)
{
	struct vb_nor *n = vb_nor_new("W25Q128JV", NULL);
	struct vb_spi_xfer x = { 0 };
	uint8_t buf[2];

	memcpy(vb_nor_array(n) + 0x400, "\xde\xad", 2);
	x.cmd = (struct vb_spi_phase){ .lines = 1, .nbytes = 1, .value = 0xeb };
	x.addr = (struct vb_spi_phase){ .lines = 4, .nbytes = 3, .value = 0x400 };
	x.alt = (struct vb_spi_phase){ .lines = 4, .nbytes = 1, .value = 0x20 };
	x.dummy_cycles = 4;
	x.data.lines = 4;
	x.data.len = 2;
	x.data.buf = buf;
	vb_nor_xfer(n, &x);
	CHECK(buf[0] == 0xde && buf[1] == 0xad, "EBh with mode 0x20");
	x.cmd.lines = 0; /* instruction skipped, as the chip now expects */
	x.alt.value = 0xff;
	buf[0] = 0;
	vb_nor_xfer(n, &x);
	CHECK(buf[0] == 0xde && buf[1] == 0xad, "continuous read: next EBh without instruction");
	x.cmd.lines = 1;
	vb_nor_xfer(n, &x);
	CHECK(buf[0] == 0xde, "mode 0xFF left continuous read: instruction again");
	vb_nor_free(n);
}

/* ---- MX25LM51245G: octal (SOPI / DOPI) -------------------------------------------- */

/*
 * An OPI transaction: instruction op + op2 (op2 = ~op for a good pair),
 * all on 8 lines, DTR in DOPI; ab 0 or 4 address bytes. Reads sample on
 * DQS unless told otherwise.
 */
static void opi_xfer(struct vb_nor *n, bool dtr, uint8_t op, uint8_t op2, uint8_t ab, uint32_t addr,
                     uint8_t dummy, bool write, uint8_t *buf, uint32_t len, bool dqs)
{
	struct vb_spi_xfer x = { 0 };

	x.cmd = (struct vb_spi_phase){
		.lines = 8, .dtr = dtr, .nbytes = 2, .value = op << 8 | op2
	};
	if (ab)
		x.addr = (struct vb_spi_phase){
			.lines = 8, .dtr = dtr, .nbytes = ab, .value = addr
		};
	x.dummy_cycles = dummy;
	x.data.lines = 8;
	x.data.dtr = dtr;
	x.data.write = write;
	x.data.len = len;
	x.data.buf = buf;
	x.data.dqs = dqs;
	vb_nor_xfer(n, &x);
}

/*
 * A DOPI read as OpenOCD's stmqspi sends register and ID reads: 8D
 * instruction and 4-byte dummy address, an STR data phase (CCR.DDTR = 0).
 */
static void opi_xfer_str_data(struct vb_nor *n, uint8_t op, uint8_t dummy, uint8_t *buf,
                              uint32_t len, bool dqs)
{
	struct vb_spi_xfer x = { 0 };

	x.cmd = (struct vb_spi_phase){
		.lines = 8, .dtr = true, .nbytes = 2, .value = op << 8 | (uint8_t)~op
	};
	x.addr = (struct vb_spi_phase){ .lines = 8, .dtr = true, .nbytes = 4 };
	x.dummy_cycles = dummy;
	x.data.lines = 8;
	x.data.len = len;
	x.data.buf = buf;
	x.data.dqs = dqs;
	vb_nor_xfer(n, &x);
}

static void ocmd(struct vb_nor *n, bool dtr, uint8_t op)
{
	opi_xfer(n, dtr, op, (uint8_t)~op, 0, 0, 0, false, NULL, 0, false);
}

static void ocmd_at(struct vb_nor *n, bool dtr, uint8_t op, uint32_t addr)
{
	opi_xfer(n, dtr, op, (uint8_t)~op, 4, addr, 0, false, NULL, 0, false);
}

static void oread(struct vb_nor *n, bool dtr, uint8_t op, uint32_t addr, uint8_t dummy,
                  uint8_t *buf, uint32_t len)
{
	memset(buf, 0x55, len);
	opi_xfer(n, dtr, op, (uint8_t)~op, 4, addr, dummy, false, buf, len, dtr);
}

static void owrite(struct vb_nor *n, bool dtr, uint8_t op, uint32_t addr, const uint8_t *buf,
                   uint32_t len)
{
	opi_xfer(n, dtr, op, (uint8_t)~op, 4, addr, 0, true, (uint8_t *)buf, len, false);
}

/* CR2 byte at addr through 71h in SPI mode (4-byte address, no dummy) */
static uint8_t spi_rdcr2(struct vb_nor *n, uint32_t addr)
{
	uint8_t v = 0x55;

	xfer(n, 0x71, (struct proto){ 1, 1, 4, 1, 0, false }, addr, false, &v, 1);
	return v;
}

static void spi_wrcr2(struct vb_nor *n, uint32_t addr, uint8_t v)
{
	xfer(n, 0x72, (struct proto){ 1, 1, 4, 1, 0, false }, addr, true, &v, 1);
}

static const uint8_t mxlm_pat[8] = { 0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87 };

static void test_mxlm_spi(void)
{
	struct vb_nor *n = vb_nor_new("MX25LM51245G", NULL);
	uint8_t id[4], sf[8], buf[4];
	int ge;

	if (!CHECK(n != NULL, "MX25LM51245G: created"))
		return;
	CHECK_EQ(vb_nor_size(n), 64u << 20, "MX25LM 64 MiB");
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SPI, "MX25LM power-on mode: SPI");
	xfer(n, 0x9f, P1, 0, false, id, 4);
	CHECK(!memcmp(id, "\xc2\x85\x3a\x00", 4), "MX25LM 9Fh: C2 85 3A");
	/* [SFDP:MX25LM51245G]: header, BFPT DW1 @0x40, xSPI profile DW1 @0x120, 4BAIT end */
	read_at(n, 0x5a, FAST3, 0, sf, 8);
	CHECK(!memcmp(sf, "SFDP\x08\x01\x04\xfd", 8), "MX25LM SFDP header rev 1.8, 5 PH, 0xFD");
	read_at(n, 0x5a, FAST3, 0x40, sf, 4);
	CHECK(!memcmp(sf, "\xe5\x20\x8a\xff", 4), "MX25LM BFPT DW1");
	read_at(n, 0x5a, FAST3, 0x120, sf, 4);
	CHECK(!memcmp(sf, "\x00\xee\xc0\x69", 4), "MX25LM xSPI profile 1.0 DW1 (EEh)");
	read_at(n, 0x5a, FAST3, 0x138, sf, 5);
	CHECK(!memcmp(sf, "\x21\xdc\xff\xff\xff", 5), "MX25LM 4BAIT end, then 0xFF");
	CHECK_EQ(rdreg(n, 0x05), 0x00, "MX25LM SR power-on");
	CHECK_EQ(rdreg(n, 0x15), 0x07, "MX25LM CR power-on (ODS 111)");
	CHECK_EQ(rdreg(n, 0x2b), 0x00, "MX25LM SCUR power-on");
	CHECK_EQ(spi_rdcr2(n, 0x000), 0x00, "CR2@0: SPI");
	CHECK_EQ(spi_rdcr2(n, 0x300), 0x00, "CR2@300: DC 000 (20 dummies)");
	ge = guest_errors;
	CHECK_EQ(spi_rdcr2(n, 0x100), 0xff, "CR2 at no register: 0xFF");
	CHECK(guest_errors > ge, "... guest error");

	/* 3- and 4-byte commands; 0Bh/0Ch 8 dummies */
	memcpy(vb_nor_array(n) + 0x3000010, mxlm_pat, 4);
	memcpy(vb_nor_array(n) + 0x10, mxlm_pat + 4, 4);
	read_at(n, 0x13, (struct proto){ 1, 1, 4, 1, 0, false }, 0x3000010, buf, 4);
	CHECK(!memcmp(buf, mxlm_pat, 4), "MX25LM 13h 4-byte read");
	read_at(n, 0x0c, (struct proto){ 1, 1, 4, 1, 8, false }, 0x3000010, buf, 4);
	CHECK(!memcmp(buf, mxlm_pat, 4), "MX25LM 0Ch 4-byte fast read, 8 dummies");
	read_at(n, 0x03, READ3, 0x10, buf, 4);
	CHECK(!memcmp(buf, mxlm_pat + 4, 4), "MX25LM 03h 3-byte read");
	read_at(n, 0x0b, FAST3, 0x10, buf, 4);
	CHECK(!memcmp(buf, mxlm_pat + 4, 4), "MX25LM 0Bh 3-byte fast read");
	cmd(n, 0x06);
	program(n, 0x12, 0x3ffff00, 4, (const uint8_t[]){ 0x0f }, 1);
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 152000, "MX25LM tPP 152 us (SPI 12h)");
	wait_idle(n);
	CHECK_EQ(peek(n, 0x3ffff00), 0x0f, "12h programs at a 4-byte address");
	ge = guest_errors;
	cmd(n, 0xb7);
	CHECK_EQ(guest_errors, ge + 1, "MX25LM: no B7h (4-byte opcodes only)");
	vb_nor_free(n);
}

static void test_mxlm_modes(void)
{
	struct vb_nor *n = vb_nor_new("MX25LM51245G", NULL);
	uint8_t b[8];
	int ge;

	/* CR2 write without WREN: ignored */
	ge = guest_errors;
	spi_wrcr2(n, 0, 0x01);
	CHECK(vb_nor_mode(n) == VB_NOR_SPI && guest_errors == ge + 1,
	      "72h without WREN: still SPI, guest error");
	cmd(n, 0x06);
	spi_wrcr2(n, 0, 0x01);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SOPI, "WREN + 72h @0 = 01: SOPI");
	CHECK(!vb_nor_busy(n), "volatile CR2 write: not busy");

	/* SOPI: 1-line commands are not understood */
	ge = guest_errors;
	CHECK_EQ(rdreg(n, 0x05), 0xff, "1-line RDSR in SOPI: no answer");
	CHECK(guest_errors > ge, "... guest error");
	oread(n, false, 0x05, 0, 4, b, 2);
	CHECK(b[0] == 0x00 && b[1] == 0x00, "SOPI 05FAh, 4 dummies: SR 00 (WEL cleared)");
	ocmd(n, false, 0x06);
	oread(n, false, 0x05, 0, 4, b, 1);
	CHECK_EQ(b[0], 0x02, "SOPI 06F9h sets WEL");
	ocmd(n, false, 0x04);
	oread(n, false, 0x05, 0, 4, b, 1);
	CHECK_EQ(b[0], 0x00, "SOPI 04FBh clears WEL");
	/* a second byte that is not the inverse: no command */
	ge = guest_errors;
	opi_xfer(n, false, 0x06, 0xf8, 0, 0, 0, false, NULL, 0, false);
	oread(n, false, 0x05, 0, 4, b, 1);
	CHECK(b[0] == 0x00 && guest_errors == ge + 1, "06F8h: not WREN, guest error");
	ge = guest_errors;
	memset(b, 0x55, 2);
	opi_xfer(n, false, 0x05, 0x05, 4, 0, 4, false, b, 2, false);
	CHECK(b[0] == 0xff && b[1] == 0xff && guest_errors == ge + 1,
	      "0505h: not RDSR, lines float, guest error");
	oread(n, false, 0x9f, 0, 4, b, 4);
	CHECK(!memcmp(b, "\xc2\x85\x3a\x00", 4), "SOPI 9F60h ID");
	oread(n, false, 0x5a, 0, 20, b, 8);
	CHECK(!memcmp(b, "SFDP\x08\x01\x04\xfd", 8), "SOPI 5AA5h, 20 dummies: SFDP");
	oread(n, false, 0x71, 0, 4, b, 1);
	CHECK_EQ(b[0], 0x01, "SOPI 718Eh CR2@0 = 01");
	oread(n, false, 0x15, 0, 4, b, 1);
	CHECK_EQ(b[0], 0x07, "SOPI 15EAh CR");
	oread(n, false, 0x2b, 0, 4, b, 1);
	CHECK_EQ(b[0], 0x00, "SOPI 2BD4h SCUR");
	memcpy(vb_nor_array(n) + 0x1000, mxlm_pat, 8);
	oread(n, false, 0xec, 0x1000, 20, b, 8);
	CHECK(!memcmp(b, mxlm_pat, 8), "SOPI ECh STR octal read, 20 dummies (DC 000)");
	ge = guest_errors;
	oread(n, false, 0xee, 0x1000, 20, b, 1);
	CHECK(b[0] == 0xff && guest_errors == ge + 1, "EE11h in SOPI: unknown");

	/* SOPI -> DOPI by CR2 */
	ocmd(n, false, 0x06);
	owrite(n, false, 0x72, 0, (const uint8_t[]){ 0x02 }, 1);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_DOPI, "SOPI 728Dh @0 = 02: DOPI");

	/* DOPI register reads: 5 dummies, each byte twice */
	oread(n, true, 0x05, 0, 5, b, 2);
	CHECK(b[0] == 0x00 && b[1] == 0x00, "DOPI RDSR: 00 00");
	ocmd(n, true, 0x06);
	oread(n, true, 0x05, 0, 5, b, 4);
	CHECK(!memcmp(b, "\x02\x02\x02\x02", 4), "DOPI 06F9h then RDSR: 02 02 02 02");
	ocmd(n, true, 0x04);
	oread(n, true, 0x9f, 0, 5, b, 6);
	CHECK(!memcmp(b, "\xc2\xc2\x85\x85\x3a\x3a", 6), "DOPI 9F60h: C2 C2 85 85 3A 3A");
	/* the host samples on the chip's DQS: its own dummy count moves nothing */
	ge = guest_errors;
	oread(n, true, 0x05, 0, 4, b, 4);
	CHECK(!memcmp(b, "\x00\x00\x00\x00", 4), "DOPI RDSR, DQS, 4 dummies: 00 00 00 00");
	oread(n, true, 0x9f, 0, 8, b, 6);
	CHECK(!memcmp(b, "\xc2\xc2\x85\x85\x3a\x3a", 6), "DOPI 9F60h, DQS, 8 dummies: the ID");
	CHECK_EQ(guest_errors, ge, "... no guest error");
	/* OpenOCD's stmqspi: 9F60h, 6 dummies, DQS, STR data phase: one byte a clock */
	memset(b, 0x55, 3);
	opi_xfer_str_data(n, 0x9f, 6, b, 3, true);
	CHECK(!memcmp(b, "\xc2\x85\x3a", 3), "DOPI 9F60h, DQS, 6 dummies, STR data: C2 85 3A");
	memset(b, 0x55, 3);
	opi_xfer_str_data(n, 0x9f, 6, b, 3, false);
	CHECK(b[0] != 0xc2 || b[1] != 0x85, "... without DQS, 6 dummies: not the ID");
	oread(n, true, 0x05, 0, 4, b, 4);
	oread(n, true, 0x71, 0, 5, b, 2);
	CHECK(b[0] == 0x02 && b[1] == 0x02, "DOPI 718Eh CR2@0: 02 02");
	oread(n, true, 0x5a, 0x40, 20, b, 4);
	CHECK(!memcmp(b, "\xe5\x20\x8a\xff", 4), "DOPI 5AA5h: BFPT DW1 (not doubled)");
	ge = guest_errors;
	oread(n, true, 0xec, 0x1000, 20, b, 2);
	CHECK(b[0] == 0xff && guest_errors == ge + 1, "EC13h in DOPI: unknown");
	ge = guest_errors;
	memset(b, 0x55, 2);
	opi_xfer(n, true, 0x05, 0xfb, 4, 0, 5, false, b, 2, true);
	CHECK(b[0] == 0xff && guest_errors == ge + 1, "DOPI 05FBh: no command");

	/* reset in DOPI: 66h 99h pairs, back to SPI and default CR2 */
	ocmd(n, true, 0x06);
	owrite(n, true, 0x72, 0x300, (const uint8_t[]){ 0x07, 0x07 }, 2);
	oread(n, true, 0x71, 0x300, 5, b, 2);
	CHECK(b[0] == 0x07 && b[1] == 0x07, "DOPI 728Dh @300 = 07 07: DC 6 dummies");
	ge = guest_errors;
	ocmd(n, true, 0x99);
	CHECK(vb_nor_mode(n) == VB_NOR_DOPI && guest_errors == ge + 1, "9966h alone ignored");
	ocmd(n, true, 0x66);
	ocmd(n, true, 0x99);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SPI, "DOPI 6699h + 9966h: SPI");
	CHECK_EQ(spi_rdcr2(n, 0x300), 0x00, "reset: CR2 DC back to 000");
	CHECK_EQ(spi_rdcr2(n, 0x000), 0x00, "reset: CR2 mode 00");
	vb_nor_free(n);
}

static void test_mxlm_dopi_data(void)
{
	struct vb_nor *n = vb_nor_new("MX25LM51245G", NULL);
	uint8_t b[8], sr[2];
	int ge;

	CHECK_EQ(vb_nor_set_mode(n, "dopi"), 0, "vb_nor_set_mode dopi");
	CHECK_EQ(vb_nor_mode(n), VB_NOR_DOPI, "... chip in DOPI");
	memcpy(vb_nor_array(n) + 0x1000, mxlm_pat, 8);
	memcpy(vb_nor_array(n) + 0x1008, "\xa0\xa1\xa2\xa3", 4);
	oread(n, true, 0xee, 0x1000, 20, b, 8);
	CHECK(!memcmp(b, mxlm_pat, 8), "DOPI EE11h, 20 dummies (DC default)");
	/* DQS: the data come on the chip's strobe whatever the host's dummy count */
	ge = guest_errors;
	oread(n, true, 0xee, 0x1000, 6, b, 8);
	CHECK(!memcmp(b, mxlm_pat, 8), "DQS, DC 000, 6 dummies (OpenOCD's board file): data");
	oread(n, true, 0xee, 0x1000, 18, b, 8);
	CHECK(!memcmp(b, mxlm_pat, 8), "DQS, 18 dummies: data");
	oread(n, true, 0xee, 0x1000, 22, b, 8);
	CHECK(!memcmp(b, mxlm_pat, 8), "DQS, 22 dummies: data");
	CHECK_EQ(guest_errors, ge, "... no guest error");
	/* without DQS the host samples on its clock: a wrong count shifts */
	memset(b, 0x55, 8);
	opi_xfer(n, true, 0xee, 0x11, 4, 0x1000, 18, false, b, 8, false);
	CHECK(!memcmp(b, "\xff\xff\xff\xff\xff\x10\x21\x32", 8),
	      "no DQS, 18 dummies: two clocks early, then a byte late");
	CHECK(guest_errors > ge, "... guest error");
	memset(b, 0x55, 8);
	opi_xfer(n, true, 0xee, 0x11, 4, 0x1000, 22, false, b, 8, false);
	CHECK(!memcmp(b, "\xff\x54\x65\x76\x87\xa0\xa1\xa2", 8),
	      "no DQS, 22 dummies: two clocks late, then a byte late");
	ge = guest_errors;
	memset(b, 0x55, 8);
	opi_xfer(n, true, 0xee, 0x11, 4, 0x1000, 20, false, b, 8, false);
	CHECK(!memcmp(b, "\xff\x10\x21\x32\x43\x54\x65\x76", 8),
	      "DQS off: data misaligned by one byte");
	CHECK_EQ(guest_errors, ge + 1, "... guest error");
	ge = guest_errors;
	oread(n, true, 0xee, 0x1001, 20, b, 4);
	CHECK(!memcmp(b, mxlm_pat, 4) && guest_errors == ge + 1,
	      "odd address in DOPI: A0 ignored, read from the word");
	/* CR2 DC = 111: 6 dummies */
	ocmd(n, true, 0x06);
	owrite(n, true, 0x72, 0x300, (const uint8_t[]){ 0x07, 0x07 }, 2);
	oread(n, true, 0xee, 0x1004, 6, b, 4);
	CHECK(!memcmp(b, mxlm_pat + 4, 4), "DC 111: EE11h with 6 dummies");

	/* program, WEL, busy */
	ge = guest_errors;
	owrite(n, true, 0x12, 0x2000, mxlm_pat, 8);
	CHECK(peek(n, 0x2000) == 0xff && guest_errors == ge + 1, "DOPI 12EDh without WREN ignored");
	ocmd(n, true, 0x06);
	owrite(n, true, 0x12, 0x2000, mxlm_pat, 8);
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 152000, "DOPI program busy 152 us");
	oread(n, true, 0x05, 0, 5, sr, 2);
	CHECK(sr[0] == 0x03 && sr[1] == 0x03, "while programming: WIP + WEL, twice");
	ge = guest_errors;
	oread(n, true, 0xee, 0x2000, 6, b, 2);
	CHECK(b[0] == 0xff && guest_errors == ge + 1, "read while busy ignored");
	fake_now += 151999;
	oread(n, true, 0x05, 0, 5, sr, 2);
	CHECK_EQ(sr[0], 0x03, "still busy at 151.999 us");
	fake_now += 1;
	oread(n, true, 0x05, 0, 5, sr, 2);
	CHECK_EQ(sr[0], 0x00, "ready at 152 us, WEL cleared");
	oread(n, true, 0xee, 0x2000, 6, b, 8);
	CHECK(!memcmp(b, mxlm_pat, 8), "DOPI program then read back");
	ocmd(n, true, 0x06);
	owrite(n, true, 0x12, 0x20ff, (const uint8_t[]){ 0x00, 0x00 }, 2);
	wait_idle(n);
	CHECK(peek(n, 0x20fe) == 0x00 && peek(n, 0x20ff) == 0x00 && peek(n, 0x2100) == 0xff,
	      "DOPI program at an odd address: from the even one");
	ocmd(n, true, 0x06);
	owrite(n, true, 0x12, 0x2000, (const uint8_t[]){ 0xf0, 0x0f }, 2);
	wait_idle(n);
	CHECK(peek(n, 0x2000) == (0x10 & 0xf0) && peek(n, 0x2001) == (0x21 & 0x0f),
	      "program only clears bits");

	/* erases: [SFDP] 4K 25 ms, 64K 256 ms, chip 192 s */
	memset(vb_nor_array(n) + 0x10000, 0x00, 0x20000);
	ocmd(n, true, 0x06);
	ocmd_at(n, true, 0x21, 0x12345);
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 25000000, "DOPI 21DEh 4K erase 25 ms");
	CHECK(peek(n, 0x11fff) == 0x00 && peek(n, 0x12000) == 0xff && peek(n, 0x12fff) == 0xff &&
	              peek(n, 0x13000) == 0x00,
	      "21DEh erases the 4K sector");
	oread(n, true, 0x05, 0, 5, sr, 2);
	CHECK_EQ(sr[0], 0x03, "erasing: WIP + WEL");
	wait_idle(n);
	ocmd(n, true, 0x06);
	ocmd_at(n, true, 0xdc, 0x2abcd);
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 256000000, "DOPI DC23h 64K erase 256 ms");
	CHECK(peek(n, 0x1ffff) == 0x00 && peek(n, 0x20000) == 0xff && peek(n, 0x2ffff) == 0xff,
	      "DC23h erases the 64K block");
	wait_idle(n);
	ocmd(n, true, 0x06);
	ocmd(n, true, 0x60);
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 192000000000ull, "DOPI 609Fh chip erase 192 s");
	CHECK(peek(n, 0x10000) == 0xff && peek(n, 0x3ffffff) == 0xff, "chip erase fills 0xFF");
	wait_idle(n);
	/* C738h too (OpenOCD's stmqspi mass_erase sends its table's C7h as a pair) */
	vb_nor_array(n)[0x10000] = 0x00;
	ocmd(n, true, 0x06);
	ocmd(n, true, 0xc7);
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 192000000000ull, "DOPI C738h chip erase 192 s");
	CHECK_EQ(peek(n, 0x10000), 0xff, "C738h fills 0xFF");
	wait_idle(n);

	/* protection: BP = 1 top 64K; refusal sets SCUR E_FAIL */
	vb_nor_set_mode(n, "spi");
	set_sr(n, 0x01, 0x04);
	CHECK(!erase_ok(n, 0x21, 0x3ff0000, 4), "MX25LM BP=1: top 64K protected");
	CHECK_EQ(rdreg(n, 0x2b), 0x40, "SCUR E_FAIL after the refusal");
	CHECK(erase_ok(n, 0x21, 0x3fef000, 4), "below it erasable");
	CHECK_EQ(rdreg(n, 0x2b), 0x00, "SCUR E_FAIL cleared by the next erase");
	vb_nor_free(n);
}

static void test_mxlm_power_on(void)
{
	struct vb_nor *n = vb_nor_new("MX25LM51245G", NULL);
	uint8_t b[2];

	cmd(n, 0x06);
	spi_wrcr2(n, 0x40000000, 0x02);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SPI, "DEFDOPI write: mode unchanged now");
	CHECK_EQ(rdreg(n, 0x05), 0x03, "non-volatile CR2 write: WIP + WEL");
	CHECK_EQ(vb_nor_busy_until(n) - fake_now, 40000000, "... for tW 40 ms");
	wait_idle(n);
	CHECK_EQ(spi_rdcr2(n, 0x40000000), 0x02, "CR2@40000000 reads 02");
	vb_nor_power_on(n);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_DOPI, "DEFDOPI: power-on in DOPI");
	oread(n, true, 0x71, 0, 5, b, 2);
	CHECK(b[0] == 0x02 && b[1] == 0x02, "CR2@0 = 02 after power-on");
	ocmd(n, true, 0x66);
	ocmd(n, true, 0x99);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_DOPI, "reset with DEFDOPI: DOPI again");
	CHECK_EQ(vb_nor_set_mode(n, "spi"), 0, "vb_nor_set_mode spi");
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SPI, "... SPI now");
	vb_nor_power_on(n);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_DOPI, "set_mode leaves the non-volatile default");
	ocmd(n, true, 0x06);
	owrite(n, true, 0x72, 0x40000000, (const uint8_t[]){ 0x00, 0x00 }, 2);
	wait_idle(n);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_DOPI, "DEFDOPI cleared in DOPI: still DOPI");
	vb_nor_power_on(n);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SPI, "DEFDOPI cleared: power-on in SPI");
	cmd(n, 0x06);
	spi_wrcr2(n, 0x40000000, 0x01);
	wait_idle(n);
	vb_nor_power_on(n);
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SOPI, "DEFSOPI: power-on in SOPI");
	vb_nor_free(n);
}

static void test_set_mode(void)
{
	struct vb_nor *n = vb_nor_new("MX25LM51245G", NULL);
	uint8_t b;

	CHECK_EQ(vb_nor_set_mode(n, "sopi"), 0, "MX25LM set_mode sopi");
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SOPI, "... SOPI");
	CHECK_EQ(vb_nor_set_mode(n, "qpi"), -1, "MX25LM has no QPI: -1");
	CHECK_EQ(vb_nor_mode(n), VB_NOR_SOPI, "... chip unchanged");
	CHECK_EQ(vb_nor_set_mode(n, "bogus"), -1, "unknown mode name: -1");
	CHECK_EQ(vb_nor_set_mode(n, "DOPI"), 0, "set_mode is case-blind");
	CHECK_EQ(vb_nor_mode(n), VB_NOR_DOPI, "... DOPI (SOPI bit cleared)");
	vb_nor_free(n);

	n = vb_nor_new("MT25QL512ABB", NULL);
	CHECK_EQ(vb_nor_set_mode(n, "dopi"), -1, "MT25Q has no DOPI: -1");
	CHECK_EQ(vb_nor_set_mode(n, "qpi"), 0, "MT25Q set_mode qpi");
	xfer(n, 0x65, (struct proto){ 4, 0, 0, 4, 0, false }, 0, false, &b, 1);
	CHECK_EQ(b, 0x7f, "... EVCR b7 = 0, read in QPI");
	CHECK_EQ(vb_nor_set_mode(n, "dpi"), 0, "MT25Q set_mode dpi");
	CHECK_EQ(vb_nor_mode(n), VB_NOR_DPI, "... DPI");
	CHECK_EQ(vb_nor_set_mode(n, "spi"), 0, "MT25Q set_mode spi");
	CHECK_EQ(rdreg(n, 0x65), 0xff, "... EVCR 0xFF again");
	vb_nor_free(n);

	n = vb_nor_new("W25Q128JV", NULL);
	CHECK_EQ(vb_nor_set_mode(n, "qpi"), -1, "W25Q128JV (EF4018) has no QPI: -1");
	CHECK_EQ(vb_nor_set_mode(n, "sopi"), -1, "... nor SOPI");
	CHECK_EQ(vb_nor_set_mode(n, "spi"), 0, "... SPI is fine");
	CHECK_EQ(rdreg(n, 0x05), 0x00, "... SR1 untouched");
	vb_nor_free(n);
}

/* The octal support leaves the other parts' wire alone. */
static void test_others_unaffected(void)
{
	static const char *const parts[] = { "W25Q128JV",    "W25Q64JV", "MT25QL512ABB",
		                             "MT25QU512ABB", "N25Q128A", "MX25L12835F" };
	uint8_t id[2];

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		struct vb_nor *n = vb_nor_new(parts[i], NULL);
		char name[96];
		int ge = guest_errors;

		/* an OPI-style RDID pair on 8 lines is no command for a 1-line chip */
		memset(id, 0x55, sizeof(id));
		opi_xfer(n, false, 0x9f, 0x60, 4, 0, 4, false, id, 2, false);
		snprintf(name, sizeof(name), "%s: 9F60h on 8 lines is not understood", parts[i]);
		CHECK(vb_nor_mode(n) == VB_NOR_SPI && guest_errors > ge, name);
		snprintf(name, sizeof(name), "%s: SPI mode, no OPI facts", parts[i]);
		CHECK(vb_nor_mode(n) == VB_NOR_SPI && vb_nor_part(n)->opi == NULL, name);
		vb_nor_free(n);
	}
	CHECK(strstr(vb_nor_part_names(), "MX25LM51245G") != NULL, "part names list the MX25LM");
}

/* ---- view, listener, flash file -------------------------------------------------------- */

static uint32_t heard_addr, heard_len;
static int heard;

static void listener(void *ctx, uint32_t addr, uint32_t len)
{
	(void)ctx;
	heard++;
	heard_addr = addr;
	heard_len = len;
}

static void test_view_listener_file(void)
{
	struct vb_nor *n = vb_nor_new("W25Q128JV", NULL);
	struct vb_spi_xfer t = { 0 };
	char path[256];
	uint8_t out[8];
	int fd;

	vb_nor_set_listener(n, listener, NULL);
	cmd(n, 0x06);
	program(n, 0x02, 0x1000, 3, (const uint8_t[]){ 1, 2, 3 }, 3);
	wait_idle(n);
	CHECK(heard == 1 && heard_addr == 0x1000 && heard_len == 3, "listener after program");
	cmd(n, 0x06);
	cmd_at(n, 0xd8, 0x23456, 3);
	wait_idle(n);
	CHECK(heard == 2 && heard_addr == 0x20000 && heard_len == 0x10000, "listener after erase");

	memcpy(vb_nor_array(n) + 0xfffffe, "\xaa\xbb", 2);
	vb_nor_array(n)[0] = 0xcc;
	t.cmd = (struct vb_spi_phase){ .lines = 1, .nbytes = 1, .value = 0x6b };
	t.addr = (struct vb_spi_phase){ .lines = 1, .nbytes = 3 };
	t.dummy_cycles = 8;
	t.data.lines = 4;
	vb_nor_read_view(n, &t, 0xfffffe, out, 3);
	CHECK(out[0] == 0xaa && out[1] == 0xbb && out[2] == 0xcc, "view wraps at the array end");
	t.dummy_cycles = 7;
	vb_nor_read_view(n, &t, 0xfffffe, out, 1);
	CHECK_EQ(out[0], 0xfa, "view with a wrong template: distorted like the chip");
	vb_nor_free(n);

	fd = tap_mkstemp(path, sizeof(path), "test_nor_");
	close(fd);
	n = vb_nor_new("W25Q64JV", path);
	CHECK(n && vb_nor_array(n)[12345] == 0xff, "flash file created erased");
	cmd(n, 0x06);
	program(n, 0x02, 0x7fff00, 3, (const uint8_t[]){ 0x42 }, 1);
	vb_nor_free(n);
	n = vb_nor_new("W25Q64JV", path);
	CHECK(n && peek(n, 0x7fff00) == 0x42, "flash file keeps the array across free/new");
	vb_nor_free(n);
	CHECK(vb_nor_new("W25Q128JV", path) == NULL, "flash file of the wrong size refused");
	unlink(path);
}

int main(void)
{
	test_ids();
	test_registers();
	test_program_erase();
	test_protection();
	test_qe();
	test_dummy_and_lines();
	test_micron_modes();
	test_continuous_read();
	test_mxlm_spi();
	test_mxlm_modes();
	test_mxlm_dopi_data();
	test_mxlm_power_on();
	test_set_mode();
	test_others_unaffected();
	test_view_listener_file();
	return tap_done();
}
