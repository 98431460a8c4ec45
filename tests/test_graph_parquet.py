"""Parquet graph folders: the same graph as graph.json, exact embeddings, same bytes, atomic, the same clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import KgError
from kg.graph import build_graph, graph_data, read_graph, write_graph
from kg.graph.parquet import MANIFEST
from tests.properties import property_settings
from tests.synthetic_graphs import synthetic_analyses

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "hf-trending-papers-apr22.txt"
THREE_PAPERS = REPO / "tests" / "data" / "graph" / "three_papers.jsonl"
SMALL_GRAPH = REPO / "tests" / "data" / "graph" / "small_graph.json"
HOSTILE_GRAPH = REPO / "tests" / "data" / "export" / "hostile.graph.json"


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seed listing built once with `kg build` as graph.json, and that graph written as graph.parquet."""
    folder = tmp_path_factory.mktemp("seed")
    result = CliRunner().invoke(main, ["build", str(SEED), "-o", str(folder / "graph.json")])
    assert result.exit_code == 0, result.output
    write_graph(read_graph(folder / "graph.json"), folder / "graph.parquet")
    return folder / "graph.json", folder / "graph.parquet"


def test_the_seed_graph_reads_back_from_parquet_as_from_its_graph_json(seed_files, tmp_path):
    json_file, parquet_folder = seed_files
    from_json, from_parquet = read_graph(json_file), read_graph(parquet_folder)
    assert graph_data(from_parquet) == graph_data(from_json)
    write_graph(from_parquet, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == json_file.read_bytes()


def test_paper_embeddings_are_float32_vectors_that_read_back_to_graph_json_values(seed_files):
    json_file, parquet_folder = seed_files
    table = pq.read_table(parquet_folder / "nodes_Paper.parquet")
    assert table.schema.field("embedding").type == pa.list_(pa.float32(), 384)
    paper = table["id"][0].as_py()
    in_json = read_graph(json_file).nodes[paper]["embedding"]
    assert table["embedding"][0].as_py() != in_json  # float32 alone differs in the last digits: reading rounds
    assert read_graph(parquet_folder).nodes[paper]["embedding"] == in_json


def test_a_graph_has_one_table_per_label_and_relationship_type(seed_files):
    json_file, parquet_folder = seed_files
    graph = read_graph(json_file)
    labels = {label for _, label in graph.nodes(data="label")}
    types = {kind for *_, kind in graph.edges(data="type")}
    assert sorted(path.name for path in parquet_folder.iterdir()) == sorted(
        [
            MANIFEST,
            *(f"nodes_{label}.parquet" for label in labels),
            *(f"relationships_{kind}.parquet" for kind in types),
        ]
    )
    assert json.loads((parquet_folder / MANIFEST).read_text(encoding="utf-8"))["graph"] == graph.graph


def test_the_same_graph_gives_the_same_files(seed_files, tmp_path):
    write_graph(read_graph(seed_files[0]), tmp_path / "again.parquet")
    for path in seed_files[1].iterdir():
        assert (tmp_path / "again.parquet" / path.name).read_bytes() == path.read_bytes(), path.name


def test_null_and_absent_attributes_stay_apart(tmp_path):
    graph = read_graph(SMALL_GRAPH)  # some papers have no embedding, others a null date
    write_graph(graph, tmp_path / "graph.parquet")
    back = read_graph(tmp_path / "graph.parquet")
    assert graph_data(back) == graph_data(graph)
    assert any("embedding" not in data for _, data in back.nodes(data=True) if data["label"] == "Paper")
    assert any(data.get("published", "") is None for _, data in back.nodes(data=True))


@property_settings(10)
@given(count=st.integers(1, 40), first=st.integers(0, 500), seed=st.integers(0, 2**16))
def test_any_synthetic_graph_reads_back_from_parquet_unchanged(tmp_path_factory, count, first, seed):
    graph = build_graph(synthetic_analyses(count, first, seed))
    folder = tmp_path_factory.mktemp("synthetic") / "graph.parquet"
    write_graph(graph, folder)
    assert graph_data(read_graph(folder)) == graph_data(graph)


def test_build_writes_a_parquet_folder_that_export_reads(tmp_path):
    output = tmp_path / "graph.parquet"
    result = CliRunner().invoke(main, ["build", str(THREE_PAPERS), "-o", str(output), "--top-n", "3"])
    assert result.exit_code == 0, result.output
    assert (output / MANIFEST).is_file() and (tmp_path / "graph.summary.txt").is_file()
    exported = CliRunner().invoke(main, ["export", str(output), "-o", str(tmp_path / "graph.graphml")])
    assert exported.exit_code == 0, exported.output
    assert f"wrote {read_graph(output).number_of_nodes()} nodes" in exported.output


def test_an_interrupted_write_leaves_the_previous_folder_and_no_temp_folder(tmp_path, monkeypatch):
    folder = tmp_path / "graph.parquet"
    write_graph(read_graph(SMALL_GRAPH), folder)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}

    def interrupted(*args, **kwargs):
        """Stand-in for ParquetWriter.write_table: Ctrl-C in the middle of writing a table."""
        raise KeyboardInterrupt

    monkeypatch.setattr(pq.ParquetWriter, "write_table", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_graph(read_graph(HOSTILE_GRAPH), folder)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    assert os.listdir(tmp_path) == ["graph.parquet"]


def test_a_folder_kg_did_not_write_is_never_replaced(tmp_path):
    folder = tmp_path / "photos.parquet"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"jpeg")
    with pytest.raises(KgError, match="photos.parquet exists and is not a kg export"):
        write_graph(read_graph(SMALL_GRAPH), folder)
    assert os.listdir(folder) == ["holiday.jpg"]


