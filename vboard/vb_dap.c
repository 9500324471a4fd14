// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the ADIv5 debug port of the STM32 parts and their MEM-APs.
 *
 * One SWJ-DP serves both transports, so there is one set of DP registers;
 * the kind argument only selects what differs between JTAG-DP and SW-DP
 * (sticky-flag clearing, RESEND/RDBUFF, DLCR, FAULT responses).
 *
 * Sources:
 *  - ARM IHI0031C, ADIv5.0 to ADIv5.2 (ADIv5.2 below): DP registers (B2.2),
 *    JTAG-DP (B3), SW-DP (B4), MEM-AP (C2).
 *  - ARM DDI 0337, Cortex-M3 TRM, "Sticky flags and DP error responses":
 *    once a sticky flag is set, further AP transactions are discarded until
 *    it is cleared; SW-DP answers FAULT, JTAG-DP completes them silently.
 *  - Which APs exist, their IDR and BASE: pyOCD session logs on real parts.
 *    STM32H750XB: AP0 AHB-AP IDR 0x84770001 (ROM table 0xE00FE000), AP1
 *    AHB-AP 0x84770001 (no ROM table), AP2 APB-AP 0x54770002 (ROM table
 *    0xE00E0000); pyOCD issues #1148 (H743/H750: AP0 default HPROT=3
 *    HNONSEC=0, AP1 HPROT=3 HNONSEC=1, implemented HPROT=0xf HNONSEC=1) and
 *    #1368 (H730, same APB-AP layout). STM32F746: AP0 only, AHB-AP IDR
 *    0x74770001, ROM table 0xE00FD000.
 *  - RM0433 (H7) / RM0468 (H735): AP1 is the AHB-AP of the D3 domain, which
 *    reaches only what the D3 bus matrix reaches (SRAM4, backup SRAM, the
 *    D3 peripherals); AP2 is the APB-AP to the debug APB (APB-D).
 *  - OpenOCD 0.12 arm_adi_v5.c mem_ap_init(): packed transfers are detected
 *    by writing CSW.AddrInc = packed and reading it back; OpenOCD debug logs
 *    of an STM32H753 report "Packed Transfers: disabled" (issue #9 of
 *    STMicroelectronics/OpenOCD), so that value does not stick on these
 *    AHB-APs.
 */
#include "vb.h"
#include "vb_dap.h"

#include <stdlib.h>

/* What an AP's memory transfers reach. */
enum ap_bus {
	AP_BUS_SYSTEM, /* the Cortex-M7 AHBD view: the whole system bus */
	AP_BUS_D3,     /* the D3 bus matrix only */
	AP_BUS_APBD,   /* the debug APB (word accesses only) */
};

struct ap_desc {
	const char *name;
	enum ap_bus bus;
	uint32_t idr;
	uint32_t base;
	uint32_t cfg;
	uint32_t csw_reset;
	uint32_t csw_rw; /* writable CSW bits besides Size and AddrInc */
};

/*
 * CSW reset images: DeviceEn (bit 6) set, Size = byte, AddrInc off, HPROT
 * (bits 27:24) = 0b0011 and HNONSEC (bit 30) as pyOCD read them (#1148).
 * The APB-AP value 0x80000040 (DbgSwEnable, DeviceEn) is what Black Magic
 * Probe reads from the same APB-AP (IDR 0x54770002) on an STM32H5 (BMP
 * issue #1440). Bits without evidence (MasterType, DbgSwEnable on the
 * AHB-APs) read as zero.
 */
#define AHB_CSW_RW (0x0Fu << 24 | 1u << 30)
#define APB_CSW_RW (1u << 31)

static const struct ap_desc h7_aps[] = {
	{ "AHB-AP (Cortex-M7)", AP_BUS_SYSTEM, 0x84770001, 0xE00FE003, 0, 0x03000040, AHB_CSW_RW },
	{ "AHB-AP (D3)", AP_BUS_D3, 0x84770001, 0x00000002, 0, 0x43000040, AHB_CSW_RW },
	{ "APB-AP (APB-D)", AP_BUS_APBD, 0x54770002, 0xE00E0003, 0, 0x80000040, APB_CSW_RW },
};

static const struct ap_desc f7_aps[] = {
	{ "AHB-AP (Cortex-M7)", AP_BUS_SYSTEM, 0x74770001, 0xE00FD003, 0, 0x03000040, AHB_CSW_RW },
};

