"""File exports of a kg graph: GraphML, GEXF, neo4j-admin CSV, a cypher-shell script and an offline HTML page.

One module per format, each with a `write_<format>(graph, path)` function (and a reader where one
makes sense), in the style of networkx's readwrite package; `export_graph` is what `kg export` runs.
"""

from kg.export.admin_csv import import_command, read_csv, write_csv
from kg.export.cypher_script import cypher_literal, write_cypher
from kg.export.formats import EXPORT_FORMATS, ExportResult, export_graph, infer_format
from kg.export.gexf import read_gexf, write_gexf
from kg.export.graphml import read_graphml, write_graphml
from kg.export.html import read_html, write_html

__all__ = [
    "EXPORT_FORMATS",
    "ExportResult",
    "cypher_literal",
    "export_graph",
    "import_command",
    "infer_format",
    "read_csv",
    "read_gexf",
    "read_graphml",
    "read_html",
    "write_csv",
    "write_cypher",
    "write_gexf",
    "write_graphml",
    "write_html",
]
