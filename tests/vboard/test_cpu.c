/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of vboard/vb_cpu.c: the Cortex-M7 core, its PPB and halting
 * debug, driven the way a debugger drives silicon (DHCSR / DCRSR / DCRDR
 * writes through the bus), on a small fake board.
 *
 * Expected values are facts from the manuals:
 *   [v7M]   ARMv7-M Architecture Reference Manual, DDI 0403E.b
 *   [M7TRM] Cortex-M7 Technical Reference Manual, DDI 0489F
 * The Thumb encodings were produced once with arm-none-eabi-as.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicorn/unicorn.h>

#include "tap.h"
#include "vb.h"
#include "vb_cpu.h"

/* ---- the fake board ----------------------------------------------------- */

struct region {
	uint32_t base, size;
	uint8_t *mem;
};

struct vb_board {
	uc_engine *uc;
	struct vb_cpu *cpu;
	struct vb_board_info info;
	const struct vb_periph *periph[4];
	unsigned int nperiph;
	struct region ram[3];
	int periph_resets;
};

struct vb_stats vb_stats;
uint32_t vb_trace_mask;
static unsigned int guest_errors;

void vb_trace(enum vb_trace_cat cat, const char *fmt, ...)
{
	va_list ap;

	(void)cat;
	if (!getenv("VB_TEST_TRACE"))
		return;
	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

void vb_guest_error(uint32_t addr, const char *fmt, ...)
{
	(void)addr;
	(void)fmt;
	guest_errors++;
	vb_stats.guest_errors++;
}

static const struct vb_periph *periph_at(struct vb_board *b, uint32_t addr)
{
	for (unsigned int i = 0; i < b->nperiph; i++) {
		const struct vb_periph *p = b->periph[i];

		if (addr >= p->base && addr - p->base < p->size)
			return p;
	}
	return NULL;
}

int vb_bus_read(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size,
                uint32_t *val)
{
	const struct vb_periph *p = periph_at(b, addr);
	uint32_t v = 0;

	(void)who;
	if (p) {
		*val = p->read(p->ctx, addr - p->base, size);
		return VB_BUS_OK;
	}
	if (uc_mem_read(b->uc, addr, &v, size) != UC_ERR_OK)
		return VB_BUS_FAULT;
	*val = v;
	return VB_BUS_OK;
}

int vb_bus_write(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size,
                 uint32_t val)
{
	const struct vb_periph *p = periph_at(b, addr);

	(void)who;
	if (p) {
		p->write(p->ctx, addr - p->base, size, val);
		return VB_BUS_OK;
	}
	return uc_mem_write(b->uc, addr, &val, size) == UC_ERR_OK ? VB_BUS_OK : VB_BUS_FAULT;
}

uint8_t *vb_bus_backing(struct vb_board *b, uint32_t addr, uint32_t len)
{
	for (unsigned int i = 0; i < 3; i++) {
		struct region *r = &b->ram[i];

		if (addr >= r->base && addr - r->base + (uint64_t)len <= r->size)
			return r->mem + (addr - r->base);
	}
	return NULL;
}

static uint64_t mmio_read(uc_engine *uc, uint64_t off, unsigned size, void *user)
{
	const struct vb_periph *p = user;

	(void)uc;
	return p->read(p->ctx, (uint32_t)off, size);
}

static void mmio_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t val, void *user)
{
	const struct vb_periph *p = user;

	(void)uc;
	p->write(p->ctx, (uint32_t)off, size, (uint32_t)val);
}

void vb_bus_add_periph(struct vb_board *b, const struct vb_periph *p)
{
	if (b->nperiph < 4)
		b->periph[b->nperiph++] = p;
	uc_mmio_map(b->uc, p->base, p->size, mmio_read, (void *)p, mmio_write, (void *)p);
}

struct uc_struct *vb_board_uc(struct vb_board *b)
{
	return b->uc;
}

const struct vb_board_info *vb_board_info(const struct vb_board *b)
{
	return &b->info;
}

void vb_board_reset_periphs(struct vb_board *b)
{
	b->periph_resets++;
	for (unsigned int i = 0; i < b->nperiph; i++)
		b->periph[i]->reset(b->periph[i]->ctx);
}

uint32_t vb_board_boot_addr(const struct vb_board *b)
{
	(void)b;
	return 0x08000000u;
}

void vb_board_set_cpu(struct vb_board *b, struct vb_cpu *cpu)
{
	b->cpu = cpu;
}

struct vb_cpu *vb_board_cpu(struct vb_board *b)
{
	return b->cpu;
}

/* Flash at 0x08000000 (vectors + code), DTCM at 0x20000000, and RAM at
 * 0x90000000 standing in for memory-mapped QSPI flash. */
static struct vb_board *board_new(const char *mcu)
{
	static const uint32_t bases[3] = { 0x08000000u, 0x20000000u, 0x90000000u };
	static const uint32_t sizes[3] = { 0x10000u, 0x20000u, 0x10000u };
	struct vb_board *b = calloc(1, sizeof(*b));

	if (!b || uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &b->uc) != UC_ERR_OK)
		abort();
	uc_ctl_set_cpu_model(b->uc, UC_CPU_ARM_CORTEX_M7);
	b->info.name = "fake";
	b->info.mcu = mcu;
	for (unsigned int i = 0; i < 3; i++) {
		b->ram[i].base = bases[i];
		b->ram[i].size = sizes[i];
		b->ram[i].mem = calloc(1, sizes[i]);
		uc_mem_map_ptr(b->uc, bases[i], sizes[i], UC_PROT_ALL, b->ram[i].mem);
	}
	return b;
}

static void board_free(struct vb_board *b)
{
	vb_cpu_free(b->cpu);
	uc_close(b->uc);
	for (unsigned int i = 0; i < 3; i++)
		free(b->ram[i].mem);
	free(b);
}

/* ---- debugger-side helpers --------------------------------------------- */

#define DHCSR    0xE000EDF0u
#define DCRSR    0xE000EDF4u
#define DCRDR    0xE000EDF8u
#define DEMCR    0xE000EDFCu
#define DFSR     0xE000ED30u
#define AIRCR    0xE000ED0Cu
#define CFSR     0xE000ED28u
#define HFSR     0xE000ED2Cu
#define BFAR     0xE000ED38u
#define SHCSR    0xE000ED24u
#define FP_CTRL  0xE0002000u
#define FP_COMP0 0xE0002008u
#define DWT_CTRL 0xE0001000u

/* DCRSR.REGSEL values [v7M C1.6.3] */
#define R_SP    13u
#define R_LR    14u
#define R_PC    15u
#define R_XPSR  16u
#define R_MSP   17u
#define R_PSP   18u
#define R_MASKS 0x14u
#define R_FPSCR 0x21u
#define R_S0    0x40u

static uint32_t rd(struct vb_board *b, uint32_t addr)
{
	uint32_t v = 0xDEADBEEFu;

	vb_bus_read(b, VB_INIT_DEBUG, addr, 4, &v);
	return v;
}

