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


def main():
    targets = {'vgpu': SEEDS, 'cmd': None, 'vgt_sysfs': SYSFS_SEEDS,
               'xen_ioreq': IOREQ_SEEDS}
    if len(sys.argv) != 3 or sys.argv[1] not in targets:
        sys.exit('usage: gen_seeds.py vgpu|cmd|vgt_sysfs|xen_ioreq DIR')
    os.makedirs(sys.argv[2], exist_ok=True)
    if sys.argv[1] == 'cmd':
        cmd_seeds(sys.argv[2])
        return
    for name, data in targets[sys.argv[1]].items():
        with open(os.path.join(sys.argv[2], name), 'wb') as f:
            f.write(data)


main()
