"""Scoring kg against hand annotations: entities (`kg eval`, kg.evaluate.entities), keyphrases on Inspec."""
