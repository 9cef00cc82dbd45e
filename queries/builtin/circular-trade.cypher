// name: circular-trade
// title: Goods going round a loop of companies
// description: >
//   Goods of one HS chapter flow round a loop of 3 to 5 resolved parties (A exports to B,
//   B to C, ... and the last back to A), across at least min_countries countries (declared
//   importer, exporter and departure countries), with every hop of the loop inside
//   window_days: carousel or missing-trader fraud. Each loop is reported once, starting at
//   its party with the smallest entity key, with every declaration on it in the window.
// typology: circular-trade
// severity: high
// timeout: 10
// parameters:
//   window_days: {type: days, default: 180, help: Days within which every hop of one round of the loop falls}
//   min_countries: {type: int, default: 2, help: Fewest countries the loop crosses}
// reason: "HS {chapter} goes round {parties} ({hops} parties, {countries} countries) between {first_date} and {last_date}"

// loops of 3 parties, followed hop by hop from the party with the smallest key
MATCH (a:Entity)<-[:EXPORTER]-(:Declaration)
WITH DISTINCT a
WHERE EXISTS { MATCH (a)<-[:IMPORTER]-(:Declaration) }
MATCH (a)<-[:EXPORTER]-(d1:Declaration)-[:IMPORTER]->(b:Entity)
WHERE a.key < b.key AND EXISTS { MATCH (b)<-[:EXPORTER]-(:Declaration) }
WITH a, b, d1, left(d1.hs_code, 2) AS chapter, d1.date AS first, d1.date AS last
MATCH (b)<-[:EXPORTER]-(d2:Declaration)-[:IMPORTER]->(c:Entity)
WHERE a.key < c.key
  AND c <> b
  AND EXISTS { MATCH (c)<-[:EXPORTER]-(:Declaration) }
  AND d2.hs_code STARTS WITH chapter
  AND d2.date >= last - $window_days AND d2.date <= first + $window_days
WITH a, b, c, d1, d2, chapter,
     CASE WHEN d2.date < first THEN d2.date ELSE first END AS first,
     CASE WHEN d2.date > last THEN d2.date ELSE last END AS last
MATCH (c)<-[:EXPORTER]-(d3:Declaration)-[:IMPORTER]->(a)
WHERE d3.hs_code STARTS WITH chapter
  AND d3.date >= last - $window_days AND d3.date <= first + $window_days
WITH a, b, c, d1, d2, d3, chapter,
     CASE WHEN d3.date < first THEN d3.date ELSE first END AS first,
     CASE WHEN d3.date > last THEN d3.date ELSE last END AS last
WHERE last <= first + $window_days
UNWIND [d1.key, d2.key, d3.key] AS hop_key
MATCH (hop:Declaration)
WHERE hop.key = hop_key
WITH a, b, c, chapter, collect(DISTINCT hop.key) AS records, min(hop.date) AS first_date,
     max(hop.date) AS last_date,
     collect(DISTINCT hop.importer_country) + collect(DISTINCT hop.exporter_country)
     + collect(DISTINCT hop.departure_country) AS seen
UNWIND seen AS country
WITH a, b, c, chapter, records, first_date, last_date, collect(DISTINCT country) AS countries
WHERE size(countries) >= $min_countries
RETURN [a.key, b.key, c.key] AS entities, records,
       1.0 - 1.0 / size(records) AS score, chapter, 3 AS hops,
       a.name + ' → ' + b.name + ' → ' + c.name + ' → ' + a.name AS parties,
       size(countries) AS countries, first_date, last_date
UNION ALL
// loops of 4 parties, followed hop by hop from the party with the smallest key
MATCH (a:Entity)<-[:EXPORTER]-(:Declaration)
WITH DISTINCT a
WHERE EXISTS { MATCH (a)<-[:IMPORTER]-(:Declaration) }
MATCH (a)<-[:EXPORTER]-(d1:Declaration)-[:IMPORTER]->(b:Entity)
WHERE a.key < b.key AND EXISTS { MATCH (b)<-[:EXPORTER]-(:Declaration) }
WITH a, b, d1, left(d1.hs_code, 2) AS chapter, d1.date AS first, d1.date AS last
MATCH (b)<-[:EXPORTER]-(d2:Declaration)-[:IMPORTER]->(c:Entity)
WHERE a.key < c.key
  AND c <> b
  AND EXISTS { MATCH (c)<-[:EXPORTER]-(:Declaration) }
  AND d2.hs_code STARTS WITH chapter
  AND d2.date >= last - $window_days AND d2.date <= first + $window_days
WITH a, b, c, d1, d2, chapter,
     CASE WHEN d2.date < first THEN d2.date ELSE first END AS first,
     CASE WHEN d2.date > last THEN d2.date ELSE last END AS last
MATCH (c)<-[:EXPORTER]-(d3:Declaration)-[:IMPORTER]->(d:Entity)
WHERE a.key < d.key
  AND d <> b
  AND d <> c
  AND EXISTS { MATCH (d)<-[:EXPORTER]-(:Declaration) }
  AND d3.hs_code STARTS WITH chapter
  AND d3.date >= last - $window_days AND d3.date <= first + $window_days
WITH a, b, c, d, d1, d2, d3, chapter,
     CASE WHEN d3.date < first THEN d3.date ELSE first END AS first,
     CASE WHEN d3.date > last THEN d3.date ELSE last END AS last
