// Methods evaluated on a dataset: the methods proposed or used by papers that evaluate on $dataset
// (name, key or alias, any case), with the papers.
:param dataset => "HotpotQA";

MATCH (dataset:Dataset)<-[:EVALUATES_ON]-(paper:Paper)-[link:PROPOSES|USES]->(method:Method)
WHERE toLower($dataset) IN [dataset.key, toLower(dataset.name)] + [alias IN dataset.aliases | toLower(alias)]
RETURN dataset.name AS dataset, method.name AS method, collect(DISTINCT type(link)) AS how,
       collect(DISTINCT paper.title) AS papers
ORDER BY size(papers) DESC, method;
