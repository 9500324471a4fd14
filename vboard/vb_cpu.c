/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: the Cortex-M7 core and its debug logic.
 *
 * libunicorn executes instructions; everything an ARMv7-M core does around
 * them is modelled here: the Private Peripheral Bus (SCS with SCB, NVIC,
 * SysTick, MPU registers and the debug registers, FPB, DWT, ITM, the two
 * Cortex-M7 ROM tables), halting debug, reset, exception entry and return,
 * fault escalation and lockup.
 *
 * Sources (cited as [tag] below):
 *   [v7M]    ARMv7-M Architecture Reference Manual, ARM DDI 0403E.b
 *   [M7TRM]  Cortex-M7 Technical Reference Manual, ARM DDI 0489F
 *   [RM0433] STM32H742/743/750/753 reference manual
 *   [RM0468] STM32H723/733/725/735/730 reference manual
 *   [RM0385] STM32F75x/74x reference manual
 *   [ES0392] STM32H750 errata sheet (Cortex-M7 revision)
 *   [OCD]    OpenOCD 0.12.0 src/target/cortex_m.[ch], what a debugger reads
 *   [UC]     behaviour of Debian's libunicorn 2.0.1, measured (DESIGN.md and
 *            the notes next to the code that depends on it)
 *
 * Timing model: one instruction is one core clock (DWT_CYCCNT, SysTick).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicorn/unicorn.h>

#include "vb.h"
#include "vb_cpu.h"

/* ---- architectural constants ------------------------------------------ */

/* Exception numbers [v7M B1.5.2] */
#define EXC_RESET      1u
#define EXC_NMI        2u
#define EXC_HARDFAULT  3u
#define EXC_MEMMANAGE  4u
#define EXC_BUSFAULT   5u
#define EXC_USAGEFAULT 6u
#define EXC_SVCALL     11u
#define EXC_PENDSV     14u
#define EXC_SYSTICK    15u
#define EXC_IRQ0       16u
#define EXC_COUNT      256u
#define NVIC_IRQ_LINES (EXC_COUNT - EXC_IRQ0)
#define EXC_WORDS      (EXC_COUNT / 32u)

/* xPSR and CONTROL [v7M B1.4.2, B1.4.4] */
#define XPSR_IPSR       0x000001FFu
#define XPSR_T          (1u << 24)
#define XPSR_IT_MASK    0x0600FC00u
#define XPSR_STKALIGN   (1u << 9) /* in a stacked xPSR only */
#define CONTROL_NPRIV   (1u << 0)
#define CONTROL_SPSEL   (1u << 1)
#define CONTROL_FPCA    (1u << 2)
#define CONTROL_MASK    0x7u
#define EXC_RETURN_BASE 0xFFFFFFE0u
#define EXC_RETURN_NOFP (1u << 4)
#define LOCKUP_PC       0xEFFFFFFEu /* [v7M B1.5.15] */
#define PRIO_BITS_MASK  0xF0u       /* STM32: 4 priority bits [RM0433 / RM0385 NVIC] */

/* DHCSR [v7M C1.6.2] */
#define DHCSR_KEY       0xA05Fu
#define C_DEBUGEN       (1u << 0)
#define C_HALT          (1u << 1)
#define C_STEP          (1u << 2)
#define C_MASKINTS      (1u << 3)
#define C_SNAPSTALL     (1u << 5)
#define DHCSR_CTRL_MASK (C_DEBUGEN | C_HALT | C_STEP | C_MASKINTS | C_SNAPSTALL)
#define S_REGRDY        (1u << 16)
#define S_HALT          (1u << 17)
#define S_SLEEP         (1u << 18)
#define S_LOCKUP        (1u << 19)
#define S_RETIRE_ST     (1u << 24)
#define S_RESET_ST      (1u << 25)
/* DCRSR [v7M C1.6.3] */
#define DCRSR_REGWNR    (1u << 16)
#define DCRSR_REGSEL    0x7Fu
/* DFSR [v7M C1.6.1] */
#define DFSR_HALTED     (1u << 0)
#define DFSR_BKPT       (1u << 1)
#define DFSR_DWTTRAP    (1u << 2)
#define DFSR_VCATCH     (1u << 3)
#define DFSR_EXTERNAL   (1u << 4)
#define DFSR_MASK       0x1Fu
/* DEMCR [v7M C1.6.5] */
#define VC_CORERESET    (1u << 0)
#define VC_MMERR        (1u << 4)
#define VC_NOCPERR      (1u << 5)
#define VC_CHKERR       (1u << 6)
#define VC_STATERR      (1u << 7)
#define VC_BUSERR       (1u << 8)
#define VC_INTERR       (1u << 9)
#define VC_HARDERR      (1u << 10)
#define DEMCR_MON_MASK  0x000F0000u /* MON_EN..MON_REQ: cleared by a local reset */
#define DEMCR_TRCENA    (1u << 24)
#define DEMCR_MASK      0x010F07F1u

/* SCB [v7M B3.2] */
#define AIRCR_VECTKEY     0x05FAu
#define AIRCR_VECTKEYSTAT 0xFA05u
#define AIRCR_VECTRESET   (1u << 0)
#define AIRCR_VECTCLRACT  (1u << 1)
#define AIRCR_SYSRESETREQ (1u << 2)
#define ICSR_PENDSTCLR    (1u << 25)
#define ICSR_PENDSTSET    (1u << 26)
#define ICSR_PENDSVCLR    (1u << 27)
#define ICSR_PENDSVSET    (1u << 28)
#define ICSR_NMIPENDSET   (1u << 31)
#define ICSR_ISRPENDING   (1u << 22)
#define ICSR_RETTOBASE    (1u << 11)
#define SCR_SLEEPONEXIT   (1u << 1)
#define CCR_RESET         0x00040200u /* STKALIGN, BP [M7TRM 4.1 register summary] */
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)
#define SHCSR_ENA_MASK    0x00070000u
#define HFSR_VECTTBL      (1u << 1)
#define HFSR_FORCED       (1u << 30)
#define HFSR_DEBUGEVT     (1u << 31)
/* CFSR = MMFSR | BFSR << 8 | UFSR << 16 [v7M B3.2.15] */
#define CFSR_IACCVIOL     (1u << 0)
#define CFSR_DACCVIOL     (1u << 1)
#define CFSR_MMARVALID    (1u << 7)
#define CFSR_IBUSERR      (1u << 8)
#define CFSR_PRECISERR    (1u << 9)
#define CFSR_IMPRECISERR  (1u << 10)
#define CFSR_UNSTKERR     (1u << 11)
#define CFSR_STKERR       (1u << 12)
#define CFSR_BFARVALID    (1u << 15)
#define CFSR_UNDEFINSTR   (1u << 16)
#define CFSR_INVSTATE     (1u << 17)
#define CFSR_INVPC        (1u << 18)
#define CFSR_NOCP         (1u << 19)
#define CFSR_UNALIGNED    (1u << 24)
#define CFSR_DIVBYZERO    (1u << 25)
#define FPCCR_RESET       0xC0000000u /* ASPEN | LSPEN [v7M B3.2.21] */

/* SysTick [v7M B3.3] */
#define SYST_ENABLE    (1u << 0)
#define SYST_TICKINT   (1u << 1)
#define SYST_CLKSOURCE (1u << 2)
#define SYST_COUNTFLAG (1u << 16)
#define SYST_MAX       0x00FFFFFFu

/* FPB [v7M C1.11], version 2 as in the Cortex-M7 [M7TRM 9.3] */
#define FPB_NUM_CODE   8u
#define FP_CTRL_ENABLE (1u << 0)
#define FP_CTRL_KEY    (1u << 1)
#define FP_CTRL_RO     (0x10000000u | ((FPB_NUM_CODE & 0xFu) << 4) | ((FPB_NUM_CODE >> 4) << 12))
#define FP_COMP_BE     (1u << 0)

/* DWT [v7M C1.8] */
#define DWT_NUM_COMP     4u
#define DWT_CTRL_RESET   0x40000000u /* NUMCOMP = 4 [M7TRM 11.1] */
#define DWT_CTRL_RW      0x007FFFFFu
#define DWT_CYCCNTENA    (1u << 0)
#define DWT_FUNC_MASK    0xFu
#define DWT_FUNC_PC      4u
#define DWT_FUNC_READ    5u
#define DWT_FUNC_WRITE   6u
#define DWT_FUNC_RW      7u
#define DWT_FUNC_RW_BITS 0x000FFDAFu
#define DWT_MATCHED      (1u << 24)
#define DWT_DATAVMATCH   (1u << 8)

/* ITM [v7M C1.7] */
#define ITM_TCR_ITMENA (1u << 0)

/* Thumb encodings the run loop needs to recognise [v7M A6/A7] */
#define T16_WFI      0xBF30u
#define T16_WFE      0xBF20u
#define T16_YIELD    0xBF10u
#define T32_HINT_HI  0xF3AFu
#define T32_WFI_LO   0x8003u
#define T32_WFE_LO   0x8002u
#define T32_YIELD_LO 0x8001u

/* QEMU exception numbers libunicorn hands to UC_HOOK_INTR [UC] */
#define UC_EXCP_PREFETCH_ABORT 3u
#define UC_EXCP_DATA_ABORT     4u
#define UC_EXCP_SWI            2u
#define UC_EXCP_BKPT           7u
#define UC_EXCP_EXCEPTION_EXIT 8u
#define UC_EXCP_NOCP           17u
#define UC_EXCP_INVSTATE       18u
#define UC_EXCP_UNALIGNED      22u
#define UC_EXCP_DIVBYZERO      23u

/* An until-address the PC can never reach (odd: Thumb PCs are even). */
#define RUN_UNTIL_NEVER 0xFFFFFFFFu

/* What the hooks saw during one uc_emu_start, handled once it returns. */
enum cpu_event {
	EV_BKPT = 1u << 0,       /* BKPT instruction at ev_pc */
	EV_FPB = 1u << 1,        /* FPB comparator matched at ev_pc */
	EV_DWT = 1u << 2,        /* DWT watchpoint: halt at this boundary */
	EV_INTR = 1u << 3,       /* other CPU exception ev_intno at ev_pc */
	EV_BUS_FAULT = 1u << 4,  /* a peripheral ended an access in error */
	EV_RESET = 1u << 5,      /* reset of kind ev_reset requested while running */
	EV_HALT_REQ = 1u << 7,   /* the core wrote DHCSR.C_HALT */
	EV_MEM_FAULT = 1u << 8,  /* invalid access at ev_addr (with uc error) */
	EV_RESCHEDULE = 1u << 9, /* an exception became pending */
	EV_YIELD = 1u << 10,     /* many peripheral accesses: serve the link */
};

/*
 * Peripheral accesses per uc_emu_start before the slice ends early. Each
 * one leaves the JIT, so a core polling a status register runs far fewer
 * instructions per second than the slice size assumes; ending the slice
 * keeps the debug link served about as often as with plain code (a loader
 * polling QUADSPI SR while the host streams data to it).
 */
#define CPU_MMIO_YIELD 64u

/* Per-part values. */
struct cpu_variant {
	const char *mcu_prefix;
	uint32_t cpuid;
	uint32_t mvfr0, mvfr1, mvfr2;
	uint32_t mpu_regions;
	uint32_t cache_kib; /* I and D cache, each */
};

/*
 * CPUID: the H750 has Cortex-M7 r1p1, 0x411FC271 ([ES0392] and the CPUID
 * read on silicon, STMicroelectronics/cmsis-device-h7 issue #5); the F746
 * has r0p1, 0x410FC271 (OpenOCD logs "Cortex-M7 r0p1 processor detected"
 * on STM32F746G-DISCO). The H735 is taken as r1p1 like the H750 (not
 * verified on silicon). MVFR: FPv5 double precision on H7 [RM0433 1.3,
 * RM0468], single precision on F7 [RM0385 1.3]; values as OpenOCD expects
 * them ([OCD] MVFR*_DEFAULT_M7_SP/DP). MPU: 16 regions on H7, 8 on F7.
 * Caches: 16 KiB + 16 KiB on H7, 4 KiB + 4 KiB on F7.
 */
static const struct cpu_variant cpu_variants[] = {
	{ "STM32F7", 0x410FC271u, 0x10110021u, 0x11000011u, 0x00000040u, 8u, 4u },
	{ "STM32H7", 0x411FC271u, 0x10110221u, 0x12000011u, 0x00000040u, 16u, 16u },
};

struct vb_cpu {
	struct vb_board *board;
	uc_engine *uc;
	const struct cpu_variant *var;
	struct vb_periph ppb, rom;
	uc_hook h_intr, h_invalid, h_block;
	uc_hook h_fpb[FPB_NUM_CODE];
	uint32_t fpb_hook_addr[FPB_NUM_CODE];
	bool fpb_hooked[FPB_NUM_CODE];
	uc_hook h_precise, h_dwt_mem;
	bool precise;     /* per-instruction code hook installed (DWT) */
	bool hooks_dirty; /* FPB / DWT configuration changed */

