// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the boards as data and the system bus.
 *
 * Memory (RAM, flash, system memory) is host memory shared by both views:
 * the core sees it through uc_mem_map_ptr(), the debugger through
 * vb_bus_*() which copy straight from the same buffers. Peripherals are
 * callbacks: vb_bus_add_periph() maps them into unicorn with uc_mmio_map()
 * and both views go through one dispatcher, which applies the RCC clock
 * gate and picks the most specific peripheral when they nest (a component
 * inside a catch-all PPB region).
 *
 * Memory maps: RM0433 (STM32H742/743/750/753), RM0468 (STM32H723/733/725/735/730)
 * and RM0385 (STM32F75x/F74x), "Memory map and register boundary
 * addresses". Region sizes as stated by ST's CMSIS device headers
 * (STMicroelectronics/cmsis_device_h7 @13ba9da, stm32h750xx.h and
 * stm32h735xx.h D1_ITCMRAM_BASE..D3_BKPSRAM_BASE; cmsis_device_f7
 * @b01bc43, stm32f746xx.h RAMITCM_BASE..FLASH_OTP_END).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unicorn/unicorn.h>

#include "vb_board_priv.h"
#include "vb_cpu.h"
#include "vb_flashif.h"
#include "vb_octospi.h"
#include "vb_quadspi.h"

#define KIB(n) ((uint32_t)(n)*1024u)
#define MIB(n) ((uint32_t)(n)*1024u * 1024u)

/* ---- the boards --------------------------------------------------------- */

/*
 * STM32H750XB (RM0433): 64 KiB ITCM, 128 KiB DTCM, 512 KiB AXI SRAM,
 * SRAM1/2/3 of 128/128/32 KiB in D2 (one contiguous 288 KiB run at
 * 0x30000000), 64 KiB SRAM4 and 4 KiB backup SRAM in D3; 128 KiB flash
 * (FLASH_END 0x0801FFFF). System memory (bootloader, ID area) is the
 * 128 KiB at 0x1FF00000 (D1_AXIICP_BASE); UID at 0x1FF1E800 and the flash
 * size register at 0x1FF1E880 lie in it.
 */
static const struct vb_mem_desc h750_mem[] = {
	{ .name = "ITCM", .base = 0x00000000, .size = KIB(64), .kind = VB_MEM_RAM },
	{ .name = "flash", .base = 0x08000000, .size = KIB(128), .kind = VB_MEM_ROM, .fill = 0xFF },
	{ .name = "system memory",
	  .base = 0x1FF00000,
	  .size = KIB(128),
	  .kind = VB_MEM_ROM,
	  .fill = 0xFF },
	{ .name = "DTCM", .base = 0x20000000, .size = KIB(128), .kind = VB_MEM_RAM },
	{ .name = "AXI SRAM", .base = 0x24000000, .size = KIB(512), .kind = VB_MEM_RAM },
	{ .name = "SRAM1", .base = 0x30000000, .size = KIB(128), .kind = VB_MEM_RAM },
	{ .name = "SRAM2", .base = 0x30020000, .size = KIB(128), .kind = VB_MEM_RAM },
	{ .name = "SRAM3", .base = 0x30040000, .size = KIB(32), .kind = VB_MEM_RAM },
	{ .name = "SRAM4", .base = 0x38000000, .size = KIB(64), .kind = VB_MEM_RAM },
	{ .name = "backup SRAM", .base = 0x38800000, .size = KIB(4), .kind = VB_MEM_RAM },
};

/*
 * STM32H735IG (RM0468): ITCM 64 KiB and AXI SRAM 128 + 192 KiB in the
 * default TCM_AXI_SHARED = 00 configuration (the 192 KiB at 0x24020000 is
 * the part shareable with ITCM in 64 KiB steps), DTCM 128 KiB, SRAM1 and
 * SRAM2 of 16 KiB, SRAM4 16 KiB, backup SRAM 4 KiB, 1 MiB flash
 * (FLASH_END 0x080FFFFF), system memory as on the H750.
 */
static const struct vb_mem_desc h735_mem[] = {
	{ .name = "ITCM", .base = 0x00000000, .size = KIB(64), .kind = VB_MEM_RAM },
	{ .name = "flash", .base = 0x08000000, .size = MIB(1), .kind = VB_MEM_ROM, .fill = 0xFF },
	{ .name = "system memory",
	  .base = 0x1FF00000,
	  .size = KIB(128),
	  .kind = VB_MEM_ROM,
	  .fill = 0xFF },
	{ .name = "DTCM", .base = 0x20000000, .size = KIB(128), .kind = VB_MEM_RAM },
	{ .name = "AXI SRAM", .base = 0x24000000, .size = KIB(320), .kind = VB_MEM_RAM },
	{ .name = "SRAM1", .base = 0x30000000, .size = KIB(16), .kind = VB_MEM_RAM },
	{ .name = "SRAM2", .base = 0x30004000, .size = KIB(16), .kind = VB_MEM_RAM },
	{ .name = "SRAM4", .base = 0x38000000, .size = KIB(16), .kind = VB_MEM_RAM },
	{ .name = "backup SRAM", .base = 0x38800000, .size = KIB(4), .kind = VB_MEM_RAM },
};

/*
 * STM32F746NG (RM0385): ITCM RAM 16 KiB; 1 MiB flash on AXIM at 0x08000000
 * and the same flash on ITCM at 0x00200000 (read-only view); DTCM 64 KiB,
 * SRAM1 240 KiB, SRAM2 16 KiB; backup SRAM 4 KiB at 0x40024000 (on AHB1;
 * modelled as plain RAM, without its BKPSRAMEN clock gate). System memory
 * 0x1FF00000-0x1FF0EDBF, OTP 0x1FF0F000-0x1FF0F41F, UID 0x1FF0F420, flash
 * size 0x1FF0F442 and package 0x1FF0F7E0 are one 64 KiB read-only block
 * here, also seen on ITCM at 0x00100000.
 */
static const struct vb_mem_desc f746_mem[] = {
	{ .name = "ITCM RAM", .base = 0x00000000, .size = KIB(16), .kind = VB_MEM_RAM },
	{ .name = "system memory (ITCM)",
	  .base = 0x00100000,
	  .size = KIB(64),
	  .kind = VB_MEM_ROM,
	  .alias_of = 0x1FF00000 },
	{ .name = "flash (ITCM)",
	  .base = 0x00200000,
	  .size = MIB(1),
	  .kind = VB_MEM_ROM,
	  .alias_of = 0x08000000 },
	{ .name = "flash", .base = 0x08000000, .size = MIB(1), .kind = VB_MEM_ROM, .fill = 0xFF },
	{ .name = "system memory",
	  .base = 0x1FF00000,
	  .size = KIB(64),
	  .kind = VB_MEM_ROM,
	  .fill = 0xFF },
	{ .name = "DTCM", .base = 0x20000000, .size = KIB(64), .kind = VB_MEM_RAM },
	{ .name = "SRAM1", .base = 0x20010000, .size = KIB(240), .kind = VB_MEM_RAM },
	{ .name = "SRAM2", .base = 0x2004C000, .size = KIB(16), .kind = VB_MEM_RAM },
	{ .name = "backup SRAM", .base = 0x40024000, .size = KIB(4), .kind = VB_MEM_RAM },
};

