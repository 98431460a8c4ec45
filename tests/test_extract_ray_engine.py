"""`kg build --engine ray` on a local Ray cluster of 2 workers gives the graph a local build gives."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.graph import read_graph

REPO = Path(__file__).resolve().parents[1]
ABSTRACTS = REPO / "tests" / "data" / "scale" / "arxiv_2025-04_first1000.jsonl.gz"  # the first 1,000 of the shared file


def build(tmp_path: Path, name: str, *options: str) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """Build the seed listing and 1,000 arXiv abstracts, cold (no cache); the graph's nodes and relationships."""
    output = tmp_path / f"{name}.json"
    arguments = ["build", str(REPO / "seeds"), str(ABSTRACTS), "-o", str(output), "--no-cache", *options]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    graph = read_graph(output)
    nodes = {(data["label"], data["key"]) for _, data in graph.nodes(data=True)}
    relationships = {(source, target, data["type"]) for source, target, data in graph.edges(data=True)}
    return nodes, relationships


def test_a_build_on_a_local_ray_cluster_of_two_workers_has_the_nodes_and_relationships_of_a_local_build(
    tmp_path: Path,
) -> None:
    local_nodes, local_relationships = build(tmp_path, "local")
    ray_nodes, ray_relationships = build(tmp_path, "ray", "--engine", "ray", "--workers", "2")
    assert len(local_nodes) > 5_000
    assert ray_nodes == local_nodes
    assert ray_relationships == local_relationships
