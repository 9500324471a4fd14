// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * NOR part table. See xspi_parts.h for the policy.
 *
 * Source tags (full references in docs/facts/parts_timing.md):
 *   [SFDP:<dump>]  our decode of tests/data/sfdp/<dump>.hex
 *   [ST-<part>]    STMicroelectronics component driver header for the
 *                  part (stm32-<part> repository); ST derives its timeout
 *                  constants from the datasheet maxima
 *   [OOCD]         OpenOCD src/flash/nor/spi.c FLASH_ID table
 *   [QEMU]         qemu hw/block/m25p80.c
 *   [LINUX]        Linux drivers/mtd/spi-nor, commit named in the comment
 *   UNCONFIRMED    no primary source was available; the comment says what
 *                  the value is based on
 */
#include "xspi_parts.h"

#include <string.h>

#define KIB(x) ((uint32_t)(x)*1024u)
#define MIB(x) ((uint32_t)(x)*1024u * 1024u)

#define SR1(b)                                      \
	{                                           \
		.reg = XSPI_NOR_REG_SR1, .bit = (b) \
	}
#define SR2(b)                                      \
	{                                           \
		.reg = XSPI_NOR_REG_SR2, .bit = (b) \
	}
#define CR_OTP(b)                                               \
	{                                                       \
		.reg = XSPI_NOR_REG_CR, .bit = (b), .otp = true \
	}

/*
 * Winbond W25QxxJV SR layout [ST-W25Q128J], data/notes: SR1 BUSY b0,
 * WEL b1, BP0-2 b2-4, TB b5, SEC b6, SRP b7; SR2 QE b1, CMP b6.
 * Protected areas (W25QxxJV "Status Register Memory Protection" tables,
 * as vboard/vb_nor_parts.c models them; the table itself was not at hand,
 * UNCONFIRMED): BP = 1 protects 1/64 of the array (W25Q128JV: blocks
 * 252-255, 256 KiB), doubling up to 1/2 at BP = 6, all at BP = 7; with
 * SEC one 4 KiB sector doubling up to 32 KiB; CMP inverts. SR writes
 * take tW 15 ms max (W25Q128JV AC characteristics as recalled,
 * UNCONFIRMED).
 */
#define WINBOND_JV_PROT(size_)                                                                \
	{                                                                                     \
		.nbp = 3, .bp = { 2, 3, 4 }, .tb = SR1(5), .sec = SR1(6), .cmp = SR2(6),      \
		.srwd = SR1(7), .unit = (size_) / 64, .sec_unit = KIB(4), .sec_max = KIB(32), \
		.wrsr_max_ms = 15,                                                            \
	}

/*
 * Micron N25Q/MT25Q SR layout [ST-MT25QL512ABB], [ST-N25Q128A]: WIP b0,
 * WEL b1, BP0-2 b2-4, TB b5, BP3 b6 (not contiguous!), SRWD b7; all
 * non-volatile (N25Q128 datasheet 6.1, MT25Q datasheet "Status Register").
 * Protected areas [MU-N25Q512] "Protected area sizes": BP = 1 protects
 * the top (TB = 0) or bottom 64 KiB sector, doubling per step until the
 * whole array. SR write tW 8 ms max (datasheet AC table as recalled,
 * UNCONFIRMED).
 */
#define MICRON_PROT                                                                            \
	{                                                                                      \
		.nbp = 4, .bp = { 2, 3, 4, 6 }, .tb = SR1(5), .srwd = SR1(7), .unit = KIB(64), \
		.wrsr_max_ms = 8,                                                              \
	}

/*
 * Micron flag status register (70h, clear 50h) [ST-*], data/notes:
 * READY b7 (1 = ready), E_FAIL b5, P_FAIL b4, PROT b1. MT25Q parts also
 * advertise 70h polling in BFPT DW14 [SFDP:MT25QU512A].
 */
