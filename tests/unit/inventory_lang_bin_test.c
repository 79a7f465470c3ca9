/*
 * tests/unit/inventory_lang_bin_test.c: packages in binaries: Go build info
 * (Go >= 1.18 inline strings; replacements; stdlib as a package; stripped
 * section headers) and cargo-auditable's .dep-v0 section, on small ELF
 * files built here, plus the Go tools on this machine when present (skopeo,
 * umoci: real Go binaries); corrupt ELF headers are an error, not a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "inventory_lang_util.h"
#include "util/buf.h"

static void put(struct dd_buf *b, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		dd_buf_addch(b, (char)(v >> (8 * i)));
}

/* An ELF64 little-endian file with one section (name, content) and .shstrtab. */
static void make_elf(struct dd_buf *b, const char *secname, const void *data, size_t len)
{
	size_t strtab_off, sh_off, name2;
	struct dd_buf strs = DD_BUF_INIT;

	dd_buf_addch(&strs, 0);
	dd_buf_adds(&strs, secname);
	dd_buf_addch(&strs, 0);
	name2 = strs.len;
	dd_buf_adds(&strs, ".shstrtab");
	dd_buf_addch(&strs, 0);
	strtab_off = 64 + len;
	sh_off = (strtab_off + strs.len + 7) & ~(size_t)7;

	dd_buf_add(b, "\x7f" "ELF\x02\x01\x01", 7);
	while (b->len < 16)
		dd_buf_addch(b, 0);
	put(b, 2, 2);		/* ET_EXEC */
	put(b, 62, 2);		/* x86-64 */
	put(b, 1, 4);
	put(b, 0, 8);		/* entry */
	put(b, 0, 8);		/* phoff */
	put(b, sh_off, 8);
	put(b, 0, 4);
	put(b, 64, 2);
	put(b, 0, 2);
	put(b, 0, 2);
	put(b, 64, 2);
	put(b, 3, 2);		/* shnum */
	put(b, 2, 2);		/* shstrndx */
	dd_buf_add(b, data, len);
	dd_buf_add(b, strs.buf, strs.len);
	while (b->len < sh_off)
		dd_buf_addch(b, 0);
	/* [0] null */
	while (b->len < sh_off + 64)
		dd_buf_addch(b, 0);
	/* [1] the section */
	put(b, 1, 4); put(b, 1, 4); put(b, 3, 8); put(b, 0x401000, 8); put(b, 64, 8); put(b, len, 8);
	put(b, 0, 4); put(b, 0, 4); put(b, 16, 8); put(b, 0, 8);
	/* [2] .shstrtab */
	put(b, name2, 4); put(b, 3, 4); put(b, 0, 8); put(b, 0, 8); put(b, strtab_off, 8);
	put(b, strs.len, 8); put(b, 0, 4); put(b, 0, 4); put(b, 1, 8); put(b, 0, 8);
	dd_buf_release(&strs);
}

static void varint(struct dd_buf *b, size_t v)
{
	while (v >= 0x80) {
		dd_buf_addch(b, (char)(v | 0x80));
		v >>= 7;
	}
	dd_buf_addch(b, (char)v);
}

static void go_buildinfo(struct dd_buf *bi, const char *goversion, const char *modinfo)
{
	static const char sentinel[16] = "0123456789abcdef";

	dd_buf_add(bi, "\xff Go buildinf:", 14);
	dd_buf_addch(bi, 8);
	dd_buf_addch(bi, 2);	/* inline strings (Go >= 1.18) */
	while (bi->len < 32)
		dd_buf_addch(bi, 0);
	varint(bi, strlen(goversion));
	dd_buf_adds(bi, goversion);
	varint(bi, strlen(modinfo) + 32);
	dd_buf_add(bi, sentinel, 16);
	dd_buf_adds(bi, modinfo);
	dd_buf_add(bi, sentinel, 16);
}

static const char modinfo[] =
	"path\tgithub.com/example/app/cmd/app\n"
	"mod\tgithub.com/example/app\tv1.4.0\th1:aaaa\n"
	"dep\tgolang.org/x/text\tv0.3.6\th1:bbbb\n"
	"dep\tgithub.com/old/lib\tv1.0.0\th1:cccc\n"
	"=>\tgithub.com/new/lib\tv1.1.0\th1:dddd\n"
	"dep\tgithub.com/local/thing\tv0.0.0\n"
	"=>\t../thing\t\n"
	"build\t-compiler=gc\n";

