#!/usr/bin/env bash
# Set up and run kg's tests: a virtualenv with the test extras, a local Neo4j when NEO4J_URI
# is not set (a fresh database in .neo4j/test, on free ports), pytest, then stop that Neo4j
# again, also when tests fail. Extra arguments go to pytest (e.g. -k loader, -m "not neo4j").
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${KG_VENV:-.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -e '.[test]'
kg="$venv/bin/kg"

if [ -z "${NEO4J_URI:-}" ]; then
  home="$PWD/.neo4j/test"
  export KG_NEO4J_LIB="$PWD/.neo4j/lib"   # jars shared with the default .neo4j home
  "$kg" neo4j stop --home "$home" >/dev/null 2>&1 || true   # a leftover from an interrupted run
  rm -rf "$home"                          # a fresh database for every run
  trap '"$kg" neo4j stop --home "$home" || true' EXIT
  "$kg" neo4j start --home "$home" --bolt-port 0 --http-port 0
  set -a; . "$home/env"; set +a
fi

"$venv/bin/python" -m pytest "$@"
