// name: shell-cluster
// title: Many companies registered at one address
// description: >
//   Addresses where at least min_companies companies (distinct entities behind the registry
//   records) were registered within window_days of each other. A mass-registration address
//   hides who controls the companies. Registered agents' addresses are a known false alarm:
//   the ones in the reference data (registered_agents.csv, compared after address
//   normalisation) are skipped, and an analyst can skip more with exclude_addresses (as
//   written; they are normalised like the loaded ones).
// typology: shell-cluster
// severity: medium
// timeout: 10
// parameters:
//   min_companies: {type: int, default: 6, help: Fewest companies registered at one address}
//   window_days: {type: days, default: 365, help: Days within which they were registered}
//   exclude_addresses: {type: "list[address]", default: [], help: "More addresses to skip besides the reference data's registered agents (';'-separated)"}
// reason: "{companies} companies registered at {address} between {first_registered} and {last_registered}; {importers} of them import"

// each company record's address, entity and date read once and grouped by address; the
// windows are counted in those short lists (joining every record of an address with every
// other and expanding both again took three times as long on both engines)
MATCH (c:CompanyRecord)-[:HAS_ADDRESS]->(a:Address)
WHERE c.registered_on IS NOT NULL
MATCH (c)-[:RESOLVES_TO]->(e:Entity)
WITH a, collect({entity: e.key, record: c.key, day: c.registered_on}) AS members
// an address needs at least as many records as companies
WHERE size(members) >= $min_companies
  AND NOT a.key IN $exclude_addresses
  AND NOT EXISTS { MATCH (a)-[:REGISTERED_AGENT]->(:RegisteredAgent) }
UNWIND members AS first
UNWIND members AS member
WITH a, members, first, member
WHERE member.day >= first.day AND member.day <= first.day + $window_days
WITH a, members, first.record AS start, first.day AS started, count(DISTINCT member.entity) AS n
WHERE n >= $min_companies
// every company inside some window that reached the threshold
WITH a, members, min(started) AS since, max(started) AS last_start
UNWIND members AS member
WITH a, since, last_start, member
WHERE member.day >= since AND member.day <= last_start + $window_days
WITH a, collect(DISTINCT member.entity) AS entities, collect(DISTINCT member.record) AS records,
     min(member.day) AS first_registered, max(member.day) AS last_registered
// each member looked up by key: `key IN list` would scan every declaration per address
UNWIND entities AS key
MATCH (m:Entity)
WHERE m.key = key
WITH a, entities, records, first_registered, last_registered,
     CASE WHEN EXISTS { MATCH (m)<-[:IMPORTER]-(:Declaration) } THEN 1 ELSE 0 END AS imports
WITH a, entities, records, first_registered, last_registered, sum(imports) AS importers
RETURN entities, records,
       0.75 - 0.75 / size(entities) + CASE WHEN importers > 0 THEN 0.25 ELSE 0.0 END
         AS score,
       a.value AS address, size(entities) AS companies, importers,
       first_registered, last_registered
ORDER BY score DESC, address
