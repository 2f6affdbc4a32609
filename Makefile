# sts-graph tasks. `make help` lists them.
PYTHON ?= python3

.PHONY: help build test check system bench publish endpoint

help:  ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

build:  ## install and run the main job (extract, validate, reason) on the embedded store
	$(PYTHON) -m pip install -q -e . && sts-graph build

# Debian packages the tests use: chromium (browser tests), poppler-utils (pdftotext, one of
# the two PDF converters), fonts-dejavu-core (the Unicode font the PDF tests print with)
DEBIAN_TEST_PACKAGES = chromium poppler-utils fonts-dejavu-core
APT_GET = DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300

system:  ## install the Debian packages the tests use, those missing
	@missing=$$(for p in $(DEBIAN_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

test: system  ## install everything the tests need, then run the whole suite
	$(PYTHON) -m pip install -q -e '.[test]' && $(PYTHON) -m pytest

check:  ## lint and test (no installs)
	ruff check . && ruff format --check . && $(PYTHON) -m pytest

bench:  ## time every stage, engine against engine, and the growth with N départements
	$(PYTHON) -m pip install -q -e '.[bench]' && $(PYTHON) bench/run.py && $(PYTHON) bench/scale.py

publish:  ## publish the linked-data site into site/ and serve it on http://127.0.0.1:8000/
	sts-graph publish site && sts-graph serve --dir site

endpoint:  ## start a local Oxigraph SPARQL server loaded with the graph
	$(PYTHON) -m pip install -q -e '.[server]' && sts-graph serve-endpoint
