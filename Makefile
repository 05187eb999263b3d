# Two commands do all set-up on a fresh clone: `make serve` and `make test`.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

.PHONY: install serve build test bench lighthouse clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[docs,test]"
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# A report, not a test: Lighthouse (mobile) on every page of a fresh build.
lighthouse: $(STAMP)
	$(BIN)/python scripts/lighthouse.py

clean:
	rm -rf $(VENV) site build
