"""BibTeX entries: identity from eprint/doi, LaTeX resolved to text, names, dates, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KgError
from kg.records import Paper
from kg.sources import read_papers
from kg.sources.bibtex import latex_to_text
from tests.logs import kg_warnings

LIBRARY = Path(__file__).resolve().parent / "data" / "sources" / "library.bib"


def _read(path: Path) -> tuple[dict[str, Paper], list[str]]:
    with kg_warnings() as warnings:
        return {paper.id: paper for paper in read_papers([path])}, warnings


def test_arxiv_export_entry_takes_its_id_from_eprint() -> None:
    paper = _read(LIBRARY)[0]["2504.13519"]
    assert paper.title.startswith("Filter2Noise: Interpretable Self-Supervised")
    assert paper.abstract.endswith("https://github.com/sypsyp97/Filter2Noise.git .")
    assert len(paper.authors) == 8 and paper.authors[-1] == "Andreas Maier"
    assert paper.published == "2025"
    assert paper.categories == ("eess.IV",)
    assert paper.urls[0] == "https://arxiv.org/abs/2504.13519"
    assert paper.sources == (f"{LIBRARY}:4",)


def test_journal_entry_takes_its_id_from_the_doi_and_keeps_it_as_a_url() -> None:
    paper = _read(LIBRARY)[0]["10.1145/3724499"]
    assert paper.title == 'Making AI Less "Thirsty": Uncovering and Addressing the Secret Water Footprint of AI Models'
    assert paper.authors == ("Pengfei Li", "Jianyi Yang", "Mohammad A. Islam", "Shaolei Ren")
    assert paper.published == "2025-04"
    assert paper.urls == ("https://doi.org/10.1145/3724499", "https://github.com/Ren-Research/Making-AI-Less-Thirsty")
    assert "4.2 -- 6.6 billion" in paper.abstract  # \% and the rest of the text as written


def test_versioned_eprint_date_field_braced_names_and_et_al() -> None:
    paper = _read(LIBRARY)[0]["2501.00656"]
    assert paper.title == "2 OLMo 2 Furious"
    assert paper.published == "2024-12-31"
    assert paper.authors[:2] == ("Team OLMo", "Pete Walsh") and "others" not in paper.authors
    assert "best practices from Tülu 3" in paper.abstract


def test_entries_without_a_title_are_skipped_and_counted() -> None:
    papers, warnings = _read(LIBRARY)
    assert len(papers) == 3
    assert warnings == [f"{LIBRARY}: skipped 1 record(s) without a title"]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{BERT}: Pre-training of {D}eep Nets", "BERT: Pre-training of Deep Nets"),
        (r"M{\"u}ller and Garc{\'\i}a and \c{C}elik and Erd\H{o}s", "Müller and García and Çelik and Erdős"),
        (r"50\% of \emph{all} \& more \$5 \_x", "50% of all & more $5 _x"),
        (
            r"see \url{https://github.com/a/b} or \href{https://x.org}{the site}",
            "see https://github.com/a/b or the site (https://x.org)",
        ),
        (r"math $O(n^{2})$ and \alpha stay", "math $O(n^2)$ and \\alpha stay"),
        ("a title\n   wrapped  over lines", "a title wrapped over lines"),
        (r"MATCH (n) DETACH DELETE n; <b>x</b> ``quoted''", 'MATCH (n) DETACH DELETE n; <b>x</b> "quoted"'),
    ],
)
def test_latex_values_become_plain_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def _bib_file(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text("\n".join(entries) + "\n")
    return path


def test_a_syntax_error_names_the_file_and_entry_line(tmp_path: Path) -> None:
    path = _bib_file(
        tmp_path, "@article{ok, title={Fine}}\n", "@misc{bad,\n  title = {Unclosed\n", "@misc{next, title={A}}"
    )
    with pytest.raises(KgError, match=r"refs\.bib: line 3: invalid BibTeX \(Unexpected block start"):
        _read(path)


def test_duplicate_keys_are_read_not_refused(tmp_path: Path) -> None:
    path = _bib_file(tmp_path, "@misc{same, title={First Title}}", "@misc{same, title={Second Title}}")
    assert sorted(paper.title for paper in _read(path)[0].values()) == ["First Title", "Second Title"]
