# innocycle — two commands do everything on a fresh machine with Python 3.11:
#   make run    install, start the embedded stack with demo data on http://127.0.0.1:8000
#   make test   install, then ruff, mypy, import-linter and the whole pytest suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint install clean chromium

# Some machines set PYTHONDONTWRITEBYTECODE (this one does). With the project installed editable, every
# process then compiles our sources from scratch at each start, and the Temporal worker's sandbox compiles the
# workflow modules again for every workflow it instantiates. Here Python writes and reuses its bytecode
# (__pycache__/, ignored by git); the production image compiles at install.
unexport PYTHONDONTWRITEBYTECODE

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "innocycle needs Python 3.11 or newer: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; }

run: $(VENV)/.installed
	$(BIN)/innocycle dev

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Three processes on two cores: the suite waits as much as it computes (crash recoveries, browsers, Temporal's
# timers), and a third process fills those waits (9 min 48 s against 11 min 23 s with two, 7 December).
test: lint chromium
	$(BIN)/pytest -n 3 --dist loadfile

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
