// name: sanctions-proximity
// title: Importers within a few hops of a sanctioned party
// description: >
//   An importer within max_hops (1 or 2) links of a party on a watchlist: the listed party
//   itself importing (0 hops), a director, owner or other officer of the importer (a role
//   recorded by a registry, in either direction), or an exporter that shipped to it; at two
//   hops, the party in between is a company or person linked the same way. A path uses at
//   most one trading link, so the customers of a listed exporter's other customers are not
//   reported. The listed party is the entity the resolver linked the watchlist entry to (by
//   tax code, or by a name or alias together with a birth date or ID number). The finding
//   shows the path; its records are the watchlist entries, the role records and the
//   declarations along it. Score: 1.0 for the listed party importing, 0.9 for a role link,
//   0.8 for a trading link, 0.6 and 0.5 at two hops.
// typology: sanctions-proximity
// severity: high
// timeout: 10
// parameters:
//   max_hops: {type: int, default: 2, help: "Most links between the listed party and the importer (1 or 2)"}
// reason: "{importer} is {hops} hop(s) from {listed}, listed as '{listed_as}' ({program}): {path}"

// the listed party imports
MATCH (w:WatchlistEntry)-[:RESOLVES_TO]->(listed:Entity)
WITH listed, collect(DISTINCT w.key) AS entries, min(w.name) AS listed_as,
     min(w.program) AS program
MATCH (target:Entity)<-[:IMPORTER]-(d:Declaration)
WHERE target.key = listed.key
WITH listed, entries, listed_as, program, target, collect(d.key) AS links
RETURN [target.key] AS entities, entries + links AS records, 1.0 AS score,
       target.name AS importer, listed.name AS listed, listed_as, program,
       0 AS hops, listed.name + ' imports in its own name' AS path
UNION
// one role between the listed party and the importer
MATCH (w:WatchlistEntry)-[:RESOLVES_TO]->(listed:Entity)
WITH listed, collect(DISTINCT w.key) AS entries, min(w.name) AS listed_as,
     min(w.program) AS program
MATCH (listed)<-[:RESOLVES_TO]-(:PersonRecord|CompanyRecord)-[r:HAS_ROLE]-(:CompanyRecord|PersonRecord)-[:RESOLVES_TO]->(target:Entity)
WHERE target.key <> listed.key AND EXISTS { MATCH (target)<-[:IMPORTER]-(:Declaration) }
WITH listed, entries, listed_as, program, target, collect(DISTINCT r.record) AS links, min(r.role) AS role
RETURN [target.key, listed.key] AS entities, entries + links AS records, 0.9 AS score,
       target.name AS importer, listed.name AS listed, listed_as, program,
       1 AS hops, listed.name + ' -' + role + '- ' + target.name AS path
UNION
// the listed party exported to the importer
MATCH (w:WatchlistEntry)-[:RESOLVES_TO]->(listed:Entity)
WITH listed, collect(DISTINCT w.key) AS entries, min(w.name) AS listed_as,
     min(w.program) AS program
MATCH (listed)<-[:EXPORTER]-(d:Declaration)-[:IMPORTER]->(target:Entity)
WHERE target.key <> listed.key
WITH listed, entries, listed_as, program, target, collect(d.key) AS links
RETURN [target.key, listed.key] AS entities, entries + links AS records, 0.8 AS score,
       target.name AS importer, listed.name AS listed, listed_as, program,
       1 AS hops, listed.name + ' -exported to- ' + target.name AS path
UNION
// two hops: a role, then another role
MATCH (w:WatchlistEntry)-[:RESOLVES_TO]->(listed:Entity)
WITH listed, collect(DISTINCT w.key) AS entries, min(w.name) AS listed_as,
     min(w.program) AS program
MATCH (listed)<-[:RESOLVES_TO]-(:PersonRecord|CompanyRecord)-[r1:HAS_ROLE]-(:CompanyRecord|PersonRecord)-[:RESOLVES_TO]->(via:Entity)
WHERE $max_hops >= 2 AND via.key <> listed.key
WITH listed, entries, listed_as, program, via, collect(DISTINCT r1.record) AS first, min(r1.role) AS role1
MATCH (via)<-[:RESOLVES_TO]-(:PersonRecord|CompanyRecord)-[r2:HAS_ROLE]-(:CompanyRecord|PersonRecord)-[:RESOLVES_TO]->(target:Entity)
WHERE target.key <> via.key AND target.key <> listed.key AND EXISTS { MATCH (target)<-[:IMPORTER]-(:Declaration) }
WITH listed, entries, listed_as, program, via, first, role1, target, collect(DISTINCT r2.record) AS second,
     min(r2.role) AS role2
RETURN [target.key, via.key, listed.key] AS entities, entries + first + second AS records, 0.6 AS score,
       target.name AS importer, listed.name AS listed, listed_as, program,
       2 AS hops, listed.name + ' -' + role1 + '- ' + via.name + ' -' + role2 + '- ' + target.name AS path
UNION
// two hops: a role, then a trading link (the listed party runs the exporter)
MATCH (w:WatchlistEntry)-[:RESOLVES_TO]->(listed:Entity)
WITH listed, collect(DISTINCT w.key) AS entries, min(w.name) AS listed_as,
     min(w.program) AS program
MATCH (listed)<-[:RESOLVES_TO]-(:PersonRecord|CompanyRecord)-[r1:HAS_ROLE]-(:CompanyRecord|PersonRecord)-[:RESOLVES_TO]->(via:Entity)
WHERE $max_hops >= 2 AND via.key <> listed.key
WITH listed, entries, listed_as, program, via, collect(DISTINCT r1.record) AS first, min(r1.role) AS role1
MATCH (via)<-[:EXPORTER]-(d:Declaration)-[:IMPORTER]->(target:Entity)
WHERE target.key <> via.key AND target.key <> listed.key
WITH listed, entries, listed_as, program, via, first, role1, target, collect(d.key) AS second
RETURN [target.key, via.key, listed.key] AS entities, entries + first + second AS records, 0.5 AS score,
       target.name AS importer, listed.name AS listed, listed_as, program,
       2 AS hops, listed.name + ' -' + role1 + '- ' + via.name + ' -exported to- ' + target.name AS path
UNION
// two hops: a trading link, then a role (a customer of the listed exporter is tied to the importer)
MATCH (w:WatchlistEntry)-[:RESOLVES_TO]->(listed:Entity)
WITH listed, collect(DISTINCT w.key) AS entries, min(w.name) AS listed_as,
     min(w.program) AS program
MATCH (listed)<-[:EXPORTER]-(d:Declaration)-[:IMPORTER]->(via:Entity)
WHERE $max_hops >= 2 AND via.key <> listed.key
WITH listed, entries, listed_as, program, via, collect(d.key) AS first
MATCH (via)<-[:RESOLVES_TO]-(:PersonRecord|CompanyRecord)-[r2:HAS_ROLE]-(:CompanyRecord|PersonRecord)-[:RESOLVES_TO]->(target:Entity)
WHERE target.key <> via.key AND target.key <> listed.key AND EXISTS { MATCH (target)<-[:IMPORTER]-(:Declaration) }
WITH listed, entries, listed_as, program, via, first, target, collect(DISTINCT r2.record) AS second, min(r2.role) AS role2
RETURN [target.key, via.key, listed.key] AS entities, entries + first + second AS records, 0.5 AS score,
       target.name AS importer, listed.name AS listed, listed_as, program,
       2 AS hops, listed.name + ' -exported to- ' + via.name + ' -' + role2 + '- ' + target.name AS path
