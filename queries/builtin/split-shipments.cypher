// name: split-shipments
// title: Consignments split to stay under a value threshold
// description: >
//   One importer (or importers whose registry records share a phone: fronts of one buyer)
//   receives at least min_consignments consignments of one HS6 from the same exporter
//   within window_days, each below threshold_usd but together above it. Values
//   are compared in USD through usd_per_unit (declarations in other currencies are skipped).
//   Until the resolver merges exporter mentions (today each un-coded exporter mention is its
//   own entity), "the same exporter" is approximated by the same exporter country; the reason
//   lists the exporter names as declared so a person can check they are one company.
// typology: split-shipments
// severity: medium
// timeout: 10
// parameters:
//   threshold_usd: {type: float, default: 1000, help: Value threshold each consignment stays under (USD)}
//   min_consignments: {type: int, default: 4, help: Fewest consignments in the window}
//   window_days: {type: days, default: 7, help: Days the consignments fall within}
//   usd_per_unit: {type: "map[string,float]", default: {USD: 1, EUR: 1.08, CNY: 0.138, JPY: 0.0066, KRW: 0.00073, VND: 0.0000395, THB: 0.028, HKD: 0.128, SGD: 0.74, AUD: 0.66, GBP: 1.27}, help: "USD per unit of each currency, e.g. CNY=0.138;EUR=1.08"}
// reason: "{importers} received {consignments} consignments of HS {hs6} from {exporter_country} ({exporters}) between {first_date} and {last_date}, each under {threshold_usd} USD, together {total_usd} USD"
MATCH (small:Declaration)-[:IMPORTER]->(buyer:Entity)
UNWIND $usd_per_unit AS rate
WITH small, buyer, rate
WHERE rate.key = small.currency AND small.customs_value * rate.value < $threshold_usd
WITH DISTINCT buyer
// the importer's fronts: importers whose registry records share its phone count as one buyer
OPTIONAL MATCH (buyer)<-[:RESOLVES_TO]-(:CompanyRecord)-[:HAS_PHONE]->(:Phone)
      <-[:HAS_PHONE]-(:CompanyRecord)-[:RESOLVES_TO]->(twin:Entity)
WITH buyer, collect(DISTINCT twin.key) AS twins
UNWIND twins + [buyer.key] AS front
WITH buyer, min(front) AS household
MATCH (d:Declaration)-[:IMPORTER]->(buyer)
UNWIND $usd_per_unit AS fx
WITH household, d, fx
WHERE fx.key = d.currency AND d.customs_value * fx.value < $threshold_usd
WITH household, left(d.hs_code, 6) AS hs6,
     coalesce(d.exporter_country, d.origin_country) AS country, collect(d.key) AS lot
WHERE size(lot) >= $min_consignments
// every window of window_days that starts at one of the lot's consignments
UNWIND lot AS start
MATCH (first:Declaration {key: start})
WITH household, hs6, country, lot, first
UNWIND lot AS member
MATCH (d:Declaration {key: member})
WHERE d.date >= first.date AND d.date <= first.date + $window_days
UNWIND $usd_per_unit AS fx
WITH household, hs6, country, first, d, fx
WHERE fx.key = d.currency
WITH household, hs6, country, first, collect(d.key) AS window,
     sum(d.customs_value * fx.value) AS total_usd
WHERE size(window) >= $min_consignments AND total_usd > $threshold_usd
// one finding per buyer, HS6 and exporter country: the windows that qualified, merged
UNWIND window AS member
WITH DISTINCT household, hs6, country, member
MATCH (d:Declaration {key: member})-[:IMPORTER]->(buyer:Entity)
MATCH (d)-[:EXPORTER]->(seller:Entity)
UNWIND $usd_per_unit AS fx
WITH household, hs6, country, d, buyer, seller, fx
WHERE fx.key = d.currency
WITH household, hs6, country AS exporter_country,
     collect(DISTINCT buyer.key) AS buyers, collect(DISTINCT buyer.name) AS importers,
     collect(DISTINCT seller.key) AS sellers, collect(DISTINCT d.exporter_name) AS exporters,
     collect(DISTINCT d.key) AS records, sum(d.customs_value * fx.value) AS total_usd,
     min(d.date) AS first_date, max(d.date) AS last_date
RETURN buyers + sellers AS entities, records, 1.0 - 1.0 / size(records) AS score,
       importers, exporter_country, exporters, hs6, size(records) AS consignments,
       round(total_usd, 0) AS total_usd, first_date, last_date, $threshold_usd AS threshold_usd
ORDER BY score DESC, hs6, first_date
