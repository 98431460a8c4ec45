"""A self-contained, offline HTML page that draws the graph: colours per label, legend, search, node details.

Everything is inline (no CDN, no network): the page's CSS and JavaScript come from `assets/`, the
graph travels as JSON in a `<script type="application/json">` block with `<`, `>`, `&`, U+2028
and U+2029 escaped, so no text can close the block or start markup, and the script renders text
only through `textContent` and the canvas. A Content-Security-Policy allows exactly the page's own
script and style (by hash) and nothing else: no other script, no network request.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.export.palette import label_colours
from kg.fileio import atomic_write
from kg.graph.schema import EMBEDDING
from kg.records import Label

__all__ = ["embedded_json", "page_data", "read_html", "write_html"]

_ASSETS = resources.files("kg.export") / "assets"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
_DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.DOTALL)
_NODE_FIELDS = ("label", "name", "degree")  # top-level fields of a page node; its other attributes are its properties
_LEFT_OUT = (EMBEDDING,)  # too large for a page and of no use to a reader


def write_html(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write an interactive page of `graph` to `path` (atomically); Paper embeddings are left out."""
    script = _asset("graph.js")
    style = _asset("graph.css")
    values = {
        "TITLE": html.escape(_title(graph)),
        "STYLE": style,
        "STYLE_HASH": _csp_hash(style),
        "SCRIPT": script,
        "SCRIPT_HASH": _csp_hash(script),
        "DATA": embedded_json(page_data(graph)),
    }
    page = _PLACEHOLDER.sub(lambda match: values[match.group(1)], _asset("page.html"))
    with atomic_write(path) as out:
        out.write(page)


def page_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """What the page script reads: label colours, nodes (with their properties) and edges as node indices."""
    ordered = sorted(graph.nodes(data=True), key=lambda item: str(item[0]))
    index = {node: position for position, (node, _) in enumerate(ordered)}
    nodes = [
        {
            "id": str(node),
            "label": data["label"],
            "name": data["name"],
            "degree": data.get("degree", 0),
            "properties": {
                name: value
                for name, value in data.items()
                if name not in (*_NODE_FIELDS, *_LEFT_OUT) and value is not None
            },
        }
        for node, data in ordered
    ]
    edges = [
        [index[source], index[target], data["type"], {name: value for name, value in data.items() if name != "type"}]
        for source, target, data in sorted(
            graph.edges(data=True), key=lambda item: (index[item[0]], index[item[1]], item[2]["type"])
        )
    ]
    return {"colours": label_colours(node["label"] for node in nodes), "nodes": nodes, "edges": edges}


def embedded_json(value: Any) -> str:
    """JSON that is safe inside an HTML `<script>` block: `<`, `>`, `&`, U+2028 and U+2029 become \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda match: _JSON_ESCAPES[match.group()], text)


def read_html(path: str | Path) -> nx.MultiDiGraph:
    """The graph embedded in a page written by `write_html` (embeddings were left out when it was written)."""
    text = Path(path).read_text(encoding="utf-8")
    match = _DATA_BLOCK.search(text)
    if match is None:
        raise KgError(f"{path} is not a kg HTML export (no kg-data block); write one with `kg export --format html`")
    data = json.loads(match.group(1))
    graph = nx.MultiDiGraph()
    for node in data["nodes"]:
        graph.add_node(node["id"], label=node["label"], name=node["name"], degree=node["degree"], **node["properties"])
    ids = [node["id"] for node in data["nodes"]]
    for source, target, relation, properties in data["edges"]:
        graph.add_edge(ids[source], ids[target], key=relation, type=relation, **properties)
    return graph


def _title(graph: nx.MultiDiGraph) -> str:
    """The page title: what the graph holds."""
    papers = sum(1 for _, label in graph.nodes(data="label") if label == Label.PAPER)
    return f"kg graph: {papers} papers, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships"


def _asset(name: str) -> str:
    """The text of one file in kg/export/assets."""
    return (_ASSETS / name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    """The Content-Security-Policy source expression that allows exactly this inline script or style."""
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