/*
 * 96-bit unique IDs (RM0433, RM0468, RM0385 "Unique device ID
 * register"): X/Y wafer coordinates, wafer number and lot number. The
 * values are made up but shaped like real ones and differ per board.
 */
static const struct vb_rom_init h750_rom[] = {
	{ .addr = 0x1FF1E800, .len = 4, .val = 0x00270029 },
	{ .addr = 0x1FF1E804, .len = 4, .val = 0x3038510B },
	{ .addr = 0x1FF1E808, .len = 4, .val = 0x36323637 },
};

static const struct vb_rom_init h735_rom[] = {
	{ .addr = 0x1FF1E800, .len = 4, .val = 0x0035002C },
	{ .addr = 0x1FF1E804, .len = 4, .val = 0x3131510A },
	{ .addr = 0x1FF1E808, .len = 4, .val = 0x35393538 },
};

static const struct vb_rom_init f746_rom[] = {
	{ .addr = 0x1FF0F420, .len = 4, .val = 0x0026003A },
	{ .addr = 0x1FF0F424, .len = 4, .val = 0x3235470E },
	{ .addr = 0x1FF0F428, .len = 4, .val = 0x34303638 },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * IDs. DBGMCU_IDCODE = REV_ID << 16 | DEV_ID: DEV_ID 0x450 (RM0433),
 * 0x483 (RM0468), 0x449 (RM0385); REV_ID of the current
 * silicon: H750 revision V = 0x2003 (ES0392), H735 revision Z = 0x1001
 * (ES0491), F746 revision Z = 0x1001 (ES0290); OpenOCD 0.12.0 knows all
 * three (stm32h7x.c stm32h74_h75xx_revs[], stm32h72_h73xx_revs[],
 * stm32f2x.c get_stm32x_info()). JTAG-DP IDCODE and SW-DP DPIDR as
 * OpenOCD expects them (tcl/target/stm32h7x.cfg, stm32f7x.cfg _CPUTAPID):
 * r1 Cortex-M7 DAP 0x6BA00477/0x6BA02477 on H7, 0x5BA00477/0x5BA02477 on
 * F7 (the cfg cites RM0385: "Cortex-M7 with FPU r0p0"). Boundary-scan TAP
 * IDCODEs 0x06<DEV_ID>041 (manufacturer 0x020 = ST): the RMs' "JTAG TAP
 * identification"; the same values are in Arm's uVision
 * debug driver template (JTAG.cpp, KnownDevices[]) and 0x06483041 shows in
 * OpenOCD logs of real H723 boards.
 */
/* The STM32H750 as both H750 boards carry it: IDs, then the chip's maps. */
#define H750_IDS                                                                          \
	.dbgmcu_idcode = 0x20036450, .flash_size_kib = 128, .jtag_bs_idcode = 0x06450041, \
	.jtag_dap_idcode = 0x6BA00477, .swd_dpidr = 0x6BA02477, .has_apb_d = true
/* flash_size_addr: RM0433 "Flash size", FLASHSIZE_BASE in stm32h750xx.h;
 * boot_addr: BOOT_ADD0 factory value 0x0800 -> 0x08000000 (RM0433). */
#define H750_CHIP                                                                               \
	.rm = "RM0433", .mem = h750_mem, .n_mem = ARRAY_LEN(h750_mem),                          \
	.flash_size_addr = 0x1FF1E880, .rom_init = h750_rom, .n_rom_init = ARRAY_LEN(h750_rom), \
	.boot_addr = 0x08000000, .soc = &vb_soc_stm32h750

static const struct vb_board_desc boards[] = {
	{
		.info = { .name = "h750b-dk", .mcu = "STM32H750XBH6", H750_IDS },
		.board_doc = "UM2488 (STM32H750B-DK)",
		H750_CHIP,
		.qspi = &vb_quadspi_h750b_dk,
	},
	{
		.info = {
			.name = "h735g-dk",
			.mcu = "STM32H735IGK6",
			.dbgmcu_idcode = 0x10016483,
			.flash_size_kib = 1024,
			.jtag_bs_idcode = 0x06483041,
			.jtag_dap_idcode = 0x6BA00477,
			.swd_dpidr = 0x6BA02477,
			.has_apb_d = true,
		},
		.board_doc = "UM2679 (STM32H735G-DK)",
		.rm = "RM0468",
		.mem = h735_mem,
		.n_mem = ARRAY_LEN(h735_mem),
		/* RM0468 "Flash size": FLASHSIZE_BASE in stm32h735xx.h */
		.flash_size_addr = 0x1FF1E880,
		.rom_init = h735_rom,
		.n_rom_init = ARRAY_LEN(h735_rom),
		/* BOOT_ADD0 factory value 0x0800 -> 0x08000000 (RM0468) */
		.boot_addr = 0x08000000,
		.soc = &vb_soc_stm32h735,
		/* UM2679: MX25LM51245G on OCTOSPI1, S70KL1281 on OCTOSPI2,
		 * both behind the OCTOSPIM (vb_octospim.c) */
		.ospi = { &vb_octospi1_h735g_dk, &vb_octospi2_h735g_dk },
	},
	{
		.info = {
			.name = "f746g-disco",
			.mcu = "STM32F746NGH6",
			.dbgmcu_idcode = 0x10016449,
			.flash_size_kib = 1024,
			.jtag_bs_idcode = 0x06449041,
			.jtag_dap_idcode = 0x5BA00477,
			.swd_dpidr = 0x5BA02477,
			.has_apb_d = false,
		},
		.board_doc = "UM1907 (32F746GDISCOVERY)",
		.rm = "RM0385",
		.mem = f746_mem,
		.n_mem = ARRAY_LEN(f746_mem),
		/* RM0385 "Flash size": FLASHSIZE_BASE in stm32f746xx.h */
		.flash_size_addr = 0x1FF0F442,
		.rom_init = f746_rom,
		.n_rom_init = ARRAY_LEN(f746_rom),
		/*
		 * RM0385 "Boot configuration": BOOT = 0 boots from
		 * BOOT_ADD0, factory value 0x0080 -> 0x00200000, the flash on
		 * ITCM; the core fetches its vector table there.
		 */
		.boot_addr = 0x00200000,
		.soc = &vb_soc_stm32f746,
		.qspi = &vb_quadspi_f746g_disco,
	},
	{
		/* The H750 of the H750B-DK with one W25Q128JV on QUADSPI
		 * bank 1 (a common small-board layout; ours, not a product). */
		.info = { .name = "h750-w25q", .mcu = "STM32H750VBT6", H750_IDS },
		.board_doc = "none (H750 + W25Q128JV, see vb_quadspi.c)",
		H750_CHIP,
		.qspi = &vb_quadspi_h750_w25q,
	},
};

/* ---- the bus ------------------------------------------------------------ */

struct vb_window;

struct vb_region {
	const char *name;
	uint32_t base;
	uint32_t size;
	enum vb_mem_kind kind;
	uint8_t *mem;
	bool owned;            /* false for an alias of another region */
	char *name_buf;        /* vb_board_add_ram()'s copy of the name */
	struct vb_window *win; /* a VB_VIEW_RX window: stores go to its io */
};

/*
 * A memory-mapped window of an OCTOSPI (vb_board_map_window). RX windows
 * are also a region (reads and fetches from mem); IO windows are an
 * uc_mmio_map of their own, which keeps the pointer as user data.
 */
struct vb_window {
	struct vb_board *board;
	uint32_t base, size;
	enum vb_view_access acc;
	struct vb_view_io io;
};

/*
 * A core store into an RX window went to the engine (hook_write_prot);
 * libunicorn then writes the raw value into mem anyway. The engine's
 * bytes are put back at the next synchronisation point (as the FLASH
 * interface does for the internal flash).
 */
struct vb_win_undo {
	bool pending;
	uint32_t addr;
	uint8_t *mem; /* the region's buffer the bytes belong to */
	unsigned int len;
	uint8_t bytes[8];
};

/* One uc_mmio_map() call; unicorn keeps the pointer as user data. */
struct vb_mmio_map {
	struct vb_board *board;
	uint32_t base;
	uint32_t size;
};

#define PCACHE_SIZE 64u

struct vb_board {
	const struct vb_board_desc *desc;
	uc_engine *uc;
	struct vb_region *regions;
	size_t n_regions;
	struct vb_periph *periphs;
	size_t n_periphs;
	/* find_periph's memo: word address -> index + 1 (0: empty), valid
	 * while n_periphs equals pcache_n (periphs are only ever added) */
	uint32_t pcache_addr[PCACHE_SIZE];
	uint32_t pcache_idx[PCACHE_SIZE];
	size_t pcache_n;
	struct vb_mmio_map **maps;
	size_t n_maps;
	struct vb_soc *soc;
	struct vb_cpu *cpu;
	uc_hook wprot_hook;
	struct vb_quadspi *qspi;
	struct vb_octospi *ospi[2];
	struct vb_octospim *ospim;
	struct vb_window **wins; /* VB_VIEW_IO windows */
	size_t n_wins;
	struct vb_win_undo undo;
};

static void model_bug(const char *what, uint32_t addr)
{
	fprintf(stderr, "vboard: internal error: %s at 0x%08x\n", what, addr);
	abort();
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	return p;
}

static void *xrealloc(void *p, size_t n, size_t size)
{
	p = realloc(p, (n ? n : 1) * size);
	if (!p) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	return p;
}

/* [a, a + alen) and [b, b + blen) intersect; 64-bit so that a range may end
 * at 4 GiB. */
static bool ranges_overlap(uint32_t a, uint64_t alen, uint32_t b, uint64_t blen)
{
	return (uint64_t)a < (uint64_t)b + blen && (uint64_t)b < (uint64_t)a + alen;
}

static bool range_inside(uint32_t addr, uint64_t len, uint32_t base, uint64_t size)
{
	return addr >= base && (uint64_t)addr + len <= (uint64_t)base + size;
}

static struct vb_region *find_region(struct vb_board *b, uint32_t addr, uint64_t len)
{
	for (size_t i = 0; i < b->n_regions; i++) {
		struct vb_region *r = &b->regions[i];

		if (range_inside(addr, len, r->base, r->size))
			return r;
	}
	return NULL;
}

/* The VB_VIEW_IO window holding [addr, addr + len), if any. */
static struct vb_window *find_io_window(struct vb_board *b, uint32_t addr, uint64_t len)
{
	for (size_t i = 0; i < b->n_wins; i++)
		if (range_inside(addr, len, b->wins[i]->base, b->wins[i]->size))
			return b->wins[i];
	return NULL;
}

/* Put back the engine's bytes under a store libunicorn wrote raw into an
 * RX window (see struct vb_win_undo), if that window is still mapped. */
static void win_undo(struct vb_board *b)
{
	struct vb_win_undo *u = &b->undo;
	struct vb_region *r;

	if (!u->pending)
		return;
	u->pending = false;
	r = find_region(b, u->addr, u->len);
	if (r && r->win && r->mem == u->mem)
		memcpy(r->mem + (u->addr - r->base), u->bytes, u->len);
}

/* Every access by the core to a peripheral and every debugger access
 * first brings memory up to date (internal flash, RX windows). */
static void bus_sync(struct vb_board *b)
{
	vb_flashif_sync(b->soc);
	win_undo(b);
}

/* A window access the engine serves: naturally aligned 1, 2 or 4 bytes
 * (the core splits wider ones; a debugger sends words). */
static int win_read(const struct vb_window *w, uint32_t addr, unsigned int size, uint32_t *val)
{
	*val = 0;
	if (!w->io.read || (addr & (size - 1)))
		return VB_BUS_FAULT;
	return w->io.read(w->io.ctx, addr - w->base, size, val);
}

static int win_write(const struct vb_window *w, uint32_t addr, unsigned int size, uint32_t val)
{
	if (!w->io.write || (addr & (size - 1)))
		return VB_BUS_FAULT;
	return w->io.write(w->io.ctx, addr - w->base, size, val);
}

/* The smallest peripheral decoding addr: nested components win over the
 * region they sit in. */
static const struct vb_periph *find_periph_scan(const struct vb_board *b, uint32_t addr)
{
	const struct vb_periph *best = NULL;

	for (size_t i = 0; i < b->n_periphs; i++) {
		const struct vb_periph *p = &b->periphs[i];

		if (range_inside(addr, 1, p->base, p->size) && (!best || p->size < best->size))
			best = p;
	}
	return best;
}

/* The smallest peripheral decoding addr. A loader polls one status
 * register and fills one data register: the memo makes that a lookup. */
static const struct vb_periph *find_periph(const struct vb_board *cb, uint32_t addr)
{
	struct vb_board *b = (struct vb_board *)cb; /* the memo only */
	uint32_t w = addr >> 2, slot = w % PCACHE_SIZE;
	const struct vb_periph *p;

	if (b->pcache_n != b->n_periphs) {
		memset(b->pcache_idx, 0, sizeof(b->pcache_idx));
		b->pcache_n = b->n_periphs;
	}
	if (b->pcache_idx[slot] && b->pcache_addr[slot] == w)
		return &b->periphs[b->pcache_idx[slot] - 1];
	p = find_periph_scan(b, addr);
	/* a peripheral that starts or ends inside this word would make the
	 * answer depend on the byte: do not memoize those */
	if (p && (uint64_t)w * 4 >= p->base && (uint64_t)w * 4 + 4 <= (uint64_t)p->base + p->size) {
		b->pcache_addr[slot] = w;
		b->pcache_idx[slot] = (uint32_t)(p - b->periphs) + 1;
	}
	return p;
}

static uint32_t get_le(const uint8_t *p, unsigned int size)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < size; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static void put_le(uint8_t *p, unsigned int size, uint32_t v)
{
	for (unsigned int i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static bool valid_size(unsigned int size)
{
	return size == 1 || size == 2 || size == 4;
}

/*
 * The clock gate: the enable bit lives in an RCC register, read through
 * the RCC model's own read callback (its enable registers have no read
 * side effects). No RCC on the bus (unit tests of a lone model): open.
 */
static bool gate_open(const struct vb_board *b, const struct vb_periph *p)
{
	if (!p->gate_reg)
		return true;
	const struct vb_periph *rcc = find_periph(b, p->gate_reg);

	if (!rcc || rcc == p || !rcc->read)
		return true;
	return rcc->read(rcc->ctx, p->gate_reg - rcc->base, 4) & p->gate_bit;
}

/* Device registers take naturally aligned accesses inside the block. */
static bool periph_access_ok(const struct vb_periph *p, uint32_t addr, unsigned int size)
{
	return valid_size(size) && !(addr & (size - 1)) &&
	       range_inside(addr, size, p->base, p->size);
}

static int periph_read(struct vb_board *b, const struct vb_periph *p, uint32_t addr,
                       unsigned int size, uint32_t *val)
{
	if (!periph_access_ok(p, addr, size))
		return VB_BUS_FAULT;
	if (!gate_open(b, p)) {
		/* Silicon reads 0 from a peripheral whose clock is off. */
		if (vb_trace_mask & VB_TR_BUS)
			vb_trace(VB_TR_BUS, "read of unclocked %s at 0x%08x", p->name, addr);
		*val = 0;
		return VB_BUS_OK;
	}
	*val = p->read ? p->read(p->ctx, addr - p->base, size) : 0;
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "%s read%u 0x%08x -> 0x%08x", p->name, size * 8, addr, *val);
	return VB_BUS_OK;
}

static int periph_write(struct vb_board *b, const struct vb_periph *p, uint32_t addr,
                        unsigned int size, uint32_t val)
{
	if (!periph_access_ok(p, addr, size))
		return VB_BUS_FAULT;
	if (!gate_open(b, p)) {
		vb_guest_error(addr,
		               "write 0x%08x to %s while its clock is off (RCC enable bit 0x%08x "
		               "in 0x%08x is 0): ignored",
		               val, p->name, p->gate_bit, p->gate_reg);
		return VB_BUS_OK;
	}
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "%s write%u 0x%08x <- 0x%08x", p->name, size * 8, addr, val);
	if (p->write)
		p->write(p->ctx, addr - p->base, size, val);
	return VB_BUS_OK;
}

int vb_bus_read(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size,
                uint32_t *val)
{
	struct vb_region *r;
	const struct vb_periph *p;

	struct vb_window *w;

	*val = 0;
	if (!valid_size(size))
		return VB_BUS_FAULT;
	bus_sync(b);
	r = find_region(b, addr, size);
	if (r) {
		*val = get_le(r->mem + (addr - r->base), size);
		return VB_BUS_OK;
	}
	w = find_io_window(b, addr, size);
	if (w)
		return win_read(w, addr, size, val);
	p = find_periph(b, addr);
	if (p && periph_read(b, p, addr, size, val) == VB_BUS_OK)
		return VB_BUS_OK;
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "%s read%u at 0x%08x: bus fault",
		         who == VB_INIT_CORE ? "core" : "debug", size * 8, addr);
	return VB_BUS_FAULT;
}

