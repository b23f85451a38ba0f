# The two commands of the README: `make run` and `make test`. Everything else
# here is what they are built from.

PORT ?= 8000
WORKERS ?= 2
SYNTHETIC ?= 0
# gunicorn's access log cost a quarter of a signed-in page's time (make bench);
# in production nginx keeps the access log. `make run ACCESS_LOG=-` prints it.
ACCESS_LOG ?=
UV_VERSION := 0.13.9

VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
MANAGE := $(PY) manage.py

# Python 3.12 or newer: the first one found on PATH or under pyenv.
PYTHON ?= $(shell for c in python3.13 python3.12 python3.14 \
	$$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$c; break; }; done)

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_LINK_MODE := copy

.PHONY: install run dev test test-browser chromium nginx wrk vnu lint format migrations-check messages demo static bench bench-search bench-capacity bench-mixed bench-layers ci clean

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is needed; install it or run 'make PYTHON=/path/to/python3.12 ...'." >&2; \
		exit 1; \
	fi
	"$(PYTHON)" -m venv $(VENV)

$(VENV)/.installed: $(PY) pyproject.toml uv.lock
	@[ -x $(UV) ] || $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --locked --python $(PY) --quiet
	@touch $@

install: $(VENV)/.installed

static: install
	$(MANAGE) collectstatic --noinput --verbosity 0

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@if [ "$(SYNTHETIC)" != "0" ]; then $(MANAGE) seed_synthetic --count $(SYNTHETIC); fi

run: demo static
	@echo "Serving the portal at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	@# The background worker (e-mails, notices) runs beside the web server and
	@# stops with it.
	DJANGO_DEBUG=0 $(MANAGE) db_worker --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn wecd_portal.wsgi \
		--bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		$(if $(ACCESS_LOG),--access-logfile $(ACCESS_LOG)) --error-logfile -

dev: demo
	DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium (Playwright cannot download its own
# browser here); without it they are skipped.
chromium:
	@[ -x /usr/bin/chromium ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Debian's nginx, for the two-instance deployment test (tests/deploy/), which runs
# deploy/nginx/'s micro-cache in front of two app servers; wrk for make bench-mixed.
nginx:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }

wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

# The Nu HTML checker (vnu.jar from npm, run with the machine's Java 17), into
# the git-ignored .cache/; tests/pages/test_html_validity.py runs it over every
# page. Without it that test is skipped, unless REQUIRE_VNU=1 (CI).
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
vnu:
	@[ -f $(VNU_JAR) ] || { mkdir -p .cache/vnu && cd .cache/vnu && npm install --no-save --no-audit --no-fund --ignore-scripts vnu-jar >/dev/null; }
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; }

test-browser: install chromium
	REQUIRE_BROWSER=1 $(VENV)/bin/pytest tests/browser $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

messages: install
	$(MANAGE) makemessages --locale fr --no-location --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'artifacts/*' --ignore 'tests/*'
	$(MANAGE) compilemessages --locale fr --ignore '.venv/*'

bench: install
	bash bench/pages.sh

# Search at scale: needs DATABASE_URL=postgres://...; seeds 100,000 synthetic
# practices there if fewer exist (a few minutes, once).
# Page, search and database size at 1,000, 10,000 and 100,000 practices.
bench-capacity: static
	bash bench/capacity.sh

# What each cache layer earns: the portal with one layer off at a time, side by
# side with all on (bench/layers.sh); the table goes to docs/architecture.md.
bench-layers: install
	bash bench/layers.sh

# A mixed load (reads, signed-in readers, searches, one edit a second) on
# PostgreSQL and Redis at 100,000 practices; figures into README.md.
bench-mixed: static wrk
	bash bench/mixed.sh

bench-search: static
	DJANGO_DEBUG=0 $(PY) bench/search.py

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
