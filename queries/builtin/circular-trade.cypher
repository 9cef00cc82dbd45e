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

// Every member of a loop both exports and imports: only declarations between two such
// traders can be a hop (a few hundred at scale 10), so the loops are followed in that list.
MATCH (t:Entity)
WHERE EXISTS { MATCH (t)<-[:EXPORTER]-(:Declaration) }
  AND EXISTS { MATCH (t)<-[:IMPORTER]-(:Declaration) }
// one hop at a time: matched as one pattern, the embedded engine scans every declaration
WITH t
MATCH (t)<-[:EXPORTER]-(d:Declaration)
WITH t, d
MATCH (d)-[:IMPORTER]->(to:Entity)
WHERE to.key <> t.key AND EXISTS { MATCH (to)<-[:EXPORTER]-(:Declaration) }
WITH collect({key: d.key, src: t.key, dst: to.key, name: t.name, date: d.date,
              chapter: left(d.hs_code, 2), ic: d.importer_country, ec: d.exporter_country,
              dc: d.departure_country}) AS hops
// the fourth and fifth hops may be "none" (key ''): the loop closed earlier
WITH hops, hops + [{key: '', src: '', dst: '', name: '', date: date('1900-01-01'),
                    chapter: '', ic: '', ec: '', dc: ''}] AS hops_or_none
// from the party with the smallest key (a), every later party new and greater than a
UNWIND hops AS h1
UNWIND hops AS h2
WITH hops, hops_or_none, h1, h2
WHERE h1.src < h1.dst AND h2.src = h1.dst AND h2.chapter = h1.chapter
  AND h2.dst > h1.src AND h2.dst <> h1.dst
  AND h2.date >= h1.date - $window_days AND h2.date <= h1.date + $window_days
WITH hops, hops_or_none, h1, h2,
     CASE WHEN h2.date < h1.date THEN h2.date ELSE h1.date END AS first,
     CASE WHEN h2.date > h1.date THEN h2.date ELSE h1.date END AS last
UNWIND hops AS h3
WITH hops_or_none, h1, h2, h3, first, last
WHERE h3.src = h2.dst AND h3.chapter = h1.chapter
  AND h3.date >= last - $window_days AND h3.date <= first + $window_days
  AND (h3.dst = h1.src OR (h3.dst > h1.src AND h3.dst <> h1.dst AND h3.dst <> h2.dst))
WITH hops_or_none, h1, h2, h3,
     CASE WHEN h3.date < first THEN h3.date ELSE first END AS first,
     CASE WHEN h3.date > last THEN h3.date ELSE last END AS last
UNWIND hops_or_none AS h4
WITH hops_or_none, h1, h2, h3, h4, first, last
WHERE (h3.dst = h1.src AND h4.key = '')
   OR (h3.dst <> h1.src AND h4.src = h3.dst AND h4.chapter = h1.chapter
       AND h4.date >= last - $window_days AND h4.date <= first + $window_days
       AND (h4.dst = h1.src
            OR (h4.dst > h1.src AND h4.dst <> h1.dst AND h4.dst <> h2.dst
                AND h4.dst <> h3.dst)))
WITH hops_or_none, h1, h2, h3, h4,
     CASE WHEN h4.key <> '' AND h4.date < first THEN h4.date ELSE first END AS first,
     CASE WHEN h4.key <> '' AND h4.date > last THEN h4.date ELSE last END AS last
UNWIND hops_or_none AS h5
WITH h1, h2, h3, h4, h5, first, last
WHERE ((h4.key = '' OR h4.dst = h1.src) AND h5.key = '')
   OR (h4.key <> '' AND h4.dst <> h1.src AND h5.src = h4.dst AND h5.dst = h1.src
       AND h5.chapter = h1.chapter
       AND h5.date >= last - $window_days AND h5.date <= first + $window_days)
WITH h1.chapter AS chapter, [h1, h2, h3, h4, h5] AS path,
     CASE WHEN h4.key = '' THEN [h1.src, h2.src, h3.src]
          WHEN h5.key = '' THEN [h1.src, h2.src, h3.src, h4.src]
          ELSE [h1.src, h2.src, h3.src, h4.src, h5.src] END AS entities,
     h1.name + ' → ' + h2.name + ' → ' + h3.name
       + CASE WHEN h4.key = '' THEN '' ELSE ' → ' + h4.name END
       + CASE WHEN h5.key = '' THEN '' ELSE ' → ' + h5.name END
       + ' → ' + h1.name AS parties
UNWIND path AS hop
WITH chapter, entities, parties, hop
WHERE hop.key <> ''
WITH chapter, entities, parties, collect(DISTINCT hop.key) AS records,
     min(hop.date) AS first_date, max(hop.date) AS last_date,
     collect(hop.ic) + collect(hop.ec) + collect(hop.dc) AS seen
UNWIND seen AS country
WITH chapter, entities, parties, records, first_date, last_date,
     collect(DISTINCT country) AS countries
WHERE size(countries) >= $min_countries
RETURN entities, records, 1.0 - 1.0 / size(records) AS score, chapter,
       size(entities) AS hops, parties, size(countries) AS countries, first_date, last_date
ORDER BY score DESC, first_date, parties
