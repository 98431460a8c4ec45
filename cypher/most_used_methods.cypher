// Most used methods: the methods the most papers use (not counting the papers proposing them).
:param limit => 20;

MATCH (paper:Paper)-[:USES]->(method:Method)
RETURN method.name AS method, count(DISTINCT paper) AS papers, method.aliases AS aliases
ORDER BY papers DESC, method
LIMIT $limit;
