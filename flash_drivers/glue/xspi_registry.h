/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Our flash drivers, and how OpenOCD finds them.
 *
 * OpenOCD 0.12.0 has no way to add a flash driver at run time: `flash bank`
 * looks the driver up with flash_driver_find_by_name() in a fixed table.
 * The executable is relinked with -Wl,--wrap=flash_driver_find_by_name so
 * that the call lands in xspi_registry.c, which looks in our table first
 * and then in OpenOCD's own (all stock drivers stay available).
 */
#ifndef XSPI_REGISTRY_H
#define XSPI_REGISTRY_H

struct flash_driver;

extern const struct flash_driver stm32xspi_flash;

const struct flash_driver *__wrap_flash_driver_find_by_name(const char *name);
const struct flash_driver *__real_flash_driver_find_by_name(const char *name);

#endif /* XSPI_REGISTRY_H */
