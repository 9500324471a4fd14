// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: STM32 H7/F7 peripherals as register files: SYSCFG, GPIO, the
 * FLASH interface (its program/erase engine is vb_flashif.c), DBGMCU and the debug APB (H7 APB-D:
 * ROM table, DBGMCU, SWO, SWO trace funnel); and the three chips'
 * peripheral sets. RCC and PWR are in vb_periph_rcc.c.
 *
 * Each model is a register table (vb_periph.h) plus hooks where silicon
 * does more than store bits: GPIO input levels, BSRR and the LCKR lock
 * sequence; the FLASH unlock keys; DBGMCU and ROM table IDs taken from the
 * board's DBGMCU_IDCODE.
 *
 * Sources. Offsets and bit positions: ST CMSIS device headers
 * (STMicroelectronics/cmsis_device_h7 @13ba9da stm32h750xx.h, stm32h735xx.h;
 * cmsis_device_f7 @b01bc43 stm32f746xx.h). Reset values: RM0433 (H750),
 * RM0468 (H735), RM0385 (F746) register descriptions, cross-checked with
 * ST's SVD files (cmsis-svd/cmsis-svd-data @05a9562, STM32H750x.svd,
 * STM32F7x6.svd); where the SVD disagrees with the RM the comment says so.
 * What OpenOCD touches: tcl/target/stm32h7x.cfg, stm32f7x.cfg,
 * src/flash/nor/stm32h7x.c, stm32f2x.c (0.12.0).
 */
#include <stdio.h>

#include "vb_flashif.h"
#include "vb_periph.h"

#define BIT(n)         (1u << (n))
#define ARRAY_LEN(a)   (sizeof(a) / sizeof((a)[0]))
#define FIELD(v, s, w) (((v) >> (s)) & ((1u << (w)) - 1u))

/* ---- SYSCFG ------------------------------------------------------------ */

/* RM0433 / RM0468 (H7), RM0385 (F7): plain storage. */
static const struct vb_reg syscfg_h7_regs[] = {
	{ 0x04, "PMCR", 0x00000000, 0x0F0F03FF },
	{ 0x08, "EXTICR1", 0x00000000, 0x0000FFFF },
	{ 0x0C, "EXTICR2", 0x00000000, 0x0000FFFF },
	{ 0x10, "EXTICR3", 0x00000000, 0x0000FFFF },
	{ 0x14, "EXTICR4", 0x00000000, 0x0000FFFF },
	{ 0x20, "CCCSR", 0x00000000, 0x00030003 },
	{ 0x24, "CCVR", 0x00000000, 0 },
	{ 0x28, "CCCR", 0x00000000, 0x000000FF },
	{ 0x2C, "PWRCR", 0x00000000, 0x00000001 },
	{ 0x124, "PKGR", 0x00000000, 0 },
};

static const struct vb_blk_kind syscfg_h7 = {
	.name = "SYSCFG",
	.regs = syscfg_h7_regs,
	.n_regs = ARRAY_LEN(syscfg_h7_regs),
};

static const struct vb_reg syscfg_f7_regs[] = {
	{ 0x00, "MEMRMP", 0x00000000, 0x00000E00 },  { 0x04, "PMC", 0x00000000, 0x008F0000 },
	{ 0x08, "EXTICR1", 0x00000000, 0x0000FFFF }, { 0x0C, "EXTICR2", 0x00000000, 0x0000FFFF },
	{ 0x10, "EXTICR3", 0x00000000, 0x0000FFFF }, { 0x14, "EXTICR4", 0x00000000, 0x0000FFFF },
	{ 0x20, "CMPCR", 0x00000000, 0x00000001 },
};

static const struct vb_blk_kind syscfg_f7 = {
	.name = "SYSCFG",
	.regs = syscfg_f7_regs,
	.n_regs = ARRAY_LEN(syscfg_f7_regs),
};

/* ---- GPIO -------------------------------------------------------------- */

/*
 * GPIO port (RM0433, RM0468, RM0385). Reset values are per
 * port (the JTAG/SWD pins PA13-15, PB3-4 start in AF mode with pulls):
 * MODER A 0xABFFFFFF / B 0xFFFFFEBF / others 0xFFFFFFFF on H7 (analog by
 * default), 0xA8000000 / 0x00000280 / 0 on F7; OSPEEDR A 0x0C000000,
 * B 0x000000C0; PUPDR A 0x64000000, B 0x00000100 (the H750 SVD's
 * 0x12100000 for PUPDR does not match the RM). IDR follows the pins:
 * ODR for outputs, the pull for inputs and AF, 0 in analog mode.
 */
