// name: identity-change
// title: Known importers suddenly declared with new contacts or a new broker
// description: >
//   An importer with at least min_history declarations before the last recent_days (before
//   the newest declaration in the data) whose declarations in those days carry contact
//   details or a broker it never used before: a phone, e-mail or address (after
//   normalisation) found on none of its earlier declarations nor on its registry records,
//   or a declarant never seen on its earlier declarations. At least min_changes of these
//   four must be new: importer identity theft, where someone trades under a known name.
//   A new HS chapter or customs office at the same time adds to the score.
//   Score: the share of the six signs (phone, e-mail, address, broker, HS chapter, office)
//   that are new.
// typology: identity-change
// severity: medium
// timeout: 10
// parameters:
//   recent_days: {type: days, default: 90, help: Days before the newest declaration that are looked at}
//   min_history: {type: int, default: 5, help: Fewest earlier declarations for an importer to be known}
//   min_changes: {type: int, default: 2, help: "Fewest new details among phone, e-mail, address and broker"}
// reason: "{importer} ({history} declarations before {since}) declared {declarations} items since then with {changes}"
MATCH (latest:Declaration)
WITH max(latest.date) AS newest
WITH newest - $recent_days AS since
MATCH (d:Declaration)-[:IMPORTER]->(e:Entity)
WHERE d.date >= since
WITH since, e, collect(d.key) AS recent
MATCH (e)<-[:IMPORTER]-(old:Declaration)
WHERE old.date < since
WITH since, e, recent, count(old) AS history, collect(DISTINCT left(old.hs_code, 2)) AS chapters,
     collect(DISTINCT old.office) AS offices
WHERE history >= $min_history
UNWIND recent AS recent_key
MATCH (d:Declaration {key: recent_key})
// a phone, e-mail or address on none of its earlier declarations nor its registry records
OPTIONAL MATCH (d)-[hp:HAS_PHONE]->(phone:Phone)
WHERE hp.role = 'importer'
  AND NOT EXISTS { MATCH (phone)<-[was:HAS_PHONE]-(old:Declaration)-[:IMPORTER]->(e)
                   WHERE was.role = 'importer' AND old.date < since }
  AND NOT EXISTS { MATCH (phone)<-[:HAS_PHONE]-(:CompanyRecord)-[:RESOLVES_TO]->(e) }
OPTIONAL MATCH (d)-[he:HAS_EMAIL]->(email:Email)
WHERE he.role = 'importer'
  AND NOT EXISTS { MATCH (email)<-[was:HAS_EMAIL]-(old:Declaration)-[:IMPORTER]->(e)
                   WHERE was.role = 'importer' AND old.date < since }
  AND NOT EXISTS { MATCH (email)<-[:HAS_EMAIL]-(:CompanyRecord)-[:RESOLVES_TO]->(e) }
OPTIONAL MATCH (d)-[ha:HAS_ADDRESS]->(address:Address)
WHERE ha.role = 'importer'
  AND NOT EXISTS { MATCH (address)<-[was:HAS_ADDRESS]-(old:Declaration)-[:IMPORTER]->(e)
                   WHERE was.role = 'importer' AND old.date < since }
  AND NOT EXISTS { MATCH (address)<-[:HAS_ADDRESS]-(:CompanyRecord)-[:RESOLVES_TO]->(e) }
// a declarant never seen on its earlier declarations
OPTIONAL MATCH (d)-[:DECLARANT]->(declarant:Entity)
WHERE NOT EXISTS { MATCH (declarant)<-[:DECLARANT]-(old:Declaration)-[:IMPORTER]->(e)
                   WHERE old.date < since }
WITH since, e, history, chapters, offices, d, phone, email, address, declarant
WHERE phone IS NOT NULL OR email IS NOT NULL OR address IS NOT NULL OR declarant IS NOT NULL
WITH since, e, history, collect(d.key) AS records, min(phone.value) AS new_phone,
     min(email.value) AS new_email, min(address.value) AS new_address,
     min(declarant.name) AS new_broker,
     min(CASE WHEN NOT left(d.hs_code, 2) IN chapters THEN left(d.hs_code, 2) END) AS new_chapter,
     min(CASE WHEN NOT d.office IN offices THEN d.office END) AS new_office
WITH since, e, history, records, new_phone, new_email, new_address, new_broker, new_chapter,
     new_office,
     CASE WHEN new_phone IS NULL THEN 0 ELSE 1 END + CASE WHEN new_email IS NULL THEN 0 ELSE 1 END
     + CASE WHEN new_address IS NULL THEN 0 ELSE 1 END
     + CASE WHEN new_broker IS NULL THEN 0 ELSE 1 END AS identity
WHERE identity >= $min_changes
RETURN [e.key] AS entities, records,
       (identity + CASE WHEN new_chapter IS NULL THEN 0 ELSE 1 END
        + CASE WHEN new_office IS NULL THEN 0 ELSE 1 END) / 6.0 AS score,
       e.name AS importer, history, since, size(records) AS declarations,
       CASE WHEN new_phone IS NULL THEN '' ELSE 'new phone ' + new_phone + '; ' END
       + CASE WHEN new_email IS NULL THEN '' ELSE 'new e-mail ' + new_email + '; ' END
       + CASE WHEN new_address IS NULL THEN '' ELSE 'new address ' + new_address + '; ' END
       + CASE WHEN new_broker IS NULL THEN '' ELSE 'new broker ' + new_broker + '; ' END
       + CASE WHEN new_chapter IS NULL THEN '' ELSE 'new HS chapter ' + new_chapter + '; ' END
       + CASE WHEN new_office IS NULL THEN '' ELSE 'new office ' + new_office END AS changes
ORDER BY score DESC, importer
