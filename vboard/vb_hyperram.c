// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the HyperRAM on a HyperBus (vb_hyperram.h), S70KL1281 on the
 * STM32H735G-DK's OCTOSPI2.
 *
 * Sources (facts only, no code taken; [tag] is cited below):
 *  [NOTES] ../shared/data/notes/hyperram.md (board wiring, CA word,
 *          register map, ST BSP behaviour).
 *  [ST]    STMicroelectronics stm32-s70kl1281 s70kl1281.h (register byte
 *          addresses 0x0000/0x0002/0x1000/0x1002, field masks, BL and IL
 *          encodings, DS codes, DPDE, CR1.DRI codes, die address field
 *          ID0[15:14], ID1 device type 0 = HyperRAM, 16 MiB).
 *  [FMF]   Free Model Foundry s27kl0641.vhd V1.8 ("updated to datasheet
 *          001-97964 Rev *K"): CR0 default 0x8F1F, CR1 default 0x0002,
 *          CR0[2] = 0 selects the hybrid burst (1 = legacy wrap), wrapped
 *          and hybrid address sequences, linear bursts wrap from the last
 *          address of the die to 0, RWDS high during CA in fixed latency,
 *          register writes take the word right after CA, a CR0 write with
 *          bit 15 = 0 enters deep power-down, register reads answer the
 *          addressed register on every word.
 *  [PULP]  ETH Zurich / Univ. Bologna hyperbus_tb_pkg.sv: CR0 default
 *          fields {DPD 1, DS 000, reserved 1111, IL 0001, FLE 1, HBE 1,
 *          BL 11} = 0x8F1F (second independent source for the default).
 *
 * Unconfirmed (no public copy of Cypress 001-97964 found in the search
 * corpus; values from geometry or memory of the datasheet):
 *  - ID0 row/column counts: 13 row and 9 column word-address bits (fields
 *    hold count - 1) fit the 4 Mi-word die, giving ID0 0x0C81 / 0x4C81;
 *    manufacturer 1 = Cypress agrees with [FMF]'s ID0 low nibble, whose
 *    other fields (0x1FF1) do not decode as bit counts.
 *  - CR1 bits other than DRI: kept as the default (0) here.
 *  - Deep power-down loses the array content of that die (the datasheet's
 *    DPD description, from memory): the die is refilled with a fresh
 *    pseudo-random pattern on entry.
 *  - Reserved IL codes (0010..1101): the model keeps the old IL field.
 *  - A linear burst crossing the 8 MiB die boundary: [FMF] models one
 *    die, which wraps to its address 0; the other die of the stack never
 *    decoded the CA word, so it stays quiet. Modelled like that, with a
 *    guest error (the STM32 must set DCR3.CSBOUND = 23, [NOTES]).
 *
 * Byte order. The controller's buffer is in byte-address order (STM32
 * little-endian: the ST BSP reads CR0 as a uint16_t with NbData = 2, so
 * buf[0] is CR0[7:0]). On the wire each word goes upper byte first
 * ([FMF]: Mem(Address + 1) on the rising edge); the controller undoes
 * that, so this model never needs the wire order except where a byte is
 * sampled on the wrong edge (dqs off, below).
 *
 * The data stream. Everything a transfer does is expressed as positions
 * in the part's data stream: position 0 is the first byte of the word
 * the CA addresses (addr & ~1), each data clock moves two positions. A
 * controller whose latency differs from the part's by d clocks meets
 * the stream 2 * d positions later (d > 0, it waited longer: it lost the
 * first bytes) or earlier (d < 0: reads sample the floating bus, 0xFF;
 * writes drive bytes the part is not yet taking, lost). An odd address
 * starts one position in (the controller masks the first byte with RWDS
 * on writes and drops it on reads: the buffer carries exactly the bytes
 * the controller wants). Odd lengths likewise: the controller masks or
 * drops the last byte of the last word. A read without RWDS as strobe
 * (dqs off) samples half a clock late: every byte one position on, and
 * 0xFF where the part no longer drives (after the last clocked word).
 *
 * Guest errors are counted here and reported through vb_guest_error();
 * the transfer is still served the way the wire would serve it.
 */