enum gpio_reg {
	GPIO_MODER = 0x00,
	GPIO_OTYPER = 0x04,
	GPIO_OSPEEDR = 0x08,
	GPIO_PUPDR = 0x0C,
	GPIO_IDR = 0x10,
	GPIO_ODR = 0x14,
	GPIO_BSRR = 0x18,
	GPIO_LCKR = 0x1C,
	GPIO_AFRL = 0x20,
	GPIO_AFRH = 0x24,
};

#define GPIO_LCKK BIT(16)

static const struct vb_reg gpio_regs[] = {
	{ GPIO_MODER, "MODER", 0x00000000, 0xFFFFFFFF },
	{ GPIO_OTYPER, "OTYPER", 0x00000000, 0x0000FFFF },
	{ GPIO_OSPEEDR, "OSPEEDR", 0x00000000, 0xFFFFFFFF },
	{ GPIO_PUPDR, "PUPDR", 0x00000000, 0xFFFFFFFF },
	{ GPIO_IDR, "IDR", 0x00000000, 0 },
	{ GPIO_ODR, "ODR", 0x00000000, 0x0000FFFF },
	{ GPIO_BSRR, "BSRR", 0x00000000, 0 },
	{ GPIO_LCKR, "LCKR", 0x00000000, 0 },
	{ GPIO_AFRL, "AFRL", 0x00000000, 0xFFFFFFFF },
	{ GPIO_AFRH, "AFRH", 0x00000000, 0xFFFFFFFF },
};

static uint32_t gpio_idr(struct vb_blk *k)
{
	uint32_t moder = *vb_blk_regp(k, GPIO_MODER), pupdr = *vb_blk_regp(k, GPIO_PUPDR);
	uint32_t odr = *vb_blk_regp(k, GPIO_ODR), idr = 0;

	for (unsigned int pin = 0; pin < 16; pin++) {
		uint32_t mode = FIELD(moder, 2 * pin, 2), pull = FIELD(pupdr, 2 * pin, 2);

		if (mode == 1)
			idr |= odr & BIT(pin);
		else if (mode != 3 && pull == 1)
			idr |= BIT(pin);
	}
	return idr;
}

static uint32_t gpio_read(struct vb_blk *k, unsigned int r)
{
	if (vb_blk_reg_off(k, r) == GPIO_IDR)
		return gpio_idr(k);
	return k->val[r];
}

/* Bits of register off that belong to locked pins. */
static uint32_t gpio_locked_bits(struct vb_blk *k, uint16_t off)
{
	uint32_t lckr = *vb_blk_regp(k, GPIO_LCKR), m = 0;
	unsigned int width = off == GPIO_OTYPER ? 1 : (off >= GPIO_AFRL ? 4 : 2);
	unsigned int first = off == GPIO_AFRH ? 8 : 0;
	unsigned int pins = width == 4 ? 8 : 16;

	if (!(lckr & GPIO_LCKK))
		return 0;
	for (unsigned int i = 0; i < pins; i++)
		if (lckr & BIT(first + i))
			m |= ((1u << width) - 1u) << (i * width);
	return m;
}

/*
 * LCKR lock sequence (RM0433): write LCKK=1, LCKK=0, LCKK=1 with
 * the same LCK[15:0], each as a word, then read; any deviation aborts it.
 * Once LCKK reads 1 the configuration of the LCK pins is frozen until
 * reset.
 */
static void gpio_lckr_write(struct vb_blk *k, unsigned int r, uint32_t wr, uint32_t lanes)
{
	static const uint32_t want_lckk[] = { GPIO_LCKK, 0, GPIO_LCKK };
	uint32_t *lckr = &k->val[r];

	if (*lckr & GPIO_LCKK)
		return; /* locked until reset */
	if (lanes != 0xFFFFFFFF || (wr & GPIO_LCKK) != want_lckk[k->step[0]] ||
	    (k->step[0] && (wr & 0xFFFF) != (*lckr & 0xFFFF))) {
		k->step[0] = (lanes == 0xFFFFFFFF && (wr & GPIO_LCKK)) ? 1 : 0;
		*lckr = wr & 0xFFFF;
		return;
	}
	*lckr = wr & 0xFFFF;
	if (++k->step[0] == 3) {
		k->step[0] = 0;
		k->val[r] |= GPIO_LCKK;
	}
}

