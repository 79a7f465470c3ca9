#!/usr/bin/env python3
"""tests/lib/go_oldbuildinfo.py IN OUT: rewrites a Go >= 1.18 ELF binary's
build information (".go.buildinfo" with inline strings) into the format the
Go 1.13-1.17 linkers wrote: the header's flags say "pointers", and two
pointers at offsets 16 and 16+ptrsize give the virtual addresses of Go string
headers {data pointer, length} for the version and the module info. The
headers and string bytes are written over the start of the ".noptrdata"
section (the output is for parsers, never run). Little- and big-endian,
32- and 64-bit ELF. `go version -m OUT` reads the result as it reads old
binaries, which checks the rewrite.
"""
import struct
import sys


def main(src, dst):
    b = bytearray(open(src, "rb").read())
    assert b[:4] == b"\x7fELF", "not ELF"
    is64 = b[4] == 2
    e = "<" if b[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(e + "Q", b, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", b, 0x3a)
    else:
        shoff, = struct.unpack_from(e + "I", b, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", b, 0x2e)

    def shdr(i):
        o = shoff + i * shentsize
        if is64:
            name, typ, _fl, addr, off, size = struct.unpack_from(e + "IIQQQQ", b, o)
        else:
            name, typ, _fl, addr, off, size = struct.unpack_from(e + "IIIIII", b, o)
        return name, typ, addr, off, size

    _, _, _, stroff, _ = shdr(shstrndx)
    secs = {}
    for i in range(shnum):
        name, typ, addr, off, size = shdr(i)
        n = bytes(b[stroff + name:b.index(b"\0", stroff + name)]).decode()
        secs[n] = (addr, off, size)
    addr, off, size = secs[".go.buildinfo"]
    assert b[off:off + 14] == b"\xff Go buildinf:" and b[off + 15] & 2, "not the inline format"

    def uvarint(p):
        v = s = 0
        while True:
            c = b[p]
            p += 1
            v |= (c & 0x7f) << s
            s += 7
            if c < 0x80:
                return v, p
    n, p = uvarint(off + 32)
    ver = bytes(b[p:p + n])
    n, p = uvarint(p + n)
    mod = bytes(b[p:p + n])
    psz = 8 if is64 else 4
    pf = e + ("Q" if is64 else "I")
    daddr, doff, dsize = secs[".noptrdata"]
    need = 4 * psz + len(ver) + len(mod)
    assert need <= dsize, ".noptrdata too small"
    hv, hm = daddr, daddr + 2 * psz
    sv = daddr + 4 * psz
    sm = sv + len(ver)
    struct.pack_into(pf + pf[1:] + pf[1:] + pf[1:], b, doff, sv, len(ver), sm, len(mod))
    b[doff + 4 * psz:doff + need] = ver + mod
    b[off + 14] = psz
    b[off + 15] = 0 if e == "<" else 1
    b[off + 16:off + size] = b"\0" * (size - 16)
    struct.pack_into(pf + pf[1:], b, off + 16, hv, hm)
    open(dst, "wb").write(b)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
