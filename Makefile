# SPDX-License-Identifier: GPL-2.0
#
# mlic - protected recording media for Linux.
#
#   make                      module for the running kernel, and the tools
#   make KERNELRELEASE=R      module for kernel R (needs linux-headers-R)
#   make KDIR=DIR             module against the kernel build tree DIR
#   make check                every test, on every tested kernel line
#   make demo                 the whole story in a VM
#   make bench [KERNEL=R]     mlic against loop, dm-crypt and the crypto
#                             ceilings, in a VM; results in build/bench/
#   make install DESTDIR=D KERNELRELEASE=R
#                             module, tools, their data, the uapi header
#   make install-tools        only the tools and their data (no kernel needed):
#                             install-mlicctl and install-master
#   make install-dkms         the module source for DKMS in /usr/src/mlic-VERSION
#   make deb                  Debian packages in build/deb/ (from a clean copy)
#   make check-packages       build, lint and install the packages in a chroot
#
# The module is built in build/kmod/<release>/ from a copy of the sources,
# so the tree stays clean and builds for several kernels live side by side.

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
# The release the tree was built for (Debian's kernel.release file holds
# the upstream version, utsrelease.h the package's release name).
KREL := $(or $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null),$(KERNELRELEASE))

BUILD := build
KMOD_DIR := $(BUILD)/kmod/$(KREL)
# The module's source: what Kbuild compiles (also what DKMS gets).
KSRC := Kbuild $(wildcard driver/*.c) $(filter-out driver/probes.h,$(wildcard driver/*.h)) \
	driver/probes.sh $(wildcard driver/probes/*.c) uapi/linux/mlic.h

# The tools print it with --version; DKMS and the packages use it too.
VERSION := $(shell sed -n 's/^VERSION := *//p' tools/Makefile)

# Where `make install` puts things, below $(DESTDIR).  The module goes
# to updates/ of its kernel's tree, ahead of any in-tree module.  udev,
# systemd and sysusers read $(PREFIX)/lib/... for /usr and /usr/local;
# the Debian packages use bookworm's /lib/udev and /lib/systemd.
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
BINDIR ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
MODDIR ?= /lib/modules/$(KREL)/updates
DKMSDIR ?= /usr/src/mlic-$(VERSION)
export PREFIX SBINDIR BINDIR INCLUDEDIR DESTDIR

.PHONY: all module tools unit check demo lint install clean version \
	install-module install-tools install-mlicctl install-master \
	install-data install-mlicctl-data install-master-data \
	install-headers install-dkms deb check-packages
.PHONY: bench

all: module tools

module:
	@test -d "$(KDIR)" || { \
	  echo "mlic: no kernel build tree at $(KDIR)" >&2; \
	  echo "mlic: install linux-headers-$(KREL), or pass KERNELRELEASE=R or KDIR=DIR" >&2; \
	  exit 1; }
	@mkdir -p $(KMOD_DIR)
	@cp -p --parents $(KSRC) $(KMOD_DIR)/
	$(MAKE) -C $(KDIR) M=$(abspath $(KMOD_DIR)) modules
	@echo "mlic: built $(KMOD_DIR)/mlic.ko for $(KREL)"

tools:
	$(MAKE) -C tools

unit:
	$(MAKE) -C tools test

check:
	selftests/vm/check.sh

demo:
	selftests/vm/demo.sh

bench:
	selftests/vm/bench.sh $(KERNEL)

lint:
	selftests/vm/lint.sh

version:
	@echo $(VERSION)

install: install-module install-tools install-headers

# depmod only for the live system; a staged install is the packager's.
install-module: module
	install -D -m 0644 $(KMOD_DIR)/mlic.ko $(DESTDIR)$(MODDIR)/mlic.ko
	$(if $(DESTDIR),,depmod -a $(KREL))

install-tools: install-mlicctl install-master

# install_man PAGE... - the manual pages, each to its section.
install_man = for m in $(1); do \
	install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$${m\#\#*.}/$${m\#\#*/} || exit 1; \
	done

# mlicctl and what it comes with: completion, udev rules, the boot-time
# key service (disabled until enabled), the mlic group (created at once,
# by systemd-sysusers, when installing onto this system), its manual
# pages and the driver's.  The Debian package mlic-tools.
install-mlicctl: install-mlicctl-data
	$(MAKE) -C tools install-mlicctl

install-mlicctl-data:
	install -D -m 0644 tools/completion/mlic $(DESTDIR)$(BASHCOMPDIR)/mlicctl
	install -D -m 0644 tools/udev/60-mlic.rules $(DESTDIR)$(UDEVRULESDIR)/60-mlic.rules
	install -D -m 0644 tools/systemd/mlic.sysusers $(DESTDIR)$(SYSUSERSDIR)/mlic.conf
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@SBINDIR@|$(SBINDIR)|g' tools/systemd/mlic-system-key.service.in \
		>$(DESTDIR)$(SYSTEMDUNITDIR)/mlic-system-key.service
	$(call install_man,Documentation/man/mlicctl.8 Documentation/man/mlic.4)
	$(if $(DESTDIR),,@if command -v systemd-sysusers >/dev/null; then \
		systemd-sysusers $(SYSUSERSDIR)/mlic.conf; \
	else \
		echo "mlic: create the group mlic: addgroup --system mlic"; \
	fi)

# mlic-master, the licensing side's tool, with its completion (the same
# file serves both tools) and manual page.  The Debian package mlic-master.
install-master: install-master-data
	$(MAKE) -C tools install-master

install-master-data:
	install -D -m 0644 tools/completion/mlic $(DESTDIR)$(BASHCOMPDIR)/mlic-master
	$(call install_man,Documentation/man/mlic-master.1)

# What both tools come with, without the programs.
install-data: install-mlicctl-data install-master-data

install-headers:
	install -D -m 0644 uapi/linux/mlic.h $(DESTDIR)$(INCLUDEDIR)/linux/mlic.h

# Then: dkms add mlic/$(VERSION), and dkms build and install it -k RELEASE.
install-dkms:
	install -d $(DESTDIR)$(DKMSDIR)
	cp -p --parents $(KSRC) $(DESTDIR)$(DKMSDIR)/
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf >$(DESTDIR)$(DKMSDIR)/dkms.conf

deb:
	selftests/vm/packages.sh --build-only

check-packages:
	selftests/vm/packages.sh

clean:
	rm -rf $(BUILD)
	$(MAKE) -C tools clean