	/* run state */
	bool halted, sleeping, lockup, reset_held, in_emu;
	uint32_t events, ev_intno, ev_pc, ev_addr;
	bool ev_write;
	enum vb_reset_kind ev_reset;
	uint64_t run_insns; /* instructions of the current uc_emu_start */
	uint32_t run_mmio;  /* peripheral accesses in it */
	uint32_t last_blk_addr, last_blk_size;
	uint32_t cur_pc; /* precise mode: instruction being executed */
	bool dwt_trap_pending;
	struct {
		uint32_t addr, size, n;
	} icount[1024];

	/* debug registers [v7M C1.6] */
	uint32_t dhcsr; /* C_* control bits */
	bool retired, reset_seen;
	uint32_t dcrdr, demcr, dfsr;

	/* SCB, MPU, FP [v7M B3.2, B3.5] */
	uint32_t vtor, prigroup, scr, ccr, actlr, shcsr_ena;
	uint8_t shpr[12]; /* priorities of exceptions 4..15 */
	uint32_t cfsr, hfsr, mmfar, bfar, afsr, cpacr, csselr;
	uint32_t fpccr, fpcar, fpdscr;
	uint32_t m7_ctl[7]; /* ITCMCR .. ABFSR, 0xE000EF90.. [M7TRM 4.1] */
	uint32_t mpu_ctrl, mpu_rnr, mpu_rbar[16], mpu_rasr[16];

	/* exception state, by exception number */
	uint32_t pend[EXC_WORDS], active[EXC_WORDS], irq_enable[EXC_WORDS];
	uint8_t nvic_ipr[NVIC_IRQ_LINES];

	uint32_t syst_csr, syst_rvr, syst_cvr;

	uint32_t fp_enable, fp_comp[FPB_NUM_CODE];

	uint32_t dwt_ctrl, dwt_cyccnt, dwt_cnt8[5];
	uint32_t dwt_comp[DWT_NUM_COMP], dwt_mask[DWT_NUM_COMP], dwt_func[DWT_NUM_COMP];

	uint32_t itm_ter, itm_tpr, itm_tcr;
};

/* ---- small helpers ----------------------------------------------------- */

static bool bit_get(const uint32_t *map, unsigned int n)
{
	return (map[n / 32u] >> (n % 32u)) & 1u;
}

static void bit_set(uint32_t *map, unsigned int n, bool v)
{
	if (v)
		map[n / 32u] |= 1u << (n % 32u);
	else
		map[n / 32u] &= ~(1u << (n % 32u));
}

/* Merge the bytes of val selected by mask into old. */
static uint32_t merge(uint32_t old, uint32_t val, uint32_t mask)
{
	return (old & ~mask) | (val & mask);
}

static uint32_t reg_get(struct vb_cpu *c, int id)
{
	uint32_t v = 0;

	uc_reg_read(c->uc, id, &v);
	return v;
}

static void reg_set(struct vb_cpu *c, int id, uint32_t v)
{
	uc_reg_write(c->uc, id, &v);
}

static uint32_t xpsr_get(struct vb_cpu *c)
{
	return reg_get(c, UC_ARM_REG_XPSR);
}

/* Full xPSR write: all of APSR (incl. GE), IPSR and EPSR. Writing IPSR
 * moves between Thread and Handler mode and banks SP like the core. [UC] */
static void xpsr_set(struct vb_cpu *c, uint32_t v)
{
	reg_set(c, UC_ARM_REG_XPSR_NZCVQG, v);
}

static uint32_t pc_get(struct vb_cpu *c)
{
	return reg_get(c, UC_ARM_REG_PC) & ~1u;
}

/* libunicorn takes the Thumb state from bit 0 of a PC write [UC], while on
 * the M profile it is EPSR.T: keep T as it is. */
static void pc_set(struct vb_cpu *c, uint32_t pc)
{
	reg_set(c, UC_ARM_REG_PC, (pc & ~1u) | ((xpsr_get(c) & XPSR_T) ? 1u : 0u));
}

/*
 * libunicorn applies the MRS/MSR rules to the special registers: an
 * unprivileged Thread reads MSP/PSP as zero and cannot write the masks or
 * CONTROL [UC]. The debugger and the exception logic are not bound by
 * them, so such accesses run in a transient Handler mode: IPSR is written
 * directly (not privilege checked), and that banks SP as the core would.
 */
static uint32_t priv_begin(struct vb_cpu *c)
{
	uint32_t xpsr = xpsr_get(c);

	if (!(xpsr & XPSR_IPSR))
		xpsr_set(c, xpsr | 1u);
	return xpsr;
}

static void priv_end(struct vb_cpu *c, uint32_t xpsr)
{
	if (!(xpsr & XPSR_IPSR))
		xpsr_set(c, xpsr);
}

static uint32_t special_get(struct vb_cpu *c, int id)
{
	uint32_t xpsr = priv_begin(c);
	uint32_t v = reg_get(c, id);

	priv_end(c, xpsr);
	return v;
}

static void special_set(struct vb_cpu *c, int id, uint32_t v)
{
	uint32_t xpsr = priv_begin(c);

	reg_set(c, id, v);
	priv_end(c, xpsr);
}

static uint32_t control_get(struct vb_cpu *c)
{
	return reg_get(c, UC_ARM_REG_CONTROL) & CONTROL_MASK;
}

/* Write CONTROL regardless of privilege. In Handler mode SPSEL reads as
 * zero and ignores writes [v7M B1.4.4]. */
static void control_set(struct vb_cpu *c, uint32_t val)
{
	uint32_t xpsr = xpsr_get(c);

	val &= CONTROL_MASK;
	if (xpsr & XPSR_IPSR) {
		reg_set(c, UC_ARM_REG_CONTROL, val & ~CONTROL_SPSEL);
		return;
	}
	/* become privileged first, then write from privileged Thread mode so
	 * that an SPSEL change swaps the stack pointers */
	xpsr_set(c, xpsr | 1u);
	reg_set(c, UC_ARM_REG_CONTROL, (control_get(c) & ~CONTROL_NPRIV) | (val & CONTROL_FPCA));
	xpsr_set(c, xpsr);
	reg_set(c, UC_ARM_REG_CONTROL, val);
}

/* The core's own view of memory (stacking, vector fetch). */
static bool mem_read32(struct vb_cpu *c, uint32_t addr, uint32_t *val)
{
	return vb_bus_read(c->board, VB_INIT_CORE, addr, 4, val) == VB_BUS_OK;
}

static bool mem_write32(struct vb_cpu *c, uint32_t addr, uint32_t val)
{
	return vb_bus_write(c->board, VB_INIT_CORE, addr, 4, val) == VB_BUS_OK;
}

/* ---- exception priorities [v7M B1.5.4] --------------------------------- */

static int exc_prio(const struct vb_cpu *c, unsigned int exc)
{
	if (exc == EXC_RESET)
		return -3;
	if (exc == EXC_NMI)
		return -2;
	if (exc == EXC_HARDFAULT)
		return -1;
	if (exc < EXC_IRQ0)
		return c->shpr[exc - 4u];
	return c->nvic_ipr[exc - EXC_IRQ0];
}

/* Group priority: PRIGROUP splits off the subpriority bits [v7M B1.5.4]. */
static int group_prio(const struct vb_cpu *c, int prio)
{
	if (prio < 0)
		return prio;
	return prio & (int)((0xFFu << (c->prigroup + 1u)) & 0xFFu);
}

static int exec_prio(struct vb_cpu *c)
{
	int prio = 256;
	uint32_t xpsr = priv_begin(c);
	uint32_t primask = reg_get(c, UC_ARM_REG_PRIMASK) & 1u;
	uint32_t basepri = reg_get(c, UC_ARM_REG_BASEPRI) & PRIO_BITS_MASK;
	uint32_t faultmask = reg_get(c, UC_ARM_REG_FAULTMASK) & 1u;

	priv_end(c, xpsr);
	for (unsigned int n = 1; n < EXC_COUNT; n++) {
		if (bit_get(c->active, n) && group_prio(c, exc_prio(c, n)) < prio)
			prio = group_prio(c, exc_prio(c, n));
	}
	if (basepri && group_prio(c, (int)basepri) < prio)
		prio = group_prio(c, (int)basepri);
	if (primask && prio > 0)
		prio = 0;
	if (faultmask && prio > -1)
		prio = -1;
	return prio;
}

static bool exc_enabled(const struct vb_cpu *c, unsigned int exc)
{
	if (exc >= EXC_IRQ0)
		return bit_get(c->irq_enable, exc);
	return true;
}

/* Highest-priority pending exception that is enabled, 0 if none. */
static unsigned int exc_highest_pending(const struct vb_cpu *c)
{
	unsigned int best = 0;
	int best_prio = 1000;

	for (unsigned int w = 0; w < EXC_WORDS; w++) {
		uint32_t bits = c->pend[w];

		while (bits) {
			unsigned int n = w * 32u + (unsigned int)__builtin_ctz(bits);
			int p = group_prio(c, exc_prio(c, n));

			bits &= bits - 1u;
			if (exc_enabled(c, n) && p < best_prio) {
				best = n;
				best_prio = p;
			}
		}
	}
	return best;
}

static unsigned int active_count(const struct vb_cpu *c)
{
	unsigned int n = 0;

	for (unsigned int w = 0; w < EXC_WORDS; w++)
		n += (unsigned int)__builtin_popcount(c->active[w]);
	return n;
}

/* Interrupts, as opposed to faults, for DHCSR.C_MASKINTS [v7M C1.6.2]. */
static bool exc_is_interrupt(unsigned int exc)
{
	return exc == EXC_NMI || exc == EXC_PENDSV || exc == EXC_SYSTICK || exc >= EXC_IRQ0;
}

/* ---- debug state [v7M C1.5] -------------------------------------------- */

static const char *dfsr_name(uint32_t bits)
{
	if (bits & DFSR_BKPT)
		return "breakpoint";
	if (bits & DFSR_DWTTRAP)
		return "watchpoint";
	if (bits & DFSR_VCATCH)
		return "vector catch";
	if (bits & DFSR_EXTERNAL)
		return "external";
	return "halt request";
}

static void enter_debug(struct vb_cpu *c, uint32_t dfsr_bits)
{
	if (c->dwt_trap_pending) {
		c->dwt_trap_pending = false;
		dfsr_bits |= DFSR_DWTTRAP;
	}
	c->halted = true;
	c->sleeping = false;
	c->lockup = false; /* S_LOCKUP clears on entering Debug state [v7M C1.6.2] */
	c->dhcsr |= C_HALT;
	c->dfsr |= dfsr_bits;
	vb_stats.halts++;
	vb_trace(VB_TR_CPU, "cpu: halted (%s) at pc 0x%08x", dfsr_name(dfsr_bits), pc_get(c));
}

static void leave_debug(struct vb_cpu *c)
{
	c->halted = false;
	c->dhcsr &= ~C_HALT;
	vb_trace(VB_TR_CPU, "cpu: resumed at pc 0x%08x", pc_get(c));
}

static bool debug_enabled(const struct vb_cpu *c)
{
	return c->dhcsr & C_DEBUGEN;
}

/* Vector catch [v7M C1.6.5]: halt on the first instruction of the handler,
 * after the exception has been taken. */
static bool vector_catch(struct vb_cpu *c, uint32_t vc_bit)
{
	if (!debug_enabled(c) || !(c->demcr & vc_bit))
		return false;
	enter_debug(c, DFSR_VCATCH);
	return true;
}

/* Unrecoverable exception [v7M B1.5.15]: the core stops at 0xEFFFFFFE. */
static void enter_lockup(struct vb_cpu *c, uint32_t addr, const char *why)
{
	vb_guest_error(addr, "cpu lockup: %s", why);
	vb_trace(VB_TR_CPU, "cpu: lockup (%s)", why);
	pc_set(c, LOCKUP_PC);
	c->lockup = true;
	c->sleeping = false;
}

/* ---- exception entry and return [v7M B1.5.6 - B1.5.8] ------------------ */

static bool vector_read(struct vb_cpu *c, unsigned int exc, uint32_t *vector)
{
	return mem_read32(c, (c->vtor & ~0x7Fu) + 4u * exc, vector);
}

/* PushStack: the basic or extended frame on the current stack, 8-byte
 * aligned (CCR.STKALIGN is 1 on the Cortex-M7). Returns the EXC_RETURN
 * value, or 0 if the stack could not be written. */
static uint32_t push_frame(struct vb_cpu *c, uint32_t ret_addr)
{
	static const int core[6] = { UC_ARM_REG_R0, UC_ARM_REG_R1,  UC_ARM_REG_R2,
		                     UC_ARM_REG_R3, UC_ARM_REG_R12, UC_ARM_REG_LR };
	uint32_t xpsr = xpsr_get(c), control = control_get(c), w[26], sp, frame;
	bool handler = xpsr & XPSR_IPSR;
	bool psp = !handler && (control & CONTROL_SPSEL);
	bool fp = control & CONTROL_FPCA;
	unsigned int n = fp ? 26u : 8u, i;

	sp = special_get(c, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP);
	frame = sp - 4u * n;
	for (i = 0; i < 6; i++)
		w[i] = reg_get(c, core[i]);
	w[6] = ret_addr & ~1u;
	w[7] = xpsr | ((frame & 4u) ? XPSR_STKALIGN : 0u);
	frame &= ~7u;
	for (i = 0; fp && i < 16; i++)
		w[8 + i] = reg_get(c, UC_ARM_REG_S0 + (int)i);
	if (fp) {
		w[24] = reg_get(c, UC_ARM_REG_FPSCR);
		w[25] = 0;
	}
	for (i = 0; i < n; i++) {
		if (!mem_write32(c, frame + 4u * i, w[i]))
			return 0;
	}
	special_set(c, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP, frame);
	return EXC_RETURN_BASE | (fp ? 0u : EXC_RETURN_NOFP) | (handler ? 0x1u : psp ? 0xDu : 0x9u);
}

