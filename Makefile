# Blueprint: the two commands are `make start` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
URLS ?= http://localhost:5080
CONFIG ?= Release

.PHONY: help start test build web test-dotnet test-web test-web-only test-tools bench-api bench-ingest bench-abuse bench-web bench-freshness bench-freshness-hosts bench-telemetry bench-analysis standard

help:
	@echo "make start   build everything and start Blueprint on $(URLS) (SQLite file, sample data)"
	@echo "make test    install what the tests need, build, and run every test"

## Start the whole product on the embedded default (SQLite under local-data/, created, migrated and seeded on first run).
start: web
	dotnet run --project src/Blueprint.Api -c $(CONFIG) --urls $(URLS)

## Every test: the .NET unit and integration tests and the front end's unit and browser tests, the two
## suites side by side (the browser tests mostly wait on pages, so they use under one core of two); each
## suite's output is printed whole when it ends.
test: build web test-tools
	$(MAKE) --no-print-directory -j2 --output-sync=target test-dotnet test-web-only

# What the tests need from Debian, installed one after the other (two apt-get runs at once would fight over its lock).
test-tools:
	bash tests/tools/ensure-redis.sh
	bash web/tools/ensure-chromium.sh

build:
	dotnet tool restore
	dotnet build Blueprint.sln -c $(CONFIG)

# npm ci refuses this feed's lock file (optional platform packages listed without versions); install honours the lock.
web:
	npm install --prefix web --no-audit --no-fund
	npm run build --prefix web

# The two-host test's Redis variant needs redis-server (Debian's, installed when missing; skipped if that fails).
test-dotnet:
	bash tests/tools/ensure-redis.sh
	dotnet test Blueprint.sln -c $(CONFIG) --no-build

test-web: web test-web-only

test-web-only:
	bash web/tools/ensure-chromium.sh
	npm run lint --prefix web
	npm test --prefix web

bench-api:
	bash bench/api/run.sh

bench-ingest:
	dotnet run -c Release --project bench/Blueprint.Bench.Ingest

bench-abuse:
	bash bench/abuse/run.sh

bench-web:
	bash bench/web/run.sh

bench-freshness:
	bash bench/freshness/run.sh

bench-freshness-hosts:
	bash bench/freshness/hosts.sh

bench-telemetry:
	bash bench/telemetry/run.sh

bench-analysis:
	dotnet run -c Release --project bench/Blueprint.Bench.Analysis

## Regenerate the published national minimum data standard (docs/standard: pages, JSON Schema, CSV template).
standard:
	dotnet run --project src/Blueprint.Api -c $(CONFIG) -- standard write $(CURDIR)/docs/standard
