# Factcheck Workbench. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo users' password for `make run` (local demo only; production users set their own).
DEMO_PASSWORD ?= workbench-demo
PYTEST_ARGS ?=

.PHONY: help install install-dev run serve migrate demo test test-faults test-browser lint schema worker beat bench clean

help:
	@echo "make run          install, migrate, load the demo and serve on http://$(HOST):$(PORT)"
	@echo "make test         install dev requirements and run the whole suite"
	@echo "make test-faults  the fault-injection suite alone (needs PostgreSQL and Redis)"
	@echo "make worker       a Celery worker on all queues (needs CELERY_BROKER_URL)"
	@echo "make beat         Celery beat (the sweeper and periodic refreshes)"
	@echo "make lint         ruff (lint and format), djLint, mypy, import contracts and migration checks"
	@echo "make schema       write and validate the OpenAPI schema"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt requirements/prod.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/prod.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.base-installed
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.base-installed

install-dev: $(VENV)/.dev-installed

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(BIN)/python manage.py load_demo --password "$(DEMO_PASSWORD)" --history

run: demo
	@echo "Log in at http://$(HOST):$(PORT)/ as factchecker, editor or admin with the password '$(DEMO_PASSWORD)'."
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-faults: install-dev
	$(BIN)/python -m pytest -m faults tests/faults $(PYTEST_ARGS)

test-browser: install-dev
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# The same checks as .ci/run and .pre-commit-config.yaml.
TEMPLATE_DIRS := templates evidence/templates

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint $(TEMPLATE_DIRS) --check
	$(BIN)/djlint $(TEMPLATE_DIRS) --lint
	$(BIN)/mypy .
	$(BIN)/lint-imports --no-logo
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

schema: install-dev
	DEBUG=1 $(BIN)/python manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

worker: install
	$(BIN)/celery -A factcheck worker -Q ingest,evidence,webhooks --loglevel INFO --concurrency 2

beat: install
	$(BIN)/celery -A factcheck beat --loglevel INFO --schedule $(VENV)/celerybeat-schedule

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
