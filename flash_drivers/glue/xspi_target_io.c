// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host-side execution of layer-2 register sequences (see xspi_target_io.h).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <helper/log.h>
#include <helper/time_support.h>
#include <target/target.h>

#include "xspi_target_io.h"

int xspi_target_reg_read(const struct xspi_target_ctrl *c, uint16_t offset, uint32_t *val)
{
	int ret = target_read_u32(c->target, c->base + offset, val);

	if (ret != ERROR_OK)
		LOG_ERROR("stm32xspi: cannot read %s register 0x%08" PRIx32
		          " (controller base 0x%08" PRIx32 " + 0x%03x)",
		          c->v->name, c->base + offset, c->base, offset);
	return ret;
}

int xspi_target_reg_write(const struct xspi_target_ctrl *c, const struct xspi_reg_write *w)
{
	uint32_t val = w->value;
	int ret;

	if (w->mask != 0xFFFFFFFFU) {
		uint32_t old;

		ret = xspi_target_reg_read(c, w->offset, &old);
		if (ret != ERROR_OK)
			return ret;
		val = (old & ~w->mask) | (w->value & w->mask);
	}
	ret = target_write_u32(c->target, c->base + w->offset, val);
	if (ret != ERROR_OK)
		LOG_ERROR("stm32xspi: cannot write 0x%08" PRIx32 " to %s register 0x%08" PRIx32,
		          val, c->v->name, c->base + w->offset);
	return ret;
}

int xspi_target_poll(const struct xspi_target_ctrl *c, const struct xspi_reg_poll *p,
                     unsigned int timeout_ms, const char *what)
{
	int64_t deadline;
	uint32_t val = 0;
	int ret;

	if (p->offset == XSPI_REG_ABSENT)
		return ERROR_OK;
	deadline = timeval_ms() + timeout_ms;
	for (;;) {
		bool late = timeval_ms() > deadline; /* sampled before the last read */

		ret = xspi_target_reg_read(c, p->offset, &val);
		if (ret != ERROR_OK)
			return ret;
		if ((val & p->mask) == p->value)
			return ERROR_OK;
		if (late)
			break;
		keep_alive();
	}
	LOG_ERROR("stm32xspi: timeout after %u ms waiting for %s: register +0x%03x = 0x%08" PRIx32
	          ", expected (value & 0x%08" PRIx32 ") == 0x%08" PRIx32,
	          timeout_ms, what, p->offset, val, p->mask, p->value);
	return ERROR_TIMEOUT_REACHED;
}

int xspi_target_abort(const struct xspi_target_ctrl *c)
{
	struct xspi_ctrl_abort ab;
	int ret = xspi_ctrl_abort_seq(c->v, &ab);

	if (ret) {
		LOG_ERROR("stm32xspi: no abort sequence for %s: %s", c->v->name,
		          xspi_ctrl_strerror(ret));
		return ERROR_FAIL;
	}
	ret = xspi_target_reg_write(c, &ab.request);
	if (ret == ERROR_OK)
		ret = xspi_target_poll(c, &ab.wait, XSPI_IO_ABORT_TIMEOUT_MS,
		                       "the controller's abort to complete (CR.ABORT = 0)");
	if (ret == ERROR_OK)
		ret = xspi_target_poll(c, &ab.idle, XSPI_IO_ABORT_TIMEOUT_MS,
		                       "the controller to become idle after abort (SR.BUSY = 0)");
	if (ret == ERROR_OK)
		ret = xspi_target_reg_write(c, &ab.clear);
	return ret;
}

