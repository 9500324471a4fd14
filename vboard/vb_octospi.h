/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vboard: STM32 OCTOSPI1/2 + OCTOSPIM register front-ends (being written). */
#ifndef VB_OCTOSPI_H
#define VB_OCTOSPI_H
#endif /* VB_OCTOSPI_H */
