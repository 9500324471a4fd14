/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: a HyperRAM on a HyperBus (S70KL1281: two S27KL0641-class 64 Mbit
 * dies, 16 MiB), as the OCTOSPI in HyperBus mode (DCR1.MTYP = 100/101)
 * drives it. Facts: ../shared/data/notes/hyperram.md (Cypress 001-97964,
 * STMicroelectronics/stm32-s70kl1281), noted in vb_hyperram.c.
 *
 * The controller model (vb_octospi.c / vb_xspi.c) turns a HyperBus access
 * into a struct vb_hbus_xfer: the command-address word's fields (read or
 * write, register or memory space, wrapped or linear burst, the address),
 * the latency the controller actually waited between the CA word and the
 * first data word, and the data. The model answers the way the part
 * would: a latency that does not match what the part needs moves the data
 * (reads) or writes it elsewhere / not at all (writes), and is counted as
 * a guest error; register writes take the first data word right after CA
 * (zero latency), so a controller that inserts latency writes the wrong
 * value.
 */
#ifndef VB_HYPERRAM_H
#define VB_HYPERRAM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct vb_hyperram;

struct vb_hbus_xfer {
	bool read;               /* CA[47] */
	bool reg_space;          /* CA[46]: register space (ID0/ID1/CR0/CR1) */
	bool linear;             /* CA[45]: linear burst, else wrapped */
	uint32_t addr;           /* BYTE address as in OCTOSPI AR (CA carries addr / 2) */
	uint32_t latency_clocks; /* clocks the controller waited after CA */
	uint32_t wrap_bytes;     /* wrapped burst: the controller's wrap size */
	bool dqs;                /* read: the controller samples on RWDS (CCR.DQSE) */
	uint32_t len;            /* bytes */
	uint8_t *buf;            /* write: bytes to send; read: filled by the memory */
};

/* Parts known ("S70KL1281"); NULL with a message on stderr otherwise. */
struct vb_hyperram *vb_hyperram_new(const char *part);
void vb_hyperram_free(struct vb_hyperram *h);
/* Power-on state: CR0/CR1 defaults; content is undefined (kept as is). */
void vb_hyperram_power_on(struct vb_hyperram *h);
uint32_t vb_hyperram_size(const struct vb_hyperram *h);
const char *vb_hyperram_name(const struct vb_hyperram *h);

/*
 * RWDS during the CA word of the next access at addr: true when the part
 * asks for the doubled initial latency (fixed-latency mode, CR0.FLE = 1:
 * always). A controller in variable-latency mode (HLCR.LM = 0) waits
 * 2 x TACC when this is true, TACC otherwise; in fixed mode always 2 x TACC.
 */
bool vb_hyperram_rwds_high(const struct vb_hyperram *h, uint32_t addr);

/*
 * Clocks of latency the part needs for this access (0 for a register
 * write; initial latency from CR0.IL, doubled as the part says). The
 * controller's fast paths compare it with what it would wait.
 */
uint32_t vb_hyperram_latency_needed(const struct vb_hyperram *h, const struct vb_hbus_xfer *x);

/* One chip-select period. Never fails; misuse is counted (vb_guest_error). */
void vb_hyperram_xfer(struct vb_hyperram *h, struct vb_hbus_xfer *x);

/* The array (memory space, byte addressed, dies back to back). */
uint8_t *vb_hyperram_array(struct vb_hyperram *h);
/* Register values (CR0, CR1, ID0, ID1) by their register-space byte address. */
uint16_t vb_hyperram_reg(const struct vb_hyperram *h, uint32_t reg_addr);

/* Counters as one JSON object (reads, writes, register writes, errors). */
void vb_hyperram_json(FILE *f, const struct vb_hyperram *h);

#endif /* VB_HYPERRAM_H */