#define MICRON_FSR                                                            \
	{                                                                     \
		.ready_mask = 0x80, .error_mask = 0x32, .clear_opcode = 0x50, \
	}

/* Winbond W25Q128JV-IQ/JQ (EF 40 18). H750 single-flash boards. */
static const struct xspi_part w25q128jv = {
	.name = "W25Q128JV",
	.id = { 0xef, 0x40, 0x18 },
	.size = MIB(16),
	.page_size = 256,
	/* typ [SFDP:W25Q128JV]; max [ST-W25Q128J] (SFDP max is looser) */
	.erase = {
		{ KIB(4), 0x20, 0, 64, 400 },
		{ KIB(32), 0x52, 0, 128, 1600 },
		{ KIB(64), 0xd8, 0, 160, 2000 },
	},
	.chip_erase_op = 0xc7,
	.addr4 = XSPI_ADDR4_NONE,
	/*
	 * SFDP says QER 4 (2-byte 01h). We set QE through 31h (write SR2
	 * alone) instead: it cannot disturb SR1 protection bits, and
	 * W25Q128JV has 35h/31h [ST-W25Q128J]; JESD216 code 6 describes it.
	 */
	.qe = XSPI_QER_SR2B1_RD35_WR31,
	/* EBh: 4 dummy + 2 mode clocks [SFDP:W25Q128JV] */
	.read = { XSPI_PROTO_1_4_4, 0xeb, 4, 2 },
	/* 32h quad input page program 1-1-4 [WB-JV] */
	.pp_quad = { 0x32, 0, XSPI_PROTO_1_1_4 },
	/* typ [SFDP]; max: SFDP 4224 us (ST header gives none) */
	.pp_typ_us = 704, .pp_max_us = 4224,
	/* typ [SFDP]; max [ST-W25Q128J] 200 s */
	.chip_erase_typ_ms = 40000, .chip_erase_max_ms = 200000,
	.prot = WINBOND_JV_PROT(MIB(16)),
	/*
	 * The EF4018 BFPT advertises DTR (DW1 b19) and 4-4-4 (DW5 b4), but
	 * only the EF7018 -IM/JM variants have QPI and DTR [LINUX] commit
	 * 83e824a4 "Correct flags for Winbond w25q128"; data/notes.
	 */
	.sfdp_no_qpi = true,
	.sfdp_no_dtr = true,
};

/*
 * Winbond W25Q64JV (EF 40 17). No SFDP dump and no timing source was
 * found: geometry [OOCD]; everything else UNCONFIRMED, taken from the
 * W25Q128JV of the same JV family (same command set and SR layout).
 */
static const struct xspi_part w25q64jv = {
	.name = "W25Q64JV",
	.id = { 0xef, 0x40, 0x17 },
	.size = MIB(8),
	.page_size = 256,
	.erase = {
		{ KIB(4), 0x20, 0, 0, 400 },
		{ KIB(32), 0x52, 0, 0, 1600 },
		{ KIB(64), 0xd8, 0, 0, 2000 },
	},
	.chip_erase_op = 0xc7,
	.addr4 = XSPI_ADDR4_NONE,
	.qe = XSPI_QER_SR2B1_RD35_WR31,
	.read = { XSPI_PROTO_1_4_4, 0xeb, 4, 2 },
	/* 32h quad input page program 1-1-4 [WB-JV] */
	.pp_quad = { 0x32, 0, XSPI_PROTO_1_1_4 },
	.pp_max_us = 4224,
	/* half the W25Q128JV's 200 s would do; keep the larger margin */
	.chip_erase_max_ms = 200000,
	.prot = WINBOND_JV_PROT(MIB(8)),
	/* -IQ/JQ (EF40xx) lack QPI/DTR like the W25Q128JV [LINUX] 83e824a4 */
	.sfdp_no_qpi = true,
	.sfdp_no_dtr = true,
};

