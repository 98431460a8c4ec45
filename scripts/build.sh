#!/usr/bin/env bash
# Set up kg and build the knowledge graph of seeds/ into graph.json (+ graph.summary.txt);
# then load it into Neo4j when one answers (NEO4J_URI/NEO4J_PASSWORD, or the local server
# started by `kg neo4j start`). Extra arguments go to `kg build`.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${KG_VENV:-.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -e .
kg="$venv/bin/kg"

if [ -z "${NEO4J_URI:-}" ] && [ -f .neo4j/env ]; then
  set -a; . .neo4j/env; set +a
fi

"$kg" build seeds/ -o graph.json "$@"

if reason=$("$kg" ping 2>&1); then
  "$kg" load graph.json
else
  echo "not loading into Neo4j: ${reason#Error: }" >&2
  echo "start one (docker compose up -d, or $kg neo4j start), then: $kg load graph.json" >&2
fi
