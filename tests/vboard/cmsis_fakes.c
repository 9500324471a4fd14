// SPDX-License-Identifier: GPL-2.0-or-later
/* Test doubles for the CMSIS-DAP front-end; see cmsis_fakes.h. */
#include "cmsis_fakes.h"
#include "vb_dap.h"
#include "vb_pace.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct vb_stats vb_stats;
uint32_t vb_trace_mask;
struct fake_pace fake_pace;

void fake_dap_init(struct vb_dap *d)
{
	memset(d, 0, sizeof(*d));
	for (uint32_t i = 0; i < FAKE_MEM_WORDS; i++)
		d->mem[i] = 0xA5000000u | i;
}

void fake_board_init(struct vb_board *b)
{
	memset(b, 0, sizeof(*b));
	b->info.name = "h750b-dk";
	b->info.mcu = "STM32H750XB";
	b->info.swd_dpidr = FAKE_DPIDR;
	b->info.has_apb_d = true;
}

void fake_clear_counters(void)
{
	memset(&vb_stats, 0, sizeof(vb_stats));
	memset(&fake_pace, 0, sizeof(fake_pace));
}

/* An injected WAIT, if one is pending. */
static bool fake_wait(struct vb_dap *d)
{
	d->accesses++;
	if (!d->wait_count)
		return false;
	d->wait_count--;
	return true;
}

enum vb_ack vb_dap_dp_read(struct vb_dap *d, enum vb_dp_kind kind, uint8_t addr, uint32_t *val)
{
	(void)kind;
	*val = 0;
	if (fake_wait(d))
		return VB_ACK_WAIT;
	switch (addr & 0xC) {
	case 0x0:
		*val = FAKE_DPIDR;
		break;
	case 0x4:
		*val = d->ctrl_stat;
		break;
	default:
		*val = d->rdbuff; /* RESEND and RDBUFF */
		break;
	}
	return VB_ACK_OK;
}

enum vb_ack vb_dap_dp_write(struct vb_dap *d, enum vb_dp_kind kind, uint8_t addr, uint32_t val)
{
	(void)kind;
	if (fake_wait(d))
		return VB_ACK_WAIT;
	switch (addr & 0xC) {
	case 0x0:
		vb_dap_abort(d, val);
		break;
	case 0x4:
		/* power-up ACKs (bits 29, 31) follow their REQs (28, 30) at
		 * once, which is what OpenOCD's DP init waits for */
		d->ctrl_stat = val | ((val & 0x50000000u) << 1);
		break;
	case 0x8:
		d->select = val;
		break;
	default:
		break;
	}
	return VB_ACK_OK;
}

static uint32_t *fake_drw(struct vb_dap *d)
{
	uint32_t *w = &d->mem[(d->tar / 4) % FAKE_MEM_WORDS];

	d->tar += 4;
	return w;
}

/* SELECT.APBANKSEL 0xF holds the ID registers (ADIv5.2 C2.6): CFG, BASE
 * and an AHB-AP IDR; the other banks past 0 read as zero. */
static uint32_t fake_ap_bank(const struct vb_dap *d, uint8_t addr)
{
	if ((d->select & 0xF0u) == 0xF0u && (addr & 0xC) == 0xC)
		return 0x24770011u;
	return 0;
}

enum vb_ack vb_dap_ap_read(struct vb_dap *d, uint8_t addr, uint32_t *val)
{
	*val = 0;
	if (fake_wait(d))
		return VB_ACK_WAIT;
	if (d->select & 0xF0u) {
		*val = d->rdbuff = fake_ap_bank(d, addr);
		return VB_ACK_OK;
	}
	if ((addr & 0xC) == 0xC && d->fault_on && d->tar == d->fault_tar)
		return VB_ACK_FAULT;
	switch (addr & 0xC) {
	case 0x0:
		*val = d->csw;
		break;
	case 0x4:
		*val = d->tar;
		break;
	case 0xC:
		*val = *fake_drw(d);
		break;
	default:
		break;
	}
	d->rdbuff = *val;
	return VB_ACK_OK;
}

enum vb_ack vb_dap_ap_write(struct vb_dap *d, uint8_t addr, uint32_t val)
{
	if (fake_wait(d))
		return VB_ACK_WAIT;
	if (d->select & 0xF0u)
		return VB_ACK_OK;
	if ((addr & 0xC) == 0xC && d->fault_on && d->tar == d->fault_tar)
		return VB_ACK_FAULT;
	switch (addr & 0xC) {
	case 0x0:
		d->csw = val;
		break;
	case 0x4:
		d->tar = val;
		break;
	case 0xC:
		*fake_drw(d) = val;
		break;
	default:
		break;
	}
	return VB_ACK_OK;
}

size_t vb_dap_ap_read_block(struct vb_dap *d, uint8_t addr, uint32_t *buf, size_t n,
                            enum vb_ack *ack)
{
	*ack = VB_ACK_OK;
	for (size_t i = 0; i < n; i++) {
		*ack = vb_dap_ap_read(d, addr, &buf[i]);
		if (*ack != VB_ACK_OK)
			return i;
	}
	return n;
}

size_t vb_dap_ap_write_block(struct vb_dap *d, uint8_t addr, const uint32_t *buf, size_t n,
                             enum vb_ack *ack)
{
	*ack = VB_ACK_OK;
	for (size_t i = 0; i < n; i++) {
		*ack = vb_dap_ap_write(d, addr, buf[i]);
		if (*ack != VB_ACK_OK)
			return i;
	}
	return n;
}

void vb_dap_reset(struct vb_dap *d)
{
	d->resets++;
	d->ctrl_stat = 0;
	d->select = 0;
}

void vb_dap_abort(struct vb_dap *d, uint32_t val)
{
	d->aborts++;
	d->last_abort = val;
}

void vb_dap_set_srst(struct vb_dap *d, bool asserted)
{
	d->srst = asserted;
	d->srst_calls++;
}

const struct vb_board_info *vb_board_info(const struct vb_board *b)
{
	return &b->info;
}

/* Formats, so that the sanitizers see every trace's arguments. */
void vb_trace(enum vb_trace_cat cat, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!(vb_trace_mask & cat))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
}

void vb_pace_transfers(uint64_t n)
{
	fake_pace.transfers += n;
}

void vb_pace_tck(uint64_t cycles)
{
	fake_pace.tck += cycles;
}

void vb_pace_roundtrip(void)
{
	fake_pace.roundtrips++;
}

void vb_pace_device_ns(uint64_t ns)
{
	fake_pace.device_ns += ns;
}

void vb_pace_set_swclk_hz(uint32_t hz)
{
	fake_pace.swclk_hz = hz;
	fake_pace.swclk_calls++;
}
