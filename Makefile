# Set-up is two commands: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := src/audio_article/samples/kyiv-independent-20-days.txt
DEMO_TITLE := Twenty days of Russia's full-scale war against Ukraine

.PHONY: all install demo test bench clean

all: demo

# The environment is rebuilt whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "Python 3.10 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,piper,qa]'
	@touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/audio-article narrate $(SAMPLE) --title "$(DEMO_TITLE)" -o output

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache

bench: $(STAMP)
	$(BIN)/python bench/speech.py

# Our HTML parser against trafilatura and readability-lxml on ../shared/corpus/extraction.
BENCH_STAMP := $(VENV)/.installed-bench
.PHONY: bench-extraction

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@

bench-extraction: $(BENCH_STAMP)
	$(BIN)/python bench/extraction.py