#include "vb.h"
#include "vb_hyperram.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Register-space byte addresses within a die [ST]. */
#define HR_REG_ID0 0x0000u
#define HR_REG_ID1 0x0002u
#define HR_REG_CR0 0x1000u
#define HR_REG_CR1 0x1002u

/* ID0 fields [ST] [NOTES]. */
#define HR_ID0_MANUF(v)    ((uint16_t)((v)&0xFu))
#define HR_ID0_COLS(n)     ((uint16_t)((((n)-1u) & 0xFu) << 4))
#define HR_ID0_ROWS(n)     ((uint16_t)((((n)-1u) & 0x1Fu) << 8))
#define HR_ID0_DIE_SHIFT   14
#define HR_ID0_DIE_MASK    0xC000u
#define HR_MANUF_CYPRESS   1u
#define HR_ID1_DT_HYPERRAM 0x0000u

/* CR0 fields [ST] [FMF]. */
#define HR_CR0_BL       0x0003u
#define HR_CR0_HBE      0x0004u /* 1 = legacy wrap, 0 = hybrid [FMF] */
#define HR_CR0_FLE      0x0008u
#define HR_CR0_IL       0x00F0u
#define HR_CR0_IL_SHIFT 4
#define HR_CR0_RSVD     0x0F00u /* write 1s, read 1s [NOTES] */
#define HR_CR0_DS       0x7000u
#define HR_CR0_DPDE     0x8000u /* 1 = normal; writing 0 enters DPD */

/* CR1 fields [ST]. */
#define HR_CR1_DRI 0x0003u

/* The bus floats high where nobody drives it. */
#define HR_FLOAT 0xFFu

struct vb_hr_part {
	const char *name;
	unsigned int dies;
	uint32_t die_bytes;
	uint16_t id0; /* die 0; die n has n in ID0[15:14] */
	uint16_t id1;
	uint16_t cr0_por, cr1_por;
};

static const struct vb_hr_part hr_parts[] = {
	{
	        /* Two S27KL0641-class 64 Mbit dies [NOTES] [ST]. */
	        .name = "S70KL1281",
	        .dies = 2,
	        .die_bytes = 8u << 20,
	        .id0 = HR_ID0_MANUF(HR_MANUF_CYPRESS) | HR_ID0_COLS(9) | HR_ID0_ROWS(13),
	        .id1 = HR_ID1_DT_HYPERRAM,
	        .cr0_por = 0x8F1F, /* [FMF] [PULP]: DPD off, 34 ohm, IL 6, fixed, legacy, 32 B */
	        .cr1_por = 0x0002, /* [FMF]: DRI = 10, default refresh interval */
	},
};

#define HR_MAX_DIES 2

struct vb_hr_die {
	uint16_t cr0, cr1;
	bool dpd; /* deep power-down: nothing answers until power_on */
};

struct vb_hr_counters {
	uint64_t reads, writes, bytes;
	uint64_t reg_reads, reg_writes;
	uint64_t latency_mismatches, wrap_mismatches, die_wraps, dqs_off, dpd_ignored;
	uint64_t guest_errors;
};

struct vb_hyperram {
	const struct vb_hr_part *p;
	uint8_t *mem;
	uint32_t size;
	uint64_t fill_gen; /* seed of the next pseudo-random fill */
	struct vb_hr_die die[HR_MAX_DIES];
	struct vb_hr_counters cnt;
};

/* ---- misuse ------------------------------------------------------------------ */

