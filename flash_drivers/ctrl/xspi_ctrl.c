// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Controller back-end for STM32 QUADSPI / OCTOSPI: struct xspi_op ->
 * ordered register writes. See xspi_ctrl.h for the execution contract.
 *
 * Register facts come from include/stm32/quadspi_regs.h and
 * include/stm32/octospi_regs.h (RM0433 / RM0385 / RM0468, CMSIS headers);
 * behaviours that differ between controllers are in the variant rows at
 * the end of this file, not in branches.
 */

#include "xspi_ctrl.h"

#include <stddef.h>

#include "stm32/octospi_regs.h"
#include "stm32/quadspi_regs.h"

/*
 * Accumulated field values per register role before emission. val/msk of
 * a role are only meaningful once its bit is in `touched`: clearing one
 * word instead of the arrays keeps memset (no libc in the stubs) out.
 */
struct reg_acc {
	uint32_t touched; /* bit n: role n has a field set */
	uint32_t val[XSPI_REG_COUNT];
	uint32_t msk[XSPI_REG_COUNT];
};

/* Does op have this phase? Validated to agree with the byte counts. */
static bool has_cmd(const struct xspi_op *op)
{
	return op->cmd.lines != XSPI_LINES_NONE;
}

static bool has_addr(const struct xspi_op *op)
{
	return op->addr.lines != XSPI_LINES_NONE;
}

static bool has_alt(const struct xspi_op *op)
{
	return op->alt.lines != XSPI_LINES_NONE;
}

static bool has_data(const struct xspi_op *op)
{
	return op->data.dir != XSPI_DATA_NONE;
}

static void acc_clear(struct reg_acc *a)
{
	a->touched = 0;
}

static bool acc_touched(const struct reg_acc *a, unsigned int reg)
{
	return (a->touched & XSPI_BIT(reg)) != 0;
}

/* Set field id of table f to v; a field the controller lacks is a no-op. */
static void put(struct reg_acc *a, const struct xspi_field_loc *f, enum xspi_fld id, uint32_t v)
{
	const struct xspi_field_loc *l = &f[id];

	if (!l->field.width)
		return;
	if (!acc_touched(a, l->reg)) {
		a->touched |= XSPI_BIT(l->reg);
		a->val[l->reg] = 0;
		a->msk[l->reg] = 0;
	}
	a->val[l->reg] &= ~xspi_field_mask(l->field);
	a->val[l->reg] |= xspi_field_prep(l->field, v);
	a->msk[l->reg] |= xspi_field_mask(l->field);
}

static bool same_loc(const struct xspi_field_loc *a, const struct xspi_field_loc *b)
{
	return a->field.width && a->reg == b->reg && a->field.shift == b->field.shift &&
	       a->field.width == b->field.width;
}

/*
 * IMODE/ADMODE/ABMODE/DMODE code. Both controllers number the line counts
 * 1, 2, 4, 8 as 1, 2, 3, 4 (RM0433 CCR; RM0468 CCR); QUADSPI's 2-bit
 * field simply ends at 3 (quad), which max_lines enforces.
 */
static uint32_t lines_code(enum xspi_lines l)
{
	switch (l) {
	case XSPI_LINES_1:
		return 1;
	case XSPI_LINES_2:
		return 2;
	case XSPI_LINES_4:
		return 3;
	case XSPI_LINES_8:
		return 4;
	default:
		return 0;
	}
}

static int check_lines(const struct xspi_ctrl_variant *v, enum xspi_lines l, bool dual)
{
	switch (l) {
	case XSPI_LINES_NONE:
	case XSPI_LINES_1:
	case XSPI_LINES_2:
	case XSPI_LINES_4:
	case XSPI_LINES_8:
		break;
	default:
		return XSPI_CTRL_E_LINES;
	}
	if ((unsigned int)l > v->max_lines)
		return XSPI_CTRL_E_LINES;
	/* Dual-flash/dual-quad: each memory gets 4 of the 8 data lines. */
	if (dual && l == XSPI_LINES_8)
		return XSPI_CTRL_E_LINES;
	return XSPI_CTRL_OK;
}

static int check_all_lines(const struct xspi_ctrl_variant *v, const struct xspi_op *op, bool dual)
{
	const enum xspi_lines l[] = {
		op->cmd.lines,
		op->addr.lines,
		op->alt.lines,
		op->data.lines,
	};

	for (unsigned int i = 0; i < sizeof(l) / sizeof(l[0]); i++) {
		int ret = check_lines(v, l[i], dual);

		if (ret)
			return ret;
	}
	return XSPI_CTRL_OK;
}

/* A phase is there iff it has lines; its byte count must agree. */
static int check_presence(const struct xspi_op *op)
{
	if (has_cmd(op) != (op->cmd.nbytes != 0))
		return XSPI_CTRL_E_INVAL;
	if (has_addr(op) != (op->addr.nbytes != 0))
		return XSPI_CTRL_E_INVAL;
	if (has_alt(op) != (op->alt.nbytes != 0))
		return XSPI_CTRL_E_INVAL;
	if (has_data(op) != (op->data.lines != XSPI_LINES_NONE))
		return XSPI_CTRL_E_INVAL;
	if (op->data.dir != XSPI_DATA_NONE && op->data.dir != XSPI_DATA_IN &&
	    op->data.dir != XSPI_DATA_OUT)
		return XSPI_CTRL_E_INVAL;
	if (!has_data(op) && op->data.nbytes)
		return XSPI_CTRL_E_INVAL;
	return XSPI_CTRL_OK;
}

/* True if val does not fit in nbytes (1..4) bytes */
static bool too_wide(uint32_t val, unsigned int nbytes)
{
	return nbytes < 4 && (val >> (8 * nbytes)) != 0;
}

static int check_sizes(const struct xspi_ctrl_variant *v, const struct xspi_op *op)
{
	if (op->cmd.nbytes > v->max_cmd_bytes)
		return XSPI_CTRL_E_CMD_SIZE;
	if (op->addr.nbytes > 4)
		return XSPI_CTRL_E_ADDR_SIZE;
	if (op->alt.nbytes > 4)
		return XSPI_CTRL_E_ALT_SIZE;
	if (has_cmd(op) && too_wide(op->cmd.opcode, op->cmd.nbytes))
		return XSPI_CTRL_E_VALUE;
	if (has_addr(op) && too_wide(op->addr.val, op->addr.nbytes))
		return XSPI_CTRL_E_VALUE;
	if (has_alt(op) && too_wide(op->alt.val, op->alt.nbytes))
		return XSPI_CTRL_E_VALUE;
	/* DCYC is 5 bits on both (RM0433 CCR[22:18], RM0468 TCR[4:0]) */
	if (op->dummy.ncycles > 31)
		return XSPI_CTRL_E_DUMMY;
	return XSPI_CTRL_OK;
}

struct phase_dtr {
	bool present;
	bool dtr;
	enum xspi_fld fld;
};

static void op_dtr_phases(const struct xspi_op *op, struct phase_dtr p[4])
{
	p[0] = (struct phase_dtr){ has_cmd(op), op->cmd.dtr, XSPI_F_IDTR };
	p[1] = (struct phase_dtr){ has_addr(op), op->addr.dtr, XSPI_F_ADDTR };
	p[2] = (struct phase_dtr){ has_alt(op), op->alt.dtr, XSPI_F_ABDTR };
	p[3] = (struct phase_dtr){ has_data(op), op->data.dtr, XSPI_F_DDTR };
}