def test_nan_is_refused_when_writing_not_when_reading(tmp_path):
    graph = read_graph(SMALL_GRAPH)
    graph.nodes["Concept:reasoning"]["pagerank"] = float("nan")
    with pytest.raises(KgError, match="cannot write .*'pagerank' holds NaN"):
        write_graph(graph, tmp_path / "graph.parquet")
    assert os.listdir(tmp_path) == []


def _damage(folder: Path, how: str) -> None:
    """Damage a written Parquet graph in one of the ways the reading test names."""
    if how == "missing table":
        (folder / "nodes_Concept.parquet").unlink()
    elif how == "truncated table":
        table = folder / "relationships_MENTIONS.parquet"
        table.write_bytes(table.read_bytes()[:100])
    elif how == "manifest not JSON":
        (folder / MANIFEST).write_text("{", encoding="utf-8")
    elif how == "edge to a missing node":
        path = folder / "relationships_MENTIONS.parquet"
        table = pq.read_table(path)
        pq.write_table(table.set_column(1, "target", pa.array(["Concept:nowhere"] * len(table))), path)


@pytest.mark.parametrize(
    "how, message",
    [
        ("missing table", r"damaged kg graph file \(the table nodes_Concept.parquet is missing\)"),
        ("truncated table", r"damaged kg graph file \(the table relationships_MENTIONS.parquet is unreadable"),
        ("manifest not JSON", r"damaged kg graph file \(kg-graph.json is not JSON\)"),
        ("edge to a missing node", r"damaged kg graph file \(edge \d+ joins nodes the file does not hold\)"),
    ],
)
def test_reading_a_damaged_folder_is_one_line_naming_it(tmp_path, how, message):
    folder = tmp_path / "graph.parquet"
    write_graph(read_graph(SMALL_GRAPH), folder)
    _damage(folder, how)
    with pytest.raises(KgError, match=message) as raised:
        read_graph(folder)
    assert str(raised.value).startswith(str(folder)) and "\n" not in str(raised.value)


def test_reading_a_folder_of_another_schema_says_which_kg_wrote_it(tmp_path):
    folder = tmp_path / "graph.parquet"
    write_graph(read_graph(SMALL_GRAPH), folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["graph"].update(schema=99, kg_version="9.9.9")
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(KgError, match="schema 99.*9.9.9"):
        read_graph(folder)


def test_reading_a_missing_or_foreign_folder_says_how_to_make_one(tmp_path):
    with pytest.raises(KgError, match="no such file; build one with `kg build SOURCES -o"):
        read_graph(tmp_path / "graph.parquet")
    (tmp_path / "graph.parquet").mkdir()
    with pytest.raises(KgError, match="graph.parquet is not a kg graph file"):
        read_graph(tmp_path / "graph.parquet")


def test_without_pyarrow_asking_for_parquet_says_what_to_install(tmp_path):
    script = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "from click.testing import CliRunner\n"
        "from kg.cli import main\n"
        f"print(CliRunner().invoke(main, ['export', {str(tmp_path)!r} + '/graph.parquet', '-o', 'x.html']).output)\n"
    )
    (tmp_path / "graph.parquet").mkdir()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == (
        "Error: Parquet graphs need pyarrow: pip install 'kg[parquet]' (or use a .json graph file)"
    )
