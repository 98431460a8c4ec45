"""Compile the research-task and arXiv-area tables kg ships, from Papers with Code's tasks and arXiv's categories.

Run once by kg's maintainers (the sources are not needed to build or test kg):

    python scripts/compile_taxonomy.py PATH/TO/taxonomies

PATH holds `pwc_tasks.csv`, `pwc_task_broader_edges.csv` (Papers with Code, CC BY-SA 4.0, via the
World-Snapshot/papers-with-code snapshot) and `arxiv_categories.csv` (arXiv's taxonomy, MIT). It
writes, in kg/vocabulary/data/:

- `pwc_tasks.tsv`: name, kind ("task"), aliases (none), broader (other tasks, or one of kg's
  areas) for every task with at least one dataset; the descriptions are not copied. Derived from
  Papers with Code data, so it keeps their CC BY-SA 4.0 license (LICENSE.pwc beside it).
- `pwc_benchmarks.tsv`: benchmark name -> the one or two tasks whose leaderboards Papers with Code
  kept on it ("GSM8K" -> mathematical reasoning), for benchmarks of at most MAX_BENCHMARK_TASKS tasks:
  a paper that evaluates on such a benchmark works on its task, even when it names the task only
  through the benchmark. Benchmarks of many tasks (ImageNet, COCO) say nothing about a paper's task.
- `arxiv_areas.tsv`: arXiv category code -> the area of kg's concept list it belongs to.
- `arxiv_categories.tsv`: arXiv category code -> its name ("cs.CV" -> "Computer Vision and Pattern
  Recognition"), every category arXiv lists (MIT, Cornell University: LICENSE.arxiv beside it).

Nothing here reads the papers a build reads.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "vocabulary" / "data"

# Papers with Code research areas -> areas of kg/vocabulary/data/concepts.tsv (None: not an area).
PWC_AREAS = {
    "Computer Vision": "computer vision",
    "Natural Language Processing": "natural language processing",
    "Medical": "medical AI",
    "Methodology": "machine learning",
    "Time Series": "time series analysis",
    "Graphs": "graph learning",
    "Audio": "audio processing",
    "Speech": "speech processing",
    "Computer Code": "software engineering",
    "Robots": "robotics",
    "Knowledge Base": "knowledge representation",
    "Reasoning": "reasoning",
    "Playing Games": "game playing",
    "Music": "audio processing",
    "Adversarial": "security and privacy",
    "Miscellaneous": None,
    "N/A": None,
}
# The snapshot's keyword guess, used when a task lists no area or too many to trust.
PWC_BUCKETS = {"cv": "computer vision", "nlp": "natural language processing", "audio": "audio processing"}

# arXiv category -> kg area (categories not listed have no area in kg's list).
ARXIV_AREAS = {
    "cs.CV": "computer vision",
    "eess.IV": "computer vision",
    "cs.CL": "natural language processing",
    "cs.LG": "machine learning",
    "stat.ML": "machine learning",
    "cs.AI": "artificial intelligence",
    "cs.RO": "robotics",
    "cs.IR": "information retrieval",
    "cs.GR": "computer graphics",
    "cs.HC": "human-computer interaction",
    "cs.CR": "security and privacy",
    "cs.SD": "audio processing",
    "eess.AS": "speech processing",
    "cs.SE": "software engineering",
    "cs.MM": "multimedia",
    "cs.NE": "machine learning",
    "cs.MA": "multi-agent system",
    "cs.CY": "computers and society",
    "cs.DB": "databases",
    "cs.DC": "distributed computing",
    "cs.SI": "social network analysis",
    "eess.SP": "signal processing",
    "q-bio.QM": "computational biology",
    "q-bio.BM": "computational biology",
}

_SPAM = re.compile(r"\d{6,}|deleted task|customer care|call", re.IGNORECASE)
# Not a task name: list punctuation, a hub named by a shot count ("10-shot image generation" above
# deblurring), a number with at most a letter ("16k"), a numbered copy ("... task 2").
_NOT_A_NAME = re.compile(r"[*,;!?]|^\d+-shot |^[\d\s.]+[a-z]?$|\btask \d+$", re.IGNORECASE)
_STOP = frozenset("and of the for a an in on with to from using by via".split())
_DETAILED = (
    "pwc_cv_tasks_detailed.csv",
    "pwc_nlp_tasks_detailed.csv",
    "pwc_audio_tasks_detailed.csv",
    "pwc_other_tasks_detailed.csv",
)


def _words(name: str) -> set[str]:
    return {word for word in re.findall(r"[a-z0-9]+", name.lower()) if word not in _STOP}


_PARENTHESIZED = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


def _display(name: str) -> tuple[str, list[str]]:
    """A task name as kg writes concept names (lowercase but for acronyms and proper names), and its aliases.

    "Named Entity Recognition (NER)" -> ("named entity recognition", ["NER"]); "3D Object Detection" ->
    ("3D object detection", []); the original spelling stays an alias when it differed only in case.
    """
    aliases = []
    match = _PARENTHESIZED.match(name)
    if match:
        name, inner = match.group(1), match.group(2)
        initials = "".join(word[0] for word in re.split(r"[\s-]+", name) if word and word.lower() not in _STOP).upper()
        if inner.isupper() and inner.replace("-", "").rstrip("S") == initials:
            aliases.append(inner)  # "(NER)" spells the name; "(RoI)" or "(all classes)" only qualify it
    words = [
        word if any(char.isdigit() for char in word) or sum(char.isupper() for char in word) > 1 else word.lower()
        for word in name.split()
    ]
    return " ".join(words), aliases


_ACRONYM = re.compile(r"\b\w*[A-Z]\w*[A-Z]\w*\b")  # "NER", "AutoML", "FEVER": names embeddings read poorly
RELATED_COSINE = 0.26  # read off the list of such edges: "model editing" -> "3D action recognition" is 0.25


def _unrelated_edges(edges: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Of task -> broader-task edges whose names share no word, those whose names are far apart in meaning.

    Papers with Code's hierarchy is crowd-edited; an edge such as "benchmarking" -> "data-free knowledge
    distillation" or "denoising" -> "3D architecture" would put every benchmarking or denoising paper
    under a task it is not about. Such an edge is dropped unless the names' MiniLM cosine (kg's own
    model) is at least RELATED_COSINE; names with acronyms are kept, as their embeddings say little.
    The task keeps its other parents, but not its areas (they come from the same placement): with
    none left it stands alone, reached by its own name only.
    """
    from kg.embeddings import embed_texts

    names = sorted({name for edge in edges for name in edge})
    vectors = dict(zip(names, embed_texts(names))) if names else {}
    return {
        (narrower, wider)
        for narrower, wider in edges
        if not (_ACRONYM.search(narrower) or _ACRONYM.search(wider))
        and float(vectors[narrower] @ vectors[wider]) < RELATED_COSINE
    }


