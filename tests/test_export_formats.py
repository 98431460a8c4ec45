"""File exports without Neo4j or a browser: each format re-reads to the same graph, text survives verbatim,
outputs are atomic and the formats carry what Gephi, yEd and neo4j-admin need."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.errors import KgError
from kg.export import (
    infer_format,
    read_csv,
    read_gexf,
    read_graphml,
    read_html,
    write_csv,
    write_cypher,
    write_gexf,
    write_graphml,
    write_html,
)
from kg.export.admin_csv import MANIFEST
from kg.export.html import embedded_json
from kg.export.palette import label_colours
from kg.graph import read_graph
from kg.records import Label

GRAPH_FILE = Path(__file__).parent / "data" / "export" / "hostile.graph.json"


@pytest.fixture()
def graph() -> nx.MultiDiGraph:
    return read_graph(GRAPH_FILE)


def _nodes(graph: nx.MultiDiGraph, drop: set[str] = frozenset()) -> dict[str, dict[str, Any]]:
    """Node attributes without None values (no file format stores null) and without `drop`."""
    return {
        node: {name: value for name, value in data.items() if value is not None and name not in drop}
        for node, data in graph.nodes(data=True)
    }


def _edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted(graph.edges(keys=True, data=True))


@pytest.mark.parametrize(
    ("write", "read", "name"), [(write_graphml, read_graphml, "g.graphml"), (write_gexf, read_gexf, "g.gexf")]
)
def test_xml_formats_reread_to_the_same_nodes_edges_and_text(
    graph: nx.MultiDiGraph, tmp_path: Path, write: Callable[..., None], read: Callable[..., nx.MultiDiGraph], name: str
) -> None:
    write(graph, tmp_path / name, embeddings=True)
    reread = read(tmp_path / name)
    assert (reread.number_of_nodes(), reread.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert _nodes(reread) == _nodes(graph)
    assert _edges(reread) == _edges(graph)


@pytest.mark.parametrize(
    ("write", "read", "name"), [(write_graphml, read_graphml, "g.graphml"), (write_gexf, read_gexf, "g.gexf")]
)
def test_xml_formats_leave_embeddings_out_by_default(
    graph: nx.MultiDiGraph, tmp_path: Path, write: Callable[..., None], read: Callable[..., nx.MultiDiGraph], name: str
) -> None:
    write(graph, tmp_path / name)
    assert "embedding" not in (tmp_path / name).read_text(encoding="utf-8")
    assert _nodes(read(tmp_path / name)) == _nodes(graph, drop={"embedding"})


def test_graphml_keeps_graph_metadata_and_shows_names_with_a_kind_to_colour_by(
    graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    write_graphml(graph, tmp_path / "g.graphml")
    assert read_graphml(tmp_path / "g.graphml").graph == graph.graph
    namespace = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ElementTree.parse(tmp_path / "g.graphml").getroot()
    keys = {(key.get("for"), key.get("attr.name")): key.get("id") for key in root.iterfind("g:key", namespace)}
    for element in root.iterfind("g:graph/g:node", namespace):
        values = {data.get("key"): data.text for data in element.iterfind("g:data", namespace)}
        node = graph.nodes[element.get("id")]
        assert values[keys[("node", "label")]] == node["name"]
        assert values[keys[("node", "kind")]] == node["label"]
        assert json.loads(values[keys[("node", "aliases")]]) == node["aliases"]


def test_gexf_colours_each_node_by_its_label(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_gexf(graph, tmp_path / "g.gexf")
    colours = label_colours(label for _, label in graph.nodes(data="label"))
    viz = "{http://www.gexf.net/1.2draft/viz}color"
    root = ElementTree.parse(tmp_path / "g.gexf").getroot()
    nodes = list(root.iter("{http://www.gexf.net/1.2draft}node"))
    assert len(nodes) == graph.number_of_nodes()
    for element in nodes:
        colour = element.find(viz)
        assert colour is not None
        rgb = "#" + "".join(f"{int(colour.get(channel)):02x}" for channel in "rgb")
        assert rgb == colours[graph.nodes[element.get("id")]["label"]]
        assert element.get("label") == graph.nodes[element.get("id")]["name"]


@pytest.mark.parametrize("write", [write_graphml, write_gexf])
def test_xml_formats_replace_characters_xml_cannot_hold(
    graph: nx.MultiDiGraph, tmp_path: Path, write: Callable[..., None]
) -> None:
    graph.nodes["Dataset:hotpotqa"]["name"] = "Hotpot\x00QA\x1f\ufffe"
    write(graph, tmp_path / "g.xml")
    ElementTree.parse(tmp_path / "g.xml")  # well-formed
    reader = read_graphml if write is write_graphml else read_gexf
    assert reader(tmp_path / "g.xml").nodes["Dataset:hotpotqa"]["name"] == "Hotpot\ufffdQA\ufffd\ufffd"


def test_csv_rereads_to_the_same_graph_except_empty_lists(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_csv(graph, tmp_path / "csv")
    reread = read_csv(tmp_path / "csv")
    expected = {
        node: {name: value for name, value in data.items() if value != []} for node, data in _nodes(graph).items()
    }
    assert _nodes(reread) == expected
    assert _edges(reread) == _edges(graph)
    assert reread.graph == graph.graph


def test_csv_headers_use_one_id_space_per_label_and_typed_columns(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_csv(graph, tmp_path / "csv")
    manifest = json.loads((tmp_path / "csv" / MANIFEST).read_text())
    headers = {
        name: (tmp_path / "csv" / name).read_text().split("\n", 1)[0].split(",") for name in _csv_files(manifest)
    }
    assert headers["nodes_Paper.csv"][:3] == ["key:ID(Paper)", ":LABEL", "name"]
    assert {
        "pagerank:double",
        "degree:long",
        "community:long",
        "aliases:string[]",
        "authors:string[]",
        "embedding:float[]",
        "title",
    } <= set(headers["nodes_Paper.csv"])
    assert headers["nodes_Concept.csv"][0] == "key:ID(Concept)"
    assert headers["relationships_MENTIONS.csv"] == [
        ":START_ID(Paper)",
        ":END_ID(Concept)",
        ":TYPE",
        "evidence",
        "score:double",
    ]
    assert headers["relationships_RELATED_TO.csv"] == [":START_ID(Concept)", ":END_ID(Concept)", ":TYPE", "weight:long"]
    labels = {label for _, label in graph.nodes(data="label")}
    types = {kind for *_, kind in graph.edges(data="type")}
    assert set(manifest["nodes"]) == labels
    assert {group["type"] for group in manifest["relationships"]} == types


def _csv_files(manifest: dict[str, Any]) -> list[str]:
    return [*manifest["nodes"].values(), *(group["file"] for group in manifest["relationships"])]


def test_csv_text_reads_back_verbatim_with_a_standard_csv_parser(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_csv(graph, tmp_path / "csv")
    with (tmp_path / "csv" / "relationships_MENTIONS.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    evidence = sorted(row["evidence"] for row in rows)
    expected = sorted(data["evidence"] for *_, data in graph.edges(data=True) if data["type"] == "MENTIONS")
    assert evidence == expected
    assert any('"' in text and "\\" in text and "\r\n" in text for text in evidence)


def test_csv_refuses_an_array_item_containing_its_delimiter(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    graph.nodes["Method:rewoo"]["aliases"] = ["Re\x1fWOO"]
    with pytest.raises(KgError, match="U\\+001F"):
        write_csv(graph, tmp_path / "csv")
    assert not (tmp_path / "csv").exists()
    assert list(tmp_path.iterdir()) == []


def test_csv_refuses_a_column_mixing_types(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    graph.nodes["Method:rewoo"]["degree"] = "many"
    with pytest.raises(KgError, match="'degree'"):
        write_csv(graph, tmp_path / "csv")


def test_csv_replaces_its_own_previous_export_but_never_another_folder(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    target = tmp_path / "csv"
    write_csv(graph, target)
    graph.remove_node("Dataset:hotpotqa")
    write_csv(graph, target)
    assert read_csv(target).number_of_nodes() == graph.number_of_nodes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["csv"]
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    with pytest.raises(KgError, match="not a kg export"):
        write_csv(graph, precious)
    assert (precious / "thesis.tex").read_text() == "years of work"


def test_failed_export_leaves_the_previous_file_intact(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    target = tmp_path / "graph.cypher"
    write_cypher(graph, target)
    before = target.read_bytes()
    graph.nodes["Method:rewoo"]["score"] = float("nan")
    with pytest.raises(KgError, match="nan"):
        write_cypher(graph, target)
    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["graph.cypher"]


def test_html_embeds_every_node_and_edge_without_embeddings(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_html(graph, tmp_path / "g.html")
    reread = read_html(tmp_path / "g.html")
    assert _nodes(reread) == _nodes(graph, drop={"embedding"})
    assert _edges(reread) == _edges(graph)


def test_html_data_block_holds_no_character_that_could_end_it(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_html(graph, tmp_path / "g.html")
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.DOTALL)
    assert block is not None
    assert not set(block.group(1)) & {"<", ">", "&", "\u2028", "\u2029"}
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert json.loads(block.group(1))["nodes"][0]["id"] == sorted(graph.nodes)[0]


def test_embedded_json_escapes_markup_but_decodes_to_the_same_value() -> None:
    value = {"t": "</script><!-- & \u2028\u2029 > <"}
    text = embedded_json(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


def test_html_page_loads_nothing_from_the_network(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_html(graph, tmp_path / "g.html")
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    markup = re.sub(r'<script type="application/json" id="kg-data">.*?</script>', "", page, flags=re.DOTALL)
    assert not re.search(r"\b(src|href)\s*=", markup)
    assert not re.search(r"<(link|img|iframe|object|embed)\b", markup)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None and "default-src 'none'" in policy.group(1)


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("g.graphml", "graphml"),
        ("G.GEXF", "gexf"),
        ("out/neo4j-import", "csv"),
        ("x.csv", "csv"),
        ("g.cypher", "cypher"),
        ("g.cql", "cypher"),
        ("g.html", "html"),
        ("g.htm", "html"),
    ],
)
def test_format_follows_the_output_suffix(output: str, expected: str) -> None:
    assert infer_format(output) == expected


def test_an_unknown_suffix_asks_for_format() -> None:
    with pytest.raises(KgError, match="--format"):
        infer_format("graph.txt")


def test_interrupt_while_writing_a_csv_folder_keeps_the_previous_export(
    graph: nx.MultiDiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.export.admin_csv as admin_csv

    target = tmp_path / "csv"
    write_csv(graph, target)
    before = {path.name: path.read_bytes() for path in target.iterdir()}
    write_file = admin_csv._write_file
    calls = []

    def interrupted_after_two_files(*arguments: Any) -> None:
        calls.append(arguments)
        if len(calls) > 2:
            raise KeyboardInterrupt
        write_file(*arguments)

    monkeypatch.setattr(admin_csv, "_write_file", interrupted_after_two_files)
    with pytest.raises(KeyboardInterrupt):
        write_csv(graph, target)
    assert {path.name: path.read_bytes() for path in target.iterdir()} == before
    assert [path.name for path in tmp_path.iterdir()] == ["csv"]


def test_interrupt_while_writing_a_file_keeps_the_previous_export(
    graph: nx.MultiDiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.export.cypher_script as cypher_script

    target = tmp_path / "graph.cypher"
    write_cypher(graph, target)
    before = target.read_bytes()
    write_batches = cypher_script._write_batches

    def interrupted_after_the_nodes(out: Any, groups: Any, batch_size: int) -> None:
        node_groups = [group for group in groups if isinstance(group.kind, Label)]
        write_batches(out, node_groups, batch_size)
        raise KeyboardInterrupt

    monkeypatch.setattr(cypher_script, "_write_batches", interrupted_after_the_nodes)
    with pytest.raises(KeyboardInterrupt):
        write_cypher(graph, target)
    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["graph.cypher"]
