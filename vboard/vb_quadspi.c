// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the STM32 QUADSPI register front-end (F7 and H7 share it): the
 * registers and their reset values, which write starts a transfer, what
 * may be written while BUSY; the rest (FIFO, chips, polling, window) is
 * vb_xspi.c.
 *
 * Sources: RM0433 (STM32H742/743/750/753) and RM0385 (STM32F75x/74x),
 * "Quad-SPI interface (QUADSPI)": register descriptions (every register
 * resets to 0x00000000; "can be modified only when BUSY = 0" on
 * CR.PRESCALER/PMM/APMS/FSEL/DFM/SSHIFT/TCEN, DCR, DLR, CCR, AR, ABR,
 * PSMKR, PSMAR, PIR, LPTR; AR writes are also ignored when FMODE = 11),
 * "QUADSPI indirect mode" (when a command starts). Field layout:
 * include/stm32/quadspi_regs.h. Addresses, clock gates and board wiring:
 * below, with their sources.
 */
#include <stdio.h>
#include <stdlib.h>

#include "stm32/quadspi_regs.h"
#include "vb_quadspi.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define GET(f, r)    XSPI_FIELD_GET(f, r)

/* ---- variants and boards ------------------------------------------------- */

/*
 * Kernel clocks (assumed, not read from the RCC model, which has no
 * clock tree): H7: rcc_hclk3, the QUADSPI's default kernel clock
 * (RCC_D1CCIPR.QSPISEL = 00, RM0433), 200 MHz as on a 400 MHz H750 setup
 * (HCLK3 max 240 MHz, DS12556); F7: HCLK, the QUADSPI is on AHB3
 * (RM0385), 216 MHz (its maximum, DS10916).
 */
static const struct vb_xspi_params quadspi_h7 = {
	.name = "QUADSPI",
	.reg_base = QUADSPI_H7_BASE,
	.win_base = QUADSPI_MEM_BASE,
	.win_max = 0x10000000u,
	.kernel_hz = 200000000u,
	.gpio_base = 0x58020000u,
	.gpio_stride = 0x400u,
};

static const struct vb_xspi_params quadspi_f7 = {
	.name = "QUADSPI",
	.reg_base = QUADSPI_F7_BASE,
	.win_base = QUADSPI_MEM_BASE,
	.win_max = 0x10000000u,
	.kernel_hz = 216000000u,
	.gpio_base = 0x40020000u,
	.gpio_stride = 0x400u,
};

enum { PA, PB, PC, PD, PE, PF, PG, PH };

/*
 * STM32H750B-DK (UM2488; docs/facts/peripherals.md "Board facts"; AFs as
 * OpenOCD's tcl/board/stm32h7x_dual_qspi.cfg sets them): BK1 NCS PG6
 * AF10, CLK PF10 AF9, IO0 PD11 AF9, IO1 PF9 AF10, IO2 PF7 AF9, IO3 PF6
 * AF9; BK2 IO0 PH2, IO1 PH3, IO2 PG9, IO3 PG14, all AF9. CLK and NCS serve
 * both banks (one NCS for both memories on this board).
 */
static const struct vb_xspi_pin h750b_dk_pins[] = {
	{ "BK1_NCS", PG, 6, 10, 3 }, { "CLK", PF, 10, 9, 3 },    { "BK1_IO0", PD, 11, 9, 1 },
	{ "BK1_IO1", PF, 9, 10, 1 }, { "BK1_IO2", PF, 7, 9, 1 }, { "BK1_IO3", PF, 6, 9, 1 },
	{ "BK2_IO0", PH, 2, 9, 2 },  { "BK2_IO1", PH, 3, 9, 2 }, { "BK2_IO2", PG, 9, 9, 2 },
	{ "BK2_IO3", PG, 14, 9, 2 },
};

/*
 * STM32F746G-DISCO (UM1907; AFs as OpenOCD's tcl/board/stm32f746g-disco.cfg
 * sets them): NCS PB6 AF10, CLK PB2 AF9, IO0 PD11, IO1 PD12, IO2 PE2,
 * IO3 PD13, AF9.
 */
