"""Neo4j-facing exports against a real Neo4j 5.26: the CSV files through `neo4j-admin database import full`,
the `.cypher` script through the real cypher-shell, and Cypher literals through Neo4j's parser.

One scratch server (own home, free ports, shared jars) is imported from CSV before its first start;
its contents are then compared with what kg's loader and the cypher script produce in the same database.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from neo4j import Driver
from neo4j.time import Date

from kg.export import cypher_literal, import_command, write_csv, write_cypher
from kg.graph import read_graph
from kg.neo4j.loader import load_graph
from kg.neo4j.server.java import require_java
from kg.neo4j.server.local import LocalNeo4j
from kg.records import Label
from kg.sources.fields import valid_unicode
from tests.databases import scratch_driver, scratch_server, started
from tests.properties import property_settings

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent
GRAPH_FILE = REPO / "tests" / "data" / "export" / "hostile.graph.json"
CYPHER_SHELL_POM = REPO / "tests" / "data" / "export" / "cypher-shell" / "pom.xml"

Dump = dict[str, Any]


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return read_graph(GRAPH_FILE)


@pytest.fixture(scope="module")
def server(graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """A scratch Neo4j whose database was created by neo4j-admin from kg's CSV export, then started."""
    folder = tmp_path_factory.mktemp("export") / "csv"
    write_csv(graph, folder)
    scratch = scratch_server(tmp_path_factory.mktemp("neo4j-import-home"))
    command = import_command(folder)
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    result = scratch.admin(command[1:])
    assert result.returncode == 0, result.stdout[-3000:]
    with started(scratch):
        yield scratch


@pytest.fixture(scope="module")
def driver(server: LocalNeo4j) -> Iterator[Driver]:
    with scratch_driver(server) as scratch:
        yield scratch


def _dump(driver: Driver) -> Dump:
    """Every node by (label, key) and every relationship by (type, start key, end key), with properties
    (without `kg_load`: the stamp with which kg load and the cypher script mark what they wrote; dates as ISO text)."""
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties")
    relationships, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.key AS start, b.key AS end, properties(r) AS properties"
    )
    for record in (*nodes, *relationships):
        properties = record["properties"]
        properties.pop("kg_load", None)
        for name, value in properties.items():
            if isinstance(value, Date):  # a paper's ISO dates are stored as dates: compare them as graph.json has them
                properties[name] = value.iso_format()
    return {
        "nodes": {(record["labels"][0], record["properties"]["key"]): record["properties"] for record in nodes},
        "labels": Counter(tuple(record["labels"]) for record in nodes),
        "relationships": {
            (record["type"], record["start"], record["end"]): record["properties"] for record in relationships
        },
    }


