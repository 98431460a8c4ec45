"""`kg export`: every format from the command line, format from the suffix, one-line errors, atomic output."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import EXPORT_FORMATS, import_command, read_csv, read_gexf, read_graphml, read_html
from kg.graph import read_graph

GRAPH_FILE = Path(__file__).parent / "data" / "export" / "hostile.graph.json"
READERS = {"graphml": read_graphml, "gexf": read_gexf, "csv": read_csv, "html": read_html}


@pytest.mark.parametrize(
    ("output", "export_format"),
    [("g.graphml", "graphml"), ("g.gexf", "gexf"), ("import", "csv"), ("g.cypher", "cypher"), ("g.html", "html")],
)
def test_export_infers_the_format_from_the_output_suffix(tmp_path: Path, output: str, export_format: str) -> None:
    graph = read_graph(GRAPH_FILE)
    result = CliRunner().invoke(main, ["export", str(GRAPH_FILE), "-o", str(tmp_path / output)])
    assert result.exit_code == 0, result.output
    assert (
        f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships as {export_format}"
        in result.output
    )
    if export_format in READERS:
        reread = READERS[export_format](tmp_path / output)
        assert (reread.number_of_nodes(), reread.number_of_edges()) == (
            graph.number_of_nodes(),
            graph.number_of_edges(),
        )
    assert sorted(path.name for path in tmp_path.iterdir()) == [output]


def test_csv_export_prints_the_exact_neo4j_admin_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(GRAPH_FILE), "--format", "csv", "-o", str(tmp_path / "out.d")])
    assert result.exit_code == 0, result.output
    printed = result.output.strip().splitlines()[-1].strip()
    assert shlex.split(printed) == import_command(tmp_path / "out.d")
    assert "--multiline-fields=true" in printed and "--array-delimiter=U+001F" in printed


def test_format_option_overrides_the_suffix_and_embeddings_switch_applies(tmp_path: Path) -> None:
    target = tmp_path / "graph.xml"
    result = CliRunner().invoke(
        main, ["export", str(GRAPH_FILE), "--format", "graphml", "--embeddings", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert all(data.get("embedding") for _, data in read_graphml(target).nodes(data=True) if data["label"] == "Paper")
    result = CliRunner().invoke(
        main, ["export", str(GRAPH_FILE), "--format", "cypher", "--no-embeddings", "-o", str(tmp_path / "g.cypher")]
    )
    assert result.exit_code == 0, result.output
    assert (
        "setNodeVectorProperty" in (tmp_path / "g.cypher").read_text()
        and "embedding:" not in (tmp_path / "g.cypher").read_text()
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "graph.txt"], "cannot tell the export format"),
        (["-o", "g.html", "--embeddings"], "never includes embeddings"),
        (["--format", "csv", "-o", "."], "is not a kg export"),
    ],
)
def test_bad_requests_are_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("mine")
    result = CliRunner().invoke(main, ["export", str(GRAPH_FILE), *arguments])
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["keep.txt"]


def test_a_file_that_is_not_a_kg_graph_is_a_one_line_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text("[1, 2, 3]")
    result = CliRunner().invoke(main, ["export", str(bogus), "-o", str(tmp_path / "g.html")])
    assert result.exit_code == 1
    assert "not a kg graph file" in result.output
    assert not (tmp_path / "g.html").exists()


@pytest.mark.parametrize("export_format", list(EXPORT_FORMATS))
def test_a_graph_missing_contract_attributes_is_a_one_line_error(tmp_path: Path, export_format: str) -> None:
    damaged = tmp_path / "damaged.json"
    damaged.write_text(GRAPH_FILE.read_text(encoding="utf-8").replace('"label":', '"labels":'), encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(damaged), "--format", export_format, "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "lacks the attribute 'label'" in result.output and "Traceback" not in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["damaged.json"]


def test_every_format_is_reachable_from_the_cli() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    for name in EXPORT_FORMATS:
        assert name in result.output
