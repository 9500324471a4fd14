/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JESD216 Serial Flash Discoverable Parameters (SFDP) decoder.
 *
 * Pure functions over an in-memory copy of the SFDP address space (read
 * with opcode 5Ah from offset 0): no I/O, no allocation, no OpenOCD
 * headers, so the same code runs in the host unit tests, in OpenOCD and,
 * if ever needed, in a target stub.
 *
 * Decoded tables:
 *   - Basic Flash Parameter Table (BFPT, id FF00h): JESD216 (9 DWORDs),
 *     JESD216A/B (16 DWORDs), JESD216C/D (up to 20/23 DWORDs);
 *   - 4-byte Address Instruction Table (4BAIT, id FF84h, JESD216B+);
 *   - xSPI Profile 1.0 table (id FF05h, JESD216D / JESD251);
 *   - Status, Control and Configuration Register Map (SCCR, id FF87h,
 *     JESD216F): only the one bit we can source (see xspi_sfdp.c).
 *
 * Conventions: a field the tables do not carry (e.g. erase times in a
 * JESD216 rev 0 BFPT of 9 DWORDs) reads as 0, or as the *_UNKNOWN value
 * of its enum, or has its *_known flag false. Never garbage.
 *
 * Typical use by a driver (the buffer grows until it covers every table):
 *
 *	size_t have = 0, need = XSPI_SFDP_HDR_LEN;
 *	while (need > have) { read_sfdp(buf, need); have = need;
 *			      need = xspi_sfdp_span(buf, have); }
 *	err = xspi_sfdp_parse(buf, have, &info);
 */
#ifndef XSPI_SFDP_H
#define XSPI_SFDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SFDP header (8 bytes) and each parameter header (8 bytes). JESD216 */
#define XSPI_SFDP_HDR_LEN       8u
#define XSPI_SFDP_PARAM_HDR_LEN 8u

/*
 * Upper bound for xspi_sfdp_span(): table pointers are 24-bit, a corrupt
 * header could ask for 16 MiB. Every SFDP seen so far ends below 0x200.
 */
#define XSPI_SFDP_MAX_LEN 4096u

/* Parameter table ids (MSB << 8 | LSB). JESD216D table 2 / JEDEC ID list */
#define XSPI_SFDP_ID_BFPT          0xff00u
#define XSPI_SFDP_ID_XSPI_PROFILE1 0xff05u
#define XSPI_SFDP_ID_OCTAL_DDR_SEQ 0xff0au
#define XSPI_SFDP_ID_4BAIT         0xff84u
#define XSPI_SFDP_ID_SECTOR_MAP    0xff81u
#define XSPI_SFDP_ID_SCCR          0xff87u

/* Errors returned (negated) by xspi_sfdp_parse(). */
enum xspi_sfdp_err {
	XSPI_SFDP_OK = 0,
	XSPI_SFDP_E_ARG = -1,         /* NULL pointer */
	XSPI_SFDP_E_TRUNC = -2,       /* buffer ends inside the headers */
	XSPI_SFDP_E_SIGNATURE = -3,   /* no "SFDP" signature */
	XSPI_SFDP_E_MAJOR = -4,       /* SFDP major revision is not 1 */
	XSPI_SFDP_E_NO_BFPT = -5,     /* 1st header is not a v1 BFPT */
	XSPI_SFDP_E_RANGE = -6,       /* a table lies outside the buffer */
	XSPI_SFDP_E_BFPT_SHORT = -7,  /* BFPT shorter than 9 DWORDs */
	XSPI_SFDP_E_TABLE_SHORT = -8, /* 4BAIT/profile/SCCR too short */
	XSPI_SFDP_E_DENSITY = -9,     /* BFPT density not representable */
};

/* BFPT DWORD1 bits 18:17, "Address Bytes". JESD216 */
enum xspi_sfdp_addr_mode {
	XSPI_SFDP_ADDR_3B = 0,       /* 3-byte only */
	XSPI_SFDP_ADDR_3B_OR_4B = 1, /* 3-byte default, 4-byte on entry */
	XSPI_SFDP_ADDR_4B = 2,       /* 4-byte only */
	XSPI_SFDP_ADDR_RESERVED = 3,
};

/*
 * BFPT DWORD15 bits 22:20, Quad Enable Requirements (JESD216A+). The
 * values are the standard's codes, so the part table can use them too.
 */
