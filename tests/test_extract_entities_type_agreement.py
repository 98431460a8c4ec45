"""Corpus agreement on types: a name most papers use as a dataset is a dataset in every paper."""

from __future__ import annotations

from kg.extract.corpus import Corpus
from kg.extract.entities.type_agreement import agree_on_types
from kg.records import Entity, Label, Link, Paper, PaperAnalysis, Relation
from kg.vocabulary.taxonomy import load_taxonomy


def _analysis(paper_id: str, *links: tuple[Relation, Label, str]) -> PaperAnalysis:
    return PaperAnalysis(
        Paper(id=paper_id, title=paper_id, abstract=""),
        [Link(relation, Entity(label, key, key), f"evidence {paper_id}") for relation, label, key in links],
    )


def _types(analyses: list[PaperAnalysis]) -> list[set[tuple[str, str, str]]]:
    return [{(link.relation.value, link.target.label.value, link.target.key) for link in a.links} for a in analyses]


def test_the_label_most_papers_give_a_name_wins_in_every_paper() -> None:
    analyses = [
        _analysis("a", (Relation.EVALUATES_ON, Label.DATASET, "scannet")),
        _analysis("b", (Relation.EVALUATES_ON, Label.DATASET, "scannet")),
        _analysis("c", (Relation.USES, Label.METHOD, "scannet"), (Relation.USES, Label.METHOD, "bert")),
    ]
    agree_on_types(analyses, Corpus(load_taxonomy()))
    assert _types(analyses)[2] == {("EVALUATES_ON", "Dataset", "scannet"), ("USES", "Method", "bert")}
    assert [link.evidence for link in analyses[2].links] == ["evidence c", "evidence c"]


def test_a_tie_changes_nothing_and_own_contributions_vote_but_keep_their_type() -> None:
    tie = [
        _analysis("a", (Relation.EVALUATES_ON, Label.DATASET, "x")),
        _analysis("b", (Relation.USES, Label.METHOD, "x")),
    ]
    agree_on_types(tie, Corpus(load_taxonomy()))
    assert _types(tie) == [{("EVALUATES_ON", "Dataset", "x")}, {("USES", "Method", "x")}]
    own = [
        _analysis("a", (Relation.INTRODUCES, Label.DATASET, "y")),
        _analysis("b", (Relation.EVALUATES_ON, Label.DATASET, "y")),
        _analysis("c", (Relation.PROPOSES, Label.METHOD, "y")),
        _analysis("d", (Relation.USES, Label.METHOD, "y")),
        _analysis("e", (Relation.EVALUATES_ON, Label.DATASET, "y")),
    ]
    agree_on_types(own, Corpus(load_taxonomy()))
    assert _types(own)[2:4] == [{("PROPOSES", "Method", "y")}, {("EVALUATES_ON", "Dataset", "y")}]


def test_a_paper_counts_once_however_often_it_links_a_name() -> None:
    analyses = [
        _analysis("a", (Relation.USES, Label.METHOD, "z"), (Relation.USES, Label.METHOD, "z")),
        _analysis("b", (Relation.EVALUATES_ON, Label.DATASET, "z")),
    ]
    agree_on_types(analyses, Corpus(load_taxonomy()))
    assert _types(analyses) == [{("USES", "Method", "z")}, {("EVALUATES_ON", "Dataset", "z")}]