/*
 * Micron MT25QL512ABB (20 BA 20). H750B-DK / H747I-DISCO. SFDP numbers
 * come from the MT25QU512A sibling dump (1.8 V part, same BFPT layout;
 * Zephyr's decode of a real MT25QL512ABB prints the same values).
 */
static const struct xspi_part mt25ql512abb = {
	.name = "MT25QL512ABB",
	.id = { 0x20, 0xba, 0x20 },
	.size = MIB(64),
	.page_size = 256,
	/*
	 * 3B/4B opcodes [ST-MT25QL512ABB]. The 4BAIT of the sibling dump
	 * does not list a 4-byte opcode for the 32K type (DW1 b11 = 0) while
	 * ST's header defines 5Ch: we keep 5Ch from the header, a driver that
	 * trusts 4BAIT alone simply will not use 32K erases above 16 MiB.
	 * typ [SFDP:MT25QU512A]; max [ST-MT25QL512ABB].
	 */
	.erase = {
		{ KIB(4), 0x20, 0x21, 48, 400 },
		{ KIB(32), 0x52, 0x5c, 112, 1000 },
		{ KIB(64), 0xd8, 0xdc, 160, 1000 },
	},
	/* single die: bulk erase C7h (die erase C4h is for stacked parts) */
	.chip_erase_op = 0xc7,
	/* NVCR bit0 may make 4-byte the power-on default (data/notes):
	 * 4-byte opcodes work whatever that bit says. */
	.addr4 = XSPI_ADDR4_OPCODES,
	/* no QE bit: quad always enabled (SFDP QER 0) */
	.qe = XSPI_QER_NONE,
	/*
	 * ECh (4-byte 1-4-4) with 10 dummy clocks and no mode byte: the
	 * power-on DC default is 10 for 1-4-4 [ST-MT25QL512ABB], [QEMU];
	 * SFDP's "9 dummy + 1 mode" is the same 10 clocks with the XIP
	 * confirmation bit, which is ignored while VCR XIP (b3) is 1.
	 */
	.read = { XSPI_PROTO_1_4_4, 0xec, 10, 0 },
	/* 32h / 4-byte 34h quad input fast program 1-1-4 [ST-MT25QL512ABB] */
	.pp_quad = { 0x32, 0x34, XSPI_PROTO_1_1_4 },
	/* [SFDP:MT25QU512A]: 120 us typ, 2880 us max */
	.pp_typ_us = 120, .pp_max_us = 2880,
	/* typ [SFDP]; max [ST-MT25QL512ABB] bulk erase 460 s */
	.chip_erase_typ_ms = 128000, .chip_erase_max_ms = 460000,
	.has_fsr = true,
	.fsr = MICRON_FSR,
	.prot = MICRON_PROT,
};

/*
 * Micron N25Q128A13 (20 BA 18). F746G-DISCO. An SFDP 1.0 part with a
 * 9-DWORD BFPT (like the N25Q256A dump): no timings in SFDP at all, so
 * every deadline here matters.
 */
static const struct xspi_part n25q128a = {
	.name = "N25Q128A",
	.id = { 0x20, 0xba, 0x18 },
	.size = MIB(16),
	.page_size = 256,
	/* 4K subsector and 64K sector only, no 32K [ST-N25Q128A], [OOCD];
	 * max [ST-N25Q128A] 800 ms / 3000 ms; typ UNCONFIRMED */
	.erase = {
		{ KIB(4), 0x20, 0, 0, 800 },
		{ KIB(64), 0xd8, 0, 0, 3000 },
	},
	.chip_erase_op = 0xc7,
	.addr4 = XSPI_ADDR4_NONE,
	.qe = XSPI_QER_NONE,
	/* EBh with N25Q128A_DUMMY_CYCLES_READ_QUAD = 10 [ST-N25Q128A] */
	.read = { XSPI_PROTO_1_4_4, 0xeb, 10, 0 },
	/* 32h quad input fast program 1-1-4 [ST-N25Q128A] */
	.pp_quad = { 0x32, 0, XSPI_PROTO_1_1_4 },
	/*
	 * tPP UNCONFIRMED (datasheet table not available): 5 ms is above
	 * every SFDP-derived maximum in our dumps (2.9-4.3 ms).
	 */
	.pp_max_us = 5000,
	/* bulk erase 250 s [ST-N25Q128A] */
	.chip_erase_max_ms = 250000,
	.has_fsr = true,
	.fsr = MICRON_FSR,
	.prot = MICRON_PROT,
};

