"""Neo4j: connection settings, the driver, every Cypher statement, the loader and the Cypher library;
server/ is kg's own local Neo4j."""
