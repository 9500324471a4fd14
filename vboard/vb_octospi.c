// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the STM32H7 OCTOSPI register front-end (OCTOSPI1/2 of the
 * STM32H723/733/725/735/730): registers and reset values, which write
 * starts a transfer, what is ignored while BUSY, memory-mapped read and
 * write, HyperBus, the OCTOSPIM routing contract; FIFO, chips, polling,
 * windows and timing are vb_xspi.c.
 *
 * Sources: RM0468 "Octo-SPI interface (OCTOSPI)" (register descriptions;
 * field layout include/stm32/octospi_regs.h from stm32h735xx.h, see
 * docs/facts/OCTOSPI_H735_bitfields.txt and peripherals.md "OCTOSPI
 * register map"). Facts used here, by RM0468 section:
 *  - indirect mode: the transfer starts on the write of IR when no
 *    address is needed and the firmware sends no data, of AR when an
 *    address is needed and the firmware sends no data, and on the first
 *    DR write of an indirect write with data (FMODE lives in CR);
 *  - "can be modified only when BUSY = 0": CR.FMODE/PMM/APMS/TCEN/DQM/
 *    FSEL, DCR1-4, DLR, AR, CCR, TCR, IR, ABR, LPTR, PSMKR, PSMAR, PIR,
 *    the WP* and W* registers, HLCR: such writes are ignored here and
 *    counted as guest errors;
 *  - SR.TEF: an address, or address + length, beyond DEVSIZE in
 *    indirect mode (vb_xspi.c, tef_on_length; quoted by embassy's
 *    OCTOSPI driver change "TEF flag", git.itsscb.de mirror);
 *  - automatic status polling exists in the regular-command protocol
 *    only (RM0456 "OCTOSPI introduction", same IP): refused in HyperBus
 *    mode;
 *  - every register resets to 0x00000000 except the identification
 *    registers. MID = 0xA3C5DD01 is what OpenOCD's stmqspi reads to tell
 *    an OCTOSPI from a QUADSPI (src/flash/nor/stmqspi.h OCTO_MAGIC_ID).
 *    HWCFGR, VER and ID: values not found in the sources at hand; the
 *    model reads them as 0 (an open item).
 *
 * HyperBus (DCR1.MTYP = 100 memory space, 101 register space; HLCR;
 * docs/facts/hyperram.md): a transfer becomes a struct vb_hbus_xfer
 * (vb_hyperram.h). The latency the controller waits after the CA word is
 * what HLCR says: LM = 1 (fixed) 2 x TACC; LM = 0 (variable) 2 x TACC
 * when the memory drives RWDS high during CA, else TACC; writes with
 * WZL = 1 wait none. The address is AR (indirect) or the window offset
 * (memory-mapped), in bytes. Bursts are linear: a wrapped burst is only
 * sent for a wrap access of the AXI bus (a cache line fill), and the
 * model's core makes no cache-line accesses, so DCR2.WRAPSIZE and the
 * WP* registers are kept but never used (vb_hbus_xfer.wrap_bytes carries
 * WRAPSIZE for the record). DCR3.CSBOUND splits a burst at that boundary
 * (the DK sets 23: the die boundary of the S70KL1281). Timing: the CA
 * word takes 3 clocks, then the latency, the data (8 lines DTR) and
 * TRWR clocks of recovery with nCS high.
 *
 * The HyperRAM window. When the configuration gives the memory exactly
 * what it needs (memory space, 8-line DTR address and data both ways,
 * reads sampled on RWDS (CCR.DQSE), the latency the part asks for both
 * ways, a window no larger than the array, routed, and no erratum that
 * faults writes), the array itself is mapped read/write/execute into the
 * core (fast: code loaded by GDB runs from it). Otherwise every access is
 * one HyperBus transfer through vb_hyperram_xfer (VB_VIEW_IO), so a wrong
 * latency or a missing DQSE gives the wrong data the wire would give.
 *
 * Routing (vb_octospi_set_routed, from the OCTOSPIM): unrouted, a
 * transfer reaches no memory (reads float: 0xFF, guest error). Changing
 * the routing, or clearing CR.EN, while memory-mapped breaks that mode
 * (vb_xspi_mm_break: the window faults until an abort and a new entry).
 * Software that aborts first (ST's HAL_OSPIM_Config disables and
 * re-enables the instances around a routing change) leaves memory-mapped
 * mode cleanly: the window is taken away without a hazard and comes back
 * when CR.EN is set again with FMODE = 11.
 *
 * Not modelled: DCR1.FRCK/CKCSHT/CSHT/DLYBYP, DCR3.MAXTRAN, DCR4.REFRESH
 * and TCR.SSHIFT change timing only at sub-cycle or arbitration level;
 * MTYP = Macronix's DTR byte order. Reserved line-mode values 101-111:
 * the phase is not sent (guest error). CR.DMAEN and the interrupt enables are stored.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stm32/octospi_regs.h"
#include "vb_hyperram.h"
#include "vb_octospi.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define GET(f, r)    XSPI_FIELD_GET(f, r)

/* ---- variants and boards ------------------------------------------------- */

/*
 * Kernel clock: 200 MHz, assumed (no clock tree in the RCC model): the
 * STM32H735G-DK configuration in docs/facts/hyperram.md runs the OCTOSPI
 * kernel clock at 200 MHz from PLL2R (PRESCALER 1 -> 100 MHz on the
 * HyperBus); the QUADSPI model uses the same figure.
 */
#define OCTOSPI_KERNEL_HZ 200000000u
#define H7_GPIO_BASE      0x58020000u /* GPIOA, ports 0x400 apart (RM0468) */

static const struct vb_xspi_params octospi1_h7 = {
	.name = "OCTOSPI1",
	.reg_base = OCTOSPI1_H7_BASE,
	.win_base = OCTOSPI1_MEM_BASE,
	.win_max = 0x10000000u, /* 256 MiB window (RM0468 memory map) */
	.kernel_hz = OCTOSPI_KERNEL_HZ,
	.gpio_base = H7_GPIO_BASE,
	.gpio_stride = 0x400u,
	.tef_on_length = true,
	.map_window = vb_board_map_window,
};

static const struct vb_xspi_params octospi2_h7 = {
	.name = "OCTOSPI2",
	.reg_base = OCTOSPI2_H7_BASE,
	.win_base = OCTOSPI2_MEM_BASE,
	.win_max = 0x10000000u,
	.kernel_hz = OCTOSPI_KERNEL_HZ,
	.gpio_base = H7_GPIO_BASE,
	.gpio_stride = 0x400u,
	.tef_on_length = true,
	.map_window = vb_board_map_window,
};

enum { PA, PB, PC, PD, PE, PF, PG, PH };

/*
 * STM32H735G-DK pins and alternate functions: ST's STM32H735G-DK BSP,
 * stm32h735g_discovery_ospi.h (OSPI_NOR_*_PIN / *_PIN_AF and
 * OSPI_RAM_*_PIN / *_PIN_AF, GPIO_AFn_OCTOSPIM_Pn); the same pins as
 * docs/facts/hyperram.md (embassy and Zephyr board files). One memory
 * per instance, all eight IOs: every pin serves both bank bits.
 */
static const struct vb_xspi_pin h735g_dk_nor_pins[] = {
	{ "P1_CLK", PF, 10, 9, 3 }, { "P1_NCS", PG, 6, 10, 3 }, { "P1_DQS", PB, 2, 10, 3 },
	{ "P1_IO0", PD, 11, 9, 3 }, { "P1_IO1", PD, 12, 9, 3 }, { "P1_IO2", PE, 2, 9, 3 },
	{ "P1_IO3", PD, 13, 9, 3 }, { "P1_IO4", PD, 4, 10, 3 }, { "P1_IO5", PD, 5, 10, 3 },
	{ "P1_IO6", PG, 9, 9, 3 },  { "P1_IO7", PD, 7, 10, 3 },
};

static const struct vb_xspi_pin h735g_dk_ram_pins[] = {
	{ "P2_CLK", PF, 4, 9, 3 },  { "P2_NCS", PG, 12, 3, 3 }, { "P2_DQS", PF, 12, 9, 3 },
	{ "P2_IO0", PF, 0, 9, 3 },  { "P2_IO1", PF, 1, 9, 3 },  { "P2_IO2", PF, 2, 9, 3 },
	{ "P2_IO3", PF, 3, 9, 3 },  { "P2_IO4", PG, 0, 9, 3 },  { "P2_IO5", PG, 1, 9, 3 },
	{ "P2_IO6", PG, 10, 3, 3 }, { "P2_IO7", PG, 11, 9, 3 },
};

/* Clock gates: RCC_AHB3ENR (0x580244D4) OCTOSPI1EN bit 14, OCTOSPI2EN
 * bit 19 (CMSIS stm32h735xx.h RCC_AHB3ENR_OSPI1EN_Pos / OSPI2EN_Pos). */
#define H7_AHB3ENR 0x580244D4u
#define H7_OSPI1EN (1u << 14)
#define H7_OSPI2EN (1u << 19)

const struct vb_octospi_desc vb_octospi1_h735g_dk = {
	.params = &octospi1_h7,
	.gate_reg = H7_AHB3ENR,
	.gate_bit = H7_OSPI1EN,
	.wiring = {
		.part = { "MX25LM51245G", NULL },
		.pins = h735g_dk_nor_pins,
		.n_pins = ARRAY_LEN(h735g_dk_nor_pins),
		.source = "UM2679, ST STM32H735G-DK BSP stm32h735g_discovery_ospi.h",
	},
	.hyperram_part = NULL,
};

const struct vb_octospi_desc vb_octospi2_h735g_dk = {
	.params = &octospi2_h7,
	.gate_reg = H7_AHB3ENR,
	.gate_bit = H7_OSPI2EN,
	.wiring = {
		.part = { NULL, NULL },
		.pins = h735g_dk_ram_pins,
		.n_pins = ARRAY_LEN(h735g_dk_ram_pins),
		.source = "UM2679, ST STM32H735G-DK BSP stm32h735g_discovery_ospi.h",
	},
	.hyperram_part = "S70KL1281",
};

/* ---- registers ------------------------------------------------------------- */

struct vb_octospi {
	const struct vb_octospi_desc *d;
	struct vb_xspi *e;
	struct vb_hyperram *ram;
	struct vb_xspi_mem mem; /* HyperBus translation of memory 1 */
	bool routed;
	bool mm_aborted; /* ABORT written since memory-mapped mode was entered */
	uint32_t cr, dcr1, dcr2, dcr3, dcr4, dlr, ar, psmkr, psmar, pir;
	uint32_t ccr, tcr, ir, abr, lptr;
	uint32_t wpccr, wptcr, wpir, wpabr, wccr, wtcr, wir, wabr, hlcr;
};

/* Identification registers (see the header comment). */
#define OCTOSPI_HWCFGR_VALUE 0x00000000u /* unknown, read as 0 */
#define OCTOSPI_VER_VALUE    0x00000000u /* unknown, read as 0 */
#define OCTOSPI_ID_VALUE     0x00000000u /* unknown, read as 0 */
#define OCTOSPI_MID_VALUE    0xA3C5DD01u /* OpenOCD stmqspi.h OCTO_MAGIC_ID */

/* Writable bits (reserved bits read 0), from the field list. */
#define CR_WMASK    0x30DF1FCFu
#define DCR1_WMASK  0x071F077Bu
#define DCR2_WMASK  0x000700FFu
#define DCR3_WMASK  0x001F00FFu
#define CCR_WMASK   0xAF3F3F3Fu /* CCR, WPCCR, WCCR */
#define TCR_WMASK   0x5000001Fu /* TCR, WPTCR */
#define WTCR_WMASK  0x0000001Fu
#define HLCR_WMASK  0x00FFFF03u
#define HWORD_WMASK 0x0000FFFFu /* PIR, LPTR */

/* CR fields that can be modified only when BUSY = 0 (RM0468 CR). */
#define CR_BUSY_RO                                                                               \
	(XSPI_FIELD_MSK(OCTOSPI_CR_FMODE) | OCTOSPI_CR_PMM | OCTOSPI_CR_APMS | OCTOSPI_CR_TCEN | \
	 OCTOSPI_CR_DQM | OCTOSPI_CR_FSEL)

static const char *name(const struct vb_octospi *o)
{
	return o->d->params->name;
}

/* IMODE/ADMODE/ABMODE/DMODE -> lines (100 = 8 lines; 101-111 reserved). */
static uint8_t lines_of(uint32_t mode)
{
	static const uint8_t lines[8] = { 0, 1, 2, 4, 8, 0, 0, 0 };

	return lines[mode & 7u];
}

static uint32_t fmode(const struct vb_octospi *o)
{
	return GET(OCTOSPI_CR_FMODE, o->cr);
}

static uint32_t mtyp(const struct vb_octospi *o)
{
	return GET(OCTOSPI_DCR1_MTYP, o->dcr1);
}

static bool hyperbus(const struct vb_octospi *o)
{
	return mtyp(o) == OCTOSPI_DCR1_MTYP_HYPERBUS_MEM ||
	       mtyp(o) == OCTOSPI_DCR1_MTYP_HYPERBUS_REG;
}

static bool enabled(const struct vb_octospi *o)
{
	return o->cr & OCTOSPI_CR_EN;
}

/* ---- HyperBus ------------------------------------------------------------ */

/* Latency the controller waits after CA (RM0468 HLCR; hyperram.md). */
static uint32_t hbus_latency(const struct vb_octospi *o, bool read, uint32_t addr)
{
	uint32_t tacc = GET(OCTOSPI_HLCR_TACC, o->hlcr);

	if (!read && (o->hlcr & OCTOSPI_HLCR_WZL))
		return 0;
	if (o->hlcr & OCTOSPI_HLCR_LM)
		return 2u * tacc;
	return vb_hyperram_rwds_high(o->ram, addr) ? 2u * tacc : tacc;
}

/* WRAPSIZE: 000 none, 010 16, 011 32, 100 64, 101 128 bytes (RM0468). */
static uint32_t wrap_bytes(const struct vb_octospi *o)
{
	uint32_t w = GET(OCTOSPI_DCR2_WRAPSIZE, o->dcr2);

	return w >= 2 && w <= 5 ? 16u << (w - 2) : 0;
}

static struct vb_hbus_xfer hbus_of(const struct vb_octospi *o, const struct vb_spi_xfer *x,
                                   uint32_t addr, uint32_t len, uint8_t *buf)
{
	struct vb_hbus_xfer h = {
		.read = !x->data.write,
		.reg_space = mtyp(o) == OCTOSPI_DCR1_MTYP_HYPERBUS_REG,
		.linear = true, /* no wrap accesses in the model (header) */
		.addr = addr,
		.wrap_bytes = wrap_bytes(o),
		.dqs = x->data.dqs,
		.len = len,
		.buf = buf,
	};

	h.latency_clocks = hbus_latency(o, h.read, addr);
	return h;
}

/* The frame needs the CA word and the data on 8 lines in DTR (ST's HAL
 * HyperBus command: ADMODE/DMODE 8 lines, ADDTR/DDTR, 32-bit address). */
static bool hbus_frame_ok(const struct vb_spi_xfer *x)
{
	return x->addr.lines == 8 && x->addr.dtr &&
	       (!x->data.len || (x->data.lines == 8 && x->data.dtr));
}

/* Memory 1 of the engine is the HyperRAM: one chip-select period. */
static void hbus_xfer(void *ctx, struct vb_spi_xfer *x)
{
	struct vb_octospi *o = ctx;
	uint32_t csb = GET(OCTOSPI_DCR3_CSBOUND, o->dcr3);
	uint32_t done = 0;

	if (!hyperbus(o) || !hbus_frame_ok(x)) {
		vb_guest_error(o->d->params->reg_base,
		               "%s: HyperRAM addressed with %s: it does not answer%s", name(o),
		               hyperbus(o) ? "a CA word or data not on 8 lines DTR"
		                           : "a regular-command frame (DCR1.MTYP not HyperBus)",
		               x->data.write ? "" : ", data lines float (0xFF)");
		if (!x->data.write && x->data.len)
			memset(x->data.buf, 0xFF, x->data.len);
		return;
	}
	do {
		uint32_t a = x->addr.value + done, n = x->data.len - done;
		struct vb_hbus_xfer h;

		/* RM0468 DCR3.CSBOUND: nCS is released at each 2^CSBOUND-byte
		 * boundary and the burst goes on as a new transfer */
		if (csb && csb < 32) {
			uint32_t bound = 1u << csb, room = bound - (a & (bound - 1u));

			n = n < room ? n : room;
		}
		h = hbus_of(o, x, a, n, x->data.len ? x->data.buf + done : NULL);
		vb_hyperram_xfer(o->ram, &h);
		done += n;
	} while (done < x->data.len);
}

static void hbus_json(FILE *f, void *ctx)
{
	const struct vb_octospi *o = ctx;

	vb_hyperram_json(f, o->ram);
}

/* Clocks a HyperBus transfer adds to the phases as the engine counts
 * them: CA is 6 bytes (3 clocks; the 4-byte address phase counts 2),
 * the latency, then TRWR clocks of recovery (RM0468 HLCR.TRWR). */
static uint32_t hbus_extra_cycles(const struct vb_octospi *o, bool read, uint32_t addr)
{
	return 1u + hbus_latency(o, read, addr) + GET(OCTOSPI_HLCR_TRWR, o->hlcr);
}

/* ---- registers to engine terms -------------------------------------------- */

static struct vb_xspi_bus bus_of(const struct vb_octospi *o, bool hbus_read)
{
	struct vb_xspi_bus bus = {
		.prescaler = GET(OCTOSPI_DCR2_PRESCALER, o->dcr2),
		.dual = o->cr & OCTOSPI_CR_DQM,
		.fsel = o->cr & OCTOSPI_CR_FSEL,
		.sshift = o->tcr & OCTOSPI_TCR_SSHIFT,
		.dhqc = o->tcr & OCTOSPI_TCR_DHQC,
		.ckmode = o->dcr1 & OCTOSPI_DCR1_CKMODE,
		.fsize = (uint8_t)GET(OCTOSPI_DCR1_DEVSIZE, o->dcr1),
		.fthres = (uint8_t)(GET(OCTOSPI_CR_FTHRES, o->cr) + 1u),
		.tcen = o->cr & OCTOSPI_CR_TCEN,
		.lptr = GET(OCTOSPI_LPTR_TIMEOUT, o->lptr),
		.mask = o->psmkr,
		.match = o->psmar,
		.pmm_or = o->cr & OCTOSPI_CR_PMM,
		.apms = o->cr & OCTOSPI_CR_APMS,
		.interval = GET(OCTOSPI_PIR_INTERVAL, o->pir),
	};

	if (o->ram && hyperbus(o))
		bus.extra_cycles = hbus_extra_cycles(o, hbus_read, o->ar);
	return bus;
}

/* One phase: lines from the mode field, size - 1, right-aligned value. */
static struct vb_spi_phase phase_of(uint32_t mode, bool dtr, uint32_t size, uint32_t value)
{
	uint8_t n = (uint8_t)(size + 1u);

	return (struct vb_spi_phase){
		.lines = lines_of(mode),
		.dtr = dtr,
		.nbytes = n,
		.value = n >= 4 ? value : value & ((1u << (8u * n)) - 1u),
	};
}

/*
 * A regular-command operation from a CCR/TCR/IR/ABR set (CCR, TCR, IR,
 * ABR or WCCR, WTCR, WIR, WABR: the same layout; WTCR has DCYC only).
 * ISIZE 0-3: 1-4 instruction bytes (2 for the MX25LM opcode pairs).
 * HyperBus: the CA word carries the address (AR or the window offset);
 * instruction, alternate bytes and dummy cycles are not sent.
 */
static struct vb_xspi_op op_of(const struct vb_octospi *o, uint32_t ccr, uint32_t tcr, uint32_t ir,
                               uint32_t abr, enum vb_xspi_fmode fm)
{
	struct vb_xspi_op op = { .fmode = fm, .sioo = ccr & OCTOSPI_CCR_SIOO };
	bool hb = o->ram && hyperbus(o);

	if (!hb) {
		op.x.cmd = phase_of(GET(OCTOSPI_CCR_IMODE, ccr), ccr & OCTOSPI_CCR_IDTR,
		                    GET(OCTOSPI_CCR_ISIZE, ccr), ir);
		op.x.alt = phase_of(GET(OCTOSPI_CCR_ABMODE, ccr), ccr & OCTOSPI_CCR_ABDTR,
		                    GET(OCTOSPI_CCR_ABSIZE, ccr), abr);
		op.x.dummy_cycles = (uint8_t)GET(OCTOSPI_TCR_DCYC, tcr);
	}
	op.x.addr = phase_of(GET(OCTOSPI_CCR_ADMODE, ccr), ccr & OCTOSPI_CCR_ADDTR,
	                     hb ? 3u : GET(OCTOSPI_CCR_ADSIZE, ccr), o->ar);
	op.x.data.lines = lines_of(GET(OCTOSPI_CCR_DMODE, ccr));
	op.x.data.dtr = ccr & OCTOSPI_CCR_DDTR;
	op.x.data.write = fm == VB_XSPI_IND_WRITE;
	op.x.data.dqs = ccr & OCTOSPI_CCR_DQSE;
	if (!op.x.data.lines)
		op.len = 0;
	else if (o->dlr == 0xFFFFFFFFu)
		op.len = VB_XSPI_LEN_UNDEF;
	else
		op.len = (uint64_t)o->dlr + 1u;
	return op;
}

static struct vb_xspi_op regular_op(const struct vb_octospi *o)
{
	return op_of(o, o->ccr, o->tcr, o->ir, o->abr, (enum vb_xspi_fmode)fmode(o));
}

/* The memory-mapped write (WCCR...); NULL-equivalent when WCCR has no
 * data phase: such a window takes no writes. */
static bool write_op(const struct vb_octospi *o, struct vb_xspi_op *op)
{
	*op = op_of(o, o->wccr, o->wtcr, o->wir, o->wabr, VB_XSPI_IND_WRITE);
	return op->x.data.lines != 0;
}

/* ---- the transfer start rules ---------------------------------------------- */

static bool needs_addr(const struct vb_octospi *o)
{
	return (o->ram && hyperbus(o)) || GET(OCTOSPI_CCR_ADMODE, o->ccr);
}

/* An indirect write whose data the firmware sends through DR. */
static bool sends_data(const struct vb_octospi *o)
{
	return fmode(o) == OCTOSPI_CR_FMODE_INDIRECT_WRITE &&
	       ((o->ram && hyperbus(o)) || GET(OCTOSPI_CCR_DMODE, o->ccr));
}

/* IMODE/ADMODE/ABMODE/DMODE 101-111 are reserved (RM0468 CCR). */
static bool reserved_mode(uint32_t ccr)
{
	return GET(OCTOSPI_CCR_IMODE, ccr) > 4 || GET(OCTOSPI_CCR_ADMODE, ccr) > 4 ||
	       GET(OCTOSPI_CCR_ABMODE, ccr) > 4 || GET(OCTOSPI_CCR_DMODE, ccr) > 4;
}

static void start(struct vb_octospi *o)
{
	struct vb_xspi_op op = regular_op(o);
	struct vb_xspi_bus bus = bus_of(o, op.fmode != VB_XSPI_IND_WRITE);

	if (!enabled(o)) {
		vb_guest_error(o->d->params->reg_base,
		               "%s: command written while CR.EN = 0: nothing is sent", name(o));
		return;
	}
	if (reserved_mode(o->ccr))
		vb_guest_error(
		        o->d->params->reg_base + OCTOSPI_CCR,
		        "%s_CCR 0x%08x: reserved line mode (101-111): that phase is not sent",
		        name(o), o->ccr);
	if (hyperbus(o) && op.fmode == VB_XSPI_AUTO_POLL) {
		vb_guest_error(o->d->params->reg_base,
		               "%s: automatic status polling in HyperBus mode (regular-command "
		               "protocol only): nothing is sent",
		               name(o));
		return;
	}
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS,
		         "%s: start FMODE %u instr 0x%x (%u bytes) addr 0x%08x len %llu MTYP %u",
		         name(o), (unsigned int)op.fmode, op.x.cmd.value, op.x.cmd.nbytes,
		         op.x.addr.value, (unsigned long long)op.len, mtyp(o));
	vb_xspi_start(o->e, &bus, &op);
}

