# Two commands do everything on a fresh Linux machine with Python 3.11 and make:
#   make book   -> builds the book into _build/html (executes every notebook)
#   make test   -> runs every test (unit, content, notebooks, strict build, browser)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.8

.PHONY: setup book test bench check clean lock notebooks

# The virtual environment is rebuilt whenever the lock file changes.
$(VENV)/.installed: requirements/dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements/dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

setup: $(VENV)/.installed

book: setup
	$(BIN)/python -m coursekit.build

test: setup
	$(BIN)/python -m pytest

check: setup
	$(BIN)/coursekit check quizzes

bench: setup
	$(BIN)/python -m coursekit.bench

# Regenerate the pinned lock files after editing dependencies in pyproject.toml.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal -p 3.11 -o requirements/dev.lock -q
	$(BIN)/uv pip compile pyproject.toml --extra learner --universal -p 3.11 -o requirements/learner.lock -q

clean:
	rm -rf _build .jupyter_cache .pytest_cache

# Re-execute the notebooks in place so their stored outputs (compared by nbval, shown
# on GitHub) match the current quiz banks and data. Run after editing either.
notebooks: setup
	COURSEKIT_PROGRESS=$(CURDIR)/_build/notebook-progress.json $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.record_timing=False notebooks/*.ipynb assessment/*.ipynb
