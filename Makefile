# sts-graph tasks. `make help` lists them.
PYTHON ?= python3

# Where to install: into $(PYTHON) itself, or into a project virtual environment ($(VENV))
# when $(PYTHON) refuses installs into the system (PEP 668: Debian's and Ubuntu's python3).
# `make build USE_VENV=1` takes the virtual environment anyway.
VENV ?= .venv
USE_VENV ?= $(shell $(PYTHON) -c 'import os, sys, sysconfig; \
  marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"); \
  print(int(sys.prefix == sys.base_prefix and os.path.isfile(marker)))')
ifeq ($(USE_VENV),1)
PY := $(VENV)/bin/python
INTERPRETER := $(PY)
else
PY := $(PYTHON)
INTERPRETER :=
endif
# the folder pip puts the `sts-graph` and `oxigraph` commands in, first on the PATH
RUN = PATH="$$($(PY) -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$$PATH"
WHERE = @$(PY) -c 'import sysconfig; print("sts-graph is", sysconfig.get_path("scripts") + "/sts-graph")'

.PHONY: help build test check system bench vendor publish endpoint

help:  ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/bin/python:  # python3 -m venv needs Debian's python3-venv, installed if missing
	$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq --no-install-recommends python3-venv >/dev/null \
	  && $(PYTHON) -m venv $(VENV); }

build: $(INTERPRETER)  ## install and run the main job (extract, validate, reason) on the embedded store
	$(PY) -m pip install -q -e . && $(RUN) sts-graph build
	$(WHERE)

# Debian packages the tests use: chromium (browser tests), poppler-utils (pdftotext, whose
# dumps the PDF tests read), fonts-dejavu-core (the Unicode font the PDF tests print with),
# libreoffice-writer-nogui (the office suite whose PDF export is a layout family),
# default-jre-headless (Java for HermiT, the OWL 2 DL reasoner of the `reasoner` tests),
# virtuoso-opensource-7-bin (the Virtuoso server the endpoint tests load and query),
# libapache-jena-java (Apache Jena's ARQ, which runs every saved query over the dump)
DEBIAN_TEST_PACKAGES = chromium poppler-utils fonts-dejavu-core libreoffice-writer-nogui \
  default-jre-headless virtuoso-opensource-7-bin libapache-jena-java
APT_GET = DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300

system:  ## install the Debian packages the tests use, those missing
	@missing=$$(for p in $(DEBIAN_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

test: system $(INTERPRETER)  ## install everything the tests need, then run the whole suite
	$(PY) -m pip install -q -e '.[test]' && $(RUN) $(PY) -m pytest
	$(WHERE)

check:  ## lint, type-check and test (no installs)
	ruff check . && ruff format --check . && $(PY) -m mypy && $(RUN) $(PY) -m pytest

bench:  ## time every stage, engine against engine, the growth with N départements, PDF reading
	$(PY) -m pip install -q -e '.[bench]' && $(RUN) $(PY) bench/run.py && $(RUN) $(PY) bench/scale.py && $(RUN) $(PY) bench/pdf.py

vendor:  ## fetch the site's front-end packages from npm at the locked versions and vendor them
	cd web && npm ci --no-audit --no-fund && cd .. && $(PY) web/vendor.py

publish:  ## publish the linked-data site into site/ and serve it on http://127.0.0.1:8000/
	$(RUN) sts-graph publish site && $(RUN) sts-graph serve --dir site

endpoint:  ## start a local Oxigraph SPARQL server loaded with the graph
	$(PY) -m pip install -q -e '.[server]' && $(RUN) sts-graph serve-endpoint
