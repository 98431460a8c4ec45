// Full-text search: papers whose title or abstract match $query (Lucene syntax: words, "phrases",
// AND/OR, wildcards*), best first.
:param query => "denoising";
:param limit => 10;

CALL db.index.fulltext.queryNodes('paper_text', $query) YIELD node AS paper, score
RETURN paper.title AS paper, score
ORDER BY score DESC, paper
LIMIT $limit;