static int region_write(struct vb_board *b, struct vb_region *r, enum vb_initiator who,
                        uint32_t addr, unsigned int size, uint32_t val)
{
	if (r->win)
		return win_write(r->win, addr, size, val);
	if (r->kind == VB_MEM_ROM) {
		/* The flash array goes to the FLASH interface's engine
		 * (vb_flashif.c); other read-only memory refuses writes. */
		int rc = vb_flashif_bus_write(b->soc, who, addr, size, val);

		if (rc != VB_FLASHIF_NOT_ARRAY)
			return rc;
		vb_guest_error(addr,
		               "%s write%u of 0x%08x to %s: read-only (flash is programmed "
		               "through the FLASH interface)",
		               who == VB_INIT_CORE ? "core" : "debugger", size * 8, val, r->name);
		return VB_BUS_FAULT;
	}
	put_le(r->mem + (addr - r->base), size, val);
	return VB_BUS_OK;
}

int vb_bus_write(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size,
                 uint32_t val)
{
	struct vb_region *r;
	const struct vb_periph *p;

	struct vb_window *w;

	if (!valid_size(size))
		return VB_BUS_FAULT;
	win_undo(b);
	r = find_region(b, addr, size);
	if (r)
		return region_write(b, r, who, addr, size, val);
	w = find_io_window(b, addr, size);
	if (w)
		return win_write(w, addr, size, val);
	p = find_periph(b, addr);
	if (p && periph_write(b, p, addr, size, val) == VB_BUS_OK)
		return VB_BUS_OK;
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "%s write%u at 0x%08x: bus fault",
		         who == VB_INIT_CORE ? "core" : "debug", size * 8, addr);
	return VB_BUS_FAULT;
}

