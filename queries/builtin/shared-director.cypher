// name: shared-director
// title: One person directs or owns several unrelated importers
// description: >
//   A person (resolved across registries) is director, legal representative, shareholder or
//   beneficial owner of at least min_companies importers that otherwise look unrelated: the
//   companies are kept only when none of them shares a registered address with another
//   (many companies at one address is the shell-cluster pattern, not this one). The role
//   records and one declaration per importer are the evidence.
// typology: shared-director
// severity: medium
// timeout: 10
// parameters:
//   min_companies: {type: int, default: 3, help: Fewest unrelated importers held by one person}
// reason: "{holder} is {roles_held} of {companies} importers that share no address, e.g. {example}"
MATCH (held:PersonRecord)-[role:HAS_ROLE]->(:CompanyRecord)-[:RESOLVES_TO]->(company:Entity)
WHERE role.role IN ['director', 'legal_representative', 'shareholder', 'beneficial_owner']
  AND EXISTS { MATCH (company)<-[:IMPORTER]-(:Declaration) }
MATCH (held)-[:RESOLVES_TO]->(person:Entity)
// the role records are kept from this one walk over the roles, for the evidence below
WITH person, collect(DISTINCT company.key) AS companies,
     collect({company: company.key, record: role.record, title: role.role}) AS held_roles
WHERE size(companies) >= $min_companies
// companies sharing an address with another of them are a shell cluster, not unrelated fronts
UNWIND companies AS member
MATCH (company:Entity {key: member})
WHERE NOT EXISTS {
  MATCH (company)<-[:RESOLVES_TO]-(:CompanyRecord)-[:HAS_ADDRESS]->(:Address)
        <-[:HAS_ADDRESS]-(:CompanyRecord)-[:RESOLVES_TO]->(other:Entity)
  WHERE other.key IN companies AND other.key <> member }
WITH person, held_roles, collect(company.key) AS unrelated
WHERE size(unrelated) >= $min_companies
UNWIND held_roles AS role
WITH person, unrelated, role
WHERE role.company IN unrelated
WITH person, unrelated, collect(DISTINCT role.record) AS roles,
     collect(DISTINCT role.title) AS titles
// one declaration per importer shows it imports (each company looked up by key: a seek)
UNWIND unrelated AS member
MATCH (company:Entity)
WHERE company.key = member
MATCH (declaration:Declaration)-[:IMPORTER]->(company)
WITH person, unrelated, roles, titles, company, min(declaration.key) AS sample
WITH person, unrelated, roles, titles, min(company.name) AS example,
     collect(sample) AS samples
RETURN [person.key] + unrelated AS entities, roles + samples AS records,
       1.0 - 1.0 / size(unrelated) AS score,
       person.name AS holder, size(unrelated) AS companies, example,
       // the titles in a fixed order, so the reason reads the same on every engine
       CASE WHEN 'director' IN titles THEN ['director'] ELSE [] END
       + CASE WHEN 'legal_representative' IN titles THEN ['legal representative'] ELSE [] END
       + CASE WHEN 'shareholder' IN titles THEN ['shareholder'] ELSE [] END
       + CASE WHEN 'beneficial_owner' IN titles THEN ['beneficial owner'] ELSE [] END
         AS roles_held
ORDER BY score DESC, holder
