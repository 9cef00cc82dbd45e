// name: origin-laundering
// title: Declared origin hides goods under trade remedies
// description: >
//   Declarations whose declared origin differs from both the country of departure and the
//   exporter's country, for an HS chapter under a trade remedy (anti-dumping, countervailing,
//   safeguard: reference data trade_remedies.csv) against the departure or the exporter
//   country but not against the declared origin. Rolled up per importer, exporter, chapter
//   and declared origin.
// typology: origin-laundering
// severity: high
// timeout: 10
// parameters:
//   min_declarations: {type: int, default: 1, help: Fewest such declarations per importer and exporter}
// reason: "{declarations} declarations of HS {chapter} from {exporter} ({exporter_country}) declared origin {origin}, shipped from {departure}; {measure} against {against}"
MATCH (remedy:TradeRemedy)
MATCH (d:Declaration)
WHERE d.hs_code STARTS WITH remedy.hs_chapter
  AND (d.departure_country = remedy.country OR d.exporter_country = remedy.country)
  AND d.origin_country <> coalesce(d.departure_country, '')
  AND d.origin_country <> coalesce(d.exporter_country, '')
  AND NOT EXISTS { MATCH (spared:TradeRemedy)
                   WHERE spared.country = d.origin_country
                     AND spared.hs_chapter = remedy.hs_chapter }
MATCH (d)-[:IMPORTER]->(buyer:Entity)
MATCH (d)-[:EXPORTER]->(seller:Entity)
WITH buyer, seller, remedy.hs_chapter AS chapter, d.origin_country AS origin,
     collect(DISTINCT d.key) AS records, min(d.departure_country) AS departure,
     min(d.exporter_country) AS exporter_country, min(remedy.measure) AS measure,
     min(remedy.country) AS against
WHERE size(records) >= $min_declarations
RETURN [buyer.key, seller.key] AS entities, records, 1.0 - 1.0 / (1 + size(records)) AS score,
       buyer.name AS importer, seller.name AS exporter, exporter_country,
       chapter, origin, departure, measure, against, size(records) AS declarations
ORDER BY score DESC, chapter, importer