/* ---- memory-mapped mode ------------------------------------------------------ */

/* HyperRAM fast path: would the wire give exactly the array? */
static bool hbus_direct_ok(const struct vb_octospi *o, const struct vb_xspi_bus *bus,
                           const struct vb_xspi_op *rop, const struct vb_xspi_op *wop, bool wok)
{
	uint64_t win = 1ull << (bus->fsize + 1u);
	uint8_t dummy = 0;
	struct vb_hbus_xfer r, w;

	if (!o->routed || mtyp(o) != OCTOSPI_DCR1_MTYP_HYPERBUS_MEM || !wok)
		return false;
	if (win > o->d->params->win_max)
		win = o->d->params->win_max;
	if (win > vb_hyperram_size(o->ram) || bus->dual)
		return false;
	if (!rop->x.data.len && !rop->x.data.lines)
		return false;
	if (rop->x.addr.lines != 8 || !rop->x.addr.dtr || rop->x.data.lines != 8 ||
	    !rop->x.data.dtr || !rop->x.data.dqs)
		return false;
	if (wop->x.addr.lines != 8 || !wop->x.addr.dtr || wop->x.data.lines != 8 ||
	    !wop->x.data.dtr)
		return false;
	if ((o->e->errata & VB_XSPI_ERRATUM_MMW_DQS) && !wop->x.data.dqs)
		return false;
	r = hbus_of(o, &rop->x, 0, 1, &dummy);
	w = hbus_of(o, &wop->x, 0, 1, &dummy);
	return r.latency_clocks == vb_hyperram_latency_needed(o->ram, &r) &&
	       w.latency_clocks == vb_hyperram_latency_needed(o->ram, &w);
}

