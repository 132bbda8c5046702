# Idéslussen: `make run` serves the demo at http://127.0.0.1:5000, `make test` runs every test.
VENV    := .venv
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app ideasluss
PYBABEL := $(VENV)/bin/pybabel
TRANSLATIONS := ideasluss/translations
CHROMIUM := /usr/bin/chromium

.PHONY: run test test-sqlite lint install install-dev translations extract-messages chromium clean \
	bench bench-smoke wrk

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: install
	$(PYBABEL) -q compile -d $(TRANSLATIONS)

# Re-extract the Swedish source strings and merge them into the English catalogue.
extract-messages: install
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot --no-location --sort-output .
	$(PYBABEL) update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

run: translations
	IDEASLUSS_ENV=development $(FLASK) db upgrade
	IDEASLUSS_ENV=development $(FLASK) demo load --if-empty
	IDEASLUSS_ENV=development $(FLASK) run --host 127.0.0.1 --port 5000

chromium:
	@test -x $(CHROMIUM) || (apt-get update && apt-get install -y chromium)

test: install-dev translations chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

# The path `make run` takes: SQLite, jobs inline (CI runs this besides PostgreSQL + Redis).
test-sqlite: install-dev translations chromium
	TEST_DATABASE_URL= TEST_REDIS_URL= $(VENV)/bin/pytest

wrk:
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)

# The city-scale benchmark on PostgreSQL + Redis (BENCH_PG, BENCH_REDIS to point elsewhere).
bench: install-dev translations wrk
	$(PY) bench/run.py

bench-smoke: install-dev translations wrk
	$(PY) bench/run.py --smoke

lint: install-dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) instance/ideasluss.sqlite .pytest_cache
