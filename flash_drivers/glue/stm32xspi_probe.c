// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stm32xspi probe, host side (no target stub): controller variant, chip
 * reset, JEDEC ID on each QUADSPI bank, SFDP (part table as fallback),
 * bank geometry, then memory-mapped mode with the fastest read the part
 * can do without changing a non-volatile bit.
 *
 * QUADSPI only for now. CR set-up (prescaler, FSEL, DFM) uses
 * stm32/quadspi_regs.h directly: layer 2 has no encoder for controller
 * initialisation yet.
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
#define QUADSPI_CSHT_PROBE      2U  /* nCS high >= 3 cycles between commands */
#define QUADSPI_PRESCALER_PROBE 3U  /* at least kernel clock / 4 */
#define QUADSPI_FSIZE_PROBE     31U /* 4 GiB: no address is out of range */
#define XSPI_OP_RDSR2           0x35u
#define XSPI_OP_RDSR3_QER3      0x3Fu
#define XSPI_OP_FAST_READ       0x0Bu
#define XSPI_OP_FAST_READ_4B    0x0Cu
#define XSPI_OP_READ_4B         0x13u
#define XSPI_FAST_READ_DUMMY    8u
#define XSPI_3B_LIMIT           (16U * 1024U * 1024U)

/* Controller state saved at probe entry, put back when the probe fails */
struct ctrl_saved {
	uint32_t cr, dcr, ccr;
};

static const char *bank_name;

static int ctrl_park(const struct xspi_target_ctrl *c);

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
		if (idcode == STM32_DEV_ID_H72X_H73X || idcode == STM32_DEV_ID_H7AX_H7BX) {
			PROBE_ERROR("the controller at 0x%08" PRIx32 " is an OCTOSPI (device id "
			            "0x%03" PRIx32 "): OCTOSPI is not supported yet by this build; "
			            "use the stock 'stmqspi' driver meanwhile",
			            priv->ctrl_base, idcode);
			return ERROR_FLASH_OPER_UNSUPPORTED;
		}
		name = "stm32h7-quadspi";
	} else if (priv->ctrl_base == STM32H7_OCTOSPI2_BASE) {
		PROBE_ERROR("0x%08" PRIx32 " is OCTOSPI2: OCTOSPI is not supported yet by this "
		            "build; use the stock 'stmqspi' driver meanwhile",
		            priv->ctrl_base);
		return ERROR_FLASH_OPER_UNSUPPORTED;
	} else {
		PROBE_ERROR("no known QUADSPI at 0x%08" PRIx32 "; the QUADSPI register block is "
		            "at 0x52005000 (STM32H7) or 0xA0001000 (STM32F7)",
		            priv->ctrl_base);
		return ERROR_FLASH_BANK_INVALID;
	}
	*v = xspi_ctrl_find(name);
	if (!*v) {
		PROBE_ERROR("controller variant '%s' is missing from the layer-2 table", name);
		return ERROR_FAIL;
	}
	return ERROR_OK;
}

static int ctrl_save(const struct xspi_target_ctrl *c, struct ctrl_saved *s)
{
	int ret = xspi_target_reg_read(c, QUADSPI_CR, &s->cr);

	if (ret == ERROR_OK)
		ret = xspi_target_reg_read(c, QUADSPI_DCR, &s->dcr);
	if (ret == ERROR_OK)
		ret = xspi_target_reg_read(c, QUADSPI_CCR, &s->ccr);
	return ret;
}

/*
 * After a failed probe: abort, then CR/DCR as they were, and CCR only if
 * it held memory-mapped mode (writing an indirect CCR could start a
 * command on the bus).
 */
static void ctrl_restore(const struct xspi_target_ctrl *c, const struct ctrl_saved *s)
{
	const struct xspi_reg_write dcr = { QUADSPI_DCR, 0xFFFFFFFFU, s->dcr };
	const struct xspi_reg_write cr = { QUADSPI_CR, 0xFFFFFFFFU, s->cr & ~QUADSPI_CR_ABORT };
	const struct xspi_reg_write ccr = { QUADSPI_CCR, 0xFFFFFFFFU, s->ccr };
	struct xspi_field fmode = { QUADSPI_CCR_FMODE_SHIFT, QUADSPI_CCR_FMODE_WIDTH };

	if (ctrl_park(c) != ERROR_OK)
		return;
	if (xspi_target_reg_write(c, &dcr) != ERROR_OK || xspi_target_reg_write(c, &cr) != ERROR_OK)
		return;
	if (xspi_field_get(fmode, s->ccr) == QUADSPI_CCR_FMODE_MEMORY_MAPPED)
		(void)xspi_target_reg_write(c, &ccr);
}

