"""extract_entities across papers: one entity per thing (acronyms merged), links with evidence, no duplicates."""

from __future__ import annotations

from kg.extract.entities.resolve import extract_entities
from kg.extract.paper_text import build_acronym_table, read_paper_text
from kg.graph import build_graph
from kg.records import Label, Link, Paper, PaperAnalysis, Relation

_DEFINING = Paper(
    id="a",
    title="Higher Layers Need More LoRA Experts",
    abstract="Parameter-efficient tuning techniques like low-rank adaptation (LoRA) offer training efficiency. We also "
    "compare with Two-Stage Deep Decision Rules (TS-DDR) on GLUE.",
)
_USING = Paper(
    id="b",
    title="A follow-up study",
    abstract="We fine-tune with LoRA and compare against TS-DDR, a strong baseline, on GLUE.",
)


def _alone(title: str, abstract: str) -> list[Link]:
    """Links of one paper extracted as a build of its own."""
    paper = Paper(id="p", title=title, abstract=abstract)
    return extract_entities(read_paper_text(paper), build_acronym_table(map(read_paper_text, [paper])))


def test_a_short_form_resolves_to_the_entity_another_paper_defined() -> None:
    table = build_acronym_table(map(read_paper_text, [_DEFINING, _USING]))
    defined = {link.target.key: link for link in extract_entities(read_paper_text(_DEFINING), table)}
    used = {link.target.key: link for link in extract_entities(read_paper_text(_USING), table)}
    assert "two stage deep decision rule" in defined and "two stage deep decision rule" in used
    assert used["two stage deep decision rule"].relation is Relation.USES
    assert {"TS-DDR", "Two-Stage Deep Decision Rules"} <= {
        used["two stage deep decision rule"].target.name,
        *used["two stage deep decision rule"].target.aliases,
    }
    assert defined["lora"].target.name == used["lora"].target.name == "LoRA"


def test_a_build_graph_holds_one_node_per_entity_across_papers() -> None:
    papers = [_DEFINING, _USING]
    table = build_acronym_table(map(read_paper_text, papers))
    graph = build_graph([PaperAnalysis(paper, extract_entities(read_paper_text(paper), table)) for paper in papers])
    method_nodes = [node for node, data in graph.nodes(data=True) if data["label"] == Label.METHOD]
    assert method_nodes.count("Method:two stage deep decision rule") == 1
    assert graph.has_edge("Paper:a", "Method:two stage deep decision rule")
    assert graph.has_edge("Paper:b", "Method:two stage deep decision rule")
    assert graph.has_edge("Paper:b", "Dataset:glue")


def test_each_entity_is_linked_once_per_paper_with_a_sentence_of_the_paper() -> None:
    title = "LST: Ladder Side-Tuning for Parameter and Memory Efficient Transfer Learning"
    links = _alone(
        title,
        "We propose Ladder Side-Tuning (LST), a new PETL technique. LST has lower memory requirements. "
        "LST achieves higher accuracy than Adapter and LoRA, and LoRA is popular. Code: https://github.com/x/LST.",
    )
    pairs = [(link.relation, link.target.key) for link in links]
    assert len(pairs) == len(set(pairs))
    assert {link.target.key for link in links} == {
        "ladder side tuning",
        "adapter",
        "lora",
        "accuracy",
        "memory requirement",
        "https://github.com/x/LST",
    }
    sentences = [
        title,
        "We propose Ladder Side-Tuning (LST), a new PETL technique.",
        "LST has lower memory requirements.",
        "LST achieves higher accuracy than Adapter and LoRA, and LoRA is popular.",
        "Code: https://github.com/x/LST.",
    ]
    assert all(link.evidence in sentences for link in links)


def test_a_papers_own_method_is_not_also_listed_as_used() -> None:
    links = _alone("GradSign: Model Performance Inference", "We propose GradSign. GradSign beats NASWOT.")
    assert [(link.relation, link.target.key) for link in links] == [
        (Relation.PROPOSES, "gradsign"),
        (Relation.USES, "naswot"),
    ]


def test_urls_are_repositories_only_and_their_parts_are_not_method_names() -> None:
    links = _alone("A study", "The code is at https://github.com/MHassaanButt/MorpMamba and huggingface.co/x/Y-7B.")
    assert {(link.relation, link.target.label) for link in links} == {(Relation.HAS_CODE, Label.REPOSITORY)}


def test_papers_without_names_give_no_links() -> None:
    abstract = (
        "The success of deep neural networks (DNNs) is attributable to three factors. Training DNNs requires data. "
        "This dissertation focuses on the above problems."
    )
    assert _alone("Efficient Deep Neural Networks", abstract) == []
