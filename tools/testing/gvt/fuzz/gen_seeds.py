#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Write the seed corpus of a fuzz target: gen_seeds.py TARGET DIR.
#
# vgpu: each seed is a short, meaningful guest session in the input format
# that fuzz_vgpu.c decodes (see its header comment): byte 0 chooses the
# world, then come operations, an opcode byte (low nibble operation, high
# nibble argument) followed by little-endian operands. Byte 0: FZ_WORLD_*
# of fz.h.
#
# wl: sessions of one or two guests in the format of fuzz_wl.c (see its
# header comment): byte 0 chooses the world (FW_WORLD_*), then come
# operations, an opcode byte (low nibble operation, high nibble argument)
# and little-endian operands. Most submit ready-made commands through the
# guest template and run them; others reset, detach, unmap, hang, or are
# hostile.
#
# cmd: the seeds are command streams of tools/testing/gvt/cmd_corpus.c,
# which the built target writes itself (GVT_FUZZ_SEEDS=DIR), checking that
# the scanner accepts each; $GVT_FUZZ_BUILD is where the targets are
# (../build/fuzz by default).
import os
import subprocess
import sys

SWITCH, MMIO_READ, MMIO_WRITE, REG_READ, REG_WRITE, PVINFO, FENCE, \
    GGTT_WRITE, GGTT_HALF, GGTT_READ, APERTURE, CFG_READ, CFG_WRITE, \
    RESET, HV, MMIO_RAW = range(16)


def op(code, arg=0, *operands):
    return bytes([code | arg << 4]) + b''.join(operands)


def le(val, n):
    return (val & ((1 << (8 * n)) - 1)).to_bytes(n, 'little')


def wr32(off, val):
    """A 4-byte register write (size index 0)."""
    return op(MMIO_WRITE, 0, le(off, 3), le(val, 8))


def rd32(off):
    return op(MMIO_READ, 0, le(off, 3))


def ggtt(where, entry, gfn, present=True):
    """An 8-byte GGTT write; where 0: own aperture, 1: own hidden."""
    width = 2 if where == 0 else 3
    return op(GGTT_WRITE, where | (0 if present else 4), le(entry, width),
              le(0, 1), le(gfn, 1))


def half(where, entry, gfn, high):
    width = 2 if where == 0 else 3
    return op(GGTT_HALF, where | (4 if high else 0), le(entry, width),
              le(0, 1), le(gfn, 1))


def fence(i, how, start_pages, size_pages, pitch, arg=1):
    """A fence write; how: bit 1 hidden range, 0x10 end below start,
    0x20 pitch 0x800 (no pitch operand), bit 0 not valid."""
    data = op(FENCE, arg, le(i, 1), le(how, 1), le(start_pages, 2),
              le(size_pages, 2))
    return data if how & 0x20 else data + le(pitch, 1)


GFX_MODE_RCS = 0x229c


def masked_on(bit):
    return (1 << (bit + 16)) | (1 << bit)