static void mm_enter(struct vb_octospi *o)
{
	struct vb_xspi_op rop = op_of(o, o->ccr, o->tcr, o->ir, o->abr, VB_XSPI_MEM_MAPPED);
	struct vb_xspi_op wop;
	bool wok = write_op(o, &wop);
	struct vb_xspi_bus bus = bus_of(o, true);
	enum vb_xspi_win win = VB_XSPI_WIN_VIEW;
	uint8_t *mem = NULL;
	uint32_t mem_size = 0;

	/* the engine's window reads/writes take their address from the
	 * window offset: AR plays no part */
	rop.x.addr.value = 0;
	wop.x.addr.value = 0;
	rop.len = wop.len = 0;
	if (o->ram) {
		win = VB_XSPI_WIN_WIRE;
		if (hbus_direct_ok(o, &bus, &rop, &wop, wok)) {
			win = VB_XSPI_WIN_DIRECT;
			mem = vb_hyperram_array(o->ram);
			mem_size = vb_hyperram_size(o->ram);
		}
	} else if (!o->routed) {
		win = VB_XSPI_WIN_WIRE; /* reads float, each one a guest error */
	}
	vb_xspi_mm_enter_rw(o->e, &bus, &rop, wok ? &wop : NULL, win, mem, mem_size);
	o->mm_aborted = false;
}

