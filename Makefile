# SPDX-License-Identifier: GPL-2.0
#
# mlic - protected recording media for Linux.
#
#   make                      module for the running kernel, and the tools
#   make KERNELRELEASE=R      module for kernel R (needs linux-headers-R)
#   make KDIR=DIR             module against the kernel build tree DIR
#   make check                every test, on Debian's 6.1 and 6.12 kernels
#   make demo                 the whole story in a VM
#   make install DESTDIR=D KERNELRELEASE=R
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
KSRC := Kbuild $(wildcard driver/*.c driver/*.h) uapi/linux/mlic.h

PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
BINDIR ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
export PREFIX SBINDIR BINDIR INCLUDEDIR DESTDIR

.PHONY: all module tools unit check demo lint install clean

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

lint:
	selftests/vm/lint.sh

install: module tools
	install -D -m 0644 $(KMOD_DIR)/mlic.ko $(DESTDIR)/lib/modules/$(KREL)/updates/mlic.ko
	install -D -m 0644 uapi/linux/mlic.h $(DESTDIR)$(INCLUDEDIR)/linux/mlic.h
	$(MAKE) -C tools install

clean:
	rm -rf $(BUILD)
	$(MAKE) -C tools clean
