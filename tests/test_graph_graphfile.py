"""graph.json reading and writing: atomic replacement, clear errors on files that are not kg graphs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import KgError
from kg.graph import graph_data, read_graph, write_graph

SMALL_GRAPH = Path(__file__).parent / "data" / "graph" / "small_graph.json"


def test_a_failed_write_leaves_the_previous_file_and_no_temp_file(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text("previous", encoding="utf-8")
    graph = read_graph(SMALL_GRAPH)
    graph.nodes["Concept:reasoning"]["pagerank"] = float("nan")
    with pytest.raises(KgError, match="cannot write"):
        write_graph(graph, path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["graph.json"]


def test_an_interrupted_write_leaves_the_previous_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "graph.json"
    path.write_text("previous", encoding="utf-8")

    def interrupted(*args, **kwargs):
        """Stand-in for json.dumps: Ctrl-C in the middle of writing."""
        raise KeyboardInterrupt

    monkeypatch.setattr(json, "dumps", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_graph(read_graph(SMALL_GRAPH), path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["graph.json"]


def test_written_files_get_ordinary_permissions(tmp_path):
    path = tmp_path / "graph.json"
    write_graph(read_graph(SMALL_GRAPH), path)
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_writing_into_a_missing_folder_is_a_one_line_error(tmp_path):
    with pytest.raises(KgError, match="folder does not exist"):
        write_graph(read_graph(SMALL_GRAPH), tmp_path / "missing" / "graph.json")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b'{"nodes": [], "edges": [',
        b"[1, 2, 3]",
        json.dumps(nx.node_link_data(nx.MultiDiGraph(), edges="edges")).encode(),
    ],
    ids=["empty", "binary", "truncated", "not-an-object", "plain-networkx"],
)
def test_reading_a_file_that_is_not_a_kg_graph_names_it(tmp_path, content):
    path = tmp_path / "not-a-graph.json"
    path.write_bytes(content)
    with pytest.raises(KgError, match="not-a-graph.json is not a kg graph file"):
        read_graph(path)


def test_reading_a_graph_of_another_schema_says_which_kg_wrote_it(tmp_path):
    data = json.loads(SMALL_GRAPH.read_text(encoding="utf-8"))
    data["graph"].update(schema=99, kg_version="9.9.9")
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KgError, match="schema 99.*9.9.9"):
        read_graph(path)


def test_reading_a_missing_file_says_how_to_make_one(tmp_path):
    with pytest.raises(KgError, match="no such file; build one with `kg build"):
        read_graph(tmp_path / "graph.json")


def test_graph_json_is_exactly_compact_sorted_json(tmp_path):
    path = tmp_path / "graph.json"
    graph = read_graph(SMALL_GRAPH)
    write_graph(graph, path)
    expected = json.dumps(graph_data(graph), sort_keys=True, separators=(",", ":")) + "\n"
    assert path.read_text(encoding="utf-8") == expected