/*
 * Macronix MX25L12835F (C2 20 18). The only dump with this ID is an SFDP
 * 1.6 table with a 4BAIT, probably a newer die (MX25L12833F/45G share the
 * ID): its numbers are used below and are UNCONFIRMED for a real -35F.
 */
static const struct xspi_part mx25l12835f = {
	.name = "MX25L12835F",
	.id = { 0xc2, 0x20, 0x18 },
	.size = MIB(16),
	.page_size = 256,
	/* [SFDP:MX25L128xx] typ / max */
	.erase = {
		{ KIB(4), 0x20, 0, 25, 150 },
		{ KIB(32), 0x52, 0, 144, 864 },
		{ KIB(64), 0xd8, 0, 256, 1536 },
	},
	.chip_erase_op = 0x60,
	.addr4 = XSPI_ADDR4_NONE,
	/* QE = SR bit 6, written with 01h (SFDP QER 2) [ST-MX25L512] */
	.qe = XSPI_QER_SR1B6,
	/* EBh: 4 dummy + 2 mode clocks at the power-on CR dummy setting
	 * [SFDP:MX25L128xx] */
	.read = { XSPI_PROTO_1_4_4, 0xeb, 4, 2 },
	/* 38h 4PP, quad page program 1-4-4 (no 1-1-4) [ST-MX25L512] */
	.pp_quad = { 0x38, 0, XSPI_PROTO_1_4_4 },
	.pp_typ_us = 384, .pp_max_us = 1536,
	.chip_erase_typ_ms = 28000, .chip_erase_max_ms = 168000,
	/*
	 * Macronix SR: BP0-3 b2-5, QE b6, SRWD b7; TB in the configuration
	 * register b3, one-time programmable. Positions as for the
	 * MX25LM51245G [ST-MX25LM51245G]; UNCONFIRMED for this part.
	 * Protected areas: BP = 1 one 64 KiB block at the top, doubling
	 * (Macronix "protected area sizes" table as recalled, UNCONFIRMED; the
	 * vboard models the same). tW: ST's 40 ms for the MX25LM51245G.
	 */
	.prot = {
		.nbp = 4, .bp = { 2, 3, 4, 5 },
		.tb = CR_OTP(3), .srwd = SR1(7),
		.unit = KIB(64), .wrsr_max_ms = 40,
	},
};

/*
 * MX25LM51245G octal facts, all [ST-MX25LM51245G] unless noted. CR2 is
 * addressed with a 4-byte address; OPI opcodes are op, ~op.
 */
