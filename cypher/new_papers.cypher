// New papers: the papers published on or after $since (an ISO date), newest first, with their categories.
:param since => "2025-01-01";
:param limit => 50;

MATCH (paper:Paper)
WHERE paper.published IS :: DATE AND paper.published >= date($since)
OPTIONAL MATCH (paper)-[listed:IN_CATEGORY]->(category:Category)
WITH paper, category ORDER BY listed.position
RETURN paper.title AS paper, paper.published AS published, collect(category.code) AS categories
ORDER BY published DESC, paper
LIMIT $limit;