static void wr(struct vb_board *b, uint32_t addr, uint32_t v)
{
	vb_bus_write(b, VB_INIT_DEBUG, addr, 4, v);
}

static uint32_t mem32(struct vb_board *b, uint32_t addr)
{
	uint32_t v = 0;

	uc_mem_read(b->uc, addr, &v, 4);
	return v;
}

static uint32_t reg(struct vb_board *b, unsigned int sel)
{
	wr(b, DCRSR, sel);
	return rd(b, DCRDR);
}

static void set_reg(struct vb_board *b, unsigned int sel, uint32_t v)
{
	wr(b, DCRDR, v);
	wr(b, DCRSR, sel | 0x10000u);
}

static void halt(struct vb_board *b)
{
	wr(b, DHCSR, 0xA05F0003u);
}

static void resume(struct vb_board *b)
{
	wr(b, DHCSR, 0xA05F0001u);
}

static void step(struct vb_board *b)
{
	wr(b, DHCSR, 0xA05F0005u);
}

static void clear_dfsr(struct vb_board *b)
{
	wr(b, DFSR, 0x1Fu);
}

static void put16(struct vb_board *b, uint32_t addr, const uint16_t *code, size_t n)
{
	uc_mem_write(b->uc, addr, code, 2 * n);
	uc_ctl_remove_cache(b->uc, addr, addr + 2 * n);
}

static void put32(struct vb_board *b, uint32_t addr, uint32_t v)
{
	uc_mem_write(b->uc, addr, &v, 4);
}

/* Thumb code, assembled with arm-none-eabi-as -mcpu=cortex-m7 */
static const uint16_t code_loop[] = { 0x3001, 0xE7FD };                 /* adds r0,#1; b . - 2 */
static const uint16_t code_bkpt[] = { 0xBF00, 0xBE11, 0xBF00 };         /* nop; bkpt 0x11; nop */
static const uint16_t code_dwt[] = { 0x6001, 0xBF00, 0x6802, 0xE7FE };  /* str; nop; ldr; b . */
static const uint16_t code_ldr_fault[] = { 0x6801, 0xE7FE };            /* ldr r1,[r0]; b . */
static const uint16_t code_self[] = { 0xE7FE };                         /* b . */
static const uint16_t code_svc[] = { 0xDF01, 0x3001, 0xE7FE };          /* svc 1; adds; b . */
static const uint16_t code_svc_h[] = { 0x2455, 0x4770 };                /* movs r4,#0x55; bx lr */
static const uint16_t code_wfi[] = { 0xBF30, 0xE7FE };                  /* wfi; b . */
static const uint16_t code_tick_h[] = { 0x3401, 0x4770 };               /* adds r4,#1; bx lr */
static const uint16_t code_fp[] = { 0xEE30, 0x0A81, 0xDF02, 0xE7FE };   /* vadd.f32 s0,s1,s2; svc */
static const uint16_t code_udf[] = { 0xDE00 };                          /* udf #0 */
static const uint16_t code_bx_r0[] = { 0x4700 };                        /* bx r0 */
static const uint16_t code_qspi[] = { 0x2100, 0x2100, 0x3001, 0xE7FD }; /* movs x2; loop */

/* Vector table at the boot address and handlers: reset 0x08000200, HardFault
 * 0x08000300, BusFault 0x08000310, UsageFault 0x08000320, SVCall 0x08000400,
 * SysTick 0x08000500. */
static void load_firmware(struct vb_board *b)
{
	put32(b, 0x08000000u, 0x20020000u);
	put32(b, 0x08000004u, 0x08000201u);
	put32(b, 0x0800000Cu, 0x08000301u);
	put32(b, 0x08000014u, 0x08000311u);
	put32(b, 0x08000018u, 0x08000321u);
	put32(b, 0x0800002Cu, 0x08000401u);
	put32(b, 0x0800003Cu, 0x08000501u);
	put16(b, 0x08000200u, code_loop, 2);
	put16(b, 0x08000300u, code_self, 1);
	put16(b, 0x08000310u, code_self, 1);
	put16(b, 0x08000320u, code_self, 1);
	put16(b, 0x08000400u, code_svc_h, 2);
	put16(b, 0x08000500u, code_tick_h, 2);
}

static struct vb_board *board_with_cpu(const char *mcu)
{
	struct vb_board *b = board_new(mcu);

	load_firmware(b);
	if (!vb_cpu_new(b))
		abort();
	vb_cpu_reset(b->cpu, VB_RESET_POWER_ON);
	return b;
}

/* `reset halt`: debug on, reset vector catch, system reset. */
static void reset_halt(struct vb_board *b)
{
	resume(b);
	wr(b, DEMCR, 0x01000001u);
	vb_cpu_reset(b->cpu, VB_RESET_SYSTEM);
	rd(b, DHCSR); /* clear the sticky bits */
	clear_dfsr(b);
}

/* Halted: set PC (and the usual thread state), then let it run n. */
static void run_from(struct vb_board *b, uint32_t pc, uint64_t n)
{
	set_reg(b, R_PC, pc);
	resume(b);
	vb_cpu_run_slice(b->cpu, n);
}

/* ---- tests -------------------------------------------------------------- */