/*
 * Abort, then park CCR in an indirect read that would start only on an AR
 * write (which never comes): with CCR.FMODE still memory-mapped, changing
 * CR.DFM/FSEL/EN re-enters memory-mapped mode and the controller stays
 * BUSY. Layer 2 has no "park" sequence yet, so it is spelled out here.
 */
static int ctrl_park(const struct xspi_target_ctrl *c)
{
	const struct xspi_reg_write park = {
		QUADSPI_CCR,
		0xFFFFFFFFU,
		xspi_field_prep(
		        (struct xspi_field){ QUADSPI_CCR_FMODE_SHIFT, QUADSPI_CCR_FMODE_WIDTH },
		        QUADSPI_CCR_FMODE_INDIRECT_READ) |
		        xspi_field_prep((struct xspi_field){ QUADSPI_CCR_ADMODE_SHIFT,
		                                             QUADSPI_CCR_ADMODE_WIDTH },
		                        1),
	};
	int ret = xspi_target_abort(c);

	if (ret == ERROR_OK)
		ret = xspi_target_reg_write(c, &park);
	return ret;
}

static uint32_t field_prep(unsigned int shift, unsigned int width, uint32_t v)
{
	return xspi_field_prep((struct xspi_field){ shift, width }, v);
}

/* CR for the probe: conservative clock, no dual flash, bank fsel, enabled */
static int ctrl_setup(const struct xspi_target_ctrl *c, uint32_t prescaler, bool dual,
                      unsigned int fsel)
{
	const struct xspi_reg_write cr = {
		QUADSPI_CR,
		0xFFFFFFFFU,
		field_prep(QUADSPI_CR_PRESCALER_SHIFT, QUADSPI_CR_PRESCALER_WIDTH, prescaler) |
		        (dual ? QUADSPI_CR_DFM : 0) | (fsel ? QUADSPI_CR_FSEL : 0) | QUADSPI_CR_EN,
	};

	return xspi_target_reg_write(c, &cr);
}

