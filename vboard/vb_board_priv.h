/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: private declarations shared by the board and system bus
 * (vb_board.c), the STM32 peripheral models (vb_periph_stm32.c) and their
 * tests. The public contract is vb.h.
 *
 * A board is data: a struct vb_board_desc names the chip (struct
 * vb_board_info), its memory map (RAM, flash, system memory and their
 * aliases), the bytes the factory leaves in system memory (flash size,
 * unique ID) and the peripheral set (struct vb_soc_desc), which
 * vb_periph_stm32.c defines per chip.
 */
#ifndef VB_BOARD_PRIV_H
#define VB_BOARD_PRIV_H

#include "vb.h"

/* Unicorn maps memory in pages of this size (uc_ctl_get_page_size() on
 * libunicorn 2.0.1 with UC_ARCH_ARM: 1024). Regions and peripherals are
 * placed on this granule. */
#define VB_PAGE_SIZE 0x400u

enum vb_mem_kind {
	VB_MEM_RAM, /* read/write/execute for everyone */
	VB_MEM_ROM, /* flash, system memory: plain writes fault */
};

/* One memory region of a chip's memory map. */
struct vb_mem_desc {
	const char *name;
	uint32_t base;
	uint32_t size;
	enum vb_mem_kind kind;
	uint8_t fill; /* initial content: 0 for RAM, 0xFF erased */
	/* Non-zero: this region is another view of the region at alias_of
	 * (same bytes), e.g. the F7 flash on ITCM at 0x00200000. */
	uint32_t alias_of;
};

/* Bytes the factory programmed into system memory (little-endian). */
struct vb_rom_init {
	uint32_t addr;
	uint32_t len; /* 1..4 */
	uint32_t val;
};

struct vb_soc_desc;
struct vb_quadspi_desc;
struct vb_octospi_desc;

struct vb_board_desc {
	struct vb_board_info info;
	const char *board_doc; /* user manual of the board */
	const char *rm;        /* reference manual of the chip */
	const struct vb_mem_desc *mem;
	size_t n_mem;
	uint32_t flash_size_addr; /* where info.flash_size_kib is stored */
	const struct vb_rom_init *rom_init;
	size_t n_rom_init;
	uint32_t boot_addr; /* vector table at reset (BOOT pin low) */
	const struct vb_soc_desc *soc;
	const struct vb_quadspi_desc *qspi; /* NULL: none (vb_quadspi.h) */
	/* OCTOSPI1, OCTOSPI2 (vb_octospi.h); a board with ospi[0] also gets
	 * the OCTOSPIM. NULL: none. */
	const struct vb_octospi_desc *ospi[2];
};

/* ---- the STM32 peripheral set (vb_periph_stm32.c) --------------------- */

struct vb_soc;

extern const struct vb_soc_desc vb_soc_stm32h750;
extern const struct vb_soc_desc vb_soc_stm32h735;
extern const struct vb_soc_desc vb_soc_stm32f746;

/* Creates the peripheral models of d and registers them on b's bus. */
struct vb_soc *vb_soc_new(struct vb_board *b, const struct vb_soc_desc *d,
                          const struct vb_board_info *info);
void vb_soc_free(struct vb_soc *s);
/* The debug APB (H7 APB-D, reached through AP2). VB_BUS_FAULT when the
 * part has none. */
int vb_soc_apbd_read(struct vb_soc *s, uint32_t addr, uint32_t *val);
int vb_soc_apbd_write(struct vb_soc *s, uint32_t addr, uint32_t val);

/* The descriptor a board was built from (tests). */
const struct vb_board_desc *vb_board_desc(const struct vb_board *b);

/* Options of a board's external memories (vb_main.c --flash-file,
 * --errata): the file of each chip (NULL: none) and errata switches
 * (VB_XSPI_ERRATUM_*). vb_board_new(name) is vb_board_new_opts(name, NULL). */
struct vb_board_opts {
	const char *flash_file[2];
	uint32_t errata;
	const char *qspi_part; /* NULL: the board's own flash part */
};
struct vb_board *vb_board_new_opts(const char *name, const struct vb_board_opts *o);
/* The board's QUADSPI, NULL if it has none (tests, stats). */
struct vb_quadspi *vb_board_quadspi(struct vb_board *b);
/* OCTOSPI1 (i = 0) / OCTOSPI2 (i = 1) and the OCTOSPIM, NULL if none. */
struct vb_octospi *vb_board_octospi(struct vb_board *b, unsigned int i);
struct vb_octospim *vb_board_octospim(struct vb_board *b);
/* The engine whose chips are the board's NOR flash (the QUADSPI, or the
 * first OCTOSPI with NOR parts): what --flash-file and --flash-mode
 * apply to. NULL: none. */
struct vb_xspi *vb_board_nor_engine(struct vb_board *b);

#endif /* VB_BOARD_PRIV_H */
