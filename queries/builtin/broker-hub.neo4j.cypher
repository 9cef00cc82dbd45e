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

// A variant for Neo4j: the broker-client pairs come from one hash join of the two
// relationship types, where expanding each declaration walks all its relationships;
// first dates are read only for the clients of brokers with enough of them.
MATCH (broker)<-[:DECLARANT]-(d)-[:IMPORTER]->(importer)
USING JOIN ON d
WHERE broker <> importer
WITH broker, importer, count(d) AS declared
WITH broker, collect(importer) AS clients
WHERE size(clients) >= $min_importers
UNWIND clients AS importer
WITH importer, collect(broker) AS brokers
MATCH (importer)<-[:IMPORTER]-(dated)
WITH importer, brokers, min(dated.date) AS first
OPTIONAL MATCH (importer)<-[:RESOLVES_TO]-(c:CompanyRecord)
WITH importer, brokers, first, max(c.registered_on) AS registered
WITH importer, brokers, importer.key IN $flagged AS flagged,
     registered IS NOT NULL AND first <= registered + $new_days AS is_new
UNWIND brokers AS broker
WITH broker, count(importer) AS importers,
     sum(CASE WHEN flagged THEN 1 ELSE 0 END) AS flagged_count,
     sum(CASE WHEN is_new AND NOT flagged THEN 1 ELSE 0 END) AS new_count,
     collect(CASE WHEN flagged OR is_new THEN importer.key END) AS suspects
WHERE size(suspects) >= $min_share * importers
// the evidence: what the few brokers left declared for their suspect clients
MATCH (broker)<-[:DECLARANT]-(d:Declaration)-[:IMPORTER]->(client:Entity)
WHERE client.key IN suspects
WITH broker, importers, flagged_count, new_count, suspects, collect(d.key) AS records
RETURN [broker.key] + suspects AS entities, records, size(suspects) * 1.0 / importers AS score,
       broker.name AS broker_name, importers, size(suspects) AS suspects,
       round(100.0 * size(suspects) / importers, 0) AS share_percent, flagged_count, new_count
ORDER BY score DESC, broker_name
