// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the OCTOSPI I/O manager (OCTOSPIM) of the STM32H72x/73x: its
 * three registers, and from them whether each OCTOSPI instance's signals
 * reach the memory the board wires to it (vb_octospi_set_routed).
 *
 * Sources:
 *  - RM0468 (STM32H723/733, H725/735, H730), "OCTOSPI I/O manager
 *    (OCTOSPIM)": CR (MUXEN, REQ2ACK_TIME) at +0x00, P1CR at +0x04, P2CR
 *    at +0x08; field layout in include/stm32/octospi_regs.h (from CMSIS
 *    stm32h735xx.h @13ba9da, OCTOSPI_H735_bitfields.txt).
 *  - Reset values CR = 0x00000000, P1CR = 0x03010111, P2CR = 0x07050333
 *    (RM0468 OCTOSPIM register descriptions; the same values are in the
 *    SVD-derived stm32ral crate's stm32h7 octospii_o_manager reset table,
 *    and a debugger dump of an H730 with the IOMNGR clock on shows exactly
 *    these, per the forum notes cited in peripherals.md item 8). Decoded:
 *    port 1 gets OCTOSPI1's clock, DQS, nCS, IO[3:0] on IOL and IO[7:4] on
 *    IOH; port 2 the same from OCTOSPI2: out of reset each instance owns
 *    its own port.
 *  - Writable bits: CR 0x00FF0001, PnCR 0x07070333 (every field of the
 *    register descriptions; the rest is reserved and reads 0).
 *  - IOLSRC / IOHSRC: 00 OCTOSPI1 IO[3:0], 01 OCTOSPI1 IO[7:4],
 *    10 OCTOSPI2 IO[3:0], 11 OCTOSPI2 IO[7:4] (RM0468 PnCR; consistent
 *    with the reset values above). CLKSRC, DQSSRC, NCSSRC: 0 OCTOSPI1,
 *    1 OCTOSPI2.
 *  - Multiplexed mode (CR.MUXEN = 1): both instances share one port's
 *    clock, DQS and IO lines by time multiplexing; the OCTOSPIM arbitrates
 *    and waits REQ2ACK_TIME + 1 cycles between the two. Only the nCS stays
 *    per port and follows NCSSRC; CLKSRC, DQSSRC and the instance bit of
 *    IOLSRC / IOHSRC are then ignored (RM0468 PnCR bit notes as we read
 *    them; the nibble bit still picks IO[3:0] or IO[7:4]).
 *  - Clock gate RCC_AHB3ENR.IOMNGREN (bit 21; CMSIS stm32h735xx.h
 *    RCC_AHB3ENR_IOMNGREN_Pos, stm32-rs RCC AHB3ENR field table; OpenOCD's
 *    board/stm32h735g-disco.cfg sets it before writing P1CR). With the
 *    clock off the registers read 0 and ignore writes (peripherals.md
 *    item 8, ST forum "unable to read reset values of the STM32H730VB
 *    OCTOSPIM"): the bus applies the gate (vb_board.c gate_open), so the
 *    model never sees such an access. The routing itself is not gated:
 *    the same forum thread reports a board using the reset routing working
 *    with the registers unreadable.
 *
 * Silicon hazard (peripherals.md item 9, unconfirmed as an erratum; ST's
 * HAL_OSPIM_Config disables both OCTOSPI instances before it touches the
 * OCTOSPIM, the closest documented fact): a write that changes the port
 * configuration carrying an instance in memory-mapped mode breaks that
 * mode. Every such write is counted ("reconfigured_while_mm"), reported as
 * a guest error, and the instance is told: its route drops and comes back
 * (vb_octospi_set_routed false, then the new state), which it handles as
 * silicon would.
 *
 * Not modelled (documented limitation): the multiplexed-mode arbiter's
 * timing. The vboard's transfers are atomic, so two instances never
 * contend for a shared port, and ES0499 2.6.4 (peripherals.md item 7: in
 * multiplexed mode with both instances memory-mapped, a zero timeout
 * (TCEN = 0) keeps nCS low forever and the other instance deadlocks) does
 * not show; such a set-up is only reported as a guest error when MUXEN is
 * set while both instances are memory-mapped.
 */
#include <stdio.h>
#include <stdlib.h>

#include "stm32/octospi_regs.h"
#include "vb_octospi.h"

#define N_INST  2u
#define N_PORTS 2u

/* RM0468 reset values and writable bits, see the header comment. */
#define CR_RESET   0x00000000u
#define P1CR_RESET 0x03010111u
#define P2CR_RESET 0x07050333u
#define CR_WMASK   0x00FF0001u
#define PCR_WMASK  0x07070333u

/* What the memory of one instance needs from the port it is soldered to. */
struct mem_route {
	unsigned int port; /* 1 or 2 */
	bool iol, ioh;     /* uses the port's IO[3:0] / IO[7:4] */
};

/*
 * STM32H735G-DK (UM2679; peripherals.md "Board facts"): the MX25LM51245G
 * on port 1 and the S70KL1281 HyperRAM on port 2, both on all eight IOs of
 * their port, each port's IOL carrying the instance's IO[3:0] and IOH its
 * IO[7:4] (the reset routing). DQS is needed where the memory is a
 * HyperRAM (RWDS times every read and the latency, hyperram.md); the
 * octal NOR works in SPI and STR octal without it, and what a DTR read
 * sampled without DQS gives is the instance's business (CCR.DQSE), so
 * DQS is not part of its route.
 */
static const struct mem_route h735g_dk_routes[N_INST] = {
	{ .port = 1, .iol = true, .ioh = true },
	{ .port = 2, .iol = true, .ioh = true },
};

struct vb_octospim_counters {
	uint64_t writes;        /* register writes that changed a value */
	uint64_t route_changes; /* vb_octospi_set_routed calls with a new state */
	uint64_t reconfig_mm;   /* changes of a port carrying a memory-mapped instance */
	uint64_t mux_both_mm;   /* MUXEN set with both instances memory-mapped */
	uint64_t ignored_bits;  /* writes to reserved bits */
};

struct vb_octospim {
	struct vb_octospi *inst[N_INST];
	const struct mem_route *routes;
	uint32_t cr;
	uint32_t pcr[N_PORTS];
	bool routed[N_INST];
	bool told[N_INST]; /* routed[] was given to the instance at least once */
	struct vb_octospim_counters cnt;
};

/* ---- routing ------------------------------------------------------------- */

/* A one-bit source field (CLKSRC, DQSSRC, NCSSRC) of p, given by its mask:
 * 0 OCTOSPI1, 1 OCTOSPI2. (XSPI_FIELD_GET would expand the mask macro.) */
static unsigned int one_bit(uint32_t p, uint32_t mask)
{
	return (p & mask) ? 1u : 0u;
}

/* An IOLSRC / IOHSRC value gives the port nibble `nib` (0: IO[3:0], 1:
 * IO[7:4]) of instance i. In multiplexed mode the instance bit is ignored. */
static bool io_src_ok(uint32_t src, unsigned int i, unsigned int nib, bool mux)
{
	if (mux)
		return (src & 1u) == nib;
	return src == 2u * i + nib;
}

/* A one-bit source field (CLKSRC, DQSSRC) names instance i, or is ignored
 * in multiplexed mode. */
static bool src_ok(uint32_t src, unsigned int i, bool mux)
{
	return mux || src == i;
}

/* Do instance i's clock, nCS, IOs (and DQS when its memory needs it)
 * reach the memory the board wires to it, with registers cr / pcr? */
static bool reaches(const struct vb_octospim *m, unsigned int i, uint32_t cr,
                    const uint32_t pcr[N_PORTS])
{
	const struct mem_route *r = &m->routes[i];
	bool mux = cr & OCTOSPIM_CR_MUXEN;
	bool dqs = m->inst[i] && vb_octospi_hyperram(m->inst[i]);
	uint32_t p;

	if (!m->inst[i] || r->port < 1 || r->port > N_PORTS)
		return false;
	p = pcr[r->port - 1];
	/* nCS is never shared: the port's own nCS from the named instance */
	if (!(p & OCTOSPIM_PCR_NCSEN) || one_bit(p, OCTOSPIM_PCR_NCSSRC) != i)
		return false;
	if (!(p & OCTOSPIM_PCR_CLKEN) || !src_ok(one_bit(p, OCTOSPIM_PCR_CLKSRC), i, mux))
		return false;
	if (dqs && (!(p & OCTOSPIM_PCR_DQSEN) || !src_ok(one_bit(p, OCTOSPIM_PCR_DQSSRC), i, mux)))
		return false;
	if (r->iol && (!(p & OCTOSPIM_PCR_IOLEN) ||
	               !io_src_ok(XSPI_FIELD_GET(OCTOSPIM_PCR_IOLSRC, p), i, 0, mux)))
		return false;
	if (r->ioh && (!(p & OCTOSPIM_PCR_IOHEN) ||
	               !io_src_ok(XSPI_FIELD_GET(OCTOSPIM_PCR_IOHSRC, p), i, 1, mux)))
		return false;
	return true;
}

/* Does port value p drive any signal of instance i (so that changing it
 * disturbs i)? */
static bool port_carries(uint32_t p, unsigned int i, bool mux)
{
	if ((p & OCTOSPIM_PCR_NCSEN) && one_bit(p, OCTOSPIM_PCR_NCSSRC) == i)
		return true;
	if (mux)
		return p & (OCTOSPIM_PCR_CLKEN | OCTOSPIM_PCR_DQSEN | OCTOSPIM_PCR_IOLEN |
		            OCTOSPIM_PCR_IOHEN);
	return ((p & OCTOSPIM_PCR_CLKEN) && one_bit(p, OCTOSPIM_PCR_CLKSRC) == i) ||
	       ((p & OCTOSPIM_PCR_DQSEN) && one_bit(p, OCTOSPIM_PCR_DQSSRC) == i) ||
	       ((p & OCTOSPIM_PCR_IOLEN) && XSPI_FIELD_GET(OCTOSPIM_PCR_IOLSRC, p) / 2u == i) ||
	       ((p & OCTOSPIM_PCR_IOHEN) && XSPI_FIELD_GET(OCTOSPIM_PCR_IOHSRC, p) / 2u == i);
}

/* Did the change from (cr0, pcr0) to the current registers touch a port
 * that carries instance i, before or after? */
static bool disturbs(const struct vb_octospim *m, unsigned int i, uint32_t cr0,
                     const uint32_t pcr0[N_PORTS])
{
	bool mux0 = cr0 & OCTOSPIM_CR_MUXEN, mux = m->cr & OCTOSPIM_CR_MUXEN;

	for (unsigned int p = 0; p < N_PORTS; p++) {
		bool changed = pcr0[p] != m->pcr[p] || mux0 != mux ||
		               (mux && XSPI_FIELD_GET(OCTOSPIM_CR_REQ2ACK_TIME, cr0 ^ m->cr));

		if (changed && (port_carries(pcr0[p], i, mux0) || port_carries(m->pcr[p], i, mux)))
			return true;
	}
	return false;
}

/* Tell instance i its route, when it changed (or was never told). */
static void tell(struct vb_octospim *m, unsigned int i, bool routed)
{
	if (m->told[i] && m->routed[i] == routed)
		return;
	if (m->told[i])
		m->cnt.route_changes++;
	m->told[i] = true;
	m->routed[i] = routed;
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "OCTOSPIM: OCTOSPI%u %s its memory", i + 1,
		         routed ? "reaches" : "no longer reaches");
	vb_octospi_set_routed(m->inst[i], routed);
}

