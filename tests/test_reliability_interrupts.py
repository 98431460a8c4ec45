"""Ctrl-C and SIGTERM stop kg cleanly: real `kg` processes, real signals, sent while the work is demonstrably under way.

A stopped command exits 1 with click's one line "Aborted!" (SIGTERM is turned into the same interrupt
as Ctrl-C), leaves no temp file or folder behind and keeps the previous output byte for byte.
`kg build` during extraction is covered by tests/test_cli_build.py::test_a_stopped_build_leaves_the_previous_output_intact.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import EXPORT_FORMATS
from kg.neo4j.loader import count_kg_nodes, wipe_kg_nodes
from tests.signals import default_sigint
from tests.synthetic_graphs import write_synthetic_graph
from tests.waiting import wait_until

PAPERS = 3000
SMALL_GRAPH = Path(__file__).parent / "data" / "graph" / "small_graph.json"
SECONDS = 600  # generous bound on any one subprocess, so a hang fails instead of blocking the suite
SIGNALS = pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "csv": "", "cypher": ".cypher", "html": ".html"}


@pytest.fixture(scope="module")
def large_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph.json of thousands of papers, big enough that every export takes a while to write."""
    path = tmp_path_factory.mktemp("large") / "graph.json"
    write_synthetic_graph(path, PAPERS)
    return path


def kg(*arguments: str, **options: object) -> subprocess.Popen[bytes]:
    """Start `python -m kg ARGUMENTS` as its own process, stdout and stderr piped."""
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=default_sigint,
        **options,
    )


def temp_siblings(output: Path) -> list[Path]:
    """The hidden temp files/folders kg's atomic writers create next to `output` (".NAME.*")."""
    return sorted(output.parent.glob(f".{output.name}.*"))


def snapshot(path: Path) -> dict[str, bytes]:
    """The bytes of a file, or of every file in a folder, by relative name."""
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {str(file.relative_to(path)): file.read_bytes() for file in sorted(path.rglob("*")) if file.is_file()}


def assert_aborted_cleanly(process: subprocess.Popen[bytes]) -> None:
    """Exit 1 with exactly one line, "Aborted!", on stderr: an interrupt handled by kg, not death by the signal."""
    _, error = process.communicate(timeout=SECONDS)
    assert process.returncode == 1, error
    assert error.decode().strip() == "Aborted!"


@pytest.mark.parametrize("export_format", list(EXPORT_FORMATS))
@SIGNALS
def test_a_stopped_export_leaves_the_previous_export_and_no_temp_files(large_graph, tmp_path, export_format, stop):
    output = tmp_path / f"export{SUFFIXES[export_format]}"
    previous = CliRunner().invoke(main, ["export", str(SMALL_GRAPH), "--format", export_format, "-o", str(output)])
    assert previous.exit_code == 0, previous.output
    before = snapshot(output)

    exporting = kg("export", str(large_graph), "--format", export_format, "-o", str(output))
    deadline = time.monotonic() + SECONDS
    while not temp_siblings(output) and exporting.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    assert temp_siblings(output), "the export never started writing (or finished before it could be stopped)"
    exporting.send_signal(stop)

    assert_aborted_cleanly(exporting)
    assert snapshot(output) == before
    assert temp_siblings(output) == []


def test_a_stopped_load_exits_cleanly_and_running_it_again_completes(neo4j_settings, large_graph):
    wipe_kg_nodes(neo4j_settings)
    graph = json.loads(large_graph.read_text(encoding="utf-8"))
    loading = kg("load", str(large_graph), "--batch-size", "50")
    deadline = time.monotonic() + SECONDS
    while count_kg_nodes(neo4j_settings) == 0 and loading.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert loading.poll() is None, "the load finished before it could be stopped"
    loading.send_signal(signal.SIGTERM)
    assert_aborted_cleanly(loading)
    assert 0 < count_kg_nodes(neo4j_settings) < len(graph["nodes"])

    rerun = kg("load", str(large_graph))
    output, error = rerun.communicate(timeout=SECONDS)
    assert rerun.returncode == 0, error
    assert count_kg_nodes(neo4j_settings) == len(graph["nodes"])
    wipe_kg_nodes(neo4j_settings)


def process_state(pid: int) -> tuple[str, int] | None:
    """(state letter, parent pid) of a process from /proc, or None once it is gone."""
    try:
        state, parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:2]
    except (OSError, IndexError):
        return None
    return state, int(parent)


def live_children(pid: int) -> list[int]:
    """The running (not zombie) processes whose parent is `pid`."""
    states = {
        int(entry.name): process_state(int(entry.name)) for entry in Path("/proc").iterdir() if entry.name.isdigit()
    }
    return [child for child, state in states.items() if state is not None and state[1] == pid and state[0] != "Z"]


def acronym_rich_papers(count: int) -> list[dict[str, str]]:
    """`count` records (more than one chunk of 256, so two workers start) defining four acronyms each.

    The corpus acronym table every worker receives at start-up then outgrows a pipe buffer, as it
    does for real corpora, so the build is stopped while it is still handing work to its workers.
    """
    words = (
        "Sparse Graph Neural Attention Transformer Retrieval Memory Latent "
        "Diffusion Contrastive Hierarchical Adaptive Recurrent Temporal Spectral Causal"
    ).split()
    combinations = itertools.permutations(words, 3)
    records = []
    for number in range(count):
        definitions = [next(combinations) for _ in range(4)]
        sentences = " ".join(
            f"We introduce {' '.join(long_form)} ({''.join(word[0] for word in long_form)})."
            for long_form in definitions
        )
        records.append({"title": f"Study {number} of long documents", "abstract": sentences})
    return records


def command_line(pid: int) -> str:
    """The command line of a process ('' once it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def is_alive(pid: int) -> bool:
    """Whether a process still runs (a zombie has exited: only its exit status is left)."""
    return (process_state(pid) or ("Z",))[0] != "Z"


def test_a_stopped_build_with_two_workers_prints_one_line_and_leaves_no_workers(tmp_path):
    papers = tmp_path / "papers.jsonl"
    papers.write_text("".join(json.dumps(record) + "\n" for record in acronym_rich_papers(600)), encoding="utf-8")
    output = tmp_path / "graph.json"
    output.write_text('{"previous": true}', encoding="utf-8")
    building = kg("build", str(papers), "-o", str(output), "--workers", "2", env={**os.environ, "HF_HUB_OFFLINE": "1"})

    def workers() -> list[int]:
        return [pid for pid in live_children(building.pid) if "spawn_main" in command_line(pid)]

    wait_until(lambda: len(workers()) == 2 or building.poll() is not None, "the two workers to start", SECONDS)
    started = workers()
    helpers = live_children(building.pid)  # the workers and multiprocessing's resource tracker
    building.send_signal(signal.SIGTERM)

    _, error = building.communicate(timeout=SECONDS)
    assert building.returncode == 1
    assert error.decode().strip().splitlines()[-1] == "Aborted!" and "Traceback" not in error.decode()
    assert json.loads(output.read_text(encoding="utf-8")) == {"previous": True}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["graph.json", "papers.jsonl"]
    assert len(started) == 2 and [pid for pid in started if is_alive(pid)] == []  # kg waited for its workers
    # The resource tracker ends by itself once its parent is gone (it reads end-of-file); it must not linger.
    wait_until(lambda: not any(is_alive(pid) for pid in helpers), "kg's helper processes to end", 60)
