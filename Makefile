# skj-extract: `make run` extracts every decree in raw/ into output/, `make test` runs the tests.
# Both set themselves up first (a .venv with the project, plus the Debian packages it needs).

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
# Debian packages: Tesseract 5 with Indonesian and orientation detection, poppler, the fonts the fixture typesetter
# draws with, and chromium with its driver for the review page's browser test
APT_PACKAGES := tesseract-ocr tesseract-ocr-ind tesseract-ocr-osd poppler-utils fonts-dejavu-core fonts-liberation2 fonts-freefont-ttf fonts-urw-base35 chromium chromium-driver

.PHONY: setup apt run test test-fast bench score score-all clean help

help:
	@echo "make run    extract every decree in raw/ into output/ (sets itself up)"
	@echo "make test   run the test suite (everything)"
	@echo "make test-fast  the fast tier: every stage, no OCR runs, subprocesses or wheel builds (about 30 s)"
	@echo "make bench  time the extraction stages and the whole command"
	@echo "make score  score output/skj-1-2022 against the hand-checked golden key, and the PDF"
	@echo "            front ends on typeset and scanned fixtures (real decree's reading, invented decree), then the"
	@echo "            layout matrix: 12 seeds' layouts x fixture decrees x text layer and good/office/poor scans,"
	@echo "            gated: each worst seed at least its floor in tools/matrix-floors.json, every run ok"
	@echo "make score-all  the same, the matrix also on searchable scans and plain Tesseract text (psm 3/4/6, pdftotext)"
	@echo "make setup  create .venv and install the project and the Debian packages"
	@echo "make clean  remove .venv, interim/ and output/ contents"

setup: $(STAMP) apt

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "skj-extract needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	      || { echo "apt-get failed for:$$missing" >&2; exit 1; }; \
	  else \
	    echo "note: Debian packages missing ($$missing); run 'sudo apt-get install$$missing' for PDF input" >&2; \
	  fi; \
	fi

run: setup
	$(BIN)/skj run --raw raw --out output --interim interim

# the tests run in one process per core (pytest-xdist), each test file whole in one of them (its
# module fixtures, such as a scanned decree, made once)
test: setup
	$(BIN)/pytest -n auto --dist loadfile

test-fast: setup
	$(BIN)/pytest -m "not slow"

bench: setup
	$(BIN)/python -m tools.bench

score: run
	$(BIN)/python -m tools.score output/skj-1-2022/standard.json tests/data/groundtruth/skj-1-2022.golden.json -v
	$(BIN)/python -m tools.score --fixtures
	$(BIN)/python -m tools.score --matrix --seeds 12 --kinds text,good,office,poor -j 2 --gate tools/matrix-floors.json

score-all: run
	$(BIN)/python -m tools.score output/skj-1-2022/standard.json tests/data/groundtruth/skj-1-2022.golden.json -v
	$(BIN)/python -m tools.score --fixtures
	$(BIN)/python -m tools.score --matrix --seeds 12 --kinds all -j 2 --gate tools/matrix-floors.json

clean:
	rm -rf $(VENV) *.egg-info build/matrix .hypothesis
	find interim output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
