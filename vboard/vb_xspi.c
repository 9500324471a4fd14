// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the (Q/O)SPI controller machinery shared by the register
 * front-ends (vb_xspi.h): FIFO, transactions to one or two chips,
 * automatic polling, the memory-mapped window, pins, timing, errata.
 *
 * Behaviour follows RM0433 (STM32H742/743/750/753) and RM0385
 * (STM32F75x/74x), chapter "Quad-SPI interface (QUADSPI)": indirect mode,
 * status-flag polling mode, memory-mapped mode, dual-flash mode, the SR
 * flag descriptions; the OCTOSPI (RM0468) behaves the same in these
 * respects. Where the RM does not say, the comment says what was chosen.
 *
 * Time. The bus clock is the kernel clock / (PRESCALER + 1). A phase of
 * n bytes on l lines takes 8n/l cycles (half in DTR). The model runs a
 * transfer as soon as the firmware lets it and adds its wire time to the
 * modelled clock (vb_pace_device_ns): a DR access that would wait for the
 * FIFO on silicon (AHB wait states) costs the same time here. So the write
 * FIFO drains at once (FLEVEL reads 0 while the wire is faster than its
 * feeder, as it is for a debugger) and the read FIFO is filled as far as
 * it holds (32 bytes). Automatic polling runs in the background: polls
 * are due every (transfer + PIR) cycles and done when the modelled clock
 * has passed them (vb_xspi_update).
 *
 * The window. libunicorn cannot execute from uc_mmio_map regions, so in
 * memory-mapped mode a host buffer, the view, is mapped read/execute with
 * uc_mem_map_ptr (vb_board_map_view) and the debugger reads it through the
 * same region list. It is built with vb_nor_read_view() in 4 KiB blocks and
 * kept fresh through vb_nor_set_listener(): changed blocks are marked and
 * rebuilt when memory-mapped mode is entered again (or at once if the
 * window is mapped). Out of memory-mapped mode the window is unmapped and
 * core and debugger accesses fault, as an AHB access to the QUADSPI
 * window outside memory-mapped mode does on silicon (an access to the
 * window is only decoded by the memory-mapped logic, RM0433 "QUADSPI
 * memory-mapped mode"; OpenOCD's stmqspi.c always restores memory-mapped
 * mode before letting anyone read the bank for that reason).
 * libunicorn 2.0.1 facts (measured, tests/vboard/test_quadspi.c has the
 * mapping case): uc_mem_map_ptr, uc_mem_unmap and uc_ctl_remove_cache
 * work from inside an MMIO callback during emulation; after unmap + map of
 * another buffer at the same address the old translation keeps running
 * until uc_ctl_remove_cache (1.2 ms for 128 MiB); a translation block
 * that unmaps its own window runs to its end (silicon would fault at the
 * next fetch). So the mapping is switched at once in the register write
 * that asks for it, and mapping always flushes the range.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb_board_priv.h"
#include "vb_nor.h"
#include "vb_pace.h"
#include "vb_xspi.h"

#define READ_CHUNK 0x10000u  /* bytes fetched from the chips at a time */
#define WRITE_CAP  0x100000u /* bytes kept of one write transfer */
#define PS_PER_S   1000000000000ull

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	return p;
}

/* ---- time ---------------------------------------------------------------- */

/* One bus clock period, ps (unscaled). */
static uint64_t clk_ps(const struct vb_xspi *e)
{
	return ((uint64_t)e->bus.prescaler + 1u) * PS_PER_S / e->p->kernel_hz;
}

static uint64_t now_ps(void)
{
	return vb_pace_now_ns() * 1000u;
}

static uint64_t phase_cycles(const struct vb_spi_phase *ph)
{
	uint64_t c;

	if (!ph->lines)
		return 0;
	c = ((uint64_t)ph->nbytes * 8u + ph->lines - 1u) / ph->lines;
	return ph->dtr ? (c + 1u) / 2u : c;
}

static uint64_t header_cycles(const struct vb_spi_xfer *x)
{
	return phase_cycles(&x->cmd) + phase_cycles(&x->addr) + phase_cycles(&x->alt) +
	       x->dummy_cycles;
}

/* Cycles for n data bytes of the stream (both chips clock in parallel). */
static uint64_t data_cycles(const struct vb_xspi *e, uint64_t n)
{
	uint64_t lines = e->op.x.data.lines ? e->op.x.data.lines : 1u;
	uint64_t c = (n * 8u + lines - 1u) / lines;

	if (e->op.x.data.dtr)
		c = (c + 1u) / 2u;
	return e->bus.dual ? (c + 1u) / 2u : c;
}

/* Wire time passes: the modelled clock advances (scaled by vb_pace). */
static void pace_cycles(struct vb_xspi *e, uint64_t cycles)
{
	uint64_t ps = cycles * clk_ps(e) + e->pace_rem_ps;

	e->pace_rem_ps = ps % 1000u;
	vb_pace_device_ns(ps / 1000u);
	e->cnt.bus_stall_ns += ps / 1000u;
}

/* ---- chips and transactions ------------------------------------------------ */

static uint64_t mem_bytes(const struct vb_xspi_bus *bus)
{
	return 1ull << (bus->fsize + 1u);
}

/* Chips an operation talks to: bit 0 memory 1, bit 1 memory 2. */
static unsigned int banks_of(const struct vb_xspi_bus *bus)
{
	return bus->dual ? 3u : (bus->fsel ? 2u : 1u);
}

