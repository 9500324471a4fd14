// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the register-file peripheral framework: register lookup,
 * sub-word accesses (byte lanes), writable masks, reset values, pending
 * ready bits; creating a chip's peripheral set and registering it on the
 * system bus; the H7 debug APB (APB-D) dispatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb_periph.h"

#define BIT(n) (1u << (n))

/* ---- register files ------------------------------------------------------ */

static int reg_index_scan(const struct vb_blk *k, uint32_t off)
{
	const struct vb_blk_kind *kd = k->d->kind;

	if (kd->alias_len && off >= kd->alias_from && off < kd->alias_from + kd->alias_len)
		off = off - kd->alias_from + kd->alias_to;
	for (size_t i = 0; i < kd->n_regs; i++)
		if (kd->regs[i].off == off)
			return (int)i;
	return -1;
}

/* The register at off; a loader hammering SR and DR finds them at once */
static int reg_index(const struct vb_blk *ck, uint32_t off)
{
	struct vb_blk *k = (struct vb_blk *)ck; /* the memo only */
	unsigned int slot = (off >> 2) % VB_BLK_MEMO;

	if (k->memo_off[slot] == off + 1)
		return k->memo_idx[slot];
	k->memo_idx[slot] = reg_index_scan(k, off);
	k->memo_off[slot] = off + 1;
	return k->memo_idx[slot];
}

int vb_blk_reg_of(const struct vb_blk *k, uint16_t off)
{
	int r = reg_index(k, off);

	if (r < 0) {
		fprintf(stderr, "vboard: internal error: %s has no register 0x%x\n", k->d->name,
		        off);
		abort();
	}
	return r;
}

uint32_t *vb_blk_regp(struct vb_blk *k, uint16_t off)
{
	return &k->val[vb_blk_reg_of(k, off)];
}

static void blk_reset(struct vb_blk *k)
{
	for (size_t i = 0; i < k->d->kind->n_regs; i++) {
		k->val[i] = k->reset[i];
		k->pend[i] = 0;
	}
	memset(k->step, 0, sizeof(k->step));
	memset(k->locked_out, 0, sizeof(k->locked_out));
	k->supply_written = false;
	if (k->d->kind->reset)
		k->d->kind->reset(k);
}

/* Bits pending become visible: after this read, not during it. */
uint32_t vb_blk_read_then_settle(struct vb_blk *k, unsigned int r)
{
	uint32_t v = k->val[r];

	k->val[r] |= k->pend[r];
	k->pend[r] = 0;
	return v;
}

static uint32_t lanes_of(uint32_t off, unsigned int size)
{
	uint32_t m = size == 4 ? 0xFFFFFFFFu : (BIT(size * 8) - 1u);

	return m << (8 * (off & 3));
}

static uint32_t blk_read(void *ctx, uint32_t off, unsigned int size)
{
	struct vb_blk *k = ctx;
	int r = reg_index(k, off & ~3u);
	uint32_t v;

	if (r < 0)
		return 0; /* reserved: reads as zero */
	v = k->d->kind->read ? k->d->kind->read(k, (unsigned int)r) : k->val[r];
	return (v & lanes_of(off, size)) >> (8 * (off & 3));
}

static void blk_write(void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	struct vb_blk *k = ctx;
	int r = reg_index(k, off & ~3u);
	uint32_t lanes = lanes_of(off, size);
	uint32_t wr = (val << (8 * (off & 3))) & lanes;
	uint32_t old, m;

	if (r < 0) {
		if (vb_trace_mask & VB_TR_BUS)
			vb_trace(VB_TR_BUS, "%s: write to reserved offset 0x%x ignored", k->d->name,
			         off);
		return;
	}
	old = k->val[r];
	m = k->d->kind->regs[r].wmask & lanes;
	k->val[r] = (old & ~m) | (wr & m);
	if (k->d->kind->write)
		k->d->kind->write(k, (unsigned int)r, old, wr, lanes);
}

static void blk_reset_cb(void *ctx)
{
	blk_reset(ctx);
}

uint16_t vb_blk_reg_off(const struct vb_blk *k, unsigned int r)
{
	return k->d->kind->regs[r].off;
}

/* ---- the set ---------------------------------------------------------- */