int xspi_target_park(const struct xspi_target_ctrl *c)
{
	struct xspi_reg_seq park;
	int err = xspi_ctrl_encode_park(c->v, &park);
	int ret;

	if (err) {
		LOG_ERROR("stm32xspi: no park sequence for %s: %s", c->v->name,
		          xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	ret = xspi_target_abort(c);
	if (ret == ERROR_OK)
		ret = xspi_target_run_seq(c, &park, NULL, NULL);
	return ret;
}

int xspi_target_setup(const struct xspi_target_ctrl *c, const struct xspi_ctrl_setup *su)
{
	struct xspi_reg_seq seq;
	int err = xspi_ctrl_encode_setup(c->v, su, &seq);

	if (err) {
		LOG_ERROR("stm32xspi: %s cannot be set up (prescaler %" PRIu32 ", %" PRIu64
		          " bytes, memory type %d): %s",
		          c->v->name, su->prescaler, su->devsize, (int)su->mtyp,
		          xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	return xspi_target_run_seq(c, &seq, NULL, NULL);
}

/* SR after the transfer: a transfer error (address beyond FSIZE, ...) fails */
static int check_sr(const struct xspi_target_ctrl *c, uint16_t sr_offset)
{
	struct xspi_ctrl_status st;
	uint32_t sr;
	int ret = xspi_target_reg_read(c, sr_offset, &sr);

	if (ret != ERROR_OK)
		return ret;
	if (xspi_ctrl_decode_sr(c->v, sr, &st) == XSPI_CTRL_OK && st.transfer_error) {
		LOG_ERROR("stm32xspi: %s reports a transfer error (SR = 0x%08" PRIx32
		          "): the address is beyond the configured flash size or the "
		          "operation is invalid",
		          c->v->name, sr);
		return ERROR_FAIL;
	}
	return ERROR_OK;
}

static int read_fifo(const struct xspi_target_ctrl *c, uint16_t dr, uint8_t *buf, uint32_t len)
{
	uint32_t i = 0;
	int ret = ERROR_OK;

	/* a 32-bit read of DR takes four bytes, the first in bits 7:0 */
	for (; ret == ERROR_OK && len - i >= 4; i += 4) {
		uint32_t w;

		ret = target_read_u32(c->target, c->base + dr, &w);
		buf[i] = (uint8_t)w;
		buf[i + 1] = (uint8_t)(w >> 8);
		buf[i + 2] = (uint8_t)(w >> 16);
		buf[i + 3] = (uint8_t)(w >> 24);
	}
	for (; ret == ERROR_OK && i < len; i++)
		ret = target_read_u8(c->target, c->base + dr, &buf[i]);
	if (ret != ERROR_OK)
		LOG_ERROR("stm32xspi: cannot read the data register of %s at 0x%08" PRIx32,
		          c->v->name, c->base + dr);
	return ret;
}

static int write_fifo(const struct xspi_target_ctrl *c, uint16_t dr, const uint8_t *buf,
                      uint32_t len)
{
	int ret = ERROR_OK;

	for (uint32_t i = 0; ret == ERROR_OK && i < len; i++)
		ret = target_write_u8(c->target, c->base + dr, buf[i]);
	if (ret != ERROR_OK)
		LOG_ERROR("stm32xspi: cannot write the data register of %s at 0x%08" PRIx32,
		          c->v->name, c->base + dr);
	return ret;
}

int xspi_target_run_seq(const struct xspi_target_ctrl *c, const struct xspi_reg_seq *seq,
                        uint8_t *data_in, const uint8_t *data_out)
{
	uint16_t sr = xspi_ctrl_reg(c->v, XSPI_REG_SR);
	int ret;

	if (seq->data_len > c->v->fifo_bytes || (seq->data_len && !data_in == !data_out)) {
		LOG_ERROR("stm32xspi: internal error: a host transfer of %" PRIu32
		          " bytes (at most %u, exactly one buffer)",
		          seq->data_len, c->v->fifo_bytes);
		return ERROR_FAIL;
	}
	ret = xspi_target_poll(c, &seq->idle, XSPI_IO_IDLE_TIMEOUT_MS,
	                       "the controller to be idle before a command (SR.BUSY = 0)");
	for (unsigned int i = 0; ret == ERROR_OK && i < seq->n; i++)
		ret = xspi_target_reg_write(c, &seq->w[i]);
	if (ret == ERROR_OK && seq->data_len && data_out)
		ret = write_fifo(c, seq->data_offset, data_out, seq->data_len);
	/* a read of at most one FIFO completes before the FIFO is read */
	if (ret == ERROR_OK)
		ret = xspi_target_poll(c, &seq->done, XSPI_IO_DONE_TIMEOUT_MS,
		                       "the end of the transfer (SR.TCF / SR.SMF)");
	if (ret == ERROR_OK && seq->done.offset != XSPI_REG_ABSENT)
		ret = check_sr(c, sr);
	if (ret == ERROR_OK && seq->data_len && data_in)
		ret = read_fifo(c, seq->data_offset, data_in, seq->data_len);
	return ret;
}
