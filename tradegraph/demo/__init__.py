"""Deterministic demo data: partner-agency batches, reference data and ground truth.

    summary = generate(out_dir, seed=7, scale=1.0, patterns=True)

writes, under out_dir:

    batches/<source>/source.yaml + tables   customs-registry, tax-authority,
                                            business-registry (JSON Lines),
                                            customs-declarations, sanctions, police
    reference/                              fx_rates, trade_remedies, registered_agents
    truth/resolution.csv                    source,record_id,role,entity_id per mention
    truth/patterns.json                     planted typology instances and their evidence
    truth/decoys.json                       registered agents: shell-cluster false alarms
    truth/lookalikes.csv                    distinct companies with (nearly) the same name

Record ids: CR-C-n (customs registry), TX-C/P/R-n (tax), BR-C/P/R-n (business registry),
CD-nnnnnnn-ii (declaration number and goods item), SL-n (sanctions), PC-n (police cases).
True party ids: Cnnnnnn for companies, Pnnnnnn for persons.
"""

from __future__ import annotations

from .generator import generate

__all__ = ["generate"]
