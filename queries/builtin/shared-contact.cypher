// name: shared-contact
// title: Importers with different tax codes sharing a phone or e-mail
// description: >
//   A phone number or e-mail address (after normalisation) declared for importers with
//   at least min_importers different tax codes: one hidden controller behind several fronts.
//   Registry records carrying the same contact are added as evidence. Ownership and director
//   links between the importers are not yet ruled out (that needs resolved entities).
// typology: shared-contact
// severity: medium
// timeout: 10
// parameters:
//   min_importers: {type: int, default: 2, help: Fewest importers (distinct tax codes) sharing one contact}
// reason: "{importers} importers with different tax codes ({tax_codes}) declared contact {contact}"
MATCH (d:Declaration)-[held:HAS_PHONE|HAS_EMAIL]->(via)
WHERE held.role = 'importer'
MATCH (d)-[tax:HAS_IDENTIFIER]->(code:Identifier)
WHERE tax.role = 'importer' AND code.key STARTS WITH 'tax:'
MATCH (d)-[:IMPORTER]->(e:Entity)
WITH via, collect(DISTINCT code.value) AS tax_codes, collect(DISTINCT e.key) AS entities,
     collect(DISTINCT d.key) AS declarations
WHERE size(tax_codes) >= $min_importers
OPTIONAL MATCH (c:CompanyRecord)-[:HAS_PHONE|HAS_EMAIL]->(via)
WITH via, tax_codes, entities, declarations, collect(DISTINCT c.key) AS companies
RETURN entities, declarations + companies AS records,
       1.0 - 1.0 / size(tax_codes) AS score,
       via.value AS contact, size(tax_codes) AS importers, tax_codes
ORDER BY score DESC, contact