def _dataset_names(source: Path) -> set[str]:
    """Names Papers with Code lists as a task's common datasets or benchmarks: datasets, not tasks."""
    names = set()
    for file_name in _DETAILED:
        for row in csv.DictReader((source / file_name).open(encoding="utf-8")):
            for column in ("Common Datasets (Top 10)", "Benchmarks"):
                names.update(" ".join(name.split()) for name in (row.get(column) or "").split(";") if name.strip())
    return names


MAX_BENCHMARK_TASKS = 2


def compile_benchmarks(source: Path, tasks: set[str]) -> list[tuple[str, str]]:
    """(benchmark, tasks) rows: each leaderboard benchmark of Papers with Code that at most
    MAX_BENCHMARK_TASKS tasks use (as a leaderboard or a common dataset), and those of its leaderboard
    tasks kg ships (`tasks`, display names; | separated).

    A split or setting in parentheses is part of the benchmark ("Lila (IID)" is Lila); a "task" named
    after a dataset ("GSM8K") is not counted as one. Counting the common datasets too keeps out the
    general-purpose sets (SQuAD) whose few leaderboards happen to be in unrelated tasks.
    """
    datasets = {name.lower() for name in _dataset_names(source)}
    leaderboards: dict[str, set[str]] = {}
    users: dict[str, set[str]] = {}
    for file_name in _DETAILED:
        for row in csv.DictReader((source / file_name).open(encoding="utf-8")):
            if " ".join(row["Task Name"].split()).lower() in datasets:
                continue
            task = _display(" ".join(row["Task Name"].split()))[0]
            for column in ("Benchmarks", "Common Datasets (Top 10)"):
                for name in (row.get(column) or "").split(";"):
                    match = _PARENTHESIZED.match(name.strip())
                    benchmark = " ".join((match.group(1) if match else name).split())
                    if len(benchmark) >= 2 and benchmark != "N/A":
                        users.setdefault(benchmark.lower(), set()).add(task)
                        if column == "Benchmarks":
                            leaderboards.setdefault(benchmark, set()).add(task)
    return [
        (benchmark, "|".join(sorted(names & tasks)))
        for benchmark, names in sorted(leaderboards.items())
        if names & tasks and len(users[benchmark.lower()]) <= MAX_BENCHMARK_TASKS
    ]


