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
MATCH (d:Declaration)-[held:HAS_PHONE|HAS_EMAIL]->(via)
WHERE held.role = 'importer'
MATCH (d)-[tax:HAS_IDENTIFIER]->(code:Identifier)
WHERE tax.role = 'importer' AND code.key STARTS WITH 'tax:'
MATCH (d)-[:IMPORTER]->(e:Entity)
WITH via, collect(DISTINCT code.value) AS tax_codes, collect(DISTINCT e.key) AS entities,
     collect(DISTINCT d.key) AS declarations
WHERE size(tax_codes) >= $min_importers
// related importers count once: keep those with no related member of a smaller key
UNWIND entities AS member
MATCH (m:Entity {key: member})
WHERE NOT EXISTS {
        MATCH (m)<-[:RESOLVES_TO]-(:CompanyRecord|PersonRecord)-[owns:HAS_ROLE]-(:CompanyRecord)
              -[:RESOLVES_TO]->(other:Entity)
        WHERE owns.role IN $related_roles AND other.key IN entities AND other.key < member }
  AND NOT EXISTS {
        MATCH (m)<-[:RESOLVES_TO]-(:CompanyRecord)<-[one:HAS_ROLE]-(:CompanyRecord|PersonRecord)
              -[two:HAS_ROLE]->(:CompanyRecord)-[:RESOLVES_TO]->(other:Entity)
        WHERE one.role IN $related_roles AND two.role IN $related_roles
          AND other.key IN entities AND other.key < member }
  // the same officer written by two records (Neo4j never walks one relationship twice in a
  // pattern, so the one-record case above is needed as well)
  AND NOT EXISTS {
        MATCH (m)<-[:RESOLVES_TO]-(:CompanyRecord)<-[one:HAS_ROLE]-(:CompanyRecord|PersonRecord)
              -[:RESOLVES_TO]->(:Entity)<-[:RESOLVES_TO]-(:CompanyRecord|PersonRecord)
              -[two:HAS_ROLE]->(:CompanyRecord)-[:RESOLVES_TO]->(other:Entity)
        WHERE one.role IN $related_roles AND two.role IN $related_roles
          AND other.key IN entities AND other.key < member }
WITH via, tax_codes, entities, declarations, count(m) AS unrelated
WHERE unrelated >= $min_importers
OPTIONAL MATCH (c:CompanyRecord)-[:HAS_PHONE|HAS_EMAIL]->(via)
WITH via, tax_codes, entities, declarations, unrelated, collect(DISTINCT c.key) AS companies
RETURN entities, declarations + companies AS records,
       1.0 - 1.0 / unrelated AS score,
       via.value AS contact, size(tax_codes) AS importers, unrelated, tax_codes
ORDER BY score DESC, contact
