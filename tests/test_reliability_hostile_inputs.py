"""Hostile and broken inputs through real `kg` processes: refused with one line naming the file, or read and kept verbatim.

tests/data/hostile/refused holds small broken files (empty, binary, UTF-16, truncated JSON/XML/BibTeX,
billion laughs, external entities, ...); tests/data/hostile/accepted holds hostile but valid text
(Cypher, HTML and JS injection, template strings, NUL bytes, lone surrogates, bidi controls, mixed
encodings, BOM + CRLF). Large or special inputs (10 MB abstract, deep nesting, a FIFO, a device) are
made at test time. Every `kg` process runs with a finite address space and a timeout, so a hang or
runaway memory fails the test instead of the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from kg.errors import KgError
from kg.graph import read_graph
from kg.neo4j.loader import load_graph, wipe_kg_nodes
from kg.sources import read_papers
from tests.headless_chromium import assert_no_injected_script_ran, headless_browser, open_graph_page, require_chromium

HOSTILE = Path(__file__).parent / "data" / "hostile"
REFUSED = HOSTILE / "refused"
ACCEPTED = HOSTILE / "accepted"
SEED = Path(__file__).parent.parent / "seeds" / "hf-trending-papers-apr22.txt"
SMALL_GRAPH = Path(__file__).parent / "data" / "graph" / "small_graph.json"
MEMORY_LIMIT = 6 << 30  # bytes of address space per kg process: a build with the model needs about 4 GiB
SECONDS = 600  # per kg process; generous, only there so that a hang fails

UNSAFE_XML = "the XML declares entities or external references, which kg never expands (unsafe XML)"
REFUSED_FILES = {  # file in tests/data/hostile/refused -> its documented error, after "Error: <path>"
    "empty.jsonl": ": empty file; remove it or give it paper records",
    "whitespace_only.txt": ": empty file; remove it or give it paper records",
    "binary.json": ": a PNG image, not a paper listing; pass a paper listing instead",
    "utf16.txt": ": UTF-16/UTF-32 text; kg reads UTF-8: re-save it as UTF-8 (e.g. iconv -t UTF-8)",
    "truncated.json": ": line 1, column 76: invalid JSON (Unterminated string starting at); fix or remove the file",
    "truncated.jsonl": ": line 2, column 18: invalid JSON (Unterminated string starting at); fix or remove the file",
    "truncated.xml": ": line 3, column 68: invalid XML (no element found); fix or remove the file",
    "truncated.bib": ": line 1: invalid BibTeX (Unexpectedly reached end of file.); fix or remove the file",
    "billion_laughs.xml": f": {UNSAFE_XML}; remove its DOCTYPE or export the feed again",
    "external_entity.xml": f": {UNSAFE_XML}; remove its DOCTYPE or export the feed again",
    "not_atom.xml": ": XML root is <html>, not an Atom <feed> from the arXiv API; pass an arXiv export",
    "records_not_objects.json": "#1: expected a JSON object per paper, found a list; fix or remove the file",
}
NESTED_TOO_DEEP = ": line 1: JSON nested too deeply to read; fix or remove the file"
NOT_A_FILE = ": not a regular file (a pipe, device or socket); save the input to a file and pass that"


def _limit_memory() -> None:
    """In the child before exec: cap its address space, so runaway memory ends in MemoryError, not swapping."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_kg(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m kg ARGUMENTS` in its own process, with the memory limit and the timeout."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *arguments],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_limit_memory,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def run_kg_together(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Several `run_kg` commands at once (one per core is enough: most of each is Python start-up)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda arguments: run_kg(*arguments), commands))


def assert_one_line_error(result: subprocess.CompletedProcess[str], expected: str) -> None:
    """Exit 1, nothing on stdout, and exactly the expected error line on stderr (no traceback)."""
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"Error: {expected}\n")


