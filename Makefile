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

run: setup
	@$(MANAGE) demo_setup
	@echo
	@echo "Vikarieportalen: http://127.0.0.1:8000  (CMS: /cms/, administration: /admin/)  Ctrl-C stops."
	@nice $(MANAGE) db_worker --queue-name '*' & worker=$$!; \
	  nice $(MANAGE) run_scheduler & scheduler=$$!; \
	  trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver --skip-checks 127.0.0.1:8000

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint vikarieportalen --lint --quiet
	$(VENV)/bin/mypy vikarieportalen
	$(VENV)/bin/lint-imports

pytest: setup
	$(MANAGE) check --fail-level WARNING
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Every script in bench/ at its smallest size, one after the other: each one's JSON line, or its output.
bench-smoke: setup
	@out=$$(mktemp) err=$$(mktemp); trap 'rm -f "$$out" "$$err"' EXIT; \
	for script in $$(grep -l '^if __name__ == "__main__":' bench/*.py); do \
	  started=$$SECONDS; \
	  if ! $(PY) "$$script" --smoke >"$$out" 2>"$$err" || ! tail -n 1 "$$out" | $(PY) -m json.tool >/dev/null; then \
	    cat "$$out" "$$err"; echo "$$script --smoke failed"; exit 1; \
	  fi; \
	  echo "$$script --smoke ($$((SECONDS - started)) s): $$(tail -n 1 "$$out")"; \
	done

test: lint pytest bench-smoke

e2e: setup
	$(VENV)/bin/pytest e2e $(PYTEST_ARGS)

messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale sv --locale en --ignore '.venv/*' --ignore 'var/*'

clean:
	rm -rf $(VENV) var
