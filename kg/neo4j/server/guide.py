"""What Neo4j Browser shows of kg on the local server: kg's style, a guide to the query library, and
the small web server that hands the guide to Browser.

Browser runs the server setting `browser.post_connect_cmd` after every login. kg sets it to
`:style {...}` (kg.grass as inline JSON, so there is nothing to fetch) and `:play <guide URL>`.
Browser fetches guides cross-origin, only from allow-listed hosts (`localhost` is by default), so the
guide is served on a loopback port with a CORS header, by a process `kg neo4j start` starts beside
Neo4j and `kg neo4j stop` stops (`python -m kg.neo4j.server.guide FOLDER PORT`; `start_guide`, `stop_guide`).
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import subprocess
import sys
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.neo4j.library import CypherFile, library_dir, list_library
from kg.neo4j.server.home import ServerHome, write_file
from kg.neo4j.server.ports import port_answers
from kg.neo4j.server.processes import runs, terminate

__all__ = [
    "GUIDE_FILE",
    "guide_html",
    "guide_server",
    "post_connect_command",
    "read_grass",
    "serve_guide",
    "start_guide",
    "stop_guide",
    "style_command",
]

GUIDE_FILE = "kg-guide.html"
GUIDE_MODULE = "kg.neo4j.server.guide"
# The queries a newcomer wants first, in this order; the rest of the library follows by name.
FIRST_QUERIES = tuple(
    "papers_about topic_graph concept_tree paper_overview top_concepts new_papers rising_concepts".split()
)
_BLOCK = re.compile(r'(?P<selector>[\w.]+)\s*\{(?P<body>(?:[^{}"]|"[^"]*")*)\}')
_RULE = re.compile(r"(?P<name>[\w-]+)\s*:\s*(?P<value>[^;]+);")


def read_grass(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Selector -> {property: value} of a .grass file (a small CSS dialect); kg's own cypher/kg.grass by default."""
    text = (path or library_dir() / "kg.grass").read_text(encoding="utf-8")
    return {
        block["selector"]: {rule["name"]: rule["value"].strip() for rule in _RULE.finditer(block["body"])}
        for block in _BLOCK.finditer(text)
    }


def style_command(rules: dict[str, dict[str, str]]) -> str:
    """`style {json}`: Browser's `:style` with the grass as one line of JSON (captions without their quotes)."""
    unquoted = {
        selector: {name: value.strip('"') for name, value in properties.items()}
        for selector, properties in rules.items()
    }
    return "style " + json.dumps(unquoted, separators=(",", ":"), ensure_ascii=True)


def post_connect_command(guide_url: str) -> str:
    """The value of `browser.post_connect_cmd`: apply kg's style, then open kg's guide."""
    return f"{style_command(read_grass())}; play {guide_url}"


def guide_html(queries: list[CypherFile] | None = None) -> str:
    """kg's Browser guide: a first slide on the graph, then one slide per library query, runnable as it stands."""
    queries = list_library() if queries is None else queries
    order = {name: position for position, name in enumerate(FIRST_QUERIES)}
    ranked = sorted(
        (query for query in queries if query.name != "schema"),
        key=lambda query: (order.get(query.name, len(order)), query.name),
    )
    slides = [_first_slide(), *(_query_slide(query) for query in ranked)]
    deck = "\n".join(slides)
    return f'<article class="guide">\n<carousel class="deck container-fluid">\n{deck}\n</carousel>\n</article>\n'


def _first_slide() -> str:
    overview = "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS nodes ORDER BY nodes DESC;"
    sample = "MATCH (paper:Paper)-[link:ABOUT]->(concept:Concept)\nRETURN paper, link, concept LIMIT 40;"
    return _slide(
        "kg: your papers as a graph",
        "<p>Papers link to the concepts they are about (ABOUT) and mention (MENTIONS), to the methods they "
        "propose and use, the datasets they evaluate on, the metrics they report, their code, authors and "
        "arXiv categories. Concepts sit in a hierarchy (BROADER, from the narrower to the broader).</p>\n"
        "<p>Each next slide is one query of kg's library (<code>kg query --list</code>). Click a block to put "
        "it in the editor and run it: first the <code>:param</code> block (change the values to ask about "
        "something else), then the query.</p>\n"
        f"{_runnable(overview)}\n{_runnable(sample)}",
    )


def _query_slide(query: CypherFile) -> str:
    """The query's description, its `:param` lines (one block, run first) and the query (its own block, so
    Browser shows its result as a graph or table rather than a script's list of statements)."""
    params = "\n".join(f":param {name} => {json.dumps(value)};" for name, value in query.params.items())
    blocks = [_runnable(params)] if params else []
    blocks.append(_runnable("\n".join(statement + ";" for statement in query.statements)))
    return _slide(query.name, f"<p>{html.escape(query.description)}</p>\n" + "\n".join(blocks))


def _slide(title: str, body: str) -> str:
    """One slide of a Browser guide: a heading (`title`, escaped here) over `body` (HTML)."""
    heading = f"<h3>{html.escape(title)}</h3>"
    return f'<slide class="row-fluid">\n<div class="col-sm-12">\n{heading}\n{body}\n</div>\n</slide>'


def _runnable(cypher: str) -> str:
    return f'<pre class="pre-scrollable code runnable">{html.escape(cypher)}</pre>'


class _GuideHandler(SimpleHTTPRequestHandler):
    """Static files with the CORS headers Browser's cross-origin fetch needs; quiet."""

    def do_OPTIONS(self) -> None:  # noqa: N802 - the name http.server dispatches to
        """Answer the preflight Browser's no-cache request headers cause."""
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.end_headers()

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return


def guide_server(folder: Path, port: int) -> ThreadingHTTPServer:
    """A web server for `folder` bound to 127.0.0.1:`port` (call `serve_forever()` on it)."""
    return ThreadingHTTPServer(("127.0.0.1", port), partial(_GuideHandler, directory=str(folder)))


def serve_guide(folder: Path, port: int) -> None:
    """Serve `folder` on 127.0.0.1:`port` until killed."""
    with guide_server(folder, port) as server:
        server.serve_forever()


def start_guide(home: ServerHome, port: int) -> None:
    """Write kg's Browser guide into `home` and serve it on `port` in the background; KgError if it does not answer."""
    stop_guide(home)  # a leftover from a server that died without `kg neo4j stop`
    write_file(home.guide_dir / GUIDE_FILE, guide_html())
    log_file = home.path / "logs" / "guide.log"
    with open(log_file, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", GUIDE_MODULE, str(home.guide_dir), str(port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    write_file(home.guide_pid_file, f"{process.pid}\n")
    deadline = time.monotonic() + 20
    while not port_answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_guide(home)
            raise KgError(f"kg's Browser guide could not be served on 127.0.0.1:{port}; see {log_file}")
        time.sleep(0.1)


def stop_guide(home: ServerHome) -> None:
    """Stop `home`'s guide server, if one runs."""
    with contextlib.suppress(OSError, ValueError):
        pid = int(home.guide_pid_file.read_text().strip())
        if runs(pid, GUIDE_MODULE, str(home.guide_dir)):
            terminate(pid, grace=5)
    home.guide_pid_file.unlink(missing_ok=True)


if __name__ == "__main__":
    serve_guide(Path(sys.argv[1]), int(sys.argv[2]))