/* After a register change from (cr0, pcr0): the hazard, then the routes. */
static void update(struct vb_octospim *m, uint32_t cr0, const uint32_t pcr0[N_PORTS])
{
	for (unsigned int i = 0; i < N_INST; i++) {
		bool now;

		if (!m->inst[i])
			continue;
		now = reaches(m, i, m->cr, m->pcr);
		if (vb_octospi_mm_active(m->inst[i]) && disturbs(m, i, cr0, pcr0)) {
			m->cnt.reconfig_mm++;
			vb_guest_error(
			        OCTOSPIM_H7_BASE,
			        "OCTOSPIM reconfigured (CR 0x%08x, P1CR 0x%08x, P2CR 0x%08x) "
			        "on a port carrying OCTOSPI%u in memory-mapped mode: the mode "
			        "breaks until the instance is aborted and set up again",
			        m->cr, m->pcr[0], m->pcr[1], i + 1);
			/* the signals glitch: the route drops, then settles */
			tell(m, i, false);
		}
		tell(m, i, now);
	}
}

/* ---- registers ----------------------------------------------------------- */

static uint32_t *reg_ptr(struct vb_octospim *m, uint32_t off)
{
	switch (off) {
	case OCTOSPIM_CR:
		return &m->cr;
	case OCTOSPIM_PCR(1):
		return &m->pcr[0];
	case OCTOSPIM_PCR(2):
		return &m->pcr[1];
	default:
		return NULL;
	}
}

