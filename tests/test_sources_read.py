"""read_papers: paths, format detection, ids, merging across formats, and bad input of every kind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import KgError
from kg.records import Paper
from kg.sources import FORMATS, read_papers
from kg.sources.display import paper_lines
from kg.sources.fields import make_paper, title_id
from kg.sources.merge import merge_papers
from tests.logs import kg_warnings

DATA = Path(__file__).resolve().parent / "data" / "sources"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "hf-trending-papers-apr22.txt"
ATOM, DAILY, BIBTEX = DATA / "arxiv_query.xml", DATA / "hf_daily_papers.json", DATA / "library.bib"
SAMPLE_OF = {
    "listing": "Sniffed Listing Paper\n\nAn abstract that ends with a full stop.\n",
    "arxiv": '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Sniffed Atom Paper</title></entry></feed>\n',
    "json": '[{"title": "Sniffed JSON Paper"}]\n',
    "jsonl": '{"title": "Sniffed JSONL Paper"}\n{"title": "Second JSONL Paper"}\n',
    "bibtex": "% refs\n@misc{k, title={Sniffed BibTeX Paper}}\n",
}


def _read(paths: list[Path | str], **options: object) -> tuple[list[Paper], list[str]]:
    with kg_warnings() as warnings:
        return list(read_papers(paths, **options)), warnings  # type: ignore[arg-type]


def test_the_same_paper_in_atom_daily_papers_and_bibtex_is_one_record() -> None:
    papers, _ = _read([ATOM, DAILY, BIBTEX])
    matches = [paper for paper in papers if paper.title.startswith("Filter2Noise")]
    assert len(matches) == 1
    paper = matches[0]
    assert paper.id == "2504.13519"
    assert paper.sources == (f"{ATOM}#1", f"{DAILY}#1", f"{BIBTEX}:4")
    assert paper.published == "2025-04-18"  # the full date beats BibTeX's bare year
    assert {"http://arxiv.org/abs/2504.13519v1", "https://arxiv.org/abs/2504.13519"} <= set(paper.urls)
    assert len(papers) == len({paper.id for paper in papers})


def test_a_listing_title_merges_with_an_identified_record_and_keeps_its_listed_date() -> None:
    papers, _ = _read([SEED, ATOM])
    rewoo = [paper for paper in papers if paper.title.startswith("ReWOO")]
    assert len(rewoo) == 1
    assert rewoo[0].id == "2305.18323"  # the arXiv id beats the title hash
    assert rewoo[0].listed == "Apr 22" and rewoo[0].published == "2023-05-23"
    assert rewoo[0].sources[0].startswith(f"{SEED}:") and rewoo[0].sources[1] == f"{ATOM}#2"
    assert len(papers) == 65  # every Atom entry is also on the seed page


def test_a_bibtex_doi_record_merges_into_the_arxiv_record_by_title() -> None:
    papers, _ = _read([ATOM, BIBTEX])
    thirsty = [paper for paper in papers if "Thirsty" in paper.title]
    assert [paper.id for paper in thirsty] == ["2304.03271"]
    assert "https://doi.org/10.1145/3724499" in thirsty[0].urls


def test_merging_keeps_the_longer_abstract_and_author_list_and_unions_urls(tmp_path: Path) -> None:
    records = [
        {"id": "2504.00001", "title": "Merge Me", "abstract": "Short.", "authors": ["A"], "url": "https://a.org/1"},
        {"title": "merge me!", "abstract": "A much longer abstract.", "authors": ["A", "B"], "url": "https://b.org/2"},
    ]
    path = tmp_path / "dupes.json"
    path.write_text(json.dumps(records))
    (paper,), _ = _read([path])
    assert (paper.id, paper.title, paper.abstract, paper.authors) == (
        "2504.00001",
        "Merge Me",
        "A much longer abstract.",
        ("A", "B"),
    )
    assert paper.urls == ("https://a.org/1", "https://b.org/2")
    assert paper.sources == (f"{path}#1", f"{path}#2")


def test_equal_titles_with_different_arxiv_ids_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "twins.jsonl"
    path.write_text('{"id": "2504.00001", "title": "Introduction"}\n{"id": "2504.00002", "title": "Introduction"}\n')
    assert [paper.id for paper in _read([path])[0]] == ["2504.00001", "2504.00002"]


def test_a_record_can_join_two_records_read_apart(tmp_path: Path) -> None:
    path = tmp_path / "bridge.jsonl"
    path.write_text(
        '{"title": "Known by Title"}\n{"id": "2504.00003", "title": "Other Spelling"}\n'
        '{"id": "arXiv:2504.00003v2", "title": "known by title"}\n'
    )
    (paper,), _ = _read([path])
    assert paper.id == "2504.00003" and paper.title == "Known by Title"
    assert len(paper.sources) == 3


def test_title_ids_are_stable_across_case_spacing_and_punctuation() -> None:
    assert title_id("Making AI Less “Thirsty”:  Water") == title_id('making ai less "thirsty" water')
    assert title_id("A") != title_id("B")
    assert len(title_id("A")) == len("title:") + 16


@pytest.mark.parametrize("format", FORMATS)
def test_content_sniffing_finds_the_format_of_a_file_without_a_known_extension(tmp_path: Path, format: str) -> None:
    path = tmp_path / "download.dat"
    path.write_text(SAMPLE_OF[format])
    papers, _ = _read([path])
    assert papers and papers[0].title.startswith("Sniffed")


def test_format_override_reads_every_file_in_that_format(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("Forced Title\n\nForced abstract text.\n")
    with pytest.raises(KgError, match="invalid JSON"):
        _read([path])
    assert [paper.title for paper in _read([path], format="listing")[0]] == ["Forced Title"]


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(KgError, match="unknown format 'csv'; use one of: listing, arxiv, json, jsonl, bibtex"):
        read_papers([SEED], format="csv")


def test_folders_are_searched_recursively_skipping_hidden_and_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / ".cache").mkdir()
    shutil.copy(ATOM, tmp_path / "nested" / "query.xml")
    shutil.copy(DAILY, tmp_path / "daily.json")
    shutil.copy(DAILY, tmp_path / ".cache" / "old.json")
    (tmp_path / "README.md").write_text("# not papers\n")
    papers, _ = _read([tmp_path])
    sources = {source.split("#")[0] for paper in papers for source in paper.sources}
    assert sources == {str(tmp_path / "daily.json"), str(tmp_path / "nested" / "query.xml")}


def test_globs_expand_and_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    shutil.copy(DAILY, tmp_path / "a.json")
    shutil.copy(BIBTEX, tmp_path / "b.bib")
    papers, _ = _read([str(tmp_path / "*.json"), tmp_path / "a.json", str(tmp_path / "*.bib")])
    filter2noise = [paper for paper in papers if paper.id == "2504.13519"][0]
    assert filter2noise.sources == (f"{tmp_path / 'a.json'}#1", f"{tmp_path / 'b.bib'}:4")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("missing.txt", "missing.txt: no such file or folder"),
        ("nothing-*.json", "nothing-\\*.json: no files match this pattern"),
    ],
)
def test_paths_that_name_nothing_are_kg_errors(tmp_path: Path, given: str, message: str) -> None:
    with pytest.raises(KgError, match=message):
        read_papers([str(tmp_path / given)])


def test_a_folder_without_paper_files_is_a_kg_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("nothing here")
    with pytest.raises(KgError, match="no paper files in this folder"):
        read_papers([tmp_path])


@pytest.mark.parametrize("suffix", [".txt", ".xml", ".json", ".jsonl", ".bib"])
@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"\n \n", "empty file"), (bytes(range(256)) * 4, "binary file")],
)
def test_empty_and_binary_files_are_kg_errors_naming_the_file(
    tmp_path: Path, suffix: str, content: bytes, message: str
) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(content)
    with pytest.raises(KgError, match=f"input\\{suffix}: {message}"):
        _read([path])


@pytest.mark.parametrize("format", FORMATS)
def test_non_utf8_text_is_read_with_replacement_and_one_warning(tmp_path: Path, format: str) -> None:
    path = tmp_path / "latin1.dat"
    sample = SAMPLE_OF[format].replace("Sniffed", "Sniff\xe9d \xe9")
    path.write_bytes(sample.encode("latin-1"))
    papers, warnings = _read([path], format=format)
    assert papers[0].title.startswith("Sniff\ufffdd \ufffd")
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}: line ") and "not valid UTF-8" in warnings[0]


def test_a_file_without_papers_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    path.write_text("[]")
    assert _read([path]) == ([], [f"{path}: no papers found in this file"])


def test_jsonl_output_reads_back_into_the_same_papers(tmp_path: Path) -> None:
    papers, _ = _read([SEED, ATOM, DAILY, BIBTEX])
    path = tmp_path / "papers.jsonl"
    path.write_text("\n".join(paper_lines(papers, "jsonl")) + "\n", encoding="utf-8")
    again, _ = _read([path])
    without_sources = [{**json.loads(line), "sources": None} for line in paper_lines(papers, "jsonl")]
    assert [{**json.loads(line), "sources": None} for line in paper_lines(again, "jsonl")] == without_sources


RECORDS = st.lists(
    st.tuples(
        st.sampled_from(["", "2504.00001", "2504.00002v3", "10.1000/A", "https://arxiv.org/abs/2504.00001"]),
        st.sampled_from(["One Title", "one title!", "Another Title", "Third"]),
    ),
    max_size=12,
)


@given(RECORDS)
def test_merging_leaves_unique_ids_and_keeps_every_source_once(records: list[tuple[str, str]]) -> None:
    papers = [
        make_paper(title=title, abstract="", source=f"in#{number}", identifiers=[reference])
        for number, (reference, title) in enumerate(records, start=1)
    ]
    merged = list(merge_papers(papers))
    assert len({paper.id for paper in merged}) == len(merged)
    every_source = sorted(source for paper in merged for source in paper.sources)
    assert every_source == sorted(paper.sources[0] for paper in papers)