/* ExceptionTaken: Handler mode on the main stack, vector to the handler. */
static void exc_take(struct vb_cpu *c, unsigned int exc, uint32_t exc_return, uint32_t vector)
{
	uint32_t xpsr = xpsr_get(c);

	control_set(c, control_get(c) & ~(CONTROL_SPSEL | CONTROL_FPCA));
	xpsr = (xpsr & ~(XPSR_IPSR | XPSR_IT_MASK | XPSR_T)) | exc;
	xpsr_set(c, xpsr | ((vector & 1u) ? XPSR_T : 0u));
	reg_set(c, UC_ARM_REG_LR, exc_return);
	/* bit 0 of the vector is EPSR.T: a 0 faults on the first instruction */
	reg_set(c, UC_ARM_REG_PC, vector);
	bit_set(c->pend, exc, false);
	bit_set(c->active, exc, true);
	c->sleeping = false;
	vb_trace(VB_TR_CPU, "cpu: exception %u, handler 0x%08x", exc, vector & ~1u);
}

/*
 * Exception entry. A frame that cannot be stacked (STKERR) or a vector that
 * cannot be read (VECTTBL) escalates to HardFault without a frame, and to
 * lockup if HardFault itself fails: simpler than the architecture's derived
 * exceptions, and the same end state for firmware that does not recover.
 */
static bool exc_enter(struct vb_cpu *c, unsigned int exc, uint32_t ret_addr)
{
	uint32_t exc_return = push_frame(c, ret_addr), vector;

	if (!exc_return) {
		c->cfsr |= CFSR_STKERR;
		c->hfsr |= HFSR_FORCED;
		if (exc == EXC_HARDFAULT || exec_prio(c) <= -1) {
			enter_lockup(c, ret_addr, "stacking failed");
			return false;
		}
		vb_guest_error(ret_addr, "cpu: stacking for exception %u failed", exc);
		exc = EXC_HARDFAULT;
		exc_return = EXC_RETURN_BASE | EXC_RETURN_NOFP | 0x9u;
	}
	if (!vector_read(c, exc, &vector)) {
		c->hfsr |= HFSR_VECTTBL;
		if (exc == EXC_HARDFAULT || !vector_read(c, EXC_HARDFAULT, &vector)) {
			enter_lockup(c, ret_addr, "vector fetch failed");
			return false;
		}
		exc = EXC_HARDFAULT;
	}
	exc_take(c, exc, exc_return, vector);
	return true;
}

static void exc_clear_active(struct vb_cpu *c, unsigned int exc)
{
	bit_set(c->active, exc, false);
}

/* Frame restore of ExceptionReturn; false if the stack cannot be read. */
static bool pop_frame(struct vb_cpu *c, uint32_t exc_return, uint32_t *pc, uint32_t *xpsr)
{
	static const int core[6] = { UC_ARM_REG_R0, UC_ARM_REG_R1,  UC_ARM_REG_R2,
		                     UC_ARM_REG_R3, UC_ARM_REG_R12, UC_ARM_REG_LR };
	bool psp = (exc_return & 0xFu) == 0xDu;
	bool fp = !(exc_return & EXC_RETURN_NOFP);
	unsigned int n = fp ? 26u : 8u, i;
	uint32_t sp = special_get(c, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP), w[26];

	for (i = 0; i < n; i++) {
		if (!mem_read32(c, sp + 4u * i, &w[i]))
			return false;
	}
	for (i = 0; i < 6; i++)
		reg_set(c, core[i], w[i]);
	for (i = 0; fp && i < 16; i++)
		reg_set(c, UC_ARM_REG_S0 + (int)i, w[8 + i]);
	if (fp)
		reg_set(c, UC_ARM_REG_FPSCR, w[24]);
	*pc = w[6];
	*xpsr = w[7];
	sp += 4u * n + ((w[7] & XPSR_STKALIGN) ? 4u : 0u);
	special_set(c, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP, sp);
	return true;
}

/* Fault kinds [v7M B1.5.14, B3.2.15] */

struct fault_desc {
	const char *name;
	unsigned int exc;
	uint32_t cfsr;
	uint32_t vc;
};

enum fault_kind {
	F_UNDEFINSTR,
	F_INVSTATE,
	F_INVPC,
	F_FORCED,
	F_NOCP,
	F_UNALIGNED,
	F_DIVBYZERO,
	F_IACCVIOL,
	F_DACCVIOL,
	F_IBUSERR,
	F_PRECISERR,
	F_IMPRECISERR,
	F_DEBUGEVT,
	F_COUNT,
};

static const struct fault_desc fault_descs[F_COUNT] = {
	[F_UNDEFINSTR] = { "undefined instruction", EXC_USAGEFAULT, CFSR_UNDEFINSTR, VC_STATERR },
	[F_INVSTATE] = { "invalid state (EPSR.T = 0)", EXC_USAGEFAULT, CFSR_INVSTATE, VC_STATERR },
	[F_INVPC] = { "invalid EXC_RETURN", EXC_USAGEFAULT, CFSR_INVPC, VC_STATERR },
	[F_FORCED] = { "fault in exception return", EXC_HARDFAULT, 0, VC_INTERR },
	[F_NOCP] = { "no coprocessor", EXC_USAGEFAULT, CFSR_NOCP, VC_NOCPERR },
	[F_UNALIGNED] = { "unaligned access", EXC_USAGEFAULT, CFSR_UNALIGNED, VC_CHKERR },
	[F_DIVBYZERO] = { "divide by zero", EXC_USAGEFAULT, CFSR_DIVBYZERO, VC_CHKERR },
	[F_IACCVIOL] = { "instruction access violation", EXC_MEMMANAGE, CFSR_IACCVIOL, VC_MMERR },
	[F_DACCVIOL] = { "data access violation", EXC_MEMMANAGE, CFSR_DACCVIOL, VC_MMERR },
	[F_IBUSERR] = { "bus error on instruction fetch", EXC_BUSFAULT, CFSR_IBUSERR, VC_BUSERR },
	[F_PRECISERR] = { "precise bus error", EXC_BUSFAULT, CFSR_PRECISERR, VC_BUSERR },
	[F_IMPRECISERR] = { "imprecise bus error", EXC_BUSFAULT, CFSR_IMPRECISERR, VC_BUSERR },
	[F_DEBUGEVT] = { "breakpoint with debug disabled", EXC_HARDFAULT, 0, VC_HARDERR },
};

static void take_fault(struct vb_cpu *c, unsigned int kind, uint32_t ret_addr, uint32_t addr);

/* ExceptionReturn, for a branch to an EXC_RETURN value in Handler mode. */
static void exc_return(struct vb_cpu *c, uint32_t value)
{
	unsigned int exc = xpsr_get(c) & XPSR_IPSR, low = value & 0xFu;
	bool to_thread = low != 0x1u;
	uint32_t pc, xpsr, control;

	if ((value & 0x0FFFFFE0u) != 0x0FFFFFE0u || (low != 0x1u && low != 0x9u && low != 0xDu)) {
		vb_guest_error(value, "cpu: invalid EXC_RETURN");
		take_fault(c, F_INVPC, pc_get(c), 0);
		return;
	}
	exc_clear_active(c, exc);
	if (!pop_frame(c, value, &pc, &xpsr)) {
		c->cfsr |= CFSR_UNSTKERR;
		vb_guest_error(value, "cpu: unstacking failed");
		take_fault(c, F_FORCED, value, 0);
		return;
	}
	control = control_get(c) & ~(CONTROL_SPSEL | CONTROL_FPCA);
	control |= (low == 0xDu) ? CONTROL_SPSEL : 0u;
	control |= (value & EXC_RETURN_NOFP) ? 0u : CONTROL_FPCA;
	xpsr &= ~XPSR_STKALIGN;
	if (to_thread)
		xpsr &= ~XPSR_IPSR;
	xpsr_set(c, xpsr);
	control_set(c, control);
	pc_set(c, pc);
	if (to_thread && (c->scr & SCR_SLEEPONEXIT))
		c->sleeping = true;
}

/* ---- faults [v7M B1.5.14, B3.2.15] ------------------------------------- */

static uint32_t fault_enable_bit(unsigned int exc)
{
	switch (exc) {
	case EXC_MEMMANAGE:
		return SHCSR_MEMFAULTENA;
	case EXC_BUSFAULT:
		return SHCSR_BUSFAULTENA;
	case EXC_USAGEFAULT:
		return SHCSR_USGFAULTENA;
	default:
		return 0;
	}
}

static void fault_record(struct vb_cpu *c, const struct fault_desc *d, unsigned int kind,
                         uint32_t addr)
{
	c->cfsr |= d->cfsr;
	if (kind == F_PRECISERR) {
		c->bfar = addr;
		c->cfsr |= CFSR_BFARVALID;
	} else if (kind == F_DACCVIOL) {
		c->mmfar = addr;
		c->cfsr |= CFSR_MMARVALID;
	} else if (kind == F_DEBUGEVT) {
		c->hfsr |= HFSR_DEBUGEVT;
	}
}

/*
 * A synchronous fault: configurable faults that are disabled or cannot
 * preempt escalate to HardFault (HFSR.FORCED); a fault at priority -1 or
 * above locks the core up [v7M B1.5.14, B1.5.15].
 */
static void take_fault(struct vb_cpu *c, unsigned int kind, uint32_t ret_addr, uint32_t addr)
{
	const struct fault_desc *d = &fault_descs[kind < F_COUNT ? kind : F_FORCED];
	unsigned int exc = d->exc;
	int cur = exec_prio(c);

	fault_record(c, d, kind, addr);
	vb_guest_error(ret_addr, "cpu: %s (address 0x%08x)", d->name, addr);
	if (exc != EXC_HARDFAULT &&
	    (!(c->shcsr_ena & fault_enable_bit(exc)) || group_prio(c, exc_prio(c, exc)) >= cur)) {
		c->hfsr |= HFSR_FORCED;
		exc = EXC_HARDFAULT;
	} else if (exc == EXC_HARDFAULT && kind == F_FORCED) {
		c->hfsr |= HFSR_FORCED;
	}
	if (exc == EXC_HARDFAULT && cur <= -1) {
		enter_lockup(c, ret_addr, d->name);
		return;
	}
	if (exc_enter(c, exc, ret_addr))
		vector_catch(c, exc == EXC_HARDFAULT ? VC_HARDERR : d->vc);
}

/* Take the highest pending exception if it preempts. */
static bool take_pending(struct vb_cpu *c)
{
	unsigned int exc = exc_highest_pending(c);

	if (!exc || group_prio(c, exc_prio(c, exc)) >= exec_prio(c))
		return false;
	if (exc_is_interrupt(exc) && debug_enabled(c) && (c->dhcsr & C_MASKINTS))
		return false;
	if (exc_enter(c, exc, pc_get(c)) && exc == EXC_HARDFAULT)
		vector_catch(c, VC_HARDERR);
	return true;
}

/* WFI wakes on any pending exception that would preempt were PRIMASK clear. */
static bool wake_pending(const struct vb_cpu *c)
{
	unsigned int exc = exc_highest_pending(c);

	return exc && group_prio(c, exc_prio(c, exc)) < 256;
}

static void set_pending(struct vb_cpu *c, unsigned int exc, bool v)
{
	bit_set(c->pend, exc, v);
	if (v && c->in_emu) {
		/* let the run loop look at it at the end of this block */
		c->events |= EV_RESCHEDULE;
		uc_emu_stop(c->uc);
	}
}

/* ---- SysTick [v7M B3.3] ----------------------------------------------- */

static bool systick_running(const struct vb_cpu *c)
{
	return c->syst_csr & SYST_ENABLE;
}

static void systick_fire(struct vb_cpu *c)
{
	c->syst_csr |= SYST_COUNTFLAG;
	if (c->syst_csr & SYST_TICKINT)
		bit_set(c->pend, EXC_SYSTICK, true);
}

/* Cycles until the counter next reaches 0 (0: never). */
static uint64_t systick_cycles_to_fire(const struct vb_cpu *c)
{
	if (!systick_running(c))
		return 0;
	if (c->syst_cvr)
		return c->syst_cvr;
	return c->syst_rvr ? (uint64_t)c->syst_rvr + 1u : 0;
}

/* The counter counts down to 0, then reloads RVR on the next clock. */
static void systick_advance(struct vb_cpu *c, uint64_t n)
{
	uint64_t period;

	if (!systick_running(c) || !n)
		return;
	if (c->syst_cvr) {
		if (n < c->syst_cvr) {
			c->syst_cvr -= (uint32_t)n;
			return;
		}
		n -= c->syst_cvr;
		c->syst_cvr = 0;
		systick_fire(c);
	}
	if (!c->syst_rvr || !n)
		return;
	period = (uint64_t)c->syst_rvr + 1u;
	if (n >= period)
		systick_fire(c);
	n %= period;
	if (n)
		c->syst_cvr = c->syst_rvr - (uint32_t)(n - 1u);
}

