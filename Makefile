# idkb — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
BINDIR ?= $(HOME)/.local/bin

.PHONY: run install test lint typecheck pytest fuzz race docs pictures clean examples bench \
	extract-eval

# Install into a virtual environment (runtime dependencies only), put `idkb` on the PATH, and
# show a profile from the seed; the PATH note comes last, where it does not scroll away.
run: install
	$(BIN)/idkb person "Song Tao" --no-pager
	@case ":$$PATH:" in *":$(BINDIR):"*) ;; *) echo "note: add $(BINDIR) to PATH to run idkb from any folder" >&2;; esac

install: $(BIN)/.installed
	@mkdir -p $(BINDIR) && ln -sf $(abspath $(BIN)/idkb) $(BINDIR)/idkb

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

# The test tools (pytest, mypy, ruff, Datasette, ...), installed only by `make test`.
$(BIN)/.installed-dev: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# The whole suite: lint, types, tests with coverage.
test: $(BIN)/.installed-dev lint typecheck pytest

lint:
	$(BIN)/ruff check src tests scripts bench

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest --cov=idkb --cov-report=term:skip-covered

# The command reference, written from the CLI's own help (a test fails when it is stale).
docs: $(BIN)/.installed
	$(BIN)/python -m idkb.cli.docgen > docs/cli.md

# docs/profile.png, a profile as drawn on a terminal (needs rsvg-convert: librsvg2-bin).
pictures: $(BIN)/.installed-dev
	$(BIN)/python scripts/make_pictures.py

# A longer fuzzing campaign: every property in fresh random batches for FUZZ_SECONDS in all;
# the count of cases run is printed at the end.
# PY=/path/to/python runs these two with an existing environment instead (nothing installed).
FUZZ_SECONDS ?= 60
PY ?=
RUNPY := $(if $(PY),$(PY),$(BIN)/python)
NEEDS := $(if $(PY),,$(BIN)/.installed-dev)
fuzz: $(NEEDS)
	HYPOTHESIS_PROFILE=fuzz IDKB_FUZZ_SECONDS=$(FUZZ_SECONDS) $(RUNPY) -m pytest -q \
		-p no:cacheprovider --no-cov tests/test_fuzz.py

# Kill-and-race campaign (scripts/kill_race.py): loads, unloads, rebuilds and readers at once
# with random SIGKILLs for SECONDS, checking the invariants in docs/robustness.md; prints counts.
SECONDS ?= 60
race: $(NEEDS)
	$(RUNPY) scripts/kill_race.py --seconds $(SECONDS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage

# Rewrite the outputs of the example sessions in README.md and docs/ with what idkb prints now.
examples: $(BIN)/.installed-dev
	$(BIN)/python scripts/refresh_examples.py

# Benchmarks (bench/run.py): start-up against sqlite-utils, then each size of synthetic data;
# then `idkb extract` on 1,000 items in one call (bench/extract.py).
# `make bench SIZES=1k REPORT=bench-out/benchmarks.md` is the quick check CI runs.
SIZES  ?= 1k,100k,1m
REPORT ?= docs/benchmarks.md
bench: $(BIN)/.installed-dev
	$(BIN)/python -m bench.run --sizes $(SIZES) --report $(REPORT)
	$(BIN)/python -m bench.extract --items 1000

# Score `idkb extract` on its corpus (tests/extract_corpus): precision, recall and F1 per field,
# and the share of outputs that load; exits 1 when the held-back set misses a target.
extract-eval: $(BIN)/.installed
	PYTHONPATH=src $(BIN)/python scripts/extract_eval.py