/* Words of region r available from addr on (addr inside r). */
static size_t region_words_left(const struct vb_region *r, uint32_t addr)
{
	return (size_t)(((uint64_t)r->base + r->size - addr) / 4);
}

size_t vb_bus_read_words(struct vb_board *b, uint32_t addr, uint32_t *buf, size_t n)
{
	size_t done = 0;

	bus_sync(b);
	while (done < n) {
		uint32_t a = addr + (uint32_t)(4 * done);
		struct vb_region *r = (a & 3) ? NULL : find_region(b, a, 4);

		if (!r) {
			/* A peripheral (or a fault): one word at a time. */
			if (vb_bus_read(b, VB_INIT_DEBUG, a, 4, &buf[done]) != VB_BUS_OK)
				break;
			done++;
			continue;
		}
		size_t run = region_words_left(r, a);

		if (run > n - done)
			run = n - done;
		for (size_t i = 0; i < run; i++)
			buf[done + i] = get_le(r->mem + (a - r->base) + 4 * i, 4);
		done += run;
	}
	return done;
}

size_t vb_bus_write_words(struct vb_board *b, uint32_t addr, const uint32_t *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		uint32_t a = addr + (uint32_t)(4 * done);
		struct vb_region *r = (a & 3) ? NULL : find_region(b, a, 4);

		if (!r || r->kind != VB_MEM_RAM) {
			if (vb_bus_write(b, VB_INIT_DEBUG, a, 4, buf[done]) != VB_BUS_OK)
				break;
			done++;
			continue;
		}
		size_t run = region_words_left(r, a);

		if (run > n - done)
			run = n - done;
		for (size_t i = 0; i < run; i++)
			put_le(r->mem + (a - r->base) + 4 * i, 4, buf[done + i]);
		done += run;
	}
	return done;
}