def compile_pwc(source: Path) -> list[tuple[str, str, str, str]]:
    """(name, kind, aliases, broader) rows of the Papers with Code tasks worth shipping."""
    tasks = {}
    datasets = _dataset_names(source)
    for row in csv.DictReader((source / "pwc_tasks.csv").open(encoding="utf-8")):
        name = " ".join(row["task"].split())
        unnamed = _SPAM.search(name) or _NOT_A_NAME.search(name) or len(name) < 3
        if int(row["dataset_count"] or 0) < 1 or unnamed or name in datasets:
            continue
        areas = [PWC_AREAS.get(area.strip()) for area in row["areas"].split(";")]
        areas = [area for area in dict.fromkeys(areas) if area]
        if not areas or len(areas) > 2:
            areas = [PWC_BUCKETS[row["snapshot_bucket"]]] if row["snapshot_bucket"] in PWC_BUCKETS else []
        tasks[name] = areas
    broader: dict[str, list[str]] = {name: [] for name in tasks}
    edges = [
        (" ".join(edge["narrower_task"].split()), " ".join(edge["broader_task"].split()))
        for edge in csv.DictReader((source / "pwc_task_broader_edges.csv").open(encoding="utf-8"))
    ]
    edges = [
        (narrower, wider) for narrower, wider in edges if narrower in tasks and wider in tasks and narrower != wider
    ]
    # Some "broader" tasks are junk hubs whose subtask lists are unrelated ("16k", "1 Image, 2*2 Stitchi"):
    # of a hub whose children mostly share no word with it, keep only the children that do.
    children: dict[str, list[str]] = {}
    for narrower, wider in edges:
        children.setdefault(wider, []).append(narrower)
    junk = {
        wider
        for wider, kids in children.items()
        if len(kids) >= 5 and sum(bool(_words(kid) & _words(wider)) for kid in kids) < 0.4 * len(kids)
    }
    unrelated = _unrelated_edges(
        [(narrower, wider) for narrower, wider in edges if not _words(narrower) & _words(wider)]
    )
    cut = set()  # tasks that lost an unrelated parent: Papers with Code misplaced them, their areas too
    for narrower, wider in edges:
        reversed_edge = _words(wider) > _words(narrower)  # "Object Detection" -> "2D Object Detection"
        shares_a_word = bool(_words(narrower) & _words(wider))
        if (narrower, wider) in unrelated:
            cut.add(narrower)
        elif not reversed_edge and (shares_a_word or wider not in junk):
            broader[narrower].append(wider)
    merged: dict[str, tuple[list[str], list[str], list[str]]] = {}  # display name -> aliases, parent tasks, areas
    for name, areas in sorted(tasks.items()):
        display, aliases = _display(name)
        entry = merged.setdefault(display, ([], [], []))
        entry[0].extend(aliases)
        entry[1].extend(_display(parent)[0] for parent in broader[name])
        entry[2].extend([] if name in cut else areas)
    rows = []
    for display, (aliases, parents, areas) in sorted(merged.items()):
        # a task under another task inherits that task's area; only a top task points to areas itself
        wider = [parent for parent in dict.fromkeys(parents) if parent != display] or list(dict.fromkeys(areas))
        rows.append((display, "task", "|".join(dict.fromkeys(aliases)), "|".join(wider)))
    return rows


def main() -> None:
    """Write pwc_tasks.tsv, pwc_benchmarks.tsv, arxiv_areas.tsv and arxiv_categories.tsv."""
    source = Path(sys.argv[1])
    categories = list(csv.DictReader((source / "arxiv_categories.csv").open(encoding="utf-8")))
    known = {row["category_id"] for row in categories}
    missing = sorted(set(ARXIV_AREAS) - known)
    if missing:
        raise SystemExit(f"not arXiv categories: {', '.join(missing)}")
    rows = compile_pwc(source)
    header = (
        "# Papers with Code tasks (name, kind, aliases, broader): compiled by scripts/compile_taxonomy.py from the\n"
        "# World-Snapshot/papers-with-code snapshot (c50b88e). Papers with Code data: CC BY-SA 4.0 (LICENSE.pwc).\n"
    )
    with (OUT / "pwc_tasks.tsv").open("w", encoding="utf-8") as out:
        out.write(header)
        out.writelines("\t".join(row) + "\n" for row in rows)
    with (OUT / "pwc_benchmarks.tsv").open("w", encoding="utf-8") as out:
        out.write(header.replace("tasks (name, kind, aliases, broader)", "benchmarks (benchmark, its tasks)"))
        out.writelines("\t".join(row) + "\n" for row in compile_benchmarks(source, {row[0] for row in rows}))
    with (OUT / "arxiv_areas.tsv").open("w", encoding="utf-8") as out:
        out.write("# arXiv category -> kg area (arXiv's taxonomy: arXiv/arxiv-base, MIT)\n")
        out.write("# compiled by scripts/compile_taxonomy.py\n")
        out.writelines(f"{code}\t{area}\n" for code, area in sorted(ARXIV_AREAS.items()))
    with (OUT / "arxiv_categories.tsv").open("w", encoding="utf-8") as out:
        out.write("# arXiv category code -> name (arXiv's taxonomy: arXiv/arxiv-base, MIT, LICENSE.arxiv)\n")
        out.write("# compiled by scripts/compile_taxonomy.py\n")
        out.writelines(
            f"{row['category_id']}\t{row['name']}\n" for row in sorted(categories, key=lambda r: r["category_id"])
        )
    (OUT / "LICENSE.arxiv").write_text(
        (source / "LICENSE.arxiv-base.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    print(f"{len(rows)} tasks, {len(ARXIV_AREAS)} arXiv categories")


if __name__ == "__main__":
    main()
