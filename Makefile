# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-fast lint browser bench readme clean

$(BIN)/rectiflow: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Rectiflow needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

demo: $(BIN)/rectiflow
	$(BIN)/rectiflow demo

test: $(BIN)/rectiflow lint browser
	$(BIN)/pytest

# Debian's chromium and a CJK font for the portal's browser tests, installed when missing (as root, via apt-get).
browser:
	@sh tests/browser/install-chromium.sh

# The inner loop: no PostgreSQL, no Prefect, no browser, nothing slow; one test process per core.
test-fast: $(BIN)/rectiflow
	$(BIN)/pytest -q -n auto -m "not slow and not postgres and not prefect and not browser"

# The house's layers, as declared in pyproject.toml ([tool.importlinter]), and no unused or unsorted imports.
lint: $(BIN)/rectiflow
	$(BIN)/lint-imports
	$(BIN)/ruff check --quiet .

bench: $(BIN)/rectiflow
	$(BIN)/python -m bench

readme: $(BIN)/rectiflow
	$(BIN)/rectiflow transitions --write-readme README.md

clean:
	rm -rf $(VENV) .rectiflow .pytest_cache .hypothesis