/*
 * The D3 domain's address ranges (RM0433 memory map): SRAM4 and backup
 * SRAM at 0x38000000-0x38FFFFFF, APB4/AHB4 peripherals at 0x58000000-
 * 0x58FFFFFF. Inside a window the bus decides (it faults unmapped holes).
 */
static bool d3_reaches(uint32_t addr)
{
	return (addr >> 24) == 0x38 || (addr >> 24) == 0x58;
}

/* MEM-AP auto-increment is guaranteed for TAR[9:0] only (ADIv5.2 C2, MEM-AP,
 * "auto-incrementing TAR");
 * these AHB-APs keep TAR[31:10], as OpenOCD's 1 KiB tar_autoincr_block
 * assumes. */
#define TAR_WRAP 0x3FFu

#define CS_STICKY \
	(VB_DP_CS_STICKYORUN | VB_DP_CS_STICKYCMP | VB_DP_CS_STICKYERR | VB_DP_CS_WDATAERR)
#define CS_RW                                                                   \
	(VB_DP_CS_ORUNDETECT | VB_DP_CS_TRNMODE_MASK | VB_DP_CS_MASKLANE_MASK | \
	 VB_DP_CS_TRNCNT_MASK | VB_DP_CS_CDBGRSTREQ | VB_DP_CS_CDBGPWRUPREQ |   \
	 VB_DP_CS_CSYSPWRUPREQ)
/* JTAG-DP clears these by writing 1 to CTRL/STAT (ADIv5.2 B2). */
#define CS_JTAG_W1C (VB_DP_CS_STICKYORUN | VB_DP_CS_STICKYCMP | VB_DP_CS_STICKYERR)

/* TRNMODE values (ADIv5.2 B2, CTRL/STAT). */
enum trnmode {
	TRN_NORMAL = 0,
	TRN_PUSHED_VERIFY = 1,
	TRN_PUSHED_COMPARE = 2,
};

struct ap_state {
	uint32_t csw;
	uint32_t tar;
};

struct vb_dap {
	struct vb_board *board;
	const struct ap_desc *aps;
	unsigned int n_aps;
	struct ap_state ap[VB_DAP_MAX_APS];
	uint32_t dpidr;
	uint32_t targetid;
	uint32_t ctrl_stat; /* RW fields, sticky flags; ACKs are derived */
	uint32_t select;
	uint32_t dlcr;
	uint32_t rdbuff; /* last AP read result: SW-DP RDBUFF and RESEND */
	bool read_ok;
};

/*
 * DPv2 TARGETID: TREVISION[31:28], TPARTNO[27:12], TDESIGNER[11:1], 1.
 * probe-rs decodes an STM32H747's TARGETID as designer ST (JEP106 0x20),
 * part 0x4500, revision 0 (probe-rs issue #3088): the DBGMCU DEV_ID
 * shifted left by 4. The same rule is assumed for the other parts.
 */
static uint32_t targetid_of(uint32_t dbgmcu_idcode)
{
	return ((dbgmcu_idcode & 0xFFFu) << 16) | (0x20u << 1) | 1u;
}

/* DLPIDR: TINSTANCE 0, PROTVSN 1 = SWD protocol version 2 (ADIv5.2 B2). */
#define DLPIDR_VALUE 0x00000001u

struct vb_dap *vb_dap_new(struct vb_board *b)
{
	const struct vb_board_info *info = vb_board_info(b);
	struct vb_dap *d;

	if (!info)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->board = b;
	d->dpidr = info->swd_dpidr;
	d->targetid = targetid_of(info->dbgmcu_idcode);
	if (info->has_apb_d) {
		d->aps = h7_aps;
		d->n_aps = sizeof(h7_aps) / sizeof(h7_aps[0]);
	} else {
		d->aps = f7_aps;
		d->n_aps = sizeof(f7_aps) / sizeof(f7_aps[0]);
	}
	for (unsigned int i = 0; i < d->n_aps; i++)
		d->ap[i].csw = d->aps[i].csw_reset;
	vb_dap_reset(d);
	return d;
}

void vb_dap_free(struct vb_dap *d)
{
	free(d);
}

/* The DP's registers back to their reset values: power-up requests off,
 * sticky flags clear, SELECT 0. The APs keep theirs (they are set up once,
 * in vb_dap_new()), so a SWD line reset that ends up here does not lose a
 * debugger's CSW and TAR. */