MATCH (d)<-[:EXPORTER]-(d4:Declaration)-[:IMPORTER]->(a)
WHERE d4.hs_code STARTS WITH chapter
  AND d4.date >= last - $window_days AND d4.date <= first + $window_days
WITH a, b, c, d, d1, d2, d3, d4, chapter,
     CASE WHEN d4.date < first THEN d4.date ELSE first END AS first,
     CASE WHEN d4.date > last THEN d4.date ELSE last END AS last
WHERE last <= first + $window_days
UNWIND [d1.key, d2.key, d3.key, d4.key] AS hop_key
MATCH (hop:Declaration)
WHERE hop.key = hop_key
WITH a, b, c, d, chapter, collect(DISTINCT hop.key) AS records, min(hop.date) AS first_date,
     max(hop.date) AS last_date,
     collect(DISTINCT hop.importer_country) + collect(DISTINCT hop.exporter_country)
     + collect(DISTINCT hop.departure_country) AS seen
UNWIND seen AS country
WITH a, b, c, d, chapter, records, first_date, last_date, collect(DISTINCT country) AS countries
WHERE size(countries) >= $min_countries
RETURN [a.key, b.key, c.key, d.key] AS entities, records,
       1.0 - 1.0 / size(records) AS score, chapter, 4 AS hops,
       a.name + ' → ' + b.name + ' → ' + c.name + ' → ' + d.name + ' → ' + a.name AS parties,
       size(countries) AS countries, first_date, last_date
UNION ALL
// loops of 5 parties, followed hop by hop from the party with the smallest key
MATCH (a:Entity)<-[:EXPORTER]-(:Declaration)
WITH DISTINCT a
WHERE EXISTS { MATCH (a)<-[:IMPORTER]-(:Declaration) }
MATCH (a)<-[:EXPORTER]-(d1:Declaration)-[:IMPORTER]->(b:Entity)
WHERE a.key < b.key AND EXISTS { MATCH (b)<-[:EXPORTER]-(:Declaration) }
WITH a, b, d1, left(d1.hs_code, 2) AS chapter, d1.date AS first, d1.date AS last
MATCH (b)<-[:EXPORTER]-(d2:Declaration)-[:IMPORTER]->(c:Entity)
WHERE a.key < c.key
  AND c <> b
  AND EXISTS { MATCH (c)<-[:EXPORTER]-(:Declaration) }
  AND d2.hs_code STARTS WITH chapter
  AND d2.date >= last - $window_days AND d2.date <= first + $window_days
WITH a, b, c, d1, d2, chapter,
     CASE WHEN d2.date < first THEN d2.date ELSE first END AS first,
     CASE WHEN d2.date > last THEN d2.date ELSE last END AS last
MATCH (c)<-[:EXPORTER]-(d3:Declaration)-[:IMPORTER]->(d:Entity)
WHERE a.key < d.key
  AND d <> b
  AND d <> c
  AND EXISTS { MATCH (d)<-[:EXPORTER]-(:Declaration) }
  AND d3.hs_code STARTS WITH chapter
  AND d3.date >= last - $window_days AND d3.date <= first + $window_days
WITH a, b, c, d, d1, d2, d3, chapter,
     CASE WHEN d3.date < first THEN d3.date ELSE first END AS first,
     CASE WHEN d3.date > last THEN d3.date ELSE last END AS last
MATCH (d)<-[:EXPORTER]-(d4:Declaration)-[:IMPORTER]->(e:Entity)
WHERE a.key < e.key
  AND e <> b
  AND e <> c
  AND e <> d
  AND EXISTS { MATCH (e)<-[:EXPORTER]-(:Declaration) }
  AND d4.hs_code STARTS WITH chapter
  AND d4.date >= last - $window_days AND d4.date <= first + $window_days
WITH a, b, c, d, e, d1, d2, d3, d4, chapter,
     CASE WHEN d4.date < first THEN d4.date ELSE first END AS first,
     CASE WHEN d4.date > last THEN d4.date ELSE last END AS last
MATCH (e)<-[:EXPORTER]-(d5:Declaration)-[:IMPORTER]->(a)
WHERE d5.hs_code STARTS WITH chapter
  AND d5.date >= last - $window_days AND d5.date <= first + $window_days
WITH a, b, c, d, e, d1, d2, d3, d4, d5, chapter,
     CASE WHEN d5.date < first THEN d5.date ELSE first END AS first,
     CASE WHEN d5.date > last THEN d5.date ELSE last END AS last
WHERE last <= first + $window_days
UNWIND [d1.key, d2.key, d3.key, d4.key, d5.key] AS hop_key
MATCH (hop:Declaration)
WHERE hop.key = hop_key
WITH a, b, c, d, e, chapter, collect(DISTINCT hop.key) AS records, min(hop.date) AS first_date,
     max(hop.date) AS last_date,
     collect(DISTINCT hop.importer_country) + collect(DISTINCT hop.exporter_country)
     + collect(DISTINCT hop.departure_country) AS seen
UNWIND seen AS country
WITH a, b, c, d, e, chapter, records, first_date, last_date, collect(DISTINCT country) AS countries
WHERE size(countries) >= $min_countries
RETURN [a.key, b.key, c.key, d.key, e.key] AS entities, records,
       1.0 - 1.0 / size(records) AS score, chapter, 5 AS hops,
       a.name + ' → ' + b.name + ' → ' + c.name + ' → ' + d.name + ' → ' + e.name + ' → ' + a.name AS parties,
       size(countries) AS countries, first_date, last_date
