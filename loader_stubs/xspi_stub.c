// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The on-target loader stub: one blob, one entry, the operation chosen by
 * the parameter block (xspi_stub_abi.h). Freestanding: no libc, no
 * globals, no absolute addresses, so the blob runs wherever it is loaded.
 *
 * It drives the flash controller only through the register sequences the
 * host encoded (layer 2 lives on the host); it knows the status register,
 * the flag clear register, the FIFO and which writes carry the address
 * and the length, nothing else. QUADSPI and OCTOSPI alike.
 */

#include "xspi_crc32.h"
#include "xspi_stub_abi.h"

typedef volatile struct xspi_stub_params params_t;

/* CRC in chunks so the host can watch params->progress on long runs. */
#define XSPI_STUB_CRC_CHUNK 4096u

static volatile uint32_t *reg32(params_t *p, uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(p->ctrl_base + off);
}

static volatile uint8_t *reg8(params_t *p, uint32_t off)
{
	return (volatile uint8_t *)(uintptr_t)(p->ctrl_base + off);
}

static uint32_t crc_range(params_t *p, uint32_t crc, const uint8_t *at, uint32_t len)
{
	const uint32_t *table = (const uint32_t *)(uintptr_t)p->table;

	while (len) {
		uint32_t n = len < XSPI_STUB_CRC_CHUNK ? len : XSPI_STUB_CRC_CHUNK;

		if (table)
			crc = xspi_crc32_update_table(crc, table, at, n);
		else
			crc = xspi_crc32_update(crc, at, n);
		at += n;
		len -= n;
		p->progress += n;
	}
	return crc;
}

static uint32_t op_crc32(params_t *p)
{
	p->progress = 0;
	if (p->table)
		xspi_crc32_table((uint32_t *)(uintptr_t)p->table);
	p->result = xspi_crc32_final(
	        crc_range(p, XSPI_CRC32_INIT, (const uint8_t *)(uintptr_t)p->addr, p->len));
	return XSPI_STUB_OK;
}

static uint32_t op_crc32_units(params_t *p)
{
	volatile uint32_t *out = (volatile uint32_t *)(uintptr_t)p->out;
	uint32_t unit = p->unit;

	if (!unit || p->len % unit)
		return XSPI_STUB_E_ARGS;
	p->progress = 0;
	if (p->table)
		xspi_crc32_table((uint32_t *)(uintptr_t)p->table);
	for (uint32_t off = 0; off < p->len; off += unit)
		*out++ = xspi_crc32_final(crc_range(
		        p, XSPI_CRC32_INIT, (const uint8_t *)(uintptr_t)(p->addr + off), unit));
	return XSPI_STUB_OK;
}

static void wait_idle(params_t *p)
{
	while (*reg32(p, p->sr_off) & p->busy_mask)
		;
}

/* Until one of done_mask; TEF fails */
static uint32_t wait_done(params_t *p, uint32_t done_mask, uint32_t addr)
{
	uint32_t sr;

	if (!done_mask)
		return XSPI_STUB_OK;
	do
		sr = *reg32(p, p->sr_off);
	while (!(sr & (done_mask | p->tef_mask)));
	if (sr & p->tef_mask) {
		p->fail_addr = addr;
		return XSPI_STUB_E_TRANSFER;
	}
	*reg32(p, p->fcr_off) = p->fcr_clear;
	return XSPI_STUB_OK;
}

