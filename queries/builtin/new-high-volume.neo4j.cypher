// name: new-high-volume
// title: New importers with a top-percentile import value
// description: >
//   An importer whose first declaration is within recent_days of the newest declaration in
//   the data, or whose company was registered (or registered again) within that time, but
//   whose total customs value is already in the top top_percent of all importers. A new
//   company moving large values at once is a classic front for a one-off fraud. Values are
//   compared in USD through usd_per_unit (declarations in other currencies are skipped).
//   Score: 1 at the top of the ranking, falling to 0.5 at the edge of the top share.
// typology: new-high-volume
// severity: medium
// timeout: 10
// parameters:
//   recent_days: {type: days, default: 90, help: Days before the newest declaration that count as new}
//   top_percent: {type: float, default: 1, help: "Top share of importers by total value, in percent"}
//   usd_per_unit: {type: "map[string,float]", default: {USD: 1, EUR: 1.08, CNY: 0.138, JPY: 0.0066, KRW: 0.00073, VND: 0.0000395, THB: 0.028, HKD: 0.128, SGD: 0.74, AUD: 0.66, GBP: 1.27}, help: "USD per unit of each currency, e.g. CNY=0.138;EUR=1.08"}
// reason: "{importer} (first declaration {first_date}, registered {registered_on}) declared {declarations} items worth {total_usd} USD by {newest}: rank {rank} of {importers} importers, in the top {top_percent}%"

// A variant for Neo4j: a declaration's currency, value and date come from the composite
// index `declaration_value_date` and its importer from a scan of the IMPORTER relationships,
// joined on the declaration (reading three of a declaration's 36 properties from each node
// takes twice as long).
MATCH (x)-[r:IMPORTER]->(e)
USING SCAN r:IMPORTER
MATCH (d:Declaration)
USING INDEX d:Declaration(currency, customs_value, date)
WHERE d.currency IS NOT NULL AND d.customs_value IS NOT NULL AND d.date IS NOT NULL AND d = x
// totals per importer and currency first, so the rates join a few rows per importer
WITH e, d.currency AS currency, sum(d.customs_value) AS value, min(d.date) AS first_in
UNWIND $usd_per_unit AS fx
WITH e, currency, value, first_in, fx
WHERE fx.key = currency
WITH e, sum(value * fx.value) AS total, min(first_in) AS first
OPTIONAL MATCH (e)<-[:RESOLVES_TO]-(c:CompanyRecord)
WITH e, total, first, max(c.registered_on) AS registered
WITH collect({key: e.key, total: total, first: first, registered: registered}) AS importers,
     percentileDisc(total, 0.9) AS cutoff
// once, from the end of the date index
CALL () {
  MATCH (latest:Declaration)
  RETURN max(latest.date) AS newest
}
UNWIND importers AS importer
WITH newest, cutoff, collect(importer) AS importers, collect(importer.total) AS totals,
     collect(CASE WHEN importer.total >= cutoff THEN importer.total END) AS high
WITH newest, importers, totals,
     CASE WHEN size(high) >= size(totals) * $top_percent / 100.0 THEN cutoff END AS cutoff,
     CASE WHEN size(high) >= size(totals) * $top_percent / 100.0 THEN high ELSE totals END AS high
UNWIND importers AS candidate
WITH newest, totals, high, cutoff, candidate
WHERE (candidate.first >= newest - $recent_days OR candidate.registered >= newest - $recent_days)
  AND (cutoff IS NULL OR candidate.total >= cutoff)
// grouped by the importer's key alone: a whole map as a grouping key is slow on LadybugDB
WITH newest, high, size(totals) AS ranked, candidate.key AS key, candidate.total AS total,
     candidate.first AS first, candidate.registered AS registered
// only the totals from one's own up are kept (one's own keeps the top importer's row)
UNWIND high + [total] AS other
WITH newest, ranked, key, total, first, registered, other
WHERE other >= total
WITH key, min(newest) AS newest, min(total) AS total, min(first) AS first,
     min(registered) AS registered, min(ranked) AS ranked,
     count(CASE WHEN other > total THEN 1 END) AS above
WHERE above < ranked * $top_percent / 100.0
// the few importers left, each sought by its key
MATCH (e:Entity {key: key})<-[:IMPORTER]-(d:Declaration)
OPTIONAL MATCH (e)<-[:RESOLVES_TO]-(c:CompanyRecord)
WITH newest, total, first, registered, e, ranked, above, collect(DISTINCT c.key) AS companies,
     collect(DISTINCT d.key) AS declarations
RETURN [e.key] AS entities, companies + declarations AS records,
       1.0 - 0.5 * above / (ranked * $top_percent / 100.0) AS score, e.name AS importer,
       first AS first_date, registered AS registered_on,
       size(declarations) AS declarations, round(total, 0) AS total_usd,
       above + 1 AS rank, ranked AS importers, newest, $top_percent AS top_percent
ORDER BY score DESC, importer
