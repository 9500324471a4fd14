// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SPI-NOR block protection: decode and encode (see xspi_prot.h). The
 * scheme's facts and their sources are in xspi_parts.c.
 */
#include "xspi_prot.h"

#include <stdio.h>
#include <string.h>

/* One combination of the scheme's bits: BP value, TB, SEC, CMP */
struct combo {
	unsigned int bp;
	unsigned int tb, sec, cmp;
};

const char *xspi_prot_strerror(int err)
{
	switch (err) {
	case XSPI_PROT_OK:
		return "ok";
	case XSPI_PROT_E_NO_SCHEME:
		return "the part's protected area sizes are not known";
	case XSPI_PROT_E_RANGE:
		return "range outside the chip";
	case XSPI_PROT_E_UNREPRESENTABLE:
		return "no combination of the protection bits protects exactly this range";
	case XSPI_PROT_E_OTP:
		return "only a one-time programmable bit could select this range";
	default:
		return "unknown error";
	}
}

static bool has(struct xspi_reg_bit b)
{
	return b.reg != XSPI_NOR_REG_NONE;
}

bool xspi_prot_supported(const struct xspi_part_prot *p)
{
	return p && p->nbp && p->nbp <= XSPI_PART_MAX_BP && p->unit;
}

static unsigned int bit_get(const struct xspi_prot_regs *r, struct xspi_reg_bit b)
{
	return has(b) ? (r->v[b.reg] >> b.bit) & 1u : 0;
}

static void bit_put(struct xspi_prot_regs *r, struct xspi_reg_bit b, unsigned int val)
{
	if (!has(b))
		return;
	r->v[b.reg] = (uint8_t)((r->v[b.reg] & ~(1u << b.bit)) | ((val & 1u) << b.bit));
}

static struct xspi_reg_bit bp_bit(const struct xspi_part_prot *p, unsigned int i)
{
	return (struct xspi_reg_bit){ .reg = XSPI_NOR_REG_SR1, .bit = p->bp[i] };
}

static struct combo combo_of(const struct xspi_part_prot *p, const struct xspi_prot_regs *r)
{
	struct combo c = { 0, bit_get(r, p->tb), bit_get(r, p->sec), bit_get(r, p->cmp) };

	for (unsigned int i = 0; i < p->nbp; i++)
		c.bp |= bit_get(r, bp_bit(p, i)) << i;
	return c;
}

static void combo_put(const struct xspi_part_prot *p, const struct combo *c,
                      struct xspi_prot_regs *r)
{
	for (unsigned int i = 0; i < p->nbp; i++)
		bit_put(r, bp_bit(p, i), c->bp >> i);
	bit_put(r, p->tb, c->tb);
	bit_put(r, p->sec, c->sec);
	bit_put(r, p->cmp, c->cmp);
}

static struct xspi_prot_range range_of(const struct xspi_part_prot *p, uint32_t size,
                                       const struct combo *c)
{
	unsigned int all_ones = (1u << p->nbp) - 1;
	uint64_t len;
	struct xspi_prot_range r;

	if (!c->bp)
		len = 0;
	else if (c->sec && c->bp != all_ones)
		len = (uint64_t)p->sec_unit << (c->bp - 1);
	else
		len = (uint64_t)p->unit << (c->bp - 1);
	if (c->sec && c->bp != all_ones && len > p->sec_max)
		len = p->sec_max;
	if (c->bp == all_ones && c->sec)
		len = size; /* Winbond "X X 1 1 1": all, whatever SEC and TB say */
	if (len > size)
		len = size;
	r.start = c->tb ? 0 : size - (uint32_t)len;
	r.end = r.start + (uint32_t)len;
	if (c->cmp) {
		/* the complement of a top or bottom region is one region */
		if (!len)
			r = (struct xspi_prot_range){ 0, size };
		else if (r.start == 0)
			r = (struct xspi_prot_range){ (uint32_t)len, size };
		else
			r = (struct xspi_prot_range){ 0, r.start };
	}
	if (r.start == r.end)
		r = (struct xspi_prot_range){ 0, 0 };
	return r;
}

int xspi_prot_decode(const struct xspi_part_prot *p, uint32_t chip_size,
                     const struct xspi_prot_regs *r, struct xspi_prot_range *out)
{
	struct combo c;

	if (!xspi_prot_supported(p))
		return XSPI_PROT_E_NO_SCHEME;
	c = combo_of(p, r);
	*out = range_of(p, chip_size, &c);
	return XSPI_PROT_OK;
}

/*
 * Combination number n: BP in the low bits, then TB, SEC, CMP, so that
 * counting up prefers CMP 0, SEC 0, TB 0 and small BP values. Returns false
 * when the combination needs a bit the part does not have.
 */