static const struct xspi_part_octal mx25lm51245g_octal = {
	.cr2_read_op = 0x71,
	.cr2_write_op = 0x72,
	.cr2_mode_addr = 0x00000000,
	.cr2_sopi_bit = 0,
	.cr2_dopi_bit = 1,
	.cr2_dqs_addr = 0x00000200,
	.cr2_dc_addr = 0x00000300,
	.cr2_dc_mask = 0x07,
	.dc_cycles = { 20, 18, 16, 14, 12, 10, 8, 6 },
	.dc_power_on = 0,
	/* also BFPT DW18 = inverted [SFDP:MX25LM51245G] */
	.cmd_ext = XSPI_SFDP_CMD_EXT_INVERT,
	/* EEh is also the xSPI profile's 8D-8D-8D read [SFDP] */
	.read_dtr_op = 0xee11,
	.read_str_op = 0xec13,
	.pp_op = 0x12ed,
	.erase_4k_op = 0x21de,
	.erase_64k_op = 0xdc23,
	.chip_erase_op = 0x609f,
	.wren_op = 0x06f9,
	.rdsr_op = 0x05fa,
	.rdid_op = 0x9f60,
	.rdsfdp_op = 0x5aa5,
	/*
	 * ST's BSP uses 4 (STR) / 5 (DTR) dummies for register reads; the
	 * xSPI profile says 4 (DW1 b28 = 0). We keep ST's 5 for DTR: it is
	 * what runs on the H735G-DK OCTOSPI.
	 */
	.reg_dummy_str = 4,
	.reg_dummy_dtr = 5,
	.dtr_read_uses_dqs = true,
};

/* Macronix MX25LM51245G (C2 85 3A). H735G-DK, OCTOSPI1. */
static const struct xspi_part mx25lm51245g = {
	.name = "MX25LM51245G",
	.id = { 0xc2, 0x85, 0x3a },
	.size = MIB(64),
	.page_size = 256,
	/* typ [SFDP:MX25LM51245G]; max [ST-MX25LM51245G] */
	.erase = {
		{ KIB(4), 0x20, 0x21, 25, 400 },
		{ KIB(64), 0xd8, 0xdc, 256, 1000 },
	},
	.chip_erase_op = 0x60,
	/* BFPT DW16 "dedicated 4-byte opcodes" + 4BAIT [SFDP]; OPI always
	 * takes 4-byte addresses */
	.addr4 = XSPI_ADDR4_OPCODES,
	.qe = XSPI_QER_NONE,
	/*
	 * Power-on mode is 1-1-1 SPI (unless DEFSOPI/DEFDOPI are set), and
	 * the BFPT lists no quad/dual read: 4-byte fast read 0Ch, 8 dummies
	 * [ST-MX25LM51245G]. Octal reads are in .octal.
	 */
	.read = { XSPI_PROTO_1_1_1, 0x0c, 8, 0 },
	/* [SFDP] 152 us typ / 4256 us max */
	.pp_typ_us = 152, .pp_max_us = 4256,
	/* typ [SFDP]; max [ST-MX25LM51245G] 460 s */
	.chip_erase_typ_ms = 192000, .chip_erase_max_ms = 460000,
	/* SR BP0-3 b2-5, CR TB b3 [ST-MX25LM51245G]; SRWD b7 as on every
	 * Macronix SR, UNCONFIRMED by the notes */
	.prot = {
		.nbp = 4, .bp = { 2, 3, 4, 5 },
		.tb = CR_OTP(3), .srwd = SR1(7),
		/* 64 KiB doubling as on the MX25L12835F, UNCONFIRMED;
		 * tW 40 ms [ST-MX25LM51245G] WRITE_REG_MAX_TIME */
		.unit = KIB(64), .wrsr_max_ms = 40,
	},
	.octal = &mx25lm51245g_octal,
};

static const struct xspi_part *const xspi_parts[] = {
	&w25q128jv, &w25q64jv, &mt25ql512abb, &n25q128a, &mx25l12835f, &mx25lm51245g,
};

#define XSPI_NPARTS (sizeof(xspi_parts) / sizeof(xspi_parts[0]))

const struct xspi_part *xspi_part_by_id(const uint8_t id[3])
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < XSPI_NPARTS; i++)
		if (!memcmp(xspi_parts[i]->id, id, 3))
			return xspi_parts[i];
	return NULL;
}

size_t xspi_part_count(void)
{
	return XSPI_NPARTS;
}

const struct xspi_part *xspi_part_at(size_t i)
{
	return i < XSPI_NPARTS ? xspi_parts[i] : NULL;
}
