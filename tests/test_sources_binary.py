"""Binary files are refused by what they are, in one line; gzip-compressed listings are read as what is inside."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from kg.build import build_knowledge_graph
from kg.cli import main
from kg.errors import KgError
from kg.sources import read_papers

LISTING = Path(__file__).parent / "data" / "sources" / "arxiv_listing_2025-04.jsonl"
SIZES = (
    1,
    2,
    7,
    16,
    100,
    511,
    1000,
    2048,
    4095,
    4096,
    5000,
    8191,
    8192,
    8193,
    10_000,
    20_000,
    40_000,
    65_536,
    100_000,
    250_000,
)


@pytest.mark.parametrize("size", SIZES)
def test_random_bytes_of_any_size_are_refused_as_binary(size: int, tmp_path: Path) -> None:
    path = tmp_path / f"random-{size}.jsonl"
    path.write_bytes(np.random.default_rng(size).integers(0, 256, size, dtype=np.uint8).tobytes())
    with pytest.raises(
        KgError, match=rf"^{path}: binary file, not a paper listing; remove it or pass the intended file$"
    ):
        list(read_papers([path]))


def _zip_with_a_listing() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("papers.jsonl", LISTING.read_text(encoding="utf-8"))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "a PDF, not a paper listing; kg reads listings of titles and abstracts",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "a PNG image, not a paper listing"),
        (_zip_with_a_listing(), "a zip archive (or an Office document), not a paper listing; extract the listing"),
        (gzip.compress(b"%PDF-1.4\nnot a listing\n"), "a PDF, not a paper listing"),  # what is inside counts
    ],
    ids=["pdf", "png", "zip", "gzipped-pdf"],
)
def test_common_binary_types_are_named_with_what_to_do_in_one_line(content: bytes, says: str, tmp_path: Path) -> None:
    path = tmp_path / "papers.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["sources", str(path)])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"Error: {path}: {says}")


def test_text_with_a_few_bad_bytes_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    record = {"id": "2504.00001", "title": "Caf\u00e9 networks", "abstract": "A study of caf\u00e9s. " * 50}
    path.write_bytes(json.dumps(record, ensure_ascii=False).encode("latin-1") + b"\n")
    [paper] = read_papers([path])
    assert paper.title == "Caf\ufffd networks"


def test_a_gzipped_listing_gives_the_same_papers_and_the_same_graph(tmp_path: Path) -> None:
    compressed = tmp_path / "listing.jsonl.gz"
    compressed.write_bytes(gzip.compress(LISTING.read_bytes()))
    plain, packed = list(read_papers([LISTING])), list(read_papers([compressed]))
    assert [(p.id, p.title, p.abstract, p.authors) for p in packed] == [
        (p.id, p.title, p.abstract, p.authors) for p in plain
    ]
    folder_copy = tmp_path / "folder"
    folder_copy.mkdir()
    (folder_copy / "listing.jsonl.gz").write_bytes(compressed.read_bytes())
    assert [p.id for p in read_papers([folder_copy])] == [p.id for p in plain]  # folders are searched for .gz too

    def without_sources(path: Path) -> dict:
        data = json.loads(build_knowledge_graph([path], tmp_path / f"{path.name}.json").output.read_text())
        for node in data["nodes"]:
            node.pop("sources", None)
        return data

    assert without_sources(compressed) == without_sources(LISTING)


def test_a_cut_off_gzip_file_is_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(LISTING.read_bytes() * 20)[:400])
    with pytest.raises(KgError, match=rf"^{path}: a damaged or cut-off gzip file; compress the listing again$"):
        list(read_papers([path]))
