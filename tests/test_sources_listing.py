"""Listing text (the scraped trending-papers page in seeds/): pairing, headers, dates, robustness."""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import KgError
from kg.records import Paper
from kg.sources import read_papers
from tests.logs import kg_warnings
from tests.properties import property_settings

SEED = Path(__file__).resolve().parent.parent / "seeds" / "hf-trending-papers-apr22.txt"
PAGE_HEADER = (
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
    "Apr 22",
)
ABSTRACT = (
    "We study a problem that matters. Our method improves the state of the art on three benchmarks "
    "by a wide margin while using fewer parameters, and we analyse why it works in ablations. "
    "Code is released at https://github.com/example/project."
)


def _read(path: Path) -> tuple[list[Paper], list[str]]:
    with kg_warnings() as warnings:
        return list(read_papers([path])), warnings


def _listing(tmp_path: Path, text: str, name: str = "page.txt") -> tuple[list[Paper], list[str]]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return _read(path)


def _seed_pairs() -> list[tuple[str, str]]:
    """(title, abstract) pairs cut from the seed by its blank-line structure, without the parser."""
    paragraphs = [part for part in SEED.read_text(encoding="utf-8").split("\n\n") if part.strip()]
    body = [part for part in paragraphs if part not in PAGE_HEADER]
    assert len(body) % 2 == 0
    return list(zip(body[0::2], body[1::2]))


def test_seed_yields_every_paper_with_byte_exact_titles_and_whole_abstracts() -> None:
    papers, warnings = _read(SEED)
    pairs = _seed_pairs()
    assert len(papers) == len(pairs) == 65
    assert [(paper.title, paper.abstract) for paper in papers] == pairs
    assert warnings == []


def test_seed_spot_checks_first_last_and_tricky_titles() -> None:
    titles = [paper.title for paper in _read(SEED)[0]]
    assert titles[0] == "Spatial-Spectral Morphological Mamba for Hyperspectral Image Classification"
    assert titles[-1] == 'Making AI Less "Thirsty": Uncovering and Addressing the Secret Water Footprint of AI Models'
    assert "2 OLMo 2 Furious" in titles


def test_header_lines_never_become_papers() -> None:
    papers, _ = _read(SEED)
    header = {line.casefold() for line in PAGE_HEADER}
    assert not [paper for paper in papers if paper.title.casefold() in header or paper.abstract.casefold() in header]


def test_seed_papers_carry_the_listing_date_and_their_title_line() -> None:
    papers, _ = _read(SEED)
    assert {paper.listed for paper in papers} == {"Apr 22"}
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for paper in papers:
        path, line = paper.sources[0].rsplit(":", 1)
        assert path == str(SEED)
        assert lines[int(line) - 1] == paper.title


def test_seed_code_urls_in_abstracts_are_collected() -> None:
    papers = {paper.title: paper for paper in _read(SEED)[0]}
    morph = papers["Spatial-Spectral Morphological Mamba for Hyperspectral Image Classification"]
    assert morph.urls == ("https://github.com/MHassaanButt/MorpMamba",)  # sentence full stop not included


def test_crlf_trailing_whitespace_and_indentation_leave_titles_exact(tmp_path: Path) -> None:
    text = f"new\r\n\r\nApr 22  \r\n\r\n  Robust Parsing of Pages \t\r\n\r\n{ABSTRACT}   \r\n"
    papers, _ = _listing(tmp_path, text)
    assert [(paper.title, paper.abstract, paper.listed) for paper in papers] == [
        ("Robust Parsing of Pages", ABSTRACT, "Apr 22")
    ]


def test_each_date_section_sets_listed_and_a_stated_year_is_stored_iso(tmp_path: Path) -> None:
    text = (
        f"Subscribe\n\nApr 22\n\nFirst Paper\n\n{ABSTRACT}\n\n"
        f"April 21, 2025\n\nSecond Paper\n\n{ABSTRACT}\n\n2025-04-20\n\nThird Paper\n\n{ABSTRACT}\n"
    )
    papers, _ = _listing(tmp_path, text)
    assert [(paper.title, paper.listed) for paper in papers] == [
        ("First Paper", "Apr 22"),
        ("Second Paper", "2025-04-21"),
        ("Third Paper", "2025-04-20"),
    ]


def test_an_abstract_wrapped_over_several_lines_is_one_abstract(tmp_path: Path) -> None:
    wrapped = "\n".join(textwrap.wrap(ABSTRACT, 60))
    papers, _ = _listing(tmp_path, f"Wrapped Abstract Paper\n\n{wrapped}\n")
    assert [(paper.title, paper.abstract) for paper in papers] == [("Wrapped Abstract Paper", ABSTRACT)]