def _wipe(driver: Driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")


@pytest.fixture(scope="module")
def csv_dump(driver: Driver) -> Dump:
    """The database as neo4j-admin imported it (taken before anything else touches it)."""
    return _dump(driver)


@pytest.fixture(scope="module")
def loader_dump(driver: Driver, server: LocalNeo4j, graph: nx.MultiDiGraph, csv_dump: Dump) -> Dump:
    """The same database after a wipe and `kg load` of the same graph."""
    _wipe(driver)
    load_graph(graph, server.settings())
    return _dump(driver)


@pytest.fixture(scope="module")
def cypher_shell(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that runs Neo4j's real cypher-shell (resolved from Maven Central once, then cached)."""
    lib = Path(os.environ.get("KG_CYPHER_SHELL_LIB") or REPO / ".neo4j" / "cypher-shell-lib")
    if not (lib / ".complete").is_file():
        mvn = shutil.which("mvn")
        assert mvn, "Maven (mvn) is needed to fetch cypher-shell from Maven Central"
        staging = lib.with_name(lib.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "-f",
                str(CYPHER_SHELL_POM),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={staging}",
            ],
            check=True,
            capture_output=True,
        )
        (staging / ".complete").touch()
        shutil.rmtree(lib, ignore_errors=True)
        staging.rename(lib)
    return [require_java(), "-cp", f"{lib}/*", "org.neo4j.shell.Main"]


def _run_script(cypher_shell: list[str], server: LocalNeo4j, script: Path) -> None:
    """Run `script` with cypher-shell as `cypher-shell -f` would; the password travels in the environment."""
    environment = {**os.environ, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": server.stored_password() or ""}
    result = subprocess.run(
        [*cypher_shell, "-a", server.bolt_uri, "--format", "plain", "--fail-fast", "-f", str(script)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


@pytest.fixture(scope="module")
def script_dumps(
    driver: Driver,
    server: LocalNeo4j,
    graph: nx.MultiDiGraph,
    cypher_shell: list[str],
    loader_dump: Dump,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Dump, Dump]:
    """The database after a wipe and the exported script run by cypher-shell, then after running it again."""
    script = tmp_path_factory.mktemp("cypher") / "graph.cypher"
    write_cypher(graph, script, batch_size=2)
    _wipe(driver)
    _run_script(cypher_shell, server, script)
    first = _dump(driver)
    _run_script(cypher_shell, server, script)
    return first, _dump(driver)


def _expected_counts(graph: nx.MultiDiGraph) -> tuple[Counter[tuple[str, ...]], Counter[str]]:
    labels = Counter((data["label"],) for _, data in graph.nodes(data=True))
    return labels, Counter(kind for *_, kind in graph.edges(data="type"))


def _assert_same_as_graph(dump: Dump, graph: nx.MultiDiGraph, empty_lists_kept: bool) -> None:
    """Every node and relationship property equals the graph's (embeddings to float32 precision)."""
    labels, types = _expected_counts(graph)
    assert dump["labels"] == labels
    assert Counter(kind for kind, _, _ in dump["relationships"]) == types
    for _, data in graph.nodes(data=True):
        stored = dict(dump["nodes"][(data["label"], data["key"])])
        expected = {
            name: value
            for name, value in data.items()
            if name != "label" and value is not None and (empty_lists_kept or value != [])
        }
        assert stored.pop("embedding", None) == pytest.approx(expected.pop("embedding", None), abs=1e-6)
        assert stored == expected
    for source, target, data in graph.edges(data=True):
        key = (data["type"], graph.nodes[source]["key"], graph.nodes[target]["key"])
        assert dump["relationships"][key] == {name: value for name, value in data.items() if name != "type"}


def test_csv_import_gives_the_graph_node_and_relationship_counts_per_label_and_type(
    csv_dump: Dump, graph: nx.MultiDiGraph
) -> None:
    labels, types = _expected_counts(graph)
    assert csv_dump["labels"] == labels
    assert Counter(kind for kind, _, _ in csv_dump["relationships"]) == types


def test_csv_import_keeps_every_property_verbatim_including_quotes_newlines_and_backslashes(
    csv_dump: Dump, graph: nx.MultiDiGraph
) -> None:
    _assert_same_as_graph(csv_dump, graph, empty_lists_kept=False)
    hostile = next(data for _, data in graph.nodes(data=True) if "<script>" in data["name"])
    assert csv_dump["nodes"][("Paper", hostile["key"])]["abstract"] == hostile["abstract"]


def test_csv_import_equals_what_kg_load_writes_except_empty_lists(csv_dump: Dump, loader_dump: Dump) -> None:
    assert csv_dump["labels"] == loader_dump["labels"]
    assert csv_dump["relationships"] == loader_dump["relationships"]
    for key, properties in loader_dump["nodes"].items():
        kept = {name: value for name, value in properties.items() if value != []}
        assert csv_dump["nodes"][key] == kept


def test_cypher_script_run_by_cypher_shell_recreates_what_kg_load_writes(
    script_dumps: tuple[Dump, Dump], loader_dump: Dump, graph: nx.MultiDiGraph
) -> None:
    first, _ = script_dumps
    _assert_same_as_graph(first, graph, empty_lists_kept=True)
    assert first == loader_dump


def test_cypher_script_run_twice_changes_nothing(script_dumps: tuple[Dump, Dump]) -> None:
    first, second = script_dumps
    assert second == first


def test_cypher_script_creates_kg_schema(
    script_dumps: tuple[Dump, Dump], driver: Driver, graph: nx.MultiDiGraph
) -> None:
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes[0] AS label, properties"
    )
    assert {record["label"] for record in records if record["properties"] == ["key"]} >= set(Label)
    records, _, _ = driver.execute_query(
        "SHOW VECTOR INDEXES YIELD options RETURN options.indexConfig['vector.dimensions'] AS dimensions"
    )
    assert [record["dimensions"] for record in records] == [len(graph.nodes["Paper:2504.13519"]["embedding"])]


_SAFE_FLOATS = st.floats(allow_nan=False, allow_infinity=False)
_INTEGERS = st.integers(min_value=-(2**63), max_value=2**63 - 1)
_MAP_KEYS = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=8)
_TEXT_WITHOUT_NUL = st.text(alphabet=st.characters(blacklist_characters="\x00"))  # NUL: see the test below
_VALUES = st.recursive(
    st.none() | st.booleans() | _INTEGERS | _SAFE_FLOATS | _TEXT_WITHOUT_NUL,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_MAP_KEYS, children, max_size=4),
    max_leaves=12,
)


# Any code point, lone surrogates included: a Python string may hold them, and hypothesis found one.
_ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()))


