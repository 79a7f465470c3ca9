/*
 * src/inventory/gobin.c: Go modules from the build information the Go
 * linker embeds in binaries (Go >= 1.13; the ".go.buildinfo" section, or
 * its magic found in the data when section headers are stripped): the main
 * module, every dependency with its version (replacements applied) and the
 * Go version, reported as the package "stdlib". Also the small ELF reader
 * the binary parsers share (dd_elf_section) and dd_lang_parse_binary, which
 * tries each binary parser.
 */
#include "inventory/lang.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define BI_MAGIC	"\xff Go buildinf:"
#define BI_MAGIC_LEN	14
#define MAX_MODINFO	(4u << 20)

struct elf {
	struct dd_slice d;
	bool is64, be;
	uint64_t shoff;
	unsigned shentsize, shnum, shstrndx;
};

static uint64_t rd(const struct elf *el, const unsigned char *p, unsigned n)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[el->be ? n - 1 - i : i] << (8 * i);
	return v;
}

static bool in_bounds(struct dd_slice d, uint64_t off, uint64_t len)
{
	return off <= d.len && len <= d.len - off;
}

static int elf_open(struct elf *el, struct dd_slice d, struct dd_err *e)
{
	const unsigned char *h = (const unsigned char *)d.ptr;

	if (d.len < 52 || memcmp(h, "\x7f" "ELF", 4) != 0)
		return -DDE_UNSUPPORTED;
	if ((h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2))
		return dd_err_set(e, -DDE_FORMAT, "ELF header: bad class or byte order");
	el->d = d;
	el->is64 = h[4] == 2;
	el->be = h[5] == 2;
	if (el->is64 && d.len < 64)
		return dd_err_set(e, -DDE_FORMAT, "ELF header truncated");
	el->shoff = el->is64 ? rd(el, h + 0x28, 8) : rd(el, h + 0x20, 4);
	el->shentsize = (unsigned)rd(el, h + (el->is64 ? 0x3a : 0x2e), 2);
	el->shnum = (unsigned)rd(el, h + (el->is64 ? 0x3c : 0x30), 2);
	el->shstrndx = (unsigned)rd(el, h + (el->is64 ? 0x3e : 0x32), 2);
	if (el->shnum && (el->shentsize < (el->is64 ? 64u : 40u) ||
			  !in_bounds(d, el->shoff, (uint64_t)el->shnum * el->shentsize)))
		return dd_err_set(e, -DDE_FORMAT, "ELF section headers out of bounds");
	return 0;
}

struct shdr {
	uint32_t name, type;
	uint64_t addr, off, size;
};

static void elf_shdr(const struct elf *el, unsigned i, struct shdr *s)
{
	const unsigned char *p = (const unsigned char *)el->d.ptr + el->shoff + (uint64_t)i * el->shentsize;

	s->name = (uint32_t)rd(el, p, 4);
	s->type = (uint32_t)rd(el, p + 4, 4);
	if (el->is64) {
		s->addr = rd(el, p + 0x10, 8);
		s->off = rd(el, p + 0x18, 8);
		s->size = rd(el, p + 0x20, 8);
	} else {
		s->addr = rd(el, p + 0x0c, 4);
		s->off = rd(el, p + 0x10, 4);
		s->size = rd(el, p + 0x14, 4);
	}
}

static int elf_find(const struct elf *el, const char *name, struct shdr *out, struct dd_err *e)
{
	struct shdr strs;
	unsigned i;

	if (!el->shnum || el->shstrndx >= el->shnum)
		return -DDE_NOTFOUND;
	elf_shdr(el, el->shstrndx, &strs);
	if (!in_bounds(el->d, strs.off, strs.size))
		return dd_err_set(e, -DDE_FORMAT, "ELF section names out of bounds");
	for (i = 0; i < el->shnum; i++) {
		struct shdr s;
		size_t n = strlen(name);

		elf_shdr(el, i, &s);
		if (s.name >= strs.size || strs.size - s.name < n + 1)
			continue;
		if (memcmp(el->d.ptr + strs.off + s.name, name, n + 1) != 0)
			continue;
		if (s.type == 8 /* SHT_NOBITS */ || !in_bounds(el->d, s.off, s.size))
			return dd_err_set(e, -DDE_FORMAT, "ELF section %s out of bounds", name);
		*out = s;
		return 0;
	}
	return -DDE_NOTFOUND;
}

int dd_elf_section(struct dd_slice data, const char *name, struct dd_slice *out, struct dd_err *e)
{
	struct elf el;
	struct shdr s;
	int r;

	r = elf_open(&el, data, e);
	if (r < 0)
		return r;
	r = elf_find(&el, name, &s, e);
	if (r < 0)
		return r;
	*out = dd_slice_of(data.ptr + s.off, (size_t)s.size);
	return 0;
}

