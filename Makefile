# hvlab — two commands: `make serve` (set up and serve the course) and `make test` (set up and run
# every check). Installs happen only when their pins change (stamp files below).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST := 127.0.0.1
PORT := 8000
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

SITE_STAMP := $(VENV)/.stamp-site
TEST_STAMP := $(VENV)/.stamp-test
NPM_STAMP := node_modules/.stamp
ASSETS_STAMP := build/assets/.stamp
ASSET_SOURCES := $(wildcard scripts/*.mjs scripts/*.js hvlab/site/js/*.js hvlab/site/js/*/*.js)
# The guest machine's image (Debian i386 packages + v86): rebuilt only when what it is made of
# changes; the build itself keeps finished images in ~/.cache/hvlab/guest, keyed on the same.
GUEST_STAMP := build/guest/.stamp
GUEST_SOURCES := hvlab/site/guest/image.json $(wildcard hvlab/site/guest/*.py) scripts/guest-state.mjs \
	$(shell find hvlab/site/guest/rootfs -type f 2>/dev/null)

.PHONY: serve test build setup setup-test check lint typecheck site-check unit fast build-zensical clean distclean help

help:
	@echo "make serve  — installe ce qu'il faut et sert le cours sur http://$(HOST):$(PORT)"
	@echo "make test   — installe ce qu'il faut et lance toutes les vérifications"
	@echo "make build  — construit le site statique dans site/"
	@echo "make fast   — les tests rapides (ni navigateur ni tests lents)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[site]'
	@touch $@

$(TEST_STAMP): pyproject.toml $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(ASSETS_STAMP): $(NPM_STAMP) $(ASSET_SOURCES)
	npm run build --if-present
	@mkdir -p $(dir $@) && touch $@

$(GUEST_STAMP): $(SITE_STAMP) $(NPM_STAMP) $(GUEST_SOURCES)
	$(BIN)/python -m hvlab.site.guest build
	@touch $@

setup: $(SITE_STAMP) $(ASSETS_STAMP) $(GUEST_STAMP)

setup-test: setup $(TEST_STAMP)

serve: setup
	HVLAB_SITE_URL=http://$(HOST):$(PORT)/ $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: setup
	$(BIN)/mkdocs build --strict

# The same course built by Zensical (Material for MkDocs' successor), into site-zensical/:
# Zensical renders the pages (the hvlab Markdown extension included), hvlab.site adds the assets.
build-zensical: setup-test
	HVLAB_SITE_DIR=site-zensical $(BIN)/zensical build --strict -f mkdocs.yml
	$(BIN)/python -m hvlab.site site-zensical

check: setup-test
	$(BIN)/hvlab check

lint: setup-test
	$(BIN)/ruff check hvlab tests benchmarks labs
	$(BIN)/ruff format --check hvlab tests benchmarks labs

typecheck: setup-test
	$(BIN)/mypy

site-check: setup-test
	$(BIN)/mkdocs build --strict --site-dir build/site-check

# The suite builds the site once (mkdocs build --strict) for every test that needs it, shared by
# the two processes (pytest-xdist) of the tests without a browser; browser tests run one at a time
# (each drives Chromium and Pyodide, which would starve each other on two cores).
unit: setup-test
	$(BIN)/python -m pytest -n 2 -m "not browser"
	$(BIN)/python -m pytest -m browser

# The fast suite: no browser, nothing marked slow, on two processes.
fast: setup-test
	$(BIN)/python -m pytest -q -n 2 -m "not browser and not slow"

test: check lint typecheck unit

clean:
	rm -rf site site-zensical build .cache .pytest_cache .mypy_cache .ruff_cache

distclean: clean
	rm -rf $(VENV) node_modules
