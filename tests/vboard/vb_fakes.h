/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test doubles for the vboard modules the DAP and JTAG tests do not test:
 * a board whose system bus is two arrays (RAM at 0x20000000, SRAM4 at
 * 0x38000000), an APB-D that is an array at 0xE00E1000, a core that only
 * records nRST, and counting stand-ins for stats, trace, pacing, vb_buf.
 */
#ifndef VB_FAKES_H
#define VB_FAKES_H

#include "vb.h"

#define FAKE_RAM_BASE   0x20000000u
#define FAKE_RAM_SIZE   0x10000u
#define FAKE_SRAM4_BASE 0x38000000u
#define FAKE_SRAM4_SIZE 0x1000u
#define FAKE_APBD_BASE  0xE00E1000u
#define FAKE_APBD_WORDS 0x400u

struct vb_cpu {
	int hold_calls;
	bool held;
};

struct vb_board {
	struct vb_board_info info;
	uint8_t ram[FAKE_RAM_SIZE];
	uint8_t sram4[FAKE_SRAM4_SIZE];
	uint32_t apbd[FAKE_APBD_WORDS];
	struct vb_cpu cpu;
	bool has_cpu;
	uint32_t fault_addr; /* one more address that faults (0: none) */
	/* what the bus saw */
	int reads, writes, word_runs, code_written;
	enum vb_initiator last_who;
	uint32_t last_addr;
	unsigned int last_size;
	uint32_t last_code_addr, last_code_len;
};

/* "h750b-dk", "h735g-dk" or "f746g-disco", IDs as on the real parts. */
struct vb_board *fake_board_new(const char *name);

/* What the pacing stand-ins were asked. */
extern uint64_t fake_paced_tck;
extern uint64_t fake_paced_roundtrips;

void fake_stats_clear(void);
uint32_t fake_ram32(const struct vb_board *b, uint32_t addr);

#endif /* VB_FAKES_H */
