"""scripts/build.sh (the README's main job): its kg commands are valid for kg's CLI as written."""

from __future__ import annotations

import shlex
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

REPO = Path(__file__).resolve().parent.parent
SMALL_GRAPH = REPO / "tests" / "data" / "graph" / "small_graph.json"


def test_the_main_jobs_export_command_writes_the_html_view(tmp_path: Path) -> None:
    lines = [
        line for line in (REPO / "scripts" / "build.sh").read_text().splitlines() if line.startswith('"$kg" export')
    ]
    assert len(lines) == 1
    words = shlex.split(lines[0], comments=True)[1:]
    words = [
        str(SMALL_GRAPH) if word == "graph.json" else str(tmp_path / word) if word == "graph.html" else word
        for word in words
    ]
    result = CliRunner().invoke(main, words)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
