// name: shared-contact
// title: Unrelated importers sharing a phone or e-mail
// description: >
//   A phone number or e-mail address (after normalisation) declared for at least
//   min_importers importers with different tax codes and no ownership or director path
//   between them: one hidden controller behind several fronts. Importers that are openly
//   related (one holds one of related_roles in the other, or a person or company holds one
//   of them in both) count once, since a group sharing its switchboard is no secret.
//   Registry records carrying the same contact are added as evidence.
// typology: shared-contact
// severity: medium
// timeout: 10
// parameters:
//   min_importers: {type: int, default: 2, help: Fewest unrelated importers (distinct tax codes) sharing one contact}
//   related_roles: {type: "list[string]", default: [director, legal_representative, shareholder, beneficial_owner], help: "Roles that make two importers related (';'-separated)"}
// reason: "{importers} importers with different tax codes ({tax_codes}), {unrelated} of them with no ownership or director link, declared contact {contact}"

// contacts of at least min_importers entities first (a cheap pass: at least as many entities
// as unrelated importers are needed), then their tax codes and declarations
// A variant for Neo4j: the contacts' declarations and their importers come from scans of
// the relationship types joined on the declaration; expanding each of the 205,000
// declarations walks all its relationships. IMPORTER leaves only declarations.
MATCH (via)<-[held:HAS_PHONE|HAS_EMAIL]-(d)-[:IMPORTER]->(e)
USING JOIN ON d
WHERE held.role = 'importer'
WITH via, count(DISTINCT e) AS importers
WHERE importers >= $min_importers
MATCH (via)<-[held:HAS_PHONE|HAS_EMAIL]-(d:Declaration)
WHERE held.role = 'importer'
MATCH (d)-[tax:HAS_IDENTIFIER]->(code:Identifier)
WHERE tax.role = 'importer' AND code.key STARTS WITH 'tax:'
MATCH (d)-[:IMPORTER]->(e:Entity)
WITH via, collect(DISTINCT code.value) AS tax_codes, collect(DISTINCT e.key) AS entities,
     collect(DISTINCT d.key) AS declarations
WHERE size(tax_codes) >= $min_importers
// related importers count once: keep those with no related member of a smaller key. Each
// member's ties are walked one hop per MATCH from its own records (LadybugDB plans a whole
// path from full scans of every role and link otherwise) and counted as they are found
UNWIND entities AS member
MATCH (m:Entity {key: member})
OPTIONAL MATCH (m)<-[:RESOLVES_TO]-(mine:CompanyRecord|PersonRecord)
WITH via, tax_codes, entities, declarations, member, mine
// one holds a role in the other
OPTIONAL MATCH (mine)-[owns:HAS_ROLE]-(theirs:CompanyRecord)
WHERE owns.role IN $related_roles
WITH via, tax_codes, entities, declarations, member, mine, theirs
OPTIONAL MATCH (theirs)-[:RESOLVES_TO]->(other:Entity)
WHERE other.key IN entities AND other.key < member
WITH via, tax_codes, entities, declarations, member, mine, count(other) AS owned
// a person or company holds roles in both, written by one record ...
OPTIONAL MATCH (mine)<-[one:HAS_ROLE]-(holder:CompanyRecord|PersonRecord)
WHERE one.role IN $related_roles
WITH via, tax_codes, entities, declarations, member, owned, holder
OPTIONAL MATCH (holder)-[two:HAS_ROLE]->(held:CompanyRecord)
WHERE two.role IN $related_roles
WITH via, tax_codes, entities, declarations, member, owned, holder, held
OPTIONAL MATCH (held)-[:RESOLVES_TO]->(other:Entity)
WITH via, tax_codes, entities, declarations, member, owned, holder,
     count(CASE WHEN other.key IN entities AND other.key < member THEN 1 END) AS shared
// ... or by two records of one resolved party
OPTIONAL MATCH (holder)-[:RESOLVES_TO]->(party:Entity)
WITH via, tax_codes, entities, declarations, member, owned, shared, party
OPTIONAL MATCH (party)<-[:RESOLVES_TO]-(alias:CompanyRecord|PersonRecord)
WITH via, tax_codes, entities, declarations, member, owned, shared, alias
OPTIONAL MATCH (alias)-[two:HAS_ROLE]->(held:CompanyRecord)
WHERE two.role IN $related_roles
WITH via, tax_codes, entities, declarations, member, owned, shared, held
OPTIONAL MATCH (held)-[:RESOLVES_TO]->(other:Entity)
WITH via, tax_codes, entities, declarations, member, owned + shared AS ties,
     count(CASE WHEN other.key IN entities AND other.key < member THEN 1 END) AS aliased
WITH via, tax_codes, entities, declarations, member, sum(ties + aliased) AS ties
WITH via, tax_codes, entities, declarations, count(CASE WHEN ties = 0 THEN member END) AS unrelated
WHERE unrelated >= $min_importers
OPTIONAL MATCH (c:CompanyRecord)-[:HAS_PHONE|HAS_EMAIL]->(via)
WITH via, tax_codes, entities, declarations, unrelated, collect(DISTINCT c.key) AS companies
RETURN entities, declarations + companies AS records,
       1.0 - 1.0 / unrelated AS score,
       via.value AS contact, size(tax_codes) AS importers, unrelated, tax_codes
ORDER BY score DESC, contact
