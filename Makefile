# SPDX-License-Identifier: GPL-2.0-only
#
# GVT-g vGPU stack: out-of-tree build and test entry points.
#
#   make            build gvt.ko, gvt_sim.ko, gvt_vfio.ko, xengt.ko against KDIR
#   make deps       install/download everything (root, idempotent)
#   make demo       the main job: vGPUs on a simulated GPU in a VM
#   make check      every test tier; last line "N passed, N failed"
#   make guest-test a real i915 guest on a vGPU (QEMU -accel kvm, nested)
#   make libvirt-test  the guest tier through libvirtd, virsh and an mdev hostdev
#   make xen-test   the Xen tier: Xen 4.17 dom0, xengt, an HVM i915 guest
#   make bench      benchmarks, one "bench: <name> <value> <unit>" per line
#   make fuzz       libFuzzer targets of the core, FUZZ_TIME (300) s each
#   make patches    regenerate patches/, the in-tree series for Linux 6.1
#   make ship-test  DKMS build and the dracut snippet, in a throwaway tree
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
	CONFIG_DRM_I915_GVT_XENGT=m CONFIG_DRM_GVT_I915=m
# gvt_i915 needs i915's private headers, which no headers package ships.
GVT_I915_SRC ?= $(CACHE)/src/linux-source-6.1/drivers/gpu/drm/i915
export GVT_I915_SRC
KMAKE = $(MAKE) -C $(KDIR) M=$(TOP) $(GVT_CONFIG)

.PHONY: all modules modules-clean deps clean demo check bench unit vm-test static \
	fuzz guest-test libvirt-test xen-test help patches intree-test ship-test

all: modules

modules: deps
	@test -f $(KDIR)/Makefile || { echo "no kernel headers in KDIR=$(KDIR):" \
		"install linux-headers-$(KVER) or pass KDIR=<6.1 headers>" >&2; exit 1; }
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

libvirt-test: modules
	bash tools/testing/gvt/vm/run-vm.sh libvirt

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

# The in-tree series, from the tree (see Documentation/gpu/gvt/in-tree.rst).
patches: deps
	python3 scripts/mkpatches.py --base $(CACHE)/src/linux-source-6.1 \
		--out patches

intree-test: deps
	bash scripts/intree-checks.sh

ship-test: modules
	bash scripts/ship-checks.sh

help:
	@sed -n '3,17p' Makefile

endif