SEEDS = {
    'ggtt': b'\0' + b''.join(ggtt(w, e, g) for w, e, g in
                             [(0, 0, 1), (0, 1, 2), (0, 2, 1), (1, 0, 3),
                              (1, 7, 0xee), (0, 0, 1), (0, 3, 4)]) +
    op(GGTT_READ, 0, le(1, 2)) + ggtt(0, 1, 0, present=False),
    'ggtt_halves': b'\0' + half(0, 5, 9, False) + half(0, 5, 9, True) +
    half(1, 6, 10, True) + rd32(0x2000) + half(1, 6, 10, False) +
    half(0, 5, 9, False) + half(0, 5, 9, True),
    'fences': b'\0' + fence(0, 0, 0, 15, 3) + fence(1, 2, 16, 0, 7, 0) +
    fence(2, 0x10, 4, 1, 1) + fence(3, 0x20, 0, 1, 0) +
    fence(0, 0, 0, 0, 0, 3) + fence(0, 1, 0, 0, 0),
    'forcewake_irq': b'\0' + wr32(0xa278, masked_on(0)) + rd32(0x0d84) +
    wr32(0xa188, 0xffff0001) + rd32(0x130044) + wr32(0x44308, 0xffffffff) +
    wr32(0x44200, 0xffffffff) + rd32(0x44200) + wr32(0x941c, 0x2) +
    wr32(0x20d0, masked_on(0)) + rd32(0x20d0) + wr32(0x138124, 0x80000001),
    'pvinfo_execlists': b'\0' + op(PVINFO, 0, le(0, 2), le(0, 4)) +
    op(PVINFO, 1, le(0x804, 2), le(1, 4)) +
    wr32(GFX_MODE_RCS, masked_on(15)) + rd32(0x2234),
    'failsafe': b'\0' + wr32(GFX_MODE_RCS, masked_on(15)) +
    ggtt(0, 3, 7) + op(PVINFO, 1, le(0x808, 2), le(1, 4)) + op(RESET),
    'cfg': b'\0' + op(CFG_WRITE, 0, le(0x10, 2), le(4, 1),
                      le(0xffffffff, 8)) +
    op(CFG_READ, 0, le(0x10, 2), le(4, 1)) +
    op(CFG_WRITE, 0, le(0x4, 2), le(2, 1), le(0x7, 8)) +
    op(CFG_READ, 0, le(0xffe, 2), le(4, 1)),
    'aperture': b'\0' + ggtt(0, 0, 1) + op(APERTURE, 0, le(0, 4),
                                           le(64, 2)) +
    op(APERTURE, 8, le(0x100, 4), le(4096, 2)) +
    op(APERTURE, 1, le(0, 4), le(8, 2)) + op(APERTURE, 6, le(0, 4),
                                             le(16, 2)),
    'two_vgpus': b'\0' + ggtt(0, 0, 1) + wr32(0x4000, 0x1234) +
    op(SWITCH) + ggtt(0, 0, 1) + wr32(0x4000, 0x5678) + op(RESET) +
    op(SWITCH) + rd32(0x4000) + op(SWITCH),
    'hv': b'\0' + ggtt(0, 0, 1) + ggtt(0, 1, 1) + ggtt(1, 2, 2) +
    op(HV, 2, le(1, 1), le(1, 1)) + op(HV, 0) + op(HV, 1) +
    ggtt(0, 0, 3) + op(HV, 3) + ggtt(0, 1, 4),
    'invalid': b'\0' + op(MMIO_READ, 5, le(0x4001, 3)) +
    op(MMIO_WRITE, 2, le(0x800001, 3), le(1, 8)) +
    op(MMIO_RAW, 8, le(1 << 40, 8), le(1, 8)) +
    op(MMIO_RAW, 1, le((16 << 20) - 8, 8)) +
    op(MMIO_WRITE, 1, le(0xfffff8, 3), le(3, 8)),
    'big_host': b'\1' + ggtt(1, 131071, 5) + ggtt(0, 32767, 6) +
    op(MMIO_RAW, 1, le((16 << 20) - 8, 8)) + fence(3, 2, 1, 1, 1) +
    op(SWITCH) + ggtt(1, 1, 5),
    'no_hv': b'\2' + op(SWITCH) + ggtt(0, 0, 1) + op(HV, 1) +
    ggtt(0, 0, 1) + op(RESET),
    # Pipe A on, a 32x32 linear primary plane and a 64x64 cursor on the
    # first pages of vGPU 0's aperture (0x8000000 on world 0's host).
    'planes': b'\0' + b''.join(ggtt(0, e, e + 1) for e in range(4)) +
    wr32(0x6001c, 31 << 16 | 31) + wr32(0x70180, 0x84000000) +
    wr32(0x70188, 2) + wr32(0x7019c, 0x8000000) + wr32(0x70008, 1 << 31) +
    wr32(0x70080, 0x27) + wr32(0x70088, 0x8005) + wr32(0x70084, 0x8000000),
    # The VMM's two-block EDID (checksums fixed), then a broken one, the
    # guest reading it over AUX D (offset 0, then 16 bytes), unplug, plug,
    # the monitor's own again.
    'edid': b'\0' + op(HV, 7, b'\x11') + op(HV, 7, b'\x03', b'\x08\x00') +
    wr32(0x64314, 0x40005000) + wr32(0x64318, 0) + wr32(0x64310, 0xd2500000) +
    wr32(0x64314, 0x5000500f) + wr32(0x64310, 0xd2400000) + rd32(0x64314) +
    op(HV, 11) + op(HV, 11) + op(HV, 15),
    # Bits 3 and 4: destroy the vGPUs with their pins at the end.
    'teardown': b'\x18' + ggtt(0, 0, 1) + ggtt(1, 1, 1) + fence(0, 0, 0, 1, 0) +
    op(SWITCH) + ggtt(0, 2, 2) + half(0, 3, 3, False),
    'teardown_big': b'\x19' + ggtt(0, 0, 1) + op(SWITCH) + ggtt(1, 9, 4),
    # Regression: a generic BAR0 write (op 15) lands on another GGTT
    # entry's half between the two halves of entry 0x8005, which the core
    # then treats as displaced; the model must follow it.
    'regress_displaced_half': bytes.fromhex(
        '00029c2200232323232323232323232323232323232323232323232323232323'
        '2323232323232323232323232323232323232323232323232300ff0180009c22'
        '0000800080000000002bbd071508080100080500ff00008e9e02009e9e9e9e9e'
        '96680009004805000009580600001480000000002bbd07150808010008050000'
        '05008e9e02009e9e9e9e9e966800090048050000095806000014554e0026'),
}


