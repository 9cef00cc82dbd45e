"""A bulk writer that writes on a thread of its own, for servers reached over the network.

A Neo4j load otherwise alternates: the client builds a chunk while the server
waits, then the server writes it while the client waits. Here the client builds
the next chunk while one thread sends the last ones, in order (nodes before the
relationships that need them), at most `depth` flushes ahead so memory stays bounded.
Once a write fails, nothing after it is written and the failure is raised.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

from graph.store import BulkWriter, GraphStore, Row

Nodes = dict[str, list[Row]]
Rels = dict[tuple[str, str, str], list[Row]]


class PipelinedWriter(BulkWriter):
    def __init__(self, store: GraphStore, batch_rows: int = 20_000, depth: int = 2) -> None:
        super().__init__(store, batch_rows)
        self._depth = depth
        self._pending: deque[Future[None]] = deque()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-writer")
        self._failed = False

    def flush(self) -> None:
        nodes, rels = self._take()
        if not nodes and not rels:
            return
        while len(self._pending) >= self._depth:
            self._pending.popleft().result()  # a failed write stops the load here
        self._pending.append(self._thread.submit(self._write_in_order, nodes, rels))

    def _write_in_order(self, nodes: Nodes, rels: Rels) -> None:
        if self._failed:
            return
        try:
            self._write(nodes, rels)
        except BaseException:
            self._failed = True
            raise

    def wait(self) -> None:
        """Return once everything flushed so far is written; raise what a write raised."""
        while self._pending:
            self._pending.popleft().result()

    def __exit__(self, kind: object, *exc: object) -> None:
        try:
            if kind is None:
                self.flush()
                self.wait()
        finally:
            self._failed = True  # the load failed or is done: nothing queued is written now
            self._thread.shutdown(wait=True)
