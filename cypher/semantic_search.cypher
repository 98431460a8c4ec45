// Semantic search: the papers closest in meaning to $text, through the vector index on Paper.embedding.
// `kg query semantic_search -p text="..."` computes $embedding from $text with kg's model. Left null
// (as in Neo4j Browser), the embedding of the best full-text match for $text stands in for it.
// score: Neo4j's cosine similarity rescaled to 0..1, i.e. (1 + cosine) / 2.
:param text => "reasoning with external tools for large language models";
:param embedding => null;
:param limit => 10;

OPTIONAL CALL () {
  WITH 1 AS needed WHERE $embedding IS NULL
  CALL db.index.fulltext.queryNodes('paper_text', $text) YIELD node
  RETURN node.embedding AS stand_in
  LIMIT 1
}
WITH coalesce($embedding, stand_in) AS query_vector
WHERE query_vector IS NOT NULL
CALL db.index.vector.queryNodes('paper_embedding', $limit, query_vector) YIELD node AS paper, score
RETURN paper.title AS paper, score
ORDER BY score DESC, paper;
