// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the program/erase engine of the STM32H7 and STM32F7 internal
 * flash interfaces: unlocking is the register block's (vb_periph_stm32.c);
 * here are sector and mass/bank erase, programming, write protection, the
 * busy flags over modelled time and the error flags.
 *
 * Sources. Sequences, bits and error conditions: RM0433 (STM32H750, "Embedded
 * flash memory (FLASH)": FLASH_CR1, FLASH_SR1, write buffer, FW1, the
 * error flags WRPERR1/PGSERR1/STRBERR1/INCERR1), RM0468 (H735, same
 * interface on one 1 MiB bank), RM0385 (STM32F746 "Embedded Flash memory":
 * FLASH_CR, FLASH_SR, PSIZE parallelism, PGPERR/PGSERR/WRPERR, EOP only
 * with EOPIE). Timings: the datasheets' "Flash memory programming" tables,
 * typical values: DS12556 (H750) = DS12110 (H743) table: tprog of a 266-bit
 * flash word 290/180/130/100 us and tERASE128KB 2/1.8/1.1/1 s at
 * x8/x16/x32/x64; DS10916 (F746): tprog 16 us, sector erase by size and
 * parallelism (x8/x16/x32) 32 KiB 400/300/250 ms, 128 KiB 1200/700/550 ms,
 * 256 KiB 2000/1300/1000 ms, mass erase 16/11/8 s (the F7 sectors are twice
 * the F4's, with the F4 numbers of DS8626; the x8 maximums 800 ms, 2.4 s,
 * 4 s and 32 s appear in a public F7 programmer's source). Not checked:
 * the H735's own datasheet (DS13313) -- the H750 row is used; the H7 bank
 * erase time (modelled as the sum of its sectors' erase times); F7 x64
 * (needs Vpp; the x32 times are used).
 *
 * Modelling decisions, with reasons:
 * - A write into the array without PG is not performed and sets PGSERR
 *   (RM0385 PGSERR: "write access to the Flash memory ... while the control
 *   register has not been correctly configured"; the H7 treated the same).
 *   No bus error: the RMs describe flags, not a bus error response.
 * - H7 flash words carry ECC: a word can be programmed once after erase
 *   (ST community: "You can only flash some non-null value once after
 *   erase"). Programming a non-erased word with anything but zeros is
 *   counted as a guest error; the array gets old AND new.
 * - F7: programming only clears bits (RM0385 "changing bits from 1 to 0").
 * - Array contents change when an operation starts; the busy flags stay
 *   until its time has passed. An access that silicon would stall while
 *   busy (F7: FLASH_CR write, any program/erase start) finishes the
 *   operation in progress at once.
 * - Writes through the F7's ITCM view of the flash (0x00200000) are not
 *   programming accesses here (programming is described on AXIM).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb_flashif.h"
#include "vb_pace.h"

#define BIT(n)       (1u << (n))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define KIB          1024u

#define H7_WORD 32u /* bytes in a flash word (256 bits), RM0433 */
#define MAX_FIX 8u  /* widest core store libunicorn reports */

/* A run of equal sectors and their erase times, ms, per PSIZE x8..x64. */
struct vb_flashif_sectors {
	uint16_t count;
	uint16_t kib;
	uint16_t erase_ms[4];
};

struct vb_flashif_desc {
	const char *name;
	uint32_t base; /* the array on AXIM */
	/* register offsets */
	uint16_t cr, sr;
	uint16_t wrp;      /* register with the nWRP bits (1: not protected) */
	uint8_t wrp_shift; /* bit of sector 0 in it */
	/* FLASH_CR bits and fields */
	uint32_t pg, ser, mer, fw, start, eopie;
	uint8_t snb_shift, snb_bits, psize_shift;
	bool start_until_done; /* START/STRT reads 1 until BSY clears (F7) */
	/* FLASH_SR bits */
	uint32_t bsy, qw, wbne, eop, wrperr, pgserr, pgperr, strberr, incerr;
	bool eop_needs_eopie; /* EOP set only with EOPIE (F7) */
	/* programming */
	unsigned int word; /* H7: bytes of a flash word gathered in the write buffer;
	                    * 0: each access programs directly, of size PSIZE (F7) */
	bool program_once; /* ECC flash words (H7) */
	/* sectors from the array base, cut at the board's flash size */
	struct vb_flashif_sectors layout[3];
	uint32_t prog_ns[4]; /* per PSIZE: one program operation */
	uint32_t mass_ms[4]; /* per PSIZE; 0: the sum of the sectors */
};

/* RM0433 FLASH_CR1 / FLASH_SR1; RM0468 is the same for bank 1. */
const struct vb_flashif_desc vb_flashif_h7 = {
	.name = "H7",
	.base = 0x08000000,
	.cr = 0x0C,
	.sr = 0x10,
	.wrp = 0x38, /* FLASH_WPSN_CUR1R.WRPSn */
	.wrp_shift = 0,
	.pg = BIT(1),
	.ser = BIT(2),
	.mer = BIT(3), /* BER1 */
	.fw = BIT(6),
	.start = BIT(7),
	.eopie = BIT(16),
	.snb_shift = 8,
	.snb_bits = 3,
	.psize_shift = 4,
	.bsy = BIT(0),
	.wbne = BIT(1),
	.qw = BIT(2),
	.eop = BIT(16),
	.wrperr = BIT(17),
	.pgserr = BIT(18),
	.strberr = BIT(19),
	.incerr = BIT(21),
	.word = H7_WORD,
	.program_once = true,
	.layout = { { 8, 128, { 2000, 1800, 1100, 1000 } } },
	.prog_ns = { 290000, 180000, 130000, 100000 },
};

/* RM0385 FLASH_CR / FLASH_SR; single bank, 4 x 32K, 128K, 3 x 256K (1 MiB). */
const struct vb_flashif_desc vb_flashif_f7 = {
	.name = "F7",
	.base = 0x08000000,
	.cr = 0x10,
	.sr = 0x0C,
	.wrp = 0x14, /* FLASH_OPTCR.nWRPi */
	.wrp_shift = 16,
	.pg = BIT(0),
	.ser = BIT(1),
	.mer = BIT(2),
	.start = BIT(16),
	.eopie = BIT(24),
	.snb_shift = 3,
	.snb_bits = 5,
	.psize_shift = 8,
	.start_until_done = true,
	.bsy = BIT(16),
	.eop = BIT(0),
	.wrperr = BIT(4),
	.pgperr = BIT(6),
	.pgserr = BIT(7),
	.eop_needs_eopie = true,
	.layout = {
		{ 4, 32, { 400, 300, 250, 250 } },
		{ 1, 128, { 1200, 700, 550, 550 } },
		{ 7, 256, { 2000, 1300, 1000, 1000 } },
	},
	.prog_ns = { 16000, 16000, 16000, 16000 },
	.mass_ms = { 16000, 11000, 8000, 8000 },
};

/* The engine's state, hanging off the FLASH register block (vb_blk.ext). */
struct vb_flashif {
	const struct vb_flashif_desc *d;
	struct vb_blk *k;
	uint8_t *array;
	uint32_t size;
	/* H7 write buffer: one flash word being gathered */
	uint32_t wb_addr;
	uint32_t wb_have; /* bit i: byte i written */
	uint8_t wb[H7_WORD];
	/* the operation in progress */
	bool busy;
	uint64_t busy_until; /* vb_pace_now_ns() */
	/* array bytes changed, translations not yet dropped [lo, hi) */
	uint32_t dirty_lo, dirty_hi;
	bool in_store; /* inside libunicorn's store helper: no uc_ctl calls */
	/* what the last core store must leave in the array */
	bool fix;
	uint32_t fix_off;
	unsigned int fix_len;
	uint8_t fix_bytes[MAX_FIX];
};

static struct vb_flashif *fi_of(struct vb_blk *k)
{
	return k ? k->ext : NULL;
}

static uint32_t *fi_reg(struct vb_flashif *f, uint16_t off)
{
	return vb_blk_regp(f->k, off);
}

static uint32_t fi_field(uint32_t v, unsigned int shift, unsigned int bits)
{
	return (v >> shift) & ((1u << bits) - 1u);
}

static unsigned int fi_psize(struct vb_flashif *f)
{
	return fi_field(*fi_reg(f, f->d->cr), f->d->psize_shift, 2);
}

static void fi_flag(struct vb_flashif *f, uint32_t bits)
{
	*fi_reg(f, f->d->sr) |= bits;
}

/* ---- sectors ------------------------------------------------------------ */

struct fi_sector {
	uint32_t off, size;
	const struct vb_flashif_sectors *run;
};

/* Sector n of the array; false when there is no such sector. */
static bool fi_sector(const struct vb_flashif *f, unsigned int n, struct fi_sector *s)
{
	uint32_t off = 0;

	for (size_t i = 0; i < ARRAY_LEN(f->d->layout) && f->d->layout[i].count; i++) {
		const struct vb_flashif_sectors *run = &f->d->layout[i];

		for (unsigned int j = 0; j < run->count; j++) {
			if (off >= f->size)
				return false;
			if (n-- == 0) {
				*s = (struct fi_sector){ off, run->kib * KIB, run };
				return true;
			}
			off += run->kib * KIB;
		}
	}
	return false;
}

static unsigned int fi_sector_of(const struct vb_flashif *f, uint32_t off)
{
	struct fi_sector s;
	unsigned int n = 0;

	while (fi_sector(f, n, &s) && off >= s.off + s.size)
		n++;
	return n;
}

static bool fi_protected(struct vb_flashif *f, unsigned int sector)
{
	return !(*fi_reg(f, f->d->wrp) & BIT(f->d->wrp_shift + sector));
}

/* ---- time --------------------------------------------------------------- */

static void fi_start_busy(struct vb_flashif *f, uint64_t ns)
{
	f->busy = true;
	f->busy_until = vb_pace_now_ns() + vb_pace_scaled_ns(ns);
	fi_flag(f, f->d->bsy | f->d->qw);
}

/* The operation in progress ends: flags as at its end of time. */
static void fi_finish(struct vb_flashif *f)
{
	uint32_t *sr = fi_reg(f, f->d->sr), *cr = fi_reg(f, f->d->cr);

	if (!f->busy)
		return;
	f->busy = false;
	*sr &= ~(f->d->bsy | f->d->qw);
	if (!f->d->eop_needs_eopie || (*cr & f->d->eopie))
		*sr |= f->d->eop;
}

static void fi_poll(struct vb_flashif *f)
{
	if (f->busy && vb_pace_now_ns() >= f->busy_until)
		fi_finish(f);
}

/* Silicon stalls the access until the operation ends: end it now. */
static void fi_stall(struct vb_flashif *f)
{
	if (f->busy && (vb_trace_mask & VB_TR_BUS))
		vb_trace(VB_TR_BUS, "FLASH: access stalls until the operation in progress ends");
	fi_finish(f);
}

/* ---- array changes ------------------------------------------------------ */

static void fi_flush(struct vb_flashif *f)
{
	if (f->dirty_hi <= f->dirty_lo)
		return;
	vb_bus_code_written(f->k->soc->board, f->d->base + f->dirty_lo, f->dirty_hi - f->dirty_lo);
	f->dirty_lo = f->dirty_hi = 0;
}

/*
 * The core may have translated code from these bytes: its translations
 * must go (vb_bus_code_written). Not from inside a core store, though:
 * uc_ctl_remove_cache there refills libunicorn's TLB under the store
 * helper in progress, which crashed libunicorn 2.0.1 (found by
 * test_flashif). Such changes wait for the next vb_flashif_sync().
 */
static void fi_changed(struct vb_flashif *f, uint32_t off, uint32_t len)
{
	if (f->dirty_hi <= f->dirty_lo) {
		f->dirty_lo = off;
		f->dirty_hi = off + len;
	} else {
		if (off < f->dirty_lo)
			f->dirty_lo = off;
		if (off + len > f->dirty_hi)
			f->dirty_hi = off + len;
	}
	if (!f->in_store)
		fi_flush(f);
}

static void fi_erase(struct vb_flashif *f, uint32_t off, uint32_t len, uint64_t ns)
{
	memset(f->array + off, 0xFF, len);
	fi_changed(f, off, len);
	fi_start_busy(f, ns);
	vb_trace(VB_TR_BUS, "FLASH: erase 0x%08x..0x%08x", f->d->base + off,
	         f->d->base + off + len - 1);
}

/* Program len bytes at off (old AND new, what NOR cells can do). */
static void fi_program(struct vb_flashif *f, uint32_t off, const uint8_t *data, unsigned int len)
{
	bool virgin = true, zeros = true;

	for (unsigned int i = 0; i < len; i++) {
		virgin &= f->array[off + i] == 0xFF;
		zeros &= data[i] == 0;
	}
	if (f->d->program_once && !virgin && !zeros)
		vb_guest_error(f->d->base + off,
		               "FLASH: flash word programmed again without erase (its ECC is "
		               "corrupted on silicon)");
	for (unsigned int i = 0; i < len; i++)
		f->array[off + i] &= data[i];
	fi_changed(f, off, len);
	fi_start_busy(f, f->d->prog_ns[fi_psize(f)]);
}

/* ---- erase -------------------------------------------------------------- */

static void fi_sector_erase(struct vb_flashif *f, uint32_t cr)
{
	unsigned int snb = fi_field(cr, f->d->snb_shift, f->d->snb_bits);
	struct fi_sector s;

	if (!fi_sector(f, snb, &s)) {
		vb_guest_error(f->k->d->base + f->d->cr,
		               "FLASH: erase of sector %u: no such sector", snb);
		return;
	}
	if (fi_protected(f, snb)) {
		vb_guest_error(f->d->base + s.off, "FLASH: erase of write-protected sector %u",
		               snb);
		fi_flag(f, f->d->wrperr);
		return;
	}
	fi_erase(f, s.off, s.size, (uint64_t)s.run->erase_ms[fi_psize(f)] * 1000000u);
}

static void fi_mass_erase(struct vb_flashif *f)
{
	uint64_t ms = f->d->mass_ms[fi_psize(f)];
	struct fi_sector s;

	for (unsigned int n = 0; fi_sector(f, n, &s); n++) {
		if (fi_protected(f, n)) {
			vb_guest_error(f->d->base + s.off,
			               "FLASH: mass/bank erase with sector %u write-protected", n);
			fi_flag(f, f->d->wrperr);
			return;
		}
		if (!f->d->mass_ms[0])
			ms += s.run->erase_ms[fi_psize(f)];
	}
	fi_erase(f, 0, f->size, ms * 1000000u);
}

/* START/STRT: SER and MER/BER select the operation (RM0385, RM0433: with
 * both or neither set nothing is erased). */
static void fi_start(struct vb_flashif *f, uint32_t cr)
{
	bool ser = cr & f->d->ser, mer = cr & f->d->mer;

	if (!f->d->start_until_done)
		*fi_reg(f, f->d->cr) &= ~f->d->start;
	fi_stall(f);
	if (ser == mer) {
		vb_guest_error(f->k->d->base + f->d->cr,
		               "FLASH: start with %s of sector and mass/bank erase selected",
		               ser ? "both" : "neither");
		fi_flag(f, f->d->pgserr);
		if (f->d->start_until_done)
			*fi_reg(f, f->d->cr) &= ~f->d->start;
		return;
	}
	if (f->wb_have) {
		vb_guest_error(f->k->d->base + f->d->cr,
		               "FLASH: erase started with a flash word half written");
		fi_flag(f, f->d->pgserr);
	}
	if (ser)
		fi_sector_erase(f, cr);
	else
		fi_mass_erase(f);
	if (!f->busy && f->d->start_until_done)
		*fi_reg(f, f->d->cr) &= ~f->d->start;
}

/* ---- programming -------------------------------------------------------- */

static void fi_wb_clear(struct vb_flashif *f)
{
	f->wb_have = 0;
	*fi_reg(f, f->d->sr) &= ~f->d->wbne;
}

/* H7: the write buffer goes to the array (missing bytes stay erased). */
static void fi_wb_program(struct vb_flashif *f)
{
	for (unsigned int i = 0; i < f->d->word; i++)
		if (!(f->wb_have & BIT(i)))
			f->wb[i] = 0xFF;
	fi_wb_clear(f);
	/* the buffer fills while the previous word is programmed; a full
	 * word waits for it (QW1) */
	fi_stall(f);
	fi_program(f, f->wb_addr, f->wb, f->d->word);
}

/* H7 (RM0433): bytes gather in the write buffer, one flash word at a time;
 * the word is programmed when all its bytes are there. */
static void fi_wb_write(struct vb_flashif *f, uint32_t off, unsigned int size, const uint8_t *b)
{
	uint32_t word = off & ~(f->d->word - 1u);
	uint32_t lanes = (uint32_t)((1ull << size) - 1u) << (off - word);

	if (f->wb_have && word != f->wb_addr) {
		vb_guest_error(f->d->base + off,
		               "FLASH: write into another flash word than the one in the write "
		               "buffer (0x%08x): inconsistency error",
		               f->d->base + f->wb_addr);
		fi_flag(f, f->d->incerr);
		fi_wb_clear(f);
		return;
	}
	if (f->wb_have & lanes) {
		vb_guest_error(f->d->base + off, "FLASH: byte written twice in the write buffer: "
		                                 "strobe error");
		fi_flag(f, f->d->strberr);
		fi_wb_clear(f);
		return;
	}
	f->wb_addr = word;
	f->wb_have |= lanes;
	memcpy(f->wb + (off - word), b, size);
	fi_flag(f, f->d->wbne);
	if (f->wb_have == (uint32_t)((1ull << f->d->word) - 1u))
		fi_wb_program(f);
}

static void fi_write(struct vb_flashif *f, enum vb_initiator who, uint32_t off, unsigned int size,
                     uint64_t val)
{
	uint32_t cr = *fi_reg(f, f->d->cr);
	unsigned int sector = fi_sector_of(f, off);
	uint8_t b[8];

	for (unsigned int i = 0; i < size; i++)
		b[i] = (uint8_t)(val >> (8 * i));
	fi_poll(f);
	if (!(cr & f->d->pg)) {
		vb_guest_error(f->d->base + off,
		               "%s write%u of 0x%llx to flash without PG: programming sequence "
		               "error",
		               who == VB_INIT_CORE ? "core" : "debugger", size * 8,
		               (unsigned long long)val);
		fi_flag(f, f->d->pgserr);
		return;
	}
	if (fi_protected(f, sector)) {
		vb_guest_error(f->d->base + off, "FLASH: program of write-protected sector %u",
		               sector);
		fi_flag(f, f->d->wrperr);
		return;
	}
	if (f->d->word) {
		fi_wb_write(f, off, size, b);
		return;
	}
	/* F7 (RM0385): the access size must be the parallelism PSIZE. */
	if (size != 1u << fi_psize(f)) {
		vb_guest_error(f->d->base + off,
		               "FLASH: write%u with PSIZE x%u: programming parallelism error",
		               size * 8, 8u << fi_psize(f));
		fi_flag(f, f->d->pgperr);
		return;
	}
	fi_stall(f);
	fi_program(f, off, b, size);
}

/* ---- entry points ------------------------------------------------------- */

void vb_flashif_reset(struct vb_blk *k, const struct vb_flashif_desc *d)
{
	struct vb_flashif *f = fi_of(k);

	if (!f) {
		const struct vb_board_info *info = k->soc->info;

		f = calloc(1, sizeof(*f));
		if (!f) {
			fprintf(stderr, "vboard: out of memory\n");
			abort();
		}
		f->d = d;
		f->k = k;
		f->size = info->flash_size_kib * KIB;
		f->array = vb_bus_backing(k->soc->board, d->base, f->size);
		if (!f->array) {
			fprintf(stderr, "vboard: internal error: no flash array at 0x%08x\n",
			        d->base);
			abort();
		}
		k->ext = f;
		k->soc->flash = k;
	}
	vb_flashif_sync(k->soc);
	f->busy = false;
	f->wb_have = 0;
}

void vb_flashif_update(struct vb_blk *k)
{
	struct vb_flashif *f = fi_of(k);

	if (!f)
		return;
	fi_poll(f);
	/* F7 STRT reads 1 until BSY clears (RM0385); done here, on the
	 * read side, so that an operation ending lazily inside a FLASH_CR
	 * write cannot clear the STRT being written */
	if (!f->busy && f->d->start_until_done)
		*fi_reg(f, f->d->cr) &= ~f->d->start;
}

void vb_flashif_cr_written(struct vb_blk *k, uint32_t old)
{
	struct vb_flashif *f = fi_of(k);
	uint32_t cr;

	if (!f)
		return;
	cr = *fi_reg(f, f->d->cr);
	fi_poll(f);
	if (f->busy && f->d->start_until_done) {
		/* F7: a FLASH_CR write stalls until BSY clears (RM0385) */
		fi_stall(f);
		*fi_reg(f, f->d->cr) = cr;
	}
	if (f->d->fw && (cr & f->d->fw)) {
		/* FW1 (RM0433): program the partial word; cleared by hardware */
		*fi_reg(f, f->d->cr) &= ~f->d->fw;
		if (f->wb_have)
			fi_wb_program(f);
	}
	if ((old & f->d->pg) && !(cr & f->d->pg) && f->wb_have) {
		vb_guest_error(k->d->base + f->d->cr,
		               "FLASH: PG cleared with a flash word half written: discarded");
		fi_flag(f, f->d->pgserr);
		fi_wb_clear(f);
	}
	if (cr & f->d->start)
		fi_start(f, cr);
}

static struct vb_flashif *fi_of_soc(struct vb_soc *s)
{
	return s ? fi_of(s->flash) : NULL;
}

static bool fi_in_array(const struct vb_flashif *f, uint32_t addr, unsigned int size)
{
	return f && addr >= f->d->base && (uint64_t)addr + size <= (uint64_t)f->d->base + f->size &&
	       size <= MAX_FIX && !(addr & (size - 1u));
}

/* Put back what the last core store's raw write replaced. */
static void fi_fix(struct vb_flashif *f)
{
	if (!f->fix)
		return;
	f->fix = false;
	if (memcmp(f->array + f->fix_off, f->fix_bytes, f->fix_len)) {
		memcpy(f->array + f->fix_off, f->fix_bytes, f->fix_len);
		fi_changed(f, f->fix_off, f->fix_len);
	}
}

int vb_flashif_bus_write(struct vb_soc *s, enum vb_initiator who, uint32_t addr, unsigned int size,
                         uint64_t val)
{
	struct vb_flashif *f = fi_of_soc(s);

	if (!fi_in_array(f, addr, size))
		return VB_FLASHIF_NOT_ARRAY;
	vb_flashif_sync(s);
	fi_write(f, who, addr - f->d->base, size, val);
	return VB_BUS_OK;
}

bool vb_flashif_core_store(struct vb_soc *s, uint32_t addr, unsigned int size, uint64_t val)
{
	struct vb_flashif *f = fi_of_soc(s);
	uint32_t off;

	if (!fi_in_array(f, addr, size))
		return false;
	f->in_store = true;
	fi_fix(f);
	off = addr - f->d->base;
	fi_write(f, VB_INIT_CORE, off, size, val);
	f->fix = true;
	f->fix_off = off;
	f->fix_len = size;
	memcpy(f->fix_bytes, f->array + off, size);
	f->in_store = false;
	return true;
}

void vb_flashif_sync(struct vb_soc *s)
{
	struct vb_flashif *f = fi_of_soc(s);

	if (!f)
		return;
	fi_fix(f);
	fi_flush(f);
}
