// Topic graph, for Browser's graph view: the concept $concept (name, key, acronym or alias, any case),
// the concepts below it through BROADER (up to $depth levels) and the papers linked to them by any
// relationship but SIMILAR_TO, as paths; the $limit best-linked papers (strongest link's score).
:param concept => "large language model";
:param depth => 2;
:param limit => 25;

MATCH (concept:Concept)
WHERE toLower($concept) IN [concept.key, toLower(concept.name), toLower(coalesce(concept.acronym, ""))]
  + [alias IN coalesce(concept.aliases, []) | toLower(alias)]
MATCH path = (paper:Paper)-[link]->(:Concept)-[:BROADER*0..]->(concept)
WHERE type(link) <> "SIMILAR_TO" AND length(path) <= $depth + 1
WITH paper, collect(path) AS paths, max(coalesce(link.score, 0.0)) AS score
ORDER BY score DESC, paper.key
LIMIT $limit
UNWIND paths AS path
RETURN path;
