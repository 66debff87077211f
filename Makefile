# Activering: `make run` starts the app with demo data, `make test` runs the whole suite.
# Without DATABASE_URL / REDIS_URL an embedded PostgreSQL and Redis are started under .data/.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run test lint format messages migrate demo bench stop lock clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --no-input

# Demo data once (idempotent); the dashboard's figures are stored on every start.
demo: migrate
	$(PY) manage.py demo_data --met-cijfers

run: demo
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) scripts/run_dev.py --host $(HOST) --port $(PORT)

test: install
	@scripts/system_packages.sh
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# English catalogue (locale/en): extract the strings of the code, then compile after translating.
# Needs GNU gettext (Debian package gettext; scripts/system_packages.sh installs it).
messages: install
	@scripts/system_packages.sh
	$(PY) manage.py makemessages -l en --no-obsolete --add-location=file \
		--ignore='staticfiles/*' --ignore='node_modules/*' --ignore='screenshots/*'
	$(PY) manage.py compilemessages -l en --ignore='.*' --ignore='node_modules'

# Benchmarks, not tests: figures and method in docs/benchmarks.md.
bench: install
	$(PY) scripts/bench.py
	$(PY) scripts/bench_partner_api.py
	$(PY) scripts/bench_werkvloer.py

stop:
	-$(PY) -m activering.embedded stop

lock:
	$(PY) -m pip freeze --exclude-editable --exclude activering | sort > requirements.lock

clean: stop
	rm -rf $(VENV) .data staticfiles
