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

struct flash_bank;
struct command_invocation;

struct stm32xspi_bank {
	uint32_t ctrl_base; /* controller register block */
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
};

/* Identify the flash, fill the bank geometry, enter memory-mapped mode */
int stm32xspi_probe_bank(struct flash_bank *bank);

/* Memory-mapped mode again if something left it (e.g. a board script) */
int stm32xspi_ensure_mm(struct flash_bank *bank);

/* `flash info` text for a probed bank */
void stm32xspi_print_info(struct flash_bank *bank, struct command_invocation *cmd);

#endif /* STM32XSPI_H */
