# Quick start: `make site` (set up + build the site), `make test` (set up + every check).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup site test lint bench clean messages

$(STAMP): pyproject.toml scripts/system-deps.sh
	sh scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,zensical]'
	touch $(STAMP)

setup: $(STAMP)

site: $(STAMP)
	$(BIN)/jiekun build

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

messages: $(STAMP)
	$(BIN)/python -m jiekun.cli.messages

bench: $(STAMP)
	$(BIN)/python bench/validate_bench.py

clean:
	rm -rf $(VENV) site build
