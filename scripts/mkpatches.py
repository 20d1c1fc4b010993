#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# make patches: write patches/, the in-tree series for Linux 6.1, from the
# files of this tree.
#
#   scripts/mkpatches.py --base <linux-6.1 tree> --out <dir>
#
# The series is rebuilt from scratch in a throwaway git repository whose
# first commit holds the few files of the base tree that the series edits
# (the hooks below). Each patch then adds the files of one logical part
# (the layer header, the core, each module, the documentation, the
# kselftests) with the Kconfig entries, Makefile lines and MAINTAINERS
# patterns that part needs, so that every prefix of the series builds.
# Author, dates and commit ids are fixed, so the same tree always yields
# the same bytes: the static tier regenerates the series and compares.
#
# Every file of the tree must be claimed by exactly one patch or listed as
# out-of-tree only; a new file that is neither stops the generator.

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Identity and date of every commit of the series: fixed, so that
# regenerating gives the same bytes.
AUTHOR = "GVT-g vGPU stack maintainers"
EMAIL = "maintainers@users.noreply.b-seed-40746b30.example"
DATE = "2026-01-01T00:00:00+00:00"

# Files of the project that only the out-of-tree build and its tests use.
OUT_OF_TREE = [
    ".ci/*", ".gitignore", "Kbuild", "Makefile", "README.md", "dkms.conf",
    "scripts/*", "configs/*", "dracut/*", "patches/*", "tools/testing/gvt/*",
]

MAINT_HEAD = """GVT-G VGPU STACK FOR GEN9 GRAPHICS (CORE, XENGT, SIMULATOR)
M:\t{author} <{email}>
L:\tintel-gvt-dev@lists.freedesktop.org
L:\txen-devel@lists.xenproject.org
S:\tMaintained
""".format(author=AUTHOR, email=EMAIL)

