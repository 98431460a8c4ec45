"""analyze_papers: links of every kind per paper, one Entity per concept, deterministic, multi-process."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kg.extract import pipeline
from kg.extract.pipeline import ExtractOptions, analyze_papers
from kg.records import Label, Paper, PaperAnalysis, Relation
from kg.sources import read_papers

SEED = Path(__file__).resolve().parents[1] / "seeds" / "hf-trending-papers-apr22.txt"
NO_CACHE = ExtractOptions(cache=False)


@pytest.fixture(scope="module")
def seed_papers() -> list[Paper]:
    """The 65 papers of the seed listing."""
    return list(read_papers([SEED]))


@pytest.fixture(scope="module")
def seed_analyses(seed_papers: list[Paper]) -> list[PaperAnalysis]:
    """The seed listing analysed with default options (no on-disk cache)."""
    return analyze_papers(seed_papers, NO_CACHE)


def concept_links(analysis: PaperAnalysis) -> list:
    """The MENTIONS links of one analysis."""
    return [link for link in analysis.links if link.relation is Relation.MENTIONS]


def test_every_paper_gets_concepts_and_an_embedding_in_input_order(
    seed_papers: list[Paper], seed_analyses: list[PaperAnalysis]
) -> None:
    assert [analysis.paper for analysis in seed_analyses] == seed_papers
    for analysis in seed_analyses:
        concepts = concept_links(analysis)
        assert 3 <= len(concepts) <= 10
        assert all(link.target.label is Label.CONCEPT and link.score is not None and link.evidence for link in concepts)
        assert (
            analysis.embedding is not None
            and analysis.embedding.shape == (384,)
            and analysis.embedding.dtype == np.float32
        )


def test_named_entities_come_with_the_concepts(seed_analyses: list[PaperAnalysis]) -> None:
    mamba = next(
        analysis
        for analysis in seed_analyses
        if analysis.paper.title.startswith("Spatial-Spectral Morphological Mamba")
    )
    relations = {link.relation for link in mamba.links}
    assert {Relation.MENTIONS, Relation.HAS_CODE} <= relations


def test_no_page_boilerplate_concept_in_the_seed_listing(seed_analyses: list[PaperAnalysis]) -> None:
    keys = {link.target.key for analysis in seed_analyses for link in concept_links(analysis)}
    assert not any(
        word in key for key in keys for word in ("subscribe", "email", "inbox", "research community", "trending")
    )


def test_each_concept_key_is_one_entity_across_papers(seed_analyses: list[PaperAnalysis]) -> None:
    by_key: dict[str, set] = {}
    for analysis in seed_analyses:
        for link in concept_links(analysis):
            by_key.setdefault(link.target.key, set()).add(link.target)
    assert all(len(entities) == 1 for entities in by_key.values())
    assert any(len(analyses) > 1 for analyses in _papers_per_key(seed_analyses).values())


def _papers_per_key(analyses: list[PaperAnalysis]) -> dict[str, set[str]]:
    """Which papers mention each concept key."""
    papers: dict[str, set[str]] = {}
    for analysis in analyses:
        for link in concept_links(analysis):
            papers.setdefault(link.target.key, set()).add(analysis.paper.id)
    return papers


def test_same_input_gives_the_same_result(seed_papers: list[Paper], seed_analyses: list[PaperAnalysis]) -> None:
    again = analyze_papers(seed_papers, NO_CACHE)
    assert [analysis.links for analysis in again] == [analysis.links for analysis in seed_analyses]
    for first, second in zip(seed_analyses, again):
        np.testing.assert_array_equal(first.embedding, second.embedding)


def test_progress_is_reported_for_every_paper(seed_papers: list[Paper]) -> None:
    reported: list[int] = []
    analyze_papers(seed_papers[:5], NO_CACHE, progress=reported.append)
    assert sum(reported) == 5


def test_embeddings_can_be_left_out_and_top_n_limits_concepts(seed_papers: list[Paper]) -> None:
    analyses = analyze_papers(seed_papers[:3], ExtractOptions(cache=False, embeddings=False, top_n=3))
    assert all(analysis.embedding is None for analysis in analyses)
    assert all(len(concept_links(analysis)) <= 3 for analysis in analyses)


def test_an_acronym_defined_in_one_paper_names_the_concept_in_another() -> None:
    papers = [
        Paper("a", "Adapters", "Parameter-Efficient Fine-Tuning (PEFT) adapts large models cheaply."),
        Paper("b", "PEFT for Speech Recognition", "We apply PEFT to speech recognition models on small devices."),
    ]
    second = analyze_papers(papers, NO_CACHE)[1]
    peft = [link.target for link in concept_links(second) if link.target.key == "parameter efficient fine tuning"]
    # one merge rule for extraction and the graph: the chosen name is not repeated among the aliases
    assert len(peft) == 1 and {"PEFT", "Parameter-Efficient Fine-Tuning"} <= {peft[0].name, *peft[0].aliases}


def test_the_on_disk_cache_goes_to_kg_cache_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed_papers: list[Paper]
) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    analyze_papers(seed_papers[:2])
    assert list(tmp_path.glob("embeddings-*.sqlite3"))


def test_two_worker_processes_give_the_same_links_as_one(
    monkeypatch: pytest.MonkeyPatch, seed_papers: list[Paper]
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 20)  # four chunks of the 65 seed papers
    reported: list[int] = []
    parallel = analyze_papers(seed_papers, ExtractOptions(cache=False, workers=2), progress=reported.append)
    single = analyze_papers(seed_papers, NO_CACHE)
    assert reported == [20, 20, 20, 5]
    assert [analysis.paper for analysis in parallel] == seed_papers
    # Rule-based links are identical; vectors encoded in other batches may differ in their last bits,
    # so concept scores agree to about 1e-3 and the concepts chosen are the same for almost every paper.
    same_concepts = 0
    for first, second in zip(parallel, single):
        assert [link for link in first.links if link.score is None] == [
            link for link in second.links if link.score is None
        ]
        scores = {link.target.key: link.score for link in concept_links(second)}
        same_concepts += set(scores) == {link.target.key for link in concept_links(first)}
        for link in concept_links(first):
            assert link.target.key not in scores or abs(link.score - scores[link.target.key]) < 2e-3
        np.testing.assert_allclose(first.embedding, second.embedding, atol=2e-3)
    assert same_concepts >= 0.9 * len(seed_papers)


def test_an_overlong_abstract_is_analysed_in_part_and_kept_whole(caplog: pytest.LogCaptureFixture) -> None:
    abstract = "Graph neural networks classify molecules. " * 2_000  # 86,000 characters
    paper = Paper("long", "Molecule Classification", abstract)
    with caplog.at_level("WARNING", logger="kg.extract.pipeline"):
        analysis = analyze_papers([paper], NO_CACHE)[0]
    assert analysis.paper is paper
    assert "graph neural network" in {link.target.key for link in concept_links(analysis)}
    assert "1 paper(s)" in caplog.text and str(pipeline.MAX_TEXT_CHARS) in caplog.text