uint8_t *vb_bus_backing(struct vb_board *b, uint32_t addr, uint32_t len)
{
	struct vb_region *r;

	bus_sync(b);
	r = find_region(b, addr, len ? len : 1);
	return r ? r->mem + (addr - r->base) : NULL;
}

static void remove_cache(struct vb_board *b, uint32_t addr, uint32_t len)
{
	uint64_t end = (uint64_t)addr + len;

	uc_ctl_remove_cache(b->uc, addr, end);
}

/*
 * Unicorn keeps translated code until told (DESIGN.md "Stale code"). The
 * same bytes may also have run through another view (F7 flash at
 * 0x08000000 and on ITCM at 0x00200000): flush every view of the range.
 */
void vb_bus_code_written(struct vb_board *b, uint32_t addr, uint32_t len)
{
	struct vb_region *r;

	if (!len)
		return;
	remove_cache(b, addr, len);
	r = find_region(b, addr, len);
	if (!r)
		return;
	uintptr_t p = (uintptr_t)(r->mem + (addr - r->base));

	for (size_t i = 0; i < b->n_regions; i++) {
		struct vb_region *v = &b->regions[i];
		uintptr_t vmem = (uintptr_t)v->mem;

		/* Another region over the same host bytes: an alias. */
		if (v != r && vmem <= p && p + len <= vmem + v->size)
			remove_cache(b, v->base + (uint32_t)(p - vmem), len);
	}
}

int vb_apbd_read(struct vb_board *b, uint32_t addr, uint32_t *val)
{
	*val = 0;
	if (!b->desc->info.has_apb_d)
		return VB_BUS_FAULT;
	return vb_soc_apbd_read(b->soc, addr, val);
}

int vb_apbd_write(struct vb_board *b, uint32_t addr, uint32_t val)
{
	if (!b->desc->info.has_apb_d)
		return VB_BUS_FAULT;
	return vb_soc_apbd_write(b->soc, addr, val);
}

/* ---- the core's view: unicorn callbacks ------------------------------- */

/*
 * A core access that reached a peripheral callback but that silicon would
 * answer with a bus error (inside a mapped page, yet no peripheral decodes
 * it; a misaligned Device access). The callback cannot fail the access:
 * the core module raises the BusFault (vb_cpu_bus_fault, vb_cpu.h). With
 * no core attached (bus unit tests) the emulation just stops.
 */
static void core_fault(struct vb_board *b, uint32_t addr, bool is_write)
{
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "core %s at 0x%08x: bus fault", is_write ? "write" : "read",
		         addr);
	if (b->cpu)
		vb_cpu_bus_fault(b->cpu, addr, is_write);
	else
		uc_emu_stop(b->uc);
}

static uint64_t mmio_read(uc_engine *uc, uint64_t offset, unsigned int size, void *user)
{
	struct vb_mmio_map *m = user;
	uint32_t addr = m->base + (uint32_t)offset;
	const struct vb_periph *p = find_periph(m->board, addr);
	uint32_t val = 0;

	(void)uc;
	bus_sync(m->board);
	if (m->board->cpu)
		vb_cpu_mmio_access(m->board->cpu);
	if (!p || periph_read(m->board, p, addr, size, &val) != VB_BUS_OK)
		core_fault(m->board, addr, false);
	return val;
}

static void mmio_write(uc_engine *uc, uint64_t offset, unsigned int size, uint64_t value,
                       void *user)
{
	struct vb_mmio_map *m = user;
	uint32_t addr = m->base + (uint32_t)offset;
	const struct vb_periph *p = find_periph(m->board, addr);

	(void)uc;
	bus_sync(m->board);
	if (m->board->cpu)
		vb_cpu_mmio_access(m->board->cpu);
	if (!p || periph_write(m->board, p, addr, size, (uint32_t)value) != VB_BUS_OK)
		core_fault(m->board, addr, true);
}

/*
 * A core store into an RX window: to the engine (io->write), in naturally
 * aligned pieces; true when it took them. libunicorn then writes the raw
 * value into mem: the engine's bytes are kept and put back at the next
 * synchronisation point (win_undo). false: the store faults.
 */
static bool core_window_store(struct vb_board *b, struct vb_region *r, uint32_t addr, int size,
                              uint64_t value)
{
	unsigned int n = size > 0 && size <= 8 ? (unsigned int)size : 0;
	unsigned int piece = n == 8 ? 4 : n;
	struct vb_win_undo *u = &b->undo;

	win_undo(b);
	if (!n || (n != 1 && n != 2 && n != 4 && n != 8) || (addr & (piece - 1)))
		return false;
	for (unsigned int off = 0; off < n; off += piece)
		if (win_write(r->win, addr + off, piece, (uint32_t)(value >> (8 * off))) !=
		    VB_BUS_OK)
			return false;
	/* the engine may have remapped the window meanwhile */
	r = find_region(b, addr, n);
	if (!r || !r->win)
		return true;
	u->pending = true;
	u->addr = addr;
	u->mem = r->mem;
	u->len = n;
	memcpy(u->bytes, r->mem + (addr - r->base), n);
	return true;
}

/*
 * A core store into read-only memory. Into the flash array it goes to the
 * FLASH interface's engine and the store is reported handled: libunicorn
 * 2.0.1 then continues without a fault but still writes the raw value into
 * the mapped buffer, which the engine undoes at its next sync (see
 * vb_flashif.h). Elsewhere unicorn stops with UC_ERR_WRITE_PROT and the
 * core module turns that into a BusFault.
 */
