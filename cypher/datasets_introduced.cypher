// Datasets introduced: new datasets and benchmarks, with the paper that introduces each.
:param limit => 100;

MATCH (paper:Paper)-[introduces:INTRODUCES]->(dataset:Dataset)
RETURN dataset.name AS dataset, paper.title AS paper, introduces.evidence AS evidence
ORDER BY dataset, paper
LIMIT $limit;
