// Communities with their top concepts: each Louvain community of the topic graph (papers and
// concepts), its size, its $top highest-PageRank concepts and an example paper.
:param top => 5;
:param limit => 20;

MATCH (node)
WHERE (node:Paper OR node:Concept) AND node.community IS NOT NULL
WITH node.community AS community, node
ORDER BY node.pagerank DESC, node.name
WITH community,
     count(node) AS size,
     [member IN collect(node) WHERE member:Concept | member.name] AS concepts,
     [member IN collect(node) WHERE member:Paper | member.title] AS papers
RETURN community, size, size(papers) AS paper_count, concepts[0..$top] AS top_concepts, papers[0] AS top_paper
ORDER BY size DESC, community
LIMIT $limit;
