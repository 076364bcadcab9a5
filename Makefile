# MySAPK Kartu ASN Virtual — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEV := DEBUG=1

.PHONY: run test test-fast bench load lint messages browser vnu clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

messages: $(STAMP)
	@if command -v msgfmt >/dev/null; then $(DEV) $(PY) manage.py compilemessages --ignore=.venv -v0; \
	else echo "msgfmt not found: using the compiled translations in locale/"; fi

run: $(STAMP) messages
	$(DEV) $(PY) manage.py migrate --noinput -v0
	$(DEV) $(PY) manage.py seed_demo
	@echo "Open http://127.0.0.1:8000/ and log in with a NIP above."
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

browser:
	@scripts/ensure-chromium

vnu:
	@scripts/fetch-vnu

test: $(STAMP) messages browser vnu
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

# The realistic mix through gunicorn on PostgreSQL + Redis (README, "Performance").
LOAD_STAMP := $(VENV)/.load-stamp
LOAD_SECONDS ?= 60
$(LOAD_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,load]"
	touch $(LOAD_STAMP)

load: $(LOAD_STAMP)
	LOAD_SECONDS=$(LOAD_SECONDS) $(PY) -m bench.load

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var test-artifacts