static void gpio_write(struct vb_blk *k, unsigned int r, uint32_t old, uint32_t wr, uint32_t lanes)
{
	uint16_t off = vb_blk_reg_off(k, r);

	switch (off) {
	case GPIO_BSRR: {
		uint32_t *odr = vb_blk_regp(k, GPIO_ODR);

		/* Set wins over reset for the same pin (RM0433). */
		*odr = (*odr & ~(wr >> 16)) | (wr & 0xFFFF);
		break;
	}
	case GPIO_LCKR:
		gpio_lckr_write(k, r, wr, lanes);
		break;
	case GPIO_MODER:
	case GPIO_OTYPER:
	case GPIO_OSPEEDR:
	case GPIO_PUPDR:
	case GPIO_AFRL:
	case GPIO_AFRH: {
		uint32_t frozen = gpio_locked_bits(k, off);

		if ((old ^ k->val[r]) & frozen)
			vb_guest_error(k->d->base + off, "%s_%s: change of locked pins ignored",
			               k->d->name, k->d->kind->regs[r].name);
		k->val[r] = (k->val[r] & ~frozen) | (old & frozen);
		break;
	}
	default:
		break;
	}
}

static const struct vb_blk_kind gpio = {
	.name = "GPIO",
	.regs = gpio_regs,
	.n_regs = ARRAY_LEN(gpio_regs),
	.read = gpio_read,
	.write = gpio_write,
};

/* ---- FLASH interface (registers; the program/erase engine: vb_flashif.c) */

/* Unlock keys, the same on H7 and F7 (RM0433, RM0385). */
#define FLASH_KEY1    0x45670123u
#define FLASH_KEY2    0xCDEF89ABu
#define FLASH_OPTKEY1 0x08192A3Bu
#define FLASH_OPTKEY2 0x4C5D6E7Fu

/* Where a flash model keeps the things its hooks act on. */
struct flash_param {
	uint16_t keyr, optkeyr, cr, optcr, sr;
	uint32_t cr_lock, optcr_lock;
	uint32_t cr_start, optcr_start;
	uint32_t sr_operr;
	const struct vb_flashif_desc *engine;
};

static const struct flash_param *flash_p(const struct vb_blk *k)
{
	return k->d->kind->param;
}

/*
 * Key sequence on a KEYR: KEY1 then KEY2 clears the lock bit; a wrong key
 * locks the register until the next reset (RM0433 FLASH_KEYR1, RM0385
 * "Unlocking the Flash control register": a wrong sequence locks the
 * control register until the next reset).
 */
static void flash_key(struct vb_blk *k, unsigned int which, uint32_t key, uint16_t reg,
                      uint32_t lock, uint32_t key1, uint32_t key2)
{
	uint32_t *ctl = vb_blk_regp(k, reg);

	if (!(*ctl & lock))
		return; /* already unlocked: keys are ignored */
	if (k->locked_out[which]) {
		vb_guest_error(k->d->base + reg, "FLASH key after a wrong key: locked until reset");
		return;
	}
	if (k->step[which] == 0 && key == key1) {
		k->step[which] = 1;
		return;
	}
	if (k->step[which] == 1 && key == key2) {
		k->step[which] = 0;
		*ctl &= ~lock;
		return;
	}
	k->step[which] = 0;
	k->locked_out[which] = true;
	vb_guest_error(k->d->base + reg, "wrong FLASH key 0x%08x: locked until reset", key);
}

/* A locked control register ignores writes; the lock bit itself can only
 * be set by software, cleared by the keys. */
static void flash_ctl_write(struct vb_blk *k, unsigned int r, uint32_t old, uint32_t lock,
                            uint32_t start)
{
	if (old & lock) {
		if ((old ^ k->val[r]) & ~lock)
			vb_guest_error(k->d->base + vb_blk_reg_off(k, r),
			               "FLASH %s written while locked: ignored",
			               k->d->kind->regs[r].name);
		k->val[r] = old;
		return;
	}
	if (vb_blk_reg_off(k, r) == flash_p(k)->cr) {
		vb_flashif_cr_written(k, old);
		return;
	}
	if (k->val[r] & start) {
		k->val[r] &= ~start;
		*vb_blk_regp(k, flash_p(k)->sr) |= flash_p(k)->sr_operr;
		vb_guest_error(k->d->base + vb_blk_reg_off(k, r),
		               "FLASH %s start: option byte programming is not modelled "
		               "(operation error flagged)",
		               k->d->kind->regs[r].name);
	}
}

static void flash_write(struct vb_blk *k, unsigned int r, uint32_t old, uint32_t wr, uint32_t lanes)
{
	const struct flash_param *p = flash_p(k);
	uint16_t off = vb_blk_reg_off(k, r);

	(void)lanes;
	if (off == p->keyr)
		flash_key(k, 0, wr, p->cr, p->cr_lock, FLASH_KEY1, FLASH_KEY2);
	else if (off == p->optkeyr)
		flash_key(k, 1, wr, p->optcr, p->optcr_lock, FLASH_OPTKEY1, FLASH_OPTKEY2);
	else if (off == p->cr)
		flash_ctl_write(k, r, old, p->cr_lock, p->cr_start);
	else if (off == p->optcr)
		flash_ctl_write(k, r, old, p->optcr_lock, p->optcr_start);
}

