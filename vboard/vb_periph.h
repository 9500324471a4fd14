/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: private declarations of the register-file peripheral framework
 * (vb_periph.c) and the STM32 models built on it (vb_periph_rcc.c,
 * vb_periph_stm32.c).
 *
 * A peripheral is a table of registers (offset, reset value, writable
 * bits) plus, where silicon does more than store bits, a few hooks. A
 * chip (struct vb_soc_desc) is a list of instances: model, address,
 * clock gate, per-instance reset values.
 */
#ifndef VB_PERIPH_H
#define VB_PERIPH_H

#include "vb_board_priv.h"

struct vb_reg {
	uint16_t off;
	const char *name;
	uint32_t reset;
	uint32_t wmask; /* bits software can write; the rest read-only */
};

/* A reset value that differs per instance (GPIOA/GPIOB, option bytes). */
struct vb_reg_init {
	uint16_t off;
	uint32_t val;
};

struct vb_blk;

struct vb_blk_kind {
	const char *name;
	const struct vb_reg *regs;
	size_t n_regs;
	/* Offsets [alias_from, alias_from + alias_len) are another view of
	 * [alias_to, ...) (H7 RCC_C1_xxx registers). */
	uint16_t alias_from, alias_to, alias_len;
	/* Value returned for register r (may update state, e.g. settle). */
	uint32_t (*read)(struct vb_blk *k, unsigned int r);
	/* Called after the writable bits were stored: old is the previous
	 * value, wr the written value (in place), lanes the written bytes. */
	void (*write)(struct vb_blk *k, unsigned int r, uint32_t old, uint32_t wr, uint32_t lanes);
	void (*reset)(struct vb_blk *k);
	const void *param; /* the model's constants (struct rcc_param ...) */
	bool is_rcc;       /* the RCC: other models look at its clocks */
};

/* One peripheral instance of a chip. */
struct vb_blk_desc {
	const char *name;
	const struct vb_blk_kind *kind;
	uint32_t base; /* system bus address, 0: APB-D only */
	uint32_t size;
	uint32_t apbd;     /* debug APB address, 0: none */
	uint16_t gate_off; /* RCC enable register offset, 0: always clocked */
	uint8_t gate_bit;
	const struct vb_reg_init *init;
	size_t n_init;
};

struct vb_soc_desc {
	const char *name;
	/* The family's peripherals, then the chip's own. */
	const struct vb_blk_desc *common;
	size_t n_common;
	const struct vb_blk_desc *blks;
	size_t n_blks;
	uint32_t rcc_base;
	/* The debug APB window (H7: 0xE00E0000-0xE00FFFFF), 0 if none:
	 * addresses in it that no component decodes read as zero. */
	uint32_t apbd_lo, apbd_hi;
};

#define VB_BLK_MEMO 8

struct vb_blk {
	const struct vb_blk_desc *d;
	struct vb_soc *soc;
	uint32_t *val;
	uint32_t *pend; /* ready bits shown from the next read on */
	uint32_t *reset;
	unsigned int step[2]; /* key / lock sequence positions */
	bool locked_out[2];   /* wrong key: locked until reset */
	bool supply_written;  /* PWR: CR3 supply configuration done */
	void *ext;            /* model state beyond registers (FLASH engine), freed with k */
	/* reg_index's memo (vb_periph.c): offset + 1 -> register index */
	uint32_t memo_off[VB_BLK_MEMO];
	int memo_idx[VB_BLK_MEMO];
};

struct vb_soc {
	struct vb_board *board;
	const struct vb_soc_desc *d;
	const struct vb_board_info *info;
	struct vb_blk *blks;
	size_t n_blks;
	struct vb_blk *rcc;
	struct vb_blk *flash; /* the FLASH interface, set by its engine (vb_flashif.c) */
};

/* Index of the register at off in k's table; aborts (model bug) if none. */
int vb_blk_reg_of(const struct vb_blk *k, uint16_t off);
/* The value of the register at off. */
uint32_t *vb_blk_regp(struct vb_blk *k, uint16_t off);
/* Offset of register r. */
uint16_t vb_blk_reg_off(const struct vb_blk *k, unsigned int r);
/* Value of register r for this read; its pending bits show from the next
 * read on (ready flags that need time to settle). */
uint32_t vb_blk_read_then_settle(struct vb_blk *k, unsigned int r);

/* Clock and power models (vb_periph_rcc.c). */
extern const struct vb_blk_kind vb_rcc_h7, vb_rcc_f7;
extern const struct vb_blk_kind vb_pwr_h750, vb_pwr_h735, vb_pwr_f7;

#endif /* VB_PERIPH_H */