static void check_pins(struct vb_xspi *e, unsigned int banks)
{
	char bad[160] = "";
	size_t used = 0;

	for (size_t i = 0; i < e->w->n_pins; i++) {
		const struct vb_xspi_pin *pin = &e->w->pins[i];
		uint32_t base = e->p->gpio_base + pin->port * e->p->gpio_stride;
		uint32_t moder = 0, afr = 0;

		if (!(pin->banks & banks))
			continue;
		vb_bus_read(e->board, VB_INIT_DEBUG, base + 0x00, 4, &moder);
		vb_bus_read(e->board, VB_INIT_DEBUG, base + (pin->pin < 8 ? 0x20 : 0x24), 4, &afr);
		if (((moder >> (2 * pin->pin)) & 3u) == 2u &&
		    ((afr >> (4 * (pin->pin & 7u))) & 0xFu) == pin->af)
			continue;
		used += (size_t)snprintf(bad + used, used < sizeof(bad) ? sizeof(bad) - used : 0,
		                         "%s%s=P%c%u", used ? " " : "", pin->signal,
		                         'A' + pin->port, pin->pin);
		if (used >= sizeof(bad))
			used = sizeof(bad) - 1;
	}
	if (!used)
		return;
	e->cnt.pin_errors++;
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "%s: transfer with pins not in their alternate function: %s",
		         e->p->name, bad);
	vb_guest_error(e->p->reg_base,
	               "%s transfer while pins are not in their alternate function "
	               "(%s): a real board would see no signal",
	               e->p->name, bad);
}

static bool any_dtr(const struct vb_spi_xfer *x)
{
	return (x->cmd.lines && x->cmd.dtr) || (x->addr.lines && x->addr.dtr) ||
	       (x->alt.lines && x->alt.dtr);
}

/* Erratum DTR_NODATA (docs/facts/peripherals.md item 6, embassy PR #6441
 * on the STM32H735G-DK): with DHQC set, a DTR command without data phase
 * whose DDTR bit is 0 never reaches the memory. */
static bool erratum_drops(struct vb_xspi *e, const struct vb_spi_xfer *x)
{
	if (!(e->errata & VB_XSPI_ERRATUM_DTR_NODATA) || !e->bus.dhqc || x->data.len ||
	    x->data.dtr || !any_dtr(x))
		return false;
	e->cnt.erratum_hits++;
	vb_guest_error(e->p->reg_base,
	               "%s: DTR command 0x%x without data phase, DHQC = 1 and DDTR = 0: not "
	               "sent (--errata ospi-dtr-nodata)",
	               e->p->name, x->cmd.value);
	return true;
}

/* One chip-select period on chip i; an absent chip reads as 0xFF (data
 * lines float high through the board's pull-ups; assumed). Unrouted
 * (OCTOSPIM): no memory sees the signals, reads float the same way. */
static void chip_xfer(struct vb_xspi *e, unsigned int i, struct vb_spi_xfer *x)
{
	if (e->unrouted) {
		e->cnt.unrouted++;
		vb_guest_error(e->p->reg_base,
		               "%s: transfer while the OCTOSPIM routes this instance to no port: "
		               "the memory sees nothing%s",
		               e->p->name, x->data.write ? "" : ", data lines float (0xFF)");
		if (!x->data.write && x->data.len)
			memset(x->data.buf, 0xFF, x->data.len);
		return;
	}
	if (erratum_drops(e, x))
		return;
	if (i == 0 && e->mem) {
		e->cnt.xfers++;
		e->mem->xfer(e->mem->ctx, x);
		return;
	}
	if (!e->chip[i]) {
		vb_guest_error(e->p->reg_base, "%s: transfer to memory %u, which this board lacks",
		               e->p->name, i + 1);
		if (!x->data.write && x->data.len)
			memset(x->data.buf, 0xFF, x->data.len);
		return;
	}
	e->cnt.xfers++;
	vb_nor_xfer(e->chip[i], x);
}

/* The address a chip sees: halved in dual-flash mode, cut to the address
 * phase's width. */
static uint32_t chip_addr(const struct vb_xspi *e, const struct vb_spi_xfer *x, uint64_t a)
{
	uint32_t v = (uint32_t)(e->bus.dual ? a >> 1 : a);

	return x->addr.nbytes >= 4 ? v : v & ((1u << (8u * x->addr.nbytes)) - 1u);
}

/* Bytes of a stream of n that go to chip i (0: even, 1: odd in dual). */
static uint64_t share(const struct vb_xspi *e, unsigned int i, uint64_t n)
{
	if (!e->bus.dual)
		return n;
	return i == 0 ? (n + 1u) / 2u : n / 2u;
}

static void interleave(uint8_t *out, const uint8_t *c0, const uint8_t *c1, size_t n)
{
	for (size_t k = 0; k < n; k++)
		out[k] = (k & 1u) ? c1[k / 2] : c0[k / 2];
}

/*
 * Send one transaction of n stream bytes at stream offset off to the
 * chip(s) of the operation: data split (dual: even bytes to memory 1, odd
 * to memory 2) or joined on the way back. view: a later part of a long
 * read, taken with vb_nor_read_view() instead of a new chip-select period.
 */
