// Top concepts: the concepts mentioned by the most papers, with their PageRank in the topic graph.
:param limit => 20;

MATCH (concept:Concept)<-[:MENTIONS]-(paper:Paper)
RETURN concept.name AS concept, count(paper) AS papers, concept.pagerank AS pagerank
ORDER BY papers DESC, pagerank DESC, concept
LIMIT $limit;
