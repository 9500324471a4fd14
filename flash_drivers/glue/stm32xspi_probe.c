// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stm32xspi probe, host side (no target stub): controller variant
 * (QUADSPI, or OCTOSPI with its I/O manager port), chip reset, JEDEC ID on
 * each memory, SFDP (part table as fallback), bank geometry, then
 * memory-mapped mode with the fastest read the part can do without
 * changing a non-volatile bit. Octal parts: found in SPI, SOPI or DOPI,
 * identified in SPI, run in 8D-8D-8D (or 8S-8S-8S on request).
 *
 * Every register value comes from layer 2 (set-up, park, operations,
 * memory-mapped mode); quadspi_regs.h is only used for the controllers'
 * base addresses.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <flash/nor/imp.h>
#include <helper/command.h>
#include <helper/log.h>
#include <helper/time_support.h>
#include <target/target.h>

#include "stm32/quadspi_regs.h"
#include "xspi_nor.h"
#include "stm32xspi_ospim.h"
#include "xspi_parts.h"
#include "xspi_sfdp.h"
#include "stm32xspi.h"
#include "xspi_target_io.h"

/* Named deadlines and delays (ms) */
/* After 66h/99h: tRST/tSHSL3 are 30-40 us on W25Q/MT25Q/N25Q; 1 ms covers every part we know */
#define STM32XSPI_RESET_RECOVERY_MS 1
/* A chip busy at probe: the longest chip erase maximum in the part table
 * (MT25QL512ABB bulk erase 460 s [ST-MT25QL512ABB]) */
#define STM32XSPI_BUSY_MAX_MS       460000
#define XSPI_SR_WIP                 0x01u

/* DBGMCU IDCODE (RM0433 / RM0468 "DBGMCU_IDC"): DEV_ID in bits 11:0 */
#define STM32H7_DBGMCU_IDCODE   0x5C001000U
#define STM32_DEV_ID_MASK       0xFFFU
#define STM32_DEV_ID_H72X_H73X  0x483U /* OCTOSPI1/2, no QUADSPI */
#define STM32_DEV_ID_H7AX_H7BX  0x480U /* OCTOSPI1/2, no QUADSPI */
#define STM32H7_OCTOSPI2_BASE   0x5200A000U
#define QUADSPI_CSHT_PROBE      2U /* nCS high >= 3 cycles between commands */
#define QUADSPI_PRESCALER_PROBE 3U /* at least kernel clock / 4 */
#define XSPI_OP_RDSR2           0x35u
#define XSPI_OP_RDSR3_QER3      0x3Fu
#define XSPI_OP_FAST_READ       0x0Bu
#define XSPI_OP_FAST_READ_4B    0x0Cu
#define XSPI_OP_READ_4B         0x13u
#define XSPI_FAST_READ_DUMMY    8u
#define XSPI_3B_LIMIT           (16U * 1024U * 1024U)

/* Controller state saved at probe entry, put back when the probe fails:
 * the registers of every role in saved_roles the variant has */
static const enum xspi_reg saved_roles[] = {
	XSPI_REG_DCR, XSPI_REG_DCR2, XSPI_REG_DCR3, XSPI_REG_DCR4, XSPI_REG_LPTR,
	XSPI_REG_TCR, XSPI_REG_ABR,  XSPI_REG_CCR,  XSPI_REG_IR,   XSPI_REG_CR,
};

struct ctrl_saved {
	uint32_t val[XSPI_REG_COUNT];
	bool mm; /* it was in memory-mapped mode */
};

#define QUADSPI_DEVSIZE_PROBE (1ULL << 32) /* no address is out of range */

static const char *bank_name;

/* "QUADSPI", "OCTOSPI1", "OCTOSPI2": the controller as the RM names it */
static const char *ctrl_label(const struct stm32xspi_bank *priv)
{
	return priv->ospi == 1 ? "OCTOSPI1" : priv->ospi == 2 ? "OCTOSPI2" : "QUADSPI";
}
static bool id_valid(const uint8_t id[3]);
static int mm_on(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv);

#define PROBE_ERROR(fmt, ...) \
	LOG_ERROR("stm32xspi: probe of bank '%s' failed: " fmt, bank_name, ##__VA_ARGS__)

static int detect_variant(struct flash_bank *bank, const struct xspi_ctrl_variant **v)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	const char *name = NULL;
	uint32_t idcode;

	if (priv->ctrl_base == QUADSPI_F7_BASE) {
		name = "stm32f7-quadspi";
	} else if (priv->ctrl_base == QUADSPI_H7_BASE) {
		/* 0x52005000 is QUADSPI on H742/743/750/753, OCTOSPI1 on H72x/73x/7Ax/7Bx */
		if (target_read_u32(bank->target, STM32H7_DBGMCU_IDCODE, &idcode) != ERROR_OK) {
			PROBE_ERROR("cannot read the DBGMCU IDCODE at 0x%08" PRIx32
			            " to tell QUADSPI from OCTOSPI; is the target an STM32H7 "
			            "and is the debug link up?",
			            STM32H7_DBGMCU_IDCODE);
			return ERROR_FAIL;
		}
		idcode &= STM32_DEV_ID_MASK;
		if (idcode == STM32_DEV_ID_H72X_H73X || idcode == STM32_DEV_ID_H7AX_H7BX)
			name = "stm32h7-octospi";
		else
			name = "stm32h7-quadspi";
	} else if (priv->ctrl_base == STM32H7_OCTOSPI2_BASE) {
		name = "stm32h7-octospi";
	} else {
		PROBE_ERROR("no known QUADSPI/OCTOSPI at 0x%08" PRIx32 "; the register block is "
		            "at 0x52005000 (STM32H7 QUADSPI or OCTOSPI1), 0x5200A000 (OCTOSPI2) "
		            "or 0xA0001000 (STM32F7 QUADSPI)",
		            priv->ctrl_base);
		return ERROR_FLASH_BANK_INVALID;
	}
	priv->ospi =
	        !strcmp(name, "stm32h7-octospi") ? stm32xspi_ospi_instance(priv->ctrl_base) : 0;
	*v = xspi_ctrl_find(name);
	if (!*v) {
		PROBE_ERROR("controller variant '%s' is missing from the layer-2 table", name);
		return ERROR_FAIL;
	}
	return ERROR_OK;
}

static struct xspi_field_loc fld(const struct xspi_ctrl_variant *v, enum xspi_fld id)
{
	return v->f[id];
}

