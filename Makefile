# Two commands: `make run` serves the built-in Cẩm Giang event, `make test` runs every test.
# `make fuzz` runs the property tests alone, on many more examples, new ones each time.
# Everything they need is installed here: a virtual environment and the npm packages.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make
KIOSK := $(BIN)/kiosk
export KIOSK_INSTANCE ?= $(CURDIR)/instance

.PHONY: run test lint fuzz setup assets clean bench messages

run: setup
	@if [ ! -f "$(KIOSK_INSTANCE)/kiosk.sqlite3" ]; then \
		$(KIOSK) init --demo; \
	else \
		echo "Sự kiện đã có trong $(KIOSK_INSTANCE). Mã PIN đã in khi khởi tạo; đặt lại: $(KIOSK) pins"; \
		echo "(Event already loaded; PINs were printed at init. Reset them with: $(KIOSK) pins)"; \
	fi
	$(KIOSK) serve

# The linter and the type checker first (zero findings, seconds), then the JavaScript rules the server
# shares (tests/shared) with Node's own runner, then every Python test: on TEST_WORKERS processes, a test
# file to each, the longest first (pytest-xdist; the order is in tests/conftest.py), except those marked
# `alone` (they measure time or race a kill), which run after, one at a time, with the machine to themselves.
# Bytecode is compiled once first: where PYTHONDONTWRITEBYTECODE is set (as on CI) no Python would keep it, and
# each of the ~60 `kiosk` processes the tests start would compile kiosk again (0.15 s of processor each). pytest
# runs with it unset, to keep the test files it rewrites (for its assert messages) beside them, in __pycache__:
# each of the three pytest processes that collect every test would otherwise rewrite them all (2-3 s each).
TEST_WORKERS ?= 2
test: setup lint
	$(BIN)/python -m compileall -q kiosk tests >/dev/null
	node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test tests/js/*.test.mjs
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not alone" $(PYTEST_ARGS) \
		|| [ $$? -eq 5 ]
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -m alone $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# Every property test (hypothesis marks them), under the "fuzz" profile of tests/conftest.py: ten times the
# examples, drawn afresh on each run (`make test` draws the same ones every time). Keep what it finds as an
# @example in the test.
fuzz: setup
	$(BIN)/python -m pytest -m hypothesis --hypothesis-profile=fuzz $(PYTEST_ARGS) tests

setup: $(STAMP)/python $(STAMP)/assets

assets: $(STAMP)/assets

$(STAMP)/python: pyproject.toml setup.py
	@mkdir -p $(STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(STAMP)/assets: package.json package-lock.json scripts/vendor.mjs
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund
	@touch $@

bench: setup
	$(BIN)/python bench/badges.py
	$(BIN)/python bench/live.py

clean:
	rm -rf $(VENV) $(STAMP) node_modules static/vendor build *.egg-info

# After changing a translatable text: refresh the English catalogue, then translate the new entries.
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k lazy_gettext -k lazy_pgettext:1c,2 --no-location --sort-output -w 120 -o $(STAMP)/messages.pot .
	$(BIN)/pybabel update -i $(STAMP)/messages.pot -d kiosk/translations -l en --no-fuzzy-matching -w 120
