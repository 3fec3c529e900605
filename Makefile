# briefing: `make site` sets everything up and builds output/; `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
PELICAN_OPTS ?=

.PHONY: site install ingest html serve publish test clean

site: install ingest html
	@echo "Site built in output/. Preview it with 'make serve', then open http://127.0.0.1:$(PORT)/"

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

html: install
	$(BIN)/pelican content -s pelicanconf.py -o output $(PELICAN_OPTS)
	$(BIN)/python -m pagefind --site output --quiet

serve: site
	$(BIN)/pelican --listen --bind 127.0.0.1 --port $(PORT) -s pelicanconf.py -o output

publish: install
	$(BIN)/pelican content -s publishconf.py -o output $(PELICAN_OPTS)
	$(BIN)/python -m pagefind --site output --quiet

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf output .pytest_cache test-artifacts
