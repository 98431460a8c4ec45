"""Neo4j: connection settings, the driver, every Cypher statement, the loader, the Cypher library and kg's own local server (server/)."""
