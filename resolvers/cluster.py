"""Clusters of mentions from pairwise links, guarded against joining distinct parties.

A cluster remembers the tax codes of its members; two clusters holding different
tax codes are different legal persons, so a weak link between them is refused
rather than letting one chain merge an innocent trader into another's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Clusters:
    _parent: dict[str, str] = field(default_factory=dict)
    _taxes: dict[str, frozenset[str]] = field(default_factory=dict)
    reason: dict[str, str] = field(default_factory=dict)  # mention -> why it joined
    refused: int = 0

    def add(self, item: str, tax: str | None) -> None:
        self._parent.setdefault(item, item)
        self._taxes.setdefault(item, frozenset({tax}) if tax else frozenset())

    def find(self, item: str) -> str:
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:  # path compression
            self._parent[item], item = root, self._parent[item]
        return root

    def link(self, a: str, b: str, why: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ta, tb = self._taxes[ra], self._taxes[rb]
        if ta and tb and not ta & tb:
            self.refused += 1
            return False
        if rb < ra:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._taxes[ra] = ta | tb
        self.reason.setdefault(b, why)
        return True

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for item in self._parent:
            out.setdefault(self.find(item), []).append(item)
        return out