TEST(go_binary_buildinfo)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_buf bi = DD_BUF_INIT, elf = DD_BUF_INIT;
	const struct dd_pkg *p;

	go_buildinfo(&bi, "go1.21.5 X:boringcrypto", modinfo);
	make_elf(&elf, ".go.buildinfo", bi.buf, bi.len);
	dd_inventory_new(&inv);
	T_EQ_INT(dd_lang_parse_binary("usr/bin/app", dd_buf_slice(&elf), inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 4);
	p = find_pkg(inv, "github.com/example/app", "v1.4.0");
	T_ASSERT(p);
	T_EQ_INT(p->dep, DD_DEP_ROOT);
	T_EQ_INT(p->eco, DD_ECO_GO);
	T_EQ_STR(p->purl, "pkg:golang/github.com/example/app@v1.4.0");
	T_ASSERT(find_pkg(inv, "golang.org/x/text", "v0.3.6"));
	T_ASSERT(find_pkg(inv, "github.com/new/lib", "v1.1.0"));	/* replacement applied */
	T_EXPECT(!find_pkg(inv, "github.com/old/lib", NULL));
	T_EXPECT(!find_pkg(inv, "github.com/local/thing", NULL));	/* replaced by a directory */
	p = find_pkg(inv, "stdlib", "v1.21.5");
	T_ASSERT(p);
	T_EQ_STR(p->found_in, "usr/bin/app");
	dd_inventory_free(inv);

	/* section headers stripped: the header is found by its magic */
	memset(elf.buf + 0x28, 0, 8);
	elf.buf[0x3c] = 0;
	elf.buf[0x3e] = 0;
	dd_inventory_new(&inv);
	T_EQ_INT(dd_lang_parse_binary("usr/bin/app", dd_buf_slice(&elf), inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 4);
	dd_inventory_free(inv);
	dd_buf_release(&bi);
	dd_buf_release(&elf);
	dd_err_release(&e);
}

TEST(go_binary_corrupt)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_buf bi = DD_BUF_INIT, elf = DD_BUF_INIT;
	size_t i;

	dd_inventory_new(&inv);
	/* not ELF: silently not a binary we read */
	T_EQ_INT(parse_str(dd_lang_parse_binary, "#!/bin/sh\necho hello, world, this is a script....\n",
			   "usr/bin/x", inv, &e), -DDE_UNSUPPORTED);
	go_buildinfo(&bi, "go1.20", modinfo);
	make_elf(&elf, ".go.buildinfo", bi.buf, bi.len);
	/* section table pointing past the end */
	elf.buf[0x28] = (char)0xff;
	elf.buf[0x2c] = 0x7f;
	T_EQ_INT(dd_lang_parse_binary("usr/bin/x", dd_buf_slice(&elf), inv, &e), -DDE_FORMAT);
	dd_err_release(&e);
	dd_buf_reset(&elf);
	/* a version length running past the section */
	bi.buf[32] = (char)0xff;
	bi.buf[33] = (char)0xff;
	bi.buf[34] = 0x7f;
	make_elf(&elf, ".go.buildinfo", bi.buf, bi.len);
	T_EQ_INT(dd_lang_parse_binary("usr/bin/x", dd_buf_slice(&elf), inv, &e), -DDE_FORMAT);
	dd_err_release(&e);
	/* every truncation of a valid file: an error or nothing, never a crash */
	dd_buf_reset(&bi);
	dd_buf_reset(&elf);
	go_buildinfo(&bi, "go1.20", modinfo);
	make_elf(&elf, ".go.buildinfo", bi.buf, bi.len);
	for (i = 0; i < elf.len; i += 7) {
		(void)dd_lang_parse_binary("usr/bin/x", dd_slice_of(elf.buf, i), inv, &e);
		dd_err_release(&e);
	}
	dd_inventory_free(inv);
	dd_buf_release(&bi);
	dd_buf_release(&elf);
}