# Each patch: its subject, message, the files it adds (glob patterns),
# the Kconfig symbols and gvt/Makefile lines it brings, and its MAINTAINERS
# patterns. A patch whose files do not exist in the tree (a module not
# written yet) is left out.
PATCHES = [
    {
        "name": "api",
        "subject": "gvt: add the GVT-g layer API header",
        "body": """\
GVT-g shares a Gen9 (Skylake/Kaby Lake/Coffee Lake) integrated GPU between
virtual machines. This series adds a hypervisor-neutral vGPU core with the
shell modules around it: host backends that describe and drive a physical
GPU, and hypervisor frontends that expose vGPUs to guests.

This header is the whole contract between the three layers: struct
gvt_host_info and struct gvt_host_ops for backends, struct gvt_hv_ops and
struct gvt_frontend for frontends, and the core's entry points. A frontend
never includes a backend's header nor the reverse; all of them see only
this file, and the backends also two small helper headers: the DMA-mapped
pages they give the core, and the core's layout of a workload's copies in
graphics memory of their own.""",
        "files": ["include/gvt/gvt.h", "include/gvt/host_page.h",
                  "include/gvt/wl_layout.h"],
        "maint": ["include/gvt/"],
    },
    {
        "name": "core",
        "subject": "gvt: add the hypervisor-neutral vGPU core",
        "body": """\
gvt.ko owns the GVT device (one per physical GPU), the vGPU types
GVTg_V5_8/4/2/1 and the partitioning of aperture, hidden graphics memory
and fences between vGPUs, the vGPU life cycle, the virtual PCI
configuration space, BAR0 emulation with the Gen9 register attribute
table, the PVINFO page, fences, GGTT emulation and the Gen9 command
scanner.

The core knows nothing about VFIO, Xen, i915 or the simulator, and its .c
files include only a short list of kernel headers so that the very same
files build in userspace for unit tests and fuzzing.

The directory is hooked into drivers/gpu/Makefile and its Kconfig into
drivers/video/Kconfig, beside the other drivers/gpu/ directories that are
not DRM drivers.""",
        "files": ["drivers/gpu/gvt/core/*"],
        "kconfig": ["DRM_GVT"],
        "makefile": ["core/"],
        "maint": ["drivers/gpu/gvt/Kconfig", "drivers/gpu/gvt/Makefile",
                  "drivers/gpu/gvt/core/"],
        "hooks": ["gpu_makefile", "video_kconfig"],
    },
    {
        "name": "sim",
        "subject": "gvt: add a simulated Kaby Lake GT2 host",
        "body": """\
gvt_sim.ko hands one or more simulated Kaby Lake GT2 GPUs (8086:5912) to
the core: a GGTT and an aperture the core programs as it would a real GPU,
fences, and a power-on register snapshot. Everything above the host layer
can then be exercised on machines without Intel graphics.""",
        "files": ["drivers/gpu/gvt/sim/*"],
        "kconfig": ["DRM_GVT_SIM"],
        "makefile": ["sim/"],
        "maint": ["drivers/gpu/gvt/sim/"],
    },
    {
        "name": "vfio",
        "subject": "gvt: add the mdev/VFIO frontend",
        "body": """\
gvt_vfio.ko makes every GVT device an mdev parent with the types
<driver>-GVTg_V5_{8,4,2,1}, as kvmgt does, and every vGPU a VFIO PCI
device: config space, BAR0 and BAR2 regions, the MSI eventfd, reset, and
guest memory through VFIO pinning. QEMU's vfio-pci, libvirt and mdevctl
drive it unchanged.""",
        "files": ["drivers/gpu/gvt/vfio/*"],
        "kconfig": ["DRM_GVT_VFIO"],
        "makefile": ["vfio/"],
        "maint": ["drivers/gpu/gvt/vfio/"],
    },
    {
        "name": "xen",
        "subject": "gvt: add xengt, the Xen backend",
        "body": """\
xengt.ko serves vGPUs to Xen HVM guests on an unpatched Xen 4.17: one
synchronous ioreq server per guest domain, its ioreq page acquired with
XENMEM_acquire_resource, event channels per vCPU, page tracking through
HVMMEM_ioreq_server and MSI injection through XEN_DMOP_inject_msi. The
/sys/kernel/vgt sysfs ABI that qemu-xen, Qubes libxl and XenServer tooling
write is kept byte for byte, and so is the Kconfig symbol
CONFIG_DRM_I915_GVT_XENGT that dom0 kernel configs already set.""",
        "files": ["drivers/gpu/gvt/xen/*", "include/gvt/xen*"],
        "kconfig": ["DRM_I915_GVT_XENGT"],
        "makefile": ["xen/"],
        "maint": ["drivers/gpu/gvt/xen/"],
    },
    {
        "name": "i915",
        "subject": "gvt: add gvt_i915, the real-hardware host backend",
        "body": """\
gvt_i915.ko hands a real Gen9 (Skylake, Kaby Lake, Coffee Lake, Comet
Lake) i915 device to the core through intel_gvt_set_ops(), where kvmgt
plugs in; only one of the two holds i915's GVT-g hooks at a time, and
each refuses to load while the other does.

For each device i915 hands over it checks the platform and that the GGTT,
the aperture and the fences leave room for a vGPU beside the host's share,
reserves the vGPUs' graphics memory windows in i915's GGTT and every fence
but the host's, and registers the GPU with the core, with the register
snapshot i915 took at probe. Host GGTT entries, fences and aperture
accesses then go through i915's GSM, uncore and aperture mapping. The
workload path's submission ops are not implemented on hardware yet.""",
        "files": ["drivers/gpu/gvt/i915/*"],
        "kconfig": ["DRM_GVT_I915"],
        "makefile": ["i915/"],
        "maint": ["drivers/gpu/gvt/i915/"],
    },
    {
        "name": "docs",
        "subject": "Documentation: gpu: describe the GVT-g vGPU stack",
        "body": """\
The layers and the core API, the simulated GPU, the VFIO frontend, the
MMIO and command-scanner policies, testing and the real-guest tier, and
how to build the stack in tree or as modules.""",
        "files": ["Documentation/gpu/gvt/*"],
        "maint": ["Documentation/gpu/gvt/"],
        "hooks": ["gpu_drivers_rst"],
    },
    {
        "name": "selftests",
        "subject": "selftests: drivers/gpu/gvt: add vGPU tests",
        "body": """\
The tests create vGPUs through mdev sysfs, open them through VFIO and
check config space, BAR0 registers and the GGTT, the debugfs state and
counters, stress create and remove, and mdevctl. Without a GVT-g parent
every program exits 4 (skip).""",
        "files": ["tools/testing/selftests/drivers/gpu/gvt/*"],
        "maint": ["tools/testing/selftests/drivers/gpu/gvt/"],
        "hooks": ["selftests_targets"],
    },
]


