# SPDX-License-Identifier: GPL-2.0
#
# mvlan: build the module for every installed test kernel, the tool, and run
# the tests in QEMU. `make help` lists the targets.

SHELL := /bin/bash
BUILD ?= $(CURDIR)/build
SRC_TARBALL ?= /usr/src/linux-source-6.12.tar.xz
KSFT := $(BUILD)/ksft
# Every kernel that has an image and headers installed is a test kernel.
KRELS ?= $(sort $(foreach v,$(wildcard /boot/vmlinuz-*),$(if $(wildcard /lib/modules/$(v:/boot/vmlinuz-%=%)/build/Makefile),$(v:/boot/vmlinuz-%=%))))
DEMO_KREL ?= $(firstword $(filter 6.12.%,$(KRELS)))
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

.PHONY: all deps kmod tools ksft style unit selftests check check-run demo demo-run \
	vm clean help

all: kmod tools

help:
	@echo "make deps        install the Debian packages the project needs"
	@echo "make             build/<krel>/mvlan.ko for: $(KRELS); build/mvlanctl"
	@echo "make demo        boot $(DEMO_KREL), replay the two-namespace experiment"
	@echo "make check       checkpatch, unit tests, selftests in QEMU on every kernel"
	@echo "make vm KREL=.. TESTS='a b'   selected selftests on one kernel"
	@echo "make bench       deterministic benchmark (icount) on $(DEMO_KREL)"
	@echo "make check-debug the suite on a KASAN/lockdep/kmemleak kernel"

deps:
	$(Q)scripts/deps.sh