void vb_dap_reset(struct vb_dap *d)
{
	d->ctrl_stat = 0;
	d->select = 0;
	d->dlcr = 0;
	d->rdbuff = 0;
	d->read_ok = false;
}

/* ---- DP ---------------------------------------------------------------- */

static bool sticky(const struct vb_dap *d)
{
	return (d->ctrl_stat & CS_STICKY) != 0;
}

/* Power-up ACKs mirror their REQs at once (see ctrl_stat_value()). */
static bool powered(const struct vb_dap *d, uint32_t req)
{
	return (d->ctrl_stat & req) == req;
}

/* The power-up handshake is immediate: each ACK mirrors its REQ, as OpenOCD's
 * dap_dp_init() polls for (ADIv5.2 B2, "System and debug power control"). */
static uint32_t ctrl_stat_value(const struct vb_dap *d, enum vb_dp_kind kind)
{
	uint32_t v = d->ctrl_stat;

	if (v & VB_DP_CS_CDBGRSTREQ)
		v |= VB_DP_CS_CDBGRSTACK;
	if (v & VB_DP_CS_CDBGPWRUPREQ)
		v |= VB_DP_CS_CDBGPWRUPACK;
	if (v & VB_DP_CS_CSYSPWRUPREQ)
		v |= VB_DP_CS_CSYSPWRUPACK;
	if (kind == VB_DP_SWD) {
		if (d->read_ok)
			v |= VB_DP_CS_READOK;
	} else {
		/* READOK and WDATAERR are SW-DP only: RAZ on JTAG-DP. */
		v &= ~(VB_DP_CS_READOK | VB_DP_CS_WDATAERR);
	}
	return v;
}

static uint32_t dp_bank_read(const struct vb_dap *d, enum vb_dp_kind kind)
{
	switch (d->select & VB_DP_SELECT_DPBANK_MASK) {
	case 0:
		return ctrl_stat_value(d, kind);
	case 1:
		return kind == VB_DP_SWD ? d->dlcr : 0;
	case 2:
		return d->targetid;
	case 3:
		return DLPIDR_VALUE;
	default:
		return 0; /* EVENTSTAT and reserved banks */
	}
}

static void ctrl_stat_write(struct vb_dap *d, enum vb_dp_kind kind, uint32_t val)
{
	uint32_t keep = d->ctrl_stat & CS_STICKY;

	if (kind == VB_DP_JTAG)
		keep &= ~(val & CS_JTAG_W1C);
	d->ctrl_stat = keep | (val & CS_RW);
}

/* DLCR: only TURNROUND[9:8] is writable; only 1 cycle is modelled, other
 * values are stored for read-back (ADIv5.2 B2, DLCR). */
static void dlcr_write(struct vb_dap *d, uint32_t val)
{
	d->dlcr = val & (3u << 8);
}

static void dp_trace(const char *op, enum vb_dp_kind kind, uint8_t addr, uint32_t val,
                     enum vb_ack ack)
{
	if (vb_trace_mask & VB_TR_DAP)
		vb_trace(VB_TR_DAP, "%s DP %s 0x%x = 0x%08x ack %d",
		         kind == VB_DP_SWD ? "SWD" : "JTAG", op, addr, val, ack);
}

/* SW-DP: with a sticky flag set only DPIDR, CTRL/STAT (and its banks) and
 * ABORT are served; everything else answers FAULT (ADIv5.2 B4, SW-DP, "sticky flags"). */
static bool swd_blocked(const struct vb_dap *d, enum vb_dp_kind kind, uint8_t addr)
{
	return kind == VB_DP_SWD && sticky(d) && addr != VB_DP_DPIDR && addr != VB_DP_CTRL;
}

enum vb_ack vb_dap_dp_read(struct vb_dap *d, enum vb_dp_kind kind, uint8_t addr, uint32_t *val)
{
	enum vb_ack ack = VB_ACK_OK;

	vb_stats.dap_transfers++;
	addr &= 0xC;
	*val = 0;
	if (swd_blocked(d, kind, addr)) {
		ack = VB_ACK_FAULT;
	} else if (addr == VB_DP_DPIDR) {
		*val = d->dpidr;
	} else if (addr == VB_DP_CTRL) {
		*val = dp_bank_read(d, kind);
	} else if (addr == VB_DP_SELECT) {
		/* SW-DP: RESEND; JTAG-DP: SELECT reads back. */
		*val = kind == VB_DP_SWD ? d->rdbuff : d->select;
	} else if (kind == VB_DP_SWD) {
		*val = d->rdbuff;
		d->read_ok = true;
	}
	/* JTAG-DP RDBUFF is RAZ: the posted result travels in the next scan's
	 * capture (ADIv5.2 B3, DPACC and APACC). */
	dp_trace("rd", kind, addr, *val, ack);
	return ack;
}