static bool combo_at(const struct xspi_part_prot *p, unsigned int n, struct combo *c)
{
	c->bp = n & ((1u << p->nbp) - 1);
	c->tb = (n >> p->nbp) & 1;
	c->sec = (n >> (p->nbp + 1)) & 1;
	c->cmp = (n >> (p->nbp + 2)) & 1;
	return (has(p->tb) || !c->tb) && (has(p->sec) || !c->sec) && (has(p->cmp) || !c->cmp);
}

static unsigned int combo_count(const struct xspi_part_prot *p)
{
	return 1u << (p->nbp + 3);
}

/* The combination keeps every OTP bit of cur as it is */
static bool otp_kept(const struct xspi_part_prot *p, const struct combo *c,
                     const struct xspi_prot_regs *cur)
{
	return (!p->tb.otp || c->tb == bit_get(cur, p->tb)) &&
	       (!p->sec.otp || c->sec == bit_get(cur, p->sec)) &&
	       (!p->cmp.otp || c->cmp == bit_get(cur, p->cmp));
}

int xspi_prot_encode(const struct xspi_part_prot *p, uint32_t chip_size, uint32_t start,
                     uint32_t end, const struct xspi_prot_regs *cur, struct xspi_prot_regs *out)
{
	bool otp_only = false;
	struct combo c;

	if (!xspi_prot_supported(p))
		return XSPI_PROT_E_NO_SCHEME;
	if (start > end || end > chip_size)
		return XSPI_PROT_E_RANGE;
	if (start == end)
		start = end = 0;
	for (unsigned int n = 0; n < combo_count(p); n++) {
		struct xspi_prot_range r;

		if (!combo_at(p, n, &c))
			continue;
		r = range_of(p, chip_size, &c);
		if (r.start != start || r.end != end)
			continue;
		if (!otp_kept(p, &c, cur)) {
			otp_only = true;
			continue;
		}
		*out = *cur;
		combo_put(p, &c, out);
		return XSPI_PROT_OK;
	}
	return otp_only ? XSPI_PROT_E_OTP : XSPI_PROT_E_UNREPRESENTABLE;
}

/* Over every allowed combination: the best by `better` */
static int search(const struct xspi_part_prot *p, uint32_t chip_size, uint32_t lo, uint32_t hi,
                  const struct xspi_prot_regs *cur, bool within, struct xspi_prot_range *out,
                  struct xspi_prot_regs *out_regs)
{
	bool found = false;
	struct combo c, best_c = { 0 };
	struct xspi_prot_range best = { 0, 0 };

	if (!xspi_prot_supported(p))
		return XSPI_PROT_E_NO_SCHEME;
	if (lo > hi || hi > chip_size || (!within && lo == hi))
		return XSPI_PROT_E_RANGE;
	for (unsigned int n = 0; n < combo_count(p); n++) {
		struct xspi_prot_range r;
		uint32_t len;

		if (!combo_at(p, n, &c) || !otp_kept(p, &c, cur))
			continue;
		r = range_of(p, chip_size, &c);
		len = r.end - r.start;
		if (within) {
			if (len && (r.start < lo || r.end > hi))
				continue;
			if (found && len <= best.end - best.start)
				continue;
		} else {
			if (r.start > lo || r.end < hi)
				continue;
			if (found && len >= best.end - best.start)
				continue;
		}
		found = true;
		best = r;
		best_c = c;
	}
	if (!found)
		return XSPI_PROT_E_UNREPRESENTABLE;
	*out = best;
	if (out_regs) {
		*out_regs = *cur;
		combo_put(p, &best_c, out_regs);
	}
	return XSPI_PROT_OK;
}

int xspi_prot_within(const struct xspi_part_prot *p, uint32_t chip_size, uint32_t lo, uint32_t hi,
                     const struct xspi_prot_regs *cur, struct xspi_prot_range *out,
                     struct xspi_prot_regs *out_regs)
{
	return search(p, chip_size, lo, hi, cur, true, out, out_regs);
}

int xspi_prot_covering(const struct xspi_part_prot *p, uint32_t chip_size, uint32_t lo, uint32_t hi,
                       const struct xspi_prot_regs *cur, struct xspi_prot_range *out)
{
	return search(p, chip_size, lo, hi, cur, false, out, NULL);
}

void xspi_prot_clear(const struct xspi_part_prot *p, const struct xspi_prot_regs *r,
                     struct xspi_prot_regs *out)
{
	*out = *r;
	for (int reg = XSPI_NOR_REG_SR1; reg < XSPI_PROT_NREGS; reg++)
		out->v[reg] &= (uint8_t)~xspi_prot_bits(p, (enum xspi_nor_reg)reg, false);
}

static uint8_t mask_of(struct xspi_reg_bit b, enum xspi_nor_reg reg, bool otp)
{
	return has(b) && b.reg == reg && (otp || !b.otp) ? (uint8_t)(1u << b.bit) : 0;
}

