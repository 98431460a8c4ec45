"""kg's own Neo4j server without Docker: a real Neo4j Community 5.26 assembled from Maven Central.

- `local`: `LocalNeo4j`, the server of one home: start, stop, status, neo4j-admin, its settings;
- `home`: the home folder and its env file (the one place credentials are written and read);
- `maven`: the jars; `config`: neo4j.conf; `java`: the runtime, JVM flags and neo4j-admin;
- `guide`: kg's style and guide for Neo4j Browser and the small server that hands it out;
- `ports`, `processes`: free ports, and the operating-system side of the processes.
Nothing is imported here: `python -m kg.neo4j.server.guide` runs the guide server on its own.
"""