enum vb_ack vb_dap_dp_write(struct vb_dap *d, enum vb_dp_kind kind, uint8_t addr, uint32_t val)
{
	vb_stats.dap_transfers++;
	addr &= 0xC;
	dp_trace("wr", kind, addr, val, VB_ACK_OK);
	if (swd_blocked(d, kind, addr) && addr != VB_DP_RDBUFF)
		return VB_ACK_FAULT;
	switch (addr) {
	case VB_DP_DPIDR:
		/* SW-DP ABORT; the JTAG-DP has its own ABORT instruction and
		 * address 0x0 is reserved there. */
		if (kind == VB_DP_SWD)
			vb_dap_abort(d, val);
		break;
	case VB_DP_CTRL:
		if ((d->select & VB_DP_SELECT_DPBANK_MASK) == 0)
			ctrl_stat_write(d, kind, val);
		else if ((d->select & VB_DP_SELECT_DPBANK_MASK) == 1 && kind == VB_DP_SWD)
			dlcr_write(d, val);
		break;
	case VB_DP_SELECT:
		d->select = val;
		break;
	default:
		/* SW-DP TARGETSEL only matters in the line-reset sequence,
		 * which the front-end handles; JTAG-DP RDBUFF is read-only. */
		break;
	}
	return VB_ACK_OK;
}

void vb_dap_abort(struct vb_dap *d, uint32_t val)
{
	/* DAPABORT would cancel a transfer in progress; every transfer here
	 * completes at once, so there is none to cancel. */
	if (val & VB_DP_ABORT_STKCMPCLR)
		d->ctrl_stat &= ~VB_DP_CS_STICKYCMP;
	if (val & VB_DP_ABORT_STKERRCLR)
		d->ctrl_stat &= ~VB_DP_CS_STICKYERR;
	if (val & VB_DP_ABORT_WDERRCLR)
		d->ctrl_stat &= ~VB_DP_CS_WDATAERR;
	if (val & VB_DP_ABORT_ORUNERRCLR)
		d->ctrl_stat &= ~VB_DP_CS_STICKYORUN;
	if (vb_trace_mask & VB_TR_DAP)
		vb_trace(VB_TR_DAP, "ABORT 0x%08x", val);
}

void vb_dap_swd_wdataerr(struct vb_dap *d)
{
	d->ctrl_stat |= VB_DP_CS_WDATAERR;
}

void vb_dap_set_srst(struct vb_dap *d, bool asserted)
{
	struct vb_cpu *cpu = vb_board_cpu(d->board);

	if (vb_trace_mask & VB_TR_DAP)
		vb_trace(VB_TR_DAP, "nRST %s", asserted ? "asserted" : "released");
	if (cpu)
		vb_cpu_hold_reset(cpu, asserted);
}

/* ---- MEM-AP memory transfers ------------------------------------------ */

static unsigned int csw_bytes(const struct ap_desc *ap, uint32_t csw)
{
	/* The APB is 32 bits wide without byte strobes: the APB-AP moves
	 * words whatever Size says. */
	if (ap->bus == AP_BUS_APBD)
		return 4;
	return 1u << (csw & VB_AP_CSW_SIZE_MASK);
}

/* One bus access of size bytes at a naturally aligned addr. */
static int bus_access(struct vb_dap *d, const struct ap_desc *ap, uint32_t addr, unsigned int size,
                      bool write, uint32_t *val)
{
	if (ap->bus == AP_BUS_APBD) {
		if (write)
			return vb_apbd_write(d->board, addr, *val);
		return vb_apbd_read(d->board, addr, val);
	}
	/* A system-bus access needs the system power domain up. */
	if (!powered(d, VB_DP_CS_CSYSPWRUPREQ))
		return VB_BUS_FAULT;
	if (ap->bus == AP_BUS_D3 && !d3_reaches(addr))
		return VB_BUS_FAULT;
	if (!write)
		return vb_bus_read(d->board, VB_INIT_DEBUG, addr, size, val);
	if (vb_bus_write(d->board, VB_INIT_DEBUG, addr, size, *val) != VB_BUS_OK)
		return VB_BUS_FAULT;
	vb_bus_code_written(d->board, addr, size);
	return VB_BUS_OK;
}

