"""The `.cypher` export without Neo4j: literal escaping, statement order and batching.

Running the script and the literals for real is in test_export_neo4j.py (cypher-shell and Neo4j's parser).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import KgError
from kg.export import cypher_literal, write_cypher
from kg.export.cypher_script import cypher_identifier
from kg.graph import read_graph
from kg.neo4j.cypher import MERGE_NODES, MERGE_RELATIONSHIPS
from kg.neo4j.library import library_dir, read_cypher_file

GRAPH_FILE = Path(__file__).parent / "data" / "export" / "hostile.graph.json"
SCHEMA = read_cypher_file(library_dir() / "schema.cypher")
QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'")  # a single-quoted literal in which every quote and backslash is escaped


@pytest.fixture()
def graph() -> nx.MultiDiGraph:
    return read_graph(GRAPH_FILE)


@given(st.text())
def test_string_literals_are_printable_ascii_and_cannot_end_early(text: str) -> None:
    literal = cypher_literal(text)
    assert QUOTED.fullmatch(literal)
    assert all(" " <= character <= "~" for character in literal)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1))
def test_identifiers_are_plain_or_backticked_with_backticks_doubled_and_backslashes_escaped(name: str) -> None:
    identifier = cypher_identifier(name)
    inner = identifier[1:-1].replace("``", "`").replace("\\u005C", "\\")
    assert identifier == name or (identifier.startswith("`") and identifier.endswith("`") and inner == name)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 2**63, -(2**63) - 1, object(), b"bytes"])
def test_values_without_a_cypher_literal_are_errors(value: object) -> None:
    with pytest.raises(KgError):
        cypher_literal(value)


def test_script_creates_the_schema_first_then_nodes_then_relationships(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_cypher(graph, tmp_path / "g.cypher")
    text = (tmp_path / "g.cypher").read_text(encoding="ascii")
    statements = [
        statement.strip()
        for statement in re.split(r";\n", re.sub(r"(?m)^(//|:param).*\n", "", text))
        if statement.strip()
    ]
    phase_of = {**{merge: 1 for merge in MERGE_NODES.values()}, **{merge: 2 for merge in MERGE_RELATIONSHIPS.values()}}
    phases = [0 if statement in SCHEMA.statements else phase_of[statement] for statement in statements]
    assert phases == sorted(phases) and set(phases) == {0, 1, 2}
    assert phases.count(0) == len(SCHEMA.statements)
    dimensions = {len(vector) for _, vector in graph.nodes(data="embedding") if vector}
    assert f":param dimensions => {dimensions.pop()}\n" in text


def test_script_sends_rows_in_batches_each_followed_by_its_merge(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_cypher(graph, tmp_path / "g.cypher", batch_size=2)
    lines = (tmp_path / "g.cypher").read_text(encoding="ascii").splitlines()
    batches = [index for index, line in enumerate(lines) if line.startswith(":param rows => ")]
    assert all(lines[index + 1] == "UNWIND $rows AS row" for index in batches)
    sizes = [
        *Counter(data["label"] for _, data in graph.nodes(data=True)).values(),
        *Counter(t for *_, t in graph.edges(data="type")).values(),
    ]
    assert len(batches) == sum(math.ceil(size / 2) for size in sizes)


def test_script_without_embeddings_sends_no_vectors(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_cypher(graph, tmp_path / "g.cypher", embeddings=False)
    text = (tmp_path / "g.cypher").read_text(encoding="ascii")
    assert "embedding: [" not in text
    assert f":param dimensions => {SCHEMA.params['dimensions']}\n" in text  # cypher/schema.cypher's default size


def test_batch_size_below_one_is_an_error(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(KgError, match="batch size"):
        write_cypher(graph, tmp_path / "g.cypher", batch_size=0)
