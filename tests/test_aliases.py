"""Aliases: a party a watchlist or registry also names otherwise is resolved through them.

typologies.md's sanctions-proximity asks for parties "resolved to a listed name or alias":
a list often writes a person in another order or script than the registers do and gives
the registers' spelling only as an alias.
"""

from __future__ import annotations

import csv
from pathlib import Path

from graph.records import Mention
from graph.store import GraphStore
from loaders.ingest import ingest
from resolvers import model
from resolvers.explain import explain
from resolvers.keys import keys_of
from resolvers.linker import link
from resolvers.mentions import PartyMention
from resolvers.profiles import table_of
from resolvers.rebuild import resolve
from tests.corpus import csv_text, write_batch
from tests.test_resolve import predicted
from tests.test_store_contract import load_all

WATCHLIST = ["record_id", "name", "aliases", "entity_type", "country", "birth_date",
             "program", "listed_on"]
SANCTIONS_YAML = ("id: test-sanctions\nname: Test sanctions list\nagency_type: sanctions\n"
                  "visibility: shared\n")


def _party(record: str, kind: str, name: str, birth: str, *aliases: str) -> PartyMention:
    source, record_id = record.split(":")
    return PartyMention(record, source, record_id, kind,
                        Mention("", "person", name, country="RU", aliases=aliases), birth)


def _background(n: int) -> list[PartyMention]:
    """Other people, so the model's prior is that of a realistic table, not of three rows."""
    return [_party(f"r:b{i}", "persons", f"Person{i} Background{i % 97}",
                   f"19{50 + i % 40}-0{1 + i % 9}-1{i % 9}") for i in range(n)]


def test_a_listed_person_known_to_the_register_only_by_an_alias_is_linked() -> None:
    parties = [_party("s:1", "watchlist", "Petrov Ivan Sergeevich", "1970-03-02",
                      "Ivan Smirnov", "Vanya Smirnoff"),
               _party("r:1", "persons", "Ivan Smirnov", "1970-03-02"),
               _party("r:2", "persons", "Ivan Smirnov", "1982-11-21"), *_background(3000)]
    linkage = link(table_of([keys_of(p) for p in parties]), model.load())
    labels = linkage.clusters.labels
    assert labels[0] == labels[1], "the alias and the birth date agree"
    assert labels[0] != labels[2], "a namesake born another day stays apart"
    pair = next(i for i in range(len(linkage.left))
                if {int(linkage.left[i]), int(linkage.right[i])} == {0, 1})
    assert linkage.breakdown(pair)["aliases"] == ["Ivan Smirnov", None]


def test_without_the_alias_nothing_ties_the_listed_name_to_the_register() -> None:
    parties = [_party("s:1", "watchlist", "Petrov Ivan Sergeevich", "1970-03-02"),
               _party("r:1", "persons", "Ivan Smirnov", "1970-03-02"), *_background(3000)]
    labels = link(table_of([keys_of(p) for p in parties]), model.load()).clusters.labels
    assert labels[0] != labels[1]


def _a_registered_person(demo: Path) -> dict[str, str]:
    with (demo / "batches" / "tax-authority" / "persons.csv").open(encoding="utf-8") as f:
        return next(row for row in csv.DictReader(f) if row["birth_date"] and row["name"])


def _watchlist(root: Path, person: dict[str, str]) -> Path:
    country = person["nationality"]
    rows = [["SL-A1", "Zakharov Timur Olegovich", f"{person['name']};T. Zakharov", "person",
             country, person["birth_date"], "TEST-1", "2024-01-01"],
            ["SL-A2", "Kuznetsov Artem", person["name"], "person", country, "1901-01-01",
             "TEST-1", "2024-01-01"]]
    return write_batch(root, "sanctions-aliases", {"watchlist.csv": csv_text(WATCHLIST, rows)},
                       SANCTIONS_YAML)


def test_the_store_resolves_a_listed_alias_incrementally_as_in_full(
        store: GraphStore, demo_dir: Path, tmp_path: Path) -> None:
    load_all(store, demo_dir)
    resolve(store)
    person = _a_registered_person(demo_dir)
    ingest(store, _watchlist(tmp_path, person))
    resolve(store, full=False)  # the new batch only: incremental
    incremental = predicted(store)
    registered = incremental[("tax-authority", person["record_id"], "")]
    assert incremental[("test-sanctions", "SL-A1", "")] == registered
    assert incremental[("test-sanctions", "SL-A2", "")] != registered, \
        "the alias alone, born another day, is not the registered person"
    why = explain(store, "test-sanctions:SL-A1", f"tax-authority:{person['record_id']}")
    name = next(step for step in why.steps if step.comparison == "name")
    assert name.level == "exact" and "alias" in str(name.left)
    assert why.same_entity and "alias" in str(why.evidence[0]) + str(why.evidence[1])
    resolve(store)
    assert _partition(predicted(store)) == _partition(incremental)


def _partition(entities: dict[tuple[str, str, str], str]) -> set[frozenset[tuple[str, str, str]]]:
    groups: dict[str, set[tuple[str, str, str]]] = {}
    for mention, entity in entities.items():
        groups.setdefault(entity, set()).add(mention)
    return {frozenset(g) for g in groups.values()}
