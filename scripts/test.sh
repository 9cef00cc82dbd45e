#!/usr/bin/env bash
# Sets up, starts a real Neo4j server, runs lint, types and every test, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev
export PYTHON=.venv/bin/python

started=""
cleanup() { [ -n "$started" ] && scripts/neo4j.sh stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
if ! url=$(scripts/neo4j.sh status 2>/dev/null | tail -n 1); then
  url=$(scripts/neo4j.sh start | tail -n 1)
  started=yes
fi
export TRADEGRAPH_TEST_NEO4J="$url" TRADEGRAPH_REQUIRE_NEO4J=1

.venv/bin/ruff check .
.venv/bin/mypy .
.venv/bin/python -m pytest -q "$@"
