# briefing: `make site` sets everything up and builds output/; `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
BUILD_OPTS ?=

.PHONY: site install ingest html serve publish test clean

# A seed that fails does not stop the build (the others were converted): make site still fails at the end.
site: install
	@$(MAKE) --no-print-directory ingest; ingested=$$?; \
	$(MAKE) --no-print-directory html || exit $$?; \
	if [ $$ingested -ne 0 ]; then echo "Site built in output/, but some seeds failed: see the error lines above."; exit $$ingested; fi; \
	echo "Site built in output/. Preview it with 'make serve', then open http://127.0.0.1:$(PORT)/"

# npm fetches the maps' Natural Earth country shapes (the world-atlas package, pinned in geodata/).
$(STAMP): pyproject.toml geodata/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	npm ci --prefix geodata --no-audit --no-fund --loglevel=error
	@touch $(STAMP)

install: $(STAMP)

ingest: install
	$(BIN)/briefing ingest seeds

# Incremental: only what changed since the last build is rendered (cache in .cache/build/).
# `make html BUILD_OPTS=--full` or `make clean` for a clean build.
html: install
	$(BIN)/briefing build -s pelicanconf.py -o output $(BUILD_OPTS)

# Builds, serves output/, and rebuilds incrementally on every save in content/, theme/, the settings or the taxonomy.
serve: install ingest
	$(BIN)/briefing serve -s pelicanconf.py -o output --port $(PORT)

publish: install
	$(BIN)/briefing build -s publishconf.py -o output $(BUILD_OPTS)

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf output .cache .pytest_cache test-artifacts