static void test_ids(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");
	uint32_t scs;

	/* CPUID of the H750's Cortex-M7 r1p1; MVFR for FPv5 double precision */
	CHECK_EQ(rd(b, 0xE000ED00u), 0x411FC271u, "H750 CPUID is Cortex-M7 r1p1");
	CHECK_EQ(rd(b, 0xE000EF40u), 0x10110221u, "H750 MVFR0 (FPv5 DP)");
	CHECK_EQ(rd(b, 0xE000EF44u), 0x12000011u, "H750 MVFR1 (FPv5 DP)");
	CHECK_EQ(rd(b, 0xE000ED90u), 0x00001000u, "H750 MPU_TYPE: 16 regions");
	/* Cortex-M7 processor ROM table [M7TRM table 9.1, 9.2] */
	CHECK_EQ(rd(b, 0xE00FE000u), 0x00001003u, "processor ROM entry 0: PPB ROM table");
	CHECK_EQ(rd(b, 0xE00FE010u), 0x00000000u, "processor ROM end marker");
	CHECK_EQ(rd(b, 0xE00FEFE0u), 0xC8u, "processor ROM PIDR0");
	CHECK_EQ(rd(b, 0xE00FEFE4u), 0xB4u, "processor ROM PIDR1");
	CHECK_EQ(rd(b, 0xE00FEFE8u), 0x0Bu, "processor ROM PIDR2");
	CHECK_EQ(rd(b, 0xE00FEFD0u), 0x04u, "processor ROM PIDR4");
	CHECK_EQ(rd(b, 0xE00FEFF0u), 0x0Du, "processor ROM CIDR0");
	CHECK_EQ(rd(b, 0xE00FEFF4u), 0x10u, "processor ROM CIDR1: class 1, ROM table");
	CHECK_EQ(rd(b, 0xE00FEFF8u), 0x05u, "processor ROM CIDR2");
	CHECK_EQ(rd(b, 0xE00FEFFCu), 0xB1u, "processor ROM CIDR3");
	/* PPB ROM table [M7TRM table 9.3, 9.4] */
	CHECK_EQ(rd(b, 0xE00FF000u), 0xFFF0F003u, "PPB ROM: SCS");
	CHECK_EQ(rd(b, 0xE00FF004u), 0xFFF02003u, "PPB ROM: DWT");
	CHECK_EQ(rd(b, 0xE00FF008u), 0xFFF03003u, "PPB ROM: FPB");
	CHECK_EQ(rd(b, 0xE00FF00Cu), 0xFFF01003u, "PPB ROM: ITM");
	CHECK_EQ(rd(b, 0xE00FF010u), 0xFFF41002u, "PPB ROM: TPIU not present");
	CHECK_EQ(rd(b, 0xE00FF014u), 0xFFF42002u, "PPB ROM: ETM not present");
	CHECK_EQ(rd(b, 0xE00FF018u), 0x00000000u, "PPB ROM end marker");
	CHECK_EQ(rd(b, 0xE00FFFCCu), 0x00000001u, "PPB ROM MEMTYPE: system access");
	CHECK_EQ(rd(b, 0xE00FFFE0u), 0xC7u, "PPB ROM PIDR0");
	/* follow the SCS entry like a debugger does */
	scs = 0xE00FF000u + (rd(b, 0xE00FF000u) & 0xFFFFF000u);
	CHECK_EQ(scs, 0xE000E000u, "SCS entry resolves to 0xE000E000");
	CHECK_EQ(rd(b, scs + 0xFF4u), 0xE0u, "SCS CIDR1: class 0xE, generic IP");
	CHECK_EQ(rd(b, scs + 0xFE0u), 0x00u, "SCS PIDR0");
	CHECK_EQ(rd(b, scs + 0xFE4u), 0xB0u, "SCS PIDR1");
	CHECK_EQ(rd(b, scs + 0xFE8u), 0x0Bu, "SCS PIDR2");
	CHECK_EQ(rd(b, scs + 0xFD0u), 0x04u, "SCS PIDR4");
	CHECK_EQ(rd(b, scs + 0xFFCu), 0xB1u, "SCS CIDR3");
	CHECK_EQ(rd(b, 0xE0001FE0u), 0x02u, "DWT PIDR0");
	CHECK_EQ(rd(b, 0xE0001FF4u), 0xE0u, "DWT CIDR1");
	CHECK_EQ(rd(b, 0xE0002FE0u), 0x0Eu, "FPB PIDR0 (Cortex-M7 FPB)");
	CHECK_EQ(rd(b, 0xE0000FE0u), 0x01u, "ITM PIDR0");
	CHECK_EQ(rd(b, 0xE0001FBCu), 0x00000000u, "DWT_DEVARCH reads 0 on ARMv7-M");
	/* FPB v2 with 8 code comparators, DWT with 4 comparators */
	CHECK_EQ(rd(b, FP_CTRL), 0x10000080u, "FP_CTRL: REV 1, NUM_CODE 8, disabled");
	CHECK_EQ(rd(b, FP_CTRL + 4u), 0x00000000u, "FP_REMAP: no remap support");
	CHECK_EQ(rd(b, DWT_CTRL), 0x40000000u, "DWT_CTRL: NUMCOMP 4");
	CHECK_EQ(rd(b, 0xE000ED14u), 0x00040200u, "CCR reset value (STKALIGN, BP)");
	CHECK_EQ(rd(b, 0xE000EF34u), 0xC0000000u, "FPCCR: ASPEN, LSPEN");
	/* sub-word reads see the right bytes */
	{
		uint32_t v = 0;

		vb_bus_read(b, VB_INIT_DEBUG, 0xE000ED02u, 2, &v);
		CHECK_EQ(v, 0x411Fu, "halfword read of CPUID[31:16]");
	}
	board_free(b);

	b = board_with_cpu("STM32F746NG");
	CHECK_EQ(rd(b, 0xE000ED00u), 0x410FC271u, "F746 CPUID is Cortex-M7 r0p1");
	CHECK_EQ(rd(b, 0xE000EF40u), 0x10110021u, "F746 MVFR0 (FPv5 SP)");
	CHECK_EQ(rd(b, 0xE000EF44u), 0x11000011u, "F746 MVFR1 (FPv5 SP)");
	CHECK_EQ(rd(b, 0xE000ED90u), 0x00000800u, "F746 MPU_TYPE: 8 regions");
	board_free(b);
}

static void test_reset(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");
	int resets = b->periph_resets;
	uint64_t stat_resets = vb_stats.resets;

	CHECK(!vb_cpu_halted(b->cpu), "power-on: running (debug disabled)");
	CHECK_EQ(rd(b, DHCSR), 0x02010000u, "power-on: S_RESET_ST | S_REGRDY");
	CHECK_EQ(rd(b, DHCSR), 0x00010000u, "S_RESET_ST clears on read");
	resume(b);
	wr(b, DEMCR, 0x00000001u);
	vb_cpu_reset(b->cpu, VB_RESET_SYSTEM);
	CHECK(vb_cpu_halted(b->cpu), "reset vector catch halts");
	CHECK_EQ(rd(b, DHCSR), 0x02030003u, "DHCSR: S_RESET_ST S_HALT S_REGRDY C_HALT C_DEBUGEN");
	CHECK_EQ(rd(b, DHCSR), 0x00030003u, "DHCSR sticky bits cleared");
	CHECK_EQ(rd(b, DFSR), 0x00000008u, "DFSR.VCATCH");
	CHECK_EQ(b->periph_resets, resets + 1, "system reset resets the peripherals");
	CHECK_EQ(vb_stats.resets, stat_resets + 1, "stats count the reset");
	CHECK_EQ(reg(b, R_MSP), 0x20020000u, "SP_main from vector 0");
	CHECK_EQ(reg(b, R_SP), 0x20020000u, "SP is SP_main");
	CHECK_EQ(reg(b, R_PC), 0x08000200u, "PC from vector 1");
	CHECK_EQ(reg(b, R_XPSR), 0x01000000u, "xPSR: T set, Thread mode");
	CHECK_EQ(reg(b, R_LR), 0xFFFFFFFFu, "LR reset value");
	CHECK_EQ(reg(b, R_MASKS), 0x00000000u, "CONTROL, masks zero");
	CHECK_EQ(reg(b, R_FPSCR), 0x00000000u, "FPSCR cleared");
	CHECK_EQ(reg(b, R_S0 + 7), 0x00000000u, "S7 cleared");
	CHECK_EQ(rd(b, 0xE000ED08u), 0x08000000u, "VTOR = boot address");
	board_free(b);
}