def _as_stored(text: str) -> str:
    """What Neo4j holds for a literal of `text`: NUL and lone surrogates become U+FFFD, the rest verbatim."""
    return valid_unicode(text).replace("\x00", "\ufffd")


@property_settings(300, slow=True)
@given(text=_ANY_TEXT)
@example(text="\ud800")  # found by hypothesis: a lone surrogate came back as "?"
@example(text="a\udfffb\U0001f600")
def test_any_string_literal_round_trips_through_neo4j_verbatim_except_nul_and_lone_surrogates(
    driver: Driver, text: str
) -> None:
    records, _, _ = driver.execute_query(f"RETURN {cypher_literal(text)} AS value")
    assert records[0]["value"] == _as_stored(text)


def test_nul_becomes_the_replacement_character_because_cypher_shell_params_keep_its_escape_literally() -> None:
    assert cypher_literal("a\x00b") == "'a\\uFFFDb'"


@property_settings(200, slow=True)
@given(value=_VALUES)
def test_any_nested_literal_round_trips_through_neo4j(driver: Driver, value: Any) -> None:
    records, _, _ = driver.execute_query(f"RETURN {cypher_literal(value)} AS value")
    assert _same(records[0]["value"], value)


@pytest.mark.parametrize("key", ["\\u", "\\u0000", "a\\b", "\\", "`\\u0041`"])
def test_a_map_key_with_a_backslash_is_not_read_as_a_unicode_escape(driver: Driver, key: str) -> None:
    records, _, _ = driver.execute_query(f"RETURN {cypher_literal({key: 1})} AS value")
    assert records[0]["value"] == {key: 1}


def _same(stored: Any, expected: Any) -> bool:
    """Equal, with floats compared exactly but -0.0 == 0.0 and tuples as lists."""
    if isinstance(expected, float):
        return isinstance(stored, float) and (stored == expected or (math.isnan(stored) and math.isnan(expected)))
    if isinstance(expected, list):
        return isinstance(stored, list) and len(stored) == len(expected) and all(map(_same, stored, expected))
    if isinstance(expected, dict):
        return (
            isinstance(stored, dict)
            and stored.keys() == expected.keys()
            and all(_same(stored[k], expected[k]) for k in expected)
        )
    return type(stored) is type(expected) and stored == expected


@property_settings(4, slow=True)
@given(texts=st.lists(_ANY_TEXT, min_size=1, max_size=60))
@example(texts=["\ud800", "\x00", "'\\u0041"])
def test_any_strings_in_a_param_line_round_trip_through_cypher_shell(
    texts: list[str],
    cypher_shell: list[str],
    server: LocalNeo4j,
    driver: Driver,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    script = tmp_path_factory.mktemp("probe") / "probe.cypher"
    script.write_text(
        f":param texts => {cypher_literal(texts)}\n"
        "UNWIND range(0, size($texts) - 1) AS i CREATE (:KgLiteralProbe {i: i, text: $texts[i]});\n",
        encoding="ascii",
    )
    try:
        _run_script(cypher_shell, server, script)
        records, _, _ = driver.execute_query("MATCH (p:KgLiteralProbe) RETURN p.text AS text ORDER BY p.i")
        assert [record["text"] for record in records] == [_as_stored(text) for text in texts]
    finally:
        driver.execute_query("MATCH (p:KgLiteralProbe) DELETE p")
