// name: sanctions-proximity
// title: Importers within a few hops of a sanctioned party
// description: >
//   An importer within max_hops (1 or 2) links of a party on a watchlist: the listed party
//   itself importing (0 hops), a director, owner or other officer of the importer (a role
//   recorded by a registry, in either direction), or an exporter that shipped to it; at two
//   hops, the party in between is a company or person linked the same way. A path uses at
//   most one trading link, so the customers of a listed exporter's other customers are not
//   reported. The listed party is the entity the resolver linked the watchlist entry to (by
//   tax code, or by its listed name or one of its aliases together with a birth date or ID
//   number). The finding shows the path; its records are the watchlist entries, the role
//   records and the declarations along it. Score: 1.0 for the listed party importing, 0.9 for a role link,
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
// one hop at a time: matched as one pattern, the embedded engine scans every record
MATCH (listed)<-[:RESOLVES_TO]-(holder:PersonRecord|CompanyRecord)
WITH listed, entries, listed_as, program, holder
MATCH (holder)-[r:HAS_ROLE]-(held:CompanyRecord|PersonRecord)
WITH listed, entries, listed_as, program, r, held
MATCH (held)-[:RESOLVES_TO]->(target:Entity)
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
// The parties one hop away are collected and sought again by key before the second hop:
// planned as one join, the embedded engine hashes every declaration or record link.
MATCH (w:WatchlistEntry)-[:RESOLVES_TO]->(listed:Entity)
WHERE $max_hops >= 2
WITH listed, collect(DISTINCT w.key) AS entries, min(w.name) AS listed_as,
     min(w.program) AS program
MATCH (listed)<-[:RESOLVES_TO]-(holder:PersonRecord|CompanyRecord)
WITH listed, entries, listed_as, program, holder
MATCH (holder)-[r1:HAS_ROLE]-(held:CompanyRecord|PersonRecord)
WITH listed, entries, listed_as, program, r1, held
MATCH (held)-[:RESOLVES_TO]->(via:Entity)
WHERE via.key <> listed.key
WITH listed, entries, listed_as, program, via, collect(DISTINCT r1.record) AS first, min(r1.role) AS role1
WITH collect({listed: listed.key, name: listed.name, entries: entries, listed_as: listed_as,
              program: program, via: via.key, first: first, role1: role1}) AS found
UNWIND found AS f
MATCH (via:Entity {key: f.via})
WITH f, via
MATCH (via)<-[:RESOLVES_TO]-(holder2:PersonRecord|CompanyRecord)
WITH f, via, holder2
MATCH (holder2)-[r2:HAS_ROLE]-(held2:CompanyRecord|PersonRecord)
WITH f, via, r2, held2
MATCH (held2)-[:RESOLVES_TO]->(target:Entity)
WHERE target.key <> via.key AND target.key <> f.listed AND EXISTS { MATCH (target)<-[:IMPORTER]-(:Declaration) }
WITH f, via, target, collect(DISTINCT r2.record) AS second, min(r2.role) AS role2
RETURN [target.key, via.key, f.listed] AS entities, f.entries + f.first + second AS records, 0.6 AS score,
       target.name AS importer, f.name AS listed, f.listed_as AS listed_as, f.program AS program,
       2 AS hops, f.name + ' -' + f.role1 + '- ' + via.name + ' -' + role2 + '- ' + target.name AS path
UNION
// two hops: a role, then a trading link (the listed party runs the exporter)
MATCH (w:WatchlistEntry)-[:RESOLVES_TO]->(listed:Entity)
WHERE $max_hops >= 2
WITH listed, collect(DISTINCT w.key) AS entries, min(w.name) AS listed_as,
     min(w.program) AS program
MATCH (listed)<-[:RESOLVES_TO]-(holder:PersonRecord|CompanyRecord)
WITH listed, entries, listed_as, program, holder
MATCH (holder)-[r1:HAS_ROLE]-(held:CompanyRecord|PersonRecord)
WITH listed, entries, listed_as, program, r1, held
MATCH (held)-[:RESOLVES_TO]->(via:Entity)
WHERE via.key <> listed.key AND EXISTS { MATCH (via)<-[:EXPORTER]-(:Declaration) }
WITH listed, entries, listed_as, program, via, collect(DISTINCT r1.record) AS first, min(r1.role) AS role1
WITH collect({listed: listed.key, name: listed.name, entries: entries, listed_as: listed_as,
              program: program, via: via.key, first: first, role1: role1}) AS found
UNWIND found AS f
MATCH (via:Entity {key: f.via})
WITH f, via
MATCH (via)<-[:EXPORTER]-(d:Declaration)-[:IMPORTER]->(target:Entity)
WHERE target.key <> via.key AND target.key <> f.listed
WITH f, via, target, collect(d.key) AS second
RETURN [target.key, via.key, f.listed] AS entities, f.entries + f.first + second AS records, 0.5 AS score,
       target.name AS importer, f.name AS listed, f.listed_as AS listed_as, f.program AS program,
       2 AS hops, f.name + ' -' + f.role1 + '- ' + via.name + ' -exported to- ' + target.name AS path
UNION
// two hops: a trading link, then a role (a customer of the listed exporter is tied to the importer)
MATCH (w:WatchlistEntry)-[:RESOLVES_TO]->(listed:Entity)
WHERE $max_hops >= 2 AND EXISTS { MATCH (listed)<-[:EXPORTER]-(:Declaration) }
WITH listed, collect(DISTINCT w.key) AS entries, min(w.name) AS listed_as,
     min(w.program) AS program
MATCH (listed)<-[:EXPORTER]-(d:Declaration)-[:IMPORTER]->(via:Entity)
WHERE via.key <> listed.key
WITH listed, entries, listed_as, program, via, collect(d.key) AS first
WITH collect({listed: listed.key, name: listed.name, entries: entries, listed_as: listed_as, program: program, via: via.key, first: first}) AS found
UNWIND found AS f
MATCH (via:Entity {key: f.via})
WITH f, via
MATCH (via)<-[:RESOLVES_TO]-(holder2:PersonRecord|CompanyRecord)
WITH f, via, holder2
MATCH (holder2)-[r2:HAS_ROLE]-(held2:CompanyRecord|PersonRecord)
WITH f, via, r2, held2
MATCH (held2)-[:RESOLVES_TO]->(target:Entity)
WHERE target.key <> via.key AND target.key <> f.listed AND EXISTS { MATCH (target)<-[:IMPORTER]-(:Declaration) }
WITH f, via, target, collect(DISTINCT r2.record) AS second, min(r2.role) AS role2
RETURN [target.key, via.key, f.listed] AS entities, f.entries + f.first + second AS records, 0.5 AS score,
       target.name AS importer, f.name AS listed, f.listed_as AS listed_as, f.program AS program,
       2 AS hops, f.name + ' -exported to- ' + via.name + ' -' + role2 + '- ' + target.name AS path
