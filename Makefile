# SPDX-License-Identifier: GPL-2.0
#
# rtm: top-level build. `make help` lists the targets.
#
# KDIR is the kernel build tree rtm.ko is built against. By default it is
# Debian's linux-headers of the release scripts/kernel-version picks
# (6.1.0-56-amd64 when installed), never `uname -r`: the machine's own
# kernel is not the one the VM boots.

ifeq ($(origin KVER),undefined)
KVER := $(shell scripts/kernel-version 2>/dev/null)
endif
ifeq ($(origin KDIR),undefined)
KDIR := $(firstword $(wildcard /lib/modules/$(KVER)/build/Makefile \
			      /usr/src/linux-headers-$(KVER)/Makefile))
KDIR := $(patsubst %/Makefile,%,$(KDIR))
endif

KSFT_DIR := $(CURDIR)/build/ksft

# The demo: a full-size real table in the VM.
DEMO_MEM ?= 4096
DEMO_TIMEOUT ?= 1800
DEMO_ARGS ?=

# `make vm CMD='...'` runs a command in the VM by hand.
CMD ?= sh
VM_ARGS ?=

# $(call need-makefile,DIR): stop with a clear message when DIR/Makefile is
# missing (each directory has its own owner; it may not be written yet).
define need-makefile
	@test -f $(1)/Makefile || { \
		echo "error: $(1)/Makefile is missing, cannot build $(1)/" >&2; exit 1; }
endef

.PHONY: all module module-debug samples userlib ksft-headers selftests tools data demo vm check bench bench-vm clean help

all: module samples userlib selftests tools