def cmd_seeds(out):
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.environ.get('GVT_FUZZ_BUILD',
                           os.path.join(here, '..', 'build', 'fuzz'))
    env = dict(os.environ, GVT_FUZZ_SEEDS=os.path.abspath(out),
               ASAN_OPTIONS='detect_leaks=0')
    ret = subprocess.run([os.path.join(build, 'fuzz_cmd')], env=env,
                         stdout=subprocess.DEVNULL, check=False)
    if ret.returncode:
        sys.exit('gen_seeds.py: fuzz_cmd could not write its seeds')


# vgt_sysfs: writes to create_vgt_instance separated by 0xff, as the
# toolstacks format them (fuzz_vgt_sysfs.c).
SYSFS_SEEDS = {
    'qemu': b'1,64,448,4,-1,0\n\xff-1\n\xff-1\n',
    'igvtg': b'2,128,384,4,1,0\n\xff3,128,384,4,0,50\n\xff-2\n',
    'libxl': b'4,64,448,4,-1,0\n\xff4,64,448,4,-1,0\n\xff-4\n',
    'four_fields': b'1,256,1024,4\xff2,256,1024,4\xff-1\xff-2',
    'errors': b'9,64,448,4\xff1,100,448,4\xff1,64\xff-0\xff5\n',
}

# xen_ioreq: operations of fuzz_xen_ioreq.c (opcode | domain << 3, then
# the operands).
COPY, PCI_CONFIG, PIO = 1, 2, 0


def xreq(dom, vcpu, kind, flags, size_code, count, where, off, data,
         opcode=0):
    # Types map through "type % 6": 0, 1 COPY, 2 PCI_CONFIG, 3 PIO, ...
    t = {COPY: 0, PCI_CONFIG: 2, PIO: 3}[kind]
    cnt = le(count, 4 if flags & 8 else 2)
    return (bytes([opcode | dom << 3, vcpu, t, flags, size_code]) + cnt +
            bytes([where]) + le(off, 4) + le(data, 8))


