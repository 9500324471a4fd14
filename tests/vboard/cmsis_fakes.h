/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test doubles for what the CMSIS-DAP front-end (vboard/vb_cmsis_dap.c)
 * calls outside itself: a DAP whose registers are an array (DPIDR, CTRL/
 * STAT, SELECT, RDBUFF; one MEM-AP with CSW, TAR and an auto-incrementing
 * DRW over 1 KiB of RAM), ACKs injected on request, and counting stand-ins
 * for pacing, statistics, trace and the board.
 */
#ifndef CMSIS_FAKES_H
#define CMSIS_FAKES_H

#include "vb.h"

#define FAKE_DPIDR     0x6BA02477u /* STM32H7 SW-DP */
#define FAKE_MEM_WORDS 256u        /* RAM behind DRW: TAR 0x000..0x3FC, wrapping */

struct vb_dap {
	uint32_t ctrl_stat, select, rdbuff;
	uint32_t csw, tar;
	uint32_t mem[FAKE_MEM_WORDS];
	/* injected ACKs: the next wait_count DP/AP accesses answer WAIT; a
	 * DRW access at TAR == fault_tar (when fault_on) answers FAULT */
	unsigned int wait_count;
	bool fault_on;
	uint32_t fault_tar;
	/* what the front-end did */
	unsigned int accesses; /* dp/ap read/write calls, blocks per word */
	unsigned int resets, aborts;
	uint32_t last_abort;
	bool srst;
	unsigned int srst_calls;
};

struct vb_board {
	struct vb_board_info info;
};

struct fake_pace {
	uint64_t transfers, tck, roundtrips, device_ns;
	uint32_t swclk_hz;
	unsigned int swclk_calls;
};
extern struct fake_pace fake_pace;

void fake_dap_init(struct vb_dap *d);
void fake_board_init(struct vb_board *b);
void fake_clear_counters(void);

#endif /* CMSIS_FAKES_H */