/*
 * Each DTR phase needs a DTR bit; phases that share one bit must agree.
 * On QUADSPI, ADDTR/ABDTR/DDTR are all CCR.DDRM and there is no IDTR: the
 * instruction is always SDR (RM0433 CCR.DDRM), so 1-4D-4D works, 4D-4D-4D
 * and 1-4D-4 do not. The absent phases do not count.
 */
static int check_dtr(const struct xspi_ctrl_variant *v, const struct xspi_field_loc *f,
                     const struct xspi_op *op)
{
	struct phase_dtr p[4];

	op_dtr_phases(op, p);
	for (unsigned int i = 0; i < 4; i++) {
		if (!p[i].present)
			continue;
		if (p[i].dtr && (!v->dtr || !f[p[i].fld].field.width))
			return XSPI_CTRL_E_DTR;
		for (unsigned int j = 0; j < i; j++) {
			if (p[j].present && p[j].dtr != p[i].dtr &&
			    same_loc(&f[p[j].fld], &f[p[i].fld]))
				return XSPI_CTRL_E_DTR_MIXED;
		}
	}
	return XSPI_CTRL_OK;
}

static bool op_any_dtr(const struct xspi_op *op)
{
	struct phase_dtr p[4];

	op_dtr_phases(op, p);
	for (unsigned int i = 0; i < 4; i++)
		if (p[i].present && p[i].dtr)
			return true;
	return false;
}

/* Data direction and length the functional mode allows */
static int check_mode_data(enum xspi_ctrl_mode mode, const struct xspi_op *op,
                           enum xspi_data_dir mm_dir)
{
	switch (mode) {
	case XSPI_MODE_INDIRECT_WRITE:
		if (op->data.dir == XSPI_DATA_IN)
			return XSPI_CTRL_E_DIR;
		break;
	case XSPI_MODE_INDIRECT_READ:
		if (op->data.dir == XSPI_DATA_OUT)
			return XSPI_CTRL_E_DIR;
		break;
	case XSPI_MODE_AUTO_POLL:
		if (op->data.dir != XSPI_DATA_IN)
			return XSPI_CTRL_E_DIR;
		/* The status is compared as one 32-bit word (PSMAR) */
		if (op->data.nbytes == 0 || op->data.nbytes > 4)
			return XSPI_CTRL_E_DATA_LEN;
		return XSPI_CTRL_OK;
	case XSPI_MODE_MEMORY_MAPPED:
		if (op->data.dir != mm_dir)
			return XSPI_CTRL_E_DIR;
		/* The bus access gives the length and the address */
		if (op->data.nbytes != 0)
			return XSPI_CTRL_E_DATA_LEN;
		if (!has_addr(op))
			return XSPI_CTRL_E_MM_ADDR;
		return XSPI_CTRL_OK;
	default:
		return XSPI_CTRL_E_INVAL;
	}
	/* Indirect: DLR = length - 1, so a data phase of 0 bytes is no phase */
	if (has_data(op) && op->data.nbytes == 0)
		return XSPI_CTRL_E_DATA_LEN;
	return XSPI_CTRL_OK;
}

/*
 * Dual-flash (QUADSPI DFM) splits every byte pair between the two memories:
 * lengths and addresses must be even (peripherals.md erratum 12; OpenOCD
 * stmqspi refuses odd counts in dual mode).
 */
static int check_dual(const struct xspi_ctrl_variant *v, enum xspi_ctrl_mode mode,
                      const struct xspi_op *op, const struct xspi_ctrl_cfg *cfg)
{
	if (!cfg->dual_flash)
		return XSPI_CTRL_OK;
	if (!v->dual_flash)
		return XSPI_CTRL_E_DUAL;
	if (mode == XSPI_MODE_MEMORY_MAPPED)
		return XSPI_CTRL_OK;
	if (has_data(op) && (op->data.nbytes & 1U))
		return XSPI_CTRL_E_DUAL;
	if (has_addr(op) && (op->addr.val & 1U))
		return XSPI_CTRL_E_DUAL;
	return XSPI_CTRL_OK;
}

/* Settings a controller cannot honour are an error, not silently lost */
static int check_cfg(const struct xspi_ctrl_variant *v, const struct xspi_ctrl_cfg *cfg)
{
	if ((cfg->dqs_read || cfg->dqs_write) && !v->f[XSPI_F_DQSE].field.width)
		return XSPI_CTRL_E_CFG;
	return XSPI_CTRL_OK;
}

static int validate(const struct xspi_ctrl_variant *v, const struct xspi_field_loc *f,
                    enum xspi_ctrl_mode mode, const struct xspi_op *op,
                    const struct xspi_ctrl_cfg *cfg, enum xspi_data_dir mm_dir)
{
	int ret = check_all_lines(v, op, cfg->dual_flash);

	if (!ret)
		ret = check_presence(op);
	if (!ret)
		ret = check_sizes(v, op);
	if (!ret)
		ret = check_dtr(v, f, op);
	if (!ret)
		ret = check_mode_data(mode, op, mm_dir);
	if (!ret)
		ret = check_dual(v, mode, op, cfg);
	if (!ret)
		ret = check_cfg(v, cfg);
	return ret;
}

static void put_cmd(struct reg_acc *a, const struct xspi_field_loc *f, const struct xspi_op *op)
{
	/*
	 * INSTRUCTION is always written: on OCTOSPI, IR is also the register
	 * whose write starts a transfer without address and data (RM0468).
	 */
	put(a, f, XSPI_F_INSTRUCTION, has_cmd(op) ? op->cmd.opcode : 0);
	put(a, f, XSPI_F_IMODE, lines_code(op->cmd.lines));
	if (!has_cmd(op))
		return;
	put(a, f, XSPI_F_ISIZE, op->cmd.nbytes - 1U);
	put(a, f, XSPI_F_IDTR, op->cmd.dtr);
}

static void put_addr_alt(struct reg_acc *a, const struct xspi_field_loc *f,
                         const struct xspi_op *op)
{
	put(a, f, XSPI_F_ADMODE, lines_code(op->addr.lines));
	if (has_addr(op)) {
		put(a, f, XSPI_F_ADSIZE, op->addr.nbytes - 1U);
		put(a, f, XSPI_F_ADDTR, op->addr.dtr);
	}
	put(a, f, XSPI_F_ABMODE, lines_code(op->alt.lines));
	if (has_alt(op)) {
		put(a, f, XSPI_F_ABSIZE, op->alt.nbytes - 1U);
		put(a, f, XSPI_F_ABDTR, op->alt.dtr);
		put(a, f, XSPI_F_ALTERNATE, op->alt.val);
	}
}

