// SPDX-License-Identifier: GPL-2.0-or-later
/* vboard: OCTOSPIM model, being written (issue 6). */
#include "vb_octospi.h"
typedef int vb_octospim_not_written_yet;
