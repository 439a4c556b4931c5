# Blueprint: the two commands are `make start` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
URLS ?= http://localhost:5080
CONFIG ?= Release

.PHONY: help start test build web test-dotnet test-web bench-api bench-ingest bench-abuse bench-web bench-freshness bench-freshness-hosts bench-telemetry bench-analysis standard

help:
	@echo "make start   build everything and start Blueprint on $(URLS) (SQLite file, sample data)"
	@echo "make test    install what the tests need, build, and run every test"

## Start the whole product on the embedded default (SQLite under local-data/, created, migrated and seeded on first run).
start: web
	dotnet run --project src/Blueprint.Api -c $(CONFIG) --urls $(URLS)

## Every test: .NET unit and integration tests, then the front end's unit and browser tests.
test: build test-dotnet test-web

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

test-web: web
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