static bool want_dqse(const struct xspi_ctrl_variant *v, const struct xspi_op *op,
                      const struct xspi_ctrl_cfg *cfg, bool mm_write)
{
	/*
	 * ES0393 2.8.17 (and H7A3 / H735 per peripherals.md erratum 5):
	 * memory-mapped writes fail with DQSE = 0 even without a DQS pin.
	 */
	if (mm_write && (v->quirks & XSPI_QUIRK_MM_WRITE_DQSE))
		return true;
	if (!has_data(op) || !op->data.dtr)
		return false;
	return op->data.dir == XSPI_DATA_IN ? cfg->dqs_read : cfg->dqs_write;
}

static void put_data(struct reg_acc *a, const struct xspi_ctrl_variant *v,
                     const struct xspi_field_loc *f, const struct xspi_op *op,
                     const struct xspi_ctrl_cfg *cfg, bool mm_write)
{
	put(a, f, XSPI_F_DMODE, lines_code(op->data.lines));
	if (has_data(op))
		put(a, f, XSPI_F_DDTR, op->data.dtr);
	/*
	 * embassy-rs PR #6441 (H735 + MX25LM51245G, peripherals.md #6): with
	 * DHQC on, a DTR command without data is silently dropped unless
	 * DDTR = 1. DDTR is a don't-care without a data phase per RM0468.
	 */
	if (!has_data(op) && has_cmd(op) && op->cmd.dtr && (v->quirks & XSPI_QUIRK_NODATA_DDTR))
		put(a, f, XSPI_F_DDTR, 1);
	if (want_dqse(v, op, cfg, mm_write))
		put(a, f, XSPI_F_DQSE, 1);
}

/* The op's phases into the CCR/TCR/IR/ABR (or W*) fields of table f */
static void put_phases(struct reg_acc *a, const struct xspi_ctrl_variant *v,
                       const struct xspi_field_loc *f, const struct xspi_op *op,
                       const struct xspi_ctrl_cfg *cfg, bool mm_write)
{
	put_cmd(a, f, op);
	put_addr_alt(a, f, op);
	/* DCYC always written: it shares TCR/CCR with nothing stale */
	put(a, f, XSPI_F_DCYC, op->dummy.ncycles);
	put_data(a, v, f, op, cfg, mm_write);
	/* DHHC / DHQC act in DTR only (RM0433 CCR, RM0468 TCR) */
	if (cfg->delay_hold && op_any_dtr(op))
		put(a, f, XSPI_F_DHQC, 1);
	if (cfg->sample_shift)
		put(a, f, XSPI_F_SSHIFT, 1);
}

/*
 * Emission order. A transfer starts on the write of CCR (QUADSPI) / IR
 * (OCTOSPI) when it has no address and no write data, of AR when it has an
 * address but no write data, else on the first DR write (RM0433 and
 * RM0468, "indirect mode"). So every register the transfer depends on
 * (CR.FMODE on OCTOSPI, DLR, TCR, ABR, polling registers) comes first,
 * then CCR, IR, AR in that order, which makes the start write the last.
 * On OCTOSPI, CCR precedes IR because IR's write looks at CCR.ADMODE and
 * DMODE to decide whether to start.
 */
static const uint8_t write_order[] = {
	XSPI_REG_CR,  XSPI_REG_DCR, XSPI_REG_FCR,  XSPI_REG_LPTR, XSPI_REG_PSMKR, XSPI_REG_PSMAR,
	XSPI_REG_PIR, XSPI_REG_DLR, XSPI_REG_WTCR, XSPI_REG_WCCR, XSPI_REG_WABR,  XSPI_REG_WIR,
	XSPI_REG_TCR, XSPI_REG_ABR, XSPI_REG_CCR,  XSPI_REG_IR,   XSPI_REG_AR,
};

/*
 * CR and DCR also hold settings made at init (enable, prescaler, FIFO
 * threshold, DFM, clock mode): only the bits we set are written there.
 * Every other register is wholly defined by the op and written plainly.
 */
static bool reg_is_shared(unsigned int reg)
{
	return reg == XSPI_REG_CR || reg == XSPI_REG_DCR || reg == XSPI_REG_DCR2;
}

static void emit_in(const struct xspi_ctrl_variant *v, const struct reg_acc *a,
                    const uint8_t *order, unsigned int n_order, struct xspi_reg_seq *seq)
{
	seq->n = 0;
	for (unsigned int i = 0; i < n_order; i++) {
		unsigned int r = order[i];
		struct xspi_reg_write *w;

		if (!acc_touched(a, r) || v->reg[r] == XSPI_REG_ABSENT)
			continue;
		w = &seq->w[seq->n++];
		w->offset = v->reg[r];
		w->mask = reg_is_shared(r) ? a->msk[r] : 0xFFFFFFFFU;
		w->value = a->val[r];
	}
}

static void emit(const struct xspi_ctrl_variant *v, const struct reg_acc *a,
                 struct xspi_reg_seq *seq)
{
	emit_in(v, a, write_order, sizeof(write_order), seq);
}

static struct xspi_reg_poll poll_fld(const struct xspi_ctrl_variant *v, enum xspi_fld id, bool set)
{
	const struct xspi_field_loc *l = &v->f[id];
	uint32_t m = xspi_field_mask(l->field);

	return (struct xspi_reg_poll){ v->reg[l->reg], m, set ? m : 0 };
}

static const struct xspi_reg_poll no_poll = { XSPI_REG_ABSENT, 0, 0 };

/* Which write starts the transfer (see write_order) */
static enum xspi_reg start_reg(const struct xspi_ctrl_variant *v, enum xspi_ctrl_mode mode,
                               const struct xspi_op *op)
{
	if (mode == XSPI_MODE_MEMORY_MAPPED)
		return XSPI_REG_NONE;
	if (mode == XSPI_MODE_INDIRECT_WRITE && has_data(op))
		return XSPI_REG_DR;
	if (has_addr(op))
		return XSPI_REG_AR;
	return (enum xspi_reg)v->cmd_start_reg;
}

static void finish_seq(const struct xspi_ctrl_variant *v, enum xspi_ctrl_mode mode,
                       const struct xspi_op *op, const struct reg_acc *a, struct xspi_reg_seq *seq)
{
	bool indirect = mode == XSPI_MODE_INDIRECT_READ || mode == XSPI_MODE_INDIRECT_WRITE;

	emit(v, a, seq);
	/*
	 * Memory-mapped mode: the write of FMODE = 11 enters it, after which
	 * the operation registers are read-only while BUSY (RM0468; ST's HAL
	 * writes CR.FMODE last in HAL_OSPI_MemoryMapped). On QUADSPI FMODE is
	 * in CCR, already the last write; on OCTOSPI it is CR: move it last.
	 */
	if (mode == XSPI_MODE_MEMORY_MAPPED) {
		uint16_t fm = v->reg[v->f[XSPI_F_FMODE].reg];

		for (unsigned int i = 0; i + 1 < seq->n; i++) {
			if (seq->w[i].offset == fm) {
				struct xspi_reg_write w = seq->w[i];

				for (unsigned int k = i; k + 1 < seq->n; k++)
					seq->w[k] = seq->w[k + 1];
				seq->w[seq->n - 1] = w;
				break;
			}
		}
	}
	seq->idle = poll_fld(v, XSPI_F_BUSY, false);
	seq->start = start_reg(v, mode, op);
	seq->data_len = indirect && has_data(op) ? op->data.nbytes : 0;
	seq->data_offset = seq->data_len ? v->reg[XSPI_REG_DR] : XSPI_REG_ABSENT;
	if (indirect)
		seq->done = poll_fld(v, XSPI_F_TCF, true);
	else if (mode == XSPI_MODE_AUTO_POLL)
		seq->done = poll_fld(v, XSPI_F_SMF, true);
	else
		seq->done = no_poll;
}

