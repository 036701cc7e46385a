# The two commands a newcomer needs: `make serve` and `make test`. Each bootstraps
# .venv from PyPI on first use (pinned by constraints.txt) and is a no-op after that.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint typecheck rules contract openapi bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/batna serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

rules: $(STAMP)
	$(BIN)/batna rules check
	$(BIN)/batna rules test

contract: $(STAMP)
	$(BIN)/batna openapi --check

openapi: $(STAMP)
	$(BIN)/batna openapi

test: lint typecheck rules contract
	$(BIN)/pytest -n 2 tests

bench: $(STAMP)
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/http.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