/* The registers show the engine's state as of now (busy flags end). */
static uint32_t flash_read(struct vb_blk *k, unsigned int r)
{
	vb_flashif_update(k);
	return k->val[r];
}

static void flash_reset(struct vb_blk *k)
{
	vb_flashif_reset(k, flash_p(k)->engine);
}

/*
 * STM32H7 FLASH bank 1 (RM0433, RM0468). ACR reset 0x37
 * (LATENCY 7, WRHIGHFREQ 3; FLASH_LATENCY_DEFAULT in the CMSIS headers);
 * CR1 0x31 (LOCK1, PSIZE1 = 64 bits); OPTCR 0x1 (OPTLOCK). The option
 * registers hold the factory option bytes: RDP level 0 (0xAA), no write
 * protection (WPSN 0xFF: OpenOCD's stm32x_protect_check() reads it), no
 * PCROP/secure area (start > end), BOOT_ADD0 0x0800 / BOOT_ADD1 0x1FF0.
 * CCR1 clears SR1 flags (write 1 to clear).
 */
static const struct vb_reg flash_h7_regs[] = {
	{ 0x00, "ACR", 0x00000037, 0x0000003F },
	{ 0x04, "KEYR1", 0x00000000, 0 },
	{ 0x08, "OPTKEYR", 0x00000000, 0 },
	{ 0x0C, "CR1", 0x00000031, 0x07FF87FF },
	{ 0x10, "SR1", 0x00000000, 0 },
	{ 0x14, "CCR1", 0x00000000, 0 },
	{ 0x18, "OPTCR", 0x00000001, 0xC0000033 },
	{ 0x1C, "OPTSR_CUR", 0x0006AAD0, 0 },
	{ 0x20, "OPTSR_PRG", 0x0006AAD0, 0xFFFFFFFC },
	{ 0x24, "OPTCCR", 0x00000000, 0 },
	{ 0x28, "PRAR_CUR1", 0x000000FF, 0 },
	{ 0x2C, "PRAR_PRG1", 0x000000FF, 0x80FF80FF },
	{ 0x30, "SCAR_CUR1", 0x000000FF, 0 },
	{ 0x34, "SCAR_PRG1", 0x000000FF, 0x80FF80FF },
	{ 0x38, "WPSN_CUR1R", 0x000000FF, 0 },
	{ 0x3C, "WPSN_PRG1R", 0x000000FF, 0x000000FF },
	{ 0x40, "BOOT_CURR", 0x1FF00800, 0 },
	{ 0x44, "BOOT_PRGR", 0x1FF00800, 0xFFFFFFFF },
};

static const struct flash_param flash_h7_param = {
	.keyr = 0x04,
	.optkeyr = 0x08,
	.cr = 0x0C,
	.optcr = 0x18,
	.sr = 0x10,
	.cr_lock = BIT(0),
	.optcr_lock = BIT(0),
	.cr_start = BIT(7),
	.optcr_start = BIT(1),
	.sr_operr = BIT(22),
	.engine = &vb_flashif_h7,
};

static void flash_h7_write(struct vb_blk *k, unsigned int r, uint32_t old, uint32_t wr,
                           uint32_t lanes)
{
	if (vb_blk_reg_off(k, r) == 0x14) {
		/* CCR1: write 1 to clear SR1 bits 16..27. */
		vb_flashif_update(k);
		*vb_blk_regp(k, 0x10) &= ~(wr & 0x0FFF0000u);
		return;
	}
	flash_write(k, r, old, wr, lanes);
}

static const struct vb_blk_kind flash_h7 = {
	.name = "FLASH",
	.regs = flash_h7_regs,
	.n_regs = ARRAY_LEN(flash_h7_regs),
	.param = &flash_h7_param,
	.read = flash_read,
	.write = flash_h7_write,
	.reset = flash_reset,
};

/*
 * STM32F7 FLASH (RM0385): ACR 0; CR 0x80000000 (LOCK); OPTCR
 * 0xC0FFAAFD (OPTLOCK, BOR off, watchdogs by software, RDP 0xAA, no write
 * protection; the SVD's 0x0FFFAAED is the F4 layout); OPTCR1 0x00400080
 * (BOOT_ADD0 0x0080 -> 0x00200000, BOOT_ADD1 0x0040 -> 0x00100000).
 * SR error flags are write-1-to-clear, BSY read-only.
 */
static const struct vb_reg flash_f7_regs[] = {
	{ 0x00, "ACR", 0x00000000, 0x00000B0F },    { 0x04, "KEYR", 0x00000000, 0 },
	{ 0x08, "OPTKEYR", 0x00000000, 0 },         { 0x0C, "SR", 0x00000000, 0 },
	{ 0x10, "CR", 0x80000000, 0x830103FF },     { 0x14, "OPTCR", 0xC0FFAAFD, 0xC0FFFFFF },
	{ 0x18, "OPTCR1", 0x00400080, 0xFFFFFFFF },
};

