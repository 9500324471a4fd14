#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the STM32H750B-DK boot stub for internal flash at 0x08000000:
#     build.sh OUTDIR      -> OUTDIR/h750_boot.elf, h750_boot.bin, h750_boot.hex
# It uses the project's QUADSPI register header (include/stm32/).
# ARM_CC / ARM_OBJCOPY name another arm-none-eabi toolchain.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
cc=${ARM_CC:-arm-none-eabi-gcc}
objcopy=${ARM_OBJCOPY:-arm-none-eabi-objcopy}
mkdir -p "$out"
"$cc" -mcpu=cortex-m7 -mthumb -Os -g -std=c11 -ffreestanding -nostdlib -nostartfiles \
	-fno-tree-loop-distribute-patterns -Wall -Wextra -Werror -I"$top/include" \
	-T "$here/boot.ld" -Wl,--gc-sections -o "$out/h750_boot.elf" "$here/boot.c"
"$objcopy" -O binary "$out/h750_boot.elf" "$out/h750_boot.bin"
"$objcopy" -O ihex "$out/h750_boot.elf" "$out/h750_boot.hex"
