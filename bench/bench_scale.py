"""Scale-out: `kg build --engine ray` from 1,000 to 100,000 abstracts — time, memory, cost curve, throughput per worker.

Every build is its own `kg build corpus.jsonl -o graph.parquet` process with a cold embedding cache
(a fresh $KG_CACHE_DIR), timed from process start to exit. Memory is sampled every half second
over the whole process tree (the driver, the local Ray cluster's services and its worker actors):
the peak of the driver alone and the peak of the tree. The baseline, measured in the same run, is
the local engine (`--engine local`, one process) at `--baseline-size`; throughput per worker
compares `--workers 1` and `--workers 2` at `--worker-size`. The exponent b of time ≈ a·N^b is a
least-squares fit over the Ray runs of `--sizes`.

Data: `arxiv_2025-04.jsonl` (3,507 real abstracts) from $KG_DATA_DIR or ../shared/data; beyond
that, abstracts are reused with new ids and " (copy k)" in the title (bench_extract.py), so every
document is embedded again but its phrases mostly are not: large N overstates phrase reuse.

    python bench/bench_scale.py                                   # about 90 minutes on 2 cores
    python bench/bench_scale.py --sizes 1000,3000 --baseline-size 1000 --worker-size 1000 --keep out/
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_build import fitted_exponent  # noqa: E402
from bench.bench_extract import write_corpus  # noqa: E402


@dataclass(frozen=True)
class BuildRun:
    """One `kg build` process: its wall time and the peak memory of the driver and of its process tree."""

    papers: int
    engine: str
    workers: int
    seconds: float
    driver_peak_mb: float
    tree_peak_mb: float

    @property
    def papers_per_second(self) -> float:
        """Throughput end to end (process start to graph written)."""
        return self.papers / self.seconds


def resident_mb_by_parent() -> dict[int, tuple[int, float]]:
    """Every process on this machine (Linux /proc): pid -> (parent pid, resident MB)."""
    table: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            pages = int((entry / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        table[int(entry.name)] = (parent, pages * os.sysconf("SC_PAGE_SIZE") / 2**20)
    return table


def tree_rss_mb(root: int) -> tuple[float, float]:
    """(resident MB of process `root`, resident MB of it and all its descendants)."""
    table = resident_mb_by_parent()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    members, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        members.append(pid)
        frontier.extend(children.get(pid, []))
    own = table.get(root, (0, 0.0))[1]
    return own, sum(table.get(pid, (0, 0.0))[1] for pid in members)


def timed_build(corpus: Path, papers: int, engine: str, workers: int, output: Path) -> BuildRun:
    """Run one cold `kg build` to completion, sampling its memory; SystemExit with its stderr tail if it fails."""
    cache = Path(tempfile.mkdtemp(prefix="kg-bench-cache-"))
    environment = {**os.environ, "KG_CACHE_DIR": str(cache), "RAY_USAGE_STATS_ENABLED": "0"}
    command = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(output)]
    command += ["--engine", engine, "--workers", str(workers)]
    log = output.parent / f"build-{engine}-{workers}-{papers}.log"
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as errors:
        process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=errors)
        driver_peak = tree_peak = 0.0
        while process.poll() is None:
            driver, tree = tree_rss_mb(process.pid)
            driver_peak, tree_peak = max(driver_peak, driver), max(tree_peak, tree)
            time.sleep(0.5)
    seconds = time.perf_counter() - started
    shutil.rmtree(cache, ignore_errors=True)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{log.read_text()[-3000:]}")
    return BuildRun(papers, engine, workers, seconds, driver_peak, tree_peak)


def print_row(label: str, run: BuildRun, baseline: BuildRun | None) -> None:
    """One table row, with the ratio of its throughput to the baseline's when there is one."""
    ratio = f"{run.papers_per_second / baseline.papers_per_second:.2f}x" if baseline else ""
    print(
        f"| {run.papers:,} | {label} | {run.seconds:,.0f} | {run.papers_per_second:.1f} | "
        f"{run.driver_peak_mb:,.0f} | {run.tree_peak_mb:,.0f} | {ratio} |",
        flush=True,
    )


def main() -> None:
    """Build at each size on Ray, the local baseline and the one-worker run; print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes N for the Ray runs")
    parser.add_argument("--workers", type=int, default=2, help="Ray workers for the size runs")
    parser.add_argument("--baseline-size", type=int, default=10000, help="N of the local-engine baseline")
    parser.add_argument("--worker-size", type=int, default=3000, help="N of the one-worker vs two-worker comparison")
    parser.add_argument("--keep", type=Path, help="keep the corpora, graphs and build logs in this folder")
    arguments = parser.parse_args()
    sizes = sorted(int(size) for size in arguments.sizes.split(","))

    work = arguments.keep or Path(tempfile.mkdtemp(prefix="kg-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    corpora: dict[int, Path] = {}

    def corpus(papers: int) -> Path:
        if papers not in corpora:
            corpora[papers] = work / f"corpus-{papers}.jsonl"
            write_corpus(papers, corpora[papers])
        return corpora[papers]

    def build(papers: int, engine: str, workers: int) -> BuildRun:
        return timed_build(corpus(papers), papers, engine, workers, work / f"graph-{engine}-{workers}-{papers}.parquet")

    print(f"Throughput per worker at N = {arguments.worker_size:,}:")
    print("| workers | seconds | papers/s | papers/s per worker |")
    print("|---|---|---|---|", flush=True)
    for workers in (1, 2):
        run = build(arguments.worker_size, "ray", workers)
        print(
            f"| {workers} | {run.seconds:,.0f} | {run.papers_per_second:.1f} | {run.papers_per_second / workers:.1f} |",
            flush=True,
        )

    print("\n| N | run | seconds | papers/s | driver peak MB | all processes peak MB | vs local |")
    print("|---|---|---|---|---|---|---|", flush=True)
    baseline = build(arguments.baseline_size, "local", 1)
    print_row("kg build --engine local (baseline)", baseline, None)
    runs: list[BuildRun] = []
    for papers in sizes:
        run = build(papers, "ray", arguments.workers)
        runs.append(run)
        print_row(
            f"kg build --engine ray --workers {arguments.workers}", run, baseline if papers == baseline.papers else None
        )
    if len(runs) >= 2:
        exponent = fitted_exponent([run.papers for run in runs], [run.seconds for run in runs])
        print(f"\nFitted exponent of time over N (Ray runs): b = {exponent:.2f}")
    if not arguments.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
