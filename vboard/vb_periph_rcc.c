// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: STM32 H7/F7 clock and power models: RCC (oscillators and PLLs
 * with ready flags, the system clock switch, peripheral enable registers
 * used for clock gating) and PWR (H7 supply configuration and voltage
 * scaling, F7 voltage scaling and over-drive).
 *
 * Ready flags: an oscillator, PLL or regulator reports ready at the
 * second read of its status register after being enabled: the first read
 * still shows "not ready", as on silicon right after the enable (HSE
 * start-up is ~2 ms, PLL lock ~50 us), so firmware must poll the ready
 * flag as the RMs tell it to, yet no modelled time passes. A clock
 * switch (any RCC_CFGR access) counts as time passing and settles every
 * pending flag. Reads of the enable registers have no side effects (the
 * bus reads them for clock gating).
 *
 * Sources: see vb_periph_stm32.c; offsets and bits from the CMSIS device
 * headers, reset values from RM0433 / RM0468 / RM0385 and ST's SVDs.
 */
#include <stdio.h>

#include "vb_periph.h"

#define BIT(n)         (1u << (n))
#define ARRAY_LEN(a)   (sizeof(a) / sizeof((a)[0]))
#define FIELD(v, s, w) (((v) >> (s)) & ((1u << (w)) - 1u))

/* Per-chip constants of the RCC model. */
struct osc_desc {
	const char *name;
	uint8_t on, rdy; /* bit numbers in RCC_CR */
	bool pll;        /* needs its input clock (PLLSRC) running */
};

struct rcc_param {
	uint16_t cr, cfgr;
	uint8_t sw_shift, sw_width, sws_shift;
	const struct osc_desc *osc;
	size_t n_osc;
	const int8_t *sw_osc; /* CFGR.SW value -> osc index, -1: reserved */
	size_t n_sw;
	uint16_t pllsrc_reg;
	uint8_t pllsrc_shift, pllsrc_width;
	const int8_t *pllsrc_osc; /* PLLSRC value -> osc index, -1: no clock */
	size_t n_pllsrc;
	uint8_t main_pll;    /* osc index of the PLL F7 voltage scaling needs */
	uint32_t always_set; /* status bits that read 1 while the chip runs */
};

struct pwr_param {
	uint32_t supply_mask; /* CR3 supply configuration bits (write-once) */
	uint32_t scuen;       /* H750 SCUEN bit: writes count while it is 1 */
};

/* ---- RCC --------------------------------------------------------------- */

static const struct rcc_param *rcc_p(const struct vb_blk *k)
{
	return k->d->kind->param;
}

static bool osc_on(struct vb_blk *k, size_t i)
{
	return *vb_blk_regp(k, rcc_p(k)->cr) & BIT(rcc_p(k)->osc[i].on);
}

/* Ready, or ready by the time anyone looks again. */
static bool osc_running(struct vb_blk *k, size_t i)
{
	int cr = vb_blk_reg_of(k, rcc_p(k)->cr);
	uint32_t rdy = BIT(rcc_p(k)->osc[i].rdy);

	return (k->val[cr] | k->pend[cr]) & rdy;
}

static int pll_input(struct vb_blk *k)
{
	const struct rcc_param *p = rcc_p(k);
	uint32_t sel = FIELD(*vb_blk_regp(k, p->pllsrc_reg), p->pllsrc_shift, p->pllsrc_width);

	return sel < p->n_pllsrc ? p->pllsrc_osc[sel] : -1;
}

/* A PLL locks only when its reference clock runs (RM0433). */
static bool osc_input_ok(struct vb_blk *k, size_t i)
{
	int in;

	if (!rcc_p(k)->osc[i].pll)
		return true;
	in = pll_input(k);
	return in >= 0 && osc_running(k, (size_t)in);
}

static int sws_osc(struct vb_blk *k)
{
	const struct rcc_param *p = rcc_p(k);
	uint32_t sws = FIELD(*vb_blk_regp(k, p->cfgr), p->sws_shift, p->sw_width);

	return sws < p->n_sw ? p->sw_osc[sws] : -1;
}