static void send(struct vb_xspi *e, const struct vb_spi_xfer *tmpl, uint64_t off, uint8_t *data,
                 size_t n, bool write, bool view)
{
	unsigned int banks = banks_of(&e->bus);
	uint8_t *part[VB_XSPI_CHIPS] = { NULL, NULL };

	for (unsigned int i = 0; i < VB_XSPI_CHIPS; i++) {
		struct vb_spi_xfer x = *tmpl;
		size_t m = (size_t)share(e, i, n);

		if (!(banks & (1u << i)))
			continue;
		part[i] = xrealloc(NULL, m);
		if (write && e->bus.dual)
			for (size_t k = 0; k < m; k++)
				part[i][k] = data[2 * k + i];
		else if (write && m)
			memcpy(part[i], data, m);
		x.addr.value = chip_addr(e, tmpl, tmpl->addr.value + off);
		x.data.write = write;
		x.data.len = (uint32_t)m;
		x.data.buf = m ? part[i] : NULL;
		if (!m)
			x.data.lines = 0;
		if (view && e->chip[i] && !(i == 0 && e->mem) && !e->unrouted)
			vb_nor_read_view(e->chip[i], &x, x.addr.value, part[i], (uint32_t)m);
		else if (view && i == 0 && e->mem)
			chip_xfer(e, i, &x); /* a memory without read view: one more burst */
		else if (view)
			memset(part[i], 0xFF, m); /* no chip: lines float high */
		else
			chip_xfer(e, i, &x);
	}
	if (!write && n) {
		if (e->bus.dual)
			interleave(data, part[0], part[1], n);
		else
			memcpy(data, part[e->bus.fsel ? 1 : 0], n);
	}
	free(part[0]);
	free(part[1]);
}

static void view_mark_all(struct vb_xspi *e);

/* An indirect write ended (all bytes sent, or aborted): the chip-select
 * period ends and the chip acts on it. */
static void finish_write(struct vb_xspi *e)
{
	size_t n = e->moved < e->buf_len ? (size_t)e->moved : e->buf_len;

	if (e->bus.dual && (n & 1u))
		vb_guest_error(e->p->reg_base,
		               "%s: dual-flash write of an odd number of bytes (%zu): memory 2 "
		               "gets one byte less",
		               e->p->name, n);
	uint32_t gen[VB_XSPI_CHIPS];
	bool cfg_changed = false;

	for (unsigned int i = 0; i < VB_XSPI_CHIPS; i++)
		gen[i] = e->chip[i] ? vb_nor_cfg_gen(e->chip[i]) : 0;
	e->chip_changed = false;
	send(e, &e->op.x, 0, e->buf, n, true, false);
	/*
	 * vb_spi.h reports array changes only; a command that changed a
	 * register, QPI/DPI or 4-byte mode may have changed what reads
	 * return (dummy cycles, lines): the window is rebuilt before it is
	 * used again. WREN, program and erase leave it alone.
	 */
	for (unsigned int i = 0; i < VB_XSPI_CHIPS; i++)
		cfg_changed |= e->chip[i] && vb_nor_cfg_gen(e->chip[i]) != gen[i];
	if (cfg_changed)
		view_mark_all(e);
	e->cnt.data_bytes += n;
}

/* ---- indirect read ------------------------------------------------------- */

/* Make buf hold the stream byte at off. */
static void read_fetch(struct vb_xspi *e, uint64_t off)
{
	uint64_t start = off - off % READ_CHUNK;
	uint64_t left = e->total - start;
	size_t n = left < READ_CHUNK ? (size_t)left : READ_CHUNK;

	if (e->buf_cap < n) {
		e->buf = xrealloc(e->buf, n);
		e->buf_cap = n;
	}
	/* The first chunk is the chip-select period itself; later ones of a
	 * long read continue it (the chip streams on). Without an address
	 * the chip is asked again. */
	send(e, &e->op.x, start, e->buf, n, false, start && e->op.x.addr.lines);
	e->buf_off = start;
	e->buf_len = n;
}

static uint8_t read_byte(struct vb_xspi *e, uint64_t off)
{
	if (off < e->buf_off || off - e->buf_off >= e->buf_len)
		read_fetch(e, off);
	return e->buf[off - e->buf_off];
}

/* The controller reads ahead until the FIFO is full. */
static void read_fill(struct vb_xspi *e)
{
	uint64_t n = 0;

	while (e->fifo_n < VB_XSPI_FIFO_BYTES && e->moved < e->total) {
		e->fifo[(e->fifo_head + e->fifo_n) % VB_XSPI_FIFO_BYTES] = read_byte(e, e->moved);
		e->fifo_n++;
		e->moved++;
		n++;
	}
	if (n)
		pace_cycles(e, data_cycles(e, n));
	if (e->moved == e->total)
		e->flags |= VB_XSPI_TCF;
}

static uint8_t fifo_pop(struct vb_xspi *e)
{
	uint8_t v = e->fifo[e->fifo_head];

	e->fifo_head = (e->fifo_head + 1u) % VB_XSPI_FIFO_BYTES;
	e->fifo_n--;
	return v;
}

/* ---- automatic polling --------------------------------------------------- */

static uint64_t poll_period_ps(const struct vb_xspi *e)
{
	uint64_t cycles = header_cycles(&e->op.x) + e->bus.extra_cycles + data_cycles(e, e->total) +
	                  e->bus.interval;

	return vb_pace_scaled_ns(cycles * clk_ps(e));
}

/* RM0433 "Status flag polling mode": AND: all unmasked bits match;
 * OR: any unmasked bit matches. */
static bool poll_matches(const struct vb_xspi *e)
{
	uint32_t same = ~(e->status ^ e->bus.match) & e->bus.mask;

	return e->bus.pmm_or ? same != 0 : same == e->bus.mask;
}

