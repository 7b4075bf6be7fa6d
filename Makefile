# SatuPintu — the front door. `make run` serves the API; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
export FLASK_APP := wsgi:app

.PHONY: run test lint bench install clean

# The virtual environment is rebuilt whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install $(DEJAVU)
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	@echo ""
	@echo "  Catalog:        http://$(HOST):$(PORT)/api/v1/catalog"
	@echo "  API docs:       http://$(HOST):$(PORT)/api/v1/docs"
	@echo "  OpenAPI:        http://$(HOST):$(PORT)/api/v1/openapi.json"
	@echo "  Sign-in (OIDC): http://$(HOST):$(PORT)/.well-known/openid-configuration"
	@echo ""
	@# periodic tasks (outbox sweep, SLA escalation, invoice expiry) beside the server, stopped with it
	$(BIN)/flask tasks periodic & trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --access-logfile - wsgi:app

test: install /usr/bin/chromium $(DEJAVU)
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Load generator from Debian; installed here so CI and fresh machines have it.
/usr/bin/wrk:
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

# Headless Chromium from Debian for the browser test of the sign-in pages (never a downloaded build).
/usr/bin/chromium:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# DejaVu Sans from Debian: document PDFs print any name (Đ, curly quotes, dashes), not only Latin-1.
$(DEJAVU):
	test -f $@ || (apt-get update -qq && apt-get install -y -qq fonts-dejavu-core)

bench: install /usr/bin/wrk
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var .pytest_cache
