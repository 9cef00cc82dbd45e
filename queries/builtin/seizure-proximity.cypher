// name: seizure-proximity
// title: Importers sharing a director, address, phone or supplier with a party in an enforcement case
// description: >
//   An importer tied to a party named in an enforcement case whose outcome is one of
//   outcomes (seizures, penalties, prosecutions): a person who is an officer (one of roles)
//   of both, or the named person being the importer's officer; the same address or phone on
//   their registry records (or the case's own party address); or the exporter of the
//   consignment the case cites, when that exporter ships to at most max_partner_customers
//   importers (a big manufacturer's customers are not one network). Addresses and phones
//   shared by more than max_sharing companies (business centres, registered agents) are
//   skipped. Score: 0.9 shared officer, 0.8 phone, 0.7 address, 0.6 supplier.
// typology: seizure-proximity
// severity: high
// timeout: 10
// parameters:
//   outcomes: {type: "list[string]", default: [seized, fined, prosecuted], help: "Case outcomes that count (';'-separated)"}
//   roles: {type: "list[string]", default: [director, legal_representative, shareholder, beneficial_owner], help: "Roles that make a person an officer (';'-separated)"}
//   max_partner_customers: {type: int, default: 2, help: Most importers the seized consignment's exporter may ship to}
//   max_sharing: {type: int, default: 10, help: Addresses or phones of more companies than this are skipped}
// reason: "{importer} shares {link} {via} with {named}, named in case {case_ids} ({offence}, {outcome})"

// a person who is an officer of both
MATCH (c:EnforcementCase)-[:PARTY]->(party:Entity)
WHERE c.outcome IN $outcomes
WITH party, collect(c.key) AS cases, collect(c.record_id) AS case_ids, min(c.offence) AS offence,
     min(c.outcome) AS outcome
// one hop per MATCH: LadybugDB plans the whole path from a full HAS_ROLE scan otherwise
MATCH (party)<-[:RESOLVES_TO]-(pc:CompanyRecord)
WITH party, cases, case_ids, offence, outcome, pc
MATCH (pc)<-[r1:HAS_ROLE]-(pp:PersonRecord)
WHERE r1.role IN $roles
WITH party, cases, case_ids, offence, outcome, pp, r1.record AS role1
MATCH (pp)-[:RESOLVES_TO]->(officer:Entity)
WITH party, cases, case_ids, offence, outcome, officer, collect(DISTINCT role1) AS first
MATCH (officer)<-[:RESOLVES_TO]-(op:PersonRecord)
WITH party, cases, case_ids, offence, outcome, officer, first, op
MATCH (op)-[r2:HAS_ROLE]->(tc:CompanyRecord)
WHERE r2.role IN $roles
WITH party, cases, case_ids, offence, outcome, officer, first, tc, r2.record AS role2
MATCH (tc)-[:RESOLVES_TO]->(target:Entity)
WHERE target.key <> party.key AND EXISTS { MATCH (target)<-[:IMPORTER]-(:Declaration) }
WITH party, cases, case_ids, offence, outcome, officer, first, target, collect(DISTINCT role2) AS second
RETURN [target.key, party.key, officer.key] AS entities, cases + first + second AS records,
       0.9 AS score, target.name AS importer, party.name AS named, case_ids, offence, outcome,
       'officer' AS link, officer.name AS via
UNION
// the named person is an officer of the importer
MATCH (c:EnforcementCase)-[:PARTY]->(party:Entity)
WHERE c.outcome IN $outcomes
WITH party, collect(c.key) AS cases, collect(c.record_id) AS case_ids, min(c.offence) AS offence,
     min(c.outcome) AS outcome
MATCH (party)<-[:RESOLVES_TO]-(:PersonRecord)-[r:HAS_ROLE]->(company:CompanyRecord)
WHERE r.role IN $roles
WITH party, cases, case_ids, offence, outcome, company, r.record AS link, r.role AS role
MATCH (company)-[:RESOLVES_TO]->(target:Entity)
WHERE target.key <> party.key
WITH party, cases, case_ids, offence, outcome, target, collect(DISTINCT link) AS links, min(role) AS role
// whether it imports, asked of the few targets left rather than of every company
WHERE EXISTS { MATCH (target)<-[:IMPORTER]-(:Declaration) }
RETURN [target.key, party.key] AS entities, cases + links AS records,
       0.9 AS score, target.name AS importer, party.name AS named, case_ids,
       offence, outcome, 'officer' AS link, party.name + ' (' + role + ')' AS via
UNION
// the same phone
MATCH (c:EnforcementCase)-[:PARTY]->(party:Entity)
WHERE c.outcome IN $outcomes
WITH party, collect(c.key) AS cases, collect(c.record_id) AS case_ids, min(c.offence) AS offence,
     min(c.outcome) AS outcome
