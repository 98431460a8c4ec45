"""Code/project URLs: found in text (with or without scheme), normalized, turned into HAS_CODE links."""

from __future__ import annotations

import pytest

from kg.extract.entities.repositories import repository_entity, repository_links
from kg.extract.paper_text import read_paper_text
from kg.records import Label, Paper, Relation
from kg.urls import find_url_spans, normalize_url


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("https://github.com/sypsyp97/Filter2Noise.git", "https://github.com/sypsyp97/Filter2Noise"),
        ("https://github.com/MHassaanButt/MorpMamba.", "https://github.com/MHassaanButt/MorpMamba"),
        ("https://github.com/MoE-Inf/awesome-moe-inference/.", "https://github.com/MoE-Inf/awesome-moe-inference"),
        ("https://github.com/hakuhodo-technologies/scope-rl)", "https://github.com/hakuhodo-technologies/scope-rl"),
        ("https://step-law.github.io/", "https://step-law.github.io"),
        ("http://www.GitHub.com/Owner/Repo/", "https://github.com/Owner/Repo"),
        ("gaplab.cuhk.edu.cn/projects/RaBit", "https://gaplab.cuhk.edu.cn/projects/RaBit"),
        (
            "https://github.com/apple/corenet/tree/main/projects/kv-prediction",
            "https://github.com/apple/corenet/tree/main/projects/kv-prediction",
        ),
        ("https://github.com/owner/repo#readme", "https://github.com/owner/repo"),
    ],
)
def test_urls_are_normalized(written: str, normalized: str) -> None:
    assert normalize_url(written) == normalized


def prose_urls(text: str) -> list[str]:
    """The URLs `find_url_spans` finds in `text`, as written."""
    return [text[start:end] for start, end in find_url_spans(text)]


def test_normalization_is_idempotent() -> None:
    url = normalize_url("https://github.com/sypsyp97/Filter2Noise.git/.")
    assert normalize_url(url) == url


def test_urls_are_found_with_and_without_scheme_and_trailing_punctuation_is_dropped() -> None:
    text = (
        "3DBiCar and RaBit are available at gaplab.cuhk.edu.cn/projects/RaBit. "
        "We integrated this metric into SCOPE-RL (https://github.com/hakuhodo-technologies/scope-rl). "
        "Code at https://github.com/sypsyp97/Filter2Noise.git ."
    )
    assert prose_urls(text) == [
        "gaplab.cuhk.edu.cn/projects/RaBit",
        "https://github.com/hakuhodo-technologies/scope-rl",
        "https://github.com/sypsyp97/Filter2Noise.git",
    ]


def test_a_url_wrapped_at_a_hyphen_is_one_url_and_a_spaced_dash_ends_it() -> None:
    text = (
        "Code: https://github.com/lixinustc/KVQE- ChallengeCVPR-NTIRE2025. "
        "See github.com/owner/my_\nrepo and https://github.com/owner/tool - a toolkit."
    )
    assert [normalize_url(url) for url in prose_urls(text)] == [
        "https://github.com/lixinustc/KVQE-ChallengeCVPR-NTIRE2025",
        "https://github.com/owner/my_repo",
        "https://github.com/owner/tool",
    ]


def test_numbers_emails_and_abbreviations_are_not_urls() -> None:
    assert prose_urls("We reach 3.5 points, e.g. on v1.2/v2; mail me@lab.org/x or see Fig. 2.") == []


def test_code_host_entities_carry_owner_and_repository_name() -> None:
    entity = repository_entity("https://github.com/apple/corenet/tree/main/projects/kv-prediction")
    assert entity.label is Label.REPOSITORY
    assert entity.key == "https://github.com/apple/corenet/tree/main/projects/kv-prediction"
    assert entity.name == "corenet"
    assert dict(entity.properties) == {
        "url": "https://github.com/apple/corenet/tree/main/projects/kv-prediction",
        "host": "github.com",
        "owner": "apple",
    }


def test_project_pages_are_named_by_their_url_without_scheme() -> None:
    entity = repository_entity("https://gaplab.cuhk.edu.cn/projects/RaBit")
    assert entity.name == "gaplab.cuhk.edu.cn/projects/RaBit"
    assert dict(entity.properties) == {"url": "https://gaplab.cuhk.edu.cn/projects/RaBit", "host": "gaplab.cuhk.edu.cn"}


def test_hugging_face_model_pages_are_repositories() -> None:
    entity = repository_entity("https://huggingface.co/apple/OpenELM")
    assert (entity.name, dict(entity.properties)["owner"]) == ("OpenELM", "apple")


def test_links_carry_the_sentence_and_skip_the_papers_own_arxiv_pages() -> None:
    paper = Paper(
        id="2404.14619",
        title="OpenELM: An Efficient Language Model Family",
        abstract="We release OpenELM. Our source code is available at https://github.com/apple/corenet. See also arxiv.org/abs/2404.14619.",
        urls=(
            "https://arxiv.org/abs/2404.14619",
            "https://huggingface.co/papers/2404.14619",
            "https://github.com/apple/corenet/",
        ),
    )
    links = repository_links(read_paper_text(paper))
    assert [(link.relation, link.target.key) for link in links] == [
        (Relation.HAS_CODE, "https://github.com/apple/corenet")
    ]
    assert links[0].evidence == "Our source code is available at https://github.com/apple/corenet."


def test_code_host_urls_in_paper_metadata_become_links() -> None:
    paper = Paper(
        id="x",
        title="T",
        abstract="No links here.",
        urls=("https://arxiv.org/pdf/1", "https://gitlab.com/team/tool.git"),
    )
    assert [link.target.key for link in repository_links(read_paper_text(paper))] == ["https://gitlab.com/team/tool"]
