// Rising concepts: the concepts whose share of papers grew most in the last $days days (up to the
// newest paper's date) against the days before: share = papers about or mentioning the concept /
// papers published in that period; at least $min_papers recent papers.
:param days => 30;
:param min_papers => 2;
:param limit => 20;

MATCH (paper:Paper) WHERE paper.published IS :: DATE
WITH max(paper.published) AS newest, collect(paper) AS papers
WITH newest - duration({days: $days}) AS cut, papers
WITH cut, size([paper IN papers WHERE paper.published > cut]) AS recent_total,
     size([paper IN papers WHERE paper.published <= cut]) AS earlier_total
MATCH (paper:Paper)-[:ABOUT|MENTIONS]->(concept:Concept)
WHERE paper.published IS :: DATE
WITH concept, cut, recent_total, earlier_total,
     count(DISTINCT CASE WHEN paper.published > cut THEN paper END) AS recent,
     count(DISTINCT CASE WHEN paper.published <= cut THEN paper END) AS earlier
WHERE recent >= $min_papers
WITH concept, recent, earlier,
     toFloat(recent) / recent_total AS recent_share,
     CASE WHEN earlier_total = 0 THEN 0.0 ELSE toFloat(earlier) / earlier_total END AS earlier_share
RETURN concept.name AS concept, recent, earlier, round(recent_share, 4) AS recent_share,
       round(earlier_share, 4) AS earlier_share, round(recent_share - earlier_share, 4) AS growth
ORDER BY growth DESC, recent DESC, concept
LIMIT $limit;