static bool hook_write_prot(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                            void *user)
{
	struct vb_board *b = user;
	struct vb_region *r = find_region(b, (uint32_t)addr, (uint64_t)size);

	(void)uc;
	(void)type;
	if (r && r->win)
		return core_window_store(b, r, (uint32_t)addr, size, (uint64_t)value);
	if (size > 0 &&
	    vb_flashif_core_store(b->soc, (uint32_t)addr, (unsigned int)size, (uint64_t)value))
		return true;
	vb_guest_error((uint32_t)addr,
	               "core write%d of 0x%08x to %s: read-only (flash is programmed "
	               "through the FLASH interface)",
	               size * 8, (uint32_t)value, r ? r->name : "read-only memory");
	return false;
}

/* Is the page at addr already mapped in unicorn (memory or mmio)? */
static bool page_mapped(const struct vb_board *b, uint32_t addr)
{
	for (size_t i = 0; i < b->n_regions; i++)
		if (range_inside(addr, VB_PAGE_SIZE, b->regions[i].base, b->regions[i].size))
			return true;
	for (size_t i = 0; i < b->n_maps; i++)
		if (range_inside(addr, VB_PAGE_SIZE, b->maps[i]->base, b->maps[i]->size))
			return true;
	for (size_t i = 0; i < b->n_wins; i++)
		if (range_inside(addr, VB_PAGE_SIZE, b->wins[i]->base, b->wins[i]->size))
			return true;
	return false;
}

static void mmio_map_run(struct vb_board *b, uint32_t base, uint32_t size)
{
	struct vb_mmio_map *m = xcalloc(1, sizeof(*m));
	uc_err err;

	m->board = b;
	m->base = base;
	m->size = size;
	err = uc_mmio_map(b->uc, base, size, mmio_read, m, mmio_write, m);
	if (err != UC_ERR_OK) {
		fprintf(stderr, "vboard: uc_mmio_map(0x%08x, 0x%x): %s\n", base, size,
		        uc_strerror(err));
		abort();
	}
	b->maps = xrealloc(b->maps, b->n_maps + 1, sizeof(*b->maps));
	b->maps[b->n_maps++] = m;
}

/* Map the pages of [lo, hi) that nothing maps yet, in maximal runs. */
static void mmio_map_uncovered(struct vb_board *b, uint64_t lo, uint64_t hi)
{
	uint64_t run = lo;

	for (uint64_t a = lo; a <= hi; a += VB_PAGE_SIZE) {
		bool end = a == hi || page_mapped(b, (uint32_t)a);

		if (end && a > run)
			mmio_map_run(b, (uint32_t)run, (uint32_t)(a - run));
		if (end)
			run = a + VB_PAGE_SIZE;
	}
}

static void check_periph(const struct vb_board *b, const struct vb_periph *p)
{
	if (!p->size || (uint64_t)p->base + p->size > 0x100000000ull)
		model_bug("peripheral with a bad extent", p->base);
	for (size_t i = 0; i < b->n_regions; i++)
		if (ranges_overlap(p->base, p->size, b->regions[i].base, b->regions[i].size))
			model_bug("peripheral over memory", p->base);
	for (size_t i = 0; i < b->n_periphs; i++) {
		const struct vb_periph *q = &b->periphs[i];
		bool nested = range_inside(p->base, p->size, q->base, q->size) ||
		              range_inside(q->base, q->size, p->base, p->size);

		if (ranges_overlap(p->base, p->size, q->base, q->size) && !nested)
			model_bug("peripherals overlap partially", p->base);
	}
}

void vb_bus_add_periph(struct vb_board *b, const struct vb_periph *p)
{
	uint64_t lo = p->base & ~(uint64_t)(VB_PAGE_SIZE - 1);
	uint64_t hi =
	        ((uint64_t)p->base + p->size + VB_PAGE_SIZE - 1) & ~(uint64_t)(VB_PAGE_SIZE - 1);

	check_periph(b, p);
	b->periphs = xrealloc(b->periphs, b->n_periphs + 1, sizeof(*b->periphs));
	b->periphs[b->n_periphs++] = *p;
	mmio_map_uncovered(b, lo, hi);
}

/* ---- memory regions ---------------------------------------------------- */

static bool region_fits(const struct vb_board *b, uint32_t base, uint32_t size)
{
	if (!size || (base | size) & (VB_PAGE_SIZE - 1) || (uint64_t)base + size > 0x100000000ull)
		return false;
	for (size_t i = 0; i < b->n_regions; i++)
		if (ranges_overlap(base, size, b->regions[i].base, b->regions[i].size))
			return false;
	for (size_t i = 0; i < b->n_maps; i++)
		if (ranges_overlap(base, size, b->maps[i]->base, b->maps[i]->size))
			return false;
	for (size_t i = 0; i < b->n_wins; i++)
		if (ranges_overlap(base, size, b->wins[i]->base, b->wins[i]->size))
			return false;
	return true;
}

static int map_region(struct vb_board *b, const char *name, uint32_t base, uint32_t size,
                      enum vb_mem_kind kind, uint8_t *mem, bool owned)
{
	/* Flash and system memory: the core may read and execute, a store
	 * stops with UC_ERR_WRITE_PROT (see hook_write_prot). */
	uint32_t perms = kind == VB_MEM_RAM ? UC_PROT_ALL : UC_PROT_READ | UC_PROT_EXEC;
	uc_err err = uc_mem_map_ptr(b->uc, base, size, perms, mem);

	if (err != UC_ERR_OK) {
		fprintf(stderr, "vboard: cannot map %s at 0x%08x: %s\n", name, base,
		        uc_strerror(err));
		return -1;
	}
	b->regions = xrealloc(b->regions, b->n_regions + 1, sizeof(*b->regions));
	b->regions[b->n_regions++] = (struct vb_region){
		.name = name,
		.base = base,
		.size = size,
		.kind = kind,
		.mem = mem,
		.owned = owned,
	};
	return 0;
}

static int map_mem_desc(struct vb_board *b, const struct vb_mem_desc *m)
{
	uint8_t *mem;

	if (!region_fits(b, m->base, m->size))
		model_bug("memory region overlaps or is not page aligned", m->base);
	if (m->alias_of) {
		mem = vb_bus_backing(b, m->alias_of, m->size);
		if (!mem)
			model_bug("alias of a region not mapped before it", m->base);
		return map_region(b, m->name, m->base, m->size, m->kind, mem, false);
	}
	mem = xcalloc(1, m->size);
	memset(mem, m->fill, m->size);
	return map_region(b, m->name, m->base, m->size, m->kind, mem, true);
}

/* Aliases name the region they show, which must be mapped first. */
static int map_memory(struct vb_board *b)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < b->desc->n_mem; i++) {
			const struct vb_mem_desc *m = &b->desc->mem[i];

			if (!!m->alias_of != pass)
				continue;
			if (map_mem_desc(b, m) < 0)
				return -1;
		}
	}
	return 0;
}