/* Memory-mapped mode follows CR.EN and CR.FMODE = 11; force: the
 * configuration changed, enter again. A broken mode waits for an abort. */
static void mm_sync(struct vb_octospi *o, bool force)
{
	bool want = enabled(o) && fmode(o) == OCTOSPI_CR_FMODE_MEMORY_MAPPED;

	if (!want) {
		vb_xspi_mm_leave(o->e);
		return;
	}
	if (o->e->mm_broken || (o->e->mm && !force))
		return;
	mm_enter(o);
}

/* Signals stop reaching the memory while the window is mapped. */
static void mm_hazard(struct vb_octospi *o, const char *why)
{
	if (!o->e->mm)
		return;
	if (o->mm_aborted) {
		vb_xspi_mm_leave(o->e); /* aborted first: a clean exit */
		return;
	}
	vb_xspi_mm_break(o->e, why);
}

/* ---- register writes ------------------------------------------------------- */

static bool refuse_busy(struct vb_octospi *o, uint32_t off, const char *reg, uint32_t val)
{
	if (!vb_xspi_busy(o->e))
		return false;
	vb_guest_error(o->d->params->reg_base + off,
	               "%s_%s written (0x%08x) while BUSY: ignored (RM0468: modifiable only when "
	               "BUSY = 0)",
	               name(o), reg, val);
	return true;
}