# --- kernel module -----------------------------------------------------------
KMOD_SRCS := $(wildcard kmod/*.c kmod/*.h kmod/Kbuild kmod/include/uapi/linux/*.h)
KMOD_FLAGS ?=

kmod: $(foreach k,$(KRELS),$(BUILD)/$(k)/mvlan.ko)

# Kbuild writes objects next to the sources, so each kernel builds in its
# own copy; W=1 output must stay free of warnings.
$(BUILD)/%/mvlan.ko: $(KMOD_SRCS) $(wildcard kmod/probes/*) kmod/probe.sh
	$(Q)echo "  KMOD    $*"
	$(Q)mkdir -p $(BUILD)/$*/kmod
	$(Q)cp -a kmod/. $(BUILD)/$*/kmod/
	$(Q)kmod/probe.sh /lib/modules/$*/build $(BUILD)/$*/kmod
	$(Q)$(MAKE) -s -C /lib/modules/$*/build M=$(BUILD)/$*/kmod W=1 $(KMOD_FLAGS) \
		modules > $(BUILD)/$*/kmod/build.log 2>&1 || { cat $(BUILD)/$*/kmod/build.log; exit 1; }
	$(Q)if grep -E 'warning:|error:' $(BUILD)/$*/kmod/build.log; then \
		echo "kmod: $* built with warnings" >&2; exit 1; fi
	$(Q)cp $(BUILD)/$*/kmod/mvlan.ko $@

# --- tool --------------------------------------------------------------------
tools:
	$(Q)$(MAKE) -s -C tools BUILD=$(BUILD)

unit: tools
	$(Q)$(MAKE) -s -C tools BUILD=$(BUILD) unit

# --- kselftest framework and checkpatch from the kernel source tarball --------
KSFT_MEMBERS := tools/testing/selftests/kselftest.h \
	tools/testing/selftests/kselftest_harness.h \
	tools/testing/selftests/kselftest/ktap_helpers.sh \
	scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch \
	Documentation/netlink/genetlink.yaml Documentation/netlink/genetlink-legacy.yaml \
	Documentation/netlink/genetlink-c.yaml
# The kernel's selftests that create macvlan devices, run unmodified with
# mvlan as `macvlan` (selftests/kselftest_macvlan.sh), and what they source.
KSFT_MEMBERS += $(addprefix tools/testing/selftests/,net/lib.sh net/forwarding/lib.sh \
	$(addprefix drivers/net/bonding/,dev_addr_lists.sh lag_lib.sh \
		bond_macvlan_ipvlan.sh bond_topo_2d1c.sh))
# The stamp names the member list: a changed list extracts again.
KSFT_STAMP := $(KSFT)/.stamp-$(firstword $(shell echo '$(KSFT_MEMBERS)' | md5sum))

ksft: $(KSFT_STAMP)
$(KSFT_STAMP): $(SRC_TARBALL)
	$(Q)echo "  EXTRACT $(notdir $(SRC_TARBALL))"
	$(Q)rm -rf $(KSFT) && mkdir -p $(KSFT)
	$(Q)tar -xJf $(SRC_TARBALL) -C $(KSFT) --strip-components=1 \
		$(addprefix linux-source-6.12/,$(KSFT_MEMBERS))
	$(Q)touch $@

style: ksft
	$(Q)echo "  CHECKPATCH kmod/"
	$(Q)$(KSFT)/scripts/checkpatch.pl --no-tree --strict --terse --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
		-f $(sort $(wildcard kmod/*.c kmod/*.h kmod/probes/*.c)) \
		kmod/include/uapi/linux/mvlan.h

# --- selftests in QEMU ---------------------------------------------------------
selftests: ksft all
	$(Q)$(MAKE) -s -C selftests BUILD=$(BUILD) KSFT=$(KSFT) build

# One kernel, optionally a subset: make vm KREL=6.1.0-56-amd64 TESTS="modes.sh"
vm: selftests
	$(Q)selftests/vm/run.sh --krel "$(or $(KREL),$(DEMO_KREL))" --build $(BUILD) $(TESTS)

check:
	$(Q)scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory check-run

check-run: selftests
	$(Q)TESTS="$(TESTS)" scripts/check.sh --build $(BUILD) $(KRELS)

demo:
	$(Q)scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory demo-run

demo-run: selftests
	$(Q)selftests/vm/run.sh --krel "$(DEMO_KREL)" --build $(BUILD) --demo

clean:
	$(Q)rm -rf $(BUILD)

# --- install on a host, Debian packages -----------------------------------------
# make install [DESTDIR=...] [PREFIX=/usr]: mvlanctl, its man page and bash
# completion, the modprobe.d example (not activated), and the module: through
# DKMS when it is installed (rebuilt on kernel upgrades), else built and
# installed with kbuild's modules_install for every kernel with headers.
# Nothing is loaded. make uninstall undoes it. make deb: build/deb/*.deb.
PREFIX ?= /usr
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
MODULE_KRELS ?= $(KRELS)
DKMS_SRC := /usr/src/mvlan-$(VERSION)
HAVE_DKMS := $(if $(DESTDIR),,$(shell command -v dkms))

.PHONY: man install install-module uninstall uninstall-module deb check-pkg
man: $(BUILD)/man/mvlanctl.8
$(BUILD)/man/mvlanctl.8: Documentation/mvlanctl.rst
	$(Q)mkdir -p $(@D)
	$(Q)rst2man --exit-status=warning $< $@

install: tools man install-module
	$(Q)install -D -m 0755 $(BUILD)/mvlanctl $(DESTDIR)$(PREFIX)/sbin/mvlanctl
	$(Q)install -D -m 0644 $(BUILD)/man/mvlanctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/mvlanctl.8
	$(Q)install -D -m 0644 tools/completion/mvlanctl \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mvlanctl
	$(Q)install -D -m 0644 Documentation/examples/modprobe.d/mvlan-macvlan.conf \
		$(DESTDIR)$(PREFIX)/share/doc/mvlan/examples/modprobe.d/mvlan-macvlan.conf

install-module:
ifneq ($(HAVE_DKMS),)
	$(Q)rm -rf $(DKMS_SRC) && mkdir -p $(DKMS_SRC)
	$(Q)cp -a dkms.conf kmod $(DKMS_SRC)/
	$(Q)dkms add mvlan/$(VERSION)
	$(Q)for k in $(MODULE_KRELS); do dkms install mvlan/$(VERSION) -k $$k || exit 1; done
else
	$(Q)for k in $(MODULE_KRELS); do \
		rm -rf $(BUILD)/install/$$k && mkdir -p $(BUILD)/install/$$k && \
		cp -a kmod/. $(BUILD)/install/$$k/ && \
		$(MAKE) -s -C $(BUILD)/install/$$k KVER=$$k >/dev/null && \
		$(MAKE) -s -C /lib/modules/$$k/build M=$(BUILD)/install/$$k \
			INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=updates modules_install \
			|| exit 1; \
	done
endif

uninstall: uninstall-module
	$(Q)rm -f $(DESTDIR)$(PREFIX)/sbin/mvlanctl $(DESTDIR)$(PREFIX)/share/man/man8/mvlanctl.8 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mvlanctl
	$(Q)rm -rf $(DESTDIR)$(PREFIX)/share/doc/mvlan

uninstall-module:
ifneq ($(HAVE_DKMS),)
	$(Q)if dkms status mvlan/$(VERSION) | grep -q .; then dkms remove mvlan/$(VERSION) --all; fi
	$(Q)rm -rf $(DKMS_SRC)
else
	$(Q)for k in $(MODULE_KRELS); do \
		rm -f $(DESTDIR)/lib/modules/$$k/updates/mvlan.ko; \
		[ -n "$(DESTDIR)" ] || depmod $$k; \
	done
endif

# The packages are built from a copy of the committed tree (git archive), so
# the result does not depend on what else lies in the work tree.
deb:
	$(Q)scripts/deb.sh $(BUILD)/deb

# Installs the packages on this machine, boots the DKMS-built module, removes them.
check-pkg: deb selftests
	$(Q)selftests/pkg/pkg-test.sh --build $(BUILD) --debs $(BUILD)/deb

# --- debug kernel tier ---
# make check-debug [MVLAN_INJECT_BUG=y] [TESTS="a.sh b.sh"]: the selftests on a
# KASAN/lockdep/kmemleak/UBSAN build of Debian's 6.12 source, cached in
# ~/.cache/mvlan/debug-kernel (see selftests/debug/).
.PHONY: check-debug debug-kernel
debug-kernel:
	$(Q)selftests/debug/build-kernel.sh >/dev/null

check-debug: ksft tools
	$(Q)$(MAKE) -s -C selftests BUILD=$(BUILD) KSFT=$(KSFT) build
	$(Q)selftests/debug/check-debug.sh --build $(BUILD) \
		--kmod-flags "$(strip $(KMOD_FLAGS) $(if $(MVLAN_INJECT_BUG),MVLAN_INJECT_BUG=$(MVLAN_INJECT_BUG)))" \
		$(TESTS)
# --- end debug kernel tier ---

# --- benchmark ---------------------------------------------------------------
# make bench: mvlan vs in-tree macvlan, ipvlan and bridge+veth on the 6.12
# kernel under QEMU -icount (deterministic guest time), plus the
# MVLAN_BENCH_FLOOR build of the module. Results: build/bench/results.md,
# build/bench/rx-vs-children.png. See Documentation/performance.rst.
BENCH_KREL ?= $(DEMO_KREL)
BENCH_FLOOR := $(BUILD)/$(BENCH_KREL)/floor/mvlan.ko

.PHONY: bench bench-floor
bench-floor: $(BENCH_FLOOR)

# The floor variant builds in its own tree: the same sources, another -D.
$(BENCH_FLOOR): $(KMOD_SRCS) $(wildcard kmod/probes/*) kmod/probe.sh
	$(Q)echo "  KMOD    $(BENCH_KREL) (MVLAN_BENCH_FLOOR)"
	$(Q)mkdir -p $(@D)/kmod
	$(Q)cp -a kmod/. $(@D)/kmod/
	$(Q)kmod/probe.sh /lib/modules/$(BENCH_KREL)/build $(@D)/kmod
	$(Q)$(MAKE) -s -C /lib/modules/$(BENCH_KREL)/build M=$(@D)/kmod W=1 \
		MVLAN_BENCH_FLOOR=y modules > $(@D)/kmod/build.log 2>&1 || \
		{ cat $(@D)/kmod/build.log; exit 1; }
	$(Q)cp $(@D)/kmod/mvlan.ko $@

# The guest runs the selftests' helpers (traffic.bin, tapbench.bin).
bench: ksft tools selftests $(BUILD)/$(BENCH_KREL)/mvlan.ko $(BENCH_FLOOR)
	$(Q)selftests/bench/run-bench.sh --krel "$(BENCH_KREL)" --build $(BUILD) \
		--floor $(BENCH_FLOOR) $(BENCH_ARGS)