static int ctrl_save(const struct xspi_target_ctrl *c, struct ctrl_saved *s)
{
	struct xspi_field_loc fm = fld(c->v, XSPI_F_FMODE);
	int ret = ERROR_OK;

	for (size_t i = 0; ret == ERROR_OK && i < ARRAY_SIZE(saved_roles); i++) {
		uint16_t off = xspi_ctrl_reg(c->v, saved_roles[i]);

		if (off != XSPI_REG_ABSENT)
			ret = xspi_target_reg_read(c, off, &s->val[saved_roles[i]]);
	}
	s->mm = ret == ERROR_OK &&
	        xspi_field_get(fm.field, s->val[fm.reg]) == XSPI_MODE_MEMORY_MAPPED;
	return ret;
}

/*
 * After a failed probe: abort and park, then the registers as they were,
 * CR last with its FMODE: memory-mapped mode comes back only if it was
 * there (an indirect mode left in CR/CCR could start a command on the bus,
 * so those are parked instead).
 */
static void ctrl_restore(const struct xspi_target_ctrl *c, const struct ctrl_saved *s)
{
	struct xspi_field_loc ab = fld(c->v, XSPI_F_ABORT);

	if (xspi_target_park(c) != ERROR_OK)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(saved_roles); i++) {
		enum xspi_reg r = saved_roles[i];
		uint16_t off = xspi_ctrl_reg(c->v, r);
		struct xspi_reg_write w = { off, 0xFFFFFFFFU, s->val[r] };

		if (off == XSPI_REG_ABSENT)
			continue;
		if (r == ab.reg)
			w.value &= ~xspi_field_mask(ab.field);
		/* the operation registers only matter for memory-mapped mode */
		if (!s->mm && (r == XSPI_REG_CCR || r == XSPI_REG_IR || r == XSPI_REG_TCR ||
		               r == XSPI_REG_ABR))
			continue;
		if (!s->mm && r == fld(c->v, XSPI_F_FMODE).reg)
			continue;
		if (xspi_target_reg_write(c, &w) != ERROR_OK)
			return;
	}
}

/* Controller set-up (layer 2): clock, dual flash, memory select, size */
static int ctrl_setup_size(const struct xspi_target_ctrl *c, const struct stm32xspi_bank *priv,
                           bool dual, unsigned int fsel, uint64_t devsize)
{
	const struct xspi_ctrl_setup su = {
		.prescaler = priv->prescaler,
		.devsize = devsize,
		.cs_high = QUADSPI_CSHT_PROBE + 1,
		.dual = dual,
		.fsel = (uint8_t)fsel,
		.fifo_threshold = 1,
		.mtyp = priv->mtyp,
	};

	return xspi_target_setup(c, &su);
}

/* Set-up for commands: the whole address space reachable */
static int ctrl_setup(const struct xspi_target_ctrl *c, const struct stm32xspi_bank *priv,
                      bool dual, unsigned int fsel)
{
	return ctrl_setup_size(c, priv, dual, fsel, QUADSPI_DEVSIZE_PROBE);
}

