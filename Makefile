# OER Registry. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run bootstrap test test-services services services-stop lint format check ci clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install pinned dependencies

bootstrap: $(STAMP) ## Migrate, load reference data and demo catalog, create the admin
	PYTHON=$(PY) scripts/bootstrap.sh

run: bootstrap ## Serve http://127.0.0.1:8000 with the task worker (embedded SQLite + FTS5)
	$(VENV)/bin/honcho -f Procfile start

test: $(STAMP) ## Run the whole test suite (on DATABASE_URL / ELASTICSEARCH_URL when set)
	$(PY) manage.py check
	$(PY) -m pytest $(PYTEST_ARGS)

services: ## Install and start PostgreSQL, Elasticsearch and Chromium on 127.0.0.1
	scripts/services.sh start

services-stop: ## Stop the services started by `make services`
	scripts/services.sh stop

test-services: $(STAMP) services ## Run the suite against the real PostgreSQL + Elasticsearch
	eval "$$(scripts/services.sh env)" && $(MAKE) test

lint: $(STAMP) ## ruff check + format check, Django checks, migrations check
	mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=oer_registry.settings.production SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') ALLOWED_HOSTS=example.org EMAIL_HOST=smtp.example.org $(PY) manage.py check --deploy --fail-level WARNING

format: $(STAMP) ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

ci: ## What CI runs: bash .ci/run
	bash .ci/run

clean: ## Remove the local database and media (keeps the virtualenv)
	rm -rf var
