"""The concept layer: what each paper is about.

- `candidates`: a paper's noun phrases (no NLP model);
- `keyphrases`: KeyBERT's ranking of them, each distinct phrase embedded once (MENTIONS);
- `aboutness`: the evidence for every concept a paper names and the rule that makes it ABOUT one,
  and the corpus pass that keeps phrases only when two or more papers are about them;
- `areas`: the corpus pass that puts every paper in a broad research area.
"""