static void blk_init(struct vb_soc *s, struct vb_blk *k, const struct vb_blk_desc *d)
{
	size_t n = d->kind->n_regs;

	k->d = d;
	k->soc = s;
	k->val = calloc(n, sizeof(*k->val));
	k->pend = calloc(n, sizeof(*k->pend));
	k->reset = calloc(n, sizeof(*k->reset));
	if (!k->val || !k->pend || !k->reset) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	for (size_t i = 0; i < n; i++)
		k->reset[i] = d->kind->regs[i].reset;
	for (size_t i = 0; i < d->n_init; i++)
		k->reset[vb_blk_reg_of(k, d->init[i].off)] = d->init[i].val;
	blk_reset(k);
}

static void blk_register(struct vb_soc *s, struct vb_blk *k)
{
	const struct vb_blk_desc *d = k->d;
	struct vb_periph p = {
		.name = d->name,
		.base = d->base,
		.size = d->size,
		.read = blk_read,
		.write = blk_write,
		.reset = blk_reset_cb,
		.ctx = k,
		.gate_reg = d->gate_off ? s->d->rcc_base + d->gate_off : 0,
		.gate_bit = d->gate_off ? BIT(d->gate_bit) : 0,
	};

	if (d->base)
		vb_bus_add_periph(s->board, &p);
}

/* The i-th peripheral of chip d: the family's list, then the chip's. */
static const struct vb_blk_desc *soc_blk(const struct vb_soc_desc *d, size_t i)
{
	return i < d->n_common ? &d->common[i] : &d->blks[i - d->n_common];
}

struct vb_soc *vb_soc_new(struct vb_board *b, const struct vb_soc_desc *d,
                          const struct vb_board_info *info)
{
	size_t n = d->n_common + d->n_blks;
	struct vb_soc *s = calloc(1, sizeof(*s));

	if (s)
		s->blks = calloc(n, sizeof(*s->blks));
	if (!s || !s->blks) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	s->board = b;
	s->d = d;
	s->info = info;
	s->n_blks = n;
	for (size_t i = 0; i < n; i++) {
		blk_init(s, &s->blks[i], soc_blk(d, i));
		if (s->blks[i].d->kind->is_rcc)
			s->rcc = &s->blks[i];
	}
	for (size_t i = 0; i < n; i++)
		blk_register(s, &s->blks[i]);
	return s;
}

void vb_soc_free(struct vb_soc *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_blks; i++) {
		free(s->blks[i].val);
		free(s->blks[i].pend);
		free(s->blks[i].reset);
		free(s->blks[i].ext);
	}
	free(s->blks);
	free(s);
}

static struct vb_blk *apbd_find(struct vb_soc *s, uint32_t addr)
{
	for (size_t i = 0; i < s->n_blks; i++) {
		const struct vb_blk_desc *d = s->blks[i].d;

		if (d->apbd && addr >= d->apbd && addr - d->apbd < d->size)
			return &s->blks[i];
	}
	return NULL;
}

/* The APB-D is 32 bits wide: word accesses only (the APB-AP sends words). */
static bool apbd_ok(struct vb_soc *s, uint32_t addr)
{
	return s && s->d->apbd_hi && !(addr & 3) && addr >= s->d->apbd_lo && addr <= s->d->apbd_hi;
}

int vb_soc_apbd_read(struct vb_soc *s, uint32_t addr, uint32_t *val)
{
	struct vb_blk *k;

	*val = 0;
	if (!apbd_ok(s, addr))
		return VB_BUS_FAULT;
	k = apbd_find(s, addr);
	if (k)
		*val = blk_read(k, addr - k->d->apbd, 4);
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "APB-D read 0x%08x -> 0x%08x (%s)", addr, *val,
		         k ? k->d->name : "unimplemented");
	return VB_BUS_OK;
}

int vb_soc_apbd_write(struct vb_soc *s, uint32_t addr, uint32_t val)
{
	struct vb_blk *k;

	if (!apbd_ok(s, addr))
		return VB_BUS_FAULT;
	k = apbd_find(s, addr);
	if (k)
		blk_write(k, addr - k->d->apbd, 4, val);
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "APB-D write 0x%08x <- 0x%08x (%s)", addr, val,
		         k ? k->d->name : "unimplemented");
	return VB_BUS_OK;
}
