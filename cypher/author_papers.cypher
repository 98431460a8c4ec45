// Author papers: the papers of the author named $author (their name or key, any case), newest first,
// with the author's position in the byline (1 = first author).
:param author => "Zhiyuan Peng";

MATCH (author:Author)-[authored:AUTHORED]->(paper:Paper)
WHERE toLower($author) IN [author.key, toLower(author.name)] + [alias IN author.aliases | toLower(alias)]
RETURN author.name AS author, paper.title AS paper, authored.position AS position, paper.published AS published
ORDER BY published DESC, paper;