static const struct vb_xspi_pin f746g_disco_pins[] = {
	{ "BK1_NCS", PB, 6, 10, 3 }, { "CLK", PB, 2, 9, 3 },     { "BK1_IO0", PD, 11, 9, 1 },
	{ "BK1_IO1", PD, 12, 9, 1 }, { "BK1_IO2", PE, 2, 9, 1 }, { "BK1_IO3", PD, 13, 9, 1 },
};

/* Clock gates: RCC_AHB3ENR.QSPIEN, H7 bit 14 at 0x580244D4, F7 bit 1 at
 * 0x40023838 (CMSIS RCC_AHB3ENR_QSPIEN_Pos in stm32h750xx.h /
 * stm32f746xx.h; OpenOCD's stm32h7x_dual_qspi.cfg and stm32f746g-disco.cfg
 * set exactly these bits). */
#define H7_QSPIEN_REG 0x580244D4u
#define H7_QSPIEN     (1u << 14)
#define F7_QSPIEN_REG 0x40023838u
#define F7_QSPIEN     (1u << 1)

const struct vb_quadspi_desc vb_quadspi_h750b_dk = {
	.params = &quadspi_h7,
	.gate_reg = H7_QSPIEN_REG,
	.gate_bit = H7_QSPIEN,
	.wiring = {
		.part = { "MT25QL512ABB", "MT25QL512ABB" },
		.pins = h750b_dk_pins,
		.n_pins = ARRAY_LEN(h750b_dk_pins),
		.source = "UM2488, OpenOCD stm32h7x_dual_qspi.cfg",
	},
};

/* A single W25Q128JV on an H750 board: bank 1 pins of the H750B-DK
 * (assumed; such boards differ, this one is ours). */
const struct vb_quadspi_desc vb_quadspi_h750_w25q = {
	.params = &quadspi_h7,
	.gate_reg = H7_QSPIEN_REG,
	.gate_bit = H7_QSPIEN,
	.wiring = {
		.part = { "W25Q128JV", NULL },
		.pins = h750b_dk_pins,
		.n_pins = 6,
		.source = "H750B-DK bank 1 (assumed)",
	},
};

const struct vb_quadspi_desc vb_quadspi_f746g_disco = {
	.params = &quadspi_f7,
	.gate_reg = F7_QSPIEN_REG,
	.gate_bit = F7_QSPIEN,
	.wiring = {
		.part = { "N25Q128A", NULL },
		.pins = f746g_disco_pins,
		.n_pins = ARRAY_LEN(f746g_disco_pins),
		.source = "UM1907, OpenOCD stm32f746g-disco.cfg",
	},
};

/* ---- registers ------------------------------------------------------------- */

struct vb_quadspi {
	const struct vb_quadspi_desc *d;
	struct vb_xspi *e;
	uint32_t cr, dcr, dlr, ccr, ar, abr, psmkr, psmar, pir, lptr;
};

/* Writable bits (reserved bits read 0): CR bit 5 and 21, CCR bit 29. */
#define CR_WMASK  0xFFDF1FDFu
#define DCR_WMASK 0x001F0701u
#define CCR_WMASK 0xDFFFFFFFu
/* CR fields that can be modified only when BUSY = 0 (RM0433 CR). */
#define CR_BUSY_RO                                                                 \
	(XSPI_FIELD_MSK(QUADSPI_CR_PRESCALER) | QUADSPI_CR_PMM | QUADSPI_CR_APMS | \
	 QUADSPI_CR_FSEL | QUADSPI_CR_DFM | QUADSPI_CR_SSHIFT | QUADSPI_CR_TCEN)

/* IMODE/ADMODE/ABMODE/DMODE -> lines. */
static uint8_t lines_of(uint32_t mode)
{
	static const uint8_t lines[4] = { 0, 1, 2, 4 };

	return lines[mode & 3u];
}