module:
	@test -f module/Kbuild || { echo "error: module/Kbuild is missing, cannot build rtm.ko" >&2; exit 1; }
	@test -n "$(KDIR)" && test -f "$(KDIR)/Makefile" || { \
		echo "error: no kernel build tree (KDIR='$(KDIR)'): run 'sudo scripts/setup'" \
		     "or pass KDIR=/path/to/linux-headers" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/module modules

# The sample consumer of rtm's in-kernel API (selftests/rtm/rtm_kapi_test),
# linked against rtm.ko's exports through its Module.symvers.
samples: module
	$(MAKE) -C $(KDIR) M=$(CURDIR)/samples/rtm_consumer \
		KBUILD_EXTRA_SYMBOLS=$(CURDIR)/module/Module.symvers modules

# rtm.ko for the debug kernel (built once into its cache, ~10 minutes on 2
# cores), from a copy of the sources so module/rtm.ko stays Debian's.
DEBUG_MODULE := build/debug-module
module-debug:
	@debug_dir=$$(scripts/build-debug-kernel) && \
	rm -rf $(DEBUG_MODULE) && mkdir -p $(DEBUG_MODULE)/module $(DEBUG_MODULE)/uapi/linux $(DEBUG_MODULE)/include/net \
		$(DEBUG_MODULE)/samples/rtm_consumer && \
	cp module/*.c module/*.h module/Kbuild $(DEBUG_MODULE)/module/ && \
	rm -f $(DEBUG_MODULE)/module/*.mod.c && \
	cp uapi/linux/*.h $(DEBUG_MODULE)/uapi/linux/ && \
	cp include/net/*.h $(DEBUG_MODULE)/include/net/ && \
	cp samples/rtm_consumer/*.c samples/rtm_consumer/Kbuild $(DEBUG_MODULE)/samples/rtm_consumer/ && \
	$(MAKE) -C $$debug_dir/build M=$(CURDIR)/$(DEBUG_MODULE)/module modules && \
	$(MAKE) -C $$debug_dir/build M=$(CURDIR)/$(DEBUG_MODULE)/samples/rtm_consumer \
		KBUILD_EXTRA_SYMBOLS=$(CURDIR)/$(DEBUG_MODULE)/module/Module.symvers modules

userlib:
	$(call need-makefile,userlib)
	$(MAKE) -C userlib

ksft-headers:
	@scripts/ksft-headers $(KSFT_DIR)

selftests: ksft-headers userlib
	$(call need-makefile,selftests/rtm)
	$(MAKE) -C selftests/rtm KSFT_DIR=$(KSFT_DIR)

tools: userlib
	$(call need-makefile,tools)
	$(MAKE) -C tools

data:
	scripts/fetch-table

demo: all data
	scripts/vm-run --mem=$(DEMO_MEM) --timeout=$(DEMO_TIMEOUT) --extra=build/data -- \
		rtm-demo $(DEMO_ARGS) /extra/ipv4.txt /extra/ipv6.txt

vm: all
	scripts/vm-run $(VM_ARGS) -- $(CMD)

# Builds, runs every suite and one VM boot; the last line of output is
# "N passed, N failed, N skipped". See scripts/run-check.
check:
	+@MAKE="$(MAKE)" scripts/run-check

# Benchmarks; figures only, nothing passes or fails on a time. Natively: the
# LPM index and the trie against a naive baseline and DPDK's rte_lpm/rte_lpm6
# (table and plot in build/bench/), and the instruction counts of the
# per-handle kernel work (callgrind). Then bench-vm (BENCH_VM=0 leaves it
# out). The packages they need are installed on first use (root).
BENCH_OUT := build/bench
BENCH_VM ?= 1
bench: data
	$(call need-makefile,testing/bench)
	@pkg-config --exists libdpdk && command -v valgrind >/dev/null || scripts/setup --bench
	mkdir -p $(BENCH_OUT)
	bash -o pipefail -c '$(MAKE) -C testing/bench bench | tee $(BENCH_OUT)/native.txt'
	scripts/bench-plot $(BENCH_OUT)/native.txt > $(BENCH_OUT)/lookups.svg
	bash -o pipefail -c '$(MAKE) -C testing/icount run | tee $(BENCH_OUT)/icount.txt'
	@echo "bench: figures in $(BENCH_OUT)/ (native.txt, lookups.svg, icount.txt)"
	@if [ "$(BENCH_VM)" = 1 ]; then $(MAKE) bench-vm; fi

# rtm against the kernel FIB on the full real table, in one VM boot (about 25
# minutes under TCG; testing/vmbench/README.md)
bench-vm: data
	testing/vmbench/run

# Sub-directory clean targets are optional; module/ is cleaned through Kbuild.
clean:
	@for dir in userlib selftests/rtm tools testing/userspace testing/vmbench testing/icount; do \
		if test -f $$dir/Makefile && grep -q '^clean:' $$dir/Makefile; then \
			$(MAKE) -C $$dir clean || exit 1; \
		fi; \
	done
	@if test -f module/Kbuild && test -n "$(KDIR)"; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/module clean; \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/samples/rtm_consumer clean; \
	fi
	rm -rf build

help:
	@echo "targets:"
	@echo "  all        module samples userlib selftests tools"
	@echo "  module     module/rtm.ko against KDIR=$(KDIR)"
	@echo "  module-debug  the debug kernel (cached) and rtm.ko for it"
	@echo "  samples    samples/rtm_consumer/rtm_consumer.ko (needs module)"
	@echo "  userlib    userlib/librtm.{a,so}"
	@echo "  selftests  selftests/rtm/ test programs (needs build/ksft headers)"
	@echo "  tools      tools/rtm-demo, tools/rtmctl"
	@echo "  data       build/data/ipv4.txt, ipv6.txt from the location database"
	@echo "  demo       all + data, then rtm-demo on the real tables in the VM"
	@echo "  vm         run CMD='...' in the VM (VM_ARGS='--mem=... --timeout=...')"
	@echo "  check      build, native suites, VM selftests on Debian's and the debug"
	@echo "             kernel (RTM_CHECK_DEBUG=0 skips it), KUnit; prints the TAP summary"
	@echo "  bench      native LPM benchmarks vs rte_lpm, plot, instruction counts, then bench-vm (BENCH_VM=0: not)"
	@echo "  bench-vm   rtm vs the kernel FIB on the full table in one VM boot (~25 min)"
	@echo "  clean      remove build products and build/"
