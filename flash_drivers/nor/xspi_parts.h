/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Part table: what SFDP does not say, or says wrongly, for the NOR parts
 * found on the supported boards. SFDP (xspi_sfdp.h) is the primary source;
 * an entry here is the fallback when a part has no (or unreadable) SFDP and
 * the place for quirks. Every value carries its source in xspi_parts.c.
 *
 * Timing policy: *_max values are the deadlines a driver waits before it
 * declares a timeout. They come from datasheet-derived constants (ST BSP
 * component headers) where available. SFDP gives its own, usually looser,
 * maximum (typical x multiplier); a driver should wait for the larger of
 * the two. A typical value of 0 means "not known".
 */
#ifndef XSPI_PARTS_H
#define XSPI_PARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xspi_op.h"
#include "xspi_sfdp.h"

#define XSPI_PART_ERASE_TYPES 3
#define XSPI_PART_MAX_BP      4

/* How a part larger than 16 MiB is addressed beyond 3 bytes. */
enum xspi_addr4_method {
	XSPI_ADDR4_NONE = 0, /* <= 16 MiB: 3-byte addresses only */
	XSPI_ADDR4_OPCODES,  /* dedicated 4-byte opcodes (13h, 12h, 21h...)
				 * -- stateless, so whatever mode firmware
				 * left the part in does not matter */
	XSPI_ADDR4_B7,       /* B7h enters 4-byte mode */
	XSPI_ADDR4_WREN_B7,  /* 06h then B7h */
};

/* A register a status/protection bit lives in. */
enum xspi_nor_reg {
	XSPI_NOR_REG_NONE = 0,
	XSPI_NOR_REG_SR1, /* 05h / 01h */
	XSPI_NOR_REG_SR2, /* Winbond 35h / 31h */
	XSPI_NOR_REG_CR,  /* Macronix configuration register 15h */
	XSPI_NOR_REG_FSR, /* Micron flag status register 70h */
};

struct xspi_reg_bit {
	enum xspi_nor_reg reg; /* XSPI_NOR_REG_NONE: the bit does not exist */
	uint8_t bit;
	bool otp; /* one-time programmable (e.g. Macronix TB) */
};

struct xspi_part_erase {
	uint32_t size;     /* bytes; 0 terminates the list */
	uint8_t opcode;    /* with a 3-byte address */
	uint8_t opcode_4b; /* with a 4-byte address; 0 = none */
	uint32_t typ_ms;   /* 0 = unknown */
	uint32_t max_ms;
};

struct xspi_part_read {
	struct xspi_proto proto;
	uint8_t opcode;
	uint8_t dummy; /* dummy clocks, mode clocks not included */
	uint8_t mode;  /* mode (alternate byte) clocks */
};

/* Quad page program; opcode 0: the part has none (use 02h / 12h at 1-1-1) */
struct xspi_part_pp_quad {
	uint8_t opcode;    /* with a 3-byte address */
	uint8_t opcode_4b; /* with a 4-byte address; 0 = none */
	struct xspi_proto proto;
};

struct xspi_part_prot {
	uint8_t nbp;                  /* number of BP bits */
	uint8_t bp[XSPI_PART_MAX_BP]; /* SR1 bit of BP0..BPn */
	struct xspi_reg_bit tb;       /* top/bottom */
	struct xspi_reg_bit sec;      /* sector/block granularity */
	struct xspi_reg_bit cmp;      /* complement */
	struct xspi_reg_bit srwd;     /* status register protect */
	/*
	 * Protected area sizes (xspi_prot.h decodes them): BP = 1 protects
	 * unit bytes at the top of the array (bottom with TB = 1), doubling
	 * per BP step and capped at the array. With SEC = 1, sec_unit doubling
	 * per step up to sec_max, and BP all ones still the whole array. CMP
	 * = 1 protects the complement. unit 0: the sizes are not known.
	 */
	uint32_t unit;
	uint32_t sec_unit, sec_max;
	uint16_t wrsr_max_ms; /* tW, one status register write; 0 = unknown */
};

/* Micron flag status register (70h) bits. */
struct xspi_part_fsr {
	uint8_t ready_mask;   /* 1 = ready */
	uint8_t error_mask;   /* program/erase/protection failure */
	uint8_t clear_opcode; /* clears the error bits */
};

/* Octal (OPI) facts of a Macronix octal part. */
struct xspi_part_octal {
	uint8_t cr2_read_op;    /* SPI opcodes; in OPI the pair */
	uint8_t cr2_write_op;   /* is op, ~op (see cmd_ext) */
	uint32_t cr2_mode_addr; /* CR2 register with SOPI/DOPI */
	uint8_t cr2_sopi_bit;
	uint8_t cr2_dopi_bit;
	uint32_t cr2_dqs_addr; /* DQSPRC b0, DOS b1 */
	uint32_t cr2_dc_addr;  /* dummy cycle configuration */
	uint8_t cr2_dc_mask;
	uint8_t dc_cycles[8];           /* DC code -> read dummy cycles */
	uint8_t dc_power_on;            /* DC code after power-on */
	enum xspi_sfdp_cmd_ext cmd_ext; /* 2nd opcode byte in OPI */
	uint16_t read_dtr_op;           /* 8D-8D-8D read */
	uint16_t read_str_op;           /* 8S-8S-8S read */
	uint16_t pp_op;
	uint16_t erase_4k_op;
	uint16_t erase_64k_op;
	uint16_t chip_erase_op;
	uint16_t wren_op;
	uint16_t rdsr_op;
	uint16_t rdid_op;
	uint16_t rdsfdp_op;
	uint8_t reg_dummy_str; /* register reads in 8S-8S-8S */
	uint8_t reg_dummy_dtr; /* register reads in 8D-8D-8D */
	bool dtr_read_uses_dqs;
};

struct xspi_part {
	const char *name;
	uint8_t id[3]; /* 9Fh bytes: manufacturer, type, cap */
	uint32_t size; /* bytes */
	uint32_t page_size;
	struct xspi_part_erase erase[XSPI_PART_ERASE_TYPES];
	uint8_t chip_erase_op;
	enum xspi_addr4_method addr4;
	enum xspi_sfdp_qer qe;      /* JESD216 QER code, same meaning */
	struct xspi_part_read read; /* fastest safe default read */
	uint32_t pp_typ_us, pp_max_us;
	struct xspi_part_pp_quad pp_quad; /* needs QE like the quad reads */
	uint32_t chip_erase_typ_ms, chip_erase_max_ms;
	bool has_fsr;
	struct xspi_part_fsr fsr;
	struct xspi_part_prot prot;
	/* SFDP fixups: the part's BFPT claims what it cannot do */
	bool sfdp_no_qpi;                    /* ignore BFPT 4-4-4 support */
	bool sfdp_no_dtr;                    /* ignore BFPT DTR support */
	const struct xspi_part_octal *octal; /* NULL on quad parts */
};

/* The entry for a 3-byte JEDEC ID (9Fh), or NULL. */
const struct xspi_part *xspi_part_by_id(const uint8_t id[3]);

/* Iteration, for tests and "flash list"-style output. */
size_t xspi_part_count(void);
const struct xspi_part *xspi_part_at(size_t i);

#endif /* XSPI_PARTS_H */
