"""Regenerate `hostile.graph.json` beside this file: a small kg graph with every label, every edge type and hostile text.

Run from the repo root: `python tests/data/export/make_graph.py`. The graph is assembled by kg's own
`build_graph`, so it follows the graph.json contract exactly; the strings are chosen to break
exporters that quote, escape or embed text carelessly (CSV, Cypher literals, XML, HTML/JS).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kg.graph import GraphOptions, build_graph, write_graph
from kg.records import Entity, Label, Link, Paper, PaperAnalysis, Relation

HERE = Path(__file__).parent

SCRIPT_TITLE = '<script>alert(1)</script> "><img src=x onerror="window.__pwned=1;alert(2)"> Filter2Noise'
HOSTILE_ABSTRACT = (
    'He said "hi" and \'bye\', then ""doubled"" and \\"escaped\\" quotes.\n'
    "Windows path C:\\new\\table\\x41 and a trailing backslash \\\r\n"
    "Tabs\tand, commas; semicolons | pipes, U+2028\u2028and U+2029\u2029in text.\n"
    "</script><script>window.__pwned=1</script><!-- <![CDATA[ ]]> &amp; &lt; -->\n"
    "Cypher: '}) DETACH DELETE n // $rows :param x => 1 `backtick` \\u0041\n"
    "Unicode: caf\u00e9 vs cafe\u0301, \u05e9\u05dc\u05d5\u05dd, \U0001f9ea, \u00a0nbsp, zero\u200bwidth."
)


def concept(key: str, name: str, *aliases: str) -> Entity:
    """A Concept entity."""
    return Entity(Label.CONCEPT, key, name, aliases)


LLM = concept("large language model", "large language model", "LLM", "large language models")
DENOISING = concept("denoising", "denoising")
QUOTED = concept('"quoted" concept; with | pipes', '"Quoted" concept; with | pipes', "it's \\ tricky")
MARKUP = concept("c++ & <templates>", "C++ & <templates>", "</script>")
REWOO = Entity(Label.METHOD, "rewoo", "ReWOO", ("Reasoning WithOut Observation",))
GPT = Entity(Label.METHOD, "gpt-3.5", "GPT-3.5", ("gpt 3.5", "GPT-3.5-turbo"))
OBRIEN = Entity(Label.METHOD, "o'brien's \"method\" \\ x", "O'Brien's \"method\" \\ x")
HOTPOTQA = Entity(Label.DATASET, "hotpotqa", "HotpotQA")
NOISY = Entity(Label.DATASET, "noisy ct; v2", 'Noisy CT; v2 "release"', ("NCT",))
GITHUB = Entity(
    Label.REPOSITORY,
    "https://github.com/sypsyp97/Filter2Noise",
    "Filter2Noise",
    (),
    (("url", "https://github.com/sypsyp97/Filter2Noise"), ("host", "github.com"), ("owner", "sypsyp97")),
)
ZENODO = Entity(
    Label.REPOSITORY,
    "https://zenodo.org/records/123?a=1&b=<2>",
    "zenodo.org/records/123?a=1&b=<2>",
    (),
    (("url", "https://zenodo.org/records/123?a=1&b=<2>"), ("host", "zenodo.org")),
)


def analyses() -> list[PaperAnalysis]:
    """Three papers whose links cover every relationship type and whose embeddings make SIMILAR_TO edges."""
    hostile = Paper(
        id="2504.13519",
        title=SCRIPT_TITLE,
        abstract=HOSTILE_ABSTRACT,
        urls=("https://arxiv.org/abs/2504.13519", "https://example.org/?q=\"a\"&b='c'"),
        authors=("Smith, J.", 'O\'Neil "Ace" \\ Jr.', "\u738b\u5c0f\u660e"),
        published="2025-04-18",
        listed="Apr 22",
        categories=("eess.IV", "cs.CV"),
        sources=("seeds/hostile.txt:1",),
    )
    rewoo = Paper(
        id="2305.18323",
        title="ReWOO: Decoupling Reasoning from Observations for Efficient Augmented Language Models",
        abstract="ReWOO detaches reasoning from observations. It uses GPT-3.5 and is evaluated on HotpotQA.",
        urls=("https://arxiv.org/abs/2305.18323",),
        authors=("Binfeng Xu",),
        listed="Apr 22",
        sources=("seeds/hf.txt:10",),
    )
    quiet = Paper(id="title-hash-0f3a", title="A paper with no date, no authors and no code", abstract="")
    evidence = 'It said "use ReWOO" \\ then\nnext line; a, b | c'
    return [
        PaperAnalysis(
            hostile,
            [
                Link(Relation.MENTIONS, DENOISING, 'We study denoising of "CT" scans.', 0.81),
                Link(Relation.MENTIONS, LLM, HOSTILE_ABSTRACT, 0.42),
                Link(Relation.MENTIONS, QUOTED, 'A "quoted" concept; with | pipes.', 0.5),
                Link(Relation.MENTIONS, MARKUP, "<b>C++ & <templates></b>", 0.3),
                Link(Relation.PROPOSES, OBRIEN, evidence),
                Link(Relation.INTRODUCES, NOISY, 'We release Noisy CT; v2 "release".'),
                Link(Relation.HAS_CODE, GITHUB, "Code: https://github.com/sypsyp97/Filter2Noise"),
                Link(Relation.HAS_CODE, ZENODO, "Data: https://zenodo.org/records/123?a=1&b=<2>"),
            ],
            np.array([0.9, 0.1, 0.0, 0.2, 0.1, 0.0, 0.3, 0.1], dtype=np.float32),
        ),
        PaperAnalysis(
            rewoo,
            [
                Link(Relation.MENTIONS, LLM, "ReWOO works with a large language model (LLM).", 0.77),
                Link(Relation.MENTIONS, QUOTED, 'Another "quoted" concept; with | pipes.', 0.61),
                Link(Relation.MENTIONS, DENOISING, "No denoising here.", 0.12),
                Link(Relation.PROPOSES, REWOO, "We propose ReWOO."),
                Link(Relation.USES, GPT, "It uses GPT-3.5."),
                Link(Relation.USES, OBRIEN, evidence),
                Link(Relation.EVALUATES_ON, HOTPOTQA, "It is evaluated on HotpotQA."),
            ],
            np.array([0.8, 0.2, 0.1, 0.2, 0.0, 0.1, 0.3, 0.0], dtype=np.float32),
        ),
        PaperAnalysis(
            quiet,
            [Link(Relation.MENTIONS, LLM, "Nothing but an LLM.", 0.2), Link(Relation.EVALUATES_ON, NOISY, "on NCT")],
            np.array([0.0, 0.0, 1.0, 0.0, 0.0, 0.9, 0.0, 0.1], dtype=np.float32),
        ),
    ]


if __name__ == "__main__":
    write_graph(build_graph(analyses(), GraphOptions(model="fixture-8d")), HERE / "hostile.graph.json")
