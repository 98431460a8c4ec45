// Papers about a topic: the papers linked (by any relationship but SIMILAR_TO) to a node named $topic
// (its name, key, acronym or an alias, compared lowercase with punctuation as spaces and a plural -s
// dropped per word) or to any concept below it through BROADER, at any depth; best first (the
// strongest link's score, then how many such nodes the paper links to).
:param topic => "diffusion model";
:param limit => 50;

WITH split("-_.,:;/\\()[]{}'\"!?+&*#@%^=<>|~`–—‘’“”", "") AS marks
WITH marks, [word IN split(reduce(text = toLower($topic), mark IN marks | replace(text, mark, " ")), " ") WHERE word <> ""] AS words
WITH marks, reduce(normal = "", word IN words |
  normal + CASE WHEN normal = "" THEN "" ELSE " " END +
  CASE WHEN size(word) > 3 AND word ENDS WITH "s" AND NOT word ENDS WITH "ss" THEN left(word, size(word) - 1) ELSE word END) AS wanted
MATCH (entry)
WHERE NOT entry:Paper AND any(form IN [entry.name, entry.key, entry.acronym] + coalesce(entry.aliases, []) WHERE form IS NOT NULL
  AND reduce(normal = "", word IN [piece IN split(reduce(text = toLower(form), mark IN marks | replace(text, mark, " ")), " ") WHERE piece <> ""] |
    normal + CASE WHEN normal = "" THEN "" ELSE " " END +
    CASE WHEN size(word) > 3 AND word ENDS WITH "s" AND NOT word ENDS WITH "ss" THEN left(word, size(word) - 1) ELSE word END) = wanted)
MATCH (below)-[:BROADER*0..]->(entry)
WITH DISTINCT below
MATCH (paper:Paper)-[link]->(below)
WHERE type(link) <> "SIMILAR_TO"
WITH paper, max(coalesce(link.score, 0.0)) AS score, count(DISTINCT below) AS nodes
RETURN paper.key AS key, paper.title AS title, round(score, 4) AS score, nodes
ORDER BY score DESC, nodes DESC, key
LIMIT $limit;
