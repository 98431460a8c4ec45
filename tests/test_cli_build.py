"""`kg build` end to end on real abstracts: graph.json + summary, determinism, --no-embeddings, --load, interrupts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph import read_graph
from kg.neo4j.loader import count_kg_nodes, wipe_kg_nodes
from tests.signals import default_sigint

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "hf-trending-papers-apr22.txt"
THREE_PAPERS = REPO / "tests" / "data" / "graph" / "three_papers.jsonl"
TOPIC_PAPERS = REPO / "tests" / "data" / "topics" / "papers.jsonl"  # 560 abstracts: a build that lasts a while


def kg_build(*arguments: str) -> str:
    """Run `kg build` in-process; return what it printed on stdout."""
    result = CliRunner().invoke(main, ["build", *arguments])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> tuple[Path, str]:
    """The seed listing built once per module: (graph.json path, what kg build printed)."""
    output = tmp_path_factory.mktemp("seed") / "graph.json"
    return output, kg_build(str(SEED), "-o", str(output))


def test_build_prints_the_summary_table_and_writes_it_next_to_the_output(seed_build):
    output, printed = seed_build
    summary = output.with_name("graph.summary.txt").read_text(encoding="utf-8")
    assert summary in printed
    counts = dict(line.split() for line in summary.splitlines() if len(line.split()) == 2)
    assert counts["Paper"] == "65"
    graph = read_graph(output)
    assert int(counts["MENTIONS"]) == sum(1 for *_, kind in graph.edges(data="type") if kind == "MENTIONS") > 0


def test_the_seed_graph_holds_the_known_facts(seed_build):
    graph = read_graph(seed_build[0])
    by_title = {data["title"]: node for node, data in graph.nodes(data=True) if data["label"] == "Paper"}
    filter2noise = next(node for title, node in by_title.items() if title.startswith("Filter2Noise:"))
    repositories = {
        graph.nodes[target].get("url", "").removesuffix(".git") for target in graph.successors(filter2noise)
    }
    assert "https://github.com/sypsyp97/Filter2Noise" in repositories
    rewoo = next(node for title, node in by_title.items() if title.startswith("ReWOO:"))
    datasets = {
        graph.nodes[target]["name"] for _, target, kind in graph.out_edges(rewoo, data="type") if kind == "EVALUATES_ON"
    }
    assert "HotpotQA" in datasets
    assert all(len(data["embedding"]) == 384 for _, data in graph.nodes(data=True) if data["label"] == "Paper")


def test_building_the_same_input_again_is_byte_identical(seed_build, tmp_path):
    again = tmp_path / "again.json"
    kg_build(str(SEED), "-o", str(again))
    assert again.read_bytes() == seed_build[0].read_bytes()


def test_no_embeddings_means_no_vectors_and_no_similar_to(tmp_path):
    output = tmp_path / "graph.json"
    kg_build(str(THREE_PAPERS), "-o", str(output), "--no-embeddings", "--top-n", "3")
    graph = read_graph(output)
    assert graph.number_of_nodes() > 3
    assert not any("embedding" in data for _, data in graph.nodes(data=True))
    assert not any(kind == "SIMILAR_TO" for *_, kind in graph.edges(data="type"))
    assert (
        max(
            sum(1 for *_, kind in graph.out_edges(paper, data="type") if kind == "MENTIONS")
            for paper in graph
            if paper.startswith("Paper:")
        )
        <= 3
    )


def test_similarity_options_reach_the_graph(tmp_path):
    output = tmp_path / "graph.json"
    kg_build(str(THREE_PAPERS), "-o", str(output), "--similarity-top-k", "1", "--similarity-threshold", "-1")
    graph = read_graph(output)
    similar = [(source, target) for source, target, kind in graph.edges(data="type") if kind == "SIMILAR_TO"]
    assert sorted(source for source, _ in similar) == sorted(node for node in graph if node.startswith("Paper:"))


def test_build_with_load_puts_the_graph_into_neo4j(neo4j_settings, tmp_path):
    wipe_kg_nodes(neo4j_settings)
    output = tmp_path / "graph.json"
    printed = kg_build(str(THREE_PAPERS), "-o", str(output), "--load")
    graph = read_graph(output)
    assert f"loaded {graph.number_of_nodes()} nodes" in printed
    assert count_kg_nodes(neo4j_settings) == graph.number_of_nodes()
    wipe_kg_nodes(neo4j_settings)


def test_a_source_without_papers_is_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(empty), "-o", str(tmp_path / "graph.json")])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "graph.json").exists()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_stopped_build_leaves_the_previous_output_intact(tmp_path, tmp_path_factory, stop):
    output = tmp_path / "graph.json"
    output.write_text('{"previous": true}', encoding="utf-8")
    cold_cache = tmp_path_factory.mktemp("cold-cache")  # nothing cached: the build is still extracting when stopped
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(TOPIC_PAPERS), "-o", str(output)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "KG_CACHE_DIR": str(cold_cache)},
        preexec_fn=default_sigint,
    )
    deadline = time.monotonic() + 120
    seen = b""
    while b"extracting" not in seen and time.monotonic() < deadline:  # the progress bar: extraction is under way
        seen += process.stderr.read1(4096) or b""
    process.send_signal(stop)
    assert process.wait(timeout=60) == 1  # a clean abort (click's "Aborted!"), not death by the signal
    assert b"Aborted!" in seen + process.stderr.read()
    assert json.loads(output.read_text(encoding="utf-8")) == {"previous": True}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["graph.json"]


def test_a_verbose_build_shows_kg_progress_and_stage_timings_but_no_model_loading_bar(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kg", "-v", "build", str(THREE_PAPERS), "-o", str(tmp_path / "graph.json")],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "papers/s" in result.stderr  # kg's own bar: rate and ETA
    assert "Loading weights" not in result.stderr
    assert "kg.build: read 3 papers" in result.stderr and "kg.build: assembled" in result.stderr


FAIL_FAST = """
import sys
from click.testing import CliRunner
from kg.cli import main
result = CliRunner().invoke(main, ["build", *sys.argv[1:]])
assert result.exit_code == 1, result.output
print(result.output.strip())
print("model stack loaded" if "torch" in sys.modules else "model stack not loaded")
"""


@pytest.mark.parametrize(
    "arguments, error",
    [
        (["{bad}", "-o", "{out}/graph.json"], "invalid JSON"),
        (["{seed}", "-o", "{out}/missing/graph.json"], "its folder does not exist"),
        (
            ["{seed}", "-o", "{out}/graph.json", "--load", "--uri", "neo4j://127.0.0.1:1", "--password", "x"],
            "cannot reach Neo4j",
        ),
    ],
    ids=["bad input", "unwritable output", "unreachable Neo4j"],
)
def test_build_fails_before_loading_the_model_on_bad_input_output_or_neo4j(tmp_path, arguments, error):
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": ', encoding="utf-8")
    filled = [argument.format(bad=bad, out=tmp_path, seed=SEED) for argument in arguments]
    result = subprocess.run([sys.executable, "-c", FAIL_FAST, *filled], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    message, loaded = result.stdout.strip().splitlines()
    assert message.startswith("Error: ") and error in message
    assert loaded == "model stack not loaded"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.json"]