static struct vb_xspi_bus bus_of(const struct vb_quadspi *q)
{
	return (struct vb_xspi_bus){
		.prescaler = GET(QUADSPI_CR_PRESCALER, q->cr),
		.dual = q->cr & QUADSPI_CR_DFM,
		.fsel = q->cr & QUADSPI_CR_FSEL,
		.sshift = q->cr & QUADSPI_CR_SSHIFT,
		.dhhc = q->ccr & QUADSPI_CCR_DHHC,
		.ckmode = q->dcr & QUADSPI_DCR_CKMODE,
		.fsize = (uint8_t)GET(QUADSPI_DCR_FSIZE, q->dcr),
		.fthres = (uint8_t)(GET(QUADSPI_CR_FTHRES, q->cr) + 1u),
		.tcen = q->cr & QUADSPI_CR_TCEN,
		.lptr = GET(QUADSPI_LPTR_TIMEOUT, q->lptr),
		.mask = q->psmkr,
		.match = q->psmar,
		.pmm_or = q->cr & QUADSPI_CR_PMM,
		.apms = q->cr & QUADSPI_CR_APMS,
		.interval = GET(QUADSPI_PIR_INTERVAL, q->pir),
	};
}

/* CCR + AR + ABR + DLR as phases. DDRM: address, alternate bytes and
 * data in DTR, the instruction always SDR (RM0433 CCR.DDRM). */
static struct vb_xspi_op op_of(const struct vb_quadspi *q)
{
	uint32_t c = q->ccr;
	bool ddr = c & QUADSPI_CCR_DDRM;
	uint8_t absize = (uint8_t)(GET(QUADSPI_CCR_ABSIZE, c) + 1u);
	struct vb_xspi_op op = {
		.fmode = (enum vb_xspi_fmode)GET(QUADSPI_CCR_FMODE, c),
		.sioo = c & QUADSPI_CCR_SIOO,
	};

	op.x.cmd = (struct vb_spi_phase){ .lines = lines_of(GET(QUADSPI_CCR_IMODE, c)),
		                          .nbytes = 1,
		                          .value = GET(QUADSPI_CCR_INSTRUCTION, c) };
	op.x.addr = (struct vb_spi_phase){ .lines = lines_of(GET(QUADSPI_CCR_ADMODE, c)),
		                           .dtr = ddr,
		                           .nbytes = (uint8_t)(GET(QUADSPI_CCR_ADSIZE, c) + 1u),
		                           .value = q->ar };
	op.x.alt = (struct vb_spi_phase){
		.lines = lines_of(GET(QUADSPI_CCR_ABMODE, c)),
		.dtr = ddr,
		.nbytes = absize,
		.value = absize >= 4 ? q->abr : q->abr & ((1u << (8u * absize)) - 1u),
	};
	op.x.dummy_cycles = (uint8_t)GET(QUADSPI_CCR_DCYC, c);
	op.x.data.lines = lines_of(GET(QUADSPI_CCR_DMODE, c));
	op.x.data.dtr = ddr;
	op.x.data.write = op.fmode == VB_XSPI_IND_WRITE;
	if (!op.x.data.lines)
		op.len = 0;
	else if (q->dlr == 0xFFFFFFFFu)
		op.len = VB_XSPI_LEN_UNDEF;
	else
		op.len = (uint64_t)q->dlr + 1u;
	return op;
}

static uint32_t fmode(const struct vb_quadspi *q)
{
	return GET(QUADSPI_CCR_FMODE, q->ccr);
}

static void start(struct vb_quadspi *q)
{
	struct vb_xspi_bus bus = bus_of(q);
	struct vb_xspi_op op = op_of(q);

	if (!(q->cr & QUADSPI_CR_EN)) {
		vb_guest_error(q->d->params->reg_base,
		               "QUADSPI: command written while CR.EN = 0: nothing is sent");
		return;
	}
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS,
		         "QUADSPI: start FMODE %u instr 0x%02x addr 0x%08x len %llu "
		         "(SSHIFT %d DHHC %d CKMODE %d)",
		         (unsigned int)op.fmode, op.x.cmd.value, op.x.addr.value,
		         (unsigned long long)op.len, bus.sshift, bus.dhhc, bus.ckmode);
	vb_xspi_start(q->e, &bus, &op);
}

/* Memory-mapped mode follows CR.EN and CCR.FMODE = 11. */
static void mm_sync(struct vb_quadspi *q)
{
	if ((q->cr & QUADSPI_CR_EN) && fmode(q) == QUADSPI_CCR_FMODE_MEMORY_MAPPED) {
		struct vb_xspi_bus bus = bus_of(q);
		struct vb_xspi_op op = op_of(q);

		vb_xspi_mm_enter(q->e, &bus, &op);
	} else {
		vb_xspi_mm_leave(q->e);
	}
}

