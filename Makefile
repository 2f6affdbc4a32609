# sts-graph tasks. `make help` lists them.
PYTHON ?= python3

.PHONY: help build test check browser bench publish endpoint

help:  ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

build:  ## install and run the main job (extract, validate, reason) on the embedded store
	$(PYTHON) -m pip install -q -e . && sts-graph build

browser:  ## install Debian's chromium for the browser tests, if it is missing
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: browser  ## install everything the tests need, then run the whole suite
	$(PYTHON) -m pip install -q -e '.[test]' && $(PYTHON) -m pytest

check:  ## lint and test (no installs)
	ruff check . && ruff format --check . && $(PYTHON) -m pytest

bench:  ## time every stage, engine against engine, and the growth with N départements
	$(PYTHON) -m pip install -q -e '.[bench]' && $(PYTHON) bench/run.py && $(PYTHON) bench/scale.py

publish:  ## publish the linked-data site into site/ and serve it on http://127.0.0.1:8000/
	sts-graph publish site && sts-graph serve --dir site

endpoint:  ## start a local Oxigraph SPARQL server loaded with the graph
	$(PYTHON) -m pip install -q -e '.[server]' && sts-graph serve-endpoint