enum xspi_sfdp_qer {
	XSPI_QER_NONE = 0,              /* no QE bit (or IO3/IO2 not shared) */
	XSPI_QER_SR2B1_WRSR2B = 1,      /* SR2 bit1; 01h + 2 bytes; 1-byte
					 * WRSR clears SR2; no 35h */
	XSPI_QER_SR1B6 = 2,             /* SR1 bit6; 01h + 1 byte */
	XSPI_QER_SR2B7 = 3,             /* SR2 bit7; read 3Fh, write 3Eh */
	XSPI_QER_SR2B1_WRSR2B_KEEP = 4, /* SR2 bit1; 01h + 2 bytes; 1-byte
					 * WRSR leaves SR2 alone */
	XSPI_QER_SR2B1_RD35_WRSR2B = 5, /* SR2 bit1; read 35h, 01h + 2 bytes */
	XSPI_QER_SR2B1_RD35_WR31 = 6,   /* SR2 bit1; read 35h, write 31h */
	XSPI_QER_RESERVED = 7,
	XSPI_QER_UNKNOWN = 0xff, /* BFPT shorter than 15 DWORDs */
};

/* Fast-read protocols the BFPT describes (JESD216 DWORDs 1, 3-7). */
enum xspi_sfdp_read_mode {
	XSPI_SFDP_READ_1_1_2,
	XSPI_SFDP_READ_1_2_2,
	XSPI_SFDP_READ_1_1_4,
	XSPI_SFDP_READ_1_4_4,
	XSPI_SFDP_READ_2_2_2,
	XSPI_SFDP_READ_4_4_4,
	XSPI_SFDP_READ_NUM,
};

struct xspi_sfdp_read {
	bool supported;
	uint8_t opcode;
	uint8_t dummy; /* wait states (dummy clocks) */
	uint8_t mode;  /* mode clocks (alternate bytes) */
};

#define XSPI_SFDP_ERASE_TYPES 4

struct xspi_sfdp_erase {
	uint32_t size; /* bytes; 0 = erase type absent */
	uint8_t opcode;
	uint32_t typ_ms; /* 0 = unknown (BFPT < 10 DWORDs) */
	uint32_t max_ms; /* typ x DWORD10 multiplier; 0 = unknown */
};

/* BFPT DWORD15 bits 8:4, 4-4-4 mode enable sequences (bit masks). */
#define XSPI_SFDP_444_EN_QE_38    0x01u /* set QE per QER, then 38h */
#define XSPI_SFDP_444_EN_38       0x02u /* 38h */
#define XSPI_SFDP_444_EN_35       0x04u /* 35h */
#define XSPI_SFDP_444_EN_EVCR_B6  0x08u /* EVCR (65h/61h) bit 6 */
#define XSPI_SFDP_444_EN_EVCR_B7  0x10u /* EVCR (65h/61h) bit 7 */
/* BFPT DWORD15 bits 3:0, 4-4-4 mode disable sequences (bit masks). */
#define XSPI_SFDP_444_DIS_FF      0x01u /* FFh */
#define XSPI_SFDP_444_DIS_F5      0x02u /* F5h */
#define XSPI_SFDP_444_DIS_EVCR_B7 0x04u /* EVCR bit 7 set */
#define XSPI_SFDP_444_DIS_RESET   0x08u /* 66h + 99h soft reset */