IOREQ_SEEDS = {
    'cfg_and_mmio': xreq(0, 0, PCI_CONFIG, 1, 2, 1, 3, 0, 0) +
    xreq(0, 1, COPY, 1, 3, 1, 0, 0x78000, 0) +
    xreq(0, 0, COPY, 0, 2, 1, 0, 0x1e0000, 0x12345678) +
    xreq(1, 2, COPY, 1, 2, 1, 0, 0x1e0000, 0),
    'rep_ptr_df': xreq(0, 0, COPY, 2, 2, 4, 0, 0x1e0000, 0x1000) +
    xreq(0, 0, COPY, 1 | 2 | 4, 2, 4, 0, 0x1e000c, 0x200c) +
    xreq(0, 1, COPY, 1 | 2, 3, 0xffff, 0, 0x1e0000, 0x3000),
    'tracked': bytes([3, 3, 1]) + xreq(0, 0, COPY, 0, 3, 1, 2, 0x3010, 7) +
    xreq(0, 0, COPY, 2, 2, 4, 2, 0x3100, 0x5000) + bytes([3, 3, 0]),
    'in_flight': xreq(0, 0, COPY, 1, 2, 1, 0, 0x1e0000, 0, opcode=1) +
    xreq(0, 1, PCI_CONFIG, 1, 1, 1, 3, 4, 0, opcode=1) + bytes([5]) +
    xreq(1, 0, COPY, 1, 2, 1, 0, 0, 0, opcode=1) + bytes([6 | 8, 1]),
    'bars_and_schedule': xreq(0, 0, PCI_CONFIG, 0, 2, 1, 3, 0x10,
                              0xd0000000) +
    xreq(0, 0, PCI_CONFIG, 0, 1, 1, 3, 4, 0) + bytes([4, 0, 4, 1]) +
    xreq(0, 0, PCI_CONFIG, 0, 1, 1, 3, 4, 2) + bytes([2, 1, 7, 1, 2, 3, 4]),
    'hostile': xreq(0, 0, COPY, 2 | 8, 2, 0xffffffff, 0, 0, 0) +
    xreq(0, 1, COPY, 2 | 4, 3, 4, 0, 8, 0) +
    xreq(0, 2, PIO, 1, 0, 1, 4, 0x3c0, 0) +
    xreq(0, 0, COPY, 1, 4, 1, 5, 0, 0),
}


# wl: operations of fuzz_wl.c (enum fw_opcode).
W_EMIT, W_MEM, W_CTX_REG, W_SWITCH, W_ELSP, W_RUN, W_MMIO_W, W_MMIO_R, \
    W_GGTT, W_PPGTT, W_ENGINE_RESET, W_VGPU_RESET, W_HV, W_INJECT, \
    W_SUBMIT, W_INIT = range(16)
# Engine operands index fw_pick[]: RCS, BCS, VCS, VECS, ..., VCS2 (7);
# contexts are numbered 2 * (enum gvt_engine) + n, with RCS 0, VCS 1,
# VCS2 2, BCS 3, VECS 4.
RCS, BCS, VCS, VECS, VCS2 = 0, 1, 2, 3, 7
CTX = {RCS: 0, VCS: 2, VCS2: 4, BCS: 6, VECS: 8}
# Ready-made commands (fw_cmd()).
K_RAW, K_NOOP, K_SDI, K_SDI_PPGTT, K_BB_PPGTT, K_BB_GGTT, K_USER, K_PC, \
    K_FLUSH, K_LRI, K_SRM, K_LRR, K_ATOMIC, K_COPY, K_BLIT, K_SPECIAL = \
    range(16)
SP_BB_END, SP_SELF, SP_SEM, SP_INDEX, SP_BAD_LRI, SP_3D, SP_SRC_COPY, \
    SP_FAST_COPY, SP_MATH, SP_PC_INDEX, SP_LRM, SP_LONG_SDI = range(12)
RUN_TO_END = 0x10