static void rom_put(struct vb_board *b, uint32_t addr, uint32_t len, uint32_t val)
{
	uint8_t *p = vb_bus_backing(b, addr, len);

	if (!p)
		model_bug("factory data outside memory", addr);
	put_le(p, len, val);
}

static void fill_factory_data(struct vb_board *b)
{
	const struct vb_board_desc *d = b->desc;

	/* The flash size register is a 16-bit value in KiB. */
	rom_put(b, d->flash_size_addr, 2, d->info.flash_size_kib);
	for (size_t i = 0; i < d->n_rom_init; i++)
		rom_put(b, d->rom_init[i].addr, d->rom_init[i].len, d->rom_init[i].val);
}

/* ---- the board --------------------------------------------------------- */

static const struct vb_board_desc *find_board(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(boards); i++)
		if (name && !strcmp(boards[i].info.name, name))
			return &boards[i];
	return NULL;
}

static int open_engine(struct vb_board *b)
{
	uint32_t page = 0;
	uc_err err = uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &b->uc);

	if (err != UC_ERR_OK) {
		fprintf(stderr, "vboard: cannot open the unicorn engine: %s\n", uc_strerror(err));
		b->uc = NULL;
		return -1;
	}
	/* The model must be chosen before anything else touches the CPU. */
	err = uc_ctl_set_cpu_model(b->uc, UC_CPU_ARM_CORTEX_M7);
	if (err == UC_ERR_OK)
		err = uc_ctl_get_page_size(b->uc, &page);
	if (err != UC_ERR_OK || page != VB_PAGE_SIZE) {
		fprintf(stderr, "vboard: unicorn: Cortex-M7 model or page size %u: %s\n", page,
		        uc_strerror(err));
		return -1;
	}
	err = uc_hook_add(b->uc, &b->wprot_hook, UC_HOOK_MEM_WRITE_PROT, hook_write_prot, b, 1, 0);
	if (err != UC_ERR_OK) {
		fprintf(stderr, "vboard: unicorn hook: %s\n", uc_strerror(err));
		return -1;
	}
	return 0;
}

/*
 * The OCTOSPI instances, then the OCTOSPIM over them: registered in this
 * order, so a system reset (vb_board_reset_periphs, in registration order)
 * resets the instances before the OCTOSPIM routes them again. The
 * --flash-file files go to the NOR: the first instance with NOR parts.
 */
static int make_octospi(struct vb_board *b, const struct vb_board_opts *o)
{
	const struct vb_board_desc *d = b->desc;
	bool nor_done = false;

	for (unsigned int i = 0; i < 2 && d->ospi[i]; i++) {
		bool nor = d->ospi[i]->wiring.part[0] != NULL;
		const char *const *files = o && nor && !nor_done ? o->flash_file : NULL;

		b->ospi[i] = vb_octospi_new(b, d->ospi[i], files, o ? o->errata : 0);
		if (!b->ospi[i])
			return -1;
		nor_done = nor_done || nor;
	}
	b->ospim = vb_octospim_new(b, b->ospi[0], b->ospi[1]);
	return 0;
}

struct vb_board *vb_board_new_opts(const char *name, const struct vb_board_opts *o)
{
	const struct vb_board_desc *d = find_board(name);
	struct vb_board *b;

	if (!d)
		return NULL;
	b = xcalloc(1, sizeof(*b));
	b->desc = d;
	if (open_engine(b) < 0 || map_memory(b) < 0) {
		vb_board_free(b);
		return NULL;
	}
	fill_factory_data(b);
	b->soc = vb_soc_new(b, d->soc, &d->info);
	if (d->qspi) {
		b->qspi = vb_quadspi_new(b, d->qspi, o ? o->flash_file : NULL, o ? o->errata : 0,
		                         o ? o->qspi_part : NULL);
		if (!b->qspi) {
			vb_board_free(b);
			return NULL;
		}
	}
	if (d->ospi[0] && make_octospi(b, o) < 0) {
		vb_board_free(b);
		return NULL;
	}
	return b;
}

struct vb_board *vb_board_new(const char *name)
{
	return vb_board_new_opts(name, NULL);
}

struct vb_quadspi *vb_board_quadspi(struct vb_board *b)
{
	return b->qspi;
}

struct vb_octospi *vb_board_octospi(struct vb_board *b, unsigned int i)
{
	return i < 2 ? b->ospi[i] : NULL;
}

struct vb_octospim *vb_board_octospim(struct vb_board *b)
{
	return b->ospim;
}

struct vb_xspi *vb_board_nor_engine(struct vb_board *b)
{
	if (b->qspi)
		return vb_quadspi_engine(b->qspi);
	for (unsigned int i = 0; i < 2; i++)
		if (b->ospi[i] && b->desc->ospi[i]->wiring.part[0])
			return vb_octospi_engine(b->ospi[i]);
	return NULL;
}

/*
 * The QUADSPI/OCTOSPI memory-mapped window (vb_xspi.h): a region like
 * flash (read/execute, writes fault) over the controller's host buffer,
 * mapped and unmapped while the core may be running (libunicorn 2.0.1
 * allows both from an MMIO callback, see vb_xspi.c); translations made
 * from an earlier buffer at the same address are flushed.
 */
int vb_board_map_view(struct vb_board *b, uint32_t base, uint32_t size, uint8_t *mem,
                      const char *name)
{
	if (!region_fits(b, base, size)) {
		vb_guest_error(base, "%s window 0x%08x + 0x%x overlaps other memory: not mapped",
		               name, base, size);
		return -1;
	}
	if (map_region(b, name, base, size, VB_MEM_ROM, mem, false) < 0)
		return -1;
	remove_cache(b, base, size);
	return 0;
}

/* Core accesses to a VB_VIEW_IO window (uc_mmio_map user data). */
static uint64_t win_mmio_read(uc_engine *uc, uint64_t offset, unsigned int size, void *user)
{
	struct vb_window *w = user;
	uint32_t addr = w->base + (uint32_t)offset, val = 0;

	(void)uc;
	bus_sync(w->board);
	if (w->board->cpu)
		vb_cpu_mmio_access(w->board->cpu);
	if (!valid_size(size) || win_read(w, addr, size, &val) != VB_BUS_OK)
		core_fault(w->board, addr, false);
	return val;
}

static void win_mmio_write(uc_engine *uc, uint64_t offset, unsigned int size, uint64_t value,
                           void *user)
{
	struct vb_window *w = user;
	uint32_t addr = w->base + (uint32_t)offset;

	(void)uc;
	bus_sync(w->board);
	if (w->board->cpu)
		vb_cpu_mmio_access(w->board->cpu);
	if (!valid_size(size) || win_write(w, addr, size, (uint32_t)value) != VB_BUS_OK)
		core_fault(w->board, addr, true);
}