/* In use: the system clock, or the reference of a PLL that is on. An
 * oscillator in use cannot be switched off (RM0433 and RM0385
 * RCC_CR, HSION and HSEON: not clearable while used directly or
 * indirectly as the system clock). */
static bool osc_in_use(struct vb_blk *k, size_t i)
{
	const struct rcc_param *p = rcc_p(k);

	if (sws_osc(k) == (int)i)
		return true;
	if (pll_input(k) != (int)i)
		return false;
	for (size_t j = 0; j < p->n_osc; j++)
		if (p->osc[j].pll && osc_on(k, j))
			return true;
	return false;
}

static void rcc_update_sws(struct vb_blk *k)
{
	const struct rcc_param *p = rcc_p(k);
	uint32_t *cfgr = vb_blk_regp(k, p->cfgr);
	uint32_t sw = FIELD(*cfgr, p->sw_shift, p->sw_width);
	uint32_t mask = ((1u << p->sw_width) - 1u) << p->sws_shift;
	int osc = sw < p->n_sw ? p->sw_osc[sw] : -1;

	/* The switch happens once the selected clock is ready (RM0433,
	 * RM0385, the system clock switch); until then SWS keeps the old source. */
	if (osc >= 0 && (*vb_blk_regp(k, p->cr) & BIT(p->osc[osc].rdy)))
		*cfgr = (*cfgr & ~mask) | (sw << p->sws_shift);
}

/* Start every clock that is on, not ready and has its input: it reports
 * ready from the next read of RCC_CR on. */
static void rcc_arm(struct vb_blk *k)
{
	const struct rcc_param *p = rcc_p(k);
	int cr = vb_blk_reg_of(k, p->cr);

	for (size_t i = 0; i < p->n_osc; i++) {
		uint32_t rdy = BIT(p->osc[i].rdy);

		if (osc_on(k, i) && !((k->val[cr] | k->pend[cr]) & rdy) && osc_input_ok(k, i))
			k->pend[cr] |= rdy;
	}
}

static void rcc_promote(struct vb_blk *k)
{
	int cr = vb_blk_reg_of(k, rcc_p(k)->cr);

	k->val[cr] |= k->pend[cr];
	k->pend[cr] = 0;
}

/* Time passes: pending ready flags appear, PLLs waiting for their
 * reference lock, a pending clock switch completes. */
static void rcc_settle(struct vb_blk *k)
{
	rcc_promote(k);
	rcc_arm(k);
	rcc_promote(k);
	rcc_update_sws(k);
}

static void rcc_osc_off(struct vb_blk *k, size_t i, int cr)
{
	const struct osc_desc *o = &rcc_p(k)->osc[i];

	if (osc_in_use(k, i)) {
		k->val[cr] |= BIT(o->on);
		if (vb_trace_mask & VB_TR_BUS)
			vb_trace(VB_TR_BUS, "RCC: %s is in use, stays on", o->name);
		return;
	}
	k->val[cr] &= ~BIT(o->rdy);
	k->pend[cr] &= ~BIT(o->rdy);
}

static void rcc_cr_written(struct vb_blk *k, uint32_t old)
{
	const struct rcc_param *p = rcc_p(k);
	int cr = vb_blk_reg_of(k, p->cr);

	for (size_t i = 0; i < p->n_osc; i++) {
		uint32_t on = BIT(p->osc[i].on);

		if ((old & on) && !(k->val[cr] & on))
			rcc_osc_off(k, i, cr);
	}
	rcc_arm(k);
}

static uint32_t rcc_read(struct vb_blk *k, unsigned int r)
{
	const struct rcc_param *p = rcc_p(k);
	uint16_t off = vb_blk_reg_off(k, r);
	uint32_t v;

	if (off == p->cr) {
		v = vb_blk_read_then_settle(k, r) | p->always_set;
		rcc_arm(k); /* a PLL whose reference just became ready */
		return v;
	}
	if (off == p->cfgr)
		rcc_settle(k);
	return k->val[r];
}

