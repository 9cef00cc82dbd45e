"""Planting instances of each suspicious-network typology into the demo world."""

from __future__ import annotations

from .base import TYPOLOGIES, Planter
from .network import plant_broker_hub, plant_sanctions_proximity, plant_seizure_proximity
from .registry import (
    plant_phoenix,
    plant_shared_contact,
    plant_shared_director,
    plant_shell_cluster,
)
from .trade import (
    plant_circular_trade,
    plant_identity_change,
    plant_new_high_volume,
    plant_origin_laundering,
    plant_related_party_undervaluation,
    plant_split_shipments,
    plant_undervaluation,
)

# broker-hub goes last: it re-routes declarations of importers planted by the others.
PLANTERS = (
    plant_shell_cluster, plant_shared_contact, plant_shared_director, plant_phoenix,
    plant_circular_trade, plant_origin_laundering, plant_undervaluation,
    plant_related_party_undervaluation, plant_split_shipments, plant_sanctions_proximity,
    plant_seizure_proximity, plant_new_high_volume, plant_identity_change, plant_broker_hub,
)


def plant_all(planter: Planter) -> None:
    for plant in PLANTERS:
        plant(planter)


__all__ = ["TYPOLOGIES", "Planter", "plant_all"]