static void test_run_halt_step(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");
	uint64_t insns, halts, steps;

	reset_halt(b);
	set_reg(b, 0, 0);
	CHECK_EQ(vb_cpu_run_slice(b->cpu, 100), 0, "run_slice does nothing while halted");
	insns = vb_stats.insns;
	halts = vb_stats.halts;
	resume(b);
	CHECK(vb_cpu_wants_cycles(b->cpu), "running core wants cycles");
	CHECK_EQ(vb_cpu_run_slice(b->cpu, 1000), 1000, "a slice runs 1000 instructions");
	CHECK_EQ(vb_stats.insns - insns, 1000, "stats count the instructions");
	halt(b);
	CHECK(vb_cpu_halted(b->cpu), "C_HALT halts");
	CHECK(!vb_cpu_wants_cycles(b->cpu), "halted core wants no cycles");
	CHECK_EQ(vb_stats.halts - halts, 1, "stats count the halt");
	CHECK_EQ(rd(b, DHCSR), 0x01030003u, "DHCSR: S_RETIRE_ST after running, halted");
	CHECK_EQ(rd(b, DHCSR), 0x00030003u, "S_RETIRE_ST cleared by the read");
	CHECK_EQ(rd(b, DFSR), 0x00000001u, "DFSR.HALTED");
	CHECK_EQ(reg(b, 0), 500u, "500 loop iterations in 1000 instructions");
	CHECK_EQ(reg(b, R_PC), 0x08000200u, "halted at the loop head");

	clear_dfsr(b);
	steps = vb_stats.steps;
	step(b);
	CHECK(vb_cpu_halted(b->cpu), "halted after the step");
	CHECK_EQ(reg(b, R_PC), 0x08000202u, "step: one instruction");
	CHECK_EQ(reg(b, 0), 501u, "step executed adds");
	CHECK_EQ(rd(b, DHCSR), 0x01030007u, "DHCSR after a step");
	CHECK_EQ(rd(b, DFSR), 0x00000001u, "step halts with DFSR.HALTED");
	step(b);
	CHECK_EQ(reg(b, R_PC), 0x08000200u, "second step: the branch");
	CHECK_EQ(vb_stats.steps - steps, 2, "stats count the steps");
	wr(b, DFSR, 0x1u);
	CHECK_EQ(rd(b, DFSR), 0x00000000u, "DFSR is write-one-to-clear");
	halt(b);
	/* a DHCSR write without DBGKEY is ignored */
	wr(b, DHCSR, 0x00000001u);
	CHECK(vb_cpu_halted(b->cpu), "DHCSR write without key ignored");
	/* clearing C_DEBUGEN while halted lets the core go */
	wr(b, DHCSR, 0xA05F0000u);
	CHECK(!vb_cpu_halted(b->cpu), "clearing C_DEBUGEN resumes");
	board_free(b);
}

static void test_registers(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");
	unsigned int errs;
	uint64_t d1 = 0;
	int ok = 1;

	reset_halt(b);
	for (unsigned int i = 0; i <= 12; i++) {
		set_reg(b, i, 0x11110000u + i);
		if (reg(b, i) != 0x11110000u + i)
			ok = 0;
	}
	CHECK(ok, "R0-R12 round trip through DCRSR/DCRDR");
	set_reg(b, R_SP, 0x20010000u);
	CHECK_EQ(reg(b, R_SP), 0x20010000u, "SP round trip");
	CHECK_EQ(reg(b, R_MSP), 0x20010000u, "SP write lands in SP_main");
	set_reg(b, R_LR, 0x08000123u);
	CHECK_EQ(reg(b, R_LR), 0x08000123u, "LR round trip");
	set_reg(b, R_PC, 0x08000202u);
	CHECK_EQ(reg(b, R_PC), 0x08000202u, "DebugReturnAddress round trip");
	CHECK_EQ(reg(b, R_XPSR), 0x01000000u, "a PC write keeps EPSR.T");
	set_reg(b, R_XPSR, 0xF9000000u);
	CHECK_EQ(reg(b, R_XPSR), 0xF9000000u, "xPSR round trip (NZCVQ, T)");
	set_reg(b, R_XPSR, 0x01000000u);
	set_reg(b, R_PSP, 0x20008000u);
	CHECK_EQ(reg(b, R_PSP), 0x20008000u, "PSP round trip");
	set_reg(b, R_MASKS, 0x00018001u);
	CHECK_EQ(reg(b, R_MASKS), 0x00018001u, "FAULTMASK, BASEPRI 0x80, PRIMASK");
	set_reg(b, R_MASKS, 0x00000F00u);
	CHECK_EQ(reg(b, R_MASKS), 0x00000000u, "BASEPRI keeps the 4 implemented bits only");
	set_reg(b, R_MASKS, 0x02000000u);
	CHECK_EQ(reg(b, R_MASKS), 0x02000000u, "CONTROL.SPSEL set");
	CHECK_EQ(reg(b, R_SP), 0x20008000u, "SP is now SP_process");
	set_reg(b, R_MASKS, 0x03000000u);
	CHECK_EQ(reg(b, R_MASKS), 0x03000000u, "CONTROL.nPRIV set");
	CHECK_EQ(reg(b, R_MSP), 0x20010000u, "MSP readable by the debugger when unprivileged");
	set_reg(b, R_MASKS, 0x00000000u);
	CHECK_EQ(reg(b, R_MASKS), 0x00000000u, "CONTROL cleared again (privileged, MSP)");
	CHECK_EQ(reg(b, R_SP), 0x20010000u, "SP is SP_main again");
	set_reg(b, R_FPSCR, 0xF7C0009Fu);
	CHECK_EQ(reg(b, R_FPSCR), 0xF7C0009Fu, "FPSCR round trip (all M7 fields)");
	set_reg(b, R_FPSCR, 0xFFFFFFFFu);
	CHECK_EQ(reg(b, R_FPSCR), 0xF7C0009Fu, "FPSCR: reserved bits read as zero");
	ok = 1;
	for (unsigned int i = 0; i < 32; i++) {
		set_reg(b, R_S0 + i, 0x3F800000u + i);
		if (reg(b, R_S0 + i) != 0x3F800000u + i)
			ok = 0;
	}
	CHECK(ok, "S0-S31 round trip");
	uc_reg_read(b->uc, UC_ARM_REG_D1, &d1);
	CHECK_EQ(d1, 0x3F8000033F800002ull, "D1 is S3:S2");
	errs = guest_errors;
	reg(b, 0x13u);
	CHECK_EQ(guest_errors, errs + 1, "reserved REGSEL counted as a guest error");
	board_free(b);
}

static void test_bkpt(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");

	put16(b, 0x08000600u, code_bkpt, 3);
	reset_halt(b);
	run_from(b, 0x08000600u, 100);
	CHECK(vb_cpu_halted(b->cpu), "BKPT halts");
	CHECK_EQ(reg(b, R_PC), 0x08000602u, "halted on the BKPT");
	CHECK_EQ(rd(b, DFSR), 0x00000002u, "DFSR.BKPT");
	resume(b);
	vb_cpu_run_slice(b->cpu, 100);
	CHECK(vb_cpu_halted(b->cpu), "resuming on a BKPT halts again");
	CHECK_EQ(reg(b, R_PC), 0x08000602u, "still on the BKPT");
	/* without halting debug: HardFault with HFSR.DEBUGEVT */
	wr(b, DHCSR, 0xA05F0000u);
	vb_cpu_run_slice(b->cpu, 10);
	halt(b);
	CHECK_EQ(reg(b, R_XPSR) & 0x1FFu, 3u, "BKPT without debug: HardFault");
	CHECK_EQ(rd(b, HFSR), 0x80000000u, "HFSR.DEBUGEVT");
	CHECK_EQ(reg(b, R_PC), 0x08000300u, "in the HardFault handler");
	CHECK_EQ(mem32(b, reg(b, R_SP) + 24u), 0x08000602u, "stacked PC is the BKPT");
	board_free(b);
}