static const struct flash_param flash_f7_param = {
	.keyr = 0x04,
	.optkeyr = 0x08,
	.cr = 0x10,
	.optcr = 0x14,
	.sr = 0x0C,
	.cr_lock = BIT(31),
	.optcr_lock = BIT(0),
	.cr_start = BIT(16),
	.optcr_start = BIT(1),
	.sr_operr = BIT(1),
	.engine = &vb_flashif_f7,
};

static void flash_f7_write(struct vb_blk *k, unsigned int r, uint32_t old, uint32_t wr,
                           uint32_t lanes)
{
	if (vb_blk_reg_off(k, r) == 0x0C) {
		/* EOP, OPERR, WRPERR, PGAERR, PGPERR, ERSERR: write 1 to clear. */
		vb_flashif_update(k);
		k->val[r] &= ~(wr & 0xF3u);
		return;
	}
	flash_write(k, r, old, wr, lanes);
}

static const struct vb_blk_kind flash_f7 = {
	.name = "FLASH",
	.regs = flash_f7_regs,
	.n_regs = ARRAY_LEN(flash_f7_regs),
	.param = &flash_f7_param,
	.read = flash_read,
	.write = flash_f7_write,
	.reset = flash_reset,
};

/* ---- DBGMCU and the debug APB components ------------------------------ */

/*
 * CoreSight identification (ARM IHI 0029 "CoreSight Architecture" B2.2):
 * PIDR4 0xFD0, PIDR0-3 0xFE0-0xFEC, CIDR0-3 0xFF0-0xFFC. ST's components
 * carry JEP106 0x20 (continuation 0) and the DEV_ID as part number
 * (RM0468 DBGMCU_PIDRx; the values follow the CoreSight encoding of
 * JEP106 0x20 and DEV_ID, not checked against silicon);
 * Arm's CoreSight SoC-400 parts JEP106 0x3B continuation 4: SWO part
 * 0x914, trace funnel 0x908 (names as in OpenOCD's arm_adi_v5.c table).
 */
#define PIDR4 0xFD0
#define PIDR0 0xFE0
#define PIDR1 0xFE4
#define PIDR2 0xFE8
#define PIDR3 0xFEC
#define CIDR0 0xFF0
#define CIDR1 0xFF4
#define CIDR2 0xFF8
#define CIDR3 0xFFC

/* clang-format off */
#define ID_REGS(pidr4, pidr0, pidr1, pidr2, cidr1) \
	{ PIDR4, "PIDR4", pidr4, 0 }, \
	{ PIDR0, "PIDR0", pidr0, 0 }, \
	{ PIDR1, "PIDR1", pidr1, 0 }, \
	{ PIDR2, "PIDR2", pidr2, 0 }, \
	{ PIDR3, "PIDR3", 0, 0 }, \
	{ CIDR0, "CIDR0", 0x0D, 0 }, \
	{ CIDR1, "CIDR1", cidr1, 0 }, \
	{ CIDR2, "CIDR2", 0x05, 0 }, \
	{ CIDR3, "CIDR3", 0xB1, 0 }
/* clang-format on */

/* IDCODE, PIDR0/1 come from the board's DBGMCU_IDCODE; see dbgmcu_read. */
static const struct vb_reg dbgmcu_h750_regs[] = {
	{ 0x00, "IDCODE", 0, 0 },
	{ 0x04, "CR", 0x00000000, 0x10700007 },
	{ 0x34, "APB3FZ1", 0x00000000, 0x00000040 },
	{ 0x3C, "APB1LFZ1", 0x00000000, 0x00E003FF },
	{ 0x44, "APB1HFZ1", 0x00000000, 0x00000100 },
	{ 0x4C, "APB2FZ1", 0x00000000, 0x20070003 },
	{ 0x54, "APB4FZ1", 0x00000000, 0x00051E80 },
	ID_REGS(0x00, 0, 0, 0x0A, 0xF0),
};

static const struct vb_reg dbgmcu_h735_regs[] = {
	{ 0x00, "IDCODE", 0, 0 },
	{ 0x04, "CR", 0x00000000, 0x10700187 },
	{ 0x34, "APB3FZ1", 0x00000000, 0x00000040 },
	{ 0x3C, "APB1LFZ1", 0x00000000, 0x02E003FF },
	{ 0x44, "APB1HFZ1", 0x00000000, 0x03000000 },
	{ 0x4C, "APB2FZ1", 0x00000000, 0x00070003 },
	{ 0x54, "APB4FZ1", 0x00000000, 0x00051E80 },
	ID_REGS(0x00, 0, 0, 0x0A, 0xF0),
};

