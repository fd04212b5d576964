# seguimiento: the two commands a new machine needs, and a few more for maintainers.
#   make run    builds (release) and runs the whole pipeline on inputs/, writing outputs/
#   make test   formatting, lints and every test

CARGO ?= cargo
# The release profile serves the run, the tests and the bench alike, so the heavy dependencies
# (Typst above all) are compiled once, not once per profile. `cargo run` finds the binary
# wherever CARGO_TARGET_DIR (or a cargo config) puts it.
RUN := $(CARGO) run --release --locked --quiet --bin seguimiento --

.PHONY: run test check plan bench fuzz clean

run:
	@# Exit status 1 means "findings of severity error" (the sample has some on purpose):
	@# everything was still written, so only 2 (the run could not be done) fails make.
	$(RUN) run --inputs inputs --outputs outputs || [ $$? -eq 1 ]

check:
	$(RUN) check --inputs inputs || [ $$? -eq 1 ]

plan:
	$(RUN) plan --inputs inputs

# The lints check in the release profile too: the build scripts and procedural macros the run's
# build compiled serve them, and only the dependencies' metadata is made again.
test:
	$(CARGO) fmt --check
	$(CARGO) clippy --release --locked --all-targets -- -D warnings
	$(CARGO) test --release --locked

# Times each stage at three input sizes (S, M, L) with floors and peak memory; see src/bin/bench.rs.
bench:
	@# The bench times reading in worker processes of the seguimiento binary: build it too.
	$(CARGO) build --release --locked --quiet --bin seguimiento
	$(CARGO) run --release --locked --quiet --bin seguimiento-bench

# Long property runs over the cell readers, the schedule parser and whole files (tests/fuzz.rs).
FUZZ_ITERATIONS ?= 2000000
FUZZ_WORKER_FILES ?= 20000
# The one-pass xlsx reader is also fuzzed against calamine on mutated workbook XML.
fuzz:
	SEGUIMIENTO_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(CARGO) test --release --locked --test fuzz
	@# Whole generated files (lying counts, pathological text) through the worker path, 100 a run.
	SEGUIMIENTO_FUZZ_ITERATIONS=$(FUZZ_WORKER_FILES) $(CARGO) test --release --locked --test fuzz_workers
	SEGUIMIENTO_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(CARGO) test --release --locked --lib both_readers

clean:
	rm -rf outputs/*/