/*
 * A little-endian MEM-AP carries a byte in the DRW byte lane TAR[1:0] and a
 * halfword in lane TAR[1] (ADIv5.2 C2, "byte lanes"). These AHB-APs do
 * not split unaligned accesses: the bus address is aligned down.
 */
static enum vb_ack mem_access(struct vb_dap *d, unsigned int n, uint32_t addr, unsigned int bytes,
                              bool write, uint32_t *val)
{
	const struct ap_desc *ap = &d->aps[n];
	unsigned int shift = (addr & 3u & ~(bytes - 1)) * 8;
	uint32_t mask = bytes == 4 ? 0xFFFFFFFFu : (1u << (bytes * 8)) - 1;
	uint32_t bus_val = write ? (*val >> shift) & mask : 0;

	if (bus_access(d, ap, addr & ~(bytes - 1), bytes, write, &bus_val) != VB_BUS_OK) {
		d->ctrl_stat |= VB_DP_CS_STICKYERR;
		if (vb_trace_mask & VB_TR_DAP)
			vb_trace(VB_TR_DAP, "AP%u %s: bus fault at 0x%08x", n, ap->name, addr);
		if (!write)
			*val = 0;
		return VB_ACK_FAULT;
	}
	if (write) {
		vb_stats.mem_write_bytes += bytes;
	} else {
		*val = (bus_val & mask) << shift;
		vb_stats.mem_read_bytes += bytes;
	}
	return VB_ACK_OK;
}

static uint32_t tar_advance(uint32_t tar, uint32_t inc)
{
	return (tar & ~TAR_WRAP) | ((tar + inc) & TAR_WRAP);
}

/* DRW: one transfer at TAR, then TAR moves on if AddrInc says so; after a
 * fault TAR keeps the faulting address. */
static enum vb_ack drw_access(struct vb_dap *d, unsigned int n, bool write, uint32_t *val)
{
	struct ap_state *st = &d->ap[n];
	unsigned int bytes = csw_bytes(&d->aps[n], st->csw);
	enum vb_ack ack = mem_access(d, n, st->tar, bytes, write, val);

	if (ack == VB_ACK_OK && (st->csw & VB_AP_CSW_ADDRINC_SINGLE))
		st->tar = tar_advance(st->tar, bytes);
	return ack;
}

/* BD0-BD3: the four words at TAR[31:4], no increment (ADIv5.2 C2, BD0-BD3).
 * Non-word banked accesses are UNPREDICTABLE; they move words here. */
static enum vb_ack bd_access(struct vb_dap *d, unsigned int n, uint8_t reg, bool write,
                             uint32_t *val)
{
	return mem_access(d, n, (d->ap[n].tar & ~0xFu) | (reg & 0xCu), 4, write, val);
}

/* ---- MEM-AP registers --------------------------------------------------- */

static void csw_write(struct ap_state *st, const struct ap_desc *ap, uint32_t val)
{
	uint32_t csw = st->csw;

	/* Size: byte, halfword, word; other values are reserved and leave
	 * the field unchanged. */
	if ((val & VB_AP_CSW_SIZE_MASK) <= 2)
		csw = (csw & ~VB_AP_CSW_SIZE_MASK) | (val & VB_AP_CSW_SIZE_MASK);
	/* AddrInc: off or single; the packed bit is not implemented. */
	csw = (csw & ~VB_AP_CSW_ADDRINC_SINGLE) | (val & VB_AP_CSW_ADDRINC_SINGLE);
	csw = (csw & ~ap->csw_rw) | (val & ap->csw_rw);
	st->csw = csw;
}

static enum vb_ack ap_reg_read(struct vb_dap *d, unsigned int n, uint8_t reg, uint32_t *val)
{
	const struct ap_desc *ap = &d->aps[n];

	*val = 0;
	if (reg == VB_AP_DRW)
		return drw_access(d, n, false, val);
	if (reg >= VB_AP_BD0 && reg <= VB_AP_BD3)
		return bd_access(d, n, reg, false, val);
	if (reg == VB_AP_CSW)
		*val = d->ap[n].csw | VB_AP_CSW_DEVICEEN; /* TrInProg: never busy */
	else if (reg == VB_AP_TAR)
		*val = d->ap[n].tar;
	else if (reg == VB_AP_CFG)
		*val = ap->cfg;
	else if (reg == VB_AP_BASE)
		*val = ap->base;
	else if (reg == VB_AP_IDR)
		*val = ap->idr;
	return VB_ACK_OK; /* other registers: RAZ/WI */
}