static void rcc_write(struct vb_blk *k, unsigned int r, uint32_t old, uint32_t wr, uint32_t lanes)
{
	const struct rcc_param *p = rcc_p(k);
	uint16_t off = vb_blk_reg_off(k, r);

	(void)wr;
	(void)lanes;
	if (off == p->cr)
		rcc_cr_written(k, old);
	else if (off == p->cfgr)
		rcc_settle(k);
	else if (off == p->pllsrc_reg)
		rcc_arm(k);
}

/*
 * STM32H7 RCC (RM0433, RM0468; offsets from the CMSIS RCC_TypeDef).
 * CR reset 0x00000025: HSION, HSIRDY, HSIDIVF (the SVD's 0x00000083 is the
 * F7 value). D1CKRDY/D2CKRDY read 1: both domains run whenever anything
 * can read them. The RCC_C1_xxx registers at 0x130-0x17C are the CPU1
 * views of 0x0D0-0x11C (single-core parts).
 */
#define H7_CR_ALWAYS (BIT(14) | BIT(15))
static const struct vb_reg rcc_h7_regs[] = {
	{ 0x000, "CR", 0x00000025, 0x150D129B },
	{ 0x004, "HSICFGR", 0x40000000, 0x7F000000 },
	{ 0x008, "CRRCR", 0x00000000, 0 },
	{ 0x00C, "CSICFGR", 0x20000000, 0x3F000000 },
	{ 0x010, "CFGR", 0x00000000, 0xFFFCFFC7 },
	{ 0x018, "D1CFGR", 0x00000000, 0x00000F7F },
	{ 0x01C, "D2CFGR", 0x00000000, 0x00000770 },
	{ 0x020, "D3CFGR", 0x00000000, 0x00000070 },
	{ 0x028, "PLLCKSELR", 0x02020200, 0x03F3F3F3 },
	{ 0x02C, "PLLCFGR", 0x01FF0000, 0x01FF0FFF },
	{ 0x030, "PLL1DIVR", 0x01010280, 0x7F7FFFFF },
	{ 0x034, "PLL1FRACR", 0x00000000, 0x0000FFF8 },
	{ 0x038, "PLL2DIVR", 0x01010280, 0x7F7FFFFF },
	{ 0x03C, "PLL2FRACR", 0x00000000, 0x0000FFF8 },
	{ 0x040, "PLL3DIVR", 0x01010280, 0x7F7FFFFF },
	{ 0x044, "PLL3FRACR", 0x00000000, 0x0000FFF8 },
	{ 0x04C, "D1CCIPR", 0x00000000, 0x30010033 },
	{ 0x050, "D2CCIP1R", 0x00000000, 0xFFFFFFFF },
	{ 0x054, "D2CCIP2R", 0x00000000, 0xFFFFFFFF },
	{ 0x058, "D3CCIPR", 0x00000000, 0xFFFFFFFF },
	{ 0x060, "CIER", 0x00000000, 0x000003FF },
	{ 0x064, "CIFR", 0x00000000, 0 },
	{ 0x068, "CICR", 0x00000000, 0 },
	{ 0x070, "BDCR", 0x00000000, 0x0001833D },
	{ 0x074, "CSR", 0x00000000, 0x00000001 },
	{ 0x07C, "AHB3RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x080, "AHB1RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x084, "AHB2RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x088, "AHB4RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x08C, "APB3RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x090, "APB1LRSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x094, "APB1HRSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x098, "APB2RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x09C, "APB4RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x0D0, "RSR", 0x00000000, 0 },
	{ 0x0D4, "AHB3ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x0D8, "AHB1ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x0DC, "AHB2ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x0E0, "AHB4ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x0E4, "APB3ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x0E8, "APB1LENR", 0x00000000, 0xFFFFFFFF },
	{ 0x0EC, "APB1HENR", 0x00000000, 0xFFFFFFFF },
	{ 0x0F0, "APB2ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x0F4, "APB4ENR", 0x00000000, 0xFFFFFFFF },
};

/* Oscillators and PLLs of RCC_CR, as (ON, RDY) bit pairs. */
static const struct osc_desc rcc_h7_osc[] = {
	{ .name = "HSI", .on = 0, .rdy = 2 },
	{ .name = "CSI", .on = 7, .rdy = 8 },
	{ .name = "HSI48", .on = 12, .rdy = 13 },
	{ .name = "HSE", .on = 16, .rdy = 17 },
	{ .name = "PLL1", .on = 24, .rdy = 25, .pll = true },
	{ .name = "PLL2", .on = 26, .rdy = 27, .pll = true },
	{ .name = "PLL3", .on = 28, .rdy = 29, .pll = true },
};

/* CFGR.SW: 000 HSI, 001 CSI, 010 HSE, 011 PLL1 (RM0433). */
static const int8_t rcc_h7_sw[] = { 0, 1, 3, 4, -1, -1, -1, -1 };
/* PLLCKSELR.PLLSRC: 00 HSI, 01 CSI, 10 HSE, 11 none (RM0433). */
static const int8_t rcc_h7_pllsrc[] = { 0, 1, 3, -1 };

static const struct rcc_param rcc_h7_param = {
	.cr = 0x000,
	.cfgr = 0x010,
	.sw_shift = 0,
	.sw_width = 3,
	.sws_shift = 3,
	.osc = rcc_h7_osc,
	.n_osc = ARRAY_LEN(rcc_h7_osc),
	.sw_osc = rcc_h7_sw,
	.n_sw = ARRAY_LEN(rcc_h7_sw),
	.pllsrc_reg = 0x028,
	.pllsrc_shift = 0,
	.pllsrc_width = 2,
	.pllsrc_osc = rcc_h7_pllsrc,
	.n_pllsrc = ARRAY_LEN(rcc_h7_pllsrc),
	.main_pll = 4,
	.always_set = H7_CR_ALWAYS,
};

const struct vb_blk_kind vb_rcc_h7 = {
	.name = "RCC",
	.regs = rcc_h7_regs,
	.n_regs = ARRAY_LEN(rcc_h7_regs),
	.param = &rcc_h7_param,
	.is_rcc = true,
	.alias_from = 0x130,
	.alias_to = 0x0D0,
	.alias_len = 0x50,
	.read = rcc_read,
	.write = rcc_write,
};

/*
 * STM32F7 RCC (RM0385). CR reset 0x00000083: HSION, HSIRDY, HSITRIM
 * 16 (HSICAL, factory trimmed, reads 0 here). PLLCFGR 0x24003010 and the
 * LPENR defaults as in the SVD. PLLI2SCFGR/PLLSAICFGR 0x24003000 (N 192,
 * Q 4, R/P 2 in RM0385's register descriptions; the SVD's 0x20003000 lacks Q);
 * DCKCFGR1/2 reset 0 (the SVD repeats 0x20003000 there, a copy error).
 * CSR: only LSION is kept (RMVF, which clears the reset flags, is not
 * modelled); the reset flags read PINRSTF|PORRSTF|BORRSTF.
 */
static const struct vb_reg rcc_f7_regs[] = {
	{ 0x00, "CR", 0x00000083, 0x150D00F9 },
	{ 0x04, "PLLCFGR", 0x24003010, 0x0F437FFF },
	{ 0x08, "CFGR", 0x00000000, 0xFFFFFCF3 },
	{ 0x0C, "CIR", 0x00000000, 0x00003F00 },
	{ 0x10, "AHB1RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x14, "AHB2RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x18, "AHB3RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x20, "APB1RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x24, "APB2RSTR", 0x00000000, 0xFFFFFFFF },
	{ 0x30, "AHB1ENR", 0x00100000, 0xFFFFFFFF },
	{ 0x34, "AHB2ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x38, "AHB3ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x40, "APB1ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x44, "APB2ENR", 0x00000000, 0xFFFFFFFF },
	{ 0x50, "AHB1LPENR", 0x7E6791FF, 0xFFFFFFFF },
	{ 0x54, "AHB2LPENR", 0x000000F1, 0xFFFFFFFF },
	{ 0x58, "AHB3LPENR", 0x00000001, 0xFFFFFFFF },
	{ 0x60, "APB1LPENR", 0x36FEC9FF, 0xFFFFFFFF },
	{ 0x64, "APB2LPENR", 0x00075F33, 0xFFFFFFFF },
	{ 0x70, "BDCR", 0x00000000, 0x0001831D },
	{ 0x74, "CSR", 0x0E000000, 0x00000001 },
	{ 0x80, "SSCGR", 0x00000000, 0xCFFFFFFF },
	{ 0x84, "PLLI2SCFGR", 0x24003000, 0x7F037FC0 },
	{ 0x88, "PLLSAICFGR", 0x24003000, 0x7F037FC0 },
	{ 0x8C, "DCKCFGR1", 0x00000000, 0xFFFFFFFF },
	{ 0x90, "DCKCFGR2", 0x00000000, 0xFFFFFFFF },
};

static const struct osc_desc rcc_f7_osc[] = {
	{ .name = "HSI", .on = 0, .rdy = 1 },
	{ .name = "HSE", .on = 16, .rdy = 17 },
	{ .name = "PLL", .on = 24, .rdy = 25, .pll = true },
	{ .name = "PLLI2S", .on = 26, .rdy = 27, .pll = true },
	{ .name = "PLLSAI", .on = 28, .rdy = 29, .pll = true },
};

/* CFGR.SW: 00 HSI, 01 HSE, 10 PLL, 11 not allowed (RM0385). */
static const int8_t rcc_f7_sw[] = { 0, 1, 2, -1 };
/* PLLCFGR.PLLSRC (bit 22): 0 HSI, 1 HSE (RM0385). */
static const int8_t rcc_f7_pllsrc[] = { 0, 1 };

static const struct rcc_param rcc_f7_param = {
	.cr = 0x00,
	.cfgr = 0x08,
	.sw_shift = 0,
	.sw_width = 2,
	.sws_shift = 2,
	.osc = rcc_f7_osc,
	.n_osc = ARRAY_LEN(rcc_f7_osc),
	.sw_osc = rcc_f7_sw,
	.n_sw = ARRAY_LEN(rcc_f7_sw),
	.pllsrc_reg = 0x04,
	.pllsrc_shift = 22,
	.pllsrc_width = 1,
	.pllsrc_osc = rcc_f7_pllsrc,
	.n_pllsrc = ARRAY_LEN(rcc_f7_pllsrc),
	.main_pll = 2,
	.always_set = 0,
};

const struct vb_blk_kind vb_rcc_f7 = {
	.name = "RCC",
	.regs = rcc_f7_regs,
	.n_regs = ARRAY_LEN(rcc_f7_regs),
	.param = &rcc_f7_param,
	.is_rcc = true,
	.read = rcc_read,
	.write = rcc_write,
};

/* ---- PWR --------------------------------------------------------------- */

/*
 * STM32H7 PWR (RM0433, RM0468). The supply configuration in CR3
 * (LDOEN/BYPASS/SCUEN on H750, SMPS bits too on H735) can be set once
 * after power-on; HAL_PWREx_ConfigSupply() (stm32h7xx_hal_driver
 * @6f5e35e) writes it and then waits for CSR1.ACTVOSRDY. On H750 the lock
 * is SCUEN: the write that clears it is the last one taken; on H735 the
 * first write locks. A write to D3CR.VOS clears VOSRDY until the regulator
 * settles (the HAL then polls VOSRDY; it also reads 0 from reset until the
 * supply is configured, D3CR reset 0x00004000); CSR1.ACTVOS follows.
 */
#define H7_CSR1_ACTVOSRDY BIT(13)
#define H7_D3CR_VOSRDY    BIT(13)
#define H7_VOS_MASK       (3u << 14)

static const struct vb_reg pwr_h7_regs[] = {
	{ 0x00, "CR1", 0xF000C000, 0x0007C3F1 },     { 0x04, "CSR1", 0x00004000, 0 },
	{ 0x08, "CR2", 0x00000000, 0x00000011 },     { 0x0C, "CR3", 0x00000006, 0x0300033F },
	{ 0x10, "CPUCR", 0x00000000, 0x00000A01 },   { 0x18, "D3CR", 0x00004000, 0x0000C000 },
	{ 0x20, "WKUPCR", 0x00000000, 0x0000003F },  { 0x24, "WKUPFR", 0x00000000, 0 },
	{ 0x28, "WKUPEPR", 0x00000000, 0x0FFF3F3F },
};

static const struct pwr_param pwr_h750_param = {
	.supply_mask = 0x00000007, /* SCUEN, LDOEN, BYPASS */
	.scuen = BIT(2),
};

static const struct pwr_param pwr_h735_param = {
	.supply_mask = 0x0000003F, /* SMPSLEVEL, SMPSEXTHP, SMPSEN, LDOEN, BYPASS */
	.scuen = 0,
};

/* CR3 bits besides the supply configuration: VBE, VBRS, USB33DEN,
 * USBREGEN. */
#define H7_CR3_OTHER 0x03000300u

static void pwr_h7_vos_pending(struct vb_blk *k)
{
	int d3cr = vb_blk_reg_of(k, 0x18);

	k->val[d3cr] &= ~H7_D3CR_VOSRDY;
	k->pend[d3cr] |= H7_D3CR_VOSRDY;
}

static void pwr_h7_cr3_written(struct vb_blk *k, uint32_t old)
{
	const struct pwr_param *p = k->d->kind->param;
	uint32_t *cr3 = vb_blk_regp(k, 0x0C);
	bool open = p->scuen ? (old & p->scuen) : !k->supply_written;

	*cr3 &= p->supply_mask | H7_CR3_OTHER;
	if (!open) {
		if ((old ^ *cr3) & p->supply_mask)
			vb_guest_error(
			        k->d->base + 0x0C,
			        "PWR_CR3 supply configuration 0x%x -> 0x%x after it was set: "
			        "ignored (write-once after power-on, RM0433/RM0468 PWR_CR3)",
			        old & p->supply_mask, *cr3 & p->supply_mask);
		*cr3 = (*cr3 & ~p->supply_mask) | (old & p->supply_mask);
		return;
	}
	/* The regulator reaches the VOS level once the supply is set. */
	k->supply_written = true;
	k->pend[vb_blk_reg_of(k, 0x04)] |= H7_CSR1_ACTVOSRDY;
	pwr_h7_vos_pending(k);
}

static void pwr_h7_write(struct vb_blk *k, unsigned int r, uint32_t old, uint32_t wr,
                         uint32_t lanes)
{
	(void)wr;
	(void)lanes;
	switch (vb_blk_reg_off(k, r)) {
	case 0x0C:
		pwr_h7_cr3_written(k, old);
		break;
	case 0x18:
		pwr_h7_vos_pending(k);
		break;
	default:
		break;
	}
}

static uint32_t pwr_h7_read(struct vb_blk *k, unsigned int r)
{
	if (vb_blk_reg_off(k, r) == 0x04) {
		uint32_t d3cr = *vb_blk_regp(k, 0x18);

		/* The active VOS follows D3CR.VOS once it is reached. */
		if (d3cr & H7_D3CR_VOSRDY)
			k->val[r] = (k->val[r] & ~H7_VOS_MASK) | (d3cr & H7_VOS_MASK);
	}
	return vb_blk_read_then_settle(k, r);
}

const struct vb_blk_kind vb_pwr_h750 = {
	.name = "PWR",
	.regs = pwr_h7_regs,
	.n_regs = ARRAY_LEN(pwr_h7_regs),
	.read = pwr_h7_read,
	.write = pwr_h7_write,
	.param = &pwr_h750_param,
};

const struct vb_blk_kind vb_pwr_h735 = {
	.name = "PWR",
	.regs = pwr_h7_regs,
	.n_regs = ARRAY_LEN(pwr_h7_regs),
	.read = pwr_h7_read,
	.write = pwr_h7_write,
	.param = &pwr_h735_param,
};

/*
 * STM32F7 PWR (RM0385). Voltage scaling takes effect when the main
 * PLL runs: VOSRDY reads the PLL's state (RM0385). Over-drive:
 * ODEN -> ODRDY, then ODSWEN -> ODSWRDY (RM0385 PWR_CR1, PWR_CSR1).
 */
#define F7_CR1_ODEN     BIT(16)
#define F7_CR1_ODSWEN   BIT(17)
#define F7_CSR1_VOSRDY  BIT(14)
#define F7_CSR1_ODRDY   BIT(16)
#define F7_CSR1_ODSWRDY BIT(17)

static const struct vb_reg pwr_f7_regs[] = {
	{ 0x00, "CR1", 0x0000C000, 0x000FEFFB },
	{ 0x04, "CSR1", 0x00000000, 0x00000300 },
	{ 0x08, "CR2", 0x00000000, 0x00003F3F },
	{ 0x0C, "CSR2", 0x00000000, 0x00003F00 },
};

static bool rcc_main_pll_ready(struct vb_soc *s)
{
	struct vb_blk *rcc = s->rcc;
	const struct rcc_param *p;

	if (!rcc)
		return false;
	p = rcc_p(rcc);
	return *vb_blk_regp(rcc, p->cr) & BIT(p->osc[p->main_pll].rdy);
}

static void pwr_f7_clear(struct vb_blk *k, int csr, uint32_t bits)
{
	k->val[csr] &= ~bits;
	k->pend[csr] &= ~bits;
}

static void pwr_f7_cr1_written(struct vb_blk *k, uint32_t old)
{
	uint32_t cr1 = *vb_blk_regp(k, 0x00);
	int csr = vb_blk_reg_of(k, 0x04);

	if (!(cr1 & F7_CR1_ODEN)) {
		pwr_f7_clear(k, csr, F7_CSR1_ODRDY | F7_CSR1_ODSWRDY);
		return;
	}
	if (!(old & F7_CR1_ODEN))
		k->pend[csr] |= F7_CSR1_ODRDY;
	if (!(cr1 & F7_CR1_ODSWEN))
		pwr_f7_clear(k, csr, F7_CSR1_ODSWRDY);
	else if (!((k->val[csr] | k->pend[csr]) & F7_CSR1_ODSWRDY))
		k->pend[csr] |= F7_CSR1_ODSWRDY;
}

static void pwr_f7_write(struct vb_blk *k, unsigned int r, uint32_t old, uint32_t wr,
                         uint32_t lanes)
{
	(void)wr;
	(void)lanes;
	if (vb_blk_reg_off(k, r) == 0x00)
		pwr_f7_cr1_written(k, old);
}

static uint32_t pwr_f7_read(struct vb_blk *k, unsigned int r)
{
	if (vb_blk_reg_off(k, r) == 0x04) {
		k->val[r] &= ~F7_CSR1_VOSRDY;
		if (rcc_main_pll_ready(k->soc))
			k->val[r] |= F7_CSR1_VOSRDY;
	}
	return vb_blk_read_then_settle(k, r);
}

const struct vb_blk_kind vb_pwr_f7 = {
	.name = "PWR",
	.regs = pwr_f7_regs,
	.n_regs = ARRAY_LEN(pwr_f7_regs),
	.read = pwr_f7_read,
	.write = pwr_f7_write,
};