/* Reads a uvarint at *p (advancing), false when malformed or past end. */
static bool uvarint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (*p < end && shift < 64) {
		unsigned char b = *(*p)++;

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
		shift += 7;
	}
	return false;
}

/*
 * Maps a virtual address to file data through the loadable segments (the
 * program headers, present even when section headers were stripped).
 */
static bool vaddr_read_segments(const struct elf *el, uint64_t addr, uint64_t len,
				struct dd_slice *out)
{
	const unsigned char *h = (const unsigned char *)el->d.ptr;
	uint64_t phoff = el->is64 ? rd(el, h + 0x20, 8) : rd(el, h + 0x1c, 4);
	unsigned phentsize = (unsigned)rd(el, h + (el->is64 ? 0x36 : 0x2a), 2);
	unsigned phnum = (unsigned)rd(el, h + (el->is64 ? 0x38 : 0x2c), 2), i;

	if (phentsize < (el->is64 ? 56u : 32u) || !in_bounds(el->d, phoff, (uint64_t)phnum * phentsize))
		return false;
	for (i = 0; i < phnum; i++) {
		const unsigned char *p = h + phoff + (uint64_t)i * phentsize;
		uint64_t off, va, filesz;

		if (rd(el, p, 4) != 1)	/* PT_LOAD */
			continue;
		off = el->is64 ? rd(el, p + 0x08, 8) : rd(el, p + 0x04, 4);
		va = el->is64 ? rd(el, p + 0x10, 8) : rd(el, p + 0x08, 4);
		filesz = el->is64 ? rd(el, p + 0x20, 8) : rd(el, p + 0x10, 4);
		if (addr < va || addr - va >= filesz)
			continue;
		if (len > filesz - (addr - va) || !in_bounds(el->d, off + (addr - va), len))
			return false;
		*out = dd_slice_of(el->d.ptr + off + (addr - va), (size_t)len);
		return true;
	}
	return false;
}

/* Maps a virtual address to file data through the section headers, else the segments. */
static bool vaddr_read(const struct elf *el, uint64_t addr, uint64_t len, struct dd_slice *out)
{
	unsigned i;

	if (!el->shnum)
		return vaddr_read_segments(el, addr, len, out);
	for (i = 0; i < el->shnum; i++) {
		struct shdr s;

		elf_shdr(el, i, &s);
		if (s.type == 8 || !s.addr || addr < s.addr || addr - s.addr >= s.size)
			continue;
		if (len > s.size - (addr - s.addr) || !in_bounds(el->d, s.off + (addr - s.addr), len))
			return false;
		*out = dd_slice_of(el->d.ptr + s.off + (addr - s.addr), (size_t)len);
		return true;
	}
	return false;
}

/* Old (Go < 1.18) header: pointers to Go string headers {ptr, len}. */
static bool read_gostring(const struct elf *el, uint64_t addr, unsigned psz, struct dd_slice *out)
{
	struct dd_slice hdr;
	uint64_t p, n;

	if (!vaddr_read(el, addr, 2u * psz, &hdr))
		return false;
	p = rd(el, (const unsigned char *)hdr.ptr, psz);
	n = rd(el, (const unsigned char *)hdr.ptr + psz, psz);
	if (n > MAX_MODINFO)
		return false;
	return vaddr_read(el, p, n, out);
}

static void add_mod(struct dd_inventory *inv, struct dd_lang_seen *seen, const char *path,
		    struct dd_slice name, struct dd_slice version, enum dd_dep_kind dep)
{
	char *n = dd_slice_dup(name), *v = dd_slice_dup(version);
	struct dd_pkg *p = dd_lang_add_once(seen, inv, DD_ECO_GO, path, n, v);

	if (p)
		p->dep = dep;
	free(n);
	free(v);
}