def test_a_title_without_abstract_is_kept_empty_and_warned_once(tmp_path: Path) -> None:
    text = f"Lonely Title\n\nSecond Title\n\n{ABSTRACT}\n\nLast Title Without Text\n"
    papers, warnings = _listing(tmp_path, text)
    assert [(paper.title, bool(paper.abstract)) for paper in papers] == [
        ("Lonely Title", False),
        ("Second Title", True),
        ("Last Title Without Text", False),
    ]
    assert len(warnings) == 1
    assert "2 title(s) without an abstract (line(s) 1, 7)" in warnings[0]


def test_a_page_without_blank_lines_pairs_each_title_with_its_abstract(tmp_path: Path) -> None:
    long_abstract = ABSTRACT + " " + ABSTRACT
    text = f"new\nApr 22\nFirst Paper\n{long_abstract}\nSecond Paper\n{long_abstract}\n"
    papers, _ = _listing(tmp_path, text)
    assert [(paper.title, paper.abstract) for paper in papers] == [
        ("First Paper", long_abstract),
        ("Second Paper", long_abstract),
    ]


def test_a_title_line_directly_above_a_wrapped_abstract_is_split_off(tmp_path: Path) -> None:
    wrapped = ABSTRACT.replace(". ", ".\n")
    papers, _ = _listing(tmp_path, f"Title Above Text\n{wrapped}\n\nNext Title\n{wrapped}\n")
    assert [(paper.title, paper.abstract) for paper in papers] == [
        ("Title Above Text", ABSTRACT),
        ("Next Title", ABSTRACT),
    ]


def test_a_second_abstract_paragraph_continues_the_abstract(tmp_path: Path) -> None:
    papers, _ = _listing(tmp_path, f"Two Paragraphs\n\n{ABSTRACT}\n\nA second paragraph ends here.\n")
    assert len(papers) == 1
    assert papers[0].abstract == f"{ABSTRACT}\n\nA second paragraph ends here."


def test_prose_before_any_title_is_skipped_with_one_warning(tmp_path: Path) -> None:
    papers, warnings = _listing(tmp_path, f"{ABSTRACT}\n\n{ABSTRACT}\n\nReal Title\n\n{ABSTRACT}\n")
    assert [paper.title for paper in papers] == ["Real Title"]
    assert len(warnings) == 1 and "skipped 2 paragraph(s)" in warnings[0] and "line(s) 1, 3" in warnings[0]


def test_quotes_backslashes_cypher_html_and_nul_stay_verbatim(tmp_path: Path) -> None:
    title = 'It\'s "quoted" \\ C:\\path <b>bold</b> MATCH (n) DETACH DELETE n // \x00 end'
    papers, _ = _listing(tmp_path, f"{title}\n\n{ABSTRACT} <script>alert('x')</script> \\n \x00.\n")
    assert papers[0].title == title
    assert papers[0].abstract == f"{ABSTRACT} <script>alert('x')</script> \\n \x00."


def test_non_utf8_bytes_are_replaced_and_warned_once(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(f"Caf\xe9 Models\n\n{ABSTRACT} Na\xefve.\n".encode("latin-1"))
    papers, warnings = _read(path)
    assert papers[0].title == "Caf\ufffd Models"
    assert len(warnings) == 1 and "latin1.txt: line 1" in warnings[0] and "UTF-8" in warnings[0]


LISTING_PIECES = st.one_of(
    st.sampled_from([*PAGE_HEADER, "\n", "\n\n", "\r\n", " ", ".", "Apr 31", "May 5, 2025", ABSTRACT, "\x00"]),
    st.text(max_size=40),
)


@property_settings(300, slow=True)
@given(st.lists(LISTING_PIECES, max_size=30).map("".join))
def test_arbitrary_text_never_crashes_the_listing_parser(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        try:
            papers, _ = _read(path)
        except KgError as error:
            assert str(path) in str(error)
            return
    header = {line.casefold() for line in PAGE_HEADER}
    for paper in papers:
        assert paper.title.strip() and paper.title.casefold() not in header


@property_settings(200)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_papers_or_a_kg_error_naming_the_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_bytes(data)
        try:
            _read(path)
        except KgError as error:
            assert str(path) in str(error)


def test_empty_listing_is_a_kg_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")
    with pytest.raises(KgError, match=r"empty\.txt: empty file"):
        _read(path)
