// Papers proposing a method: which papers propose the method named $method (name, key or alias,
// any case); set $method to null to list every proposed method.
:param method => "ReWOO";

MATCH (paper:Paper)-[proposes:PROPOSES]->(method:Method)
WHERE $method IS NULL
   OR toLower($method) IN [method.key, toLower(method.name)] + [alias IN method.aliases | toLower(alias)]
RETURN method.name AS method, paper.title AS paper, proposes.evidence AS evidence
ORDER BY method, paper;
