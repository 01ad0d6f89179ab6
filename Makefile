# Dual Career Guide – the two commands for a fresh machine:
#   make serve   set up and serve the site on http://127.0.0.1:8000/
#   make test    set up and run every test (as root it installs Debian's chromium, nginx and Java if missing)
# Other targets: make build, make check, make bench

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: serve build check test bench browser-deps clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed (found %d.%d); set PYTHON=python3.11" % sys.version_info[:2])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null || $(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/dcg serve

build: $(STAMP)
	$(VENV)/bin/dcg build

check: $(STAMP)
	$(VENV)/bin/dcg check

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

browser-deps: node_modules/.installed
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/sbin/nginx ] || [ ! -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx libnginx-mod-http-brotli-static default-jre-headless >/dev/null; \
	  else echo "Chromium, nginx or Java is missing: run 'sudo apt-get update && sudo apt-get install -y chromium nginx libnginx-mod-http-brotli-static default-jre-headless' (browser, server and HTML validator tests will be skipped)"; fi; \
	fi

test: $(STAMP) browser-deps
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest

bench: $(STAMP) browser-deps
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/benchmark.py
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench_publish.py
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench_search.py

clean:
	rm -rf site site.new site.old $(VENV) node_modules