static void poll_once(struct vb_xspi *e)
{
	uint8_t b[4] = { 0 };

	send(e, &e->op.x, 0, b, (size_t)e->total, false, false);
	e->status =
	        (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	e->cnt.polls++;
	if (!poll_matches(e))
		return;
	e->flags |= VB_XSPI_SMF;
	if (e->bus.apms)
		e->busy = false;
}

/* ---- operations ---------------------------------------------------------- */

static void stop(struct vb_xspi *e)
{
	e->busy = false;
	e->fifo_n = 0;
	e->fifo_head = 0;
	e->buf_len = 0;
	e->buf_off = 0;
}

void vb_xspi_start(struct vb_xspi *e, const struct vb_xspi_bus *bus, const struct vb_xspi_op *op)
{
	uint64_t room;

	vb_xspi_update(e);
	stop(e);
	e->bus = *bus;
	e->op = *op;
	e->moved = 0;
	e->overflow_told = false;
	room = mem_bytes(bus);
	if (op->x.addr.lines && bus->fsize < 31 && op->fmode != VB_XSPI_AUTO_POLL &&
	    op->x.addr.value >= room) {
		/* RM0433 SR.TEF: an invalid address in indirect mode. */
		e->flags |= VB_XSPI_TEF;
		vb_guest_error(e->p->reg_base,
		               "%s: indirect access at 0x%08x, beyond the memory size 0x%llx "
		               "(DCR.FSIZE): transfer error",
		               e->p->name, op->x.addr.value, (unsigned long long)room);
		return;
	}
	e->total = op->len;
	if (op->len == VB_XSPI_LEN_UNDEF)
		e->total = bus->fsize >= 31 ? VB_XSPI_LEN_UNDEF
		                            : room - (op->x.addr.lines ? op->x.addr.value : 0);
	if (e->p->tef_on_length && op->x.addr.lines && bus->fsize < 31 &&
	    op->fmode != VB_XSPI_AUTO_POLL && (uint64_t)op->x.addr.value + e->total > room) {
		/* RM0468 SR.TEF: address + data length beyond DEVSIZE, set as
		 * soon as the access is triggered; nothing is sent */
		e->flags |= VB_XSPI_TEF;
		vb_guest_error(e->p->reg_base,
		               "%s: indirect access 0x%08x + %llu bytes beyond the memory size "
		               "0x%llx (DCR1.DEVSIZE): transfer error",
		               e->p->name, op->x.addr.value, (unsigned long long)e->total,
		               (unsigned long long)room);
		return;
	}
	if (bus->dual && (op->x.addr.value & 1u) && op->x.addr.lines)
		vb_guest_error(e->p->reg_base,
		               "%s: odd address 0x%08x in dual-flash mode (each memory gets "
		               "address / 2)",
		               e->p->name, op->x.addr.value);
	check_pins(e, banks_of(bus));
	e->busy = true;
	pace_cycles(e, header_cycles(&op->x) + bus->extra_cycles);
	switch (op->fmode) {
	case VB_XSPI_IND_WRITE:
		if (!e->total) {
			finish_write(e);
			e->busy = false;
			e->flags |= VB_XSPI_TCF;
		}
		break;
	case VB_XSPI_IND_READ:
		if (!e->total) {
			send(e, &op->x, 0, NULL, 0, false, false);
			e->busy = false;
			e->flags |= VB_XSPI_TCF;
			break;
		}
		read_fill(e);
		break;
	case VB_XSPI_AUTO_POLL:
		if (e->total > 4 || !e->total) {
			vb_guest_error(e->p->reg_base,
			               "%s: automatic polling of %llu bytes (1 to 4 allowed): "
			               "4 used",
			               e->p->name, (unsigned long long)e->total);
			e->total = 4;
		}
		poll_once(e);
		/* bus and op stay as they are until the next start: the
		 * period is computed once */
		e->poll_period = poll_period_ps(e);
		e->next_poll_ps = now_ps() + e->poll_period;
		break;
	case VB_XSPI_MEM_MAPPED:
		e->busy = false;
		break;
	}
}

void vb_xspi_update(struct vb_xspi *e)
{
	uint64_t now;

	if (e->busy && e->op.fmode == VB_XSPI_AUTO_POLL) {
		uint64_t period = e->poll_period;

		now = now_ps();
		if (now >= e->next_poll_ps) {
			/* Polls in between saw what this one sees: a chip's
			 * status only moves on by itself (busy -> ready). */
			uint64_t due = period ? (now - e->next_poll_ps) / period + 1u : 1u;

			e->cnt.polls += due - 1u;
			poll_once(e);
			e->next_poll_ps += due * period;
		}
	}
	if (e->mm && !e->mm_idle && e->bus.tcen) {
		uint64_t t = vb_pace_scaled_ns((uint64_t)e->bus.lptr * clk_ps(e));

		if (now_ps() >= e->mm_t0_ps + t) {
			/* RM0433 LPTR: nCS released after the timeout, TOF set */
			e->mm_idle = true;
			e->flags |= VB_XSPI_TOF;
		}
	}
}

bool vb_xspi_busy(struct vb_xspi *e)
{
	vb_xspi_update(e);
	return e->busy || (e->mm && !e->mm_idle);
}

unsigned int vb_xspi_flevel(const struct vb_xspi *e)
{
	return e->fifo_n;
}

/*
 * FTF (RM0433 SR): indirect read: FLEVEL >= threshold, or data left after
 * the last read from the memory; indirect write: free bytes >= threshold.
 */
uint32_t vb_xspi_flags(struct vb_xspi *e)
{
	uint32_t f = e->flags;

	if (vb_xspi_busy(e))
		f |= VB_XSPI_BUSY;
	if (e->op.fmode == VB_XSPI_IND_READ &&
	    (e->fifo_n >= e->bus.fthres || (e->moved == e->total && e->fifo_n)))
		f |= VB_XSPI_FTF;
	if (e->op.fmode == VB_XSPI_IND_WRITE && e->busy &&
	    VB_XSPI_FIFO_BYTES - e->fifo_n >= e->bus.fthres)
		f |= VB_XSPI_FTF;
	return f;
}

void vb_xspi_clear_flags(struct vb_xspi *e, uint32_t flags)
{
	e->flags &= ~(flags & (VB_XSPI_TEF | VB_XSPI_TCF | VB_XSPI_SMF | VB_XSPI_TOF));
}

uint32_t vb_xspi_dr_read(struct vb_xspi *e, unsigned int size)
{
	uint32_t v = 0;

	vb_xspi_update(e);
	if (e->op.fmode == VB_XSPI_AUTO_POLL)
		return size == 4 ? e->status : e->status & ((1u << (8 * size)) - 1u);
	if (e->op.fmode != VB_XSPI_IND_READ || (!e->busy && !e->fifo_n)) {
		/* Silicon would stall the bus waiting for data that never
		 * comes; the model answers 0. */
		vb_guest_error(e->p->reg_base + 0x20,
		               "%s: DR read with no indirect read running: 0 returned", e->p->name);
		return 0;
	}
	for (unsigned int i = 0; i < size; i++) {
		if (!e->fifo_n) {
			vb_guest_error(e->p->reg_base + 0x20,
			               "%s: DR read%u past the end of the transfer: missing "
			               "bytes read as 0",
			               e->p->name, size * 8);
			break;
		}
		v |= (uint32_t)fifo_pop(e) << (8 * i);
	}
	e->cnt.data_bytes += size;
	read_fill(e);
	if (e->moved == e->total && !e->fifo_n)
		e->busy = false;
	return v;
}

void vb_xspi_dr_write(struct vb_xspi *e, unsigned int size, uint32_t val)
{
	vb_xspi_update(e);
	if (e->op.fmode != VB_XSPI_IND_WRITE || !e->busy) {
		vb_guest_error(e->p->reg_base + 0x20,
		               "%s: DR write with no indirect write running: ignored", e->p->name);
		return;
	}
	for (unsigned int i = 0; i < size; i++) {
		if (e->moved >= e->total) {
			vb_guest_error(e->p->reg_base + 0x20,
			               "%s: DR write%u beyond the data length: extra bytes dropped",
			               e->p->name, size * 8);
			break;
		}
		if (e->buf_len < WRITE_CAP) {
			if (e->buf_cap <= e->buf_len) {
				e->buf_cap = e->buf_cap ? 2 * e->buf_cap : 256;
				e->buf = xrealloc(e->buf, e->buf_cap);
			}
			e->buf[e->buf_len++] = (uint8_t)(val >> (8 * i));
		} else if (!e->overflow_told) {
			e->overflow_told = true;
			vb_guest_error(e->p->reg_base + 0x20,
			               "%s: indirect write longer than %u bytes: the rest is not "
			               "kept",
			               e->p->name, WRITE_CAP);
		}
		e->moved++;
	}
	pace_cycles(e, data_cycles(e, size));
	if (e->moved == e->total) {
		finish_write(e);
		e->busy = false;
		e->flags |= VB_XSPI_TCF;
	}
}

/* RM0433 CR.ABORT: the transfer stops, the FIFO is flushed, TCF is set
 * ("in any mode when the transfer has been aborted"). */
void vb_xspi_abort(struct vb_xspi *e)
{
	vb_xspi_update(e);
	if (e->busy && e->op.fmode == VB_XSPI_IND_WRITE)
		finish_write(e); /* nCS rises after what was clocked out */
	stop(e);
	if (e->mm)
		e->mm_idle = true;
	/* a broken memory-mapped mode needs this abort and a new entry */
	e->mm_broken = false;
	e->flags |= VB_XSPI_TCF;
	e->cnt.aborts++;
}

/* ---- the memory-mapped window -------------------------------------------- */

static bool view_dirty(const struct vb_xspi *e, uint32_t blk)
{
	return e->dirty[blk / 8] & (1u << (blk % 8));
}

static uint32_t view_blocks(const struct vb_xspi *e)
{
	return (e->view_size + VB_XSPI_VIEW_BLOCK - 1) / VB_XSPI_VIEW_BLOCK;
}

static void view_mark_all(struct vb_xspi *e)
{
	if (e->dirty)
		memset(e->dirty, 0xFF, (view_blocks(e) + 7) / 8);
}

/* Blocks [off, off + len) of the window, clipped. */
static void view_mark(struct vb_xspi *e, uint64_t off, uint64_t len)
{
	uint64_t end = off + len;

	if (!e->dirty || off >= e->view_size)
		return;
	if (end > e->view_size)
		end = e->view_size;
	for (uint64_t b = off / VB_XSPI_VIEW_BLOCK; b * VB_XSPI_VIEW_BLOCK < end; b++)
		e->dirty[b / 8] |= (uint8_t)(1u << (b % 8));
}

/* ES0392 2.4.4 "Memory-mapped read of last memory byte fails": the last
 * byte of the FSIZE region reads 0x00 (the bus stall on a second read is
 * not modelled: the view is plain memory). */
static void view_erratum(struct vb_xspi *e)
{
	if ((e->errata & VB_XSPI_ERRATUM_MM_LAST) && e->mem_bytes <= e->view_size)
		e->view[e->mem_bytes - 1] = 0x00;
}

/* Rebuild one block (the window seen through the chips' read view). */
static void view_build_block(struct vb_xspi *e, uint32_t blk)
{
	uint32_t off = blk * VB_XSPI_VIEW_BLOCK;
	uint32_t len =
	        e->view_size - off < VB_XSPI_VIEW_BLOCK ? e->view_size - off : VB_XSPI_VIEW_BLOCK;
	uint64_t wrap = e->view_tmpl.addr.nbytes >= 4
	                        ? 1ull << 32
	                        : 1ull << (8u * e->view_tmpl.addr.nbytes + (e->bus.dual ? 1u : 0u));

	/* An address phase narrower than the window wraps around. */
	for (uint32_t done = 0; done < len;) {
		uint64_t a = off + done;
		uint32_t n = len - done;
		struct vb_spi_xfer t = e->view_tmpl;

		if (e->view_tmpl.addr.lines && wrap - a % wrap < n)
			n = (uint32_t)(wrap - a % wrap);
		t.addr.value = 0;
		send(e, &t, a, e->view + a, n, false, true);
		done += n;
	}
	e->dirty[blk / 8] &= (uint8_t) ~(1u << (blk % 8));
	e->cnt.view_builds++;
}

static void view_refresh(struct vb_xspi *e, bool flush)
{
	for (uint32_t blk = 0; blk < view_blocks(e); blk++) {
		if (!view_dirty(e, blk))
			continue;
		view_build_block(e, blk);
		if (flush)
			vb_bus_code_written(e->board, e->p->win_base + blk * VB_XSPI_VIEW_BLOCK,
			                    VB_XSPI_VIEW_BLOCK);
	}
	view_erratum(e);
}

static void view_alloc(struct vb_xspi *e, uint32_t size)
{
	if (e->view_size == size && e->view)
		return;
	free(e->view);
	free(e->dirty);
	e->view_size = size;
	e->view = calloc(1, size);
	e->dirty = calloc(1, (view_blocks(e) + 7) / 8);
	if (!e->view || !e->dirty) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	view_mark_all(e);
}

/* Tells from vb_nor: chip idx changed [addr, addr + len). Every place of
 * the window that shows those bytes is marked (dual: interleaved; a
 * window larger than the chip shows it again further up). */
static void chip_changed(void *ctx, uint32_t addr, uint32_t len)
{
	struct vb_xspi_listen *l = ctx;
	struct vb_xspi *e = l->e;
	uint64_t size = vb_nor_size(e->chip[l->idx]);

	e->chip_changed = true;
	if (!e->view || !size || e->win != VB_XSPI_WIN_VIEW)
		return;
	if (e->view_dual) {
		for (uint64_t o = 2ull * addr; o < e->view_size; o += 2 * size)
			view_mark(e, o, 2ull * len);
	} else if ((e->view_fsel ? 1u : 0u) == l->idx) {
		for (uint64_t o = addr; o < e->view_size; o += size)
			view_mark(e, o, len);
	}
	if (e->mm && e->win == VB_XSPI_WIN_VIEW)
		view_refresh(e, true);
}

static bool same_phase(const struct vb_spi_phase *a, const struct vb_spi_phase *b, bool value)
{
	return a->lines == b->lines && a->dtr == b->dtr && a->nbytes == b->nbytes &&
	       (!value || a->value == b->value);
}

/* Same read transaction apart from its address and data length. Field by
 * field: a memcmp would also compare padding bytes, whose contents are
 * unspecified. */
static bool same_tmpl(const struct vb_spi_xfer *a, const struct vb_spi_xfer *b)
{
	return same_phase(&a->cmd, &b->cmd, true) && same_phase(&a->addr, &b->addr, false) &&
	       same_phase(&a->alt, &b->alt, true) && a->dummy_cycles == b->dummy_cycles &&
	       a->data.lines == b->data.lines && a->data.dtr == b->data.dtr;
}

/* The NOR view: built from the chips through the read template. */
static void view_prepare(struct vb_xspi *e, const struct vb_xspi_bus *bus,
                         const struct vb_xspi_op *op, uint64_t bytes, uint32_t size)
{
	view_alloc(e, size);
	if (!e->view_valid || !same_tmpl(&e->view_tmpl, &op->x) || e->view_dual != bus->dual ||
	    e->view_fsel != bus->fsel || e->mem_bytes != bytes)
		view_mark_all(e);
	e->view_tmpl = op->x;
	e->view_tmpl.data.write = false;
	e->view_dual = bus->dual;
	e->view_fsel = bus->fsel;
	e->mem_bytes = bytes;
	e->view_valid = true;
	view_refresh(e, false);
}

static int win_read_cb(void *ctx, uint32_t off, unsigned int size, uint32_t *val)
{
	return vb_xspi_window_read(ctx, off, size, val);
}

static int win_write_cb(void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	return vb_xspi_window_write(ctx, off, size, val);
}

static int map_window(struct vb_xspi *e, uint32_t size, enum vb_xspi_win win, uint8_t *mem)
{
	static const enum vb_view_access acc[] = {
		[VB_XSPI_WIN_VIEW] = VB_VIEW_RX,
		[VB_XSPI_WIN_DIRECT] = VB_VIEW_RWX,
		[VB_XSPI_WIN_WIRE] = VB_VIEW_IO,
	};

	if (!e->p->map_window) {
		if (win != VB_XSPI_WIN_VIEW) {
			fprintf(stderr, "vboard: %s: window kind %d without a mapper\n", e->p->name,
			        (int)win);
			abort(); /* model bug: a variant without map_window */
		}
		return vb_board_map_view(e->board, e->p->win_base, size, e->view, e->p->name);
	}
	e->win_io = (struct vb_view_io){ .read = win_read_cb, .write = win_write_cb, .ctx = e };
	return e->p->map_window(e->board, e->p->win_base, size, acc[win],
	                        win == VB_XSPI_WIN_VIEW ? e->view : mem, &e->win_io, e->p->name);
}

static void mm_enter(struct vb_xspi *e, const struct vb_xspi_bus *bus, const struct vb_xspi_op *rop,
                     const struct vb_xspi_op *wop, enum vb_xspi_win win, uint8_t *mem,
                     uint32_t mem_size, bool keep_idle)
{
	uint64_t bytes = mem_bytes(bus);
	uint64_t size = bytes < e->p->win_max ? bytes : e->p->win_max;
	/* a new configuration of an idle window (aborted, timed out) is no
	 * access: nCS stays released, BUSY stays clear */
	bool idle = keep_idle && e->mm && e->mm_idle;

	vb_xspi_update(e);
	if (e->mm)
		vb_xspi_mm_leave(e);
	stop(e);
	e->bus = *bus;
	e->op = *rop;
	e->mm_wop_valid = wop != NULL;
	if (wop)
		e->mm_wop = *wop;
	e->mm_broken = false;
	/* the window is mapped in whole pages: a sub-page size rounds up */
	size = (size + VB_PAGE_SIZE - 1) & ~(uint64_t)(VB_PAGE_SIZE - 1);
	if (win == VB_XSPI_WIN_DIRECT && (!mem || size > mem_size)) {
		fprintf(stderr, "vboard: %s: direct window larger than the memory\n", e->p->name);
		abort(); /* model bug: the front-end checks this */
	}
	e->win = win;
	check_pins(e, banks_of(bus));
	if (win == VB_XSPI_WIN_VIEW)
		view_prepare(e, bus, rop, bytes, (uint32_t)size);
	if (map_window(e, (uint32_t)size, win, mem) < 0)
		return;
	e->win_size = (uint32_t)size;
	e->mm = true;
	e->mm_idle = idle;
	e->mm_t0_ps = now_ps();
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "%s: memory-mapped (%s), window 0x%08x + 0x%llx", e->p->name,
		         win == VB_XSPI_WIN_VIEW     ? "view"
		         : win == VB_XSPI_WIN_DIRECT ? "direct"
		                                     : "per access",
		         e->p->win_base, (unsigned long long)size);
}

