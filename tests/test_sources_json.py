"""JSON and JSONL records: plain objects, Hugging Face daily papers, real arXiv JSONL, malformed input."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import KgError
from kg.records import Paper
from kg.sources import read_papers
from tests.logs import kg_warnings
from tests.properties import property_settings

DATA = Path(__file__).resolve().parent / "data" / "sources"
DAILY_PAPERS = DATA / "hf_daily_papers.json"
ARXIV_JSONL = DATA / "arxiv_listing_2025-04.jsonl"


def _read(path: Path, format: str | None = None) -> tuple[list[Paper], list[str]]:
    with kg_warnings() as warnings:
        return list(read_papers([path], format=format)), warnings


def _write_json(tmp_path: Path, document: object, name: str = "papers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_daily_papers_items_are_read_from_their_paper_object() -> None:
    papers, warnings = _read(DAILY_PAPERS)
    source = json.loads(DAILY_PAPERS.read_text(encoding="utf-8"))
    assert [paper.id for paper in papers] == [item["paper"]["id"] for item in source]
    first = papers[0]
    assert first.title == source[0]["paper"]["title"]
    assert first.abstract == source[0]["paper"]["summary"]
    assert first.authors == tuple(author["name"] for author in source[0]["paper"]["authors"])
    assert first.published == "2025-04-18"
    assert first.sources == (f"{DAILY_PAPERS}#1",)
    assert warnings == []


def test_daily_papers_code_and_project_urls_are_kept_but_avatars_and_thumbnails_are_not() -> None:
    papers = {paper.id: paper for paper in _read(DAILY_PAPERS)[0]}
    assert "https://github.com/sypsyp97/Filter2Noise" in papers["2504.13519"].urls
    assert {"https://github.com/oneal2000/PRAG", "https://oneal2000.github.io/PRAG/"} <= set(papers["2501.15915"].urls)
    every_url = [url for paper in papers.values() for url in paper.urls]
    assert not [url for url in every_url if "cdn-" in url or "avatars" in url]


def test_real_arxiv_jsonl_records_read_with_ids_dates_and_categories() -> None:
    papers, warnings = _read(ARXIV_JSONL)
    rows = [json.loads(line) for line in ARXIV_JSONL.read_text(encoding="utf-8").splitlines()]
    assert [(paper.id, paper.title, paper.abstract) for paper in papers] == [
        (row["id"], row["title"], row["abstract"]) for row in rows
    ]
    assert [paper.published for paper in papers] == [row["date"] for row in rows]
    assert [list(paper.categories) for paper in papers] == [row["categories"] for row in rows]
    assert papers[1].sources == (f"{ARXIV_JSONL}:2",)
    assert warnings == []


def test_plain_records_map_summary_url_authors_repo_and_doi(tmp_path: Path) -> None:
    records = [
        {
            "title": "Paper Known by Its Link",
            "summary": "A summary.",
            "url": "https://arxiv.org/pdf/2504.13519v2.pdf",
            "authors": "Ada Lovelace, Alan Turing and Grace Hopper",
            "github": "https://github.com/example/linked",
        },
        {"title": "Journal Paper", "doi": "10.1000/ABC.Def", "authors": [{"name": "Emmy Noether"}]},
        {"title": "No Id Paper", "abstract": "See www.example.org/data, and https://x.io/y).", "published": 2024},
    ]
    papers, _ = _read(_write_json(tmp_path, {"papers": records}))
    linked, journal, plain = papers
    assert linked.id == "2504.13519"
    assert linked.abstract == "A summary."
    assert linked.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    assert linked.urls == ("https://arxiv.org/pdf/2504.13519v2.pdf", "https://github.com/example/linked")
    assert (journal.id, journal.authors) == ("10.1000/abc.def", ("Emmy Noether",))
    assert plain.id.startswith("title:") and plain.published == "2024"
    assert plain.urls == ("www.example.org/data", "https://x.io/y")


def test_an_arxiv_url_inside_an_abstract_never_becomes_the_id(tmp_path: Path) -> None:
    record = {"title": "Citing Paper", "abstract": "We build on https://arxiv.org/abs/2305.18323."}
    papers, _ = _read(_write_json(tmp_path, [record]))
    assert papers[0].id.startswith("title:")
    assert papers[0].urls == ("https://arxiv.org/abs/2305.18323",)


def test_records_without_a_title_are_skipped_and_counted_in_one_warning(tmp_path: Path) -> None:
    records = [{"abstract": "orphan"}, {"title": "  ", "abstract": "blank"}, {"title": 7}, {"title": "Kept"}]
    papers, warnings = _read(_write_json(tmp_path, records))
    assert [paper.title for paper in papers] == ["Kept"]
    assert warnings == [f"{tmp_path / 'papers.json'}: skipped 3 record(s) without a title"]


def test_malformed_json_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('[\n  {"title": "A"},\n  {"title" "B"}\n]\n')
    with pytest.raises(KgError) as raised:
        _read(path)
    assert str(raised.value) == (
        f"{path}: line 3, column 12: invalid JSON (Expecting ':' delimiter); fix or remove the file"
    )


def test_malformed_jsonl_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"title": "A"}\n\n{"title": "B",}\n')
    with pytest.raises(KgError, match=r"x\.jsonl: line 3, column 15: invalid JSON"):
        _read(path)


def test_json_lines_in_a_json_file_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text('{"title": "A"}\n{"title": "B"}\n')
    assert [paper.sources for paper in _read(path)[0]] == [(f"{path}:1",), (f"{path}:2",)]


def test_forcing_json_on_json_lines_explains_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text('{"title": "A"}\n{"title": "B"}\n')
    with pytest.raises(KgError, match=r"line 2, column 1: invalid JSON \(Extra data\).*--format jsonl"):
        _read(path, format="json")


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_deeply_nested_json_is_a_kg_error_not_a_recursion_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(KgError, match=rf"{name}: line 1: JSON nested too deeply"):
        _read(path)


def test_a_record_that_is_not_an_object_is_a_kg_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(KgError, match=r"papers\.json#2: expected a JSON object per paper, found a string"):
        _read(_write_json(tmp_path, [{"title": "A"}, "B"]))


def test_a_ten_megabyte_single_line_abstract_is_read_whole(tmp_path: Path) -> None:
    abstract = "word " * 2_000_000 + "https://github.com/example/huge"
    path = tmp_path / "huge.jsonl"
    path.write_text(json.dumps({"title": "Huge", "abstract": abstract}) + "\n")
    papers, _ = _read(path)
    assert papers[0].abstract == abstract.strip()
    assert papers[0].urls == ("https://github.com/example/huge",)


JSONISH = st.lists(st.sampled_from(list('{}[]",:\n 0123456789.-eE\\utrfnalsx') + ['"title"', '"paper"', "null"]))


@property_settings(300)
@given(JSONISH.map("".join), st.sampled_from(["json", "jsonl"]))
def test_arbitrary_json_like_bytes_give_papers_or_a_kg_error(text: str, format: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input.{format}"
        path.write_text(text, encoding="utf-8")
        try:
            papers, _ = _read(path)
        except KgError as error:
            assert str(path) in str(error) and "\n" not in str(error)
            return
    assert all(paper.title.strip() for paper in papers)