/* F7 DBGMCU (RM0385): no CoreSight ID registers. */
static const struct vb_reg dbgmcu_f7_regs[] = {
	{ 0x00, "IDCODE", 0, 0 },
	{ 0x04, "CR", 0x00000000, 0x000000E7 },
	{ 0x08, "APB1_FZ", 0x00000000, 0x06E01FFF },
	{ 0x0C, "APB2_FZ", 0x00000000, 0x00070003 },
};

static uint32_t dbgmcu_read(struct vb_blk *k, unsigned int r)
{
	uint32_t id = k->soc->info->dbgmcu_idcode;

	switch (vb_blk_reg_off(k, r)) {
	case 0x00:
		return id;
	case PIDR0:
		return id & 0xFF;
	case PIDR1:
		return (id >> 8) & 0xF; /* JEP106 ID[3:0] of ST (0x20) is 0 */
	default:
		return k->val[r];
	}
}

static const struct vb_blk_kind dbgmcu_h750 = {
	.name = "DBGMCU",
	.regs = dbgmcu_h750_regs,
	.n_regs = ARRAY_LEN(dbgmcu_h750_regs),
	.read = dbgmcu_read,
};

static const struct vb_blk_kind dbgmcu_h735 = {
	.name = "DBGMCU",
	.regs = dbgmcu_h735_regs,
	.n_regs = ARRAY_LEN(dbgmcu_h735_regs),
	.read = dbgmcu_read,
};

static const struct vb_blk_kind dbgmcu_f7 = {
	.name = "DBGMCU",
	.regs = dbgmcu_f7_regs,
	.n_regs = ARRAY_LEN(dbgmcu_f7_regs),
	.read = dbgmcu_read,
};

/* SWO (CoreSight SoC-400 CSSWO): CODR, SPPR (reset 1: Manchester). The
 * lock registers read "no lock implemented". */
static const struct vb_reg swo_regs[] = {
	{ 0x010, "CODR", 0x00000000, 0x00001FFF },
	{ 0x0F0, "SPPR", 0x00000001, 0x00000003 },
	{ 0x300, "FFSR", 0x00000008, 0 },
	{ 0xFCC, "DEVTYPE", 0x00000011, 0 }, /* trace sink, port */
	ID_REGS(0x04, 0x14, 0xB9, 0x0B, 0x90),
};

static const struct vb_blk_kind swo = {
	.name = "SWO",
	.regs = swo_regs,
	.n_regs = ARRAY_LEN(swo_regs),
};

/* SWO trace funnel (CoreSight CSTF): CTRL reset 0x300 (hold time 3, all
 * ports off); OpenOCD's stm32h7x.cfg sets ENS0|ENS1 in it. */
static const struct vb_reg swtf_regs[] = {
	{ 0x000, "CTRL", 0x00000300, 0x00000FFF },
	{ 0x004, "PRIORITY", 0x00000000, 0x00FFFFFF },
	{ 0xFCC, "DEVTYPE", 0x00000012, 0 }, /* trace link, funnel */
	ID_REGS(0x04, 0x08, 0xB9, 0x0B, 0x90),
};

static const struct vb_blk_kind swtf = {
	.name = "SWTF",
	.regs = swtf_regs,
	.n_regs = ARRAY_LEN(swtf_regs),
};

/*
 * APB-D ROM table at 0xE00E0000 (AP2 BASE 0xE00E0003): entries are
 * offset | format 32-bit | present, ended by a zero entry (ARM IHI 0031
 * ADIv5.2 D3.4). The list itself is per chip (struct vb_blk_desc.init).
 */
static const struct vb_reg romtab_regs[] = {
	{ 0x000, "ENTRY0", 0, 0 }, { 0x004, "ENTRY1", 0, 0 },  { 0x008, "ENTRY2", 0, 0 },
	{ 0x00C, "ENTRY3", 0, 0 }, { 0xFCC, "MEMTYPE", 0, 0 }, ID_REGS(0x00, 0, 0, 0x0A, 0x10),
};

static uint32_t romtab_read(struct vb_blk *k, unsigned int r)
{
	uint32_t id = k->soc->info->dbgmcu_idcode;

	switch (vb_blk_reg_off(k, r)) {
	case PIDR0:
		return id & 0xFF;
	case PIDR1:
		return (id >> 8) & 0xF;
	default:
		return k->val[r];
	}
}

static const struct vb_blk_kind romtab = {
	.name = "ROM table",
	.regs = romtab_regs,
	.n_regs = ARRAY_LEN(romtab_regs),
	.read = romtab_read,
};

/* ---- the chips ---------------------------------------------------------- */

