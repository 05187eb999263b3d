# Two commands do all set-up on a fresh clone: `make serve` and `make test`.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# ESLint and its style rules for the site's JavaScript, pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
ESLINT  := node_modules/.bin/eslint docs/assets scripts/*.js eslint.config.js
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

# The library's tests: no site build (make check; make mutate runs the same folder).
LIB_TESTS := tests/lib

.PHONY: print-lib-tests install serve build build-timing check test bench bench-live lighthouse mutate clean

# Python 3.11 or later, checked first: an older one would fail later, deep inside pip.
PYTHON  ?= python3

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "Micro MLP needs Python 3.11 or later; '$(PYTHON)' is" \
			"$$(command -v $(PYTHON) >/dev/null && $(PYTHON) --version 2>&1 || echo 'not found')."; \
		echo "Install Python 3.11 or later and run again, naming it if it is not" \
			"python3: make PYTHON=python3.11 $(or $(MAKECMDGOALS),install)"; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[docs,test]"
	touch $(STAMP)

# npm: Debian's nodejs package does not bring it; .ci/run installs Debian's npm when it is missing.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# A report, not a test: a cold `mkdocs build`, the reload after editing one page, the notebooks.
build-timing: $(STAMP)
	$(BIN)/python -m scripts.build_timing

# The edit-test loop: lint and the library's own tests (no site build).
# ESLint's style rules are its formatter: `node_modules/.bin/eslint --fix ...` applies them.
check: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(ESLINT)
	$(BIN)/pytest $(LIB_TESTS) src

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(ESLINT)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m scripts.bench
	$(BIN)/python -m scripts.bench_batches

# 1000 epochs of the browser engine (docs/assets/micromlp.js) in Chromium.
bench-live: $(STAMP)
	$(BIN)/python -m scripts.bench_live

# A report, not a test: Lighthouse (mobile) on every page of a fresh build.
lighthouse: $(STAMP)
	$(BIN)/python -m scripts.lighthouse

# A report, not a test: mutate src/micromlp, run the fast tests on each mutant, print the
# score and check the survivors against tests/lib/mutation_survivors.md. From scratch: mutmut keeps
# a mutant's last result until its function changes, even when the tests change. To rerun a few
# mutants while working: $(BIN)/mutmut run "micromlp.data.x_make_dataset*" (names or globs).
# OMP_NUM_THREADS=1: mutmut forks its workers from a process that has run the tests, and GNU
# OpenMP's threads do not survive a fork: scikit-learn's OpenMP code then waits forever in a
# worker (a hung worker's stack: gomp_team_barrier_wait_end in CyHalfPoissonLoss.loss_gradient),
# and such hangs were counted as timeouts, that is as caught. It also puts numpy's OpenBLAS on
# one thread: both sides of every parity test still run on the same threads, one here, the
# default in `make test`.
mutate: $(STAMP)
	rm -rf mutants
	OMP_NUM_THREADS=1 $(BIN)/mutmut run --max-children 2 || true
	$(BIN)/python -m scripts.mutation_score

clean:
	rm -rf $(VENV) node_modules site build

# tests/site/test_levels.py runs the same tests at other CPU levels: it asks for them here.
print-lib-tests:
	@echo $(LIB_TESTS)