static void misuse(struct vb_hyperram *h, uint32_t addr, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void misuse(struct vb_hyperram *h, uint32_t addr, const char *fmt, ...)
{
	char text[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	h->cnt.guest_errors++;
	vb_guest_error(addr, "hyperram %s: %s", h->p->name, text);
}

/* ---- content ----------------------------------------------------------------- */

/*
 * A DRAM's content is undefined after power-up (and after deep power-down):
 * a deterministic pseudo-random pattern (splitmix64 steps), so a test
 * never passes by reading zeros and a failure reproduces.
 */
static void fill_random(uint8_t *p, uint32_t len, uint64_t seed)
{
	uint64_t s = seed * 0x9E3779B97F4A7C15ull + 0x5DEECE66Dull;

	for (uint32_t i = 0; i < len; i += 8) {
		uint64_t z = (s += 0x9E3779B97F4A7C15ull);
		uint32_t n = len - i < 8 ? len - i : 8;

		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
		z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
		z ^= z >> 31;
		for (uint32_t k = 0; k < n; k++)
			p[i + k] = (uint8_t)(z >> (8 * k));
	}
}

/* ---- registers --------------------------------------------------------------- */

static unsigned int die_of(const struct vb_hyperram *h, uint32_t addr)
{
	return (addr & (h->size - 1)) / h->p->die_bytes;
}

/* CR0.IL in clocks, or 0 for a reserved code [ST]. */
static uint32_t il_clocks(uint16_t cr0)
{
	switch ((cr0 & HR_CR0_IL) >> HR_CR0_IL_SHIFT) {
	case 0x0:
		return 5;
	case 0x1:
		return 6;
	case 0xE:
		return 3;
	case 0xF:
		return 4;
	default:
		return 0;
	}
}

/* CR0.BL in bytes [ST]. */
static uint32_t burst_bytes(uint16_t cr0)
{
	static const uint32_t bl[4] = { 128, 64, 16, 32 };

	return bl[cr0 & HR_CR0_BL];
}

/* Register value by die-relative register-space byte address; false when
 * nothing is there. */
static bool reg_get(const struct vb_hyperram *h, unsigned int d, uint32_t off, uint16_t *v)
{
	switch (off & ~1u) {
	case HR_REG_ID0:
		*v = (uint16_t)((h->p->id0 & ~HR_ID0_DIE_MASK) | (d << HR_ID0_DIE_SHIFT));
		return true;
	case HR_REG_ID1:
		*v = h->p->id1;
		return true;
	case HR_REG_CR0:
		*v = h->die[d].cr0;
		return true;
	case HR_REG_CR1:
		*v = h->die[d].cr1;
		return true;
	default:
		return false;
	}
}

static void enter_dpd(struct vb_hyperram *h, unsigned int d)
{
	h->die[d].dpd = true;
	/* DPD does not retain the array (unconfirmed, see the top). */
	fill_random(h->mem + (size_t)d * h->p->die_bytes, h->p->die_bytes, h->fill_gen++);
}

static void cr0_write(struct vb_hyperram *h, unsigned int d, uint32_t addr, uint16_t v)
{
	struct vb_hr_die *die = &h->die[d];

	if ((v & HR_CR0_RSVD) != HR_CR0_RSVD)
		misuse(h, addr, "CR0 write 0x%04x with reserved bits [11:8] not all 1", v);
	if (!il_clocks(v)) {
		misuse(h, addr, "CR0 write 0x%04x: reserved initial latency code %u, IL kept", v,
		       (v & HR_CR0_IL) >> HR_CR0_IL_SHIFT);
		v = (uint16_t)((v & ~HR_CR0_IL) | (die->cr0 & HR_CR0_IL));
	}
	die->cr0 = (uint16_t)(v | HR_CR0_RSVD);
	if (!(v & HR_CR0_DPDE))
		enter_dpd(h, d);
}

static void reg_write_value(struct vb_hyperram *h, unsigned int d, uint32_t addr, uint32_t off,
                            uint16_t v)
{
	switch (off & ~1u) {
	case HR_REG_CR0:
		cr0_write(h, d, addr, v);
		break;
	case HR_REG_CR1:
		h->die[d].cr1 = (uint16_t)((h->die[d].cr1 & ~HR_CR1_DRI) | (v & HR_CR1_DRI));
		break;
	case HR_REG_ID0:
	case HR_REG_ID1:
		misuse(h, addr, "write 0x%04x to read-only ID register 0x%04" PRIx32 ": ignored", v,
		       off);
		break;
	default:
		misuse(h, addr, "write 0x%04x to no register (0x%04" PRIx32 "): ignored", v, off);
		break;
	}
}

/* ---- the data stream --------------------------------------------------------- */

struct hr_burst {
	uint32_t die_base;  /* array offset of the die */
	uint32_t die_bytes; /* die size */
	uint32_t start;     /* die-relative offset of the CA's word */
	uint32_t wrap;      /* 0: linear, else the part's wrap group */
	bool hybrid;        /* one wrapped group, then linear from the next */
	bool crossed;       /* a position went past the die end */
};

/* Array offset of stream position k (>= 0): [FMF]'s address sequences. */
static uint32_t burst_pos(struct hr_burst *b, uint64_t k)
{
	uint64_t off = b->start + k;

	if (b->wrap) {
		uint32_t base = b->start & ~(b->wrap - 1);

		if (!b->hybrid || k < b->wrap)
			off = base + ((b->start - base + k) & (b->wrap - 1));
		else
			off = base + k; /* hybrid: linear from base + wrap on */
	}
	if (off >= b->die_bytes) {
		b->crossed = true;
		off %= b->die_bytes;
	}
	return b->die_base + (uint32_t)off;
}

/*
 * Positions the controller meets: buf[i] is stream position first + i.
 * end: the part drives/takes data only while the controller clocks.
 */
struct hr_window {
	int64_t first;
	int64_t end;
};

static struct hr_window window_of(const struct vb_hbus_xfer *x, uint32_t need)
{
	int64_t shift = 2 * ((int64_t)x->latency_clocks - (int64_t)need);
	int64_t odd = x->addr & 1u;
	struct hr_window w;

	w.first = odd + shift;
	w.end = (int64_t)((odd + x->len + 1) & ~(uint64_t)1) + shift;
	if (x->read && !x->dqs)
		w.first += 1; /* sampled half a clock late */
	return w;
}

static void check_latency(struct vb_hyperram *h, const struct vb_hbus_xfer *x, uint32_t need)
{
	if (x->latency_clocks == need)
		return;
	h->cnt.latency_mismatches++;
	misuse(h, x->addr,
	       "%s %s at 0x%08" PRIx32 " after %" PRIu32 " latency clocks; part needs %" PRIu32,
	       x->reg_space ? "register" : "memory", x->read ? "read" : "write", x->addr,
	       x->latency_clocks, need);
}

static void check_dqs(struct vb_hyperram *h, const struct vb_hbus_xfer *x)
{
	if (!x->read || x->dqs)
		return;
	h->cnt.dqs_off++;
	misuse(h, x->addr, "read at 0x%08" PRIx32 " without RWDS as data strobe: data misaligned",
	       x->addr);
}

/* ---- access ------------------------------------------------------------------ */

static void reg_read(struct vb_hyperram *h, unsigned int d, uint32_t off, uint32_t need,
                     struct vb_hbus_xfer *x)
{
	struct hr_window w = window_of(x, need);
	uint16_t v = 0xFFFF;

	h->cnt.reg_reads++;
	if (!reg_get(h, d, off, &v))
		misuse(h, x->addr, "read of no register (0x%04" PRIx32 "): bus floats", off);
	/* The addressed register on every word [FMF]. */
	for (uint32_t i = 0; i < x->len; i++) {
		int64_t k = w.first + i;

		x->buf[i] = k < 0 || k >= w.end ? HR_FLOAT : (uint8_t)(v >> (8 * (k & 1)));
	}
}

static void reg_write(struct vb_hyperram *h, unsigned int d, uint32_t off, struct vb_hbus_xfer *x)
{
	uint16_t v;

	h->cnt.reg_writes++;
	if (x->addr & 1u)
		misuse(h, x->addr, "register write at an odd address");
	if (x->len < 2) {
		misuse(h, x->addr, "register write of %" PRIu32 " bytes: needs one word, ignored",
		       x->len);
		return;
	}
	if (x->len > 2)
		misuse(h, x->addr,
		       "register write of %" PRIu32 " bytes: only the first word counts", x->len);
	/*
	 * The part latches the word on DQ at the first data clock after CA
	 * [FMF]. A controller that inserts latency is not driving data yet:
	 * the lines float high and the register gets 0xFFFF.
	 */
	if (x->latency_clocks)
		v = 0xFFFF;
	else
		v = (uint16_t)(x->buf[0] | x->buf[1] << 8);
	reg_write_value(h, d, x->addr, off, v);
}

static void mem_access(struct vb_hyperram *h, unsigned int d, uint32_t a, uint32_t need,
                       struct vb_hbus_xfer *x)
{
	const struct vb_hr_die *die = &h->die[d];
	struct hr_window w = window_of(x, need);
	struct hr_burst b = {
		.die_base = d * h->p->die_bytes,
		.die_bytes = h->p->die_bytes,
		.start = (a & ~1u) - d * h->p->die_bytes,
	};

	if (!x->linear) {
		b.wrap = burst_bytes(die->cr0);
		b.hybrid = !(die->cr0 & HR_CR0_HBE);
		if (x->wrap_bytes != b.wrap) {
			h->cnt.wrap_mismatches++;
			misuse(h, x->addr,
			       "wrapped burst of %" PRIu32 " bytes; CR0.BL says %" PRIu32 "%s",
			       x->wrap_bytes, b.wrap, b.hybrid ? " (hybrid)" : "");
		}
	}
	if (x->read) {
		h->cnt.reads++;
		for (uint32_t i = 0; i < x->len; i++) {
			int64_t k = w.first + i;

			x->buf[i] =
			        k < 0 || k >= w.end ? HR_FLOAT : h->mem[burst_pos(&b, (uint64_t)k)];
		}
	} else {
		h->cnt.writes++;
		for (uint32_t i = 0; i < x->len; i++) {
			int64_t k = w.first + i;

			if (k >= 0)
				h->mem[burst_pos(&b, (uint64_t)k)] = x->buf[i];
		}
	}
	if (b.crossed) {
		h->cnt.die_wraps++;
		misuse(h, x->addr,
		       "burst at 0x%08" PRIx32 " of %" PRIu32 " bytes ran past the end of die %u: "
		       "wrapped to its start (set CSBOUND)",
		       x->addr, x->len, d);
	}
}

void vb_hyperram_xfer(struct vb_hyperram *h, struct vb_hbus_xfer *x)
{
	uint32_t a = x->addr;
	uint32_t need;
	unsigned int d;

	if (a >= h->size) {
		misuse(h, a, "address 0x%08" PRIx32 " beyond the part's %" PRIu32 " bytes", a,
		       h->size);
		a &= h->size - 1;
	}
	d = die_of(h, a);
	if (h->die[d].dpd) {
		h->cnt.dpd_ignored++;
		misuse(h, x->addr, "access to die %u in deep power-down: ignored", d);
		if (x->read)
			memset(x->buf, HR_FLOAT, x->len);
		return;
	}
	/* Before the access: a CR0 write may change what the next one needs. */
	need = vb_hyperram_latency_needed(h, x);
	h->cnt.bytes += x->len;
	if (x->reg_space) {
		uint32_t off = a - d * h->p->die_bytes;

		if (x->read)
			reg_read(h, d, off, need, x);
		else
			reg_write(h, d, off, x);
	} else {
		mem_access(h, d, a, need, x);
	}
	check_latency(h, x, need);
	check_dqs(h, x);
}

/* ---- latency ----------------------------------------------------------------- */

bool vb_hyperram_rwds_high(const struct vb_hyperram *h, uint32_t addr)
{
	const struct vb_hr_die *die = &h->die[die_of(h, addr)];

	/* Fixed latency: always high [FMF]. Variable: high only on a refresh
	 * collision, which this model never has (deterministic). */
	return !die->dpd && (die->cr0 & HR_CR0_FLE);
}

uint32_t vb_hyperram_latency_needed(const struct vb_hyperram *h, const struct vb_hbus_xfer *x)
{
	const struct vb_hr_die *die = &h->die[die_of(h, x->addr)];
	uint32_t il = il_clocks(die->cr0);

	if (x->reg_space && !x->read)
		return 0; /* register writes: zero latency [NOTES] [FMF] */
	return vb_hyperram_rwds_high(h, x->addr) ? 2 * il : il;
}

/* ---- life cycle -------------------------------------------------------------- */

struct vb_hyperram *vb_hyperram_new(const char *part)
{
	const struct vb_hr_part *p = NULL;
	struct vb_hyperram *h;

	for (size_t i = 0; i < sizeof(hr_parts) / sizeof(hr_parts[0]); i++)
		if (part && !strcmp(part, hr_parts[i].name))
			p = &hr_parts[i];
	if (!p) {
		fprintf(stderr,
		        "vboard: unknown HyperRAM part '%s'; known:", part ? part : "(null)");
		for (size_t i = 0; i < sizeof(hr_parts) / sizeof(hr_parts[0]); i++)
			fprintf(stderr, " %s", hr_parts[i].name);
		fputc('\n', stderr);
		return NULL;
	}
	if (p->dies > HR_MAX_DIES)
		abort(); /* model bug: raise HR_MAX_DIES */
	h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->p = p;
	h->size = p->dies * p->die_bytes;
	h->mem = malloc(h->size);
	if (!h->mem) {
		free(h);
		fprintf(stderr, "vboard: no memory for the %s array\n", p->name);
		return NULL;
	}
	fill_random(h->mem, h->size, h->fill_gen++);
	vb_hyperram_power_on(h);
	return h;
}

void vb_hyperram_free(struct vb_hyperram *h)
{
	if (!h)
		return;
	free(h->mem);
	free(h);
}

/*
 * Registers to their defaults, deep power-down left. The content stays:
 * the board calls this on its resets too, when the HyperRAM's supply
 * does not drop and a self-refreshing DRAM keeps its data. (After a real
 * power cycle it is undefined; the array was random at creation.)
 */
void vb_hyperram_power_on(struct vb_hyperram *h)
{
	for (unsigned int d = 0; d < h->p->dies; d++) {
		h->die[d].cr0 = h->p->cr0_por;
		h->die[d].cr1 = h->p->cr1_por;
		h->die[d].dpd = false;
	}
}

uint32_t vb_hyperram_size(const struct vb_hyperram *h)
{
	return h->size;
}

const char *vb_hyperram_name(const struct vb_hyperram *h)
{
	return h->p->name;
}

uint8_t *vb_hyperram_array(struct vb_hyperram *h)
{
	return h->mem;
}

uint16_t vb_hyperram_reg(const struct vb_hyperram *h, uint32_t reg_addr)
{
	uint32_t a = reg_addr & (h->size - 1);
	unsigned int d = die_of(h, a);
	uint16_t v = 0xFFFF; /* no register there: what the floating bus gives */

	reg_get(h, d, a - d * h->p->die_bytes, &v);
	return v;
}

void vb_hyperram_json(FILE *f, const struct vb_hyperram *h)
{
	const struct vb_hr_counters *c = &h->cnt;

	fprintf(f,
	        "{ \"part\": \"%s\", \"size\": %" PRIu32 ", \"reads\": %" PRIu64
	        ", \"writes\": %" PRIu64 ", \"bytes\": %" PRIu64 ", \"register_reads\": %" PRIu64
	        ", \"register_writes\": %" PRIu64 ", \"latency_mismatches\": %" PRIu64
	        ", \"wrap_mismatches\": %" PRIu64 ", \"die_boundary_wraps\": %" PRIu64
	        ", \"dqs_off_reads\": %" PRIu64 ", \"dpd_ignored\": %" PRIu64
	        ", \"guest_errors\": %" PRIu64 " }",
	        h->p->name, h->size, c->reads, c->writes, c->bytes, c->reg_reads, c->reg_writes,
	        c->latency_mismatches, c->wrap_mismatches, c->die_wraps, c->dqs_off, c->dpd_ignored,
	        c->guest_errors);
}
