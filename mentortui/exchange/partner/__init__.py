"""Partner exchange (issue #20): mentor and mentee each keep their own workbook and merge
the part they share through files (an invite, then changes), with no server.

The names below are loaded on first use: the merge engine brings pycrdt (~50 ms to import),
which a screen that only asks whether a relationship is paired must not pay."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mentortui.data.partner_links import partner_link

if TYPE_CHECKING:
    from mentortui.data.store import Store
    from mentortui.exchange.partner.actions import PartnerStatus

_FROM_ACTIONS = (
    "AlreadyPaired",
    "Applied",
    "Exported",
    "Incoming",
    "NotPaired",
    "PartnerStatus",
    "PreviewOutdated",
    "accept",
    "apply_changes",
    "export_changes",
    "invite",
    "pairing_code",
    "read_changes",
    "unpair",
)
_FROM_ENVELOPE = ("PartnerFileRefused",)

__all__ = [*_FROM_ACTIONS, *_FROM_ENVELOPE, "partner_status"]


def partner_status(store: Store, relationship_id: int) -> PartnerStatus | None:
    """Where the pairing stands, or None when the relationship is not paired (known without
    loading the engine)."""
    if partner_link(store, relationship_id) is None:
        return None
    from mentortui.exchange.partner import actions

    return actions.partner_status(store, relationship_id)


def __getattr__(name: str) -> Any:
    if name in _FROM_ACTIONS:
        return getattr(importlib.import_module("mentortui.exchange.partner.actions"), name)
    if name in _FROM_ENVELOPE:
        return getattr(importlib.import_module("mentortui.exchange.partner.envelope"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