static void write_cr(struct vb_octospi *o, uint32_t v)
{
	uint32_t old = o->cr;

	v &= CR_WMASK;
	if (vb_xspi_busy(o->e) && ((v ^ old) & CR_BUSY_RO)) {
		vb_guest_error(o->d->params->reg_base + OCTOSPI_CR,
		               "%s_CR 0x%08x: FMODE/PMM/APMS/TCEN/DQM/FSEL changed while BUSY: "
		               "those bits ignored",
		               name(o), v);
		v = (v & ~CR_BUSY_RO) | (old & CR_BUSY_RO);
	}
	o->cr = v & ~OCTOSPI_CR_ABORT; /* the abort completes at once */
	if (v & OCTOSPI_CR_ABORT) {
		if (o->e->mm)
			o->mm_aborted = true;
		vb_xspi_abort(o->e);
	}
	if ((old & OCTOSPI_CR_EN) && !enabled(o)) {
		mm_hazard(o, "CR.EN cleared");
		if (vb_xspi_busy(o->e))
			vb_xspi_abort(o->e);
	}
	mm_sync(o, ((old ^ o->cr) & (OCTOSPI_CR_DQM | OCTOSPI_CR_FSEL | OCTOSPI_CR_TCEN)) != 0);
	/* an abort leaves the controller idle (BUSY = 0, RM0468 CR.ABORT)
	 * even when FMODE stays 11 and the window is usable again: nCS is
	 * released until the next window access */
	if ((v & OCTOSPI_CR_ABORT) && o->e->mm)
		o->e->mm_idle = true;
}

