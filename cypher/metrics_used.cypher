// Metrics used: the evaluation metrics the most papers report, how many of those papers state a
// number for them, and the datasets the numbers are on.
:param limit => 25;

MATCH (paper:Paper)-[reported:REPORTS]->(metric:Metric)
WITH metric, paper, reported, [name IN coalesce(reported.datasets, []) WHERE name <> ''] AS named
UNWIND CASE WHEN named = [] THEN [null] ELSE named END AS dataset
WITH metric, count(DISTINCT paper) AS papers,
     count(DISTINCT CASE WHEN reported.value IS NOT NULL THEN paper END) AS with_numbers,
     collect(DISTINCT dataset) AS datasets
RETURN metric.name AS metric, papers, with_numbers, datasets, metric.aliases AS aliases
ORDER BY papers DESC, metric
LIMIT $limit;