/* Clear stale flags so that `done` waits for this transfer's own flag */
static void put_clear_flags(struct reg_acc *a, const struct xspi_field_loc *f)
{
	put(a, f, XSPI_F_CTEF, 1);
	put(a, f, XSPI_F_CTCF, 1);
	put(a, f, XSPI_F_CSMF, 1);
	put(a, f, XSPI_F_CTOF, 1);
}

static const struct xspi_ctrl_cfg cfg_default;

/* Shared part of the indirect and polling encoders */
static int encode_transfer(const struct xspi_ctrl_variant *v, enum xspi_ctrl_mode mode,
                           const struct xspi_op *op, const struct xspi_ctrl_cfg *cfg,
                           struct reg_acc *a)
{
	int ret = validate(v, v->f, mode, op, cfg, XSPI_DATA_NONE);

	if (ret)
		return ret;
	put(a, v->f, XSPI_F_FMODE, (uint32_t)mode);
	put_clear_flags(a, v->f);
	put_phases(a, v, v->f, op, cfg, false);
	if (has_data(op))
		put(a, v->f, XSPI_F_DATALEN, op->data.nbytes - 1U);
	if (has_addr(op))
		put(a, v->f, XSPI_F_ADDRESS, op->addr.val);
	return XSPI_CTRL_OK;
}

int xspi_ctrl_encode(const struct xspi_ctrl_variant *v, enum xspi_ctrl_mode mode,
                     const struct xspi_op *op, const struct xspi_ctrl_cfg *cfg,
                     struct xspi_reg_seq *seq)
{
	struct reg_acc a;
	int ret;

	if (!v || !op || !seq)
		return XSPI_CTRL_E_INVAL;
	if (mode == XSPI_MODE_MEMORY_MAPPED)
		return xspi_ctrl_encode_mm(v, op, NULL, cfg, 0, seq);
	if (mode == XSPI_MODE_AUTO_POLL)
		return XSPI_CTRL_E_MODE;
	if (mode != XSPI_MODE_INDIRECT_READ && mode != XSPI_MODE_INDIRECT_WRITE)
		return XSPI_CTRL_E_INVAL;
	acc_clear(&a);
	ret = encode_transfer(v, mode, op, cfg ? cfg : &cfg_default, &a);
	if (ret)
		return ret;
	finish_seq(v, mode, op, &a, seq);
	return XSPI_CTRL_OK;
}

int xspi_ctrl_encode_poll(const struct xspi_ctrl_variant *v, const struct xspi_op *op,
                          const struct xspi_ctrl_cfg *cfg, const struct xspi_poll *poll,
                          struct xspi_reg_seq *seq)
{
	struct reg_acc a;
	int ret;

	if (!v || !op || !poll || !seq)
		return XSPI_CTRL_E_INVAL;
	/* PIR.INTERVAL is 16 bits (RM0433 / RM0468 PIR) */
	if (poll->interval > 0xFFFFU)
		return XSPI_CTRL_E_INTERVAL;
	acc_clear(&a);
	ret = encode_transfer(v, XSPI_MODE_AUTO_POLL, op, cfg ? cfg : &cfg_default, &a);
	if (ret)
		return ret;
	put(&a, v->f, XSPI_F_PMM, poll->match_any);
	put(&a, v->f, XSPI_F_APMS, poll->stop_on_match);
	put(&a, v->f, XSPI_F_PSMASK, poll->mask);
	put(&a, v->f, XSPI_F_PSMATCH, poll->match);
	put(&a, v->f, XSPI_F_INTERVAL, poll->interval);
	finish_seq(v, XSPI_MODE_AUTO_POLL, op, &a, seq);
	return XSPI_CTRL_OK;
}

/* One memory-mapped op (read or write bank) into the accumulator */
static int encode_mm_bank(const struct xspi_ctrl_variant *v, const struct xspi_field_loc *f,
                          const struct xspi_op *op, const struct xspi_ctrl_cfg *cfg, bool write,
                          struct reg_acc *a)
{
	int ret = validate(v, f, XSPI_MODE_MEMORY_MAPPED, op, cfg,
	                   write ? XSPI_DATA_OUT : XSPI_DATA_IN);

	if (ret)
		return ret;
	put_phases(a, v, f, op, cfg, write);
	if (cfg->sioo)
		put(a, f, XSPI_F_SIOO, 1);
	return XSPI_CTRL_OK;
}

int xspi_ctrl_encode_mm(const struct xspi_ctrl_variant *v, const struct xspi_op *rd,
                        const struct xspi_op *wr, const struct xspi_ctrl_cfg *cfg,
                        uint32_t timeout_cycles, struct xspi_reg_seq *seq)
{
	struct reg_acc a;
	int ret;

	if (!v || !rd || !seq)
		return XSPI_CTRL_E_INVAL;
	if (wr && !v->wf)
		return XSPI_CTRL_E_MODE;
	/* LPTR.TIMEOUT is 16 bits (RM0433 / RM0468 LPTR) */
	if (timeout_cycles > 0xFFFFU)
		return XSPI_CTRL_E_TIMEOUT;
	if (!cfg)
		cfg = &cfg_default;
	acc_clear(&a);
	ret = encode_mm_bank(v, v->f, rd, cfg, false, &a);
	if (!ret && wr)
		ret = encode_mm_bank(v, v->wf, wr, cfg, true, &a);
	if (ret)
		return ret;
	put(&a, v->f, XSPI_F_FMODE, XSPI_MODE_MEMORY_MAPPED);
	put(&a, v->f, XSPI_F_TCEN, timeout_cycles != 0);
	if (timeout_cycles)
		put(&a, v->f, XSPI_F_TIMEOUT, timeout_cycles);
	finish_seq(v, XSPI_MODE_MEMORY_MAPPED, rd, &a, seq);
	return XSPI_CTRL_OK;
}

/* log2 of a power of two, or -1 */
static int log2_exact(uint64_t x)
{
	int n = 0;

	if (!x || (x & (x - 1)))
		return -1;
	while (x > 1) {
		x >>= 1;
		n++;
	}
	return n;
}

int xspi_ctrl_devsize(const struct xspi_ctrl_variant *v, uint64_t size_bytes,
                      struct xspi_reg_write *w)
{
	const struct xspi_field_loc *l;
	int n = log2_exact(size_bytes);

	if (!v || !w)
		return XSPI_CTRL_E_INVAL;
	l = &v->f[XSPI_F_DEVSIZE];
	/* bytes = 2^(FSIZE + 1) (RM0433 DCR.FSIZE, RM0468 DCR1.DEVSIZE) */
	if (n < 1 || (uint32_t)(n - 1) > xspi_field_max(l->field))
		return XSPI_CTRL_E_SIZE;
	w->offset = v->reg[l->reg];
	w->mask = xspi_field_mask(l->field);
	w->value = xspi_field_prep(l->field, (uint32_t)(n - 1));
	return XSPI_CTRL_OK;
}

