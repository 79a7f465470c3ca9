# drydock build. Targets:
#   make            ./drydock (release build, -O2)
#   make test       ASan+UBSan build in build/test/, then tests/run (all tests)
#   make fuzz       libFuzzer targets (clang) in build/fuzz/, one per fuzz/*_fuzz.c
#   make fuzz-run T=NAME S=SECONDS   run one fuzz target, crashers land in fuzz/corpus/NAME
#   make bench      benchmarks (bench/run), figures next to their baselines
#   make lint       source checks (banned functions, file header comments)
# Sources are found by wildcard: a new .c under src/, tests/unit/ or fuzz/
# needs no Makefile change.

CC ?= gcc
ifeq ($(CC),cc)
CC := gcc
endif
FUZZ_CC ?= clang
PKGS := libarchive sqlite3 jansson libcurl libcrypto yaml-0.1 rpm zlib liburing libdeflate libisal

ifneq ($(filter-out clean lint,$(or $(MAKECMDGOALS),all)),)
DEPS_OK := $(shell pkg-config --exists $(PKGS) && echo yes)
ifneq ($(DEPS_OK),yes)
$(info drydock: missing libraries, running scripts/install-deps)
DEPS_RC := $(shell scripts/install-deps >&2; echo $$?)
ifneq ($(DEPS_RC),0)
$(error scripts/install-deps failed; install the -dev packages it names)
endif
endif
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl, librpm and libisal are loaded on first use (src/vulndb/curl_lib.c,
# src/inventory/rpm_lib.c, src/image/gunzip.c), not linked
# liburing and libdeflate are linked statically (their Debian -dev packages
# ship the .a): a few small functions each, and no shared object to load at
# every start-up
PKG_LIBS := $(patsubst -ldeflate,-l:libdeflate.a,$(patsubst -luring,-l:liburing.a,$(filter-out -lcurl -lrpm -lrpmio -lpopt -lisal,$(shell pkg-config --libs $(PKGS) 2>/dev/null)))) -lm
# libarchive is linked statically when Debian's libarchive.a is installed
# (libarchive-dev ships it): only the tar/zip readers and the gzip, bzip2, xz
# and zstd filters drydock names (src/util/archive_filters.c) come in, not
# libxml2, ICU and libstdc++ that the shared library loads for its xar reader
# (about 6 ms of every start-up). libacl, liblz4 and libxml2 serve readers
# drydock never enables.
ARCHIVE_A := $(wildcard $(shell pkg-config --variable=libdir libarchive 2>/dev/null)/libarchive.a)
# This applies to the drydock binaries (release and test); the unit tests and
# fuzz targets keep the shared library, as their fixtures use archive writers
# (pax) that pull in every format, xar's libxml2 included.
DRYDOCK_LIBS := $(PKG_LIBS)
ifneq ($(ARCHIVE_A),)
DRYDOCK_LIBS := -Wl,--as-needed -Wl,-Bstatic -larchive -Wl,-Bdynamic \
	$(filter-out -larchive -lacl -llz4 -lxml2,$(shell pkg-config --static --libs libarchive 2>/dev/null)) \
	$(filter-out -larchive,$(PKG_LIBS))
endif
WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wformat=2 -Wvla
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Isrc $(PKG_CFLAGS) $(WARN) -MMD -MP
REL_CFLAGS := $(BASE_CFLAGS) -O2 -g
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
TEST_CFLAGS := $(BASE_CFLAGS) -O1 -g $(SAN)

SRC := $(shell find src -name '*.c' | LC_ALL=C sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT_SRC := $(wildcard tests/unit/*.c)
FUZZ_SRC := $(wildcard fuzz/*_fuzz.c)
FUZZ_NAMES := $(patsubst fuzz/%_fuzz.c,%,$(FUZZ_SRC))

# A stamp that changes whenever the set of source files changes, so that
# archives and binaries are rebuilt when a file is added or removed.
SRC_LIST := $(SRC) $(UNIT_SRC) $(FUZZ_SRC)
SRC_STAMP := build/sources.stamp
$(shell mkdir -p build; echo '$(SRC_LIST)' | cmp -s - $(SRC_STAMP) || echo '$(SRC_LIST)' > $(SRC_STAMP))

REL_OBJ := $(LIB_SRC:%.c=build/rel/%.o)
TEST_OBJ := $(LIB_SRC:%.c=build/test/%.o)
FUZZ_OBJ := $(LIB_SRC:%.c=build/fuzz/%.o)

.SECONDARY:
.PHONY: all test test-build fuzz fuzz-run bench lint clean
all: drydock

drydock: build/rel/src/main.o build/rel/libdrydock.a
	$(CC) $(REL_CFLAGS) -o $@ $^ $(DRYDOCK_LIBS)

build/rel/libdrydock.a: $(REL_OBJ) $(SRC_STAMP)
	@rm -f $@
	ar rcs $@ $(filter %.o,$^)

build/test/libdrydock.a: $(TEST_OBJ) $(SRC_STAMP)
	@rm -f $@
	ar rcs $@ $(filter %.o,$^)

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c -o $@ $<

build/test/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/unit -c -o $@ $<

build/test/drydock: build/test/src/main.o build/test/libdrydock.a
	$(CC) $(TEST_CFLAGS) -o $@ $^ $(DRYDOCK_LIBS)

build/test/unit: $(UNIT_SRC:%.c=build/test/%.o) build/test/libdrydock.a $(SRC_STAMP)
	$(CC) $(TEST_CFLAGS) -o $@ $(filter %.o %.a,$^) $(PKG_LIBS)

build/test/fuzz/%: build/test/fuzz/%_fuzz.o build/test/fuzz/replay.o build/test/libdrydock.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $^ $(PKG_LIBS)

test-build: drydock build/test/drydock build/test/unit $(FUZZ_NAMES:%=build/test/fuzz/%)

test: test-build
	tests/run

# libFuzzer builds: the whole library again with clang and the fuzzer runtime.
build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CFLAGS) -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -c -o $@ $<

build/fuzz/libdrydock.a: $(FUZZ_OBJ) $(SRC_STAMP)
	@rm -f $@
	ar rcs $@ $(filter %.o,$^)

build/fuzz/bin/%: build/fuzz/fuzz/%_fuzz.o build/fuzz/libdrydock.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $^ $(PKG_LIBS)

fuzz: $(FUZZ_NAMES:%=build/fuzz/bin/%)

T ?= $(firstword $(FUZZ_NAMES))
S ?= 60
DD_SHARED ?= $(abspath ..)/shared
fuzz-run: build/fuzz/bin/$(T)
	@mkdir -p fuzz/corpus/$(T) build/fuzz/work/$(T)
	@if [ -f fuzz/shared-seeds/$(T).list ]; then while read -r p; do \
		cp "$(DD_SHARED)/$$p" build/fuzz/work/$(T)/ 2>/dev/null || true; done < fuzz/shared-seeds/$(T).list; fi
	build/fuzz/bin/$(T) -max_total_time=$(S) -artifact_prefix=fuzz/corpus/$(T)/crash- \
		build/fuzz/work/$(T) fuzz/corpus/$(T)

bench: drydock
	bench/run

lint:
	tests/lint

clean:
	rm -rf build drydock

-include $(shell find build/rel build/test build/fuzz -type f -name '*.d' 2>/dev/null)