uint8_t xspi_prot_bits(const struct xspi_part_prot *p, enum xspi_nor_reg reg, bool otp)
{
	uint8_t m = 0;

	if (!p)
		return 0;
	for (unsigned int i = 0; i < p->nbp && i < XSPI_PART_MAX_BP; i++)
		m |= mask_of(bp_bit(p, i), reg, otp);
	return m | mask_of(p->tb, reg, otp) | mask_of(p->sec, reg, otp) | mask_of(p->cmp, reg, otp);
}

unsigned int xspi_prot_reg_mask(const struct xspi_part_prot *p)
{
	unsigned int m = 0;

	for (int reg = XSPI_NOR_REG_SR1; reg < XSPI_PROT_NREGS; reg++)
		if (xspi_prot_bits(p, (enum xspi_nor_reg)reg, true))
			m |= 1u << reg;
	return m;
}

/* Winbond's SR1 / SR2 pair (CMP in SR2) vs. one status register */
static bool uses_sr2(const struct xspi_part_prot *p)
{
	return (xspi_prot_reg_mask(p) >> XSPI_NOR_REG_SR2) & 1u;
}

const char *xspi_prot_reg_name(const struct xspi_part_prot *p, enum xspi_nor_reg reg)
{
	switch (reg) {
	case XSPI_NOR_REG_SR1:
		return p && uses_sr2(p) ? "SR1" : "SR";
	case XSPI_NOR_REG_SR2:
		return "SR2";
	case XSPI_NOR_REG_CR:
		return "CR";
	case XSPI_NOR_REG_FSR:
		return "FSR";
	default:
		return "?";
	}
}

/* 05h/01h, Winbond 35h/31h, Macronix RDCR 15h, Micron RFSR 70h */
uint8_t xspi_prot_reg_read_op(enum xspi_nor_reg reg)
{
	static const uint8_t op[XSPI_PROT_NREGS] = { 0, 0x05, 0x35, 0x15, 0x70 };

	return reg < XSPI_PROT_NREGS ? op[reg] : 0;
}

/* The Macronix CR is written only as the second byte of 01h, and its TB
 * is OTP: this code never writes it. */
uint8_t xspi_prot_reg_write_op(enum xspi_nor_reg reg)
{
	static const uint8_t op[XSPI_PROT_NREGS] = { 0, 0x01, 0x31, 0, 0 };

	return reg < XSPI_PROT_NREGS ? op[reg] : 0;
}

struct named_bit {
	struct xspi_reg_bit b;
	char name[8];
};

/* The scheme's bits in register reg, highest bit first */
static size_t named_bits(const struct xspi_part_prot *p, enum xspi_nor_reg reg,
                         struct named_bit *out)
{
	struct named_bit all[XSPI_PART_MAX_BP + 4];
	size_t n = 0, k = 0;

	for (unsigned int i = 0; i < p->nbp && i < XSPI_PART_MAX_BP; i++) {
		all[n].b = bp_bit(p, i);
		snprintf(all[n++].name, sizeof(all[0].name), "BP%u", i);
	}
	all[n] = (struct named_bit){ p->tb, "TB" };
	all[n + 1] = (struct named_bit){ p->sec, "SEC" };
	all[n + 2] = (struct named_bit){ p->cmp, "CMP" };
	all[n + 3] = (struct named_bit){ p->srwd, "SRWD" };
	if (uses_sr2(p))
		strcpy(all[n + 3].name, "SRP"); /* Winbond's name for it */
	n += 4;
	for (int bit = 7; bit >= 0; bit--)
		for (size_t i = 0; i < n; i++)
			if (has(all[i].b) && all[i].b.reg == reg && all[i].b.bit == bit)
				out[k++] = all[i];
	return k;
}

/* a then b at *len into buf, counting what would have been written */
static void append(char *buf, size_t size, int *len, const char *a, const char *b)
{
	size_t at = (size_t)*len;
	int w = snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, "%s%s", a, b);

	*len += w > 0 ? w : 0;
}

int xspi_prot_describe(const struct xspi_part_prot *p, enum xspi_nor_reg reg, uint8_t value,
                       char *buf, size_t size)
{
	static const char *const selectors[3] = { "TB", "SEC", "CMP" };
	struct named_bit bits[XSPI_PART_MAX_BP + 4];
	size_t n = p ? named_bits(p, reg, bits) : 0;
	int len = 0, nset = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((value >> bits[i].b.bit) & 1u)
			append(buf, size, &len, nset++ ? " " : "", bits[i].name);
	if (nset)
		append(buf, size, &len, " set", "");
	/* the single-bit selectors that are 0 (TB 0 = top, ...) */
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < n; i++)
			if (!strcmp(bits[i].name, selectors[k]) &&
			    !((value >> bits[i].b.bit) & 1u)) {
				append(buf, size, &len, len ? ", " : "", selectors[k]);
				append(buf, size, &len, " 0", "");
			}
	if (!len)
		append(buf, size, &len, "no protection bits", "");
	return len;
}