static uint32_t reg_read(void *ctx, uint32_t off, unsigned int size)
{
	struct vb_octospim *m = ctx;
	uint32_t *r = reg_ptr(m, off & ~3u);
	uint32_t v = r ? *r >> (8 * (off & 3u)) : 0;

	return size == 4 ? v : v & ((1u << (8 * size)) - 1u);
}

static bool both_mm(const struct vb_octospim *m)
{
	return m->inst[0] && m->inst[1] && vb_octospi_mm_active(m->inst[0]) &&
	       vb_octospi_mm_active(m->inst[1]);
}

static void reg_write(void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	struct vb_octospim *m = ctx;
	uint32_t word = off & ~3u, sh = 8 * (off & 3u);
	uint32_t lanes = (size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1u) << sh;
	uint32_t *r = reg_ptr(m, word);
	uint32_t cr0 = m->cr, pcr0[N_PORTS] = { m->pcr[0], m->pcr[1] };
	uint32_t wmask = word == OCTOSPIM_CR ? CR_WMASK : PCR_WMASK, v;

	if (!r)
		return; /* reserved offsets (CMSIS declares a PCR[3]): ignored */
	v = (*r & ~lanes) | ((val << sh) & lanes);
	if (v & ~wmask & lanes)
		m->cnt.ignored_bits++;
	v &= wmask;
	if (v == *r)
		return;
	*r = v;
	m->cnt.writes++;
	if (word == OCTOSPIM_CR && (v & ~cr0 & OCTOSPIM_CR_MUXEN) && both_mm(m)) {
		m->cnt.mux_both_mm++;
		vb_guest_error(OCTOSPIM_H7_BASE,
		               "OCTOSPIM_CR.MUXEN set with both OCTOSPI instances memory-mapped: "
		               "each needs a non-zero timeout (CR.TCEN, LPTR) or the other waits "
		               "forever (ES0499 2.6.4; the vboard does not model the arbiter)");
	}
	update(m, cr0, pcr0);
}

