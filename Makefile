# Russian Customs Academy: SCIENCE — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test e2e lint format messages compilemessages install install-dev demo clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

compilemessages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(MANAGE) compilemessages --ignore=$(VENV) -v0

## Create the virtualenv, migrate SQLite, load the demo content and serve the portal, with the
## background task worker (manage.py db_worker) beside the server, stopped with it.
run: export DJANGO_DEBUG ?= 1
run: install compilemessages
	$(MANAGE) migrate --no-input -v1
	$(MANAGE) load_demo
	$(MANAGE) reindex --no-extract
	@echo "Serving the portal at http://$(HOST):$(PORT)/ (the task worker runs beside it)"
	@$(MANAGE) db_worker --reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

## Run the whole pytest suite (SQLite by default; set DATABASE_URL for PostgreSQL).
test: install-dev compilemessages
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

## Browser tests in headless Chromium (needs /usr/bin/chromium, and npm for axe-core, which the
## accessibility tests inject into every page type).
e2e: install-dev compilemessages
	cd tests/e2e/axe && npm ci --no-audit --no-fund --silent
	$(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Regenerate the Russian .po files from the code and templates.
messages: install-dev
	$(MANAGE) makemessages -l ru --no-location --ignore=$(VENV)/* --ignore=core/* \
		--ignore=people/* --ignore=publications/* --ignore=events/* --ignore=tests/* \
		--ignore=bench/*
	for app in core people publications events; do \
		(cd $$app && ../$(PY) ../manage.py makemessages -l ru --no-location); done

demo: install compilemessages
	DJANGO_DEBUG=1 $(MANAGE) migrate --no-input -v0
	DJANGO_DEBUG=1 $(MANAGE) load_demo
	DJANGO_DEBUG=1 $(MANAGE) reindex --no-extract

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
