# Jiayuan: `make demo` serves the demo city, `make test` runs the whole suite.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
MANAGE := $(PY) manage.py
DEMO_COMMUNITIES ?= 673
# Empty: the reference city's ~22 grids per community, whatever DEMO_COMMUNITIES is.
DEMO_GRIDS ?=
PYTEST_ARGS ?=
# The suite runs in parallel processes (pytest-xdist), one per core by default.
PYTEST_WORKERS ?= auto

AXE := node_modules/axe-core/axe.min.js

.PHONY: help setup install seed serve demo test test-browser browser-deps screenshots lint format \
	bench lock clean

help:
	@echo "make demo   set up, seed the demo city and serve it on http://localhost:8000"
	@echo "            (with a task worker and the scheduler, so events move)"
	@echo "make test   set up and run the whole pytest suite"
	@echo "make test-browser   the browser suite (axe-core, phone/desktop, keyboard) in Chromium"
	@echo "make screenshots    every theme at phone and desktop widths, into docs/themes/"
	@echo "make setup | seed | serve | lint | format | bench | lock | clean | browser-deps"

$(INSTALLED): requirements.lock
	@if [ ! -x $(PY) ]; then \
		PYTHON_BIN=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$PYTHON_BIN"; \
		"$$PYTHON_BIN" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 \
		| { grep -v "^WARNING: Location" || true; }
	@$(PY) -c 'import django, wagtail' || { echo "Installing the locked dependencies failed."; exit 1; }
	@touch $@

install: $(INSTALLED)
	@$(PY) scripts/compile_catalogues.py

setup: install
	$(MANAGE) migrate --noinput -v 0
	@echo "Database ready."

seed: setup
	$(MANAGE) seed_demo --communities $(DEMO_COMMUNITIES) $(if $(DEMO_GRIDS),--grids $(DEMO_GRIDS))

# The web server, a task worker (email, the checkpoint scan) and the scheduler that enqueues
# the scan every GOVERNANCE_SCAN_INTERVAL seconds; Ctrl-C stops all three.
serve: setup
	@echo "Serving the demo city on http://localhost:8000/ (community sites at http://<slug>.localhost:8000/)"
	$(PY) scripts/run_demo.py 127.0.0.1:8000

demo: seed serve

test: install
	$(PY) -m pytest -m "not browser" -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Debian's Chromium and CJK fonts (Playwright's own browser downloads cannot work offline),
# and axe-core from npm. apt-get needs root, as on CI; elsewhere install the two by hand.
browser-deps: $(AXE)
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends chromium fonts-noto-cjk >/dev/null; \
		else \
			echo "Install Chromium and the CJK fonts: sudo apt-get install chromium fonts-noto-cjk"; \
			exit 1; \
		fi; \
	fi

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test-browser: install browser-deps
	$(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

screenshots: install browser-deps
	$(PY) scripts/screenshots.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py
	$(PY) bench/governance.py
	$(PY) bench/complaints.py
	$(PY) bench/votes.py

# Re-pin requirements.lock after changing pyproject.toml (uv is used only for this).
lock: $(INSTALLED)
	$(PY) -m pip install --quiet uv 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 --universal \
		-o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache node_modules
	find locale -name '*.mo' -delete
