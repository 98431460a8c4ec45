"""`kg sources`: table and JSONL output, the count and warnings on stderr, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.sources import read_papers

SEED = Path(__file__).resolve().parent.parent / "seeds" / "hf-trending-papers-apr22.txt"
DATA = Path(__file__).resolve().parent / "data" / "sources"


def test_table_lists_every_paper_with_a_header_and_counts_on_stderr() -> None:
    result = CliRunner().invoke(main, ["sources", str(SEED)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "date", "authors", "urls", "title"]
    assert len(lines) == 1 + 65
    assert lines[1].split()[:4] == [next(iter(read_papers([SEED]))).id, "Apr", "22", "0"]
    assert result.stderr.strip() == "65 paper(s)"


def test_jsonl_prints_full_records_one_per_line() -> None:
    result = CliRunner().invoke(main, ["sources", str(DATA / "hf_daily_papers.json"), "--output", "jsonl"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["id"] for record in records] == ["2504.13519", "2501.15915", "2305.18323"]
    fields = ["id", "title", "abstract", "urls", "authors", "published", "listed", "categories", "sources"]
    assert list(records[0]) == fields


def test_format_option_forces_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text("Forced Title\n\nForced abstract text.\n")
    result = CliRunner().invoke(main, ["sources", str(path), "--format", "listing", "--output", "jsonl"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "Forced Title"


def test_warnings_go_to_stderr_and_keep_stdout_clean(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_text('[{"title": "Kept"}, {"abstract": "no title"}]')
    result = CliRunner().invoke(main, ["sources", str(path), "--output", "jsonl"])
    assert result.exit_code == 0
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Kept"]
    assert result.stderr.splitlines() == [f"warning: {path}: skipped 1 record(s) without a title", "1 paper(s)"]


def test_a_bad_file_exits_non_zero_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('[\n  {"title": "A"},\n  {"title" "B"}\n]\n')
    result = CliRunner().invoke(main, ["sources", str(path)])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {path}: line 3, column 12: invalid JSON (Expecting ':' delimiter); fix or remove the file"
    ]
    assert "Traceback" not in result.output