static int map_io_window(struct vb_board *b, struct vb_window *w, const char *name)
{
	uc_err err = uc_mmio_map(b->uc, w->base, w->size, win_mmio_read, w, win_mmio_write, w);

	if (err != UC_ERR_OK) {
		fprintf(stderr, "vboard: cannot map the %s window at 0x%08x: %s\n", name, w->base,
		        uc_strerror(err));
		return -1;
	}
	b->wins = xrealloc(b->wins, b->n_wins + 1, sizeof(*b->wins));
	b->wins[b->n_wins++] = w;
	return 0;
}

/* The OCTOSPI windows (vb_xspi.h has the contract). */
int vb_board_map_window(struct vb_board *b, uint32_t base, uint32_t size, enum vb_view_access acc,
                        uint8_t *mem, const struct vb_view_io *io, const char *name)
{
	struct vb_window *w;

	if (!region_fits(b, base, size)) {
		vb_guest_error(base, "%s window 0x%08x + 0x%x overlaps other memory: not mapped",
		               name, base, size);
		return -1;
	}
	if (acc != VB_VIEW_IO && !mem)
		model_bug("window without memory", base);
	w = xcalloc(1, sizeof(*w));
	*w = (struct vb_window){ .board = b, .base = base, .size = size, .acc = acc };
	if (io)
		w->io = *io;
	if (acc == VB_VIEW_IO) {
		if (map_io_window(b, w, name) < 0) {
			free(w);
			return -1;
		}
		remove_cache(b, base, size);
		return 0;
	}
	if (map_region(b, name, base, size, acc == VB_VIEW_RWX ? VB_MEM_RAM : VB_MEM_ROM, mem,
	               false) < 0) {
		free(w);
		return -1;
	}
	/* the region owns its window record (freed with it); RWX needs none */
	if (acc == VB_VIEW_RX)
		b->regions[b->n_regions - 1].win = w;
	else
		free(w);
	remove_cache(b, base, size);
	return 0;
}

void vb_board_unmap_view(struct vb_board *b, uint32_t base)
{
	for (size_t i = 0; i < b->n_regions; i++) {
		struct vb_region *r = &b->regions[i];

		if (r->base != base || r->owned)
			continue;
		uc_mem_unmap(b->uc, r->base, r->size);
		if (b->undo.pending && b->undo.mem == r->mem)
			b->undo.pending = false;
		free(r->win);
		b->regions[i] = b->regions[--b->n_regions];
		return;
	}
	for (size_t i = 0; i < b->n_wins; i++) {
		struct vb_window *w = b->wins[i];

		if (w->base != base)
			continue;
		uc_mem_unmap(b->uc, w->base, w->size);
		free(w);
		b->wins[i] = b->wins[--b->n_wins];
		return;
	}
}

void vb_board_free(struct vb_board *b)
{
	if (!b)
		return;
	vb_quadspi_free(b->qspi);
	vb_octospim_free(b->ospim);
	for (unsigned int i = 0; i < 2; i++)
		vb_octospi_free(b->ospi[i]);
	vb_soc_free(b->soc);
	if (b->uc)
		uc_close(b->uc);
	for (size_t i = 0; i < b->n_regions; i++) {
		if (b->regions[i].owned)
			free(b->regions[i].mem);
		free(b->regions[i].name_buf);
		free(b->regions[i].win);
	}
	for (size_t i = 0; i < b->n_maps; i++)
		free(b->maps[i]);
	for (size_t i = 0; i < b->n_wins; i++)
		free(b->wins[i]);
	free(b->wins);
	free(b->regions);
	free(b->periphs);
	free(b->maps);
	free(b);
}

const struct vb_board_info *vb_board_info(const struct vb_board *b)
{
	return &b->desc->info;
}

const struct vb_board_desc *vb_board_desc(const struct vb_board *b)
{
	return b->desc;
}

const char *vb_board_names(void)
{
	static char names[256];

	if (!names[0]) {
		for (size_t i = 0; i < ARRAY_LEN(boards); i++) {
			if (i)
				strncat(names, ", ", sizeof(names) - strlen(names) - 1);
			strncat(names, boards[i].info.name, sizeof(names) - strlen(names) - 1);
		}
	}
	return names;
}

struct uc_struct *vb_board_uc(struct vb_board *b)
{
	return b->uc;
}

void vb_board_reset_periphs(struct vb_board *b)
{
	for (size_t i = 0; i < b->n_periphs; i++)
		if (b->periphs[i].reset)
			b->periphs[i].reset(b->periphs[i].ctx);
}

uint32_t vb_board_boot_addr(const struct vb_board *b)
{
	return b->desc->boot_addr;
}

int vb_board_add_ram(struct vb_board *b, uint32_t addr, uint32_t size, const char *name)
{
	char *copy;
	uint8_t *mem;

	if (!region_fits(b, addr, size)) {
		fprintf(stderr,
		        "vboard: cannot add RAM 0x%08x+0x%x: it must be non-empty, 0x%x-aligned and "
		        "clear of existing memory and peripherals\n",
		        addr, size, VB_PAGE_SIZE);
		return -1;
	}
	copy = strdup(name ? name : "RAM");
	mem = xcalloc(1, size);
	if (!copy || map_region(b, copy, addr, size, VB_MEM_RAM, mem, true) < 0) {
		free(copy);
		free(mem);
		return -1;
	}
	b->regions[b->n_regions - 1].name_buf = copy;
	return 0;
}

int vb_board_load_file(struct vb_board *b, const char *path, uint32_t addr)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	uint8_t *dst;
	int ret = -1;

	if (!f) {
		fprintf(stderr, "vboard: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) < 0 || st.st_size > 0xFFFFFFFF) {
		fprintf(stderr, "vboard: cannot size %s\n", path);
		goto out;
	}
	dst = vb_bus_backing(b, addr, (uint32_t)st.st_size);
	if (!dst) {
		fprintf(stderr,
		        "vboard: %s (%lld bytes) does not fit in one memory region at 0x%08x\n",
		        path, (long long)st.st_size, addr);
		goto out;
	}
	if (fread(dst, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		fprintf(stderr, "vboard: cannot read %s\n", path);
		goto out;
	}
	vb_bus_code_written(b, addr, (uint32_t)st.st_size);
	ret = 0;
out:
	fclose(f);
	return ret;
}

struct vb_cpu *vb_board_cpu(struct vb_board *b)
{
	return b->cpu;
}

void vb_board_set_cpu(struct vb_board *b, struct vb_cpu *cpu)
{
	b->cpu = cpu;
}
