/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: the program/erase engine of the STM32 H7 and F7 internal flash
 * interfaces (vb_flashif.c), behind the FLASH register blocks of
 * vb_periph_stm32.c and the flash array of vb_board.c.
 *
 * The register block keeps the registers; the engine acts on them: it is
 * called when the control register is written (START/STRT, FW, PG), before
 * the status register is read (busy flags end when their modelled time has
 * passed), on reset, and for every write into the flash array, whether
 * from a debugger (vb_bus_write) or from the core (a store that libunicorn
 * reports through its write-protection hook, the array being mapped
 * read-only into the core).
 */
#ifndef VB_FLASHIF_H
#define VB_FLASHIF_H

#include "vb_periph.h"

struct vb_flashif_desc;

/* The two controllers (data rows in vb_flashif.c). */
extern const struct vb_flashif_desc vb_flashif_h7; /* RM0433 (H750), RM0468 (H735) */
extern const struct vb_flashif_desc vb_flashif_f7; /* RM0385 (F746) */

/* ---- from the FLASH register block (vb_periph_stm32.c) ---------------- */

/* Reset hook of the block: creates the engine on first use (the block is
 * reset once when the chip is built) and drops any operation in flight. */
void vb_flashif_reset(struct vb_blk *k, const struct vb_flashif_desc *d);
/* The control register was written while unlocked (old: previous value). */
void vb_flashif_cr_written(struct vb_blk *k, uint32_t old);
/* Before a status register read: operations whose time is up complete. */
void vb_flashif_update(struct vb_blk *k);

/* ---- from the system bus (vb_board.c) ------------------------------- */

/* vb_flashif_bus_write's answer for an address outside the flash array. */
#define VB_FLASHIF_NOT_ARRAY 1

/*
 * A write of size bytes (1, 2, 4 or 8, naturally aligned) into the flash
 * array: VB_BUS_OK (done or refused with the status flags silicon sets),
 * or VB_FLASHIF_NOT_ARRAY when addr is not in the array of s's flash
 * interface (another read-only region: the caller refuses it).
 */
int vb_flashif_bus_write(struct vb_soc *s, enum vb_initiator who, uint32_t addr, unsigned int size,
                         uint64_t val);

/*
 * A core store into the flash array, from libunicorn's write-protection
 * hook: handled like a bus write; true when addr is in the array. The hook
 * then returns true and libunicorn 2.0.1 completes the store into the
 * host buffer behind the mapping anyway (measured, see vb_flashif.c), so
 * the engine keeps the bytes the array must hold and puts them back at the
 * next vb_flashif_sync().
 */
bool vb_flashif_core_store(struct vb_soc *s, uint32_t addr, unsigned int size, uint64_t val);

/* Undo the raw effect of the last core store (see above). Called before
 * anyone looks at the array: debugger reads, core peripheral accesses,
 * the next core store. Cheap when there is nothing to undo. */
void vb_flashif_sync(struct vb_soc *s);

#endif /* VB_FLASHIF_H */
