"""Resolve new or changed mentions against the last run's entities, ending where a full run would.

A full run's clustering of one component (rows joined by pairs that could link, or by a
judgement) never looks outside it, so a new batch changes only the components it touches.
An incremental run reads the saved state (resolvers/state.py) and the new or changed
records, and re-resolves exactly the rows a full run could decide differently:
- the components of rows whose mentions changed, and of rows a new row could link to;
- the components of every row holding a blocking key whose count crossed its cap (pairs
  appear or vanish there);
- the components of kept pairs that the new prior or term frequencies move across a
  threshold, or whose order among their component's links they change;
- the components joined to those by a judgement.
Those rows are resolved as a table of their own, with the whole's blocking counts, prior and
term frequencies; their old entities, links and review pairs are replaced. When the term
frequencies move further than the pairs kept can vouch for, the run is not incremental.
"""

from __future__ import annotations

import json

from graph.schema import RESOLVER_RUN
from graph.store import GraphStore
from resolvers import state
from resolvers.incremental import arrived, part, reach, write_back
from resolvers.incremental.change import Change
from resolvers.model import Settings
from resolvers.rebuild import Resolution


def resolve_incremental(store: GraphStore, settings: Settings) -> Resolution | str:
    """Resolve what arrived since the last run; the reason it cannot when it cannot."""
    if settings.across:
        return "a model linking two files is always run in full"
    found = state.load(store.state_folder())
    was = state.saved_format(store.state_folder())
    if found is None and was is not None:
        return (f"the saved state is of format {was}, this version writes {state.FORMAT} "
                "(links carry an evidence code): a full run writes it anew")
    run = store.query(f"MATCH (r:{RESOLVER_RUN} {{key: 'latest'}}) RETURN r.ran_at AS at, "
                      "r.model_version AS version, r.frequencies AS frequencies")
    if found is None or not run or run[0]["at"] != found.ran_at:
        return "no saved state of the last run"
    if found.meta["model_version"] != settings.version or \
            found.meta["kinds"] != state.key_kinds(settings):
        return "the model changed since the last run"
    frequencies = run[0]["frequencies"]
    change = Change(store, settings, found, json.loads(frequencies) if frequencies else {},
                    {name: found.marks[name].to_numpy(zero_copy_only=False)
                     for name in ("live", "own", "component", "cluster")})
    touched = arrived.arrivals(change)
    read = len(change.incoming)
    lost = arrived.deleted(change)
    if lost > 0:
        return (f"{lost:,} mentions were deleted from the store since the last run: a full "
                "run finds what they held together")
    if lost < 0:
        return f"the store holds {-lost:,} mentions the last run did not see"
    reached = reach.rows_to_resolve(change, touched)
    if isinstance(reached, str):
        return reached
    rows, context = reached
    return write_back.write(change, part.resolve_part(change, rows, context), read)