static void test_fpb(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");

	put16(b, 0x90000000u, code_qspi, 4);
	reset_halt(b);
	set_reg(b, 0, 0);
	run_from(b, 0x90000000u, 100); /* translate the code first */
	halt(b);
	CHECK(reg(b, 0) > 40u, "code runs at 0x90000000");
	clear_dfsr(b);
	set_reg(b, R_PC, 0x90000000u);
	wr(b, FP_CTRL, 0x00000003u);
	wr(b, FP_COMP0, 0x90000005u);
	CHECK_EQ(rd(b, FP_CTRL), 0x10000081u, "FP_CTRL enabled");
	CHECK_EQ(rd(b, FP_COMP0), 0x90000005u, "FP_COMP0 v2: address | BE");
	resume(b);
	vb_cpu_run_slice(b->cpu, 100);
	CHECK(vb_cpu_halted(b->cpu), "FPB breakpoint at 0x90000004 halts");
	CHECK_EQ(reg(b, R_PC), 0x90000004u, "halted before the instruction");
	CHECK_EQ(rd(b, DFSR), 0x00000002u, "DFSR.BKPT for an FPB match");
	set_reg(b, 0, 0);
	resume(b);
	vb_cpu_run_slice(b->cpu, 100);
	CHECK(vb_cpu_halted(b->cpu), "resuming at an FPB match halts again");
	CHECK_EQ(reg(b, 0), 0u, "... without executing it");
	step(b);
	CHECK_EQ(reg(b, R_PC), 0x90000004u, "a step onto the match does not execute");
	wr(b, FP_COMP0, 0x90000004u); /* BE clear */
	step(b);
	CHECK_EQ(reg(b, R_PC), 0x90000006u, "step after disabling the comparator");
	wr(b, FP_COMP0, 0x90000005u);
	wr(b, FP_CTRL, 0x00000000u); /* KEY = 0: ignored */
	CHECK_EQ(rd(b, FP_CTRL), 0x10000081u, "FP_CTRL write without KEY ignored");
	wr(b, FP_CTRL, 0x00000002u);
	resume(b);
	CHECK_EQ(vb_cpu_run_slice(b->cpu, 100), 100, "FPB disabled: runs freely");
	CHECK(!vb_cpu_halted(b->cpu), "not halted with FP_CTRL.ENABLE clear");
	board_free(b);
}

static void test_dwt(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");

	put16(b, 0x08000600u, code_dwt, 4);
	reset_halt(b);
	/* translate the code before arming: the watchpoint must still work */
	set_reg(b, 0, 0x20001000u);
	run_from(b, 0x08000600u, 100);
	halt(b);
	clear_dfsr(b);
	wr(b, DEMCR, 0x01000000u); /* TRCENA */
	wr(b, 0xE0001020u, 0x20001000u);
	wr(b, 0xE0001024u, 2u);
	wr(b, 0xE0001028u, 6u); /* write watchpoint */
	set_reg(b, 0, 0x20001000u);
	set_reg(b, 1, 0xCAFEF00Du);
	run_from(b, 0x08000600u, 100);
	CHECK(vb_cpu_halted(b->cpu), "write watchpoint halts");
	CHECK_EQ(rd(b, DFSR), 0x00000004u, "DFSR.DWTTRAP");
	CHECK_EQ(reg(b, R_PC), 0x08000602u, "halted after the store");
	CHECK_EQ(mem32(b, 0x20001000u), 0xCAFEF00Du, "the store completed");
	CHECK_EQ(rd(b, 0xE0001028u), 0x01000006u, "DWT_FUNCTION0.MATCHED");
	CHECK_EQ(rd(b, 0xE0001028u), 0x00000006u, "MATCHED clears on read");
	clear_dfsr(b);
	wr(b, 0xE0001028u, 5u); /* read watchpoint: the store does not match */
	run_from(b, 0x08000600u, 100);
	CHECK(vb_cpu_halted(b->cpu), "read watchpoint halts");
	CHECK_EQ(reg(b, R_PC), 0x08000606u, "halted after the load, not the store");
	CHECK_EQ(rd(b, DFSR), 0x00000004u, "DFSR.DWTTRAP again");
	clear_dfsr(b);
	wr(b, 0xE0001028u, 6u);
	set_reg(b, 0, 0x20001004u); /* outside the 4-byte range */
	run_from(b, 0x08000600u, 100);
	CHECK(!vb_cpu_halted(b->cpu), "no match outside COMP/MASK");
	halt(b);
	wr(b, 0xE0001028u, 0u);
	wr(b, DWT_CTRL, 0x40000001u); /* CYCCNTENA */
	wr(b, 0xE0001004u, 0u);
	run_from(b, 0x08000200u, 1000);
	halt(b);
	CHECK_EQ(rd(b, 0xE0001004u), 1000u, "DWT_CYCCNT counts instructions");
	board_free(b);
}

