# ÖDS-portalen: `make site` bygger webbplatsen, `make test` kör alla tester (det CI kör),
# `make check` är den snabba kontrollen medan du arbetar (formatering + allt utom webbläsartesterna).
# Allt som behövs installeras härifrån: Python-paket (PyPI), webbläsarfiler (npm), Chromium, Pango, HarfBuzz-Subset,
# typsnitt och poppler-utils, Java för HTML-kontrollen (Debian).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY_OK  := $(VENV)/.installed
NPM_OK := node_modules/.installed
LIGHTHOUSE_OK := bench/lighthouse-npm/node_modules/.installed
# root (t.ex. i en container eller i CI) installerar utan sudo; alla andra med sudo.
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check lint serve validate schema fmt chromium java pdf-bibliotek clean help bench

help:
	@echo "make site      installera allt, kontrollera data och bygg webbplatsen i site/"
	@echo "make serve     förhandsgranska på http://127.0.0.1:8000 med automatisk omladdning"
	@echo "make test      kör alla tester (installerar Chromium vid behov); det här kör CI"
	@echo "make check     snabb kontroll medan du arbetar: formatering och alla tester utom webbläsartesterna"
	@echo "make lint      ruff (regler och formatering) och mypy på koden"
	@echo "make validate  kontrollera bara data"
	@echo "make lighthouse  Lighthouse på en sida av varje slag (tillgänglighet, bästa praxis, SEO ska vara 100)"
	@echo "make bench     mät bygget med syntetiska data (1000, 5000 och 10000 platser); inte en del av make test"

$(PY_OK): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Zensical (tests/test_zensical.py) in its own environment, so its dependencies never change .venv/.
ZENSICAL_OK := .venv-zensical/.installed
$(ZENSICAL_OK): requirements-zensical.txt
	$(PYTHON) -m venv --clear .venv-zensical
	.venv-zensical/bin/pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	sha256sum requirements-zensical.txt | cut -d' ' -f1 | tr -d '\n' > $@

$(NPM_OK): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

site: $(PY_OK) $(NPM_OK) pdf-bibliotek
	$(BIN)/python -m generator build

serve: $(PY_OK) $(NPM_OK) pdf-bibliotek
	$(BIN)/python -m generator serve

validate: $(PY_OK)
	$(BIN)/python -m generator validate

# JSON Schema för VS Code och webbredigerarens formulär: båda skapas ur datamodellen.
schema: $(PY_OK)
	$(BIN)/python -m generator schema
	$(BIN)/python -m generator cms

fmt: $(PY_OK)
	$(BIN)/python -m generator fmt

# Debian's Chromium for the browser tests; Playwright's own browser download cannot be used here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Chromium saknas: installerar Debians paket chromium med apt-get$(if $(SUDO), (via sudo),) för webbläsartesterna."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# Java for the Nu HTML Checker (npm's vnu-jar), which tests/test_site_shell.py runs over every page.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Java saknas: installerar Debians paket default-jre-headless med apt-get$(if $(SUDO), (via sudo),) för HTML-kontrollen (vnu)."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }

# PDF:en med metodstödet: WeasyPrint behöver Pango och ett typsnitt (DejaVu) från Debian, och testerna läser
# PDF:en med pdfinfo och pdftotext (poppler-utils). HarfBuzz-Subset (libharfbuzz-subset0) gör typsnitten i PDF:en;
# utan det tar WeasyPrint fontTools, som ger en annan fil vid varje körning, så generatorn vägrar då. Paketet kommer
# också med Chromium, men PDF:en ska inte bero på om webbläsaren är installerad. Bara det som saknas installeras.
PDF_DEB := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils
pdf-bibliotek:
	@missing=$$(for p in $(PDF_DEB); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "PDF:en med metodstödet behöver Debians paket $$missing (Pango för sidlayouten, HarfBuzz-Subset och typsnittet DejaVu för typsnitten i filen, pdfinfo/pdftotext för testerna): installerar med apt-get$(if $(SUDO), (via sudo),)."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Koden: ruff med reglerna i pyproject.toml, ruffs formatering och mypy på generator/.
lint: $(PY_OK)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

# Hela sviten, också webbläsartesterna och Lighthouse (ungefär 15 minuter). .ci/run kör just detta.
test: $(PY_OK) $(NPM_OK) $(LIGHTHOUSE_OK) $(ZENSICAL_OK) chromium java pdf-bibliotek lint
	$(BIN)/python -m generator fmt --check
	$(BIN)/python -m pytest

# Den snabba slingan: formatering och alla tester utom webbläsartesterna (markerade `browser`), under en minut.
check: $(PY_OK) $(NPM_OK) $(ZENSICAL_OK) java pdf-bibliotek lint
	$(BIN)/python -m generator fmt --check
	$(BIN)/python -m pytest -m "not browser"

# Mätningen av bygget med syntetiska data i tillfälliga mappar (bench/run.py --help). Inte en del av make test.
bench: $(PY_OK) $(NPM_OK)
	$(BIN)/python bench/run.py

clean:
	rm -rf build site .site.new .site.old

# Lighthouse i en egen npm-mapp (se bench/lighthouse.py för varför); make test kör det också
# (tests/browser/test_lighthouse.py).
$(LIGHTHOUSE_OK): bench/lighthouse-npm/package.json bench/lighthouse-npm/package-lock.json
	cd bench/lighthouse-npm && npm ci --no-audit --no-fund
	touch $@

lighthouse: site chromium $(LIGHTHOUSE_OK)
	$(BIN)/python bench/lighthouse.py