/* A configuration sequence: waits for !BUSY, starts nothing, moves no data */
static void config_seq_end(const struct xspi_ctrl_variant *v, struct xspi_reg_seq *seq)
{
	seq->idle = poll_fld(v, XSPI_F_BUSY, false);
	seq->start = XSPI_REG_NONE;
	seq->data_offset = XSPI_REG_ABSENT;
	seq->data_len = 0;
	seq->done = no_poll;
}

/*
 * Controller set-up. Device settings (DCR / DCR1..4) first, CR last: CR
 * carries EN, and RM0433 / RM0468 allow all of these while BUSY = 0 only,
 * which the caller ensures (abort or park before).
 */
static const uint8_t setup_order[] = {
	XSPI_REG_DCR, XSPI_REG_DCR2, XSPI_REG_DCR3, XSPI_REG_DCR4, XSPI_REG_CR,
};

int xspi_ctrl_encode_setup(const struct xspi_ctrl_variant *v, const struct xspi_ctrl_setup *s,
                           struct xspi_reg_seq *seq)
{
	const struct xspi_field_loc *f;
	struct xspi_reg_write dev;
	struct reg_acc a;
	int ret;

	if (!v || !s || !seq)
		return XSPI_CTRL_E_INVAL;
	f = v->f;
	if (s->prescaler > xspi_field_max(f[XSPI_F_PRESCALER].field) || s->cs_high < 1 ||
	    s->cs_high - 1U > xspi_field_max(f[XSPI_F_CSHT].field) || s->fifo_threshold < 1 ||
	    s->fifo_threshold > v->fifo_bytes || s->fsel > 1)
		return XSPI_CTRL_E_INVAL;
	if (s->dual && !v->dual_flash)
		return XSPI_CTRL_E_DUAL;
	/* settings the variant has no field for must be at their default */
	if ((s->mtyp != XSPI_MTYP_MICRON && !f[XSPI_F_MTYP].field.width) ||
	    (s->cs_boundary && !f[XSPI_F_CSBOUND].field.width) ||
	    (s->refresh && !f[XSPI_F_REFRESH].field.width) ||
	    (s->sample_shift && !f[XSPI_F_CR_SSHIFT].field.width))
		return XSPI_CTRL_E_CFG;
	if (s->cs_boundary > xspi_field_max(f[XSPI_F_CSBOUND].field))
		return XSPI_CTRL_E_INVAL;
	ret = xspi_ctrl_devsize(v, s->devsize, &dev);
	if (ret)
		return ret;
	acc_clear(&a);
	put(&a, f, XSPI_F_DEVSIZE, xspi_field_get(f[XSPI_F_DEVSIZE].field, dev.value));
	put(&a, f, XSPI_F_CSHT, s->cs_high - 1U);
	put(&a, f, XSPI_F_MTYP, s->mtyp);
	put(&a, f, XSPI_F_PRESCALER, s->prescaler);
	put(&a, f, XSPI_F_CSBOUND, s->cs_boundary);
	put(&a, f, XSPI_F_REFRESH, s->refresh);
	/* FTHRES: threshold - 1 (RM0433 / RM0468 CR.FTHRES) */
	put(&a, f, XSPI_F_FTHRES, s->fifo_threshold - 1U);
	put(&a, f, XSPI_F_DUAL, s->dual);
	put(&a, f, XSPI_F_FSEL, s->fsel);
	put(&a, f, XSPI_F_CR_SSHIFT, s->sample_shift);
	put(&a, f, XSPI_F_EN, 1);
	emit_in(v, &a, setup_order, sizeof(setup_order), seq);
	config_seq_end(v, seq);
	return XSPI_CTRL_OK;
}

int xspi_ctrl_encode_park(const struct xspi_ctrl_variant *v, struct xspi_reg_seq *seq)
{
	struct reg_acc a;

	if (!v || !seq)
		return XSPI_CTRL_E_INVAL;
	acc_clear(&a);
	put(&a, v->f, XSPI_F_FMODE, XSPI_MODE_INDIRECT_READ);
	put(&a, v->f, XSPI_F_ADMODE, lines_code(XSPI_LINES_1));
	emit(v, &a, seq);
	config_seq_end(v, seq);
	return XSPI_CTRL_OK;
}

int xspi_ctrl_encode_hlcr(const struct xspi_ctrl_variant *v, const struct xspi_hbus_timing *t,
                          struct xspi_reg_write *w)
{
	struct reg_acc a;

	if (!v || !t || !w)
		return XSPI_CTRL_E_INVAL;
	if (!v->f[XSPI_F_HL_TACC].field.width)
		return XSPI_CTRL_E_MODE;
	acc_clear(&a);
	put(&a, v->f, XSPI_F_HL_LM, t->fixed);
	put(&a, v->f, XSPI_F_HL_WZL, t->write_zero_latency);
	put(&a, v->f, XSPI_F_HL_TACC, t->tacc);
	put(&a, v->f, XSPI_F_HL_TRWR, t->trwr);
	w->offset = v->reg[XSPI_REG_HLCR];
	w->mask = 0xFFFFFFFFU;
	w->value = a.val[XSPI_REG_HLCR];
	return XSPI_CTRL_OK;
}

/*
 * OCTOSPIM PnCR (RM0468; fields in octospi_regs.h): each signal group has
 * an enable and a source. CLKSRC / DQSSRC / NCSSRC: 0 = OCTOSPI1,
 * 1 = OCTOSPI2. IOLSRC / IOHSRC: 00 OCTOSPI1 IO[3:0], 01 OCTOSPI1 IO[7:4],
 * 10 OCTOSPI2 IO[3:0], 11 OCTOSPI2 IO[7:4]. Instance 1 on port 1 gives
 * 0x03010111, as OpenOCD's board/stm32h735g-disco.cfg writes it.
 */
static uint32_t ospim_prep(unsigned int shift, unsigned int width, uint32_t v)
{
	return xspi_field_prep((struct xspi_field){ shift, width }, v);
}

uint32_t xspi_octospim_port_value(unsigned int instance, bool dqs)
{
	uint32_t src, v;

	if (instance < 1 || instance > 2)
		return 0;
	src = instance - 1U;
	v = OCTOSPIM_PCR_CLKEN | ospim_prep(OCTOSPIM_PCR_CLKSRC_SHIFT, 1, src) |
	    OCTOSPIM_PCR_NCSEN | ospim_prep(OCTOSPIM_PCR_NCSSRC_SHIFT, 1, src) |
	    OCTOSPIM_PCR_IOLEN |
	    ospim_prep(OCTOSPIM_PCR_IOLSRC_SHIFT, OCTOSPIM_PCR_IOLSRC_WIDTH, src * 2U) |
	    OCTOSPIM_PCR_IOHEN |
	    ospim_prep(OCTOSPIM_PCR_IOHSRC_SHIFT, OCTOSPIM_PCR_IOHSRC_WIDTH, src * 2U + 1U);
	if (dqs)
		v |= OCTOSPIM_PCR_DQSEN | ospim_prep(OCTOSPIM_PCR_DQSSRC_SHIFT, 1, src);
	return v;
}