/* ---- accounting ---------------------------------------------------------- */

static bool cyccnt_running(const struct vb_cpu *c)
{
	return (c->demcr & DEMCR_TRCENA) && (c->dwt_ctrl & DWT_CYCCNTENA);
}

static void account(struct vb_cpu *c, uint64_t n)
{
	if (!n)
		return;
	c->retired = true;
	vb_stats.insns += n;
	if (cyccnt_running(c))
		c->dwt_cyccnt += (uint32_t)n;
	systick_advance(c, n);
}

/* Instructions of the current uc_emu_start so far (registers read by the
 * core while it runs see time move on). */
static uint64_t insns_in_flight(const struct vb_cpu *c)
{
	return c->in_emu ? c->run_insns : 0;
}

/* ---- reset [v7M B1.5.5] ------------------------------------------------ */

static void debug_regs_reset(struct vb_cpu *c)
{
	c->dhcsr = 0;
	c->demcr = 0;
	c->dfsr = 0;
	c->dcrdr = 0;
	c->fp_enable = 0;
	memset(c->fp_comp, 0, sizeof(c->fp_comp));
	c->dwt_ctrl = DWT_CTRL_RESET;
	c->dwt_cyccnt = 0;
	memset(c->dwt_cnt8, 0, sizeof(c->dwt_cnt8));
	memset(c->dwt_comp, 0, sizeof(c->dwt_comp));
	memset(c->dwt_mask, 0, sizeof(c->dwt_mask));
	memset(c->dwt_func, 0, sizeof(c->dwt_func));
	c->itm_ter = 0;
	c->itm_tpr = 0;
	c->itm_tcr = 0;
	c->hooks_dirty = true;
}

static void scs_reset(struct vb_cpu *c)
{
	c->vtor = vb_board_boot_addr(c->board) & ~0x7Fu;
	c->prigroup = 0;
	c->scr = 0;
	c->ccr = CCR_RESET;
	c->actlr = 0;
	c->shcsr_ena = 0;
	memset(c->shpr, 0, sizeof(c->shpr));
	c->cfsr = c->hfsr = c->mmfar = c->bfar = c->afsr = 0;
	c->cpacr = 0;
	c->csselr = 0;
	c->fpccr = FPCCR_RESET;
	c->fpcar = c->fpdscr = 0;
	memset(c->m7_ctl, 0, sizeof(c->m7_ctl));
	c->mpu_ctrl = c->mpu_rnr = 0;
	memset(c->mpu_rbar, 0, sizeof(c->mpu_rbar));
	memset(c->mpu_rasr, 0, sizeof(c->mpu_rasr));
	memset(c->pend, 0, sizeof(c->pend));
	memset(c->active, 0, sizeof(c->active));
	memset(c->irq_enable, 0, sizeof(c->irq_enable));
	memset(c->nvic_ipr, 0, sizeof(c->nvic_ipr));
	c->syst_csr = c->syst_rvr = c->syst_cvr = 0;
}

/* Core registers: Thread mode, privileged, main stack, FP state cleared. */
static void core_regs_reset(struct vb_cpu *c)
{
	static const int gpr[] = {
		UC_ARM_REG_R0,  UC_ARM_REG_R1,  UC_ARM_REG_R2,  UC_ARM_REG_R3, UC_ARM_REG_R4,
		UC_ARM_REG_R5,  UC_ARM_REG_R6,  UC_ARM_REG_R7,  UC_ARM_REG_R8, UC_ARM_REG_R9,
		UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12,
	};

	xpsr_set(c, XPSR_T);
	control_set(c, 0);
	special_set(c, UC_ARM_REG_PRIMASK, 0);
	special_set(c, UC_ARM_REG_BASEPRI, 0);
	special_set(c, UC_ARM_REG_FAULTMASK, 0);
	special_set(c, UC_ARM_REG_PSP, 0);
	for (size_t i = 0; i < sizeof(gpr) / sizeof(gpr[0]); i++)
		reg_set(c, gpr[i], 0);
	reg_set(c, UC_ARM_REG_LR, 0xFFFFFFFFu);
	for (int i = 0; i < 32; i++)
		reg_set(c, UC_ARM_REG_S0 + i, 0);
	reg_set(c, UC_ARM_REG_FPSCR, 0);
}

/* Everything a reset of this kind clears, without fetching the vectors. */
static void reset_state(struct vb_cpu *c, enum vb_reset_kind kind)
{
	if (kind == VB_RESET_POWER_ON)
		debug_regs_reset(c);
	else
		c->demcr &= ~DEMCR_MON_MASK;
	scs_reset(c);
	core_regs_reset(c);
	c->halted = c->sleeping = c->lockup = false;
	c->dwt_trap_pending = false;
	if (!debug_enabled(c))
		c->dhcsr = 0;
	c->reset_seen = true;
	vb_stats.resets++;
}

/* Out of reset: SP and PC from the vector table, then reset vector catch or
 * a halt request left set by the debugger [v7M C1.6.2, C1.6.5]. */
static void boot(struct vb_cpu *c)
{
	uint32_t sp, pc;

	if (!mem_read32(c, c->vtor, &sp) || !mem_read32(c, c->vtor + 4u, &pc)) {
		enter_lockup(c, c->vtor, "reset vector fetch failed");
		return;
	}
	special_set(c, UC_ARM_REG_MSP, sp & ~3u);
	xpsr_set(c, (pc & 1u) ? XPSR_T : 0u);
	reg_set(c, UC_ARM_REG_PC, pc);
	vb_trace(VB_TR_CPU, "cpu: reset, sp 0x%08x pc 0x%08x", sp & ~3u, pc & ~1u);
	if (debug_enabled(c) && (c->demcr & VC_CORERESET))
		enter_debug(c, DFSR_VCATCH);
	else if (debug_enabled(c) && (c->dhcsr & C_HALT))
		enter_debug(c, DFSR_HALTED);
}

/* ---- core registers through DCRSR / DCRDR [v7M C1.6.3] ----------------- */

static int gpr_id(unsigned int sel)
{
	static const int ids[15] = {
		UC_ARM_REG_R0,  UC_ARM_REG_R1,  UC_ARM_REG_R2,  UC_ARM_REG_R3, UC_ARM_REG_R4,
		UC_ARM_REG_R5,  UC_ARM_REG_R6,  UC_ARM_REG_R7,  UC_ARM_REG_R8, UC_ARM_REG_R9,
		UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,
	};

	return ids[sel];
}

/* CONTROL[31:24], FAULTMASK[23:16], BASEPRI[15:8], PRIMASK[7:0] */
static uint32_t masks_get(struct vb_cpu *c)
{
	uint32_t xpsr = priv_begin(c), v;

	v = (reg_get(c, UC_ARM_REG_PRIMASK) & 1u) | (reg_get(c, UC_ARM_REG_BASEPRI) & 0xFFu) << 8 |
	    (reg_get(c, UC_ARM_REG_FAULTMASK) & 1u) << 16;
	priv_end(c, xpsr);
	return v | control_get(c) << 24;
}

static void masks_set(struct vb_cpu *c, uint32_t v)
{
	uint32_t xpsr = priv_begin(c);

	reg_set(c, UC_ARM_REG_PRIMASK, v & 1u);
	reg_set(c, UC_ARM_REG_BASEPRI, (v >> 8) & PRIO_BITS_MASK);
	reg_set(c, UC_ARM_REG_FAULTMASK, (v >> 16) & 1u);
	priv_end(c, xpsr);
	control_set(c, v >> 24);
}

static bool core_reg_read(struct vb_cpu *c, unsigned int sel, uint32_t *v)
{
	if (sel <= 14u)
		*v = reg_get(c, gpr_id(sel));
	else if (sel == 15u)
		*v = pc_get(c); /* DebugReturnAddress */
	else if (sel == 16u)
		*v = xpsr_get(c);
	else if (sel == 17u || sel == 18u)
		*v = special_get(c, sel == 17u ? UC_ARM_REG_MSP : UC_ARM_REG_PSP);
	else if (sel == 0x14u)
		*v = masks_get(c);
	else if (sel == 0x21u)
		*v = reg_get(c, UC_ARM_REG_FPSCR);
	else if (sel >= 0x40u && sel <= 0x5Fu)
		*v = reg_get(c, UC_ARM_REG_S0 + (int)(sel - 0x40u));
	else
		return false;
	return true;
}

static bool core_reg_write(struct vb_cpu *c, unsigned int sel, uint32_t v)
{
	if (sel <= 14u)
		reg_set(c, gpr_id(sel), v);
	else if (sel == 15u)
		pc_set(c, v);
	else if (sel == 16u)
		xpsr_set(c, v);
	else if (sel == 17u || sel == 18u)
		special_set(c, sel == 17u ? UC_ARM_REG_MSP : UC_ARM_REG_PSP, v & ~3u);
	else if (sel == 0x14u)
		masks_set(c, v);
	else if (sel == 0x21u)
		reg_set(c, UC_ARM_REG_FPSCR, v);
	else if (sel >= 0x40u && sel <= 0x5Fu)
		reg_set(c, UC_ARM_REG_S0 + (int)(sel - 0x40u), v);
	else
		return false;
	return true;
}

static void dcrsr_write(struct vb_cpu *c, uint32_t val)
{
	unsigned int sel = val & DCRSR_REGSEL;
	bool ok;

	if (c->in_emu) {
		vb_guest_error(VB_CPU_PPB_BASE + 0xEDF4u, "cpu: DCRSR written by software");
		return;
	}
	if (!c->halted)
		vb_guest_error(VB_CPU_PPB_BASE + 0xEDF4u, "cpu: DCRSR transfer while running");
	if (val & DCRSR_REGWNR)
		ok = core_reg_write(c, sel, c->dcrdr);
	else
		ok = core_reg_read(c, sel, &c->dcrdr);
	if (!ok)
		vb_guest_error(VB_CPU_PPB_BASE + 0xEDF4u, "cpu: DCRSR.REGSEL 0x%02x reserved", sel);
}

/* ---- halting debug ----------------------------------------------------- */

static uint64_t run_once(struct vb_cpu *c, uint64_t budget, bool stepping);

static bool runnable(const struct vb_cpu *c)
{
	return !c->halted && !c->lockup && !c->reset_held;
}

/* C_STEP with C_HALT clear: one instruction, or the entry to a pending
 * exception, then halt again [v7M C1.5.1]. */
static void debug_step(struct vb_cpu *c)
{
	leave_debug(c);
	vb_stats.steps++;
	if (take_pending(c)) {
		account(c, 1);
	} else {
		uint64_t n = run_once(c, 1, true);

		account(c, n);
	}
	c->sleeping = false; /* a stepped WFI completes */
	if (!c->halted && !c->lockup && !c->reset_held)
		enter_debug(c, DFSR_HALTED);
}

/* The core writing DHCSR: it cannot change C_DEBUGEN, and its other
 * writes only count while halting debug is enabled [v7M C1.6.2]. */
static void dhcsr_core_write(struct vb_cpu *c, uint32_t ctrl)
{
	if (!debug_enabled(c))
		return;
	c->dhcsr = (c->dhcsr & C_DEBUGEN) | (ctrl & ~C_DEBUGEN);
	if (ctrl & C_HALT) {
		c->events |= EV_HALT_REQ;
		uc_emu_stop(c->uc);
	}
}

static void dhcsr_write(struct vb_cpu *c, uint32_t val, uint32_t mask)
{
	uint32_t ctrl;

	if ((mask >> 16) != 0xFFFFu || (val >> 16) != DHCSR_KEY) {
		vb_guest_error(VB_CPU_PPB_BASE + 0xEDF0u, "cpu: DHCSR write without DBGKEY");
		return;
	}
	ctrl = merge(c->dhcsr, val, mask) & DHCSR_CTRL_MASK;
	if (c->in_emu) {
		dhcsr_core_write(c, ctrl);
		return;
	}
	if (!(ctrl & C_DEBUGEN)) {
		c->dhcsr = 0;
		if (c->halted)
			leave_debug(c);
		return;
	}
	c->dhcsr = ctrl & ~C_HALT;
	if (ctrl & C_HALT) {
		c->dhcsr |= C_HALT;
		if (!c->halted && !c->reset_held)
			enter_debug(c, DFSR_HALTED);
	} else if (c->halted && (ctrl & C_STEP)) {
		debug_step(c);
	} else if (c->halted) {
		leave_debug(c);
	}
}

static uint32_t dhcsr_read(struct vb_cpu *c)
{
	uint32_t v = (c->dhcsr & DHCSR_CTRL_MASK) | S_REGRDY;

	v |= c->halted ? S_HALT : 0u;
	v |= c->sleeping ? S_SLEEP : 0u;
	v |= c->lockup ? S_LOCKUP : 0u;
	v |= c->retired ? S_RETIRE_ST : 0u;
	v |= (c->reset_seen || c->reset_held) ? S_RESET_ST : 0u;
	if (!c->in_emu) {
		/* sticky status clears when the debugger reads it */
		c->retired = false;
		c->reset_seen = false;
	}
	return v;
}

