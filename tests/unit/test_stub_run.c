// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runs the committed loader stub blob (loader_stubs/xspi_stub.inc) on an
 * emulated Cortex-M7 (libunicorn) under the ABI of xspi_stub_abi.h: loaded
 * at two different addresses (it must be position independent), entered
 * with r0 = parameter block, expected to stop at its exit BKPT with the
 * status in r0 and the parameter block.
 */

#include <stdlib.h>
#include <unicorn/unicorn.h>

#include "tap.h"
#include "xspi_crc32.h"
#include "xspi_stub_abi.h"

static const uint8_t stub_blob[] = {
#include "xspi_stub.inc"
};

#define DTCM_BASE   0x20000000u /* STM32H7 DTCM, 128 KiB */
#define AXI_BASE    0x24000000u /* STM32H7 AXI SRAM, 512 KiB */
#define DATA_ADDR   0x24040000u
#define PARAMS_ADDR 0x2001F000u
#define STACK_TOP   0x2001FF00u
#define MAX_INSNS   20000000u /* deadline in instructions */

struct run {
	uint32_t status_r0;
	uint32_t stop_pc;
	int bkpt;
	struct xspi_stub_params p;
};

static void on_intr(uc_engine *uc, uint32_t intno, void *user)
{
	int *bkpt = user;

	/* libunicorn 2.0 reports BKPT as interrupt 7 with PC at the BKPT */
	*bkpt = intno == 7;
	uc_emu_stop(uc);
}

static uc_engine *board_new(void)
{
	uc_engine *uc;

	if (uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &uc) != UC_ERR_OK)
		return NULL;
	uc_ctl_set_cpu_model(uc, UC_CPU_ARM_CORTEX_M7);
	uc_mem_map(uc, DTCM_BASE, 128 * 1024, UC_PROT_ALL);
	uc_mem_map(uc, AXI_BASE, 512 * 1024, UC_PROT_ALL);
	return uc;
}

static int run_stub(uc_engine *uc, uint32_t load, const struct xspi_stub_params *in,
                    struct run *out)
{
	uc_hook hook;
	uint32_t r0 = PARAMS_ADDR, sp = STACK_TOP;

	memset(out, 0, sizeof(*out));
	uc_mem_write(uc, load, stub_blob, sizeof(stub_blob));
	uc_mem_write(uc, PARAMS_ADDR, in, sizeof(*in));
	uc_reg_write(uc, UC_ARM_REG_R0, &r0);
	uc_reg_write(uc, UC_ARM_REG_SP, &sp);
	uc_hook_add(uc, &hook, UC_HOOK_INTR, (void *)on_intr, &out->bkpt, 1, 0);
	uc_err err = uc_emu_start(uc, (load + XSPI_STUB_ENTRY_OFFSET) | 1, 0, 0, MAX_INSNS);
	uc_hook_del(uc, hook);
	if (err != UC_ERR_OK) {
		printf("# uc_emu_start: %s\n", uc_strerror(err));
		return -1;
	}
	uc_reg_read(uc, UC_ARM_REG_R0, &out->status_r0);
	uc_reg_read(uc, UC_ARM_REG_PC, &out->stop_pc);
	uc_mem_read(uc, PARAMS_ADDR, &out->p, sizeof(out->p));
	return 0;
}

static struct xspi_stub_params crc_params(uint32_t addr, uint32_t len)
{
	struct xspi_stub_params p = {
		.magic = XSPI_STUB_MAGIC,
		.abi_version = XSPI_STUB_ABI_VERSION,
		.op = XSPI_STUB_OP_CRC32,
		.status = XSPI_STUB_E_RUNNING,
		.addr = addr,
		.len = len,
	};
	return p;
}

static void test_crc_at(uc_engine *uc, uint32_t load, const char *where)
{
	static uint8_t data[100000];
	struct xspi_stub_params in;
	struct run r;
	char name[128];

	srand(load);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)rand();
	uc_mem_write(uc, DATA_ADDR, data, sizeof(data));

	in = crc_params(DATA_ADDR, sizeof(data));
	snprintf(name, sizeof(name), "stub loaded %s runs to completion", where);
	CHECK(run_stub(uc, load, &in, &r) == 0, name);
	snprintf(name, sizeof(name), "stub loaded %s stops at its exit BKPT", where);
	CHECK(r.bkpt && r.stop_pc == load + XSPI_STUB_EXIT_OFFSET, name);
	snprintf(name, sizeof(name), "stub loaded %s: status OK in r0 and params", where);
	CHECK(r.status_r0 == XSPI_STUB_OK && r.p.status == XSPI_STUB_OK, name);
	snprintf(name, sizeof(name), "stub loaded %s: CRC of 100000 bytes equals the host's",
	         where);
	CHECK_EQ(r.p.result, xspi_crc32(data, sizeof(data)), name);
	snprintf(name, sizeof(name), "stub loaded %s: progress counts every byte", where);
	CHECK_EQ(r.p.progress, sizeof(data), name);
}

static void test_check_value(uc_engine *uc)
{
	struct xspi_stub_params in = crc_params(DATA_ADDR + 1, 9);
	struct run r;

	uc_mem_write(uc, DATA_ADDR + 1, "123456789", 9);
	run_stub(uc, AXI_BASE, &in, &r);
	CHECK_EQ(r.p.result, 0xCBF43926u,
	         "stub CRC of \"123456789\" at an odd address is 0xCBF43926");
}

static void test_errors(uc_engine *uc)
{
	struct xspi_stub_params in = crc_params(DATA_ADDR, 16);
	struct run r;

	in.magic = 0x12345678;
	run_stub(uc, AXI_BASE, &in, &r);
	CHECK(r.bkpt && r.status_r0 == XSPI_STUB_E_MAGIC && r.p.status == XSPI_STUB_E_MAGIC,
	      "wrong magic is refused with XSPI_STUB_E_MAGIC");

	in = crc_params(DATA_ADDR, 16);
	in.abi_version = XSPI_STUB_ABI_VERSION + 1;
	run_stub(uc, AXI_BASE, &in, &r);
	CHECK_EQ(r.p.status, XSPI_STUB_E_MAGIC, "other ABI version is refused");

	in = crc_params(DATA_ADDR, 16);
	in.op = 0x77;
	run_stub(uc, AXI_BASE, &in, &r);
	CHECK_EQ(r.p.status, XSPI_STUB_E_UNSUPPORTED,
	         "unknown op is refused with XSPI_STUB_E_UNSUPPORTED");
}

int main(void)
{
	uc_engine *uc = board_new();

	if (!CHECK(uc != NULL, "libunicorn opens a Cortex-M7"))
		return tap_done();
	CHECK(sizeof(stub_blob) > 8 && sizeof(stub_blob) % 2 == 0, "stub blob is a Thumb image");
	test_crc_at(uc, AXI_BASE, "at 0x24000000");
	test_crc_at(uc, DTCM_BASE + 0x1234 * 4, "at 0x200048d0");
	test_check_value(uc);
	test_errors(uc);
	uc_close(uc);
	return tap_done();
}
