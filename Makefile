# CourseHub: `make run` sets up and serves the app with demo content on SQLite;
# `make test` sets up and runs the whole test suite (browser tests included).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup lint chromium translations extract-messages clean-db

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

# TEST_DATABASE_URL=postgresql+psycopg://... runs the suite on PostgreSQL.
test: setup chromium lint
	$(BIN)/pytest $(PYTEST_ARGS)

extract-messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o coursehub/translations/messages.pot .
	$(BIN)/pybabel update -i coursehub/translations/messages.pot -d coursehub/translations

clean-db:
	rm -f instance/coursehub.sqlite3
