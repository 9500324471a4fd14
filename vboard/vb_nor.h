/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: the SPI NOR engine (vb_nor.c) and its part table
 * (vb_nor_parts.c). The controller-facing interface is vb_spi.h; this
 * header holds what the part table, the stats writer and the tests need.
 *
 * A part is data: its command set (one row per opcode, with the phases
 * the chip expects in SPI mode), its registers, its protection scheme and
 * its timings. The engine never asks which vendor a part comes from; the
 * few behaviours that are not expressible as table rows (Micron's
 * configuration registers deriving each other) are hooks named in the
 * part's data.
 */
#ifndef VB_NOR_H
#define VB_NOR_H

#include "vb_spi.h"

#include <stdio.h>

#define VB_NOR_MAX_REGS 10
#define VB_NOR_ID_MAX   8

/* What a command does. */
enum vb_nor_kind {
	VB_NOR_K_READ = 1,   /* array read (any width, any dummy) */
	VB_NOR_K_RDSFDP,     /* SFDP space read */
	VB_NOR_K_RDID,       /* JEDEC ID (+ extended ID bytes) */
	VB_NOR_K_RDREG,      /* arg: register index */
	VB_NOR_K_WRREG,      /* arg: register index; further bytes: reg->next */
	VB_NOR_K_WREN,       /* sets WEL */
	VB_NOR_K_WRDI,       /* clears WEL */
	VB_NOR_K_VWREN,      /* next register write is volatile only (Winbond 50h) */
	VB_NOR_K_CLFSR,      /* clears the flag status error bits (Micron 50h) */
	VB_NOR_K_PP,         /* page program */
	VB_NOR_K_ERASE,      /* arg: erase size in bytes */
	VB_NOR_K_CHIP_ERASE, /* whole array */
	VB_NOR_K_EN4B,       /* enter 4-byte address mode */
	VB_NOR_K_EX4B,       /* exit 4-byte address mode */
	VB_NOR_K_RSTEN,      /* reset enable */
	VB_NOR_K_RST,        /* reset (right after RSTEN) */
	VB_NOR_K_QPI_EN,     /* enter 4-4-4 */
	VB_NOR_K_QPI_EX,     /* back to 1-x-x */
	VB_NOR_K_RDAREG,     /* register selected by the address (vb_nor_opi.aregs) */
	VB_NOR_K_WRAREG,     /* write one byte to the register the address selects */
};

/* Address bytes of a command. */
enum vb_nor_addr {
	VB_NOR_A_NONE = 0,
	VB_NOR_A_3,    /* always 3 bytes (e.g. SFDP) */
	VB_NOR_A_4,    /* always 4 bytes (dedicated 4-byte opcodes) */
	VB_NOR_A_MODE, /* 3 or 4 bytes following the address mode */
};

/* Protocol modes (the instruction's line count): vb_nor_op.modes. */
#define VB_NOR_SPI  0x01u /* 1-x-x: instruction on one line */
#define VB_NOR_DPI  0x02u /* 2-2-2 */
#define VB_NOR_QPI  0x04u /* 4-4-4 */
#define VB_NOR_ALL  (VB_NOR_SPI | VB_NOR_DPI | VB_NOR_QPI)
/*
 * Octal (Macronix OPI): every instruction is two bytes, the opcode and its
 * inverse; every address is 4 bytes; all phases on 8 lines. SOPI: STR
 * (8S-8S-8S); DOPI: DTR (8D-8D-8D), instruction bytes on one clock.
 */
#define VB_NOR_SOPI 0x08u
#define VB_NOR_DOPI 0x10u
#define VB_NOR_OPI  (VB_NOR_SOPI | VB_NOR_DOPI)

/* vb_nor_op.wait: dummy clocks come from the part's configuration. */
#define VB_NOR_WAIT_CFG 0xff

/* One command the part accepts. */
struct vb_nor_op {
	uint8_t opcode;
	uint8_t kind;        /* enum vb_nor_kind */
	uint8_t addr_lines;  /* in SPI mode; DPI/QPI use 2/4 for every phase */
	uint8_t data_lines;  /* in SPI mode */
	uint8_t addr;        /* enum vb_nor_addr */
	uint8_t wait;        /* clocks between address and data, mode clocks included */
	uint8_t mode_clocks; /* the first wait clocks carry continuous-read mode bits */
	uint8_t modes;       /* VB_NOR_SPI | _DPI | _QPI | _SOPI | _DOPI: where it exists */
	bool dtr;            /* address, mode, dummy and data on both edges (DOPI: always) */
	uint32_t arg;        /* register index, erase size */
};