/* OCTOSPI: a new configuration of an idle window keeps it idle. */
void vb_xspi_mm_enter_rw(struct vb_xspi *e, const struct vb_xspi_bus *bus,
                         const struct vb_xspi_op *rop, const struct vb_xspi_op *wop,
                         enum vb_xspi_win win, uint8_t *mem, uint32_t mem_size)
{
	mm_enter(e, bus, rop, wop, win, mem, mem_size, true);
}

/* QUADSPI: entering (again) is BUSY until the timeout (RM0433 LPTR). */
void vb_xspi_mm_enter(struct vb_xspi *e, const struct vb_xspi_bus *bus, const struct vb_xspi_op *op)
{
	mm_enter(e, bus, op, NULL, VB_XSPI_WIN_VIEW, NULL, 0, false);
}

void vb_xspi_mm_leave(struct vb_xspi *e)
{
	if (!e->mm)
		return;
	vb_board_unmap_view(e->board, e->p->win_base);
	e->mm = false;
	e->mm_idle = false;
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "%s: memory-mapped mode left, window unmapped", e->p->name);
}

void vb_xspi_mm_break(struct vb_xspi *e, const char *why)
{
	if (!e->mm)
		return;
	vb_xspi_mm_leave(e);
	e->mm_broken = true;
	e->cnt.mm_broken++;
	vb_guest_error(e->p->win_base,
	               "%s: %s while memory-mapped: the window faults until an abort and a new "
	               "memory-mapped entry",
	               e->p->name, why);
}

