"""The Neo4j Browser style cypher/kg.grass: every kg label has a caption and the exports' colour."""

from __future__ import annotations

import re
from pathlib import Path

from kg.export.palette import LABEL_COLOURS
from kg.neo4j.server.guide import read_grass
from kg.records import Label

GRASS = Path(__file__).resolve().parent.parent / "cypher" / "kg.grass"
BLOCK = re.compile(r'(?P<selector>[\w.]+)\s*\{(?P<body>(?:[^{}"]|"[^"]*")*)\}')


def test_every_label_has_the_shared_colour_and_a_caption():
    rules = read_grass(GRASS)
    for label in Label:
        style = rules[f"node.{label.value}"]
        assert style["color"].lower() == LABEL_COLOURS[label.value]
        expected_caption = '"{title}"' if label is Label.PAPER else '"{name}"'
        assert style["caption"] == expected_caption


def test_the_style_file_is_nothing_but_selector_blocks():
    text = GRASS.read_text(encoding="utf-8")
    assert BLOCK.sub("", text).strip() == ""