TEST(go_binary_real_tools)
{
	static const char *const tools[] = { "/usr/bin/skopeo", "/usr/bin/umoci", NULL };
	size_t i, found = 0;

	for (i = 0; tools[i]; i++) {
		struct dd_inventory *inv = NULL;
		struct dd_err e = DD_ERR_INIT;
		size_t j, std = 0;

		if (access(tools[i], R_OK) != 0)
			continue;
		dd_inventory_new(&inv);
		T_EQ_INT(parse_path(dd_lang_parse_binary, tools[i], tools[i] + 1, inv, &e), 0);
		for (j = 0; j < inv->n_pkgs; j++) {
			T_EQ_INT(inv->pkgs[j].eco, DD_ECO_GO);
			T_EXPECT(!strncmp(inv->pkgs[j].purl, "pkg:golang/", 11));
			std += !strcmp(inv->pkgs[j].name, "stdlib") && inv->pkgs[j].version[0] == 'v';
		}
		/* Debian builds these in GOPATH mode: no module list, the Go version still counts */
		T_EQ_INT(std, 1);
		found++;
		dd_inventory_free(inv);
		dd_err_release(&e);
	}
	if (!found)
		t_skip("no Go tools (skopeo, umoci) on this machine");
}

TEST(rust_cargo_auditable)
{
	static const char json[] =
		"{\"packages\":[{\"name\":\"app\",\"version\":\"0.1.0\",\"source\":\"local\",\"root\":true,"
		"\"dependencies\":[1]},{\"name\":\"regex\",\"version\":\"1.7.3\",\"source\":\"crates.io\"}]}";
	unsigned char z[1024];
	uLongf zlen = sizeof(z);
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_buf elf = DD_BUF_INIT;

	T_ASSERT(compress2(z, &zlen, (const unsigned char *)json, sizeof(json) - 1, 9) == Z_OK);
	make_elf(&elf, ".dep-v0", z, zlen);
	dd_inventory_new(&inv);
	T_EQ_INT(dd_lang_parse_binary("usr/local/bin/app", dd_buf_slice(&elf), inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 2);
	T_EQ_INT(find_pkg(inv, "app", "0.1.0")->dep, DD_DEP_ROOT);
	T_EQ_STR(find_pkg(inv, "regex", "1.7.3")->purl, "pkg:cargo/regex@1.7.3");
	dd_inventory_free(inv);
	/* corrupt zlib data */
	dd_buf_reset(&elf);
	z[zlen / 2] ^= 0x55;
	z[zlen / 2 + 1] ^= 0x55;
	make_elf(&elf, ".dep-v0", z, zlen);
	dd_inventory_new(&inv);
	T_EXPECT(dd_lang_parse_binary("usr/local/bin/app", dd_buf_slice(&elf), inv, &e) < 0);
	dd_inventory_free(inv);
	dd_buf_release(&elf);
	dd_err_release(&e);
}

/* Which executables the binary readers ask the file view for (each is
 * buffered whole until the end of the walk): none below 128 KiB (smaller
 * than any Go or std Rust program), none above 256 MiB, no shared
 * libraries or scripts. */
TEST(binary_request_bounds)
{
	T_EXPECT(dd_lang_parser_for("usr/bin/app", 0100755, 128u << 10) == dd_lang_parse_binary);
	T_EXPECT(dd_lang_parser_for("usr/bin/app", 0100755, 256u << 20) == dd_lang_parse_binary);
	T_EXPECT(dd_lang_parser_for("usr/bin/app", 0100755, (128u << 10) - 1) == NULL);
	T_EXPECT(dd_lang_parser_for("usr/bin/app", 0100755, (256u << 20) + 1) == NULL);
	T_EXPECT(dd_lang_parser_for("usr/bin/app", 0100644, 1u << 20) == NULL);
	T_EXPECT(dd_lang_parser_for("usr/lib/libx.so.1", 0100755, 1u << 20) == NULL);
	T_EXPECT(dd_lang_parser_for("usr/bin/run.sh", 0100755, 1u << 20) == NULL);
	T_EQ_INT(dd_lang_phase("usr/bin/app", 0100755, 1u << 20), 4);
	T_EQ_INT(dd_lang_phase("usr/bin/app", 0100755, 4096), 0);
}

/* A C program (section headers, no .go.buildinfo, no .dep-v0) is no Go or
 * Rust binary: unsupported, nothing added, no error message. */
TEST(c_binary_is_not_go)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;

	if (access("/bin/ls", R_OK) != 0) {
		t_skip("no /bin/ls");
		return;
	}
	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_go_parse_binary, "/bin/ls", "bin/ls", inv, &e), -DDE_UNSUPPORTED);
	T_EQ_INT(parse_path(dd_lang_parse_binary, "/bin/ls", "bin/ls", inv, &e), -DDE_UNSUPPORTED);
	T_EQ_INT(inv->n_pkgs, 0);
	T_EQ_INT(e.code, 0);
	dd_inventory_free(inv);
	dd_err_release(&e);
}
