// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stm32xspi: erase, program, verify and blank check through the on-target
 * loader stub (loader_stubs/xspi_stub.c), and skip-unchanged (layer 3).
 *
 * The host encodes every register sequence with layer 2 and hands it to
 * the stub in the parameter block; the stub runs them. The host owns every
 * deadline: a run that makes no progress for longer than the part's
 * maximum time for one step (plus the link's margin) is halted, the
 * controller aborted, and the error says what was going on.
 *
 * Skip-unchanged: while a `flash write_image erase` or a GDB `load` runs,
 * erase() only marks sectors as owed ("pending"); write() then compares
 * the target's CRC of each sector with the CRC of what the sector must
 * hold afterwards, and erases and programs only the sectors that differ.
 * Owed sectors that no write touched are erased at the end (flush).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <flash/nor/core.h>
#include <flash/nor/imp.h>
#include <helper/binarybuffer.h>
#include <helper/log.h>
#include <helper/time_support.h>
#include <target/algorithm.h>
#include <target/armv7m.h>
#include <target/image.h>
#include <target/target.h>

#include "stm32xspi.h"
#include "stm32xspi_ops.h"
#include "stm32xspi_prot.h"
#include "xspi_crc32.h"
#include "xspi_nor.h"
#include "xspi_parts.h"
#include "xspi_stub_abi.h"
#include "xspi_target_io.h"
#include "xspi_registry.h"

static const uint8_t stub_code[] = {
#include "xspi_stub.inc"
};

/* Margin on every deadline for the debug link's latency (ms) */
#define STUB_LINK_MARGIN_MS 2000U
/* A CRC step (4 KiB) or a stub start never takes longer than this (ms) */
#define STUB_CRC_STALL_MS   3000U
/* No progress for this long (ms): check whether the core still runs */
#define STUB_POLL_CORE_MS   50
/* The work area we ask for first, and the least we can work with */
#define WA_WANT             (512U * 1024U)
#define WA_MIN              (8U * 1024U)
/* CRC results per run (words) and erase-list entries per run */
#define OUT_CAP             1024U
#define LIST_CAP            512U
/* Most bytes handed over per write before `produced` moves on */
#define FEED_BATCH_BYTES    (16U * 1024U)
/* Sectors per erase run / program run at most (<= LIST_CAP) */
#define RUN_SECTORS         256U
/* Auto-polling interval in controller clock cycles */
#define POLL_INTERVAL       32U
/* ... and after an erase (tens of microseconds at the probe clock) */
#define POLL_INTERVAL_ERASE 1024U
#define OP_RDFSR            0x70u /* Micron flag status register */

#define OPS_ERROR(bank, fmt, ...) \
	LOG_ERROR("stm32xspi: bank '%s': " fmt, (bank)->name, ##__VA_ARGS__)

/* ---- the stub's work area and parameter block ---------------------------- */

struct stub_run {
	struct flash_bank *bank;
	struct working_area *wa;
	target_addr_t code, params, stack_top, table, list, out, slots;
	uint32_t slot_count, slot_size;
	struct xspi_stub_params p; /* host copy */
};

static uint32_t round8(uint32_t n)
{
	return (n + 7U) & ~7U;
}

static struct xspi_field fld(const struct xspi_ctrl_variant *v, enum xspi_fld f)
{
	return v->f[f].field;
}

static uint32_t fld_mask(const struct xspi_ctrl_variant *v, enum xspi_fld f)
{
	struct xspi_field x = fld(v, f);

	return xspi_field_prep(x, 0xFFFFFFFFU >> (32U - x.width));
}

static int seq_to_stub(struct flash_bank *bank, const struct xspi_reg_seq *in,
                       struct xspi_stub_seq *out, const char *what)
{
	struct stm32xspi_bank *priv = bank->driver_priv;

	if (in->n > XSPI_STUB_SEQ_WRITES) {
		OPS_ERROR(bank,
		          "internal error: the %s sequence has %u register writes, the stub "
		          "takes %u",
		          what, in->n, XSPI_STUB_SEQ_WRITES);
		return ERROR_FAIL;
	}
	memset(out, 0, sizeof(*out));
	out->n = in->n;
	for (unsigned int i = 0; i < in->n; i++) {
		out->w[i].offset = in->w[i].offset;
		out->w[i].mask = in->w[i].mask;
		out->w[i].value = in->w[i].value;
	}
	if (in->done.offset == xspi_ctrl_reg(priv->ctrl, XSPI_REG_SR))
		out->done_mask = in->done.mask;
	return ERROR_OK;
}

static int encode(struct flash_bank *bank, enum xspi_ctrl_mode mode, const struct xspi_op *op,
                  struct xspi_stub_seq *out, const char *what)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct xspi_reg_seq seq;
	int err = xspi_ctrl_encode(priv->ctrl, mode, op, &priv->cfg, &seq);

	if (err) {
		OPS_ERROR(bank, "%s cannot encode the %s (opcode 0x%02x): %s", priv->ctrl->name,
		          what, op->cmd.opcode, xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	return seq_to_stub(bank, &seq, out, what);
}

/* The flash sequences: WREN, ready polling, page program, erases, FSR */
static int encode_flash_seqs(struct stub_run *r)
{
	struct flash_bank *bank = r->bank;
	struct stm32xspi_bank *priv = bank->driver_priv;
	const struct xspi_ctrl_cfg cfg = priv->cfg;
	unsigned int chips = priv->dual ? 2 : 1;
	struct xspi_op wren = xspi_op_cmd(XSPI_OP_WREN);
	struct xspi_op rdsr = xspi_op_read_reg(XSPI_OP_RDSR, chips);
	struct xspi_op pp = priv->pp;
	/* WIP (bit 0) clear in every status byte (each chip's, and both
	 * copies of a DTR register read): AND of the masked bits */
	struct xspi_poll ready = { .mask = stm32xspi_status_bytes(priv) == 2 ? 0x0101U : 0x01U,
		                   .match = 0,
		                   .interval = POLL_INTERVAL,
		                   .match_any = false,
		                   .stop_on_match = true };
	struct xspi_reg_seq seq;
	int err, ret;

	stm32xspi_cmd_op(priv, &wren, false);
	stm32xspi_cmd_op(priv, &rdsr, true);
	ret = encode(bank, XSPI_MODE_INDIRECT_WRITE, &wren, &r->p.seq[XSPI_STUB_SEQ_WREN],
	             "write enable");
	if (ret != ERROR_OK)
		return ret;
	err = xspi_ctrl_encode_poll(priv->ctrl, &rdsr, &cfg, &ready, &seq);
	if (err) {
		OPS_ERROR(bank, "%s cannot encode the status polling: %s", priv->ctrl->name,
		          xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	ret = seq_to_stub(bank, &seq, &r->p.seq[XSPI_STUB_SEQ_POLL], "status polling");
	/* erases take milliseconds: poll them less often */
	ready.interval = POLL_INTERVAL_ERASE;
	err = xspi_ctrl_encode_poll(priv->ctrl, &rdsr, &cfg, &ready, &seq);
	if (ret == ERROR_OK && err) {
		OPS_ERROR(bank, "%s cannot encode the status polling: %s", priv->ctrl->name,
		          xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	if (ret == ERROR_OK)
		ret = seq_to_stub(bank, &seq, &r->p.seq[XSPI_STUB_SEQ_POLL_LONG],
		                  "status polling (erase)");
	pp.data.nbytes = priv->page_size * chips;
	if (ret == ERROR_OK)
		ret = encode(bank, XSPI_MODE_INDIRECT_WRITE, &pp, &r->p.seq[XSPI_STUB_SEQ_PROGRAM],
		             "page program");
	for (unsigned int i = 0; ret == ERROR_OK && i < STM32XSPI_ERASE_TYPES; i++) {
		struct xspi_op e;

		if (!priv->erase[i].size)
			continue;
		e = xspi_op_erase(priv->erase[i].opcode, priv->addr_bytes, 0);
		stm32xspi_cmd_op(priv, &e, false);
		ret = encode(bank, XSPI_MODE_INDIRECT_WRITE, &e,
		             &r->p.seq[XSPI_STUB_SEQ_ERASE0 + i], "erase");
	}
	if (ret == ERROR_OK && priv->part && priv->part->has_fsr) {
		struct xspi_op fsr = xspi_op_read_reg(OP_RDFSR, chips);
		uint32_t m = priv->part->fsr.error_mask;

		ret = encode(bank, XSPI_MODE_INDIRECT_READ, &fsr, &r->p.seq[XSPI_STUB_SEQ_CHECK],
		             "flag status read");
		r->p.check_len = chips;
		r->p.check_mask = priv->dual ? m | m << 8 : m;
	}
	return ret;
}

/*
 * Work area: code, parameters, stack, CRC table, erase list, CRC results,
 * and the program slots in whatever is left.
 */
static void stub_end(struct stub_run *r);

static int stub_begin(struct flash_bank *bank, struct stub_run *r)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	const struct xspi_ctrl_variant *v = priv->ctrl;
	uint32_t fixed = round8(sizeof(stub_code)) + round8(sizeof(struct xspi_stub_params)) +
	                 XSPI_STUB_STACK_BYTES * 2 + 1024 + LIST_CAP * 8 + OUT_CAP * 4;
	uint32_t slot = priv->page_size * (priv->dual ? 2 : 1);
	uint32_t size = WA_WANT;
	int ret;

	memset(r, 0, sizeof(*r));
	r->bank = bank;
	/* all the work area there is, up to WA_WANT: a longer ring hides
	 * more of the link behind the erases */
	size = MIN(size, (uint32_t)target_get_working_area_avail(bank->target) & ~7U);
	if (size < WA_MIN)
		size = WA_MIN;
	while (target_alloc_working_area_try(bank->target, size, &r->wa) != ERROR_OK) {
		size /= 2;
		if (size < WA_MIN || size < fixed + 2 * slot) {
			OPS_ERROR(
			        bank,
			        "no working area of %" PRIu32 " bytes for the loader stub; "
			        "give the target one, e.g. '$_TARGETNAME configure -work-area-phys "
			        "0x24000000 -work-area-size 0x20000' (H7 AXI SRAM)",
			        fixed + 2 * slot);
			return ERROR_TARGET_RESOURCE_NOT_AVAILABLE;
		}
	}
	r->code = r->wa->address;
	r->params = r->code + round8(sizeof(stub_code));
	r->stack_top =
	        r->params + round8(sizeof(struct xspi_stub_params)) + XSPI_STUB_STACK_BYTES * 2;
	r->table = r->stack_top;
	r->list = r->table + 1024;
	r->out = r->list + LIST_CAP * 8;
	r->slots = r->out + OUT_CAP * 4;
	r->slot_size = slot;
	r->slot_count = (uint32_t)(r->wa->address + size - r->slots) / slot;
	ret = target_write_buffer(bank->target, r->code, sizeof(stub_code), stub_code);
	if (ret != ERROR_OK) {
		OPS_ERROR(bank, "cannot load the loader stub at " TARGET_ADDR_FMT, r->code);
		target_free_working_area(bank->target, r->wa);
		r->wa = NULL;
		return ret;
	}
	r->p.magic = XSPI_STUB_MAGIC;
	r->p.abi_version = XSPI_STUB_ABI_VERSION;
	r->p.ctrl_base = priv->ctrl_base;
	r->p.sr_off = xspi_ctrl_reg(v, XSPI_REG_SR);
	r->p.fcr_off = xspi_ctrl_reg(v, XSPI_REG_FCR);
	r->p.dr_off = xspi_ctrl_reg(v, XSPI_REG_DR);
	r->p.ar_off = xspi_ctrl_reg(v, XSPI_REG_AR);
	r->p.dlr_off = xspi_ctrl_reg(v, XSPI_REG_DLR);
	r->p.tef_mask = fld_mask(v, XSPI_F_TEF);
	r->p.busy_mask = fld_mask(v, XSPI_F_BUSY);
	r->p.flevel_shift = fld(v, XSPI_F_FLEVEL).shift;
	r->p.flevel_mask = 0xFFFFFFFFU >> (32U - fld(v, XSPI_F_FLEVEL).width);
	r->p.fifo_bytes = v->fifo_bytes;
	r->p.fcr_clear = fld_mask(v, XSPI_F_CTEF) | fld_mask(v, XSPI_F_CTCF) |
	                 fld_mask(v, XSPI_F_CSMF) | fld_mask(v, XSPI_F_CTOF);
	r->p.table = (uint32_t)r->table;
	r->p.erase_list = (uint32_t)r->list;
	r->p.out = (uint32_t)r->out;
	r->p.slots = (uint32_t)r->slots;
	r->p.slot_count = r->slot_count;
	r->p.slot_size = r->slot_size;
	/* the flash sequences, once for every run of this operation */
	ret = encode_flash_seqs(r);
	if (ret != ERROR_OK)
		stub_end(r);
	return ret;
}

static void stub_end(struct stub_run *r)
{
	if (r->wa)
		target_free_working_area(r->bank->target, r->wa);
	r->wa = NULL;
}

static int params_write(struct stub_run *r)
{
	uint8_t buf[sizeof(struct xspi_stub_params)];
	uint32_t words[XSPI_STUB_PARAMS_WORDS];

	memcpy(words, &r->p, sizeof(words));
	target_buffer_set_u32_array(r->bank->target, buf, XSPI_STUB_PARAMS_WORDS, words);
	return target_write_buffer(r->bank->target, r->params, sizeof(buf), buf);
}

/* The parameter words from status up to consumed, into r->p */
#define LIVE_FIRST XSPI_STUB_PARAM_OFF(status)
#define LIVE_END   (XSPI_STUB_PARAM_OFF(consumed) + 4U)
static int params_read_live(struct stub_run *r)
{
	uint8_t buf[LIVE_END - LIVE_FIRST];
	uint32_t words[(LIVE_END - LIVE_FIRST) / 4];
	int ret = target_read_buffer(r->bank->target, r->params + LIVE_FIRST, sizeof(buf), buf);

	if (ret != ERROR_OK)
		return ret;
	target_buffer_get_u32_array(r->bank->target, buf, ARRAY_SIZE(words), words);
	memcpy((uint8_t *)&r->p + LIVE_FIRST, words, sizeof(words));
	return ERROR_OK;
}

/* Program feeding: the image, the chunk cursor and the host-side count */
struct feed {
	const uint8_t *data; /* bytes of [addr, addr + len) */
	uint32_t addr, len;
	uint32_t page;
	uint32_t pos;      /* next chunk's start, bank offset */
	uint32_t produced; /* chunks written */
	uint32_t nchunks;
	uint8_t *buf;
};

static uint32_t chunk_end(const struct feed *f, uint32_t pos)
{
	uint32_t next = (pos & ~(f->page - 1U)) + f->page;

	return MIN(next, f->addr + f->len);
}

static int feed_slots(struct stub_run *r, struct feed *f)
{
	uint32_t inflight = f->produced - r->p.consumed;
	uint32_t room = r->slot_count - inflight;
	uint32_t left = f->nchunks - f->produced;
	int ret;

	/* few large writes: each round trip to the probe costs more than
	 * the bytes (wait for a quarter of the ring, or the last chunks) */
	if (room < MIN(left, MAX(r->slot_count / 4, 1U)))
		return ERROR_OK;
	while (room && f->produced < f->nchunks) {
		uint32_t first = f->produced % r->slot_count;
		uint32_t n = MIN(room, r->slot_count - first);

		n = MIN(n, f->nchunks - f->produced);
		/* the stub starts on the first chunks while the rest travel */
		n = MIN(n, FEED_BATCH_BYTES / r->slot_size);
		for (uint32_t j = 0; j < n; j++) {
			uint32_t end = chunk_end(f, f->pos);

			memcpy(f->buf + j * r->slot_size, f->data + (f->pos - f->addr),
			       end - f->pos);
			f->pos = end;
		}
		ret = target_write_buffer(r->bank->target, r->slots + first * r->slot_size,
		                          n * r->slot_size, f->buf);
		if (ret != ERROR_OK)
			return ret;
		f->produced += n;
		room -= n;
		ret = target_write_u32(r->bank->target, r->params + XSPI_STUB_PARAM_OFF(produced),
		                       f->produced);
		if (ret != ERROR_OK)
			return ret;
	}
	return ERROR_OK;
}

static const char *stub_status_text(uint32_t st)
{
	switch (st) {
	case XSPI_STUB_OK:
		return "done";
	case XSPI_STUB_E_MAGIC:
		return "the stub does not match the driver (ABI)";
	case XSPI_STUB_E_UNSUPPORTED:
		return "operation not in the stub";
	case XSPI_STUB_E_ARGS:
		return "bad parameters";
	case XSPI_STUB_E_TRANSFER:
		return "the controller reported a transfer error (SR.TEF)";
	case XSPI_STUB_E_FLASH:
		return "the flash reported a program/erase failure in its flag status register "
		       "(protected area or worn-out sector)";
	default:
		return "the stub did not finish";
	}
}

/*
 * Start the stub with op, feed it (program) or watch it, and end it.
 * stall_ms: the longest time one step may take before the run counts as
 * hung. what: for the messages ("erase", "program", "CRC").
 */
static int stub_exec(struct stub_run *r, uint32_t op, unsigned int stall_ms, struct feed *f,
                     const char *what)
{
	struct target *target = r->bank->target;
	struct armv7m_algorithm info = { .common_magic = ARMV7M_COMMON_MAGIC,
		                         .core_mode = ARM_MODE_THREAD };
	struct reg_param regs[2];
	uint32_t last_progress, last_consumed;
	int64_t t_last;
	bool hung = false, halted_early = false;
	int ret;

	r->p.op = op;
	r->p.status = XSPI_STUB_E_RUNNING;
	r->p.progress = 0;
	r->p.produced = 0;
	r->p.consumed = 0;
	r->p.fail_addr = 0;
	ret = params_write(r);
	if (ret != ERROR_OK)
		return ret;
	init_reg_param(&regs[0], "r0", 32, PARAM_IN_OUT);
	init_reg_param(&regs[1], "sp", 32, PARAM_OUT);
	buf_set_u32(regs[0].value, 0, 32, (uint32_t)r->params);
	buf_set_u32(regs[1].value, 0, 32, (uint32_t)r->stack_top);
	ret = target_start_algorithm(target, 0, NULL, 2, regs, r->code + XSPI_STUB_ENTRY_OFFSET,
	                             r->code + XSPI_STUB_EXIT_OFFSET, &info);
	if (ret != ERROR_OK) {
		OPS_ERROR(r->bank, "cannot start the loader stub (%s)", what);
		goto out;
	}
	last_progress = 0;
	last_consumed = 0;
	t_last = timeval_ms();
	for (;;) {
		keep_alive();
		ret = params_read_live(r);
		if (ret != ERROR_OK)
			break;
		if (r->p.status != XSPI_STUB_E_RUNNING)
			break;
		if (f) {
			ret = feed_slots(r, f);
			if (ret != ERROR_OK)
				break;
		}
		if (r->p.progress != last_progress || r->p.consumed != last_consumed) {
			last_progress = r->p.progress;
			last_consumed = r->p.consumed;
			LOG_DEBUG_IO("stm32xspi: %s: progress %" PRIu32 ", consumed %" PRIu32
			             ", produced %" PRIu32,
			             what, last_progress, last_consumed, f ? f->produced : 0);
			t_last = timeval_ms();
		} else if (timeval_ms() - t_last > stall_ms) {
			hung = true;
			break;
		}
		/* a stub that stopped early (fault) makes no progress: look at
		 * the core only then, one round trip less per turn */
		if (timeval_ms() - t_last < STUB_POLL_CORE_MS)
			continue;
		ret = target_poll(target);
		if (ret != ERROR_OK)
			break;
		if (target->state == TARGET_HALTED) {
			/* it may have finished between the two reads */
			if (params_read_live(r) == ERROR_OK && r->p.status != XSPI_STUB_E_RUNNING)
				break;
			halted_early = true;
			break;
		}
	}
	int wret = target_wait_algorithm(target, 0, NULL, 2, regs, r->code + XSPI_STUB_EXIT_OFFSET,
	                                 hung || halted_early || ret != ERROR_OK ? 1 : 1000, &info);
	if (ret == ERROR_OK && (hung || halted_early || wret != ERROR_OK)) {
		struct stm32xspi_bank *priv = r->bank->driver_priv;
		struct xspi_target_ctrl c = { target, priv->ctrl_base, priv->ctrl };

		params_read_live(r);
		if (hung)
			OPS_ERROR(r->bank,
			          "the %s made no progress for %u ms (at byte/step %" PRIu32
			          "): the flash did not become ready within its maximum time; the "
			          "core was halted and the controller aborted",
			          what, stall_ms, r->p.progress);
		else
			OPS_ERROR(r->bank,
			          "the loader stub stopped before the end of the %s (a fault "
			          "on the target? progress %" PRIu32 ")",
			          what, r->p.progress);
		xspi_target_abort(&c);
		ret = ERROR_FLASH_OPERATION_FAILED;
	} else if (ret == ERROR_OK && r->p.status != XSPI_STUB_OK) {
		OPS_ERROR(r->bank, "the %s failed at flash address 0x%08" PRIx32 ": %s", what,
		          r->p.fail_addr, stub_status_text(r->p.status));
		ret = ERROR_FLASH_OPERATION_FAILED;
	}
out:
	destroy_reg_param(&regs[0]);
	destroy_reg_param(&regs[1]);
	return ret;
}

static int crc_compare(struct stub_run *r, const uint8_t *buffer, uint32_t offset, uint32_t count,
                       const char *after);

/* ---- CRCs ------------------------------------------------------------------ */

/* Per-unit CRCs of [offset, offset + n * unit) read through the window */
static int crc_units(struct stub_run *r, uint32_t offset, uint32_t unit, uint32_t n, uint32_t *crcs)
{
	struct flash_bank *bank = r->bank;
	int ret = stm32xspi_ensure_mm(bank);

	while (ret == ERROR_OK && n) {
		uint32_t k = MIN(n, OUT_CAP);
		uint8_t buf[OUT_CAP * 4];

		r->p.addr = (uint32_t)(bank->base + offset);
		r->p.len = k * unit;
		r->p.unit = unit;
		ret = stub_exec(r, XSPI_STUB_OP_CRC32_UNITS, STUB_CRC_STALL_MS, NULL, "CRC check");
		if (ret == ERROR_OK)
			ret = target_read_buffer(bank->target, r->out, k * 4, buf);
		if (ret == ERROR_OK)
			target_buffer_get_u32_array(bank->target, buf, k, crcs);
		crcs += k;
		n -= k;
		offset += k * unit;
	}
	return ret;
}

static uint32_t crc_ff(uint32_t len)
{
	uint8_t ff[256];
	uint32_t crc = XSPI_CRC32_INIT;

	memset(ff, 0xFF, sizeof(ff));
	for (; len >= sizeof(ff); len -= sizeof(ff))
		crc = xspi_crc32_update(crc, ff, sizeof(ff));
	crc = xspi_crc32_update(crc, ff, len);
	return xspi_crc32_final(crc);
}

/* ---- erase ----------------------------------------------------------------- */

static uint32_t sector_size(const struct flash_bank *bank)
{
	return bank->sectors[0].size;
}

/* Longest single erase of any type (ms) */
static unsigned int erase_stall_ms(const struct stm32xspi_bank *priv)
{
	uint32_t m = 0;

	for (int i = 0; i < STM32XSPI_ERASE_TYPES; i++)
		m = MAX(m, priv->erase[i].max_ms);
	return m + STUB_LINK_MARGIN_MS;
}

/* Plan the erase of bank sectors [first, last] into r->p's list; n out */
static int plan_erase(struct stub_run *r, unsigned int first, unsigned int last,
                      uint32_t *list_words, uint32_t *n)
{
	struct flash_bank *bank = r->bank;
	struct stm32xspi_bank *priv = bank->driver_priv;
	unsigned int chips = priv->dual ? 2 : 1;
	struct xspi_erase_type types[STM32XSPI_ERASE_TYPES];
	struct xspi_erase_step steps[LIST_CAP];
	size_t nsteps = 0;
	int err;

	for (int i = 0; i < STM32XSPI_ERASE_TYPES; i++)
		types[i] = (struct xspi_erase_type){ priv->erase[i].size * chips,
			                             priv->erase[i].opcode };
	err = xspi_erase_plan(types, STM32XSPI_ERASE_TYPES, bank->sectors[first].offset,
	                      bank->sectors[last].offset + bank->sectors[last].size, steps,
	                      LIST_CAP - *n, &nsteps);
	if (err) {
		OPS_ERROR(bank, "no erase plan for sectors %u-%u: %s", first, last,
		          xspi_nor_strerror(err));
		return ERROR_FAIL;
	}
	for (size_t i = 0; i < nsteps; i++) {
		int t = 0;

		while (t < STM32XSPI_ERASE_TYPES && priv->erase[t].size * chips != steps[i].size)
			t++;
		list_words[2 * *n] = steps[i].addr;
		list_words[2 * *n + 1] = XSPI_STUB_SEQ_ERASE0 + (uint32_t)t;
		(*n)++;
	}
	return ERROR_OK;
}

static int list_write(struct stub_run *r, const uint32_t *list_words, uint32_t n)
{
	uint8_t buf[LIST_CAP * 8];

	target_buffer_set_u32_array(r->bank->target, buf, 2 * n, list_words);
	r->p.erase_count = n;
	return n ? target_write_buffer(r->bank->target, r->list, n * 8, buf) : ERROR_OK;
}

static int run_erase_list(struct stub_run *r, const uint32_t *list_words, uint32_t n)
{
	struct stm32xspi_bank *priv = r->bank->driver_priv;
	int ret = list_write(r, list_words, n);

	if (ret == ERROR_OK)
		ret = stm32xspi_op_mode(r->bank);
	if (ret == ERROR_OK)
		ret = stub_exec(r, XSPI_STUB_OP_ERASE, erase_stall_ms(priv), NULL, "erase");
	return ret;
}

/*
 * Plan the runs of sectors base + k, k in [from, to], whose mark[k] is
 * value, into the list (largest erases that fit each run). *planned: how
 * many sectors that covers. Callers keep [from, to] within one
 * RUN_SECTORS-aligned block, so the steps always fit the list.
 */
static int plan_marked(struct stub_run *r, const uint8_t *mark, uint8_t value, unsigned int base,
                       unsigned int from, unsigned int to, uint32_t *list_words, uint32_t *n,
                       unsigned int *planned)
{
	int ret = ERROR_OK;

	for (unsigned int k = from; ret == ERROR_OK && k <= to;) {
		if (mark[k] != value) {
			k++;
			continue;
		}
		unsigned int e = k;

		while (e < to && mark[e + 1] == value)
			e++;
		ret = plan_erase(r, base + k, base + e, list_words, n);
		*planned += e - k + 1;
		k = e + 1;
	}
	return ret;
}

/*
 * Erase the sectors first + k whose dirty[k] is set, one RUN_SECTORS-
 * aligned block at a time into the list; a full list is run first.
 */
static int erase_marked(struct stub_run *r, const uint8_t *dirty, unsigned int first,
                        unsigned int last)
{
	uint32_t list_words[LIST_CAP * 2];
	uint32_t n = 0;
	unsigned int planned = 0;
	int ret = ERROR_OK;

	for (unsigned int k = 0; ret == ERROR_OK && first + k <= last;) {
		unsigned int e = k;

		while (first + e < last && (first + e + 1) % RUN_SECTORS)
			e++;
		if (n + RUN_SECTORS > LIST_CAP) {
			ret = run_erase_list(r, list_words, n);
			n = 0;
		}
		if (ret == ERROR_OK)
			ret = plan_marked(r, dirty, 1, first, k, e, list_words, &n, &planned);
		k = e + 1;
	}
	if (ret == ERROR_OK && n)
		ret = run_erase_list(r, list_words, n);
	return ret;
}

static int check_probed(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;

	if (!priv->probed) {
		OPS_ERROR(bank, "not probed; run 'flash probe %u' first", bank->bank_number);
		return ERROR_FLASH_BANK_NOT_PROBED;
	}
	return ERROR_OK;
}

/* Probed, and [offset, offset + count) inside the bank */
static int check_span(struct flash_bank *bank, uint32_t offset, uint32_t count, const char *what)
{
	int ret = check_probed(bank);

	if (ret == ERROR_OK && (offset > bank->size || count > bank->size - offset)) {
		OPS_ERROR(bank,
		          "%s of %" PRIu32 " bytes at offset 0x%" PRIx32 " is beyond the end of "
		          "the bank (%" PRIu32 " bytes)",
		          what, count, offset, bank->size);
		ret = ERROR_FLASH_DST_OUT_OF_BANK;
	}
	return ret;
}

/* The protection bits are read with SPI commands: the chip in SPI mode */
static int guard(struct flash_bank *bank, uint32_t offset, uint32_t len, const char *what)
{
	int ret = stm32xspi_cmd_mode(bank);

	if (ret == ERROR_OK)
		ret = stm32xspi_prot_guard(bank, offset, len, what);
	return ret;
}

/* Erase sectors [first, last], skipping those already blank */
static int erase_now(struct flash_bank *bank, unsigned int first, unsigned int last)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	unsigned int n = last - first + 1;
	uint32_t *crcs = calloc(n, sizeof(*crcs));
	uint8_t *dirty = calloc(n, 1); /* not blank: needs its erase */
	uint32_t blank = crc_ff(sector_size(bank));
	struct stub_run r;
	unsigned int nerase = 0;
	int64_t t0 = timeval_ms();
	int ret = crcs && dirty ? ERROR_OK : ERROR_FAIL;

	if (ret == ERROR_OK)
		ret = guard(bank, bank->sectors[first].offset,
		            bank->sectors[last].offset + bank->sectors[last].size -
		                    bank->sectors[first].offset,
		            "erase");
	if (ret == ERROR_OK)
		ret = stub_begin(bank, &r);
	if (ret == ERROR_OK) {
		ret = crc_units(&r, bank->sectors[first].offset, sector_size(bank), n, crcs);
		for (unsigned int i = 0; ret == ERROR_OK && i < n; i++) {
			dirty[i] = crcs[i] != blank;
			nerase += dirty[i];
		}
		if (ret == ERROR_OK && nerase)
			ret = erase_marked(&r, dirty, first, last);
		stub_end(&r);
	}
	if (ret == ERROR_OK) {
		for (unsigned int i = first; i <= last; i++)
			bank->sectors[i].is_erased = 1;
		LOG_INFO("stm32xspi: bank '%s': sectors %u-%u: %u erased, %u already blank "
		         "(%" PRId64 " ms)",
		         bank->name, first, last, nerase, n - nerase, timeval_ms() - t0);
	}
	priv->last_erased = nerase;
	free(crcs);
	free(dirty);
	int mret = stm32xspi_ensure_mm(bank);

	return ret != ERROR_OK ? ret : mret;
}

int stm32xspi_erase_impl(struct flash_bank *bank, unsigned int first, unsigned int last)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	int ret = check_probed(bank);

	if (ret != ERROR_OK)
		return ret;
	if (first > last || last >= bank->num_sectors) {
		OPS_ERROR(bank, "sectors %u-%u: the bank has sectors 0-%u", first, last,
		          bank->num_sectors - 1);
		return ERROR_FLASH_SECTOR_INVALID;
	}
	if (bank->target->state != TARGET_HALTED) {
		OPS_ERROR(bank, "the target must be halted (run 'halt' or 'reset init')");
		return ERROR_TARGET_NOT_HALTED;
	}
	if (priv->defer_erase && priv->pending) {
		for (unsigned int i = first; i <= last; i++)
			priv->pending[i] = 1;
		LOG_DEBUG("stm32xspi: bank '%s': sectors %u-%u owed an erase", bank->name, first,
		          last);
		return ERROR_OK;
	}
	return erase_now(bank, first, last);
}

/* ---- program ------------------------------------------------------------- */

/* Program [off, off + len) of data (bank offsets) with the erases in list */
static int program_run(struct stub_run *r, const uint8_t *data, uint32_t off, uint32_t len,
                       const uint32_t *list_words, uint32_t nlist)
{
	struct flash_bank *bank = r->bank;
	struct stm32xspi_bank *priv = bank->driver_priv;
	struct feed f = { .data = data, .addr = off, .len = len, .page = r->slot_size, .pos = off };
	unsigned int stall =
	        MAX(erase_stall_ms(priv), priv->pp_max_us / 1000 + STUB_LINK_MARGIN_MS);
	int ret;

	for (uint32_t p = off; p < off + len; p = chunk_end(&f, p))
		f.nchunks++;
	f.buf = malloc((size_t)r->slot_count * r->slot_size);
	if (!f.buf)
		return ERROR_FAIL;
	memset(f.buf, 0xFF, (size_t)r->slot_count * r->slot_size);
	ret = list_write(r, list_words, nlist);
	r->p.addr = off;
	r->p.len = len;
	r->p.unit = r->slot_size;
	r->p.skip_blank_pages = 1;
	if (ret == ERROR_OK)
		ret = stm32xspi_op_mode(bank);
	if (ret == ERROR_OK)
		ret = stub_exec(r, XSPI_STUB_OP_PROGRAM, stall, &f, "program");
	free(f.buf);
	return ret;
}

/*
 * The sectors [s0, s1] of one write: which need an erase (owed and not
 * unchanged and not blank) and which are skipped (unchanged). data covers
 * [off, off + len) within them.
 */
static int write_sectors(struct stub_run *r, const uint8_t *data, uint32_t off, uint32_t len)
{
	struct flash_bank *bank = r->bank;
	struct stm32xspi_bank *priv = bank->driver_priv;
	uint32_t ss = sector_size(bank);
	unsigned int s0 = off / ss, s1 = (off + len - 1) / ss;
	unsigned int n = s1 - s0 + 1;
	uint32_t *crcs = calloc(n, sizeof(*crcs));
	uint8_t *state = calloc(n, 1); /* 0 program, 1 erase + program, 2 skip */
	uint8_t *sec = malloc(ss);
	uint32_t blank = crc_ff(ss);
	int ret = crcs && state && sec ? ERROR_OK : ERROR_FAIL;

	if (ret == ERROR_OK)
		ret = crc_units(r, s0 * ss, ss, n, crcs);
	for (unsigned int i = 0; ret == ERROR_OK && i < n; i++) {
		unsigned int s = s0 + i;
		uint32_t a = MAX(off, s * ss), b = MIN(off + len, (s + 1) * ss);
		bool owed = priv->pending && priv->pending[s];
		uint32_t want;

		/* what the sector holds afterwards, if it is erased first */
		memset(sec, 0xFF, ss);
		memcpy(sec + (a - s * ss), data + (a - off), b - a);
		want = xspi_crc32(sec, ss);
		if (owed && priv->skip_unchanged && crcs[i] == want)
			state[i] = 2;
		else if (!owed && a == s * ss && b == (s + 1) * ss && priv->skip_unchanged &&
		         crcs[i] == want)
			state[i] = 2;
		else
			state[i] = owed && crcs[i] != blank ? 1 : 0;
		if (priv->pending)
			priv->pending[s] = 0;
	}
	/* the protection check before the first erase or program (and only
	 * then: an unchanged image stays in memory-mapped mode throughout) */
	bool writes = false;

	for (unsigned int i = 0; i < n; i++)
		writes |= state[i] != 2;
	if (ret == ERROR_OK && writes)
		ret = guard(bank, off, len, "program");
	/* runs of sectors that are not skipped: one program run each */
	for (unsigned int i = 0; ret == ERROR_OK && i < n;) {
		uint32_t list_words[LIST_CAP * 2];
		uint32_t nlist = 0;
		unsigned int j = i;

		if (state[i] == 2) {
			priv->last_skipped++;
			i++;
			continue;
		}
		/* a run ends before a skipped sector or at a RUN_SECTORS
		 * boundary: its plan fits the list and stays aligned for the
		 * largest erases */
		while (j + 1 < n && state[j + 1] != 2 && (s0 + j + 1) % RUN_SECTORS)
			j++;
		ret = plan_marked(r, state, 1, s0, i, j, list_words, &nlist, &priv->last_erased);
		uint32_t a = MAX(off, (s0 + i) * ss), b = MIN(off + len, (s0 + j + 1) * ss);

		if (ret == ERROR_OK)
			ret = program_run(r, data + (a - off), a, b - a, list_words, nlist);
		/* parts without a flag status register refuse silently */
		if (ret == ERROR_OK &&
		    crc_compare(r, data + (a - off), a, b - a, NULL) != ERROR_OK) {
			/* a page the chip did not take (seen once in 16384 on the
			 * simulated W25Q128JV, cause not found yet): once more,
			 * without erases; programming equal bytes again is harmless */
			LOG_WARNING("stm32xspi: bank '%s': 0x%08" PRIx32 "-0x%08" PRIx32
			            " did not read back as programmed; programming it again",
			            bank->name, a, b - 1);
			ret = program_run(r, data + (a - off), a, b - a, list_words, 0);
			if (ret == ERROR_OK)
				ret = crc_compare(r, data + (a - off), a, b - a, "program");
		}
		priv->last_programmed += j - i + 1;
		i = j + 1;
	}
	free(crcs);
	free(state);
	free(sec);
	return ret;
}

int stm32xspi_write_impl(struct flash_bank *bank, const uint8_t *buffer, uint32_t offset,
                         uint32_t count)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	const uint8_t *data = buffer;
	uint8_t *padded = NULL;
	struct stub_run r;
	int64_t t0 = timeval_ms();
	int ret = check_span(bank, offset, count, "write");

	if (ret != ERROR_OK)
		return ret;
	if (!count)
		return ERROR_OK;
	if (bank->target->state != TARGET_HALTED) {
		OPS_ERROR(bank, "the target must be halted (run 'halt' or 'reset init')");
		return ERROR_TARGET_NOT_HALTED;
	}
	/* dual flash: each chip gets whole bytes; octal DTR moves 16-bit
	 * words (MX25LM51245G: DOPI addresses are even, the ST BSP and RM0468
	 * DTR rule): so even start and length; 0xFF leaves a NOR byte as it is */
	bool words = priv->dual || priv->op_mode == STM32XSPI_CHIP_DOPI;

	if (words && ((offset | count) & 1)) {
		uint32_t a = offset & ~1U, b = (offset + count + 1) & ~1U;

		padded = malloc(b - a);
		if (!padded)
			return ERROR_FAIL;
		memset(padded, 0xFF, b - a);
		memcpy(padded + (offset - a), buffer, count);
		data = padded;
		offset = a;
		count = b - a;
	}
	priv->last_erased = priv->last_skipped = priv->last_programmed = 0;
	ret = stub_begin(bank, &r);
	if (ret == ERROR_OK) {
		ret = write_sectors(&r, data, offset, count);
		stub_end(&r);
	}
	free(padded);
	int mret = stm32xspi_ensure_mm(bank);

	if (ret == ERROR_OK && mret == ERROR_OK)
		LOG_INFO("stm32xspi: bank '%s': wrote %" PRIu32 " bytes at 0x%08" PRIx32
		         ": %u sectors erased, %u programmed, %u unchanged (skipped), %" PRId64
		         " ms",
		         bank->name, count, offset, priv->last_erased, priv->last_programmed,
		         priv->last_skipped, timeval_ms() - t0);
	return ret != ERROR_OK ? ret : mret;
}

/* ---- verify and blank check ------------------------------------------------ */

/*
 * The CRC of [offset, offset + count) through the window against buffer's;
 * on a difference, read back and name the first differing byte. after:
 * "verify" or "program" (the check right after programming), for the text;
 * NULL: no message, just the result.
 */
static int crc_compare(struct stub_run *r, const uint8_t *buffer, uint32_t offset, uint32_t count,
                       const char *after)
{
	struct flash_bank *bank = r->bank;
	int ret = stm32xspi_ensure_mm(bank);

	r->p.addr = (uint32_t)(bank->base + offset);
	r->p.len = count;
	if (ret == ERROR_OK)
		ret = stub_exec(r, XSPI_STUB_OP_CRC32, STUB_CRC_STALL_MS, NULL, "CRC check");
	if (ret != ERROR_OK)
		return ret;
	uint32_t want = xspi_crc32(buffer, count);

	if (r->p.result == want)
		return ERROR_OK;
	if (!after)
		return ERROR_FLASH_OPERATION_FAILED; /* quiet: the caller decides */
	/* say where: read back and find the first difference */
	uint8_t *back = malloc(count);
	const char *hint = strcmp(after, "program")
	                           ? ""
	                           : ": the area was not blank before (erase it first, or use "
	                             "'flash write_image erase') or the chip refused the program "
	                             "(a protection the driver does not decode)";

	if (back &&
	    target_read_buffer(bank->target, bank->base + offset, count, back) == ERROR_OK) {
		for (uint32_t i = 0; i < count; i++) {
			if (back[i] != buffer[i]) {
				OPS_ERROR(bank,
				          "%s failed: first difference at " TARGET_ADDR_FMT
				          " (flash 0x%02x, image 0x%02x)%s",
				          after, bank->base + offset + i, back[i], buffer[i], hint);
				break;
			}
		}
	} else {
		OPS_ERROR(bank,
		          "%s failed: CRC of %" PRIu32 " bytes at " TARGET_ADDR_FMT
		          " is 0x%08" PRIx32 ", the image's 0x%08" PRIx32 "%s",
		          after, count, bank->base + offset, r->p.result, want, hint);
	}
	free(back);
	return ERROR_FLASH_OPERATION_FAILED;
}

int stm32xspi_verify_impl(struct flash_bank *bank, const uint8_t *buffer, uint32_t offset,
                          uint32_t count)
{
	struct stub_run r;
	int ret = check_span(bank, offset, count, "verify");

	if (ret != ERROR_OK)
		return ret;
	ret = stub_begin(bank, &r);
	if (ret != ERROR_OK)
		return ret;
	ret = crc_compare(&r, buffer, offset, count, "verify");
	stub_end(&r);
	return ret;
}

int stm32xspi_erase_check_impl(struct flash_bank *bank)
{
	uint32_t *crcs;
	uint32_t blank;
	struct stub_run r;
	int ret = check_probed(bank);

	if (ret != ERROR_OK)
		return ret;
	crcs = calloc(bank->num_sectors, sizeof(*crcs));
	if (!crcs)
		return ERROR_FAIL;
	blank = crc_ff(sector_size(bank));
	ret = stub_begin(bank, &r);
	if (ret == ERROR_OK) {
		ret = crc_units(&r, 0, sector_size(bank), bank->num_sectors, crcs);
		stub_end(&r);
	}
	for (unsigned int i = 0; ret == ERROR_OK && i < bank->num_sectors; i++)
		bank->sectors[i].is_erased = crcs[i] == blank;
	free(crcs);
	return ret;
}

/* ---- owed erases: flash write_image erase and GDB load ---------------------- */

static int flush_pending(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	int ret = ERROR_OK;

	priv->defer_erase = false;
	if (!priv->pending || !priv->probed)
		return ERROR_OK;
	for (unsigned int s = 0; ret == ERROR_OK && s < bank->num_sectors;) {
		if (!priv->pending[s]) {
			s++;
			continue;
		}
		unsigned int e = s;

		while (e + 1 < bank->num_sectors && priv->pending[e + 1])
			e++;
		memset(priv->pending + s, 0, e - s + 1);
		ret = erase_now(bank, s, e);
		s = e + 1;
	}
	return ret;
}

static int defer_begin(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;

	if (!priv->probed)
		return ERROR_OK;
	free(priv->pending);
	priv->pending = calloc(bank->num_sectors, 1);
	priv->defer_erase = priv->pending != NULL;
	return ERROR_OK;
}

static bool is_ours(const struct flash_bank *bank, const struct target *target)
{
	return bank->target == target && bank->driver == &stm32xspi_flash;
}

static int event_cb(struct target *target, enum target_event event, void *priv_)
{
	struct flash_bank *bank = priv_;

	if (!is_ours(bank, target))
		return ERROR_OK;
	switch (event) {
	case TARGET_EVENT_GDB_FLASH_ERASE_START:
		if (!((struct stm32xspi_bank *)bank->driver_priv)->defer_erase)
			defer_begin(bank);
		break;
	case TARGET_EVENT_GDB_FLASH_WRITE_END:
	case TARGET_EVENT_GDB_DETACH:
		if (flush_pending(bank) != ERROR_OK)
			OPS_ERROR(bank, "erasing the sectors GDB asked to erase failed");
		break;
	default:
		break;
	}
	return ERROR_OK;
}

void stm32xspi_ops_bank_free(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;

	if (!priv)
		return;
	if (priv->events_hooked)
		target_unregister_event_callback(event_cb, bank);
	free(priv->pending);
	free(priv);
	bank->driver_priv = NULL;
}

void stm32xspi_ops_bank_added(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;

	priv->skip_unchanged = true;
	if (!priv->events_hooked && target_register_event_callback(event_cb, bank) == ERROR_OK)
		priv->events_hooked = true;
}

/* ---- flash write_image: the image check and owed erases ---------------------- */

int __real_flash_write_unlock_verify(struct target *target, struct image *image, uint32_t *written,
                                     bool erase, bool unlock, bool write, bool verify);
int __wrap_flash_write_unlock_verify(struct target *target, struct image *image, uint32_t *written,
                                     bool erase, bool unlock, bool write, bool verify);

/*
 * Before anything is erased: every section of an image that goes to one
 * of our banks must lie inside some flash bank. OpenOCD itself would skip
 * such a section with a warning after erasing the rest.
 */
static int check_image(struct target *target, struct image *image, bool *ours)
{
	*ours = false;
	for (unsigned int i = 0; i < image->num_sections; i++) {
		struct flash_bank *c = NULL;
		target_addr_t a = image->sections[i].base_address;

		if (get_flash_bank_by_addr(target, a, false, &c) == ERROR_OK && c &&
		    is_ours(c, target))
			*ours = true;
	}
	for (unsigned int i = 0; *ours && i < image->num_sections; i++) {
		struct flash_bank *c = NULL;
		target_addr_t a = image->sections[i].base_address;
		uint32_t size = image->sections[i].size;

		if (!size)
			continue;
		if (get_flash_bank_by_addr(target, a, false, &c) != ERROR_OK || !c) {
			LOG_ERROR(
			        "stm32xspi: image section %u at " TARGET_ADDR_FMT " (%" PRIu32
			        " bytes) is outside every flash bank: nothing was erased or "
			        "written. If it is RAM content (e.g. a buffer placed in SRAM), mark "
			        "its output section NOLOAD in the linker script or leave it out of "
			        "the hex file (objcopy --remove-section).",
			        i, a, size);
			return ERROR_FLASH_DST_OUT_OF_BANK;
		}
		if (a + size > c->base + c->size) {
			LOG_ERROR("stm32xspi: image section %u at " TARGET_ADDR_FMT " (%" PRIu32
			          " bytes) runs past the end of flash bank '%s' at " TARGET_ADDR_FMT
			          ": nothing was erased or written",
			          i, a, size, c->name, c->base + c->size);
			return ERROR_FLASH_DST_OUT_OF_BANK;
		}
	}
	return ERROR_OK;
}

int __wrap_flash_write_unlock_verify(struct target *target, struct image *image, uint32_t *written,
                                     bool erase, bool unlock, bool write, bool verify)
{
	bool ours = false;
	int ret = write || erase ? check_image(target, image, &ours) : ERROR_OK;

	if (ret != ERROR_OK)
		return ret;
	if (ours && erase) {
		for (struct flash_bank *b = flash_bank_list(); b; b = b->next)
			if (is_ours(b, target))
				defer_begin(b);
	}
	ret = __real_flash_write_unlock_verify(target, image, written, erase, unlock, write,
	                                       verify);
	if (ours && erase) {
		for (struct flash_bank *b = flash_bank_list(); b; b = b->next) {
			if (!is_ours(b, target))
				continue;
			int fret = ret == ERROR_OK ? flush_pending(b) : ERROR_OK;

			((struct stm32xspi_bank *)b->driver_priv)->defer_erase = false;
			if (ret == ERROR_OK)
				ret = fret;
		}
	}
	return ret;
}
