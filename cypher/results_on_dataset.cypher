// Results on a dataset: for each paper evaluating on $dataset (name, key or alias, any case), the
// methods it proposes and every number it states on that dataset, with the metric and the sentence.
:param dataset => "nuScenes";

MATCH (dataset:Dataset)<-[:EVALUATES_ON|INTRODUCES]-(paper:Paper)
WHERE toLower($dataset) IN [dataset.key, toLower(dataset.name)] + [alias IN dataset.aliases | toLower(alias)]
OPTIONAL MATCH (paper)-[:PROPOSES]->(method:Method)
WITH dataset, paper, collect(DISTINCT method.name) AS methods
MATCH (paper)-[reported:REPORTS]->(metric:Metric)
UNWIND range(0, size(coalesce(reported.values, [])) - 1) AS i
WITH dataset, paper, methods, metric, reported, i
WHERE toLower(reported.datasets[i]) IN [toLower(dataset.name)] + [alias IN dataset.aliases | toLower(alias)]
RETURN dataset.name AS dataset, paper.title AS paper, methods, metric.name AS metric,
       reported.values[i] AS value, reported.evidence AS evidence
ORDER BY metric, paper;
