// SPDX-License-Identifier: GPL-2.0-or-later
/* Fakes for the controller model tests (xspi_fakes.h). */
#include <stdarg.h>
#include <stdio.h>

#include "vb_pace.h"
#include "xspi_fakes.h"

struct vb_stats vb_stats;
uint32_t vb_trace_mask;
uint64_t now_ns, paced_ns;
char last_err[256];

void vb_trace(enum vb_trace_cat cat, const char *fmt, ...)
{
	(void)cat;
	(void)fmt;
}

void vb_guest_error(uint32_t addr, const char *fmt, ...)
{
	va_list ap;

	(void)addr;
	va_start(ap, fmt);
	vsnprintf(last_err, sizeof(last_err), fmt, ap);
	va_end(ap);
	vb_stats.guest_errors++;
}

uint64_t vb_pace_now_ns(void)
{
	return now_ns;
}

uint64_t vb_pace_scaled_ns(uint64_t ns)
{
	return ns;
}

void vb_pace_device_ns(uint64_t ns)
{
	paced_ns += ns;
	now_ns += ns;
}

int vb_bus_read(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size,
                uint32_t *val)
{
	uint32_t port = (addr - b->gpio_base) / 0x400, off = (addr - b->gpio_base) % 0x400;

	(void)who;
	(void)size;
	*val = 0;
	if (addr < b->gpio_base || port >= 11 || off >= 40)
		return VB_BUS_FAULT;
	*val = b->gpio[port][off / 4];
	return VB_BUS_OK;
}

void vb_bus_add_periph(struct vb_board *b, const struct vb_periph *p)
{
	b->periph = *p;
}

void vb_bus_code_written(struct vb_board *b, uint32_t addr, uint32_t len)
{
	(void)addr;
	(void)len;
	b->code_written++;
}

int vb_board_map_view(struct vb_board *b, uint32_t base, uint32_t size, uint8_t *mem,
                      const char *name)
{
	return vb_board_map_window(b, base, size, VB_VIEW_RX, mem, NULL, name);
}

int vb_board_map_window(struct vb_board *b, uint32_t base, uint32_t size, enum vb_view_access acc,
                        uint8_t *mem, const struct vb_view_io *io, const char *name)
{
	(void)name;
	b->mapped = true;
	b->acc = acc;
	b->mem = mem;
	b->io = io ? *io : (struct vb_view_io){ 0 };
	b->base = base;
	b->size = size;
	b->maps++;
	return 0;
}

void vb_board_unmap_view(struct vb_board *b, uint32_t base)
{
	(void)base;
	b->mapped = false;
	b->mem = NULL;
	b->unmaps++;
}

/* What a core or debugger access of the window gets, as the board would
 * serve it: from mem, or through io, or a fault when nothing is mapped. */
int win_read(struct vb_board *b, uint32_t off, unsigned int size, uint32_t *val)
{
	*val = 0;
	if (!b->mapped || off + size > b->size)
		return VB_BUS_FAULT;
	if (b->acc == VB_VIEW_IO)
		return b->io.read(b->io.ctx, off, size, val);
	for (unsigned int i = 0; i < size; i++)
		*val |= (uint32_t)b->mem[off + i] << (8 * i);
	return VB_BUS_OK;
}

int win_write(struct vb_board *b, uint32_t off, unsigned int size, uint32_t val)
{
	if (!b->mapped || off + size > b->size)
		return VB_BUS_FAULT;
	if (b->acc == VB_VIEW_RWX) {
		for (unsigned int i = 0; i < size; i++)
			b->mem[off + i] = (uint8_t)(val >> (8 * i));
		return VB_BUS_OK;
	}
	return b->io.write ? b->io.write(b->io.ctx, off, size, val) : VB_BUS_FAULT;
}
