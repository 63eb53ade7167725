# Two commands do all the set-up: `make run` and `make test`. `make dist` builds the
# application for this system (packaging/README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_DIST := $(VENV)/.installed-dist

.PHONY: run test lint bench screenshots dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

$(STAMP_DIST): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/cultivate

test: $(STAMP_TEST)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff with the configuration in pyproject.toml; CI runs it before the tests.
lint: $(STAMP_TEST)
	$(BIN)/ruff check .

bench: $(STAMP_TEST)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

screenshots: $(STAMP_RUN)
	rm -f /tmp/cultivate-demo.db
	$(BIN)/cultivate demo --out /tmp/cultivate-demo.db
	QT_QPA_PLATFORM=offscreen $(BIN)/cultivate screenshot --data /tmp/cultivate-demo.db --out docs/screenshots

dist: $(STAMP_DIST)
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