bool xspi_octospim_port_routes(uint32_t pcr, unsigned int instance, bool dqs)
{
	uint32_t want = xspi_octospim_port_value(instance, dqs);
	uint32_t mask = want ? xspi_octospim_port_value(2, dqs) : 0;

	/* every enable and source bit of the groups that must be there */
	mask |= OCTOSPIM_PCR_CLKEN | OCTOSPIM_PCR_NCSEN | OCTOSPIM_PCR_IOLEN | OCTOSPIM_PCR_IOHEN;
	return want && (pcr & mask) == want;
}

int xspi_ctrl_abort_seq(const struct xspi_ctrl_variant *v, struct xspi_ctrl_abort *ab)
{
	const struct xspi_field_loc *l;

	if (!v || !ab)
		return XSPI_CTRL_E_INVAL;
	l = &v->f[XSPI_F_ABORT];
	/*
	 * ABORT is reset by hardware once the abort is complete, and it
	 * also ends auto-polling and memory-mapped mode (RM0433 CR.ABORT,
	 * RM0468 CR.ABORT).
	 */
	ab->request.offset = v->reg[l->reg];
	ab->request.mask = xspi_field_mask(l->field);
	ab->request.value = ab->request.mask;
	ab->wait = poll_fld(v, XSPI_F_ABORT, false);
	ab->idle = poll_fld(v, XSPI_F_BUSY, false);
	ab->clear.offset = v->reg[XSPI_REG_FCR];
	ab->clear.mask = 0xFFFFFFFFU;
	ab->clear.value = 0;
	for (enum xspi_fld i = XSPI_F_CTEF; i <= XSPI_F_CTOF; i++)
		ab->clear.value |= xspi_field_mask(v->f[i].field);
	return XSPI_CTRL_OK;
}

static bool sr_bit(const struct xspi_ctrl_variant *v, enum xspi_fld id, uint32_t sr)
{
	return xspi_field_get(v->f[id].field, sr) != 0;
}

int xspi_ctrl_decode_sr(const struct xspi_ctrl_variant *v, uint32_t sr, struct xspi_ctrl_status *st)
{
	if (!v || !st)
		return XSPI_CTRL_E_INVAL;
	st->transfer_error = sr_bit(v, XSPI_F_TEF, sr);
	st->transfer_complete = sr_bit(v, XSPI_F_TCF, sr);
	st->fifo_threshold = sr_bit(v, XSPI_F_FTF, sr);
	st->status_match = sr_bit(v, XSPI_F_SMF, sr);
	st->timeout = sr_bit(v, XSPI_F_TOF, sr);
	st->busy = sr_bit(v, XSPI_F_BUSY, sr);
	st->fifo_level = xspi_field_get(v->f[XSPI_F_FLEVEL].field, sr);
	return XSPI_CTRL_OK;
}

const char *xspi_ctrl_strerror(int err)
{
	switch (err) {
	case XSPI_CTRL_OK:
		return "success";
	case XSPI_CTRL_E_INVAL:
		return "invalid argument or inconsistent operation";
	case XSPI_CTRL_E_LINES:
		return "line count not supported by this controller";
	case XSPI_CTRL_E_CMD_SIZE:
		return "instruction length not supported by this controller";
	case XSPI_CTRL_E_DTR:
		return "DTR not supported on this phase by this controller";
	case XSPI_CTRL_E_DTR_MIXED:
		return "phases sharing one DTR bit disagree";
	case XSPI_CTRL_E_DUMMY:
		return "more than 31 dummy cycles";
	case XSPI_CTRL_E_ADDR_SIZE:
		return "address longer than 4 bytes";
	case XSPI_CTRL_E_ALT_SIZE:
		return "alternate bytes longer than 4 bytes";
	case XSPI_CTRL_E_VALUE:
		return "opcode, address or alternate value wider than its phase";
	case XSPI_CTRL_E_DATA_LEN:
		return "data length not valid for this mode";
	case XSPI_CTRL_E_DIR:
		return "data direction not valid for this mode";
	case XSPI_CTRL_E_MODE:
		return "functional mode not supported by this call or controller";
	case XSPI_CTRL_E_MM_ADDR:
		return "memory-mapped operation without an address phase";
	case XSPI_CTRL_E_DUAL:
		return "dual-flash: unsupported, or odd length/address";
	case XSPI_CTRL_E_INTERVAL:
		return "polling interval exceeds 16 bits";
	case XSPI_CTRL_E_TIMEOUT:
		return "timeout count exceeds 16 bits";
	case XSPI_CTRL_E_SIZE:
		return "device size not a power of two in 2..2^32 bytes";
	case XSPI_CTRL_E_CFG:
		return "setting not available on this controller";
	default:
		return "unknown error";
	}
}

/*
 * ------------------------------------------------------------------------
 * The descriptor table.
 * ------------------------------------------------------------------------
 */

#define LOC(role, shift, width)                                      \
	{                                                            \
		.reg = XSPI_REG_##role, .field = {(shift), (width) } \
	}
/* QUADSPI field NAME of register ROLE, named QUADSPI_<ROLE>_<NAME> */
#define QF(role, name)     LOC(role, QUADSPI_##role##_##name##_SHIFT, QUADSPI_##role##_##name##_WIDTH)
/* OCTOSPI field NAME of register HW, playing register role ROLE */
#define OF(role, hw, name) LOC(role, OCTOSPI_##hw##_##name##_SHIFT, OCTOSPI_##hw##_##name##_WIDTH)

/* QUADSPI (RM0433 / RM0385; identical on F7 and H7, see quadspi_regs.h) */
static const uint16_t quadspi_regs[XSPI_REG_COUNT] = {
	[XSPI_REG_CR] = QUADSPI_CR,
	[XSPI_REG_DCR] = QUADSPI_DCR,
	[XSPI_REG_SR] = QUADSPI_SR,
	[XSPI_REG_FCR] = QUADSPI_FCR,
	[XSPI_REG_DLR] = QUADSPI_DLR,
	[XSPI_REG_CCR] = QUADSPI_CCR,
	[XSPI_REG_TCR] = XSPI_REG_ABSENT, /* DCYC is in CCR */
	[XSPI_REG_IR] = XSPI_REG_ABSENT,  /* instruction is in CCR */
	[XSPI_REG_AR] = QUADSPI_AR,
	[XSPI_REG_ABR] = QUADSPI_ABR,
	[XSPI_REG_DR] = QUADSPI_DR,
	[XSPI_REG_PSMKR] = QUADSPI_PSMKR,
	[XSPI_REG_PSMAR] = QUADSPI_PSMAR,
	[XSPI_REG_PIR] = QUADSPI_PIR,
	[XSPI_REG_LPTR] = QUADSPI_LPTR,
	[XSPI_REG_WCCR] = XSPI_REG_ABSENT, /* no memory-mapped writes */
	[XSPI_REG_WTCR] = XSPI_REG_ABSENT,
	[XSPI_REG_WIR] = XSPI_REG_ABSENT,
	[XSPI_REG_WABR] = XSPI_REG_ABSENT,
	[XSPI_REG_DCR2] = XSPI_REG_ABSENT, /* prescaler is in CR */
	[XSPI_REG_DCR3] = XSPI_REG_ABSENT,
	[XSPI_REG_DCR4] = XSPI_REG_ABSENT,
	[XSPI_REG_HLCR] = XSPI_REG_ABSENT, /* no HyperBus */
};

