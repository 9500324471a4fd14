// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stm32xspi: block protection (layer 3). The chip's BP/TB/SEC/CMP bits are
 * decoded and encoded by layer 1 (xspi_prot.c, facts in xspi_parts.c);
 * this file reads and writes the registers through the controller and maps
 * chip ranges onto the bank's sectors.
 *
 * In dual-flash mode every command goes to both chips: a 1-byte register
 * read returns two bytes (chip 1, chip 2), a write sends two. Bank offset =
 * chip offset x 2, and a bank sector (smallest erase x 2) is protected when
 * either chip's half of it is.
 *
 * Status bits are written non-volatile (06h, then 01h / 31h), which is
 * what every part in the table needs for the protection to survive a power
 * cycle; each write is waited for with the part's tW deadline, read back
 * and compared.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <flash/nor/imp.h>
#include <helper/command.h>
#include <helper/log.h>
#include <helper/time_support.h>

#include "stm32xspi.h"
#include "stm32xspi_prot.h"
#include "stm32xspi_prot_int.h"
#include "xspi_nor.h"
#include "xspi_parts.h"
#include "xspi_prot.h"

#define PROT_ERROR(bank, fmt, ...) \
	LOG_ERROR("stm32xspi: bank '%s': " fmt, (bank)->name, ##__VA_ARGS__)

/* tW deadline when the part table gives none (ms) */
#define STM32XSPI_WRSR_DEFAULT_MS 100
#define PROT_MAX_CHIPS            2

struct prot_chip {
	struct xspi_prot_regs regs;
	struct xspi_prot_range range; /* chip offsets */
};

/* One protection operation on a probed bank */
struct prot_ctx {
	struct flash_bank *bank;
	const struct stm32xspi_bank *priv;
	const struct xspi_part_prot *p;
	unsigned int n; /* chips: 2 in dual-flash mode */
	uint32_t chip_size;
	struct prot_chip chip[PROT_MAX_CHIPS];
};

/* what != NULL: say why an unknown scheme is a failure */
static int ctx_init(struct flash_bank *bank, struct prot_ctx *c, const char *what)
{
	const struct stm32xspi_bank *priv = bank->driver_priv;

	memset(c, 0, sizeof(*c));
	c->bank = bank;
	c->priv = priv;
	if (!priv->probed) {
		PROT_ERROR(bank, "not probed; run 'flash probe %u' first", bank->bank_number);
		return ERROR_FLASH_BANK_NOT_PROBED;
	}
	c->n = priv->dual ? 2 : 1;
	c->chip_size = priv->chip_size;
	if (priv->part && xspi_prot_supported(&priv->part->prot))
		c->p = &priv->part->prot;
	if (!c->p) {
		if (what)
			PROT_ERROR(
			        bank,
			        "%s: the block protection scheme of %s is not known (not in "
			        "the part table); 'stm32xspi cmd' reads and writes its registers",
			        what, priv->name);
		return ERROR_FLASH_OPER_UNSUPPORTED;
	}
	return ERROR_OK;
}

static bool overlap(struct xspi_prot_range a, struct xspi_prot_range b)
{
	return a.start < a.end && b.start < b.end && a.start < b.end && b.start < a.end;
}

static uint32_t len_of(struct xspi_prot_range r)
{
	return r.end - r.start;
}

/* Bank bytes [offset, offset + len) as chip offsets */
static struct xspi_prot_range chip_range(const struct prot_ctx *c, uint32_t offset, uint32_t len)
{
	return (struct xspi_prot_range){ offset / c->n,
		                         (uint32_t)(((uint64_t)offset + len + c->n - 1) / c->n) };
}

/* The bank sectors [*first, *last] that chip range r touches (r not empty) */
static void sectors_of(const struct prot_ctx *c, struct xspi_prot_range r, unsigned int *first,
                       unsigned int *last)
{
	uint32_t ss = c->bank->sectors[0].size;

	*first = (unsigned int)((uint64_t)r.start * c->n / ss);
	*last = (unsigned int)(((uint64_t)r.end * c->n - 1) / ss);
}

/* "sectors 3840-4095" or "nothing" for a chip range, into buf */
static const char *sectors_text(const struct prot_ctx *c, struct xspi_prot_range r, char *buf,
                                size_t size)
{
	unsigned int first, last;

	if (r.start >= r.end) {
		snprintf(buf, size, "nothing");
		return buf;
	}
	sectors_of(c, r, &first, &last);
	snprintf(buf, size, "sectors %u-%u (bank 0x%08" PRIx64 "-0x%08" PRIx64 ")", first, last,
	         (uint64_t)r.start * c->n, (uint64_t)r.end * c->n - 1);
	return buf;
}

/* One register of every chip (1 byte per chip, chip 1 first) */
static int reg_read(struct prot_ctx *c, uint8_t opcode, uint8_t val[PROT_MAX_CHIPS])
{
	struct xspi_op op = xspi_op_read_reg(opcode, c->n);
	uint8_t buf[PROT_MAX_CHIPS] = { 0 };
	int ret = stm32xspi_exec(c->bank, &op, buf, NULL);

	if (ret != ERROR_OK) {
		PROT_ERROR(c->bank, "reading register %02xh failed", opcode);
		return ret;
	}
	val[0] = buf[0];
	val[1] = c->n > 1 ? buf[1] : buf[0];
	return ERROR_OK;
}

/* The status register(s) the scheme uses, decoded per chip */
static int regs_read(struct prot_ctx *c)
{
	unsigned int mask = xspi_prot_reg_mask(c->p) | (1u << XSPI_NOR_REG_SR1);

	for (int reg = XSPI_NOR_REG_SR1; reg < XSPI_PROT_NREGS; reg++) {
		uint8_t v[PROT_MAX_CHIPS];
		int ret;

		if (!((mask >> reg) & 1u))
			continue;
		ret = reg_read(c, xspi_prot_reg_read_op((enum xspi_nor_reg)reg), v);
		if (ret != ERROR_OK)
			return ret;
		for (unsigned int i = 0; i < c->n; i++)
			c->chip[i].regs.v[reg] = v[i];
	}
	for (unsigned int i = 0; i < c->n; i++)
		if (xspi_prot_decode(c->p, c->chip_size, &c->chip[i].regs, &c->chip[i].range))
			return ERROR_FAIL; /* not reached: ctx_init checked the scheme */
	return ERROR_OK;
}

/* "SR1 = 0x1c: BP2 BP1 BP0 set, TB 0, SEC 0; SR2 = 0x02: CMP 0" */
static const char *regs_text(const struct prot_ctx *c, const struct xspi_prot_regs *r, char *buf,
                             size_t size)
{
	unsigned int mask = xspi_prot_reg_mask(c->p);
	size_t len = 0;

	buf[0] = '\0';
	for (int reg = XSPI_NOR_REG_SR1; reg < XSPI_PROT_NREGS && len < size; reg++) {
		char bits[96];
		int w;

		if (!((mask >> reg) & 1u))
			continue;
		xspi_prot_describe(c->p, (enum xspi_nor_reg)reg, r->v[reg], bits, sizeof(bits));
		w = snprintf(buf + len, size - len, "%s%s = 0x%02x: %s", len ? "; " : "",
		             xspi_prot_reg_name(c->p, (enum xspi_nor_reg)reg), r->v[reg], bits);
		len += w > 0 ? (size_t)w : 0;
	}
	return buf;
}

/*
 * Until no chip is busy (SR WIP). The time is taken before each read, so
 * the read after the deadline is the last check.
 */
static int wait_ready(struct prot_ctx *c, unsigned int timeout_ms, const char *what)
{
	int64_t t0 = timeval_ms();
	uint8_t sr[PROT_MAX_CHIPS];

	for (;;) {
		bool late = timeval_ms() - t0 > timeout_ms;
		int ret = reg_read(c, XSPI_OP_RDSR, sr);

		if (ret != ERROR_OK)
			return ret;
		if (!((sr[0] | sr[1]) & XSPI_SR_WIP))
			return ERROR_OK;
		if (late)
			break;
	}
	if (c->n > 1)
		PROT_ERROR(c->bank,
		           "%s: still busy (SR 0x%02x, chip 2 0x%02x) after %u ms, the "
		           "tW deadline of %s",
		           what, sr[0], sr[1], timeout_ms, c->priv->name);
	else
		PROT_ERROR(c->bank, "%s: still busy (SR 0x%02x) after %u ms, the tW deadline of %s",
		           what, sr[0], timeout_ms, c->priv->name);
	return ERROR_FLASH_OPERATION_FAILED;
}

/* Write register reg of every chip (val per chip): WREN, check WEL,
 * write, wait */
static int reg_write(struct prot_ctx *c, enum xspi_nor_reg reg, const uint8_t val[PROT_MAX_CHIPS])
{
	uint8_t opcode = xspi_prot_reg_write_op(reg);
	const char *name = xspi_prot_reg_name(c->p, reg);
	struct xspi_op wren = xspi_op_cmd(XSPI_OP_WREN);
	struct xspi_op wr = xspi_op_write_reg(opcode, c->n);
	unsigned int timeout = c->p->wrsr_max_ms ? c->p->wrsr_max_ms : STM32XSPI_WRSR_DEFAULT_MS;
	uint8_t sr[PROT_MAX_CHIPS], out[PROT_MAX_CHIPS];
	char what[48];
	int ret;

	if (!opcode) {
		PROT_ERROR(c->bank, "%s of %s is not written by this driver", name, c->priv->name);
		return ERROR_FLASH_OPER_UNSUPPORTED;
	}
	ret = stm32xspi_exec(c->bank, &wren, NULL, NULL);
	if (ret == ERROR_OK)
		ret = reg_read(c, XSPI_OP_RDSR, sr);
	if (ret != ERROR_OK)
		return ret;
	for (unsigned int i = 0; i < c->n; i++) {
		if (!(sr[i] & XSPI_SR_WEL)) {
			PROT_ERROR(c->bank,
			           "chip %u did not accept write enable (06h): SR = 0x%02x, WEL 0",
			           i + 1, sr[i]);
			return ERROR_FLASH_OPERATION_FAILED;
		}
		/* WIP and WEL are read-only status in SR1 */
		out[i] = reg == XSPI_NOR_REG_SR1 ? val[i] & ~(XSPI_SR_WIP | XSPI_SR_WEL) : val[i];
	}
	ret = stm32xspi_exec(c->bank, &wr, NULL, out);
	if (ret != ERROR_OK) {
		PROT_ERROR(c->bank, "writing %s (%02xh) failed", name, opcode);
		return ret;
	}
	snprintf(what, sizeof(what), "writing %s (%02xh)", name, opcode);
	return wait_ready(c, timeout, what);
}

/* A register that did not take its new value: why, as far as we can tell */
static void report_refused(const struct prot_ctx *c, unsigned int chip, enum xspi_nor_reg reg,
                           uint8_t wrote, uint8_t reads, uint8_t sr1_before)
{
	const struct xspi_part_prot *p = c->p;
	const char *name = xspi_prot_reg_name(p, reg);
	bool srwd = p->srwd.reg == XSPI_NOR_REG_SR1 && ((sr1_before >> p->srwd.bit) & 1u);

	if (srwd)
		PROT_ERROR(c->bank,
		           "chip %u ignored the write of %s = 0x%02x (reads 0x%02x): %s is set in "
		           "%s (0x%02x), so the chip refuses status register writes while its WP# "
		           "pin (IO2) is low (hardware protected mode); drive WP# high and retry",
		           chip + 1, name, wrote, reads, xspi_prot_reg_name(p, XSPI_NOR_REG_SR1),
		           xspi_prot_reg_name(p, XSPI_NOR_REG_SR1), sr1_before);
	else
		PROT_ERROR(c->bank,
		           "chip %u did not take %s = 0x%02x: it reads 0x%02x after the write "
		           "(register locked, or bits the part does not have?)",
		           chip + 1, name, wrote, reads);
}

/*
 * Write the protection bits of want[] (per chip) where they differ, read
 * everything back and verify. c->chip[] holds the state afterwards.
 */
static int regs_apply(struct prot_ctx *c, const struct xspi_prot_regs want[PROT_MAX_CHIPS])
{
	unsigned int mask = xspi_prot_reg_mask(c->p);
	struct prot_chip before[PROT_MAX_CHIPS];
	int ret = ERROR_OK;

	memcpy(before, c->chip, sizeof(before));
	for (int reg = XSPI_NOR_REG_SR1; reg < XSPI_PROT_NREGS && ret == ERROR_OK; reg++) {
		uint8_t bits = xspi_prot_bits(c->p, (enum xspi_nor_reg)reg, false);
		uint8_t val[PROT_MAX_CHIPS] = { 0 };
		bool differs = false;

		if (!((mask >> reg) & 1u) || !bits)
			continue;
		for (unsigned int i = 0; i < c->n; i++) {
			val[i] = want[i].v[reg];
			differs |= ((val[i] ^ before[i].regs.v[reg]) & bits) != 0;
		}
		if (c->n == 1)
			val[1] = val[0];
		if (differs)
			ret = reg_write(c, (enum xspi_nor_reg)reg, val);
	}
	if (ret == ERROR_OK)
		ret = regs_read(c);
	for (int reg = XSPI_NOR_REG_SR1; reg < XSPI_PROT_NREGS && ret == ERROR_OK; reg++) {
		uint8_t bits = xspi_prot_bits(c->p, (enum xspi_nor_reg)reg, true);

		for (unsigned int i = 0; i < c->n; i++) {
			if (!((c->chip[i].regs.v[reg] ^ want[i].v[reg]) & bits))
				continue;
			report_refused(c, i, (enum xspi_nor_reg)reg, want[i].v[reg],
			               c->chip[i].regs.v[reg], before[i].regs.v[XSPI_NOR_REG_SR1]);
			ret = ERROR_FLASH_OPERATION_FAILED;
		}
	}
	return ret;
}

/* bank->sectors[].is_protected from c->chip[].range */
static void mark_sectors(const struct prot_ctx *c)
{
	for (unsigned int s = 0; s < c->bank->num_sectors; s++) {
		const struct flash_sector *sec = &c->bank->sectors[s];
		struct xspi_prot_range r = chip_range(c, sec->offset, sec->size);
		bool prot = false;

		for (unsigned int i = 0; i < c->n; i++)
			prot |= overlap(r, c->chip[i].range);
		c->bank->sectors[s].is_protected = prot;
	}
}

/* Leave command mode whatever happened; the first error wins */
static int back_to_mm(struct flash_bank *bank, int ret)
{
	int mm = stm32xspi_ensure_mm(bank);

	return ret != ERROR_OK ? ret : mm;
}

int stm32xspi_protect_check_impl(struct flash_bank *bank)
{
	struct prot_ctx c;
	int ret = ctx_init(bank, &c, NULL);

	if (ret == ERROR_FLASH_OPER_UNSUPPORTED) {
		for (unsigned int s = 0; s < bank->num_sectors; s++)
			bank->sectors[s].is_protected = -1;
		LOG_DEBUG("stm32xspi: bank '%s': protection scheme of %s unknown", bank->name,
		          c.priv->name);
		return ret;
	}
	if (ret != ERROR_OK)
		return ret;
	ret = stm32xspi_cmd_mode(bank);
	if (ret == ERROR_OK)
		ret = regs_read(&c);
	ret = back_to_mm(bank, ret);
	if (ret == ERROR_OK)
		mark_sectors(&c);
	return ret;
}

/* Why [want] cannot be protected on chip i, with the nearest ranges */
static void report_unrepresentable(const struct prot_ctx *c, unsigned int i,
                                   struct xspi_prot_range want, int err, unsigned int first,
                                   unsigned int last)
{
	const struct xspi_prot_regs *cur = &c->chip[i].regs;
	struct xspi_prot_range in = { 0, 0 }, cover = { 0, 0 };
	char a[64], b[64];

	if (xspi_prot_within(c->p, c->chip_size, want.start, want.end, cur, &in, NULL))
		in = (struct xspi_prot_range){ 0, 0 };
	if (xspi_prot_covering(c->p, c->chip_size, want.start, want.end, cur, &cover))
		cover = (struct xspi_prot_range){ 0, 0 };
	PROT_ERROR(c->bank,
	           "cannot protect exactly sectors %u-%u: %s%s (%s protects one range at the "
	           "top or bottom of the array, of the sizes its BP bits select); nearest: %s "
	           "inside, %s covering",
	           first, last, xspi_prot_strerror(err),
	           err == XSPI_PROT_E_OTP ? " (TB is one-time programmable: not changed here)" : "",
	           c->priv->name, len_of(in) ? sectors_text(c, in, a, sizeof(a)) : "nothing",
	           sectors_text(c, cover, b, sizeof(b)));
}

static int plan_set(struct prot_ctx *c, struct xspi_prot_range want, unsigned int first,
                    unsigned int last, struct xspi_prot_regs out[PROT_MAX_CHIPS])
{
	for (unsigned int i = 0; i < c->n; i++) {
		struct xspi_prot_range old = c->chip[i].range;
		int err = xspi_prot_encode(c->p, c->chip_size, want.start, want.end,
		                           &c->chip[i].regs, &out[i]);
		char t[64];

		if (err) {
			report_unrepresentable(c, i, want, err, first, last);
			return ERROR_COMMAND_ARGUMENT_INVALID;
		}
		if (len_of(old) && (old.start < want.start || old.end > want.end))
			LOG_WARNING("stm32xspi: bank '%s': chip %u protected %s before; the chip "
			            "protects one range, now exactly sectors %u-%u",
			            c->bank->name, i + 1, sectors_text(c, old, t, sizeof(t)), first,
			            last);
	}
	return ERROR_OK;
}

/*
 * Unprotect [want]: each chip whose range meets it keeps the largest
 * representable part of what stays protected (below or above want), which
 * may be less than the rest: the log says so. *changed: a chip changes.
 */
static int plan_clear(struct prot_ctx *c, struct xspi_prot_range want, unsigned int first,
                      unsigned int last, struct xspi_prot_regs out[PROT_MAX_CHIPS], bool *changed)
{
	*changed = false;
	for (unsigned int i = 0; i < c->n; i++) {
		struct xspi_prot_range r = c->chip[i].range, lo = { 0, 0 }, hi = { 0, 0 }, k1, k2;
		struct xspi_prot_regs v1, v2;
		char t1[64], t2[64];

		out[i] = c->chip[i].regs;
		if (!overlap(r, want))
			continue;
		if (want.start > r.start)
			lo = (struct xspi_prot_range){ r.start, want.start };
		if (want.end < r.end)
			hi = (struct xspi_prot_range){ want.end, r.end };
		if (xspi_prot_within(c->p, c->chip_size, lo.start, lo.end, &c->chip[i].regs, &k1,
		                     &v1) ||
		    xspi_prot_within(c->p, c->chip_size, hi.start, hi.end, &c->chip[i].regs, &k2,
		                     &v2)) {
			PROT_ERROR(c->bank, "no way to clear the protection bits of chip %u",
			           i + 1);
			return ERROR_FAIL;
		}
		out[i] = len_of(k2) > len_of(k1) ? v2 : v1;
		if (len_of(k2) > len_of(k1))
			k1 = k2;
		*changed = true;
		if (len_of(k1) < len_of(lo) + len_of(hi))
			LOG_INFO("stm32xspi: bank '%s': unprotecting sectors %u-%u unprotects more "
			         "than asked: chip %u protected %s, keeps %s protected (what its "
			         "bits can express)",
			         c->bank->name, first, last, i + 1,
			         sectors_text(c, r, t1, sizeof(t1)),
			         sectors_text(c, k1, t2, sizeof(t2)));
	}
	return ERROR_OK;
}

int stm32xspi_protect_impl(struct flash_bank *bank, int set, unsigned int first, unsigned int last)
{
	struct prot_ctx c;
	struct xspi_prot_regs want_regs[PROT_MAX_CHIPS];
	struct xspi_prot_range want;
	bool changed = true;
	char t[160];
	int ret = ctx_init(bank, &c, set ? "protect" : "unprotect");

	if (ret != ERROR_OK)
		return ret;
	if (first > last || last >= bank->num_sectors)
		return ERROR_FLASH_SECTOR_INVALID;
	want = chip_range(&c, bank->sectors[first].offset,
	                  bank->sectors[last].offset + bank->sectors[last].size -
	                          bank->sectors[first].offset);
	ret = stm32xspi_cmd_mode(bank);
	if (ret == ERROR_OK)
		ret = regs_read(&c);
	if (ret == ERROR_OK && set)
		ret = plan_set(&c, want, first, last, want_regs);
	else if (ret == ERROR_OK)
		ret = plan_clear(&c, want, first, last, want_regs, &changed);
	if (ret == ERROR_OK && changed)
		ret = regs_apply(&c, want_regs);
	ret = back_to_mm(bank, ret);
	if (ret != ERROR_OK)
		return ret;
	mark_sectors(&c);
	if (!changed)
		LOG_INFO("stm32xspi: bank '%s': sectors %u-%u were not protected", bank->name,
		         first, last);
	else
		LOG_INFO("stm32xspi: bank '%s': %s sectors %u-%u; chip 1 %s", bank->name,
		         set ? "protected" : "unprotected", first, last,
		         regs_text(&c, &c.chip[0].regs, t, sizeof(t)));
	return ERROR_OK;
}

int stm32xspi_prot_unlock(struct flash_bank *bank, struct command_invocation *cmd)
{
	struct prot_ctx c;
	struct prot_chip before[PROT_MAX_CHIPS];
	struct xspi_prot_regs want[PROT_MAX_CHIPS];
	bool changed = false;
	int ret = ctx_init(bank, &c, "unlock");

	if (ret != ERROR_OK)
		return ret;
	ret = stm32xspi_cmd_mode(bank);
	if (ret == ERROR_OK)
		ret = regs_read(&c);
	if (ret == ERROR_OK) {
		memcpy(before, c.chip, sizeof(before));
		for (unsigned int i = 0; i < c.n; i++) {
			xspi_prot_clear(c.p, &c.chip[i].regs, &want[i]);
			changed |= memcmp(&want[i], &c.chip[i].regs, sizeof(want[i])) != 0;
		}
		if (changed)
			ret = regs_apply(&c, want);
	}
	ret = back_to_mm(bank, ret);
	if (ret != ERROR_OK)
		return ret;
	mark_sectors(&c);
	for (unsigned int i = 0; i < c.n; i++) {
		char b[160], a[160], r1[64], r2[64];

		regs_text(&c, &before[i].regs, b, sizeof(b));
		regs_text(&c, &c.chip[i].regs, a, sizeof(a));
		if (!memcmp(&before[i].regs, &c.chip[i].regs, sizeof(before[i].regs)))
			command_print(cmd, "chip %u: no protection bits to clear (%s); protects %s",
			              i + 1, b, sectors_text(&c, c.chip[i].range, r1, sizeof(r1)));
		else
			command_print(cmd, "chip %u: %s -> %s; protected %s, now %s", i + 1, b, a,
			              sectors_text(&c, before[i].range, r1, sizeof(r1)),
			              sectors_text(&c, c.chip[i].range, r2, sizeof(r2)));
	}
	return ERROR_OK;
}

int stm32xspi_prot_guard(struct flash_bank *bank, uint32_t offset, uint32_t len, const char *what)
{
	struct prot_ctx c;
	struct xspi_prot_range want;
	unsigned int rfirst, rlast;
	bool hit = false;
	int ret = ctx_init(bank, &c, NULL);

	if (ret == ERROR_FLASH_OPER_UNSUPPORTED)
		return ERROR_OK; /* unknown scheme: the chip's own refusal is reported */
	if (ret != ERROR_OK || !len)
		return ret;
	ret = regs_read(&c);
	if (ret != ERROR_OK)
		return ret;
	want = chip_range(&c, offset, len);
	rfirst = offset / bank->sectors[0].size;
	rlast = (unsigned int)(((uint64_t)offset + len - 1) / bank->sectors[0].size);
	for (unsigned int i = 0; i < c.n; i++) {
		struct xspi_prot_range r = c.chip[i].range;
		unsigned int first, last;
		char regs[160];

		if (!overlap(r, want))
			continue;
		hit = true;
		sectors_of(&c, r, &first, &last);
		first = first > rfirst ? first : rfirst;
		last = last < rlast ? last : rlast;
		PROT_ERROR(bank,
		           "cannot %s 0x%08" PRIx32 "-0x%08" PRIx64 ": %s: chip %u protects "
		           "0x%08" PRIx32 "-0x%08" PRIx32 "%s; run 'stm32xspi unlock %u' or "
		           "'flash protect %u %u %u off'",
		           what, offset, (uint64_t)offset + len - 1,
		           regs_text(&c, &c.chip[i].regs, regs, sizeof(regs)), i + 1, r.start,
		           r.end - 1, c.n > 1 ? " (of its own addresses)" : "", bank->bank_number,
		           bank->bank_number, first, last);
	}
	return hit ? ERROR_FLASH_PROTECTED : ERROR_OK;
}