#define H7_RCC     0x58024400u
#define H7_AHB4ENR 0x0E0
#define H7_APB4ENR 0x0F4
#define F7_RCC     0x40023800u
#define F7_AHB1ENR 0x30
#define F7_APB1ENR 0x40
#define F7_APB2ENR 0x44

static const struct vb_reg_init h7_gpioa_init[] = {
	{ GPIO_MODER, 0xABFFFFFF },
	{ GPIO_OSPEEDR, 0x0C000000 },
	{ GPIO_PUPDR, 0x64000000 },
};

static const struct vb_reg_init h7_gpiob_init[] = {
	{ GPIO_MODER, 0xFFFFFEBF },
	{ GPIO_OSPEEDR, 0x000000C0 },
	{ GPIO_PUPDR, 0x00000100 },
};

static const struct vb_reg_init h7_gpio_init[] = {
	{ GPIO_MODER, 0xFFFFFFFF },
};

/* F7 ports C..K: input mode, no pull, low speed. */
static const struct vb_reg_init f7_gpio_init[] = {
	{ GPIO_MODER, 0x00000000 },
};

static const struct vb_reg_init f7_gpioa_init[] = {
	{ GPIO_MODER, 0xA8000000 },
	{ GPIO_OSPEEDR, 0x0C000000 },
	{ GPIO_PUPDR, 0x64000000 },
};

static const struct vb_reg_init f7_gpiob_init[] = {
	{ GPIO_MODER, 0x00000280 },
	{ GPIO_OSPEEDR, 0x000000C0 },
	{ GPIO_PUPDR, 0x00000100 },
};

/* ROM table entries: DBGMCU at +0x1000, SWO +0x3000, SWTF +0x4000. */
static const struct vb_reg_init h750_romtab_init[] = {
	{ 0x000, 0x00001003 },
	{ 0x004, 0x00003003 },
	{ 0x008, 0x00004003 },
};

/* The H72x/73x have no SWO funnel (comment in OpenOCD's stm32h7x.cfg). */
static const struct vb_reg_init h735_romtab_init[] = {
	{ 0x000, 0x00001003 },
	{ 0x004, 0x00003003 },
};

/*
 * F7 AP0 ROM table at 0xE00FE000's parent, 0xE00FD000 (MEM-AP BASE
 * 0xE00FD003): ST's table (part number = DEV_ID 0x449) with one entry, the
 * Cortex-M7 ROM table at +0x1000 (0xE00FE000). Source: pyOCD session logs
 * of an STM32F746, as cited for the AP IDs in vb_dap.c.
 */
static const struct vb_reg_init f746_romtab_init[] = {
	{ 0x000, 0x00001003 },
	{ 0xFCC, 0x00000001 }, /* MEMTYPE.SYSMEM: on the system bus (ADIv5.2 D3.4.3) */
};

#define INIT(a) .init = (a), .n_init = ARRAY_LEN(a)

/* The fields of GPIO port `letter` (number idx, clock enable bit idx). */
#define H7_GPIO(letter, idx, ini)                                                                 \
	.name = "GPIO" #letter, .kind = &gpio, .base = 0x58020000u + (idx)*0x400u, .size = 0x400, \
	.gate_off = H7_AHB4ENR, .gate_bit = (idx), INIT(ini)
#define F7_GPIO(letter, idx, ini)                                                                 \
	.name = "GPIO" #letter, .kind = &gpio, .base = 0x40020000u + (idx)*0x400u, .size = 0x400, \
	.gate_off = F7_AHB1ENR, .gate_bit = (idx), INIT(ini)

/*
 * What all H7 parts here share (RM0433/RM0468). The debug
 * components are seen by the CPU at 0x5C00x000 and by the debugger on
 * APB-D at 0xE00Ex000 (the same registers).
 */
static const struct vb_blk_desc h7_blks[] = {
	{ .name = "RCC", .kind = &vb_rcc_h7, .base = H7_RCC, .size = 0x400 },
	{ .name = "SYSCFG",
	  .kind = &syscfg_h7,
	  .base = 0x58000400,
	  .size = 0x400,
	  .gate_off = H7_APB4ENR,
	  .gate_bit = 1 },
	{ .name = "FLASH", .kind = &flash_h7, .base = 0x52002000, .size = 0x1000 },
	{ .name = "SWO", .kind = &swo, .base = 0x5C003000, .size = 0x1000, .apbd = 0xE00E3000 },
	{ H7_GPIO(A, 0, h7_gpioa_init) },
	{ H7_GPIO(B, 1, h7_gpiob_init) },
	{ H7_GPIO(C, 2, h7_gpio_init) },
	{ H7_GPIO(D, 3, h7_gpio_init) },
	{ H7_GPIO(E, 4, h7_gpio_init) },
	{ H7_GPIO(F, 5, h7_gpio_init) },
	{ H7_GPIO(G, 6, h7_gpio_init) },
	{ H7_GPIO(H, 7, h7_gpio_init) },
	{ H7_GPIO(J, 9, h7_gpio_init) },
	{ H7_GPIO(K, 10, h7_gpio_init) },
};

