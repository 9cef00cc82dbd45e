// name: phoenix
// title: A deregistered importer reborn as a new company
// description: >
//   A company is deregistered (or suspended, with a date), and a new company registered
//   within window_days of that date, with the same director, legal representative or owner,
//   or the same registered address or phone, imports the same HS chapters. Debts and records
//   stay with the dead company. Registered agents' addresses (reference data) do not count
//   as a shared address. Evidence: both companies' registry records, the role records of
//   the shared person, and the declarations of both in the shared chapters.
// typology: phoenix
// severity: high
// timeout: 10
// parameters:
//   window_days: {type: days, default: 60, help: Days between the deregistration and the new company's registration}
// reason: "{old_name} deregistered {died}; {new_name} registered {born} with the same {shared}; both import HS {chapter}{more}"
MATCH (dead:CompanyRecord)-[:RESOLVES_TO]->(old:Entity)
WHERE dead.status IN ['deregistered', 'suspended'] AND dead.deregistered_on IS NOT NULL
WITH old, max(dead.deregistered_on) AS died
// successors: companies sharing a person, an address or a phone with the dead one
// (one hop per MATCH: LadybugDB plans the whole path from full scans otherwise)
OPTIONAL MATCH (old)<-[:RESOLVES_TO]-(:CompanyRecord)<-[was:HAS_ROLE]-(officer:PersonRecord)
WHERE was.role <> 'contact'
WITH old, died, officer
OPTIONAL MATCH (officer)-[:RESOLVES_TO]->(person:Entity)
WITH old, died, person
OPTIONAL MATCH (person)<-[:RESOLVES_TO]-(:PersonRecord)-[is:HAS_ROLE]->(company:CompanyRecord)
WHERE is.role <> 'contact'
WITH old, died, company
OPTIONAL MATCH (company)-[:RESOLVES_TO]->(heir:Entity)
WHERE heir <> old
WITH old, died, collect(DISTINCT heir.key) AS by_person
OPTIONAL MATCH (old)<-[:RESOLVES_TO]-(:CompanyRecord)-[:HAS_ADDRESS]->(place:Address)
WHERE NOT EXISTS { MATCH (place)-[:REGISTERED_AGENT]->(:RegisteredAgent) }
WITH old, died, by_person, place
OPTIONAL MATCH (place)<-[:HAS_ADDRESS]-(:CompanyRecord)-[:RESOLVES_TO]->(heir:Entity)
WHERE heir <> old
WITH old, died, by_person, collect(DISTINCT heir.key) AS by_address
OPTIONAL MATCH (old)<-[:RESOLVES_TO]-(:CompanyRecord)-[:HAS_PHONE]->(phone:Phone)
WITH old, died, by_person, by_address, phone
OPTIONAL MATCH (phone)<-[:HAS_PHONE]-(:CompanyRecord)-[:RESOLVES_TO]->(heir:Entity)
WHERE heir <> old
WITH old, died, by_person, by_address, collect(DISTINCT heir.key) AS by_phone
UNWIND by_person + by_address + by_phone AS successor
WITH old, died, successor,
     max(CASE WHEN successor IN by_person THEN 1 ELSE 0 END) AS same_person,
     max(CASE WHEN successor IN by_address THEN 1 ELSE 0 END) AS same_address,
     max(CASE WHEN successor IN by_phone THEN 1 ELSE 0 END) AS same_phone
MATCH (reborn:Entity)
WHERE reborn.key = successor
MATCH (registration:CompanyRecord)-[:RESOLVES_TO]->(reborn)
WITH old, died, reborn, same_person, same_address, same_phone, min(registration.registered_on) AS born
WHERE born >= died - $window_days AND born <= died + $window_days
// ... importing what the dead company imported
MATCH (before:Declaration)-[:IMPORTER]->(old)
WITH old, died, reborn, born, same_person, same_address, same_phone,
     collect(DISTINCT left(before.hs_code, 2)) AS old_chapters
MATCH (after:Declaration)-[:IMPORTER]->(reborn)
WHERE left(after.hs_code, 2) IN old_chapters
WITH old, died, reborn, born, same_person, same_address, same_phone,
     collect(DISTINCT left(after.hs_code, 2)) AS chapters, min(left(after.hs_code, 2)) AS chapter,
     collect(after.key) AS later
MATCH (before:Declaration)-[:IMPORTER]->(old)
WHERE left(before.hs_code, 2) IN chapters
WITH old, died, reborn, born, chapters, chapter, later, collect(before.key) AS earlier,
     CASE WHEN same_person = 1 THEN ['person'] ELSE [] END
     + CASE WHEN same_address = 1 THEN ['address'] ELSE [] END
     + CASE WHEN same_phone = 1 THEN ['phone'] ELSE [] END AS shared
UNWIND [old.key, reborn.key] AS company_key
MATCH (registered:CompanyRecord)-[:RESOLVES_TO]->(company:Entity)
WHERE company.key = company_key
WITH old, died, reborn, born, chapters, chapter, later, earlier, shared,
     collect(registered.key) AS registry
// the role records of the person behind both, when that is the link
OPTIONAL MATCH (old)<-[:RESOLVES_TO]-(:CompanyRecord)<-[was:HAS_ROLE]-(:PersonRecord)
      -[:RESOLVES_TO]->(:Entity)<-[:RESOLVES_TO]-(:PersonRecord)-[is:HAS_ROLE]->(:CompanyRecord)
      -[:RESOLVES_TO]->(reborn)
WHERE was.role <> 'contact' AND is.role <> 'contact'
WITH old, died, reborn, born, chapters, chapter, later, earlier, shared, registry,
     collect(DISTINCT was.record) + collect(DISTINCT is.record) AS roles
RETURN [old.key, reborn.key] AS entities, registry + roles + earlier + later AS records,
       0.5 + 0.5 * size(shared) / 3.0 AS score,
       old.name AS old_name, died, reborn.name AS new_name, born, shared,
       chapter,
       CASE size(chapters) WHEN 1 THEN '' ELSE ' and other chapters' END AS more
ORDER BY score DESC, died