/* ---- resets requested through AIRCR [v7M B1.5.16] ---------------------- */

static void aircr_write(struct vb_cpu *c, uint32_t val, uint32_t mask)
{
	if ((mask >> 16) != 0xFFFFu || (val >> 16) != AIRCR_VECTKEY) {
		vb_guest_error(VB_CPU_PPB_BASE + 0xED0Cu, "cpu: AIRCR write without VECTKEY");
		return;
	}
	c->prigroup = (val >> 8) & 7u;
	if (val & AIRCR_VECTCLRACT)
		memset(c->active, 0, sizeof(c->active));
	if (!(val & (AIRCR_SYSRESETREQ | AIRCR_VECTRESET)))
		return;
	vb_cpu_reset(c, (val & AIRCR_SYSRESETREQ) ? VB_RESET_SYSTEM : VB_RESET_CORE);
}

/* ---- FPB and DWT hooks ------------------------------------------------- */

static void fpb_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct vb_cpu *c = user;

	(void)size;
	/* a breakpoint debug event needs halting debug; the FPB is otherwise
	 * ignored (no DebugMonitor model) [v7M C1.4] */
	if (!debug_enabled(c))
		return;
	c->events |= EV_FPB;
	c->ev_pc = (uint32_t)addr;
	uc_emu_stop(uc);
}

/* Translated blocks that contain addr must go for a hook change to take
 * effect on code that already ran [UC]. */
static void flush_code(struct vb_cpu *c, uint32_t addr)
{
	uc_ctl_remove_cache(c->uc, addr, (uint64_t)addr + 4u);
}

/*
 * Retranslate all code, e.g. with(out) a global hook. A UC_CTL_TB_FLUSH
 * zeroes libunicorn's whole code buffer (3 s the first time), and a
 * remove-cache range only works from a mapped start address, so each
 * mapped region is invalidated in turn [UC].
 */
static void flush_all_code(struct vb_cpu *c)
{
	uc_mem_region *regions = NULL;
	uint32_t n = 0;

	if (uc_mem_regions(c->uc, &regions, &n) != UC_ERR_OK)
		return;
	for (uint32_t i = 0; i < n; i++)
		uc_ctl_remove_cache(c->uc, regions[i].begin, regions[i].end + 1u);
	uc_free(regions);
}

static void fpb_sync_one(struct vb_cpu *c, unsigned int i)
{
	bool want = (c->fp_enable & FP_CTRL_ENABLE) && (c->fp_comp[i] & FP_COMP_BE);
	uint32_t addr = c->fp_comp[i] & ~1u;

	if (c->fpb_hooked[i] && (!want || c->fpb_hook_addr[i] != addr)) {
		uc_hook_del(c->uc, c->h_fpb[i]);
		flush_code(c, c->fpb_hook_addr[i]);
		c->fpb_hooked[i] = false;
	}
	if (want && !c->fpb_hooked[i]) {
		if (uc_hook_add(c->uc, &c->h_fpb[i], UC_HOOK_CODE, (void *)fpb_hook, c, addr,
		                addr) != UC_ERR_OK)
			return;
		flush_code(c, addr);
		c->fpb_hooked[i] = true;
		c->fpb_hook_addr[i] = addr;
	}
}

static bool dwt_comp_active(const struct vb_cpu *c, unsigned int i)
{
	uint32_t f = c->dwt_func[i] & DWT_FUNC_MASK;

	if (!(c->demcr & DEMCR_TRCENA) || (c->dwt_func[i] & DWT_DATAVMATCH))
		return false;
	return f >= DWT_FUNC_PC && f <= DWT_FUNC_RW;
}

/* Does the access [addr, addr + size) touch the comparator's range? */
static bool dwt_addr_match(const struct vb_cpu *c, unsigned int i, uint32_t addr, uint32_t size)
{
	uint32_t bits = c->dwt_mask[i] & 0x1Fu;
	uint64_t span = 1ull << bits;
	uint64_t base = c->dwt_comp[i] & ~(uint32_t)(span - 1u);

	return (uint64_t)addr < base + span && (uint64_t)addr + size > base;
}

static void dwt_hit(struct vb_cpu *c, unsigned int i)
{
	c->dwt_func[i] |= DWT_MATCHED;
	if (debug_enabled(c))
		c->dwt_trap_pending = true;
}

/* Precise mode: runs before every instruction, so PCs are exact and a data
 * watchpoint halts at the boundary after the access (on silicon the halt
 * may come a few instructions later [v7M C1.8.1]). */
static void precise_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct vb_cpu *c = user;

	(void)size;
	if (c->dwt_trap_pending) {
		c->events |= EV_DWT;
		uc_emu_stop(uc);
		return;
	}
	for (unsigned int i = 0; i < DWT_NUM_COMP; i++) {
		if (dwt_comp_active(c, i) && (c->dwt_func[i] & DWT_FUNC_MASK) == DWT_FUNC_PC &&
		    dwt_addr_match(c, i, (uint32_t)addr, 2)) {
			dwt_hit(c, i);
			if (c->dwt_trap_pending) {
				c->events |= EV_DWT;
				uc_emu_stop(uc);
				return;
			}
		}
	}
	c->cur_pc = (uint32_t)addr;
	c->run_insns++;
}

static void dwt_mem_hook(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                         void *user)
{
	struct vb_cpu *c = user;
	bool wr = type == UC_MEM_WRITE;

	(void)uc;
	(void)value;
	for (unsigned int i = 0; i < DWT_NUM_COMP; i++) {
		uint32_t f = c->dwt_func[i] & DWT_FUNC_MASK;

		if (!dwt_comp_active(c, i) || f == DWT_FUNC_PC)
			continue;
		if ((f == DWT_FUNC_READ && wr) || (f == DWT_FUNC_WRITE && !wr))
			continue;
		if (dwt_addr_match(c, i, (uint32_t)addr, (uint32_t)size))
			dwt_hit(c, i);
	}
}

static bool dwt_needs_precise(const struct vb_cpu *c)
{
	for (unsigned int i = 0; i < DWT_NUM_COMP; i++) {
		if (dwt_comp_active(c, i))
			return true;
	}
	return false;
}

static void precise_sync(struct vb_cpu *c)
{
	bool want = dwt_needs_precise(c);

	if (want == c->precise)
		return;
	if (want) {
		if (uc_hook_add(c->uc, &c->h_precise, UC_HOOK_CODE, (void *)precise_hook, c, 1,
		                0) != UC_ERR_OK)
			return;
		if (uc_hook_add(c->uc, &c->h_dwt_mem, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
		                (void *)dwt_mem_hook, c, 1, 0) != UC_ERR_OK) {
			uc_hook_del(c->uc, c->h_precise);
			return;
		}
	} else {
		uc_hook_del(c->uc, c->h_precise);
		uc_hook_del(c->uc, c->h_dwt_mem);
	}
	c->precise = want;
	flush_all_code(c);
}

static void hooks_sync(struct vb_cpu *c)
{
	if (!c->hooks_dirty)
		return;
	for (unsigned int i = 0; i < FPB_NUM_CODE; i++)
		fpb_sync_one(c, i);
	precise_sync(c);
	c->hooks_dirty = false;
}

/* ---- other hooks ---------------------------------------------------------- */

static void intr_hook(uc_engine *uc, uint32_t intno, void *user)
{
	struct vb_cpu *c = user;

	c->ev_intno = intno;
	c->ev_pc = (uint32_t)reg_get(c, UC_ARM_REG_PC) & ~1u;
	c->events |= (intno == UC_EXCP_BKPT) ? EV_BKPT : EV_INTR;
	uc_emu_stop(uc);
}

static bool invalid_hook(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                         void *user)
{
	struct vb_cpu *c = user;

	(void)uc;
	(void)size;
	(void)value;
	c->events |= EV_MEM_FAULT;
	c->ev_addr = (uint32_t)addr;
	c->ev_write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
	return false;
}

static uint32_t code_halfword(struct vb_cpu *c, uint32_t addr, bool *ok)
{
	uint16_t hw = 0;
	uint8_t *p = vb_bus_backing(c->board, addr, 2);

	*ok = true;
	if (p)
		return (uint32_t)p[0] | (uint32_t)p[1] << 8;
	if (uc_mem_read(c->uc, addr, &hw, 2) != UC_ERR_OK)
		*ok = false;
	return hw;
}

/* A 16-bit Thumb encoding unless the top five bits are 0b11101, 0b11110 or
 * 0b11111 [v7M A5.1]. */
static uint32_t thumb_len(uint32_t hw)
{
	return (hw >> 11) >= 0x1Du ? 4u : 2u;
}

/* Instructions in [addr, addr + size); *last gets the last one's address. */
static uint32_t block_decode(struct vb_cpu *c, uint32_t addr, uint32_t size, uint32_t *last)
{
	uint32_t off = 0, n = 0;
	bool ok = true;

	*last = addr;
	while (off < size) {
		uint32_t hw = code_halfword(c, addr + off, &ok);

		if (!ok)
			return n + (size - off) / 2u;
		*last = addr + off;
		off += thumb_len(hw);
		n++;
	}
	return n;
}

static void block_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct vb_cpu *c = user;
	uint32_t a = (uint32_t)addr, slot = (a >> 1) % 1024u, last;

	c->last_blk_addr = a;
	c->last_blk_size = size;
	if (c->run_mmio >= CPU_MMIO_YIELD && !(c->events & EV_YIELD)) {
		c->events |= EV_YIELD;
		uc_emu_stop(uc);
	}
	if (c->precise)
		return; /* counted per instruction */
	if (c->icount[slot].addr != a || c->icount[slot].size != size) {
		c->icount[slot].addr = a;
		c->icount[slot].size = size;
		c->icount[slot].n = block_decode(c, a, size, &last);
	}
	c->run_insns += c->icount[slot].n;
}

/* ---- the run loop ------------------------------------------------------ */

enum hint {
	HINT_NONE,
	HINT_WFI,
	HINT_WFE, /* also YIELD */
};

/* Did the last block end, exactly at pc, with WFI or WFE? Translation
 * blocks end after these hints, and libunicorn returns OK after WFI and
 * UC_ERR_INSN_INVALID after WFE/YIELD with the PC past them [UC]. */
static enum hint ended_on_hint(struct vb_cpu *c, uint32_t pc)
{
	uint32_t last, hw, lo;
	bool ok;

	if (!c->last_blk_size || c->last_blk_addr + c->last_blk_size != pc)
		return HINT_NONE;
	block_decode(c, c->last_blk_addr, c->last_blk_size, &last);
	hw = code_halfword(c, last, &ok);
	if (!ok)
		return HINT_NONE;
	if (last + 2u == pc)
		return hw == T16_WFI                        ? HINT_WFI
		       : (hw == T16_WFE || hw == T16_YIELD) ? HINT_WFE
		                                            : HINT_NONE;
	lo = code_halfword(c, last + 2u, &ok);
	if (!ok || hw != T32_HINT_HI)
		return HINT_NONE;
	return lo == T32_WFI_LO                           ? HINT_WFI
	       : (lo == T32_WFE_LO || lo == T32_YIELD_LO) ? HINT_WFE
	                                                  : HINT_NONE;
}

/* The PC of the faulting instruction: exact in precise mode, otherwise the
 * start of its translation block (libunicorn 2.0.1 does not restore the PC
 * on memory faults [UC]). */
static uint32_t fault_pc(struct vb_cpu *c)
{
	return c->precise ? c->cur_pc : pc_get(c);
}

static unsigned int mem_fault_kind(uc_err err)
{
	switch (err) {
	case UC_ERR_FETCH_UNMAPPED:
		return F_IBUSERR;
	case UC_ERR_FETCH_PROT:
		return F_IACCVIOL;
	case UC_ERR_WRITE_UNMAPPED:
	case UC_ERR_WRITE_PROT:
		/* stores are buffered: the bus error comes back imprecise */
		return F_IMPRECISERR;
	case UC_ERR_READ_UNALIGNED:
	case UC_ERR_WRITE_UNALIGNED:
	case UC_ERR_FETCH_UNALIGNED:
		return F_UNALIGNED;
	default:
		return F_PRECISERR;
	}
}

/* An imprecise fault returns to an instruction after the store. */
static uint32_t next_pc(struct vb_cpu *c, uint32_t pc)
{
	bool ok;
	uint32_t hw = code_halfword(c, pc, &ok);

	return ok && c->precise ? pc + thumb_len(hw) : pc;
}

static void handle_error(struct vb_cpu *c, uc_err err)
{
	uint32_t pc = fault_pc(c);
	unsigned int kind = mem_fault_kind(err);

	switch (err) {
	case UC_ERR_INSN_INVALID:
	case UC_ERR_EXCEPTION:
		/* libunicorn restores the PC for these [UC] */
		pc = pc_get(c);
		take_fault(c, (xpsr_get(c) & XPSR_T) ? F_UNDEFINSTR : F_INVSTATE, pc, pc);
		break;
	case UC_ERR_FETCH_UNMAPPED:
	case UC_ERR_FETCH_PROT:
		/* the PC is the address that could not be fetched */
		pc = pc_get(c);
		take_fault(c, kind, pc, pc);
		break;
	default:
		take_fault(c, kind, kind == F_IMPRECISERR ? next_pc(c, pc) : pc, c->ev_addr);
		break;
	}
}

