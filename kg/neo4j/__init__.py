"""Neo4j sinks and services: the local server, connections, the loader and the query runner."""
