#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the example application for external flash at 0x90000000:
#     build.sh OUTDIR      -> OUTDIR/app.elf, app.bin, app.hex
# ARM_CC / ARM_OBJCOPY name another arm-none-eabi toolchain.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
cc=${ARM_CC:-arm-none-eabi-gcc}
objcopy=${ARM_OBJCOPY:-arm-none-eabi-objcopy}
mkdir -p "$out"
# -fno-tree-loop-distribute-patterns: the start-up loops must stay loops,
# not become calls to memcpy/memset, which a -nostdlib image does not have.
"$cc" -mcpu=cortex-m7 -mthumb -O2 -g -std=c11 -ffreestanding -nostdlib -nostartfiles \
	-fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
	-T "$here/app.ld" -Wl,--gc-sections -o "$out/app.elf" "$here/app.c"
"$objcopy" -O binary "$out/app.elf" "$out/app.bin"
"$objcopy" -O ihex "$out/app.elf" "$out/app.hex"
