/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stm32xspi: per-bank state shared by the glue files (layer 3).
 */
#ifndef STM32XSPI_H
#define STM32XSPI_H

#include <stdbool.h>
#include <stdint.h>

#include "xspi_op.h"
#include "xspi_ctrl.h"
#include "xspi_sfdp.h"

struct flash_bank;
struct command_invocation;
struct xspi_part;

#define STM32XSPI_ERASE_TYPES 4

/* One erase instruction of the chip, per chip (not doubled in dual mode) */
struct stm32xspi_erase {
	uint32_t size; /* bytes, power of two; 0 = unused */
	uint8_t opcode;
	uint32_t typ_ms, max_ms; /* 0 = unknown */
};

/* The protocol mode a chip is in (octal parts: Macronix CR2 SOPI/DOPI) */
enum stm32xspi_chip_mode {
	STM32XSPI_CHIP_SPI = 0, /* 1-x-x commands */
	STM32XSPI_CHIP_SOPI,    /* 8S-8S-8S */
	STM32XSPI_CHIP_DOPI,    /* 8D-8D-8D */
};

struct stm32xspi_bank {
	uint32_t ctrl_base; /* controller register block */
	unsigned int ospi;  /* OCTOSPI instance 1/2, 0 on QUADSPI */
	bool probed;
	/* what the probe found */
	const struct xspi_ctrl_variant *ctrl;
	bool dual;              /* two chips side by side (QUADSPI DFM) */
	uint8_t id[3];          /* 9Fh of the chip(s) */
	char name[40];          /* part name, or "JEDEC xx xx xx" */
	const char *source;     /* "SFDP" or "part table" */
	uint32_t chip_size;     /* bytes per chip */
	uint32_t chip_sector;   /* erase size per chip used as sector */
	uint8_t sector_opcode;  /* its opcode */
	uint32_t prescaler;     /* CR.PRESCALER in use */
	struct xspi_op mm_read; /* the memory-mapped read */
	const char *mm_proto;   /* e.g. "1-4-4" */
	struct xspi_reg_seq mm_seq;
	/* what erase and program use (filled by the probe) */
	const struct xspi_part *part;                        /* NULL: not in the part table */
	struct stm32xspi_erase erase[STM32XSPI_ERASE_TYPES]; /* smallest first */
	uint32_t page_size;                                  /* per chip */
	struct xspi_op pp;                                   /* page program, protocol applied */
	const char *pp_proto;
	uint32_t pp_typ_us, pp_max_us;
	uint8_t addr_bytes;
	/* octal operation (OCTOSPI + an octal part), else all SPI */
	struct xspi_sfdp_info sfdp; /* valid if sfdp_ok */
	bool sfdp_ok;
	enum xspi_mem_type mtyp;             /* OCTOSPI DCR1.MTYP */
	struct xspi_ctrl_cfg cfg;            /* dual, DQS, delay hold */
	enum stm32xspi_chip_mode op_mode;    /* erase/program/read run in it */
	enum stm32xspi_chip_mode chip_mode;  /* where the chip is now */
	enum stm32xspi_chip_mode found_mode; /* where the probe found it */
	uint8_t octal_dummy;                 /* octal read dummy cycles (CR2 DC) */
	bool octal_str;      /* `stm32xspi octal BANK str`: run in 8S-8S-8S, not 8D */
	uint64_t mm_devsize; /* DCR size in memory-mapped mode */
	/* skip-unchanged and GDB's erase-then-write */
	bool skip_unchanged; /* default on; `stm32xspi skip_unchanged off` */
	bool defer_erase;    /* erase() only marks sectors pending */
	uint8_t *pending;    /* per bank sector: erase still owed */
	bool events_hooked;  /* the target event callback is registered */
	/* counters of the last write, for the log and the tests */
	unsigned int last_erased, last_skipped, last_programmed;
};

/* Identify the flash, fill the bank geometry, enter memory-mapped mode */
int stm32xspi_probe_bank(struct flash_bank *bank);

/* Memory-mapped mode again if something left it (e.g. a board script) */
int stm32xspi_ensure_mm(struct flash_bank *bank);

/* Leave memory-mapped mode: the controller ready for indirect commands
 * (dual-flash mode as probed). stm32xspi_ensure_mm() goes back. */
int stm32xspi_cmd_mode(struct flash_bank *bank);

/*
 * One indirect operation on a probed bank in command mode, op as given
 * (protocol applied by the caller). Data in/out at most one FIFO (32
 * bytes); in dual-flash mode data bytes alternate chip 1, chip 2.
 */
int stm32xspi_exec(struct flash_bank *bank, const struct xspi_op *op, uint8_t *in,
                   const uint8_t *out);

/*
 * Controller parked and the chip in the mode erase/program run in
 * (op_mode); stm32xspi_cmd_op() gives an op for that mode. On quad parts
 * the same as stm32xspi_cmd_mode().
 */
int stm32xspi_op_mode(struct flash_bank *bank);

/*
 * A command op (built at 1-1-1 by the xspi_op_* constructors) moved to
 * the bank's op_mode: protocol, and for register reads in octal modes the
 * 4-byte dummy address, dummy cycles and doubled DTR length. reg_read:
 * the op reads a register of nbytes (per chip).
 */
void stm32xspi_cmd_op(const struct stm32xspi_bank *priv, struct xspi_op *op, bool reg_read);

/* Bytes one status read returns in op_mode (per chip) */
unsigned int stm32xspi_status_bytes(const struct stm32xspi_bank *priv);

/* `flash info` text for a probed bank */
void stm32xspi_print_info(struct flash_bank *bank, struct command_invocation *cmd);

#endif /* STM32XSPI_H */