def emit(kind, tgt, p=0, val=0):
    """A command into a ring (tgt: context) or batch (0x80 | batch)."""
    return op(W_EMIT, kind, le(tgt, 1), le(p, 1), le(val, 4))


def gbatch(n):
    return 0x80 | n


def pbatch(n):
    return 0x80 | 8 | n


def elsp(eng, how=0, ccid=0):
    return op(W_ELSP, eng, le(how, 1), le(ccid, 1))


def run(eng=8, slices=7, budget=5):
    return op(W_RUN, eng, le(slices, 1), le(budget, 1))


def submit(kind, eng, p=0, val=0):
    """kind at the end of the ring of eng's context, ELSP, maybe run."""
    return op(W_SUBMIT, kind, le(eng, 1), le(p, 1), le(val, 4))


def mmio(eng, reg, val, masked=False):
    return op(W_MMIO_W, eng | (8 if masked else 0), le(reg, 1), le(val, 4))


def hv(what, gfn=0, count=0):
    """0 detach, 1 attach, 2 unmap frames gfn .. gfn + count, 3 both."""
    if what == 2:
        return op(W_HV, what, le(gfn, 1), le(count, 1))
    return op(W_HV, what)


def inject(what, val=0):
    """0 a submit fails, 1 val + 1 page allocations fail, 2 the workload
    on engine val hangs, 3 toggle completion inside submit."""
    return op(W_INJECT, what, le(val, 1))


def ppgtt(table, idx, gfn, absent=False, ro=False, ips=False, fill=None):
    """Entry idx of a template table (0 PML4, 1 PDP, 2 PD, 3 PT, 4 PT64,
    5 PML4B); fill: that many following entries get the same value."""
    arg = (1 if absent else 0) | (2 if ro else 0) | (4 if ips else 0) | \
        (8 if fill is not None else 0)
    data = op(W_PPGTT, arg, le(table, 1), le(idx, 2), le(gfn, 2))
    return data + (le(fill, 1) if fill is not None else b'')


def mem(page, off, data):
    return op(W_MEM, 0, le(page, 1), le(off, 2), le(len(data), 1)) + data


def raw(tgt, *dws):
    return b''.join(emit(K_RAW, tgt, 0, dw) for dw in dws)


# A PPGTT batch of 101 pages of MI_NOOP (PT entries 64..164 map zeroed
# frame 150, entry 165 a page that starts with MI_BATCH_BUFFER_END) at
# va 0x40000: more than a workload may run before it is a hang.
LONG_BATCH = ppgtt(3, 64, 150, fill=100) + ppgtt(3, 165, 151) + \
    mem(151, 0, le(0x05000000, 4))


def bb_long(ctx):
    return raw(ctx, 0x18800101, 0x40000, 0)