/* A window access through the wire: the read or write transaction with
 * the window offset as address, size bytes of data. */
static int window_fault(struct vb_xspi *e, uint32_t off, const char *what)
{
	e->cnt.mm_faults++;
	vb_guest_error(e->p->win_base + off, "%s: memory-mapped %s: bus error", e->p->name, what);
	return VB_BUS_FAULT;
}

static bool window_open(struct vb_xspi *e, uint32_t off, unsigned int size)
{
	return e->mm && !e->mm_broken && (uint64_t)off + size <= e->win_size;
}

int vb_xspi_window_read(struct vb_xspi *e, uint32_t off, unsigned int size, uint32_t *val)
{
	uint8_t b[4] = { 0 };

	*val = 0;
	if (!window_open(e, off, size))
		return window_fault(e, off, "read outside memory-mapped mode or the window");
	e->mm_idle = false;
	e->mm_t0_ps = now_ps();
	e->cnt.mm_slow++;
	pace_cycles(e, header_cycles(&e->op.x) + e->bus.extra_cycles + data_cycles(e, size));
	send(e, &e->op.x, off, b, size, false, false);
	for (unsigned int i = 0; i < size; i++)
		*val |= (uint32_t)b[i] << (8 * i);
	return VB_BUS_OK;
}

int vb_xspi_window_write(struct vb_xspi *e, uint32_t off, unsigned int size, uint32_t val)
{
	uint8_t b[4];
	struct vb_xspi_op read_op;

	if (!window_open(e, off, size))
		return window_fault(e, off, "write outside memory-mapped mode or the window");
	if (!e->mm_wop_valid)
		return window_fault(e, off, "write without a write configuration");
	if ((e->errata & VB_XSPI_ERRATUM_MMW_DQS) && !e->mm_wop.x.data.dqs) {
		/* ES0393 2.8.17 (same IP), docs/facts/peripherals.md item 5 */
		e->cnt.erratum_hits++;
		return window_fault(e, off,
		                    "write with WCCR.DQSE = 0 (--errata ospi-mm-write-dqs)");
	}
	for (unsigned int i = 0; i < size; i++)
		b[i] = (uint8_t)(val >> (8 * i));
	e->mm_idle = false;
	e->mm_t0_ps = now_ps();
	e->cnt.mm_writes++;
	e->cnt.data_bytes += size;
	/* the write transaction goes out with the data phase of wop; the
	 * engine's timing uses op, so swap it in for the duration */
	read_op = e->op;
	e->op = e->mm_wop;
	pace_cycles(e, header_cycles(&e->op.x) + e->bus.extra_cycles + data_cycles(e, size));
	send(e, &e->mm_wop.x, off, b, size, true, false);
	e->op = read_op;
	return VB_BUS_OK;
}

