// Coauthors: who wrote papers with the author named $author (name or key, any case), most shared papers first.
:param author => "Zhiyuan Peng";
:param limit => 25;

MATCH (author:Author)-[:AUTHORED]->(paper:Paper)<-[:AUTHORED]-(coauthor:Author)
WHERE toLower($author) IN [author.key, toLower(author.name)] + [alias IN author.aliases | toLower(alias)]
  AND coauthor <> author
RETURN coauthor.name AS coauthor, count(DISTINCT paper) AS papers, collect(DISTINCT paper.title) AS titles
ORDER BY papers DESC, coauthor
LIMIT $limit;
