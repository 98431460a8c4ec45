"""Graph stage: assemble `PaperAnalysis` records into kg's NetworkX graph and read/write graph files."""

from kg.graph.assemble import GraphOptions, build_graph
from kg.graph.graphfile import check_graph_writable, embedding_dimensions, graph_data, read_graph, write_graph
from kg.graph.schema import ENDPOINTS, SCHEMA_VERSION, node_id
from kg.graph.summary import GraphSummary, summarize_graph

__all__ = [
    "ENDPOINTS",
    "SCHEMA_VERSION",
    "GraphOptions",
    "GraphSummary",
    "build_graph",
    "check_graph_writable",
    "embedding_dimensions",
    "graph_data",
    "node_id",
    "read_graph",
    "summarize_graph",
    "write_graph",
]