static enum vb_ack ap_reg_write(struct vb_dap *d, unsigned int n, uint8_t reg, uint32_t val)
{
	if (reg == VB_AP_DRW)
		return drw_access(d, n, true, &val);
	if (reg >= VB_AP_BD0 && reg <= VB_AP_BD3)
		return bd_access(d, n, reg, true, &val);
	if (reg == VB_AP_CSW)
		csw_write(&d->ap[n], &d->aps[n], val);
	else if (reg == VB_AP_TAR)
		d->ap[n].tar = val;
	return VB_ACK_OK;
}

static unsigned int apsel(const struct vb_dap *d)
{
	return d->select >> VB_DP_SELECT_APSEL_SHIFT;
}

static uint8_t ap_reg(const struct vb_dap *d, uint8_t addr)
{
	return (uint8_t)((d->select & VB_DP_SELECT_APBANK_MASK) | (addr & 0xCu));
}

/* Why an AP access is not performed: a sticky flag (ADIv5.2 B1, "Sticky
 * flags": AP transactions are discarded), or the debug power domain is
 * off, which is itself an error that sets STICKYERR. */
static bool ap_refused(struct vb_dap *d)
{
	if (sticky(d))
		return true;
	if (!powered(d, VB_DP_CS_CDBGPWRUPREQ)) {
		d->ctrl_stat |= VB_DP_CS_STICKYERR;
		return true;
	}
	return false;
}

static void ap_trace(const char *op, unsigned int n, uint8_t reg, uint32_t val, enum vb_ack ack)
{
	if (vb_trace_mask & VB_TR_DAP)
		vb_trace(VB_TR_DAP, "AP%u %s 0x%02x = 0x%08x ack %d", n, op, reg, val, ack);
}

static enum vb_ack ap_read_one(struct vb_dap *d, uint8_t addr, uint32_t *val)
{
	unsigned int n = apsel(d);
	uint8_t reg = ap_reg(d, addr);
	enum vb_ack ack = VB_ACK_OK;

	*val = 0;
	if (ap_refused(d))
		ack = VB_ACK_FAULT;
	else if (n < d->n_aps)
		ack = ap_reg_read(d, n, reg, val);
	/* An absent AP reads as zero (IDR 0 ends an AP scan, ADIv5.2 C1). */
	d->rdbuff = *val;
	d->read_ok = ack == VB_ACK_OK;
	ap_trace("rd", n, reg, *val, ack);
	return ack;
}

/* Pushed verify/compare: the write becomes a read of the same register,
 * compared under MASKLANE; STICKYCMP records a mismatch (verify) or a
 * match (compare) (ADIv5.2 B1, "Pushed compare and pushed verify"). */
static enum vb_ack ap_pushed(struct vb_dap *d, uint8_t addr, uint32_t val, enum trnmode mode)
{
	uint32_t lanes = (d->ctrl_stat & VB_DP_CS_MASKLANE_MASK) >> VB_DP_CS_MASKLANE_SHIFT;
	uint32_t mask = 0;
	uint32_t got;
	enum vb_ack ack = ap_reg_read(d, apsel(d), ap_reg(d, addr), &got);

	if (ack != VB_ACK_OK)
		return ack;
	for (unsigned int i = 0; i < 4; i++)
		if (lanes & (1u << i))
			mask |= 0xFFu << (8 * i);
	if (((got & mask) == (val & mask)) == (mode == TRN_PUSHED_COMPARE))
		d->ctrl_stat |= VB_DP_CS_STICKYCMP;
	return VB_ACK_OK;
}

static enum vb_ack ap_write_one(struct vb_dap *d, uint8_t addr, uint32_t val)
{
	unsigned int n = apsel(d);
	uint8_t reg = ap_reg(d, addr);
	enum trnmode mode = (d->ctrl_stat & VB_DP_CS_TRNMODE_MASK) >> VB_DP_CS_TRNMODE_SHIFT;
	enum vb_ack ack = VB_ACK_OK;

