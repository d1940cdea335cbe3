# The two commands of the README:
#   make run   – set everything up, load the demo data and start the app
#   make test  – run the whole test suite (unit, integration and browser tests)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test test-unit test-browser messages translations clean worker

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d locale -D django 2>&1 | tail -n 2

setup: $(VENV)/.installed translations
	./scripts/system-deps.sh
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py demo

run: setup
	@echo ""
	@echo "  De app draait op http://$(HOST):$(PORT)/  (Ctrl+C om te stoppen)"
	@echo "  Demo-gebruikers: coach, coach2, coach3, expert, teamcoach, coordinator, board, quality,"
	@echo "  coach.mechelen, coordinator.mechelen, matchcoordinator, matchmaker1..5, appealmatchmaker1..2,"
	@echo "  observer, candidate, candidate2..8, admin – wachtwoord: demo-partnerschap-2026 (zie README)"
	@echo ""
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

worker: $(VENV)/.installed
	$(BIN)/celery -A config worker -Q celery,pdf -l INFO

test: $(VENV)/.installed translations
	./scripts/system-deps.sh browser
	$(MAKE) --no-print-directory test-unit test-browser

test-unit:
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

test-browser:
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser $(PYTEST_ARGS)

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
