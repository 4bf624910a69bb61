# CourseHub: `make run` sets up and serves the app with demo content on SQLite;
# `make test` sets up and runs the whole test suite (browser tests included).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup lint chromium axe redis bench-load translations extract-messages clean-db

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "CourseHub needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed translations

translations: $(VENV)/.installed
	@if ls coursehub/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -d coursehub/translations 2>&1 | grep -v "^compiling" || true; fi

run: setup
	$(BIN)/coursehub db upgrade
	$(BIN)/coursehub import modules
	$(BIN)/coursehub seed-demo
	@echo "CourseHub is at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/coursehub run --host $(HOST) --port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Chromium (Debian package) for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

lint: setup
	$(BIN)/ruff check coursehub tests benchmarks

# axe-core (npm) for the accessibility tests; kept out of the app's static files.
AXE_JS := .cache/axe/node_modules/axe-core/axe.min.js
$(AXE_JS):
	@command -v npm >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm; }
	npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4
axe: $(AXE_JS)

# redis-server for the two-process test (it starts a private one on a random port).
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
		echo "Installing redis-server (Debian package) for the scale-out test"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq redis-server; }

# Load benchmark: gunicorn on SQLite and PostgreSQL (database coursehub_bench) vs a ceiling.
bench-load: setup
	$(BIN)/pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/load.py $(BENCH_ARGS)

# TEST_DATABASE_URL=postgresql+psycopg://... runs the suite on PostgreSQL.
test: setup chromium axe redis lint
	$(BIN)/pytest $(PYTEST_ARGS)

extract-messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o coursehub/translations/messages.pot .
	$(BIN)/pybabel update -i coursehub/translations/messages.pot -d coursehub/translations

clean-db:
	rm -f instance/coursehub.sqlite3