static void test_hardfault(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");
	uint32_t sp;

	put16(b, 0x08000700u, code_ldr_fault, 2);
	reset_halt(b);
	set_reg(b, 0, 0x60000000u);
	set_reg(b, 1, 0x11u);
	set_reg(b, 2, 0x22u);
	set_reg(b, 3, 0x33u);
	set_reg(b, 12, 0xCCu);
	set_reg(b, R_LR, 0x08000123u);
	run_from(b, 0x08000700u, 10);
	halt(b);
	sp = reg(b, R_SP);
	CHECK_EQ(reg(b, R_XPSR), 0x01000003u, "HardFault: IPSR 3");
	CHECK_EQ(sp, 0x2001FFE0u, "8-word frame on SP_main");
	CHECK_EQ(mem32(b, sp + 0u), 0x60000000u, "frame R0");
	CHECK_EQ(mem32(b, sp + 4u), 0x11u, "frame R1");
	CHECK_EQ(mem32(b, sp + 8u), 0x22u, "frame R2");
	CHECK_EQ(mem32(b, sp + 12u), 0x33u, "frame R3");
	CHECK_EQ(mem32(b, sp + 16u), 0xCCu, "frame R12");
	CHECK_EQ(mem32(b, sp + 20u), 0x08000123u, "frame LR");
	CHECK_EQ(mem32(b, sp + 24u), 0x08000700u, "frame PC: the faulting load");
	CHECK_EQ(mem32(b, sp + 28u), 0x01000000u, "frame xPSR");
	CHECK_EQ(reg(b, R_LR), 0xFFFFFFF9u, "EXC_RETURN: Thread, MSP, no FP");
	CHECK_EQ(reg(b, R_PC), 0x08000300u, "in the HardFault handler");
	CHECK_EQ(rd(b, CFSR), 0x00008200u, "CFSR: BFARVALID | PRECISERR");
	CHECK_EQ(rd(b, HFSR), 0x40000000u, "HFSR.FORCED (BusFault disabled)");
	CHECK_EQ(rd(b, BFAR), 0x60000000u, "BFAR");
	wr(b, CFSR, 0xFFFFFFFFu);
	wr(b, HFSR, 0xFFFFFFFFu);
	CHECK_EQ(rd(b, CFSR) | rd(b, HFSR), 0u, "CFSR, HFSR write-one-to-clear");

	/* BusFault enabled: taken as BusFault, not escalated */
	reset_halt(b);
	wr(b, SHCSR, 0x00020000u);
	set_reg(b, 0, 0x60000000u);
	run_from(b, 0x08000700u, 10);
	halt(b);
	CHECK_EQ(reg(b, R_XPSR) & 0x1FFu, 5u, "BusFault taken when enabled");
	CHECK_EQ(rd(b, HFSR), 0u, "no HFSR.FORCED");
	CHECK_EQ(rd(b, SHCSR), 0x00020002u, "SHCSR: BUSFAULTENA, BUSFAULTACT");
	CHECK_EQ(reg(b, R_PC), 0x08000310u, "in the BusFault handler");

	/* undefined instruction, UsageFault escalated */
	put16(b, 0x08000720u, code_udf, 1);
	reset_halt(b);
	wr(b, CFSR, 0xFFFFFFFFu);
	run_from(b, 0x08000720u, 10);
	halt(b);
	CHECK_EQ(rd(b, CFSR), 0x00010000u, "CFSR.UNDEFINSTR");
	CHECK_EQ(mem32(b, reg(b, R_SP) + 24u), 0x08000720u, "stacked PC: the UDF");
	/* BX to an even address: EPSR.T = 0 */
	put16(b, 0x08000730u, code_bx_r0, 1);
	reset_halt(b);
	wr(b, CFSR, 0xFFFFFFFFu);
	set_reg(b, 0, 0x08000200u);
	run_from(b, 0x08000730u, 10);
	halt(b);
	CHECK_EQ(rd(b, CFSR), 0x00020000u, "CFSR.INVSTATE");
	CHECK_EQ(mem32(b, reg(b, R_SP) + 28u), 0x00000000u, "stacked xPSR has T clear");
	board_free(b);
}

static void test_lockup_vcatch(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");

	put16(b, 0x08000700u, code_ldr_fault, 2);
	reset_halt(b);
	wr(b, DEMCR, 0x01000400u); /* TRCENA | VC_HARDERR */
	set_reg(b, 0, 0x60000000u);
	run_from(b, 0x08000700u, 10);
	CHECK(vb_cpu_halted(b->cpu), "VC_HARDERR halts");
	CHECK_EQ(rd(b, DFSR), 0x00000008u, "DFSR.VCATCH");
	CHECK_EQ(reg(b, R_XPSR), 0x01000003u, "after the exception entry");
	CHECK_EQ(reg(b, R_PC), 0x08000300u, "on the handler's first instruction");

	/* a fault in the HardFault handler locks the core up */
	put16(b, 0x08000300u, code_ldr_fault, 2);
	wr(b, DEMCR, 0x01000000u);
	clear_dfsr(b);
	resume(b);
	vb_cpu_run_slice(b->cpu, 10);
	CHECK(vb_cpu_locked_up(b->cpu), "fault in HardFault: lockup");
	CHECK(!vb_cpu_wants_cycles(b->cpu), "a locked-up core wants no cycles");
	CHECK_EQ(rd(b, DHCSR) & 0x000F0000u, 0x00090000u, "DHCSR: S_LOCKUP, S_REGRDY");
	halt(b);
	CHECK(vb_cpu_halted(b->cpu), "a locked-up core can be halted");
	CHECK_EQ(rd(b, DHCSR) & 0x000F0000u, 0x00030000u, "S_LOCKUP clears in Debug state");
	CHECK_EQ(reg(b, R_PC), 0xEFFFFFFEu, "lockup PC");
	board_free(b);
}

static void test_svc_return(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");

	put16(b, 0x08000800u, code_svc, 3);
	reset_halt(b);
	/* an SP that is not 8-byte aligned: the frame gets a pad word */
	set_reg(b, R_SP, 0x2001FFFCu);
	set_reg(b, 0, 0);
	set_reg(b, 4, 0);
	run_from(b, 0x08000800u, 5);
	halt(b);
	CHECK_EQ(reg(b, 4), 0x55u, "SVC handler ran");
	CHECK_EQ(reg(b, 0), 1u, "returned to the instruction after SVC");
	CHECK_EQ(reg(b, R_PC), 0x08000804u, "PC after return");
	CHECK_EQ(reg(b, R_SP), 0x2001FFFCu, "SP restored, pad word removed");
	CHECK_EQ(reg(b, R_XPSR), 0x01000000u, "Thread mode again");
	CHECK_EQ(mem32(b, 0x2001FFD8u + 28u), 0x01000200u, "stacked xPSR bit 9: padded");

	/* from Thread mode on the process stack, step by step */
	set_reg(b, R_MSP, 0x20010000u);
	set_reg(b, R_PSP, 0x20008000u);
	set_reg(b, R_MASKS, 0x02000000u);
	set_reg(b, R_PC, 0x08000800u);
	step(b);
	CHECK_EQ(reg(b, R_PC), 0x08000400u, "step into the SVC handler");
	CHECK_EQ(reg(b, R_XPSR), 0x0100000Bu, "IPSR 11");
	CHECK_EQ(reg(b, R_LR), 0xFFFFFFFDu, "EXC_RETURN: Thread, PSP");
	CHECK_EQ(reg(b, R_PSP), 0x20007FE0u, "frame on the process stack");
	CHECK_EQ(reg(b, R_SP), 0x20010000u, "handler runs on SP_main");
	CHECK_EQ(reg(b, R_MASKS), 0x00000000u, "CONTROL.SPSEL reads 0 in Handler mode");
	step(b);
	step(b);
	CHECK_EQ(reg(b, R_PC), 0x08000802u, "bx lr returns");
	CHECK_EQ(reg(b, R_SP), 0x20008000u, "back on the process stack");
	CHECK_EQ(reg(b, R_MASKS), 0x02000000u, "CONTROL.SPSEL restored");
	board_free(b);
}