/* Register kinds: which bits the engine supplies live. */
enum vb_nor_reg_kind {
	VB_NOR_R_PLAIN = 0,
	VB_NOR_R_SR,   /* b0 WIP/BUSY and b1 WEL are the engine's state */
	VB_NOR_R_FSR,  /* Micron flag SR: b7 READY, b0 4-byte, sticky error bits */
	VB_NOR_R_SCUR, /* Macronix security register: b5 P_FAIL, b6 E_FAIL are the engine's */
};

struct vb_nor_reg {
	const char *name;
	uint8_t kind;     /* enum vb_nor_reg_kind */
	uint8_t nbytes;   /* 1 or 2; two-byte registers travel LSB first */
	uint16_t wmask;   /* bits a write changes */
	uint16_t nvmask;  /* of those, the non-volatile ones */
	uint16_t otp;     /* of those, bits that can only go from 0 to 1 */
	uint16_t factory; /* value as shipped (non-volatile bits) and at power-on */
	int8_t next;      /* a write's next byte goes to this register, -1: none */
	bool busy_ok;     /* readable while the chip is busy */
};

/* A bit in a register; reg < 0: the part has no such bit. */
struct vb_nor_bit {
	int8_t reg;
	uint8_t bit;
};

#define VB_NOR_NO_BIT     \
	{                 \
		.reg = -1 \
	}

/*
 * Block protection: BP bits (in register 0, LSB first) select a region
 * of unit << (BP - 1) bytes at the top (or bottom with TB), capped at the
 * array; with SEC set, sec_unit << (BP - 1) capped at sec_max, and
 * BP all ones still protects everything. CMP inverts the region.
 */
struct vb_nor_prot {
	uint8_t nbp;
	uint8_t bp[4];
	struct vb_nor_bit tb, sec, cmp;
	uint32_t unit;
	uint32_t sec_unit, sec_max;
};

/* Continuous read ("XIP", "performance enhance") entry rule on mode bits. */
enum vb_nor_cont {
	VB_NOR_CONT_NONE = 0,
	VB_NOR_CONT_M54_10,     /* mode bits M5-4 = 10b keep it (Winbond) */
	VB_NOR_CONT_NIBBLES_NE, /* P7-4 != P3-0 bitwise keeps it (Macronix) */
};

struct vb_nor;

/* Behaviour that is not a table row; every hook says why it exists. */
struct vb_nor_hooks {
	/* power-on / reset: derive volatile registers from others */
	void (*power_on)(struct vb_nor *n);
	/* after a register write (reg index) */
	void (*reg_written)(struct vb_nor *n, int reg);
	/* dummy clocks of a VB_NOR_WAIT_CFG command in the current state */
	uint8_t (*wait_clocks)(struct vb_nor *n, const struct vb_nor_op *op);
};

/* A register reached through a 4-byte address (Macronix CR2: 71h/72h). */
struct vb_nor_areg {
	uint32_t addr;
	int8_t reg; /* index in vb_nor_part.regs */
};

/*
 * Octal (OPI) facts of a part; NULL for parts without SOPI/DOPI. The mode
 * bits are active high; DOPI wins when both are set.
 */
struct vb_nor_opi {
	struct vb_nor_bit sopi, dopi;
	const struct vb_nor_areg *aregs;
	uint8_t n_aregs;
	/* DOPI register reads (RDSR, RDID ...) give each byte twice, on both edges */
	bool dopi_reg_doubled;
	/* DOPI array reads and programs are word-oriented: A0 is ignored */
	bool dopi_word;
	/* DOPI read data are timed by DQS: a host not sampling on it is off by a byte */
	bool dopi_dqs;
};

/* Busy time of an erase size. */
struct vb_nor_erase_time {
	uint32_t size;
	uint32_t typ_us;
};

struct vb_nor_part {
	const char *name;
	uint8_t id[VB_NOR_ID_MAX]; /* 9Fh answer; bytes after it read 0x00 */
	uint8_t id_len;
	uint32_t size;
	uint32_t page;
	const uint8_t *sfdp; /* SFDP space from 0; past the end reads 0xFF */
	uint32_t sfdp_len;
	const struct vb_nor_op *ops;
	size_t n_ops;
	const struct vb_nor_reg *regs;
	uint8_t n_regs;
	struct vb_nor_bit qe;          /* quad commands need it (SPI mode) */
	struct vb_nor_bit qpi_n;       /* 0 = QPI active (Micron EVCR b7) */
	struct vb_nor_bit dpi_n;       /* 0 = DPI active (Micron EVCR b6) */
	struct vb_nor_bit addr4_por_n; /* 0 = 4-byte mode at power-on (Micron NVCR b0) */
	struct vb_nor_prot prot;
	bool fsr_errors;      /* refusals set FSR PROT + P_FAIL/E_FAIL */
	bool addr4_needs_wel; /* B7h/E9h need WREN first */
	bool fail_per_op;     /* fail flags (SCUR) are cleared by the next program/erase */
	uint8_t cont;         /* enum vb_nor_cont */
	uint32_t pp_typ_us;
	struct vb_nor_erase_time erase[4];
	uint32_t chip_erase_typ_ms;
	uint32_t wrsr_typ_us; /* non-volatile register write busy time */
	const struct vb_nor_hooks *hooks;
	const struct vb_nor_opi *opi;
	const char *source; /* where the facts come from (short) */
};

