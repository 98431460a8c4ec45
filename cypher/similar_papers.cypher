// Similar papers: the papers most similar to the paper titled $title (exact title, or else every
// paper whose title contains it, any case), by cosine of their title+abstract embeddings.
:param title => "ReWOO";
:param limit => 10;

MATCH (paper:Paper)
WHERE paper.title = $title OR toLower(paper.title) CONTAINS toLower($title)
MATCH (paper)-[similar:SIMILAR_TO]-(other:Paper)
WITH paper, other, max(similar.score) AS score
RETURN paper.title AS paper, other.title AS similar_paper, score
ORDER BY score DESC, similar_paper
LIMIT $limit;