static void test_fp_frame(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");

	put16(b, 0x08000900u, code_fp, 4);
	reset_halt(b);
	set_reg(b, R_SP, 0x20010000u);
	set_reg(b, R_S0 + 1, 0x40000000u); /* 2.0f */
	set_reg(b, R_S0 + 2, 0x3F800000u); /* 1.0f */
	set_reg(b, R_PC, 0x08000900u);
	step(b);
	CHECK_EQ(reg(b, R_MASKS), 0x04000000u, "an FP instruction sets CONTROL.FPCA");
	step(b);
	CHECK_EQ(reg(b, R_LR), 0xFFFFFFE9u, "EXC_RETURN: Thread, MSP, extended frame");
	CHECK_EQ(reg(b, R_SP), 0x2000FF98u, "26-word frame");
	CHECK_EQ(mem32(b, 0x2000FF98u + 32u), 0x40400000u, "stacked S0 = 3.0f");
	CHECK_EQ(mem32(b, 0x2000FF98u + 36u), 0x40000000u, "stacked S1");
	set_reg(b, R_S0, 0);
	step(b);
	step(b);
	CHECK_EQ(reg(b, R_PC), 0x08000906u, "returned after the SVC");
	CHECK_EQ(reg(b, R_S0), 0x40400000u, "S0 restored from the frame");
	CHECK_EQ(reg(b, R_MASKS), 0x04000000u, "CONTROL.FPCA restored");
	CHECK_EQ(reg(b, R_SP), 0x20010000u, "SP restored");
	board_free(b);
}

static void test_aircr(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");
	int resets;
	unsigned int errs;

	reset_halt(b);
	CHECK_EQ(rd(b, AIRCR), 0xFA050000u, "AIRCR reads VECTKEYSTAT");
	run_from(b, 0x08000200u, 100);
	resets = b->periph_resets;
	wr(b, AIRCR, 0x05FA0004u);
	CHECK(vb_cpu_halted(b->cpu), "SYSRESETREQ with VC_CORERESET halts at reset");
	CHECK_EQ(b->periph_resets, resets + 1, "SYSRESETREQ resets the peripherals");
	CHECK_EQ(reg(b, R_PC), 0x08000200u, "at the reset vector");
	CHECK_EQ(rd(b, DFSR), 0x00000008u, "DFSR.VCATCH");
	clear_dfsr(b);
	errs = guest_errors;
	run_from(b, 0x08000202u, 10);
	wr(b, AIRCR, 0x00000004u);
	CHECK(!vb_cpu_halted(b->cpu), "AIRCR write without VECTKEY ignored");
	CHECK_EQ(guest_errors, errs + 1, "and counted as a guest error");
	resets = b->periph_resets;
	wr(b, AIRCR, 0x05FA0001u);
	CHECK(vb_cpu_halted(b->cpu), "VECTRESET: core reset, vector catch");
	CHECK_EQ(b->periph_resets, resets, "VECTRESET leaves the peripherals");
	CHECK_EQ(reg(b, R_PC), 0x08000200u, "VECTRESET: at the reset vector");
	wr(b, AIRCR, 0x05FA0300u);
	CHECK_EQ(rd(b, AIRCR), 0xFA050300u, "PRIGROUP");
	board_free(b);
}

static void test_debug_survives(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");

	reset_halt(b);
	wr(b, DEMCR, 0x01000401u);
	wr(b, FP_CTRL, 3u);
	wr(b, FP_COMP0, 0x08000301u);
	wr(b, 0xE0001030u, 0x20000100u);
	vb_cpu_reset(b->cpu, VB_RESET_SYSTEM);
	CHECK_EQ(rd(b, DEMCR), 0x01000401u, "DEMCR survives a system reset");
	CHECK_EQ(rd(b, FP_COMP0), 0x08000301u, "FP_COMP0 survives");
	CHECK_EQ(rd(b, FP_CTRL), 0x10000081u, "FP_CTRL survives");
	CHECK_EQ(rd(b, 0xE0001030u), 0x20000100u, "DWT_COMP1 survives");
	CHECK_EQ(rd(b, DHCSR) & 0xFu, 0x3u, "C_DEBUGEN survives (halted by vector catch)");
	vb_cpu_reset(b->cpu, VB_RESET_POWER_ON);
	CHECK_EQ(rd(b, DEMCR), 0u, "power-on reset clears DEMCR");
	CHECK_EQ(rd(b, FP_COMP0), 0u, "... FP_COMP0");
	CHECK_EQ(rd(b, FP_CTRL), 0x10000080u, "... FP_CTRL.ENABLE");
	CHECK_EQ(rd(b, DHCSR) & 0xFFFFu, 0u, "... DHCSR control bits");
	CHECK(!vb_cpu_halted(b->cpu), "and the core runs");
	board_free(b);
}

static void test_wfi(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");

	put16(b, 0x08000B00u, code_wfi, 2);
	reset_halt(b);
	run_from(b, 0x08000B00u, 100);
	CHECK(vb_cpu_sleeping(b->cpu), "WFI sleeps");
	CHECK(!vb_cpu_wants_cycles(b->cpu), "a sleeping core (no SysTick) wants no cycles");
	CHECK_EQ(rd(b, DHCSR) & 0x000F0000u, 0x00050000u, "DHCSR.S_SLEEP");
	CHECK_EQ(vb_cpu_run_slice(b->cpu, 100), 0, "nothing runs while asleep");
	halt(b);
	CHECK(vb_cpu_halted(b->cpu), "a halt request wakes it");
	CHECK_EQ(rd(b, DHCSR) & 0x000F0000u, 0x00030000u, "S_HALT, no S_SLEEP");
	CHECK_EQ(reg(b, R_PC), 0x08000B02u, "PC after the WFI");
	board_free(b);
}

static void test_systick(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");
	uint32_t ticks;

	put16(b, 0x08000B00u, code_wfi, 2);
	reset_halt(b);
	set_reg(b, 4, 0);
	wr(b, 0xE000E014u, 99u); /* RVR: a tick every 100 cycles */
	wr(b, 0xE000E018u, 0u);
	wr(b, 0xE000E010u, 7u); /* ENABLE | TICKINT | CLKSOURCE */
	run_from(b, 0x08000200u, 1000);
	halt(b);
	ticks = reg(b, 4);
	CHECK(ticks >= 9u && ticks <= 10u, "SysTick interrupts every 100 cycles");
	CHECK_EQ(reg(b, R_XPSR) & 0x1FFu, 0u, "back in Thread mode");
	set_reg(b, 4, 0);
	run_from(b, 0x08000B00u, 10);
	CHECK(vb_cpu_sleeping(b->cpu) || reg(b, 4) > 0u, "WFI with SysTick running");
	CHECK(vb_cpu_wants_cycles(b->cpu) || reg(b, 4) > 0u, "SysTick will wake the core");
	vb_cpu_run_slice(b->cpu, 300);
	halt(b);
	CHECK(reg(b, 4) >= 1u, "SysTick woke the core from WFI");
	board_free(b);
}

