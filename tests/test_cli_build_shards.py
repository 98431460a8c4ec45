"""Sharded builds (`kg build --shard i/n`) and `kg cache merge`: shards partition the papers, merged caches
make the final full build encode nothing, and that build holds the single-machine graph."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kg.cli import main
from kg.embeddings import EmbeddingCache
from kg.errors import KgError
from kg.graph import read_graph
from kg.sources.shard import Shard, parse_shard

SEED = Path(__file__).resolve().parent.parent / "seeds" / "hf-trending-papers-apr22.txt"


def run_kg(*arguments: str, cache_dir: Path | None = None) -> str:
    """Run kg in-process with $KG_CACHE_DIR at `cache_dir`; return stdout, failing on a non-zero exit."""
    result = CliRunner().invoke(main, list(arguments), env={"KG_CACHE_DIR": str(cache_dir)} if cache_dir else {})
    assert result.exit_code == 0, result.output
    return result.stdout


def paper_keys(graph_file: Path) -> set[str]:
    """The Paper nodes of a graph file."""
    return {node for node, label in read_graph(graph_file).nodes(data="label") if label == "Paper"}


def cache_rows(cache_dir: Path) -> int:
    """Vectors held by the cache file of `cache_dir`."""
    with sqlite3.connect(cache_dir / "embeddings-v1.sqlite3") as connection:
        return connection.execute("SELECT count(*) FROM embedding").fetchone()[0]


@given(ids=st.lists(st.text(max_size=30), max_size=50), count=st.integers(1, 9))
def test_every_paper_id_falls_in_exactly_one_shard(ids, count):
    for paper_id in ids:
        assert sum(Shard(number, count).holds(paper_id) for number in range(1, count + 1)) == 1


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", "1/0", "-1/2", ""])
def test_a_malformed_shard_is_refused(text):
    with pytest.raises(KgError, match="1 <= i <= n"):
        parse_shard(text)


def test_a_malformed_shard_option_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEED), "--shard", "3/2", "-o", str(tmp_path / "g.json")])
    assert result.exit_code == 2 and "--shard" in result.output and "1 <= i <= n" in result.output
    assert not (tmp_path / "g.json").exists()


def test_shard_builds_plus_merged_caches_give_the_single_machine_graph_without_encoding_again(tmp_path):
    for number in (1, 2):
        run_kg(
            "build",
            str(SEED),
            "--shard",
            f"{number}/2",
            "-o",
            str(tmp_path / f"shard-{number}.json"),
            cache_dir=tmp_path / f"cache-{number}",
        )
    first, second = paper_keys(tmp_path / "shard-1.json"), paper_keys(tmp_path / "shard-2.json")
    assert first and second and not first & second and len(first | second) == 65

    merged = tmp_path / "merged"
    printed = run_kg(
        "cache", "merge", *(str(tmp_path / f"cache-{n}" / "embeddings-v1.sqlite3") for n in (1, 2)), cache_dir=merged
    )
    assert f"merged into {merged / 'embeddings-v1.sqlite3'}" in printed
    before = cache_rows(merged)
    assert before >= max(cache_rows(tmp_path / "cache-1"), cache_rows(tmp_path / "cache-2"))

    run_kg("build", str(SEED), "-o", str(tmp_path / "full.json"), cache_dir=merged)
    assert cache_rows(merged) == before  # every text was already embedded by one of the shards
    run_kg("build", str(SEED), "--no-cache", "-o", str(tmp_path / "single.json"))
    full, single = read_graph(tmp_path / "full.json"), read_graph(tmp_path / "single.json")
    assert set(full.nodes) == set(single.nodes)
    assert sorted(full.edges(keys=True)) == sorted(single.edges(keys=True))
    # a phrase encoded in another batch differs in the last bits (bfloat16 kernels), so scores may move in the 4th decimal
    for source, target, key, score in full.edges(keys=True, data="score"):
        assert score == pytest.approx(single.edges[source, target, key].get("score"), abs=1e-3)


def test_merging_a_cache_adds_only_missing_vectors_and_keeps_existing_ones(tmp_path):
    target, other = EmbeddingCache(tmp_path / "a.sqlite3"), EmbeddingCache(tmp_path / "b.sqlite3")
    target.put_many({b"k1": np.ones(4), b"k2": np.ones(4)})
    other.put_many({b"k2": np.zeros(4), b"k3": np.full(4, 2.0)})
    assert target.merge_from(other.path) == 1
    assert target.merge_from(other.path) == 0
    found = target.get_many([b"k1", b"k2", b"k3"])
    assert found[b"k2"].tolist() == [1.0] * 4 and found[b"k3"].tolist() == [2.0] * 4
    assert target.merge_from(target.path) == 0


@pytest.mark.parametrize("content", [None, b"not a database at all, just some bytes" * 100])
def test_merging_a_missing_or_foreign_file_is_a_one_line_error(tmp_path, content):
    other = tmp_path / "other.sqlite3"
    if content is not None:
        other.write_bytes(content)
    with pytest.raises(KgError, match="other.sqlite3"):
        EmbeddingCache(tmp_path / "a.sqlite3").merge_from(other)
