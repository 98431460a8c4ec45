// Concept neighbourhood: what surrounds the concept $concept (key, name or alias, any case): the
// concepts it co-occurs with (RELATED_TO, strength = shared papers) and the papers mentioning it
// (strength = the keyphrase score).
:param concept => "large language model";
:param limit => 25;

MATCH (concept:Concept)
WHERE toLower($concept) IN [concept.key, toLower(concept.name)] + [alias IN concept.aliases | toLower(alias)]
CALL (concept) {
  MATCH (concept)-[related:RELATED_TO]-(other:Concept)
  RETURN 'Concept' AS label, other.name AS neighbour, 'RELATED_TO' AS via, toFloat(related.weight) AS strength
  UNION ALL
  MATCH (concept)<-[mention:MENTIONS]-(paper:Paper)
  RETURN 'Paper' AS label, paper.title AS neighbour, 'MENTIONS' AS via, mention.score AS strength
}
RETURN concept.name AS concept, label, neighbour, via, strength
ORDER BY label, strength DESC, neighbour
LIMIT $limit;
