"""The loader's second process: normalises the addresses and phones it is sent.

Run by loaders/normalised_ahead.py as `python -m loaders.normaliser_worker`; reads pickled
(addresses, phones) requests on stdin until it closes, answers each on stdout in order.
Only the loader's own process writes to it.
"""

from __future__ import annotations

import pickle
import sys

from resolvers import normalise


def main() -> None:
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            addresses, phones = pickle.load(requests)
        except EOFError:
            return
        pickle.dump(([normalise.address_key(a) for a in addresses],
                     [normalise.phone(p, c) for p, c in phones]), answers, protocol=5)
        answers.flush()


if __name__ == "__main__":
    main()