static bool refuse_busy(struct vb_quadspi *q, uint32_t off, const char *reg, uint32_t val)
{
	if (!vb_xspi_busy(q->e))
		return false;
	vb_guest_error(q->d->params->reg_base + off,
	               "QUADSPI_%s written (0x%08x) while BUSY: ignored (RM: modifiable only "
	               "when BUSY = 0)",
	               reg, val);
	return true;
}

static void write_cr(struct vb_quadspi *q, uint32_t v)
{
	uint32_t old = q->cr;

	v &= CR_WMASK;
	if (vb_xspi_busy(q->e) && ((v ^ old) & CR_BUSY_RO)) {
		vb_guest_error(q->d->params->reg_base + QUADSPI_CR,
		               "QUADSPI_CR 0x%08x: PRESCALER/PMM/APMS/FSEL/DFM/SSHIFT/TCEN changed "
		               "while BUSY: those bits ignored",
		               v);
		v = (v & ~CR_BUSY_RO) | (old & CR_BUSY_RO);
	}
	q->cr = v & ~QUADSPI_CR_ABORT; /* the abort completes at once */
	if (v & QUADSPI_CR_ABORT)
		vb_xspi_abort(q->e);
	if ((old ^ q->cr) & (QUADSPI_CR_EN | QUADSPI_CR_DFM | QUADSPI_CR_FSEL))
		mm_sync(q);
	if ((old & QUADSPI_CR_EN) && !(q->cr & QUADSPI_CR_EN) && vb_xspi_busy(q->e))
		vb_xspi_abort(q->e);
}

static void write_ccr(struct vb_quadspi *q, uint32_t v)
{
	uint32_t fm, ad, dm;

	if (refuse_busy(q, QUADSPI_CCR, "CCR", v))
		return;
	q->ccr = v & CCR_WMASK;
	mm_sync(q);
	fm = fmode(q);
	ad = GET(QUADSPI_CCR_ADMODE, q->ccr);
	dm = GET(QUADSPI_CCR_DMODE, q->ccr);
	/* RM0433 indirect mode: a write to INSTRUCTION starts the command
	 * when no address is needed and the firmware sends no data. */
	if (fm != QUADSPI_CCR_FMODE_MEMORY_MAPPED && !ad &&
	    (fm != QUADSPI_CCR_FMODE_INDIRECT_WRITE || !dm))
		start(q);
}

static void write_ar(struct vb_quadspi *q, uint32_t v)
{
	uint32_t fm = fmode(q);

	if (fm == QUADSPI_CCR_FMODE_MEMORY_MAPPED)
		return; /* ignored in memory-mapped mode (RM0433 AR) */
	if (refuse_busy(q, QUADSPI_AR, "AR", v))
		return;
	q->ar = v;
	/* ... a write to ADDRESS starts it when an address is needed and
	 * the firmware sends no data. */
	if (GET(QUADSPI_CCR_ADMODE, q->ccr) &&
	    (fm != QUADSPI_CCR_FMODE_INDIRECT_WRITE || !GET(QUADSPI_CCR_DMODE, q->ccr)))
		start(q);
}

static void write_dr(struct vb_quadspi *q, unsigned int size, uint32_t v)
{
	/* ... a write to DATA starts it when the firmware sends data. */
	if (fmode(q) == QUADSPI_CCR_FMODE_INDIRECT_WRITE && GET(QUADSPI_CCR_DMODE, q->ccr) &&
	    !vb_xspi_busy(q->e))
		start(q);
	vb_xspi_dr_write(q->e, size, v);
}

/* A register that only stores, writable when not BUSY. */
static void write_plain(struct vb_quadspi *q, uint32_t off, uint32_t *reg, const char *name,
                        uint32_t v)
{
	if (!refuse_busy(q, off, name, v))
		*reg = v;
}

static uint32_t *reg_ptr(struct vb_quadspi *q, uint32_t off)
{
	switch (off) {
	case QUADSPI_CR:
		return &q->cr;
	case QUADSPI_DCR:
		return &q->dcr;
	case QUADSPI_DLR:
		return &q->dlr;
	case QUADSPI_CCR:
		return &q->ccr;
	case QUADSPI_AR:
		return &q->ar;
	case QUADSPI_ABR:
		return &q->abr;
	case QUADSPI_PSMKR:
		return &q->psmkr;
	case QUADSPI_PSMAR:
		return &q->psmar;
	case QUADSPI_PIR:
		return &q->pir;
	case QUADSPI_LPTR:
		return &q->lptr;
	default:
		return NULL;
	}
}