/*
 * Absent here, on purpose: IDTR (the instruction is always SDR), ISIZE
 * (always 8 bits), DQSE (no DQS pin), SSHIFT (in CR, an init setting).
 * ADDTR, ABDTR and DDTR are the one DDRM bit.
 */
static const struct xspi_field_loc quadspi_fields[XSPI_F_COUNT] = {
	[XSPI_F_FMODE] = QF(CCR, FMODE),
	[XSPI_F_INSTRUCTION] = QF(CCR, INSTRUCTION),
	[XSPI_F_IMODE] = QF(CCR, IMODE),
	[XSPI_F_ADMODE] = QF(CCR, ADMODE),
	[XSPI_F_ADDTR] = QF(CCR, DDRM),
	[XSPI_F_ADSIZE] = QF(CCR, ADSIZE),
	[XSPI_F_ABMODE] = QF(CCR, ABMODE),
	[XSPI_F_ABDTR] = QF(CCR, DDRM),
	[XSPI_F_ABSIZE] = QF(CCR, ABSIZE),
	[XSPI_F_DCYC] = QF(CCR, DCYC),
	[XSPI_F_DMODE] = QF(CCR, DMODE),
	[XSPI_F_DDTR] = QF(CCR, DDRM),
	[XSPI_F_SIOO] = QF(CCR, SIOO),
	[XSPI_F_DHQC] = QF(CCR, DHHC),
	[XSPI_F_ABORT] = QF(CR, ABORT),
	[XSPI_F_TCEN] = QF(CR, TCEN),
	[XSPI_F_PMM] = QF(CR, PMM),
	[XSPI_F_APMS] = QF(CR, APMS),
	[XSPI_F_DEVSIZE] = QF(DCR, FSIZE),
	[XSPI_F_TEF] = QF(SR, TEF),
	[XSPI_F_TCF] = QF(SR, TCF),
	[XSPI_F_FTF] = QF(SR, FTF),
	[XSPI_F_SMF] = QF(SR, SMF),
	[XSPI_F_TOF] = QF(SR, TOF),
	[XSPI_F_BUSY] = QF(SR, BUSY),
	[XSPI_F_FLEVEL] = QF(SR, FLEVEL),
	[XSPI_F_CTEF] = QF(FCR, CTEF),
	[XSPI_F_CTCF] = QF(FCR, CTCF),
	[XSPI_F_CSMF] = QF(FCR, CSMF),
	[XSPI_F_CTOF] = QF(FCR, CTOF),
	[XSPI_F_DATALEN] = QF(DLR, DL),
	[XSPI_F_ADDRESS] = QF(AR, ADDRESS),
	[XSPI_F_ALTERNATE] = QF(ABR, ALTERNATE),
	[XSPI_F_PSMASK] = QF(PSMKR, MASK),
	[XSPI_F_PSMATCH] = QF(PSMAR, MATCH),
	[XSPI_F_INTERVAL] = QF(PIR, INTERVAL),
	[XSPI_F_TIMEOUT] = QF(LPTR, TIMEOUT),
	[XSPI_F_EN] = QF(CR, EN),
	[XSPI_F_PRESCALER] = QF(CR, PRESCALER),
	[XSPI_F_DUAL] = QF(CR, DFM),
	[XSPI_F_FSEL] = QF(CR, FSEL),
	[XSPI_F_FTHRES] = QF(CR, FTHRES),
	[XSPI_F_CR_SSHIFT] = QF(CR, SSHIFT),
	[XSPI_F_CSHT] = QF(DCR, CSHT),
};

/* OCTOSPI (RM0468; offsets and fields in octospi_regs.h) */
static const uint16_t octospi_regs[XSPI_REG_COUNT] = {
	[XSPI_REG_CR] = OCTOSPI_CR,       [XSPI_REG_DCR] = OCTOSPI_DCR1,
	[XSPI_REG_SR] = OCTOSPI_SR,       [XSPI_REG_FCR] = OCTOSPI_FCR,
	[XSPI_REG_DLR] = OCTOSPI_DLR,     [XSPI_REG_CCR] = OCTOSPI_CCR,
	[XSPI_REG_TCR] = OCTOSPI_TCR,     [XSPI_REG_IR] = OCTOSPI_IR,
	[XSPI_REG_AR] = OCTOSPI_AR,       [XSPI_REG_ABR] = OCTOSPI_ABR,
	[XSPI_REG_DR] = OCTOSPI_DR,       [XSPI_REG_PSMKR] = OCTOSPI_PSMKR,
	[XSPI_REG_PSMAR] = OCTOSPI_PSMAR, [XSPI_REG_PIR] = OCTOSPI_PIR,
	[XSPI_REG_LPTR] = OCTOSPI_LPTR,   [XSPI_REG_WCCR] = OCTOSPI_WCCR,
	[XSPI_REG_WTCR] = OCTOSPI_WTCR,   [XSPI_REG_WIR] = OCTOSPI_WIR,
	[XSPI_REG_WABR] = OCTOSPI_WABR,   [XSPI_REG_DCR2] = OCTOSPI_DCR2,
	[XSPI_REG_DCR3] = OCTOSPI_DCR3,   [XSPI_REG_DCR4] = OCTOSPI_DCR4,
	[XSPI_REG_HLCR] = OCTOSPI_HLCR,
};

