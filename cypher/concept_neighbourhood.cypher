// Concept neighbourhood: what surrounds the concept $concept (key, name or alias, any case): the
// concepts it co-occurs with (RELATED_TO, strength = shared papers), its broader and narrower concepts
// (BROADER) and the papers mentioning it or about it (strength = the best score of their links).
:param concept => "large language model";
:param limit => 25;

MATCH (concept:Concept)
WHERE toLower($concept) IN [concept.key, toLower(concept.name)] + [alias IN concept.aliases | toLower(alias)]
CALL (concept) {
  MATCH (concept)-[related:RELATED_TO|BROADER]-(other:Concept)
  RETURN 'Concept' AS label, other.name AS neighbour,
         CASE WHEN type(related) = 'BROADER' AND startNode(related) = concept THEN 'BROADER'
              WHEN type(related) = 'BROADER' THEN 'NARROWER' ELSE 'RELATED_TO' END AS via,
         toFloat(coalesce(related.weight, 0)) AS strength
  UNION ALL
  MATCH (concept)<-[link:MENTIONS|ABOUT]-(paper:Paper)
  WITH paper, max(link.score) AS strength, collect(type(link)) AS types
  RETURN 'Paper' AS label, paper.title AS neighbour,
         CASE WHEN size(types) > 1 THEN 'MENTIONS, ABOUT' ELSE types[0] END AS via, strength
}
RETURN concept.name AS concept, label, neighbour, via, strength
ORDER BY label, strength DESC, neighbour
LIMIT $limit;
