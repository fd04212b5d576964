# seguimiento: the two commands a new machine needs, and a few more for maintainers.
#   make run    builds (release) and runs the whole pipeline on inputs/, writing outputs/
#   make test   formatting, lints and every test

CARGO ?= cargo
BIN := target/release/seguimiento

.PHONY: run test check plan bench fuzz clean

run:
	$(CARGO) build --release --locked
	@# Exit status 1 means "findings of severity error" (the sample has some on purpose):
	@# everything was still written, so only 2 (the run could not be done) fails make.
	$(BIN) run --inputs inputs --outputs outputs || [ $$? -eq 1 ]

check:
	$(CARGO) build --release --locked
	$(BIN) check --inputs inputs || [ $$? -eq 1 ]

plan:
	$(CARGO) build --release --locked
	$(BIN) plan --inputs inputs

test:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) test --locked

# Times each stage at three input sizes (S, M, L) with floors and peak memory; see src/bin/bench.rs.
bench:
	$(CARGO) build --release --locked --bin seguimiento-bench
	target/release/seguimiento-bench

# Long property runs over the cell readers, the schedule parser and whole files (tests/fuzz.rs).
FUZZ_ITERATIONS ?= 2000000
# The one-pass xlsx reader is also fuzzed against calamine on mutated workbook XML.
fuzz:
	SEGUIMIENTO_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(CARGO) test --release --locked --test fuzz
	SEGUIMIENTO_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(CARGO) test --release --locked --lib both_readers

clean:
	rm -rf outputs/*/
