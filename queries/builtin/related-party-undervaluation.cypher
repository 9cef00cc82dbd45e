// name: related-party-undervaluation
// title: Undervalued imports from a related exporter
// description: >
//   Undervalued declarations (unit value in USD per kg below max_share of the HS6 median,
//   peer group of at least min_peers, as in the undervaluation query) where the importer and
//   the exporter are related: a person is director, legal representative or owner of both,
//   one company holds a role in the other, or their registry records share an address,
//   phone or e-mail. The role records and the shared contacts are evidence with the
//   declarations.
// typology: related-party-undervaluation
// severity: high
// timeout: 10
// parameters:
//   max_share: {type: float, default: 0.3, help: Flag unit values below this share of the HS6 median}
//   min_peers: {type: int, default: 20, help: Fewest declarations of the HS6 for a median}
// reason: "{exporter} sold {importer} HS {hs6} at {lowest_pct} to {highest_pct} % of the median unit value ({declarations} declarations); related by {links}, e.g. {example}"

// values converted per currency rather than per declaration, the properties all read from
// one Neo4j index (declaration_unit_value) rather than from every declaration node
MATCH (d:Declaration)
WHERE d.hs_code IS NOT NULL AND d.currency IS NOT NULL AND d.customs_value IS NOT NULL
  AND d.net_mass_kg > 0 AND d.key IS NOT NULL
WITH d.currency AS currency, left(d.hs_code, 6) AS hs6,
     collect({key: d.key, value: d.customs_value / d.net_mass_kg}) AS values
MATCH (fx:FxRate {key: currency})
UNWIND values AS value
WITH hs6, value.key AS declaration, value.value * fx.usd_per_unit AS unit_value
WITH hs6, collect({key: declaration, unit_value: unit_value}) AS peers,
     percentileCont(unit_value, 0.5) AS median
WHERE size(peers) >= $min_peers
UNWIND peers AS peer
WITH hs6, median, peer
WHERE peer.unit_value < $max_share * median
WITH hs6, peer.key AS low_key, peer.unit_value / median AS share
// each flagged declaration sought by its key (a plain value: Neo4j sought every peer's key
// before filtering when it was a map field) with both parties in one pattern
MATCH (buyer:Entity)<-[:IMPORTER]-(d:Declaration {key: low_key})-[:EXPORTER]->(seller:Entity)
WITH buyer, seller, min(hs6) AS hs6, collect(d.key) AS declarations,
     min(share) AS lowest, max(share) AS highest
// related: one person holds a role in both
OPTIONAL MATCH (buyer)<-[:RESOLVES_TO]-(:CompanyRecord)<-[mine:HAS_ROLE]-(:PersonRecord)
      -[:RESOLVES_TO]->(person:Entity)<-[:RESOLVES_TO]-(:PersonRecord)-[theirs:HAS_ROLE]->
      (:CompanyRecord)-[:RESOLVES_TO]->(seller)
WHERE mine.role <> 'contact' AND theirs.role <> 'contact'
WITH buyer, seller, hs6, declarations, lowest, highest,
     collect(DISTINCT person.name) AS people, min(person.name) AS person_name,
     collect(DISTINCT mine.record) + collect(DISTINCT theirs.record) AS person_roles
// ... one company holds a role in the other
OPTIONAL MATCH (seller)<-[:RESOLVES_TO]-(:CompanyRecord)-[held:HAS_ROLE]-(:CompanyRecord)
      -[:RESOLVES_TO]->(buyer)
WITH buyer, seller, hs6, declarations, lowest, highest, people, person_name, person_roles,
     collect(DISTINCT held.record) AS company_roles,
     collect(DISTINCT held.role) AS holdings, min(held.role) AS holding
// ... their registry records share an address, phone or e-mail
OPTIONAL MATCH (buyer)<-[:RESOLVES_TO]-(:CompanyRecord)-[:HAS_ADDRESS|HAS_PHONE|HAS_EMAIL]->
      (contact)<-[:HAS_ADDRESS|HAS_PHONE|HAS_EMAIL]-(:CompanyRecord)-[:RESOLVES_TO]->(seller)
WITH buyer, seller, hs6, declarations, lowest, highest, people, person_name, person_roles,
     company_roles, holdings, holding, collect(DISTINCT contact.value) AS contacts,
     min(contact.value) AS shared
WHERE size(people) + size(holdings) + size(contacts) > 0
RETURN [buyer.key, seller.key] AS entities, person_roles + company_roles + declarations AS records,
       1.0 - 1.0 / (1 + size(declarations)) AS score,
       buyer.name AS importer, seller.name AS exporter, size(declarations) AS declarations,
       hs6, round(100 * lowest, 0) AS lowest_pct, round(100 * highest, 0) AS highest_pct,
       CASE WHEN size(people) > 0 THEN ['a person in both'] ELSE [] END
       + CASE WHEN size(holdings) > 0 THEN ['a role in one another'] ELSE [] END
       + CASE WHEN size(contacts) > 0 THEN ['shared contacts'] ELSE [] END AS links,
       coalesce(person_name, holding, shared) AS example
ORDER BY score DESC, importer