def run(cmd, cwd, env=None):
    subprocess.run(cmd, cwd=cwd, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def tree_files():
    # A new file that is not in git yet would be missing from the series
    # the clean clone regenerates: refuse rather than write patches that
    # only this checkout can reproduce.
    others = subprocess.run(["git", "ls-files", "--others",
                             "--exclude-standard"], cwd=TOP, check=True,
                            capture_output=True, text=True).stdout.split()
    others = [f for f in others if not match(f, OUT_OF_TREE)]
    if others:
        sys.exit("mkpatches: not in git yet (git add them first): "
                 + " ".join(others))
    out = subprocess.run(["git", "ls-files"], cwd=TOP, check=True,
                         capture_output=True, text=True).stdout
    return [f for f in out.splitlines() if os.path.isfile(os.path.join(TOP, f))]


def match(path, patterns):
    return any(fnmatch.fnmatchcase(path, p) for p in patterns)


def kconfig_blocks(text):
    """Split our Kconfig into its header and one block per symbol."""
    head, blocks, cur = [], {}, None
    for line in text.splitlines(keepends=True):
        m = re.match(r"config (\w+)\s*$", line)
        if m:
            cur = m.group(1)
            blocks[cur] = []
        if cur is None:
            head.append(line)
        else:
            blocks[cur].append(line)
    return "".join(head), {k: "".join(v) for k, v in blocks.items()}


def makefile_lines(text):
    head, lines = [], {}
    for line in text.splitlines(keepends=True):
        m = re.match(r"obj-\$\(CONFIG_\w+\)\s*\+=\s*(\S+)\s*$", line)
        if m:
            lines[m.group(1)] = line
        else:
            head.append(line)
    return "".join(head), lines


def edit(path, fn):
    with open(path) as f:
        text = f.read()
    new = fn(text)
    if new == text:
        sys.exit("mkpatches: hook did not apply to %s" % path)
    with open(path, "w") as f:
        f.write(new)


def hook(name, repo):
    def after(anchor, add):
        return lambda t: t.replace(anchor, anchor + add, 1) \
            if anchor in t else t
    if name == "gpu_makefile":
        edit(os.path.join(repo, "drivers/gpu/Makefile"),
             after("obj-$(CONFIG_TRACE_GPU_MEM)\t\t+= trace/\n",
                   "obj-$(CONFIG_DRM_GVT)\t\t+= gvt/\n"))
    elif name == "video_kconfig":
        edit(os.path.join(repo, "drivers/video/Kconfig"),
             after('source "drivers/gpu/ipu-v3/Kconfig"\n',
                   '\nsource "drivers/gpu/gvt/Kconfig"\n'))
    elif name == "gpu_drivers_rst":
        edit(os.path.join(repo, "Documentation/gpu/drivers.rst"),
             after("   i915\n", "   gvt/index\n"))
    elif name == "selftests_targets":
        edit(os.path.join(repo, "tools/testing/selftests/Makefile"),
             after("TARGETS += drivers/dma-buf\n",
                   "TARGETS += drivers/gpu/gvt\n"))
    else:
        sys.exit("mkpatches: unknown hook " + name)


HOOKED = ["drivers/gpu/Makefile", "drivers/video/Kconfig",
          "Documentation/gpu/drivers.rst",
          "tools/testing/selftests/Makefile", "MAINTAINERS"]


def maintainers(repo, patterns):
    """Rewrite our MAINTAINERS section to hold @patterns (sorted)."""
    path = os.path.join(repo, "MAINTAINERS")
    with open(path) as f:
        text = f.read()
    section = MAINT_HEAD + "".join("F:\t%s\n" % p for p in sorted(patterns))
    start = text.find(MAINT_HEAD)
    if start >= 0:
        end = text.index("\n\n", start) + 1
        text = text[:start] + section + text[end:]
    else:
        # Sections are sorted by title: ours goes before "H".
        m = re.search(r"^H[A-Z0-9]", text, re.M)
        if not m:
            sys.exit("mkpatches: MAINTAINERS has no section to anchor to")
        text = text[:m.start()] + section + "\n" + text[m.start():]
    with open(path, "w") as f:
        f.write(text)


def commit(repo, msg, env):
    run(["git", "add", "-A"], repo, env)
    subprocess.run(["git", "commit", "-q", "--no-verify", "-F", "-"],
                   cwd=repo, env=env, check=True, input=msg, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True, help="a Linux 6.1 tree")
    ap.add_argument("--out", required=True, help="where patches/ goes")
    args = ap.parse_args()

    mk = os.path.join(args.base, "Makefile")
    try:
        with open(mk) as f:
            head = f.read(400)
    except OSError:
        head = ""
    if not re.search(r"^VERSION = 6\nPATCHLEVEL = 1\n", head, re.M):
        sys.exit("mkpatches: %s is not a Linux 6.1 tree (its Makefile "
                 "does not say VERSION = 6, PATCHLEVEL = 1)" % args.base)

    files = tree_files()
    present = [p for p in PATCHES
               if any(match(f, p["files"]) for f in files)]
    claimed = {}
    for f in files:
        owners = [p["name"] for p in present if match(f, p["files"])]
        if f in ("drivers/gpu/gvt/Kconfig", "drivers/gpu/gvt/Makefile"):
            continue
        if len(owners) > 1:
            sys.exit("mkpatches: %s is claimed by %s" % (f, owners))
        if not owners and not match(f, OUT_OF_TREE):
            sys.exit("mkpatches: %s belongs to no patch and is not listed "
                     "as out-of-tree only (scripts/mkpatches.py)" % f)
        if owners:
            claimed[f] = owners[0]

    with open(os.path.join(TOP, "drivers/gpu/gvt/Kconfig")) as f:
        khead, kblocks = kconfig_blocks(f.read())
    with open(os.path.join(TOP, "drivers/gpu/gvt/Makefile")) as f:
        mhead, mlines = makefile_lines(f.read())
    for p in present:
        for sym in p.get("kconfig", []):
            if sym not in kblocks:
                sys.exit("mkpatches: Kconfig has no symbol %s" % sym)
        for d in p.get("makefile", []):
            if d not in mlines:
                sys.exit("mkpatches: gvt/Makefile has no line for %s" % d)
    if set(kblocks) - {s for p in present for s in p.get("kconfig", [])}:
        sys.exit("mkpatches: Kconfig symbols of no patch: %s" %
                 sorted(set(kblocks) -
                        {s for p in present for s in p.get("kconfig", [])}))

    env = dict(os.environ, GIT_AUTHOR_NAME=AUTHOR, GIT_AUTHOR_EMAIL=EMAIL,
               GIT_COMMITTER_NAME=AUTHOR, GIT_COMMITTER_EMAIL=EMAIL,
               GIT_AUTHOR_DATE=DATE, GIT_COMMITTER_DATE=DATE,
               GIT_CONFIG_NOSYSTEM="1", HOME="/nonexistent")
    with tempfile.TemporaryDirectory() as repo:
        run(["git", "init", "-q"], repo, env)
        for f in HOOKED:
            src = os.path.join(args.base, f)
            if not os.path.isfile(src):
                sys.exit("mkpatches: %s is not a Linux 6.1 tree (no %s)" %
                         (args.base, f))
            os.makedirs(os.path.dirname(os.path.join(repo, f)) or repo,
                        exist_ok=True)
            shutil.copyfile(src, os.path.join(repo, f))
        commit(repo, "base: the files of Linux 6.1 the series edits\n", env)

        ksyms, mdirs, maint = [], [], []
        for p in present:
            for f, owner in claimed.items():
                if owner != p["name"]:
                    continue
                dst = os.path.join(repo, f)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy2(os.path.join(TOP, f), dst)
            ksyms += p.get("kconfig", [])
            mdirs += p.get("makefile", [])
            if ksyms:
                with open(os.path.join(repo, "drivers/gpu/gvt/Kconfig"),
                          "w") as f:
                    f.write(khead + "".join(kblocks[s] for s in kblocks
                                            if s in ksyms).rstrip("\n") +
                            "\n")
            if mdirs:
                with open(os.path.join(repo, "drivers/gpu/gvt/Makefile"),
                          "w") as f:
                    f.write(mhead + "".join(mlines[d] for d in mlines
                                            if d in mdirs))
            for h in p.get("hooks", []):
                hook(h, repo)
            maint += p["maint"]
            maintainers(repo, maint)
            commit(repo, "%s\n\n%s\n\nSigned-off-by: %s <%s>\n" %
                   (p["subject"], p["body"], AUTHOR, EMAIL), env)

        tmp_out = tempfile.mkdtemp(dir=os.path.dirname(
            os.path.abspath(args.out)) or ".")
        try:
            run(["git", "format-patch", "-q", "--zero-commit",
                 "--no-signature", "--full-index", "--cover-letter",
                 "--numbered", "-o", tmp_out, "HEAD~%d" % len(present)],
                repo, env)
            cover_letter(tmp_out, present)
            names = sorted(n for n in os.listdir(tmp_out)
                           if n.endswith(".patch") and
                           not n.startswith("0000-"))
            with open(os.path.join(tmp_out, "series"), "w") as f:
                f.write("".join(n + "\n" for n in names))
            # Replace the old series only once the new one is whole.
            if os.path.isdir(args.out):
                shutil.rmtree(args.out)
            os.rename(tmp_out, args.out)
        finally:
            if os.path.isdir(tmp_out):
                shutil.rmtree(tmp_out)
    print("mkpatches: %d patches in %s" % (len(present), args.out))


def cover_letter(out, present):
    path = os.path.join(out, "0000-cover-letter.patch")
    with open(path) as f:
        text = f.read()
    text = text.replace("*** SUBJECT HERE ***",
                        "GVT-g vGPU stack for Gen9 graphics: a "
                        "hypervisor-neutral core, VFIO and Xen frontends")
    blurb = """\
Intel GVT-g shares one Gen9 integrated GPU between virtual machines. Since
5.19 upstream keeps only the KVM flavour inside kvmgt.ko, and Xen users
(Qubes OS, XenServer) were left on 4.19/5.4 kernels with an out-of-tree
xengt.ko and a patched Xen. This series brings the stack to 6.1 as a
hypervisor-neutral core with shell modules around it (the Xen backend and
the real-hardware backend come as their own patches once written):

  hypervisor frontends   {fe}
                                    |
                                  gvt.ko (the core)
                                    |
  host backends          {be}

The frontends keep the interfaces their users already drive: the mdev
types GVTg_V5_{{8,4,2,1}} for QEMU's vfio-pci, libvirt and mdevctl, and
/sys/kernel/vgt/control/create_vgt_instance for qemu-xen, Qubes libxl and
XenServer tooling, on an unpatched Xen 4.17.

Apply on v6.1 with git am or quilt, then enable CONFIG_DRM_GVT and the
modules you need (a fragment is in the project's configs/kernel-gvt.config).
The kselftests build with

  make -C tools/testing/selftests TARGETS=drivers/gpu/gvt

This series is generated from the project tree by scripts/mkpatches.py;
every prefix of it builds."""
    names = [p["name"] for p in present]
    fe = ["gvt_vfio.ko (mdev + VFIO)"] * ("vfio" in names) + \
        ["xengt.ko (Xen ioreq server)"] * ("xen" in names)
    be = ["gvt_sim.ko (simulated GPU)"] * ("sim" in names) + \
        ["gvt_i915.ko (i915)"] * ("i915" in names)
    blurb = blurb.format(fe=", ".join(fe), be=", ".join(be))
    text = text.replace("*** BLURB HERE ***", blurb)
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