	if (ap_refused(d))
		ack = VB_ACK_FAULT;
	else if (n >= d->n_aps)
		ack = VB_ACK_OK;
	else if (mode == TRN_PUSHED_VERIFY || mode == TRN_PUSHED_COMPARE)
		ack = ap_pushed(d, addr, val, mode);
	else
		ack = ap_reg_write(d, n, reg, val);
	ap_trace("wr", n, reg, val, ack);
	return ack;
}

enum vb_ack vb_dap_ap_read(struct vb_dap *d, uint8_t addr, uint32_t *val)
{
	vb_stats.dap_transfers++;
	return ap_read_one(d, addr, val);
}

enum vb_ack vb_dap_ap_write(struct vb_dap *d, uint8_t addr, uint32_t val)
{
	vb_stats.dap_transfers++;
	return ap_write_one(d, addr, val);
}

/* ---- block transfers ---------------------------------------------------- */

/* Words that may go through the bus fast path from here: a 32-bit,
 * auto-incrementing, word-aligned DRW run on the system-bus AP, stopped
 * at the 1 KiB auto-increment boundary. 0 means "take the slow path". */
static size_t fast_words(struct vb_dap *d, uint8_t addr, size_t n)
{
	unsigned int ap = apsel(d);
	const struct ap_state *st;
	size_t room;

	if (ap >= d->n_aps || d->aps[ap].bus != AP_BUS_SYSTEM || ap_reg(d, addr) != VB_AP_DRW)
		return 0;
	st = &d->ap[ap];
	if ((st->csw & VB_AP_CSW_SIZE_MASK) != 2 || !(st->csw & VB_AP_CSW_ADDRINC_SINGLE) ||
	    (st->tar & 3u) || (d->ctrl_stat & VB_DP_CS_TRNMODE_MASK))
		return 0;
	if (sticky(d) || !powered(d, VB_DP_CS_CDBGPWRUPREQ | VB_DP_CS_CSYSPWRUPREQ))
		return 0;
	room = (TAR_WRAP + 1 - (st->tar & TAR_WRAP)) / 4;
	return n < room ? n : room;
}

/* Bookkeeping after a fast run of done words out of want. */
static enum vb_ack fast_done(struct vb_dap *d, size_t done, size_t want, bool write)
{
	struct ap_state *st = &d->ap[apsel(d)];

	vb_stats.dap_transfers += done;
	if (write)
		vb_stats.mem_write_bytes += 4 * done;
	else
		vb_stats.mem_read_bytes += 4 * done;
	st->tar = tar_advance(st->tar, (uint32_t)(4 * done));
	if (done == want)
		return VB_ACK_OK;
	/* The word at TAR faulted: it counts as a transfer that failed. */
	vb_stats.dap_transfers++;
	d->ctrl_stat |= VB_DP_CS_STICKYERR;
	return VB_ACK_FAULT;
}

size_t vb_dap_ap_read_block(struct vb_dap *d, uint8_t addr, uint32_t *buf, size_t n,
                            enum vb_ack *ack)
{
	size_t i = 0;

	*ack = VB_ACK_OK;
	while (i < n && *ack == VB_ACK_OK) {
		size_t run = fast_words(d, addr, n - i);

		if (run == 0) {
			*ack = vb_dap_ap_read(d, addr, &buf[i]);
			i += *ack == VB_ACK_OK;
			continue;
		}
		size_t done = vb_bus_read_words(d->board, d->ap[apsel(d)].tar, &buf[i], run);

		*ack = fast_done(d, done, run, false);
		i += done;
		d->read_ok = *ack == VB_ACK_OK;
		d->rdbuff = d->read_ok ? buf[i - 1] : 0;
	}
	return i;
}

size_t vb_dap_ap_write_block(struct vb_dap *d, uint8_t addr, const uint32_t *buf, size_t n,
                             enum vb_ack *ack)
{
	size_t i = 0;

	*ack = VB_ACK_OK;
	while (i < n && *ack == VB_ACK_OK) {
		size_t run = fast_words(d, addr, n - i);

		if (run == 0) {
			*ack = vb_dap_ap_write(d, addr, buf[i]);
			i += *ack == VB_ACK_OK;
			continue;
		}
		uint32_t tar = d->ap[apsel(d)].tar;
		size_t done = vb_bus_write_words(d->board, tar, &buf[i], run);

		if (done)
			vb_bus_code_written(d->board, tar, (uint32_t)(4 * done));
		*ack = fast_done(d, done, run, true);
		i += done;
	}
	return i;
}