/* BFPT DWORD16 bits 31:24, methods to enter 4-byte addressing. */
#define XSPI_SFDP_4B_EN_B7           0x01u /* B7h */
#define XSPI_SFDP_4B_EN_WREN_B7      0x02u /* 06h then B7h */
#define XSPI_SFDP_4B_EN_EAR          0x04u /* extended addr reg C5h/C8h */
#define XSPI_SFDP_4B_EN_BANK         0x08u /* bank reg bit7 (17h/16h) */
#define XSPI_SFDP_4B_EN_NVCR         0x10u /* 16-bit NVCR (B5h/B1h) */
#define XSPI_SFDP_4B_EN_OPCODES      0x20u /* dedicated 4B opcodes */
#define XSPI_SFDP_4B_EN_ALWAYS       0x40u /* always 4-byte */
/* BFPT DWORD16 bits 23:14, methods to exit 4-byte addressing. */
#define XSPI_SFDP_4B_EX_E9           0x001u
#define XSPI_SFDP_4B_EX_WREN_E9      0x002u
#define XSPI_SFDP_4B_EX_EAR          0x004u
#define XSPI_SFDP_4B_EX_BANK         0x008u
#define XSPI_SFDP_4B_EX_NVCR         0x010u
#define XSPI_SFDP_4B_EX_HW_RESET     0x020u
#define XSPI_SFDP_4B_EX_SW_RESET     0x040u
#define XSPI_SFDP_4B_EX_POWER_CYCLE  0x080u
/* BFPT DWORD16 bits 13:8, soft reset and rescue sequences. */
#define XSPI_SFDP_RST_0F_8CLK        0x01u /* 0Fh on 4 lines, 8 clocks */
#define XSPI_SFDP_RST_0F_10CLK       0x02u /* ... 10 clocks (4B mode) */
#define XSPI_SFDP_RST_0F_16CLK       0x04u /* ... 16 clocks */
#define XSPI_SFDP_RST_F0             0x08u /* F0h */
#define XSPI_SFDP_RST_66_99          0x10u /* 66h then 99h */
#define XSPI_SFDP_RST_EXIT_044_FIRST 0x20u /* leave 0-4-4 mode first */
/* BFPT DWORD16 bits 6:0, status register 1 volatility. */
#define XSPI_SFDP_SR1_NV_06          0x01u /* non-volatile, 06h */
#define XSPI_SFDP_SR1_VOL_06         0x02u /* volatile, 06h */
#define XSPI_SFDP_SR1_VOL_50         0x04u /* volatile, 50h */
#define XSPI_SFDP_SR1_NV_06_VOL_50   0x08u /* NV with 06h, vol. w/ 50h */
#define XSPI_SFDP_SR1_MIXED_06       0x10u /* mixed bits, 06h */

/* BFPT DWORD14 bits 7:2, busy polling methods (only the defined bits). */
#define XSPI_SFDP_POLL_SR_WIP    0x01u /* 05h bit 0 (bit 2 of DW14) */
#define XSPI_SFDP_POLL_FSR_READY 0x02u /* 70h bit 7 (bit 3 of DW14) */

/* BFPT DWORD18 bits 30:29: 2nd byte of an 8D-8D-8D opcode (JESD216C). */
enum xspi_sfdp_cmd_ext {
	XSPI_SFDP_CMD_EXT_REPEAT = 0, /* opcode, opcode */
	XSPI_SFDP_CMD_EXT_INVERT = 1, /* opcode, ~opcode */
	XSPI_SFDP_CMD_EXT_RESERVED = 2,
	XSPI_SFDP_CMD_EXT_16BIT = 3, /* a real 16-bit opcode */
	XSPI_SFDP_CMD_EXT_UNKNOWN = 0xff,
};

/* 4BAIT DWORD1 support bits (1 = supported). JESD216B;
 * bits 16-24 (sector lock, octal, JESD216C) are not decoded: older
 * tables, e.g. MT25QU512A, leave them reserved as ones. */
#define XSPI_4BAIT_READ_13     (1u << 0)         /* 1-1-1 read */
#define XSPI_4BAIT_READ_0C     (1u << 1)         /* 1-1-1 fast read */
#define XSPI_4BAIT_READ_3C     (1u << 2)         /* 1-1-2 */
#define XSPI_4BAIT_READ_BC     (1u << 3)         /* 1-2-2 */
#define XSPI_4BAIT_READ_6C     (1u << 4)         /* 1-1-4 */
#define XSPI_4BAIT_READ_EC     (1u << 5)         /* 1-4-4 */
#define XSPI_4BAIT_PP_12       (1u << 6)         /* 1-1-1 page program */
#define XSPI_4BAIT_PP_34       (1u << 7)         /* 1-1-4 page program */
#define XSPI_4BAIT_PP_3E       (1u << 8)         /* 1-4-4 page program */
#define XSPI_4BAIT_ERASE(t)    (1u << (9 + (t))) /* t = 0..3 */
#define XSPI_4BAIT_READ_DTR_0E (1u << 13)        /* 1-1-1 DTR read */
#define XSPI_4BAIT_READ_DTR_BE (1u << 14)        /* 1-2-2 DTR read */
#define XSPI_4BAIT_READ_DTR_EE (1u << 15)        /* 1-4-4 DTR read */

struct xspi_sfdp_4bait {
	bool present;
	uint32_t support;                            /* XSPI_4BAIT_* bits, bits 0..15 only */
	uint8_t erase_opcode[XSPI_SFDP_ERASE_TYPES]; /* valid if bit set */
};

