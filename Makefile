# Two commands do everything on a fresh Linux machine with Python 3.11 and make:
#   make book   -> builds the book into _build/html (executes every notebook)
#   make test   -> runs every test (unit, content, notebooks, strict build, browser)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.8

.PHONY: setup book test bench weight lighthouse offline scorm release check clean lock lock-check notebooks instructor handouts export translations

# The virtual environment is rebuilt whenever the lock file changes.
$(VENV)/.installed: requirements/dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements/dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

setup: $(VENV)/.installed

book: setup
	$(BIN)/python -m coursekit.build

# The JavaScript tools the tests use, pinned by tests/js/package-lock.json: the independent
# GIFT parser (gift-pegjs) for the export tests and axe-core for the accessibility tests.
# They need Node.js and npm.
JS_TOOLS := tests/js/node_modules/.package-lock.json
# Without npm, the tests that need them skip locally (and fail in CI, where .ci/run
# installs Node.js): make test goes on to run every other test.
$(JS_TOOLS): tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --no-audit --no-fund --silent; \
	else echo "npm not found: the GIFT parser and axe-core tests will be skipped (install Node.js and npm to run them)"; fi

# Lighthouse times the page on this machine, so it runs after the other tests, alone:
# beside a second worker executing notebooks the same page scored 10-20 points lower.
test: setup $(JS_TOOLS)
	$(BIN)/python -m pytest -m "not lighthouse"
	$(BIN)/python -m pytest -m lighthouse -n 0 tests/browser/test_lighthouse.py

# The workshop kit: the instructor edition (answer keys, facilitation notes, agendas,
# role-play, handouts) into _build/instructor/html; handout PDFs (needs Chromium);
# quiz banks for Moodle (GIFT), Canvas (QTI) and CSV into _build/export.
instructor: setup
	$(BIN)/python -m coursekit.build --edition instructor

handouts: instructor
	$(BIN)/python -m coursekit handouts

export: setup
	$(BIN)/python -m coursekit export --out _build/export

# The learner book and the notebooks in one zip that works opened from disk.
offline: book
	$(BIN)/python -m coursekit offline --out _build/release

# The learner book as a SCORM 1.2 package that reports the final assessment to an LMS.
scorm: book
	$(BIN)/python -m coursekit scorm --out _build/release

# Everything a tagged release publishes, with SHA256SUMS (.github/workflows/release.yml):
# the offline zip, the SCORM package, the instructor edition, handout PDFs, LMS exports.
release: book handouts
	$(BIN)/python -m coursekit release --out _build/release

check: setup
	$(BIN)/coursekit check

bench: setup
	$(BIN)/python -m coursekit.bench

# What each page of the built book downloads (requests, bytes raw and gzip, the largest
# assets), measured in Chromium; build the book first. The budgets are in the tests.
weight: setup
	$(BIN)/python -m coursekit.weight _build/html

# Lighthouse (pinned in tests/js) on every chapter page and the final assessment, served
# compressed as GitHub Pages serves them; RUNS=3 reports the median of three runs.
lighthouse: setup
	$(BIN)/python -m coursekit.lighthouse _build/html --runs $(or $(RUNS),1)

# After an English edit: merge the English text into the French and Spanish catalogues
# (locale/<lang>/LC_MESSAGES; changed text becomes fuzzy, new text untranslated) and print
# what is translated, fuzzy and missing per language and catalogue. TRANSLATING.md says more.
translations: setup
	$(BIN)/coursekit translations update

# Regenerate the pinned lock files after editing dependencies in pyproject.toml.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal -p 3.11 -o requirements/dev.lock -q
	$(BIN)/uv pip compile pyproject.toml --extra learner --universal -p 3.11 -o requirements/learner.lock -q

# Prove the learner lock installs from wheels alone on Windows, macOS and Linux, with
# Python 3.11 and 3.13 (a dry run: nothing is installed). Needs access to PyPI.
LOCK_PLATFORMS := x86_64-pc-windows-msvc aarch64-apple-darwin x86_64-apple-darwin x86_64-unknown-linux-gnu
lock-check: setup
	@for platform in $(LOCK_PLATFORMS); do for python in 3.11 3.13; do \
	  printf '%-28s %s: ' $$platform $$python; \
	  $(BIN)/uv pip install --dry-run --only-binary :all: --python-platform $$platform --python-version $$python \
	    --target $$(mktemp -d) -r requirements/learner.lock 2>&1 | grep -E 'Would install|error' | tee /dev/stderr | grep -q 'Would install' || exit 1; \
	done; done

clean:
	rm -rf _build .jupyter_cache .pytest_cache

# Re-execute the notebooks in place so their stored outputs (compared by nbval, shown
# on GitHub) match the current quiz banks and data. Run after editing either. The French
# and Spanish notebooks (fr/, es/) are first written again from the English ones and the
# catalogues, then executed like them.
notebooks: setup
	$(BIN)/coursekit translations write
	COURSEKIT_PROGRESS=$(CURDIR)/_build/notebook-progress.json $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.record_timing=False \
	  notebooks/*.ipynb assessment/*.ipynb fr/notebooks/*.ipynb fr/assessment/*.ipynb es/notebooks/*.ipynb es/assessment/*.ipynb
