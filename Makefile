# The two commands a newcomer needs: `make serve` and `make test` (`make check` is the
# fast inner loop). Each bootstraps .venv from PyPI on first use (pinned by
# constraints.txt) and is a no-op after that.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test check pins system-tools lint typecheck rules contract lint-contract openapi sdk bench clean

# Every pin must install from the index by version alone (no local paths, URLs, -e);
# checked before pip runs, so a bad pin stops here with its file and line.
pins:
	$(PYTHON) scripts/check_pins.py

# What the suite shells out to (wrk, chromium, node/npm, PostgreSQL 15, runuser): installed
# with apt-get when run as root, otherwise the exact install command and a failure.
system-tools:
	PYTHON=$(PYTHON) scripts/system-tools.sh

$(STAMP): pyproject.toml constraints.txt | pins
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,postgres]'
	touch $(STAMP)

# First start: creates and migrates the SQLite file (var/batna.db) and prints a key for
# tenant "local"; later starts only check the schema and serve.
serve: pins $(STAMP)
	$(BIN)/batna db upgrade
	$(BIN)/batna keys create --tenant local --only-if-none
	$(BIN)/batna serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

rules: $(STAMP)
	$(BIN)/batna rules check
	$(BIN)/batna rules test

# The live contract equals the committed one, breaks nothing of the released v1, and
# passes Spectral (spectral:oas + OWASP API Security) with 0 errors.
contract: $(STAMP) lint-contract
	$(BIN)/batna openapi --check
	$(BIN)/python scripts/openapi_diff.py openapi/baseline/v1.json openapi/v1.json

# Spectral and its rulesets are pinned in scripts/spectral/package-lock.json (npm ci on
# first use); the rules turned off, and why, are in scripts/spectral/.spectral.yaml.
lint-contract:
	scripts/spectral/lint.sh openapi/v1.json

openapi: $(STAMP)
	$(BIN)/batna openapi

# Regenerate clients/python and clients/typescript from openapi/v1.json (commit the result).
sdk: $(STAMP)
	scripts/sdk.sh

# The fast inner loop (about a minute on 2 cores): lint, types, golden cases, then the unit,
# rules and integration tests on SQLite only. make test stays the whole suite, both databases.
check: pins lint typecheck rules
	BATNA_TEST_DB=sqlite $(BIN)/pytest -n 2 tests/unit tests/rules tests/integration

# The whole suite runs twice: on a SQLite file, then on PostgreSQL (127.0.0.1:5432/test).
test: pins system-tools lint typecheck rules contract
	BATNA_TEST_DB=sqlite $(BIN)/pytest -n 2 tests
	BATNA_TEST_DB=postgresql $(BIN)/pytest -n 2 tests

# The benchmarks' own extra (zen-engine, the anchor engine run beside batna's) is pinned in
# bench/requirements.txt and installed here only: the service never imports it.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/http.py
	$(BIN)/python bench/batch.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