static void handle_intr(struct vb_cpu *c)
{
	uint32_t pc = c->ev_pc;

	switch (c->ev_intno) {
	case UC_EXCP_SWI:
		/* the PC is already past the SVC: the return address */
		if (group_prio(c, exc_prio(c, EXC_SVCALL)) < exec_prio(c))
			exc_enter(c, EXC_SVCALL, pc);
		else
			take_fault(c, F_FORCED, pc, 0);
		break;
	case UC_EXCP_EXCEPTION_EXIT:
		exc_return(c, pc | 1u);
		break;
	case UC_EXCP_PREFETCH_ABORT:
		take_fault(c, F_IACCVIOL, pc, pc);
		break;
	case UC_EXCP_DATA_ABORT:
		take_fault(c, F_DACCVIOL, pc, 0);
		break;
	case UC_EXCP_NOCP:
		take_fault(c, F_NOCP, pc, 0);
		break;
	case UC_EXCP_INVSTATE:
		take_fault(c, F_INVSTATE, pc, 0);
		break;
	case UC_EXCP_UNALIGNED:
		take_fault(c, F_UNALIGNED, pc, 0);
		break;
	case UC_EXCP_DIVBYZERO:
		take_fault(c, F_DIVBYZERO, pc, 0);
		break;
	default:
		vb_guest_error(pc, "cpu: unexpected CPU exception %u", c->ev_intno);
		take_fault(c, F_FORCED, pc, 0);
		break;
	}
}

/* BKPT: a halt with halting debug enabled, else HardFault [v7M C1.4]. */
static void handle_bkpt(struct vb_cpu *c)
{
	if (debug_enabled(c))
		enter_debug(c, DFSR_BKPT);
	else
		take_fault(c, F_DEBUGEVT, c->ev_pc, c->ev_pc);
}

/* Events reported by hooks, in the order the core would see them. */
static void handle_events(struct vb_cpu *c)
{
	uint32_t ev = c->events;

	if (ev & EV_RESET) {
		vb_cpu_reset(c, c->ev_reset);
		return;
	}
	if (ev & EV_BUS_FAULT)
		take_fault(c, F_IMPRECISERR, pc_get(c), c->ev_addr);
	if (ev & EV_BKPT)
		handle_bkpt(c);
	else if (ev & EV_INTR)
		handle_intr(c);
	if (c->halted || c->lockup)
		return;
	if (ev & EV_FPB)
		enter_debug(c, DFSR_BKPT);
	else if (ev & EV_DWT)
		enter_debug(c, DFSR_DWTTRAP);
	else if (ev & EV_HALT_REQ)
		enter_debug(c, DFSR_HALTED);
}

/* After uc_emu_start: what happened, and how many instructions ran. */
static uint64_t finish_run(struct vb_cpu *c, uc_err err, uint64_t budget, bool stepping)
{
	uint64_t done = c->run_insns < budget ? c->run_insns : budget;
	uint32_t pc = pc_get(c);
	enum hint hint = HINT_NONE;

	if (c->events & ~(EV_MEM_FAULT | EV_RESCHEDULE | EV_YIELD)) {
		handle_events(c);
		return done;
	}
	if (err == UC_ERR_OK || err == UC_ERR_INSN_INVALID)
		hint = ended_on_hint(c, pc);
	if (err == UC_ERR_OK && hint == HINT_WFI) {
		/* WFI: sleep until an exception is pending [v7M B1.5.19] */
		c->sleeping = !stepping;
	} else if (hint == HINT_WFE) {
		/* the architecture lets WFE complete at any time [v7M B1.5.18]:
		 * treated as a NOP, which never hangs firmware that waits for
		 * events nothing here generates */
	} else if (err != UC_ERR_OK) {
		handle_error(c, err);
	} else if (!(c->events & (EV_RESCHEDULE | EV_YIELD))) {
		done = budget; /* the instruction count ran out */
	}
	return done;
}

/* One uc_emu_start of at most budget instructions. */
static uint64_t run_once(struct vb_cpu *c, uint64_t budget, bool stepping)
{
	uint32_t pc, t;
	uc_err err;

	hooks_sync(c);
	pc = pc_get(c);
	t = (xpsr_get(c) & XPSR_T) ? 1u : 0u;
	c->events = 0;
	c->run_insns = 0;
	c->run_mmio = 0;
	c->last_blk_size = 0;
	c->cur_pc = pc;
	c->in_emu = true;
	err = uc_emu_start(c->uc, pc | t, RUN_UNTIL_NEVER, 0, (size_t)budget);
	c->in_emu = false;
	return finish_run(c, err, budget, stepping);
}

/* Sleeping: SysTick keeps counting until something wakes the core. */
static void sleep_advance(struct vb_cpu *c, uint64_t budget)
{
	uint64_t to_fire = systick_cycles_to_fire(c);

	if (wake_pending(c)) {
		c->sleeping = false;
		return;
	}
	if (to_fire && (c->syst_csr & SYST_TICKINT))
		systick_advance(c, to_fire < budget ? to_fire : budget);
	if (wake_pending(c))
		c->sleeping = false;
}

/* Instructions to run before looking at exceptions again: up to the next
 * SysTick underflow, and not long while one is pending but masked (an MSR
 * that unmasks it does not stop the emulation). */
#define MASKED_PENDING_SLICE 256u

static uint64_t slice_budget(const struct vb_cpu *c, uint64_t left)
{
	uint64_t to_fire = systick_cycles_to_fire(c);

	if (to_fire && to_fire < left)
		left = to_fire;
	if (exc_highest_pending(c) && left > MASKED_PENDING_SLICE)
		left = MASKED_PENDING_SLICE;
	return left;
}

/* ---- register file: ITM [v7M C1.7] -------------------------------------- */

struct cs_ids {
	uint64_t pidr; /* PIDR7..PIDR0 */
	uint32_t cidr; /* CIDR3..CIDR0 */
};

/*
 * CoreSight identification of the PPB components: [M7TRM 9.1] and tables
 * 9.7, 11.1, 12.1; values as read from a Cortex-M7 with OpenOCD `dap info`
 * (SCS 0x04000BB000, DWT 0x04000BB002, FPB 0x04000BB00E, ITM 0x04000BB001).
 */
static const struct cs_ids ids_itm = { 0x04000BB001ull, 0xB105E00Du };
static const struct cs_ids ids_dwt = { 0x04000BB002ull, 0xB105E00Du };
static const struct cs_ids ids_fpb = { 0x04000BB00Eull, 0xB105E00Du };
static const struct cs_ids ids_scs = { 0x04000BB000ull, 0xB105E00Du };
static const struct cs_ids ids_rom_cpu = { 0x04000BB4C8ull, 0xB105100Du };
static const struct cs_ids ids_rom_ppb = { 0x04000BB4C7ull, 0xB105100Du };

/* 0xFD0..0xFFC of a 4 KiB component: PIDR4-7, PIDR0-3, CIDR0-3. */
static bool cs_id_read(const struct cs_ids *ids, uint32_t off, uint32_t *v)
{
	if (off >= 0xFF0u && off <= 0xFFCu)
		*v = (ids->cidr >> (8u * ((off - 0xFF0u) / 4u))) & 0xFFu;
	else if (off >= 0xFE0u)
		*v = (uint32_t)(ids->pidr >> (8u * ((off - 0xFE0u) / 4u))) & 0xFFu;
	else if (off >= 0xFD0u)
		*v = (uint32_t)(ids->pidr >> (32u + 8u * ((off - 0xFD0u) / 4u))) & 0xFFu;
	else
		return false;
	return true;
}

static uint32_t itm_read(struct vb_cpu *c, uint32_t off)
{
	uint32_t v = 0;

	if (off < 0x80u)
		return 1u; /* stimulus port: FIFOREADY */
	if (off == 0xE00u)
		return c->itm_ter;
	if (off == 0xE40u)
		return c->itm_tpr;
	if (off == 0xE80u)
		return c->itm_tcr;
	cs_id_read(&ids_itm, off, &v);
	return v;
}

static void itm_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	if (off < 0x80u) {
		unsigned int port = off / 4u;

		if ((c->itm_tcr & ITM_TCR_ITMENA) && (c->itm_ter >> port & 1u))
			vb_trace(VB_TR_CPU, "itm[%u]: 0x%08x", port, val & mask);
	} else if (off == 0xE00u) {
		c->itm_ter = merge(c->itm_ter, val, mask);
	} else if (off == 0xE40u) {
		c->itm_tpr = merge(c->itm_tpr, val, mask) & 0xFu;
	} else if (off == 0xE80u) {
		c->itm_tcr = merge(c->itm_tcr, val, mask) & 0x00FF3F1Fu;
	}
}

/* ---- register file: DWT [v7M C1.8.7] ----------------------------------- */

static uint32_t dwt_read(struct vb_cpu *c, uint32_t off)
{
	uint32_t v = 0;

	if (off >= 0x20u && off < 0x20u + 16u * DWT_NUM_COMP) {
		unsigned int i = (off - 0x20u) / 16u;

		switch (off & 0xFu) {
		case 0x0:
			return c->dwt_comp[i];
		case 0x4:
			return c->dwt_mask[i];
		case 0x8:
			v = c->dwt_func[i];
			if (!c->in_emu)
				c->dwt_func[i] &= ~DWT_MATCHED; /* clears on read */
			return v;
		default:
			return 0;
		}
	}
	switch (off) {
	case 0x000:
		return c->dwt_ctrl;
	case 0x004:
		return c->dwt_cyccnt + (cyccnt_running(c) ? (uint32_t)insns_in_flight(c) : 0u);
	case 0x008:
	case 0x00C:
	case 0x010:
	case 0x014:
	case 0x018:
		return c->dwt_cnt8[(off - 8u) / 4u];
	case 0x01C:
		/* PCSR: a sample of the PC, all ones while halted */
		return c->halted ? 0xFFFFFFFFu : (c->in_emu ? c->cur_pc : pc_get(c));
	default:
		cs_id_read(&ids_dwt, off, &v);
		return v; /* DEVARCH (0xFBC) reads as 0 on ARMv7-M */
	}
}

static void dwt_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	if (off >= 0x20u && off < 0x20u + 16u * DWT_NUM_COMP) {
		unsigned int i = (off - 0x20u) / 16u;

		if ((off & 0xFu) == 0x0u)
			c->dwt_comp[i] = merge(c->dwt_comp[i], val, mask);
		else if ((off & 0xFu) == 0x4u)
			c->dwt_mask[i] = merge(c->dwt_mask[i], val, mask) & 0x1Fu;
		else if ((off & 0xFu) == 0x8u)
			c->dwt_func[i] = merge(c->dwt_func[i], val, mask & DWT_FUNC_RW_BITS) |
			                 (c->dwt_func[i] & DWT_MATCHED);
		c->hooks_dirty = true;
		return;
	}
	if (off == 0x000u)
		c->dwt_ctrl = merge(c->dwt_ctrl, val, mask & DWT_CTRL_RW);
	else if (off == 0x004u)
		c->dwt_cyccnt = merge(c->dwt_cyccnt, val, mask);
	else if (off >= 0x008u && off <= 0x018u)
		c->dwt_cnt8[(off - 8u) / 4u] =
		        merge(c->dwt_cnt8[(off - 8u) / 4u], val, mask) & 0xFFu;
}

/* ---- register file: FPB [v7M C1.11] ------------------------------------ */

static uint32_t fpb_read(struct vb_cpu *c, uint32_t off)
{
	uint32_t v = 0;

	if (off == 0x000u)
		return FP_CTRL_RO | c->fp_enable;
	if (off == 0x004u)
		return 0; /* FP_REMAP: RMPSPT = 0, no flash patching on FPB v2 */
	if (off >= 0x008u && off < 0x008u + 4u * FPB_NUM_CODE)
		return c->fp_comp[(off - 8u) / 4u];
	cs_id_read(&ids_fpb, off, &v);
	return v;
}

static void fpb_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	if (off == 0x000u) {
		/* ENABLE only changes when KEY is written as 1 */
		if ((mask & 0xFFu) && (val & FP_CTRL_KEY))
			c->fp_enable = val & FP_CTRL_ENABLE;
	} else if (off >= 0x008u && off < 0x008u + 4u * FPB_NUM_CODE) {
		unsigned int i = (off - 8u) / 4u;

		c->fp_comp[i] = merge(c->fp_comp[i], val, mask);
	} else {
		return;
	}
	c->hooks_dirty = true;
}

/* ---- register file: SCS [v7M B3.2, B3.3, B3.4, C1.6] -------------------- */

static uint32_t icsr_read(struct vb_cpu *c)
{
	uint32_t v = xpsr_get(c) & XPSR_IPSR;
	unsigned int pending = exc_highest_pending(c);

	v |= (pending & 0x1FFu) << 12;
	for (unsigned int w = EXC_IRQ0 / 32u; w < EXC_WORDS; w++) {
		if (c->pend[w] & (w == 0 ? 0xFFFF0000u : 0xFFFFFFFFu))
			v |= ICSR_ISRPENDING;
	}
	if (active_count(c) <= 1u)
		v |= ICSR_RETTOBASE;
	v |= bit_get(c->pend, EXC_SYSTICK) ? ICSR_PENDSTSET : 0u;
	v |= bit_get(c->pend, EXC_PENDSV) ? ICSR_PENDSVSET : 0u;
	v |= bit_get(c->pend, EXC_NMI) ? ICSR_NMIPENDSET : 0u;
	return v;
}

