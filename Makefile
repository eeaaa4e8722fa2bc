# Two commands do all the set-up on a fresh machine:
#   make site   create .venv, install pinned dependencies, build the site into site/
#   make test   the same set-up plus browser tools, then every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv

.PHONY: site test check serve lint bench clean

$(VENV)/.site-installed: requirements-site.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(UV) pip install --quiet --compile-bytecode -p $(PY) -r requirements-site.lock
	touch $@

$(VENV)/.test-installed: requirements.lock $(VENV)/.site-installed
	$(UV) pip install --quiet --compile-bytecode -p $(PY) -r requirements.lock
	touch $@

site: $(VENV)/.site-installed
	$(PY) build.py build

check: $(VENV)/.site-installed
	$(PY) build.py check

serve: $(VENV)/.site-installed
	$(PY) build.py serve

test: $(VENV)/.test-installed
	bash scripts/setup-browser.sh
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

bench: $(VENV)/.test-installed
	$(PY) bench/run.py

clean:
	rm -rf site .cache