static const struct xspi_field_loc octospi_fields[XSPI_F_COUNT] = {
	[XSPI_F_FMODE] = OF(CR, CR, FMODE),
	[XSPI_F_INSTRUCTION] = OF(IR, IR, INSTRUCTION),
	[XSPI_F_IMODE] = OF(CCR, CCR, IMODE),
	[XSPI_F_IDTR] = OF(CCR, CCR, IDTR),
	[XSPI_F_ISIZE] = OF(CCR, CCR, ISIZE),
	[XSPI_F_ADMODE] = OF(CCR, CCR, ADMODE),
	[XSPI_F_ADDTR] = OF(CCR, CCR, ADDTR),
	[XSPI_F_ADSIZE] = OF(CCR, CCR, ADSIZE),
	[XSPI_F_ABMODE] = OF(CCR, CCR, ABMODE),
	[XSPI_F_ABDTR] = OF(CCR, CCR, ABDTR),
	[XSPI_F_ABSIZE] = OF(CCR, CCR, ABSIZE),
	[XSPI_F_DCYC] = OF(TCR, TCR, DCYC),
	[XSPI_F_DMODE] = OF(CCR, CCR, DMODE),
	[XSPI_F_DDTR] = OF(CCR, CCR, DDTR),
	[XSPI_F_DQSE] = OF(CCR, CCR, DQSE),
	[XSPI_F_SIOO] = OF(CCR, CCR, SIOO),
	[XSPI_F_DHQC] = OF(TCR, TCR, DHQC),
	[XSPI_F_SSHIFT] = OF(TCR, TCR, SSHIFT),
	[XSPI_F_ABORT] = OF(CR, CR, ABORT),
	[XSPI_F_TCEN] = OF(CR, CR, TCEN),
	[XSPI_F_PMM] = OF(CR, CR, PMM),
	[XSPI_F_APMS] = OF(CR, CR, APMS),
	[XSPI_F_DEVSIZE] = OF(DCR, DCR1, DEVSIZE),
	[XSPI_F_TEF] = OF(SR, SR, TEF),
	[XSPI_F_TCF] = OF(SR, SR, TCF),
	[XSPI_F_FTF] = OF(SR, SR, FTF),
	[XSPI_F_SMF] = OF(SR, SR, SMF),
	[XSPI_F_TOF] = OF(SR, SR, TOF),
	[XSPI_F_BUSY] = OF(SR, SR, BUSY),
	[XSPI_F_FLEVEL] = OF(SR, SR, FLEVEL),
	[XSPI_F_CTEF] = OF(FCR, FCR, CTEF),
	[XSPI_F_CTCF] = OF(FCR, FCR, CTCF),
	[XSPI_F_CSMF] = OF(FCR, FCR, CSMF),
	[XSPI_F_CTOF] = OF(FCR, FCR, CTOF),
	[XSPI_F_DATALEN] = OF(DLR, DLR, DL),
	[XSPI_F_ADDRESS] = OF(AR, AR, ADDRESS),
	[XSPI_F_ALTERNATE] = OF(ABR, ABR, ALTERNATE),
	[XSPI_F_PSMASK] = OF(PSMKR, PSMKR, MASK),
	[XSPI_F_PSMATCH] = OF(PSMAR, PSMAR, MATCH),
	[XSPI_F_INTERVAL] = OF(PIR, PIR, INTERVAL),
	[XSPI_F_TIMEOUT] = OF(LPTR, LPTR, TIMEOUT),
	[XSPI_F_EN] = OF(CR, CR, EN),
	[XSPI_F_PRESCALER] = OF(DCR2, DCR2, PRESCALER),
	[XSPI_F_DUAL] = OF(CR, CR, DQM),
	[XSPI_F_FSEL] = OF(CR, CR, FSEL),
	[XSPI_F_FTHRES] = OF(CR, CR, FTHRES),
	[XSPI_F_CSHT] = OF(DCR, DCR1, CSHT),
	[XSPI_F_MTYP] = OF(DCR, DCR1, MTYP),
	[XSPI_F_CSBOUND] = OF(DCR3, DCR3, CSBOUND),
	[XSPI_F_REFRESH] = OF(DCR4, DCR4, REFRESH),
	[XSPI_F_HL_LM] = OF(HLCR, HLCR, LM),
	[XSPI_F_HL_WZL] = OF(HLCR, HLCR, WZL),
	[XSPI_F_HL_TACC] = OF(HLCR, HLCR, TACC),
	[XSPI_F_HL_TRWR] = OF(HLCR, HLCR, TRWR),
};

/*
 * The memory-mapped write bank: same layout in WCCR/WTCR/WIR/WABR, but
 * WTCR has DCYC only (no DHQC, no SSHIFT) per the CMSIS field list.
 */
static const struct xspi_field_loc octospi_write_fields[XSPI_F_COUNT] = {
	[XSPI_F_INSTRUCTION] = OF(WIR, WIR, INSTRUCTION),
	[XSPI_F_IMODE] = OF(WCCR, WCCR, IMODE),
	[XSPI_F_IDTR] = OF(WCCR, WCCR, IDTR),
	[XSPI_F_ISIZE] = OF(WCCR, WCCR, ISIZE),
	[XSPI_F_ADMODE] = OF(WCCR, WCCR, ADMODE),
	[XSPI_F_ADDTR] = OF(WCCR, WCCR, ADDTR),
	[XSPI_F_ADSIZE] = OF(WCCR, WCCR, ADSIZE),
	[XSPI_F_ABMODE] = OF(WCCR, WCCR, ABMODE),
	[XSPI_F_ABDTR] = OF(WCCR, WCCR, ABDTR),
	[XSPI_F_ABSIZE] = OF(WCCR, WCCR, ABSIZE),
	[XSPI_F_DCYC] = OF(WTCR, WTCR, DCYC),
	[XSPI_F_DMODE] = OF(WCCR, WCCR, DMODE),
	[XSPI_F_DDTR] = OF(WCCR, WCCR, DDTR),
	[XSPI_F_DQSE] = OF(WCCR, WCCR, DQSE),
	[XSPI_F_SIOO] = OF(WCCR, WCCR, SIOO),
	[XSPI_F_ALTERNATE] = OF(WABR, WABR, ALTERNATE),
};

const struct xspi_ctrl_variant xspi_ctrl_variants[] = {
	{
	        .name = "stm32f7-quadspi",
	        .kind = XSPI_CTRL_QUADSPI,
	        .reg = quadspi_regs,
	        .f = quadspi_fields,
	        .wf = NULL,
	        .fifo_bytes = QUADSPI_FIFO_BYTES,
	        .max_lines = 4,
	        .max_cmd_bytes = 1,
	        .dtr = true,
	        .dual_flash = true,
	        .cmd_start_reg = XSPI_REG_CCR,
	        .quirks = 0,
	},
	{
	        .name = "stm32h7-quadspi",
	        .kind = XSPI_CTRL_QUADSPI,
	        .reg = quadspi_regs,
	        .f = quadspi_fields,
	        .wf = NULL,
	        .fifo_bytes = QUADSPI_FIFO_BYTES,
	        .max_lines = 4,
	        .max_cmd_bytes = 1,
	        .dtr = true,
	        .dual_flash = true,
	        .cmd_start_reg = XSPI_REG_CCR,
	        .quirks = 0,
	},
	{
	        .name = "stm32h7-octospi",
	        .kind = XSPI_CTRL_OCTOSPI,
	        .reg = octospi_regs,
	        .f = octospi_fields,
	        .wf = octospi_write_fields,
	        .fifo_bytes = OCTOSPI_FIFO_BYTES,
	        .max_lines = 8,
	        .max_cmd_bytes = 4, /* ISIZE: 8..32 bits */
	        .dtr = true,
	        .dual_flash = true, /* CR.DQM, dual-quad */
	        .cmd_start_reg = XSPI_REG_IR,
	        .quirks = XSPI_QUIRK_MM_WRITE_DQSE | XSPI_QUIRK_NODATA_DDTR,
	},
	{ .name = NULL },
};

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

const struct xspi_ctrl_variant *xspi_ctrl_find(const char *name)
{
	if (!name)
		return NULL;
	for (const struct xspi_ctrl_variant *v = xspi_ctrl_variants; v->name; v++)
		if (str_eq(v->name, name))
			return v;
	return NULL;
}

const struct xspi_ctrl_variant *xspi_ctrl_find_kind(enum xspi_ctrl_kind kind)
{
	for (const struct xspi_ctrl_variant *v = xspi_ctrl_variants; v->name; v++)
		if (v->kind == kind)
			return v;
	return NULL;
}

uint16_t xspi_ctrl_reg(const struct xspi_ctrl_variant *v, enum xspi_reg reg)
{
	if (!v || (unsigned int)reg >= XSPI_REG_COUNT)
		return XSPI_REG_ABSENT;
	return v->reg[reg];
}
