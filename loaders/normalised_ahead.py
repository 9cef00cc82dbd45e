"""Addresses and phones of the next chunk, normalised on the second core meanwhile.

After the column work, half of a load's Python time is normalising each distinct address
and phone once (scale 10: 61,387 addresses and 46,168 phones, about 6 of 13 CPU s), and
the engine sits idle until the end. So a load of thousands of rows on a machine of two
or more cores sends each chunk's distinct values to a worker process as soon as the chunk
is read, and takes the answers when it writes the chunk, one chunk later. The worker is a
fresh interpreter (`python -m loaders.normaliser_worker`), not a fork: it holds none of
the store's files, so a load killed half way leaves no process keeping the store locked.
Should the worker fail, the values are normalised here: the graph is the same either way.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from loaders.party_columns import Normalisers, dear_values
from resolvers import normalise

# Below this many distinct values in a chunk, starting a worker costs more than it saves.
MIN_VALUES = 2_000
# Answers kept for later chunks; beyond this many, the oldest load's answers are dropped.
MAX_KEPT = 500_000
Phone = tuple[str | None, str | None]


def second_core() -> bool:
    return len(os.sched_getaffinity(0)) >= 2 if hasattr(os, "sched_getaffinity") \
        else (os.cpu_count() or 1) >= 2


class NormalisedAhead(Normalisers):
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and second_core()
        self.addresses: dict[str | None, str | None] = {}
        self.phones: dict[Phone, str | None] = {}
        self._owed_addresses: set[str | None] = set()
        self._owed_phones: set[Phone] = set()
        self._asked: deque[tuple[list[str | None], list[Phone]]] = deque()
        self._answers: queue.Queue[Any] = queue.Queue()
        self._questions: queue.Queue[Any] = queue.Queue()
        self._worker: subprocess.Popen[bytes] | None = None
        self._gone = False  # the worker stopped answering

    def ahead(self, kind: str, typed: dict[str, pa.Array]) -> None:
        """Send the chunk's values not yet known or asked for to the worker."""
        if not self.enabled:
            return
        if not self._asked and len(self.addresses) + len(self.phones) > MAX_KEPT:
            self.addresses, self.phones = {}, {}
        addresses, phones = dear_values(kind, typed)
        addresses = [a for a in addresses
                     if a not in self.addresses and a not in self._owed_addresses]
        phones = [p for p in phones if p not in self.phones and p not in self._owed_phones]
        if self._worker is None and len(addresses) + len(phones) < MIN_VALUES:
            return
        if self._worker is None and not self._start():
            return
        self._questions.put((addresses, phones))
        self._asked.append((addresses, phones))
        self._owed_addresses.update(addresses)
        self._owed_phones.update(phones)

    def address_key(self, value: str | None) -> str | None:
        while value in self._owed_addresses:
            self._take_answer()
        if value in self.addresses:
            return self.addresses[value]
        return normalise.address_key(value)

    def phone(self, value: str | None, country: str | None) -> str | None:
        pair = (value, country)
        while pair in self._owed_phones:
            self._take_answer()
        if pair in self.phones:
            return self.phones[pair]
        return normalise.phone(value, country)

    def close(self) -> None:
        worker, self._worker, self.enabled = self._worker, None, False
        if worker is None:
            return
        self._questions.put(None)  # the sender closes the worker's input: it ends
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    def _start(self) -> bool:
        root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [root, *filter(None, [os.environ.get("PYTHONPATH")])])}
        try:
            worker = subprocess.Popen([sys.executable, "-m", "loaders.normaliser_worker"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except OSError:
            self.enabled = False
            return False
        assert worker.stdin is not None and worker.stdout is not None
        # Questions and answers each go through a thread of their own: written from the
        # loading thread, a question bigger than the pipe would hold it until the worker
        # had answered the last one, and a worker blocked writing an answer nobody reads
        # would never read the next question.
        threading.Thread(target=_send_questions, args=(self._questions, worker.stdin),
                         daemon=True).start()
        threading.Thread(target=_read_answers, args=(worker.stdout, self._answers),
                         daemon=True).start()
        self._worker = worker
        return True

    def _take_answer(self) -> None:
        addresses, phones = self._asked.popleft()
        answer = None if self._gone else self._answers.get()
        if answer is None:  # the worker is gone: what it owed is made here
            self._gone, self.enabled = True, False
            answer = ([normalise.address_key(a) for a in addresses],
                      [normalise.phone(p, c) for p, c in phones])
        self.addresses.update(zip(addresses, answer[0], strict=True))
        self.phones.update(zip(phones, answer[1], strict=True))
        self._owed_addresses.difference_update(addresses)
        self._owed_phones.difference_update(phones)


def _send_questions(questions: queue.Queue[Any], stream: IO[bytes]) -> None:
    try:
        while (question := questions.get()) is not None:
            pickle.dump(question, stream, protocol=5)
            stream.flush()
    except OSError:
        pass  # the worker is gone; the reader tells the loader
    finally:
        try:
            stream.close()
        except OSError:
            pass


def _read_answers(stream: IO[bytes], answers: queue.Queue[Any]) -> None:
    while True:
        try:
            answers.put(pickle.load(stream))
        except (EOFError, OSError, pickle.UnpicklingError):
            answers.put(None)
            return
