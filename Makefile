# Validera: `make run` serves the app, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app app
STAMP := $(VENV)/.installed

.PHONY: run test install translations messages migrate migration lint format gates browser bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/python tools/i18n.py compile

# The job queue's worker runs beside the server (its queue in instance/jobs.db) and is stopped
# with it, however the server ends. Webhooks may call http and local addresses here.
run: install
	$(FLASK) db upgrade
	$(FLASK) demo-data
	export WEBHOOK_ALLOW_PRIVATE=$${WEBHOOK_ALLOW_PRIVATE:-1}; \
	$(FLASK) worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	SESSION_COOKIE_SECURE=0 SECOND_FACTOR_REQUIRED=$${SECOND_FACTOR_REQUIRED:-none} $(FLASK) run --host 127.0.0.1 --port $(PORT)

# On both cores by default (pytest-xdist; each worker has databases of its own, see
# tests/databases.py). PYTEST_ARGS comes last: `PYTEST_ARGS="-n 0"` runs in one process.
TEST_WORKERS ?= 2
test: install
	bash tools/ensure-test-packages.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The quality gates alone: the access matrix, the accessibility checks and the browser journey.
gates: install
	bash tools/ensure-test-packages.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS) tests/gates $(PYTEST_ARGS)

messages: $(STAMP)
	$(BIN)/python tools/i18n.py update
	$(BIN)/python tools/i18n.py check

migrate: install
	$(FLASK) db upgrade

migration: install
	$(FLASK) db migrate -m "$(m)"

lint: $(STAMP)
	$(BIN)/ruff check app tests tools benchmarks wsgi.py
	$(BIN)/ruff format --check app tests tools benchmarks wsgi.py

format: $(STAMP)
	$(BIN)/ruff format app tests tools benchmarks wsgi.py
	$(BIN)/ruff check --fix app tests tools benchmarks wsgi.py

# Fill the benchmark database (once; BENCH_SCALE=1 is 100 000 cases) and measure every page
# against the framework's floor; writes benchmarks/results/latest.{md,json,svg}. Not in `test`.
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/v_bench
BENCH_SCALE ?= 1
BENCH_ITERATIONS ?= 30
BENCH_OUTPUT ?= benchmarks/results/latest
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $(BENCH_STAMP)

bench: install $(BENCH_STAMP)
	$(BIN)/python -m benchmarks --database-url $(BENCH_DATABASE_URL) generate --scale $(BENCH_SCALE)
	$(BIN)/python -m benchmarks --database-url $(BENCH_DATABASE_URL) measure --iterations $(BENCH_ITERATIONS) --output $(BENCH_OUTPUT)

clean:
	rm -rf $(VENV) .pytest_cache test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