WL_SEEDS = {
    'sdi_rcs': b'\0' + submit(K_SDI, RCS | RUN_TO_END, 3, 0x1234),
    'every_engine': b'\0' + submit(K_PC, RCS, 1, 7) +
    submit(K_FLUSH, BCS, 1, 8) + submit(K_FLUSH, VCS, 0, 9) +
    submit(K_FLUSH, VECS, 3, 10) + submit(K_USER, VCS2) + run(),
    'ppgtt_batch': b'\0' + emit(K_SDI_PPGTT, pbatch(0), 5, 0xabcd) +
    emit(K_SDI_PPGTT, pbatch(0), 0x43, 0x64) +
    emit(K_SDI_PPGTT, pbatch(0), 0x80, 0x65) +
    emit(K_BB_PPGTT, CTX[RCS], 0) + emit(K_USER, CTX[RCS]) +
    elsp(RCS) + run(),
    'ggtt_batch_chain': b'\0' + emit(K_SDI, gbatch(1), 9, 1) +
    emit(K_BB_PPGTT, gbatch(0), 0x82) + emit(K_SDI_PPGTT, pbatch(2), 1) +
    emit(K_BB_GGTT, CTX[BCS], 0) + emit(K_BB_GGTT, gbatch(0), 1) +
    emit(K_FLUSH, CTX[BCS], 1, 5) + elsp(BCS) + run(BCS),
    'two_ports': b'\0' + emit(K_SDI, CTX[RCS], 1, 1) +
    emit(K_SDI, CTX[RCS] + 1, 2, 2) + elsp(RCS, 2 | 4) + run(RCS, 0, 0) +
    run(),
    'lite_restore': b'\0' + emit(K_NOOP, CTX[VCS], 7) + elsp(VCS) +
    emit(K_FLUSH, CTX[VCS], 1, 3) + elsp(VCS) + run(VCS, 1, 0) +
    emit(K_USER, CTX[VCS]) + elsp(VCS, 8) + run(),
    'two_vgpus': b'\0' + emit(K_SDI, CTX[RCS], 1, 0x11) + elsp(RCS) +
    op(W_SWITCH) + emit(K_SDI, CTX[RCS], 2, 0x22) + elsp(RCS) +
    submit(K_FLUSH, BCS, 0, 1) + run(RCS, 1, 0) + op(W_SWITCH) + run() +
    submit(K_SDI, RCS | RUN_TO_END, 4, 0x33) + op(W_SWITCH) +
    submit(K_SDI, RCS | RUN_TO_END, 5, 0x44),
    'two_vgpus_long': b'\0' + LONG_BATCH + bb_long(CTX[RCS]) +
    elsp(RCS) + op(W_SWITCH) + LONG_BATCH + bb_long(CTX[RCS]) +
    elsp(RCS) + run(8, 3, 8) + op(W_SWITCH) + run(8, 7, 8),
    'hang_engine_reset': b'\x20' + LONG_BATCH + bb_long(CTX[RCS]) +
    elsp(RCS) + run(RCS, 0, 0) + op(W_ENGINE_RESET, 0, le(RCS, 1)) +
    run() + emit(K_SDI, CTX[RCS], 6, 6) + elsp(RCS, 8) + run() +
    bb_long(CTX[RCS]) + elsp(RCS) + run() + run(),
    'long_batch_cancel': b'\0' + LONG_BATCH + bb_long(CTX[VECS]) +
    elsp(VECS) + run(VECS, 1, 3) + op(W_ENGINE_RESET, 2, le(VECS, 1)) +
    run() + bb_long(CTX[VECS]) + elsp(VECS, 8) + run(VECS, 0, 0) +
    op(W_VGPU_RESET),
    'unmap_in_flight': b'\0' + emit(K_SDI_PPGTT, pbatch(3), 0x10, 3) +
    emit(K_BB_PPGTT, CTX[RCS], 3) + elsp(RCS) + hv(2, 80, 40) + run() +
    emit(K_BB_PPGTT, CTX[RCS], 3) + elsp(RCS, 8) + run(),
    'detach_in_flight': b'\0' + emit(K_SDI_PPGTT, pbatch(0), 1, 1) +
    emit(K_BB_PPGTT, CTX[BCS], 0) + elsp(BCS) + hv(0) + run() + hv(1) +
    op(W_VGPU_RESET) + submit(K_SDI, BCS | RUN_TO_END, 1, 1) + hv(3) +
    op(W_INIT) + submit(K_BB_PPGTT, BCS | RUN_TO_END),
    'ppgtt_changes': b'\0' + emit(K_SDI_PPGTT, pbatch(0), 2, 5) +
    emit(K_BB_PPGTT, CTX[RCS], 0) + elsp(RCS) + run() +
    ppgtt(3, 18, 150) + ppgtt(2, 0, 67) + ppgtt(3, 17, 0, absent=True) +
    emit(K_BB_PPGTT, CTX[RCS], 0) + elsp(RCS, 8) + run() +
    ppgtt(1, 1, 66) + ppgtt(4, 0, 160) +
    emit(K_SDI_PPGTT, CTX[RCS], 0x41, 9) + emit(K_BB_PPGTT, CTX[RCS], 0) +
    elsp(RCS, 8) + ppgtt(3, 1, 152) + run(),
    'ppgtt_untracked': b'\1' + emit(K_SDI_PPGTT, pbatch(0), 2, 5) +
    emit(K_BB_PPGTT, CTX[RCS], 0) + elsp(RCS) + run() +
    ppgtt(3, 18, 151, ro=True) + emit(K_BB_PPGTT, CTX[RCS], 0) +
    elsp(RCS, 8) + run(),
    'hostile': b'\0' + elsp(RCS, 0x10) + op(W_VGPU_RESET) +
    submit(K_SPECIAL, RCS | RUN_TO_END, SP_BB_END) + op(W_VGPU_RESET) +
    emit(K_SDI_PPGTT, CTX[RCS], 1) + elsp(RCS) + op(W_VGPU_RESET) +
    submit(K_SPECIAL, BCS | RUN_TO_END, SP_SEM) + op(W_VGPU_RESET) +
    submit(K_SPECIAL, RCS | RUN_TO_END, SP_BAD_LRI, 0x2080) +
    op(W_VGPU_RESET) + elsp(BCS, 0x20) + op(W_VGPU_RESET) +
    emit(K_SPECIAL, gbatch(0), SP_SELF) + emit(K_BB_GGTT, CTX[RCS], 0) +
    elsp(RCS, 0x40),
    'host_failures': b'\0' + inject(0) +
    submit(K_SDI, RCS | RUN_TO_END, 1, 1) +
    op(W_ENGINE_RESET, 0, le(RCS, 1)) + inject(1, 2) +
    emit(K_BB_PPGTT, CTX[VCS], 0) + elsp(VCS) + run() +
    submit(K_NOOP, BCS, 7) + inject(2, BCS) + run() + inject(3) +
    submit(K_SDI, VECS, 1, 1),
    'sync': b'\2' + submit(K_SDI, RCS, 1, 1) + submit(K_PC, RCS, 1, 2) +
    emit(K_BB_PPGTT, CTX[VECS], 0) + elsp(VECS) + op(W_SWITCH) +
    submit(K_FLUSH, BCS, 1, 3) + LONG_BATCH + bb_long(CTX[RCS]) +
    elsp(RCS),
    'blits': b'\0' + submit(K_BLIT, BCS, 0x35, 0xff00ff) +
    emit(K_BLIT, pbatch(4), 0x1f, 0x77) +
    emit(K_SPECIAL, pbatch(4), SP_FAST_COPY, 3) +
    emit(K_BB_PPGTT, CTX[BCS], 4) + elsp(BCS) + run(),
    'registers_atomics': b'\0' + emit(K_LRI, CTX[RCS], 0, 5) +
    emit(K_SRM, CTX[RCS], 1) + emit(K_LRR, CTX[RCS], 2) +
    emit(K_ATOMIC, CTX[RCS], 3) + emit(K_COPY, CTX[RCS], 4) +
    emit(K_SPECIAL, CTX[RCS], SP_MATH) +
    emit(K_SPECIAL, CTX[RCS], SP_LONG_SDI, 7) +
    emit(K_ATOMIC, pbatch(5), 6) + emit(K_SPECIAL, pbatch(5), SP_LONG_SDI,
                                        15) +
    emit(K_BB_PPGTT, CTX[RCS], 5) + elsp(RCS) + run(),
    'reset_in_flight': b'\0' + emit(K_SDI_PPGTT, pbatch(0), 1, 1) +
    emit(K_BB_PPGTT, CTX[RCS], 0) + elsp(RCS) + op(W_SWITCH) +
    submit(K_SDI, RCS) + op(W_SWITCH) + op(W_VGPU_RESET) + run() +
    op(W_SWITCH) + run(),
    'registers': b'\0' + mmio(RCS, 1, 0x100, masked=True) +
    submit(K_SDI, RCS, 1, 1) + run() + op(W_MMIO_R, RCS, le(1, 1)) +
    mmio(RCS, 1, 0x01000000) + op(W_MMIO_R, RCS, le(12, 1)) +
    op(W_MMIO_R, RCS, le(13, 1)) + mmio(BCS, 7, 0xffffffff) +
    op(W_GGTT, 0, le(56, 3), le(200, 2)) + emit(K_SDI, CTX[RCS], 0) +
    elsp(RCS, 8) + run(),
    # Bits 3 and 4: both vGPUs are destroyed at the end, work in flight.
    'teardown': b'\x18' + emit(K_SDI_PPGTT, pbatch(0), 1, 1) +
    emit(K_BB_PPGTT, CTX[RCS], 0) + elsp(RCS) + op(W_SWITCH) +
    LONG_BATCH + bb_long(CTX[BCS]) + elsp(BCS) + run(BCS, 0, 0),
    # Open bugs found by this target; each fails it until fixed.
    # sim/engine.c eng_rw(): eng_xlate() leaves the chunk size unset when
    # a translation fails, so a store to a GGTT page of the vGPU's own
    # partition that maps scratch (entry 56 made non-present here) uses
    # an uninitialized chunk, 0 on a kernel with INIT_STACK_ALL_ZERO: the
    # executor never returns.
    'regress_sim_eng_rw_chunk': b'\0' +
    op(W_GGTT, 4, le(56, 3), le(0, 2)) +
    submit(K_SDI, RCS | RUN_TO_END, 0, 0x1234),
    # sim/engine.c exec_2d(): a blit's address space is the one its batch
    # was fetched from (bb_ppgtt), which gvt_sim's copies always have in
    # the GGTT: a blit in a non-privileged PPGTT batch writes the GGTT at
    # its PPGTT address (va 0x10000: host GGTT entry 0x10).
    'regress_sim_blit_ppgtt': b'\0' + emit(K_BLIT, pbatch(4), 0x1f, 0x77) +
    emit(K_BB_PPGTT, CTX[BCS], 4) + elsp(BCS) + run(),
    # core/cmd_table.c: XY_* blits have no handler, so their GGTT operands
    # in a privileged buffer are never audited: XY_COLOR_BLT in vGPU 0's
    # BCS ring fills 64 bytes at 0xc000000, in vGPU 1's aperture.
    'regress_core_blit_ggtt': b'\0' +
    raw(CTX[BCS], 0x54300005, 0x03f00100, 0, 0x00010010, 0x0c000000, 0,
        0xdeadbeef) + elsp(BCS) + run(),
    # core/ggtt.c gvt_vgpu_attach_hv() on an attached vGPU only unmaps the
    # GGTT; its kernel-doc says the vGPU "is detached first", but its
    # shadow PPGTTs keep their pins and tracked frames (and later drop
    # them through the new ops).
    'regress_core_reattach': b'\0' + emit(K_SDI_PPGTT, pbatch(0), 5, 1) +
    emit(K_BB_PPGTT, CTX[RCS], 0) + elsp(RCS) + run() + hv(1),
}


def main():
    targets = {'vgpu': SEEDS, 'cmd': None, 'vgt_sysfs': SYSFS_SEEDS,
               'xen_ioreq': IOREQ_SEEDS, 'wl': WL_SEEDS}
    if len(sys.argv) != 3 or sys.argv[1] not in targets:
        sys.exit('usage: gen_seeds.py vgpu|cmd|vgt_sysfs|xen_ioreq|wl DIR')
    os.makedirs(sys.argv[2], exist_ok=True)
    if sys.argv[1] == 'cmd':
        cmd_seeds(sys.argv[2])
        return
    for name, data in targets[sys.argv[1]].items():
        with open(os.path.join(sys.argv[2], name), 'wb') as f:
            f.write(data)


main()