/* vb_nor_parts.c */
extern const struct vb_nor_part *const vb_nor_parts[];
extern const size_t vb_nor_n_parts;

/* Micron configuration register indices (shared by both Micron parts). */
enum vb_nor_micron_reg {
	VB_NOR_MICRON_SR = 0,
	VB_NOR_MICRON_FSR,
	VB_NOR_MICRON_NVCR,
	VB_NOR_MICRON_VCR,
	VB_NOR_MICRON_EVCR,
};

/* Macronix MX25LM51245G register indices. */
enum vb_nor_mxlm_reg {
	VB_NOR_MXLM_SR = 0,
	VB_NOR_MXLM_CR,
	VB_NOR_MXLM_SCUR,
	VB_NOR_MXLM_CR2_MODE,   /* CR2 0x00000000: SOPI b0, DOPI b1 */
	VB_NOR_MXLM_CR2_DQS,    /* CR2 0x00000200: DQSPRC b0, DOS b1 */
	VB_NOR_MXLM_CR2_DC,     /* CR2 0x00000300: DC b2-0 */
	VB_NOR_MXLM_CR2_PPTSEL, /* CR2 0x00000500: PPTSEL b0 */
	VB_NOR_MXLM_CR2_DEF,    /* CR2 0x40000000: DEFSOPI b0, DEFDOPI b1 (non-volatile) */
};

/* ---- engine state other modules may look at ------------------------------- */

const struct vb_nor_part *vb_nor_part(const struct vb_nor *n);
/* Live register value (what a read would return now). */
uint16_t vb_nor_reg_value(struct vb_nor *n, int reg);
/* Set a register's live and non-volatile value directly (tests, faults). */
void vb_nor_reg_poke(struct vb_nor *n, int reg, uint16_t val);
/* Current protocol mode (VB_NOR_SPI/DPI/QPI/SOPI/DOPI) and address mode. */
unsigned int vb_nor_mode(const struct vb_nor *n);
/* Changes whenever a command may have changed what reads return (register
 * writes, QPI/DPI, 4-byte mode, reset); array changes are reported by the
 * listener instead */
uint32_t vb_nor_cfg_gen(const struct vb_nor *n);
bool vb_nor_addr4(const struct vb_nor *n);
bool vb_nor_busy(struct vb_nor *n);
/* Modelled time (vb_pace_now_ns) at which the current operation ends. */
uint64_t vb_nor_busy_until(const struct vb_nor *n);

/* ---- audit: every program and erase ---------------------------------------- */

enum vb_nor_audit_kind {
	VB_NOR_AUDIT_PROGRAM,
	VB_NOR_AUDIT_ERASE,
	VB_NOR_AUDIT_CHIP_ERASE,
};

struct vb_nor_audit {
	uint64_t t_ns; /* modelled time the command was accepted */
	uint32_t addr; /* first byte affected (program: page offset applied) */
	uint32_t len;  /* bytes (program: bytes latched; erase: block size) */
	uint8_t kind;  /* enum vb_nor_audit_kind */
	uint8_t opcode;
	bool refused; /* protected area: nothing changed */
};

/* Records kept; further ones are only counted (vb_nor_audit_dropped). */
#define VB_NOR_AUDIT_MAX (1u << 18)

size_t vb_nor_audit_count(const struct vb_nor *n);
const struct vb_nor_audit *vb_nor_audit_get(const struct vb_nor *n, size_t i);
uint64_t vb_nor_audit_dropped(const struct vb_nor *n);
/*
 * The chip's part of the stats file: a JSON object (no trailing newline)
 * with the part, counters and the audit records, for the stats writer to
 * place as a member value, e.g. "nor": {...}.
 */
void vb_nor_audit_json(FILE *f, const struct vb_nor *n);

#endif /* VB_NOR_H */