static void write_ir(struct vb_octospi *o, uint32_t v)
{
	if (refuse_busy(o, OCTOSPI_IR, "IR", v))
		return;
	o->ir = v;
	/* RM0468 indirect mode: an IR write starts the command when no
	 * address is needed and the firmware sends no data */
	if (fmode(o) == OCTOSPI_CR_FMODE_MEMORY_MAPPED)
		mm_sync(o, true);
	else if (!needs_addr(o) && !sends_data(o))
		start(o);
}

static void write_ar(struct vb_octospi *o, uint32_t v)
{
	if (refuse_busy(o, OCTOSPI_AR, "AR", v))
		return;
	o->ar = v;
	/* ... an AR write when an address is needed and no data is sent */
	if (fmode(o) != OCTOSPI_CR_FMODE_MEMORY_MAPPED && needs_addr(o) && !sends_data(o))
		start(o);
}

static void write_dr(struct vb_octospi *o, unsigned int size, uint32_t v)
{
	/* ... the first DR write of an indirect write with data */
	if (sends_data(o) && !vb_xspi_busy(o->e))
		start(o);
	vb_xspi_dr_write(o->e, size, v);
}

/* A configuration register: ignored while BUSY, reserved bits dropped;
 * in memory-mapped mode the window follows the new configuration. */
