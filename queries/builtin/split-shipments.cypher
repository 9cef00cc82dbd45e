// name: split-shipments
// title: Consignments split to stay under a value threshold
// description: >
//   One importer (or importers whose registry records share a phone: fronts of one buyer)
//   receives at least min_consignments consignments of one HS6 from the same exporter
//   (resolved across spellings) within window_days, each below threshold_usd but together
//   above it. Values are converted to USD with the loaded exchange rates (reference data
//   fx_rates.csv); a declaration in a currency without a rate is left out.
// typology: split-shipments
// severity: medium
// timeout: 10
// parameters:
//   threshold_usd: {type: float, default: 1000, help: Value threshold each consignment stays under (USD)}
//   min_consignments: {type: int, default: 4, help: Fewest consignments in the window}
//   window_days: {type: days, default: 7, help: Days the consignments fall within}
// reason: "{importer}{fronts} received {consignments} consignments of HS {hs6} from {exporter} between {first_date} and {last_date}, each under {threshold_usd} USD, together {total_usd} USD"
MATCH (fx:FxRate)
MATCH (d:Declaration)
// the bound in the declaration's currency lets Neo4j seek its (currency, customs_value) index;
// widened a little so rounding never drops a declaration the exact test keeps
WHERE d.currency = fx.key AND d.customs_value < 1.000001 * $threshold_usd / fx.usd_per_unit
  AND d.customs_value * fx.usd_per_unit < $threshold_usd
// the small ones sought again by key, then their parties one hop at a time: matched as one
// pattern, the embedded engine hashes every declaration's links
WITH collect({key: d.key, usd: d.customs_value * fx.usd_per_unit}) AS found
UNWIND found AS small
MATCH (d:Declaration {key: small.key})
WITH small, d
MATCH (d)-[:IMPORTER]->(buyer:Entity)
WITH small, d, buyer
MATCH (d)-[:EXPORTER]->(seller:Entity)
WITH buyer, collect({key: d.key, date: d.date, usd: small.usd, hs6: left(d.hs_code, 6),
                     seller: seller.key, buyer: buyer.key, importer: buyer.name}) AS small
// the importer's fronts: importers whose registry records share its phone count as one buyer
OPTIONAL MATCH (buyer)<-[:RESOLVES_TO]-(:CompanyRecord)-[:HAS_PHONE]->(:Phone)
      <-[:HAS_PHONE]-(:CompanyRecord)-[:RESOLVES_TO]->(twin:Entity)
WITH buyer, small, collect(DISTINCT twin.key) AS twins
UNWIND twins + [buyer.key] AS front
WITH small, min(front) AS household
UNWIND small AS consignment
WITH household, consignment.hs6 AS hs6, consignment.seller AS seller,
     collect(consignment) AS lot
WHERE size(lot) >= $min_consignments
// every window of window_days that starts at one of the lot's consignments
UNWIND lot AS first
UNWIND lot AS member
WITH household, hs6, seller, first, member
WHERE member.date >= first.date AND member.date <= first.date + $window_days
WITH household, hs6, seller, first, collect(member) AS window, sum(member.usd) AS total
WHERE size(window) >= $min_consignments AND total > $threshold_usd
// one finding per buyer, HS6 and exporter: the windows that qualified, merged
UNWIND window AS member
WITH DISTINCT household, hs6, seller, member
WITH household, hs6, seller, collect(DISTINCT member.buyer) AS buyers,
     min(member.importer) AS importer, collect(member.key) AS records,
     sum(member.usd) AS total_usd, min(member.date) AS first_date,
     max(member.date) AS last_date
MATCH (exporter:Entity)
WHERE exporter.key = seller
RETURN buyers + [seller] AS entities, records, 1.0 - 1.0 / size(records) AS score,
       importer, CASE size(buyers) WHEN 1 THEN '' ELSE ' and fronts sharing its phone' END AS fronts,
       exporter.name AS exporter, hs6, size(records) AS consignments,
       round(total_usd, 0) AS total_usd, first_date, last_date, $threshold_usd AS threshold_usd
ORDER BY score DESC, hs6, first_date