static void icsr_write(struct vb_cpu *c, uint32_t val)
{
	if (val & ICSR_PENDSTCLR)
		set_pending(c, EXC_SYSTICK, false);
	else if (val & ICSR_PENDSTSET)
		set_pending(c, EXC_SYSTICK, true);
	if (val & ICSR_PENDSVCLR)
		set_pending(c, EXC_PENDSV, false);
	else if (val & ICSR_PENDSVSET)
		set_pending(c, EXC_PENDSV, true);
	if (val & ICSR_NMIPENDSET)
		set_pending(c, EXC_NMI, true);
}

/* SHCSR: fault enables, pended and active bits [v7M B3.2.13]. */
static uint32_t shcsr_read(const struct vb_cpu *c)
{
	static const struct {
		unsigned int exc;
		uint32_t bit;
	} act[] = {
		{ EXC_MEMMANAGE, 1u << 0 }, { EXC_BUSFAULT, 1u << 1 }, { EXC_USAGEFAULT, 1u << 3 },
		{ EXC_SVCALL, 1u << 7 },    { 12u, 1u << 8 },          { EXC_PENDSV, 1u << 10 },
		{ EXC_SYSTICK, 1u << 11 }
	};
	uint32_t v = c->shcsr_ena;

	for (size_t i = 0; i < sizeof(act) / sizeof(act[0]); i++)
		v |= bit_get(c->active, act[i].exc) ? act[i].bit : 0u;
	v |= bit_get(c->pend, EXC_USAGEFAULT) ? 1u << 12 : 0u;
	v |= bit_get(c->pend, EXC_MEMMANAGE) ? 1u << 13 : 0u;
	v |= bit_get(c->pend, EXC_BUSFAULT) ? 1u << 14 : 0u;
	v |= bit_get(c->pend, EXC_SVCALL) ? 1u << 15 : 0u;
	return v;
}

/* CCSIDR for the cache CSSELR selects [v7M B4.8.3]: 32-byte lines, the
 * D-cache 4-way (WT, WB, RA, WA), the I-cache 2-way [M7TRM 4.1]. */
static uint32_t ccsidr_read(const struct vb_cpu *c)
{
	bool icache = c->csselr & 1u;
	uint32_t ways = icache ? 2u : 4u;
	uint32_t sets = c->var->cache_kib * 1024u / (ways * 32u);
	uint32_t flags = icache ? 0x20000000u : 0xF0000000u;

	return flags | (sets - 1u) << 13 | (ways - 1u) << 3 | 1u;
}

static uint32_t syst_csr_read(struct vb_cpu *c)
{
	uint32_t v = c->syst_csr;

	c->syst_csr &= ~SYST_COUNTFLAG; /* clears on read */
	return v;
}

static uint32_t syst_cvr_read(const struct vb_cpu *c)
{
	uint64_t n = insns_in_flight(c);
	uint32_t cvr = c->syst_cvr;

	if (!systick_running(c) || !n)
		return cvr;
	if (n < cvr)
		return cvr - (uint32_t)n;
	return c->syst_rvr ? c->syst_rvr - (uint32_t)((n - cvr) % ((uint64_t)c->syst_rvr + 1u)) : 0;
}

/* The 32 IRQs of NVIC register word k are exceptions 16 + 32k .. 47 + 32k. */
static uint32_t irq_word(const uint32_t *map, unsigned int k)
{
	return (map[k] >> 16) | (k + 1u < EXC_WORDS ? map[k + 1u] << 16 : 0u);
}

static uint32_t nvic_read(struct vb_cpu *c, uint32_t off)
{
	unsigned int k = (off & 0x7Fu) / 4u;

	if (off >= 0x400u) {
		uint32_t i = off - 0x400u;

		return (uint32_t)c->nvic_ipr[i] | (uint32_t)c->nvic_ipr[i + 1u] << 8 |
		       (uint32_t)c->nvic_ipr[i + 2u] << 16 | (uint32_t)c->nvic_ipr[i + 3u] << 24;
	}
	if (k >= EXC_WORDS)
		return 0;
	switch (off & ~0x7Fu) {
	case 0x100u: /* ISER */
	case 0x180u: /* ICER */
		return irq_word(c->irq_enable, k);
	case 0x200u: /* ISPR */
	case 0x280u: /* ICPR */
		return irq_word(c->pend, k);
	case 0x300u: /* IABR */
		return irq_word(c->active, k);
	default:
		return 0;
	}
}

static void nvic_bits(struct vb_cpu *c, uint32_t *map, unsigned int w, uint32_t val, bool set)
{
	for (unsigned int b = 0; val; b++, val >>= 1) {
		unsigned int exc = EXC_IRQ0 + 32u * w + b;

		if (!(val & 1u) || exc >= EXC_COUNT)
			continue;
		if (map == c->pend)
			set_pending(c, exc, set);
		else
			bit_set(map, exc, set);
	}
}

static void nvic_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	unsigned int w = (off & 0x7Fu) / 4u;

	if (off >= 0x400u && off < 0x400u + NVIC_IRQ_LINES) {
		for (unsigned int b = 0; b < 4u; b++) {
			if (mask & (0xFFu << (8u * b)))
				c->nvic_ipr[off - 0x400u + b] = (val >> (8u * b)) & PRIO_BITS_MASK;
		}
		return;
	}
	if (w >= EXC_WORDS)
		return;
	val &= mask;
	switch (off & ~0x7Fu) {
	case 0x100u:
		nvic_bits(c, c->irq_enable, w, val, true);
		break;
	case 0x180u:
		nvic_bits(c, c->irq_enable, w, val, false);
		break;
	case 0x200u:
		nvic_bits(c, c->pend, w, val, true);
		break;
	case 0x280u:
		nvic_bits(c, c->pend, w, val, false);
		break;
	default:
		break;
	}
}

static uint32_t mpu_read(const struct vb_cpu *c, uint32_t off)
{
	unsigned int r = c->mpu_rnr % 16u;

	switch (off) {
	case 0xD90u:
		return c->var->mpu_regions << 8; /* MPU_TYPE.DREGION */
	case 0xD94u:
		return c->mpu_ctrl;
	case 0xD98u:
		return c->mpu_rnr;
	case 0xD9Cu:
	case 0xDA4u:
	case 0xDACu:
	case 0xDB4u:
		return (c->mpu_rbar[r] & ~0x1Fu) | r;
	default:
		return c->mpu_rasr[r];
	}
}

static void mpu_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	unsigned int r = c->mpu_rnr % 16u;

	val = merge(mpu_read(c, off), val, mask);
	if (off == 0xD94u) {
		c->mpu_ctrl = val & 7u;
	} else if (off == 0xD98u) {
		c->mpu_rnr = val & 0xFFu;
	} else if (off == 0xD9Cu || off == 0xDA4u || off == 0xDACu || off == 0xDB4u) {
		if (val & 0x10u) /* VALID: REGION field selects the region */
			c->mpu_rnr = r = val & 0xFu;
		c->mpu_rbar[r % 16u] = val & ~0x1Fu;
	} else if (off != 0xD90u) {
		c->mpu_rasr[r] = val;
	}
}

/* SCB words 0xD00..0xD8C and the FP / M7 control words. */
static uint32_t scb_read(struct vb_cpu *c, uint32_t off)
{
	switch (off) {
	case 0xD00u:
		return c->var->cpuid;
	case 0xD04u:
		return icsr_read(c);
	case 0xD08u:
		return c->vtor;
	case 0xD0Cu:
		return AIRCR_VECTKEYSTAT << 16 | c->prigroup << 8;
	case 0xD10u:
		return c->scr;
	case 0xD14u:
		return c->ccr;
	case 0xD18u:
	case 0xD1Cu:
	case 0xD20u:
		return (uint32_t)c->shpr[off - 0xD18u] | (uint32_t)c->shpr[off - 0xD17u] << 8 |
		       (uint32_t)c->shpr[off - 0xD16u] << 16 |
		       (uint32_t)c->shpr[off - 0xD15u] << 24;
	case 0xD24u:
		return shcsr_read(c);
	case 0xD28u:
		return c->cfsr;
	case 0xD2Cu:
		return c->hfsr;
	case 0xD30u:
		return c->dfsr;
	case 0xD34u:
		return c->mmfar;
	case 0xD38u:
		return c->bfar;
	case 0xD3Cu:
		return c->afsr;
	case 0xD78u:
		return 0x09000003u; /* CLIDR: L1 I + D, LoC = LoUU = 1 */
	case 0xD7Cu:
		return 0x8303C003u; /* CTR: 32-byte lines */
	case 0xD80u:
		return ccsidr_read(c);
	case 0xD84u:
		return c->csselr;
	case 0xD88u:
		return c->cpacr;
	default:
		return 0; /* ID_PFR0.. and reserved: RAZ */
	}
}

static void shpr_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	for (unsigned int b = 0; b < 4u; b++) {
		unsigned int i = off - 0xD18u + b;

		/* byte i is exception 4 + i; 7-10 and 13 are reserved */
		if ((mask & (0xFFu << (8u * b))) && (i < 3u || (i >= 7u && i != 9u)))
			c->shpr[i] = (val >> (8u * b)) & PRIO_BITS_MASK;
	}
}

static void scb_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	switch (off) {
	case 0xD04u:
		icsr_write(c, val & mask);
		break;
	case 0xD08u:
		c->vtor = merge(c->vtor, val, mask) & ~0x7Fu;
		break;
	case 0xD0Cu:
		aircr_write(c, val, mask);
		break;
	case 0xD10u:
		c->scr = merge(c->scr, val, mask) & 0x16u;
		break;
	case 0xD14u:
		c->ccr = merge(c->ccr, val, mask) & 0x0007031Bu;
		break;
	case 0xD18u:
	case 0xD1Cu:
	case 0xD20u:
		shpr_write(c, off, val, mask);
		break;
	case 0xD24u:
		c->shcsr_ena = merge(c->shcsr_ena, val, mask) & SHCSR_ENA_MASK;
		break;
	case 0xD28u:
		c->cfsr &= ~(val & mask); /* write one to clear */
		break;
	case 0xD2Cu:
		c->hfsr &= ~(val & mask);
		break;
	case 0xD30u:
		c->dfsr &= ~(val & mask & DFSR_MASK);
		break;
	case 0xD34u:
		c->mmfar = merge(c->mmfar, val, mask);
		break;
	case 0xD38u:
		c->bfar = merge(c->bfar, val, mask);
		break;
	case 0xD3Cu:
		c->afsr &= ~(val & mask);
		break;
	case 0xD84u:
		c->csselr = merge(c->csselr, val, mask) & 0xFu;
		break;
	case 0xD88u:
		c->cpacr = merge(c->cpacr, val, mask) & 0x00F00000u;
		break;
	default:
		break;
	}
}

static uint32_t debug_read(struct vb_cpu *c, uint32_t off)
{
	switch (off) {
	case 0xDF0u:
		return dhcsr_read(c);
	case 0xDF8u:
		return c->dcrdr;
	case 0xDFCu:
		return c->demcr;
	default:
		return 0; /* DCRSR is write-only */
	}
}

static void debug_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	switch (off) {
	case 0xDF0u:
		dhcsr_write(c, val, mask);
		break;
	case 0xDF4u:
		dcrsr_write(c, merge(0, val, mask));
		break;
	case 0xDF8u:
		c->dcrdr = merge(c->dcrdr, val, mask);
		break;
	case 0xDFCu:
		c->demcr = merge(c->demcr, val, mask) & DEMCR_MASK;
		c->hooks_dirty = true;
		break;
	default:
		break;
	}
}

static uint32_t syst_read(struct vb_cpu *c, uint32_t off)
{
	switch (off) {
	case 0x010u:
		return syst_csr_read(c);
	case 0x014u:
		return c->syst_rvr;
	case 0x018u:
		return syst_cvr_read(c);
	default:
		return 0; /* CALIB: no reference clock information */
	}
}

static void syst_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	if (off == 0x010u) {
		c->syst_csr = (c->syst_csr & SYST_COUNTFLAG) |
		              (merge(c->syst_csr, val, mask) &
		               (SYST_ENABLE | SYST_TICKINT | SYST_CLKSOURCE));
	} else if (off == 0x014u) {
		c->syst_rvr = merge(c->syst_rvr, val, mask) & SYST_MAX;
	} else if (off == 0x018u) {
		/* any write clears the counter and COUNTFLAG */
		c->syst_cvr = 0;
		c->syst_csr &= ~SYST_COUNTFLAG;
	}
	if (c->in_emu) {
		/* the slice budget depends on SysTick: re-plan it */
		c->events |= EV_RESCHEDULE;
		uc_emu_stop(c->uc);
	}
}