/* xSPI Profile 1.0 (JESD216D.01 table FF05h), what a driver needs. */
struct xspi_sfdp_profile1 {
	bool present;
	uint8_t read_8d_opcode;  /* 8D-8D-8D fast read, DWORD1 15:8 */
	uint8_t rdsr_dummy;      /* 4 or 8, DWORD1 bit 28 */
	uint8_t rdsr_addr_bytes; /* 0 or 4, DWORD1 bit 29 */
	/* read dummy cycles per clock; 0 = that clock is not supported */
	uint8_t dummy_200mhz; /* DWORD4 11:7 */
	uint8_t dummy_166mhz; /* DWORD5 31:27 */
	uint8_t dummy_133mhz; /* DWORD5 21:17 */
	uint8_t dummy_100mhz; /* DWORD5 11:7 */
};

struct xspi_sfdp_info {
	/* SFDP header */
	uint8_t rev_major, rev_minor;
	uint16_t nph;            /* number of parameter headers, 1..256 */
	uint8_t access_protocol; /* FFh legacy; FDh/FEh/FAh... xSPI */

	/* which BFPT was used */
	uint8_t bfpt_rev_major, bfpt_rev_minor;
	uint8_t bfpt_dwords; /* as the parameter header says */
	bool bfpt_ok;        /* BFPT fields below are valid */

	/* DWORD1, DWORD2 */
	bool erase_4k_uniform;   /* DW1 1:0 == 01b */
	uint8_t erase_4k_opcode; /* DW1 15:8 */
	bool write_gran_64;      /* DW1 bit 2: page buffer >= 64 B */
	enum xspi_sfdp_addr_mode addr_mode;
	bool dtr;         /* DW1 bit 19 */
	uint64_t density; /* bytes */

	/* DWORDs 3-7 */
	struct xspi_sfdp_read read[XSPI_SFDP_READ_NUM];

	/* DWORDs 8-10 */
	struct xspi_sfdp_erase erase[XSPI_SFDP_ERASE_TYPES];

	/* DWORD11 (JESD216A+); 0 = unknown */
	uint32_t page_size;
	uint32_t pp_typ_us, pp_max_us;
	uint32_t chip_erase_typ_ms, chip_erase_max_ms;

	/* DWORD14 */
	bool poll_known;
	uint8_t poll; /* XSPI_SFDP_POLL_* */

	/* DWORD15 */
	enum xspi_sfdp_qer qer;
	bool dw15_known;
	uint8_t quad_444_enable;  /* XSPI_SFDP_444_EN_* */
	uint8_t quad_444_disable; /* XSPI_SFDP_444_DIS_* */
	bool mode_044;            /* 0-4-4 (XIP) supported */

	/* DWORD16 */
	bool dw16_known;
	uint8_t enter_4b;       /* XSPI_SFDP_4B_EN_* */
	uint16_t exit_4b;       /* XSPI_SFDP_4B_EX_* */
	uint8_t soft_reset;     /* XSPI_SFDP_RST_* */
	uint8_t sr1_volatility; /* XSPI_SFDP_SR1_* */

	/* DWORD18 */
	enum xspi_sfdp_cmd_ext octal_cmd_ext;

	/* optional tables */
	struct xspi_sfdp_4bait fourbait;
	struct xspi_sfdp_profile1 profile1;
	bool sccr_present;
	bool sccr_octal_dtr_en_volatile; /* SCCR DWORD22 bit 31 */
};

/*
 * Decode the SFDP space in sfdp[0..len). Returns 0 or a negative
 * XSPI_SFDP_E_* code. *out is always cleared first; on an error in an
 * optional table (XSPI_SFDP_E_RANGE / _TABLE_SHORT after the BFPT was
 * decoded) out->bfpt_ok is still true and the BFPT fields are usable.
 * Never reads outside sfdp[0..len).
 */
int xspi_sfdp_parse(const uint8_t *sfdp, size_t len, struct xspi_sfdp_info *out);

/*
 * How many bytes of SFDP space (from offset 0) must be read so that every
 * header and table is in the buffer, given the first len bytes of it.
 * Returns a value > len when more must be read (first the 8-byte header,
 * then the parameter headers, then the tables), capped at
 * XSPI_SFDP_MAX_LEN; returns 0 if the signature is wrong.
 */
size_t xspi_sfdp_span(const uint8_t *sfdp, size_t len);

/* Short English text for an XSPI_SFDP_E_* code. */
const char *xspi_sfdp_strerror(int err);

/* Name of a read mode, e.g. "1-4-4", for messages. */
const char *xspi_sfdp_read_mode_name(enum xspi_sfdp_read_mode mode);

#endif /* XSPI_SFDP_H */
