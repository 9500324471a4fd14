/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host-side execution of layer-2 register sequences through OpenOCD's
 * target memory access (layer 3: the only place that does the I/O for a
 * struct xspi_reg_seq / struct xspi_ctrl_abort on the host).
 *
 * Every wait has a deadline in milliseconds and one last check after it;
 * every error is logged with the register and what was expected.
 */
#ifndef XSPI_TARGET_IO_H
#define XSPI_TARGET_IO_H

#include <stdint.h>

#include "xspi_ctrl.h"

struct target;

/* Deadlines (ms). An indirect transfer of at most one FIFO of data at the
 * slowest clock we set (kernel clock / 256) ends in microseconds: the
 * deadline covers the debug link's latency, not the bus. */
#define XSPI_IO_IDLE_TIMEOUT_MS  100
#define XSPI_IO_DONE_TIMEOUT_MS  100
#define XSPI_IO_ABORT_TIMEOUT_MS 100

/* Where the controller is and which variant it is */
struct xspi_target_ctrl {
	struct target *target;
	uint32_t base;
	const struct xspi_ctrl_variant *v;
};

/* Read / masked write of one register (offset from the variant's table) */
int xspi_target_reg_read(const struct xspi_target_ctrl *c, uint16_t offset, uint32_t *val);
int xspi_target_reg_write(const struct xspi_target_ctrl *c, const struct xspi_reg_write *w);

/* Wait until (reg & mask) == value, for at most timeout_ms; what names the
 * wait in the error message */
int xspi_target_poll(const struct xspi_target_ctrl *c, const struct xspi_reg_poll *p,
                     unsigned int timeout_ms, const char *what);

/* The abort sequence of the variant: request, wait, idle, clear flags */
int xspi_target_abort(const struct xspi_target_ctrl *c);

/*
 * Abort, then park (layer 2's xspi_ctrl_encode_park): indirect read that
 * waits for an AR write, so that later CR/DCR changes cannot re-enter
 * memory-mapped mode and nothing starts on the bus.
 */
int xspi_target_park(const struct xspi_target_ctrl *c);

/* The controller set-up (layer 2's xspi_ctrl_encode_setup) replayed */
int xspi_target_setup(const struct xspi_target_ctrl *c, const struct xspi_ctrl_setup *su);

/*
 * Execute seq in order (see xspi_ctrl.h). data_in receives seq->data_len
 * bytes of an indirect read, which must fit into the FIFO (the transfer
 * completes before DR is read); data_out supplies the bytes of an indirect
 * write (at most one FIFO as well). A transfer error (SR.TEF) fails.
 */
int xspi_target_run_seq(const struct xspi_target_ctrl *c, const struct xspi_reg_seq *seq,
                        uint8_t *data_in, const uint8_t *data_out);

#endif /* XSPI_TARGET_IO_H */
