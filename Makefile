# Two commands: `make run` serves the demo site, `make test` checks everything.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
WORKERS ?= 3
.PHONY: help run serve test lint check clean messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.installed ## Install, migrate, load the demo content and serve on http://$(HOST):$(PORT) (HOST=127.0.0.1 PORT=8000)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compile_translations
	$(PY) manage.py load_demo_content
	$(PY) manage.py set_site_url http://$(HOST):$(PORT)
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Demo accounts (development only; sign in with the username or the email address): admin / cop-demo-admin, editor / cop-demo-editor,"
	@echo "                                    moderator / cop-demo-moderator, member / cop-demo-member"
	@echo ""
	SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# Production settings on this machine: a random SECRET_KEY per run unless one is set, plain
# HTTP on loopback (SECURE_SSL_REDIRECT=0), media served by Django, the task worker beside gunicorn.
serve: $(VENV)/.installed ## Production settings under gunicorn (+ task worker) on http://127.0.0.1:8000, after collectstatic
	@export DJANGO_SETTINGS_MODULE=cms.settings.production \
		SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')}" \
		ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
		SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" SERVE_MEDIA="$${SERVE_MEDIA:-1}"; \
	set -e; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py createcachetable; \
	$(PY) manage.py compile_translations; \
	$(PY) manage.py collectstatic --noinput --verbosity 0; \
	export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py set_site_url; \
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo "  Site: http://$(HOST):$(PORT)/  (production settings, $(WORKERS) gunicorn workers and a task worker)"; \
	$(BIN)/gunicorn cms.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --forwarded-allow-ips 127.0.0.1

lint: $(VENV)/.installed-dev ## Ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(VENV)/.installed-dev ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

test: lint check ## Lint, checks, and the whole test suite (SQLite, or DATABASE_URL)
	$(BIN)/pytest

messages: $(VENV)/.installed ## Extract UI strings into locale/*.po
	DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py makemessages -l es -l fr --ignore=.venv --ignore=tests --ignore=bench --ignore=static_collected --ignore=test-artifacts --no-obsolete

clean: ## Remove the virtual environment, the SQLite database and test artefacts
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* test-artifacts static_collected
