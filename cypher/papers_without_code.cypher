// Papers without code: papers that link no code repository.
:param limit => 100;

MATCH (paper:Paper)
WHERE NOT (paper)-[:HAS_CODE]->(:Repository)
RETURN paper.title AS paper, paper.urls AS urls
ORDER BY paper
LIMIT $limit;
