// SPDX-License-Identifier: GPL-2.0-or-later
/* Driver lookup for the relinked openocd; see xspi_registry.h. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <flash/nor/imp.h>

#include "xspi_registry.h"

static const struct flash_driver *const xspi_flash_drivers[] = {
	&stm32xspi_flash,
	NULL,
};

const struct flash_driver *__wrap_flash_driver_find_by_name(const char *name)
{
	for (const struct flash_driver *const *d = xspi_flash_drivers; *d; d++) {
		if (strcmp(name, (*d)->name) == 0)
			return *d;
	}
	return __real_flash_driver_find_by_name(name);
}
