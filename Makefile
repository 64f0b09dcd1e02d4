# greenbridge: `make demo` and `make test` work from a clean clone with nothing else done.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_HOME := .demo
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test lint typecheck bench bench-deps venv system-deps clean messages

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	# torch is pinned to the CPU build in the same install as sentence-transformers
	$(BIN)/python -m pip install --quiet -e '.[dev]' 'torch==2.13.0'
	touch $(STAMP)

DEMO_USER ?= demo
DEMO_PASSWORD ?= greenbridge-demo

## demo: install, load the examples into a fresh SQLite store, serve on $(HOST):$(PORT)
demo: $(STAMP)
	rm -rf $(DEMO_HOME)
	GREENBRIDGE_HOME=$(DEMO_HOME) $(BIN)/greenbridge ingest examples/documents
	GREENBRIDGE_HOME=$(DEMO_HOME) $(BIN)/greenbridge import technologies examples/technologies.csv
	printf '%s\n' '$(DEMO_PASSWORD)' | GREENBRIDGE_HOME=$(DEMO_HOME) \
	  $(BIN)/greenbridge user add $(DEMO_USER) --role admin --password-stdin
	@echo "sign in at http://$(HOST):$(PORT)/ as $(DEMO_USER) / $(DEMO_PASSWORD) (demo store only)"
	GREENBRIDGE_HOME=$(DEMO_HOME) $(BIN)/greenbridge serve --host $(HOST) --port $(PORT)

## test: lint, type-check and run the whole suite
test: $(STAMP) system-deps lint typecheck
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench examples
	$(BIN)/ruff format --check src tests bench examples

typecheck: $(STAMP)
	$(BIN)/mypy

## bench: the benchmarks of bench/ at their default (quick) sizes
bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py

## bench-deps: wrk, the load generator of bench/bench_web.py (installed when missing)
bench-deps:
	@command -v wrk >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)

## system-deps: Debian packages the browser, report and OCR tests use (installed when missing)
system-deps:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils)
	@fc-list :lang=zh family 2>/dev/null | grep -q 'Noto Sans CJK' || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk)
	@(command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx chi_sim \
	  && tesseract --list-langs 2>/dev/null | grep -qx eng) || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim)

## messages: re-extract the workspace's messages, update the catalogs and compile them
LOCALE_DIR := src/greenbridge/web/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --omit-header -o $(LOCALE_DIR)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR) -D messages --no-fuzzy-matching
	$(BIN)/pybabel compile -d $(LOCALE_DIR) -D messages --statistics

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .mypy_cache .ruff_cache
