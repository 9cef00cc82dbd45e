"""Addresses and phones normalised ahead in a worker process: the same answers as the
normalisers, the same graph as a load without the worker, and no loss if the worker dies."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from graph.ladybug_store import LadybugStore
from loaders import normalised_ahead
from loaders.batch import open_batch
from loaders.ingest import ingest_batches
from loaders.normalised_ahead import NormalisedAhead
from resolvers import normalise
from tests.graph_dump import dump
from tradegraph.cli import batch_folders

ADDRESSES = ["Số 73/29 Đường Láng Hạ, Phường Ô Chợ Dừa, Quận Đống Đa, Thành phố Hà Nội",
             "73/29 D. LANG HA, P. O CHO DUA, Q. DONG DA, TP. HA NOI", "", None,
             "Industriestraße 5, 20095 Hamburg"]
PHONES = [("0901 234 567", "VN"), ("84283822 1234", None), ("0065 6613 1523", "SG"),
          ("+86-755 8888 1234", "CN"), ("12", "VN"), (None, "VN"), ("090.123.4567", None)]


def declarations(count: int, offset: int = 0) -> dict[str, pa.Array]:
    """Typed declaration columns naming `count` distinct addresses and phones."""
    rows = range(offset, offset + count)
    addresses = [f"{i} {ADDRESSES[i % 2]}" for i in rows] + ADDRESSES
    phones = [(f"0901 {i:06d}", "VN") for i in rows] + PHONES
    size = len(addresses) + len(phones)
    column = lambda values: pa.array(values + [None] * (size - len(values)), pa.string())  # noqa: E731
    return {"importer_name": pa.array(["Minh Phat"] * size), "importer_tax_id": column([]),
            "importer_address": column(addresses),
            "importer_phone": column([None] * len(addresses) + [p for p, _ in phones]),
            "importer_country": column([None] * len(addresses) + [c for _, c in phones]),
            "importer_email": column([]), "exporter_name": column([]),
            "exporter_address": column([]), "exporter_country": column([]),
            "declarant_name": column([]), "declarant_tax_id": column([])}


def test_the_worker_answers_as_the_normalisers_do() -> None:
    ahead = NormalisedAhead()
    if not ahead.enabled:
        pytest.skip("one core: no worker is started")
    try:
        ahead.ahead("declarations", declarations(3_000))
        ahead.ahead("declarations", declarations(3_000, offset=2_000))
        assert ahead._worker is not None
        for i in range(5_000):
            address = f"{i} {ADDRESSES[i % 2]}"
            assert ahead.address_key(address) == normalise.address_key(address)
            assert ahead.phone(f"0901 {i:06d}", "VN") == normalise.phone(f"0901 {i:06d}", "VN")
        for given in ADDRESSES:
            assert ahead.address_key(given) == normalise.address_key(given)
        for phone, country in PHONES:
            assert ahead.phone(phone, country) == normalise.phone(phone, country)
        assert len(ahead.addresses) >= 5_000  # answered by the worker, not made here
    finally:
        ahead.close()


def test_a_dead_worker_loses_nothing() -> None:
    ahead = NormalisedAhead()
    if not ahead.enabled:
        pytest.skip("one core: no worker is started")
    try:
        ahead.ahead("declarations", declarations(3_000))
        assert ahead._worker is not None
        ahead._worker.kill()
        ahead._worker.wait()
        ahead.ahead("declarations", declarations(3_000, offset=3_000))  # cannot be sent
        for i in range(6_000):
            address = f"{i} {ADDRESSES[i % 2]}"
            assert ahead.address_key(address) == normalise.address_key(address)
            assert ahead.phone(f"0901 {i:06d}", "VN") == normalise.phone(f"0901 {i:06d}", "VN")
    finally:
        ahead.close()


def test_a_load_with_the_worker_is_a_load_without_it(tmp_path: Path, demo_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalised_ahead, "MIN_VALUES", 0)  # small demo data: start it anyway
    started = []
    start = NormalisedAhead._start

    def counted(self: NormalisedAhead) -> object:
        started.append(self)
        return start(self)

    monkeypatch.setattr(NormalisedAhead, "_start", counted)
    graphs = []
    for worker in (True, False):
        store = LadybugStore(tmp_path / f"db-{worker}")
        store.setup_schema()
        batches = [open_batch(f) for f in batch_folders([demo_dir / "batches"])]
        ingest_batches(store, batches, report_dir=tmp_path / "reports", chunk=500,
                       worker=worker)
        graphs.append(dump(store))
        store.close()
    if NormalisedAhead().enabled:
        assert started
    assert graphs[0] == graphs[1]
