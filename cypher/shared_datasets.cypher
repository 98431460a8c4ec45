// Datasets shared across papers: datasets that at least $min_papers papers evaluate on or introduce.
:param min_papers => 2;

MATCH (paper:Paper)-[:EVALUATES_ON|INTRODUCES]->(dataset:Dataset)
WITH dataset, collect(DISTINCT paper.title) AS papers
WHERE size(papers) >= $min_papers
RETURN dataset.name AS dataset, size(papers) AS paper_count, papers
ORDER BY paper_count DESC, dataset;