void vb_xspi_set_routed(struct vb_xspi *e, bool routed)
{
	e->unrouted = !routed;
}

void vb_xspi_set_mem(struct vb_xspi *e, const struct vb_xspi_mem *m)
{
	e->mem = m;
}

/* ---- life cycle ---------------------------------------------------------- */

struct vb_xspi *vb_xspi_new(struct vb_board *b, const struct vb_xspi_params *p,
                            const struct vb_xspi_wiring *w,
                            const char *const flash_file[VB_XSPI_CHIPS], uint32_t errata,
                            const char *part)
{
	struct vb_xspi *e = calloc(1, sizeof(*e));

	if (!e) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	e->board = b;
	e->p = p;
	e->w = w;
	e->errata = errata;
	e->bus.fthres = 1;
	for (unsigned int i = 0; i < VB_XSPI_CHIPS; i++) {
		if (!w->part[i])
			continue;
		/* part: a board re-fitted with another chip (--qspi-part) */
		e->chip[i] =
		        vb_nor_new(part ? part : w->part[i], flash_file ? flash_file[i] : NULL);
		if (!e->chip[i]) {
			vb_xspi_free(e);
			return NULL;
		}
		e->listen[i].e = e;
		e->listen[i].idx = i;
		vb_nor_set_listener(e->chip[i], chip_changed, &e->listen[i]);
	}
	return e;
}