static void write_cfg(struct vb_octospi *o, uint32_t off, uint32_t *reg, const char *reg_name,
                      uint32_t v)
{
	if (refuse_busy(o, off, reg_name, v))
		return;
	*reg = v;
	if (fmode(o) == OCTOSPI_CR_FMODE_MEMORY_MAPPED)
		mm_sync(o, true);
}

/* Offset -> register, writable mask, name. */
struct reg_info {
	uint32_t off;
	size_t field; /* offsetof in struct vb_octospi */
	uint32_t wmask;
	const char *name;
};

#define REG(o, f, m, n)                                 \
	{                                               \
		o, offsetof(struct vb_octospi, f), m, n \
	}

static const struct reg_info regs[] = {
	REG(OCTOSPI_CR, cr, CR_WMASK, "CR"),
	REG(OCTOSPI_DCR1, dcr1, DCR1_WMASK, "DCR1"),
	REG(OCTOSPI_DCR2, dcr2, DCR2_WMASK, "DCR2"),
	REG(OCTOSPI_DCR3, dcr3, DCR3_WMASK, "DCR3"),
	REG(OCTOSPI_DCR4, dcr4, 0xFFFFFFFFu, "DCR4"),
	REG(OCTOSPI_DLR, dlr, 0xFFFFFFFFu, "DLR"),
	REG(OCTOSPI_AR, ar, 0xFFFFFFFFu, "AR"),
	REG(OCTOSPI_PSMKR, psmkr, 0xFFFFFFFFu, "PSMKR"),
	REG(OCTOSPI_PSMAR, psmar, 0xFFFFFFFFu, "PSMAR"),
	REG(OCTOSPI_PIR, pir, HWORD_WMASK, "PIR"),
	REG(OCTOSPI_CCR, ccr, CCR_WMASK, "CCR"),
	REG(OCTOSPI_TCR, tcr, TCR_WMASK, "TCR"),
	REG(OCTOSPI_IR, ir, 0xFFFFFFFFu, "IR"),
	REG(OCTOSPI_ABR, abr, 0xFFFFFFFFu, "ABR"),
	REG(OCTOSPI_LPTR, lptr, HWORD_WMASK, "LPTR"),
	REG(OCTOSPI_WPCCR, wpccr, CCR_WMASK, "WPCCR"),
	REG(OCTOSPI_WPTCR, wptcr, TCR_WMASK, "WPTCR"),
	REG(OCTOSPI_WPIR, wpir, 0xFFFFFFFFu, "WPIR"),
	REG(OCTOSPI_WPABR, wpabr, 0xFFFFFFFFu, "WPABR"),
	REG(OCTOSPI_WCCR, wccr, CCR_WMASK, "WCCR"),
	REG(OCTOSPI_WTCR, wtcr, WTCR_WMASK, "WTCR"),
	REG(OCTOSPI_WIR, wir, 0xFFFFFFFFu, "WIR"),
	REG(OCTOSPI_WABR, wabr, 0xFFFFFFFFu, "WABR"),
	REG(OCTOSPI_HLCR, hlcr, HLCR_WMASK, "HLCR"),
};

static const struct reg_info *reg_find(uint32_t off)
{
	for (size_t i = 0; i < ARRAY_LEN(regs); i++)
		if (regs[i].off == off)
			return &regs[i];
	return NULL;
}

static uint32_t *reg_ptr(struct vb_octospi *o, const struct reg_info *ri)
{
	return (uint32_t *)((char *)o + ri->field);
}

static uint32_t id_reg(uint32_t off)
{
	switch (off) {
	case OCTOSPI_HWCFGR:
		return OCTOSPI_HWCFGR_VALUE;
	case OCTOSPI_VER:
		return OCTOSPI_VER_VALUE;
	case OCTOSPI_ID:
		return OCTOSPI_ID_VALUE;
	case OCTOSPI_MID:
		return OCTOSPI_MID_VALUE;
	default:
		return 0; /* reserved offsets read 0 */
	}
}