/* One indirect command at bus protocol proto; data IN into in */
static int run_op(const struct xspi_target_ctrl *c, struct xspi_op op, struct xspi_proto proto,
                  uint8_t *in)
{
	enum xspi_ctrl_mode mode =
	        op.data.dir == XSPI_DATA_IN ? XSPI_MODE_INDIRECT_READ : XSPI_MODE_INDIRECT_WRITE;
	struct xspi_reg_seq seq;
	int err;

	xspi_op_apply_proto(&op, proto);
	err = xspi_ctrl_encode(c->v, mode, &op, NULL, &seq);
	if (err) {
		PROBE_ERROR("%s cannot issue opcode 0x%02x: %s", c->v->name, op.cmd.opcode,
		            xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	return xspi_target_run_seq(c, &seq, in, NULL);
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
static int bank_id(const struct xspi_target_ctrl *c, uint32_t prescaler, unsigned int fsel,
                   uint8_t id[3])
{
	int ret = ctrl_setup(c, prescaler, false, fsel);

	if (ret == ERROR_OK)
		ret = chip_reset(c);
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
	ret = ctrl_setup(c, priv->prescaler, false, 1);
	if (ret == ERROR_OK)
		ret = qe_set(c, part->qe, &ok2);
	*quad_ok = *quad_ok && ok2;
	return ret;
}

static int enter_mm(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv)
{
	const struct xspi_ctrl_cfg cfg = { .dual_flash = priv->dual };
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
	int ret = ctrl_park(c);

	if (ret == ERROR_OK)
		ret = ctrl_setup(c, priv->prescaler, priv->dual, 0);
	if (ret == ERROR_OK)
		ret = xspi_target_reg_write(c, &devsize);
	if (ret == ERROR_OK)
		ret = xspi_target_run_seq(c, &priv->mm_seq, NULL, NULL);
	return ret;
}

/* Both chips identical: dual; bank 2 silent: single; anything else: error */
static int detect_chips(const struct xspi_target_ctrl *c, struct stm32xspi_bank *priv)
{
	uint8_t id2[3] = { 0 };
	int ret = bank_id(c, priv->prescaler, 0, priv->id);

	if (ret != ERROR_OK) {
		PROBE_ERROR("the JEDEC ID read (9Fh) on QUADSPI bank 1 did not complete; check "
		            "the QUADSPI clock (RCC) and the controller base");
		return ret;
	}
	if (!id_valid(priv->id)) {
		PROBE_ERROR("no flash answers on QUADSPI bank 1 (JEDEC ID reads %02x %02x %02x): "
		            "check the QUADSPI pins' alternate functions and the chip's supply",
		            priv->id[0], priv->id[1], priv->id[2]);
		return ERROR_FLASH_BANK_INVALID;
	}
	priv->dual = false;
	if (!c->v->dual_flash)
		return ERROR_OK;
	ret = bank_id(c, priv->prescaler, 1, id2);
	if (ret != ERROR_OK || !id_valid(id2)) {
		LOG_DEBUG("stm32xspi: no second flash on QUADSPI bank 2");
		return ctrl_setup(c, priv->prescaler, false, 0);
	}
	if (memcmp(id2, priv->id, 3)) {
		PROBE_ERROR("different chips on QUADSPI bank 1 (%02x %02x %02x) and bank 2 "
		            "(%02x %02x %02x): dual-flash mode needs two identical parts",
		            priv->id[0], priv->id[1], priv->id[2], id2[0], id2[1], id2[2]);
		return ERROR_FLASH_BANK_INVALID;
	}
	priv->dual = true;
	return ctrl_setup(c, priv->prescaler, false, 0);
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
	struct xspi_reg_write dcr = {
		QUADSPI_DCR, 0xFFFFFFFFU,
		field_prep(QUADSPI_DCR_FSIZE_SHIFT, QUADSPI_DCR_FSIZE_WIDTH, QUADSPI_FSIZE_PROBE) |
		        field_prep(QUADSPI_DCR_CSHT_SHIFT, QUADSPI_DCR_CSHT_WIDTH,
		                   QUADSPI_CSHT_PROBE)
	};
	uint32_t presc = xspi_field_get(
	        (struct xspi_field){ QUADSPI_CR_PRESCALER_SHIFT, QUADSPI_CR_PRESCALER_WIDTH },
	        saved->cr);
	bool quad_ok = false;
	int ret = ctrl_park(c);

	priv->prescaler = MAX(presc, QUADSPI_PRESCALER_PROBE);
	if (ret == ERROR_OK)
		ret = xspi_target_reg_write(c, &dcr);
	if (ret == ERROR_OK)
		ret = detect_chips(c, priv);
	if (ret == ERROR_OK)
		ret = identify(c, priv, &quad_ok);
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

int stm32xspi_ensure_mm(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct xspi_target_ctrl c = { bank->target, priv->ctrl_base, priv->ctrl };
	struct xspi_field fmode = { QUADSPI_CCR_FMODE_SHIFT, QUADSPI_CCR_FMODE_WIDTH };
	uint32_t ccr;
	int ret = xspi_target_reg_read(&c, QUADSPI_CCR, &ccr);

	if (ret != ERROR_OK)
		return ret;
	if (xspi_field_get(fmode, ccr) == QUADSPI_CCR_FMODE_MEMORY_MAPPED)
		return ERROR_OK;
	ret = ctrl_park(&c);
	if (ret == ERROR_OK)
		ret = ctrl_setup(&c, priv->prescaler, priv->dual, 0);
	if (ret == ERROR_OK)
		ret = xspi_target_run_seq(&c, &priv->mm_seq, NULL, NULL);
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
	int ret = ctrl_park(&c);

	if (ret == ERROR_OK)
		ret = ctrl_setup(&c, priv->prescaler, priv->dual, 0);
	return ret;
}

int stm32xspi_exec(struct flash_bank *bank, const struct xspi_op *op, uint8_t *in,
                   const uint8_t *out)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct xspi_target_ctrl c = { bank->target, priv->ctrl_base, priv->ctrl };
	const struct xspi_ctrl_cfg cfg = { .dual_flash = priv->dual };
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