void vb_xspi_json(FILE *f, void *ctx)
{
	const struct vb_xspi *e = ctx;
	const struct vb_xspi_counters *c = &e->cnt;

	fprintf(f,
	        "{ \"controller\": \"%s\", \"transfers\": %llu, \"data_bytes\": %llu, "
	        "\"polls\": %llu, \"aborts\": %llu, \"pin_errors\": %llu, "
	        "\"window_blocks_built\": %llu, \"mm_writes\": %llu, \"mm_slow_accesses\": %llu, "
	        "\"mm_faults\": %llu, \"mm_broken\": %llu, \"unrouted_transfers\": %llu, "
	        "\"erratum_hits\": %llu, ",
	        e->p->name, (unsigned long long)c->xfers, (unsigned long long)c->data_bytes,
	        (unsigned long long)c->polls, (unsigned long long)c->aborts,
	        (unsigned long long)c->pin_errors, (unsigned long long)c->view_builds,
	        (unsigned long long)c->mm_writes, (unsigned long long)c->mm_slow,
	        (unsigned long long)c->mm_faults, (unsigned long long)c->mm_broken,
	        (unsigned long long)c->unrouted, (unsigned long long)c->erratum_hits);
	if (e->mem && e->mem->json) {
		fputs("\"memory\": ", f);
		e->mem->json(f, e->mem->ctx);
		fputs(", ", f);
	}
	fputs("\"chips\": [", f);
	for (unsigned int i = 0, n = 0; i < VB_XSPI_CHIPS; i++) {
		if (!e->chip[i])
			continue;
		fputs(n++ ? ", " : "", f);
		vb_nor_audit_json(f, e->chip[i]);
	}
	fputs("] }", f);
}

void vb_xspi_reset(struct vb_xspi *e)
{
	vb_xspi_mm_leave(e);
	stop(e);
	e->flags = 0;
	e->status = 0;
	e->op = (struct vb_xspi_op){ 0 };
	e->bus = (struct vb_xspi_bus){ .fthres = 1 };
	e->mm_broken = false;
	e->mm_wop_valid = false;
}

void vb_xspi_free(struct vb_xspi *e)
{
	if (!e)
		return;
	vb_xspi_mm_leave(e);
	for (unsigned int i = 0; i < VB_XSPI_CHIPS; i++)
		vb_nor_free(e->chip[i]);
	free(e->buf);
	free(e->view);
	free(e->dirty);
	free(e);
}

/* ---- errata switches ------------------------------------------------------- */

static const struct {
	const char *name;
	uint32_t bit;
} errata[] = {
	{ "qspi-mm-last", VB_XSPI_ERRATUM_MM_LAST },
	{ "ospi-mm-write-dqs", VB_XSPI_ERRATUM_MMW_DQS },
	{ "ospi-dtr-nodata", VB_XSPI_ERRATUM_DTR_NODATA },
};

int vb_xspi_errata_parse(const char *list, uint32_t *mask)
{
	const char *s = list;

	*mask = 0;
	while (s && *s) {
		size_t n = strcspn(s, ",");
		bool found = false;

		for (size_t i = 0; i < sizeof(errata) / sizeof(errata[0]); i++) {
			if (strlen(errata[i].name) == n && !strncmp(errata[i].name, s, n)) {
				*mask |= errata[i].bit;
				found = true;
			}
		}
		if (!found && n)
			return -1;
		s += n;
		if (*s == ',')
			s++;
	}
	return 0;
}

const char *vb_xspi_errata_names(void)
{
	return "qspi-mm-last,ospi-mm-write-dqs,ospi-dtr-nodata";
}