/* M7 TCM / cache control words 0xF90..0xFA8, FP context words 0xF34.. */
static uint32_t scs_misc_read(struct vb_cpu *c, uint32_t off)
{
	if (off >= 0xF90u && off <= 0xFA8u)
		return c->m7_ctl[(off - 0xF90u) / 4u];
	switch (off) {
	case 0x004u:
		return 7u; /* ICTR: 240 interrupt lines modelled */
	case 0x008u:
		return c->actlr;
	case 0xF34u:
		return c->fpccr;
	case 0xF38u:
		return c->fpcar;
	case 0xF3Cu:
		return c->fpdscr;
	case 0xF40u:
		return c->var->mvfr0;
	case 0xF44u:
		return c->var->mvfr1;
	case 0xF48u:
		return c->var->mvfr2;
	default:
		return 0; /* STIR and cache maintenance are write-only */
	}
}

static void scs_misc_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	if (off >= 0xF90u && off <= 0xFA8u) {
		c->m7_ctl[(off - 0xF90u) / 4u] = merge(c->m7_ctl[(off - 0xF90u) / 4u], val, mask);
		return;
	}
	switch (off) {
	case 0x008u:
		c->actlr = merge(c->actlr, val, mask);
		break;
	case 0xF00u: /* STIR */
		if ((val & mask & 0x1FFu) < NVIC_IRQ_LINES)
			set_pending(c, EXC_IRQ0 + (val & mask & 0x1FFu), true);
		break;
	case 0xF34u:
		c->fpccr = merge(c->fpccr, val, mask) & 0xC00001FBu;
		break;
	case 0xF38u:
		c->fpcar = merge(c->fpcar, val, mask) & ~7u;
		break;
	case 0xF3Cu:
		c->fpdscr = merge(c->fpdscr, val, mask) & 0x07C00000u;
		break;
	default:
		break; /* cache maintenance: nothing is cached here */
	}
}

static uint32_t scs_read(struct vb_cpu *c, uint32_t off)
{
	uint32_t v = 0;

	if (off >= 0x010u && off < 0x020u)
		return syst_read(c, off);
	if (off >= 0x100u && off < 0x400u + NVIC_IRQ_LINES)
		return nvic_read(c, off);
	if (off >= 0xD00u && off < 0xD90u)
		return scb_read(c, off);
	if (off >= 0xD90u && off < 0xDBCu)
		return mpu_read(c, off);
	if (off >= 0xDF0u && off < 0xE00u)
		return debug_read(c, off);
	if (cs_id_read(&ids_scs, off, &v))
		return v;
	return scs_misc_read(c, off);
}

static void scs_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	if (off >= 0x010u && off < 0x020u)
		syst_write(c, off, val, mask);
	else if (off >= 0x100u && off < 0x400u + NVIC_IRQ_LINES)
		nvic_write(c, off, val, mask);
	else if (off >= 0xD00u && off < 0xD90u)
		scb_write(c, off, val, mask);
	else if (off >= 0xD90u && off < 0xDBCu)
		mpu_write(c, off, val, mask);
	else if (off >= 0xDF0u && off < 0xE00u)
		debug_write(c, off, val, mask);
	else
		scs_misc_write(c, off, val, mask);
}

/* ---- the PPB as a vb_periph -------------------------------------------- */

static uint32_t ppb_word_read(struct vb_cpu *c, uint32_t off)
{
	switch (off >> 12) {
	case 0x0:
		return itm_read(c, off & 0xFFFu);
	case 0x1:
		return dwt_read(c, off & 0xFFFu);
	case 0x2:
		return fpb_read(c, off & 0xFFFu);
	case 0xE:
		return scs_read(c, off & 0xFFFu);
	default:
		return 0; /* reserved PPB space: RAZ/WI */
	}
}

static void ppb_word_write(struct vb_cpu *c, uint32_t off, uint32_t val, uint32_t mask)
{
	switch (off >> 12) {
	case 0x0:
		itm_write(c, off & 0xFFFu, val, mask);
		break;
	case 0x1:
		dwt_write(c, off & 0xFFFu, val, mask);
		break;
	case 0x2:
		fpb_write(c, off & 0xFFFu, val, mask);
		break;
	case 0xE:
		scs_write(c, off & 0xFFFu, val, mask);
		break;
	default:
		break;
	}
}

static uint32_t size_mask(unsigned int size)
{
	return size >= 4u ? 0xFFFFFFFFu : (1u << (8u * size)) - 1u;
}

static uint32_t ppb_read(void *ctx, uint32_t off, unsigned int size)
{
	uint32_t word = ppb_word_read(ctx, off & ~3u);

	return (word >> (8u * (off & 3u))) & size_mask(size);
}

static void ppb_write(void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	unsigned int shift = 8u * (off & 3u);

	ppb_word_write(ctx, off & ~3u, (val & size_mask(size)) << shift, size_mask(size) << shift);
}

/*
 * The Cortex-M7 processor ROM table at 0xE00FE000 points to the PPB ROM
 * table at 0xE00FF000 [M7TRM 9.1.1, 9.1.2]. ETM and CTI are not modelled,
 * so their entries read as "not present" (bit 0 clear, as the TRM gives
 * for configurations without them); so does the TPIU, which is outside
 * the Cortex-M7.
 */
static const uint32_t rom_cpu_entries[] = { 0x00001003u, 0xFFF43002u, 0xFFF44002u, 0x1FF02002u,
	                                    0x00000000u };
static const uint32_t rom_ppb_entries[] = { 0xFFF0F003u, 0xFFF02003u, 0xFFF03003u, 0xFFF01003u,
	                                    0xFFF41002u, 0xFFF42002u, 0x00000000u };

static uint32_t rom_table_read(const uint32_t *entries, size_t n, const struct cs_ids *ids,
                               uint32_t off)
{
	uint32_t v = 0;

	if (off / 4u < n)
		return entries[off / 4u];
	if (off == 0xFCCu)
		return 1u; /* MEMTYPE.SYSMEM: system memory on this bus */
	cs_id_read(ids, off, &v);
	return v;
}

static uint32_t rom_read(void *ctx, uint32_t off, unsigned int size)
{
	uint32_t word;

	(void)ctx;
	if (off < 0x1000u)
		word = rom_table_read(rom_cpu_entries, sizeof(rom_cpu_entries) / 4u, &ids_rom_cpu,
		                      off & 0xFFCu);
	else
		word = rom_table_read(rom_ppb_entries, sizeof(rom_ppb_entries) / 4u, &ids_rom_ppb,
		                      off & 0xFFCu);
	return (word >> (8u * (off & 3u))) & size_mask(size);
}

static void rom_write(void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	(void)ctx;
	(void)off;
	(void)size;
	(void)val;
}

/* Core state is reset by vb_cpu_reset, which also drives the peripheral
 * reset; the bus-level reset hook must not recurse into it. */
static void ppb_reset(void *ctx)
{
	(void)ctx;
}

/* ---- public API -------------------------------------------------------- */

static const struct cpu_variant *variant_for(const struct vb_board *b)
{
	const struct vb_board_info *info = vb_board_info(b);
	const char *mcu = info && info->mcu ? info->mcu : "";

	for (size_t i = 0; i < sizeof(cpu_variants) / sizeof(cpu_variants[0]); i++) {
		if (!strncmp(mcu, cpu_variants[i].mcu_prefix, strlen(cpu_variants[i].mcu_prefix)))
			return &cpu_variants[i];
	}
	return &cpu_variants[1];
}

static bool hooks_install(struct vb_cpu *c)
{
	if (uc_hook_add(c->uc, &c->h_intr, UC_HOOK_INTR, (void *)intr_hook, c, 1, 0) != UC_ERR_OK)
		return false;
	if (uc_hook_add(c->uc, &c->h_invalid, UC_HOOK_MEM_INVALID, (void *)invalid_hook, c, 1, 0) !=
	    UC_ERR_OK) {
		uc_hook_del(c->uc, c->h_intr);
		return false;
	}
	if (uc_hook_add(c->uc, &c->h_block, UC_HOOK_BLOCK, (void *)block_hook, c, 1, 0) !=
	    UC_ERR_OK) {
		uc_hook_del(c->uc, c->h_intr);
		uc_hook_del(c->uc, c->h_invalid);
		return false;
	}
	return true;
}

static void periphs_register(struct vb_cpu *c)
{
	c->ppb = (struct vb_periph){
		.name = "ppb",
		.base = VB_CPU_PPB_BASE,
		.size = VB_CPU_PPB_SIZE,
		.read = ppb_read,
		.write = ppb_write,
		.reset = ppb_reset,
		.ctx = c,
	};
	c->rom = (struct vb_periph){
		.name = "m7-rom",
		.base = VB_CPU_ROM_BASE,
		.size = VB_CPU_ROM_SIZE,
		.read = rom_read,
		.write = rom_write,
		.reset = ppb_reset,
		.ctx = c,
	};
	vb_bus_add_periph(c->board, &c->ppb);
	vb_bus_add_periph(c->board, &c->rom);
}

struct vb_cpu *vb_cpu_new(struct vb_board *b)
{
	struct vb_cpu *c;

	if (!b || !vb_board_uc(b))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->board = b;
	c->uc = vb_board_uc(b);
	c->var = variant_for(b);
	if (!hooks_install(c)) {
		free(c);
		return NULL;
	}
	periphs_register(c);
	vb_board_set_cpu(b, c);
	reset_state(c, VB_RESET_POWER_ON);
	boot(c);
	return c;
}

void vb_cpu_free(struct vb_cpu *c)
{
	if (!c)
		return;
	for (unsigned int i = 0; i < FPB_NUM_CODE; i++) {
		if (c->fpb_hooked[i])
			uc_hook_del(c->uc, c->h_fpb[i]);
	}
	if (c->precise) {
		uc_hook_del(c->uc, c->h_precise);
		uc_hook_del(c->uc, c->h_dwt_mem);
	}
	uc_hook_del(c->uc, c->h_intr);
	uc_hook_del(c->uc, c->h_invalid);
	uc_hook_del(c->uc, c->h_block);
	free(c);
}

void vb_cpu_reset(struct vb_cpu *c, enum vb_reset_kind kind)
{
	if (!c)
		return;
	if (c->in_emu) {
		/* requested by the running core or a peripheral it is accessing:
		 * the reset happens once the current block has finished */
		c->events |= EV_RESET;
		c->ev_reset = kind;
		uc_emu_stop(c->uc);
		return;
	}
	vb_trace(VB_TR_CPU, "cpu: %s reset",
	         kind == VB_RESET_POWER_ON ? "power-on"
	         : kind == VB_RESET_SYSTEM ? "system"
	                                   : "core");
	if (kind != VB_RESET_CORE)
		vb_board_reset_periphs(c->board);
	reset_state(c, kind);
	if (!c->reset_held)
		boot(c);
}

bool vb_cpu_halted(const struct vb_cpu *c)
{
	return c && c->halted;
}

bool vb_cpu_sleeping(const struct vb_cpu *c)
{
	return c && c->sleeping;
}

bool vb_cpu_locked_up(const struct vb_cpu *c)
{
	return c && c->lockup;
}

bool vb_cpu_wants_cycles(const struct vb_cpu *c)
{
	if (!c || !runnable(c))
		return false;
	if (!c->sleeping || wake_pending(c))
		return true;
	/* asleep, but SysTick will wake the core */
	return systick_running(c) && (c->syst_csr & SYST_TICKINT);
}

uint64_t vb_cpu_run_slice(struct vb_cpu *c, uint64_t max_insns)
{
	uint64_t total = 0;

	if (!c || c->in_emu)
		return 0;
	while (total < max_insns && runnable(c)) {
		uint64_t n;

		if (c->sleeping) {
			sleep_advance(c, max_insns - total);
			if (c->sleeping)
				break;
		}
		if (take_pending(c)) {
			/* an exception entry costs at least a cycle: progress */
			account(c, 1);
			total++;
			continue;
		}
		n = run_once(c, slice_budget(c, max_insns - total), false);
		account(c, n);
		total += n ? n : 1u;
		if (c->events & EV_YIELD)
			break;
	}
	return total < max_insns ? total : max_insns;
}

void vb_cpu_hold_reset(struct vb_cpu *c, bool asserted)
{
	if (!c || asserted == c->reset_held)
		return;
	if (asserted) {
		vb_trace(VB_TR_CPU, "cpu: nRST asserted");
		vb_board_reset_periphs(c->board);
		reset_state(c, VB_RESET_SYSTEM);
		c->reset_held = true;
		return;
	}
	vb_trace(VB_TR_CPU, "cpu: nRST released");
	c->reset_held = false;
	c->reset_seen = true;
	boot(c);
}

void vb_cpu_mmio_access(struct vb_cpu *c)
{
	/* counted here, acted on at the next block boundary (block_hook):
	 * stopping inside an access callback could replay the access */
	if (c->in_emu)
		c->run_mmio++;
}

void vb_cpu_bus_fault(struct vb_cpu *c, uint32_t addr, bool is_write)
{
	if (!c || !c->in_emu)
		return;
	c->events |= EV_BUS_FAULT;
	c->ev_addr = addr;
	c->ev_write = is_write;
	uc_emu_stop(c->uc);
}

void vb_cpu_set_irq(struct vb_cpu *c, unsigned int irq, bool pending)
{
	if (!c || irq >= NVIC_IRQ_LINES)
		return;
	set_pending(c, EXC_IRQ0 + irq, pending);
}
