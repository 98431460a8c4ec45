// Shortest path between two concepts: how $from and $to (key, name or alias, any case) are
// connected through papers, methods, datasets and other concepts (up to 8 hops, any direction).
:param from => "large language model";
:param to => "neural architecture search";

MATCH (start:Concept), (end:Concept)
WHERE toLower($from) IN [start.key, toLower(start.name)] + [alias IN start.aliases | toLower(alias)]
  AND toLower($to) IN [end.key, toLower(end.name)] + [alias IN end.aliases | toLower(alias)]
MATCH path = shortestPath((start)-[*..8]-(end))
RETURN length(path) AS hops,
       [node IN nodes(path) | labels(node)[0] + ': ' + node.name] AS nodes,
       [relationship IN relationships(path) | type(relationship)] AS relationships;