static void push_data(params_t *p, const uint8_t *d, uint32_t len)
{
	volatile uint32_t *sr = reg32(p, p->sr_off);

	while (len) {
		uint32_t level = (*sr >> p->flevel_shift) & p->flevel_mask;
		uint32_t room = p->fifo_bytes - level;

		while (len >= 4 && room >= 4) {
			*reg32(p, p->dr_off) = (uint32_t)d[0] | (uint32_t)d[1] << 8 |
			                       (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
			d += 4;
			len -= 4;
			room -= 4;
		}
		while (len && len < 4 && room) {
			*reg8(p, p->dr_off) = *d++;
			len--;
			room--;
		}
	}
}

/*
 * One sequence. Its address write gets addr; with data (out) its length
 * write gets len and len bytes go to the FIFO; with in, len bytes are
 * read back after the end (the host encoded that length).
 */
static uint32_t run_seq(params_t *p, uint32_t id, uint32_t addr, uint32_t len, const uint8_t *data,
                        uint8_t *in)
{
	volatile struct xspi_stub_seq *s = &p->seq[id];

	wait_idle(p);
	for (uint32_t i = 0; i < s->n; i++) {
		volatile uint32_t *r = reg32(p, s->w[i].offset);
		uint32_t mask = s->w[i].mask;
		uint32_t v = s->w[i].value;

		if (mask == 0xFFFFFFFFu && s->w[i].offset == p->ar_off)
			v = addr;
		else if (mask == 0xFFFFFFFFu && s->w[i].offset == p->dlr_off && data)
			v = len - 1u;
		else if (mask != 0xFFFFFFFFu)
			v = (*r & ~mask) | (v & mask);
		*r = v;
	}
	if (data)
		push_data(p, data, len);
	uint32_t st = wait_done(p, s->done_mask, addr);

	for (uint32_t i = 0; in && st == XSPI_STUB_OK && i < len; i++)
		in[i] = *reg8(p, p->dr_off);
	return st;
}

/* After an erase or a program: flag status bits, where the part has them */
static uint32_t check_flags(params_t *p, uint32_t addr)
{
	uint8_t b[4] = { 0, 0, 0, 0 };
	uint32_t st;

	if (!p->seq[XSPI_STUB_SEQ_CHECK].n)
		return XSPI_STUB_OK;
	if (p->check_len < 1 || p->check_len > 4)
		return XSPI_STUB_E_ARGS;
	st = run_seq(p, XSPI_STUB_SEQ_CHECK, 0, p->check_len, 0, b);
	if (st != XSPI_STUB_OK)
		return st;
	if (((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24) &
	    p->check_mask) {
		p->fail_addr = addr;
		return XSPI_STUB_E_FLASH;
	}
	return XSPI_STUB_OK;
}

/*
 * WREN, the op, wait until ready (poll: which polling). check: read the
 * flag status now; page programs leave it to the end of the run (the
 * error bits stay set until cleared, and the host CRC-checks every byte
 * it wrote), which saves a transfer per page.
 */
static uint32_t flash_op(params_t *p, uint32_t id, uint32_t addr, uint32_t len, const uint8_t *data,
                         uint32_t poll, int check)
{
	uint32_t st = run_seq(p, XSPI_STUB_SEQ_WREN, 0, 0, 0, 0);

	if (st == XSPI_STUB_OK)
		st = run_seq(p, id, addr, len, data, 0);
	if (st == XSPI_STUB_OK)
		st = run_seq(p, p->seq[poll].n ? poll : XSPI_STUB_SEQ_POLL, 0, 0, 0, 0);
	if (st == XSPI_STUB_OK && check)
		st = check_flags(p, addr);
	return st;
}

static uint32_t erase_entry(params_t *p, uint32_t e)
{
	volatile struct xspi_stub_erase *list =
	        (volatile struct xspi_stub_erase *)(uintptr_t)p->erase_list;
	uint32_t id = list[e].seq;

	if (id < XSPI_STUB_SEQ_ERASE0 || id >= XSPI_STUB_SEQ_COUNT || !p->seq[id].n)
		return XSPI_STUB_E_ARGS;
	return flash_op(p, id, list[e].addr, 0, 0, XSPI_STUB_SEQ_POLL_LONG, 1);
}

static uint32_t op_erase(params_t *p)
{
	uint32_t st = XSPI_STUB_OK;

	p->progress = 0;
	for (uint32_t e = 0; st == XSPI_STUB_OK && e < p->erase_count; e++) {
		st = erase_entry(p, e);
		if (st == XSPI_STUB_OK)
			p->progress = e + 1;
	}
	return st;
}

static int all_ff(const uint8_t *d, uint32_t n)
{
	while (n--)
		if (*d++ != 0xFFu)
			return 0;
	return 1;
}

static uint32_t op_program(params_t *p)
{
	volatile struct xspi_stub_erase *list =
	        (volatile struct xspi_stub_erase *)(uintptr_t)p->erase_list;
	uint32_t page = p->unit;
	uint32_t a = p->addr;
	uint32_t end = p->addr + p->len;
	uint32_t e = 0, k = 0;
	uint32_t st = XSPI_STUB_OK;

	if (!page || (page & (page - 1u)) || p->slot_size < page || !p->slot_count ||
	    !p->seq[XSPI_STUB_SEQ_PROGRAM].n)
		return XSPI_STUB_E_ARGS;
	p->progress = 0;
	while (st == XSPI_STUB_OK && a < end) {
		uint32_t next = (a & ~(page - 1u)) + page;
		uint32_t n = (next < end ? next : end) - a;
		const uint8_t *src;

		while (st == XSPI_STUB_OK && e < p->erase_count && list[e].addr <= a)
			st = erase_entry(p, e++);
		if (st != XSPI_STUB_OK)
			break;
		while (p->produced <= k)
			;
		src = (const uint8_t *)(uintptr_t)(p->slots + (k % p->slot_count) * p->slot_size);
		if (!(p->skip_blank_pages && all_ff(src, n)))
			st = flash_op(p, XSPI_STUB_SEQ_PROGRAM, a, n, src, XSPI_STUB_SEQ_POLL, 0);
		k++;
		p->consumed = k;
		a += n;
		p->progress = a - p->addr;
	}
	while (st == XSPI_STUB_OK && e < p->erase_count)
		st = erase_entry(p, e++);
	if (st == XSPI_STUB_OK)
		st = check_flags(p, p->addr);
	return st;
}

uint32_t xspi_stub_main(params_t *p);

uint32_t xspi_stub_main(params_t *p)
{
	uint32_t status;

	if (p->magic != XSPI_STUB_MAGIC || p->abi_version != XSPI_STUB_ABI_VERSION)
		status = XSPI_STUB_E_MAGIC;
	else if (p->op == XSPI_STUB_OP_CRC32)
		status = op_crc32(p);
	else if (p->op == XSPI_STUB_OP_CRC32_UNITS)
		status = op_crc32_units(p);
	else if (p->op == XSPI_STUB_OP_ERASE)
		status = op_erase(p);
	else if (p->op == XSPI_STUB_OP_PROGRAM)
		status = op_program(p);
	else
		status = XSPI_STUB_E_UNSUPPORTED;
	p->status = status;
	return status;
}
