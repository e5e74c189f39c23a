# Set-up is two commands: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := src/audio_article/samples/kyiv-independent-20-days.txt
DEMO_TITLE := Twenty days of Russia's full-scale war against Ukraine

.PHONY: all install demo test bench bench-batch clean browser

all: demo

# The environment is rebuilt whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "Python 3.10 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,piper,dask,qa]'
	@touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/audio-article narrate $(SAMPLE) --title "$(DEMO_TITLE)" -o output

# The test files run side by side, one process per core (pytest-xdist; a file's tests stay
# together, so its module fixtures are made once): most of the suite waits on child
# processes, sockets and Chromium, and on 2 cores it takes about two thirds of the time.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: $(STAMP) browser
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile

# The web page tests (tests/test_page_browser.py) drive Debian's Chromium and check it with
# axe-core from npm. Installed when missing and possible; otherwise the tests skip and say why.
AXE_JS := $(VENV)/node_modules/axe-core/axe.min.js
browser: $(STAMP)
	@if [ ! -x /usr/bin/chromedriver ]; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			{ apt-get update -qq && apt-get install -y -qq chromium chromium-driver; } || \
				echo "Could not install chromium: the browser tests will skip."; \
		else echo "No chromium-driver and no apt-get as root: the browser tests will skip."; fi; \
	fi
	@if [ ! -f $(AXE_JS) ]; then \
		if command -v npm >/dev/null; then \
			npm install --prefix $(VENV) --no-save --no-audit --no-fund axe-core@4.14 || \
				echo "Could not install axe-core: the axe checks will skip."; \
		else echo "No npm: the axe-core checks will skip."; fi; \
	fi

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache

bench: $(STAMP)
	$(BIN)/python bench/speech.py

bench-batch: $(STAMP)
	$(BIN)/python bench/batch.py

# Our HTML parser against trafilatura and readability-lxml on ../shared/corpus/extraction.
BENCH_STAMP := $(VENV)/.installed-bench
.PHONY: bench-extraction

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@

bench-extraction: $(BENCH_STAMP)
	$(BIN)/python bench/extraction.py
