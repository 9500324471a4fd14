// SPDX-License-Identifier: GPL-2.0-or-later
/* vboard: HyperRAM model, being written (issue 6). */
#include "vb_hyperram.h"
typedef int vb_hyperram_not_written_yet;
