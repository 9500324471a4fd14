#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install what openocd-xspi needs to build and test, from Debian's packages.
# Idempotent: when everything is there it changes nothing and needs no
# network. Uses sudo when not run as root.
set -eu

PACKAGES="build-essential autoconf automake libtool pkg-config texinfo patch bzip2 xz-utils \
dpkg-dev git libjim-dev libusb-1.0-0-dev libhidapi-dev libftdi1-dev libcapstone-dev \
libjaylink-dev libunicorn-dev gcc-arm-none-eabi binutils-arm-none-eabi gdb-multiarch openocd \
clang-format cppcheck valgrind python3"

say() { echo "install-deps: $*"; }

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { say "not root and no sudo: install as root: $PACKAGES"; exit 1; }
	SUDO=sudo
fi

missing=
for p in $PACKAGES; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
# `make bench` draws its chart with gnuplot: any gnuplot will do (gnuplot-nox
# conflicts with gnuplot-qt/-x11, so it is only added when there is none).
command -v gnuplot >/dev/null || missing="$missing gnuplot-nox"

# OpenOCD's released source comes from Debian's source package, which needs
# a deb-src entry; add one for this release when apt has none.
have_src() { apt-cache showsrc openocd 2>/dev/null | grep -q '^Version: 0\.12\.0'; }
need_src=
have_src || need_src=yes

if [ -z "$missing" ] && [ -z "$need_src" ]; then
	say "all packages present, OpenOCD 0.12.0 source available from apt"
	exit 0
fi

if [ -n "$need_src" ]; then
	. /etc/os-release
	suite=${VERSION_CODENAME:-bookworm}
	uri=$(sed -n 's/^URIs: *\(http[^ ]*debian\/*\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
	uri=${uri:-http://deb.debian.org/debian}
	list=/etc/apt/sources.list.d/openocd-xspi-src.sources
	if [ ! -f "$list" ]; then
		say "adding a deb-src entry ($uri $suite main) as $list, for OpenOCD's source package"
		printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			"$uri" "$suite" | $SUDO tee "$list" >/dev/null
	fi
fi

say "apt-get update"
$SUDO apt-get update -qq
if [ -n "$missing" ]; then
	say "installing:$missing"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
have_src || { say "apt still offers no openocd 0.12.0 source; pass --with-openocd-src=DIR|TARBALL to configure"; exit 1; }
say "done"
