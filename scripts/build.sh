#!/usr/bin/env bash
# Set up kg and build the knowledge graph of seeds/ into graph.json (+ graph.summary.txt);
# write the HTML view graph.html; then load it into Neo4j: the one NEO4J_URI/NEO4J_PASSWORD name,
# else a server that answers (docker compose up -d), else kg's own local server, started here when
# Java and Maven are present. Extra arguments go to `kg build`.
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
"$kg" export graph.json -o graph.html   # something to look at, with or without Neo4j

# No Neo4j answering and none configured: start kg's own local server when Java and Maven are here.
if [ -z "${NEO4J_URI:-}" ] && ! "$kg" ping >/dev/null 2>&1 && command -v java >/dev/null && command -v mvn >/dev/null; then
  "$kg" neo4j start
  set -a; . .neo4j/env; set +a
fi

if reason=$("$kg" ping 2>&1); then
  "$kg" load graph.json
  echo "explore it in Neo4j Browser (http://localhost:7474/browser/ for docker compose; kg's local server" \
    "prints its URL above, user neo4j, password in .neo4j/env, and opens kg's style and guide there;" \
    "with docker compose drag cypher/kg.grass onto Browser for kg's style)" >&2
else
  echo "not loading into Neo4j: ${reason#Error: }" >&2
  echo "start one (docker compose up -d, or $kg neo4j start), then: $kg load graph.json" >&2
fi
echo "graph view: open graph.html in a browser" >&2
