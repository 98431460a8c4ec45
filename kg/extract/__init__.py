"""Extraction: what each paper is about (concepts) and what it names (methods, datasets, repositories).

`kg.extract.pipeline.analyze_papers` runs every extractor over a corpus; the modules here are
one per extractor (keyphrases, acronyms, methods, datasets, repositories, entities) plus the
shared text helpers (text, candidates); the vocabulary they match against is kg.vocabulary.
Nothing is imported here, so importing one extractor does not load the embedding model's stack.
"""
