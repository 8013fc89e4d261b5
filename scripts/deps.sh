#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install every Debian package mvlan needs; skips what is already installed.
set -euo pipefail

packages=(
	# test kernels and their headers
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
	# kselftest framework, checkpatch, netlink spec schema
	linux-source-6.12
	# module and tool build
	build-essential make gcc g++ pkg-config kmod xz-utils
	libnl-3-dev libnl-genl-3-dev libcli11-dev nlohmann-json3-dev libfmt-dev
	libgtest-dev
	# VM harness and what runs inside it
	qemu-system-x86 busybox-static bash iproute2 iputils-ping cpio
	# the drop-in tests: modprobe with a config, the ethtool driver name
	kmod ethtool
	jq strace	# in the VM: kernel selftests, iplink.sh
	dnsmasq-base	# in the VM: the host's DHCP and DNS server (host_access.sh)
	# debug kernel tier (make check-debug) builds a kernel
	flex bison bc libelf-dev libssl-dev
	# packages (make deb, make check-pkg)
	dkms dh-dkms debhelper dpkg-dev fakeroot lintian python3-docutils bash-completion man-db
	# test and doc tooling
	shellcheck python3 python3-yaml gnuplot-nox perl
	# real macvlan clients the drop-in selftests run (cni.sh, networkd.sh)
	containernetworking-plugins systemd
)

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#packages[@]} packages installed"
	exit 0
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to install packages" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