static void set_reset_values(struct vb_octospim *m)
{
	m->cr = CR_RESET;
	m->pcr[0] = P1CR_RESET;
	m->pcr[1] = P2CR_RESET;
}

/* System reset: the reset values, and the routes they give (the
 * instances were reset before, being registered first). */
static void reg_reset(void *ctx)
{
	struct vb_octospim *m = ctx;
	uint32_t cr0 = m->cr, pcr0[N_PORTS] = { m->pcr[0], m->pcr[1] };

	set_reset_values(m);
	update(m, cr0, pcr0);
}

/* ---- the block ----------------------------------------------------------- */

/* RCC_AHB3ENR (0x58024400 + 0xD4) bit 21, IOMNGREN: see the header. */
#define IOMNGREN_REG 0x580244D4u
#define IOMNGREN     (1u << 21)

struct vb_octospim *vb_octospim_new(struct vb_board *b, struct vb_octospi *o1,
                                    struct vb_octospi *o2)
{
	struct vb_octospim *m = calloc(1, sizeof(*m));
	struct vb_periph p;

	if (!m) {
		fprintf(stderr, "vboard: out of memory\n");
		abort();
	}
	m->inst[0] = o1;
	m->inst[1] = o2;
	m->routes = h735g_dk_routes;
	set_reset_values(m);
	for (unsigned int i = 0; i < N_INST; i++)
		if (m->inst[i])
			tell(m, i, reaches(m, i, m->cr, m->pcr));
	/* RM0468 register boundary addresses: 0x5200B400-0x5200B7FF */
	p = (struct vb_periph){
		.name = "OCTOSPIM",
		.base = OCTOSPIM_H7_BASE,
		.size = 0x400,
		.read = reg_read,
		.write = reg_write,
		.reset = reg_reset,
		.ctx = m,
		.gate_reg = IOMNGREN_REG,
		.gate_bit = IOMNGREN,
	};
	vb_bus_add_periph(b, &p);
	return m;
}

void vb_octospim_free(struct vb_octospim *m)
{
	free(m);
}

void vb_octospim_reset(struct vb_octospim *m)
{
	reg_reset(m);
}

void vb_octospim_json(FILE *f, void *ctx)
{
	const struct vb_octospim *m = ctx;
	const struct vb_octospim_counters *c = &m->cnt;

	fprintf(f,
	        "{ \"cr\": \"0x%08x\", \"p1cr\": \"0x%08x\", \"p2cr\": \"0x%08x\", "
	        "\"routed\": [%s, %s], \"writes\": %llu, \"route_changes\": %llu, "
	        "\"reconfigured_while_mm\": %llu, \"muxen_with_both_mm\": %llu, "
	        "\"reserved_bits_written\": %llu }",
	        m->cr, m->pcr[0], m->pcr[1], m->routed[0] ? "true" : "false",
	        m->routed[1] ? "true" : "false", (unsigned long long)c->writes,
	        (unsigned long long)c->route_changes, (unsigned long long)c->reconfig_mm,
	        (unsigned long long)c->mux_both_mm, (unsigned long long)c->ignored_bits);
}