/* One indirect command at bus protocol proto; data IN into in, OUT from out */
static int run_op_cfg(const struct xspi_target_ctrl *c, struct xspi_op op, struct xspi_proto proto,
                      const struct xspi_ctrl_cfg *cfg, uint8_t *in, const uint8_t *out)
{
	enum xspi_ctrl_mode mode =
	        op.data.dir == XSPI_DATA_IN ? XSPI_MODE_INDIRECT_READ : XSPI_MODE_INDIRECT_WRITE;
	struct xspi_reg_seq seq;
	int err;

	xspi_op_apply_proto(&op, proto);
	err = xspi_ctrl_encode(c->v, mode, &op, cfg, &seq);
	if (err) {
		PROBE_ERROR("%s cannot issue opcode 0x%02x: %s", c->v->name, op.cmd.opcode,
		            xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	return xspi_target_run_seq(c, &seq, in, out);
}

static int run_op(const struct xspi_target_ctrl *c, struct xspi_op op, struct xspi_proto proto,
                  uint8_t *in)
{
	return run_op_cfg(c, op, proto, NULL, in, NULL);
}

/*
 * ---- octal parts (Macronix OPI): modes and mode changes ----
 * Facts in the part table (xspi_part_octal, [ST-MX25LM51245G]): in SOPI /
 * DOPI every opcode is the pair op, ~op; register reads take a 4-byte
 * (dummy) address and reg_dummy_* cycles; CR2 at a 4-byte address holds
 * SOPI/DOPI (volatile) and the read dummy count (DC). A register byte in
 * DOPI fills a 2-byte DTR beat, so reads there are twice as long.
 */
static const struct xspi_proto octal_proto[] = {
	[STM32XSPI_CHIP_SPI] = XSPI_PROTO_1_1_1,
	[STM32XSPI_CHIP_SOPI] = XSPI_PROTO_8_8_8,
	[STM32XSPI_CHIP_DOPI] = XSPI_PROTO_8D_8D_8D,
};

static const char *const chip_mode_name[] = {
	[STM32XSPI_CHIP_SPI] = "SPI (1-1-1)",
	[STM32XSPI_CHIP_SOPI] = "SOPI (8S-8S-8S)",
	[STM32XSPI_CHIP_DOPI] = "DOPI (8D-8D-8D)",
};

/* DQS for DTR reads and hold delay for DTR writes, as ST's BSP sets them
 * for the MX25LM51245G on the H735G-DK (DQSE, DHQC) */
static struct xspi_ctrl_cfg octal_cfg(const struct xspi_part_octal *o, bool dual)
{
	return (struct xspi_ctrl_cfg){ .dqs_read = o->dtr_read_uses_dqs,
		                       .delay_hold = true,
		                       .dual_flash = dual };
}

/* Read nbytes of a register in an octal mode (per chip, not doubled) */
static int octal_reg_read(const struct xspi_target_ctrl *c, const struct xspi_part_octal *o,
                          enum stm32xspi_chip_mode m, uint8_t opcode, uint8_t *buf, uint32_t nbytes)
{
	bool dtr = m == STM32XSPI_CHIP_DOPI;
	struct xspi_op op = xspi_op_read(opcode, 4, 0, dtr ? o->reg_dummy_dtr : o->reg_dummy_str,
	                                 dtr ? 2 * nbytes : nbytes);
	struct xspi_ctrl_cfg cfg = octal_cfg(o, false);

	return run_op_cfg(c, op, octal_proto[m], &cfg, buf, NULL);
}

/* Write a CR2 byte at addr in mode m (WREN first); DTR sends it twice */
static int octal_cr2_write(const struct xspi_target_ctrl *c, const struct xspi_part_octal *o,
                           enum stm32xspi_chip_mode m, uint32_t addr, uint8_t val)
{
	bool dtr = m == STM32XSPI_CHIP_DOPI;
	const uint8_t data[2] = { val, val };
	/* a command with a 4-byte address and write data, like a page program */
	struct xspi_op wr = xspi_op_page_program(o->cr2_write_op, 4, addr, dtr ? 2 : 1);
	struct xspi_ctrl_cfg cfg = octal_cfg(o, false);
	int ret = run_op_cfg(c, xspi_op_cmd(XSPI_OP_WREN), octal_proto[m], &cfg, NULL, NULL);

	if (ret == ERROR_OK)
		ret = run_op_cfg(c, wr, octal_proto[m], &cfg, NULL, data);
	return ret;
}

static bool octal_id_is(const uint8_t *b, const uint8_t id[3], bool dtr)
{
	if (!dtr)
		return !memcmp(b, id, 3);
	/* each ID byte twice, or the ID as is: both seen on octal DTR parts */
	return !memcmp(b, id, 3) || (b[0] == id[0] && b[1] == id[0] && b[2] == id[1] &&
	                             b[3] == id[1] && b[4] == id[2] && b[5] == id[2]);
}

/*
 * Which mode is the chip in? SPI if a 1-1-1 JEDEC ID read answers; else
 * each octal part of the table is asked in SOPI and DOPI its own way.
 */
static int octal_detect(const struct xspi_target_ctrl *c, enum stm32xspi_chip_mode *m,
                        const struct xspi_part **part)
{
	uint8_t b[8];
	int ret = run_op(c, xspi_op_read_reg(XSPI_OP_RDID, 3), XSPI_PROTO_1_1_1, b);

	*m = STM32XSPI_CHIP_SPI;
	*part = NULL;
	if (ret != ERROR_OK || id_valid(b))
		return ret;
	for (size_t i = 0; i < xspi_part_count(); i++) {
		const struct xspi_part *p = xspi_part_at(i);

		for (int k = STM32XSPI_CHIP_SOPI; p->octal && k <= STM32XSPI_CHIP_DOPI; k++) {
			memset(b, 0, sizeof(b));
			ret = octal_reg_read(c, p->octal, k, XSPI_OP_RDID, b, 3);
			if (ret != ERROR_OK)
				return ret;
			if (octal_id_is(b, p->id, k == STM32XSPI_CHIP_DOPI)) {
				*m = k;
				*part = p;
				return ERROR_OK;
			}
		}
	}
	return ERROR_OK;
}

/* An octal part in SOPI/DOPI goes back to SPI (volatile CR2 write) */
static int octal_to_spi(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv)
{
	const struct xspi_part *p;
	enum stm32xspi_chip_mode m;
	int ret = octal_detect(c, &m, &p);

	if (ret != ERROR_OK || m == STM32XSPI_CHIP_SPI)
		return ret;
	if (priv->found_mode == STM32XSPI_CHIP_SPI)
		priv->found_mode = m;
	LOG_INFO("stm32xspi: bank '%s': %s found in %s; switching it to SPI for the probe",
	         bank_name, p->name, chip_mode_name[m]);
	ret = octal_cr2_write(c, p->octal, m, p->octal->cr2_mode_addr, 0);
	if (ret == ERROR_OK)
		ret = octal_detect(c, &m, &p);
	if (ret == ERROR_OK && m != STM32XSPI_CHIP_SPI) {
		PROBE_ERROR("%s stays in %s after the CR2 write that selects SPI; power-cycle "
		            "the board",
		            p->name, chip_mode_name[m]);
		return ERROR_FAIL;
	}
	return ret;
}

/* The chip from the mode it is in (priv->chip_mode) to mode to */
static int chip_to(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv,
                   enum stm32xspi_chip_mode to)
{
	const struct xspi_part_octal *o = priv->part ? priv->part->octal : NULL;
	int ret = ERROR_OK;

	if (to == priv->chip_mode)
		return ERROR_OK;
	if (!o)
		return ERROR_FAIL;
	if (priv->chip_mode != STM32XSPI_CHIP_SPI)
		ret = octal_cr2_write(c, o, priv->chip_mode, o->cr2_mode_addr, 0);
	if (ret == ERROR_OK)
		priv->chip_mode = STM32XSPI_CHIP_SPI;
	if (ret == ERROR_OK && to != STM32XSPI_CHIP_SPI) {
		uint8_t dc = o->dc_power_on;

		for (uint8_t i = 0; i < ARRAY_SIZE(o->dc_cycles); i++)
			if (o->dc_cycles[i] == priv->octal_dummy)
				dc = i;
		ret = octal_cr2_write(c, o, STM32XSPI_CHIP_SPI, o->cr2_dc_addr, dc);
		if (ret == ERROR_OK)
			ret = octal_cr2_write(
			        c, o, STM32XSPI_CHIP_SPI, o->cr2_mode_addr,
			        (uint8_t)(1U << (to == STM32XSPI_CHIP_DOPI ? o->cr2_dopi_bit
			                                                   : o->cr2_sopi_bit)));
		if (ret == ERROR_OK)
			priv->chip_mode = to;
	}
	if (ret != ERROR_OK)
		LOG_ERROR("stm32xspi: %s: cannot switch the flash to %s", bank_name,
		          chip_mode_name[to]);
	return ret;
}

/*
 * Octal operation for an octal part on an OCTOSPI: 8D-8D-8D with the
 * xSPI profile's read opcode and its dummy count for <= 100 MHz (the bus
 * runs at kernel clock / 4 or slower), else the part table's.
 */
static void choose_octal(struct stm32xspi_bank *priv, const struct xspi_sfdp_info *info)
{
	const struct xspi_part_octal *o = priv->part->octal;
	uint8_t rd = (uint8_t)(o->read_dtr_op >> 8);
	uint8_t dummy = o->dc_cycles[o->dc_power_on];

	if (info && info->profile1.present) {
		if (info->profile1.read_8d_opcode)
			rd = info->profile1.read_8d_opcode;
		for (size_t i = 0; i < ARRAY_SIZE(o->dc_cycles); i++)
			if (info->profile1.dummy_100mhz &&
			    o->dc_cycles[i] == info->profile1.dummy_100mhz)
				dummy = o->dc_cycles[i];
	}
	/* octal STR on request: the part's 8S-8S-8S read (ECh), same dummy
	 * count (CR2 DC applies to both, [ST-MX25LM51245G]) */
	if (priv->octal_str)
		rd = (uint8_t)(o->read_str_op >> 8);
	priv->octal_dummy = dummy;
	priv->op_mode = priv->octal_str ? STM32XSPI_CHIP_SOPI : STM32XSPI_CHIP_DOPI;
	priv->mtyp = XSPI_MTYP_MACRONIX; /* D1/D0 order in 8-line DTR (RM0468 DCR1.MTYP) */
	priv->cfg = octal_cfg(o, priv->dual);
	priv->addr_bytes = 4;
	priv->mm_read = xspi_op_read(rd, 4, 0, dummy, 0);
	xspi_op_apply_proto(&priv->mm_read, octal_proto[priv->op_mode]);
	priv->mm_proto = priv->octal_str ? "8S-8S-8S" : "8D-8D-8D";
	priv->pp = xspi_op_page_program((uint8_t)(o->pp_op >> 8), 4, 0, 1);
	xspi_op_apply_proto(&priv->pp, octal_proto[priv->op_mode]);
	priv->pp_proto = priv->mm_proto;
}

void stm32xspi_cmd_op(const struct stm32xspi_bank *priv, struct xspi_op *op, bool reg_read)
{
	const struct xspi_part_octal *o = priv->part ? priv->part->octal : NULL;
	bool dtr = priv->op_mode == STM32XSPI_CHIP_DOPI;

	if (priv->op_mode == STM32XSPI_CHIP_SPI || !o)
		return;
	if (reg_read) {
		op->addr.lines = XSPI_LINES_1;
		op->addr.nbytes = 4;
		op->addr.val = 0;
		op->dummy.ncycles = dtr ? o->reg_dummy_dtr : o->reg_dummy_str;
		if (dtr)
			op->data.nbytes *= 2;
	} else if (op->addr.nbytes) {
		op->addr.nbytes = 4; /* always 4 address bytes in OPI */
	}
	xspi_op_apply_proto(op, octal_proto[priv->op_mode]);
}

unsigned int stm32xspi_status_bytes(const struct stm32xspi_bank *priv)
{
	return (priv->dual ? 2 : 1) * (priv->op_mode == STM32XSPI_CHIP_DOPI ? 2 : 1);
}

/*
 * A known state whatever firmware left: software reset in QPI (4-4-4),
 * DPI (2-2-2) and SPI. A chip in SPI mode sees the 4- and 2-line opcodes
 * as too few clocks on IO0 and ignores them. Reset brings the volatile
 * configuration back from the non-volatile one (dummy cycles, QPI off
 * unless NVCR says otherwise, 4-byte mode per NVCR: our reads use
 * dedicated 4-byte opcodes so that does not matter).
 */
static int chip_reset(const struct xspi_target_ctrl *c)
{
	static const struct xspi_proto protos[] = { XSPI_PROTO_4_4_4, XSPI_PROTO_2_2_2,
		                                    XSPI_PROTO_1_1_1 };
	int ret = ERROR_OK;

	for (size_t i = 0; ret == ERROR_OK && i < ARRAY_SIZE(protos); i++) {
		ret = run_op(c, xspi_op_cmd(XSPI_OP_RSTEN), protos[i], NULL);
		if (ret == ERROR_OK)
			ret = run_op(c, xspi_op_cmd(XSPI_OP_RST), protos[i], NULL);
	}
	alive_sleep(STM32XSPI_RESET_RECOVERY_MS);
	return ret;
}

static bool id_valid(const uint8_t id[3])
{
	bool all_ff = id[0] == 0xFF && id[1] == 0xFF && id[2] == 0xFF;
	bool all_00 = id[0] == 0x00 && id[1] == 0x00 && id[2] == 0x00;

	return !all_ff && !all_00;
}

/*
 * After the reset: a chip still busy (an erase firmware started, on a
 * part that ignores reset while busy) answers nothing useful and would
 * fill the memory-mapped window with garbage. Wait for WIP = 0, as long
 * as the longest chip erase of any part we know may take.
 */
static int wait_not_busy(const struct xspi_target_ctrl *c)
{
	int64_t t0 = timeval_ms(), said = 0;
	uint8_t sr = 0;
	int ret;

	for (;;) {
		ret = run_op(c, xspi_op_read_reg(XSPI_OP_RDSR, 1), XSPI_PROTO_1_1_1, &sr);
		/* 0xFF: nobody drives the lines (no chip on this bank): the
		 * JEDEC ID read that follows says so */
		if (ret != ERROR_OK || !(sr & XSPI_SR_WIP) || sr == 0xFF)
			return ret;
		int64_t waited = timeval_ms() - t0;

		if (waited > STM32XSPI_BUSY_MAX_MS) {
			PROBE_ERROR(
			        "the flash stays busy (status 0x%02x, WIP set) for more than %d s: "
			        "power-cycle the board",
			        sr, STM32XSPI_BUSY_MAX_MS / 1000);
			return ERROR_FLASH_BUSY;
		}
		if (waited - said >= 5000 || !said) {
			LOG_INFO(
			        "stm32xspi: bank '%s': the flash is busy with an operation started "
			        "before (status 0x%02x); waiting for it to end (%" PRId64
			        " s so far)",
			        bank_name, sr, waited / 1000);
			said = waited ? waited : 1;
		}
		keep_alive();
	}
}

/* Reset the chip on bank fsel and read its JEDEC ID */
static int bank_id(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv, unsigned int fsel,
                   uint8_t id[3])
{
	int ret = ctrl_setup(c, priv, false, fsel);

	if (ret == ERROR_OK && c->v->max_lines == 8)
		ret = octal_to_spi(c, priv);
	if (ret == ERROR_OK)
		ret = chip_reset(c);
	if (ret == ERROR_OK && c->v->max_lines == 8)
		ret = octal_to_spi(c, priv);
	if (ret == ERROR_OK)
		ret = wait_not_busy(c);
	if (ret == ERROR_OK)
		ret = run_op(c, xspi_op_read_reg(XSPI_OP_RDID, 3), XSPI_PROTO_1_1_1, id);
	return ret;
}

/* SFDP space from offset 0, as far as xspi_sfdp_span() asks */
static int read_sfdp(const struct xspi_target_ctrl *c, uint8_t *buf, size_t *have)
{
	size_t need = XSPI_SFDP_HDR_LEN;

	*have = 0;
	while (need > *have) {
		while (*have < need) {
			uint32_t n = MIN(need - *have, c->v->fifo_bytes);
			int ret = run_op(c, xspi_op_read_sfdp(*have, n), XSPI_PROTO_1_1_1,
			                 buf + *have);

			if (ret != ERROR_OK)
				return ret;
			*have += n;
		}
		need = xspi_sfdp_span(buf, *have);
	}
	return ERROR_OK;
}

/* Is the QE bit (per JESD216 QER code) set? Only reads, never writes */
static int qe_set(const struct xspi_target_ctrl *c, enum xspi_sfdp_qer qer, bool *set)
{
	uint8_t opcode, mask, val = 0;
	int ret;

	switch (qer) {
	case XSPI_QER_NONE:
		*set = true;
		return ERROR_OK;
	case XSPI_QER_SR1B6:
		opcode = XSPI_OP_RDSR, mask = 0x40;
		break;
	case XSPI_QER_SR2B7:
		opcode = XSPI_OP_RDSR3_QER3, mask = 0x80;
		break;
	case XSPI_QER_SR2B1_WRSR2B:
	case XSPI_QER_SR2B1_WRSR2B_KEEP:
	case XSPI_QER_SR2B1_RD35_WRSR2B:
	case XSPI_QER_SR2B1_RD35_WR31:
		opcode = XSPI_OP_RDSR2, mask = 0x02;
		break;
	default:
		*set = false; /* unknown requirement: do not risk quad */
		return ERROR_OK;
	}
	ret = run_op(c, xspi_op_read_reg(opcode, 1), XSPI_PROTO_1_1_1, &val);
	*set = ret == ERROR_OK && (val & mask);
	return ret;
}

/* A fast-read candidate: SFDP mode, bus protocol, 4-byte opcode and its 4BAIT bit */
struct read_cand {
	enum xspi_sfdp_read_mode mode;
	struct xspi_proto proto;
	const char *name;
	uint8_t opcode_4b;
	uint32_t bait;
};

static const struct read_cand read_cands[] = {
	{ XSPI_SFDP_READ_1_4_4, XSPI_PROTO_1_4_4, "1-4-4", 0xEC, XSPI_4BAIT_READ_EC },
	{ XSPI_SFDP_READ_1_1_4, XSPI_PROTO_1_1_4, "1-1-4", 0x6C, XSPI_4BAIT_READ_6C },
};

/*
 * The read op: mode clocks that make whole bytes become an alternate byte
 * 0xFF (never a continuous-read pattern: Winbond M5-4 = 10b, Macronix
 * complementary nibbles); otherwise they are dummy clocks (Micron's XIP
 * confirmation bit, ignored while VCR XIP is off).
 */
static struct xspi_op make_read(uint8_t opcode, uint8_t addr_bytes, struct xspi_proto proto,
                                uint8_t dummy, uint8_t mode_clocks)
{
	struct xspi_op op;
	unsigned int mode_bits = mode_clocks * (unsigned int)proto.addr_lines;

	if (mode_bits && mode_bits % 8 == 0) {
		op = xspi_op_read(opcode, addr_bytes, 0, dummy, 0);
		op.alt.nbytes = (uint8_t)(mode_bits / 8);
		op.alt.val = 0xFFFFFFFFU >> (32 - mode_bits);
		op.alt.lines = XSPI_LINES_1; /* apply_proto moves it to addr_lines */
	} else {
		op = xspi_op_read(opcode, addr_bytes, 0, (uint8_t)(dummy + mode_clocks), 0);
	}
	xspi_op_apply_proto(&op, proto);
	return op;
}

/* Fastest read from SFDP: quad when QE allows, else 1-1-1 fast read */
static int choose_read_sfdp(struct stm32xspi_bank *priv, const struct xspi_sfdp_info *info,
                            bool quad_ok)
{
	bool addr4 = priv->chip_size > XSPI_3B_LIMIT;
	uint8_t ab = addr4 ? 4 : 3;

	for (size_t i = 0; quad_ok && i < ARRAY_SIZE(read_cands); i++) {
		const struct read_cand *rc = &read_cands[i];
		const struct xspi_sfdp_read *r = &info->read[rc->mode];
		uint8_t opcode = r->opcode;

		if (!r->supported)
			continue;
		if (addr4) {
			if (!info->fourbait.present || !(info->fourbait.support & rc->bait))
				continue;
			opcode = rc->opcode_4b;
		}
		priv->mm_read = make_read(opcode, ab, rc->proto, r->dummy, r->mode);
		priv->mm_proto = rc->name;
		return ERROR_OK;
	}
	if (addr4 && !(info->fourbait.present &&
	               (info->fourbait.support & (XSPI_4BAIT_READ_0C | XSPI_4BAIT_READ_13)))) {
		PROBE_ERROR("the part is larger than 16 MiB and its SFDP lists no 4-byte read "
		            "opcode; 4-byte address mode entry is not supported yet");
		return ERROR_FLASH_OPER_UNSUPPORTED;
	}
	priv->mm_read = make_read(addr4 ? XSPI_OP_FAST_READ_4B : XSPI_OP_FAST_READ, ab,
	                          XSPI_PROTO_1_1_1, XSPI_FAST_READ_DUMMY, 0);
	priv->mm_proto = "1-1-1";
	return ERROR_OK;
}

/* Read from the part table: its default read, or 1-1-1 fast read */
static int choose_read_table(struct stm32xspi_bank *priv, const struct xspi_part *part,
                             bool quad_ok)
{
	bool addr4 = priv->chip_size > XSPI_3B_LIMIT;
	bool quad = part->read.proto.data_lines == XSPI_LINES_4;

	if (addr4 && part->addr4 != XSPI_ADDR4_OPCODES) {
		PROBE_ERROR("%s needs 4-byte address mode entry, which is not supported yet",
		            part->name);
		return ERROR_FLASH_OPER_UNSUPPORTED;
	}
	if (!quad || quad_ok) {
		priv->mm_read = make_read(part->read.opcode, addr4 ? 4 : 3, part->read.proto,
		                          part->read.dummy, part->read.mode);
		priv->mm_proto = part->read.proto.addr_lines == XSPI_LINES_4 ? "1-4-4"
		                 : quad                                      ? "1-1-4"
		                                                             : "1-1-1";
		return ERROR_OK;
	}
	priv->mm_read = make_read(addr4 ? XSPI_OP_FAST_READ_4B : XSPI_OP_FAST_READ, addr4 ? 4 : 3,
	                          XSPI_PROTO_1_1_1, XSPI_FAST_READ_DUMMY, 0);
	priv->mm_proto = "1-1-1";
	return ERROR_OK;
}

/* Deadlines when neither SFDP nor the part table gives a maximum */
#define STM32XSPI_ERASE_MAX_MS_UNKNOWN 10000U
#define STM32XSPI_PP_MAX_US_UNKNOWN    10000U
#define XSPI_OP_PP_4B                  0x12u
#define XSPI_OP_PP_114_4B              0x34u

static void add_erase(struct stm32xspi_bank *priv, unsigned int *n, uint32_t size, uint8_t opcode,
                      uint32_t typ_ms, uint32_t max_ms)
{
	unsigned int i = *n;

	if (!size || i >= STM32XSPI_ERASE_TYPES)
		return;
	/* smallest first */
	while (i > 0 && priv->erase[i - 1].size > size) {
		priv->erase[i] = priv->erase[i - 1];
		i--;
	}
	priv->erase[i] =
	        (struct stm32xspi_erase){ size, opcode, typ_ms,
		                          max_ms ? max_ms : STM32XSPI_ERASE_MAX_MS_UNKNOWN };
	(*n)++;
}

/* The part table's times for an erase size, where SFDP has none */
static void table_times(const struct xspi_part *part, uint32_t size, uint32_t *typ, uint32_t *max)
{
	for (int i = 0; part && i < XSPI_PART_ERASE_TYPES; i++) {
		if (part->erase[i].size == size) {
			*typ = *typ ? *typ : part->erase[i].typ_ms;
			*max = *max ? *max : part->erase[i].max_ms;
		}
	}
}

static void set_pp(struct stm32xspi_bank *priv, uint8_t opcode, struct xspi_proto proto,
                   const char *name)
{
	priv->pp = xspi_op_page_program(opcode, priv->addr_bytes, 0, 1);
	xspi_op_apply_proto(&priv->pp, proto);
	priv->pp_proto = name;
}

static const char *proto_name(struct xspi_proto p)
{
	return p.addr_lines == XSPI_LINES_4   ? "1-4-4"
	       : p.data_lines == XSPI_LINES_4 ? "1-1-4"
	                                      : "1-1-1";
}

/*
 * Erase types, page size and the page program: SFDP (with 4BAIT above
 * 16 MiB) when readable, the part table otherwise; the quad page program
 * only where QE allows quad and the part (table or 4BAIT) has one.
 */
static void fill_write_ops(struct stm32xspi_bank *priv, const struct xspi_sfdp_info *info,
                           bool quad_ok)
{
	const struct xspi_part *part = priv->part;
	bool addr4 = priv->chip_size > XSPI_3B_LIMIT;
	unsigned int n = 0;

	memset(priv->erase, 0, sizeof(priv->erase));
	priv->addr_bytes = addr4 ? 4 : 3;
	for (int i = 0; info && i < XSPI_SFDP_ERASE_TYPES; i++) {
		const struct xspi_sfdp_erase *e = &info->erase[i];
		uint32_t typ = e->typ_ms, max = e->max_ms;
		uint8_t op = e->opcode;

		if (addr4) {
			if (!info->fourbait.present ||
			    !(info->fourbait.support & XSPI_4BAIT_ERASE(i)))
				continue;
			op = info->fourbait.erase_opcode[i];
		}
		table_times(part, e->size, &typ, &max);
		add_erase(priv, &n, e->size, op, typ, max);
	}
	for (int i = 0; !info && part && i < XSPI_PART_ERASE_TYPES; i++) {
		const struct xspi_part_erase *e = &part->erase[i];

		if (addr4 && !e->opcode_4b)
			continue;
		add_erase(priv, &n, e->size, addr4 ? e->opcode_4b : e->opcode, e->typ_ms,
		          e->max_ms);
	}
	priv->page_size = info && info->page_size ? info->page_size : part ? part->page_size : 256;
	priv->pp_typ_us = info && info->pp_typ_us ? info->pp_typ_us : part ? part->pp_typ_us : 0;
	priv->pp_max_us = info && info->pp_max_us ? info->pp_max_us : part ? part->pp_max_us : 0;
	if (!priv->pp_max_us)
		priv->pp_max_us = STM32XSPI_PP_MAX_US_UNKNOWN;
	if (addr4) {
		bool q4 =
		        info ? info->fourbait.present && (info->fourbait.support & XSPI_4BAIT_PP_34)
		             : part && part->pp_quad.opcode_4b == XSPI_OP_PP_114_4B;
		if (quad_ok && q4)
			set_pp(priv, XSPI_OP_PP_114_4B, XSPI_PROTO_1_1_4, "1-1-4");
		else
			set_pp(priv, XSPI_OP_PP_4B, XSPI_PROTO_1_1_1, "1-1-1");
	} else if (quad_ok && part && part->pp_quad.opcode) {
		set_pp(priv, part->pp_quad.opcode, part->pp_quad.proto,
		       proto_name(part->pp_quad.proto));
	} else {
		set_pp(priv, XSPI_OP_PP, XSPI_PROTO_1_1_1, "1-1-1");
	}
	priv->chip_sector = priv->erase[0].size;
	priv->sector_opcode = priv->erase[0].opcode;
}

/* Name, size, sector and read of the chip on bank 1 (FSEL = 0) */
static int identify(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv, bool *quad_ok)
{
	static uint8_t sfdp[XSPI_SFDP_MAX_LEN];
	const struct xspi_part *part = xspi_part_by_id(priv->id);
	struct xspi_sfdp_info info;
	size_t have = 0;
	int perr = XSPI_SFDP_E_SIGNATURE;
	int ret = read_sfdp(c, sfdp, &have);

	if (ret == ERROR_OK && xspi_sfdp_span(sfdp, have))
		perr = xspi_sfdp_parse(sfdp, have, &info);
	if (ret == ERROR_OK && perr && !info.bfpt_ok)
		LOG_INFO("stm32xspi: bank '%s': no usable SFDP (%s), using the part table",
		         bank_name, xspi_sfdp_strerror(perr));
	bool sfdp_ok = ret == ERROR_OK && (perr == 0 || info.bfpt_ok) &&
	               info.density <= 0x80000000ULL && info.density >= 2;

	priv->sfdp_ok = sfdp_ok;
	if (sfdp_ok)
		priv->sfdp = info;

	if (part)
		snprintf(priv->name, sizeof(priv->name), "%s", part->name);
	else
		snprintf(priv->name, sizeof(priv->name), "JEDEC %02x %02x %02x", priv->id[0],
		         priv->id[1], priv->id[2]);
	if (!sfdp_ok && !part) {
		PROBE_ERROR("unknown flash (JEDEC ID %02x %02x %02x) without readable SFDP; add "
		            "it to flash_drivers/nor/xspi_parts.c",
		            priv->id[0], priv->id[1], priv->id[2]);
		return ERROR_FLASH_BANK_INVALID;
	}
	ret = qe_set(c, part ? part->qe : (sfdp_ok ? info.qer : XSPI_QER_UNKNOWN), quad_ok);
	if (ret != ERROR_OK)
		return ret;
	if (!*quad_ok)
		LOG_WARNING("stm32xspi: bank '%s': the quad enable bit is not set; reading "
		            "with 1-1-1 (this build does not change non-volatile bits)",
		            bank_name);
	priv->part = part;
	if (sfdp_ok) {
		priv->source = "SFDP";
		priv->chip_size = (uint32_t)info.density;
		fill_write_ops(priv, &info, *quad_ok);
		return choose_read_sfdp(priv, &info, *quad_ok);
	}
	priv->source = "part table";
	priv->chip_size = part->size;
	fill_write_ops(priv, NULL, *quad_ok);
	return choose_read_table(priv, part, *quad_ok);
}

/* Both chips must allow quad reads in dual mode */
static int check_qe_bank2(const struct xspi_target_ctrl *c, const struct stm32xspi_bank *priv,
                          bool *quad_ok)
{
	const struct xspi_part *part = xspi_part_by_id(priv->id);
	bool ok2 = true;
	int ret;

	if (!*quad_ok || !part)
		return ERROR_OK;
	ret = ctrl_setup(c, priv, false, 1);
	if (ret == ERROR_OK)
		ret = qe_set(c, part->qe, &ok2);
	*quad_ok = *quad_ok && ok2;
	return ret;
}

static int enter_mm(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv)
{
	struct xspi_ctrl_cfg cfg = priv->cfg;
	uint64_t total = (uint64_t)priv->chip_size * (priv->dual ? 2 : 1);
	struct xspi_reg_write devsize;
	int err;

	/* H7 erratum: the last bytes of the memory-mapped area read wrong
	 * unless FSIZE is one size larger (peripherals.md #1) */
	if (!strcmp(c->v->name, "stm32h7-quadspi") && total < (1ULL << 32))
		total *= 2;
	err = xspi_ctrl_devsize(c->v, total, &devsize);
	if (!err)
		err = xspi_ctrl_encode(c->v, XSPI_MODE_MEMORY_MAPPED, &priv->mm_read, &cfg,
		                       &priv->mm_seq);
	if (err) {
		PROBE_ERROR("%s cannot map the read (opcode 0x%02x, %s): %s", c->v->name,
		            priv->mm_read.cmd.opcode, priv->mm_proto, xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	priv->mm_devsize = total;
	return mm_on(c, priv);
}

/* Both chips identical: dual; bank 2 silent: single; anything else: error */
static int detect_chips(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv)
{
	uint8_t id2[3] = { 0 };
	int ret = bank_id(c, priv, 0, priv->id);

	if (ret != ERROR_OK) {
		PROBE_ERROR("the JEDEC ID read (9Fh) on %s memory 1 did not complete; check "
		            "the %s clock (RCC) and the controller base",
		            ctrl_label(priv), ctrl_label(priv));
		return ret;
	}
	if (!id_valid(priv->id)) {
		PROBE_ERROR("no flash answers on %s memory 1 (JEDEC ID reads %02x %02x %02x): "
		            "check the pins' alternate functions%s and the chip's supply",
		            ctrl_label(priv), priv->id[0], priv->id[1], priv->id[2],
		            c->v->max_lines == 8 ? ", the OCTOSPIM port" : "");
		return ERROR_FLASH_BANK_INVALID;
	}
	priv->dual = false;
	/* OCTOSPI dual-quad (DQM) needs two quad chips on two ports: not
	 * a set-up any supported board has, so only QUADSPI looks for it */
	if (!c->v->dual_flash || c->v->kind != XSPI_CTRL_QUADSPI)
		return ERROR_OK;
	ret = bank_id(c, priv, 1, id2);
	if (ret != ERROR_OK || !id_valid(id2)) {
		LOG_DEBUG("stm32xspi: no second flash on QUADSPI bank 2");
		return ctrl_setup(c, priv, false, 0);
	}
	if (memcmp(id2, priv->id, 3)) {
		PROBE_ERROR("different chips on QUADSPI bank 1 (%02x %02x %02x) and bank 2 "
		            "(%02x %02x %02x): dual-flash mode needs two identical parts",
		            priv->id[0], priv->id[1], priv->id[2], id2[0], id2[1], id2[2]);
		return ERROR_FLASH_BANK_INVALID;
	}
	priv->dual = true;
	return ctrl_setup(c, priv, false, 0);
}

static int fill_sectors(struct flash_bank *bank, const struct stm32xspi_bank *priv)
{
	unsigned int chips = priv->dual ? 2 : 1;
	uint32_t sector = priv->chip_sector * chips;

	if (!sector) {
		PROBE_ERROR("the part lists no erase type");
		return ERROR_FLASH_BANK_INVALID;
	}
	free(bank->sectors);
	bank->size = priv->chip_size * chips;
	bank->num_sectors = bank->size / sector;
	bank->sectors = alloc_block_array(0, sector, bank->num_sectors);
	if (!bank->sectors) {
		PROBE_ERROR("out of memory for %u sectors", bank->num_sectors);
		return ERROR_FAIL;
	}
	return ERROR_OK;
}

static int probe_steps(struct flash_bank *bank, const struct xspi_target_ctrl *c,
                       const struct ctrl_saved *saved)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct xspi_field_loc pl = fld(c->v, XSPI_F_PRESCALER);
	uint32_t presc = xspi_field_get(pl.field, saved->val[pl.reg]);
	bool quad_ok = false;
	int ret = ERROR_OK;

	priv->prescaler = MAX(presc, QUADSPI_PRESCALER_PROBE);
	priv->mtyp = XSPI_MTYP_MICRON;
	priv->cfg = (struct xspi_ctrl_cfg){ 0 };
	priv->op_mode = STM32XSPI_CHIP_SPI;
	priv->chip_mode = STM32XSPI_CHIP_SPI;
	if (priv->ospi)
		ret = stm32xspi_ospim_route(bank->target, priv->ospi, priv->ospi, true, bank->name);
	if (ret == ERROR_OK)
		ret = xspi_target_park(c);
	if (ret == ERROR_OK)
		ret = detect_chips(c, priv);
	if (ret == ERROR_OK)
		ret = identify(c, priv, &quad_ok);
	if (ret == ERROR_OK)
		priv->cfg.dual_flash = priv->dual;
	if (ret == ERROR_OK && priv->part && priv->part->octal && c->v->max_lines == 8)
		choose_octal(priv, priv->sfdp_ok ? &priv->sfdp : NULL);
	if (ret == ERROR_OK && priv->dual)
		ret = check_qe_bank2(c, priv, &quad_ok);
	if (ret == ERROR_OK && priv->dual && !quad_ok && priv->mm_read.data.lines == 4) {
		LOG_WARNING("stm32xspi: bank '%s': quad enable differs between the chips; "
		            "reading with 1-1-1",
		            bank_name);
		priv->mm_read = make_read(priv->chip_size > XSPI_3B_LIMIT ? XSPI_OP_FAST_READ_4B
		                                                          : XSPI_OP_FAST_READ,
		                          priv->chip_size > XSPI_3B_LIMIT ? 4 : 3, XSPI_PROTO_1_1_1,
		                          XSPI_FAST_READ_DUMMY, 0);
		priv->mm_proto = "1-1-1";
		set_pp(priv, priv->addr_bytes == 4 ? XSPI_OP_PP_4B : XSPI_OP_PP, XSPI_PROTO_1_1_1,
		       "1-1-1");
	}
	if (ret == ERROR_OK)
		ret = fill_sectors(bank, priv);
	if (ret == ERROR_OK)
		ret = enter_mm(c, priv);
	return ret;
}

int stm32xspi_probe_bank(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct xspi_target_ctrl c = { bank->target, priv->ctrl_base, NULL };
	struct ctrl_saved saved;
	int ret;

	bank_name = bank->name;
	priv->probed = false;
	ret = detect_variant(bank, &c.v);
	if (ret != ERROR_OK)
		return ret;
	ret = ctrl_save(&c, &saved);
	if (ret != ERROR_OK) {
		PROBE_ERROR("the %s registers at 0x%08" PRIx32 " cannot be read; is the "
		            "controller's clock enabled (RCC QSPIEN)?",
		            c.v->name, priv->ctrl_base);
		return ret;
	}
	priv->ctrl = c.v;
	ret = probe_steps(bank, &c, &saved);
	if (ret != ERROR_OK) {
		ctrl_restore(&c, &saved);
		return ret;
	}
	priv->probed = true;
	LOG_INFO("stm32xspi: bank '%s': %s%s (%s), %" PRIu32 " KiB, memory-mapped read "
	         "0x%02x %s",
	         bank->name, priv->dual ? "2 x " : "", priv->name, priv->source, bank->size / 1024,
	         priv->mm_read.cmd.opcode, priv->mm_proto);
	return ERROR_OK;
}

/* Controller in indirect mode and the chip in mode m */
static int cmd_mode_in(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv,
                       enum stm32xspi_chip_mode m)
{
	int ret = xspi_target_park(c);

	if (ret == ERROR_OK)
		ret = ctrl_setup(c, priv, priv->dual, 0);
	if (ret == ERROR_OK)
		ret = chip_to(c, priv, m);
	return ret;
}

/* Memory-mapped mode: the chip in op_mode, the read mapped (priv->mm_seq) */
static int mm_on(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv)
{
	int ret = xspi_target_park(c);

	if (ret == ERROR_OK)
		ret = ctrl_setup_size(c, priv, priv->dual, 0, priv->mm_devsize);
	if (ret == ERROR_OK)
		ret = chip_to(c, priv, priv->op_mode);
	if (ret == ERROR_OK)
		ret = xspi_target_run_seq(c, &priv->mm_seq, NULL, NULL);
	return ret;
}

int stm32xspi_ensure_mm(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct xspi_target_ctrl c = { bank->target, priv->ctrl_base, priv->ctrl };
	struct xspi_field_loc fm = fld(c.v, XSPI_F_FMODE);
	uint32_t reg;
	int ret = xspi_target_reg_read(&c, xspi_ctrl_reg(c.v, fm.reg), &reg);

	if (ret != ERROR_OK)
		return ret;
	if (xspi_field_get(fm.field, reg) == XSPI_MODE_MEMORY_MAPPED &&
	    priv->chip_mode == priv->op_mode)
		return ERROR_OK;
	bank_name = bank->name;
	ret = mm_on(&c, priv);
	if (ret != ERROR_OK)
		LOG_ERROR("stm32xspi: bank '%s': memory-mapped mode could not be restored; "
		          "run 'flash probe' again",
		          bank->name);
	return ret;
}

void stm32xspi_print_info(struct flash_bank *bank, struct command_invocation *cmd)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	const struct xspi_op *r = &priv->mm_read;
	char erases[80] = "";
	size_t n = 0;

	for (int i = 0; i < STM32XSPI_ERASE_TYPES && priv->erase[i].size; i++)
		n += (size_t)snprintf(erases + n, sizeof(erases) - MIN(n, sizeof(erases)),
		                      "%s%" PRIu32 " KiB 0x%02x", i ? ", " : "",
		                      priv->erase[i].size / 1024, priv->erase[i].opcode);
	command_print_sameline(
	        cmd,
	        "stm32xspi: %s%s (JEDEC %02x %02x %02x, from %s), %s flash, "
	        "%" PRIu32 " KiB, %u sectors of %" PRIu32 " KiB; erase per chip: %s; "
	        "page program 0x%02x %s, %" PRIu32 " bytes per chip; %s at 0x%08" PRIx32
	        ", prescaler %" PRIu32 "; memory-mapped read 0x%02x %s, "
	        "%u-byte address, %u dummy clocks%s\n",
	        priv->dual ? "2 x " : "", priv->name, priv->id[0], priv->id[1], priv->id[2],
	        priv->source, priv->dual ? "dual" : "single", bank->size / 1024, bank->num_sectors,
	        bank->num_sectors ? bank->sectors[0].size / 1024 : 0, erases, priv->pp.cmd.opcode,
	        priv->pp_proto, priv->page_size, priv->ctrl->name, priv->ctrl_base, priv->prescaler,
	        r->cmd.opcode, priv->mm_proto, r->addr.nbytes, r->dummy.ncycles,
	        r->alt.nbytes ? ", mode byte 0xff" : "");
}

int stm32xspi_cmd_mode(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct xspi_target_ctrl c = { bank->target, priv->ctrl_base, priv->ctrl };

	bank_name = bank->name;
	return cmd_mode_in(&c, priv, STM32XSPI_CHIP_SPI);
}

int stm32xspi_op_mode(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct xspi_target_ctrl c = { bank->target, priv->ctrl_base, priv->ctrl };

	bank_name = bank->name;
	return cmd_mode_in(&c, priv, priv->op_mode);
}

int stm32xspi_exec(struct flash_bank *bank, const struct xspi_op *op, uint8_t *in,
                   const uint8_t *out)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct xspi_target_ctrl c = { bank->target, priv->ctrl_base, priv->ctrl };
	const struct xspi_ctrl_cfg cfg = priv->cfg;
	enum xspi_ctrl_mode mode =
	        op->data.dir == XSPI_DATA_IN ? XSPI_MODE_INDIRECT_READ : XSPI_MODE_INDIRECT_WRITE;
	struct xspi_reg_seq seq;
	int err = xspi_ctrl_encode(c.v, mode, op, &cfg, &seq);

	if (err) {
		LOG_ERROR("stm32xspi: bank '%s': %s cannot issue opcode 0x%02x: %s", bank->name,
		          c.v->name, op->cmd.opcode, xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	return xspi_target_run_seq(&c, &seq, in, out);
}