static void test_priority(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");

	reset_halt(b);
	set_reg(b, 4, 0);
	wr(b, 0xE000ED20u, 0x50000000u); /* SHPR3: SysTick priority 0x50 */
	CHECK_EQ(rd(b, 0xE000ED20u), 0x50000000u, "SHPR3 round trip");
	wr(b, AIRCR, 0x05FA0500u);        /* PRIGROUP 5: group priority bits [7:6] */
	set_reg(b, R_MASKS, 0x00006000u); /* BASEPRI 0x60: group 0x40 */
	wr(b, 0xE000ED04u, 0x04000000u);  /* ICSR.PENDSTSET */
	CHECK_EQ(rd(b, 0xE000ED04u) & ~0x800u, 0x0400F000u, "ICSR: PENDSTSET, VECTPENDING 15");
	run_from(b, 0x08000200u, 100);
	halt(b);
	CHECK_EQ(reg(b, 4), 0u, "same group priority as BASEPRI: not taken");
	set_reg(b, R_MASKS, 0x00000001u); /* BASEPRI 0, PRIMASK 1 */
	run_from(b, 0x08000200u, 100);
	halt(b);
	CHECK_EQ(reg(b, 4), 0u, "PRIMASK masks it");
	set_reg(b, R_MASKS, 0x00000000u);
	run_from(b, 0x08000200u, 100);
	halt(b);
	CHECK_EQ(reg(b, 4), 1u, "taken once unmasked");
	CHECK_EQ(rd(b, 0xE000ED04u) & 0x0400F000u, 0u, "ICSR: nothing pending");
	/* stepping with C_MASKINTS leaves a pending interrupt alone */
	set_reg(b, R_PC, 0x08000200u);
	wr(b, 0xE000ED04u, 0x04000000u);
	wr(b, DHCSR, 0xA05F000Bu); /* C_MASKINTS | C_HALT | C_DEBUGEN */
	wr(b, DHCSR, 0xA05F000Du); /* C_MASKINTS | C_STEP */
	CHECK_EQ(reg(b, R_PC), 0x08000202u, "C_MASKINTS: step runs the instruction");
	CHECK_EQ(reg(b, R_XPSR) & 0x1FFu, 0u, "... in Thread mode");
	wr(b, DHCSR, 0xA05F0003u);
	step(b);
	CHECK_EQ(reg(b, R_PC), 0x08000500u, "without it the step enters the SysTick handler");
	CHECK_EQ(reg(b, R_XPSR) & 0x1FFu, 15u, "IPSR 15");
	board_free(b);
}

/* A peripheral at 0x40000000 whose reads end in a bus error. */
static uint32_t bad_read(void *ctx, uint32_t off, unsigned int size)
{
	struct vb_board *b = ctx;

	(void)size;
	vb_cpu_bus_fault(b->cpu, 0x40000000u + off, false);
	return 0;
}

static void bad_write(void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	(void)ctx;
	(void)off;
	(void)size;
	(void)val;
}

static void bad_reset(void *ctx)
{
	(void)ctx;
}

static void test_irq_busfault(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");
	struct vb_periph bad = { .name = "bad",
		                 .base = 0x40000000u,
		                 .size = 0x400u,
		                 .read = bad_read,
		                 .write = bad_write,
		                 .reset = bad_reset,
		                 .ctx = b };

	vb_bus_add_periph(b, &bad);
	put32(b, 0x08000054u, 0x08000501u); /* IRQ 5 = exception 21 */
	put16(b, 0x08000B00u, code_wfi, 2);
	reset_halt(b);
	set_reg(b, 4, 0);
	wr(b, 0xE000E100u, 1u << 5); /* NVIC_ISER0 */
	CHECK_EQ(rd(b, 0xE000E180u), 0x00000020u, "NVIC_ICER0 reads the enables");
	run_from(b, 0x08000B00u, 100);
	CHECK(vb_cpu_sleeping(b->cpu), "asleep in WFI");
	vb_cpu_set_irq(b->cpu, 5, true);
	CHECK_EQ(rd(b, 0xE000E200u), 0x00000020u, "NVIC_ISPR0: IRQ 5 pending");
	CHECK(vb_cpu_wants_cycles(b->cpu), "a pending interrupt wakes the core");
	vb_cpu_run_slice(b->cpu, 100);
	halt(b);
	CHECK_EQ(reg(b, 4), 1u, "IRQ 5 handler ran");
	CHECK_EQ(rd(b, 0xE000E200u), 0u, "no longer pending");

	/* a peripheral ending the access in error: imprecise BusFault */
	put16(b, 0x08000700u, code_ldr_fault, 2);
	wr(b, CFSR, 0xFFFFFFFFu);
	wr(b, HFSR, 0xFFFFFFFFu);
	set_reg(b, R_XPSR, 0x01000000u);
	set_reg(b, 0, 0x40000000u);
	run_from(b, 0x08000700u, 10);
	halt(b);
	CHECK_EQ(rd(b, CFSR), 0x00000400u, "CFSR.IMPRECISERR");
	CHECK_EQ(rd(b, HFSR), 0x40000000u, "escalated: HFSR.FORCED");
	CHECK_EQ(reg(b, R_XPSR) & 0x1FFu, 3u, "in HardFault");
	board_free(b);
}

static void test_hold_reset(void)
{
	struct vb_board *b = board_with_cpu("STM32H750XB");
	int resets;

	reset_halt(b);
	resets = b->periph_resets;
	vb_cpu_hold_reset(b->cpu, true);
	CHECK_EQ(b->periph_resets, resets + 1, "nRST resets the peripherals");
	CHECK_EQ(rd(b, DHCSR) & 0x02000000u, 0x02000000u, "S_RESET_ST while held");
	CHECK_EQ(rd(b, DHCSR) & 0x02000000u, 0x02000000u, "... still set on a re-read");
	CHECK(!vb_cpu_wants_cycles(b->cpu), "held in reset: no cycles");
	CHECK_EQ(vb_cpu_run_slice(b->cpu, 100), 0, "held in reset: nothing runs");
	vb_cpu_hold_reset(b->cpu, false);
	CHECK(vb_cpu_halted(b->cpu), "release with VC_CORERESET: halted");
	CHECK_EQ(rd(b, DFSR), 0x00000008u, "DFSR.VCATCH after nRST");
	CHECK_EQ(reg(b, R_PC), 0x08000200u, "at the reset vector");
	/* a halt request during reset is honoured at release */
	wr(b, DEMCR, 0u);
	clear_dfsr(b);
	resume(b);
	vb_cpu_hold_reset(b->cpu, true);
	halt(b);
	CHECK(!vb_cpu_halted(b->cpu), "no halt while held in reset");
	vb_cpu_hold_reset(b->cpu, false);
	CHECK(vb_cpu_halted(b->cpu), "halted at release");
	CHECK_EQ(rd(b, DFSR), 0x00000001u, "DFSR.HALTED");
	board_free(b);
}

int main(void)
{
	test_ids();
	test_reset();
	test_run_halt_step();
	test_registers();
	test_bkpt();
	test_fpb();
	test_dwt();
	test_hardfault();
	test_lockup_vcatch();
	test_svc_return();
	test_fp_frame();
	test_aircr();
	test_debug_survives();
	test_wfi();
	test_systick();
	test_priority();
	test_irq_busfault();
	test_hold_reset();
	return tap_done();
}
