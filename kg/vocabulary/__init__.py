"""What kg knows before it reads a paper: the vocabulary both extraction and the graph build on.

- `canonical`: one key per surface form ("Large Language Models" -> "large language model");
- `spelling`: the spelling rules every stage shares (a variant's family, acronym forms, head words);
- `words`: how a sentence is cut into words and where a name may span several;
- `tables`: the one reader of the shipped tables in `data/`;
- `lexicon`: the gazetteers of well-known methods, datasets, metrics and non-names, and their matcher;
- `concept_index`: finding the shipped concepts in a sentence by any of their spellings;
- `taxonomy`: the shipped concepts (areas, tasks, method families) with aliases and broader concepts,
  and arXiv's categories with their areas.
Nothing here imports from kg.extract or kg.graph: both stages look down to it.
"""
