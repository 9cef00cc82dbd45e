// identity-change on Neo4j: the same findings as identity-change.cypher; only the passes
// that pick the known importers and count their new contact details differ
MATCH (latest:Declaration)
WITH max(latest.date) AS newest
WITH newest - $recent_days AS since
// Neo4j reads a declaration's whole relationship chain for each type it expands: start
// from the recent declarations (a date index seek), count the history of their importers
// only, and ask of each recent detail whether an earlier declaration had it
MATCH (d:Declaration)
WHERE d.date >= since
MATCH (d)-[:IMPORTER]->(e:Entity)
WITH since, e, collect(d) AS recent
// every declaration has a date (the contribution format requires it), so the earlier ones
// are the importer's degree less the recent ones (only declarations have IMPORTER
// relationships): a degree is read from the node, not walked
WITH since, e, recent, COUNT { (e)<-[:IMPORTER]-() } - size(recent) AS history
WHERE history >= $min_history
UNWIND recent AS x
OPTIONAL MATCH (x)-[h:HAS_PHONE|HAS_EMAIL|HAS_ADDRESS]->(detail)
WHERE h.role = 'importer'
WITH DISTINCT since, e, detail
WITH since, e, count(CASE WHEN detail IS NOT NULL AND NOT EXISTS {
       MATCH (e)<-[:IMPORTER]-(old:Declaration)-[o:HAS_PHONE|HAS_EMAIL|HAS_ADDRESS]->(detail)
       WHERE old.date < since AND o.role = 'importer' } THEN 1 END) AS contacts
WHERE contacts + 1 >= $min_changes
// an importer declaring its own goods uses no broker
OPTIONAL MATCH (e)<-[:IMPORTER]-(x:Declaration)-[:DECLARANT]->(broker:Entity)
WHERE broker.key <> e.key
WITH since, e, contacts, broker, min(x.date) AS first
WITH since, e, contacts, count(CASE WHEN first >= since THEN 1 END) AS brokers
WHERE contacts + brokers >= $min_changes AND contacts + brokers > 0
WITH since, e
// the few importers left: which details are new, by kind
OPTIONAL MATCH (e)<-[:IMPORTER]-(x:Declaration)-[h:HAS_EMAIL]->(email:Email)
WHERE h.role = 'importer'
WITH since, e, email, min(x.date) AS first
WITH since, e, collect(CASE WHEN first >= since THEN email.key END) AS emails
OPTIONAL MATCH (e)<-[:IMPORTER]-(x:Declaration)-[h:HAS_PHONE]->(phone:Phone)
WHERE h.role = 'importer'
WITH since, e, emails, phone, min(x.date) AS first
WITH since, e, emails, collect(CASE WHEN first >= since THEN phone.key END) AS phones
OPTIONAL MATCH (e)<-[:IMPORTER]-(x:Declaration)-[h:HAS_ADDRESS]->(address:Address)
WHERE h.role = 'importer'
WITH since, e, phones, emails, address, min(x.date) AS first
WITH since, e, phones, emails, collect(CASE WHEN first >= since THEN address.key END) AS addresses
OPTIONAL MATCH (e)<-[:IMPORTER]-(x:Declaration)-[:DECLARANT]->(declarant:Entity)
WHERE declarant.key <> e.key
WITH since, e, phones, emails, addresses, declarant, min(x.date) AS first
WITH since, e, phones, emails, addresses,
     collect(CASE WHEN first >= since THEN declarant.key END) AS declarants
// ... and not on its registry records
OPTIONAL MATCH (e)<-[:RESOLVES_TO]-(:CompanyRecord)-[:HAS_PHONE]->(held:Phone)
WITH since, e, phones, emails, addresses, declarants, collect(held.key) AS registered_phones
OPTIONAL MATCH (e)<-[:RESOLVES_TO]-(:CompanyRecord)-[:HAS_EMAIL]->(held:Email)
WITH since, e, phones, emails, addresses, declarants, registered_phones,
     collect(held.key) AS registered_emails
OPTIONAL MATCH (e)<-[:RESOLVES_TO]-(:CompanyRecord)-[:HAS_ADDRESS]->(held:Address)
WITH since, e, phones, emails, addresses, declarants, registered_phones, registered_emails,
     collect(held.key) AS registered_addresses
MATCH (e)<-[:IMPORTER]-(old:Declaration)
WHERE old.date < since
WITH since, e, phones, emails, addresses, declarants, registered_phones, registered_emails,
     registered_addresses, count(old) AS history,
     collect(DISTINCT left(old.hs_code, 2)) AS chapters, collect(DISTINCT old.office) AS offices
MATCH (e)<-[:IMPORTER]-(d:Declaration)
WHERE d.date >= since
OPTIONAL MATCH (d)-[hp:HAS_PHONE]->(phone:Phone)
WHERE hp.role = 'importer' AND phone.key IN phones AND NOT phone.key IN registered_phones
OPTIONAL MATCH (d)-[he:HAS_EMAIL]->(email:Email)
WHERE he.role = 'importer' AND email.key IN emails AND NOT email.key IN registered_emails
OPTIONAL MATCH (d)-[ha:HAS_ADDRESS]->(address:Address)
WHERE ha.role = 'importer' AND address.key IN addresses
  AND NOT address.key IN registered_addresses
OPTIONAL MATCH (d)-[:DECLARANT]->(declarant:Entity)
WHERE declarant.key IN declarants
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
