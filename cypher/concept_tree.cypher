// Concept tree: the concept $concept (name, key, acronym or alias, any case) with its broader concepts up to
// the areas and what is narrower below it (concepts, and named methods under their family), each with its
// label, kind and the number of papers linked to it.
:param concept => "diffusion model";
:param depth => 3;

MATCH (concept:Concept)
WHERE toLower($concept) IN [concept.key, toLower(concept.name), toLower(coalesce(concept.acronym, ""))]
  + [alias IN coalesce(concept.aliases, []) | toLower(alias)]
CALL (concept) {
  MATCH path = (concept)-[:BROADER*1..10]->(broader:Concept)
  RETURN 'broader' AS direction, broader AS other, length(path) AS distance
  UNION
  MATCH path = (narrower)-[:BROADER*1..]->(concept)
  WHERE length(path) <= $depth
  RETURN 'narrower' AS direction, narrower AS other, length(path) AS distance
}
WITH concept, direction, other, min(distance) AS distance
RETURN concept.name AS concept, direction, distance, other.name AS name, labels(other)[0] AS label,
       other.kind AS kind, other.papers AS papers
ORDER BY direction, distance, papers DESC, name;
