"""The layers of kg/ as the source shows them: no import cycles, the stages only look down, modules stay small.

Every import counts, also one inside a function or under TYPE_CHECKING: a cycle hidden that way is
still a cycle a reader has to untangle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

KG = Path(__file__).resolve().parents[1] / "kg"
MAX_MODULE_LINES = 450


def module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def kg_imports() -> nx.DiGraph:
    """Module -> kg modules it imports (anywhere in the file)."""
    modules = {module_name(path): path for path in KG.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                    )
                # "from kg.graph import parquet" imports the module kg.graph.parquet; "from kg.graph import X" the package
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names
                ]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith("kg"):
                    graph.add_edge(name, target)
    return graph


def test_no_module_imports_itself_through_others() -> None:
    cycles = list(nx.simple_cycles(kg_imports()))
    assert cycles == []


def test_the_graph_stage_imports_nothing_from_extraction() -> None:
    graph = kg_imports()
    assert [(a, b) for a, b in graph.edges if a.startswith("kg.graph") and b.startswith("kg.extract")] == []


def test_the_neo4j_and_export_sinks_do_not_import_each_other_both_ways() -> None:
    graph = kg_imports()
    neo4j_to_export = [(a, b) for a, b in graph.edges if a.startswith("kg.neo4j") and b.startswith("kg.export")]
    export_to_neo4j = [(a, b) for a, b in graph.edges if a.startswith("kg.export") and b.startswith("kg.neo4j")]
    assert not (neo4j_to_export and export_to_neo4j)


def test_the_concept_and_entity_families_never_import_each_other() -> None:
    graph = kg_imports()
    crossing = [
        (a, b)
        for a, b in graph.edges
        if {a.split(".")[:3][-1], b.split(".")[:3][-1]} == {"concepts", "entities"} and a.startswith("kg.extract.")
    ]
    assert crossing == []


def test_the_vocabulary_looks_down_only() -> None:
    graph = kg_imports()
    upward = [
        (a, b)
        for a, b in graph.edges
        if a.startswith("kg.vocabulary") and b.startswith(("kg.extract", "kg.graph", "kg.neo4j", "kg.export", "kg.cli"))
    ]
    assert upward == []


def test_no_module_is_longer_than_450_lines() -> None:
    long = {
        module_name(path): n
        for path in KG.rglob("*.py")
        if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
