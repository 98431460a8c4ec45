// Category overview: each arXiv category with its papers (primary or cross-listed) and the concepts
// most of them are about or mention.
:param limit => 50;

MATCH (paper:Paper)-[listed:IN_CATEGORY]->(category:Category)
WITH category, count(paper) AS papers, count(CASE WHEN listed.position = 1 THEN 1 END) AS primary
OPTIONAL MATCH (category)<-[:IN_CATEGORY]-(:Paper)-[:ABOUT|MENTIONS]->(concept:Concept)
WITH category, papers, primary, concept, count(concept) AS mentions
ORDER BY mentions DESC, concept.name
WITH category, papers, primary, [item IN collect(concept.name) WHERE item IS NOT NULL][..5] AS concepts
RETURN category.code AS code, category.name AS category, papers, primary, concepts
ORDER BY papers DESC, code
LIMIT $limit;
