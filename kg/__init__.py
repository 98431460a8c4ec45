"""kg: turn research-paper listings into a knowledge graph in Neo4j."""

__version__ = "0.1.0"
