# SPDX-License-Identifier: GPL-2.0-only
#
# GVT-g vGPU stack: out-of-tree build and test entry points.
#
#   make            build gvt.ko, gvt_sim.ko, gvt_vfio.ko, xengt.ko against KDIR
#   make deps       install/download everything (root, idempotent)
#   make demo       the main job: vGPUs on a simulated GPU in a VM
#   make check      every test tier; last line "N passed, N failed"
#   make guest-test a real i915 guest on a vGPU (QEMU -accel kvm, nested)
#   make xen-test   the Xen tier: Xen 4.17 dom0, xengt, an HVM i915 guest
#   make bench      benchmarks, one "bench: <name> <value> <unit>" per line
#   make fuzz       libFuzzer targets of the core, FUZZ_TIME (300) s each
#
# KVER/KDIR default to the kernel that linux-headers-amd64 depends on.

ifneq ($(KERNELRELEASE),)
include $(src)/Kbuild
else

TOP := $(CURDIR)
CACHE ?= $(TOP)/.cache
export CACHE

KVER ?= $(shell cat $(CACHE)/kver 2>/dev/null || \
	apt-cache depends linux-headers-amd64 2>/dev/null | \
	awk '/Depends: linux-headers-[0-9]/{sub("linux-headers-","",$$2); print $$2; exit}')
KDIR ?= /usr/src/linux-headers-$(KVER)
export KVER KDIR

GVT_CONFIG := CONFIG_DRM_GVT=m CONFIG_DRM_GVT_SIM=m CONFIG_DRM_GVT_VFIO=m \
	CONFIG_DRM_I915_GVT_XENGT=m
KMAKE = $(MAKE) -C $(KDIR) M=$(TOP) $(GVT_CONFIG)

.PHONY: all modules modules-clean deps clean demo check bench unit vm-test static \
	fuzz guest-test xen-test help

all: modules

modules: deps
	$(KMAKE) modules

# Set NODEPS=1 to skip the (idempotent) dependency step, e.g. in a
# sub-make that already ran it.
deps:
ifeq ($(NODEPS),)
	@bash scripts/deps.sh
endif

# Not kbuild's "clean": with M= it deletes every *.ko and *.o below the
# project, the kernel image and modules kept in $(CACHE) included.
modules-clean:
	@find drivers \( -name '*.[oas]' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name modules.order \) \
		-delete
	@rm -f Module.symvers modules.order .*.cmd

clean: modules-clean
	$(MAKE) -C tools/testing/gvt clean

demo: modules
	bash tools/testing/gvt/vm/run-vm.sh demo

unit: deps
	$(MAKE) -C tools/testing/gvt run

vm-test: modules
	bash tools/testing/gvt/vm/run-vm.sh test

guest-test: modules
	bash tools/testing/gvt/vm/run-vm.sh guest

xen-test: modules
	bash tools/testing/gvt/vm/run-vm.sh xen

static: deps
	bash scripts/static-checks.sh

FUZZ_TIME ?= 300
fuzz: deps
	$(MAKE) -C tools/testing/gvt/fuzz run FUZZ_TIME=$(FUZZ_TIME)

check: deps
	bash scripts/check.sh

bench: modules
	$(MAKE) -C tools/testing/gvt bench
	bash tools/testing/gvt/vm/run-vm.sh bench

help:
	@sed -n '3,15p' Makefile

endif
