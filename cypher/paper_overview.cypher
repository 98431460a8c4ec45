// Paper overview: everything kg found for the paper titled $title (exact title, or titles containing
// it, any case): its concepts (mentioned and about), the methods it proposes and uses, its datasets, the metrics it reports
// (with the numbers it states) and its code.
:param title => "Filter2Noise";

MATCH (paper:Paper)
WHERE paper.title = $title OR toLower(paper.title) CONTAINS toLower($title)
OPTIONAL MATCH (paper)-[link:MENTIONS|ABOUT|PROPOSES|USES|EVALUATES_ON|INTRODUCES|REPORTS|HAS_CODE]->(target)
RETURN paper.title AS paper, type(link) AS relationship, target.name AS target,
       coalesce(target.url, target.key) AS key, link.values AS values, link.evidence AS evidence
ORDER BY paper, relationship, target;
