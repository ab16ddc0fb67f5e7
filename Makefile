# Russian Customs Academy: SCIENCE — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test e2e lint format messages compilemessages install install-dev demo clean pdfjs

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

## The Russian catalogues, compiled where a .po is newer than its .mo (as compilemessages does:
## msgfmt --check-format), so that runs of the suite side by side find them built.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po */locale/*/LC_MESSAGES/django.po))
compilemessages: $(MESSAGES)
%.mo: %.po
	msgfmt --check-format -o $@.tmp $< && mv $@.tmp $@

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

## Vendor PDF.js (the reader) from the npm registry into static/vendor/pdfjs/: the legacy
## build, its character maps, standard fonts, image decoders and licence. The result is
## committed, so that a fresh clone runs (make run, make test) with Python alone.
PDFJS_VERSION ?= 6.5.438
PDFJS_DIR := static/vendor/pdfjs
pdfjs:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm install --silent --no-audit --no-fund --ignore-scripts --no-save \
		"pdfjs-dist@$(PDFJS_VERSION)") && \
	src="$$tmp/node_modules/pdfjs-dist" && \
	rm -rf $(PDFJS_DIR) && mkdir -p $(PDFJS_DIR)/wasm && \
	cp "$$src/legacy/build/pdf.min.mjs" "$$src/legacy/build/pdf.worker.min.mjs" \
		"$$src/LICENSE" $(PDFJS_DIR)/ && \
	cp -r "$$src/cmaps" "$$src/standard_fonts" $(PDFJS_DIR)/ && \
	cp "$$src"/wasm/jbig2* "$$src"/wasm/openjpeg* "$$src"/wasm/qcms_bg.wasm \
		"$$src"/wasm/LICENSE_*JBIG2 "$$src"/wasm/LICENSE_*OPENJPEG "$$src"/wasm/LICENSE_*QCMS \
		$(PDFJS_DIR)/wasm/ && \
	echo "pdfjs-dist $(PDFJS_VERSION) (legacy build) from the npm registry" > $(PDFJS_DIR)/VERSION && \
	echo "PDF.js $(PDFJS_VERSION) is in $(PDFJS_DIR)/"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
