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
MATCH (a:Address)<-[:HAS_ADDRESS]-(first:CompanyRecord)
WHERE first.registered_on IS NOT NULL
  AND NOT a.key IN $exclude_addresses
  AND NOT EXISTS { MATCH (a)-[:REGISTERED_AGENT]->(:RegisteredAgent) }
MATCH (a)<-[:HAS_ADDRESS]-(c:CompanyRecord)-[:RESOLVES_TO]->(e:Entity)
WHERE c.registered_on >= first.registered_on
  AND c.registered_on <= first.registered_on + $window_days
WITH a, first, count(DISTINCT e) AS n
WHERE n >= $min_companies
// every company inside some window that reached the threshold
WITH a, min(first.registered_on) AS since, max(first.registered_on) AS last_start
MATCH (a)<-[:HAS_ADDRESS]-(c:CompanyRecord)-[:RESOLVES_TO]->(e:Entity)
WHERE c.registered_on >= since AND c.registered_on <= last_start + $window_days
WITH a, collect(DISTINCT e.key) AS entities, collect(DISTINCT c.key) AS records,
     min(c.registered_on) AS first_registered, max(c.registered_on) AS last_registered
// each member looked up by key: `key IN list` would scan every declaration per address
UNWIND entities AS member
MATCH (m:Entity)
WHERE m.key = member
WITH a, entities, records, first_registered, last_registered,
     CASE WHEN EXISTS { MATCH (m)<-[:IMPORTER]-(:Declaration) } THEN 1 ELSE 0 END AS imports
WITH a, entities, records, first_registered, last_registered, sum(imports) AS importers
RETURN entities, records,
       0.75 - 0.75 / size(entities) + CASE WHEN importers > 0 THEN 0.25 ELSE 0.0 END
         AS score,
       a.value AS address, size(entities) AS companies, importers,
       first_registered, last_registered
ORDER BY score DESC, address