def generated_refused(folder: Path) -> dict[Path, str]:
    """Refused inputs made at test time (too big to commit, or not files at all) -> their error after the path."""
    nested_json = folder / "nested.json"
    nested_json.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    nested_jsonl = folder / "nested.jsonl"
    nested_jsonl.write_text('{"title": "Deep", "abstract": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    fifo = folder / "papers.jsonl"
    os.mkfifo(fifo)  # opening it would block forever: nobody writes
    device = folder / "zero.jsonl"
    device.symlink_to("/dev/zero")  # endless: reading it whole would never finish
    return {nested_json: NESTED_TOO_DEEP, nested_jsonl: NESTED_TOO_DEEP, fifo: NOT_A_FILE, device: NOT_A_FILE}


@pytest.mark.parametrize("name", sorted(REFUSED_FILES))
def test_kg_sources_and_build_refuse_a_broken_file_with_one_line_naming_it(name: str, tmp_path: Path) -> None:
    path = REFUSED / name
    for result in run_kg_together(["sources", str(path)], ["build", str(path), "-o", str(tmp_path / "graph.json")]):
        assert_one_line_error(result, f"{path}{REFUSED_FILES[name]}")
    assert list(tmp_path.iterdir()) == []


def test_deep_nesting_pipes_and_devices_are_refused_without_recursion_errors_or_hangs(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for path, error in generated_refused(inputs).items():
        for result in run_kg_together(["sources", str(path)], ["build", str(path), "-o", str(tmp_path / "graph.json")]):
            assert_one_line_error(result, f"{path}{error}")
    assert not (tmp_path / "graph.json").exists()


def test_deeply_nested_xml_and_bibtex_are_read_within_the_memory_limit(tmp_path: Path) -> None:
    feed = tmp_path / "nested.xml"
    feed.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom">' + "<a>" * 300_000 + "</a>" * 300_000 + "</feed>", encoding="utf-8"
    )
    library = tmp_path / "nested.bib"
    library.write_text(
        "@article{deep, title = {" + "{" * 100_000 + "Deep}" + "}" * 100_000 + ", abstract = {Braces.}}\n",
        encoding="utf-8",
    )
    no_papers = run_kg("sources", str(feed))
    assert (
        no_papers.returncode == 0 and no_papers.stderr == f"warning: {feed}: no papers found in this file\n0 paper(s)\n"
    )
    read = run_kg("sources", str(library), "--output", "jsonl")
    assert read.returncode == 0, read.stderr
    assert [json.loads(line)["title"] for line in read.stdout.splitlines()] == ["Deep"]


def ten_megabyte_abstract(folder: Path) -> tuple[Path, str]:
    """A JSONL file whose first record has a single-line abstract of 10 MB of real abstract text."""
    abstracts = " ".join(paper.abstract for paper in read_papers([SEED]))
    abstract = (abstracts * (10_000_000 // len(abstracts) + 1))[:10_000_000].strip()
    path = folder / "huge.jsonl"
    records = [
        {"title": "A Paper With a Ten Megabyte Abstract", "abstract": abstract},
        {
            "title": "Filter2Noise: Interpretable Denoising",
            "abstract": "We propose Filter2Noise for low-dose CT denoising.",
        },
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path, abstract


def test_kg_sources_reads_a_ten_megabyte_single_line_abstract_whole(tmp_path: Path) -> None:
    path, abstract = ten_megabyte_abstract(tmp_path)
    result = run_kg("sources", str(path), "--output", "jsonl")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["abstract"] for line in result.stdout.splitlines()][0] == abstract


def test_kg_build_handles_a_ten_megabyte_abstract_within_the_memory_limit_and_keeps_it_whole(tmp_path: Path) -> None:
    path, abstract = ten_megabyte_abstract(tmp_path)
    result = run_kg("build", str(path), "-o", str(tmp_path / "graph.json"), "--no-embeddings")
    assert result.returncode == 0, result.stderr[-2000:]
    nodes = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))["nodes"]
    assert abstract in [node.get("abstract") for node in nodes]


# -- damaged graph files: refused before anything is written ----------------------------------


def damaged_graphs(folder: Path) -> dict[Path, str]:
    """graph.json files broken by hand -> their error after the path (the small test graph, edited)."""
    valid = SMALL_GRAPH.read_text(encoding="utf-8")
    without_key, dangling = json.loads(valid), json.loads(valid)
    del without_key["nodes"][0]["key"]
    dangling["edges"][0]["target"] = "Concept:nowhere"
    damaged_file = " is a damaged kg graph file ({}); rebuild it with `kg build`"
    damaged = {
        "nested.json": (
            '{"graph": {"kg_version": "0", "schema": 1}, "nodes": ' + "[" * 100_000 + "]" * 100_000 + ', "edges": []}',
            " is not a kg graph file (JSON nested too deeply to read); build one with `kg build SOURCES -o {path}`",
        ),
        "without_key.json": (json.dumps(without_key), damaged_file.format("node 1 lacks the attribute 'key' as text")),
        "dangling.json": (json.dumps(dangling), damaged_file.format("edge 1 joins nodes the file does not hold")),
    }
    for name, (text, _) in damaged.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {folder / name: error.replace("{path}", str(folder / name)) for name, (_, error) in damaged.items()}


def test_damaged_graph_files_are_refused_by_load_and_export_with_one_line(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for path, error in damaged_graphs(inputs).items():
        for result in run_kg_together(["load", str(path)], ["export", str(path), "-o", str(tmp_path / "graph.html")]):
            assert (result.returncode, result.stdout, result.stderr) == (1, "", f"Error: {path}{error}\n")
    assert not (tmp_path / "graph.html").exists()


def _edited_small_graph(edit: Callable[[dict[str, Any]], None]) -> str:
    """The small test graph as JSON text after `edit` changed its data."""
    graph = json.loads(SMALL_GRAPH.read_text(encoding="utf-8"))
    edit(graph)
    return json.dumps(graph)


def _paper(graph: dict[str, Any]) -> dict[str, Any]:
    return next(node for node in graph["nodes"] if node["label"] == "Paper" and node.get("embedding"))


VALUES_NEO4J_WOULD_REFUSE = {
    "string_vector": (
        lambda graph: _paper(graph).update(embedding=["not a number"] * len(_paper(graph)["embedding"])),
        "'embedding' should be list of numbers",
    ),
    "map_property": (lambda graph: _paper(graph).update(title={"nested": "map"}), "'title' should be text"),
    "nan_score": (lambda graph: graph["edges"][0].update(score=float("nan")), "'score' should be number, not NaN"),
    "empty_attribute_name": (lambda graph: _paper(graph).update({"": "x"}), "an attribute name Neo4j refuses"),
    "mixed_list": (lambda graph: _paper(graph).update(extra=[1, "a"]), "'extra' should be text, a number or a list"),
    "other_dimensions": (
        lambda graph: _paper(graph).update(embedding=_paper(graph)["embedding"][:8]),
        "embeddings of 8 and 384 dimensions",
    ),
}


@pytest.mark.parametrize("name", sorted(VALUES_NEO4J_WOULD_REFUSE))
def test_a_graph_file_with_a_value_neo4j_would_refuse_changes_nothing_in_the_database(
    name: str, neo4j_settings, neo4j_driver, tmp_path: Path
) -> None:
    edit, says = VALUES_NEO4J_WOULD_REFUSE[name]
    path = tmp_path / "graph.json"
    path.write_text(_edited_small_graph(edit), encoding="utf-8")
    wipe_kg_nodes(neo4j_settings)
    try:
        assert run_kg("load", str(SMALL_GRAPH)).returncode == 0
        before = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n, collect(n.kg_load)[0] AS stamp").records
        result = run_kg("load", str(path))
        after = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n, collect(n.kg_load)[0] AS stamp").records
    finally:
        wipe_kg_nodes(neo4j_settings)
    assert result.returncode == 1 and result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert f"{path} is a damaged kg graph file (" in result.stderr and says in result.stderr
    assert result.stderr.rstrip().endswith("rebuild it with `kg build`")
    assert [record.data() for record in after] == [record.data() for record in before]


# -- hostile but valid text: read, built, loaded and exported verbatim ------------------------


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`kg build` of tests/data/hostile/accepted: (graph.json path, what the build printed on stderr)."""
    output = tmp_path_factory.mktemp("hostile") / "graph.json"
    result = run_kg("build", str(ACCEPTED), "-o", str(output))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    return output, result.stderr


def papers_by_key(graph_file: Path) -> dict[str, dict[str, Any]]:
    """The Paper nodes of a graph.json by key."""
    nodes = json.loads(graph_file.read_text(encoding="utf-8"))["nodes"]
    return {node["key"]: node for node in nodes if node["label"] == "Paper"}


def test_hostile_text_is_kept_verbatim_in_graph_json(hostile_graph: tuple[Path, str]) -> None:
    papers = papers_by_key(hostile_graph[0])
    read = list(read_papers([ACCEPTED]))
    assert len(papers) == len(read)
    assert {Path(source.rsplit(":", 1)[0].split("#")[0]).name for paper in read for source in paper.sources} == {
        path.name for path in ACCEPTED.iterdir()
    }
    for paper in read:
        node = papers[paper.id]
        assert (node["title"], node["name"], node["abstract"], node["authors"]) == (
            paper.title,
            paper.title,
            paper.abstract,
            list(paper.authors),
        )
    injected = [json.loads(line) for line in (ACCEPTED / "injection.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {record["title"] for record in injected} <= {node["title"] for node in papers.values()}
    assert {record["abstract"] for record in injected} <= {node["abstract"] for node in papers.values()}


def test_kg_sources_prints_hostile_text_verbatim() -> None:
    result = run_kg("sources", str(ACCEPTED), "--output", "jsonl")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    printed = [
        json.loads(line) for line in result.stdout.split("\n") if line
    ]  # not splitlines(): U+2028 is inside a record
    assert [(record["title"], record["abstract"]) for record in printed] == [
        (paper.title, paper.abstract) for paper in read_papers([ACCEPTED])
    ]


def test_undecodable_text_becomes_replacement_characters_with_one_warning_per_file(
    hostile_graph: tuple[Path, str],
) -> None:
    graph_file, stderr = hostile_graph
    titles = {node["title"] for node in papers_by_key(graph_file).values()}
    assert "Latin-1 Caf\ufffd R\ufffdsum\ufffd Title" in titles  # Windows-1252 bytes in a UTF-8 listing
    assert "Lone \ufffd Surrogates Become Replacement Characters" in titles  # a JSON "\ud800" escape
    assert "A Windows Saved Listing With BOM" in titles and "Raw\x00NUL Bytes in a Listing Title" in titles
    assert stderr.count("mixed_encoding.txt: line 5: text is not valid UTF-8") == 1


def test_hostile_text_round_trips_verbatim_through_neo4j(
    neo4j_settings, neo4j_driver, hostile_graph: tuple[Path, str]
) -> None:
    graph_file = hostile_graph[0]
    wipe_kg_nodes(neo4j_settings)
    loaded = run_kg("load", str(graph_file))
    assert loaded.returncode == 0, loaded.stderr
    try:
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (p:Paper) RETURN p.key AS key, p.title AS title, p.abstract AS abstract, p.authors AS authors",
            database_=neo4j_settings.database,
        )
        stored = {record["key"]: (record["title"], record["abstract"], record["authors"]) for record in records}
        expected = {
            key: (node["title"], node["abstract"], node["authors"]) for key, node in papers_by_key(graph_file).items()
        }
        assert stored == expected
        pwned, _, _ = neo4j_driver.execute_query(
            "MATCH (n:Pwned) RETURN count(n) AS n", database_=neo4j_settings.database
        )
        assert pwned[0]["n"] == 0  # the injected CREATE (:Pwned ...) stayed text
    finally:
        wipe_kg_nodes(neo4j_settings)


def test_html_export_shows_hostile_titles_as_text_and_runs_no_script(
    hostile_graph: tuple[Path, str], tmp_path: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    chromium = require_chromium()
    page = tmp_path / "graph.html"
    exported = run_kg("export", str(hostile_graph[0]), "-o", str(page))
    assert exported.returncode == 0, exported.stderr
    with headless_browser(chromium, tmp_path / "profile") as browser:
        open_graph_page(browser, page)
        search = browser.find_element("id", "search")
        for paper in papers_by_key(hostile_graph[0]).values():
            browser.execute_script(  # the whole title as the query (send_keys cannot type NUL or bidi controls)
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                search,
                paper["title"],
            )
            assert browser.find_element("id", "match-count").text == "1 match"
            search.send_keys(Keys.ENTER)
            assert (
                browser.execute_script("return document.getElementById('details-name').textContent") == paper["title"]
            )
        assert_no_injected_script_ran(browser)


def test_data_neo4j_refuses_says_that_loading_again_will_not_help(neo4j_settings) -> None:
    graph = read_graph(SMALL_GRAPH)  # in memory, past the file check: what only Neo4j can refuse
    graph.nodes["Concept:reasoning"][""] = "a property without a name"
    wipe_kg_nodes(neo4j_settings)
    try:
        with pytest.raises(KgError) as refused:
            load_graph(graph, neo4j_settings)
    finally:
        wipe_kg_nodes(neo4j_settings)
    message = str(refused.value)
    assert "is not a valid token name" in message and "\n" not in message
    assert message.endswith(
        "Neo4j refuses this graph's data, so loading it again will not help: rebuild it with `kg build`"
    )
