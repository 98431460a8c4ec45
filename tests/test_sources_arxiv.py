"""arXiv API Atom exports: entry fields, and hostile or broken XML refused with a one-line KgError."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KgError
from kg.records import Paper
from kg.sources import read_papers
from tests.logs import kg_warnings

DATA = Path(__file__).resolve().parent / "data" / "sources"
QUERY = DATA / "arxiv_query.xml"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "hf-trending-papers-apr22.txt"
FEED_START = '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'


def _papers(path: Path) -> dict[str, Paper]:
    return {paper.id: paper for paper in read_papers([path])}


def _feed(tmp_path: Path, entries: str, prolog: str = "") -> Path:
    path = tmp_path / "export.xml"
    path.write_text(f"{prolog}{FEED_START if not prolog else ''}{entries}</feed>\n", encoding="utf-8")
    return path


def test_entry_fields_are_read_from_a_query_export() -> None:
    paper = _papers(QUERY)["2504.13519"]
    seed_abstract = SEED.read_text(encoding="utf-8").split("\n\n")[8]
    assert paper.title == (
        "Filter2Noise: Interpretable Self-Supervised Single-Image Denoising for Low-Dose CT "
        "with Attention-Guided Bilateral Filtering"
    )
    assert paper.abstract == seed_abstract  # hard-wrapped summary, whitespace normalized, whole
    assert paper.authors[0] == "Yipeng Sun" and len(paper.authors) == 8
    assert paper.published == "2025-04-18"
    assert paper.categories == ("eess.IV", "cs.CV", "cs.LG")  # primary category first, no repeats
    assert paper.sources == (f"{QUERY}#1",)


def test_versioned_links_and_the_comment_code_url_go_into_urls() -> None:
    paper = _papers(QUERY)["2504.13519"]
    assert "http://arxiv.org/abs/2504.13519v1" in paper.urls  # the id with its version is kept here
    assert "http://arxiv.org/pdf/2504.13519v1" in paper.urls
    assert "https://github.com/sypsyp97/Filter2Noise" in paper.urls  # from arxiv:comment


def test_arxiv_id_wins_over_doi_and_the_doi_link_is_kept() -> None:
    paper = _papers(QUERY)["2304.03271"]
    assert paper.title == 'Making AI Less "Thirsty": Uncovering and Addressing the Secret Water Footprint of AI Models'
    assert "http://dx.doi.org/10.1145/3724499" in paper.urls
    assert "https://github.com/Ren-Research/Making-AI-Less-Thirsty" in paper.urls


def test_published_is_the_first_version_date_even_after_updates() -> None:
    assert _papers(QUERY)["2501.00656"].published == "2024-12-31"


def test_escaped_markup_in_titles_comes_back_verbatim(tmp_path: Path) -> None:
    entry = (
        "<entry><id>http://arxiv.org/abs/2504.00001v1</id>"
        '<title>&lt;b&gt;MATCH (n) DETACH DELETE n&lt;/b&gt; "q" \\ end</title>'
        "<summary>Text with &amp; and &lt;i&gt;tags&lt;/i&gt;.</summary></entry>\n"
    )
    paper = _papers(_feed(tmp_path, entry))["2504.00001"]
    assert paper.title == '<b>MATCH (n) DETACH DELETE n</b> "q" \\ end'
    assert paper.abstract == "Text with & and <i>tags</i>."


def test_entries_without_a_title_are_skipped_and_counted_once(tmp_path: Path) -> None:
    entries = "<entry><id>http://arxiv.org/abs/2504.00002v1</id><title> </title></entry>\n" * 2
    with kg_warnings() as warnings:
        assert list(read_papers([_feed(tmp_path, entries)])) == []
    assert warnings[0].endswith("skipped 2 record(s) without a title")


def test_an_arxiv_api_error_feed_is_a_kg_error(tmp_path: Path) -> None:
    entry = (
        "<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345v9</id><title>Error</title>"
        "<summary>incorrect id format for 1234.12345v9</summary></entry>\n"
    )
    with pytest.raises(KgError, match=r"export\.xml#1: the arXiv API answered with an error \(incorrect id format"):
        list(read_papers([_feed(tmp_path, entry)]))


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    prolog = (
        f'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY l0 "lol">{entities}]>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
    )
    path = _feed(tmp_path, "<entry><title>&l9;</title></entry>", prolog=prolog)
    with pytest.raises(KgError, match=r"export\.xml: the XML declares entities"):
        list(read_papers([path]))


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    prolog = (
        f'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
    )
    path = _feed(tmp_path, "<entry><title>&xxe;</title></entry>", prolog=prolog)
    with pytest.raises(KgError, match="unsafe XML") as raised:
        list(read_papers([path]))
    assert "TOP SECRET" not in str(raised.value)


def test_truncated_xml_names_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(QUERY.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    with pytest.raises(KgError, match=r"cut\.xml: line \d+, column \d+: invalid XML \(.+\); fix or remove the file"):
        list(read_papers([path]))


def test_xml_that_is_not_an_atom_feed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rss.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    with pytest.raises(KgError, match=r"rss\.xml: XML root is <rss>, not an Atom <feed>"):
        list(read_papers([path]))
