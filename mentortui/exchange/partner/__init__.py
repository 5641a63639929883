"""Partner exchange (issue #20): mentor and mentee each keep their own workbook and merge
the part they share through files (an invite, then changes), with no server."""

from mentortui.exchange.partner.actions import (
    AlreadyPaired,
    Applied,
    Exported,
    Incoming,
    NotPaired,
    PartnerStatus,
    PreviewOutdated,
    accept,
    apply_changes,
    export_changes,
    invite,
    pairing_code,
    partner_status,
    read_changes,
    unpair,
)
from mentortui.exchange.partner.envelope import PartnerFileRefused

__all__ = [
    "AlreadyPaired",
    "Applied",
    "Exported",
    "Incoming",
    "NotPaired",
    "PartnerFileRefused",
    "PartnerStatus",
    "PreviewOutdated",
    "accept",
    "apply_changes",
    "export_changes",
    "invite",
    "pairing_code",
    "partner_status",
    "read_changes",
    "unpair",
]
