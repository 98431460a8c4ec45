// Papers with code: each paper that links a code repository, with the repository URLs.
:param limit => 100;

MATCH (paper:Paper)-[:HAS_CODE]->(repository:Repository)
RETURN paper.title AS paper, collect(repository.url) AS repositories
ORDER BY paper
LIMIT $limit;
