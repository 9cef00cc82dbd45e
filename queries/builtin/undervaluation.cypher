// name: undervaluation
// title: Importers declaring far below the usual unit value
// description: >
//   Declarations whose unit value (customs value in USD per kg of net mass, converted with
//   the loaded exchange rates) is below max_share of the median unit value of the same HS6,
//   where that peer group has at least min_peers declarations; rolled up per importer, so
//   an importer with several such declarations ranks above one outlier. Declarations without
//   a net mass, or in a currency without a rate, are left out.
// typology: undervaluation
// severity: medium
// timeout: 10
// parameters:
//   max_share: {type: float, default: 0.3, help: Flag unit values below this share of the HS6 median}
//   min_peers: {type: int, default: 20, help: Fewest declarations of the HS6 for a median}
// reason: "{importer}: {declarations} declarations of HS {hs6}{more} at {lowest_pct} to {highest_pct} % of the median unit value"

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
// each low declaration sought by its key
MATCH (d:Declaration {key: low_key})-[:IMPORTER]->(buyer:Entity)
WITH buyer, min(hs6) AS hs6, count(DISTINCT hs6) AS codes, collect(d.key) AS records,
     min(share) AS lowest, max(share) AS highest
RETURN [buyer.key] AS entities, records, 1.0 - 1.0 / (1 + size(records)) AS score,
       buyer.name AS importer, size(records) AS declarations, hs6,
       CASE codes WHEN 1 THEN '' ELSE ' and other HS6 codes' END AS more,
       round(100 * lowest, 0) AS lowest_pct, round(100 * highest, 0) AS highest_pct
ORDER BY score DESC, importer