static uint32_t reg_read(void *ctx, uint32_t off, unsigned int size)
{
	struct vb_octospi *o = ctx;
	uint32_t word = off & ~3u, v;
	const struct reg_info *ri = reg_find(word);

	if (word == OCTOSPI_DR)
		return vb_xspi_dr_read(o->e, size);
	vb_xspi_update(o->e);
	if (word == OCTOSPI_SR)
		v = vb_xspi_flags(o->e) | XSPI_FIELD_PREP(OCTOSPI_SR_FLEVEL, vb_xspi_flevel(o->e));
	else if (ri)
		v = *reg_ptr(o, ri);
	else
		v = id_reg(word); /* FCR is write-only: reads 0 */
	v >>= 8 * (off & 3u);
	return size == 4 ? v : v & ((1u << (8 * size)) - 1u);
}

static void reg_write(void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	struct vb_octospi *o = ctx;
	uint32_t word = off & ~3u, sh = 8 * (off & 3u);
	uint32_t lanes = (size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1u) << sh;
	const struct reg_info *ri = reg_find(word);
	uint32_t v;

	if (word == OCTOSPI_DR) {
		write_dr(o, size, val);
		return;
	}
	vb_xspi_update(o->e);
	if (word == OCTOSPI_FCR) {
		vb_xspi_clear_flags(o->e, (val << sh) & OCTOSPI_FCR_ALL);
		return;
	}
	if (!ri)
		return; /* SR, identification, reserved: read-only / ignored */
	v = ((*reg_ptr(o, ri) & ~lanes) | ((val << sh) & lanes)) & ri->wmask;
	switch (word) {
	case OCTOSPI_CR:
		write_cr(o, v);
		break;
	case OCTOSPI_IR:
		write_ir(o, v);
		break;
	case OCTOSPI_AR:
		write_ar(o, v);
		break;
	default:
		write_cfg(o, word, reg_ptr(o, ri), ri->name, v);
		break;
	}
}

/* Every register resets to 0 (identification registers are constants). */
static void reg_reset(void *ctx)
{
	struct vb_octospi *o = ctx;

	for (size_t i = 0; i < ARRAY_LEN(regs); i++)
		*reg_ptr(o, &regs[i]) = 0;
	o->mm_aborted = false;
	vb_xspi_reset(o->e);
}

/* ---- life cycle ------------------------------------------------------------ */

struct vb_octospi *vb_octospi_new(struct vb_board *b, const struct vb_octospi_desc *d,
                                  const char *const flash_file[VB_XSPI_CHIPS], uint32_t errata)
{
	struct vb_octospi *o = calloc(1, sizeof(*o));
	struct vb_periph p;

	if (!o) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	o->d = d;
	o->routed = true; /* OCTOSPIM reset: port n -> OCTOSPIn (RM0468 PnCR) */
	o->e = vb_xspi_new(b, d->params, &d->wiring, flash_file, errata, NULL);
	if (!o->e) {
		free(o);
		return NULL;
	}
	if (d->hyperram_part) {
		o->ram = vb_hyperram_new(d->hyperram_part);
		if (!o->ram) {
			vb_octospi_free(o);
			return NULL;
		}
		o->mem = (struct vb_xspi_mem){ .xfer = hbus_xfer, .json = hbus_json, .ctx = o };
		vb_xspi_set_mem(o->e, &o->mem);
	}
	p = (struct vb_periph){
		.name = d->params->name,
		.base = d->params->reg_base,
		.size = 0x1000, /* 0x52005000-0x52005FFF (RM0468 memory map) */
		.read = reg_read,
		.write = reg_write,
		.reset = reg_reset,
		.ctx = o,
		.gate_reg = d->gate_reg,
		.gate_bit = d->gate_bit,
	};
	vb_bus_add_periph(b, &p);
	return o;
}

void vb_octospi_free(struct vb_octospi *o)
{
	if (!o)
		return;
	vb_xspi_free(o->e);
	vb_hyperram_free(o->ram);
	free(o);
}

void vb_octospi_reset(struct vb_octospi *o)
{
	reg_reset(o);
}

struct vb_xspi *vb_octospi_engine(struct vb_octospi *o)
{
	return o->e;
}

struct vb_hyperram *vb_octospi_hyperram(struct vb_octospi *o)
{
	return o->ram;
}

void vb_octospi_set_routed(struct vb_octospi *o, bool routed)
{
	if (o->routed == routed)
		return;
	o->routed = routed;
	vb_xspi_set_routed(o->e, routed);
	if (!o->e->mm)
		return;
	if (o->mm_aborted) {
		/* aborted first: the window follows the new routing */
		vb_xspi_mm_leave(o->e);
		mm_sync(o, true);
		return;
	}
	vb_xspi_mm_break(o->e, "OCTOSPIM routing changed");
}

bool vb_octospi_mm_active(const struct vb_octospi *o)
{
	return o->e->mm;
}
