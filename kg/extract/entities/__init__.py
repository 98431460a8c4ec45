"""Typed entities: the methods, datasets, metrics and repositories a paper names.

- `mentions`: every name-like word group of a paper and what found it (`names`: how each is spelled);
- `resolve`: mentions resolved into one key per entity and typed (`methods`, `datasets` decide what a
  name is; `metrics` finds evaluation metrics and stated results; `repositories` code URLs);
- `type_agreement`: the corpus pass that gives a name the type most papers give it.
"""