static const struct vb_blk_desc h750_blks[] = {
	{ .name = "PWR", .kind = &vb_pwr_h750, .base = 0x58024800, .size = 0x400 },
	{ .name = "DBGMCU",
	  .kind = &dbgmcu_h750,
	  .base = 0x5C001000,
	  .size = 0x1000,
	  .apbd = 0xE00E1000 },
	{ .name = "SWTF", .kind = &swtf, .base = 0x5C004000, .size = 0x1000, .apbd = 0xE00E4000 },
	{ .name = "APB-D ROM table",
	  .kind = &romtab,
	  .size = 0x1000,
	  .apbd = 0xE00E0000,
	  INIT(h750_romtab_init) },
	{ H7_GPIO(I, 8, h7_gpio_init) },
};

/* The H735 (TFBGA176+25 on the H735G-DK) has no port I (stm32h735xx.h). */
static const struct vb_blk_desc h735_blks[] = {
	{ .name = "PWR", .kind = &vb_pwr_h735, .base = 0x58024800, .size = 0x400 },
	{ .name = "DBGMCU",
	  .kind = &dbgmcu_h735,
	  .base = 0x5C001000,
	  .size = 0x1000,
	  .apbd = 0xE00E1000 },
	{ .name = "APB-D ROM table",
	  .kind = &romtab,
	  .size = 0x1000,
	  .apbd = 0xE00E0000,
	  INIT(h735_romtab_init) },
};

static const struct vb_blk_desc f746_blks[] = {
	{ .name = "RCC", .kind = &vb_rcc_f7, .base = F7_RCC, .size = 0x400 },
	{ .name = "PWR",
	  .kind = &vb_pwr_f7,
	  .base = 0x40007000,
	  .size = 0x400,
	  .gate_off = F7_APB1ENR,
	  .gate_bit = 28 },
	{ .name = "SYSCFG",
	  .kind = &syscfg_f7,
	  .base = 0x40013800,
	  .size = 0x400,
	  .gate_off = F7_APB2ENR,
	  .gate_bit = 14 },
	{ .name = "FLASH", .kind = &flash_f7, .base = 0x40023C00, .size = 0x400 },
	/* On the external PPB (RM0385); not clock-gated. */
	{ .name = "DBGMCU", .kind = &dbgmcu_f7, .base = 0xE0042000, .size = 0x1000 },
	{ .name = "ROM table",
	  .kind = &romtab,
	  .base = 0xE00FD000,
	  .size = 0x1000,
	  INIT(f746_romtab_init) },
	{ F7_GPIO(A, 0, f7_gpioa_init) },
	{ F7_GPIO(B, 1, f7_gpiob_init) },
	{ F7_GPIO(C, 2, f7_gpio_init) },
	{ F7_GPIO(D, 3, f7_gpio_init) },
	{ F7_GPIO(E, 4, f7_gpio_init) },
	{ F7_GPIO(F, 5, f7_gpio_init) },
	{ F7_GPIO(G, 6, f7_gpio_init) },
	{ F7_GPIO(H, 7, f7_gpio_init) },
	{ F7_GPIO(I, 8, f7_gpio_init) },
	{ F7_GPIO(J, 9, f7_gpio_init) },
	{ F7_GPIO(K, 10, f7_gpio_init) },
};

const struct vb_soc_desc vb_soc_stm32h750 = {
	.name = "STM32H750",
	.common = h7_blks,
	.n_common = ARRAY_LEN(h7_blks),
	.blks = h750_blks,
	.n_blks = ARRAY_LEN(h750_blks),
	.rcc_base = H7_RCC,
	.apbd_lo = 0xE00E0000,
	.apbd_hi = 0xE00FFFFF,
};

const struct vb_soc_desc vb_soc_stm32h735 = {
	.name = "STM32H735",
	.common = h7_blks,
	.n_common = ARRAY_LEN(h7_blks),
	.blks = h735_blks,
	.n_blks = ARRAY_LEN(h735_blks),
	.rcc_base = H7_RCC,
	.apbd_lo = 0xE00E0000,
	.apbd_hi = 0xE00FFFFF,
};

const struct vb_soc_desc vb_soc_stm32f746 = {
	.name = "STM32F746",
	.blks = f746_blks,
	.n_blks = ARRAY_LEN(f746_blks),
	.rcc_base = F7_RCC,
};
