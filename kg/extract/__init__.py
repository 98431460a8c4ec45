"""Extraction: what each paper is about (concepts) and what it names (methods, datasets, metrics, code).

Two families that never import each other, around a shared text layer:
- the text layer: `text` (sentences), `paper_text` (a paper read once for every extractor, and the
  corpus acronym table), `acronyms` (definitions and the table);
- `concepts/`: noun phrases, keyphrases, aboutness and areas;
- `entities/`: mentions, names, methods, datasets, metrics, repositories and type agreement;
and the run: `options` (what `kg build` asks for), `chunks` (one chunk of papers in one process),
`pipeline` (`analyze_papers`: chunks over this process, worker processes or `ray_engine`, then the
corpus passes listed in `pipeline.CORPUS_PASSES` under the contract of `corpus`).
Nothing is imported here, so importing one extractor does not load the embedding model's stack.
"""
