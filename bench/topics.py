"""Which papers are about a topic: kg's graph walk against keyword search and embedding search, on a hand gold.

Builds the graph of the gold's abstracts with `kg build` (library call, on-disk embedding cache),
then prints, per split of the gold (tune, held-out) and for all papers, macro precision / recall /
F1 over the topics with at least --min-support positive papers in that split, for:

- graph walk: the contract of kg.evaluate.topics (what `kg query papers_about` returns);
- keyword search: the topic name, normalized, as whole words in the title and abstract;
- embedding search: papers ranked by MiniLM cosine to the topic name, cut at the best place per
  topic after the fact (an upper bound, not something a user can do);

and how connected the graph is: Concept nodes linked to two or more papers, papers that share no
node with any other paper.

    python bench/topics.py                       # the gold in tests/data/topics
    python bench/topics.py --per-topic --split tune
    python bench/topics.py --graph graph.json    # score an existing graph of the same papers
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.evaluate.topics import (  # noqa: E402
    TopicScores,
    concept_sharing,
    embedding_ranking_scores,
    graph_topic_papers,
    keyword_topic_papers,
    read_topic_gold,
    score_topics,
)

GOLD = REPO / "tests" / "data" / "topics" / "topic_gold.json"
PAPERS = REPO / "tests" / "data" / "topics" / "papers.jsonl"


def _row(name: str, scores: TopicScores) -> str:
    return f"| {name} | {scores.precision:.3f} | {scores.recall:.3f} | **{scores.f1:.3f}** | {len(scores.per_topic)} |"


def main() -> None:
    """Build (or read) the graph and print the comparison tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="topic gold file [default: tests/data/topics]")
    parser.add_argument("--papers", type=Path, default=PAPERS, help="the gold's abstracts (JSONL)")
    parser.add_argument("--graph", type=Path, help="score this graph.json instead of building one")
    parser.add_argument("--split", choices=("tune", "heldout", "all"), action="append", help="repeatable")
    parser.add_argument("--min-support", type=int, default=3, help="topics with fewer positives are not scored")
    parser.add_argument("--per-topic", action="store_true", help="also print P/R/F1 per topic for the graph walk")
    arguments = parser.parse_args()

    from kg.build import build_knowledge_graph
    from kg.embeddings import embed_texts
    from kg.graph import read_graph

    gold = read_topic_gold(arguments.gold)
    records = [json.loads(line) for line in arguments.papers.open(encoding="utf-8")]
    texts = {record["id"]: f"{record['title']}\n{record['abstract']}" for record in records}
    if arguments.graph is not None:
        graph = read_graph(arguments.graph)
    else:
        with tempfile.TemporaryDirectory() as folder:
            graph = build_knowledge_graph([arguments.papers], Path(folder) / "graph.json").graph
    walked = {topic: graph_topic_papers(graph, topic) for topic in gold.topics}
    grepped = {topic: keyword_topic_papers(texts, topic) for topic in gold.topics}
    paper_vectors = {
        data["key"]: __import__("numpy").asarray(data["embedding"], dtype="float32")
        for _, data in graph.nodes(data=True)
        if data.get("label") == "Paper" and data.get("embedding") is not None
    }
    topic_vectors = dict(zip(gold.topics, embed_texts(list(gold.topics)), strict=True))

    for split in arguments.split or ["tune", "heldout", "all"]:
        papers = gold.papers(None if split == "all" else split)
        print(f"\n### {split}: {len(papers)} papers\n")
        print("| method | P | R | F1 | topics |")
        print("|---|---|---|---|---|")
        graph_scores = score_topics(walked, gold, papers, arguments.min_support)
        print(_row("graph walk (papers_about)", graph_scores))
        print(_row("keyword search", score_topics(grepped, gold, papers, arguments.min_support)))
        embedding = embedding_ranking_scores(paper_vectors, topic_vectors, gold, papers, arguments.min_support)
        print(_row("embedding search, best cut-off per topic", embedding))
        if arguments.per_topic:
            print("\n| topic | support | P | R | F1 |")
            print("|---|---|---|---|---|")
            for topic, (precision, recall, f1, support) in sorted(graph_scores.per_topic.items()):
                print(f"| {topic} | {support} | {precision:.2f} | {recall:.2f} | {f1:.2f} |")

    concepts, shared, papers_total, alone = concept_sharing(graph)
    print(
        f"\nConcept nodes: {concepts}, linked to two or more papers: {shared} ({shared / max(1, concepts):.1%}); "
        f"papers sharing no node with another paper: {alone} of {papers_total}"
    )


if __name__ == "__main__":
    main()