int dd_go_parse_binary(const char *path, struct dd_slice data, struct dd_inventory *inv,
		       struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_slice bi = DD_SLICE_NULL, ver = DD_SLICE_NULL, mod = DD_SLICE_NULL, line;
	struct dd_slice dep_name = DD_SLICE_NULL, dep_ver = DD_SLICE_NULL;
	struct shdr s;
	struct elf el;
	bool have_dep = false;
	int r;

	r = elf_open(&el, data, e);
	if (r < 0)
		return r;
	r = elf_find(&el, ".go.buildinfo", &s, e);
	if (r == 0) {
		bi = dd_slice_of(data.ptr + s.off, (size_t)s.size);
	} else if (r == -DDE_NOTFOUND) {
		size_t off;

		/* section headers without .go.buildinfo: not a Go binary (every Go
		 * linker since 1.13 writes the section); most executables end here */
		if (el.shnum && el.shstrndx < el.shnum)
			return -DDE_UNSUPPORTED;
		/* stripped section headers: the header is 16-byte aligned in the file */
		for (off = 0; off + 32 <= data.len; off += 16)
			if (memcmp(data.ptr + off, BI_MAGIC, BI_MAGIC_LEN) == 0)
				break;
		if (off + 32 > data.len)
			return -DDE_UNSUPPORTED;
		bi = dd_slice_of(data.ptr + off, data.len - off);
	} else {
		return r;
	}
	if (bi.len < 32 || memcmp(bi.ptr, BI_MAGIC, BI_MAGIC_LEN) != 0)
		return dd_err_set(e, -DDE_FORMAT, ".go.buildinfo: no build info header");
	if (bi.ptr[15] & 2) {
		const unsigned char *p = (const unsigned char *)bi.ptr + 32, *end =
			(const unsigned char *)bi.ptr + bi.len;
		uint64_t n;

		if (!uvarint(&p, end, &n) || n > (uint64_t)(end - p))
			return dd_err_set(e, -DDE_FORMAT, ".go.buildinfo: bad version string");
		ver = dd_slice_of(p, (size_t)n);
		p += n;
		if (!uvarint(&p, end, &n) || n > (uint64_t)(end - p))
			return dd_err_set(e, -DDE_FORMAT, ".go.buildinfo: bad module string");
		mod = dd_slice_of(p, (size_t)n);
	} else {
		unsigned psz = (unsigned char)bi.ptr[14];
		struct elf tmp = el;

		if (psz != 4 && psz != 8)
			return dd_err_set(e, -DDE_FORMAT, ".go.buildinfo: pointer size %u", psz);
		tmp.be = bi.ptr[15] & 1;
		if (!read_gostring(&tmp, rd(&tmp, (const unsigned char *)bi.ptr + 16, psz), psz, &ver) ||
		    !read_gostring(&tmp, rd(&tmp, (const unsigned char *)bi.ptr + 16 + psz, psz), psz, &mod))
			return dd_err_set(e, -DDE_FORMAT, ".go.buildinfo: version pointers out of bounds");
	}
	/* the module info is framed by 16-byte sentinels */
	if (mod.len >= 33 && mod.ptr[mod.len - 17] == '\n')
		mod = dd_slice_of(mod.ptr + 16, mod.len - 32);
	else
		mod = DD_SLICE_NULL;
	while (dd_parse_line(&mod, &line)) {
		struct dd_slice kind = dd_parse_until(&line, '\t');
		struct dd_slice name = dd_parse_until(&line, '\t');
		struct dd_slice v = dd_parse_until(&line, '\t');

		if (dd_slice_eq(kind, "=>")) {
			/* replaces the preceding dep; a local directory (no version, or
			 * "(devel)" since Go 1.18, path starting with . or /) is not a module */
			if (have_dep && v.len && !dd_slice_eq(v, "(devel)") && name.len &&
			    name.ptr[0] != '.' && name.ptr[0] != '/') {
				dep_name = name;
				dep_ver = v;
			} else {
				have_dep = false;
			}
			continue;
		}
		if (have_dep)
			add_mod(inv, &seen, path, dep_name, dep_ver, DD_DEP_UNKNOWN);
		have_dep = false;
		if (dd_slice_eq(kind, "mod") && v.len && !dd_slice_eq(v, "(devel)"))
			add_mod(inv, &seen, path, name, v, DD_DEP_ROOT);
		else if (dd_slice_eq(kind, "dep") && v.len) {
			dep_name = name;
			dep_ver = v;
			have_dep = true;
		}
	}
	if (have_dep)
		add_mod(inv, &seen, path, dep_name, dep_ver, DD_DEP_UNKNOWN);
	/* "go1.21.5" or "go1.22.0 X:boringcrypto": the standard library is a package too */
	if (dd_parse_skip(&ver, "go") && ver.len) {
		struct dd_slice num = dd_parse_until(&ver, ' ');
		char *v = dd_xasprintf("v%.*s", DD_SLICE_FMT(num));

		dd_lang_add_once(&seen, inv, DD_ECO_GO, path, "stdlib", v);
		free(v);
	}
	dd_lang_seen_release(&seen);
	return 0;
}

int dd_lang_parse_binary(const char *path, struct dd_slice data, struct dd_inventory *inv,
			 struct dd_err *e)
{
	int r;

	r = dd_go_parse_binary(path, data, inv, e);
	if (r != -DDE_UNSUPPORTED)
		return r;
	r = dd_rust_parse_binary(path, data, inv, e);
	return r == -DDE_NOTFOUND ? -DDE_UNSUPPORTED : r;
}
