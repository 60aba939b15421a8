# Vikarieportalen: `make run` starts the demo, `make test` runs the checks and the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint pytest bench-smoke e2e setup translations messages clean help

help:
	@echo "make run    start the portal with a demo municipality on http://127.0.0.1:8000"
	@echo "make test   lint, type-check, the test suite and every bench at --smoke size (DATABASE_URL picks the database)"
	@echo "make e2e    browser tests (Playwright + axe-core in headless Chromium)"

$(VENV)/.installed: pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || { \
	  echo "Vikarieportalen needs Python 3.12 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install Python 3.12+ and run again, or point to it: make PYTHON=/path/to/python3.12"; \
	  exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade --default-pip >/dev/null
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@$(VENV)/bin/uv sync --frozen --inexact --compile-bytecode --quiet --python $(PY)
	@touch $@

setup: $(VENV)/.installed translations

translations: $(VENV)/.installed
	@$(PY) -m vikarieportalen.core.i18n locale

# `make run` only: a callback secret, so the gateway's SMS webhooks answer on this machine, and the
# outbox's "Simulate an SMS reply" (with DEBUG from config.settings.dev) to answer offers without a phone.
# The demo e-ID provider (127.0.0.1:8001) and the demo staff card reader (127.0.0.1:8002, a proxy in
# front of the portal, trusted as STAFF_CARD_PROXIES): `manage.py demo_login_services`, refused in production.
run: export SMS_CALLBACK_SECRET ?= dev-only-sms-callback
run: export SMS_SIMULATE_REPLIES ?= true
run: export DEMO_IDENTITY_PROVIDER ?= true
run: export OIDC_ISSUER ?= http://127.0.0.1:8001
run: export OIDC_CLIENT_ID ?= vikarieportalen-demo
run: export OIDC_CLIENT_SECRET ?= dev-only-demo-e-id
run: export STAFF_CARD_PROXIES ?= 127.0.0.1
run: setup
	@$(MANAGE) demo_setup
	@echo
	@echo "Vikarieportalen: http://127.0.0.1:8000  (CMS: /cms/, administration: /admin/)  Ctrl-C stops."
	@nice $(MANAGE) db_worker --queue-name '*' & worker=$$!; \
	  nice $(MANAGE) run_scheduler & scheduler=$$!; \
	  $(MANAGE) demo_login_services & login_services=$$!; \
	  trap 'kill $$worker $$scheduler $$login_services 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver --skip-checks 127.0.0.1:8000

# The linters side by side (mypy alone takes the longest: without its cache, in a fresh clone, a
# minute or more); each one's output stays together.
LINTERS := ruff ruff-format djlint mypy lint-imports
.PHONY: $(LINTERS:%=lint/%)
lint: $(VENV)/.installed
	@$(MAKE) --no-print-directory -j $(words $(LINTERS)) --output-sync=target $(LINTERS:%=lint/%)

lint/ruff:
	$(VENV)/bin/ruff check .
lint/ruff-format:
	$(VENV)/bin/ruff format --check .
lint/djlint:
	$(VENV)/bin/djlint vikarieportalen --lint --quiet
lint/mypy:
	$(VENV)/bin/mypy vikarieportalen
lint/lint-imports:
	$(VENV)/bin/lint-imports

# The suite runs in parallel (pytest-xdist): one process per core, at most four, each with its own
# test database and cache keys; a test file stays on one process, so a module's fixtures start once.
# PYTEST_ARGS=-n0 runs it in this one process, as a plain `.venv/bin/pytest` does.
PYTEST_PARALLEL := -n auto --maxprocesses 4 --dist loadfile
pytest: setup
	$(MANAGE) check --fail-level WARNING
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# Every script in bench/ at its smallest size, BENCH_SMOKE_JOBS at a time (each has a database, a
# directory and ports of its own, and most of a smoke run is waiting on servers): each one's JSON
# line, or its output when it fails.
BENCH_SMOKE_JOBS ?= 2
BENCHES := $(shell grep -l '^if __name__ == "__main__":' bench/*.py)
bench-smoke: setup
	@$(MAKE) --no-print-directory -j $(BENCH_SMOKE_JOBS) --output-sync=target $(BENCHES:bench/%=bench-smoke/%)

bench-smoke/%.py:
	@out=$$(mktemp) err=$$(mktemp); trap 'rm -f "$$out" "$$err"' EXIT; started=$$SECONDS; \
	if ! $(PY) bench/$*.py --smoke >"$$out" 2>"$$err" || ! tail -n 1 "$$out" | $(PY) -m json.tool >/dev/null; then \
	  cat "$$out" "$$err"; echo "bench/$*.py --smoke failed"; exit 1; \
	fi; \
	echo "bench/$*.py --smoke ($$((SECONDS - started)) s): $$(tail -n 1 "$$out")"

test: lint pytest bench-smoke

e2e: setup
	$(VENV)/bin/pytest e2e $(PYTEST_ARGS)

messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale sv --locale en --ignore '.venv/*' --ignore 'var/*'

clean:
	rm -rf $(VENV) var
