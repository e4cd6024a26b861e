# redress — `make run` runs it on the embedded default; `make test` runs the whole suite.
# The suite runs on SQLite, and on PostgreSQL when DATABASE_URL points at one.
# Installs are pinned by requirements.lock (`make lock` regenerates it from pyproject.toml).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock
export REDRESS_HOME ?= $(CURDIR)/var

.PHONY: run test test-fast lint format hooks lock demo clean system-deps system-deps-test dovecot model

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "redress needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The lock is a constraints file: the versions it pins are the ones installed, on every machine.
$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(LOCK) -e ".[test]"
	@touch $@

# Debian packages: the CJK fonts PDF letters need (run), and Chromium + pdffonts for the browser
# and PDF tests (test). Installed when root and missing; otherwise a note says what to install.
RUN_DEBS  := fonts-noto-cjk
TEST_DEBS := fonts-noto-cjk chromium poppler-utils
define install_debs
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; \
	  else echo "note: install the Debian packages $$missing (PDF letters, browser tests)"; fi; \
	fi
endef

system-deps:
	$(call install_debs,$(RUN_DEBS))

system-deps-test:
	$(call install_debs,$(TEST_DEBS))

## run: migrate, load the demo on first start, serve at http://127.0.0.1:8000 with worker and scheduler
run: $(VENV)/.installed system-deps
	$(BIN)/redress serve

## test: the whole suite, serially (SQLite; PostgreSQL when DATABASE_URL is set); what CI runs
test: $(VENV)/.installed-test system-deps-test
	$(BIN)/pytest

## test-fast: the suite without the tests marked slow, on every core (each worker its own REDRESS_HOME)
test-fast: $(VENV)/.installed-test
	env -u REDRESS_HOME $(BIN)/pytest -m "not slow" -n auto

## lint: ruff (lint + format check), mypy, no model change without its migration, the apps' layers
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)
	$(BIN)/mypy
	$(BIN)/redress makemigrations --check --dry-run
	$(BIN)/lint-imports

## format: ruff format, then the fixes ruff check can make
format: $(VENV)/.installed-test
	$(BIN)/ruff format src tests $(wildcard bench)
	$(BIN)/ruff check --fix src tests $(wildcard bench)

## hooks: run ruff, ruff format and mypy (from .venv, see .pre-commit-config.yaml) before each commit
hooks: $(VENV)/.installed-test
	$(BIN)/pre-commit install

## lock: pin every dependency, the test extra's too, in requirements.lock (LOCK_FLAGS=--upgrade for the newest)
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
	  $(LOCK_FLAGS) --output-file $(LOCK) pyproject.toml

## model: rebuild the triage model shipped with the package from ../shared/data (DATA=… for another folder)
DATA ?= ../shared/data
model: $(VENV)/.installed
	$(BIN)/redress triage build-model --data-dir $(DATA) --output src/redress/triage/model/bootstrap.npz

demo: $(VENV)/.installed
	$(BIN)/redress migrate
	$(BIN)/redress demo

clean:
	rm -rf $(VENV) build dist src/*.egg-info

## dovecot: a throwaway IMAP server on 127.0.0.1:1143 for trying `redress mail-fetch` (installs Debian's dovecot-imapd when root)
dovecot: $(VENV)/.installed-test
	@command -v dovecot >/dev/null || test -x /usr/sbin/dovecot || \
	  { test "$$(id -u)" = 0 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd; } || \
	  { echo "install dovecot-imapd (as root: apt-get install -y dovecot-imapd)"; exit 1; }
	PORT=$${PORT:-1143} $(BIN)/python -m tests.intake.dovecot
