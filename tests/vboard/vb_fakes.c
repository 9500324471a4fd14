// SPDX-License-Identifier: GPL-2.0-or-later
/* Test doubles for vb.h functions outside vb_dap.c and vb_jtag.c. */
#include "vb_fakes.h"

#include <stdlib.h>
#include <string.h>

struct vb_stats vb_stats;
uint32_t vb_trace_mask;
uint64_t fake_paced_tck;
uint64_t fake_paced_roundtrips;

struct vb_board *fake_board_new(const char *name)
{
	struct vb_board *b = calloc(1, sizeof(*b));

	if (!b)
		abort();
	b->info.name = name;
	b->has_cpu = true;
	if (!strcmp(name, "f746g-disco")) {
		b->info.mcu = "STM32F746NG";
		b->info.dbgmcu_idcode = 0x10016449;
		b->info.jtag_bs_idcode = 0x06449041;
		b->info.jtag_dap_idcode = 0x5BA00477;
		b->info.swd_dpidr = 0x5BA02477;
		b->info.has_apb_d = false;
	} else if (!strcmp(name, "h735g-dk")) {
		b->info.mcu = "STM32H735IG";
		b->info.dbgmcu_idcode = 0x10016483;
		b->info.jtag_bs_idcode = 0x06483041;
		b->info.jtag_dap_idcode = 0x6BA00477;
		b->info.swd_dpidr = 0x6BA02477;
		b->info.has_apb_d = true;
	} else {
		b->info.mcu = "STM32H750XB";
		b->info.dbgmcu_idcode = 0x20036450;
		b->info.jtag_bs_idcode = 0x06450041;
		b->info.jtag_dap_idcode = 0x6BA00477;
		b->info.swd_dpidr = 0x6BA02477;
		b->info.has_apb_d = true;
	}
	return b;
}

void fake_stats_clear(void)
{
	memset(&vb_stats, 0, sizeof(vb_stats));
	fake_paced_tck = 0;
	fake_paced_roundtrips = 0;
}

/* The backing bytes of addr..addr+size, or NULL: a bus fault. */
static uint8_t *fake_mem(struct vb_board *b, uint32_t addr, unsigned int size)
{
	if (b->fault_addr && addr == b->fault_addr)
		return NULL;
	if (addr >= FAKE_RAM_BASE && addr - FAKE_RAM_BASE + size <= FAKE_RAM_SIZE)
		return &b->ram[addr - FAKE_RAM_BASE];
	if (addr >= FAKE_SRAM4_BASE && addr - FAKE_SRAM4_BASE + size <= FAKE_SRAM4_SIZE)
		return &b->sram4[addr - FAKE_SRAM4_BASE];
	return NULL;
}

uint32_t fake_ram32(const struct vb_board *b, uint32_t addr)
{
	const uint8_t *p = &b->ram[addr - FAKE_RAM_BASE];

	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void note(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size)
{
	b->last_who = who;
	b->last_addr = addr;
	b->last_size = size;
}

int vb_bus_read(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size,
                uint32_t *val)
{
	uint8_t *p = fake_mem(b, addr, size);

	b->reads++;
	note(b, who, addr, size);
	*val = 0;
	if (!p || (size != 1 && size != 2 && size != 4) || (addr & (size - 1)))
		return VB_BUS_FAULT;
	for (unsigned int i = 0; i < size; i++)
		*val |= (uint32_t)p[i] << (8 * i);
	return VB_BUS_OK;
}

int vb_bus_write(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size,
                 uint32_t val)
{
	uint8_t *p = fake_mem(b, addr, size);

	b->writes++;
	note(b, who, addr, size);
	if (!p || (size != 1 && size != 2 && size != 4) || (addr & (size - 1)))
		return VB_BUS_FAULT;
	for (unsigned int i = 0; i < size; i++)
		p[i] = (uint8_t)(val >> (8 * i));
	return VB_BUS_OK;
}

size_t vb_bus_read_words(struct vb_board *b, uint32_t addr, uint32_t *buf, size_t n)
{
	b->word_runs++;
	for (size_t i = 0; i < n; i++)
		if (vb_bus_read(b, VB_INIT_DEBUG, addr + 4 * (uint32_t)i, 4, &buf[i]) != VB_BUS_OK)
			return i;
	return n;
}

size_t vb_bus_write_words(struct vb_board *b, uint32_t addr, const uint32_t *buf, size_t n)
{
	b->word_runs++;
	for (size_t i = 0; i < n; i++)
		if (vb_bus_write(b, VB_INIT_DEBUG, addr + 4 * (uint32_t)i, 4, buf[i]) != VB_BUS_OK)
			return i;
	return n;
}

int vb_apbd_read(struct vb_board *b, uint32_t addr, uint32_t *val)
{
	uint32_t i = (addr - FAKE_APBD_BASE) / 4;

	*val = 0;
	if (addr < FAKE_APBD_BASE || i >= FAKE_APBD_WORDS || (addr & 3))
		return VB_BUS_FAULT;
	*val = b->apbd[i];
	return VB_BUS_OK;
}

int vb_apbd_write(struct vb_board *b, uint32_t addr, uint32_t val)
{
	uint32_t i = (addr - FAKE_APBD_BASE) / 4;

	if (addr < FAKE_APBD_BASE || i >= FAKE_APBD_WORDS || (addr & 3))
		return VB_BUS_FAULT;
	b->apbd[i] = val;
	return VB_BUS_OK;
}

void vb_bus_code_written(struct vb_board *b, uint32_t addr, uint32_t len)
{
	b->code_written++;
	b->last_code_addr = addr;
	b->last_code_len = len;
}

const struct vb_board_info *vb_board_info(const struct vb_board *b)
{
	return &b->info;
}

struct vb_cpu *vb_board_cpu(struct vb_board *b)
{
	return b->has_cpu ? &b->cpu : NULL;
}

void vb_cpu_hold_reset(struct vb_cpu *c, bool asserted)
{
	c->hold_calls++;
	c->held = asserted;
}

void vb_trace(enum vb_trace_cat cat, const char *fmt, ...)
{
	(void)cat;
	(void)fmt;
}

void vb_pace_tck(uint64_t cycles)
{
	fake_paced_tck += cycles;
}

void vb_pace_roundtrip(void)
{
	fake_paced_roundtrips++;
}
