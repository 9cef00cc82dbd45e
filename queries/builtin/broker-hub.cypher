// name: broker-hub
// title: Customs brokers whose clients are largely flagged or new
// description: >
//   A declarant (customs broker) declaring for at least min_importers importers, of which at
//   least min_share are flagged or new. Flagged: the importer's entity key is in flagged.
//   `tradegraph findings` (and `tradegraph risk`) run every other saved query first and pass
//   the entity keys of all their findings here, so broker-hub sees what the other typologies
//   found in the same run; run on its own, flagged is empty unless given (entity keys,
//   ';'-separated). New: the importer began declaring within new_days of its company's
//   registration (a fresh company trading at once). An importer declaring for itself is not
//   counted. Score: the share of flagged or new importers.
// typology: broker-hub
// severity: medium
// timeout: 10
// parameters:
//   min_importers: {type: int, default: 5, help: Fewest importers the broker declares for}
//   min_share: {type: float, default: 0.4, help: "Smallest share (0 to 1) of them flagged or new"}
//   new_days: {type: days, default: 180, help: Days from registration to first declaration that make an importer new}
//   flagged: {type: "list[string]", default: [], help: "Entity keys flagged by other queries (filled in by tradegraph findings)"}
// reason: "Broker {broker_name} declares for {importers} importers; {suspects} of them ({share_percent} %) are flagged by other queries ({flagged_count}) or new ({new_count})"

// brokers with enough clients first; each client's first declaration and registration once
MATCH (d:Declaration)-[:DECLARANT]->(broker:Entity)
MATCH (d)-[:IMPORTER]->(importer:Entity)
WHERE importer.key <> broker.key
WITH broker, importer.key AS client, collect(d.key) AS served
WITH broker, collect({client: client, served: served}) AS clients
WHERE size(clients) >= $min_importers
UNWIND clients AS one
WITH broker, one.client AS client, one.served AS served
MATCH (importer:Entity)<-[:IMPORTER]-(dated:Declaration)
WHERE importer.key = client
WITH broker, importer, served, min(dated.date) AS first
OPTIONAL MATCH (importer)<-[:RESOLVES_TO]-(c:CompanyRecord)
WITH broker, importer, served, first, max(c.registered_on) AS registered
WITH broker, importer, served, importer.key IN $flagged AS flagged,
     registered IS NOT NULL AND first <= registered + $new_days AS is_new
WITH broker, count(importer) AS importers,
     sum(CASE WHEN flagged THEN 1 ELSE 0 END) AS flagged_count,
     sum(CASE WHEN is_new AND NOT flagged THEN 1 ELSE 0 END) AS new_count,
     collect(CASE WHEN flagged OR is_new THEN importer.key END) AS suspects,
     collect(CASE WHEN flagged OR is_new THEN served END) AS evidence
WHERE importers >= $min_importers AND size(suspects) >= $min_share * importers
UNWIND evidence AS declarations
UNWIND declarations AS record
WITH broker, importers, flagged_count, new_count, suspects, collect(record) AS records
RETURN [broker.key] + suspects AS entities, records, size(suspects) * 1.0 / importers AS score,
       broker.name AS broker_name, importers, size(suspects) AS suspects,
       round(100.0 * size(suspects) / importers, 0) AS share_percent, flagged_count, new_count
ORDER BY score DESC, broker_name