MATCH (party)<-[:RESOLVES_TO|PARTY]-(:CompanyRecord|EnforcementCase)-[:HAS_PHONE]->(a:Phone)
WITH party, cases, case_ids, offence, outcome, collect(DISTINCT a.key) AS held
UNWIND held AS held_key
// one pass over the companies holding it: how many they are, and which
MATCH (a:Phone {key: held_key})<-[:HAS_PHONE]-(mine:CompanyRecord)-[:RESOLVES_TO]->(sharer:Entity)
WITH party, cases, case_ids, offence, outcome, held_key, a.value AS shared,
     count(DISTINCT sharer) AS sharers, collect({record: mine.key, entity: sharer.key}) AS holders
WHERE sharers <= $max_sharing
UNWIND holders AS holder
WITH party, cases, case_ids, offence, outcome, shared, holder.record AS mine,
     holder.entity AS target_key
MATCH (target:Entity {key: target_key})
WHERE target.key <> party.key AND EXISTS { MATCH (target)<-[:IMPORTER]-(:Declaration) }
WITH party, cases, case_ids, offence, outcome, target, min(shared) AS shared,
     collect(DISTINCT mine) AS mine
RETURN [target.key, party.key] AS entities, cases + mine AS records,
       0.8 AS score, target.name AS importer, party.name AS named, case_ids,
       offence, outcome, 'phone' AS link, shared AS via
UNION
// the same address
MATCH (c:EnforcementCase)-[:PARTY]->(party:Entity)
WHERE c.outcome IN $outcomes
WITH party, collect(c.key) AS cases, collect(c.record_id) AS case_ids, min(c.offence) AS offence,
     min(c.outcome) AS outcome
MATCH (party)<-[:RESOLVES_TO|PARTY]-(:CompanyRecord|EnforcementCase)-[:HAS_ADDRESS]->(a:Address)
WITH party, cases, case_ids, offence, outcome, collect(DISTINCT a.key) AS held
UNWIND held AS held_key
// one pass over the companies holding it: how many they are, and which
MATCH (a:Address {key: held_key})<-[:HAS_ADDRESS]-(mine:CompanyRecord)-[:RESOLVES_TO]->(sharer:Entity)
WITH party, cases, case_ids, offence, outcome, held_key, a.value AS shared,
     count(DISTINCT sharer) AS sharers, collect({record: mine.key, entity: sharer.key}) AS holders
WHERE sharers <= $max_sharing
UNWIND holders AS holder
WITH party, cases, case_ids, offence, outcome, shared, holder.record AS mine,
     holder.entity AS target_key
MATCH (target:Entity {key: target_key})
WHERE target.key <> party.key AND EXISTS { MATCH (target)<-[:IMPORTER]-(:Declaration) }
WITH party, cases, case_ids, offence, outcome, target, min(shared) AS shared,
     collect(DISTINCT mine) AS mine
RETURN [target.key, party.key] AS entities, cases + mine AS records,
       0.7 AS score, target.name AS importer, party.name AS named, case_ids,
       offence, outcome, 'address' AS link, shared AS via
UNION
// the exporter of the consignment the case cites
// from the few cited declarations (seeking them by key) to their exporters with few customers,
// then back to the cases citing them
MATCH (c:EnforcementCase)
WHERE c.outcome IN $outcomes AND c.declaration_record_id IS NOT NULL
WITH DISTINCT c.declaration_record_id AS cited_id
MATCH (source:Source)
WITH source.key + ':' + cited_id AS cited_key
MATCH (seized:Declaration {key: cited_key})-[:EXPORTER]->(partner:Entity)
WITH DISTINCT partner
MATCH (partner)<-[:EXPORTER]-(sold:Declaration)-[:IMPORTER]->(customer:Entity)
WITH partner, count(DISTINCT customer) AS customers
WHERE customers <= $max_partner_customers
MATCH (partner)<-[:EXPORTER]-(seized:Declaration)
WITH partner, seized
MATCH (c:EnforcementCase)
WHERE c.declaration_record_id = seized.record_id AND c.outcome IN $outcomes
WITH partner, seized, c
MATCH (c)-[:PARTY]->(party:Entity)
WITH partner, party, collect(DISTINCT seized.key) AS seized
MATCH (c:EnforcementCase)-[:PARTY]->(party)
WHERE c.outcome IN $outcomes
WITH partner, party, seized, collect(c.key) AS cases, collect(c.record_id) AS case_ids,
     min(c.offence) AS offence, min(c.outcome) AS outcome
MATCH (partner)<-[:EXPORTER]-(d:Declaration)-[:IMPORTER]->(target:Entity)
WHERE target.key <> party.key
WITH party, cases, case_ids, offence, outcome, partner, seized, target, collect(d.key) AS bought
RETURN [target.key, party.key] AS entities, cases + seized + bought AS records,
       0.6 AS score, target.name AS importer, party.name AS named, case_ids,
       offence, outcome, 'supplier' AS link, partner.name AS via