static uint32_t reg_read(void *ctx, uint32_t off, unsigned int size)
{
	struct vb_quadspi *q = ctx;
	uint32_t word = off & ~3u, v = 0, *r;

	if (word == QUADSPI_DR)
		return vb_xspi_dr_read(q->e, size);
	vb_xspi_update(q->e);
	if (word == QUADSPI_SR)
		v = vb_xspi_flags(q->e) | XSPI_FIELD_PREP(QUADSPI_SR_FLEVEL, vb_xspi_flevel(q->e));
	else if ((r = reg_ptr(q, word)))
		v = *r;
	v >>= 8 * (off & 3u);
	return size == 4 ? v : v & ((1u << (8 * size)) - 1u);
}

static void reg_write(void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	struct vb_quadspi *q = ctx;
	uint32_t word = off & ~3u, sh = 8 * (off & 3u);
	uint32_t lanes = (size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1u) << sh;
	uint32_t *r = reg_ptr(q, word), v;

	if (word == QUADSPI_DR) {
		write_dr(q, size, val);
		return;
	}
	vb_xspi_update(q->e);
	if (word == QUADSPI_FCR) {
		vb_xspi_clear_flags(q->e, (val << sh) & QUADSPI_FCR_ALL);
		return;
	}
	if (!r)
		return; /* SR and reserved offsets: read-only / ignored */
	v = (*r & ~lanes) | ((val << sh) & lanes);
	switch (word) {
	case QUADSPI_CR:
		write_cr(q, v);
		break;
	case QUADSPI_CCR:
		write_ccr(q, v);
		break;
	case QUADSPI_AR:
		write_ar(q, v);
		break;
	case QUADSPI_DCR:
		write_plain(q, word, r, "DCR", v & DCR_WMASK);
		if (fmode(q) == QUADSPI_CCR_FMODE_MEMORY_MAPPED)
			mm_sync(q); /* new FSIZE, new window */
		break;
	case QUADSPI_PIR:
	case QUADSPI_LPTR:
		write_plain(q, word, r, word == QUADSPI_PIR ? "PIR" : "LPTR", v & 0xFFFFu);
		break;
	default:
		write_plain(q, word, r,
		            word == QUADSPI_DLR     ? "DLR"
		            : word == QUADSPI_ABR   ? "ABR"
		            : word == QUADSPI_PSMKR ? "PSMKR"
		                                    : "PSMAR",
		            v);
		break;
	}
}

/* All QUADSPI registers reset to 0 (RM0433, RM0385). */
static void reg_reset(void *ctx)
{
	struct vb_quadspi *q = ctx;

	q->cr = q->dcr = q->dlr = q->ccr = q->ar = q->abr = 0;
	q->psmkr = q->psmar = q->pir = q->lptr = 0;
	vb_xspi_reset(q->e);
}

struct vb_quadspi *vb_quadspi_new(struct vb_board *b, const struct vb_quadspi_desc *d,
                                  const char *const flash_file[VB_XSPI_CHIPS], uint32_t errata,
                                  const char *part)
{
	struct vb_quadspi *q = calloc(1, sizeof(*q));
	struct vb_periph p;

	if (!q) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	q->d = d;
	q->e = vb_xspi_new(b, d->params, &d->wiring, flash_file, errata, part);
	if (!q->e) {
		free(q);
		return NULL;
	}
	p = (struct vb_periph){
		.name = "QUADSPI",
		.base = d->params->reg_base,
		.size = 0x1000,
		.read = reg_read,
		.write = reg_write,
		.reset = reg_reset,
		.ctx = q,
		.gate_reg = d->gate_reg,
		.gate_bit = d->gate_bit,
	};
	vb_bus_add_periph(b, &p);
	return q;
}

void vb_quadspi_free(struct vb_quadspi *q)
{
	if (!q)
		return;
	vb_xspi_free(q->e);
	free(q);
}

struct vb_xspi *vb_quadspi_engine(struct vb_quadspi *q)
{
	return q->e;
}
